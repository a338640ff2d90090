//! Socket functions: create, close, options, endpoints, send and receive.

use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_void};

use ferromq::{Msg, SocketType};

use crate::boundary::ffi_guard;
use crate::handle;
use crate::msg::{recv_msg, send_msg};
use crate::types::{iovec, zmq_msg_t};

fn clamp(n: usize) -> c_int {
    n.min(c_int::MAX as usize) as c_int
}

/// An endpoint argument, as bytes (libzmq takes ipc paths and inproc
/// names that are not UTF-8): NULL is EINVAL.
///
/// # Safety
/// `p` is NULL or a NUL-terminated string.
unsafe fn endpoint<'a>(p: *const c_char) -> Result<&'a [u8], c_int> {
    if p.is_null() {
        return Err(libc::EINVAL);
    }
    // SAFETY: per the contract.
    Ok(unsafe { CStr::from_ptr(p) }.to_bytes())
}

#[no_mangle]
pub unsafe extern "C" fn zmq_socket(context: *mut c_void, type_: c_int) -> *mut c_void {
    ffi_guard(std::ptr::null_mut(), || {
        // SAFETY: the caller passes a context handle.
        let ctx = unsafe { handle::ctx(context) }?;
        let ty = SocketType::from_raw(type_).ok_or(libc::EINVAL)?;
        let s = ctx.socket(ty).map_err(|e| e.errno())?;
        Ok(handle::new_socket(s))
    })
}

#[no_mangle]
pub unsafe extern "C" fn zmq_close(socket: *mut c_void) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a socket handle.
        unsafe { handle::close_socket(socket) }?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn zmq_setsockopt(
    socket: *mut c_void,
    option: c_int,
    optval: *const c_void,
    optvallen: usize,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a socket handle.
        let mut s = unsafe { handle::socket(socket) }?;
        let val = if optval.is_null() {
            if optvallen > 0 {
                return Err(libc::EINVAL);
            }
            None
        } else if optvallen > isize::MAX as usize {
            // No object is that large (nor can a slice be): every option
            // with a length limit refuses it, as libzmq does (libzmq
            // aborts on the copy for the unlimited ones).
            return Err(libc::EINVAL);
        } else {
            // SAFETY: the caller passes `optvallen` readable bytes.
            Some(unsafe { std::slice::from_raw_parts(optval as *const u8, optvallen) })
        };
        s.set_option(option, val).map_err(|e| e.errno())?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn zmq_getsockopt(
    socket: *mut c_void,
    option: c_int,
    optval: *mut c_void,
    optvallen: *mut usize,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a socket handle.
        let mut s = unsafe { handle::socket(socket) }?;
        if optvallen.is_null() {
            return Err(libc::EFAULT);
        }
        // SAFETY: checked non-null; the caller owns it.
        let len = unsafe { *optvallen };
        let mut empty = [0u8; 0];
        let out: &mut [u8] = if len == 0 {
            &mut empty
        } else if optval.is_null() {
            return Err(libc::EFAULT);
        } else {
            // SAFETY: the caller passes a buffer of `*optvallen` bytes.
            unsafe { std::slice::from_raw_parts_mut(optval as *mut u8, len) }
        };
        let n = s.get_option(option, out).map_err(|e| e.errno())?;
        // SAFETY: as above.
        unsafe { *optvallen = n };
        Ok(0)
    })
}

/// Runs an endpoint operation with libzmq's argument checks.
///
/// # Safety
/// `socket` is a socket handle (or garbage rejected by tag); `endpoint` is
/// NULL or a NUL-terminated string.
unsafe fn with_endpoint(
    socket: *mut c_void,
    endpoint: *const c_char,
    op: impl FnOnce(&mut ferromq::Socket, &[u8]) -> ferromq::Result<()>,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: per the contract.
        let mut s = unsafe { handle::socket(socket) }?;
        // SAFETY: per the contract.
        let ep = unsafe { self::endpoint(endpoint) }?;
        op(&mut s, ep).map_err(|e| e.errno())?;
        Ok(0)
    })
}

