//! ES256/ES384/ES512 (P-256/P-384/P-521) and EdDSA (Ed25519), through the public API:
//!
//! - published vectors: RFC 7515 A.3 (ES256) and A.4 (ES512) verify, RFC 8037 A.4/A.5 (Ed25519)
//!   sign byte for byte, RFC 6979 A.2.5–A.2.7 sign exactly r‖s (so the nonces are RFC 6979's);
//! - every key form `openssl` (and node's KeyObject for JWKs) writes, generated at test time:
//!   each private form imports, signs, and OpenSSL verifies the signature; each public form
//!   verifies our tokens and OpenSSL's signatures; pastes with escapes, CRLF, indentation and
//!   Bag Attributes;
//! - refusals with stable codes: other curves by name, explicit parameters, points off the curve
//!   or at infinity, parts of two keys, the wrong algorithm for a key, and signatures that must
//!   not verify (CVE-2022-21449's zeros, r or s = n, DER instead of r‖s, Ed25519's S + L).

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jwtmint::{sign_jws_input, verify_jws_input, Algorithm, ImportOptions, Key, KeyKind};
use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Stdio};
use zeroize::Zeroizing;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}

fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

fn jwk(value: Value) -> Key {
    Key::from_jwk(&value).unwrap_or_else(|error| panic!("{value}: {error:?}"))
}

fn text_key(text: &str) -> Key {
    Key::from_text(text, &ImportOptions::default()).unwrap_or_else(|error| panic!("{error:?}"))
}

fn with_passphrase(passphrase: &str) -> ImportOptions {
    ImportOptions {
        passphrase: Some(Zeroizing::new(passphrase.into())),
        encoding: None,
    }
}

/// The error code of a refused verification.
fn refused(key: &Key, alg: Algorithm, input: &str, signature: &[u8]) -> jwtmint::Error {
    verify_jws_input(key, alg, input, &b64(signature)).expect_err("must be refused")
}

/// The signature with bit `bit` flipped.
fn flipped(signature: &[u8], bit: usize) -> Vec<u8> {
    let mut changed = signature.to_vec();
    changed[bit / 8] ^= 1 << (bit % 8);
    changed
}

/// Runs `program` in `dir` with `args`, feeding `stdin`; returns stdout, panics with stderr.
fn run_in(dir: &Path, program: &str, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("{program} must be installed: {error}"));
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn openssl(dir: &Path, args: &[&str]) -> Vec<u8> {
    run_in(dir, "openssl", args, b"")
}

fn openssl_text(dir: &Path, args: &[&str]) -> String {
    String::from_utf8(openssl(dir, args)).unwrap()
}

/// node's KeyObject export of a PEM file as a JWK (`private` for the private half).
fn node_jwk(dir: &Path, file: &str, private: bool) -> Value {
    let script = format!(
        "const c = require('crypto'); const text = require('fs').readFileSync({file:?}); \
         const key = {}; process.stdout.write(JSON.stringify(key.export({{format: 'jwk'}})));",
        if private {
            "c.createPrivateKey(text)"
        } else {
            "c.createPublicKey(text)"
        }
    );
    serde_json::from_slice(&run_in(dir, "node", &["-e", &script], b"")).unwrap()
}

/// `r‖s` as the DER `ECDSA-Sig-Value` OpenSSL reads and writes.
fn raw_to_der(raw: &[u8]) -> Vec<u8> {
    let (r, s) = raw.split_at(raw.len() / 2);
    let integer = |value: &[u8]| {
        let start = value
            .iter()
            .position(|&byte| byte != 0)
            .unwrap_or(value.len() - 1);
        let mut digits = value[start..].to_vec();
        if digits[0] & 0x80 != 0 {
            digits.insert(0, 0);
        }
        let mut out = vec![0x02, digits.len() as u8];
        out.extend(digits);
        out
    };
    let body = [integer(r), integer(s)].concat();
    let mut der = vec![0x30];
    if body.len() >= 0x80 {
        der.push(0x81);
    }
    der.push(body.len() as u8);
    der.extend(body);
    der
}

/// OpenSSL's DER `ECDSA-Sig-Value` as JOSE's `r‖s`, each `size` bytes.
fn der_to_raw(der: &[u8], size: usize) -> Vec<u8> {
    assert_eq!(der[0], 0x30);
    let mut at = if der[1] == 0x81 { 3 } else { 2 };
    let mut raw = Vec::new();
    for _ in 0..2 {
        assert_eq!(der[at], 0x02);
        let length = usize::from(der[at + 1]);
        let value = &der[at + 2..at + 2 + length];
        let digits: Vec<u8> = value.iter().copied().skip_while(|&byte| byte == 0).collect();
        raw.extend(std::iter::repeat(0).take(size - digits.len()));
        raw.extend(digits);
        at += 2 + length;
    }
    assert_eq!(at, der.len());
    raw
}

/// A curve as the tests name it to jwtmint, OpenSSL and node.
#[derive(Clone, Copy, Debug)]
struct Curve {
    /// The JWK `crv`, as `Key::curve` reports it.
    crv: &'static str,
    /// OpenSSL's name, for `ecparam` and `genpkey`.
    openssl: &'static str,
    alg: Algorithm,
    digest: &'static str,
    /// Bytes of a coordinate, a scalar and each half of a signature.
    size: usize,
    bits: usize,
    /// The group order n, big-endian, `size` bytes.
    order: &'static str,
}

// The orders are the curve crates' `ORDER_HEX` (p256, p384, p521 0.14), which are FIPS 186-4's n.
const P256: Curve = Curve {
    crv: "P-256",
    openssl: "prime256v1",
    alg: Algorithm::ES256,
    digest: "-sha256",
    size: 32,
    bits: 256,
    order: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
};
const P384: Curve = Curve {
    crv: "P-384",
    openssl: "secp384r1",
    alg: Algorithm::ES384,
    digest: "-sha384",
    size: 48,
    bits: 384,
    order: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
};
const P521: Curve = Curve {
    crv: "P-521",
    openssl: "secp521r1",
    alg: Algorithm::ES512,
    digest: "-sha512",
    size: 66,
    bits: 521,
    order: "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
};
const CURVES: [Curve; 3] = [P256, P384, P521];

// ---------------------------------------------------------------------------------------------
// RFC 7515 Appendix A.3 and A.4, RFC 8037 Appendix A, RFC 6979 Appendix A.2.5–A.2.7
// ---------------------------------------------------------------------------------------------

/// RFC 7515 A.3.1: the P-256 key.
fn rfc7515_p256(private: bool) -> Value {
    let mut key = json!({
        "kty": "EC",
        "crv": "P-256",
        "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
    });
    if private {
        key["d"] = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI".into();
    }
    key
}

/// RFC 7515 A.3: the JWS Signing Input (header `{"alg":"ES256"}`, A.1's payload) and signature.
const A3_INPUT: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const A3_SIGNATURE: &str =
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

