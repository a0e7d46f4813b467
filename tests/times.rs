//! NumericDates in every JSON number form (RFC 7519 §2), read by one function everywhere: a
//! token whose `exp` is written `1e9` or `1.6999964E9` expired long ago and must not verify;
//! fractions are compared exactly; `maxTokenAge` reads `iat` the same way. And one nesting limit
//! for every JSON input, with duplicate names found at every depth it admits.

use jwtmint::{
    decode, sign_jws_input, verify, Algorithm, Key, NumericDate, SecretEncoding, SignOptions, Signer,
    VerifyOptions,
};

const NOW: i64 = 1_700_000_000;

fn secret() -> Key {
    Key::from_secret("0123456789abcdef0123456789abcdef", SecretEncoding::Utf8).unwrap()
}

/// A token whose payload is exactly `payload`, HS256-signed.
fn token(payload: &str) -> String {
    let input = format!(
        "{}.{}",
        jwtmint::base64url::encode(br#"{"alg":"HS256"}"#),
        jwtmint::base64url::encode(payload.as_bytes())
    );
    let signature = sign_jws_input(&secret(), Algorithm::HS256, &input).unwrap();
    format!("{input}.{signature}")
}

fn at(now: i64) -> VerifyOptions {
    VerifyOptions {
        now: Some(now),
        ..Default::default()
    }
}

fn code(result: jwtmint::Result<jwtmint::Verified>) -> &'static str {
    match result {
        Ok(_) => "verified",
        Err(error) => error.code(),
    }
}

