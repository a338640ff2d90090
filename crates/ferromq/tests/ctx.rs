//! Contexts: options, shutdown interrupting blocking calls with ETERM, term
//! waiting for sockets (and their lingering messages).

mod util;

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use ferromq::{opt, sockopt, Context, Error, SocketType};
use util::*;

const WAIT: Duration = Duration::from_millis(TIMEOUT_MS as u64);

#[test]
fn options() {
    let ctx = Context::new();
    assert_eq!(ctx.get(opt::ZMQ_IO_THREADS).unwrap(), 1);
    assert_eq!(ctx.get(opt::ZMQ_MAX_SOCKETS).unwrap(), 1023);
    assert_eq!(ctx.get(opt::ZMQ_SOCKET_LIMIT).unwrap(), 65535);
    assert_eq!(ctx.get(opt::ZMQ_IPV6_CTX).unwrap(), 0);
    assert_eq!(ctx.get(opt::ZMQ_BLOCKY).unwrap(), 1);
    ctx.set(opt::ZMQ_IO_THREADS, 2).unwrap();
    assert_eq!(ctx.get(opt::ZMQ_IO_THREADS).unwrap(), 2);
    assert_err(ctx.set(opt::ZMQ_IO_THREADS, -1), Error::Inval);
    assert_err(ctx.set(opt::ZMQ_MAX_SOCKETS, 0), Error::Inval);
    assert_err(ctx.set(12345, 1), Error::Inval);
    assert_err(ctx.get(12345), Error::Inval);
    ctx.term().unwrap();
}

#[test]
fn max_sockets() {
    let ctx = Context::new();
    ctx.set(opt::ZMQ_MAX_SOCKETS, 2).unwrap();
    let a = ctx.socket(SocketType::Pair).unwrap();
    let b = ctx.socket(SocketType::Pair).unwrap();
    assert_err(ctx.socket(SocketType::Pair), Error::MFile);
    drop(a);
    let c = ctx.socket(SocketType::Pair).unwrap();
    drop((b, c));
    ctx.term().unwrap();
}

#[test]
fn no_io_threads() {
    // Without I/O threads only inproc works.
    let ctx = Context::new();
    ctx.set(opt::ZMQ_IO_THREADS, 0).unwrap();
    let mut s = socket(&ctx, SocketType::Pair);
    assert_err(s.bind("tcp://127.0.0.1:*"), Error::MThread);
    s.bind(&inproc_endpoint()).unwrap();
    drop(s);
    ctx.term().unwrap();
}

#[test]
fn shutdown_interrupts_blocking_recv() {
    let ctx = Context::new();
    let mut s = socket(&ctx, SocketType::Pull);
    s.set(sockopt::RCVTIMEO, 2 * TIMEOUT_MS).unwrap();
    bind(&mut s, Transport::Inproc);
    let (tx, rx) = mpsc::channel();
    let t = thread::spawn(move || {
        tx.send(()).unwrap();
        let r = s.recv(0);
        drop(s);
        r.map(|_| ())
    });
    rx.recv().unwrap();
    // Give the thread time to block (not needed for the outcome: a call
    // made after shutdown fails with ETERM as well).
    thread::sleep(Duration::from_millis(20));
    ctx.shutdown();
    assert_eq!(t.join().unwrap(), Err(Error::Term));
    ctx.term().unwrap();
}

#[test]
fn shutdown_interrupts_blocking_send() {
    let ctx = Context::new();
    let mut s = socket(&ctx, SocketType::Push);
    s.set(sockopt::SNDTIMEO, 2 * TIMEOUT_MS).unwrap();
    // No peer: a PUSH send blocks.
    bind(&mut s, Transport::Tcp);
    let t = thread::spawn(move || s.send_bytes(b"stuck", 0));
    thread::sleep(Duration::from_millis(20));
    ctx.shutdown();
    assert_eq!(t.join().unwrap(), Err(Error::Term));
    ctx.term().unwrap();
}

#[test]
fn after_shutdown_everything_is_eterm() {
    let ctx = Context::new();
    let mut s = socket(&ctx, SocketType::Dealer);
    ctx.shutdown();
    assert_err(ctx.socket(SocketType::Dealer), Error::Term);
    assert_err(s.send_bytes(b"x", 0), Error::Term);
    assert_err(s.recv(0), Error::Term);
    assert_err(s.bind(&inproc_endpoint()), Error::Term);
    assert_err(s.connect("tcp://127.0.0.1:5555"), Error::Term);
    assert_eq!(Error::Term.errno(), ferromq::error::ETERM);
    // Closing is still allowed, and lets term finish.
    s.close();
    ctx.term().unwrap();
}

#[test]
fn term_waits_for_open_sockets() {
    let ctx = Context::new();
    let mut s = socket(&ctx, SocketType::Sub);
    s.set(sockopt::RCVTIMEO, 2 * TIMEOUT_MS).unwrap();
    let (got_term_tx, got_term) = mpsc::channel();
    let (go, go_rx) = mpsc::channel::<()>();
    let holder = thread::spawn(move || {
        let r = s.recv(0).map(|_| ());
        got_term_tx.send(r).unwrap();
        // Keep the socket open until told to close it.
        go_rx.recv_timeout(WAIT).unwrap();
        s.close();
    });
    let (done_tx, done) = mpsc::channel();
    let c = ctx.clone();
    let terminator = thread::spawn(move || done_tx.send(c.term()).unwrap());
    // term interrupts the blocked call...
    assert_eq!(got_term.recv_timeout(WAIT).unwrap(), Err(Error::Term));
    // ...but does not return while the socket is open.
    assert_eq!(
        done.recv_timeout(Duration::from_millis(ABSENT_MS as u64)),
        Err(mpsc::RecvTimeoutError::Timeout)
    );
    go.send(()).unwrap();
    assert_eq!(done.recv_timeout(WAIT).unwrap(), Ok(()));
    holder.join().unwrap();
    terminator.join().unwrap();
}

