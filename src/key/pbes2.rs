//! Decrypting an encrypted PKCS#8 key: PBES2 (RFC 8018 §6.2) with PBKDF2 (HMAC-SHA-1/224/256/
//! 384/512) or scrypt (RFC 7914 §7) and AES-128/192/256-CBC, the schemes `openssl pkcs8 -topk8`
//! writes. The parameters are read by `asn1.rs`; the arithmetic is RustCrypto's (`pbkdf2`,
//! `scrypt`, `aes`, `cbc`), the crates the `pkcs5` crate used. The derived key is wiped, and the
//! work is bounded before any derivation starts (a cost model per PRF for PBKDF2, N·r·p and
//! memory for scrypt) so a pasted key is imported or refused within about two seconds.

use super::asn1::{oid_text, Reader, OCTET_STRING, SEQUENCE};
use crate::error::{Error, Result};
use cbc::cipher::{block_padding::Pkcs7, BlockDecryptMut, KeyIvInit};
use zeroize::Zeroizing;

/// The most key-derivation work jwtmint does for one import, in units of one HMAC-SHA-256
/// iteration over one output block (under 1 µs in wasm on a shared 2-core machine: 2,000,000
/// iterations of PBKDF2-HMAC-SHA256 took 1.25 s in Node). The page imports on the main thread,
/// so this is about the longest a pasted key may freeze it. OpenSSL's default (2,048) costs 2,048.
const MAX_PBKDF2_COST: u64 = 2_000_000;
/// scrypt's work N·r·p at most: 2^20 (N=16384, r=8, p=8) took 1.3 to 1.7 s in Node's wasm; OpenSSL's
/// `-scrypt` default (N=16384, r=8, p=1) is 2^17 and took 0.2 s.
const MAX_SCRYPT_WORK: u64 = 1 << 20;
/// scrypt memory (128·r·(N+p) bytes) at most: 64 MiB, twice OpenSSL's own `maxmem`; wasm
/// memory never shrinks, so this stays with the page once used.
const MAX_SCRYPT_BYTES: u64 = 64 << 20;

const REENCRYPT: &str = "re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -in <file>`";
/// The re-encryption hint for a key over the work limits: PBKDF2-HMAC-SHA256 at 100,000
/// iterations costs 100,000, a twentieth of the limit.
const REENCRYPT_CHEAPER: &str = "re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 100000 -in key.pem -out key-new.pem` (it asks for the current passphrase, then a new one)";

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
        prf: Prf,
    },
    Scrypt {
        salt: &'a [u8],
        log_n: u8,
        r: u32,
        p: u32,
    },
}

