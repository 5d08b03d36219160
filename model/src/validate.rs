//! Checking the model against public measurements.
//!
//! Reads a measurements file in the format of `shared/reference/measurements.csv` (17 quoted
//! CSV columns), predicts every row's metric under that row's conditions, and summarizes the
//! error per metric family. Pure: the caller reads the file and renders the report (the
//! CLI's `infercost validate`, in `cli/`); nothing here does I/O.
//!
//! Conditions the columns leave open are read from the notes or set by a documented rule
//! (see `docs/MODEL.md`, "Validation"). Names the catalogs do not know are reported, never
//! guessed.

use serde::Serialize;

use crate::catalog::{find_gpu, find_model, parse_csv, BYTES_PER_GIB};
use crate::float::Clamp;
use crate::memory::{activations_bytes, kv_bytes_per_sequence, weights_bytes_total};
use crate::perf::{
    decode_step, engine_preset, point_with, prefill_step, Deployment, EnginePreset, RequestShape,
};
use crate::{Engine, KvPrecision, WeightPrecision};

/// One row of a measurements file (all fields as written).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MeasurementRow {
    /// Row id ("M0002").
    pub id: String,
    /// Model name as written.
    pub model: String,
    /// Precision as written ("FP8", "GGUF Q4_K_M").
    pub precision: String,
    /// GPU name as written.
    pub gpu: String,
    /// GPUs in the measured system.
    pub gpu_count: String,
    /// Tensor-parallel degree, or "layer-split" for llama.cpp pipeline splitting.
    pub tp: String,
    /// Engine as written.
    pub engine: String,
    /// Engine version.
    pub engine_version: String,
    /// Input sequence length, tokens.
    pub isl: String,
    /// Output sequence length, tokens.
    pub osl: String,
    /// Concurrency or batch size, or "max (offline)".
    pub concurrency_or_batch: String,
    /// Metric name.
    pub metric: String,
    /// Measured value.
    pub value: String,
    /// Unit of the value.
    pub unit: String,
    /// Source.
    pub source: String,
    /// Date of the source.
    pub source_date: String,
    /// Free-text notes.
    pub notes: String,
}

/// Groups of metrics that share a physics regime (and a target error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Single-stream generation speed (memory-bound).
    Batch1Decode,
    /// Throughput at a large batch or at maximum load.
    MaxLoad,
    /// Prompt processing speed and time to first token (compute-bound).
    PrefillTtft,
    /// Batch-1 (prompt + generated tokens) / total time: prefill and decode mixed.
    PromptPlusGen,
    /// Weights file size and measured peak memory.
    Memory,
    /// A metric this model does not know.
    Other,
}

impl Family {
    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            Family::Batch1Decode => "batch-1 decode",
            Family::MaxLoad => "max-load / large-batch throughput",
            Family::PrefillTtft => "prefill / TTFT",
            Family::PromptPlusGen => "batch-1 prompt+gen speed",
            Family::Memory => "memory",
            Family::Other => "other",
        }
    }

    /// Target median absolute percentage error, if the project set one.
    pub fn target_mdape(self) -> Option<f64> {
        match self {
            // The physics issue's targets (docs/MODEL.md, "Accuracy").
            Family::Batch1Decode => Some(0.08),
            Family::MaxLoad => Some(0.15),
            Family::PrefillTtft => Some(0.20),
            Family::Memory => Some(0.02),
            Family::PromptPlusGen | Family::Other => None,
        }
    }
}

/// The model's answer for one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowPrediction {
    /// Row id.
    pub id: String,
    /// Metric name.
    pub metric: String,
    /// Metric family.
    pub family: Family,
    /// Measured value, if it parses.
    pub measured: Option<f64>,
    /// Predicted value in the row's unit, or `None`.
    pub predicted: Option<f64>,
    /// Unit (the row's).
    pub unit: String,
    /// Why there is no prediction.
    pub reason: Option<String>,
}

