//! Google service account, self-signed JWT (no OAuth exchange): the user pastes the whole JSON
//! key file; RS256 with its `private_key`, header `kid` = `private_key_id`, `iss` = `sub` =
//! `client_email`, `aud` = `https://<service>.googleapis.com/`, lifetime at most one hour.

use super::fields::field;
use super::{
    lifetime, minted, now, object, sign_with, Brings, Field, FieldKind, Fields, MintOptions, Minted, Preset,
};
use crate::error::{Error, Result};
use crate::json::{parse_json_object, Object, WipedObject};
use crate::key::{ImportOptions, Key};
use crate::request::Request;
use crate::Algorithm;
use serde_json::{json, Value};
use zeroize::Zeroizing;

pub(super) const PRESET: Preset = Preset {
    id: "google-service-account",
    name: "Google service account",
    description: "Self-signed RS256 JWT from a service account's JSON key file, for Google APIs that accept them",
    docs_url: "https://developers.google.com/identity/protocols/oauth2/service-account#jwt-auth",
    brings: Brings::KeyFile,
    algorithm: Some("RS256"),
    max_lifetime: Some(3600),
    notes: &[
        "Create the key in the Cloud console: IAM & Admin → Service accounts → Keys → Add key → JSON.",
        "The audience is the API's service endpoint, https://SERVICE.googleapis.com/; not every Google API accepts self-signed JWTs.",
    ],
    fields: &[
        Field { secret: true, ..field("key_file", "JSON key file", "The whole file, beginning {\"type\": \"service_account\"", FieldKind::Json) },
        Field { default: Some("pubsub"), ..field("service", "Service", "The API's host name before .googleapis.com, e.g. pubsub, storage, bigquery", FieldKind::Label) },
        Field { default: Some("/v1/projects/{project_id}/topics"), ..field("path", "API path", "{project_id} comes from the key file", FieldKind::Path) },
        Field { default: Some("1h"), ..field("lifetime", "Lifetime", "exp = iat + this; at most 1h", FieldKind::Lifetime) },
    ],
    mint,
};

fn member<'a>(file: &'a Object, name: &str) -> Result<&'a str> {
    match file.get(name) {
        Some(Value::String(text)) if !text.is_empty() => Ok(text),
        _ => Err(bad(format!(
            "the key file has no \"{name}\"; download a new JSON key"
        ))),
    }
}

fn bad(problem: String) -> Error {
    Error::FieldsInvalid {
        problems: vec![("key_file".into(), problem)],
    }
}

fn mint(fields: &Fields, options: &MintOptions) -> Result<Minted> {
    let file = Zeroizing::new(fields.text("key_file")?.to_owned());
    let file = WipedObject(parse_json_object(&file, "the key file").map_err(Error::in_field("key_file"))?);
    let file = &file.0;
    if file.contains_key("installed") || file.contains_key("web") {
        return Err(bad(
            "this is an OAuth client file, not a service account key; download a key under Service accounts → Keys".into(),
        ));
    }
    if file.get("type").and_then(Value::as_str) != Some("service_account") {
        return Err(bad(
            "not a service account key: \"type\" must be \"service_account\"".into(),
        ));
    }
    let pem = Zeroizing::new(member(file, "private_key")?.to_owned());
    let key = Key::from_text(&pem, &ImportOptions::default()).map_err(Error::in_field("key_file"))?;
    let email = member(file, "client_email")?;
    let service = fields.text("service")?;
    let issued_at = now(options)?;
    let expires_at = issued_at + lifetime(fields, options, PRESET.max_lifetime)?;
    let header = object(json!({"alg": "RS256", "typ": "JWT", "kid": member(file, "private_key_id")?}));
    let claims = object(json!({
        "iss": email,
        "sub": email,
        "aud": format!("https://{service}.googleapis.com/"),
        "iat": issued_at,
        "exp": expires_at,
    }));
    let signed = sign_with(&key, Algorithm::RS256, header, claims, issued_at)?;
    let path = fields.text("path")?;
    let path = if path.contains("{project_id}") {
        path.replace(
            "{project_id}",
            &super::fields::path_segment(member(file, "project_id")?),
        )
    } else {
        path.to_owned()
    };
    let request = Request {
        method: "GET".into(),
        url: format!("https://{service}.googleapis.com{path}"),
        headers: vec![("Authorization".into(), format!("Bearer {}", signed.token))],
        body: None,
    };
    Ok(minted(signed, Some(request)))
}
