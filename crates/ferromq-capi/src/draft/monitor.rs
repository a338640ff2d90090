//! DRAFT monitor functions: `zmq_socket_monitor_versioned` (event format
//! version 2: 64-bit events, several values, local and remote endpoints)
//! and `zmq_socket_monitor_pipes_stats`.

use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_void};

use crate::boundary::ffi_guard;
use crate::handle;

/// Monitors `events` of `socket` in format `event_version` (1 or 2) into a
/// socket of type `type_` (ZMQ_PAIR, ZMQ_PUB or ZMQ_PUSH) bound to the
/// inproc endpoint `endpoint`; NULL stops monitoring.
#[no_mangle]
pub unsafe extern "C" fn zmq_socket_monitor_versioned(
    socket: *mut c_void,
    endpoint: *const c_char,
    events: u64,
    event_version: c_int,
    type_: c_int,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a socket handle.
        let mut s = unsafe { handle::socket(socket) }?;
        let ep = if endpoint.is_null() {
            None
        } else {
            // SAFETY: the caller passes a NUL-terminated string.
            Some(unsafe { CStr::from_ptr(endpoint) }.to_bytes())
        };
        s.monitor_versioned_bytes(ep, events, event_version, type_)
            .map_err(|e| e.errno())?;
        Ok(0)
    })
}

/// Reports a ZMQ_EVENT_PIPES_STATS event per pipe of `socket` to its
/// monitor: EINVAL unless that event is monitored, EAGAIN without pipes.
#[no_mangle]
pub unsafe extern "C" fn zmq_socket_monitor_pipes_stats(socket: *mut c_void) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a socket handle.
        let mut s = unsafe { handle::socket(socket) }?;
        s.monitor_pipes_stats().map_err(|e| e.errno())?;
        Ok(0)
    })
}
