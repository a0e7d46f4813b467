//! The elliptic-curve presets (Apple's family sharing one `.p8` key field, NetSuite, SMART
//! Backend Services): each mints what its vendor documents, in the header and claims text (names,
//! order, JSON types, lifetimes), the longest lifetime (one second more is refused on `lifetime`),
//! and the exchange and request byte for byte (tests/vectors/apple-presets.json). The keys are
//! made by openssl in the test run; tests/js/apple-presets.test.mjs verifies the signatures with
//! node:crypto and jose, tests/http2.rs sends the APNs request to an HTTP/2 server.

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use common::{openssl, read_fixture};
use jwtmint::preset::{MintOptions, Minted, Preset};
use jwtmint::request::{render_flow, Format, Request};
use serde_json::{json, Value};
use std::sync::OnceLock;

/// `now` of every mint.
const NOW: i64 = 1_700_000_000;

/// An EC private key on `curve` made by `openssl genpkey`, PKCS#8 PEM as Apple hands it out,
/// read back from a file named like Apple's.
fn generated(curve: &str) -> String {
    let dir = common::temp_dir();
    let file = dir.path().join("AuthKey_ABC123DEFG.p8");
    let file = file.to_string_lossy();
    let curve = format!("ec_paramgen_curve:{curve}");
    openssl(
        &["genpkey", "-algorithm", "EC", "-pkeyopt", &curve, "-out", &file],
        b"",
    );
    std::fs::read_to_string(&*file).unwrap()
}

fn p256() -> &'static str {
    static KEY: OnceLock<String> = OnceLock::new();
    KEY.get_or_init(|| generated("P-256"))
}

fn p384() -> &'static str {
    static KEY: OnceLock<String> = OnceLock::new();
    KEY.get_or_init(|| generated("P-384"))
}

/// The vectors with their placeholders filled in (see their "about").
fn vectors() -> Value {
    let path = format!("{}/tests/vectors/apple-presets.json", env!("CARGO_MANIFEST_DIR"));
    let form = json!({"Content-Type": "application/x-www-form-urlencoded"}).to_string();
    let assertion = "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=$TOKEN";
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"$FORM\"", &form)
        .replace("$ASSERTION", assertion)
        .replace("\"$P8\"", &json!(p256()).to_string())
        .replace("\"$P384\"", &json!(p384()).to_string())
        .replace("\"$RSA\"", &json!(read_fixture("rsa2048.pem")).to_string());
    serde_json::from_str(&text).unwrap()
}

fn cases() -> Vec<Value> {
    vectors()["cases"].as_array().unwrap().clone()
}

