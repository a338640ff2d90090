//! Security mechanisms: the handshake that follows the greeting.
//!
//! A mechanism exchanges commands until both peers are ready, then hands
//! back the peer's metadata. NULL is the only one so far; PLAIN and CURVE
//! implement the same trait.

pub mod null;

use crate::metadata::Properties;
use crate::ProtocolError;

/// Progress of a mechanism handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// More commands are needed.
    Continue,
    /// The handshake is complete; these are the peer's properties.
    Ready(Properties),
}

/// One side of a security handshake, driven by command frames.
pub trait Mechanism: Send {
    /// The name carried in the greeting ("NULL", "PLAIN", "CURVE").
    fn name(&self) -> &'static str;

    /// Whether our greeting claims the server role.
    fn as_server(&self) -> bool {
        false
    }

    /// Called once the peer's greeting is accepted; appends the commands we
    /// send first (as whole frames) to `out`.
    fn start(&mut self, out: &mut Vec<u8>);

    /// Handles one command frame body from the peer.
    fn on_command(&mut self, body: &[u8], out: &mut Vec<u8>) -> Result<Status, ProtocolError>;
}