#[test]
fn term_delivers_lingering_messages() {
    // The receiver lives in another context, so that term of the sender's
    // context has to wait for the messages to leave.
    let rx_ctx = ctx();
    let mut pull = socket(&rx_ctx, SocketType::Pull);
    let ep = bind_tcp(&mut pull);
    let tx_ctx = Context::new();
    let mut push = tx_ctx.socket(SocketType::Push).unwrap();
    push.set(sockopt::LINGER, 2 * TIMEOUT_MS).unwrap();
    push.connect(&ep).unwrap();
    for i in 0..100u32 {
        push.send_bytes(&i.to_be_bytes(), 0).unwrap();
    }
    push.close();
    tx_ctx.term().unwrap();
    for i in 0..100u32 {
        assert_eq!(pull.recv_bytes(0).unwrap(), i.to_be_bytes());
    }
}

#[test]
fn linger_zero_discards() {
    let tx_ctx = Context::new();
    let mut push = tx_ctx.socket(SocketType::Push).unwrap();
    push.set(sockopt::LINGER, 0).unwrap();
    // Nobody listens there: without linger term does not wait.
    push.connect("tcp://127.0.0.1:1").unwrap();
    push.send_bytes(b"lost", 0).unwrap();
    push.close();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || tx.send(tx_ctx.term()).unwrap());
    assert_eq!(rx.recv_timeout(WAIT).unwrap(), Ok(()));
}

#[test]
fn contexts_are_independent() {
    // inproc names are per context.
    let a = ctx();
    let b = ctx();
    let ep = inproc_endpoint();
    let mut sa = socket(&a, SocketType::Pair);
    sa.bind(&ep).unwrap();
    let mut sb = socket(&b, SocketType::Pair);
    sb.bind(&ep).unwrap();
    let mut sa2 = socket(&a, SocketType::Pair);
    assert_err(sa2.bind(&ep), Error::AddrInUse);
}

/// The scheduling policy (field 41 of /proc/self/task/TID/stat) of this
/// process's thread named `name`, waiting for it to exist.
fn thread_policy(name: &str) -> Option<u32> {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        for e in std::fs::read_dir("/proc/self/task").unwrap().flatten() {
            let dir = e.path();
            let comm = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
            if comm.trim_end() == name {
                let stat = std::fs::read_to_string(dir.join("stat")).ok()?;
                let rest = &stat[stat.rfind(')')? + 2..];
                return rest.split(' ').nth(41 - 3)?.parse().ok();
            }
        }
        if std::time::Instant::now() > deadline {
            return None;
        }
        thread::sleep(Duration::from_millis(5));
    }
}

/// How many CPUs the calling thread may run on.
fn allowed_cpus() -> usize {
    // SAFETY: cpu_set_t is plain data; the kernel fills it in.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        assert_eq!(
            libc::sched_getaffinity(0, std::mem::size_of_val(&set), &mut set),
            0
        );
        libc::CPU_COUNT(&set) as usize
    }
}

/// Pins the calling thread to the CPU it is on.
fn pin_here() {
    // SAFETY: as above; sched_getcpu has no preconditions.
    unsafe {
        let cpu = libc::sched_getcpu();
        assert!(cpu >= 0);
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu as usize, &mut set);
        assert_eq!(
            libc::sched_setaffinity(0, std::mem::size_of_val(&set), &set),
            0
        );
    }
}

/// Makes a context with thread name prefix `prefix` (tests run in parallel
/// in one process) and `policy` if given, starts its I/O thread and returns
/// that thread's scheduling policy.
fn io_policy(prefix: i32, policy: Option<i32>) -> Option<u32> {
    let ctx = Context::new();
    ctx.set(opt::ZMQ_THREAD_NAME_PREFIX, prefix).unwrap();
    if let Some(p) = policy {
        ctx.set(opt::ZMQ_THREAD_SCHED_POLICY, p).unwrap();
    }
    let s = ctx.socket(SocketType::Push).unwrap();
    let got = thread_policy(&format!("{prefix}/ZMQbg/IO/0"));
    drop(s);
    ctx.term().unwrap();
    got
}

#[test]
fn io_thread_policy() {
    const SCHED_OTHER: u32 = 0;
    const SCHED_BATCH: u32 = 3;
    // Default: libzmq's (SCHED_OTHER), unless the thread making the first
    // socket may only run on one CPU: then SCHED_BATCH.
    let expect = if allowed_cpus() == 1 {
        SCHED_BATCH
    } else {
        SCHED_OTHER
    };
    assert_eq!(io_policy(41, None), Some(expect));
    let pinned = thread::spawn(|| {
        pin_here();
        (io_policy(42, None), io_policy(43, Some(SCHED_OTHER as i32)))
    })
    .join()
    .unwrap();
    assert_eq!(pinned, (Some(SCHED_BATCH), Some(SCHED_OTHER)));
    // Asked for explicitly.
    assert_eq!(io_policy(44, Some(SCHED_BATCH as i32)), Some(SCHED_BATCH));
}
