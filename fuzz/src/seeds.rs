//! Seed inputs for the `plain` and `curve` targets, made by running the
//! real mechanisms against each other (CURVE needs the real crypto, so
//! these come from Rust, not `gen_seeds.py`). Written to `fuzz/seeds/` by
//! `make -C fuzz seeds` (`examples/gen_seeds.rs`).
//!
//! - `raw_c2s_*` / `raw_s2c_*`: what a client / server sends, from the
//!   greeting to a few messages after the handshake, then the 4-byte tail
//!   ([`RawCfg::tail`]) that makes the raw-mode peer a matching socket
//!   type with a ZAP handler that admits it. CURVE ones are recorded with
//!   the raw mode's fixed keys and RNG seeds, so they complete in raw mode
//!   (checked by `tests/smoke.rs`).
//! - `pair_*`: structured programs (options, a rewrite, traffic).
//! - `zap_*` (plain): ZAP reply frames.

use bytes::BytesMut;
use ferromq_zmtp::command;
use ferromq_zmtp::frame;
use ferromq_zmtp::mechanism::Codec;

use crate::curve::{self, RawCfg, Scenario, RAW_TYPES};
use crate::drive::State;
use crate::pair::{Edit, Pair};
use crate::plain::{self, PlainScenario};
use crate::util::Chunker;
use crate::zapctl::{byte, frames_to};

/// One seed file: `fuzz/seeds/<target>/<name>`.
pub struct Seed {
    /// "plain" or "curve".
    pub target: &'static str,
    /// File name.
    pub name: String,
    /// Contents.
    pub data: Vec<u8>,
}

/// Every generated seed.
pub fn generated() -> Vec<Seed> {
    let mut v = Vec::new();
    plain_raw(&mut v);
    plain_zap(&mut v);
    plain_pairs(&mut v);
    curve_raw(&mut v);
    curve_pairs(&mut v);
    v
}

fn push(v: &mut Vec<Seed>, target: &'static str, name: impl Into<String>, data: Vec<u8>) {
    v.push(Seed {
        target,
        name: name.into(),
        data,
    });
}

/// (server index, client index) into [`RAW_TYPES`], and a name.
const RAW_PAIRS: [(usize, usize, &str); 4] = [
    (0, 1, "router_dealer"),
    (3, 2, "rep_req"),
    (4, 5, "pub_sub"),
    (7, 6, "pull_push"),
];

/// Plain-text frames after a PLAIN handshake.
fn plain_traffic() -> Vec<u8> {
    let mut out = Vec::new();
    for (body, more) in [
        (&b""[..], true),
        (b"hello", false),
        (b"part", true),
        (&[b'x'; 300][..], false),
    ] {
        frame::put_header(&mut out, more, false, body.len());
        out.extend_from_slice(body);
    }
    command::put_ping(&mut out, 10, b"ctx");
    out
}

fn plain_raw(v: &mut Vec<Seed>) {
    for (i, &(si, ci, name)) in RAW_PAIRS.iter().enumerate() {
        let zap = if i == 0 { byte::OK_FULL } else { byte::OK };
        let p = Pair::run(
            plain::raw_client(RAW_TYPES[ci]),
            plain::raw_server(RAW_TYPES[si]),
            crate::zapctl::ZapPlan::from_byte(zap),
            None,
            Chunker::Whole,
        );
        assert!(
            p.client.peer().is_some() && p.server.peer().is_some(),
            "PLAIN {name}"
        );
        let tail = RawCfg::tail(si, ci, false, false, zap);
        let mut c2s = p.client.out.clone();
        c2s.extend_from_slice(&plain_traffic());
        c2s.extend_from_slice(&tail);
        push(v, "plain", format!("raw_c2s_{name}"), c2s);
        let mut s2c = p.server.out.clone();
        s2c.extend_from_slice(&plain_traffic());
        s2c.extend_from_slice(&tail);
        push(v, "plain", format!("raw_s2c_{name}"), s2c);
    }
    // Refused: the server says why.
    let p = Pair::run(
        plain::raw_client(RAW_TYPES[1]),
        plain::raw_server(RAW_TYPES[0]),
        crate::zapctl::ZapPlan::from_byte(byte::DENIED),
        None,
        Chunker::Whole,
    );
    let mut s2c = p.server.out.clone();
    s2c.extend_from_slice(&RawCfg::tail(0, 1, false, false, byte::DENIED));
    push(v, "plain", "raw_s2c_error_400", s2c);
}