/// A document of `presets/`, read as the engine reads a file, minted at `NOW`.
fn mint(id: &str, fields: &Value) -> jwtmint::Result<Minted> {
    let path = format!("{}/presets/{id}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let preset = Preset::from_json(&text, &path).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(preset.id, id, "the id is the file name");
    let options = MintOptions {
        now: Some(NOW),
        lifetime: None,
    };
    preset.mint(fields.as_object().unwrap(), None, &options)
}

fn with(case: &Value, extra: Value) -> Value {
    let mut fields = case["fields"].clone();
    let object = fields.as_object_mut().unwrap();
    for (name, value) in extra.as_object().unwrap() {
        match value {
            Value::Null => object.remove(name),
            _ => object.insert(name.clone(), value.clone()),
        };
    }
    fields
}

fn case(id: &str) -> Value {
    cases().into_iter().find(|case| case["id"] == id).unwrap()
}

/// A token's segment as text, with a random UUID in `jti` written as `UUID`.
fn segment(token: &str, index: usize) -> String {
    let part = token.split('.').nth(index).unwrap();
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap();
    let Some((before, after)) = text.split_once("\"jti\":\"") else {
        return text;
    };
    let (uuid, rest) = after.split_at(36);
    let v4 = uuid.len() == 36 && uuid.chars().nth(14) == Some('4') && uuid.matches('-').count() == 4;
    assert!(v4 && rest.starts_with('"'), "jti {uuid} is a UUID v4");
    format!("{before}\"jti\":\"UUID{rest}")
}

/// `(code, the fields the error is marked as)`.
fn refusal(error: &jwtmint::Error) -> (String, Vec<String>) {
    let fields = error
        .field_problems()
        .into_iter()
        .map(|(field, _)| field.to_string());
    (error.code().to_owned(), fields.collect())
}

const FORMATS: [Format; 5] = [
    Format::CurlPosix,
    Format::CurlPowerShell,
    Format::Fetch,
    Format::Python,
    Format::Httpie,
];

#[test]
fn every_preset_mints_the_documented_token_exchange_and_request() {
    for case in cases() {
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
        assert_eq!(json["expiresAt"], expected["claims"]["exp"], "{id}: expiresAt");
        // The JSON the bindings hand back reads as the same request, HTTP/2 flag included.
        let request = minted.request.as_ref().unwrap();
        assert_eq!(&Request::from_json(&json["request"]).unwrap(), request, "{id}");
        for format in FORMATS {
            let rendered = render_flow(minted.exchange.as_ref(), request, format);
            match (request.http2, format) {
                (true, Format::Fetch | Format::Python | Format::Httpie) => {
                    let error = rendered.expect_err(id);
                    assert_eq!(error.code(), "INVALID_ARGUMENT");
                    assert!(error.to_string().contains("HTTP/1.1 only"), "{error}");
                }
                (true, _) => assert!(rendered.unwrap().contains(" --http2 -X POST "), "{id}"),
                _ => drop(rendered.unwrap_or_else(|error| panic!("{id}: {format:?}: {error}"))),
            }
        }
    }
}

#[test]
fn the_longest_lifetime_is_accepted_and_one_second_more_refused_on_lifetime() {
    for case in cases() {
        let (id, Some(max)) = (case["id"].as_str().unwrap(), case["max"].as_i64()) else {
            continue;
        };
        let longest = mint(id, &with(&case, json!({"lifetime": format!("{max}s")}))).unwrap();
        assert_eq!(longest.expires_at, Some(NOW + max), "{id}");
        let error = mint(id, &with(&case, json!({"lifetime": format!("{}s", max + 1)}))).expect_err(id);
        assert_eq!(
            refusal(&error),
            ("FIELDS_INVALID".into(), vec!["lifetime".into()]),
            "{id}"
        );
    }
}

#[test]
fn what_each_vendor_would_refuse_is_refused_on_its_field() {
    let rsa = read_fixture("rsa2048.pem");
    let refused = [
        ("apns", json!({"kid": "ABC123DEF"}), "kid", "FIELDS_INVALID"),
        ("apns", json!({"kid": "abc123defg"}), "kid", "FIELDS_INVALID"),
        (
            "apns",
            json!({"team_id": "DEF123GHIJK"}),
            "team_id",
            "FIELDS_INVALID",
        ),
        (
            "apns",
            json!({"device_token": "<fc13>"}),
            "device_token",
            "FIELDS_INVALID",
        ),
        (
            "apns",
            json!({"push_type": "banner"}),
            "push_type",
            "FIELDS_INVALID",
        ),
        ("apns", json!({"payload": "[1]"}), "payload", "FIELDS_INVALID"),
        ("apns", json!({"lifetime": "1h"}), "lifetime", "FIELDS_INVALID"),
        // ES256 needs a P-256 key: neither RSA nor P-384 signs it.
        (
            "apns",
            json!({"private_key": rsa}),
            "private_key",
            "KEY_ALG_MISMATCH",
        ),
        (
            "musickit",
            json!({"private_key": p384()}),
            "private_key",
            "KEY_ALG_MISMATCH",
        ),
        (
            "app-store-connect",
            json!({"issuer_id": "57246542"}),
            "issuer_id",
            "FIELDS_INVALID",
        ),
        (
            "app-store-server",
            json!({"bundle_id": null}),
            "bundle_id",
            "FIELDS_INVALID",
        ),
        (
            "app-store-server",
            json!({"host": "api.storekit.itunes.apple.com"}),
            "host",
            "FIELDS_INVALID",
        ),
        (
            "musickit",
            json!({"origins": "https://a.example,https://b.example"}),
            "origins",
            "FIELDS_INVALID",
        ),
        (
            "weatherkit",
            json!({"latitude": "37°19'"}),
            "latitude",
            "FIELDS_INVALID",
        ),
        // NetSuite refuses RS256, so the preset does not offer it.
        ("netsuite", json!({"alg": "RS256"}), "alg", "FIELDS_INVALID"),
        (
            "netsuite",
            json!({"alg": "ES256"}),
            "private_key",
            "KEY_ALG_MISMATCH",
        ),
        (
            "netsuite",
            json!({"account": "1234567.app"}),
            "account",
            "FIELDS_INVALID",
        ),
        ("smart-backend", json!({"alg": "RS256"}), "alg", "FIELDS_INVALID"),
        (
            "smart-backend",
            json!({"alg": "ES384", "private_key": p256()}),
            "private_key",
            "KEY_ALG_MISMATCH",
        ),
        ("smart-backend", json!({"kid": null}), "kid", "FIELDS_INVALID"),
    ];
    for (id, extra, field, code) in refused {
        let error = mint(id, &with(&case(id), extra.clone())).expect_err(id);
        assert_eq!(
            refusal(&error),
            (code.into(), vec![field.into()]),
            "{id} {extra}: {error}"
        );
    }
}

#[test]
fn optional_fields_and_choices_change_only_their_part() {
    let minted = |id: &str, extra: Value| mint(id, &with(&case(id), extra)).unwrap().to_json();
    // No scope, no scope member; a blank line is no entry.
    let json = minted("app-store-connect", json!({"scope": null}));
    assert_eq!(json["payload"].get("scope"), None);
    let json = minted(
        "app-store-connect-individual",
        json!({"scope": "GET /v1/apps/1\r\n\r\n"}),
    );
    assert_eq!(json["payload"]["scope"], json!(["GET /v1/apps/1"]));
    assert_eq!(
        json["payload"].get("iss"),
        None,
        "an individual key has no issuer"
    );
    // Production hosts, and APNs' priority header only when chosen.
    let json = minted(
        "app-store-server",
        json!({"host": "api.storekit.apple.com", "path": "/inApps/v2/history/{transaction_id}"}),
    );
    assert_eq!(
        json["request"]["url"],
        "https://api.storekit.apple.com/inApps/v2/history/2000000000000001"
    );
    let json = minted(
        "apns",
        json!({"host": "api.push.apple.com", "push_type": "background", "priority": "5",
        "payload": "{\"aps\": {\"content-available\": 1}}"}),
    );
    let request = &json["request"];
    assert!(request["url"]
        .as_str()
        .unwrap()
        .starts_with("https://api.push.apple.com/3/device/"));
    assert_eq!(
        (
            &request["headers"]["apns-push-type"],
            &request["headers"]["apns-priority"]
        ),
        (&json!("background"), &json!("5"))
    );
    assert_eq!(request["body"], "{\"aps\":{\"content-available\":1}}");
    assert_eq!(
        (&json["payload"].get("exp"), &json["expiresAt"]),
        (&None, &Value::Null),
        "APNs: no exp"
    );
    // Sign in with Apple: the secret alone without a code; no redirect_uri entry without one.
    let json = minted("sign-in-with-apple", json!({"code": null}));
    assert_eq!(
        (json["token"].is_string(), &json["request"]),
        (true, &Value::Null)
    );
    let json = minted("sign-in-with-apple", json!({"redirect_uri": null}));
    assert!(json["request"]["body"]
        .as_str()
        .unwrap()
        .ends_with("&grant_type=authorization_code"));
    // MusicKit without origins: no origin claim, no Origin header.
    let json = minted("musickit", json!({"origins": null}));
    assert_eq!(
        (
            json["payload"].get("origin"),
            json["request"]["headers"].get("Origin")
        ),
        (None, None)
    );
    let json = minted(
        "weatherkit",
        json!({"country": null, "data_sets": "currentWeather"}),
    );
    assert!(json["request"]["url"]
        .as_str()
        .unwrap()
        .ends_with("?dataSets=currentWeather&timezone=America%2FLos_Angeles"));
    let json = minted("smart-backend", json!({"jku": null, "api_url": null}));
    assert_eq!(
        (json["header"].get("jku"), &json["request"]),
        (None, &Value::Null)
    );
    assert!(json["exchange"].is_object(), "the token request stays");
}

/// The elliptic-curve choices: NetSuite ES256 with a P-256 key, SMART ES384 with P-384, Okta
/// ES384; each signs with the key's curve and the host and claims follow the fields.
#[test]
fn elliptic_curve_keys_sign_where_the_vendor_takes_them() {
    for variant in vectors()["variants"].as_array().unwrap() {
        let id = variant["id"].as_str().unwrap();
        let minted = mint(id, &variant["fields"]).unwrap_or_else(|error| panic!("{id}: {error}"));
        let alg = &variant["fields"]["alg"];
        assert_eq!(&minted.to_json()["header"]["alg"], alg, "{id}");
        let signature = URL_SAFE_NO_PAD
            .decode(minted.token.unwrap().split('.').nth(2).unwrap())
            .unwrap();
        let size = if alg == "ES256" { 64 } else { 96 };
        assert_eq!(signature.len(), size, "{id}: JOSE r‖s, not DER");
    }
    let netsuite = mint("netsuite", &vectors()["variants"][0]["fields"])
        .unwrap()
        .to_json();
    assert_eq!(netsuite["payload"]["scope"], json!(["restlets"]));
    assert_eq!(
        netsuite["exchange"]["url"],
        "https://7654321.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token"
    );
    assert_eq!(netsuite["payload"]["aud"], netsuite["exchange"]["url"]);
}

/// Every Apple preset reads the key id from the file name Apple gives the `.p8` key:
/// `AuthKey_ABC123DEFG.p8` fills `kid` with `ABC123DEFG` (the form and the CLI apply it).
#[test]
fn the_p8_file_name_fills_the_key_id() {
    for id in [
        "app-store-connect",
        "app-store-connect-individual",
        "app-store-server",
        "apns",
        "sign-in-with-apple",
        "musickit",
        "weatherkit",
        "apple-maps",
    ] {
        let preset = jwtmint::preset::preset(id).unwrap();
        let filled = preset
            .fields_from_file(
                "private_key",
                "AuthKey_ABC123DEFG.p8",
                "-----BEGIN PRIVATE KEY-----",
            )
            .unwrap();
        assert_eq!(filled.get("kid"), Some(&serde_json::json!("ABC123DEFG")), "{id}");
        let other = preset.fields_from_file("private_key", "key.pem", "").unwrap();
        assert!(other.is_empty(), "{id}");
    }
}
