//! Requests as JavaScript `fetch` and Python `requests` code. Both languages read a JSON string
//! as a string literal of their own, so every value is written with `serde_json` (quotes,
//! backslashes and control characters escaped), plus `\u2028`/`\u2029`, which older JavaScript
//! engines do not accept raw in a literal.

use super::splice::{header_text, url_text, Splice};
use super::Request;

/// A string literal valid in JavaScript and in Python 3.
pub(crate) fn literal(text: &str) -> String {
    serde_json::Value::String(text.to_owned())
        .to_string()
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

fn header_lines(request: &Request, indent: &str, splice: Option<&Splice>) -> String {
    request
        .headers
        .iter()
        .map(|(name, value)| {
            let value = header_text(splice, value, &literal);
            format!("{indent}{}: {value},\n", literal(name))
        })
        .collect()
}

/// Renders `request` as JavaScript (an ES module: top-level `await`) that sends it with `fetch`
/// and prints the status and the response body.
///
/// ```
/// use jwtmint::request::{to_fetch, Request};
/// let request = Request {
///     method: "POST".into(),
///     url: "https://example.com/q".into(),
///     headers: vec![("Content-Type".into(), "application/json".into())],
///     body: Some(r#"{"a":"b"}"#.into()),
///     http2: false,
/// };
/// assert_eq!(
///     to_fetch(&request),
///     "const response = await fetch(\"https://example.com/q\", {\n  method: \"POST\",\n  redirect: \"manual\", // like curl: a redirect is shown, not followed with the headers\n  headers: {\n    \"Content-Type\": \"application/json\",\n  },\n  body: \"{\\\"a\\\":\\\"b\\\"}\",\n});\nconsole.log(response.status, await response.text());\n"
/// );
/// ```
pub fn to_fetch(request: &Request) -> String {
    fetch_call(request, "response", None) + "console.log(response.status, await response.text());\n"
}

/// `const {variable} = await fetch(...);` sending `request`, the value an exchange read spliced
/// into the URL and header values.
pub(crate) fn fetch_call(request: &Request, variable: &str, splice: Option<&Splice>) -> String {
    let mut code = format!(
        "const {variable} = await fetch({}, {{\n  method: {},\n  redirect: \"manual\", // like curl: a redirect is shown, not followed with the headers\n",
        url_text(splice, &request.url, &literal),
        literal(&request.method)
    );
    if !request.headers.is_empty() {
        code.push_str(&format!(
            "  headers: {{\n{}  }},\n",
            header_lines(request, "    ", splice)
        ));
    }
    if let Some(body) = &request.body {
        code.push_str(&format!("  body: {},\n", literal(body)));
    }
    code.push_str("});\n");
    code
}

/// Renders `request` as Python 3 with `requests`, printing the status and the response body.
/// The body is sent as its exact UTF-8 bytes, and the headers as they are (see the `auth` line).
pub fn to_python(request: &Request) -> String {
    format!(
        "import requests\n\n{}print(response.status_code, response.text)\n",
        python_call(request, "response", None)
    )
}

/// `{variable} = requests.request(...)` sending `request`, the value an exchange read spliced
/// into the URL and header values.
pub(crate) fn python_call(request: &Request, variable: &str, splice: Option<&Splice>) -> String {
    let mut code = format!(
        "{variable} = requests.request(\n    {},\n    {},\n",
        literal(&request.method),
        url_text(splice, &request.url, &literal)
    );
    if !request.headers.is_empty() {
        code.push_str(&format!(
            "    headers={{\n{}    }},\n",
            header_lines(request, "        ", splice)
        ));
    }
    if let Some(body) = &request.body {
        code.push_str(&format!("    data={}.encode(\"utf-8\"),\n", literal(body)));
    }
    // With no `auth`, requests puts credentials from ~/.netrc for the host in place of the
    // Authorization header; an `auth` that changes nothing keeps the headers as shown. On a
    // redirect requests would put them back (and fetch would forward other secret headers to
    // the new host): neither follows redirects, as curl and HTTPie do not.
    code.push_str(
        "    auth=lambda request: request,  # not ~/.netrc's credentials\n    allow_redirects=False,  # like curl: a redirect is shown, not followed with the headers\n    timeout=30,\n)\n",
    );
    code
}
