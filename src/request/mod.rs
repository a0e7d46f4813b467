//! A ready-to-send HTTP request, and its renderings as code a person runs: curl for POSIX shells
//! and for PowerShell, JavaScript `fetch`, Python `requests` and HTTPie. The page, the CLI and
//! the npm API all render the same `Request` through [`render`], so they print the same text.
//! A request that needs a token from a token endpoint first renders, with its [`Exchange`],
//! through [`render_flow`].

mod curl;
mod exchange;
mod exchange_powershell;
mod exchange_script;
mod exchange_shell;
mod httpie;
mod literal;
mod powershell;
mod splice;

pub use curl::to_curl_posix;
pub use exchange::{render_flow, Exchange};
pub use httpie::to_httpie;
pub use literal::{to_fetch, to_python};
pub use powershell::{to_curl_powershell, POWERSHELL_GUARD};

use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::Value;

/// A request: method, URL, headers in order, the exact body to send, and whether it must go
/// over HTTP/2.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The full URL, query included.
    pub url: String,
    /// Header names and values, in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// The exact body, or `None`.
    pub body: Option<String>,
    /// Whether the service takes HTTP/2 only (APNs): curl is told to speak it, and the
    /// renderings whose client speaks HTTP/1.1 only refuse ([`render`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub http2: bool,
}

/// The languages a request renders to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// curl in bash, zsh or dash.
    CurlPosix,
    /// curl.exe in PowerShell 7.3 or later.
    CurlPowerShell,
    /// JavaScript `fetch` (Node 18+, browsers, Deno).
    Fetch,
    /// Python with `requests`.
    Python,
    /// HTTPie 3 in a POSIX shell.
    Httpie,
}

impl Format {
    /// Every format with its name, as the CLI and the page list them.
    pub const ALL: [(&'static str, Format); 5] = [
        ("curl", Format::CurlPosix),
        ("powershell", Format::CurlPowerShell),
        ("fetch", Format::Fetch),
        ("python", Format::Python),
        ("httpie", Format::Httpie),
    ];

    /// The format called `name` (`curl`, `powershell`, `fetch`, `python`, `httpie`).
    pub fn from_name(name: &str) -> Result<Format> {
        Format::ALL
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, format)| *format)
            .ok_or_else(|| {
                Error::invalid_argument(format!(
                    "unknown request format {:?}; known: curl, powershell, fetch, python, httpie",
                    name.chars().take(40).collect::<String>()
                ))
            })
    }
}

/// Renders `request` in `format`. Fails when the request cannot be expressed safely (a header
/// with a line break, or a value HTTPie's item syntax cannot carry), or when it needs HTTP/2 and
/// the format's client speaks HTTP/1.1 only.
pub fn render(request: &Request, format: Format) -> Result<String> {
    request.check()?;
    needs_http2(request, format)?;
    match format {
        Format::CurlPosix => Ok(to_curl_posix(request)),
        Format::CurlPowerShell => Ok(to_curl_powershell(request)),
        Format::Fetch => Ok(to_fetch(request)),
        Format::Python => Ok(to_python(request)),
        Format::Httpie => to_httpie(request),
    }
}

/// Refuses a request that needs HTTP/2 in a format whose client speaks HTTP/1.1 only: Python's
/// `requests`, HTTPie and Node's `fetch` (undici) have no switch for it, and a server that takes
/// HTTP/2 only (APNs) would refuse what they send. curl is told to use HTTP/2 (`curl.rs`).
pub(crate) fn needs_http2(request: &Request, format: Format) -> Result<()> {
    let client = match format {
        Format::CurlPosix | Format::CurlPowerShell => return Ok(()),
        Format::Fetch => "JavaScript fetch (Node's)",
        Format::Python => "Python requests",
        Format::Httpie => "HTTPie",
    };
    match request.http2 {
        true => Err(Error::invalid_argument(format!(
            "{client} sends HTTP/1.1 only and this service needs HTTP/2 (APNs does); use the curl command"
        ))),
        false => Ok(()),
    }
}

impl Request {
    /// Refuses what no renderer may print, or what some interpreter would send differently from
    /// what the code shows: a method that is not a word of capitals, a URL that is not http(s) or
    /// that clients rewrite (see [`url_problem`]), a header name that is not a token, a header
    /// value with a line break or another control character (it would smuggle in a header of its
    /// own), spaces around it or a character outside ASCII, and a body with a NUL character.
    pub fn check(&self) -> Result<()> {
        self.problem().map_or(Ok(()), |(_, error)| Err(error))
    }

    /// What [`Request::check`] refuses, with the part of the request it is in.
    pub fn problem(&self) -> Option<(Part, Error)> {
        [
            (Part::Method, self.method_result()),
            (Part::Url, self.url_result()),
            (Part::Headers, self.header_result()),
            (Part::Body, self.body_result()),
        ]
        .into_iter()
        .find_map(|(part, result)| result.err().map(|error| (part, error)))
    }

