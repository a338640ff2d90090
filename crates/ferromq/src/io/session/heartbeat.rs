//! ZMTP 3.1 heartbeats of one connection, as libzmq 4.3 runs them.
//!
//! * `ZMQ_HEARTBEAT_IVL`: once the handshake is done, a PING goes out every
//!   interval, advertising `ZMQ_HEARTBEAT_TTL` (deciseconds) and no context.
//! * `ZMQ_HEARTBEAT_TIMEOUT` (default: the interval): a PING arms a timeout
//!   unless one is armed already; anything arriving from the peer before it
//!   expires disarms it, otherwise the connection is dropped
//!   (DISCONNECTED; the connect side reconnects).
//! * A peer's PING with a TTL arms a timer of that length (each such PING
//!   restarts it, anything else arriving disarms it): the peer told us to
//!   give up on it if it goes silent. This is honoured whatever our own
//!   options say.
//!
//! The reactor's timers cannot be cancelled, so "disarm" is a comparison:
//! each armed deadline remembers the engine's count of reads that brought
//! bytes; when it expires, a different count means the peer spoke and the
//! deadline lapses. Each kind keeps at most one timer in the reactor at a
//! time (a later deadline waits for the one outstanding), so a peer sending
//! PINGs in a loop cannot fill the timer heap. With heartbeats off and no
//! peer TTL, no timer exists and the engine only counts its reads.
//!
//! One deliberate difference: libzmq multiplies the peer's TTL by 100 in a
//! 16-bit integer, so a TTL above 655 deciseconds wraps (70 s becomes
//! 4.46 s); here every TTL up to 6553.5 s is honoured as sent.

use super::{Io, Session, State, Status};
use crate::io::engine::EngineError;
use crate::sys;

/// Timer kinds (the session's own use 1 to 4).
pub(super) const T_HB_IVL: u32 = 5;
pub(super) const T_HB_TIMEOUT: u32 = 6;
pub(super) const T_HB_TTL: u32 = 7;

const SLOTS: usize = 3;

fn slot(kind: u32) -> usize {
    (kind - T_HB_IVL) as usize
}

/// Heartbeat state of the current connection.
#[derive(Default)]
pub(super) struct Heartbeat {
    /// When the next PING is due (ms clock), while heartbeats are on.
    next_ping: Option<u64>,
    /// Our last PING's timeout: (deadline, the engine's read count then).
    timeout: Option<(u64, u64)>,
    /// The peer's TTL: (deadline, the engine's read count then).
    ttl: Option<(u64, u64)>,
    /// When the reactor timer outstanding for each kind fires.
    armed: [Option<u64>; SLOTS],
}

impl Session {
    /// The handshake is done: starts sending PINGs if ZMQ_HEARTBEAT_IVL is
    /// set (libzmq's mechanism_ready).
    pub(super) fn hb_start(&mut self, io: &mut Io<'_>) {
        self.hb = Heartbeat::default();
        let ivl = self.link.opts.heartbeat_ivl;
        if ivl > 0 {
            let at = sys::now_ms() + ivl as u64;
            self.hb.next_ping = Some(at);
            self.hb_arm(io, T_HB_IVL, at);
        }
    }

    /// Makes sure a timer of `kind` fires by `at`.
    fn hb_arm(&mut self, io: &mut Io<'_>, kind: u32, at: u64) {
        let s = slot(kind);
        if self.hb.armed[s].is_some_and(|t| t <= at) {
            return; // fires first; the deadline is looked at then
        }
        self.hb.armed[s] = Some(at);
        let ms = at.saturating_sub(sys::now_ms());
        io.add_timer(self.id, ms, (self.gen << 4) | kind);
    }

    /// At the end of every I/O-thread entry point: arms the TTL a PING
    /// just asked for.
    pub(super) fn hb_settle(&mut self, io: &mut Io<'_>) {
        let State::Active(engine) = &mut self.state else {
            return;
        };
        let Some((ttl, reads)) = engine.take_peer_ttl() else {
            return;
        };
        let at = sys::now_ms() + ttl;
        self.hb.ttl = Some((at, reads));
        self.hb_arm(io, T_HB_TTL, at);
    }

    /// A heartbeat timer of the current connection fired.
    pub(super) fn hb_on_timer(&mut self, kind: u32, io: &mut Io<'_>) -> Status {
        let s = slot(kind);
        self.hb.armed[s] = None;
        let State::Active(engine) = &mut self.state else {
            return Status::Keep;
        };
        if engine.handshaking() {
            return Status::Keep;
        }
        let now = sys::now_ms();
        let reads = engine.rx_reads();
        if kind == T_HB_IVL {
            let Some(due) = self.hb.next_ping else {
                return Status::Keep;
            };
            if now < due {
                self.hb_arm(io, T_HB_IVL, due);
                return Status::Keep;
            }
            let o = &self.link.opts;
            let ivl = o.heartbeat_ivl.max(1) as u64;
            let timeout = if o.heartbeat_timeout == -1 {
                ivl
            } else {
                o.heartbeat_timeout.max(0) as u64
            };
            if let Err(e) = engine.send_ping(o.heartbeat_ttl) {
                return self.engine_failed(e, io);
            }
            // Armed unless one is (one the peer has spoken since counts
            // as disarmed: libzmq cancels it at once).
            let armed = self.hb.timeout.is_some_and(|(_, seen)| seen == reads);
            if !armed && timeout > 0 {
                self.hb.timeout = Some((now + timeout, reads));
                self.hb_arm(io, T_HB_TIMEOUT, now + timeout);
            }
            self.hb.next_ping = Some(now + ivl);
            self.hb_arm(io, T_HB_IVL, now + ivl);
            return Status::Keep;
        }
        let deadline = if kind == T_HB_TIMEOUT {
            &mut self.hb.timeout
        } else {
            &mut self.hb.ttl
        };
        let Some((at, seen)) = *deadline else {
            return Status::Keep;
        };
        if reads != seen {
            // The peer spoke since: disarmed.
            *deadline = None;
            return Status::Keep;
        }
        if now < at {
            self.hb_arm(io, kind, at);
            return Status::Keep;
        }
        *deadline = None;
        // libzmq's timeout_error: DISCONNECTED, and the connect side
        // reconnects.
        self.engine_failed(EngineError::Io(libc::ETIMEDOUT), io)
    }
}
