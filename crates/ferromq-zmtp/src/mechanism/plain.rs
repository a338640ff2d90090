//! The PLAIN mechanism (RFC 24): a user name and password in clear text,
//! checked by the server's ZAP handler.
//!
//! ```text
//! client                         server
//!   HELLO username password  ──►   (asks ZAP)
//!                            ◄──  WELCOME          (or ERROR "400")
//!   INITIATE metadata        ──►
//!                            ◄──  READY metadata
//! ```
//!
//! As in libzmq 4.3, a PLAIN server without a ZAP handler refuses every
//! client: there would be nobody to check the password.

use zeroize::Zeroizing;

use super::{Mechanism, Status, ZapReply, ZapRequest};
use crate::command;
use crate::error::codes;
use crate::metadata::Properties;
use crate::ProtocolError;

const HELLO: &[u8] = b"HELLO";
const WELCOME: &[u8] = b"WELCOME";
const INITIATE: &[u8] = b"INITIATE";

fn code(c: u32) -> ProtocolError {
    ProtocolError::Code(c)
}

/// Splits a command into name and data, with libzmq's check of the basic
/// structure (the name fits in the body).
fn split(body: &[u8]) -> Result<(&[u8], &[u8]), ProtocolError> {
    command::split(body).map_err(|_| code(codes::ZMTP_MALFORMED_COMMAND_UNSPECIFIED))
}

