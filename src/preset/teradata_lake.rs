//! Teradata VantageCloud Lake: RS256 with the key pair made in the Lake console, a PAT inside.
//! Header `{alg, kid, typ}`; claims in the guide's order `aud, exp, iat, iss, org_id, multi-use,
//! pat, sub`; `POST https://<host>/api/tdrest/systems/<system>/queries`.

use super::fields::field;
use super::fields::path_segment;
use super::{
    lifetime, minted, now, object, private_key, sign_with, Brings, Field, FieldKind, Fields, MintOptions,
    Minted, Preset,
};
use crate::error::Result;
use crate::request::Request;
use crate::Algorithm;
use serde_json::json;

pub(super) const PRESET: Preset = Preset {
    id: "teradata-lake",
    name: "Teradata VantageCloud Lake",
    description: "RS256 JWT with your Lake key pair and personal access token, for Lake REST APIs such as Query Service",
    docs_url: "https://quickstarts.teradata.com/create-jwt-tokens-to-call-vantagecloud-lake-apis.html",
    brings: Brings::RsaPrivateKey,
    algorithm: Some("RS256"),
    max_lifetime: None,
    notes: &[
        "Create the PAT and the key pair in the Lake console: Account settings → Create → Access token, and Create → Key → Generate key pair (name it, e.g. primary).",
        "Find the organization id at https://<your-company>.innovationlabs.teradata.com/api/my-organization.",
    ],
    fields: &[
        Field { secret: true, ..field("private_key", "Private key (PEM)", "The .pem file downloaded from the Lake console", FieldKind::Pem) },
        Field { default: Some("primary"), ..field("kid", "Key name (kid)", "The key's name in the console", FieldKind::Text) },
        Field { secret: true, ..field("pat", "Personal access token", "The PAT shown once in the console", FieldKind::Text) },
        field("sub", "Lake user name (sub)", "Must be the owner of the PAT", FieldKind::Text),
        field("org_id", "Organization id", "From /api/my-organization, e.g. fd3463dee-3efe-4120-8153-0bb253547df7", FieldKind::Text),
        Field { default: Some("jwtmint"), ..field("iss", "Issuer (iss)", "Free text recorded in Lake's logs", FieldKind::Text) },
        Field { default: Some("true"), ..field("multi_use", "Multi-use", "Whether the token may be used more than once", FieldKind::Boolean) },
        Field { default: Some("1h"), ..field("lifetime", "Lifetime", "exp = iat + this (90s, 10m, 1h)", FieldKind::Lifetime) },
        field("host", "Host", "e.g. mycompany.innovationlabs.teradata.com", FieldKind::Host),
        field("system", "System", "The compute system, e.g. shared_demo", FieldKind::Text),
        Field { default: Some("/api/tdrest/systems/{system}/queries"), ..field("path", "API path", "{system} is filled in; the Vantage UI uses /api/query/tdrest/systems/{system}/queries", FieldKind::Path) },
        Field { default: Some("SEL * FROM dbc.dbcinfo"), ..field("sql", "SQL", "The query to run", FieldKind::Multiline) },
    ],
    mint,
};

fn mint(fields: &Fields, options: &MintOptions) -> Result<Minted> {
    let key = private_key(fields, "private_key", Algorithm::RS256)?;
    let issued_at = now(options)?;
    let expires_at = issued_at + lifetime(fields, options, PRESET.max_lifetime)?;
    let header = object(json!({"alg": "RS256", "kid": fields.text("kid")?, "typ": "JWT"}));
    let claims = object(json!({
        "aud": ["td:service:authentication"],
        "exp": expires_at,
        "iat": issued_at,
        "iss": fields.text("iss")?,
        "org_id": fields.text("org_id")?,
        "multi-use": fields.text("multi_use")? == "true",
        "pat": fields.text("pat")?,
        "sub": fields.text("sub")?,
    }));
    let signed = sign_with(&key, Algorithm::RS256, header, claims, issued_at)?;
    let path = fields
        .text("path")?
        .replace("{system}", &path_segment(fields.text("system")?));
    let body = json!({"query": fields.text("sql")?, "logMech": "JWT"});
    let request = Request {
        method: "POST".into(),
        url: format!("https://{}{path}", fields.text("host")?),
        headers: vec![
            ("Accept".into(), "application/json".into()),
            ("Authorization".into(), format!("Bearer {}", signed.token)),
            ("Content-Type".into(), "application/json".into()),
        ],
        body: Some(body.to_string()),
    };
    Ok(minted(signed, Some(request)))
}
