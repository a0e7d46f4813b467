//! The lifetime grammar: never a panic, and every accepted span is within bounds.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(seconds) = jwtmint::parse_span(text) {
            assert!((0..=jwtmint::MAX_SPAN_SECONDS).contains(&seconds));
        }
    }
});
