//! DataOS: no signing. The user's opaque API key goes into the request as a Bearer token (the
//! general rule), an `apikey` header (Lens GraphQL, BI sync) or an `?apikey=` query parameter
//! (older Talos APIs, deprecated).

use super::fields::field;
use super::{Brings, Field, FieldKind, Fields, MintOptions, Minted, Preset};
use crate::error::Result;
use crate::request::Request;

pub(super) const PRESET: Preset = Preset {
    id: "dataos",
    name: "DataOS",
    description: "Your DataOS API key in a ready request (no token is signed)",
    docs_url: "https://dataos.info/interfaces/",
    brings: Brings::ApiKey,
    algorithm: None,
    max_lifetime: None,
    notes: &[
        "Create a key in the UI (Profile → Tokens → Add API Key) or with `dataos-ctl user apikey create -n NAME -d 24h`; list keys with `dataos-ctl user apikey get`.",
        "The ?apikey= query parameter is deprecated (older Talos APIs) and puts the key in logs; prefer the Bearer header.",
    ],
    fields: &[
        Field { secret: true, ..field("api_key", "API key", "The key from DataOS, sent as it is", FieldKind::Text) },
        field("context", "Context", "The first part of the host: <context>.dataos.app", FieldKind::Label),
        field("path", "API path", "e.g. /lens2/api/<workspace>:<lens>/v2/load", FieldKind::Path),
        Field { default: Some("bearer"), ..field("placement", "Send the key as", "bearer: Authorization: Bearer (default); header: apikey header; query: ?apikey= (deprecated)", FieldKind::Choice(&["bearer", "header", "query"])) },
        Field { default: Some("GET"), ..field("method", "Method", "HTTP method", FieldKind::Choice(&["GET", "POST", "PUT", "PATCH", "DELETE"])) },
        Field { required: false, ..field("body", "Body (JSON)", "Sent as application/json when given", FieldKind::Multiline) },
    ],
    mint,
};

fn mint(fields: &Fields, _options: &MintOptions) -> Result<Minted> {
    let key = fields.text("api_key")?;
    let context = fields.text("context")?;
    let mut url = format!("https://{context}.dataos.app{}", fields.text("path")?);
    let mut headers = Vec::new();
    match fields.text("placement")? {
        "header" => headers.push(("apikey".to_owned(), key.to_owned())),
        "query" => {
            let separator = if url.contains('?') { '&' } else { '?' };
            url = format!("{url}{separator}apikey={}", super::fields::path_segment(key));
        }
        _ => headers.push(("Authorization".to_owned(), format!("Bearer {key}"))),
    }
    let body = fields.get("body").map(str::to_owned);
    if body.is_some() {
        headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
    }
    Ok(Minted {
        token: None,
        header: None,
        payload: None,
        issued_at: None,
        expires_at: None,
        warnings: Vec::new(),
        request: Some(Request {
            method: fields.text("method")?.to_owned(),
            url,
            headers,
            body,
        }),
    })
}
