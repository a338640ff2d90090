//! The one boundary every export goes through: catch panics, set errno.
//!
//! No Rust panic may unwind into C. Each `extern "C"` function runs its body
//! inside [`ffi_guard`], which turns an `Err(errno)` or a caught panic into the
//! function's failure value with `errno` set, exactly as libzmq reports errors.

use std::os::raw::c_int;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Sets the calling thread's C `errno` (tests; exports go through the guards).
#[cfg(test)]
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
///
/// On success errno is left as the caller had it: whatever the body did to
/// it on the way (an allocator's failed `prctl` naming its mappings, an
/// `EAGAIN` from a non-blocking read that was retried) is undone. The
/// pointer is looked up once; the store only happens when errno changed.
#[inline]
pub(crate) fn ffi_guard<R>(fail: R, body: impl FnOnce() -> Result<R, c_int>) -> R {
    // SAFETY: __errno_location always returns a valid pointer to this
    // thread's errno, valid for the thread's lifetime.
    let errno = unsafe { libc::__errno_location() };
    // SAFETY: as above.
    let saved = unsafe { *errno };
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(v)) => {
            restore(errno, saved);
            v
        }
        Ok(Err(e)) => {
            // SAFETY: as above.
            unsafe { *errno = e };
            fail
        }
        Err(_) => {
            // SAFETY: as above.
            unsafe { *errno = libc::EFAULT };
            fail
        }
    }
}

#[inline]
fn restore(errno: *mut c_int, saved: c_int) {
    // SAFETY: `errno` is this thread's errno (see ffi_guard).
    unsafe {
        if *errno != saved {
            *errno = saved;
        }
    }
}

/// Like [`ffi_guard`] for the few exports whose body makes no system call,
/// allocates nothing and frees nothing (zmq_msg_init, reads of a message's
/// fields), so cannot change errno: skips saving it, which costs a call into libc
/// (~1.5 ns) on exports made once per message.
#[inline]
pub(crate) fn ffi_guard_pure<R>(fail: R, body: impl FnOnce() -> Result<R, c_int>) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => {
            // SAFETY: as in ffi_guard.
            unsafe { *libc::__errno_location() = e };
            fail
        }
        Err(_) => {
            // SAFETY: as in ffi_guard.
            unsafe { *libc::__errno_location() = libc::EFAULT };
            fail
        }
    }
}

/// Like [`ffi_guard`] for functions that return nothing: `Err(e)` sets
/// errno to `e`; on success errno is left as the caller had it.
pub(crate) fn ffi_guard_void(body: impl FnOnce() -> Result<(), c_int>) {
    ffi_guard((), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the body does to errno on the way to a success (a system call
    /// that failed and was retried, an allocator's refused `prctl`) is not
    /// seen by the caller; failures set exactly their errno.
    #[test]
    fn success_keeps_the_callers_errno() {
        for sentinel in [0, 12345, libc::EAGAIN] {
            set_errno(sentinel);
            let r = ffi_guard(-1, || {
                set_errno(libc::EINVAL);
                Ok(7)
            });
            assert_eq!((r, get_errno()), (7, sentinel));
            ffi_guard_void(|| {
                set_errno(libc::EINTR);
                Ok(())
            });
            assert_eq!(get_errno(), sentinel);
            let r = ffi_guard(-1, || {
                set_errno(libc::EINVAL);
                Err(libc::ENOMEM)
            });
            assert_eq!((r, get_errno()), (-1, libc::ENOMEM));
            set_errno(sentinel);
            ffi_guard_void(|| Err(libc::EFAULT));
            assert_eq!(get_errno(), libc::EFAULT);
        }
    }
}
