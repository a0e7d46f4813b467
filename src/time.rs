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
const MILLISECONDS_THRESHOLD: i64 = 100_000_000_000;

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

/// Checks that `value` is a NumericDate in whole seconds; `what` names it in the error. For the
/// times jwtmint writes itself (`now`, `issuedAt`, the claims of a token it signs).
pub fn numeric_date(what: &str, value: f64) -> Result<i64> {
    NumericDate::from_f64(value).whole_seconds(what)
}

/// A NumericDate (RFC 7519 §2) as a token carries it: any JSON number, in any of JSON's forms
/// (`1700000000`, `1.7e9`, `1700000000.0`, `1.6999964E9`, `-0.0`, `1700000000.5`), read
/// exactly. Every place that reads `exp`, `nbf` or `iat` goes through this type: signing's
/// checks, [`crate::verify`], decoding's time display and the signed result's `expiresAt`.
///
/// The value is kept as its floor in whole seconds and whether anything is left after the
/// point, so that comparisons with whole-second clocks are exact: an `exp` of `1700000000.5`
/// has passed at `now = 1700000001`, and one of `1700000000.00000000001` (which a double rounds
/// to `1700000000`) has not passed at `now = 1700000000`.
///
/// ```
/// use jwtmint::NumericDate;
/// let exp = NumericDate::from_json_text("1.7e9").unwrap();
/// assert_eq!((exp.floor(), exp.ceil()), (1_700_000_000, 1_700_000_000));
/// let half = NumericDate::from_json_text("1700000000.5").unwrap();
/// assert_eq!((half.floor(), half.ceil()), (1_700_000_000, 1_700_000_001));
/// assert!(NumericDate::from_json_text("\"1700000000\"").is_none());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct NumericDate {
    /// The largest whole second not after the value (saturated at ±`SATURATED`).
    floor: i64,
    /// Whether the value lies strictly between `floor` and `floor + 1`.
    fractional: bool,
    /// The nearest double, for display and for JavaScript.
    seconds: f64,
}

/// Beyond any time a token can mean (10^18 s is 3 · 10^10 years); larger values saturate here.
const SATURATED: i64 = 1_000_000_000_000_000_000;

impl NumericDate {
    /// Reads a JSON number written as `text` (a JSON value's text, as in a token): exact for
    /// any number of digits and any exponent. `None` if `text` is not a JSON number.
    pub fn from_json_text(text: &str) -> Option<NumericDate> {
        // serde_json's number reader (already in the wasm) checks the grammar and gives the
        // nearest double; the loop below reads the digits exactly.
        let seconds = serde_json::from_str::<f64>(text).ok()?;
        let text = text.trim_matches(|c: char| c.is_ascii_whitespace());
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = unsigned.split_once(['e', 'E']).unwrap_or((unsigned, "0"));
        // An exponent too long for an i64 saturates; its sign decides which way.
        let exponent = exponent.parse::<i64>().unwrap_or(if exponent.starts_with('-') {
            i64::MIN / 4
        } else {
            i64::MAX / 4
        });
        let point = mantissa.find('.').unwrap_or(mantissa.len()) as i64;
        // Each digit has the place value 10^power: below 10^0 it is after the point, beyond
        // 10^18 the time saturates (and no check accepts it).
        let (mut whole, mut rest_nonzero, mut beyond) = (0i64, false, false);
        for (index, digit) in mantissa.bytes().filter(u8::is_ascii_digit).enumerate() {
            let digit = i64::from(digit - b'0');
            let power = (point - 1 - index as i64).saturating_add(exponent);
            match u32::try_from(power) {
                Err(_) => rest_nonzero |= digit != 0,
                Ok(power) if power > 18 => beyond |= digit != 0,
                Ok(power) => whole = whole.saturating_add(digit * 10i64.pow(power)),
            }
        }
        if beyond || whole > SATURATED {
            return Some(NumericDate::saturated(negative));
        }
        let floor = match (negative, rest_nonzero) {
            (false, _) => whole,
            (true, false) => -whole,
            (true, true) => -whole - 1,
        };
        Some(NumericDate {
            floor,
            fractional: rest_nonzero,
            seconds,
        })
    }

