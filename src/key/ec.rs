//! The DER structures of EC and Ed25519 keys: SEC1 `ECPrivateKey` (RFC 5915), `ECParameters` as a
//! named curve (RFC 5480 §2.1.1), the EC and Ed25519 keys inside PKCS#8 (RFC 5915 §3, RFC 8410
//! §7) and `SubjectPublicKeyInfo` (RFC 5480 §2, RFC 8410 §4). The readers are `asn1.rs`'s strict
//! ones; the points and scalars are checked by the curve code (`crate::signature::ecdsa`,
//! `crate::signature::eddsa`).

use super::asn1::{self, Reader, BIT_STRING, NULL, OCTET_STRING, OID, SEQUENCE};
use super::Material;
use crate::error::{Error, Result};
use crate::signature::ecdsa::{Curve, EcPrivate, EcPublic};
use crate::signature::eddsa::{EdPrivate, EdPublic};

/// Names a curve jwtmint does not sign with, from its OID, with what to use instead.
pub(crate) fn unsupported_curve(oid: &[u8]) -> Error {
    let name = match asn1::oid_text(oid).as_str() {
        "1.3.132.0.10" => "secp256k1 (ES256K, the Bitcoin and Ethereum curve)".to_owned(),
        "1.2.840.10045.3.1.1" => "P-192 (prime192v1)".to_owned(),
        "1.3.132.0.33" => "P-224 (secp224r1)".to_owned(),
        "1.3.36.3.3.2.8.1.1.7" => "brainpoolP256r1".to_owned(),
        "1.3.36.3.3.2.8.1.1.11" => "brainpoolP384r1".to_owned(),
        "1.3.36.3.3.2.8.1.1.13" => "brainpoolP512r1".to_owned(),
        "1.2.156.10197.1.301" => "SM2".to_owned(),
        other => format!("the curve with OID {other}"),
    };
    Error::KeyUnsupported {
        key_type: format!("EC on {name}"),
    }
}

/// The curve of an `ECParameters` element (its tag and contents): a named curve jwtmint signs
/// with, or a refusal that says what the parameters are.
pub(crate) fn named_curve(tag: u8, contents: &[u8]) -> Result<Curve> {
    match tag {
        OID => Curve::from_oid(contents).ok_or_else(|| unsupported_curve(contents)),
        SEQUENCE => Err(Error::key_parse(
            "this EC key spells out its curve's parameters instead of naming the curve (openssl's -param_enc explicit); convert it with `openssl ec -in <file> -param_enc named_curve -out <new file>` and paste the result",
        )),
        NULL => Err(Error::key_parse(
            "this EC key leaves its curve implicit (ECParameters NULL), so it cannot be used on its own; export it with its named curve",
        )),
        _ => Err(Error::key_parse("the EC key's curve parameters are not valid")),
    }
}

/// The curve named by an AlgorithmIdentifier's parameters (PKCS#8, SPKI): exactly one element.
fn curve_of_parameters(mut parameters: Reader<'_>) -> Result<Curve> {
    let (tag, contents) = parameters
        .any()
        .ok_or_else(|| Error::key_parse("the EC key names no curve (its algorithm has no parameters)"))?;
    parameters
        .end()
        .ok_or_else(|| Error::key_parse("the EC key's curve parameters are not valid"))?;
    named_curve(tag, contents)
}

/// A SEC1 `ECPrivateKey`'s parts.
pub(crate) struct Sec1<'a> {
    d: &'a [u8],
    /// `[0] ECParameters`: its tag and contents.
    parameters: Option<(u8, &'a [u8])>,
    /// `[1] publicKey`: the BIT STRING's contents (`None` inside when it is not whole bytes).
    public: Option<Option<&'a [u8]>>,
}

/// `ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters OPTIONAL,
/// [1] publicKey OPTIONAL }`.
pub(crate) fn parse_sec1(der: &[u8]) -> Option<Sec1<'_>> {
    let mut key = Reader::only(der, SEQUENCE)?;
    if key.small()? != 1 {
        return None;
    }
    let d = key.next(OCTET_STRING)?;
    let parameters = match key.optional(0xa0) {
        Some(explicit) => {
            let mut inner = Reader::new(explicit);
            let element = inner.any()?;
            inner.end()?;
            Some(element)
        }
        None => None,
    };
    let public = match key.optional(0xa1) {
        Some(explicit) => {
            let bits = Reader::only(explicit, BIT_STRING)?.rest();
            Some(match bits.split_first() {
                Some((0, bytes)) => Some(bytes),
                _ => None,
            })
        }
        None => None,
    };
    key.end()?;
    Some(Sec1 {
        d,
        parameters,
        public,
    })
}

