//! The Coinbase presets (`presets/coinbase-*.json`) take the key as Coinbase hands it out, made
//! here by openssl in the test run: a SEC1 `EC PRIVATE KEY` (also on one line with `\n` escapes),
//! base64 of an Ed25519 seed and public key (64 bytes), and the JSON key file holding either. The
//! key decides the algorithm (ES256 or EdDSA), the header carries a fresh `nonce`, and the
//! `uri`/`uris` claim is the request's own method, host and path without its query. Signatures
//! are verified with the public key openssl derives; tests/js/coinbase-presets.test.mjs verifies
//! them with node:crypto and jose.

mod common;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use common::{openssl, temp_dir};
use jwtmint::preset::{mint, mint_with_key, presets, MintOptions, Minted};
use jwtmint::request::{render_flow, Format};
use jwtmint::{ImportOptions, Key, VerifyOptions};
use serde_json::{json, Value};

const NOW: i64 = 1_700_000_000;
const KEY_NAME: &str = "organizations/5e1d0f2a-org/apiKeys/9b8c7d6e-key";
const KEY_ID: &str = "6e2b4c1a-3f5d-4e7a-9b1c-2d3e4f5a6b7c";

/// The key forms of one run: `(ec_pem, ec_public_pem, ed_base64, ed_public_pem)`.
struct Keys {
    ec: String,
    ec_public: String,
    ed: String,
    ed_public: String,
}

fn keys() -> Keys {
    let dir = temp_dir();
    let ec = String::from_utf8(openssl(
        &["ecparam", "-name", "prime256v1", "-genkey", "-noout"],
        b"",
    ))
    .unwrap();
    assert!(ec.starts_with("-----BEGIN EC PRIVATE KEY-----\n"), "{ec}");
    let ec_public = String::from_utf8(openssl(&["ec", "-pubout"], ec.as_bytes())).unwrap();
    let ed_pem = openssl(&["genpkey", "-algorithm", "ed25519"], b"");
    let private_der = openssl(&["pkey", "-outform", "DER"], &ed_pem);
    let public_der = openssl(&["pkey", "-pubout", "-outform", "DER"], &ed_pem);
    let ed_public = String::from_utf8(openssl(&["pkey", "-pubout"], &ed_pem)).unwrap();
    // PKCS#8 ends with the 32-byte seed, the SPKI with the 32-byte public key.
    let pair = [
        &private_der[private_der.len() - 32..],
        &public_der[public_der.len() - 32..],
    ]
    .concat();
    drop(dir);
    Keys {
        ec,
        ec_public,
        ed: STANDARD.encode(pair),
        ed_public,
    }
}

/// The PEM on one line with literal `\n`, as Coinbase's portal and `.env` files show it.
fn one_line(pem: &str) -> String {
    pem.replace('\n', "\\n")
}

fn values(fields: Value) -> jwtmint::Object {
    fields.as_object().unwrap().clone()
}

fn at_now() -> MintOptions {
    MintOptions {
        now: Some(NOW),
        ..Default::default()
    }
}

fn minted(id: &str, fields: Value) -> Minted {
    mint(id, &values(fields), &at_now()).unwrap_or_else(|error| panic!("{id}: {error}"))
}

