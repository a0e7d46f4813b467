//! The JavaScript bindings: the only module that knows wasm-bindgen. Each export converts its
//! inputs to core types, calls the core, and converts the result back; every core error becomes
//! a plain `{ code, message }` object that `pkg/api.js` turns into a `JwtMintError`.
//!
//! Secret text arriving from JavaScript is copied into wasm memory by the glue; it is held in
//! `Zeroizing` buffers here so that the copy is wiped when the call returns.

use crate::error::Error;
use crate::json::Object;
use crate::key::Key;
use crate::options;
use crate::{decode as core_decode, verify as core_verify, Algorithm, Signer};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// Every freed block is wiped (`crate::wipe::WipingAllocator`).
#[global_allocator]
static ALLOCATOR: crate::wipe::WipingAllocator = crate::wipe::WipingAllocator;

fn to_js_error(error: Error) -> JsValue {
    let object = js_sys::Object::new();
    // Reflect::set on a fresh plain object cannot fail; ignore the Result rather than panic.
    let _ = js_sys::Reflect::set(&object, &"code".into(), &error.code().into());
    let _ = js_sys::Reflect::set(&object, &"message".into(), &error.to_string().into());
    let problems = error.field_problems();
    if !problems.is_empty() {
        let fields = js_sys::Object::new();
        for (field, problem) in problems {
            let _ = js_sys::Reflect::set(&fields, &field.into(), &problem.into());
        }
        let _ = js_sys::Reflect::set(&object, &"fields".into(), &fields.into());
    }
    object.into()
}

type JsResult<T> = Result<T, JsValue>;

/// Reads a JSON value that `pkg/api.js` wrote with `jsonText` (which has already refused what
/// JSON cannot carry, naming where it is); `undefined` arrives as `null`.
fn to_json(text: &str, what: &str) -> Result<Value, Error> {
    crate::json::check_depth(text).map_err(|detail| Error::invalid_argument(format!("{what}: {detail}")))?;
    serde_json::from_str(text)
        .map_err(|error| Error::invalid_argument(format!("{what}: not JSON text ({error})")))
}

/// Runs `sign` on the claims bytes, then wipes them: claims may carry a PAT. They arrive as an
/// owned buffer (the glue's copy, which would otherwise be freed as it is); `pkg/api.js` wipes
/// its own scratch buffer.
fn wiping<T>(claims: Vec<u8>, sign: impl FnOnce(&[u8]) -> T) -> T {
    let claims = crate::wipe::WipedBytes::from(claims);
    sign(&claims)
}

/// Results cross as JSON text, which `pkg/api.js` parses: smaller than converting member by
/// member in wasm (serde-wasm-bindgen and the js-sys calls it made were 8 KB of the gzip).
fn to_js(value: &impl Serialize) -> JsResult<JsValue> {
    let text = crate::json::to_wiped_string(value).map_err(to_js_error)?;
    Ok(JsValue::from_str(&text))
}

fn js_now() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// A parsed key held in wasm memory. Its material is zeroized when it is freed.
#[wasm_bindgen]
pub struct WasmKey {
    key: Key,
}

impl WasmKey {
    /// Runs `work` with this key, then wipes the stack it used (`wipe::stack_wiped`): a public
    /// key has nothing to wipe, an HMAC secret needs the short wipe.
    fn stack_wiped<T>(&self, work: impl FnOnce() -> T) -> T {
        match self.key.kind() {
            crate::KeyKind::Public => work(),
            kind => crate::wipe::stack_wiped(kind == crate::KeyKind::Secret, work),
        }
    }
}