fn plain_zap(v: &mut Vec<Seed>) {
    let mut meta = Vec::new();
    let mut p = ferromq_zmtp::metadata::Properties::new();
    p.push("X-Zap", "fz");
    p.push("Hello", "World");
    p.encode(&mut meta);
    let reply = |status: &[u8], user: &[u8], meta: &[u8]| -> Vec<(Vec<u8>, bool)> {
        let f: [&[u8]; 7] = [b"", b"1.0", b"1", status, b"OK", user, meta];
        f.iter()
            .enumerate()
            .map(|(i, b)| (b.to_vec(), i < 6))
            .collect()
    };
    let enc = |frames: &[(Vec<u8>, bool)]| {
        let refs: Vec<(&[u8], bool)> = frames.iter().map(|(b, m)| (b.as_slice(), *m)).collect();
        let mut out = vec![0x00];
        out.extend_from_slice(&frames_to(&refs));
        out
    };
    push(
        v,
        "plain",
        "zap_200_metadata",
        enc(&reply(b"200", b"alice", &meta)),
    );
    push(v, "plain", "zap_200", enc(&reply(b"200", b"", b"")));
    push(v, "plain", "zap_300", enc(&reply(b"300", b"", b"")));
    push(v, "plain", "zap_400", enc(&reply(b"400", b"", b"")));
    push(v, "plain", "zap_500", enc(&reply(b"500", b"", b"")));
    let mut six = reply(b"200", b"", b"");
    six.pop();
    if let Some(last) = six.last_mut() {
        last.1 = false;
    }
    push(v, "plain", "zap_six_frames", enc(&six));
    let mut eight = reply(b"200", b"", b"");
    eight[6].1 = true;
    eight.push((b"extra".to_vec(), false));
    push(v, "plain", "zap_eight_frames", enc(&eight));
    let mut bad = reply(b"200", b"", b"");
    bad[1].0 = b"2.0".to_vec();
    push(v, "plain", "zap_bad_version", enc(&bad));
    push(
        v,
        "plain",
        "zap_bad_metadata",
        enc(&reply(b"200", b"", b"\x05Hel")),
    );
}

fn plain_pairs(v: &mut Vec<Seed>) {
    let base = PlainScenario {
        pair: 0,
        small_reads: false,
        zap: byte::OK_FULL,
        username: b"admin".to_vec(),
        password: b"secret".to_vec(),
        identity: b"client-1".to_vec(),
        extra: 20,
        target: 4,
        edit: Edit::Xor(vec![(0, 0)]),
        split: 0x1234,
    };
    let mut add = |name: &str, f: &dyn Fn(&mut PlainScenario)| {
        let mut sc = base.clone();
        f(&mut sc);
        let mut out = Vec::new();
        sc.write(&mut out);
        push(v, "plain", format!("pair_{name}"), out);
    };
    add("ok", &|_| {});
    add("req_rep_small_reads", &|s| {
        s.pair = 1;
        s.small_reads = true;
        s.zap = byte::OK;
    });
    add("long_credentials", &|s| {
        s.username = vec![b'u'; 255];
        s.password = vec![b'p'; 255];
        s.extra = 250;
    });
    add("empty_credentials", &|s| {
        s.username.clear();
        s.password.clear();
        s.identity.clear();
    });
    add("zap_300", &|s| s.zap = byte::TEMP);
    add("zap_400", &|s| s.zap = byte::DENIED);
    add("zap_500", &|s| s.zap = byte::INTERNAL);
    add("no_handler", &|s| s.zap = byte::NONE);
    add("zap_defective", &|s| s.zap = byte::DEFECTIVE | 3 << 4);
    add("incompatible", &|s| s.pair = 7);
    add("rewrite_hello", &|s| {
        s.target = 0;
        s.edit = Edit::Set(vec![(7, b'X')]);
    });
    add("rewrite_welcome", &|s| {
        s.target = 1;
        s.edit = Edit::Append(vec![1]);
    });
    add("rewrite_initiate", &|s| {
        s.target = 2;
        s.edit = Edit::Truncate(12);
    });
    add("rewrite_ready", &|s| {
        s.target = 3;
        s.edit = Edit::Xor(vec![(3, 0x20)]);
    });
}

