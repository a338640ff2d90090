//! `zmq_poll` over sockets and plain file descriptors.

#![allow(unused_variables)]

use std::os::raw::{c_char, c_int, c_long, c_void};

use crate::boundary::ffi_guard;
use crate::types::{iovec, zmq_free_fn, zmq_msg_t, zmq_pollitem_t};

const PLACEHOLDER: c_int = libc::ENOTSUP;

#[no_mangle]
pub unsafe extern "C" fn zmq_poll(
    items: *mut zmq_pollitem_t,
    nitems: c_int,
    timeout: c_long,
) -> c_int {
    ffi_guard(-1, || Err(PLACEHOLDER))
}
