//! Which names each part of a document may use, checked once when the document is read: a field
//! that exists, a member only of a JSON field, an optional field only with `?` (or under a `when`
//! that it is given), `token` only once there is one, `exp` only with a lifetime.

use super::document::{BodySpec, EncodingSpec, HeadersSpec, RequestSpec, Spec};
use super::fields::{Field, FieldKind};
use super::shape::{join, Condition, Problem, Template};
use super::template::{clip, Base, Expr, Filter, Piece};

/// What a part of the document may refer to besides the fields.
#[derive(Clone, Copy)]
struct Scope<'a> {
    fields: &'a [Field],
    token: bool,
    exchanged: Option<&'a str>,
    key_names: bool,
    lifetime: bool,
    /// A field a `when` guarantees.
    given: Option<&'a str>,
}

pub(crate) fn check_names(spec: &Spec, fields: &[Field]) -> Result<(), Problem> {
    let lifetime = spec.lifetime_default.is_some() || fields.iter().any(|field| field.name == "lifetime");
    let signs = spec.algorithm.is_some();
    let scope = Scope {
        fields,
        token: false,
        exchanged: None,
        key_names: false,
        lifetime,
        given: None,
    };
    if let Some(key) = &spec.key {
        check(&key.text, "key.text", scope)?;
        if let Some(passphrase) = &spec.key.as_ref().and_then(|key| key.passphrase.as_ref()) {
            check(passphrase, "key.passphrase", scope)?;
        }
        if let EncodingSpec::Field(name) = &key.encoding {
            if !matches!(
                find(fields, name).map(|field| &field.kind),
                Some(FieldKind::Choice(_))
            ) {
                return Err((
                    "key.encoding".into(),
                    format!(
                        "'{}' must be a choice field of utf8, base64, base64url, hex",
                        clip(name)
                    ),
                ));
            }
        }
    }
    let signed = Scope {
        key_names: true,
        ..scope
    };
    check(&spec.header, "header", signed)?;
    check(&spec.claims, "claims", signed)?;
    let after = Scope {
        token: signs,
        ..scope
    };
    if let Some((exchange, read)) = &spec.exchange {
        check_request(exchange, "exchange", after)?;
        if let Some(request) = &spec.request {
            check_request(
                request,
                "request",
                Scope {
                    exchanged: Some(read),
                    ..after
                },
            )?;
        }
    } else if let Some(request) = &spec.request {
        check_request(request, "request", after)?;
    }
    Ok(())
}

fn find<'a>(fields: &'a [Field], name: &str) -> Option<&'a Field> {
    fields.iter().find(|field| field.name == name)
}

