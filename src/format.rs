//! Number formatting and parsing for the page: pure functions, tested on the host.
//!
//! Display strings are short and stable in width class ("$12.3k", "7.1M", "420 ms") so a
//! result card does not jump as a slider moves. Parsing accepts what people type
//! ("12,000", "1.5M", "2e6", "$3.20") and says what was wrong otherwise.

use infercost::float::shortest;
use std::fmt;

// The one count and money format, shared with the exports and the CLI.
pub use infercost::words::{count, percent, usd};
use infercost::words::{sig3, thousands};

/// Money on a chart axis, one format for every tick: the shortest figure with a k, M or B
/// suffix from a thousand up (`$500`, `$2.5k`, `$10k`, `$100k`, `$1M`), so "$10,000" never
/// stands next to "$100k".
pub fn usd_axis(value: f64) -> String {
    axis(value, "$")
}

/// A count on a chart axis, in the same format as [`usd_axis`] without the dollar: `1`, `10`,
/// `2.5k`, `1M` (not the cards' three digits, `1.00` and `2.50k`, which on an axis of round
/// ticks only add noise).
pub fn count_axis(value: f64) -> String {
    axis(value, "")
}

fn axis(value: f64, prefix: &str) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let v = value.abs();
    let (scaled, suffix) = [(1e9, "B"), (1e6, "M"), (1e3, "k")]
        .into_iter()
        .find(|(unit, _)| v >= *unit)
        .map_or((v, ""), |(unit, s)| (v / unit, s));
    format!("{sign}{prefix}{}{suffix}", shortest(scaled))
}

/// Formats seconds as `850 ms`, `1.20 s` or `12.0 ms`.
pub fn duration_s(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return "–".into();
    }
    if seconds >= 1.0 {
        format!("{} s", sig3(seconds))
    } else {
        format!("{} ms", sig3(seconds * 1e3))
    }
}

/// Why a typed number was not accepted.
#[derive(Debug, Clone, PartialEq)]
pub enum ParseError {
    /// Nothing was typed.
    Empty,
    /// The text is not a number ("abc", "1..2").
    NotANumber(String),
    /// The input takes whole numbers only ("2.5" replicas).
    NotWhole(f64),
    /// The number is outside the input's range.
    OutOfRange {
        /// The parsed value.
        value: f64,
        /// Smallest accepted value.
        min: f64,
        /// Largest accepted value.
        max: f64,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => write!(f, "Enter a number."),
            ParseError::NotANumber(s) => write!(f, "“{s}” is not a number."),
            ParseError::NotWhole(v) => write!(f, "{} is not a whole number.", plain(*v)),
            ParseError::OutOfRange { min, max, .. } => {
                write!(f, "Enter a value from {} to {}.", plain(*min), plain(*max))
            }
        }
    }
}

/// A plain, unambiguous rendering for messages: `1,000,000`, `0.05`.
pub fn plain(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1000.0 && v.fract() == 0.0 && v.abs() < 1e15 {
        let s = thousands(v.abs());
        if v < 0.0 {
            format!("-{s}")
        } else {
            s
        }
    } else {
        shortest(v)
    }
}

/// Parses what a person types into a number box and checks it against `[min, max]`.
///
/// Accepts commas and underscores as digit grouping, a leading `$`, a trailing `%` (taken
/// literally: "65%" is 65), and k/M/B suffixes ("1.5M" is 1,500,000).
pub fn parse_number(text: &str, min: f64, max: f64) -> Result<f64, ParseError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(ParseError::Empty);
    }
    // Bound the work on pathological input.
    if t.len() > 40 {
        return Err(ParseError::NotANumber(
            t.chars().take(20).collect::<String>() + "…",
        ));
    }
    let cleaned: String = t
        .trim_start_matches('$')
        .trim_end_matches('%')
        .chars()
        .filter(|c| *c != ',' && *c != '_' && !c.is_whitespace())
        .collect();
    // `strip_suffix` rather than slicing: no panic path to link.
    let (num, mult) = [(['k', 'K'], 1e3), (['m', 'M'], 1e6), (['b', 'B'], 1e9)]
        .into_iter()
        .find_map(|(suffix, mult)| Some((cleaned.strip_suffix(suffix)?, mult)))
        .unwrap_or((cleaned.as_str(), 1.0));
    let value = match infercost::float::parse_f64(num) {
        Some(v) => v * mult,
        None => return Err(ParseError::NotANumber(t.to_string())),
    };
    if !value.is_finite() || value < min || value > max {
        return Err(ParseError::OutOfRange { value, min, max });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_money_has_one_format() {
        let ticks = [
            0.0, 500.0, 2500.0, 10_000.0, 50_000.0, 100_000.0, 1e6, 2.5e9, -20_000.0,
        ];
        let text: Vec<String> = ticks.iter().map(|t| usd_axis(*t)).collect();
        assert_eq!(
            text,
            ["$0", "$500", "$2.5k", "$10k", "$50k", "$100k", "$1M", "$2.5B", "-$20k"]
        );
        assert_eq!(usd_axis(f64::NAN), "–");
        let counts: Vec<String> = [1.0, 10.0, 100.0, 500.0, 2500.0, 1e6, 1.5e9]
            .iter()
            .map(|t| count_axis(*t))
            .collect();
        assert_eq!(counts, ["1", "10", "100", "500", "2.5k", "1M", "1.5B"]);
    }

    // count and usd are infercost::words's; their tests live there.

    #[test]
    fn durations_and_percent() {
        assert_eq!(duration_s(0.85), "850 ms");
        assert_eq!(duration_s(0.012), "12.0 ms");
        assert_eq!(duration_s(1.2), "1.20 s");
        assert_eq!(duration_s(-1.0), "–");
        assert_eq!(percent(0.65), "65%");
        assert_eq!(percent(0.025), "2.5%");
        assert_eq!(percent(0.0), "0%");
    }

    #[test]
    fn parse_accepts_what_people_type() {
        assert_eq!(parse_number("12,000", 0.0, 1e9), Ok(12_000.0));
        assert_eq!(parse_number(" 1.5M ", 0.0, 1e9), Ok(1.5e6));
        assert_eq!(parse_number("2e6", 0.0, 1e9), Ok(2e6));
        assert_eq!(parse_number("$3.20", 0.0, 100.0), Ok(3.2));
        assert_eq!(parse_number("65%", 0.0, 100.0), Ok(65.0));
        assert_eq!(parse_number("3k", 0.0, 1e9), Ok(3000.0));
    }

    #[test]
    fn parse_rejects_with_reason() {
        assert_eq!(parse_number("", 0.0, 1.0), Err(ParseError::Empty));
        assert!(matches!(
            parse_number("abc", 0.0, 1.0),
            Err(ParseError::NotANumber(_))
        ));
        assert!(matches!(
            parse_number("NaN", 0.0, 1.0),
            Err(ParseError::NotANumber(_))
        ));
        assert!(matches!(
            parse_number("inf", 0.0, 1.0),
            Err(ParseError::NotANumber(_))
        ));
        assert!(matches!(
            parse_number("1e400", 0.0, 1.0),
            Err(ParseError::NotANumber(_))
        ));
        assert!(matches!(
            parse_number("-5", 0.0, 10.0),
            Err(ParseError::OutOfRange { .. })
        ));
        let msg = parse_number("5000000", 1.0, 1e6).unwrap_err().to_string();
        assert_eq!(msg, "Enter a value from 1 to 1,000,000.");
        assert!(parse_number(&"9".repeat(500), 0.0, 1.0).is_err());
    }
}
