//! Drives one `Handshake` the way the engine does
//! (`crates/ferromq/src/io/engine.rs`, `session.rs`): bytes are appended
//! to the input buffer and `on_input` runs until it has nothing to do; a
//! ZAP request is answered through `on_zap`, and `on_input` runs again on
//! what is already buffered.

use bytes::BytesMut;
use ferromq_zmtp::command;
use ferromq_zmtp::frame;
use ferromq_zmtp::greeting::{self, GREETING_LEN};
use ferromq_zmtp::handshake::{Event, Handshake, Peer};
use ferromq_zmtp::mechanism::{ZapReply, ZapRequest};
use ferromq_zmtp::ProtocolError;

use crate::zapctl::ZapPlan;

/// Where a handshake stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Waiting for more input (or for the ZAP handler).
    Running,
    /// Completed.
    Ready(Box<Peer>),
    /// The connection is closed with this error.
    Failed(ProtocolError),
}

/// One handshake under test.
pub struct Driver {
    /// The handshake.
    pub hs: Handshake,
    /// Received bytes not consumed yet (after `Ready`: the first frames).
    pub inbuf: BytesMut,
    /// Everything the handshake wrote.
    pub out: Vec<u8>,
    /// How the ZAP handler answers.
    pub zap: ZapPlan,
    /// The ZAP requests made (at most one).
    pub zap_reqs: Vec<ZapRequest>,
    /// What `on_zap` was given, once it was called.
    pub zap_answer: Option<Option<ZapReply>>,
    pending_zap: bool,
    /// Where it stands.
    pub state: State,
    /// Bytes fed so far.
    pub fed: usize,
    /// `fed` when the handshake failed.
    pub failed_at: Option<usize>,
}

impl Driver {
    /// Starts `hs` (its greeting's first part goes to `out`).
    pub fn new(mut hs: Handshake, zap: ZapPlan) -> Driver {
        let mut out = Vec::new();
        hs.start(&mut out);
        // libzmq-style staged greeting: the 10-byte signature first.
        assert_eq!(out.len(), greeting::SIGNATURE_LEN, "start() wrote {out:?}");
        assert_eq!(out[0], 0xFF);
        Driver {
            hs,
            inbuf: BytesMut::new(),
            out,
            zap,
            zap_reqs: Vec::new(),
            zap_answer: None,
            pending_zap: false,
            state: State::Running,
            fed: 0,
            failed_at: None,
        }
    }

    /// Whether the handshake is still going.
    pub fn running(&self) -> bool {
        matches!(self.state, State::Running)
    }

    /// The peer, once ready.
    pub fn peer(&self) -> Option<&Peer> {
        match &self.state {
            State::Ready(p) => Some(p),
            _ => None,
        }
    }

    /// One read: `bytes` arrive. After a failure the connection is closed
    /// and they are dropped; after `Ready` they wait in `inbuf`.
    pub fn feed(&mut self, bytes: &[u8]) {
        match self.state {
            State::Failed(_) => {}
            State::Ready(_) => {
                self.inbuf.extend_from_slice(bytes);
                self.fed += bytes.len();
            }
            State::Running => {
                self.inbuf.extend_from_slice(bytes);
                self.fed += bytes.len();
                self.pump();
            }
        }
    }

    /// All input is in: a late ZAP handler answers now.
    pub fn end_of_input(&mut self) {
        if self.pending_zap && self.running() {
            self.answer();
            self.pump();
        }
    }

    fn set(&mut self, st: State) {
        match &st {
            State::Failed(_) => {
                assert!(!self.hs.is_done(), "failed after completing");
                self.failed_at = Some(self.fed);
            }
            State::Ready(_) => assert!(self.hs.is_done(), "ready but not done"),
            State::Running => {}
        }
        self.state = st;
    }

    /// `on_input` until it needs more bytes, as `Engine::input_pass`.
    fn pump(&mut self) {
        while self.running() {
            match self.hs.on_input(&mut self.inbuf, &mut self.out) {
                Ok(Event::None) => {
                    assert!(!self.hs.is_done());
                    return;
                }
                Ok(Event::Ready(p)) => self.set(State::Ready(p)),
                Ok(Event::Zap(req)) => {
                    assert!(!self.hs.is_done());
                    assert!(
                        self.zap_reqs.is_empty() && !self.pending_zap,
                        "a second ZAP request"
                    );
                    self.zap_reqs.push(req);
                    if self.zap.late {
                        // The engine goes on reading while the request is
                        // out (Session::do_input loops).
                        self.pending_zap = true;
                    } else {
                        self.answer();
                    }
                }
                Err(e) => self.set(State::Failed(e)),
            }
        }
    }

