//! JSON objects with member order preserved, and detection of duplicate member names.
//!
//! RFC 7515 §5.2 lets a parser either reject duplicate names or keep the last one; most decoders
//! silently keep the last, which hides tampering. jwtmint reports every duplicate it sees.

use crate::error::{Error, Result};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::fmt;

/// A JSON object whose members keep the order they were given in.
pub type Object = Map<String, Value>;

/// The deepest nesting of arrays and objects jwtmint reads or writes, the same for every input
/// (claims to sign, a token's header and payload, JWKs, options): what `sign` accepts, `decode`
/// and `verify` read back, and duplicate member names are found at every depth it admits.
/// serde_json stops at 128; real claims nest a handful of levels.
pub const MAX_DEPTH: usize = 64;

/// Checks that `text` nests arrays and objects at most [`MAX_DEPTH`] deep, in one pass that
/// skips strings; the error is a detail for a message about the input. Text that is not JSON
/// passes (the parser reports it).
pub(crate) fn check_depth(text: &str) -> std::result::Result<(), String> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for byte in text.bytes() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(format!(
                        "arrays and objects nest more than {MAX_DEPTH} levels deep; jwtmint reads at most {MAX_DEPTH} levels"
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// [`check_depth`] as a `JSON_INVALID` error.
pub(crate) fn check_depth_of(text: &str, what: &str) -> Result<()> {
    check_depth(text).map_err(|detail| Error::JsonInvalid {
        what: what.to_owned(),
        detail,
    })
}

/// Parses `text` as a JSON object with member order kept; `what` names the input in errors
/// ("claims", "header").
///
/// ```
/// let claims = jwtmint::parse_json_object(r#"{"sub":"me","aud":"x"}"#, "claims").unwrap();
/// assert_eq!(claims.keys().collect::<Vec<_>>(), ["sub", "aud"]);
/// ```
pub fn parse_json_object(text: &str, what: &str) -> Result<Object> {
    check_depth_of(text, what)?;
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

/// The members of a JSON object in order, each value as the text it was written with (no
/// whitespace around it), for copying claims into a token without re-encoding them.
pub(crate) struct RawMembers<'a>(pub(crate) Vec<(String, &'a RawValue)>);

impl<'a> RawMembers<'a> {
    /// Parses `text` as an object; errors as `parse_json_object` gives them, and a name given
    /// twice at any depth is `CLAIM_INVALID` naming its path (`what` starts the path).
    pub(crate) fn parse(text: &'a str, what: &str) -> Result<RawMembers<'a>> {
        let members = RawMembers::read(text, what)?;
        // A scan for the usual handful of claims; a map (the same Object type as everywhere, so no
        // new code in the wasm) for many.
        let mut seen = Object::new();
        for (index, (name, _)) in members.0.iter().enumerate() {
            let twice = if members.0.len() <= 32 {
                members.0.iter().take(index).any(|(earlier, _)| earlier == name)
            } else {
                seen.insert(name.clone(), Value::Null).is_some()
            };
            if twice {
                return Err(Error::claim(
                    name,
                    "is given twice; a JWT's claim names must be unique (RFC 7519 §4), so keep one",
                ));
            }
        }
        for (name, value) in &members.0 {
            // Nested objects are read again only where there are any.
            if value.get().starts_with(['{', '[']) {
                if let Some(path) = duplicate_members(value.get(), name).into_iter().next() {
                    return Err(Error::claim(&path, "is given twice in the same object; keep one"));
                }
            }
        }
        Ok(members)
    }

    /// Reads the members of an object without looking for duplicate names (for a token, whose
    /// duplicates `decode` reports on its own).
    pub(crate) fn read(text: &'a str, what: &str) -> Result<RawMembers<'a>> {
        check_depth_of(text, what)?;
        match serde_json::from_str::<RawMembers<'a>>(text) {
            Ok(members) => Ok(members),
            // Not an object, or not JSON: the full parser says which, and where.
            Err(_) => {
                parse_json_object(text, what)?;
                Err(Error::JsonInvalid {
                    what: what.to_owned(),
                    detail: "could not be read as a JSON object".into(),
                })
            }
        }
    }

    /// Whether a member is called `name`.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The text of the member called `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&'a str> {
        self.0
            .iter()
            .find(|(given, _)| given == name)
            .map(|(_, value)| value.get())
    }
}

impl<'de> Deserialize<'de> for RawMembers<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = RawMembers<'de>;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
                let mut members = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    members.push((name, map.next_value::<&'de RawValue>()?));
                }
                Ok(RawMembers(members))
            }
        }
        deserializer.deserialize_map(Members)
    }
}

