//! A single-producer single-consumer queue with batched publication and
//! lazy wake-up: the idea of libzmq's ypipe, written anew.
//!
//! The producer `push`es items, marking where messages end, and `commit`s
//! to publish every complete message at once: one atomic swap per batch,
//! not per item. The consumer `pop`s published items; when it finds none it
//! may `try_sleep`, after which the next `commit` reports that the consumer
//! must be woken. So a burst of messages costs one wake-up, not one each.
//!
//! Storage is a linked list of fixed-size chunks; the consumer hands each
//! chunk it finishes back to the producer through a one-slot spare, so the
//! steady state allocates nothing.
//!
//! This is one of the two places in the engine with `unsafe` (the other is
//! `sys`). The invariants, relied on by every block:
//! - index `i` lives in chunk `i / CHUNK` at slot `i % CHUNK`;
//! - the producer alone touches `Prod`, the consumer alone `Cons`;
//! - slots in `[read, committed)` are initialised and owned by the consumer;
//!   slots in `[committed, write)` are initialised and owned by the producer;
//! - `state` holds `committed << 1 | asleep`, written with release and read
//!   with acquire, so a published slot's contents and chunk links are
//!   visible to the consumer before it reads them.

#![allow(unsafe_code)]

use std::cell::UnsafeCell;
use std::mem::MaybeUninit;
use std::ptr;

use crate::sync::{Arc, SlotCell};
use crate::sync::{AtomicPtr, AtomicU64, Ordering};

/// Items per chunk. Under loom, 2: the models cross chunk boundaries (and
/// recycle chunks through the spare) with a handful of items.
#[cfg(not(loom))]
const CHUNK: usize = 64;
#[cfg(loom)]
const CHUNK: usize = 2;
const ASLEEP: u64 = 1;

struct Chunk<T> {
    slots: [SlotCell<MaybeUninit<T>>; CHUNK],
    next: AtomicPtr<Chunk<T>>,
}

impl<T> Chunk<T> {
    fn alloc() -> *mut Chunk<T> {
        Box::into_raw(Box::new(Chunk {
            slots: std::array::from_fn(|_| SlotCell::new(MaybeUninit::uninit())),
            next: AtomicPtr::new(ptr::null_mut()),
        }))
    }

    /// # Safety
    /// `c` came from `alloc` and is no longer referenced; its live slots
    /// were already dropped.
    unsafe fn free(c: *mut Chunk<T>) {
        // SAFETY: per the contract; MaybeUninit slots drop nothing.
        drop(unsafe { Box::from_raw(c) });
    }
}

#[repr(align(128))]
struct Padded<T>(T);

struct Prod<T> {
    tail: *mut Chunk<T>,
    write: u64,
    /// End of the last complete message written.
    complete: u64,
    committed: u64,
    /// The chunk holding index `committed - 1` (or the first chunk).
    commit_tail: *mut Chunk<T>,
}

struct Cons<T> {
    head: *mut Chunk<T>,
    read: u64,
    cached: u64,
}

struct Shared<T> {
    prod: Padded<UnsafeCell<Prod<T>>>,
    cons: Padded<UnsafeCell<Cons<T>>>,
    state: Padded<AtomicU64>,
    spare: AtomicPtr<Chunk<T>>,
}

// SAFETY: the producer and consumer halves touch disjoint state (see the
// module invariants); items move between threads, so T must be Send.
unsafe impl<T: Send> Send for Shared<T> {}
// SAFETY: as above; shared access is through atomics only.
unsafe impl<T: Send> Sync for Shared<T> {}

/// The writing half.
pub(crate) struct Producer<T> {
    shared: Arc<Shared<T>>,
}

/// The reading half.
pub(crate) struct Consumer<T> {
    shared: Arc<Shared<T>>,
}

/// A new queue.
pub(crate) fn queue<T: Send>() -> (Producer<T>, Consumer<T>) {
    let first = Chunk::alloc();
    let shared = Arc::new(Shared {
        prod: Padded(UnsafeCell::new(Prod {
            tail: first,
            write: 0,
            complete: 0,
            committed: 0,
            commit_tail: first,
        })),
        cons: Padded(UnsafeCell::new(Cons {
            head: first,
            read: 0,
            cached: 0,
        })),
        state: Padded(AtomicU64::new(0)),
        spare: AtomicPtr::new(ptr::null_mut()),
    });
    (
        Producer {
            shared: shared.clone(),
        },
        Consumer { shared },
    )
}

