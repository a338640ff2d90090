//! DRAFT `zmq_join` / `zmq_leave`: a DISH's group membership.

use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_void};

use crate::boundary::ffi_guard;
use crate::handle;

unsafe fn with_group(
    socket: *mut c_void,
    group: *const c_char,
    op: impl FnOnce(&mut ferromq::Socket, &[u8]) -> ferromq::Result<()>,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: per the contract.
        let mut s = unsafe { handle::socket(socket) }?;
        if group.is_null() {
            return Err(libc::EINVAL);
        }
        // SAFETY: the caller passes a NUL-terminated string.
        let g = unsafe { CStr::from_ptr(group) };
        op(&mut s, g.to_bytes()).map_err(|e| e.errno())?;
        Ok(0)
    })
}

/// Joins a group (DISH only: ENOTSUP otherwise; EINVAL for a group over
/// ZMQ_GROUP_MAX_LENGTH bytes or one already joined).
#[no_mangle]
pub unsafe extern "C" fn zmq_join(socket: *mut c_void, group: *const c_char) -> c_int {
    // SAFETY: the caller passes a socket handle and a string.
    unsafe { with_group(socket, group, |s, g| s.join(g)) }
}

/// Leaves a group (DISH only: ENOTSUP otherwise; EINVAL for a group over
/// ZMQ_GROUP_MAX_LENGTH bytes or one not joined).
#[no_mangle]
pub unsafe extern "C" fn zmq_leave(socket: *mut c_void, group: *const c_char) -> c_int {
    // SAFETY: the caller passes a socket handle and a string.
    unsafe { with_group(socket, group, |s, g| s.leave(g)) }
}
