//! The template tree of a preset document: JSON values in which strings may hold expressions,
//! checked against the document's fields once, when the document is read.

use super::template::{parse_pieces, Base, Expr, Filter, Piece};

/// A JSON template. Literals are kept as they are; strings with expressions are parsed.
#[derive(Clone, Debug)]
pub(crate) enum Template {
    /// A value with no expression in it.
    Literal(serde_json::Value),
    /// A string that is exactly one expression: the value has the expression's type.
    Single(Expr),
    /// A string with text around its expressions: always a string.
    Text(Vec<Piece>),
    /// An object, members in order; `None` names a spread (`"...": "{claims | json}"`).
    Object(Vec<(Option<String>, Template)>),
    /// An array.
    Array(Vec<Template>),
}

/// Where in a document a problem is: `claims.exp`, `request.headers.Authorization`.
pub(crate) type At = String;

/// A problem found while reading a document: where, and what.
pub(crate) type Problem = (At, String);

pub(crate) fn join(at: &str, name: &str) -> At {
    if at.is_empty() {
        name.to_owned()
    } else {
        format!("{at}.{name}")
    }
}

impl Template {
    /// Reads `value`: strings are parsed as templates, objects and arrays member by member.
    pub(crate) fn read(value: &serde_json::Value, at: &str) -> Result<Template, Problem> {
        use serde_json::Value;
        match value {
            Value::String(text) => {
                let mut pieces = parse_pieces(text).map_err(|problem| (at.to_owned(), problem))?;
                match pieces.as_slice() {
                    [] => Ok(Template::Literal(Value::String(String::new()))),
                    [Piece::Text(text)] => Ok(Template::Literal(Value::String(text.clone()))),
                    [Piece::Expr(_)] => match pieces.pop() {
                        Some(Piece::Expr(expr)) => Ok(Template::Single(expr)),
                        _ => Ok(Template::Text(pieces)),
                    },
                    _ => Ok(Template::Text(pieces)),
                }
            }
            Value::Object(object) => {
                let mut members = Vec::new();
                for (name, value) in object {
                    let inner = Template::read(value, &join(at, name))?;
                    if name == "..." {
                        if !matches!(&inner, Template::Single(expr) if expr.filters.last() == Some(&Filter::Json))
                        {
                            return Err((
                                join(at, name),
                                "a spread \"...\" takes one expression ending in | json, as in \"{claims | json}\"".into(),
                            ));
                        }
                        members.push((None, inner));
                    } else {
                        members.push((Some(name.clone()), inner));
                    }
                }
                Ok(Template::Object(members))
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(index, item)| Template::read(item, &join(at, &index.to_string())))
                .collect::<Result<Vec<_>, _>>()
                .map(Template::Array),
            other => Ok(Template::Literal(other.clone())),
        }
    }

    /// Every expression in the template with its place.
    pub(crate) fn visit<'a>(&'a self, at: &str, found: &mut Vec<(At, &'a Expr)>) {
        match self {
            Template::Literal(_) => {}
            Template::Single(expr) => push_expr(expr, at, found),
            Template::Text(pieces) => {
                for piece in pieces {
                    if let Piece::Expr(expr) = piece {
                        push_expr(expr, at, found);
                    }
                }
            }
            Template::Object(members) => {
                for (name, inner) in members {
                    inner.visit(&join(at, name.as_deref().unwrap_or("...")), found);
                }
            }
            Template::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    item.visit(&join(at, &index.to_string()), found);
                }
            }
        }
    }

    /// The object members of the template, when it is an object.
    pub(crate) fn has_member(&self, wanted: &str) -> bool {
        matches!(self, Template::Object(members) if members.iter().any(|(name, _)| name.as_deref() == Some(wanted)))
    }

    /// The field a spread of this object template comes from (`claims` for `{claims | json}`).
    pub(crate) fn spread_field(&self) -> Option<&str> {
        let Template::Object(members) = self else {
            return None;
        };
        members.iter().find_map(|(name, inner)| match (name, inner) {
            (
                None,
                Template::Single(Expr {
                    base: Base::Field(field, _),
                    ..
                }),
            ) => Some(field.as_str()),
            _ => None,
        })
    }
}

fn push_expr<'a>(expr: &'a Expr, at: &str, found: &mut Vec<(At, &'a Expr)>) {
    found.push((at.to_owned(), expr));
    for filter in &expr.filters {
        if let Filter::Fill { value, .. } = filter {
            push_expr(value, at, found);
        }
    }
}

/// A condition on the fields: `x` (given), `x=v`, `x!=v`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Condition {
    Given(String),
    Equals(String, String, bool),
}

impl Condition {
    pub(crate) fn read(text: &str, at: &str) -> Result<Condition, Problem> {
        let condition = if let Some((name, value)) = text.split_once("!=") {
            Condition::Equals(name.trim().to_owned(), value.trim().to_owned(), false)
        } else if let Some((name, value)) = text.split_once('=') {
            Condition::Equals(name.trim().to_owned(), value.trim().to_owned(), true)
        } else {
            Condition::Given(text.trim().to_owned())
        };
        let name = match &condition {
            Condition::Given(name) | Condition::Equals(name, _, _) => name,
        };
        if name.is_empty() {
            return Err((
                at.to_owned(),
                "a condition names a field: \"x\", \"x=value\" or \"x!=value\"".into(),
            ));
        }
        Ok(condition)
    }

    pub(crate) fn field(&self) -> &str {
        match self {
            Condition::Given(name) | Condition::Equals(name, _, _) => name,
        }
    }

    pub(crate) fn holds(&self, value: Option<&str>) -> bool {
        match self {
            Condition::Given(_) => value.is_some(),
            Condition::Equals(_, wanted, equal) => (value == Some(wanted.as_str())) == *equal,
        }
    }
}
