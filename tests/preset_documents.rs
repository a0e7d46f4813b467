//! Preset documents: every built-in one reads, a hand-written one mints like a built-in, and
//! every kind of mistake in a document is refused with its place and a way to fix it.

mod common;

use common::read_fixture;
use jwtmint::preset::{documents, presets, MintOptions, Preset};
use jwtmint::{verify, Key, SecretEncoding, VerifyOptions};
use serde_json::{json, Value};

const NOW: i64 = 1_700_000_000;

fn at_now() -> MintOptions {
    MintOptions {
        now: Some(NOW),
        lifetime: None,
    }
}

/// A small document of an internal API: HS256 with a hex secret, typed claims, a query and an
/// optional header.
fn internal() -> Value {
    json!({
        "format": 1,
        "id": "acme-internal",
        "name": "ACME internal API",
        "description": "HS256 token for the ACME billing API",
        "docs": "https://wiki.acme.example/billing-api",
        "brings": "key-and-secret",
        "fields": [
            {"name": "secret", "label": "Signing secret (hex)", "kind": "text", "secret": true},
            {"name": "team", "label": "Team", "kind": "text", "validate": [{"chars": "a-z0-9-", "message": "lower-case letters, digits and -"}]},
            {"name": "admin", "label": "Admin", "kind": "boolean", "default": "false"},
            {"name": "scopes", "label": "Scopes", "kind": "text", "default": "read write"},
            {"name": "tenant", "label": "Tenant", "kind": "text", "required": false},
            {"name": "lifetime", "label": "Lifetime", "kind": "lifetime", "default": "5m"}
        ],
        "algorithm": "HS256",
        "key": {"field": "secret", "encoding": "hex"},
        "lifetime": {"max": "15m"},
        "header": {"alg": "HS256", "typ": "JWT", "kid": "{team}-1"},
        "claims": {
            "sub": "team:{team | upper}",
            "admin": "{admin | boolean}",
            "scope": "{scopes | split: }",
            "tenant": "{tenant?}",
            "iat": "{now}",
            "nbf": "{now - 30}",
            "exp": "{exp}",
            "jti": "{uuid}"
        },
        "request": {
            "method": "GET",
            "url": "https://billing.acme.example/v2/teams/{team | segment}/invoices",
            "query": {"tenant": {"value": "{tenant}", "when": "tenant"}, "limit": "10"},
            "headers": {"Authorization": "Bearer {token}", "X-Tenant": {"value": "{tenant}", "when": "tenant"}}
        }
    })
}

fn fields(value: Value) -> jwtmint::Object {
    value.as_object().unwrap().clone()
}

