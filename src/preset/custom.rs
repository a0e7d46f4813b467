//! Custom: any algorithm and key, the header and claims as JSON, a lifetime, and a free-form
//! request in which `{token}` stands for the token.

use super::fields::field;
use super::{minted, now, private_key, Brings, Field, FieldKind, Fields, MintOptions, Minted, Preset};
use crate::error::{Error, Result};
use crate::json::parse_json_object;
use crate::key::{Key, SecretEncoding};
use crate::request::Request;
use crate::{Algorithm, IssuedAt, SignOptions};

const ALGORITHMS: &[&str] = &[
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
    "ES512", "EdDSA",
];

pub(super) const PRESET: Preset = Preset {
    id: "custom",
    name: "Custom",
    description: "Any algorithm, key, header and claims, and a request of your own",
    docs_url: "https://www.rfc-editor.org/rfc/rfc7519",
    brings: Brings::Any,
    algorithm: None,
    max_lifetime: None,
    notes: &[
        "HS* algorithms sign with a shared secret; RS* and PS* with an RSA private key; ES256, ES384 and ES512 with an EC private key on P-256, P-384 or P-521 (an Apple .p8 file is a P-256 key); EdDSA with an Ed25519 private key. Keys are PEM, JWK or OpenSSH files.",
        "In the request, {token} stands for the signed token.",
    ],
    fields: &[
        Field { default: Some("RS256"), ..field("alg", "Algorithm", "HS* use a secret; RS*/PS* an RSA key; ES256/384/512 a P-256/384/521 key; EdDSA an Ed25519 key", FieldKind::Choice(ALGORITHMS)) },
        Field { secret: true, ..field("key", "Key or secret", "A private key (PEM, JWK or OpenSSH: RSA, EC or Ed25519) or, for HS*, the secret", FieldKind::Key) },
        Field { default: Some("utf8"), ..field("secret_encoding", "Secret encoding", "How an HS* secret is written: utf8, base64, base64url or hex", FieldKind::Choice(&["utf8", "base64", "base64url", "hex"])) },
        Field { secret: true, required: false, ..field("passphrase", "Key passphrase", "Only for an encrypted private key (BEGIN ENCRYPTED PRIVATE KEY)", FieldKind::Text) },
        Field { required: false, ..field("header", "Header (JSON)", "Extra header members, e.g. {\"kid\": \"key-1\"}; alg is set from the algorithm and typ defaults to JWT", FieldKind::Json) },
        Field { default: Some("{}"), ..field("claims", "Claims (JSON)", "The payload; iat and exp are added from the lifetime", FieldKind::Json) },
        Field { default: Some("1h"), ..field("lifetime", "Lifetime", "exp = iat + this (90s, 10m, 1h)", FieldKind::Lifetime) },
        Field { default: Some("GET"), ..field("method", "Method", "HTTP method", FieldKind::Choice(&["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])) },
        Field { required: false, ..field("url", "URL", "Where to send the request; leave empty for just the token", FieldKind::Url) },
        Field { default: Some("Authorization: Bearer {token}"), ..field("headers", "Request headers", "One \"Name: value\" per line; {token} is the token", FieldKind::Multiline) },
        Field { required: false, ..field("body", "Body", "Sent exactly as typed; {token} is the token", FieldKind::Multiline) },
    ],
    mint,
};

fn mint(fields: &Fields, options: &MintOptions) -> Result<Minted> {
    let alg: Algorithm = fields.text("alg")?.parse()?;
    let key = if alg.name().starts_with("HS") {
        let encoding: SecretEncoding = fields.text("secret_encoding")?.parse()?;
        fields.key("key", alg, |text| {
            Key::from_secret(text, encoding).map_err(Error::in_field("key"))
        })?
    } else {
        private_key(fields, "key", alg)?
    };
    let mut sign_options = SignOptions::new(alg);
    if let Some(header) = fields.get("header") {
        sign_options.header = parse_json_object(header, "header").map_err(Error::in_field("header"))?;
    }
    let claims = parse_json_object(fields.text("claims")?, "claims").map_err(Error::in_field("claims"))?;
    sign_options.issued_at = IssuedAt::Now;
    sign_options.now = Some(now(options)?);
    sign_options.expires_in = Some(super::lifetime(fields, options, None)?);
    let signed = crate::sign(claims, &key, &sign_options).map_err(|error| match error {
        Error::ClaimInvalid { .. } => Error::in_field("claims")(error),
        Error::HeaderInvalid { .. } => Error::in_field("header")(error),
        Error::KeyAlgMismatch { .. } => Error::in_field("key")(error),
        other => other,
    })?;
    let request = match fields.get("url") {
        None => None,
        Some(url) => {
            let fill = |text: &str| text.replace("{token}", &signed.token);
            let request = Request {
                method: fields.text("method")?.to_owned(),
                url: url.to_owned(),
                headers: headers(fields.text("headers")?)?
                    .into_iter()
                    .map(|(name, value)| (name, fill(&value)))
                    .collect(),
                body: fields.get("body").map(fill),
            };
            Some(request)
        }
    };
    Ok(minted(signed, request))
}

/// Parses `Name: value` lines; blank lines are skipped. A bad line is named by its number, never
/// quoted: it may hold a token or an API key.
fn headers(text: &str) -> Result<Vec<(String, String)>> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index, line.trim()))
        .filter(|(_, line)| !line.is_empty())
        .map(|(index, line)| match line.split_once(':') {
            Some((name, value)) if !name.trim().is_empty() => {
                Ok((name.trim().to_owned(), value.trim().to_owned()))
            }
            _ => Err(Error::FieldsInvalid {
                problems: vec![(
                    "headers".into(),
                    format!(
                        "each line must be \"Name: value\"; line {} is not (it has no name before a colon)",
                        index + 1
                    ),
                )],
            }),
        })
        .collect()
}
