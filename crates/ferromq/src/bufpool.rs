//! Recycled buffers for large message bodies.
//!
//! A 64 KiB message sent or received every few microseconds would
//! otherwise cost a fresh allocation, a memset (safe Rust hands out only
//! initialised memory) and, once the allocator returns the pages, page
//! faults. Buffers of 16 KiB and more are instead kept per power-of-two
//! class and reused: a reused buffer holds the bytes of an earlier message,
//! already initialised, which is what `zmq_msg_init_size` promises in libzmq
//! (undefined content) without any uninitialised memory.

use crossbeam_queue::ArrayQueue;
use std::sync::OnceLock;

/// Bodies at least this large come from the pool.
pub(crate) const MIN: usize = 16 * 1024;
/// Bodies above this are allocated and freed normally.
pub(crate) const MAX: usize = 4 << 20;
const CLASSES: usize = 9; // 16 KiB .. 4 MiB
/// Buffers kept per class: a default high-water mark's worth (1000
/// messages, plus what the kernel buffers hold), so that a sender or
/// receiver swinging between a full and a drained pipe recycles rather
/// than allocates: with 256 per class, tcp 64 KiB spent 15% of the
/// sender's time zeroing fresh buffers and ran ~15% slower.
const BUFS_PER_CLASS: usize = 1088;
/// ... but at most this many bytes per class. The memory stays with the
/// process only if the application once had that much in flight (as freed
/// heap memory would with the C allocator).
const BYTES_PER_CLASS: usize = 80 << 20;

fn capacity(class: usize) -> usize {
    (BYTES_PER_CLASS / (MIN << class)).clamp(4, BUFS_PER_CLASS)
}

fn pools() -> &'static [ArrayQueue<Vec<u8>>; CLASSES] {
    static POOLS: OnceLock<[ArrayQueue<Vec<u8>>; CLASSES]> = OnceLock::new();
    POOLS.get_or_init(|| std::array::from_fn(|c| ArrayQueue::new(capacity(c))))
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
    get_class(class, size)
}

fn get_class(class: usize, size: usize) -> Option<PooledBuf> {
    let mut buf = match pools()[class].pop() {
        Some(b) => b,
        // Zeroed through the allocator's calloc path, which skips the
        // memset for fresh pages.
        None => crate::sys::try_zeroed_vec(MIN << class)?,
    };
    // Full capacity is initialised; expose `size` of it.
    buf.truncate(MIN << class);
    Some(PooledBuf { buf, len: size })
}

/// A pooled buffer; its memory goes back to the pool when dropped.
pub(crate) struct PooledBuf {
    buf: Vec<u8>,
    len: usize,
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
        if let Some(class) = class_of(self.buf.len()) {
            if self.buf.len() == MIN << class {
                let buf = std::mem::take(&mut self.buf);
                // A full pool just lets the buffer go.
                let _ = pools()[class].push(buf);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_reuse() {
        assert!(get(MIN - 1).is_none());
        assert!(get(MAX + 1).is_none());
        let mut b = get(65536).unwrap();
        assert_eq!(b.len(), 65536);
        b.as_mut_slice()[0] = 7;
        let p = b.as_slice().as_ptr();
        drop(b);
        let c = get(40_000).unwrap();
        assert_eq!(c.len(), 40_000);
        // Same class (64 KiB): the buffer came back.
        assert_eq!(c.as_slice().as_ptr(), p);
        assert_eq!(c.as_slice()[0], 7);
    }
}
