//! Security for one connection: which mechanism the socket's options ask
//! for, and the ZAP client that asks the application's handler about a
//! peer.
//!
//! The mechanism is chosen exactly as libzmq chooses it: from
//! `ZMQ_MECHANISM` (set by the PLAIN and CURVE options) and the server
//! role. A socket configured for a mechanism never talks another one: the
//! greeting announces it and the handshake refuses a peer that differs.
//!
//! ZAP (RFC 27): a server-side mechanism that wants the handler's opinion
//! makes the engine stop with a request. The session then connects an
//! inproc pipe to the socket bound at `inproc://zeromq.zap.01` (as an
//! inproc connect would), sends the request and goes back to its other
//! work; the handler's socket wakes the session's I/O thread when the
//! reply is in ([`ZAP_TOKEN`]). No handler bound: the mechanism decides
//! (PLAIN refuses; CURVE and NULL accept unless ZAP_ENFORCE_DOMAIN).

use std::sync::{Arc, Weak};

use ferromq_zmtp::error::codes;
use ferromq_zmtp::mechanism::curve::{self, CurveClient, CurveServer};
use ferromq_zmtp::mechanism::null::Null;
use ferromq_zmtp::mechanism::plain::{PlainClient, PlainServer};
use ferromq_zmtp::mechanism::{Mechanism, ZapReply};
use ferromq_zmtp::metadata::Properties;
use ferromq_zmtp::{zap, ProtocolError};

use super::IoCmd;
use crate::command::{Attach, Command};
use crate::inproc::Registry;
use crate::mailbox::Mailbox;
use crate::msg::{self, Msg};
use crate::opt::{ZMQ_CURVE, ZMQ_PLAIN};
use crate::options::{Options, Secret};
use crate::pipe::{self, PipeEnd, Read};

/// Added to a session's id to name its ZAP pipe in I/O thread wake-ups.
/// Ids come from a counter that never gets near this bit.
pub(crate) const ZAP_TOKEN: u64 = 1 << 63;

#[derive(Clone, Debug)]
enum Kind {
    Null,
    PlainClient {
        username: Vec<u8>,
        password: Secret<Vec<u8>>,
    },
    PlainServer,
    CurveClient {
        public: [u8; 32],
        secret: Secret<[u8; 32]>,
        server: [u8; 32],
    },
    /// The server's public key derives from its secret one: libzmq
    /// ignores ZMQ_CURVE_PUBLICKEY on a server (zmq_curve(7)).
    CurveServer {
        secret: Secret<[u8; 32]>,
    },
}

/// A connection's security settings, taken from the socket's options.
#[derive(Clone, Debug)]
pub(crate) struct Security {
    kind: Kind,
    zap_domain: Vec<u8>,
    enforce_domain: bool,
}

impl Security {
    pub(crate) fn from_options(o: &Options) -> Security {
        let kind = match (o.mechanism, o.as_server) {
            (ZMQ_PLAIN, true) => Kind::PlainServer,
            (ZMQ_PLAIN, false) => Kind::PlainClient {
                username: o.plain_username.clone(),
                password: o.plain_password.clone(),
            },
            (ZMQ_CURVE, true) => Kind::CurveServer {
                secret: o.curve_secret.clone(),
            },
            (ZMQ_CURVE, false) => Kind::CurveClient {
                public: o.curve_public,
                secret: o.curve_secret.clone(),
                server: o.curve_server,
            },
            _ => Kind::Null,
        };
        Security {
            kind,
            zap_domain: o.zap_domain.clone(),
            enforce_domain: o.zap_enforce_domain,
        }
    }

    /// The mechanism for a new connection; `props` is what we announce.
    /// libzmq's `zap_enabled`: a mechanism other than NULL, or a ZAP
    /// domain (whatever ZMQ_ZAP_ENFORCE_DOMAIN says). Such a socket refuses
    /// ZMTP 1.0 and 2.0 peers, which have no security handshake.
    pub(crate) fn zap_enabled(&self) -> bool {
        !matches!(self.kind, Kind::Null) || !self.zap_domain.is_empty()
    }

