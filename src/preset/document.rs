//! Reading a preset document (format 1, `pkg/preset.schema.json`): every member is checked, every
//! template parsed and every name resolved once, and each mistake is reported with its place
//! (`x.json: claims.exp: unknown name 'lifetme'`).

use super::fields::{Check, Field, FieldKind, Rule};
use super::scope::check_names;
use super::shape::{join, Condition, Problem, Template};
use super::template::clip;
use super::{Brings, Preset};
use crate::error::{Error, Result};
use crate::key::SecretEncoding;
use crate::Algorithm;
use serde_json::{Map, Value};

/// The largest document read, in bytes: a preset is a few kilobytes.
const MAX_DOCUMENT: usize = 256 * 1024;

/// Which algorithm a preset signs with.
#[derive(Clone, Debug)]
pub(crate) enum AlgorithmSpec {
    Fixed(Algorithm),
    /// The value of a choice field whose options are all among the document's `algorithms`.
    Field(String),
    /// `"key"`: the first of the document's `algorithms` that the private key signs (an EC
    /// key's curve, Ed25519's EdDSA).
    Key(Vec<Algorithm>),
}

/// How an HMAC secret is written.
#[derive(Clone, Debug)]
pub(crate) enum EncodingSpec {
    Fixed(SecretEncoding),
    Field(String),
}

/// Where the signing key comes from.
#[derive(Clone, Debug)]
pub(crate) struct KeySpec {
    pub(crate) field: String,
    pub(crate) text: Template,
    pub(crate) encoding: EncodingSpec,
    pub(crate) passphrase: Option<Template>,
}

/// A list of named templates, each with an optional condition (headers, query, form bodies).
pub(crate) type Entries = Vec<(String, Template, Option<Condition>)>;

/// A request's headers: listed, or parsed from a field's `Name: value` lines.
#[derive(Clone, Debug)]
pub(crate) enum HeadersSpec {
    Listed(Entries),
    Lines(Template),
}

/// A request's body.
#[derive(Clone, Debug)]
pub(crate) enum BodySpec {
    Json(Template),
    Form(Entries),
    Text(Template),
}

/// A request template.
#[derive(Clone, Debug)]
pub(crate) struct RequestSpec {
    pub(crate) when: Option<Condition>,
    pub(crate) method: Template,
    pub(crate) url: Template,
    pub(crate) query: Entries,
    pub(crate) headers: HeadersSpec,
    pub(crate) body: Option<BodySpec>,
    /// `"http": 2`: the service takes HTTP/2 only (APNs).
    pub(crate) http2: bool,
}

/// Everything of a document that is not shown in its descriptor.
#[derive(Clone, Debug)]
pub(crate) struct Spec {
    pub(crate) algorithm: Option<AlgorithmSpec>,
    pub(crate) key: Option<KeySpec>,
    pub(crate) lifetime_default: Option<String>,
    pub(crate) min_lifetime: Option<i64>,
    pub(crate) add_times: bool,
    pub(crate) header: Template,
    pub(crate) claims: Template,
    pub(crate) exchange: Option<(RequestSpec, String)>,
    pub(crate) request: Option<RequestSpec>,
}

/// Reads a document from its JSON text; `source` names it in errors.
pub(crate) fn read(text: &str, source: &str) -> Result<Preset> {
    let invalid = |(at, problem): Problem| Error::PresetInvalid {
        source: clip(source),
        at,
        problem,
    };
    if text.len() > MAX_DOCUMENT {
        return Err(invalid((
            String::new(),
            format!("a preset document is at most {} KB", MAX_DOCUMENT / 1024),
        )));
    }
    let value: Value =
        serde_json::from_str(text).map_err(|error| invalid((String::new(), format!("not JSON: {error}"))))?;
    // Twice-given names are refused (a JSON parser keeps one of them silently).
    if value.is_object() {
        crate::json::RawMembers::parse(text, "document")
            .map_err(|error| invalid((String::new(), error.to_string())))?;
    }
    let Value::Object(document) = value else {
        return Err(invalid((
            String::new(),
            "a preset document is a JSON object".into(),
        )));
    };
    parse(&document, source).map_err(invalid)
}

