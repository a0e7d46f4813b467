//! curl for POSIX shells (bash, zsh, dash). Every user-supplied string is single-quoted: inside
//! single quotes a POSIX shell treats every character literally (`$`, backticks, `!`, `\`,
//! newlines, unicode), and a single quote itself is written `'\''`. Long commands break across
//! lines with ` \` continuations, which stay runnable when pasted.

use super::Request;

/// Quotes `text` as one POSIX shell word.
pub(crate) fn quote_posix(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Renders `request` as a curl command for a POSIX shell.
///
/// ```
/// use jwtmint::request::{to_curl_posix, Request};
/// let request = Request {
///     method: "GET".into(),
///     url: "https://example.com/a?b=1".into(),
///     headers: vec![("Authorization".into(), "Bearer it's".into())],
///     body: None,
/// };
/// assert_eq!(
///     to_curl_posix(&request),
///     "curl --fail-with-body -sS -X GET 'https://example.com/a?b=1' \\\n  -H 'Authorization: Bearer it'\\''s'"
/// );
/// ```
pub fn to_curl_posix(request: &Request) -> String {
    // A method made of letters needs no quotes; anything else is quoted like every other value.
    let method =
        if !request.method.is_empty() && request.method.bytes().all(|byte| byte.is_ascii_alphabetic()) {
            request.method.clone()
        } else {
            quote_posix(&request.method)
        };
    let mut lines = vec![format!(
        "curl --fail-with-body -sS -X {method} {}",
        quote_posix(&request.url)
    )];
    for (name, value) in &request.headers {
        lines.push(format!("  -H {}", quote_posix(&format!("{name}: {value}"))));
    }
    if let Some(body) = &request.body {
        lines.push(format!("  --data-binary {}", quote_posix(body)));
    }
    lines.join(" \\\n")
}
