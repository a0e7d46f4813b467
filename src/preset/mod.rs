//! Service presets: what a vendor expects, as data. A preset is a JSON document (format 1, with
//! its JSON Schema in `pkg/preset.schema.json`; the built-in ones are in `presets/` at the top of
//! the repository) naming the fields a person fills in, the header and claims templates in the
//! vendor's documented order, the algorithm, key and lifetime, and the request to send, or an
//! exchange (RFC 7523) followed by the request. This module is the engine: [`Preset::from_json`]
//! reads and checks a document, [`mint`] fills one from field values and signs.

mod document;
mod engine;
mod fields;
mod files;
mod fill;
mod scope;
mod shape;
mod template;

pub use fields::{Field, FieldKind, Fields};
pub use files::{FileNameRule, KeyFileFill};

use crate::error::{Error, Result, Warning};
use crate::json::Object;
use crate::request::{Exchange, Part, Request};
use std::sync::OnceLock;

/// `(file name, document)` of a built-in preset in `presets/`.
macro_rules! built_in {
    ($id:literal) => {
        (
            concat!($id, ".json"),
            include_str!(concat!("../../presets/", $id, ".json")),
        )
    };
}

/// The built-in presets, in the order a form lists them: `(file name, document)`.
const BUILT_IN: [(&str, &str); 34] = [
    built_in!("teradata-lake"),
    built_in!("visual-layer"),
    built_in!("dataos"),
    built_in!("github-app"),
    built_in!("snowflake"),
    built_in!("google-service-account"),
    built_in!("google-oauth"),
    built_in!("google-id-token"),
    built_in!("firebase"),
    built_in!("app-store-connect"),
    built_in!("app-store-connect-individual"),
    built_in!("app-store-server"),
    built_in!("apns"),
    built_in!("sign-in-with-apple"),
    built_in!("musickit"),
    built_in!("weatherkit"),
    built_in!("apple-maps"),
    built_in!("netsuite"),
    built_in!("smart-backend"),
    built_in!("coinbase-advanced-trade"),
    built_in!("coinbase-cdp"),
    built_in!("salesforce"),
    built_in!("entra"),
    built_in!("okta"),
    built_in!("auth0"),
    built_in!("docusign"),
    built_in!("box"),
    built_in!("ghost"),
    built_in!("tableau"),
    built_in!("livekit"),
    built_in!("zoom-video-sdk"),
    built_in!("metabase"),
    built_in!("mux"),
    built_in!("custom"),
];

/// What the user brings to a preset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Brings {
    /// An RSA private key (PEM).
    RsaPrivateKey,
    /// An elliptic-curve private key (PEM, such as Apple's `.p8`).
    EcPrivateKey,
    /// A private key of any supported type.
    PrivateKey,
    /// An API key and its secret.
    KeyAndSecret,
    /// An opaque API key, sent as it is.
    ApiKey,
    /// A shared secret that signs (HS256), with no key id of its own.
    Secret,
    /// A JSON key file holding the private key and the account's ids.
    KeyFile,
    /// Whatever the chosen algorithm needs: a private key or a secret.
    Any,
}

impl Brings {
    fn from_name(name: &str) -> Option<Brings> {
        Some(match name {
            "rsa-private-key" => Brings::RsaPrivateKey,
            "ec-private-key" => Brings::EcPrivateKey,
            "private-key" => Brings::PrivateKey,
            "key-and-secret" => Brings::KeyAndSecret,
            "api-key" => Brings::ApiKey,
            "secret" => Brings::Secret,
            "key-file" => Brings::KeyFile,
            "any" => Brings::Any,
            _ => return None,
        })
    }
}

/// A service preset, read from its document. Serialized (camelCase) it is the descriptor a form
/// is rendered from.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preset {
    /// Stable id, e.g. `teradata-lake`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// One line saying what it is for.
    pub description: String,
    /// The vendor documentation this preset follows.
    pub docs_url: String,
    /// What the user brings.
    pub brings: Brings,
    /// The algorithm it signs with; `None` when it signs nothing or the user picks one.
    pub algorithm: Option<String>,
    /// The longest lifetime the vendor accepts, in seconds.
    pub max_lifetime: Option<i64>,
    /// Notes shown with the form (how to get credentials, deprecations, on-prem remarks).
    pub notes: Vec<String>,
    /// The fields, in form order.
    pub fields: Vec<Field>,
    /// Whether the token is first exchanged (RFC 7523) for the one the request carries.
    pub exchange: bool,
    /// Whether the vendor wants a new token for every request (Coinbase: the token names the
    /// request and lives two minutes), so a token source mints on every call.
    pub token_per_request: bool,
    /// The hosts its exchange and request go to, as a person reads them (`{host}` where a
    /// field gives it).
    pub hosts: Vec<String>,
    /// `built-in`, or the name the document was read under.
    pub source: String,
    #[serde(skip)]
    pub(crate) spec: document::Spec,
}

