//! The signature primitives: HMAC (RFC 7518 §3.2), RSASSA-PKCS1-v1_5 (§3.3) and RSASSA-PSS with
//! MGF1 of the same hash and a salt as long as the hash (§3.5).
//!
//! RSA signatures are computed with base blinding from fresh randomness, then checked with the
//! public key before they are returned, so a fault in the private-key operation can never release
//! a broken signature (which could leak a prime factor through the CRT).

use crate::alg::{Algorithm, Family, Hash};
use crate::error::{Error, Result};
use crate::key::RsaPrivate;
use crate::key::{Key, Material, Secret};
use crate::rsacore::Failure;
use hmac::{Hmac, Mac};
#[cfg(feature = "reference-rsa")]
use sha2::Sha256;
use sha2::{Sha384, Sha512};

use crate::rsacore::digest;

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

fn hmac(hash: Hash, secret: &Secret, input: &[u8]) -> Result<Vec<u8>> {
    let failed = |_| Error::Crypto {
        detail: "HMAC key rejected".into(),
    };
    Ok(match hash {
        Hash::Sha256 => secret.hs256.mac(input).to_vec(),
        Hash::Sha384 => {
            let mut mac = Hmac::<Sha384>::new_from_slice(secret).map_err(failed)?;
            mac.update(input);
            mac.finalize().into_bytes().to_vec()
        }
        Hash::Sha512 => {
            let mut mac = Hmac::<Sha512>::new_from_slice(secret).map_err(failed)?;
            mac.update(input);
            mac.finalize().into_bytes().to_vec()
        }
    })
}

/// Signs `input` with `key`. The caller has checked that the key fits the algorithm.
pub(crate) fn sign(key: &Key, alg: Algorithm, input: &[u8]) -> Result<Vec<u8>> {
    key.check_signing(alg)?;
    match (key.material(), alg.family()) {
        (Material::Secret(secret), Family::Hmac) => hmac(alg.hash(), secret, input),
        (Material::RsaPrivate(private), family) => sign_rsa(private, alg, family, input),
        _ => Err(Error::Crypto {
            detail: "key and algorithm do not fit".into(),
        }),
    }
}

fn signing_failed(failure: Failure) -> Error {
    Error::Crypto {
        detail: match failure {
            Failure::Random => "the system random number generator failed",
            Failure::Fault => "the RSA signature failed its own check; nothing was released",
            Failure::Key => "the RSA key is too small for this algorithm's padding",
        }
        .into(),
    }
}

#[cfg(not(feature = "reference-rsa"))]
fn sign_rsa(private: &RsaPrivate, alg: Algorithm, family: Family, input: &[u8]) -> Result<Vec<u8>> {
    let hashed = digest(alg.hash(), input);
    private
        .fast
        .sign(family, alg.hash(), &hashed)
        .map_err(signing_failed)
}

/// The `rsa` crate's signer, with the same check before release.
#[cfg(feature = "reference-rsa")]
fn sign_rsa(private: &RsaPrivate, alg: Algorithm, family: Family, input: &[u8]) -> Result<Vec<u8>> {
    use rand_core::OsRng;
    let hashed = digest(alg.hash(), input);
    let signature = match family {
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

#[cfg(not(feature = "reference-rsa"))]
fn verify_rsa(material: &Material, alg: Algorithm, hashed: &[u8], signature: &[u8]) -> Result<()> {
    let public = match material {
        Material::RsaPrivate(private) => private.fast.public(),
        Material::RsaPublic(public) => &public.fast,
        Material::Secret(_) => return Err(Error::SignatureInvalid),
    };
    if public.verify(alg.family(), alg.hash(), hashed, signature) {
        Ok(())
    } else {
        Err(Error::SignatureInvalid)
    }
}

#[cfg(feature = "reference-rsa")]
fn verify_rsa(material: &Material, alg: Algorithm, hashed: &[u8], signature: &[u8]) -> Result<()> {
    match material {
        Material::RsaPrivate(private) => {
            reference_verify(&private.public.reference(), alg, hashed, signature)
        }
        Material::RsaPublic(public) => reference_verify(&public.key.reference(), alg, hashed, signature),
        Material::Secret(_) => Err(Error::SignatureInvalid),
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

/// Checks `signature` over `input`. HMAC tags are compared in constant time.
pub(crate) fn verify(key: &Key, alg: Algorithm, input: &[u8], signature: &[u8]) -> Result<()> {
    key.check_verifying(alg)?;
    match key.material() {
        Material::Secret(secret) => {
            let expected = hmac(alg.hash(), secret, input)?;
            let equal: bool = subtle::ConstantTimeEq::ct_eq(expected.as_slice(), signature).into();
            if equal {
                Ok(())
            } else {
                Err(Error::SignatureInvalid)
            }
        }
        rsa => verify_rsa(rsa, alg, &digest(alg.hash(), input), signature),
    }
}

/// Signs a raw JWS signing input, `BASE64URL(header) "." BASE64URL(payload)`, and returns the
/// base64url signature. For JWTs use [`crate::sign`]; this is for published test vectors and
/// JWS whose payload is not a JSON object.
///
/// ```
/// use jwtmint::{sign_jws_input, Algorithm, Key};
/// let key = Key::from_secret("secret", Default::default()).unwrap();
/// let signature = sign_jws_input(&key, Algorithm::HS256, "e30.e30").unwrap();
/// assert_eq!(signature.len(), 43);
/// ```
pub fn sign_jws_input(key: &Key, alg: Algorithm, signing_input: &str) -> Result<String> {
    Ok(crate::base64url::encode(&sign(
        key,
        alg,
        signing_input.as_bytes(),
    )?))
}

/// Checks a base64url signature over a raw JWS signing input (see [`sign_jws_input`]).
pub fn verify_jws_input(key: &Key, alg: Algorithm, signing_input: &str, signature: &str) -> Result<()> {
    let bytes = crate::base64url::decode(signature)
        .map_err(|_| Error::malformed("the signature is not base64url without padding"))?;
    verify(key, alg, signing_input.as_bytes(), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::ImportOptions;

    #[test]
    fn a_signature_that_fails_its_check_is_refused() {
        let pem =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/keys/rsa2048.pem")).unwrap();
        let key = Key::from_text(&pem, &ImportOptions::default()).unwrap();
        let public = key.material();
        let hashed = digest(Hash::Sha256, b"input");
        let good = sign(&key, Algorithm::RS256, b"input").unwrap();
        verify_rsa(public, Algorithm::RS256, &hashed, &good).unwrap();
        let mut faulty = good;
        faulty[10] ^= 1;
        assert_eq!(
            verify_rsa(public, Algorithm::RS256, &hashed, &faulty)
                .unwrap_err()
                .code(),
            "SIGNATURE_INVALID"
        );
        assert_eq!(signing_failed(Failure::Fault).code(), "CRYPTO");
    }
}
