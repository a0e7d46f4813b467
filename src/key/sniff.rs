//! Recognising key material in pasted text, so that a key is never taken for an HMAC secret.
//!
//! A string key of `sign()`/`verify()` is a secret only when it is no key in any common form
//! (DESIGN.md, "Why does a string key refuse some secrets?"): PEM anywhere in the text, a JSON
//! object or a JWK inside other text, base64 (either alphabet, line breaks allowed) or hex of a
//! DER key structure, an OpenSSH public key or certificate (also inside an `authorized_keys`
//! line), an RFC 4716 `---- BEGIN SSH2 …` block and a PuTTY `.ppk` file. DER counts only when
//! `der::structure` reads it as a key structure of at least [`MIN_DER`] bytes, so a random secret
//! that happens to be base64 or hex is still a secret. Everything is found in one pass over the
//! text with bounded work per position (a candidate that fails after a long read resumes after
//! what it read).

use super::der::{self, Structure};
use super::pem;
use super::SecretEncoding;
use crate::error::Error;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use zeroize::Zeroizing;

/// The smallest DER that counts as key material: an Ed25519 or X25519 SubjectPublicKeyInfo is
/// 44 bytes, the smallest key structure in use; a shorter valid SEQUENCE (`MAA=`, two small
/// INTEGERs) is no key anyone holds.
pub(crate) const MIN_DER: usize = 40;
/// The largest DER read from text (an RSA-8192 PKCS#8 key is about 4.8 KB; certificates with
/// many extensions are larger).
const MAX_DER: usize = 64 * 1024;
/// The longest SSH key type name read from a blob (`sk-ecdsa-sha2-nistp256@openssh.com` is 34).
const MAX_SSH_NAME: usize = 64;

