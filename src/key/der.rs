//! DER structures that carry keys: PKCS#8 `PrivateKeyInfo` (RFC 5208, and v2 of RFC 5958),
//! encrypted PKCS#8 `EncryptedPrivateKeyInfo` with PBES2 (RFC 8018 §6.2: PBKDF2 or scrypt with
//! AES-CBC), PKCS#1 `RSAPrivateKey`/`RSAPublicKey` (RFC 8017 §A.1), SEC1 `ECPrivateKey` (RFC
//! 5915; `ec.rs`), `SubjectPublicKeyInfo` (RFC 5280 §4.1.2.7) and X.509 certificates, read with
//! jwtmint's own strict DER reader (`asn1.rs`). The key type is decided from the algorithm OID,
//! never from a label alone.

use super::asn1::{
    self, Reader, BIT_STRING, EC_PUBLIC_KEY, ED25519, INTEGER, OCTET_STRING, RSA_ENCRYPTION, SEQUENCE,
};
use super::ec;
use super::{Material, PublicNumbers, RsaPublic, MAX_RSA_BITS, MIN_RSA_BITS};
use crate::error::{Error, Result};
use zeroize::Zeroizing;

/// Names the key types people most often paste by mistake, from their algorithm OID.
fn unsupported_type(oid: &[u8]) -> String {
    match asn1::oid_text(oid).as_str() {
        "1.3.101.113" => "Ed448 (jwtmint signs EdDSA with Ed25519 keys only)".into(),
        "1.3.101.110" => "X25519 (a key-agreement key, not for signatures; EdDSA uses Ed25519)".into(),
        "1.3.101.111" => "X448 (a key-agreement key, not for signatures; EdDSA uses Ed25519)".into(),
        "1.2.156.10197.1.301.1" => "SM2".into(),
        "1.2.840.10040.4.1" => "DSA".into(),
        "1.2.840.113549.1.1.10" => {
            "RSA-PSS-restricted (made with -algorithm RSA-PSS; use -algorithm RSA)".into()
        }
        "1.2.840.113549.1.3.1" => "Diffie-Hellman".into(),
        other => format!("unknown (algorithm OID {other})"),
    }
}

/// A `PrivateKeyInfo`'s parts.
struct PrivateKeyInfo<'a> {
    oid: &'a [u8],
    parameters: Reader<'a>,
    key: &'a [u8],
    /// v2's `[1] publicKey` (its BIT STRING contents), which an Ed25519 key is checked against.
    public: Option<&'a [u8]>,
}

/// `PrivateKeyInfo` (v1 or v2): the algorithm, the private key's bytes, and v2's public key.
fn parse_private_key_info(der: &[u8]) -> Option<PrivateKeyInfo<'_>> {
    let mut info = Reader::only(der, SEQUENCE)?;
    if info.small()? > 1 {
        return None;
    }
    let (oid, parameters) = info.algorithm()?;
    let key = info.next(OCTET_STRING)?;
    // [0] attributes: read past, not used.
    info.optional(0xa0);
    let public = info.optional(0x81);
    info.end()?;
    Some(PrivateKeyInfo {
        oid,
        parameters,
        key,
        public,
    })
}

/// `EncryptedPrivateKeyInfo`: the encryption algorithm (OID and parameters) and the data.
fn parse_encrypted_private_key_info(der: &[u8]) -> Option<(&[u8], Reader<'_>, &[u8])> {
    let mut info = Reader::only(der, SEQUENCE)?;
    let (oid, parameters) = info.algorithm()?;
    let data = info.next(OCTET_STRING)?;
    info.end()?;
    Some((oid, parameters, data))
}

/// The numbers of an `RSAPrivateKey`, or `Err(())` when it has more than two primes.
struct Pkcs1Private<'a> {
    numbers: [&'a [u8]; 8],
}

fn parse_pkcs1_private(der: &[u8]) -> Option<std::result::Result<Pkcs1Private<'_>, ()>> {
    let mut key = Reader::only(der, SEQUENCE)?;
    let version = key.small()?;
    let mut numbers: [&[u8]; 8] = [&[]; 8];
    for number in &mut numbers {
        *number = key.uint()?;
    }
    match (version, key.optional(SEQUENCE)) {
        (0, None) => {
            key.end()?;
            Some(Ok(Pkcs1Private { numbers }))
        }
        (1, Some(_)) => Some(Err(())),
        _ => None,
    }
}

/// A `SubjectPublicKeyInfo`'s parts.
struct Spki<'a> {
    oid: &'a [u8],
    parameters: Reader<'a>,
    /// The key's bytes, `None` when the bit string is not whole bytes.
    bits: Option<&'a [u8]>,
}

