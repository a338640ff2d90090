//! Context functions: `zmq_ctx_*`, `zmq_init`, `zmq_term`.

use std::os::raw::{c_int, c_void};

use ferromq::Context;

use crate::boundary::ffi_guard;
use crate::handle;

/// A new context; the first one also tells the engine how to make the
/// allocator give memory back when the buffer pool is emptied.
fn new_context() -> Context {
    #[cfg(feature = "mimalloc")]
    ferromq::set_memory_release_hook(release_memory);
    Context::new()
}

/// Makes mimalloc return freed memory to the system now: by default it
/// purges freed pages only after a delay, during later allocator work, so
/// after a burst of large messages the memory stayed resident.
#[cfg(feature = "mimalloc")]
fn release_memory() {
    extern "C" {
        // mimalloc's own API (mimalloc.h), linked in with the allocator.
        fn mi_collect(force: bool);
    }
    // SAFETY: mi_collect takes no pointers and may be called from any
    // thread at any time.
    unsafe { mi_collect(true) };
}

/// Creates a context.
#[no_mangle]
pub extern "C" fn zmq_ctx_new() -> *mut c_void {
    ffi_guard(std::ptr::null_mut(), || Ok(handle::new_ctx(new_context())))
}

/// Terminates a context: interrupts blocking calls, waits for every socket
/// to be closed and for lingering messages, then frees it.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_term(context: *mut c_void) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a context handle (or garbage we reject
        // by tag, as libzmq does).
        let ctx = unsafe { handle::ctx(context) }?.clone();
        ctx.term().map_err(|e| e.errno())?;
        // SAFETY: term returned: every socket is closed, the handle is ours.
        unsafe { handle::free_ctx(context) };
        Ok(0)
    })
}

/// Interrupts blocking calls with ETERM without waiting.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_shutdown(context: *mut c_void) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: as in zmq_ctx_term.
        unsafe { handle::ctx(context) }?.shutdown();
        Ok(0)
    })
}

/// Sets a context option.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_set(context: *mut c_void, option: c_int, optval: c_int) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: as in zmq_ctx_term.
        let ctx = unsafe { handle::ctx(context) }?;
        ctx.set(option, optval).map_err(|e| e.errno())?;
        Ok(0)
    })
}

/// Reads a context option.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_get(context: *mut c_void, option: c_int) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: as in zmq_ctx_term.
        let ctx = unsafe { handle::ctx(context) }?;
        ctx.get(option).map_err(|e| e.errno())
    })
}

/// Legacy: a context with `io_threads` I/O threads.
#[no_mangle]
pub extern "C" fn zmq_init(io_threads: c_int) -> *mut c_void {
    ffi_guard(std::ptr::null_mut(), || {
        if io_threads < 0 {
            return Err(libc::EINVAL);
        }
        let ctx = new_context();
        ctx.set(ferromq::opt::ZMQ_IO_THREADS, io_threads)
            .map_err(|e| e.errno())?;
        Ok(handle::new_ctx(ctx))
    })
}

/// Legacy name of `zmq_ctx_term`.
#[no_mangle]
pub unsafe extern "C" fn zmq_term(context: *mut c_void) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { zmq_ctx_term(context) }
}

/// Legacy name of `zmq_ctx_term`.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_destroy(context: *mut c_void) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { zmq_ctx_term(context) }
}
