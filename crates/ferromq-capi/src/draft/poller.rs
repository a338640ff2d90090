//! DRAFT `zmq_poller_*`: a set of sockets and file descriptors registered
//! once and waited on many times, over `ferromq::poller::Poller`.
//!
//! Errors as libzmq's: a NULL or dead poller is EFAULT (checked first), a
//! socket that is not one ENOTSOCK, a descriptor of -1 EBADF, event bits
//! other than POLLIN/POLLOUT/POLLERR/POLLPRI EINVAL, a socket or
//! descriptor registered twice (or not at all, for modify and remove)
//! EINVAL. A wait that times out is EAGAIN; a wait that could never end
//! (nothing asks for an event, no timeout) is EFAULT.

use std::cell::UnsafeCell;
use std::collections::VecDeque;
use std::os::fd::RawFd;
use std::os::raw::{c_int, c_long, c_short, c_void};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use ferromq::poller::{Event, Lookup, Poller, Source};
use ferromq::Error;

use crate::boundary::ffi_guard;
use crate::handle;

/// An event a wait reports (zmq.h's DRAFT `zmq_poller_event_t`): the
/// socket (NULL for a descriptor), the descriptor (-1 for a socket), the
/// registration's user data, and the events that occurred.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct zmq_poller_event_t {
    pub socket: *mut c_void,
    pub fd: c_int,
    pub user_data: *mut c_void,
    pub events: c_short,
}

const POLLER_LIVE: u32 = 0xCAFE_BABE;
const DEAD: u32 = 0xDEAD_BEEF;
/// Destroyed shells are reused only when more than this many wait, so a
/// second destroy (or a use after destroy) finds a dead tag, not freed
/// memory (as the socket handles do).
const GRACE: usize = 64;

/// A C poller: sockets by handle address, user data as an address; and
/// the events of the last wait, kept so that a loop of waits does not
/// allocate.
#[derive(Default)]
struct CPoller {
    set: Poller<usize, usize>,
    found: Vec<Event<usize, usize>>,
}

impl std::ops::Deref for CPoller {
    type Target = Poller<usize, usize>;
    fn deref(&self) -> &Self::Target {
        &self.set
    }
}

impl std::ops::DerefMut for CPoller {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.set
    }
}

/// `repr(C)`, the tag first: a pointer to another kind of handle (a socket,
/// a context) passed as a poller has its first bytes read, within its own
/// allocation, and found not to be a live poller's tag.
#[repr(C)]
struct PollerShell {
    tag: AtomicU32,
    poller: UnsafeCell<Option<CPoller>>,
}

static DEAD_SHELLS: Mutex<VecDeque<Box<PollerShell>>> = Mutex::new(VecDeque::new());

/// The poller behind a handle, or EFAULT.
///
/// # Safety
/// `p` is NULL or a pointer from `zmq_poller_new`; a poller is used by one
/// thread at a time, as libzmq requires.
unsafe fn poller<'a>(p: *mut c_void) -> Result<&'a mut CPoller, c_int> {
    if p.is_null() {
        return Err(libc::EFAULT);
    }
    // SAFETY: per the contract p points to a PollerShell (never freed,
    // only recycled).
    let shell = unsafe { &*(p as *const PollerShell) };
    if shell.tag.load(Ordering::Acquire) != POLLER_LIVE {
        return Err(libc::EFAULT);
    }
    // SAFETY: a live shell holds a poller; one user at a time.
    unsafe { &mut *shell.poller.get() }
        .as_mut()
        .ok_or(libc::EFAULT)
}

/// How a wait reaches the registered sockets: through their C handles,
/// one short use per question.
struct Handles;

impl Lookup<usize> for Handles {
    fn fd(&mut self, key: &usize) -> ferromq::Result<RawFd> {
        // SAFETY: the key is the pointer a caller registered as a socket
        // handle; a handle closed since then has a dead tag (ENOTSOCK).
        let s = unsafe { handle::socket(*key as *mut c_void) }.map_err(Error::from_errno)?;
        Ok(s.fd())
    }
    fn events(&mut self, key: &usize) -> ferromq::Result<i16> {
        // SAFETY: as in `fd`.
        unsafe { handle::socket(*key as *mut c_void) }
            .map_err(Error::from_errno)?
            .events()
    }
}

