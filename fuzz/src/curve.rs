//! The `curve` target: `CurveServer` and `CurveClient` (RFC 25/26) under
//! fuzz, with fixed long-term keys and seeded RNGs so that every run is
//! deterministic.
//!
//! Two modes, by the first byte of the input:
//!
//! - `0xFF` (a greeting): **raw**. The input is the peer's stream from its
//!   first byte; a server and a client each read it (in one piece and cut
//!   into reads another way: same outcome and output required). After a
//!   completed handshake the rest is opened frame by frame through the
//!   codec. The ZAP answer, socket types and ZAP options come from the
//!   last two bytes (see [`RawCfg`]); the recorded conversations in
//!   `fuzz/seeds/curve/raw_*` (made with the same keys and RNG seeds)
//!   complete, so mutations of them reach INITIATE, READY and MESSAGE.
//! - anything else: **structured** ([`Scenario`]). A real client talks to
//!   a real server; the input chooses the options, the ZAP answer, one
//!   command to rewrite on its way, and then MESSAGE traffic through the
//!   codecs with replays, reflections, reordering, rewrites and forgeries.
//!   Outcomes are checked against what must happen.

use std::sync::OnceLock;

use bytes::BytesMut;
use ferromq_zmtp::error::codes;
use ferromq_zmtp::frame;
use ferromq_zmtp::handshake::Handshake;
use ferromq_zmtp::mechanism::curve::{CurveClient, CurveServer, KEY_LEN};
use ferromq_zmtp::mechanism::{Codec, Decoded};
use ferromq_zmtp::metadata::Properties;
use ferromq_zmtp::{ProtocolError, SocketType};

use crate::drive::{self, Driver, State};
use crate::pair::{Edit, Mutation, Pair, C2S, S2C};
use crate::util::{fixed_keypair, rng, tail_seed, Chunker, Input};
use crate::zapctl::ZapPlan;

/// Commands a CURVE handshake may write.
pub const NAMES: &[&[u8]] = &[b"HELLO", b"WELCOME", b"INITIATE", b"READY", b"ERROR"];

/// RNG seed of the raw-mode client (and of the recorded seeds).
pub const RAW_CLIENT_SEED: u64 = 0xC11E_0001;
/// RNG seed of the raw-mode server (and of the recorded seeds).
pub const RAW_SERVER_SEED: u64 = 0x5E4E_0001;

/// Our socket type in raw mode, by a 3-bit index.
pub const RAW_TYPES: [SocketType; 8] = [
    SocketType::Router,
    SocketType::Dealer,
    SocketType::Req,
    SocketType::Rep,
    SocketType::Pub,
    SocketType::Sub,
    SocketType::Push,
    SocketType::Pull,
];

/// (client type, server type) in structured mode, by a 3-bit index; the
/// last pair may not talk.
pub const PAIRS: [(SocketType, SocketType); 8] = [
    (SocketType::Dealer, SocketType::Router),
    (SocketType::Req, SocketType::Rep),
    (SocketType::Sub, SocketType::Pub),
    (SocketType::Push, SocketType::Pull),
    (SocketType::Pair, SocketType::Pair),
    (SocketType::XSub, SocketType::XPub),
    (SocketType::Req, SocketType::Router),
    (SocketType::Dealer, SocketType::Pub),
];

/// Fixed long-term keys: (public, secret) of the client, the server, and a
/// third party.
pub struct Keys {
    /// The client's key pair.
    pub client: ([u8; KEY_LEN], [u8; KEY_LEN]),
    /// The server's key pair.
    pub server: ([u8; KEY_LEN], [u8; KEY_LEN]),
    /// Somebody else's.
    pub other: ([u8; KEY_LEN], [u8; KEY_LEN]),
}

/// The fixed keys (computed once).
pub fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| Keys {
        client: fixed_keypair(1),
        server: fixed_keypair(2),
        other: fixed_keypair(3),
    })
}

