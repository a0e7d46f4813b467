//! The vendor presets (`presets/*.json`) mint what each vendor documents: the exact header and
//! claims text (names, order, JSON types), the lifetime limit (one second over is refused on the
//! field `lifetime`), and the exchange and API request byte for byte, renderable in every format.
//! The Entra thumbprints are recomputed with openssl; tests/js/vendor-presets.test.mjs verifies
//! the signatures with node:crypto and jose. Facts and sources: each document's `docs`.

mod common;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use common::{openssl, read_fixture};
use jwtmint::preset::{MintOptions, Minted, Preset};
use jwtmint::request::{render_flow, Format};
use serde_json::{json, Value};

/// `now` of every mint: numbers 1700000000 + n below are `now + n`.
const NOW: i64 = 1_700_000_000;
const SECRET: &str = "a-vendor-secret-of-at-least-thirty-two-bytes";

/// Per preset: fields, header and claims exactly, the longest lifetime in seconds, and the
/// exchange and request as `Minted::to_json` writes them. A string `"$NAME"` is a fixture of
/// `fill`; `$TOKEN` is the minted token; `$JWT_BEARER`, `$ASSERTION` and `$GRAPH` are form-encoded
/// text.
const CASES: &str = r#"[
{"id": "google-oauth", "max": 3600, "fields": {"key_file": "$KEY_FILE", "subject": "admin@example.com"},
 "header": {"alg": "RS256", "typ": "JWT", "kid": "abc123"},
 "claims": {"iss": "$SA", "scope": "https://www.googleapis.com/auth/cloud-platform",
   "aud": "https://oauth2.googleapis.com/token", "exp": 1700003600, "iat": 1700000000,
   "sub": "admin@example.com"},
 "exchange": {"method": "POST", "url": "https://oauth2.googleapis.com/token", "headers": "$FORM",
   "body": "grant_type=$JWT_BEARER&assertion=$TOKEN", "read": "access_token"},
 "request": {"method": "GET", "url": "https://cloudresourcemanager.googleapis.com/v1/projects/my-proj",
   "headers": {"Authorization": "Bearer {access_token}"}, "body": null}},
{"id": "google-id-token", "max": 3600,
 "fields": {"key_file": "$KEY_FILE", "audience": "https://svc-uc.a.run.app",
   "url": "https://svc-uc.a.run.app/hi"},
 "header": {"alg": "RS256", "typ": "JWT", "kid": "abc123"},
 "claims": {"iss": "$SA", "aud": "https://oauth2.googleapis.com/token", "exp": 1700003600, "iat": 1700000000,
   "target_audience": "https://svc-uc.a.run.app"},
 "exchange": {"method": "POST", "url": "https://oauth2.googleapis.com/token", "headers": "$FORM",
   "body": "grant_type=$JWT_BEARER&assertion=$TOKEN", "read": "id_token"},
 "request": {"method": "GET", "url": "https://svc-uc.a.run.app/hi",
   "headers": {"Authorization": "Bearer {id_token}"},
   "body": null}},
{"id": "salesforce", "max": 180, "fields": {"private_key": "$RSA", "consumer_key": "3MVG9.key",
   "username": "me@example.com", "instance_url": "https://acme.my.salesforce.com/"},
 "header": {"alg": "RS256", "typ": "JWT"},
 "claims": {"iss": "3MVG9.key", "sub": "me@example.com", "aud": "https://login.salesforce.com",
   "exp": 1700000180},
 "exchange": {"method": "POST", "url": "https://login.salesforce.com/services/oauth2/token",
   "headers": "$FORM",
   "body": "grant_type=$JWT_BEARER&assertion=$TOKEN", "read": "access_token"},
 "request": {"method": "GET", "url": "https://acme.my.salesforce.com/services/data/v62.0/limits",
   "headers": {"Authorization": "Bearer {access_token}"}, "body": null}},
{"id": "entra", "max": 600,
 "fields": {"tenant": "contoso.com", "client_id": "app-1", "private_key": "$RSA", "certificate": "$CERT"},
 "header": {"alg": "PS256", "typ": "JWT", "x5t#S256": "$X5T_S256"},
 "claims": {"aud": "https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token", "exp": 1700000300,
   "iss": "app-1", "jti": "UUID", "nbf": 1700000000, "sub": "app-1", "iat": 1700000000},
 "exchange": {"method": "POST", "url": "https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token",
   "headers": "$FORM",
   "body": "client_id=app-1&scope=$GRAPH&$ASSERTION&grant_type=client_credentials",
   "read": "access_token"},
 "request": {"method": "GET", "url": "https://graph.microsoft.com/v1.0/organization",
   "headers": {"Authorization": "Bearer {access_token}"}, "body": null}},
{"id": "okta", "max": 3600, "fields": {"domain": "dev-1.okta.com", "client_id": "0oa1",
   "private_key": "$RSA", "kid": "k1"},
 "header": {"alg": "RS256", "kid": "k1", "typ": "JWT"},
 "claims": {"aud": "https://dev-1.okta.com/oauth2/v1/token", "iss": "0oa1", "sub": "0oa1", "iat": 1700000000,
   "exp": 1700000300, "jti": "UUID"},
 "exchange": {"method": "POST", "url": "https://dev-1.okta.com/oauth2/v1/token",
   "headers": {"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"},
   "body": "grant_type=client_credentials&scope=okta.users.read&$ASSERTION", "read": "access_token"},
 "request": {"method": "GET", "url": "https://dev-1.okta.com/api/v1/users?limit=1",
   "headers": {"Accept": "application/json", "Authorization": "Bearer {access_token}"}, "body": null}},
{"id": "auth0", "max": 300, "fields": {"domain": "acme.auth0.com", "client_id": "c1", "private_key": "$RSA",
   "audience": "https://acme.auth0.com/api/v2/", "api_url": "https://acme.auth0.com/api/v2/clients"},
 "header": {"alg": "RS256", "typ": "JWT"},
 "claims": {"iss": "c1", "sub": "c1", "aud": "https://acme.auth0.com/", "iat": 1700000000, "exp": 1700000060,
   "jti": "UUID"},
 "exchange": {"method": "POST", "url": "https://acme.auth0.com/oauth/token", "headers": "$FORM",
   "body": "grant_type=client_credentials&$ASSERTION&audience=https%3A%2F%2Facme.auth0.com%2Fapi%2Fv2%2F",
   "read": "access_token"},
 "request": {"method": "GET", "url": "https://acme.auth0.com/api/v2/clients",
   "headers": {"Authorization": "Bearer {access_token}"}, "body": null}},
{"id": "docusign", "max": 3600, "fields": {"private_key": "$RSA", "integration_key": "ik-1",
   "user_id": "u-1"},
 "header": {"alg": "RS256", "typ": "JWT"},
 "claims": {"iss": "ik-1", "sub": "u-1", "aud": "account-d.docusign.com", "iat": 1700000000,
   "exp": 1700003600,
   "scope": "signature impersonation"},
 "exchange": {"method": "POST", "url": "https://account-d.docusign.com/oauth/token", "headers": "$FORM",
   "body": "grant_type=$JWT_BEARER&assertion=$TOKEN", "read": "access_token"},
 "request": {"method": "GET", "url": "https://account-d.docusign.com/oauth/userinfo",
   "headers": {"Authorization": "Bearer {access_token}"}, "body": null}},
{"id": "box", "max": 60, "fields": {"config": "$BOX_CONFIG"},
 "header": {"alg": "RS512", "typ": "JWT", "kid": "pk-1"},
 "claims": {"iss": "box-client", "sub": "1234567", "box_sub_type": "enterprise",
   "aud": "https://api.box.com/oauth2/token", "jti": "UUID", "exp": 1700000045},
 "exchange": {"method": "POST", "url": "https://api.box.com/oauth2/token", "headers": "$FORM",
   "body": "grant_type=$JWT_BEARER&assertion=$TOKEN&client_id=box-client&client_secret=box-secret",
   "read": "access_token"},
 "request": {"method": "GET", "url": "https://api.box.com/2.0/users/me",
   "headers": {"Authorization": "Bearer {access_token}"}, "body": null}},
{"id": "firebase", "max": 3600,
 "fields": {"key_file": "$KEY_FILE", "uid": "user-1", "claims": "{\"premium\": true}",
   "web_api_key": "web-key"},
 "header": {"alg": "RS256", "typ": "JWT"},
 "claims": {"iss": "$SA", "sub": "$SA",
   "aud": "https://identitytoolkit.googleapis.com/google.identity.identitytoolkit.v1.IdentityToolkit",
   "iat": 1700000000, "exp": 1700003600, "uid": "user-1", "claims": {"premium": true}},
 "exchange": {"method": "POST",
   "url": "https://identitytoolkit.googleapis.com/v1/accounts:signInWithCustomToken?key=web-key",
   "headers": {"Content-Type": "application/json"},
   "body": "{\"token\":\"$TOKEN\",\"returnSecureToken\":true}", "read": "idToken"},
 "request": {"method": "POST", "url": "https://identitytoolkit.googleapis.com/v1/accounts:lookup?key=web-key",
   "headers": {"Content-Type": "application/json"}, "body": "{\"idToken\":\"{idToken}\"}"}},
{"id": "ghost", "max": 300, "fields": {"admin_key": "$GHOST_KEY", "admin_url": "https://blog.ghost.io/"},
 "header": {"alg": "HS256", "kid": "6748592f4b9b7700010f6564", "typ": "JWT"},
 "claims": {"exp": 1700000300, "iat": 1700000000, "aud": "/admin/"},
 "exchange": null,
 "request": {"method": "GET", "url": "https://blog.ghost.io/ghost/api/admin/posts/?limit=1",
   "headers": {"Accept-Version": "v5.0", "Authorization": "Ghost $TOKEN"}, "body": null}},
{"id": "tableau", "max": 600, "fields": {"client_id": "ca-1", "secret_id": "sid-1", "secret_value": "$SECRET",
   "username": "Me@Example.com", "scopes": "tableau:content:read tableau:views:embed",
   "server": "https://prod-useast-b.online.tableau.com", "site": "acme"},
 "header": {"alg": "HS256", "typ": "JWT", "kid": "sid-1", "iss": "ca-1"},
 "claims": {"iss": "ca-1", "exp": 1700000300, "jti": "UUID", "aud": "tableau", "sub": "Me@Example.com",
   "scp": ["tableau:content:read", "tableau:views:embed"]},
 "exchange": null,
 "request": {"method": "POST", "url": "https://prod-useast-b.online.tableau.com/api/3.22/auth/signin",
   "headers": {"Accept": "application/json", "Content-Type": "application/json"},
   "body": "{\"credentials\":{\"jwt\":\"$TOKEN\",\"site\":{\"contentUrl\":\"acme\"}}}"}},
{"id": "livekit", "max": null,
 "fields": {"api_key": "APIabc", "api_secret": "$SECRET", "identity": "alice", "room": "standup"},
 "header": {"alg": "HS256", "typ": "JWT"},
 "claims": {"exp": 1700003600, "iss": "APIabc", "sub": "alice", "nbf": 1700000000,
   "video": {"room": "standup", "roomJoin": true}},
 "exchange": null, "request": null},
{"id": "zoom-video-sdk", "max": 172800, "fields": {"sdk_key": "sdk-key", "sdk_secret": "$SECRET",
   "session_name": "Daily Sync", "role": "1", "user_key": "u-1"},
 "header": {"alg": "HS256", "typ": "JWT"},
 "claims": {"app_key": "sdk-key", "role_type": 1, "tpc": "Daily Sync", "version": 1, "iat": 1700000000,
   "exp": 1700007200, "user_key": "u-1"},
 "exchange": null, "request": null},
{"id": "metabase", "max": null, "fields": {"site_url": "https://metabase.example.com",
   "secret_key": "$SECRET",
   "dashboard": "12", "params": "{\"customer_id\": 42}"},
 "header": {"alg": "HS256", "typ": "JWT"},
 "claims": {"resource": {"dashboard": 12}, "params": {"customer_id": 42}, "exp": 1700000600},
 "exchange": null,
 "request": {"method": "GET",
   "url": "https://metabase.example.com/embed/dashboard/$TOKEN#bordered=true&titled=true",
   "headers": {}, "body": null}},
{"id": "mux", "max": null, "fields": {"playback_id": "pb123", "key_id": "sk-1", "private_key": "$MUX_KEY"},
 "header": {"alg": "RS256", "typ": "JWT", "kid": "sk-1"},
 "claims": {"sub": "pb123", "aud": "v", "exp": 1700604800},
 "exchange": null,
 "request": {"method": "GET", "url": "https://stream.mux.com/pb123.m3u8?token=$TOKEN", "headers": {},
   "body": null}}
]"#;

