//! EdDSA for JWS (RFC 8037 §3.1) with Ed25519 (RFC 8032 §5.1): signing on `curve25519-dalek`'s
//! constant-time base point multiplication with a table built at first use (RFC 8032 §5.1.6,
//! twenty lines), verifying with `ed25519-dalek`.
//!
//! - Signing is deterministic by definition (RFC 8037's example signs byte for byte); every
//!   signature is checked with the public key before it is returned, as for the other families.
//! - Verification is `verify_strict`: RFC 8032 §5.1.7's checks (a canonical `S` below the group
//!   order), the cofactorless equation `[S]B = R + [k]A`, and refusal of small-order `A` and `R`
//!   (DESIGN.md, "Which Ed25519 verification rule?").

use crate::error::{Error, Result};
use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::EdwardsBasepointTable;
use curve25519_dalek::scalar::{clamp_integer, Scalar};
use curve25519_dalek::traits::BasepointTable;
use ed25519_dalek::SIGNATURE_LENGTH;
use sha2::{Digest, Sha512};
use std::sync::OnceLock;
use zeroize::Zeroizing;

/// An Ed25519 public key, with where it came from, for messages.
#[derive(Clone)]
pub(crate) struct EdPublic {
    key: ed25519_dalek::VerifyingKey,
    pub(crate) found: &'static str,
}

/// An Ed25519 private key, expanded from its 32-byte seed (RFC 8032 §5.1.5): the secret scalar
/// and the prefix that derives the nonces, both wiped when dropped.
#[derive(Clone)]
pub(crate) struct EdPrivate {
    pub(crate) public: EdPublic,
    scalar: Zeroizing<Scalar>,
    prefix: Zeroizing<[u8; 32]>,
}

/// Multiples of the base point for signing, built at the first use (about 30 KB, as dalek's
/// `fast` feature would ship them as constants).
fn base() -> &'static EdwardsBasepointTable {
    static TABLE: OnceLock<EdwardsBasepointTable> = OnceLock::new();
    TABLE.get_or_init(|| EdwardsBasepointTable::create(&ED25519_BASEPOINT_POINT))
}

impl EdPublic {
    /// From the 32-byte encoding of RFC 8032 §5.1.2. A point that does not decode, and one of
    /// small order (which would verify signatures anyone can make), are refused.
    pub(crate) fn from_bytes(bytes: &[u8], found: &'static str) -> Result<EdPublic> {
        let bytes: &[u8; 32] = bytes.try_into().map_err(|_| {
            Error::key_parse(format!(
                "the Ed25519 public key is {} bytes; it is exactly 32",
                bytes.len()
            ))
        })?;
        let key = ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| {
            Error::key_parse("the Ed25519 public key is not a point on the curve: it is damaged")
        })?;
        if key.is_weak() {
            return Err(Error::key_parse(
                "the Ed25519 public key is a point of small order, for which anyone can make a valid signature; it is no real key",
            ));
        }
        Ok(EdPublic { key, found })
    }

    /// The 32-byte encoding.
    pub(crate) fn bytes(&self) -> [u8; 32] {
        self.key.to_bytes()
    }
}

impl EdPrivate {
    /// From the 32-byte private key (the seed) and, when the file has it, the public key, which
    /// must be the one the seed gives.
    pub(crate) fn from_seed(seed: &[u8], public: Option<&EdPublic>) -> Result<EdPrivate> {
        if seed.len() != 32 {
            return Err(Error::key_parse(format!(
                "the Ed25519 private key is {} bytes; it is exactly 32 (RFC 8032's seed)",
                seed.len()
            )));
        }
        let hashed = Zeroizing::new(<[u8; 64]>::from(Sha512::digest(seed)));
        let mut low = Zeroizing::new([0u8; 32]);
        let mut prefix = Zeroizing::new([0u8; 32]);
        if let (Some(first), Some(second)) = (hashed.get(..32), hashed.get(32..)) {
            low.copy_from_slice(first);
            prefix.copy_from_slice(second);
        }
        let scalar = Zeroizing::new(Scalar::from_bytes_mod_order(clamp_integer(*low)));
        let point = base().mul_base(&scalar).compress();
        let derived = EdPublic::from_bytes(point.as_bytes(), "")?;
        if let Some(given) = public {
            if given.key != derived.key {
                return Err(Error::key_parse(
                    "the Ed25519 private key's public key does not match it: the key is damaged or its parts come from two keys",
                ));
            }
        }
        Ok(EdPrivate {
            public: derived,
            scalar,
            prefix,
        })
    }

    /// Signs `input` (RFC 8032 §5.1.6) and checks the signature with the public key before
    /// returning it.
    pub(crate) fn sign(&self, input: &[u8]) -> Result<Vec<u8>> {
        let r = Zeroizing::new(Scalar::from_hash(
            Sha512::new().chain_update(*self.prefix).chain_update(input),
        ));
        let big_r = base().mul_base(&r).compress();
        let k = Scalar::from_hash(
            Sha512::new()
                .chain_update(big_r.as_bytes())
                .chain_update(self.public.key.as_bytes())
                .chain_update(input),
        );
        let s = Zeroizing::new(k * *self.scalar + *r);
        let mut signature = Vec::with_capacity(SIGNATURE_LENGTH);
        signature.extend_from_slice(big_r.as_bytes());
        signature.extend_from_slice(s.as_bytes());
        verify(&self.public, input, &signature).map_err(|_| Error::Crypto {
            detail: "the EdDSA signature failed its own check; nothing was released".into(),
        })?;
        Ok(signature)
    }
}

/// Checks a 64-byte Ed25519 signature over `input`.
pub(crate) fn verify(public: &EdPublic, input: &[u8], signature: &[u8]) -> Result<()> {
    let bytes: &[u8; SIGNATURE_LENGTH] = signature.try_into().map_err(|_| {
        Error::malformed(format!(
            "the EdDSA signature is {} bytes; an Ed25519 signature is exactly 64",
            signature.len()
        ))
    })?;
    let signature = ed25519_dalek::Signature::from_bytes(bytes);
    public
        .key
        .verify_strict(input, &signature)
        .map_err(|_| Error::SignatureInvalid)
}