    /// The ZAP handler's answer reaches the handshake
    /// (`Session::zap_answer`); a reply `parse_reply` refuses fails the
    /// connection without reaching it.
    fn answer(&mut self) {
        self.pending_zap = false;
        let reply = match self.zap.reply() {
            None => None,
            Some(Ok(r)) => Some(r),
            Some(Err(e)) => {
                self.set(State::Failed(e));
                return;
            }
        };
        let status = reply.as_ref().map(|r| r.status);
        self.zap_answer = Some(reply.clone());
        let before = self.out.len();
        match self.hs.on_zap(reply, &mut self.out) {
            Ok(Some(p)) => {
                assert!(matches!(status, None | Some(200)), "ready after {status:?}");
                self.set(State::Ready(Box::new(p)));
            }
            Ok(None) => {
                assert!(
                    matches!(status, None | Some(200)),
                    "going on after {status:?}"
                )
            }
            Err(e) => {
                match status {
                    // Admitted (a "200", or no handler where that lets
                    // the peer in), then the socket types do not match.
                    None | Some(200) if e == ProtocolError::IncompatibleSocketType => {}
                    None => {
                        assert_eq!(e, ProtocolError::NoZapHandler);
                        assert_eq!(self.out.len(), before, "wrote after no handler");
                    }
                    Some(200) => panic!("{e:?} after a ZAP 200"),
                    Some(s) => {
                        assert_eq!(e, ProtocolError::Auth(s));
                        // 300 closes without ERROR (RFC 27); others say why.
                        let mut want = Vec::new();
                        if s != 300 {
                            command::put_error(&mut want, s.to_string().as_bytes());
                        }
                        assert_eq!(self.out[before..], want[..], "refusal output");
                    }
                }
                self.set(State::Failed(e));
            }
        }
    }

    /// Checks a completed handshake against the ZAP answer, and what we
    /// wrote against the mechanism.
    pub fn check(&self, mechanism: &str, names: &[&[u8]]) {
        if let State::Ready(p) = &self.state {
            assert_eq!(p.greeting.mechanism, mechanism.as_bytes());
            let want = match &self.zap_answer {
                Some(Some(r)) => Some((r.user_id.clone(), r.metadata.clone())),
                _ => None,
            };
            assert_eq!(p.zap, want, "Peer::zap");
        }
        check_output(&self.out, mechanism, names);
    }

    /// What two runs over the same bytes must agree on: the state (with
    /// the bytes left for the data phase once ready), the ZAP requests and
    /// our output (after a failure, as far as both got: the greeting goes
    /// out in steps as the peer's arrives).
    pub fn assert_same(&self, other: &Driver, what: &str) {
        assert_eq!(
            self.state, other.state,
            "{what}: outcome depends on the reads"
        );
        assert_eq!(self.zap_reqs, other.zap_reqs, "{what}: ZAP requests differ");
        if let State::Ready(_) = self.state {
            assert_eq!(self.inbuf, other.inbuf, "{what}: leftover differs");
        }
        if let State::Failed(_) = self.state {
            let n = self.out.len().min(other.out.len());
            assert_eq!(self.out[..n], other.out[..n], "{what}: output differs");
        } else {
            assert_eq!(self.out, other.out, "{what}: output depends on the reads");
        }
    }
}

/// Runs `hs` over `pieces` (one read each) and the end of input.
pub fn run(hs: Handshake, zap: ZapPlan, pieces: &[&[u8]]) -> Driver {
    let mut d = Driver::new(hs, zap);
    for p in pieces {
        d.feed(p);
    }
    d.end_of_input();
    d
}

/// What a handshake wrote must be our greeting for `mechanism`, then
/// whole command frames named in `names`.
pub fn check_output(out: &[u8], mechanism: &str, names: &[&[u8]]) {
    assert_eq!(out.first(), Some(&0xFF));
    if out.len() < GREETING_LEN {
        return;
    }
    let mut g = [0u8; GREETING_LEN];
    g.copy_from_slice(&out[..GREETING_LEN]);
    let g = greeting::decode(&g).expect("our greeting decodes");
    assert_eq!(g.mechanism, mechanism.as_bytes());
    let mut rest = &out[GREETING_LEN..];
    while !rest.is_empty() {
        let h = frame::parse_header(rest, None)
            .expect("our frame header parses")
            .expect("we wrote a partial frame header");
        assert!(h.command(), "we wrote a message frame during the handshake");
        let total = h.header_len + h.size as usize;
        assert!(total <= rest.len(), "we wrote a partial frame");
        let (name, _) = command::split(&rest[h.header_len..total]).expect("our command parses");
        assert!(
            names.contains(&name),
            "we wrote {:?} during a {mechanism} handshake",
            String::from_utf8_lossy(name)
        );
        rest = &rest[total..];
    }
}
