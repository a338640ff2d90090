//! Message functions: `zmq_msg_*`.
//!
//! A `zmq_msg_t` holds our [`Msg`] in its first bytes and a tag in the
//! last four: initialised messages carry `LIVE`, closed ones `CLOSED`, so a
//! second close or a use after close reports EFAULT instead of touching a
//! stale body. (An uninitialised `zmq_msg_t` is as undefined as in libzmq.)

use std::ffi::CStr;
use std::mem::MaybeUninit;
use std::os::raw::{c_char, c_int, c_void};
use std::ptr;

use ferromq::opt::{ZMQ_MORE, ZMQ_SHARED, ZMQ_SRCFD};
use ferromq::Msg;

use crate::boundary::{ffi_guard, ffi_guard_pure};
use crate::handle;
use crate::types::{zmq_free_fn, zmq_msg_t};

const LIVE: u32 = 0x214D_5347;
const CLOSED: u32 = 0x434C_5344;

#[repr(C)]
struct Raw {
    msg: MaybeUninit<Msg>,
    _pad: [u8; 60 - std::mem::size_of::<Msg>()],
    tag: u32,
}

const _: () = assert!(std::mem::size_of::<Raw>() == 64);
const _: () = assert!(std::mem::align_of::<Raw>() <= std::mem::align_of::<zmq_msg_t>());

fn raw<'a>(m: *mut zmq_msg_t) -> Result<&'a mut Raw, c_int> {
    if m.is_null() {
        return Err(libc::EFAULT);
    }
    // SAFETY: zmq_msg_t is 64 bytes, 8-aligned: the size and alignment of
    // Raw, checked above. The caller owns the message.
    Ok(unsafe { &mut *(m as *mut Raw) })
}

/// The live message in `m`, or EFAULT.
pub(crate) fn live<'a>(m: *mut zmq_msg_t) -> Result<&'a mut Msg, c_int> {
    let r = raw(m)?;
    if r.tag != LIVE {
        return Err(libc::EFAULT);
    }
    // SAFETY: a LIVE tag means `msg` was initialised by us.
    Ok(unsafe { r.msg.assume_init_mut() })
}

/// Initialises `m` with `v` (whatever it held is not dropped).
pub(crate) fn init(m: *mut zmq_msg_t, v: Msg) -> Result<(), c_int> {
    let r = raw(m)?;
    r.msg.write(v);
    r.tag = LIVE;
    Ok(())
}

/// Replaces a live message's content, dropping the old one.
pub(crate) fn replace(m: *mut zmq_msg_t, v: Msg) -> Result<(), c_int> {
    let cur = live(m)?;
    *cur = v;
    Ok(())
}

/// Takes a live message out, leaving `m` live and empty.
pub(crate) fn take(m: *mut zmq_msg_t) -> Result<Msg, c_int> {
    Ok(std::mem::take(live(m)?))
}

fn clamp(n: usize) -> c_int {
    n.min(c_int::MAX as usize) as c_int
}

#[no_mangle]
pub unsafe extern "C" fn zmq_msg_init(msg: *mut zmq_msg_t) -> c_int {
    ffi_guard_pure(-1, || init(msg, Msg::new()).map(|_| 0))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_msg_init_size(msg: *mut zmq_msg_t, size: usize) -> c_int {
    ffi_guard(-1, || {
        // Small sizes cannot fail short of an abort: build the message in
        // place, without a Result around it (a re-laid-out copy).
        if size <= ferromq::msg::SMALL_BODY_MAX {
            return init(msg, Msg::with_size(size)).map(|_| 0);
        }
        let m = Msg::try_with_size(size).map_err(|e| e.errno())?;
        init(msg, m).map(|_| 0)
    })
}

/// Caller memory released through the caller's free function, once.
struct Foreign {
    data: *mut c_void,
    size: usize,
    ffn: zmq_free_fn,
    hint: *mut c_void,
}

// SAFETY: libzmq documents that the free function may run on any thread;
// the memory is the caller's and is only read.
unsafe impl Send for Foreign {}

impl AsRef<[u8]> for Foreign {
    fn as_ref(&self) -> &[u8] {
        if self.data.is_null() || self.size == 0 {
            return &[];
        }
        // SAFETY: zmq_msg_init_data's caller guarantees `size` readable
        // bytes at `data` until the free function runs.
        unsafe { std::slice::from_raw_parts(self.data as *const u8, self.size) }
    }
}

impl Drop for Foreign {
    fn drop(&mut self) {
        // SAFETY: the caller's free function, called once with its own
        // pointers, as libzmq does.
        unsafe { (self.ffn)(self.data, self.hint) };
    }
}

#[no_mangle]
pub unsafe extern "C" fn zmq_msg_init_data(
    msg: *mut zmq_msg_t,
    data: *mut c_void,
    size: usize,
    ffn: Option<zmq_free_fn>,
    hint: *mut c_void,
) -> c_int {
    ffi_guard(-1, || {
        if data.is_null() && size > 0 {
            return Err(libc::EINVAL);
        }
        if size > isize::MAX as usize {
            // Not a buffer any object can have (libzmq accepts it, and
            // reads past the end when the message is used).
            return Err(libc::EINVAL);
        }
        let m = match ffn {
            None => {
                if size == 0 {
                    Msg::new()
                } else {
                    // SAFETY: without a free function the data is constant
                    // and must outlive every use of the message (libzmq's
                    // contract for constant messages).
                    let s: &'static [u8] =
                        unsafe { std::slice::from_raw_parts(data as *const u8, size) };
                    Msg::from_static(s)
                }
            }
            Some(ffn) => Msg::from_owner(Foreign {
                data,
                size,
                ffn,
                hint,
            }),
        };
        init(msg, m).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn zmq_msg_send(
    msg: *mut zmq_msg_t,
    socket: *mut c_void,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a socket handle.
        let mut s = unsafe { handle::socket(socket) }?;
        send_msg(&mut s, msg, flags)
    })
}

/// Sends the message in `msg`: emptied on success, untouched on failure.
pub(crate) fn send_msg(
    s: &mut handle::SockRef<'_>,
    msg: *mut zmq_msg_t,
    flags: c_int,
) -> Result<c_int, c_int> {
    let m = live(msg)?;
    let n = clamp(m.len());
    s.send(m, flags).map_err(|e| e.errno())?;
    // The socket took the message, leaving a new one (the check saves a
    // drop call per message).
    if !m.is_new() {
        *m = Msg::new();
    }
    Ok(n)
}

#[no_mangle]
pub unsafe extern "C" fn zmq_msg_recv(
    msg: *mut zmq_msg_t,
    socket: *mut c_void,
    flags: c_int,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: the caller passes a socket handle.
        let mut s = unsafe { handle::socket(socket) }?;
        recv_msg(&mut s, msg, flags)
    })
}

