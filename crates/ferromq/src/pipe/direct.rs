//! Direct reads: a socket with a single tcp/ipc connection may read that
//! connection on its own thread while it waits, saving the hop through the
//! I/O thread. The connection's session implements [`DirectRead`]; the
//! socket only sees this trait, so the pipe and socket layers do not depend
//! on the I/O layer.

use std::os::fd::RawFd;

/// A connection the socket's thread may read itself.
pub(crate) trait DirectRead: Send + Sync {
    /// Takes reading over from the I/O thread: the descriptor to poll, or
    /// None if the connection cannot be handed over right now (busy,
    /// handshaking, throttled, closing).
    fn begin(&self) -> Option<RawFd>;

    /// Gives reading back to the I/O thread, first reading what arrived if
    /// the poll saw the descriptor `readable`. Decoded messages go to the
    /// socket's pipe as usual.
    fn finish(&self, readable: bool);

    /// The local and remote addresses of the connection (monitor v2's
    /// endpoint pair; before a connection, the endpoint on its side).
    fn endpoints(&self) -> (String, String);
}