fn errno(e: Error) -> c_int {
    e.errno()
}

/// A new, empty poller.
#[no_mangle]
pub extern "C" fn zmq_poller_new() -> *mut c_void {
    ffi_guard(std::ptr::null_mut(), || {
        let reused = {
            let mut d = DEAD_SHELLS.lock().unwrap_or_else(|e| e.into_inner());
            if d.len() > GRACE {
                d.pop_front()
            } else {
                None
            }
        };
        let shell = match reused {
            Some(s) => {
                // SAFETY: a dead shell belongs to the pool alone.
                unsafe { *s.poller.get() = Some(CPoller::default()) };
                s
            }
            None => Box::new(PollerShell {
                tag: AtomicU32::new(DEAD),
                poller: UnsafeCell::new(Some(CPoller::default())),
            }),
        };
        shell.tag.store(POLLER_LIVE, Ordering::Release);
        Ok(Box::into_raw(shell).cast())
    })
}

/// Destroys the poller `*poller_p` and sets `*poller_p` to NULL; EFAULT if
/// `poller_p` or `*poller_p` is not a poller.
#[no_mangle]
pub unsafe extern "C" fn zmq_poller_destroy(poller_p: *mut *mut c_void) -> c_int {
    ffi_guard(-1, || {
        if poller_p.is_null() {
            return Err(libc::EFAULT);
        }
        // SAFETY: the caller passes a pointer to a poller handle.
        let p = unsafe { *poller_p };
        if p.is_null() {
            return Err(libc::EFAULT);
        }
        // SAFETY: p is a poller handle (or garbage rejected by its tag).
        let shell = unsafe { &*(p as *const PollerShell) };
        if shell
            .tag
            .compare_exchange(POLLER_LIVE, DEAD, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            return Err(libc::EFAULT);
        }
        // SAFETY: we won the tag; the poller is ours to drop.
        drop(unsafe { (*shell.poller.get()).take() });
        // SAFETY: p came from Box::into_raw in zmq_poller_new.
        let shell = unsafe { Box::from_raw(p as *mut PollerShell) };
        DEAD_SHELLS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(shell);
        // SAFETY: as above.
        unsafe { *poller_p = std::ptr::null_mut() };
        Ok(0)
    })
}

/// How many sockets and descriptors are registered.
#[no_mangle]
pub unsafe extern "C" fn zmq_poller_size(poller_: *mut c_void) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: see `poller`.
        let p = unsafe { poller(poller_) }?;
        Ok(c_int::try_from(p.len()).unwrap_or(c_int::MAX))
    })
}

/// Registers a socket for `events`, with `user_data` for its events.
#[no_mangle]
pub unsafe extern "C" fn zmq_poller_add(
    poller_: *mut c_void,
    s: *mut c_void,
    user_data: *mut c_void,
    events: c_short,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: see `poller`.
        let p = unsafe { poller(poller_) }?;
        // SAFETY: a socket handle (checked by tag).
        let sock = unsafe { handle::socket(s) }?;
        p.add_socket(s as usize, &sock, user_data as usize, events)
            .map_err(errno)?;
        Ok(0)
    })
}

/// Changes the events a registered socket is watched for.
#[no_mangle]
pub unsafe extern "C" fn zmq_poller_modify(
    poller_: *mut c_void,
    s: *mut c_void,
    events: c_short,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: see `poller`.
        let p = unsafe { poller(poller_) }?;
        // SAFETY: a socket handle (checked by tag).
        unsafe { handle::socket(s) }?;
        p.modify_socket(&(s as usize), events).map_err(errno)?;
        Ok(0)
    })
}

/// Unregisters a socket.
#[no_mangle]
pub unsafe extern "C" fn zmq_poller_remove(poller_: *mut c_void, s: *mut c_void) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: see `poller`.
        let p = unsafe { poller(poller_) }?;
        // SAFETY: a socket handle (checked by tag).
        unsafe { handle::socket(s) }?;
        p.remove_socket(&(s as usize)).map_err(errno)?;
        Ok(0)
    })
}