impl RowPrediction {
    /// |predicted - measured| / measured, when both exist.
    pub fn abs_pct_error(&self) -> Option<f64> {
        match (self.predicted, self.measured) {
            (Some(p), Some(m)) if m != 0.0 => Some(((p - m) / m).abs()),
            _ => None,
        }
    }
}

/// Error statistics of one family.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilySummary {
    /// The family.
    pub family: Family,
    /// Rows in the family.
    pub rows: usize,
    /// Rows predicted.
    pub predicted: usize,
    /// Median absolute percentage error (a fraction: 0.1 = 10%).
    pub mdape: f64,
    /// Share of predicted rows within +-25%.
    pub share_within_25pct: f64,
}

/// Every row's prediction plus the per-family summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidationReport {
    /// Per row, in file order.
    pub rows: Vec<RowPrediction>,
    /// Per family, in [`Family`] order.
    pub families: Vec<FamilySummary>,
}

impl ValidationReport {
    /// Share of all rows that got a prediction.
    pub fn predicted_share(&self) -> f64 {
        if self.rows.is_empty() {
            return 0.0;
        }
        self.rows.iter().filter(|r| r.predicted.is_some()).count() as f64 / self.rows.len() as f64
    }

    /// The summary of one family, if it has rows.
    pub fn family(&self, f: Family) -> Option<&FamilySummary> {
        self.families.iter().find(|s| s.family == f)
    }
}

const COLUMNS: [&str; 17] = [
    "id",
    "model",
    "precision",
    "gpu",
    "gpu_count",
    "tp",
    "engine",
    "engine_version",
    "isl",
    "osl",
    "concurrency_or_batch",
    "metric",
    "value",
    "unit",
    "source",
    "source_date",
    "notes",
];

/// Parses a measurements file.
///
/// # Errors
/// When the header lacks one of the 17 columns (the message names it).
pub fn parse_measurements(text: &str) -> Result<Vec<MeasurementRow>, String> {
    let mut records = parse_csv(text).into_iter();
    let header: Vec<String> = records
        .next()
        .ok_or("empty file: expected a header line")?
        .into_iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut idx = [0usize; 17];
    for (i, name) in COLUMNS.iter().enumerate() {
        idx[i] = header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("missing column '{name}' in the header"))?;
    }
    Ok(records
        .map(|rec| {
            let f = |i: usize| {
                rec.get(idx[i])
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default()
            };
            MeasurementRow {
                id: f(0),
                model: f(1),
                precision: f(2),
                gpu: f(3),
                gpu_count: f(4),
                tp: f(5),
                engine: f(6),
                engine_version: f(7),
                isl: f(8),
                osl: f(9),
                concurrency_or_batch: f(10),
                metric: f(11),
                value: f(12),
                unit: f(13),
                source: f(14),
                source_date: f(15),
                notes: f(16),
            }
        })
        .collect())
}

