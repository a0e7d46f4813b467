//! # jwtmint
//!
//! Mint and verify JSON Web Tokens locally, in native Rust and in WebAssembly. The key a person
//! pastes is parsed once into a [`Key`]; [`sign`] builds the header and claims and signs them;
//! [`decode`] reads a token without trusting it; [`verify`] checks the signature and the claims.
//!
//! ```
//! use jwtmint::{decode, sign, verify, Algorithm, ImportOptions, Key, SignOptions, VerifyOptions};
//!
//! // An HMAC secret, as Visual Layer issues them (UTF-8 text).
//! let key = Key::from_secret("my-api-secret-my-api-secret-1234", Default::default())?;
//! let mut options = SignOptions::new(Algorithm::HS256);
//! options.kid = Some("my-api-key".into());
//! options.expires_in = Some(jwtmint::parse_span("10m")?);
//! options.issuer = Some("sdk".into());
//! options.now = Some(1_700_000_000);
//! let claims = serde_json::json!({"sub": "my-api-key"}).as_object().cloned().unwrap_or_default();
//! let signed = sign(claims, &key, &options)?;
//!
//! let decoded = decode(&signed.token)?; // unverified
//! assert_eq!(decoded.header["kid"], "my-api-key");
//!
//! let mut checks = VerifyOptions::default();
//! checks.issuer = Some(vec!["sdk".into()]);
//! checks.now = Some(1_700_000_100);
//! let verified = verify(&signed.token, &key, &checks)?;
//! assert_eq!(verified.payload["exp"], 1_700_000_600);
//!
//! // A public key can verify but never sign.
//! let public = Key::from_text(&std::fs::read_to_string("tests/keys/rsa2048.pub.pem").unwrap(), &ImportOptions::default())?;
//! assert_eq!(sign(Default::default(), &public, &SignOptions::new(Algorithm::RS256)).unwrap_err().code(), "KEY_NOT_PRIVATE");
//! # Ok::<(), jwtmint::Error>(())
//! ```
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod alg;
pub mod base64url;
mod decode;
mod error;
mod json;
mod key;
pub mod options;
pub mod preset;
pub mod request;
mod signature;
mod time;
mod token;
mod verify;
#[cfg(target_arch = "wasm32")]
mod wasm;
mod wipe;

pub use alg::Algorithm;
pub use decode::{decode, Decoded, TokenTimes};
pub use error::{Error, Result, Warning};
pub use json::{into_object, parse_json_object, Object, MAX_DEPTH};
pub use key::{ImportOptions, Key, KeyKind, SecretEncoding, MAX_RSA_BITS, MIN_RSA_BITS};
pub use signature::{sign_jws_input, verify_jws_input};
pub use time::{now_seconds, numeric_date, parse_span, span_from_number, NumericDate, MAX_SPAN_SECONDS};
pub use token::{sign, Audience, IssuedAt, Jti, SignOptions, Signed, Signer};
pub use verify::{verify, Verified, VerifyOptions};

/// The README's Rust examples, compiled and run as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
