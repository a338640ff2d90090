//! libFuzzer target: the ZWS 2.0 upgrade and frame decoder. See src/ws.rs.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ferromq_fuzz::fuzz_ws(data);
});
