//! The NULL mechanism (RFC 23): each side sends READY with its metadata.
//!
//! With a ZAP domain set (ZMQ_ZAP_DOMAIN), the handler is asked first and
//! READY goes out only once it answers 200 (as libzmq 4.3, whichever side
//! of the connection this socket is on).

use super::{Mechanism, Status, ZapReply, ZapRequest};
use crate::command::{self, Command};
use crate::metadata::Properties;
use crate::ProtocolError;

/// NULL security: no authentication, no encryption.
#[derive(Debug)]
pub struct Null {
    ours: Properties,
    zap: bool,
    enforce_domain: bool,
    sent_ready: bool,
    /// The peer's READY, while we wait for the ZAP handler.
    peer: Option<Properties>,
}

impl Null {
    /// A NULL mechanism that announces `ours` in its READY.
    pub fn new(ours: Properties) -> Null {
        Null::with_zap(ours, false, false)
    }

    /// A NULL mechanism that first asks the ZAP handler (`zap`: a ZAP
    /// domain is set). With `enforce_domain` (ZMQ_ZAP_ENFORCE_DOMAIN) a
    /// missing handler refuses the peer; without, it lets it in.
    pub fn with_zap(ours: Properties, zap: bool, enforce_domain: bool) -> Null {
        Null {
            ours,
            zap,
            enforce_domain,
            sent_ready: false,
            peer: None,
        }
    }

    fn send_ready(&mut self, out: &mut Vec<u8>) -> Status {
        let mut meta = Vec::new();
        self.ours.encode(&mut meta);
        command::put(out, command::READY, &[&meta]);
        self.sent_ready = true;
        match self.peer.take() {
            Some(p) => Status::Ready(p),
            None => Status::Continue,
        }
    }
}

impl Mechanism for Null {
    fn name(&self) -> &'static str {
        "NULL"
    }

    fn start(&mut self, out: &mut Vec<u8>) -> Result<Status, ProtocolError> {
        if self.zap {
            return Ok(Status::Zap(ZapRequest {
                mechanism: "NULL",
                credentials: Vec::new(),
            }));
        }
        Ok(self.send_ready(out))
    }

    fn on_command(&mut self, body: &[u8], _out: &mut Vec<u8>) -> Result<Status, ProtocolError> {
        if self.peer.is_some() {
            return Err(ProtocolError::UnexpectedCommand);
        }
        match command::parse(body) {
            Ok(Command::Ready(meta)) => {
                let props = Properties::parse(meta).map_err(|_| ProtocolError::MalformedReady)?;
                if self.sent_ready {
                    Ok(Status::Ready(props))
                } else {
                    self.peer = Some(props);
                    Ok(Status::Continue)
                }
            }
            Ok(Command::Error(reason)) => Err(ProtocolError::PeerError(
                String::from_utf8_lossy(reason).into_owned(),
            )),
            Ok(_) => Err(ProtocolError::UnexpectedCommand),
            Err(e) => Err(e),
        }
    }

    fn on_zap(
        &mut self,
        reply: Option<&ZapReply>,
        out: &mut Vec<u8>,
    ) -> Result<Status, ProtocolError> {
        if !self.zap || self.sent_ready {
            return Err(ProtocolError::InvalidSequence);
        }
        match reply.map(|r| r.status) {
            None if self.enforce_domain => Err(ProtocolError::NoZapHandler),
            None | Some(200) => Ok(self.send_ready(out)),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16) -> ZapReply {
        ZapReply {
            status,
            user_id: Vec::new(),
            metadata: Properties::new(),
        }
    }

    #[test]
    fn zap_holds_ready_until_the_reply() {
        let mut n = Null::with_zap(Properties::new(), true, false);
        let mut out = Vec::new();
        assert!(matches!(n.start(&mut out), Ok(Status::Zap(_))));
        assert!(out.is_empty());
        // The peer's READY arrives first: held.
        assert_eq!(n.on_command(b"\x05READY", &mut out), Ok(Status::Continue));
        assert_eq!(
            n.on_zap(Some(&reply(200)), &mut out),
            Ok(Status::Ready(Properties::new()))
        );
        assert_eq!(out, b"\x04\x06\x05READY");
    }

    #[test]
    fn zap_refusals() {
        for (status, wire) in [(400u16, &b"\x04\x0a\x05ERROR\x03400"[..]), (300, b"")] {
            let mut n = Null::with_zap(Properties::new(), true, false);
            let mut out = Vec::new();
            let _ = n.start(&mut out);
            assert_eq!(
                n.on_zap(Some(&reply(status)), &mut out),
                Err(ProtocolError::Auth(status))
            );
            assert_eq!(out, wire);
        }
    }

    #[test]
    fn no_handler() {
        let mut n = Null::with_zap(Properties::new(), true, true);
        let mut out = Vec::new();
        let _ = n.start(&mut out);
        assert_eq!(n.on_zap(None, &mut out), Err(ProtocolError::NoZapHandler));
        let mut n = Null::with_zap(Properties::new(), true, false);
        let _ = n.start(&mut out);
        assert_eq!(n.on_zap(None, &mut out), Ok(Status::Continue));
    }
}
