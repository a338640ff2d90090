//! Pipes: the queues between a socket and each of its peers.
//!
//! A pipe is two one-way channels. Each channel is an SPSC queue plus the
//! shared state both ends need: the high-water mark, how many messages the
//! reader has consumed (so the writer can tell when it is full), and the
//! end-of-stream and reader-gone flags that carry termination. An end wakes
//! the other only on transitions (empty to non-empty, full to not full,
//! closed), through a [`Wake`] target given when the pipe is made.
//!
//! Messages are whole or absent: the reader sees a multipart message only
//! once its last frame is written and committed, and `rollback` drops a
//! half-written one when a connection dies.

pub(crate) mod direct;
pub(crate) mod set;
pub(crate) mod spsc;

use std::sync::atomic::{fence, AtomicBool, AtomicI32, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use parking_lot::Mutex;

use crate::msg::{self, Msg};
use spsc::{Consumer, Producer};

/// What a wake-up says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WakeKind {
    /// Messages arrived (or the writer closed).
    Read,
    /// Room freed up (or the reader went away).
    Write,
}

/// Something that can be told a pipe end needs attention: a socket's
/// mailbox or an I/O thread's.
pub(crate) trait Wake: Send + Sync {
    fn wake(&self, token: u64, kind: WakeKind);
}

/// One side's wake target: where to send, and the token that names the
/// pipe there (set once the owner has registered the pipe). The target is
/// known at creation, except for the binder's end of an inproc connect
/// made before the bind, which learns it when the bind happens.
struct Waker {
    target: OnceLock<Arc<dyn Wake>>,
    token: AtomicU64,
}

const NO_TOKEN: u64 = u64::MAX;

impl Waker {
    fn new(target: Option<Arc<dyn Wake>>) -> Waker {
        let cell = OnceLock::new();
        if let Some(t) = target {
            let _ = cell.set(t);
        }
        Waker {
            target: cell,
            token: AtomicU64::new(NO_TOKEN),
        }
    }

    fn wake(&self, kind: WakeKind) {
        let t = self.token.load(Ordering::Acquire);
        if t != NO_TOKEN {
            if let Some(target) = self.target.get() {
                target.wake(t, kind);
            }
        }
    }
}

/// Shared state of one direction.
struct Channel {
    /// Complete messages consumed by the reader, rounded down to a
    /// multiple of the low-water mark (see `PipeEnd::publish`); updated
    /// when a multiple is reached, when drained and before waking the
    /// writer. On its own cache line: the reader writes it, the writer
    /// reads it only when the pipe looks full.
    read_count: Padded<AtomicU64>,
    /// Complete messages the writer committed (for queue statistics,
    /// `zmq_socket_monitor_pipes_stats`). On its own cache line: the
    /// writer stores it once per commit, the reader reads it only then.
    committed: Padded<AtomicU64>,
    /// Message limit (0 = none).
    hwm: AtomicU64,
    /// What an inproc connect added to the sender's SNDHWM to make `hwm`
    /// (the receiver's RCVHWM then; [`NO_BOOST`] for other pipes), kept
    /// to recompute `hwm` when a socket changes its HWMs.
    boost: AtomicI32,
    /// 0, or 1 + the read count at which a blocked writer wants waking.
    wake_writer_at: AtomicU64,
    /// The writer closed: nothing follows what is queued.
    eof: AtomicBool,
    /// The reader closed: writes are discarded.
    reader_gone: AtomicBool,
    reader: Waker,
    writer: Waker,
    /// ZMQ_CONFLATE: a one-message slot replaces the queue.
    conflate: Option<Conflate>,
    /// What the writer sends last when it closes (an inproc peer's
    /// ZMQ_DISCONNECT_MSG, set by the reader).
    farewell: Mutex<Option<Msg>>,
}

/// How often the reader publishes its progress to a writer that has no
/// limit (with one, every low-water mark, as libzmq).
const READ_PUBLISH: u64 = 32;

