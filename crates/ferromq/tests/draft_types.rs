//! The DRAFT thread-safe socket types through the Rust API: PEER's
//! `connect_peer` and routing ids on `Msg`, SCATTER/GATHER, and a
//! `SharedSocket` used from several threads.

use std::sync::Arc;

use ferromq::{Context, Error, Msg, SharedSocket, SocketType};

#[test]
fn peer_connect_peer_and_routing_ids() {
    let ctx = Context::new();
    let mut a = ctx.socket(SocketType::Peer).unwrap();
    let mut b = ctx.socket(SocketType::Peer).unwrap();
    a.bind("tcp://127.0.0.1:*").unwrap();
    let ep = a.get(ferromq::sockopt::LAST_ENDPOINT).unwrap();
    let a_at_b = b.connect_peer(&ep).unwrap();
    assert_ne!(a_at_b, 0);
    let mut m = Msg::from_slice(b"hi");
    m.set_routing_id(a_at_b);
    b.send(&mut m, 0).unwrap();
    let got = a.recv(0).unwrap();
    assert_eq!(got.as_slice(), b"hi");
    let mut reply = Msg::from_slice(b"back");
    reply.set_routing_id(got.routing_id());
    a.send(&mut reply, 0).unwrap();
    let got = b.recv(0).unwrap();
    assert_eq!(got.as_slice(), b"back");
    assert_eq!(got.routing_id(), a_at_b);
    // single-part only; connect_peer is PEER's
    assert_eq!(b.send_bytes(b"x", ferromq::SNDMORE), Err(Error::Inval));
    let mut server = ctx.socket(SocketType::Server).unwrap();
    assert_eq!(server.connect_peer(&ep), Err(Error::NotSup));
}

#[test]
fn scatter_gather_and_shared_socket() {
    let ctx = Context::new();
    let gather = Arc::new(SharedSocket::new(ctx.socket(SocketType::Gather).unwrap()));
    let scatter = SharedSocket::new(ctx.socket(SocketType::Scatter).unwrap());
    gather.lock().unwrap().bind("inproc://rust-gather").unwrap();
    scatter
        .lock()
        .unwrap()
        .connect("inproc://rust-gather")
        .unwrap();
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let g = gather.clone();
            std::thread::spawn(move || (0..50).map(|_| g.recv(0).unwrap().len()).sum::<usize>())
        })
        .collect();
    for _ in 0..100 {
        scatter.send_bytes(b"abc", 0).unwrap();
    }
    let total: usize = readers.into_iter().map(|r| r.join().unwrap()).sum();
    assert_eq!(total, 300);
    assert_eq!(
        scatter.recv(ferromq::DONTWAIT).map(drop),
        Err(Error::NotSup)
    );
    let mut v = [0u8; 4];
    assert_eq!(
        scatter
            .lock()
            .unwrap()
            .get_option(ferromq::opt::ZMQ_THREAD_SAFE, &mut v),
        Ok(4)
    );
    assert_eq!(i32::from_ne_bytes(v), 1);
}
