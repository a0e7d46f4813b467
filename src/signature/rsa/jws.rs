//! RS256/384/512 and PS256/384/512 for a JWS: the key's signer (jwtmint's own, or the `rsa`
//! crate's with the `reference-rsa` feature) and its verifier.
//!
//! RSA signatures are computed with base blinding from fresh randomness, then checked with the
//! public key before they are returned, so a fault in the private-key operation can never release
//! a broken signature (which could leak a prime factor through the CRT).

use super::Failure;
use crate::alg::Algorithm;
#[cfg(feature = "reference-rsa")]
use crate::alg::{Family, Hash};
use crate::error::{Error, Result};
use crate::key::{Material, RsaPrivate};
#[cfg(feature = "reference-rsa")]
use sha2::{Sha256, Sha384, Sha512};

#[cfg(feature = "reference-rsa")]
fn pkcs1(hash: Hash) -> rsa::Pkcs1v15Sign {
    match hash {
        Hash::Sha256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
        Hash::Sha384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
        Hash::Sha512 => rsa::Pkcs1v15Sign::new::<Sha512>(),
    }
}

#[cfg(feature = "reference-rsa")]
fn pss(hash: Hash) -> rsa::Pss {
    match hash {
        Hash::Sha256 => rsa::Pss::new_with_salt::<Sha256>(hash.len()),
        Hash::Sha384 => rsa::Pss::new_with_salt::<Sha384>(hash.len()),
        Hash::Sha512 => rsa::Pss::new_with_salt::<Sha512>(hash.len()),
    }
}

pub(crate) fn signing_failed(failure: Failure) -> Error {
    Error::Crypto {
        detail: match failure {
            Failure::Random => "the system random number generator failed",
            Failure::Fault => "the RSA signature failed its own check; nothing was released",
            Failure::Key => "the RSA key is too small for this algorithm's padding",
        }
        .into(),
    }
}

/// Signs `input` (not yet hashed).
#[cfg(not(feature = "reference-rsa"))]
pub(crate) fn sign(private: &RsaPrivate, alg: Algorithm, input: &[u8]) -> Result<Vec<u8>> {
    let hashed = alg.hash().digest(input);
    private
        .fast
        .sign(alg.family(), alg.hash(), &hashed)
        .map_err(signing_failed)
}

/// The `rsa` crate's signer, with the same check before release.
#[cfg(feature = "reference-rsa")]
pub(crate) fn sign(private: &RsaPrivate, alg: Algorithm, input: &[u8]) -> Result<Vec<u8>> {
    use rand_core::OsRng;
    let hashed = alg.hash().digest(input);
    let signature = match alg.family() {
        Family::RsaPss => private.key.sign_with_rng(&mut OsRng, pss(alg.hash()), &hashed),
        _ => private.key.sign_with_rng(&mut OsRng, pkcs1(alg.hash()), &hashed),
    }
    .map_err(|_| Error::Crypto {
        detail: "the RSA signature could not be computed".into(),
    })?;
    if reference_verify(&private.public.reference(), alg, &hashed, &signature).is_err() {
        return Err(signing_failed(Failure::Fault));
    }
    Ok(signature)
}

/// Checks `signature` over `input` (not yet hashed) with an RSA key's public half.
pub(crate) fn verify(material: &Material, alg: Algorithm, input: &[u8], signature: &[u8]) -> Result<()> {
    verify_hashed(material, alg, &alg.hash().digest(input), signature)
}

#[cfg(not(feature = "reference-rsa"))]
pub(crate) fn verify_hashed(
    material: &Material,
    alg: Algorithm,
    hashed: &[u8],
    signature: &[u8],
) -> Result<()> {
    let public = match material {
        Material::RsaPrivate(private) => private.fast.public(),
        Material::RsaPublic(public) => &public.fast,
        _ => return Err(Error::SignatureInvalid),
    };
    if public.verify(alg.family(), alg.hash(), hashed, signature) {
        Ok(())
    } else {
        Err(Error::SignatureInvalid)
    }
}

#[cfg(feature = "reference-rsa")]
pub(crate) fn verify_hashed(
    material: &Material,
    alg: Algorithm,
    hashed: &[u8],
    signature: &[u8],
) -> Result<()> {
    match material {
        Material::RsaPrivate(private) => {
            reference_verify(&private.public.reference(), alg, hashed, signature)
        }
        Material::RsaPublic(public) => reference_verify(&public.key.reference(), alg, hashed, signature),
        _ => Err(Error::SignatureInvalid),
    }
}

/// The `rsa` crate's verifier.
#[cfg(feature = "reference-rsa")]
fn reference_verify(
    public: &rsa::RsaPublicKey,
    alg: Algorithm,
    hashed: &[u8],
    signature: &[u8],
) -> Result<()> {
    let outcome = match alg.family() {
        Family::RsaPss => public.verify(pss(alg.hash()), hashed, signature),
        _ => public.verify(pkcs1(alg.hash()), hashed, signature),
    };
    outcome.map_err(|_| Error::SignatureInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alg::Hash;
    use crate::key::{ImportOptions, Key};

    #[test]
    fn a_signature_that_fails_its_check_is_refused() {
        let pem =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/keys/rsa2048.pem")).unwrap();
        let key = Key::from_text(&pem, &ImportOptions::default()).unwrap();
        let public = key.material();
        let hashed = Hash::Sha256.digest(b"input");
        let good = crate::signature::sign(&key, Algorithm::RS256, b"input").unwrap();
        verify_hashed(public, Algorithm::RS256, &hashed, &good).unwrap();
        let mut faulty = good;
        faulty[10] ^= 1;
        assert_eq!(
            verify_hashed(public, Algorithm::RS256, &hashed, &faulty)
                .unwrap_err()
                .code(),
            "SIGNATURE_INVALID"
        );
        assert_eq!(signing_failed(Failure::Fault).code(), "CRYPTO");
    }
}
