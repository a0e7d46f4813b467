//! DER structures that carry RSA keys: PKCS#8 `PrivateKeyInfo` (RFC 5208), encrypted PKCS#8
//! `EncryptedPrivateKeyInfo` with PBES2 (RFC 8018 §6.2: PBKDF2 or scrypt with AES-CBC), PKCS#1
//! `RSAPrivateKey`/`RSAPublicKey` (RFC 8017 §A.1), `SubjectPublicKeyInfo` (RFC 5280 §4.1.2.7) and
//! X.509 certificates. The key type is decided from the algorithm OID, never from a label alone.

use super::{Material, RsaPublic, MAX_RSA_BITS, MIN_RSA_BITS};
use crate::error::{Error, Result};
use der::asn1::ObjectIdentifier;
use der::Decode;
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPublicKey};
use zeroize::Zeroizing;

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// Names the key types people most often paste by mistake, from their algorithm OID.
fn unsupported_type(oid: &ObjectIdentifier) -> String {
    match oid.to_string().as_str() {
        "1.2.840.10045.2.1" => "EC (elliptic curve)".into(),
        "1.3.101.112" => "Ed25519".into(),
        "1.3.101.113" => "Ed448".into(),
        "1.3.101.110" => "X25519".into(),
        "1.3.101.111" => "X448".into(),
        "1.2.840.10040.4.1" => "DSA".into(),
        "1.2.840.113549.1.1.10" => {
            "RSA-PSS-restricted (made with -algorithm RSA-PSS; use -algorithm RSA)".into()
        }
        "1.2.840.113549.1.3.1" => "Diffie-Hellman".into(),
        other => format!("unknown (algorithm OID {other})"),
    }
}

/// Decodes a labelled PEM body.
pub(crate) fn from_labelled(label: &str, der: &[u8], passphrase: Option<&[u8]>) -> Result<Material> {
    match label {
        "PRIVATE KEY" => private_key_info(der),
        "ENCRYPTED PRIVATE KEY" => encrypted_private_key_info(der, passphrase),
        "RSA PRIVATE KEY" => pkcs1_private(der),
        "PUBLIC KEY" => subject_public_key_info(der, "a public key (BEGIN PUBLIC KEY)"),
        "RSA PUBLIC KEY" => pkcs1_public(der, "a public key (BEGIN RSA PUBLIC KEY)"),
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => certificate(der),
        "EC PRIVATE KEY" | "EC PARAMETERS" | "EC PUBLIC KEY" => Err(Error::KeyUnsupported {
            key_type: "EC (elliptic curve)".into(),
        }),
        "DSA PRIVATE KEY" | "DSA PUBLIC KEY" => Err(Error::KeyUnsupported { key_type: "DSA".into() }),
        "OPENSSH PRIVATE KEY" => Err(Error::key_parse(
            "this is an OpenSSH-format key; convert it to PKCS#8 with `ssh-keygen -p -m PKCS8 -f <file>` (that rewrites the file in place) and paste the result",
        )),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => Err(Error::key_parse(
            "this is a certificate signing request, which holds no private key; paste the private key",
        )),
        other => Err(Error::key_parse(format!(
            "a PEM block labelled {other:?} is not a key jwtmint reads; paste a block that begins -----BEGIN PRIVATE KEY-----, -----BEGIN RSA PRIVATE KEY----- or -----BEGIN PUBLIC KEY-----"
        ))),
    }
}

/// Decodes DER bytes whose structure is not labelled, trying each structure in turn.
pub(crate) fn from_unlabelled(der: &[u8], passphrase: Option<&[u8]>) -> Result<Material> {
    if pkcs8::PrivateKeyInfo::from_der(der).is_ok() {
        return private_key_info(der);
    }
    if pkcs8::EncryptedPrivateKeyInfo::from_der(der).is_ok() {
        return encrypted_private_key_info(der, passphrase);
    }
    if pkcs1::RsaPrivateKey::from_der(der).is_ok() {
        return pkcs1_private(der);
    }
    if spki::SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        return subject_public_key_info(der, "a public key (DER SubjectPublicKeyInfo)");
    }
    if pkcs1::RsaPublicKey::from_der(der).is_ok() {
        return pkcs1_public(der, "a public key (DER RSAPublicKey)");
    }
    if x509_cert::Certificate::from_der(der).is_ok() {
        return certificate(der);
    }
    Err(Error::key_parse(
        "these bytes are not a DER key (PKCS#8, encrypted PKCS#8, PKCS#1, SubjectPublicKeyInfo or an X.509 certificate)",
    ))
}

fn private_key_info(der: &[u8]) -> Result<Material> {
    let info = pkcs8::PrivateKeyInfo::from_der(der)
        .map_err(|_| Error::key_parse("the PRIVATE KEY block is not valid PKCS#8"))?;
    if info.algorithm.oid != RSA_ENCRYPTION {
        return Err(Error::KeyUnsupported {
            key_type: unsupported_type(&info.algorithm.oid),
        });
    }
    pkcs1_private(info.private_key)
}

