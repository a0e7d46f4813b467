//! The signature families, one room each: `hmac` (HS256/384/512), `rsa` (RS*, PS*), `ecdsa`
//! (ES256/384/512) and `eddsa` (EdDSA with Ed25519). Each holds
//! its sign, its verify and its key numbers; this module only checks that the key may do what is
//! asked and hands the work to the key's family.

pub(crate) mod ecdsa;
pub(crate) mod eddsa;
pub(crate) mod hmac;
pub(crate) mod rsa;

use crate::alg::Algorithm;
use crate::error::{Error, Result};
use crate::key::{Key, Material};

/// Signs `input` with `key`, after checking that the key may sign with `alg`.
pub(crate) fn sign(key: &Key, alg: Algorithm, input: &[u8]) -> Result<Vec<u8>> {
    key.check_signing(alg)?;
    match key.material() {
        Material::Secret(secret) => hmac::sign(alg.hash(), secret, input),
        Material::RsaPrivate(private) => rsa::sign(private, alg, input),
        Material::EcPrivate(private) => private.sign(input),
        Material::EdPrivate(private) => private.sign(input),
        Material::RsaPublic(_) | Material::EcPublic(_) | Material::EdPublic(_) => Err(Error::Crypto {
            detail: "key and algorithm do not fit".into(),
        }),
    }
}

/// Checks `signature` over `input`, after checking that the key may verify `alg`.
pub(crate) fn verify(key: &Key, alg: Algorithm, input: &[u8], signature: &[u8]) -> Result<()> {
    key.check_verifying(alg)?;
    match key.material() {
        Material::Secret(secret) => hmac::verify(alg.hash(), secret, input, signature),
        rsa @ (Material::RsaPrivate(_) | Material::RsaPublic(_)) => rsa::verify(rsa, alg, input, signature),
        Material::EcPrivate(private) => ecdsa::verify(&private.public, input, signature),
        Material::EcPublic(public) => ecdsa::verify(public, input, signature),
        Material::EdPrivate(private) => eddsa::verify(&private.public, input, signature),
        Material::EdPublic(public) => eddsa::verify(public, input, signature),
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