impl Preset {
    /// Reads and checks a preset document; `source` (a file name) starts every error message.
    ///
    /// ```
    /// let text = r#"{"format": 1, "id": "mine", "name": "Mine", "description": "d",
    ///   "docs": "https://example.com", "brings": "key-and-secret",
    ///   "fields": [{"name": "secret", "label": "Secret", "kind": "text", "secret": true}],
    ///   "algorithm": "HS256", "key": {"field": "secret"}, "claims": {"iat": "{now}", "exp": "{exp}"}}"#;
    /// let error = jwtmint::preset::Preset::from_json(text, "mine.json").unwrap_err();
    /// assert_eq!(error.to_string(), "mine.json: claims.exp: there is no lifetime: add a \"lifetime\" field or \"lifetime\": {\"default\": ...}");
    /// ```
    pub fn from_json(text: &str, source: &str) -> Result<Preset> {
        document::read(text, source)
    }

    /// The values a file loaded into `field` gives the other fields, by the field's
    /// `fromFileName` and `fromKeyFile` rules: `AuthKey_ABC123DEFG.p8` → `{"kid": "ABC123DEFG"}`,
    /// a Coinbase key file → its key name. `file_name` may be a path; `text` is the file's text.
    /// Nothing is filled by a file the rules do not match.
    ///
    /// ```
    /// let text = r#"{"format": 1, "id": "mine", "name": "Mine", "description": "d",
    ///   "docs": "https://example.com", "brings": "ec-private-key",
    ///   "fields": [{"name": "key", "label": "Key", "kind": "pem", "secret": true,
    ///               "fromFileName": {"prefix": "AuthKey_", "suffix": ".p8", "fills": "kid"}},
    ///              {"name": "kid", "label": "Key ID", "kind": "text"}],
    ///   "algorithm": "ES256", "key": {"field": "key"}, "header": {"kid": "{kid}"}}"#;
    /// let preset = jwtmint::preset::Preset::from_json(text, "mine.json").unwrap();
    /// let filled = preset.fields_from_file("key", "AuthKey_ABC123DEFG.p8", "-----BEGIN PRIVATE KEY-----").unwrap();
    /// assert_eq!(filled["kid"], "ABC123DEFG");
    /// ```
    pub fn fields_from_file(&self, field: &str, file_name: &str, text: &str) -> Result<Object> {
        files::fields_from_file(files::file_field(&self.fields, field)?, file_name, text)
    }

    /// Fills this preset from `values` (field name → text) and mints; `key` is an imported key
    /// standing in for the text of the key field it names (see [`mint_with_key`]).
    pub fn mint(
        &self,
        values: &Object,
        key: Option<(&str, &crate::key::Key)>,
        options: &MintOptions,
    ) -> Result<Minted> {
        let fields = Fields::validate(&self.fields, values, key)?;
        let minted = engine::mint(self, &fields, options)?;
        let requests = minted
            .exchange
            .iter()
            .map(|exchange| &exchange.request)
            .chain(minted.request.as_ref());
        for request in requests {
            let checked = match &minted.exchange {
                // The placeholder of the exchanged value is checked as the value's stand-in.
                Some(exchange) => Request {
                    url: request.url.replace(&format!("{{{}}}", exchange.read), "x"),
                    headers: request
                        .headers
                        .iter()
                        .map(|(name, value)| {
                            (
                                name.clone(),
                                value.replace(&format!("{{{}}}", exchange.read), "x"),
                            )
                        })
                        .collect(),
                    ..request.clone()
                },
                None => request.clone(),
            };
            if let Some((part, error)) = checked.problem() {
                return Err(request_problem(self, &fields, part, error));
            }
        }
        if let (Some(exchange), Some(request)) = (&minted.exchange, &minted.request) {
            exchange.check(request)?;
        }
        Ok(minted)
    }
}

