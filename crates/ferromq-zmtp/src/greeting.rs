//! The ZMTP 3.x greeting: 64 bytes each peer sends first (RFC 23, RFC 37),
//! and how a ZMTP 1.0 or 2.0 peer is told from its first bytes.
//!
//! ```text
//! offset 0   0xFF            signature
//!        1   8 bytes padding (libzmq: identity length + 1, big endian)
//!        9   0x7F            signature
//!        10  major version   3
//!        11  minor version   0 (ZMTP 3.0) or 1 (ZMTP 3.1)
//!        12  20 bytes        mechanism name, NUL padded
//!        32  as-server       0 or 1
//!        33  31 bytes        filler, zero
//! ```

use crate::ProtocolError;

/// Length of a full greeting.
pub const GREETING_LEN: usize = 64;
/// Length of the signature part (bytes 0..10).
pub const SIGNATURE_LEN: usize = 10;
/// Maximum length of a mechanism name.
pub const MECHANISM_LEN: usize = 20;

/// A peer's greeting, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Greeting {
    /// Major protocol version (3).
    pub major: u8,
    /// Minor protocol version: 0 for ZMTP 3.0, 1 for 3.1.
    pub minor: u8,
    /// Mechanism name, without NUL padding.
    pub mechanism: Vec<u8>,
    /// The peer's as-server bit.
    pub as_server: bool,
}

impl Greeting {
    /// Whether the peer speaks ZMTP 3.1 (SUBSCRIBE/CANCEL commands, PING).
    /// libzmq treats every revision other than exactly 3.0 as 3.1.
    pub fn is_v31(&self) -> bool {
        !(self.major == 3 && self.minor == 0)
    }
}

/// Encodes our greeting. `identity_len` only shapes the padding (libzmq
/// writes `identity_len + 1` there so a ZMTP 1.0 peer reads a frame header).
pub fn encode(mechanism: &str, as_server: bool, identity_len: usize) -> [u8; GREETING_LEN] {
    let mut g = [0u8; GREETING_LEN];
    g[0] = 0xFF;
    let pad = (identity_len as u64).saturating_add(1).to_be_bytes();
    g[1..9].copy_from_slice(&pad);
    g[9] = 0x7F;
    g[10] = 3;
    g[11] = 1;
    let name = mechanism.as_bytes();
    let n = name.len().min(MECHANISM_LEN);
    g[12..12 + n].copy_from_slice(&name[..n]);
    g[32] = u8::from(as_server);
    g
}

/// What the first bytes of a peer's greeting say about its protocol, as
/// libzmq 4.3 reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revision {
    /// ZMTP 1.0 without a signature (ZeroMQ 2.x): the first byte is not
    /// 0xFF, or bit 0 of byte 9 (the flags of a long first frame) is
    /// clear. What the peer sent is its identity frame, in ZMTP 1.0
    /// framing.
    Unversioned,
    /// A signature with revision 0x00: ZMTP 1.0 framing after a 12-byte
    /// greeting.
    Zmtp10,
    /// A signature with revision 0x01: ZMTP 2.0 (RFC 15).
    Zmtp20,
    /// Revision 0x02 or above: ZMTP 3.x (64-byte greeting).
    Zmtp3,
}

/// Length of a ZMTP 1.0 (versioned) or 2.0 greeting: the signature, the
/// revision and the socket type.
pub const V2_GREETING_LEN: usize = 12;

/// Classifies a peer from the bytes of its greeting received so far;
/// `None` until enough have arrived to tell.
pub fn detect(prefix: &[u8]) -> Option<Revision> {
    let &b0 = prefix.first()?;
    if b0 != 0xFF {
        return Some(Revision::Unversioned);
    }
    let &b9 = prefix.get(9)?;
    if b9 & 1 == 0 {
        return Some(Revision::Unversioned);
    }
    Some(match *prefix.get(10)? {
        0 => Revision::Zmtp10,
        1 => Revision::Zmtp20,
        _ => Revision::Zmtp3,
    })
}

/// Checks the bytes of a ZMTP 3.x greeting received so far, failing as
/// early as possible: anything [`detect`] does not classify as ZMTP 3.x
/// is refused here (the handshake deals with older peers before calling
/// this).
pub fn check_prefix(prefix: &[u8]) -> Result<(), ProtocolError> {
    match detect(prefix) {
        Some(Revision::Unversioned) => Err(ProtocolError::BadSignature),
        Some(Revision::Zmtp10) => Err(ProtocolError::UnsupportedVersion(0)),
        Some(Revision::Zmtp20) => Err(ProtocolError::UnsupportedVersion(1)),
        Some(Revision::Zmtp3) | None => Ok(()),
    }
}

/// Decodes a complete 64-byte greeting.
pub fn decode(g: &[u8; GREETING_LEN]) -> Result<Greeting, ProtocolError> {
    check_prefix(g)?;
    let mech = &g[12..12 + MECHANISM_LEN];
    let end = mech.iter().position(|&b| b == 0).unwrap_or(MECHANISM_LEN);
    Ok(Greeting {
        major: g[10],
        minor: g[11],
        mechanism: mech[..end].to_vec(),
        as_server: g[32] & 1 == 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let g = encode("NULL", false, 3);
        assert_eq!(&g[..10], &[0xFF, 0, 0, 0, 0, 0, 0, 0, 4, 0x7F]);
        let d = decode(&g).unwrap();
        assert_eq!(d.mechanism, b"NULL");
        assert_eq!((d.major, d.minor), (3, 1));
        assert!(d.is_v31());
        assert!(!d.as_server);
    }

    #[test]
    fn detects_revisions() {
        assert_eq!(detect(&[]), None);
        assert_eq!(detect(&[0x01]), Some(Revision::Unversioned));
        assert_eq!(detect(&[0xFF, 0, 0]), None);
        // A 2.x peer with a long identity: 0xFF, 8-byte length, flags 0.
        let long_id = [0xFF, 0, 0, 0, 0, 0, 0, 1, 0, 0x00];
        assert_eq!(detect(&long_id), Some(Revision::Unversioned));
        let sig = [0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F];
        assert_eq!(detect(&sig), None);
        let mut g = sig.to_vec();
        g.push(0);
        assert_eq!(detect(&g), Some(Revision::Zmtp10));
        g[10] = 1;
        assert_eq!(detect(&g), Some(Revision::Zmtp20));
        g[10] = 2;
        assert_eq!(detect(&g), Some(Revision::Zmtp3));
        g[10] = 0xFE;
        assert_eq!(detect(&g), Some(Revision::Zmtp3));
    }

    #[test]
    fn rejects_old_and_garbage() {
        assert_eq!(check_prefix(&[0x01]), Err(ProtocolError::BadSignature));
        let mut g = encode("NULL", false, 0);
        g[9] = 0x7E;
        assert_eq!(decode(&g), Err(ProtocolError::BadSignature));
        let mut g = encode("NULL", false, 0);
        g[10] = 1;
        assert_eq!(decode(&g), Err(ProtocolError::UnsupportedVersion(1)));
        let mut g = encode("NULL", false, 0);
        g[11] = 0;
        assert!(!decode(&g).unwrap().is_v31());
    }
}
