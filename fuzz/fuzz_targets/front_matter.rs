#![no_main]
//! See `guildhall::fuzzing::front_matter`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| guildhall::fuzzing::front_matter(data));
