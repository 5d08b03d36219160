//! The page's on-demand tools, run in a Web Worker (`src/main.rs` is the worker's glue):
//! find the cheapest deployment (`infercost::search`), import a Hugging Face `config.json`
//! (`infercost::import`) and compare a benchmark result with the model
//! (`infercost::calibrate`, or a measurements CSV through `infercost::validate`).
//!
//! Pure and tested on the host. A request is one JSON text; [`handle`] answers with JSON
//! texts: `progress` messages while a search runs, then one answer (`search`, `import`,
//! `calibrate`) or an `error`. Every answer that changes the scenario carries the share-link
//! query of the changed scenario (`link`), which the page applies like any link, so "Use
//! this" also changes the address. Display strings are made here, with the model's one
//! money format, so the page's script only places them.
//!
//! Requests: `{"op": "search" | "import" | "calibrate" | "export", "query": "<share-link
//! query>", "text": "<pasted file>", "format": "csv" | "json", "link": "<share URL>",
//! "date": "YYYY-MM-DD"}`. Before the first, `{"op": "catalogs", ...}` hands over the whole
//! catalog files the page fetches (the worker compiles in only their core rows, as the page
//! does).

pub mod export;

use infercost::calibrate::calibrate;
use infercost::catalog::{self, Architecture};
use infercost::import::from_config_json;
use infercost::link;
use infercost::scenario::Scenario;
use infercost::search::{self, Candidate};
use infercost::validate;
use infercost::words::{count, percent, usd};
use infercost::{Engine, KvPrecision, WeightPrecision};
use serde_json::{json, Value};

/// Configurations a search answer lists in full (each with its link), cheapest first; each
/// GPU's cheapest is sent too, wherever it ranks.
pub const ROWS_SENT: usize = 100;

/// The largest pasted file read (a config.json is a few KB; a benchmark result with
/// per-request arrays can reach a few MB).
pub const MAX_TEXT_BYTES: usize = 8 << 20;

/// Answers one request. `post` receives each message (progress first); the last is the
/// answer or an error.
pub fn handle(request: &str, mut post: impl FnMut(String)) {
    let answer = match answer(request, &mut post) {
        Ok(v) => v,
        Err(message) => json!({ "op": "error", "message": message }),
    };
    post(answer.to_string());
}

fn answer(request: &str, post: &mut impl FnMut(String)) -> Result<Value, String> {
    let v: Value = serde_json::from_str(request).map_err(|_| "The request was not JSON.")?;
    let field = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("");
    install(&v["catalogs"])?;
    let scenario = link::from_query(field("query")).scenario;
    let text = field("text");
    if text.len() > MAX_TEXT_BYTES {
        return Err(format!(
            "The file is larger than {} MB: paste a config.json or one benchmark result.",
            MAX_TEXT_BYTES >> 20
        ));
    }
    match field("op") {
        "search" => Ok(search_answer(&scenario, |done, total| {
            post(json!({ "op": "progress", "done": done, "total": total }).to_string());
        })),
        "import" => import_answer(&scenario, text),
        "calibrate" => calibrate_answer(&scenario, text),
        "export" => export::export_answer(&scenario, field("format"), field("link"), field("date")),
        _ => Err("Unknown request.".into()),
    }
}

/// Installs the whole catalogs a request carries (`{"gpus", "models", "prices_api",
/// "prices_gpu"}`: the files' texts), once. Without them the worker answers from the core
/// rows, like the page before its download.
fn install(c: &Value) -> Result<(), String> {
    let text = |k: &str| c.get(k).and_then(Value::as_str);
    if let (Some(g), Some(m)) = (text("gpus"), text("models")) {
        if !catalog::complete() {
            catalog::install(g, m)?;
        }
    }
    if let (Some(a), Some(g)) = (text("prices_api"), text("prices_gpu")) {
        if !infercost::prices::complete() {
            infercost::prices::install(a, g)?;
        }
    }
    Ok(())
}

