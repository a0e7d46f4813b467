//! Property tests: sign-then-verify round-trips for random claims and every algorithm; decode and
//! key import never panic on arbitrary input.

mod common;

use jwtmint::{decode, sign, verify, Algorithm, Key, Object, SecretEncoding, SignOptions, VerifyOptions};
use proptest::prelude::*;
use serde_json::Value;
use std::sync::OnceLock;

fn rsa() -> &'static Key {
    static KEY: OnceLock<Key> = OnceLock::new();
    KEY.get_or_init(|| common::import("rsa2048.pem"))
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        ".{0,40}".prop_map(Value::from),
        Just(Value::Null),
    ]
}

fn claims() -> impl Strategy<Value = Object> {
    let value = json_leaf().prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    });
    // Registered claim names are checked for type, so random claims avoid them.
    prop::collection::vec(("[a-z_]{4,10}", value), 0..8).prop_map(|members| members.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn sign_then_verify_round_trips(
        claims in claims(),
        alg_index in 0usize..9,
        secret in "[ -~]{1,80}",
        now in 0i64..4_000_000_000,
        lifetime in 1i64..100_000,
    ) {
        let alg = Algorithm::ALL[alg_index];
        let key = if alg.name().starts_with("HS") {
            Key::from_secret(&secret, SecretEncoding::Utf8).unwrap()
        } else {
            rsa().clone()
        };
        let mut options = SignOptions::new(alg);
        options.now = Some(now);
        options.expires_in = Some(lifetime);
        let signed = sign(claims.clone(), &key, &options).unwrap();
        let verified = verify(&signed.token, &key, &VerifyOptions { now: Some(now), ..Default::default() }).unwrap();
        let mut expected = claims;
        expected.insert("iat".into(), now.into());
        expected.insert("exp".into(), (now + lifetime).into());
        prop_assert_eq!(verified.payload, expected);
        prop_assert_eq!(verified.header["alg"].as_str(), Some(alg.name()));
    }

    #[test]
    fn decode_never_panics(text in ".{0,300}") {
        let _ = decode(&text);
    }

    #[test]
    fn decode_never_panics_on_token_shaped_input(
        header in "[A-Za-z0-9_=+/-]{0,60}",
        payload in "[A-Za-z0-9_=+/-]{0,60}",
        signature in "[A-Za-z0-9_=+/-]{0,60}",
    ) {
        let token = format!("{header}.{payload}.{signature}");
        if decode(&token).is_ok() {
            // A random signature never verifies, whatever the header says.
            let key = Key::from_secret("s", SecretEncoding::Utf8).unwrap();
            let options = VerifyOptions { now: Some(0), ..Default::default() };
            prop_assert!(verify(&token, &key, &options).is_err());
        }
    }

    #[test]
    fn key_import_never_panics(text in ".{0,400}", bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = Key::from_text(&text, &Default::default());
        let _ = Key::from_text(&format!("-----BEGIN PRIVATE KEY-----\n{text}\n-----END PRIVATE KEY-----"), &Default::default());
        let _ = Key::from_der(&bytes, &Default::default());
    }
}

/// The DER inside a PEM fixture.
fn der_of(name: &str) -> Vec<u8> {
    use base64::Engine;
    let body: String = common::read_fixture(name)
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    base64::engine::general_purpose::STANDARD.decode(body).unwrap()
}

fn der_fixtures() -> &'static [(Vec<u8>, Option<&'static str>)] {
    static FIXTURES: OnceLock<Vec<(Vec<u8>, Option<&'static str>)>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let mut fixtures: Vec<_> = [
            "rsa2048.pem",
            "rsa2048.pkcs1.pem",
            "rsa2048.pub.pem",
            "rsa2048.pkcs1.pub.pem",
            "rsa2048.cert.pem",
            "ec.pem",
            "ed25519.pem",
        ]
        .into_iter()
        .map(|name| (der_of(name), None))
        .collect();
        fixtures.push((der_of("rsa2048.enc.pem"), Some("correct-horse")));
        fixtures.push((der_of("rsa2048.sha1prf.pem"), Some("correct-horse")));
        fixtures
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Real keys with a byte changed, bytes cut off the end or a length byte bent: jwtmint's DER
    /// reader (src/key/asn1.rs) never panics, and whatever it still accepts is a key of the
    /// same kind as the original.
    #[test]
    fn damaged_der_keys_never_panic(
        which in 0usize..9,
        position in any::<prop::sample::Index>(),
        value in any::<u8>(),
        cut in 0usize..40,
    ) {
        let (original, passphrase) = &der_fixtures()[which];
        let options = jwtmint::ImportOptions {
            passphrase: passphrase.map(|text| zeroize::Zeroizing::new(text.to_owned())),
            encoding: None,
        };
        let expected = Key::from_der(original, &options).map(|key| key.kind()).map_err(|error| error.code());
        // Every fixture imports undamaged (the EC and Ed25519 keys too).
        prop_assert!(expected.is_ok(), "fixture {} undamaged: {:?}", which, expected);
        let mut damaged = original.clone();
        let index = position.index(damaged.len());
        damaged[index] = value;
        for bytes in [&damaged[..], &original[..original.len() - cut.min(original.len())]] {
            match Key::from_der(bytes, &options) {
                Ok(key) => prop_assert_eq!(Ok(key.kind()), expected),
                Err(error) => prop_assert!(!error.code().is_empty()),
            }
        }
    }
}

