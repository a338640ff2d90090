//! Version, errors, capabilities, Z85, CURVE keys, atomic counters,
//! stopwatch, sleep and threads: the parts of the API that need no socket.

use std::os::raw::{c_char, c_int, c_ulong, c_void};

use crate::boundary::{ffi_guard, get_errno};
use crate::types::zmq_thread_fn;

const PLACEHOLDER: c_int = libc::ENOTSUP;

#[no_mangle]
pub extern "C" fn zmq_errno() -> c_int {
    get_errno()
}

#[no_mangle]
pub extern "C" fn zmq_strerror(errnum: c_int) -> *const c_char {
    let _ = errnum;
    std::ptr::null()
}

#[no_mangle]
pub unsafe extern "C" fn zmq_version(major: *mut c_int, minor: *mut c_int, patch: *mut c_int) {
    let _ = (major, minor, patch);
}

#[no_mangle]
pub unsafe extern "C" fn zmq_has(capability: *const c_char) -> c_int {
    let _ = capability;
    0
}

#[no_mangle]
pub unsafe extern "C" fn zmq_z85_encode(
    dest: *mut c_char,
    data: *const u8,
    size: usize,
) -> *mut c_char {
    let _ = (dest, data, size);
    std::ptr::null_mut()
}

#[no_mangle]
pub unsafe extern "C" fn zmq_z85_decode(dest: *mut u8, string: *const c_char) -> *mut u8 {
    let _ = (dest, string);
    std::ptr::null_mut()
}

#[no_mangle]
pub unsafe extern "C" fn zmq_curve_keypair(
    z85_public_key: *mut c_char,
    z85_secret_key: *mut c_char,
) -> c_int {
    let _ = (z85_public_key, z85_secret_key);
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_curve_public(
    z85_public_key: *mut c_char,
    z85_secret_key: *const c_char,
) -> c_int {
    let _ = (z85_public_key, z85_secret_key);
    ffi_guard(-1, || Err(PLACEHOLDER))
}

#[no_mangle]
pub extern "C" fn zmq_atomic_counter_new() -> *mut c_void {
    std::ptr::null_mut()
}

#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_set(counter: *mut c_void, value: c_int) {
    let _ = (counter, value);
}

#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_inc(counter: *mut c_void) -> c_int {
    let _ = counter;
    0
}

#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_dec(counter: *mut c_void) -> c_int {
    let _ = counter;
    0
}

#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_value(counter: *mut c_void) -> c_int {
    let _ = counter;
    0
}

#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_destroy(counter_p: *mut *mut c_void) {
    let _ = counter_p;
}

#[no_mangle]
pub extern "C" fn zmq_stopwatch_start() -> *mut c_void {
    std::ptr::null_mut()
}

#[no_mangle]
pub unsafe extern "C" fn zmq_stopwatch_intermediate(watch: *mut c_void) -> c_ulong {
    let _ = watch;
    0
}

#[no_mangle]
pub unsafe extern "C" fn zmq_stopwatch_stop(watch: *mut c_void) -> c_ulong {
    let _ = watch;
    0
}

#[no_mangle]
pub extern "C" fn zmq_sleep(seconds: c_int) {
    let _ = seconds;
}

#[no_mangle]
pub unsafe extern "C" fn zmq_threadstart(
    func: Option<zmq_thread_fn>,
    arg: *mut c_void,
) -> *mut c_void {
    let _ = (func, arg);
    std::ptr::null_mut()
}

#[no_mangle]
pub unsafe extern "C" fn zmq_threadclose(thread: *mut c_void) {
    let _ = thread;
}
