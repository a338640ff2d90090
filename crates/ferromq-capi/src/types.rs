//! C types of `zmq.h`: `zmq_msg_t`, `zmq_pollitem_t` and the callback types.

use std::os::raw::{c_int, c_short, c_void};

/// A message: 64 opaque bytes, pointer-aligned, exactly as libzmq's.
/// cbindgen:field-names=[_]
// (The line above is for cbindgen, not an intra-doc link.)
#[allow(rustdoc::broken_intra_doc_links)]
#[repr(C, align(8))]
pub struct zmq_msg_t {
    pub(crate) bytes: [u8; 64],
}

/// One item of a `zmq_poll` set.
#[repr(C)]
pub struct zmq_pollitem_t {
    /// A ZeroMQ socket, or NULL to poll `fd`.
    pub socket: *mut c_void,
    /// A plain file descriptor (used when `socket` is NULL).
    pub fd: c_int,
    /// Requested events (ZMQ_POLLIN, ZMQ_POLLOUT, ZMQ_POLLERR, ZMQ_POLLPRI).
    pub events: c_short,
    /// Returned events.
    pub revents: c_short,
}

/// Deallocation function for `zmq_msg_init_data`.
pub type zmq_free_fn = unsafe extern "C" fn(data: *mut c_void, hint: *mut c_void);
/// Timer callback for `zmq_timers_add`.
pub type zmq_timer_fn = unsafe extern "C" fn(timer_id: c_int, arg: *mut c_void);
/// Thread entry for `zmq_threadstart`.
pub type zmq_thread_fn = unsafe extern "C" fn(arg: *mut c_void);

/// `struct iovec` (forward-declared in zmq.h; the system's layout).
pub type iovec = libc::iovec;

const _: () = assert!(std::mem::size_of::<zmq_msg_t>() == 64);
const _: () = assert!(std::mem::align_of::<zmq_msg_t>() == 8);
const _: () = assert!(std::mem::size_of::<zmq_pollitem_t>() == 16);
