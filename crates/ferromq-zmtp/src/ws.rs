//! ZWS 2.0 (ZeroMQ RFC 45): ZMTP over WebSocket (RFC 6455), sans-IO.
//!
//! - The HTTP/1.1 upgrade: [`client_request`] / [`parse_response`] on the
//!   connecting side, [`parse_request`] / [`server_response`] on the
//!   accepting side, with `Sec-WebSocket-Key`/`Accept` ([`accept_key`]:
//!   SHA-1 and base64, implemented here, with the RFC test vectors) and
//!   the sub-protocol (`ZWS2.0/NULL`, `ZWS2.0/PLAIN`, `ZWS2.0/CURVE`),
//!   which names the ZMTP mechanism: ZWS 2.0 has no ZMTP greeting.
//! - The frames: every ZMTP frame travels as one binary WebSocket message
//!   whose first payload byte holds its flags (`0x01` MORE, `0x02`
//!   COMMAND), as libzmq's ws encoder writes them. [`WsDecoder`] turns
//!   the WebSocket byte stream into the equivalent ZMTP 3 frame stream
//!   (answering PING and CLOSE itself); [`WsEncoder`] turns a ZMTP 3
//!   frame stream into WebSocket messages, masked on the client side.
//!
//! A hostile peer can only make these fail: the HTTP head is bounded
//! ([`MAX_HTTP_HEAD`]), frame sizes are bounded by the caller's limit and
//! buffers grow fallibly.

use bytes::{Buf, BufMut, BytesMut};

use crate::error::ProtocolError;
use crate::frame;

/// ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED: the monitor code of a failed upgrade.
pub const WS_UNSPECIFIED: u32 = 0x3000_0000;

/// The most bytes an HTTP request or response head may have.
pub const MAX_HTTP_HEAD: usize = 8192;

const MAGIC: &[u8] = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

fn ws_err() -> ProtocolError {
    ProtocolError::Code(WS_UNSPECIFIED)
}

// ---- SHA-1 (FIPS 180-4), only for the Sec-WebSocket-Accept value ----

/// SHA-1 of `data` (a short input: the key and the RFC 6455 GUID).
pub fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let bit_len = (data.len() as u64).wrapping_mul(8);
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 80];
        for (i, c) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        h[0] = h[0].wrapping_add(a);
        h[1] = h[1].wrapping_add(b);
        h[2] = h[2].wrapping_add(c);
        h[3] = h[3].wrapping_add(d);
        h[4] = h[4].wrapping_add(e);
    }
    let mut out = [0u8; 20];
    for (i, v) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&v.to_be_bytes());
    }
    out
}

/// Standard base64 with padding.
pub fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        s.push(T[(n >> 18) as usize & 63] as char);
        s.push(T[(n >> 12) as usize & 63] as char);
        s.push(if c.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        s.push(if c.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    s
}

/// The `Sec-WebSocket-Accept` value for a `Sec-WebSocket-Key`.
pub fn accept_key(key: &str) -> String {
    let mut v = key.as_bytes().to_vec();
    v.extend_from_slice(MAGIC);
    base64(&sha1(&v))
}

// ---- the HTTP upgrade ----

/// The sub-protocol a mechanism is offered and accepted under.
pub fn protocol_for(mechanism: &str) -> String {
    format!("ZWS2.0/{mechanism}")
}

/// The client's upgrade request (libzmq's, header for header). `key` is
/// the base64 of 16 random bytes. A NULL client also offers bare
/// `ZWS2.0`, as libzmq does (we only accept the answer `ZWS2.0/NULL`).
pub fn client_request(path: &str, host: &str, key: &str, mechanism: &str) -> Vec<u8> {
    let protocol = if mechanism == "NULL" {
        "ZWS2.0/NULL,ZWS2.0".to_string()
    } else {
        protocol_for(mechanism)
    };
    format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Protocol: {protocol}\r\n\
         Sec-WebSocket-Version: 13\r\n\r\n"
    )
    .into_bytes()
}

