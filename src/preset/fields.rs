//! Preset fields: what a form asks for, and the validation of what a person typed.

use crate::error::{Error, Result};
use crate::json::Object;
use crate::key::Key;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use zeroize::Zeroizing;

/// The kind of a field, which decides its input control and its validation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "options", rename_all = "kebab-case")]
pub enum FieldKind {
    /// Free text.
    Text,
    /// A PEM private key (multi-line; a file may be dropped on it).
    Pem,
    /// `true` or `false`.
    Boolean,
    /// One of the listed values.
    Choice(Vec<String>),
    /// A lifetime: seconds or a span like `1h`.
    Lifetime,
    /// A host name (optionally with a port), without scheme or path.
    Host,
    /// One DNS label or dotted labels (letters, digits, `-`, `.`), e.g. a DataOS context.
    Label,
    /// An `http://` or `https://` URL without spaces.
    Url,
    /// A URL path starting with `/`.
    Path,
    /// Multi-line text sent as it is (SQL, a request body).
    Multiline,
    /// A JSON object (a key file, claims).
    Json,
    /// A private key (PEM or JWK) or an HMAC secret, depending on the algorithm chosen.
    Key,
    /// An X.509 certificate (PEM), for thumbprints such as `x5t#S256`.
    Certificate,
}

impl FieldKind {
    /// The kind called `name` in a document (`choice` takes its options separately).
    pub(crate) fn from_name(name: &str, options: Vec<String>) -> Option<FieldKind> {
        Some(match name {
            "text" => FieldKind::Text,
            "pem" => FieldKind::Pem,
            "boolean" => FieldKind::Boolean,
            "choice" => FieldKind::Choice(options),
            "lifetime" => FieldKind::Lifetime,
            "host" => FieldKind::Host,
            "label" => FieldKind::Label,
            "url" => FieldKind::Url,
            "path" => FieldKind::Path,
            "multiline" => FieldKind::Multiline,
            "json" => FieldKind::Json,
            "key" => FieldKind::Key,
            "certificate" => FieldKind::Certificate,
            _ => return None,
        })
    }
}

/// An extra check of a field's value, with the message shown when it fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    StartsWith(String),
    EndsWith(String),
    NotEndsWith(String),
    Contains(String),
    NotContains(String),
    MinLength(usize),
    MaxLength(usize),
    /// Only characters in these inclusive ranges.
    Chars(Vec<(char, char)>),
    /// A JSON field's member must be this string.
    MemberEquals(String, String),
    /// A JSON field must not have this member.
    Absent(String),
}

/// A rule, whether it ignores ASCII case, and its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Check {
    pub(crate) rule: Rule,
    pub(crate) ignore_case: bool,
    pub(crate) message: String,
}

impl Check {
    fn passes(&self, value: &str) -> bool {
        let fold = |text: &str| match self.ignore_case {
            true => text.to_ascii_lowercase(),
            false => text.to_owned(),
        };
        let value_folded = fold(value);
        match &self.rule {
            Rule::StartsWith(text) => value_folded.starts_with(&fold(text)),
            Rule::EndsWith(text) => value_folded.ends_with(&fold(text)),
            Rule::NotEndsWith(text) => !value_folded.ends_with(&fold(text)),
            Rule::Contains(text) => value_folded.contains(&fold(text)),
            Rule::NotContains(text) => !value_folded.contains(&fold(text)),
            Rule::MinLength(length) => value.chars().count() >= *length,
            Rule::MaxLength(length) => value.chars().count() <= *length,
            Rule::Chars(ranges) => value
                .chars()
                .all(|c| ranges.iter().any(|(low, high)| (*low..=*high).contains(&c))),
            Rule::MemberEquals(member, wanted) => crate::json::parse_json_object(value, "this field")
                .map(crate::json::WipedObject)
                .is_ok_and(|object| object.0.get(member).and_then(Value::as_str) == Some(wanted.as_str())),
            Rule::Absent(member) => crate::json::parse_json_object(value, "this field")
                .map(crate::json::WipedObject)
                .is_ok_and(|object| !object.0.contains_key(member)),
        }
    }
}

