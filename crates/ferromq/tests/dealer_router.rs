//! DEALER/ROUTER: routing ids (generated, user-set, per connect),
//! ROUTER_MANDATORY, ROUTER_HANDOVER, PROBE_ROUTER, and DEALER's load
//! balancing and fair queueing.

mod util;

use ferromq::{sockopt, Error, Socket, SocketType, DONTWAIT};
use util::*;

/// Sends [id, body] from a mandatory ROUTER once the peer `id` is known
/// (its handshake may still be under way).
fn send_when_routable(router: &mut Socket, id: &[u8], body: &[u8]) {
    eventually("the peer to be routable", || {
        match router.send_multipart([id, body], DONTWAIT) {
            Ok(()) => Some(()),
            Err(Error::HostUnreach) => None,
            Err(e) => panic!("send: {e:?}"),
        }
    });
}

#[test]
fn dealer_to_router_and_back() {
    for t in ALL {
        let ctx = ctx();
        let mut router = socket(&ctx, SocketType::Router);
        let ep = bind(&mut router, t);
        let mut dealer = socket(&ctx, SocketType::Dealer);
        dealer.set(sockopt::ROUTING_ID, b"d1".to_vec()).unwrap();
        assert_eq!(dealer.get(sockopt::ROUTING_ID).unwrap(), b"d1");
        dealer.connect(&ep).unwrap();
        send(&mut dealer, &[b"hi", b"there"]);
        expect(&mut router, &[b"d1", b"hi", b"there"]);
        send(&mut router, &[b"d1", b"back"]);
        expect(&mut dealer, &[b"back"]);
    }
}

#[test]
fn generated_routing_ids_route_replies() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut router = socket(&ctx, SocketType::Router);
        let ep = bind(&mut router, t);
        let mut dealers: Vec<Socket> = (0..3)
            .map(|_| {
                let mut d = socket(&ctx, SocketType::Dealer);
                d.connect(&ep).unwrap();
                d
            })
            .collect();
        for (i, d) in dealers.iter_mut().enumerate() {
            send(d, &[&[i as u8]]);
        }
        let mut ids = Vec::new();
        for _ in 0..3 {
            let m = recv(&mut router);
            assert_eq!(m.len(), 2);
            // libzmq's generated ids: a zero byte and a 32-bit counter.
            assert_eq!(m[0].len(), 5, "{m:?}");
            assert_eq!(m[0][0], 0);
            ids.push(m[0].clone());
            send(&mut router, &[&m[0], b"for", &m[1]]);
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 3, "ids must be distinct");
        for (i, d) in dealers.iter_mut().enumerate() {
            expect(d, &[b"for", &[i as u8]]);
        }
    }
}

#[test]
fn router_mandatory_unknown_peer() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let (mut router, mut dealer, _) =
            bound_pair(&ctx, SocketType::Router, SocketType::Dealer, t);
        // Default: an unroutable message is silently dropped.
        router.send_multipart([&b"nobody"[..], b"lost"], 0).unwrap();
        router.set(sockopt::ROUTER_MANDATORY, true).unwrap();
        // Mandatory: the id frame itself fails, with EHOSTUNREACH.
        let r = router.send_bytes(b"nobody", ferromq::SNDMORE | DONTWAIT);
        assert_err(r, Error::HostUnreach);
        assert_eq!(Error::HostUnreach.errno(), libc_ehostunreach());
        // A message from the dealer makes its id known.
        send(&mut dealer, &[b"hello"]);
        let m = recv(&mut router);
        send(&mut router, &[&m[0], b"reply"]);
        expect(&mut dealer, &[b"reply"]);
        // Once the dealer is gone, its id is unroutable again.
        drop(dealer);
        let id = m[0].clone();
        eventually("the closed peer to be forgotten", || {
            match router.send_multipart([&id[..], b"late"], DONTWAIT) {
                Err(Error::HostUnreach) => Some(()),
                Ok(()) => None,
                Err(e) => panic!("send: {e:?}"),
            }
        });
    }
}

fn libc_ehostunreach() -> i32 {
    113 // EHOSTUNREACH on Linux
}

