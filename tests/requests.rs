//! Request renderings: each one, run by its real interpreter (bash + curl, bash + HTTPie,
//! node's fetch, python3 + requests) against a local echo server, sends exactly the intended
//! method, path, query, headers and body, whatever the values hold. PowerShell is not on this
//! machine, so its text is checked against what PowerShell's quoting rules require.

mod common;

use common::{temp_dir, Echo, Received};
use jwtmint::request::{render, to_curl_posix, Format, Request, POWERSHELL_GUARD};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Values that break naive quoting in every target language.
const NASTY: &str = "it's \"q\" $(touch /tmp/jwtmint-pwned) `id` ${HOME} !! \\ \\n \\= a=b:c;d@e ✓ ‘smart’ #";

fn request(base: &str) -> Request {
    Request {
        method: "POST".into(),
        url: format!("{base}/api/v1/a%20b?x=1&y=%27z%27"),
        headers: vec![
            (
                "Authorization".into(),
                "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig-_x".into(),
            ),
            (
                "X-Nasty".into(),
                NASTY.replace("\\=", "=").replace(['✓', '‘', '’'], "?"),
            ),
            ("Content-Type".into(), "application/json".into()),
        ],
        body: Some(format!("{{\"q\": {}}}\nline two\r\n\ttab ✓", json!(NASTY))),
        http2: false,
    }
}

/// What the directory a command runs in holds: a file the command must neither send nor change.
const SECRET_FILE: &str = ".env";
const MARKER: &str = "JWTMINT-MARKER-never-sent";

/// Values that make an interpreter do something other than send them: a body naming a file
/// (curl's `@file`), headers named like options (HTTPie's `-o` writes a file, `-a` replaces the
/// token), a header value naming a file (HTTPie's `:@`), and a path and query with what curl globs
/// (percent-encoded, as [`Request::check`] requires).
fn hostile(base: &str, body: &str) -> Request {
    Request {
        method: "PUT".into(),
        url: format!(
            "{base}/x/%7Ba,b%7D/%5B1-9%5D/(a)*!$;:@,+=?q=%7Ba,b%7D&r=%5B1-2%5D&s=@{SECRET_FILE}&t=-o"
        ),
        headers: vec![
            ("Authorization".into(), "Bearer eyJ.e30.sig".into()),
            ("-o".into(), "written-by-the-command".into()),
            ("-a".into(), "user:pass".into()),
            ("--output".into(), "x".into()),
            ("X-File".into(), format!("@{SECRET_FILE}")),
            ("X-Empty".into(), String::new()),
        ],
        body: Some(body.into()),
        http2: false,
    }
}

/// Bodies that name a file or look like an option.
const HOSTILE_BODIES: [&str; 3] = ["@.env", "@/etc/hostname", "-o written --output=x"];

/// What a run of rendered code did.
struct Outcome {
    requests: Vec<Received>,
    stdout: String,
}

/// Runs `program args... file` where the file holds `code`, in a directory of its own that holds
/// the secret file, with a `~/.curlrc` (through `CURL_HOME`) and a `.netrc` (through `NETRC`)
/// that would add a header, write a file and replace the token if they were read. Asserts that the
/// program succeeded, ran no substitution and left the directory as it was.
fn run(echo: Echo, code: &str, program: &str, args: &[&str], extension: &str) -> Outcome {
    let work = temp_dir();
    std::fs::write(work.path().join(SECRET_FILE), MARKER).unwrap();
    let config = temp_dir();
    let file = config.path().join(format!("request.{extension}"));
    std::fs::write(&file, code).unwrap();
    std::fs::write(
        config.path().join(".curlrc"),
        "header = \"X-From-Curlrc: 1\"\noutput = \"written-by-curlrc\"\n",
    )
    .unwrap();
    let netrc = config.path().join("netrc");
    std::fs::write(&netrc, "machine 127.0.0.1 login netrc password netrc-password\n").unwrap();
    let before = listing(work.path());
    let _ = std::fs::remove_file("/tmp/jwtmint-pwned");
    let output = Command::new(program)
        .args(args)
        .arg(&file)
        .current_dir(work.path())
        .env("CURL_HOME", config.path())
        .env("NETRC", &netrc)
        .output()
        .unwrap_or_else(|error| panic!("{program} must be installed (scripts/setup.sh): {error}"));
    // The program has exited: every connection it made is queued before the stop.
    let requests = echo.stop();
    assert!(
        output.status.success(),
        "{program} failed: {}\n{code}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !Path::new("/tmp/jwtmint-pwned").exists(),
        "the code ran a substitution"
    );
    assert_eq!(listing(work.path()), before, "the code wrote a file:\n{code}");
    Outcome {
        requests,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
    }
}

