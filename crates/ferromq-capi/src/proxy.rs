//! `zmq_proxy`, `zmq_proxy_steerable` and the deprecated `zmq_device`.

#![allow(unused_variables)]

use std::os::raw::{c_char, c_int, c_long, c_void};

use crate::boundary::ffi_guard;
use crate::types::{iovec, zmq_free_fn, zmq_msg_t, zmq_pollitem_t};

const PLACEHOLDER: c_int = libc::ENOTSUP;

#[no_mangle]
pub unsafe extern "C" fn zmq_proxy(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_proxy_steerable(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
    control: *mut c_void,
) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_device(
    type_: c_int,
    frontend: *mut c_void,
    backend: *mut c_void,
) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}