/// A search's answer: every configuration that serves the traffic within the targets,
/// cheapest first (the first [`ROWS_SENT`] with their links), the cheapest few that miss a
/// target, and why the others cannot serve it.
pub fn search_answer(s: &Scenario, mut progress: impl FnMut(usize, usize)) -> Value {
    let found = search::search(s, |done, total| {
        progress(done, total);
        true
    });
    let front = search::pareto_front(&found.results);
    // The cheapest ROWS_SENT, and each GPU's cheapest wherever it ranks (flagged, for the
    // "one row per GPU" view).
    let mut seen_gpus = std::collections::BTreeSet::new();
    let rows: Vec<Value> = found
        .results
        .iter()
        .zip(&front)
        .enumerate()
        .filter_map(|(i, (c, &pareto))| {
            let gpu_best = seen_gpus.insert(c.gpu.as_str());
            (i < ROWS_SENT || gpu_best).then(|| {
                let mut r = row(s, c, pareto);
                r["gpu_best"] = Value::Bool(gpu_best);
                r
            })
        })
        .collect();
    // Every feasible point for the chart: cost and time per token, and the front.
    let points: Vec<Value> = found
        .results
        .iter()
        .zip(&front)
        .map(|(c, &pareto)| json!([c.monthly_usd, c.tpot_s, pareto]))
        .collect();
    let below: Vec<Value> = found
        .below_targets
        .iter()
        .take(5)
        .map(|c| row(s, c, false))
        .collect();
    // The scenario's own setup, costed the same way.
    // Quoted only when it meets the targets too, like every row.
    let current =
        search::candidate(s, &infercost::evaluate::evaluate(s)).filter(|c| c.meets_targets);
    let current_usd = current.as_ref().map(|c| c.monthly_usd);
    json!({
        "op": "search",
        "evaluated": found.evaluated,
        "feasible": found.results.len(),
        "below_count": found.below_targets.len(),
        "api_monthly_usd": found.api_monthly_usd,
        "api": usd(found.api_monthly_usd),
        "current_monthly_usd": current_usd,
        "current": current_usd.map(usd),
        "current_plan": current.map(|c| c.plan),
        "rows": rows,
        "below": below,
        "points": points,
        "infeasible": found.infeasible,
    })
}

/// One configuration as the table shows it, with the link that applies it.
fn row(base: &Scenario, c: &Candidate, pareto: bool) -> Value {
    let gpu_name = catalog::find_gpu(&c.gpu).map_or(c.gpu.as_str(), |g| g.name);
    let engine = Engine::parse(&c.engine).unwrap_or(Engine::Vllm);
    let applied = WeightPrecision::parse(&c.precision)
        .zip(KvPrecision::parse(&c.kv_precision))
        .map(|(w, kv)| {
            search::configured(
                base,
                &c.gpu,
                c.gpu_usd_per_hour,
                c.gpus_per_replica,
                w,
                kv,
                engine,
            )
        });
    json!({
        "gpu": gpu_name,
        "gpus_per_replica": c.gpus_per_replica,
        "precision": c.precision.to_ascii_uppercase(),
        "kv_precision": c.kv_precision.to_ascii_uppercase(),
        "engine": engine.name(),
        "plan": if c.plan == "hybrid" { "Hybrid" } else { "Self-host" },
        "replicas": c.replicas,
        "monthly_usd": c.monthly_usd,
        "monthly": usd(c.monthly_usd),
        "per_mtok": usd(c.usd_per_mtok_output),
        "ttft_p95": seconds(c.ttft_p95_s),
        "tpot": seconds(c.tpot_s),
        "tpot_s": c.tpot_s,
        "headroom": percent((1.0 - c.peak_utilization).clamp(0.0, 1.0)),
        "gpu_usd_per_hour": usd(c.gpu_usd_per_hour),
        "pareto": pareto,
        "link": applied.map(|t| link::to_query(&t)),
    })
}

/// Seconds as the page's cards write them: `850 ms`, `1.20 s`.
fn seconds(s: f64) -> String {
    if !s.is_finite() {
        "–".into()
    } else if s < 1.0 {
        format!("{:.0} ms", s * 1e3)
    } else {
        format!("{s:.2} s")
    }
}