impl FieldKind {
    /// Whether the value is kept exactly as typed; one-line kinds are trimmed, since pasted
    /// values often bring a trailing newline or space.
    fn keeps_whitespace(&self) -> bool {
        matches!(
            self,
            FieldKind::Multiline | FieldKind::Key | FieldKind::Certificate
        )
    }
}

/// One field of a preset's form.
#[derive(Clone, Debug, Serialize)]
pub struct Field {
    /// The name used in `mint` values and CLI `--field name=value`.
    pub name: String,
    /// The form label.
    pub label: String,
    /// Help shown under the field.
    pub help: String,
    /// The input kind and its validation.
    pub kind: FieldKind,
    /// Secret fields are never stored, logged or put in URLs by the page.
    pub secret: bool,
    /// Whether a value is needed.
    pub required: bool,
    /// The value used when none is given.
    pub default: Option<String>,
    /// For a field that takes a file: the field its file name fills (`AuthKey_ABC123DEFG.p8`
    /// gives the key id).
    #[serde(rename = "fromFileName", skip_serializing_if = "Option::is_none")]
    pub from_file_name: Option<super::files::FileNameRule>,
    /// For a field that takes a JSON key file: the fields the file's members fill.
    #[serde(
        rename = "fromKeyFile",
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "super::files::serialize_fills"
    )]
    pub from_key_file: Vec<super::files::KeyFileFill>,
    /// Extra checks of the value, in order.
    #[serde(skip)]
    pub(crate) checks: Vec<Check>,
}

/// Validated field values, defaults applied. Secret values are wiped on drop.
pub struct Fields {
    values: BTreeMap<String, Zeroizing<String>>,
    /// A key imported once by the caller, standing in for the text of a key field.
    imported: Option<(String, Key)>,
}

impl Fields {
    /// Checks `values` against `fields`: unknown names, missing required fields and invalid
    /// values are all collected into one `FIELDS_INVALID` error.
    ///
    /// `imported` is a key the caller imported once (the page, for every edit of the form), given
    /// for the key field it names instead of that field's text: only a PEM or key field can take
    /// one, and not together with its text.
    pub(crate) fn validate(
        fields: &[Field],
        values: &Object,
        imported: Option<(&str, &Key)>,
    ) -> Result<Fields> {
        let mut problems = Vec::new();
        let mut stand_in = None;
        if let Some((name, key)) = imported {
            match fields.iter().find(|field| field.name == name) {
                Some(field) if matches!(field.kind, FieldKind::Pem | FieldKind::Key) => {
                    if values.get(name).is_some_and(|value| !value.is_null()) {
                        problems.push((name.to_owned(), "give the key or its text, not both".into()));
                    }
                    stand_in = Some((field.name.clone(), key.clone()));
                }
                _ => problems.push((
                    name.to_owned(),
                    "cannot take an imported Key: only a private-key field can; pass the text".into(),
                )),
            }
        }
        for name in values.keys() {
            if !fields.iter().any(|field| &field.name == name) {
                problems.push((
                    name.clone(),
                    format!("not a field of this preset (known: {})", names(fields)),
                ));
            }
        }
        let mut accepted = BTreeMap::new();
        for field in fields {
            if stand_in.as_ref().is_some_and(|(name, _)| *name == field.name) {
                continue;
            }
            let given = match values.get(&field.name) {
                None | Some(Value::Null) => None,
                Some(Value::String(text)) if text.trim().is_empty() => None,
                Some(Value::String(text)) if field.kind.keeps_whitespace() => Some(text.clone()),
                Some(Value::String(text)) => Some(text.trim().to_owned()),
                Some(Value::Bool(flag)) => Some(flag.to_string()),
                Some(Value::Number(number)) => Some(number.to_string()),
                Some(_) => {
                    problems.push((field.name.clone(), "must be text".into()));
                    continue;
                }
            };
            let Some(value) = given.or_else(|| field.default.clone()) else {
                if field.required {
                    problems.push((field.name.clone(), format!("{} is required", field.label)));
                }
                continue;
            };
            let value = Zeroizing::new(value);
            let failed = check(&field.kind, &value).err().or_else(|| {
                field
                    .checks
                    .iter()
                    .find(|rule| !rule.passes(&value))
                    .map(|rule| rule.message.clone())
            });
            match failed {
                None => {
                    accepted.insert(field.name.clone(), value);
                }
                Some(problem) => problems.push((field.name.clone(), problem)),
            }
        }
        if problems.is_empty() {
            Ok(Fields {
                values: accepted,
                imported: stand_in,
            })
        } else {
            Err(Error::FieldsInvalid { problems })
        }
    }

