//! The report as CSV and JSON for download, made in the tools worker (the page asks for
//! them; serde_json stays out of its first load). A file stands alone: the title, the date,
//! the verdict, the share link, every input that produced it, then the figures. Numbers carry
//! no float noise and never `-0`.

use infercost::evaluate::{evaluate, Report, Serving};
use infercost::perf::PerfPoint;
use infercost::scenario::Scenario;
use serde_json::{json, Value};

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

/// Every input of the scenario as (`path`, value) pairs in the scenario's own order
/// (`workload.requests_per_month`, `self_host.gpu_id`, ...); numbers cleaned, absent values
/// (`null`) left out.
pub fn inputs(s: &Scenario) -> Vec<(String, Value)> {
    fn walk(prefix: &str, v: &Value, out: &mut Vec<(String, Value)>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&path, v, out);
                }
            }
            Value::Null => {}
            Value::Number(n) => {
                let x = n.as_f64().unwrap_or(f64::NAN);
                out.push((prefix.to_string(), cleaned(x)));
            }
            other => out.push((prefix.to_string(), other.clone())),
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = serde_json::to_value(s) {
        walk("", &v, &mut out);
    }
    out
}

/// A number as JSON, through [`clean`] (so `0.30000000000000004` is written `0.3`).
fn cleaned(x: f64) -> Value {
    clean(x)
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

/// An input's value as CSV text.
fn input_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => clean(n.as_f64().unwrap_or(0.0)),
        other => other.to_string(),
    }
}

/// The export's head: what it is, when, the verdict and the link back.
pub struct Head<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its report.
    pub report: &'a Report,
    /// The full share link (page address and query).
    pub link: &'a str,
    /// The reader's date, `YYYY-MM-DD`.
    pub date: &'a str,
}

const TITLE: &str = "InferCost report: self-host an open LLM or pay for an API?";

/// The report as CSV: `section,item,value,unit`; first the title, date, verdict and link,
/// then every input (`input` rows), then the figures. Values that do not exist are empty.
pub fn to_csv(h: &Head) -> String {
    let r = h.report;
    let mut out = String::from("section,item,value,unit\n");
    for (item, text) in [
        ("title", TITLE.to_string()),
        ("date", h.date.to_string()),
        ("verdict", infercost::words::verdict(&r.verdict)),
        ("link", h.link.to_string()),
    ] {
        out.push_str(&format!("summary,{item},{},\n", csv_field(&text)));
    }
    for (path, v) in inputs(h.scenario) {
        out.push_str(&format!(
            "input,{},{},\n",
            csv_field(&path),
            csv_field(&input_text(&v))
        ));
    }
    for (section, item, value, unit) in rows(r) {
        out.push_str(&format!("{section},{item},{},{unit}\n", number(value)));
    }
    out
}

/// The report as JSON: `{"title", "date", "verdict", "link", "inputs": {path: value},
/// "figures": [{"section", "item", "value", "unit"}]}`, `null` for values that do not exist.
pub fn to_json(h: &Head) -> String {
    let r = h.report;
    let figures: Vec<Value> = rows(r)
        .into_iter()
        .map(|(section, item, value, unit)| {
            let v = if value.is_finite() {
                cleaned(value)
            } else {
                Value::Null
            };
            json!({ "section": section, "item": item, "value": v, "unit": unit })
        })
        .collect();
    let inputs: serde_json::Map<String, Value> = inputs(h.scenario).into_iter().collect();
    let doc = json!({
        "title": TITLE,
        "date": h.date,
        "verdict": infercost::words::verdict(&r.verdict),
        "link": h.link,
        "inputs": inputs,
        "figures": figures,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// The export request's answer: the file's name, type and text.
pub fn export_answer(s: &Scenario, format: &str, link: &str, date: &str) -> Result<Value, String> {
    let report = evaluate(s);
    let head = Head {
        scenario: s,
        report: &report,
        link,
        date,
    };
    let (filename, mime, text) = match format {
        "csv" => ("infercost-report.csv", "text/csv", to_csv(&head)),
        "json" => ("infercost-report.json", "application/json", to_json(&head)),
        _ => return Err("Unknown export format.".into()),
    };
    Ok(json!({ "op": "export", "filename": filename, "mime": mime, "text": text }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head_csv(s: &Scenario) -> String {
        let r = evaluate(s);
        to_csv(&Head {
            scenario: s,
            report: &r,
            link: "https://example.test/?v=2&rpm=2",
            date: "2026-12-07",
        })
    }

    #[test]
    fn exported_numbers_carry_no_float_noise_and_no_negative_zero() {
        assert_eq!(clean(23301.600000000002), "23301.6");
        assert_eq!(clean(-0.0), "0");
        assert_eq!(clean(0.1 + 0.2), "0.3");
        assert_eq!(clean(8384.0), "8384");
        assert_eq!(clean(0.000838), "0.000838");
        assert_eq!(clean(-13352.000000000002), "-13352");
        assert_eq!(clean(1.5e13), "15000000000000");
        let csv = head_csv(&Scenario::default());
        assert!(!csv.contains("00000000") && !csv.contains(",-0,"), "{csv}");
    }

    #[test]
    fn csv_stands_alone_with_title_date_verdict_link_inputs_and_every_figure() {
        let s = Scenario::default();
        let r = evaluate(&s);
        let csv = head_csv(&s);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "section,item,value,unit");
        assert!(lines[1].starts_with("summary,title,"));
        assert_eq!(lines[2], "summary,date,2026-12-07,");
        // The verdict holds commas ("$1,326"), so it is quoted.
        assert!(lines[3].starts_with("summary,verdict,\""), "{}", lines[3]);
        assert!(lines[4].starts_with("summary,link,https://example.test/"));
        let n_inputs = inputs(&s).len();
        assert!(n_inputs > 20, "{n_inputs}");
        assert_eq!(lines.len(), 5 + n_inputs + rows(&r).len());
        assert!(csv.contains("\ninput,self_host.gpu_id,"), "{csv}");
        assert!(csv.contains("\napi,total,"));
        assert!(!csv.contains("NaN"));
    }

    #[test]
    fn json_carries_the_inputs_and_uses_null() {
        let s = Scenario::default();
        let mut r = evaluate(&s);
        r.break_even_requests_per_month = None;
        let text = to_json(&Head {
            scenario: &s,
            report: &r,
            link: "x",
            date: "2026-12-07",
        });
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(v["verdict"].as_str().unwrap().starts_with("At "));
        assert_eq!(v["date"], "2026-12-07");
        assert_eq!(v["inputs"]["self_host.gpu_id"], s.self_host.gpu_id.as_str());
        let be = v["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["item"] == "break-even volume")
            .unwrap();
        assert!(be["value"].is_null());
        assert!(!text.contains("NaN") && !text.contains("inf"));
        assert!(export_answer(&s, "xml", "x", "d").is_err());
    }
}