#[wasm_bindgen]
impl WasmKey {
    /// `secret`, `private` or `public`.
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        self.key.kind().name().into()
    }

    /// The JWK `kty`: `oct`, `RSA`, `EC` or `OKP`.
    #[wasm_bindgen(getter, js_name = keyType)]
    pub fn key_type(&self) -> String {
        self.key.key_type().into()
    }

    /// Modulus, curve or secret size in bits (256 for Ed25519).
    #[wasm_bindgen(getter)]
    pub fn bits(&self) -> u32 {
        u32::try_from(self.key.bits()).unwrap_or(u32::MAX)
    }

    /// The JWK `crv` (`P-256`, `P-384`, `P-521`, `Ed25519`); `undefined` for RSA keys and
    /// secrets, which `pkg/api.js` turns into `null`.
    #[wasm_bindgen(getter)]
    pub fn curve(&self) -> Option<String> {
        self.key.curve().map(String::from)
    }

    /// The algorithms this key can be used with.
    #[wasm_bindgen(getter)]
    pub fn algorithms(&self) -> Vec<String> {
        self.key.algorithms().into_iter().map(String::from).collect()
    }

    /// The public key as SPKI PEM.
    #[wasm_bindgen(js_name = publicPem)]
    pub fn public_pem(&self) -> JsResult<String> {
        self.key.public_pem().map_err(to_js_error)
    }

    /// The public JWK; `options` may set `kid` and `alg`.
    #[wasm_bindgen(js_name = publicJwk)]
    pub fn public_jwk(&self, options: &str) -> JsResult<JsValue> {
        let (kid, alg) = jwk_options(options).map_err(to_js_error)?;
        to_js(&self.key.public_jwk(kid.as_deref(), alg).map_err(to_js_error)?)
    }

    /// A JWKS with this key; `options` may set `kid` (default: the thumbprint) and `alg`.
    pub fn jwks(&self, options: &str) -> JsResult<JsValue> {
        let (kid, alg) = jwk_options(options).map_err(to_js_error)?;
        to_js(&self.key.jwks(kid.as_deref(), alg).map_err(to_js_error)?)
    }

    /// The RFC 7638 thumbprint.
    pub fn thumbprint(&self) -> JsResult<String> {
        self.key.thumbprint().map_err(to_js_error)
    }
}

fn jwk_options(value: &str) -> Result<(Option<String>, Option<Algorithm>), Error> {
    let value = to_json(value, "JWK options")?;
    let object = match &value {
        Value::Null => return Ok((None, None)),
        Value::Object(object) => object,
        _ => {
            return Err(Error::invalid_argument(
                "JWK options must be an object like { kid, alg }",
            ))
        }
    };
    if let Some(unknown) = object.keys().find(|name| *name != "kid" && *name != "alg") {
        return Err(Error::invalid_argument(format!(
            "unknown JWK option \"{unknown}\"; known: kid, alg"
        )));
    }
    let text = |name: &str| match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(Error::invalid_argument(format!(
            "JWK option \"{name}\" must be a string"
        ))),
    };
    let alg = text("alg")?.map(|name| name.parse::<Algorithm>()).transpose()?;
    Ok((text("kid")?, alg))
}

/// Parses a key: a PEM or JWK string (`pkg/api.js` writes a JWK object as JSON text), DER bytes,
/// or a secret string when `options.encoding` is set. With `lenient`, a string that is no key
/// material in any form `Key::from_text_or_secret` recognises is a UTF-8 secret. `options` is JSON text; it may hold a passphrase, so it arrives as a
/// JS string copied into a buffer that is wiped, as the key text is.
#[wasm_bindgen(js_name = importKey)]
pub fn import_key(input: JsValue, options: JsValue, lenient: bool) -> JsResult<WasmKey> {
    crate::wipe::stack_wiped(false, || import_key_js(input, options, lenient))
}

fn import_key_js(input: JsValue, options: JsValue, lenient: bool) -> JsResult<WasmKey> {
    let options = Zeroizing::new(options.as_string().unwrap_or_else(|| "null".into()));
    let options = options::import_options(&to_json(&options, "import options").map_err(to_js_error)?)
        .map_err(to_js_error)?;
    let key = if let Some(text) = input.as_string() {
        let text = Zeroizing::new(text);
        match options.encoding {
            Some(encoding) => Key::from_secret(&text, encoding),
            None if lenient => Key::from_text_or_secret(&text, &options),
            None => Key::from_text(&text, &options),
        }
    } else if input.is_instance_of::<js_sys::Uint8Array>() {
        let bytes = Zeroizing::new(js_sys::Uint8Array::new(&input).to_vec());
        Key::from_der(&bytes, &options)
    } else {
        Err(Error::invalid_argument(
            "importKey takes a PEM string, DER bytes (Uint8Array), a JWK object, or a secret string with { encoding }",
        ))
    };
    key.map(|key| WasmKey { key }).map_err(to_js_error)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SignedJs<'a> {
    token: &'a str,
    header: &'a Object,
    payload: &'a Object,
    issued_at: Option<i64>,
    expires_at: Option<i64>,
    warnings: Vec<WarningJs<'a>>,
}

#[derive(Serialize)]
struct WarningJs<'a> {
    code: &'a str,
    message: &'a str,
}

/// A signer for `key` from sign options as JSON text (`jsonText` in `pkg/api.js`). A key with
/// exactly one algorithm (an EC or Ed25519 key, a JWK that names its `alg`) implies it, so
/// `alg` may be left out; when given, it is checked against the key as always.
fn signer_for(key: &WasmKey, options: &str) -> Result<Signer, Error> {
    let options = to_json(options, "sign options")?;
    let implied = match key.key.supported() {
        [only] => Some(*only),
        _ => None,
    };
    Signer::new(&key.key, options::sign_options(&options, implied)?)
}

