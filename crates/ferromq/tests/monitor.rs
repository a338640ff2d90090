//! Socket monitoring: `Socket::monitor` publishes events on an inproc PAIR
//! socket; each event is [6 bytes: event (u16) + value (u32), endpoint].

mod util;

use ferromq::opt::*;
use ferromq::{Context, Error, Socket, SocketType};
use util::*;

#[derive(Debug)]
struct Event {
    event: u32,
    value: u32,
    endpoint: String,
}

/// Starts monitoring `s` for `events`; returns the PAIR reading them.
fn monitor(ctx: &Context, s: &mut Socket, events: u32) -> Socket {
    let ep = inproc_endpoint();
    s.monitor(Some(&ep), events as i32).unwrap();
    let mut mon = socket(ctx, SocketType::Pair);
    mon.connect(&ep).unwrap();
    mon
}

fn next_event(mon: &mut Socket) -> Event {
    let m = recv(mon);
    assert_eq!(m.len(), 2, "event frames: {m:?}");
    assert_eq!(m[0].len(), 6);
    Event {
        event: u32::from(u16::from_ne_bytes([m[0][0], m[0][1]])),
        value: u32::from_ne_bytes([m[0][2], m[0][3], m[0][4], m[0][5]]),
        endpoint: String::from_utf8(m[1].clone()).unwrap(),
    }
}

/// Skips events until `event` (each wait bounded by the socket timeout).
fn wait_event(mon: &mut Socket, event: u32) -> Event {
    let mut skipped = Vec::new();
    loop {
        let e = next_event(mon);
        if e.event == event {
            return e;
        }
        assert!(skipped.len() < 50, "no {event:#x} among {skipped:?}");
        skipped.push(e);
    }
}

#[test]
fn bound_side_events() {
    for t in [Transport::Tcp, Transport::Ipc] {
        let ctx = ctx();
        let mut server = socket(&ctx, SocketType::Dealer);
        let mut mon = monitor(&ctx, &mut server, ZMQ_EVENT_ALL);
        let ep = bind(&mut server, t);
        let e = next_event(&mut mon);
        assert_eq!(e.event, ZMQ_EVENT_LISTENING, "{e:?}");
        assert_eq!(e.endpoint, ep);
        let mut client = socket(&ctx, SocketType::Dealer);
        client.connect(&ep).unwrap();
        let e = wait_event(&mut mon, ZMQ_EVENT_ACCEPTED);
        assert_eq!(e.endpoint, ep);
        assert!(e.value > 2, "the accepted fd: {e:?}");
        wait_event(&mut mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
        // Traffic works as usual.
        send(&mut client, &[b"x"]);
        expect(&mut server, &[b"x"]);
        drop(client);
        wait_event(&mut mon, ZMQ_EVENT_DISCONNECTED);
        server.unbind(&ep).unwrap();
        let e = wait_event(&mut mon, ZMQ_EVENT_CLOSED);
        assert_eq!(e.endpoint, ep);
        server.monitor(None, 0).unwrap();
        let e = wait_event(&mut mon, ZMQ_EVENT_MONITOR_STOPPED);
        assert_eq!(e.value, 0);
    }
}

#[test]
fn connecting_side_events() {
    let ctx = ctx();
    let mut server = socket(&ctx, SocketType::Rep);
    let ep = bind_tcp(&mut server);
    let mut client = socket(&ctx, SocketType::Req);
    let mut mon = monitor(&ctx, &mut client, ZMQ_EVENT_ALL);
    client.connect(&ep).unwrap();
    let e = wait_event(&mut mon, ZMQ_EVENT_CONNECTED);
    assert_eq!(e.endpoint, ep);
    wait_event(&mut mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    send(&mut client, &[b"q"]);
    expect(&mut server, &[b"q"]);
    send(&mut server, &[b"a"]);
    expect(&mut client, &[b"a"]);
    // The server goes away: the client notices, and tries again.
    drop(server);
    wait_event(&mut mon, ZMQ_EVENT_DISCONNECTED);
    wait_event(&mut mon, ZMQ_EVENT_CONNECT_RETRIED);
}

#[test]
fn only_requested_events() {
    let ctx = ctx();
    let mut server = socket(&ctx, SocketType::Pull);
    let ep = bind_tcp(&mut server);
    let mut client = socket(&ctx, SocketType::Push);
    let mut mon = monitor(
        &ctx,
        &mut client,
        ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_MONITOR_STOPPED,
    );
    client.connect(&ep).unwrap();
    send(&mut client, &[b"x"]);
    expect(&mut server, &[b"x"]);
    drop(server);
    // CONNECTED, HANDSHAKE_SUCCEEDED... were not asked for.
    assert_eq!(next_event(&mut mon).event, ZMQ_EVENT_DISCONNECTED);
    client.monitor(None, 0).unwrap();
    assert_eq!(next_event(&mut mon).event, ZMQ_EVENT_MONITOR_STOPPED);
}

#[test]
fn bind_failure_is_reported() {
    let ctx = ctx();
    let mut first = socket(&ctx, SocketType::Pair);
    let ep = bind_tcp(&mut first);
    let mut second = socket(&ctx, SocketType::Pair);
    let mut mon = monitor(&ctx, &mut second, ZMQ_EVENT_ALL);
    assert_err(second.bind(&ep), Error::AddrInUse);
    // As libzmq 4.3: the listening socket it closed comes first (CLOSED,
    // no endpoint), then BIND_FAILED with the errno and the address
    // without its "tcp://".
    let e = next_event(&mut mon);
    assert_eq!(
        (e.event, e.endpoint.as_str()),
        (ZMQ_EVENT_CLOSED, ""),
        "{e:?}"
    );
    let e = next_event(&mut mon);
    assert_eq!(e.event, ZMQ_EVENT_BIND_FAILED, "{e:?}");
    assert_eq!(e.value as i32, Error::AddrInUse.errno());
    assert_eq!(e.endpoint, ep.strip_prefix("tcp://").unwrap());
}

#[test]
fn monitor_endpoint_must_be_inproc() {
    let ctx = ctx();
    let mut s = socket(&ctx, SocketType::Pair);
    assert_err(
        s.monitor(Some("tcp://127.0.0.1:*"), ZMQ_EVENT_ALL as i32),
        Error::ProtoNoSupport,
    );
}

/// Events the monitor socket cannot take (nobody connected to it yet) are
/// dropped, never blocking, and counted; once a reader is connected,
/// events arrive and the count stays.
#[test]
fn dropped_events_are_counted() {
    let ctx = ctx();
    let mut server = socket(&ctx, SocketType::Dealer);
    let ep = inproc_endpoint();
    server.monitor(Some(&ep), ZMQ_EVENT_ALL as i32).unwrap();
    assert_eq!(server.monitor_events_dropped(), 0);
    // LISTENING, with no reader: dropped.
    let tcp = bind_tcp(&mut server);
    assert_eq!(server.monitor_events_dropped(), 1);
    let mut mon = socket(&ctx, SocketType::Pair);
    mon.connect(&ep).unwrap();
    let mut client = socket(&ctx, SocketType::Dealer);
    client.connect(&tcp).unwrap();
    let e = wait_event(&mut mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    assert_eq!(e.endpoint, tcp);
    assert_eq!(server.monitor_events_dropped(), 1);
}
