//! Token exchanges rendered as one piece of code: each rendering, run by its real interpreter
//! (bash and dash + curl + jq, bash + HTTPie + jq, node's fetch, python3 + requests) against a
//! local token endpoint and API, sends exactly the token request, reads the token from the JSON
//! answer and sends exactly the request with it; it stops before the request when the answer is
//! not 2xx or has no usable token, and never runs what a token holds. PowerShell is not on this
//! machine, so its text is checked against PowerShell's quoting rules.

mod common;

use common::{assert_sent, import, run_script, temp_dir, Echo, Ran, Route, PWNED};
use jwtmint::request::{render, render_flow, Exchange, Format, Request, POWERSHELL_GUARD};
use jwtmint::{sign, Algorithm, SignOptions};
use serde_json::json;

/// The token the endpoint answers, as Google's look.
const TOKEN: &str = "ya29.x-y_z";

/// A token whose every character means something to some shell or client.
const HOSTILE: &str =
    "ya29.'\"$(touch /tmp/jwtmint-pwned) `touch /tmp/jwtmint-pwned` ${HOME} %41 a=b:c;d@e !*()+/?#&~ ";

/// How each rendering is run: its format, program and file extension.
const RUNNERS: [(Format, &str, &str); 5] = [
    (Format::CurlPosix, "bash", "sh"),
    (Format::CurlPosix, "dash", "sh"),
    (Format::Httpie, "bash", "sh"),
    (Format::Fetch, "node", "mjs"),
    (Format::Python, "python3", "py"),
];

/// A real signed JWT, as a preset puts it in the exchange.
fn jwt() -> String {
    let claims = json!({
        "iss": "robot@project.iam.gserviceaccount.com",
        "scope": "https://www.googleapis.com/auth/cloud-platform",
        "aud": "https://oauth2.googleapis.com/token",
    });
    let mut options = SignOptions::new(Algorithm::RS256);
    options.expires_in = Some(3600);
    let claims = claims.as_object().unwrap().clone();
    sign(claims, &import("rsa2048.pem"), &options).unwrap().token
}

/// Google's service account flow: a form body with the JWT, `access_token` in a header.
fn google(base: &str) -> (Exchange, Request) {
    let exchange = Exchange {
        request: Request {
            method: "POST".into(),
            url: format!("{base}/token"),
            headers: vec![("Content-Type".into(), "application/x-www-form-urlencoded".into())],
            body: Some(format!(
                "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={}",
                jwt()
            )),
            http2: false,
        },
        read: "access_token".into(),
    };
    let request = Request {
        method: "GET".into(),
        url: format!("{base}/api/v1/projects?alt=json"),
        headers: vec![
            ("Authorization".into(), "Bearer {access_token}".into()),
            ("Accept".into(), "application/json".into()),
        ],
        body: None,
        http2: false,
    };
    (exchange, request)
}

/// Firebase's custom token flow: a JSON body, `idToken` in a header, the query and the path.
fn firebase(base: &str) -> (Exchange, Request) {
    let exchange = Exchange {
        request: Request {
            method: "POST".into(),
            url: format!("{base}/v1/accounts:signInWithCustomToken?key=AIza-key_1"),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: Some(format!(
                "{{\"token\": \"{}\", \"returnSecureToken\": true}}",
                jwt()
            )),
            http2: false,
        },
        read: "idToken".into(),
    };
    let request = Request {
        method: "PUT".into(),
        url: format!("{base}/api/users/{{idToken}}/x.json?auth={{idToken}}&print=silent"),
        headers: vec![
            ("Authorization".into(), "Bearer {idToken}".into()),
            ("X-Token".into(), "{idToken}".into()),
            ("Content-Type".into(), "application/json".into()),
        ],
        body: Some("{\"name\": \"it's {idToken} $(id)\"}".into()),
        http2: false,
    };
    (exchange, request)
}

