//! The CURVE client: HELLO, then INITIATE once WELCOME opens, then READY.

use x25519_dalek::StaticSecret;
use zeroize::Zeroizing;

use super::codec::CurveCodec;
use super::crypto::{self, long_nonce, short_nonce, BoxKey, KEY_LEN, TAG_LEN};
use super::{array, be_u64, code, NonceCounter, Rng};
use crate::error::codes;
use crate::frame;
use crate::mechanism::{Codec, Mechanism, Status};
use crate::metadata::Properties;
use crate::ProtocolError;

/// HELLO body length.
pub(super) const HELLO_LEN: usize = 200;
/// WELCOME body length.
pub(super) const WELCOME_LEN: usize = 168;
/// INITIATE body length without metadata.
pub(super) const INITIATE_MIN: usize = 257;
/// Smallest READY body (empty metadata).
pub(super) const READY_MIN: usize = 30;
/// Cookie length on the wire: 16-byte nonce and an 80-byte box.
pub(super) const COOKIE_LEN: usize = 96;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// `start` not called yet.
    Start,
    /// HELLO sent.
    WaitWelcome,
    /// INITIATE sent.
    WaitReady,
    /// READY received.
    Ready,
    /// The handshake failed (or the peer sent ERROR).
    Failed,
}

/// The CURVE client (`ZMQ_CURVE_SERVERKEY` set).
pub struct CurveClient {
    /// Our long-term public key, C.
    public: [u8; KEY_LEN],
    /// Our long-term secret key, c.
    secret: StaticSecret,
    /// The server's long-term public key, S.
    server: [u8; KEY_LEN],
    ours: Properties,
    rng: Rng,
    state: State,
    nonce: NonceCounter,
    /// Our short-term key pair (c', C'), from `start` until WELCOME.
    short: Option<(StaticSecret, [u8; KEY_LEN])>,
    /// Box key between S and c' (HELLO and WELCOME).
    hello_key: Option<BoxKey>,
    /// Session between S' and c', from WELCOME on.
    session: Option<CurveCodec>,
}

impl std::fmt::Debug for CurveClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CurveClient")
            .field("state", &self.state)
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

impl CurveClient {
    /// A client with long-term key pair `public_key`/`secret_key`
    /// (`ZMQ_CURVE_PUBLICKEY`/`ZMQ_CURVE_SECRETKEY`, not checked against
    /// each other, as libzmq) that talks to the server `server_key`
    /// (`ZMQ_CURVE_SERVERKEY`) and announces `ours` in INITIATE. The
    /// short-term key pair is drawn from `rng` when the handshake starts.
    pub fn new(
        public_key: [u8; KEY_LEN],
        secret_key: &[u8; KEY_LEN],
        server_key: [u8; KEY_LEN],
        ours: Properties,
        rng: Rng,
    ) -> CurveClient {
        CurveClient {
            public: public_key,
            secret: StaticSecret::from(*secret_key),
            server: server_key,
            ours,
            rng,
            state: State::Start,
            nonce: NonceCounter::new(),
            short: None,
            hello_key: None,
            session: None,
        }
    }

    /// HELLO: `%x05 HELLO %x01 %x00 [72 zeros] C' N Box[64 zeros](C'→S)`.
    fn hello(&mut self, out: &mut Vec<u8>) -> Result<(), ProtocolError> {
        let (short_secret, short_public) = crypto::generate(&mut *self.rng)?;
        // libsodium's crypto_box fails on a low-order server key.
        let key = BoxKey::precompute(&self.server, &short_secret)
            .ok_or(code(codes::ZMTP_CRYPTOGRAPHIC))?;
        let n = self.nonce.next()?;
        let mut body = [0u8; HELLO_LEN];
        body[..6].copy_from_slice(b"\x05HELLO");
        body[6] = 1;
        body[7] = 0;
        body[80..112].copy_from_slice(&short_public);
        body[112..120].copy_from_slice(&n.to_be_bytes());
        if !key.seal(&short_nonce(b"CurveZMQHELLO---", n), &mut body[120..]) {
            return Err(code(codes::ZMTP_CRYPTOGRAPHIC));
        }
        frame::put_header(out, false, true, HELLO_LEN);
        out.extend_from_slice(&body);
        self.short = Some((short_secret, short_public));
        self.hello_key = Some(key);
        self.state = State::WaitWelcome;
        Ok(())
    }

