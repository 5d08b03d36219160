//! `infercost validate FILE.csv [--json] [--rows]`: predict every row of a measurements
//! file. The logic lives in [`infercost::validate`]; this reads the file and renders the
//! report: a table per family, per-row detail, or JSON.
//!
//! The file is untrusted: ids, metrics, units and reasons that quote it are made
//! terminal-safe ([`safe`]) in text mode and JSON goes through [`term::json_safe`]. Numbers
//! from it can be anything a decimal can write (1e-300, 1e300), so they print through
//! [`crate::numbers`].

use infercost::validate::{RowPrediction, ValidationReport};
use serde::Serialize;

use crate::numbers::{percent, precise, signed_percent};
use crate::term::{self, safe};

const USAGE: &str = "usage: infercost validate FILE.csv [--json] [--rows]";

/// Runs the command and returns its output.
///
/// # Errors
/// A message for an unknown option, a missing or unreadable file, or a file that is not in
/// the measurements format.
pub fn run(args: &[String]) -> Result<String, String> {
    let mut json = false;
    let mut rows = false;
    let mut path: Option<&str> = None;
    for a in args {
        match a.as_str() {
            "--json" => json = true,
            "--rows" => rows = true,
            s if s.starts_with("--") => {
                return Err(format!("validate: unknown option {} ({USAGE})", safe(s)));
            }
            s => {
                if path.replace(s).is_some() {
                    return Err(format!("validate: give one file ({USAGE})"));
                }
            }
        }
    }
    let path = path.ok_or_else(|| format!("validate: missing FILE.csv ({USAGE})"))?;
    let shown = safe(path);
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("validate: cannot read {shown}: {e}"))?;
    let report = infercost::validate::validate_text(&text)
        .map_err(|e| format!("validate: {shown}: {}", safe(&e)))?;
    let mut out = String::new();
    if json {
        out.push_str(&to_json(&report));
        out.push('\n');
    } else {
        if rows {
            out.push_str(&render_rows(&report));
            out.push('\n');
        }
        out.push_str(&render_table(&report));
    }
    Ok(out)
}

/// The human report: one table line per family, then the rows that got no prediction.
pub fn render_table(report: &ValidationReport) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{:<36} {:>5} {:>9} {:>8} {:>8} {:>8}\n",
        "family", "rows", "predicted", "MdAPE", "<=25%", "target"
    ));
    for s in &report.families {
        let target = s
            .family
            .target_mdape()
            .map_or("-".to_string(), |t| percent(t, 0));
        out.push_str(&format!(
            "{:<36} {:>5} {:>9} {:>8} {:>8} {:>8}\n",
            s.family.label(),
            s.rows,
            s.predicted,
            percent(s.mdape, 1),
            percent(s.share_within_25pct, 0),
            target
        ));
    }
    let n = report.rows.len();
    let k = report.rows.iter().filter(|r| r.predicted.is_some()).count();
    out.push_str(&format!(
        "{:<36} {:>5} {:>9} ({} predicted)\n",
        "all",
        n,
        k,
        percent(report.predicted_share(), 1)
    ));
    let missing: Vec<&RowPrediction> = report
        .rows
        .iter()
        .filter(|r| r.predicted.is_none())
        .collect();
    if !missing.is_empty() {
        out.push_str("\nnot predicted:\n");
        for r in missing {
            out.push_str(&format!(
                "  {} {}: {}\n",
                safe(&r.id),
                safe(&r.metric),
                safe(r.reason.as_deref().unwrap_or(""))
            ));
        }
    }
    out
}

/// Per-row detail (id, metric, measured, predicted, error) for `--rows`.
pub fn render_rows(report: &ValidationReport) -> String {
    let mut out = String::new();
    for r in &report.rows {
        let m = r.measured.map_or("-".to_string(), |v| precise(v, 4));
        let p = r.predicted.map_or("-".to_string(), |v| precise(v, 4));
        let e = match (r.predicted, r.measured) {
            (Some(p), Some(m)) if m != 0.0 => signed_percent(p / m - 1.0, 1),
            _ => safe(r.reason.as_deref().unwrap_or_default()).into_owned(),
        };
        out.push_str(&format!(
            "{} {:<34} {:>12} {:>12} {} {}\n",
            safe(&r.id),
            safe(&r.metric),
            m,
            p,
            safe(&r.unit),
            e
        ));
    }
    out
}

#[derive(Serialize)]
struct JsonRow<'a> {
    id: &'a str,
    predicted: Option<f64>,
    unit: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    rows: Vec<JsonRow<'a>>,
}