/// A metric as this file format names it, for the names benchmark tools print: vLLM's
/// `vllm bench serve` (`mean_tpot_ms`, `mean_itl_ms`, `mean_ttft_ms`, `mean_e2el_ms`,
/// `output_throughput`, `request_throughput`), SGLang's `bench_serving` and NVIDIA
/// GenAI-Perf (`inter_token_latency`, `time_to_first_token`, `request_latency`,
/// `output_token_throughput`), and short forms (`ITL`, `TPOT`, `TPOT_mean`,
/// `e2e_latency`). Names are matched without case; unknown names are returned as given.
///
/// ```
/// use infercost::validate::canonical_metric;
/// assert_eq!(canonical_metric("TPOT_mean"), "ITL_approx");
/// assert_eq!(canonical_metric("mean_e2el_ms"), "e2e_latency");
/// assert_eq!(canonical_metric("TTFT"), "TTFT");
/// ```
pub fn canonical_metric(name: &str) -> &str {
    let n = name.trim();
    let lower = n.to_ascii_lowercase();
    let is = |names: &[&str]| names.contains(&lower.as_str());
    // Inter-token latency and TPOT are the same step time once a stream is running.
    if is(&[
        "itl",
        "itl_mean",
        "itl_median",
        "mean_itl_ms",
        "median_itl_ms",
        "tpot",
        "tpot_mean",
        "tpot_median",
        "mean_tpot_ms",
        "median_tpot_ms",
        "inter_token_latency",
        "time_per_output_token",
        "itl_approx",
    ]) {
        "ITL_approx"
    } else if is(&[
        "ttft",
        "ttft_mean",
        "ttft_median",
        "mean_ttft_ms",
        "median_ttft_ms",
        "time_to_first_token",
    ]) {
        "TTFT"
    } else if is(&[
        "e2e_latency",
        "e2el",
        "e2el_mean",
        "mean_e2el_ms",
        "median_e2el_ms",
        "request_latency",
        "end_to_end_latency",
    ]) {
        "e2e_latency"
    } else if is(&[
        "output_throughput",
        "output_token_throughput",
        "output_throughput_total",
    ]) {
        "output_throughput_total"
    } else if is(&["request_throughput", "requests_per_s"]) {
        "request_throughput"
    } else {
        n
    }
}

/// The family of a row.
pub fn family_of(row: &MeasurementRow) -> Family {
    let batch1 = parse_num(&row.concurrency_or_batch) == Some(1.0);
    match canonical_metric(&row.metric) {
        "decode_tokens_per_s_per_user" => Family::Batch1Decode,
        "output_throughput_total"
        | "output_throughput_per_gpu"
        | "output_tokens_per_s_system"
        | "request_throughput"
        | "ITL_approx" => {
            if batch1 {
                Family::Batch1Decode
            } else {
                Family::MaxLoad
            }
        }
        "prefill_tokens_per_s" | "TTFT" | "TTFT_mean" => Family::PrefillTtft,
        // End-to-end latency mixes prefill and decode: reported, outside the targets.
        "e2e_latency" => Family::Other,
        "speed_(prompt+gen)_tokens_per_s" => Family::PromptPlusGen,
        "gpu_memory_peak" | "model_weights_size" => Family::Memory,
        _ => Family::Other,
    }
}

fn parse_num(s: &str) -> Option<f64> {
    crate::float::parse_f64(s.trim())
}

/// Finds `tag<digits>` in free text ("tg512" -> 512).
fn number_after(text: &str, tag: &str) -> Option<f64> {
    let lower = text.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(pos) = rest.find(tag) {
        let after = &rest[pos + tag.len()..];
        let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
        if let Some(v) = parse_num(&digits) {
            return Some(v);
        }
        rest = after;
    }
    None
}

/// The conditions of a row, resolved.
struct Conditions {
    deployment: Deployment,
    isl: f64,
    /// Whether the row states its input length (TTFT needs it; decode reads 0 as "none").
    isl_stated: bool,
    osl: f64,
    concurrency: Option<f64>,
    gpu_count: f64,
}

