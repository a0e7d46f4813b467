//! ECDSA for JWS (RFC 7518 §3.4): ES256 (P-256, SHA-256), ES384 (P-384, SHA-384), ES512 (P-521,
//! SHA-512), on the RustCrypto curve crates (`p256`, `p384`, `p521`; DESIGN.md, "Which code does
//! the curve arithmetic?").
//!
//! - Nonces are deterministic (RFC 6979): the same key and input give the same signature, and no
//!   random number generator can weaken the key (DESIGN.md says why not hedged).
//! - Every signature is checked with the public key before it is returned, so a fault in the
//!   private-key arithmetic never releases a signature that could leak the key.
//! - Signatures are JOSE's raw `r‖s`, each of the curve's fixed length. A verifier refuses any
//!   other length (a DER signature with a message saying so), and `r` or `s` that is 0 or not
//!   below the group order (CVE-2022-21449).

use crate::alg::{Algorithm, Hash};
use crate::error::{Error, Result};
use ecdsa::signature::hazmat::PrehashVerifier;
use zeroize::Zeroizing;

mod rfc6979;
mod table;

/// A curve jwtmint signs with ECDSA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    /// Every curve, in the order they are listed to users.
    pub(crate) const ALL: [Curve; 3] = [Curve::P256, Curve::P384, Curve::P521];

    /// The JWK `crv` (RFC 7518 §6.2.1.1), which is also how messages name the curve.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    /// The one algorithm a key on this curve signs (RFC 7518 §3.4).
    pub(crate) fn alg(self) -> Algorithm {
        match self {
            Curve::P256 => Algorithm::ES256,
            Curve::P384 => Algorithm::ES384,
            Curve::P521 => Algorithm::ES512,
        }
    }

    /// The length of a coordinate, a scalar, and each half of a signature, in bytes.
    pub(crate) fn size(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    /// The size of the group in bits, as `bits` reports it.
    pub(crate) fn bits(self) -> usize {
        match self {
            Curve::P256 => 256,
            Curve::P384 => 384,
            Curve::P521 => 521,
        }
    }

    /// The named curve's OID (RFC 5480 §2.1.1.1) as DER contents.
    pub(crate) fn oid(self) -> &'static [u8] {
        match self {
            Curve::P256 => &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
            Curve::P384 => &[0x2b, 0x81, 0x04, 0x00, 0x22],
            Curve::P521 => &[0x2b, 0x81, 0x04, 0x00, 0x23],
        }
    }

    /// The curve of a named-curve OID.
    pub(crate) fn from_oid(oid: &[u8]) -> Option<Curve> {
        Curve::ALL.into_iter().find(|curve| curve.oid() == oid)
    }

    /// The curve of a JWK `crv`, exactly as RFC 7518 spells it.
    pub(crate) fn from_name(name: &str) -> Option<Curve> {
        Curve::ALL.into_iter().find(|curve| curve.name() == name)
    }

    fn hash(self) -> Hash {
        self.alg().hash()
    }

    /// The group order n, big-endian in `size()` bytes.
    fn order(self) -> &'static [u8] {
        match self {
            Curve::P256 => &P256_ORDER,
            Curve::P384 => &P384_ORDER,
            Curve::P521 => &P521_ORDER,
        }
    }
}

/// The group orders (SEC 2 §2.4.2, §2.5.1, §2.6.1), big-endian.
#[rustfmt::skip]
const P256_ORDER: [u8; 32] = [0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51];
#[rustfmt::skip]
const P384_ORDER: [u8; 48] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf, 0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73];
#[rustfmt::skip]
const P521_ORDER: [u8; 66] = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfa, 0x51, 0x86, 0x87, 0x83, 0xbf, 0x2f, 0x96, 0x6b, 0x7f, 0xcc, 0x01, 0x48, 0xf7, 0x09, 0xa5, 0xd0, 0x3b, 0xb5, 0xc9, 0xb8, 0x89, 0x9c, 0x47, 0xae, 0xbb, 0x6f, 0xb7, 0x1e, 0x91, 0x38, 0x64, 0x09];

/// The verifier of one curve, built once from the public point.
#[derive(Clone)]
enum Verifier {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    P521(p521::ecdsa::VerifyingKey),
}

/// The signer of one curve; the crates wipe the scalar when it is dropped.
#[derive(Clone)]
enum Signer {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    P521(p521::ecdsa::SigningKey),
}

