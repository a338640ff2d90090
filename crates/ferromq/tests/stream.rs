//! STREAM: raw TCP with a plain `std::net` peer. Connections and
//! disconnections arrive as [routing id, ""]; data as [routing id, bytes];
//! sending [routing id, ""] closes the connection.

mod util;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use ferromq::{sockopt, Error, Socket, SocketType, DONTWAIT};
use util::*;

fn tcp_peer(ep: &str) -> TcpStream {
    let addr = ep.strip_prefix("tcp://").unwrap();
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(TIMEOUT_MS as u64)))
        .unwrap();
    s
}

/// The next [id, data] message.
fn recv_frame(stream: &mut Socket) -> (Vec<u8>, Vec<u8>) {
    let m = recv(stream);
    assert_eq!(m.len(), 2, "[id, data] expected: {m:?}");
    let mut it = m.into_iter();
    (it.next().unwrap(), it.next().unwrap())
}

/// Receives from `id` until `want` bytes came (TCP may split them).
fn recv_data(stream: &mut Socket, id: &[u8], want: &[u8]) {
    let mut got = Vec::new();
    while got.len() < want.len() {
        let (from, chunk) = recv_frame(stream);
        assert_eq!(from, id);
        assert!(!chunk.is_empty(), "disconnected early");
        got.extend_from_slice(&chunk);
    }
    assert_eq!(got, want);
}

/// A bound STREAM socket. The context comes first so that, bound first,
/// it is dropped (terminated) last.
fn stream_server() -> (util::TestCtx, Socket, String) {
    let ctx = ctx();
    let mut s = socket(&ctx, SocketType::Stream);
    let ep = bind_tcp(&mut s);
    (ctx, s, ep)
}

#[test]
fn accept_exchange_and_close() {
    let (_ctx, mut stream, ep) = stream_server();
    let mut peer = tcp_peer(&ep);
    // Connect notification: [id, ""].
    let (id, data) = recv_frame(&mut stream);
    assert!(data.is_empty());
    assert!(!id.is_empty());
    peer.write_all(b"hello from raw tcp").unwrap();
    recv_data(&mut stream, &id, b"hello from raw tcp");
    // [id, data] writes the data, without framing.
    stream.send_multipart([&id[..], b"raw reply"], 0).unwrap();
    let mut buf = [0u8; 9];
    peer.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"raw reply");
    // [id, ""] closes the connection.
    stream.send_multipart([&id[..], b""], 0).unwrap();
    let mut rest = Vec::new();
    peer.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty(), "{rest:?}");
}

#[test]
fn frames_and_more_flags() {
    let (_ctx, mut stream, ep) = stream_server();
    let mut peer = tcp_peer(&ep);
    let id = stream.recv(0).unwrap();
    assert!(id.more());
    let empty = stream.recv(0).unwrap();
    assert!(empty.is_empty() && !empty.more());
    peer.write_all(b"x").unwrap();
    let id2 = stream.recv(0).unwrap();
    assert_eq!(id2.as_slice(), id.as_slice());
    assert!(id2.more() && stream.rcvmore());
    let data = stream.recv(0).unwrap();
    assert_eq!(data.as_slice(), b"x");
    assert!(!data.more() && !stream.rcvmore());
}

#[test]
fn peer_disconnect_is_notified() {
    let (_ctx, mut stream, ep) = stream_server();
    let peer = tcp_peer(&ep);
    let (id, data) = recv_frame(&mut stream);
    assert!(data.is_empty());
    drop(peer);
    let (gone, data) = recv_frame(&mut stream);
    assert_eq!(gone, id);
    assert!(data.is_empty());
}