/// Key material found in text.
pub(crate) enum Found {
    /// A PEM block (`-----BEGIN` somewhere), with its label when it has one.
    Pem { label: Option<String> },
    /// The text is a JSON object; `jwk` when it names a `"kty"` or `"keys"` member.
    Json { jwk: bool },
    /// A JWK (`"kty"`) after other text.
    EmbeddedJwk,
    /// Base64 or hex of a DER key structure; `alone` when nothing else is in the text.
    Der {
        der: Zeroizing<Vec<u8>>,
        structure: Structure,
        encoding: &'static str,
        alone: bool,
    },
    /// An OpenSSH public key or certificate, with its type name (`ssh-rsa`).
    OpenSsh { key_type: String },
    /// An RFC 4716 block: a public key (with the type its body names) or an SSH.com private key.
    Ssh2 { private: bool, key_type: Option<String> },
    /// A PuTTY private key file.
    Putty,
    /// 64 bytes that are an Ed25519 seed followed by the public key it gives (base64, as
    /// Coinbase's CDP issues Ed25519 API keys, and libsodium's secret-key layout).
    Ed25519Pair { bytes: Zeroizing<Vec<u8>> },
    /// Key material under a layer of encoding the text as a whole is written in (`layer`:
    /// base64 of a PEM file as a Kubernetes Secret stores it, a JSON string, percent-encoding).
    Encoded { inner: Box<Found>, layer: &'static str },
}

impl Found {
    /// What was found, for messages (never any of its contents beyond type names).
    pub(crate) fn describe(&self) -> String {
        match self {
            Found::Pem { label: Some(label) } => format!("a PEM block (BEGIN {label})"),
            Found::Pem { label: None } => "PEM text (-----BEGIN)".into(),
            Found::Json { .. } | Found::EmbeddedJwk => "a JWK (JSON key)".into(),
            Found::Der {
                structure, encoding, ..
            } => format!("{} as {encoding} DER", structure.name()),
            Found::OpenSsh { key_type } if key_type.contains("-cert-") => {
                format!("an OpenSSH certificate ({key_type})")
            }
            Found::OpenSsh { key_type } => format!("an OpenSSH public key ({key_type})"),
            Found::Ssh2 { private: true, .. } => "an SSH.com (SSH2) private key".into(),
            Found::Ssh2 {
                key_type: Some(key_type),
                ..
            } => format!("an RFC 4716 SSH2 public key ({key_type})"),
            Found::Ssh2 { key_type: None, .. } => "an RFC 4716 SSH2 public key".into(),
            Found::Putty => "a PuTTY private key (.ppk)".into(),
            Found::Ed25519Pair { .. } => {
                "an Ed25519 private key (the 32-byte seed and the public key, as base64)".into()
            }
            Found::Encoded { inner, layer } => format!("{} written as {layer}", inner.describe()),
        }
    }
}

/// What `from_text` says about key material it does not import: how to convert it, or that its
/// type is not supported.
pub(crate) fn refusal(found: &Found) -> Error {
    let unsupported = |key_type: &str| -> Option<Error> {
        let family = match key_type {
            "ssh-ed448" => "Ed448",
            "ssh-dss" => "DSA",
            name if name.starts_with("ecdsa-") && !super::openssh::readable(name) => "EC (elliptic curve)",
            name if name.starts_with("sk-") => "FIDO security key",
            _ => return None,
        };
        Some(Error::KeyUnsupported {
            key_type: format!("{family} ({})", found.describe()),
        })
    };
    const TO_PEM: &str = "jwtmint reads public keys as PEM, JWK or OpenSSH lines";
    let detail = match found {
        Found::OpenSsh { key_type } if key_type.contains("-cert-") => format!(
            "this is {}; {TO_PEM}: convert the key it certifies (the .pub file beside it) with `ssh-keygen -e -m PKCS8 -f key.pub` and paste the -----BEGIN PUBLIC KEY----- block it prints",
            found.describe()
        ),
        Found::OpenSsh { key_type } => {
            if let Some(error) = unsupported(key_type) {
                return error;
            }
            format!(
                "this is {}; {TO_PEM}: convert it with `ssh-keygen -e -m PKCS8 -f key.pub` and paste the -----BEGIN PUBLIC KEY----- block it prints",
                found.describe()
            )
        }
        Found::Ssh2 { private: false, key_type } => {
            if let Some(error) = key_type.as_deref().and_then(unsupported) {
                return error;
            }
            format!(
                "this is {}; {TO_PEM}: convert it with `ssh-keygen -i -f key.pub > key.openssh.pub`, then `ssh-keygen -e -m PKCS8 -f key.openssh.pub`, and paste the -----BEGIN PUBLIC KEY----- block it prints",
                found.describe()
            )
        }
        Found::Ssh2 { private: true, .. } => "this is an SSH.com (SSH2) private key; convert it with `ssh-keygen -i -f key > key.openssh`, and paste key.openssh (jwtmint reads unencrypted OpenSSH private keys)".into(),
        Found::Putty => "this is a PuTTY private key (.ppk); export it with `puttygen key.ppk -O private-openssh -o key.pem` and paste key.pem".into(),
        Found::EmbeddedJwk => "this text holds a JWK (a \"kty\" member) after other text or not as JSON; paste only the JSON object, from { to }".into(),
        Found::Encoded { .. } => format!(
            "this is {}; decode it and paste the key itself",
            found.describe()
        ),
        Found::Der { .. } => format!(
            "this text holds {} among other text; paste only the key, or its PEM block",
            found.describe()
        ),
        // `from_text` imports these.
        Found::Pem { .. } | Found::Json { .. } | Found::Ed25519Pair { .. } => format!("this is {}", found.describe()),
    };
    Error::key_parse(detail)
}

/// The key material in a secret given as `text` in `encoding` that decoded to `bytes`. A JSON
/// object counts only when it has `"kty"` or `"keys"` (a secret may begin with `{`).
pub(crate) fn in_secret(text: &str, bytes: &[u8], encoding: SecretEncoding) -> Option<Found> {
    match sniff(text) {
        Some(Found::Json { jwk: false }) => None,
        Some(found) => Some(found),
        None if encoding == SecretEncoding::Utf8 => None,
        None => sniff_bytes(bytes).filter(|found| !matches!(found, Found::Json { jwk: false })),
    }
}

/// Whitespace and the invisible characters that copying adds around or inside a key: the
/// byte-order mark U+FEFF, zero-width space, non-joiner and joiner, the word joiner and the
/// soft hyphen U+00AD (which word processors put into long words).
pub(crate) fn is_padding(character: char) -> bool {
    character.is_whitespace()
        || matches!(
            character,
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{ad}'
        )
}

/// The text without padding around it.
pub(crate) fn trim(text: &str) -> &str {
    text.trim_matches(is_padding)
}

/// How many layers of encoding around the whole text are taken off (base64 of a JSON string
/// holding a JWK is two).
const MAX_LAYERS: u8 = 2;
/// The longest text whose layers are taken off: base64 of the hex of the largest DER read.
const MAX_LAYERED: usize = MAX_DER * 6;

/// The key material in `text`, if there is any.
pub(crate) fn sniff(text: &str) -> Option<Found> {
    sniff_in(text, MAX_LAYERS)
}

/// The key material in `text`, taking off up to `layers` layers of encoding.
fn sniff_in(text: &str, layers: u8) -> Option<Found> {
    let text = trim(text);
    if text.contains("PuTTY-User-Key-File-") {
        return Some(Found::Putty);
    }
    if let Some(start) = text.find("---- BEGIN SSH2 ") {
        let header = text.get(start..).unwrap_or_default();
        let header = header
            .get(..header.find('\n').unwrap_or(header.len()))
            .unwrap_or_default();
        return Some(Found::Ssh2 {
            private: !header.contains("PUBLIC KEY"),
            key_type: ssh_blob(text),
        });
    }
    if pem::looks_like_pem(text) {
        return Some(Found::Pem {
            label: pem_label(text),
        });
    }
    let object = text.starts_with('{');
    if object && is_jwk(text) {
        return Some(Found::Json { jwk: true });
    }
    if names_kty(text) {
        return Some(Found::EmbeddedJwk);
    }
    if let Some(key_type) = ssh_blob(text) {
        return Some(Found::OpenSsh { key_type });
    }
    if let Some(bytes) = whole(text, Alphabet::Base64).filter(|bytes| is_ed25519_pair(bytes)) {
        return Some(Found::Ed25519Pair { bytes });
    }
    der_text(text)
        .or_else(|| {
            let layers = layers.checked_sub(1)?;
            (text.len() <= MAX_LAYERED)
                .then(|| unwrap(text, layers))
                .flatten()
        })
        .or_else(|| object.then_some(Found::Json { jwk: false }))
}

/// The key material in the bytes of a secret that was given in an encoding (`base64`, `hex`):
/// the same forms when they are text, and the DER structures themselves.
pub(crate) fn sniff_bytes(bytes: &[u8]) -> Option<Found> {
    sniff_bytes_in(bytes, MAX_LAYERS)
}

fn sniff_bytes_in(bytes: &[u8], layers: u8) -> Option<Found> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Some(found) = sniff_in(text, layers) {
            return Some(found);
        }
    }
    if is_ed25519_pair(bytes) {
        return Some(Found::Ed25519Pair {
            bytes: Zeroizing::new(bytes.to_vec()),
        });
    }
    let structure = der_structure(bytes)?;
    Some(Found::Der {
        der: Zeroizing::new(bytes.to_vec()),
        structure,
        encoding: "raw",
        alone: true,
    })
}

