//! `zmq_timers_*`: a timer set the application drives itself.
//!
//! A thin wrapper over [`ferromq::timers::Timers`], which has the semantics
//! (libzmq 4.3's `timers_t`). This file adds the handle checks libzmq makes:
//! a NULL or unrecognised handle gives EFAULT on every function, as does a
//! NULL handler to `zmq_timers_add`.

use std::os::raw::{c_int, c_long, c_void};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use ferromq::timers::Timers;

use crate::boundary::ffi_guard;
use crate::types::zmq_timer_fn;

/// A C handler and its argument.
#[derive(Clone, Copy)]
struct CHandler {
    func: zmq_timer_fn,
    arg: *mut c_void,
}

// SAFETY: `arg` is never dereferenced here, only handed back to `func` on
// the thread that calls zmq_timers_execute; which thread that is, is the C
// caller's business, exactly as in libzmq.
unsafe impl Send for CHandler {}

/// The timer set and whether its handle is still alive: a handler may
/// destroy the set while `zmq_timers_execute` runs; the set then lives on
/// until `execute` returns, but runs no further handler.
struct Shared {
    alive: AtomicBool,
    timers: Timers<CHandler>,
}

const TAG_ALIVE: u32 = 0xCAFE_DADA;
const TAG_DEAD: u32 = 0xDEAD_BEEF;

/// What a `zmq_timers_new` handle points to. The tag comes first, as in
/// libzmq, so other pointers are likely refused with EFAULT.
#[repr(C)]
struct Handle {
    tag: u32,
    shared: Arc<Shared>,
}

/// The set behind a handle: NULL or a wrong tag -> EFAULT.
fn shared(p: *mut c_void) -> Result<Arc<Shared>, c_int> {
    if p.is_null() {
        return Err(libc::EFAULT);
    }
    // SAFETY: per the API the handle comes from zmq_timers_new and is not
    // yet destroyed, so at least the 4-byte tag is readable. As libzmq's
    // check_tag, this is a best-effort check against other pointers.
    let tag = unsafe { p.cast_const().cast::<u32>().read() };
    if tag != TAG_ALIVE {
        return Err(libc::EFAULT);
    }
    // SAFETY: the tag says this is a live Handle.
    let handle = unsafe { &*p.cast_const().cast::<Handle>() };
    Ok(Arc::clone(&handle.shared))
}

#[no_mangle]
pub extern "C" fn zmq_timers_new() -> *mut c_void {
    ffi_guard(std::ptr::null_mut(), || {
        let handle = Box::new(Handle {
            tag: TAG_ALIVE,
            shared: Arc::new(Shared {
                alive: AtomicBool::new(true),
                timers: Timers::new(),
            }),
        });
        Ok(Box::into_raw(handle).cast::<c_void>())
    })
}

/// Frees the set and sets `*timers_p` to NULL.
///
/// A NULL `timers_p` or `*timers_p` (a second destroy) -> -1, EFAULT.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_destroy(timers_p: *mut *mut c_void) -> c_int {
    ffi_guard(-1, || {
        if timers_p.is_null() {
            return Err(libc::EFAULT);
        }
        // SAFETY: a non-NULL `timers_p` points to a handle variable.
        let p = unsafe { timers_p.read() };
        let shared = shared(p)?;
        shared.alive.store(false, Ordering::SeqCst);
        let handle = p.cast::<Handle>();
        // SAFETY: `shared` checked that `p` is a live Handle, allocated by
        // zmq_timers_new as a Box; marked dead before it is freed, once.
        unsafe {
            (*handle).tag = TAG_DEAD;
            drop(Box::from_raw(handle));
            timers_p.write(std::ptr::null_mut());
        }
        Ok(0)
    })
}

/// Adds a timer; returns its id (the first is 1). NULL handler -> -1, EFAULT.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_add(
    timers: *mut c_void,
    interval: usize,
    handler: Option<zmq_timer_fn>,
    arg: *mut c_void,
) -> c_int {
    ffi_guard(-1, || {
        let shared = shared(timers)?;
        let func = handler.ok_or(libc::EFAULT)?;
        Ok(shared.timers.add(interval, CHandler { func, arg }))
    })
}

/// Cancels a timer. Unknown or already cancelled id -> -1, EINVAL.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_cancel(timers: *mut c_void, timer_id: c_int) -> c_int {
    ffi_guard(-1, || {
        shared(timers)?
            .timers
            .cancel(timer_id)
            .map_err(|e| e.errno())?;
        Ok(0)
    })
}

/// Changes a timer's interval and restarts it. Unknown id -> -1, EINVAL.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_set_interval(
    timers: *mut c_void,
    timer_id: c_int,
    interval: usize,
) -> c_int {
    ffi_guard(-1, || {
        shared(timers)?
            .timers
            .set_interval(timer_id, interval)
            .map_err(|e| e.errno())?;
        Ok(0)
    })
}

