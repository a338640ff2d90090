//! Publish/subscribe: a publisher thread sends weather updates for several
//! cities; a subscriber only asks for one city's.
//!
//! Subscriptions reach the publisher asynchronously (the "slow joiner"),
//! so the publisher keeps publishing until the subscriber has had enough.
//!
//! Run with `cargo run --release -p ferromq --example pub_sub`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use ferromq::{sockopt, Context, SocketType};

fn main() -> ferromq::Result<()> {
    let ctx = Context::new();
    let mut publisher = ctx.socket(SocketType::Pub)?;
    publisher.bind("tcp://127.0.0.1:*")?;
    let endpoint = publisher.get(sockopt::LAST_ENDPOINT)?;

    let done = Arc::new(AtomicBool::new(false));
    let stop = done.clone();
    let pub_thread = thread::spawn(move || -> ferromq::Result<u32> {
        let cities = ["paris", "london", "tokyo"];
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut sent = 0u32;
        while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
            let city = cities[sent as usize % cities.len()];
            let update = format!("weather.{city} {}C", 10 + sent % 15);
            // PUB never blocks: with no matching subscriber it drops.
            publisher.send_bytes(update.as_bytes(), 0)?;
            sent += 1;
            thread::sleep(Duration::from_millis(2));
        }
        Ok(sent)
    });

    let mut subscriber = ctx.socket(SocketType::Sub)?;
    subscriber.set(sockopt::RCVTIMEO, 5000)?;
    // Prefix match: only updates starting with "weather.tokyo".
    subscriber.set(sockopt::SUBSCRIBE, b"weather.tokyo".to_vec())?;
    subscriber.connect(&endpoint)?;
    for _ in 0..5 {
        let update = subscriber.recv_bytes(0)?;
        println!("subscriber got {:?}", String::from_utf8_lossy(&update));
    }
    done.store(true, Ordering::Relaxed);

    let sent = pub_thread.join().expect("publisher thread")?;
    println!("publisher sent {sent} updates in all (most for other cities)");
    subscriber.close();
    ctx.term()
}