/// Raw-mode options, from the input's last two bytes `[cfg, zap]`:
/// cfg bits 0-2 our type as server, 3-5 as client ([`RAW_TYPES`]), 6
/// ZMQ_ZAP_ENFORCE_DOMAIN, 7 a ZAP domain is set; zap: [`ZapPlan`].
#[derive(Debug, Clone, Copy)]
pub struct RawCfg {
    /// Our type as server.
    pub server_type: SocketType,
    /// Our type as client.
    pub client_type: SocketType,
    /// ZMQ_ZAP_ENFORCE_DOMAIN.
    pub enforce: bool,
    /// ZMQ_ZAP_DOMAIN set.
    pub domain: bool,
    /// The ZAP handler.
    pub zap: ZapPlan,
}

impl RawCfg {
    /// From the input's tail.
    pub fn from_tail(data: &[u8]) -> RawCfg {
        let n = data.len();
        let cfg = if n >= 2 { data[n - 2] } else { 0 };
        let zap = if n >= 1 { data[n - 1] } else { 0 };
        RawCfg {
            server_type: RAW_TYPES[usize::from(cfg & 7)],
            client_type: RAW_TYPES[usize::from((cfg >> 3) & 7)],
            enforce: cfg & 0x40 != 0,
            domain: cfg & 0x80 != 0,
            zap: ZapPlan::from_byte(zap),
        }
    }

    /// The tail that encodes `server`/`client` types (indices into
    /// [`RAW_TYPES`]), the ZAP options and `zap`. The two bytes in front
    /// (0x00, 0xFF) read as the header of a frame longer than the rest, so
    /// after a completed handshake the tail is an incomplete frame.
    pub fn tail(server: usize, client: usize, enforce: bool, domain: bool, zap: u8) -> [u8; 4] {
        let cfg = (server & 7) as u8
            | ((client & 7) as u8) << 3
            | u8::from(enforce) << 6
            | u8::from(domain) << 7;
        [0x00, 0xFF, cfg, zap]
    }
}

/// Properties a side announces.
pub fn props(t: SocketType, identity: &[u8], extra: &[(String, Vec<u8>)]) -> Properties {
    Handshake::properties_for(t, identity, extra)
}

/// The raw-mode server: our fixed key, [`RAW_SERVER_SEED`].
pub fn raw_server(t: SocketType, enforce: bool, domain: bool) -> Handshake {
    let k = keys();
    let m = CurveServer::new(
        &k.server.1,
        props(t, b"", &[]),
        rng(RAW_SERVER_SEED),
        enforce,
    )
    .zap_domain_set(domain);
    Handshake::new(t, Box::new(m), 0, None)
}

/// The raw-mode client: our fixed keys, [`RAW_CLIENT_SEED`].
pub fn raw_client(t: SocketType) -> Handshake {
    let k = keys();
    let m = CurveClient::new(
        k.client.0,
        &k.client.1,
        k.server.0,
        props(t, b"fz", &[]),
        rng(RAW_CLIENT_SEED),
    );
    Handshake::new(t, Box::new(m), 2, None)
}

/// The `curve` target.
pub fn fuzz_curve(data: &[u8]) {
    match data.first() {
        None => {}
        Some(0xFF) => raw(data),
        Some(_) => structured(data),
    }
}

/// Raw mode: both roles read `data` as the peer's stream.
fn raw(data: &[u8]) {
    let cfg = RawCfg::from_tail(data);
    let seed = tail_seed(data);
    let other = if seed & 1 == 0 {
        Chunker::Bytewise
    } else {
        Chunker::random(seed, 80)
    };

    let mk = || raw_server(cfg.server_type, cfg.enforce, cfg.domain);
    let whole = drive::run(mk(), cfg.zap, &[data]);
    let split = drive::run(mk(), cfg.zap, &other.split(data));
    whole.assert_same(&split, "CURVE server");
    check_raw(whole, cfg.server_type, true, &cfg);

    let mk = || raw_client(cfg.client_type);
    let whole = drive::run(mk(), cfg.zap, &[data]);
    let split = drive::run(
        mk(),
        cfg.zap,
        &Chunker::random(seed.rotate_left(7), 80).split(data),
    );
    whole.assert_same(&split, "CURVE client");
    check_raw(whole, cfg.client_type, false, &cfg);
}

