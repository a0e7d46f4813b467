//! The requests of the elliptic-curve presets (tests/vectors/apple-presets.json), moved to a
//! loopback echo server and run by their real clients (bash + curl + jq, python3 + requests,
//! HTTPie): each arrives exactly as minted, and after an exchange (Apple Maps, NetSuite, SMART)
//! with the token the endpoint answered. The APNs request needs HTTP/2: tests/http2.rs.

mod common;

use common::{assert_sent, read_fixture, run_script, Echo, Route};
use jwtmint::preset::{MintOptions, Preset};
use jwtmint::request::{render_flow, Exchange, Format, Request};
use serde_json::{json, Value};

/// The access token every token endpoint here answers.
const ANSWERED: &str = "eyJ.answered-token_1";

const RUNNERS: [(Format, &str, &str); 3] = [
    (Format::CurlPosix, "bash", "sh"),
    (Format::Python, "python3", "py"),
    (Format::Httpie, "bash", "sh"),
];

/// The cases with a P-256 key made by openssl for `$P8` and the RSA fixture for `$RSA`.
fn cases() -> Vec<Value> {
    let dir = common::temp_dir();
    let file = dir.path().join("AuthKey_ABC123DEFG.p8");
    let file = file.to_string_lossy();
    let args = [
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        &file,
    ];
    common::openssl(&args, b"");
    let path = format!("{}/tests/vectors/apple-presets.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path)
        .unwrap()
        .replace(
            "\"$P8\"",
            &json!(std::fs::read_to_string(&*file).unwrap()).to_string(),
        )
        .replace("\"$RSA\"", &json!(read_fixture("rsa2048.pem")).to_string());
    let vectors: Value = serde_json::from_str(&text).unwrap();
    vectors["cases"].as_array().unwrap().clone()
}

/// `url` with its scheme and host replaced by `base`.
fn moved(url: &str, base: &str) -> String {
    let rest = &url[url.find("://").unwrap() + 3..];
    format!("{base}{}", &rest[rest.find('/').unwrap_or(rest.len())..])
}

fn path_of(url: &str) -> String {
    moved(url, "")
}

/// The request as it arrives once the exchange answered [`ANSWERED`] (URL-safe, so the same in
/// the URL and the headers).
fn answered(exchange: Option<&Exchange>, request: &Request) -> Request {
    let Some(exchange) = exchange else {
        return request.clone();
    };
    let placeholder = exchange.placeholder();
    Request {
        url: request.url.replace(&placeholder, ANSWERED),
        headers: (request.headers.iter())
            .map(|(name, value)| (name.clone(), value.replace(&placeholder, ANSWERED)))
            .collect(),
        ..request.clone()
    }
}

#[test]
fn every_request_arrives_as_minted_from_curl_python_and_httpie() {
    let options = MintOptions {
        now: Some(1_700_000_000),
        lifetime: None,
    };
    for case in cases().iter().filter(|case| case["request"]["http2"] != true) {
        let id = case["id"].as_str().unwrap();
        let path = format!("{}/presets/{id}.json", env!("CARGO_MANIFEST_DIR"));
        let preset = Preset::from_json(&std::fs::read_to_string(&path).unwrap(), id).unwrap();
        let minted = preset
            .mint(case["fields"].as_object().unwrap(), None, &options)
            .unwrap();
        for (format, program, extension) in RUNNERS {
            let exchange = minted.exchange.as_ref();
            let token_path = exchange.map_or("/nothing".into(), |e| path_of(&e.request.url));
            let answer = json!({exchange.map_or("x", |e| e.read.as_str()): ANSWERED}).to_string();
            let echo = Echo::start_with(vec![Route::new(&token_path, 200, &answer)]);
            let base = echo.base();
            let exchange = exchange.map(|exchange| Exchange {
                request: Request {
                    url: moved(&exchange.request.url, &base),
                    ..exchange.request.clone()
                },
                ..exchange.clone()
            });
            let request = minted.request.clone().unwrap();
            let request = Request {
                url: moved(&request.url, &base),
                ..request
            };
            let code = render_flow(exchange.as_ref(), &request, format).unwrap();
            let ran = run_script(echo, &code, program, extension, None);
            let context = format!("{id} {format:?}: {}\n{code}", ran.stderr);
            assert!(ran.status.success(), "{context}");
            let expected: Vec<Request> = (exchange.iter().map(|e| e.request.clone()))
                .chain([answered(exchange.as_ref(), &request)])
                .collect();
            assert_eq!(ran.requests.len(), expected.len(), "{context}");
            for (received, expected) in ran.requests.iter().zip(&expected) {
                assert_sent(received, expected);
            }
        }
    }
}
