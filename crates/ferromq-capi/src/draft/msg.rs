//! DRAFT message functions: routing ids (SERVER, PEER), groups
//! (RADIO/DISH) and `zmq_msg_init_buffer`.

use std::os::raw::{c_char, c_int, c_void};

use ferromq::Msg;

use crate::boundary::{ffi_guard, ffi_guard_pure};
use crate::msg::{init, live};
use crate::types::zmq_msg_t;

/// Sets the routing id a SERVER or PEER socket sends the message to;
/// 0 is not a routing id (EINVAL).
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_set_routing_id(msg: *mut zmq_msg_t, routing_id: u32) -> c_int {
    ffi_guard(-1, || {
        let m = live(msg)?;
        if routing_id == 0 {
            return Err(libc::EINVAL);
        }
        m.set_routing_id(routing_id);
        Ok(0)
    })
}

/// The routing id of a message a SERVER or PEER received; 0 if none.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_routing_id(msg: *mut zmq_msg_t) -> u32 {
    ffi_guard_pure(0, || Ok(live(msg)?.routing_id()))
}

/// Sets the group a RADIO sends the message to: the string up to its NUL
/// or its first 255 bytes (ZMQ_GROUP_MAX_LENGTH), whichever comes first,
/// as libzmq reads it (`strnlen`); nothing past them is read.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_set_group(msg: *mut zmq_msg_t, group: *const c_char) -> c_int {
    ffi_guard(-1, || {
        let m = live(msg)?;
        if group.is_null() {
            return Err(libc::EINVAL);
        }
        // SAFETY: the caller passes a NUL-terminated string (or one of 255
        // bytes and more); strnlen reads at most GROUP_MAX bytes of it.
        let len = unsafe { libc::strnlen(group, GROUP_MAX) };
        // SAFETY: `len` bytes at `group` were just read by strnlen.
        let g = unsafe { std::slice::from_raw_parts(group as *const u8, len) };
        m.set_group(g).map_err(|e| e.errno())?;
        Ok(0)
    })
}

/// ZMQ_GROUP_MAX_LENGTH.
const GROUP_MAX: usize = 255;

/// The message's group, "" if none; valid while the message is.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_group(msg: *mut zmq_msg_t) -> *const c_char {
    ffi_guard(std::ptr::null(), || Ok(live(msg)?.group().as_ptr()))
}

/// Initialises a message with a copy of `size` bytes at `buf`.
#[no_mangle]
pub unsafe extern "C" fn zmq_msg_init_buffer(
    msg: *mut zmq_msg_t,
    buf: *const c_void,
    size: usize,
) -> c_int {
    ffi_guard(-1, || {
        if size == 0 {
            return init(msg, Msg::new()).map(|_| 0);
        }
        if buf.is_null() || size > isize::MAX as usize {
            return Err(libc::EINVAL);
        }
        // SAFETY: the caller guarantees `size` readable bytes at `buf`.
        let data = unsafe { std::slice::from_raw_parts(buf as *const u8, size) };
        let m = Msg::try_from_slice(data).map_err(|e| e.errno())?;
        init(msg, m).map(|_| 0)
    })
}
