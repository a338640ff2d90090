//! REQ/REP: the strict send/receive alternation, load balancing of
//! requests, fair queueing of replies, and the envelopes REQ and REP
//! exchange with ROUTER and DEALER.

mod util;

use ferromq::{sockopt, Error, SocketType, DONTWAIT};
use util::*;

#[test]
fn request_reply() {
    for t in ALL {
        let ctx = ctx();
        let (mut rep, mut req, _) = bound_pair(&ctx, SocketType::Rep, SocketType::Req, t);
        for i in 0..5u8 {
            send(&mut req, &[b"hello", &[i]]);
            expect(&mut rep, &[b"hello", &[i]]);
            send(&mut rep, &[b"world", &[i]]);
            expect(&mut req, &[b"world", &[i]]);
        }
    }
}

#[test]
fn req_must_alternate() {
    let ctx = ctx();
    let (mut rep, mut req, _) =
        bound_pair(&ctx, SocketType::Rep, SocketType::Req, Transport::Inproc);
    // Nothing asked yet: no reply to wait for.
    assert_err(req.recv(DONTWAIT), Error::Fsm);
    send(&mut req, &[b"q"]);
    // A second request before the reply.
    assert_err(req.send_bytes(b"q2", 0), Error::Fsm);
    expect(&mut rep, &[b"q"]);
    // REP must answer before taking the next request.
    assert_err(rep.recv(DONTWAIT), Error::Fsm);
    send(&mut rep, &[b"a"]);
    expect(&mut req, &[b"a"]);
    // REP cannot send without a request.
    assert_err(rep.send_bytes(b"unasked", 0), Error::Fsm);
}

#[test]
fn req_without_peer_would_block() {
    let ctx = ctx();
    let mut req = socket(&ctx, SocketType::Req);
    bind(&mut req, Transport::Inproc);
    assert_err(req.send_bytes(b"q", DONTWAIT), Error::Again);
    // Still allowed to send: the failed request does not count.
    let mut rep = socket(&ctx, SocketType::Rep);
    rep.connect(&req.get(sockopt::LAST_ENDPOINT).unwrap())
        .unwrap();
    send(&mut req, &[b"q"]);
    expect(&mut rep, &[b"q"]);
}

#[test]
fn requests_round_robin_over_reps() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut req = socket(&ctx, SocketType::Req);
        let mut reps = Vec::new();
        for _ in 0..2 {
            let mut rep = socket(&ctx, SocketType::Rep);
            let ep = bind(&mut rep, t);
            req.connect(&ep).unwrap();
            reps.push(rep);
        }
        // Connected pipes exist at once, so requests alternate exactly.
        for i in 0..6u8 {
            send(&mut req, &[&[i]]);
            let rep = &mut reps[usize::from(i % 2)];
            expect(rep, &[&[i]]);
            send(rep, &[b"from", &[i % 2]]);
            expect(&mut req, &[b"from", &[i % 2]]);
        }
    }
}

#[test]
fn rep_answers_each_requester() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let mut rep = socket(&ctx, SocketType::Rep);
        let ep = bind(&mut rep, t);
        let mut reqs: Vec<_> = (0..3)
            .map(|_| {
                let mut r = socket(&ctx, SocketType::Req);
                r.connect(&ep).unwrap();
                r
            })
            .collect();
        for (i, r) in reqs.iter_mut().enumerate() {
            send(r, &[format!("req {i}").as_bytes()]);
        }
        for _ in 0..3 {
            let q = recv1(&mut rep);
            let mut a = q.clone();
            a.extend_from_slice(b" answered");
            send(&mut rep, &[&a]);
        }
        for (i, r) in reqs.iter_mut().enumerate() {
            expect(r, &[format!("req {i} answered").as_bytes()]);
        }
    }
}

#[test]
fn req_to_router_envelope() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let (mut router, mut req, _) = bound_pair(&ctx, SocketType::Router, SocketType::Req, t);
        send(&mut req, &[b"hello"]);
        let m = recv(&mut router);
        assert_eq!(m.len(), 3, "[id, delimiter, body]: {m:?}");
        assert!(m[1].is_empty());
        assert_eq!(m[2], b"hello");
        send(&mut router, &[&m[0], b"", b"world"]);
        expect(&mut req, &[b"world"]);
    }
}

#[test]
fn dealer_to_rep_envelope() {
    for t in INPROC_TCP {
        let ctx = ctx();
        let (mut rep, mut dealer, _) = bound_pair(&ctx, SocketType::Rep, SocketType::Dealer, t);
        send(&mut dealer, &[b"", b"hello"]);
        expect(&mut rep, &[b"hello"]);
        send(&mut rep, &[b"world"]);
        expect(&mut dealer, &[b"", b"world"]);
        // Extra envelope frames come back as they were.
        send(&mut dealer, &[b"hop", b"", b"again"]);
        expect(&mut rep, &[b"again"]);
        send(&mut rep, &[b"back"]);
        expect(&mut dealer, &[b"hop", b"", b"back"]);
    }
}

#[test]
fn relaxed_and_correlated_req() {
    let ctx = ctx();
    let (mut router, mut req, _) =
        bound_pair(&ctx, SocketType::Router, SocketType::Req, Transport::Tcp);
    req.set(sockopt::REQ_RELAXED, true).unwrap();
    req.set(sockopt::REQ_CORRELATE, true).unwrap();
    send(&mut req, &[b"first"]);
    // Relaxed: a new request without waiting for the reply.
    send(&mut req, &[b"second"]);
    let r1 = recv(&mut router);
    let r2 = recv(&mut router);
    // [peer id, request id (4 bytes), delimiter, body]
    assert_eq!(r1.len(), 4, "{r1:?}");
    assert_eq!(r1[1].len(), 4);
    assert!(r1[2].is_empty());
    assert_eq!(r1[3], b"first");
    assert_eq!(r2[3], b"second");
    assert_ne!(r1[1], r2[1]);
    // The reply to the superseded request is dropped by REQ.
    send(&mut router, &[&r1[0], &r1[1], b"", b"stale"]);
    send(&mut router, &[&r2[0], &r2[1], b"", b"fresh"]);
    expect(&mut req, &[b"fresh"]);
}

#[test]
fn wrong_direction_is_fsm() {
    let ctx = ctx();
    let mut rep = socket(&ctx, SocketType::Rep);
    assert_err(rep.send_bytes(b"x", DONTWAIT), Error::Fsm);
    let mut req = socket(&ctx, SocketType::Req);
    assert_err(req.recv(DONTWAIT), Error::Fsm);
}
