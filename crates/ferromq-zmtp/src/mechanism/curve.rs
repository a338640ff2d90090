//! The CURVE mechanism (RFC 25 ZMTP-CURVE, RFC 26 CurveZMQ), byte for byte
//! as libzmq 4.3 speaks it.
//!
//! ```text
//! client (C, c; knows S)                        server (S, s)
//!   HELLO    C', N=1, Box[64 zeros](C'→S)   ──►
//!                                           ◄──  WELCOME  Box[S' + cookie](S→C')
//!   INITIATE cookie, N=2,                   ──►   cookie = Box[C' + s'](t), t a
//!     Box[C + vouch + metadata](C'→S')            per-connection key
//!     vouch = Box[C' + S](C→S')                   (asks ZAP with C)
//!                                           ◄──  READY N=1, Box[metadata](S'→C')
//!   MESSAGE N=3,4,...  Box[flags + body](C'→S')   MESSAGE N=2,3,...
//! ```
//!
//! Long-term keys are `C`/`c` (client) and `S`/`s` (server); primed ones are
//! the short-term keys each side draws for one connection. After READY every
//! frame travels as a MESSAGE through the [`Codec`](super::Codec) that
//! [`Mechanism::take_codec`](super::Mechanism::take_codec) hands out.
//!
//! # Using it from the engine
//!
//! - Client (`ZMQ_CURVE_SERVERKEY` set): [`CurveClient::new`] with
//!   `ZMQ_CURVE_PUBLICKEY`, `ZMQ_CURVE_SECRETKEY`, the server key, the
//!   properties for INITIATE (Socket-Type, Identity, `ZMQ_METADATA`) and
//!   [`os_rng`].
//! - Server (`ZMQ_CURVE_SERVER` = 1): [`CurveServer::new`] with
//!   `ZMQ_CURVE_SECRETKEY` (a libzmq server ignores `ZMQ_CURVE_PUBLICKEY`;
//!   the public key is derived from the secret), the properties for READY, [`os_rng`] and
//!   `ZMQ_ZAP_ENFORCE_DOMAIN`; then
//!   [`CurveServer::zap_domain_set`] with whether `ZMQ_ZAP_DOMAIN` is set.
//!   After INITIATE it returns [`Status::Zap`](super::Status::Zap) whose
//!   only credential is the client's long-term public key.
//! - Once [`Status::Ready`](super::Status::Ready): `take_codec()`, then every
//!   outgoing frame goes through [`Codec::encode`](super::Codec::encode) and
//!   every incoming frame body through [`Codec::decode`](super::Codec::decode).
//!   Like libzmq, the MESSAGE frame goes out with frame flags `0x00` (or
//!   `0x02`, long): neither MORE nor COMMAND, which travel inside the box.
//!   A libzmq peer ORs the outer flags into the decoded message, so setting
//!   COMMAND outside would break it; and it sends MESSAGE as a plain frame,
//!   so the engine must hand every frame after the handshake to `decode`,
//!   whatever its flags.
//!
//! # Cryptography
//!
//! X25519 from `x25519-dalek` (RFC 7748 clamping, as libsodium), HSalsa20
//! and XSalsa20-Poly1305 from `crypto_secretbox` (RustCrypto): together
//! NaCl's `crypto_box`, checked against libsodium known answers in the
//! tests. As libsodium, an all-zero shared secret (a low-order public key)
//! makes the box fail. Secret keys, short-term secrets, precomputed keys and
//! the cookie key are wiped when dropped. Randomness comes from the RNG
//! given to the constructor ([`os_rng`] in production, a seeded one in
//! tests and fuzzing).
//!
//! Nonces: each side counts short nonces from 1 (client HELLO = 1,
//! INITIATE = 2, then messages; server READY = 1, then messages) and
//! refuses to wrap. A received MESSAGE must carry a nonce greater than the
//! last one accepted from the peer (first: the INITIATE or READY nonce).

mod client;
mod codec;
mod crypto;
mod server;
#[cfg(test)]
mod tests;

pub use client::CurveClient;
pub use server::CurveServer;

/// The `rand_core` version the RNG parameters use (to implement a seeded
/// RNG for tests and fuzz targets).
pub use rand_core;

use rand_core::CryptoRngCore;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::error::codes;
use crate::ProtocolError;

/// Length of a CURVE key (public or secret), in bytes.
pub const KEY_LEN: usize = 32;

/// A CURVE key pair: the public key and the secret key (wiped on drop).
pub type Keypair = ([u8; KEY_LEN], Zeroizing<[u8; KEY_LEN]>);

/// The random source a mechanism draws its short-term keys, cookie key and
/// nonces from.
pub type Rng = Box<dyn CryptoRngCore + Send>;

/// The operating system's CSPRNG (`getrandom`), as libsodium's
/// `randombytes` uses.
pub fn os_rng() -> Rng {
    Box::new(rand_core::OsRng)
}

/// A new key pair, as `zmq_curve_keypair` (libsodium `crypto_box_keypair`):
/// 32 random bytes of secret and its X25519 public key.
pub fn keypair(rng: &mut dyn CryptoRngCore) -> Result<Keypair, rand_core::Error> {
    let mut secret = Zeroizing::new([0u8; KEY_LEN]);
    rng.try_fill_bytes(&mut secret[..])?;
    let public = public_from_secret(&secret);
    Ok((public, secret))
}

/// The public key of a secret key, as `zmq_curve_public`
/// (`crypto_scalarmult_base`).
pub fn public_from_secret(secret: &[u8; KEY_LEN]) -> [u8; KEY_LEN] {
    PublicKey::from(&StaticSecret::from(*secret)).to_bytes()
}

/// Shorthand for a libzmq protocol error code.
fn code(c: u32) -> ProtocolError {
    ProtocolError::Code(c)
}

/// What an RNG failure or an exhausted nonce counter reports: libzmq has no
/// code for either (it aborts, or wraps).
fn unspecified() -> ProtocolError {
    code(codes::ZMTP_UNSPECIFIED)
}

impl From<crypto::RngFailed> for ProtocolError {
    fn from(_: crypto::RngFailed) -> ProtocolError {
        unspecified()
    }
}

/// A short-nonce counter for the nonces we send: starts at 1, never
/// repeats, and refuses to wrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NonceCounter(u64);

impl NonceCounter {
    fn new() -> NonceCounter {
        NonceCounter(1)
    }

    /// The next nonce to use.
    fn next(&mut self) -> Result<u64, ProtocolError> {
        if self.0 == u64::MAX {
            return Err(unspecified());
        }
        let n = self.0;
        self.0 += 1;
        Ok(n)
    }
}

/// Reads a big-endian u64 at `at` (the caller checked the length).
fn be_u64(bytes: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    if let Some(s) = bytes.get(at..at + 8) {
        b.copy_from_slice(s);
    }
    u64::from_be_bytes(b)
}

/// A fixed-size array from `bytes[at..at + N]` (the caller checked the
/// length; zeros otherwise).
fn array<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    let mut a = [0u8; N];
    if let Some(s) = bytes.get(at..at + N) {
        a.copy_from_slice(s);
    }
    a
}

/// libzmq's `check_basic_command_structure`: the body is longer than one
/// byte and than its name length byte.
fn check_basic_structure(body: &[u8]) -> Result<(), ProtocolError> {
    match body.first() {
        Some(&n) if body.len() > 1 && body.len() > usize::from(n) => Ok(()),
        _ => Err(code(codes::ZMTP_MALFORMED_COMMAND_UNSPECIFIED)),
    }
}
