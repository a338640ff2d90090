//! `zmq_poll`: wait for events on sockets and plain file descriptors.
//!
//! A socket's `ZMQ_FD` only says "something changed"; whether it is
//! readable or writable is asked with `ZMQ_EVENTS` on every pass, as libzmq
//! does. Plain descriptors report their `poll(2)` events directly.
//!
//! [`wait`] is the simplest form for sockets: it borrows them only for the
//! call and returns what each is ready for. [`poll`]/[`poll_for`] take
//! [`PollItem`]s (sockets and plain descriptors, built with
//! [`PollItem::socket`] and [`PollItem::fd`]) and fill in their `revents`.

use std::os::fd::{AsRawFd, RawFd};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::flags::PollEvents;
use crate::opt::*;
use crate::socket::Socket;
use crate::sys;

/// What one poll item watches.
pub enum Target<'a> {
    /// A socket.
    Socket(&'a mut Socket),
    /// A plain file descriptor.
    Fd(RawFd),
}

/// One poll item.
pub struct PollItem<'a> {
    /// What to watch.
    pub target: Target<'a>,
    /// ZMQ_POLLIN / ZMQ_POLLOUT (/ ZMQ_POLLPRI / ZMQ_POLLERR for fds).
    pub events: i16,
    /// Events that occurred.
    pub revents: i16,
}

/// Access to poll items for [`poll_with`]: the descriptor of item `i` and
/// the ZMQ_EVENTS of a socket item.
pub trait Items {
    /// Number of items.
    fn len(&self) -> usize;
    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Item `i`: `Some(fd)` for a plain descriptor, None for a socket.
    fn plain_fd(&self, i: usize) -> Option<RawFd>;
    /// The signalling fd of socket item `i`.
    fn socket_fd(&mut self, i: usize) -> Result<RawFd>;
    /// ZMQ_EVENTS of socket item `i`.
    fn socket_events(&mut self, i: usize) -> Result<i16>;
    /// Requested events of item `i`.
    fn events(&self, i: usize) -> i16;
    /// Stores the result for item `i`.
    fn set_revents(&mut self, i: usize, revents: i16);
}