    /// The key the caller imported for field `name`, if it did.
    pub(crate) fn imported(&self, name: &str) -> Option<&Key> {
        self.imported
            .as_ref()
            .filter(|(field, _)| field == name)
            .map(|(_, key)| key)
    }

    /// The value of a field, if it has one.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(|value| value.as_str())
    }

    /// The value of a field that validation guarantees (required, or with a default).
    pub(crate) fn text(&self, name: &str) -> Result<&str> {
        self.get(name).ok_or_else(|| Error::FieldsInvalid {
            problems: vec![(name.into(), "is required".into())],
        })
    }
}

fn names(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|field| field.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn check(kind: &FieldKind, value: &str) -> std::result::Result<(), String> {
    let has_space = value.chars().any(char::is_whitespace);
    match kind {
        FieldKind::Multiline | FieldKind::Key => Ok(()),
        FieldKind::Certificate => {
            if value.contains("-----BEGIN CERTIFICATE-----") {
                Ok(())
            } else {
                Err("paste the certificate, the block that begins -----BEGIN CERTIFICATE-----".into())
            }
        }
        FieldKind::Text => {
            if value.chars().any(char::is_control) {
                Err("must be one line: remove the line break or tab".into())
            } else {
                Ok(())
            }
        }
        FieldKind::Json => crate::json::parse_json_object(value, "this field")
            .map(|object| drop(crate::json::WipedObject(object)))
            .map_err(|error| error.to_string()),
        FieldKind::Pem => {
            if value.contains("-----BEGIN") {
                Ok(())
            } else {
                Err("paste the whole key, including the -----BEGIN line".into())
            }
        }
        FieldKind::Boolean => match value {
            "true" | "false" => Ok(()),
            _ => Err("must be true or false".into()),
        },
        FieldKind::Choice(options) => {
            if options.iter().any(|option| option == value) {
                Ok(())
            } else {
                Err(format!("must be one of {}", options.join(", ")))
            }
        }
        FieldKind::Lifetime => crate::time::parse_span(value)
            .map(|_| ())
            .map_err(|error| error.to_string()),
        FieldKind::Host => {
            let valid = !has_space
                && !value.contains("://")
                && !value.contains('/')
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']'));
            if valid {
                Ok(())
            } else {
                Err("a host name like mycompany.example.com, without https:// or a path".into())
            }
        }
        FieldKind::Label => {
            let valid = value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
                && !value.starts_with(['.', '-'])
                && !value.ends_with(['.', '-']);
            if valid {
                Ok(())
            } else {
                Err("only letters, digits, - and ., not starting or ending with - or .".into())
            }
        }
        FieldKind::Url => {
            if !has_space && (value.starts_with("https://") || value.starts_with("http://")) {
                Ok(())
            } else {
                Err("a URL starting with https:// (or http://), without spaces".into())
            }
        }
        FieldKind::Path => {
            if !has_space && value.starts_with('/') {
                Ok(())
            } else {
                Err("a path starting with /, without spaces".into())
            }
        }
    }
}