/// Whether a raw-mode [server, client] completes the handshake on `data`
/// read in one piece (for checking the recorded seeds).
pub fn raw_ready(data: &[u8]) -> [bool; 2] {
    let cfg = RawCfg::from_tail(data);
    let s = drive::run(
        raw_server(cfg.server_type, cfg.enforce, cfg.domain),
        cfg.zap,
        &[data],
    );
    let c = drive::run(raw_client(cfg.client_type), cfg.zap, &[data]);
    [s.peer().is_some(), c.peer().is_some()]
}

/// After a raw run: what the state allows, then the rest of the stream
/// through the codec.
fn check_raw(mut d: Driver, ours: SocketType, server: bool, cfg: &RawCfg) {
    d.check("CURVE", NAMES);
    if !server {
        assert!(d.zap_reqs.is_empty(), "the CURVE client asked ZAP");
    } else if let Some(req) = d.zap_reqs.first() {
        assert_eq!(req.mechanism, "CURVE");
        assert_eq!(req.credentials.len(), 1);
        assert_eq!(req.credentials[0].len(), KEY_LEN);
        assert!(cfg.domain || !cfg.enforce, "asked ZAP in Stonehouse mode");
    }
    if let State::Ready(peer) = &d.state {
        if let Some(t) = peer.socket_type {
            assert!(ours.accepts_peer(t));
        }
        if server && (cfg.domain || !cfg.enforce) {
            assert_eq!(d.zap_reqs.len(), 1, "admitted without asking ZAP");
        }
    }
    let who = if server { "server" } else { "client" };
    if let Some(mut codec) = take_codec(&mut d, who) {
        open_all(codec.as_mut(), &d.inbuf);
    }
}

/// Opens every whole frame in `buf` as the engine does after a CURVE
/// handshake (whatever the frame flags), until one is refused.
pub fn open_all(codec: &mut dyn Codec, mut buf: &[u8]) -> usize {
    let mut n = 0;
    while n < 4096 {
        let h = match frame::parse_header(buf, None) {
            Ok(Some(h)) => h,
            Ok(None) | Err(_) => break,
        };
        let Some(total) = (h.header_len as u64).checked_add(h.size) else {
            break;
        };
        if total > buf.len() as u64 {
            break;
        }
        let total = total as usize;
        let mut body = buf[h.header_len..total].to_vec();
        match codec.decode(&mut body) {
            Ok(d) => {
                assert!(d.body.start <= d.body.end && d.body.end == body.len());
            }
            Err(_) => break,
        }
        buf = &buf[total..];
        n += 1;
    }
    n
}

/// A structured conversation: options, then a rewrite, then traffic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// ZMQ_ZAP_ENFORCE_DOMAIN.
    pub enforce: bool,
    /// ZMQ_ZAP_DOMAIN set.
    pub domain: bool,
    /// Index into [`PAIRS`].
    pub pair: usize,
    /// The client was given the wrong server key.
    pub wrong_server_key: bool,
    /// The client's public key is not its secret key's.
    pub mismatched_client: bool,
    /// Reads are 1..=8 bytes (else mostly 1..=80).
    pub small_reads: bool,
    /// The ZAP answer byte.
    pub zap: u8,
    /// RNG seeds.
    pub client_seed: u16,
    /// RNG seeds.
    pub server_seed: u16,
    /// The client's identity (up to 15 bytes).
    pub identity: Vec<u8>,
    /// Length class of an extra client property (0: none).
    pub extra: u8,
    /// Which command to rewrite (`target % 8`: 0 HELLO, 1 WELCOME,
    /// 2 INITIATE, 3 READY, else none) and how.
    pub target: u8,
    /// The rewrite.
    pub edit: Edit,
    /// Seed of the cut into reads.
    pub split: u16,
}

