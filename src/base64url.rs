//! base64url without padding (RFC 7515 §2, "Base64url Encoding"): every segment jwtmint writes
//! uses it, and every segment it reads must be in it (no padding, no `+` or `/`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Encodes bytes as base64url without padding.
pub fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Appends the base64url encoding of `bytes` to `text`.
pub fn encode_into(bytes: &[u8], text: &mut String) {
    URL_SAFE_NO_PAD.encode_string(bytes, text);
}

/// Decodes strict base64url without padding; trailing bits must be zero.
pub fn decode(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    URL_SAFE_NO_PAD.decode(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_url_safe_without_padding() {
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode("-_8").unwrap(), [0xfb, 0xff]);
        assert!(decode("+/8").is_err());
        assert!(decode("-_8=").is_err());
        assert!(decode("-_9").is_err(), "non-zero trailing bits are refused");
    }
}
