//! libFuzzer target: the SOCKS5 client of ZMQ_SOCKS_PROXY against a
//! hostile proxy. See src/socks.rs.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ferromq_fuzz::fuzz_socks(data);
});
