//! The files people have: a field that takes a file may say what else the file fills in, from its
//! name (`"fromFileName"`: Apple's `AuthKey_ABC123DEFG.p8` holds the key id) or from the JSON key
//! file it is (`"fromKeyFile"`: Coinbase's `{"name": ..., "privateKey": ...}`). The page and the
//! CLI apply the rules when a file is loaded ([`super::Preset::fields_from_file`]); minting never
//! does, so a value the person typed stays theirs.

use super::document::Members;
use super::fields::{Field, FieldKind};
use super::shape::{join, Problem};
use super::template::clip;
use crate::error::{Error, Result};
use crate::json::Object;
use serde::ser::SerializeMap;
use serde_json::Value;

/// `"fromFileName": {"prefix": "AuthKey_", "suffix": ".p8", "fills": "kid"}`: a file named
/// prefix, something, suffix fills field `fills` with the something.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FileNameRule {
    /// What the file name starts with.
    pub prefix: String,
    /// What it ends with (the extension).
    pub suffix: String,
    /// The field the part between them fills.
    pub fills: String,
}

/// One member of `"fromKeyFile"`: field `field` takes the first of `members` (paths like
/// `name` or `a.b`) that the JSON file holds as a non-empty string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyFileFill {
    /// The field filled.
    pub field: String,
    /// The members of the key file tried in order.
    pub members: Vec<String>,
}

/// The descriptor writes `fromKeyFile` as the document does: `{"field": ["member", ...]}`.
pub(crate) fn serialize_fills<S: serde::Serializer>(
    fills: &[KeyFileFill],
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(fills.len()))?;
    for fill in fills {
        map.serialize_entry(&fill.field, &fill.members)?;
    }
    map.end()
}

/// Reads `fromFileName` and `fromKeyFile` of every field, once all fields are known (a rule may
/// fill a field listed after it).
pub(crate) fn read_rules(items: &[Value], fields: &mut [Field]) -> Result<(), Problem> {
    let names: Vec<(String, bool)> = fields
        .iter()
        .map(|field| (field.name.clone(), field.secret))
        .collect();
    for (index, (item, field)) in items.iter().zip(fields.iter_mut()).enumerate() {
        let member = Members::object(item, &format!("fields.{index}"))?;
        let takes_file = matches!(field.kind, FieldKind::Pem | FieldKind::Key | FieldKind::Json);
        let target = |at: String, name: &str| -> Result<String, Problem> {
            match names.iter().find(|(known, _)| known == name) {
                None => Err((at, format!("unknown name '{}': no field has it", clip(name)))),
                Some(_) if name == field.name => Err((at, "a file cannot fill its own field".into())),
                Some((_, true)) => Err((
                    at,
                    format!("'{name}' is secret: a file name or key file fills ids, never a secret"),
                )),
                Some(_) => Ok(name.to_owned()),
            }
        };
        for rule in ["fromFileName", "fromKeyFile"] {
            if member.get(rule).is_some() && !takes_file {
                return Err((
                    member.at(rule),
                    "only a field that takes a file (kind pem, key or json) has this rule".into(),
                ));
            }
        }
        if let Some(value) = member.get("fromFileName") {
            let rule = Members::object(value, &member.at("fromFileName"))?;
            rule.only(&["prefix", "suffix", "fills"])?;
            let (prefix, suffix) = (rule.string("prefix")?, rule.string("suffix")?);
            if prefix.is_empty() && suffix.is_empty() {
                return Err((
                    rule.at("prefix"),
                    "give the prefix or the suffix the file name has, like \"AuthKey_\" and \".p8\"".into(),
                ));
            }
            field.from_file_name = Some(FileNameRule {
                fills: target(rule.at("fills"), &rule.string("fills")?)?,
                prefix,
                suffix,
            });
        }
        if let Some(value) = member.get("fromKeyFile") {
            let at = member.at("fromKeyFile");
            let Value::Object(rules) = value else {
                return Err((
                    at,
                    "an object of field name → member of the key file, like {\"kid\": \"name\"}".into(),
                ));
            };
            for (name, members) in rules {
                let place = join(&at, name);
                let members = match members {
                    Value::String(one) => vec![one.clone()],
                    Value::Array(items) if !items.is_empty() => items
                        .iter()
                        .map(|item| item.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| (place.clone(), "members are strings".to_owned()))?,
                    _ => {
                        return Err((
                            place,
                            "a member name, or a list of them tried in order, like [\"name\", \"id\"]".into(),
                        ))
                    }
                };
                if let Some(bad) = members
                    .iter()
                    .find(|path| path.is_empty() || path.split('.').any(str::is_empty))
                {
                    return Err((place, format!("'{}' is not a member name", clip(bad))));
                }
                field.from_key_file.push(KeyFileFill {
                    field: target(place, name)?,
                    members,
                });
            }
        }
    }
    Ok(())
}

