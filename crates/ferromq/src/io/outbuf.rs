//! The outbound byte queue of a connection: small frames are copied into
//! one batch buffer, large bodies are queued by reference and written with
//! `writev`, never copied.
//!
//! An idle connection does not keep a batch buffer that a burst made big:
//! once everything is written, `release_idle` gives up a buffer larger
//! than `KEEP`. The next one is allocated at the size the last period of
//! traffic reached (`regrow`), so a stream of bursts does not grow it
//! again step by step, and a buffer that stays small is kept.

use std::collections::VecDeque;
use std::io;
use std::os::fd::RawFd;

use bytes::{Buf, Bytes, BytesMut};

use crate::sys::net;

/// Bodies at least this large are written from their own buffer.
pub(crate) const ZERO_COPY_MIN: usize = 8 * 1024;

/// A full batch buffer holding at least this many unsent bytes is queued
/// as it is rather than grown (see `OutBuf::make_room`).
const SPLIT_MIN: usize = 8 * 1024;

/// An idle connection keeps a batch buffer up to this size.
const KEEP: usize = 4 * 1024;
/// A new batch buffer is at least this large.
const MIN_ALLOC: usize = 256;
/// ... and at most this large to start with (it grows if a frame needs).
const MAX_REGROW: usize = 128 * 1024;

#[derive(Default)]
pub(crate) struct OutBuf {
    /// Queued segments, oldest first; `cur` follows them.
    segs: VecDeque<Bytes>,
    /// The batch buffer small frames are copied into.
    cur: BytesMut,
    len: usize,
    /// The most the batch buffer held since it was last given up.
    peak: usize,
    /// The size to allocate the next batch buffer at.
    regrow: usize,
}

impl OutBuf {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The batch buffer, for encoding into.
    #[inline]
    pub(crate) fn buf(&mut self) -> &mut BytesMut {
        if self.cur.capacity() == 0 {
            self.cur.reserve(self.regrow.max(MIN_ALLOC));
        }
        &mut self.cur
    }

    /// The batch buffer's capacity (tests).
    #[cfg(test)]
    pub(crate) fn capacity(&self) -> usize {
        self.cur.capacity()
    }

    /// Nothing is queued and the connection is idle: gives up a batch
    /// buffer that grew beyond `KEEP`.
    pub(crate) fn release_idle(&mut self) {
        if self.len != 0 || self.cur.capacity() <= KEEP {
            return;
        }
        self.regrow = self.peak.min(MAX_REGROW);
        self.peak = 0;
        self.cur = BytesMut::new();
    }

    /// Makes room for `need` more bytes in the batch buffer without moving
    /// what it holds. When the room left is short and the buffer holds at
    /// least [`SPLIT_MIN`] unsent bytes (a partial write left them, or
    /// encoding filled it), those become a segment of their own, written by
    /// reference, and a new buffer is started. Growing the buffer instead
    /// (what `BytesMut::reserve` does) reallocates and copies all of it,
    /// the part already written included: in a 64 B stream on one CPU that
    /// was ~10% of the sending process's instructions.
    #[inline]
    pub(crate) fn make_room(&mut self, need: usize) {
        if self.cur.capacity() - self.cur.len() >= need || self.cur.len() < SPLIT_MIN {
            return;
        }
        self.peak = self.peak.max(self.cur.len());
        self.segs.push_back(self.cur.split().freeze());
        self.cur.reserve(need.max(self.regrow).max(2 * SPLIT_MIN));
    }

    /// Accounts for bytes just appended to `buf()`.
    pub(crate) fn appended(&mut self, n: usize) {
        self.len += n;
    }

    /// Appends a large body by reference.
    pub(crate) fn push_body(&mut self, body: Bytes) {
        if !self.cur.is_empty() {
            self.segs.push_back(self.cur.split().freeze());
        }
        self.len += body.len();
        self.segs.push_back(body);
    }

    /// Takes everything queued, in order, handing each piece to `f` (ws
    /// re-frames the bytes rather than writing them as they are).
    pub(crate) fn drain_with(&mut self, mut f: impl FnMut(&[u8])) {
        self.peak = self.peak.max(self.cur.len());
        for s in self.segs.drain(..) {
            f(&s);
        }
        if !self.cur.is_empty() {
            f(&self.cur);
        }
        self.cur.clear();
        self.len = 0;
    }

