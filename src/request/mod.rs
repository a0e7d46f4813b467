//! A ready-to-send HTTP request, and its renderings as commands a person runs (curl for POSIX
//! shells). The page, the CLI and the npm API all render the same `Request` the same way.

mod curl;

pub use curl::to_curl_posix;

use serde::Serialize;

/// A request: method, URL, headers in order, and the exact body to send.
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
}