#[test]
fn a_hand_written_document_mints_typed_claims_and_its_request() {
    let preset = Preset::from_json(&internal().to_string(), "acme.json").unwrap();
    assert_eq!(
        (preset.source.as_str(), preset.hosts.as_slice()),
        ("acme.json", &["billing.acme.example".to_owned()][..])
    );
    let minted = preset
        .mint(
            &fields(json!({"secret": "00ff10ab", "team": "red-1", "admin": true})),
            None,
            &at_now(),
        )
        .unwrap();
    let payload = minted.payload.clone().unwrap();
    assert_eq!(
        payload.keys().collect::<Vec<_>>(),
        ["sub", "admin", "scope", "iat", "nbf", "exp", "jti"]
    );
    assert_eq!(payload["sub"], "team:RED-1");
    assert_eq!(payload["admin"], json!(true));
    assert_eq!(payload["scope"], json!(["read", "write"]));
    assert_eq!(
        (payload["nbf"].as_i64(), payload["exp"].as_i64()),
        (Some(NOW - 30), Some(NOW + 300))
    );
    assert_eq!(payload["jti"].as_str().unwrap().len(), 36);
    assert_eq!(
        serde_json::to_string(&minted.header.unwrap()).unwrap(),
        r#"{"alg":"HS256","typ":"JWT","kid":"red-1-1"}"#
    );
    let key = Key::from_secret("00ff10ab", SecretEncoding::Hex).unwrap();
    let token = minted.token.unwrap();
    let checks = VerifyOptions {
        now: Some(NOW),
        ..Default::default()
    };
    verify(&token, &key, &checks).unwrap();
    let request = minted.request.unwrap();
    assert_eq!(
        request.url,
        "https://billing.acme.example/v2/teams/red-1/invoices?limit=10"
    );
    assert_eq!(
        request.headers,
        [("Authorization".to_owned(), format!("Bearer {token}"))]
    );
    // The optional tenant, given: a claim, a query parameter (encoded) and a header.
    let minted = preset
        .mint(
            &fields(json!({"secret": "00ff10ab", "team": "red", "tenant": "a b&c"})),
            None,
            &at_now(),
        )
        .unwrap();
    assert_eq!(minted.payload.unwrap()["tenant"], "a b&c");
    let request = minted.request.unwrap();
    assert_eq!(
        request.url,
        "https://billing.acme.example/v2/teams/red/invoices?tenant=a%20b%26c&limit=10"
    );
    assert_eq!(request.headers[1], ("X-Tenant".to_owned(), "a b&c".to_owned()));
    // Field rules and the lifetime's maximum.
    let error = preset
        .mint(
            &fields(json!({"secret": "00", "team": "Red Team", "lifetime": "16m"})),
            None,
            &at_now(),
        )
        .unwrap_err();
    assert_eq!(error.code(), "FIELDS_INVALID");
    assert!(error.to_string().contains("team: lower-case letters"), "{error}");
    let error = preset
        .mint(
            &fields(json!({"secret": "00", "team": "red", "lifetime": "16m"})),
            None,
            &at_now(),
        )
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("lifetime: this service accepts at most 15 minutes"),
        "{error}"
    );
}

#[test]
fn every_built_in_document_reads_and_is_listed_in_order() {
    assert_eq!(
        documents().len(),
        presets().len(),
        "every built-in document reads"
    );
    for ((file, text), preset) in documents().iter().zip(presets()) {
        assert_eq!(*file, format!("{}.json", preset.id));
        assert_eq!(Preset::from_json(text, file).unwrap().id, preset.id);
        assert_eq!(preset.source, "built-in");
    }
    let github = presets().iter().find(|preset| preset.id == "github-app").unwrap();
    assert_eq!(github.hosts, ["{api_url}"]);
    let snowflake = presets().iter().find(|preset| preset.id == "snowflake").unwrap();
    assert_eq!(snowflake.hosts, ["{account}.snowflakecomputing.com"]);
}

/// `change` applied to the internal document must be refused at `at` with a message holding
/// `says`.
fn refused(change: impl FnOnce(&mut Value), at: &str, says: &str) {
    let mut document = internal();
    change(&mut document);
    let error = Preset::from_json(&document.to_string(), "x.json").unwrap_err();
    assert_eq!(error.code(), "PRESET_INVALID");
    let text = error.to_string();
    let place = if at.is_empty() {
        "x.json: ".to_owned()
    } else {
        format!("x.json: {at}: ")
    };
    assert!(
        text.starts_with(&place) && text.contains(says),
        "{at}: {says}: got {text}"
    );
}

