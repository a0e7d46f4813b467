//! Options given as JSON-shaped values, with the names of the JavaScript API (`expiresIn`,
//! `clockTolerance`, ...). Every binding (wasm, and through it the npm API, the CLI and the page)
//! hands its options here, so they are parsed and checked once, with one set of messages.
//! Unknown option names are refused: a typo must not silently drop a check.

use crate::alg::Algorithm;
use crate::error::{Error, Result};
use crate::json::Object;
use crate::key::{ImportOptions, SecretEncoding};
use crate::time;
use crate::token::{Audience, IssuedAt, Jti, SignOptions};
use crate::verify::VerifyOptions;
use serde_json::Value;
use zeroize::Zeroizing;

fn bad(option: &str, expected: &str) -> Error {
    Error::invalid_argument(format!("option \"{option}\" must be {expected}"))
}

/// The options object, or an empty one for `null`/absent; anything else is an error.
fn members<'a>(value: &'a Value, allowed: &[&str], what: &str) -> Result<Option<&'a Object>> {
    let object = match value {
        Value::Null => return Ok(None),
        Value::Object(object) => object,
        _ => return Err(Error::invalid_argument(format!("{what} must be an object"))),
    };
    if let Some(unknown) = object.keys().find(|name| !allowed.contains(&name.as_str())) {
        return Err(Error::invalid_argument(format!(
            "unknown option \"{}\" in {what}; known options: {}",
            unknown.chars().take(40).collect::<String>(),
            allowed.join(", ")
        )));
    }
    Ok(Some(object))
}

fn string(object: &Object, name: &str) -> Result<Option<String>> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(bad(name, "a string")),
    }
}

fn number(object: &Object, name: &str) -> Result<Option<f64>> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(number)) => Ok(number.as_f64()),
        Some(_) => Err(bad(name, "a number")),
    }
}

fn strings(object: &Object, name: &str) -> Result<Option<Vec<String>>> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(one)) => Ok(Some(vec![one.clone()])),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| bad(name, "a string or an array of strings"))
            })
            .collect::<Result<Vec<_>>>()
            .map(Some),
        Some(_) => Err(bad(name, "a string or an array of strings")),
    }
}

/// A lifetime or offset: seconds as a number, or a span string (`10m`, `1h30m`).
pub fn span(value: &Value, name: &str) -> Result<Option<i64>> {
    match value {
        Value::Null => Ok(None),
        Value::Number(number) => time::span_from_number(number.as_f64().unwrap_or(f64::NAN)).map(Some),
        Value::String(text) => time::parse_span(text).map(Some),
        _ => Err(bad(name, "seconds as a number or a span like \"10m\"")),
    }
}

fn now(object: &Object) -> Result<Option<i64>> {
    number(object, "now")?
        .map(|now| time::numeric_date("now", now))
        .transpose()
}

const SIGN_OPTIONS: &[&str] = &[
    "alg",
    "kid",
    "typ",
    "header",
    "expiresIn",
    "notBefore",
    "issuedAt",
    "jti",
    "iss",
    "sub",
    "aud",
    "now",
    "strict",
];

