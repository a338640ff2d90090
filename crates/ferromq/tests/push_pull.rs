//! PUSH/PULL: pipelines. Load balancing over PULLs, fair queueing from
//! PUSHes, and the high-water mark.

mod util;

use ferromq::{sockopt, Error, Msg, Socket, SocketType, DONTWAIT};
use util::*;

#[test]
fn push_to_pull() {
    for t in ALL {
        let ctx = ctx();
        let (mut pull, mut push, _) = bound_pair(&ctx, SocketType::Pull, SocketType::Push, t);
        for i in 0..100u32 {
            push.send_bytes(&i.to_be_bytes(), 0).unwrap();
        }
        for i in 0..100u32 {
            assert_eq!(pull.recv_bytes(0).unwrap(), i.to_be_bytes());
        }
    }
}

#[test]
fn one_way_only() {
    let ctx = ctx();
    let (mut pull, mut push, _) =
        bound_pair(&ctx, SocketType::Pull, SocketType::Push, Transport::Inproc);
    assert_err(push.recv(DONTWAIT), Error::NotSup);
    assert_err(pull.send_bytes(b"x", DONTWAIT), Error::NotSup);
}

#[test]
fn load_balances_across_pulls() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut push = socket(&ctx, SocketType::Push);
        let mut pulls: Vec<Socket> = Vec::new();
        for _ in 0..2 {
            let mut p = socket(&ctx, SocketType::Pull);
            let ep = bind(&mut p, t);
            // Connecting makes the pipe at once, so both take part from
            // the first message.
            push.connect(&ep).unwrap();
            pulls.push(p);
        }
        for i in 0..10u8 {
            push.send_bytes(&[i], 0).unwrap();
        }
        for (k, p) in pulls.iter_mut().enumerate() {
            let got: Vec<u8> = (0..5).map(|_| recv1(p)[0]).collect();
            let want: Vec<u8> = (0..10).filter(|i| i % 2 == k as u8).collect();
            assert_eq!(got, want, "{t:?}: pull {k}");
            expect_nothing(p);
        }
    }
}

#[test]
fn fair_queues_from_pushes() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut pull = socket(&ctx, SocketType::Pull);
        let ep = bind(&mut pull, t);
        let mut pushes: Vec<Socket> = (0..2)
            .map(|_| {
                let mut p = socket(&ctx, SocketType::Push);
                p.connect(&ep).unwrap();
                p
            })
            .collect();
        const N: u8 = 5;
        for (k, p) in pushes.iter_mut().enumerate() {
            for i in 0..N {
                p.send_multipart([&[k as u8][..], &[i]], 0).unwrap();
            }
        }
        if t == Transport::Tcp {
            // Wait until both connections have delivered something, so
            // that both queues are non-empty when reading starts.
            eventually("both pushers' messages", || {
                let items = pull.get(sockopt::EVENTS).unwrap();
                (items & i32::from(ferromq::opt::ZMQ_POLLIN) != 0).then_some(())
            });
        }
        let mut seen = [0u8; 2];
        let mut order = Vec::new();
        for _ in 0..2 * N {
            let m = recv(&mut pull);
            let (k, i) = (usize::from(m[0][0]), m[1][0]);
            // Each pusher's messages arrive in order, whole.
            assert_eq!(i, seen[k], "{t:?}");
            seen[k] += 1;
            order.push(k);
        }
        assert_eq!(seen, [N, N]);
        if t == Transport::Inproc {
            // Both queues were full before the first read: turns alternate.
            for w in order.chunks(2) {
                assert_ne!(w[0], w[1], "not fair: {order:?}");
            }
        }
    }
}

#[test]
fn no_peer_would_block_and_keeps_message() {
    let ctx = ctx();
    let mut push = socket(&ctx, SocketType::Push);
    let ep = bind(&mut push, Transport::Tcp);
    let mut m = Msg::from(&b"kept"[..]);
    assert_err(push.send(&mut m, DONTWAIT), Error::Again);
    assert_eq!(m.as_slice(), b"kept");
    push.set(sockopt::SNDTIMEO, 20).unwrap();
    assert_err(push.send(&mut m, 0), Error::Again);
    assert_eq!(m.as_slice(), b"kept");
    // A peer turns up: the same message goes through.
    let mut pull = socket(&ctx, SocketType::Pull);
    pull.connect(&ep).unwrap();
    push.set(sockopt::SNDTIMEO, TIMEOUT_MS).unwrap();
    push.send(&mut m, 0).unwrap();
    assert!(m.is_empty());
    expect(&mut pull, &[b"kept"]);
}