/// Whether `text`, which begins with `{`, is a JWK or JWKS: a JSON object with a `kty` or
/// `keys` member, however its names are escaped; or, when it is no JSON (a Python dict), text
/// that names a `kty` member.
fn is_jwk(text: &str) -> bool {
    let parsed = crate::json::check_depth(text)
        .ok()
        .and_then(|()| serde_json::from_str::<serde_json::Value>(text).ok());
    match parsed.as_ref().and_then(serde_json::Value::as_object) {
        Some(members) => members.contains_key("kty") || members.contains_key("keys"),
        None => names_kty(text),
    }
}

/// Whether the text names a `kty` member as JSON, a JSON string, a Python dict or YAML write it:
/// the word `kty`, quotes or backslashes, then `:`.
fn names_kty(text: &str) -> bool {
    text.match_indices("kty").any(|(index, _)| {
        let word = index
            .checked_sub(1)
            .and_then(|before| text.as_bytes().get(before))
            .map_or(true, |byte| !byte.is_ascii_alphanumeric());
        let after = text.get(index + 3..).unwrap_or_default();
        word && after
            .trim_start_matches(['"', '\'', '\\', ' ', '\t'])
            .starts_with(':')
    })
}

/// A decoding of the whole text, or `None` when the text is not written that way.
type Layer = fn(&str) -> Option<Zeroizing<Vec<u8>>>;

