//! Pipeline: a ventilator (PUSH) hands tasks out to three workers (PULL,
//! load-balanced), which push their results to a sink (PULL, fair-queued).
//! When the sink has every result, `Context::shutdown` stops the workers.
//!
//! Run with `cargo run --release -p ferromq --example push_pull`.

use std::sync::{Arc, Barrier};
use std::thread;

use ferromq::{sockopt, Context, Error, SocketType};

const TASKS: u32 = 12;
const WORKERS: usize = 3;

fn main() -> ferromq::Result<()> {
    let ctx = Context::new();

    // Ventilator and sink bind; workers connect to both.
    let mut ventilator = ctx.socket(SocketType::Push)?;
    ventilator.bind("inproc://tasks")?;
    let mut sink = ctx.socket(SocketType::Pull)?;
    sink.set(sockopt::RCVTIMEO, 5000)?;
    sink.bind("inproc://results")?;

    let ready = Arc::new(Barrier::new(WORKERS + 1));
    let workers: Vec<_> = (0..WORKERS)
        .map(|n| {
            let ctx = ctx.clone();
            let ready = ready.clone();
            thread::spawn(move || -> ferromq::Result<u32> {
                let mut tasks = ctx.socket(SocketType::Pull)?;
                tasks.connect("inproc://tasks")?;
                let mut results = ctx.socket(SocketType::Push)?;
                results.connect("inproc://results")?;
                ready.wait();
                let mut done = 0;
                loop {
                    // Blocks until a task comes or the context shuts down.
                    let task = match tasks.recv_bytes(0) {
                        Ok(t) => t,
                        Err(Error::Term) => return Ok(done),
                        Err(e) => return Err(e),
                    };
                    let x = u32::from_be_bytes(task[..4].try_into().unwrap());
                    let result = format!("worker {n}: {x}² = {}", x * x);
                    results.send_bytes(result.as_bytes(), 0)?;
                    done += 1;
                }
            })
        })
        .collect();

    // Send only once every worker is connected, or the first one to
    // connect would get all the tasks.
    ready.wait();
    for x in 1..=TASKS {
        ventilator.send_bytes(&x.to_be_bytes(), 0)?;
    }
    for _ in 0..TASKS {
        let result = sink.recv_bytes(0)?;
        println!("sink: {}", String::from_utf8_lossy(&result));
    }

    // Interrupt the workers' blocking recv (ETERM), collect their counts.
    ctx.shutdown();
    for (n, w) in workers.into_iter().enumerate() {
        println!("worker {n} did {} tasks", w.join().expect("worker")?);
    }
    ventilator.close();
    sink.close();
    ctx.term()
}