#[repr(align(128))]
#[derive(Default)]
struct Padded<T>(T);

/// The store of a conflated channel: only the newest frame is kept (and,
/// apart, the newest peer identity, so metadata is never lost).
#[derive(Default)]
struct Conflate {
    slot: Mutex<(Option<Msg>, Option<Msg>)>,
    asleep: AtomicBool,
}

impl Channel {
    fn new(
        hwm: u64,
        reader: Option<Arc<dyn Wake>>,
        writer: Option<Arc<dyn Wake>>,
        conflate: bool,
    ) -> Arc<Channel> {
        Arc::new(Channel {
            conflate: conflate.then(Conflate::default),
            hwm: AtomicU64::new(if conflate { 0 } else { hwm }),
            boost: AtomicI32::new(NO_BOOST),
            read_count: Padded(AtomicU64::new(0)),
            committed: Padded(AtomicU64::new(0)),
            wake_writer_at: AtomicU64::new(0),
            eof: AtomicBool::new(false),
            reader_gone: AtomicBool::new(false),
            reader: Waker::new(reader),
            writer: Waker::new(writer),
            farewell: Mutex::new(None),
        })
    }
}

/// A channel's `boost` when it has none (tcp, ipc, conflated pipes).
pub(crate) const NO_BOOST: i32 = -1;

/// A channel's limit from a socket's HWM option and the channel's boost,
/// as libzmq's `pipe_t::set_hwms` computes it: unlimited if either side's
/// value was unlimited (0), else the sum.
fn boosted(hwm: i32, boost: i32) -> u64 {
    if hwm <= 0 || boost == 0 {
        0
    } else {
        (i64::from(hwm) + i64::from(boost.max(0))) as u64
    }
}

/// Low-water mark for a given high-water mark, as libzmq computes it.
fn lwm(hwm: u64) -> u64 {
    hwm.div_ceil(2).max(1)
}

/// Result of reading a pipe.
#[derive(Debug)]
pub(crate) enum Read {
    /// A frame.
    Msg(Msg),
    /// Nothing now; the reader is registered asleep and will be woken.
    Empty,
    /// The writer closed and everything was read.
    Eof,
}

/// Why [`PipeEnd::read_with`] found no frame (as `Read::Empty` / `Read::Eof`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoFrame {
    /// Nothing now; the reader is registered asleep and will be woken.
    Empty,
    /// The writer closed and everything was read.
    Eof,
}

/// One end of a pipe: writes go to the peer, reads come from it.
pub(crate) struct PipeEnd {
    tx: Producer<Msg>,
    tx_ch: Arc<Channel>,
    rx: Consumer<Msg>,
    rx_ch: Arc<Channel>,
    written: u64,
    peer_read: u64,
    read: u64,
    /// Messages left to read before `read` is next published (a countdown:
    /// no division on the per-message path).
    publish_left: u64,
    /// The read count last published (see [`PipeEnd::publish`]).
    published: u64,
    closed: bool,
}

/// Makes a pipe. `a_to_b_hwm` bounds messages travelling from end A to
/// end B (0 = no limit); `wake_a`/`wake_b` are where each end is woken
/// (`wake_b` may be given later with [`PipeEnd::set_wake_target`]).
/// With `conflate`, each direction keeps only its newest message.
pub(crate) fn pipe(
    a_to_b_hwm: u64,
    b_to_a_hwm: u64,
    wake_a: Arc<dyn Wake>,
    wake_b: Option<Arc<dyn Wake>>,
    conflate: bool,
) -> (PipeEnd, PipeEnd) {
    let ab = Channel::new(a_to_b_hwm, wake_b.clone(), Some(wake_a.clone()), conflate);
    let ba = Channel::new(b_to_a_hwm, Some(wake_a), wake_b, conflate);
    let (ab_tx, ab_rx) = spsc::queue();
    let (ba_tx, ba_rx) = spsc::queue();
    let a = PipeEnd::new(ab_tx, ab.clone(), ba_rx, ba.clone());
    let b = PipeEnd::new(ba_tx, ba, ab_rx, ab);
    (a, b)
}

