//! Inbound flow control of an engine, replayed step by step: an engine
//! reading a connection into a pipe with a high-water mark, and the
//! socket's thread reading that pipe, in an order fixed by the test (the
//! pipe's test hook places the reader inside the writer's `check_write`).

use std::cell::RefCell;
use std::os::fd::OwnedFd;
use std::os::unix::net::UnixStream;
use std::rc::Rc;
use std::sync::Arc;

use ferromq_zmtp::SocketType;
use parking_lot::Mutex;

use super::engine::{Engine, EngineConfig, Progress};
use super::security::Security;
use crate::msg::Msg;
use crate::options::Options;
use crate::pipe::{self, test_hooks, Read, Wake, WakeKind};

/// A wake target that records what it is told.
#[derive(Default)]
pub(super) struct Log(pub(super) Mutex<Vec<WakeKind>>);

impl Wake for Log {
    fn wake(&self, _token: u64, kind: WakeKind) {
        self.0.lock().push(kind);
    }
}

pub(super) fn engine(fd: OwnedFd, socket_type: SocketType) -> Engine {
    engine_max(fd, socket_type, None)
}

/// An engine with ZMQ_MAXMSGSIZE `max_msg`.
pub(super) fn engine_max(fd: OwnedFd, socket_type: SocketType, max_msg: Option<u64>) -> Engine {
    let cfg = EngineConfig {
        in_batch: None,
        out_batch: None,
        socket_type,
        identity: Vec::new(),
        metadata: Vec::new(),
        max_msg,
        raw: false,
        security: Security::from_options(&Options::new(0)),
        ws: None,
    };
    Engine::new(fd, &cfg, String::new())
}

/// A PULL engine (under test) and a PUSH engine (its peer) on the two ends
/// of a socket pair, past the ZMTP handshake.
pub(super) fn connected_pair() -> (Engine, Engine) {
    connected_pair_max(None)
}

/// connected_pair with ZMQ_MAXMSGSIZE `max_msg` on the PULL engine.
pub(super) fn connected_pair_max(max_msg: Option<u64>) -> (Engine, Engine) {
    let (a, b) = UnixStream::pair().unwrap();
    a.set_nonblocking(true).unwrap();
    b.set_nonblocking(true).unwrap();
    let mut pull = engine_max(OwnedFd::from(a), SocketType::Pull, max_msg);
    let mut push = engine(OwnedFd::from(b), SocketType::Push);
    pull.flush().unwrap();
    push.flush().unwrap();
    let (mut pull_done, mut push_done) = (false, false);
    for _ in 0..10 {
        if !pull_done {
            pull_done = matches!(pull.input(None).unwrap(), Progress::Handshaked(_));
        }
        if !push_done {
            push_done = matches!(push.input(None).unwrap(), Progress::Handshaked(_));
        }
    }
    assert!(pull_done && push_done, "handshake did not complete");
    (pull, push)
}

/// Makes the peer write messages `range` to the connection.
pub(super) fn peer_sends(push: &mut Engine, range: std::ops::Range<u32>) {
    let log: Arc<dyn Wake> = Arc::new(Log::default());
    let (mut app, mut sess) = pipe::pipe(0, 0, log.clone(), Some(log), false);
    for i in range {
        app.write(Msg::from_slice(&i.to_le_bytes()));
    }
    app.flush();
    push.output(Some(&mut sess)).unwrap();
    assert!(!push.has_unsent());
}

pub(super) fn number(m: &Msg) -> u32 {
    u32::from_le_bytes(m.as_slice().try_into().unwrap())
}

/// The lost wake-up behind the PUSH/PULL stall: an input pass that runs
/// while the engine is blocked at the high-water mark (new bytes arrived),
/// at the moment the socket's thread has just made room. `check_write`
/// registers for a wake-up, sees the room on its re-check and withdraws
/// the registration; the pass then writes what it had buffered. It must
/// not stay "blocked" after that: nothing would wake it, so the rest of
/// the stream would sit unread in the connection while the socket's
/// thread sleeps on an empty pipe.
#[test]
fn input_pass_while_blocked_does_not_lose_the_wake_up() {
    const HWM: u64 = 5;
    const TOTAL: u32 = 10;
    let (mut pull, mut push) = connected_pair();
    // The session's pipe: `sock` is the PULL socket's end, `sess` the
    // engine's. The engine's wake-ups (WakeKind::Write) land in `to_io`.
    let to_socket: Arc<dyn Wake> = Arc::new(Log::default());
    let to_io = Arc::new(Log::default());
    let (sock, mut sess) = pipe::pipe(0, HWM, to_socket, Some(to_io.clone()), false);
    sock.set_token(1);
    sess.set_token(2);
    let sock = Rc::new(RefCell::new(sock));
    let mut got = Vec::new();

    // Six messages arrive: five fill the pipe, the sixth waits in the
    // engine's buffer and the engine is blocked.
    peer_sends(&mut push, 0..6);
    assert!(matches!(
        pull.input(Some(&mut sess)).unwrap(),
        Progress::Idle
    ));
    assert!(pull.in_blocked(), "5 messages should fill a pipe of HWM 5");

    // The rest of the stream arrives (an EPOLLIN edge), and the input pass
    // it causes runs just as the socket's thread reads a message: between
    // check_write's registration and its re-check.
    peer_sends(&mut push, 6..TOTAL);
    let reader = sock.clone();
    test_hooks::set_before_recheck(move || match reader.borrow_mut().read() {
        Read::Msg(m) => assert_eq!(number(&m), 0),
        other => panic!("{other:?}"),
    });
    got.push(0);
    pull.input(Some(&mut sess)).unwrap();

    // From here on, as the socket and the I/O thread would: the socket
    // reads whatever is there; a Write wake-up unblocks the engine.
    for _ in 0..100 {
        while let Read::Msg(m) = sock.borrow_mut().read() {
            got.push(number(&m));
        }
        let wakes = std::mem::take(&mut *to_io.0.lock());
        if wakes.is_empty() {
            break;
        }
        for _ in wakes {
            pull.unblock(&mut sess).unwrap();
        }
    }
    assert_eq!(
        got,
        (0..TOTAL).collect::<Vec<_>>(),
        "input stalled: in_blocked={}, no wake-up pending",
        pull.in_blocked()
    );
}