fn parse(document: &Map<String, Value>, source: &str) -> Result<Preset, Problem> {
    let doc = Members::new(document, "");
    doc.only(&[
        "$schema",
        "format",
        "id",
        "name",
        "description",
        "docs",
        "brings",
        "notes",
        "fields",
        "algorithm",
        "algorithms",
        "key",
        "lifetime",
        "addTimes",
        "header",
        "claims",
        "exchange",
        "request",
        "tokenPerRequest",
    ])?;
    if doc.get("format") != Some(&Value::from(1)) {
        return Err((
            "format".into(),
            "must be 1 (the format this jwtmint reads)".into(),
        ));
    }
    let id = doc.string("id")?;
    let id_ok = (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !id_ok {
        return Err((
            "id".into(),
            "1 to 64 of a-z, 0-9 and -, like \"my-service\"".into(),
        ));
    }
    let docs_url = doc.string("docs")?;
    if !docs_url.starts_with("https://") || docs_url.contains(char::is_whitespace) {
        return Err(("docs".into(), "an https:// URL".into()));
    }
    let brings = Brings::from_name(&doc.string("brings")?).ok_or_else(|| {
        (
            "brings".to_owned(),
            "one of rsa-private-key, ec-private-key, private-key, key-and-secret, api-key, secret, key-file, any"
                .into(),
        )
    })?;
    let notes = match doc.get("notes") {
        None => Vec::new(),
        Some(_) => doc.strings("notes")?,
    };
    let fields = read_fields(&doc)?;
    let algorithm = read_algorithm(&doc, &fields)?;
    let key = match (doc.get("key"), &algorithm) {
        (Some(value), Some(_)) => Some(read_key(value, &fields)?),
        (None, Some(_)) => {
            return Err((
                "key".into(),
                "a preset that signs says where its key is: {\"field\": ...}".into(),
            ))
        }
        (Some(_), None) => {
            return Err((
                "key".into(),
                "a key without an algorithm: add \"algorithm\"".into(),
            ))
        }
        (None, None) => None,
    };
    let (lifetime_default, min_lifetime, max_lifetime) = read_lifetime(&doc)?;
    if let Some(index) = fields.iter().position(|field| field.name == "lifetime") {
        let field = fields
            .get(index)
            .filter(|field| field.kind == FieldKind::Lifetime);
        let Some(field) = field else {
            return Err((
                format!("fields.{index}.kind"),
                "the field named lifetime is of kind \"lifetime\"".into(),
            ));
        };
        let default = field.default.as_deref().map(crate::time::parse_span).transpose();
        match default {
            Err(error) => return Err((format!("fields.{index}.default"), error.to_string())),
            Ok(Some(default)) => {
                if let Some(problem) = outside(default, min_lifetime, max_lifetime) {
                    return Err((format!("fields.{index}.default"), problem.into()));
                }
            }
            Ok(None) => {}
        }
    }
    let token_per_request = doc.flag("tokenPerRequest", false)?;
    if token_per_request && algorithm.is_none() {
        return Err((
            "tokenPerRequest".into(),
            "only a preset that signs mints a token per request: add \"algorithm\"".into(),
        ));
    }
    let add_times = match doc.get("addTimes") {
        None => false,
        Some(Value::Bool(flag)) => *flag,
        Some(_) => return Err(("addTimes".into(), "true or false".into())),
    };
    let template = |name: &str| match doc.get(name) {
        None => Ok(Template::Object(Vec::new())),
        Some(value @ Value::Object(_)) => Template::read(value, name),
        Some(_) => Err((name.to_owned(), "a JSON object template".into())),
    };
    let header = template("header")?;
    let claims = template("claims")?;
    if algorithm.is_none() && (doc.get("header").is_some() || doc.get("claims").is_some()) {
        return Err((
            "claims".into(),
            "header and claims need an \"algorithm\" to sign them".into(),
        ));
    }
    if add_times && claims.has_member("exp") {
        return Err((
            "claims.exp".into(),
            "with addTimes the signer writes exp; remove it".into(),
        ));
    }
    let exchange = match doc.get("exchange") {
        None => None,
        Some(value) => {
            let object = Members::object(value, "exchange")?;
            let read = object.string("read")?;
            if read.is_empty() || !read.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err((
                    "exchange.read".into(),
                    "a JSON member name of letters, digits and _, like access_token".into(),
                ));
            }
            if fields.iter().any(|field| field.name == read) {
                return Err((
                    "exchange.read".into(),
                    format!("'{read}' is also a field; rename the field"),
                ));
            }
            Some((read_request(value, "exchange", &["read"])?, read))
        }
    };
    if exchange.is_some() && algorithm.is_none() {
        return Err((
            "exchange".into(),
            "an exchange sends a signed token: add \"algorithm\"".into(),
        ));
    }
    let request = match doc.get("request") {
        None => None,
        Some(value) => Some(read_request(value, "request", &[])?),
    };
    let spec = Spec {
        algorithm,
        key,
        lifetime_default,
        min_lifetime,
        add_times,
        header,
        claims,
        exchange,
        request,
    };
    check_names(&spec, &fields)?;
    Ok(Preset {
        id,
        name: doc.string("name")?,
        description: doc.string("description")?,
        docs_url,
        brings,
        algorithm: match &spec.algorithm {
            Some(AlgorithmSpec::Fixed(alg)) => Some(alg.name().to_owned()),
            _ => None,
        },
        max_lifetime,
        notes,
        hosts: super::scope::hosts(&spec),
        exchange: spec.exchange.is_some(),
        token_per_request,
        source: source.to_owned(),
        fields,
        spec,
    })
}

