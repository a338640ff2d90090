//! Waiting for a socket's commands: a yield and a short spin, a direct
//! read of the socket's only connection, or sleeping on the mailbox.

use std::sync::Arc;

use super::Socket;
use crate::error::{Error, Result};
use crate::mailbox::WaitResult;
use crate::pipe::direct::DirectRead;
use crate::sys;

/// How long a blocking call watches its mailbox before sleeping (see
/// Socket::spin).
const SPIN_NS: u64 = 20_000;

impl Socket {
    /// Waits for a command until `deadline`; Ok(false) on timeout.
    pub(super) fn wait(&mut self, deadline: Option<u64>) -> Result<bool> {
        let timeout = match deadline {
            None => -1,
            Some(d) => {
                let now = sys::now_ms();
                if now >= d {
                    return Ok(false);
                }
                (d - now).min(i32::MAX as u64) as i32
            }
        };
        if !self.mailbox.has_pending() && self.spin(deadline) {
            return self.process_commands().map(|()| true);
        }
        if !self.mailbox.has_pending() {
            if let Some(conn) = self.pipes.sole_direct() {
                if let Some(r) = self.wait_direct(&conn, timeout) {
                    return r;
                }
            }
        }
        match self.mailbox.wait(timeout) {
            WaitResult::Ready => {}
            WaitResult::Timeout => return Ok(false),
            WaitResult::Interrupted => return Err(Error::Intr),
        }
        self.process_commands()?;
        Ok(true)
    }

    /// Watches the mailbox for a moment before sleeping: when the answer
    /// comes from a thread running on another CPU (inproc, or an I/O
    /// thread), it usually arrives within microseconds, and catching it
    /// awake saves the sleep and the wake-up (~10 us across CPUs here).
    /// True if a command arrived. Spinning that does not pay (the other
    /// thread shares our CPU, or the socket waits long) backs off: after n
    /// failures in a row, the next 2^n waits (at most 1024) do not spin.
    /// Not for sockets whose only pipe is read directly.
    ///
    /// First it yields the CPU once. When the peer thread shares our CPU,
    /// going to sleep right away makes the pair ping-pong: the peer's
    /// next message wakes us, the kernel switches to us at once, we take
    /// that one message and sleep again (a switch per message, measured
    /// ~98,000 for 2.5M inproc 1 KiB messages on one CPU). Yielding lets
    /// the peer run its time slice and fill the pipe, and finds its work
    /// waiting when we come back (2,500 switches). With nothing else to
    /// run on our CPU, the yield returns at once.
    pub(super) fn spin(&mut self, deadline: Option<u64>) -> bool {
        if deadline.is_some_and(|d| d <= sys::now_ms()) || self.pipes.has_sole_direct() {
            return false;
        }
        std::thread::yield_now();
        if self.mailbox.has_pending() {
            self.spin_fails = 0;
            return true;
        }
        if self.spin_skip > 0 {
            self.spin_skip -= 1;
            return false;
        }
        let start = sys::now_ns();
        loop {
            for _ in 0..32 {
                std::hint::spin_loop();
            }
            if self.mailbox.has_pending() {
                self.spin_fails = 0;
                return true;
            }
            if sys::now_ns().saturating_sub(start) > SPIN_NS {
                self.spin_fails = (self.spin_fails + 1).min(10);
                self.spin_skip = 1 << self.spin_fails;
                return false;
            }
        }
    }

    /// Waits on a socket with one tcp/ipc connection by reading the
    /// connection on this thread, which saves the hop through the I/O
    /// thread when the answer arrives. None if the session cannot hand the
    /// connection over right now (the caller waits as usual).
    pub(super) fn wait_direct(
        &mut self,
        conn: &Arc<dyn DirectRead>,
        timeout: i32,
    ) -> Option<Result<bool>> {
        let fd = conn.begin()?;
        let Some(efd) = self.mailbox.begin_poll() else {
            conn.finish(false);
            return Some(self.process_commands().map(|()| true));
        };
        let mut fds = [
            libc::pollfd {
                fd: efd,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        let r = sys::poll(&mut fds, timeout);
        // Awake again before reading: messages decoded below wake us
        // through the mailbox, which must not signal the eventfd for them.
        self.mailbox.end_poll(fds[0].revents != 0);
        conn.finish(fds[1].revents != 0);
        Some(match r {
            Ok(0) => Ok(false),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Err(Error::Intr),
            _ => self.process_commands().map(|()| true),
        })
    }
}