/// RFC 7515 A.4.1: the P-521 key.
fn rfc7515_p521(private: bool) -> Value {
    let mut key = json!({
        "kty": "EC",
        "crv": "P-521",
        "x": "AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk",
        "y": "ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2",
    });
    if private {
        key["d"] =
            "AY5pb7A0UFiB3RELSD64fTLOSV_jazdF7fLYyuTw8lOfRhWg6Y6rUrPAxerEzgdRhajnu0ferB0d53vM9mE15j2C".into();
    }
    key
}

/// RFC 7515 A.4: header `{"alg":"ES512"}`, payload "Payload".
const A4_INPUT: &str = "eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZA";
const A4_SIGNATURE: &str = "AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWROc-mZZqwqT2SI-KGDKB34XO0aw_7XdtAG8GaSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8KpEHwJjyqOgzDO7iKvU8vcnwNrmxYbSW9ERBXukOXolLzeO_Jn";

/// Checks a published signature with the public and the private key, then that changing any
/// one of a sample of its bits, or of the input's, is refused as SIGNATURE_INVALID.
fn published_signature_verifies(key: Value, alg: Algorithm, input: &str, signature: &str) {
    let public = jwk(key
        .as_object()
        .unwrap()
        .iter()
        .filter(|(name, _)| *name != "d")
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect());
    let private = jwk(key);
    assert_eq!(public.kind(), KeyKind::Public);
    assert_eq!(private.kind(), KeyKind::Private);
    for key in [&public, &private] {
        verify_jws_input(key, alg, input, signature).unwrap_or_else(|error| panic!("{alg}: {error:?}"));
    }
    let bytes = unb64(signature);
    for bit in [
        0,
        7,
        8 * bytes.len() / 2 - 1,
        8 * bytes.len() / 2,
        8 * bytes.len() - 1,
    ] {
        let error = refused(&public, alg, input, &flipped(&bytes, bit));
        assert_eq!(error.code(), "SIGNATURE_INVALID", "{alg} bit {bit}: {error:?}");
    }
    let mut changed = input.as_bytes().to_vec();
    let last = changed.len() - 1;
    changed[last] ^= 1;
    let changed = String::from_utf8(changed).unwrap();
    assert_eq!(
        verify_jws_input(&public, alg, &changed, signature)
            .unwrap_err()
            .code(),
        "SIGNATURE_INVALID"
    );
}

#[test]
fn rfc7515_a3_es256_example_verifies() {
    published_signature_verifies(rfc7515_p256(true), Algorithm::ES256, A3_INPUT, A3_SIGNATURE);
}

#[test]
fn rfc7515_a4_es512_example_verifies() {
    published_signature_verifies(rfc7515_p521(true), Algorithm::ES512, A4_INPUT, A4_SIGNATURE);
}

/// RFC 8037 A.1: the Ed25519 key; A.4: the signing input and its signature.
fn rfc8037_key(private: bool) -> Value {
    let mut key = json!({"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"});
    if private {
        key["d"] = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A".into();
    }
    key
}
const RFC8037_INPUT: &str = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
const RFC8037_SIGNATURE: &str =
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

#[test]
fn rfc8037_a4_ed25519_signature_is_byte_identical_and_a5_verifies() {
    let private = jwk(rfc8037_key(true));
    assert_eq!(private.curve(), Some("Ed25519"));
    assert_eq!(private.key_type(), "OKP");
    assert_eq!(private.algorithms(), ["EdDSA"]);
    assert_eq!(
        sign_jws_input(&private, Algorithm::EdDSA, RFC8037_INPUT).unwrap(),
        RFC8037_SIGNATURE
    );
    // A.3: the RFC 7638 thumbprint of the public key.
    assert_eq!(
        private.thumbprint().unwrap(),
        "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
    );
    published_signature_verifies(
        rfc8037_key(true),
        Algorithm::EdDSA,
        RFC8037_INPUT,
        RFC8037_SIGNATURE,
    );
}

