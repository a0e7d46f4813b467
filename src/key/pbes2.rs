//! Decrypting an encrypted PKCS#8 key: PBES2 (RFC 8018 §6.2) with PBKDF2 (HMAC-SHA-1/224/256/
//! 384/512) or scrypt (RFC 7914 §7) and AES-128/192/256-CBC, the schemes `openssl pkcs8 -topk8`
//! writes. The parameters are read by `asn1.rs`; the arithmetic is RustCrypto's (`pbkdf2`,
//! `scrypt`, `aes`, `cbc`), the crates the `pkcs5` crate used. The derived key is wiped, and the
//! work factors are bounded so a pasted key cannot make the page allocate gigabytes or spin for
//! minutes.

use super::asn1::{oid_text, Reader, OCTET_STRING, SEQUENCE};
use crate::error::{Error, Result};
use cbc::cipher::{block_padding::Pkcs7, BlockDecryptMut, KeyIvInit};
use zeroize::Zeroizing;

/// PBKDF2 iterations jwtmint runs at most (OpenSSL writes 2,048 by default; the `pkcs5` crate's
/// limit is 100,000,000, about a minute and a half in wasm).
const MAX_ITERATIONS: u64 = 10_000_000;
/// scrypt memory (128·r·N bytes) at most: OpenSSL's `-scrypt` uses 16 MiB.
const MAX_SCRYPT_BYTES: u64 = 256 << 20;

const REENCRYPT: &str = "re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -in <file>`";

fn invalid() -> Error {
    Error::key_parse("the ENCRYPTED PRIVATE KEY block is not valid encrypted PKCS#8")
}

fn unsupported(oid: &[u8]) -> Error {
    Error::key_parse(format!(
        "this key is encrypted with an unsupported algorithm (OID {}); {REENCRYPT}",
        oid_text(oid)
    ))
}

/// How the key is derived from the passphrase.
enum Kdf<'a> {
    Pbkdf2 {
        salt: &'a [u8],
        iterations: u32,
        prf: String,
    },
    Scrypt {
        salt: &'a [u8],
        log_n: u8,
        r: u32,
        p: u32,
    },
}