/// The members of one object of the document, with their place for messages.
pub(crate) struct Members<'a> {
    object: &'a Map<String, Value>,
    at: String,
}

impl<'a> Members<'a> {
    pub(crate) fn new(object: &'a Map<String, Value>, at: &str) -> Members<'a> {
        Members {
            object,
            at: at.to_owned(),
        }
    }

    pub(crate) fn object(value: &'a Value, at: &str) -> Result<Members<'a>, Problem> {
        match value {
            Value::Object(object) => Ok(Members::new(object, at)),
            _ => Err((at.to_owned(), "must be a JSON object".into())),
        }
    }

    pub(crate) fn at(&self, name: &str) -> String {
        join(&self.at, name)
    }

    pub(crate) fn get(&self, name: &str) -> Option<&'a Value> {
        self.object.get(name)
    }

    /// Refuses members other than `known` (a misspelt name would be ignored otherwise).
    pub(crate) fn only(&self, known: &[&str]) -> Result<(), Problem> {
        match self.object.keys().find(|name| !known.contains(&name.as_str())) {
            Some(name) => Err((
                self.at(name),
                format!(
                    "unknown member '{}'; known here: {}",
                    clip(name),
                    known.join(", ")
                ),
            )),
            None => Ok(()),
        }
    }

    pub(crate) fn string(&self, name: &str) -> Result<String, Problem> {
        match self.get(name) {
            Some(Value::String(text)) => Ok(text.clone()),
            Some(_) => Err((self.at(name), "must be a string".into())),
            None => Err((self.at(name), "is required".into())),
        }
    }

    pub(crate) fn optional_string(&self, name: &str) -> Result<Option<String>, Problem> {
        self.get(name).map(|_| self.string(name)).transpose()
    }

    pub(crate) fn strings(&self, name: &str) -> Result<Vec<String>, Problem> {
        match self.get(name) {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| match item {
                    Value::String(text) => Ok(text.clone()),
                    _ => Err((
                        join(&self.at(name), &index.to_string()),
                        "must be a string".into(),
                    )),
                })
                .collect(),
            _ => Err((self.at(name), "must be an array of strings".into())),
        }
    }

