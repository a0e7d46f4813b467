//! HMAC secrets (RFC 7518 §3.2). The encoding of a secret is always stated by the caller, never
//! guessed: `"c2VjcmV0"` is eight bytes of text or six bytes of base64, and only the caller knows.

use crate::error::{Error, Result};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use std::str::FromStr;
use zeroize::Zeroizing;

/// How the text of an HMAC secret turns into bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SecretEncoding {
    /// The text's UTF-8 bytes, exactly as given (the default, and what Visual Layer expects).
    #[default]
    Utf8,
    /// Standard base64 (RFC 4648 §4), padding optional, whitespace ignored.
    Base64,
    /// URL-safe base64 (RFC 4648 §5), padding optional, whitespace ignored.
    Base64Url,
    /// Hexadecimal, either case, whitespace ignored.
    Hex,
}

impl SecretEncoding {
    /// The name used in options: `utf8`, `base64`, `base64url`, `hex`.
    pub fn name(self) -> &'static str {
        match self {
            SecretEncoding::Utf8 => "utf8",
            SecretEncoding::Base64 => "base64",
            SecretEncoding::Base64Url => "base64url",
            SecretEncoding::Hex => "hex",
        }
    }
}

impl FromStr for SecretEncoding {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self> {
        match name {
            "utf8" | "utf-8" => Ok(SecretEncoding::Utf8),
            "base64" => Ok(SecretEncoding::Base64),
            "base64url" => Ok(SecretEncoding::Base64Url),
            "hex" => Ok(SecretEncoding::Hex),
            other => Err(Error::invalid_argument(format!(
                "unknown secret encoding {:?}; use utf8, base64, base64url or hex",
                other.chars().take(20).collect::<String>()
            ))),
        }
    }
}

const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const BASE64_STANDARD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
const BASE64_URL: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);

/// Turns secret text into key bytes. The returned bytes are wiped when dropped.
pub(crate) fn decode(text: &str, encoding: SecretEncoding) -> Result<Zeroizing<Vec<u8>>> {
    let compact = || -> Zeroizing<String> {
        Zeroizing::new(
            text.chars()
                .filter(|character| !character.is_whitespace())
                .collect(),
        )
    };
    let failed = |detail: &str| Error::SecretEncoding {
        encoding: encoding.name().into(),
        detail: detail.into(),
    };
    let bytes = match encoding {
        SecretEncoding::Utf8 => Zeroizing::new(text.as_bytes().to_vec()),
        SecretEncoding::Base64 => BASE64_STANDARD
            .decode(compact().as_bytes())
            .map(Zeroizing::new)
            .map_err(|_| failed("it has characters outside A-Z a-z 0-9 + / = or a wrong length"))?,
        SecretEncoding::Base64Url => BASE64_URL
            .decode(compact().as_bytes())
            .map(Zeroizing::new)
            .map_err(|_| failed("it has characters outside A-Z a-z 0-9 - _ or a wrong length"))?,
        SecretEncoding::Hex => {
            let digits = compact();
            let mut bytes = Zeroizing::new(vec![0u8; digits.len() / 2]);
            base16ct::mixed::decode(digits.as_bytes(), &mut bytes)
                .map_err(|_| failed("it needs an even number of 0-9 a-f digits"))?;
            bytes
        }
    };
    if bytes.is_empty() {
        return Err(Error::SecretEmpty);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_encoding() {
        assert_eq!(*decode("key", SecretEncoding::Utf8).unwrap(), b"key");
        assert_eq!(*decode("a2V5", SecretEncoding::Base64).unwrap(), b"key");
        assert_eq!(*decode("-_8", SecretEncoding::Base64Url).unwrap(), [0xfb, 0xff]);
        assert_eq!(*decode("6B 65\n79", SecretEncoding::Hex).unwrap(), b"key");
        for (text, encoding) in [
            ("-_8", SecretEncoding::Base64),
            ("+/8", SecretEncoding::Base64Url),
            ("abc", SecretEncoding::Hex),
            ("zz", SecretEncoding::Hex),
        ] {
            assert_eq!(decode(text, encoding).unwrap_err().code(), "SECRET_ENCODING");
        }
        assert_eq!(
            decode("", SecretEncoding::Utf8).unwrap_err().code(),
            "SECRET_EMPTY"
        );
        assert_eq!(
            decode("  ", SecretEncoding::Hex).unwrap_err().code(),
            "SECRET_EMPTY"
        );
    }
}
