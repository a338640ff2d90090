//! Entry points shared by the libFuzzer targets (`fuzz_targets/`) and the
//! stable-Rust smoke test (`tests/smoke.rs`).
//!
//! Each entry point takes arbitrary bytes, as a peer could send them, and
//! drives the sans-IO parser of `ferromq-zmtp` the way the engine does.
//! A panic anywhere is a finding: either inside `ferromq-zmtp` (a crash a
//! peer can trigger) or in one of the `assert!`s below (a broken invariant:
//! the answer depends on how the bytes were split into reads, or a decoded
//! value does not survive an encode/decode round trip).

#![forbid(unsafe_code)]

pub mod curve;
pub mod drive;
pub mod pair;
pub mod plain;
pub mod seeds;
pub mod socks;
pub mod util;
pub mod ws;
pub mod zapctl;

pub use curve::fuzz_curve;
pub use plain::fuzz_plain;
pub use socks::fuzz_socks;
pub use ws::fuzz_ws;

use drive::{Driver, State};
use ferromq_zmtp::command::{self, Command};
use ferromq_zmtp::frame;
use ferromq_zmtp::greeting::{self, GREETING_LEN};
use ferromq_zmtp::handshake::{Handshake, Peer};
use ferromq_zmtp::legacy::{self, Framing};
use ferromq_zmtp::mechanism::null::Null;
use ferromq_zmtp::metadata::Properties;
use ferromq_zmtp::{ProtocolError, SocketType};
use util::{tail_seed, Chunker};
use zapctl::ZapPlan;

/// Socket types the handshake target plays. Together they accept every
/// peer type libzmq has, so a READY naming any type can complete.
pub const HANDSHAKE_TYPES: [SocketType; 6] = [
    SocketType::Pull,
    SocketType::Router,
    SocketType::Pub,
    SocketType::XSub,
    SocketType::Req,
    SocketType::Pair,
];

/// Frames decoded after the handshake stop after this many, to keep one
/// execution short on large inputs.
const MAX_FRAMES: usize = 4096;

/// Splits `data` into reads: 0 = in one piece, 1 = byte by byte, other
/// values = sizes from a xorshift generator seeded with `seed`.
fn chunks(data: &[u8], mode: u32, seed: u32) -> Vec<&[u8]> {
    match mode {
        0 => Chunker::Whole.split(data),
        1 => Chunker::Bytewise.split(data),
        _ => Chunker::random(seed, 80).split(data),
    }
}

/// Runs one NULL handshake as `socket_type` over `pieces`, the ZAP
/// handler (asked only with `zap_domain`) answering by `zap`. With
/// `legacy`, ZMTP 1.0/2.0 peers are spoken to (`Some(false)`) or refused
/// as libzmq does with security on (`Some(true)`).
fn run_handshake(
    socket_type: SocketType,
    max_msg: Option<u64>,
    zap_domain: Option<bool>,
    zap: ZapPlan,
    legacy: Option<bool>,
    pieces: &[&[u8]],
) -> Driver {
    let props = Handshake::properties_for(socket_type, b"fz", &[]);
    let null = match zap_domain {
        None => Null::new(props),
        Some(enforce) => Null::with_zap(props, true, enforce),
    };
    let mut hs = Handshake::new(socket_type, Box::new(null), 2, max_msg);
    if let Some(security) = legacy {
        hs.enable_legacy(b"fz", security);
    }
    let d = drive::run(hs, zap, pieces);
    if zap_domain.is_none() {
        assert!(d.zap_reqs.is_empty(), "NULL asked ZAP without a domain");
    }
    d
}

/// Checks what a completed handshake reports against the peer's READY.
fn check_peer(socket_type: SocketType, peer: &Peer) {
    if let Some(t) = peer.socket_type {
        assert!(
            socket_type.accepts_peer(t),
            "{socket_type:?} accepted a {t:?} peer"
        );
    }
    // Names are stored as (lossy) UTF-8; a name that grew past 255 bytes in
    // that conversion cannot be re-encoded as it is, so skip those.
    if peer.properties.iter().all(|(n, _)| n.len() <= 255) {
        let mut enc = Vec::new();
        peer.properties.encode(&mut enc);
        let again = Properties::parse(&enc).expect("our own encoding parses");
        assert_eq!(again, peer.properties, "metadata round trip");
    }
}