/// Fixtures and invalid inputs: `[id, fields, the field the error is marked as, its code]`.
const REFUSED: &str = r#"[
["mux", {"playback_id": "p", "key_id": "k", "private_key": "$RSA"}, "private_key", "FIELDS_INVALID"],
["ghost", {"admin_key": "a1b2c3d4e5f6", "admin_url": "https://blog.example.com"}, "admin_key",
   "FIELDS_INVALID"],
["google-oauth", {"key_file": "{\"installed\": {\"client_id\": \"x\"}}"}, "key_file", "FIELDS_INVALID"],
["google-oauth", {"key_file": "$KEY_FILE", "scope": "a,b"}, "scope", "FIELDS_INVALID"],
["google-oauth", {"key_file": "$KEY_FILE", "service": "storage.googleapis.com"}, "service", "FIELDS_INVALID"],
["salesforce", {"private_key": "$RSA", "consumer_key": "c", "username": "u",
  "login_url": "https://login.salesforce.com/services/oauth2/token"}, "login_url", "FIELDS_INVALID"],
["zoom-video-sdk", {"sdk_key": "k", "sdk_secret": "$SECRET", "session_name": "$LONG"}, "session_name",
   "FIELDS_INVALID"],
["metabase", {"site_url": "https://m.example.com", "secret_key": "$SECRET", "dashboard": "twelve"},
   "dashboard",
  "FIELDS_INVALID"],
