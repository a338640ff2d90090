//! Mailboxes: how other threads talk to a socket or to an I/O thread.
//!
//! A mailbox is a command list behind a mutex, a `pending` flag, and two
//! ways to wake its owner, used only when the list goes from empty to
//! non-empty (a burst of commands costs one wake-up, and none at all when
//! the owner is awake):
//! * a futex, when the owner sleeps in `wait` (a blocking call);
//! * an eventfd, when something polls it: the owner's own poll of its
//!   connection (`begin_poll`), and, once the descriptor was handed out
//!   (`export`: `ZMQ_FD`, `zmq_poll`, an I/O thread's epoll), on every
//!   command, so it is readable while commands are waiting, as `ZMQ_FD`
//!   must be. Not exporting it saves two system calls per wake-up.
//!
//! Wake-ups are sent after the lock is released: on one CPU the woken
//! thread often runs at once and would otherwise find the list locked by a
//! sender that cannot run. The price is that an eventfd signal can land
//! after its command was taken, leaving the descriptor readable with
//! nothing waiting (as libzmq's `ZMQ_FD` may also be); whoever finds it so
//! clears it (`settle`).

use std::io;
use std::os::fd::{AsRawFd, RawFd};

use crate::sync::{AtomicBool, AtomicU32, EventFd, Futex, Mutex, Ordering};

/// How a wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WaitResult {
    /// A command (or signal) is waiting.
    Ready,
    /// The timeout passed.
    Timeout,
    /// A signal interrupted the wait (EINTR).
    Interrupted,
}

/// What the owner is doing, as senders must know it (`Mailbox::sleep`).
const AWAKE: u32 = 0;
const SLEEP_FUTEX: u32 = 1;
const SLEEP_POLL: u32 = 2;

/// A command list with its wake-ups.
pub(crate) struct Mailbox<C> {
    list: Mutex<Vec<C>>,
    pending: AtomicBool,
    /// AWAKE, SLEEP_FUTEX or SLEEP_POLL; also the futex word.
    sleep: AtomicU32,
    /// The eventfd is watched by others: signal it for every command.
    exported: AtomicBool,
    /// An eventfd signal may have landed after its command was taken.
    stale: AtomicBool,
    efd: EventFd,
    futex: Futex,
}

impl<C> Mailbox<C> {
    pub(crate) fn new() -> io::Result<Mailbox<C>> {
        Ok(Mailbox {
            list: Mutex::new(Vec::new()),
            pending: AtomicBool::new(false),
            sleep: AtomicU32::new(AWAKE),
            exported: AtomicBool::new(false),
            stale: AtomicBool::new(false),
            efd: EventFd::new()?,
            futex: Futex::new(),
        })
    }

    /// Queues a command and wakes the owner if the list was empty.
    pub(crate) fn send(&self, cmd: C) {
        let first = {
            let mut list = self.list.lock();
            list.push(cmd);
            let first = list.len() == 1;
            if first {
                self.pending.store(true, Ordering::SeqCst);
            }
            first
        };
        if !first {
            return;
        }
        // Every change of `sleep` is a swap, so the owner's and ours are
        // ordered: if ours comes first, the owner's swap reads it and
        // (acquire) sees `pending` set before it; if the owner's comes
        // first, we read it and wake the owner. Either it sees the command
        // or we see it asleep, with acquire/release alone (a plain store
        // by the owner would need SeqCst's store-load order, which loom
        // cannot check; make check-concurrency).
        let was = self.sleep.swap(AWAKE, Ordering::SeqCst);
        if was == SLEEP_FUTEX {
            self.futex.wake(&self.sleep);
        }
        if was == SLEEP_POLL || self.exported.load(Ordering::Acquire) {
            self.efd.signal();
            // take() resets `pending` before it clears the eventfd: if the
            // command is still pending here, any take to come clears this
            // signal; if not, it may have been taken before the signal.
            if !self.pending.load(Ordering::SeqCst) {
                self.stale.store(true, Ordering::Release);
            }
        }
    }

    /// Whether commands may be waiting (cheap; no lock).
    #[inline]
    pub(crate) fn has_pending(&self) -> bool {
        self.pending.load(Ordering::Acquire)
    }

    /// Moves every waiting command into `out` and, if the eventfd is
    /// watched, clears its signal (a late one too).
    pub(crate) fn take(&self, out: &mut Vec<C>) {
        let mut list = self.list.lock();
        self.pending.store(false, Ordering::SeqCst);
        if self.exported.load(Ordering::Relaxed) {
            self.efd.clear();
        }
        out.append(&mut list);
    }

    /// Like [`Mailbox::take`], but leaves the eventfd signalled: for a
    /// socket several threads use, whose poller (in another thread than
    /// the one taking the commands) clears it itself (`settle`) after
    /// looking at the socket's state.
    pub(crate) fn take_keep_signal(&self, out: &mut Vec<C>) {
        let mut list = self.list.lock();
        self.pending.store(false, Ordering::SeqCst);
        out.append(&mut list);
    }

    /// Hands out the eventfd for others to poll; from now on it is
    /// signalled for every command.
    pub(crate) fn export(&self) -> RawFd {
        if !self.exported.swap(true, Ordering::SeqCst) {
            // Commands queued before were not signalled: signal them now.
            let list = self.list.lock();
            if !list.is_empty() {
                self.efd.signal();
            }
        }
        self.efd.as_raw_fd()
    }

