//! libFuzzer target: frame headers, commands and metadata from arbitrary
//! bytes. See src/lib.rs.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ferromq_fuzz::fuzz_frames(data);
});
