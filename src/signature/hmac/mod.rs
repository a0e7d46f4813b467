//! HMAC with SHA-2 (RFC 7518 §3.2): HS256 on jwtmint's own precomputed pads (`hs256.rs`), HS384
//! and HS512 with the `hmac` crate.

pub(crate) mod hs256;
mod sha256;

use crate::alg::Hash;
use crate::error::{Error, Result};
use crate::key::Secret;
use hmac::{Hmac, Mac};
use sha2::{Sha384, Sha512};

/// The tag of `input` under `secret`.
pub(crate) fn sign(hash: Hash, secret: &Secret, input: &[u8]) -> Result<Vec<u8>> {
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

/// Checks a tag, comparing in constant time.
pub(crate) fn verify(hash: Hash, secret: &Secret, input: &[u8], tag: &[u8]) -> Result<()> {
    let expected = sign(hash, secret, input)?;
    let equal: bool = subtle::ConstantTimeEq::ct_eq(expected.as_slice(), tag).into();
    if equal {
        Ok(())
    } else {
        Err(Error::SignatureInvalid)
    }
}
