//! Reading a compact JWS without verifying it (RFC 7515 §7.1, §5.2). The result is labelled
//! unverified: nothing in it may be trusted until [`crate::verify`] has checked the signature.

use crate::base64url;
use crate::error::{Error, Result};
use crate::json::{self, Object};
use crate::time::NumericDate;
use serde_json::Value;
use zeroize::Zeroizing;

/// A token split into its parts. **Unverified**: the signature has not been checked.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The JOSE header.
    pub header: Object,
    /// The claims.
    pub payload: Object,
    /// The raw signature bytes.
    pub signature: Vec<u8>,
    /// Member names that appear twice, as `header.x` or `payload.x.y`; JSON keeps the last.
    pub duplicates: Vec<String>,
    /// `header.payload`, the bytes the signature covers.
    pub(crate) signing_input: String,
    /// The payload's JSON text, for reading the time claims exactly as written.
    pub(crate) payload_text: Zeroizing<String>,
}

impl Decoded {
    /// The token's `iat`, `nbf` and `exp` as it wrote them (any JSON number form; fractions
    /// kept), each checked as a NumericDate. A time claim that is not one is an error.
    ///
    /// ```
    /// // {"exp":1.7e9}
    /// let decoded = jwtmint::decode("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjEuN2U5fQ.c2ln").unwrap();
    /// assert_eq!(decoded.times().unwrap().expires_at.unwrap().floor(), 1_700_000_000);
    /// ```
    pub fn times(&self) -> Result<TokenTimes> {
        crate::token::token_times(&json::RawMembers::read(&self.payload_text, "payload")?)
    }
}

/// A token's time claims, as [`Decoded::times`] reads them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TokenTimes {
    /// `iat`.
    pub issued_at: Option<NumericDate>,
    /// `nbf`.
    pub not_before: Option<NumericDate>,
    /// `exp`.
    pub expires_at: Option<NumericDate>,
}

/// Splits and decodes a compact token. Surrounding whitespace and a leading `Bearer ` (as copied
/// from an `Authorization` header) are ignored.
///
/// ```
/// let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtZSJ9.c2ln";
/// let decoded = jwtmint::decode(token).unwrap();
/// assert_eq!(decoded.payload["sub"], "me");
/// assert_eq!(jwtmint::decode("a.b").unwrap_err().code(), "TOKEN_MALFORMED");
/// ```
pub fn decode(token: &str) -> Result<Decoded> {
    let trimmed = token.trim();
    let trimmed = trimmed
        .strip_prefix("Bearer ")
        .or_else(|| trimmed.strip_prefix("bearer "))
        .unwrap_or(trimmed)
        .trim();
    let segments: Vec<&str> = trimmed.split('.').collect();
    let [header_text, payload_text, signature_text] = segments.as_slice() else {
        return Err(Error::malformed(match segments.len() {
            5 => "it has 5 segments, which is an encrypted JWE; jwtmint reads signed tokens (3 segments)"
                .to_owned(),
            count => format!("it has {count} segment(s); a signed JWT has 3, header.payload.signature"),
        }));
    };
    let header_json = segment_text(header_text, "header")?;
    let payload_json = segment_text(payload_text, "payload")?;
    for (text, what) in [(&header_json, "header"), (&payload_json, "payload")] {
        json::check_depth(text).map_err(|detail| Error::malformed(format!("the {what}: {detail}")))?;
    }
    let signature = base64url::decode(signature_text)
        .map_err(|_| Error::malformed("the signature segment is not base64url without padding"))?;
    let header = segment_object(&header_json, "header")?;
    let payload = segment_object(&payload_json, "payload")?;
    let mut duplicates = json::duplicate_members(&header_json, "header");
    duplicates.extend(json::duplicate_members(&payload_json, "payload"));
    Ok(Decoded {
        header,
        payload,
        signature,
        duplicates,
        signing_input: format!("{header_text}.{payload_text}"),
        payload_text: payload_json,
    })
}

/// The segment's text, wiped when dropped (a payload may carry a PAT).
fn segment_text(segment: &str, what: &str) -> Result<Zeroizing<String>> {
    if segment.is_empty() {
        return Err(Error::malformed(format!("the {what} segment is empty")));
    }
    let bytes = base64url::decode(segment)
        .map_err(|_| Error::malformed(format!("the {what} segment is not base64url without padding")))?;
    String::from_utf8(bytes).map(Zeroizing::new).map_err(|error| {
        let mut bytes = error.into_bytes();
        zeroize::Zeroize::zeroize(&mut bytes);
        Error::malformed(format!("the {what} is not UTF-8 text"))
    })
}

fn segment_object(text: &str, what: &str) -> Result<Object> {
    let value: Value = serde_json::from_str(text)
        .map_err(|error| Error::malformed(format!("the {what} is not JSON ({error})")))?;
    match value {
        Value::Object(object) => Ok(object),
        other => Err(Error::malformed(format!(
            "the {what} is {}, not a JSON object",
            json::type_name(&other)
        ))),
    }
}
