//! ferromq::compat::zmq, the rust-zmq 0.10 API: the calls rust-zmq
//! programs make, with rust-zmq's types and results.

use std::os::fd::AsRawFd;

use ferromq::compat::zmq;

fn pair(
    ctx: &zmq::Context,
    a: zmq::SocketType,
    b: zmq::SocketType,
    name: &str,
) -> (zmq::Socket, zmq::Socket) {
    let x = ctx.socket(a).unwrap();
    let y = ctx.socket(b).unwrap();
    x.bind(&format!("inproc://compat-{name}")).unwrap();
    y.connect(&format!("inproc://compat-{name}")).unwrap();
    x.set_rcvtimeo(5000).unwrap();
    y.set_rcvtimeo(5000).unwrap();
    (x, y)
}

#[test]
fn req_rep_strings_messages_and_errors() {
    let ctx = zmq::Context::new();
    let (rep, req) = pair(&ctx, zmq::REP, zmq::REQ, "reqrep");
    assert_eq!(rep.get_socket_type().unwrap(), zmq::REP);
    req.send("Hello", 0).unwrap();
    let mut msg = zmq::Message::new();
    rep.recv(&mut msg, 0).unwrap();
    assert_eq!(msg.as_str(), Some("Hello"));
    assert!(!msg.get_more());
    // REP must answer before receiving again: EFSM, as rust-zmq reports it.
    assert_eq!(rep.recv_bytes(zmq::DONTWAIT), Err(zmq::Error::EFSM));
    rep.send(vec![0xff, 0xfe], 0).unwrap();
    assert_eq!(req.recv_string(0).unwrap(), Err(vec![0xff, 0xfe]));
    assert_eq!(zmq::Error::EAGAIN.to_raw(), libc::EAGAIN);
    assert_eq!(zmq::Error::from_raw(libc::EAGAIN), zmq::Error::EAGAIN);
    assert_eq!(zmq::Error::ETERM.message(), "Context was terminated");
    assert_eq!(
        zmq::Error::EAGAIN.to_string(),
        "Resource temporarily unavailable"
    );
    let io: std::io::Error = zmq::Error::EINVAL.into();
    assert_eq!(io.raw_os_error(), Some(libc::EINVAL));
}

#[test]
fn multipart_sendable_and_rcvmore() {
    let ctx = zmq::Context::new();
    let (pull, push) = pair(&ctx, zmq::PULL, zmq::PUSH, "multi");
    let owned = String::from("b");
    let bytes = vec![b'c'];
    push.send("a", zmq::SNDMORE).unwrap();
    push.send(&owned, zmq::SNDMORE).unwrap();
    push.send(&bytes, zmq::SNDMORE).unwrap();
    push.send(zmq::Message::from(&b"d"[..]), 0).unwrap();
    assert_eq!(
        pull.recv_multipart(0).unwrap(),
        vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec(), b"d".to_vec()]
    );
    push.send_multipart(["x", "y"], 0).unwrap();
    let first = pull.recv_msg(0).unwrap();
    assert!(first.get_more() && pull.get_rcvmore().unwrap());
    let mut buf = [0u8; 4];
    assert_eq!(pull.recv_into(&mut buf, 0).unwrap(), 1);
    assert_eq!(&buf[..1], b"y");
    assert!(!pull.get_rcvmore().unwrap());
}

#[test]
fn options_round_trip_with_rust_zmq_types() {
    let ctx = zmq::Context::new();
    let s = ctx.socket(zmq::DEALER).unwrap();
    s.set_sndhwm(10).unwrap();
    assert_eq!(s.get_sndhwm().unwrap(), 10);
    s.set_linger(0).unwrap();
    assert_eq!(s.get_linger().unwrap(), 0);
    s.set_maxmsgsize(1 << 20).unwrap();
    assert_eq!(s.get_maxmsgsize().unwrap(), 1 << 20);
    s.set_identity(b"worker-1").unwrap();
    assert_eq!(s.get_identity().unwrap(), b"worker-1");
    s.set_ipv6(true).unwrap();
    assert!(s.is_ipv6().unwrap());
    s.set_plain_username(Some("admin")).unwrap();
    assert!(s.get_mechanism().unwrap() == zmq::Mechanism::ZMQ_PLAIN);
    assert_eq!(s.get_plain_username().unwrap(), Ok("admin".to_string()));
    s.bind("tcp://127.0.0.1:*").unwrap();
    let ep = s.get_last_endpoint().unwrap().unwrap();
    assert!(ep.starts_with("tcp://127.0.0.1:"), "{ep}");
    // Not built in, as in a libzmq without GSSAPI.
    assert_eq!(s.set_gssapi_server(true), Err(zmq::Error::EINVAL));
    assert_eq!(s.get_fd().unwrap(), s.as_raw_fd());
    assert_eq!(zmq::version(), (4, 3, 5));
    assert_eq!(zmq::has("curve"), Some(true));
    assert_eq!(zmq::has("gssapi"), Some(false));
    assert_eq!(ctx.get_io_threads().unwrap(), 1);
}

