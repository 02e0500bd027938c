#![no_main]
//! See `guildhall::fuzzing::config`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| guildhall::fuzzing::config(data));