/// Restarts a timer: it next fires one interval from now. Unknown id -> -1, EINVAL.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_reset(timers: *mut c_void, timer_id: c_int) -> c_int {
    ffi_guard(-1, || {
        shared(timers)?
            .timers
            .reset(timer_id)
            .map_err(|e| e.errno())?;
        Ok(0)
    })
}

/// Milliseconds until the next timer is due: 0 if overdue, -1 if none.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_timeout(timers: *mut c_void) -> c_long {
    ffi_guard(-1, || {
        let ms = shared(timers)?.timers.timeout();
        Ok(c_long::try_from(ms).unwrap_or(c_long::MAX))
    })
}

/// Runs every due handler once and re-arms it.
///
/// Handlers may call any `zmq_timers_*` function on the same set, destroy
/// included.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_execute(timers: *mut c_void) -> c_int {
    ffi_guard(-1, || {
        // Our own reference: the set outlives a handler destroying the handle.
        let shared = shared(timers)?;
        shared.timers.execute(|id, h| {
            if shared.alive.load(Ordering::SeqCst) {
                // SAFETY: `func` is the C handler given to zmq_timers_add,
                // called with its own argument, as libzmq calls it. It is C
                // and does not unwind.
                unsafe { (h.func)(id, h.arg) };
            }
        });
        Ok(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundary::{get_errno, set_errno};

    struct Ctx {
        handle: *mut c_void,
        runs: Vec<c_int>,
    }

    unsafe extern "C" fn destroy_set(id: c_int, arg: *mut c_void) {
        // SAFETY: `arg` is the test's Ctx, alive for the whole test.
        let ctx = unsafe { &mut *arg.cast::<Ctx>() };
        ctx.runs.push(id);
        // SAFETY: `ctx.handle` is the live handle of the set running us.
        assert_eq!(unsafe { zmq_timers_destroy(&mut ctx.handle) }, 0);
        assert!(ctx.handle.is_null());
    }

    unsafe extern "C" fn record(id: c_int, arg: *mut c_void) {
        // SAFETY: as in `destroy_set`.
        unsafe { &mut *arg.cast::<Ctx>() }.runs.push(id);
    }

    #[test]
    fn a_handler_may_destroy_the_set() {
        let mut ctx = Ctx {
            handle: zmq_timers_new(),
            runs: Vec::new(),
        };
        let arg = (&mut ctx as *mut Ctx).cast::<c_void>();
        // SAFETY: a live handle; handlers and arg outlive the set.
        unsafe {
            assert_eq!(zmq_timers_add(ctx.handle, 0, Some(destroy_set), arg), 1);
            assert_eq!(zmq_timers_add(ctx.handle, 0, Some(record), arg), 2);
            assert_eq!(zmq_timers_execute(ctx.handle), 0);
        }
        // The second timer was due too, but its set was gone.
        assert_eq!(ctx.runs, [1]);
        set_errno(0);
        // SAFETY: `ctx.handle` is NULL now.
        assert_eq!(unsafe { zmq_timers_destroy(&mut ctx.handle) }, -1);
        assert_eq!(get_errno(), libc::EFAULT);
    }

    #[test]
    fn zero_interval_runs_once_per_execute() {
        let mut ctx = Ctx {
            handle: zmq_timers_new(),
            runs: Vec::new(),
        };
        let arg = (&mut ctx as *mut Ctx).cast::<c_void>();
        // SAFETY: a live handle; the handler and arg outlive the set.
        unsafe {
            assert_eq!(zmq_timers_add(ctx.handle, 0, Some(record), arg), 1);
            assert_eq!(zmq_timers_timeout(ctx.handle), 0);
            assert_eq!(zmq_timers_execute(ctx.handle), 0);
            assert_eq!(zmq_timers_execute(ctx.handle), 0);
            assert_eq!(zmq_timers_destroy(&mut ctx.handle), 0);
        }
        assert_eq!(ctx.runs, [1, 1]);
    }

    #[test]
    fn bad_handles_are_efault() {
        let mut not_timers: u64 = 0;
        let p = (&mut not_timers as *mut u64).cast::<c_void>();
        // SAFETY: `p` points to 8 readable bytes that are not a timer set,
        // which the tag check must refuse; NULL pointers are refused first.
        unsafe {
            set_errno(0);
            assert_eq!(zmq_timers_add(p, 1, Some(record), p), -1);
            assert_eq!(get_errno(), libc::EFAULT);
            set_errno(0);
            assert_eq!(zmq_timers_timeout(p), -1);
            assert_eq!(get_errno(), libc::EFAULT);
            set_errno(0);
            assert_eq!(zmq_timers_destroy(std::ptr::null_mut()), -1);
            assert_eq!(get_errno(), libc::EFAULT);
            let mut q = p;
            set_errno(0);
            assert_eq!(zmq_timers_destroy(&mut q), -1);
            assert_eq!(get_errno(), libc::EFAULT);
            assert_eq!(q, p);
        }
    }
}
