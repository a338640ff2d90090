//! The `plain` target: `PlainServer` and `PlainClient` (RFC 24) under
//! fuzz, and the ZAP reply parser.
//!
//! Three modes, by the first byte of the input:
//!
//! - `0xFF` (a greeting): **raw**. The input is the peer's stream; a
//!   server and a client each read it (in one piece and cut into reads
//!   another way: same outcome and output required). The ZAP answer and
//!   socket types come from the last two bytes ([`RawCfg`], as for CURVE).
//!   The ZAP request must carry exactly the user name and password of the
//!   HELLO in the stream; after a completed handshake the rest is decoded
//!   as frames.
//! - `0x00..=0x7F`: **ZAP reply**. The rest is cut into reply frames
//!   ([`zapctl::frames_from`]) for `zap::parse_reply`, checked against a
//!   restatement of libzmq's checks; a reply it accepts is handed to a
//!   PLAIN server and a NULL mechanism waiting for it.
//! - `0x80..=0xFE`: **structured** ([`PlainScenario`]): a real client
//!   against a real server with credentials, identity, ZAP answer and one
//!   rewritten command from the input; the outcome is checked against what
//!   must happen when nothing was rewritten.

use ferromq_zmtp::command;
use ferromq_zmtp::frame;
use ferromq_zmtp::greeting::GREETING_LEN;
use ferromq_zmtp::handshake::Handshake;
use ferromq_zmtp::mechanism::null::Null;
use ferromq_zmtp::mechanism::plain::{PlainClient, PlainServer};
use ferromq_zmtp::mechanism::{Mechanism, Status};
use ferromq_zmtp::metadata::Properties;
use ferromq_zmtp::{ProtocolError, SocketType};

use crate::curve::{check_want, extra_props, props, write_edit, RawCfg, Want, PAIRS};
use crate::drive::{self, Driver, State};
use crate::pair::{Edit, Mutation, Pair, C2S, S2C};
use crate::util::{tail_seed, Chunker, Input};
use crate::zapctl::{self, ZapPlan};

/// Commands a PLAIN handshake may write.
pub const NAMES: &[&[u8]] = &[b"HELLO", b"WELCOME", b"INITIATE", b"READY", b"ERROR"];

/// The raw-mode client's credentials.
pub const USERNAME: &[u8] = b"admin";
/// The raw-mode client's credentials.
pub const PASSWORD: &[u8] = b"secret";

/// The raw-mode server.
pub fn raw_server(t: SocketType) -> Handshake {
    Handshake::new(t, Box::new(PlainServer::new(props(t, b"", &[]))), 0, None)
}

/// The raw-mode client.
pub fn raw_client(t: SocketType) -> Handshake {
    let m = PlainClient::new(props(t, b"fz", &[]), USERNAME, PASSWORD);
    Handshake::new(t, Box::new(m), 2, None)
}

/// The `plain` target.
pub fn fuzz_plain(data: &[u8]) {
    match data.first() {
        None => {}
        Some(0xFF) => raw(data),
        Some(&b) if b < 0x80 => zap_reply(&data[1..]),
        Some(_) => structured(data),
    }
}

fn raw(data: &[u8]) {
    let cfg = RawCfg::from_tail(data);
    let seed = tail_seed(data);
    let other = if seed & 1 == 0 {
        Chunker::Bytewise
    } else {
        Chunker::random(seed, 80)
    };

    let whole = drive::run(raw_server(cfg.server_type), cfg.zap, &[data]);
    let split = drive::run(raw_server(cfg.server_type), cfg.zap, &other.split(data));
    whole.assert_same(&split, "PLAIN server");
    check_raw(whole, cfg.server_type, true, Some(data));

    let whole = drive::run(raw_client(cfg.client_type), cfg.zap, &[data]);
    let pieces = Chunker::random(seed.rotate_left(7), 80).split(data);
    let split = drive::run(raw_client(cfg.client_type), cfg.zap, &pieces);
    whole.assert_same(&split, "PLAIN client");
    check_raw(whole, cfg.client_type, false, None);
}

/// Whether a raw-mode [server, client] completes the handshake on `data`
/// read in one piece (for checking the recorded seeds).
pub fn raw_ready(data: &[u8]) -> [bool; 2] {
    let cfg = RawCfg::from_tail(data);
    let s = drive::run(raw_server(cfg.server_type), cfg.zap, &[data]);
    let c = drive::run(raw_client(cfg.client_type), cfg.zap, &[data]);
    [s.peer().is_some(), c.peer().is_some()]
}