/// Options for [`mint`].
#[derive(Clone, Debug, Default)]
pub struct MintOptions {
    /// The current time in seconds; the system clock when `None` (required in wasm).
    pub now: Option<i64>,
    /// A lifetime in seconds overriding the preset's (and its `lifetime` field).
    pub lifetime: Option<i64>,
}

/// A minted token (absent for presets that send an API key as it is) and the requests.
#[derive(Clone, Debug)]
pub struct Minted {
    /// The compact token, if the preset signs one.
    pub token: Option<String>,
    /// The header as signed.
    pub header: Option<Object>,
    /// The claims as signed.
    pub payload: Option<Object>,
    /// `iat`.
    pub issued_at: Option<i64>,
    /// `exp`.
    pub expires_at: Option<i64>,
    /// Remarks that did not stop minting.
    pub warnings: Vec<Warning>,
    /// The request to send, when the preset has one. After an exchange, its URL and header
    /// values hold `{access_token}` (the exchange's `read` name in braces) for the value read.
    pub request: Option<Request>,
    /// The token request to send first, when the preset exchanges the token.
    pub exchange: Option<Exchange>,
}

/// `{method, url, headers, body}`, and `http2: true` when the request needs HTTP/2 (absent
/// otherwise, so the JSON of every other request stays as it was).
fn request_json(request: &Request) -> serde_json::Value {
    let mut json = serde_json::json!({
        "method": request.method,
        "url": request.url,
        "headers": request
            .headers
            .iter()
            .map(|(name, value)| (name.clone(), serde_json::Value::String(value.clone())))
            .collect::<Object>(),
        "body": request.body,
    });
    if let (true, Some(object)) = (request.http2, json.as_object_mut()) {
        object.insert("http2".into(), true.into());
    }
    json
}

impl Minted {
    /// The JSON form the bindings return: `{token, header, payload, issuedAt, expiresAt,
    /// warnings: [{code, message}], request: {method, url, headers: {name: value}, body,
    /// http2?} | null, exchange: {method, url, headers, body, http2?, read} | null}` (`http2`
    /// only when true).
    pub fn to_json(&self) -> serde_json::Value {
        let exchange = self.exchange.as_ref().map(|exchange| {
            let mut json = request_json(&exchange.request);
            if let Some(object) = json.as_object_mut() {
                object.insert("read".into(), exchange.read.clone().into());
            }
            json
        });
        serde_json::json!({
            "token": self.token,
            "header": self.header,
            "payload": self.payload,
            "issuedAt": self.issued_at,
            "expiresAt": self.expires_at,
            "warnings": self
                .warnings
                .iter()
                .map(|warning| serde_json::json!({"code": warning.code, "message": warning.message}))
                .collect::<Vec<_>>(),
            "request": self.request.as_ref().map(request_json),
            "exchange": exchange,
        })
    }
}

static PRESETS: OnceLock<Vec<Preset>> = OnceLock::new();

/// Every built-in preset, in the order a form lists them.
pub fn presets() -> &'static [Preset] {
    PRESETS.get_or_init(|| {
        BUILT_IN
            .iter()
            // Each document is checked by the tests (`tests/presets.rs`); one that failed
            // would be missing from the list rather than a panic in wasm.
            .filter_map(|(_, text)| Preset::from_json(text, "built-in").ok())
            .collect()
    })
}

/// Each built-in preset's `(id, name)`, in form order, read from the documents without checking
/// them (`presets()` checks every one and builds its descriptor): a form lists them all at once
/// and needs the descriptor of the one it shows only.
pub fn summaries() -> Vec<(String, String)> {
    #[derive(serde::Deserialize)]
    struct Summary {
        id: String,
        name: String,
    }
    BUILT_IN
        .iter()
        .filter_map(|(_, text)| serde_json::from_str::<Summary>(text).ok())
        .map(|summary| (summary.id, summary.name))
        .collect()
}

/// The built-in documents as `(file name, JSON text)`, for tests and for tools that copy one.
pub fn documents() -> &'static [(&'static str, &'static str)] {
    &BUILT_IN
}

