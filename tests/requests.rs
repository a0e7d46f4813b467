//! Request renderings: each one, run by its real interpreter (bash + curl, bash + HTTPie,
//! node's fetch, python3 + requests) against a local echo server, sends exactly the intended
//! method, path, query, headers and body, whatever the values hold. PowerShell is not on this
//! machine, so its text is checked against what PowerShell's quoting rules require.

mod common;

use common::{echo_once, temp_dir, Received};
use jwtmint::request::{render, Format, Request};
use serde_json::json;
use std::net::TcpListener;
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
    }
}

/// Runs `program args... file` where the file holds the rendered code, against the echo server.
fn run(format: Format, program: &str, args: &[&str], extension: &str) -> (Request, Received, String) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let server = echo_once(listener);
    let request = request(&base);
    let code = render(&request, format).unwrap();
    let dir = temp_dir();
    let file = dir.path().join(format!("request.{extension}"));
    std::fs::write(&file, &code).unwrap();
    let _ = std::fs::remove_file("/tmp/jwtmint-pwned");
    let output = Command::new(program)
        .args(args)
        .arg(&file)
        .output()
        .unwrap_or_else(|error| panic!("{program} must be installed (scripts/setup.sh): {error}"));
    assert!(
        output.status.success(),
        "{program} failed: {}\n{code}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !std::path::Path::new("/tmp/jwtmint-pwned").exists(),
        "the code ran a substitution"
    );
    (
        request,
        server.join().unwrap(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn assert_received((request, (line, headers, body), _): &(Request, Received, String)) {
    assert_eq!(line, "POST /api/v1/a%20b?x=1&y=%27z%27 HTTP/1.1");
    for (name, value) in &request.headers {
        let found: Vec<_> = headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .collect();
        assert_eq!(found.len(), 1, "{name} sent once: {headers:?}");
        assert_eq!(&found[0].1, value, "{name}");
    }
    assert_eq!(Some(body), request.body.as_ref());
}

#[test]
fn curl_in_bash_sends_exactly_the_request() {
    let outcome = run(Format::CurlPosix, "bash", &[], "sh");
    assert_received(&outcome);
    assert_eq!(outcome.2, "ok");
}

#[test]
fn httpie_in_bash_sends_exactly_the_request() {
    let outcome = run(Format::Httpie, "bash", &[], "sh");
    assert_received(&outcome);
}

#[test]
fn fetch_in_node_sends_exactly_the_request() {
    let outcome = run(Format::Fetch, "node", &[], "mjs");
    assert_received(&outcome);
    assert_eq!(outcome.2, "200 ok\n");
}

#[test]
fn python_requests_sends_exactly_the_request() {
    let outcome = run(Format::Python, "python3", &[], "py");
    assert_received(&outcome);
    assert_eq!(outcome.2, "200 ok\n");
}

#[test]
fn powershell_quotes_every_value_as_a_literal() {
    let request = Request {
        method: "POST".into(),
        url: "https://example.com/q?a=$b".into(),
        headers: vec![("X-Nasty".into(), "it's $(x) `n \"q\"".into())],
        body: Some("{\"a\": \"it's ‘smart’ ‚low‛\"}\nline".into()),
    };
    assert_eq!(
        render(&request, Format::CurlPowerShell).unwrap(),
        "# PowerShell 7.3 or later\n\
         curl.exe --fail-with-body -sS -X POST 'https://example.com/q?a=$b' `\n  \
         -H 'X-Nasty: it''s $(x) `n \"q\"' `\n  \
         --data-binary '{\"a\": \"it''s ‘‘smart’’ ‚‚low‛‛\"}\nline'"
    );
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