/// The server's answer to an accepted upgrade.
pub fn server_response(key: &str, protocol: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Accept: {}\r\nSec-WebSocket-Protocol: {protocol}\r\n\r\n",
        accept_key(key)
    )
    .into_bytes()
}

/// An HTTP head split into its first line and its headers.
struct Head<'a> {
    first: &'a str,
    headers: Vec<(&'a str, &'a str)>,
}

/// Finds a complete head (up to the empty line) at the start of `buf`.
/// Ok(None): incomplete. Err: malformed or too long.
fn split_head(buf: &[u8]) -> Result<Option<(usize, Head<'_>)>, ProtocolError> {
    let end = match buf.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(p) => p + 4,
        None if buf.len() >= MAX_HTTP_HEAD => return Err(ws_err()),
        None => return Ok(None),
    };
    if end > MAX_HTTP_HEAD {
        return Err(ws_err());
    }
    let text = std::str::from_utf8(&buf[..end - 4]).map_err(|_| ws_err())?;
    let mut lines = text.split("\r\n");
    let first = lines.next().ok_or_else(ws_err)?;
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':').ok_or_else(ws_err)?;
        if name.is_empty() || name.contains(' ') || line.contains('\n') {
            return Err(ws_err());
        }
        headers.push((name, value.trim_matches(|c| c == ' ' || c == '\t')));
    }
    Ok(Some((end, Head { first, headers })))
}

impl Head<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    fn has_token(&self, name: &str, token: &str) -> bool {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .any(|(_, v)| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
    }

    fn upgrade_ok(&self) -> bool {
        self.get("Upgrade")
            .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
            && self.has_token("Connection", "upgrade")
    }
}

/// An accepted upgrade request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The requested resource (not checked, as in libzmq).
    pub path: String,
    /// `Sec-WebSocket-Key`.
    pub key: String,
    /// The sub-protocol chosen (`ZWS2.0/<mechanism>`).
    pub protocol: String,
}

/// Parses the client's upgrade request at the start of `buf` for a server
/// using `mechanism`. Ok(None): incomplete; Ok(Some((len, req))): the
/// request took `len` bytes; Err: not an acceptable upgrade (malformed,
/// too long, or no sub-protocol for our mechanism).
pub fn parse_request(
    buf: &[u8],
    mechanism: &str,
) -> Result<Option<(usize, Request)>, ProtocolError> {
    let Some((len, head)) = split_head(buf)? else {
        return Ok(None);
    };
    let mut parts = head.first.split(' ').filter(|p| !p.is_empty());
    let (Some("GET"), Some(path), Some("HTTP/1.1"), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ws_err());
    };
    if !head.upgrade_ok() {
        return Err(ws_err());
    }
    let key = head.get("Sec-WebSocket-Key").filter(|k| !k.is_empty());
    let key = key.ok_or_else(ws_err)?;
    let want = protocol_for(mechanism);
    let offered = head
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("Sec-WebSocket-Protocol"))
        .flat_map(|(_, v)| v.split(','))
        .any(|p| p.trim() == want);
    if !offered {
        return Err(ws_err());
    }
    Ok(Some((
        len,
        Request {
            path: path.to_string(),
            key: key.to_string(),
            protocol: want,
        },
    )))
}

/// Parses the server's answer at the start of `buf` to our request with
/// `key` for `mechanism`. Ok(Some(len)): upgraded, the head took `len`
/// bytes. The accept value is checked (libzmq only checks it is there).
pub fn parse_response(
    buf: &[u8],
    key: &str,
    mechanism: &str,
) -> Result<Option<usize>, ProtocolError> {
    let Some((len, head)) = split_head(buf)? else {
        return Ok(None);
    };
    let mut parts = head.first.splitn(3, ' ');
    if parts.next() != Some("HTTP/1.1") || parts.next() != Some("101") {
        return Err(ws_err());
    }
    if !head.upgrade_ok() {
        return Err(ws_err());
    }
    if head.get("Sec-WebSocket-Accept") != Some(accept_key(key).as_str()) {
        return Err(ws_err());
    }
    if head.get("Sec-WebSocket-Protocol") != Some(protocol_for(mechanism).as_str()) {
        return Err(ws_err());
    }
    Ok(Some(len))
}

