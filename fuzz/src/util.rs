//! Small tools the targets share: reading a fuzzer input as a program,
//! a seeded RNG for CURVE, and ways to split a stream into reads.

use ferromq_zmtp::mechanism::curve::rand_core::{self, CryptoRng, RngCore};
use ferromq_zmtp::mechanism::curve::{self, KEY_LEN};

/// Reads a fuzzer input as a sequence of fields. Past the end every read
/// gives zeros, so any input is a complete program.
pub struct Input<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Input<'a> {
    /// Reads `data` from its first byte.
    pub fn new(data: &'a [u8]) -> Input<'a> {
        Input { data, pos: 0 }
    }

    /// The next byte (0 past the end).
    pub fn u8(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos = self.pos.saturating_add(1);
        b
    }

    /// The next two bytes, big-endian.
    pub fn u16(&mut self) -> u16 {
        u16::from_be_bytes([self.u8(), self.u8()])
    }

    /// Up to `n` bytes (fewer at the end of the input).
    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let start = self.pos.min(self.data.len());
        let end = start.saturating_add(n).min(self.data.len());
        self.pos = self.pos.saturating_add(n);
        &self.data[start..end]
    }

    /// Whether every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }
}

/// A seeded RNG (SplitMix64) for the CURVE mechanisms: handshakes under
/// fuzz are deterministic, so a crash reproduces from its input alone.
/// Not a CSPRNG, whatever the marker trait says; only for fuzzing.
pub struct SeededRng(u64);

impl RngCore for SeededRng {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let v = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for SeededRng {}

/// A boxed [`SeededRng`], as the CURVE constructors take it.
pub fn rng(seed: u64) -> curve::Rng {
    Box::new(SeededRng(seed))
}

/// A fixed long-term key pair: (public, secret).
pub fn fixed_keypair(tag: u8) -> ([u8; KEY_LEN], [u8; KEY_LEN]) {
    let secret: [u8; KEY_LEN] =
        std::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(tag) ^ 0x5a);
    (curve::public_from_secret(&secret), secret)
}

/// How a stream is cut into reads.
#[derive(Debug, Clone, Copy)]
pub enum Chunker {
    /// Everything available at once.
    Whole,
    /// One byte at a time.
    Bytewise,
    /// Sizes from a xorshift generator: mostly up to `max`, sometimes up
    /// to 4096.
    Random { state: u32, max: u32 },
}

impl Chunker {
    /// Random sizes seeded with `seed`, mostly 1..=`max`.
    pub fn random(seed: u32, max: u32) -> Chunker {
        Chunker::Random {
            state: seed | 1,
            max: max.max(1),
        }
    }

    /// The size of the next read when `avail` bytes are waiting (>= 1 if
    /// `avail` >= 1).
    pub fn next(&mut self, avail: usize) -> usize {
        let n = match self {
            Chunker::Whole => avail,
            Chunker::Bytewise => 1,
            Chunker::Random { state, max } => {
                let mut x = *state;
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                *state = x;
                if x & 0x300 == 0 {
                    (x >> 10) as usize % 4096 + 1
                } else {
                    (x >> 10) as usize % *max as usize + 1
                }
            }
        };
        n.min(avail)
    }

    /// Cuts `data` into reads.
    pub fn split(mut self, data: &[u8]) -> Vec<&[u8]> {
        let mut out = Vec::new();
        let mut rest = data;
        while !rest.is_empty() {
            let n = self.next(rest.len());
            out.push(&rest[..n]);
            rest = &rest[n..];
        }
        out
    }
}

/// A 32-bit value from the last four bytes of `data` (a splitting seed the
/// fuzzer can steer without disturbing the front of a stream).
pub fn tail_seed(data: &[u8]) -> u32 {
    data.iter()
        .rev()
        .take(4)
        .fold(0u32, |a, &b| a.rotate_left(8) ^ u32::from(b))
}