#[test]
fn mistakes_are_reported_with_their_place() {
    refused(
        |d| d["claims"]["exp"] = json!("{lifetme}"),
        "claims.exp",
        "unknown name 'lifetme'",
    );
    refused(
        |d| d["claims"]["exp"] = json!("{exp | uper}"),
        "claims.exp",
        "unknown filter 'uper'",
    );
    refused(
        |d| d["claims"]["exp"] = json!("{exp"),
        "claims.exp",
        "unclosed '{'",
    );
    refused(
        |d| d["claims"]["sub"] = json!("{tenant}"),
        "claims.sub",
        "field 'tenant' is optional",
    );
    refused(
        |d| d["claims"]["sub"] = json!("{token}"),
        "claims.sub",
        "'token' is only known",
    );
    refused(
        |d| d["claims"]["sub"] = json!("{team.name}"),
        "claims.sub",
        "not a JSON field",
    );
    refused(
        |d| d["claims"]["sub"] = json!("{now + x}"),
        "claims.sub",
        "not a whole number",
    );
    refused(
        |d| d["request"]["headers"]["X"] = json!("{key.spki_sha256}"),
        "request.headers.X",
        "only known in the header and claims",
    );
    refused(
        |d| d["request"]["query"]["tenant"]["when"] = json!("nobody"),
        "request.query.tenant.when",
        "unknown name 'nobody'",
    );
    refused(
        |d| d["request"]["mehtod"] = json!("GET"),
        "request.mehtod",
        "unknown member 'mehtod'",
    );
    refused(
        |d| d["fields"][0]["kind"] = json!("password"),
        "fields.0.kind",
        "unknown kind 'password'",
    );
    refused(
        |d| d["fields"][1]["name"] = json!("secret"),
        "fields.1.name",
        "a second field named 'secret'",
    );
    refused(
        |d| d["fields"][0]["default"] = json!("00"),
        "fields.0.default",
        "a secret field has no default",
    );
    refused(
        |d| d["fields"][1]["validate"][0] = json!({"chars": "z-a", "message": "m"}),
        "fields.1.validate.0.chars",
        "backwards",
    );
    refused(|d| d["algorithm"] = json!("none"), "algorithm", "none");
    refused(
        |d| {
            d["algorithm"] = json!("{team}");
            d["algorithms"] = json!(["HS256"]);
        },
        "algorithm",
        "must be a choice",
    );
    refused(
        |d| d["key"]["field"] = json!("team"),
        "key.field",
        "mark it \"secret\"",
    );
    refused(|d| d["key"]["encoding"] = json!("rot13"), "key.encoding", "");
    refused(
        |d| d["key"]["text"] = json!("00ff10ab"),
        "key.text",
        "a document never holds a key",
    );
    refused(
        |d| d["key"]["text"] = json!("{team}"),
        "key.text",
        "the key comes from field 'secret'",
    );
    refused(
        |d| d["key"]["passphrase"] = json!("hunter2"),
        "key.passphrase",
        "a document never holds one",
    );
    refused(
        |d| d["lifetime"]["max"] = json!("1m"),
        "fields.5.default",
        "longer than lifetime.max",
    );
    refused(
        |d| d["lifetime"]["default"] = json!("20m"),
        "lifetime.default",
        "longer than lifetime.max",
    );
    refused(
        |d| d["fields"][5]["kind"] = json!("text"),
        "fields.5.kind",
        "of kind \"lifetime\"",
    );
    refused(|d| d["format"] = json!(2), "format", "must be 1");
    refused(|d| d["id"] = json!("Has Spaces"), "id", "a-z, 0-9 and -");
    refused(|d| d["docs"] = json!("javascript:alert(1)"), "docs", "https://");
    refused(
        |d| d["header"] = json!({"...": "{team}"}),
        "header....",
        "ending in | json",
    );
    refused(
        |d| {
            d["exchange"] =
                json!({"method": "POST", "url": "https://t.example/token", "read": "access token"})
        },
        "exchange.read",
        "letters, digits and _",
    );
    refused(
        |d| d["request"]["body"] = json!({"json": {}, "text": ""}),
        "request.body",
        "one of",
    );
    // Not an object, not JSON, a name given twice, too large.
    for (text, says) in [
        ("[]".to_owned(), "a JSON object"),
        ("{".to_owned(), "not JSON"),
        (r#"{"format": 1, "format": 1}"#.to_owned(), "format"),
        (
            format!("{{\"notes\": [\"{}\"]}}", "x".repeat(300_000)),
            "at most 256 KB",
        ),
    ] {
        let error = Preset::from_json(&text, "x.json").unwrap_err();
        assert_eq!(error.code(), "PRESET_INVALID");
        assert!(error.to_string().contains(says), "{says}: {error}");
    }
}

#[test]
fn a_document_key_from_a_json_member_and_a_base64_wrapped_pem() {
    // Mux hands out its signing key as base64 of the PEM.
    use base64::Engine;
    let wrapped = base64::engine::general_purpose::STANDARD.encode(read_fixture("rsa2048.pem"));
    let document = json!({
        "format": 1, "id": "wrapped", "name": "W", "description": "d", "docs": "https://example.com", "brings": "rsa-private-key",
        "fields": [{"name": "signing_key", "label": "Key", "kind": "text", "secret": true}, {"name": "id", "label": "Id", "kind": "text"}],
        "algorithm": "RS256",
        "key": {"field": "signing_key", "text": "{signing_key | base64-decode}"},
        "lifetime": {"default": "1h"},
        "header": {"alg": "RS256", "typ": "JWT", "kid": "{id}"},
        "claims": {"sub": "{id}", "exp": "{exp}", "thumb": "{key.thumbprint}"},
        "request": {"method": "GET", "url": "https://stream.example/{id | segment}.m3u8?token={token}"}
    });
    let preset = Preset::from_json(&document.to_string(), "wrapped.json").unwrap();
    let minted = preset
        .mint(
            &fields(json!({"signing_key": wrapped, "id": "p1"})),
            None,
            &at_now(),
        )
        .unwrap();
    let token = minted.token.unwrap();
    let public = common::import("rsa2048.pub.pem");
    let checks = VerifyOptions {
        now: Some(NOW),
        ..Default::default()
    };
    let payload = verify(&token, &public, &checks).unwrap().payload;
    assert_eq!(payload["thumb"], public.thumbprint().unwrap());
    assert_eq!(
        minted.request.unwrap().url,
        format!("https://stream.example/p1.m3u8?token={token}")
    );
    let error = preset
        .mint(
            &fields(json!({"signing_key": "not base64!", "id": "p1"})),
            None,
            &at_now(),
        )
        .unwrap_err();
    assert_eq!(error.field_problems()[0].0, "signing_key");
}

#[test]
fn an_exchange_document_mints_the_token_request_and_the_api_request() {
    let document = json!({
        "format": 1, "id": "bearer", "name": "B", "description": "d", "docs": "https://example.com", "brings": "rsa-private-key",
        "fields": [
            {"name": "private_key", "label": "Key", "kind": "pem", "secret": true},
            {"name": "client_id", "label": "Client", "kind": "text"},
            {"name": "scope", "label": "Scope", "kind": "text", "default": "a b"}
        ],
        "algorithm": "RS256",
        "key": {"field": "private_key"},
        "lifetime": {"default": "5m", "max": "1h"},
        "header": {"alg": "RS256", "typ": "JWT"},
        "claims": {"iss": "{client_id}", "aud": "https://auth.example/token", "iat": "{now}", "exp": "{exp}"},
        "exchange": {
            "method": "POST", "url": "https://auth.example/token",
            "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            "body": {"form": {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": "{token}", "scope": "{scope}"}},
            "read": "access_token"
        },
        "request": {"method": "GET", "url": "https://api.example/v1/me", "headers": {"Authorization": "Bearer {access_token}"}}
    });
    let preset = Preset::from_json(&document.to_string(), "bearer.json").unwrap();
    assert!(preset.exchange);
    assert_eq!(preset.hosts, ["auth.example", "api.example"]);
    let minted = preset
        .mint(
            &fields(json!({"private_key": read_fixture("rsa2048.pem"), "client_id": "c&1"})),
            None,
            &at_now(),
        )
        .unwrap();
    let token = minted.token.clone().unwrap();
    let exchange = minted.exchange.clone().unwrap();
    assert_eq!(exchange.read, "access_token");
    assert_eq!(
        exchange.request.body.as_deref(),
        Some(format!("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={token}&scope=a%20b").as_str())
    );
    let request = minted.request.clone().unwrap();
    assert_eq!(
        request.headers,
        [("Authorization".to_owned(), "Bearer {access_token}".to_owned())]
    );
    let json = minted.to_json();
    assert_eq!(json["exchange"]["read"], "access_token");
    assert_eq!(
        json["exchange"]["headers"]["Content-Type"],
        "application/x-www-form-urlencoded"
    );
    // Every format renders the two as one piece.
    for (name, format) in jwtmint::request::Format::ALL {
        let code = jwtmint::request::render_flow(Some(&exchange), &request, format).unwrap();
        assert!(
            code.contains("auth.example/token") && code.contains("api.example/v1/me"),
            "{name}"
        );
    }
    // `{access_token}` is only known after an exchange, and only in the request.
    let mut wrong = document.clone();
    wrong["claims"]["x"] = json!("{access_token}");
    let error = Preset::from_json(&wrong.to_string(), "w.json").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("w.json: claims.x: unknown name 'access_token'"),
        "{error}"
    );
}