["docusign", {"private_key": "$RSA", "integration_key": "i", "user_id": "u", "scope": "signature"}, "scope",
  "FIELDS_INVALID"],
["entra", {"tenant": "t/../x", "client_id": "a", "private_key": "$RSA", "certificate": "$CERT"}, "tenant",
  "FIELDS_INVALID"],
["entra", {"tenant": "t", "client_id": "a", "private_key": "$PFX_NODES", "certificate": "$CERT"},
   "private_key",
  "KEY_MULTIPLE_PEM"]
]"#;

/// `text` with each `"$NAME"` string replaced by its fixture, and then parsed.
fn fill(text: &str) -> Value {
    let rsa = || read_fixture("rsa2048.pem");
    let key_file = || {
        json!({"type": "service_account", "project_id": "my-proj", "private_key_id": "abc123",
            "private_key": rsa(), "client_email": "sa@my-proj.iam.gserviceaccount.com"})
        .to_string()
    };
    let box_config = || {
        json!({"enterpriseID": "1234567", "boxAppSettings": {"clientID": "box-client",
            "clientSecret": "box-secret", "appAuth": {"publicKeyID": "pk-1",
            "privateKey": read_fixture("rsa2048.enc.pem"), "passphrase": "correct-horse"}}})
        .to_string()
    };
    let fixtures: [(&str, &dyn Fn() -> String); 12] = [
        ("$RSA", &rsa),
        ("$CERT", &|| read_fixture("rsa2048.cert.pem")),
        ("$KEY_FILE", &key_file),
        ("$BOX_CONFIG", &box_config),
        ("$MUX_KEY", &|| STANDARD.encode(rsa().as_bytes())),
        ("$SECRET", &|| SECRET.into()),
        ("$GHOST_KEY", &|| {
            format!("6748592f4b9b7700010f6564:{}", "b1b5".repeat(16))
        }),
        ("$SA", &|| "sa@my-proj.iam.gserviceaccount.com".into()),
        ("$X5T_S256", &|| thumbprint("-sha256")),
        ("$X5T", &|| thumbprint("-sha1")),
        ("$LONG", &|| "x".repeat(201)),
        ("$PFX_NODES", &|| pkcs12(&["-nodes"])),
    ];
    let form = json!({"Content-Type": "application/x-www-form-urlencoded"}).to_string();
    let mut text = text
        .replace("\"$FORM\"", &form)
        .replace("$GRAPH", "https%3A%2F%2Fgraph.microsoft.com%2F.default")
        .replace(
            "$JWT_BEARER",
            "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer",
        )
        .replace(
            "$ASSERTION",
            "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer\
             &client_assertion=$TOKEN",
        );
    for (name, fixture) in fixtures {
        let quoted = format!("\"{name}\"");
        if text.contains(&quoted) {
            text = text.replace(&quoted, &Value::String(fixture()).to_string());
        }
    }
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}"))
}

