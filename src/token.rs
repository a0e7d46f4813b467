//! Building and signing a compact JWS (RFC 7515 §7.1) carrying JWT claims (RFC 7519 §4.1).
//!
//! The header's `alg` always comes from the algorithm and cannot be overridden; `typ` is `JWT`
//! unless told otherwise; `crit` is refused (jwtmint understands no extensions). Claims keep the
//! member order the caller gave; the registered-claim helpers append what is missing, and a
//! helper that would overwrite a claim the caller wrote is an error, never a silent change.

use crate::alg::{Algorithm, Family};
use crate::base64url;
use crate::error::{Error, Result, Warning};
use crate::json::{self, Object};
use crate::key::Key;
use crate::signature;
use crate::time::{self, NumericDate};
use crate::wipe::WipedBytes;
use serde_json::Value;

/// How `iat` is set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IssuedAt {
    /// `iat` = now, unless the claims already have one (the default).
    #[default]
    Now,
    /// `iat` = this NumericDate.
    At(i64),
    /// No `iat` is added.
    Omit,
}

/// How `jti` is set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Jti {
    /// No `jti` is added (the default).
    #[default]
    None,
    /// A random UUID v4.
    Random,
    /// This value.
    Value(String),
}

/// The `aud` claim: one audience or several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Audience {
    /// `"aud": "x"`.
    One(String),
    /// `"aud": ["x", "y"]`.
    Many(Vec<String>),
}

/// Options for [`sign`]. Build with `SignOptions::new(alg)` and set what you need.
#[derive(Clone, Debug)]
pub struct SignOptions {
    /// The algorithm; it also sets the header's `alg`.
    pub alg: Algorithm,
    /// The header's `kid`.
    pub kid: Option<String>,
    /// The header's `typ`: `Some("JWT")` by default; `None` leaves it out.
    pub typ: Option<String>,
    /// Further header members, in order. A template: members named here keep their position
    /// (so `{"alg":…,"kid":…,"typ":…}` fixes that order) and `kid`/`typ` options fill them in.
    pub header: Object,
    /// Lifetime in seconds: `exp` = `iat` (or now) + this.
    pub expires_in: Option<i64>,
    /// `nbf` = `iat` (or now) + this many seconds.
    pub not_before: Option<i64>,
    /// How `iat` is set.
    pub issued_at: IssuedAt,
    /// How `jti` is set.
    pub jti: Jti,
    /// The `iss` claim.
    pub issuer: Option<String>,
    /// The `sub` claim.
    pub subject: Option<String>,
    /// The `aud` claim.
    pub audience: Option<Audience>,
    /// The current time in seconds; the system clock when `None` (required in wasm).
    pub now: Option<i64>,
    /// Turn warnings (e.g. a short HMAC secret) into errors.
    pub strict: bool,
}

impl SignOptions {
    /// Options with defaults for `alg`: `typ: "JWT"`, `iat` now, nothing else.
    pub fn new(alg: Algorithm) -> Self {
        SignOptions {
            alg,
            kid: None,
            typ: Some("JWT".into()),
            header: Object::new(),
            expires_in: None,
            not_before: None,
            issued_at: IssuedAt::Now,
            jti: Jti::None,
            issuer: None,
            subject: None,
            audience: None,
            now: None,
            strict: false,
        }
    }
}

/// A signed token and what went into it.
#[derive(Clone, Debug)]
pub struct Signed {
    /// The compact token `header.payload.signature`.
    pub token: String,
    /// The header as signed.
    pub header: Object,
    /// The claims as signed.
    pub payload: Object,
    /// The `iat` claim, if any.
    pub issued_at: Option<i64>,
    /// The `exp` claim, if any.
    pub expires_at: Option<i64>,
    /// Remarks that did not stop signing.
    pub warnings: Vec<Warning>,
}

