//! The NaCl primitives CURVE uses, built from RustCrypto/dalek crates.
//!
//! `crypto_box_beforenm(pk, sk)` is HSalsa20 (zero nonce) of the X25519
//! shared secret; `crypto_box_afternm` and `crypto_secretbox` are then
//! XSalsa20-Poly1305 under that key. On the wire a box is the 16-byte
//! Poly1305 tag followed by the ciphertext (libsodium's `*_easy` layout,
//! which is also what libzmq copies out of the `BOXZEROBYTES` form).
//!
//! As libsodium does, a Diffie-Hellman result of all zeros (the peer sent a
//! low-order point) is refused: the box "does not open".

use crypto_secretbox::aead::generic_array::GenericArray;
use crypto_secretbox::aead::{AeadInPlace, KeyInit};
use crypto_secretbox::{Kdf, XSalsa20Poly1305};
use rand_core::CryptoRngCore;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

/// Poly1305 tag length (`crypto_box_MACBYTES`).
pub(super) const TAG_LEN: usize = 16;
/// Key length (public, secret, precomputed, secretbox).
pub(super) const KEY_LEN: usize = 32;
/// Full nonce length.
pub(super) const NONCE_LEN: usize = 24;

/// A NaCl nonce: a 16-byte prefix and a big-endian 64-bit short nonce.
pub(super) fn short_nonce(prefix: &[u8; 16], n: u64) -> [u8; NONCE_LEN] {
    let mut nonce = [0u8; NONCE_LEN];
    nonce[..16].copy_from_slice(prefix);
    nonce[16..].copy_from_slice(&n.to_be_bytes());
    nonce
}

/// A NaCl nonce: an 8-byte prefix and 16 bytes (random, or read from the
/// wire).
pub(super) fn long_nonce(prefix: &[u8; 8], tail: &[u8; 16]) -> [u8; NONCE_LEN] {
    let mut nonce = [0u8; NONCE_LEN];
    nonce[..8].copy_from_slice(prefix);
    nonce[8..].copy_from_slice(tail);
    nonce
}

/// The RNG failed (the OS CSPRNG is unavailable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RngFailed;

/// Fills `buf` from `rng`.
pub(super) fn random(rng: &mut dyn CryptoRngCore, buf: &mut [u8]) -> Result<(), RngFailed> {
    rng.try_fill_bytes(buf).map_err(|_| RngFailed)
}

/// A fresh X25519 key pair: the secret is 32 random bytes (clamped when
/// used, as libsodium's `crypto_box_keypair`).
pub(super) fn generate(
    rng: &mut dyn CryptoRngCore,
) -> Result<(StaticSecret, [u8; KEY_LEN]), RngFailed> {
    let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
    random(rng, &mut bytes[..])?;
    let secret = StaticSecret::from(*bytes);
    let public = PublicKey::from(&secret).to_bytes();
    Ok((secret, public))
}

/// A symmetric XSalsa20-Poly1305 key: a `crypto_box` precomputed key or a
/// `crypto_secretbox` key. The key is wiped when dropped (the inner
/// `SecretBox` zeroizes it).
pub(super) struct BoxKey(XSalsa20Poly1305);

impl BoxKey {
    /// `crypto_box_beforenm(their_public, our_secret)`; `None` if the
    /// shared secret is all zeros (a low-order public key), as libsodium.
    pub(super) fn precompute(
        their_public: &[u8; KEY_LEN],
        our_secret: &StaticSecret,
    ) -> Option<BoxKey> {
        let shared = our_secret.diffie_hellman(&PublicKey::from(*their_public));
        if !shared.was_contributory() {
            return None;
        }
        let key = Zeroizing::new(<XSalsa20Poly1305 as Kdf>::kdf(
            GenericArray::from_slice(shared.as_bytes()),
            &GenericArray::default(),
        ));
        Some(BoxKey(XSalsa20Poly1305::new(&key)))
    }