/// An imported config's answer: the architecture in words, what the reader assumed, the
/// parameter count against the catalog (or the name the config gives), and the link of the
/// scenario with this model as its custom model.
pub fn import_answer(s: &Scenario, text: &str) -> Result<Value, String> {
    if text.trim().is_empty() {
        return Err("Paste a config.json, or drop the file here.".into());
    }
    let imported = from_config_json(text).map_err(|e| format!("Cannot read this config: {e}."))?;
    let a = &imported.arch;
    let mut t = s.clone();
    t.self_host.custom_model = Some(a.clone());
    // A link may refuse an architecture the model cannot serve (a zero field); say so rather
    // than apply another one.
    let query = link::to_query(&t);
    let back = link::from_query(&query).scenario;
    if back.self_host.custom_model.as_ref() != Some(a) {
        return Err("This architecture has a value InferCost cannot use (see the notes).".into());
    }
    let moe = if a.experts > 1 {
        format!(
            ", {} experts ({} per token{})",
            a.experts,
            a.experts_per_token,
            if a.shared_experts > 0 {
                format!(", {} shared", a.shared_experts)
            } else {
                String::new()
            }
        )
    } else {
        String::new()
    };
    let attention = if a.kv_lora_rank > 0 {
        format!("latent attention (MLA, rank {})", a.kv_lora_rank)
    } else {
        format!(
            "{} query and {} KV heads of {}",
            a.heads, a.kv_heads, a.head_dim
        )
    };
    let summary = format!(
        "{}: {} layers, hidden size {}, {attention}{moe}; {} parameters ({} active), context {} tokens.",
        imported.model_type,
        a.layers,
        a.hidden,
        billions(a.params_total),
        billions(a.params_active),
        count(f64::from(a.max_context_tokens)),
    );
    Ok(json!({
        "op": "import",
        "summary": summary,
        "check": parameter_check(text, a),
        "notes": imported.notes,
        "link": query,
    }))
}

fn billions(params: f64) -> String {
    if params >= 1e9 {
        format!("{:.2}B", params / 1e9)
    } else {
        format!("{:.0}M", params / 1e6)
    }
}

/// The parameter count checked against a catalog model with the same shape, else against
/// the size in the config's own name (`_name_or_path`: "Llama-3.1-8B"), else stated as
/// computed.
pub fn parameter_check(text: &str, a: &Architecture) -> String {
    let same_shape = catalog::models().iter().find(|m| {
        let c = &m.arch;
        c.layers == a.layers
            && c.hidden == a.hidden
            && c.experts == a.experts
            && c.intermediate == a.intermediate
            && c.moe_intermediate == a.moe_intermediate
            && c.vocab == a.vocab
    });
    if let Some(m) = same_shape {
        let off = (a.params_total / m.arch.params_total - 1.0).abs();
        return format!(
            "Same shape as the catalog's {}: {} parameters there, {} computed here ({} apart).",
            m.name,
            billions(m.arch.params_total),
            billions(a.params_total),
            percent(off)
        );
    }
    let named = serde_json::from_str::<Value>(text).ok().and_then(|v| {
        let name = v.get("_name_or_path").and_then(Value::as_str)?.to_string();
        let size = size_in_name(&name)?;
        Some((name, size))
    });
    match named {
        Some((name, size)) => {
            let off = (a.params_total / size - 1.0).abs();
            let verdict = if off <= 0.15 {
                "consistent"
            } else {
                "check the config: names round, but not this far"
            };
            format!(
                "The config names {}; {} parameters computed ({} apart: {verdict}).",
                name.chars()
                    .filter(|c| !c.is_control())
                    .take(80)
                    .collect::<String>(),
                billions(a.params_total),
                percent(off)
            )
        }
        None => format!(
            "{} parameters computed from the dimensions (no catalog model or name to check against).",
            billions(a.params_total)
        ),
    }
}

/// The size a model name states, in parameters: "Llama-3.1-8B" is 8e9, "Qwen3-0.6B" 6e8,
/// "Mixtral-8x7B" 46.7e9 is not guessed (an `AxB` name is no total).
pub fn size_in_name(name: &str) -> Option<f64> {
    let lower = name.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    for (i, _) in lower.match_indices('b') {
        // The number right before the `b`, not part of an `8x7b` and followed by no letter.
        // Bytes, not chars: a non-ASCII letter before the digits must not split a char.
        let start = bytes[..i]
            .iter()
            .rposition(|b| !(b.is_ascii_digit() || *b == b'.'))
            .map_or(0, |p| p + 1);
        let digits = &lower[start..i];
        let next_is_letter = bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
        let times = start > 0 && bytes[start - 1] == b'x';
        if digits.is_empty() || next_is_letter || times {
            continue;
        }
        if let Ok(v) = digits.parse::<f64>() {
            if v > 0.0 && v.is_finite() {
                return Some(v * 1e9);
            }
        }
    }
    None
}

