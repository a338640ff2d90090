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
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use parking_lot::Mutex;

use crate::sys::eventfd::EventFd;
use crate::sys::futex;

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
        // SeqCst pairs with the owner's `sleep` store and `pending` load:
        // either it sees the command or we see it asleep.
        let was = self.sleep.swap(AWAKE, Ordering::SeqCst);
        if was == SLEEP_FUTEX {
            futex::wake(&self.sleep);
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
        self.sleep.store(SLEEP_FUTEX, Ordering::SeqCst);
        if self.pending.load(Ordering::SeqCst) {
            self.sleep.store(AWAKE, Ordering::Relaxed);
            return WaitResult::Ready;
        }
        let r = futex::wait(&self.sleep, SLEEP_FUTEX, timeout_ms);
        self.sleep.store(AWAKE, Ordering::Relaxed);
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
        self.sleep.store(SLEEP_POLL, Ordering::SeqCst);
        if self.pending.load(Ordering::SeqCst) {
            self.sleep.store(AWAKE, Ordering::Relaxed);
            return None;
        }
        Some(self.efd.as_raw_fd())
    }

    /// After that poll; `signalled`: the eventfd was readable.
    pub(crate) fn end_poll(&self, signalled: bool) {
        self.sleep.store(AWAKE, Ordering::Relaxed);
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