/// The cell of index `i` in chunk `c`.
///
/// # Safety
/// `c` is a live chunk of the queue and holds index `i` (module invariant).
#[inline]
unsafe fn slot<'a, T>(c: *mut Chunk<T>, i: u64) -> &'a SlotCell<MaybeUninit<T>> {
    // SAFETY: per the contract.
    unsafe { &(*c).slots[(i % CHUNK as u64) as usize] }
}

impl<T: Send> Producer<T> {
    /// The shared state and the producer's own fields.
    #[inline]
    fn parts(&mut self) -> (&Shared<T>, &mut Prod<T>) {
        let sh = &*self.shared;
        // SAFETY: only the one Producer touches `prod`, and &mut self makes
        // this borrow exclusive for its lifetime.
        let p = unsafe { &mut *sh.prod.0.get() };
        (sh, p)
    }

    /// Appends an item. `complete` marks the end of a message: only whole
    /// messages are published by `commit`.
    #[inline]
    pub(crate) fn push(&mut self, v: T, complete: bool) {
        let (sh, p) = self.parts();
        let spare = &sh.spare;
        let i = p.write;
        if i > 0 && i.is_multiple_of(CHUNK as u64) {
            let mut next = spare.swap(ptr::null_mut(), Ordering::Acquire);
            if next.is_null() {
                next = Chunk::alloc();
            } else {
                // SAFETY: a spare chunk is owned by whoever took it out.
                unsafe { (*next).next.store(ptr::null_mut(), Ordering::Relaxed) };
            }
            // SAFETY: tail is our current chunk; the link is published to the
            // consumer by the release in `commit`.
            unsafe { (*p.tail).next.store(next, Ordering::Relaxed) };
            p.tail = next;
        }
        // SAFETY: slot i is beyond `committed`, so the producer owns it, and
        // it is uninitialised (never written, or consumed and moved out).
        unsafe { slot(p.tail, i).with_mut(|s| s.write(MaybeUninit::new(v))) };
        p.write = i + 1;
        if complete {
            p.complete = p.write;
        }
    }

    /// Publishes every complete message written so far. Returns true if
    /// the consumer was asleep and must be woken.
    #[inline]
    pub(crate) fn commit(&mut self) -> bool {
        let (sh, p) = self.parts();
        let state = &sh.state.0;
        if p.complete == p.committed {
            return false;
        }
        p.commit_tail = walk(p.commit_tail, p.committed, p.complete);
        p.committed = p.complete;
        let prev = state.swap(p.committed << 1, Ordering::AcqRel);
        prev & ASLEEP != 0
    }

    /// Drops the items of an incomplete message (written after the last
    /// complete one). Complete but uncommitted messages are kept.
    pub(crate) fn rollback(&mut self) {
        let (_, p) = self.parts();
        if p.write == p.complete {
            return;
        }
        let keep = walk(p.commit_tail, p.committed, p.complete);
        let mut c = keep;
        for i in p.complete..p.write {
            if i > 0 && i.is_multiple_of(CHUNK as u64) {
                // SAFETY: index i was written, so the link to its chunk exists.
                c = unsafe { (*c).next.load(Ordering::Relaxed) };
            }
            // SAFETY: slot i in [complete, write) is initialised and ours.
            unsafe { slot(c, i).with_mut(|s| ptr::drop_in_place((*s).as_mut_ptr())) };
        }
        // Free the chunks after the one holding index `complete - 1`: they
        // hold nothing live, and the consumer never follows a link past a
        // published index.
        // SAFETY: keep is a live chunk of this queue.
        let mut next = unsafe { (*keep).next.swap(ptr::null_mut(), Ordering::Relaxed) };
        while !next.is_null() {
            // SAFETY: next is only reachable from here.
            let n = unsafe { (*next).next.load(Ordering::Relaxed) };
            // SAFETY: as above; its live slots were dropped.
            unsafe { Chunk::free(next) };
            next = n;
        }
        p.tail = keep;
        p.write = p.complete;
    }
}

/// The chunk number holding the last of `count` items (0 when empty).
fn chunk_no(count: u64) -> u64 {
    count.saturating_sub(1) / CHUNK as u64
}

/// Walks links from `c`, the chunk holding the last of `from` items, to the
/// chunk holding the last of `to` items (`to >= from`, all written).
fn walk<T>(mut c: *mut Chunk<T>, from: u64, to: u64) -> *mut Chunk<T> {
    for _ in chunk_no(from)..chunk_no(to) {
        // SAFETY: every index below `to` was written, so the links exist.
        c = unsafe { (*c).next.load(Ordering::Relaxed) };
    }
    c
}

