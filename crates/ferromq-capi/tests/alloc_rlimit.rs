//! Copies of a caller's data that cannot be allocated fail with ENOMEM
//! where libzmq 4.3 itself aborts (an errno_assert, or an uncaught
//! std::bad_alloc), so `c-tests/test_err_alloc_rlimit.c`, which runs on
//! both libraries, cannot check them: SUBSCRIBE/UNSUBSCRIBE on SUB,
//! METADATA, SOCKS_PROXY, XPUB_WELCOME_MSG with a 1 GiB value. Sizes no
//! object can have (above PTRDIFF_MAX) are refused with EINVAL by the calls
//! that would not copy them. The address space is limited (RLIMIT_AS) to
//! what the process uses plus 192 MiB: one test in its own binary.

use std::ffi::{c_int, c_void};

use zmq::ctx::{zmq_ctx_new, zmq_ctx_term};
use zmq::msg::{zmq_msg_close, zmq_msg_init_data};
use zmq::socket::{
    zmq_bind, zmq_close, zmq_connect, zmq_recv, zmq_send, zmq_send_const, zmq_setsockopt,
    zmq_socket,
};
use zmq::types::zmq_msg_t;

const GIB: usize = 1 << 30;

const PUB: c_int = 1;
const SUB: c_int = 2;
const ROUTER: c_int = 6;
const XPUB: c_int = 9;
const SUBSCRIBE: c_int = 6;
const UNSUBSCRIBE: c_int = 7;
const RCVTIMEO: c_int = 27;
const LINGER: c_int = 17;
const SOCKS_PROXY: c_int = 68;
const XPUB_WELCOME_MSG: c_int = 72;
const CONNECT_ROUTING_ID: c_int = 61;
const METADATA: c_int = 95;

fn errno() -> c_int {
    // SAFETY: this thread's errno.
    unsafe { *libc::__errno_location() }
}

fn vm_size() -> usize {
    let s = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: usize = s.split_whitespace().next().unwrap().parse().unwrap();
    // SAFETY: sysconf has no preconditions.
    pages * unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize
}

fn map(n: usize) -> *mut u8 {
    // SAFETY: an anonymous private mapping; checked below.
    let p = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            n,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    assert_ne!(p, libc::MAP_FAILED);
    p.cast()
}

/// `rc` is -1 with errno `want`.
#[track_caller]
fn fails(rc: c_int, want: c_int) {
    assert_eq!((rc, errno()), (-1, want));
}

fn set(s: *mut c_void, opt: c_int, val: *const u8, len: usize) -> c_int {
    // SAFETY: a live socket; `val` has `len` readable bytes (or the call
    // is refused on the length before reading).
    unsafe { zmq_setsockopt(s, opt, val.cast(), len) }
}

fn int(s: *mut c_void, opt: c_int, v: c_int) -> c_int {
    set(s, opt, (&v as *const c_int).cast(), 4)
}

extern "C" fn nop_free(_: *mut c_void, _: *mut c_void) {}

#[test]
fn caller_sized_copies_fail_with_enomem() {
    // SAFETY: the calls follow the libzmq API contract: live handles,
    // buffers of the sizes given (the 1 GiB ones are mapped), C strings.
    unsafe {
        let ctx = zmq_ctx_new();
        let publ = zmq_socket(ctx, PUB);
        let sub = zmq_socket(ctx, SUB);
        let xpub = zmq_socket(ctx, XPUB);
        let router = zmq_socket(ctx, ROUTER);
        for s in [publ, sub, xpub, router] {
            assert!(!s.is_null());
            assert_eq!(int(s, LINGER, 0), 0);
        }
        assert_eq!(int(sub, RCVTIMEO, 5000), 0);
        let ep = c"inproc://alloc-rlimit".as_ptr();
        assert_eq!(zmq_bind(publ, ep), 0);
        assert_eq!(zmq_connect(sub, ep), 0);
        assert_eq!(set(sub, SUBSCRIBE, b"t".as_ptr(), 1), 0);

        // "X-k:" then 1 GiB of value, for METADATA.
        let big = map(GIB + 4);
        std::ptr::copy_nonoverlapping(b"X-k:".as_ptr(), big, 4);

        let mut rl = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        assert_eq!(libc::getrlimit(libc::RLIMIT_AS, &mut rl), 0);
        rl.rlim_cur = (vm_size() + (192 << 20)) as libc::rlim_t;
        assert_eq!(libc::setrlimit(libc::RLIMIT_AS, &rl), 0);
        assert!(
            Vec::<u8>::new().try_reserve_exact(GIB).is_err(),
            "the limit took effect: vm {} limit {}",
            vm_size(),
            rl.rlim_cur
        );

        fails(set(sub, SUBSCRIBE, big, GIB), libc::ENOMEM);
        fails(set(sub, UNSUBSCRIBE, big, GIB), libc::ENOMEM);
        fails(set(router, METADATA, big, GIB + 4), libc::ENOMEM);
        fails(set(router, SOCKS_PROXY, big, GIB), libc::ENOMEM);
        fails(set(xpub, XPUB_WELCOME_MSG, big, GIB), libc::ENOMEM);
        // Length limits come before any copy.
        fails(set(router, CONNECT_ROUTING_ID, big, GIB), libc::EINVAL);
        // No object is larger than PTRDIFF_MAX.
        fails(set(sub, SUBSCRIBE, big, usize::MAX), libc::EINVAL);
        fails(set(router, METADATA, big, usize::MAX), libc::EINVAL);
        fails(
            zmq_send_const(publ, big.cast(), usize::MAX, 0),
            libc::EINVAL,
        );
        let mut m = std::mem::MaybeUninit::<zmq_msg_t>::uninit();
        fails(
            zmq_msg_init_data(
                m.as_mut_ptr(),
                big.cast(),
                usize::MAX,
                Some(nop_free),
                std::ptr::null_mut(),
            ),
            libc::EINVAL,
        );
        // Without a copy, 1 GiB is fine.
        assert_eq!(
            zmq_msg_init_data(
                m.as_mut_ptr(),
                big.cast(),
                GIB,
                Some(nop_free),
                std::ptr::null_mut()
            ),
            0
        );
        assert_eq!(zmq_msg_close(m.as_mut_ptr()), 0);

        // The subscription "t" still filters, and messages flow.
        let mut buf = [0u8; 16];
        assert_eq!(zmq_send(publ, b"x-no".as_ptr().cast(), 4, 0), 4);
        assert_eq!(zmq_send(publ, b"t-yes".as_ptr().cast(), 5, 0), 5);
        assert_eq!(zmq_recv(sub, buf.as_mut_ptr().cast(), 16, 0), 5);
        assert_eq!(&buf[..5], b"t-yes");
        // Small values still work under the limit.
        assert_eq!(set(sub, SUBSCRIBE, b"u".as_ptr(), 1), 0);
        assert_eq!(set(router, METADATA, c"X-k:v".as_ptr().cast(), 5), 0);

        for s in [publ, sub, xpub, router] {
            assert_eq!(zmq_close(s), 0);
        }
        assert_eq!(zmq_ctx_term(ctx), 0);
    }
}
