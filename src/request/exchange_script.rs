//! Token exchanges as JavaScript (`fetch`, an ES module for Node 18+, Deno and browsers) and as
//! Python with `requests`. Each request keeps its one-request rendering (no redirect followed,
//! no `~/.netrc` for Python); the token is a variable of the script, concatenated into the URL
//! (percent-encoded) and the header values. A failure throws (JavaScript) or exits with a
//! message (Python), the answer printed to stderr.

use super::exchange::Exchange;
use super::literal::{fetch_call, literal, python_call};
use super::splice::Splice;
use super::Request;

/// The message for an answer without a usable token, as text around the status.
fn unusable(exchange: &Exchange) -> (String, String) {
    (
        "the token answer (HTTP ".to_owned(),
        format!(
            ") has no usable \"{}\" (a string of printable ASCII)",
            exchange.read
        ),
    )
}

/// The code for JavaScript `fetch`.
pub(crate) fn fetch_flow(exchange: &Exchange, request: &Request) -> String {
    let read = literal(&exchange.read);
    let (before, after) = unusable(exchange);
    let mut code = format!(
        "// Trades the signed JWT for its {}, then sends the request with it.\n",
        exchange.read
    );
    code.push_str(&fetch_call(&exchange.request, "tokenResponse", None));
    code.push_str(&format!(
        "const tokenAnswer = await tokenResponse.text();
if (!tokenResponse.ok) {{
  console.error(tokenAnswer);
  throw new Error(\"the token request failed: HTTP \" + tokenResponse.status);
}}
let answer = null;
try {{
  answer = JSON.parse(tokenAnswer);
}} catch {{}}
const token =
  typeof answer === \"object\" && answer !== null && !Array.isArray(answer) && Object.hasOwn(answer, {read})
    ? answer[{read}]
    : undefined;
// Printable ASCII, no space at either end, not only dots: what a header can carry as it is.
if (typeof token !== \"string\" || !/^[!-~]([ -~]*[!-~])?$/.test(token) || !/[^.]/.test(token)) {{
  console.error(tokenAnswer);
  throw new Error({} + tokenResponse.status + {});
}}
",
        literal(&before),
        literal(&after),
    ));
    let placeholder = exchange.placeholder();
    if request.url.contains(&placeholder) {
        // encodeURIComponent keeps !'()*, which RFC 3986 reserves.
        code.push_str("const tokenInUrl = encodeURIComponent(token).replace(/[!'()*]/g, (c) => \"%\" + c.charCodeAt(0).toString(16).toUpperCase());\n");
    }
    let splice = Splice {
        placeholder: &placeholder,
        header: "token",
        url: "tokenInUrl",
        join: " + ",
        group: false,
    };
    code.push_str(&fetch_call(request, "response", Some(&splice)));
    code.push_str("console.log(response.status, await response.text());\n");
    code
}

/// The code for Python `requests`.
pub(crate) fn python_flow(exchange: &Exchange, request: &Request) -> String {
    let placeholder = exchange.placeholder();
    let in_url = request.url.contains(&placeholder);
    let (before, after) = unusable(exchange);
    let mut code = String::from("import sys\n");
    if in_url {
        code.push_str("from urllib.parse import quote\n");
    }
    code.push_str(&format!(
        "\nimport requests\n\n# Trades the signed JWT for its {}, then sends the request with it.\n",
        exchange.read
    ));
    code.push_str(&python_call(&exchange.request, "token_response", None));
    code.push_str(&format!(
        "if not 200 <= token_response.status_code < 300:
    print(token_response.text, file=sys.stderr)
    sys.exit(\"the token request failed: HTTP \" + str(token_response.status_code))
try:
    answer = token_response.json()
except ValueError:
    answer = None
token = answer.get({}) if isinstance(answer, dict) else None
# Printable ASCII, no space at either end, not only dots: what a header can carry as it is.
if not (
    isinstance(token, str)
    and token.isascii()
    and token.isprintable()
    and token.strip(\" \") == token
    and token.strip(\".\")
):
    print(token_response.text, file=sys.stderr)
    sys.exit({} + str(token_response.status_code) + {})
",
        literal(&exchange.read),
        literal(&before),
        literal(&after),
    ));
    // quote with no safe characters keeps exactly RFC 3986's unreserved ones (Python 3.7+).
    let splice = Splice {
        placeholder: &placeholder,
        header: "token",
        url: "quote(token, safe=\"\")",
        join: " + ",
        group: false,
    };
    code.push_str(&python_call(request, "response", Some(&splice)));
    code.push_str("print(response.status_code, response.text)\n");
    code
}
