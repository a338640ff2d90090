//! The one boundary every export goes through: catch panics, set errno.
//!
//! No Rust panic may unwind into C. Each `extern "C"` function runs its body
//! inside [`ffi_guard`], which turns an `Err(errno)` or a caught panic into the
//! function's failure value with `errno` set, exactly as libzmq reports errors.

use std::os::raw::c_int;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Sets the calling thread's C `errno`.
pub(crate) fn set_errno(e: c_int) {
    // SAFETY: __errno_location always returns a valid pointer to this
    // thread's errno.
    unsafe { *libc::__errno_location() = e };
}

/// Reads the calling thread's C `errno`.
pub(crate) fn get_errno() -> c_int {
    // SAFETY: as in `set_errno`.
    unsafe { *libc::__errno_location() }
}

/// Runs `body`; on `Err(e)` sets errno to `e` and returns `fail`. A panic is
/// caught, reported on stderr once, and mapped to `EFAULT`.
pub(crate) fn ffi_guard<R>(fail: R, body: impl FnOnce() -> Result<R, c_int>) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => {
            set_errno(e);
            fail
        }
        Err(_) => {
            set_errno(libc::EFAULT);
            fail
        }
    }
}

/// Like [`ffi_guard`] for functions that return nothing.
pub(crate) fn ffi_guard_void(body: impl FnOnce()) {
    let _ = catch_unwind(AssertUnwindSafe(body));
}
