//! A small decimal number parser.
//!
//! `str::parse::<f64>` is exact for every input but links a ~10 KB table of powers of ten
//! (Eisel-Lemire), which costs the page about 9 KB of brotli-compressed WebAssembly. The
//! numbers we parse (catalog fields, what people type in a number box) are short decimals,
//! for which the classic fast path is exact: a mantissa below 2^53 times or divided by a
//! power of ten up to 10^22 is correctly rounded. Other inputs are within a few ulp between
//! 1e-30 and 1e30 (the property tests check both).

/// Parses a decimal number: optional sign, digits with an optional `.`, an optional
/// exponent (`1.5e6`, `-0.25`, `.5`, `5.`). Rejects everything else (`nan`, `inf`, `1e`,
/// `--1`, hex, embedded spaces) and results that are not finite (`1e400`).
///
/// ```
/// use infercost::num::parse_f64;
/// assert_eq!(parse_f64("3.35"), Some(3.35));
/// assert_eq!(parse_f64("-1.5e6"), Some(-1.5e6));
/// assert_eq!(parse_f64("1e400"), None);
/// assert_eq!(parse_f64("nan"), None);
/// ```
pub fn parse_f64(s: &str) -> Option<f64> {
    let bytes = s.as_bytes();
    let mut i = 0;
    let negative = sign(bytes, &mut i);
    // Mantissa: keep up to 19 significant digits in a u64; count the rest as exponent.
    let mut mantissa: u64 = 0;
    let mut exponent: i64 = 0;
    let mut digits = 0usize;
    let mut significant = 0usize;
    let mut seen_dot = false;
    while let Some(&c) = bytes.get(i) {
        match c {
            b'0'..=b'9' => {
                digits += 1;
                if significant < 19 {
                    if mantissa > 0 || c != b'0' {
                        significant += 1;
                    }
                    mantissa = mantissa * 10 + u64::from(c - b'0');
                    if seen_dot {
                        exponent -= 1;
                    }
                } else if !seen_dot {
                    exponent += 1;
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = bytes.get(i) {
        i += 1;
        let exp_negative = sign(bytes, &mut i);
        let start = i;
        let mut e: i64 = 0;
        while let Some(&c) = bytes.get(i) {
            if !c.is_ascii_digit() {
                break;
            }
            e = (e * 10 + i64::from(c - b'0')).min(100_000);
            i += 1;
        }
        if i == start {
            return None;
        }
        exponent += if exp_negative { -e } else { e };
    }
    if i != bytes.len() {
        return None;
    }
    let value = scale(mantissa as f64, exponent);
    let value = if negative { -value } else { value };
    value.is_finite().then_some(value)
}

/// Reads an optional `+` or `-` at `*i`; true for `-`.
fn sign(bytes: &[u8], i: &mut usize) -> bool {
    match bytes.get(*i) {
        Some(b'-') => {
            *i += 1;
            true
        }
        Some(b'+') => {
            *i += 1;
            false
        }
        _ => false,
    }
}

/// `m x 10^e`, exact when `m < 2^53` and `|e| <= 22`.
fn scale(m: f64, e: i64) -> f64 {
    if m == 0.0 {
        return 0.0;
    }
    let e = e.clamp(-400, 400) as i32;
    if (0..=22).contains(&e) {
        m * 10f64.powi(e)
    } else if (-22..0).contains(&e) {
        m / 10f64.powi(-e)
    } else if e > 0 {
        // Split so neither factor overflows before the result would.
        m * 10f64.powi(22) * 10f64.powi(e - 22)
    } else {
        m / 10f64.powi(22) / 10f64.powi(-e - 22)
    }
}

/// Reads a whole number as `str::parse::<u64>` does: an optional `+`, then one or more
/// ASCII digits; `None` for anything else and on overflow. One small function instead of a
/// `str::parse` instance per integer type.
pub(crate) fn parse_u64(s: &str) -> Option<u64> {
    let digits = s.strip_prefix('+').unwrap_or(s);
    if digits.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for c in digits.bytes() {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
    }
    Some(v)
}

/// `str::parse::<u32>`, through [`parse_u64`].
pub(crate) fn parse_u32(s: &str) -> Option<u32> {
    parse_u64(s).and_then(|v| u32::try_from(v).ok())
}

/// `str::parse::<i64>`, through [`parse_u64`]: an optional `+` or `-`, then digits.
pub(crate) fn parse_i64(s: &str) -> Option<i64> {
    match s.strip_prefix('-') {
        Some(rest) if !rest.starts_with('+') => 0i64.checked_sub_unsigned(parse_u64(rest)?),
        Some(_) => None,
        None => i64::try_from(parse_u64(s)?).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_decimals() {
        for (s, v) in [
            ("0", 0.0),
            ("42", 42.0),
            ("-0.25", -0.25),
            (".5", 0.5),
            ("5.", 5.0),
            ("+7", 7.0),
            ("1e3", 1000.0),
            ("2.5E-3", 0.0025),
            ("989", 989.0),
            ("0.0000001", 1e-7),
        ] {
            assert_eq!(parse_f64(s), Some(v), "{s}");
        }
    }

    #[test]
    fn rejects_the_rest() {
        for s in [
            "", "-", ".", "e5", "1e", "1e+", "nan", "NaN", "inf", "-inf", "1..2", "1.2.3", "0x10",
            "1 2", " 1", "1,5", "1e400", "--1",
        ] {
            assert_eq!(parse_f64(s), None, "{s:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// Short decimals, as catalogs and people write them, parse exactly like std.
        #[test]
        fn short_decimals_match_std(m in 0u64..1_000_000_000_000_000, e in -20i32..20) {
            let s = format!("{m}e{e}");
            prop_assert_eq!(parse_f64(&s), s.parse::<f64>().ok());
        }

        /// Any finite f64, printed, comes back within 4 ulp in the range of our inputs
        /// (1e-30 to 1e30), and within 1e-12 relative anywhere else.
        #[test]
        fn round_trips_closely(v in any::<f64>().prop_filter("finite", |v| v.is_finite())) {
            for s in [format!("{v}"), format!("{v:e}")] {
                let back = parse_f64(&s).expect("parses");
                let tolerance = if (1e-30..1e30).contains(&v.abs()) {
                    4.0 * v.abs() * f64::EPSILON
                } else {
                    1e-12 * v.abs()
                };
                prop_assert!((back - v).abs() <= tolerance.max(f64::MIN_POSITIVE), "{} -> {}", s, back);
            }
        }

        /// Never panics on any string.
        #[test]
        fn never_panics(s in ".{0,40}") {
            let _ = parse_f64(&s);
        }
    }

    #[test]
    fn integers_match_std_edges() {
        for s in [
            "",
            "+",
            "-",
            "0",
            "+0",
            "-0",
            "007",
            "+-1",
            "-+1",
            "1 ",
            " 1",
            "1.0",
            "1e3",
            "4294967295",
            "4294967296",
            "18446744073709551615",
            "18446744073709551616",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "٣",
        ] {
            assert_eq!(parse_u64(s), s.parse::<u64>().ok(), "{s}");
            assert_eq!(parse_u32(s), s.parse::<u32>().ok(), "{s}");
            assert_eq!(parse_i64(s), s.parse::<i64>().ok(), "{s}");
        }
    }

    proptest! {
        #[test]
        fn integers_match_std(s in "[-+]{0,2}[0-9]{0,21}[a ]?") {
            prop_assert_eq!(parse_u64(&s), s.parse::<u64>().ok());
            prop_assert_eq!(parse_u32(&s), s.parse::<u32>().ok());
            prop_assert_eq!(parse_i64(&s), s.parse::<i64>().ok());
        }
    }
}
