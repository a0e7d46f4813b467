//! JSON objects with member order preserved, and detection of duplicate member names.
//!
//! RFC 7515 §5.2 lets a parser either reject duplicate names or keep the last one; most decoders
//! silently keep the last, which hides tampering. jwtmint reports every duplicate it sees.

use crate::error::{Error, Result};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::fmt;

/// A JSON object whose members keep the order they were given in.
pub type Object = Map<String, Value>;

/// Parses `text` as a JSON object with member order kept; `what` names the input in errors
/// ("claims", "header").
///
/// ```
/// let claims = jwtmint::parse_json_object(r#"{"sub":"me","aud":"x"}"#, "claims").unwrap();
/// assert_eq!(claims.keys().collect::<Vec<_>>(), ["sub", "aud"]);
/// ```
pub fn parse_json_object(text: &str, what: &str) -> Result<Object> {
    let value: Value = serde_json::from_str(text).map_err(|err| Error::JsonInvalid {
        what: what.to_owned(),
        detail: err.to_string(),
    })?;
    into_object(value)
}

/// Accepts a value only if it is a JSON object; anything else is `CLAIMS_NOT_OBJECT`.
pub fn into_object(value: Value) -> Result<Object> {
    match value {
        Value::Object(object) => Ok(object),
        other => Err(Error::ClaimsNotObject {
            found: type_name(&other).to_owned(),
        }),
    }
}

/// The JSON type of a value, as a person would say it.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Every member name that appears twice in the same object of `text`, as a dotted path prefixed
/// with `prefix` (e.g. `payload.sub`, `payload.ctx.role`). Invalid JSON yields no names: the
/// caller reports the parse error separately.
pub(crate) fn duplicate_members(text: &str, prefix: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let walker = Walker {
        path: format!("{prefix}."),
        found: &mut found,
    };
    if walker.deserialize(&mut deserializer).is_err() {
        return Vec::new();
    }
    found
}

struct Walker<'a> {
    path: String,
    found: &'a mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for Walker<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walker<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        loop {
            let element = Walker {
                path: format!("{}{index}.", self.path),
                found: &mut *self.found,
            };
            if seq.next_element_seed(element)?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(name) = map.next_key::<String>()? {
            if !seen.insert(name.clone()) {
                let full = format!("{}{name}", self.path);
                if !self.found.contains(&full) {
                    self.found.push(full);
                }
            }
            map.next_value_seed(Walker {
                path: format!("{}{name}.", self.path),
                found: &mut *self.found,
            })?;
        }
        Ok(())
    }
}

/// A parsed object whose string values are wiped when it is dropped: for JSON that carries a
/// secret (a service account key file). serde_json's own scratch buffers are outside our reach.
pub(crate) struct WipedObject(pub(crate) Object);

impl Drop for WipedObject {
    fn drop(&mut self) {
        fn wipe(value: &mut Value) {
            match value {
                Value::String(text) => zeroize::Zeroize::zeroize(text),
                Value::Array(items) => items.iter_mut().for_each(wipe),
                Value::Object(object) => object.values_mut().for_each(wipe),
                _ => {}
            }
        }
        self.0.values_mut().for_each(wipe);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_duplicates_at_every_depth() {
        let text = r#"{"a":1,"b":{"c":1,"c":2},"a":3,"l":[{"x":1,"x":1}]}"#;
        assert_eq!(
            duplicate_members(text, "payload"),
            ["payload.b.c", "payload.a", "payload.l.0.x"]
        );
        assert!(duplicate_members(r#"{"a":1}"#, "header").is_empty());
    }

    #[test]
    fn objects_keep_member_order() {
        let object = parse_json_object(r#"{"z":1,"a":2,"m":3}"#, "claims").unwrap();
        assert_eq!(object.keys().collect::<Vec<_>>(), ["z", "a", "m"]);
        assert_eq!(
            parse_json_object("[1]", "claims").unwrap_err().code(),
            "CLAIMS_NOT_OBJECT"
        );
        assert_eq!(
            parse_json_object("{", "claims").unwrap_err().code(),
            "JSON_INVALID"
        );
    }
}
