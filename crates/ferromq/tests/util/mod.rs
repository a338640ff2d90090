//! Helpers shared by the integration tests: a context that terminates
//! itself, sockets that never block for long, endpoints that never clash
//! between tests running in parallel, and bounded waits.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use ferromq::poll::{poll, PollItem, Target};
use ferromq::{opt, sockopt, Context, Error, Socket, SocketType, DONTWAIT};

/// Receive/send timeout of every test socket: long enough for a loaded
/// machine, short enough that a broken test fails instead of hanging.
pub(crate) const TIMEOUT_MS: i32 = 5000;

/// How long to wait before concluding that something did *not* arrive.
pub(crate) const ABSENT_MS: i32 = 100;

/// The transports a behaviour is checked over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transport {
    Inproc,
    Tcp,
    Ipc,
}

/// inproc and tcp: what most behaviours are checked over.
pub(crate) const INPROC_TCP: [Transport; 2] = [Transport::Inproc, Transport::Tcp];
/// All three transports.
pub(crate) const ALL: [Transport; 3] = [Transport::Inproc, Transport::Tcp, Transport::Ipc];

/// A context that is terminated (`zmq_ctx_term`) when dropped, unless the
/// test is already failing (a stuck term must not hide the real failure).
/// Declare it before the sockets so they are dropped first.
pub(crate) struct TestCtx(pub(crate) Context);

impl std::ops::Deref for TestCtx {
    type Target = Context;
    fn deref(&self) -> &Context {
        &self.0
    }
}

impl Drop for TestCtx {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        // term blocks until every socket is closed: bound it, so a socket
        // left open fails the test instead of hanging it.
        let ctx = self.0.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(ctx.term());
        });
        match rx.recv_timeout(Duration::from_millis(2 * TIMEOUT_MS as u64)) {
            Ok(r) => r.expect("context term"),
            Err(_) => panic!("context term did not finish: a socket is still open"),
        }
    }
}

pub(crate) fn ctx() -> TestCtx {
    TestCtx(Context::new())
}

/// A socket with bounded send/receive timeouts and no linger.
pub(crate) fn socket(ctx: &Context, ty: SocketType) -> Socket {
    let mut s = ctx.socket(ty).expect("socket");
    s.set(sockopt::RCVTIMEO, TIMEOUT_MS).unwrap();
    s.set(sockopt::SNDTIMEO, TIMEOUT_MS).unwrap();
    s.set(sockopt::LINGER, 0).unwrap();
    s
}

fn unique() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// A fresh inproc endpoint.
pub(crate) fn inproc_endpoint() -> String {
    format!("inproc://ferromq-test-{}", unique())
}

/// A fresh ipc endpoint (a path under the temp directory).
pub(crate) fn ipc_endpoint() -> String {
    let dir = std::env::temp_dir();
    format!("ipc://{}/ferromq-test-{}.ipc", dir.display(), unique())
}

/// Binds to an ephemeral loopback port; returns the endpoint to connect to.
pub(crate) fn bind_tcp(s: &mut Socket) -> String {
    s.bind("tcp://127.0.0.1:*").expect("bind tcp");
    s.get(sockopt::LAST_ENDPOINT).expect("LAST_ENDPOINT")
}

/// Binds `s` over `t`; returns the endpoint peers connect to.
pub(crate) fn bind(s: &mut Socket, t: Transport) -> String {
    match t {
        Transport::Tcp => bind_tcp(s),
        Transport::Inproc => {
            let ep = inproc_endpoint();
            s.bind(&ep).expect("bind inproc");
            ep
        }
        Transport::Ipc => {
            let ep = ipc_endpoint();
            s.bind(&ep).expect("bind ipc");
            ep
        }
    }
}

/// Two sockets, `a` bound and `b` connected to it over `t`.
pub(crate) fn bound_pair(
    ctx: &Context,
    a: SocketType,
    b: SocketType,
    t: Transport,
) -> (Socket, Socket, String) {
    let mut sa = socket(ctx, a);
    let ep = bind(&mut sa, t);
    let mut sb = socket(ctx, b);
    sb.connect(&ep).expect("connect");
    (sa, sb, ep)
}

/// Sends `frames` as one message.
pub(crate) fn send(s: &mut Socket, frames: &[&[u8]]) {
    s.send_multipart(frames.iter().copied(), 0).expect("send");
}

