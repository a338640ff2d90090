//! XPUB/XSUB: subscriptions as messages (`\x01topic` / `\x00topic`),
//! XPUB_VERBOSE, XPUB_NODROP, XPUB_WELCOME_MSG, XSUB sending subscriptions
//! upstream, and a forwarder (`ferromq::proxy::run`) between the two.

mod util;

use std::thread;

use ferromq::proxy::{self, Sockets};
use ferromq::{sockopt, Context, Error, Msg, Socket, SocketType, DONTWAIT};
use util::*;

fn sub_msg(subscribe: bool, topic: &[u8]) -> Vec<u8> {
    let mut m = vec![u8::from(subscribe)];
    m.extend_from_slice(topic);
    m
}

#[test]
fn xpub_receives_subscribe_and_unsubscribe() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let (mut xpub, mut sub, _) = bound_pair(&ctx, SocketType::XPub, SocketType::Sub, t);
        sub.set(sockopt::SUBSCRIBE, b"topic".to_vec()).unwrap();
        assert_eq!(recv1(&mut xpub), b"\x01topic", "{t:?}");
        xpub.send_bytes(b"topic data", 0).unwrap();
        xpub.send_bytes(b"other data", 0).unwrap();
        assert_eq!(recv1(&mut sub), b"topic data");
        sub.set(sockopt::UNSUBSCRIBE, b"topic".to_vec()).unwrap();
        assert_eq!(recv1(&mut xpub), b"\x00topic");
        expect_nothing(&mut sub);
    }
}

#[test]
fn xpub_unsubscribes_a_closed_subscriber() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let (mut xpub, mut sub, _) = bound_pair(&ctx, SocketType::XPub, SocketType::Sub, t);
        sub.set(sockopt::SUBSCRIBE, b"gone".to_vec()).unwrap();
        assert_eq!(recv1(&mut xpub), b"\x01gone");
        drop(sub);
        assert_eq!(recv1(&mut xpub), b"\x00gone");
    }
}

/// Two subscribers subscribe to "A"; each then subscribes to its own
/// marker, so when the marker shows up, the "A" before it was processed.
fn duplicate_subscriptions(verbose: bool) -> Vec<Vec<u8>> {
    let ctx = ctx();
    let mut xpub = socket(&ctx, SocketType::XPub);
    xpub.set(sockopt::XPUB_VERBOSE, verbose).unwrap();
    let ep = bind(&mut xpub, Transport::Tcp);
    let mut seen = Vec::new();
    let mut subs = Vec::new();
    for marker in [&b"m1"[..], b"m2"] {
        let mut sub = socket(&ctx, SocketType::Sub);
        sub.connect(&ep).unwrap();
        sub.set(sockopt::SUBSCRIBE, b"A".to_vec()).unwrap();
        sub.set(sockopt::SUBSCRIBE, marker.to_vec()).unwrap();
        loop {
            let m = recv1(&mut xpub);
            let done = m[1..] == *marker;
            seen.push(m);
            if done {
                break;
            }
        }
        subs.push(sub);
    }
    seen
}

#[test]
fn duplicate_subscription_reported_once() {
    let seen = duplicate_subscriptions(false);
    assert_eq!(seen, [&b"\x01A"[..], b"\x01m1", b"\x01m2"]);
}

#[test]
fn xpub_verbose_reports_every_subscription() {
    let seen = duplicate_subscriptions(true);
    assert_eq!(seen, [&b"\x01A"[..], b"\x01m1", b"\x01A", b"\x01m2"]);
}

#[test]
fn xpub_verboser_reports_every_unsubscription() {
    let ctx = ctx();
    let mut xpub = socket(&ctx, SocketType::XPub);
    xpub.set(sockopt::XPUB_VERBOSER, true).unwrap();
    let ep = bind(&mut xpub, Transport::Inproc);
    let mut subs: Vec<Socket> = (0..2)
        .map(|_| {
            let mut s = socket(&ctx, SocketType::Sub);
            s.connect(&ep).unwrap();
            s.set(sockopt::SUBSCRIBE, b"A".to_vec()).unwrap();
            s
        })
        .collect();
    assert_eq!(recv1(&mut xpub), b"\x01A");
    assert_eq!(recv1(&mut xpub), b"\x01A");
    for s in subs.iter_mut() {
        s.set(sockopt::UNSUBSCRIBE, b"A".to_vec()).unwrap();
        assert_eq!(recv1(&mut xpub), b"\x00A");
    }
}

