//! The one error type. Every variant maps to exactly one errno value, the
//! value libzmq reports for the same failure; error numbers are ABI.

/// libzmq's private errno base (`ZMQ_HAUSNUMERO`).
pub const HAUSNUMERO: i32 = 156_384_712;
/// Operation cannot be accomplished in current state.
pub const EFSM: i32 = HAUSNUMERO + 51;
/// The protocol is not compatible with the socket type.
pub const ENOCOMPATPROTO: i32 = HAUSNUMERO + 52;
/// Context was terminated.
pub const ETERM: i32 = HAUSNUMERO + 53;
/// No I/O thread is available to accomplish the task.
pub const EMTHREAD: i32 = HAUSNUMERO + 54;

/// A ferromq failure; [`Error::errno`] gives the value libzmq would set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Resource temporarily unavailable (non-blocking call would block, or timeout).
    #[error("Resource temporarily unavailable")]
    Again,
    /// Invalid argument.
    #[error("Invalid argument")]
    Inval,
    /// Bad address (invalid context or message).
    #[error("Bad address")]
    Fault,
    /// Operation not supported by this socket type.
    #[error("Operation not supported")]
    NotSup,
    /// Operation cannot be accomplished in current state.
    #[error("Operation cannot be accomplished in current state")]
    Fsm,
    /// Context was terminated.
    #[error("Context was terminated")]
    Term,
    /// Not a socket (NULL or closed).
    #[error("Socket operation on non-socket")]
    NotSock,
    /// Transport protocol not supported.
    #[error("Protocol not supported")]
    ProtoNoSupport,
    /// Transport not compatible with the socket type.
    #[error("The protocol is not compatible with the socket type")]
    NoCompatProto,
    /// Address already in use.
    #[error("Address already in use")]
    AddrInUse,
    /// Cannot assign requested address.
    #[error("Cannot assign requested address")]
    AddrNotAvail,
    /// No such device (unknown interface).
    #[error("No such device")]
    NoDev,
    /// No such file or directory (endpoint not bound/connected, ipc dir missing).
    #[error("No such file or directory")]
    NoEnt,
    /// File name too long (ipc path).
    #[error("File name too long")]
    NameTooLong,
    /// Host unreachable (ROUTER_MANDATORY with an unknown routing id).
    #[error("Host unreachable")]
    HostUnreach,
    /// No I/O thread available.
    #[error("No thread available")]
    MThread,
    /// Too many open sockets or files.
    #[error("Too many open files")]
    MFile,
    /// Out of memory.
    #[error("Cannot allocate memory")]
    NoMem,
    /// Interrupted by a signal.
    #[error("Interrupted system call")]
    Intr,
    /// Message too large.
    #[error("Message too long")]
    MsgSize,
    /// Bad file descriptor.
    #[error("Bad file descriptor")]
    BadF,
    /// Address family not supported.
    #[error("Address family not supported by protocol")]
    AfNoSupport,
    /// Any other operating-system error, carried as its errno.
    #[error("system error {0}")]
    Os(i32),
}

impl Error {
    /// The errno value libzmq sets for this failure.
    pub fn errno(self) -> i32 {
        match self {
            Error::Again => libc::EAGAIN,
            Error::Inval => libc::EINVAL,
            Error::Fault => libc::EFAULT,
            Error::NotSup => libc::ENOTSUP,
            Error::Fsm => EFSM,
            Error::Term => ETERM,
            Error::NotSock => libc::ENOTSOCK,
            Error::ProtoNoSupport => libc::EPROTONOSUPPORT,
            Error::NoCompatProto => ENOCOMPATPROTO,
            Error::AddrInUse => libc::EADDRINUSE,
            Error::AddrNotAvail => libc::EADDRNOTAVAIL,
            Error::NoDev => libc::ENODEV,
            Error::NoEnt => libc::ENOENT,
            Error::NameTooLong => libc::ENAMETOOLONG,
            Error::HostUnreach => libc::EHOSTUNREACH,
            Error::MThread => EMTHREAD,
            Error::MFile => libc::EMFILE,
            Error::NoMem => libc::ENOMEM,
            Error::Intr => libc::EINTR,
            Error::MsgSize => libc::EMSGSIZE,
            Error::BadF => libc::EBADF,
            Error::AfNoSupport => libc::EAFNOSUPPORT,
            Error::Os(e) => e,
        }
    }

    /// Maps an errno value back to an [`Error`].
    pub fn from_errno(e: i32) -> Error {
        match e {
            libc::EAGAIN => Error::Again,
            libc::EINVAL => Error::Inval,
            libc::EFAULT => Error::Fault,
            libc::ENOTSUP => Error::NotSup,
            EFSM => Error::Fsm,
            ETERM => Error::Term,
            libc::ENOTSOCK => Error::NotSock,
            libc::EPROTONOSUPPORT => Error::ProtoNoSupport,
            ENOCOMPATPROTO => Error::NoCompatProto,
            libc::EADDRINUSE => Error::AddrInUse,
            libc::EADDRNOTAVAIL => Error::AddrNotAvail,
            libc::ENODEV => Error::NoDev,
            libc::ENOENT => Error::NoEnt,
            libc::ENAMETOOLONG => Error::NameTooLong,
            libc::EHOSTUNREACH => Error::HostUnreach,
            EMTHREAD => Error::MThread,
            libc::EMFILE => Error::MFile,
            libc::ENOMEM => Error::NoMem,
            libc::EINTR => Error::Intr,
            libc::EMSGSIZE => Error::MsgSize,
            libc::EBADF => Error::BadF,
            libc::EAFNOSUPPORT => Error::AfNoSupport,
            other => Error::Os(other),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::from_errno(e.raw_os_error().unwrap_or(libc::EIO))
    }
}

/// `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// The text libzmq gives for its own error numbers (and `EHOSTUNREACH`),
/// or `None` where libzmq defers to the C library's `strerror`.
pub fn zmq_own_strerror(errnum: i32) -> Option<&'static str> {
    match errnum {
        EFSM => Some("Operation cannot be accomplished in current state"),
        ENOCOMPATPROTO => Some("The protocol is not compatible with the socket type"),
        ETERM => Some("Context was terminated"),
        EMTHREAD => Some("No thread available"),
        libc::EHOSTUNREACH => Some("Host unreachable"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_round_trips() {
        for e in [
            Error::Again,
            Error::Fsm,
            Error::Term,
            Error::NotSock,
            Error::HostUnreach,
            Error::MThread,
            Error::NoCompatProto,
        ] {
            assert_eq!(Error::from_errno(e.errno()), e);
        }
    }
}
