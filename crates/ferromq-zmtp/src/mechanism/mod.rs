//! Security mechanisms: the handshake that follows the greeting.
//!
//! A mechanism exchanges commands until both peers are ready, then hands
//! back the peer's metadata. A server-side mechanism may need to ask the
//! application's ZAP handler (RFC 27) before it answers: it returns
//! [`Status::Zap`] and the handshake waits until the engine hands the
//! reply (or the absence of a handler) to [`Mechanism::on_zap`].
//!
//! Mechanisms that encrypt (CURVE) give a [`Codec`] once ready: every
//! frame after the handshake goes through it.
//!
//! - [`null`]: NULL (RFC 23), with ZAP when a domain is set.
//! - [`plain`]: PLAIN (RFC 24), client and server.
//! - [`curve`]: CURVE (RFC 25/26), client and server.

pub mod curve;
pub mod null;
pub mod plain;

use bytes::BytesMut;

use crate::metadata::Properties;
use crate::ProtocolError;

/// Progress of a mechanism handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// More commands are needed.
    Continue,
    /// Ask the ZAP handler; the handshake continues with
    /// [`Mechanism::on_zap`].
    Zap(ZapRequest),
    /// The handshake is complete; these are the peer's properties.
    Ready(Properties),
}

/// What a mechanism asks the ZAP handler (the request frames after the
/// domain, address and routing id, which the engine knows).
#[derive(Clone, PartialEq, Eq)]
pub struct ZapRequest {
    /// "NULL", "PLAIN" or "CURVE".
    pub mechanism: &'static str,
    /// PLAIN: user name and password; CURVE: the client's long-term
    /// public key (32 bytes); NULL: none.
    pub credentials: Vec<Vec<u8>>,
}

impl Drop for ZapRequest {
    // PLAIN passwords: wiped once the request has been sent.
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.credentials.zeroize();
    }
}

impl std::fmt::Debug for ZapRequest {
    // Credentials are secrets (PLAIN passwords): never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZapRequest")
            .field("mechanism", &self.mechanism)
            .field("credentials", &self.credentials.len())
            .finish()
    }
}

/// A valid ZAP reply (see [`crate::zap::parse_reply`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZapReply {
    /// 200, 300, 400 or 500.
    pub status: u16,
    /// The user id the handler gave (the `User-Id` message property).
    pub user_id: Vec<u8>,
    /// Metadata the handler gave, attached to the peer's messages.
    pub metadata: Properties,
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
    fn start(&mut self, out: &mut Vec<u8>) -> Result<Status, ProtocolError>;

    /// Handles one command frame body from the peer.
    fn on_command(&mut self, body: &[u8], out: &mut Vec<u8>) -> Result<Status, ProtocolError>;

    /// The ZAP handler answered (`Some`), or no handler is bound at
    /// `inproc://zeromq.zap.01` (`None`). Only called after [`Status::Zap`].
    fn on_zap(
        &mut self,
        reply: Option<&ZapReply>,
        out: &mut Vec<u8>,
    ) -> Result<Status, ProtocolError> {
        let _ = (reply, out);
        Err(ProtocolError::InvalidSequence)
    }

    /// Once ready: the codec every later frame goes through, if the
    /// mechanism encrypts (CURVE). Called once.
    fn take_codec(&mut self) -> Option<Box<dyn Codec>> {
        None
    }
}

/// Frames after the handshake of an encrypting mechanism: each ZMTP frame
/// travels sealed in a MESSAGE command body. As libzmq sends it, the outer
/// frame carries no COMMAND flag (MORE and COMMAND travel inside the box),
/// so every frame after the handshake is opened, whatever its flags.
pub trait Codec: Send {
    /// Appends to `out` the whole wire frame (frame header and MESSAGE
    /// body) that carries a frame with flags `more`/`command` whose
    /// body is `prefix` followed by `body` (`prefix` lets a SUBSCRIBE or
    /// CANCEL name go in front of the topic without a copy).
    fn encode(
        &mut self,
        more: bool,
        command: bool,
        prefix: &[u8],
        body: &[u8],
        out: &mut BytesMut,
    ) -> Result<(), ProtocolError>;

    /// How many bytes [`Codec::encode`] appends for a body of `len` bytes
    /// (prefix included).
    fn encoded_len(&self, len: usize) -> usize;

    /// Opens the body of a frame from the peer (it must be a MESSAGE), in
    /// place. Returns the carried frame's flags and where its
    /// plaintext body lies in `body`.
    fn decode(&mut self, body: &mut [u8]) -> Result<Decoded, ProtocolError>;
}

/// A frame opened by [`Codec::decode`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// More frames of this message follow.
    pub more: bool,
    /// The frame is a command (SUBSCRIBE, PING, ...).
    pub command: bool,
    /// The plaintext body within the decoded buffer.
    pub body: std::ops::Range<usize>,
}

/// The ZMTP-level status-code convention of ERROR reasons: a ZAP status
/// code ("300", "400", "500") as the reason of an ERROR command.
pub fn auth_status_of_error(reason: &[u8]) -> Option<u16> {
    match reason {
        b"300" => Some(300),
        b"400" => Some(400),
        b"500" => Some(500),
        _ => None,
    }
}
