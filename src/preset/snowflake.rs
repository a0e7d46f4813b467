//! Snowflake key-pair authentication for the SQL API: RS256; `iss` =
//! `<ACCOUNT>.<USER>.SHA256:<fingerprint>` (standard base64 of the SHA-256 of the public key's
//! SubjectPublicKeyInfo DER, as `DESCRIBE USER` shows in RSA_PUBLIC_KEY_FP), `sub` =
//! `<ACCOUNT>.<USER>`, both upper case, the account being the locator without region segments;
//! lifetime at most one hour; `POST https://<account>.snowflakecomputing.com/api/v2/statements`.

use super::fields::field;
use super::{
    lifetime, minted, now, object, private_key, sign_with, Brings, Field, FieldKind, Fields, MintOptions,
    Minted, Preset,
};
use crate::error::{Error, Result};
use crate::request::Request;
use crate::Algorithm;
use base64::Engine;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

pub(super) const PRESET: Preset = Preset {
    id: "snowflake",
    name: "Snowflake (key pair)",
    description: "RS256 key-pair JWT for the Snowflake SQL API, with the public-key fingerprint computed from your private key",
    docs_url: "https://docs.snowflake.com/en/developer-guide/sql-api/authenticating",
    brings: Brings::RsaPrivateKey,
    algorithm: Some("RS256"),
    max_lifetime: Some(3600),
    notes: &[
        "Assign the public key to the user first: ALTER USER <user> SET RSA_PUBLIC_KEY='MIIB...'; the fingerprint in iss must match RSA_PUBLIC_KEY_FP in DESCRIBE USER.",
        "The account in the token is upper case and, for a locator such as xy12345.us-east-2.aws, only the part before the first dot.",
    ],
    fields: &[
        Field { secret: true, ..field("private_key", "Private key (PEM)", "rsa_key.p8; encrypted keys need the passphrase", FieldKind::Pem) },
        Field { secret: true, required: false, ..field("passphrase", "Key passphrase", "Only for an encrypted key (BEGIN ENCRYPTED PRIVATE KEY)", FieldKind::Text) },
        field("account", "Account identifier", "myorg-myaccount, or a locator like xy12345.us-east-2.aws (the part before .snowflakecomputing.com)", FieldKind::Host),
        field("user", "User", "The Snowflake user the public key is assigned to", FieldKind::Text),
        Field { default: Some("1h"), ..field("lifetime", "Lifetime", "exp = iat + this; at most 1h", FieldKind::Lifetime) },
        Field { default: Some("SELECT CURRENT_VERSION()"), ..field("statement", "SQL statement", "What the SQL API runs", FieldKind::Multiline) },
        Field { required: false, ..field("warehouse", "Warehouse", "Optional; the user's default otherwise", FieldKind::Text) },
        Field { required: false, ..field("database", "Database", "Optional", FieldKind::Text) },
        Field { required: false, ..field("schema", "Schema", "Optional", FieldKind::Text) },
        Field { required: false, ..field("role", "Role", "Optional", FieldKind::Text) },
    ],
    mint,
};

/// The account as the JWT names it: upper case, region and cloud segments dropped.
pub(crate) fn jwt_account(account: &str) -> String {
    account.split('.').next().unwrap_or(account).to_uppercase()
}

/// `SHA256:` and the standard base64 of the SHA-256 of the SPKI DER.
pub(crate) fn fingerprint(key: &crate::key::Key) -> Result<String> {
    let digest = Sha256::digest(key.public_der()?);
    Ok(format!(
        "SHA256:{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    ))
}

fn mint(fields: &Fields, options: &MintOptions) -> Result<Minted> {
    let key = private_key(fields, "private_key", Algorithm::RS256)?;
    let account_field = fields.text("account")?.to_ascii_lowercase();
    if account_field.ends_with(".snowflakecomputing.com") {
        return Err(Error::FieldsInvalid {
            problems: vec![(
                "account".into(),
                "only the part before .snowflakecomputing.com".into(),
            )],
        });
    }
    let qualified = format!(
        "{}.{}",
        jwt_account(&account_field),
        fields.text("user")?.to_uppercase()
    );
    let issued_at = now(options)?;
    let expires_at = issued_at + lifetime(fields, options, PRESET.max_lifetime)?;
    let header = object(json!({"alg": "RS256", "typ": "JWT"}));
    let claims = object(json!({
        "iss": format!("{qualified}.{}", fingerprint(&key)?),
        "sub": qualified,
        "iat": issued_at,
        "exp": expires_at,
    }));
    let signed = sign_with(&key, Algorithm::RS256, header, claims, issued_at)?;
    let mut body = Map::new();
    body.insert(
        "statement".into(),
        Value::String(fields.text("statement")?.to_owned()),
    );
    body.insert("timeout".into(), json!(60));
    for name in ["warehouse", "database", "schema", "role"] {
        if let Some(value) = fields.get(name) {
            body.insert(name.into(), Value::String(value.to_owned()));
        }
    }
    let request = Request {
        method: "POST".into(),
        // Underscores in account names become hyphens in host names.
        url: format!(
            "https://{}.snowflakecomputing.com/api/v2/statements",
            account_field.replace('_', "-")
        ),
        headers: vec![
            ("Accept".into(), "application/json".into()),
            ("Authorization".into(), format!("Bearer {}", signed.token)),
            ("Content-Type".into(), "application/json".into()),
            (
                "X-Snowflake-Authorization-Token-Type".into(),
                "KEYPAIR_JWT".into(),
            ),
        ],
        body: Some(crate::json::to_wiped_string(&Value::Object(body))?.to_string()),
    };
    Ok(minted(signed, Some(request)))
}