/// RFC 3986 percent-encoding with the unreserved characters kept, written here apart from the
/// renderers (which use jq, encodeURIComponent, urllib and .NET).
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(
            |byte| match byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                true => (byte as char).to_string(),
                false => format!("%{byte:02X}"),
            },
        )
        .collect()
}

/// The request as it must arrive once the exchange answered `token`.
fn with_token(exchange: &Exchange, request: &Request, token: &str) -> Request {
    let placeholder = exchange.placeholder();
    Request {
        url: request.url.replace(&placeholder, &percent_encoded(token)),
        headers: request
            .headers
            .iter()
            .map(|(name, value)| (name.clone(), value.replace(&placeholder, token)))
            .collect(),
        ..request.clone()
    }
}

/// Renders `make(base)` in `format` with the token endpoint answering `status` and `answer`,
/// and runs it with `program`.
fn run_flow(
    (format, program, extension): (Format, &str, &str),
    make: fn(&str) -> (Exchange, Request),
    status: u16,
    answer: &str,
) -> (Exchange, Request, Ran) {
    let echo = Echo::start_with(vec![
        Route::new("/token", status, answer),
        Route::new("/v1/accounts", status, answer),
    ]);
    let (exchange, request) = make(&echo.base());
    let code = render_flow(Some(&exchange), &request, format).unwrap();
    let ran = run_script(echo, &code, program, extension, None);
    (exchange, request, ran)
}

/// The answer of a token endpoint giving `token` as `read`.
fn token_answer(read: &str, token: &str) -> String {
    json!({ read: token, "token_type": "Bearer", "expires_in": 3599 }).to_string()
}

/// Runs every rendering of `make` with the endpoint giving `token`, and checks that both
/// requests arrived exactly, the second with the token.
fn assert_flows(make: fn(&str) -> (Exchange, Request), token: &str, runners: &[(Format, &str, &str)]) {
    for &runner in runners {
        let read = make("http://h").0.read;
        let (exchange, request, ran) = run_flow(runner, make, 200, &token_answer(&read, token));
        let context = format!("{runner:?}: {}", ran.stderr);
        assert!(ran.status.success(), "{context}");
        let [asked, sent] = ran.requests.as_slice() else {
            panic!("{context}: two requests: {:#?}", ran.requests);
        };
        assert_sent(asked, &exchange.request);
        let expected = with_token(&exchange, &request, token);
        assert_sent(sent, &expected);
        let authorization = sent
            .1
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("Authorization"));
        assert_eq!(authorization.unwrap().1, format!("Bearer {token}"), "{context}");
        let printed = match runner.0 {
            Format::Fetch | Format::Python => "200 ok\n",
            _ => "ok",
        };
        assert_eq!(ran.stdout.trim_end_matches('\n'), printed.trim_end(), "{context}");
    }
}

#[test]
fn every_flow_sends_the_token_request_then_the_request_with_the_token() {
    assert_flows(google, TOKEN, &RUNNERS);
    assert_flows(firebase, TOKEN, &RUNNERS);
}

#[test]
fn the_form_body_carries_the_jwt_percent_encoded() {
    let (exchange, _) = google("http://h");
    let body = exchange.request.body.unwrap();
    let fields: Vec<(String, String)> = body
        .split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap();
            (form_decoded(name), form_decoded(value))
        })
        .collect();
    assert_eq!(fields[0].1, "urn:ietf:params:oauth:grant-type:jwt-bearer");
    assert_eq!(fields[1], ("assertion".into(), jwt_shape(&fields[1].1)));
}