/// The part of `file_name` (a bare name or a path) between the rule's prefix and suffix, with a
/// browser's duplicate mark (` (1)` in `AuthKey_ABC (1).p8`) dropped; `None` when it does not
/// match or nothing is left.
fn name_part<'a>(rule: &FileNameRule, file_name: &'a str) -> Option<&'a str> {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let middle = base
        .strip_prefix(rule.prefix.as_str())?
        .strip_suffix(rule.suffix.as_str())?;
    let middle = match middle.strip_suffix(')').and_then(|rest| rest.rsplit_once('(')) {
        Some((before, digits)) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            before.trim_end()
        }
        _ => middle,
    };
    (!middle.is_empty()).then_some(middle)
}

/// The values the file loaded into `field` gives other fields: `{"kid": "ABC123DEFG"}`.
pub(crate) fn fields_from_file(field: &Field, file_name: &str, text: &str) -> Result<Object> {
    let mut filled = Object::new();
    if let Some(rule) = &field.from_file_name {
        if let Some(part) = name_part(rule, file_name) {
            filled.insert(rule.fills.clone(), Value::from(part));
        }
    }
    if field.from_key_file.is_empty() || !text.trim_start().starts_with('{') {
        return Ok(filled);
    }
    // A file that is no JSON object fills nothing: it may be a PEM file after all.
    let Ok(file) = crate::json::parse_json_object(text.trim(), &field.name).map(crate::json::WipedObject)
    else {
        return Ok(filled);
    };
    for fill in &field.from_key_file {
        let found = fill.members.iter().find_map(|path| {
            let mut steps = path.split('.');
            let first = file.0.get(steps.next().unwrap_or_default());
            steps
                .try_fold(first, |value, step| Some(value?.get(step)))
                .flatten()
                .and_then(Value::as_str)
                .filter(|text| !text.is_empty())
        });
        if let Some(value) = found {
            filled.insert(fill.field.clone(), Value::from(value));
        }
    }
    Ok(filled)
}

/// The field a file is loaded into, by name.
pub(crate) fn file_field<'a>(fields: &'a [Field], name: &str) -> Result<&'a Field> {
    fields.iter().find(|field| field.name == name).ok_or_else(|| {
        Error::invalid_argument(format!(
            "no field named {:?} in this preset",
            name.chars().take(40).collect::<String>()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> FileNameRule {
        FileNameRule {
            prefix: "AuthKey_".into(),
            suffix: ".p8".into(),
            fills: "kid".into(),
        }
    }

    #[test]
    fn the_file_name_gives_the_part_between_prefix_and_suffix() {
        let rule = rule();
        for (name, part) in [
            ("AuthKey_ABC123DEFG.p8", Some("ABC123DEFG")),
            ("/home/me/keys/AuthKey_ABC123DEFG.p8", Some("ABC123DEFG")),
            ("C:\\Users\\me\\AuthKey_ABC123DEFG.p8", Some("ABC123DEFG")),
            ("AuthKey_ABC123DEFG (1).p8", Some("ABC123DEFG")),
            ("AuthKey_ABC123DEFG(2).p8", Some("ABC123DEFG")),
            ("AuthKey_ABC (x).p8", Some("ABC (x)")),
            ("AuthKey_.p8", None),
            ("AuthKey_ (1).p8", None),
            ("authkey_ABC.p8", None),
            ("AuthKey_ABC.pem", None),
            ("key.p8", None),
        ] {
            assert_eq!(name_part(&rule, name), part, "{name}");
        }
    }
}
