//! A poller: sockets and plain file descriptors registered once, then
//! waited on many times (libzmq's DRAFT `zmq_poller_*`).
//!
//! Unlike [`crate::poll`], whose items live for one call, a [`Poller`]
//! keeps its registrations: each is a socket, known by a key of the
//! caller's choosing (`K`, e.g. the C handle), or a descriptor, with the
//! events wanted and a value handed back with every event (`U`, the C API's
//! `user_data`). A wait borrows the sockets through a [`Lookup`] for just
//! its own duration, so a registered socket can still be used between
//! waits. The wait itself is [`crate::poll`]'s loop: a socket is asked for
//! `ZMQ_EVENTS` on every pass (level-triggered: a readable socket is
//! reported by every wait until it is drained), a descriptor reports its
//! `poll(2)` events.
//!
//! Thread-safe sockets (SERVER, CLIENT, RADIO, DISH, GATHER, SCATTER,
//! PEER, CHANNEL) do not give their descriptor to users; a poller that has
//! one registered offers [`Poller::signal_fd`] instead, a descriptor that
//! is readable while one of them has work waiting, for an event loop of the
//! user's own to wake on (libzmq's poller signaler, whose lifetime rules
//! it follows: made with the first thread-safe socket added, kept until
//! the poller is dropped).

use std::os::fd::RawFd;

use crate::error::{Error, Result};
use crate::opt::*;
use crate::poll::{poll_loop, Items};
use crate::socket::Socket;
use crate::sys::{self, epoll::Epoll};

/// What a registration watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<K> {
    /// A socket, by the caller's key.
    Socket(K),
    /// A plain file descriptor.
    Fd(RawFd),
}

/// One ready registration, as a wait reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<K, U> {
    /// The socket or descriptor.
    pub source: Source<K>,
    /// The value given when it was registered.
    pub user_data: U,
    /// What it is ready for (`ZMQ_POLLIN`, `ZMQ_POLLOUT`, and for a
    /// descriptor `ZMQ_POLLPRI`, `ZMQ_POLLERR`).
    pub events: i16,
}

/// How a wait reaches the registered sockets, by key, for one question at
/// a time (so that a socket can be locked for just that, if it needs to
/// be). An error (a closed socket: [`Error::NotSock`]) ends the wait with
/// it.
pub trait Lookup<K> {
    /// The socket's descriptor ([`Socket::fd`]).
    fn fd(&mut self, key: &K) -> Result<RawFd>;
    /// The socket's `ZMQ_EVENTS` ([`Socket::events`]).
    fn events(&mut self, key: &K) -> Result<i16>;
}

/// Sockets in a slice, by index: the simplest [`Lookup`].
///
/// ```
/// use ferromq::poller::{Poller, Source};
/// use ferromq::{opt::ZMQ_POLLIN, Context, Socket, SocketType};
///
/// # fn main() -> ferromq::Result<()> {
/// let ctx = Context::new();
/// let mut a = ctx.socket(SocketType::Pair)?;
/// let mut b = ctx.socket(SocketType::Pair)?;
/// a.bind("inproc://poller-doc")?;
/// b.connect("inproc://poller-doc")?;
///
/// let mut poller: Poller<usize, &str> = Poller::new();
/// poller.add_socket(0, &a, "a", ZMQ_POLLIN)?;
/// b.send_bytes(b"hi", 0)?;
///
/// let mut events = Vec::new();
/// let mut sockets: [&mut Socket; 1] = [&mut a];
/// poller.wait(&mut sockets[..], &mut events, 8, 5000)?;
/// assert_eq!(events[0].source, Source::Socket(0));
/// assert_eq!(events[0].user_data, "a");
/// assert_eq!(a.recv_bytes(0)?, b"hi");
/// # Ok(())
/// # }
/// ```
impl Lookup<usize> for [&mut Socket] {
    fn fd(&mut self, key: &usize) -> Result<RawFd> {
        Ok(self.get(*key).ok_or(Error::NotSock)?.fd())
    }
    fn events(&mut self, key: &usize) -> Result<i16> {
        self.get_mut(*key).ok_or(Error::NotSock)?.events()
    }
}

/// The events a registration may ask for.
const VALID_EVENTS: i16 = ZMQ_POLLIN | ZMQ_POLLOUT | ZMQ_POLLERR | ZMQ_POLLPRI;

struct Entry<K, U> {
    source: Source<K>,
    user_data: U,
    events: i16,
    /// A thread-safe socket's descriptor, watched by the signal epoll.
    signal_fd: Option<RawFd>,
}

/// Registered sockets and descriptors (see the module documentation).
pub struct Poller<K, U> {
    entries: Vec<Entry<K, U>>,
    /// Kept from one wait to the next: a steady loop of waits allocates
    /// nothing.
    scratch: Scratch,
    /// Readable while a registered thread-safe socket has commands
    /// waiting: an epoll set over their descriptors.
    signal: Option<Epoll>,
}

