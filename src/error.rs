//! The one error type of the crate.
//!
//! Every variant has a stable string [`Error::code`] that never changes once released, and a
//! `Display` that says what was wrong and how to fix it. No variant ever carries key material:
//! messages name the input (a field, a PEM label, a claim) but never echo a secret.

use crate::time::NumericDate;
use std::fmt;

/// Everything that can go wrong when importing a key, minting, decoding or verifying a token.
#[non_exhaustive]
#[derive(Clone, PartialEq, Eq)]
pub enum Error {
    /// The key text or bytes could not be parsed as any supported format. `detail` says what was
    /// expected; it never contains the input.
    KeyParse {
        /// What went wrong, in words a person can act on.
        detail: String,
    },
    /// The input holds more than one PEM block; the labels found are listed.
    KeyMultiplePem {
        /// The labels of every block, in order (e.g. `CERTIFICATE`, `PRIVATE KEY`).
        labels: Vec<String>,
    },
    /// A public key or certificate was given where a private key is needed.
    KeyNotPrivate {
        /// What was found instead (e.g. "a public key (BEGIN PUBLIC KEY)").
        found: String,
    },
    /// The key is of a type jwtmint does not sign with (EC, Ed25519, DSA, ...).
    KeyUnsupported {
        /// The key type that was recognised.
        key_type: String,
    },
    /// An RSA key shorter than 2048 bits.
    KeyTooSmall {
        /// The key's modulus size.
        bits: usize,
    },
    /// An RSA key longer than 8192 bits.
    KeyTooLarge {
        /// The key's modulus size.
        bits: usize,
    },
    /// The key cannot be used with the requested algorithm or operation.
    KeyAlgMismatch {
        /// What kind of key it is ("an HMAC secret", "an RSA public key").
        key: String,
        /// The algorithm or operation that was requested.
        requested: String,
        /// What the key can do instead.
        allowed: String,
    },
    /// The key is an encrypted PKCS#8 key and no passphrase was given.
    PassphraseRequired,
    /// The passphrase did not decrypt the key.
    PassphraseWrong,
    /// The HMAC secret could not be decoded in the encoding the caller named.
    SecretEncoding {
        /// The encoding that was requested.
        encoding: String,
        /// What went wrong (never the secret itself).
        detail: String,
    },
    /// The HMAC secret is empty.
    SecretEmpty,
    /// The text given as an HMAC secret is key material (a public key, a private key or a
    /// certificate in some form), which is never used as a secret.
    SecretIsKey {
        /// What was recognised, e.g. "an OpenSSH public key (ssh-rsa)".
        found: String,
    },
    /// The HMAC secret is shorter than the hash output and strict mode is on (RFC 7518 §3.2).
    SecretTooShort {
        /// The secret's length in bytes.
        bytes: usize,
        /// The minimum for the algorithm.
        minimum: usize,
        /// The algorithm.
        alg: String,
    },
    /// The algorithm name is not one jwtmint supports (`none` is never supported).
    AlgUnsupported {
        /// The name that was given.
        alg: String,
    },
    /// The token's algorithm is not in the verifier's allowlist.
    AlgNotAllowed {
        /// The token's `alg`.
        alg: String,
        /// The allowlist.
        allowed: Vec<String>,
    },
    /// Text that should be JSON is not valid JSON.
    JsonInvalid {
        /// Which input ("claims", "header").
        what: String,
        /// The parser's message with line and column.
        detail: String,
    },
    /// The claims are valid JSON but not an object.
    ClaimsNotObject {
        /// The JSON type that was found instead.
        found: String,
    },
    /// A header member is not allowed or has the wrong type.
    HeaderInvalid {
        /// What is wrong.
        detail: String,
    },
    /// A registered claim has the wrong type or conflicts with an option.
    ClaimInvalid {
        /// The claim name.
        claim: String,
        /// What is wrong and how to fix it.
        detail: String,
    },
    /// A lifetime or span string does not follow the grammar.
    BadLifetime {
        /// The text that was given (lifetimes are not secret).
        input: String,
        /// Why it was refused.
        detail: String,
    },
    /// A time is not a NumericDate in seconds (not finite, negative, fractional or milliseconds).
    BadTime {
        /// Which time ("now", "iat", "exp", ...).
        what: String,
        /// Why it was refused.
        detail: String,
    },
    /// The token is not three base64url segments of JSON objects.
    TokenMalformed {
        /// What is wrong.
        detail: String,
    },
    /// The token repeats a member name in its header or payload.
    TokenDuplicateMember {
        /// The duplicated names, prefixed with `header.` or `payload.`.
        members: Vec<String>,
    },
    /// The signature does not match the key.
    SignatureInvalid,
    /// The token's `exp` is in the past.
    TokenExpired {
        /// The token's `exp`.
        expired_at: NumericDate,
        /// The time used for the check.
        now: i64,
    },
    /// The token's `nbf` is in the future.
    TokenNotYetValid {
        /// The token's `nbf`.
        not_before: NumericDate,
        /// The time used for the check.
        now: i64,
    },
    /// The token is older than the verifier's maximum age.
    TokenTooOld {
        /// The token's `iat`.
        issued_at: NumericDate,
        /// The maximum age in seconds.
        max_age: i64,
        /// The time used for the check.
        now: i64,
    },
    /// With a maximum age set, the token's `iat` is later than now (beyond the clock tolerance).
    TokenIssuedInFuture {
        /// The token's `iat`.
        issued_at: NumericDate,
        /// The time used for the check.
        now: i64,
    },
    /// A required claim is absent.
    ClaimMissing {
        /// The claim name.
        claim: String,
    },
    /// A claim does not have the expected value.
    ClaimMismatch {
        /// The claim name.
        claim: String,
        /// What the verifier expected.
        expected: String,
        /// What the token has.
        actual: String,
    },
    /// The cryptographic operation failed for a reason other than bad input.
    Crypto {
        /// What failed.
        detail: String,
    },
    /// Preset fields are missing or invalid; every bad field is listed with the reason.
    FieldsInvalid {
        /// `(field name, what is wrong)` for each bad field, in form order.
        problems: Vec<(String, String)>,
    },
    /// An error caused by one field of a preset form (a key that does not parse, say). Its code
    /// and message are the inner error's; the field says where a form shows it.
    InField {
        /// The field's name in the preset.
        field: String,
        /// What went wrong.
        error: Box<Error>,
    },
    /// A preset document is not valid: where in it, and what is wrong.
    PresetInvalid {
        /// The document's name: a file name, or `built-in` for the package's own.
        source: String,
        /// The place in the document, e.g. `claims.exp` (empty for the document as a whole).
        at: String,
        /// What is wrong and how to fix it.
        problem: String,
    },
    /// An argument from a binding had the wrong type or shape.
    InvalidArgument {
        /// Which argument and what was expected.
        detail: String,
    },
}

