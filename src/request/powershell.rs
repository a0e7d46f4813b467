//! curl.exe for PowerShell. `curl` alone is an alias of Invoke-WebRequest in Windows PowerShell,
//! so the command names `curl.exe`. Every value is a single-quoted PowerShell string: inside one,
//! nothing is special (`$`, backticks, `"`, newlines) except the single quote, which PowerShell
//! also recognises in its typographic forms (U+2018, U+2019, U+201A, U+201B); each is escaped by
//! doubling it. Lines continue with a backtick. PowerShell 7.3 and later pass such arguments to
//! curl.exe intact; Windows PowerShell 5.1 and PowerShell 7.0–7.2 pass them on the legacy way,
//! where a `"` followed by a space ends the argument: a JSON body `{"sql": "SELECT 1 -T file"}`
//! would reach curl.exe as options (`-T file` uploads the file). So the command runs inside a
//! guard that refuses those versions (and 7.3+ set to `Legacy`) before curl.exe starts; the
//! guard and the command are one statement, so a paste runs both or neither. The arguments are curl's own (see `curl.rs`): no `_curlrc`, no
//! globbing, the body sent as it is.

use super::curl::{curl_lines, FAIL_WITH_BODY};
use super::{join_lines, Request};

/// Quotes `text` as one single-quoted PowerShell string.
pub(crate) fn quote_powershell(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('\'');
    for c in text.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            quoted.push(c);
        }
        quoted.push(c);
    }
    quoted.push('\'');
    quoted
}

/// Renders `request` as a curl.exe command for PowerShell 7.3 or later.
///
/// ```
/// use jwtmint::request::{to_curl_powershell, Request};
/// let request = Request {
///     method: "GET".into(),
///     url: "https://example.com/".into(),
///     headers: vec![("X-Note".into(), "it's $HOME".into())],
///     body: None,
///     http2: false,
/// };
/// assert_eq!(
///     to_curl_powershell(&request),
///     format!("{}curl.exe -q -g --fail-with-body -sS -X GET 'https://example.com/' `\n  -H 'X-Note: it''s $HOME'\n}}", jwtmint::request::POWERSHELL_GUARD)
/// );
/// ```
pub fn to_curl_powershell(request: &Request) -> String {
    let (first, rest) = curl_lines(request, quote_powershell, None, FAIL_WITH_BODY);
    format!(
        "{}{POWERSHELL_GUARD}{}\n}}",
        http2_note(request),
        join_lines(format!("curl.exe {first}"), rest, " `")
    )
}

/// What opens a PowerShell command whose request needs HTTP/2: the curl.exe that comes with
/// Windows is built without it (it then stops at `--http2` and sends nothing).
pub(crate) fn http2_note(request: &Request) -> &'static str {
    match request.http2 {
        true => "# HTTP/2: the curl.exe that comes with Windows has none; use one whose curl.exe -V lists HTTP2 (https://curl.se/windows/)\n",
        false => "",
    }
}

/// What opens every PowerShell command: the `if` that refuses the versions whose argument
/// passing would break the quoting, whose `else` block holds the command (closed by `}`).
pub const POWERSHELL_GUARD: &str = "# PowerShell 7.3 or later: older versions would pass the quotes to curl.exe wrongly\n\
if ($PSVersionTable.PSVersion -lt [version]'7.3' -or $PSNativeCommandArgumentPassing -eq 'Legacy') { throw 'This command needs PowerShell 7.3 or later' } else {\n";