/// Every way JSON (and Jackson, Python, JavaScript) writes an expired time: each is refused as
/// expired, at any clock after it; each reads as the same second.
#[test]
fn expired_times_in_every_number_form_do_not_verify() {
    for (text, seconds) in [
        ("1e9", 1_000_000_000),
        ("1E9", 1_000_000_000),
        ("1e+9", 1_000_000_000),
        ("10e8", 1_000_000_000),
        ("1000000000.0", 1_000_000_000),
        ("1000000000.000", 1_000_000_000),
        ("1.6999964E9", 1_699_996_400),
        ("16999964e2", 1_699_996_400),
        ("169999640000e-2", 1_699_996_400),
        ("-0.0", 0),
        ("-0", 0),
        ("0e5", 0),
        ("0.0", 0),
    ] {
        let expired = token(&format!(r#"{{"exp":{text}}}"#));
        assert_eq!(
            code(verify(&expired, &secret(), &at(NOW))),
            "TOKEN_EXPIRED",
            "exp {text}"
        );
        let date = NumericDate::from_json_text(text).unwrap();
        assert_eq!((date.floor(), date.ceil()), (seconds, seconds), "{text}");
        // The same number as nbf: not valid until then, valid after.
        let pending = token(&format!(r#"{{"nbf":{text}}}"#));
        if seconds > 0 {
            assert_eq!(
                code(verify(&pending, &secret(), &at(seconds - 1))),
                "TOKEN_NOT_YET_VALID",
                "nbf {text}"
            );
        }
        assert_eq!(
            code(verify(&pending, &secret(), &at(seconds))),
            "verified",
            "nbf {text}"
        );
        // And signDetailed's expiresAt reads it (sign accepts whole seconds in any form).
        let signer = Signer::new(&secret(), SignOptions::new(Algorithm::HS256)).unwrap();
        let signed = signer
            .sign_json(&secret(), &format!(r#"{{"exp":{text},"iat":{text}}}"#), Some(NOW))
            .unwrap();
        assert_eq!(
            (signed.expires_at, signed.issued_at),
            (Some(seconds), Some(seconds)),
            "{text}"
        );
        assert_eq!(
            decode(&signed.token)
                .unwrap()
                .times()
                .unwrap()
                .expires_at
                .unwrap()
                .floor(),
            seconds
        );
    }
}

/// Fractions (PyJWT's `time.time() + 3600`) verify and compare exactly, also where a double
/// would round: `1700000000.00000000001` is after `1700000000`.
#[test]
fn fractional_times_compare_exactly() {
    let half = token(r#"{"exp":1700000000.5}"#);
    assert_eq!(code(verify(&half, &secret(), &at(NOW))), "verified");
    assert_eq!(code(verify(&half, &secret(), &at(NOW + 1))), "TOKEN_EXPIRED");
    let error = verify(&half, &secret(), &at(NOW + 1)).unwrap_err().to_string();
    assert!(
        error.contains("expired at 1700000000.5 (0.5 s before now"),
        "{error}"
    );

    let tiny = token(r#"{"exp":1700000000.00000000001}"#);
    assert_eq!(code(verify(&tiny, &secret(), &at(NOW))), "verified");
    assert_eq!(code(verify(&tiny, &secret(), &at(NOW + 1))), "TOKEN_EXPIRED");
    let tiny = token(r#"{"exp":17000000000000000000001e-13}"#);
    assert_eq!(code(verify(&tiny, &secret(), &at(NOW))), "verified");
    assert_eq!(code(verify(&tiny, &secret(), &at(NOW + 1))), "TOKEN_EXPIRED");

    let not_before = token(r#"{"nbf":1700000000.00000000001}"#);
    assert_eq!(
        code(verify(&not_before, &secret(), &at(NOW))),
        "TOKEN_NOT_YET_VALID"
    );
    assert_eq!(code(verify(&not_before, &secret(), &at(NOW + 1))), "verified");
    // With a tolerance the comparison shifts by whole seconds, still exactly.
    let tolerant = VerifyOptions {
        clock_tolerance: 5,
        ..at(NOW + 5)
    };
    assert_eq!(code(verify(&half, &secret(), &tolerant)), "verified");
    let tolerant = VerifyOptions {
        clock_tolerance: 5,
        ..at(NOW + 6)
    };
    assert_eq!(code(verify(&half, &secret(), &tolerant)), "TOKEN_EXPIRED");

    // sign() writes whole seconds only, and says so.
    let signer = Signer::new(&secret(), SignOptions::new(Algorithm::HS256)).unwrap();
    let error = signer
        .sign_json(&secret(), r#"{"exp":1700000000.5}"#, Some(NOW))
        .unwrap_err();
    assert_eq!(error.code(), "BAD_TIME");
    assert!(error.to_string().contains("whole number of seconds"), "{error}");
    let error = signer
        .sign_json(&secret(), r#"{"exp":1700000000.00000000001}"#, Some(NOW))
        .unwrap_err();
    assert_eq!(
        error.code(),
        "BAD_TIME",
        "a fraction a double would lose is still a fraction"
    );
}

/// `maxTokenAge` reads `iat` the same way, and an `iat` in the future is refused.
#[test]
fn max_token_age_reads_iat_exactly_and_refuses_the_future() {
    let aged = |iat: &str, now: i64, tolerance: i64| {
        code(verify(
            &token(&format!(r#"{{"iat":{iat}}}"#)),
            &secret(),
            &VerifyOptions {
                max_token_age: Some(60),
                clock_tolerance: tolerance,
                ..at(now)
            },
        ))
    };
    assert_eq!(aged("1.7e9", NOW + 60, 0), "verified");
    assert_eq!(aged("1.7e9", NOW + 61, 0), "TOKEN_TOO_OLD");
    assert_eq!(aged("1e9", NOW, 0), "TOKEN_TOO_OLD");
    assert_eq!(aged("1700000000.5", NOW + 60, 0), "verified", "59.5 s old");
    assert_eq!(aged("1700000000.5", NOW + 61, 0), "TOKEN_TOO_OLD", "60.5 s old");
    // 60.00000000001 s old: too old, though a double rounds the iat to 1700000001 (60 s).
    assert_eq!(aged("1700000000.99999999999", NOW + 61, 0), "TOKEN_TOO_OLD");
    // The future: refused beyond the tolerance, accepted within it.
    assert_eq!(aged("1700000100", NOW, 0), "TOKEN_ISSUED_IN_FUTURE");
    assert_eq!(aged("1.7000001e9", NOW, 0), "TOKEN_ISSUED_IN_FUTURE");
    assert_eq!(aged("1700000000.5", NOW, 0), "TOKEN_ISSUED_IN_FUTURE");
    assert_eq!(aged("1700000100", NOW, 100), "verified");
    assert_eq!(aged("1700000100", NOW, 99), "TOKEN_ISSUED_IN_FUTURE");
    assert_eq!(aged(r#""1700000000""#, NOW, 0), "CLAIM_INVALID");
}

/// What is not a NumericDate is refused by name in verify, and never skipped.
#[test]
fn time_claims_that_are_not_numbers_are_refused() {
    for (payload, expected) in [
        (r#"{"exp":"1700000000"}"#, "CLAIM_INVALID"),
        (r#"{"exp":null}"#, "CLAIM_INVALID"),
        (r#"{"exp":true}"#, "CLAIM_INVALID"),
        (r#"{"exp":[1]}"#, "CLAIM_INVALID"),
        (r#"{"nbf":{}}"#, "CLAIM_INVALID"),
        (r#"{"exp":-1}"#, "BAD_TIME"),
        (r#"{"exp":-1e-300}"#, "BAD_TIME"),
        (r#"{"exp":1.7e12}"#, "BAD_TIME"),
        (r#"{"exp":1e300}"#, "BAD_TIME"),
    ] {
        assert_eq!(
            code(verify(&token(payload), &secret(), &at(NOW))),
            expected,
            "{payload}"
        );
    }
    let error = verify(&token(r#"{"exp":"1700000000"}"#), &secret(), &at(NOW)).unwrap_err();
    assert!(error.to_string().contains("not a string"), "{error}");
}

#[test]
fn numeric_dates_read_every_json_number_exactly() {
    for (text, floor, ceil) in [
        ("0", 0, 0),
        ("1", 1, 1),
        ("0.5", 0, 1),
        ("-0.5", -1, 0),
        ("-1.5", -2, -1),
        ("1e-999999999999999999999", 0, 1),
        ("-1e-5", -1, 0),
        ("12345678901234567890e-10", 1_234_567_890, 1_234_567_891),
        ("1234567890000000000000e-12", 1_234_567_890, 1_234_567_890),
        ("0.000e99999999", 0, 0),
    ] {
        let date = NumericDate::from_json_text(text).unwrap();
        assert_eq!((date.floor(), date.ceil()), (floor, ceil), "{text}");
    }
    // Far beyond any time: saturated, and refused by the checks as milliseconds or worse.
    for text in ["1e300", "99999999999999999999", "1e19", "-1e300"] {
        let date = NumericDate::from_json_text(text).unwrap();
        assert!(date.floor().abs() >= 1_000_000_000_000_000_000, "{text}");
        assert_eq!(date.check("exp").unwrap_err().code(), "BAD_TIME");
    }
    for text in [
        "", "-", "01", "1.", ".5", "1e", "1e+", "+1", "0x10", "1_000", "\"1\"", "NaN", "1 2",
    ] {
        assert!(NumericDate::from_json_text(text).is_none(), "{text:?}");
    }
}

/// One nesting limit: what sign accepts, decode and verify read back; deeper is refused
/// everywhere with the same words; duplicates are found at every depth below it.
#[test]
fn one_depth_limit_for_every_entry_point() {
    let nested = |depth: usize, inner: &str| {
        format!(
            r#"{{"a":{}{inner}{}}}"#,
            "[".repeat(depth - 1),
            "]".repeat(depth - 1)
        )
    };
    let deepest = nested(jwtmint::MAX_DEPTH, "1");
    let signer = Signer::new(&secret(), SignOptions::new(Algorithm::HS256)).unwrap();
    let signed = signer.sign_json(&secret(), &deepest, Some(NOW)).unwrap();
    assert!(
        verify(&signed.token, &secret(), &at(NOW)).is_ok(),
        "sign's own token verifies"
    );
    assert!(decode(&signed.token).is_ok());

    let too_deep = nested(jwtmint::MAX_DEPTH + 1, "1");
    let error = signer.sign_json(&secret(), &too_deep, Some(NOW)).unwrap_err();
    assert_eq!(error.code(), "JSON_INVALID");
    assert!(error.to_string().contains("more than 64 levels"), "{error}");
    let error = decode(&token(&too_deep)).unwrap_err();
    assert_eq!(error.code(), "TOKEN_MALFORMED");
    assert!(error.to_string().contains("more than 64 levels"), "{error}");
    let error = jwtmint::parse_json_object(&too_deep, "claims").unwrap_err();
    assert!(error.to_string().contains("more than 64 levels"), "{error}");
    // Brackets inside strings do not count.
    let quoted = format!(r#"{{"a":"{}"}}"#, "[{".repeat(500));
    assert!(signer.sign_json(&secret(), &quoted, Some(NOW)).is_ok());

    // Duplicates at the deepest level admitted are still found, by sign and by decode.
    let duplicate = nested(jwtmint::MAX_DEPTH - 1, r#"{"x":1,"x":2}"#);
    let error = signer.sign_json(&secret(), &duplicate, Some(NOW)).unwrap_err();
    assert!(error.to_string().contains("given twice"), "{error}");
    let decoded = decode(&token(&duplicate)).unwrap();
    assert_eq!(decoded.duplicates.len(), 1, "{:?}", decoded.duplicates);
    assert_eq!(
        code(verify(&token(&duplicate), &secret(), &at(NOW))),
        "TOKEN_DUPLICATE_MEMBER"
    );

    // Hundreds of thousands of levels: refused in one pass, no stack overflow.
    let huge = nested(200_000, "1");
    assert_eq!(
        signer.sign_json(&secret(), &huge, Some(NOW)).unwrap_err().code(),
        "JSON_INVALID"
    );
    assert_eq!(decode(&token(&huge)).unwrap_err().code(), "TOKEN_MALFORMED");
}

/// A token of a hundred thousand duplicate names is refused in one pass, with a short message;
/// a time claim given twice has no reading (decode's times say so instead of picking one).
#[test]
fn duplicates_are_reported_briefly_and_times_given_twice_have_no_reading() {
    let many = format!(r#"{{"a":[{}]}}"#, vec![r#"{"k":1,"k":2}"#; 100_000].join(","));
    let decoded = decode(&token(&many)).unwrap();
    assert!(
        !decoded.duplicates.is_empty() && decoded.duplicates.len() <= 16,
        "{}",
        decoded.duplicates.len()
    );
    let error = verify(&token(&many), &secret(), &at(NOW)).unwrap_err();
    assert_eq!(error.code(), "TOKEN_DUPLICATE_MEMBER");
    assert!(
        error.to_string().len() < 2_000,
        "{} bytes",
        error.to_string().len()
    );
    let signer = Signer::new(&secret(), SignOptions::new(Algorithm::HS256)).unwrap();
    assert!(signer.sign_json(&secret(), &many, Some(NOW)).is_err());

    for payload in [r#"{"exp":1,"exp":9999999999}"#, r#"{"exp":9999999999,"exp":1}"#] {
        let decoded = decode(&token(payload)).unwrap();
        assert_eq!(decoded.times().unwrap_err().code(), "CLAIM_INVALID", "{payload}");
    }
}

#[test]
fn verify_options_out_of_range_are_refused_not_clamped() {
    let good = token(r#"{"exp":1700000060,"iat":1700000000}"#);
    for options in [
        VerifyOptions {
            clock_tolerance: -1,
            ..at(NOW)
        },
        VerifyOptions {
            clock_tolerance: i64::MAX,
            ..at(NOW + 1_000_000)
        },
        VerifyOptions {
            max_token_age: Some(-5),
            ..at(NOW)
        },
    ] {
        assert_eq!(
            code(verify(&good, &secret(), &options)),
            "INVALID_ARGUMENT",
            "{options:?}"
        );
    }
}