#[test]
fn router_mandatory_full_pipe_would_block() {
    let ctx = ctx();
    let mut router = socket(&ctx, SocketType::Router);
    router.set(sockopt::ROUTER_MANDATORY, true).unwrap();
    router.set(sockopt::SNDHWM, 1).unwrap();
    let ep = bind(&mut router, Transport::Inproc);
    let mut dealer = socket(&ctx, SocketType::Dealer);
    dealer.set(sockopt::RCVHWM, 1).unwrap();
    dealer.set(sockopt::ROUTING_ID, b"slow".to_vec()).unwrap();
    dealer.connect(&ep).unwrap();
    send_when_routable(&mut router, b"slow", b"0");
    let mut sent = 1;
    loop {
        match router.send_multipart([&b"slow"[..], b"x"], DONTWAIT) {
            Ok(()) => sent += 1,
            Err(e) => {
                assert_eq!(e, Error::Again);
                break;
            }
        }
        assert!(sent < 100, "the high-water mark never applied");
    }
    // inproc: the limit is SNDHWM + RCVHWM messages.
    assert_eq!(sent, 2);
    assert_eq!(recv(&mut dealer), vec![b"0".to_vec()]);
}

#[test]
fn user_routing_id_routes_before_any_message() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut router = socket(&ctx, SocketType::Router);
        router.set(sockopt::ROUTER_MANDATORY, true).unwrap();
        let ep = bind(&mut router, t);
        let mut workers: Vec<Socket> = ["worker-1", "worker-2"]
            .iter()
            .map(|id| {
                let mut d = socket(&ctx, SocketType::Dealer);
                d.set(sockopt::ROUTING_ID, id.as_bytes().to_vec()).unwrap();
                d.connect(&ep).unwrap();
                d
            })
            .collect();
        // The router addresses each worker by the id it announced.
        send_when_routable(&mut router, b"worker-2", b"job for 2");
        send_when_routable(&mut router, b"worker-1", b"job for 1");
        expect(&mut workers[0], &[b"job for 1"]);
        expect(&mut workers[1], &[b"job for 2"]);
    }
}

fn connect_routing_id(t: Transport) {
    let ctx = ctx();
    let mut server = socket(&ctx, SocketType::Router);
    let ep = bind(&mut server, t);
    let mut client = socket(&ctx, SocketType::Router);
    client.set(sockopt::ROUTER_MANDATORY, true).unwrap();
    client.set(sockopt::ROUTING_ID, b"cli".to_vec()).unwrap();
    client
        .set(sockopt::CONNECT_ROUTING_ID, b"srv".to_vec())
        .unwrap();
    client.connect(&ep).unwrap();
    // The alias is usable as soon as connect returns (libzmq 4.3 too,
    // over every transport: the pipe is made, and named, by connect).
    client
        .send_multipart([&b"srv"[..], b"hello"], DONTWAIT)
        .unwrap_or_else(|e| panic!("{t:?}: {e:?}"));
    expect(&mut server, &[b"cli", b"hello"]);
    send(&mut server, &[b"cli", b"hi"]);
    expect(&mut client, &[b"srv", b"hi"]);
}

#[test]
fn connect_routing_id_inproc() {
    connect_routing_id(Transport::Inproc);
}

#[test]
fn connect_routing_id_tcp() {
    connect_routing_id(Transport::Tcp);
}

#[test]
fn connect_routing_id_ipc() {
    connect_routing_id(Transport::Ipc);
}

#[test]
fn duplicate_routing_id_is_ignored_without_handover() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut router = socket(&ctx, SocketType::Router);
        let ep = bind(&mut router, t);
        let mut first = socket(&ctx, SocketType::Dealer);
        first.set(sockopt::ROUTING_ID, b"X".to_vec()).unwrap();
        first.connect(&ep).unwrap();
        send(&mut first, &[b"from first"]);
        expect(&mut router, &[b"X", b"from first"]);
        let mut second = socket(&ctx, SocketType::Dealer);
        second.set(sockopt::ROUTING_ID, b"X".to_vec()).unwrap();
        second.connect(&ep).unwrap();
        send(&mut second, &[b"from second"]);
        // The second peer is never identified: its messages are not read.
        expect_nothing(&mut router);
        send(&mut router, &[b"X", b"to X"]);
        expect(&mut first, &[b"to X"]);
        expect_nothing(&mut second);
    }
}