/// base64url of a digest of the certificate's DER, by openssl.
fn thumbprint(digest: &str) -> String {
    let der = openssl(
        &["x509", "-outform", "DER"],
        read_fixture("rsa2048.cert.pem").as_bytes(),
    );
    URL_SAFE_NO_PAD.encode(openssl(&["dgst", digest, "-binary"], &der))
}

/// What `openssl pkcs12 -in cert.pfx … <extra>` prints for a .pfx of rsa2048.pem and its
/// certificate, as Entra's notes tell a person with a .pfx to run it.
fn pkcs12(extra: &[&str]) -> String {
    let dir = common::temp_dir();
    let pfx = dir.path().join("cert.pfx").to_string_lossy().into_owned();
    let (key, cert) = (
        common::fixture("rsa2048.pem"),
        common::fixture("rsa2048.cert.pem"),
    );
    let (key, cert) = (key.to_string_lossy(), cert.to_string_lossy());
    let export = [
        "pkcs12", "-export", "-in", &cert, "-inkey", &key, "-passout", "pass:p12", "-out", &pfx,
    ];
    openssl(&export, b"");
    let mut args = vec!["pkcs12", "-in", pfx.as_str(), "-passin", "pass:p12"];
    args.extend_from_slice(extra);
    String::from_utf8(openssl(&args, b"")).unwrap()
}