/// Reads `{ alg, kid?, typ?, header?, expiresIn?, notBefore?, issuedAt?, jti?, iss?, sub?, aud?,
/// now?, strict? }`. `alg` may be omitted only when `default_alg` is given.
pub fn sign_options(value: &Value, default_alg: Option<Algorithm>) -> Result<SignOptions> {
    let Some(object) = members(value, SIGN_OPTIONS, "sign options")? else {
        return default_alg
            .map(SignOptions::new)
            .ok_or_else(|| Error::invalid_argument("sign options need \"alg\", e.g. { alg: \"RS256\" }"));
    };
    let alg = match (string(object, "alg")?, default_alg) {
        (Some(name), _) => name.parse()?,
        (None, Some(alg)) => alg,
        (None, None) => {
            return Err(Error::invalid_argument(
                "sign options need \"alg\", e.g. { alg: \"RS256\" }",
            ))
        }
    };
    let mut options = SignOptions::new(alg);
    options.kid = string(object, "kid")?;
    options.typ = match object.get("typ") {
        // `null` means absent, like every option: JavaScript's `undefined` arrives as null.
        None | Some(Value::Null) => Some("JWT".into()),
        Some(Value::Bool(false)) => None,
        Some(Value::String(typ)) => Some(typ.clone()),
        Some(_) => return Err(bad("typ", "a string, or false to leave it out")),
    };
    options.header = match object.get("header") {
        None | Some(Value::Null) => Object::new(),
        Some(Value::Object(header)) => header.clone(),
        Some(_) => return Err(bad("header", "an object of extra header members")),
    };
    options.expires_in = span(object.get("expiresIn").unwrap_or(&Value::Null), "expiresIn")?;
    options.not_before = span(object.get("notBefore").unwrap_or(&Value::Null), "notBefore")?;
    options.issued_at = match object.get("issuedAt") {
        None | Some(Value::Null | Value::Bool(true)) => IssuedAt::Now,
        Some(Value::Bool(false)) => IssuedAt::Omit,
        Some(Value::Number(at)) => {
            IssuedAt::At(time::numeric_date("issuedAt", at.as_f64().unwrap_or(f64::NAN))?)
        }
        Some(_) => return Err(bad("issuedAt", "seconds since 1970, or false to leave iat out")),
    };
    options.jti = match object.get("jti") {
        None | Some(Value::Null | Value::Bool(false)) => Jti::None,
        Some(Value::Bool(true)) => Jti::Random,
        Some(Value::String(jti)) => Jti::Value(jti.clone()),
        Some(_) => return Err(bad("jti", "true (a random UUID) or a string")),
    };
    options.issuer = string(object, "iss")?;
    options.subject = string(object, "sub")?;
    options.audience = match object.get("aud") {
        None | Some(Value::Null) => None,
        Some(Value::String(one)) => Some(Audience::One(one.clone())),
        Some(Value::Array(_)) => strings(object, "aud")?.map(Audience::Many),
        Some(_) => return Err(bad("aud", "a string or an array of strings")),
    };
    options.now = now(object)?;
    options.strict = match object.get("strict") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(strict)) => *strict,
        Some(_) => return Err(bad("strict", "true or false")),
    };
    Ok(options)
}

const VERIFY_OPTIONS: &[&str] = &[
    "algorithms",
    "issuer",
    "audience",
    "subject",
    "typ",
    "clockTolerance",
    "maxTokenAge",
    "requiredClaims",
    "now",
];

/// Reads `{ algorithms?, issuer?, audience?, subject?, typ?, clockTolerance?, maxTokenAge?,
/// requiredClaims?, now? }`. Tolerance and age take seconds or a span string.
pub fn verify_options(value: &Value) -> Result<VerifyOptions> {
    let Some(object) = members(value, VERIFY_OPTIONS, "verify options")? else {
        return Ok(VerifyOptions::default());
    };
    let algorithms = strings(object, "algorithms")?
        .map(|names| {
            names
                .iter()
                .map(|name| name.parse())
                .collect::<Result<Vec<Algorithm>>>()
        })
        .transpose()?;
    Ok(VerifyOptions {
        algorithms,
        issuer: strings(object, "issuer")?,
        audience: strings(object, "audience")?,
        subject: string(object, "subject")?,
        typ: string(object, "typ")?,
        clock_tolerance: span(
            object.get("clockTolerance").unwrap_or(&Value::Null),
            "clockTolerance",
        )?
        .unwrap_or(0),
        max_token_age: span(object.get("maxTokenAge").unwrap_or(&Value::Null), "maxTokenAge")?,
        required_claims: strings(object, "requiredClaims")?.unwrap_or_default(),
        now: now(object)?,
    })
}

/// Reads `{ passphrase?, encoding? }` for key import.
pub fn import_options(value: &Value) -> Result<ImportOptions> {
    let Some(object) = members(value, &["passphrase", "encoding"], "import options")? else {
        return Ok(ImportOptions::default());
    };
    Ok(ImportOptions {
        passphrase: string(object, "passphrase")?.map(Zeroizing::new),
        encoding: string(object, "encoding")?
            .map(|name| name.parse::<SecretEncoding>())
            .transpose()?,
    })
}