#[test]
fn router_handover() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut router = socket(&ctx, SocketType::Router);
        router.set(sockopt::ROUTER_HANDOVER, true).unwrap();
        let ep = bind(&mut router, t);
        let mut first = socket(&ctx, SocketType::Dealer);
        first.set(sockopt::ROUTING_ID, b"X".to_vec()).unwrap();
        first.connect(&ep).unwrap();
        send(&mut first, &[b"from first"]);
        expect(&mut router, &[b"X", b"from first"]);
        let mut second = socket(&ctx, SocketType::Dealer);
        second.set(sockopt::ROUTING_ID, b"X".to_vec()).unwrap();
        second.connect(&ep).unwrap();
        send(&mut second, &[b"from second"]);
        // The newcomer takes the id over.
        expect(&mut router, &[b"X", b"from second"]);
        send(&mut router, &[b"X", b"to X"]);
        expect(&mut second, &[b"to X"]);
        expect_nothing(&mut first);
    }
}

#[test]
fn probe_router() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut router = socket(&ctx, SocketType::Router);
        let ep = bind(&mut router, t);
        let mut dealer = socket(&ctx, SocketType::Dealer);
        dealer.set(sockopt::ROUTING_ID, b"probe".to_vec()).unwrap();
        dealer.set(sockopt::PROBE_ROUTER, true).unwrap();
        dealer.connect(&ep).unwrap();
        // The probe: the peer's id and an empty frame, unasked.
        expect(&mut router, &[b"probe", b""]);
        send(&mut router, &[b"probe", b"Hello"]);
        expect(&mut dealer, &[b"Hello"]);

        // A ROUTER can probe too.
        let mut client = socket(&ctx, SocketType::Router);
        client.set(sockopt::ROUTING_ID, b"rprobe".to_vec()).unwrap();
        client.set(sockopt::PROBE_ROUTER, true).unwrap();
        client.connect(&ep).unwrap();
        expect(&mut router, &[b"rprobe", b""]);
    }
}

#[test]
fn dealer_round_robins_over_peers() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut dealer = socket(&ctx, SocketType::Dealer);
        let mut routers = Vec::new();
        for _ in 0..2 {
            let mut r = socket(&ctx, SocketType::Router);
            let ep = bind(&mut r, t);
            dealer.connect(&ep).unwrap();
            routers.push(r);
        }
        for i in 0..6u8 {
            send(&mut dealer, &[&[i]]);
        }
        for (k, r) in routers.iter_mut().enumerate() {
            for i in (k as u8..6).step_by(2) {
                let m = recv(r);
                assert_eq!(m[1], [i]);
            }
            expect_nothing(r);
        }
    }
}

#[test]
fn router_fair_queues_dealers() {
    let ctx = ctx();
    let mut router = socket(&ctx, SocketType::Router);
    let ep = bind(&mut router, Transport::Inproc);
    let mut dealers: Vec<Socket> = [b"a", b"b"]
        .iter()
        .map(|id| {
            let mut d = socket(&ctx, SocketType::Dealer);
            d.set(sockopt::ROUTING_ID, id.to_vec()).unwrap();
            d.connect(&ep).unwrap();
            d
        })
        .collect();
    for d in dealers.iter_mut() {
        for i in 0..5u8 {
            send(d, &[&[i]]);
        }
    }
    // Both queues are full before the first read: turns alternate.
    let mut order = Vec::new();
    for _ in 0..10 {
        order.push(recv(&mut router)[0].clone());
    }
    for pair in order.chunks(2) {
        assert_ne!(pair[0], pair[1], "not fair: {order:?}");
    }
}

#[test]
fn router_without_id_frame_and_lone_frames() {
    let ctx = ctx();
    let (mut router, mut dealer, _) = bound_pair(
        &ctx,
        SocketType::Router,
        SocketType::Dealer,
        Transport::Inproc,
    );
    // A lone id frame with no body is ignored, in libzmq as here.
    router.send_bytes(b"whoever", 0).unwrap();
    send(&mut dealer, &[b"x"]);
    let m = recv(&mut router);
    assert_eq!(m[1], b"x");
}
