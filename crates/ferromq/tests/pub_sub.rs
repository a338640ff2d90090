//! PUB/SUB: prefix filtering, unsubscribing, several publishers and
//! subscribers. Subscriptions travel to the publisher asynchronously, so
//! every test first waits for them with `sync_sub` (bounded).

mod util;

use ferromq::{sockopt, Error, Socket, SocketType, DONTWAIT};
use util::*;

fn subscriber(ctx: &ferromq::Context, ep: &str, topics: &[&[u8]]) -> Socket {
    let mut sub = socket(ctx, SocketType::Sub);
    for t in topics {
        sub.set(sockopt::SUBSCRIBE, t.to_vec()).unwrap();
    }
    sub.connect(ep).unwrap();
    sub
}

#[test]
fn prefix_filtering() {
    for t in ALL {
        let ctx = ctx();
        let mut publisher = socket(&ctx, SocketType::Pub);
        let ep = bind(&mut publisher, t);
        let mut sub = subscriber(&ctx, &ep, &[b"weather.", b"news"]);
        sync_sub(&mut sub, &mut [&mut publisher]);
        for m in [
            &b"weather.paris 21C"[..],
            b"sports result",
            b"news",
            b"weather",
            b"newsflash",
            b"",
        ] {
            publisher.send_bytes(m, 0).unwrap();
        }
        for m in [&b"weather.paris 21C"[..], b"news", b"newsflash"] {
            assert_eq!(recv1(&mut sub), m, "{t:?}");
        }
        expect_nothing(&mut sub);
    }
}

#[test]
fn empty_subscription_matches_everything() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut publisher = socket(&ctx, SocketType::Pub);
        let ep = bind(&mut publisher, t);
        let mut sub = subscriber(&ctx, &ep, &[b""]);
        sync_sub(&mut sub, &mut [&mut publisher]);
        for m in [&b"a"[..], b"", b"\x00\xff"] {
            publisher.send_bytes(m, 0).unwrap();
            assert_eq!(recv1(&mut sub), m);
        }
    }
}

#[test]
fn no_subscription_receives_nothing() {
    let ctx = ctx();
    let mut publisher = socket(&ctx, SocketType::Pub);
    let ep = bind(&mut publisher, Transport::Inproc);
    let mut sub = subscriber(&ctx, &ep, &[]);
    let mut other = subscriber(&ctx, &ep, &[b""]);
    // Once `other` gets messages, `sub`'s connection is up too.
    sync_sub(&mut other, &mut [&mut publisher]);
    publisher.send_bytes(b"anything", 0).unwrap();
    assert_eq!(recv1(&mut other), b"anything");
    expect_nothing(&mut sub);
}

#[test]
fn multipart_filtered_on_first_frame() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut publisher = socket(&ctx, SocketType::Pub);
        let ep = bind(&mut publisher, t);
        let mut sub = subscriber(&ctx, &ep, &[b"key"]);
        sync_sub(&mut sub, &mut [&mut publisher]);
        send(&mut publisher, &[b"other", b"key"]);
        send(&mut publisher, &[b"key", b"value", b""]);
        expect(&mut sub, &[b"key", b"value", b""]);
        expect_nothing(&mut sub);
    }
}

#[test]
fn unsubscribe() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut publisher = socket(&ctx, SocketType::Pub);
        let ep = bind(&mut publisher, t);
        let mut sub = subscriber(&ctx, &ep, &[b"A", b"B", b"B"]);
        sync_sub(&mut sub, &mut [&mut publisher]);
        sub.set(sockopt::UNSUBSCRIBE, b"A".to_vec()).unwrap();
        // "B" was subscribed twice: one unsubscribe leaves one.
        sub.set(sockopt::UNSUBSCRIBE, b"B".to_vec()).unwrap();
        for m in [&b"A1"[..], b"B1"] {
            publisher.send_bytes(m, 0).unwrap();
        }
        assert_eq!(recv1(&mut sub), b"B1");
        expect_nothing(&mut sub);
        sub.set(sockopt::UNSUBSCRIBE, b"B".to_vec()).unwrap();
        publisher.send_bytes(b"B2", 0).unwrap();
        expect_nothing(&mut sub);
        // Unsubscribing from something never subscribed is fine.
        sub.set(sockopt::UNSUBSCRIBE, b"never".to_vec()).unwrap();
    }
}

