//! The typed Rust API: SendFlags/RecvFlags, Duration timeouts, try_recv,
//! AsFd/AsRawFd (ZMQ_FD), poll::wait and PollItem constructors.

use std::os::fd::{AsFd, AsRawFd};
use std::time::{Duration, Instant};

use ferromq::poll::{self, PollItem};
use ferromq::{sockopt, Context, Error, PollEvents, RecvFlags, SendFlags, Socket, SocketType};

fn pair(ctx: &Context, name: &str) -> (Socket, Socket) {
    let mut a = ctx.socket(SocketType::Pair).unwrap();
    let mut b = ctx.socket(SocketType::Pair).unwrap();
    let ep = format!("inproc://typed-{name}");
    a.bind(&ep).unwrap();
    b.connect(&ep).unwrap();
    b.set_rcvtimeo(Some(Duration::from_secs(5))).unwrap();
    a.set_rcvtimeo(Some(Duration::from_secs(5))).unwrap();
    (a, b)
}

#[test]
fn typed_flags_carry_more_and_dontwait() {
    let ctx = Context::new();
    let (mut a, mut b) = pair(&ctx, "flags");
    a.send_bytes_with(b"1", SendFlags::MORE).unwrap();
    a.send_bytes_with(b"2", SendFlags::DONT_WAIT | SendFlags::MORE)
        .unwrap();
    a.send_multipart_with([b"3".as_slice(), b"4"], SendFlags::DONT_WAIT)
        .unwrap();
    let first = b.recv_msg(RecvFlags::NONE).unwrap();
    assert_eq!(first.as_slice(), b"1");
    assert!(b.rcvmore());
    assert_eq!(
        b.recv_multipart_with(RecvFlags::DONT_WAIT).unwrap(),
        vec![b"2".to_vec(), b"3".to_vec(), b"4".to_vec()]
    );
    assert!(!b.rcvmore());
    // Nothing left: DONT_WAIT is EAGAIN, try_recv is None, right away.
    assert!(matches!(
        b.recv_bytes_with(RecvFlags::DONT_WAIT),
        Err(Error::Again)
    ));
    assert_eq!(b.try_recv_bytes().unwrap(), None);
    assert!(b.try_recv_msg().unwrap().is_none());
    let mut m = ferromq::Msg::from_slice(b"m");
    a.send_msg(&mut m, SendFlags::NONE).unwrap();
    assert_eq!(b.try_recv_multipart_blocking(), vec![b"m".to_vec()]);
}

trait Blocking {
    fn try_recv_multipart_blocking(&mut self) -> Vec<Vec<u8>>;
}
impl Blocking for Socket {
    /// try_recv_multipart until the message is there (bounded).
    fn try_recv_multipart_blocking(&mut self) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(m) = self.try_recv_multipart().unwrap() {
                return m;
            }
            assert!(Instant::now() < deadline, "message never came");
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

#[test]
fn duration_options_round_trip_through_milliseconds() {
    let ctx = Context::new();
    let mut s = ctx.socket(SocketType::Dealer).unwrap();
    assert_eq!(s.rcvtimeo().unwrap(), None);
    s.set_rcvtimeo(Some(Duration::from_millis(1500))).unwrap();
    assert_eq!(s.get(sockopt::RCVTIMEO).unwrap(), 1500);
    assert_eq!(s.rcvtimeo().unwrap(), Some(Duration::from_millis(1500)));
    // Sub-millisecond rounds up: 0 would mean "do not wait".
    s.set_sndtimeo(Some(Duration::from_micros(10))).unwrap();
    assert_eq!(s.get(sockopt::SNDTIMEO).unwrap(), 1);
    s.set_sndtimeo(None).unwrap();
    assert_eq!(s.sndtimeo().unwrap(), None);
    s.set_linger(Some(Duration::ZERO)).unwrap();
    assert_eq!(s.linger().unwrap(), Some(Duration::ZERO));
    assert!(matches!(
        s.set_linger(Some(Duration::from_secs(u64::MAX / 2))),
        Err(Error::Inval)
    ));
    // A receive with a timeout gives up with EAGAIN (bounded: 5 s at most).
    s.set_rcvtimeo(Some(Duration::from_millis(20))).unwrap();
    let t = Instant::now();
    assert!(matches!(s.recv_bytes(0), Err(Error::Again)));
    assert!(t.elapsed() < Duration::from_secs(5));
}

#[test]
fn as_fd_is_zmq_fd_and_signals() {
    let ctx = Context::new();
    let (mut a, mut b) = pair(&ctx, "fd");
    let fd = b.as_raw_fd();
    assert_eq!(fd, b.get(sockopt::FD).unwrap());
    assert_eq!(b.as_fd().as_raw_fd(), fd);
    assert!(!b.poll_events().unwrap().readable());
    a.send_bytes(b"wake", 0).unwrap();
    // The fd becomes readable (bounded wait), then ZMQ_EVENTS says IN.
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd.
    let n = unsafe { libc::poll(&mut p, 1, 5000) };
    assert_eq!(n, 1, "ZMQ_FD never became readable");
    assert!(b.poll_events().unwrap().readable());
    assert_eq!(b.recv_bytes(0).unwrap(), b"wake");
}

#[test]
fn poll_wait_returns_readiness_without_holding_borrows() {
    let ctx = Context::new();
    let (mut a, mut b) = pair(&ctx, "wait");
    let ready = poll::wait(
        &mut [
            (&mut a, PollEvents::IN),
            (&mut b, PollEvents::IN | PollEvents::OUT),
        ],
        Some(Duration::ZERO),
    )
    .unwrap();
    assert_eq!(ready, vec![PollEvents::NONE, PollEvents::OUT]);
    b.send_bytes(b"x", 0).unwrap();
    let ready = poll::wait(
        &mut [(&mut a, PollEvents::IN), (&mut b, PollEvents::IN)],
        Some(Duration::from_secs(5)),
    )
    .unwrap();
    assert!(ready[0].readable());
    assert!(!ready[1].readable());
    assert_eq!(a.recv_bytes(0).unwrap(), b"x");
    // Nothing ready: the timeout passes and nothing is reported.
    let ready = poll::wait(
        &mut [(&mut a, PollEvents::IN)],
        Some(Duration::from_millis(10)),
    )
    .unwrap();
    assert_eq!(ready, vec![PollEvents::NONE]);
}

#[test]
fn poll_items_mix_sockets_and_descriptors() {
    let ctx = Context::new();
    let (mut a, _b) = pair(&ctx, "items");
    let (r, mut w) = std::os::unix::net::UnixStream::pair().unwrap();
    use std::io::Write;
    w.write_all(b"!").unwrap();
    let mut items = [
        PollItem::socket(&mut a, PollEvents::IN),
        PollItem::fd(&r, PollEvents::IN),
    ];
    let n = poll::poll_for(&mut items, Some(Duration::from_secs(5))).unwrap();
    assert_eq!(n, 1);
    assert!(!items[0].is_readable());
    assert!(items[1].is_readable());
    assert_eq!(items[1].ready(), PollEvents::IN);
}
