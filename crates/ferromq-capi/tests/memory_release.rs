//! After a burst of large messages (1 GiB in all, 256 MiB in flight at
//! once), terminating the context gives the memory back to the system:
//! the buffer pool is emptied (it keeps at most its cap anyway) and
//! mimalloc, which otherwise purges freed pages only after a delay during
//! later allocator work, is told to collect. One test in its own binary:
//! it reads the process's resident size.

use std::ffi::c_int;

use zmq::ctx::{zmq_ctx_new, zmq_ctx_term};
use zmq::msg::{
    zmq_msg_close, zmq_msg_data, zmq_msg_init, zmq_msg_init_size, zmq_msg_recv, zmq_msg_send,
};
use zmq::socket::{zmq_bind, zmq_close, zmq_connect, zmq_setsockopt, zmq_socket};
use zmq::types::zmq_msg_t;

const PUSH: c_int = 8;
const PULL: c_int = 7;
const SNDHWM: c_int = 23;
const RCVHWM: c_int = 24;

fn rss_kib() -> usize {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = s.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn terminating_the_context_returns_burst_memory() {
    // SAFETY: the calls follow the libzmq API contract: live handles,
    // initialised messages, NUL-terminated strings.
    unsafe {
        let before = rss_kib();
        let ctx = zmq_ctx_new();
        let push = zmq_socket(ctx, PUSH);
        let pull = zmq_socket(ctx, PULL);
        let zero: c_int = 0;
        for (s, o) in [(push, SNDHWM), (pull, RCVHWM)] {
            assert_eq!(zmq_setsockopt(s, o, (&zero as *const c_int).cast(), 4), 0);
        }
        let ep = c"inproc://memory-release".as_ptr();
        assert_eq!(zmq_bind(pull, ep), 0);
        assert_eq!(zmq_connect(push, ep), 0);
        let mut m = std::mem::MaybeUninit::<zmq_msg_t>::uninit();
        let m = m.as_mut_ptr();
        for size in [64usize << 10, 256 << 10, 1 << 20, 4 << 20] {
            let n = (256 << 20) / size;
            for _ in 0..n {
                assert_eq!(zmq_msg_init_size(m, size), 0);
                std::ptr::write_bytes(zmq_msg_data(m).cast::<u8>(), 1, size);
                assert_eq!(zmq_msg_send(m, push, 0), size as c_int);
            }
            for _ in 0..n {
                assert_eq!(zmq_msg_init(m), 0);
                assert_eq!(zmq_msg_recv(m, pull, 0), size as c_int);
                assert_eq!(zmq_msg_close(m), 0);
            }
        }
        let peak = rss_kib();
        assert_eq!(zmq_close(push), 0);
        assert_eq!(zmq_close(pull), 0);
        assert_eq!(zmq_ctx_term(ctx), 0);
        let after = rss_kib();
        assert!(
            after < before + (64 << 10),
            "resident {before} KiB before, {peak} KiB after the bursts, {after} KiB after zmq_ctx_term"
        );
    }
}
