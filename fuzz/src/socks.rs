//! The `socks` target: `ferromq_zmtp::socks::Socks5Client`, the SOCKS5
//! client of ZMQ_SOCKS_PROXY, against a hostile proxy.
//!
//! Input: byte 0 chooses the client (bit 0: with a user name and
//! password; bits 1-2: target an IPv4 literal, an IPv6 literal or a host
//! name), byte 1 seeds the read sizes; the rest is the proxy's stream.
//! The client is driven as `crates/ferromq/src/io/socks.rs` drives it:
//! write all of `output()`, then read at most `want()` bytes, until done
//! or failed; at the end of the stream `eof()`.
//!
//! Asserts, beyond "no panic":
//! - `input` takes at least `want()` bytes (when given), never more than
//!   given, and stops at the end of each proxy message (checked at the
//!   end: exactly the messages' length is taken); `want()` and `output()` are empty once done or failed, and never
//!   both non-empty;
//! - the outcome (done or which error, how many bytes were taken, the
//!   reply) and everything written do not depend on how the stream is cut
//!   into reads (whole, byte by byte, random sizes);
//! - what is written is the greeting `05 01 M`, then (method 2 chosen)
//!   `01 ULEN USER PLEN PASS`, then the CONNECT request for the target;
//! - when done, the bytes taken are exactly the proxy's messages, checked
//!   by an independent reading of RFC 1928/1929 (`expected_len`).

use ferromq_zmtp::socks::{Address, Reply, Socks5Client, SocksError};

use crate::util::Chunker;

const USER: &[u8] = b"fuzz-user";
const PASS: &[u8] = b"pw";

#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    result: Result<Option<Reply>, SocksError>,
    used: usize,
    written: Vec<u8>,
}

fn target(sel: u8) -> (Address, &'static str) {
    match sel % 3 {
        0 => (Address::V4("10.1.2.3".parse().unwrap()), "10.1.2.3"),
        1 => (Address::V6("fe80::1".parse().unwrap()), "[fe80::1]"),
        _ => (Address::Domain(b"example.org".to_vec()), "example.org"),
    }
}

fn drive(ctl: u8, stream: &[u8], mut chunker: Chunker) -> Outcome {
    let auth = ctl & 1 != 0;
    let (addr, host) = target(ctl >> 1);
    assert_eq!(Address::from_host(host), Ok(addr.clone()));
    let (user, pass) = if auth {
        (USER, PASS)
    } else {
        (&b""[..], &b""[..])
    };
    let mut c = Socks5Client::new(addr, 0x1F90, user, pass).expect("valid client");
    let mut written = Vec::new();
    let mut used = 0;
    let result = loop {
        assert!(
            c.output().is_empty() || c.want() == 0,
            "writing and reading at once"
        );
        if c.is_done() {
            assert_eq!(c.want(), 0);
            assert!(c.output().is_empty());
            break Ok(c.reply().cloned());
        }
        let out = c.output();
        if !out.is_empty() {
            // Partial writes: half, then the rest.
            let n = out.len().div_ceil(2);
            written.extend_from_slice(&out[..n]);
            c.wrote(n);
            continue;
        }
        let want = c.want();
        assert!(want > 0, "neither writing nor reading before done");
        assert!(want <= 262, "asks for more than the largest reply");
        if used == stream.len() {
            let e = c.eof();
            assert_eq!(e, Err(SocksError::Truncated));
            break e.map(|()| None);
        }
        let n = chunker.next(stream.len() - used);
        let piece = &stream[used..used + n];
        match c.input(piece) {
            Ok(k) => {
                // It takes at least what it asked for (the rest of the
                // current reply may follow its header: more).
                assert!(k <= n, "took {k} of {n}");
                assert!(k >= want.min(n), "took {k}, wanted {want}");
                used += k;
            }
            Err(e) => {
                assert_eq!(c.want(), 0, "wants input after {e:?}");
                assert!(c.output().is_empty());
                break Err(e);
            }
        }
    };
    // After a failure, how much of the failing message was taken depends
    // on the reads: only a success's count must agree.
    let used = if result.is_ok() { used } else { usize::MAX };
    Outcome {
        result,
        used,
        written,
    }
}

/// The length of the proxy's messages for a completed exchange, read
/// independently: choice, [auth status], reply.
fn expected_len(stream: &[u8]) -> usize {
    let mut n = 2;
    if stream[1] == 2 {
        n += 2;
    }
    let r = &stream[n..];
    n + match r[3] {
        1 => 10,
        4 => 22,
        _ => 4 + 1 + usize::from(r[4]) + 2,
    }
}

fn expected_output(ctl: u8, stream: &[u8]) -> Vec<u8> {
    let auth = ctl & 1 != 0;
    let mut w = vec![5, 1, if auth { 2 } else { 0 }];
    if auth && stream.len() >= 2 && stream[..2] == [5, 2] {
        w.push(1);
        w.push(USER.len() as u8);
        w.extend_from_slice(USER);
        w.push(PASS.len() as u8);
        w.extend_from_slice(PASS);
    }
    w
}

/// The fuzz entry point.
pub fn fuzz_socks(data: &[u8]) {
    let ctl = data.first().copied().unwrap_or(0);
    let seed = data.get(1).copied().unwrap_or(0);
    let stream = data.get(2..).unwrap_or(&[]);
    let whole = drive(ctl, stream, Chunker::Whole);
    let bytes = drive(ctl, stream, Chunker::Bytewise);
    let random = drive(ctl, stream, Chunker::random(u32::from(seed) + 1, 8));
    assert_eq!(whole, bytes, "outcome depends on read sizes");
    assert_eq!(whole, random, "outcome depends on read sizes");
    let prefix = expected_output(ctl, stream);
    assert!(
        whole.written.starts_with(&prefix),
        "wrote {:02x?}, expected it to start with {prefix:02x?}",
        whole.written
    );
    if let Ok(Some(reply)) = &whole.result {
        assert_eq!(whole.used, expected_len(stream));
        let r = &stream[whole.used
            - match reply.bound {
                Address::V4(_) => 10,
                Address::V6(_) => 22,
                Address::Domain(ref d) => 4 + 1 + d.len() + 2,
            }..whole.used];
        assert_eq!(r[0], 5);
        assert_eq!(r[1], 0);
        assert_eq!(
            u16::from_be_bytes([r[r.len() - 2], r[r.len() - 1]]),
            reply.port
        );
        // The CONNECT request was written whole, after the greeting
        // (and the credentials).
        let req_start = prefix.len();
        let req = &whole.written[req_start..];
        assert_eq!(&req[..3], [5, 1, 0]);
        assert_eq!(&req[req.len() - 2..], 0x1F90u16.to_be_bytes());
    }
}