fn resolve(row: &MeasurementRow) -> Result<Conditions, String> {
    let model = find_model(&row.model).ok_or_else(|| format!("unknown model '{}'", row.model))?;
    let precision = WeightPrecision::from_benchmark(&row.precision)
        .ok_or_else(|| format!("unknown precision '{}'", row.precision))?;
    let engine = Engine::preset_for(&row.engine)
        .ok_or_else(|| format!("unknown engine '{}'", row.engine))?;
    let gpu = find_gpu(&row.gpu).ok_or_else(|| format!("unknown GPU '{}'", row.gpu))?;
    let gpu_count = parse_num(&row.gpu_count).unwrap_or(1.0).max(1.0);
    let layer_split = row.tp.to_ascii_lowercase().contains("layer");
    let mut spec = gpu.spec.clone();
    let tp = if layer_split {
        // Pipeline (layer) split runs the layers one GPU after another: at batch 1 it is
        // one GPU's bandwidth and compute with the memory of all of them.
        spec.memory_bytes *= gpu_count;
        1
    } else {
        parse_num(&row.tp).unwrap_or(gpu_count).clamp(1.0, 1024.0) as u32
    };
    // NVIDIA ModelOpt FP8/FP4 checkpoints ship an FP8 KV cache, and so does an FP8 engine
    // built by `trtllm-bench build --quantization FP8` (TensorRT-LLM's engine-build flow: "If
    // you specify FP8 quantization, the KV cache will automatically be set to FP8 as well",
    // perf-overview.md of v0.17); everything else defaults to a 16-bit cache.
    let kv = if (row.notes.contains("ModelOpt") || row.notes.contains("engine build flow"))
        && matches!(precision, WeightPrecision::Fp8 | WeightPrecision::Fp4)
    {
        KvPrecision::Fp8
    } else {
        KvPrecision::Bf16
    };
    let isl_stated = parse_num(&row.isl).or_else(|| number_after(&row.notes, "pp"));
    let isl = isl_stated.unwrap_or(0.0).max(0.0);
    let osl = parse_num(&row.osl)
        .or_else(|| number_after(&row.notes, "tg"))
        .unwrap_or(match engine {
            // gpt-fast's generate.py defaults to 200 new tokens; llama.cpp tables without a
            // length are read as llama-bench's default tg128.
            Engine::Vllm => 200.0,
            _ => 128.0,
        })
        .max(0.0);
    let concurrency = parse_num(&row.concurrency_or_batch);
    Ok(Conditions {
        deployment: Deployment::new(model.arch.clone(), spec, tp, precision, kv, engine),
        isl,
        isl_stated: isl_stated.is_some(),
        osl,
        concurrency,
        gpu_count,
    })
}

/// Converts seconds to a time unit ("ms", "s", "us").
fn seconds_in(unit: &str, s: f64) -> Option<f64> {
    match unit.trim().to_ascii_lowercase().as_str() {
        "ms" => Some(s * 1e3),
        "s" | "sec" => Some(s),
        "us" | "µs" => Some(s * 1e6),
        _ => None,
    }
}

/// Converts bytes to a memory unit. Benchmark tables write binary sizes with decimal names
/// (llama-bench prints GiB, the Qwen table MiB from PyTorch), so "GB"/"MB" read as GiB/MiB.
fn bytes_in(unit: &str, b: f64) -> Option<f64> {
    match unit.trim().to_ascii_lowercase().as_str() {
        "gb" | "gib" => Some(b / BYTES_PER_GIB),
        "mb" | "mib" => Some(b / BYTES_PER_GIB * 1024.0),
        "bytes" | "b" => Some(b),
        _ => None,
    }
}

/// Predicts one row with the nominal engine presets.
///
/// # Errors
/// A sentence saying why the row cannot be predicted (unknown name, unknown metric or
/// unit, weights that do not fit).
pub fn predict_row(row: &MeasurementRow) -> Result<f64, String> {
    predict_row_with(row, &engine_preset)
}

