//! Version, errors, capabilities, Z85, CURVE keys, atomic counters,
//! stopwatch, sleep and threads: the parts of the API that need no socket.
//!
//! Each function behaves as libzmq 4.3's (`src/zmq.cpp`, `src/zmq_utils.cpp`,
//! `src/err.cpp`), checked by the C tests `c-tests/test_util_*.c` against the
//! system libzmq. Where libzmq crashes on a NULL argument we fail cleanly
//! instead (errno `EFAULT`).

use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_ulong, c_void};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use ferromq::z85;

use crate::boundary::{ffi_guard, ffi_guard_void, get_errno};
use crate::constants::{ZMQ_VERSION_MAJOR, ZMQ_VERSION_MINOR, ZMQ_VERSION_PATCH};
use crate::types::zmq_thread_fn;

#[no_mangle]
pub extern "C" fn zmq_errno() -> c_int {
    get_errno()
}

/// libzmq's own text for `errnum` as a static C string, if it has one.
fn own_strerror(errnum: c_int) -> Option<&'static CStr> {
    let text = ferromq::error::zmq_own_strerror(errnum)?;
    // A handful of entries at most (one per errno with its own text), each
    // leaked once so the pointer handed out stays valid forever, as
    // libzmq's string literals do.
    static CACHE: Mutex<Vec<(c_int, &'static CStr)>> = Mutex::new(Vec::new());
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&(_, s)) = cache.iter().find(|(e, _)| *e == errnum) {
        return Some(s);
    }
    let s: &'static CStr = Box::leak(CString::new(text).ok()?.into_boxed_c_str());
    cache.push((errnum, s));
    Some(s)
}

/// The text for an error number, as libzmq gives it.
///
/// libzmq's own texts for EFSM, ENOCOMPATPROTO, ETERM, EMTHREAD and
/// EHOSTUNREACH ("Host unreachable"); the C library's `strerror` otherwise
/// (the very pointer it returns, as libzmq does).
#[no_mangle]
pub extern "C" fn zmq_strerror(errnum: c_int) -> *const c_char {
    ffi_guard(std::ptr::null(), || {
        if let Some(s) = own_strerror(errnum) {
            return Ok(s.as_ptr());
        }
        // SAFETY: strerror accepts any int and returns a pointer to a
        // NUL-terminated string owned by the C library.
        Ok(unsafe { libc::strerror(errnum) }.cast_const())
    })
}

/// Reports the libzmq API level implemented: 4.3.5. NULL pointers are skipped.
#[no_mangle]
pub unsafe extern "C" fn zmq_version(major: *mut c_int, minor: *mut c_int, patch: *mut c_int) {
    ffi_guard_void(|| {
        for (p, v) in [
            (major, ZMQ_VERSION_MAJOR),
            (minor, ZMQ_VERSION_MINOR),
            (patch, ZMQ_VERSION_PATCH),
        ] {
            if !p.is_null() {
                // SAFETY: the caller passes pointers to writable ints (or
                // NULL, skipped).
                unsafe { p.write(v) };
            }
        }
        Ok(())
    })
}

/// Capabilities `zmq_has` reports, spelled exactly as libzmq spells them
/// (the comparison is case-sensitive, as libzmq's `strcmp`).
///
/// Not reported because not implemented: "gssapi" (its options are EINVAL,
/// as in a libzmq built without it), "pgm", "tipc", "norm", "vmci"; nor
/// "ws"/"wss" in lower case (libzmq answers only "WS" and "WSS"). "draft" is 1: the library exports the DRAFT API, as a libzmq
/// built with `--enable-drafts` does.
const CAPABILITIES: &[&[u8]] = &[b"ipc", b"curve", b"draft", b"WS", b"WSS"];

