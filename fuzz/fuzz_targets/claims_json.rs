//! Claims JSON and sign options from arbitrary text, signed with a secret: never a panic, and a
//! token that is produced always decodes back to the same claims.
#![no_main]
use jwtmint::{decode, parse_json_object, sign, Key, SecretEncoding, SignOptions, Algorithm};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = jwtmint::options::sign_options(&serde_json::from_str(text).unwrap_or_default(), None);
    let Ok(claims) = parse_json_object(text, "claims") else { return };
    let Ok(key) = Key::from_secret("fuzzing-secret-fuzzing-secret-32", SecretEncoding::Utf8) else { return };
    let mut options = SignOptions::new(Algorithm::HS256);
    options.now = Some(1_700_000_000);
    if let Ok(signed) = sign(claims, &key, &options) {
        let decoded = decode(&signed.token).expect("our own token decodes");
        assert_eq!(decoded.payload, signed.payload);
    }
});