/// Predicts one row with explicit engine constants (the calibration varies them).
///
/// # Errors
/// As [`predict_row`].
pub fn predict_row_with(
    row: &MeasurementRow,
    presets: &dyn Fn(Engine) -> EnginePreset,
) -> Result<f64, String> {
    let metric = canonical_metric(&row.metric);
    let unit = row.unit.as_str();
    if metric == "model_weights_size" {
        let model =
            find_model(&row.model).ok_or_else(|| format!("unknown model '{}'", row.model))?;
        let precision = WeightPrecision::from_benchmark(&row.precision)
            .ok_or_else(|| format!("unknown precision '{}'", row.precision))?;
        return bytes_in(unit, weights_bytes_total(&model.arch, precision))
            .ok_or_else(|| format!("unknown unit '{unit}' for {metric}"));
    }
    let c = resolve(row)?;
    let d = &c.deployment;
    let p = presets(d.engine).for_gpu(&d.gpu);
    let shape = RequestShape {
        input_tokens: c.isl,
        output_tokens: c.osl.max(1.0),
        cached_input_share: 0.0,
    };
    let ctx = c.isl + c.osl;
    let max_conc = crate::perf::admitted_sequences(d, &p, c.isl, c.osl);
    if max_conc == 0 && metric != "gpu_memory_peak" {
        return Err(format!(
            "the weights and one sequence of {} tokens do not fit on {} x '{}'",
            tokens_text(ctx),
            d.gpus_per_replica,
            row.gpu
        ));
    }
    let tp_attention = crate::perf::TensorParallelAttention::of(d, &p, &shape);
    let at = |conc: Option<f64>| {
        let b = match conc {
            Some(v) => v.clamp(1.0, 1e6) as u32,
            None => max_conc,
        };
        let kv_limited = max_conc < crate::deployment::batch_cap(d, &p);
        tp_attention.faster(
            point_with(d, &p, &shape, b, max_conc.max(b), kv_limited),
            &p,
            &shape,
        )
    };
    let tok_s = |v: f64| -> Result<f64, String> {
        if unit.to_ascii_lowercase().starts_with("tok/s") || unit == "req/s" {
            Ok(v)
        } else {
            Err(format!("unknown unit '{unit}' for {metric}"))
        }
    };
    match metric {
        // One stream: the step time at concurrency 1 (in the faster attention layout).
        "decode_tokens_per_s_per_user" => tok_s(at(Some(1.0)).output_tokens_per_s_per_user),
        "output_throughput_total" | "output_tokens_per_s_system" => {
            tok_s(at(c.concurrency).output_tokens_per_s_total)
        }
        "output_throughput_per_gpu" => {
            tok_s(at(c.concurrency).output_tokens_per_s_total / c.gpu_count)
        }
        "request_throughput" => tok_s(at(c.concurrency).requests_per_s),
        "ITL_approx" => seconds_in(unit, at(c.concurrency).tpot_s)
            .ok_or_else(|| format!("unknown unit '{unit}' for {metric}")),
        "prefill_tokens_per_s" => {
            let s = prefill_step(d, &p, c.isl.max(1.0), 0.0);
            tok_s(c.isl.max(1.0) / s.total_s)
        }
        "TTFT" | "TTFT_mean" | "e2e_latency" if !c.isl_stated => Err(format!(
            "{metric} needs the input length (isl), which the row does not state"
        )),
        "TTFT" | "TTFT_mean" => {
            // Alone: one prefill. Under load (a serving benchmark's mean_ttft_ms at a
            // concurrency above 1): the curve's TTFT at that concurrency, as e2e_latency uses.
            let t = match c.concurrency {
                Some(n) if n > 1.0 => at(c.concurrency).ttft_s,
                _ => at(Some(1.0)).ttft_s,
            };
            seconds_in(unit, t).ok_or_else(|| format!("unknown unit '{unit}' for {metric}"))
        }
        // One request's whole time at the row's concurrency: the first token, then the rest
        // at the step time.
        "e2e_latency" => {
            let pt = at(c.concurrency);
            seconds_in(unit, pt.ttft_s + (c.osl.max(1.0) - 1.0) * pt.tpot_s)
                .ok_or_else(|| format!("unknown unit '{unit}' for {metric}"))
        }
        "speed_(prompt+gen)_tokens_per_s" => {
            let prefill = prefill_step(d, &p, c.isl, 0.0).total_s;
            let step = decode_step(d, &p, 1.0, c.isl + c.osl / 2.0).total_s;
            tok_s((c.isl + c.osl) / (prefill + c.osl * step))
        }
        "gpu_memory_peak" => {
            // Allocator-reported peak of a batch-1 run without a KV pool (Transformers):
            // weights + KV cache of the full context + one token's activations.
            let w = weights_bytes_total(&d.arch, d.weight_precision)
                / f64::from(d.gpus_per_replica.max(1));
            let kv = kv_bytes_per_sequence(&d.arch, d.kv_precision, d.gpus_per_replica, ctx);
            let one_token = EnginePreset {
                prefill_chunk_tokens: 0.0,
                ..p
            };
            let act = activations_bytes(d, &one_token, 1.0);
            bytes_in(unit, w + kv + act)
                .ok_or_else(|| format!("unknown unit '{unit}' for {metric}"))
        }
        _ => Err(format!("unknown metric '{metric}'")),
    }
}

