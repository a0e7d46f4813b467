//! Filling templates: each expression evaluated against the validated fields, the clock, the key
//! and the token, and each template turned into the JSON value or text it stands for.

use super::fields::Fields;
use super::shape::Template;
use super::template::{percent_encode, Base, Expr, Filter, Piece};
use crate::error::{Error, Result};
use crate::key::Key;
use base64::Engine;
use serde_json::Value;
use zeroize::Zeroizing;

/// What an expression evaluates to.
pub(crate) enum Filled {
    /// An optional field that was not given: the member it is in is left out.
    Absent,
    Text(Zeroizing<String>),
    Json(Value),
    /// `Name: value` lines read by `header-lines`.
    Headers(Vec<(String, String)>),
}

/// What expressions can see.
pub(crate) struct Context<'a> {
    pub(crate) fields: &'a Fields,
    pub(crate) now: i64,
    pub(crate) lifetime: Option<i64>,
    pub(crate) token: Option<&'a str>,
    /// The name an exchange reads: in the request it stands for itself, `{access_token}`, the
    /// placeholder the renderers replace with the value read.
    pub(crate) exchanged: Option<&'a str>,
    pub(crate) key: Option<&'a Key>,
    /// The bytes of text the expressions have produced so far, held to [`MAX_PRODUCED`].
    pub(crate) produced: std::cell::Cell<usize>,
}

/// The most text one mint's expressions may produce: a document of 256 KB that names a long
/// field many times (or `replace`s every character of it by a long text) would otherwise take
/// gigabytes and minutes.
pub(crate) const MAX_PRODUCED: usize = 16 * 1024 * 1024;

fn problem(field: &str, text: impl Into<String>) -> Error {
    Error::FieldsInvalid {
        problems: vec![(field.to_owned(), text.into())],
    }
}

