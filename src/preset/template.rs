//! Template expressions of preset documents: `{name}`, `{now - 60}`, `{account | before:. | upper}`.
//! A small total vocabulary (names, integer offsets, filters), parsed once when a document is
//! checked so that every mistake is reported with its place, and evaluated for each mint.
//! Nothing here runs code: each filter is a fixed function of its input.

/// What a template expression starts from.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Base {
    /// A field's text, or a member of the JSON object in it (`key_file.client_email`).
    Field(String, Vec<String>),
    /// The current time plus an offset.
    Now(i64),
    /// `now + lifetime` plus an offset.
    Exp(i64),
    /// The lifetime in seconds.
    Lifetime,
    /// The signed token (exchanges and requests only).
    Token,
    /// Standard base64 of the SHA-256 of the signing key's SubjectPublicKeyInfo DER.
    KeySpkiSha256,
    /// The signing key's RFC 7638 thumbprint.
    KeyThumbprint,
    /// A random UUID version 4.
    Uuid,
    /// 32 random hex digits.
    Nonce,
}

/// One step of an expression's pipe.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Filter {
    Upper,
    Lower,
    TrimEnd(char),
    Before(char),
    After(char),
    Replace(char, String),
    Segment,
    Form,
    Base64Decode,
    /// `member-or-text:a.b`: member `a.b` of the text when it is a JSON object, else the text.
    MemberOrText(Vec<String>),
    Number,
    Boolean,
    Json,
    Split(char),
    /// `fill:name=expr` / `fill-segment:name=expr`: `{name}` inside the text becomes `expr`.
    Fill {
        name: String,
        value: Box<Expr>,
        segment: bool,
    },
    HeaderLines,
    X5t,
    X5tS256,
    /// `when:x=v`: the value, or absent (the member left out) unless the condition holds.
    When(super::shape::Condition),
}

/// `{base | filter ...}`, optionally with `?`: absent makes the containing member absent.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Expr {
    pub(crate) base: Base,
    pub(crate) filters: Vec<Filter>,
    pub(crate) optional: bool,
}

/// A string template: literal text and expressions.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Piece {
    Text(String),
    Expr(Expr),
}

/// Parses the text of a string template. A string that is one expression and nothing else keeps
/// the expression's type (see `Template::Single`).
pub(crate) fn parse_pieces(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(index) = rest.find(['{', '}']) {
        let (before, after) = rest.split_at(index);
        literal.push_str(before);
        if let Some(tail) = after.strip_prefix("{{") {
            literal.push('{');
            rest = tail;
        } else if let Some(tail) = after.strip_prefix("}}") {
            literal.push('}');
            rest = tail;
        } else if let Some(tail) = after.strip_prefix('{') {
            let end = tail
                .find('}')
                .ok_or_else(|| "unclosed '{'; write {{ for a literal brace".to_owned())?;
            let (inside, tail) = tail.split_at(end);
            if !literal.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut literal)));
            }
            pieces.push(Piece::Expr(parse_expr(inside)?));
            rest = tail.get(1..).unwrap_or_default();
        } else {
            return Err("a '}' without its '{'; write }} for a literal brace".into());
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        pieces.push(Piece::Text(literal));
    }
    Ok(pieces)
}

/// Parses what is between the braces.
pub(crate) fn parse_expr(text: &str) -> Result<Expr, String> {
    let mut parts = text.split('|');
    let head = parts.next().unwrap_or_default().trim();
    let (head, optional) = match head.strip_suffix('?') {
        Some(head) => (head.trim_end(), true),
        None => (head, false),
    };
    let base = parse_base(head)?;
    let filters = parts.map(parse_filter).collect::<Result<Vec<_>, _>>()?;
    if let Some(index) = filters.iter().position(|filter| *filter == Filter::HeaderLines) {
        let after_ok = filters
            .iter()
            .skip(index + 1)
            .all(|filter| matches!(filter, Filter::Fill { .. }));
        if !after_ok {
            return Err("only fill may follow header-lines".into());
        }
    }
    Ok(Expr {
        base,
        filters,
        optional,
    })
}

fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '#'))
}

fn parse_base(text: &str) -> Result<Base, String> {
    let (name, offset) = match text.find(['+', '-']).filter(|&index| {
        let name = text.get(..index).unwrap_or_default().trim();
        matches!(name, "now" | "exp")
    }) {
        Some(index) => {
            let (name, rest) = text.split_at(index);
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            let digits = rest.get(1..).unwrap_or_default().trim();
            let amount: i64 = digits
                .parse()
                .ok()
                .filter(|amount: &i64| (0..=10_000_000_000).contains(amount) && !digits.starts_with('+'))
                .ok_or_else(|| format!("'{}' is not a whole number of seconds", clip(digits)))?;
            (name.trim(), sign * amount)
        }
        None => (text, 0),
    };
    let base = match name {
        "" => return Err("an empty expression {}; write {{}} for literal braces".into()),
        "now" => Base::Now(offset),
        "exp" => Base::Exp(offset),
        "lifetime" => Base::Lifetime,
        "token" => Base::Token,
        "key.spki_sha256" => Base::KeySpkiSha256,
        "key.thumbprint" => Base::KeyThumbprint,
        "uuid" => Base::Uuid,
        "nonce" => Base::Nonce,
        _ if name.starts_with("key.") => {
            return Err(format!(
                "unknown name '{}'; the key offers key.spki_sha256 and key.thumbprint",
                clip(name)
            ))
        }
        _ => {
            let mut path = name.split('.');
            let field = path.next().unwrap_or_default();
            let members: Vec<String> = path.map(str::to_owned).collect();
            if !is_name(field) || members.iter().any(|member| member.is_empty()) {
                return Err(format!("'{}' is not a name", clip(name)));
            }
            Base::Field(field.to_owned(), members)
        }
    };
    if offset != 0 && !matches!(base, Base::Now(_) | Base::Exp(_)) {
        return Err("only now and exp take an offset".into());
    }
    Ok(base)
}

fn one_char(name: &str, argument: &str) -> Result<char, String> {
    let mut chars = argument.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(format!("{name} takes one character, as in {name}:.")),
    }
}

