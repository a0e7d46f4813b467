//! Minting from a preset document: the key imported, the header and claims filled and signed, and
//! the exchange and the request filled with the token.

use super::document::{AlgorithmSpec, BodySpec, EncodingSpec, Entries, HeadersSpec, RequestSpec, Spec};
use super::fields::Fields;
use super::fill::{Context, Filled};
use super::shape::Template;
use super::template::{percent_encode, Base};
use super::{MintOptions, Minted, Preset};
use crate::error::{Error, Result};
use crate::key::{ImportOptions, Key, KeyKind, SecretEncoding};
use crate::request::{Exchange, Request};
use crate::{Algorithm, IssuedAt, SignOptions};
use serde_json::Value;
use zeroize::Zeroizing;

pub(crate) fn mint(preset: &Preset, fields: &Fields, options: &MintOptions) -> Result<Minted> {
    let spec = &preset.spec;
    let now = super::now(options)?;
    let mut context = Context {
        fields,
        now,
        lifetime: None,
        token: None,
        exchanged: None,
        key: None,
        produced: std::cell::Cell::new(0),
    };
    let Some(algorithm) = &spec.algorithm else {
        let request = api_request(spec, &context)?;
        return Ok(Minted {
            token: None,
            header: None,
            payload: None,
            issued_at: None,
            expires_at: None,
            warnings: Vec::new(),
            request,
            exchange: None,
        });
    };
    let (alg, key) = match algorithm {
        AlgorithmSpec::Fixed(alg) => (*alg, signing_key(spec, fields, Some(*alg), &context)?),
        AlgorithmSpec::Field(name) => {
            let alg: Algorithm = fields.text(name)?.parse()?;
            (alg, signing_key(spec, fields, Some(alg), &context)?)
        }
        AlgorithmSpec::Key(candidates) => {
            let key = signing_key(spec, fields, None, &context)?;
            (key_algorithm(&key, candidates, spec)?, key)
        }
    };
    let key_field = spec
        .key
        .as_ref()
        .map(|key| key.field.as_str())
        .unwrap_or_default();
    key.check_signing(alg).map_err(Error::in_field(key_field))?;
    context.lifetime = lifetime(preset, fields, options)?;
    context.key = Some(&key);
    let header = object(&context, &spec.header)?;
    let claims = object(&context, &spec.claims)?;
    let mut sign_options = SignOptions::new(alg);
    sign_options.now = Some(now);
    sign_options.header = header;
    if spec.add_times {
        sign_options.issued_at = IssuedAt::Now;
        sign_options.expires_in = context.lifetime;
    } else {
        sign_options.issued_at = IssuedAt::Omit;
    }
    let signed = crate::sign(claims, &key, &sign_options).map_err(|error| match error {
        Error::ClaimInvalid { .. } => in_spread(&spec.claims, error),
        Error::HeaderInvalid { .. } => in_spread(&spec.header, error),
        Error::KeyAlgMismatch { .. } => Error::in_field(key_field)(error),
        other => other,
    })?;
    context.token = Some(&signed.token);
    let exchange = match &spec.exchange {
        None => None,
        Some((request, read)) => fill_request(request, &context)?.map(|request| Exchange {
            request,
            read: read.clone(),
        }),
    };
    if let Some((_, read)) = &spec.exchange {
        context.exchanged = Some(read);
    }
    let request = api_request(spec, &context)?;
    let mut minted = super::minted(signed, request);
    minted.exchange = exchange;
    Ok(minted)
}

/// The API request, when the preset has one and its `when` holds.
fn api_request(spec: &Spec, context: &Context) -> Result<Option<Request>> {
    match &spec.request {
        Some(request) => fill_request(request, context),
        None => Ok(None),
    }
}

/// An error of the signer marked as the field a spread came from (custom's `claims`, `header`).
fn in_spread(template: &Template, error: Error) -> Error {
    match template.spread_field() {
        Some(field) => Error::in_field(field)(error),
        None => error,
    }
}

fn object(context: &Context, template: &Template) -> Result<crate::json::Object> {
    match context.value(template)? {
        Some(Value::Object(object)) => Ok(object),
        _ => Ok(crate::json::Object::new()),
    }
}

/// The lifetime: the option, else the `lifetime` field, else the document's default, held to
/// the vendor's maximum so that a token the vendor would refuse is never minted.
fn lifetime(preset: &Preset, fields: &Fields, options: &MintOptions) -> Result<Option<i64>> {
    let seconds = match (
        options.lifetime,
        fields.get("lifetime"),
        &preset.spec.lifetime_default,
    ) {
        (Some(seconds), _, _) => crate::time::span_from_number(seconds as f64)?,
        (None, Some(text), _) => crate::time::parse_span(text)?,
        (None, None, Some(text)) => crate::time::parse_span(text)?,
        (None, None, None) => return Ok(None),
    };
    let refuse = |problem: String| Error::FieldsInvalid {
        problems: vec![("lifetime".into(), problem)],
    };
    match (preset.spec.min_lifetime, preset.max_lifetime) {
        (_, Some(max)) if seconds > max => Err(refuse(format!(
            "this service accepts at most {}; choose a shorter lifetime",
            crate::time::describe_span(max)
        ))),
        (Some(min), _) if seconds < min => Err(refuse(format!(
            "this service accepts at least {}; choose a longer lifetime",
            crate::time::describe_span(min)
        ))),
        _ => Ok(Some(seconds)),
    }
}

