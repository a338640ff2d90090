//! Dropping every handle of a context without `term()` terminates it as
//! `term()` would: its I/O threads end and their descriptors close, after
//! lingering messages went out. One test in its own binary: it counts the
//! process's threads and descriptors.

use std::time::{Duration, Instant};

use ferromq::{Context, SocketType};

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").unwrap().count()
}

fn fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

/// Waits (bounded) until the counts are back at `base`; returns the last
/// counts seen.
fn settle(base: (usize, usize)) -> (usize, usize) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let now = (threads(), fds());
        if now == base || Instant::now() > deadline {
            return now;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn dropped_contexts_release_threads_and_fds() {
    // Warm up process-wide state (the buffer pool, std's own lazies).
    {
        let ctx = Context::new();
        let mut s = ctx.socket(SocketType::Pull).unwrap();
        s.bind("tcp://127.0.0.1:*").unwrap();
        s.close();
        ctx.term().unwrap();
    }
    let base = (threads(), fds());

    // Sockets closed (or dropped) before the context.
    for _ in 0..25 {
        let ctx = Context::new();
        let mut pull = ctx.socket(SocketType::Pull).unwrap();
        pull.bind("tcp://127.0.0.1:*").unwrap();
        let ep = pull.get(ferromq::sockopt::LAST_ENDPOINT).unwrap();
        let mut push = ctx.socket(SocketType::Push).unwrap();
        push.connect(&ep).unwrap();
        push.send_bytes(b"hello", 0).unwrap();
        assert_eq!(pull.recv_bytes(0).unwrap(), b"hello");
        let clone = ctx.clone();
        drop(push);
        pull.close();
        drop(ctx);
        drop(clone);
    }
    assert_eq!(
        settle(base),
        base,
        "(threads, fds) after 25 dropped contexts"
    );

    // The context dropped first: its sockets keep it alive, the last one
    // to go terminates it, and a message queued with linger is delivered.
    let receiver = Context::new();
    let mut sink = receiver.socket(SocketType::Pull).unwrap();
    sink.set(ferromq::sockopt::RCVTIMEO, 5000).unwrap();
    sink.bind("tcp://127.0.0.1:*").unwrap();
    let ep = sink.get(ferromq::sockopt::LAST_ENDPOINT).unwrap();
    let base = (threads(), fds());
    for i in 0..25u32 {
        let ctx = Context::new();
        let mut push = ctx.socket(SocketType::Push).unwrap();
        push.set(ferromq::sockopt::LINGER, 5000).unwrap();
        let mut extra = ctx.socket(SocketType::Pub).unwrap();
        extra.bind("tcp://127.0.0.1:*").unwrap();
        drop(ctx);
        push.connect(&ep).unwrap();
        push.send_bytes(&i.to_be_bytes(), 0).unwrap();
        drop(extra);
        drop(push);
        // Dropping the last socket waited for the message to go out.
        assert_eq!(sink.recv_bytes(0).unwrap(), i.to_be_bytes());
    }
    assert_eq!(settle(base), base, "(threads, fds) after 25 more");
    drop(sink);
    receiver.term().unwrap();
}