#[no_mangle]
pub unsafe extern "C" fn zmq_has(capability: *const c_char) -> c_int {
    ffi_guard(0, || {
        if capability.is_null() {
            return Ok(0);
        }
        // SAFETY: a non-NULL capability is a NUL-terminated C string.
        let name = unsafe { CStr::from_ptr(capability) }.to_bytes();
        Ok(c_int::from(CAPABILITIES.contains(&name)))
    })
}

/// Encodes binary data as a NUL-terminated Z85 string; returns `dest`.
///
/// `dest` must hold `size * 5 / 4 + 1` bytes.
/// `size % 4 != 0` -> NULL, EINVAL (checked first, as libzmq does);
/// NULL `dest` (or NULL `data` with `size > 0`) -> NULL, EFAULT.
#[no_mangle]
pub unsafe extern "C" fn zmq_z85_encode(
    dest: *mut c_char,
    data: *const u8,
    size: usize,
) -> *mut c_char {
    ffi_guard(std::ptr::null_mut(), || {
        z85::check_encode_len(size).map_err(|e| e.errno())?;
        if dest.is_null() || (data.is_null() && size > 0) {
            return Err(libc::EFAULT);
        }
        // Group by group through small local copies, never a slice of the
        // caller's buffers: `dest` may overlap `data` (libzmq encodes in
        // one pass, reading each group before writing its characters, and
        // so does this), and no copy of the input is allocated.
        for g in 0..size / 4 {
            let mut group = [0u8; 4];
            let mut chars = [0u8; 5];
            // SAFETY: per the API `data` holds `size` readable bytes and
            // `dest` `size * 5 / 4 + 1` writable ones; group g is within
            // both. Raw copies tolerate overlap between the two buffers.
            unsafe { std::ptr::copy(data.add(g * 4), group.as_mut_ptr(), 4) };
            z85::encode_into(&group, &mut chars).map_err(|e| e.errno())?;
            // SAFETY: as above.
            unsafe { std::ptr::copy(chars.as_ptr(), dest.cast::<u8>().add(g * 5), 5) };
        }
        // SAFETY: as above: the terminator's byte is within `dest`.
        unsafe { *dest.add(z85::encoded_len(size)) = 0 };
        Ok(dest)
    })
}

/// Decodes a Z85 string; returns `dest`.
///
/// `dest` must hold `strlen(string) * 4 / 5` bytes. Length below 5 or not a
/// multiple of 5, a character outside the alphabet, or a group above
/// 2^32 - 1 -> NULL, EINVAL (groups before a bad one are already written, as
/// in libzmq). NULL `string` or `dest` -> NULL, EFAULT.
#[no_mangle]
pub unsafe extern "C" fn zmq_z85_decode(dest: *mut u8, string: *const c_char) -> *mut u8 {
    ffi_guard(std::ptr::null_mut(), || {
        if string.is_null() {
            return Err(libc::EFAULT);
        }
        // SAFETY: a non-NULL `string` is a NUL-terminated C string.
        let len = unsafe { libc::strlen(string) };
        z85::check_decode_len(len).map_err(|e| e.errno())?;
        if dest.is_null() {
            return Err(libc::EFAULT);
        }
        // Group by group through small local copies, never a slice of the
        // caller's buffers: `dest` may overlap `string` (libzmq decodes in
        // one pass too), and no copy of the input is allocated. A bad
        // group fails with the groups before it written, as in libzmq.
        for g in 0..len / 5 {
            let mut chars = [0u8; 5];
            let mut group = [0u8; 4];
            // SAFETY: `string` has `len` readable bytes before its NUL;
            // per the API `dest` holds `len * 4 / 5` writable bytes; group
            // g is within both. Raw copies tolerate overlap.
            unsafe { std::ptr::copy(string.cast::<u8>().add(g * 5), chars.as_mut_ptr(), 5) };
            z85::decode_into(&chars, &mut group).map_err(|e| e.errno())?;
            // SAFETY: as above.
            unsafe { std::ptr::copy(group.as_ptr(), dest.add(g * 4), 4) };
        }
        Ok(dest)
    })
}

