//! The report as rows, CSV and JSON for download: pure, tested on the host.
//!
//! JSON is written by hand (a few dozen lines) rather than with serde_json, which would add
//! ~15 KB brotli to the page for one button.

use crate::html::escape;
use infercost::evaluate::{Report, Serving};
use infercost::float::shortest;

/// One exported figure: section, item, value and unit.
pub type Row = (&'static str, &'static str, f64, &'static str);

/// The figures a reader of an exported report needs: both options itemized, the fleet, the
/// latency at the operating point, the break-even, and the hybrid plan.
pub fn rows(r: &Report) -> Vec<Row> {
    let a = &r.api;
    let sv = r.self_host.serving();
    // A self-hosted figure, or none (empty in CSV, null in JSON) for a setup that cannot run.
    let num = |f: fn(&Serving) -> f64| sv.map_or(f64::NAN, f);
    let operating_point_or_nan = |f: fn(&infercost::perf::PerfPoint) -> f64| {
        sv.and_then(|s| s.operating_point.as_ref())
            .map_or(f64::NAN, f)
    };
    let mut rows: Vec<Row> = vec![(
        "workload",
        "requests per month",
        r.requests_per_month,
        "requests/month",
    )];
    // The itemized bills: the model's one list of cost lines.
    let items = |section, list: &[(&'static str, f64)]| {
        list.iter()
            .map(move |&(item, usd)| (section, item, usd, "USD/month"))
            .collect::<Vec<Row>>()
    };
    rows.extend(items("api", &a.items()));
    rows.extend([
        ("api", "total", a.total_usd_per_month, "USD/month"),
        ("api", "per request", a.usd_per_request, "USD"),
        ("api", "per 1M tokens", a.usd_per_mtok, "USD"),
    ]);
    // The same rows whether or not the setup can run: empty values when it cannot.
    match sv {
        Some(s) => rows.extend(items("self-hosted", &s.cost_items())),
        None => rows
            .extend(Serving::COST_LABELS.map(|item| ("self-hosted", item, f64::NAN, "USD/month"))),
    }
    rows.extend([
        (
            "self-hosted",
            "total",
            num(|s| s.total_usd_per_month),
            "USD/month",
        ),
        (
            "self-hosted",
            "per request",
            num(|s| s.usd_per_request),
            "USD",
        ),
        (
            "self-hosted",
            "per 1M tokens",
            num(|s| s.usd_per_mtok),
            "USD",
        ),
        (
            "fleet",
            "replicas at peak",
            num(|s| f64::from(s.replicas_at_peak)),
            "replicas",
        ),
        (
            "fleet",
            "replicas in total",
            num(|s| f64::from(s.replicas_total)),
            "replicas",
        ),
        (
            "fleet",
            "GPU hours",
            num(|s| s.gpu_hours_per_month),
            "GPU-hours/month",
        ),
        (
            "fleet",
            "average utilization",
            num(|s| s.average_utilization),
            "share",
        ),
        (
            "fleet",
            "peak utilization",
            num(|s| s.peak_utilization),
            "share",
        ),
        (
            "latency",
            "time to first token",
            operating_point_or_nan(|p| p.ttft_s),
            "s",
        ),
        (
            "latency",
            "time per output token",
            operating_point_or_nan(|p| p.tpot_s),
            "s",
        ),
        (
            "latency",
            "p95 time to first token at peak",
            num(|s| s.p95_ttft_at_peak_s),
            "s",
        ),
        (
            "result",
            "savings",
            sv.map_or(f64::NAN, |_| r.savings_usd_per_month),
            "USD/month",
        ),
        (
            "result",
            "break-even volume",
            r.break_even_requests_per_month.unwrap_or(f64::NAN),
            "requests/month",
        ),
        (
            "result",
            "break-even utilization",
            r.break_even_utilization.unwrap_or(f64::NAN),
            "share",
        ),
        (
            "result",
            "hybrid plan",
            r.hybrid.plan.total_usd,
            "USD/month",
        ),
    ]);
    rows
}

fn number(v: f64) -> String {
    if v.is_finite() {
        shortest(v)
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
                shortest(value)
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