/// Key material under one layer of encoding of the whole text, looked for in what the layer
/// decodes to with `layers` more layers taken off.
fn unwrap(text: &str, layers: u8) -> Option<Found> {
    const LAYERS: [(&str, Layer); 5] = [
        ("a JSON string or with backslash escapes", unescape),
        ("percent-encoding", percent),
        ("a hex dump", hex_dump),
        ("base64", |text| whole(text, Alphabet::Base64)),
        ("hex", |text| whole(text, Alphabet::Hex)),
    ];
    LAYERS.iter().find_map(|&(layer, decode)| {
        let inner = sniff_bytes_in(&decode(text)?, layers)
            .filter(|found| !matches!(found, Found::Json { jwk: false }))?;
        Some(Found::Encoded {
            inner: Box::new(inner),
            layer,
        })
    })
}

/// Text with backslash escapes (`\/` as PHP writes it, `\"`, `\u006b`), or a JSON string
/// literal, unescaped; unknown escapes are kept.
fn unescape(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    if !text.contains('\\') {
        return None;
    }
    let text = text
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(text);
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let mut rest = text;
    while let Some(index) = rest.find('\\') {
        out.push_str(rest.get(..index).unwrap_or_default());
        let escape = rest.get(index + 1..).unwrap_or_default();
        let (character, len) = match escape.as_bytes().first() {
            Some(b'n') => ('\n', 1),
            Some(b'r') => ('\r', 1),
            Some(b't') => ('\t', 1),
            Some(&byte @ (b'"' | b'/' | b'\\' | b'\'')) => (char::from(byte), 1),
            Some(b'u') => match escape
                .get(1..5)
                .and_then(|digits| hex_number(digits.as_bytes()))
                .and_then(char::from_u32)
            {
                Some(character) => (character, 5),
                None => ('\\', 0),
            },
            _ => ('\\', 0),
        };
        out.push(character);
        rest = escape.get(len..).unwrap_or_default();
    }
    out.push_str(rest);
    Some(Zeroizing::new(std::mem::take(&mut *out).into_bytes()))
}

/// Percent-encoded text (`%2B`, `%2F`, `%3D`, `%0A`) decoded; a `%` without two hex digits is
/// kept.
fn percent(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    if !text.contains('%') {
        return None;
    }
    let mut out = Zeroizing::new(Vec::with_capacity(text.len()));
    let mut bytes = text.as_bytes();
    while let Some((&byte, rest)) = bytes.split_first() {
        match rest.get(..2).and_then(hex_number) {
            Some(decoded) if byte == b'%' => {
                out.push(decoded as u8);
                bytes = rest.get(2..).unwrap_or_default();
            }
            _ => {
                out.push(byte);
                bytes = rest;
            }
        }
    }
    Some(out)
}

