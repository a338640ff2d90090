//! Request/reply: a REP server in a thread answers a REQ client over TCP.
//!
//! Run with `cargo run --release -p ferromq --example req_rep`.

use std::thread;

use ferromq::{sockopt, Context, SocketType};

fn main() -> ferromq::Result<()> {
    let ctx = Context::new();

    // The server binds to an ephemeral port; LAST_ENDPOINT says which.
    let mut server = ctx.socket(SocketType::Rep)?;
    server.set(sockopt::RCVTIMEO, 5000)?; // never wait forever
    server.bind("tcp://127.0.0.1:*")?;
    let endpoint = server.get(sockopt::LAST_ENDPOINT)?;
    println!("server bound to {endpoint}");

    // REP: receive a request, send its reply, repeat.
    let server_thread = thread::spawn(move || -> ferromq::Result<()> {
        for _ in 0..3 {
            let request = server.recv_bytes(0)?;
            let text = String::from_utf8_lossy(&request).to_uppercase();
            server.send_bytes(text.as_bytes(), 0)?;
        }
        Ok(())
    });

    // REQ: send a request, wait for its reply, repeat.
    let mut client = ctx.socket(SocketType::Req)?;
    client.set(sockopt::RCVTIMEO, 5000)?;
    client.connect(&endpoint)?;
    for word in ["hello", "zeromq", "in rust"] {
        client.send_bytes(word.as_bytes(), 0)?;
        let reply = client.recv_bytes(0)?;
        println!(
            "request {word:?} -> reply {:?}",
            String::from_utf8_lossy(&reply)
        );
    }

    server_thread.join().expect("server thread")?;
    client.close();
    ctx.term()
}