/// Signs `claims` with `key`.
///
/// ```
/// use jwtmint::{sign, Algorithm, Key, SignOptions};
/// let key = Key::from_secret("a-very-long-api-secret-of-32-bytes!", Default::default()).unwrap();
/// let mut options = SignOptions::new(Algorithm::HS256);
/// options.now = Some(1_700_000_000);
/// options.expires_in = Some(600);
/// let claims = serde_json::json!({"sub": "me"}).as_object().unwrap().clone();
/// let signed = sign(claims, &key, &options).unwrap();
/// assert_eq!(signed.expires_at, Some(1_700_000_600));
/// assert!(signed.token.starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
/// ```
pub fn sign(claims: Object, key: &Key, options: &SignOptions) -> Result<Signed> {
    Signer::new(key, options.clone())?.sign(key, claims, None)
}

/// Sign options checked and the header encoded once, for minting many tokens with one key and
/// the same options (JavaScript's `createSigner`). Build it for a key and sign with that key.
///
/// ```
/// use jwtmint::{Algorithm, Key, SignOptions, Signer};
/// let key = Key::from_secret("a-very-long-api-secret-of-32-bytes!", Default::default()).unwrap();
/// let mut options = SignOptions::new(Algorithm::HS256);
/// options.expires_in = Some(600);
/// let signer = Signer::new(&key, options).unwrap();
/// let claims = serde_json::json!({"sub": "me"}).as_object().unwrap().clone();
/// let token = signer.sign_token(&key, claims, Some(1_700_000_000)).unwrap();
/// assert_eq!(jwtmint::decode(&token).unwrap().payload["exp"], 1_700_000_600);
/// ```
#[derive(Clone, Debug)]
pub struct Signer {
    options: SignOptions,
    header: Object,
    encoded_header: String,
    warnings: Vec<Warning>,
}

impl Signer {
    /// Checks `options` against `key` (algorithm, header, secret length) and encodes the header.
    pub fn new(key: &Key, options: SignOptions) -> Result<Signer> {
        key.check_signing(options.alg)?;
        let warnings = secret_warnings(key, &options)?;
        let header = build_header(&options)?;
        let header_json = json::to_wiped_string(&header)?;
        Ok(Signer {
            encoded_header: base64url::encode(header_json.as_bytes()),
            header,
            options,
            warnings,
        })
    }

    /// Signs `claims` with `key`, the key this signer was made for. `now` is the time in seconds
    /// when the options set none (`None`: the system clock).
    pub fn sign(&self, key: &Key, claims: Object, now: Option<i64>) -> Result<Signed> {
        // One path for both: the object written as JSON text, then signed as text.
        // The claims may carry a PAT: this copy and the text are wiped when dropped.
        let claims = json::WipedObject(claims);
        let text = json::to_wiped_string(&claims.0)?;
        self.sign_json(key, &text, now)
    }

    /// Like [`Signer::sign`], returning only the token.
    pub fn sign_token(&self, key: &Key, claims: Object, now: Option<i64>) -> Result<String> {
        self.sign(key, claims, now).map(|signed| signed.token)
    }

    /// Signs claims given as JSON text (an object). Each member's value is copied into the token
    /// exactly as written (numbers keep their digits, so an integer beyond 2^53 is not rounded);
    /// the registered claims are checked and the options' claims appended as with
    /// [`Signer::sign`]. A claim name given twice, at any depth, is an error: a JWT's claim names
    /// must be unique (RFC 7519 §4).
    ///
    /// ```
    /// use jwtmint::{Algorithm, Key, SignOptions, Signer};
    /// let key = Key::from_secret("a-very-long-api-secret-of-32-bytes!", Default::default()).unwrap();
    /// let signer = Signer::new(&key, SignOptions::new(Algorithm::HS256)).unwrap();
    /// let signed = signer.sign_json(&key, r#"{"sub":"me","n":12345678901234567890123}"#, Some(1_700_000_000)).unwrap();
    /// let payload = signed.token.split('.').nth(1).unwrap();
    /// assert_eq!(payload, jwtmint::base64url::encode(br#"{"sub":"me","n":12345678901234567890123,"iat":1700000000}"#));
    /// assert!(signer.sign_json(&key, r#"{"sub":"me","sub":"you"}"#, None).is_err());
    /// ```
    pub fn sign_json(&self, key: &Key, claims: &str, now: Option<i64>) -> Result<Signed> {
        let (token, payload) = self.sign_json_parts(key, claims, now)?;
        let payload = std::str::from_utf8(&payload).map_err(|_| Error::Crypto {
            detail: "the payload just written is not UTF-8".into(),
        })?;
        Ok(self.signed(token, json::parse_json_object(payload, "claims")?))
    }

