//! A successful export leaves errno as the caller had it, also for the
//! calls after which libzmq 4.3 itself leaves errno changed (setsockopt,
//! bind, connect, the first send, ZMQ_EVENTS, zmq_poll, unbind,
//! disconnect, zmq_ctx_new, zmq_init), which the C test
//! `c-tests/test_err_errno_preserved.c` cannot check on both libraries.
//! This links the library itself (with its global allocator, mimalloc).

use std::ffi::{c_char, c_int, c_void};
use std::ptr;

use zmq::ctx::{zmq_ctx_new, zmq_ctx_term, zmq_init, zmq_term};
use zmq::msg::{zmq_msg_close, zmq_msg_init_size, zmq_msg_recv, zmq_msg_send};
use zmq::poll::zmq_poll;
use zmq::socket::{
    zmq_bind, zmq_close, zmq_connect, zmq_disconnect, zmq_getsockopt, zmq_recv, zmq_send,
    zmq_setsockopt, zmq_socket, zmq_unbind,
};
use zmq::types::{zmq_msg_t, zmq_pollitem_t};

fn errno() -> c_int {
    // SAFETY: this thread's errno.
    unsafe { *libc::__errno_location() }
}

fn set_errno(v: c_int) {
    // SAFETY: this thread's errno.
    unsafe { *libc::__errno_location() = v };
}

/// Runs `f` with errno = `sentinel`; asserts errno is unchanged after.
fn keep<R>(what: &str, sentinel: c_int, f: impl FnOnce() -> R) -> R {
    set_errno(sentinel);
    let r = f();
    assert_eq!(errno(), sentinel, "{what} changed errno");
    r
}

const PAIR: c_int = 0;
const PUB: c_int = 1;
const SUB: c_int = 2;
const LINGER: c_int = 17;
const ROUTING_ID: c_int = 5;
const SUBSCRIBE: c_int = 6;
const EVENTS: c_int = 15;
const LAST_ENDPOINT: c_int = 32;
const POLLIN: i16 = 1;

fn int_opt(s: *mut c_void, opt: c_int, v: c_int) -> c_int {
    // SAFETY: a live socket and an int option.
    unsafe { zmq_setsockopt(s, opt, (&v as *const c_int).cast(), 4) }
}

fn round(sentinel: c_int) {
    // SAFETY: the calls follow the libzmq API contract: live handles,
    // buffers of the sizes given, NUL-terminated strings.
    unsafe {
        let ctx = keep("zmq_ctx_new", sentinel, || zmq_ctx_new());
        assert!(!ctx.is_null());
        let a = keep("zmq_socket", sentinel, || zmq_socket(ctx, PAIR));
        let b = keep("zmq_socket", sentinel, || zmq_socket(ctx, PAIR));
        assert!(!a.is_null() && !b.is_null());
        assert_eq!(
            keep("setsockopt LINGER", sentinel, || int_opt(a, LINGER, 0)),
            0
        );
        assert_eq!(
            keep("setsockopt LINGER", sentinel, || int_opt(b, LINGER, 0)),
            0
        );
        let rid = b"abc";
        let rc = keep("setsockopt ROUTING_ID", sentinel, || {
            zmq_setsockopt(a, ROUTING_ID, rid.as_ptr().cast(), rid.len())
        });
        assert_eq!(rc, 0);
        let ep = format!("inproc://errno-{sentinel}\0");
        let ep = ep.as_ptr() as *const c_char;
        assert_eq!(keep("bind inproc", sentinel, || zmq_bind(a, ep)), 0);
        assert_eq!(keep("connect inproc", sentinel, || zmq_connect(b, ep)), 0);
        let rc = keep("first send", sentinel, || {
            zmq_send(a, b"hi".as_ptr().cast(), 2, 0)
        });
        assert_eq!(rc, 2);
        let mut v: c_int = 0;
        let mut len = 4usize;
        let rc = keep("getsockopt EVENTS", sentinel, || {
            zmq_getsockopt(b, EVENTS, (&mut v as *mut c_int).cast(), &mut len)
        });
        assert_eq!(rc, 0);
        assert_ne!(v & c_int::from(POLLIN), 0);
        let mut item = zmq_pollitem_t {
            socket: b,
            fd: 0,
            events: POLLIN,
            revents: 0,
        };
        assert_eq!(
            keep("zmq_poll", sentinel, || zmq_poll(&mut item, 1, 1000)),
            1
        );
        let mut buf = [0u8; 16];
        let rc = keep("recv", sentinel, || {
            zmq_recv(b, buf.as_mut_ptr().cast(), 16, 0)
        });
        assert_eq!(rc, 2);
        // A large body through the message API (allocator paths).
        let mut m = std::mem::MaybeUninit::<zmq_msg_t>::uninit();
        let m = m.as_mut_ptr();
        for size in [70_000usize, 1 << 20, 8 << 20] {
            assert_eq!(
                keep("msg_init_size", sentinel, || zmq_msg_init_size(m, size)),
                0
            );
            assert_eq!(
                keep("msg_send", sentinel, || zmq_msg_send(m, a, 0)),
                size as c_int
            );
            assert_eq!(
                keep("msg_recv", sentinel, || zmq_msg_recv(m, b, 0)),
                size as c_int
            );
            assert_eq!(keep("msg_close", sentinel, || zmq_msg_close(m)), 0);
        }

        // tcp: bind, subscribe, connect, disconnect, unbind.
        let publ = keep("zmq_socket PUB", sentinel, || zmq_socket(ctx, PUB));
        let sub = keep("zmq_socket SUB", sentinel, || zmq_socket(ctx, SUB));
        assert_eq!(
            keep("setsockopt LINGER", sentinel, || int_opt(publ, LINGER, 0)),
            0
        );
        let wildcard = c"tcp://127.0.0.1:*".as_ptr();
        assert_eq!(keep("bind tcp", sentinel, || zmq_bind(publ, wildcard)), 0);
        let mut ep = [0u8; 256];
        let mut len = ep.len();
        let rc = keep("LAST_ENDPOINT", sentinel, || {
            zmq_getsockopt(publ, LAST_ENDPOINT, ep.as_mut_ptr().cast(), &mut len)
        });
        assert_eq!(rc, 0);
        let ep = ep.as_ptr() as *const c_char;
        let rc = keep("setsockopt SUBSCRIBE", sentinel, || {
            zmq_setsockopt(sub, SUBSCRIBE, ptr::null(), 0)
        });
        assert_eq!(rc, 0);
        assert_eq!(keep("connect tcp", sentinel, || zmq_connect(sub, ep)), 0);
        assert_eq!(keep("disconnect", sentinel, || zmq_disconnect(sub, ep)), 0);
        assert_eq!(keep("unbind", sentinel, || zmq_unbind(publ, ep)), 0);
        for s in [sub, publ, a, b] {
            assert_eq!(keep("zmq_close", sentinel, || zmq_close(s)), 0);
        }
        assert_eq!(keep("zmq_ctx_term", sentinel, || zmq_ctx_term(ctx)), 0);

        let ctx = keep("zmq_init", sentinel, || zmq_init(1));
        assert!(!ctx.is_null());
        assert_eq!(keep("zmq_term", sentinel, || zmq_term(ctx)), 0);
    }
}

#[test]
fn successful_exports_keep_errno() {
    round(0);
    round(12345);
    round(libc::EAGAIN);
}