    /// Clears an eventfd signal that found nothing waiting (see the module
    /// notes), after the eventfd was seen readable. Under the lock, an
    /// empty list means every signal still to come belongs to a command
    /// already taken.
    pub(crate) fn settle(&self) {
        if self.has_pending() {
            return;
        }
        let list = self.list.lock();
        if list.is_empty() {
            self.stale.store(false, Ordering::Relaxed);
            self.efd.clear();
        }
    }

    /// Clears a late signal if one may exist (cheap otherwise): for
    /// `ZMQ_EVENTS`, which applications ask after their own poll of
    /// `ZMQ_FD` woke them.
    pub(crate) fn settle_if_stale(&self) {
        if self.stale.load(Ordering::Acquire) {
            self.settle();
        }
    }

    /// Waits until a command arrives or `timeout_ms` passes (-1 = forever).
    /// May return Ready spuriously: callers re-check their state.
    pub(crate) fn wait(&self, timeout_ms: i32) -> WaitResult {
        // A swap, not a store: see `send`.
        self.sleep.swap(SLEEP_FUTEX, Ordering::SeqCst);
        if self.pending.load(Ordering::SeqCst) {
            self.sleep.swap(AWAKE, Ordering::Relaxed);
            return WaitResult::Ready;
        }
        let r = self.futex.wait(&self.sleep, SLEEP_FUTEX, timeout_ms);
        self.sleep.swap(AWAKE, Ordering::Relaxed);
        match r {
            Ok(true) => WaitResult::Ready,
            Ok(false) if self.has_pending() => WaitResult::Ready,
            Ok(false) => WaitResult::Timeout,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => WaitResult::Interrupted,
            // A futex on our own word cannot otherwise fail; treat as
            // ready so the caller re-checks its state.
            Err(_) => WaitResult::Ready,
        }
    }

    /// Before the owner polls the eventfd together with other descriptors:
    /// the eventfd to poll, or None if a command is already waiting.
    pub(crate) fn begin_poll(&self) -> Option<RawFd> {
        self.sleep.swap(SLEEP_POLL, Ordering::SeqCst);
        if self.pending.load(Ordering::SeqCst) {
            self.sleep.swap(AWAKE, Ordering::Relaxed);
            return None;
        }
        Some(self.efd.as_raw_fd())
    }

    /// After that poll; `signalled`: the eventfd was readable.
    pub(crate) fn end_poll(&self, signalled: bool) {
        self.sleep.swap(AWAKE, Ordering::Relaxed);
        if signalled {
            if self.exported.load(Ordering::Relaxed) {
                self.settle();
            } else {
                // Nobody else reads it; what it announced is in `pending`.
                self.efd.clear();
            }
        }
    }
}

/// loom models of the wake-up protocol (`make check-concurrency`): the
/// futex and the eventfd are loom models (`crate::sync`), so a lost wake-up
/// leaves the owner blocked forever, which loom reports as a deadlock.
#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use crate::sync::Arc;
    use loom::thread;

    /// A blocking owner (`wait`, the futex path) always wakes for
    /// commands sent by two threads, whatever the interleaving.
    #[test]
    fn futex_wait_never_misses_a_command() {
        loom::model(|| {
            let mb = Arc::new(Mailbox::<u32>::new().unwrap());
            let senders: Vec<_> = (0..2)
                .map(|i| {
                    let mb = mb.clone();
                    thread::spawn(move || mb.send(i))
                })
                .collect();
            let mut got = Vec::new();
            while got.len() < 2 {
                mb.take(&mut got);
                if got.len() < 2 {
                    mb.wait(-1);
                }
            }
            got.sort();
            assert_eq!(got, [0, 1]);
            for s in senders {
                s.join().unwrap();
            }
        });
    }

    /// An owner polling its eventfd with its connection (`begin_poll` /
    /// `end_poll`) is woken for a command sent meanwhile.
    #[test]
    fn poll_never_misses_a_command() {
        loom::model(|| {
            let mb = Arc::new(Mailbox::<u32>::new().unwrap());
            let sender = {
                let mb = mb.clone();
                thread::spawn(move || mb.send(7))
            };
            let mut got = Vec::new();
            while got.is_empty() {
                if mb.begin_poll().is_some() {
                    mb.efd.wait_readable();
                    mb.end_poll(true);
                }
                mb.take(&mut got);
            }
            assert_eq!(got, [7]);
            sender.join().unwrap();
            // A signal may land after its command was taken (the sender
            // saw the owner about to poll, the owner found the command
            // without polling): the next poll then returns at once, once,
            // and clears it (a spurious wake-up, as documented).
            if mb.efd.readable() {
                assert!(mb.begin_poll().is_some());
                mb.end_poll(true);
            }
            assert!(!mb.efd.readable(), "no signal left after a poll");
        });
    }

    /// Once exported (ZMQ_FD, an I/O thread's epoll), the eventfd is
    /// readable whenever a command waits, and when everything was taken a
    /// late signal is cleared by `settle_if_stale` (ZMQ_EVENTS), so the
    /// descriptor does not stay readable with nothing to read.
    #[test]
    fn exported_eventfd_tracks_commands() {
        loom::model(|| {
            let mb = Arc::new(Mailbox::<u32>::new().unwrap());
            mb.export();
            let sender = {
                let mb = mb.clone();
                thread::spawn(move || {
                    mb.send(1);
                    mb.send(2);
                })
            };
            let mut got = Vec::new();
            while got.len() < 2 {
                mb.efd.wait_readable();
                mb.take(&mut got);
            }
            assert_eq!(got, [1, 2]);
            sender.join().unwrap();
            mb.settle_if_stale();
            assert!(!mb.efd.readable(), "no stale signal left");
        });
    }
}