/// `"algorithm": "key"`: the first of the document's algorithms the key signs; a key that signs
/// none of them is refused by its field, with what it can sign.
fn key_algorithm(key: &Key, candidates: &[Algorithm], spec: &Spec) -> Result<Algorithm> {
    let field = spec.key.as_ref().map(|key| key.field.clone()).unwrap_or_default();
    let supported = key.supported();
    if let Some(alg) = candidates.iter().find(|alg| supported.contains(alg)) {
        return Ok(*alg);
    }
    let first = candidates.first().copied().unwrap_or(Algorithm::ES256);
    // A public key, or a JWK whose usage forbids signing: the key's own check says so.
    if key.kind() == KeyKind::Public || supported.is_empty() {
        key.check_signing(first).map_err(Error::in_field(field.clone()))?;
    }
    Err(Error::in_field(field)(Error::KeyAlgMismatch {
        key: key.describe().into(),
        requested: format!(
            "this preset, which signs {}",
            candidates
                .iter()
                .map(|alg| alg.name())
                .collect::<Vec<_>>()
                .join(" or ")
        ),
        allowed: key.algorithms().join(", "),
    }))
}

/// The signing key: the caller's imported key for the key field, or the key text imported (an
/// HMAC secret in its encoding for HS*, else a private key with the optional passphrase); `alg`
/// is `None` when the key decides the algorithm (always a private key).
fn signing_key(spec: &Spec, fields: &Fields, alg: Option<Algorithm>, context: &Context) -> Result<Key> {
    let Some(key_spec) = &spec.key else {
        return Err(Error::invalid_argument("this preset names no key"));
    };
    let field = key_spec.field.as_str();
    let key = match fields.imported(field) {
        Some(key) => key.clone(),
        None => {
            let text = context
                .text(&key_spec.text)?
                .ok_or_else(|| Error::FieldsInvalid {
                    problems: vec![(field.to_owned(), "is required".into())],
                })?;
            if alg.is_some_and(|alg| alg.name().starts_with("HS")) {
                let encoding: SecretEncoding = match &key_spec.encoding {
                    EncodingSpec::Fixed(encoding) => *encoding,
                    EncodingSpec::Field(name) => fields.text(name)?.parse()?,
                };
                Key::from_secret(&text, encoding).map_err(Error::in_field(field))?
            } else {
                let passphrase = match &key_spec.passphrase {
                    Some(template) => context.text(template)?,
                    None => None,
                };
                let passphrase_field = match &key_spec.passphrase {
                    Some(Template::Single(expr)) => match &expr.base {
                        Base::Field(name, _) => name.clone(),
                        _ => field.to_owned(),
                    },
                    _ => field.to_owned(),
                };
                let options = ImportOptions {
                    passphrase: passphrase.map(|text| Zeroizing::new(text.to_string())),
                    encoding: None,
                };
                Key::from_text(&text, &options).map_err(|error| match error {
                    Error::PassphraseRequired | Error::PassphraseWrong => {
                        Error::in_field(passphrase_field.clone())(error)
                    }
                    other => Error::in_field(field)(other),
                })?
            }
        }
    };
    Ok(key)
}

/// The request a template stands for; `None` when its `when` does not hold.
fn fill_request(spec: &RequestSpec, context: &Context) -> Result<Option<Request>> {
    if let Some(when) = &spec.when {
        if !when.holds(context.fields.get(when.field())) {
            return Ok(None);
        }
    }
    let required = |template: &Template, what: &str| {
        context
            .text(template)?
            .map(|text| text.to_string())
            .ok_or_else(|| Error::invalid_argument(format!("the request {what} is empty")))
    };
    let method = required(&spec.method, "method")?;
    let mut url = required(&spec.url, "URL")?;
    let query = entries(&spec.query, context)?;
    for (name, value) in query {
        let separator = if url.contains('?') { '&' } else { '?' };
        url = format!(
            "{url}{separator}{}={}",
            percent_encode(&name),
            percent_encode(&value)
        );
    }
    let headers = match &spec.headers {
        HeadersSpec::Listed(listed) => entries(listed, context)?
            .into_iter()
            .map(|(name, value)| (name, value.to_string()))
            .collect(),
        HeadersSpec::Lines(Template::Single(expr)) => match context.eval(expr)? {
            Filled::Headers(headers) => headers,
            _ => Vec::new(),
        },
        HeadersSpec::Lines(_) => Vec::new(),
    };
    let body = match &spec.body {
        None => None,
        Some(BodySpec::Text(template)) => context.text(template)?.map(|text| text.to_string()),
        Some(BodySpec::Json(template)) => match context.value(template)? {
            Some(value) => Some(crate::json::to_wiped_string(&value)?.to_string()),
            None => None,
        },
        Some(BodySpec::Form(form)) => Some(
            entries(form, context)?
                .iter()
                .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
                .collect::<Vec<_>>()
                .join("&"),
        ),
    };
    Ok(Some(Request {
        method,
        url,
        headers,
        body,
        http2: spec.http2,
    }))
}

/// Named entries whose condition holds and whose value is not absent.
fn entries(entries: &Entries, context: &Context) -> Result<Vec<(String, Zeroizing<String>)>> {
    let mut filled = Vec::with_capacity(entries.len());
    for (name, template, when) in entries {
        if when
            .as_ref()
            .is_some_and(|when| !when.holds(context.fields.get(when.field())))
        {
            continue;
        }
        if let Some(value) = context.text(template)? {
            filled.push((name.clone(), value));
        }
    }
    Ok(filled)
}
