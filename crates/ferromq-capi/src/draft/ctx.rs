//! DRAFT `zmq_ctx_set_ext` / `zmq_ctx_get_ext`: context options as bytes,
//! for the one string option, ZMQ_THREAD_NAME_PREFIX. A value of exactly
//! an int's size is an int, for every option (`zmq_ctx_set`/`zmq_ctx_get`
//! are these with an int), as in libzmq.

use std::os::raw::{c_int, c_void};

use crate::boundary::ffi_guard;
use crate::handle;

/// Sets a context option from `optvallen` bytes at `optval`.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_set_ext(
    context: *mut c_void,
    option: c_int,
    optval: *const c_void,
    optvallen: usize,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a context handle (or garbage we reject
        // by tag, as libzmq does).
        let ctx = unsafe { handle::ctx(context) }?;
        let val: &[u8] = if optvallen == 0 {
            &[]
        } else if optval.is_null() {
            return Err(libc::EINVAL);
        } else {
            // SAFETY: the caller passes `optvallen` readable bytes.
            unsafe { std::slice::from_raw_parts(optval as *const u8, optvallen) }
        };
        ctx.set_ext(option, val).map_err(|e| e.errno())?;
        Ok(0)
    })
}

/// Reads a context option into the `*optvallen` bytes at `optval`. Like
/// libzmq, `*optvallen` is only read: an int when it is an int's size,
/// else the bytes of ZMQ_THREAD_NAME_PREFIX (without a NUL added) if they
/// fit.
#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_get_ext(
    context: *mut c_void,
    option: c_int,
    optval: *mut c_void,
    optvallen: *mut usize,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: as in zmq_ctx_set_ext.
        let ctx = unsafe { handle::ctx(context) }?;
        if optvallen.is_null() {
            return Err(libc::EFAULT);
        }
        // SAFETY: the caller passes a readable size.
        let len = unsafe { *optvallen };
        let out: &mut [u8] = if len == 0 {
            &mut []
        } else if optval.is_null() {
            return Err(libc::EFAULT);
        } else {
            // SAFETY: the caller passes `*optvallen` writable bytes.
            unsafe { std::slice::from_raw_parts_mut(optval as *mut u8, len) }
        };
        ctx.get_ext(option, out).map_err(|e| e.errno())?;
        Ok(0)
    })
}
