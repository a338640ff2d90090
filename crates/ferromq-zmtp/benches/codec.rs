//! Micro-benchmarks of the ZMTP codec: frame headers, encoding a batch of
//! messages, walking a buffer of frames, parsing READY.
//!
//! `cargo bench -p ferromq-zmtp --bench codec` (add `-- --quick` for a fast
//! pass, or a name filter such as `-- decode`).
//!
//! This crate has no stream decoder of its own (the engine in `ferromq`
//! owns it, with its buffers); the decode benchmarks run the same loop the
//! engine does over `frame::parse_header`, slicing bodies out of the buffer
//! without a copy (`&[u8]`) or as refcounted `Bytes`, as the engine does for
//! bodies too big to be inlined in a `Msg`.

use std::hint::black_box;
use std::time::Duration;

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ferromq_zmtp::command::{self, Command};
use ferromq_zmtp::frame::{self, MAX_HEADER_LEN};
use ferromq_zmtp::metadata::{self, Properties};

/// Frames in the small-message batches.
const BATCH: usize = 1000;
/// Body of a small frame.
const SMALL: usize = 64;
/// Frames in the large-message buffer.
const LARGE_COUNT: usize = 10;
/// Body of a large frame.
const LARGE: usize = 64 * 1024;

/// `count` frames of `size` bytes each, as they arrive on the wire.
fn wire(count: usize, size: usize) -> Vec<u8> {
    let body = vec![0xa5u8; size];
    let mut out = Vec::with_capacity(count * (MAX_HEADER_LEN + size));
    for _ in 0..count {
        frame::put_header(&mut out, false, false, size);
        out.extend_from_slice(&body);
    }
    out
}

/// Walks every frame in `buf`, returning the number of frames and body
/// bytes seen (so nothing can be optimised away).
fn decode_slices(mut buf: &[u8]) -> (usize, usize) {
    let (mut frames, mut bytes) = (0, 0);
    while let Some(h) = frame::parse_header(buf, None).expect("valid frame") {
        let total = h.header_len + h.size as usize;
        let body = &buf[h.header_len..total];
        frames += 1;
        bytes += black_box(body).len();
        buf = &buf[total..];
    }
    (frames, bytes)
}

/// Like [`decode_slices`], but each body becomes a `Bytes` sharing `buf`
/// (the engine's `split_to(size).freeze()` for non-inline bodies).
fn decode_bytes(buf: &Bytes) -> (usize, usize) {
    let (mut frames, mut bytes, mut at) = (0, 0, 0);
    while let Some(h) = frame::parse_header(&buf[at..], None).expect("valid frame") {
        let start = at + h.header_len;
        let end = start + h.size as usize;
        let body = buf.slice(start..end);
        frames += 1;
        bytes += black_box(body).len();
        at = end;
    }
    (frames, bytes)
}

/// The READY a libzmq 4.3 DEALER with a routing id and one application
/// property sends, as a whole command frame.
fn ready_frame() -> Vec<u8> {
    let mut props = Properties::new();
    props.push(metadata::SOCKET_TYPE, "DEALER");
    props.push(metadata::IDENTITY, "client-0001");
    props.push("X-Application", "ferromq-bench");
    let mut data = Vec::new();
    props.encode(&mut data);
    let mut out = Vec::new();
    command::put(&mut out, command::READY, &[&data]);
    out
}

fn headers(c: &mut Criterion) {
    let mut g = c.benchmark_group("encode_header");
    g.throughput(Throughput::Elements(1));
    for (name, size) in [("short_64B", SMALL), ("long_64KiB", LARGE)] {
        g.bench_function(name, |b| {
            let mut h = [0u8; MAX_HEADER_LEN];
            b.iter(|| {
                let n = frame::encode_header(black_box(true), false, black_box(size), &mut h);
                black_box(&h);
                n
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("parse_header");
    g.throughput(Throughput::Elements(1));
    for (name, size) in [("short_64B", SMALL), ("long_64KiB", LARGE)] {
        let mut buf = Vec::new();
        frame::put_header(&mut buf, true, false, size);
        g.bench_function(name, |b| {
            b.iter(|| frame::parse_header(black_box(&buf), black_box(None)))
        });
    }
    g.finish();
}

fn encode(c: &mut Criterion) {
    let mut g = c.benchmark_group("encode_batch");
    let body = [0x5au8; SMALL];
    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("1000x64B", |b| {
        let mut out = Vec::with_capacity(BATCH * (2 + SMALL));
        b.iter(|| {
            out.clear();
            for _ in 0..BATCH {
                let body = black_box(&body[..]);
                frame::put_header(&mut out, false, false, body.len());
                out.extend_from_slice(body);
            }
            black_box(out.len())
        })
    });
    g.finish();
}

fn decode(c: &mut Criterion) {
    let mut g = c.benchmark_group("decode");
    for (name, count, size) in [("1000x64B", BATCH, SMALL), ("10x64KiB", LARGE_COUNT, LARGE)] {
        let buf = wire(count, size);
        // Frames per second: bodies are never copied, so bytes per second
        // would only measure the header walk.
        g.throughput(Throughput::Elements(count as u64));
        assert_eq!(decode_slices(&buf), (count, count * size));
        g.bench_function(format!("slices/{name}"), |b| {
            b.iter(|| decode_slices(black_box(&buf)))
        });
        let shared = Bytes::from(buf);
        assert_eq!(decode_bytes(&shared), (count, count * size));
        g.bench_function(format!("bytes/{name}"), |b| {
            b.iter(|| decode_bytes(black_box(&shared)))
        });
    }
    g.finish();
}

fn ready(c: &mut Criterion) {
    let mut g = c.benchmark_group("ready");
    g.throughput(Throughput::Elements(1));
    let wire = ready_frame();
    g.bench_function("parse", |b| {
        b.iter(|| {
            let h = frame::parse_header(black_box(&wire), None)
                .expect("valid header")
                .expect("whole header");
            let body = &wire[h.header_len..h.header_len + h.size as usize];
            let Ok(Command::Ready(data)) = command::parse(body) else {
                panic!("not READY");
            };
            let props = Properties::parse(data).expect("valid metadata");
            black_box(props.get(metadata::SOCKET_TYPE).is_some())
        })
    });
    g.bench_function("encode", |b| {
        let mut props = Properties::new();
        props.push(metadata::SOCKET_TYPE, "DEALER");
        props.push(metadata::IDENTITY, "client-0001");
        props.push("X-Application", "ferromq-bench");
        let mut data = Vec::with_capacity(128);
        let mut out = Vec::with_capacity(128);
        b.iter(|| {
            data.clear();
            out.clear();
            black_box(&props).encode(&mut data);
            command::put(&mut out, command::READY, &[&data]);
            black_box(out.len())
        })
    });
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
    targets = headers, encode, decode, ready
}
criterion_main!(benches);
