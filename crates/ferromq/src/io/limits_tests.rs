//! What a connection holds while idle (its read and batch buffers), and
//! the bounds on one inbound message (a peer that never ends a message):
//! an engine under test on one end of a socket pair, its peer an engine
//! or raw bytes written to the other end.

use std::io::{ErrorKind, Write};
use std::os::unix::net::UnixStream;
use std::sync::Arc;

use ferromq_zmtp::ProtocolError;

use super::engine::{Engine, EngineError, Progress, MAX_MSG_FRAMES, MAX_PENDING_BYTES};
use super::flow_tests::{connected_pair, connected_pair_max, number, peer_sends, Log};
use crate::msg::Msg;
use crate::pipe::{self, PipeEnd, Read, Wake};

/// A session's pipe: (the socket's end, the engine's end).
fn pipe_pair(in_hwm: u64) -> (PipeEnd, PipeEnd) {
    let to_socket: Arc<dyn Wake> = Arc::new(Log::default());
    let to_io: Arc<dyn Wake> = Arc::new(Log::default());
    let (sock, sess) = pipe::pipe(0, in_hwm, to_socket, Some(to_io), false);
    sock.set_token(1);
    sess.set_token(2);
    (sock, sess)
}

/// One ZMTP message frame.
fn frame(more: bool, body: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(body.len() + 9);
    let flags = u8::from(more);
    if body.len() < 256 {
        v.extend_from_slice(&[flags, body.len() as u8]);
    } else {
        v.push(flags | 0x02);
        v.extend_from_slice(&(body.len() as u64).to_be_bytes());
    }
    v.extend_from_slice(body);
    v
}

/// Runs input passes until the engine has nothing more to do.
fn pump(engine: &mut Engine, sess: &mut PipeEnd) -> Result<(), EngineError> {
    for _ in 0..100_000 {
        match engine.input(Some(sess))? {
            Progress::Again => continue,
            _ => return Ok(()),
        }
    }
    panic!("input never settled");
}

/// Writes `bytes` to the connection as the peer, letting the engine read
/// whenever the connection is full. The engine's first error is returned.
fn feed(
    raw: &mut UnixStream,
    engine: &mut Engine,
    sess: &mut PipeEnd,
    mut bytes: &[u8],
) -> Result<(), EngineError> {
    while !bytes.is_empty() {
        match raw.write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == ErrorKind::WouldBlock => pump(engine, sess)?,
            Err(e) => panic!("write: {e}"),
        }
    }
    pump(engine, sess)
}

/// Reads every frame the socket can see: (frames, whether the last one
/// ended a message).
fn read_all(sock: &mut PipeEnd) -> Vec<Msg> {
    let mut v = Vec::new();
    while let Read::Msg(m) = sock.read() {
        v.push(m);
    }
    v
}

fn too_large(r: Result<(), EngineError>) -> bool {
    matches!(
        r,
        Err(EngineError::Protocol(ProtocolError::MessageTooLarge))
    )
}

#[test]
fn idle_connection_gives_up_its_read_buffer() {
    let (mut pull, mut push) = connected_pair();
    assert_eq!(pull.inbuf_capacity(), 0, "after the handshake");
    let (mut sock, mut sess) = pipe_pair(0);

    peer_sends(&mut push, 0..10);
    pump(&mut pull, &mut sess).unwrap();
    let got: Vec<u32> = read_all(&mut sock).iter().map(number).collect();
    assert_eq!(got, (0..10).collect::<Vec<_>>());
    assert_eq!(pull.inbuf_capacity(), 0, "after whole frames");

    // Half a frame keeps the buffer until the rest arrives.
    let mut raw = push.raw_stream();
    let f = frame(false, b"abcdefghij");
    feed(&mut raw, &mut pull, &mut sess, &f[..5]).unwrap();
    assert!(read_all(&mut sock).is_empty());
    assert!(pull.inbuf_capacity() >= 3, "a partial frame is kept");
    feed(&mut raw, &mut pull, &mut sess, &f[5..]).unwrap();
    let got = read_all(&mut sock);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].as_slice(), b"abcdefghij");
    assert_eq!(pull.inbuf_capacity(), 0, "after the rest of it");
}