    /// Like [`Signer::sign_json`], returning only the token.
    pub fn sign_json_token(&self, key: &Key, claims: &str, now: Option<i64>) -> Result<String> {
        self.sign_json_parts(key, claims, now).map(|(token, _)| token)
    }

    /// The token and the payload's JSON text.
    fn sign_json_parts(&self, key: &Key, claims: &str, now: Option<i64>) -> Result<(String, WipedBytes)> {
        key.check_signing(self.options.alg)?;
        let members = json::RawMembers::parse(claims, "claims")?;
        // Only the registered claims are read, and the options' claims appended: the payload
        // is the given members as written followed by what the options add.
        for (name, value) in &members.0 {
            if REGISTERED.contains(&name.as_str()) {
                check_registered_text(name, value.get())?;
            }
        }
        // Checked above: a whole number of seconds where present.
        let iat = members
            .get("iat")
            .and_then(NumericDate::from_json_text)
            .map(|date| date.floor());
        let added = added_claims(|name| members.has(name), iat, &self.options, now)?;
        let added = added
            .iter()
            .map(|(name, value)| Ok((*name, json::to_wiped_string(value)?)))
            .collect::<Result<Vec<_>>>()?;
        // The payload holds the claims in clear (a PAT, say): sized so it never reallocates
        // (which would free a copy unwiped), and wiped when dropped. Member names are re-escaped,
        // at most six bytes per byte, plus quotes, colon and comma.
        let names: usize = members.0.iter().map(|(name, _)| 6 * name.len() + 4).sum();
        let extra: usize = added
            .iter()
            .map(|(name, value)| name.len() + value.len() + 4)
            .sum();
        let mut payload = WipedBytes::with_capacity(claims.len() + names + extra + 2);
        payload.push(b'{');
        for (name, value) in &members.0 {
            json::write_member(&mut payload, name, value.get())?;
        }
        for (name, value) in &added {
            json::write_member(&mut payload, name, value)?;
        }
        payload.push(b'}');
        Ok((self.assemble(key, &payload)?, payload))
    }

    fn signed(&self, token: String, payload: Object) -> Signed {
        Signed {
            token,
            // Whole seconds below 10^11 (checked before signing), so the double is exact.
            issued_at: payload
                .get("iat")
                .and_then(NumericDate::from_value)
                .map(|date| date.floor()),
            expires_at: payload
                .get("exp")
                .and_then(NumericDate::from_value)
                .map(|date| date.floor()),
            header: self.header.clone(),
            payload,
            warnings: self.warnings.clone(),
        }
    }

    /// `header.payload.signature` for the payload's JSON bytes.
    fn assemble(&self, key: &Key, payload_json: &[u8]) -> Result<String> {
        let mut token = Vec::with_capacity(self.encoded_header.len() + payload_json.len() * 4 / 3 + 700);
        token.extend_from_slice(self.encoded_header.as_bytes());
        token.push(b'.');
        base64url::encode_into(payload_json, &mut token);
        let signature = signature::sign(key, self.options.alg, &token)?;
        token.push(b'.');
        base64url::encode_into(&signature, &mut token);
        String::from_utf8(token).map_err(|_| Error::Crypto {
            detail: "a token came out as other than ASCII".into(),
        })
    }
}

/// The claims RFC 7519 §4.1 registers, which jwtmint checks and its options set.
const REGISTERED: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

fn json_failure(_: serde_json::Error) -> Error {
    Error::Crypto {
        detail: "could not serialise JSON".into(),
    }
}

fn secret_warnings(key: &Key, options: &SignOptions) -> Result<Vec<Warning>> {
    let minimum = options.alg.hash().len();
    let bytes = key.bits() / 8;
    if options.alg.family() != Family::Hmac || bytes >= minimum {
        return Ok(Vec::new());
    }
    if options.strict {
        return Err(Error::SecretTooShort {
            bytes,
            minimum,
            alg: options.alg.name().into(),
        });
    }
    Ok(vec![Warning {
        code: "SECRET_SHORT",
        message: format!(
            "the secret has {bytes} bytes, fewer than the {minimum} that {} should have (RFC 7518 §3.2); the token is signed, but a short secret is easier to guess",
            options.alg
        ),
    }])
}

