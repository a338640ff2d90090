//! The synchronisation primitives of the hand-written lock-free code
//! (`pipe::spsc`, `mailbox`): std's (and parking_lot's, and the kernel's
//! futex and eventfd) in normal builds, loom's models under `--cfg loom`,
//! so that `make check-concurrency` can explore every interleaving of
//! their protocols (see the loom tests in those modules).

#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, AtomicU64, Ordering};
#[cfg(not(loom))]
pub(crate) use std::sync::Arc;

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, AtomicU64, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::Arc;

/// A cell whose accesses loom checks for data races: `with` for reads,
/// `with_mut` for writes (loom's `UnsafeCell` API).
#[cfg(not(loom))]
#[derive(Debug)]
pub(crate) struct SlotCell<T>(std::cell::UnsafeCell<T>);

#[cfg(not(loom))]
impl<T> SlotCell<T> {
    pub(crate) const fn new(v: T) -> SlotCell<T> {
        SlotCell(std::cell::UnsafeCell::new(v))
    }

    #[inline(always)]
    pub(crate) fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        f(self.0.get())
    }

    #[inline(always)]
    pub(crate) fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}

#[cfg(loom)]
pub(crate) use loom::cell::UnsafeCell as SlotCell;

/// The mailbox's command-list lock.
#[cfg(not(loom))]
pub(crate) use parking_lot::Mutex;

/// loom's mutex with parking_lot's `lock()` signature.
#[cfg(loom)]
pub(crate) struct Mutex<T>(loom::sync::Mutex<T>);

#[cfg(loom)]
impl<T> Mutex<T> {
    pub(crate) fn new(v: T) -> Mutex<T> {
        Mutex(loom::sync::Mutex::new(v))
    }

    pub(crate) fn lock(&self) -> loom::sync::MutexGuard<'_, T> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Futex wait and wake on an `AtomicU32` (`sys::futex`).
#[cfg(not(loom))]
#[derive(Debug)]
pub(crate) struct Futex;

#[cfg(not(loom))]
impl Futex {
    pub(crate) const fn new() -> Futex {
        Futex
    }

    /// See [`crate::sys::futex::wait`].
    #[inline]
    pub(crate) fn wait(
        &self,
        word: &AtomicU32,
        expected: u32,
        timeout_ms: i32,
    ) -> std::io::Result<bool> {
        crate::sys::futex::wait(word, expected, timeout_ms)
    }

    /// See [`crate::sys::futex::wake`].
    #[inline]
    pub(crate) fn wake(&self, word: &AtomicU32) {
        crate::sys::futex::wake(word)
    }
}

/// A model of the kernel's futex for loom: the check of the word and the
/// sleep are atomic with respect to `wake`, as in the kernel (there
/// through the futex hash bucket's lock, here through a mutex). Only
/// infinite waits are modelled.
#[cfg(loom)]
pub(crate) struct Futex {
    lock: loom::sync::Mutex<()>,
    cv: loom::sync::Condvar,
}

#[cfg(loom)]
impl Futex {
    pub(crate) fn new() -> Futex {
        Futex {
            lock: loom::sync::Mutex::new(()),
            cv: loom::sync::Condvar::new(),
        }
    }

    pub(crate) fn wait(
        &self,
        word: &AtomicU32,
        expected: u32,
        _timeout_ms: i32,
    ) -> std::io::Result<bool> {
        let g = self.lock.lock().unwrap();
        if word.load(Ordering::SeqCst) != expected {
            return Ok(true);
        }
        drop(self.cv.wait(g).unwrap());
        Ok(true)
    }

    pub(crate) fn wake(&self, _word: &AtomicU32) {
        let _g = self.lock.lock().unwrap();
        self.cv.notify_all();
    }
}

/// The mailbox's eventfd (`sys::eventfd`).
#[cfg(not(loom))]
pub(crate) use crate::sys::eventfd::EventFd;

/// A model of an eventfd for loom: a counter that `signal` raises and
/// `clear` resets, and a wait for it to be readable (what `poll` on the
/// descriptor does).
#[cfg(loom)]
pub(crate) struct EventFd {
    count: loom::sync::Mutex<u64>,
    cv: loom::sync::Condvar,
}

#[cfg(loom)]
impl EventFd {
    pub(crate) fn new() -> std::io::Result<EventFd> {
        Ok(EventFd {
            count: loom::sync::Mutex::new(0),
            cv: loom::sync::Condvar::new(),
        })
    }

    pub(crate) fn signal(&self) {
        *self.count.lock().unwrap() += 1;
        self.cv.notify_all();
    }

    pub(crate) fn clear(&self) {
        *self.count.lock().unwrap() = 0;
    }

    /// Blocks until the eventfd is readable (`poll` with POLLIN).
    pub(crate) fn wait_readable(&self) {
        let mut g = self.count.lock().unwrap();
        while *g == 0 {
            g = self.cv.wait(g).unwrap();
        }
    }

    /// Whether it is readable now.
    pub(crate) fn readable(&self) -> bool {
        *self.count.lock().unwrap() > 0
    }
}

#[cfg(loom)]
impl std::os::fd::AsRawFd for EventFd {
    fn as_raw_fd(&self) -> std::os::fd::RawFd {
        -1
    }
}