/// Decodes frames the way the engine does after the handshake: header,
/// then body; commands parsed (and their metadata, for READY). Returns
/// how many frames were complete.
pub fn decode_frames(mut buf: &[u8], max_msg: Option<u64>) -> usize {
    let mut n = 0;
    while n < MAX_FRAMES {
        let h = match frame::parse_header(buf, max_msg) {
            Ok(Some(h)) => h,
            Ok(None) => break,
            Err(e) => {
                assert_eq!(e, ProtocolError::MessageTooLarge);
                break;
            }
        };
        assert!(h.header_len == 2 || h.header_len == 9);
        assert!(h.size <= i64::MAX as u64);
        if let Some(m) = max_msg {
            assert!(h.size <= m, "frame over the limit accepted");
        }
        check_header_round_trip(h);
        // The body: never trust the size beyond what the buffer holds.
        let Some(total) = (h.header_len as u64).checked_add(h.size) else {
            break;
        };
        if total > buf.len() as u64 {
            break;
        }
        let total = total as usize;
        let body = &buf[h.header_len..total];
        if h.command() {
            check_command(body);
        }
        buf = &buf[total..];
        n += 1;
    }
    n
}

/// Decodes frames as the engine does after a ZMTP 1.0/2.0 handshake.
/// Returns how many frames were complete.
pub fn decode_legacy_frames(mut buf: &[u8], framing: Framing, max_msg: Option<u64>) -> usize {
    let mut n = 0;
    while n < MAX_FRAMES {
        let h = match legacy::parse_header(framing, buf, max_msg) {
            Ok(Some(h)) => h,
            Ok(None) => break,
            Err(e) => {
                assert!(
                    e == ProtocolError::MessageTooLarge
                        || (framing == Framing::V1 && e == ProtocolError::MalformedFrame),
                    "{framing:?}: unexpected {e:?}"
                );
                break;
            }
        };
        match framing {
            Framing::V1 => {
                assert!(h.header_len == 2 || h.header_len == 10);
                assert_eq!(h.flags & !frame::FLAG_MORE, 0, "V1 keeps only MORE");
            }
            Framing::V2 => assert!(h.header_len == 2 || h.header_len == 9),
        }
        assert!(h.size <= i64::MAX as u64);
        if let Some(m) = max_msg {
            assert!(h.size <= m, "frame over the limit accepted");
        }
        if !h.command() {
            if let Ok(size) = usize::try_from(h.size) {
                let mut enc = [0u8; legacy::MAX_HEADER_LEN];
                let k = legacy::encode_header(framing, h.more(), size, &mut enc);
                let back = legacy::parse_header(framing, &enc[..k], None)
                    .expect("our own header parses")
                    .expect("our own header is complete");
                assert_eq!((back.size, back.more()), (h.size, h.more()));
            }
        }
        let Some(total) = (h.header_len as u64).checked_add(h.size) else {
            break;
        };
        if total > buf.len() as u64 {
            break;
        }
        buf = &buf[total as usize..];
        n += 1;
    }
    n
}

/// encode_header(parse_header(x)) parses back to the same size and flags.
fn check_header_round_trip(h: frame::FrameHeader) {
    let Ok(size) = usize::try_from(h.size) else {
        return;
    };
    let mut enc = [0u8; frame::MAX_HEADER_LEN];
    let n = frame::encode_header(h.more(), h.command(), size, &mut enc);
    let back = frame::parse_header(&enc[..n], None)
        .expect("our own header parses")
        .expect("our own header is complete");
    assert_eq!(back.size, h.size);
    assert_eq!(back.more(), h.more());
    assert_eq!(back.command(), h.command());
    assert_eq!(back.header_len, n);
}

/// Parses a command body and checks what the parser hands back.
pub fn check_command(body: &[u8]) {
    let split = command::split(body);
    match command::parse(body) {
        Ok(cmd) => {
            let (name, data) = split.expect("parse accepted what split refused");
            assert!(!name.is_empty() && name.len() <= 255);
            assert_eq!(1 + name.len() + data.len(), body.len());
            match cmd {
                Command::Ready(meta) => {
                    assert_eq!(meta, data);
                    check_metadata(meta);
                }
                Command::Ping { context, .. } => {
                    assert!(context.len() <= command::PING_MAX_CONTEXT);
                }
                Command::Error(reason) => assert!(reason.len() <= 255),
                Command::Other { name: n, data: d } => {
                    assert_eq!((n, d), (name, data));
                }
                Command::Subscribe(t) | Command::Cancel(t) | Command::Pong(t) => {
                    assert_eq!(t, data);
                }
                Command::Join(g) | Command::Leave(g) => {
                    assert_eq!(g, data);
                    assert!(g.len() <= command::GROUP_MAX_LENGTH);
                }
            }
            // Re-encoding the same name and data gives back the same body.
            let mut enc = Vec::new();
            command::put(&mut enc, name, &[data]);
            let h = frame::parse_header(&enc, None).unwrap().unwrap();
            assert_eq!(&enc[h.header_len..], body);
        }
        Err(e) => {
            assert!(matches!(
                e,
                ProtocolError::MalformedCommand | ProtocolError::MalformedError
            ));
        }
    }
}