impl Items for [PollItem<'_>] {
    fn len(&self) -> usize {
        <[PollItem<'_>]>::len(self)
    }
    fn plain_fd(&self, i: usize) -> Option<RawFd> {
        match self[i].target {
            Target::Fd(fd) => Some(fd),
            Target::Socket(_) => None,
        }
    }
    fn socket_fd(&mut self, i: usize) -> Result<RawFd> {
        match &self[i].target {
            Target::Socket(s) => Ok(s.fd()),
            Target::Fd(_) => Err(Error::NotSock),
        }
    }
    fn socket_events(&mut self, i: usize) -> Result<i16> {
        match &mut self[i].target {
            Target::Socket(s) => s.events(),
            Target::Fd(_) => Err(Error::NotSock),
        }
    }
    fn events(&self, i: usize) -> i16 {
        self[i].events
    }
    fn set_revents(&mut self, i: usize, revents: i16) {
        self[i].revents = revents;
    }
}

/// Polls `items` for up to `timeout_ms` (-1 = forever, 0 = check once).
/// Returns how many items have events.
pub fn poll(items: &mut [PollItem<'_>], timeout_ms: i64) -> Result<usize> {
    poll_with(items, timeout_ms)
}

/// The poll loop over any [`Items`].
pub fn poll_with<I: Items + ?Sized>(items: &mut I, timeout_ms: i64) -> Result<usize> {
    poll_with_sigmask(items, timeout_ms, None)
}

/// [`poll_with`] with a signal mask in force while it waits (`zmq_ppoll`):
/// the kernel swaps `sigmask` in and the thread's own mask back out
/// atomically around each wait (`ppoll(2)`), so a signal the thread keeps
/// blocked elsewhere can be caught here and only here, ending the wait
/// with [`Error::Intr`]. `None` is plain [`poll_with`].
pub fn poll_with_sigmask<I: Items + ?Sized>(
    items: &mut I,
    timeout_ms: i64,
    sigmask: Option<&libc::sigset_t>,
) -> Result<usize> {
    poll_loop(items, timeout_ms, sigmask, &mut Vec::new())
}

/// The loop itself, with the `pollfd` array from the caller, who may keep
/// it from one call to the next (the poller does).
pub(crate) fn poll_loop<I: Items + ?Sized>(
    items: &mut I,
    timeout_ms: i64,
    sigmask: Option<&libc::sigset_t>,
    pollfds: &mut Vec<libc::pollfd>,
) -> Result<usize> {
    let n = items.len();
    if n == 0 {
        if timeout_ms > 0 {
            std::thread::sleep(std::time::Duration::from_millis(timeout_ms as u64));
        } else if timeout_ms < 0 {
            // libzmq would block forever; so do we, signals permitting.
            loop {
                std::thread::sleep(std::time::Duration::from_secs(3600));
            }
        }
        return Ok(0);
    }
    pollfds.clear();
    // The count comes from the caller (zmq_poll's nitems).
    pollfds.try_reserve(n).map_err(|_| Error::NoMem)?;
    for i in 0..n {
        let ev = items.events(i);
        let pfd = match items.plain_fd(i) {
            Some(fd) => {
                let mut e = 0;
                if ev & ZMQ_POLLIN != 0 {
                    e |= libc::POLLIN;
                }
                if ev & ZMQ_POLLOUT != 0 {
                    e |= libc::POLLOUT;
                }
                if ev & ZMQ_POLLPRI != 0 {
                    e |= libc::POLLPRI;
                }
                libc::pollfd {
                    fd,
                    events: e,
                    revents: 0,
                }
            }
            None => libc::pollfd {
                fd: items.socket_fd(i)?,
                events: if ev != 0 { libc::POLLIN } else { 0 },
                revents: 0,
            },
        };
        pollfds.push(pfd);
    }
    let mut first = true;
    let mut end = 0u64;
    loop {
        let wait = if first {
            0
        } else if timeout_ms < 0 {
            -1
        } else {
            end.saturating_sub(sys::now_ms()).min(i32::MAX as u64) as i32
        };
        for p in pollfds.iter_mut() {
            p.revents = 0;
        }
        let polled = match sigmask {
            None => sys::poll(pollfds, wait),
            Some(m) => sys::ppoll(pollfds, wait, Some(m)),
        };
        match polled {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => return Err(Error::Intr),
            Err(e) => return Err(e.into()),
        }
        let mut nevents = 0;
        for (i, pfd) in pollfds.iter().enumerate() {
            let want = items.events(i);
            let mut rev = 0i16;
            if items.plain_fd(i).is_some() {
                if pfd.revents & libc::POLLIN != 0 {
                    rev |= ZMQ_POLLIN;
                }
                if pfd.revents & libc::POLLOUT != 0 {
                    rev |= ZMQ_POLLOUT;
                }
                if pfd.revents & libc::POLLPRI != 0 {
                    rev |= ZMQ_POLLPRI;
                }
                if pfd.revents & !(libc::POLLIN | libc::POLLOUT | libc::POLLPRI) != 0 {
                    rev |= ZMQ_POLLERR;
                }
            } else {
                let ev = items.socket_events(i)?;
                rev = ev & want & (ZMQ_POLLIN | ZMQ_POLLOUT);
            }
            items.set_revents(i, rev);
            if rev != 0 {
                nevents += 1;
            }
        }
        if timeout_ms == 0 || nevents > 0 {
            return Ok(nevents);
        }
        if first {
            first = false;
            if timeout_ms > 0 {
                end = sys::now_ms() + timeout_ms as u64;
            }
            continue;
        }
        if timeout_ms > 0 && sys::now_ms() >= end {
            return Ok(0);
        }
    }
}

// ---- typed and borrow-friendly forms ----

/// A poll timeout as [`poll`]'s milliseconds: `None` waits without limit;
/// a fraction of a millisecond rounds up (never to 0, which would not wait).
fn timeout_ms(timeout: Option<Duration>) -> i64 {
    match timeout {
        None => -1,
        Some(d) => i64::try_from(d.as_nanos().div_ceil(1_000_000)).unwrap_or(i64::MAX),
    }
}

impl<'a> PollItem<'a> {
    /// An item watching `socket` for `events` ([`PollEvents::IN`],
    /// [`PollEvents::OUT`]).
    pub fn socket(socket: &'a mut Socket, events: PollEvents) -> PollItem<'a> {
        PollItem {
            target: Target::Socket(socket),
            events: events.raw(),
            revents: 0,
        }
    }

    /// An item watching a plain descriptor (a pipe, a TCP socket of your
    /// own, stdin) for `events`.
    pub fn fd(fd: &impl AsRawFd, events: PollEvents) -> PollItem<'a> {
        PollItem {
            target: Target::Fd(fd.as_raw_fd()),
            events: events.raw(),
            revents: 0,
        }
    }

    /// The events that occurred, typed.
    pub fn ready(&self) -> PollEvents {
        PollEvents::from_raw(self.revents)
    }

    /// Whether [`PollEvents::IN`] occurred.
    pub fn is_readable(&self) -> bool {
        self.ready().readable()
    }

    /// Whether [`PollEvents::OUT`] occurred.
    pub fn is_writable(&self) -> bool {
        self.ready().writable()
    }
}

/// [`poll`] with a [`Duration`] timeout (`None`: wait without limit).
pub fn poll_for(items: &mut [PollItem<'_>], timeout: Option<Duration>) -> Result<usize> {
    poll_with(items, timeout_ms(timeout))
}

struct SocketSet<'s, 'a> {
    items: &'s mut [(&'a mut Socket, PollEvents)],
    ready: Vec<PollEvents>,
}

impl Items for SocketSet<'_, '_> {
    fn len(&self) -> usize {
        self.items.len()
    }
    fn plain_fd(&self, _i: usize) -> Option<RawFd> {
        None
    }
    fn socket_fd(&mut self, i: usize) -> Result<RawFd> {
        Ok(self.items[i].0.fd())
    }
    fn socket_events(&mut self, i: usize) -> Result<i16> {
        self.items[i].0.events()
    }
    fn events(&self, i: usize) -> i16 {
        self.items[i].1.raw()
    }
    fn set_revents(&mut self, i: usize, revents: i16) {
        self.ready[i] = PollEvents::from_raw(revents);
    }
}

/// Waits until one of the sockets is ready for what it is paired with, or
/// `timeout` passes (`None`: no limit), and returns what each one is ready
/// for, in order. The sockets are borrowed only for the call, so the
/// answer can be acted on at once:
///
/// ```
/// use std::time::Duration;
/// use ferromq::{poll, Context, PollEvents, SocketType};
///
/// # fn main() -> ferromq::Result<()> {
/// let ctx = Context::new();
/// let mut a = ctx.socket(SocketType::Pair)?;
/// let mut b = ctx.socket(SocketType::Pair)?;
/// a.bind("inproc://poll-wait-doc")?;
/// b.connect("inproc://poll-wait-doc")?;
/// b.send_bytes(b"hi", 0)?;
///
/// let ready = poll::wait(
///     &mut [(&mut a, PollEvents::IN), (&mut b, PollEvents::IN)],
///     Some(Duration::from_secs(5)),
/// )?;
/// assert!(ready[0].readable() && !ready[1].readable());
/// assert_eq!(a.recv_bytes(0)?, b"hi");
/// # Ok(())
/// # }
/// ```
pub fn wait(
    items: &mut [(&mut Socket, PollEvents)],
    timeout: Option<Duration>,
) -> Result<Vec<PollEvents>> {
    let n = items.len();
    let mut set = SocketSet {
        items,
        ready: vec![PollEvents::NONE; n],
    };
    poll_with(&mut set, timeout_ms(timeout))?;
    Ok(set.ready)
}
