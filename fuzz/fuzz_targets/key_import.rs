//! Key import from arbitrary text (as PEM, JWK or secret) and arbitrary DER bytes.
#![no_main]
use jwtmint::{ImportOptions, Key};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = Key::from_der(data, &ImportOptions::default());
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Key::from_text(text, &ImportOptions::default());
        let _ = Key::from_text_or_secret(text, &ImportOptions::default());
        let wrapped = format!("-----BEGIN PRIVATE KEY-----\n{text}\n-----END PRIVATE KEY-----\n");
        let _ = Key::from_text(&wrapped, &ImportOptions::default());
    }
});
