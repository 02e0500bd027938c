#![no_main]
//! See `guildhall::fuzzing::shortcodes`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| guildhall::fuzzing::shortcodes(data));
