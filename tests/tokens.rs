//! Building, decoding and verifying tokens, and a check that every error code is reachable.

mod common;

use common::import;
use jwtmint::{
    decode, parse_json_object, parse_span, sign, verify, Algorithm, Audience, Error, IssuedAt, Jti, Key,
    Object, SecretEncoding, SignOptions, VerifyOptions,
};
use serde_json::{json, Value};
use std::collections::BTreeSet;

const NOW: i64 = 1_700_000_000;

fn secret() -> Key {
    Key::from_secret("0123456789abcdef0123456789abcdef", SecretEncoding::Utf8).unwrap()
}

fn object(value: Value) -> Object {
    value.as_object().unwrap().clone()
}

fn hs256() -> SignOptions {
    let mut options = SignOptions::new(Algorithm::HS256);
    options.now = Some(NOW);
    options
}

fn at(now: i64) -> VerifyOptions {
    VerifyOptions {
        now: Some(now),
        ..Default::default()
    }
}

/// Signs a token whose header and payload are exactly the given JSON texts.
fn raw_token(header: &str, payload: &str, key: &Key, alg: Algorithm) -> String {
    let input = format!(
        "{}.{}",
        jwtmint::base64url::encode(header.as_bytes()),
        jwtmint::base64url::encode(payload.as_bytes())
    );
    let signature = jwtmint::sign_jws_input(key, alg, &input).unwrap();
    format!("{input}.{signature}")
}

#[test]
fn header_order_and_rules() {
    let mut options = hs256();
    options.kid = Some("key-1".into());
    let signed = sign(Object::new(), &secret(), &options).unwrap();
    assert_eq!(
        serde_json::to_string(&signed.header).unwrap(),
        r#"{"alg":"HS256","typ":"JWT","kid":"key-1"}"#
    );
    // A header template fixes the order (Teradata's is alg, kid, typ).
    options.header = object(json!({"alg": "HS256", "kid": "primary", "typ": "JWT"}));
    options.kid = None;
    let signed = sign(Object::new(), &secret(), &options).unwrap();
    assert_eq!(
        serde_json::to_string(&signed.header).unwrap(),
        r#"{"alg":"HS256","kid":"primary","typ":"JWT"}"#
    );
    let decoded = decode(&signed.token).unwrap();
    assert_eq!(decoded.header, signed.header);
    options.typ = None;
    options.header = Object::new();
    assert!(!sign(Object::new(), &secret(), &options)
        .unwrap()
        .header
        .contains_key("typ"));
    options.header = object(json!({"alg": "none"}));
    let error = sign(Object::new(), &secret(), &options).unwrap_err();
    assert_eq!(error.code(), "HEADER_INVALID");
    assert!(error.to_string().contains("cannot be"));
    options.header = object(json!({"crit": ["exp"]}));
    assert_eq!(
        sign(Object::new(), &secret(), &options).unwrap_err().code(),
        "HEADER_INVALID"
    );
    options.header = object(json!({"kid": 5}));
    assert_eq!(
        sign(Object::new(), &secret(), &options).unwrap_err().code(),
        "HEADER_INVALID"
    );
}