/// The table of a key's point (`table.rs`), per curve.
#[derive(Clone)]
enum Tables {
    P256(table::PointTable<p256::NistP256>),
    P384(table::PointTable<p384::NistP384>),
    P521(table::PointTable<p521::NistP521>),
}

/// An EC public key: its curve, its point (SEC1 uncompressed, `04 ‖ x ‖ y`), the verifier, and
/// where the key came from, for messages. From its second verification on (a private key's:
/// from its first signature), it verifies with a table of its point, built then (`table.rs`).
pub(crate) struct EcPublic {
    pub(crate) curve: Curve,
    point: Vec<u8>,
    verifier: Verifier,
    pub(crate) found: &'static str,
    table: std::sync::OnceLock<Box<Tables>>,
    /// Verifications so far, up to 2.
    uses: std::sync::atomic::AtomicU8,
}

impl Clone for EcPublic {
    fn clone(&self) -> Self {
        EcPublic {
            curve: self.curve,
            point: self.point.clone(),
            verifier: self.verifier.clone(),
            found: self.found,
            table: self.table.clone(),
            uses: std::sync::atomic::AtomicU8::new(self.uses.load(std::sync::atomic::Ordering::Relaxed)),
        }
    }
}

/// Why a point was refused, for the key readers' messages.
fn bad_point(curve: Curve) -> Error {
    Error::key_parse(format!(
        "the EC public key is not a point on {}: it is damaged, or belongs to another curve",
        curve.name()
    ))
}

impl EcPublic {
    /// From a SEC1 point, uncompressed (`04 ‖ x ‖ y`) or compressed (`02`/`03 ‖ x`). A point that
    /// is not on the curve, the point at infinity, and coordinates not below the field prime are
    /// refused.
    pub(crate) fn from_sec1(curve: Curve, bytes: &[u8], found: &'static str) -> Result<EcPublic> {
        let expected = match bytes.first() {
            Some(0x04) => 1 + 2 * curve.size(),
            Some(0x02 | 0x03) => 1 + curve.size(),
            Some(0x00) => {
                return Err(Error::key_parse(
                    "the EC public key is the point at infinity, which no private key has",
                ))
            }
            _ => return Err(bad_point(curve)),
        };
        if bytes.len() != expected {
            return Err(Error::key_parse(format!(
                "the EC public point is {} bytes; a {} point is {} bytes uncompressed or {} compressed",
                bytes.len(),
                curve.name(),
                1 + 2 * curve.size(),
                1 + curve.size()
            )));
        }
        let verifier = match curve {
            Curve::P256 => p256::ecdsa::VerifyingKey::from_sec1_bytes(bytes).map(Verifier::P256),
            Curve::P384 => p384::ecdsa::VerifyingKey::from_sec1_bytes(bytes).map(Verifier::P384),
            Curve::P521 => p521::ecdsa::VerifyingKey::from_sec1_bytes(bytes).map(Verifier::P521),
        }
        .map_err(|_| bad_point(curve))?;
        Ok(EcPublic::from_verifier(curve, verifier, found))
    }

    /// From the coordinates of a JWK, each exactly the curve's size.
    pub(crate) fn from_coordinates(
        curve: Curve,
        x: &[u8],
        y: &[u8],
        found: &'static str,
    ) -> Result<EcPublic> {
        let mut point = Vec::with_capacity(1 + 2 * curve.size());
        point.push(0x04);
        point.extend_from_slice(x);
        point.extend_from_slice(y);
        EcPublic::from_sec1(curve, &point, found)
    }

    fn from_verifier(curve: Curve, verifier: Verifier, found: &'static str) -> EcPublic {
        let point = match &verifier {
            Verifier::P256(key) => key.to_sec1_point(false).as_bytes().to_vec(),
            Verifier::P384(key) => key.to_sec1_point(false).as_bytes().to_vec(),
            Verifier::P521(key) => key.to_sec1_point(false).as_bytes().to_vec(),
        };
        EcPublic {
            curve,
            point,
            verifier,
            found,
            table: std::sync::OnceLock::new(),
            uses: std::sync::atomic::AtomicU8::new(0),
        }
    }

    /// The point, SEC1 uncompressed: `04 ‖ x ‖ y`.
    pub(crate) fn point(&self) -> &[u8] {
        &self.point
    }

    /// The x coordinate, the curve's size in bytes.
    pub(crate) fn x(&self) -> &[u8] {
        self.point.get(1..1 + self.curve.size()).unwrap_or_default()
    }

    /// The y coordinate, the curve's size in bytes.
    pub(crate) fn y(&self) -> &[u8] {
        self.point.get(1 + self.curve.size()..).unwrap_or_default()
    }

