//! The built-in presets' output, byte for byte: each case below mints a preset from fixed fields
//! at a fixed `now`, and its whole result (token, header, payload, request and its curl rendering,
//! or the error's code and the fields it names) must equal what `tests/vectors/preset-golden.json`
//! recorded. The file was recorded from the hand-written Rust presets before they became
//! documents, so a document that drifts from them by one byte fails here. Record again (only for
//! an intended change) with `JWTMINT_RECORD=1 cargo test --test preset_golden`.

mod common;

use common::read_fixture;
use jwtmint::preset::{mint, MintOptions};
use jwtmint::request::{render, Format};
use jwtmint::Object;
use serde_json::{json, Value};

const NOW: i64 = 1_700_000_000;
const GOLDEN: &str = "tests/vectors/preset-golden.json";

fn cases() -> Vec<(&'static str, &'static str, Value, Option<i64>)> {
    let rsa = read_fixture("rsa2048.pem");
    let encrypted = read_fixture("rsa2048.enc.pem");
    let ec = read_fixture("ec.pem");
    let nasty = "it's $(id) `id` \"q\" ✓ ${HOME} ; a/b?c=d&e#f %41 {system} {token}";
    let key_file = json!({
        "type": "service_account",
        "project_id": "my proj/1",
        "private_key_id": "abc123",
        "private_key": rsa,
        "client_email": "sa@my-proj.iam.gserviceaccount.com",
    })
    .to_string();
    let teradata = json!({
        "private_key": rsa, "pat": "pat-123", "sub": "lake_user",
        "org_id": "fd3463dee-3efe-4120-8153-0bb253547df7",
        "host": "tddemos.innovationlabs.teradata.com", "system": "shared_demo",
    });
    let with = |base: &Value, extra: Value| {
        let mut object = base.as_object().cloned().unwrap_or_default();
        object.extend(extra.as_object().cloned().unwrap_or_default());
        Value::Object(object)
    };
    vec![
        ("teradata-lake", "defaults", teradata.clone(), None),
        (
            "teradata-lake",
            "everything set",
            with(
                &teradata,
                json!({
                    "kid": "second", "iss": nasty, "multi_use": false, "lifetime": "3m", "sub": nasty,
                    "system": "sys/../x y", "path": "/api/query/tdrest/systems/{system}/queries", "sql": nasty,
                }),
            ),
            None,
        ),
        ("teradata-lake", "lifetime option", teradata.clone(), Some(90)),
        (
            "teradata-lake",
            "missing and bad",
            json!({"host": "https://x.com/", "multi_use": "yes", "color": "red"}),
            None,
        ),
        (
            "teradata-lake",
            "public key",
            with(&teradata, json!({"private_key": read_fixture("rsa2048.pub.pem")})),
            None,
        ),
        (
            "teradata-lake",
            "ec key",
            with(&teradata, json!({"private_key": ec})),
            None,
        ),
        (
            "visual-layer",
            "defaults",
            json!({"api_key": "key-1", "api_secret": "secret-of-thirty-two-bytes-long!", "dataset_id": "ds 1/2"}),
            None,
        ),
        (
            "visual-layer",
            "base with slash",
            json!({"api_key": nasty, "api_secret": "s", "dataset_id": nasty, "base_url": "http://localhost:8080/", "lifetime": "1h"}),
            None,
        ),
        ("visual-layer", "missing", json!({}), None),
        (
            "dataos",
            "bearer",
            json!({"api_key": "dos-key", "context": "emerging-hawk", "path": "/lens2/api/public:sales/v2/load"}),
            None,
        ),
        (
            "dataos",
            "header",
            json!({"api_key": "dos-key", "context": "a.b-c", "path": "/x", "placement": "header", "method": "POST", "body": "{\"a\": 1}"}),
            None,
        ),
        (
            "dataos",
            "query",
            json!({"api_key": "k y/&=", "context": "ctx", "path": "/v1/x?y=1", "placement": "query"}),
            None,
        ),
        (
            "dataos",
            "query no question mark",
            json!({"api_key": "k", "context": "ctx", "path": "/v1/x", "placement": "query", "method": "DELETE"}),
            None,
        ),
        (
            "dataos",
            "bad context",
            json!({"api_key": "k", "context": "evil.example/x#", "path": "/x"}),
            None,
        ),
        (
            "github-app",
            "defaults",
            json!({"private_key": rsa, "client_id": "Iv23liAbc"}),
            None,
        ),
        (
            "github-app",
            "enterprise",
            json!({"private_key": rsa, "client_id": "123", "api_url": "https://ghe.example.com/api/v3/", "path": "/app/installations", "lifetime": "10m"}),
            None,
        ),
        (
            "github-app",
            "too long",
            json!({"private_key": rsa, "client_id": "123", "lifetime": "11m"}),
            None,
        ),
        (
            "github-app",
            "too long option",
            json!({"private_key": rsa, "client_id": "123"}),
            Some(601),
        ),
        (
            "snowflake",
            "encrypted key",
            json!({"private_key": encrypted, "passphrase": "correct-horse", "account": "xy12345.us-east-2.aws", "user": "jsmith"}),
            None,
        ),
        (
            "snowflake",
            "everything",
            json!({"private_key": rsa, "account": "My_Org-acct", "user": "J.Smith", "lifetime": "30m", "statement": nasty, "warehouse": "wh", "database": "db", "schema": "sc", "role": "r"}),
            None,
        ),
        (
            "snowflake",
            "some optional",
            json!({"private_key": rsa, "account": "acct", "user": "u", "role": "SYSADMIN"}),
            None,
        ),
        (
            "snowflake",
            "full host",
            json!({"private_key": rsa, "account": "acct.snowflakecomputing.com", "user": "u"}),
            None,
        ),
        (
            "snowflake",
            "wrong passphrase",
            json!({"private_key": encrypted, "passphrase": "nope", "account": "a", "user": "u"}),
            None,
        ),
        (
            "snowflake",
            "no passphrase",
            json!({"private_key": encrypted, "account": "a", "user": "u"}),
            None,
        ),
        (
            "google-service-account",
            "defaults",
            json!({"key_file": key_file}),
            None,
        ),
        (
            "google-service-account",
            "other service",
            json!({"key_file": key_file, "service": "storage", "path": "/storage/v1/b?project=x", "lifetime": "15m"}),
            None,
        ),
        (
            "google-service-account",
            "oauth client file",
            json!({"key_file": "{\"installed\": {\"client_id\": \"x\"}}"}),
            None,
        ),
        (
            "google-service-account",
            "not a service account",
            json!({"key_file": "{\"type\": \"user\"}"}),
            None,
        ),
        (
            "google-service-account",
            "no email",
            json!({"key_file": json!({"type": "service_account", "private_key": rsa, "private_key_id": "k"}).to_string()}),
            None,
        ),
        (
            "google-service-account",
            "not json",
            json!({"key_file": "{nope"}),
            None,
        ),
        ("custom", "rs256 defaults", json!({"key": rsa}), None),
        (
            "custom",
            "hs256 with everything",
            json!({
                "alg": "HS256", "key": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0", "secret_encoding": "base64",
                "header": "{\"kid\": \"k1\", \"typ\": \"at+jwt\"}", "claims": "{\"sub\": \"me\", \"n\": 1.5, \"a\": [1, {\"b\": null}]}",
                "lifetime": "90s", "method": "POST", "url": "https://api.example.com/v1/x?y=%20",
                "headers": "Authorization: Bearer {token}\n\nX-Token-Twice: {token}-{token}\n  X-Other :  v  ",
                "body": "{\"token\": \"{token}\"}\n",
            }),
            None,
        ),
        (
            "custom",
            "es256 with iat",
            json!({"alg": "ES256", "key": ec, "claims": "{\"iat\": 1600000000}"}),
            None,
        ),
        (
            "custom",
            "exp in claims",
            json!({"alg": "HS256", "key": "s", "claims": "{\"exp\": 1}"}),
            None,
        ),
        (
            "custom",
            "bad header line",
            json!({"alg": "HS256", "key": "s", "url": "https://x.example", "headers": "Authorization Bearer"}),
            None,
        ),
        (
            "custom",
            "alg mismatch",
            json!({"alg": "ES256", "key": rsa}),
            None,
        ),
        (
            "custom",
            "bad header json",
            json!({"alg": "HS256", "key": "s", "header": "{\"alg\": \"none\"}"}),
            None,
        ),
        (
            "custom",
            "smuggled header",
            json!({"alg": "HS256", "key": "s", "url": "https://x.example", "headers": "X-A: a\rb"}),
            None,
        ),
        (
            "custom",
            "bad url",
            json!({"alg": "HS256", "key": "s", "url": "https://x.example/a b"}),
            None,
        ),
    ]
}

