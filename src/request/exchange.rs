//! Token exchanges (RFC 7523 §2.1 and its kin: Google's `jwt-bearer` grant, Firebase's
//! `signInWithCustomToken`): a first request trades the signed JWT for a token, read from one
//! member of its JSON answer, and the request proper carries that token. [`render_flow`] renders
//! both as one piece of code that runs them in order and stops at the first failure.
//!
//! The token comes from a server at run time, so every rendering checks it before it uses it:
//! a string of printable ASCII (no line break could smuggle a header in), no space at either end
//! (clients trim or refuse them), and not made of dots only (it could make a `.` or `..` path
//! segment). In header values it is sent as it is; in the URL it is percent-encoded (RFC 3986
//! §2.3's unreserved characters kept), since a URL carries text that way.

use super::exchange_powershell::powershell_flow;
use super::exchange_script::{fetch_flow, python_flow};
use super::exchange_shell::{curl_flow, httpie_flow};
use super::{needs_http2, render, Format, Request};
use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::Value;

/// A token exchange: the token request, and the member of its JSON answer to read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exchange {
    /// The token request, e.g. `POST https://oauth2.googleapis.com/token` with a form body
    /// holding the signed JWT.
    #[serde(flatten)]
    pub request: Request,
    /// The member of the JSON answer that holds the token: `access_token`, `id_token`, `idToken`.
    /// The request proper writes `{access_token}` (brace, this name, brace) where it goes.
    pub read: String,
}

/// The longest `read` name accepted.
const MAX_READ: usize = 64;

/// What stands for the token while the request proper is checked: nothing a renderer quotes.
const STAND_IN: &str = "TOKEN";

impl Exchange {
    /// What the request proper writes where the token goes: `{access_token}`.
    pub fn placeholder(&self) -> String {
        format!("{{{}}}", self.read)
    }

    /// Reads an exchange given as JSON `{method, url, headers, body, read}`: a request as
    /// [`Request::from_json`] reads it, plus `read`.
    pub fn from_json(value: &Value) -> Result<Exchange> {
        let Value::Object(object) = value else {
            return Err(Error::invalid_argument(
                "an exchange is an object { method, url, headers, body, read }",
            ));
        };
        let mut object = object.clone();
        let read = match object.remove("read") {
            Some(Value::String(read)) => read,
            _ => {
                return Err(Error::invalid_argument(
                    "the exchange's read is required: the member of the token answer to use, like \"access_token\"",
                ))
            }
        };
        let exchange = Exchange {
            request: Request::from_json(&Value::Object(object)).map_err(in_token_request)?,
            read,
        };
        exchange.check_read()?;
        Ok(exchange)
    }

    fn check_read(&self) -> Result<()> {
        let name_ok = !self.read.is_empty()
            && self.read.len() <= MAX_READ
            && self
                .read
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_');
        if !name_ok {
            return Err(Error::invalid_argument(format!(
                "the exchange's read {:?} must be a JSON member name of letters, digits and _ (at most {MAX_READ}), like \"access_token\"",
                self.read.chars().take(40).collect::<String>()
            )));
        }
        Ok(())
    }

    /// Refuses an exchange no renderer may print: a bad `read`, a token request
    /// [`Request::check`] refuses, a request proper it refuses once the placeholder holds a
    /// stand-in, or a placeholder in the request's scheme or host (the token must not choose
    /// where it is sent).
    pub fn check(&self, request: &Request) -> Result<()> {
        self.check_read()?;
        self.request.check().map_err(in_token_request)?;
        let placeholder = self.placeholder();
        let after_scheme = request.url.find("://").map_or(0, |at| at + 3);
        let path_at = request
            .url
            .get(after_scheme..)
            .and_then(|rest| rest.find(['/', '?', '#']))
            .map_or(request.url.len(), |at| after_scheme + at);
        if request
            .url
            .get(..path_at)
            .is_some_and(|origin| origin.contains(&placeholder))
        {
            return Err(Error::invalid_argument(format!(
                "the request URL has {placeholder} before its path; the token may go in the path, the query or a header, never in the host"
            )));
        }
        let standing_in = Request {
            url: request.url.replace(&placeholder, STAND_IN),
            headers: request
                .headers
                .iter()
                .map(|(name, value)| (name.clone(), value.replace(&placeholder, STAND_IN)))
                .collect(),
            ..request.clone()
        };
        standing_in.check()
    }
}

fn in_token_request(error: Error) -> Error {
    match error {
        Error::InvalidArgument { detail } => {
            Error::invalid_argument(format!("the token request (exchange): {detail}"))
        }
        other => other,
    }
}

/// Renders `request` in `format`, after the token `exchange` when there is one: the code sends
/// the exchange's request, reads the member `read` of its JSON answer, fails (a non-zero exit
/// or a thrown error, the answer printed to stderr) when the answer is not 2xx or has no usable
/// token, and then sends `request` with the token in place of every `{read}` in its URL and
/// header values. With `None` it is exactly [`render`]. A request or token request that needs
/// HTTP/2 is refused where the client speaks HTTP/1.1 only, as [`render`] refuses it.
///
/// ```
/// use jwtmint::request::{render_flow, Exchange, Format, Request};
/// let exchange = Exchange {
///     request: Request {
///         method: "POST".into(),
///         url: "https://oauth2.googleapis.com/token".into(),
///         headers: vec![("Content-Type".into(), "application/x-www-form-urlencoded".into())],
///         body: Some("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJ.e30.sig".into()),
///         http2: false,
///     },
///     read: "access_token".into(),
/// };
/// let request = Request {
///     method: "GET".into(),
///     url: "https://www.googleapis.com/oauth2/v3/tokeninfo".into(),
///     headers: vec![("Authorization".into(), "Bearer {access_token}".into())],
///     body: None,
///     http2: false,
/// };
/// let code = render_flow(Some(&exchange), &request, Format::CurlPosix)?;
/// assert!(code.ends_with("-H 'Authorization: Bearer '\"$token\"\n)"));
/// # Ok::<(), jwtmint::Error>(())
/// ```
pub fn render_flow(exchange: Option<&Exchange>, request: &Request, format: Format) -> Result<String> {
    let Some(exchange) = exchange else {
        return render(request, format);
    };
    exchange.check(request)?;
    needs_http2(&exchange.request, format).map_err(in_token_request)?;
    needs_http2(request, format)?;
    // PowerShell sends the token request with Invoke-RestMethod, not curl.exe.
    if exchange.request.http2 && format == Format::CurlPowerShell {
        return Err(Error::invalid_argument(
            "the token request (exchange) needs HTTP/2, which the PowerShell code's Invoke-RestMethod is not set up to send; use the curl command",
        ));
    }
    match format {
        Format::CurlPosix => Ok(curl_flow(exchange, request)),
        Format::Httpie => httpie_flow(exchange, request),
        Format::CurlPowerShell => Ok(powershell_flow(exchange, request)),
        Format::Fetch => Ok(fetch_flow(exchange, request)),
        Format::Python => Ok(python_flow(exchange, request)),
    }
}