    pub(crate) fn flag(&self, name: &str, default: bool) -> Result<bool, Problem> {
        match self.get(name) {
            None => Ok(default),
            Some(Value::Bool(flag)) => Ok(*flag),
            Some(_) => Err((self.at(name), "true or false".into())),
        }
    }
}

fn read_fields(doc: &Members) -> Result<Vec<Field>, Problem> {
    let Some(Value::Array(items)) = doc.get("fields") else {
        return Err((
            "fields".into(),
            "an array of fields, each {\"name\", \"label\", \"kind\", ...}".into(),
        ));
    };
    let mut fields: Vec<Field> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let member = Members::object(item, &format!("fields.{index}"))?;
        member.only(&[
            "name",
            "label",
            "help",
            "kind",
            "secret",
            "required",
            "default",
            "options",
            "validate",
            "fromFileName",
            "fromKeyFile",
        ])?;
        let name = member.string("name")?;
        let name_ok = !name.is_empty()
            && name.len() <= 64
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        let reserved = ["now", "exp", "token", "uuid", "nonce"];
        if !name_ok || reserved.contains(&name.as_str()) {
            return Err((
                member.at("name"),
                format!(
                    "'{}' must be a-z, 0-9 and _ starting with a letter, and not one of {}",
                    clip(&name),
                    reserved.join(", ")
                ),
            ));
        }
        if fields.iter().any(|field| field.name == name) {
            return Err((member.at("name"), format!("a second field named '{name}'")));
        }
        let options = match member.get("options") {
            None => Vec::new(),
            Some(_) => member.strings("options")?,
        };
        let kind_name = member.string("kind")?;
        if (kind_name == "choice") == options.is_empty() {
            return Err((
                member.at("options"),
                "a choice field lists its options, and only a choice field".into(),
            ));
        }
        let kind = FieldKind::from_name(&kind_name, options).ok_or_else(|| {
            (member.at("kind"), format!("unknown kind '{}'; known: text, pem, boolean, choice, lifetime, host, label, url, path, multiline, json, key, certificate", clip(&kind_name)))
        })?;
        let default = member.optional_string("default")?;
        let secret = member.flag("secret", false)?;
        if secret && default.is_some() {
            return Err((
                member.at("default"),
                "a secret field has no default: a secret never comes with a document".into(),
            ));
        }
        fields.push(Field {
            label: member.string("label")?,
            help: member.optional_string("help")?.unwrap_or_default(),
            secret,
            required: member.flag("required", true)?,
            checks: read_checks(&member)?,
            from_file_name: None,
            from_key_file: Vec::new(),
            name,
            kind,
            default,
        });
    }
    super::files::read_rules(items, &mut fields)?;
    Ok(fields)
}

fn read_checks(field: &Members) -> Result<Vec<Check>, Problem> {
    let Some(value) = field.get("validate") else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = value else {
        return Err((field.at("validate"), "an array of rules".into()));
    };
    let mut checks = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let rule = Members::object(item, &join(&field.at("validate"), &index.to_string()))?;
        let names = [
            "startsWith",
            "endsWith",
            "notEndsWith",
            "contains",
            "notContains",
            "minLength",
            "maxLength",
            "chars",
            "member",
            "absent",
        ];
        let mut known = names.to_vec();
        known.extend(["equals", "ignoreCase", "message"]);
        rule.only(&known)?;
        let given: Vec<&str> = names
            .iter()
            .copied()
            .filter(|name| rule.get(name).is_some())
            .collect();
        let [name] = given.as_slice() else {
            return Err((
                rule.at(""),
                format!("one rule per entry: one of {}", names.join(", ")),
            ));
        };
        let length = |name: &str| match rule.get(name).and_then(Value::as_u64) {
            Some(length) if length <= 100_000 => Ok(length as usize),
            _ => Err((rule.at(name), "a whole number".to_owned())),
        };
        let parsed = match *name {
            "startsWith" => Rule::StartsWith(rule.string(name)?),
            "endsWith" => Rule::EndsWith(rule.string(name)?),
            "notEndsWith" => Rule::NotEndsWith(rule.string(name)?),
            "contains" => Rule::Contains(rule.string(name)?),
            "notContains" => Rule::NotContains(rule.string(name)?),
            "minLength" => Rule::MinLength(length(name)?),
            "maxLength" => Rule::MaxLength(length(name)?),
            "chars" => {
                Rule::Chars(char_ranges(&rule.string(name)?).map_err(|problem| (rule.at(name), problem))?)
            }
            "member" => Rule::MemberEquals(rule.string("member")?, rule.string("equals")?),
            _ => Rule::Absent(rule.string("absent")?),
        };
        checks.push(Check {
            rule: parsed,
            ignore_case: rule.flag("ignoreCase", false)?,
            message: rule.string("message")?,
        });
    }
    Ok(checks)
}

