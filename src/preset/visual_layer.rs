//! Visual Layer cloud API: HS256 with the API secret; header `{alg, typ, kid: api_key}`, claims
//! `{sub: api_key, iat, exp: iat + 10 min, iss: "sdk"}`; `GET <base>/api/v1/dataset/<id>`.

use super::fields::field;
use super::fields::path_segment;
use super::{
    lifetime, minted, now, object, sign_with, Brings, Field, FieldKind, Fields, MintOptions, Minted, Preset,
};
use crate::error::Result;
use crate::key::{Key, SecretEncoding};
use crate::request::Request;
use crate::Algorithm;
use serde_json::json;

pub(super) const PRESET: Preset = Preset {
    id: "visual-layer",
    name: "Visual Layer",
    description: "HS256 JWT from your Visual Layer API key and secret, for the cloud API",
    docs_url: "https://docs.visual-layer.com/docs/Authentication",
    brings: Brings::KeyAndSecret,
    algorithm: Some("HS256"),
    max_lifetime: None,
    notes: &[
        "Get the key and secret at https://app.visual-layer.com/api/v1/api_credentials while logged in; the secret is shown once.",
        "On-premises deployments need no token: call them without an Authorization header.",
    ],
    fields: &[
        field("api_key", "API key", "Goes into kid and sub", FieldKind::Text),
        Field { secret: true, ..field("api_secret", "API secret", "Signs the token (its UTF-8 bytes)", FieldKind::Text) },
        Field { default: Some("https://app.visual-layer.com"), ..field("base_url", "Base URL", "Change for another deployment", FieldKind::Url) },
        field("dataset_id", "Dataset id", "The dataset to fetch", FieldKind::Text),
        Field { default: Some("10m"), ..field("lifetime", "Lifetime", "exp = iat + this; the docs use 10 minutes", FieldKind::Lifetime) },
    ],
    mint,
};

fn mint(fields: &Fields, options: &MintOptions) -> Result<Minted> {
    let key = Key::from_secret(fields.text("api_secret")?, SecretEncoding::Utf8)
        .map_err(crate::Error::in_field("api_secret"))?;
    let api_key = fields.text("api_key")?;
    let issued_at = now(options)?;
    let expires_at = issued_at + lifetime(fields, options, PRESET.max_lifetime)?;
    let header = object(json!({"alg": "HS256", "typ": "JWT", "kid": api_key}));
    let claims = object(json!({"sub": api_key, "iat": issued_at, "exp": expires_at, "iss": "sdk"}));
    let signed = sign_with(&key, Algorithm::HS256, header, claims, issued_at)?;
    let base = fields.text("base_url")?.trim_end_matches('/');
    let request = Request {
        method: "GET".into(),
        url: format!(
            "{base}/api/v1/dataset/{}",
            path_segment(fields.text("dataset_id")?)
        ),
        headers: vec![("Authorization".into(), format!("Bearer {}", signed.token))],
        body: None,
    };
    Ok(minted(signed, Some(request)))
}