/// Every file in `dir` with its content.
fn listing(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(entry.path()).unwrap_or_default())
        })
        .collect()
}

/// Renders `make(base)` in `format` and runs it.
fn run_format(
    format: Format,
    make: impl Fn(&str) -> Request,
    program: &str,
    args: &[&str],
    extension: &str,
) -> (Request, Outcome) {
    let echo = Echo::start();
    let request = make(&echo.base());
    let code = render(&request, format).unwrap();
    let outcome = run(echo, &code, program, args, extension);
    (request, outcome)
}

/// Exactly one request arrived, with exactly `request`'s method, path and query, each of its
/// headers once with its value, its body, and nothing from the secret file, `.curlrc` or `.netrc`.
fn assert_received(request: &Request, outcome: &Outcome) {
    let [(line, headers, body)] = outcome.requests.as_slice() else {
        panic!("exactly one request: {:#?}", outcome.requests);
    };
    let target = &request.url[request.url.find("://").unwrap() + 3..];
    let path = &target[target.find('/').unwrap()..];
    assert_eq!(line, &format!("{} {path} HTTP/1.1", request.method));
    for (name, value) in &request.headers {
        let found: Vec<_> = headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .collect();
        assert_eq!(found.len(), 1, "{name} sent once: {headers:?}");
        assert_eq!(&found[0].1, value, "{name}");
    }
    assert_eq!(Some(body), request.body.as_ref());
    let everything = format!("{headers:?} {body}");
    for leaked in [MARKER, "X-From-Curlrc", "netrc", "Basic"] {
        assert!(!everything.contains(leaked), "{leaked} sent: {everything}");
    }
}

/// Runs the usual request and every hostile one in `format`.
fn assert_sends_exactly(format: Format, program: &str, args: &[&str], extension: &str) -> String {
    let (request, outcome) = run_format(format, request, program, args, extension);
    assert_received(&request, &outcome);
    for body in HOSTILE_BODIES {
        let (request, hostile_outcome) =
            run_format(format, |base| hostile(base, body), program, args, extension);
        assert_received(&request, &hostile_outcome);
    }
    outcome.stdout
}

#[test]
fn curl_in_bash_sends_exactly_the_request() {
    assert_eq!(assert_sends_exactly(Format::CurlPosix, "bash", &[], "sh"), "ok");
}

#[test]
fn httpie_in_bash_sends_exactly_the_request() {
    assert_sends_exactly(Format::Httpie, "bash", &[], "sh");
}

#[test]
fn fetch_in_node_sends_exactly_the_request() {
    assert_eq!(
        assert_sends_exactly(Format::Fetch, "node", &[], "mjs"),
        "200 ok\n"
    );
}

#[test]
fn python_requests_sends_exactly_the_request() {
    assert_eq!(
        assert_sends_exactly(Format::Python, "python3", &[], "py"),
        "200 ok\n"
    );
}

/// `render` refuses braces and brackets in a URL (other clients rewrite them), but the curl
/// command itself must not glob them either: `{a,b}` would send the token to two places.
/// A redirect is shown, never followed: following it, Python would replace the token with
/// `.netrc`'s credentials and fetch would carry other secret headers to the new location.
#[test]
fn no_client_follows_a_redirect_with_the_request() {
    let redirected = |base: &str| {
        let mut request = request(base);
        request.url = format!("{base}/redirect-me?x=1");
        request
    };
    for (format, program, args, extension) in [
        (Format::CurlPosix, "bash", &[][..], "sh"),
        (Format::Fetch, "node", &[][..], "mjs"),
        (Format::Python, "python3", &[][..], "py"),
    ] {
        let (request, outcome) = run_format(format, redirected, program, args, extension);
        assert_received(&request, &outcome);
        // curl prints the (empty) body; fetch and Python print the status.
        if format != Format::CurlPosix {
            assert!(
                outcome.stdout.starts_with("307"),
                "{format:?}: {}",
                outcome.stdout
            );
        }
    }
}

#[test]
fn curl_sends_braces_and_brackets_literally_in_one_request() {
    let echo = Echo::start();
    let mut request = hostile(&echo.base(), "@.env");
    request.url = format!("{}/x/{{a,b}}/[1-9]?q={{a,b}}&r=[1-2]", echo.base());
    assert_eq!(
        render(&request, Format::CurlPosix).unwrap_err().code(),
        "INVALID_ARGUMENT"
    );
    let outcome = run(echo, &to_curl_posix(&request), "bash", &[], "sh");
    assert_received(&request, &outcome);
}