/// A token count for a message: as `{}` writes it below 1e15, in scientific form above (a
/// file can ask for 1e300 tokens, which `{}` writes as 301 digits).
fn tokens_text(n: f64) -> String {
    if n < 1e15 {
        crate::float::shortest(n)
    } else {
        crate::float::scientific(n)
    }
}

/// Predicts every row of a measurements file and summarizes the errors.
///
/// # Errors
/// When the file's header is not the measurements format.
pub fn validate_text(text: &str) -> Result<ValidationReport, String> {
    let rows = parse_measurements(text)?;
    Ok(validate_rows(&rows, &engine_preset))
}

/// Measured/predicted of every predicted speed row (memory rows left out), time metrics
/// inverted so that above 1 is faster than predicted, grouped by engine (as
/// [`Engine::preset_for`] maps them) and sorted: what `perf::efficiency_band` is read from.
/// `report` is `validate_rows(rows, ..)` (one prediction per row, in order).
pub fn speed_residuals(
    rows: &[MeasurementRow],
    report: &ValidationReport,
) -> Vec<(Engine, Vec<f64>)> {
    Engine::ALL
        .iter()
        .map(|&engine| {
            let mut ratios: Vec<f64> = rows
                .iter()
                .zip(&report.rows)
                .filter(|(row, p)| {
                    Engine::preset_for(&row.engine) == Some(engine)
                        && !matches!(p.family, Family::Memory | Family::Other)
                })
                .filter_map(|(_, p)| {
                    let ratio = p.measured? / p.predicted?;
                    Some(if matches!(p.unit.as_str(), "ms" | "s") {
                        1.0 / ratio
                    } else {
                        ratio
                    })
                })
                .collect();
            ratios.sort_by(f64::total_cmp);
            (engine, ratios)
        })
        .collect()
}

/// The `q` quantile (0..=1) of sorted values, interpolated between the closest ranks
/// (numpy's default); NaN for no values.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let k = (sorted.len() - 1) as f64 * q.clamped(0.0, 1.0);
    let (lo, hi) = (k.floor() as usize, k.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (k - k.floor())
}

/// Predicts the given rows with explicit engine constants and summarizes.
pub fn validate_rows(
    rows: &[MeasurementRow],
    presets: &dyn Fn(Engine) -> EnginePreset,
) -> ValidationReport {
    let preds: Vec<RowPrediction> = rows
        .iter()
        .map(|row| {
            let (predicted, reason) = match predict_row_with(row, presets) {
                Ok(v) if v.is_finite() => (Some(v), None),
                Ok(_) => (None, Some("prediction is not a finite number".to_string())),
                Err(e) => (None, Some(e)),
            };
            RowPrediction {
                id: row.id.clone(),
                metric: row.metric.clone(),
                family: family_of(row),
                measured: parse_num(&row.value),
                predicted,
                unit: row.unit.clone(),
                reason,
            }
        })
        .collect();
    let families = summarize(&preds);
    ValidationReport {
        rows: preds,
        families,
    }
}