    /// Checks a JOSE signature (`r ‖ s`) over an already hashed input.
    fn verify_hashed(&self, hashed: &[u8], signature: &[u8]) -> Result<()> {
        let expected = 2 * self.curve.size();
        if signature.len() != expected {
            return Err(wrong_length(self.curve, signature));
        }
        use std::sync::atomic::Ordering;
        let tabled = self.uses.load(Ordering::Relaxed) >= 1;
        if !tabled {
            self.uses.store(1, Ordering::Relaxed);
        }
        let valid = if tabled {
            self.verify_with_table(hashed, signature)
        } else {
            self.verify_with_crate(hashed, signature)
        };
        if valid {
            Ok(())
        } else {
            Err(Error::SignatureInvalid)
        }
    }

    /// `ecdsa::hazmat::verify_prehashed`: the crate's own verifier.
    fn verify_with_crate(&self, hashed: &[u8], signature: &[u8]) -> bool {
        match &self.verifier {
            Verifier::P256(key) => p256::ecdsa::Signature::from_slice(signature)
                .and_then(|signature| key.verify_prehash(hashed, &signature))
                .is_ok(),
            Verifier::P384(key) => p384::ecdsa::Signature::from_slice(signature)
                .and_then(|signature| key.verify_prehash(hashed, &signature))
                .is_ok(),
            Verifier::P521(key) => p521::ecdsa::Signature::from_slice(signature)
                .and_then(|signature| key.verify_prehash(hashed, &signature))
                .is_ok(),
        }
    }

    /// The same check with the key's table (built at the first call).
    fn verify_with_table(&self, hashed: &[u8], signature: &[u8]) -> bool {
        let tables = self.table.get_or_init(|| {
            Box::new(match &self.verifier {
                Verifier::P256(key) => Tables::P256(table::PointTable::new(key.as_affine().into())),
                Verifier::P384(key) => Tables::P384(table::PointTable::new(key.as_affine().into())),
                Verifier::P521(key) => Tables::P521(table::PointTable::new(key.as_affine().into())),
            })
        });
        match tables.as_ref() {
            Tables::P256(points) => p256::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|signature| table::verify(points, hashed, &signature)),
            Tables::P384(points) => p384::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|signature| table::verify(points, hashed, &signature)),
            Tables::P521(points) => p521::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|signature| table::verify(points, hashed, &signature)),
        }
    }
}

/// The refusal of a signature of the wrong length: one that is DER (`30 len 02 …`) gets a message
/// that says JOSE uses raw `r‖s`.
fn wrong_length(curve: Curve, signature: &[u8]) -> Error {
    let alg = curve.alg();
    let expected = 2 * curve.size();
    let der = matches!(signature, [0x30, len, 0x02, ..] if usize::from(*len) + 2 == signature.len())
        || matches!(signature, [0x30, 0x81, len, 0x02, ..] if usize::from(*len) + 3 == signature.len());
    if der {
        Error::malformed(format!(
            "the {alg} signature is {} bytes of DER (an ASN.1 SEQUENCE of r and s); JOSE signatures are the raw r‖s, {expected} bytes: convert the signer's output (e.g. dsaEncoding: \"ieee-p1363\" in node:crypto)",
            signature.len()
        ))
    } else {
        Error::malformed(format!(
            "the {alg} signature is {} bytes; a {} signature is exactly {expected} bytes (r‖s)",
            signature.len(),
            curve.name()
        ))
    }
}

/// An EC private key: the signer and its public half, which checks every signature.
#[derive(Clone)]
pub(crate) struct EcPrivate {
    pub(crate) public: EcPublic,
    signer: Signer,
    /// The scalar d, big-endian in the curve's size: RFC 6979's `int2octets(x)`.
    d: Zeroizing<Vec<u8>>,
}