// ---- frames ----

const OP_CONT: u8 = 0x0;
const OP_BINARY: u8 = 0x2;
const OP_CLOSE: u8 = 0x8;
const OP_PING: u8 = 0x9;
const OP_PONG: u8 = 0xA;

/// ZWS 2.0 flags byte.
const WS_MORE: u8 = 0x01;
const WS_COMMAND: u8 = 0x02;

/// Longest control frame payload (RFC 6455 5.5).
const MAX_CONTROL: u64 = 125;

/// Appends a WebSocket frame header (FIN set) for a payload of `len`
/// bytes; with `mask`, the mask bit and key.
pub fn put_header(out: &mut impl BufMut, opcode: u8, len: u64, mask: Option<[u8; 4]>) {
    out.put_u8(0x80 | opcode);
    let m = if mask.is_some() { 0x80 } else { 0 };
    if len <= 125 {
        out.put_u8(m | len as u8);
    } else if len <= 0xFFFF {
        out.put_u8(m | 126);
        out.put_u16(len as u16);
    } else {
        out.put_u8(m | 127);
        out.put_u64(len);
    }
    if let Some(k) = mask {
        out.put_slice(&k);
    }
}

/// What [`WsDecoder::decode`] saw besides data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Decoded {
    /// The peer sent CLOSE (answered in the reply bytes): the connection
    /// ends once they are written.
    pub closed: bool,
}

/// WebSocket bytes in, ZMTP 3 frames out.
pub struct WsDecoder {
    /// Frames from a client must be masked; from a server must not be.
    expect_mask: bool,
    max_msg: Option<u64>,
    /// A fragmented binary message being assembled (payload so far).
    frag: Option<BytesMut>,
    closed: bool,
}

/// Where a parsed frame header says the frame lies.
struct WsHeader {
    fin: bool,
    opcode: u8,
    mask: Option<[u8; 4]>,
    len: u64,
    header_len: usize,
}

fn parse_ws_header(buf: &[u8]) -> Option<WsHeader> {
    if buf.len() < 2 {
        return None;
    }
    let masked = buf[1] & 0x80 != 0;
    let (len, mut at) = match buf[1] & 0x7F {
        126 => {
            if buf.len() < 4 {
                return None;
            }
            (u64::from(u16::from_be_bytes([buf[2], buf[3]])), 4)
        }
        127 => {
            if buf.len() < 10 {
                return None;
            }
            let mut b = [0u8; 8];
            b.copy_from_slice(&buf[2..10]);
            (u64::from_be_bytes(b), 10)
        }
        n => (u64::from(n), 2),
    };
    let mask = if masked {
        if buf.len() < at + 4 {
            return None;
        }
        let k = [buf[at], buf[at + 1], buf[at + 2], buf[at + 3]];
        at += 4;
        Some(k)
    } else {
        None
    };
    Some(WsHeader {
        fin: buf[0] & 0x80 != 0,
        opcode: buf[0] & 0x0F,
        mask,
        len,
        header_len: at,
    })
}

fn unmask(data: &mut [u8], mask: Option<[u8; 4]>, offset: usize) {
    if let Some(k) = mask {
        for (i, b) in data.iter_mut().enumerate() {
            *b ^= k[(i + offset) % 4];
        }
    }
}

fn grow(buf: &mut BytesMut, more: usize) -> Result<(), ProtocolError> {
    let mut v: Vec<u8> = Vec::new();
    // BytesMut has no try_reserve: probe the allocation first.
    v.try_reserve_exact(more)
        .map_err(|_| ProtocolError::MessageTooLarge)?;
    drop(v);
    buf.reserve(more);
    Ok(())
}