/// `a-z0-9._-`: characters and inclusive ranges (a `-` first or last is itself).
fn char_ranges(text: &str) -> Result<Vec<(char, char)>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut ranges = Vec::new();
    let mut index = 0;
    while let Some(&low) = chars.get(index) {
        match (chars.get(index + 1), chars.get(index + 2)) {
            (Some('-'), Some(&high)) => {
                if high < low {
                    return Err(format!("the range {low}-{high} is backwards"));
                }
                ranges.push((low, high));
                index += 3;
            }
            _ => {
                ranges.push((low, low));
                index += 1;
            }
        }
    }
    if ranges.is_empty() {
        return Err("list the allowed characters, like a-z0-9._-".into());
    }
    Ok(ranges)
}

fn read_algorithm(doc: &Members, fields: &[Field]) -> Result<Option<AlgorithmSpec>, Problem> {
    let Some(text) = doc.optional_string("algorithm")? else {
        return match doc.get("algorithms") {
            Some(_) => Err((
                "algorithms".into(),
                "only with \"algorithm\": \"{field}\" or \"key\"".into(),
            )),
            None => Ok(None),
        };
    };
    if text == "key" {
        return key_algorithms(doc).map(|algorithms| Some(AlgorithmSpec::Key(algorithms)));
    }
    let Some(name) = text.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) else {
        return match text.parse::<Algorithm>() {
            Ok(alg) => Ok(Some(AlgorithmSpec::Fixed(alg))),
            Err(error) => Err(("algorithm".into(), error.to_string())),
        };
    };
    let name = name.trim();
    let Some(field) = fields.iter().find(|field| field.name == name) else {
        return Err((
            "algorithm".into(),
            format!("unknown name '{}': no field has it", clip(name)),
        ));
    };
    let algorithms = listed_algorithms(doc)?;
    match &field.kind {
        FieldKind::Choice(options)
            if options
                .iter()
                .all(|option| algorithms.iter().any(|alg| alg.name() == option)) =>
        {
            Ok(Some(AlgorithmSpec::Field(field.name.clone())))
        }
        _ => Err((
            "algorithm".into(),
            format!("field '{name}' must be a choice among \"algorithms\""),
        )),
    }
}

fn listed_algorithms(doc: &Members) -> Result<Vec<Algorithm>, Problem> {
    doc.strings("algorithms")?
        .iter()
        .enumerate()
        .map(|(index, alg)| {
            alg.parse::<Algorithm>()
                .map_err(|error| (format!("algorithms.{index}"), error.to_string()))
        })
        .collect()
}

/// What `"algorithm": "key"` may pick from: private-key algorithms only (a secret has none).
fn key_algorithms(doc: &Members) -> Result<Vec<Algorithm>, Problem> {
    let algorithms = listed_algorithms(doc)?;
    if algorithms.is_empty() {
        return Err((
            "algorithms".into(),
            "list what the key may sign, like [\"ES256\", \"EdDSA\"]".into(),
        ));
    }
    match algorithms.iter().position(|alg| alg.name().starts_with("HS")) {
        Some(index) => Err((
            format!("algorithms.{index}"),
            "\"algorithm\": \"key\" takes the algorithm from a private key; HS* sign with a secret, so choose them with a field".into(),
        )),
        None => Ok(algorithms),
    }
}