/// A `SubjectPublicKeyInfo`'s contents.
fn parse_spki<'a>(info: &mut Reader<'a>) -> Option<Spki<'a>> {
    let (oid, parameters) = info.algorithm()?;
    let bits = info.next(BIT_STRING)?;
    info.end()?;
    Some(Spki {
        oid,
        parameters,
        bits: match bits.split_first() {
            Some((0, bytes)) => Some(bytes),
            _ => None,
        },
    })
}

/// `RSAPublicKey`: modulus and exponent.
fn parse_pkcs1_public(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut key = Reader::only(der, SEQUENCE)?;
    let numbers = (key.uint()?, key.uint()?);
    key.end()?;
    Some(numbers)
}

/// An X.509 certificate's `SubjectPublicKeyInfo`, read past the fields before it.
fn parse_certificate(der: &[u8]) -> Option<Spki<'_>> {
    let mut certificate = Reader::only(der, SEQUENCE)?;
    let mut tbs = certificate.sequence()?;
    certificate.sequence()?; // signatureAlgorithm
    certificate.next(BIT_STRING)?; // signatureValue
    certificate.end()?;
    tbs.optional(0xa0); // [0] version
    tbs.next(INTEGER)?; // serialNumber (may be negative in the wild)
    for _ in 0..4 {
        tbs.sequence()?; // signature, issuer, validity, subject
    }
    parse_spki(&mut tbs.sequence()?)
    // The optional unique IDs and extensions after it are not read.
}

/// Decodes a labelled PEM body.
pub(crate) fn from_labelled(label: &str, der: &[u8], passphrase: Option<&[u8]>) -> Result<Material> {
    match label {
        "PRIVATE KEY" => private_key_info(der),
        "ENCRYPTED PRIVATE KEY" => encrypted_private_key_info(der, passphrase),
        "RSA PRIVATE KEY" => pkcs1_private(der),
        "EC PRIVATE KEY" => ec::sec1_private(der, None),
        "PUBLIC KEY" => subject_public_key_info(der, "a public key (BEGIN PUBLIC KEY)"),
        "EC PUBLIC KEY" => subject_public_key_info(der, "a public key (BEGIN EC PUBLIC KEY)"),
        "RSA PUBLIC KEY" => pkcs1_public(der, "a public key (BEGIN RSA PUBLIC KEY)"),
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => certificate(der),
        "EC PARAMETERS" => Err(Error::key_parse(
            "this block holds only an EC curve's parameters, not a key; `openssl ecparam -genkey` writes them before the key: paste the -----BEGIN EC PRIVATE KEY----- block as well",
        )),
        "DSA PRIVATE KEY" | "DSA PUBLIC KEY" => Err(Error::KeyUnsupported { key_type: "DSA".into() }),
        "OPENSSH PRIVATE KEY" => super::openssh::private_key(der),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => Err(Error::key_parse(
            "this is a certificate signing request, which holds no private key; paste the private key",
        )),
        other => Err(Error::key_parse(format!(
            "a PEM block labelled {other:?} is not a key jwtmint reads; paste a block that begins -----BEGIN PRIVATE KEY-----, -----BEGIN RSA PRIVATE KEY-----, -----BEGIN EC PRIVATE KEY----- or -----BEGIN PUBLIC KEY-----"
        ))),
    }
}

/// The DER structures jwtmint recognises, for reading unlabelled bytes and for recognising key
/// material pasted as base64 or hex (`sniff.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Structure {
    PrivateKeyInfo,
    EncryptedPrivateKeyInfo,
    Pkcs1Private,
    Sec1Private,
    SubjectPublicKeyInfo,
    Pkcs1Public,
    Certificate,
}

impl Structure {
    /// What the structure is, for messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Structure::PrivateKeyInfo => "a PKCS#8 private key",
            Structure::EncryptedPrivateKeyInfo => "an encrypted PKCS#8 private key",
            Structure::Pkcs1Private => "a PKCS#1 RSA private key",
            Structure::Sec1Private => "a SEC1 EC private key",
            Structure::SubjectPublicKeyInfo => "a public key (SubjectPublicKeyInfo)",
            Structure::Pkcs1Public => "a PKCS#1 RSA public key",
            Structure::Certificate => "an X.509 certificate",
        }
    }
}

/// Which structure `der` is, tried in turn with the same strict readers that import it.
pub(crate) fn structure(der: &[u8]) -> Option<Structure> {
    if parse_private_key_info(der).is_some() {
        Some(Structure::PrivateKeyInfo)
    } else if parse_encrypted_private_key_info(der).is_some() {
        Some(Structure::EncryptedPrivateKeyInfo)
    } else if parse_pkcs1_private(der).is_some() {
        Some(Structure::Pkcs1Private)
    } else if ec::parse_sec1(der).is_some() {
        Some(Structure::Sec1Private)
    } else if Reader::only(der, SEQUENCE)
        .and_then(|mut info| parse_spki(&mut info))
        .is_some()
    {
        Some(Structure::SubjectPublicKeyInfo)
    } else if parse_pkcs1_public(der).is_some() {
        Some(Structure::Pkcs1Public)
    } else if parse_certificate(der).is_some() {
        Some(Structure::Certificate)
    } else {
        None
    }
}

