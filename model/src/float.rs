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
/// use infercost::float::parse_f64;
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

/// `f64::clamp` without its panic: `f64::clamp` asserts `min <= max` (NaN bounds included)
/// and its message links core's float formatting into the page. Here a NaN value or bound
/// is skipped (`max`/`min` return the other operand), and `lo > hi` gives `hi`.
pub trait Clamp {
    /// `self` limited to `lo..=hi`.
    fn clamped(self, lo: f64, hi: f64) -> f64;
}

impl Clamp for f64 {
    fn clamped(self, lo: f64, hi: f64) -> f64 {
        self.max(lo).min(hi)
    }
}

/// Writes `v` as `format!("{v:.decimals$}")` does (ties to even, `-` kept on negative
/// values that round to zero), without linking core's float formatting, which costs the page
/// several KB of WebAssembly. Exact wherever `|v| x 10^decimals` is below about 1e36 (u128
/// arithmetic; the property tests compare with std); larger values print their
/// [`shortest`] digits and zero decimals.
///
/// ```
/// use infercost::float::fixed;
/// assert_eq!(fixed(2.345, 2), "2.35");
/// assert_eq!(fixed(0.125, 2), "0.12");
/// assert_eq!(fixed(1234.5, 0), "1234");
/// assert_eq!(fixed(-0.04, 1), "-0.0");
/// ```
pub fn fixed(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return non_finite(v);
    }
    let sign = if v.is_sign_negative() { "-" } else { "" };
    if decimals > 25 {
        return shortest(v);
    }
    let q = match scaled(v, decimals as i32) {
        Some(q) => q,
        // Too small to show at this precision.
        None if v.abs() < 1.0 => 0,
        // Beyond ~1e36: the shortest digits, then the zero decimals.
        None => {
            return format!(
                "{}{}{}",
                shortest(v),
                if decimals > 0 { "." } else { "" },
                "0".repeat(decimals)
            )
        }
    };
    let digits = q.to_string();
    let digits = format!(
        "{}{digits}",
        "0".repeat((decimals + 1).saturating_sub(digits.len()))
    );
    // Checked splits (the text is ASCII digits): no panic path to link.
    let (whole, frac) = digits
        .split_at_checked(digits.len() - decimals)
        .unwrap_or((&digits, ""));
    if frac.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac}")
    }
}

/// Writes `v` as a plain decimal (no exponent, like `format!("{v}")`) with the fewest
/// significant digits, up to 15, that read back as exactly `v` (checked where `10^e` stays
/// within 10^±22, so from about 1e-7 to 1e22); else its 17 correctly
/// rounded digits, which read back exactly in any correct parser (a browser's `Number`, Rust's
/// `str::parse`). That holds from about 1e-11 to 3e38 (u128 arithmetic); beyond, the 17
/// digits come from float arithmetic and may be a few ulp off. Non-finite values print as
/// std prints them.
///
/// ```
/// use infercost::float::shortest;
/// assert_eq!(shortest(0.1), "0.1");
/// assert_eq!(shortest(20_000_000.0), "20000000");
/// assert_eq!(shortest(-1.5e-7), "-0.00000015");
/// assert_eq!(shortest(0.1 + 0.2), "0.30000000000000004");
/// ```
pub fn shortest(v: f64) -> String {
    match digits(v) {
        Some((q, e)) => layout(v, q, e, false),
        None => non_finite(v),
    }
}

/// `v` in scientific form like `format!("{v:e}")` (`1.5e-20`, `2e7`), with the digits of
/// [`shortest`].
pub fn scientific(v: f64) -> String {
    match digits(v) {
        Some((q, e)) => layout(v, q, e, true),
        None => non_finite(v),
    }
}

fn non_finite(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v > 0.0 {
        "inf".into()
    } else {
        "-inf".into()
    }
}