impl Scenario {
    /// Reads a scenario (the first byte must not be 0xFF).
    pub fn read(r: &mut Input<'_>) -> Scenario {
        let cfg = r.u8();
        let zap = r.u8();
        let client_seed = r.u16();
        let server_seed = r.u16();
        let id_len = usize::from(r.u8() % 16);
        let identity = r.bytes(id_len).to_vec();
        let extra = r.u8();
        let target = r.u8();
        let edit = Edit::read(r);
        let split = r.u16();
        Scenario {
            enforce: cfg & 1 != 0,
            domain: cfg & 2 != 0,
            pair: usize::from((cfg >> 2) & 7),
            wrong_server_key: cfg & 0x20 != 0,
            mismatched_client: cfg & 0x40 != 0,
            small_reads: cfg & 0x80 != 0,
            zap,
            client_seed,
            server_seed,
            identity,
            extra,
            target,
            edit,
            split,
        }
    }

    /// The bytes [`Scenario::read`] reads back (for seeds).
    pub fn write(&self, out: &mut Vec<u8>) {
        let cfg = u8::from(self.enforce)
            | u8::from(self.domain) << 1
            | ((self.pair & 7) as u8) << 2
            | u8::from(self.wrong_server_key) << 5
            | u8::from(self.mismatched_client) << 6
            | u8::from(self.small_reads) << 7;
        assert_ne!(cfg, 0xFF);
        out.push(cfg);
        out.push(self.zap);
        out.extend_from_slice(&self.client_seed.to_be_bytes());
        out.extend_from_slice(&self.server_seed.to_be_bytes());
        out.push(self.identity.len() as u8);
        out.extend_from_slice(&self.identity);
        out.push(self.extra);
        out.push(self.target);
        write_edit(&self.edit, out);
        out.extend_from_slice(&self.split.to_be_bytes());
    }

    fn types(&self) -> (SocketType, SocketType) {
        PAIRS[self.pair & 7]
    }

    /// The client's properties: Socket-Type, Identity, maybe X-Fuzz.
    pub fn client_props(&self) -> Properties {
        props(self.types().0, &self.identity, &extra_props(self.extra))
    }

    /// The server's properties.
    pub fn server_props(&self) -> Properties {
        props(self.types().1, b"", &[])
    }

    /// The rewrite, if any.
    pub fn mutation(&self) -> Option<Mutation> {
        let (dir, index) = match self.target % 8 {
            0 => (C2S, 0),
            1 => (S2C, 0),
            2 => (C2S, 1),
            3 => (S2C, 1),
            _ => return None,
        };
        Some(Mutation {
            dir,
            index,
            edit: self.edit.clone(),
        })
    }

    fn zap_plan(&self) -> ZapPlan {
        ZapPlan::from_byte(self.zap).immediate()
    }

    /// Fresh handshakes (same RNG seeds every time).
    pub fn build(&self) -> (Handshake, Handshake) {
        let k = keys();
        let (ct, st) = self.types();
        let client_public = if self.mismatched_client {
            k.other.0
        } else {
            k.client.0
        };
        let server_key = if self.wrong_server_key {
            k.other.0
        } else {
            k.server.0
        };
        let c = CurveClient::new(
            client_public,
            &k.client.1,
            server_key,
            self.client_props(),
            rng(0xC000_0000 | u64::from(self.client_seed)),
        );
        let s = CurveServer::new(
            &k.server.1,
            self.server_props(),
            rng(0x5000_0000 | u64::from(self.server_seed)),
            self.enforce,
        )
        .zap_domain_set(self.domain);
        (
            Handshake::new(ct, Box::new(c), self.identity.len(), None),
            Handshake::new(st, Box::new(s), 0, None),
        )
    }

