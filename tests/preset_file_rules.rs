//! The document members that serve the files people have and the keys that decide: a field's
//! `fromFileName` (`AuthKey_ABC123DEFG.p8` fills `kid`) and `fromKeyFile` (a JSON key file fills
//! the ids it holds), `"algorithm": "key"`, `tokenPerRequest` and the `member-or-text` filter;
//! each read like every other member (a mistake is refused with its place), and applied by
//! `Preset::fields_from_file`, which the page and the CLI call when a file is loaded.

mod common;

use jwtmint::preset::{MintOptions, Preset};
use serde_json::{json, Value};

/// A document of our own in Apple's shape: the `.p8` file's name carries the key id.
fn team_document() -> Value {
    json!({
        "format": 1, "id": "team-p8", "name": "Team", "description": "d", "docs": "https://example.com",
        "brings": "ec-private-key",
        "fields": [
            {"name": "private_key", "label": "Key", "kind": "pem", "secret": true,
             "fromFileName": {"prefix": "AuthKey_", "suffix": ".p8", "fills": "kid"},
             "fromKeyFile": {"issuer": ["issuer_id", "team.id"], "kid": "key_id"}},
            {"name": "kid", "label": "Key ID", "help": "h", "kind": "text"},
            {"name": "issuer", "label": "Issuer", "help": "h", "kind": "text", "required": false}
        ],
        "algorithm": "key", "algorithms": ["ES256", "EdDSA"],
        "key": {"field": "private_key", "text": "{private_key | member-or-text:keys.private}"},
        "tokenPerRequest": true,
        "header": {"kid": "{kid}"},
        "claims": {"iat": "{now}"}
    })
}

fn read(document: &Value) -> Result<Preset, jwtmint::Error> {
    Preset::from_json(&document.to_string(), "team.json")
}

fn filled(preset: &Preset, name: &str, text: &str) -> Value {
    Value::Object(preset.fields_from_file("private_key", name, text).unwrap())
}

#[test]
fn the_file_name_and_the_key_file_fill_other_fields() {
    let preset = read(&team_document()).unwrap();
    let pem = common::read_fixture("ec.pem");
    assert_eq!(
        filled(&preset, "AuthKey_ABC123DEFG.p8", &pem),
        json!({"kid": "ABC123DEFG"})
    );
    assert_eq!(
        filled(&preset, "/tmp/keys/AuthKey_ABC123DEFG (1).p8", &pem),
        json!({"kid": "ABC123DEFG"})
    );
    assert_eq!(filled(&preset, "key.pem", &pem), json!({}));
    assert_eq!(filled(&preset, "AuthKey_.p8", &pem), json!({}));
    // The key file's members: the first one it holds, nested paths too; the file name comes first.
    let file = json!({"team": {"id": "T1"}, "key_id": "K1", "keys": {"private": pem}}).to_string();
    assert_eq!(
        filled(&preset, "team.json", &file),
        json!({"issuer": "T1", "kid": "K1"})
    );
    let file = json!({"issuer_id": "I1", "team": {"id": "T1"}}).to_string();
    assert_eq!(
        filled(&preset, "AuthKey_X.p8", &file),
        json!({"kid": "X", "issuer": "I1"})
    );
    let descriptor = serde_json::to_value(&preset).unwrap();
    assert_eq!(
        descriptor["fields"][0]["fromFileName"],
        json!({"prefix": "AuthKey_", "suffix": ".p8", "fills": "kid"})
    );
    assert_eq!(
        descriptor["fields"][0]["fromKeyFile"],
        json!({"issuer": ["issuer_id", "team.id"], "kid": ["key_id"]})
    );
    assert_eq!(descriptor["tokenPerRequest"], true);
    assert_eq!(descriptor["algorithm"], Value::Null);
}