/// Receives one message (all frames), failing after [`TIMEOUT_MS`].
pub(crate) fn recv(s: &mut Socket) -> Vec<Vec<u8>> {
    s.recv_multipart(0).expect("recv")
}

/// Receives one single-frame message.
pub(crate) fn recv1(s: &mut Socket) -> Vec<u8> {
    let m = recv(s);
    assert_eq!(m.len(), 1, "expected one frame, got {m:?}");
    m.into_iter().next().unwrap()
}

/// Asserts the next message is `frames`.
pub(crate) fn expect(s: &mut Socket, frames: &[&[u8]]) {
    let got = recv(s);
    let want: Vec<Vec<u8>> = frames.iter().map(|f| f.to_vec()).collect();
    assert_eq!(got, want, "unexpected message");
}

/// Asserts nothing arrives within [`ABSENT_MS`].
pub(crate) fn expect_nothing(s: &mut Socket) {
    assert!(
        wait_readable(s, ABSENT_MS).is_none(),
        "unexpected message: {:?}",
        s.recv_multipart(DONTWAIT)
    );
}

/// Waits up to `ms` for `s` to be readable; Some(()) if it is.
pub(crate) fn wait_readable(s: &mut Socket, ms: i32) -> Option<()> {
    let mut items = [PollItem {
        target: Target::Socket(s),
        events: opt::ZMQ_POLLIN,
        revents: 0,
    }];
    let n = poll(&mut items, i64::from(ms)).expect("poll");
    (n == 1).then_some(())
}

/// Retries `f` until it returns Some, for at most [`TIMEOUT_MS`].
pub(crate) fn eventually<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let end = Instant::now() + Duration::from_millis(TIMEOUT_MS as u64);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Makes sure `sub` (already subscribed to what the test needs) is
/// subscribed at every publisher in `pubs`: each publisher sends probes
/// under a private topic until the subscriber has seen one from each, then
/// one fence message; once every fence is in, no probe is left in flight
/// (each connection keeps its order), and the private subscription is
/// dropped.
///
/// Works for SUB and XSUB peers of PUB and XPUB (an XSUB caller must have
/// sent its subscriptions already).
pub(crate) fn sync_sub(sub: &mut Socket, pubs: &mut [&mut Socket]) {
    const SYNC: &[u8] = b"\xffsync";
    let xsub = sub.socket_type() == SocketType::XSub;
    let subscribe = |sub: &mut Socket, on: bool| {
        if xsub {
            let mut m = vec![u8::from(on)];
            m.extend_from_slice(SYNC);
            sub.send_bytes(&m, 0).unwrap();
        } else if on {
            sub.set(sockopt::SUBSCRIBE, SYNC.to_vec()).unwrap();
        } else {
            sub.set(sockopt::UNSUBSCRIBE, SYNC.to_vec()).unwrap();
        }
    };
    subscribe(sub, true);
    let probe = |i: usize, kind: u8| {
        let mut m = SYNC.to_vec();
        m.extend_from_slice(&[kind, i as u8]);
        m
    };
    let mut seen = vec![false; pubs.len()];
    eventually("subscriptions to reach the publishers", || {
        for (i, p) in pubs.iter_mut().enumerate() {
            if !seen[i] {
                p.send_bytes(&probe(i, b'p'), DONTWAIT).unwrap();
            }
        }
        if wait_readable(sub, 10).is_some() {
            while let Ok(m) = sub.recv_bytes(DONTWAIT) {
                assert!(m.starts_with(SYNC), "message before sync: {m:?}");
                seen[m[SYNC.len() + 1] as usize] = true;
            }
        }
        seen.iter().all(|&s| s).then_some(())
    });
    for (i, p) in pubs.iter_mut().enumerate() {
        p.send_bytes(&probe(i, b'f'), 0).unwrap();
    }
    let mut fences = 0;
    while fences < pubs.len() {
        let m = recv1(sub);
        assert!(m.starts_with(SYNC), "message before sync: {m:?}");
        if m[SYNC.len()] == b'f' {
            fences += 1;
        }
    }
    subscribe(sub, false);
}

/// Asserts `r` failed with `e`.
#[track_caller]
pub(crate) fn assert_err<T: std::fmt::Debug>(r: Result<T, Error>, e: Error) {
    match r {
        Err(got) => {
            assert_eq!(got, e, "wrong error");
            assert_eq!(got.errno(), e.errno());
        }
        Ok(v) => panic!("expected {e:?}, got Ok({v:?})"),
    }
}