/// Appends the ZMTP 3 frame for one ZWS 2.0 message payload (flags byte
/// and body) to `out`.
fn put_zmtp(out: &mut BytesMut, payload: &[u8]) -> Result<(), ProtocolError> {
    let Some((&flags, body)) = payload.split_first() else {
        // libzmq refuses an empty binary message.
        return Err(ProtocolError::MalformedFrame);
    };
    let mut h = [0u8; frame::MAX_HEADER_LEN];
    let hl = frame::encode_header(
        flags & WS_MORE != 0,
        flags & WS_COMMAND != 0,
        body.len(),
        &mut h,
    );
    grow(out, hl + body.len())?;
    out.put_slice(&h[..hl]);
    out.put_slice(body);
    Ok(())
}

impl WsDecoder {
    /// A decoder for the server side (`server`: client frames are masked)
    /// or the client side. `max_msg`: ZMQ_MAXMSGSIZE.
    pub fn new(server: bool, max_msg: Option<u64>) -> WsDecoder {
        WsDecoder {
            expect_mask: server,
            max_msg,
            frag: None,
            closed: false,
        }
    }

    /// Decodes the complete frames at the start of `input` (consuming
    /// them): message payloads become ZMTP frames in `zmtp`, PING and
    /// CLOSE answers go to `reply` (masked with `mask` on the client side).
    pub fn decode(
        &mut self,
        input: &mut BytesMut,
        zmtp: &mut BytesMut,
        reply: &mut Vec<u8>,
        mut mask: impl FnMut() -> Option<[u8; 4]>,
    ) -> Result<Decoded, ProtocolError> {
        loop {
            if self.closed {
                // Nothing after CLOSE counts.
                input.clear();
                return Ok(Decoded { closed: true });
            }
            let Some(h) = parse_ws_header(input) else {
                return Ok(Decoded::default());
            };
            if h.mask.is_some() != self.expect_mask || input[0] & 0x70 != 0 {
                return Err(ProtocolError::MalformedFrame);
            }
            let control = h.opcode & 0x8 != 0;
            if control && (h.len > MAX_CONTROL || !h.fin) {
                return Err(ProtocolError::MalformedFrame);
            }
            if !control {
                // The flags byte does not count toward the message size.
                let so_far = self.frag.as_ref().map_or(0, |f| f.len() as u64);
                let size = (so_far + h.len).saturating_sub(1);
                if self.max_msg.is_some_and(|m| size > m) {
                    return Err(ProtocolError::MessageTooLarge);
                }
            }
            let total = (h.header_len as u64)
                .checked_add(h.len)
                .and_then(|t| usize::try_from(t).ok())
                .ok_or(ProtocolError::MessageTooLarge)?;
            if input.len() < total {
                if total > input.capacity() {
                    grow(input, total - input.len())?;
                }
                return Ok(Decoded::default());
            }
            let mut payload = input.split_to(total);
            payload.advance(h.header_len);
            unmask(&mut payload, h.mask, 0);
            match (h.opcode, self.frag.is_some()) {
                (OP_BINARY, false) if h.fin => put_zmtp(zmtp, &payload)?,
                (OP_BINARY, false) => self.frag = Some(payload),
                (OP_CONT, true) => {
                    let f = self.frag.as_mut().ok_or(ProtocolError::MalformedFrame)?;
                    grow(f, payload.len())?;
                    f.put_slice(&payload);
                    if h.fin {
                        let f = self.frag.take().unwrap_or_default();
                        put_zmtp(zmtp, &f)?;
                    }
                }
                (OP_PING, _) => {
                    let m = mask();
                    put_header(reply, OP_PONG, payload.len() as u64, m);
                    let at = reply.len();
                    reply.extend_from_slice(&payload);
                    unmask(&mut reply[at..], m, 0);
                }
                (OP_PONG, _) => {}
                (OP_CLOSE, _) => {
                    // Echo the status code, as RFC 6455 asks (libzmq
                    // echoes the whole frame).
                    let code = &payload[..payload.len().min(2)];
                    let m = mask();
                    put_header(reply, OP_CLOSE, code.len() as u64, m);
                    let at = reply.len();
                    reply.extend_from_slice(code);
                    unmask(&mut reply[at..], m, 0);
                    self.closed = true;
                }
                // Text frames, a continuation without a start, a new
                // message inside a fragmented one, reserved opcodes.
                _ => return Err(ProtocolError::MalformedFrame),
            }
        }
    }
}

