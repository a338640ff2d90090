//! Stable-Rust stand-in for the libFuzzer targets: a deterministic,
//! randomized test that feeds seed inputs, mutations of them and random
//! bytes through the same entry points (`ferromq_fuzz::fuzz_handshake`,
//! `fuzz_frames`, `fuzz_plain`, `fuzz_curve`, `fuzz_socks`, `fuzz_udp`) for a fixed number of
//! iterations.
//!
//! Ignored by default (it is long); run it with
//!
//! ```text
//! make -C fuzz smoke                       # or:
//! cd fuzz && cargo test --release --no-default-features --test smoke -- --ignored --nocapture
//! ```
//!
//! Environment: `FUZZ_SMOKE_ITERS` (inputs per target, default 200000),
//! `FUZZ_SMOKE_SEED` (generator seed, default 1), `FERROMQ_FUZZ_SEEDS`
//! (the shared seed directory, default `../../shared/fuzz-seeds` from this
//! crate). A panicking input is printed in hex and saved under
//! `fuzz/artifacts/smoke-<target>/`, and the test fails.

use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

const MAX_LEN: usize = 8192;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shared_seeds() -> PathBuf {
    std::env::var_os("FERROMQ_FUZZ_SEEDS")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate_dir().join("../../shared/fuzz-seeds"))
}

fn read_dir_files(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            read_dir_files(&p, out);
        } else if p.extension().is_none_or(|e| e != "dict" && e != "md") {
            if let Ok(b) = fs::read(&p) {
                out.push(b);
            }
        }
    }
}

/// The shared libzmq corpora a target starts from (as run.sh).
fn shared_dirs(target: &str) -> &'static [&'static str] {
    match target {
        // Raw streams into a PLAIN handshake: the NULL ones have the
        // greeting and READY/ERROR frames.
        "plain" => &[
            "test_bind_null_fuzzer_seed_corpus",
            "test_connect_null_fuzzer_seed_corpus",
        ],
        "curve" => &[
            "test_bind_curve_fuzzer_seed_corpus",
            "test_connect_curve_fuzzer_seed_corpus",
        ],
        // A SOCKS proxy's replies, a WebSocket peer: no ZMTP corpus applies.
        "socks" | "ws" => &[],
        _ => &[
            "test_bind_null_fuzzer_seed_corpus",
            "test_connect_null_fuzzer_seed_corpus",
            "test_bind_fuzzer_seed_corpus",
            "test_connect_fuzzer_seed_corpus",
            "test_bind_curve_fuzzer_seed_corpus",
            "test_connect_curve_fuzzer_seed_corpus",
        ],
    }
}

/// Seeds: the shared libzmq corpora plus our hand-made ones.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let mut v = Vec::new();
    let shared = shared_seeds();
    for sub in shared_dirs(target) {
        read_dir_files(&shared.join(sub), &mut v);
    }
    read_dir_files(&crate_dir().join("seeds").join(target), &mut v);
    read_dir_files(&crate_dir().join("corpus").join(target), &mut v);
    v.retain(|s| s.len() <= MAX_LEN);
    if v.is_empty() {
        v.push(Vec::new());
    }
    v
}

/// Dictionary tokens for `target`: zmtp.dict, plus ours for plain/curve.
fn dictionary(target: &str) -> Vec<Vec<u8>> {
    if target == "socks" || target == "ws" {
        return Vec::new();
    }
    let mut out = dict_file(&shared_seeds().join("dictionaries/zmtp.dict"));
    if matches!(target, "plain" | "curve") {
        out.extend(dict_file(&crate_dir().join("security.dict")));
    }
    out
}