/// Seals `frames` (body, more) with `codec` and appends the wire frames.
fn sealed(codec: &mut dyn Codec, out: &mut Vec<u8>, frames: &[(&[u8], bool, bool)]) {
    for &(body, more, command) in frames {
        let mut b = BytesMut::new();
        codec
            .encode(more, command, b"", body, &mut b)
            .expect("encode");
        out.extend_from_slice(&b);
    }
}

fn curve_raw(v: &mut Vec<Seed>) {
    // (zap byte, enforce, domain) per pair.
    let opts = [
        (byte::OK_FULL, true, true, "zap_full"),
        (byte::OK, false, true, "zap_ok"),
        (byte::NONE, true, false, "stonehouse"),
        (byte::NONE, false, false, "no_handler"),
    ];
    for (&(si, ci, name), &(zap, enforce, domain, how)) in RAW_PAIRS.iter().zip(&opts) {
        let mut p = Pair::run(
            curve::raw_client(RAW_TYPES[ci]),
            curve::raw_server(RAW_TYPES[si], enforce, domain),
            crate::zapctl::ZapPlan::from_byte(zap),
            None,
            Chunker::Whole,
        );
        assert!(
            matches!(
                (&p.client.state, &p.server.state),
                (State::Ready(_), State::Ready(_))
            ),
            "CURVE {name}: {:?} {:?}",
            p.client.state,
            p.server.state
        );
        let mut cc = p.client.hs.take_codec().expect("client codec");
        let mut sc = p.server.hs.take_codec().expect("server codec");
        let tail = RawCfg::tail(si, ci, enforce, domain, zap);
        let long = vec![b'y'; 300];
        let mut c2s = p.client.out.clone();
        sealed(
            cc.as_mut(),
            &mut c2s,
            &[
                (b"", true, false),
                (b"hello", false, false),
                (&long, false, false),
                (b"\x04PING\x00\x0a", false, true),
            ],
        );
        c2s.extend_from_slice(&tail);
        push(v, "curve", format!("raw_c2s_{name}_{how}"), c2s);
        let mut s2c = p.server.out.clone();
        sealed(
            sc.as_mut(),
            &mut s2c,
            &[(b"world", false, false), (b"\x04PONG", false, true)],
        );
        s2c.extend_from_slice(&tail);
        push(v, "curve", format!("raw_s2c_{name}_{how}"), s2c);
    }
    // Refused after INITIATE: WELCOME, then ERROR "400".
    let p = Pair::run(
        curve::raw_client(RAW_TYPES[1]),
        curve::raw_server(RAW_TYPES[0], true, true),
        crate::zapctl::ZapPlan::from_byte(byte::DENIED),
        None,
        Chunker::Whole,
    );
    let mut s2c = p.server.out.clone();
    s2c.extend_from_slice(&RawCfg::tail(0, 1, true, true, byte::DENIED));
    push(v, "curve", "raw_s2c_error_400", s2c);
}

/// Traffic ops for structured CURVE programs (see `curve::messages`).
mod op {
    pub fn send(dir: u8, len: u8, more: bool, command: bool) -> Vec<u8> {
        vec![dir | u8::from(more) << 4 | u8::from(command) << 5, len]
    }
    pub fn send_cut(dir: u8, len: u8, cut: u8) -> Vec<u8> {
        vec![dir | 0x40, len, cut]
    }
    pub fn hold(dir: u8, len: u8) -> Vec<u8> {
        vec![dir | 2 << 1, len]
    }
    pub fn late(dir: u8, k: u8) -> Vec<u8> {
        vec![dir | 3 << 1, k]
    }
    pub fn replay(dir: u8, k: u8) -> Vec<u8> {
        vec![dir | 4 << 1, k << 1]
    }
    pub fn reflect(dir: u8, k: u8) -> Vec<u8> {
        vec![dir | 4 << 1, k << 1 | 1]
    }
    pub fn xor(dir: u8, len: u8, pos: u16, val: u8) -> Vec<u8> {
        let mut v = vec![dir | 5 << 1, len, 0, 0];
        v.extend_from_slice(&pos.to_be_bytes());
        v.push(val);
        v
    }
    pub fn truncate(dir: u8, len: u8, keep: u16) -> Vec<u8> {
        let mut v = vec![dir | 6 << 1, len, 2, 0];
        v.extend_from_slice(&keep.to_be_bytes());
        v
    }
    pub fn forge(dir: u8, off: u8, bytes: &[u8]) -> Vec<u8> {
        let mut v = vec![dir | 7 << 1, off, bytes.len() as u8];
        v.extend_from_slice(bytes);
        v
    }
}

