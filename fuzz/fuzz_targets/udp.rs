//! libFuzzer target: RADIO/DISH udp datagrams and JOIN/LEAVE commands
//! from arbitrary bytes. See src/lib.rs.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ferromq_fuzz::fuzz_udp(data);
});