fn build_header(options: &SignOptions) -> Result<Object> {
    let alg = options.alg.name();
    let mut header = Object::new();
    if !options.header.contains_key("alg") {
        header.insert("alg".into(), Value::from(alg));
    }
    for (name, value) in &options.header {
        match name.as_str() {
            "alg" if value.as_str() != Some(alg) => {
                return Err(Error::HeaderInvalid {
                    detail: format!(
                        "\"alg\" is set from the algorithm ({alg}) and cannot be {value}; choose the algorithm instead"
                    ),
                })
            }
            "crit" => {
                return Err(Error::HeaderInvalid {
                    detail: "\"crit\" is not supported: jwtmint implements no JWS extensions".into(),
                })
            }
            _ => {}
        }
        header.insert(name.clone(), value.clone());
    }
    if let Some(typ) = &options.typ {
        if !matches!(header.get("typ"), Some(Value::String(_))) {
            header.insert("typ".into(), Value::from(typ.as_str()));
        }
    }
    if let Some(kid) = &options.kid {
        header.insert("kid".into(), Value::from(kid.as_str()));
    }
    for name in ["typ", "kid", "cty"] {
        if header.get(name).is_some_and(|value| !value.is_string()) {
            return Err(Error::HeaderInvalid {
                detail: format!("\"{name}\" must be a string"),
            });
        }
    }
    Ok(header)
}

/// The claims the options add, in order, for claims that have the names `has` says and this
/// `iat`; an option whose claim is already there is an error, never an overwrite. The system
/// clock is read only when a claim needs it.
fn added_claims(
    has: impl Fn(&str) -> bool,
    iat: Option<i64>,
    options: &SignOptions,
    now: Option<i64>,
) -> Result<Vec<(&'static str, Value)>> {
    let mut added = Vec::new();
    let now = || match options.now.or(now) {
        Some(now) => time::numeric_date("now", now as f64),
        None => time::now_seconds(),
    };
    let conflict = |claim: &str, option: &str| {
        Error::claim(
            claim,
            format!("the claims already have \"{claim}\"; remove it or drop the {option} option"),
        )
    };
    for (claim, given) in [
        ("iss", options.issuer.is_some()),
        ("sub", options.subject.is_some()),
        ("aud", options.audience.is_some()),
        ("exp", options.expires_in.is_some()),
        ("nbf", options.not_before.is_some()),
        ("jti", options.jti != Jti::None),
        ("iat", matches!(options.issued_at, IssuedAt::At(_))),
    ] {
        if given && has(claim) {
            return Err(conflict(claim, claim_option(claim)));
        }
    }
    if let Some(issuer) = &options.issuer {
        added.push(("iss", Value::from(issuer.as_str())));
    }
    if let Some(subject) = &options.subject {
        added.push(("sub", Value::from(subject.as_str())));
    }
    match &options.audience {
        Some(Audience::One(audience)) => added.push(("aud", Value::from(audience.as_str()))),
        Some(Audience::Many(audiences)) => added.push(("aud", Value::from(audiences.clone()))),
        None => {}
    }
    let mut iat = iat;
    match options.issued_at {
        IssuedAt::At(at) => {
            let at = time::numeric_date("iat", at as f64)?;
            added.push(("iat", Value::from(at)));
            iat = Some(at);
        }
        IssuedAt::Now if !has("iat") => {
            let now = now()?;
            added.push(("iat", Value::from(now)));
            iat = Some(now);
        }
        _ => {}
    }
    if options.not_before.is_some() || options.expires_in.is_some() {
        let base = match iat {
            Some(iat) => iat,
            None => now()?,
        };
        if let Some(offset) = options.not_before {
            added.push(("nbf", Value::from(offset_from(base, offset, "nbf")?)));
        }
        if let Some(lifetime) = options.expires_in {
            if lifetime <= 0 {
                return Err(Error::BadLifetime {
                    input: lifetime.to_string(),
                    detail: "a token lifetime must be positive".into(),
                });
            }
            added.push(("exp", Value::from(offset_from(base, lifetime, "exp")?)));
        }
    }
    match &options.jti {
        Jti::Random => added.push(("jti", Value::from(uuid_v4()?))),
        Jti::Value(value) => added.push(("jti", Value::from(value.as_str()))),
        Jti::None => {}
    }
    Ok(added)
}