/// PEM text of `der` under `label`.
fn pem(label: &str, der: &[u8]) -> String {
    use base64::Engine;
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n")
}

/// The DER inside OpenSSH private keys made by `ssh-keygen` at test time: Ed25519, P-256, RSA.
fn openssh_fixtures() -> &'static [Vec<u8>] {
    static FIXTURES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        [("ed25519", "256"), ("ecdsa", "256"), ("rsa", "2048")]
            .into_iter()
            .map(|(kind, bits)| {
                let path = dir.path().join(kind);
                let status = std::process::Command::new("ssh-keygen")
                    .args(["-q", "-t", kind, "-b", bits, "-N", "", "-C", "", "-f"])
                    .arg(&path)
                    .status()
                    .unwrap();
                assert!(status.success());
                use base64::Engine;
                let body: String = std::fs::read_to_string(&path)
                    .unwrap()
                    .lines()
                    .filter(|line| !line.starts_with("-----"))
                    .collect();
                base64::engine::general_purpose::STANDARD.decode(body).unwrap()
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// OpenSSH private keys (src/key/openssh.rs) with a byte changed or cut short: never a
    /// panic; what still imports is a private key.
    #[test]
    fn damaged_openssh_keys_never_panic(
        which in 0usize..3,
        position in any::<prop::sample::Index>(),
        value in any::<u8>(),
        cut in 0usize..60,
    ) {
        let original = &openssh_fixtures()[which];
        prop_assert_eq!(
            Key::from_text(&pem("OPENSSH PRIVATE KEY", original), &Default::default()).map(|key| key.kind()).ok(),
            Some(jwtmint::KeyKind::Private)
        );
        let mut damaged = original.clone();
        let index = position.index(damaged.len());
        damaged[index] = value;
        for bytes in [&damaged[..], &original[..original.len() - cut.min(original.len())]] {
            match Key::from_text(&pem("OPENSSH PRIVATE KEY", bytes), &Default::default()) {
                Ok(key) => prop_assert_eq!(key.kind(), jwtmint::KeyKind::Private),
                Err(error) => prop_assert!(!error.code().is_empty()),
            }
        }
    }

    /// Arbitrary bytes under every label that has a reader of its own never panic.
    #[test]
    fn random_bytes_under_any_label_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        label in prop::sample::select(vec!["OPENSSH PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "PUBLIC KEY", "EC PUBLIC KEY", "CERTIFICATE"]),
    ) {
        let _ = Key::from_text(&pem(label, &bytes), &Default::default());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A built-in document with bytes replaced, removed or inserted (what a damaged link or a
    /// hand edit gives) is read or refused, and minted with its defaults, without a panic.
    #[test]
    fn damaged_preset_documents_never_panic(
        which in 0usize..7,
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, "[{}\\[\\]\":,|?a-z0-9 .\\\\-]{0,3}"), 1..6),
    ) {
        let (_, text) = jwtmint::preset::documents()[which];
        let mut text = text.to_owned();
        for (at, kind, insert) in edits {
            let mut at = at.index(text.len().max(1));
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            match kind {
                0 => text.replace_range(at..end, &insert),
                1 => text.replace_range(at..end, ""),
                _ => text.insert_str(at, &insert),
            }
        }
        if let Ok(preset) = jwtmint::preset::Preset::from_json(&text, "damaged.json") {
            let values: Object = preset
                .fields
                .iter()
                .map(|field| (field.name.clone(), Value::from(field.default.clone().unwrap_or_else(|| "a".into()))))
                .collect();
            let options = jwtmint::preset::MintOptions { now: Some(1_700_000_000), lifetime: None };
            let _ = preset.mint(&values, None, &options);
        }
    }
}
