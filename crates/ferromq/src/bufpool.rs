//! Recycled buffers for message bodies of 1 KiB and more.
//!
//! A 64 KiB message sent or received every few microseconds would
//! otherwise cost a fresh allocation, a memset (safe Rust hands out only
//! initialised memory) and, once the allocator returns the pages, page
//! faults; a 1 KiB one made by `zmq_msg_init_size` costs a memset that
//! libzmq does not do (its body is left as malloc returns it). Buffers of
//! 1 KiB and more are instead kept per power-of-two class and reused: a
//! reused buffer holds the bytes of an earlier message, already
//! initialised, which is what `zmq_msg_init_size` promises in libzmq
//! (undefined content) without any uninitialised memory. Below 1 KiB the
//! pool's atomic operations cost more than the allocator and memset they
//! save (inproc 512 B on one CPU: 4.63M msg/s pooled, 4.82M not).
//!
//! What the pool keeps is bounded: at most [`DEFAULT_CAP`] bytes over all
//! classes (`FERROMQ_BUFPOOL_MAX` in the environment, read once, sets
//! another cap in bytes, with an optional `K`, `M` or `G` suffix; 0 turns
//! the pool off). A buffer returned over the cap goes back to the
//! allocator. The pool is emptied when a context terminates and when an
//! I/O thread has been idle for a while ([`trim`]).

use crossbeam_queue::ArrayQueue;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Bodies at least this large come from the pool.
pub(crate) const MIN: usize = 1024;
/// Bodies above this are allocated and freed normally.
pub(crate) const MAX: usize = 4 << 20;
const CLASSES: usize = 13; // 1 KiB .. 4 MiB
/// Buffers kept per class at most (within the byte cap).
const BUFS_PER_CLASS: usize = 1088;
/// Bytes kept over all classes unless `FERROMQ_BUFPOOL_MAX` says otherwise.
/// What a sender or receiver of 64 KiB messages needs to recycle rather
/// than allocate is the swing of its in-flight count between two returns,
/// not the whole high-water mark: see the README (Memory) for the
/// measurements behind this value.
pub(crate) const DEFAULT_CAP: usize = 32 << 20;

/// The cap from `FERROMQ_BUFPOOL_MAX`, or [`DEFAULT_CAP`] when it is unset
/// or not a number.
fn cap_from_env() -> usize {
    std::env::var("FERROMQ_BUFPOOL_MAX")
        .ok()
        .and_then(|v| parse_size(&v))
        .unwrap_or(DEFAULT_CAP)
}

/// "1048576", "64K", "8M", "1G" (binary units) -> bytes.
fn parse_size(v: &str) -> Option<usize> {
    let v = v.trim();
    let (num, shift) = match v.as_bytes().last()? {
        b'k' | b'K' => (&v[..v.len() - 1], 10),
        b'm' | b'M' => (&v[..v.len() - 1], 20),
        b'g' | b'G' => (&v[..v.len() - 1], 30),
        _ => (v, 0),
    };
    num.trim()
        .parse::<usize>()
        .ok()?
        .checked_mul(1usize << shift)
}

/// Free buffers per size class, with the bytes they hold.
pub(crate) struct Pool {
    classes: [ArrayQueue<Box<[u8]>>; CLASSES],
    /// Bytes in `classes` (reserved before a push, released after a pop).
    retained: AtomicUsize,
    cap: usize,
}

impl Pool {
    fn new(cap: usize) -> Pool {
        Pool {
            classes: std::array::from_fn(|c| {
                ArrayQueue::new((cap / (MIN << c)).clamp(1, BUFS_PER_CLASS))
            }),
            retained: AtomicUsize::new(0),
            cap,
        }
    }

    fn get(&'static self, class: usize, size: usize) -> Option<PooledBuf> {
        let buf = match self.classes[class].pop() {
            Some(b) => {
                self.retained.fetch_sub(b.len(), Ordering::Relaxed);
                b
            }
            // Zeroed through the allocator's calloc path, which skips the
            // memset for fresh pages.
            None => crate::sys::try_zeroed_vec(MIN << class)?.into_boxed_slice(),
        };
        Some(PooledBuf {
            buf,
            len: size,
            pool: self,
        })
    }