impl EcPrivate {
    /// From the private scalar `d` (big-endian, at most the curve's size; shorter is padded with
    /// zeros, as some writers drop leading zeros) and, when the file has it, its public point,
    /// which must be `d·G`.
    pub(crate) fn from_scalar(curve: Curve, d: &[u8], public: Option<&EcPublic>) -> Result<EcPrivate> {
        let size = curve.size();
        let digits = d.iter().skip_while(|&&byte| byte == 0).count();
        if digits > size {
            return Err(Error::key_parse(format!(
                "the EC private key's scalar d is {} bytes, longer than {}'s {size}; the key is damaged or for another curve",
                d.len(),
                curve.name()
            )));
        }
        let mut padded = Zeroizing::new(vec![0u8; size]);
        let start = size - digits;
        if let (Some(to), Some(from)) = (padded.get_mut(start..), d.get(d.len() - digits..)) {
            to.copy_from_slice(from);
        }
        let out_of_range = || {
            Error::key_parse(format!(
                "the EC private key's scalar d is 0 or not below {}'s group order, so it is no private key",
                curve.name()
            ))
        };
        let signer = match curve {
            Curve::P256 => p256::ecdsa::SigningKey::from_slice(&padded).map(Signer::P256),
            Curve::P384 => p384::ecdsa::SigningKey::from_slice(&padded).map(Signer::P384),
            Curve::P521 => p521::ecdsa::SigningKey::from_slice(&padded).map(Signer::P521),
        }
        .map_err(|_| out_of_range())?;
        let verifier = match &signer {
            Signer::P256(key) => Verifier::P256(*key.verifying_key()),
            Signer::P384(key) => Verifier::P384(*key.verifying_key()),
            Signer::P521(key) => Verifier::P521(*key.verifying_key()),
        };
        let derived = EcPublic::from_verifier(curve, verifier, "");
        // Every signature is checked: the table pays from the first.
        derived.uses.store(1, std::sync::atomic::Ordering::Relaxed);
        if let Some(given) = public {
            if given.curve != curve || given.point != derived.point {
                return Err(Error::key_parse(
                    "the EC private key's public point does not match its scalar d: the key is damaged or its parts come from two keys",
                ));
            }
        }
        Ok(EcPrivate {
            public: derived,
            signer,
            d: padded,
        })
    }

    /// Signs `input`: hashes it, signs with an RFC 6979 nonce, and checks the signature with the
    /// public key before returning `r ‖ s`.
    pub(crate) fn sign(&self, input: &[u8]) -> Result<Vec<u8>> {
        self.sign_hashed(&self.public.curve.hash().digest(input))
    }

    /// Signs a hash of the curve's hash function.
    fn sign_hashed(&self, hashed: &[u8]) -> Result<Vec<u8>> {
        let curve = self.public.curve;
        let mut nonces = rfc6979::Nonces::new(curve.hash(), &self.d, hashed, curve.order(), curve.bits());
        // Another candidate only for k = 0 or k ≥ n, and for r = 0 or s = 0: each has a
        // probability far below 2^-200 for these curves; the bound keeps the loop finite anyway.
        for _ in 0..8 {
            let k = nonces.next();
            let signed = match &self.signer {
                Signer::P256(key) => sign_with::<p256::NistP256>(key.as_nonzero_scalar(), &k, hashed),
                Signer::P384(key) => sign_with::<p384::NistP384>(key.as_nonzero_scalar(), &k, hashed),
                Signer::P521(key) => sign_with::<p521::NistP521>(key.as_nonzero_scalar(), &k, hashed),
            };
            let Some(signature) = signed else { continue };
            self.public
                .verify_hashed(hashed, &signature)
                .map_err(|_| Error::Crypto {
                    detail: "the ECDSA signature failed its own check; nothing was released".into(),
                })?;
            return Ok(signature);
        }
        Err(Error::Crypto {
            detail: "no ECDSA nonce was found".into(),
        })
    }
}

/// One ECDSA signature with the nonce `k` (big-endian), or `None` when `k` is 0 or not below the
/// order, or `r` or `s` is 0 (the caller takes the next nonce).
fn sign_with<C>(d: &elliptic_curve::NonZeroScalar<C>, k: &[u8], hashed: &[u8]) -> Option<Vec<u8>>
where
    C: ecdsa::EcdsaCurve + elliptic_curve::CurveArithmetic,
{
    let bytes = elliptic_curve::FieldBytes::<C>::try_from(k).ok()?;
    let k = Option::<elliptic_curve::NonZeroScalar<C>>::from(elliptic_curve::NonZeroScalar::<C>::from_repr(
        bytes,
    ))?;
    let (signature, _) = ecdsa::hazmat::sign_prehashed::<C>(d, &k, hashed).ok()?;
    Some(signature.to_bytes().to_vec())
}