/// The number that hex digits (an even count, at most 8) write.
fn hex_number(digits: &[u8]) -> Option<u32> {
    let mut bytes = [0u8; 4];
    let decoded = base16ct::mixed::decode(digits, &mut bytes).ok()?;
    Some(
        decoded
            .iter()
            .fold(0, |number, &byte| number << 8 | u32::from(byte)),
    )
}

/// The bytes of an `xxd` dump (`00000000: 3082 0122 300d …  0.."0...`): on each line the hex
/// groups between the offset and the two spaces before the characters column.
fn hex_dump(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    let mut digits = Zeroizing::new(String::new());
    for line in text.lines() {
        let (offset, rest) = line.trim().split_once(": ")?;
        if offset.is_empty() || !offset.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return None;
        }
        let groups = rest.split("  ").next().unwrap_or_default();
        digits.extend(groups.chars().filter(|&character| character != ' '));
    }
    decode(&digits, Alphabet::Hex).map(|(bytes, _)| bytes)
}

/// The whole text as base64 or hex (line breaks and padding allowed), decoded.
fn whole(text: &str, alphabet: Alphabet) -> Option<Zeroizing<Vec<u8>>> {
    let run = gather(text, 0, usize::MAX, alphabet);
    let after = text.get(run.end..).unwrap_or_default();
    if run.chars.is_empty()
        || !after
            .chars()
            .all(|character| character == '=' || is_padding(character))
    {
        return None;
    }
    decode(&run.chars, alphabet).map(|(bytes, _)| bytes)
}

/// Whether `bytes` are 32 bytes of an Ed25519 seed and the 32-byte public key that seed gives:
/// random bytes pass with a chance of 2^-256.
fn is_ed25519_pair(bytes: &[u8]) -> bool {
    use crate::signature::eddsa::{EdPrivate, EdPublic};
    let (Some(seed), Some(public)) = (bytes.get(..32), bytes.get(32..)) else {
        return false;
    };
    bytes.len() == 64
        && EdPublic::from_bytes(public, "")
            .and_then(|public| EdPrivate::from_seed(seed, Some(&public)))
            .is_ok()
}

/// The label of the first PEM block, for messages: only when it is made of the capital letters,
/// digits and spaces that labels are made of, so that no other text (a secret, control or
/// bidirectional characters) reaches a message.
fn pem_label(text: &str) -> Option<String> {
    let after = text.get(text.find("-----BEGIN")? + "-----BEGIN".len()..)?;
    let label = after.get(..after.find("-----")?)?.trim();
    let plain = label
        .bytes()
        .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit() || byte == b' ');
    (plain && !label.is_empty() && label.len() <= 64).then(|| label.to_owned())
}

/// A DER structure of a size that counts as key material.
fn der_structure(der: &[u8]) -> Option<Structure> {
    if der.len() < MIN_DER || der.len() > MAX_DER {
        return None;
    }
    der::structure(der)
}

/// What a run of characters is written in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Alphabet {
    Base64,
    Hex,
}

impl Alphabet {
    fn accepts(self, byte: u8) -> bool {
        match self {
            Alphabet::Base64 => byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/' | b'-' | b'_'),
            Alphabet::Hex => byte.is_ascii_hexdigit(),
        }
    }

    /// The characters that encode `bytes` bytes, without padding.
    fn chars_for(self, bytes: usize) -> usize {
        match self {
            Alphabet::Base64 => (bytes * 4).div_ceil(3),
            Alphabet::Hex => bytes * 2,
        }
    }
}

/// Characters of one alphabet gathered from the text, and where reading stopped.
struct Run {
    chars: Zeroizing<String>,
    end: usize,
}

/// What may separate the characters of a key written in base64 or hex: the escapes `\n`, `\r`
/// and `\t` (keys copied out of JSON), HTML line breaks and quoted-printable soft line breaks.
const SEPARATORS: [&str; 8] = ["\\n", "\\r", "\\t", "<br>", "<br/>", "<br />", "=\n", "=\r\n"];

