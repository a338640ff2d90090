//! Direct I/O. A session lives behind a mutex (`SessionCell`) so that the
//! thread using the socket can do two things itself instead of handing them
//! to the I/O thread and waiting for a wake-up across CPUs:
//! * write: when the socket commits a message and the session's end of the
//!   pipe was asleep (the connection idle), `SessionWake` takes the session
//!   with `try_lock` and writes the message out (at most once per
//!   `DIRECT_GAP_NS`; bursts are left to the I/O thread, which batches);
//! * read: a socket blocked on its only pipe, a tcp/ipc connection, takes
//!   the read side (`begin_direct_read` switches the I/O thread's read
//!   interest off), polls the connection with its mailbox, and reads what
//!   arrives (`direct_input`) before giving it back.
//!
//! Errors met on the socket's thread are left in `direct_failed` for the
//! I/O thread, which alone tears connections down; when it does so while
//! the socket's thread polls the connection it pokes that thread awake.

use std::os::fd::RawFd;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};

use super::{Session, SessionCell, State};
use crate::command::Command;
use crate::io::IoCmd;
use crate::mailbox::Mailbox;
use crate::pipe::direct::DirectRead;
use crate::pipe::{self, WakeKind};
use crate::sys;

/// No two direct writes on one connection within this many nanoseconds:
/// a burst is left to the I/O thread, which batches it.
const DIRECT_GAP_NS: u64 = 5_000;

/// Within this long of the last direct write, another one is made only if
/// the connection brought input in between (request-reply). A stream of
/// sends with nothing coming back is a burst, however slow: on one CPU the
/// receiver runs between two sends, and writing each message alone would
/// cost a system call and a context switch per message.
const DIRECT_IDLE_NS: u64 = 200_000;

/// Wake target of a session's pipe end. When the socket commits a message
/// and the session's reader was asleep (the connection idle), the thread
/// that sent it writes it out itself, if it can take the session at once;
/// otherwise, and for every other wake-up, the I/O thread is woken.
pub(crate) struct SessionWake {
    cell: Weak<SessionCell>,
    io: Arc<Mailbox<IoCmd>>,
    last_direct: AtomicU64,
}

impl SessionWake {
    pub(crate) fn new(cell: Weak<SessionCell>, io: Arc<Mailbox<IoCmd>>) -> Arc<SessionWake> {
        Arc::new(SessionWake {
            cell,
            io,
            last_direct: AtomicU64::new(0),
        })
    }

    fn try_direct(&self) -> bool {
        let now = sys::now_ns();
        if now.saturating_sub(self.last_direct.load(Ordering::Relaxed)) < DIRECT_GAP_NS {
            return false;
        }
        let Some(cell) = self.cell.upgrade() else {
            return false;
        };
        let Some(mut s) = cell.try_lock() else {
            return false;
        };
        let idle = now.saturating_sub(self.last_direct.load(Ordering::Relaxed)) >= DIRECT_IDLE_NS;
        // Fan-out (a send wakes many sessions) is the I/O thread's work.
        if !(idle || s.input_seen) || s.link.pipe_count.load(Ordering::Relaxed) != 1 {
            return false;
        }
        s.input_seen = false;
        self.last_direct.store(now, Ordering::Relaxed);
        s.direct_output()
    }
}

impl pipe::Wake for SessionWake {
    fn wake(&self, token: u64, kind: WakeKind) {
        if kind == WakeKind::Read && self.try_direct() {
            return;
        }
        self.io.send(IoCmd::Wake(token, kind));
    }
}

impl Session {
    /// The connection is going away: a socket thread polling it is woken.
    pub(super) fn release_direct(&mut self) {
        if std::mem::take(&mut self.app_reading) {
            // The socket's thread polls this connection: wake it.
            self.link.mailbox.send(Command::Poke);
        }
        self.direct_failed = None;
    }

    /// Writes what the socket queued, on the socket's own thread (see
    /// SessionWake). False if the I/O thread must take over.
    pub(super) fn direct_output(&mut self) -> bool {
        if self.closing || self.direct_failed.is_some() {
            return false;
        }
        let State::Active(engine) = &mut self.state else {
            return false;
        };
        if engine.handshaking() {
            return false;
        }
        if let Err(e) = engine
            .output(self.pipe.as_mut())
            .and_then(|()| self.sync_interest())
        {
            self.direct_failed = Some(e);
            return false;
        }
        // A pipe the socket let go of is for the I/O thread to close.
        !self
            .pipe
            .as_ref()
            .is_some_and(|p| p.peer_closed() || p.peer_gone())
    }

    /// Hands reading the connection to the socket's thread, which is about
    /// to block for input: the I/O thread stops watching for it. Returns
    /// the descriptor to poll, or None if the socket must wait as usual.
    fn begin_direct_read(&mut self) -> Option<RawFd> {
        if self.closing || self.direct_failed.is_some() || self.app_reading {
            return None;
        }
        let State::Active(engine) = &self.state else {
            return None;
        };
        if engine.handshaking() || engine.in_blocked() {
            return None;
        }
        let fd = engine.raw_fd();
        self.app_reading = true;
        if self.sync_interest().is_err() {
            // Registration unchanged: the I/O thread keeps reading.
            self.app_reading = false;
            return None;
        }
        Some(fd)
    }

    /// Reads the connection on the socket's thread (after begin_direct_read
    /// and a poll that saw it readable).
    fn direct_input(&mut self) {
        if !self.app_reading || self.direct_failed.is_some() {
            return;
        }
        let State::Active(engine) = &mut self.state else {
            return;
        };
        self.input_seen = true;
        // Progress::Again needs nothing: end_direct_read re-arms the read
        // interest, and epoll reports what is still unread.
        let r = engine.input(self.pipe.as_mut());
        let ttl = engine.has_peer_ttl();
        if let Err(e) = r.map(drop).and_then(|()| self.sync_interest()) {
            self.direct_failed = Some(e);
            if let Some(m) = &self.io_mailbox {
                m.send(IoCmd::Wake(self.id, WakeKind::Read));
            }
        } else if ttl {
            // A PING's TTL is armed by the I/O thread (its timers).
            if let Some(m) = &self.io_mailbox {
                m.send(IoCmd::Wake(self.id, WakeKind::Read));
            }
        }
    }

    /// Gives reading back to the I/O thread.
    fn end_direct_read(&mut self) {
        if !std::mem::take(&mut self.app_reading) {
            return;
        }
        // Re-arming read interest reports input already waiting.
        if let Err(e) = self.sync_interest() {
            if let Some(m) = &self.io_mailbox {
                self.direct_failed = Some(e);
                m.send(IoCmd::Wake(self.id, WakeKind::Read));
            }
        }
    }
}

impl DirectRead for SessionCell {
    fn begin(&self) -> Option<RawFd> {
        self.try_lock()?.begin_direct_read()
    }

    fn finish(&self, readable: bool) {
        let mut s = self.lock();
        if readable {
            s.direct_input();
        }
        s.end_direct_read();
    }

    fn endpoints(&self) -> (String, String) {
        self.lock().endpoint_pair()
    }
}