#[test]
fn input_held_back_by_a_full_pipe_keeps_the_buffer() {
    let (mut pull, mut push) = connected_pair();
    let (mut sock, mut sess) = pipe_pair(2);
    peer_sends(&mut push, 0..5);
    pump(&mut pull, &mut sess).unwrap();
    assert!(pull.in_blocked());
    assert!(pull.inbuf_capacity() > 0, "undecoded input is kept");
    let mut got = Vec::new();
    for _ in 0..10 {
        got.extend(read_all(&mut sock).iter().map(number));
        if got.len() == 5 {
            break;
        }
        pull.unblock(&mut sess).unwrap();
    }
    assert_eq!(got, (0..5).collect::<Vec<_>>());
    assert_eq!(pull.inbuf_capacity(), 0);
}

#[test]
fn idle_connection_gives_up_a_grown_batch_buffer() {
    let (mut pull, mut push) = connected_pair();
    let (mut pull_sock, mut pull_sess) = pipe_pair(0);
    let (mut app, mut push_sess) = pipe_pair(0);
    const N: usize = 3000;
    for _ in 0..N {
        app.write(Msg::from_slice(&[7u8; 100]));
    }
    app.flush();
    let mut got = 0;
    let mut grown = 0;
    let mut queued = 0;
    push.output(Some(&mut push_sess)).unwrap();
    for _ in 0..10_000 {
        grown = grown.max(push.outbuf_capacity());
        queued = queued.max(push.outbuf_queued());
        pump(&mut pull, &mut pull_sess).unwrap();
        got += read_all(&mut pull_sock).len();
        if got == N {
            break;
        }
        push.on_writable(Some(&mut push_sess)).unwrap();
    }
    assert_eq!(got, N);
    assert!(queued > 16 * 1024, "a burst batches: {queued} bytes");
    assert!(grown > 4096, "the batch buffer grew: {grown} bytes");
    assert!(!push.has_unsent());
    assert_eq!(push.outbuf_capacity(), 0, "given up once idle");

    // The next buffer starts at the size the burst reached, is given up
    // again, and after a quiet period stays small.
    for round in 0..3 {
        app.write(Msg::from_slice(b"ping"));
        app.flush();
        push.output(Some(&mut push_sess)).unwrap();
        pump(&mut pull, &mut pull_sess).unwrap();
        assert_eq!(read_all(&mut pull_sock).len(), 1);
        if round == 2 {
            let cap = push.outbuf_capacity();
            assert!(cap > 0 && cap <= 4096, "round {round}: {cap}");
        }
    }
}

#[test]
fn the_documented_bounds() {
    assert_eq!(MAX_MSG_FRAMES, 65_536);
    assert_eq!(MAX_PENDING_BYTES, 256 * 1024 * 1024);
}

/// A peer sends MORE frames forever: the connection is dropped at the
/// frame bound, nothing of the message reaches the socket, however small
/// the pipe's high-water mark.
#[test]
fn endless_multipart_is_cut_off() {
    let (mut pull, push) = connected_pair();
    let (mut sock, mut sess) = pipe_pair(10);
    let mut raw = push.raw_stream();
    let bytes = frame(true, b"").repeat(MAX_MSG_FRAMES as usize + 1);
    assert!(too_large(feed(&mut raw, &mut pull, &mut sess, &bytes)));
    assert!(read_all(&mut sock).is_empty());
}

