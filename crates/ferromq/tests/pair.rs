//! PAIR: one peer, both directions, over every transport.

mod util;

use ferromq::{sockopt, Error, Msg, SocketType, DONTWAIT, SNDMORE};
use util::*;

#[test]
fn exchange_both_ways() {
    for t in ALL {
        let ctx = ctx();
        let (mut a, mut b, _) = bound_pair(&ctx, SocketType::Pair, SocketType::Pair, t);
        send(&mut b, &[b"ping"]);
        expect(&mut a, &[b"ping"]);
        send(&mut a, &[b"pong"]);
        expect(&mut b, &[b"pong"]);
    }
}

#[test]
fn multipart_is_atomic_and_ordered() {
    for t in ALL {
        let ctx = ctx();
        let (mut a, mut b, _) = bound_pair(&ctx, SocketType::Pair, SocketType::Pair, t);
        for i in 0..10u8 {
            b.send_multipart([&[i][..], b"", b"third"], 0).unwrap();
        }
        for i in 0..10u8 {
            let m = a.recv(0).unwrap();
            assert_eq!(m.as_slice(), &[i]);
            assert!(m.more() && a.rcvmore() && a.get(sockopt::RCVMORE).unwrap());
            let m = a.recv(0).unwrap();
            assert!(m.is_empty() && m.more());
            let m = a.recv(0).unwrap();
            assert_eq!(m.as_slice(), b"third");
            assert!(!m.more() && !a.rcvmore() && !a.get(sockopt::RCVMORE).unwrap());
        }
    }
}

#[test]
fn large_message() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let (mut a, mut b, _) = bound_pair(&ctx, SocketType::Pair, SocketType::Pair, t);
        let big: Vec<u8> = (0..1_000_000u32).map(|i| i as u8).collect();
        b.send_bytes(&big, 0).unwrap();
        assert_eq!(a.recv_bytes(0).unwrap(), big);
    }
}

#[test]
fn send_and_recv_with_msg() {
    let ctx = ctx();
    let (mut a, mut b, _) = bound_pair(&ctx, SocketType::Pair, SocketType::Pair, Transport::Tcp);
    let mut m = Msg::from(&b"head"[..]);
    b.send(&mut m, SNDMORE).unwrap();
    assert!(m.is_empty(), "a sent message is taken");
    let mut m = Msg::from(&b"tail"[..]);
    b.send(&mut m, 0).unwrap();
    let head = a.recv(0).unwrap();
    assert_eq!(head.as_slice(), b"head");
    assert!(head.more());
    assert_eq!(a.recv(0).unwrap().as_slice(), b"tail");
}

#[test]
fn connect_before_bind_inproc() {
    let ctx = ctx();
    let ep = inproc_endpoint();
    let mut b = socket(&ctx, SocketType::Pair);
    b.connect(&ep).unwrap();
    // Queued before the binder exists.
    send(&mut b, &[b"early"]);
    let mut a = socket(&ctx, SocketType::Pair);
    a.bind(&ep).unwrap();
    expect(&mut a, &[b"early"]);
    send(&mut a, &[b"reply"]);
    expect(&mut b, &[b"reply"]);
}

#[test]
fn no_peer_would_block() {
    let ctx = ctx();
    let mut a = socket(&ctx, SocketType::Pair);
    bind(&mut a, Transport::Inproc);
    assert_err(a.send_bytes(b"x", DONTWAIT), Error::Again);
    assert_err(a.recv(DONTWAIT), Error::Again);
    // Timeouts end in EAGAIN too.
    a.set(sockopt::RCVTIMEO, 20).unwrap();
    a.set(sockopt::SNDTIMEO, 20).unwrap();
    assert_err(a.recv(0), Error::Again);
    assert_err(a.send_bytes(b"x", 0), Error::Again);
}

#[test]
fn socket_type_and_options() {
    let ctx = ctx();
    let mut a = socket(&ctx, SocketType::Pair);
    assert_eq!(a.socket_type(), SocketType::Pair);
    assert_eq!(a.get(sockopt::TYPE).unwrap(), SocketType::Pair.raw());
    assert_eq!(a.get(sockopt::RCVTIMEO).unwrap(), TIMEOUT_MS);
    assert_eq!(a.get(sockopt::LINGER).unwrap(), 0);
    assert!(!a.get(sockopt::THREAD_SAFE).unwrap());
    a.set(sockopt::SNDHWM, 7).unwrap();
    assert_eq!(a.get(sockopt::SNDHWM).unwrap(), 7);
    assert_err(a.set(sockopt::SNDHWM, -1), Error::Inval);
    // Bad endpoints.
    assert_err(a.bind("nope://x"), Error::ProtoNoSupport);
    assert_err(a.connect("tcp://"), Error::Inval);
    assert_err(a.unbind("tcp://127.0.0.1:1"), Error::NoEnt);
}

#[test]
fn unbind_and_rebind_tcp() {
    let ctx = ctx();
    let mut a = socket(&ctx, SocketType::Pair);
    let ep = bind_tcp(&mut a);
    a.unbind(&ep).unwrap();
    // The port is free again.
    a.bind(&ep).unwrap();
    let mut b = socket(&ctx, SocketType::Pair);
    b.connect(&ep).unwrap();
    send(&mut b, &[b"again"]);
    expect(&mut a, &[b"again"]);
}

/// Not over inproc: there a PAIR binder refuses the new pipe while the old
/// one is still being torn down, in libzmq 4.3 as here.
#[test]
fn disconnect_then_reconnect() {
    for t in [Transport::Tcp, Transport::Ipc] {
        let ctx = ctx();
        let (mut a, mut b, ep) = bound_pair(&ctx, SocketType::Pair, SocketType::Pair, t);
        send(&mut b, &[b"one"]);
        expect(&mut a, &[b"one"]);
        b.disconnect(&ep).unwrap();
        assert_err(b.disconnect(&ep), Error::NoEnt);
        b.connect(&ep).unwrap();
        // The binder may still be dropping the old pipe: retry until the
        // new connection carries a message.
        let got = eventually(&format!("the new connection over {t:?}"), || {
            b.send_bytes(b"two", DONTWAIT).ok()?;
            wait_readable(&mut a, 50)?;
            a.recv_bytes(DONTWAIT).ok()
        });
        assert_eq!(got, b"two");
    }
}
