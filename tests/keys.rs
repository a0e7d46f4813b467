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

    // EC and Ed25519 keys import (tests/ec.rs has every form); other curves are refused by name.
    for (file, curve) in [
        ("ec.pem", "P-256"),
        ("ec-with-params.pem", "P-256"),
        ("ed25519.pem", "Ed25519"),
    ] {
        let key = import(file);
        assert_eq!(
            (key.kind(), key.curve()),
            (KeyKind::Private, Some(curve)),
            "{file}"
        );
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
        // EC and OKP keys need their coordinates; other curves are refused by name.
        (serde_json::json!({"kty": "EC", "crv": "P-256"}), "KEY_PARSE"),
        (serde_json::json!({"kty": "OKP", "crv": "Ed25519"}), "KEY_PARSE"),
        (
            serde_json::json!({"kty": "EC", "crv": "secp256k1", "x": "AAAA", "y": "AAAA"}),
            "KEY_UNSUPPORTED",
        ),
        (
            serde_json::json!({"kty": "OKP", "crv": "Ed448", "x": "AAAA"}),
            "KEY_UNSUPPORTED",
        ),
        (
            serde_json::json!({"kty": "OKP", "crv": "X25519", "x": "AAAA"}),
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

// ---- Key material is never an HMAC secret (issue #14; PyJWT's CVE-2022-29217 class) ----

fn base64(bytes: &[u8]) -> String {
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes)
}

fn base64url(bytes: &[u8]) -> String {
    base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, bytes)
}

