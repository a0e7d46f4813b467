//! NumericDate (RFC 7519 §2: seconds since the epoch) and lifetime spans.
//!
//! Span grammar, documented for users:
//!
//! ```text
//! span    = seconds / part *( [" "] part )
//! seconds = 1*DIGIT                      ; plain seconds, e.g. "600"
//! part    = 1*DIGIT unit
//! unit    = "w" / "d" / "h" / "m" / "s"  ; weeks, days, hours, minutes, seconds
//! ```
//!
//! Units must come largest first and at most once each (`1h30m`, not `30m1h` or `1h1h`). The
//! total may not exceed ten years.

use crate::error::{Error, Result};

/// The largest lifetime or offset accepted: ten years, in seconds.
pub const MAX_SPAN_SECONDS: i64 = 10 * 366 * 24 * 3600;

/// Above this a "seconds" value is almost certainly milliseconds (10^11 s is the year 5138).
const MILLISECONDS_THRESHOLD: f64 = 1e11;

/// Parses a span string (see the module docs) into seconds.
///
/// ```
/// assert_eq!(jwtmint::parse_span("1h30m").unwrap(), 5400);
/// assert_eq!(jwtmint::parse_span("600").unwrap(), 600);
/// assert_eq!(jwtmint::parse_span("30m1h").unwrap_err().code(), "BAD_LIFETIME");
/// ```
pub fn parse_span(text: &str) -> Result<i64> {
    let input: String = text.chars().take(40).collect();
    let bad = |detail: &str| Error::BadLifetime {
        input: input.clone(),
        detail: detail.to_owned(),
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(bad("empty"));
    }
    if trimmed.bytes().all(|byte| byte.is_ascii_digit()) {
        return checked_total(trimmed.parse::<i64>().ok()).ok_or_else(|| bad("too long"));
    }
    const UNITS: [(char, i64); 5] = [('w', 604_800), ('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)];
    let mut total: i64 = 0;
    let mut next_unit = 0usize;
    let mut digits = String::new();
    for character in trimmed.chars() {
        if character.is_ascii_digit() {
            digits.push(character);
            continue;
        }
        if character == ' ' && digits.is_empty() {
            continue;
        }
        let Some(position) = UNITS.iter().position(|(unit, _)| *unit == character) else {
            return Err(bad(&format!("unknown unit {character:?}")));
        };
        if digits.is_empty() {
            return Err(bad(&format!("unit {character:?} has no number before it")));
        }
        if position < next_unit {
            return Err(bad("units must come largest first, each at most once"));
        }
        let multiplier = UNITS.get(position).map_or(1, |(_, seconds)| *seconds);
        let part = digits
            .parse::<i64>()
            .ok()
            .and_then(|count| count.checked_mul(multiplier));
        total =
            checked_total(part.and_then(|part| total.checked_add(part))).ok_or_else(|| bad("too long"))?;
        digits.clear();
        next_unit = position + 1;
    }
    if !digits.is_empty() {
        return Err(bad("a number at the end has no unit"));
    }
    Ok(total)
}

fn checked_total(total: Option<i64>) -> Option<i64> {
    total.filter(|seconds| *seconds <= MAX_SPAN_SECONDS)
}

/// A lifetime given as a number of seconds (from JSON or JavaScript), checked like a span.
pub fn span_from_number(seconds: f64) -> Result<i64> {
    let bad = |detail: &str| Error::BadLifetime {
        input: seconds.to_string(),
        detail: detail.to_owned(),
    };
    if !seconds.is_finite() {
        return Err(bad("not a finite number"));
    }
    if seconds.fract() != 0.0 {
        return Err(bad("not a whole number of seconds"));
    }
    if seconds < 0.0 {
        return Err(bad("negative"));
    }
    if seconds > MAX_SPAN_SECONDS as f64 {
        return Err(bad("too long"));
    }
    Ok(seconds as i64)
}

/// Checks that `value` is a NumericDate in whole seconds; `what` names it in the error.
pub fn numeric_date(what: &str, value: f64) -> Result<i64> {
    let bad = |detail: &str| Error::BadTime {
        what: what.to_owned(),
        detail: detail.to_owned(),
    };
    if !value.is_finite() {
        return Err(bad("not a finite number"));
    }
    if value >= MILLISECONDS_THRESHOLD {
        return Err(bad(&format!(
            "{value} looks like milliseconds (seconds are expected: divide by 1000)"
        )));
    }
    if value < 0.0 {
        return Err(bad("negative"));
    }
    if value.fract() != 0.0 {
        return Err(bad("not a whole number of seconds (use Math.floor)"));
    }
    Ok(value as i64)
}

/// The current time in seconds. In WebAssembly there is no system clock in the core: the
/// bindings always pass `now` from the host (`Date.now()`), and this returns an error.
pub fn now_seconds() -> Result<i64> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let elapsed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|_| Error::BadTime {
                what: "the system clock".into(),
                detail: "before 1970".into(),
            })?;
        i64::try_from(elapsed.as_secs()).map_err(|_| Error::BadTime {
            what: "the system clock".into(),
            detail: "out of range".into(),
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        Err(Error::BadTime {
            what: "now".into(),
            detail: "no clock is available here; pass `now`".into(),
        })
    }
}

/// Seconds as a short span for messages: `10 minutes`, `1 hour`, `90 seconds`.
pub fn describe_span(seconds: i64) -> String {
    let (count, unit) = match seconds {
        s if s % 86_400 == 0 && s > 0 => (s / 86_400, "day"),
        s if s % 3_600 == 0 && s > 0 => (s / 3_600, "hour"),
        s if s % 60 == 0 && s > 0 => (s / 60, "minute"),
        s => (s, "second"),
    };
    format!("{count} {unit}{}", if count == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_the_grammar() {
        for (text, seconds) in [
            ("90s", 90),
            ("10m", 600),
            ("1h", 3600),
            ("1h30m", 5400),
            ("1h 30m", 5400),
            ("2d", 172_800),
            ("1w1d1h1m1s", 694_861),
            (" 600 ", 600),
            ("0s", 0),
        ] {
            assert_eq!(parse_span(text).unwrap(), seconds, "{text}");
        }
        for text in [
            "",
            "1x",
            "h",
            "30m1h",
            "1h1h",
            "1h30",
            "-5s",
            "1.5h",
            "99999999999w",
            "1 h",
        ] {
            let error = parse_span(text).unwrap_err();
            assert_eq!(error.code(), "BAD_LIFETIME", "{text}");
            assert!(error.to_string().contains("1h30m"), "{error}");
        }
    }

    #[test]
    fn numeric_dates_are_whole_seconds() {
        assert_eq!(numeric_date("iat", 1_700_000_000.0).unwrap(), 1_700_000_000);
        for bad in [1.7e12, f64::NAN, f64::INFINITY, -1.0, 1.5] {
            assert_eq!(numeric_date("iat", bad).unwrap_err().code(), "BAD_TIME");
        }
        assert!(numeric_date("now", 1.7e12)
            .unwrap_err()
            .to_string()
            .contains("milliseconds"));
        assert_eq!(span_from_number(600.0).unwrap(), 600);
        assert_eq!(span_from_number(0.5).unwrap_err().code(), "BAD_LIFETIME");
    }
}
