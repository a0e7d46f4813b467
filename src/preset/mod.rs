//! Service presets: what a vendor expects, as data. A preset names the fields a person fills in,
//! the header and claims templates in the vendor's documented order, the algorithm and lifetime,
//! and the request to send. [`mint`] fills a preset from field values and returns the token with
//! a ready-to-send [`Request`]. Facts per vendor: `shared/vendors.md`.

mod dataos;
mod fields;
mod teradata_lake;
mod visual_layer;

pub use fields::{Field, FieldKind, Fields};

use crate::error::{Error, Result, Warning};
use crate::json::Object;
use crate::request::Request;

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
}

/// A service preset.
#[derive(Debug)]
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
    /// Notes shown with the form (how to get credentials, deprecations, on-prem remarks).
    pub notes: &'static [&'static str],
    /// The fields, in form order.
    pub fields: &'static [Field],
    /// Fills the preset from validated fields.
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
    /// The request to send.
    pub request: Request,
}

/// Every preset, in the order a form lists them.
pub fn presets() -> &'static [Preset] {
    static PRESETS: [Preset; 3] = [teradata_lake::PRESET, visual_layer::PRESET, dataos::PRESET];
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
    let preset = preset(id)?;
    let fields = Fields::validate(preset.fields, values)?;
    (preset.mint)(&fields, options)
}

/// Signs `claims` with `header` as the template (its member order kept) and returns the parts.
pub(crate) fn sign_with(
    key: &crate::key::Key,
    alg: crate::Algorithm,
    header: Object,
    claims: Object,
) -> Result<crate::Signed> {
    let mut options = crate::SignOptions::new(alg);
    options.header = header;
    options.issued_at = crate::IssuedAt::Omit;
    crate::sign(claims, key, &options)
}

/// The lifetime: the option, else the `lifetime` field, else the preset's default.
pub(crate) fn lifetime(fields: &Fields, options: &MintOptions) -> Result<i64> {
    match options.lifetime {
        Some(seconds) => crate::time::span_from_number(seconds as f64),
        None => crate::time::parse_span(fields.text("lifetime")?),
    }
}

pub(crate) fn now(options: &MintOptions) -> Result<i64> {
    match options.now {
        Some(now) => crate::time::numeric_date("now", now as f64),
        None => crate::time::now_seconds(),
    }
}

pub(crate) fn minted(signed: crate::Signed, request: Request) -> Minted {
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