impl<T: Send> Consumer<T> {
    /// The shared state and the consumer's own fields.
    #[inline]
    fn parts(&mut self) -> (&Shared<T>, &mut Cons<T>) {
        let sh = &*self.shared;
        // SAFETY: only the one Consumer touches `cons`, and &mut self makes
        // this borrow exclusive for its lifetime.
        let c = unsafe { &mut *sh.cons.0.get() };
        (sh, c)
    }

    /// Whether a published item is waiting (refreshes the view).
    #[inline]
    pub(crate) fn is_readable(&mut self) -> bool {
        let (sh, c) = self.parts();
        let state = &sh.state.0;
        if c.read < c.cached {
            return true;
        }
        c.cached = state.load(Ordering::Acquire) >> 1;
        c.read < c.cached
    }

    /// Claims the next published slot: steps into the next chunk when the
    /// current one is finished (recycling it) and advances the read index.
    /// The slot holds an initialised item that the caller must move out or
    /// drop exactly once; it stays valid until the next claim, because a
    /// chunk is recycled only when a later claim moves past it.
    #[inline]
    fn claim(&mut self) -> Option<&SlotCell<MaybeUninit<T>>> {
        if !self.is_readable() {
            return None;
        }
        let (sh, c) = self.parts();
        let i = c.read;
        if i > 0 && i.is_multiple_of(CHUNK as u64) {
            let old = c.head;
            // SAFETY: i < committed, so the producer linked the next chunk
            // before publishing; the acquire in is_readable makes it visible.
            c.head = unsafe { (*old).next.load(Ordering::Relaxed) };
            // Recycle the finished chunk: its slots were all moved out.
            let prev = sh.spare.swap(old, Ordering::AcqRel);
            if !prev.is_null() {
                // SAFETY: the previous spare was never taken; nobody else
                // references it.
                unsafe { Chunk::free(prev) };
            }
        }
        c.read = i + 1;
        // SAFETY: c.head holds index i (stepped into above when needed).
        Some(unsafe { slot(c.head, i) })
    }

    /// Takes the next published item.
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<T> {
        let p = self.claim()?;
        // SAFETY: a claimed slot is initialised and ours; reading moves the
        // value out, leaving the slot logically empty.
        Some(unsafe { p.with_mut(|s| (*s).assume_init_read()) })
    }

    /// Hands the next published item to `f` in place, then drops it: no
    /// move of the item (for large `T` a move is a copy that the reader
    /// pays per item). If `f` panics the item is leaked, never dropped
    /// twice.
    #[inline]
    pub(crate) fn pop_with<R>(&mut self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        let p = self.claim()?;
        // SAFETY: a claimed slot is initialised and ours until the next
        // claim; `f` cannot claim (it has no access to the consumer). The
        // item is dropped exactly once, after `f`.
        Some(unsafe {
            p.with_mut(|s| {
                let r = f((*s).assume_init_mut());
                (*s).assume_init_drop();
                r
            })
        })
    }

    /// The next published item, left in place.
    pub(crate) fn peek(&mut self) -> Option<&T> {
        if !self.is_readable() {
            return None;
        }
        let (_, c) = self.parts();
        let i = c.read;
        let chunk = if i > 0 && i.is_multiple_of(CHUNK as u64) {
            // SAFETY: as in `pop`: the next chunk is linked and visible.
            unsafe { (*c.head).next.load(Ordering::Relaxed) }
        } else {
            c.head
        };
        // SAFETY: slot i < committed is initialised; we only borrow it, and
        // &mut self keeps the consumer from moving it out meanwhile.
        Some(unsafe { slot(chunk, i).with(|s| (*s).assume_init_ref()) })
    }

    /// Registers the consumer as asleep if nothing is published. Returns
    /// true if asleep (the next `commit` will report a wake-up), false if
    /// items arrived meanwhile.
    pub(crate) fn try_sleep(&mut self) -> bool {
        let (sh, c) = self.parts();
        let state = &sh.state.0;
        let idle = c.read << 1;
        match state.compare_exchange(idle, idle | ASLEEP, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => true,
            Err(cur) if cur == idle | ASLEEP => true,
            Err(cur) => {
                c.cached = cur >> 1;
                false
            }
        }
    }
}

