//! Key import from arbitrary text (as PEM, JWK or secret) and arbitrary DER bytes, also as the
//! body of the OpenSSH and SEC1 labels.
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
    // The bytes as the body of each label with a reader of its own (the OpenSSH and SEC1 readers
    // are reached only through their labels).
    let body = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, data);
    for label in ["OPENSSH PRIVATE KEY", "EC PRIVATE KEY", "EC PUBLIC KEY"] {
        let _ = Key::from_text(&format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n"), &ImportOptions::default());
    }
});
