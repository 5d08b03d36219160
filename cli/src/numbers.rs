//! Numbers as the CLI prints them: any finite `f64` in at most 25 characters.
//!
//! `format!("{v}")` and `{v:.N}` never switch to an exponent, so a value of 1e300 from a
//! file prints as 301 digits, and a margin over a seat price of 1e-300 as a 300-digit
//! percentage. Everything here builds on the model's `infercost::float` formatters (the ones the
//! page uses) and falls back to scientific notation or a capped label at the extremes.

use infercost::float::{fixed, shortest};

/// Percentages at or beyond this magnitude print as a bound (`>= 10,000%`, `< -10,000%`):
/// past a cost of 100x the seat price the digits say nothing more.
pub const PERCENT_CAP: f64 = 10_000.0;

/// Magnitudes from here on print in scientific notation (15 integer digits is where a plain
/// decimal stops being readable, and still fits [`compact`]'s 25 characters).
const LARGE: f64 = 1e15;

/// Nonzero magnitudes below this print in scientific notation in [`compact`].
const SMALL: f64 = 1e-4;

/// `v` with its shortest exact digits: plain from 1e-4 to 1e15 (the page's
/// [`shortest`], so the CLI and the page agree), scientific outside (`1e-300`,
/// `-1.2345678901234567e300`), `0` for both zeros, and `inf`, `-inf`, `NaN` as std writes
/// them. At most 24 characters for any `f64`.
///
/// Outside 1e-11..3e38 the model's `scientific` takes its digits from float arithmetic
/// (a few ulp off: 1e-300 would print as `1.0000000000000002e-300`); the page never shows
/// such values, so it saves the code, but the CLI is native and std's `{:e}` is exact.
pub fn compact(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    if (SMALL..LARGE).contains(&v.abs()) {
        shortest(v)
    } else {
        format!("{v:e}")
    }
}

/// `v` with `decimals` fixed decimals like `{v:.N}` (so the usual output is unchanged),
/// but [`compact`] from 1e15 on, and `-0.0` as `0.000` (a tiny negative keeps its `-`,
/// as std writes it: it says which side of zero).
pub fn decimal(v: f64, decimals: usize) -> String {
    if !v.is_finite() || v.abs() >= LARGE {
        return compact(v);
    }
    fixed(zero_unsigned(v), decimals)
}

/// As [`decimal`], but a nonzero value too small to show any digit at `decimals` is written
/// in [`compact`] form (`5e-7`) rather than as zero: for measured values, where the digits
/// are the point.
pub fn precise(v: f64, decimals: usize) -> String {
    let smallest_shown = 0.5 * 10f64.powi(-(decimals.min(20) as i32));
    if v != 0.0 && v.abs() < smallest_shown {
        compact(v)
    } else {
        decimal(v, decimals)
    }
}

/// A fraction as a percentage with `decimals` decimals (`0.131` -> `13.1%`), capped to
/// `< -10,000%` and `>= 10,000%`; `n/a` for NaN.
pub fn percent(fraction: f64, decimals: usize) -> String {
    match capped(fraction) {
        Ok(p) => format!("{}%", fixed(p, decimals)),
        Err(label) => label.into(),
    }
}

/// As [`percent`] with a `+` on values that are not negative, as `{:+.N}` writes them
/// (`+4.2%`, `-3.0%`, `-0.0%` for -0.02%; `+0.0%` for zero).
pub fn signed_percent(fraction: f64, decimals: usize) -> String {
    match capped(fraction) {
        Ok(p) if p < 0.0 => format!("{}%", fixed(p, decimals)),
        Ok(p) => format!("+{}%", fixed(p, decimals)),
        Err(label) => label.into(),
    }
}

/// `fraction x 100` (never `-0.0`), or the label that stands for it.
fn capped(fraction: f64) -> Result<f64, &'static str> {
    let p = zero_unsigned(fraction * 100.0);
    if p.is_nan() {
        Err("n/a")
    } else if p >= PERCENT_CAP {
        Err(">= 10,000%")
    } else if p < -PERCENT_CAP {
        Err("< -10,000%")
    } else {
        Ok(p)
    }
}

/// The margin on a seat price: `n/a (no seat price)` when there is none (the model reports
/// a margin of 0 then, which would read as break-even), else a capped [`percent`].
pub fn margin(seat_usd_per_month: f64, margin_fraction: f64) -> String {
    if seat_usd_per_month > 0.0 && seat_usd_per_month.is_finite() {
        percent(margin_fraction, 0)
    } else {
        "n/a (no seat price)".into()
    }
}

// Money and volumes in the one format the page and the exports use (short at every
// magnitude: scientific past 1e15).
pub use infercost::words::{count as volume, usd};

