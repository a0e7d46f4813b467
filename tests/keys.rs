//! Key import: what people really paste is accepted, everything else refused with a specific code
//! and a message a person can act on; derived public forms; nothing secret in Debug output.

mod common;

use common::{import, import_err, read_fixture};
use jwtmint::{sign, Algorithm, ImportOptions, Key, KeyKind, SecretEncoding, SignOptions};
use zeroize::Zeroizing;

fn options(now: i64, alg: Algorithm) -> SignOptions {
    let mut options = SignOptions::new(alg);
    options.now = Some(now);
    options
}

#[test]
fn pasted_variants_of_one_key_all_import() {
    let pem = read_fixture("rsa2048.pem");
    let reference = import("rsa2048.pem").public_pem().unwrap();
    let variants = [
        format!("\n\n   {pem}\n\n"),
        pem.replace('\n', "\r\n"),
        pem.trim_end().to_owned(),
        format!("Bag Attributes\n    localKeyID: 01 00 00 00\nKey Attributes: <No Attributes>\n{pem}"),
        pem.replace('\n', "\\n"),
        pem.replace('\n', " "),
        pem.lines()
            .map(|line| format!("  {line}  "))
            .collect::<Vec<_>>()
            .join("\n"),
    ];
    for (index, text) in variants.iter().enumerate() {
        let key = Key::from_text(text, &ImportOptions::default())
            .unwrap_or_else(|error| panic!("variant {index}: {error}"));
        assert_eq!(key.public_pem().unwrap(), reference, "variant {index}");
        assert_eq!(key.kind(), KeyKind::Private);
        assert_eq!(key.bits(), 2048);
    }
}

#[test]
fn wrong_keys_get_specific_errors() {
    let cert_and_key = format!(
        "{}{}",
        read_fixture("rsa2048.cert.pem"),
        read_fixture("rsa2048.pem")
    );
    let error = import_err(&cert_and_key);
    assert_eq!(error.code(), "KEY_MULTIPLE_PEM");
    assert!(error.to_string().contains("CERTIFICATE, PRIVATE KEY"), "{error}");

    for (file, code, words) in [
        ("ec.pem", "KEY_UNSUPPORTED", "EC"),
        ("ec-with-params.pem", "KEY_UNSUPPORTED", "EC"),
        ("ed25519.pem", "KEY_UNSUPPORTED", "Ed25519"),
        ("dsa.pem", "KEY_UNSUPPORTED", "DSA"),
        ("rsapss.pem", "KEY_UNSUPPORTED", "RSA-PSS"),
        ("rsa1024.pem", "KEY_TOO_SMALL", "1024 bits"),
        ("rsa2048.enc.pem", "PASSPHRASE_REQUIRED", "passphrase"),
        ("rsa2048.legacy-enc.pem", "KEY_PARSE", "openssl pkcs8 -topk8"),
    ] {
        let error = import_err(&read_fixture(file));
        assert_eq!(error.code(), code, "{file}: {error}");
        assert!(error.to_string().contains(words), "{file}: {error}");
    }

    let wrong = ImportOptions {
        passphrase: Some(Zeroizing::new("wrong".into())),
        encoding: None,
    };
    for file in ["rsa2048.enc.pem", "rsa2048.scrypt.pem"] {
        let error = Key::from_text(&read_fixture(file), &wrong).unwrap_err();
        assert_eq!(error.code(), "PASSPHRASE_WRONG", "{file}");
    }

    let truncated: String = read_fixture("rsa2048.pem")
        .lines()
        .take(10)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(import_err(&truncated).to_string().contains("cut off"));
    let corrupted = read_fixture("rsa2048.pem").replacen("MII", "MIX", 1);
    assert_eq!(import_err(&corrupted).code(), "KEY_PARSE");
    assert_eq!(import_err("just some text").code(), "KEY_PARSE");
    assert_eq!(import_err("{not json").code(), "KEY_PARSE");
    assert_eq!(
        Key::from_der(b"\x30\x03\x02\x01\x00", &Default::default())
            .unwrap_err()
            .code(),
        "KEY_PARSE"
    );
}