/// PUSH (SNDHWM 2) and PULL (RCVHWM 3) over inproc; `push_binds` says
/// which side binds, `bind_first` whether it binds before the other
/// connects. The PULL does not read until the PUSH is full.
fn high_water_mark_blocks(push_binds: bool, bind_first: bool) {
    let ctx = ctx();
    let ep = inproc_endpoint();
    let mut pull = socket(&ctx, SocketType::Pull);
    pull.set(sockopt::RCVHWM, 3).unwrap();
    let mut push = socket(&ctx, SocketType::Push);
    push.set(sockopt::SNDHWM, 2).unwrap();
    let (binder, connecter) = if push_binds {
        (&mut push, &mut pull)
    } else {
        (&mut pull, &mut push)
    };
    if bind_first {
        binder.bind(&ep).unwrap();
        connecter.connect(&ep).unwrap();
    } else {
        connecter.connect(&ep).unwrap();
        binder.bind(&ep).unwrap();
    }
    let mut sent = 0u8;
    let mut m = loop {
        let mut m = Msg::from(&[sent][..]);
        match push.send(&mut m, DONTWAIT) {
            Ok(()) => sent += 1,
            Err(e) => {
                assert_eq!(e, Error::Again);
                break m;
            }
        }
        assert!(sent < 100, "the high-water mark never applied");
    };
    // inproc: the limit is the sender's SNDHWM plus the receiver's RCVHWM.
    assert_eq!(sent, 5);
    // The message that did not fit is still ours.
    assert_eq!(m.as_slice(), &[5]);
    // A bounded blocking send times out the same way.
    push.set(sockopt::SNDTIMEO, 20).unwrap();
    assert_err(push.send(&mut m, 0), Error::Again);
    assert_eq!(m.as_slice(), &[5]);
    assert_eq!(push.events().unwrap() & ferromq::opt::ZMQ_POLLOUT, 0);
    // Draining the queue lets it through.
    for i in 0..5 {
        assert_eq!(recv1(&mut pull), [i]);
    }
    push.set(sockopt::SNDTIMEO, TIMEOUT_MS).unwrap();
    push.send(&mut m, 0).unwrap();
    assert_eq!(recv1(&mut pull), [5]);
}

#[test]
fn high_water_mark_blocks_push_bound() {
    high_water_mark_blocks(true, true);
}

#[test]
fn high_water_mark_blocks_push_connected() {
    high_water_mark_blocks(false, true);
}

#[test]
fn high_water_mark_blocks_connect_before_bind() {
    high_water_mark_blocks(true, false);
    high_water_mark_blocks(false, false);
}

#[test]
fn high_water_mark_over_tcp_blocks_eventually() {
    let ctx = ctx();
    let mut pull = socket(&ctx, SocketType::Pull);
    pull.set(sockopt::RCVHWM, 10).unwrap();
    let ep = bind_tcp(&mut pull);
    let mut push = socket(&ctx, SocketType::Push);
    push.set(sockopt::SNDHWM, 10).unwrap();
    push.connect(&ep).unwrap();
    // Kernel buffers add to the queues, so only a bound can be checked.
    let body = vec![7u8; 10_000];
    let mut sent = 0u32;
    let mut last = loop {
        let mut m = Msg::from(&body[..]);
        m.as_mut_slice()[..4].copy_from_slice(&sent.to_be_bytes());
        match push.send(&mut m, DONTWAIT) {
            Ok(()) => sent += 1,
            Err(Error::Again) => {
                // Wait a little in case the I/O thread is still moving
                // messages into the kernel.
                if wait_for_pollout(&mut push) {
                    continue;
                }
                break m;
            }
            Err(e) => panic!("send: {e:?}"),
        }
        assert!(sent < 100_000, "the high-water mark never applied");
    };
    assert!(sent >= 10, "sent only {sent}");
    assert_eq!(&last.as_slice()[..4], &sent.to_be_bytes());
    // Everything sent arrives, in order, and then the kept one.
    for i in 0..sent {
        assert_eq!(pull.recv_bytes(0).unwrap()[..4], i.to_be_bytes());
    }
    push.send(&mut last, 0).unwrap();
    assert_eq!(pull.recv_bytes(0).unwrap()[..4], sent.to_be_bytes());
}

/// Whether `s` becomes writable within a short while.
fn wait_for_pollout(s: &mut Socket) -> bool {
    let mut items = [ferromq::poll::PollItem {
        target: ferromq::poll::Target::Socket(s),
        events: ferromq::opt::ZMQ_POLLOUT,
        revents: 0,
    }];
    ferromq::poll::poll(&mut items, 50).unwrap() == 1
}

#[test]
fn pull_from_many_connected_pushes_tcp_and_ipc() {
    for t in [Transport::Tcp, Transport::Ipc] {
        let ctx = ctx();
        let mut pull = socket(&ctx, SocketType::Pull);
        let ep = bind(&mut pull, t);
        let mut pushes: Vec<Socket> = (0..4)
            .map(|_| {
                let mut p = socket(&ctx, SocketType::Push);
                p.connect(&ep).unwrap();
                p
            })
            .collect();
        for (k, p) in pushes.iter_mut().enumerate() {
            for i in 0..10u8 {
                p.send_bytes(&[k as u8, i], 0).unwrap();
            }
        }
        let mut next = [0u8; 4];
        for _ in 0..40 {
            let m = recv1(&mut pull);
            assert_eq!(m[1], next[usize::from(m[0])]);
            next[usize::from(m[0])] += 1;
        }
        assert_eq!(next, [10; 4]);
    }
}