fn read_key(value: &Value, fields: &[Field]) -> Result<KeySpec, Problem> {
    let key = Members::object(value, "key")?;
    key.only(&["field", "text", "encoding", "passphrase"])?;
    let field = key.string("field")?;
    match fields.iter().find(|candidate| candidate.name == field) {
        Some(found) if found.secret => {}
        Some(_) => {
            return Err((
                "key.field".into(),
                format!("field '{field}' holds a key: mark it \"secret\": true"),
            ))
        }
        None => {
            return Err((
                "key.field".into(),
                format!("unknown name '{}': no field has it", clip(&field)),
            ))
        }
    }
    let text = match key.get("text") {
        Some(value @ Value::String(_)) => Template::read(value, "key.text")?,
        Some(_) => {
            return Err((
                "key.text".into(),
                "a string template, like \"{key_file.private_key}\"".into(),
            ))
        }
        None => Template::read(&Value::String(format!("{{{field}}}")), "key.text")?,
    };
    // A key (or a passphrase) written into the document would travel with every copy and link.
    let names_field = |template: &Template| {
        let mut found = Vec::new();
        template.visit("", &mut found);
        found
            .iter()
            .any(|(_, expr)| matches!(&expr.base, super::template::Base::Field(name, _) if *name == field))
    };
    if !names_field(&text) {
        return Err(("key.text".into(), format!("the key comes from field '{field}': name it, as in \"{{{field}}}\"; a document never holds a key")));
    }
    let encoding = match key.optional_string("encoding")? {
        None => EncodingSpec::Fixed(SecretEncoding::Utf8),
        Some(name) => match name.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) {
            Some(field) => EncodingSpec::Field(field.trim().to_owned()),
            None => EncodingSpec::Fixed(
                name.parse()
                    .map_err(|error: Error| ("key.encoding".to_owned(), error.to_string()))?,
            ),
        },
    };
    let passphrase =
        match key.get("passphrase") {
            Some(value @ Value::String(_)) => match Template::read(value, "key.passphrase")? {
                Template::Literal(_) => return Err((
                    "key.passphrase".into(),
                    "the passphrase comes from a field, as in \"{passphrase?}\"; a document never holds one"
                        .into(),
                )),
                template => Some(template),
            },
            Some(_) => {
                return Err((
                    "key.passphrase".into(),
                    "a string template, like \"{passphrase?}\"".into(),
                ))
            }
            None => None,
        };
    Ok(KeySpec {
        field,
        text,
        encoding,
        passphrase,
    })
}

/// The lifetime's default, minimum and maximum.
type Lifetimes = (Option<String>, Option<i64>, Option<i64>);

fn read_lifetime(doc: &Members) -> Result<Lifetimes, Problem> {
    let Some(value) = doc.get("lifetime") else {
        return Ok((None, None, None));
    };
    let lifetime = Members::object(value, "lifetime")?;
    lifetime.only(&["default", "min", "max"])?;
    let span = |name: &str| -> Result<Option<(String, i64)>, Problem> {
        lifetime
            .optional_string(name)?
            .map(|text| {
                crate::time::parse_span(&text)
                    .map(|seconds| (text, seconds))
                    .map_err(|error| (lifetime.at(name), error.to_string()))
            })
            .transpose()
    };
    let default = span("default")?;
    let min = span("min")?.map(|(_, seconds)| seconds);
    let max = span("max")?.map(|(_, seconds)| seconds);
    if min.zip(max).is_some_and(|(min, max)| min > max) {
        return Err(("lifetime.min".into(), "longer than lifetime.max".into()));
    }
    if let Some((_, seconds)) = &default {
        if let Some(problem) = outside(*seconds, min, max) {
            return Err(("lifetime.default".into(), problem.into()));
        }
    }
    Ok((default.map(|(text, _)| text), min, max))
}