/// Registers a plain file descriptor for `events`.
#[no_mangle]
pub unsafe extern "C" fn zmq_poller_add_fd(
    poller_: *mut c_void,
    fd: c_int,
    user_data: *mut c_void,
    events: c_short,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: see `poller`.
        let p = unsafe { poller(poller_) }?;
        p.add_fd(fd, user_data as usize, events).map_err(errno)?;
        Ok(0)
    })
}

/// Changes the events a registered descriptor is watched for.
#[no_mangle]
pub unsafe extern "C" fn zmq_poller_modify_fd(
    poller_: *mut c_void,
    fd: c_int,
    events: c_short,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: see `poller`.
        let p = unsafe { poller(poller_) }?;
        p.modify_fd(fd, events).map_err(errno)?;
        Ok(0)
    })
}

/// Unregisters a descriptor.
#[no_mangle]
pub unsafe extern "C" fn zmq_poller_remove_fd(poller_: *mut c_void, fd: c_int) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: see `poller`.
        let p = unsafe { poller(poller_) }?;
        p.remove_fd(fd).map_err(errno)?;
        Ok(0)
    })
}

const NO_EVENT: zmq_poller_event_t = zmq_poller_event_t {
    socket: std::ptr::null_mut(),
    fd: -1,
    user_data: std::ptr::null_mut(),
    events: 0,
};

fn to_c(e: &Event<usize, usize>) -> zmq_poller_event_t {
    match e.source {
        Source::Socket(s) => zmq_poller_event_t {
            socket: s as *mut c_void,
            fd: -1,
            user_data: e.user_data as *mut c_void,
            events: e.events,
        },
        Source::Fd(fd) => zmq_poller_event_t {
            socket: std::ptr::null_mut(),
            fd,
            user_data: e.user_data as *mut c_void,
            events: e.events,
        },
    }
}

/// Waits up to `timeout` ms (-1: no limit, 0: just look) for registered
/// sockets and descriptors to be ready; fills up to `n_events` events and
/// clears the rest of them; returns how many were filled, or -1 (EAGAIN
/// when the time ran out).
#[no_mangle]
pub unsafe extern "C" fn zmq_poller_wait_all(
    poller_: *mut c_void,
    events: *mut zmq_poller_event_t,
    n_events: c_int,
    timeout: c_long,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: see `poller`.
        let p = unsafe { poller(poller_) }?;
        if events.is_null() {
            return Err(libc::EFAULT);
        }
        let n = usize::try_from(n_events).map_err(|_| libc::EINVAL)?;
        let CPoller { set, found } = p;
        let got = set.wait(&mut Handles, found, n, timeout).map_err(errno)?;
        // SAFETY: the caller passes `n_events` writable events.
        let out = unsafe { std::slice::from_raw_parts_mut(events, n) };
        for (slot, e) in out.iter_mut().zip(found.iter()) {
            *slot = to_c(e);
        }
        for slot in out.iter_mut().skip(got) {
            *slot = NO_EVENT;
        }
        Ok(c_int::try_from(got).unwrap_or(c_int::MAX))
    })
}

/// `zmq_poller_wait_all` for one event: 0 when `*event` was filled, -1 with
/// `*event` cleared otherwise.
#[no_mangle]
pub unsafe extern "C" fn zmq_poller_wait(
    poller_: *mut c_void,
    event: *mut zmq_poller_event_t,
    timeout: c_long,
) -> c_int {
    // SAFETY: forwarded contract.
    let rc = unsafe { zmq_poller_wait_all(poller_, event, 1, timeout) };
    if rc < 0 {
        if !event.is_null() {
            // SAFETY: the caller passes a writable event; errno is kept.
            unsafe { *event = NO_EVENT };
        }
        return -1;
    }
    0
}

/// The descriptor to wait on in an event loop of one's own: readable while
/// a registered thread-safe socket has work waiting. EINVAL if no
/// thread-safe socket was ever added to this poller (libzmq's poller has
/// no signaler then).
#[no_mangle]
pub unsafe extern "C" fn zmq_poller_fd(poller_: *mut c_void, fd: *mut c_int) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: see `poller`.
        let p = unsafe { poller(poller_) }?;
        let f = p.signal_fd().map_err(errno)?;
        if fd.is_null() {
            return Err(libc::EFAULT);
        }
        // SAFETY: the caller passes a writable zmq_fd_t.
        unsafe { *fd = f };
        Ok(0)
    })
}