/// The machine report: `{"rows": [{"id", "predicted", "unit", "reason"?}]}`, with the
/// characters serde_json leaves raw escaped ([`term::json_safe`]).
pub fn to_json(report: &ValidationReport) -> String {
    let rows = report
        .rows
        .iter()
        .map(|r| JsonRow {
            id: &r.id,
            predicted: r.predicted,
            unit: &r.unit,
            reason: r.reason.as_deref(),
        })
        .collect();
    let text = serde_json::to_string_pretty(&JsonReport { rows })
        .unwrap_or_else(|_| "{\"rows\": []}".into());
    term::json_safe(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use infercost::validate::validate_text;

    const HEADER: &str = "id,model,precision,gpu,gpu_count,tp,engine,engine_version,isl,osl,concurrency_or_batch,metric,value,unit,source,source_date,notes\n";

    fn report(lines: &[&str]) -> ValidationReport {
        let text = format!("{HEADER}{}\n", lines.join("\n"));
        validate_text(&text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn json_shape() {
        let text = format!("{HEADER}X6,Phi-4,BF16,H100,1,1,vLLM,,1,1,1,TTFT,1,ms,s,d,n\n");
        let r = validate_text(&text).unwrap_or_else(|e| panic!("{e}"));
        let v: serde_json::Value = serde_json::from_str(&to_json(&r)).unwrap_or_default();
        assert_eq!(v["rows"][0]["id"], "X6");
        assert!(v["rows"][0]["predicted"].is_null());
        assert!(v["rows"][0]["reason"].is_string());
    }

    #[test]
    fn table_reads_as_before() {
        let r = report(&[
            "X1,Llama-3.1-8B,BF16,H100 SXM,1,1,vLLM,,128,128,1,decode_tokens_per_s_per_user,100,tok/s,s,d,n",
            "X2,Phi-4,BF16,H100,1,1,vLLM,,1,1,1,TTFT,1,ms,s,d,n",
        ]);
        let t = render_table(&r);
        let s = r
            .family(infercost::validate::Family::Batch1Decode)
            .unwrap_or_else(|| panic!("family"));
        let want = format!(
            "{:<36} {:>5} {:>9} {:>7.1}% {:>7.0}% {:>8}\n",
            "batch-1 decode",
            1,
            1,
            s.mdape * 100.0,
            s.share_within_25pct * 100.0,
            "8%"
        );
        assert!(t.contains(&want), "{t}\n{want}");
        let all = format!("{:<36} {:>5} {:>9} (50.0% predicted)\n", "all", 2, 1);
        assert!(t.contains(&all), "{t}");
        assert!(
            t.contains("\nnot predicted:\n  X2 TTFT: unknown model 'Phi-4'\n"),
            "{t}"
        );
    }

    #[test]
    fn rows_read_as_before() {
        let r = report(&["X1,Llama-3.1-8B,BF16,H100 SXM,1,1,vLLM,,128,128,1,decode_tokens_per_s_per_user,100,tok/s,s,d,n"]);
        let row = &r.rows[0];
        let p = row.predicted.unwrap_or_else(|| panic!("{:?}", row.reason));
        let want = format!(
            "X1 {:<34} {:>12} {:>12} tok/s {:+.1}%\n",
            "decode_tokens_per_s_per_user",
            "100.0000",
            format!("{p:.4}"),
            (p / 100.0 - 1.0) * 100.0
        );
        assert_eq!(render_rows(&r), want);
    }

    #[test]
    fn input_text_cannot_reach_the_terminal_raw() {
        let r = report(&[
            "\u{1b}]0;pwned\u{7}X1,Llama\u{9b}31m,BF16,H100 SXM,1,1,vLLM,,128,128,1,decode\u{202E}_tokens,100,tok/\u{1b}[2Js,s,d,n",
        ]);
        for text in [render_rows(&r), render_table(&r)] {
            assert!(
                !text.chars().any(|c| term::is_unsafe(c) && c != '\n'),
                "{text:?}"
            );
            assert!(text.contains('\u{FFFD}'), "{text:?}");
        }
        let json = to_json(&r);
        assert!(
            !json.chars().any(|c| term::is_unsafe(c) && c != '\n'),
            "{json:?}"
        );
        let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(v["rows"][0]["id"], "\u{1b}]0;pwned\u{7}X1");
        assert_eq!(v["rows"][0]["unit"], "tok/\u{1b}[2Js");
    }

    #[test]
    fn extreme_cells_print_short() {
        let r = report(&[
            "X1,Llama-3.1-8B,BF16,H100 SXM,1,1,vLLM,,128,128,1,decode_tokens_per_s_per_user,1e-300,tok/s,s,d,n",
            "X2,Llama-3.1-8B,BF16,H100 SXM,1,1,vLLM,,128,128,1,decode_tokens_per_s_per_user,1e300,tok/s,s,d,n",
            "X3,Llama-3.1-8B,BF16,H100 SXM,1,1,vLLM,,1e300,128,1,output_throughput_total,5,tok/s,s,d,n",
            "X4,Llama-3.1-8B,BF16,H100 SXM,1,1,vLLM,,128,128,1,decode_tokens_per_s_per_user,-0.0,tok/s,s,d,n",
        ]);
        for text in [render_rows(&r), render_table(&r)] {
            let numbers = text.split_whitespace().filter(|w| {
                w.trim_start_matches(['-', '+'])
                    .starts_with(|c: char| c.is_ascii_digit())
            });
            for word in numbers {
                assert!(word.chars().count() <= 25, "{word}\n{text}");
            }
        }
        let rows = render_rows(&r);
        // The model's parser reads "1e-300" and "1e300" within a few ulp.
        assert!(rows.contains("e-301 ") || rows.contains("e-300 "), "{rows}");
        assert!(rows.contains(">= 10,000%"), "{rows}");
        assert!(rows.contains("e300 "), "{rows}");
        assert!(rows.contains("e300 tokens do not fit"), "{rows}");
        let zero = format!(
            "X4 {:<34} {:>12} ",
            "decode_tokens_per_s_per_user", "0.0000"
        );
        assert!(rows.contains(&zero), "{rows}");
    }
}
