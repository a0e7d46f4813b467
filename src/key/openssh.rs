//! OpenSSH public key lines (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4): `ssh-ed25519 AAAA… comment`,
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
