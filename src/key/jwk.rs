//! JSON Web Keys (RFC 7517; EC members per RFC 7518 §6.2, RSA per §6.3, `oct` per §6.4, OKP per
//! RFC 8037 §2) and the JWK thumbprint (RFC 7638 §3).

use super::der::rsa_public;
use super::{Material, Operations, PublicHalf, PublicUse, RsaPublic, Secret, Usage};
use crate::alg::Algorithm;
use crate::base64url;
use crate::error::{Error, Result};
use crate::json::Object;
use crate::signature::ecdsa::{Curve, EcPrivate, EcPublic};
use crate::signature::eddsa::{EdPrivate, EdPublic};
use serde_json::Value;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Reads a JWK, or a JWKS holding exactly one key, with what its `alg`, `use` and `key_ops`
/// allow.
pub(crate) fn import(value: &Value) -> Result<(Material, Usage)> {
    let Value::Object(jwk) = value else {
        return Err(Error::key_parse(
            "a JWK must be a JSON object with a \"kty\" member",
        ));
    };
    if let Some(keys) = jwk.get("keys") {
        return match keys.as_array().map(Vec::as_slice) {
            Some([only]) => import(only),
            Some(keys) => Err(Error::key_parse(format!(
                "this JWKS holds {} keys; pass the one key you want",
                keys.len()
            ))),
            None => Err(Error::key_parse("the JWKS member \"keys\" must be an array")),
        };
    }
    let material = match jwk.get("kty").and_then(Value::as_str) {
        Some("RSA") => rsa(jwk),
        Some("oct") => {
            let secret = Zeroizing::new(member(jwk, "k")?);
            let bytes = base64url::decode(&secret)
                .map(Zeroizing::new)
                .map_err(|_| Error::key_parse("the JWK member \"k\" is not base64url"))?;
            if bytes.is_empty() {
                return Err(Error::SecretEmpty);
            }
            Ok(Material::Secret(Secret::new(bytes)))
        }
        Some("EC") => ec(jwk),
        Some("OKP") => okp(jwk),
        Some(other) => Err(Error::KeyUnsupported {
            key_type: format!("kty {:?}", other.chars().take(20).collect::<String>()),
        }),
        None => Err(Error::key_parse("the JWK has no \"kty\" member")),
    }?;
    let usage = usage(jwk, &material)?;
    Ok((material, usage))
}

/// Reads `alg`, `use` and `key_ops` (RFC 7517 §4.2–4.4) as jose does: `alg` must be a signature
/// algorithm for this kind of key, `use` `sig` or `enc`, `key_ops` an array of unique strings.
fn usage(jwk: &Object, material: &Material) -> Result<Usage> {
    let text = |name: &str| match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.as_str())),
        Some(_) => Err(Error::key_parse(format!(
            "the JWK member \"{name}\" must be a string"
        ))),
    };
    let shown = |text: &str| text.chars().take(40).collect::<String>();
    let alg = match text("alg")? {
        None => None,
        Some(name) => {
            let alg: Algorithm = name.parse().map_err(|_| {
                Error::key_parse(format!(
                    "the JWK's \"alg\" is {:?}, which is not a signature algorithm jwtmint uses (HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA); remove \"alg\" or set it to the algorithm the key is for",
                    shown(name)
                ))
            })?;
            let allowed = material.algorithms();
            if !allowed.contains(&alg) {
                let names: Vec<&str> = allowed.iter().map(|alg| alg.name()).collect();
                let kind = match material {
                    Material::Secret(_) => "an HMAC (kty \"oct\")",
                    Material::RsaPrivate(_) | Material::RsaPublic(_) => "an RSA",
                    Material::EcPrivate(_) | Material::EcPublic(_) => "this EC",
                    Material::EdPrivate(_) | Material::EdPublic(_) => "an Ed25519",
                };
                return Err(Error::key_parse(format!(
                    "the JWK's \"alg\" is {alg}, which is not an algorithm for {kind} key; set \"alg\" to {}{}",
                    if names.len() > 1 { "one of " } else { "" },
                    names.join(", "),
                )));
            }
            Some(alg)
        }
    };
    let public_use = match text("use")? {
        None => None,
        Some("sig") => Some(PublicUse::Sig),
        Some("enc") => Some(PublicUse::Enc),
        Some(other) => {
            return Err(Error::key_parse(format!(
                "the JWK's \"use\" is {:?}; it must be \"sig\" (signatures) or \"enc\" (encryption)",
                shown(other)
            )))
        }
    };
    let ops = match jwk.get("key_ops") {
        None => None,
        Some(value) => {
            let invalid = || {
                Error::key_parse(
                    "the JWK's \"key_ops\" must be an array of unique strings, e.g. [\"verify\"]",
                )
            };
            let list = value.as_array().ok_or_else(invalid)?;
            let mut names: Vec<&str> = Vec::with_capacity(list.len());
            for item in list {
                let name = item.as_str().ok_or_else(invalid)?;
                if names.contains(&name) {
                    return Err(invalid());
                }
                names.push(name);
            }
            Some(Operations {
                sign: names.contains(&"sign"),
                verify: names.contains(&"verify"),
            })
        }
    };
    Ok(Usage { alg, public_use, ops })
}