/// `q x 10^e` as text: plain or scientific.
fn layout(v: f64, q: u64, e: i32, sci: bool) -> String {
    let sign = if v.is_sign_negative() { "-" } else { "" };
    let d = q.to_string();
    let n = d.len() as i32;
    let body = if sci {
        let (first, rest) = d.split_at_checked(1).unwrap_or((&d, ""));
        let dot = if rest.is_empty() { "" } else { "." };
        format!("{first}{dot}{rest}e{}", e + n - 1)
    } else if e >= 0 {
        format!("{d}{}", "0".repeat(e as usize))
    } else if n > -e {
        let (whole, frac) = d.split_at_checked((n + e) as usize).unwrap_or((&d, ""));
        format!("{whole}.{frac}")
    } else {
        format!("0.{}{d}", "0".repeat((-e - n) as usize))
    };
    format!("{sign}{body}")
}

/// The shortest digits of `|v|`: `(q, e)` with `|v| = q x 10^e` read back exactly, `q`
/// without trailing zeros (0 for zero). `None` for non-finite values.
fn digits(v: f64) -> Option<(u64, i32)> {
    if !v.is_finite() {
        return None;
    }
    let a = v.abs();
    if a == 0.0 {
        return Some((0, 0));
    }
    // Up to 15 digits the check is exact: q < 2^53 times or divided by 10^|e| <= 10^22 is one
    // correctly rounded operation, as in `parse_f64`.
    for sig in 1..=15 {
        if let Some((q, e)) = round_sig(a, sig) {
            if e.abs() <= 22 && scale(q as f64, i64::from(e)) == a {
                return Some(strip(q, e));
            }
        }
    }
    // 17 correctly rounded digits always identify a double.
    Some(strip_opt(round_sig(a, 17)).unwrap_or_else(|| approx17(a)))
}

fn strip_opt(d: Option<(u64, i32)>) -> Option<(u64, i32)> {
    d.map(|(q, e)| strip(q, e))
}

fn strip(mut q: u64, mut e: i32) -> (u64, i32) {
    while q != 0 && q % 10 == 0 {
        q /= 10;
        e += 1;
    }
    (q, e)
}

/// Outside the exact range (below ~1e-11 or above ~3e38): 17 digits from float arithmetic,
/// within a few ulp. No input the page accepts gets here.
fn approx17(a: f64) -> (u64, i32) {
    let e = a.log10().floor() as i32 - 16;
    // Scaled in steps of 10^22 so no power overflows (subnormals need 10^339).
    let mut q = a;
    let mut k = -e;
    while k > 22 {
        q *= 1e22;
        k -= 22;
    }
    while k < -22 {
        q /= 1e22;
        k += 22;
    }
    q = if k >= 0 {
        q * 10f64.powi(k)
    } else {
        q / 10f64.powi(-k)
    };
    strip(q.round() as u64, e)
}

/// `a > 0` rounded to `sig` significant digits: `(q, e)` with `10^(sig-1) <= q < 10^sig`.
fn round_sig(a: f64, sig: i32) -> Option<(u64, i32)> {
    let mut k = sig - 1 - a.log10().floor() as i32;
    let mut q = scaled(a, k)?;
    let top = 10u128.pow(sig as u32);
    if q >= top {
        k -= 1;
        q = scaled(a, k)?;
    } else if q < top / 10 {
        k += 1;
        q = scaled(a, k)?;
    }
    Some((u64::try_from(q).ok()?, -k))
}

/// `|v| x 10^k` rounded half to even, computed exactly in u128; `None` where it would not fit.
fn scaled(v: f64, k: i32) -> Option<u128> {
    let bits = v.abs().to_bits();
    let biased = (bits >> 52) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (m, e) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), biased - 1075)
    };
    if m == 0 {
        return Some(0);
    }
    // |v| x 10^k = m x 5^k x 2^(k+e): powers of five on one side, of two on one side.
    let shl = |x: u128, s: i32| (x.leading_zeros() as i32 > s + 1).then(|| x << s);
    let five = |n: i32| 5u128.checked_pow(n.max(0) as u32);
    let twos = k + e;
    let num = shl(u128::from(m).checked_mul(five(k)?)?, twos.max(0))?;
    let den = shl(five(-k)?, (-twos).max(0))?;
    let (q, r) = (num / den, num % den);
    Some(if 2 * r > den || (2 * r == den && q & 1 == 1) {
        q + 1
    } else {
        q
    })
}