/// Parses a metadata block; when every name is UTF-8, encoding the result
/// must give back the input byte for byte.
pub fn check_metadata(data: &[u8]) {
    if let Ok(p) = Properties::parse(data) {
        let mut enc = Vec::new();
        p.encode(&mut enc);
        let names_utf8 = names_are_utf8(data);
        if names_utf8 {
            assert_eq!(enc, data, "metadata round trip");
        }
        let again = Properties::parse(&enc).expect("our own encoding parses");
        // A name that is not UTF-8 is stored lossily (U+FFFD, 3 bytes per
        // bad byte) and may grow past the 255 bytes encode() keeps.
        if p.iter().all(|(n, _)| n.len() <= 255) {
            assert_eq!(again, p);
        }
        for (name, _) in p.iter() {
            assert!(p.get(name).is_some());
        }
    }
}

/// Whether every property name in a well-formed block is valid UTF-8.
fn names_are_utf8(mut data: &[u8]) -> bool {
    while let Some(&nl) = data.first() {
        let nl = usize::from(nl);
        let Some(name) = data.get(1..1 + nl) else {
            return false;
        };
        if std::str::from_utf8(name).is_err() {
            return false;
        }
        let Some(len) = data.get(1 + nl..5 + nl) else {
            return false;
        };
        let vl = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
        let Some(rest) = data.get(5 + nl..) else {
            return false;
        };
        if rest.len() < vl {
            return false;
        }
        data = &rest[vl..];
    }
    true
}

/// The `handshake` target: the bytes are what a peer sends from its first
/// byte on. For a few socket types and three ways of splitting the input
/// into reads, run the handshake; the outcome and our output must not
/// depend on the splitting. After a completed handshake, decode the rest
/// as frames.
pub fn fuzz_handshake(data: &[u8]) {
    // The splitting seed, the ZMQ_MAXMSGSIZE and the ZAP options come from
    // the input's tail, so that the fuzzer can steer them without
    // disturbing a greeting at the front.
    let seed = tail_seed(data);
    let max_msg = match data.last().map(|b| b % 4) {
        Some(1) => Some(0),
        Some(2) => Some(64),
        Some(3) => Some(u64::from(seed) % 4096),
        _ => None,
    };
    let no_zap = ZapPlan::from_byte(0);
    for (i, &t) in HANDSHAKE_TYPES.iter().enumerate() {
        let whole = run_handshake(t, max_msg, None, no_zap, None, &chunks(data, 0, 0));
        // Bytewise splitting is costly on big inputs: do it for the first
        // type only, random splits for the rest.
        let other_mode = if i == 0 { 1 } else { 2 };
        let split = run_handshake(
            t,
            max_msg,
            None,
            no_zap,
            None,
            &chunks(data, other_mode, seed.wrapping_add(i as u32)),
        );
        whole.assert_same(&split, &format!("{t:?}"));
        check_null(t, &whole, max_msg);
    }
    // NULL with a ZAP domain (ZMQ_ZAP_DOMAIN): one more type, with the ZAP
    // handler's answer (or its absence, with or without
    // ZMQ_ZAP_ENFORCE_DOMAIN) from the third- and second-last bytes.
    let n = data.len();
    let opts = if n >= 3 { data[n - 3] } else { 0 };
    let zap = ZapPlan::from_byte(if n >= 2 { data[n - 2] } else { 0 });
    let t = HANDSHAKE_TYPES[usize::from(opts % 6)];
    let enforce = opts & 0x80 != 0;
    let whole = run_handshake(t, max_msg, Some(enforce), zap, None, &chunks(data, 0, 0));
    let split = run_handshake(
        t,
        max_msg,
        Some(enforce),
        zap,
        None,
        &chunks(data, 2, !seed),
    );
    whole.assert_same(&split, &format!("{t:?} with ZAP"));
    if let State::Ready(_) = whole.state {
        assert_eq!(
            whole.zap_reqs.len(),
            1,
            "NULL with a domain did not ask ZAP"
        );
    }
    for req in &whole.zap_reqs {
        assert_eq!(req.mechanism, "NULL");
        assert!(req.credentials.is_empty());
    }
    check_null(t, &whole, max_msg);
    fuzz_legacy_handshake(data, opts, seed, max_msg);
}

/// The socket type and security of the legacy run, from the third-last
/// byte of a handshake input: type `(b >> 3) % 6`, security if `b & 0x40`.
fn legacy_opts(opts: u8) -> (SocketType, bool) {
    (
        HANDSHAKE_TYPES[usize::from((opts >> 3) % 6)],
        opts & 0x40 != 0,
    )
}