    /// A NumericDate from a JSON value, `None` unless it is a number. Reads the double serde_json
    /// parsed, so prefer [`NumericDate::from_json_text`] where the text is at hand.
    pub fn from_value(value: &serde_json::Value) -> Option<NumericDate> {
        let number = value.as_number()?;
        match number.as_i64() {
            Some(whole) => Some(NumericDate::from_whole(whole)),
            None => number.as_f64().map(NumericDate::from_f64),
        }
    }

    /// A whole number of seconds.
    pub fn from_whole(seconds: i64) -> NumericDate {
        let floor = seconds.clamp(-SATURATED, SATURATED);
        NumericDate {
            floor,
            fractional: false,
            seconds: floor as f64,
        }
    }

    /// A double; NaN and the infinities are kept in `seconds` and refused by every check.
    fn from_f64(value: f64) -> NumericDate {
        let floor = value.floor();
        NumericDate {
            // `as` saturates (NaN becomes 0, refused below by `seconds`).
            floor: (floor as i64).clamp(-SATURATED, SATURATED),
            fractional: value.is_finite() && value != floor,
            seconds: value,
        }
    }

    fn saturated(negative: bool) -> NumericDate {
        NumericDate::from_whole(if negative { -SATURATED } else { SATURATED })
    }

    /// The largest whole second not after this time.
    pub fn floor(&self) -> i64 {
        self.floor
    }

    /// The smallest whole second not before this time.
    pub fn ceil(&self) -> i64 {
        self.floor.saturating_add(i64::from(self.fractional))
    }

    /// Whether this is a whole number of seconds.
    pub fn is_whole(&self) -> bool {
        !self.fractional
    }

    /// The nearest double, in seconds.
    pub fn seconds(&self) -> f64 {
        self.seconds
    }

    /// The checks every NumericDate passes, for tokens from anywhere: finite, not negative, and
    /// not milliseconds by mistake. Fractions are allowed (RFC 7519 §2).
    pub fn check(self, what: &str) -> Result<NumericDate> {
        let bad = |detail: String| Error::BadTime {
            what: what.to_owned(),
            detail,
        };
        if !self.seconds.is_finite() {
            return Err(bad("not a finite number".into()));
        }
        if self.floor >= MILLISECONDS_THRESHOLD {
            return Err(bad(format!(
                "{self} looks like milliseconds (seconds are expected: divide by 1000)"
            )));
        }
        if self.floor < 0 {
            return Err(bad("negative".into()));
        }
        Ok(self)
    }

    /// [`NumericDate::check`], and whole seconds: for the times jwtmint writes into a token.
    pub fn whole_seconds(self, what: &str) -> Result<i64> {
        let checked = self.check(what)?;
        if checked.fractional {
            return Err(Error::BadTime {
                what: what.to_owned(),
                detail: format!("{checked} is not a whole number of seconds (use Math.floor)"),
            });
        }
        Ok(checked.floor)
    }
}

/// Equal when they are the same number (the double compared by its bits, so `Eq` holds).
impl PartialEq for NumericDate {
    fn eq(&self, other: &Self) -> bool {
        (self.floor, self.fractional, self.seconds.to_bits())
            == (other.floor, other.fractional, other.seconds.to_bits())
    }
}

impl Eq for NumericDate {}

impl std::fmt::Display for NumericDate {
    /// Whole seconds as an integer (`1700000000`, whatever form the token wrote), otherwise the
    /// nearest double (`1700000000.5`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.fractional || !self.seconds.is_finite() {
            false => write!(f, "{}", self.floor),
            true => write!(f, "{}", self.seconds),
        }
    }
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
