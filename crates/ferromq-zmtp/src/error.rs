//! Protocol errors: why a peer loses its connection.

/// A violation of the protocol by the peer (or a refusal by us). The
/// connection that produced it is closed; nothing else is affected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    /// The first bytes are not a ZMTP signature.
    #[error("bad greeting signature")]
    BadSignature,
    /// A ZMTP revision this handshake does not speak (1.0 or 2.0 where
    /// old peers are not enabled).
    #[error("unsupported ZMTP revision {0}")]
    UnsupportedVersion(u8),
    /// A ZMTP 1.0 or 2.0 peer, refused because the socket uses security
    /// (a mechanism other than NULL, or a ZAP domain), as libzmq does.
    #[error("ZMTP 1.0/2.0 peer refused: security is enabled")]
    LegacyRefused,
    /// A ZMTP 1.0 frame whose length leaves no room for its flags byte.
    #[error("malformed frame")]
    MalformedFrame,
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
    /// A handshake failure libzmq reports with this
    /// `ZMQ_PROTOCOL_ERROR_*` code (see [`codes`]).
    #[error("protocol error {0:#x}")]
    Code(u32),
    /// The ZAP handler refused the peer with this status code (300, 400,
    /// 500).
    #[error("refused by ZAP ({0})")]
    Auth(u16),
    /// The mechanism needs a ZAP handler and none is bound.
    #[error("no ZAP handler")]
    NoZapHandler,
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
    /// Key exchange failed.
    pub const ZMTP_KEY_EXCHANGE: u32 = 0x1000_0003;
    /// Malformed MESSAGE.
    pub const ZMTP_MALFORMED_COMMAND_MESSAGE: u32 = 0x1000_0012;
    /// Malformed HELLO.
    pub const ZMTP_MALFORMED_COMMAND_HELLO: u32 = 0x1000_0013;
    /// Malformed INITIATE.
    pub const ZMTP_MALFORMED_COMMAND_INITIATE: u32 = 0x1000_0014;
    /// Malformed WELCOME.
    pub const ZMTP_MALFORMED_COMMAND_WELCOME: u32 = 0x1000_0017;
    /// A box that does not open (wrong key, tampered or replayed data).
    pub const ZMTP_CRYPTOGRAPHIC: u32 = 0x1100_0001;
    /// Mechanism mismatch.
    pub const ZMTP_MECHANISM_MISMATCH: u32 = 0x1100_0002;
    /// Unspecified ZAP error.
    pub const ZAP_UNSPECIFIED: u32 = 0x2000_0000;
    /// Malformed ZAP reply.
    pub const ZAP_MALFORMED_REPLY: u32 = 0x2000_0001;
    /// ZAP reply with a wrong request id.
    pub const ZAP_BAD_REQUEST_ID: u32 = 0x2000_0002;
    /// ZAP reply with a wrong version.
    pub const ZAP_BAD_VERSION: u32 = 0x2000_0003;
    /// ZAP reply with an invalid status code.
    pub const ZAP_INVALID_STATUS_CODE: u32 = 0x2000_0004;
    /// ZAP reply with invalid metadata.
    pub const ZAP_INVALID_METADATA: u32 = 0x2000_0005;
}

impl ProtocolError {
    /// The ZAP status code a monitor reports with
    /// `ZMQ_EVENT_HANDSHAKE_FAILED_AUTH`: ours when the ZAP handler refused
    /// the peer, or the peer's when its ERROR carries one.
    pub fn auth_status(&self) -> Option<u16> {
        match self {
            ProtocolError::Auth(s) => Some(*s),
            ProtocolError::PeerError(r) => crate::mechanism::auth_status_of_error(r.as_bytes()),
            _ => None,
        }
    }

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
            ProtocolError::Code(c) => Some(*c),
            // libzmq reports no handshake failure for these: an old peer
            // refused, or broken framing from one (its engine is past
            // the handshake by then).
            ProtocolError::LegacyRefused | ProtocolError::MalformedFrame => None,
            ProtocolError::IncompatibleSocketType
            | ProtocolError::PeerError(_)
            | ProtocolError::MessageTooLarge
            | ProtocolError::Auth(_)
            | ProtocolError::NoZapHandler => None,
        }
    }
}