/// Median of a slice (0 when empty).
pub fn median(values: &[f64]) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Per-family error statistics.
pub fn summarize(preds: &[RowPrediction]) -> Vec<FamilySummary> {
    let mut families: Vec<Family> = preds.iter().map(|p| p.family).collect();
    families.sort();
    families.dedup();
    families
        .into_iter()
        .map(|family| {
            let members: Vec<&RowPrediction> =
                preds.iter().filter(|p| p.family == family).collect();
            let errors: Vec<f64> = members.iter().filter_map(|p| p.abs_pct_error()).collect();
            let within = errors.iter().filter(|e| **e <= 0.25).count();
            FamilySummary {
                family,
                rows: members.len(),
                predicted: members.iter().filter(|p| p.predicted.is_some()).count(),
                mdape: median(&errors),
                share_within_25pct: if errors.is_empty() {
                    0.0
                } else {
                    within as f64 / errors.len() as f64
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,model,precision,gpu,gpu_count,tp,engine,engine_version,isl,osl,concurrency_or_batch,metric,value,unit,source,source_date,notes\n";

    fn one(line: &str) -> RowPrediction {
        let text = format!("{HEADER}{line}\n");
        let r = validate_text(&text).unwrap_or_else(|e| panic!("{e}"));
        r.rows
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no row"))
    }

    #[test]
    fn benchmark_tools_metric_names_are_read() {
        let row = |metric: &str, unit: &str| {
            one(&format!(
                "B1,Llama-3.1-8B,BF16,H100 SXM,1,1,vLLM,,1000,200,16,{metric},1,{unit},s,d,n"
            ))
        };
        let itl = row("ITL_approx", "ms").predicted.expect("predicted");
        for name in [
            "ITL",
            "TPOT_mean",
            "mean_tpot_ms",
            "inter_token_latency",
            "tpot",
        ] {
            let p = row(name, "ms");
            assert_eq!(p.predicted, Some(itl), "{name}");
            assert_eq!(p.family, Family::MaxLoad, "{name}");
        }
        let ttft = row("mean_ttft_ms", "ms").predicted.expect("predicted");
        assert_eq!(row("TTFT", "ms").predicted, Some(ttft));
        // Under load TTFT is the curve's at that concurrency, never below one prefill alone.
        let alone = one("B2,Llama-3.1-8B,BF16,H100 SXM,1,1,vLLM,,1000,200,1,TTFT,1,ms,s,d,n")
            .predicted
            .expect("predicted");
        assert!(ttft >= alone, "{ttft} under load vs {alone} alone");
        // End to end: the first token, then 199 more at the step time.
        let e2e = row("e2e_latency", "ms").predicted.expect("predicted");
        assert!(
            e2e > ttft && e2e > 199.0 * itl * 0.99,
            "{e2e} vs {ttft} + 199 x {itl}"
        );
        assert_eq!(row("mean_e2el_ms", "ms").predicted, Some(e2e));
        assert_eq!(row("request_latency", "s").predicted, Some(e2e / 1e3));
    }

    #[test]
    fn quoted_fields_with_commas_parse() {
        let p = one("X1,Llama-3.1-8B-Instruct,FP8,H100 SXM 80GB,1,1,TensorRT-LLM,v1,128,128,max (offline),output_throughput_total,28312,tok/s,\"a, b\",2025,\"note, with comma; ModelOpt\"");
        assert_eq!(p.id, "X1");
        assert_eq!(p.family, Family::MaxLoad);
        assert!(p.predicted.is_some(), "{:?}", p.reason);
    }

    #[test]
    fn fp8_tensorrt_engines_and_modelopt_checkpoints_carry_an_fp8_kv_cache() {
        // At max load on one H100 a KV-bound Mixtral fits twice the sequences with an FP8
        // cache, so the same row predicts more throughput once its notes name the flow.
        let row = |notes: &str| {
            one(&format!("X9,Mixtral-8x7B-Instruct,FP8,H100 SXM 80GB,1,1,TensorRT-LLM,0.17,1000,1000,max (offline),output_throughput_total,6868.52,tok/s,s,d,{notes}"))
                .predicted
                .expect("predicted")
        };
        let bf16 = row("trtllm-bench throughput");
        let built = row("trtllm-bench throughput (TRT engine build flow)");
        let modelopt = row("ModelOpt FP8 checkpoint");
        assert!(built > 1.3 * bf16, "{built} vs {bf16}");
        assert_eq!(built, modelopt);
    }

    #[test]
    fn unknown_names_are_reported_not_guessed() {
        let p = one("X2,Phi-4,BF16,H100 SXM 80GB,1,1,vLLM,,128,128,1,decode_tokens_per_s_per_user,100,tok/s,s,d,n");
        assert!(p.predicted.is_none());
        assert!(p.reason.as_deref().unwrap_or("").contains("unknown model"));
        let p = one("X3,Llama-3.1-8B,BF16,TPU v5e,1,1,vLLM,,128,128,1,decode_tokens_per_s_per_user,100,tok/s,s,d,n");
        assert!(p.reason.as_deref().unwrap_or("").contains("unknown GPU"));
        let p = one("X4,Llama-3.1-8B,BF16,H100 SXM,1,1,vLLM,,128,128,1,joules_per_token,1,J,s,d,n");
        assert!(p.reason.as_deref().unwrap_or("").contains("unknown metric"));
    }

    #[test]
    fn weights_size_in_gib() {
        let p = one(
            "X5,Llama-3-8B,F16,n/a (file size),,,llama.cpp,,,,,model_weights_size,14.96,GB,s,d,n",
        );
        let v = p.predicted.unwrap_or(0.0);
        assert!((v - 14.96).abs() < 0.05, "{v}");
    }

    #[test]
    fn a_huge_context_is_named_briefly() {
        let p = one("X7,Llama-3.1-8B,BF16,H100 SXM,1,1,vLLM,,1e300,128,1,output_throughput_total,5,tok/s,s,d,n");
        let reason = p.reason.unwrap_or_default();
        // parse_f64 reads "1e300" within a few ulp: 1.0000000000000006e300.
        assert!(reason.contains("e300 tokens do not fit"), "{reason}");
        assert!(reason.len() < 100, "{reason}");
        assert_eq!(tokens_text(4224.0), "4224");
        assert_eq!(tokens_text(128.5), format!("{}", 128.5));
    }

    #[test]
    fn bad_header_is_an_error() {
        assert!(validate_text("a,b,c\n1,2,3\n").is_err());
        assert!(validate_text("").is_err());
    }

    #[test]
    fn quantiles_interpolate_between_ranks() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert_eq!(quantile(&v, 0.1), 1.4);
        assert_eq!(quantile(&v, 1.0), 5.0);
        assert!(quantile(&[], 0.5).is_nan());
    }

    #[test]
    fn precision_spellings() {
        assert_eq!(
            WeightPrecision::from_benchmark("GGUF Q4_K_M"),
            Some(WeightPrecision::Gguf {
                bits_per_weight: 4.85
            })
        );
        assert_eq!(
            WeightPrecision::from_benchmark("INT8 weight-only"),
            Some(WeightPrecision::Int8WeightOnly)
        );
        assert_eq!(
            WeightPrecision::from_benchmark("INT8"),
            Some(WeightPrecision::Int8)
        );
        assert_eq!(
            WeightPrecision::from_benchmark("INT4 weight-only g32"),
            Some(WeightPrecision::Int4)
        );
        assert_eq!(
            WeightPrecision::from_benchmark("F16"),
            Some(WeightPrecision::Fp16)
        );
        assert_eq!(
            Engine::preset_for("LMDeploy (TurboMind)"),
            Some(Engine::TensorrtLlm)
        );
        assert_eq!(
            Engine::preset_for("HF Transformers"),
            Some(Engine::Transformers)
        );
        assert_eq!(Engine::preset_for("MLC"), None);
    }
}