/// Gathers up to `want` characters of `alphabet` from `text` at byte `start`, over padding
/// characters, [`SEPARATORS`] and, in hex, the `:` between pairs (`30:82:01:22`), until any other
/// character.
fn gather(text: &str, start: usize, want: usize, alphabet: Alphabet) -> Run {
    let mut chars = Zeroizing::new(String::with_capacity(want.min(MAX_DER * 2)));
    let mut rest = text.get(start..).unwrap_or_default();
    while chars.len() < want {
        let Some(character) = rest.chars().next() else {
            break;
        };
        if let Some(after) = SEPARATORS
            .iter()
            .find_map(|separator| rest.strip_prefix(separator))
        {
            rest = after;
            continue;
        }
        let wanted = character.is_ascii() && alphabet.accepts(character as u8);
        let separator = is_padding(character) || (alphabet == Alphabet::Hex && character == ':');
        if !wanted && !separator {
            break;
        }
        if wanted {
            chars.push(character);
        }
        rest = rest.get(character.len_utf8()..).unwrap_or_default();
    }
    Run {
        chars,
        end: text.len() - rest.len(),
    }
}

const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const STANDARD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);

/// Decodes gathered characters; base64 in one alphabet, standard or URL-safe.
fn decode(chars: &str, alphabet: Alphabet) -> Option<(Zeroizing<Vec<u8>>, &'static str)> {
    match alphabet {
        Alphabet::Hex => {
            let mut bytes = Zeroizing::new(vec![0u8; chars.len() / 2]);
            base16ct::mixed::decode(chars.as_bytes(), &mut bytes).ok()?;
            Some((bytes, "hex"))
        }
        Alphabet::Base64 => {
            let url = chars.contains(['-', '_']);
            if url && chars.contains(['+', '/']) {
                return None;
            }
            let (engine, name) = if url {
                (URL_SAFE, "base64url")
            } else {
                (STANDARD, "base64")
            };
            engine
                .decode(chars.as_bytes())
                .ok()
                .map(|bytes| (Zeroizing::new(bytes), name))
        }
    }
}

/// The most characters of the same alphabet glued in front of a key (`pk` before base64 DER)
/// that are looked past.
const MAX_GLUED: usize = 16;

/// Positions where a key written in `alphabet` could begin with `prefix`: after a character
/// outside the alphabet, or at most [`MAX_GLUED`] characters into a run (so each position costs
/// a bounded look back).
fn starts<'a>(text: &'a str, prefix: &'a str, alphabet: Alphabet) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(prefix).filter_map(move |(index, _)| {
        let before = text.as_bytes().get(..index).unwrap_or_default();
        let glued = before
            .iter()
            .rev()
            .take(MAX_GLUED + 1)
            .take_while(|&&byte| alphabet.accepts(byte))
            .count();
        (glued <= MAX_GLUED).then_some(index)
    })
}

/// Base64 or hex of a DER key structure anywhere in the text. The first bytes give the
/// structure's length, so exactly its characters are read: trailing text or `=` does not matter.
fn der_text(text: &str) -> Option<Found> {
    for (prefix, alphabet) in [("M", Alphabet::Base64), ("30", Alphabet::Hex)] {
        let mut resume = 0;
        for start in starts(text, prefix, alphabet) {
            if start < resume {
                continue;
            }
            // Tag, then up to 4 length bytes (`asn1::Reader` reads no more), fit in 6 bytes.
            let head = gather(text, start, alphabet.chars_for(6), alphabet);
            let Some((head_bytes, _)) = decode(&head.chars, alphabet) else {
                continue;
            };
            let Some(total) = declared_len(&head_bytes) else {
                continue;
            };
            if !(MIN_DER..=MAX_DER).contains(&total) {
                continue;
            }
            let run = gather(text, start, alphabet.chars_for(total), alphabet);
            resume = run.end;
            let Some((der, encoding)) = decode(&run.chars, alphabet) else {
                continue;
            };
            let Some(structure) = der.get(..total).and_then(der_structure) else {
                continue;
            };
            let after = text.get(run.end..).unwrap_or_default();
            let alone = start == 0
                && after
                    .chars()
                    .all(|character| character == '=' || is_padding(character));
            return Some(Found::Der {
                der: Zeroizing::new(der.get(..total).unwrap_or_default().to_vec()),
                structure,
                encoding,
                alone,
            });
        }
    }
    None
}