/// Decrypts `data` with the scheme `oid` and its `parameters`; the plaintext is wiped when
/// dropped. A wrong passphrase is `PASSPHRASE_WRONG` when the padding does not check out.
pub(crate) fn decrypt(
    oid: &[u8],
    mut parameters: Reader<'_>,
    data: &[u8],
    passphrase: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    match oid_text(oid).as_str() {
        "1.2.840.113549.1.5.13" => {}
        "1.2.840.113549.1.5.1"
        | "1.2.840.113549.1.5.3"
        | "1.2.840.113549.1.5.4"
        | "1.2.840.113549.1.5.6"
        | "1.2.840.113549.1.5.10"
        | "1.2.840.113549.1.5.11" => {
            return Err(legacy("PBES1 (a legacy scheme)"));
        }
        text if text.starts_with("1.2.840.113549.1.12.1.") => {
            return Err(legacy("a PKCS#12 PBE scheme (legacy)"))
        }
        _ => return Err(unsupported(oid)),
    }
    let mut pbes2 = parameters.sequence().ok_or_else(invalid)?;
    parameters.end().ok_or_else(invalid)?;
    let (kdf_oid, mut kdf_parameters) = pbes2.algorithm().ok_or_else(invalid)?;
    let (cipher_oid, mut cipher_parameters) = pbes2.algorithm().ok_or_else(invalid)?;
    pbes2.end().ok_or_else(invalid)?;

    let key_len = match oid_text(cipher_oid).as_str() {
        "2.16.840.1.101.3.4.1.2" => 16,
        "2.16.840.1.101.3.4.1.22" => 24,
        "2.16.840.1.101.3.4.1.42" => 32,
        _ => return Err(unsupported(cipher_oid)),
    };
    let iv = cipher_parameters
        .next(OCTET_STRING)
        .filter(|iv| iv.len() == 16)
        .ok_or_else(invalid)?;
    cipher_parameters.end().ok_or_else(invalid)?;

    let mut kdf_fields = kdf_parameters.sequence().ok_or_else(invalid)?;
    kdf_parameters.end().ok_or_else(invalid)?;
    let kdf = match oid_text(kdf_oid).as_str() {
        "1.2.840.113549.1.5.12" => {
            let salt = kdf_fields.next(OCTET_STRING).ok_or_else(invalid)?;
            let iterations = kdf_fields.small().ok_or_else(invalid)?;
            if iterations == 0 || iterations > MAX_ITERATIONS {
                return Err(Error::key_parse(format!(
                    "this key's PBKDF2 iteration count ({iterations}) is beyond the {MAX_ITERATIONS} jwtmint runs; {REENCRYPT}"
                )));
            }
            expect_key_len(&mut kdf_fields, key_len)?;
            // The PRF defaults to HMAC-SHA-1 (RFC 8018 §A.2).
            let prf = match kdf_fields.peek() {
                Some(SEQUENCE) => {
                    let (prf, _null) = kdf_fields.algorithm().ok_or_else(invalid)?;
                    oid_text(prf)
                }
                _ => "1.2.840.113549.2.7".into(),
            };
            kdf_fields.end().ok_or_else(invalid)?;
            Kdf::Pbkdf2 {
                salt,
                iterations: iterations as u32,
                prf,
            }
        }
        "1.3.6.1.4.1.11591.4.11" => {
            let salt = kdf_fields.next(OCTET_STRING).ok_or_else(invalid)?;
            let n = kdf_fields.small().ok_or_else(invalid)?;
            let r = kdf_fields.small().ok_or_else(invalid)?;
            let p = kdf_fields.small().ok_or_else(invalid)?;
            expect_key_len(&mut kdf_fields, key_len)?;
            kdf_fields.end().ok_or_else(invalid)?;
            let memory = 128u64.saturating_mul(r).saturating_mul(n);
            if !n.is_power_of_two() || n < 2 || r == 0 || p == 0 || p > 16 || memory > MAX_SCRYPT_BYTES {
                return Err(Error::key_parse(format!(
                    "this key's scrypt parameters (N={n}, r={r}, p={p}) are beyond what jwtmint runs (at most 256 MiB, p ≤ 16); {REENCRYPT}"
                )));
            }
            Kdf::Scrypt {
                salt,
                log_n: n.trailing_zeros() as u8,
                r: r as u32,
                p: p as u32,
            }
        }
        _ => return Err(unsupported(kdf_oid)),
    };

    let mut key = Zeroizing::new([0u8; 32]);
    let key = key.get_mut(..key_len).ok_or_else(invalid)?;
    match kdf {
        Kdf::Pbkdf2 {
            salt,
            iterations,
            prf,
        } => match prf.as_str() {
            "1.2.840.113549.2.7" => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(passphrase, salt, iterations, key),
            "1.2.840.113549.2.8" => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(passphrase, salt, iterations, key),
            "1.2.840.113549.2.9" => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(passphrase, salt, iterations, key),
            "1.2.840.113549.2.10" => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(passphrase, salt, iterations, key),
            "1.2.840.113549.2.11" => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(passphrase, salt, iterations, key),
            other => {
                return Err(Error::key_parse(format!(
                    "this key is encrypted with an unsupported algorithm (OID {other}); {REENCRYPT}"
                )))
            }
        },
        Kdf::Scrypt { salt, log_n, r, p } => {
            let params = scrypt::Params::new(log_n, r, p, key_len).map_err(|_| invalid())?;
            scrypt::scrypt(passphrase, salt, &params, key).map_err(|_| invalid())?;
        }
    }

    let mut buffer = Zeroizing::new(data.to_vec());
    let plain_len = match key_len {
        16 => cbc_decrypt::<aes::Aes128>(key, iv, &mut buffer),
        24 => cbc_decrypt::<aes::Aes192>(key, iv, &mut buffer),
        _ => cbc_decrypt::<aes::Aes256>(key, iv, &mut buffer),
    }
    .ok_or(Error::PassphraseWrong)?;
    buffer.truncate(plain_len);
    Ok(buffer)
}

fn legacy(name: &str) -> Error {
    Error::key_parse(format!(
        "this key is encrypted with {name}, which jwtmint does not decrypt; {REENCRYPT}"
    ))
}

/// The optional keyLength must match the cipher's key when present.
fn expect_key_len(fields: &mut Reader<'_>, key_len: usize) -> Result<()> {
    if fields.peek() == Some(super::asn1::INTEGER) && fields.small() != Some(key_len as u64) {
        return Err(invalid());
    }
    Ok(())
}

/// AES-CBC with PKCS#7 padding in place; the plaintext's length, or `None` if the padding is
/// wrong (which is what a wrong passphrase gives, almost always).
fn cbc_decrypt<C>(key: &[u8], iv: &[u8], buffer: &mut [u8]) -> Option<usize>
where
    C: cbc::cipher::BlockCipher + cbc::cipher::BlockDecrypt + cbc::cipher::KeyInit,
{
    let decryptor = cbc::Decryptor::<C>::new_from_slices(key, iv).ok()?;
    decryptor
        .decrypt_padded_mut::<Pkcs7>(buffer)
        .ok()
        .map(<[u8]>::len)
}
