//! libFuzzer target: a peer's byte stream from its first byte, through the
//! greeting and the NULL handshake, into frames. See src/lib.rs.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ferromq_fuzz::fuzz_handshake(data);
});
