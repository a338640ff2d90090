//! Socket functions: create, close, options, endpoints, send and receive.

#![allow(unused_variables)]

use std::os::raw::{c_char, c_int, c_long, c_void};

use crate::boundary::ffi_guard;
use crate::types::{iovec, zmq_free_fn, zmq_msg_t, zmq_pollitem_t};

const PLACEHOLDER: c_int = libc::ENOTSUP;

#[no_mangle]
pub unsafe extern "C" fn zmq_socket(context: *mut c_void, type_: c_int) -> *mut c_void {
    std::ptr::null_mut()
}

#[no_mangle]
pub unsafe extern "C" fn zmq_close(socket: *mut c_void) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_setsockopt(
    socket: *mut c_void,
    option: c_int,
    optval: *const c_void,
    optvallen: usize,
) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_getsockopt(
    socket: *mut c_void,
    option: c_int,
    optval: *mut c_void,
    optvallen: *mut usize,
) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_bind(socket: *mut c_void, endpoint: *const c_char) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_connect(socket: *mut c_void, endpoint: *const c_char) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_unbind(socket: *mut c_void, endpoint: *const c_char) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_disconnect(socket: *mut c_void, endpoint: *const c_char) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_send(
    socket: *mut c_void,
    buf: *const c_void,
    len: usize,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_send_const(
    socket: *mut c_void,
    buf: *const c_void,
    len: usize,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_recv(
    socket: *mut c_void,
    buf: *mut c_void,
    len: usize,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_socket_monitor(
    socket: *mut c_void,
    endpoint: *const c_char,
    events: c_int,
) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_sendmsg(
    socket: *mut c_void,
    msg: *mut zmq_msg_t,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_recvmsg(
    socket: *mut c_void,
    msg: *mut zmq_msg_t,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_sendiov(
    socket: *mut c_void,
    iov: *mut iovec,
    count: usize,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_recviov(
    socket: *mut c_void,
    iov: *mut iovec,
    count: *mut usize,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}