#[test]
fn xpub_nodrop() {
    for nodrop in [false, true] {
        let ctx = ctx();
        let mut xpub = socket(&ctx, SocketType::XPub);
        xpub.set(sockopt::XPUB_NODROP, nodrop).unwrap();
        xpub.set(sockopt::SNDHWM, 1).unwrap();
        let ep = bind(&mut xpub, Transport::Inproc);
        let mut sub = socket(&ctx, SocketType::Sub);
        sub.set(sockopt::RCVHWM, 1).unwrap();
        sub.connect(&ep).unwrap();
        sub.set(sockopt::SUBSCRIBE, Vec::new()).unwrap();
        assert_eq!(recv1(&mut xpub), b"\x01");
        let mut results = Vec::new();
        for i in 0..5u8 {
            let mut m = Msg::from(&[i][..]);
            let r = xpub.send(&mut m, DONTWAIT);
            if r.is_err() {
                // A refused message stays with the caller.
                assert_eq!(m.as_slice(), &[i]);
            }
            results.push(r);
        }
        if nodrop {
            // inproc: SNDHWM + RCVHWM fit, then EAGAIN.
            assert_eq!(
                results,
                [
                    Ok(()),
                    Ok(()),
                    Err(Error::Again),
                    Err(Error::Again),
                    Err(Error::Again)
                ]
            );
        } else {
            // Without NODROP, messages over the limit are dropped.
            assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
        }
        assert_eq!(recv1(&mut sub), [0]);
        assert_eq!(recv1(&mut sub), [1]);
        expect_nothing(&mut sub);
        if nodrop {
            // Room again once the subscriber read.
            eventually("room in the pipe", || {
                xpub.send_bytes(b"after", DONTWAIT).ok()
            });
            assert_eq!(recv1(&mut sub), b"after");
        }
    }
}

#[test]
fn xpub_welcome_msg() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut xpub = socket(&ctx, SocketType::XPub);
        xpub.set(sockopt::XPUB_WELCOME_MSG, b"W-welcome".to_vec())
            .unwrap();
        let ep = bind(&mut xpub, t);
        let mut sub = socket(&ctx, SocketType::Sub);
        sub.set(sockopt::SUBSCRIBE, b"W".to_vec()).unwrap();
        sub.connect(&ep).unwrap();
        // XPUB sees the subscription; the subscriber gets the greeting.
        assert_eq!(recv1(&mut xpub), b"\x01W");
        assert_eq!(recv1(&mut sub), b"W-welcome", "{t:?}");
        // A subscriber not subscribed to it filters the greeting out.
        let mut other = socket(&ctx, SocketType::Sub);
        other.set(sockopt::SUBSCRIBE, b"X".to_vec()).unwrap();
        other.connect(&ep).unwrap();
        assert_eq!(recv1(&mut xpub), b"\x01X");
        xpub.send_bytes(b"X-data", 0).unwrap();
        assert_eq!(recv1(&mut other), b"X-data");
    }
}

#[test]
fn xsub_sends_subscriptions_upstream() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let (mut xpub, mut xsub, _) = bound_pair(&ctx, SocketType::XPub, SocketType::XSub, t);
        xsub.send_bytes(&sub_msg(true, b"foo"), 0).unwrap();
        assert_eq!(recv1(&mut xpub), b"\x01foo");
        xpub.send_bytes(b"foo!", 0).unwrap();
        xpub.send_bytes(b"bar!", 0).unwrap();
        assert_eq!(recv1(&mut xsub), b"foo!");
        expect_nothing(&mut xsub);
        xsub.send_bytes(&sub_msg(false, b"foo"), 0).unwrap();
        assert_eq!(recv1(&mut xpub), b"\x00foo");
        // Messages that are not subscriptions pass upstream as they are.
        xsub.send_bytes(b"hello upstream", 0).unwrap();
        assert_eq!(recv1(&mut xpub), b"hello upstream");
    }
}

#[test]
fn xsub_subscribes_at_pub() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let (mut publisher, mut xsub, _) = bound_pair(&ctx, SocketType::Pub, SocketType::XSub, t);
        xsub.send_bytes(&sub_msg(true, b"A"), 0).unwrap();
        sync_sub(&mut xsub, &mut [&mut publisher]);
        publisher.send_bytes(b"B1", 0).unwrap();
        publisher.send_bytes(b"A1", 0).unwrap();
        assert_eq!(recv1(&mut xsub), b"A1");
        expect_nothing(&mut xsub);
    }
}

