//! A ROUTER broker hands out jobs to DEALER workers by their routing ids.
//!
//! Each worker names itself (ZMQ_ROUTING_ID) and says READY; the broker
//! then addresses jobs to the workers in turn, as [worker id, job], and
//! gets the results back as [worker id, result]. ROUTER_MANDATORY makes a
//! send to an unknown worker fail (EHOSTUNREACH) instead of vanishing.
//!
//! Run with `cargo run --release -p ferromq --example router_dealer`.

use std::thread;

use ferromq::{sockopt, Context, SocketType};

const WORKERS: usize = 3;
const JOBS: usize = 9;

fn main() -> ferromq::Result<()> {
    let ctx = Context::new();
    let mut broker = ctx.socket(SocketType::Router)?;
    broker.set(sockopt::ROUTER_MANDATORY, true)?;
    broker.set(sockopt::RCVTIMEO, 5000)?;
    broker.bind("tcp://127.0.0.1:*")?;
    let endpoint = broker.get(sockopt::LAST_ENDPOINT)?;

    let workers: Vec<_> = (0..WORKERS)
        .map(|n| {
            let ctx = ctx.clone();
            let endpoint = endpoint.clone();
            thread::spawn(move || -> ferromq::Result<()> {
                let mut worker = ctx.socket(SocketType::Dealer)?;
                worker.set(sockopt::ROUTING_ID, format!("worker-{n}").into_bytes())?;
                worker.set(sockopt::RCVTIMEO, 5000)?;
                worker.connect(&endpoint)?;
                worker.send_bytes(b"READY", 0)?;
                loop {
                    // A DEALER sees no envelope: just the job.
                    let job = worker.recv_bytes(0)?;
                    if job == b"STOP" {
                        return Ok(());
                    }
                    let mut result = job;
                    result.reverse();
                    worker.send_bytes(&result, 0)?;
                }
            })
        })
        .collect();

    // Learn the workers' ids from their READY messages.
    let mut ids = Vec::new();
    while ids.len() < WORKERS {
        let msg = broker.recv_multipart(0)?; // [id, "READY"]
        println!("broker: {} is ready", String::from_utf8_lossy(&msg[0]));
        ids.push(msg[0].clone());
    }

    // Address each job to a worker, round robin, then collect results.
    for j in 0..JOBS {
        let job = format!("job number {j}");
        broker.send_multipart([&ids[j % WORKERS][..], job.as_bytes()], 0)?;
    }
    for _ in 0..JOBS {
        let msg = broker.recv_multipart(0)?; // [id, result]
        println!(
            "broker: {} returned {:?}",
            String::from_utf8_lossy(&msg[0]),
            String::from_utf8_lossy(&msg[1])
        );
    }

    for id in &ids {
        broker.send_multipart([&id[..], b"STOP"], 0)?;
    }
    for w in workers {
        w.join().expect("worker thread")?;
    }
    broker.close();
    ctx.term()
}