#[test]
fn several_peers_have_distinct_ids() {
    let (_ctx, mut stream, ep) = stream_server();
    let mut peers: Vec<TcpStream> = (0..3).map(|_| tcp_peer(&ep)).collect();
    let mut ids = Vec::new();
    for _ in 0..3 {
        let (id, data) = recv_frame(&mut stream);
        assert!(data.is_empty());
        ids.push(id);
    }
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 3);
    // Each peer names itself; the stream answers by id.
    for (k, p) in peers.iter_mut().enumerate() {
        p.write_all(&[b'0' + k as u8]).unwrap();
    }
    for _ in 0..3 {
        let (id, data) = recv_frame(&mut stream);
        assert_eq!(data.len(), 1);
        stream
            .send_multipart([&id[..], &[data[0], b'!']], 0)
            .unwrap();
    }
    for (k, p) in peers.iter_mut().enumerate() {
        let mut buf = [0u8; 2];
        p.read_exact(&mut buf).unwrap();
        assert_eq!(buf, [b'0' + k as u8, b'!']);
    }
}

#[test]
fn unknown_id_is_unreachable() {
    let (_ctx, mut stream, _ep) = stream_server();
    let r = stream.send_bytes(b"nobody", ferromq::SNDMORE | DONTWAIT);
    assert_err(r, Error::HostUnreach);
}

#[test]
fn without_notify() {
    let ctx = ctx();
    let mut stream = socket(&ctx, SocketType::Stream);
    stream.set(sockopt::STREAM_NOTIFY, false).unwrap();
    let ep = bind_tcp(&mut stream);
    let mut peer = tcp_peer(&ep);
    peer.write_all(b"data first").unwrap();
    let (id, chunk) = recv_frame(&mut stream);
    assert!(!chunk.is_empty(), "no connect notification expected");
    let mut rest = b"data first".to_vec();
    assert!(rest.starts_with(&chunk));
    rest.drain(..chunk.len());
    if !rest.is_empty() {
        recv_data(&mut stream, &id, &rest);
    }
    drop(peer);
    expect_nothing(&mut stream);
}

fn connect_to_listener(rid: Option<&[u8]>) {
    let ctx = ctx();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let ep = format!("tcp://{}", listener.local_addr().unwrap());
    let mut stream = socket(&ctx, SocketType::Stream);
    if let Some(rid) = rid {
        stream
            .set(sockopt::CONNECT_ROUTING_ID, rid.to_vec())
            .unwrap();
    }
    stream.connect(&ep).unwrap();
    listener.set_nonblocking(true).unwrap();
    let (mut peer, _) = eventually("the connection", || listener.accept().ok());
    peer.set_nonblocking(false).unwrap();
    peer.set_read_timeout(Some(Duration::from_millis(TIMEOUT_MS as u64)))
        .unwrap();
    // Outgoing connections are announced too.
    let (id, data) = recv_frame(&mut stream);
    assert!(data.is_empty());
    if let Some(rid) = rid {
        assert_eq!(id, rid);
    }
    peer.write_all(b"banner").unwrap();
    recv_data(&mut stream, &id, b"banner");
    stream.send_multipart([&id[..], b"GET /"], 0).unwrap();
    let mut buf = [0u8; 5];
    peer.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"GET /");
}

#[test]
fn connect_to_plain_tcp_listener() {
    connect_to_listener(None);
}

#[test]
fn connect_with_connect_routing_id() {
    connect_to_listener(Some(b"upstream"));
}

#[test]
fn wrong_socket_types_rejected_on_wire() {
    // A ZeroMQ socket cannot talk to STREAM: the greeting is just bytes to
    // it, delivered raw.
    let (ctx, mut stream, ep) = stream_server();
    let mut dealer = socket(&ctx, SocketType::Dealer);
    dealer.connect(&ep).unwrap();
    let (id, data) = recv_frame(&mut stream);
    assert!(data.is_empty());
    // The ZMTP greeting starts with 0xff, eight bytes, 0x7f.
    let (from, chunk) = recv_frame(&mut stream);
    assert_eq!(from, id);
    assert_eq!(chunk[0], 0xff);
}
