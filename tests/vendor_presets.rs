//! The vendor presets (`presets/*.json`) mint what each vendor documents: the exact header and
//! claims text (names, order, JSON types), the lifetime limit (one second over is refused on the
//! field `lifetime`), the exchange and API request byte for byte (and renderable in each format). The thumbprints of the
//! Entra header are recomputed with openssl; tests/js/vendor-presets.test.mjs verifies the
//! signatures with node:crypto and jose. Facts and sources: each document's `docs`.

mod common;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use common::{openssl, read_fixture};
use jwtmint::preset::{MintOptions, Minted, Preset};
use jwtmint::request::{render_flow, Format};
use jwtmint::Object;
use serde_json::{json, Value};

const NOW: i64 = 1_700_000_000;
const JWT_BEARER: &str = "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer";
const ASSERTION_TYPE: &str = "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer";
const GHOST_KEY: &str =
    "6748592f4b9b7700010f6564:b1b5b9c1d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1";
const SECRET: &str = "a-vendor-secret-of-at-least-thirty-two-bytes";

/// A document of `presets/`, read and checked as the engine reads a file.
fn document(id: &str) -> Preset {
    let path = format!("{}/presets/{id}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    let preset =
        Preset::from_json(&text, &format!("presets/{id}.json")).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(preset.id, id, "the id is the file name");
    preset
}

fn mint(id: &str, fields: &Value) -> jwtmint::Result<Minted> {
    let fields: Object = fields.as_object().cloned().unwrap_or_default();
    document(id).mint(
        &fields,
        None,
        &MintOptions {
            now: Some(NOW),
            lifetime: None,
        },
    )
}

fn key_file() -> String {
    json!({"type": "service_account", "project_id": "my-proj", "private_key_id": "abc123",
        "private_key": read_fixture("rsa2048.pem"), "client_email": "sa@my-proj.iam.gserviceaccount.com"})
    .to_string()
}

/// A token's segment as text, with a random UUID in `jti` written as `UUID`.
fn segment(token: &str, index: usize) -> String {
    let part = token.split('.').nth(index).unwrap();
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap();
    match text.split_once("\"jti\":\"") {
        Some((before, after)) => {
            let (uuid, rest) = after.split_at(36);
            let shape = uuid.char_indices().all(|(at, c)| match at {
                8 | 13 | 18 | 23 => c == '-',
                14 => c == '4',
                19 => "89ab".contains(c),
                _ => c.is_ascii_hexdigit() && !c.is_ascii_uppercase(),
            });
            assert!(shape && rest.starts_with('"'), "jti {uuid} is a UUID v4");
            format!("{before}\"jti\":\"UUID{rest}")
        }
        None => text,
    }
}

/// base64url of a digest of the certificate's DER, by openssl.
fn thumbprint(digest: &str) -> String {
    let der = openssl(
        &["x509", "-outform", "DER"],
        read_fixture("rsa2048.cert.pem").as_bytes(),
    );
    URL_SAFE_NO_PAD.encode(openssl(&["dgst", digest, "-binary"], &der))
}

struct Case {
    id: &'static str,
    fields: Value,
    header: Value,
    claims: Value,
    max: Option<i64>,
    exchange: Value,
    request: Value,
}

/// A request as `Minted::to_json` writes it; `$TOKEN` stands for the token.
fn call(method: &str, url: &str, headers: Value, body: Value) -> Value {
    json!({"method": method, "url": url, "headers": headers, "body": body})
}

fn form_post(url: &str, body: &str, read: &str) -> Value {
    let mut exchange = call(
        "POST",
        url,
        json!({"Content-Type": "application/x-www-form-urlencoded"}),
        json!(body),
    );
    exchange["read"] = json!(read);
    exchange
}

fn cases() -> Vec<Case> {
    let rsa = read_fixture("rsa2048.pem");
    let (exp, hour) = (NOW + 3600, "Bearer {access_token}");
    let google_token = || {
        form_post(
            "https://oauth2.googleapis.com/token",
            &format!("grant_type={JWT_BEARER}&assertion=$TOKEN"),
            "access_token",
        )
    };
    let box_config = json!({"boxAppSettings": {"clientID": "box-client", "clientSecret": "box-secret",
        "appAuth": {"publicKeyID": "pk-1", "privateKey": read_fixture("rsa2048.enc.pem"), "passphrase": "correct-horse"}},
        "enterpriseID": "1234567"}).to_string();
    let mut okta_exchange = form_post("https://dev-1.okta.com/oauth2/v1/token",
        &format!("grant_type=client_credentials&scope=okta.users.read&client_assertion_type={ASSERTION_TYPE}&client_assertion=$TOKEN"), "access_token");
    okta_exchange["headers"] =
        json!({"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"});
    let mut firebase_exchange = call(
        "POST",
        "https://identitytoolkit.googleapis.com/v1/accounts:signInWithCustomToken?key=web-key",
        json!({"Content-Type": "application/json"}),
        json!("{\"token\":\"$TOKEN\",\"returnSecureToken\":true}"),
    );
    firebase_exchange["read"] = json!("idToken");
    vec![
        Case { id: "google-oauth", fields: json!({"key_file": key_file(), "subject": "admin@example.com"}),
            header: json!({"alg": "RS256", "typ": "JWT", "kid": "abc123"}),
            claims: json!({"iss": "sa@my-proj.iam.gserviceaccount.com", "scope": "https://www.googleapis.com/auth/cloud-platform",
                "aud": "https://oauth2.googleapis.com/token", "exp": exp, "iat": NOW, "sub": "admin@example.com"}),
            max: Some(3600), exchange: google_token(),
            request: call("GET", "https://cloudresourcemanager.googleapis.com/v1/projects/my-proj", json!({"Authorization": hour}), Value::Null) },
        Case { id: "google-id-token", fields: json!({"key_file": key_file(), "audience": "https://svc-abc-uc.a.run.app", "url": "https://svc-abc-uc.a.run.app/hello"}),
            header: json!({"alg": "RS256", "typ": "JWT", "kid": "abc123"}),
            claims: json!({"iss": "sa@my-proj.iam.gserviceaccount.com", "aud": "https://oauth2.googleapis.com/token", "exp": exp, "iat": NOW,
                "target_audience": "https://svc-abc-uc.a.run.app"}),
            max: Some(3600), exchange: { let mut e = google_token(); e["read"] = json!("id_token"); e },
            request: call("GET", "https://svc-abc-uc.a.run.app/hello", json!({"Authorization": "Bearer {id_token}"}), Value::Null) },
        Case { id: "salesforce", fields: json!({"private_key": rsa, "consumer_key": "3MVG9.key", "username": "me@example.com", "instance_url": "https://acme.my.salesforce.com/"}),
            header: json!({"alg": "RS256", "typ": "JWT"}),
            claims: json!({"iss": "3MVG9.key", "sub": "me@example.com", "aud": "https://login.salesforce.com", "exp": NOW + 180}),
            max: Some(180), exchange: form_post("https://login.salesforce.com/services/oauth2/token", &format!("grant_type={JWT_BEARER}&assertion=$TOKEN"), "access_token"),
            request: call("GET", "https://acme.my.salesforce.com/services/data/v62.0/limits", json!({"Authorization": hour}), Value::Null) },
        Case { id: "entra", fields: json!({"tenant": "contoso.onmicrosoft.com", "client_id": "app-1", "private_key": rsa, "certificate": read_fixture("rsa2048.cert.pem")}),
            header: json!({"alg": "PS256", "typ": "JWT", "x5t#S256": thumbprint("-sha256"), "x5t": thumbprint("-sha1")}),
            claims: json!({"aud": "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token", "exp": NOW + 300, "iss": "app-1",
                "jti": "UUID", "nbf": NOW, "sub": "app-1", "iat": NOW}),
            max: Some(600), exchange: form_post("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
                &format!("client_id=app-1&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_assertion_type={ASSERTION_TYPE}&client_assertion=$TOKEN&grant_type=client_credentials"), "access_token"),
            request: call("GET", "https://graph.microsoft.com/v1.0/organization", json!({"Authorization": hour}), Value::Null) },
        Case { id: "okta", fields: json!({"domain": "dev-1.okta.com", "client_id": "0oa1", "private_key": rsa, "kid": "k1"}),
            header: json!({"alg": "RS256", "kid": "k1", "typ": "JWT"}),
            claims: json!({"aud": "https://dev-1.okta.com/oauth2/v1/token", "iss": "0oa1", "sub": "0oa1", "iat": NOW, "exp": NOW + 300, "jti": "UUID"}),
            max: Some(3600), exchange: okta_exchange,
            request: call("GET", "https://dev-1.okta.com/api/v1/users?limit=1", json!({"Accept": "application/json", "Authorization": hour}), Value::Null) },
        Case { id: "auth0", fields: json!({"domain": "acme.us.auth0.com", "client_id": "c1", "private_key": rsa, "audience": "https://acme.us.auth0.com/api/v2/",
                "api_url": "https://acme.us.auth0.com/api/v2/clients"}),
            header: json!({"alg": "RS256", "typ": "JWT"}),
            claims: json!({"iss": "c1", "sub": "c1", "aud": "https://acme.us.auth0.com/", "iat": NOW, "exp": NOW + 60, "jti": "UUID"}),
            max: Some(300), exchange: form_post("https://acme.us.auth0.com/oauth/token",
                &format!("grant_type=client_credentials&client_assertion_type={ASSERTION_TYPE}&client_assertion=$TOKEN&audience=https%3A%2F%2Facme.us.auth0.com%2Fapi%2Fv2%2F"), "access_token"),
            request: call("GET", "https://acme.us.auth0.com/api/v2/clients", json!({"Authorization": hour}), Value::Null) },
        Case { id: "docusign", fields: json!({"private_key": rsa, "integration_key": "ik-1", "user_id": "4be5d6c8-0000-4000-8000-000000000001"}),
            header: json!({"alg": "RS256", "typ": "JWT"}),
            claims: json!({"iss": "ik-1", "sub": "4be5d6c8-0000-4000-8000-000000000001", "aud": "account-d.docusign.com", "iat": NOW, "exp": exp,
                "scope": "signature impersonation"}),
            max: Some(3600), exchange: form_post("https://account-d.docusign.com/oauth/token", &format!("grant_type={JWT_BEARER}&assertion=$TOKEN"), "access_token"),
            request: call("GET", "https://account-d.docusign.com/oauth/userinfo", json!({"Authorization": hour}), Value::Null) },
        Case { id: "box", fields: json!({"config": box_config}),
            header: json!({"alg": "RS512", "typ": "JWT", "kid": "pk-1"}),
            claims: json!({"iss": "box-client", "sub": "1234567", "box_sub_type": "enterprise", "aud": "https://api.box.com/oauth2/token", "jti": "UUID", "exp": NOW + 45}),
            max: Some(60), exchange: form_post("https://api.box.com/oauth2/token",
                &format!("grant_type={JWT_BEARER}&assertion=$TOKEN&client_id=box-client&client_secret=box-secret"), "access_token"),
            request: call("GET", "https://api.box.com/2.0/users/me", json!({"Authorization": hour}), Value::Null) },
        Case { id: "firebase", fields: json!({"key_file": key_file(), "uid": "user-1", "claims": "{\"premium\": true}", "web_api_key": "web-key"}),
            header: json!({"alg": "RS256", "typ": "JWT"}),
            claims: json!({"iss": "sa@my-proj.iam.gserviceaccount.com", "sub": "sa@my-proj.iam.gserviceaccount.com",
                "aud": "https://identitytoolkit.googleapis.com/google.identity.identitytoolkit.v1.IdentityToolkit",
                "iat": NOW, "exp": exp, "uid": "user-1", "claims": {"premium": true}}),
            max: Some(3600), exchange: firebase_exchange,
            request: call("POST", "https://identitytoolkit.googleapis.com/v1/accounts:lookup?key=web-key", json!({"Content-Type": "application/json"}),
                json!("{\"idToken\":\"{idToken}\"}")) },
        Case { id: "ghost", fields: json!({"admin_key": GHOST_KEY, "admin_url": "https://blog.ghost.io/"}),
            header: json!({"alg": "HS256", "kid": "6748592f4b9b7700010f6564", "typ": "JWT"}),
            claims: json!({"exp": NOW + 300, "iat": NOW, "aud": "/admin/"}),
            max: Some(300), exchange: Value::Null,
            request: call("GET", "https://blog.ghost.io/ghost/api/admin/posts/?limit=1", json!({"Accept-Version": "v5.0", "Authorization": "Ghost $TOKEN"}), Value::Null) },
        Case { id: "tableau", fields: json!({"client_id": "ca-1", "secret_id": "sid-1", "secret_value": SECRET, "username": "Me@Example.com",
                "scopes": "tableau:content:read tableau:views:embed", "server": "https://prod-useast-b.online.tableau.com", "site": "acme"}),
            header: json!({"alg": "HS256", "typ": "JWT", "kid": "sid-1", "iss": "ca-1"}),
            claims: json!({"iss": "ca-1", "exp": NOW + 300, "jti": "UUID", "aud": "tableau", "sub": "Me@Example.com",
                "scp": ["tableau:content:read", "tableau:views:embed"]}),
            max: Some(600), exchange: Value::Null,
            request: call("POST", "https://prod-useast-b.online.tableau.com/api/3.22/auth/signin", json!({"Accept": "application/json", "Content-Type": "application/json"}),
                json!("{\"credentials\":{\"jwt\":\"$TOKEN\",\"site\":{\"contentUrl\":\"acme\"}}}")) },
        Case { id: "livekit", fields: json!({"api_key": "APIabc", "api_secret": SECRET, "identity": "alice", "room": "standup"}),
            header: json!({"alg": "HS256", "typ": "JWT"}),
            claims: json!({"exp": exp, "iss": "APIabc", "sub": "alice", "nbf": NOW, "video": {"room": "standup", "roomJoin": true}}),
            max: None, exchange: Value::Null, request: Value::Null },
        Case { id: "zoom-video-sdk", fields: json!({"sdk_key": "sdk-key", "sdk_secret": SECRET, "session_name": "Daily Sync", "role": "1", "user_key": "u-1"}),
            header: json!({"alg": "HS256", "typ": "JWT"}),
            claims: json!({"app_key": "sdk-key", "role_type": 1, "tpc": "Daily Sync", "version": 1, "iat": NOW, "exp": NOW + 7200, "user_key": "u-1"}),
            max: Some(172_800), exchange: Value::Null, request: Value::Null },
        Case { id: "metabase", fields: json!({"site_url": "https://metabase.example.com", "secret_key": SECRET, "dashboard": "12", "params": "{\"customer_id\": 42}"}),
            header: json!({"alg": "HS256", "typ": "JWT"}),
            claims: json!({"resource": {"dashboard": 12}, "params": {"customer_id": 42}, "exp": NOW + 600}),
            max: None, exchange: Value::Null,
            request: call("GET", "https://metabase.example.com/embed/dashboard/$TOKEN#bordered=true&titled=true", json!({}), Value::Null) },
        Case { id: "mux", fields: json!({"playback_id": "pb123", "key_id": "sk-1", "private_key": STANDARD.encode(rsa.as_bytes())}),
            header: json!({"alg": "RS256", "typ": "JWT", "kid": "sk-1"}),
            claims: json!({"sub": "pb123", "aud": "v", "exp": NOW + 604_800}),
            max: None, exchange: Value::Null,
            request: call("GET", "https://stream.mux.com/pb123.m3u8?token=$TOKEN", json!({}), Value::Null) },
    ]
}

/// The fields an error is marked as.
fn refused_fields(error: &jwtmint::Error) -> Vec<String> {
    error
        .field_problems()
        .into_iter()
        .map(|(field, _)| field.to_string())
        .collect()
}

/// `$TOKEN` in `expected` replaced by the minted token.
fn with_token(expected: &Value, token: &str) -> Value {
    serde_json::from_str(&expected.to_string().replace("$TOKEN", token)).unwrap()
}

#[test]
fn every_vendor_preset_mints_the_documented_token_and_requests() {
    for case in cases() {
        let minted = mint(case.id, &case.fields).unwrap_or_else(|error| panic!("{}: {error}", case.id));
        let token = minted.token.clone().unwrap();
        assert_eq!(segment(&token, 0), case.header.to_string(), "{}: header", case.id);
        assert_eq!(segment(&token, 1), case.claims.to_string(), "{}: claims", case.id);
        assert!(minted.warnings.is_empty(), "{}: {:?}", case.id, minted.warnings);
        let json = minted.to_json();
        assert_eq!(
            json["exchange"],
            with_token(&case.exchange, &token),
            "{}: exchange",
            case.id
        );
        assert_eq!(
            json["request"],
            with_token(&case.request, &token),
            "{}: request",
            case.id
        );
        if let Some(request) = &minted.request {
            for format in [
                Format::CurlPosix,
                Format::CurlPowerShell,
                Format::Fetch,
                Format::Python,
                Format::Httpie,
            ] {
                let rendered = render_flow(minted.exchange.as_ref(), request, format);
                rendered.unwrap_or_else(|error| panic!("{}: {format:?}: {error}", case.id));
            }
        }
    }
}

#[test]
fn the_vendors_longest_lifetime_is_accepted_and_one_second_more_refused_on_lifetime() {
    for case in cases() {
        let Some(max) = case.max else { continue };
        let mut fields = case.fields.clone();
        fields["lifetime"] = json!(format!("{max}s"));
        let minted = mint(case.id, &fields).unwrap_or_else(|error| panic!("{}: {error}", case.id));
        assert_eq!(
            minted.to_json()["payload"]["exp"].as_i64().unwrap() - max,
            NOW,
            "{}",
            case.id
        );
        fields["lifetime"] = json!(format!("{}s", max + 1));
        let error = mint(case.id, &fields)
            .err()
            .unwrap_or_else(|| panic!("{}: over the max was minted", case.id));
        assert_eq!(error.code(), "FIELDS_INVALID", "{}", case.id);
        assert_eq!(refused_fields(&error), ["lifetime"], "{}", case.id);
    }
}

/// The payload, the header and the JSON of a mint that must succeed.
fn minted(id: &str, fields: Value) -> (Value, Value, Value) {
    let minted = mint(id, &fields).unwrap_or_else(|error| panic!("{id}: {error}"));
    let json = minted.to_json();
    (json["header"].clone(), json["payload"].clone(), json)
}

#[test]
fn choices_and_optional_fields_change_only_their_part() {
    let (_, payload, _) = minted("google-oauth", json!({"key_file": key_file()}));
    assert_eq!(payload.get("sub"), None, "no subject, no sub");
    let rsa = read_fixture("rsa2048.pem");
    let entra = json!({"tenant": "t1", "client_id": "a", "private_key": rsa, "certificate": read_fixture("rsa2048.cert.pem"), "alg": "RS256"});
    assert_eq!(minted("entra", entra).0["alg"], "RS256");
    let config =
        json!({"boxAppSettings": {"clientID": "c", "clientSecret": "s", "appAuth": {"publicKeyID": "p",
        "privateKey": read_fixture("rsa2048.enc.pem"), "passphrase": "correct-horse"}}})
        .to_string();
    let (header, payload, _) = minted(
        "box",
        json!({"config": config, "box_sub_type": "user", "subject": "987", "alg": "RS256"}),
    );
    assert_eq!(
        (&header["alg"], &payload["sub"], &payload["box_sub_type"]),
        (&json!("RS256"), &json!("987"), &json!("user")),
        "a user id needs no enterpriseID"
    );
    let tableau = json!({"client_id": "c", "secret_id": "s", "secret_value": SECRET, "username": "u", "server": "https://tableau.example.com"});
    let body: Value =
        serde_json::from_str(minted("tableau", tableau).2["request"]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body["credentials"]["site"],
        json!({"contentUrl": ""}),
        "the default site is the empty content URL"
    );
    let okta = json!({"domain": "id.example.com", "client_id": "c", "private_key": read_fixture("ec.pem"), "alg": "ES256", "token_path": "/oauth2/default/v1/token"});
    let (header, payload, json) = minted("okta", okta);
    assert_eq!(
        (&header["alg"], &payload["aud"]),
        (
            &json!("ES256"),
            &json!("https://id.example.com/oauth2/default/v1/token")
        )
    );
    assert_eq!(
        json["exchange"]["url"], payload["aud"],
        "the assertion goes where its aud says"
    );
    let (_, payload, _) = minted(
        "firebase",
        json!({"key_file": key_file(), "uid": "u", "web_api_key": "k"}),
    );
    assert_eq!(payload.get("claims"), None, "no custom claims, no claims member");
}

#[test]
fn what_each_vendor_would_refuse_is_refused_on_its_field() {
    let rsa = read_fixture("rsa2048.pem");
    let pem_for_mux = json!({"playback_id": "p", "key_id": "k", "private_key": rsa});
    let cases = [
        ("mux", pem_for_mux, "private_key"),
        (
            "ghost",
            json!({"admin_key": "a1b2c3d4e5f6", "admin_url": "https://blog.example.com"}),
            "admin_key",
        ),
        (
            "google-oauth",
            json!({"key_file": "{\"installed\": {\"client_id\": \"x\"}}"}),
            "key_file",
        ),
        (
            "google-oauth",
            json!({"key_file": key_file(), "scope": "a,b"}),
            "scope",
        ),
        (
            "google-oauth",
            json!({"key_file": key_file(), "service": "storage.googleapis.com"}),
            "service",
        ),
        (
            "salesforce",
            json!({"private_key": rsa, "consumer_key": "c", "username": "u", "login_url": "https://login.salesforce.com/services/oauth2/token"}),
            "login_url",
        ),
        (
            "zoom-video-sdk",
            json!({"sdk_key": "k", "sdk_secret": SECRET, "session_name": "x".repeat(201)}),
            "session_name",
        ),
        (
            "metabase",
            json!({"site_url": "https://m.example.com", "secret_key": SECRET, "dashboard": "twelve"}),
            "dashboard",
        ),
        (
            "docusign",
            json!({"private_key": rsa, "integration_key": "i", "user_id": "u", "scope": "signature"}),
            "scope",
        ),
        (
            "entra",
            json!({"tenant": "t/../x", "client_id": "a", "private_key": rsa, "certificate": read_fixture("rsa2048.cert.pem")}),
            "tenant",
        ),
    ];
    for (id, fields, field) in cases {
        let error = mint(id, &fields)
            .err()
            .unwrap_or_else(|| panic!("{id}: minted {fields}"));
        assert_eq!(refused_fields(&error), [field], "{id}: {error}");
    }
}

#[test]
fn a_pfx_converted_as_the_entra_notes_say_mints_and_the_whole_pfx_text_is_refused() {
    let dir = common::temp_dir();
    let pfx = dir.path().join("cert.pfx").to_string_lossy().into_owned();
    let (key, cert) = (
        common::fixture("rsa2048.pem"),
        common::fixture("rsa2048.cert.pem"),
    );
    let (key, cert) = (key.to_string_lossy(), cert.to_string_lossy());
    openssl(
        &[
            "pkcs12", "-export", "-in", &cert, "-inkey", &key, "-passout", "pass:p12", "-out", &pfx,
        ],
        b"",
    );
    let convert = |extra: &[&str]| {
        let mut args = vec!["pkcs12", "-in", pfx.as_str(), "-passin", "pass:p12"];
        args.extend_from_slice(extra);
        String::from_utf8(openssl(&args, b"")).unwrap()
    };
    let fields = |private_key: String| {
        json!({"tenant": "t1", "client_id": "a", "private_key": private_key,
            "certificate": convert(&["-clcerts", "-nokeys"])})
    };
    let (header, _, _) = minted("entra", fields(convert(&["-nocerts", "-nodes"])));
    assert_eq!(
        (&header["x5t#S256"], &header["x5t"]),
        (&json!(thumbprint("-sha256")), &json!(thumbprint("-sha1")))
    );
    let error = mint("entra", &fields(convert(&["-nodes"]))).expect_err("key and certificate in one field");
    assert_eq!(
        (error.code(), refused_fields(&error)),
        ("KEY_MULTIPLE_PEM", vec!["private_key".to_owned()]),
        "{error}"
    );
}