/// The credentials in a HELLO body, parsed the way RFC 24 lays it out.
fn hello_credentials(body: &[u8]) -> Option<Vec<Vec<u8>>> {
    let data = body.strip_prefix(b"\x05HELLO")?;
    let (&ul, rest) = data.split_first()?;
    let user = rest.get(..usize::from(ul))?;
    let (&pl, pass) = rest[usize::from(ul)..].split_first()?;
    (pass.len() == usize::from(pl)).then(|| vec![user.to_vec(), pass.to_vec()])
}

/// The body of the first frame after the greeting in a peer's stream.
fn first_command(stream: &[u8]) -> Option<&[u8]> {
    let rest = stream.get(GREETING_LEN..)?;
    let h = frame::parse_header(rest, None).ok()??;
    rest.get(h.header_len..h.header_len.checked_add(usize::try_from(h.size).ok()?)?)
}

fn check_raw(mut d: Driver, ours: SocketType, server: bool, stream: Option<&[u8]>) {
    d.check("PLAIN", NAMES);
    assert!(d.hs.take_codec().is_none(), "PLAIN has no codec");
    if !server {
        assert!(d.zap_reqs.is_empty(), "the PLAIN client asked ZAP");
    }
    if let Some(req) = d.zap_reqs.first() {
        assert_eq!(req.mechanism, "PLAIN");
        let hello = stream.and_then(first_command).and_then(hello_credentials);
        assert_eq!(Some(&req.credentials), hello.as_ref(), "ZAP credentials");
    }
    if let State::Ready(peer) = &d.state {
        if let Some(t) = peer.socket_type {
            assert!(ours.accepts_peer(t));
        }
        if server {
            // Only a ZAP "200" lets a PLAIN client in.
            assert_eq!(d.zap_reqs.len(), 1);
            assert!(matches!(&d.zap_answer, Some(Some(r)) if r.status == 200));
        }
        crate::decode_frames(&d.inbuf, None);
    }
}

/// ZAP reply mode: `data` cut into frames.
fn zap_reply(data: &[u8]) {
    let frames = zapctl::frames_from(data);
    let Some(reply) = zapctl::check_parse_reply(&frames) else {
        return;
    };
    let status = reply.status;
    let mut refusal = Vec::new();
    if status != 300 {
        command::put_error(&mut refusal, status.to_string().as_bytes());
    }

    // A PLAIN server that asked about "u"/"p".
    let mut s = PlainServer::new(Properties::new());
    let mut out = Vec::new();
    let asked = s.on_command(b"\x05HELLO\x01u\x01p", &mut out);
    assert!(matches!(asked, Ok(Status::Zap(_))), "{asked:?}");
    assert!(out.is_empty());
    let r = s.on_zap(Some(&reply), &mut out);
    if status == 200 {
        assert_eq!(r, Ok(Status::Continue));
        let mut welcome = Vec::new();
        command::put(&mut welcome, b"WELCOME", &[]);
        assert_eq!(out, welcome);
    } else {
        assert_eq!(r, Err(ProtocolError::Auth(status)));
        assert_eq!(out, refusal);
    }
    // Asked twice: refused.
    assert!(s.on_zap(Some(&reply), &mut Vec::new()).is_err());

    // NULL with a ZAP domain: READY goes out only on "200".
    let mut n = Null::with_zap(Properties::new(), true, true);
    let mut out = Vec::new();
    assert!(matches!(n.start(&mut out), Ok(Status::Zap(_))));
    let r = n.on_zap(Some(&reply), &mut out);
    if status == 200 {
        assert_eq!(r, Ok(Status::Continue));
        let mut ready = Vec::new();
        command::put(&mut ready, command::READY, &[]);
        assert_eq!(out, ready);
    } else {
        assert_eq!(r, Err(ProtocolError::Auth(status)));
        assert_eq!(out, refusal);
    }
}

/// A structured PLAIN conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainScenario {
    /// Index into [`PAIRS`].
    pub pair: usize,
    /// Reads are 1..=8 bytes (else mostly 1..=80).
    pub small_reads: bool,
    /// The ZAP answer byte.
    pub zap: u8,
    /// ZMQ_PLAIN_USERNAME.
    pub username: Vec<u8>,
    /// ZMQ_PLAIN_PASSWORD.
    pub password: Vec<u8>,
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

impl PlainScenario {
    /// Reads a scenario (first byte 0x80..=0xFE).
    pub fn read(r: &mut Input<'_>) -> PlainScenario {
        let cfg = r.u8();
        let zap = r.u8();
        let n = usize::from(r.u8());
        let username = r.bytes(n).to_vec();
        let n = usize::from(r.u8());
        let password = r.bytes(n).to_vec();
        let n = usize::from(r.u8() % 16);
        let identity = r.bytes(n).to_vec();
        let extra = r.u8();
        let target = r.u8();
        let edit = Edit::read(r);
        let split = r.u16();
        PlainScenario {
            pair: usize::from(cfg & 7),
            small_reads: cfg & 8 != 0,
            zap,
            username,
            password,
            identity,
            extra,
            target,
            edit,
            split,
        }
    }

