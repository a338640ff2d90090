//! DRAFT `zmq_ppoll`: `zmq_poll` with a signal mask swapped in, atomically,
//! for the waits only (as `ppoll(2)`/`pselect(2)`).

use std::os::raw::{c_int, c_long};

use crate::poll::poll_items;
use crate::types::zmq_pollitem_t;

/// `zmq_poll` with `sigmask` (NULL: the thread's own, i.e. `zmq_poll`) in
/// force while it waits: a signal blocked elsewhere but not in `sigmask`
/// is caught during the wait and ends it with -1, EINTR.
#[no_mangle]
pub unsafe extern "C" fn zmq_ppoll(
    items: *mut zmq_pollitem_t,
    nitems: c_int,
    timeout: c_long,
    sigmask: *const libc::sigset_t,
) -> c_int {
    // SAFETY: a non-NULL sigmask points to a sigset_t the caller keeps
    // alive for the call.
    let mask = unsafe { sigmask.as_ref() };
    // SAFETY: forwarded contract (items as for zmq_poll).
    unsafe { poll_items(items, nitems, timeout, mask) }
}
