//! Presets: each seed preset's token has exactly the vendor's documented header and claims, and
//! the generated curl command, run by bash against a local echo server, sends exactly the
//! intended request even for adversarial field values.

mod common;

use common::{echo_once, import, read_fixture};
use jwtmint::preset::{mint, presets, MintOptions};
use jwtmint::request::to_curl_posix;
use jwtmint::{verify, Key, Object, SecretEncoding, VerifyOptions};
use serde_json::{json, Value};
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
        presets()
            .iter()
            .map(|preset| preset.id.as_str())
            .collect::<Vec<_>>(),
        [
            "teradata-lake",
            "visual-layer",
            "dataos",
            "github-app",
            "snowflake",
            "google-service-account",
            "google-oauth",
            "google-id-token",
            "firebase",
            "app-store-connect",
            "app-store-connect-individual",
            "app-store-server",
            "apns",
            "sign-in-with-apple",
            "musickit",
            "weatherkit",
            "apple-maps",
            "netsuite",
            "smart-backend",
            "coinbase-advanced-trade",
            "coinbase-cdp",
            "salesforce",
            "entra",
            "okta",
            "auth0",
            "docusign",
            "box",
            "ghost",
            "tableau",
            "livekit",
            "zoom-video-sdk",
            "metabase",
            "mux",
            "custom"
        ]
    );
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

fn verified(token: &str, key: &Key) -> Object {
    let checks = VerifyOptions {
        now: Some(NOW),
        ..Default::default()
    };
    verify(token, key, &checks).unwrap().payload
}

fn field_of(error: &jwtmint::Error) -> Vec<String> {
    error
        .field_problems()
        .into_iter()
        .map(|(field, _)| field)
        .collect()
}