impl<T> Drop for Shared<T> {
    fn drop(&mut self) {
        let p = self.prod.0.get_mut();
        let c = self.cons.0.get_mut();
        // Live items: [read, write). Walk from the consumer's head chunk.
        let mut chunk = c.head;
        let mut i = c.read;
        while i < p.write {
            if i > 0 && i.is_multiple_of(CHUNK as u64) {
                // SAFETY: index i was written, so the link exists.
                chunk = unsafe { (*chunk).next.load(Ordering::Relaxed) };
            }
            // SAFETY: both halves are gone; slot i is initialised.
            unsafe { slot(chunk, i).with_mut(|s| ptr::drop_in_place((*s).as_mut_ptr())) };
            i += 1;
        }
        let mut cur = c.head;
        while !cur.is_null() {
            // SAFETY: we own every chunk from head on.
            let n = unsafe { (*cur).next.load(Ordering::Relaxed) };
            // SAFETY: as above; live slots were dropped.
            unsafe { Chunk::free(cur) };
            cur = n;
        }
        let s = self.spare.load(Ordering::Relaxed);
        if !s.is_null() {
            // SAFETY: the spare is owned by the queue.
            unsafe { Chunk::free(s) };
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn fifo_across_chunks() {
        let (mut p, mut c) = queue();
        for i in 0..1000u32 {
            p.push(i, true);
            if i % 7 == 0 {
                p.commit();
            }
        }
        p.commit();
        for i in 0..1000u32 {
            assert_eq!(c.pop(), Some(i));
        }
        assert_eq!(c.pop(), None);
    }

    #[test]
    fn only_complete_messages_are_published() {
        let (mut p, mut c) = queue();
        p.push(1, false);
        p.push(2, false);
        assert!(!p.commit());
        assert_eq!(c.pop(), None);
        p.push(3, true);
        p.commit();
        assert_eq!(
            (c.pop(), c.pop(), c.pop(), c.pop()),
            (Some(1), Some(2), Some(3), None)
        );
    }

    #[test]
    fn sleep_and_wake() {
        let (mut p, mut c) = queue();
        assert!(c.try_sleep());
        p.push(1, true);
        assert!(p.commit(), "consumer was asleep");
        p.push(2, true);
        assert!(!p.commit(), "already woken");
        assert_eq!(c.pop(), Some(1));
        assert!(!c.try_sleep(), "item 2 is waiting");
        assert_eq!(c.pop(), Some(2));
        assert!(c.try_sleep());
    }

    struct D(Arc<AtomicUsize>);
    impl Drop for D {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn rollback_drops_incomplete_and_frees_chunks() {
        let n = Arc::new(AtomicUsize::new(0));
        let (mut p, mut c) = queue();
        for _ in 0..10 {
            p.push(D(n.clone()), true);
        }
        p.commit();
        for _ in 0..200 {
            p.push(D(n.clone()), false);
        }
        p.rollback();
        assert_eq!(n.load(Ordering::SeqCst), 200);
        p.push(D(n.clone()), true);
        p.commit();
        for _ in 0..11 {
            drop(c.pop().unwrap());
        }
        assert!(c.pop().is_none());
        assert_eq!(n.load(Ordering::SeqCst), 211);
        // Uncommitted complete items survive rollback and are dropped with the queue.
        p.push(D(n.clone()), true);
        p.push(D(n.clone()), false);
        p.rollback();
        assert_eq!(n.load(Ordering::SeqCst), 212);
        drop(p);
        drop(c);
        assert_eq!(n.load(Ordering::SeqCst), 213);
    }

    #[test]
    fn rollback_at_chunk_boundaries() {
        for committed in [0usize, 1, 63, 64, 65, 127, 128] {
            for extra in [0usize, 1, 63, 64, 65, 200] {
                let (mut p, mut c) = queue();
                for i in 0..committed {
                    p.push(i, true);
                }
                p.commit();
                for i in 0..extra {
                    p.push(1000 + i, false);
                }
                p.rollback();
                for i in 0..70 {
                    p.push(5000 + i, i == 69);
                }
                p.commit();
                for i in 0..committed {
                    assert_eq!(c.pop(), Some(i));
                }
                for i in 0..70 {
                    assert_eq!(
                        c.pop(),
                        Some(5000 + i),
                        "committed={committed} extra={extra}"
                    );
                }
                assert_eq!(c.pop(), None);
            }
        }
    }

    #[test]
    fn drop_releases_everything() {
        let n = Arc::new(AtomicUsize::new(0));
        let (mut p, mut c) = queue();
        for i in 0..300 {
            p.push(D(n.clone()), i % 3 == 2);
        }
        p.commit();
        for _ in 0..100 {
            drop(c.pop());
        }
        drop(c);
        drop(p);
        assert_eq!(n.load(Ordering::SeqCst), 300);
    }

    #[test]
    fn pop_with_sees_items_in_order_and_drops_each_once() {
        let n = Arc::new(AtomicUsize::new(0));
        let (mut p, mut c) = queue();
        for i in 0..300usize {
            p.push((i, D(n.clone())), true);
        }
        p.commit();
        // Across chunk boundaries, mixed with plain pops.
        for i in 0..300usize {
            if i % 5 == 0 {
                assert_eq!(c.pop().map(|v| v.0), Some(i));
            } else {
                assert_eq!(c.pop_with(|v| v.0), Some(i));
            }
            assert_eq!(n.load(Ordering::SeqCst), i + 1);
        }
        assert_eq!(c.pop_with(|v| v.0), None);
        drop(c);
        drop(p);
        assert_eq!(n.load(Ordering::SeqCst), 300);
    }

    #[test]
    fn threads_transfer_in_order() {
        let (mut p, mut c) = queue::<u64>();
        // Miri runs ~1000x slower.
        const N: u64 = if cfg!(miri) { 2_000 } else { 1_000_000 };
        let t = std::thread::spawn(move || {
            for i in 0..N {
                p.push(i, true);
                if i % 13 == 0 {
                    p.commit();
                }
            }
            p.commit();
        });
        let mut next = 0;
        while next < N {
            match c.pop() {
                Some(v) => {
                    assert_eq!(v, next);
                    next += 1;
                }
                None => std::thread::yield_now(),
            }
        }
        t.join().unwrap();
    }
}

/// loom models of the queue (`make check-concurrency`): every interleaving
/// of producer and consumer, with 2-item chunks so that chunk links and the
/// spare-chunk recycling are crossed, under loom's model of the C++11
/// memory orderings.
#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::sync::atomic::AtomicUsize;
    use loom::thread;

    /// Items arrive whole, in order, exactly once, across chunk boundaries
    /// and chunk recycling; what is left is dropped with the queue.
    #[test]
    fn transfer_in_order_across_chunks() {
        loom::model(|| {
            let (mut p, mut c) = queue::<usize>();
            let t = thread::spawn(move || {
                for i in 0..5 {
                    p.push(i, true);
                    if i % 2 == 1 {
                        p.commit();
                    }
                }
                p.commit();
            });
            let mut next = 0;
            while next < 5 {
                match c.pop() {
                    Some(v) => {
                        assert_eq!(v, next);
                        next += 1;
                    }
                    None => thread::yield_now(),
                }
            }
            assert_eq!(c.pop(), None);
            t.join().unwrap();
        });
    }

    /// The wake-up protocol: the consumer registers asleep (`try_sleep`)
    /// only when nothing is published, and `commit` reports it asleep
    /// whenever it is: the writer wakes the reader exactly on the empty to
    /// non-empty transition and a wake-up is never lost. The consumer
    /// parks when asleep; a lost wake-up leaves it parked forever, which
    /// loom reports as a deadlock.
    #[test]
    fn wake_up_is_never_lost() {
        loom::model(|| {
            let (mut p, mut c) = queue::<usize>();
            let consumer = thread::spawn(move || {
                let mut got = 0;
                while got < 3 {
                    if let Some(v) = c.pop() {
                        assert_eq!(v, got);
                        got += 1;
                    } else if c.try_sleep() {
                        thread::park();
                    }
                }
            });
            for i in 0..3 {
                p.push(i, true);
                if p.commit() {
                    consumer.thread().unpark();
                }
            }
            consumer.join().unwrap();
        });
    }

    /// Only complete messages are published, and a rolled-back partial
    /// message is dropped exactly once while the consumer reads.
    #[test]
    fn rollback_while_reading() {
        #[derive(Debug)]
        struct D(Arc<AtomicUsize>);
        impl Drop for D {
            fn drop(&mut self) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        loom::model(|| {
            let drops = Arc::new(AtomicUsize::new(0));
            let (mut p, mut c) = queue::<(usize, D)>();
            let d = drops.clone();
            let t = thread::spawn(move || {
                p.push((0, D(d.clone())), true);
                p.commit();
                p.push((1, D(d.clone())), false);
                p.push((2, D(d.clone())), false);
                p.rollback();
                p.push((3, D(d.clone())), true);
                p.commit();
            });
            let mut seen = Vec::new();
            while seen.len() < 2 {
                match c.pop_with(|v| v.0) {
                    Some(v) => seen.push(v),
                    None => thread::yield_now(),
                }
            }
            t.join().unwrap();
            assert_eq!(seen, [0, 3]);
            assert_eq!(drops.load(Ordering::SeqCst), 4);
        });
    }
}