#[test]
fn a_public_key_or_certificate_cannot_sign() {
    for (file, words) in [
        (
            "rsa2048.pub.pem",
            "this is a public key (BEGIN PUBLIC KEY); paste the private key",
        ),
        ("rsa2048.pkcs1.pub.pem", "BEGIN RSA PUBLIC KEY"),
        ("rsa2048.cert.pem", "certificate"),
    ] {
        let key = import(file);
        assert_eq!(key.kind(), KeyKind::Public);
        let error = sign(
            Default::default(),
            &key,
            &options(1_700_000_000, Algorithm::RS256),
        )
        .unwrap_err();
        assert_eq!(error.code(), "KEY_NOT_PRIVATE", "{file}");
        assert!(error.to_string().contains(words), "{file}: {error}");
        assert!(error.to_string().contains("-----BEGIN PRIVATE KEY-----"));
    }
}

#[test]
fn the_key_decides_the_algorithms() {
    let rsa = import("rsa2048.pem");
    assert_eq!(
        rsa.algorithms(),
        ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"]
    );
    let error = sign(
        Default::default(),
        &rsa,
        &options(1_700_000_000, Algorithm::HS256),
    )
    .unwrap_err();
    assert_eq!(error.code(), "KEY_ALG_MISMATCH");
    assert!(
        error
            .to_string()
            .contains("an RSA private key cannot be used for signing with HS256"),
        "{error}"
    );
    let secret = Key::from_secret("0123456789abcdef0123456789abcdef", SecretEncoding::Utf8).unwrap();
    let error = sign(
        Default::default(),
        &secret,
        &options(1_700_000_000, Algorithm::RS256),
    )
    .unwrap_err();
    assert_eq!(error.code(), "KEY_ALG_MISMATCH");
    // The classic confusion: a public key's text used as an HMAC secret is parsed as what it is.
    let public_text = read_fixture("rsa2048.pub.pem");
    let parsed = Key::from_text(&public_text, &ImportOptions::default()).unwrap();
    assert_eq!(parsed.kind(), KeyKind::Public);
    assert_eq!(
        sign(Default::default(), &parsed, &options(1, Algorithm::HS256))
            .unwrap_err()
            .code(),
        "KEY_NOT_PRIVATE"
    );
}

#[test]
fn key_sizes_are_bounded() {
    // A public JWK with a 8200-bit modulus: refused before any arithmetic.
    let modulus = jwtmint::base64url::encode(&[0xffu8; 1025]);
    let jwk = serde_json::json!({"kty": "RSA", "n": modulus, "e": "AQAB"});
    let error = Key::from_jwk(&jwk).unwrap_err();
    assert_eq!(error.code(), "KEY_TOO_LARGE");
    assert!(error.to_string().contains("8200 bits"));
    assert_eq!(import("rsa8192.pem").bits(), 8192);
}

#[test]
fn secrets_short_and_encoded() {
    let short = Key::from_secret("short", SecretEncoding::Utf8).unwrap();
    let signed = sign(
        Default::default(),
        &short,
        &options(1_700_000_000, Algorithm::HS256),
    )
    .unwrap();
    assert_eq!(signed.warnings.len(), 1);
    assert_eq!(signed.warnings[0].code, "SECRET_SHORT");
    assert!(signed.warnings[0].message.contains("5 bytes"));
    let mut strict = options(1_700_000_000, Algorithm::HS256);
    strict.strict = true;
    let error = sign(Default::default(), &short, &strict).unwrap_err();
    assert_eq!(error.code(), "SECRET_TOO_SHORT");
    // The same 32 bytes in every encoding make the same token.
    let bytes: Vec<u8> = (0u8..32).collect();
    let forms = [
        (
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            SecretEncoding::Base64,
        ),
        (
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
            SecretEncoding::Base64Url,
        ),
        (
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            SecretEncoding::Hex,
        ),
    ];
    let reference = sign(
        Default::default(),
        &Key::from_secret_bytes(&bytes).unwrap(),
        &options(1, Algorithm::HS256),
    )
    .unwrap()
    .token;
    for (text, encoding) in forms {
        let key = Key::from_secret(text, encoding).unwrap();
        let token = sign(Default::default(), &key, &options(1, Algorithm::HS256))
            .unwrap()
            .token;
        assert_eq!(token, reference, "{encoding:?}");
    }
    assert_eq!(
        Key::from_secret("", SecretEncoding::Utf8).unwrap_err().code(),
        "SECRET_EMPTY"
    );
    let error = Key::from_secret("not hex!", SecretEncoding::Hex).unwrap_err();
    assert_eq!(error.code(), "SECRET_ENCODING");
    assert!(
        !error.to_string().contains("not hex!"),
        "the secret must not be echoed"
    );
    assert_eq!(
        "latin1".parse::<SecretEncoding>().unwrap_err().code(),
        "INVALID_ARGUMENT"
    );
}