/// A SEC1 key, whose curve is named inside it or, in PKCS#8, by the algorithm (`outer`).
pub(crate) fn sec1_private(der: &[u8], outer: Option<Curve>) -> Result<Material> {
    let key = parse_sec1(der)
        .ok_or_else(|| Error::key_parse("the EC private key structure (SEC1 ECPrivateKey) is not valid"))?;
    let inner = key
        .parameters
        .map(|(tag, contents)| named_curve(tag, contents))
        .transpose()?;
    let curve = match (outer, inner) {
        (Some(outer), Some(inner)) if outer != inner => {
            return Err(Error::key_parse(format!(
                "the EC private key names two curves ({} and {}); the key is damaged",
                outer.name(),
                inner.name()
            )))
        }
        (Some(curve), _) | (None, Some(curve)) => curve,
        (None, None) => {
            return Err(Error::key_parse(
                "the EC private key does not name its curve; export it with its parameters (`openssl ec -in <file> -out <new file>`)",
            ))
        }
    };
    let public = match key.public {
        Some(Some(point)) => Some(EcPublic::from_sec1(curve, point, "")?),
        Some(None) => {
            return Err(Error::key_parse(
                "the EC private key's public key is not whole bytes",
            ))
        }
        None => None,
    };
    Ok(Material::EcPrivate(Box::new(EcPrivate::from_scalar(
        curve,
        key.d,
        public.as_ref(),
    )?)))
}

/// The key inside a PKCS#8 `PrivateKeyInfo` whose algorithm is id-ecPublicKey.
pub(crate) fn pkcs8_ec(parameters: Reader<'_>, key: &[u8]) -> Result<Material> {
    let curve = curve_of_parameters(parameters)?;
    sec1_private(key, Some(curve))
}

/// The key inside a PKCS#8 `PrivateKeyInfo` whose algorithm is id-Ed25519: `CurvePrivateKey ::=
/// OCTET STRING` (RFC 8410 §7), and the v2 `[1] publicKey` when present.
pub(crate) fn pkcs8_ed25519(parameters: Reader<'_>, key: &[u8], public: Option<&[u8]>) -> Result<Material> {
    if parameters.end().is_none() {
        return Err(Error::key_parse(
            "the Ed25519 key's algorithm has parameters, which RFC 8410 forbids",
        ));
    }
    let seed = Reader::only(key, OCTET_STRING)
        .map(|inner| inner.rest())
        .ok_or_else(|| Error::key_parse("the Ed25519 private key (RFC 8410 CurvePrivateKey) is not valid"))?;
    let public = match public {
        Some(bits) => match bits.split_first() {
            Some((0, bytes)) => Some(EdPublic::from_bytes(bytes, "")?),
            _ => {
                return Err(Error::key_parse(
                    "the Ed25519 key's public key is not whole bytes",
                ))
            }
        },
        None => None,
    };
    Ok(Material::EdPrivate(Box::new(EdPrivate::from_seed(
        seed,
        public.as_ref(),
    )?)))
}

/// An SPKI's key, once its algorithm is known to be id-ecPublicKey.
pub(crate) fn spki_ec(parameters: Reader<'_>, bits: Option<&[u8]>, found: &'static str) -> Result<Material> {
    let curve = curve_of_parameters(parameters)?;
    let point = bits.ok_or_else(|| Error::key_parse("the EC public key is not whole bytes"))?;
    Ok(Material::EcPublic(Box::new(EcPublic::from_sec1(
        curve, point, found,
    )?)))
}

/// An SPKI's key, once its algorithm is known to be id-Ed25519.
pub(crate) fn spki_ed25519(
    parameters: Reader<'_>,
    bits: Option<&[u8]>,
    found: &'static str,
) -> Result<Material> {
    if parameters.end().is_none() {
        return Err(Error::key_parse(
            "the Ed25519 key's algorithm has parameters, which RFC 8410 forbids",
        ));
    }
    let key = bits.ok_or_else(|| Error::key_parse("the Ed25519 public key is not whole bytes"))?;
    Ok(Material::EdPublic(Box::new(EdPublic::from_bytes(key, found)?)))
}
