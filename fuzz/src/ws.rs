//! The `ws` target: ZWS 2.0 (`ferromq_zmtp::ws`) against a hostile peer:
//! the HTTP upgrade parsers and the WebSocket frame decoder.
//!
//! Input: byte 0 chooses the side (bit 0: we are the server, so the input
//! is a client's request and masked frames; else a server's response and
//! unmasked frames), the mechanism (bits 1-2) and ZMQ_MAXMSGSIZE (bits
//! 3-4); the rest is the peer's stream: the HTTP head, then frames.
//!
//! Asserts, beyond "no panic":
//! - the outcome (upgrade length, decoded ZMTP bytes, replies, error) does
//!   not depend on how the stream is cut into reads;
//! - what the decoder hands on is a stream of whole ZMTP frames within
//!   ZMQ_MAXMSGSIZE, and encoding it again (as the peer would) and
//!   decoding that gives the same ZMTP bytes;
//! - PING/CLOSE replies are well-formed frames of our side's masking;
//! - an accepted request names our sub-protocol and a key.

use bytes::BytesMut;
use ferromq_zmtp::frame;
use ferromq_zmtp::ws::{self, WsDecoder, WsEncoder};
use ferromq_zmtp::ProtocolError;

use crate::util::Chunker;

const KEY: &str = "dGhlIHNhbXBsZSBub25jZQ==";
const MECHS: [&str; 3] = ["NULL", "PLAIN", "CURVE"];

#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    head: Option<usize>,
    zmtp: Vec<u8>,
    reply: Vec<u8>,
    closed: bool,
    error: Option<ProtocolError>,
}

fn drive(server: bool, mech: &str, max: Option<u64>, stream: &[u8], chunker: Chunker) -> Outcome {
    let mut input = BytesMut::new();
    let mut out = Outcome {
        head: None,
        zmtp: Vec::new(),
        reply: Vec::new(),
        closed: false,
        error: None,
    };
    let mut dec = WsDecoder::new(server, max);
    let mut zmtp = BytesMut::new();
    for piece in chunker.split(stream) {
        input.extend_from_slice(piece);
        if out.head.is_none() {
            let r = if server {
                ws::parse_request(&input, mech).map(|o| {
                    o.map(|(n, req)| {
                        assert_eq!(req.protocol, ws::protocol_for(mech));
                        assert!(!req.key.is_empty());
                        n
                    })
                })
            } else {
                ws::parse_response(&input, KEY, mech)
            };
            match r {
                Ok(Some(n)) => {
                    assert!(n <= input.len() && n <= ws::MAX_HTTP_HEAD);
                    let _ = input.split_to(n);
                    out.head = Some(n);
                }
                Ok(None) => {
                    assert!(input.len() < ws::MAX_HTTP_HEAD);
                    continue;
                }
                Err(e) => {
                    out.error = Some(e);
                    return out;
                }
            }
        }
        match dec.decode(&mut input, &mut zmtp, &mut out.reply, || {
            (!server).then_some([1, 2, 3, 4])
        }) {
            Ok(d) => out.closed |= d.closed,
            Err(e) => {
                out.error = Some(e);
                break;
            }
        }
    }
    out.zmtp = zmtp.to_vec();
    out
}

/// The decoded stream is whole frames within the limit.
fn check_zmtp(mut buf: &[u8], max: Option<u64>) {
    while !buf.is_empty() {
        let h = frame::parse_header(buf, max)
            .expect("decoded frames are within the limit")
            .expect("decoded frames are whole");
        let total = h.header_len + h.size as usize;
        assert!(total <= buf.len(), "decoded frame is cut");
        buf = &buf[total..];
    }
}

/// The replies are control frames with our side's masking.
fn check_reply(mut buf: &[u8], server: bool) {
    while !buf.is_empty() {
        assert!(buf.len() >= 2);
        assert!(buf[0] == 0x8A || buf[0] == 0x88, "reply opcode {:#x}", buf[0]);
        let masked = buf[1] & 0x80 != 0;
        assert_eq!(masked, !server);
        let len = usize::from(buf[1] & 0x7F);
        assert!(len <= 125);
        let total = 2 + if masked { 4 } else { 0 } + len;
        assert!(total <= buf.len());
        buf = &buf[total..];
    }
}

/// Entry point.
pub fn fuzz_ws(data: &[u8]) {
    let Some((&ctl, stream)) = data.split_first() else {
        return;
    };
    let server = ctl & 1 != 0;
    let mech = MECHS[usize::from((ctl >> 1) & 3) % 3];
    let max = match (ctl >> 3) & 3 {
        0 => None,
        1 => Some(0),
        2 => Some(100),
        _ => Some(70_000),
    };
    let whole = drive(server, mech, max, stream, Chunker::Whole);
    let seed = u32::from(ctl) ^ stream.len() as u32;
    let split = drive(server, mech, max, stream, Chunker::random(seed, 40));
    assert_eq!(whole, split, "outcome depends on the reads");
    if stream.len() < 2048 {
        let bytes = drive(server, mech, max, stream, Chunker::Bytewise);
        assert_eq!(whole, bytes, "outcome depends on the reads (bytewise)");
    }
    check_zmtp(&whole.zmtp, max);
    check_reply(&whole.reply, server);
    // Round trip: the peer's encoder would send the same frames.
    let mut enc = WsEncoder::new(server);
    let mut wire = Vec::new();
    enc.encode(&whole.zmtp, &mut wire, || [9, 8, 7, 6]);
    let mut dec = WsDecoder::new(server, max);
    let mut input = BytesMut::from(&wire[..]);
    let mut again = BytesMut::new();
    let mut reply = Vec::new();
    dec.decode(&mut input, &mut again, &mut reply, || None)
        .expect("our own frames decode");
    assert!(input.is_empty() && reply.is_empty());
    assert_eq!(&again[..], &whole.zmtp[..], "ws round trip");
}
