//! A value a script reads at run time, written into the URL and the header values of a request
//! rendered as code: every placeholder (`{access_token}`) becomes an expression of the script
//! (`"$token"`, `$token`, `token`) between the quoted literal pieces around it.

/// How one rendering writes the value: its expressions and how pieces are joined.
pub(crate) struct Splice<'a> {
    /// What stands for the value in the URL and header values: `{access_token}`.
    pub placeholder: &'a str,
    /// The value's expression in a header value.
    pub header: &'a str,
    /// The value's expression in the URL: the value percent-encoded.
    pub url: &'a str,
    /// What goes between two pieces: nothing in a POSIX shell (`'a'"$b"` is one word), ` + `
    /// in PowerShell, JavaScript and Python.
    pub join: &'a str,
    /// Whether pieces joined by an operator are wrapped in parentheses (a PowerShell argument).
    pub group: bool,
}

impl Splice<'_> {
    /// `text` with each literal piece quoted by `quote` and `expression` for each placeholder.
    fn write(&self, text: &str, quote: &dyn Fn(&str) -> String, expression: &str) -> String {
        let mut pieces = Vec::new();
        for (index, literal) in text.split(self.placeholder).enumerate() {
            if index > 0 {
                pieces.push(expression.to_owned());
            }
            if !literal.is_empty() {
                pieces.push(quote(literal));
            }
        }
        match pieces.as_slice() {
            [] => quote(""),
            [one] => one.clone(),
            _ if self.group => format!("({})", pieces.join(self.join)),
            _ => pieces.join(self.join),
        }
    }
}

/// A header value written with `quote`, the value's expression in place of each placeholder.
pub(crate) fn header_text(splice: Option<&Splice>, text: &str, quote: &dyn Fn(&str) -> String) -> String {
    match splice {
        Some(splice) => splice.write(text, quote, splice.header),
        None => quote(text),
    }
}

/// The URL written with `quote`, the value's percent-encoded expression for each placeholder.
pub(crate) fn url_text(splice: Option<&Splice>, text: &str, quote: &dyn Fn(&str) -> String) -> String {
    match splice {
        Some(splice) => splice.write(text, quote, splice.url),
        None => quote(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posix(text: &str) -> String {
        format!("'{text}'")
    }

    #[test]
    fn pieces_are_joined_around_the_expression() {
        let shell = Splice {
            placeholder: "{t}",
            header: "\"$token\"",
            url: "\"$token_url\"",
            join: "",
            group: false,
        };
        assert_eq!(
            header_text(Some(&shell), "Bearer {t}", &posix),
            "'Bearer '\"$token\""
        );
        assert_eq!(header_text(Some(&shell), "{t}", &posix), "\"$token\"");
        assert_eq!(
            url_text(Some(&shell), "a{t}b{t}", &posix),
            "'a'\"$token_url\"'b'\"$token_url\""
        );
        assert_eq!(header_text(None, "Bearer {t}", &posix), "'Bearer {t}'");
        assert_eq!(header_text(Some(&shell), "", &posix), "''");
        let powershell = Splice {
            placeholder: "{t}",
            header: "$token",
            url: "$tokenUrl",
            join: " + ",
            group: true,
        };
        assert_eq!(
            header_text(Some(&powershell), "A: {t}", &posix),
            "('A: ' + $token)"
        );
        assert_eq!(header_text(Some(&powershell), "{t}", &posix), "$token");
    }
}
