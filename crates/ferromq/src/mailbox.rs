//! Mailboxes: how other threads talk to a socket or to an I/O thread.
//!
//! A mailbox is a command list behind a mutex plus an eventfd that is
//! readable exactly while commands are waiting. Senders signal the eventfd
//! only when the list goes from empty to non-empty, so a burst of commands
//! costs one wake-up. The eventfd is what `ZMQ_FD` hands to applications.

use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::Mutex;

use crate::sys::eventfd::EventFd;

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

/// A command list with an eventfd signal.
pub(crate) struct Mailbox<C> {
    list: Mutex<Vec<C>>,
    pending: AtomicBool,
    efd: EventFd,
}

impl<C> Mailbox<C> {
    pub(crate) fn new() -> io::Result<Mailbox<C>> {
        Ok(Mailbox {
            list: Mutex::new(Vec::new()),
            pending: AtomicBool::new(false),
            efd: EventFd::new()?,
        })
    }

    /// Queues a command and wakes the owner if the list was empty.
    pub(crate) fn send(&self, cmd: C) {
        let mut list = self.list.lock();
        list.push(cmd);
        if list.len() == 1 {
            self.pending.store(true, Ordering::Release);
            self.efd.signal();
        }
    }

    /// Whether commands may be waiting (cheap; no lock).
    #[inline]
    pub(crate) fn has_pending(&self) -> bool {
        self.pending.load(Ordering::Acquire)
    }

    /// Moves every waiting command into `out` and clears the signal.
    pub(crate) fn take(&self, out: &mut Vec<C>) {
        let mut list = self.list.lock();
        if list.is_empty() {
            return;
        }
        self.efd.clear();
        self.pending.store(false, Ordering::Release);
        out.append(&mut list);
    }

    /// Waits until a command arrives or `timeout_ms` passes (-1 = forever).
    pub(crate) fn wait(&self, timeout_ms: i32) -> WaitResult {
        if self.has_pending() {
            return WaitResult::Ready;
        }
        match self.efd.wait(timeout_ms) {
            Ok(true) => WaitResult::Ready,
            Ok(false) => WaitResult::Timeout,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => WaitResult::Interrupted,
            // poll on our own eventfd cannot otherwise fail; treat as ready
            // so the caller re-checks its state.
            Err(_) => WaitResult::Ready,
        }
    }
}

impl<C> AsRawFd for Mailbox<C> {
    fn as_raw_fd(&self) -> RawFd {
        self.efd.as_raw_fd()
    }
}
