//! `ferromq::poll`: sockets and plain file descriptors together, timeouts,
//! wake-ups from other threads, and ZMQ_EVENTS.

mod util;

use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::thread;
use std::time::{Duration, Instant};

use ferromq::opt::{ZMQ_POLLIN, ZMQ_POLLOUT};
use ferromq::poll::{poll, PollItem, Target};
use ferromq::{sockopt, Context, Error, Socket, SocketType};
use util::*;

fn item(s: &mut Socket, events: i16) -> PollItem<'_> {
    PollItem {
        target: Target::Socket(s),
        events,
        revents: 0,
    }
}

fn fd_item<'a>(fd: &impl AsRawFd, events: i16) -> PollItem<'a> {
    PollItem {
        target: Target::Fd(fd.as_raw_fd()),
        events,
        revents: 0,
    }
}

#[test]
fn only_ready_sockets_report() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let (mut a, b, _) = bound_pair(&ctx, SocketType::Pair, SocketType::Pair, t);
        let (mut c, mut d, _) = bound_pair(&ctx, SocketType::Pair, SocketType::Pair, t);
        {
            let mut items = [item(&mut a, ZMQ_POLLIN), item(&mut c, ZMQ_POLLIN)];
            assert_eq!(poll(&mut items, 0).unwrap(), 0);
            assert_eq!(items[0].revents, 0);
        }
        send(&mut d, &[b"to c"]);
        {
            let mut items = [item(&mut a, ZMQ_POLLIN), item(&mut c, ZMQ_POLLIN)];
            assert_eq!(poll(&mut items, i64::from(TIMEOUT_MS)).unwrap(), 1);
            assert_eq!(items[0].revents, 0);
            assert_eq!(items[1].revents, ZMQ_POLLIN);
        }
        expect(&mut c, &[b"to c"]);
        // `a`'s peer stayed connected throughout.
        drop(b);
    }
}

#[test]
fn pollout_needs_a_peer() {
    let ctx = ctx();
    let mut push = socket(&ctx, SocketType::Push);
    let ep = bind(&mut push, Transport::Inproc);
    {
        let mut items = [item(&mut push, ZMQ_POLLOUT | ZMQ_POLLIN)];
        assert_eq!(poll(&mut items, 0).unwrap(), 0);
    }
    let mut pull = socket(&ctx, SocketType::Pull);
    pull.connect(&ep).unwrap();
    let mut items = [item(&mut push, ZMQ_POLLOUT | ZMQ_POLLIN)];
    assert_eq!(poll(&mut items, i64::from(TIMEOUT_MS)).unwrap(), 1);
    // Only what was asked for and is true: writable, never readable.
    assert_eq!(items[0].revents, ZMQ_POLLOUT);
}

#[test]
fn sockets_and_a_unix_stream() {
    let ctx = ctx();
    let (mut a, mut b, _) = bound_pair(&ctx, SocketType::Pair, SocketType::Pair, Transport::Inproc);
    let (mut left, right) = UnixStream::pair().unwrap();
    {
        let mut items = [item(&mut a, ZMQ_POLLIN), fd_item(&right, ZMQ_POLLIN)];
        assert_eq!(poll(&mut items, 0).unwrap(), 0);
    }
    left.write_all(b"fd data").unwrap();
    {
        let mut items = [item(&mut a, ZMQ_POLLIN), fd_item(&right, ZMQ_POLLIN)];
        assert_eq!(poll(&mut items, i64::from(TIMEOUT_MS)).unwrap(), 1);
        assert_eq!(items[0].revents, 0);
        assert_eq!(items[1].revents, ZMQ_POLLIN);
    }
    let mut buf = [0u8; 7];
    (&right).read_exact(&mut buf).unwrap();
    send(&mut b, &[b"socket data"]);
    {
        let mut items = [item(&mut a, ZMQ_POLLIN), fd_item(&right, ZMQ_POLLIN)];
        assert_eq!(poll(&mut items, i64::from(TIMEOUT_MS)).unwrap(), 1);
        assert_eq!(items[0].revents, ZMQ_POLLIN);
        assert_eq!(items[1].revents, 0);
    }
    expect(&mut a, &[b"socket data"]);
    // A writable fd, and a hung-up one.
    {
        let mut items = [fd_item(&left, ZMQ_POLLOUT)];
        assert_eq!(poll(&mut items, 0).unwrap(), 1);
        assert_eq!(items[0].revents, ZMQ_POLLOUT);
    }
    drop(left);
    let mut items = [fd_item(&right, ZMQ_POLLIN)];
    assert_eq!(poll(&mut items, i64::from(TIMEOUT_MS)).unwrap(), 1);
    assert_ne!(items[0].revents, 0);
}

