//! A timer set the application drives itself (libzmq's `zmq_timers_*`).
//!
//! The application adds timers (an interval in milliseconds and a handler),
//! asks [`Timers::timeout`] how long it may sleep, and calls
//! [`Timers::execute`] to run every handler that is due. A timer fires every
//! `interval` ms until cancelled.
//!
//! Semantics follow libzmq 4.3's `timers_t` exactly wherever libzmq's
//! behaviour is defined:
//!
//! * ids start at 1 and increase by one per [`Timers::add`];
//! * [`Timers::cancel`] only marks a timer; the timer is dropped the next time
//!   [`Timers::timeout`] or [`Timers::execute`] walks past it. Until then
//!   [`Timers::set_interval`] and [`Timers::reset`] still find it (and succeed,
//!   without un-cancelling it), a second `cancel` fails, and so does `cancel`
//!   after the timer was dropped;
//! * `execute` reads the clock once; each due timer runs once and is
//!   re-armed at `that time + interval`;
//! * a handler may add, cancel (itself included), reset or re-interval timers
//!   while `execute` runs: no lock is held while a handler runs.
//!
//! Where libzmq's behaviour is undefined or a bug, this module picks:
//!
//! * a timer with interval 0 runs once per `execute` (libzmq 4.3 loops
//!   forever re-running it), and a timer added by a handler, or moved by
//!   `reset`/`set_interval` from a handler, does not run before the next
//!   `execute`;
//! * a handler that resets or re-intervals its own timer (libzmq reads a
//!   freed map node) keeps the schedule the handler set;
//! * `now + interval` saturates instead of wrapping, so a huge interval means
//!   "practically never" rather than "now" (libzmq wraps); `timeout` is
//!   clamped to `i64::MAX` rather than wrapping negative;
//! * ids wrap from `i32::MAX` back to 1, skipping ids still in use (libzmq
//!   overflows a signed int).

#![forbid(unsafe_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;
use std::time::Instant;

use parking_lot::Mutex;

use crate::error::{Error, Result};

/// A timer's id, as returned by [`Timers::add`]: positive, unique in its set.
pub type TimerId = i32;

/// A source of milliseconds on a monotonic clock.
pub type Clock = Box<dyn Fn() -> u64 + Send + Sync>;