/// Decodes DER bytes whose structure is not labelled, recognised by [`structure`].
pub(crate) fn from_unlabelled(der: &[u8], passphrase: Option<&[u8]>) -> Result<Material> {
    match structure(der) {
        Some(Structure::PrivateKeyInfo) => private_key_info(der),
        Some(Structure::EncryptedPrivateKeyInfo) => encrypted_private_key_info(der, passphrase),
        Some(Structure::Pkcs1Private) => pkcs1_private(der),
        Some(Structure::Sec1Private) => ec::sec1_private(der, None),
        Some(Structure::SubjectPublicKeyInfo) => {
            subject_public_key_info(der, "a public key (DER SubjectPublicKeyInfo)")
        }
        Some(Structure::Pkcs1Public) => pkcs1_public(der, "a public key (DER RSAPublicKey)"),
        Some(Structure::Certificate) => certificate(der),
        None if is_pkcs12(der) => Err(pkcs12_refusal()),
        None => Err(Error::key_parse(
            "these bytes are not a DER key (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1, SubjectPublicKeyInfo or an X.509 certificate)",
        )),
    }
}

/// What to do with a `.pfx`.
pub(crate) fn pkcs12_refusal() -> Error {
    Error::key_parse(
        "this is a PKCS#12 file (.pfx or .p12), which jwtmint does not open: convert it with `openssl pkcs12 -in cert.pfx -nocerts -nodes -out key.pem` (and `openssl pkcs12 -in cert.pfx -clcerts -nokeys -out cert.pem` for the certificate), then paste key.pem",
    )
}

/// Whether `text` is standard base64 (line breaks allowed) of a PKCS#12 file.
pub(crate) fn is_pkcs12_base64(text: &str) -> bool {
    use base64::Engine;
    let compact: zeroize::Zeroizing<String> = zeroize::Zeroizing::new(text.split_whitespace().collect());
    compact.len() <= 256 * 1024
        && base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .map(zeroize::Zeroizing::new)
            .is_ok_and(|der| is_pkcs12(&der))
}

/// A PKCS#12 `PFX` (RFC 7292 §4): `SEQUENCE { version 3, authSafe ContentInfo (pkcs7-data or
/// pkcs7-signedData) ... }`, recognised by its first bytes.
fn is_pkcs12(der: &[u8]) -> bool {
    const VERSION_3: [u8; 3] = [0x02, 0x01, 0x03];
    const PKCS7: [u8; 10] = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07];
    let head = der.get(..32).unwrap_or(der);
    der.first() == Some(&0x30)
        && head
            .windows(3)
            .position(|window| window == VERSION_3)
            .is_some_and(|at| at <= 4)
        && head.windows(PKCS7.len()).any(|window| window == PKCS7)
}

fn private_key_info(der: &[u8]) -> Result<Material> {
    let parts = parse_private_key_info(der)
        .ok_or_else(|| Error::key_parse("the PRIVATE KEY block is not valid PKCS#8"))?;
    from_private_key_info(parts)
}

/// A `PrivateKeyInfo`'s key, by its algorithm.
fn from_private_key_info(info: PrivateKeyInfo<'_>) -> Result<Material> {
    match info.oid {
        RSA_ENCRYPTION => pkcs1_private(info.key),
        EC_PUBLIC_KEY => ec::pkcs8_ec(info.parameters, info.key),
        ED25519 => ec::pkcs8_ed25519(info.parameters, info.key, info.public),
        oid => Err(Error::KeyUnsupported {
            key_type: unsupported_type(oid),
        }),
    }
}

fn encrypted_private_key_info(der: &[u8], passphrase: Option<&[u8]>) -> Result<Material> {
    let (oid, parameters, data) = parse_encrypted_private_key_info(der)
        .ok_or_else(|| Error::key_parse("the ENCRYPTED PRIVATE KEY block is not valid encrypted PKCS#8"))?;
    let scheme = super::pbes2::scheme(oid, parameters)?;
    let Some(passphrase) = passphrase.filter(|passphrase| !passphrase.is_empty()) else {
        return Err(Error::PassphraseRequired);
    };
    let decrypted = super::pbes2::decrypt(&scheme, data, passphrase)?;
    // A wrong passphrase can pass the CBC padding check by chance (about 1 in 256); the garbage
    // that results then fails to parse, which is the same mistake.
    let parts = parse_private_key_info(&decrypted).ok_or(Error::PassphraseWrong)?;
    from_private_key_info(parts)
}

