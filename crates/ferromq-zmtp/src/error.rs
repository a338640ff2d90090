//! Protocol errors: why a peer loses its connection.

/// A violation of the protocol by the peer (or a refusal by us). The
/// connection that produced it is closed; nothing else is affected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    /// The first bytes are not a ZMTP signature.
    #[error("bad greeting signature")]
    BadSignature,
    /// A ZMTP revision we do not speak (1.0 or 2.0).
    #[error("unsupported ZMTP revision {0}")]
    UnsupportedVersion(u8),
    /// The peer's mechanism differs from ours.
    #[error("security mechanism mismatch")]
    MechanismMismatch,
    /// A command that is not allowed at this point.
    #[error("unexpected command")]
    UnexpectedCommand,
    /// A message frame before the handshake finished.
    #[error("message before handshake completed")]
    InvalidSequence,
    /// A command frame that cannot be parsed.
    #[error("malformed command")]
    MalformedCommand,
    /// A malformed READY command.
    #[error("malformed READY")]
    MalformedReady,
    /// A malformed ERROR command.
    #[error("malformed ERROR")]
    MalformedError,
    /// A metadata block that cannot be parsed.
    #[error("invalid metadata")]
    InvalidMetadata,
    /// The peer's socket type may not talk to ours.
    #[error("incompatible socket type")]
    IncompatibleSocketType,
    /// The peer sent an ERROR command.
    #[error("peer sent ERROR: {0}")]
    PeerError(String),
    /// A frame larger than ZMQ_MAXMSGSIZE (or than memory can hold).
    #[error("message too large")]
    MessageTooLarge,
}

/// libzmq's `ZMQ_PROTOCOL_ERROR_*` codes, for monitor events.
pub mod codes {
    /// Unspecified ZMTP error.
    pub const ZMTP_UNSPECIFIED: u32 = 0x1000_0000;
    /// Unexpected command.
    pub const ZMTP_UNEXPECTED_COMMAND: u32 = 0x1000_0001;
    /// Invalid sequence.
    pub const ZMTP_INVALID_SEQUENCE: u32 = 0x1000_0002;
    /// Malformed command, unspecified.
    pub const ZMTP_MALFORMED_COMMAND_UNSPECIFIED: u32 = 0x1000_0011;
    /// Malformed ERROR.
    pub const ZMTP_MALFORMED_COMMAND_ERROR: u32 = 0x1000_0015;
    /// Malformed READY.
    pub const ZMTP_MALFORMED_COMMAND_READY: u32 = 0x1000_0016;
    /// Invalid metadata.
    pub const ZMTP_INVALID_METADATA: u32 = 0x1000_0018;
    /// Mechanism mismatch.
    pub const ZMTP_MECHANISM_MISMATCH: u32 = 0x1100_0002;
}

impl ProtocolError {
    /// The `ZMQ_PROTOCOL_ERROR_*` value a monitor reports for this failure
    /// during the handshake, if libzmq reports one.
    pub fn monitor_code(&self) -> Option<u32> {
        use codes::*;
        match self {
            ProtocolError::MechanismMismatch => Some(ZMTP_MECHANISM_MISMATCH),
            ProtocolError::UnexpectedCommand => Some(ZMTP_UNEXPECTED_COMMAND),
            ProtocolError::InvalidSequence => Some(ZMTP_INVALID_SEQUENCE),
            ProtocolError::MalformedCommand => Some(ZMTP_MALFORMED_COMMAND_UNSPECIFIED),
            ProtocolError::MalformedReady => Some(ZMTP_MALFORMED_COMMAND_READY),
            ProtocolError::MalformedError => Some(ZMTP_MALFORMED_COMMAND_ERROR),
            ProtocolError::InvalidMetadata => Some(ZMTP_INVALID_METADATA),
            ProtocolError::BadSignature | ProtocolError::UnsupportedVersion(_) => {
                Some(ZMTP_UNSPECIFIED)
            }
            ProtocolError::IncompatibleSocketType
            | ProtocolError::PeerError(_)
            | ProtocolError::MessageTooLarge => None,
        }
    }
}