fn member(jwk: &Object, name: &str) -> Result<String> {
    match jwk.get(name) {
        Some(Value::String(text)) => Ok(text.clone()),
        Some(_) => Err(Error::key_parse(format!(
            "the JWK member \"{name}\" must be a string"
        ))),
        None => Err(Error::key_parse(format!("the JWK has no \"{name}\" member"))),
    }
}

fn number(jwk: &Object, name: &str) -> Result<Zeroizing<Vec<u8>>> {
    let text = Zeroizing::new(member(jwk, name)?);
    let bytes = Zeroizing::new(
        base64url::decode(&text)
            .map_err(|_| Error::key_parse(format!("the JWK member \"{name}\" is not base64url")))?,
    );
    if bytes.is_empty() {
        return Err(Error::key_parse(format!("the JWK member \"{name}\" is empty")));
    }
    Ok(bytes)
}

fn rsa(jwk: &Object) -> Result<Material> {
    let modulus = number(jwk, "n")?;
    let exponent = number(jwk, "e")?;
    if !jwk.contains_key("d") {
        let public = rsa_public(&modulus, &exponent)?;
        return Ok(Material::RsaPublic(RsaPublic::new(
            public,
            "a public JWK (it has no \"d\")",
        )?));
    }
    super::der::check_bits(super::der::bit_length(&modulus))?;
    if jwk.contains_key("oth") {
        return Err(Error::KeyUnsupported {
            key_type: "multi-prime RSA".into(),
        });
    }
    let secret = |name: &str| number(jwk, name);
    let d = secret("d")?;
    let (Ok(p), Ok(q)) = (secret("p"), secret("q")) else {
        return Err(Error::key_parse(
            "this private JWK has \"d\" but not both \"p\" and \"q\"; paste the complete private JWK",
        ));
    };
    // The CRT members are optional, but when present they must agree with the key, or another
    // implementation would sign differently from us.
    let optional = |name: &str| jwk.contains_key(name).then(|| secret(name)).transpose();
    Ok(Material::RsaPrivate(super::RsaPrivate::from_numbers(
        super::RsaNumbers {
            n: modulus.to_vec(),
            e: exponent.to_vec(),
            d,
            p,
            q,
            dp: optional("dp")?,
            dq: optional("dq")?,
            q_inverse: optional("qi")?,
            names: ["JWK member \"dp\"", "JWK member \"dq\"", "JWK member \"qi\""],
        },
    )?))
}

/// A fixed-length member (an EC coordinate or scalar, an OKP key): `size` bytes; a shorter one
/// is padded with zeros in front (some writers drop leading zeros), a longer one refused.
fn fixed(jwk: &Object, name: &str, size: usize, what: &str) -> Result<Zeroizing<Vec<u8>>> {
    let bytes = number(jwk, name)?;
    if bytes.len() > size {
        return Err(Error::key_parse(format!(
            "the JWK member \"{name}\" is {} bytes; {what} is {size} bytes",
            bytes.len()
        )));
    }
    let mut padded = Zeroizing::new(vec![0u8; size - bytes.len()]);
    padded.extend_from_slice(&bytes);
    Ok(padded)
}

/// The curve named by `crv`, for messages cut to a readable length.
fn crv(jwk: &Object) -> Result<String> {
    let name = member(jwk, "crv")?;
    Ok(name.chars().take(20).collect())
}