/// An application/x-www-form-urlencoded value decoded.
fn form_decoded(text: &str) -> String {
    let bytes = text.replace('+', " ").into_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = std::str::from_utf8(&bytes[at + 1..at + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// `token` when it is a compact JWS of three base64url parts (they need no form escapes).
fn jwt_shape(token: &str) -> String {
    let parts: Vec<_> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "{token}");
    assert!(parts.iter().all(|part| !part.is_empty()
        && part
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')));
    assert_eq!(jwtmint::decode(token).unwrap().header["alg"], "RS256");
    token.to_owned()
}

#[test]
fn a_hostile_token_is_sent_literally_and_never_run() {
    // run_script asserts that no substitution ran (PWNED) and no file was written.
    assert_flows(firebase, HOSTILE.trim_end(), &RUNNERS);
    assert!(!std::path::Path::new(PWNED).exists());
    // HTTPie alone cannot carry a backslash before its separators: it refuses every backslash.
    let backslashed = "ya29.a\\b\\:c\\";
    let others: Vec<_> = RUNNERS.into_iter().filter(|r| r.0 != Format::Httpie).collect();
    assert_flows(firebase, backslashed, &others);
    let (_, _, ran) = run_flow(RUNNERS[2], firebase, 200, &token_answer("idToken", backslashed));
    assert_stopped(&ran, "backslash");
}

/// The code failed after the token request and before the request proper, saying `says`.
fn assert_stopped(ran: &Ran, says: &str) {
    assert!(!ran.status.success(), "it must fail: {}", ran.stdout);
    assert_eq!(
        ran.requests.len(),
        1,
        "only the token request: {:#?}",
        ran.requests
    );
    assert!(ran.stderr.contains(says), "{says:?} in: {}", ran.stderr);
    assert!(!ran.stdout.contains("ok"), "{}", ran.stdout);
}

#[test]
fn tokens_a_header_cannot_carry_are_refused() {
    for token in [
        "ya29\n-H X-Injected: 1",
        "ya29\r\nX-Injected: 1",
        "ya29\u{0}x",
        "ya29\tx",
        "ya29\u{7f}",
        "ya29.é",
        " ya29",
        "ya29 ",
        ".",
        "..",
        "",
    ] {
        for runner in RUNNERS {
            let (_, _, ran) = run_flow(runner, google, 200, &token_answer("access_token", token));
            assert_stopped(&ran, "has no usable \"access_token\"");
            assert!(
                ran.stderr.contains("expires_in"),
                "{runner:?}: the answer: {}",
                ran.stderr
            );
        }
    }
}

#[test]
fn an_answer_without_the_member_stops_before_the_request() {
    for answer in [
        r#"{"token_type":"Bearer","expires_in":3599}"#,
        r#"{"access_token":5}"#,
        r#"{"access_token":null}"#,
        r#"{"access_token":["ya29"]}"#,
        r#"[{"access_token":"ya29"}]"#,
        r#"{"access_token":"ya29"} {"access_token":"ya30"}"#,
        r#"{"data":{"access_token":"ya29"}}"#,
        "<html>not json</html>",
        "",
    ] {
        for runner in RUNNERS {
            let (_, _, ran) = run_flow(runner, google, 200, answer);
            assert_stopped(&ran, "has no usable \"access_token\"");
            assert!(
                ran.stderr.contains(answer),
                "{runner:?}: the answer: {}",
                ran.stderr
            );
        }
    }
}

#[test]
fn a_failed_token_request_stops_before_the_request() {
    let refused = r#"{"error":"invalid_grant","error_description":"Invalid JWT"}"#;
    for (status, says) in [(400, "400"), (401, "401"), (500, "500"), (201, "")] {
        for runner in RUNNERS {
            let (_, _, ran) = run_flow(runner, google, status, refused);
            if status == 201 {
                // A 2xx answer without the token.
                assert_stopped(&ran, "has no usable");
                continue;
            }
            assert_stopped(&ran, says);
            assert!(ran.stderr.contains("invalid_grant"), "{runner:?}: {}", ran.stderr);
        }
    }
    // A redirect is not followed: the token request goes nowhere else, and nothing is sent.
    let redirected = |base: &str| {
        let (mut exchange, request) = google(base);
        exchange.request.url = format!("{base}/redirect-me/token");
        (exchange, request)
    };
    for runner in RUNNERS {
        let echo = Echo::start();
        let (exchange, request) = redirected(&echo.base());
        let code = render_flow(Some(&exchange), &request, runner.0).unwrap();
        let ran = run_script(echo, &code, runner.1, runner.2, None);
        assert_stopped(&ran, "307");
    }
}

#[test]
fn the_shell_flows_need_jq() {
    // A PATH with curl and HTTPie but no jq.
    let bin = temp_dir();
    for program in ["curl", "http"] {
        let found = std::process::Command::new("sh")
            .args(["-c", &format!("command -v {program}")])
            .output()
            .unwrap();
        let found = String::from_utf8(found.stdout).unwrap();
        std::os::unix::fs::symlink(found.trim(), bin.path().join(program)).unwrap();
    }
    for format in [Format::CurlPosix, Format::Httpie] {
        let echo = Echo::start();
        let (exchange, request) = google(&echo.base());
        let code = render_flow(Some(&exchange), &request, format).unwrap();
        let ran = run_script(echo, &code, "/bin/bash", "sh", Some(bin.path().as_os_str()));
        assert_eq!(ran.status.code(), Some(1), "{format:?}");
        assert_eq!(
            ran.stderr,
            "this needs jq (https://jqlang.org): apt install jq / brew install jq\n"
        );
        assert!(ran.requests.is_empty(), "{:#?}", ran.requests);
    }
}

#[test]
fn without_an_exchange_it_is_render() {
    let (_, request) = google("https://example.com");
    let request = Request {
        headers: vec![("Authorization".into(), "Bearer {access_token}".into())],
        ..request
    };
    for (_, format) in Format::ALL {
        assert_eq!(
            render_flow(None, &request, format).unwrap(),
            render(&request, format).unwrap()
        );
    }
}

#[test]
fn exchanges_that_cannot_be_rendered_safely_are_refused() {
    let refused = |exchange: &Exchange, request: &Request, format: Format| {
        let error = render_flow(Some(exchange), request, format).unwrap_err();
        assert_eq!(error.code(), "INVALID_ARGUMENT");
        error.to_string()
    };
    let (exchange, request) = google("https://example.com");
    for read in ["access-token", "", "a b", "$(id)", "tok}", "ä", &"x".repeat(65)] {
        let bad = Exchange {
            read: read.into(),
            ..exchange.clone()
        };
        let error = refused(&bad, &request, Format::Fetch);
        assert!(error.contains("letters, digits and _"), "{read:?}: {error}");
    }
    // The token never decides where the request goes.
    for url in [
        "https://{access_token}.example.com/x",
        "https://example.com:{access_token}/",
        "https://example.com{access_token}",
    ] {
        let bad = Request {
            url: url.into(),
            ..request.clone()
        };
        for (_, format) in Format::ALL {
            let error = refused(&exchange, &bad, format);
            assert!(error.contains("never in the host"), "{url}: {error}");
        }
    }
    // Each request is checked as render checks it, the request proper with a stand-in token.
    let mut bad_exchange = exchange.clone();
    bad_exchange.request.url = "https://example.com/a b".into();
    let error = refused(&bad_exchange, &request, Format::CurlPosix);
    assert!(
        error.contains("the token request (exchange): the request URL"),
        "{error}"
    );
    let mut smuggling = request.clone();
    smuggling.headers[0].1 = "Bearer {access_token}\r\nX-Injected: 1".into();
    assert!(refused(&exchange, &smuggling, Format::Python).contains("line break"));
    let mut braces = request.clone();
    braces.url = "https://example.com/{id_token}".into();
    assert!(refused(&exchange, &braces, Format::Fetch).contains("%7B"));
    // HTTPie: a backslash right before the token would escape its first character.
    let mut backslash = request.clone();
    backslash.headers[0].1 = "Bearer \\{access_token}".into();
    assert!(refused(&exchange, &backslash, Format::Httpie).contains("use the curl command"));
    render_flow(Some(&exchange), &backslash, Format::CurlPosix).unwrap();
}

#[test]
fn exchanges_read_from_json() {
    let (exchange, _) = google("https://example.com");
    let value = json!({
        "method": "POST",
        "url": exchange.request.url,
        "headers": {"Content-Type": "application/x-www-form-urlencoded"},
        "body": exchange.request.body,
        "read": "access_token",
    });
    assert_eq!(Exchange::from_json(&value).unwrap(), exchange);
    assert_eq!(exchange.placeholder(), "{access_token}");
    for (change, says) in [
        (json!({"read": null}), "read is required"),
        (json!({"read": "a-b"}), "letters, digits and _"),
        (json!({"extra": 1}), "unknown request member"),
        (json!({"url": "ftp://x/"}), "the token request (exchange)"),
    ] {
        let mut bad = value.clone();
        for (name, member) in change.as_object().unwrap() {
            match member {
                serde_json::Value::Null => bad.as_object_mut().unwrap().remove(name),
                _ => bad.as_object_mut().unwrap().insert(name.clone(), member.clone()),
            };
        }
        let error = Exchange::from_json(&bad).unwrap_err();
        assert_eq!(error.code(), "INVALID_ARGUMENT");
        assert!(error.to_string().contains(says), "{change}: {error}");
    }
}

/// What PowerShell reads in `code`: the single-quoted strings' values (a quote, or a
/// typographic one, doubled inside is one of it), and the text outside them.
fn powershell_strings(code: &str) -> (Vec<String>, String) {
    let quote = |c: char| matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}');
    let (mut strings, mut outside) = (Vec::new(), String::new());
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if !quote(c) {
            outside.push(c);
            continue;
        }
        let mut value = String::new();
        loop {
            let c = chars.next().expect("a string is closed");
            if !quote(c) {
                value.push(c);
            } else if chars.peek().is_some_and(|&next| quote(next)) {
                value.push(chars.next().unwrap());
            } else {
                break;
            }
        }
        outside.push_str("'…'");
        strings.push(value);
    }
    (strings, outside)
}

#[test]
fn powershell_flow_quotes_every_value_and_checks_the_token() {
    let nasty = "it's ‘smart’ ‚low‛ $(x) `n \"q\" @{a=1} ✓";
    let exchange = Exchange {
        request: Request {
            method: "POST".into(),
            url: "https://oauth2.googleapis.com/token".into(),
            headers: vec![
                ("Content-Type".into(), "application/x-www-form-urlencoded".into()),
                ("X-Note".into(), nasty.replace(['‘', '’', '‚', '‛', '✓'], "'")),
            ],
            body: Some(format!("grant_type=a&assertion=eyJ.e30.sig&note={nasty}")),
            http2: false,
        },
        read: "access_token".into(),
    };
    let request = Request {
        method: "GET".into(),
        url: "https://www.googleapis.com/drive/v3/files?t={access_token}&q=$x".into(),
        headers: vec![
            ("Authorization".into(), "Bearer {access_token}".into()),
            ("X-Note".into(), "it's $(x)".into()),
        ],
        body: None,
        http2: false,
    };
    let code = render_flow(Some(&exchange), &request, Format::CurlPowerShell).unwrap();
    assert_eq!(
        code,
        POWERSHELL_GUARD.to_owned()
            + r#"& {
$answer = Invoke-RestMethod -Method POST -Uri 'https://oauth2.googleapis.com/token' -MaximumRedirection 0 -SkipHttpErrorCheck -StatusCodeVariable tokenStatus -ErrorAction Stop `
  -ContentType 'application/x-www-form-urlencoded' `
  -Headers ([ordered]@{ 'X-Note' = 'it''s ''smart'' ''low'' $(x) `n "q" @{a=1} ''' }) `
  -Body ([System.Text.Encoding]::UTF8.GetBytes('grant_type=a&assertion=eyJ.e30.sig&note=it''s ‘‘smart’’ ‚‚low‛‛ $(x) `n "q" @{a=1} ✓'))
if ($tokenStatus -lt 200 -or $tokenStatus -gt 299) { [Console]::Error.WriteLine(($answer | ConvertTo-Json -Depth 20 -Compress)); throw ('the token request failed: HTTP ' + $tokenStatus) }
$token = $answer.'access_token'
if ($token -isnot [string] -or $token -cnotmatch '^[!-~]([ -~]*[!-~])?\z' -or $token -cnotmatch '[^.]') { [Console]::Error.WriteLine(($answer | ConvertTo-Json -Depth 20 -Compress)); throw ('the token answer (HTTP ' + $tokenStatus + ') has no usable "access_token" (a string of printable ASCII)') }
$tokenUrl = [uri]::EscapeDataString($token)
curl.exe -q -g --fail-with-body -sS -X GET ('https://www.googleapis.com/drive/v3/files?t=' + $tokenUrl + '&q=$x') `
  -H ('Authorization: Bearer ' + $token) `
  -H 'X-Note: it''s $(x)'
}
}"#
    );
    let (strings, outside) = powershell_strings(&code);
    // Every value is one single-quoted string, as it is, or around the token.
    let body = exchange.request.body.as_deref().unwrap();
    for value in [
        "https://oauth2.googleapis.com/token",
        "application/x-www-form-urlencoded",
        "X-Note",
        &exchange.request.headers[1].1,
        body,
        "https://www.googleapis.com/drive/v3/files?t=",
        "&q=$x",
        "Authorization: Bearer ",
        "X-Note: it's $(x)",
        "access_token",
    ] {
        assert!(strings.iter().any(|s| s == value), "{value:?} in {strings:#?}");
    }
    // Outside the strings: no double-quoted (expandable) string, no subexpression, no backtick
    // but a line's last, and only the code's own variables.
    assert!(!outside.contains('"') && !outside.contains("$("), "{outside}");
    assert_eq!(
        outside.matches('`').count(),
        outside.matches(" `\n").count(),
        "{outside}"
    );
    let mut variables: Vec<&str> = outside
        .match_indices('$')
        .map(|(at, _)| {
            let name = &outside[at + 1..];
            &name[..name
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(name.len())]
        })
        .collect();
    variables.sort_unstable();
    variables.dedup();
    assert_eq!(
        variables,
        [
            "PSNativeCommandArgumentPassing",
            "PSVersionTable",
            "answer",
            "token",
            "tokenStatus",
            "tokenUrl"
        ]
    );
    // A body outside ASCII goes as its UTF-8 bytes (PowerShell before 7.4: ISO-8859-1).
    assert!(
        code.contains("-Body ([System.Text.Encoding]::UTF8.GetBytes('grant_type="),
        "{code}"
    );
    // -Method takes only the methods it names; a Content-Type-less token request has none.
    let custom = Exchange {
        request: Request {
            method: "PROPFIND".into(),
            headers: vec![("Accept".into(), "application/json".into())],
            body: None,
            ..exchange.request.clone()
        },
        read: "id_token".into(),
    };
    let request = Request {
        url: "https://example.com/x".into(),
        headers: vec![("Authorization".into(), "Bearer {id_token}".into())],
        ..request
    };
    let code = render_flow(Some(&custom), &request, Format::CurlPowerShell).unwrap();
    assert!(
        code.contains("Invoke-RestMethod -CustomMethod 'PROPFIND' -Uri"),
        "{code}"
    );
    assert!(code.contains("$token = $answer.'id_token'\n"), "{code}");
    assert!(
        code.contains("  -H ('Authorization: Bearer ' + $token)\n}\n}"),
        "{code}"
    );
    assert!(!code.contains("$tokenUrl"), "{code}");
    assert!(
        !code.contains("-Body") && !code.contains("-ContentType"),
        "{code}"
    );
}