#[test]
fn a_message_of_max_frames_is_delivered() {
    let (mut pull, push) = connected_pair();
    let (mut sock, mut sess) = pipe_pair(10);
    let mut raw = push.raw_stream();
    let mut bytes = frame(true, b"x").repeat(MAX_MSG_FRAMES as usize - 1);
    bytes.extend(frame(false, b"end"));
    let mut got = Vec::new();
    let mut rest = &bytes[..];
    // The socket reads as the frames become visible (only once whole).
    while !rest.is_empty() {
        let n = rest.len().min(64 * 1024);
        feed(&mut raw, &mut pull, &mut sess, &rest[..n]).unwrap();
        rest = &rest[n..];
        got.extend(read_all(&mut sock));
    }
    got.extend(read_all(&mut sock));
    assert_eq!(got.len(), MAX_MSG_FRAMES as usize);
    assert_eq!(got.last().unwrap().as_slice(), b"end");
    assert!(!got.last().unwrap().more());
}

/// ZMQ_MAXMSGSIZE bounds the sum of a message's frames.
#[test]
fn maxmsgsize_bounds_the_whole_message() {
    let (mut pull, push) = connected_pair_max(Some(100));
    let (mut sock, mut sess) = pipe_pair(0);
    let mut raw = push.raw_stream();
    let mut ok = frame(true, &[1; 60]);
    ok.extend(frame(false, &[2; 40]));
    feed(&mut raw, &mut pull, &mut sess, &ok).unwrap();
    assert_eq!(read_all(&mut sock).len(), 2);
    let mut over = frame(true, &[1; 60]);
    over.extend(frame(false, &[2; 41]));
    assert!(too_large(feed(&mut raw, &mut pull, &mut sess, &over)));
    assert!(read_all(&mut sock).is_empty());
}

/// Without ZMQ_MAXMSGSIZE the frames before a message's last are bounded
/// (large frames too, before their buffer is allocated); the last frame
/// is not.
#[test]
fn pending_bytes_are_bounded_without_maxmsgsize() {
    let (mut pull, push) = connected_pair();
    pull.set_msg_bounds(MAX_MSG_FRAMES, 40_000);
    let (mut sock, mut sess) = pipe_pair(0);
    let mut raw = push.raw_stream();
    let mut ok = frame(true, &[1; 30_000]);
    ok.extend(frame(true, &[1; 10_000]));
    ok.extend(frame(false, &[2; 100_000]));
    feed(&mut raw, &mut pull, &mut sess, &ok).unwrap();
    let got = read_all(&mut sock);
    assert_eq!(got.len(), 3);
    assert_eq!(got[2].len(), 100_000);

    let mut over = frame(true, &[1; 33_000]);
    over.extend(frame(true, &[1; 33_000]));
    assert!(too_large(feed(&mut raw, &mut pull, &mut sess, &over)));
    assert!(read_all(&mut sock).is_empty());
}

/// A message held back at the high-water mark is counted once, when it
/// is decoded; the count starts afresh with every message.
#[test]
fn bounds_and_the_high_water_mark() {
    let (mut pull, push) = connected_pair();
    pull.set_msg_bounds(4, MAX_PENDING_BYTES);
    let (mut sock, mut sess) = pipe_pair(1);
    let mut raw = push.raw_stream();
    let mut bytes = frame(false, b"a");
    for _ in 0..3 {
        bytes.extend(frame(true, b"b"));
    }
    bytes.extend(frame(false, b"b"));
    feed(&mut raw, &mut pull, &mut sess, &bytes).unwrap();
    assert!(pull.in_blocked(), "the second message waits");
    let mut got = Vec::new();
    for _ in 0..10 {
        got.extend(read_all(&mut sock));
        if got.len() == 5 {
            break;
        }
        pull.unblock(&mut sess).unwrap();
    }
    assert_eq!(got.len(), 5);
    for _ in 0..3 {
        let mut four = Vec::new();
        for _ in 0..3 {
            four.extend(frame(true, b"c"));
        }
        four.extend(frame(false, b"c"));
        feed(&mut raw, &mut pull, &mut sess, &four).unwrap();
        assert_eq!(read_all(&mut sock).len(), 4);
    }
    let five = frame(true, b"d").repeat(5);
    assert!(too_large(feed(&mut raw, &mut pull, &mut sess, &five)));
}