impl Context<'_> {
    fn base(&self, expr: &Expr) -> Result<Filled> {
        let lifetime = || {
            self.lifetime
                .ok_or_else(|| Error::invalid_argument("this preset has no lifetime"))
        };
        let number = |value: i64| Ok(Filled::Json(Value::from(value)));
        match &expr.base {
            Base::Field(name, members) => {
                if self.exchanged == Some(name.as_str()) && members.is_empty() {
                    return Ok(Filled::Text(Zeroizing::new(format!("{{{name}}}"))));
                }
                let Some(text) = self.fields.get(name) else {
                    return Ok(Filled::Absent);
                };
                if members.is_empty() {
                    return Ok(Filled::Text(Zeroizing::new(text.to_owned())));
                }
                member(name, text, members)
            }
            Base::Now(offset) => number(self.now.saturating_add(*offset)),
            Base::Exp(offset) => number(self.now.saturating_add(lifetime()?).saturating_add(*offset)),
            Base::Lifetime => number(lifetime()?),
            Base::Token => Ok(Filled::Text(Zeroizing::new(
                self.token.unwrap_or_default().to_owned(),
            ))),
            Base::KeySpkiSha256 | Base::KeyThumbprint => {
                let key = self
                    .key
                    .ok_or_else(|| Error::invalid_argument("key.* names need a key"))?;
                let text = match expr.base {
                    Base::KeyThumbprint => key.thumbprint()?,
                    _ => {
                        use sha2::Digest;
                        base64::engine::general_purpose::STANDARD
                            .encode(sha2::Sha256::digest(key.public_der()?))
                    }
                };
                Ok(Filled::Text(Zeroizing::new(text)))
            }
            Base::Uuid => Ok(Filled::Text(Zeroizing::new(crate::token::uuid_v4()?))),
            Base::Nonce => {
                let mut bytes = [0u8; 16];
                getrandom::getrandom(&mut bytes).map_err(|_| Error::Crypto {
                    detail: "no randomness available for a nonce".into(),
                })?;
                Ok(Filled::Text(Zeroizing::new(
                    bytes.iter().map(|byte| format!("{byte:02x}")).collect(),
                )))
            }
        }
    }

    /// Evaluates `expr`: its base, then each filter in turn.
    pub(crate) fn eval(&self, expr: &Expr) -> Result<Filled> {
        let field = match &expr.base {
            Base::Field(name, _) => name.as_str(),
            _ => "",
        };
        // A `when` that does not hold makes the value absent before anything is computed.
        for filter in &expr.filters {
            if let Filter::When(condition) = filter {
                if !condition.holds(self.fields.get(condition.field())) {
                    return Ok(Filled::Absent);
                }
            }
        }
        let mut value = self.spend(self.base(expr)?)?;
        for filter in &expr.filters {
            if matches!(filter, Filter::When(_)) {
                continue;
            }
            if matches!(value, Filled::Absent) {
                return Ok(Filled::Absent);
            }
            // Replacements are sized before they are made.
            if let (Filter::Replace(c, with), Filled::Text(text)) = (filter, &value) {
                let grows = text.matches(*c).count().saturating_mul(with.len());
                self.spend_bytes(grows)?;
            }
            value = self.spend(self.apply(filter, value, field)?)?;
        }
        Ok(value)
    }

    fn spend_bytes(&self, bytes: usize) -> Result<()> {
        let total = self.produced.get().saturating_add(bytes);
        self.produced.set(total);
        if total > MAX_PRODUCED {
            return Err(Error::invalid_argument(format!(
                "this preset's templates produce more than {} MB of text; a preset document this large is not a preset",
                MAX_PRODUCED / (1024 * 1024)
            )));
        }
        Ok(())
    }

    fn spend(&self, value: Filled) -> Result<Filled> {
        let bytes = match &value {
            Filled::Text(text) => text.len(),
            Filled::Headers(headers) => headers.iter().map(|(name, value)| name.len() + value.len()).sum(),
            Filled::Json(_) | Filled::Absent => 0,
        };
        self.spend_bytes(bytes)?;
        Ok(value)
    }

    fn apply(&self, filter: &Filter, value: Filled, field: &str) -> Result<Filled> {
        if let (Filter::Fill { .. }, Filled::Headers(headers)) = (filter, &value) {
            let mut filled = Vec::with_capacity(headers.len());
            for (name, text) in headers {
                filled.push((name.clone(), self.fill(filter, text)?.to_string()));
            }
            return Ok(Filled::Headers(filled));
        }
        let text = as_text(value, field)?;
        let text_of = |text: String| Ok(Filled::Text(Zeroizing::new(text)));
        match filter {
            Filter::Upper => text_of(text.to_uppercase()),
            Filter::Lower => text_of(text.to_lowercase()),
            Filter::TrimEnd(c) => text_of(text.trim_end_matches(*c).to_owned()),
            Filter::Before(c) => text_of(text.split(*c).next().unwrap_or_default().to_owned()),
            Filter::After(c) => match text.split_once(*c) {
                Some((_, after)) => text_of(after.to_owned()),
                None => Err(problem(field, format!("must have a '{c}' in it"))),
            },
            Filter::Replace(c, with) => text_of(text.replace(*c, with)),
            Filter::Segment | Filter::Form => text_of(percent_encode(&text)),
            Filter::Base64Decode => {
                let bytes = Zeroizing::new(
                    base64::engine::general_purpose::STANDARD
                        .decode(text.split_whitespace().collect::<String>())
                        .map_err(|_| problem(field, "is not base64"))?,
                );
                let decoded = std::str::from_utf8(&bytes)
                    .map_err(|_| problem(field, "is base64 of something that is not text"))?;
                text_of(decoded.to_owned())
            }
            // A key file (JSON) or the key itself: `{` starts no PEM, base64 or hex key text.
            Filter::MemberOrText(path) if text.trim_start().starts_with('{') => {
                member(field, text.trim(), path)
            }
            Filter::MemberOrText(_) => Ok(Filled::Text(text)),
            Filter::Number => match serde_json::from_str::<Value>(text.trim()) {
                Ok(number @ Value::Number(_)) => Ok(Filled::Json(number)),
                _ => Err(problem(field, "must be a number")),
            },
            Filter::Boolean => match text.as_str() {
                "true" => Ok(Filled::Json(Value::Bool(true))),
                "false" => Ok(Filled::Json(Value::Bool(false))),
                _ => Err(problem(field, "must be true or false")),
            },
            Filter::Json => {
                crate::json::check_depth_of(&text, field).map_err(Error::in_field(field))?;
                serde_json::from_str(&text)
                    .map(Filled::Json)
                    .map_err(|error| problem(field, format!("is not JSON: {error}")))
            }
            Filter::Split(c) => Ok(Filled::Json(Value::Array(
                text.split(*c)
                    .map(str::trim)
                    .filter(|part| !part.is_empty())
                    .map(Value::from)
                    .collect(),
            ))),
            Filter::Fill { .. } => Ok(Filled::Text(self.fill(filter, &text)?)),
            Filter::HeaderLines => header_lines(&text, field).map(Filled::Headers),
            Filter::When(_) => Ok(Filled::Text(text)),
            Filter::X5t | Filter::X5tS256 => {
                let block = crate::key::pem::extract(&text).map_err(Error::in_field(field))?;
                if !block.label.contains("CERTIFICATE") {
                    return Err(problem(
                        field,
                        "paste the certificate, the block that begins -----BEGIN CERTIFICATE-----",
                    ));
                }
                let digest = match filter {
                    Filter::X5t => {
                        use sha1::Digest;
                        sha1::Sha1::digest(&*block.der).to_vec()
                    }
                    _ => {
                        use sha2::Digest;
                        sha2::Sha256::digest(&*block.der).to_vec()
                    }
                };
                text_of(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest))
            }
        }
    }

    /// `{name}` inside `text` replaced by the fill filter's value (evaluated only when needed).
    fn fill(&self, filter: &Filter, text: &str) -> Result<Zeroizing<String>> {
        let Filter::Fill { name, value, segment } = filter else {
            return Ok(Zeroizing::new(text.to_owned()));
        };
        let target = format!("{{{name}}}");
        if !text.contains(&target) {
            return Ok(Zeroizing::new(text.to_owned()));
        }
        let field = match &value.base {
            Base::Field(name, _) => name.as_str(),
            _ => "",
        };
        let with = as_text(self.eval(value)?, field)?;
        let with = if *segment {
            percent_encode(&with)
        } else {
            with.to_string()
        };
        Ok(Zeroizing::new(text.replace(&target, &with)))
    }

    /// The value a template stands for; `None` when an optional part of it is absent.
    pub(crate) fn value(&self, template: &Template) -> Result<Option<Value>> {
        match template {
            Template::Literal(value) => Ok(Some(value.clone())),
            Template::Single(expr) => match self.eval(expr)? {
                Filled::Absent => Ok(None),
                Filled::Text(text) => Ok(Some(Value::String(text.to_string()))),
                Filled::Json(value) => Ok(Some(value)),
                Filled::Headers(_) => Err(Error::invalid_argument("header-lines only gives request headers")),
            },
            Template::Text(_) => Ok(self.text(template)?.map(|text| Value::String(text.to_string()))),
            Template::Object(members) => {
                let mut object = crate::json::Object::new();
                for (name, inner) in members {
                    match (name, self.value(inner)?) {
                        (_, None) => {}
                        (Some(name), Some(value)) => {
                            object.insert(name.clone(), value);
                        }
                        (None, Some(Value::Object(spread))) => object.extend(spread),
                        (None, Some(_)) => {
                            let field = inner_field(inner);
                            return Err(problem(field, "must be a JSON object"));
                        }
                    }
                }
                Ok(Some(Value::Object(object)))
            }
            Template::Array(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    values.extend(self.value(item)?);
                }
                Ok(Some(Value::Array(values)))
            }
        }
    }

    /// The text a string template stands for; `None` when an optional part of it is absent.
    pub(crate) fn text(&self, template: &Template) -> Result<Option<Zeroizing<String>>> {
        match template {
            Template::Text(pieces) => {
                let mut text = Zeroizing::new(String::new());
                for piece in pieces {
                    match piece {
                        Piece::Text(literal) => text.push_str(literal),
                        Piece::Expr(expr) => match self.eval(expr)? {
                            Filled::Absent => return Ok(None),
                            filled => text.push_str(&as_text(filled, "")?),
                        },
                    }
                }
                Ok(Some(text))
            }
            Template::Single(expr) => match self.eval(expr)? {
                Filled::Absent => Ok(None),
                filled => as_text(filled, inner_field(template)).map(Some),
            },
            Template::Literal(Value::String(text)) => Ok(Some(Zeroizing::new(text.clone()))),
            _ => Err(Error::invalid_argument("a string template was expected")),
        }
    }
}