impl PipeEnd {
    fn new(
        tx: Producer<Msg>,
        tx_ch: Arc<Channel>,
        rx: Consumer<Msg>,
        rx_ch: Arc<Channel>,
    ) -> PipeEnd {
        PipeEnd {
            tx,
            tx_ch,
            rx,
            rx_ch,
            written: 0,
            peer_read: 0,
            read: 0,
            publish_left: 0,
            published: 0,
            closed: false,
        }
    }

    /// Names this end to its wake target (the token the target's owner
    /// uses to find the pipe). Wake-ups before this are dropped, so the
    /// owner must check the pipe once after registering.
    pub(crate) fn set_token(&self, token: u64) {
        self.rx_ch.reader.token.store(token, Ordering::Release);
        self.tx_ch.writer.token.store(token, Ordering::Release);
    }

    /// Gives this end its wake target, if it had none (the binder's end of
    /// an inproc connect made before the bind).
    pub(crate) fn set_wake_target(&self, target: Arc<dyn Wake>) {
        let _ = self.rx_ch.reader.target.set(target.clone());
        let _ = self.tx_ch.writer.target.set(target);
    }

    /// Changes the limits: `out_hwm` for messages we send, `in_hwm` for
    /// messages we receive.
    pub(crate) fn set_hwms(&self, out_hwm: u64, in_hwm: u64) {
        self.tx_ch.hwm.store(out_hwm, Ordering::Relaxed);
        self.rx_ch.hwm.store(in_hwm, Ordering::Relaxed);
        // A raised limit may unblock our writer's peer: let it re-check.
        self.rx_ch.writer.wake(WakeKind::Write);
    }

    /// Records the boosts of an inproc pipe (see `Channel::boost`): `out`
    /// for messages we send, `in_` for messages we receive. A conflated
    /// pipe has none (its limits do not apply), as in libzmq.
    pub(crate) fn set_boosts(&self, out: i32, in_: i32) {
        if self.tx_ch.conflate.is_some() {
            return;
        }
        self.tx_ch.boost.store(out, Ordering::Relaxed);
        self.rx_ch.boost.store(in_, Ordering::Relaxed);
    }

    /// Applies a socket's new ZMQ_SNDHWM / ZMQ_RCVHWM to this pipe, from
    /// the socket's side, as libzmq's `update_pipe_options` does: our
    /// limit becomes `sndhwm` plus our channel's boost, and the peer's
    /// limit towards us `rcvhwm` plus its channel's boost. (libzmq's boost
    /// on the peer's side is our own RCVHWM as of the connect, not the
    /// peer's SNDHWM: so is ours.)
    pub(crate) fn apply_hwms(&self, sndhwm: i32, rcvhwm: i32) {
        let out = boosted(sndhwm, self.tx_ch.boost.load(Ordering::Relaxed));
        let in_ = boosted(rcvhwm, self.rx_ch.boost.load(Ordering::Relaxed));
        self.set_hwms(out, in_);
    }

    // ---- writing ----