    fn method_result(&self) -> Result<()> {
        // Capitals only: the method is printed unquoted in shell commands, and HTTPie, Python
        // and fetch (for some names) upper-case a method that curl sends as it is.
        if self.method.is_empty() || !self.method.bytes().all(|byte| byte.is_ascii_uppercase()) {
            return Err(Error::invalid_argument(
                "the request method must be a word of capital letters like GET or POST",
            ));
        }
        Ok(())
    }

    fn url_result(&self) -> Result<()> {
        let url_ok = (self.url.starts_with("https://") || self.url.starts_with("http://"))
            && self.url.bytes().all(|byte| byte.is_ascii_graphic());
        if !url_ok {
            return Err(Error::invalid_argument(
                "the request URL must start with https:// (or http://), with no spaces and other characters percent-encoded (%20, %C3%A9)",
            ));
        }
        if let Some(problem) = url_problem(&self.url) {
            return Err(Error::invalid_argument(format!("the request URL {problem}")));
        }
        Ok(())
    }

    fn header_result(&self) -> Result<()> {
        for (index, (name, value)) in self.headers.iter().enumerate() {
            if !is_token(name) {
                return Err(Error::invalid_argument(format!(
                    "header name {:?} is not valid: use letters, digits and - only",
                    name.chars().take(40).collect::<String>()
                )));
            }
            // Framing and routing headers are the client's to write: curl sends a given
            // Content-Length as it is and the rest of the body then reads as a second request;
            // fetch drops Host silently. Each client computes them from the URL and the body.
            if CLIENT_HEADERS.iter().any(|own| own.eq_ignore_ascii_case(name)) {
                return Err(Error::invalid_argument(format!(
                    "header {name} is set by the client from the URL and the body; remove it"
                )));
            }
            // Clients send a repeated name differently (Python keeps the last, fetch joins them).
            if self
                .headers
                .iter()
                .take(index)
                .any(|(earlier, _)| earlier.eq_ignore_ascii_case(name))
            {
                return Err(Error::invalid_argument(format!(
                    "header {name} is given twice; clients send repeated headers differently, so give it once"
                )));
            }
            if value.chars().any(|c| c.is_control() && c != '\t') {
                return Err(Error::invalid_argument(format!(
                    "the value of header {name} contains a line break or control character; remove it"
                )));
            }
            // fetch and Python refuse anything else, and servers read it differently.
            if !value.is_ascii() {
                return Err(Error::invalid_argument(format!(
                    "the value of header {name} has a character outside ASCII; HTTP headers cannot carry it reliably"
                )));
            }
            // Not part of the value in HTTP; curl drops a header of spaces only, fetch trims them
            // and Python refuses them.
            if value.trim_matches([' ', '\t']) != value {
                return Err(Error::invalid_argument(format!(
                    "the value of header {name} starts or ends with a space or tab; remove it"
                )));
            }
        }
        Ok(())
    }

    fn body_result(&self) -> Result<()> {
        // fetch cannot send a body with GET or HEAD, and servers ignore or refuse one.
        if self.body.is_some() && matches!(self.method.as_str(), "GET" | "HEAD") {
            return Err(Error::invalid_argument(format!(
                "a {} request has no body; choose POST (or PUT, PATCH) or leave the body empty",
                self.method
            )));
        }
        // A command-line argument ends at a NUL, so curl and HTTPie would send less.
        if self.body.as_ref().is_some_and(|body| body.contains('\0')) {
            return Err(Error::invalid_argument(
                "the request body contains a NUL character, which a command line cannot carry; remove it",
            ));
        }
        Ok(())
    }

    /// Reads a request given as JSON `{method, url, headers, body, http2}`; `headers` is an
    /// object or an array of `[name, value]` pairs, `body` a string or null, `http2` a boolean
    /// (false when absent).
    pub fn from_json(value: &Value) -> Result<Request> {
        let bad = |what: &str| Error::invalid_argument(format!("the request's {what}"));
        let Value::Object(object) = value else {
            return Err(Error::invalid_argument(
                "a request is an object { method, url, headers, body }",
            ));
        };
        if let Some(unknown) = object
            .keys()
            .find(|name| !["method", "url", "headers", "body", "http2"].contains(&name.as_str()))
        {
            return Err(Error::invalid_argument(format!(
                "unknown request member {:?}; known: method, url, headers, body, http2",
                unknown.chars().take(40).collect::<String>()
            )));
        }
        let method = match object.get("method") {
            None | Some(Value::Null) => "GET".to_owned(),
            Some(Value::String(method)) => method.clone(),
            Some(_) => return Err(bad("method must be a string")),
        };
        let url = match object.get("url") {
            Some(Value::String(url)) => url.clone(),
            _ => return Err(bad("url is required and must be a string")),
        };
        let text = |value: &Value| value.as_str().map(str::to_owned);
        let headers = match object.get("headers") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(headers)) => headers
                .iter()
                .map(|(name, value)| Some((name.clone(), text(value)?)))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| bad("header values must be strings"))?,
            Some(Value::Array(pairs)) => pairs
                .iter()
                .map(|pair| match pair.as_array().map(Vec::as_slice) {
                    Some([name, value]) => Some((text(name)?, text(value)?)),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| bad("headers must be an object or [name, value] string pairs"))?,
            Some(_) => return Err(bad("headers must be an object or [name, value] string pairs")),
        };
        let body = match object.get("body") {
            None | Some(Value::Null) => None,
            Some(Value::String(body)) => Some(body.clone()),
            Some(_) => return Err(bad("body must be a string or null")),
        };
        let http2 = match object.get("http2") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(http2)) => *http2,
            Some(_) => return Err(bad("http2 must be true or false")),
        };
        let request = Request {
            method,
            url,
            headers,
            body,
            http2,
        };
        request.check()?;
        Ok(request)
    }
}

