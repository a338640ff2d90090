//! Framing for old peers: ZMTP 1.0 (RFC 13) and ZMTP 2.0 (RFC 15).
//!
//! libzmq 4.3 still talks to them (see [`crate::greeting::detect`] and the
//! handshake). After the greeting both sides send an identity frame, then
//! messages; there are no commands, no metadata and no security, and
//! subscriptions travel as ordinary messages (`\x01topic`, `\x00topic`).
//!
//! ```text
//! ZMTP 1.0  length (1 byte, or 0xFF + 8 bytes big endian), flags, body
//!           length counts the flags byte; flags bit 0 = MORE
//! ZMTP 2.0  flags, size (1 byte, or 8 bytes big endian if flags & 0x02)
//!           flags: 0x01 MORE, 0x02 LONG, 0x04 COMMAND
//! ```
//!
//! The decoders follow libzmq's `v1_decoder` and `v2_decoder`: a ZMTP 1.0
//! length of 0 is a protocol error, of the flags only MORE is kept, and
//! ZMQ_MAXMSGSIZE bounds each frame's body. A ZMTP 2.0 frame with the
//! COMMAND flag is decoded as a command, which the engine drops (libzmq's
//! session drops commands other than SUBSCRIBE/CANCEL, and an old peer's
//! commands are never parsed as those).

use crate::frame::{self, FrameHeader, FLAG_MORE};
use crate::ProtocolError;

/// The framing of an old peer's connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// ZMTP 1.0: unversioned peers, and the revision 0x00 signature.
    V1,
    /// ZMTP 2.0: revision 0x01.
    V2,
}

/// Longest header of either framing: 0xFF, 8-byte length, flags (V1).
pub const MAX_HEADER_LEN: usize = 10;

/// Parses a frame header at the start of `buf`; `Ok(None)` if more bytes
/// are needed. `max_size` (ZMQ_MAXMSGSIZE, or none) bounds the body size.
/// Errors come as soon as the bytes that prove them are in.
pub fn parse_header(
    framing: Framing,
    buf: &[u8],
    max_size: Option<u64>,
) -> Result<Option<FrameHeader>, ProtocolError> {
    match framing {
        Framing::V2 => frame::parse_header(buf, max_size),
        Framing::V1 => parse_v1(buf, max_size),
    }
}

fn parse_v1(buf: &[u8], max_size: Option<u64>) -> Result<Option<FrameHeader>, ProtocolError> {
    let Some(&b0) = buf.first() else {
        return Ok(None);
    };
    let (length, flags_at) = if b0 == 0xFF {
        let Some(b) = buf.get(1..9) else {
            return Ok(None);
        };
        let mut s = [0u8; 8];
        s.copy_from_slice(b);
        (u64::from_be_bytes(s), 9)
    } else {
        (u64::from(b0), 1)
    };
    // The length counts the flags byte: there must be one.
    if length == 0 {
        return Err(ProtocolError::MalformedFrame);
    }
    let size = length - 1;
    if size > i64::MAX as u64 || max_size.is_some_and(|m| size > m) {
        return Err(ProtocolError::MessageTooLarge);
    }
    let Some(&flags) = buf.get(flags_at) else {
        return Ok(None);
    };
    Ok(Some(FrameHeader {
        flags: flags & FLAG_MORE,
        size,
        header_len: flags_at + 1,
    }))
}

/// Encodes the header of a message frame of `size` bytes into `out`,
/// returning its length. As libzmq: ZMTP 1.0 uses the short form while the
/// length (body plus flags byte) is below 255, ZMTP 2.0 while the body is
/// at most 255 bytes.
pub fn encode_header(
    framing: Framing,
    more: bool,
    size: usize,
    out: &mut [u8; MAX_HEADER_LEN],
) -> usize {
    match framing {
        Framing::V2 => {
            let mut h = [0u8; frame::MAX_HEADER_LEN];
            let n = frame::encode_header(more, false, size, &mut h);
            out[..n].copy_from_slice(&h[..n]);
            n
        }
        Framing::V1 => {
            let length = (size as u64).saturating_add(1);
            let flags = u8::from(more);
            if length < 255 {
                out[0] = length as u8;
                out[1] = flags;
                2
            } else {
                out[0] = 0xFF;
                out[1..9].copy_from_slice(&length.to_be_bytes());
                out[9] = flags;
                10
            }
        }
    }
}

