//! Token exchanges for PowerShell 7.3 or later: the token request with `Invoke-RestMethod`,
//! which parses the JSON answer itself, then the request proper with curl.exe as in the
//! one-request command. Both sit inside the version guard, in a script block `& { ... }` so the
//! token does not stay in the session. Every value is a single-quoted string
//! ([`quote_powershell`]); the token is a variable, joined to them with `+` in parentheses,
//! which passes curl.exe one argument whatever it holds.
//!
//! `-SkipHttpErrorCheck -StatusCodeVariable` give the status of any answer without an
//! exception, `-MaximumRedirection 0` follows no redirect, `-ErrorAction Stop` stops at any
//! other error. A body with characters outside ASCII is sent as its UTF-8 bytes: PowerShell
//! encodes a string body as ISO-8859-1 before 7.4.

use super::curl::{curl_lines, FAIL_WITH_BODY};
use super::exchange::Exchange;
use super::powershell::{http2_note, quote_powershell, POWERSHELL_GUARD};
use super::splice::Splice;
use super::{join_lines, Request};

/// The methods `-Method` takes (WebRequestMethod); others go in `-CustomMethod`.
const METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "MERGE", "PATCH",
];

/// The `Invoke-RestMethod` command for the token request.
fn invoke(request: &Request) -> String {
    let method = match METHODS.contains(&request.method.as_str()) {
        true => format!("-Method {}", request.method),
        false => format!("-CustomMethod {}", quote_powershell(&request.method)),
    };
    let first = format!(
        "$answer = Invoke-RestMethod {method} -Uri {} -MaximumRedirection 0 -SkipHttpErrorCheck -StatusCodeVariable tokenStatus -ErrorAction Stop",
        quote_powershell(&request.url)
    );
    let mut rest = Vec::new();
    // Content-Type goes in -ContentType: PowerShell would otherwise put its own.
    let (content_type, headers): (Vec<_>, Vec<_>) = request
        .headers
        .iter()
        .partition(|(name, _)| name.eq_ignore_ascii_case("Content-Type"));
    if let Some((_, value)) = content_type.first() {
        rest.push(format!("-ContentType {}", quote_powershell(value)));
    }
    if !headers.is_empty() {
        let pairs: Vec<String> = headers
            .iter()
            .map(|(name, value)| format!("{} = {}", quote_powershell(name), quote_powershell(value)))
            .collect();
        rest.push(format!("-Headers ([ordered]@{{ {} }})", pairs.join("; ")));
    }
    if let Some(body) = &request.body {
        rest.push(match body.is_ascii() {
            true => format!("-Body {}", quote_powershell(body)),
            false => format!(
                "-Body ([System.Text.Encoding]::UTF8.GetBytes({}))",
                quote_powershell(body)
            ),
        });
    }
    join_lines(first, rest, " `")
}

/// The code for curl.exe in PowerShell 7.3 or later.
pub(crate) fn powershell_flow(exchange: &Exchange, request: &Request) -> String {
    let answer = "[Console]::Error.WriteLine(($answer | ConvertTo-Json -Depth 20 -Compress))";
    let mut code = format!(
        "{}{POWERSHELL_GUARD}& {{\n{}\n",
        http2_note(request),
        invoke(&exchange.request)
    );
    code.push_str(&format!(
        "if ($tokenStatus -lt 200 -or $tokenStatus -gt 299) {{ {answer}; throw ('the token request failed: HTTP ' + $tokenStatus) }}\n"
    ));
    code.push_str(&format!(
        "$token = $answer.{}\n",
        quote_powershell(&exchange.read)
    ));
    // Case-sensitive matches (-c): ignoring case, a character outside ASCII whose lower case is
    // in ASCII (the Kelvin sign) could match.
    // \z, not $: $ also matches before a final line break.
    code.push_str(&format!(
        "if ($token -isnot [string] -or $token -cnotmatch '^[!-~]([ -~]*[!-~])?\\z' -or $token -cnotmatch '[^.]') {{ {answer}; throw ('the token answer (HTTP ' + $tokenStatus + {}) }}\n",
        quote_powershell(&format!(
            ") has no usable \"{}\" (a string of printable ASCII)",
            exchange.read
        ))
    ));
    let placeholder = exchange.placeholder();
    if request.url.contains(&placeholder) {
        // RFC 3986: every character but the unreserved ones percent-encoded.
        code.push_str("$tokenUrl = [uri]::EscapeDataString($token)\n");
    }
    let splice = Splice {
        placeholder: &placeholder,
        header: "$token",
        url: "$tokenUrl",
        join: " + ",
        group: true,
    };
    let (first, rest) = curl_lines(request, quote_powershell, Some(&splice), FAIL_WITH_BODY);
    code.push_str(&join_lines(format!("curl.exe {first}"), rest, " `"));
    code.push_str("\n}\n}");
    code
}