#[test]
fn github_app_backdates_iat_and_caps_exp_at_ten_minutes() {
    let fields = values(json!({"private_key": read_fixture("rsa2048.pem"), "client_id": "Iv23liAbc"}));
    let minted = mint("github-app", &fields, &at_now()).unwrap();
    assert_eq!(
        serde_json::to_string(&minted.header.unwrap()).unwrap(),
        r#"{"alg":"RS256","typ":"JWT"}"#
    );
    let token = minted.token.unwrap();
    let payload = verified(&token, &import("rsa2048.pub.pem"));
    assert_eq!(
        serde_json::to_string(&payload).unwrap(),
        format!(r#"{{"iat":{},"exp":{},"iss":"Iv23liAbc"}}"#, NOW - 60, NOW + 540)
    );
    let request = minted.request.unwrap();
    assert_eq!(request.url, "https://api.github.com/app");
    assert_eq!(
        request.headers[0],
        ("Accept".into(), "application/vnd.github+json".into())
    );
    assert_eq!(
        request.headers[1],
        ("Authorization".into(), format!("Bearer {token}"))
    );
    let mut long = fields.clone();
    long.insert("lifetime".into(), json!("11m"));
    let error = mint("github-app", &long, &at_now()).unwrap_err();
    assert_eq!(
        (error.code(), field_of(&error)),
        ("FIELDS_INVALID", vec!["lifetime".to_owned()])
    );
    assert!(error.to_string().contains("at most 10 minutes"), "{error}");
    let ten = MintOptions {
        lifetime: Some(600),
        ..at_now()
    };
    assert_eq!(
        mint("github-app", &fields, &ten).unwrap().expires_at,
        Some(NOW + 600)
    );
    let mut public = fields;
    public.insert("private_key".into(), json!(read_fixture("rsa2048.pub.pem")));
    let error = mint("github-app", &public, &at_now()).unwrap_err();
    assert_eq!(
        (error.code(), field_of(&error)),
        ("KEY_NOT_PRIVATE", vec!["private_key".to_owned()])
    );
}

#[test]
fn snowflake_issuer_carries_the_openssl_fingerprint() {
    let der = common::openssl(
        &["pkey", "-pubout", "-outform", "DER"],
        read_fixture("rsa2048.pem").as_bytes(),
    );
    let digest = common::openssl(&["dgst", "-sha256", "-binary"], &der);
    let expected = String::from_utf8(common::openssl(&["enc", "-base64", "-A"], &digest)).unwrap();
    let fields = values(json!({
        "private_key": read_fixture("rsa2048.enc.pem"),
        "passphrase": "correct-horse",
        "account": "xy12345.us-east-2.aws",
        "user": "jsmith",
        "warehouse": "COMPUTE_WH",
    }));
    let minted = mint("snowflake", &fields, &at_now()).unwrap();
    let payload = verified(&minted.token.unwrap(), &import("rsa2048.pub.pem"));
    assert_eq!(
        serde_json::to_value(&payload).unwrap(),
        json!({"iss": format!("XY12345.JSMITH.SHA256:{expected}"), "sub": "XY12345.JSMITH", "iat": NOW, "exp": NOW + 3600})
    );
    assert_eq!(keys(&payload), ["iss", "sub", "iat", "exp"]);
    let request = minted.request.unwrap();
    assert_eq!(
        request.url,
        "https://xy12345.us-east-2.aws.snowflakecomputing.com/api/v2/statements"
    );
    assert!(request.headers.contains(&(
        "X-Snowflake-Authorization-Token-Type".into(),
        "KEYPAIR_JWT".into()
    )));
    assert_eq!(
        request.body.as_deref(),
        Some(r#"{"statement":"SELECT CURRENT_VERSION()","timeout":60,"warehouse":"COMPUTE_WH"}"#)
    );
    // Organization-style identifiers keep their hyphen; underscores become hyphens in the host.
    let mut org = fields.clone();
    org.insert("account".into(), json!("myorg-my_account"));
    let minted = mint("snowflake", &org, &at_now()).unwrap();
    assert_eq!(minted.payload.unwrap()["sub"], "MYORG-MY_ACCOUNT.JSMITH");
    assert_eq!(
        minted.request.unwrap().url,
        "https://myorg-my-account.snowflakecomputing.com/api/v2/statements"
    );
    let mut no_passphrase = fields.clone();
    no_passphrase.remove("passphrase");
    let error = mint("snowflake", &no_passphrase, &at_now()).unwrap_err();
    assert_eq!(
        (error.code(), field_of(&error)),
        ("PASSPHRASE_REQUIRED", vec!["passphrase".to_owned()])
    );
    let mut two_hours = fields;
    two_hours.insert("lifetime".into(), json!("2h"));
    assert!(mint("snowflake", &two_hours, &at_now())
        .unwrap_err()
        .to_string()
        .contains("at most 1 hour"));
}

fn google_key_file() -> String {
    json!({
        "type": "service_account",
        "project_id": "my-project",
        "private_key_id": "0123abcd",
        "private_key": read_fixture("rsa2048.pem"),
        "client_email": "robot@my-project.iam.gserviceaccount.com",
        "client_id": "1234567890",
        "token_uri": "https://oauth2.googleapis.com/token"
    })
    .to_string()
}

#[test]
fn google_service_account_reads_the_whole_key_file() {
    // The file as downloaded: the PEM's newlines are \n escapes inside a JSON string.
    let file = google_key_file();
    assert!(file.contains("-----BEGIN PRIVATE KEY-----\\n"));
    let minted = mint(
        "google-service-account",
        &values(json!({"key_file": file})),
        &at_now(),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&minted.header.unwrap()).unwrap(),
        r#"{"alg":"RS256","typ":"JWT","kid":"0123abcd"}"#
    );
    let payload = verified(&minted.token.unwrap(), &import("rsa2048.pub.pem"));
    assert_eq!(
        serde_json::to_value(&payload).unwrap(),
        json!({
            "iss": "robot@my-project.iam.gserviceaccount.com",
            "sub": "robot@my-project.iam.gserviceaccount.com",
            "aud": "https://pubsub.googleapis.com/",
            "iat": NOW,
            "exp": NOW + 3600
        })
    );
    assert_eq!(keys(&payload), ["iss", "sub", "aud", "iat", "exp"]);
    assert_eq!(
        minted.request.unwrap().url,
        "https://pubsub.googleapis.com/v1/projects/my-project/topics"
    );
    let oauth_client = json!({"installed": {"client_id": "x", "client_secret": "y"}}).to_string();
    let error = mint(
        "google-service-account",
        &values(json!({"key_file": oauth_client})),
        &at_now(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("OAuth client file"), "{error}");
    assert_eq!(field_of(&error), ["key_file"]);
    let error = mint(
        "google-service-account",
        &values(json!({"key_file": "{\"type\": "})),
        &at_now(),
    )
    .unwrap_err();
    assert_eq!(
        (error.code(), field_of(&error)),
        ("FIELDS_INVALID", vec!["key_file".to_owned()])
    );
}

#[test]
fn custom_signs_any_algorithm_and_fills_the_request() {
    let fields = values(json!({
        "alg": "HS384",
        "key": "c2VjcmV0LW9mLWF0LWxlYXN0LTQ4LWJ5dGVzLWZvci1oczM4NC1zaWduYXR1cmVzLiE=",
        "secret_encoding": "base64",
        "header": "{\"kid\": \"k1\"}",
        "claims": "{\"sub\": \"me\", \"scope\": [\"a\", \"b\"]}",
        "lifetime": "5m",
        "method": "POST",
        "url": "https://api.example.com/v1/things",
        "headers": "Authorization: Bearer {token}\nX-Token-Copy: {token}\n\n",
        "body": "{\"jwt\": \"{token}\"}",
    }));
    let minted = mint("custom", &fields, &at_now()).unwrap();
    let token = minted.token.clone().unwrap();
    let secret = Key::from_secret(
        "c2VjcmV0LW9mLWF0LWxlYXN0LTQ4LWJ5dGVzLWZvci1oczM4NC1zaWduYXR1cmVzLiE=",
        SecretEncoding::Base64,
    )
    .unwrap();
    let payload = verified(&token, &secret);
    assert_eq!(
        serde_json::to_value(&payload).unwrap(),
        json!({"sub": "me", "scope": ["a", "b"], "iat": NOW, "exp": NOW + 300})
    );
    assert_eq!(
        serde_json::to_string(&minted.header.unwrap()).unwrap(),
        r#"{"alg":"HS384","kid":"k1","typ":"JWT"}"#
    );
    let request = minted.request.unwrap();
    assert_eq!(
        request.headers,
        [
            ("Authorization".to_owned(), format!("Bearer {token}")),
            ("X-Token-Copy".to_owned(), token.clone())
        ]
    );
    assert_eq!(request.body, Some(format!("{{\"jwt\": \"{token}\"}}")));
    // RS256 with a PEM and no URL: a token and no request.
    let rsa = values(json!({"key": read_fixture("rsa2048.pkcs1.pem"), "claims": "{\"sub\": \"x\"}"}));
    let minted = mint("custom", &rsa, &at_now()).unwrap();
    verified(&minted.token.unwrap(), &import("rsa2048.pub.pem"));
    assert!(minted.request.is_none());
    // Errors land on the field that caused them.
    let mut bad_claims = rsa.clone();
    bad_claims.insert("claims".into(), json!("{\"sub\": }"));
    assert_eq!(
        field_of(&mint("custom", &bad_claims, &at_now()).unwrap_err()),
        ["claims"]
    );
    let mut wrong_key = rsa.clone();
    wrong_key.insert("alg".into(), json!("HS256"));
    wrong_key.insert("key".into(), json!(""));
    assert_eq!(
        field_of(&mint("custom", &wrong_key, &at_now()).unwrap_err()),
        ["key"]
    );
    let mut bad_header_line = rsa;
    bad_header_line.insert("url".into(), json!("https://e.com/"));
    bad_header_line.insert("headers".into(), json!("no colon here"));
    assert_eq!(
        field_of(&mint("custom", &bad_header_line, &at_now()).unwrap_err()),
        ["headers"]
    );
}

#[test]
fn one_line_fields_are_trimmed_and_refuse_line_breaks() {
    let mut fields = teradata_fields();
    fields.insert("sub".into(), json!("  lake_user\n"));
    let payload = mint("teradata-lake", &fields, &at_now())
        .unwrap()
        .payload
        .unwrap();
    assert_eq!(payload["sub"], "lake_user");
    fields.insert("sub".into(), json!("lake\nuser"));
    let error = mint("teradata-lake", &fields, &at_now()).unwrap_err();
    assert_eq!(field_of(&error), ["sub"]);
    assert!(error.to_string().contains("one line"), "{error}");
}

#[test]
fn every_preset_describes_itself_completely() {
    for preset in presets() {
        assert!(preset.docs_url.starts_with("https://"), "{}", preset.id);
        assert!(
            !preset.description.is_empty() && !preset.fields.is_empty(),
            "{}",
            preset.id
        );
        let json = serde_json::to_value(preset).unwrap();
        for member in [
            "id",
            "name",
            "description",
            "docsUrl",
            "brings",
            "algorithm",
            "maxLifetime",
            "notes",
            "fields",
        ] {
            assert!(json.get(member).is_some(), "{} lacks {member}", preset.id);
        }
        for field in &preset.fields {
            assert!(
                !field.label.is_empty() && !field.help.is_empty(),
                "{}.{}",
                preset.id,
                field.name
            );
        }
        // Every default passes its own field's validation.
        let defaults: Object = preset
            .fields
            .iter()
            .filter_map(|field| Some((field.name.to_owned(), json!(field.default.as_ref()?))))
            .collect();
        if let Err(jwtmint::Error::FieldsInvalid { problems }) = mint(&preset.id, &defaults, &at_now()) {
            for (name, problem) in problems {
                assert!(
                    problem.contains("required"),
                    "{}.{name}: default refused: {problem}",
                    preset.id
                );
            }
        }
    }
}

/// A key imported once stands in for a key field's text: the same token, and the same rules.
#[test]
fn an_imported_key_stands_in_for_the_key_field() {
    use jwtmint::preset::mint_with_key;
    let key = import("rsa2048.pem");
    let mut without_key = teradata_fields();
    without_key.remove("private_key");
    let from_key = mint_with_key(
        "teradata-lake",
        &without_key,
        Some(("private_key", &key)),
        &at_now(),
    )
    .unwrap();
    let from_text = mint("teradata-lake", &teradata_fields(), &at_now()).unwrap();
    assert_eq!(from_key.token, from_text.token);
    let problem = |result: jwtmint::Result<jwtmint::preset::Minted>| match result {
        Ok(_) => "minted".to_owned(),
        Err(error) => format!(
            "{} {:?}",
            error.code(),
            error.field_problems().first().map(|(field, _)| field.clone())
        ),
    };
    // Not together with the text, not for a field that is no private key, and it must fit.
    assert_eq!(
        problem(mint_with_key(
            "teradata-lake",
            &teradata_fields(),
            Some(("private_key", &key)),
            &at_now()
        )),
        r#"FIELDS_INVALID Some("private_key")"#
    );
    assert_eq!(
        problem(mint_with_key(
            "teradata-lake",
            &without_key,
            Some(("pat", &key)),
            &at_now()
        )),
        r#"FIELDS_INVALID Some("pat")"#
    );
    let secret = Key::from_secret("0123456789abcdef0123456789abcdef", SecretEncoding::Utf8).unwrap();
    assert_eq!(
        problem(mint_with_key(
            "teradata-lake",
            &without_key,
            Some(("private_key", &secret)),
            &at_now()
        )),
        r#"KEY_ALG_MISMATCH Some("private_key")"#
    );
}

/// A request no renderer may print is refused when it is minted, for every preset, and marked
/// as the field it comes from: the page never shows the previous command for it.
#[test]
fn every_preset_refuses_a_request_no_renderer_may_print() {
    let key = import("rsa2048.pem");
    for (id, field, value) in [
        ("github-app", "path", "/app/../admin"),
        ("dataos", "path", "/lens2/../x"),
        ("custom", "url", "https://user:pw@evil.example/"),
    ] {
        let mut fields = match id {
            "github-app" => values(json!({"client_id": "Iv23liAbc"})),
            "dataos" => values(json!({"api_key": "k", "context": "ctx", "path": "/x"})),
            _ => values(json!({"claims": "{}"})),
        };
        fields.insert(field.into(), value.into());
        let key_field = match id {
            "dataos" => None,
            "custom" => Some(("key", &key)),
            _ => Some(("private_key", &key)),
        };
        let error = jwtmint::preset::mint_with_key(id, &fields, key_field, &at_now()).unwrap_err();
        let problems = error.field_problems();
        assert_eq!(
            problems.first().map(|(name, _)| name.as_str()),
            Some(field),
            "{id}: {error}"
        );
    }
    let mut framed =
        values(json!({"claims": "{}", "url": "https://api.example.com/", "method": "POST", "body": "{}"}));
    framed.insert("headers".into(), "Content-Length: 2".into());
    let error =
        jwtmint::preset::mint_with_key("custom", &framed, Some(("key", &key)), &at_now()).unwrap_err();
    assert_eq!(
        error.field_problems().first().map(|(name, _)| name.as_str()),
        Some("headers"),
        "{error}"
    );
}

/// A bad header line is named by its number, never quoted: it may hold the token or a key.
#[test]
fn a_bad_header_line_is_not_echoed() {
    let key = import("rsa2048.pem");
    let fields = values(json!({
        "claims": "{}",
        "url": "https://api.example.com/",
        "headers": "X-Ok: 1\nAuthorization Bearer ghp_SECRET0123456789"
    }));
    let error =
        jwtmint::preset::mint_with_key("custom", &fields, Some(("key", &key)), &at_now()).unwrap_err();
    let text = format!("{error} {:?}", error.field_problems());
    assert!(text.contains("line 2") && !text.contains("ghp_SECRET"), "{text}");
}