    /// Keeps `buf` if the cap allows, else lets it go.
    fn put(&self, buf: Box<[u8]>) {
        let n = buf.len();
        let Some(class) = class_of(n).filter(|&c| MIN << c == n) else {
            return;
        };
        // Reserve the bytes first, so that concurrent returns never take
        // the pool over its cap.
        if self.retained.fetch_add(n, Ordering::Relaxed) + n > self.cap {
            self.retained.fetch_sub(n, Ordering::Relaxed);
            return;
        }
        if self.classes[class].push(buf).is_err() {
            self.retained.fetch_sub(n, Ordering::Relaxed);
        }
    }

    /// Frees every kept buffer.
    fn trim(&self) {
        for q in &self.classes {
            while let Some(b) = q.pop() {
                self.retained.fetch_sub(b.len(), Ordering::Relaxed);
            }
        }
    }

    fn retained(&self) -> usize {
        self.retained.load(Ordering::Relaxed)
    }
}

static POOL: OnceLock<Pool> = OnceLock::new();

fn pool() -> &'static Pool {
    POOL.get_or_init(|| Pool::new(cap_from_env()))
}

#[inline]
fn class_of(size: usize) -> Option<usize> {
    if !(MIN..=MAX).contains(&size) {
        return None;
    }
    let rounded = size.next_power_of_two();
    Some((rounded / MIN).trailing_zeros() as usize)
}

/// A body buffer of at least `size` initialised bytes (`len() == size`),
/// or None if `size` is out of the pooled range or a fresh buffer cannot
/// be allocated (callers then allocate on their own, fallibly where the
/// size came from a caller or the wire). Fresh buffers are zeroed once;
/// recycled ones hold old bytes.
/// Inline: most callers ask for sizes outside the range, and that answer
/// costs only the range check.
#[inline]
pub(crate) fn get(size: usize) -> Option<PooledBuf> {
    let class = class_of(size)?;
    pool().get(class, size)
}

/// Gives every kept buffer back to the allocator (a context terminated, or
/// an I/O thread found nothing to do for a while), then runs the release
/// hook, if one was set, so the allocator can give memory back too.
pub(crate) fn trim() {
    if let Some(p) = pool_if_made() {
        p.trim();
    }
    if let Some(hook) = RELEASE_HOOK.get() {
        hook();
    }
}

static RELEASE_HOOK: OnceLock<fn()> = OnceLock::new();

/// Sets a function to run, on the trimming thread, each time the buffer
/// pool is emptied (a context terminates; an I/O thread was idle for a
/// second): for an allocator that keeps freed memory until told otherwise
/// (the C library passes mimalloc's `mi_collect`). The first call wins.
pub fn set_memory_release_hook(hook: fn()) {
    let _ = RELEASE_HOOK.set(hook);
}

/// Whether the pool holds any buffer now (cheap).
pub(crate) fn holds_memory() -> bool {
    pool_if_made().is_some_and(|p| p.retained() > 0)
}

/// The pool if it was made (asking must not make it, nor read the
/// environment).
fn pool_if_made() -> Option<&'static Pool> {
    POOL.get()
}

/// A pooled buffer; its memory goes back to its pool when dropped.
pub(crate) struct PooledBuf {
    /// The whole class-sized buffer, initialised.
    buf: Box<[u8]>,
    /// The bytes exposed.
    len: usize,
    pool: &'static Pool,
}

impl PooledBuf {
    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [u8] {
        &mut self.buf[..self.len]
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }
}