/// What in an `http(s)://` URL of printable ASCII would not reach the server as written from every
/// renderer, said as the end of a sentence: curl globs `{}` and `[]` (the commands turn that
/// off, but HTTPie and Python percent-encode them, fetch some of them, and fetch also encodes
/// `'` in a query and reads `\\` as `/`); Python decodes `%41` to `A`; every client resolves
/// `.` and `..` segments, each its own way (fetch also `%2e`); Python and curl turn credentials
/// before `@` into a Basic `Authorization` header that replaces the one given (fetch refuses
/// them). What is left, RFC 3986's unreserved characters, `%XX` escapes and the delimiters
/// `: / ? # @ ! $ & ( ) * + , ; =`, every client sends byte for byte.
fn url_problem(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (authority, path) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    if authority.contains('@') {
        return Some(
            "has credentials before @, which clients turn into a Basic Authorization header; send them in a header instead".into(),
        );
    }
    // `host`, `host:port`, `[v6]` or `[v6]:port`.
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map_or((v6, "?"), |(address, port)| {
            let hex = address.chars().all(|c| c.is_ascii_hexdigit() || ":.".contains(c));
            (if hex { "v6" } else { "?" }, port)
        }),
        None => authority.split_at(authority.find(':').unwrap_or(authority.len())),
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c));
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
    if !host_ok || !port_ok {
        return Some(
            "must have a host name (letters, digits, - and .), an IPv4 address or an [IPv6] address, and an optional :port".into(),
        );
    }
    let bytes = path.as_bytes();
    for (at, &byte) in bytes.iter().enumerate() {
        if byte == b'%' {
            let escaped = bytes
                .get(at + 1..at + 3)
                .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
            match escaped {
                None => return Some("has a % that is not followed by two hex digits; write % as %25".into()),
                Some(decoded) if is_unreserved(decoded) => {
                    return Some(format!(
                        "writes {:?} as %{:02X}, which some clients decode; write {:?} itself",
                        decoded as char, decoded, decoded as char
                    ))
                }
                Some(_) => {}
            }
        } else if !is_unreserved(byte) && !b":/?#@!$&()*+,;=".contains(&byte) {
            return Some(format!(
                "has {:?}, which clients send differently; write it percent-encoded as %{byte:02X}",
                byte as char
            ));
        }
    }
    let segments = path.split(['?', '#']).next().unwrap_or_default();
    if segments
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        return Some(
            "has a . or .. path segment, which clients resolve before sending; write the path it stands for"
                .into(),
        );
    }
    None
}

/// RFC 3986 §2.3: the characters a URL never needs to escape.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~".contains(&byte)
}

/// The part of a request a problem is in ([`Request::problem`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The method.
    Method,
    /// The URL.
    Url,
    /// A header.
    Headers,
    /// The body (or a body where the method takes none).
    Body,
}

/// Headers that frame or route the message (RFC 9110 §6.4.1, §7.2, §7.6.1; RFC 9112 §6): every
/// client writes them itself, so a request never gives them.
const CLIENT_HEADERS: [&str; 10] = [
    "Content-Length",
    "Transfer-Encoding",
    "Host",
    "Connection",
    "Expect",
    "TE",
    "Trailer",
    "Upgrade",
    "Keep-Alive",
    "Proxy-Connection",
];

/// An HTTP token (RFC 9110 §5.6.2): what a method or header name may be made of.
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

/// Splits a rendered command into lines joined by `continuation` (` \` or `` ` ``).
pub(crate) fn join_lines(first: String, rest: Vec<String>, continuation: &str) -> String {
    let mut lines = vec![first];
    lines.extend(rest.into_iter().map(|line| format!("  {line}")));
    lines.join(&format!("{continuation}\n"))
}