/// How the legacy run of the `handshake` target ends for `data` (read in
/// one piece, ZMQ_MAXMSGSIZE unset): for tests of the seeds.
pub fn legacy_outcome(data: &[u8]) -> State {
    let n = data.len();
    let (t, security) = legacy_opts(if n >= 3 { data[n - 3] } else { 0 });
    let no_zap = ZapPlan::from_byte(0);
    run_handshake(t, None, None, no_zap, Some(security), &chunks(data, 0, 0)).state
}

/// Old peers (ZMTP 1.0 and 2.0) enabled, as the engine runs the handshake:
/// the type and whether security refuses them from `opts`.
fn fuzz_legacy_handshake(data: &[u8], opts: u8, seed: u32, max_msg: Option<u64>) {
    let (t, security) = legacy_opts(opts);
    let no_zap = ZapPlan::from_byte(0);
    let whole = run_handshake(
        t,
        max_msg,
        None,
        no_zap,
        Some(security),
        &chunks(data, 0, 0),
    );
    let split = run_handshake(
        t,
        max_msg,
        None,
        no_zap,
        Some(security),
        &chunks(data, 2, seed.rotate_left(7)),
    );
    whole.assert_same(&split, &format!("{t:?} with old peers"));
    if let State::Ready(peer) = &whole.state {
        match peer.legacy() {
            Some(framing) => {
                assert!(!security, "an old peer passed a socket with security");
                assert!(peer.properties.is_empty() && peer.socket_type.is_none());
                assert!(!peer.is_v31());
                assert!(peer.identity.len() as u64 <= ferromq_zmtp::handshake::MAX_HANDSHAKE_FRAME);
                decode_legacy_frames(&whole.inbuf, framing, max_msg);
            }
            None => check_null(t, &whole, max_msg),
        }
    }
}

/// After a NULL run: our output, the peer, and the frames that follow.
fn check_null(t: SocketType, d: &Driver, max_msg: Option<u64>) {
    d.check("NULL", &[command::READY, command::ERROR]);
    if let State::Ready(peer) = &d.state {
        check_peer(t, peer);
        decode_frames(&d.inbuf, max_msg);
    }
}

/// The `udp` target: RADIO/DISH datagrams (`[group length][group][body]`)
/// from arbitrary bytes; what parses re-encodes to the same bytes.
pub fn fuzz_udp(data: &[u8]) {
    use ferromq_zmtp::udp;
    match udp::parse_datagram(data) {
        Ok((group, body)) => {
            assert!(group.len() <= 255);
            assert_eq!(1 + group.len() + body.len(), data.len());
            assert!(data.len() <= udp::MAX_DATAGRAM);
            let mut out = Vec::new();
            udp::encode_datagram(group, body, &mut out).expect("what parsed encodes");
            assert_eq!(out, data);
        }
        Err(_) => {
            assert!(
                data.is_empty()
                    || data.len() > udp::MAX_DATAGRAM
                    || usize::from(data[0]) >= data.len()
            );
        }
    }
    // The same bytes as a JOIN / LEAVE command body.
    for name in [&b"\x04JOIN"[..], b"\x05LEAVE"] {
        let mut body = name.to_vec();
        body.extend_from_slice(&data[..data.len().min(300)]);
        check_command(&body);
    }
}

/// The `frames` target: frame headers, command bodies and metadata blocks
/// parsed straight from arbitrary bytes.
pub fn fuzz_frames(data: &[u8]) {
    let first = data.first().copied().unwrap_or(0);
    let max_msg = match first % 4 {
        0 => None,
        1 => Some(0),
        2 => Some(255),
        _ => Some(u64::from(first) * 16),
    };
    decode_frames(data, max_msg);
    decode_frames(data, None);
    // Every suffix start as a header, bounded.
    for i in 0..data.len().min(64) {
        let _ = frame::parse_header(&data[i..], max_msg);
    }
    check_command(data);
    check_metadata(data);
    if data.len() >= GREETING_LEN {
        let mut g = [0u8; GREETING_LEN];
        g.copy_from_slice(&data[..GREETING_LEN]);
        if let Ok(d) = greeting::decode(&g) {
            assert!(d.major >= 2);
            assert!(d.mechanism.len() <= greeting::MECHANISM_LEN);
        }
    }
    let _ = greeting::check_prefix(&data[..data.len().min(GREETING_LEN)]);
    let _ = greeting::detect(data);
    // The same bytes as ZMTP 1.0 and 2.0 frames.
    decode_legacy_frames(data, Framing::V1, max_msg);
    decode_legacy_frames(data, Framing::V2, max_msg);
    for i in 0..data.len().min(64) {
        let _ = legacy::parse_header(Framing::V1, &data[i..], max_msg);
    }
}
