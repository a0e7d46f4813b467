//! Service presets: what a vendor expects, as data. A preset names the fields a person fills in,
//! the header and claims templates in the vendor's documented order, the algorithm and lifetime,
//! and the request to send. [`mint`] fills a preset from field values and returns the token with
//! a ready-to-send [`Request`]. Facts per vendor: `shared/vendors.md`.

mod custom;
mod dataos;
mod fields;
mod github_app;
mod google_service_account;
mod snowflake;
mod teradata_lake;
mod visual_layer;

pub use fields::{Field, FieldKind, Fields};

use crate::error::{Error, Result, Warning};
use crate::json::Object;
use crate::request::{Part, Request};

/// What the user brings to a preset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Brings {
    /// An RSA private key (PEM).
    RsaPrivateKey,
    /// An API key and its secret.
    KeyAndSecret,
    /// An opaque API key, sent as it is.
    ApiKey,
    /// A JSON key file holding the private key and the account's ids.
    KeyFile,
    /// Whatever the chosen algorithm needs: an RSA private key or a secret.
    Any,
}

/// A service preset. Serialized (camelCase) it is the descriptor a form is rendered from.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preset {
    /// Stable id, e.g. `teradata-lake`.
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// One line saying what it is for.
    pub description: &'static str,
    /// The vendor documentation this preset follows.
    pub docs_url: &'static str,
    /// What the user brings.
    pub brings: Brings,
    /// The algorithm it signs with; `None` when it signs nothing or the user picks one.
    pub algorithm: Option<&'static str>,
    /// The longest lifetime the vendor accepts, in seconds.
    pub max_lifetime: Option<i64>,
    /// Notes shown with the form (how to get credentials, deprecations, on-prem remarks).
    pub notes: &'static [&'static str],
    /// The fields, in form order.
    pub fields: &'static [Field],
    /// Fills the preset from validated fields.
    #[serde(skip)]
    pub(crate) mint: fn(&Fields, &MintOptions) -> Result<Minted>,
}

/// Options for [`mint`].
#[derive(Clone, Debug, Default)]
pub struct MintOptions {
    /// The current time in seconds; the system clock when `None` (required in wasm).
    pub now: Option<i64>,
    /// A lifetime in seconds overriding the preset's (and its `lifetime` field).
    pub lifetime: Option<i64>,
}

/// A minted token (absent for presets that send an API key as it is) and the request.
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
    /// The request to send, when the preset has one.
    pub request: Option<Request>,
}

impl Minted {
    /// The JSON form the bindings return: `{token, header, payload, issuedAt, expiresAt,
    /// warnings: [{code, message}], request: {method, url, headers: {name: value}, body} | null}`.
    pub fn to_json(&self) -> serde_json::Value {
        let request = self.request.as_ref().map(|request| {
            serde_json::json!({
                "method": request.method,
                "url": request.url,
                "headers": request
                    .headers
                    .iter()
                    .map(|(name, value)| (name.clone(), serde_json::Value::String(value.clone())))
                    .collect::<Object>(),
                "body": request.body,
            })
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
            "request": request,
        })
    }
}

/// Every preset, in the order a form lists them.
pub fn presets() -> &'static [Preset] {
    static PRESETS: [Preset; 7] = [
        teradata_lake::PRESET,
        visual_layer::PRESET,
        dataos::PRESET,
        github_app::PRESET,
        snowflake::PRESET,
        google_service_account::PRESET,
        custom::PRESET,
    ];
    &PRESETS
}

/// Finds a preset by id.
pub fn preset(id: &str) -> Result<&'static Preset> {
    presets().iter().find(|preset| preset.id == id).ok_or_else(|| {
        Error::invalid_argument(format!(
            "unknown preset {:?}; known presets: {}",
            id.chars().take(40).collect::<String>(),
            presets()
                .iter()
                .map(|preset| preset.id)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

/// Fills preset `id` from `values` (field name → text) and mints. Missing or invalid fields fail
/// together in one `FIELDS_INVALID` error that names every bad field and why.
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
    let preset = preset(id)?;
    let fields = Fields::validate(preset.fields, values, key)?;
    let minted = (preset.mint)(&fields, options)?;
    if let Some((part, error)) = minted.request.as_ref().and_then(Request::problem) {
        return Err(request_problem(preset, &fields, part, error));
    }
    Ok(minted)
}

/// A request no renderer may print (`Request::check`) is refused at mint time, for every preset,
/// and marked as the field it most likely comes from: for the URL the path field (a path
/// problem) or the base URL or host field, else the `method`, `headers` or `body` field.
fn request_problem(preset: &Preset, fields: &Fields, part: Part, error: Error) -> Error {
    let given = || {
        preset
            .fields
            .iter()
            .filter(|field| fields.get(field.name).is_some())
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
        Some(field) => Error::in_field(field.name)(error),
        None => error,
    }
}

/// Signs `claims` with `header` as the template (its member order kept) and returns the parts.
pub(crate) fn sign_with(
    key: &crate::key::Key,
    alg: crate::Algorithm,
    header: Object,
    claims: Object,
    now: i64,
) -> Result<crate::Signed> {
    let mut options = crate::SignOptions::new(alg);
    options.now = Some(now);
    options.header = header;
    options.issued_at = crate::IssuedAt::Omit;
    crate::sign(claims, key, &options)
}

/// The lifetime: the option, else the `lifetime` field (which has the preset's default), held
/// to the vendor's maximum so that a token the vendor would refuse is never minted.
pub(crate) fn lifetime(fields: &Fields, options: &MintOptions, max: Option<i64>) -> Result<i64> {
    let seconds = match options.lifetime {
        Some(seconds) => crate::time::span_from_number(seconds as f64)?,
        None => crate::time::parse_span(fields.text("lifetime")?)?,
    };
    match max {
        Some(max) if seconds > max => Err(Error::FieldsInvalid {
            problems: vec![(
                "lifetime".into(),
                format!(
                    "this service accepts at most {}; choose a shorter lifetime",
                    crate::time::describe_span(max)
                ),
            )],
        }),
        _ => Ok(seconds),
    }
}

/// The private key of field `name`: the caller's imported key, or the field's text imported
/// with the optional `passphrase` field; it must sign with `alg`. Errors are marked as that
/// field's (the passphrase's for a missing or wrong passphrase).
pub(crate) fn private_key(
    fields: &Fields,
    name: &'static str,
    alg: crate::Algorithm,
) -> Result<crate::key::Key> {
    fields.key(name, alg, |text| {
        let options = crate::key::ImportOptions {
            passphrase: fields
                .get("passphrase")
                .map(|text| zeroize::Zeroizing::new(text.to_owned())),
            encoding: None,
        };
        crate::key::Key::from_text(text, &options).map_err(|error| match error {
            Error::PassphraseRequired | Error::PassphraseWrong => Error::in_field("passphrase")(error),
            other => Error::in_field(name)(other),
        })
    })
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
    }
}

/// The object inside a `json!` literal (always an object where it is used).
pub(crate) fn object(value: serde_json::Value) -> Object {
    match value {
        serde_json::Value::Object(object) => object,
        _ => Object::new(),
    }
}