fn encrypted_private_key_info(der: &[u8], passphrase: Option<&[u8]>) -> Result<Material> {
    let info = pkcs8::EncryptedPrivateKeyInfo::from_der(der)
        .map_err(|_| Error::key_parse("the ENCRYPTED PRIVATE KEY block is not valid encrypted PKCS#8"))?;
    let Some(passphrase) = passphrase.filter(|passphrase| !passphrase.is_empty()) else {
        return Err(Error::PassphraseRequired);
    };
    let scheme_name = match &info.encryption_algorithm {
        pkcs8::pkcs5::EncryptionScheme::Pbes2(_) => None,
        _ => Some("PBES1 (a legacy scheme)"),
    };
    if let Some(name) = scheme_name {
        return Err(Error::key_parse(format!(
            "this key is encrypted with {name}, which jwtmint does not decrypt; re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -in <file>`"
        )));
    }
    let decrypted = info.decrypt(passphrase).map_err(|error| match error {
        pkcs8::Error::EncryptedPrivateKey(pkcs8::pkcs5::Error::UnsupportedAlgorithm { oid }) => {
            Error::key_parse(format!(
                "this key is encrypted with an unsupported algorithm (OID {oid}); re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -in <file>`"
            ))
        }
        _ => Error::PassphraseWrong,
    })?;
    // A wrong passphrase can pass the CBC padding check by chance (about 1 in 256); the garbage
    // that results then fails to parse, which is the same mistake.
    let bytes = Zeroizing::new(decrypted.as_bytes().to_vec());
    if pkcs8::PrivateKeyInfo::from_der(&bytes).is_err() {
        return Err(Error::PassphraseWrong);
    }
    private_key_info(&bytes)
}

fn pkcs1_private(der: &[u8]) -> Result<Material> {
    let key = pkcs1::RsaPrivateKey::from_der(der)
        .map_err(|_| Error::key_parse("the RSA private key structure (PKCS#1) is not valid"))?;
    if key.other_prime_infos.is_some() {
        return Err(Error::KeyUnsupported {
            key_type: "multi-prime RSA".into(),
        });
    }
    let uint = |bytes: pkcs1::UintRef<'_>| BigUint::from_bytes_be(bytes.as_bytes());
    let secret = |bytes: pkcs1::UintRef<'_>| Zeroizing::new(uint(bytes));
    let modulus = uint(key.modulus);
    check_bits(modulus.bits())?;
    Ok(Material::RsaPrivate(super::RsaPrivate::from_numbers(
        super::RsaNumbers {
            n: modulus,
            e: uint(key.public_exponent),
            d: secret(key.private_exponent),
            p: secret(key.prime1),
            q: secret(key.prime2),
            dp: Some(secret(key.exponent1)),
            dq: Some(secret(key.exponent2)),
            q_inverse: Some(secret(key.coefficient)),
            names: [
                "CRT exponent d mod (p−1) (exponent1)",
                "CRT exponent d mod (q−1) (exponent2)",
                "CRT coefficient q⁻¹ mod p",
            ],
        },
    )?))
}

fn subject_public_key_info(der: &[u8], found: &'static str) -> Result<Material> {
    let info = spki::SubjectPublicKeyInfoRef::from_der(der)
        .map_err(|_| Error::key_parse("the PUBLIC KEY block is not a valid SubjectPublicKeyInfo"))?;
    if info.algorithm.oid != RSA_ENCRYPTION {
        return Err(Error::KeyUnsupported {
            key_type: unsupported_type(&info.algorithm.oid),
        });
    }
    let bytes = info
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| Error::key_parse("the public key bit string is not whole bytes"))?;
    pkcs1_public(bytes, found)
}

fn pkcs1_public(der: &[u8], found: &'static str) -> Result<Material> {
    let key = pkcs1::RsaPublicKey::from_der(der)
        .map_err(|_| Error::key_parse("the RSA public key structure (PKCS#1) is not valid"))?;
    let public = rsa_public(
        BigUint::from_bytes_be(key.modulus.as_bytes()),
        BigUint::from_bytes_be(key.public_exponent.as_bytes()),
    )?;
    Ok(Material::RsaPublic(RsaPublic::new(public, found)?))
}

/// Builds a public key with jwtmint's size limits (the `rsa` crate's default stops at 4096 bits).
pub(crate) fn rsa_public(modulus: BigUint, exponent: BigUint) -> Result<RsaPublicKey> {
    check_bits(modulus.bits())?;
    let key = RsaPublicKey::new_with_max_size(modulus, exponent, MAX_RSA_BITS)
        .map_err(|_| Error::key_parse("the RSA public key is not valid (bad exponent or modulus)"))?;
    check_bits(key.n().bits())?;
    Ok(key)
}

fn certificate(der: &[u8]) -> Result<Material> {
    let certificate = x509_cert::Certificate::from_der(der)
        .map_err(|_| Error::key_parse("the CERTIFICATE block is not a valid X.509 certificate"))?;
    let info = certificate.tbs_certificate.subject_public_key_info;
    if info.algorithm.oid != RSA_ENCRYPTION {
        return Err(Error::KeyUnsupported {
            key_type: unsupported_type(&info.algorithm.oid),
        });
    }
    let bytes = info
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| Error::key_parse("the certificate's public key bit string is not whole bytes"))?;
    pkcs1_public(
        bytes,
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