/// Finds a built-in preset by id. Only that document is read (once): minting from one preset,
/// as the CLI does, does not pay for reading all of them, which `presets()` does.
pub fn preset(id: &str) -> Result<&'static Preset> {
    static ONE: [OnceLock<Option<Preset>>; BUILT_IN.len()] = [const { OnceLock::new() }; BUILT_IN.len()];
    if let Some(all) = PRESETS.get() {
        if let Some(found) = all.iter().find(|preset| preset.id == id) {
            return Ok(found);
        }
    } else if let Some((slot, (_, text))) = ONE
        .iter()
        .zip(BUILT_IN.iter())
        .find(|(_, (file, _))| file.strip_suffix(".json") == Some(id))
    {
        let parsed = slot.get_or_init(|| Preset::from_json(text, "built-in").ok());
        if let Some(found) = parsed.as_ref().filter(|preset| preset.id == id) {
            return Ok(found);
        }
    }
    Err(Error::invalid_argument(format!(
        "unknown preset {:?}; known presets: {}",
        id.chars().take(40).collect::<String>(),
        BUILT_IN
            .iter()
            .filter_map(|(file, _)| file.strip_suffix(".json"))
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

/// Fills built-in preset `id` from `values` (field name → text) and mints. Missing or invalid
/// fields fail together in one `FIELDS_INVALID` error that names every bad field and why.
pub fn mint(id: &str, values: &Object, options: &MintOptions) -> Result<Minted> {
    mint_with_key(id, values, None, options)
}

/// Like [`mint`], with `key` imported once by the caller and given for the key field it names
/// (`private_key`, or `key` of `custom`) instead of that field's text: a form that mints on every
/// edit imports the key once, and an encrypted key is not decrypted again for each keystroke.
///
/// ```
/// use jwtmint::{preset, ImportOptions, Key};
/// let pem = std::fs::read_to_string("tests/keys/rsa2048.pem").unwrap();
/// let key = Key::from_text(&pem, &ImportOptions::default()).unwrap();
/// let fields = serde_json::json!({"client_id": "Iv23liAbc"}).as_object().unwrap().clone();
/// let options = preset::MintOptions { now: Some(1_700_000_000), ..Default::default() };
/// let minted = preset::mint_with_key("github-app", &fields, Some(("private_key", &key)), &options).unwrap();
/// assert!(minted.token.unwrap().starts_with("eyJ"));
/// ```
pub fn mint_with_key(
    id: &str,
    values: &Object,
    key: Option<(&str, &crate::key::Key)>,
    options: &MintOptions,
) -> Result<Minted> {
    preset(id)?.mint(values, key, options)
}

/// A request no renderer may print (`Request::check`) is refused at mint time, for every preset,
/// and marked as the field it most likely comes from: for the URL the path field (a path
/// problem) or the base URL or host field, else the `method`, `headers` or `body` field.
fn request_problem(preset: &Preset, fields: &Fields, part: Part, error: Error) -> Error {
    let given = || {
        preset
            .fields
            .iter()
            .filter(|field| fields.get(&field.name).is_some())
    };
    let of_kind = |kinds: &[FieldKind]| given().find(|field| kinds.contains(&field.kind));
    let named = |name: &str| given().find(|field| field.name == name);
    let base = [FieldKind::Url, FieldKind::Host, FieldKind::Label];
    let field = match part {
        Part::Url if error.to_string().contains("path") => {
            of_kind(&[FieldKind::Path]).or_else(|| of_kind(&base))
        }
        Part::Url => of_kind(&base).or_else(|| of_kind(&[FieldKind::Path])),
        Part::Method => named("method"),
        Part::Headers => named("headers"),
        Part::Body => named("body"),
    };
    match field {
        Some(field) => Error::in_field(field.name.clone())(error),
        None => error,
    }
}

pub(crate) fn now(options: &MintOptions) -> Result<i64> {
    match options.now {
        Some(now) => crate::time::numeric_date("now", now as f64),
        None => crate::time::now_seconds(),
    }
}

pub(crate) fn minted(signed: crate::Signed, request: Option<Request>) -> Minted {
    Minted {
        issued_at: signed.issued_at,
        expires_at: signed.expires_at,
        token: Some(signed.token),
        header: Some(signed.header),
        payload: Some(signed.payload),
        warnings: signed.warnings,
        request,
        exchange: None,
    }
}