/// Binds the socket to an endpoint.
#[no_mangle]
pub unsafe extern "C" fn zmq_bind(socket: *mut c_void, endpoint: *const c_char) -> c_int {
    // SAFETY: the caller passes a socket handle and a string (or NULL).
    unsafe { with_endpoint(socket, endpoint, |s, ep| s.bind(ep)) }
}

/// Connects the socket to an endpoint.
#[no_mangle]
pub unsafe extern "C" fn zmq_connect(socket: *mut c_void, endpoint: *const c_char) -> c_int {
    // SAFETY: the caller passes a socket handle and a string (or NULL).
    unsafe { with_endpoint(socket, endpoint, |s, ep| s.connect(ep)) }
}

/// Stops accepting connections on an endpoint.
#[no_mangle]
pub unsafe extern "C" fn zmq_unbind(socket: *mut c_void, endpoint: *const c_char) -> c_int {
    // SAFETY: the caller passes a socket handle and a string (or NULL).
    unsafe { with_endpoint(socket, endpoint, |s, ep| s.unbind(ep)) }
}

/// Disconnects from an endpoint.
#[no_mangle]
pub unsafe extern "C" fn zmq_disconnect(socket: *mut c_void, endpoint: *const c_char) -> c_int {
    // SAFETY: the caller passes a socket handle and a string (or NULL).
    unsafe { with_endpoint(socket, endpoint, |s, ep| s.disconnect(ep)) }
}

/// A message holding a copy of the caller's `len` bytes at `buf`: ENOMEM
/// when the copy cannot be allocated (libzmq's `msg_t::init_size`, which
/// also answers ENOMEM for sizes no allocation can have), EFAULT for a
/// NULL `buf` with `len > 0`.
///
/// # Safety
/// `buf` is NULL or points to `len` readable bytes.
unsafe fn copy_of(buf: *const c_void, len: usize) -> Result<Msg, c_int> {
    if len == 0 {
        return Ok(Msg::new());
    }
    if len > isize::MAX as usize {
        return Err(libc::ENOMEM);
    }
    if buf.is_null() {
        return Err(libc::EFAULT);
    }
    // SAFETY: per the contract; len <= isize::MAX.
    let data = unsafe { std::slice::from_raw_parts(buf as *const u8, len) };
    Msg::try_from_slice(data).map_err(|e| e.errno())
}

#[no_mangle]
pub unsafe extern "C" fn zmq_send(
    socket: *mut c_void,
    buf: *const c_void,
    len: usize,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a socket handle.
        let mut s = unsafe { handle::socket(socket) }?;
        let mut m = if len > 0 && len <= ferromq::msg::INLINE_CAP && !buf.is_null() {
            // Small bodies are built in place, without a Result around the
            // message (a re-laid-out copy: 15 ns of a 70 ns inproc
            // send+recv); they cannot fail short of an abort.
            // SAFETY: the caller passes `len` readable bytes at `buf`.
            Msg::from_slice(unsafe { std::slice::from_raw_parts(buf as *const u8, len) })
        } else {
            // SAFETY: as above.
            unsafe { copy_of(buf, len) }?
        };
        s.send(&mut m, flags).map_err(|e| e.errno())?;
        Ok(clamp(len))
    })
}

#[no_mangle]
pub unsafe extern "C" fn zmq_send_const(
    socket: *mut c_void,
    buf: *const c_void,
    len: usize,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a socket handle.
        let mut s = unsafe { handle::socket(socket) }?;
        let mut m = if len == 0 {
            Msg::new()
        } else if buf.is_null() {
            return Err(libc::EFAULT);
        } else if len > isize::MAX as usize {
            // Not a buffer any object can have (libzmq would send it and
            // read past the end).
            return Err(libc::EINVAL);
        } else {
            // SAFETY: zmq_send_const's contract: the buffer is constant and
            // outlives the message.
            Msg::from_static(unsafe { std::slice::from_raw_parts(buf as *const u8, len) })
        };
        s.send(&mut m, flags).map_err(|e| e.errno())?;
        Ok(clamp(len))
    })
}