const MINT_OPTIONS: &[&str] = &["now", "lifetime"];

/// `mint` options: `{ now?, lifetime? }` (lifetime as seconds or a span).
pub fn mint_options(value: &Value) -> Result<crate::preset::MintOptions> {
    let Some(object) = members(value, MINT_OPTIONS, "mint options")? else {
        return Ok(crate::preset::MintOptions::default());
    };
    Ok(crate::preset::MintOptions {
        now: now(object)?,
        lifetime: span(object.get("lifetime").unwrap_or(&Value::Null), "lifetime")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sign_options_read_every_form() {
        let options = sign_options(
            &json!({"alg": "RS256", "kid": "primary", "expiresIn": "1h", "notBefore": 0, "issuedAt": 1_700_000_000,
                    "jti": true, "aud": ["a", "b"], "typ": false, "now": 1_700_000_005, "strict": true}),
            None,
        )
        .unwrap();
        assert_eq!(options.alg, Algorithm::RS256);
        assert_eq!(options.expires_in, Some(3600));
        assert_eq!(options.issued_at, IssuedAt::At(1_700_000_000));
        assert_eq!(options.jti, Jti::Random);
        assert_eq!(options.typ, None);
        assert_eq!(
            options.audience,
            Some(Audience::Many(vec!["a".into(), "b".into()]))
        );
        assert!(options.strict);
        for (value, words) in [
            (
                json!({"alg": "RS256", "expiresin": 5}),
                "unknown option \"expiresin\"",
            ),
            (json!({}), "need \"alg\""),
            (json!({"alg": "RS256", "kid": 5}), "\"kid\" must be a string"),
            (json!({"alg": "RS256", "aud": [1]}), "\"aud\" must be"),
            (json!([1]), "must be an object"),
        ] {
            let error = sign_options(&value, None).unwrap_err();
            assert_eq!(error.code(), "INVALID_ARGUMENT");
            assert!(error.to_string().contains(words), "{error}");
        }
        assert_eq!(
            sign_options(&json!({"alg": "none"}), None).unwrap_err().code(),
            "ALG_UNSUPPORTED"
        );
        assert_eq!(
            sign_options(&json!({"alg": "HS256", "expiresIn": "soon"}), None)
                .unwrap_err()
                .code(),
            "BAD_LIFETIME"
        );
        assert_eq!(
            sign_options(&json!({"alg": "HS256", "now": 1.7e12}), None)
                .unwrap_err()
                .code(),
            "BAD_TIME"
        );
        assert_eq!(
            sign_options(&Value::Null, Some(Algorithm::HS256)).unwrap().alg,
            Algorithm::HS256
        );
        let absent = sign_options(&json!({"alg": "HS256", "typ": null, "kid": null}), None).unwrap();
        assert_eq!((absent.typ.as_deref(), absent.kid), (Some("JWT"), None));
    }

    #[test]
    fn verify_and_import_options() {
        let options = verify_options(
            &json!({"algorithms": ["RS256"], "issuer": "sdk", "clockTolerance": "30s",
                                             "maxTokenAge": 600, "requiredClaims": ["exp"]}),
        )
        .unwrap();
        assert_eq!(options.algorithms, Some(vec![Algorithm::RS256]));
        assert_eq!(options.issuer, Some(vec!["sdk".into()]));
        assert_eq!(options.clock_tolerance, 30);
        assert_eq!(options.max_token_age, Some(600));
        assert_eq!(
            verify_options(&json!({"algorithms": ["none"]}))
                .unwrap_err()
                .code(),
            "ALG_UNSUPPORTED"
        );
        let import = import_options(&json!({"encoding": "hex", "passphrase": "pw"})).unwrap();
        assert_eq!(import.encoding, Some(SecretEncoding::Hex));
        assert_eq!(
            import_options(&json!({"encoding": "rot13"})).unwrap_err().code(),
            "INVALID_ARGUMENT"
        );
    }
}