#[test]
fn xsub_replays_subscriptions_to_new_publishers() {
    // Subscriptions sent before a connection are replayed to it. A bound
    // socket takes in new connections only when it is used (libzmq's rule
    // too), so the XSUB is polled while waiting.
    let ctx = ctx();
    let mut xsub = socket(&ctx, SocketType::XSub);
    let ep = bind(&mut xsub, Transport::Tcp);
    xsub.send_bytes(&sub_msg(true, b"early"), 0).unwrap();
    for _ in 0..2 {
        let mut xpub = socket(&ctx, SocketType::XPub);
        xpub.connect(&ep).unwrap();
        let m = eventually("the replayed subscription", || {
            xsub.events().unwrap();
            wait_readable(&mut xpub, 10)?;
            xpub.recv_bytes(DONTWAIT).ok()
        });
        assert_eq!(m, b"\x01early");
    }
}

/// PUB → XSUB [proxy] XPUB → SUB. Returns the proxy thread and the
/// publisher and subscriber, subscribed to "news" end to end.
fn forwarder(
    ctx: &Context,
    t: Transport,
    capture: Option<Socket>,
) -> (thread::JoinHandle<ferromq::Result<()>>, Socket, Socket) {
    let mut xsub = socket(ctx, SocketType::XSub);
    let front = bind(&mut xsub, t);
    let mut xpub = socket(ctx, SocketType::XPub);
    let back = bind(&mut xpub, t);
    let proxy = thread::spawn(move || {
        let mut capture = capture;
        let r = proxy::run(&mut Sockets {
            frontend: &mut xsub,
            backend: &mut xpub,
            capture: capture.as_mut(),
            control: None,
        });
        // Sockets close here, which lets the context terminate.
        r
    });
    let mut publisher = socket(ctx, SocketType::Pub);
    publisher.connect(&front).unwrap();
    let mut sub = socket(ctx, SocketType::Sub);
    sub.set(sockopt::SUBSCRIBE, b"news".to_vec()).unwrap();
    sub.connect(&back).unwrap();
    sync_sub(&mut sub, &mut [&mut publisher]);
    (proxy, publisher, sub)
}

#[test]
fn proxy_forwards_and_ends_with_term() {
    for t in INPROC_TCP {
        let ctx = Context::new();
        let (proxy, mut publisher, mut sub) = forwarder(&ctx, t, None);
        for m in [&b"news 1"[..], b"weather", b"news 2"] {
            publisher.send_bytes(m, 0).unwrap();
        }
        assert_eq!(recv1(&mut sub), b"news 1");
        assert_eq!(recv1(&mut sub), b"news 2");
        expect_nothing(&mut sub);
        drop(publisher);
        drop(sub);
        // term interrupts the proxy (ETERM), then waits for its sockets.
        ctx.term().unwrap();
        assert_eq!(proxy.join().unwrap(), Err(Error::Term));
    }
}

#[test]
fn proxy_with_capture_ends_with_shutdown() {
    let ctx = Context::new();
    let mut cap_out = socket(&ctx, SocketType::Push);
    let cap_ep = bind(&mut cap_out, Transport::Inproc);
    let mut cap_in = socket(&ctx, SocketType::Pull);
    cap_in.connect(&cap_ep).unwrap();
    let (proxy, mut publisher, mut sub) = forwarder(&ctx, Transport::Tcp, Some(cap_out));
    publisher.send_bytes(b"news flash", 0).unwrap();
    assert_eq!(recv1(&mut sub), b"news flash");
    // The capture socket saw the sync traffic, the subscriptions and the
    // message; look for the latter.
    eventually("the captured copy", || {
        (recv1(&mut cap_in) == b"news flash").then_some(())
    });
    ctx.shutdown();
    assert_eq!(proxy.join().unwrap(), Err(Error::Term));
    // Everything else fails with ETERM now.
    assert_err(sub.recv(0), Error::Term);
    assert_err(publisher.send_bytes(b"x", 0), Error::Term);
    drop((publisher, sub, cap_in));
    ctx.term().unwrap();
}