    /// A fresh random `crypto_secretbox` key (the server's cookie key).
    pub(super) fn random(rng: &mut dyn CryptoRngCore) -> Result<BoxKey, RngFailed> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        random(rng, &mut key[..])?;
        Ok(BoxKey(XSalsa20Poly1305::new(GenericArray::from_slice(
            &key[..],
        ))))
    }

    /// Seals in place: `buf` is `TAG_LEN` bytes of room for the tag
    /// followed by the plaintext, which becomes the ciphertext. `false` only
    /// if `buf` is shorter than a tag.
    #[must_use]
    pub(super) fn seal(&self, nonce: &[u8; NONCE_LEN], buf: &mut [u8]) -> bool {
        if buf.len() < TAG_LEN {
            return false;
        }
        let (tag_room, text) = buf.split_at_mut(TAG_LEN);
        match self
            .0
            .encrypt_in_place_detached(GenericArray::from_slice(nonce), b"", text)
        {
            Ok(tag) => {
                tag_room.copy_from_slice(&tag);
                true
            }
            Err(_) => false,
        }
    }

    /// Opens in place: `buf` is the tag followed by the ciphertext; on
    /// success `buf[TAG_LEN..]` holds the plaintext. On failure `buf` is
    /// left as it was.
    #[must_use]
    pub(super) fn open(&self, nonce: &[u8; NONCE_LEN], buf: &mut [u8]) -> bool {
        if buf.len() < TAG_LEN {
            return false;
        }
        let (tag, text) = buf.split_at_mut(TAG_LEN);
        self.0
            .decrypt_in_place_detached(
                GenericArray::from_slice(nonce),
                b"",
                text,
                GenericArray::from_slice(tag),
            )
            .is_ok()
    }
}

impl std::fmt::Debug for BoxKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BoxKey(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// Known answers from libsodium 1.0.18 (Debian's libsodium23, through
    /// ctypes): `crypto_box_easy(m, n, pk, sk)` and `crypto_secretbox_easy`.
    #[test]
    fn matches_libsodium() {
        let alice_sk: [u8; 32] = std::array::from_fn(|i| i as u8 + 1);
        let bob_sk: [u8; 32] = std::array::from_fn(|i| 0xa0 ^ i as u8);
        let bob_pk = PublicKey::from(&StaticSecret::from(bob_sk)).to_bytes();
        assert_eq!(
            bob_pk.to_vec(),
            hex("605a725d2a4adfeeb1a29e17edd621c1b7593ee8cdbc44ac6c4ab6e2f805d23c")
        );
        let nonce = short_nonce(b"CurveZMQMESSAGEC", 3);
        let mut buf = vec![0u8; TAG_LEN];
        buf.extend_from_slice(b"\x01hello, libsodium");
        let k = BoxKey::precompute(&bob_pk, &StaticSecret::from(alice_sk)).unwrap();
        assert!(k.seal(&nonce, &mut buf));
        assert_eq!(
            buf,
            hex("35dfbe9bbc9bf7fe645358d77fef30de6557a306b9ace52e4c0a78b674165ed26e")
        );
        // X25519 ignores the top bit of a public key (libsodium gives the
        // same box for it).
        let mut hibit = bob_pk;
        hibit[31] |= 0x80;
        let mut again = vec![0u8; TAG_LEN];
        again.extend_from_slice(b"\x01hello, libsodium");
        let k3 = BoxKey::precompute(&hibit, &StaticSecret::from(alice_sk)).unwrap();
        assert!(k3.seal(&nonce, &mut again));
        assert_eq!(again, buf);
        // Bob opens it with his secret and Alice's public key.
        let alice_pk = PublicKey::from(&StaticSecret::from(alice_sk)).to_bytes();
        let k2 = BoxKey::precompute(&alice_pk, &StaticSecret::from(bob_sk)).unwrap();
        assert!(k2.open(&nonce, &mut buf));
        assert_eq!(&buf[TAG_LEN..], b"\x01hello, libsodium");
        // Tampering is detected and leaves the buffer alone.
        buf[3] ^= 1;
        let copy = buf.clone();
        assert!(!k2.open(&nonce, &mut buf));
        assert_eq!(buf, copy);

        let key: [u8; 32] = std::array::from_fn(|i| 0x40 + i as u8);
        let sb = BoxKey(XSalsa20Poly1305::new(GenericArray::from_slice(&key)));
        let nonce = long_nonce(b"COOKIE--", &[7u8; 16]);
        let mut buf = vec![0u8; TAG_LEN];
        buf.extend_from_slice(&[0x55u8; 64]);
        assert!(sb.seal(&nonce, &mut buf));
        assert_eq!(
            buf,
            hex(
                concat!("03b9194ee9b873705112457717064b4fbc12c8e123aa624e00cea7afbbd9065d",
"7290c94aa4efa42ee3749b96bafde161e25f394fc6b111c9b783fecfabbc96938f7c1e1aa83eca90a6402e39dec66671")
            )
        );
    }

    #[test]
    fn low_order_points_are_refused() {
        let sk = StaticSecret::from([9u8; 32]);
        assert!(BoxKey::precompute(&[0u8; 32], &sk).is_none());
        let mut one = [0u8; 32];
        one[0] = 1;
        assert!(BoxKey::precompute(&one, &sk).is_none());
    }
}