fn curve_pairs(v: &mut Vec<Seed>) {
    let base = Scenario {
        enforce: true,
        domain: true,
        pair: 0,
        wrong_server_key: false,
        mismatched_client: false,
        small_reads: false,
        zap: byte::OK_FULL,
        client_seed: 1,
        server_seed: 2,
        identity: b"client-1".to_vec(),
        extra: 20,
        target: 4,
        edit: Edit::Xor(vec![(0, 0)]),
        split: 0x4321,
    };
    let traffic: Vec<u8> = [
        op::send(0, 5, false, false),
        op::send(1, 5, false, false),
        op::send(0, 0, true, false),
        op::send(0, 250, false, false),
        op::send(1, 9, false, true),
        op::send_cut(0, 40, 7),
    ]
    .concat();
    let mut add = |name: &str, f: &dyn Fn(&mut Scenario), ops: &[Vec<u8>]| {
        let mut sc = base.clone();
        f(&mut sc);
        let mut out = Vec::new();
        sc.write(&mut out);
        out.extend_from_slice(&traffic);
        for o in ops {
            out.extend_from_slice(o);
        }
        push(v, "curve", format!("pair_{name}"), out);
    };
    let none: &dyn Fn(&mut Scenario) = &|_| {};
    add(
        "messages",
        none,
        &[op::hold(0, 3), op::send(0, 4, false, false)],
    );
    add("late_in_order", none, &[op::hold(1, 3), op::late(1, 0)]);
    add(
        "late_after_newer",
        none,
        &[op::hold(0, 3), op::send(0, 4, false, false), op::late(0, 0)],
    );
    add("replay", none, &[op::replay(0, 1)]);
    add("reflect", none, &[op::reflect(1, 0)]);
    add("tamper", none, &[op::xor(0, 10, 20, 0x01)]);
    add("tamper_nonce", none, &[op::xor(1, 10, 15, 0x01)]);
    add("truncate", none, &[op::truncate(0, 10, 20)]);
    add("forge", none, &[op::forge(0, 1, &[0u8; 40])]);
    add(
        "rep_req_small_reads",
        &|s| {
            s.pair = 1;
            s.small_reads = true;
            s.zap = byte::OK;
        },
        &[],
    );
    add("big_metadata", &|s| s.extra = 200, &[]);
    add("stonehouse", &|s| s.domain = false, &[]);
    add(
        "no_handler_legacy",
        &|s| {
            s.enforce = false;
            s.domain = false;
            s.zap = byte::NONE;
        },
        &[],
    );
    add("no_handler_enforced", &|s| s.zap = byte::NONE, &[]);
    add("zap_300", &|s| s.zap = byte::TEMP, &[]);
    add("zap_400", &|s| s.zap = byte::DENIED, &[]);
    add("zap_defective", &|s| s.zap = byte::DEFECTIVE | 5 << 4, &[]);
    add("incompatible", &|s| s.pair = 7, &[]);
    add("wrong_server_key", &|s| s.wrong_server_key = true, &[]);
    add(
        "mismatched_client_key",
        &|s| s.mismatched_client = true,
        &[],
    );
    let rewrites: [(&str, u8, Edit); 7] = [
        ("hello_box", 0, Edit::Xor(vec![(150, 1)])),
        ("hello_padding", 0, Edit::Set(vec![(20, 0x55)])),
        ("hello_key_top_bit", 0, Edit::Xor(vec![(111, 0x80)])),
        ("welcome", 1, Edit::Xor(vec![(30, 4)])),
        ("initiate_cookie", 2, Edit::Xor(vec![(40, 1)])),
        ("initiate_metadata", 2, Edit::Append(vec![0])),
        ("ready", 3, Edit::Truncate(40)),
    ];
    for (name, target, edit) in rewrites {
        add(
            &format!("rewrite_{name}"),
            &|s| {
                s.target = target;
                s.edit = edit.clone();
            },
            &[],
        );
    }
}
