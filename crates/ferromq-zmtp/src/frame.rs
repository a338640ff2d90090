//! Frame headers (RFC 23 §"Framing"): a flags byte, then a 1-byte or
//! 8-byte big-endian size.

use crate::ProtocolError;

/// More frames follow in this message.
pub const FLAG_MORE: u8 = 0x01;
/// The size field is 8 bytes.
pub const FLAG_LONG: u8 = 0x02;
/// This frame is a command.
pub const FLAG_COMMAND: u8 = 0x04;

/// Longest possible header: flags + 8-byte size.
pub const MAX_HEADER_LEN: usize = 9;

/// A decoded frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameHeader {
    /// The flags byte (reserved bits are ignored, as libzmq does).
    pub flags: u8,
    /// Body size in bytes.
    pub size: u64,
    /// How many bytes the header itself took (2 or 9).
    pub header_len: usize,
}

impl FrameHeader {
    /// Whether more frames of the same message follow.
    pub fn more(&self) -> bool {
        self.flags & FLAG_MORE != 0
    }

    /// Whether the frame is a command.
    pub fn command(&self) -> bool {
        self.flags & FLAG_COMMAND != 0
    }
}

/// Parses a frame header at the start of `buf`; `Ok(None)` if more bytes
/// are needed. `max_size` (ZMQ_MAXMSGSIZE, or none) bounds the body size.
pub fn parse_header(
    buf: &[u8],
    max_size: Option<u64>,
) -> Result<Option<FrameHeader>, ProtocolError> {
    let Some(&flags) = buf.first() else {
        return Ok(None);
    };
    let (size, header_len) = if flags & FLAG_LONG != 0 {
        let Some(b) = buf.get(1..9) else {
            return Ok(None);
        };
        let mut s = [0u8; 8];
        s.copy_from_slice(b);
        (u64::from_be_bytes(s), 9)
    } else {
        let Some(&b) = buf.get(1) else {
            return Ok(None);
        };
        (u64::from(b), 2)
    };
    // A size above i64::MAX is rejected by libzmq's decoder too.
    if size > i64::MAX as u64 || max_size.is_some_and(|m| size > m) {
        return Err(ProtocolError::MessageTooLarge);
    }
    Ok(Some(FrameHeader {
        flags,
        size,
        header_len,
    }))
}

/// Encodes a frame header into `out`, returning its length. libzmq uses the
/// long form only for bodies over 255 bytes; so do we.
pub fn encode_header(
    more: bool,
    command: bool,
    size: usize,
    out: &mut [u8; MAX_HEADER_LEN],
) -> usize {
    let mut flags = 0;
    if more {
        flags |= FLAG_MORE;
    }
    if command {
        flags |= FLAG_COMMAND;
    }
    if size > 255 {
        out[0] = flags | FLAG_LONG;
        out[1..9].copy_from_slice(&(size as u64).to_be_bytes());
        9
    } else {
        out[0] = flags;
        out[1] = size as u8;
        2
    }
}

/// Appends a frame header to `out`.
pub fn put_header(out: &mut Vec<u8>, more: bool, command: bool, size: usize) {
    let mut h = [0u8; MAX_HEADER_LEN];
    let n = encode_header(more, command, size, &mut h);
    out.extend_from_slice(&h[..n]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long() {
        let mut v = Vec::new();
        put_header(&mut v, true, false, 5);
        assert_eq!(v, [0x01, 5]);
        v.clear();
        put_header(&mut v, false, false, 300);
        assert_eq!(v, [0x02, 0, 0, 0, 0, 0, 0, 1, 0x2c]);
        let h = parse_header(&v, None).unwrap().unwrap();
        assert_eq!((h.size, h.header_len, h.more()), (300, 9, false));
        v.clear();
        put_header(&mut v, false, true, 13);
        assert_eq!(v, [0x04, 13]);
    }

    #[test]
    fn incomplete_and_limits() {
        assert_eq!(parse_header(&[], None), Ok(None));
        assert_eq!(parse_header(&[0x00], None), Ok(None));
        assert_eq!(parse_header(&[0x02, 0, 0], None), Ok(None));
        assert_eq!(
            parse_header(&[0x00, 10], Some(9)),
            Err(ProtocolError::MessageTooLarge)
        );
        let huge = [0x02, 0x80, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(
            parse_header(&huge, None),
            Err(ProtocolError::MessageTooLarge)
        );
        // A long header carrying a small size is accepted.
        let h = parse_header(&[0x02, 0, 0, 0, 0, 0, 0, 0, 3], None)
            .unwrap()
            .unwrap();
        assert_eq!(h.size, 3);
    }
}