/// RFC 6979 A.2.5 (P-256), A.2.6 (P-384), A.2.7 (P-521): the private key x and the public key
/// (Ux, Uy), each padded to the curve's size.
struct Rfc6979Key {
    curve: Curve,
    x: &'static str,
    ux: &'static str,
    uy: &'static str,
    /// (message, r, s) with the curve's JOSE hash (SHA-256, SHA-384, SHA-512).
    signatures: [(&'static str, &'static str, &'static str); 2],
}

const RFC6979: [Rfc6979Key; 3] = [
    Rfc6979Key {
        curve: P256,
        x: "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721",
        ux: "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6",
        uy: "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299",
        signatures: [
            (
                "sample",
                "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716",
                "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8",
            ),
            (
                "test",
                "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367",
                "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083",
            ),
        ],
    },
    Rfc6979Key {
        curve: P384,
        x: "6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D896D5724E4C70A825F872C9EA60D2EDF5",
        ux: "EC3A4E415B4E19A4568618029F427FA5DA9A8BC4AE92E02E06AAE5286B300C64DEF8F0EA9055866064A254515480BC13",
        uy: "8015D9B72D7D57244EA8EF9AC0C621896708A59367F9DFB9F54CA84B3F1C9DB1288B231C3AE0D4FE7344FD2533264720",
        signatures: [
            (
                "sample",
                "94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C81A648152E44ACF96E36DD1E80FABE46",
                "99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94FA329C145786E679E7B82C71A38628AC8",
            ),
            (
                "test",
                "8203B63D3C853E8D77227FB377BCF7B7B772E97892A80F36AB775D509D7A5FEB0542A7F0812998DA8F1DD3CA3CF023DB",
                "DDD0760448D42D8A43AF45AF836FCE4DE8BE06B485E9B61B827C2F13173923E06A739F040649A667BF3B828246BAA5A5",
            ),
        ],
    },
    Rfc6979Key {
        curve: P521,
        x: "00FAD06DAA62BA3B25D2FB40133DA757205DE67F5BB0018FEE8C86E1B68C7E75CAA896EB32F1F47C70855836A6D16FCC1466F6D8FBEC67DB89EC0C08B0E996B83538",
        ux: "01894550D0785932E00EAA23B694F213F8C3121F86DC97A04E5A7167DB4E5BCD371123D46E45DB6B5D5370A7F20FB633155D38FFA16D2BD761DCAC474B9A2F5023A4",
        uy: "00493101C962CD4D2FDDF782285E64584139C2F91B47F87FF82354D6630F746A28A0DB25741B5B34A828008B22ACC23F924FAAFBD4D33F81EA66956DFEAA2BFDFCF5",
        signatures: [
            (
                "sample",
                "00C328FAFCBD79DD77850370C46325D987CB525569FB63C5D3BC53950E6D4C5F174E25A1EE9017B5D450606ADD152B534931D7D4E8455CC91F9B15BF05EC36E377FA",
                "00617CCE7CF5064806C467F678D3B4080D6F1CC50AF26CA209417308281B68AF282623EAA63E5B5C0723D8B8C37FF0777B1A20F8CCB1DCCC43997F1EE0E44DA4A67A",
            ),
            (
                "test",
                "013E99020ABF5CEE7525D16B69B229652AB6BDF2AFFCAEF38773B4B7D08725F10CDB93482FDCC54EDCEE91ECA4166B2A7C6265EF0CE2BD7051B7CEF945BABD47EE6D",
                "01FBD0013C674AA79CB39849527916CE301C66EA7CE8B80682786AD60F98F7E78A19CA69EFF5C57400E3B3A0AD66CE0978214D13BAF4E9AC60752F7B155E2DE4DCE3",
            ),
        ],
    },
];

impl Rfc6979Key {
    fn jwk(&self, private: bool) -> Value {
        let mut key = json!({
            "kty": "EC",
            "crv": self.curve.crv,
            "x": b64(&hex(self.ux)),
            "y": b64(&hex(self.uy)),
        });
        if private {
            key["d"] = b64(&hex(self.x)).into();
        }
        key
    }
}

#[test]
fn rfc6979_signatures_are_exactly_r_s_with_deterministic_nonces() {
    for vector in &RFC6979 {
        let curve = vector.curve;
        let key = jwk(vector.jwk(true));
        assert_eq!(key.curve(), Some(curve.crv));
        assert_eq!(key.bits(), curve.bits);
        assert_eq!(key.algorithms(), [curve.alg.name()]);
        for (message, r, s) in vector.signatures {
            let expected = [hex(r), hex(s)].concat();
            assert_eq!(expected.len(), 2 * curve.size);
            let ours = sign_jws_input(&key, curve.alg, message).unwrap();
            assert_eq!(unb64(&ours), expected, "{} {message:?}", curve.crv);
            // The same again: deterministic.
            assert_eq!(sign_jws_input(&key, curve.alg, message).unwrap(), ours);
            verify_jws_input(&jwk(vector.jwk(false)), curve.alg, message, &ours).unwrap();
        }
    }
}

/// The RFC's signatures are checked by OpenSSL too, with the public key jwtmint exports: the
/// vectors and the export are right independently of the crates that sign.
#[test]
fn rfc6979_signatures_verify_with_openssl_from_our_public_pem() {
    let dir = common::temp_dir();
    for vector in &RFC6979 {
        let key = jwk(vector.jwk(false));
        std::fs::write(dir.path().join("public.pem"), key.public_pem().unwrap()).unwrap();
        for (message, r, s) in vector.signatures {
            std::fs::write(dir.path().join("message"), message).unwrap();
            let der = raw_to_der(&[hex(r), hex(s)].concat());
            std::fs::write(dir.path().join("signature.der"), der).unwrap();
            let verified = openssl_text(
                dir.path(),
                &[
                    "dgst",
                    vector.curve.digest,
                    "-verify",
                    "public.pem",
                    "-signature",
                    "signature.der",
                    "message",
                ],
            );
            assert_eq!(verified.trim(), "Verified OK");
        }
    }
}

#[test]
fn tokens_sign_and_verify_with_ec_and_ed25519_keys() {
    let keys = [
        (jwk(rfc7515_p256(true)), Algorithm::ES256, 64),
        (jwk(RFC6979[1].jwk(true)), Algorithm::ES384, 96),
        (jwk(rfc7515_p521(true)), Algorithm::ES512, 132),
        (jwk(rfc8037_key(true)), Algorithm::EdDSA, 64),
    ];
    for (key, alg, length) in keys {
        let mut options = jwtmint::SignOptions::new(alg);
        options.now = Some(1_700_000_000);
        options.expires_in = Some(600);
        let claims = json!({"sub": "ec", "unicode": "żółw ✓"})
            .as_object()
            .unwrap()
            .clone();
        let signed = jwtmint::sign(claims, &key, &options).unwrap();
        let decoded = jwtmint::decode(&signed.token).unwrap();
        assert_eq!(decoded.header["alg"], alg.name());
        let signature = signed.token.rsplit('.').next().unwrap();
        assert_eq!(unb64(signature).len(), length, "{alg}");
        let checks = jwtmint::VerifyOptions {
            now: Some(1_700_000_100),
            ..Default::default()
        };
        let verified = jwtmint::verify(&signed.token, &key, &checks).unwrap();
        assert_eq!(verified.payload["sub"], "ec");
        // The public half alone verifies, from its exported PEM and JWK.
        let from_pem = text_key(&key.public_pem().unwrap());
        let from_jwk = jwk(Value::Object(key.public_jwk(None, None).unwrap()));
        for public in [from_pem, from_jwk] {
            assert_eq!(public.kind(), KeyKind::Public);
            assert_eq!(public.thumbprint().unwrap(), key.thumbprint().unwrap());
            jwtmint::verify(&signed.token, &public, &checks).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Every key form OpenSSL writes
// ---------------------------------------------------------------------------------------------

/// A key family as OpenSSL makes it: one of the three curves, or Ed25519.
#[derive(Clone, Copy, Debug)]
enum Family {
    Ec(Curve),
    Ed25519,
}

impl Family {
    const ALL: [Family; 4] = [
        Family::Ec(P256),
        Family::Ec(P384),
        Family::Ec(P521),
        Family::Ed25519,
    ];

    fn alg(self) -> Algorithm {
        match self {
            Family::Ec(curve) => curve.alg,
            Family::Ed25519 => Algorithm::EdDSA,
        }
    }

    fn crv(self) -> &'static str {
        match self {
            Family::Ec(curve) => curve.crv,
            Family::Ed25519 => "Ed25519",
        }
    }

    /// `openssl genpkey` of a new PKCS#8 key, written to `file`.
    fn genpkey(self, dir: &Path, file: &str) {
        match self {
            Family::Ec(curve) => {
                let option = format!("ec_paramgen_curve:{}", curve.openssl);
                openssl(
                    dir,
                    &["genpkey", "-algorithm", "EC", "-pkeyopt", &option, "-out", file],
                );
            }
            Family::Ed25519 => {
                openssl(dir, &["genpkey", "-algorithm", "ed25519", "-out", file]);
            }
        }
    }

    /// A new key in `dir`: key.pem (PKCS#8), public.pem (SPKI), cert.pem (self-signed X.509);
    /// returns the SPKI DER.
    fn generate(self, dir: &Path) -> Vec<u8> {
        self.genpkey(dir, "key.pem");
        openssl(dir, &["pkey", "-in", "key.pem", "-pubout", "-out", "public.pem"]);
        let subject = ["-subj", "/CN=jwtmint", "-days", "2", "-out", "cert.pem"];
        openssl(
            dir,
            &[&["req", "-new", "-x509", "-key", "key.pem"][..], &subject].concat(),
        );
        openssl(dir, &["pkey", "-in", "key.pem", "-pubout", "-outform", "DER"])
    }

    /// OpenSSL's verdict on `signature` (JOSE form) over `input`, with the SPKI PEM `public`.
    fn openssl_verifies(self, dir: &Path, public: &str, input: &str, signature: &[u8]) -> bool {
        std::fs::write(dir.join("input"), input).unwrap();
        let args: Vec<&str> = match self {
            Family::Ec(curve) => {
                std::fs::write(dir.join("signature"), raw_to_der(signature)).unwrap();
                vec![
                    "dgst",
                    curve.digest,
                    "-verify",
                    public,
                    "-signature",
                    "signature",
                    "input",
                ]
            }
            Family::Ed25519 => {
                std::fs::write(dir.join("signature"), signature).unwrap();
                vec![
                    "pkeyutl",
                    "-verify",
                    "-pubin",
                    "-inkey",
                    public,
                    "-rawin",
                    "-in",
                    "input",
                    "-sigfile",
                    "signature",
                ]
            }
        };
        let status = Command::new("openssl")
            .args(&args)
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        status.success()
    }

    /// OpenSSL's signature over `input` with the private key `file`, in JOSE form.
    fn openssl_signs(self, dir: &Path, file: &str, input: &str) -> Vec<u8> {
        std::fs::write(dir.join("input"), input).unwrap();
        match self {
            Family::Ec(curve) => der_to_raw(
                &openssl(dir, &["dgst", curve.digest, "-sign", file, "input"]),
                curve.size,
            ),
            Family::Ed25519 => openssl(
                dir,
                &["pkeyutl", "-sign", "-inkey", file, "-rawin", "-in", "input"],
            ),
        }
    }
}

/// A key form to import: text or DER, with a passphrase or not.
struct Form {
    label: String,
    text: Option<String>,
    der: Option<Vec<u8>>,
    passphrase: Option<&'static str>,
    /// The SPKI DER that OpenSSL derives from the same key.
    spki: Vec<u8>,
    /// The SPKI PEM file OpenSSL verifies with.
    public_file: String,
}

impl Form {
    fn import(&self) -> Key {
        let options = self.passphrase.map(with_passphrase).unwrap_or_default();
        let result = match (&self.text, &self.der) {
            (Some(text), _) => Key::from_text(text, &options),
            (None, Some(der)) => Key::from_der(der, &options),
            (None, None) => unreachable!(),
        };
        result.unwrap_or_else(|error| panic!("{}: {} {error}", self.label, error.code()))
    }
}

const PASSPHRASE: &str = "correct horse battery staple";

/// Every private form of one key (and, for EC, of one `ecparam -genkey` key), each with the
/// public key OpenSSL derives from it.
fn private_forms(family: Family, dir: &Path) -> Vec<Form> {
    let spki = family.generate(dir);
    let read = |file: &str| std::fs::read_to_string(dir.join(file)).unwrap();
    let pkcs8 = read("key.pem");
    let form = |label: &str, text: Option<String>, der: Option<Vec<u8>>, passphrase| Form {
        label: format!("{} {label}", family.crv()),
        text,
        der,
        passphrase,
        spki: spki.clone(),
        public_file: "public.pem".into(),
    };
    let pass = format!("pass:{PASSPHRASE}");
    let topk8 = |extra: &[&str]| {
        let mut args = vec!["pkcs8", "-topk8", "-in", "key.pem"];
        args.extend_from_slice(extra);
        openssl(dir, &args)
    };
    // A PKCS#12 file's key, as `openssl pkcs12 -nodes` prints it: Bag Attributes, then the PEM.
    openssl(
        dir,
        &[
            "pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-passout", "pass:p12", "-out",
            "key.p12",
        ],
    );
    let bagged = openssl_text(
        dir,
        &[
            "pkcs12", "-in", "key.p12", "-nodes", "-nocerts", "-passin", "pass:p12",
        ],
    );
    assert!(bagged.starts_with("Bag Attributes"), "{bagged}");
    let mut forms = vec![
        form("PKCS#8 PEM (genpkey)", Some(pkcs8.clone()), None, None),
        form(
            "PKCS#8 DER",
            None,
            Some(topk8(&["-nocrypt", "-outform", "DER"])),
            None,
        ),
        form(
            "encrypted PKCS#8 PEM",
            Some(String::from_utf8(topk8(&["-v2", "aes-256-cbc", "-passout", &pass])).unwrap()),
            None,
            Some(PASSPHRASE),
        ),
        form(
            "encrypted PKCS#8 DER",
            None,
            Some(topk8(&[
                "-v2",
                "aes-256-cbc",
                "-passout",
                &pass,
                "-outform",
                "DER",
            ])),
            Some(PASSPHRASE),
        ),
        form(
            "PKCS#8 PEM with \\n escapes",
            Some(pkcs8.replace('\n', "\\n")),
            None,
            None,
        ),
        form(
            "PKCS#8 PEM as a JSON string's contents",
            Some(
                serde_json::to_string(&pkcs8)
                    .unwrap()
                    .trim_matches('"')
                    .to_owned(),
            ),
            None,
            None,
        ),
        form(
            "PKCS#8 PEM with CRLF",
            Some(pkcs8.replace('\n', "\r\n")),
            None,
            None,
        ),
        form(
            "PKCS#8 PEM indented",
            Some(pkcs8.lines().map(|line| format!("    {line}\n")).collect()),
            None,
            None,
        ),
        form(
            "PKCS#8 PEM after Bag Attributes (pkcs12 -nodes)",
            Some(bagged),
            None,
            None,
        ),
    ];
    if let Family::Ec(curve) = family {
        let sec1 = openssl_text(dir, &["ec", "-in", "key.pem"]);
        assert!(sec1.starts_with("-----BEGIN EC PRIVATE KEY-----"), "{sec1}");
        forms.push(form("SEC1 PEM (openssl ec)", Some(sec1.clone()), None, None));
        forms.push(form(
            "SEC1 PEM with CRLF",
            Some(sec1.replace('\n', "\r\n")),
            None,
            None,
        ));
        forms.push(form(
            "SEC1 DER",
            None,
            Some(openssl(dir, &["ec", "-in", "key.pem", "-outform", "DER"])),
            None,
        ));
        forms.push(form(
            "SEC1 PEM without its public key (-no_public)",
            Some(openssl_text(dir, &["ec", "-in", "key.pem", "-no_public"])),
            None,
            None,
        ));
        forms.push(form(
            "SEC1 DER without its public key",
            None,
            Some(openssl(
                dir,
                &["ec", "-in", "key.pem", "-no_public", "-outform", "DER"],
            )),
            None,
        ));
        // `ecparam -genkey`: EC PARAMETERS, then EC PRIVATE KEY; a key of its own.
        openssl(
            dir,
            &[
                "ecparam",
                "-name",
                curve.openssl,
                "-genkey",
                "-out",
                "ecparam.pem",
            ],
        );
        openssl(
            dir,
            &["pkey", "-in", "ecparam.pem", "-pubout", "-out", "ecparam.pub.pem"],
        );
        let text = read("ecparam.pem");
        assert!(text.starts_with("-----BEGIN EC PARAMETERS-----"), "{text}");
        forms.push(Form {
            label: format!(
                "{} ecparam -genkey (EC PARAMETERS, then EC PRIVATE KEY)",
                curve.crv
            ),
            text: Some(text),
            der: None,
            passphrase: None,
            spki: openssl(dir, &["pkey", "-in", "ecparam.pem", "-pubout", "-outform", "DER"]),
            public_file: "ecparam.pub.pem".into(),
        });
    }
    // The private JWK node exports from the same key, alone and as a one-key JWKS.
    let private_jwk = node_jwk(dir, "key.pem", true);
    assert!(private_jwk.get("d").is_some());
    forms.push(form(
        "private JWK (node)",
        Some(private_jwk.to_string()),
        None,
        None,
    ));
    forms.push(form(
        "private JWK in a JWKS",
        Some(json!({"keys": [private_jwk]}).to_string()),
        None,
        None,
    ));
    forms
}

#[test]
fn every_private_form_openssl_writes_imports_and_signs_what_openssl_verifies() {
    for family in Family::ALL {
        let dir = common::temp_dir();
        let forms = private_forms(family, dir.path());
        assert!(forms.len() >= 10);
        for form in &forms {
            let key = form.import();
            let label = &form.label;
            assert_eq!(key.kind(), KeyKind::Private, "{label}");
            assert_eq!(key.curve(), Some(family.crv()), "{label}");
            assert_eq!(key.algorithms(), [family.alg().name()], "{label}");
            assert_eq!(
                key.public_der().unwrap(),
                form.spki,
                "{label}: not the key OpenSSL read"
            );
            let input = format!("eyJhbGciOiJ{}.eyJzdWIiOiJvcGVuc3NsIn0", family.alg());
            let signature = unb64(&sign_jws_input(&key, family.alg(), &input).unwrap());
            assert!(
                family.openssl_verifies(dir.path(), &form.public_file, &input, &signature),
                "{label}: OpenSSL refused our signature"
            );
            // And OpenSSL's check is a real one: a changed signature fails it.
            assert!(
                !family.openssl_verifies(dir.path(), &form.public_file, &input, &flipped(&signature, 9)),
                "{label}"
            );
        }
    }
}

/// Every public form of one key, and the private PKCS#8 file it came from.
fn public_forms(family: Family, dir: &Path) -> (Vec<Form>, Vec<u8>) {
    let spki = family.generate(dir);
    let form = |label: &str, text: Option<String>, der: Option<Vec<u8>>| Form {
        label: format!("{} {label}", family.crv()),
        text,
        der,
        passphrase: None,
        spki: spki.clone(),
        public_file: "public.pem".into(),
    };
    let pem = std::fs::read_to_string(dir.join("public.pem")).unwrap();
    let certificate = std::fs::read_to_string(dir.join("cert.pem")).unwrap();
    let public_jwk = node_jwk(dir, "public.pem", false);
    assert!(public_jwk.get("d").is_none());
    let mut forms = vec![
        form("SPKI PEM", Some(pem.clone()), None),
        form(
            "SPKI PEM with CRLF and indented",
            Some(pem.lines().map(|line| format!("  {line}\r\n")).collect()),
            None,
        ),
        form("SPKI PEM with \\n escapes", Some(pem.replace('\n', "\\n")), None),
        form("SPKI DER", None, Some(spki.clone())),
        form("X.509 certificate PEM", Some(certificate), None),
        form(
            "X.509 certificate DER",
            None,
            Some(openssl(dir, &["x509", "-in", "cert.pem", "-outform", "DER"])),
        ),
        form("public JWK (node)", Some(public_jwk.to_string()), None),
        form(
            "public JWK in a JWKS",
            Some(json!({"keys": [public_jwk]}).to_string()),
            None,
        ),
    ];
    if let Family::Ec(_) = family {
        // A compressed point (02/03 ‖ x), which jwtmint decompresses.
        forms.push(form(
            "SPKI PEM with a compressed point",
            Some(openssl_text(
                dir,
                &["ec", "-in", "key.pem", "-pubout", "-conv_form", "compressed"],
            )),
            None,
        ));
    }
    (forms, spki)
}

#[test]
fn every_public_form_verifies_our_tokens_and_openssls_signatures() {
    for family in Family::ALL {
        let dir = common::temp_dir();
        let (forms, _) = public_forms(family, dir.path());
        let private = text_key(&std::fs::read_to_string(dir.path().join("key.pem")).unwrap());
        let alg = family.alg();
        let input = format!("eyJhbGciOiJ{alg}.eyJzdWIiOiJwdWJsaWMifQ");
        let ours = unb64(&sign_jws_input(&private, alg, &input).unwrap());
        let theirs = family.openssl_signs(dir.path(), "key.pem", &input);
        for form in &forms {
            let key = form.import();
            let label = &form.label;
            assert_eq!(key.kind(), KeyKind::Public, "{label}");
            assert_eq!(key.curve(), Some(family.crv()), "{label}");
            assert_eq!(key.public_der().unwrap(), form.spki, "{label}");
            assert_eq!(
                key.thumbprint().unwrap(),
                private.thumbprint().unwrap(),
                "{label}"
            );
            for (who, signature) in [("ours", &ours), ("OpenSSL's", &theirs)] {
                verify_jws_input(&key, alg, &input, &b64(signature))
                    .unwrap_or_else(|error| panic!("{label}: {who} refused: {error:?}"));
                let error = refused(&key, alg, &input, &flipped(signature, 3));
                assert_eq!(error.code(), "SIGNATURE_INVALID", "{label} {who}");
            }
            let error = sign_jws_input(&key, alg, &input).unwrap_err();
            assert_eq!(error.code(), "KEY_NOT_PRIVATE", "{label}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Keys refused
// ---------------------------------------------------------------------------------------------

fn assert_refused(label: &str, result: jwtmint::Result<Key>, code: &str, words: &[&str]) {
    let error = match result {
        Ok(key) => panic!("{label}: imported as {key:?}, wanted {code}"),
        Err(error) => error,
    };
    assert_eq!(error.code(), code, "{label}: {error}");
    let message = error.to_string();
    for word in words {
        assert!(
            message.contains(word),
            "{label}: {message:?} does not say {word:?}"
        );
    }
}

#[test]
fn other_curves_are_refused_by_name_in_every_form() {
    let dir = common::temp_dir();
    let dir = dir.path();
    let mut cases: Vec<(String, String, &str)> = Vec::new();
    for (curve, name) in [("secp256k1", "secp256k1"), ("brainpoolP256r1", "brainpoolP256r1")] {
        let sec1 = openssl_text(dir, &["ecparam", "-name", curve, "-genkey"]);
        std::fs::write(dir.join("other.pem"), &sec1).unwrap();
        cases.push((format!("{curve} ecparam -genkey"), sec1, name));
        cases.push((
            format!("{curve} SEC1 without EC PARAMETERS"),
            openssl_text(dir, &["ec", "-in", "other.pem"]),
            name,
        ));
        cases.push((
            format!("{curve} PKCS#8"),
            openssl_text(dir, &["pkey", "-in", "other.pem"]),
            name,
        ));
        cases.push((
            format!("{curve} SPKI"),
            openssl_text(dir, &["pkey", "-in", "other.pem", "-pubout"]),
            name,
        ));
    }
    for algorithm in ["ed448", "x25519", "x448"] {
        let pem = openssl_text(dir, &["genpkey", "-algorithm", algorithm]);
        std::fs::write(dir.join("other.pem"), &pem).unwrap();
        let name = match algorithm {
            "ed448" => "Ed448",
            "x25519" => "X25519",
            _ => "X448",
        };
        cases.push((format!("{algorithm} PKCS#8"), pem, name));
        cases.push((
            format!("{algorithm} SPKI"),
            openssl_text(dir, &["pkey", "-in", "other.pem", "-pubout"]),
            name,
        ));
        cases.push((
            format!("{algorithm} private JWK (node)"),
            node_jwk(dir, "other.pem", true).to_string(),
            name,
        ));
        cases.push((
            format!("{algorithm} public JWK (node)"),
            node_jwk(dir, "other.pem", false).to_string(),
            name,
        ));
    }
    let secp256k1 = openssl_text(
        dir,
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:secp256k1",
        ],
    );
    std::fs::write(dir.join("other.pem"), secp256k1).unwrap();
    cases.push((
        "secp256k1 private JWK (node)".into(),
        node_jwk(dir, "other.pem", true).to_string(),
        "secp256k1",
    ));
    cases.push((
        "secp256k1 public JWK (node)".into(),
        node_jwk(dir, "other.pem", false).to_string(),
        "secp256k1",
    ));
    for (label, text, name) in cases {
        assert_refused(
            &label,
            Key::from_text(&text, &ImportOptions::default()),
            "KEY_UNSUPPORTED",
            &[name],
        );
    }
    for (crv, name) in [
        ("P-192", "P-192"),
        ("brainpoolP256r1", "brainpoolP256r1"),
        ("P-256K", "secp256k1"),
    ] {
        let value = json!({"kty": "EC", "crv": crv, "x": "AAAA", "y": "AAAA"});
        assert_refused(crv, Key::from_jwk(&value), "KEY_UNSUPPORTED", &[name]);
    }
}

#[test]
fn explicit_curve_parameters_are_refused_with_what_to_run() {
    let dir = common::temp_dir();
    let dir = dir.path();
    openssl(
        dir,
        &[
            "ecparam",
            "-name",
            "prime256v1",
            "-param_enc",
            "explicit",
            "-genkey",
            "-out",
            "explicit.pem",
        ],
    );
    let forms = [
        (
            "ecparam -genkey -param_enc explicit",
            std::fs::read_to_string(dir.join("explicit.pem")).unwrap(),
        ),
        (
            "SEC1",
            openssl_text(dir, &["ec", "-in", "explicit.pem", "-param_enc", "explicit"]),
        ),
        (
            "PKCS#8",
            openssl_text(dir, &["pkcs8", "-topk8", "-nocrypt", "-in", "explicit.pem"]),
        ),
        (
            "SPKI",
            openssl_text(
                dir,
                &["ec", "-in", "explicit.pem", "-param_enc", "explicit", "-pubout"],
            ),
        ),
    ];
    for (label, text) in forms {
        assert_refused(
            label,
            Key::from_text(&text, &ImportOptions::default()),
            "KEY_PARSE",
            &["-param_enc named_curve"],
        );
    }
}

/// An uncompressed point's SPKI on P-256, by hand: id-ecPublicKey, prime256v1, the BIT STRING.
fn p256_spki(point: &[u8]) -> Vec<u8> {
    let algorithm = hex("3013 0607 2a8648ce3d0201 0608 2a8648ce3d030107");
    let mut bits = vec![0x03, point.len() as u8 + 1, 0x00];
    bits.extend_from_slice(point);
    let mut spki = vec![0x30, (algorithm.len() + bits.len()) as u8];
    spki.extend(algorithm);
    spki.extend(bits);
    spki
}

#[test]
fn points_off_the_curve_at_infinity_or_of_small_order_are_refused() {
    let good = jwk(rfc7515_p256(false));
    let point = [
        vec![4],
        unb64(rfc7515_p256(false)["x"].as_str().unwrap()),
        unb64(rfc7515_p256(false)["y"].as_str().unwrap()),
    ]
    .concat();
    // The hand-made SPKI is right: it is what jwtmint exports for the point.
    assert_eq!(p256_spki(&point), good.public_der().unwrap());
    Key::from_der(&p256_spki(&point), &ImportOptions::default()).unwrap();

    let off = flipped(&point, 8 * 64); // y's last byte
    assert_refused(
        "SPKI, point off P-256",
        Key::from_der(&p256_spki(&off), &ImportOptions::default()),
        "KEY_PARSE",
        &["not a point on P-256"],
    );
    let mut off_jwk = rfc7515_p256(false);
    off_jwk["y"] = b64(&off[33..]).into();
    assert_refused(
        "JWK, point off P-256",
        Key::from_jwk(&off_jwk),
        "KEY_PARSE",
        &["not a point on P-256"],
    );
    let mut off_private = rfc7515_p256(true);
    off_private["y"] = b64(&off[33..]).into();
    assert_refused(
        "private JWK, point off P-256",
        Key::from_jwk(&off_private),
        "KEY_PARSE",
        &["P-256"],
    );
    // (0, 0) is not on P-256 either (b ≠ 0).
    let zeros = json!({"kty": "EC", "crv": "P-256", "x": b64(&[0; 32]), "y": b64(&[0; 32])});
    assert_refused(
        "JWK (0, 0)",
        Key::from_jwk(&zeros),
        "KEY_PARSE",
        &["not a point on P-256"],
    );
    // A P-384 point named P-256: the lengths differ.
    let p384 = RFC6979[1].jwk(false);
    let mut renamed = p384.clone();
    renamed["crv"] = "P-256".into();
    assert_refused(
        "P-384 point as P-256",
        Key::from_jwk(&renamed),
        "KEY_PARSE",
        &["\"x\""],
    );

    assert_refused(
        "SPKI, point at infinity",
        Key::from_der(&p256_spki(&[0]), &ImportOptions::default()),
        "KEY_PARSE",
        &["infinity"],
    );
    let uncompressed_zeros = [vec![4], vec![0; 64]].concat();
    assert_refused(
        "SPKI, 04 ‖ zeros",
        Key::from_der(&p256_spki(&uncompressed_zeros), &ImportOptions::default()),
        "KEY_PARSE",
        &["P-256"],
    );

    // Ed25519: the identity (01 00 … 00) and other points of small order make signatures anyone
    // can forge; a y that does not decode is no point.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let okp = |x: &[u8]| json!({"kty": "OKP", "crv": "Ed25519", "x": b64(x)});
    assert_refused(
        "Ed25519 identity",
        Key::from_jwk(&okp(&identity)),
        "KEY_PARSE",
        &["small order"],
    );
    let mut order_two = [0u8; 32];
    order_two[0] = 0xec;
    order_two[1..31].fill(0xff);
    order_two[31] = 0x7f; // y = p − 1, the point (0, −1) of order 2
    assert_refused(
        "Ed25519 order 2",
        Key::from_jwk(&okp(&order_two)),
        "KEY_PARSE",
        &["small order"],
    );
    assert_refused(
        "Ed25519 31 bytes",
        Key::from_jwk(&okp(&[9; 31])),
        "KEY_PARSE",
        &["32"],
    );
}

#[test]
fn parts_of_two_keys_and_impossible_scalars_are_refused() {
    // d of RFC 7515's key with x, y of RFC 6979's.
    let mut mixed = RFC6979[0].jwk(false);
    mixed["d"] = rfc7515_p256(true)["d"].clone();
    assert_refused(
        "EC JWK, x/y of another key",
        Key::from_jwk(&mixed),
        "KEY_PARSE",
        &["does not match"],
    );
    let mut mixed = rfc8037_key(true);
    let dir = common::temp_dir();
    Family::Ed25519.genpkey(dir.path(), "other.pem");
    let other_x = node_jwk(dir.path(), "other.pem", false)["x"].clone();
    mixed["x"] = other_x;
    assert_refused(
        "OKP JWK, x of another key",
        Key::from_jwk(&mixed),
        "KEY_PARSE",
        &["does not match"],
    );

    // d = 0 and d = n are no private keys; d = n − 1 is one.
    for curve in CURVES {
        let order = hex(curve.order);
        let vector = RFC6979
            .iter()
            .find(|vector| vector.curve.crv == curve.crv)
            .unwrap();
        for (label, d) in [("0", vec![0; curve.size]), ("n", order.clone())] {
            let mut key = vector.jwk(false);
            key["d"] = b64(&d).into();
            assert_refused(
                &format!("{} d = {label}", curve.crv),
                Key::from_jwk(&key),
                "KEY_PARSE",
                &["scalar d"],
            );
        }
        let mut too_long = vector.jwk(true);
        too_long["d"] = b64(&[vec![1], hex(vector.x)].concat()).into();
        assert_refused(
            &format!("{} d one byte long", curve.crv),
            Key::from_jwk(&too_long),
            "KEY_PARSE",
            &["\"d\""],
        );
    }
}

#[test]
fn a_key_signs_and_verifies_only_its_own_algorithm() {
    let p256 = jwk(rfc7515_p256(true));
    let p384 = jwk(RFC6979[1].jwk(true));
    let p384_public = jwk(RFC6979[1].jwk(false));
    let ed25519 = jwk(rfc8037_key(true));
    let rsa = common::import("rsa2048.pem");
    let secret = Key::from_secret("a-secret-that-is-long-enough-for-hs256!!", Default::default()).unwrap();
    let cases = [
        ("P-384 key, ES256", &p384, Algorithm::ES256, "ES384"),
        ("P-384 key, ES512", &p384, Algorithm::ES512, "ES384"),
        ("P-384 key, EdDSA", &p384, Algorithm::EdDSA, "ES384"),
        ("P-256 key, ES384", &p256, Algorithm::ES384, "ES256"),
        ("P-256 key, RS256", &p256, Algorithm::RS256, "ES256"),
        ("P-256 key, HS256", &p256, Algorithm::HS256, "ES256"),
        ("Ed25519 key, ES256", &ed25519, Algorithm::ES256, "EdDSA"),
        ("RSA key, ES256", &rsa, Algorithm::ES256, "RS256"),
        ("RSA key, EdDSA", &rsa, Algorithm::EdDSA, "RS256"),
        ("HMAC secret, ES256", &secret, Algorithm::ES256, "HS256"),
        ("HMAC secret, EdDSA", &secret, Algorithm::EdDSA, "HS256"),
    ];
    for (label, key, alg, allowed) in cases {
        let error = sign_jws_input(key, alg, "e30.e30").unwrap_err();
        assert_eq!(error.code(), "KEY_ALG_MISMATCH", "{label}: {error}");
        assert!(error.to_string().contains(allowed), "{label}: {error}");
        let error = verify_jws_input(key, alg, "e30.e30", &b64(&[1; 64])).unwrap_err();
        assert_eq!(error.code(), "KEY_ALG_MISMATCH", "{label} (verify): {error}");
    }
    let error = verify_jws_input(&p384_public, Algorithm::ES256, "e30.e30", &b64(&[1; 64])).unwrap_err();
    assert_eq!(error.code(), "KEY_ALG_MISMATCH");
    // A JWK whose "alg" its curve cannot do is refused at import.
    let mut wrong = rfc7515_p256(true);
    wrong["alg"] = "ES384".into();
    assert_refused(
        "P-256 JWK with alg ES384",
        Key::from_jwk(&wrong),
        "KEY_PARSE",
        &["ES256"],
    );
    wrong["alg"] = "ES256".into();
    assert_eq!(jwk(wrong).algorithms(), ["ES256"]);
}

// ---------------------------------------------------------------------------------------------
// Signatures refused
// ---------------------------------------------------------------------------------------------

#[test]
fn ecdsa_signatures_with_r_or_s_zero_or_not_below_n_are_refused() {
    // CVE-2022-21449 ("psychic signatures"): r = s = 0 verified any message in Java 15–18.
    let public = jwk(rfc7515_p256(false));
    assert_eq!(
        refused(&public, Algorithm::ES256, A3_INPUT, &[0; 64]).code(),
        "SIGNATURE_INVALID"
    );
    assert_eq!(
        refused(&public, Algorithm::ES256, "", &[0; 64]).code(),
        "SIGNATURE_INVALID"
    );
    for vector in &RFC6979 {
        let curve = vector.curve;
        let key = jwk(vector.jwk(false));
        let (message, r, s) = vector.signatures[0];
        let (r, s, n, zero) = (hex(r), hex(s), hex(curve.order), vec![0; curve.size]);
        assert_eq!(n.len(), curve.size);
        verify_jws_input(&key, curve.alg, message, &b64(&[r.clone(), s.clone()].concat())).unwrap();
        // n and n + 1 stand for "not below n" (r + n does not fit in the curve's size).
        let mut n_plus_one = n.clone();
        *n_plus_one.last_mut().unwrap() += 1;
        let cases = [
            ("r = s = 0", [zero.clone(), zero.clone()].concat()),
            ("r = 0", [zero.clone(), s.clone()].concat()),
            ("s = 0", [r.clone(), zero.clone()].concat()),
            ("r = n", [n.clone(), s.clone()].concat()),
            ("s = n", [r.clone(), n.clone()].concat()),
            ("r = s = n", [n.clone(), n.clone()].concat()),
            ("r = n + 1", [n_plus_one.clone(), s.clone()].concat()),
            ("s = n + 1", [r.clone(), n_plus_one].concat()),
            ("r = s = 0xff…", vec![0xff; 2 * curve.size]),
        ];
        for (label, signature) in cases {
            let error = refused(&key, curve.alg, message, &signature);
            assert_eq!(
                error.code(),
                "SIGNATURE_INVALID",
                "{} {label}: {error}",
                curve.crv
            );
        }
    }
}

#[test]
fn ecdsa_signatures_of_the_wrong_length_or_in_der_are_malformed() {
    let dir = common::temp_dir();
    for vector in &RFC6979 {
        let curve = vector.curve;
        let key = jwk(vector.jwk(false));
        let (message, r, s) = vector.signatures[0];
        let raw = [hex(r), hex(s)].concat();
        for length in [0, 1, 2 * curve.size - 1, 2 * curve.size + 1, 4 * curve.size] {
            let signature: Vec<u8> = raw.iter().copied().cycle().take(length).collect();
            let error = refused(&key, curve.alg, message, &signature);
            assert_eq!(error.code(), "TOKEN_MALFORMED", "{} length {length}", curve.crv);
            assert!(
                error.to_string().contains(&format!("exactly {}", 2 * curve.size)),
                "{error}"
            );
        }
        // The same r and s in DER, as OpenSSL and node's default dsaEncoding write them.
        let error = refused(&key, curve.alg, message, &raw_to_der(&raw));
        assert_eq!(error.code(), "TOKEN_MALFORMED", "{}", curve.crv);
        assert!(error.to_string().contains("r‖s"), "{error}");
        assert!(error.to_string().contains("DER"), "{error}");
        // And OpenSSL's own DER signature of a fresh key.
        std::fs::write(
            dir.path().join("key.pem"),
            pkcs8_by_node(&vector.jwk(true), dir.path()),
        )
        .unwrap();
        std::fs::write(dir.path().join("input"), message).unwrap();
        let der = openssl(dir.path(), &["dgst", curve.digest, "-sign", "key.pem", "input"]);
        let error = refused(&key, curve.alg, message, &der);
        assert_eq!(error.code(), "TOKEN_MALFORMED", "{} OpenSSL DER", curve.crv);
        assert!(error.to_string().contains("r‖s"), "{error}");
        verify_jws_input(&key, curve.alg, message, &b64(&der_to_raw(&der, curve.size))).unwrap();
    }
}

/// A private JWK as PKCS#8 PEM, converted by node (so that OpenSSL can sign with the key).
fn pkcs8_by_node(private: &Value, dir: &Path) -> String {
    let script = format!(
        "const c = require('crypto'); process.stdout.write(c.createPrivateKey({{key: {private}, format: 'jwk'}}).export({{type: 'pkcs8', format: 'pem'}}));"
    );
    String::from_utf8(run_in(dir, "node", &["-e", &script], b"")).unwrap()
}

#[test]
fn ed25519_signatures_non_canonical_or_of_the_wrong_length_are_refused() {
    let public = jwk(rfc8037_key(false));
    let signature = unb64(RFC8037_SIGNATURE);
    // S + L (RFC 8032 §5.1.7: S must be below L): the same S modulo L, so a verifier that
    // reduces S would accept it.
    // L = 2^252 + 27742317777372353535851937790883648493, little-endian (curve25519-dalek's
    // BASEPOINT_ORDER).
    let order = hex("edd3f55c1a631258d69cf7a2def9de14 000000000000000000000000000000 10");
    assert_eq!(order.len(), 32);
    let mut malleated = signature.clone();
    let mut carry = 0u16;
    for (byte, add) in malleated[32..].iter_mut().zip(&order) {
        let sum = u16::from(*byte) + u16::from(*add) + carry;
        *byte = sum as u8;
        carry = sum >> 8;
    }
    assert_eq!(carry, 0);
    assert_ne!(malleated, signature);
    let error = refused(&public, Algorithm::EdDSA, RFC8037_INPUT, &malleated);
    assert_eq!(error.code(), "SIGNATURE_INVALID");
    assert_eq!(
        refused(&public, Algorithm::EdDSA, RFC8037_INPUT, &[0; 64]).code(),
        "SIGNATURE_INVALID"
    );
    for length in [0, 32, 63, 65, 128] {
        let changed: Vec<u8> = signature.iter().copied().cycle().take(length).collect();
        let error = refused(&public, Algorithm::EdDSA, RFC8037_INPUT, &changed);
        assert_eq!(error.code(), "TOKEN_MALFORMED", "length {length}");
        assert!(error.to_string().contains("exactly 64"), "{error}");
    }
}

/// Coinbase's CDP hands out Ed25519 API keys as base64 of the 32-byte seed and the 32-byte public
/// key: such text imports as that private key (never as an HMAC secret), signs what OpenSSL
/// verifies, and a pair whose halves do not match is no key.
#[test]
fn an_ed25519_seed_and_public_key_in_base64_is_that_private_key() {
    let dir = tempfile::tempdir().unwrap();
    openssl(
        dir.path(),
        &["genpkey", "-algorithm", "ed25519", "-out", "key.pem"],
    );
    let private_der = openssl(dir.path(), &["pkey", "-in", "key.pem", "-outform", "DER"]);
    let public_der = openssl(
        dir.path(),
        &["pkey", "-in", "key.pem", "-pubout", "-outform", "DER"],
    );
    openssl(
        dir.path(),
        &["pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem"],
    );
    // PKCS#8 ends with the 32-byte seed; the SPKI with the 32-byte public key.
    let pair = [
        &private_der[private_der.len() - 32..],
        &public_der[public_der.len() - 32..],
    ]
    .concat();
    let text = base64::engine::general_purpose::STANDARD.encode(&pair);
    for form in [text.clone(), format!("{text}\n"), URL_SAFE_NO_PAD.encode(&pair)] {
        let key = text_key(&form);
        assert_eq!(key.algorithms(), ["EdDSA"]);
        let signature = unb64(&sign_jws_input(&key, Algorithm::EdDSA, "a.b").unwrap());
        std::fs::write(dir.path().join("signature"), &signature).unwrap();
        std::fs::write(dir.path().join("input"), "a.b").unwrap();
        openssl(
            dir.path(),
            &[
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                "pub.pem",
                "-rawin",
                "-in",
                "input",
                "-sigfile",
                "signature",
            ],
        );
        // The string key of sign() is this key, not an HMAC secret made of its text.
        let either = Key::from_text_or_secret(&form, &ImportOptions::default()).unwrap();
        assert_eq!(either.algorithms(), ["EdDSA"]);
    }
    let as_secret = Key::from_secret(&text, jwtmint::SecretEncoding::Base64).unwrap_err();
    assert_eq!(as_secret.code(), "SECRET_IS_KEY");
    // Halves of two keys: 64 random-looking bytes, a secret like any other.
    let mut mixed = pair.clone();
    mixed[40] ^= 1;
    let mixed = base64::engine::general_purpose::STANDARD.encode(&mixed);
    assert_eq!(
        Key::from_text(&mixed, &ImportOptions::default())
            .unwrap_err()
            .code(),
        "KEY_PARSE"
    );
    assert_eq!(
        Key::from_text_or_secret(&mixed, &ImportOptions::default())
            .unwrap()
            .algorithms()
            .len(),
        3
    );
}

/// Keys as people copy them out of other files just work: a SEC1 key after its EC PARAMETERS
/// block, a key with literal `\n` on one line, and a key inside a JSON string with its quotes.
#[test]
fn ec_keys_as_copied_from_other_files_import() {
    let dir = tempfile::tempdir().unwrap();
    let sec1 = openssl_text(dir.path(), &["ecparam", "-name", "prime256v1", "-genkey"]);
    assert!(sec1.contains("BEGIN EC PARAMETERS") && sec1.contains("BEGIN EC PRIVATE KEY"));
    let key_only = &sec1[sec1.find("-----BEGIN EC PRIVATE KEY").unwrap()..];
    let one_line = key_only.trim_end().replace('\n', "\\n");
    let json_string = serde_json::to_string(key_only).unwrap();
    let reference = text_key(key_only).public_pem().unwrap();
    for (form, text) in [
        ("with EC PARAMETERS", sec1.clone()),
        ("literal \\n", one_line),
        ("JSON string", json_string),
    ] {
        let key = Key::from_text(&text, &ImportOptions::default())
            .unwrap_or_else(|error| panic!("{form}: {error}"));
        assert_eq!(key.public_pem().unwrap(), reference, "{form}");
        assert_eq!(key.algorithms(), ["ES256"], "{form}");
    }
}