    /// Runs the conversation with reads cut by `chunker`.
    pub fn run(&self, chunker: Chunker) -> Pair {
        let (c, s) = self.build();
        Pair::run(c, s, self.zap_plan(), self.mutation().as_ref(), chunker)
    }

    /// What must happen without a rewrite: (client, server, ZAP asked).
    fn expected(&self) -> (Want, Want, bool) {
        let crypto = Want::Failed(ProtocolError::Code(codes::ZMTP_CRYPTOGRAPHIC));
        if self.wrong_server_key || self.mismatched_client {
            // The HELLO box, or the vouch in INITIATE, does not open.
            return (Want::Running, crypto, false);
        }
        let asks = self.domain || !self.enforce;
        if asks {
            let zap = self.zap_plan();
            if let Some(c) = zap.defect_code() {
                return (Want::Running, Want::Failed(ProtocolError::Code(c)), true);
            }
            match zap.status() {
                None if self.enforce => {
                    return (
                        Want::Running,
                        Want::Failed(ProtocolError::NoZapHandler),
                        true,
                    )
                }
                None | Some(200) => {}
                Some(300) => return (Want::Running, Want::Failed(ProtocolError::Auth(300)), true),
                Some(s) => {
                    return (
                        Want::Failed(ProtocolError::PeerError(s.to_string())),
                        Want::Failed(ProtocolError::Auth(s)),
                        true,
                    )
                }
            }
        }
        let (ct, st) = self.types();
        let admit = |ours: SocketType, theirs: SocketType| {
            if ours.accepts_peer(theirs) {
                Want::Ready
            } else {
                Want::Failed(ProtocolError::IncompatibleSocketType)
            }
        };
        (admit(ct, st), admit(st, ct), asks)
    }
}

/// An extra property whose value length the fuzzer chooses (up to 8 KiB,
/// so INITIATE may need a long frame).
pub fn extra_props(class: u8) -> Vec<(String, Vec<u8>)> {
    if class == 0 {
        return Vec::new();
    }
    let len = if class < 128 {
        usize::from(class)
    } else {
        usize::from(class - 127) * 64
    };
    vec![(
        "X-Fuzz".to_string(),
        (0..len).map(|i| (i as u8).wrapping_mul(7)).collect(),
    )]
}

/// The bytes [`Edit::read`] reads back.
pub fn write_edit(e: &Edit, out: &mut Vec<u8>) {
    match e {
        Edit::Xor(v) | Edit::Set(v) => {
            out.push(if matches!(e, Edit::Xor(_)) { 0 } else { 1 });
            out.push((v.len().clamp(1, 4) - 1) as u8);
            for &(p, b) in v.iter().take(4) {
                out.extend_from_slice(&p.to_be_bytes());
                out.push(b);
            }
        }
        Edit::Truncate(n) => {
            out.extend_from_slice(&[2, 0]);
            out.extend_from_slice(&n.to_be_bytes());
        }
        Edit::Append(b) => {
            out.push(3);
            out.push((b.len().clamp(1, 4) - 1) as u8);
            out.extend_from_slice(&b[..b.len().min(4)]);
        }
    }
}

/// An expected end state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Want {
    Ready,
    Running,
    Failed(ProtocolError),
}

pub(crate) fn check_want(d: &Driver, want: &Want, who: &str) {
    match want {
        Want::Ready => assert!(
            matches!(d.state, State::Ready(_)),
            "{who}: want ready, got {:?}",
            d.state
        ),
        Want::Running => assert!(d.running(), "{who}: want running, got {:?}", d.state),
        Want::Failed(e) => assert_eq!(&d.state, &State::Failed(e.clone()), "{who}"),
    }
}

/// Byte ranges of HELLO that nothing authenticates: the anti-amplification
/// padding (libzmq does not check it either).
const HELLO_PADDING: std::ops::Range<usize> = 8..80;
/// The byte of HELLO holding the top bit of C', which X25519 ignores.
const HELLO_KEY_TOP: usize = 111;