#[test]
fn poll_sockets_and_fds() {
    let ctx = zmq::Context::new();
    let (a, b) = pair(&ctx, zmq::PAIR, zmq::PAIR, "poll");
    let (r, mut w) = std::os::unix::net::UnixStream::pair().unwrap();
    {
        let mut items = [
            a.as_poll_item(zmq::POLLIN),
            zmq::PollItem::from_fd(r.as_raw_fd(), zmq::POLLIN),
        ];
        assert_eq!(zmq::poll(&mut items, 0).unwrap(), 0);
        assert!(
            !items[0].is_readable() && items[0].has_socket(&a) && items[1].has_fd(r.as_raw_fd())
        );
    }
    b.send("ping", 0).unwrap();
    use std::io::Write;
    w.write_all(b"!").unwrap();
    let mut items = [
        a.as_poll_item(zmq::POLLIN),
        zmq::PollItem::from_fd(r.as_raw_fd(), zmq::POLLIN),
    ];
    let mut seen = 0;
    while seen < 2 {
        seen = zmq::poll(&mut items, 5000).unwrap();
        assert!(seen > 0, "poll timed out");
    }
    assert!(items[0].is_readable() && items[1].is_readable());
    assert_eq!(items[0].get_revents(), zmq::POLLIN);
    assert_eq!(a.poll(zmq::POLLIN | zmq::POLLOUT, 0).unwrap(), 1);
    assert!(a.get_events().unwrap().contains(zmq::POLLIN));
    assert_eq!(a.recv_bytes(0).unwrap(), b"ping");
}

#[test]
fn z85_and_curve_keys() {
    let data = [0x86u8, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b];
    assert_eq!(zmq::z85_encode(&data).unwrap(), "HelloWorld");
    assert_eq!(zmq::z85_decode("HelloWorld").unwrap(), data);
    assert!(matches!(
        zmq::z85_encode(&data[..3]),
        Err(zmq::EncodeError::BadLength)
    ));
    assert!(zmq::z85_decode("Hello").is_ok());
    assert!(matches!(
        zmq::z85_decode("Hell"),
        Err(zmq::DecodeError::BadLength)
    ));
    let pair = zmq::CurveKeyPair::new().unwrap();
    assert_ne!(pair.public_key, [0; 32]);
    let public_z85 =
        ferromq::curve::public_of(zmq::z85_encode(&pair.secret_key).unwrap().as_bytes()).unwrap();
    assert_eq!(zmq::z85_decode(&public_z85).unwrap(), pair.public_key);
}

#[test]
fn proxy_steerable_terminates_and_context_destroys() {
    let mut ctx = zmq::Context::new();
    let mut front = ctx.socket(zmq::PULL).unwrap();
    let mut back = ctx.socket(zmq::PUSH).unwrap();
    let mut control = ctx.socket(zmq::PAIR).unwrap();
    front.bind("inproc://compat-front").unwrap();
    back.bind("inproc://compat-back").unwrap();
    control.bind("inproc://compat-control").unwrap();
    let ctx2 = ctx.clone();
    let t = std::thread::spawn(move || {
        let input = ctx2.socket(zmq::PUSH).unwrap();
        input.connect("inproc://compat-front").unwrap();
        let output = ctx2.socket(zmq::PULL).unwrap();
        output.set_rcvtimeo(5000).unwrap();
        output.connect("inproc://compat-back").unwrap();
        input.send("through", 0).unwrap();
        assert_eq!(output.recv_string(0).unwrap().unwrap(), "through");
        let ctl = ctx2.socket(zmq::PAIR).unwrap();
        ctl.connect("inproc://compat-control").unwrap();
        ctl.send("TERMINATE", 0).unwrap();
    });
    zmq::proxy_steerable(&mut front, &mut back, &mut control).unwrap();
    t.join().unwrap();
    // The same socket twice is refused, not a panic.
    assert_eq!(zmq::proxy(&front, &front), Err(zmq::Error::EINVAL));
    drop((front, back, control));
    ctx.destroy().unwrap();
}