fn wrapped(text: &str, width: usize) -> String {
    text.as_bytes()
        .chunks(width)
        .map(|line| std::str::from_utf8(line).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// An SSH wire-format string (RFC 4251 §5).
fn ssh_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// An SSH mpint (RFC 4251 §5) from big-endian bytes.
fn ssh_mpint(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut number: Vec<u8> = bytes.iter().copied().skip_while(|&byte| byte == 0).collect();
    if number.first().is_some_and(|&top| top >= 0x80) {
        number.insert(0, 0);
    }
    ssh_string(out, &number);
}

/// The `ssh-rsa` public key blob of an RSA key, built from its SPKI numbers (RFC 4253 §6.6).
fn ssh_rsa_blob(key: &Key) -> Vec<u8> {
    let jwk = key.public_jwk(None, None).unwrap();
    let number = |name: &str| jwtmint::base64url::decode(jwk[name].as_str().unwrap()).unwrap();
    let mut blob = Vec::new();
    ssh_string(&mut blob, b"ssh-rsa");
    ssh_mpint(&mut blob, &number("e"));
    ssh_mpint(&mut blob, &number("n"));
    blob
}

fn has_ssh_keygen() -> bool {
    std::process::Command::new("ssh-keygen")
        .arg("-?")
        .output()
        .is_ok()
}

fn ssh_keygen(args: &[&str]) -> String {
    let output = std::process::Command::new("ssh-keygen")
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "ssh-keygen {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The fixture's key as encrypted PKCS#8 DER with the passphrase `pw`, made by openssl.
fn encrypted_pkcs8() -> Vec<u8> {
    let args = "pkcs8 -topk8 -v2 aes-256-cbc -passout pass:pw -outform DER";
    common::openssl(
        &args.split(' ').collect::<Vec<_>>(),
        read_fixture("rsa2048.pem").as_bytes(),
    )
}

/// What importing a form as a string key must give: `Ok(kind)` or `Err((code, words in the
/// message))`.
/// What a form imports as: its kind and, for a key that is not the RSA fixture, the SPKI DER of
/// its public key; or the refusal's code and words.
type Expected = Result<(KeyKind, Option<&'static [u8]>), (&'static str, &'static str)>;

/// The SPKI DER of a key made at test time, as an `Expected`'s reference.
fn spki_of(pem: &str) -> &'static [u8] {
    let public = pem.contains("-----BEGIN PUBLIC KEY-----");
    let args: &[&str] = match public {
        true => &["pkey", "-pubin", "-pubout", "-outform", "DER"],
        false => &["pkey", "-pubout", "-outform", "DER"],
    };
    let der = common::openssl(args, pem.as_bytes());
    Box::leak(der.into_boxed_slice())
}

/// Every form of key material, made at test time: its name, its text and what it must give.
fn key_forms() -> Vec<(String, String, Expected)> {
    let pem = read_fixture("rsa2048.pem");
    let der = |args: &[&str], input: &[u8]| common::openssl(args, input);
    let spki = der(&["pkey", "-pubout", "-outform", "DER"], pem.as_bytes());
    let pkcs1_public = der(&["rsa", "-RSAPublicKey_out", "-outform", "DER"], pem.as_bytes());
    let pkcs8 = der(&["pkey", "-outform", "DER"], pem.as_bytes());
    let pkcs1_private = der(&["rsa", "-traditional", "-outform", "DER"], pem.as_bytes());
    let encrypted = encrypted_pkcs8();
    let certificate = der(
        &["x509", "-outform", "DER"],
        read_fixture("rsa2048.cert.pem").as_bytes(),
    );
    let ec = der(
        &["pkey", "-pubout", "-outform", "DER"],
        read_fixture("ec.pem").as_bytes(),
    );
    let ed25519 = der(
        &["pkey", "-pubout", "-outform", "DER"],
        read_fixture("ed25519.pem").as_bytes(),
    );

    let public = Ok((KeyKind::Public, None));
    let private = Ok((KeyKind::Private, None));
    let mut forms: Vec<(String, String, Expected)> = vec![
        ("SPKI base64".into(), base64(&spki), public),
        ("SPKI base64 wrapped".into(), wrapped(&base64(&spki), 64), public),
        (
            "SPKI base64 CRLF".into(),
            wrapped(&base64(&spki), 76).replace('\n', "\r\n"),
            public,
        ),
        (
            "SPKI base64 without padding".into(),
            base64(&spki).trim_end_matches('=').into(),
            public,
        ),
        ("SPKI base64url".into(), base64url(&spki), public),
        (
            "SPKI base64 with \\n escapes".into(),
            wrapped(&base64(&spki), 64).replace('\n', "\\n"),
            public,
        ),
        ("SPKI hex".into(), hex(&spki), public),
        (
            "SPKI with BOM".into(),
            format!("\u{feff}{}", base64(&spki)),
            public,
        ),
        (
            "SPKI in zero-width space".into(),
            format!("\u{200b} {}\u{200b}\u{a0}\n", base64(&spki)),
            public,
        ),
        ("PKCS#1 public base64".into(), base64(&pkcs1_public), public),
        ("PKCS#8 base64".into(), wrapped(&base64(&pkcs8), 64), private),
        ("PKCS#1 private base64".into(), base64(&pkcs1_private), private),
        (
            "encrypted PKCS#8 base64".into(),
            base64(&encrypted),
            Err(("PASSPHRASE_REQUIRED", "passphrase")),
        ),
        (
            "certificate base64".into(),
            wrapped(&base64(&certificate), 64),
            public,
        ),
        (
            "EC SPKI base64".into(),
            base64(&ec),
            Ok((KeyKind::Public, Some(spki_of(&read_fixture("ec.pem"))))),
        ),
        (
            "Ed25519 SPKI base64".into(),
            base64(&ed25519),
            Ok((KeyKind::Public, Some(spki_of(&read_fixture("ed25519.pem"))))),
        ),
        (
            "SPKI inside other text".into(),
            format!("\"publicKey\": \"{}\",", base64(&spki)),
            Err((
                "KEY_PARSE",
                "a public key (SubjectPublicKeyInfo) as base64 DER among other text",
            )),
        ),
        (
            "SPKI after words".into(),
            format!("My public key is {}", base64(&spki)),
            Err(("KEY_PARSE", "among other text")),
        ),
        (
            "PEM with BOM".into(),
            format!("\u{feff}{}", read_fixture("rsa2048.pub.pem")),
            public,
        ),
        (
            "JWK with BOM".into(),
            format!(
                "\u{feff}{}",
                serde_json::to_string(&import("rsa2048.pub.pem").public_jwk(None, None).unwrap()).unwrap()
            ),
            public,
        ),
        (
            "JWK in zero-width space".into(),
            format!(
                "\u{200b}\u{2060}{}\u{200d}",
                serde_json::to_string(&import("rsa2048.pub.pem").public_jwk(None, None).unwrap()).unwrap()
            ),
            public,
        ),
        (
            "JWK inside other text".into(),
            format!(
                "jwk = {}",
                serde_json::to_string(&import("rsa2048.pub.pem").public_jwk(None, None).unwrap()).unwrap()
            ),
            Err(("KEY_PARSE", "paste only the JSON object")),
        ),
    ];

    let rsa = import("rsa2048.pem");
    let blob = ssh_rsa_blob(&rsa);
    let mut line = format!("ssh-rsa {} user@host", base64(&blob));
    let mut rfc4716 = format!(
        "---- BEGIN SSH2 PUBLIC KEY ----\nComment: \"2048-bit RSA\"\n{}\n---- END SSH2 PUBLIC KEY ----\n",
        wrapped(&base64(&blob), 70)
    );
    let mut extra = Vec::new();
    if has_ssh_keygen() {
        let dir = common::temp_dir();
        let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
        std::fs::write(path("rsa"), &pem).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path("rsa"), std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let made = ssh_keygen(&["-y", "-f", &path("rsa")]);
        assert_eq!(
            made.split_whitespace().nth(1).unwrap(),
            base64(&blob),
            "our ssh-rsa blob is ssh-keygen's"
        );
        line = made.trim().to_owned();
        std::fs::write(path("rsa.pub"), &line).unwrap();
        rfc4716 = ssh_keygen(&["-e", "-f", &path("rsa.pub")]);
        for (kind, name) in [("ed25519", "ssh-ed25519"), ("ecdsa", "ecdsa-sha2-nistp256")] {
            ssh_keygen(&["-q", "-t", kind, "-N", "", "-C", "me@host", "-f", &path(kind)]);
            let public = std::fs::read_to_string(path(&format!("{kind}.pub"))).unwrap();
            assert!(public.starts_with(name));
            // The reference: ssh-keygen's own PKCS#8 export of the public key; for Ed25519, which
            // it does not export, RFC 8410's SPKI around the line's last 32 bytes.
            let spki: &'static [u8] = if kind == "ed25519" {
                use base64::Engine;
                let blob = base64::engine::general_purpose::STANDARD
                    .decode(public.split_whitespace().nth(1).unwrap())
                    .unwrap();
                let mut der = vec![
                    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
                ];
                der.extend_from_slice(&blob[blob.len() - 32..]);
                Box::leak(der.into_boxed_slice())
            } else {
                spki_of(&ssh_keygen(&[
                    "-e",
                    "-m",
                    "PKCS8",
                    "-f",
                    &path(&format!("{kind}.pub")),
                ]))
            };
            extra.push((
                format!("OpenSSH {kind} line"),
                public,
                Ok((KeyKind::Public, Some(spki))),
            ));
            let private = std::fs::read_to_string(path(kind)).unwrap();
            assert!(private.contains("-----BEGIN OPENSSH PRIVATE KEY-----"));
            extra.push((
                format!("OpenSSH {kind} private key"),
                private,
                Ok((KeyKind::Private, Some(spki))),
            ));
        }
        ssh_keygen(&[
            "-q",
            "-s",
            &path("ed25519"),
            "-I",
            "id",
            "-n",
            "user",
            &path("rsa.pub"),
        ]);
        let certificate = std::fs::read_to_string(path("rsa-cert.pub")).unwrap();
        assert!(certificate.starts_with("ssh-rsa-cert-v01@openssh.com "));
        extra.push((
            "OpenSSH certificate".into(),
            certificate,
            Err((
                "KEY_PARSE",
                "an OpenSSH certificate (ssh-rsa-cert-v01@openssh.com)",
            )),
        ));
    }
    // OpenSSH public lines import (`src/key/openssh.rs`), with options and as a bare blob.
    let ssh_rsa = public;
    forms.push(("OpenSSH ssh-rsa line".into(), line.clone(), ssh_rsa));
    forms.push((
        "authorized_keys line with options".into(),
        format!("from=\"10.0.0.1\",no-pty,command=\"/bin/true\" {line}\n"),
        ssh_rsa,
    ));
    forms.push(("OpenSSH blob alone".into(), base64(&blob), ssh_rsa));
    forms.push((
        "RFC 4716 block".into(),
        rfc4716,
        Err(("KEY_PARSE", "RFC 4716 SSH2 public key (ssh-rsa); jwtmint reads public keys as PEM, JWK or OpenSSH lines: convert it with `ssh-keygen -i -f key.pub > key.openssh.pub`, then `ssh-keygen -e -m PKCS8")),
    ));
    let mut sk = Vec::new();
    ssh_string(&mut sk, b"sk-ssh-ed25519@openssh.com");
    ssh_string(&mut sk, &[7u8; 32]);
    ssh_string(&mut sk, b"ssh:");
    forms.push((
        "OpenSSH sk- line".into(),
        format!("sk-ssh-ed25519@openssh.com {} me@host", base64(&sk)),
        Err(("KEY_UNSUPPORTED", "FIDO security key")),
    ));
    forms.push((
        "SSH.com private key".into(),
        "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: \"key\"\nP2/56wAAAi4AAAA3aWYtbW9kbntzaWdu\n---- END SSH2 ENCRYPTED PRIVATE KEY ----\n".into(),
        Err(("KEY_PARSE", "SSH.com (SSH2) private key")),
    ));
    forms.push((
        "PuTTY .ppk".into(),
        format!(
            "PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: rsa-key\nPublic-Lines: 6\n{}\nPrivate-Lines: 1\nAAAA\nPrivate-MAC: 00\n",
            wrapped(&base64(&blob), 64)
        ),
        Err(("KEY_PARSE", "PuTTY private key (.ppk); export it with `puttygen")),
    ));
    forms.extend(extra);
    forms
}

#[test]
fn a_key_in_any_form_is_never_a_secret() {
    let reference = import("rsa2048.pem").public_pem().unwrap();
    for (form, text, expected) in key_forms() {
        let outcome = Key::from_text_or_secret(&text, &ImportOptions::default());
        match (&outcome, expected) {
            (Ok(key), Ok((kind, spki))) => {
                assert_eq!(key.kind(), kind, "{form}");
                match spki {
                    Some(spki) => assert_eq!(key.public_der().unwrap(), spki, "{form}"),
                    None => assert_eq!(key.public_pem().unwrap(), reference, "{form}"),
                }
            }
            (Err(error), Err((code, words))) => {
                assert_eq!(error.code(), code, "{form}: {error}");
                assert!(error.to_string().contains(words), "{form}: {error}");
            }
            (outcome, expected) => panic!("{form}: {outcome:?}, expected {expected:?}"),
        }
        // `from_text` says the same, and the explicit secret path refuses it in any encoding.
        let direct = Key::from_text(&text, &ImportOptions::default());
        assert_eq!(
            direct.as_ref().map(Key::kind).map_err(jwtmint::Error::code),
            outcome.as_ref().map(Key::kind).map_err(|error| error.code()),
            "{form}"
        );
        // A key file read as bytes (the CLI's --key) is recognised the same way.
        let from_bytes = Key::from_der(text.as_bytes(), &ImportOptions::default());
        assert_eq!(
            from_bytes
                .as_ref()
                .map(Key::kind)
                .map_err(jwtmint::Error::to_string),
            outcome.as_ref().map(Key::kind).map_err(jwtmint::Error::to_string),
            "{form}"
        );
        let error = Key::from_secret(&text, SecretEncoding::Utf8).unwrap_err();
        assert_eq!(error.code(), "SECRET_IS_KEY", "{form}: {error}");
        assert!(
            error.to_string().contains("import it as a key"),
            "{form}: {error}"
        );
    }
    // The encrypted key with its passphrase is read as the private key it is.
    let encrypted = encrypted_pkcs8();
    let with_passphrase = ImportOptions {
        passphrase: Some(Zeroizing::new("pw".into())),
        ..Default::default()
    };
    let key = Key::from_text_or_secret(&base64(&encrypted), &with_passphrase).unwrap();
    assert_eq!(key.kind(), KeyKind::Private);
}

/// The fixture's public key in layered forms: encoded as a whole, escaped, dumped or split, as
/// Kubernetes, PHP, URLs, `xxd`, HTML and mail write it. Made at test time.
fn layered_key_forms() -> Vec<(&'static str, String)> {
    let pem = read_fixture("rsa2048.pub.pem");
    let spki = common::openssl(&["pkey", "-pubin", "-outform", "DER"], pem.as_bytes());
    let certificate = common::openssl(
        &["x509", "-outform", "DER"],
        read_fixture("rsa2048.cert.pem").as_bytes(),
    );
    let jwk = import("rsa2048.pub.pem").public_jwk(None, None).unwrap();
    let jwk_text = serde_json::to_string(&jwk).unwrap();
    let b64 = base64(&spki);
    assert!(
        b64.contains('/') && b64.contains('+'),
        "the escapes below change something"
    );
    let colons = |bytes: &[u8]| {
        hex(bytes)
            .as_bytes()
            .chunks(2)
            .map(|pair| std::str::from_utf8(pair).unwrap())
            .collect::<Vec<_>>()
            .join(":")
    };
    let lines = |separator: &str| wrapped(&b64, 64).replace('\n', separator);
    let n = jwk["n"].as_str().unwrap();
    let mut forms = vec![
        ("base64 of the PEM text", base64(pem.as_bytes())),
        (
            "base64 of the PEM text, wrapped",
            wrapped(&base64(pem.as_bytes()), 76),
        ),
        ("base64 of the JWK", base64(jwk_text.as_bytes())),
        ("base64url of the JWK", base64url(jwk_text.as_bytes())),
        (
            "the JWK as a JSON string",
            serde_json::to_string(&jwk_text).unwrap(),
        ),
        ("the PEM as a JSON string", serde_json::to_string(&pem).unwrap()),
        ("base64 DER with \\/ escapes", b64.replace('/', "\\/")),
        (
            "percent-encoded base64 DER",
            b64.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D"),
        ),
        ("hex DER with colons", colons(&spki)),
        ("hex DER with colons, upper case", colons(&spki).to_uppercase()),
        ("certificate hex with colons", colons(&certificate)),
        ("hex of the PEM text", hex(pem.as_bytes())),
        ("base64 DER lines with <br>", lines("<br>")),
        ("base64 DER lines with <br />", lines("<br />\n")),
        ("base64 DER with soft hyphens", lines("\u{ad}")),
        (
            "base64 DER in quoted-printable",
            lines("=\n").replace('=', "=3D").replace("=3D\n", "=\n"),
        ),
        ("base64 DER after letters", format!("pk{b64}")),
        ("base64 DER after a digit", format!("key1{b64}")),
        (
            "JWK with an escaped member name",
            jwk_text.replacen("\"kty\"", "\"\\u006bty\"", 1),
        ),
        (
            "JWK as a Python dict",
            jwk_text
                .replace('"', "'")
                .replace(",'", ", '")
                .replace("':", "': "),
        ),
        ("JWK as YAML", format!("kty: RSA\nn: {n}\ne: AQAB\n")),
        (
            "JSON with base64 DER inside",
            format!("{{\"publicKey\":\"{b64}\"}}"),
        ),
    ];
    let mut dump = String::new();
    for (line, chunk) in spki.chunks(16).enumerate() {
        let groups: Vec<String> = chunk.chunks(2).map(hex).collect();
        dump += &format!(
            "{:08x}: {:<40} {}\n",
            line * 16,
            groups.join(" "),
            ".".repeat(chunk.len())
        );
    }
    forms.push(("xxd dump of the DER", dump));
    // And xxd's own dump of the certificate, when it is installed.
    let dir = common::temp_dir();
    let path = dir.path().join("cert.der");
    std::fs::write(&path, &certificate).unwrap();
    if let Ok(output) = std::process::Command::new("xxd").arg(&path).output() {
        assert!(output.status.success());
        forms.push((
            "xxd's dump of the certificate",
            String::from_utf8(output.stdout).unwrap(),
        ));
    }
    forms
}

#[test]
fn a_key_in_a_layered_form_is_never_a_secret() {
    let mut failed = Vec::new();
    for (form, text) in layered_key_forms() {
        let outcome = Key::from_text_or_secret(&text, &ImportOptions::default());
        if outcome.as_ref().is_ok_and(|key| key.kind() == KeyKind::Secret) {
            failed.push(format!("{form}: taken as a secret"));
        }
        match Key::from_secret(&text, SecretEncoding::Utf8) {
            Err(error) if error.code() == "SECRET_IS_KEY" => {}
            other => failed.push(format!("{form}: from_secret gave {other:?}")),
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn what_a_secret_is_refused_for_never_shows_its_text() {
    for label in [
        "\u{1b}[31mPUBLIC KEY",
        "PUBLIC\u{9b}2J KEY",
        "PUBLIC \u{202e}YEK",
        "A\0B",
        "hunter2 hunter2",
    ] {
        let text = format!("-----BEGIN {label}-----\nMIIB\n-----END {label}-----\n");
        let message = Key::from_secret(&text, SecretEncoding::Utf8)
            .unwrap_err()
            .to_string();
        assert!(
            !message.chars().any(|character| character.is_control()
                || ('\u{202a}'..='\u{202e}').contains(&character)
                || ('\u{2066}'..='\u{2069}').contains(&character)),
            "{message:?}"
        );
        assert!(!message.contains("hunter2"), "{message}");
    }
}

#[test]
fn a_secret_given_in_an_encoding_is_checked_after_decoding() {
    let pem = read_fixture("rsa2048.pub.pem");
    let spki = common::openssl(&["pkey", "-pubin", "-outform", "DER"], pem.as_bytes());
    for (text, encoding, words) in [
        (base64(&spki), SecretEncoding::Base64, "as base64 DER"),
        (base64url(&spki), SecretEncoding::Base64Url, "as base64url DER"),
        (hex(&spki), SecretEncoding::Hex, "as hex DER"),
        (base64(pem.as_bytes()), SecretEncoding::Base64, "BEGIN PUBLIC KEY"),
        (hex(pem.as_bytes()), SecretEncoding::Hex, "BEGIN PUBLIC KEY"),
    ] {
        let error = Key::from_secret(&text, encoding).unwrap_err();
        assert_eq!(error.code(), "SECRET_IS_KEY", "{encoding:?}: {error}");
        assert!(error.to_string().contains(words), "{encoding:?}: {error}");
    }
    // Raw bytes are taken as they are: the caller said they are the secret.
    assert_eq!(Key::from_secret_bytes(&spki).unwrap().kind(), KeyKind::Secret);
}

/// A small deterministic generator for the secrets below (xorshift64*).
fn random_bytes(state: &mut u64, len: usize) -> Vec<u8> {
    (0..len)
        .map(|_| {
            *state ^= *state >> 12;
            *state ^= *state << 25;
            *state ^= *state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
        })
        .collect()
}

#[test]
fn real_secrets_stay_secrets() {
    let mut secrets: Vec<String> = vec![
        "correct horse battery staple".into(),
        "my ssh-rsa key is not this".into(),
        "MAA=".into(),
        "MAYCAQECAQE=".into(),
        "AAAABBBBCCCCDDDD".into(),
        "Ünïcödé pässphrase ✓".into(),
        // The shape of Visual Layer and DataOS API secrets: long random base64url and hex.
        "vl_sk_3mZ2Xm0m9c7n4hV5cQ8b8v1QeJx4o8ZB6Qp3WbV2w".into(),
        "MIIZ-not-a-key-at-all-MIIB".into(),
        // Shapes the layered forms look for, without a key inside.
        "3f2b8c1e-9d4a-4e6b-8f00-1c2d3e4f5a6b".into(),
        "30 days of summer".into(),
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAnot-a-key".into(),
        "AAAAQUJD-token".into(),
        "my kty is RSA".into(),
        "\"quoted \\/ and \\u0041 escaped\"".into(),
        "100%2Bsure%3D".into(),
        "de:ad:be:ef:ca:fe:ba:be:de:ad:be:ef:ca:fe:ba:be".into(),
        "00000000: 7365 6372 6574  secret".into(),
        "line<br>break=\nand\u{ad}hyphen".into(),
    ];
    secrets.push(
        String::from_utf8(common::openssl(&["rand", "-base64", "32"], b""))
            .unwrap()
            .trim()
            .into(),
    );
    secrets.push(
        String::from_utf8(common::openssl(&["rand", "-hex", "32"], b""))
            .unwrap()
            .trim()
            .into(),
    );
    let mut state = 0x9e37_79b9_7f4a_7c15;
    // Layered shapes of random bytes: base64 of base64 and hex, JSON strings, percent-encoding,
    // hex with colons, glued letters, and 256-byte values (as long as a modulus: see DESIGN.md).
    for round in 0..300 {
        let bytes = random_bytes(&mut state, 16 + round % 64);
        let b64 = base64(&bytes);
        secrets.extend([
            base64(b64.as_bytes()),
            base64(hex(&bytes).as_bytes()),
            hex(b64.as_bytes()),
            serde_json::to_string(&b64.replace('/', "\\/")).unwrap(),
            b64.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D"),
            hex(&bytes)
                .as_bytes()
                .chunks(2)
                .map(|pair| std::str::from_utf8(pair).unwrap())
                .collect::<Vec<_>>()
                .join(":"),
            format!("pk{b64}"),
            base64url(&random_bytes(&mut state, 256)),
        ]);
    }
    for round in 0..3000 {
        let len = 16 + round % 600;
        let mut bytes = random_bytes(&mut state, len);
        // Every third one begins like DER (a SEQUENCE with a long length), the hardest case.
        if round % 3 == 0 {
            bytes[0] = 0x30;
            bytes[1] = 0x82;
        }
        secrets.push(match round % 4 {
            0 => base64(&bytes),
            1 => base64url(&bytes),
            2 => hex(&bytes),
            _ => wrapped(&base64(&bytes), 64),
        });
    }
    // Text that begins with `{` is a JWK to the shortcut, but may be a secret when said so.
    assert_eq!(
        Key::from_text_or_secret("{not json}", &ImportOptions::default())
            .unwrap_err()
            .code(),
        "KEY_PARSE"
    );
    assert_eq!(
        Key::from_secret("{secret: 'hunter2'}", SecretEncoding::Utf8)
            .unwrap()
            .kind(),
        KeyKind::Secret
    );
    assert_eq!(
        Key::from_secret("{not json}", SecretEncoding::Utf8)
            .unwrap()
            .bits(),
        80
    );
    for secret in &secrets {
        let key = Key::from_text_or_secret(secret, &ImportOptions::default())
            .unwrap_or_else(|error| panic!("{secret:?}: {error}"));
        assert_eq!(key.kind(), KeyKind::Secret, "{secret:?}");
        assert_eq!(
            key.bits(),
            secret.len() * 8,
            "the text's own UTF-8 bytes: {secret:?}"
        );
        assert_eq!(
            Key::from_secret(secret, SecretEncoding::Utf8).unwrap().bits(),
            secret.len() * 8
        );
    }
}

// ---- JWK alg, use and key_ops (RFC 7517 §4.2–4.4) ----

/// The fixture's private key as a JWK, its numbers read by the `rsa` crate (independent of ours).
fn private_jwk() -> serde_json::Map<String, serde_json::Value> {
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::traits::{PrivateKeyParts, PublicKeyParts};
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(&read_fixture("rsa2048.pem")).unwrap();
    let number = |value: &rsa::BigUint| base64url(&value.to_bytes_be());
    let serde_json::Value::Object(jwk) = serde_json::json!({
        "kty": "RSA",
        "n": number(key.n()),
        "e": number(key.e()),
        "d": number(key.d()),
        "p": number(&key.primes()[0]),
        "q": number(&key.primes()[1]),
    }) else {
        unreachable!()
    };
    jwk
}

fn with(jwk: &serde_json::Map<String, serde_json::Value>, members: serde_json::Value) -> serde_json::Value {
    let mut jwk = jwk.clone();
    jwk.extend(members.as_object().unwrap().clone());
    serde_json::Value::Object(jwk)
}

fn verify_at(token: &str, key: &Key, algorithms: Option<Vec<Algorithm>>) -> Result<(), jwtmint::Error> {
    let options = jwtmint::VerifyOptions {
        now: Some(1_700_000_000),
        algorithms,
        ..Default::default()
    };
    jwtmint::verify(token, key, &options).map(|_| ())
}

#[test]
fn jwk_alg_use_and_key_ops_restrict_the_key() {
    let private = private_jwk();
    let public = import("rsa2048.pem").public_jwk(None, None).unwrap();
    let signer = import("rsa2048.pem");
    let token = |alg| {
        sign(Default::default(), &signer, &options(1_700_000_000, alg))
            .unwrap()
            .token
    };
    let (rs512, ps256) = (token(Algorithm::RS512), token(Algorithm::PS256));

    // The issue's case: an RS512 token against a JWK that says PS256, for encryption.
    let enc = Key::from_jwk(&with(&public, serde_json::json!({"alg": "PS256", "use": "enc"}))).unwrap();
    assert!(enc.algorithms().is_empty());
    for token in [&rs512, &ps256] {
        let error = verify_at(token, &enc, None).unwrap_err();
        assert_eq!(error.code(), "KEY_ALG_MISMATCH", "{error}");
        assert!(error.to_string().contains("\"use\": \"enc\""), "{error}");
    }

    let ps256_only = Key::from_jwk(&with(&public, serde_json::json!({"alg": "PS256"}))).unwrap();
    assert_eq!(ps256_only.algorithms(), ["PS256"]);
    verify_at(&ps256, &ps256_only, None).unwrap();
    assert_eq!(
        verify_at(&rs512, &ps256_only, None).unwrap_err().code(),
        "ALG_NOT_ALLOWED"
    );
    let error = verify_at(&rs512, &ps256_only, Some(vec![Algorithm::RS512])).unwrap_err();
    assert_eq!(error.code(), "KEY_ALG_MISMATCH", "{error}");
    assert!(error.to_string().contains("\"alg\": \"PS256\""), "{error}");
    // Exports keep the JWK's alg; another one is refused.
    let exported = ps256_only.public_jwk(None, None).unwrap();
    assert_eq!(
        (&exported["alg"], &exported["use"]),
        (&"PS256".into(), &"sig".into())
    );
    assert_eq!(ps256_only.jwks(None, None).unwrap()["keys"][0]["alg"], "PS256");
    assert_eq!(
        ps256_only
            .public_jwk(None, Some(Algorithm::RS256))
            .unwrap_err()
            .code(),
        "KEY_ALG_MISMATCH"
    );
    assert_eq!(enc.jwks(None, None).unwrap()["keys"][0]["use"], "enc");

    // A private JWK with alg signs only that algorithm; one JWKS key is the same.
    for jwk in [
        with(&private, serde_json::json!({"alg": "RS256", "use": "sig"})),
        serde_json::json!({"keys": [with(&private, serde_json::json!({"alg": "RS256"}))]}),
    ] {
        let key = Key::from_jwk(&jwk).unwrap();
        assert_eq!(key.algorithms(), ["RS256"]);
        sign(Default::default(), &key, &options(1, Algorithm::RS256)).unwrap();
        let error = sign(Default::default(), &key, &options(1, Algorithm::PS256)).unwrap_err();
        assert_eq!(error.code(), "KEY_ALG_MISMATCH", "{error}");
        assert!(
            error
                .to_string()
                .contains("cannot be used for signing with PS256; it can be used for RS256"),
            "{error}"
        );
    }

    // key_ops: "sign" for signing, "verify" for verifying.
    let verify_only = Key::from_jwk(&with(&private, serde_json::json!({"key_ops": ["verify"]}))).unwrap();
    verify_at(&rs512, &verify_only, None).unwrap();
    let error = sign(Default::default(), &verify_only, &options(1, Algorithm::RS256)).unwrap_err();
    assert_eq!(error.code(), "KEY_ALG_MISMATCH");
    assert!(error.to_string().contains("do not include \"sign\""), "{error}");
    let sign_only = Key::from_jwk(&with(&private, serde_json::json!({"key_ops": ["sign"]}))).unwrap();
    sign(Default::default(), &sign_only, &options(1, Algorithm::RS256)).unwrap();
    let error = verify_at(&rs512, &sign_only, None).unwrap_err();
    assert_eq!(error.code(), "KEY_ALG_MISMATCH");
    assert!(error.to_string().contains("do not include \"verify\""), "{error}");
    let public_sign_only = Key::from_jwk(&with(&public, serde_json::json!({"key_ops": ["sign"]}))).unwrap();
    assert!(public_sign_only.algorithms().is_empty());
    let public_enc_ops = Key::from_jwk(&with(
        &public,
        serde_json::json!({"key_ops": ["encrypt", "verify"]}),
    ))
    .unwrap();
    verify_at(&rs512, &public_enc_ops, None).unwrap();

    // HMAC JWKs too.
    let oct = serde_json::json!({"kty": "oct", "k": base64url(b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"), "alg": "HS512"});
    let hs512 = Key::from_jwk(&oct).unwrap();
    assert_eq!(hs512.algorithms(), ["HS512"]);
    assert_eq!(
        sign(Default::default(), &hs512, &options(1, Algorithm::HS256))
            .unwrap_err()
            .code(),
        "KEY_ALG_MISMATCH"
    );
    sign(Default::default(), &hs512, &options(1, Algorithm::HS512)).unwrap();

    // Refused at import, with what is wrong.
    for (members, words) in [
        (
            serde_json::json!({"use": "signature"}),
            "\"use\" is \"signature\"",
        ),
        (serde_json::json!({"use": 1}), "\"use\" must be a string"),
        (serde_json::json!({"alg": 256}), "\"alg\" must be a string"),
        (
            serde_json::json!({"alg": "HS256"}),
            "not an algorithm for an RSA key",
        ),
        (
            serde_json::json!({"alg": "RSA-OAEP"}),
            "not a signature algorithm jwtmint uses",
        ),
        (serde_json::json!({"alg": "none"}), "not a signature algorithm"),
        (serde_json::json!({"key_ops": "sign"}), "array of unique strings"),
        (
            serde_json::json!({"key_ops": ["sign", "sign"]}),
            "array of unique strings",
        ),
        (serde_json::json!({"key_ops": [1]}), "array of unique strings"),
    ] {
        for jwk in [&public, &private] {
            let error = Key::from_jwk(&with(jwk, members.clone())).unwrap_err();
            assert_eq!(error.code(), "KEY_PARSE", "{members}: {error}");
            assert!(error.to_string().contains(words), "{members}: {error}");
        }
    }
    let error = Key::from_jwk(&with(
        oct.as_object().unwrap(),
        serde_json::json!({"alg": "RS256"}),
    ))
    .unwrap_err();
    assert!(
        error.to_string().contains("not an algorithm for an HMAC"),
        "{error}"
    );
}

/// A PEM label with control or bidi characters never reaches a message.
#[test]
fn a_hostile_pem_label_is_refused_without_being_echoed() {
    let text =
        "-----BEGIN X\u{1b}[31m\u{9b}\u{202e}-----\nnot*base64!\n-----END X\u{1b}[31m\u{9b}\u{202e}-----\n";
    let error = Key::from_text(text, &ImportOptions::default()).unwrap_err();
    let message = error.to_string();
    assert!(
        !message
            .chars()
            .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
        "{message:?}"
    );
}

/// A `.pfx` (Microsoft's usual certificate export) is recognised, as bytes and as base64, and
/// refused with the `openssl` commands that convert it.
#[test]
fn a_pkcs12_file_is_refused_with_the_conversion() {
    let dir = common::temp_dir();
    let pfx = dir.path().join("cert.pfx");
    let output = std::process::Command::new("openssl")
        .args(["pkcs12", "-export", "-passout", "pass:x", "-inkey"])
        .arg(common::fixture("rsa2048.pem"))
        .arg("-in")
        .arg(common::fixture("rsa2048.cert.pem"))
        .arg("-out")
        .arg(&pfx)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(&pfx).unwrap();
    use base64::Engine;
    let base64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    for error in [
        Key::from_der(&bytes, &ImportOptions::default()).unwrap_err(),
        Key::from_text(&base64, &ImportOptions::default()).unwrap_err(),
    ] {
        assert_eq!(error.code(), "KEY_PARSE");
        assert!(
            error.to_string().contains("PKCS#12 file")
                && error
                    .to_string()
                    .contains("openssl pkcs12 -in cert.pfx -nocerts -nodes -out key.pem"),
            "{error}"
        );
    }
}