/// How a rewritten HELLO differs: only in padding, or also in the
/// ignored top bit of C' (or in anything else).
fn hello_rewrite(original: &[u8], body: &[u8]) -> Option<bool> {
    if original.len() != body.len() || !original.starts_with(b"\x05HELLO") {
        return None;
    }
    let mut key_bit = false;
    for (i, (a, b)) in original.iter().zip(body).enumerate() {
        if a == b || HELLO_PADDING.contains(&i) {
            continue;
        }
        if i == HELLO_KEY_TOP && a ^ b == 0x80 {
            key_bit = true;
            continue;
        }
        return None;
    }
    Some(key_bit)
}

/// Structured mode.
fn structured(data: &[u8]) {
    let mut r = Input::new(data);
    let sc = Scenario::read(&mut r);
    let max = if sc.small_reads { 8 } else { 80 };
    let whole = sc.run(Chunker::Whole);
    let split = sc.run(Chunker::random(u32::from(sc.split) << 8 | 0x5A, max));
    whole.assert_same(&split);
    check_pair(&sc, &whole);

    let (mut client, mut server) = (whole.client, whole.server);
    let c = take_codec(&mut client, "client");
    let s = take_codec(&mut server, "server");
    if let (Some(c), Some(s)) = (c, s) {
        messages(&mut r, [c, s]);
    }
}

/// The codec of a handshake: one once ready, none before (nor after a
/// failure in the mechanism).
fn take_codec(d: &mut Driver, who: &str) -> Option<Box<dyn Codec>> {
    let c = d.hs.take_codec();
    match &d.state {
        State::Ready(_) => {
            assert!(c.is_some(), "{who}: no codec once ready");
            assert!(d.hs.take_codec().is_none(), "{who}: a second codec");
            c
        }
        // The mechanism completed, then the socket types did not match:
        // `Handshake::take_codec` still hands the session out (the engine
        // never asks after a failure).
        State::Failed(ProtocolError::IncompatibleSocketType) => None,
        _ => {
            assert!(c.is_none(), "{who}: a codec before READY ({:?})", d.state);
            None
        }
    }
}

/// Checks a structured conversation against what must happen.
fn check_pair(sc: &Scenario, p: &Pair) {
    let (client, server) = (&p.client, &p.server);
    client.check("CURVE", NAMES);
    server.check("CURVE", NAMES);
    for req in &server.zap_reqs {
        assert_eq!(req.mechanism, "CURVE");
        let claimed = if sc.mismatched_client {
            keys().other.0
        } else {
            keys().client.0
        };
        assert_eq!(req.credentials, vec![claimed.to_vec()], "ZAP credentials");
    }
    if let Some((dir, m)) = p.mutated() {
        if m.changed() {
            let hello = if dir == C2S && m.original.starts_with(b"\x05HELLO") {
                hello_rewrite(&m.original, &m.body)
            } else {
                None
            };
            match hello {
                // Padding only: as if untouched.
                Some(false) => {}
                // C' with its top bit flipped is the same X25519 key: HELLO
                // opens, but the vouch names the real C' and INITIATE fails.
                Some(true) => {
                    assert!(
                        matches!(server.state, State::Failed(_)),
                        "{:?}",
                        server.state
                    );
                    assert!(client.peer().is_none(), "client ready with a rewritten C'");
                    return;
                }
                // Anything else in an authenticated command: the receiver
                // refuses that very command.
                None => {
                    let rx = if dir == C2S { server } else { client };
                    assert!(
                        matches!(rx.state, State::Failed(_)) && rx.failed_at == Some(m.end),
                        "a rewritten command was accepted: {:?} at {:?}, rewrite ends at {}",
                        rx.state,
                        rx.failed_at,
                        m.end
                    );
                    if dir == C2S {
                        assert!(server.zap_reqs.is_empty(), "ZAP asked after a rewrite");
                        assert!(client.peer().is_none());
                    }
                    return;
                }
            }
        }
    }
    let (want_c, want_s, asked) = sc.expected();
    check_want(client, &want_c, "client");
    check_want(server, &want_s, "server");
    assert_eq!(server.zap_reqs.len(), usize::from(asked), "ZAP requests");
    let (ct, st) = sc.types();
    if let Some(peer) = server.peer() {
        assert_eq!(peer.socket_type, Some(ct));
        assert_eq!(peer.properties, sc.client_props());
        let id: &[u8] = if ct.sends_identity() {
            &sc.identity
        } else {
            b""
        };
        assert_eq!(peer.identity, id);
        assert!(server.inbuf.is_empty(), "server: bytes after INITIATE");
    }
    if let Some(peer) = client.peer() {
        assert_eq!(peer.socket_type, Some(st));
        assert_eq!(peer.properties, sc.server_props());
        assert_eq!(peer.zap, None);
        assert!(client.inbuf.is_empty(), "client: bytes after READY");
    }
}