/// Claims arrive as UTF-8 bytes of JSON text (`withClaims` in `pkg/api.js`) and go into the
/// token as written (`Signer::sign_json`).
fn claims_from(claims: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(claims).map_err(|_| Error::invalid_argument("the claims are not UTF-8 text"))
}

fn sign_js(claims: &[u8], key: &WasmKey, options: &str) -> Result<crate::Signed, Error> {
    signer_for(key, options)?.sign_json(&key.key, claims_from(claims)?, Some(js_now()))
}

/// Sign options checked and the header encoded once (`createSigner` in `pkg/api.js`).
#[wasm_bindgen]
pub struct WasmSigner {
    signer: Signer,
}

/// Prepares to sign many tokens with `key` and the same options (JSON text).
#[wasm_bindgen(js_name = prepareSigner)]
pub fn prepare_signer(key: &WasmKey, options: &str) -> JsResult<WasmSigner> {
    signer_for(key, options)
        .map(|signer| WasmSigner { signer })
        .map_err(to_js_error)
}

/// Signs `claims` (JSON text) with a prepared signer and the key it was prepared for.
#[wasm_bindgen(js_name = signPrepared)]
pub fn sign_prepared(signer: &WasmSigner, key: &WasmKey, claims: Vec<u8>) -> JsResult<String> {
    key.stack_wiped(|| {
        wiping(claims, |claims| {
            claims_from(claims)
                .and_then(|claims| signer.signer.sign_json_token(&key.key, claims, Some(js_now())))
        })
    })
    .map_err(to_js_error)
}

/// Signs `claims` and returns only the token: `sign()` needs nothing else, and building the
/// detailed result object costs more than an HMAC.
#[wasm_bindgen(js_name = signToken)]
pub fn sign_token(claims: Vec<u8>, key: &WasmKey, options: &str) -> JsResult<String> {
    key.stack_wiped(|| {
        wiping(claims, |claims| {
            signer_for(key, options)
                .and_then(|signer| signer.sign_json_token(&key.key, claims_from(claims)?, Some(js_now())))
        })
    })
    .map_err(to_js_error)
}

/// Signs `claims` (JSON text; `pkg/api.js` encodes objects) and returns the token with what went
/// into it.
#[wasm_bindgen(js_name = signDetailed)]
pub fn sign_detailed(claims: Vec<u8>, key: &WasmKey, options: &str) -> JsResult<JsValue> {
    let mut signed = key
        .stack_wiped(|| wiping(claims, |claims| sign_js(claims, key, options)))
        .map_err(to_js_error)?;
    let result = to_js(&SignedJs {
        token: &signed.token,
        header: &signed.header,
        payload: &signed.payload,
        issued_at: signed.issued_at,
        expires_at: signed.expires_at,
        warnings: signed
            .warnings
            .iter()
            .map(|warning| WarningJs {
                code: warning.code,
                message: &warning.message,
            })
            .collect(),
    });
    // The payload holds the claims in clear: wiped once it has been copied out.
    drop(crate::json::WipedObject(std::mem::take(&mut signed.payload)));
    result
}

fn token_text(token: JsValue) -> Result<String, Error> {
    token
        .as_string()
        .ok_or_else(|| Error::invalid_argument("the token must be a string like \"eyJ...\""))
}

#[derive(Serialize)]
struct DecodedJs<'a> {
    header: &'a Object,
    payload: &'a Object,
    signature: String,
    duplicates: &'a [String],
    times: TimesJs,
}

/// The token's `iat`, `nbf` and `exp` in seconds as the core reads them (`Decoded::times`), for
/// the page's time display and countdown; a claim that is not a valid NumericDate is absent,
/// with the reason in `timeError`.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct TimesJs {
    #[serde(skip_serializing_if = "Option::is_none")]
    iat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nbf: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exp: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_error: Option<String>,
}

fn times_js(decoded: &crate::Decoded) -> TimesJs {
    match decoded.times() {
        Ok(times) => TimesJs {
            iat: times.issued_at.map(|date| date.seconds()),
            nbf: times.not_before.map(|date| date.seconds()),
            exp: times.expires_at.map(|date| date.seconds()),
            time_error: None,
        },
        Err(error) => TimesJs {
            time_error: Some(error.to_string()),
            ..TimesJs::default()
        },
    }
}