/// Tokens from a libFuzzer dictionary (`name="value"` lines, \xNN escapes).
fn dict_file(path: &Path) -> Vec<Vec<u8>> {
    let Ok(text) = fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let (Some(a), Some(b)) = (line.find('"'), line.rfind('"')) else {
            continue;
        };
        if b <= a {
            continue;
        }
        let raw = &line.as_bytes()[a + 1..b];
        let mut tok = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'\\' && i + 3 < raw.len() && raw[i + 1] == b'x' {
                let hex = std::str::from_utf8(&raw[i + 2..i + 4]).unwrap_or("");
                if let Ok(b) = u8::from_str_radix(hex, 16) {
                    tok.push(b);
                    i += 4;
                    continue;
                }
            }
            if raw[i] == b'\\' && i + 1 < raw.len() {
                tok.push(raw[i + 1]);
                i += 2;
                continue;
            }
            tok.push(raw[i]);
            i += 1;
        }
        if !tok.is_empty() {
            out.push(tok);
        }
    }
    out
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, pool: &[Vec<u8>], dict: &[Vec<u8>]) {
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        match rng.below(10) {
            0 | 1 => {
                // flip a bit
                if !input.is_empty() {
                    let i = rng.below(input.len());
                    input[i] ^= 1 << rng.below(8);
                }
            }
            2 => {
                // set a byte to an interesting value
                if !input.is_empty() {
                    let i = rng.below(input.len());
                    let vals = [0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x7F, 0x80, 0xFF];
                    input[i] = vals[rng.below(vals.len())];
                }
            }
            3 => {
                // insert random bytes
                let i = rng.below(input.len() + 1);
                let n = 1 + rng.below(16);
                for k in 0..n {
                    input.insert(i + k, rng.next() as u8);
                }
            }
            4 => {
                // delete a range
                if !input.is_empty() {
                    let i = rng.below(input.len());
                    let n = 1 + rng.below((input.len() - i).min(32));
                    input.drain(i..i + n);
                }
            }
            5 => {
                // truncate
                let n = rng.below(input.len() + 1);
                input.truncate(n);
            }
            6 | 7 => {
                // insert or overwrite with a dictionary token
                if !dict.is_empty() {
                    let tok = &dict[rng.below(dict.len())];
                    let i = rng.below(input.len() + 1);
                    if rng.below(2) == 0 {
                        input.splice(i..i, tok.iter().copied());
                    } else {
                        for (k, &b) in tok.iter().enumerate() {
                            if i + k < input.len() {
                                input[i + k] = b;
                            } else {
                                input.push(b);
                            }
                        }
                    }
                }
            }
            8 => {
                // splice in part of another input
                let other = &pool[rng.below(pool.len())];
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = a + rng.below(other.len() - a + 1);
                    let i = rng.below(input.len() + 1);
                    input.splice(i..i, other[a..b].iter().copied());
                }
            }
            _ => {
                // overwrite 8 bytes with a big-endian length
                if input.len() >= 9 {
                    let i = rng.below(input.len() - 8);
                    let v: u64 = match rng.below(4) {
                        0 => rng.next(),
                        1 => 1u64 << rng.below(64),
                        2 => (1u64 << rng.below(64)).wrapping_sub(1),
                        _ => rng.below(70000) as u64,
                    };
                    input[i..i + 8].copy_from_slice(&v.to_be_bytes());
                }
            }
        }
    }
    input.truncate(MAX_LEN);
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// `divisor`: the target is that many times slower than the NULL ones,
/// and gets that many times fewer inputs.
fn run(target: &str, f: fn(&[u8]), divisor: usize) {
    let iters: usize = std::env::var("FUZZ_SMOKE_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000)
        / divisor.max(1);
    let seed: u64 = std::env::var("FUZZ_SMOKE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let pool = seeds(target);
    let dict = dictionary(target);
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);

    // Silence the default hook: we report panics ourselves.
    let prev_hook = panic::take_hook();
    let msg = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let m2 = msg.clone();
    panic::set_hook(Box::new(move |info| {
        *m2.lock().unwrap() = info.to_string();
    }));

    let mut failures = Vec::new();
    let start = std::time::Instant::now();
    for i in 0..iters + pool.len() {
        let input: Vec<u8> = if i < pool.len() {
            pool[i].clone()
        } else if rng.below(8) == 0 {
            let n = rng.below(512);
            (0..n).map(|_| rng.next() as u8).collect()
        } else {
            let mut v = pool[rng.below(pool.len())].clone();
            mutate(&mut rng, &mut v, &pool, &dict);
            v
        };
        if panic::catch_unwind(AssertUnwindSafe(|| f(&input))).is_err() {
            let m = msg.lock().unwrap().clone();
            eprintln!("[{target}] PANIC on input {}: {m}", hex(&input));
            let dir = crate_dir()
                .join("artifacts")
                .join(format!("smoke-{target}"));
            let _ = fs::create_dir_all(&dir);
            let _ = fs::write(dir.join(format!("crash-{i}")), &input);
            failures.push(m);
            if failures.len() >= 10 {
                break;
            }
        }
    }
    panic::set_hook(prev_hook);
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "[{target}] {} inputs ({} seeds) in {secs:.1} s ({:.0}/s), {} panics",
        iters + pool.len(),
        pool.len(),
        (iters + pool.len()) as f64 / secs.max(1e-9),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{target}: {} panics: {failures:?}",
        failures.len()
    );
}

#[test]
#[ignore = "long: run with --ignored (make -C fuzz smoke)"]
fn smoke_handshake() {
    run("handshake", ferromq_fuzz::fuzz_handshake, 1);
}

#[test]
#[ignore = "long: run with --ignored (make -C fuzz smoke)"]
fn smoke_frames() {
    run("frames", ferromq_fuzz::fuzz_frames, 1);
}