    pub(crate) fn mechanism(&self, props: Properties) -> Box<dyn Mechanism> {
        match &self.kind {
            Kind::Null => Box::new(Null::with_zap(
                props,
                !self.zap_domain.is_empty(),
                self.enforce_domain,
            )),
            Kind::PlainClient { username, password } => {
                Box::new(PlainClient::new(props, username, &password.0))
            }
            Kind::PlainServer => Box::new(PlainServer::new(props)),
            Kind::CurveClient {
                public,
                secret,
                server,
            } => Box::new(CurveClient::new(
                *public,
                &secret.0,
                *server,
                props,
                curve::os_rng(),
            )),
            Kind::CurveServer { secret } => Box::new(
                CurveServer::new(&secret.0, props, curve::os_rng(), self.enforce_domain)
                    .zap_domain_set(!self.zap_domain.is_empty()),
            ),
        }
    }
}

/// The inproc pipe to the ZAP handler, for one request.
pub(crate) struct ZapClient {
    pipe: PipeEnd,
    frames: Vec<(Vec<u8>, bool)>,
}

/// Frames kept of a reply: one more than a valid reply has, so a longer
/// one is recognised without storing all of it.
const KEEP_FRAMES: usize = zap::REPLY_FRAMES + 1;

impl ZapClient {
    /// Connects to the handler bound at `inproc://zeromq.zap.01` in the
    /// context and sends `frames`. None if no handler is bound (or the
    /// context is gone).
    pub(crate) fn send(
        inproc: &Weak<Registry>,
        token: u64,
        io: Arc<Mailbox<IoCmd>>,
        frames: Vec<Vec<u8>>,
    ) -> Option<ZapClient> {
        let registry = inproc.upgrade()?;
        let name = zap::ENDPOINT.trim_start_matches("inproc://");
        let reg = registry.lock();
        let b = reg.bound.get(name)?;
        let wake_me: Arc<dyn pipe::Wake> = io;
        let wake_handler: Arc<dyn pipe::Wake> = b.mailbox.clone();
        // No high-water mark on the ZAP pipe, as in libzmq.
        let (mut mine, mut theirs) = pipe::pipe(0, 0, wake_me, Some(wake_handler), false);
        mine.set_token(token);
        // We have no routing id: a ROUTER handler makes one up.
        let mut info = Msg::new();
        info.set_flag(msg::PEER_INFO);
        mine.write(info);
        let mut handler_info = Msg::from_slice(&b.routing_id);
        handler_info.set_flag(msg::PEER_INFO);
        theirs.write(handler_info);
        theirs.flush();
        let handler = b.mailbox.clone();
        drop(reg);
        let n = frames.len();
        for (i, f) in frames.into_iter().enumerate() {
            let mut m = Msg::from(f);
            m.set_more(i + 1 < n);
            mine.write(m);
        }
        mine.flush();
        handler.send(Command::Attach(Box::new(Attach {
            end: theirs,
            endpoint: zap::ENDPOINT.to_string(),
            direct: None,
            seq: crate::ids::next_id(),
        })));
        Some(ZapClient {
            pipe: mine,
            frames: Vec::new(),
        })
    }

    /// The reply, once all of it is in: `Ok(None)` while it is not.
    pub(crate) fn poll(&mut self) -> Result<Option<ZapReply>, ProtocolError> {
        loop {
            match self.pipe.read() {
                Read::Msg(m) => {
                    if m.flags() & msg::PEER_INFO != 0 {
                        continue;
                    }
                    let more = m.more();
                    if self.frames.len() < KEEP_FRAMES {
                        self.frames.push((m.as_slice().to_vec(), more));
                    }
                    if !more {
                        let frames: Vec<(&[u8], bool)> = self
                            .frames
                            .iter()
                            .map(|(b, more)| (b.as_slice(), *more))
                            .collect();
                        return zap::parse_reply(&frames).map(Some);
                    }
                }
                Read::Empty => return Ok(None),
                // The handler went away without answering.
                Read::Eof => return Err(ProtocolError::Code(codes::ZAP_UNSPECIFIED)),
            }
        }
    }
}

impl Drop for ZapClient {
    fn drop(&mut self) {
        self.pipe.terminate();
    }
}
