//! Lenient PEM extraction (RFC 7468) for text people really paste.
//!
//! Accepted: surrounding whitespace and blank lines, CRLF line ends, no final newline, text before
//! or after the block (e.g. `Bag Attributes` from `openssl pkcs12`), newlines that arrive as the two
//! characters `\n` (keys copied out of JSON files) and a block whose newlines were collapsed into
//! spaces. Refused: more than one block, a block without its END line, a body that is not base64.

use crate::error::{Error, Result};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use zeroize::Zeroizing;

/// One decoded PEM block.
pub(crate) struct PemBlock {
    /// The label between `BEGIN ` and the dashes, e.g. `PRIVATE KEY`.
    pub(crate) label: String,
    /// The decoded body.
    pub(crate) der: Zeroizing<Vec<u8>>,
    /// True for the legacy OpenSSL encryption headers (`Proc-Type: 4,ENCRYPTED`).
    pub(crate) legacy_encrypted: bool,
}

impl std::fmt::Debug for PemBlock {
    /// Names the block, never its contents.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PemBlock")
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

const BEGIN: &str = "-----BEGIN ";
const DASHES: &str = "-----";

/// PEM bodies are standard base64; accept a missing `=` as well, since copying loses it.
const PEM_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// True if the text contains something that starts a PEM block.
pub(crate) fn looks_like_pem(text: &str) -> bool {
    text.contains(BEGIN) || text.contains("-----BEGIN")
}

/// Finds the single PEM block in `text` and decodes it. Out of line, like other loops that run
/// once per key: see `select` in `src/signature/rsa/mont.rs`.
#[inline(never)]
pub(crate) fn extract(text: &str) -> Result<PemBlock> {
    let normalized = Zeroizing::new(
        text.replace("\\r\\n", "\n")
            .replace("\\n", "\n")
            .replace('\r', "\n"),
    );
    let mut blocks = Vec::new();
    let mut rest: &str = &normalized;
    while let Some(start) = rest.find(BEGIN) {
        let after_begin = rest.get(start + BEGIN.len()..).unwrap_or_default();
        let Some(label_end) = after_begin.find(DASHES) else {
            return Err(Error::key_parse(
                "a -----BEGIN line is not closed with five dashes",
            ));
        };
        let label = after_begin.get(..label_end).unwrap_or_default().trim().to_owned();
        // RFC 7468 labels are printable ASCII; anything else (a control or bidi character) is
        // refused here, so no message ever carries it.
        if label.is_empty()
            || label.len() > 64
            || !label.bytes().all(|byte| byte == b' ' || byte.is_ascii_graphic())
        {
            return Err(Error::key_parse("a -----BEGIN line has no valid label"));
        }
        let body_and_rest = after_begin.get(label_end + DASHES.len()..).unwrap_or_default();
        let end_marker = format!("-----END {label}-----");
        let Some(body_end) = body_and_rest.find(&end_marker) else {
            return Err(Error::key_parse(format!(
                "the block BEGIN {label} has no matching line {end_marker}; was the key cut off while copying?"
            )));
        };
        let body = body_and_rest.get(..body_end).unwrap_or_default();
        blocks.push((label, body));
        rest = body_and_rest
            .get(body_end + end_marker.len()..)
            .unwrap_or_default();
    }
    // `openssl ecparam -genkey` writes an EC PARAMETERS block before the key, which names the
    // curve again: the key is the other block.
    if blocks.len() > 1 {
        blocks.retain(|(label, _)| label != "EC PARAMETERS");
    }
    if blocks.len() > 1 {
        let labels: Vec<String> = blocks.iter().map(|(label, _)| label.clone()).collect();
        return Err(Error::KeyMultiplePem { labels });
    }
    let Some((label, body)) = blocks.pop() else {
        return Err(Error::key_parse(
            "no PEM block found; paste the whole key including the -----BEGIN and -----END lines",
        ));
    };
    decode_body(label, body)
}

fn decode_body(label: String, body: &str) -> Result<PemBlock> {
    let mut legacy_encrypted = false;
    let mut base64_text = Zeroizing::new(String::with_capacity(body.len()));
    for line in body.split('\n') {
        if let Some((name, value)) = line.split_once(':') {
            // RFC 1421 headers of the legacy OpenSSL format: Proc-Type, DEK-Info.
            if name.trim().eq_ignore_ascii_case("Proc-Type") && value.contains("ENCRYPTED") {
                legacy_encrypted = true;
            }
            continue;
        }
        base64_text.extend(line.chars().filter(|character| !character.is_whitespace()));
    }
    if base64_text.is_empty() {
        return Err(Error::key_parse(format!("the block BEGIN {label} is empty")));
    }
    let der = PEM_BASE64
        .decode(base64_text.as_bytes())
        .map(Zeroizing::new)
        .map_err(|_| {
            Error::key_parse(format!(
                "the text inside BEGIN {label} is not valid base64; was a character changed or lost while copying?"
            ))
        })?;
    Ok(PemBlock {
        label,
        der,
        legacy_encrypted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "MIIBCgKCAQEA";

    #[test]
    fn accepts_what_people_paste() {
        let forms = [
            format!("-----BEGIN RSA PUBLIC KEY-----\n{BODY}\n-----END RSA PUBLIC KEY-----\n"),
            format!("\n\n  -----BEGIN RSA PUBLIC KEY-----\r\n{BODY}\r\n-----END RSA PUBLIC KEY-----"),
            format!("Bag Attributes\n    localKeyID: 01\n-----BEGIN RSA PUBLIC KEY-----\n{BODY}\n-----END RSA PUBLIC KEY-----\n"),
            format!("-----BEGIN RSA PUBLIC KEY-----\\n{BODY}\\n-----END RSA PUBLIC KEY-----\\n"),
            format!("-----BEGIN RSA PUBLIC KEY----- {BODY} -----END RSA PUBLIC KEY-----"),
        ];
        for form in forms {
            let block = extract(&form).unwrap();
            assert_eq!(block.label, "RSA PUBLIC KEY");
            assert_eq!(block.der.len(), 9);
        }
    }

    #[test]
    fn refuses_ambiguous_or_broken_blocks() {
        let two = format!(
            "-----BEGIN CERTIFICATE-----\n{BODY}\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n{BODY}\n-----END PRIVATE KEY-----\n"
        );
        let error = extract(&two).unwrap_err();
        assert_eq!(error.code(), "KEY_MULTIPLE_PEM");
        assert!(error.to_string().contains("CERTIFICATE, PRIVATE KEY"));
        let cut = format!("-----BEGIN PRIVATE KEY-----\n{BODY}\n");
        assert!(extract(&cut).unwrap_err().to_string().contains("cut off"));
        let bad = "-----BEGIN PRIVATE KEY-----\nMII!!\n-----END PRIVATE KEY-----";
        assert!(extract(bad).unwrap_err().to_string().contains("base64"));
        assert_eq!(extract("hello").unwrap_err().code(), "KEY_PARSE");
    }
}