/// A document that names a long field many times, or replaces each of its characters by a long
/// text, is refused in bounded time instead of taking gigabytes.
#[test]
fn templates_are_held_to_a_bounded_output() {
    let many = vec!["{blob}"; 20_000].concat();
    let expanding = format!("{{blob | replace:a={}}}", "b".repeat(100_000));
    for template in [many, expanding] {
        let document = json!({
            "format": 1, "id": "big", "name": "B", "description": "d", "docs": "https://example.com", "brings": "api-key",
            "fields": [{"name": "blob", "label": "Blob", "kind": "multiline"}],
            "request": {"method": "POST", "url": "https://x.example/", "body": {"text": template}}
        });
        let preset = Preset::from_json(&document.to_string(), "big.json").unwrap();
        let error = preset
            .mint(&fields(json!({"blob": "a".repeat(10_000)})), None, &at_now())
            .unwrap_err();
        assert!(error.to_string().contains("more than 16 MB"), "{error}");
    }
}

/// `when:` leaves a member out unless its condition holds; `lifetime.min` refuses a lifetime
/// the service would refuse (Zoom: at least 30 minutes).
#[test]
fn conditional_members_and_a_minimum_lifetime() {
    let mut document = internal();
    document["fields"][2] = json!({"name": "admin", "label": "Admin", "kind": "choice", "options": ["yes", "no"], "default": "no"});
    document["claims"]["admin"] = json!("{admin | when:admin=yes}");
    document["claims"]["role"] = json!("{team | upper | when:admin!=yes}");
    document["lifetime"] = json!({"min": "2m", "max": "15m"});
    let preset = Preset::from_json(&document.to_string(), "when.json").unwrap();
    let mint = |extra: Value| {
        let mut values = fields(json!({"secret": "00ff", "team": "red"}));
        values.extend(fields(extra));
        preset.mint(&values, None, &at_now())
    };
    let payload = mint(json!({})).unwrap().payload.unwrap();
    assert_eq!((payload.get("admin"), &payload["role"]), (None, &json!("RED")));
    let payload = mint(json!({"admin": "yes"})).unwrap().payload.unwrap();
    assert_eq!((&payload["admin"], payload.get("role")), (&json!("yes"), None));
    let error = mint(json!({"lifetime": "1m"})).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("lifetime: this service accepts at least 2 minutes"),
        "{error}"
    );
    let zoom = jwtmint::preset::preset("zoom-video-sdk").unwrap();
    assert!(zoom.fields.iter().any(|field| field.name == "lifetime"));
    // A condition on no field, and a minimum above the default, are document mistakes.
    document["claims"]["role"] = json!("{team | when:nobody=x}");
    let error = Preset::from_json(&document.to_string(), "when.json").unwrap_err();
    assert!(
        error.to_string().contains("claims.role: unknown name 'nobody'"),
        "{error}"
    );
    document["claims"]["role"] = json!("{team}");
    document["lifetime"] = json!({"min": "10m"});
    let error = Preset::from_json(&document.to_string(), "when.json").unwrap_err();
    assert!(error.to_string().contains("shorter than lifetime.min"), "{error}");
}
