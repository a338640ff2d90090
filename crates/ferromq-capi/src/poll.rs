//! `zmq_poll` over sockets and plain file descriptors.

use std::os::fd::RawFd;
use std::os::raw::{c_int, c_long};

use ferromq::poll::{poll_with_sigmask, Items};
use ferromq::Error;

use crate::boundary::ffi_guard;
use crate::handle;
use crate::types::zmq_pollitem_t;

struct CItems<'a>(&'a mut [zmq_pollitem_t]);

impl Items for CItems<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn plain_fd(&self, i: usize) -> Option<RawFd> {
        self.0[i].socket.is_null().then_some(self.0[i].fd)
    }
    fn socket_fd(&mut self, i: usize) -> ferromq::Result<RawFd> {
        // SAFETY: validated as a live socket handle by zmq_poll.
        let s = unsafe { handle::socket(self.0[i].socket) }.map_err(Error::from_errno)?;
        Ok(s.fd())
    }
    fn socket_events(&mut self, i: usize) -> ferromq::Result<i16> {
        // SAFETY: as above; each use is a short, non-overlapping borrow, so
        // one socket listed twice is fine.
        let mut s = unsafe { handle::socket(self.0[i].socket) }.map_err(Error::from_errno)?;
        s.events()
    }
    fn events(&self, i: usize) -> i16 {
        self.0[i].events
    }
    fn set_revents(&mut self, i: usize, revents: i16) {
        self.0[i].revents = revents;
    }
}

#[no_mangle]
pub unsafe extern "C" fn zmq_poll(
    items: *mut zmq_pollitem_t,
    nitems: c_int,
    timeout: c_long,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { poll_items(items, nitems, timeout, None) }
}

/// `zmq_poll`, and `zmq_ppoll` with a signal mask.
///
/// # Safety
/// As `zmq_poll`: `items` points to `nitems` items.
pub(crate) unsafe fn poll_items(
    items: *mut zmq_pollitem_t,
    nitems: c_int,
    timeout: c_long,
    sigmask: Option<&libc::sigset_t>,
) -> c_int {
    ffi_guard(-1, || {
        if nitems < 0 {
            return Err(libc::EINVAL);
        }
        let items: &mut [zmq_pollitem_t] = if nitems == 0 {
            &mut []
        } else if items.is_null() {
            return Err(libc::EFAULT);
        } else {
            // SAFETY: the caller passes `nitems` items.
            unsafe { std::slice::from_raw_parts_mut(items, nitems as usize) }
        };
        for it in items.iter() {
            // SAFETY: a non-NULL socket must be a socket handle.
            if !it.socket.is_null() && !unsafe { handle::is_socket(it.socket) } {
                return Err(libc::ENOTSOCK);
            }
        }
        let n = poll_with_sigmask(&mut CItems(items), timeout, sigmask).map_err(|e| e.errno())?;
        Ok(n as c_int)
    })
}
