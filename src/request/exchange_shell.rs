//! Token exchanges as POSIX shell code (bash, zsh, dash): curl or HTTPie, with jq to read the
//! JSON answer. The code is one subshell `( ... )`: pasted into a terminal, its `exit` on a
//! failure ends the subshell, not the terminal, and the token stays out of the user's shell.
//! No `#` comments (an interactive zsh runs them as a command), no bashisms, and no variable a
//! shell gives a meaning (`status` is read-only in zsh).
//!
//! The answer reaches jq on standard input (`printf` is a builtin, so it is never an argument of
//! a program). The token is a shell variable, expanded in double quotes between single-quoted
//! pieces (`'Bearer '"$token"`): one word, taken literally whatever it holds. jq refuses a token
//! that is not a usable header value ([`READ`]); curl and HTTPie keep every switch of their
//! one-request commands (`-q -g`, no `.netrc`, nothing read from a file, no redirect followed).

use super::curl::{curl_lines, quote_posix, FAIL_WITH_BODY};
use super::exchange::Exchange;
use super::httpie::{httpie_command, CHECK_STATUS};
use super::splice::Splice;
use super::{join_lines, Request};
use crate::error::Result;

/// The first line: what the code needs besides curl or HTTPie.
const NEEDS_JQ: &str = "command -v jq >/dev/null || { echo 'this needs jq (https://jqlang.org): apt install jq / brew install jq' >&2; exit 1; }";

/// jq, on the answer slurped (`-s`: two JSON texts would otherwise give two lines): the member
/// `$name` of the one object it holds, when it is a string of printable ASCII with no space at
/// either end and not only dots; an error (exit 5) otherwise. Neither jq's `and` nor a regex
/// (some builds have none) is relied on for the type check.
pub(crate) const READ: &str = r#"if length == 1 and (.[0] | type) == "object" then .[0][$name] else null end | if type != "string" then error("not a string") elif (explode | all(. >= 32 and . <= 126) and any(. != 46)) and .[:1] != " " and .[-1:] != " " then . else error("not printable ASCII") end"#;

/// jq, on the token as raw text: percent-encoded for a URL. `@uri` keeps `!*'()` in jq 1.6 and
/// encodes them in 1.7; they are encoded here in both, as the other renderings do.
const URI: &str = r#"@uri | split("!") | join("%21") | split("\u0027") | join("%27") | split("(") | join("%28") | split(")") | join("%29") | split("*") | join("%2A")"#;

/// jq, on the token as raw text: HTTPie's item syntax, each separator escaped by a backslash.
/// A backslash of the token's own could escape what follows it, so it is refused.
const ITEM: &str = r#"if contains("\\") then error("backslash") else split(":") | join("\\:") | split(";") | join("\\;") | split("=") | join("\\=") | split("@") | join("\\@") end"#;

/// Where the request proper uses the token.
struct Uses {
    url: bool,
    headers: bool,
}

fn uses(exchange: &Exchange, request: &Request) -> Uses {
    let placeholder = exchange.placeholder();
    Uses {
        url: request.url.contains(&placeholder),
        headers: request
            .headers
            .iter()
            .any(|(_, value)| value.contains(&placeholder)),
    }
}

/// `token=$(...)`: the member `read` of `$answer`, or a message with the answer and `exit 1`.
/// `status` is what the message says of the answer's status: a printf format and its argument.
fn read_token(exchange: &Exchange, status: (&str, &str)) -> String {
    let (said, argument) = status;
    format!(
        "token=$(printf '%s' \"$answer\" | jq -rs --arg name {} {} 2>/dev/null) || {{ printf 'the token answer{said} has no usable \"{}\" (a string of printable ASCII):\\n%s\\n' {argument}\"$answer\" >&2; exit 1; }}\n",
        quote_posix(&exchange.read),
        quote_posix(READ),
        exchange.read,
    )
}

fn token_url() -> String {
    format!(
        "token_url=$(printf '%s' \"$token\" | jq -Rr {}) || exit\n",
        quote_posix(URI)
    )
}

/// The code for curl in a POSIX shell.
pub(crate) fn curl_flow(exchange: &Exchange, request: &Request) -> String {
    let (first, rest) = curl_lines(&exchange.request, quote_posix, None, "-sS -w '%{http_code}'");
    let mut code = format!(
        "(\n{NEEDS_JQ}\nanswer=$({}) || exit\n",
        join_lines(format!("curl {first}"), rest, " \\")
    );
    // `-w` writes the three digits of the status after the body.
    code.push_str("http_status=${answer#\"${answer%???}\"}\nanswer=${answer%???}\n");
    code.push_str("case $http_status in 2??) ;; *) printf 'the token request failed: HTTP %s\\n%s\\n' \"$http_status\" \"$answer\" >&2; exit 1 ;; esac\n");
    code.push_str(&read_token(exchange, (" (HTTP %s)", "\"$http_status\" ")));
    if uses(exchange, request).url {
        code.push_str(&token_url());
    }
    let placeholder = exchange.placeholder();
    let splice = Splice {
        placeholder: &placeholder,
        header: "\"$token\"",
        url: "\"$token_url\"",
        join: "",
        group: false,
    };
    let (first, rest) = curl_lines(request, quote_posix, Some(&splice), FAIL_WITH_BODY);
    code.push_str(&join_lines(format!("curl {first}"), rest, " \\"));
    code.push_str("\n)");
    code
}

/// The code for HTTPie in a POSIX shell. `--check-status` makes a 3xx, 4xx or 5xx answer an
/// exit status of 3, 4 or 5, with a warning naming the status; `--print=b` prints the body only.
pub(crate) fn httpie_flow(exchange: &Exchange, request: &Request) -> Result<String> {
    let command = httpie_command(
        &exchange.request,
        None,
        &format!("{CHECK_STATUS} --pretty=none --print=b"),
    )?;
    let mut code = format!(
        "(\n{NEEDS_JQ}\nanswer=$({command}) || {{ printf 'the token request failed (http exited with %s, its message is above):\\n%s\\n' \"$?\" \"$answer\" >&2; exit 1; }}\n"
    );
    code.push_str(&read_token(exchange, ("", "")));
    let uses = uses(exchange, request);
    if uses.headers {
        code.push_str(&format!(
            "token_item=$(printf '%s' \"$token\" | jq -Rr {} 2>/dev/null) || {{ echo 'HTTPie cannot send a token with a backslash; use the curl command' >&2; exit 1; }}\n",
            quote_posix(ITEM)
        ));
    }
    if uses.url {
        code.push_str(&token_url());
    }
    let placeholder = exchange.placeholder();
    let splice = Splice {
        placeholder: &placeholder,
        header: "\"$token_item\"",
        url: "\"$token_url\"",
        join: "",
        group: false,
    };
    code.push_str(&httpie_command(request, Some(&splice), CHECK_STATUS)?);
    code.push_str("\n)");
    Ok(code)
}