/// `kty: EC`: `crv` P-256, P-384 or P-521, `x`, `y`, and `d` for a private key.
fn ec(jwk: &Object) -> Result<Material> {
    let name = crv(jwk)?;
    let curve = Curve::from_name(&name).ok_or_else(|| Error::KeyUnsupported {
        key_type: match name.as_str() {
            "secp256k1" | "P-256K" => "EC on secp256k1 (ES256K)".into(),
            other => format!("EC on {other:?}"),
        },
    })?;
    let what = format!("a {} coordinate", curve.name());
    let x = fixed(jwk, "x", curve.size(), &what)?;
    let y = fixed(jwk, "y", curve.size(), &what)?;
    let found = "a public JWK (it has no \"d\")";
    let public = EcPublic::from_coordinates(curve, &x, &y, found)?;
    if !jwk.contains_key("d") {
        return Ok(Material::EcPublic(Box::new(public)));
    }
    let d = fixed(jwk, "d", curve.size(), &format!("a {} private key", curve.name()))?;
    Ok(Material::EcPrivate(Box::new(EcPrivate::from_scalar(
        curve,
        &d,
        Some(&public),
    )?)))
}

/// `kty: OKP` (RFC 8037): `crv` Ed25519, `x`, and `d` for a private key.
fn okp(jwk: &Object) -> Result<Material> {
    let name = crv(jwk)?;
    if name != "Ed25519" {
        return Err(Error::KeyUnsupported {
            key_type: match name.as_str() {
                "Ed448" => "Ed448 (jwtmint signs EdDSA with Ed25519 keys only)".into(),
                "X25519" | "X448" => {
                    format!("{name} (a key-agreement key, not for signatures; EdDSA uses Ed25519)")
                }
                other => format!("OKP on {other:?}"),
            },
        });
    }
    let x = number(jwk, "x")?;
    let public = EdPublic::from_bytes(&x, "a public JWK (it has no \"d\")")?;
    if !jwk.contains_key("d") {
        return Ok(Material::EdPublic(Box::new(public)));
    }
    let d = number(jwk, "d")?;
    Ok(Material::EdPrivate(Box::new(EdPrivate::from_seed(
        &d,
        Some(&public),
    )?)))
}

/// The required members of a public JWK, in RFC 7638's lexicographic order (so the thumbprint
/// is their JSON without spaces): RSA `e`, `kty`, `n`; EC `crv`, `kty`, `x`, `y` (RFC 7518
/// §6.2.1); OKP `crv`, `kty`, `x` (RFC 8037 §2).
fn required_members(key: &PublicHalf<'_>) -> Vec<(&'static str, String)> {
    match key {
        PublicHalf::Rsa(key) => vec![
            ("e", base64url::encode(&key.e)),
            ("kty", "RSA".into()),
            ("n", base64url::encode(&key.n)),
        ],
        PublicHalf::Ec(key) => vec![
            ("crv", key.curve.name().into()),
            ("kty", "EC".into()),
            ("x", base64url::encode(key.x())),
            ("y", base64url::encode(key.y())),
        ],
        PublicHalf::Ed(key) => vec![
            ("crv", "Ed25519".into()),
            ("kty", "OKP".into()),
            ("x", base64url::encode(&key.bytes())),
        ],
    }
}

/// The public JWK's members: `kty` first, then the key's numbers (`n`, `e`; `crv`, `x`, `y`).
pub(crate) fn public_members(key: &PublicHalf<'_>) -> Object {
    let mut members = required_members(key);
    let rank = |name: &str| {
        ["kty", "crv", "n", "e", "x", "y"]
            .iter()
            .position(|first| *first == name)
    };
    members.sort_by_key(|(name, _)| rank(name));
    members
        .into_iter()
        .map(|(name, value)| (name.to_owned(), Value::from(value)))
        .collect()
}

/// The RFC 7638 thumbprint: base64url(SHA-256 of the required members as JSON, in order, with no
/// spaces).
pub(crate) fn thumbprint(key: &PublicHalf<'_>) -> String {
    let members: Vec<String> = required_members(key)
        .into_iter()
        .map(|(name, value)| format!(r#""{name}":"{value}""#))
        .collect();
    let canonical = format!("{{{}}}", members.join(","));
    base64url::encode(&Sha256::digest(canonical.as_bytes()))
}
