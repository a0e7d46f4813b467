//! HTTPie 3 in a POSIX shell. Each header is one request item `Name:value`, single-quoted for the
//! shell. HTTPie splits an item at its first separator (`:`, `;`, `=`, `@` and their pairs) unless
//! the character is escaped with a backslash, so every such character in a value is escaped; a
//! literal backslash right before one of them cannot be written in HTTPie's syntax at all, and
//! such a value is refused with a pointer to curl. The body goes in `--raw=`, taken as it is
//! (joined with `=`, so a body starting with `-` is not read as an option; `@` means nothing
//! there).
//!
//! The method, the URL and the items come after `--`, so HTTPie reads none of them as an option:
//! a header named `-o` or `-a` would otherwise write the response to a file or replace the token
//! with Basic credentials. `--ignore-netrc` keeps `~/.netrc` credentials for the host from
//! replacing the `Authorization` header, and `--ignore-stdin` keeps a pipe from becoming the body.

use super::curl::quote_posix;
use super::splice::{header_text, url_text, Splice};
use super::{join_lines, Request};
use crate::error::{Error, Result};

const SPECIAL: [char; 4] = [':', ';', '=', '@'];

fn item_value(name: &str, value: &str) -> Result<String> {
    let mut escaped = String::with_capacity(value.len());
    let mut previous = None;
    for c in value.chars() {
        if SPECIAL.contains(&c) {
            if previous == Some('\\') {
                return Err(Error::invalid_argument(format!(
                    "HTTPie cannot send the value of header {name} (a backslash before {c}); use the curl command"
                )));
            }
            escaped.push('\\');
        }
        escaped.push(c);
        previous = Some(c);
    }
    Ok(escaped)
}

/// Renders `request` as an HTTPie command. `--check-status` makes a 4xx/5xx answer an error
/// exit, like curl's `--fail-with-body`.
///
/// ```
/// use jwtmint::request::{to_httpie, Request};
/// let request = Request {
///     method: "GET".into(),
///     url: "https://example.com/".into(),
///     headers: vec![("Authorization".into(), "Bearer a.b=c".into())],
///     body: None,
///     http2: false,
/// };
/// assert_eq!(
///     to_httpie(&request).unwrap(),
///     "http --ignore-stdin --ignore-netrc --check-status \\\n  -- GET 'https://example.com/' \\\n  'Authorization:Bearer a.b\\=c'"
/// );
/// ```
pub fn to_httpie(request: &Request) -> Result<String> {
    httpie_command(request, None, CHECK_STATUS)
}

/// How a command that prints the answer fails: a 3xx, 4xx or 5xx answer is an error exit.
pub(crate) const CHECK_STATUS: &str = "--check-status";

/// The HTTPie command for `request` with `options` after the safety switches. With a `splice`,
/// the URL and header values take the value an exchange read (already escaped for HTTPie's item
/// syntax); a backslash right before the value could escape its first character, so it is refused.
pub(crate) fn httpie_command(request: &Request, splice: Option<&Splice>, options: &str) -> Result<String> {
    let mut rest = Vec::new();
    if let Some(body) = &request.body {
        rest.push(format!("--raw={}", quote_posix(body)));
    }
    rest.push(format!(
        "-- {} {}",
        request.method,
        url_text(splice, &request.url, &quote_posix)
    ));
    for (name, value) in &request.headers {
        let item = if value.is_empty() {
            quote_posix(&format!("{name};"))
        } else {
            if let Some(splice) = splice {
                item_value(name, &value.replace(splice.placeholder, ":"))?;
            }
            let item = format!("{name}:{}", item_value(name, value)?);
            header_text(splice, &item, &quote_posix)
        };
        rest.push(item);
    }
    Ok(join_lines(
        format!("http --ignore-stdin --ignore-netrc {options}"),
        rest,
        " \\",
    ))
}
