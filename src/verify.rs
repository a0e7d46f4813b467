//! Verifying a compact JWS and validating its claims (RFC 7519 §7.2, §4.1).
//!
//! Order of checks: the token's form, duplicate members, `alg` against the allowlist (which is
//! never wider than what the key supports; `none` is unknown), `crit`, the signature, then the
//! claims. Each failure names the claim, the expected and the actual value.

use crate::alg::Algorithm;
use crate::decode::decode;
use crate::error::{Error, Result};
use crate::json::{self, Object};
use crate::key::{Key, Operation};
use crate::signature;
use crate::time;
use serde_json::Value;

/// Options for [`verify`]. `Default` checks the signature, `exp` and `nbf` with no tolerance.
#[derive(Clone, Debug, Default)]
pub struct VerifyOptions {
    /// Allowed algorithms; default: every algorithm the key supports.
    pub algorithms: Option<Vec<Algorithm>>,
    /// `iss` must equal one of these.
    pub issuer: Option<Vec<String>>,
    /// `aud` (string or array) must contain one of these.
    pub audience: Option<Vec<String>>,
    /// `sub` must equal this.
    pub subject: Option<String>,
    /// The header's `typ` must equal this (case-insensitive, `application/` optional).
    pub typ: Option<String>,
    /// Seconds of clock skew allowed for `exp`, `nbf` and the maximum age.
    pub clock_tolerance: i64,
    /// The token's `iat` may be at most this many seconds old (requires `iat`).
    pub max_token_age: Option<i64>,
    /// Claims that must be present.
    pub required_claims: Vec<String>,
    /// The current time in seconds; the system clock when `None` (required in wasm).
    pub now: Option<i64>,
}

/// A verified token.
#[derive(Clone, Debug)]
pub struct Verified {
    /// The header.
    pub header: Object,
    /// The claims.
    pub payload: Object,
}

/// Verifies `token` with `key` and checks its claims.
///
/// ```
/// use jwtmint::{sign, verify, Algorithm, Key, SignOptions, VerifyOptions};
/// let key = Key::from_secret("a-very-long-api-secret-of-32-bytes!", Default::default()).unwrap();
/// let mut options = SignOptions::new(Algorithm::HS256);
/// options.now = Some(1_700_000_000);
/// options.expires_in = Some(60);
/// let token = sign(Default::default(), &key, &options).unwrap().token;
/// let mut checks = VerifyOptions::default();
/// checks.now = Some(1_700_000_030);
/// assert!(verify(&token, &key, &checks).is_ok());
/// checks.now = Some(1_700_000_060);
/// assert_eq!(verify(&token, &key, &checks).unwrap_err().code(), "TOKEN_EXPIRED");
/// ```
pub fn verify(token: &str, key: &Key, options: &VerifyOptions) -> Result<Verified> {
    let decoded = decode(token)?;
    if !decoded.duplicates.is_empty() {
        return Err(Error::TokenDuplicateMember {
            members: decoded.duplicates,
        });
    }
    let alg_name = match decoded.header.get("alg") {
        Some(Value::String(name)) => name.as_str(),
        Some(_) => return Err(Error::malformed("the header's \"alg\" is not a string")),
        None => return Err(Error::malformed("the header has no \"alg\"")),
    };
    let alg: Algorithm = alg_name.parse()?;
    // A JWK with `use: "enc"` or `key_ops` without "verify" verifies nothing (RFC 7517 §4.2–4.3);
    // said before the allowlist, which is empty for such a key.
    key.check_usage(Operation::Verify)?;
    let allowed: Vec<Algorithm> = match &options.algorithms {
        Some(list) => list.clone(),
        None => key.supported().to_vec(),
    };
    if !allowed.contains(&alg) {
        return Err(Error::AlgNotAllowed {
            alg: alg.name().into(),
            allowed: allowed.iter().map(|alg| alg.name().to_owned()).collect(),
        });
    }
    if decoded.header.contains_key("crit") {
        return Err(Error::HeaderInvalid {
            detail: "the token has \"crit\" extensions, which jwtmint does not implement".into(),
        });
    }
    signature::verify(key, alg, decoded.signing_input.as_bytes(), &decoded.signature)?;
    check_claims(&decoded.header, &decoded.payload, &decoded.payload_text, options)?;
    Ok(Verified {
        header: decoded.header,
        payload: decoded.payload,
    })
}