/// One frame a codec sealed.
struct Sent {
    seq: u64,
    body: Vec<u8>,
    payload: Vec<u8>,
    more: bool,
    command: bool,
    delivered: bool,
}

/// One direction of traffic: what was sealed, and the last frame opened.
#[derive(Default)]
struct Flow {
    sent: Vec<Sent>,
    last_accepted: Option<u64>,
}

/// The codecs: [client, server]; direction d is sealed by codec d and
/// opened by codec 1 - d.
fn messages(r: &mut Input<'_>, mut codecs: [Box<dyn Codec>; 2]) {
    let mut flows = [Flow::default(), Flow::default()];
    for _ in 0..64 {
        if r.is_empty() {
            return;
        }
        let op = r.u8();
        let dir = usize::from(op & 1);
        let (tx, rx) = (dir, 1 - dir);
        let go_on = match (op >> 1) & 7 {
            // Send, delivered in order.
            0 | 1 => {
                let i = seal(r, op, codecs[tx].as_mut(), &mut flows[dir]);
                deliver(codecs[rx].as_mut(), &mut flows[dir], i)
            }
            // Send, held back.
            2 => {
                seal(r, op, codecs[tx].as_mut(), &mut flows[dir]);
                true
            }
            // A held frame arrives late: accepted only if nothing newer
            // was.
            3 => {
                let held: Vec<usize> = (0..flows[dir].sent.len())
                    .filter(|&i| !flows[dir].sent[i].delivered)
                    .collect();
                let k = usize::from(r.u8());
                match held.get(k % held.len().max(1)) {
                    Some(&i) => deliver(codecs[rx].as_mut(), &mut flows[dir], i),
                    None => true,
                }
            }
            // Replay a frame already accepted, or reflect any frame back
            // to its sender: refused.
            4 => {
                let sub = r.u8();
                let n = flows[dir].sent.len();
                if n == 0 {
                    true
                } else if sub & 1 == 0 {
                    let acc: Vec<usize> =
                        (0..n).filter(|&i| flows[dir].sent[i].delivered).collect();
                    match acc.get(usize::from(sub >> 1) % acc.len().max(1)) {
                        Some(&i) => {
                            assert!(
                                !deliver(codecs[rx].as_mut(), &mut flows[dir], i),
                                "a replayed MESSAGE was accepted"
                            );
                            false
                        }
                        None => true,
                    }
                } else {
                    let s = &flows[dir].sent[usize::from(sub >> 1) % n];
                    let mut b = s.body.clone();
                    assert!(
                        codecs[tx].decode(&mut b).is_err(),
                        "a MESSAGE reflected to its sender was accepted"
                    );
                    false
                }
            }
            // Rewrite a new frame (XOR/set/truncate/append): refused unless
            // the rewrite left it as it was.
            5 | 6 => {
                let i = seal(r, op, codecs[tx].as_mut(), &mut flows[dir]);
                let edit = Edit::read(r);
                let mut b = flows[dir].sent[i].body.clone();
                edit.apply(&mut b);
                if b == flows[dir].sent[i].body {
                    deliver(codecs[rx].as_mut(), &mut flows[dir], i)
                } else {
                    assert!(
                        codecs[rx].decode(&mut b).is_err(),
                        "a rewritten MESSAGE was accepted ({edit:?})"
                    );
                    false
                }
            }
            // A forgery: MESSAGE, a plausible nonce, then bytes.
            _ => {
                let base = flows[dir].sent.last().map_or(2, |s| nonce_of(&s.body));
                let nonce = base.wrapping_add(u64::from(r.u8() % 4));
                let len = usize::from(r.u8());
                let mut b = b"\x07MESSAGE".to_vec();
                b.extend_from_slice(&nonce.to_be_bytes());
                b.extend_from_slice(r.bytes(len));
                assert!(
                    codecs[rx].decode(&mut b).is_err(),
                    "a forged MESSAGE was accepted"
                );
                false
            }
        };
        if !go_on {
            // A refused frame closes the connection.
            return;
        }
    }
}

