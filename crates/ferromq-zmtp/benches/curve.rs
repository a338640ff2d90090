//! Micro-benchmarks of CURVE: a MESSAGE sealed by one side's codec and
//! opened by the other's (encode + decode of one frame), for small and
//! medium bodies, and the whole handshake.
//!
//! `cargo bench -p ferromq-zmtp --bench curve` (add `-- --quick` for a fast
//! pass).

use std::hint::black_box;
use std::time::Duration;

use bytes::BytesMut;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ferromq_zmtp::frame;
use ferromq_zmtp::mechanism::curve::{self, CurveClient, CurveServer};
use ferromq_zmtp::mechanism::{Codec, Mechanism, Status, ZapReply};
use ferromq_zmtp::metadata::Properties;

/// The body of the only frame in `wire`.
fn body_of(wire: &[u8]) -> std::ops::Range<usize> {
    let h = frame::parse_header(wire, None)
        .expect("frame")
        .expect("complete");
    h.header_len..h.header_len + h.size as usize
}

/// A client and a server taken to READY against each other.
fn pair() -> (CurveClient, CurveServer) {
    let mut rng = curve::os_rng();
    let (cp, cs) = curve::keypair(&mut *rng).expect("rng");
    let (sp, ss) = curve::keypair(&mut *rng).expect("rng");
    let mut props = Properties::new();
    props.push("Socket-Type", "DEALER");
    let mut c = CurveClient::new(cp, &cs, sp, props.clone(), curve::os_rng());
    let mut s = CurveServer::new(&ss, props, curve::os_rng(), false);
    let (mut to_s, mut to_c) = (Vec::new(), Vec::new());
    c.start(&mut to_s).expect("HELLO");
    s.on_command(&to_s[body_of(&to_s)], &mut to_c)
        .expect("WELCOME");
    to_s.clear();
    c.on_command(&to_c[body_of(&to_c)], &mut to_s)
        .expect("INITIATE");
    to_c.clear();
    let st = s.on_command(&to_s[body_of(&to_s)], &mut to_c).expect("ZAP");
    assert!(matches!(st, Status::Zap(_)));
    let ok = ZapReply {
        status: 200,
        user_id: Vec::new(),
        metadata: Properties::new(),
    };
    s.on_zap(Some(&ok), &mut to_c).expect("READY");
    let st = c.on_command(&to_c[body_of(&to_c)], &mut Vec::new());
    assert!(matches!(st, Ok(Status::Ready(_))));
    (c, s)
}

fn codecs() -> (Box<dyn Codec>, Box<dyn Codec>) {
    let (mut c, mut s) = pair();
    (
        c.take_codec().expect("client codec"),
        s.take_codec().expect("server codec"),
    )
}

fn message(c: &mut Criterion) {
    let mut g = c.benchmark_group("curve_message");
    for size in [64usize, 1024] {
        let (mut enc, mut dec) = codecs();
        let body = vec![0xa5u8; size];
        let mut out = BytesMut::with_capacity(enc.encoded_len(size));
        g.throughput(Throughput::Bytes(size as u64));
        g.bench_function(BenchmarkId::new("encode", size), |b| {
            b.iter(|| {
                out.clear();
                enc.encode(false, false, b"", black_box(&body), &mut out)
                    .expect("encode");
                black_box(&out);
            })
        });
        g.bench_function(BenchmarkId::new("encode+decode", size), |b| {
            b.iter(|| {
                out.clear();
                enc.encode(false, false, b"", black_box(&body), &mut out)
                    .expect("encode");
                let r = body_of(&out);
                let d = dec.decode(&mut out[r]).expect("decode");
                black_box(d);
            })
        });
    }
    g.finish();
}

fn handshake(c: &mut Criterion) {
    let mut g = c.benchmark_group("curve_handshake");
    g.throughput(Throughput::Elements(1));
    g.bench_function("client+server", |b| b.iter(|| black_box(pair())));
    g.finish();
}

/// Short runs, as the codec benchmarks.
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
    targets = message, handshake
}
criterion_main!(benches);