#[test]
fn member_or_text_takes_the_member_of_a_json_object_and_any_other_text_as_it_is() {
    let preset = read(&team_document()).unwrap();
    let pem = common::read_fixture("ec.pem");
    let options = MintOptions {
        now: Some(1_700_000_000),
        ..Default::default()
    };
    let mint = |key: String| {
        let fields = json!({"private_key": key, "kid": "K"});
        preset.mint(fields.as_object().unwrap(), None, &options)
    };
    let direct = mint(pem.clone()).unwrap();
    let from_file = mint(json!({"keys": {"private": pem}}).to_string()).unwrap();
    assert_eq!(direct.header.as_ref().unwrap()["alg"], "ES256");
    assert_eq!(direct.payload, from_file.payload);
    let error = mint(json!({"keys": {"public": "-----BEGIN PUBLIC KEY-----"}}).to_string()).unwrap_err();
    assert_eq!(error.field_problems()[0].0, "private_key");
    assert!(error.to_string().contains("has no \"keys.private\""), "{error}");
}

#[test]
fn every_mistake_in_the_new_members_is_refused_with_its_place() {
    type Change = fn(&mut Value);
    let cases: [(Change, &str); 16] = [
        (
            |d| d["fields"][0]["fromFileName"]["fills"] = json!("kidd"),
            "fields.0.fromFileName.fills: unknown name 'kidd'",
        ),
        (
            |d| d["fields"][0]["fromFileName"]["fills"] = json!("private_key"),
            "fields.0.fromFileName.fills: a file cannot fill its own field",
        ),
        (
            |d| d["fields"][0]["fromFileName"]["fill"] = json!("kid"),
            "fields.0.fromFileName.fill: unknown member 'fill'",
        ),
        (
            |d| d["fields"][0]["fromFileName"] = json!({"prefix": "", "suffix": "", "fills": "kid"}),
            "fields.0.fromFileName.prefix: give the prefix or the suffix",
        ),
        (
            |d| d["fields"][0]["fromFileName"] = json!("AuthKey_"),
            "fields.0.fromFileName: must be a JSON object",
        ),
        (
            |d| d["fields"][1]["fromFileName"] = json!({"prefix": "a", "suffix": "b", "fills": "issuer"}),
            "fields.1.fromFileName: only a field that takes a file",
        ),
        (
            |d| d["fields"][0]["fromKeyFile"] = json!({"kid": []}),
            "fields.0.fromKeyFile.kid: a member name, or a list",
        ),
        (
            |d| d["fields"][0]["fromKeyFile"] = json!({"kid": ["a..b"]}),
            "fields.0.fromKeyFile.kid: 'a..b' is not a member name",
        ),
        (
            |d| d["fields"][0]["fromKeyFile"] = json!({"kid": [5]}),
            "fields.0.fromKeyFile.kid: members are strings",
        ),
        (
            |d| d["fields"][0]["fromKeyFile"] = json!({"nope": "id"}),
            "fields.0.fromKeyFile.nope: unknown name 'nope'",
        ),
        (
            |d| d["fields"][0]["fromKeyFile"] = json!(["id"]),
            "fields.0.fromKeyFile: an object of field name",
        ),
        (
            |d| d["fields"][1]["secret"] = json!(true),
            "fields.0.fromFileName.fills: 'kid' is secret",
        ),
        (
            |d| d["algorithms"] = json!(["ES256", "HS256"]),
            "algorithms.1: \"algorithm\": \"key\" takes the algorithm from a private key",
        ),
        (
            |d| d["algorithms"] = json!([]),
            "algorithms: list what the key may sign",
        ),
        (
            |d| d["tokenPerRequest"] = json!("yes"),
            "tokenPerRequest: true or false",
        ),
        (
            |d| d["key"]["text"] = json!("{private_key | member-or-text}"),
            "key.text: member-or-text needs an argument",
        ),
    ];
    for (change, expected) in cases {
        let mut document = team_document();
        change(&mut document);
        let error = read(&document).unwrap_err();
        assert_eq!(error.code(), "PRESET_INVALID");
        assert!(
            error.to_string().starts_with(&format!("team.json: {expected}")),
            "{error}\nwanted {expected}"
        );
    }
    let mut document = team_document();
    document.as_object_mut().unwrap().remove("algorithms");
    assert!(read(&document)
        .unwrap_err()
        .to_string()
        .contains("algorithms: must be an array of strings"));
    let no_signing = json!({"format": 1, "id": "x", "name": "x", "description": "d", "docs": "https://e.com",
        "brings": "api-key", "fields": [{"name": "a", "label": "A", "kind": "text"}], "tokenPerRequest": true});
    assert!(read(&no_signing)
        .unwrap_err()
        .to_string()
        .contains("tokenPerRequest: only a preset that signs"));
}
