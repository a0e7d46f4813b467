//! Published test vectors, kept as data in tests/vectors/jws.json and run through one table:
//! RFC 7515 appendix A.1 (HS256) and A.2 (RS256), and RFC 7520 §4.1 (RS256), §4.2 (PS384) and
//! §4.4 (HS256). Deterministic signatures must be reproduced byte for byte; PSS ones verified.

use jwtmint::{sign_jws_input, verify, verify_jws_input, Algorithm, Key, VerifyOptions};
use serde_json::Value;

#[test]
fn published_vectors_are_reproduced_exactly() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/jws.json")).unwrap();
    let data: Value = serde_json::from_str(&text).unwrap();
    let vectors = data["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 5);
    for vector in vectors {
        let source = vector["source"].as_str().unwrap();
        let alg: Algorithm = vector["alg"].as_str().unwrap().parse().unwrap();
        let key = Key::from_jwk(&vector["key"]).unwrap_or_else(|error| panic!("{source}: {error}"));
        let input = vector["signing_input"].as_str().unwrap();
        let expected = vector["signature"].as_str().unwrap();
        verify_jws_input(&key, alg, input, expected).unwrap_or_else(|error| panic!("{source}: {error}"));
        let ours = sign_jws_input(&key, alg, input).unwrap();
        if vector["deterministic"].as_bool().unwrap() {
            assert_eq!(ours, expected, "{source}");
        } else {
            assert_ne!(ours, expected, "{source}: PSS salts are random");
            verify_jws_input(&key, alg, input, &ours).unwrap();
        }
        // A flipped bit in the signature must fail.
        let mut tampered = expected.to_owned();
        let last = if tampered.ends_with('A') { "B" } else { "A" };
        tampered.replace_range(0..1, last);
        assert_eq!(
            verify_jws_input(&key, alg, input, &tampered).unwrap_err().code(),
            "SIGNATURE_INVALID",
            "{source}"
        );
        if vector["claims_json"].as_bool().unwrap() {
            // The RFC tokens expire in 2011: verify them at a time before that, and see them expire.
            let token = format!("{input}.{expected}");
            let mut options = VerifyOptions {
                now: Some(1_300_819_000),
                ..Default::default()
            };
            let verified = verify(&token, &key, &options).unwrap();
            assert_eq!(verified.payload["iss"], "joe");
            assert_eq!(verified.payload["http://example.com/is_root"], true);
            options.now = Some(1_300_819_380);
            assert_eq!(
                verify(&token, &key, &options).unwrap_err().code(),
                "TOKEN_EXPIRED"
            );
        }
    }
}
