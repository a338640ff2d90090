//! The typed side of [`Socket`]: [`SendFlags`]/[`RecvFlags`] instead of raw
//! `i32` flags, [`Duration`] timeouts, non-blocking receives that return
//! `Option`, and the socket's `ZMQ_FD` through [`AsFd`]/[`AsRawFd`].
//!
//! Every method here is a thin layer over the `i32` one of the same name
//! without the suffix, so both can be mixed freely.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::flags::{PollEvents, RecvFlags, SendFlags};
use crate::msg::Msg;
use crate::sockopt;

use super::Socket;

/// A timeout option's `Option<Duration>` as libzmq's milliseconds: `None`
/// is -1 (no limit); a fraction of a millisecond rounds up, so a short
/// timeout never becomes 0 (which means "do not wait at all").
fn duration_to_ms(d: Option<Duration>) -> Result<i32> {
    match d {
        None => Ok(-1),
        Some(d) => {
            let ms = d.as_nanos().div_ceil(1_000_000);
            i32::try_from(ms).map_err(|_| Error::Inval)
        }
    }
}

fn ms_to_duration(ms: i32) -> Option<Duration> {
    u64::try_from(ms).ok().map(Duration::from_millis)
}

/// `Ok(None)` for `EAGAIN`.
fn again_is_none<T>(r: Result<T>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(Error::Again) => Ok(None),
        Err(e) => Err(e),
    }
}

impl Socket {
    // ---- typed flags ----

    /// Sends `msg` ([`Socket::send`] with typed flags). On success `msg`
    /// is left empty.
    pub fn send_msg(&mut self, msg: &mut Msg, flags: SendFlags) -> Result<()> {
        self.send(msg, flags.bits())
    }

    /// Receives one frame ([`Socket::recv`] with typed flags).
    pub fn recv_msg(&mut self, flags: RecvFlags) -> Result<Msg> {
        self.recv(flags.bits())
    }

    /// Sends `data` as one frame ([`Socket::send_bytes`] with typed flags).
    pub fn send_bytes_with(&mut self, data: &[u8], flags: SendFlags) -> Result<()> {
        self.send_bytes(data, flags.bits())
    }

    /// Sends the frames of one message; `flags` applies to every frame
    /// (every frame but the last also gets [`SendFlags::MORE`]).
    pub fn send_multipart_with<I, B>(&mut self, frames: I, flags: SendFlags) -> Result<()>
    where
        I: IntoIterator<Item = B>,
        B: AsRef<[u8]>,
    {
        self.send_multipart(frames, flags.bits())
    }

    /// Receives one frame's bytes ([`Socket::recv_bytes`] with typed flags).
    pub fn recv_bytes_with(&mut self, flags: RecvFlags) -> Result<Vec<u8>> {
        self.recv_bytes(flags.bits())
    }

    /// Receives every frame of one message; `flags` applies to the first
    /// (the others are already there when the first has arrived).
    pub fn recv_multipart_with(&mut self, flags: RecvFlags) -> Result<Vec<Vec<u8>>> {
        self.recv_multipart(flags.bits())
    }

    /// Receives one frame if one is waiting: `Ok(None)` instead of
    /// [`Error::Again`].
    pub fn try_recv_msg(&mut self) -> Result<Option<Msg>> {
        again_is_none(self.recv_msg(RecvFlags::DONT_WAIT))
    }

    /// Receives one frame's bytes if one is waiting: `Ok(None)` instead of
    /// [`Error::Again`].
    pub fn try_recv_bytes(&mut self) -> Result<Option<Vec<u8>>> {
        again_is_none(self.recv_bytes_with(RecvFlags::DONT_WAIT))
    }

    /// Receives a whole message if one is waiting: `Ok(None)` instead of
    /// [`Error::Again`].
    pub fn try_recv_multipart(&mut self) -> Result<Option<Vec<Vec<u8>>>> {
        again_is_none(self.recv_multipart_with(RecvFlags::DONT_WAIT))
    }

