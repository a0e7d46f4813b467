//! EdDSA for JWS (RFC 8037 §3.1) with Ed25519 (RFC 8032 §5.1), on `ed25519-dalek`.
//!
//! - Signing is deterministic by definition; every signature is checked with the public key
//!   before it is returned, as for the other families.
//! - Verification is `verify_strict`: RFC 8032 §5.1.7's checks (a canonical `S` below the group
//!   order), the cofactorless equation `[S]B = R + [k]A`, and refusal of small-order `A` and `R`
//!   (DESIGN.md, "Which Ed25519 verification rule?").

use crate::error::{Error, Result};
use ed25519_dalek::{Signer, SIGNATURE_LENGTH};

/// An Ed25519 public key, with where it came from, for messages.
#[derive(Clone)]
pub(crate) struct EdPublic {
    key: ed25519_dalek::VerifyingKey,
    pub(crate) found: &'static str,
}

/// An Ed25519 private key (the 32-byte seed of RFC 8032; dalek wipes it when dropped).
#[derive(Clone)]
pub(crate) struct EdPrivate {
    pub(crate) public: EdPublic,
    key: ed25519_dalek::SigningKey,
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
        let seed: &[u8; 32] = seed.try_into().map_err(|_| {
            Error::key_parse(format!(
                "the Ed25519 private key is {} bytes; it is exactly 32 (RFC 8032's seed)",
                seed.len()
            ))
        })?;
        let key = ed25519_dalek::SigningKey::from_bytes(seed);
        let derived = EdPublic {
            key: key.verifying_key(),
            found: "",
        };
        if let Some(given) = public {
            if given.key != derived.key {
                return Err(Error::key_parse(
                    "the Ed25519 private key's public key does not match it: the key is damaged or its parts come from two keys",
                ));
            }
        }
        Ok(EdPrivate { public: derived, key })
    }

    /// Signs `input` and checks the signature with the public key before returning it.
    pub(crate) fn sign(&self, input: &[u8]) -> Result<Vec<u8>> {
        let signature = self.key.sign(input);
        self.public
            .key
            .verify_strict(input, &signature)
            .map_err(|_| Error::Crypto {
                detail: "the EdDSA signature failed its own check; nothing was released".into(),
            })?;
        Ok(signature.to_bytes().to_vec())
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