/// Writes 41 bytes: the 40 characters of `key` and a NUL.
///
/// # Safety
/// `dest` points to 41 writable bytes.
unsafe fn put_z85_key(dest: *mut c_char, key: &[u8]) {
    let n = key.len().min(40);
    // SAFETY: the caller gives 41 writable bytes; `key` is ours and does
    // not overlap them.
    unsafe {
        std::ptr::copy_nonoverlapping(key.as_ptr(), dest.cast::<u8>(), n);
        dest.add(n).write(0);
    }
}

/// A new CURVE key pair, each key as 40 characters of Z85 plus a NUL into
/// 41-byte buffers. NULL buffers -> EFAULT.
#[no_mangle]
pub unsafe extern "C" fn zmq_curve_keypair(
    z85_public_key: *mut c_char,
    z85_secret_key: *mut c_char,
) -> c_int {
    ffi_guard(-1, || {
        if z85_public_key.is_null() || z85_secret_key.is_null() {
            return Err(libc::EFAULT);
        }
        let (public, secret) = ferromq::curve::keypair().map_err(|e| e.errno())?;
        // SAFETY: per the API, each buffer holds 41 bytes.
        unsafe {
            put_z85_key(z85_public_key, public.as_bytes());
            put_z85_key(z85_secret_key, secret.as_bytes());
        }
        Ok(0)
    })
}

/// The public key of a CURVE secret key, both as Z85 text: the secret as a
/// 40-character C string (anything else -> EINVAL), the public key into a
/// 41-byte buffer. NULL pointers -> EFAULT.
#[no_mangle]
pub unsafe extern "C" fn zmq_curve_public(
    z85_public_key: *mut c_char,
    z85_secret_key: *const c_char,
) -> c_int {
    ffi_guard(-1, || {
        if z85_public_key.is_null() || z85_secret_key.is_null() {
            return Err(libc::EFAULT);
        }
        // SAFETY: a non-NULL secret key is a NUL-terminated C string.
        let secret = unsafe { CStr::from_ptr(z85_secret_key) }.to_bytes();
        let public = ferromq::curve::public_of(secret).map_err(|e| e.errno())?;
        // SAFETY: per the API, the buffer holds 41 bytes.
        unsafe { put_z85_key(z85_public_key, public.as_bytes()) };
        Ok(0)
    })
}

/// The counter behind `zmq_atomic_counter_*` handles; NULL -> EFAULT.
fn counter<'a>(p: *mut c_void) -> Result<&'a AtomicI32, c_int> {
    if p.is_null() {
        return Err(libc::EFAULT);
    }
    // SAFETY: a non-NULL handle comes from zmq_atomic_counter_new and is not
    // yet destroyed (the API's contract, unchecked by libzmq too); it points
    // to a live AtomicI32, shared only through atomic operations.
    Ok(unsafe { &*p.cast_const().cast::<AtomicI32>() })
}

/// A new counter, set to 0.
#[no_mangle]
pub extern "C" fn zmq_atomic_counter_new() -> *mut c_void {
    ffi_guard(std::ptr::null_mut(), || {
        Ok(Box::into_raw(Box::new(AtomicI32::new(0))).cast::<c_void>())
    })
}

#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_set(counter_p: *mut c_void, value: c_int) {
    ffi_guard_void(|| {
        counter(counter_p)?.store(value, Ordering::SeqCst);
        Ok(())
    })
}

/// Adds 1 and returns the value before.
///
/// Wraps at `INT_MAX`, as libzmq's 32-bit counter does. NULL -> -1, EFAULT.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_inc(counter_p: *mut c_void) -> c_int {
    ffi_guard(
        -1,
        || Ok(counter(counter_p)?.fetch_add(1, Ordering::AcqRel)),
    )
}