#[test]
fn timeout_expires() {
    let ctx = ctx();
    let mut a = socket(&ctx, SocketType::Pair);
    bind(&mut a, Transport::Inproc);
    let start = Instant::now();
    let mut items = [item(&mut a, ZMQ_POLLIN)];
    assert_eq!(poll(&mut items, 50).unwrap(), 0);
    let took = start.elapsed();
    assert!(took >= Duration::from_millis(45), "{took:?}");
    assert!(took < Duration::from_millis(TIMEOUT_MS as u64), "{took:?}");
}

#[test]
fn woken_by_another_thread() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let (mut a, mut b, _) = bound_pair(&ctx, SocketType::Pair, SocketType::Pair, t);
        // Make sure the connection is up before the clock starts.
        send(&mut b, &[b"warm-up"]);
        expect(&mut a, &[b"warm-up"]);
        let sender = thread::spawn(move || {
            thread::sleep(Duration::from_millis(30));
            send(&mut b, &[b"late"]);
            b
        });
        let mut items = [item(&mut a, ZMQ_POLLIN)];
        assert_eq!(poll(&mut items, i64::from(TIMEOUT_MS)).unwrap(), 1);
        assert_eq!(items[0].revents, ZMQ_POLLIN);
        expect(&mut a, &[b"late"]);
        drop(sender.join().unwrap());
    }
}

#[test]
fn events_option() {
    let ctx = ctx();
    let (mut a, mut b, _) =
        bound_pair(&ctx, SocketType::Dealer, SocketType::Dealer, Transport::Tcp);
    send(&mut b, &[b"x"]);
    let ev = eventually("POLLIN", || {
        let ev = a.get(sockopt::EVENTS).unwrap();
        (ev & i32::from(ZMQ_POLLIN) != 0).then_some(ev)
    });
    assert_ne!(ev & i32::from(ZMQ_POLLOUT), 0);
    assert_eq!(i32::from(a.events().unwrap()), ev);
    expect(&mut a, &[b"x"]);
    assert_eq!(a.events().unwrap() & ZMQ_POLLIN, 0);
    // The signalling fd is a real descriptor, stable over time.
    let fd = a.get(sockopt::FD).unwrap();
    assert!(fd >= 0);
    assert_eq!(fd, a.fd());
}

#[test]
fn poll_after_term_fails_with_eterm() {
    let ctx = Context::new();
    let mut a = socket(&ctx, SocketType::Pair);
    bind(&mut a, Transport::Inproc);
    let c = ctx.clone();
    let stopper = thread::spawn(move || {
        thread::sleep(Duration::from_millis(20));
        c.shutdown();
    });
    let mut items = [item(&mut a, ZMQ_POLLIN)];
    let r = poll(&mut items, i64::from(TIMEOUT_MS));
    assert_eq!(r, Err(Error::Term));
    stopper.join().unwrap();
    drop(a);
    ctx.term().unwrap();
}

#[test]
fn empty_poll_sleeps_for_the_timeout() {
    let start = Instant::now();
    assert_eq!(poll(&mut [], 20).unwrap(), 0);
    assert!(start.elapsed() >= Duration::from_millis(19));
}
