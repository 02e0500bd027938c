#![no_main]
//! See `guildhall::fuzzing::fix`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| guildhall::fuzzing::fix(data));
