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
use ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};

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
}

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

/// An EC public key: its curve, its point (SEC1 uncompressed, `04 ‖ x ‖ y`), the verifier, and
/// where the key came from, for messages.
#[derive(Clone)]
pub(crate) struct EcPublic {
    pub(crate) curve: Curve,
    point: Vec<u8>,
    verifier: Verifier,
    pub(crate) found: &'static str,
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
        let valid = match &self.verifier {
            Verifier::P256(key) => p256::ecdsa::Signature::from_slice(signature)
                .and_then(|signature| key.verify_prehash(hashed, &signature)),
            Verifier::P384(key) => p384::ecdsa::Signature::from_slice(signature)
                .and_then(|signature| key.verify_prehash(hashed, &signature)),
            Verifier::P521(key) => p521::ecdsa::Signature::from_slice(signature)
                .and_then(|signature| key.verify_prehash(hashed, &signature)),
        };
        valid.map_err(|_| Error::SignatureInvalid)
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
        let mut padded = zeroize::Zeroizing::new(vec![0u8; size]);
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
        })
    }

    /// Signs `input`: hashes it, signs with an RFC 6979 nonce, and checks the signature with the
    /// public key before returning `r ‖ s`.
    pub(crate) fn sign(&self, input: &[u8]) -> Result<Vec<u8>> {
        let hashed = self.public.curve.hash().digest(input);
        let signed = match &self.signer {
            Signer::P256(key) => PrehashSigner::<p256::ecdsa::Signature>::sign_prehash(key, &hashed)
                .map(|signature| signature.to_bytes().to_vec()),
            Signer::P384(key) => PrehashSigner::<p384::ecdsa::Signature>::sign_prehash(key, &hashed)
                .map(|signature| signature.to_bytes().to_vec()),
            Signer::P521(key) => PrehashSigner::<p521::ecdsa::Signature>::sign_prehash(key, &hashed)
                .map(|signature| signature.to_bytes().to_vec()),
        };
        let signature = signed.map_err(|_| Error::Crypto {
            detail: "the ECDSA signature could not be computed".into(),
        })?;
        self.public
            .verify_hashed(&hashed, &signature)
            .map_err(|_| Error::Crypto {
                detail: "the ECDSA signature failed its own check; nothing was released".into(),
            })?;
        Ok(signature)
    }
}

/// Checks `signature` over `input` (not yet hashed) with an EC public key.
pub(crate) fn verify(public: &EcPublic, input: &[u8], signature: &[u8]) -> Result<()> {
    public.verify_hashed(&public.curve.hash().digest(input), signature)
}