/// The length of the SEQUENCE whose first bytes are `head`, header included, from the length
/// octets as `asn1::Reader` reads them (definite, at most 4 bytes).
fn declared_len(head: &[u8]) -> Option<usize> {
    let (&tag, rest) = head.split_first()?;
    if tag != super::asn1::SEQUENCE {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    if first < 0x80 {
        return Some(2 + usize::from(first));
    }
    let count = usize::from(first & 0x7f);
    let digits = rest.get(..count).filter(|_| (1..=4).contains(&count))?;
    let len = digits
        .iter()
        .fold(0usize, |len, &digit| len << 8 | usize::from(digit));
    len.checked_add(2 + count)
}

/// The key type an OpenSSH key blob names (`AAAAB3NzaC1yc2E…` is `ssh-rsa`), anywhere in the
/// text: an OpenSSH public key or certificate line, with or without its type word and the
/// options of an `authorized_keys` line, or the body of an RFC 4716 block.
fn ssh_blob(text: &str) -> Option<String> {
    starts(text, "AAAA", Alphabet::Base64).find_map(|start| {
        let head = gather(text, start, Alphabet::Base64.chars_for(4), Alphabet::Base64);
        let (length, _) = decode(&head.chars, Alphabet::Base64)?;
        let length = u32::from_be_bytes(length.get(..4)?.try_into().ok()?) as usize;
        if !(3..=MAX_SSH_NAME).contains(&length) {
            return None;
        }
        let run = gather(
            text,
            start,
            Alphabet::Base64.chars_for(4 + length),
            Alphabet::Base64,
        );
        let (blob, _) = decode(&run.chars, Alphabet::Base64)?;
        let name = std::str::from_utf8(blob.get(4..4 + length)?).ok()?;
        let known = ["ssh-", "ecdsa-", "sk-", "x509v3-", "rsa-sha2-"]
            .iter()
            .any(|prefix| name.starts_with(prefix));
        let plain = name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'@' | b'.' | b'_'));
        (known && plain).then(|| name.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trivial_or_random_text_is_not_key_material() {
        for text in [
            "MAA=",
            "MAYCAQECAQE=",
            "3000",
            "secret",
            "ssh-rsa is what I use",
            "AAAA",
            "M",
            "30",
            "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", // the start of an SPKI, cut off
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "3082012230820122308201223082012230820122308201223082012230820122",
            "y3mzZ2Xm0m9c7n4hV5cQ8b8v1QeJx4o8ZB6Qp3WbV2w=",
        ] {
            assert!(sniff(text).is_none(), "{text}");
        }
        assert_eq!(declared_len(&[0x30, 0x82, 0x01, 0x22]), Some(294));
        assert_eq!(declared_len(&[0x30, 0x80]), None);
        assert_eq!(declared_len(&[0x02, 0x01]), None);
    }

    #[test]
    fn bounded_on_hostile_text() {
        // Every line starts a plausible 64 KB SEQUENCE that is never complete.
        let line = "MIL/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n";
        let text = line.repeat(20_000);
        assert!(sniff(&text).is_none());
        let blobs = "AAAAQAAA ".repeat(100_000);
        assert!(sniff(&blobs).is_none());
        // Layers of hostile text: escapes, percent signs, dump lines, base64 of the lines above.
        for text in [
            "\\u00".repeat(60_000),
            "%25%".repeat(60_000),
            "0: 30 ".repeat(60_000),
            STANDARD.encode(line.repeat(3_000)),
        ] {
            assert!(sniff(&text).is_none());
        }
    }
}
