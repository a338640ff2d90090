//! The inproc endpoints of one context: names bound by sockets, and the
//! connects waiting for a name nobody has bound yet.

use std::collections::HashMap;
use std::sync::Arc;

use crate::command::Command;
use crate::mailbox::Mailbox;
use crate::pipe::PipeEnd;

/// An inproc endpoint bound by a socket.
pub(crate) struct InprocBinding {
    pub(crate) socket_id: u64,
    pub(crate) mailbox: Arc<Mailbox<Command>>,
    pub(crate) sndhwm: i32,
    pub(crate) rcvhwm: i32,
    pub(crate) routing_id: Vec<u8>,
    /// The binder's ZMQ_HELLO_MSG and ZMQ_DISCONNECT_MSG, where its type
    /// uses them (as of the bind, as libzmq).
    pub(crate) hello: Option<Vec<u8>>,
    pub(crate) disconnect: Option<Vec<u8>>,
}

/// A connect to an inproc name nobody has bound yet: the end the binder
/// will get, and the connecting side's limits.
pub(crate) struct PendingConnect {
    pub(crate) end: PipeEnd,
    pub(crate) endpoint: String,
    pub(crate) sndhwm: i32,
    pub(crate) rcvhwm: i32,
}

/// The registry, behind the context's mutex ([`Registry`]).
#[derive(Default)]
pub(crate) struct Inproc {
    pub(crate) bound: HashMap<String, InprocBinding>,
    pub(crate) pending: HashMap<String, Vec<PendingConnect>>,
}

/// What sockets and sessions (the ZAP client) share.
pub(crate) type Registry = parking_lot::Mutex<Inproc>;