fn segment(token: &str, index: usize) -> String {
    let part = token.split('.').nth(index).unwrap();
    String::from_utf8(URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// The header text with its nonce checked (32 lowercase hex digits) and written as `NONCE`.
fn header_text(token: &str) -> (String, String) {
    let text = segment(token, 0);
    let (before, after) = text.split_once("\"nonce\":\"").expect("a nonce");
    let (nonce, rest) = after.split_at(32);
    assert!(
        nonce
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            && rest.starts_with('"'),
        "nonce {nonce}"
    );
    (format!("{before}\"nonce\":\"NONCE{rest}"), nonce.to_owned())
}

fn verify_with(token: &str, public_pem: &str) -> Value {
    let key = Key::from_text(public_pem, &ImportOptions::default()).unwrap();
    let options = VerifyOptions {
        now: Some(NOW + 60),
        ..Default::default()
    };
    jwtmint::verify(token, &key, &options).unwrap().payload.into()
}

#[test]
fn advanced_trade_signs_the_documented_header_and_claims_for_the_request() {
    let keys = keys();
    let minted = minted(
        "coinbase-advanced-trade",
        json!({"private_key": one_line(&keys.ec), "key_name": KEY_NAME}),
    );
    let token = minted.token.as_deref().unwrap();
    let (header, _) = header_text(token);
    assert_eq!(
        header,
        format!(r#"{{"alg":"ES256","kid":"{KEY_NAME}","nonce":"NONCE","typ":"JWT"}}"#)
    );
    assert_eq!(
        segment(token, 1),
        format!(
            r#"{{"sub":"{KEY_NAME}","iss":"cdp","nbf":1700000000,"exp":1700000120,"uri":"GET api.coinbase.com/api/v3/brokerage/accounts"}}"#
        )
    );
    assert_eq!(verify_with(token, &keys.ec_public)["sub"], KEY_NAME);
    let json = minted.to_json();
    assert_eq!(
        json["request"],
        json!({"method": "GET", "url": "https://api.coinbase.com/api/v3/brokerage/accounts",
               "headers": {"Authorization": format!("Bearer {token}")}, "body": null})
    );
    for format in [
        Format::CurlPosix,
        Format::CurlPowerShell,
        Format::Fetch,
        Format::Python,
        Format::Httpie,
    ] {
        let text = render_flow(None, minted.request.as_ref().unwrap(), format).unwrap();
        assert!(text.contains(token), "{format:?}");
    }
}

#[test]
fn the_uri_claim_is_the_method_host_and_path_without_the_query() {
    let keys = keys();
    let cases = [
        (
            "coinbase-advanced-trade",
            json!({"private_key": keys.ec.clone(), "key_name": KEY_NAME, "method": "POST",
                   "path": "/api/v3/brokerage/orders", "body": "{\"client_order_id\":\"1\"}"}),
            "uri",
            json!("POST api.coinbase.com/api/v3/brokerage/orders"),
            "https://api.coinbase.com/api/v3/brokerage/orders",
        ),
        (
            "coinbase-advanced-trade",
            json!({"private_key": keys.ec.clone(), "key_name": KEY_NAME, "host": "api-sandbox.coinbase.com",
                   "path": "/api/v3/brokerage/orders/historical/batch?limit=5&product_id=BTC-USD"}),
            "uri",
            json!("GET api-sandbox.coinbase.com/api/v3/brokerage/orders/historical/batch"),
            "https://api-sandbox.coinbase.com/api/v3/brokerage/orders/historical/batch?limit=5&product_id=BTC-USD",
        ),
        (
            "coinbase-cdp",
            json!({"private_key": keys.ed.clone(), "key_id": KEY_ID, "method": "DELETE",
                   "path": "/platform/v2/evm/accounts/0xabc?x=1"}),
            "uris",
            json!(["DELETE api.cdp.coinbase.com/platform/v2/evm/accounts/0xabc"]),
            "https://api.cdp.coinbase.com/platform/v2/evm/accounts/0xabc?x=1",
        ),
    ];
    for (id, fields, claim, uri, url) in cases {
        let minted = minted(id, fields.clone());
        let payload = minted.payload.as_ref().unwrap();
        assert_eq!(payload[claim], uri, "{id}");
        let request = minted.request.as_ref().unwrap();
        assert_eq!(
            (request.method.as_str(), request.url.as_str()),
            (fields["method"].as_str().unwrap_or("GET"), url)
        );
        let content_type = request
            .headers
            .iter()
            .find(|(name, _)| name == "Content-Type")
            .map(|(_, value)| value.as_str());
        assert_eq!(content_type, fields["body"].as_str().map(|_| "application/json"));
        assert_eq!(request.body.as_deref(), fields["body"].as_str());
    }
}

#[test]
fn cdp_signs_the_documented_header_and_claims_with_an_ed25519_key() {
    let keys = keys();
    let minted = minted(
        "coinbase-cdp",
        json!({"private_key": keys.ed.clone(), "key_id": KEY_ID}),
    );
    let token = minted.token.as_deref().unwrap();
    assert_eq!(
        header_text(token).0,
        format!(r#"{{"alg":"EdDSA","kid":"{KEY_ID}","typ":"JWT","nonce":"NONCE"}}"#)
    );
    assert_eq!(
        segment(token, 1),
        format!(
            r#"{{"sub":"{KEY_ID}","iss":"cdp","aud":["cdp_service"],"uris":["GET api.cdp.coinbase.com/platform/v2/evm/accounts"],"iat":1700000000,"nbf":1700000000,"exp":1700000120}}"#
        )
    );
    assert_eq!(verify_with(token, &keys.ed_public)["sub"], KEY_ID);
    // Ed25519 signatures are deterministic: openssl signs the same input to the same bytes.
    let (input, signature) = token.rsplit_once('.').unwrap();
    let dir = temp_dir();
    let seed_pkcs8 = [
        &[
            0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
        ][..],
        &STANDARD.decode(&keys.ed).unwrap()[..32],
    ]
    .concat();
    std::fs::write(dir.path().join("key.der"), seed_pkcs8).unwrap();
    std::fs::write(dir.path().join("input"), input).unwrap();
    let key_path = dir.path().join("key.der");
    let input_path = dir.path().join("input");
    let expected = openssl(
        &[
            "pkeyutl",
            "-sign",
            "-rawin",
            "-keyform",
            "DER",
            "-inkey",
            key_path.to_str().unwrap(),
            "-in",
            input_path.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(URL_SAFE_NO_PAD.decode(signature).unwrap(), expected);
}

#[test]
fn every_key_form_coinbase_hands_out_signs_with_the_keys_algorithm() {
    let keys = keys();
    let ec_file = json!({"name": KEY_NAME, "privateKey": keys.ec.clone()}).to_string();
    let ed_file = json!({"id": KEY_ID, "privateKey": keys.ed.clone()}).to_string();
    let forms = [
        (keys.ec.clone(), "ES256", &keys.ec_public),
        (one_line(&keys.ec), "ES256", &keys.ec_public),
        (format!("{}\n", one_line(&keys.ec)), "ES256", &keys.ec_public),
        (ec_file, "ES256", &keys.ec_public),
        (keys.ed.clone(), "EdDSA", &keys.ed_public),
        (format!("{}\n", keys.ed), "EdDSA", &keys.ed_public),
        (ed_file.clone(), "EdDSA", &keys.ed_public),
        (format!("  {ed_file}\n"), "EdDSA", &keys.ed_public),
    ];
    for (id, name_field) in [
        ("coinbase-advanced-trade", "key_name"),
        ("coinbase-cdp", "key_id"),
    ] {
        for (text, alg, public) in &forms {
            let minted = minted(id, json!({"private_key": text, name_field: KEY_NAME}));
            let token = minted.token.as_deref().unwrap();
            assert_eq!(minted.header.as_ref().unwrap()["alg"], *alg, "{id}: {text:.30}");
            verify_with(token, public);
        }
    }
}

#[test]
fn an_imported_key_stands_in_and_still_decides_the_algorithm() {
    let keys = keys();
    let key = Key::from_text(&keys.ed, &ImportOptions::default()).unwrap();
    let minted = mint_with_key(
        "coinbase-advanced-trade",
        &values(json!({"key_name": KEY_NAME})),
        Some(("private_key", &key)),
        &at_now(),
    )
    .unwrap();
    assert_eq!(minted.header.unwrap()["alg"], "EdDSA");
}

#[test]
fn each_mint_has_its_own_nonce() {
    let keys = keys();
    let fields = json!({"private_key": keys.ec.clone(), "key_name": KEY_NAME});
    let first = minted("coinbase-advanced-trade", fields.clone());
    let second = minted("coinbase-advanced-trade", fields);
    let nonce = |minted: &Minted| header_text(minted.token.as_deref().unwrap()).1;
    assert_ne!(nonce(&first), nonce(&second));
    assert_eq!(first.payload, second.payload);
}

#[test]
fn what_coinbase_would_refuse_is_refused_on_its_field() {
    let keys = keys();
    let rsa = common::read_fixture("rsa2048.pem");
    let p384 = String::from_utf8(openssl(
        &["ecparam", "-name", "secp384r1", "-genkey", "-noout"],
        b"",
    ))
    .unwrap();
    let cases = [
        (
            json!({"private_key": rsa, "key_name": KEY_NAME}),
            "private_key",
            "KEY_ALG_MISMATCH",
            "ES256 or EdDSA",
        ),
        (
            json!({"private_key": p384, "key_name": KEY_NAME}),
            "private_key",
            "KEY_ALG_MISMATCH",
            "ES384",
        ),
        (
            json!({"private_key": keys.ec_public.clone(), "key_name": KEY_NAME}),
            "private_key",
            "KEY_NOT_PRIVATE",
            "public",
        ),
        (
            json!({"private_key": json!({"name": KEY_NAME, "private_key": keys.ec.clone()}).to_string(), "key_name": KEY_NAME}),
            "private_key",
            "FIELDS_INVALID",
            "has no \"privateKey\"",
        ),
        (
            json!({"private_key": keys.ec.clone(), "key_name": one_line(&keys.ec)}),
            "key_name",
            "FIELDS_INVALID",
            "this is the secret",
        ),
        (
            json!({"private_key": keys.ec.clone(), "key_name": KEY_NAME, "body": "{}"}),
            "body",
            "INVALID_ARGUMENT",
            "GET",
        ),
        (
            json!({"private_key": keys.ec.clone(), "key_name": KEY_NAME, "path": "api/v3"}),
            "path",
            "FIELDS_INVALID",
            "starting with /",
        ),
        (
            json!({"private_key": keys.ec.clone()}),
            "key_name",
            "FIELDS_INVALID",
            "required",
        ),
    ];
    for (fields, field, code, words) in cases {
        let error = mint("coinbase-advanced-trade", &values(fields), &at_now()).unwrap_err();
        let marked: Vec<String> = error
            .field_problems()
            .into_iter()
            .map(|(name, _)| name.to_string())
            .collect();
        assert_eq!((marked, error.code()), (vec![field.to_owned()], code), "{error}");
        assert!(error.to_string().contains(words), "{error}");
        assert!(
            !error.to_string().contains("PRIVATE KEY-----\\n"),
            "no key text in {error}"
        );
    }
    // Two minutes is Coinbase's lifetime; a longer one is refused, not clipped.
    let fields = values(json!({"private_key": keys.ec.clone(), "key_name": KEY_NAME}));
    let longer = MintOptions {
        now: Some(NOW),
        lifetime: Some(121),
    };
    let error = mint(
        "coinbase-cdp",
        &values(json!({"private_key": keys.ed.clone(), "key_id": KEY_ID})),
        &longer,
    )
    .unwrap_err();
    assert_eq!(error.field_problems()[0].0, "lifetime");
    assert!(mint(
        "coinbase-advanced-trade",
        &fields,
        &MintOptions {
            lifetime: Some(60),
            ..at_now()
        }
    )
    .is_ok());
}

#[test]
fn a_key_file_fills_the_key_name_and_the_descriptor_says_so() {
    let keys = keys();
    let preset = |id: &str| presets().iter().find(|preset| preset.id == id).unwrap();
    let legacy = json!({"name": KEY_NAME, "privateKey": keys.ec.clone()}).to_string();
    let current = json!({"id": KEY_ID, "privateKey": keys.ed.clone()}).to_string();
    let trade = preset("coinbase-advanced-trade");
    let cdp = preset("coinbase-cdp");
    let from = |preset: &jwtmint::preset::Preset, name: &str, text: &str| {
        Value::Object(preset.fields_from_file("private_key", name, text).unwrap())
    };
    assert_eq!(
        from(trade, "cdp_api_key.json", &legacy),
        json!({"key_name": KEY_NAME})
    );
    assert_eq!(
        from(trade, "cdp_api_key.json", &current),
        json!({"key_name": KEY_ID})
    );
    assert_eq!(from(cdp, "cdp_api_key.json", &current), json!({"key_id": KEY_ID}));
    assert_eq!(from(cdp, "key.json", &legacy), json!({"key_id": KEY_NAME}));
    // Not a key file: nothing is filled.
    for text in [
        keys.ec.as_str(),
        keys.ed.as_str(),
        "{not json",
        "{\"name\": 5}",
        "{\"id\": \"\"}",
    ] {
        assert_eq!(from(trade, "key.json", text), json!({}), "{text:.20}");
    }
    assert_eq!(
        trade.fields_from_file("nope", "x", "").unwrap_err().code(),
        "INVALID_ARGUMENT"
    );
    let descriptor = serde_json::to_value(trade).unwrap();
    assert_eq!(descriptor["tokenPerRequest"], true);
    assert_eq!(
        descriptor["fields"][0]["fromKeyFile"],
        json!({"key_name": ["name", "id"]})
    );
    assert!(descriptor["fields"][1].get("fromKeyFile").is_none());
    assert!(descriptor["fields"][0].get("fromFileName").is_none());
    let github = serde_json::to_value(preset("github-app")).unwrap();
    assert_eq!(github["tokenPerRequest"], false);
}

/// The rendered request reaches a loopback server exactly as minted: the signed method and path,
/// the query, the bearer token, the JSON body with its Content-Type.
#[test]
fn the_rendered_post_sends_exactly_the_signed_request() {
    let keys = keys();
    let minted = minted(
        "coinbase-advanced-trade",
        json!({"private_key": one_line(&keys.ec), "key_name": KEY_NAME, "method": "POST",
               "path": "/api/v3/brokerage/orders?preview=true",
               "body": "{\"client_order_id\":\"it's $(id)\",\"product_id\":\"BTC-USD\"}"}),
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = common::echo_once(listener);
    let mut request = minted.request.clone().unwrap();
    request.url = request
        .url
        .replace("https://api.coinbase.com", &format!("http://127.0.0.1:{port}"));
    let command = jwtmint::request::to_curl_posix(&request);
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(&command)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let received = server.join().unwrap();
    common::assert_sent(&received, &request);
    assert_eq!(received.0, "POST /api/v3/brokerage/orders?preview=true HTTP/1.1");
    assert_eq!(
        minted.payload.unwrap()["uri"],
        "POST api.coinbase.com/api/v3/brokerage/orders"
    );
}
