//! GitHub App: RS256 with the app's private key; `iat` 60 s in the past against clock drift,
//! `exp` at most 10 minutes ahead, `iss` the app's client id (or app id); `GET /app`.

use super::fields::field;
use super::{
    lifetime, minted, now, object, private_key, sign_with, Brings, Field, FieldKind, Fields, MintOptions,
    Minted, Preset,
};
use crate::error::Result;
use crate::request::Request;
use crate::Algorithm;
use serde_json::json;

pub(super) const PRESET: Preset = Preset {
    id: "github-app",
    name: "GitHub App",
    description: "RS256 JWT that authenticates as a GitHub App (then exchange it for an installation token)",
    docs_url: "https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app",
    brings: Brings::RsaPrivateKey,
    algorithm: Some("RS256"),
    max_lifetime: Some(600),
    notes: &[
        "Generate the private key on the app's settings page (Private keys → Generate a private key); GitHub downloads a .pem file.",
        "iat is set 60 seconds in the past, as GitHub recommends against clock drift; exp may be at most 10 minutes ahead.",
        "For GitHub Enterprise Server, set the API URL to https://HOSTNAME/api/v3.",
    ],
    fields: &[
        Field { secret: true, ..field("private_key", "Private key (PEM)", "The .pem file GitHub generated for the app", FieldKind::Pem) },
        field("client_id", "Client ID (iss)", "From the app's settings page, e.g. Iv23li...; the numeric app ID also works", FieldKind::Text),
        Field { default: Some("9m"), ..field("lifetime", "Lifetime", "exp = now + this; at most 10m", FieldKind::Lifetime) },
        Field { default: Some("https://api.github.com"), ..field("api_url", "API URL", "https://api.github.com, or https://HOSTNAME/api/v3 for Enterprise Server", FieldKind::Url) },
        Field { default: Some("/app"), ..field("path", "API path", "/app shows the app; /app/installations lists installations", FieldKind::Path) },
    ],
    mint,
};

fn mint(fields: &Fields, options: &MintOptions) -> Result<Minted> {
    let key = private_key(fields, "private_key", Algorithm::RS256)?;
    let now = now(options)?;
    let expires_at = now + lifetime(fields, options, PRESET.max_lifetime)?;
    let header = object(json!({"alg": "RS256", "typ": "JWT"}));
    let claims = object(json!({"iat": now - 60, "exp": expires_at, "iss": fields.text("client_id")?}));
    let signed = sign_with(&key, Algorithm::RS256, header, claims, now)?;
    let request = Request {
        method: "GET".into(),
        url: format!(
            "{}{}",
            fields.text("api_url")?.trim_end_matches('/'),
            fields.text("path")?
        ),
        headers: vec![
            ("Accept".into(), "application/vnd.github+json".into()),
            ("Authorization".into(), format!("Bearer {}", signed.token)),
            ("X-GitHub-Api-Version".into(), "2022-11-28".into()),
        ],
        body: None,
    };
    Ok(minted(signed, Some(request)))
}
