//! Presets: each seed preset's token has exactly the vendor's documented header and claims, and
//! the generated curl command, run by bash against a local echo server, sends exactly the
//! intended request even for adversarial field values.

mod common;

use common::{import, read_fixture};
use jwtmint::preset::{mint, presets, MintOptions};
use jwtmint::request::to_curl_posix;
use jwtmint::{verify, Key, Object, SecretEncoding, VerifyOptions};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::Command;

const NOW: i64 = 1_700_000_000;

fn at_now() -> MintOptions {
    MintOptions {
        now: Some(NOW),
        lifetime: None,
    }
}

fn values(value: Value) -> Object {
    value.as_object().unwrap().clone()
}

fn keys(object: &Object) -> Vec<&str> {
    object.keys().map(String::as_str).collect()
}

fn teradata_fields() -> Object {
    values(json!({
        "private_key": read_fixture("rsa2048.pem"),
        "pat": "pat-123",
        "sub": "lake_user",
        "org_id": "fd3463dee-3efe-4120-8153-0bb253547df7",
        "host": "tddemos.innovationlabs.teradata.com",
        "system": "shared_demo",
    }))
}

#[test]
fn teradata_lake_matches_the_vendor_documentation() {
    let minted = mint("teradata-lake", &teradata_fields(), &at_now()).unwrap();
    let header = minted.header.unwrap();
    let payload = minted.payload.unwrap();
    assert_eq!(
        serde_json::to_string(&header).unwrap(),
        r#"{"alg":"RS256","kid":"primary","typ":"JWT"}"#
    );
    assert_eq!(
        keys(&payload),
        ["aud", "exp", "iat", "iss", "org_id", "multi-use", "pat", "sub"]
    );
    assert_eq!(payload["aud"], json!(["td:service:authentication"]));
    assert_eq!(
        payload["exp"].as_i64().unwrap() - payload["iat"].as_i64().unwrap(),
        3600
    );
    assert_eq!(payload["multi-use"], json!(true));
    assert_eq!(payload["iss"], "jwtmint");
    let token = minted.token.unwrap();
    let checks = VerifyOptions {
        now: Some(NOW + 1),
        ..Default::default()
    };
    verify(&token, &import("rsa2048.pub.pem"), &checks).unwrap();
    let request = minted.request.unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.url,
        "https://tddemos.innovationlabs.teradata.com/api/tdrest/systems/shared_demo/queries"
    );
    assert_eq!(
        request.headers[1],
        ("Authorization".to_owned(), format!("Bearer {token}"))
    );
    assert_eq!(
        request.body.as_deref(),
        Some(r#"{"query":"SEL * FROM dbc.dbcinfo","logMech":"JWT"}"#)
    );
    // Lifetime option and field, multi-use false.
    let mut fields = teradata_fields();
    fields.insert("multi_use".into(), json!(false));
    fields.insert("lifetime".into(), json!("3m"));
    let payload = mint("teradata-lake", &fields, &at_now())
        .unwrap()
        .payload
        .unwrap();
    assert_eq!(
        (payload["exp"].as_i64(), &payload["multi-use"]),
        (Some(NOW + 180), &json!(false))
    );
}

