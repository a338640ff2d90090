//! Futex wait and wake on an `AtomicU32`: how a socket's thread sleeps
//! until a command arrives when nothing else watches its mailbox.

use std::io;
use std::sync::atomic::AtomicU32;

/// Sleeps while `word` holds `expected`, at most `timeout_ms` (-1 =
/// forever). Ok(true) when woken or when the word had already changed
/// (either may be spurious: callers re-check their state), Ok(false) on
/// timeout; EINTR is returned as an error.
pub(crate) fn wait(word: &AtomicU32, expected: u32, timeout_ms: i32) -> io::Result<bool> {
    let ts;
    let tp = if timeout_ms < 0 {
        std::ptr::null()
    } else {
        ts = libc::timespec {
            tv_sec: (timeout_ms / 1000) as libc::time_t,
            tv_nsec: ((timeout_ms % 1000) as libc::c_long) * 1_000_000,
        };
        &ts as *const libc::timespec
    };
    // SAFETY: `word` is a live, aligned u32 for the duration of the call;
    // `tp` is null or points to a timespec that outlives the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            libc::FUTEX_WAIT | libc::FUTEX_PRIVATE_FLAG,
            expected,
            tp,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EAGAIN) => Ok(true),
        Some(libc::ETIMEDOUT) => Ok(false),
        _ => Err(e),
    }
}

/// Wakes one thread sleeping on `word`.
pub(crate) fn wake(word: &AtomicU32) {
    // SAFETY: `word` is a live, aligned u32; FUTEX_WAKE only reads its
    // address.
    unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            libc::FUTEX_WAKE | libc::FUTEX_PRIVATE_FLAG,
            1,
        );
    }
}