/// The short nonce of a MESSAGE body.
fn nonce_of(body: &[u8]) -> u64 {
    let mut n = [0u8; 8];
    if let Some(b) = body.get(8..16) {
        n.copy_from_slice(b);
    }
    u64::from_be_bytes(n)
}

/// Seals a new frame (size and flags from the input) and returns its index.
fn seal(r: &mut Input<'_>, op: u8, codec: &mut dyn Codec, flow: &mut Flow) -> usize {
    let b = r.u8();
    let len = if b < 200 {
        usize::from(b)
    } else {
        usize::from(b - 199) * 256
    };
    let seq = flow.sent.len() as u64;
    let payload: Vec<u8> = (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seq as u8))
        .collect();
    let more = op & 0x10 != 0;
    let command = op & 0x20 != 0;
    let cut = if op & 0x40 != 0 {
        usize::from(r.u8()) % (len + 1)
    } else {
        0
    };
    let mut out = BytesMut::new();
    codec
        .encode(more, command, &payload[..cut], &payload[cut..], &mut out)
        .expect("encode");
    assert_eq!(out.len(), codec.encoded_len(len), "encoded_len");
    let h = frame::parse_header(&out, None)
        .expect("our MESSAGE header")
        .expect("a whole header");
    // MORE and COMMAND travel inside the box, never outside.
    assert!(
        !h.more() && !h.command(),
        "MESSAGE frame flags {:#x}",
        h.flags
    );
    assert_eq!(h.header_len + h.size as usize, out.len());
    let body = out[h.header_len..].to_vec();
    if let Some(prev) = flow.sent.last() {
        assert!(nonce_of(&body) > nonce_of(&prev.body), "nonce went back");
    }
    flow.sent.push(Sent {
        seq,
        body,
        payload,
        more,
        command,
        delivered: false,
    });
    flow.sent.len() - 1
}

/// Hands the genuine frame `i` to the receiving codec: it must open iff
/// nothing newer was opened, and give back what was sealed. Returns
/// whether it opened.
fn deliver(codec: &mut dyn Codec, flow: &mut Flow, i: usize) -> bool {
    let s = &mut flow.sent[i];
    let fresh = flow.last_accepted.is_none_or(|l| s.seq > l);
    let mut b = s.body.clone();
    match codec.decode(&mut b) {
        Ok(Decoded {
            more,
            command,
            body,
        }) => {
            assert!(fresh, "a replayed or reordered MESSAGE was accepted");
            assert_eq!((more, command), (s.more, s.command), "flags");
            assert_eq!(b.get(body), Some(&s.payload[..]), "payload");
            s.delivered = true;
            flow.last_accepted = Some(s.seq);
            true
        }
        Err(e) => {
            assert!(!fresh, "a genuine MESSAGE was refused: {e:?}");
            false
        }
    }
}