/// Milliseconds on the process-wide monotonic clock.
pub fn monotonic_ms() -> u64 {
    static BASE: OnceLock<Instant> = OnceLock::new();
    let base = *BASE.get_or_init(Instant::now);
    u64::try_from(base.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// A map position: expiry time, then insertion order (equal expiry times
/// keep insertion order, as libzmq's multimap does).
type Key = (u64, u64);

struct Timer<H> {
    id: TimerId,
    interval: u64,
    handler: H,
    /// Its handler is running (in [`Timers::execute`]).
    running: bool,
}

struct Inner<H> {
    /// Timers in expiry order.
    by_time: BTreeMap<Key, Timer<H>>,
    /// Where each timer in `by_time` is.
    by_id: HashMap<TimerId, Key>,
    /// Ids cancelled but still in `by_time`.
    cancelled: HashSet<TimerId>,
    last_id: TimerId,
    next_seq: u64,
}

impl<H> Inner<H> {
    fn insert(&mut self, when: u64, timer: Timer<H>) -> Key {
        let key = (when, self.next_seq);
        self.next_seq += 1;
        self.by_id.insert(timer.id, key);
        self.by_time.insert(key, timer);
        key
    }

    fn remove(&mut self, key: Key) -> Option<Timer<H>> {
        let timer = self.by_time.remove(&key)?;
        self.by_id.remove(&timer.id);
        Some(timer)
    }

    /// Drops cancelled timers from the front of the map; returns the first
    /// live timer's key.
    fn purge_front(&mut self) -> Option<Key> {
        loop {
            let (&key, timer) = self.by_time.first_key_value()?;
            if !self.cancelled.remove(&timer.id) {
                return Some(key);
            }
            self.remove(key);
        }
    }

    /// The first live timer that is due at `now`, was placed before
    /// `first_new_seq` and is not running; drops cancelled timers met first.
    ///
    /// Entries placed during an `execute` (re-armed, added or moved by a
    /// handler) sort after every entry that was due when it began: meeting
    /// one means all due timers have run.
    fn next_due(&mut self, now: u64, first_new_seq: u64) -> Option<Key> {
        loop {
            let mut dead = None;
            let mut found = None;
            for (&key, timer) in &self.by_time {
                if self.cancelled.contains(&timer.id) {
                    dead = Some(key);
                    break;
                }
                if key.0 > now || key.1 >= first_new_seq {
                    return None;
                }
                if !timer.running {
                    found = Some(key);
                    break;
                }
            }
            match dead {
                Some(key) => {
                    if let Some(timer) = self.remove(key) {
                        self.cancelled.remove(&timer.id);
                    }
                }
                None => return found,
            }
        }
    }

    fn next_id(&mut self) -> TimerId {
        loop {
            self.last_id = if self.last_id == TimerId::MAX {
                1
            } else {
                self.last_id + 1
            };
            if !self.by_id.contains_key(&self.last_id) {
                return self.last_id;
            }
        }
    }

    /// Moves timer `id` to `now + interval` (with a new interval if given).
    fn reschedule(&mut self, id: TimerId, now: u64, interval: Option<u64>) -> Result<()> {
        let key = *self.by_id.get(&id).ok_or(Error::Inval)?;
        let mut timer = self.remove(key).ok_or(Error::Inval)?;
        if let Some(interval) = interval {
            timer.interval = interval;
        }
        let when = now.saturating_add(timer.interval);
        self.insert(when, timer);
        Ok(())
    }
}

/// A set of timers whose handlers are values of type `H`.
///
/// All methods take `&self`, so a handler run by [`Timers::execute`] may call
/// back into the same set. The set is `Sync` when `H: Send`.
pub struct Timers<H> {
    inner: Mutex<Inner<H>>,
    clock: Clock,
}

impl<H> Default for Timers<H> {
    fn default() -> Self {
        Self::new()
    }
}

impl<H> std::fmt::Debug for Timers<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = self.inner.lock();
        f.debug_struct("Timers")
            .field("timers", &inner.by_time.len())
            .field("cancelled", &inner.cancelled.len())
            .finish()
    }
}

impl<H> Timers<H> {
    /// An empty set on the monotonic clock ([`monotonic_ms`]).
    pub fn new() -> Self {
        Self::with_clock(Box::new(monotonic_ms))
    }

    /// An empty set reading time (in milliseconds) from `clock`, which must
    /// never go backwards.
    pub fn with_clock(clock: Clock) -> Self {
        Timers {
            inner: Mutex::new(Inner {
                by_time: BTreeMap::new(),
                by_id: HashMap::new(),
                cancelled: HashSet::new(),
                last_id: 0,
                next_seq: 0,
            }),
            clock,
        }
    }

    fn now(&self) -> u64 {
        (self.clock)()
    }

    /// Adds a timer firing every `interval_ms` ms, first `interval_ms` ms
    /// from now; returns its id.
    pub fn add(&self, interval_ms: usize, handler: H) -> TimerId {
        let now = self.now();
        let interval = u64::try_from(interval_ms).unwrap_or(u64::MAX);
        let mut inner = self.inner.lock();
        let id = inner.next_id();
        inner.insert(
            now.saturating_add(interval),
            Timer {
                id,
                interval,
                handler,
                running: false,
            },
        );
        id
    }

    /// Cancels timer `id`. [`Error::Inval`] if there is no such timer or it
    /// is already cancelled.
    pub fn cancel(&self, id: TimerId) -> Result<()> {
        let mut inner = self.inner.lock();
        if !inner.by_id.contains_key(&id) || !inner.cancelled.insert(id) {
            return Err(Error::Inval);
        }
        Ok(())
    }

    /// Sets timer `id`'s interval and restarts it: it next fires
    /// `interval_ms` ms from now. [`Error::Inval`] if there is no such timer.
    pub fn set_interval(&self, id: TimerId, interval_ms: usize) -> Result<()> {
        let now = self.now();
        let interval = u64::try_from(interval_ms).unwrap_or(u64::MAX);
        self.inner.lock().reschedule(id, now, Some(interval))
    }