    /// The bytes [`PlainScenario::read`] reads back (for seeds).
    pub fn write(&self, out: &mut Vec<u8>) {
        out.push(0x80 | (self.pair & 7) as u8 | u8::from(self.small_reads) << 3);
        out.push(self.zap);
        for v in [&self.username, &self.password] {
            out.push(v.len() as u8);
            out.extend_from_slice(v);
        }
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

    fn client_props(&self) -> Properties {
        props(self.types().0, &self.identity, &extra_props(self.extra))
    }

    fn server_props(&self) -> Properties {
        props(self.types().1, b"", &[])
    }

    fn mutation(&self) -> Option<Mutation> {
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

    /// Runs the conversation with reads cut by `chunker`.
    pub fn run(&self, chunker: Chunker) -> Pair {
        let (ct, st) = self.types();
        let c = PlainClient::new(self.client_props(), &self.username, &self.password);
        let s = PlainServer::new(self.server_props());
        Pair::run(
            Handshake::new(ct, Box::new(c), self.identity.len(), None),
            Handshake::new(st, Box::new(s), 0, None),
            ZapPlan::from_byte(self.zap),
            self.mutation().as_ref(),
            chunker,
        )
    }

    /// What must happen without a rewrite: (client, server).
    fn expected(&self) -> (Want, Want) {
        let zap = ZapPlan::from_byte(self.zap);
        if let Some(c) = zap.defect_code() {
            return (Want::Running, Want::Failed(ProtocolError::Code(c)));
        }
        match zap.status() {
            // A PLAIN server without a handler refuses everybody.
            None => (Want::Running, Want::Failed(ProtocolError::NoZapHandler)),
            Some(200) => {
                let (ct, st) = self.types();
                let admit = |a: SocketType, b: SocketType| {
                    if a.accepts_peer(b) {
                        Want::Ready
                    } else {
                        Want::Failed(ProtocolError::IncompatibleSocketType)
                    }
                };
                (admit(ct, st), admit(st, ct))
            }
            Some(300) => (Want::Running, Want::Failed(ProtocolError::Auth(300))),
            Some(s) => (
                Want::Failed(ProtocolError::PeerError(s.to_string())),
                Want::Failed(ProtocolError::Auth(s)),
            ),
        }
    }
}

fn structured(data: &[u8]) {
    let mut r = Input::new(data);
    let sc = PlainScenario::read(&mut r);
    let max = if sc.small_reads { 8 } else { 80 };
    let whole = sc.run(Chunker::Whole);
    let split = sc.run(Chunker::random(u32::from(sc.split) << 8 | 0xA5, max));
    whole.assert_same(&split);

    let (client, server) = (&whole.client, &whole.server);
    client.check("PLAIN", NAMES);
    server.check("PLAIN", NAMES);
    // The ZAP request carries what the HELLO that arrived says.
    if let Some(req) = server.zap_reqs.first() {
        assert_eq!(req.mechanism, "PLAIN");
        let hello = match (sc.mutation(), &whole.wires[C2S].mutated) {
            (Some(m), Some(hit)) if m.dir == C2S && m.index == 0 => Some(hit.body.clone()),
            _ => whole.wires[C2S].commands_sent.first().cloned(),
        };
        assert_eq!(
            Some(&req.credentials),
            hello.as_deref().and_then(hello_credentials).as_ref(),
            "ZAP credentials"
        );
    }
    if whole.mutated().is_some_and(|(_, m)| m.changed()) {
        // Nothing in PLAIN is authenticated: no outcome to expect beyond
        // the checks above.
        return;
    }
    if let Some(req) = server.zap_reqs.first() {
        assert_eq!(
            req.credentials,
            vec![sc.username.clone(), sc.password.clone()]
        );
    }
    let (want_c, want_s) = sc.expected();
    check_want(client, &want_c, "client");
    check_want(server, &want_s, "server");
    assert_eq!(server.zap_reqs.len(), 1, "ZAP requests");
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
        assert!(server.inbuf.is_empty());
    }
    if let Some(peer) = client.peer() {
        assert_eq!(peer.socket_type, Some(st));
        assert_eq!(peer.properties, sc.server_props());
        assert_eq!(peer.zap, None);
        assert!(client.inbuf.is_empty());
    }
}