impl AsRef<[u8]> for PooledBuf {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl Drop for PooledBuf {
    fn drop(&mut self) {
        let buf = std::mem::take(&mut self.buf);
        self.pool.put(buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A private pool with its own cap (the global one is shared by the
    /// tests running in parallel).
    fn private(cap: usize) -> &'static Pool {
        Box::leak(Box::new(Pool::new(cap)))
    }

    #[test]
    fn classes_and_reuse() {
        assert!(get(MIN - 1).is_none());
        assert!(get(MAX + 1).is_none());
        let p = private(1 << 20);
        let mut b = p.get(class_of(65536).unwrap(), 65536).unwrap();
        assert_eq!(b.len(), 65536);
        b.as_mut_slice()[0] = 7;
        let ptr = b.as_slice().as_ptr();
        drop(b);
        assert_eq!(p.retained(), 65536);
        let c = p.get(class_of(40_000).unwrap(), 40_000).unwrap();
        assert_eq!(c.len(), 40_000);
        // Same class (64 KiB): the buffer came back.
        assert_eq!(c.as_slice().as_ptr(), ptr);
        assert_eq!(c.as_slice()[0], 7);
        assert_eq!(p.retained(), 0);
    }

    #[test]
    fn burst_of_large_buffers_is_not_kept() {
        let cap = 8 << 20;
        let p = private(cap);
        let mut held = Vec::new();
        for &size in &[64 << 10, 256 << 10, 1 << 20, 4 << 20] {
            for _ in 0..(128 << 20) / size {
                held.push(p.get(class_of(size).unwrap(), size).unwrap());
            }
        }
        drop(held);
        let kept: usize = (0..CLASSES).map(|c| p.classes[c].len() * (MIN << c)).sum();
        assert_eq!(kept, p.retained());
        assert!(p.retained() <= cap, "retained {}", p.retained());
        assert!(p.retained() >= cap - (4 << 20), "the pool still recycles");
        p.trim();
        assert_eq!(p.retained(), 0);
        assert!((0..CLASSES).all(|c| p.classes[c].is_empty()));
    }

    #[test]
    fn the_global_pool_stays_under_its_cap() {
        let mut held = Vec::new();
        for _ in 0..2000 {
            held.push(get(64 << 10).unwrap());
        }
        drop(held);
        assert!(pool().retained() <= pool().cap);
    }

    /// A burst of large messages through a socket pair (more than the cap
    /// in flight at once) leaves the pool within its cap.
    #[test]
    fn burst_of_messages_leaves_the_pool_under_its_cap() {
        use crate::{opt, Context, Msg, SocketType};
        let ctx = Context::new();
        let mut tx = ctx.socket(SocketType::Push).unwrap();
        let mut rx = ctx.socket(SocketType::Pull).unwrap();
        for s in [&mut tx, &mut rx] {
            s.set_option(opt::ZMQ_SNDHWM, Some(&0i32.to_ne_bytes()))
                .unwrap();
            s.set_option(opt::ZMQ_RCVHWM, Some(&0i32.to_ne_bytes()))
                .unwrap();
        }
        rx.bind("inproc://bufpool-burst").unwrap();
        tx.connect("inproc://bufpool-burst").unwrap();
        for &size in &[64 << 10, 1 << 20] {
            let n = (256 << 20) / size;
            for _ in 0..n {
                let mut m = Msg::try_with_size(size).unwrap();
                tx.send(&mut m, 0).unwrap();
            }
            for _ in 0..n {
                assert_eq!(rx.recv(0).unwrap().len(), size);
            }
            assert!(pool().retained() <= pool().cap);
        }
        drop((tx, rx));
        ctx.term().unwrap();
    }

    #[test]
    fn zero_cap_keeps_nothing() {
        let p = private(0);
        drop(p.get(0, MIN).unwrap());
        assert_eq!(p.retained(), 0);
    }

    #[test]
    fn sizes_from_the_environment() {
        assert_eq!(parse_size("1048576"), Some(1 << 20));
        assert_eq!(parse_size("64K"), Some(64 << 10));
        assert_eq!(parse_size(" 8m"), Some(8 << 20));
        assert_eq!(parse_size("1G"), Some(1 << 30));
        assert_eq!(parse_size("0"), Some(0));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size(""), None);
        assert_eq!(parse_size("99999999999999999999G"), None);
    }
}