    /// Restarts timer `id`: it next fires one interval from now.
    /// [`Error::Inval`] if there is no such timer.
    pub fn reset(&self, id: TimerId) -> Result<()> {
        let now = self.now();
        self.inner.lock().reschedule(id, now, None)
    }

    /// Milliseconds until the next timer is due: 0 if one is overdue, -1 if
    /// no timer is live. Drops cancelled timers that come first.
    pub fn timeout(&self) -> i64 {
        let now = self.now();
        let mut inner = self.inner.lock();
        match inner.purge_front() {
            None => -1,
            Some((when, _)) => i64::try_from(when.saturating_sub(now)).unwrap_or(i64::MAX),
        }
    }

    /// Number of timers held, cancelled ones not yet dropped included.
    pub fn len(&self) -> usize {
        self.inner.lock().by_time.len()
    }

    /// True if the set holds no timer at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<H: Clone> Timers<H> {
    /// Runs every due timer once, in expiry order, by calling
    /// `run(id, &handler)` with no lock held, and re-arms each at
    /// `now + interval`. Cancelled timers met on the way are dropped.
    ///
    /// A handler may call `execute` again: the nested call skips timers
    /// whose handlers are running.
    pub fn execute(&self, mut run: impl FnMut(TimerId, &H)) {
        let now = self.now();
        let first_new_seq = self.inner.lock().next_seq;
        loop {
            let (key, id, handler) = {
                let mut inner = self.inner.lock();
                let Some(key) = inner.next_due(now, first_new_seq) else {
                    return;
                };
                let Some(timer) = inner.by_time.get_mut(&key) else {
                    return;
                };
                timer.running = true;
                (key, timer.id, timer.handler.clone())
            };
            // The timer stays in place while its handler runs, so the
            // handler can cancel (or reset) it. The guard re-arms it, even
            // if `run` panics.
            let _rearm = Rearm {
                timers: self,
                id,
                key,
                when: now,
            };
            run(id, &handler);
        }
    }
}

/// Re-arms a timer after its handler ran (see [`Timers::execute`]).
struct Rearm<'a, H> {
    timers: &'a Timers<H>,
    id: TimerId,
    key: Key,
    when: u64,
}