/// Whether `seconds` is outside `min..=max`, and how.
fn outside(seconds: i64, min: Option<i64>, max: Option<i64>) -> Option<&'static str> {
    if max.is_some_and(|max| seconds > max) {
        Some("longer than lifetime.max")
    } else if min.is_some_and(|min| seconds < min) {
        Some("shorter than lifetime.min")
    } else {
        None
    }
}

/// Reads a request or an exchange; `extra` are members allowed besides the request's own.
fn read_request(value: &Value, at: &str, extra: &[&str]) -> Result<RequestSpec, Problem> {
    let request = Members::object(value, at)?;
    let mut known = vec!["when", "method", "url", "query", "headers", "body", "http"];
    known.extend_from_slice(extra);
    request.only(&known)?;
    let string_template = |name: &str| match request.get(name) {
        Some(value @ Value::String(_)) => Template::read(value, &request.at(name)),
        Some(_) => Err((request.at(name), "must be a string".into())),
        None => Err((request.at(name), "is required".into())),
    };
    let when = request
        .optional_string("when")?
        .map(|text| Condition::read(&text, &request.at("when")))
        .transpose()?;
    let headers = match request.get("headers") {
        None => HeadersSpec::Listed(Vec::new()),
        Some(value @ Value::String(_)) => HeadersSpec::Lines(Template::read(value, &request.at("headers"))?),
        Some(value) => HeadersSpec::Listed(read_entries(value, &request.at("headers"))?),
    };
    let query = match request.get("query") {
        None => Vec::new(),
        Some(value) => read_entries(value, &request.at("query"))?,
    };
    let body = match request.get("body") {
        None => None,
        Some(value) => {
            let body = Members::object(value, &request.at("body"))?;
            let at = request.at("body");
            match (body.get("json"), body.get("form"), body.get("text")) {
                (Some(json), None, None) => Some(BodySpec::Json(Template::read(json, &join(&at, "json"))?)),
                (None, Some(form), None) => Some(BodySpec::Form(read_entries(form, &join(&at, "form"))?)),
                (None, None, Some(text @ Value::String(_))) => {
                    Some(BodySpec::Text(Template::read(text, &join(&at, "text"))?))
                }
                _ => {
                    return Err((
                        at,
                        "one of {\"json\": ...}, {\"form\": {...}} or {\"text\": \"...\"}".into(),
                    ))
                }
            }
        }
    };
    let http2 = match request.get("http").map(Value::as_u64) {
        None | Some(Some(1)) => false,
        Some(Some(2)) => true,
        Some(_) => {
            return Err((
                request.at("http"),
                "1 or 2: 2 for a service that takes HTTP/2 only, like APNs".into(),
            ))
        }
    };
    Ok(RequestSpec {
        when,
        method: string_template("method")?,
        url: string_template("url")?,
        query,
        headers,
        body,
        http2,
    })
}

/// `{"Name": "value template", "Other": {"value": "...", "when": "x=y"}}`.
fn read_entries(value: &Value, at: &str) -> Result<Entries, Problem> {
    let entries = Members::object(value, at)?;
    let mut read = Vec::new();
    for (name, value) in entries.object {
        let place = entries.at(name);
        let (template, when) = match value {
            Value::String(_) => (Template::read(value, &place)?, None),
            Value::Object(_) => {
                let entry = Members::object(value, &place)?;
                entry.only(&["value", "when"])?;
                let when = entry
                    .optional_string("when")?
                    .map(|text| Condition::read(&text, &entry.at("when")))
                    .transpose()?;
                match entry.get("value") {
                    Some(value @ Value::String(_)) => (Template::read(value, &entry.at("value"))?, when),
                    _ => return Err((entry.at("value"), "a string template".into())),
                }
            }
            _ => {
                return Err((
                    place,
                    "a string template, or {\"value\": ..., \"when\": ...}".into(),
                ))
            }
        };
        read.push((name.clone(), template, when));
    }
    Ok(read)
}