fn inner_field(template: &Template) -> &str {
    match template {
        Template::Single(Expr {
            base: Base::Field(name, _),
            ..
        }) => name,
        _ => "",
    }
}

/// Text for string filters and string templates: numbers and booleans in decimal, other JSON
/// written compactly.
fn as_text(value: Filled, field: &str) -> Result<Zeroizing<String>> {
    match value {
        Filled::Text(text) => Ok(text),
        Filled::Json(Value::String(text)) => Ok(Zeroizing::new(text)),
        Filled::Json(value) => Ok(Zeroizing::new(value.to_string())),
        Filled::Absent => Ok(Zeroizing::new(String::new())),
        Filled::Headers(_) => Err(problem(field, "header-lines gives headers, not text")),
    }
}

/// Member `path` of the JSON object in field `name`.
fn member(name: &str, text: &str, path: &[String]) -> Result<Filled> {
    let object =
        crate::json::WipedObject(crate::json::parse_json_object(text, name).map_err(Error::in_field(name))?);
    let mut current = object.0.get(path.first().map(String::as_str).unwrap_or_default());
    for step in path.iter().skip(1) {
        current = current.and_then(|value| value.get(step));
    }
    match current {
        Some(Value::String(text)) if !text.is_empty() => Ok(Filled::Text(Zeroizing::new(text.clone()))),
        Some(Value::String(_)) | None | Some(Value::Null) => Err(problem(
            name,
            format!(
                "has no \"{}\"; is this the right file? Download it again if it is",
                path.join(".")
            ),
        )),
        Some(other) => Ok(Filled::Json(other.clone())),
    }
}

/// Parses `Name: value` lines; blank lines are skipped. A bad line is named by its number, never
/// quoted: it may hold a token or an API key.
fn header_lines(text: &str, field: &str) -> Result<Vec<(String, String)>> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index, line.trim()))
        .filter(|(_, line)| !line.is_empty())
        .map(|(index, line)| match line.split_once(':') {
            Some((name, value)) if !name.trim().is_empty() => {
                Ok((name.trim().to_owned(), value.trim().to_owned()))
            }
            _ => Err(problem(
                field,
                format!(
                    "each line must be \"Name: value\"; line {} is not (it has no name before a colon)",
                    index + 1
                ),
            )),
        })
        .collect()
}