/// Subtracts 1; returns 0 if the counter is now 0, else 1.
///
/// libzmq's counter is unsigned, so a result below zero is "not zero":
/// 0 -> -1 returns 1. NULL -> -1, EFAULT.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_dec(counter_p: *mut c_void) -> c_int {
    ffi_guard(-1, || {
        let old = counter(counter_p)?.fetch_sub(1, Ordering::AcqRel);
        Ok(c_int::from(old.wrapping_sub(1) != 0))
    })
}

/// The current value. NULL -> -1, EFAULT.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_value(counter_p: *mut c_void) -> c_int {
    ffi_guard(-1, || Ok(counter(counter_p)?.load(Ordering::SeqCst)))
}

/// Frees the counter and sets `*counter_p` to NULL.
///
/// NULL `counter_p` or `*counter_p`: nothing happens.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_destroy(counter_p: *mut *mut c_void) {
    ffi_guard_void(|| {
        if counter_p.is_null() {
            return Ok(());
        }
        // SAFETY: a non-NULL `counter_p` points to a handle variable.
        let p = unsafe { counter_p.read() };
        if !p.is_null() {
            // SAFETY: the handle came from zmq_atomic_counter_new
            // (Box<AtomicI32>) and is destroyed only here, once.
            drop(unsafe { Box::from_raw(p.cast::<AtomicI32>()) });
        }
        // SAFETY: as above.
        unsafe { counter_p.write(std::ptr::null_mut()) };
        Ok(())
    })
}

/// Starts a stopwatch (monotonic clock).
#[no_mangle]
pub extern "C" fn zmq_stopwatch_start() -> *mut c_void {
    ffi_guard(std::ptr::null_mut(), || {
        Ok(Box::into_raw(Box::new(Instant::now())).cast::<c_void>())
    })
}

fn elapsed_us(watch: *mut c_void) -> Result<c_ulong, c_int> {
    if watch.is_null() {
        return Err(libc::EFAULT);
    }
    // SAFETY: a non-NULL watch comes from zmq_stopwatch_start and has not
    // been stopped (the API's contract); it points to a live Instant.
    let start = unsafe { *watch.cast_const().cast::<Instant>() };
    Ok(c_ulong::try_from(start.elapsed().as_micros()).unwrap_or(c_ulong::MAX))
}

/// Microseconds since `zmq_stopwatch_start`. NULL -> 0, EFAULT.
#[no_mangle]
pub unsafe extern "C" fn zmq_stopwatch_intermediate(watch: *mut c_void) -> c_ulong {
    ffi_guard(0, || elapsed_us(watch))
}

/// Microseconds since `zmq_stopwatch_start`; frees the watch. NULL -> 0, EFAULT.
#[no_mangle]
pub unsafe extern "C" fn zmq_stopwatch_stop(watch: *mut c_void) -> c_ulong {
    ffi_guard(0, || {
        let us = elapsed_us(watch)?;
        // SAFETY: checked non-NULL; from zmq_stopwatch_start
        // (Box<Instant>), freed only here, once.
        drop(unsafe { Box::from_raw(watch.cast::<Instant>()) });
        Ok(us)
    })
}

/// Sleeps `seconds` seconds.
///
/// `sleep(3)`, as libzmq: a caught signal ends it early. Negative: returns
/// at once (libzmq would pass it to `sleep` as a huge unsigned value).
#[no_mangle]
pub extern "C" fn zmq_sleep(seconds: c_int) {
    ffi_guard_void(|| {
        if let Ok(s) = u32::try_from(seconds) {
            if s > 0 {
                // SAFETY: sleep has no memory-safety preconditions.
                unsafe { libc::sleep(s) };
            }
        }
        Ok(())
    })
}

/// What the new thread runs.
struct ThreadStart {
    func: zmq_thread_fn,
    arg: *mut c_void,
}

/// The thread name libzmq gives `zmq_threadstart` threads.
const APP_THREAD_NAME: &CStr = c"ZMQapp";