/// `-0.0` as `0.0` (`fixed` writes the sign of a negative zero): a sign on an exact zero is
/// noise in a report.
fn zero_unsigned(v: f64) -> f64 {
    if v == 0.0 {
        0.0
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EXTREMES: [f64; 12] = [
        1e-300,
        -1e-300,
        1e300,
        -1e300,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        5e-324,
        -1.2345678901234567e-300,
        1.2345678901234567e14,
        0.00012345678901234567,
        -0.0,
    ];

    #[test]
    fn compact_table() {
        for (v, want) in [
            (0.0, "0"),
            (-0.0, "0"),
            (1e-300, "1e-300"),
            (1e300, "1e300"),
            (-1e300, "-1e300"),
            (5e-324, "5e-324"),
            (0.25, "0.25"),
            (28312.0, "28312"),
            (1e15, "1e15"),
            (0.00005, "5e-5"),
            (f64::INFINITY, "inf"),
        ] {
            assert_eq!(compact(v), want, "{v:e}");
        }
    }

    #[test]
    fn every_extreme_is_short() {
        for v in EXTREMES {
            for text in [
                compact(v),
                decimal(v, 2),
                precise(v, 4),
                percent(v, 1),
                signed_percent(v, 1),
                usd(v),
                volume(v),
            ] {
                assert!(text.chars().count() <= 25, "{v:e}: {text}");
            }
        }
    }

    #[test]
    fn usual_values_print_as_before() {
        assert_eq!(decimal(1.234567, 2), format!("{:.2}", 1.234567));
        assert_eq!(decimal(28312.0, 0), "28312");
        assert_eq!(precise(14.96, 4), "14.9600");
        assert_eq!(percent(0.131, 1), "13.1%");
        assert_eq!(percent(0.79, 0), "79%");
        assert_eq!(signed_percent(0.0423, 1), "+4.2%");
        assert_eq!(signed_percent(-0.03, 1), "-3.0%");
        assert_eq!(usd(1234.0), "$1,234");
        assert_eq!(volume(3.0e6), "3.00M");
    }

    #[test]
    fn negative_zero_loses_its_sign() {
        assert_eq!(decimal(-0.0, 3), "0.000");
        assert_eq!(percent(-0.0, 0), "0%");
        assert_eq!(signed_percent(-0.0, 1), "+0.0%");
        assert_eq!(signed_percent(0.0, 1), "+0.0%");
        assert_eq!(precise(-0.0, 4), "0.0000");
        // A tiny negative keeps its side, as std writes it.
        assert_eq!(decimal(-0.0001, 2), format!("{:.2}", -0.0001));
        assert_eq!(percent(-0.000_01, 0), format!("{:.0}%", -0.001));
        assert_eq!(signed_percent(-0.0002, 1), format!("{:+.1}%", -0.02));
    }

    #[test]
    fn tiny_measurements_keep_their_digits() {
        assert_eq!(precise(1e-300, 4), "1e-300");
        assert_eq!(precise(0.00004, 4), "4e-5");
        assert_eq!(precise(0.0001, 4), "0.0001");
    }

    #[test]
    fn percentages_are_capped() {
        assert_eq!(percent(-1e303, 0), "< -10,000%");
        assert_eq!(percent(f64::MIN, 0), "< -10,000%");
        assert_eq!(percent(f64::NEG_INFINITY, 0), "< -10,000%");
        assert_eq!(percent(1e10, 1), ">= 10,000%");
        assert_eq!(signed_percent(1e10, 1), ">= 10,000%");
        assert_eq!(percent(f64::NAN, 1), "n/a");
        assert_eq!(percent(-99.99, 0), "-9999%");
        assert_eq!(percent(-100.0, 0), "-10000%");
    }

    #[test]
    fn margins() {
        assert_eq!(margin(0.0, 0.0), "n/a (no seat price)");
        assert_eq!(margin(f64::NAN, 0.0), "n/a (no seat price)");
        assert_eq!(margin(20.0, 0.25), "25%");
        assert_eq!(margin(1e-300, -1e301), "< -10,000%");
        assert_eq!(margin(5e-324, f64::MIN), "< -10,000%");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// Any f64 prints in at most 25 characters, and compact reads back within 1e-14.
        #[test]
        fn any_f64_is_short(v in any::<f64>(), d in 0usize..=4) {
            for text in [compact(v), decimal(v, d), precise(v, d), percent(v, d), usd(v), volume(v)] {
                prop_assert!(text.chars().count() <= 25, "{:e}: {}", v, text);
            }
            if v.is_finite() {
                let back: f64 = compact(v).parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
                prop_assert!((back - v).abs() <= (v.abs() * 1e-14).max(1e-323), "{:e} -> {:e}", v, back);
            }
        }
    }
}
