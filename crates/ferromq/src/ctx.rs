//! The context: the public handle over the state its sockets share
//! (`runtime`): I/O threads, the set of live sockets, inproc
//! endpoints, and termination.

use std::sync::Arc;

use crate::error::Result;
use crate::runtime::Runtime;
use crate::socket::Socket;
use ferromq_zmtp::SocketType;

/// A ZeroMQ context: create sockets with [`Context::socket`].
///
/// Clones share one context. Every socket also holds it, so the context
/// lives until the last clone and the last socket are gone; whichever goes
/// last terminates it as [`Context::term`] does: its I/O threads finish
/// sending what closed sockets left queued (each within its `ZMQ_LINGER`,
/// which may be forever) and end. Call `term` to choose where that wait
/// happens, or to interrupt sockets still in use.
#[derive(Clone)]
pub struct Context {
    pub(crate) inner: Arc<Runtime>,
}

impl Default for Context {
    fn default() -> Context {
        Context::new()
    }
}

impl Context {
    /// A new context with libzmq's defaults (one I/O thread).
    pub fn new() -> Context {
        Context {
            inner: Arc::new(Runtime::new()),
        }
    }

    /// Creates a socket of `ty`.
    pub fn socket(&self, ty: SocketType) -> Result<Socket> {
        Socket::open(&self.inner, ty)
    }

    /// Sets a context option (`zmq_ctx_set`), validated as libzmq does.
    pub fn set(&self, option: i32, value: i32) -> Result<()> {
        self.inner.set(option, value)
    }

    /// Reads a context option (`zmq_ctx_get`).
    pub fn get(&self, option: i32) -> Result<i32> {
        self.inner.get(option)
    }

    /// Sets a context option from bytes (`zmq_ctx_set_ext`): an int's
    /// worth of bytes is an int for any option ([`Context::set`]); longer
    /// or shorter values only for `ZMQ_THREAD_NAME_PREFIX` (1 to 16 bytes).
    pub fn set_ext(&self, option: i32, value: &[u8]) -> Result<()> {
        self.inner.set_ext(option, value)
    }

    /// Reads a context option into `out` (`zmq_ctx_get_ext`): an int when
    /// `out` is an int's size, else `ZMQ_THREAD_NAME_PREFIX`'s bytes
    /// (`out` must hold them; the rest of `out` is left as it was).
    pub fn get_ext(&self, option: i32, out: &mut [u8]) -> Result<()> {
        self.inner.get_ext(option, out)
    }

    /// Interrupts every blocking call with ETERM and refuses new sockets
    /// (`zmq_ctx_shutdown`). Does not wait.
    pub fn shutdown(&self) {
        self.inner.shutdown();
    }

    /// Shuts down, waits until every socket is closed and every lingering
    /// message is sent (or its linger expired), then stops the I/O threads
    /// (`zmq_ctx_term`).
    pub fn term(&self) -> Result<()> {
        self.inner.term();
        Ok(())
    }
}
