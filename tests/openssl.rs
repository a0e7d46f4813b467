//! Cross-checks against OpenSSL, run in the test: RS* signatures byte-identical to
//! `openssl dgst -sign`, PS* and HS* tokens verified by OpenSSL, and keys made by OpenSSL imported.

mod common;

use common::{fixture, import, openssl, read_fixture, temp_dir};
use jwtmint::{decode, sign, Algorithm, ImportOptions, Key, SignOptions};
use zeroize::Zeroizing;

fn signed_token(key: &Key, alg: Algorithm) -> String {
    let mut options = SignOptions::new(alg);
    options.now = Some(1_700_000_000);
    options.expires_in = Some(3600);
    let claims = serde_json::json!({"sub": "openssl", "n": 42, "unicode": "żółw ✓"});
    sign(claims.as_object().unwrap().clone(), key, &options)
        .unwrap()
        .token
}

fn split(token: &str) -> (String, Vec<u8>) {
    let (input, signature) = token.rsplit_once('.').unwrap();
    (input.to_owned(), jwtmint::base64url::decode(signature).unwrap())
}

fn digest_name(alg: Algorithm) -> &'static str {
    match &alg.name()[2..] {
        "256" => "-sha256",
        "384" => "-sha384",
        _ => "-sha512",
    }
}

#[test]
fn rs_signatures_are_byte_identical_to_openssl() {
    for file in ["rsa2048.pem", "rsa3072.pem", "rsa4096.pem"] {
        let key = import(file);
        for alg in [Algorithm::RS256, Algorithm::RS384, Algorithm::RS512] {
            let token = signed_token(&key, alg);
            let (input, ours) = split(&token);
            let path = fixture(file);
            let theirs = openssl(
                &["dgst", digest_name(alg), "-sign", path.to_str().unwrap()],
                input.as_bytes(),
            );
            assert_eq!(ours, theirs, "{file} {alg}");
        }
    }
}

#[test]
fn ps_and_hs_tokens_verify_with_openssl() {
    let dir = temp_dir();
    let public = dir.path().join("public.pem");
    std::fs::write(&public, import("rsa2048.pem").public_pem().unwrap()).unwrap();
    let key = import("rsa2048.pem");
    for alg in [Algorithm::PS256, Algorithm::PS384, Algorithm::PS512] {
        let (input, signature) = split(&signed_token(&key, alg));
        let signature_path = dir.path().join("signature.bin");
        std::fs::write(&signature_path, &signature).unwrap();
        let salt = format!("rsa_pss_saltlen:{}", signature_len_for(alg));
        let output = openssl(
            &[
                "dgst",
                digest_name(alg),
                "-verify",
                public.to_str().unwrap(),
                "-sigopt",
                "rsa_padding_mode:pss",
                "-sigopt",
                &salt,
                "-signature",
                signature_path.to_str().unwrap(),
            ],
            input.as_bytes(),
        );
        assert_eq!(String::from_utf8_lossy(&output).trim(), "Verified OK", "{alg}");
    }
    let secret = "an-api-secret-that-is-long-enough-for-hs512-because-it-has-64-b!";
    let key = Key::from_secret(secret, Default::default()).unwrap();
    for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
        let (input, signature) = split(&signed_token(&key, alg));
        let mac = openssl(
            &[
                "dgst",
                digest_name(alg),
                "-mac",
                "HMAC",
                "-macopt",
                &format!("key:{secret}"),
                "-binary",
            ],
            input.as_bytes(),
        );
        assert_eq!(signature, mac, "{alg}");
    }
}

fn signature_len_for(alg: Algorithm) -> &'static str {
    match &alg.name()[2..] {
        "256" => "32",
        "384" => "48",
        _ => "64",
    }
}

#[test]
fn keys_written_by_openssl_all_import_and_sign_alike() {
    let reference = import("rsa2048.pem");
    let reference_token = signed_token(&reference, Algorithm::RS256);
    let with_passphrase = ImportOptions {
        passphrase: Some(Zeroizing::new("correct-horse".into())),
        encoding: None,
    };
    for (file, options) in [
        ("rsa2048.pkcs1.pem", ImportOptions::default()),
        ("rsa2048.enc.pem", with_passphrase),
        (
            "rsa2048.scrypt.pem",
            ImportOptions {
                passphrase: Some(Zeroizing::new("correct-horse".into())),
                encoding: None,
            },
        ),
        (
            "rsa2048.sha1prf.pem",
            ImportOptions {
                passphrase: Some(Zeroizing::new("correct-horse".into())),
                encoding: None,
            },
        ),
    ] {
        let key =
            Key::from_text(&read_fixture(file), &options).unwrap_or_else(|error| panic!("{file}: {error}"));
        assert_eq!(signed_token(&key, Algorithm::RS256), reference_token, "{file}");
    }
    let der = std::fs::read(fixture("rsa2048.der")).unwrap();
    let key = Key::from_der(&der, &ImportOptions::default()).unwrap();
    assert_eq!(signed_token(&key, Algorithm::RS256), reference_token);
    // DER forms of each structure, produced by openssl on the spot.
    let path = fixture("rsa2048.pem");
    let path = path.to_str().unwrap();
    let pkcs1_der = openssl(&["rsa", "-in", path, "-traditional", "-outform", "DER"], b"");
    assert_eq!(
        signed_token(
            &Key::from_der(&pkcs1_der, &Default::default()).unwrap(),
            Algorithm::RS256
        ),
        reference_token
    );
    let encrypted_der = openssl(
        &[
            "pkcs8",
            "-topk8",
            "-in",
            path,
            "-v2",
            "aes-256-cbc",
            "-passout",
            "pass:pw",
            "-outform",
            "DER",
        ],
        b"",
    );
    let options = ImportOptions {
        passphrase: Some(Zeroizing::new("pw".into())),
        encoding: None,
    };
    assert_eq!(
        signed_token(
            &Key::from_der(&encrypted_der, &options).unwrap(),
            Algorithm::RS256
        ),
        reference_token
    );
    let spki_der = openssl(&["pkey", "-in", path, "-pubout", "-outform", "DER"], b"");
    let public = Key::from_der(&spki_der, &Default::default()).unwrap();
    assert_eq!(public.public_pem().unwrap(), reference.public_pem().unwrap());
    // And the public forms all verify the reference token.
    for file in ["rsa2048.pub.pem", "rsa2048.pkcs1.pub.pem", "rsa2048.cert.pem"] {
        let public = import(file);
        jwtmint::verify(
            &reference_token,
            &public,
            &jwtmint::VerifyOptions {
                now: Some(1_700_000_001),
                ..Default::default()
            },
        )
        .unwrap_or_else(|error| panic!("{file}: {error}"));
    }
    assert_eq!(decode(&reference_token).unwrap().header["alg"], "RS256");
}

#[test]
fn public_pem_matches_openssl_and_8192_bit_keys_work() {
    let path = fixture("rsa2048.pem");
    let theirs = openssl(&["pkey", "-in", path.to_str().unwrap(), "-pubout"], b"");
    assert_eq!(
        import("rsa2048.pem").public_pem().unwrap().as_bytes(),
        theirs.as_slice()
    );
    let big = import("rsa8192.pem");
    assert_eq!(big.bits(), 8192);
    let token = signed_token(&big, Algorithm::RS512);
    let (input, ours) = split(&token);
    let path = fixture("rsa8192.pem");
    assert_eq!(
        ours,
        openssl(
            &["dgst", "-sha512", "-sign", path.to_str().unwrap()],
            input.as_bytes()
        )
    );
}