impl<H> Drop for Rearm<'_, H> {
    fn drop(&mut self) {
        let mut inner = self.timers.inner.lock();
        let Some(&current) = inner.by_id.get(&self.id) else {
            // Cancelled and dropped by the handler (via `timeout`).
            return;
        };
        if current == self.key {
            if let Some(mut timer) = inner.remove(current) {
                timer.running = false;
                let when = self.when.saturating_add(timer.interval);
                inner.insert(when, timer);
            }
        } else if let Some(timer) = inner.by_time.get_mut(&current) {
            // Moved by the handler (reset / set_interval): its schedule stands.
            timer.running = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;

    /// A set on a hand-driven clock, and the clock.
    fn manual<H>() -> (Timers<H>, Arc<AtomicU64>) {
        let t = Arc::new(AtomicU64::new(1_000));
        let c = Arc::clone(&t);
        (
            Timers::with_clock(Box::new(move || c.load(Ordering::SeqCst))),
            t,
        )
    }

    fn advance(clock: &AtomicU64, ms: u64) {
        clock.fetch_add(ms, Ordering::SeqCst);
    }

    fn fired(t: &Timers<()>) -> Vec<TimerId> {
        let mut v = Vec::new();
        t.execute(|id, _| v.push(id));
        v
    }

    #[test]
    fn ids_start_at_one() {
        let (t, _) = manual::<()>();
        assert_eq!(t.add(10, ()), 1);
        assert_eq!(t.add(10, ()), 2);
        t.cancel(1).unwrap();
        assert_eq!(t.add(10, ()), 3);
    }

    #[test]
    fn ids_wrap_skipping_live_ones() {
        let (t, _) = manual::<()>();
        assert_eq!(t.add(10, ()), 1);
        t.inner.lock().last_id = TimerId::MAX - 1;
        assert_eq!(t.add(10, ()), TimerId::MAX);
        assert_eq!(t.add(10, ()), 2);
    }

    #[test]
    fn timeout_and_execute() {
        let (t, clock) = manual::<()>();
        assert_eq!(t.timeout(), -1);
        assert!(fired(&t).is_empty());
        let a = t.add(100, ());
        let b = t.add(30, ());
        assert_eq!(t.timeout(), 30);
        advance(&clock, 29);
        assert_eq!(t.timeout(), 1);
        assert!(fired(&t).is_empty());
        advance(&clock, 1);
        assert_eq!(t.timeout(), 0);
        assert_eq!(fired(&t), [b]);
        assert_eq!(t.timeout(), 30);
        advance(&clock, 500);
        assert_eq!(t.timeout(), 0);
        // Overdue timers each run once, in expiry order, then re-arm from now.
        assert_eq!(fired(&t), [b, a]);
        assert_eq!(t.timeout(), 30);
        assert!(fired(&t).is_empty());
    }

    #[test]
    fn equal_expiry_keeps_insertion_order() {
        let (t, clock) = manual::<()>();
        let ids: Vec<_> = (0..5).map(|_| t.add(10, ())).collect();
        advance(&clock, 10);
        assert_eq!(fired(&t), ids);
    }

    #[test]
    fn zero_interval_runs_once_per_execute() {
        let (t, _) = manual::<()>();
        let a = t.add(0, ());
        assert_eq!(t.timeout(), 0);
        assert_eq!(fired(&t), [a]);
        assert_eq!(fired(&t), [a]);
    }

    #[test]
    fn cancel_is_lazy_like_libzmq() {
        let (t, _) = manual::<()>();
        let a = t.add(100, ());
        let b = t.add(200, ());
        assert_eq!(t.cancel(99), Err(Error::Inval));
        t.cancel(b).unwrap();
        assert_eq!(t.cancel(b), Err(Error::Inval));
        // b is behind a live timer: not dropped yet, still found.
        assert_eq!(t.timeout(), 100);
        assert_eq!(t.len(), 2);
        t.reset(b).unwrap();
        t.set_interval(b, 50).unwrap();
        // Now first, and still cancelled: dropped by timeout.
        assert_eq!(t.timeout(), 100);
        assert_eq!(t.len(), 1);
        assert_eq!(t.reset(b), Err(Error::Inval));
        assert_eq!(t.set_interval(b, 5), Err(Error::Inval));
        assert_eq!(t.cancel(b), Err(Error::Inval));
        t.cancel(a).unwrap();
        assert_eq!(t.timeout(), -1);
        assert!(t.is_empty());
    }

    #[test]
    fn execute_drops_cancelled() {
        let (t, clock) = manual::<()>();
        let a = t.add(10, ());
        let b = t.add(10, ());
        t.cancel(a).unwrap();
        advance(&clock, 10);
        assert_eq!(fired(&t), [b]);
        assert_eq!(t.len(), 1);
        assert_eq!(t.cancel(a), Err(Error::Inval));
    }

    #[test]
    fn reset_and_set_interval() {
        let (t, clock) = manual::<()>();
        let a = t.add(100, ());
        advance(&clock, 60);
        t.reset(a).unwrap();
        assert_eq!(t.timeout(), 100);
        t.set_interval(a, 20).unwrap();
        assert_eq!(t.timeout(), 20);
        advance(&clock, 20);
        assert_eq!(fired(&t), [a]);
        assert_eq!(t.timeout(), 20);
        assert_eq!(t.reset(7), Err(Error::Inval));
        assert_eq!(t.set_interval(7, 1), Err(Error::Inval));
    }

    #[test]
    fn huge_interval_saturates() {
        let (t, _) = manual::<()>();
        t.add(usize::MAX, ());
        assert_eq!(t.timeout(), i64::MAX);
        assert!(fired(&t).is_empty());
    }

    type CbFn = dyn Fn(&Timers<Cb>, TimerId) + Send + Sync;

    #[derive(Clone)]
    struct Cb(Arc<CbFn>);

    fn cb(f: impl Fn(&Timers<Cb>, TimerId) + Send + Sync + 'static) -> Cb {
        Cb(Arc::new(f))
    }

    fn run_cb(t: &Timers<Cb>) {
        t.execute(|id, h| (h.0)(t, id));
    }

    #[test]
    fn handler_cancels_itself() {
        let (t, clock) = manual::<Cb>();
        let runs = Arc::new(AtomicU64::new(0));
        let r = Arc::clone(&runs);
        let a = t.add(
            10,
            cb(move |t: &Timers<Cb>, id| {
                r.fetch_add(1, Ordering::SeqCst);
                t.cancel(id).unwrap();
            }),
        );
        advance(&clock, 10);
        run_cb(&t);
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        // Re-armed copy is still there, cancelled: a second cancel fails.
        assert_eq!(t.cancel(a), Err(Error::Inval));
        assert_eq!(t.timeout(), -1);
        advance(&clock, 100);
        run_cb(&t);
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn handler_cancels_a_later_due_timer() {
        let (t, clock) = manual::<Cb>();
        let log = Arc::new(parking_lot::Mutex::new(Vec::new()));
        let l = Arc::clone(&log);
        let noop = cb(move |_, id| l.lock().push(id));
        let l = Arc::clone(&log);
        let a = t.add(
            10,
            cb(move |t: &Timers<Cb>, id| {
                l.lock().push(id);
                t.cancel(id + 1).unwrap();
            }),
        );
        let b = t.add(10, noop.clone());
        let c = t.add(10, noop);
        assert_eq!(b, a + 1);
        advance(&clock, 10);
        run_cb(&t);
        assert_eq!(*log.lock(), [a, c]);
    }

    #[test]
    fn handler_adds_and_resets() {
        let (t, clock) = manual::<Cb>();
        let added = Arc::new(AtomicU64::new(0));
        let ad = Arc::clone(&added);
        let a = t.add(
            10,
            cb(move |t: &Timers<Cb>, id| {
                let noop = cb(|_, _| {});
                ad.store(t.add(0, noop) as u64, Ordering::SeqCst);
                t.set_interval(id, 50).unwrap();
            }),
        );
        advance(&clock, 10);
        let mut ran = Vec::new();
        t.execute(|id, h| {
            ran.push(id);
            (h.0)(&t, id)
        });
        // The timer added by the handler waits for the next execute.
        assert_eq!(ran, [a]);
        assert_eq!(added.load(Ordering::SeqCst), 2);
        assert_eq!(t.timeout(), 0);
        // The handler's own set_interval stands: next run 50 ms after it.
        let mut ran = Vec::new();
        t.execute(|id, _| ran.push(id));
        assert_eq!(ran, [2]);
        advance(&clock, 49);
        let mut ran = Vec::new();
        t.execute(|id, _| ran.push(id));
        assert_eq!(ran, [2]);
        advance(&clock, 1);
        let mut ran = Vec::new();
        t.execute(|id, _| ran.push(id));
        // Timer 2 was due at the previous execute's time, before `a`.
        assert_eq!(ran, [2, a]);
    }

    #[test]
    fn nested_execute_does_not_double_run() {
        let (t, clock) = manual::<Cb>();
        let count = Arc::new(AtomicU64::new(0));
        let c = Arc::clone(&count);
        t.add(
            10,
            cb(move |t: &Timers<Cb>, _| {
                c.fetch_add(1, Ordering::SeqCst);
                run_cb(t);
            }),
        );
        advance(&clock, 10);
        run_cb(&t);
        assert_eq!(count.load(Ordering::SeqCst), 1);
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn real_clock() {
        let t = Timers::<()>::new();
        let a = t.add(20, ());
        let to = t.timeout();
        assert!((19..=20).contains(&to), "{to}");
        std::thread::sleep(std::time::Duration::from_millis(25));
        assert_eq!(t.timeout(), 0);
        let v = RefCell::new(Vec::new());
        t.execute(|id, _| v.borrow_mut().push(id));
        assert_eq!(*v.borrow(), [a]);
    }

    #[test]
    fn is_sync_when_handler_is_send() {
        fn assert_sync<T: Sync + Send>() {}
        assert_sync::<Timers<Cb>>();
    }
}