/// A benchmark's answer: each figure measured against predicted, and, for a `vllm bench
/// serve` / SGLang result, the link of the scenario calibrated to it (its measured
/// throughput set). A measurements CSV (the calibration set's format) is compared row by
/// row instead.
pub fn calibrate_answer(s: &Scenario, text: &str) -> Result<Value, String> {
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err("Paste a benchmark result (JSON) or measurements (CSV).".into());
    }
    if !trimmed.starts_with('{') {
        return csv_answer(text);
    }
    let c = calibrate(text, s).map_err(|e| format!("Cannot compare this result: {e}."))?;
    let figures: Vec<Value> = c
        .figures
        .iter()
        .map(|f| {
            let (label, unit) = match f.metric.as_str() {
                "output_tokens_per_s" => ("Output tokens/s (all requests)", "tok/s"),
                "mean_ttft_ms" => ("Mean time to first token", "ms"),
                "mean_tpot_ms" => ("Mean time per output token", "ms"),
                other => (other, ""),
            };
            json!({
                "label": label,
                "measured": format!("{} {unit}", count(f.measured)),
                "predicted": format!("{} {unit}", count(f.predicted)),
                "error": signed_percent(f.predicted / f.measured - 1.0),
            })
        })
        .collect();
    let mut t = s.clone();
    t.self_host.measured_output_tokens_per_s = Some(c.measured_output_tokens_per_s);
    let gpu_name = catalog::find_gpu(&s.self_host.gpu_id).map_or("the custom GPU", |g| g.name);
    Ok(json!({
        "op": "calibrate",
        "summary": format!(
            "{} requests at a time, {} input and {} output tokens each, compared with {} x {} on {}.",
            c.concurrency,
            count(c.input_tokens),
            count(c.output_tokens),
            s.self_host.gpus_per_replica,
            gpu_name,
            s.self_host.engine.name(),
        ),
        "figures": figures,
        "measured_output_tokens_per_s": c.measured_output_tokens_per_s,
        "offer": format!(
            "Use {} output tokens/s per replica at full load as the measured throughput.",
            count(c.measured_output_tokens_per_s)
        ),
        "link": link::to_query(&t),
    }))
}

fn signed_percent(share: f64) -> String {
    if !share.is_finite() {
        return "–".into();
    }
    let sign = if share > 0.0005 {
        "+"
    } else if share < -0.0005 {
        "−"
    } else {
        ""
    };
    format!("{sign}{}", percent(share.abs()))
}

/// Measurements in the calibration set's CSV format, each row predicted.
fn csv_answer(text: &str) -> Result<Value, String> {
    let report =
        validate::validate_text(text).map_err(|e| format!("Cannot read these rows: {e}."))?;
    let figures: Vec<Value> = report
        .rows
        .iter()
        .take(200)
        .map(|r| {
            let shown = |v: Option<f64>| {
                v.map_or("–".to_string(), |x| format!("{} {}", count(x), r.unit))
            };
            json!({
                "label": format!("{} ({})", r.id, r.metric),
                "measured": shown(r.measured),
                "predicted": r.reason.clone().unwrap_or_else(|| shown(r.predicted)),
                "error": match (r.measured, r.predicted) {
                    (Some(m), Some(p)) if m > 0.0 => signed_percent(p / m - 1.0),
                    _ => "–".into(),
                },
            })
        })
        .collect();
    let summary = report
        .families
        .iter()
        .map(|f| {
            format!(
                "{}: {} of {} rows predicted, median error {}",
                f.family.label(),
                f.predicted,
                f.rows,
                percent(f.mdape)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    Ok(json!({
        "op": "calibrate",
        "summary": if summary.is_empty() { "No rows.".to_string() } else { format!("{summary}.") },
        "figures": figures,
    }))
}

#[cfg(test)]
mod tests;
