//! Bounded work on hostile input (issue #14): an oversized key text is refused before parsing,
//! RSA numbers longer than their modulus allows before any arithmetic, and an encrypted key whose
//! PBKDF2 or scrypt work is over the limits before any derivation, with an `openssl` command
//! that re-encrypts it. Encrypted keys are made by OpenSSL in the test; the ones beyond what
//! OpenSSL writes cheaply are OpenSSL's keys with their parameters rewritten in the DER.

mod common;

use base64::Engine;
use common::{openssl, read_fixture, temp_dir};
use jwtmint::{ImportOptions, Key};
use serde_json::Value;
use zeroize::Zeroizing;

const LIMIT: usize = 64 * 1024;
const HINT: &str = "openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 100000 -in key.pem -out key-new.pem";

fn with_passphrase(passphrase: &str) -> ImportOptions {
    ImportOptions {
        passphrase: Some(Zeroizing::new(passphrase.to_owned())),
        encoding: None,
    }
}

/// RFC 7515 A.2's private JWK, from the published vectors.
fn rfc_private_jwk() -> serde_json::Map<String, Value> {
    let text = read_fixture("../vectors/jws.json");
    let vectors: Value = serde_json::from_str(&text).unwrap();
    let key = &vectors["vectors"][1]["key"];
    assert!(key["qi"].is_string(), "vector 1 is the RFC 7515 A.2 private key");
    key.as_object().unwrap().clone()
}

fn b64url(bytes: &[u8]) -> Value {
    Value::from(jwtmint::base64url::encode(bytes))
}

fn jwk_error(jwk: serde_json::Map<String, Value>) -> jwtmint::Error {
    Key::from_jwk(&Value::Object(jwk)).expect_err("the JWK should be refused")
}

#[test]
fn key_input_over_64_kib_is_refused_before_parsing() {
    // Issue #14's JWK: p, q and d of 330 KB each, 1.3 MB as text; it took 31 s to refuse.
    let mut jwk = rfc_private_jwk();
    for name in ["p", "q", "d"] {
        jwk.insert(name.into(), b64url(&vec![0xff; 330_000]));
    }
    let text = serde_json::to_string(&jwk).unwrap();
    assert!(text.len() > 1_300_000);
    let error = Key::from_text(&text, &ImportOptions::default()).unwrap_err();
    assert_eq!(error.code(), "KEY_PARSE");
    let message = error.to_string();
    assert!(message.contains(&format!("is {} bytes", text.len())), "{message}");
    assert!(message.contains("65536 bytes (64 KiB)"), "{message}");
    let error = jwk_error(jwk);
    assert_eq!(error.code(), "KEY_PARSE");
    assert!(error.to_string().contains("more than the 65536 bytes"), "{error}");

    let error = Key::from_der(&vec![0x30; LIMIT + 1], &ImportOptions::default()).unwrap_err();
    assert_eq!(error.code(), "KEY_PARSE");
    assert!(
        error.to_string().contains("this DER key is 65537 bytes"),
        "{error}"
    );

    // Text before and after a block is allowed: a key padded to exactly the limit imports.
    let pem = read_fixture("rsa2048.pem");
    let padded = format!("{pem}{}", "\n".repeat(LIMIT - pem.len()));
    assert_eq!(padded.len(), LIMIT);
    assert_eq!(
        Key::from_text(&padded, &ImportOptions::default()).unwrap().bits(),
        2048
    );
    let error = Key::from_text(&format!("{padded}\n"), &ImportOptions::default()).unwrap_err();
    assert!(error.to_string().contains("is 65537 bytes"), "{error}");
}

