#![no_main]
//! See `guildhall::fuzzing::site`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| guildhall::fuzzing::site(data));