/// The result type of the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The stable code of this error, e.g. `KEY_TOO_SMALL`. Codes never change once released;
    /// bindings expose them as `JwtMintError.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::KeyParse { .. } => "KEY_PARSE",
            Error::KeyMultiplePem { .. } => "KEY_MULTIPLE_PEM",
            Error::KeyNotPrivate { .. } => "KEY_NOT_PRIVATE",
            Error::KeyUnsupported { .. } => "KEY_UNSUPPORTED",
            Error::KeyTooSmall { .. } => "KEY_TOO_SMALL",
            Error::KeyTooLarge { .. } => "KEY_TOO_LARGE",
            Error::KeyAlgMismatch { .. } => "KEY_ALG_MISMATCH",
            Error::PassphraseRequired => "PASSPHRASE_REQUIRED",
            Error::PassphraseWrong => "PASSPHRASE_WRONG",
            Error::SecretEncoding { .. } => "SECRET_ENCODING",
            Error::SecretEmpty => "SECRET_EMPTY",
            Error::SecretIsKey { .. } => "SECRET_IS_KEY",
            Error::SecretTooShort { .. } => "SECRET_TOO_SHORT",
            Error::AlgUnsupported { .. } => "ALG_UNSUPPORTED",
            Error::AlgNotAllowed { .. } => "ALG_NOT_ALLOWED",
            Error::JsonInvalid { .. } => "JSON_INVALID",
            Error::ClaimsNotObject { .. } => "CLAIMS_NOT_OBJECT",
            Error::HeaderInvalid { .. } => "HEADER_INVALID",
            Error::ClaimInvalid { .. } => "CLAIM_INVALID",
            Error::BadLifetime { .. } => "BAD_LIFETIME",
            Error::BadTime { .. } => "BAD_TIME",
            Error::TokenMalformed { .. } => "TOKEN_MALFORMED",
            Error::TokenDuplicateMember { .. } => "TOKEN_DUPLICATE_MEMBER",
            Error::SignatureInvalid => "SIGNATURE_INVALID",
            Error::TokenExpired { .. } => "TOKEN_EXPIRED",
            Error::TokenNotYetValid { .. } => "TOKEN_NOT_YET_VALID",
            Error::TokenTooOld { .. } => "TOKEN_TOO_OLD",
            Error::TokenIssuedInFuture { .. } => "TOKEN_ISSUED_IN_FUTURE",
            Error::ClaimMissing { .. } => "CLAIM_MISSING",
            Error::ClaimMismatch { .. } => "CLAIM_MISMATCH",
            Error::Crypto { .. } => "CRYPTO",
            Error::InvalidArgument { .. } => "INVALID_ARGUMENT",
            Error::FieldsInvalid { .. } => "FIELDS_INVALID",
            Error::PresetInvalid { .. } => "PRESET_INVALID",
            Error::InField { error, .. } => error.code(),
        }
    }

    /// Every code [`Error::code`] can return, in a fixed order. Bindings check their own list
    /// against this one.
    pub const CODES: &'static [&'static str] = &[
        "KEY_PARSE",
        "KEY_MULTIPLE_PEM",
        "KEY_NOT_PRIVATE",
        "KEY_UNSUPPORTED",
        "KEY_TOO_SMALL",
        "KEY_TOO_LARGE",
        "KEY_ALG_MISMATCH",
        "PASSPHRASE_REQUIRED",
        "PASSPHRASE_WRONG",
        "SECRET_ENCODING",
        "SECRET_EMPTY",
        "SECRET_IS_KEY",
        "SECRET_TOO_SHORT",
        "ALG_UNSUPPORTED",
        "ALG_NOT_ALLOWED",
        "JSON_INVALID",
        "CLAIMS_NOT_OBJECT",
        "HEADER_INVALID",
        "CLAIM_INVALID",
        "BAD_LIFETIME",
        "BAD_TIME",
        "TOKEN_MALFORMED",
        "TOKEN_DUPLICATE_MEMBER",
        "SIGNATURE_INVALID",
        "TOKEN_EXPIRED",
        "TOKEN_NOT_YET_VALID",
        "TOKEN_TOO_OLD",
        "TOKEN_ISSUED_IN_FUTURE",
        "CLAIM_MISSING",
        "CLAIM_MISMATCH",
        "CRYPTO",
        "INVALID_ARGUMENT",
        "FIELDS_INVALID",
    ];

    pub(crate) fn key_parse(detail: impl Into<String>) -> Self {
        Error::KeyParse {
            detail: detail.into(),
        }
    }

    pub(crate) fn malformed(detail: impl Into<String>) -> Self {
        Error::TokenMalformed {
            detail: detail.into(),
        }
    }

    pub(crate) fn claim(claim: &str, detail: impl Into<String>) -> Self {
        Error::ClaimInvalid {
            claim: claim.to_owned(),
            detail: detail.into(),
        }
    }

    pub(crate) fn invalid_argument(detail: impl Into<String>) -> Self {
        Error::InvalidArgument {
            detail: detail.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::KeyParse { detail } => write!(f, "could not read the key: {detail}"),
            Error::KeyMultiplePem { labels } => write!(
                f,
                "found {} PEM blocks ({}); paste exactly one key, e.g. only the block that begins -----BEGIN PRIVATE KEY-----",
                labels.len(),
                labels.join(", ")
            ),
            Error::KeyNotPrivate { found } => write!(
                f,
                "this is {found}; paste the private key, the block that begins -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----"
            ),
            Error::KeyUnsupported { key_type } => write!(
                f,
                "{key_type} keys are not supported; jwtmint signs with RSA keys (RS256/384/512, PS256/384/512), EC keys on P-256, P-384 and P-521 (ES256, ES384, ES512), Ed25519 keys (EdDSA) and HMAC secrets (HS256/384/512)"
            ),
            Error::KeyTooSmall { bits } => write!(
                f,
                "this RSA key has {bits} bits; JWT signing needs at least 2048 (RFC 7518 §3.3): generate a new one with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`"
            ),
            Error::KeyTooLarge { bits } => write!(
                f,
                "this RSA key has {bits} bits; jwtmint accepts at most 8192"
            ),
            Error::KeyAlgMismatch { key, requested, allowed } => write!(
                f,
                "{key} cannot be used for {requested}; it can be used for {allowed}"
            ),
            Error::PassphraseRequired => write!(
                f,
                "this private key is encrypted (BEGIN ENCRYPTED PRIVATE KEY); enter its passphrase"
            ),
            Error::PassphraseWrong => write!(
                f,
                "the passphrase does not decrypt this key; check it and try again"
            ),
            Error::SecretEncoding { encoding, detail } => write!(
                f,
                "the secret is not valid {encoding}: {detail}; choose the encoding the secret is really in (utf8 takes the text as it is)"
            ),
            Error::SecretEmpty => write!(f, "the secret is empty; paste the API secret"),
            Error::SecretIsKey { found } => write!(
                f,
                "this secret is {found}, not an HMAC secret; import it as a key, without an encoding (key material is never used as an HMAC secret: with a public key as the secret, anyone who has the public key could forge tokens)"
            ),
            Error::SecretTooShort { bytes, minimum, alg } => write!(
                f,
                "the secret has {bytes} bytes; {alg} needs at least {minimum} (RFC 7518 §3.2); use a longer secret or turn off strict mode"
            ),
            Error::AlgUnsupported { alg } => write!(
                f,
                "unsupported algorithm {alg:?}; use one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512 (`none` is never accepted)"
            ),
            Error::AlgNotAllowed { alg, allowed } => write!(
                f,
                "the token is signed with {alg}, which is not allowed here; allowed: {}",
                allowed.join(", ")
            ),
            Error::JsonInvalid { what, detail } => write!(f, "the {what} are not valid JSON: {detail}"),
            Error::ClaimsNotObject { found } => write!(
                f,
                "the claims must be a JSON object like {{\"sub\": \"me\"}}, not {found}"
            ),
            Error::HeaderInvalid { detail } => write!(f, "invalid header: {detail}"),
            // Claim names come from the token or the caller: quoted with escapes (`"\u{1b}[2K"`),
            // so a name cannot write control codes into a terminal or a log.
            Error::ClaimInvalid { claim, detail } => write!(f, "claim {claim:?}: {detail}"),
            Error::BadLifetime { input, detail } => write!(
                f,
                "{detail} in lifetime {input:?}; use seconds as a number (600) or a span like 90s, 10m, 1h, 1h30m, 2d (units s, m, h, d, w, largest first)"
            ),
            Error::BadTime { what, detail } => write!(
                f,
                "{what}: {detail}; times are NumericDate, whole seconds since 1970 (e.g. 1700000000), not milliseconds"
            ),
            Error::TokenMalformed { detail } => write!(f, "not a valid JWT: {detail}"),
            Error::TokenDuplicateMember { members } => write!(
                f,
                "the token repeats member names ({}); such tokens are ambiguous and refused",
                members.iter().map(|name| format!("{name:?}")).collect::<Vec<_>>().join(", ")
            ),
            Error::SignatureInvalid => write!(
                f,
                "the signature does not match: the token was altered or signed with a different key"
            ),
            Error::TokenExpired { expired_at, now } => write!(
                f,
                "the token expired at {expired_at} ({} s before now, {now})",
                seconds_between(expired_at.seconds(), *now as f64)
            ),
            Error::TokenNotYetValid { not_before, now } => write!(
                f,
                "the token is not valid before {not_before} ({} s after now, {now})",
                seconds_between(*now as f64, not_before.seconds())
            ),
            Error::TokenTooOld { issued_at, max_age, now } => write!(
                f,
                "the token was issued at {issued_at}, {} s ago, more than the maximum age of {max_age} s",
                seconds_between(issued_at.seconds(), *now as f64)
            ),
            Error::TokenIssuedInFuture { issued_at, now } => write!(
                f,
                "the token says it was issued at {issued_at}, {} s after now ({now}); check the issuer's clock, or allow for skew with clockTolerance",
                seconds_between(*now as f64, issued_at.seconds())
            ),
            Error::ClaimMissing { claim } => write!(f, "the token has no \"{claim}\" claim, which is required"),
            Error::ClaimMismatch { claim, expected, actual } => write!(
                f,
                "claim \"{claim}\" is {actual}, expected {expected}"
            ),
            Error::Crypto { detail } => write!(f, "cryptographic operation failed: {detail}"),
            Error::InvalidArgument { detail } => write!(f, "invalid argument: {detail}"),
            Error::PresetInvalid { source, at, problem } if at.is_empty() => write!(f, "{source}: {problem}"),
            Error::PresetInvalid { source, at, problem } => write!(f, "{source}: {at}: {problem}"),
            Error::InField { error, .. } => write!(f, "{error}"),
            Error::FieldsInvalid { problems } => write!(
                f,
                "check these fields: {}",
                problems
                    .iter()
                    .map(|(field, problem)| format!("{field}: {problem}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        }
    }
}

impl Error {
    /// Marks this error as caused by preset field `field`.
    pub(crate) fn in_field(field: impl Into<String>) -> impl Fn(Error) -> Error {
        let field = field.into();
        move |error| Error::InField {
            field: field.clone(),
            error: Box::new(error),
        }
    }

    /// The form field each problem belongs to: `(field, message)` pairs, empty when the error is
    /// not about a field.
    pub fn field_problems(&self) -> Vec<(String, String)> {
        match self {
            Error::FieldsInvalid { problems } => problems.clone(),
            Error::InField { field, error } => vec![(field.clone(), error.to_string())],
            _ => Vec::new(),
        }
    }
}

/// `later - earlier` in seconds for messages: whole when it is (`100`), else as a double (`0.5`).
fn seconds_between(earlier: f64, later: f64) -> String {
    let difference = later - earlier;
    match difference.fract() == 0.0 && difference.abs() < 1e15 {
        true => format!("{}", difference as i64),
        false => format!("{difference}"),
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self)
    }
}

impl std::error::Error for Error {}

/// A non-fatal remark attached to a minted token, e.g. a short HMAC secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// A stable code, e.g. `SECRET_SHORT`.
    pub code: &'static str,
    /// A message a person can act on.
    pub message: String,
}