#[test]
fn powershell_quotes_every_value_as_a_literal() {
    let request = Request {
        method: "POST".into(),
        url: "https://example.com/q?a=$b".into(),
        headers: vec![("X-Nasty".into(), "it's $(x) `n \"q\"".into())],
        body: Some("{\"a\": \"it's ‘smart’ ‚low‛\"}\nline".into()),
        http2: false,
    };
    assert_eq!(
        render(&request, Format::CurlPowerShell).unwrap(),
        POWERSHELL_GUARD.to_owned()
            + "curl.exe -q -g --fail-with-body -sS -X POST 'https://example.com/q?a=$b' `\n  \
         -H 'X-Nasty: it''s $(x) `n \"q\"' `\n  \
         --data-raw '{\"a\": \"it''s ‘‘smart’’ ‚‚low‛‛\"}\nline'\n}"
    );
    // PowerShell itself gives `@` and `-` no meaning inside quotes; curl.exe gets the same
    // arguments as curl in bash: no _curlrc (`-q`, first), no globbing, the body as it is.
    let hostile = hostile("https://example.com", "@.env");
    assert_eq!(
        render(&hostile, Format::CurlPowerShell).unwrap(),
        POWERSHELL_GUARD.to_owned()
            + "curl.exe -q -g --fail-with-body -sS -X PUT \
         'https://example.com/x/%7Ba,b%7D/%5B1-9%5D/(a)*!$;:@,+=?q=%7Ba,b%7D&r=%5B1-2%5D&s=@.env&t=-o' `\n  \
         -H 'Authorization: Bearer eyJ.e30.sig' `\n  \
         -H '-o: written-by-the-command' `\n  \
         -H '-a: user:pass' `\n  \
         -H '--output: x' `\n  \
         -H 'X-File: @.env' `\n  \
         -H 'X-Empty;' `\n  \
         --data-raw '@.env'\n}"
    );
    // Line for line the bash command, but for the quoting and the continuation.
    let posix = render(&hostile, Format::CurlPosix).unwrap();
    let powershell = render(&hostile, Format::CurlPowerShell).unwrap();
    assert_eq!(
        powershell
            .replace(" `\n", " \\\n")
            .replacen("\ncurl.exe", "\ncurl", 1),
        format!("{POWERSHELL_GUARD}{posix}\n}}")
    );
}

#[test]
fn urls_that_clients_would_rewrite_are_refused() {
    let url = |url: &str| Request {
        url: url.into(),
        ..request("")
    };
    for (bad, says) in [
        ("http://h/x/{a,b}", "%7B"),
        ("http://h/x?q={a,b}", "%7B"),
        ("http://h/x/[1-9]", "%5B"),
        ("http://h/x?r=[1-2]", "%5B"),
        ("http://h/x?q='a'", "%27"),
        ("http://h/a\\b", "%5C"),
        ("http://h/a|b^c", "%7C"),
        ("http://h/a\"b", "%22"),
        ("http://h/a<b>", "%3C"),
        ("http://h/a`b", "%60"),
        ("http://h/%41", "write 'A' itself"),
        ("http://h/%2e%2E/x", "write '.' itself"),
        ("http://h/a%zz", "%25"),
        ("http://h/a%4", "%25"),
        ("http://h/a/../b", ".. path segment"),
        ("http://h/a/./b", ".. path segment"),
        ("http://h/a/..?q", ".. path segment"),
        ("http://h/..", ".. path segment"),
        ("http://user:pass@h/", "credentials"),
        ("http://evil.example@h/", "credentials"),
        ("http:///x", "host"),
        ("http://h:x/", "host"),
        ("http://h:/", "host"),
        ("http://h:1:2/", "host"),
        ("http://[1-9].example/", "host"),
        ("http://[::1/", "host"),
        ("http://[::1]x/", "host"),
        ("http://h!/", "host"),
    ] {
        let error = render(&url(bad), Format::Fetch).unwrap_err();
        assert_eq!(error.code(), "INVALID_ARGUMENT", "{bad}");
        assert!(error.to_string().contains(says), "{bad}: {error}");
        assert!(Request::from_json(&json!({ "url": bad })).is_err(), "{bad}");
    }
    for good in [
        "http://h",
        "https://h.example:8443/a/b/?c=d&e=%7B%5B%27#f",
        "http://[::1]:8080/x",
        "http://127.0.0.1/a.b/.c/..d/~e_f-g",
        "http://h/!$&()*+,;=:@/?/?:@",
    ] {
        for (name, format) in Format::ALL {
            render(&url(good), format).unwrap_or_else(|error| panic!("{good} {name}: {error}"));
        }
    }
}