    /// WELCOME: `%x07 WELCOME nonce(16) Box[S' + cookie](S→C')`; answers
    /// with INITIATE.
    fn welcome(&mut self, body: &[u8], out: &mut Vec<u8>) -> Result<Status, ProtocolError> {
        if self.state != State::WaitWelcome {
            return Err(code(codes::ZMTP_UNEXPECTED_COMMAND));
        }
        // libzmq reports a WELCOME of the wrong size as a box that does
        // not open.
        let crypto_err = code(codes::ZMTP_CRYPTOGRAPHIC);
        if body.len() != WELCOME_LEN {
            return Err(crypto_err);
        }
        let (Some(hello_key), Some((short_secret, short_public))) = (&self.hello_key, &self.short)
        else {
            return Err(code(codes::ZMTP_UNEXPECTED_COMMAND));
        };
        let nonce = long_nonce(b"WELCOME-", &array(body, 8));
        let mut plain = Zeroizing::new([0u8; TAG_LEN + 128]);
        plain.copy_from_slice(&body[24..]);
        if !hello_key.open(&nonce, &mut plain[..]) {
            return Err(crypto_err);
        }
        let server_short: [u8; KEY_LEN] = array(&plain[..], TAG_LEN);
        let cookie: [u8; COOKIE_LEN] = array(&plain[..], TAG_LEN + KEY_LEN);
        let session_key =
            BoxKey::precompute(&server_short, short_secret).ok_or(crypto_err.clone())?;

        // vouch = Box[C' + S](C→S'), nonce "VOUCH---" + 16 random bytes.
        let mut vouch_tail = [0u8; 16];
        crypto::random(&mut *self.rng, &mut vouch_tail)?;
        let vouch_key =
            BoxKey::precompute(&server_short, &self.secret).ok_or(crypto_err.clone())?;
        let mut vouch = [0u8; TAG_LEN + 64];
        vouch[TAG_LEN..TAG_LEN + 32].copy_from_slice(short_public);
        vouch[TAG_LEN + 32..].copy_from_slice(&self.server);
        if !vouch_key.seal(&long_nonce(b"VOUCH---", &vouch_tail), &mut vouch) {
            return Err(crypto_err);
        }

        // INITIATE: %x08 INITIATE cookie(96) N Box[C + vouch nonce + vouch
        // + metadata](C'→S').
        let mut meta = Vec::new();
        self.ours.encode(&mut meta);
        let n = self.nonce.next()?;
        let start = out.len();
        frame::put_header(out, false, true, INITIATE_MIN + meta.len());
        out.extend_from_slice(b"\x08INITIATE");
        out.extend_from_slice(&cookie);
        out.extend_from_slice(&n.to_be_bytes());
        let boxed = out.len();
        out.extend_from_slice(&[0u8; TAG_LEN]);
        out.extend_from_slice(&self.public);
        out.extend_from_slice(&vouch_tail);
        out.extend_from_slice(&vouch[..]);
        out.extend_from_slice(&meta);
        let sealed = match out.get_mut(boxed..) {
            Some(b) => session_key.seal(&short_nonce(b"CurveZMQINITIATE", n), b),
            None => false,
        };
        if !sealed {
            out.truncate(start);
            return Err(crypto_err);
        }
        self.session = Some(CurveCodec::new(session_key, false, self.nonce));
        // The short-term secret lives on only inside the session key.
        self.short = None;
        self.hello_key = None;
        self.state = State::WaitReady;
        Ok(Status::Continue)
    }

    /// READY: `%x05 READY N Box[metadata](S'→C')`.
    fn ready(&mut self, body: &[u8]) -> Result<Status, ProtocolError> {
        if self.state != State::WaitReady {
            return Err(code(codes::ZMTP_UNEXPECTED_COMMAND));
        }
        if body.len() < READY_MIN {
            return Err(code(codes::ZMTP_MALFORMED_COMMAND_READY));
        }
        let Some(session) = self.session.as_mut() else {
            return Err(code(codes::ZMTP_UNEXPECTED_COMMAND));
        };
        let n = be_u64(body, 6);
        // As libzmq: the peer's nonce sequence continues from READY's.
        session.peer_nonce = n;
        let mut plain = Zeroizing::new(body[14..].to_vec());
        if !session
            .key()
            .open(&short_nonce(b"CurveZMQREADY---", n), &mut plain[..])
        {
            return Err(code(codes::ZMTP_CRYPTOGRAPHIC));
        }
        let props =
            Properties::parse(&plain[TAG_LEN..]).map_err(|_| code(codes::ZMTP_INVALID_METADATA))?;
        self.state = State::Ready;
        Ok(Status::Ready(props))
    }

    /// ERROR while waiting for WELCOME or READY: the server refused us.
    fn error(&self, body: &[u8]) -> ProtocolError {
        if !matches!(self.state, State::WaitWelcome | State::WaitReady) {
            return code(codes::ZMTP_UNEXPECTED_COMMAND);
        }
        let Some(&n) = body.get(6) else {
            return code(codes::ZMTP_MALFORMED_COMMAND_ERROR);
        };
        match body.get(7..7 + usize::from(n)) {
            Some(reason) => ProtocolError::PeerError(String::from_utf8_lossy(reason).into_owned()),
            None => code(codes::ZMTP_MALFORMED_COMMAND_ERROR),
        }
    }

    fn command(&mut self, body: &[u8], out: &mut Vec<u8>) -> Result<Status, ProtocolError> {
        // As libzmq's curve client: recognised by prefix, no other check of
        // the command structure first.
        if body.starts_with(b"\x07WELCOME") {
            self.welcome(body, out)
        } else if body.starts_with(b"\x05READY") {
            self.ready(body)
        } else if body.starts_with(b"\x05ERROR") {
            Err(self.error(body))
        } else {
            Err(code(codes::ZMTP_UNEXPECTED_COMMAND))
        }
    }
}

impl Mechanism for CurveClient {
    fn name(&self) -> &'static str {
        "CURVE"
    }

    fn start(&mut self, out: &mut Vec<u8>) -> Result<Status, ProtocolError> {
        if self.state != State::Start {
            return Err(ProtocolError::InvalidSequence);
        }
        match self.hello(out) {
            Ok(()) => Ok(Status::Continue),
            Err(e) => {
                self.state = State::Failed;
                Err(e)
            }
        }
    }

    fn on_command(&mut self, body: &[u8], out: &mut Vec<u8>) -> Result<Status, ProtocolError> {
        let r = self.command(body, out);
        if r.is_err() {
            self.state = State::Failed;
            self.session = None;
        }
        r
    }

    fn take_codec(&mut self) -> Option<Box<dyn Codec>> {
        if self.state != State::Ready {
            return None;
        }
        self.session.take().map(|s| Box::new(s) as Box<dyn Codec>)
    }
}
