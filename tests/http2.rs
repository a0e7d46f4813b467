//! HTTP/2 requests (APNs takes nothing else): the curl command rendered for the APNs preset's
//! request, run by bash, reaches a loopback HTTP/2 server (Node's `node:http2`, started here)
//! as exactly that request, over TLS (`--http2`, ALPN h2) and without (`--http2-prior-knowledge`,
//! h2c); the renderings whose client speaks HTTP/1.1 only refuse with a message saying so.

mod common;

use common::{openssl, temp_dir};
use jwtmint::preset::{MintOptions, Preset};
use jwtmint::request::{render, render_flow, Exchange, Format, Request};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The server: answers every stream 200 and prints what it received as one JSON line.
const SERVER: &str = r#"
import http2 from 'node:http2';
import { readFileSync } from 'node:fs';
const [, , cert, key] = process.argv;
const server = cert
  ? http2.createSecureServer({ cert: readFileSync(cert), key: readFileSync(key) })
  : http2.createServer();
server.on('stream', (stream, headers) => {
  const chunks = [];
  stream.on('data', (chunk) => chunks.push(chunk));
  stream.on('end', () => {
    const alpn = stream.session.alpnProtocol;
    stream.respond({ ':status': 200, 'apns-id': '7b0bdb4d-8e0c-4a4e-8c2d-2f1a2b3c4d5e' });
    stream.end();
    console.log(JSON.stringify({ alpn, headers, body: Buffer.concat(chunks).toString('utf8') }));
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
"#;

/// A running server and the lines it prints.
struct Server {
    child: Child,
    lines: std::io::Lines<BufReader<std::process::ChildStdout>>,
    port: u16,
}

impl Server {
    fn start(dir: &Path, tls: Option<(&Path, &Path)>) -> Server {
        let script = dir.join("server.mjs");
        std::fs::write(&script, SERVER).unwrap();
        let mut command = Command::new("node");
        command.arg(&script);
        if let Some((cert, key)) = tls {
            command.arg(cert).arg(key);
        }
        let mut child = command
            .stdout(Stdio::piped())
            .spawn()
            .expect("node must be installed");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let port = lines.next().unwrap().unwrap().parse().unwrap();
        Server { child, lines, port }
    }

    /// What the server received, once the client has exited.
    fn received(mut self) -> Value {
        let line = self.lines.next().expect("the server received a request").unwrap();
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        serde_json::from_str(&line).unwrap()
    }
}

/// The APNs preset's request for a key made here, sent to `base` instead of Apple's host.
fn apns_request(base: &str) -> Request {
    let dir = temp_dir();
    let file = dir.path().join("AuthKey_ABC123DEFG.p8");
    let file = file.to_string_lossy();
    let curve = "ec_paramgen_curve:P-256";
    openssl(
        &["genpkey", "-algorithm", "EC", "-pkeyopt", curve, "-out", &file],
        b"",
    );
    let path = format!("{}/presets/apns.json", env!("CARGO_MANIFEST_DIR"));
    let preset = Preset::from_json(&std::fs::read_to_string(path).unwrap(), "apns.json").unwrap();
    let fields = json!({"private_key": std::fs::read_to_string(&*file).unwrap(), "kid": "ABC123DEFG",
        "team_id": "DEF123GHIJ", "device_token": "00fc13adff785122b4ad28809a3420982341241421348097878e577c991de8f0",
        "topic": "com.example.app", "priority": "10",
        "payload": "{\"aps\": {\"alert\": {\"title\": \"it's \\\"q\\\" $(id)\", \"body\": \"✓\"}}}"});
    let options = MintOptions {
        now: Some(1_700_000_000),
        lifetime: None,
    };
    let minted = preset.mint(fields.as_object().unwrap(), None, &options).unwrap();
    let request = minted.request.unwrap();
    assert!(request.http2);
    Request {
        url: request
            .url
            .replacen("https://api.sandbox.push.apple.com", base, 1),
        ..request
    }
}

/// Runs `code` with bash in a directory of its own, with a `.curlrc` (through `CURL_HOME`)
/// and a `.netrc` that would add a header and credentials if curl read them.
fn run(code: &str, ca: Option<&Path>) {
    let work = temp_dir();
    let file = work.path().join("request.sh");
    std::fs::write(&file, code).unwrap();
    std::fs::write(work.path().join(".curlrc"), "header = \"X-From-Curlrc: 1\"\n").unwrap();
    let netrc = work.path().join("netrc");
    std::fs::write(&netrc, "machine 127.0.0.1 login netrc password netrc-password\n").unwrap();
    let mut command = Command::new("bash");
    command
        .arg(&file)
        .env("CURL_HOME", work.path())
        .env("NETRC", &netrc);
    if let Some(ca) = ca {
        command.env("CURL_CA_BUNDLE", ca);
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}\n{code}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The server received exactly `request`, over HTTP/2 (`alpn`: h2 with TLS, h2c without).
fn assert_received(received: &Value, request: &Request, alpn: &str) {
    let headers = received["headers"].as_object().unwrap();
    let target = &request.url[request.url.find("://").unwrap() + 3..];
    let path = &target[target.find('/').unwrap()..];
    assert_eq!(received["alpn"], alpn);
    assert_eq!(
        (&headers[":method"], &headers[":path"]),
        (&json!("POST"), &json!(path))
    );
    for (name, value) in &request.headers {
        assert_eq!(headers.get(name.as_str()), Some(&json!(value)), "{name}");
    }
    // Nothing else but what curl always sends, and nothing from .curlrc or .netrc.
    let ours: Vec<&str> = request.headers.iter().map(|(name, _)| name.as_str()).collect();
    for name in headers.keys() {
        let curl_own = ["user-agent", "accept", "content-length"].contains(&name.as_str());
        assert!(
            name.starts_with(':') || curl_own || ours.contains(&name.as_str()),
            "{name} sent"
        );
    }
    assert_eq!(received["body"], json!(request.body.as_deref().unwrap()));
}

#[test]
fn the_apns_curl_command_sends_the_request_over_http2_with_tls() {
    let dir = temp_dir();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let (cert_path, key_path) = (cert.to_string_lossy(), key.to_string_lossy());
    openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &key_path,
            "-out",
            &cert_path,
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        b"",
    );
    let server = Server::start(dir.path(), Some((&cert, &key)));
    let request = apns_request(&format!("https://127.0.0.1:{}", server.port));
    let code = render(&request, Format::CurlPosix).unwrap();
    assert!(code.starts_with("curl -q -g --fail-with-body -sS --http2 -X POST 'https://127.0.0.1:"));
    run(&code, Some(&cert));
    assert_received(&server.received(), &request, "h2");
}

#[test]
fn without_tls_the_curl_command_speaks_http2_with_prior_knowledge() {
    let dir = temp_dir();
    let server = Server::start(dir.path(), None);
    let request = apns_request(&format!("http://127.0.0.1:{}", server.port));
    let code = render(&request, Format::CurlPosix).unwrap();
    assert!(code.contains(" --http2-prior-knowledge -X POST 'http://127.0.0.1:"));
    run(&code, None);
    assert_received(&server.received(), &request, "h2c");
}

#[test]
fn clients_that_speak_http1_only_refuse_and_say_why() {
    let request = apns_request("https://api.sandbox.push.apple.com");
    for (format, client) in [
        (Format::Python, "Python requests"),
        (Format::Httpie, "HTTPie"),
        (Format::Fetch, "JavaScript fetch (Node's)"),
    ] {
        let error = render(&request, format).unwrap_err();
        assert_eq!(error.code(), "INVALID_ARGUMENT");
        assert_eq!(
            error.to_string(),
            format!("invalid argument: {client} sends HTTP/1.1 only and this service needs HTTP/2 (APNs does); use the curl command")
        );
    }
    // PowerShell's curl.exe is told to use HTTP/2, and the command says which curl.exe has it.
    let powershell = render(&request, Format::CurlPowerShell).unwrap();
    assert!(powershell.starts_with("# HTTP/2: the curl.exe that comes with Windows has none;"));
    assert!(powershell.contains("\ncurl.exe -q -g --fail-with-body -sS --http2 -X POST "));
    // The same request without the flag renders as before, in every format.
    let plain = Request {
        http2: false,
        ..request.clone()
    };
    assert!(!render(&plain, Format::CurlPosix).unwrap().contains("http2"));
    assert!(render(&plain, Format::Python).is_ok());
}

#[test]
fn an_exchange_that_needs_http2_is_sent_so_or_refused() {
    let token_request = Request {
        method: "POST".into(),
        url: "https://auth.example.com/token".into(),
        headers: vec![("Content-Type".into(), "application/x-www-form-urlencoded".into())],
        body: Some("grant_type=client_credentials".into()),
        http2: true,
    };
    let exchange = Exchange {
        request: token_request,
        read: "access_token".into(),
    };
    let request = Request {
        method: "GET".into(),
        url: "https://api.example.com/v1/x".into(),
        headers: vec![("Authorization".into(), "Bearer {access_token}".into())],
        body: None,
        http2: false,
    };
    let curl = render_flow(Some(&exchange), &request, Format::CurlPosix).unwrap();
    assert!(curl.contains("--http2 -X POST 'https://auth.example.com/token'"));
    assert!(curl.contains("-X GET 'https://api.example.com/v1/x'") && !curl.contains("--http2 -X GET"));
    for format in [
        Format::CurlPowerShell,
        Format::Python,
        Format::Httpie,
        Format::Fetch,
    ] {
        let error = render_flow(Some(&exchange), &request, format).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid argument: the token request (exchange)"),
            "{error}"
        );
    }
}