#[test]
fn claims_keep_order_and_helpers_never_overwrite() {
    let claims = parse_json_object(r#"{"zeta":1,"alpha":{"b":2,"a":1},"multi-use":true}"#, "claims").unwrap();
    let mut options = hs256();
    options.expires_in = Some(parse_span("1h").unwrap());
    options.not_before = Some(0);
    options.issuer = Some("me".into());
    options.subject = Some("you".into());
    options.audience = Some(Audience::Many(vec!["td:service:authentication".into()]));
    options.jti = Jti::Random;
    let signed = sign(claims, &secret(), &options).unwrap();
    let payload = decode(&signed.token).unwrap().payload;
    assert_eq!(
        payload.keys().collect::<Vec<_>>(),
        [
            "zeta",
            "alpha",
            "multi-use",
            "iss",
            "sub",
            "aud",
            "iat",
            "nbf",
            "exp",
            "jti"
        ]
    );
    assert_eq!(
        payload["alpha"].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["b", "a"]
    );
    assert_eq!(payload["exp"], NOW + 3600);
    assert_eq!(payload["nbf"], NOW);
    assert_eq!(signed.issued_at, Some(NOW));
    assert_eq!(signed.expires_at, Some(NOW + 3600));
    let jti = payload["jti"].as_str().unwrap();
    assert_eq!(jti.len(), 36);
    assert_eq!(&jti[14..15], "4", "UUID version 4: {jti}");
    assert!("89ab".contains(&jti[19..20]), "UUID variant: {jti}");

    // exp counts from an explicit iat.
    let mut options = hs256();
    options.issued_at = IssuedAt::At(NOW - 60);
    options.expires_in = Some(600);
    let signed = sign(Object::new(), &secret(), &options).unwrap();
    assert_eq!(
        (signed.issued_at, signed.expires_at),
        (Some(NOW - 60), Some(NOW + 540))
    );
    options.issued_at = IssuedAt::Omit;
    let signed = sign(Object::new(), &secret(), &options).unwrap();
    assert!(!signed.payload.contains_key("iat"));
    assert_eq!(signed.expires_at, Some(NOW + 600));

    // A helper never silently replaces a claim the caller wrote.
    let mut options = hs256();
    options.expires_in = Some(60);
    let error = sign(object(json!({"exp": NOW})), &secret(), &options).unwrap_err();
    assert_eq!(error.code(), "CLAIM_INVALID");
    assert!(error.to_string().contains("expiresIn"));
    // Registered claims of the wrong type or in milliseconds are refused.
    for (claims, code) in [
        (json!({"exp": NOW * 1000}), "BAD_TIME"),
        (json!({"iat": 1.5}), "BAD_TIME"),
        (json!({"exp": "tomorrow"}), "CLAIM_INVALID"),
        (json!({"aud": 7}), "CLAIM_INVALID"),
        (json!({"sub": ["a"]}), "CLAIM_INVALID"),
    ] {
        assert_eq!(
            sign(object(claims.clone()), &secret(), &hs256())
                .unwrap_err()
                .code(),
            code,
            "{claims}"
        );
    }
    let mut options = hs256();
    options.now = Some(NOW * 1000);
    let error = sign(Object::new(), &secret(), &options).unwrap_err();
    assert!(error.to_string().contains("milliseconds"));
    options.now = Some(NOW);
    options.expires_in = Some(0);
    assert_eq!(
        sign(Object::new(), &secret(), &options).unwrap_err().code(),
        "BAD_LIFETIME"
    );
    assert_eq!(
        parse_json_object("[1,2]", "claims").unwrap_err().code(),
        "CLAIMS_NOT_OBJECT"
    );
    assert_eq!(
        parse_json_object("{\"a\":", "claims").unwrap_err().code(),
        "JSON_INVALID"
    );
}

/// Found by the claims_json fuzzer: serde_json's fast float parser is not correctly rounded, so a
/// large float changed between signing and decoding. `float_roundtrip` makes it exact.
#[test]
fn numbers_survive_sign_and_decode_exactly() {
    let claims = parse_json_object(r#"{"big": 8777777777777777777777777777777777777777777777777777777777777, "small": 0.1, "id": 18446744073709551615}"#, "claims").unwrap();
    let signed = sign(claims, &secret(), &hs256()).unwrap();
    assert_eq!(decode(&signed.token).unwrap().payload, signed.payload);
}

#[test]
fn decode_reports_problems_precisely() {
    let token = sign(object(json!({"sub": "me"})), &secret(), &hs256())
        .unwrap()
        .token;
    let decoded = decode(&format!("  Bearer {token}\n")).unwrap();
    assert_eq!(decoded.payload["sub"], "me");
    assert_eq!(decoded.signature.len(), 32);
    for (bad, words) in [
        ("a.b", "2 segment"),
        ("a.b.c.d.e", "JWE"),
        ("!!!.e30.", "header segment is not base64url"),
        ("e30.!!!.", "payload segment is not base64url"),
        ("e30.e30.!!", "signature"),
        ("bm90IGpzb24.e30.", "header is not JSON"),
        ("e30.WzFd.", "payload is an array"),
        (".e30.", "header segment is empty"),
        ("e30=.e30.", "not base64url"),
    ] {
        let error = decode(bad).unwrap_err();
        assert_eq!(error.code(), "TOKEN_MALFORMED", "{bad}");
        assert!(error.to_string().contains(words), "{bad}: {error}");
    }
    let duplicated = raw_token(
        r#"{"alg":"HS256","alg":"HS256"}"#,
        r#"{"sub":"a","sub":"b"}"#,
        &secret(),
        Algorithm::HS256,
    );
    let decoded = decode(&duplicated).unwrap();
    assert_eq!(decoded.duplicates, ["header.alg", "payload.sub"]);
    assert_eq!(decoded.payload["sub"], "b");
    let error = verify(&duplicated, &secret(), &at(NOW)).unwrap_err();
    assert_eq!(error.code(), "TOKEN_DUPLICATE_MEMBER");
    assert!(error.to_string().contains("payload.sub"));
}

#[test]
fn verify_checks_everything_it_is_asked_to() {
    let mut options = hs256();
    options.expires_in = Some(600);
    options.not_before = Some(60);
    options.issuer = Some("sdk".into());
    options.subject = Some("api-key".into());
    options.audience = Some(Audience::One("dataset".into()));
    let token = sign(Object::new(), &secret(), &options).unwrap().token;
    let ok = VerifyOptions {
        issuer: Some(vec!["other".into(), "sdk".into()]),
        audience: Some(vec!["dataset".into()]),
        subject: Some("api-key".into()),
        typ: Some("application/JWT".into()),
        max_token_age: Some(300),
        required_claims: vec!["exp".into(), "iat".into()],
        ..at(NOW + 100)
    };
    let verified = verify(&token, &secret(), &ok).unwrap();
    assert_eq!(verified.payload["iss"], "sdk");
    let cases: Vec<(VerifyOptions, &str, &str)> = vec![
        (at(NOW + 600), "TOKEN_EXPIRED", "expired at 1700000600"),
        (at(NOW + 59), "TOKEN_NOT_YET_VALID", "1 s after now"),
        (
            VerifyOptions {
                max_token_age: Some(30),
                ..at(NOW + 100)
            },
            "TOKEN_TOO_OLD",
            "100 s ago",
        ),
        (
            VerifyOptions {
                issuer: Some(vec!["x".into()]),
                ..at(NOW + 100)
            },
            "CLAIM_MISMATCH",
            r#"claim "iss" is "sdk", expected "x""#,
        ),
        (
            VerifyOptions {
                audience: Some(vec!["y".into()]),
                ..at(NOW + 100)
            },
            "CLAIM_MISMATCH",
            "aud",
        ),
        (
            VerifyOptions {
                subject: Some("z".into()),
                ..at(NOW + 100)
            },
            "CLAIM_MISMATCH",
            "sub",
        ),
        (
            VerifyOptions {
                typ: Some("at+jwt".into()),
                ..at(NOW + 100)
            },
            "CLAIM_MISMATCH",
            "typ",
        ),
        (
            VerifyOptions {
                required_claims: vec!["jti".into()],
                ..at(NOW + 100)
            },
            "CLAIM_MISSING",
            "jti",
        ),
        (
            VerifyOptions {
                algorithms: Some(vec![Algorithm::HS512]),
                ..at(NOW + 100)
            },
            "ALG_NOT_ALLOWED",
            "HS256",
        ),
    ];
    for (options, code, words) in cases {
        let error = verify(&token, &secret(), &options).unwrap_err();
        assert_eq!(error.code(), code, "{error}");
        assert!(error.to_string().contains(words), "{error}");
    }
    // Clock tolerance widens both ends.
    assert!(verify(
        &token,
        &secret(),
        &VerifyOptions {
            clock_tolerance: 5,
            ..at(NOW + 604)
        }
    )
    .is_ok());
    assert!(verify(
        &token,
        &secret(),
        &VerifyOptions {
            clock_tolerance: 5,
            ..at(NOW + 55)
        }
    )
    .is_ok());
    // A different secret, a tampered payload, alg none, and an RSA token against a secret.
    let other = Key::from_secret("another-secret-another-secret-12", SecretEncoding::Utf8).unwrap();
    assert_eq!(
        verify(&token, &other, &at(NOW + 100)).unwrap_err().code(),
        "SIGNATURE_INVALID"
    );
    let parts: Vec<&str> = token.split('.').collect();
    let forged_payload = jwtmint::base64url::encode(br#"{"sub":"admin"}"#);
    let forged = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    assert_eq!(
        verify(&forged, &secret(), &at(NOW + 100)).unwrap_err().code(),
        "SIGNATURE_INVALID"
    );
    let none = format!(
        "{}.{}.",
        jwtmint::base64url::encode(br#"{"alg":"none"}"#),
        parts[1]
    );
    assert_eq!(
        verify(&none, &secret(), &at(NOW + 100)).unwrap_err().code(),
        "ALG_UNSUPPORTED"
    );
    let rsa = import("rsa2048.pem");
    let mut rs = SignOptions::new(Algorithm::RS256);
    rs.now = Some(NOW);
    let rs_token = sign(Object::new(), &rsa, &rs).unwrap().token;
    assert_eq!(
        verify(&rs_token, &secret(), &at(NOW)).unwrap_err().code(),
        "ALG_NOT_ALLOWED"
    );
    let all = VerifyOptions {
        algorithms: Some(Algorithm::ALL.to_vec()),
        ..at(NOW)
    };
    assert_eq!(
        verify(&rs_token, &secret(), &all).unwrap_err().code(),
        "KEY_ALG_MISMATCH"
    );
    assert!(verify(&rs_token, &import("rsa2048.pub.pem"), &at(NOW)).is_ok());
    assert!(
        verify(&rs_token, &rsa, &at(NOW)).is_ok(),
        "a private key verifies through its public half"
    );
    let crit = raw_token(
        r#"{"alg":"HS256","crit":["x"],"x":1}"#,
        "{}",
        &secret(),
        Algorithm::HS256,
    );
    assert_eq!(
        verify(&crit, &secret(), &at(NOW)).unwrap_err().code(),
        "HEADER_INVALID"
    );
}

/// Every code in `Error::CODES` is produced by a real input somewhere in the test suite. This
/// test produces each one here (CRYPTO, which no input can reach, is produced by the fault-guard
/// unit test in src/signature/rsa/jws.rs) and fails if a code is added without a way to reach it.
#[test]
fn every_error_code_is_reachable() {
    let rsa = import("rsa2048.pem");
    let mut codes = BTreeSet::new();
    let mut record = |error: Error| {
        codes.insert(error.code());
    };
    let text = |name: &str| common::read_fixture(name);
    let import_text = |value: &str| Key::from_text(value, &Default::default()).unwrap_err();
    record(import_text("nonsense"));
    record(import_text(&format!(
        "{}{}",
        text("rsa2048.cert.pem"),
        text("rsa2048.pem")
    )));
    record(sign(Object::new(), &import("rsa2048.pub.pem"), &hs256()).unwrap_err());
    record(import_text(&text("dsa.pem")));
    record(import_text(&text("rsa1024.pem")));
    record(
        Key::from_jwk(&json!({"kty": "RSA", "n": jwtmint::base64url::encode(&[0xff; 1100]), "e": "AQAB"}))
            .unwrap_err(),
    );
    record(sign(Object::new(), &rsa, &hs256()).unwrap_err());
    record(import_text(&text("rsa2048.enc.pem")));
    let wrong = jwtmint::ImportOptions {
        passphrase: Some("nope".to_owned().into()),
        encoding: None,
    };
    record(Key::from_text(&text("rsa2048.enc.pem"), &wrong).unwrap_err());
    record(Key::from_secret("zz", SecretEncoding::Hex).unwrap_err());
    record(Key::from_secret("", SecretEncoding::Utf8).unwrap_err());
    record(Key::from_secret(&text("rsa2048.pub.pem"), SecretEncoding::Utf8).unwrap_err());
    let mut strict = hs256();
    strict.strict = true;
    record(
        sign(
            Object::new(),
            &Key::from_secret("x", SecretEncoding::Utf8).unwrap(),
            &strict,
        )
        .unwrap_err(),
    );
    record("none".parse::<Algorithm>().unwrap_err());
    let token = sign(Object::new(), &secret(), &hs256()).unwrap().token;
    record(
        verify(
            &token,
            &secret(),
            &VerifyOptions {
                algorithms: Some(vec![Algorithm::HS384]),
                ..at(NOW)
            },
        )
        .unwrap_err(),
    );
    record(parse_json_object("{", "claims").unwrap_err());
    record(parse_json_object("1", "claims").unwrap_err());
    let mut bad_header = hs256();
    bad_header.header = object(json!({"alg": "RS256"}));
    record(sign(Object::new(), &secret(), &bad_header).unwrap_err());
    record(sign(object(json!({"aud": 1})), &secret(), &hs256()).unwrap_err());
    record(parse_span("soon").unwrap_err());
    record(jwtmint::numeric_date("iat", 1e13).unwrap_err());
    record(decode("x").unwrap_err());
    record(
        verify(
            &raw_token(
                r#"{"alg":"HS256"}"#,
                r#"{"a":1,"a":2}"#,
                &secret(),
                Algorithm::HS256,
            ),
            &secret(),
            &at(NOW),
        )
        .unwrap_err(),
    );
    record(verify(&format!("{token}x"), &secret(), &at(NOW)).unwrap_err());
    let mut expiring = hs256();
    expiring.expires_in = Some(10);
    expiring.not_before = Some(5);
    let short = sign(Object::new(), &secret(), &expiring).unwrap().token;
    record(verify(&short, &secret(), &at(NOW + 10)).unwrap_err());
    record(verify(&short, &secret(), &at(NOW)).unwrap_err());
    record(
        verify(
            &short,
            &secret(),
            &VerifyOptions {
                max_token_age: Some(1),
                ..at(NOW + 7)
            },
        )
        .unwrap_err(),
    );
    record(
        verify(
            &short,
            &secret(),
            &VerifyOptions {
                required_claims: vec!["sub".into()],
                ..at(NOW + 7)
            },
        )
        .unwrap_err(),
    );
    record(
        verify(
            &short,
            &secret(),
            &VerifyOptions {
                typ: Some("x".into()),
                ..at(NOW + 7)
            },
        )
        .unwrap_err(),
    );
    record(
        verify(
            &raw_token(
                r#"{"alg":"HS256"}"#,
                &format!(r#"{{"iat":{}}}"#, NOW + 60),
                &secret(),
                Algorithm::HS256,
            ),
            &secret(),
            &VerifyOptions {
                max_token_age: Some(600),
                ..at(NOW)
            },
        )
        .unwrap_err(),
    );
    record("latin1".parse::<SecretEncoding>().unwrap_err());
    record(jwtmint::preset::mint("visual-layer", &Object::new(), &Default::default()).unwrap_err());
    record(jwtmint::preset::Preset::from_json("{}", "empty.json").unwrap_err());
    let expected: BTreeSet<&str> = Error::CODES
        .iter()
        .copied()
        .filter(|code| *code != "CRYPTO")
        .collect();
    assert_eq!(codes, expected);
}
