//! The NULL mechanism (RFC 23): each side sends READY with its metadata.

use super::{Mechanism, Status};
use crate::command::{self, Command};
use crate::metadata::Properties;
use crate::ProtocolError;

/// NULL security: no authentication, no encryption.
#[derive(Debug)]
pub struct Null {
    ours: Properties,
    sent_ready: bool,
}

impl Null {
    /// A NULL mechanism that announces `ours` in its READY.
    pub fn new(ours: Properties) -> Null {
        Null {
            ours,
            sent_ready: false,
        }
    }
}

impl Mechanism for Null {
    fn name(&self) -> &'static str {
        "NULL"
    }

    fn start(&mut self, out: &mut Vec<u8>) {
        let mut meta = Vec::new();
        self.ours.encode(&mut meta);
        command::put(out, command::READY, &[&meta]);
        self.sent_ready = true;
    }

    fn on_command(&mut self, body: &[u8], _out: &mut Vec<u8>) -> Result<Status, ProtocolError> {
        match command::parse(body) {
            Ok(Command::Ready(meta)) => {
                let props = Properties::parse(meta).map_err(|_| ProtocolError::MalformedReady)?;
                Ok(Status::Ready(props))
            }
            Ok(Command::Error(reason)) => Err(ProtocolError::PeerError(
                String::from_utf8_lossy(reason).into_owned(),
            )),
            Ok(_) => Err(ProtocolError::UnexpectedCommand),
            Err(e) => Err(e),
        }
    }
}
