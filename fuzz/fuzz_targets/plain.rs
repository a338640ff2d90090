//! libFuzzer target: PLAIN server and client fed a peer's stream, a PLAIN
//! client against a server with one command rewritten, and the ZAP reply
//! parser. See src/plain.rs.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ferromq_fuzz::fuzz_plain(data);
});