    /// Whether a new message may be written now (below the high-water mark
    /// and the reader still there). If not, the peer will wake us with
    /// `WakeKind::Write` when there is room. A `true` may withdraw the
    /// wake-up an earlier `false` asked for (the re-check below): a caller
    /// that remembers being blocked must forget it once this says yes.
    pub(crate) fn check_write(&mut self) -> bool {
        if self.closed || self.tx_ch.reader_gone.load(Ordering::Acquire) {
            return false;
        }
        let hwm = self.tx_ch.hwm.load(Ordering::Relaxed);
        if hwm == 0 || self.written - self.peer_read < hwm {
            return true;
        }
        self.peer_read = self.tx_ch.read_count.0.load(Ordering::Acquire);
        if self.written - self.peer_read < hwm {
            return true;
        }
        // Register, then look again (the reader checks after each read).
        let at = self.written - hwm + lwm(hwm);
        self.tx_ch.wake_writer_at.store(at + 1, Ordering::SeqCst);
        fence(Ordering::SeqCst);
        #[cfg(test)]
        test_hooks::before_recheck();
        self.peer_read = self.tx_ch.read_count.0.load(Ordering::SeqCst);
        if self.written - self.peer_read < hwm {
            self.tx_ch.wake_writer_at.store(0, Ordering::Relaxed);
            return true;
        }
        false
    }

    /// Writes a frame (not yet visible to the reader: see [`flush`]).
    /// The high-water mark is the caller's business ([`check_write`] before
    /// the first frame of a message).
    ///
    /// [`flush`]: PipeEnd::flush
    /// [`check_write`]: PipeEnd::check_write
    #[inline]
    pub(crate) fn write(&mut self, mut msg: Msg) {
        if let Some(c) = &self.tx_ch.conflate {
            let mut slot = c.slot.lock();
            if msg.flags() & msg::PEER_INFO != 0 {
                slot.0 = Some(msg);
            } else {
                // Conflation keeps single frames only.
                msg.set_more(false);
                slot.1 = Some(msg);
            }
            return;
        }
        let complete = !msg.more();
        // The peer-identity message is control, not traffic: it does not
        // count against the high-water mark.
        let counted = complete && msg.flags() & msg::PEER_INFO == 0;
        self.tx.push(msg, complete);
        if counted {
            self.written += 1;
        }
    }

    /// Publishes complete messages, waking the reader if it was asleep.
    #[inline]
    pub(crate) fn flush(&mut self) {
        if self.commit() {
            self.wake_reader();
        }
    }

    /// Publishes complete messages; true if the reader was asleep and must
    /// be woken (with [`PipeEnd::wake_reader`], possibly later, so one
    /// wake-up can cover several commits).
    #[inline]
    pub(crate) fn commit(&mut self) -> bool {
        if let Some(c) = &self.tx_ch.conflate {
            return c.asleep.swap(false, Ordering::SeqCst);
        }
        self.tx_ch
            .committed
            .0
            .store(self.written, Ordering::Relaxed);
        self.tx.commit()
    }

    /// Messages queued each way, as libzmq's pipe statistics count them:
    /// outbound, written here and not yet read by the peer as far as it
    /// told us (it tells in steps of the low-water mark, as libzmq's
    /// reader does); inbound, committed by the peer and not yet read here.
    pub(crate) fn queued(&self) -> (u64, u64) {
        let peer_read = self.tx_ch.read_count.0.load(Ordering::Acquire);
        let out = self.written.saturating_sub(peer_read.max(self.peer_read));
        let committed = self.rx_ch.committed.0.load(Ordering::Relaxed);
        (out, committed.saturating_sub(self.read))
    }

    /// Wakes the reader (after a commit reported it asleep).
    pub(crate) fn wake_reader(&self) {
        self.tx_ch.reader.wake(WakeKind::Read);
    }

    /// Drops a partly written message.
    pub(crate) fn rollback(&mut self) {
        if self.tx_ch.conflate.is_none() {
            self.tx.rollback();
        }
    }

    /// Whether the reader has gone away.
    pub(crate) fn peer_gone(&self) -> bool {
        self.tx_ch.reader_gone.load(Ordering::Acquire)
    }

    /// Whether the writer has closed our inbound direction.
    pub(crate) fn peer_closed(&self) -> bool {
        self.rx_ch.eof.load(Ordering::Acquire)
    }

    // ---- reading ----