#[no_mangle]
pub unsafe extern "C" fn zmq_recv(
    socket: *mut c_void,
    buf: *mut c_void,
    len: usize,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a socket handle.
        let mut s = unsafe { handle::socket(socket) }?;
        if buf.is_null() && len > 0 {
            return Err(libc::EFAULT);
        }
        let m = s.recv(flags).map_err(|e| e.errno())?;
        let n = m.len().min(len);
        if n > 0 {
            // SAFETY: the caller passes `len` writable bytes; n <= len.
            unsafe { std::ptr::copy_nonoverlapping(m.as_slice().as_ptr(), buf as *mut u8, n) };
        }
        Ok(clamp(m.len()))
    })
}

#[no_mangle]
pub unsafe extern "C" fn zmq_socket_monitor(
    socket: *mut c_void,
    endpoint: *const c_char,
    events: c_int,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a socket handle.
        let mut s = unsafe { handle::socket(socket) }?;
        let ep = if endpoint.is_null() {
            None
        } else {
            // SAFETY: the caller passes a string.
            Some(unsafe { self::endpoint(endpoint) }?)
        };
        s.monitor_bytes(ep, events).map_err(|e| e.errno())?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn zmq_sendmsg(
    socket: *mut c_void,
    msg: *mut zmq_msg_t,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a socket handle.
        let mut s = unsafe { handle::socket(socket) }?;
        send_msg(&mut s, msg, flags)
    })
}

#[no_mangle]
pub unsafe extern "C" fn zmq_recvmsg(
    socket: *mut c_void,
    msg: *mut zmq_msg_t,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a socket handle.
        let mut s = unsafe { handle::socket(socket) }?;
        recv_msg(&mut s, msg, flags)
    })
}

/// Sends each iovec as one frame. As in libzmq, every frame is sent with
/// the caller's flags except that the last never has ZMQ_SNDMORE.
#[no_mangle]
pub unsafe extern "C" fn zmq_sendiov(
    socket: *mut c_void,
    iov: *mut iovec,
    count: usize,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a socket handle.
        let mut s = unsafe { handle::socket(socket) }?;
        if count == 0 || iov.is_null() {
            return Err(libc::EINVAL);
        }
        // SAFETY: the caller passes `count` iovecs.
        let v = unsafe { std::slice::from_raw_parts(iov, count) };
        let mut rc = 0;
        for (i, io) in v.iter().enumerate() {
            // SAFETY: each iovec describes readable memory.
            let mut m = unsafe { copy_of(io.iov_base, io.iov_len) }?;
            let f = if i == count - 1 {
                flags & !ferromq::opt::ZMQ_SNDMORE
            } else {
                flags
            };
            s.send(&mut m, f).map_err(|e| e.errno())?;
            rc = clamp(io.iov_len);
        }
        Ok(rc)
    })
}

/// Receives up to `*count` frames of one message into malloc()ed buffers.
#[no_mangle]
pub unsafe extern "C" fn zmq_recviov(
    socket: *mut c_void,
    iov: *mut iovec,
    count: *mut usize,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a socket handle.
        let mut s = unsafe { handle::socket(socket) }?;
        // SAFETY: checked for NULL before reading.
        if count.is_null() || unsafe { *count } == 0 || iov.is_null() {
            return Err(libc::EINVAL);
        }
        // SAFETY: checked above.
        let max = unsafe { *count };
        // SAFETY: as above.
        unsafe { *count = 0 };
        let mut nread = 0;
        for i in 0..max {
            let m = s.recv(flags).map_err(|e| e.errno())?;
            let len = m.len();
            // SAFETY: malloc for the caller to free(), as libzmq does.
            let p = unsafe { libc::malloc(len.max(1)) } as *mut u8;
            if p.is_null() {
                return Err(libc::ENOMEM);
            }
            // SAFETY: p has room for len bytes.
            unsafe { std::ptr::copy_nonoverlapping(m.as_slice().as_ptr(), p, len) };
            // SAFETY: i < *count as given by the caller.
            let slot = unsafe { &mut *iov.add(i) };
            slot.iov_base = p.cast();
            slot.iov_len = len;
            // SAFETY: as above.
            unsafe { *count += 1 };
            nread += 1;
            if !m.more() {
                break;
            }
        }
        Ok(nread)
    })
}