/// Appends `"name":value` to an object being written (with a comma unless it is the first).
pub(crate) fn write_member(out: &mut Vec<u8>, name: &str, value: &str) -> Result<()> {
    if out.last() != Some(&b'{') {
        out.push(b',');
    }
    // Claim names rarely need escaping; those that do go through serde_json.
    if name
        .bytes()
        .any(|byte| byte < 0x20 || byte == b'"' || byte == b'\\')
    {
        out.extend_from_slice(to_wiped_string(name)?.as_bytes());
    } else {
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.push(b'"');
    }
    out.push(b':');
    out.extend_from_slice(value.as_bytes());
    Ok(())
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

/// The JSON type of a value given as its text (first character), as a person would say it.
pub(crate) fn type_name_of_text(text: &str) -> &'static str {
    match text.trim_start().bytes().next() {
        Some(b'"') => "a string",
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// How many duplicate member names [`duplicate_members`] reports at most.
pub(crate) const MAX_REPORTED: usize = 16;

/// Every member name that appears twice (the first [`MAX_REPORTED`] of them) in the same object of `text`, as a dotted path prefixed
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
            // At most MAX_REPORTED names are kept, so a token of a million duplicates costs one
            // pass and a short message; one is enough to refuse it.
            if !seen.insert(name.clone()) && self.found.len() < MAX_REPORTED {
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
        self.0.values_mut().for_each(wipe);
    }
}

/// JSON text of `value` in a buffer that leaves nothing behind: `serde_json::to_string` grows
/// its buffer by reallocating, and every buffer it outgrows is freed with part of the text
/// still in it (claims with a PAT, say). This writer wipes each one before letting it go.
pub(crate) fn to_wiped_string<T: serde::Serialize + ?Sized>(value: &T) -> Result<zeroize::Zeroizing<String>> {
    struct Wiping(zeroize::Zeroizing<Vec<u8>>);
    impl std::io::Write for Wiping {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            let needed = self.0.len() + bytes.len();
            if needed > self.0.capacity() {
                let mut grown =
                    zeroize::Zeroizing::new(Vec::with_capacity(needed.max(2 * self.0.capacity())));
                grown.extend_from_slice(&self.0);
                // The old buffer is wiped when `grown` replaces it (Zeroizing's drop).
                self.0 = grown;
            }
            self.0.extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut writer = Wiping(zeroize::Zeroizing::new(Vec::with_capacity(256)));
    let failed = || Error::Crypto {
        detail: "could not serialise JSON".into(),
    };
    serde_json::to_writer(&mut writer, value).map_err(|_| failed())?;
    let bytes = std::mem::take(&mut *writer.0);
    // serde_json writes UTF-8; should it not, the bytes are wiped and an error returned.
    String::from_utf8(bytes)
        .map(zeroize::Zeroizing::new)
        .map_err(|error| {
            let mut bytes = error.into_bytes();
            zeroize::Zeroize::zeroize(&mut bytes);
            failed()
        })
}

/// Wipes every string in a value (member names are left: they are not secrets).
pub(crate) fn wipe(value: &mut Value) {
    match value {
        Value::String(text) => zeroize::Zeroize::zeroize(text),
        Value::Array(items) => items.iter_mut().for_each(wipe),
        Value::Object(object) => object.values_mut().for_each(wipe),
        _ => {}
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
