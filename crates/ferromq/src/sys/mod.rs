//! The operating-system layer: thin, checked wrappers over the syscalls the
//! engine needs (epoll, eventfd, sockets, vectored I/O). Like mio's `sys`
//! module, this is where `unsafe` lives in the engine, one `// SAFETY:`
//! line per block; everything above it is safe Rust.

#![allow(unsafe_code)]

pub(crate) mod epoll;
// Under `--cfg loom` the mailbox uses models of these (crate::sync).
#[cfg_attr(loom, allow(dead_code))]
pub(crate) mod eventfd;
#[cfg_attr(loom, allow(dead_code))]
pub(crate) mod futex;
pub(crate) mod net;
pub(crate) mod udp;

use std::io;

/// Turns a `-1` return into the thread's last OS error.
macro_rules! syscall {
    ($fn:ident ( $($arg:expr),* $(,)? )) => {{
        // SAFETY: each call site passes arguments valid for this syscall
        // (pointers to live, correctly sized buffers; descriptors we own).
        #[allow(unused_unsafe, clippy::undocumented_unsafe_blocks)]
        let res = unsafe { libc::$fn($($arg),*) };
        if res == -1 {
            Err(std::io::Error::last_os_error())
        } else {
            Ok(res)
        }
    }};
}
pub(crate) use syscall;

/// Waits up to `timeout_ms` (-1 = forever) for `events` on `fds`, returning
/// the number of fds with events. EINTR is returned to the caller.
pub(crate) fn poll(fds: &mut [libc::pollfd], timeout_ms: i32) -> io::Result<usize> {
    let n = syscall!(poll(
        fds.as_mut_ptr(),
        fds.len() as libc::nfds_t,
        timeout_ms
    ))?;
    Ok(n as usize)
}

/// [`poll`] with the signal mask `sigmask` in force during the wait only,
/// swapped in and out atomically by the kernel (`ppoll(2)`); `None` keeps
/// the thread's mask, as `poll` does. EINTR is returned to the caller.
pub(crate) fn ppoll(
    fds: &mut [libc::pollfd],
    timeout_ms: i32,
    sigmask: Option<&libc::sigset_t>,
) -> io::Result<usize> {
    let ts;
    let tsp = if timeout_ms < 0 {
        std::ptr::null()
    } else {
        ts = libc::timespec {
            tv_sec: libc::time_t::from(timeout_ms / 1000),
            tv_nsec: libc::c_long::from(timeout_ms % 1000) * 1_000_000,
        };
        &ts as *const libc::timespec
    };
    let mask = sigmask.map_or(std::ptr::null(), |m| m as *const libc::sigset_t);
    let n = syscall!(ppoll(
        fds.as_mut_ptr(),
        fds.len() as libc::nfds_t,
        tsp,
        mask
    ))?;
    Ok(n as usize)
}

/// Current monotonic time in nanoseconds.
pub(crate) fn now_ns() -> u64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_nanos() as u64
}

/// Current monotonic time in milliseconds (for timeouts).
pub(crate) fn now_ms() -> u64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_millis() as u64
}

/// Applies a scheduling policy and priority to the calling thread.
pub(crate) fn set_sched(policy: i32, priority: i32) -> io::Result<()> {
    let param = libc::sched_param {
        sched_priority: priority,
    };
    syscall!(sched_setscheduler(0, policy, &param)).map(drop)
}

/// Names the calling thread (what `/proc/self/task/*/comm` and `top`
/// show; the kernel keeps the first 15 bytes).
pub(crate) fn set_thread_name(name: &str) {
    let mut buf = [0u8; 16];
    let n = name.len().min(15);
    buf[..n].copy_from_slice(&name.as_bytes()[..n]);
    // SAFETY: PR_SET_NAME reads a NUL-terminated string of at most 16
    // bytes from `buf`, which lives across the call.
    unsafe { libc::prctl(libc::PR_SET_NAME, buf.as_ptr() as libc::c_ulong, 0, 0, 0) };
}

/// How many CPUs the calling thread may run on.
pub(crate) fn allowed_cpus() -> Option<usize> {
    // SAFETY: cpu_set_t is plain data; all-zero is the empty set.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    syscall!(sched_getaffinity(
        0,
        std::mem::size_of::<libc::cpu_set_t>(),
        &mut set
    ))
    .ok()?;
    // SAFETY: `set` was filled in by the kernel.
    Some(unsafe { libc::CPU_COUNT(&set) } as usize)
}

/// Restricts the calling thread to the given CPUs.
pub(crate) fn set_affinity(cpus: &[i32]) -> io::Result<()> {
    // SAFETY: cpu_set_t is plain data; all-zero is the empty set.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    for &c in cpus {
        if (0..libc::CPU_SETSIZE).contains(&c) {
            // SAFETY: `c` is within the set's bounds (checked above).
            unsafe { libc::CPU_SET(c as usize, &mut set) };
        }
    }
    syscall!(sched_setaffinity(
        0,
        std::mem::size_of::<libc::cpu_set_t>(),
        &set
    ))
    .map(drop)
}

/// `n` zeroed bytes, or None if they cannot be allocated. Through the
/// allocator's zeroing path (calloc), which skips the memset for fresh
/// pages, unlike `try_reserve` + `resize`.
pub(crate) fn try_zeroed_vec(n: usize) -> Option<Vec<u8>> {
    if n == 0 {
        return Some(Vec::new());
    }
    let layout = std::alloc::Layout::array::<u8>(n).ok()?;
    // SAFETY: the layout has a non-zero size.
    let p = unsafe { std::alloc::alloc_zeroed(layout) };
    if p.is_null() {
        return None;
    }
    // SAFETY: p was allocated by the global allocator with this layout
    // (align 1, size n), and all n bytes are initialised (zero).
    Some(unsafe { Vec::from_raw_parts(p, n, n) })
}

#[cfg(test)]
mod tests {
    #[test]
    fn try_zeroed_vec_reports_what_cannot_be() {
        assert_eq!(super::try_zeroed_vec(0), Some(Vec::new()));
        assert_eq!(super::try_zeroed_vec(5), Some(vec![0u8; 5]));
        assert_eq!(super::try_zeroed_vec(usize::MAX), None);
        assert_eq!(super::try_zeroed_vec(isize::MAX as usize), None);
    }
}
