//! Commands to a socket, sent through its mailbox by I/O threads and by
//! other sockets (inproc).

use std::sync::Arc;

use crate::mailbox::Mailbox;
use crate::pipe::direct::DirectRead;
use crate::pipe::{PipeEnd, Wake, WakeKind};

/// A new pipe for the socket.
pub(crate) struct Attach {
    /// The socket's end.
    pub(crate) end: PipeEnd,
    /// The endpoint the pipe belongs to (for unbind/disconnect).
    pub(crate) endpoint: String,
    /// The connection's session, for the socket's direct reads and writes
    /// (tcp and ipc).
    pub(crate) direct: Option<Arc<dyn DirectRead>>,
    /// When the connection began (an id drawn when it was accepted or
    /// connected): pipes that reach the socket together attach in this
    /// order, so round-robin follows the order peers connected in (RFC 28)
    /// even when their handshakes finish out of order.
    pub(crate) seq: u64,
}

/// Commands a socket processes.
pub(crate) enum Command {
    /// A pipe needs attention (`token` names it).
    Activate(u64, WakeKind),
    /// Attach a new pipe.
    Attach(Box<Attach>),
    /// The context is terminating: blocking calls return ETERM.
    Stop,
    /// Nothing to do: wakes a socket's thread that is reading a connection
    /// itself when the I/O thread takes the connection away.
    Poke,
    /// A connect-side session ended for good after losing its connection
    /// (ZMQ_RECONNECT_IVL <= 0): forget its endpoint, so a new connect to
    /// it makes a new one (libzmq's term_endpoint).
    EndpointGone(u64),
}

impl Wake for Mailbox<Command> {
    fn wake(&self, token: u64, kind: WakeKind) {
        self.send(Command::Activate(token, kind));
    }
}