#[derive(Default)]
struct Scratch {
    idx: Vec<usize>,
    revents: Vec<i16>,
    pollfds: Vec<libc::pollfd>,
}

impl<K, U> Default for Poller<K, U> {
    fn default() -> Self {
        Poller {
            entries: Vec::new(),
            scratch: Scratch::default(),
            signal: None,
        }
    }
}

impl<K, U> std::fmt::Debug for Poller<K, U> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Poller")
            .field("registrations", &self.entries.len())
            .field("signal", &self.signal.is_some())
            .finish()
    }
}

fn check_events(events: i16) -> Result<()> {
    if events & !VALID_EVENTS != 0 {
        return Err(Error::Inval);
    }
    Ok(())
}

fn check_fd(fd: RawFd) -> Result<()> {
    // libzmq's retired descriptor.
    if fd == -1 {
        return Err(Error::BadF);
    }
    Ok(())
}

impl<K: PartialEq + Clone, U: Clone> Poller<K, U> {
    /// An empty poller.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many sockets and descriptors are registered.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is registered.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn find(&self, source: &Source<K>) -> Option<usize> {
        self.entries.iter().position(|e| e.source == *source)
    }

    fn push(&mut self, e: Entry<K, U>) -> Result<()> {
        self.entries.try_reserve(1).map_err(|_| Error::NoMem)?;
        self.entries.push(e);
        Ok(())
    }

    /// Registers `socket` as `key` for `events`. [`Error::Inval`] if the
    /// key is registered already or `events` has bits other than
    /// `ZMQ_POLLIN | ZMQ_POLLOUT | ZMQ_POLLERR | ZMQ_POLLPRI`.
    pub fn add_socket(&mut self, key: K, socket: &Socket, user_data: U, events: i16) -> Result<()> {
        check_events(events)?;
        let source = Source::Socket(key);
        if self.find(&source).is_some() {
            return Err(Error::Inval);
        }
        let signal_fd = if socket.socket_type().is_thread_safe() {
            let fd = socket.fd();
            if self.signal.is_none() {
                self.signal = Some(Epoll::new().map_err(signal_error)?);
            }
            if let Some(ep) = &self.signal {
                ep.add(fd, 0, sys::epoll::READ).map_err(signal_error)?;
            }
            Some(fd)
        } else {
            None
        };
        let r = self.push(Entry {
            source,
            user_data,
            events,
            signal_fd,
        });
        if r.is_err() {
            self.unwatch(signal_fd);
        }
        r
    }

    /// Registers the descriptor `fd` for `events`. [`Error::BadF`] for -1,
    /// [`Error::Inval`] if it is registered already or `events` is not
    /// valid.
    pub fn add_fd(&mut self, fd: RawFd, user_data: U, events: i16) -> Result<()> {
        check_fd(fd)?;
        check_events(events)?;
        let source = Source::Fd(fd);
        if self.find(&source).is_some() {
            return Err(Error::Inval);
        }
        self.push(Entry {
            source,
            user_data,
            events,
            signal_fd: None,
        })
    }

    fn modify(&mut self, source: &Source<K>, events: i16) -> Result<()> {
        check_events(events)?;
        let i = self.find(source).ok_or(Error::Inval)?;
        self.entries[i].events = events;
        Ok(())
    }

    /// Changes the events a registered socket is watched for (0: none, for
    /// now); [`Error::Inval`] if it is not registered.
    pub fn modify_socket(&mut self, key: &K, events: i16) -> Result<()> {
        self.modify(&Source::Socket(key.clone()), events)
    }

    /// Changes the events a registered descriptor is watched for.
    pub fn modify_fd(&mut self, fd: RawFd, events: i16) -> Result<()> {
        check_fd(fd)?;
        self.modify(&Source::Fd(fd), events)
    }

    fn unwatch(&mut self, fd: Option<RawFd>) {
        if let (Some(fd), Some(ep)) = (fd, &self.signal) {
            ep.delete(fd);
        }
    }

    fn remove(&mut self, source: &Source<K>) -> Result<()> {
        let i = self.find(source).ok_or(Error::Inval)?;
        let e = self.entries.remove(i);
        self.unwatch(e.signal_fd);
        Ok(())
    }

    /// Unregisters a socket; [`Error::Inval`] if it is not registered.
    pub fn remove_socket(&mut self, key: &K) -> Result<()> {
        self.remove(&Source::Socket(key.clone()))
    }

    /// Unregisters a descriptor; [`Error::Inval`] if it is not registered.
    pub fn remove_fd(&mut self, fd: RawFd) -> Result<()> {
        check_fd(fd)?;
        self.remove(&Source::Fd(fd))
    }

    /// The descriptor that is readable while a registered thread-safe
    /// socket has work waiting; [`Error::Inval`] if no thread-safe socket
    /// was ever added (libzmq: the poller then has no signaler).
    pub fn signal_fd(&self) -> Result<RawFd> {
        use std::os::fd::AsRawFd;
        self.signal
            .as_ref()
            .map(|e| e.as_raw_fd())
            .ok_or(Error::Inval)
    }

    /// Waits up to `timeout_ms` (-1: without limit, 0: just look) until a
    /// registration is ready, then puts up to `max` ready ones into `out`
    /// (cleared first), in registration order, and returns how many.
    ///
    /// Errors as libzmq's poller: [`Error::Again`] when the time ran out
    /// with nothing ready; [`Error::Fault`] when there is nothing to wait
    /// for (no registration asks for an event) and no timeout, which would
    /// never return; [`Error::Intr`] on a signal; a socket's own error
    /// ([`Error::Term`] once its context is shut down).
    pub fn wait<L: Lookup<K> + ?Sized>(
        &mut self,
        lookup: &mut L,
        out: &mut Vec<Event<K, U>>,
        max: usize,
        timeout_ms: i64,
    ) -> Result<usize> {
        out.clear();
        let watched = self.entries.iter().filter(|e| e.events != 0).count();
        if watched == 0 {
            if timeout_ms < 0 {
                return Err(Error::Fault);
            }
            if timeout_ms > 0 {
                std::thread::sleep(std::time::Duration::from_millis(timeout_ms as u64));
            }
            return Err(Error::Again);
        }
        // Every socket is looked at (its ZMQ_EVENTS), a descriptor only if
        // it asks for something.
        let mut set = Active {
            idx: std::mem::take(&mut self.scratch.idx),
            revents: std::mem::take(&mut self.scratch.revents),
            entries: &self.entries,
            lookup,
        };
        set.idx.clear();
        set.revents.clear();
        let n = self.entries.len();
        let mut pollfds = std::mem::take(&mut self.scratch.pollfds);
        let polled = (|| {
            set.idx.try_reserve(n).map_err(|_| Error::NoMem)?;
            set.revents.try_reserve(n).map_err(|_| Error::NoMem)?;
            for (i, e) in set.entries.iter().enumerate() {
                if matches!(e.source, Source::Socket(_)) || e.events != 0 {
                    set.idx.push(i);
                    set.revents.push(0);
                }
            }
            poll_loop(&mut set, timeout_ms, None, &mut pollfds)
        })();
        let Active { idx, revents, .. } = set;
        let found = Self::collect(&self.entries, &idx, &revents, out, max, polled);
        self.scratch = Scratch {
            idx,
            revents,
            pollfds,
        };
        found
    }

    /// The events of a finished poll (`polled`: how many items are ready).
    fn collect(
        entries: &[Entry<K, U>],
        idx: &[usize],
        revents: &[i16],
        out: &mut Vec<Event<K, U>>,
        max: usize,
        polled: Result<usize>,
    ) -> Result<usize> {
        if polled? == 0 {
            return Err(Error::Again);
        }
        out.try_reserve(max.min(idx.len()))
            .map_err(|_| Error::NoMem)?;
        for (&i, &rev) in idx.iter().zip(revents) {
            if out.len() >= max {
                break;
            }
            if rev != 0 {
                let e = &entries[i];
                out.push(Event {
                    source: e.source.clone(),
                    user_data: e.user_data.clone(),
                    events: rev,
                });
            }
        }
        if out.is_empty() {
            // Ready registrations, but no room to report one (max 0): as
            // libzmq, that is a wait that found nothing.
            return Err(Error::Again);
        }
        Ok(out.len())
    }
}