/// Appends a whole message frame (header and body) to `out`.
pub fn put_frame(framing: Framing, out: &mut Vec<u8>, more: bool, body: &[u8]) {
    let mut h = [0u8; MAX_HEADER_LEN];
    let n = encode_header(framing, more, body.len(), &mut h);
    out.extend_from_slice(&h[..n]);
    out.extend_from_slice(body);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_short_and_long() {
        let mut v = Vec::new();
        put_frame(Framing::V1, &mut v, true, b"abc");
        assert_eq!(v, [4, 1, b'a', b'b', b'c']);
        let h = parse_header(Framing::V1, &v, None).unwrap().unwrap();
        assert_eq!((h.size, h.header_len, h.more()), (3, 2, true));
        // 253 bytes: length 254, still short.
        let mut h = [0u8; MAX_HEADER_LEN];
        assert_eq!(encode_header(Framing::V1, false, 253, &mut h), 2);
        assert_eq!(&h[..2], &[254, 0]);
        // 254 bytes: length 255 needs the escape.
        assert_eq!(encode_header(Framing::V1, false, 254, &mut h), 10);
        assert_eq!(h, [0xFF, 0, 0, 0, 0, 0, 0, 0, 255, 0]);
        let p = parse_header(Framing::V1, &h, None).unwrap().unwrap();
        assert_eq!((p.size, p.header_len, p.more()), (254, 10, false));
    }

    #[test]
    fn v1_flags_keep_only_more() {
        // libzmq's own signature, read as a ZMTP 1.0 frame header by an
        // unversioned peer: long length, flags 0x7F.
        let sig = [0xFF, 0, 0, 0, 0, 0, 0, 0, 4, 0x7F];
        let h = parse_header(Framing::V1, &sig, None).unwrap().unwrap();
        assert_eq!((h.flags, h.size, h.header_len), (FLAG_MORE, 3, 10));
        let h = parse_header(Framing::V1, &[2, 0xFE], None)
            .unwrap()
            .unwrap();
        assert_eq!((h.flags, h.size), (0, 1));
    }

    #[test]
    fn v1_errors_and_partial_input() {
        assert_eq!(parse_header(Framing::V1, &[], None), Ok(None));
        // Known bad from the first byte on.
        assert_eq!(
            parse_header(Framing::V1, &[0], None),
            Err(ProtocolError::MalformedFrame)
        );
        assert_eq!(
            parse_header(Framing::V1, &[0xFF, 0, 0, 0, 0, 0, 0, 0, 0], None),
            Err(ProtocolError::MalformedFrame)
        );
        assert_eq!(parse_header(Framing::V1, &[5], None), Ok(None));
        assert_eq!(
            parse_header(Framing::V1, &[0xFF, 0, 0, 0, 0, 0, 0, 0, 9], None),
            Ok(None)
        );
        assert_eq!(
            parse_header(Framing::V1, &[11], Some(9)),
            Err(ProtocolError::MessageTooLarge)
        );
        assert!(parse_header(Framing::V1, &[10, 0], Some(9))
            .unwrap()
            .is_some());
        let huge = [0xFF, 0x80, 0, 0, 0, 0, 0, 0, 5];
        assert_eq!(
            parse_header(Framing::V1, &huge, None),
            Err(ProtocolError::MessageTooLarge)
        );
        let max = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        assert_eq!(
            parse_header(Framing::V1, &max, None),
            Err(ProtocolError::MessageTooLarge)
        );
    }

    #[test]
    fn v2_is_the_zmtp3_layout() {
        let mut v = Vec::new();
        put_frame(Framing::V2, &mut v, false, &[7u8; 256]);
        assert_eq!(&v[..9], &[0x02, 0, 0, 0, 0, 0, 0, 1, 0]);
        let h = parse_header(Framing::V2, &v, None).unwrap().unwrap();
        assert_eq!((h.size, h.header_len, h.more()), (256, 9, false));
        let mut v = Vec::new();
        put_frame(Framing::V2, &mut v, true, &[7u8; 255]);
        assert_eq!(&v[..2], &[0x01, 255]);
        let h = parse_header(Framing::V2, &[0x05, 3], None)
            .unwrap()
            .unwrap();
        assert!(h.command() && h.more());
        assert_eq!(
            parse_header(Framing::V2, &[0x00, 10], Some(9)),
            Err(ProtocolError::MessageTooLarge)
        );
    }
}