#[test]
fn visual_layer_matches_the_vendor_documentation() {
    let fields = values(
        json!({"api_key": "key-1", "api_secret": "secret-of-thirty-two-bytes-long!", "dataset_id": "ds 1/2"}),
    );
    let minted = mint("visual-layer", &fields, &at_now()).unwrap();
    assert_eq!(
        serde_json::to_string(&minted.header.unwrap()).unwrap(),
        r#"{"alg":"HS256","typ":"JWT","kid":"key-1"}"#
    );
    let payload = minted.payload.unwrap();
    assert_eq!(
        serde_json::to_string(&payload).unwrap(),
        format!(r#"{{"sub":"key-1","iat":{NOW},"exp":{},"iss":"sdk"}}"#, NOW + 600)
    );
    let key = Key::from_secret("secret-of-thirty-two-bytes-long!", SecretEncoding::Utf8).unwrap();
    verify(
        &minted.token.unwrap(),
        &key,
        &VerifyOptions {
            now: Some(NOW),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        minted.request.as_ref().unwrap().url,
        "https://app.visual-layer.com/api/v1/dataset/ds%201%2F2"
    );
    assert_eq!(minted.request.unwrap().body, None);
}

#[test]
fn dataos_places_the_key_three_ways() {
    let base =
        json!({"api_key": "dos-key", "context": "emerging-hawk", "path": "/lens2/api/public:sales/v2/load"});
    let with = |placement: &str| {
        let mut fields = values(base.clone());
        fields.insert("placement".into(), json!(placement));
        mint("dataos", &fields, &at_now()).unwrap()
    };
    let bearer = mint("dataos", &values(base.clone()), &at_now()).unwrap();
    assert!(bearer.token.is_none());
    assert_eq!(
        bearer.request.unwrap().headers,
        [("Authorization".to_owned(), "Bearer dos-key".to_owned())]
    );
    assert_eq!(
        with("header").request.unwrap().headers,
        [("apikey".to_owned(), "dos-key".to_owned())]
    );
    assert_eq!(
        with("query").request.unwrap().url,
        "https://emerging-hawk.dataos.app/lens2/api/public:sales/v2/load?apikey=dos-key"
    );
    let mut evil = values(base);
    evil.insert("context".into(), json!("evil.example/x#"));
    assert_eq!(
        mint("dataos", &evil, &at_now()).unwrap_err().code(),
        "FIELDS_INVALID"
    );
}

#[test]
fn every_bad_field_is_named_at_once() {
    let error = mint(
        "teradata-lake",
        &values(json!({"host": "https://x.com/", "multi_use": "yes", "color": "red"})),
        &at_now(),
    )
    .unwrap_err();
    assert_eq!(error.code(), "FIELDS_INVALID");
    let jwtmint::Error::FieldsInvalid { problems } = &error else {
        panic!("{error}")
    };
    let named: Vec<&str> = problems.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        named,
        [
            "color",
            "private_key",
            "pat",
            "sub",
            "org_id",
            "multi_use",
            "host",
            "system"
        ]
    );
    assert!(error.to_string().contains("host: a host name like"), "{error}");
    assert_eq!(
        mint("nope", &Object::new(), &at_now()).unwrap_err().code(),
        "INVALID_ARGUMENT"
    );
    assert_eq!(
        presets().iter().map(|preset| preset.id).collect::<Vec<_>>(),
        [
            "teradata-lake",
            "visual-layer",
            "dataos",
            "github-app",
            "snowflake",
            "google-service-account",
            "custom"
        ]
    );
}

/// What the echo server received: request line, headers, body.
type Received = (String, Vec<(String, String)>, String);

/// Accepts one HTTP/1.1 request and returns what it received.
fn echo_once(listener: TcpListener) -> std::thread::JoinHandle<Received> {
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let mut headers = Vec::new();
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).unwrap();
            let header = header.trim_end_matches(['\r', '\n']).to_owned();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(": ").unwrap();
            headers.push((name.to_owned(), value.to_owned()));
        }
        let length = headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
            .map_or(0, |(_, v)| v.parse().unwrap());
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let mut stream = stream;
        stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
            .unwrap();
        (
            line.trim_end().to_owned(),
            headers,
            String::from_utf8(body).unwrap(),
        )
    })
}

#[test]
fn posix_curl_sends_exactly_the_intended_request_for_adversarial_values() {
    let nasty = "it's $(touch /tmp/jwtmint-pwned) `id` !! \\ \"q\" \n new line ✓ ${HOME} ; rm -rf ~ #";
    let mut fields = teradata_fields();
    fields.insert("sql".into(), json!(nasty));
    fields.insert("system".into(), json!("sys/../x y"));
    // A PAT is one line (Text fields refuse line breaks); everything else stays.
    fields.insert("pat".into(), json!(nasty.replace('\n', " ")));
    let minted = mint("teradata-lake", &fields, &at_now()).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = echo_once(listener);
    let mut request = minted.request.clone().unwrap();
    request.url = request.url.replace(
        "https://tddemos.innovationlabs.teradata.com",
        &format!("http://127.0.0.1:{port}"),
    );
    let command = to_curl_posix(&request);
    let _ = std::fs::remove_file("/tmp/jwtmint-pwned");
    let output = Command::new("bash").arg("-c").arg(&command).output().unwrap();
    assert!(
        output.status.success(),
        "{}\n{command}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), "ok");
    let (line, headers, body) = server.join().unwrap();
    assert!(
        !std::path::Path::new("/tmp/jwtmint-pwned").exists(),
        "the command ran a substitution"
    );
    assert_eq!(line, "POST /api/tdrest/systems/sys%2F..%2Fx%20y/queries HTTP/1.1");
    assert_eq!(body, request.body.unwrap());
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["query"], nasty);
    for (name, value) in &request.headers {
        assert!(
            headers.contains(&(name.clone(), value.clone())),
            "{name} missing from {headers:?}"
        );
    }
    // The token in the request carries the adversarial PAT intact.
    let token = minted.token.unwrap();
    let payload = jwtmint::decode(&token).unwrap().payload;
    assert_eq!(payload["pat"], nasty.replace('\n', " "));
    assert!(
        command.contains(" \\\n  -H 'Authorization: Bearer "),
        "continuations keep it pasteable"
    );
}
