//! The ZMTP 3.x greeting: 64 bytes each peer sends first (RFC 23, RFC 37).
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

/// Checks the bytes of a greeting received so far, failing as early as
/// libzmq would: a first byte other than 0xFF, or a bit 0 of byte 9 that is
/// clear, means a ZMTP 1.0 peer, which we do not speak.
pub fn check_prefix(prefix: &[u8]) -> Result<(), ProtocolError> {
    if let Some(&b0) = prefix.first() {
        if b0 != 0xFF {
            return Err(ProtocolError::BadSignature);
        }
    }
    if let Some(&b9) = prefix.get(9) {
        if b9 & 1 == 0 {
            return Err(ProtocolError::BadSignature);
        }
    }
    if let Some(&major) = prefix.get(10) {
        // Revision 0 is ZMTP 1.0, revision 1 is ZMTP 2.0.
        if major < 2 {
            return Err(ProtocolError::UnsupportedVersion(major));
        }
    }
    Ok(())
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