fn check_claims(
    header: &Object,
    payload: &Object,
    payload_text: &str,
    options: &VerifyOptions,
) -> Result<()> {
    crate::token::check_registered(payload)?;
    // The times as the token wrote them (any JSON number form, fractions exact).
    let times = crate::token::token_times(&json::RawMembers::read(payload_text, "payload")?)?;
    let now = match options.now {
        Some(now) => time::numeric_date("now", now as f64)?,
        None => time::now_seconds()?,
    };
    // The JS and CLI layers read these as spans; Rust callers get the same bounds.
    let span = |name: &str, seconds: i64| match (0..=time::MAX_SPAN_SECONDS).contains(&seconds) {
        true => Ok(seconds),
        false => Err(Error::invalid_argument(format!(
            "{name} must be between 0 and ten years of seconds, not {seconds}"
        ))),
    };
    let tolerance = span("clock_tolerance", options.clock_tolerance)?;
    if let Some(max_age) = options.max_token_age {
        span("max_token_age", max_age)?;
    }
    for claim in &options.required_claims {
        if !payload.contains_key(claim) {
            return Err(Error::ClaimMissing { claim: claim.clone() });
        }
    }
    // Whole-second clocks against exact times: `n >= exp` is `n >= ceil(exp)`, `n < nbf` is
    // `n < ceil(nbf)`, `n > iat` is `n > floor(iat)` and `iat > n` is `ceil(iat) > n`.
    if let Some(expired_at) = times.expires_at {
        if now.saturating_sub(tolerance) >= expired_at.ceil() {
            return Err(Error::TokenExpired { expired_at, now });
        }
    }
    if let Some(not_before) = times.not_before {
        if now.saturating_add(tolerance) < not_before.ceil() {
            return Err(Error::TokenNotYetValid { not_before, now });
        }
    }
    if let Some(max_age) = options.max_token_age {
        let Some(issued_at) = times.issued_at else {
            return Err(Error::ClaimMissing { claim: "iat".into() });
        };
        if issued_at.ceil() > now.saturating_add(tolerance) {
            return Err(Error::TokenIssuedInFuture { issued_at, now });
        }
        if now.saturating_sub(tolerance).saturating_sub(max_age) > issued_at.floor() {
            return Err(Error::TokenTooOld {
                issued_at,
                max_age,
                now,
            });
        }
    }
    if let Some(issuers) = &options.issuer {
        let actual = string_claim(payload, "iss")?;
        if !issuers.iter().any(|issuer| issuer == actual) {
            return Err(mismatch("iss", &one_of(issuers), &format!("{actual:?}")));
        }
    }
    if let Some(subject) = &options.subject {
        let actual = string_claim(payload, "sub")?;
        if actual != subject {
            return Err(mismatch("sub", &format!("{subject:?}"), &format!("{actual:?}")));
        }
    }
    if let Some(audiences) = &options.audience {
        let actual: Vec<&str> = match payload.get("aud") {
            Some(Value::String(one)) => vec![one.as_str()],
            Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
            _ => return Err(Error::ClaimMissing { claim: "aud".into() }),
        };
        if !actual
            .iter()
            .any(|aud| audiences.iter().any(|wanted| wanted == aud))
        {
            // The token's audiences, the first few: a token may carry thousands.
            let shown: Vec<&str> = actual.iter().take(8).copied().collect();
            let more = actual.len().saturating_sub(shown.len());
            let actual = match more {
                0 => format!("{shown:?}"),
                more => format!("{shown:?} and {more} more"),
            };
            return Err(mismatch("aud", &one_of(audiences), &actual));
        }
    }
    if let Some(expected) = &options.typ {
        let actual = match header.get("typ") {
            Some(Value::String(typ)) => typ.as_str(),
            _ => return Err(mismatch("typ", &format!("{expected:?}"), "absent")),
        };
        if normalise_typ(actual) != normalise_typ(expected) {
            return Err(mismatch("typ", &format!("{expected:?}"), &format!("{actual:?}")));
        }
    }
    Ok(())
}

fn string_claim<'a>(payload: &'a Object, claim: &str) -> Result<&'a str> {
    match payload.get(claim) {
        Some(Value::String(value)) => Ok(value),
        _ => Err(Error::ClaimMissing { claim: claim.into() }),
    }
}

fn one_of(values: &[String]) -> String {
    match values {
        [one] => format!("{one:?}"),
        many => format!("one of {many:?}"),
    }
}

fn mismatch(claim: &str, expected: &str, actual: &str) -> Error {
    Error::ClaimMismatch {
        claim: claim.into(),
        expected: expected.into(),
        actual: actual.into(),
    }
}

/// RFC 7515 §4.1.9: `typ` compares case-insensitively and `application/` may be omitted.
fn normalise_typ(typ: &str) -> String {
    let lower = typ.to_ascii_lowercase();
    lower
        .strip_prefix("application/")
        .map(str::to_owned)
        .unwrap_or(lower)
}
