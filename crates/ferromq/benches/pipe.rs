//! Micro-benchmarks of the message path inside one process: an inproc
//! PUSH→PULL pair on one thread (socket + pipe, no I/O thread), and
//! creating messages of the three body kinds.
//!
//! `cargo bench -p ferromq --bench pipe` (add `-- --quick` for a fast
//! pass, or a name filter such as `-- inproc`).
//!
//! The pipe itself is crate-private, so it is driven through the public
//! socket API, which is its real path: every `send` and `recv` goes through
//! the socket's command processing, the pattern's routing and the pipe's
//! write/flush/read. Each iteration sends a batch, then receives it, so the
//! pipe never crosses its high-water mark and nothing ever blocks.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ferromq::{Context, Msg, Socket, SocketType, DONTWAIT};

/// Messages sent, then received, per iteration (the default SNDHWM and
/// RCVHWM are 1000 each, so a batch fits in the pipe).
const BATCH: usize = 1000;

fn inproc_pair(ctx: &Context, name: &str) -> (Socket, Socket) {
    let ep = format!("inproc://bench-{name}");
    let mut pull = ctx.socket(SocketType::Pull).expect("PULL");
    pull.bind(&ep).expect("bind");
    let mut push = ctx.socket(SocketType::Push).expect("PUSH");
    push.connect(&ep).expect("connect");
    (push, pull)
}

fn inproc(c: &mut Criterion) {
    let ctx = Context::new();
    let mut g = c.benchmark_group("inproc_push_pull");
    g.throughput(Throughput::Elements(BATCH as u64));
    for (name, size) in [("64B", 64), ("1KiB", 1024)] {
        let (mut push, mut pull) = inproc_pair(&ctx, name);
        // The body is shared by every message sent (`zmq_msg_copy`), so the
        // numbers are the socket and pipe, not the allocator; the cost of
        // making a message is measured on its own below.
        let template = Msg::from_slice(&vec![0x5au8; size]);
        g.bench_function(format!("send_recv_{BATCH}x{name}"), |b| {
            b.iter(|| {
                for _ in 0..BATCH {
                    let mut m = template.clone();
                    push.send(&mut m, DONTWAIT).expect("send");
                }
                let mut bytes = 0;
                for _ in 0..BATCH {
                    bytes += pull.recv(DONTWAIT).expect("recv").len();
                }
                assert_eq!(bytes, BATCH * size);
                bytes
            })
        });
        push.close();
        pull.close();
    }
    g.finish();
    ctx.term().expect("term");
}

fn msg_create(c: &mut Criterion) {
    let mut g = c.benchmark_group("msg");
    for (name, size) in [("30B_inline", 30), ("1KiB", 1024), ("64KiB", 64 * 1024)] {
        let data = vec![0xa5u8; size];
        g.throughput(Throughput::Bytes(size as u64));
        g.bench_function(format!("from_slice/{name}"), |b| {
            b.iter(|| Msg::from_slice(black_box(&data)))
        });
    }
    // Bodies of 1 KiB and more made by size come from the buffer pool and
    // are not filled, so these count messages, not bytes. One at a time,
    // and 1000 made before any is dropped (a pipe's worth in flight).
    g.throughput(Throughput::Elements(1));
    for (name, size) in [("512B", 512), ("1KiB", 1024), ("64KiB", 64 * 1024)] {
        g.bench_function(format!("with_size/{name}"), |b| {
            b.iter(|| Msg::with_size(black_box(size)))
        });
    }
    g.throughput(Throughput::Elements(BATCH as u64));
    for (name, size) in [("512B", 512), ("1KiB", 1024)] {
        let mut held = Vec::with_capacity(BATCH);
        g.bench_function(format!("with_size_{BATCH}x{name}"), |b| {
            b.iter(|| {
                held.extend((0..BATCH).map(|_| Msg::with_size(black_box(size))));
                held.clear();
            })
        });
    }
    g.finish();
}

/// Short runs (about 2 s a benchmark) so both bench targets finish in
/// about a minute and a half; pass `--measurement-time`, `--sample-size`
/// or `--nresamples` on the command line for tighter numbers.
fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1500))
        .sample_size(50)
        .nresamples(20_000)
}

criterion_group! {
    name = benches;
    config = config();
    targets = inproc, msg_create
}
criterion_main!(benches);
