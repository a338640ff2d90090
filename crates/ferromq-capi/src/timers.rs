//! `zmq_timers_*`: a timer set the application drives itself.

use std::os::raw::{c_int, c_long, c_void};

use crate::boundary::ffi_guard;
use crate::types::zmq_timer_fn;

const PLACEHOLDER: c_int = libc::ENOTSUP;

#[no_mangle]
pub extern "C" fn zmq_timers_new() -> *mut c_void {
    std::ptr::null_mut()
}

#[no_mangle]
pub unsafe extern "C" fn zmq_timers_destroy(timers_p: *mut *mut c_void) -> c_int {
    let _ = timers_p;
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_timers_add(
    timers: *mut c_void,
    interval: usize,
    handler: Option<zmq_timer_fn>,
    arg: *mut c_void,
) -> c_int {
    let _ = (timers, interval, handler, arg);
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_timers_cancel(timers: *mut c_void, timer_id: c_int) -> c_int {
    let _ = (timers, timer_id);
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_timers_set_interval(
    timers: *mut c_void,
    timer_id: c_int,
    interval: usize,
) -> c_int {
    let _ = (timers, timer_id, interval);
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_timers_reset(timers: *mut c_void, timer_id: c_int) -> c_int {
    let _ = (timers, timer_id);
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_timers_timeout(timers: *mut c_void) -> c_long {
    let _ = timers;
    -1
}

#[no_mangle]
pub unsafe extern "C" fn zmq_timers_execute(timers: *mut c_void) -> c_int {
    let _ = timers;
    ffi_guard(-1, || Err(PLACEHOLDER))
}
