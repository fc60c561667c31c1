#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| factbot_fuzz::config(data));
