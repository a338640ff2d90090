//! C handles for contexts and sockets.
//!
//! A handle is a small heap shell with a tag, like libzmq's `check_tag()`:
//! NULL or a shell whose tag is not live gives EFAULT (context) or
//! ENOTSOCK (socket). Closed shells are kept dead for a while before they
//! are reused, so closing a socket twice reports ENOTSOCK instead of
//! touching freed memory (libzmq's reaper gives the same grace).

use std::cell::UnsafeCell;
use std::collections::VecDeque;
use std::ops::{Deref, DerefMut};
use std::os::raw::{c_int, c_void};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use ferromq::{Context, Msg, SharedGuard, SharedSocket, Socket};

const CTX_LIVE: u32 = 0xABAD_CAFE;
const SOCKET_LIVE: u32 = 0xBADD_ECAF;
const DEAD: u32 = 0xDEAD_BEEF;

/// Dead shells are reused only when more than this many are waiting.
const GRACE: usize = 256;

pub(crate) struct CtxShell {
    tag: AtomicU32,
    ctx: UnsafeCell<Option<Context>>,
}

/// What a socket handle holds: a plain socket, or a thread-safe one (the
/// DRAFT types libzmq makes thread-safe), which stays in its shell after
/// close (only marked closed) so that threads still inside a call on it
/// never see it freed; it is dropped when the shell is reused.
enum Held {
    Plain(Socket),
    Shared(SharedSocket),
}

pub(crate) struct SocketShell {
    tag: AtomicU32,
    sock: UnsafeCell<Option<Held>>,
}

// SAFETY: shells are shared only as raw pointers handed to C; the context
// inside is thread-safe, a thread-safe socket locks itself, and any other
// socket is used by one thread at a time as the libzmq API requires of its
// callers.
unsafe impl Sync for CtxShell {}
// SAFETY: as above.
unsafe impl Sync for SocketShell {}

struct Pool<T> {
    dead: Mutex<VecDeque<Box<T>>>,
}

static CTX_POOL: Pool<CtxShell> = Pool {
    dead: Mutex::new(VecDeque::new()),
};
static SOCKET_POOL: Pool<SocketShell> = Pool {
    dead: Mutex::new(VecDeque::new()),
};

impl<T> Pool<T> {
    fn take(&self) -> Option<Box<T>> {
        let mut d = self.dead.lock().unwrap_or_else(|e| e.into_inner());
        if d.len() > GRACE {
            d.pop_front()
        } else {
            None
        }
    }

    fn give(&self, b: Box<T>) {
        self.dead
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(b);
    }
}

/// Makes a context handle.
pub(crate) fn new_ctx(ctx: Context) -> *mut c_void {
    let shell = match CTX_POOL.take() {
        Some(s) => {
            // SAFETY: a dead shell is owned by the pool; nobody else uses it.
            unsafe { *s.ctx.get() = Some(ctx) };
            s
        }
        None => Box::new(CtxShell {
            tag: AtomicU32::new(DEAD),
            ctx: UnsafeCell::new(Some(ctx)),
        }),
    };
    shell.tag.store(CTX_LIVE, Ordering::Release);
    Box::into_raw(shell).cast()
}

/// The context behind a handle, or EFAULT.
///
/// # Safety
/// `p` is NULL or a pointer returned by `new_ctx`.
pub(crate) unsafe fn ctx<'a>(p: *mut c_void) -> Result<&'a Context, c_int> {
    if p.is_null() {
        return Err(libc::EFAULT);
    }
    // SAFETY: per the contract, p points to a CtxShell (shells are never
    // freed, only recycled).
    let shell = unsafe { &*(p as *const CtxShell) };
    if shell.tag.load(Ordering::Acquire) != CTX_LIVE {
        return Err(libc::EFAULT);
    }
    // SAFETY: a live shell holds a context; it is only taken out by
    // `free_ctx`, after which the tag is dead.
    match unsafe { &*shell.ctx.get() } {
        Some(c) => Ok(c),
        None => Err(libc::EFAULT),
    }
}

/// Retires a context handle (after term).
///
/// # Safety
/// `p` is a live handle from `new_ctx`; no other thread uses it now.
pub(crate) unsafe fn free_ctx(p: *mut c_void) {
    // SAFETY: per the contract.
    let shell = unsafe { &*(p as *const CtxShell) };
    if shell.tag.swap(DEAD, Ordering::AcqRel) != CTX_LIVE {
        return;
    }
    // SAFETY: the tag is dead, so no new access starts; the caller owns it.
    let ctx = unsafe { (*shell.ctx.get()).take() };
    drop(ctx);
    // SAFETY: p came from Box::into_raw in new_ctx.
    CTX_POOL.give(unsafe { Box::from_raw(p as *mut CtxShell) });
}

/// Makes a socket handle.
pub(crate) fn new_socket(s: Socket) -> *mut c_void {
    let s = if s.socket_type().is_thread_safe() {
        Held::Shared(SharedSocket::new(s))
    } else {
        Held::Plain(s)
    };
    let shell = match SOCKET_POOL.take() {
        Some(sh) => {
            // SAFETY: a dead shell is owned by the pool.
            unsafe { *sh.sock.get() = Some(s) };
            sh
        }
        None => Box::new(SocketShell {
            tag: AtomicU32::new(DEAD),
            sock: UnsafeCell::new(Some(s)),
        }),
    };
    shell.tag.store(SOCKET_LIVE, Ordering::Release);
    Box::into_raw(shell).cast()
}