/// Everything a case produces, as JSON: the mint result and its curl rendering, or the error's
/// code and the fields it names.
fn outcome(id: &str, fields: &Value, lifetime: Option<i64>) -> Value {
    let fields: Object = fields.as_object().cloned().unwrap_or_default();
    let options = MintOptions {
        now: Some(NOW),
        lifetime,
    };
    match mint(id, &fields, &options) {
        Ok(minted) => {
            let curl = minted
                .request
                .as_ref()
                .map(|request| render(request, Format::CurlPosix).unwrap());
            let mut json = minted.to_json();
            // `exchange` is new with the documents; none of these presets exchanges its token.
            let exchange = json.as_object_mut().unwrap().remove("exchange");
            assert_eq!(exchange, Some(Value::Null), "{id}");
            json!({"minted": json, "curl": curl})
        }
        Err(error) => json!({
            "code": error.code(),
            "fields": error.field_problems().into_iter().map(|(field, _)| field).collect::<Vec<_>>(),
        }),
    }
}

#[test]
fn built_in_presets_mint_exactly_what_was_recorded() {
    let produced: Object = cases()
        .into_iter()
        .map(|(id, case, fields, lifetime)| (format!("{id}: {case}"), outcome(id, &fields, lifetime)))
        .collect();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(GOLDEN);
    if std::env::var_os("JWTMINT_RECORD").is_some() {
        let text = serde_json::to_string_pretty(&produced).unwrap();
        std::fs::write(&path, text + "\n").unwrap();
        return;
    }
    let recorded: Object = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        produced.keys().collect::<Vec<_>>(),
        recorded.keys().collect::<Vec<_>>(),
        "the same cases"
    );
    for (case, expected) in &recorded {
        assert_eq!(&produced[case], expected, "{case}");
    }
}
