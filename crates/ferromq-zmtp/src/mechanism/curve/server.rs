//! The CURVE server: WELCOME for a HELLO that opens, then ZAP and READY for
//! an INITIATE whose cookie and vouch check out.

use subtle::ConstantTimeEq;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use super::client::{COOKIE_LEN, HELLO_LEN, INITIATE_MIN, READY_MIN, WELCOME_LEN};
use super::codec::CurveCodec;
use super::crypto::{self, long_nonce, short_nonce, BoxKey, KEY_LEN, TAG_LEN};
use super::{array, be_u64, check_basic_structure, code, NonceCounter, Rng};
use crate::command;
use crate::error::codes;
use crate::frame;
use crate::mechanism::{Codec, Mechanism, Status, ZapReply, ZapRequest};
use crate::metadata::Properties;
use crate::ProtocolError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing received yet.
    WaitHello,
    /// WELCOME sent.
    WaitInitiate,
    /// INITIATE accepted; the ZAP handler is asked.
    WaitZap,
    /// READY sent.
    Ready,
    /// The handshake failed.
    Failed,
}

/// The short-term key pair and the cookie key of one connection, drawn when
/// HELLO arrives.
struct Welcomed {
    /// s'.
    short_secret: StaticSecret,
    /// C', the client's short-term public key.
    client_short: [u8; KEY_LEN],
    /// The cookie key t.
    cookie_key: BoxKey,
}

/// The CURVE server (`ZMQ_CURVE_SERVER` = 1).
pub struct CurveServer {
    /// Our long-term public key, S.
    public: [u8; KEY_LEN],
    /// Our long-term secret key, s.
    secret: StaticSecret,
    ours: Properties,
    rng: Rng,
    enforce_domain: bool,
    zap_domain: bool,
    state: State,
    welcomed: Option<Welcomed>,
    /// Session between C' and s', from INITIATE on.
    session: Option<CurveCodec>,
    /// The client's properties, until READY goes out.
    peer: Option<Properties>,
}

impl std::fmt::Debug for CurveServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CurveServer")
            .field("state", &self.state)
            .field("enforce_domain", &self.enforce_domain)
            .field("zap_domain", &self.zap_domain)
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

impl CurveServer {
    /// A server with long-term secret key `secret_key`
    /// (`ZMQ_CURVE_SECRETKEY`) that announces `ours` in READY. As in
    /// libzmq, a server needs no `ZMQ_CURVE_PUBLICKEY`: its public key,
    /// which a client's vouch must name, is derived from the secret one. `enforce_domain` is `ZMQ_ZAP_ENFORCE_DOMAIN`: with it, a
    /// missing ZAP handler refuses the client; without, it lets it in.
    ///
    /// The server asks the ZAP handler about every client, as libzmq does
    /// when `ZMQ_ZAP_DOMAIN` is set or `enforce_domain` is off; see
    /// [`CurveServer::zap_domain_set`] for the remaining case.
    pub fn new(
        secret_key: &[u8; KEY_LEN],
        ours: Properties,
        rng: Rng,
        enforce_domain: bool,
    ) -> CurveServer {
        let secret = StaticSecret::from(*secret_key);
        CurveServer {
            public: PublicKey::from(&secret).to_bytes(),
            secret,
            ours,
            rng,
            enforce_domain,
            zap_domain: true,
            state: State::WaitHello,
            welcomed: None,
            session: None,
            peer: None,
        }
    }

    /// Whether `ZMQ_ZAP_DOMAIN` is set (the default assumed by
    /// [`CurveServer::new`] is yes). libzmq 4.3 asks ZAP if a domain is
    /// set or `ZMQ_ZAP_ENFORCE_DOMAIN` is off; with enforcement on and no
    /// domain it lets every client with a valid vouch in without asking
    /// (the "Stonehouse" pattern): READY goes out right after INITIATE.
    pub fn zap_domain_set(mut self, set: bool) -> CurveServer {
        self.zap_domain = set;
        self
    }

    fn asks_zap(&self) -> bool {
        self.zap_domain || !self.enforce_domain
    }