fn parse_filter(text: &str) -> Result<Filter, String> {
    let text = text.trim_start();
    // An argument ends before the spaces that precede the next `|`, unless it is only spaces
    // (`split: ` splits at a space).
    let (name, argument) = match text.split_once(':') {
        Some((name, argument)) => {
            let trimmed = argument.trim_end();
            (
                name.trim(),
                Some(if trimmed.is_empty() { argument } else { trimmed }),
            )
        }
        None => (text.trim_end(), None),
    };
    let plain = |filter: Filter| match argument {
        None => Ok(filter),
        Some(_) => Err(format!("{name} takes no argument")),
    };
    let argument_of =
        |example: &str| argument.ok_or_else(|| format!("{name} needs an argument, as in {example}"));
    match name {
        "upper" => plain(Filter::Upper),
        "lower" => plain(Filter::Lower),
        "segment" => plain(Filter::Segment),
        "form" => plain(Filter::Form),
        "base64-decode" => plain(Filter::Base64Decode),
        "number" => plain(Filter::Number),
        "boolean" => plain(Filter::Boolean),
        "json" => plain(Filter::Json),
        "header-lines" => plain(Filter::HeaderLines),
        "x5t" => plain(Filter::X5t),
        "x5t-s256" => plain(Filter::X5tS256),
        "when" => {
            let condition = argument_of("when:alg=PS256")?;
            super::shape::Condition::read(condition, "")
                .map(Filter::When)
                .map_err(|(_, problem)| problem)
        }
        "trim-end" => Ok(Filter::TrimEnd(one_char(name, argument_of("trim-end:/")?)?)),
        "before" => Ok(Filter::Before(one_char(name, argument_of("before:.")?)?)),
        "after" => Ok(Filter::After(one_char(name, argument_of("after::")?)?)),
        "split" => Ok(Filter::Split(one_char(name, argument_of("split:,")?)?)),
        "member-or-text" => {
            let path: Vec<String> = argument_of("member-or-text:privateKey")?
                .trim()
                .split('.')
                .map(str::to_owned)
                .collect();
            if path.iter().any(|step| !is_name(step)) {
                return Err(format!(
                    "member-or-text takes a member name like privateKey or a.b, not '{}'",
                    clip(argument.unwrap_or_default())
                ));
            }
            Ok(Filter::MemberOrText(path))
        }
        "replace" => {
            let argument = argument_of("replace:_=-")?;
            let (from, to) = argument
                .split_once('=')
                .ok_or_else(|| "replace needs from=to, as in replace:_=-".to_owned())?;
            Ok(Filter::Replace(one_char(name, from)?, to.to_owned()))
        }
        "fill" | "fill-segment" => {
            let argument = argument_of("fill-segment:system=system")?;
            let (target, value) = argument
                .split_once('=')
                .ok_or_else(|| format!("{name} needs name=value, as in {name}:system=system"))?;
            if !is_name(target.trim()) {
                return Err(format!("{name}: '{}' is not a name", clip(target)));
            }
            Ok(Filter::Fill {
                name: target.trim().to_owned(),
                value: Box::new(parse_expr(value)?),
                segment: name == "fill-segment",
            })
        }
        "" => Err("an empty filter after '|'".into()),
        _ => Err(format!(
            "unknown filter '{}'; known: upper, lower, trim-end, before, after, replace, segment, form, base64-decode, member-or-text, number, boolean, json, split, fill, fill-segment, header-lines, x5t, x5t-s256, when",
            clip(name)
        )),
    }
}

/// At most 40 characters of a document's text, for messages.
pub(crate) fn clip(text: &str) -> String {
    text.chars().take(40).collect()
}

/// Percent-encodes `text` keeping RFC 3986's unreserved characters: one URL path segment or one
/// form value (with `%20` for a space, which every form decoder reads).
pub(crate) fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (byte as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_parse_into_their_parts() {
        let expr = parse_expr(" account | before:. | upper ").unwrap();
        assert_eq!(expr.base, Base::Field("account".into(), vec![]));
        assert_eq!(expr.filters, [Filter::Before('.'), Filter::Upper]);
        assert_eq!(parse_expr("now - 60").unwrap().base, Base::Now(-60));
        assert_eq!(parse_expr("exp+5").unwrap().base, Base::Exp(5));
        assert!(parse_expr("body?").unwrap().optional);
        assert_eq!(
            parse_expr("key | member-or-text: app.privateKey ")
                .unwrap()
                .filters,
            [Filter::MemberOrText(vec!["app".into(), "privateKey".into()])]
        );
        assert_eq!(
            parse_expr("key_file.client_email").unwrap().base,
            Base::Field("key_file".into(), vec!["client_email".into()])
        );
        for bad in [
            "",
            "now - x",
            "user + 1",
            "a | nope",
            "a | before",
            "a | before:ab",
            "key.secret",
            "a..b",
            "a | header-lines | upper",
            "a | member-or-text",
            "a | member-or-text:",
            "a | member-or-text:a..b",
            "a | member-or-text:a b",
        ] {
            assert!(parse_expr(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn braces_escape_and_unbalanced_ones_are_refused() {
        assert_eq!(parse_pieces("{{x}}").unwrap(), [Piece::Text("{x}".into())]);
        assert!(parse_pieces("a {b").is_err());
        assert!(parse_pieces("a } b").is_err());
        assert_eq!(parse_pieces("Bearer {token}").unwrap().len(), 2);
    }
}