#[test]
#[ignore = "long: run with --ignored (make -C fuzz smoke)"]
fn smoke_plain() {
    run("plain", ferromq_fuzz::fuzz_plain, 1);
}

#[test]
#[ignore = "long: run with --ignored (make -C fuzz smoke)"]
fn smoke_curve() {
    run("curve", ferromq_fuzz::fuzz_curve, 4);
}

#[test]
#[ignore = "long: run with --ignored (make -C fuzz smoke)"]
fn smoke_ws() {
    run("ws", ferromq_fuzz::fuzz_ws, 1);
}

#[test]
#[ignore = "long: run with --ignored (make -C fuzz smoke)"]
fn smoke_socks() {
    run("socks", ferromq_fuzz::fuzz_socks, 1);
}

#[test]
#[ignore = "long: run with --ignored (make -C fuzz smoke)"]
fn smoke_udp() {
    run("udp", ferromq_fuzz::fuzz_udp, 1);
}

/// Quick: every seed goes through its entry point without a panic.
#[test]
fn seeds_pass() {
    for s in seeds("handshake") {
        ferromq_fuzz::fuzz_handshake(&s);
    }
    for s in seeds("frames") {
        ferromq_fuzz::fuzz_frames(&s);
    }
    for s in seeds("plain") {
        ferromq_fuzz::fuzz_plain(&s);
    }
    for s in seeds("curve") {
        ferromq_fuzz::fuzz_curve(&s);
    }
    let udp = seeds("udp");
    assert!(udp.len() >= 5, "fuzz/seeds/udp: run make -C fuzz seeds");
    for s in udp {
        ferromq_fuzz::fuzz_udp(&s);
    }
    let socks = seeds("socks");
    assert!(
        socks.len() >= 10,
        "fuzz/seeds/socks: run make -C fuzz seeds"
    );
    for s in socks {
        ferromq_fuzz::fuzz_socks(&s);
    }
    let ws = seeds("ws");
    assert!(ws.len() >= 8, "fuzz/seeds/ws: run make -C fuzz seeds");
    for s in ws {
        ferromq_fuzz::fuzz_ws(&s);
    }
}

/// Quick: the recorded conversations in fuzz/seeds/{plain,curve}/raw_*
/// still complete the handshake in raw mode, so the fuzzer starts past
/// the crypto. If this fails after a change to the mechanisms' wire
/// output (or to their use of the RNG), regenerate them:
/// `make -C fuzz seeds`.
#[test]
fn recorded_seeds_complete() {
    for (target, f) in [
        (
            "plain",
            ferromq_fuzz::plain::raw_ready as fn(&[u8]) -> [bool; 2],
        ),
        ("curve", ferromq_fuzz::curve::raw_ready),
    ] {
        let dir = crate_dir().join("seeds").join(target);
        let mut n = 0;
        for e in fs::read_dir(&dir).expect("fuzz/seeds/<target>: run make -C fuzz seeds") {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let role = if name.starts_with("raw_c2s_") {
                0
            } else if name.starts_with("raw_s2c_") && !name.contains("error") {
                1
            } else {
                continue;
            };
            let data = fs::read(&path).unwrap();
            assert!(
                f(&data)[role],
                "{target}/{name} no longer completes the handshake: run make -C fuzz seeds"
            );
            n += 1;
        }
        assert!(n >= 8, "{target}: only {n} recorded seeds");
    }
}

/// Quick: the hand-made ZMTP 1.0/2.0 seeds reach the states they are
/// meant to start the fuzzer from (a completed old-peer handshake, a
/// refusal, a malformed frame).
#[test]
fn legacy_seeds_reach_their_state() {
    use ferromq_fuzz::drive::State;
    use ferromq_zmtp::greeting::Revision;
    use ferromq_zmtp::ProtocolError;
    let dir = crate_dir().join("seeds").join("handshake");
    let read = |name: &str| fs::read(dir.join(name)).expect("run make -C fuzz seeds");
    for (name, revision, identity) in [
        ("zmtp20_dealer", Revision::Zmtp20, &b"raw2"[..]),
        ("zmtp10_versioned", Revision::Zmtp10, b"raw1"),
        ("zmtp10_unversioned_sub", Revision::Unversioned, b""),
    ] {
        match ferromq_fuzz::legacy_outcome(&read(name)) {
            State::Ready(p) => {
                assert_eq!(p.revision, revision, "{name}");
                assert_eq!(p.identity, identity, "{name}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    assert_eq!(
        ferromq_fuzz::legacy_outcome(&read("zmtp20_refused")),
        State::Failed(ProtocolError::LegacyRefused)
    );
    assert!(matches!(
        ferromq_fuzz::legacy_outcome(&read("zmtp10_zero_length")),
        State::Ready(_)
    ));
}
