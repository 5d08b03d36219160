//! The report as rows, CSV and JSON for download: pure, tested on the host.
//!
//! JSON is written by hand (a few dozen lines) rather than with serde_json, which would add
//! ~15 KB brotli to the page for one button.

use crate::html::escape;
use infercost::evaluate::{Report, Serving};
use infercost::perf::PerfPoint;

/// One exported figure: section, item, value and unit.
pub type Row = (&'static str, &'static str, f64, &'static str);

/// A figure of the report: section, item, unit, and how to read it (NaN when it does not
/// exist). A table rather than code that builds each tuple: measured smaller in WebAssembly.
type Figure = (&'static str, &'static str, &'static str, fn(&Report) -> f64);

/// A self-hosted figure, or NaN (empty in CSV, null in JSON) for a setup that cannot run.
fn self_hosted(r: &Report, f: fn(&Serving) -> f64) -> f64 {
    r.self_host.serving().map_or(f64::NAN, f)
}

/// A figure at the operating point, or NaN.
fn at_operating_point(r: &Report, f: fn(&PerfPoint) -> f64) -> f64 {
    r.self_host
        .serving()
        .and_then(|s| s.operating_point.as_ref())
        .map_or(f64::NAN, f)
}

const API_TOTALS: [Figure; 3] = [
    ("api", "total", "USD/month", |r| r.api.total_usd_per_month),
    ("api", "per request", "USD", |r| r.api.usd_per_request),
    ("api", "per 1M tokens", "USD", |r| r.api.usd_per_mtok),
];

const REST: [Figure; 15] = [
    ("self-hosted", "total", "USD/month", |r| {
        self_hosted(r, |s| s.total_usd_per_month)
    }),
    ("self-hosted", "per request", "USD", |r| {
        self_hosted(r, |s| s.usd_per_request)
    }),
    ("self-hosted", "per 1M tokens", "USD", |r| {
        self_hosted(r, |s| s.usd_per_mtok)
    }),
    ("fleet", "replicas at peak", "replicas", |r| {
        self_hosted(r, |s| f64::from(s.replicas_at_peak))
    }),
    ("fleet", "replicas in total", "replicas", |r| {
        self_hosted(r, |s| f64::from(s.replicas_total))
    }),
    ("fleet", "GPU hours", "GPU-hours/month", |r| {
        self_hosted(r, |s| s.gpu_hours_per_month)
    }),
    ("fleet", "average utilization", "share", |r| {
        self_hosted(r, |s| s.average_utilization)
    }),
    ("fleet", "peak utilization", "share", |r| {
        self_hosted(r, |s| s.peak_utilization)
    }),
    ("latency", "time to first token", "s", |r| {
        at_operating_point(r, |p| p.ttft_s)
    }),
    ("latency", "time per output token", "s", |r| {
        at_operating_point(r, |p| p.tpot_s)
    }),
    ("latency", "p95 time to first token at peak", "s", |r| {
        self_hosted(r, |s| s.p95_ttft_at_peak_s)
    }),
    ("result", "savings", "USD/month", |r| {
        if r.self_host.is_feasible() {
            r.savings_usd_per_month
        } else {
            f64::NAN
        }
    }),
    ("result", "break-even volume", "requests/month", |r| {
        r.break_even_requests_per_month.unwrap_or(f64::NAN)
    }),
    ("result", "break-even utilization", "share", |r| {
        r.break_even_utilization.unwrap_or(f64::NAN)
    }),
    ("result", "hybrid plan", "USD/month", |r| {
        r.hybrid.plan.total_usd
    }),
];

/// The figures a reader of an exported report needs: both options itemized, the fleet, the
/// latency at the operating point, the break-even, and the hybrid plan. The same rows whether
/// or not self-hosting can run (empty values when it cannot).
pub fn rows(r: &Report) -> Vec<Row> {
    let figure = |&(section, item, unit, get): &Figure| (section, item, get(r), unit);
    let mut rows: Vec<Row> = vec![(
        "workload",
        "requests per month",
        r.requests_per_month,
        "requests/month",
    )];
    // The itemized bills: the model's one list of cost lines.
    for (item, usd) in r.api.items() {
        rows.push(("api", item, usd, "USD/month"));
    }
    rows.extend(API_TOTALS.iter().map(figure));
    let own = r.self_host.serving().map(|s| s.cost_items());
    for (i, item) in Serving::COST_LABELS.into_iter().enumerate() {
        let usd = own
            .as_ref()
            .and_then(|o| o.get(i))
            .map_or(f64::NAN, |o| o.1);
        rows.push(("self-hosted", item, usd, "USD/month"));
    }
    rows.extend(REST.iter().map(figure));
    rows
}

/// A figure as exported: rounded to 12 significant digits, so arithmetic noise does not
/// reach the file (`23301.600000000002` -> `23301.6`), and never `-0`.
fn clean(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return "0".into();
    }
    let decimals = (11 - v.abs().log10().floor() as i32).clamp(0, 11) as usize;
    let text = infercost::float::fixed(v, decimals);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

fn number(v: f64) -> String {
    if v.is_finite() {
        clean(v)
    } else {
        String::new()
    }
}

/// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The report as CSV: a header, the verdict and link as the first rows, then the figures.
/// Values that do not exist (no break-even) are empty.
pub fn to_csv(r: &Report, link: &str) -> String {
    let mut out = String::from("section,item,value,unit\n");
    out.push_str(&format!(
        "summary,verdict,{},\n",
        csv_field(&infercost::words::verdict(&r.verdict))
    ));
    out.push_str(&format!("summary,link,{},\n", csv_field(link)));
    for (section, item, value, unit) in rows(r) {
        out.push_str(&format!("{section},{item},{},{unit}\n", number(value)));
    }
    out
}

/// Escapes a JSON string body.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The report as JSON: `{"verdict", "link", "figures": [{"section", "item", "value", "unit"}]}`
/// with `null` for values that do not exist.
pub fn to_json(r: &Report, link: &str) -> String {
    let figures: Vec<String> = rows(r)
        .into_iter()
        .map(|(section, item, value, unit)| {
            let v = if value.is_finite() {
                clean(value)
            } else {
                "null".into()
            };
            format!(
                "{{\"section\":{},\"item\":{},\"value\":{v},\"unit\":{}}}",
                json_string(section),
                json_string(item),
                json_string(unit)
            )
        })
        .collect();
    format!(
        "{{\"verdict\":{},\"link\":{},\"figures\":[{}]}}\n",
        json_string(&infercost::words::verdict(&r.verdict)),
        json_string(link),
        figures.join(",")
    )
}

/// A chart's SVG made self-contained for download: the page's stylesheet classes are
/// resolved with an embedded light palette and a white background.
pub fn standalone_svg(svg: &str) -> String {
    const STYLE: &str = "<style>text{font:12px system-ui,sans-serif;fill:#4b5563}\
        .axis,.tick,.grid{stroke:#767f8a}.grid{stroke-opacity:.35}text.tick{stroke:none}\
        .line{fill:none;stroke-width:2.5}.api{stroke:#a3231a}.self{stroke:#0b5cab}\
        .hybrid,.latency{stroke:#6b4c00;stroke-dasharray:6 4}.marker{stroke:#1a1f24;fill:none}\
        .cross{fill:#fff;stroke-width:2.5}.readout{stroke:#0b5cab}.zero{stroke:#1a1f24}\
        .capacity{fill:#f4f6f8;stroke:#767f8a}.seg0,.low{fill:#0b5cab}.seg1{fill:#6b4c00}\
        .seg2,.high{fill:#a3231a}.seg3{fill:#4b5563}.seg4{fill:#1a1f24}</style>";
    match svg.split_once('>') {
        Some((open, rest)) => {
            format!("{open}><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>{STYLE}{rest}")
        }
        None => escape(svg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exported_numbers_carry_no_float_noise_and_no_negative_zero() {
        assert_eq!(clean(23301.600000000002), "23301.6");
        assert_eq!(clean(-0.0), "0");
        assert_eq!(clean(0.1 + 0.2), "0.3");
        assert_eq!(clean(8384.0), "8384");
        assert_eq!(clean(0.000838), "0.000838");
        assert_eq!(clean(-13352.000000000002), "-13352");
        assert_eq!(clean(1.5e13), "15000000000000");
        let csv = to_csv(&crate::test_reports::default_report(), "v=2");
        assert!(!csv.contains("00000000") && !csv.contains(",-0,"), "{csv}");
    }
    use infercost::evaluate::evaluate;
    use infercost::scenario::Scenario;

    #[test]
    fn csv_has_every_row_and_quotes_the_verdict() {
        let r = evaluate(&Scenario::default());
        let csv = to_csv(&r, "https://example.test/?v=1&rpm=2");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "section,item,value,unit");
        assert_eq!(lines.len(), 3 + rows(&r).len());
        // The verdict holds commas ("$1,326"), so it is quoted.
        assert!(lines[1].starts_with("summary,verdict,\""), "{}", lines[1]);
        assert!(csv.contains("\napi,total,"));
        assert!(!csv.contains("NaN"));
    }

    #[test]
    fn json_escapes_and_uses_null() {
        assert_eq!(json_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
        let mut r = evaluate(&Scenario::default());
        r.break_even_requests_per_month = None;
        let json = to_json(&r, "x");
        assert!(json.contains("\"item\":\"break-even volume\",\"value\":null"));
        assert!(json.starts_with("{\"verdict\":\"At "));
        assert!(!json.contains("NaN") && !json.contains("inf"));
    }

    #[test]
    fn standalone_svg_embeds_a_style() {
        let s = standalone_svg("<svg viewBox=\"0 0 1 1\"><path/></svg>");
        assert!(s.starts_with("<svg viewBox=\"0 0 1 1\"><rect"));
        assert!(s.contains("<style>") && s.ends_with("<path/></svg>"));
    }
}