/// A poller's "signaler" could not be made: libzmq reports EMFILE (or
/// ENOMEM); pass the descriptor limit through as it.
fn signal_error(e: std::io::Error) -> Error {
    match e.raw_os_error() {
        Some(libc::ENOMEM) => Error::NoMem,
        _ => Error::MFile,
    }
}

/// The registrations a wait polls, as [`Items`].
struct Active<'a, K, U, L: ?Sized> {
    entries: &'a [Entry<K, U>],
    /// Index into `entries` of each polled item.
    idx: Vec<usize>,
    revents: Vec<i16>,
    lookup: &'a mut L,
}

impl<K, U, L: Lookup<K> + ?Sized> Items for Active<'_, K, U, L> {
    fn len(&self) -> usize {
        self.idx.len()
    }
    fn plain_fd(&self, i: usize) -> Option<RawFd> {
        match self.entries[self.idx[i]].source {
            Source::Fd(fd) => Some(fd),
            Source::Socket(_) => None,
        }
    }
    fn socket_fd(&mut self, i: usize) -> Result<RawFd> {
        match &self.entries[self.idx[i]].source {
            Source::Socket(k) => self.lookup.fd(k),
            Source::Fd(_) => Err(Error::NotSock),
        }
    }
    fn socket_events(&mut self, i: usize) -> Result<i16> {
        match &self.entries[self.idx[i]].source {
            Source::Socket(k) => self.lookup.events(k),
            Source::Fd(_) => Err(Error::NotSock),
        }
    }
    fn events(&self, i: usize) -> i16 {
        self.entries[self.idx[i]].events
    }
    fn set_revents(&mut self, i: usize, revents: i16) {
        self.revents[i] = revents;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Context;
    use ferromq_zmtp::SocketType;

    struct Two<'a>(&'a mut Socket, &'a mut Socket);

    impl Two<'_> {
        fn get(&mut self, key: &u8) -> Result<&mut Socket> {
            match key {
                0 => Ok(self.0),
                1 => Ok(self.1),
                _ => Err(Error::NotSock),
            }
        }
    }

    impl Lookup<u8> for Two<'_> {
        fn fd(&mut self, key: &u8) -> Result<RawFd> {
            Ok(self.get(key)?.fd())
        }
        fn events(&mut self, key: &u8) -> Result<i16> {
            self.get(key)?.events()
        }
    }

    #[test]
    fn registrations_and_errors() {
        let ctx = Context::new();
        let a = ctx.socket(SocketType::Pair).unwrap();
        let mut p: Poller<u8, &str> = Poller::new();
        assert_eq!(p.add_socket(0, &a, "a", ZMQ_POLLIN), Ok(()));
        assert_eq!(p.add_socket(0, &a, "a", ZMQ_POLLIN), Err(Error::Inval));
        assert_eq!(p.add_fd(-1, "x", ZMQ_POLLIN), Err(Error::BadF));
        assert_eq!(p.add_fd(0, "x", i16::MAX), Err(Error::Inval));
        assert_eq!(p.add_fd(0, "x", 0), Ok(()));
        assert_eq!(p.len(), 2);
        assert_eq!(p.modify_socket(&1, ZMQ_POLLIN), Err(Error::Inval));
        assert_eq!(p.modify_fd(0, i16::MAX), Err(Error::Inval));
        assert_eq!(p.signal_fd(), Err(Error::Inval));
        assert_eq!(p.remove_fd(0), Ok(()));
        assert_eq!(p.remove_fd(0), Err(Error::Inval));
        assert_eq!(p.remove_socket(&0), Ok(()));
        assert!(p.is_empty());
    }

    #[test]
    fn waits_are_level_triggered() {
        let ctx = Context::new();
        let mut a = ctx.socket(SocketType::Pair).unwrap();
        let mut b = ctx.socket(SocketType::Pair).unwrap();
        a.bind("inproc://poller-level").unwrap();
        b.connect("inproc://poller-level").unwrap();
        let mut p: Poller<u8, u32> = Poller::new();
        p.add_socket(0, &a, 10, ZMQ_POLLIN).unwrap();
        p.add_socket(1, &b, 11, ZMQ_POLLIN).unwrap();
        let mut out = Vec::new();
        assert_eq!(
            p.wait(&mut Two(&mut a, &mut b), &mut out, 4, 0),
            Err(Error::Again)
        );
        b.send_bytes(b"x", 0).unwrap();
        for _ in 0..2 {
            let n = p.wait(&mut Two(&mut a, &mut b), &mut out, 4, 5000);
            assert_eq!(n, Ok(1));
            assert_eq!(
                out[0],
                Event {
                    source: Source::Socket(0),
                    user_data: 10,
                    events: ZMQ_POLLIN
                }
            );
        }
        assert_eq!(a.recv_bytes(0).unwrap(), b"x");
        assert_eq!(
            p.wait(&mut Two(&mut a, &mut b), &mut out, 4, 0),
            Err(Error::Again)
        );
        // Nothing asked for: no wait without limit.
        p.modify_socket(&0, 0).unwrap();
        p.modify_socket(&1, 0).unwrap();
        assert_eq!(
            p.wait(&mut Two(&mut a, &mut b), &mut out, 4, -1),
            Err(Error::Fault)
        );
        // Both writable; room for one event only.
        p.modify_socket(&0, ZMQ_POLLOUT).unwrap();
        p.modify_socket(&1, ZMQ_POLLOUT).unwrap();
        assert_eq!(p.wait(&mut Two(&mut a, &mut b), &mut out, 1, 0), Ok(1));
        assert_eq!(out[0].user_data, 10);
        assert_eq!(p.wait(&mut Two(&mut a, &mut b), &mut out, 2, 0), Ok(2));
    }
}
