//! Z85 (ZeroMQ RFC 32): binary data as printable text, 4 bytes to 5 characters.
//!
//! Behaves exactly as libzmq's `zmq_z85_encode` / `zmq_z85_decode`:
//!
//! * encoding needs a length that is a multiple of 4 (an empty input encodes
//!   to the empty string);
//! * decoding needs a length that is a multiple of 5 **and at least 5** (the
//!   empty string does not decode), every character must be in the alphabet,
//!   and every 5-character group must stand for a value below 2^32
//!   (`"%%%%%"` is 85^5 - 1 > 2^32 - 1 and is refused);
//! * [`decode_into`] writes each 4-byte group as soon as its 5 characters are
//!   read, so on an invalid group the groups before it are already in the
//!   output, as libzmq leaves them in `dest`.

#![forbid(unsafe_code)]

use crate::error::{Error, Result};

/// The 85 characters, in digit order.
pub const ALPHABET: &[u8; 85] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/// `DECODER[b]` is the digit value of byte `b`, or `INVALID`.
const INVALID: u8 = 0xFF;
const DECODER: [u8; 256] = build_decoder();

const fn build_decoder() -> [u8; 256] {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < ALPHABET.len() {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
}

/// Number of characters [`encode`] produces for `len` bytes (`len` a multiple of 4).
pub const fn encoded_len(len: usize) -> usize {
    len / 4 * 5
}

/// Number of bytes [`decode`] produces for `len` characters (`len` a multiple of 5).
pub const fn decoded_len(len: usize) -> usize {
    len / 5 * 4
}

/// Checks that `len` bytes can be encoded: a multiple of 4, else [`Error::Inval`].
pub const fn check_encode_len(len: usize) -> Result<()> {
    match len % 4 {
        0 => Ok(()),
        _ => Err(Error::Inval),
    }
}

/// Checks that `len` characters can be decoded: at least 5 and a multiple
/// of 5, else [`Error::Inval`].
pub const fn check_decode_len(len: usize) -> Result<()> {
    match (len < 5, len % 5) {
        (false, 0) => Ok(()),
        _ => Err(Error::Inval),
    }
}

/// Encodes `data` into `out`, which must hold at least
/// [`encoded_len`]`(data.len())` bytes; returns the number of characters
/// written (no terminating NUL).
///
/// Fails with [`Error::Inval`] if `data.len()` is not a multiple of 4 (nothing
/// is written), or if `out` is too short.
pub fn encode_into(data: &[u8], out: &mut [u8]) -> Result<usize> {
    check_encode_len(data.len())?;
    let n = encoded_len(data.len());
    if out.len() < n {
        return Err(Error::Inval);
    }
    for (group, chars) in data.chunks_exact(4).zip(out.chunks_exact_mut(5)) {
        let mut value = u32::from_be_bytes([group[0], group[1], group[2], group[3]]);
        for c in chars.iter_mut().rev() {
            *c = ALPHABET[(value % 85) as usize];
            value /= 85;
        }
    }
    Ok(n)
}

/// Encodes `data` as a Z85 string. Fails with [`Error::Inval`] if
/// `data.len()` is not a multiple of 4.
pub fn encode(data: &[u8]) -> Result<String> {
    let mut out = vec![0u8; encoded_len(data.len())];
    encode_into(data, &mut out)?;
    // Every byte written comes from ALPHABET, which is ASCII.
    String::from_utf8(out).map_err(|_| Error::Inval)
}

/// Decodes the Z85 text `text` into `out`, which must hold at least
/// [`decoded_len`]`(text.len())` bytes; returns the number of bytes written.
///
/// Fails with [`Error::Inval`] if `text.len()` is below 5 or not a multiple
/// of 5, if `out` is too short (nothing written in those cases), if a
/// character is not in the alphabet, or if a group's value exceeds
/// 2^32 - 1. In the last two cases the groups before the bad one have been
/// written to `out`, as libzmq does.
pub fn decode_into(text: &[u8], out: &mut [u8]) -> Result<usize> {
    check_decode_len(text.len())?;
    let n = decoded_len(text.len());
    if out.len() < n {
        return Err(Error::Inval);
    }
    for (chars, bytes) in text.chunks_exact(5).zip(out.chunks_exact_mut(4)) {
        let mut value: u64 = 0;
        for &c in chars {
            let digit = DECODER[usize::from(c)];
            if digit == INVALID {
                return Err(Error::Inval);
            }
            value = value * 85 + u64::from(digit);
        }
        let value = u32::try_from(value).map_err(|_| Error::Inval)?;
        bytes.copy_from_slice(&value.to_be_bytes());
    }
    Ok(n)
}

/// Decodes the Z85 text `text`. Fails with [`Error::Inval`] under the
/// conditions of [`decode_into`].
pub fn decode(text: impl AsRef<[u8]>) -> Result<Vec<u8>> {
    let text = text.as_ref();
    let mut out = vec![0u8; decoded_len(text.len())];
    decode_into(text, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HELLO: [u8; 8] = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];

    #[test]
    fn rfc32_test_vector() {
        assert_eq!(encode(&HELLO).unwrap(), "HelloWorld");
        assert_eq!(decode("HelloWorld").unwrap(), HELLO);
    }

    #[test]
    fn alphabet_is_85_distinct_printable_chars() {
        let mut seen = [false; 256];
        for &c in ALPHABET {
            assert!(c.is_ascii_graphic(), "{c}");
            assert!(!seen[usize::from(c)], "duplicate {c}");
            seen[usize::from(c)] = true;
        }
        assert_eq!(
            ALPHABET.iter().filter(|c| c.is_ascii_punctuation()).count(),
            23
        );
    }

    #[test]
    fn extremes() {
        assert_eq!(encode(&[0, 0, 0, 0]).unwrap(), "00000");
        assert_eq!(encode(&[0xFF; 4]).unwrap(), "%nSc0");
        assert_eq!(decode("%nSc0").unwrap(), [0xFF; 4]);
        assert_eq!(decode("00000").unwrap(), [0; 4]);
        // 2^32 - 1 + 1 is the next value after "%nSc0": refused.
        assert_eq!(decode("%nSc1"), Err(Error::Inval));
        assert_eq!(decode("%%%%%"), Err(Error::Inval));
        assert_eq!(decode("#####"), Err(Error::Inval));
    }

    #[test]
    fn lengths() {
        assert_eq!(encode(&[]).unwrap(), "");
        for n in [1, 2, 3, 5, 7] {
            assert_eq!(encode(&vec![0u8; n]), Err(Error::Inval), "{n}");
        }
        // The empty string does not decode (libzmq: strlen < 5).
        assert_eq!(decode(""), Err(Error::Inval));
        for n in [1, 4, 6, 9, 11] {
            assert_eq!(decode("0".repeat(n)), Err(Error::Inval), "{n}");
        }
        assert_eq!(decode("0000000000").unwrap(), [0u8; 8]);
    }

    #[test]
    fn bad_characters() {
        for bad in [
            b' ', b'"', b'\'', b',', b';', b'_', b'`', b'|', b'~', b'\\', 0x7F, 0x80, 0xFF, 0x01,
            b'\n',
        ] {
            let mut t = *b"00000";
            t[2] = bad;
            assert_eq!(decode(t), Err(Error::Inval), "{bad:#x}");
        }
    }

    #[test]
    fn partial_output_on_error() {
        let mut out = [0xAAu8; 8];
        assert_eq!(decode_into(b"HelloWorl ", &mut out), Err(Error::Inval));
        assert_eq!(&out[..4], &HELLO[..4]);
        assert_eq!(&out[4..], &[0xAA; 4]);
        // Bad length: nothing written.
        let mut out = [0xAAu8; 8];
        assert_eq!(decode_into(b"HelloWorl", &mut out), Err(Error::Inval));
        assert_eq!(out, [0xAA; 8]);
    }

    #[test]
    fn short_output_buffers() {
        assert_eq!(encode_into(&HELLO, &mut [0u8; 9]), Err(Error::Inval));
        assert_eq!(decode_into(b"HelloWorld", &mut [0u8; 7]), Err(Error::Inval));
        let mut out = [0u8; 11];
        assert_eq!(encode_into(&HELLO, &mut out), Ok(10));
        assert_eq!(&out[..10], b"HelloWorld");
        assert_eq!(out[10], 0);
    }

    #[test]
    fn round_trip_every_byte_value() {
        let data: Vec<u8> = (0..=255u8).collect();
        let text = encode(&data).unwrap();
        assert_eq!(text.len(), 320);
        assert_eq!(decode(&text).unwrap(), data);
        // A pseudo-random sweep over group values.
        let mut x: u32 = 0x1234_5678;
        for _ in 0..10_000 {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let bytes = x.to_be_bytes();
            assert_eq!(decode(encode(&bytes).unwrap()).unwrap(), bytes);
        }
    }
}