/// Decodes a token without verifying it.
#[wasm_bindgen]
pub fn decode(token: JsValue) -> JsResult<JsValue> {
    // The token's text, and everything decoded from it when freed (`wipe::WipingAllocator`):
    // its claims may carry a PAT.
    let token = Zeroizing::new(token_text(token).map_err(to_js_error)?);
    let decoded = core_decode(&token).map_err(to_js_error)?;
    to_js(&DecodedJs {
        header: &decoded.header,
        payload: &decoded.payload,
        signature: crate::base64url::encode(&decoded.signature),
        duplicates: &decoded.duplicates,
        times: times_js(&decoded),
    })
}

#[derive(Serialize)]
struct VerifiedJs<'a> {
    header: &'a Object,
    payload: &'a Object,
}

/// Verifies a token and its claims.
#[wasm_bindgen]
pub fn verify(token: JsValue, key: &WasmKey, options: &str) -> JsResult<JsValue> {
    let token = Zeroizing::new(token_text(token).map_err(to_js_error)?);
    let mut options = options::verify_options(&to_json(options, "verify options").map_err(to_js_error)?)
        .map_err(to_js_error)?;
    options.now = Some(options.now.unwrap_or_else(js_now));
    let verified = key
        .stack_wiped(|| core_verify(&token, &key.key, &options))
        .map_err(to_js_error)?;
    // The claims, in clear, are wiped as they are freed (`wipe::WipingAllocator`).
    to_js(&VerifiedJs {
        header: &verified.header,
        payload: &verified.payload,
    })
}

/// Parses a lifetime (seconds or a span like `1h30m`) into seconds.
#[wasm_bindgen(js_name = parseSpan)]
pub fn parse_span(value: &str) -> JsResult<f64> {
    let value = to_json(value, "the lifetime").map_err(to_js_error)?;
    match options::span(&value, "lifetime").map_err(to_js_error)? {
        Some(seconds) => Ok(seconds as f64),
        None => Err(to_js_error(Error::invalid_argument("a lifetime is required"))),
    }
}

/// Every stable error code of the core.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    Error::CODES.iter().map(|code| String::from(*code)).collect()
}

/// Every preset's descriptor: what a form needs to render it.
#[wasm_bindgen]
pub fn presets() -> JsResult<JsValue> {
    to_js(&crate::preset::presets())
}

/// Each built-in preset's `{id, name}`, in form order, without reading the rest of the documents.
#[wasm_bindgen(js_name = presetSummaries)]
pub fn preset_summaries() -> JsResult<JsValue> {
    let list: Vec<_> = crate::preset::summaries()
        .into_iter()
        .map(|(id, name)| serde_json::json!({"id": id, "name": name}))
        .collect();
    to_js(&list)
}

/// The descriptor of built-in preset `id`, as `presets()` lists it; reads only that document.
#[wasm_bindgen(js_name = describePreset)]
pub fn describe_preset(id: &str) -> JsResult<JsValue> {
    crate::preset::preset(id)
        .and_then(|preset| {
            to_js(preset).map_err(|_| Error::invalid_argument("the descriptor could not be converted"))
        })
        .map_err(to_js_error)
}

/// Fills preset `id` from `fields` (name → string, boolean or number) and mints.
#[wasm_bindgen]
pub fn mint(id: JsValue, fields: JsValue, options: &str) -> JsResult<JsValue> {
    // The fields hold secrets (keys, PATs, API secrets): copied into a buffer that is wiped.
    let fields = Zeroizing::new(fields.as_string().unwrap_or_else(|| "null".into()));
    crate::wipe::stack_wiped(false, || mint_js(id, &fields, options, None)).map_err(to_js_error)
}

/// Like `mint`, with `key` given for the key field `key_field` instead of its text
/// (`preset::mint_with_key`): the page imports a key once for every edit of its form.
#[wasm_bindgen(js_name = mintWithKey)]
pub fn mint_with_key(
    id: JsValue,
    fields: JsValue,
    options: &str,
    key_field: &str,
    key: &WasmKey,
) -> JsResult<JsValue> {
    let fields = Zeroizing::new(fields.as_string().unwrap_or_else(|| "null".into()));
    crate::wipe::stack_wiped(false, || {
        mint_js(id, &fields, options, Some((key_field, &key.key)))
    })
    .map_err(to_js_error)
}

/// Checks a preset document's JSON text and returns its descriptor (as `presets()` lists them);
/// `source` (a file name) starts every error message.
#[wasm_bindgen(js_name = checkPreset)]
pub fn check_preset(text: &str, source: &str) -> JsResult<JsValue> {
    crate::preset::Preset::from_json(text, source)
        .and_then(|preset| {
            to_js(&preset).map_err(|_| Error::invalid_argument("the descriptor could not be converted"))
        })
        .map_err(to_js_error)
}

