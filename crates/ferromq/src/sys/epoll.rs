//! epoll: the reactor's readiness source.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

use super::syscall;

/// Interest in readability.
pub(crate) const READ: u32 = libc::EPOLLIN as u32;
/// Interest in writability.
pub(crate) const WRITE: u32 = libc::EPOLLOUT as u32;
/// Edge-triggered delivery.
pub(crate) const EDGE: u32 = libc::EPOLLET as u32;
/// Peer hung up (reported whether asked or not).
pub(crate) const HUP: u32 = (libc::EPOLLHUP | libc::EPOLLRDHUP) as u32;
/// Error condition (reported whether asked or not).
pub(crate) const ERR: u32 = libc::EPOLLERR as u32;

/// An epoll instance.
#[derive(Debug)]
pub(crate) struct Epoll {
    fd: OwnedFd,
}

/// One readiness event: the token given at registration and the flags.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Event {
    pub(crate) token: u64,
    pub(crate) flags: u32,
}

impl AsRawFd for Epoll {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

impl Epoll {
    pub(crate) fn new() -> io::Result<Epoll> {
        let fd = syscall!(epoll_create1(libc::EPOLL_CLOEXEC))?;
        // SAFETY: epoll_create1 returned a fresh descriptor we now own.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        Ok(Epoll { fd })
    }

    fn ctl(&self, op: libc::c_int, fd: RawFd, token: u64, interest: u32) -> io::Result<()> {
        // RDHUP goes with read interest; a registration with no interest
        // (disarmed) reports nothing.
        let events = if interest & READ != 0 {
            interest | libc::EPOLLRDHUP as u32
        } else {
            interest
        };
        let mut ev = libc::epoll_event { events, u64: token };
        syscall!(epoll_ctl(self.fd.as_raw_fd(), op, fd, &mut ev))?;
        Ok(())
    }

    pub(crate) fn add(&self, fd: RawFd, token: u64, interest: u32) -> io::Result<()> {
        self.ctl(libc::EPOLL_CTL_ADD, fd, token, interest)
    }

    pub(crate) fn modify(&self, fd: RawFd, token: u64, interest: u32) -> io::Result<()> {
        self.ctl(libc::EPOLL_CTL_MOD, fd, token, interest)
    }

    pub(crate) fn delete(&self, fd: RawFd) {
        let mut ev = libc::epoll_event { events: 0, u64: 0 };
        // Deregistering a closed or unknown fd is harmless; ignore errors.
        let _ = syscall!(epoll_ctl(
            self.fd.as_raw_fd(),
            libc::EPOLL_CTL_DEL,
            fd,
            &mut ev
        ));
    }

    /// Waits for events (timeout in ms, -1 forever), filling `out`.
    pub(crate) fn wait(&self, out: &mut Vec<Event>, timeout_ms: i32) -> io::Result<()> {
        const MAX: usize = 256;
        let mut raw: [libc::epoll_event; MAX] = [libc::epoll_event { events: 0, u64: 0 }; MAX];
        out.clear();
        let n = match syscall!(epoll_wait(
            self.fd.as_raw_fd(),
            raw.as_mut_ptr(),
            MAX as libc::c_int,
            timeout_ms
        )) {
            Ok(n) => n as usize,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => 0,
            Err(e) => return Err(e),
        };
        out.extend(raw[..n].iter().map(|e| Event {
            token: e.u64,
            flags: e.events,
        }));
        Ok(())
    }
}