    /// Writes as much as the socket takes. Returns true when everything
    /// was written, false when the socket is full.
    pub(crate) fn write_to(&mut self, fd: RawFd) -> io::Result<bool> {
        self.peak = self.peak.max(self.cur.len());
        while self.len > 0 {
            let mut slices: Vec<&[u8]> = Vec::with_capacity(self.segs.len() + 1);
            for s in self.segs.iter().take(63) {
                slices.push(s);
            }
            // The batch buffer follows every segment: only in a write that
            // takes them all.
            if slices.len() == self.segs.len() && !self.cur.is_empty() {
                slices.push(&self.cur);
            }
            let n = match net::writev(fd, &slices) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            self.consume(n);
        }
        // Everything went out: reuse the batch buffer from its start.
        self.cur.clear();
        Ok(true)
    }

    fn consume(&mut self, mut n: usize) {
        self.len -= n;
        while n > 0 {
            if let Some(front) = self.segs.front_mut() {
                if n >= front.len() {
                    n -= front.len();
                    self.segs.pop_front();
                } else {
                    front.advance(n);
                    n = 0;
                }
            } else {
                self.cur.advance(n);
                n = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::BufMut;

    fn append(o: &mut OutBuf, bytes: &[u8]) {
        o.buf().put_slice(bytes);
        o.appended(bytes.len());
    }

    fn drained(o: &mut OutBuf) -> Vec<u8> {
        let mut all = Vec::new();
        o.drain_with(|b| all.extend_from_slice(b));
        all
    }

    /// A full buffer with enough unsent bytes is queued as a segment, not
    /// grown: its bytes stay where they are and keep their order.
    #[test]
    fn make_room_queues_a_full_buffer_instead_of_growing_it() {
        let mut o = OutBuf::default();
        let first: Vec<u8> = (0..SPLIT_MIN + 100).map(|i| i as u8).collect();
        append(&mut o, &first);
        let at = o.buf().as_ptr();
        o.consume(50); // a partial write
        let need = o.capacity() - (first.len() - 50) + 1;
        o.make_room(need);
        assert_eq!(o.segs.len(), 1, "the unsent bytes became a segment");
        assert_eq!(o.segs[0].as_ptr(), at.wrapping_add(50), "not moved");
        assert!(o.capacity() >= need);
        append(&mut o, b"next");
        assert_eq!(o.len(), first.len() - 50 + 4);
        let mut want = first[50..].to_vec();
        want.extend_from_slice(b"next");
        assert_eq!(drained(&mut o), want);
    }

    /// More segments than one `writev` takes: the batch buffer, queued
    /// after all of them, is written after all of them.
    #[test]
    fn more_segments_than_one_writev_keep_their_order() {
        use std::io::Read;
        use std::os::fd::AsRawFd;
        let (a, mut b) = std::os::unix::net::UnixStream::pair().unwrap();
        let mut o = OutBuf::default();
        let mut want = Vec::new();
        for i in 0..100u8 {
            append(&mut o, &[i]);
            o.push_body(Bytes::from(vec![i; 3]));
            want.push(i);
            want.extend_from_slice(&[i; 3]);
        }
        append(&mut o, b"end");
        want.extend_from_slice(b"end");
        assert!(o.write_to(a.as_raw_fd()).unwrap(), "all written");
        drop(a);
        let mut got = Vec::new();
        b.read_to_end(&mut got).unwrap();
        assert_eq!(got, want);
    }

    /// A small buffer grows as before (copying a little is cheaper than a
    /// segment per write).
    #[test]
    fn make_room_leaves_a_small_buffer_alone() {
        let mut o = OutBuf::default();
        append(&mut o, &[7; 100]);
        o.make_room(1 << 20);
        assert!(o.segs.is_empty());
        append(&mut o, &[8; 10]);
        let mut want = vec![7; 100];
        want.extend_from_slice(&[8; 10]);
        assert_eq!(drained(&mut o), want);
    }
}