#[test]
fn multiple_publishers() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut pubs: Vec<Socket> = (0..3).map(|_| socket(&ctx, SocketType::Pub)).collect();
        let mut sub = socket(&ctx, SocketType::Sub);
        sub.set(sockopt::SUBSCRIBE, b"t".to_vec()).unwrap();
        for p in pubs.iter_mut() {
            let ep = bind(p, t);
            sub.connect(&ep).unwrap();
        }
        let mut refs: Vec<&mut Socket> = pubs.iter_mut().collect();
        sync_sub(&mut sub, &mut refs);
        for (k, p) in pubs.iter_mut().enumerate() {
            for i in 0..3u8 {
                p.send_bytes(&[b't', k as u8, i], 0).unwrap();
                p.send_bytes(&[b'x', k as u8, i], 0).unwrap();
            }
        }
        let mut next = [0u8; 3];
        for _ in 0..9 {
            let m = recv1(&mut sub);
            assert_eq!(m[0], b't');
            let k = usize::from(m[1]);
            assert_eq!(m[2], next[k], "per-publisher order");
            next[k] += 1;
        }
        assert_eq!(next, [3; 3]);
        expect_nothing(&mut sub);
    }
}

#[test]
fn multiple_subscribers() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut publisher = socket(&ctx, SocketType::Pub);
        let ep = bind(&mut publisher, t);
        let mut a = subscriber(&ctx, &ep, &[b"a", b"both"]);
        let mut b = subscriber(&ctx, &ep, &[b"b", b"both"]);
        sync_sub(&mut a, &mut [&mut publisher]);
        sync_sub(&mut b, &mut [&mut publisher]);
        for m in [&b"a1"[..], b"b1", b"both1", b"c1"] {
            publisher.send_bytes(m, 0).unwrap();
        }
        assert_eq!(recv1(&mut a), b"a1");
        assert_eq!(recv1(&mut a), b"both1");
        assert_eq!(recv1(&mut b), b"b1");
        assert_eq!(recv1(&mut b), b"both1");
        expect_nothing(&mut a);
        expect_nothing(&mut b);
    }
}

#[test]
fn subscriber_connects_to_bound_sub() {
    // The direction of bind/connect does not matter.
    let ctx = ctx();
    let mut sub = socket(&ctx, SocketType::Sub);
    sub.set(sockopt::SUBSCRIBE, b"".to_vec()).unwrap();
    let ep = bind(&mut sub, Transport::Tcp);
    let mut publisher = socket(&ctx, SocketType::Pub);
    publisher.connect(&ep).unwrap();
    sync_sub(&mut sub, &mut [&mut publisher]);
    publisher.send_bytes(b"reversed", 0).unwrap();
    assert_eq!(recv1(&mut sub), b"reversed");
}

#[test]
fn invert_matching() {
    let ctx = ctx();
    let mut publisher = socket(&ctx, SocketType::Pub);
    publisher.set(sockopt::INVERT_MATCHING, true).unwrap();
    let ep = bind(&mut publisher, Transport::Inproc);
    let mut sub = socket(&ctx, SocketType::Sub);
    sub.set(sockopt::INVERT_MATCHING, true).unwrap();
    sub.set(sockopt::SUBSCRIBE, b"skip".to_vec()).unwrap();
    sub.connect(&ep).unwrap();
    // No sync probe here (it would match nothing the other way round):
    // the subscription is known once a non-matching message arrives.
    let got = eventually("the subscription", || {
        publisher.send_bytes(b"skip me", 0).unwrap();
        publisher.send_bytes(b"keep", 0).unwrap();
        wait_readable(&mut sub, 10)?;
        sub.recv_bytes(DONTWAIT).ok()
    });
    assert_eq!(got, b"keep");
    while let Ok(m) = sub.recv_bytes(DONTWAIT) {
        assert_eq!(m, b"keep");
    }
}

#[test]
fn wrong_direction_not_supported() {
    let ctx = ctx();
    let mut publisher = socket(&ctx, SocketType::Pub);
    let mut sub = socket(&ctx, SocketType::Sub);
    assert_err(publisher.recv(DONTWAIT), Error::NotSup);
    assert_err(sub.send_bytes(b"x", DONTWAIT), Error::NotSup);
    // PUB never blocks: without subscribers messages are dropped.
    publisher.send_bytes(b"nobody listens", DONTWAIT).unwrap();
}
