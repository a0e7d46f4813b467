//! Token decode and verify on arbitrary input: never a panic, never a false "valid".
#![no_main]
use jwtmint::{decode, verify, Key, SecretEncoding, VerifyOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = decode(text);
        if let Ok(key) = Key::from_secret("fuzzing-secret", SecretEncoding::Utf8) {
            let options = VerifyOptions { now: Some(0), ..Default::default() };
            assert!(verify(text, &key, &options).is_err(), "a random token verified");
        }
    }
});