/// `v` when it is finite and positive, else 0: what the physics computes with.
pub fn non_negative(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

/// `x` when it is finite, else 0 (negative values kept: savings can be negative).
pub fn finite_or_zero(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

// Exact number text: what share links and saved scenarios write, read back bit for bit.

/// Writes `v` in a form that [`parse_num`] reads back bit for bit: its shortest plain decimal
/// ([`shortest`], as `{}` writes it) when that is exact and at most 12 characters,
/// else the shortest exact one of that, the scientific form and the binary form `MpE` (`M x 2^E`, M an odd whole number below 2^53,
/// at most 23 characters). The binary form is needed because the crate's small decimal
/// parser rounds some 17-digit decimals one ulp off (about 1 in 11 random doubles).
///
/// ```
/// use infercost::float::{format_f64, parse_num};
/// assert_eq!(format_f64(20_000_000.0), "20000000");
/// assert_eq!(format_f64(1.5e-20), "1.5e-20");
/// let odd = 39.430133835633676;
/// assert_eq!(parse_num(&format_f64(odd)), Some(odd));
/// ```
pub fn format_f64(v: f64) -> String {
    let exact = |s: &str| parse_f64(s).map(f64::to_bits) == Some(v.to_bits());
    let plain = shortest(v);
    let plain_ok = exact(&plain);
    if plain_ok && plain.len() <= 12 {
        return plain;
    }
    if !v.is_finite() {
        return plain;
    }
    let sci = scientific(v);
    let sci_ok = exact(&sci);
    // Candidates in order of preference; the first shortest wins.
    [(plain, plain_ok), (sci, sci_ok), (binary_f64(v), true)]
        .into_iter()
        .filter(|(_, ok)| *ok)
        .map(|(s, _)| s)
        .reduce(|best, s| if s.len() < best.len() { s } else { best })
        .unwrap_or_default()
}

/// Reads a number written by [`format_f64`] (or typed by hand): a decimal
/// ([`crate::float::parse_f64`]) or the binary form `MpE`. `None` for anything else and for
/// results that are not finite.
pub fn parse_num(s: &str) -> Option<f64> {
    parse_f64(s).or_else(|| parse_binary_f64(s))
}

/// `M p E` with M odd (or zero): exact for every finite f64.
fn binary_f64(v: f64) -> String {
    let bits = v.to_bits();
    let sign = if v.is_sign_negative() { "-" } else { "" };
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut m, mut e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    if m == 0 {
        return format!("{sign}0");
    }
    let tz = m.trailing_zeros();
    m >>= tz;
    e += tz as i32;
    format!("{sign}{m}p{e}")
}

fn parse_binary_f64(s: &str) -> Option<f64> {
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (m, e) = s.split_once('p')?;
    let digits = |t: &str| !t.is_empty() && t.len() <= 16 && t.bytes().all(|c| c.is_ascii_digit());
    if !digits(m) {
        return None;
    }
    let m = parse_u64(m)?;
    let (e_negative, e_digits) = match e.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, e.strip_prefix('+').unwrap_or(e)),
    };
    if !digits(e_digits) || e_digits.len() > 4 {
        return None;
    }
    let e = parse_u64(e_digits)? as i32;
    let e = if e_negative { -e } else { e };
    if m >= 1u64 << 53 || !(-1074..=1023).contains(&e) {
        return None;
    }
    let pow2 = if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (e + 1074))
    };
    // m and 2^e are exact, and IEEE multiplication rounds correctly: the product is
    // exact whenever the true value is a double (always, for what binary_f64 wrote).
    let v = m as f64 * pow2;
    let v = if negative { -v } else { v };
    v.is_finite().then_some(v)
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

    #[test]
    fn clamps_without_panicking() {
        assert_eq!(5.0.clamped(0.0, 1.0), 1.0);
        assert_eq!((-5.0).clamped(0.0, 1.0), 0.0);
        assert_eq!(0.5.clamped(0.0, 1.0), 0.5);
        assert_eq!(f64::NAN.clamped(0.0, 1.0), 0.0);
        assert_eq!(0.5.clamped(f64::NAN, 1.0), 0.5);
        assert_eq!(0.5.clamped(2.0, 1.0), 1.0);
    }

    #[test]
    fn formats_like_std_at_the_edges() {
        for v in [
            0.0f64,
            -0.0,
            1.0,
            0.5,
            1.5,
            2.5,
            0.125,
            0.375,
            9.995,
            99.95,
            999.5,
            1e15,
            1e16,
            123456789.0,
            0.1,
            0.2,
            0.3,
            1e-7,
            5e-324,
            1.7976931348623157e308,
            2.2250738585072014e-308,
        ] {
            for d in 0..=6 {
                if (1e-11..3e38).contains(&v.abs()) || v == 0.0 {
                    assert_eq!(fixed(v, d), format!("{v:.d$}"), "{v} {d}");
                }
            }
            if (1e-11..3e38).contains(&v.abs()) || v == 0.0 {
                assert_eq!(
                    shortest(v).parse::<f64>().unwrap().to_bits(),
                    v.to_bits(),
                    "{v}"
                );
            }
            let _ = (shortest(v), fixed(v, 3));
        }
        assert_eq!(fixed(5e-324, 3), "0.000");
        assert_eq!(fixed(f64::INFINITY, 2), "inf");
        assert_eq!(fixed(0.5, 30), "0.5");
        // Outside the exact range the 17 digits are close, not garbage.
        for v in [5e-324, 2.2250738585072014e-308, 1e-300, 1e300] {
            let back: f64 = shortest(v).parse().unwrap();
            assert!(
                (back - v).abs() <= (v * 1e-14).max(1e-323),
                "{v}: {}",
                shortest(v)
            );
        }
        assert_eq!(fixed(-1e-300, 1), "-0.0");
        assert_eq!(shortest(f64::NAN), "NaN");
        assert_eq!(shortest(f64::INFINITY), "inf");
        assert_eq!(scientific(1.5e-20), "1.5e-20");
        assert_eq!(scientific(2e7), "2e7");
        assert_eq!(scientific(-1234.5), "-1.2345e3");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// `fixed` prints what `{:.N}` prints wherever it is exact.
        #[test]
        fn fixed_matches_std(v in any::<f64>(), d in 0usize..=8) {
            if v.is_finite() && v.abs() * 10f64.powi(d as i32) < 1e36 {
                prop_assert_eq!(fixed(v, d), format!("{v:.d$}"));
            } else {
                let _ = fixed(v, d);
            }
        }

        /// Numbers as the page meets them: fixed decimals match std.
        #[test]
        fn fixed_matches_std_for_page_values(m in 0u64..10_000_000_000, e in -9i32..6, d in 0usize..=4) {
            let v = m as f64 * 10f64.powi(e);
            prop_assert_eq!(fixed(v, d), format!("{v:.d$}"));
        }

        /// In its exact range `shortest` reads back bit for bit (std parser) and is at most one
        /// digit longer than std's shortest (16-digit values are written with 17); it never panics.
        #[test]
        fn shortest_round_trips(v in any::<f64>()) {
            let (s, sci) = (shortest(v), scientific(v));
            if (1e-11..3e38).contains(&v.abs()) {
                prop_assert_eq!(s.parse::<f64>().unwrap().to_bits(), v.to_bits(), "{}", s);
                prop_assert_eq!(sci.parse::<f64>().unwrap().to_bits(), v.to_bits(), "{}", sci);
                // Shortest is checked where 15 digits times 10^e stay within 10^±22.
                if (1e-7..1e22).contains(&v.abs()) {
                    let std = format!("{v}");
                    prop_assert!(s.len() <= std.len() + 1, "{} vs {}", s, std);
                }
            }
        }

        /// Short decimals come out exactly as std writes them.
        #[test]
        fn shortest_matches_std_for_short_decimals(m in 0u64..1_000_000_000_000, e in -12i32..12) {
            let v: f64 = format!("{m}e{e}").parse().unwrap();
            prop_assert_eq!(shortest(v), format!("{v}"));
            prop_assert_eq!(scientific(v), format!("{v:e}"));
        }
    }
}