    /// HELLO: checks the version and opens the signature box with our
    /// secret key; answers with WELCOME.
    fn hello(&mut self, body: &[u8], out: &mut Vec<u8>) -> Result<Status, ProtocolError> {
        check_basic_structure(body)?;
        if !body.starts_with(b"\x05HELLO") {
            return Err(code(codes::ZMTP_UNEXPECTED_COMMAND));
        }
        if body.len() != HELLO_LEN || body[6] != 1 || body[7] != 0 {
            return Err(code(codes::ZMTP_MALFORMED_COMMAND_HELLO));
        }
        let crypto_err = code(codes::ZMTP_CRYPTOGRAPHIC);
        let client_short: [u8; KEY_LEN] = array(body, 80);
        let n = be_u64(body, 112);
        let hello_key =
            BoxKey::precompute(&client_short, &self.secret).ok_or(crypto_err.clone())?;
        let mut signature = [0u8; TAG_LEN + 64];
        signature.copy_from_slice(&body[120..]);
        if !hello_key.open(&short_nonce(b"CurveZMQHELLO---", n), &mut signature) {
            return Err(crypto_err);
        }

        // cookie = Box[C' + s'](t), nonce "COOKIE--" + 16 random bytes.
        let (short_secret, short_public) = crypto::generate(&mut *self.rng)?;
        let mut cookie_tail = [0u8; 16];
        crypto::random(&mut *self.rng, &mut cookie_tail)?;
        let cookie_key = BoxKey::random(&mut *self.rng)?;
        let mut cookie = Zeroizing::new([0u8; TAG_LEN + 64]);
        cookie[TAG_LEN..TAG_LEN + 32].copy_from_slice(&client_short);
        cookie[TAG_LEN + 32..].copy_from_slice(&*Zeroizing::new(short_secret.to_bytes()));
        if !cookie_key.seal(&long_nonce(b"COOKIE--", &cookie_tail), &mut cookie[..]) {
            return Err(crypto_err);
        }

        // WELCOME: %x07 WELCOME nonce(16) Box[S' + cookie](S→C').
        let mut welcome_tail = [0u8; 16];
        crypto::random(&mut *self.rng, &mut welcome_tail)?;
        let mut welcome = [0u8; WELCOME_LEN];
        welcome[..8].copy_from_slice(b"\x07WELCOME");
        welcome[8..24].copy_from_slice(&welcome_tail);
        let boxed = &mut welcome[24..];
        boxed[TAG_LEN..TAG_LEN + 32].copy_from_slice(&short_public);
        boxed[TAG_LEN + 32..TAG_LEN + 48].copy_from_slice(&cookie_tail);
        boxed[TAG_LEN + 48..].copy_from_slice(&cookie[..]);
        if !hello_key.seal(&long_nonce(b"WELCOME-", &welcome_tail), boxed) {
            return Err(crypto_err);
        }
        frame::put_header(out, false, true, WELCOME_LEN);
        out.extend_from_slice(&welcome);
        self.welcomed = Some(Welcomed {
            short_secret,
            client_short,
            cookie_key,
        });
        self.state = State::WaitInitiate;
        Ok(Status::Continue)
    }

    /// INITIATE: the cookie must be ours and name C' and s'; the box opens
    /// under C'/s'; the vouch opens under C/s' and names C' and S.
    fn initiate(&mut self, body: &[u8], out: &mut Vec<u8>) -> Result<Status, ProtocolError> {
        check_basic_structure(body)?;
        if !body.starts_with(b"\x08INITIATE") {
            return Err(code(codes::ZMTP_UNEXPECTED_COMMAND));
        }
        if body.len() < INITIATE_MIN {
            return Err(code(codes::ZMTP_MALFORMED_COMMAND_INITIATE));
        }
        let crypto_err = code(codes::ZMTP_CRYPTOGRAPHIC);
        let Some(w) = &self.welcomed else {
            return Err(code(codes::ZMTP_UNEXPECTED_COMMAND));
        };

        // The cookie: 16-byte nonce tail, then Box[C' + s'](t).
        let mut cookie = Zeroizing::new([0u8; COOKIE_LEN - 16]);
        cookie.copy_from_slice(&body[25..9 + COOKIE_LEN]);
        if !w
            .cookie_key
            .open(&long_nonce(b"COOKIE--", &array(body, 9)), &mut cookie[..])
        {
            return Err(crypto_err);
        }
        let short_bytes = Zeroizing::new(w.short_secret.to_bytes());
        let cookie_ok = cookie[TAG_LEN..TAG_LEN + 32].ct_eq(&w.client_short[..])
            & cookie[TAG_LEN + 32..].ct_eq(&short_bytes[..]);
        if !bool::from(cookie_ok) {
            return Err(crypto_err);
        }

        // Box[C + vouch nonce + vouch + metadata](C'→S').
        let n = be_u64(body, 105);
        let session_key =
            BoxKey::precompute(&w.client_short, &w.short_secret).ok_or(crypto_err.clone())?;
        let mut plain = Zeroizing::new(body[113..].to_vec());
        if !session_key.open(&short_nonce(b"CurveZMQINITIATE", n), &mut plain[..]) {
            return Err(crypto_err);
        }
        let plain = &plain[TAG_LEN..];
        let client_key: [u8; KEY_LEN] = array(plain, 0);
        let vouch_nonce = long_nonce(b"VOUCH---", &array(plain, 32));
        let mut vouch = [0u8; TAG_LEN + 64];
        vouch.copy_from_slice(&plain[48..128]);
        let vouch_key =
            BoxKey::precompute(&client_key, &w.short_secret).ok_or(crypto_err.clone())?;
        if !vouch_key.open(&vouch_nonce, &mut vouch) {
            return Err(crypto_err);
        }
        // libzmq checks C' only; RFC 26 also wants S. A client that put
        // another server key in its vouch is talking to someone else.
        let vouch_ok = vouch[TAG_LEN..TAG_LEN + 32].ct_eq(&w.client_short[..])
            & vouch[TAG_LEN + 32..].ct_eq(&self.public[..]);
        if !bool::from(vouch_ok) {
            return Err(code(codes::ZMTP_KEY_EXCHANGE));
        }
        let props =
            Properties::parse(&plain[128..]).map_err(|_| code(codes::ZMTP_INVALID_METADATA))?;

        let mut session = CurveCodec::new(session_key, true, NonceCounter::new());
        session.peer_nonce = n;
        self.session = Some(session);
        // The cookie key and s' live on only inside the session key.
        self.welcomed = None;
        if self.asks_zap() {
            self.peer = Some(props);
            self.state = State::WaitZap;
            return Ok(Status::Zap(ZapRequest {
                mechanism: "CURVE",
                credentials: vec![client_key.to_vec()],
            }));
        }
        self.send_ready(out)?;
        Ok(Status::Ready(props))
    }