    /// Whether a message can be received ([`PollEvents::IN`]) or sent
    /// ([`PollEvents::OUT`]) now (`ZMQ_EVENTS`).
    pub fn poll_events(&mut self) -> Result<PollEvents> {
        Ok(PollEvents::from_raw(self.events()?))
    }

    // ---- Duration options ----

    /// How long a blocking receive waits before [`Error::Again`]
    /// (`ZMQ_RCVTIMEO`); `None` waits without limit (the default).
    /// Rounded up to whole milliseconds; above `i32::MAX` ms is
    /// [`Error::Inval`].
    pub fn set_rcvtimeo(&mut self, timeout: Option<Duration>) -> Result<()> {
        self.set(sockopt::RCVTIMEO, duration_to_ms(timeout)?)
    }

    /// The receive timeout (`ZMQ_RCVTIMEO`); `None` is no limit.
    pub fn rcvtimeo(&mut self) -> Result<Option<Duration>> {
        Ok(ms_to_duration(self.get(sockopt::RCVTIMEO)?))
    }

    /// How long a blocking send waits before [`Error::Again`]
    /// (`ZMQ_SNDTIMEO`); `None` waits without limit (the default).
    pub fn set_sndtimeo(&mut self, timeout: Option<Duration>) -> Result<()> {
        self.set(sockopt::SNDTIMEO, duration_to_ms(timeout)?)
    }

    /// The send timeout (`ZMQ_SNDTIMEO`); `None` is no limit.
    pub fn sndtimeo(&mut self) -> Result<Option<Duration>> {
        Ok(ms_to_duration(self.get(sockopt::SNDTIMEO)?))
    }

    /// How long unsent messages are kept after the socket is closed
    /// (`ZMQ_LINGER`); `None` keeps them until sent (libzmq's default,
    /// which also makes [`Context::term`](crate::Context::term) wait for
    /// them), `Some(Duration::ZERO)` drops them at once.
    pub fn set_linger(&mut self, linger: Option<Duration>) -> Result<()> {
        self.set(sockopt::LINGER, duration_to_ms(linger)?)
    }

    /// The linger period (`ZMQ_LINGER`); `None` is no limit.
    pub fn linger(&mut self) -> Result<Option<Duration>> {
        Ok(ms_to_duration(self.get(sockopt::LINGER)?))
    }
}

/// The socket's `ZMQ_FD`: readable when [`Socket::poll_events`] may have
/// changed. It is edge-triggered, as libzmq's: after it wakes you, call
/// `poll_events` (and receive/send) until the event you wait for is gone
/// before waiting on it again. Never read from or close it.
impl AsRawFd for Socket {
    fn as_raw_fd(&self) -> RawFd {
        self.fd()
    }
}

impl AsFd for Socket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        // SAFETY: the descriptor belongs to the socket's mailbox, which the
        // socket owns (an Arc field) and which closes it only when dropped,
        // after the socket itself; the borrow cannot outlive `&self`.
        #[allow(unsafe_code)]
        unsafe {
            BorrowedFd::borrow_raw(self.fd())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_up_and_bound() {
        assert_eq!(duration_to_ms(None).unwrap(), -1);
        assert_eq!(duration_to_ms(Some(Duration::ZERO)).unwrap(), 0);
        assert_eq!(duration_to_ms(Some(Duration::from_micros(1))).unwrap(), 1);
        assert_eq!(
            duration_to_ms(Some(Duration::from_millis(1500))).unwrap(),
            1500
        );
        assert_eq!(
            duration_to_ms(Some(Duration::from_millis(i32::MAX as u64))).unwrap(),
            i32::MAX
        );
        assert!(matches!(
            duration_to_ms(Some(Duration::from_millis(i32::MAX as u64 + 1))),
            Err(Error::Inval)
        ));
        assert_eq!(ms_to_duration(-1), None);
        assert_eq!(ms_to_duration(250), Some(Duration::from_millis(250)));
    }
}
