#![no_main]
//! See `guildhall::fuzzing::site_rendered`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| guildhall::fuzzing::site_rendered(data));