#[test]
fn rsa_numbers_are_held_to_the_modulus_length() {
    let jwk = rfc_private_jwk();
    assert_eq!(Key::from_jwk(&Value::Object(jwk.clone())).unwrap().bits(), 2048);
    let message = |name: &str, bytes: Vec<u8>| {
        let mut jwk = jwk.clone();
        jwk.insert(name.into(), b64url(&bytes));
        let error = jwk_error(jwk);
        assert_eq!(error.code(), "KEY_PARSE", "{name}: {error}");
        error.to_string()
    };
    // Within the input limit, numbers many times the modulus: refused by length.
    let long = vec![0xc5u8; 15_000];
    for (name, words) in [
        (
            "p",
            "prime p is 120000 bits long, more than the 2048 bits its 2048-bit modulus allows",
        ),
        ("q", "prime q is 120000 bits long, more than the 2048 bits"),
        (
            "d",
            "private exponent d is 120000 bits long, more than the 2048 bits",
        ),
        (
            "dp",
            "JWK member \"dp\" is 120000 bits long, more than the 1024 bits",
        ),
        (
            "dq",
            "JWK member \"dq\" is 120000 bits long, more than the 1024 bits",
        ),
        (
            "qi",
            "JWK member \"qi\" is 120000 bits long, more than the 1024 bits",
        ),
    ] {
        let text = message(name, long.clone());
        assert!(text.contains(words), "{name}: {text}");
    }
    // Primes whose lengths cannot multiply to n, or are far from half of it.
    let text = message("q", vec![0xc5; 100]);
    assert!(
        text.contains(
            "primes p (1024 bits) and q (800 bits) are not each about half of its 2048-bit modulus"
        ),
        "{text}"
    );
    let mut unbalanced = jwk.clone();
    unbalanced.insert("p".into(), b64url(&[0xc5; 192]));
    unbalanced.insert("q".into(), b64url(&[0xc5; 64]));
    let text = jwk_error(unbalanced).to_string();
    assert!(text.contains("p (1536 bits) and q (512 bits)"), "{text}");
}

/// The DER inside a PEM block.
fn der_of(pem: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(pem).unwrap();
    let body: String = text.lines().filter(|line| !line.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD.decode(body).unwrap()
}

fn pem_of(der: &[u8]) -> String {
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|line| std::str::from_utf8(line).unwrap())
        .collect();
    format!(
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\n{}\n-----END ENCRYPTED PRIVATE KEY-----\n",
        lines.join("\n")
    )
}

/// The positions of the INTEGERs after the salt in the KDF parameters that follow `oid`: PBKDF2's
/// iteration count, or scrypt's N, r and p.
fn kdf_integers(der: &[u8], oid: &[u8]) -> Vec<std::ops::Range<usize>> {
    let start = der.windows(oid.len()).position(|window| window == oid).unwrap() + oid.len();
    assert_eq!(der[start], 0x30, "the KDF parameters are a SEQUENCE");
    let end = start + 2 + der[start + 1] as usize;
    assert_eq!(der[start + 2], 0x04, "the salt comes first");
    let mut at = start + 4 + der[start + 3] as usize;
    let mut integers = Vec::new();
    while at < end && der[at] == 0x02 {
        let len = der[at + 1] as usize;
        integers.push(at + 2..at + 2 + len);
        at += 2 + len;
    }
    integers
}

/// Rewrites the INTEGER at `range` to `value`, which must take as many bytes in DER.
fn set_integer(der: &mut [u8], range: std::ops::Range<usize>, value: u64) {
    let bytes = value.to_be_bytes();
    let encoded = &bytes[bytes.len() - range.len()..];
    assert!(encoded[0] < 0x80 && (encoded.len() == 1 || encoded[0] != 0 || encoded[1] >= 0x80));
    assert!(
        bytes[..bytes.len() - range.len()].iter().all(|&byte| byte == 0),
        "{value} does not fit"
    );
    der[range].copy_from_slice(encoded);
}

const PBKDF2: &[u8] = &[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c];
const SCRYPT: &[u8] = &[0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x04, 0x0b];
const HMAC_SHA256: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x09];

fn encrypt(args: &[&str]) -> Vec<u8> {
    let key = common::fixture("rsa2048.pem");
    let mut command = vec!["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:pw"];
    command.extend_from_slice(args);
    command.extend_from_slice(&["-in", key.to_str().unwrap()]);
    openssl(&command, b"")
}

fn refused(pem: &str, passphrase: Option<&str>) -> String {
    let options = passphrase.map(with_passphrase).unwrap_or_default();
    let error = Key::from_text(pem, &options).expect_err("the key should be refused");
    assert_eq!(error.code(), "KEY_PARSE", "{error}");
    let message = error.to_string();
    assert!(message.contains(HINT), "{message}");
    message
}

