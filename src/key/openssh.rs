//! OpenSSH keys: unencrypted private key files (`BEGIN OPENSSH PRIVATE KEY`, PROTOCOL.key), and
//! public key lines (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4): `ssh-ed25519 AAAA… comment`,
//! `ecdsa-sha2-nistp256 AAAA…` (and nistp384, nistp521) and `ssh-rsa AAAA…`, also as an
//! `authorized_keys` line with options in front. Read for verifying; certificates and security-key
//! (`sk-`) types are left to `sniff::refusal`, which says how to convert them.

use super::{Material, RsaPublic};
use crate::error::{Error, Result};
use crate::signature::ecdsa::{Curve, EcPublic};
use crate::signature::eddsa::EdPublic;
use base64::Engine;

/// The wire strings of a key blob, read one after another.
struct Blob<'a>(&'a [u8]);

impl<'a> Blob<'a> {
    fn u32(&mut self) -> Option<u32> {
        let (value, rest) = self.0.split_at_checked(4)?;
        self.0 = rest;
        Some(u32::from_be_bytes(value.try_into().ok()?))
    }

    fn string(&mut self) -> Option<&'a [u8]> {
        let (length, rest) = self.0.split_at_checked(4)?;
        let length = u32::from_be_bytes(length.try_into().ok()?) as usize;
        let (string, rest) = rest.split_at_checked(length)?;
        self.0 = rest;
        Some(string)
    }

    /// An `mpint` (RFC 4251 §5) that must not be negative, without its leading zero.
    fn uint(&mut self) -> Option<&'a [u8]> {
        match self.string()? {
            [first, ..] if *first >= 0x80 => None,
            [0, rest @ ..] => Some(rest),
            bytes => Some(bytes),
        }
    }
}

/// The key type names read here, with how messages describe the key.
fn described(key_type: &str) -> Option<&'static str> {
    Some(match key_type {
        "ssh-ed25519" => "an OpenSSH public key (ssh-ed25519)",
        "ecdsa-sha2-nistp256" => "an OpenSSH public key (ecdsa-sha2-nistp256)",
        "ecdsa-sha2-nistp384" => "an OpenSSH public key (ecdsa-sha2-nistp384)",
        "ecdsa-sha2-nistp521" => "an OpenSSH public key (ecdsa-sha2-nistp521)",
        "ssh-rsa" => "an OpenSSH public key (ssh-rsa)",
        _ => return None,
    })
}

/// Whether `key_type` is one `public_line` reads.
pub(crate) fn readable(key_type: &str) -> bool {
    described(key_type).is_some()
}

/// Reads the public key of an OpenSSH line whose blob names `key_type`: the first word that is
/// base64 of a blob beginning with that name.
pub(crate) fn public_line(text: &str, key_type: &str) -> Result<Material> {
    let found = described(key_type).ok_or_else(|| Error::key_parse("this OpenSSH key type is not read"))?;
    let damaged = || {
        Error::key_parse(format!(
            "{found} is damaged: its base64 part does not hold a whole key"
        ))
    };
    let blob = text
        .split_whitespace()
        .filter(|word| word.starts_with("AAAA"))
        .find_map(|word| {
            let bytes = base64::engine::general_purpose::STANDARD.decode(word).ok()?;
            let mut blob = Blob(&bytes);
            (blob.string()? == key_type.as_bytes()).then_some(bytes)
        })
        .ok_or_else(damaged)?;
    let mut blob = Blob(&blob);
    blob.string();
    let material = match key_type {
        "ssh-ed25519" => {
            let key = blob.string().ok_or_else(damaged)?;
            Material::EdPublic(Box::new(EdPublic::from_bytes(key, found)?))
        }
        "ssh-rsa" => {
            let (e, n) = (blob.uint().ok_or_else(damaged)?, blob.uint().ok_or_else(damaged)?);
            Material::RsaPublic(RsaPublic::new(super::der::rsa_public(n, e)?, found)?)
        }
        _ => {
            let curve = match key_type {
                "ecdsa-sha2-nistp256" => Curve::P256,
                "ecdsa-sha2-nistp384" => Curve::P384,
                _ => Curve::P521,
            };
            let identifier = blob.string().ok_or_else(damaged)?;
            if key_type.strip_prefix("ecdsa-sha2-").map(str::as_bytes) != Some(identifier) {
                return Err(damaged());
            }
            let point = blob.string().ok_or_else(damaged)?;
            Material::EcPublic(Box::new(EcPublic::from_sec1(curve, point, found)?))
        }
    };
    if !blob.0.is_empty() {
        return Err(damaged());
    }
    Ok(material)
}