/// Entry of `zmq_threadstart` threads: like libzmq's `thread_routine`, block
/// every signal (they go to other threads), name the thread "ZMQapp", then
/// run the function.
extern "C" fn thread_main(start: *mut c_void) -> *mut c_void {
    ffi_guard_void(|| {
        // SAFETY: `start` is the Box<ThreadStart> leaked by zmq_threadstart
        // for this thread alone.
        let start = unsafe { Box::from_raw(start.cast::<ThreadStart>()) };
        // SAFETY: sigfillset initialises `set`; pthread_sigmask and
        // pthread_setname_np get valid pointers (a NUL-terminated name of
        // at most 15 bytes). Failures are ignored, as libzmq ignores the
        // name's.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigfillset(&mut set);
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
            libc::pthread_setname_np(libc::pthread_self(), APP_THREAD_NAME.as_ptr());
        }
        // SAFETY: the caller of zmq_threadstart gave a function taking
        // `arg`; it is C and does not unwind.
        unsafe { (start.func)(start.arg) };
        Ok(())
    });
    std::ptr::null_mut()
}

/// Starts a thread running `func(arg)`; returns a handle for `zmq_threadclose`.
///
/// A plain pthread with default attributes, as libzmq's. NULL `func` ->
/// NULL, EFAULT; thread creation failure -> NULL with its errno.
#[no_mangle]
pub unsafe extern "C" fn zmq_threadstart(
    func: Option<zmq_thread_fn>,
    arg: *mut c_void,
) -> *mut c_void {
    ffi_guard(std::ptr::null_mut(), || {
        let func = func.ok_or(libc::EFAULT)?;
        let start = Box::into_raw(Box::new(ThreadStart { func, arg }));
        let mut tid = std::mem::MaybeUninit::<libc::pthread_t>::uninit();
        // SAFETY: `tid` is writable; NULL attributes mean the defaults;
        // `thread_main` takes ownership of `start` if the thread starts.
        let rc = unsafe {
            libc::pthread_create(
                tid.as_mut_ptr(),
                std::ptr::null(),
                thread_main,
                start.cast::<c_void>(),
            )
        };
        if rc != 0 {
            // SAFETY: no thread was created, so `start` is still ours.
            drop(unsafe { Box::from_raw(start) });
            return Err(rc);
        }
        // SAFETY: pthread_create succeeded and wrote the thread id.
        let tid = unsafe { tid.assume_init() };
        Ok(Box::into_raw(Box::new(tid)).cast::<c_void>())
    })
}