#[test]
fn jwk_import_and_export() {
    // RFC 7638 §3.1: the thumbprint of this key is NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs.
    let jwk = serde_json::json!({
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29"
    });
    let key = Key::from_jwk(&jwk).unwrap();
    assert_eq!(key.kind(), KeyKind::Public);
    assert_eq!(
        key.thumbprint().unwrap(),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
    let text = serde_json::to_string(&jwk).unwrap();
    assert_eq!(
        Key::from_text(&text, &Default::default())
            .unwrap()
            .thumbprint()
            .unwrap(),
        key.thumbprint().unwrap()
    );

    let private = import("rsa2048.pem");
    let public_jwk = private
        .public_jwk(Some("primary"), Some(Algorithm::RS256))
        .unwrap();
    assert_eq!(
        public_jwk.keys().collect::<Vec<_>>(),
        ["kty", "n", "e", "kid", "alg", "use"]
    );
    let round_trip = Key::from_jwk(&serde_json::Value::Object(public_jwk)).unwrap();
    assert_eq!(round_trip.public_pem().unwrap(), private.public_pem().unwrap());
    let jwks = private.jwks(None, None).unwrap();
    assert_eq!(jwks["keys"][0]["kid"], private.thumbprint().unwrap().as_str());
    assert_eq!(jwks["keys"][0]["use"], "sig");
    assert_eq!(
        Key::from_jwk(&serde_json::Value::Object(jwks)).unwrap().kind(),
        KeyKind::Public
    );

    let secret = Key::from_jwk(&serde_json::json!({"kty": "oct", "k": "c2VjcmV0"})).unwrap();
    assert_eq!(secret.kind(), KeyKind::Secret);
    assert_eq!(secret.public_pem().unwrap_err().code(), "KEY_ALG_MISMATCH");
    for (jwk, code) in [
        (
            serde_json::json!({"kty": "EC", "crv": "P-256"}),
            "KEY_UNSUPPORTED",
        ),
        (
            serde_json::json!({"kty": "OKP", "crv": "Ed25519"}),
            "KEY_UNSUPPORTED",
        ),
        (serde_json::json!({"n": "AQAB"}), "KEY_PARSE"),
        (
            serde_json::json!({"kty": "RSA", "n": "!!", "e": "AQAB"}),
            "KEY_PARSE",
        ),
        (serde_json::json!({"keys": []}), "KEY_PARSE"),
        (serde_json::json!([1, 2]), "KEY_PARSE"),
    ] {
        assert_eq!(Key::from_jwk(&jwk).unwrap_err().code(), code, "{jwk}");
    }
}

#[test]
fn debug_output_and_errors_never_show_key_material() {
    let pem = read_fixture("rsa2048.pem");
    let key = import("rsa2048.pem");
    let shown = format!("{key:?}");
    assert_eq!(
        shown,
        r#"Key { kind: "private", key_type: "RSA", bits: 2048, .. }"#
    );
    let secret = Key::from_secret("hunter2-hunter2-hunter2-hunter2!", SecretEncoding::Utf8).unwrap();
    assert!(!format!("{secret:?}").contains("hunter2"));
    // Errors about a broken key never quote it.
    let body_line = pem.lines().nth(3).unwrap();
    let broken = pem.replace(body_line, &body_line.replace('A', "!"));
    let error = import_err(&broken);
    assert!(!error.to_string().contains(&body_line[..20]));
    assert!(!format!("{error:?}").contains(&body_line[..20]));
}