/// The magic that starts an OpenSSH private key (PROTOCOL.key).
const MAGIC: &[u8] = b"openssh-key-v1\0";

/// An unencrypted OpenSSH private key (`BEGIN OPENSSH PRIVATE KEY`, what `ssh-keygen` writes by
/// default) holding one Ed25519, ECDSA or RSA key. An encrypted one is refused with the command
/// that converts it to PKCS#8, which jwtmint decrypts.
pub(crate) fn private_key(der: &[u8]) -> Result<Material> {
    let damaged = || Error::key_parse("this OpenSSH private key is damaged (its structure does not parse)");
    let body = der.strip_prefix(MAGIC).ok_or_else(damaged)?;
    let mut outer = Blob(body);
    let cipher = outer.string().ok_or_else(damaged)?;
    let (_kdf, _options) = (
        outer.string().ok_or_else(damaged)?,
        outer.string().ok_or_else(damaged)?,
    );
    if cipher != b"none" {
        return Err(Error::key_parse(
            "this OpenSSH private key is protected by a passphrase, which jwtmint does not decrypt in this format; make an unencrypted copy with `cp <file> key.tmp && ssh-keygen -p -N '' -f key.tmp`, paste key.tmp, then delete it",
        ));
    }
    let count = outer.u32().ok_or_else(damaged)?;
    if count != 1 {
        return Err(Error::key_parse(format!(
            "this OpenSSH private key file holds {count} keys; jwtmint reads a file with one"
        )));
    }
    let _public = outer.string().ok_or_else(damaged)?;
    let private = outer.string().ok_or_else(damaged)?;
    if !outer.0.is_empty() {
        return Err(damaged());
    }
    let mut inner = Blob(private);
    let (first, second) = (inner.u32().ok_or_else(damaged)?, inner.u32().ok_or_else(damaged)?);
    if first != second {
        return Err(damaged());
    }
    let key_type = inner.string().ok_or_else(damaged)?;
    let material = match key_type {
        b"ssh-ed25519" => {
            let public = inner.string().ok_or_else(damaged)?;
            let pair = inner.string().ok_or_else(damaged)?;
            let (seed, pair_public) = pair.split_at_checked(32).ok_or_else(damaged)?;
            if pair_public != public {
                return Err(damaged());
            }
            let public = EdPublic::from_bytes(public, "")?;
            Material::EdPrivate(Box::new(crate::signature::eddsa::EdPrivate::from_seed(
                seed,
                Some(&public),
            )?))
        }
        b"ecdsa-sha2-nistp256" | b"ecdsa-sha2-nistp384" | b"ecdsa-sha2-nistp521" => {
            let curve = match key_type {
                b"ecdsa-sha2-nistp256" => Curve::P256,
                b"ecdsa-sha2-nistp384" => Curve::P384,
                _ => Curve::P521,
            };
            let _identifier = inner.string().ok_or_else(damaged)?;
            let point = inner.string().ok_or_else(damaged)?;
            let d = inner.uint().ok_or_else(damaged)?;
            let public = EcPublic::from_sec1(curve, point, "")?;
            Material::EcPrivate(Box::new(crate::signature::ecdsa::EcPrivate::from_scalar(
                curve,
                d,
                Some(&public),
            )?))
        }
        b"ssh-rsa" => {
            let mut next = || inner.uint().ok_or_else(damaged);
            let (n, e, d, q_inverse, p, q) = (next()?, next()?, next()?, next()?, next()?, next()?);
            super::der::check_bits(super::der::bit_length(n))?;
            let secret = |bytes: &[u8]| zeroize::Zeroizing::new(bytes.to_vec());
            Material::RsaPrivate(super::RsaPrivate::from_numbers(super::RsaNumbers {
                n: n.to_vec(),
                e: e.to_vec(),
                d: secret(d),
                p: secret(p),
                q: secret(q),
                dp: None,
                dq: None,
                q_inverse: Some(secret(q_inverse)),
                names: [
                    "CRT exponent dp",
                    "CRT exponent dq",
                    "CRT coefficient iqmp (q⁻¹ mod p)",
                ],
            })?)
        }
        other => {
            let name: String = String::from_utf8_lossy(other)
                .chars()
                .filter(|character| character.is_ascii_graphic())
                .take(40)
                .collect();
            return Err(Error::KeyUnsupported {
                key_type: format!("OpenSSH {name}"),
            });
        }
    };
    Ok(material)
}