/// PBKDF2's pseudorandom function.
#[derive(Clone, Copy)]
enum Prf {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Prf {
    fn from_oid(oid: &str) -> Option<Prf> {
        Some(match oid {
            "1.2.840.113549.2.7" => Prf::Sha1,
            "1.2.840.113549.2.8" => Prf::Sha224,
            "1.2.840.113549.2.9" => Prf::Sha256,
            "1.2.840.113549.2.10" => Prf::Sha384,
            "1.2.840.113549.2.11" => Prf::Sha512,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Prf::Sha1 => "HMAC-SHA-1",
            Prf::Sha224 => "HMAC-SHA-224",
            Prf::Sha256 => "HMAC-SHA-256",
            Prf::Sha384 => "HMAC-SHA-384",
            Prf::Sha512 => "HMAC-SHA-512",
        }
    }

    /// The work of one iteration for one output block, in HMAC-SHA-256 iterations: SHA-512's
    /// 128-byte blocks measured 1.4 to 2 times SHA-256's in wasm (2 is used); SHA-1 measured
    /// the same as SHA-256.
    fn weight(self) -> u64 {
        match self {
            Prf::Sha1 | Prf::Sha224 | Prf::Sha256 => 1,
            Prf::Sha384 | Prf::Sha512 => 2,
        }
    }

    /// The output length: PBKDF2 runs all iterations once per block of key it derives.
    fn output_len(self) -> usize {
        match self {
            Prf::Sha1 => 20,
            Prf::Sha224 => 28,
            Prf::Sha256 => 32,
            Prf::Sha384 => 48,
            Prf::Sha512 => 64,
        }
    }

    /// The cost of deriving `key_len` bytes with `iterations`, in HMAC-SHA-256 iterations.
    fn cost(self, iterations: u64, key_len: usize) -> u64 {
        let blocks = key_len.div_ceil(self.output_len()) as u64;
        iterations.saturating_mul(blocks).saturating_mul(self.weight())
    }

    fn derive(self, passphrase: &[u8], salt: &[u8], iterations: u32, key: &mut [u8]) {
        use pbkdf2::pbkdf2_hmac;
        match self {
            Prf::Sha1 => pbkdf2_hmac::<sha1::Sha1>(passphrase, salt, iterations, key),
            Prf::Sha224 => pbkdf2_hmac::<sha2::Sha224>(passphrase, salt, iterations, key),
            Prf::Sha256 => pbkdf2_hmac::<sha2::Sha256>(passphrase, salt, iterations, key),
            Prf::Sha384 => pbkdf2_hmac::<sha2::Sha384>(passphrase, salt, iterations, key),
            Prf::Sha512 => pbkdf2_hmac::<sha2::Sha512>(passphrase, salt, iterations, key),
        }
    }
}

/// A PBES2 scheme read from a key's parameters, its work checked against the limits.
pub(crate) struct Scheme<'a> {
    kdf: Kdf<'a>,
    key_len: usize,
    iv: &'a [u8],
}

/// Reads the scheme `oid` and its `parameters`, and refuses it when deriving its key would take
/// more work than the limits allow, before any derivation (and before a passphrase is asked
/// for: typing one would not help).
pub(crate) fn scheme<'a>(oid: &[u8], mut parameters: Reader<'a>) -> Result<Scheme<'a>> {
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
            let iterations = kdf_fields
                .small()
                .filter(|&count| count > 0)
                .ok_or_else(invalid)?;
            expect_key_len(&mut kdf_fields, key_len)?;
            // The PRF defaults to HMAC-SHA-1 (RFC 8018 §A.2).
            let prf = match kdf_fields.peek() {
                Some(SEQUENCE) => {
                    let (prf, _null) = kdf_fields.algorithm().ok_or_else(invalid)?;
                    Prf::from_oid(&oid_text(prf)).ok_or_else(|| unsupported(prf))?
                }
                _ => Prf::Sha1,
            };
            kdf_fields.end().ok_or_else(invalid)?;
            let cost = prf.cost(iterations, key_len);
            if cost > MAX_PBKDF2_COST {
                return Err(Error::key_parse(format!(
                    "this key's encryption is too slow to open here: PBKDF2 with {} at {iterations} iterations costs {cost} units of work (iterations × output blocks × {} for this hash), more than the {MAX_PBKDF2_COST} jwtmint runs (about two seconds in a browser); {REENCRYPT_CHEAPER}",
                    prf.name(),
                    prf.weight(),
                )));
            }
            Kdf::Pbkdf2 {
                salt,
                // At most MAX_PBKDF2_COST, so it fits.
                iterations: u32::try_from(iterations).map_err(|_| invalid())?,
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
            if !n.is_power_of_two() || n < 2 || r == 0 || p == 0 {
                return Err(invalid());
            }
            let work = n.saturating_mul(r).saturating_mul(p);
            let memory = 128u64.saturating_mul(r).saturating_mul(n.saturating_add(p));
            if work > MAX_SCRYPT_WORK || memory > MAX_SCRYPT_BYTES {
                return Err(Error::key_parse(format!(
                    "this key's encryption is too costly to open here: scrypt with N={n}, r={r}, p={p} costs N·r·p = {work} units of work and {} MiB of memory, more than the {MAX_SCRYPT_WORK} units and {} MiB jwtmint runs (about two seconds in a browser); {REENCRYPT_CHEAPER}",
                    memory.div_ceil(1 << 20),
                    MAX_SCRYPT_BYTES >> 20,
                )));
            }
            Kdf::Scrypt {
                salt,
                log_n: n.trailing_zeros() as u8,
                r: u32::try_from(r).map_err(|_| invalid())?,
                p: u32::try_from(p).map_err(|_| invalid())?,
            }
        }
        _ => return Err(unsupported(kdf_oid)),
    };
    Ok(Scheme { kdf, key_len, iv })
}

/// Decrypts `data` with `scheme`; the plaintext is wiped when dropped. A wrong passphrase is
/// `PASSPHRASE_WRONG` when the padding does not check out.
pub(crate) fn decrypt(scheme: &Scheme<'_>, data: &[u8], passphrase: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let Scheme { ref kdf, key_len, iv } = *scheme;
    let mut key = Zeroizing::new([0u8; 32]);
    let key = key.get_mut(..key_len).ok_or_else(invalid)?;
    match *kdf {
        Kdf::Pbkdf2 {
            salt,
            iterations,
            prf,
        } => prf.derive(passphrase, salt, iterations, key),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pbkdf2_cost_counts_blocks_and_the_hash() {
        // AES-256 needs 32 bytes: one SHA-256 block, two of SHA-1 (20) or SHA-224 (28).
        assert_eq!(Prf::Sha256.cost(2048, 32), 2048);
        assert_eq!(Prf::Sha1.cost(1_000_000, 32), 2_000_000);
        assert_eq!(Prf::Sha1.cost(1_000_000, 16), 1_000_000);
        assert_eq!(Prf::Sha224.cost(1_000_000, 32), 2_000_000);
        // SHA-384/512: one block, twice the work per iteration.
        assert_eq!(Prf::Sha384.cost(1_000_000, 32), 2_000_000);
        assert_eq!(Prf::Sha512.cost(1_000_000, 32), 2_000_000);
        assert_eq!(Prf::Sha512.cost(u64::MAX, 32), u64::MAX);
        // OpenSSL's default and OWASP's 2023 advice for SHA-256 and SHA-512 fit.
        for (prf, iterations) in [
            (Prf::Sha256, 2048),
            (Prf::Sha256, 600_000),
            (Prf::Sha512, 210_000),
        ] {
            assert!(prf.cost(iterations, 32) <= MAX_PBKDF2_COST / 3);
        }
    }
}
