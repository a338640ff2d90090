//! Context functions: `zmq_ctx_*`, `zmq_init`, `zmq_term`.

#![allow(unused_variables)]

use std::os::raw::{c_char, c_int, c_long, c_void};

use crate::boundary::ffi_guard;
use crate::types::{iovec, zmq_free_fn, zmq_msg_t, zmq_pollitem_t};

const PLACEHOLDER: c_int = libc::ENOTSUP;

#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_new() -> *mut c_void {
    std::ptr::null_mut()
}

#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_term(context: *mut c_void) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_shutdown(context: *mut c_void) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_set(context: *mut c_void, option: c_int, optval: c_int) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_get(context: *mut c_void, option: c_int) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_init(io_threads: c_int) -> *mut c_void {
    std::ptr::null_mut()
}

#[no_mangle]
pub unsafe extern "C" fn zmq_term(context: *mut c_void) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_ctx_destroy(context: *mut c_void) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}