fn check_condition(condition: &Condition, at: &str, scope: Scope) -> Result<(), Problem> {
    let name = condition.field();
    match (find(scope.fields, name), condition) {
        (None, _) => Err((
            at.to_owned(),
            format!("unknown name '{}': no field has it", clip(name)),
        )),
        (Some(field), Condition::Equals(_, value, _)) => match &field.kind {
            FieldKind::Choice(options) if !options.contains(value) => Err((
                at.to_owned(),
                format!("'{}' is not one of the options of {name}", clip(value)),
            )),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

fn check_request(request: &RequestSpec, at: &str, scope: Scope) -> Result<(), Problem> {
    let mut scope = scope;
    if let Some(when) = &request.when {
        check_condition(when, &join(at, "when"), scope)?;
        if let Condition::Given(name) = when {
            scope.given = Some(name);
        }
    }
    check(&request.method, &join(at, "method"), scope)?;
    check(&request.url, &join(at, "url"), scope)?;
    let entries = |entries: &[(String, Template, Option<Condition>)], place: &str| -> Result<(), Problem> {
        for (name, template, when) in entries {
            let mut inner = scope;
            if let Some(when) = when {
                check_condition(when, &join(&join(place, name), "when"), scope)?;
                if let Condition::Given(field) = when {
                    inner.given = Some(field);
                }
            }
            check(template, &join(place, name), inner)?;
        }
        Ok(())
    };
    entries(&request.query, &join(at, "query"))?;
    match &request.headers {
        HeadersSpec::Listed(listed) => entries(listed, &join(at, "headers"))?,
        HeadersSpec::Lines(template) => {
            let lines =
                matches!(template, Template::Single(expr) if expr.filters.contains(&Filter::HeaderLines));
            if !lines {
                return Err((
                    join(at, "headers"),
                    "headers are an object, or one expression with | header-lines".into(),
                ));
            }
            check(template, &join(at, "headers"), scope)?;
        }
    }
    match &request.body {
        None => Ok(()),
        Some(BodySpec::Json(template) | BodySpec::Text(template)) => {
            check(template, &join(at, "body"), scope)
        }
        Some(BodySpec::Form(form)) => entries(form, &join(at, "body.form")),
    }
}

fn check(template: &Template, at: &str, scope: Scope) -> Result<(), Problem> {
    let mut found = Vec::new();
    template.visit(at, &mut found);
    for (place, expr) in found {
        check_expr(expr, &place, scope)?;
    }
    Ok(())
}

fn check_expr(expr: &Expr, at: &str, scope: Scope) -> Result<(), Problem> {
    let fail = |problem: String| Err((at.to_owned(), problem));
    let mut scope = scope;
    for filter in &expr.filters {
        if let Filter::When(condition) = filter {
            check_condition(condition, at, scope)?;
            if let Condition::Given(name) = condition {
                scope.given = Some(name);
            }
        }
    }
    match &expr.base {
        Base::Token if !scope.token => {
            return fail(
                "'token' is only known in the exchange and the request of a preset that signs".into(),
            )
        }
        Base::KeySpkiSha256 | Base::KeyThumbprint if !scope.key_names => {
            return fail("key.* names are only known in the header and claims".into())
        }
        Base::Exp(_) | Base::Lifetime if !scope.lifetime => {
            return fail(
                "there is no lifetime: add a \"lifetime\" field or \"lifetime\": {\"default\": ...}".into(),
            )
        }
        Base::Field(name, members) => {
            if scope.exchanged == Some(name.as_str()) && members.is_empty() {
                return Ok(());
            }
            let Some(field) = find(scope.fields, name) else {
                return fail(format!("unknown name '{}'; known: {}", clip(name), known(scope)));
            };
            if !members.is_empty() && field.kind != FieldKind::Json {
                return fail(format!(
                    "'{name}' is not a JSON field; only kind \"json\" has members"
                ));
            }
            let absent = !field.required && field.default.is_none();
            if absent && !expr.optional && scope.given != Some(name.as_str()) {
                return fail(format!(
                    "field '{name}' is optional: write {{{name}?}}, or guard it with \"when\": \"{name}\""
                ));
            }
        }
        _ => {}
    }
    Ok(())
}

fn known(scope: Scope) -> String {
    let mut names: Vec<&str> = scope.fields.iter().map(|field| field.name.as_str()).collect();
    names.extend(["now", "uuid", "nonce"]);
    if scope.lifetime {
        names.extend(["exp", "lifetime"]);
    }
    if scope.token {
        names.push("token");
    }
    if let Some(read) = scope.exchanged {
        names.push(read);
    }
    if scope.key_names {
        names.extend(["key.spki_sha256", "key.thumbprint"]);
    }
    names.join(", ")
}

/// The hosts a document's requests go to, as text a person reads: `api.github.com`, or
/// `{host}` where a field gives it.
pub(crate) fn hosts(spec: &Spec) -> Vec<String> {
    let mut hosts = Vec::new();
    for request in spec
        .exchange
        .iter()
        .map(|(request, _)| request)
        .chain(spec.request.as_ref())
    {
        let host = host_of(&request.url);
        if !host.is_empty() && !hosts.contains(&host) {
            hosts.push(host);
        }
    }
    hosts
}

fn host_of(url: &Template) -> String {
    let pieces = match url {
        Template::Literal(serde_json::Value::String(text)) => vec![Piece::Text(text.clone())],
        Template::Single(expr) => vec![Piece::Expr(expr.clone())],
        Template::Text(pieces) => pieces.clone(),
        _ => Vec::new(),
    };
    let mut host = String::new();
    let mut scheme_seen = false;
    for piece in pieces {
        match piece {
            Piece::Text(text) => {
                let text = match text.split_once("://") {
                    Some((_, rest)) if !scheme_seen => rest.to_owned(),
                    _ => text,
                };
                scheme_seen = true;
                match text.find(['/', '?', '#']) {
                    Some(end) => {
                        host.push_str(text.get(..end).unwrap_or_default());
                        return host;
                    }
                    None => host.push_str(&text),
                }
            }
            Piece::Expr(expr) => {
                if !host.is_empty() && !host.ends_with('.') {
                    return host;
                }
                let name = match &expr.base {
                    Base::Field(name, members) if members.is_empty() => name.clone(),
                    Base::Field(name, members) => format!("{name}.{}", members.join(".")),
                    _ => "…".into(),
                };
                host.push_str(&format!("{{{name}}}"));
                scheme_seen = true;
            }
        }
    }
    host
}