/// ZMTP 3 frames in, WebSocket messages out.
pub struct WsEncoder {
    /// Client side: every frame is masked with a fresh key.
    client: bool,
    /// The ZMTP header being collected.
    hdr: [u8; frame::MAX_HEADER_LEN],
    hdr_len: usize,
    /// Body bytes of the current frame still to come, and the mask and
    /// offset they are masked with.
    body_left: u64,
    mask: Option<[u8; 4]>,
    mask_at: usize,
}

impl WsEncoder {
    /// An encoder for the client side (masking) or the server side.
    pub fn new(client: bool) -> WsEncoder {
        WsEncoder {
            client,
            hdr: [0; frame::MAX_HEADER_LEN],
            hdr_len: 0,
            body_left: 0,
            mask: None,
            mask_at: 0,
        }
    }

    /// Encodes ZMTP bytes (any split of a stream of whole frames) into
    /// `out`. `new_mask` gives the key of each frame on the client side.
    pub fn encode(
        &mut self,
        mut zmtp: &[u8],
        out: &mut Vec<u8>,
        mut new_mask: impl FnMut() -> [u8; 4],
    ) {
        while !zmtp.is_empty() {
            if self.body_left > 0 {
                let n = (self.body_left.min(zmtp.len() as u64)) as usize;
                let at = out.len();
                out.extend_from_slice(&zmtp[..n]);
                unmask(&mut out[at..], self.mask, self.mask_at);
                self.mask_at += n;
                self.body_left -= n as u64;
                zmtp = &zmtp[n..];
                continue;
            }
            // Collect the header: flags, then 1 or 8 size bytes.
            self.hdr[self.hdr_len] = zmtp[0];
            self.hdr_len += 1;
            zmtp = &zmtp[1..];
            let want = if self.hdr[0] & frame::FLAG_LONG != 0 {
                9
            } else {
                2
            };
            if self.hdr_len < want {
                continue;
            }
            let flags = self.hdr[0];
            let size = if want == 9 {
                let mut b = [0u8; 8];
                b.copy_from_slice(&self.hdr[1..9]);
                u64::from_be_bytes(b)
            } else {
                u64::from(self.hdr[1])
            };
            self.hdr_len = 0;
            self.mask = self.client.then(&mut new_mask);
            put_header(out, OP_BINARY, size + 1, self.mask);
            let mut ws_flags = 0;
            if flags & frame::FLAG_MORE != 0 {
                ws_flags |= WS_MORE;
            }
            if flags & frame::FLAG_COMMAND != 0 {
                ws_flags |= WS_COMMAND;
            }
            let at = out.len();
            out.push(ws_flags);
            unmask(&mut out[at..], self.mask, 0);
            self.mask_at = 1;
            self.body_left = size;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_and_base64_vectors() {
        let hex = |d: [u8; 20]| d.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(
            hex(sha1(b"abc")),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(hex(sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(
            hex(sha1(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        // RFC 6455 section 1.3.
        assert_eq!(
            accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    #[test]
    fn upgrade_round_trip() {
        let req = client_request("/foo", "127.0.0.1", "dGhlIHNhbXBsZSBub25jZQ==", "NULL");
        let mut buf = req.clone();
        buf.extend_from_slice(b"\x82");
        let (len, r) = parse_request(&buf, "NULL").unwrap().unwrap();
        assert_eq!(len, req.len());
        assert_eq!(r.path, "/foo");
        assert_eq!(r.protocol, "ZWS2.0/NULL");
        assert!(parse_request(&req[..20], "NULL").unwrap().is_none());
        assert!(parse_request(&req, "CURVE").is_err());
        let resp = server_response(&r.key, &r.protocol);
        assert_eq!(
            parse_response(&resp, "dGhlIHNhbXBsZSBub25jZQ==", "NULL").unwrap(),
            Some(resp.len())
        );
        assert!(parse_response(&resp, "AAAAAAAAAAAAAAAAAAAAAA==", "NULL").is_err());
        assert!(parse_request(b"POST / HTTP/1.1\r\n\r\n", "NULL").is_err());
        assert!(parse_request(&vec![b'a'; MAX_HTTP_HEAD], "NULL").is_err());
    }

    #[test]
    fn frames_round_trip() {
        // ZMTP: a READY-like command, a MORE frame, a long frame.
        let mut zmtp = Vec::new();
        zmtp.extend_from_slice(b"\x04\x03abc");
        zmtp.extend_from_slice(b"\x01\x02hi");
        let mut h = [0u8; 9];
        let hl = frame::encode_header(false, false, 300, &mut h);
        zmtp.extend_from_slice(&h[..hl]);
        zmtp.extend_from_slice(&[7u8; 300]);
        for client in [false, true] {
            let mut enc = WsEncoder::new(client);
            let mut ws = Vec::new();
            // Byte by byte: any split works.
            for b in &zmtp {
                enc.encode(std::slice::from_ref(b), &mut ws, || [1, 2, 3, 4]);
            }
            let mut dec = WsDecoder::new(client, None);
            let mut input = BytesMut::from(&ws[..]);
            let mut out = BytesMut::new();
            let mut reply = Vec::new();
            dec.decode(&mut input, &mut out, &mut reply, || None)
                .unwrap();
            assert_eq!(&out[..], &zmtp[..]);
            assert!(input.is_empty() && reply.is_empty());
            // Wrong masking is refused.
            let mut dec = WsDecoder::new(!client, None);
            let mut input = BytesMut::from(&ws[..]);
            assert!(dec
                .decode(&mut input, &mut out, &mut reply, || None)
                .is_err());
        }
    }

    #[test]
    fn control_and_limits() {
        let mut dec = WsDecoder::new(false, Some(10));
        let mut out = BytesMut::new();
        let mut reply = Vec::new();
        let mut input = BytesMut::from(&b"\x89\x02hi\x8a\x00"[..]);
        dec.decode(&mut input, &mut out, &mut reply, || None)
            .unwrap();
        assert_eq!(reply, b"\x8a\x02hi");
        // Fragmented: "\x00" flags + "abc" in two parts.
        let mut input = BytesMut::from(&b"\x02\x02\x00a\x80\x02bc"[..]);
        dec.decode(&mut input, &mut out, &mut reply, || None)
            .unwrap();
        assert_eq!(&out[..], b"\x00\x03abc");
        // Over ZMQ_MAXMSGSIZE.
        let mut input = BytesMut::from(&b"\x82\x7e\x01\x00"[..]);
        assert_eq!(
            dec.decode(&mut input, &mut out, &mut reply, || None),
            Err(ProtocolError::MessageTooLarge)
        );
        // Text and empty binary are refused.
        let mut d = WsDecoder::new(false, None);
        assert!(d
            .decode(
                &mut BytesMut::from(&b"\x81\x01a"[..]),
                &mut out,
                &mut reply,
                || None
            )
            .is_err());
        let mut d = WsDecoder::new(false, None);
        assert!(d
            .decode(
                &mut BytesMut::from(&b"\x82\x00"[..]),
                &mut out,
                &mut reply,
                || None
            )
            .is_err());
        // Close is echoed.
        let mut d = WsDecoder::new(false, None);
        reply.clear();
        let r = d
            .decode(
                &mut BytesMut::from(&b"\x88\x02\x03\xe8"[..]),
                &mut out,
                &mut reply,
                || None,
            )
            .unwrap();
        assert!(r.closed);
        assert_eq!(reply, b"\x88\x02\x03\xe8");
    }
}