/// The reason of an ERROR command received during the handshake.
fn error_reason(data: &[u8]) -> Result<ProtocolError, ProtocolError> {
    let (&n, rest) = data
        .split_first()
        .ok_or(code(codes::ZMTP_MALFORMED_COMMAND_ERROR))?;
    let reason = rest
        .get(..usize::from(n))
        .ok_or(code(codes::ZMTP_MALFORMED_COMMAND_ERROR))?;
    Ok(ProtocolError::PeerError(
        String::from_utf8_lossy(reason).into_owned(),
    ))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClientState {
    WaitWelcome,
    WaitReady,
    Done,
}

/// The PLAIN client (ZMQ_PLAIN_USERNAME / ZMQ_PLAIN_PASSWORD set).
pub struct PlainClient {
    ours: Properties,
    username: Zeroizing<Vec<u8>>,
    password: Zeroizing<Vec<u8>>,
    state: ClientState,
}

impl std::fmt::Debug for PlainClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlainClient")
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

impl PlainClient {
    /// A client that logs in as `username` with `password` (each at most
    /// 255 bytes; longer ones are cut, the socket option refuses them) and
    /// announces `ours` in INITIATE.
    pub fn new(ours: Properties, username: &[u8], password: &[u8]) -> PlainClient {
        PlainClient {
            ours,
            username: Zeroizing::new(username[..username.len().min(255)].to_vec()),
            password: Zeroizing::new(password[..password.len().min(255)].to_vec()),
            state: ClientState::WaitWelcome,
        }
    }
}

impl Mechanism for PlainClient {
    fn name(&self) -> &'static str {
        "PLAIN"
    }

    fn start(&mut self, out: &mut Vec<u8>) -> Result<Status, ProtocolError> {
        let (u, p) = (&self.username[..], &self.password[..]);
        command::put(out, HELLO, &[&[u.len() as u8], u, &[p.len() as u8], p]);
        Ok(Status::Continue)
    }

    fn on_command(&mut self, body: &[u8], out: &mut Vec<u8>) -> Result<Status, ProtocolError> {
        let (name, data) = split(body)?;
        match name {
            WELCOME => {
                if self.state != ClientState::WaitWelcome {
                    return Err(code(codes::ZMTP_UNEXPECTED_COMMAND));
                }
                if !data.is_empty() {
                    return Err(code(codes::ZMTP_MALFORMED_COMMAND_WELCOME));
                }
                let mut meta = Vec::new();
                self.ours.encode(&mut meta);
                command::put(out, INITIATE, &[&meta]);
                self.state = ClientState::WaitReady;
                Ok(Status::Continue)
            }
            command::READY => {
                if self.state != ClientState::WaitReady {
                    return Err(code(codes::ZMTP_UNEXPECTED_COMMAND));
                }
                let props =
                    Properties::parse(data).map_err(|_| code(codes::ZMTP_INVALID_METADATA))?;
                self.state = ClientState::Done;
                Ok(Status::Ready(props))
            }
            command::ERROR if self.state != ClientState::Done => Err(error_reason(data)?),
            _ => Err(code(codes::ZMTP_UNEXPECTED_COMMAND)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ServerState {
    WaitHello,
    WaitZap,
    WaitInitiate,
    Done,
}

/// The PLAIN server (ZMQ_PLAIN_SERVER = 1).
#[derive(Debug)]
pub struct PlainServer {
    ours: Properties,
    state: ServerState,
}

impl PlainServer {
    /// A server that announces `ours` in READY.
    pub fn new(ours: Properties) -> PlainServer {
        PlainServer {
            ours,
            state: ServerState::WaitHello,
        }
    }

    fn hello(&mut self, data: &[u8]) -> Result<Status, ProtocolError> {
        let malformed = || code(codes::ZMTP_MALFORMED_COMMAND_HELLO);
        let (&ulen, rest) = data.split_first().ok_or_else(malformed)?;
        let username = rest.get(..usize::from(ulen)).ok_or_else(malformed)?;
        let rest = &rest[usize::from(ulen)..];
        let (&plen, password) = rest.split_first().ok_or_else(malformed)?;
        if password.len() != usize::from(plen) {
            return Err(malformed());
        }
        self.state = ServerState::WaitZap;
        Ok(Status::Zap(ZapRequest {
            mechanism: "PLAIN",
            credentials: vec![username.to_vec(), password.to_vec()],
        }))
    }
}

impl Mechanism for PlainServer {
    fn name(&self) -> &'static str {
        "PLAIN"
    }

    fn as_server(&self) -> bool {
        true
    }

    fn start(&mut self, _out: &mut Vec<u8>) -> Result<Status, ProtocolError> {
        Ok(Status::Continue)
    }

    fn on_command(&mut self, body: &[u8], out: &mut Vec<u8>) -> Result<Status, ProtocolError> {
        match self.state {
            ServerState::WaitHello => {
                let (name, data) = split(body)?;
                if name != HELLO {
                    return Err(code(codes::ZMTP_UNEXPECTED_COMMAND));
                }
                self.hello(data)
            }
            ServerState::WaitInitiate => {
                let (name, data) = split(body)?;
                if name != INITIATE {
                    return Err(code(codes::ZMTP_UNEXPECTED_COMMAND));
                }
                let props =
                    Properties::parse(data).map_err(|_| code(codes::ZMTP_INVALID_METADATA))?;
                let mut meta = Vec::new();
                self.ours.encode(&mut meta);
                command::put(out, command::READY, &[&meta]);
                self.state = ServerState::Done;
                Ok(Status::Ready(props))
            }
            ServerState::WaitZap | ServerState::Done => Err(code(codes::ZMTP_UNSPECIFIED)),
        }
    }

    fn on_zap(
        &mut self,
        reply: Option<&ZapReply>,
        out: &mut Vec<u8>,
    ) -> Result<Status, ProtocolError> {
        if self.state != ServerState::WaitZap {
            return Err(ProtocolError::InvalidSequence);
        }
        match reply.map(|r| r.status) {
            None => Err(ProtocolError::NoZapHandler),
            Some(200) => {
                command::put(out, WELCOME, &[]);
                self.state = ServerState::WaitInitiate;
                Ok(Status::Continue)
            }
            Some(status) => {
                if status != 300 {
                    command::put_error(out, status.to_string().as_bytes());
                }
                Err(ProtocolError::Auth(status))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame;

    /// Strips the frame header from a command frame.
    fn body(frame_bytes: &[u8]) -> Vec<u8> {
        let h = frame::parse_header(frame_bytes, None).unwrap().unwrap();
        frame_bytes[h.header_len..].to_vec()
    }

    fn ok(status: u16) -> ZapReply {
        ZapReply {
            status,
            user_id: b"admin".to_vec(),
            metadata: Properties::new(),
        }
    }

    #[test]
    fn full_exchange() {
        let mut props = Properties::new();
        props.push("Socket-Type", "DEALER");
        let mut c = PlainClient::new(props.clone(), b"admin", b"secret");
        let mut s = PlainServer::new(Properties::new());
        let (mut to_s, mut to_c) = (Vec::new(), Vec::new());
        assert_eq!(c.start(&mut to_s), Ok(Status::Continue));
        assert_eq!(s.start(&mut to_c), Ok(Status::Continue));
        assert_eq!(body(&to_s), b"\x05HELLO\x05admin\x06secret");
        let st = s.on_command(&body(&to_s), &mut to_c).unwrap();
        let Status::Zap(req) = st else { panic!() };
        assert_eq!(req.mechanism, "PLAIN");
        assert_eq!(req.credentials, vec![b"admin".to_vec(), b"secret".to_vec()]);
        assert_eq!(s.on_zap(Some(&ok(200)), &mut to_c), Ok(Status::Continue));
        to_s.clear();
        assert_eq!(c.on_command(&body(&to_c), &mut to_s), Ok(Status::Continue));
        to_c.clear();
        assert_eq!(
            s.on_command(&body(&to_s), &mut to_c),
            Ok(Status::Ready(props))
        );
        assert_eq!(
            c.on_command(&body(&to_c), &mut to_s),
            Ok(Status::Ready(Properties::new()))
        );
    }

    #[test]
    fn refused() {
        let mut s = PlainServer::new(Properties::new());
        let mut out = Vec::new();
        let _ = s.on_command(b"\x05HELLO\x01a\x01b", &mut out).unwrap();
        assert_eq!(
            s.on_zap(Some(&ok(400)), &mut out),
            Err(ProtocolError::Auth(400))
        );
        let mut c = PlainClient::new(Properties::new(), b"a", b"b");
        assert_eq!(
            c.on_command(&body(&out), &mut Vec::new()),
            Err(ProtocolError::PeerError("400".into()))
        );
        let mut s = PlainServer::new(Properties::new());
        let _ = s.on_command(b"\x05HELLO\x01a\x01b", &mut out).unwrap();
        assert_eq!(s.on_zap(None, &mut out), Err(ProtocolError::NoZapHandler));
    }

    #[test]
    fn malformed_hello() {
        for bad in [
            &b"\x05HELLO"[..],
            b"\x05HELLO\x05adm",
            b"\x05HELLO\x01a",
            b"\x05HELLO\x01a\x02b",
            b"\x05HELLO\x01a\x01bc",
        ] {
            let mut s = PlainServer::new(Properties::new());
            assert_eq!(
                s.on_command(bad, &mut Vec::new()),
                Err(code(codes::ZMTP_MALFORMED_COMMAND_HELLO)),
                "{bad:?}"
            );
        }
        let mut s = PlainServer::new(Properties::new());
        assert_eq!(
            s.on_command(b"\x05READY", &mut Vec::new()),
            Err(code(codes::ZMTP_UNEXPECTED_COMMAND))
        );
        assert_eq!(
            s.on_command(b"\x09HE", &mut Vec::new()),
            Err(code(codes::ZMTP_MALFORMED_COMMAND_UNSPECIFIED))
        );
    }

    #[test]
    fn client_order() {
        let mut c = PlainClient::new(Properties::new(), b"a", b"b");
        assert_eq!(
            c.on_command(b"\x05READY", &mut Vec::new()),
            Err(code(codes::ZMTP_UNEXPECTED_COMMAND))
        );
        assert_eq!(
            c.on_command(b"\x07WELCOMEx", &mut Vec::new()),
            Err(code(codes::ZMTP_MALFORMED_COMMAND_WELCOME))
        );
        assert_eq!(
            c.on_command(b"\x05ERROR\x05ab", &mut Vec::new()),
            Err(code(codes::ZMTP_MALFORMED_COMMAND_ERROR))
        );
    }
}