/// Receives into `msg`, releasing what it held.
pub(crate) fn recv_msg(
    s: &mut handle::SockRef<'_>,
    msg: *mut zmq_msg_t,
    flags: c_int,
) -> Result<c_int, c_int> {
    let cur = live(msg)?;
    match s.recv_into(cur, flags) {
        Ok(()) => Ok(clamp(cur.len())),
        Err(e) => {
            // libzmq releases the old content before trying to receive, so
            // a receive that found nothing leaves an empty message.
            if matches!(e, ferromq::Error::Again | ferromq::Error::Intr) {
                *cur = Msg::new();
            }
            Err(e.errno())
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn zmq_msg_close(msg: *mut zmq_msg_t) -> c_int {
    ffi_guard(-1, || {
        let r = raw(msg)?;
        if r.tag != LIVE {
            return Err(libc::EFAULT);
        }
        r.tag = CLOSED;
        // SAFETY: it was live; we drop it exactly once (or not at all when
        // that releases nothing: a sent message, left empty, is closed).
        unsafe {
            if !r.msg.assume_init_ref().drop_is_trivial() {
                r.msg.assume_init_drop();
            }
        }
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn zmq_msg_move(dest: *mut zmq_msg_t, src: *mut zmq_msg_t) -> c_int {
    ffi_guard(-1, || {
        live(dest)?;
        live(src)?;
        if ptr::eq(dest, src) {
            return Ok(0);
        }
        let v = take(src)?;
        replace(dest, v).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn zmq_msg_copy(dest: *mut zmq_msg_t, src: *mut zmq_msg_t) -> c_int {
    ffi_guard(-1, || {
        live(dest)?;
        let copy = live(src)?.share();
        replace(dest, copy).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn zmq_msg_data(msg: *mut zmq_msg_t) -> *mut c_void {
    ffi_guard_pure(ptr::null_mut(), || Ok(live(msg)?.data_ptr().cast()))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_msg_size(msg: *const zmq_msg_t) -> usize {
    ffi_guard_pure(0, || Ok(live(msg as *mut zmq_msg_t)?.len()))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_msg_more(msg: *const zmq_msg_t) -> c_int {
    ffi_guard_pure(0, || Ok(c_int::from(live(msg as *mut zmq_msg_t)?.more())))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_msg_get(msg: *const zmq_msg_t, property: c_int) -> c_int {
    ffi_guard_pure(-1, || {
        let m = live(msg as *mut zmq_msg_t)?;
        match property {
            ZMQ_MORE => Ok(c_int::from(m.more())),
            // libzmq: -1 with EINVAL when the message has no source fd
            // (built locally, or from inproc); errno must be set here.
            ZMQ_SRCFD => match m.metadata().map(|md| md.fd()) {
                Some(fd) if fd >= 0 => Ok(fd),
                _ => Err(libc::EINVAL),
            },
            ZMQ_SHARED => Ok(c_int::from(m.is_shared())),
            _ => Err(libc::EINVAL),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn zmq_msg_set(msg: *mut zmq_msg_t, property: c_int, optval: c_int) -> c_int {
    let _ = (msg, property, optval);
    // libzmq has no settable message properties.
    ffi_guard(-1, || Err(libc::EINVAL))
}

#[no_mangle]
pub unsafe extern "C" fn zmq_msg_gets(
    msg: *const zmq_msg_t,
    property: *const c_char,
) -> *const c_char {
    ffi_guard(ptr::null(), || {
        let m = live(msg as *mut zmq_msg_t)?;
        if property.is_null() {
            return Err(libc::EINVAL);
        }
        // SAFETY: the caller passes a NUL-terminated property name.
        let name = unsafe { CStr::from_ptr(property) }
            .to_str()
            .map_err(|_| libc::EINVAL)?;
        let meta = m.metadata().ok_or(libc::EINVAL)?;
        meta.get(name).map(|v| v.as_ptr()).ok_or(libc::EINVAL)
    })
}
