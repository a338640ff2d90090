//! DRAFT `zmq_connect_peer` (PEER sockets).

use std::ffi::CStr;
use std::os::raw::{c_char, c_void};

use crate::boundary::ffi_guard;
use crate::handle;

/// Connects a PEER socket and returns the routing id of the new
/// connection, or 0 with errno: ENOTSOCK, ENOTSUP (not a PEER), EFAULT
/// (ZMQ_IMMEDIATE is set), or the errors of `zmq_connect`.
#[no_mangle]
pub unsafe extern "C" fn zmq_connect_peer(socket: *mut c_void, endpoint: *const c_char) -> u32 {
    ffi_guard(0, || {
        // SAFETY: the caller passes a socket handle.
        let mut s = unsafe { handle::socket(socket) }?;
        if endpoint.is_null() {
            return Err(libc::EINVAL);
        }
        // SAFETY: the caller passes a NUL-terminated string.
        let ep = unsafe { CStr::from_ptr(endpoint) }.to_bytes();
        s.connect_peer(ep).map_err(|e| e.errno())
    })
}