#[test]
fn pbkdf2_work_is_bounded_by_a_cost_per_hash() {
    // At the limit: PBKDF2-HMAC-SHA256 with 2,000,000 iterations imports.
    let at_limit = encrypt(&["-v2prf", "hmacWithSHA256", "-iter", "2000000"]);
    let key = Key::from_text(std::str::from_utf8(&at_limit).unwrap(), &with_passphrase("pw")).unwrap();
    assert_eq!(key.bits(), 2048);

    let der = der_of(&at_limit);
    let iterations = kdf_integers(&der, PBKDF2)[0].clone();
    let rewritten = |count: u64, sha512: bool| {
        let mut der = der.clone();
        set_integer(&mut der, iterations.clone(), count);
        if sha512 {
            let at = der
                .windows(HMAC_SHA256.len())
                .position(|window| window == HMAC_SHA256)
                .unwrap();
            der[at + HMAC_SHA256.len() - 1] = 0x0b; // hmacWithSHA512
        }
        pem_of(&der)
    };
    let message = refused(&rewritten(2_000_001, false), Some("pw"));
    assert!(
        message.contains("PBKDF2 with HMAC-SHA-256 at 2000001 iterations costs 2000001 units"),
        "{message}"
    );
    assert!(
        message.contains("more than the 2000000 jwtmint runs"),
        "{message}"
    );
    // SHA-512 counts twice: 1,000,000 iterations are at the limit (derived, with the wrong
    // key as the PRF changed), one more is over.
    let error = Key::from_text(&rewritten(1_000_000, true), &with_passphrase("pw")).unwrap_err();
    assert_eq!(error.code(), "PASSPHRASE_WRONG", "{error}");
    let message = refused(&rewritten(1_000_001, true), Some("pw"));
    assert!(
        message.contains("HMAC-SHA-512 at 1000001 iterations costs 2000002 units"),
        "{message}"
    );
    // 8,388,607 iterations were accepted before (22 s for 10,000,000 in wasm); refused now,
    // and before a passphrase is asked for.
    let message = refused(&rewritten(8_388_607, false), None);
    assert!(message.contains("8388607 iterations"), "{message}");

    // The command the message suggests makes a key that imports.
    let dir = temp_dir();
    let (old, new) = (dir.path().join("key.pem"), dir.path().join("key-new.pem"));
    std::fs::write(&old, &at_limit).unwrap();
    let mut command: Vec<&str> = HINT.split(' ').skip(1).collect();
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    for part in command.iter_mut() {
        *part = match *part {
            "key.pem" => old,
            "key-new.pem" => new,
            other => other,
        };
    }
    command.extend_from_slice(&["-passin", "pass:pw", "-passout", "pass:new"]);
    openssl(&command, b"");
    let reencrypted = std::fs::read_to_string(new).unwrap();
    assert_eq!(
        Key::from_text(&reencrypted, &with_passphrase("new"))
            .unwrap()
            .bits(),
        2048
    );
}

#[test]
fn scrypt_work_and_memory_are_bounded() {
    // At the limit: N·r·p = 16384·8·8 = 2^20 (16 MiB) imports.
    let at_limit = encrypt(&[
        "-scrypt",
        "-scrypt_N",
        "16384",
        "-scrypt_r",
        "8",
        "-scrypt_p",
        "8",
    ]);
    let key = Key::from_text(std::str::from_utf8(&at_limit).unwrap(), &with_passphrase("pw")).unwrap();
    assert_eq!(key.bits(), 2048);
    let der = der_of(&at_limit);
    let [_, _, p] = <[_; 3]>::try_from(kdf_integers(&der, SCRYPT)).unwrap();
    let mut over = der.clone();
    set_integer(&mut over, p, 9);
    let message = refused(&pem_of(&over), Some("pw"));
    assert!(
        message.contains("scrypt with N=16384, r=8, p=9 costs N·r·p = 1179648 units"),
        "{message}"
    );
    assert!(
        message.contains("more than the 1048576 units and 64 MiB"),
        "{message}"
    );

    // Issue #14's N=2^20, r=2, p=16 (256 MiB; 102 s in wasm) and, within the work limit,
    // 2^19·128 bytes over the memory limit: OpenSSL's key (N=32768, r=1, p=1, whose N takes
    // three bytes like 2^20's) rewritten.
    let small = der_of(&encrypt(&[
        "-scrypt",
        "-scrypt_N",
        "32768",
        "-scrypt_r",
        "1",
        "-scrypt_p",
        "1",
    ]));
    let [n, r, p] = <[_; 3]>::try_from(kdf_integers(&small, SCRYPT)).unwrap();
    let mut issue = small.clone();
    set_integer(&mut issue, n.clone(), 1 << 20);
    set_integer(&mut issue, r, 2);
    set_integer(&mut issue, p, 16);
    let message = refused(&pem_of(&issue), Some("pw"));
    assert!(
        message.contains("N=1048576, r=2, p=16 costs N·r·p = 33554432 units of work and 257 MiB"),
        "{message}"
    );
    let mut memory = small;
    set_integer(&mut memory, n, 1 << 19);
    let message = refused(&pem_of(&memory), None);
    assert!(
        message.contains("N=524288, r=1, p=1 costs N·r·p = 524288 units of work and 65 MiB"),
        "{message}"
    );
}