    /// READY: `%x05 READY N Box[metadata](S'→C')`.
    fn send_ready(&mut self, out: &mut Vec<u8>) -> Result<(), ProtocolError> {
        let Some(session) = self.session.as_mut() else {
            return Err(ProtocolError::InvalidSequence);
        };
        let mut meta = Vec::new();
        self.ours.encode(&mut meta);
        let n = session.nonce.next()?;
        let start = out.len();
        frame::put_header(out, false, true, READY_MIN + meta.len());
        out.extend_from_slice(b"\x05READY");
        out.extend_from_slice(&n.to_be_bytes());
        let boxed = out.len();
        out.extend_from_slice(&[0u8; TAG_LEN]);
        out.extend_from_slice(&meta);
        let sealed = match out.get_mut(boxed..) {
            Some(b) => session.key().seal(&short_nonce(b"CurveZMQREADY---", n), b),
            None => false,
        };
        if !sealed {
            out.truncate(start);
            return Err(code(codes::ZMTP_CRYPTOGRAPHIC));
        }
        self.state = State::Ready;
        Ok(())
    }

    fn zap(
        &mut self,
        reply: Option<&ZapReply>,
        out: &mut Vec<u8>,
    ) -> Result<Status, ProtocolError> {
        match reply.map(|r| r.status) {
            None if self.enforce_domain => Err(ProtocolError::NoZapHandler),
            // No handler and no enforcement: "Stonehouse" in legacy mode.
            None | Some(200) => {
                self.send_ready(out)?;
                Ok(Status::Ready(self.peer.take().unwrap_or_default()))
            }
            Some(status) => {
                // 300 is a temporary failure: close without ERROR (RFC 27).
                if status != 300 {
                    command::put_error(out, status.to_string().as_bytes());
                }
                Err(ProtocolError::Auth(status))
            }
        }
    }
}

impl Mechanism for CurveServer {
    fn name(&self) -> &'static str {
        "CURVE"
    }

    fn as_server(&self) -> bool {
        true
    }

    fn start(&mut self, _out: &mut Vec<u8>) -> Result<Status, ProtocolError> {
        Ok(Status::Continue)
    }

    fn on_command(&mut self, body: &[u8], out: &mut Vec<u8>) -> Result<Status, ProtocolError> {
        let r = match self.state {
            State::WaitHello => self.hello(body, out),
            State::WaitInitiate => self.initiate(body, out),
            // libzmq: a handshake command in any other state.
            State::WaitZap | State::Ready | State::Failed => Err(code(codes::ZMTP_UNSPECIFIED)),
        };
        if r.is_err() {
            self.fail();
        }
        r
    }

    fn on_zap(
        &mut self,
        reply: Option<&ZapReply>,
        out: &mut Vec<u8>,
    ) -> Result<Status, ProtocolError> {
        if self.state != State::WaitZap {
            return Err(ProtocolError::InvalidSequence);
        }
        let r = self.zap(reply, out);
        if r.is_err() {
            self.fail();
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

impl CurveServer {
    fn fail(&mut self) {
        self.state = State::Failed;
        self.welcomed = None;
        self.session = None;
        self.peer = None;
    }
}