fn claim_option(claim: &str) -> &'static str {
    match claim {
        "iss" => "issuer",
        "sub" => "subject",
        "aud" => "audience",
        "exp" => "expiresIn",
        "nbf" => "notBefore",
        "jti" => "jti",
        _ => "issuedAt",
    }
}

fn offset_from(base: i64, offset: i64, claim: &str) -> Result<i64> {
    if !(0..=time::MAX_SPAN_SECONDS).contains(&offset) {
        return Err(Error::BadLifetime {
            input: offset.to_string(),
            detail: format!("the {claim} offset must be between 0 and ten years"),
        });
    }
    time::numeric_date(claim, (base + offset) as f64)
}

/// `check_registered` for one claim given as JSON text, without parsing the usual shapes (a
/// number for the times, a string for the others): anything else is parsed and checked as an
/// object of one member, so the rules and messages are those of `check_registered`.
fn check_registered_text(name: &str, text: &str) -> Result<()> {
    if TIME_CLAIMS.contains(&name) {
        return time_claim(name, text)?.whole_seconds(name).map(|_| ());
    }
    if text.starts_with('"') {
        return Ok(());
    }
    let mut one = Object::new();
    one.insert(name.into(), serde_json::from_str(text).map_err(json_failure)?);
    check_registered(&one)
}

/// The claims that hold a NumericDate.
pub(crate) const TIME_CLAIMS: [&str; 3] = ["iat", "nbf", "exp"];

/// Reads the time claim `name` from its JSON text: any JSON number, exactly; anything else is
/// `CLAIM_INVALID` naming what it is instead.
pub(crate) fn time_claim(name: &str, text: &str) -> Result<NumericDate> {
    NumericDate::from_json_text(text).ok_or_else(|| {
        let found = match json::type_name_of_text(text) {
            "a number" => "a number beyond what a double holds",
            other => other,
        };
        Error::claim(
            name,
            format!("must be a NumericDate (seconds since 1970 as a JSON number), not {found}"),
        )
    })
}

/// The time claims of claims given as members' text, each checked with `NumericDate::check`
/// (fractions allowed): what `verify` compares and `decode` shows.
pub(crate) fn token_times(members: &json::RawMembers) -> Result<crate::TokenTimes> {
    let read = |name: &str| {
        // JSON readers keep the last of repeated names and `get` the first: a time given twice
        // has no one reading, so it is refused (verify refuses any duplicate anyway).
        if members.0.iter().filter(|(given, _)| given == name).count() > 1 {
            return Err(Error::claim(name, "is given twice; keep one"));
        }
        members
            .get(name)
            .map(|text| time_claim(name, text).and_then(|date| date.check(name)))
            .transpose()
    };
    Ok(crate::TokenTimes {
        issued_at: read("iat")?,
        not_before: read("nbf")?,
        expires_at: read("exp")?,
    })
}

/// Checks the types of the registered claims other than the times (`iss`, `sub`, `jti` strings,
/// `aud` a string or strings), so that no token goes out with, say, `aud` as a number.
pub(crate) fn check_registered(claims: &Object) -> Result<()> {
    for name in ["iss", "sub", "jti"] {
        if let Some(value) = claims.get(name).filter(|value| !value.is_string()) {
            return Err(Error::claim(
                name,
                format!("must be a string, not {}", json::type_name(value)),
            ));
        }
    }
    match claims.get("aud") {
        None | Some(Value::String(_)) => Ok(()),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Ok(()),
        Some(_) => Err(Error::claim("aud", "must be a string or an array of strings")),
    }
}

/// A random UUID version 4 (RFC 9562 §5.4).
pub(crate) fn uuid_v4() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|_| Error::Crypto {
        detail: "no randomness available for jti".into(),
    })?;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        hex.get(0..8).unwrap_or_default(),
        hex.get(8..12).unwrap_or_default(),
        hex.get(12..16).unwrap_or_default(),
        hex.get(16..20).unwrap_or_default(),
        hex.get(20..32).unwrap_or_default()
    ))
}