/// Checks `signature` over `input` (not yet hashed) with an EC public key.
pub(crate) fn verify(public: &EcPublic, input: &[u8], signature: &[u8]) -> Result<()> {
    public.verify_hashed(&public.curve.hash().digest(input), signature)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecdsa::signature::hazmat::PrehashSigner;

    /// Bytes from a fixed-seed xorshift64, so every run checks the same cases.
    fn xorshift(mut state: u64) -> impl FnMut(usize) -> Vec<u8> {
        move |len| {
            (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect()
        }
    }

    /// Our RFC 6979 (on sha2 0.10 and hmac 0.12) against the `ecdsa` crate's deterministic signer
    /// (the `rfc6979` crate on sha2 0.11): byte-identical signatures for 60 keys per curve, with
    /// inputs of every length class, including hashes at or above the P-256 order.
    #[test]
    fn our_nonces_are_the_ecdsa_crates() {
        let mut bytes = xorshift(0x9e37_79b9_7f4a_7c15u64);
        for curve in Curve::ALL {
            for round in 0..60 {
                let mut d = bytes(curve.size());
                if curve == Curve::P521 {
                    d[0] &= 1;
                }
                if round == 0 {
                    d.iter_mut().for_each(|byte| *byte = 0);
                    d[curve.size() - 1] = 1; // d = 1
                }
                let key = EcPrivate::from_scalar(curve, &d, None).unwrap();
                // Round 1 signs a "hash" above every order, so bits2octets must reduce it.
                let hashed = match round {
                    1 => vec![0xff; curve.hash().len()],
                    _ => curve.hash().digest(&bytes(round * 7)),
                };
                let ours = key.sign_hashed(&hashed).unwrap();
                let theirs = match &key.signer {
                    Signer::P256(signer) => {
                        PrehashSigner::<p256::ecdsa::Signature>::sign_prehash(signer, &hashed)
                            .unwrap()
                            .to_bytes()
                            .to_vec()
                    }
                    Signer::P384(signer) => {
                        PrehashSigner::<p384::ecdsa::Signature>::sign_prehash(signer, &hashed)
                            .unwrap()
                            .to_bytes()
                            .to_vec()
                    }
                    Signer::P521(signer) => {
                        PrehashSigner::<p521::ecdsa::Signature>::sign_prehash(signer, &hashed)
                            .unwrap()
                            .to_bytes()
                            .to_vec()
                    }
                };
                assert_eq!(ours, theirs, "{} round {round}", curve.name());
            }
        }
    }

    /// The table verifier (`table.rs`) against the crate's `verify_prehashed`, on valid
    /// signatures and on each of them with r, s or the hash changed, for 40 keys per curve.
    #[test]
    fn the_table_verifier_agrees_with_the_crates() {
        let mut bytes = xorshift(0x2545_f491_4f6c_dd1du64);
        for curve in Curve::ALL {
            let mut agreed = [0usize; 2];
            for round in 0..40 {
                let mut d = bytes(curve.size());
                d[0] &= if curve == Curve::P521 { 1 } else { 0x7f };
                let key = EcPrivate::from_scalar(curve, &d, None).unwrap();
                let public = EcPublic::from_sec1(curve, key.public.point(), "").unwrap();
                let hashed = curve.hash().digest(&bytes(round));
                let signature = key.sign_hashed(&hashed).unwrap();
                let mut cases = vec![(hashed.clone(), signature.clone())];
                for flip in [0, curve.size() - 1, curve.size(), 2 * curve.size() - 1] {
                    let mut changed = signature.clone();
                    changed[flip] ^= 1 << (round % 8);
                    cases.push((hashed.clone(), changed));
                }
                let mut other = hashed.clone();
                let at = round % other.len();
                other[at] ^= 0x80;
                cases.push((other, signature.clone()));
                for (index, (hashed, signature)) in cases.iter().enumerate() {
                    let theirs = public.verify_with_crate(hashed, signature);
                    let ours = public.verify_with_table(hashed, signature);
                    assert_eq!(ours, theirs, "{} round {round} case {index}", curve.name());
                    assert_eq!(theirs, index == 0, "{} round {round} case {index}", curve.name());
                    agreed[usize::from(theirs)] += 1;
                }
            }
            assert_eq!(agreed, [200, 40], "{}", curve.name());
        }
    }

    #[test]
    fn the_orders_are_the_curves() {
        for curve in Curve::ALL {
            assert_eq!(curve.order().len(), curve.size());
            // n − 1 is a valid scalar, n is not.
            let mut below = curve.order().to_vec();
            *below.last_mut().unwrap() -= 1;
            assert!(EcPrivate::from_scalar(curve, &below, None).is_ok());
            assert!(EcPrivate::from_scalar(curve, curve.order(), None).is_err());
        }
    }
}