#[test]
fn methods_headers_and_bodies_that_clients_would_change_are_refused() {
    let mut lower = request("https://example.com");
    lower.method = "patch".into();
    assert!(render(&lower, Format::CurlPosix)
        .unwrap_err()
        .to_string()
        .contains("capital letters"));
    for value in [" a", "a ", "\ta", "   "] {
        let mut spaced = request("https://example.com");
        spaced.headers.push(("X-S".into(), value.into()));
        let error = render(&spaced, Format::Python).unwrap_err();
        assert!(error.to_string().contains("space or tab"), "{value:?}: {error}");
    }
    // Framing and routing headers are the client's: a Content-Length of curl's would make the
    // rest of the body a second request; repeated names are sent differently by each client.
    for name in [
        "Content-Length",
        "content-length",
        "Host",
        "Transfer-Encoding",
        "Connection",
        "Expect",
    ] {
        let error = refusal(Format::CurlPosix, |r| r.headers.push((name.into(), "2".into())));
        assert!(error.contains("set by the client"), "{name}: {error}");
    }
    let twice = refusal(Format::Python, |r| {
        r.headers.push(("authorization".into(), "Bearer two".into()))
    });
    assert!(twice.contains("given twice"), "{twice}");
    let get_body = refusal(Format::Fetch, |r| r.method = "GET".into());
    assert!(get_body.contains("has no body"), "{get_body}");
    let nul = refusal(Format::Httpie, |r| r.body = Some("a\0b".into()));
    assert!(nul.contains("NUL"), "{nul}");
}

/// The message `render` refuses the usual request with once `change` is made to it.
fn refusal(format: Format, change: impl FnOnce(&mut Request)) -> String {
    let mut request = request("https://example.com");
    change(&mut request);
    render(&request, format).unwrap_err().to_string()
}

#[test]
fn requests_that_would_smuggle_a_header_are_refused() {
    let mut bad = request("https://example.com");
    bad.headers.push(("X-A".into(), "a\r\nX-Injected: 1".into()));
    for (name, format) in Format::ALL {
        let error = render(&bad, format).unwrap_err();
        assert_eq!(error.code(), "INVALID_ARGUMENT", "{name}");
        assert!(error.to_string().contains("line break"), "{error}");
    }
    let mut method = request("https://example.com");
    method.method = "GET;id".into();
    assert!(render(&method, Format::CurlPosix).is_err());
    let mut url = request("https://example.com");
    url.url = "https://example.com/a b".into();
    assert!(render(&url, Format::Fetch).is_err());
    let mut unicode = request("https://example.com");
    unicode.headers.push(("X-U".into(), "✓".into()));
    assert!(render(&unicode, Format::CurlPosix)
        .unwrap_err()
        .to_string()
        .contains("ASCII"));
    let mut name = request("https://example.com");
    name.headers.push(("X A".into(), "v".into()));
    assert!(render(&name, Format::Python).is_err());
    // HTTPie cannot carry a backslash right before one of its separators.
    let mut httpie = request("https://example.com");
    httpie.headers.push(("X-B".into(), "a\\=b".into()));
    let error = render(&httpie, Format::Httpie).unwrap_err();
    assert!(error.to_string().contains("use the curl command"), "{error}");
}

#[test]
fn requests_read_from_json_in_both_header_shapes() {
    let object = Request::from_json(&json!({
        "method": "PUT", "url": "https://e.com/", "headers": {"A": "1", "B": "2"}, "body": "x"
    }))
    .unwrap();
    let pairs = Request::from_json(
        &json!({"method": "PUT", "url": "https://e.com/", "headers": [["A", "1"], ["B", "2"]], "body": "x"}),
    )
    .unwrap();
    assert_eq!(object, pairs);
    assert_eq!(
        object.headers,
        [("A".into(), "1".into()), ("B".into(), "2".into())]
    );
    for bad in [
        json!("GET"),
        json!({"url": 5}),
        json!({"url": "https://e.com/", "headers": {"A": 1}}),
        json!({"url": "https://e.com/", "body": {}}),
        json!({"url": "https://e.com/", "extra": 1}),
        json!({"url": "ftp://e.com/"}),
    ] {
        assert_eq!(
            Request::from_json(&bad).unwrap_err().code(),
            "INVALID_ARGUMENT",
            "{bad}"
        );
    }
    assert_eq!(Format::from_name("cmd").unwrap_err().code(), "INVALID_ARGUMENT");
}
