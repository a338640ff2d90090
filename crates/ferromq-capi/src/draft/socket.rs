//! DRAFT `zmq_socket_get_peer_state`.

use std::os::raw::{c_int, c_void};

use crate::boundary::ffi_guard;
use crate::handle;

/// The state of a ROUTER's peer, by routing id: ZMQ_POLLOUT set if a
/// message to it would not block now; -1 with EHOSTUNREACH for an unknown
/// peer, ENOTSUP for a socket type without routing ids, ENOTSOCK.
#[no_mangle]
pub unsafe extern "C" fn zmq_socket_get_peer_state(
    s: *mut c_void,
    routing_id: *const c_void,
    routing_id_size: usize,
) -> c_int {
    ffi_guard(-1, || {
        let rid: &[u8] = if routing_id_size == 0 {
            &[]
        } else if routing_id.is_null() {
            return Err(libc::EFAULT);
        } else {
            // SAFETY: the caller passes `routing_id_size` readable bytes.
            unsafe { std::slice::from_raw_parts(routing_id as *const u8, routing_id_size) }
        };
        // SAFETY: the caller passes a socket handle (checked by tag).
        let st = unsafe { handle::socket(s) }?
            .peer_state(rid)
            .map_err(|e| e.errno())?;
        Ok(c_int::from(st))
    })
}