/// A socket for one C call: the plain socket, or a thread-safe one locked
/// for the call. Its `send`/`recv` wait without the lock for a
/// thread-safe socket; everything else goes through `Deref`.
pub(crate) enum SockRef<'a> {
    Plain(&'a mut Socket),
    Shared(SharedGuard<'a>),
}

impl Deref for SockRef<'_> {
    type Target = Socket;
    fn deref(&self) -> &Socket {
        match self {
            SockRef::Plain(s) => s,
            SockRef::Shared(g) => g,
        }
    }
}

impl DerefMut for SockRef<'_> {
    fn deref_mut(&mut self) -> &mut Socket {
        match self {
            SockRef::Plain(s) => s,
            SockRef::Shared(g) => g,
        }
    }
}

impl SockRef<'_> {
    /// See [`Socket::send`].
    pub(crate) fn send(&mut self, msg: &mut Msg, flags: c_int) -> ferromq::Result<()> {
        match self {
            SockRef::Plain(s) => s.send(msg, flags),
            SockRef::Shared(g) => g.send(msg, flags),
        }
    }

    /// See [`Socket::recv`].
    pub(crate) fn recv(&mut self, flags: c_int) -> ferromq::Result<Msg> {
        match self {
            SockRef::Plain(s) => s.recv(flags),
            SockRef::Shared(g) => g.recv(flags),
        }
    }

    /// See [`Socket::recv_into`].
    pub(crate) fn recv_into(&mut self, out: &mut Msg, flags: c_int) -> ferromq::Result<()> {
        match self {
            SockRef::Plain(s) => s.recv_into(out, flags),
            SockRef::Shared(g) => g.recv_into(out, flags),
        }
    }
}

/// The live shell behind a handle, or ENOTSOCK.
///
/// # Safety
/// `p` is NULL or a pointer returned by `new_socket`.
unsafe fn live_shell<'a>(p: *mut c_void) -> Result<&'a SocketShell, c_int> {
    if p.is_null() {
        return Err(libc::ENOTSOCK);
    }
    // SAFETY: per the contract p points to a SocketShell (never freed).
    let shell = unsafe { &*(p as *const SocketShell) };
    if shell.tag.load(Ordering::Acquire) != SOCKET_LIVE {
        return Err(libc::ENOTSOCK);
    }
    Ok(shell)
}

/// The socket behind a handle, or ENOTSOCK.
///
/// # Safety
/// `p` is NULL or a pointer returned by `new_socket`, and the caller
/// follows libzmq's rule of using a socket that is not thread-safe from
/// one thread at a time.
pub(crate) unsafe fn socket<'a>(p: *mut c_void) -> Result<SockRef<'a>, c_int> {
    // SAFETY: forwarded contract.
    let shell = unsafe { live_shell(p) }?;
    // SAFETY: live shell. A plain socket: exclusive use per the API
    // contract. A thread-safe one is only read here (its shell keeps it
    // until reuse) and locks itself.
    match unsafe { &mut *shell.sock.get() } {
        Some(Held::Plain(s)) => Ok(SockRef::Plain(s)),
        Some(Held::Shared(s)) => s.lock().map(SockRef::Shared).map_err(|e| e.errno()),
        None => Err(libc::ENOTSOCK),
    }
}

/// Whether `p` is a live socket handle (for zmq_poll items).
///
/// # Safety
/// As for [`socket`].
pub(crate) unsafe fn is_socket(p: *mut c_void) -> bool {
    // SAFETY: forwarded contract.
    unsafe { live_shell(p) }.is_ok()
}

/// Closes and retires a socket handle.
///
/// # Safety
/// As for [`socket`].
pub(crate) unsafe fn close_socket(p: *mut c_void) -> Result<(), c_int> {
    if p.is_null() {
        return Err(libc::ENOTSOCK);
    }
    // SAFETY: per the contract.
    let shell = unsafe { &*(p as *const SocketShell) };
    if shell
        .tag
        .compare_exchange(SOCKET_LIVE, DEAD, Ordering::AcqRel, Ordering::Acquire)
        .is_err()
    {
        return Err(libc::ENOTSOCK);
    }
    // SAFETY: we won the tag. A plain socket is ours to take; a
    // thread-safe one may be in use by other threads: it is closed in
    // place (waking them) and dropped when the shell is reused.
    match unsafe { &*shell.sock.get() } {
        Some(Held::Shared(s)) => s.close(),
        _ => {
            // SAFETY: as above.
            if let Some(Held::Plain(s)) = unsafe { (*shell.sock.get()).take() } {
                s.close();
            }
        }
    }
    // SAFETY: p came from Box::into_raw in new_socket.
    SOCKET_POOL.give(unsafe { Box::from_raw(p as *mut SocketShell) });
    Ok(())
}