/// The values a file loaded into `field` of preset `preset` (an id or a document's text) gives
/// the other fields, as JSON text: `{"kid": "ABC123DEFG"}` for `AuthKey_ABC123DEFG.p8`.
#[wasm_bindgen(js_name = fieldsFromFile)]
pub fn fields_from_file(preset: &str, field: &str, file_name: &str, text: JsValue) -> JsResult<String> {
    // A key file holds the private key: copied into a buffer that is wiped.
    let text = Zeroizing::new(text.as_string().unwrap_or_default());
    crate::wipe::stack_wiped(false, || {
        let filled = if preset.trim_start().starts_with('{') {
            document(preset)?.fields_from_file(field, file_name, &text)?
        } else {
            crate::preset::preset(preset)?.fields_from_file(field, file_name, &text)?
        };
        serde_json::to_string(&filled).map_err(|_| Error::invalid_argument("the fields could not be written"))
    })
    .map_err(to_js_error)
}

std::thread_local! {
    /// The document minted from last: a form mints on every edit, from the same text.
    static LAST_DOCUMENT: std::cell::RefCell<Option<(String, std::rc::Rc<crate::preset::Preset>)>> =
        const { std::cell::RefCell::new(None) };
}

/// A preset document's JSON text, read (or taken from the last call with the same text).
fn document(text: &str) -> Result<std::rc::Rc<crate::preset::Preset>, Error> {
    if let Some(preset) = LAST_DOCUMENT.with_borrow(|last| {
        last.as_ref()
            .filter(|(known, _)| known == text)
            .map(|(_, preset)| preset.clone())
    }) {
        return Ok(preset);
    }
    let preset = std::rc::Rc::new(crate::preset::Preset::from_json(text, "preset document")?);
    LAST_DOCUMENT.with_borrow_mut(|last| *last = Some((text.to_owned(), preset.clone())));
    Ok(preset)
}

fn mint_js(id: JsValue, fields: &str, options: &str, key: Option<(&str, &Key)>) -> Result<JsValue, Error> {
    let id = id.as_string().ok_or_else(|| {
        Error::invalid_argument("the preset must be an id like \"teradata-lake\" or a preset document")
    })?;
    let fields = match to_json(fields, "fields")? {
        Value::Null => crate::json::WipedObject(Object::new()),
        Value::Object(object) => crate::json::WipedObject(object),
        _ => {
            return Err(Error::invalid_argument(
                "fields must be an object of field name → value",
            ))
        }
    };
    let options = options::mint_options(&to_json(options, "mint options")?)?;
    let options = crate::preset::MintOptions {
        now: Some(options.now.unwrap_or_else(js_now)),
        lifetime: options.lifetime,
    };
    let mut minted = if id.trim_start().starts_with('{') {
        document(&id)?.mint(&fields.0, key, &options)?
    } else {
        crate::preset::mint_with_key(&id, &fields.0, key, &options)?
    };
    let mut json = minted.to_json();
    let result =
        to_js(&json).map_err(|_| Error::invalid_argument("the result could not be converted to JavaScript"));
    // The claims (a PAT, say) and the token, in clear: wiped once copied out.
    crate::json::wipe(&mut json);
    drop(crate::json::WipedObject(
        minted.payload.take().unwrap_or_default(),
    ));
    if let Some(token) = minted.token.as_mut() {
        zeroize::Zeroize::zeroize(token);
    }
    result
}

/// Renders a request `{ method, url, headers, body }` as `curl`, `powershell`, `fetch`, `python`
/// or `httpie` code; with an exchange (`{ method, url, headers, body, read }`, or `""` for none)
/// the code first sends the exchange and puts the value it reads where the request says
/// `{read}`.
#[wasm_bindgen(js_name = renderRequest)]
pub fn render_request(request: &str, format: JsValue, exchange: &str) -> JsResult<String> {
    let format = format.as_string().unwrap_or_default();
    crate::request::Format::from_name(&format)
        .and_then(|format| {
            let request = crate::request::Request::from_json(&to_json(request, "the request")?)?;
            let exchange = match exchange {
                "" => None,
                text => Some(crate::request::Exchange::from_json(&to_json(
                    text,
                    "the exchange",
                )?)?),
            };
            crate::request::render_flow(exchange.as_ref(), &request, format)
        })
        .map_err(to_js_error)
}
