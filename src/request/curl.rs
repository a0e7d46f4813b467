//! curl for POSIX shells (bash, zsh, dash). Every user-supplied string is single-quoted: inside
//! single quotes a POSIX shell treats every character literally (`$`, backticks, `!`, `\`,
//! newlines, unicode), and a single quote itself is written `'\''`. Long commands break across
//! lines with ` \` continuations, which stay runnable when pasted.
//!
//! The command does what it shows and nothing else: `-q` (first, or curl ignores it) skips
//! `~/.curlrc`, `-g` turns off URL globbing (`{a,b}` and `[1-9]` would send several requests),
//! and the body goes in `--data-raw`, which sends its argument as it is (`--data-binary` and
//! `--data` read a file when it starts with `@`; `--data` also strips newlines from that file).
//! A request that needs HTTP/2 gets `--http2` (negotiated in the TLS handshake, as APNs wants),
//! or `--http2-prior-knowledge` for an `http://` URL, where there is no handshake to negotiate
//! in and HTTP/2 without TLS (h2c) is only spoken when the client knows the server speaks it.

use super::splice::{header_text, url_text, Splice};
use super::{join_lines, Request};

/// Quotes `text` as one POSIX shell word.
pub(crate) fn quote_posix(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The curl arguments after the program name, shared by the POSIX and PowerShell renderings:
/// `-q -g`, then `options` (how failures show), the HTTP version when it must be 2, the method,
/// the URL, the headers and the body.
/// With a `splice`, the URL and header values take the value an exchange read.
pub(crate) fn curl_lines(
    request: &Request,
    quote: fn(&str) -> String,
    splice: Option<&Splice>,
    options: &str,
) -> (String, Vec<String>) {
    let first = format!(
        "-q -g {options}{} -X {} {}",
        http_version(request),
        request.method,
        url_text(splice, &request.url, &quote)
    );
    let mut rest: Vec<String> = request
        .headers
        .iter()
        // `Name:` with nothing after it tells curl to drop the header; `Name;` sends it empty.
        // A header name is a token, so the argument never starts with `@` (read from a file).
        .map(|(name, value)| match value.is_empty() {
            true => format!("-H {}", quote(&format!("{name};"))),
            false => format!("-H {}", header_text(splice, &format!("{name}: {value}"), &quote)),
        })
        .collect();
    if let Some(body) = &request.body {
        rest.push(format!("--data-raw {}", quote(body)));
    }
    (first, rest)
}

/// curl's switch for a request that needs HTTP/2 (see the module's notes), with its space.
fn http_version(request: &Request) -> &'static str {
    match (request.http2, request.url.starts_with("http://")) {
        (false, _) => "",
        (true, false) => " --http2",
        (true, true) => " --http2-prior-knowledge",
    }
}

/// How a command that prints the answer fails: on a 4xx or 5xx answer, with the body printed.
pub(crate) const FAIL_WITH_BODY: &str = "--fail-with-body -sS";

/// Renders `request` as a curl command for a POSIX shell. The method must be an HTTP token
/// ([`Request::check`]), so it needs no quotes.
///
/// ```
/// use jwtmint::request::{to_curl_posix, Request};
/// let request = Request {
///     method: "GET".into(),
///     url: "https://example.com/a?b=1".into(),
///     headers: vec![("Authorization".into(), "Bearer it's".into())],
///     body: None,
///     http2: false,
/// };
/// assert_eq!(
///     to_curl_posix(&request),
///     "curl -q -g --fail-with-body -sS -X GET 'https://example.com/a?b=1' \\\n  -H 'Authorization: Bearer it'\\''s'"
/// );
/// ```
pub fn to_curl_posix(request: &Request) -> String {
    let (first, rest) = curl_lines(request, quote_posix, None, FAIL_WITH_BODY);
    join_lines(format!("curl {first}"), rest, " \\")
}