    /// Reads the next frame; on `Empty` the reader is registered asleep.
    #[inline]
    pub(crate) fn read(&mut self) -> Read {
        if let Some(c) = &self.rx_ch.conflate {
            return conflate_read(c, &self.rx_ch.eof);
        }
        loop {
            if let Some(m) = self.rx.pop() {
                self.account(m.more(), m.flags());
                return Read::Msg(m);
            }
            match self.drained() {
                Some(NoFrame::Empty) => return Read::Empty,
                Some(NoFrame::Eof) => return Read::Eof,
                None => {}
            }
        }
    }

    /// Like [`PipeEnd::read`], but hands the frame to `f` where it lies in
    /// the queue and drops it afterwards (`f` may take its body), saving
    /// the moves of the message that `read` costs.
    #[inline]
    pub(crate) fn read_with<R>(&mut self, f: impl FnOnce(&mut Msg) -> R) -> Result<R, NoFrame> {
        if let Some(c) = &self.rx_ch.conflate {
            return match conflate_read(c, &self.rx_ch.eof) {
                Read::Msg(mut m) => Ok(f(&mut m)),
                Read::Empty => Err(NoFrame::Empty),
                Read::Eof => Err(NoFrame::Eof),
            };
        }
        while !self.rx.is_readable() {
            if let Some(e) = self.drained() {
                return Err(e);
            }
        }
        let got = self.rx.pop_with(|m| {
            let (more, flags) = (m.more(), m.flags());
            (f(m), more, flags)
        });
        // Readable was just seen, and we are the only consumer.
        let Some((r, more, flags)) = got else {
            return Err(NoFrame::Empty);
        };
        self.account(more, flags);
        Ok(r)
    }

    /// Counts a frame just read: complete messages (not the peer-identity
    /// control message) count against the writer's high-water mark.
    #[inline]
    fn account(&mut self, more: bool, flags: u8) {
        if more || flags & msg::PEER_INFO != 0 {
            return;
        }
        self.read += 1;
        let at = self.rx_ch.wake_writer_at.load(Ordering::Relaxed);
        if at != 0 && self.read + 1 >= at {
            self.publish();
            self.wake_writer();
        } else if self.publish_left <= 1 {
            self.publish();
            let step = self.publish_step();
            self.publish_left = step - self.read % step;
        } else {
            self.publish_left -= 1;
        }
    }

    /// How the writer learns of our progress: in steps of the low-water
    /// mark, as libzmq's reader sends `activate_write` each time its read
    /// count reaches a multiple of it. So a writer may be up to HWM
    /// messages ahead of what it has been told (libzmq's tests count on
    /// it: a slow subscriber behind a proxy holds at most 4x HWM, 2501
    /// messages fill a pipe of 3000 after 1999 were read). Without a limit
    /// the writer never looks; steps of [`READ_PUBLISH`] then.
    fn publish_step(&self) -> u64 {
        match self.rx_ch.hwm.load(Ordering::Relaxed) {
            0 => READ_PUBLISH,
            hwm => lwm(hwm),
        }
    }

    /// Publishes the read count rounded down to a step (never backwards).
    /// A writer woken at its low-water point still finds room: it asked to
    /// be woken once `written - hwm + lwm` messages are read, and the
    /// rounded count is within a step of that.
    fn publish(&mut self) {
        let step = self.publish_step();
        let mark = self.read - self.read % step;
        if mark > self.published {
            self.published = mark;
            self.rx_ch.read_count.0.store(mark, Ordering::Release);
        }
    }

