//! libFuzzer target: CURVE server and client fed a peer's stream, and a
//! CURVE client against a server with one command rewritten and MESSAGE
//! traffic replayed, reordered and tampered with. See src/curve.rs.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ferromq_fuzz::fuzz_curve(data);
});