/// A document of `presets/`, read and checked as the engine reads a file, minted at `NOW`.
fn mint(id: &str, fields: &Value) -> jwtmint::Result<Minted> {
    let path = format!("{}/presets/{id}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    let preset = Preset::from_json(&text, &path).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(preset.id, id, "the id is the file name");
    let options = MintOptions {
        now: Some(NOW),
        lifetime: None,
    };
    preset.mint(fields.as_object().unwrap(), None, &options)
}

/// The header, the payload and the JSON of a mint that must succeed.
fn minted(id: &str, fields: Value) -> (Value, Value, Value) {
    let minted = mint(id, &fields).unwrap_or_else(|error| panic!("{id}: {error}"));
    let json = minted.to_json();
    (json["header"].clone(), json["payload"].clone(), json)
}

/// A token's segment as text, with a random UUID in `jti` written as `UUID`.
fn segment(token: &str, index: usize) -> String {
    let part = token.split('.').nth(index).unwrap();
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap();
    let Some((before, after)) = text.split_once("\"jti\":\"") else {
        return text;
    };
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

/// The fields an error is marked as.
fn refused_fields(error: &jwtmint::Error) -> Vec<String> {
    error
        .field_problems()
        .into_iter()
        .map(|(field, _)| field.to_string())
        .collect()
}

#[test]
fn every_vendor_preset_mints_the_documented_token_and_requests() {
    let formats = [
        Format::CurlPosix,
        Format::CurlPowerShell,
        Format::Fetch,
        Format::Python,
        Format::Httpie,
    ];
    for case in fill(CASES).as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let minted = mint(id, &case["fields"]).unwrap_or_else(|error| panic!("{id}: {error}"));
        let token = minted.token.clone().unwrap();
        assert_eq!(segment(&token, 0), case["header"].to_string(), "{id}: header");
        assert_eq!(segment(&token, 1), case["claims"].to_string(), "{id}: claims");
        assert!(minted.warnings.is_empty(), "{id}: {:?}", minted.warnings);
        let expected: Value = serde_json::from_str(&case.to_string().replace("$TOKEN", &token)).unwrap();
        let json = minted.to_json();
        assert_eq!(json["exchange"], expected["exchange"], "{id}: exchange");
        assert_eq!(json["request"], expected["request"], "{id}: request");
        for format in formats.iter().filter(|_| minted.request.is_some()) {
            let request = minted.request.as_ref().unwrap();
            let rendered = render_flow(minted.exchange.as_ref(), request, *format);
            rendered.unwrap_or_else(|error| panic!("{id}: {format:?}: {error}"));
        }
    }
}

#[test]
fn the_vendors_longest_lifetime_is_accepted_and_one_second_more_refused_on_lifetime() {
    for case in fill(CASES).as_array().unwrap() {
        let (id, Some(max)) = (case["id"].as_str().unwrap(), case["max"].as_i64()) else {
            continue;
        };
        let mut fields = case["fields"].clone();
        fields["lifetime"] = json!(format!("{max}s"));
        assert_eq!(minted(id, fields.clone()).1["exp"], json!(NOW + max), "{id}");
        fields["lifetime"] = json!(format!("{}s", max + 1));
        let error = mint(id, &fields).expect_err(id);
        assert_eq!(
            (error.code(), refused_fields(&error)),
            ("FIELDS_INVALID", vec!["lifetime".into()]),
            "{id}"
        );
    }
}

#[test]
fn what_each_vendor_would_refuse_is_refused_on_its_field() {
    for refused in fill(REFUSED).as_array().unwrap() {
        let (id, field, code) = (refused[0].as_str().unwrap(), &refused[2], &refused[3]);
        let error = mint(id, &refused[1]).expect_err(id);
        assert_eq!(
            (json!(error.code()), json!(refused_fields(&error))),
            (code.clone(), json!([field])),
            "{id}: {error}"
        );
    }
}

#[test]
fn choices_and_optional_fields_change_only_their_part() {
    let case = |id: &str| {
        fill(CASES)
            .as_array()
            .unwrap()
            .iter()
            .find(|case| case["id"] == id)
            .unwrap()["fields"]
            .clone()
    };
    let with = |id: &str, extra: Value| {
        let mut fields = case(id);
        fields
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        minted(id, fields)
    };
    let (_, payload, _) = with("google-oauth", json!({"subject": null}));
    assert_eq!(payload.get("sub"), None, "no subject, no sub");
    // RS256 carries the SHA-1 thumbprint, PS256 the SHA-256 one: each the one of its algorithm.
    let (rs256, _, _) = with("entra", json!({"alg": "RS256"}));
    assert_eq!(
        (&rs256["alg"], &rs256["x5t#S256"]),
        (&json!("RS256"), &Value::Null)
    );
    assert_eq!(rs256["x5t"], json!(thumbprint("-sha1")));
    let (key, certificate) = (pkcs12(&["-nocerts", "-nodes"]), pkcs12(&["-clcerts", "-nokeys"]));
    let pfx = json!({"private_key": key, "certificate": certificate});
    let (header, _, _) = with("entra", pfx);
    assert_eq!(
        (&header["x5t#S256"], &header["x5t"]),
        (&json!(thumbprint("-sha256")), &Value::Null)
    );
    let (header, payload, _) = with(
        "box",
        json!({"box_sub_type": "user", "subject": "987", "alg": "RS256"}),
    );
    assert_eq!(
        (&header["alg"], &payload["sub"], &payload["box_sub_type"]),
        (&json!("RS256"), &json!("987"), &json!("user"))
    );
    let (_, _, json) = with("tableau", json!({"site": null}));
    let body: Value = serde_json::from_str(json["request"]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body["credentials"]["site"],
        json!({"contentUrl": ""}),
        "the default site"
    );
    let custom = "/oauth2/default/v1/token";
    let okta = json!({"private_key": read_fixture("ec.pem"), "alg": "ES256", "token_path": custom});
    let (header, payload, json) = with("okta", okta);
    assert_eq!(
        (&header["alg"], &payload["aud"]),
        (
            &json!("ES256"),
            &json!("https://dev-1.okta.com/oauth2/default/v1/token")
        )
    );
    assert_eq!(
        json["exchange"]["url"], payload["aud"],
        "the assertion goes where its aud says"
    );
    let (_, payload, _) = with("firebase", json!({"claims": null}));
    assert_eq!(payload.get("claims"), None, "no custom claims, no claims member");
}