    /// The queue looked empty: publishes our progress and makes sure a
    /// blocked writer is not left waiting. Then `Some(Eof)` when the writer
    /// closed and all is read, `Some(Empty)` once registered asleep, or
    /// `None` when a frame arrived meanwhile (read again).
    ///
    /// The published count is rounded (see [`PipeEnd::publish`]), yet a
    /// writer that misses our wake-up below (it registered after our
    /// fence) sees a count within a step of everything it committed, which
    /// is below its limit: it never waits on an empty pipe.
    fn drained(&mut self) -> Option<NoFrame> {
        self.publish();
        fence(Ordering::SeqCst);
        if self.rx_ch.wake_writer_at.load(Ordering::Relaxed) != 0 {
            self.wake_writer();
        }
        if self.rx_ch.eof.load(Ordering::Acquire) {
            if self.rx.is_readable() {
                return None;
            }
            return Some(NoFrame::Eof);
        }
        if self.rx.try_sleep() {
            return Some(NoFrame::Empty);
        }
        None
    }

    fn wake_writer(&self) {
        if self.rx_ch.wake_writer_at.swap(0, Ordering::SeqCst) != 0 {
            self.rx_ch.writer.wake(WakeKind::Write);
        }
    }

    /// Whether a frame can be read now (or the writer closed). When false,
    /// the reader is registered asleep.
    pub(crate) fn check_read(&mut self) -> bool {
        if let Some(c) = &self.rx_ch.conflate {
            if self.rx_ch.eof.load(Ordering::Acquire) {
                return true;
            }
            c.asleep.store(true, Ordering::SeqCst);
            let slot = c.slot.lock();
            let ready = slot.0.is_some() || slot.1.is_some();
            if ready {
                c.asleep.store(false, Ordering::Relaxed);
            }
            return ready;
        }
        if self.rx.is_readable() {
            return true;
        }
        if self.rx_ch.eof.load(Ordering::Acquire) {
            return true;
        }
        !self.rx.try_sleep()
    }

    /// Whether published frames are waiting to be read (ignores EOF).
    pub(crate) fn has_pending_in(&mut self) -> bool {
        if let Some(c) = &self.rx_ch.conflate {
            let slot = c.slot.lock();
            return slot.0.is_some() || slot.1.is_some();
        }
        self.rx.is_readable()
    }

    /// Takes the next frame if it is the peer's identity message.
    pub(crate) fn take_info(&mut self) -> Option<Msg> {
        if let Some(c) = &self.rx_ch.conflate {
            return c.slot.lock().0.take();
        }
        let is_info = self
            .rx
            .peek()
            .is_some_and(|m| m.flags() & msg::PEER_INFO != 0);
        if !is_info {
            return None;
        }
        match self.read() {
            Read::Msg(m) => Some(m),
            _ => None,
        }
    }

    // ---- termination ----

    /// Closes our outbound direction: the reader sees what is queued, then
    /// end-of-stream. An incomplete message is dropped.
    pub(crate) fn close_write(&mut self) {
        if !self.tx_ch.eof.load(Ordering::Relaxed) {
            self.tx.rollback();
            let farewell = self.tx_ch.farewell.lock().take();
            if let Some(m) = farewell {
                self.write(m);
            }
            self.tx.commit();
            self.tx_ch.eof.store(true, Ordering::Release);
            self.tx_ch.reader.wake(WakeKind::Read);
        }
    }

    /// Has the peer send `m` last, when it closes its end (ZMQ_DISCONNECT_MSG
    /// of an inproc binder: the connecting socket's close or disconnect
    /// delivers it to us).
    pub(crate) fn set_peer_farewell(&self, m: Msg) {
        *self.rx_ch.farewell.lock() = Some(m);
    }

    /// Closes our inbound direction: the writer stops and its queued
    /// messages are dropped with the pipe.
    pub(crate) fn close_read(&mut self) {
        if !self.rx_ch.reader_gone.swap(true, Ordering::AcqRel) {
            self.rx_ch.writer.wake(WakeKind::Write);
        }
    }

    /// Closes both directions. Idempotent; also done on drop.
    pub(crate) fn terminate(&mut self) {
        if !self.closed {
            self.close_write();
            self.close_read();
            self.closed = true;
        }
    }
}

/// Test-only hooks into the pipe protocol, to replay races in order.
#[cfg(test)]
pub(crate) mod test_hooks {
    use std::cell::RefCell;