/// Waits for the thread to end and frees the handle. NULL -> nothing.
#[no_mangle]
pub unsafe extern "C" fn zmq_threadclose(thread: *mut c_void) {
    ffi_guard_void(|| {
        if thread.is_null() {
            return Ok(());
        }
        // SAFETY: the handle came from zmq_threadstart (Box<pthread_t>) and
        // is closed only here, once.
        let tid = unsafe { Box::from_raw(thread.cast::<libc::pthread_t>()) };
        // SAFETY: the thread is joinable (created with default attributes)
        // and joined only here, once.
        let rc = unsafe { libc::pthread_join(*tid, std::ptr::null_mut()) };
        if rc != 0 {
            return Err(rc);
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundary::set_errno;
    use crate::constants::{EFSM, EMTHREAD, ENOCOMPATPROTO, ETERM};

    #[test]
    fn curve_keys() {
        let mut public = [0 as c_char; 41];
        let mut secret = [0 as c_char; 41];
        // SAFETY: two 41-byte buffers, as the API asks.
        let rc = unsafe { zmq_curve_keypair(public.as_mut_ptr(), secret.as_mut_ptr()) };
        assert_eq!(rc, 0);
        let mut derived = [0 as c_char; 41];
        // SAFETY: a writable 41-byte buffer and the C string just written.
        let rc = unsafe { zmq_curve_public(derived.as_mut_ptr(), secret.as_ptr()) };
        assert_eq!(rc, 0);
        assert_eq!(public, derived);
        assert_eq!(public[40], 0);
        set_errno(0);
        // SAFETY: a writable buffer and a C string.
        let rc = unsafe { zmq_curve_public(derived.as_mut_ptr(), c"not z85".as_ptr()) };
        assert_eq!((rc, get_errno()), (-1, libc::EINVAL));
        // SAFETY: a valid C string.
        assert_eq!(unsafe { zmq_has(c"curve".as_ptr()) }, 1);
    }

    #[test]
    fn strerror_texts_are_static_and_stable() {
        for e in [EFSM, ENOCOMPATPROTO, ETERM, EMTHREAD, libc::EHOSTUNREACH] {
            let p = zmq_strerror(e);
            assert_eq!(p, zmq_strerror(e));
            // SAFETY: zmq_strerror returns a NUL-terminated string.
            let s = unsafe { CStr::from_ptr(p) }.to_str().unwrap();
            assert_eq!(Some(s), ferromq::error::zmq_own_strerror(e));
        }
    }

    #[test]
    fn null_arguments_do_not_crash() {
        // SAFETY: every call below is given NULL where the function must
        // cope with it.
        unsafe {
            zmq_version(
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            );
            assert_eq!(zmq_has(std::ptr::null()), 0);
            set_errno(0);
            assert_eq!(zmq_atomic_counter_inc(std::ptr::null_mut()), -1);
            assert_eq!(get_errno(), libc::EFAULT);
            assert_eq!(zmq_atomic_counter_dec(std::ptr::null_mut()), -1);
            assert_eq!(zmq_atomic_counter_value(std::ptr::null_mut()), -1);
            zmq_atomic_counter_set(std::ptr::null_mut(), 3);
            zmq_atomic_counter_destroy(std::ptr::null_mut());
            let mut p: *mut c_void = std::ptr::null_mut();
            zmq_atomic_counter_destroy(&mut p);
            assert_eq!(zmq_stopwatch_stop(std::ptr::null_mut()), 0);
            assert_eq!(zmq_stopwatch_intermediate(std::ptr::null_mut()), 0);
            zmq_threadclose(std::ptr::null_mut());
            set_errno(0);
            assert!(zmq_threadstart(None, std::ptr::null_mut()).is_null());
            assert_eq!(get_errno(), libc::EFAULT);
            set_errno(0);
            assert!(zmq_z85_decode(std::ptr::null_mut(), std::ptr::null()).is_null());
            assert_eq!(get_errno(), libc::EFAULT);
            set_errno(0);
            assert!(zmq_z85_decode(std::ptr::null_mut(), c"HelloWorld".as_ptr()).is_null());
            assert_eq!(get_errno(), libc::EFAULT);
            set_errno(0);
            assert!(zmq_z85_encode(std::ptr::null_mut(), std::ptr::null(), 4).is_null());
            assert_eq!(get_errno(), libc::EFAULT);
            set_errno(0);
            assert!(zmq_z85_encode(std::ptr::null_mut(), std::ptr::null(), 3).is_null());
            assert_eq!(get_errno(), libc::EINVAL);
        }
    }

    #[test]
    fn z85_through_the_c_abi() {
        let data = [0x86u8, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];
        let mut text = [0x55 as c_char; 11];
        // SAFETY: an 11-byte destination for 8 bytes, as the API asks.
        let r = unsafe { zmq_z85_encode(text.as_mut_ptr(), data.as_ptr(), 8) };
        assert_eq!(r, text.as_mut_ptr());
        // SAFETY: NUL-terminated by zmq_z85_encode.
        assert_eq!(unsafe { CStr::from_ptr(r) }, c"HelloWorld");
        let mut back = [0u8; 8];
        // SAFETY: an 8-byte destination for 10 characters.
        let r = unsafe { zmq_z85_decode(back.as_mut_ptr(), text.as_ptr()) };
        assert_eq!(r, back.as_mut_ptr());
        assert_eq!(back, data);
    }
}