fn pkcs1_private(der: &[u8]) -> Result<Material> {
    let key = parse_pkcs1_private(der)
        .ok_or_else(|| Error::key_parse("the RSA private key structure (PKCS#1) is not valid"))?
        .map_err(|()| Error::KeyUnsupported {
            key_type: "multi-prime RSA".into(),
        })?;
    let [n, e, d, p, q, dp, dq, q_inverse] = key.numbers;
    let secret = |bytes: &[u8]| Zeroizing::new(bytes.to_vec());
    check_bits(bit_length(n))?;
    Ok(Material::RsaPrivate(super::RsaPrivate::from_numbers(
        super::RsaNumbers {
            n: n.to_vec(),
            e: e.to_vec(),
            d: secret(d),
            p: secret(p),
            q: secret(q),
            dp: Some(secret(dp)),
            dq: Some(secret(dq)),
            q_inverse: Some(secret(q_inverse)),
            names: [
                "CRT exponent d mod (p−1) (exponent1)",
                "CRT exponent d mod (q−1) (exponent2)",
                "CRT coefficient q⁻¹ mod p",
            ],
        },
    )?))
}

/// An SPKI's or certificate's key, by its algorithm.
fn from_spki(spki: Spki<'_>, what: &str, found: &'static str) -> Result<Material> {
    match spki.oid {
        RSA_ENCRYPTION => {
            let bytes = spki
                .bits
                .ok_or_else(|| Error::key_parse(format!("{what} bit string is not whole bytes")))?;
            pkcs1_public(bytes, found)
        }
        EC_PUBLIC_KEY => ec::spki_ec(spki.parameters, spki.bits, found),
        ED25519 => ec::spki_ed25519(spki.parameters, spki.bits, found),
        oid => Err(Error::KeyUnsupported {
            key_type: unsupported_type(oid),
        }),
    }
}

fn subject_public_key_info(der: &[u8], found: &'static str) -> Result<Material> {
    let parts = Reader::only(der, SEQUENCE)
        .and_then(|mut info| parse_spki(&mut info))
        .ok_or_else(|| Error::key_parse("the PUBLIC KEY block is not a valid SubjectPublicKeyInfo"))?;
    from_spki(parts, "the public key", found)
}

fn pkcs1_public(der: &[u8], found: &'static str) -> Result<Material> {
    let (n, e) = parse_pkcs1_public(der)
        .ok_or_else(|| Error::key_parse("the RSA public key structure (PKCS#1) is not valid"))?;
    Ok(Material::RsaPublic(RsaPublic::new(rsa_public(n, e)?, found)?))
}

pub(crate) use crate::signature::rsa::bit_length;

/// Checks a public key with jwtmint's size limits and the `rsa` crate's rules (an odd modulus;
/// an odd exponent from 3 to 2^33−1, below the modulus) and keeps its numbers without leading
/// zeros.
pub(crate) fn rsa_public(modulus: &[u8], exponent: &[u8]) -> Result<PublicNumbers> {
    let strip = |bytes: &[u8]| -> Vec<u8> { bytes.iter().copied().skip_while(|&byte| byte == 0).collect() };
    let (n, e) = (strip(modulus), strip(exponent));
    check_bits(bit_length(&n))?;
    let value = (e.len() <= 8).then(|| e.iter().fold(0u64, |value, &byte| value << 8 | u64::from(byte)));
    let odd = |bytes: &[u8]| bytes.last().is_some_and(|&low| low & 1 == 1);
    let below_n = e.len() < n.len() || (e.len() == n.len() && e < n);
    match value {
        Some(value) if odd(&n) && odd(&e) && below_n && (3..(1 << 33)).contains(&value) => {
            Ok(PublicNumbers { n, e })
        }
        _ => Err(Error::key_parse(
            "the RSA public key is not valid (bad exponent or modulus)",
        )),
    }
}

fn certificate(der: &[u8]) -> Result<Material> {
    let parts = parse_certificate(der)
        .ok_or_else(|| Error::key_parse("the CERTIFICATE block is not a valid X.509 certificate"))?;
    from_spki(
        parts,
        "the certificate's public key",
        "a certificate (BEGIN CERTIFICATE), which holds only a public key",
    )
}

pub(crate) fn check_bits(bits: usize) -> Result<()> {
    if bits < MIN_RSA_BITS {
        return Err(Error::KeyTooSmall { bits });
    }
    if bits > MAX_RSA_BITS {
        return Err(Error::KeyTooLarge { bits });
    }
    Ok(())
}
