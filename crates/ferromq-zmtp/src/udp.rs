//! RADIO/DISH datagrams over `udp://` (the draft libzmq format): one
//! byte holding the group's length, the group, then the body, the whole
//! datagram at most [`MAX_DATAGRAM`] bytes.

use crate::ProtocolError;

/// Largest datagram libzmq sends or receives (its MAX_UDP_MSG).
pub const MAX_DATAGRAM: usize = 8192;

/// Splits a RADIO datagram into its group and body. A datagram that is
/// empty, longer than [`MAX_DATAGRAM`], or whose length byte runs past its
/// end is malformed (libzmq drops it too).
pub fn parse_datagram(d: &[u8]) -> Result<(&[u8], &[u8]), ProtocolError> {
    if d.is_empty() || d.len() > MAX_DATAGRAM {
        return Err(ProtocolError::MalformedFrame);
    }
    let glen = usize::from(d[0]);
    if d.len() - 1 < glen {
        return Err(ProtocolError::MalformedFrame);
    }
    Ok((&d[1..1 + glen], &d[1 + glen..]))
}

/// Writes the datagram for `group` and `body` into `out` (cleared first).
/// A group over 255 bytes, or a datagram over [`MAX_DATAGRAM`], is
/// refused (`MessageTooLarge`) and `out` left empty.
pub fn encode_datagram(group: &[u8], body: &[u8], out: &mut Vec<u8>) -> Result<(), ProtocolError> {
    out.clear();
    let Ok(glen) = u8::try_from(group.len()) else {
        return Err(ProtocolError::MessageTooLarge);
    };
    let total = 1 + group.len() + body.len();
    if total > MAX_DATAGRAM {
        return Err(ProtocolError::MessageTooLarge);
    }
    out.reserve(total);
    out.push(glen);
    out.extend_from_slice(group);
    out.extend_from_slice(body);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut v = Vec::new();
        encode_datagram(b"grp", b"hello", &mut v).unwrap();
        assert_eq!(v, b"\x03grphello");
        assert_eq!(parse_datagram(&v).unwrap(), (&b"grp"[..], &b"hello"[..]));
        encode_datagram(b"", b"", &mut v).unwrap();
        assert_eq!(parse_datagram(&v).unwrap(), (&b""[..], &b""[..]));
    }

    #[test]
    fn malformed() {
        assert!(parse_datagram(b"").is_err());
        assert!(parse_datagram(b"\x05abc").is_err());
        assert!(parse_datagram(&[0xff]).is_err());
        assert!(parse_datagram(&vec![0u8; MAX_DATAGRAM + 1]).is_err());
        assert!(parse_datagram(&vec![0u8; MAX_DATAGRAM]).is_ok());
        let mut v = Vec::new();
        assert!(encode_datagram(&[b'a'; 256], b"", &mut v).is_err());
        assert!(encode_datagram(b"g", &vec![0u8; MAX_DATAGRAM - 1], &mut v).is_err());
        assert!(encode_datagram(b"g", &vec![0u8; MAX_DATAGRAM - 2], &mut v).is_ok());
    }
}