    type Hook = Box<dyn FnOnce()>;

    thread_local! {
        static BEFORE_RECHECK: RefCell<Option<Hook>> = const { RefCell::new(None) };
    }

    /// Runs `f` once, inside the next `check_write` on this thread that
    /// registers for a wake-up, between the registration and its re-check
    /// of the reader's progress: where a reader on another CPU may publish
    /// progress.
    pub(crate) fn set_before_recheck(f: impl FnOnce() + 'static) {
        BEFORE_RECHECK.with(|h| *h.borrow_mut() = Some(Box::new(f)));
    }

    pub(super) fn before_recheck() {
        if let Some(f) = BEFORE_RECHECK.with(|h| h.borrow_mut().take()) {
            f();
        }
    }
}

/// Reads a conflated channel: the identity first, then the newest frame.
fn conflate_read(c: &Conflate, eof: &AtomicBool) -> Read {
    c.asleep.store(true, Ordering::SeqCst);
    let mut slot = c.slot.lock();
    if let Some(m) = slot.0.take().or_else(|| slot.1.take()) {
        c.asleep.store(false, Ordering::Relaxed);
        return Read::Msg(m);
    }
    if eof.load(Ordering::Acquire) {
        return Read::Eof;
    }
    Read::Empty
}

impl Drop for PipeEnd {
    fn drop(&mut self) {
        self.terminate();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parking_lot::Mutex;

    #[derive(Default)]
    struct Log(Mutex<Vec<(u64, WakeKind)>>);
    impl Wake for Log {
        fn wake(&self, token: u64, kind: WakeKind) {
            self.0.lock().push((token, kind));
        }
    }

    fn msg(b: &[u8], more: bool) -> Msg {
        let mut m = Msg::from_slice(b);
        m.set_more(more);
        m
    }

    #[test]
    fn wakes_reader_once_per_burst() {
        let (la, lb) = (Arc::new(Log::default()), Arc::new(Log::default()));
        let (mut a, mut b) = pipe(0, 0, la.clone(), Some(lb.clone()), false);
        a.set_token(1);
        b.set_token(2);
        assert!(matches!(b.read(), Read::Empty));
        for _ in 0..3 {
            a.write(msg(b"x", false));
            a.flush();
        }
        assert_eq!(*lb.0.lock(), vec![(2, WakeKind::Read)]);
        for _ in 0..3 {
            assert!(matches!(b.read(), Read::Msg(_)));
        }
        assert!(matches!(b.read(), Read::Empty));
    }

    #[test]
    fn hwm_blocks_and_unblocks_writer() {
        let (la, lb) = (Arc::new(Log::default()), Arc::new(Log::default()));
        let (mut a, mut b) = pipe(4, 0, la.clone(), Some(lb.clone()), false);
        a.set_token(1);
        b.set_token(2);
        for _ in 0..4 {
            assert!(a.check_write());
            a.write(msg(b"x", false));
        }
        a.flush();
        assert!(!a.check_write());
        assert!(matches!(b.read(), Read::Msg(_)));
        assert!(la.0.lock().is_empty(), "not below the low-water mark yet");
        assert!(matches!(b.read(), Read::Msg(_)));
        assert_eq!(*la.0.lock(), vec![(1, WakeKind::Write)]);
        assert!(a.check_write());
    }

    #[test]
    fn writer_learns_of_reads_in_lwm_steps() {
        let (la, lb) = (Arc::new(Log::default()), Arc::new(Log::default()));
        let (mut a, mut b) = pipe(20, 0, la.clone(), Some(lb), false);
        a.set_token(1);
        b.set_token(2);
        let fill = |a: &mut PipeEnd| {
            let mut n = 0;
            while a.check_write() {
                a.write(msg(b"x", false));
                a.flush();
                n += 1;
            }
            n
        };
        assert_eq!(fill(&mut a), 20);
        // Fewer reads than the low-water mark (10): the writer is not told.
        for _ in 0..9 {
            assert!(matches!(b.read(), Read::Msg(_)));
        }
        assert!(!a.check_write());
        assert!(la.0.lock().is_empty());
        // The 10th: told, and woken (it asked at written - hwm + lwm).
        assert!(matches!(b.read(), Read::Msg(_)));
        assert_eq!(*la.0.lock(), vec![(1, WakeKind::Write)]);
        assert_eq!(fill(&mut a), 10);
        // 25 of 30 read: the writer knows of 20, so 10 more fit (15 with
        // exact counts), as in libzmq.
        for _ in 0..15 {
            assert!(matches!(b.read(), Read::Msg(_)));
        }
        assert_eq!(fill(&mut a), 10);
        while matches!(b.read(), Read::Msg(_)) {}
        assert!(matches!(b.read(), Read::Empty));
    }

    #[test]
    fn hwm_changes_recompute_with_boosts() {
        let (la, lb) = (Arc::new(Log::default()), Arc::new(Log::default()));
        // inproc as connected: A sends with SNDHWM 1 to B's RCVHWM 1.
        let (mut a, _b) = pipe(2, 2, la, Some(lb), false);
        a.set_boosts(1, 1);
        a.apply_hwms(5, 1);
        for _ in 0..6 {
            assert!(a.check_write());
            a.write(msg(b"x", false));
        }
        assert!(!a.check_write());
        // An unlimited side makes the channel unlimited; no boost (tcp)
        // leaves the socket's own value.
        a.apply_hwms(0, 1);
        assert!(a.check_write());
        a.set_boosts(NO_BOOST, NO_BOOST);
        a.apply_hwms(6, 1);
        assert!(!a.check_write());
        a.apply_hwms(7, 1);
        assert!(a.check_write());
    }

    #[test]
    fn multipart_is_atomic_and_rollback_drops_it() {
        let (la, lb) = (Arc::new(Log::default()), Arc::new(Log::default()));
        let (mut a, mut b) = pipe(0, 0, la, Some(lb), false);
        a.write(msg(b"1", true));
        a.flush();
        assert!(matches!(b.read(), Read::Empty));
        a.rollback();
        a.write(msg(b"2", true));
        a.write(msg(b"3", false));
        a.flush();
        match (b.read(), b.read()) {
            (Read::Msg(x), Read::Msg(y)) => {
                assert_eq!((x.as_slice(), y.as_slice()), (&b"2"[..], &b"3"[..]))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn conflate_keeps_the_newest() {
        let (la, lb) = (Arc::new(Log::default()), Arc::new(Log::default()));
        let (mut a, mut b) = pipe(1, 1, la, Some(lb.clone()), true);
        b.set_token(2);
        assert!(matches!(b.read(), Read::Empty));
        for i in 0..5u8 {
            assert!(a.check_write());
            a.write(msg(&[i], false));
            a.flush();
        }
        assert_eq!(*lb.0.lock(), vec![(2, WakeKind::Read)]);
        match b.read() {
            Read::Msg(m) => assert_eq!(m.as_slice(), &[4]),
            other => panic!("{other:?}"),
        }
        assert!(matches!(b.read(), Read::Empty));
        drop(a);
        assert!(matches!(b.read(), Read::Eof));
    }

    #[test]
    fn termination_delivers_queued_then_eof() {
        let (la, lb) = (Arc::new(Log::default()), Arc::new(Log::default()));
        let (mut a, mut b) = pipe(0, 0, la, Some(lb.clone()), false);
        b.set_token(2);
        a.write(msg(b"last", false));
        a.flush();
        drop(a);
        assert!(b.peer_gone());
        assert!(matches!(b.read(), Read::Msg(_)));
        assert!(matches!(b.read(), Read::Eof));
        assert!(!b.check_write());
    }
}
