//! Commands to a socket, sent through its mailbox by I/O threads and by
//! other sockets (inproc).

use crate::mailbox::Mailbox;
use crate::pipe::{PipeEnd, Wake, WakeKind};

/// A new pipe for the socket.
pub(crate) struct Attach {
    /// The socket's end.
    pub(crate) end: PipeEnd,
    /// The endpoint the pipe belongs to (for unbind/disconnect).
    pub(crate) endpoint: String,
}

/// Commands a socket processes.
pub(crate) enum Command {
    /// A pipe needs attention (`token` names it).
    Activate(u64, WakeKind),
    /// Attach a new pipe.
    Attach(Box<Attach>),
    /// The context is terminating: blocking calls return ETERM.
    Stop,
}

impl Wake for Mailbox<Command> {
    fn wake(&self, token: u64, kind: WakeKind) {
        self.send(Command::Activate(token, kind));
    }
}
