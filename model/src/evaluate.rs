//! `evaluate(&Scenario) -> Report`: the whole answer, API against self-hosting.
//!
//! The chain: the scenario is sanitized; the physics gives one replica's throughput/latency
//! curve and the largest concurrency meeting the latency targets; [`crate::fleet`] turns
//! that into a replica staircase, queueing at the peak, the exact break-even and the hybrid
//! plan; this module itemizes both costs, draws the curves, runs the sensitivity and the
//! efficiency band, and writes the verdict. `docs/MODEL.md` (part 2) explains every formula.
//!
//! ```
//! use infercost::{evaluate::evaluate, scenario::Scenario};
//! let r = evaluate(&Scenario::default());
//! assert!(r.api.total_usd_per_month > 0.0);
//! assert!(infercost::words::verdict(&r.verdict).starts_with("At 10.0M requests a month"));
//! ```

use crate::catalog::{self, Architecture, GpuSpec};
use crate::fleet::{
    BreakEven, CurvePoint, HybridInputs, HybridPlan, HybridSegment, LoadProfile, QueueStats,
    Staircase, StepSegment, DAYS_PER_MONTH, HOURS_PER_MONTH, SECONDS_PER_MONTH,
};
use crate::input::FieldId;
use crate::memory::{self, MemoryBreakdown};
use crate::num::{finite_or_zero, Clamp};
use crate::perf::{self, Deployment, PerfCurve, PerfPoint, RequestShape};
use crate::scenario::{Billing, SanitizeIssue, Scenario};
use serde::Serialize;

/// Itemized monthly cost of the hosted API. Items sum to `total_usd_per_month`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiCost {
    /// Uncached input tokens of the users' requests, USD per month.
    pub input_usd: f64,
    /// Cached input tokens of the users' requests, USD per month.
    pub cached_input_usd: f64,
    /// Cache-write premium on the users' requests, USD per month.
    pub cache_write_usd: f64,
    /// Output tokens of the users' requests, USD per month.
    pub output_usd: f64,
    /// Extra calls per request (routing, validation), USD per month.
    pub extra_calls_usd: f64,
    /// Retries of the API model, USD per month.
    pub retries_usd: f64,
    /// Batch-API discount on the eligible share (zero or negative), USD per month.
    pub batch_savings_usd: f64,
    /// Total, USD per month.
    pub total_usd_per_month: f64,
    /// Total per user request, USD.
    pub usd_per_request: f64,
    /// Total per 1M tokens of the users' requests (input + output, before retries and extra
    /// calls), USD.
    pub usd_per_mtok: f64,
}

/// The self-hosted deployment: fit, capacity, fleet, latency at peak and itemized cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfHostReport {
    /// False when the model does not fit (or the catalog ids are unknown); every number
    /// below is then zero.
    pub feasible: bool,
    /// Why it is infeasible, empty when feasible.
    pub infeasible_reason: String,
    /// Model name.
    pub model_name: String,
    /// GPU name.
    pub gpu_name: String,
    /// Memory per GPU at the operating concurrency (or with no KV cache when nothing fits).
    pub memory: Option<MemoryBreakdown>,
    /// Most sequences of the mean context that fit in the KV cache of one replica.
    pub max_concurrent_sequences: u32,
    /// One replica's throughput and latency vs concurrency.
    pub curve: Vec<PerfPoint>,
    /// The largest concurrency meeting both latency targets (or concurrency 1 when none
    /// does).
    pub operating_point: Option<PerfPoint>,
    /// Whether the operating point meets the TTFT and TPOT targets.
    pub meets_latency_targets: bool,
    /// Model calls one replica serves per second at the operating point.
    pub capacity_requests_per_s: f64,
    /// Output tokens per second of one replica at the operating point.
    pub capacity_output_tokens_per_s: f64,
    /// Model calls per second, monthly average.
    pub average_calls_per_s: f64,
    /// Model calls per second at the peak hour.
    pub peak_calls_per_s: f64,
    /// Serving replicas at the peak hour (without redundancy).
    pub replicas_at_peak: u32,
    /// Redundancy replicas (N+k).
    pub redundancy_replicas: u32,
    /// Replicas running at the peak hour, redundancy included.
    pub replicas_total: u32,
    /// GPUs running at the peak hour.
    pub gpus_at_peak: u32,
    /// Replica-hours billed per month.
    pub replica_hours_per_month: f64,
    /// GPU-hours billed per month.
    pub gpu_hours_per_month: f64,
    /// Served load / capacity at the targets of all billed replicas, month average.
    pub average_utilization: f64,
    /// Served load / capacity of the serving replicas at the peak hour.
    pub peak_utilization: f64,
    /// M/M/c queue at the peak hour (c = serving replicas x operating concurrency).
    pub queue_at_peak: QueueStats,
    /// Time to first token at the peak hour's busy concurrency, without queueing, seconds.
    pub ttft_at_peak_s: f64,
    /// p95 time to first token at the peak hour: p95 queueing wait + TTFT, seconds.
    pub p95_ttft_at_peak_s: f64,
    /// Time per output token at the peak hour's busy concurrency, seconds.
    pub tpot_at_peak_s: f64,
    /// Serving replicas' GPU time, USD per month.
    pub gpu_usd: f64,
    /// Redundancy replicas' GPU time, USD per month.
    pub redundancy_usd: f64,
    /// Engineering and operations, USD per month.
    pub engineering_usd: f64,
    /// Observability, USD per month.
    pub observability_usd: f64,
    /// Storage, USD per month.
    pub storage_usd: f64,
    /// Data transfer out, USD per month.
    pub egress_usd: f64,
    /// Total, USD per month.
    pub total_usd_per_month: f64,
    /// Total per user request, USD.
    pub usd_per_request: f64,
    /// Total per 1M tokens of the users' requests (input + output), USD.
    pub usd_per_mtok: f64,
}

/// Cost per user and margin on the seat price.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerUser {
    /// Users the costs are divided by.
    pub users: f64,
    /// Seat price, USD per user per month.
    pub price_per_seat_usd_per_month: f64,
    /// API cost per user, USD per month.
    pub api_usd_per_user: f64,
    /// Self-hosted cost per user, USD per month (0 when infeasible).
    pub self_host_usd_per_user: f64,
    /// (seat price - API cost per user) / seat price; 0 without a seat price. Always finite:
    /// `f64::MIN` where a seat price near zero would make it -infinity.
    pub api_margin: f64,
    /// (seat price - self-hosted cost per user) / seat price; 0 without a seat price or
    /// when infeasible. Finite as `api_margin`.
    pub self_host_margin: f64,
}

/// The hybrid plan at the scenario's volume.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HybridReport {
    /// The plan (replicas 0 means API only is cheapest).
    pub plan: HybridPlan,
    /// Pure API cost minus hybrid cost, USD per month (>= 0).
    pub savings_vs_api_usd: f64,
    /// Pure self-hosted cost minus hybrid cost, USD per month (0 when infeasible).
    pub savings_vs_self_host_usd: f64,
}

/// Curves for the break-even chart over a log volume range around the scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Curves {
    /// Grid volumes (log-spaced), requests per month.
    pub volumes: Vec<f64>,
    /// API cost at each grid volume, USD per month.
    pub api_usd: Vec<f64>,
    /// Self-hosted cost at each grid volume, USD per month (empty when infeasible).
    pub self_host_usd: Vec<f64>,
    /// Hybrid cost at each grid volume, USD per month (empty when infeasible).
    pub hybrid_usd: Vec<f64>,
    /// The self-hosted staircase as an exact polyline (two points per step: before and
    /// after the jump), or the sampled grid when the range has too many steps.
    pub self_host_steps: Vec<CurvePoint>,
    /// Whether `self_host_steps` is exact.
    pub steps_exact: bool,
}

/// One row of the sensitivity ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SensitivityRow {
    /// Short key of the input (scenario field key, or `"eff"` / `"api-price"` / `"peak"`).
    pub key: &'static str,
    /// Human label.
    pub label: &'static str,
    /// The input's low value (in the input's own unit).
    pub low_value: f64,
    /// The input's high value.
    pub high_value: f64,
    /// Savings (API - self-hosted) with the low value, USD per month.
    pub savings_low_usd: f64,
    /// Savings with the high value, USD per month.
    pub savings_high_usd: f64,
    /// Change in savings from the scenario's, low value, USD per month.
    pub delta_low_usd: f64,
    /// Change in savings from the scenario's, high value, USD per month.
    pub delta_high_usd: f64,
}

/// Low/high band from the engine-efficiency uncertainty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EfficiencyBand {
    /// Efficiency scale of the pessimistic case.
    pub efficiency_low: f64,
    /// Efficiency scale of the optimistic case.
    pub efficiency_high: f64,
    /// Self-hosted cost with the optimistic efficiency, USD per month.
    pub self_host_usd_low: f64,
    /// Self-hosted cost with the pessimistic efficiency, USD per month.
    pub self_host_usd_high: f64,
    /// Savings with the pessimistic efficiency, USD per month.
    pub savings_low_usd: f64,
    /// Savings with the optimistic efficiency, USD per month.
    pub savings_high_usd: f64,
    /// Break-even volume with the optimistic efficiency (requests per month), if any.
    pub break_even_low: Option<f64>,
    /// Break-even volume with the pessimistic efficiency, if any.
    pub break_even_high: Option<f64>,
}

/// Where the scenario's prices come from: the bundled row, its date and source, and whether
/// the scenario overrides it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceProvenance {
    /// The API price row id named by the scenario.
    pub api_price_id: String,
    /// Its checked date (`YYYY-MM-DD`), if the id is in the bundle.
    pub api_checked_date: Option<String>,
    /// Its source, empty if the id is not in the bundle.
    pub api_source: String,
    /// True when the scenario's API prices differ from the row's (or there is no row).
    pub api_overridden: bool,
    /// The GPU price row id named by the scenario.
    pub gpu_price_id: String,
    /// Its checked date, if the id is in the bundle.
    pub gpu_checked_date: Option<String>,
    /// Its source, empty if the id is not in the bundle.
    pub gpu_source: String,
    /// True when the scenario's GPU price differs from the row's (or there is no row).
    pub gpu_overridden: bool,
}

fn provenance(s: &Scenario) -> PriceProvenance {
    let api = crate::prices::find_api_price(&s.api.price_id);
    // A bundled GPU price row only describes the scenario's GPU if it is for that GPU.
    let gpu = crate::prices::find_gpu_price(&s.self_host.gpu_price_id).filter(|p| {
        s.self_host.custom_gpu.is_none() && p.gpu_id.eq_ignore_ascii_case(s.self_host.gpu_id.trim())
    });
    let api_overridden = api.is_none_or(|p| {
        p.input_usd_per_mtok != s.api.input_usd_per_mtok
            || p.cached_input_usd_per_mtok != s.api.cached_input_usd_per_mtok
            || p.cache_write_premium_usd_per_mtok() != s.api.cache_write_premium_usd_per_mtok
            || p.output_usd_per_mtok != s.api.output_usd_per_mtok
    });
    PriceProvenance {
        api_price_id: s.api.price_id.clone(),
        api_checked_date: api.map(|p| p.checked_date.clone()),
        api_source: api.map(|p| p.source.clone()).unwrap_or_default(),
        api_overridden,
        gpu_price_id: s.self_host.gpu_price_id.clone(),
        gpu_checked_date: gpu.map(|p| p.checked_date.clone()),
        gpu_source: gpu.map(|p| p.source.clone()).unwrap_or_default(),
        gpu_overridden: gpu.is_none_or(|p| p.usd_per_gpu_hour != s.self_host.gpu_usd_per_hour),
    }
}

impl ApiCost {
    /// The itemized monthly bill, in order: each line's label and its contribution to
    /// `total_usd_per_month` (batch savings negative). The one list the page's cost table,
    /// the exports and the CLI print.
    pub fn items(&self) -> [(&'static str, f64); 7] {
        [
            ("Input tokens", self.input_usd),
            ("Cached input", self.cached_input_usd),
            ("Cache writes", self.cache_write_usd),
            ("Output tokens", self.output_usd),
            ("Extra calls", self.extra_calls_usd),
            ("Retries", self.retries_usd),
            ("Batch savings", self.batch_savings_usd),
        ]
    }
}

impl SelfHostReport {
    /// The itemized monthly cost, in order: each line's label and its share of
    /// `total_usd_per_month`. The one list the page's cost table, the exports and the CLI
    /// print.
    pub fn cost_items(&self) -> [(&'static str, f64); 6] {
        [
            ("GPU hours", self.gpu_usd),
            ("Spare replicas", self.redundancy_usd),
            ("Engineering", self.engineering_usd),
            ("Observability", self.observability_usd),
            ("Storage", self.storage_usd),
            ("Egress", self.egress_usd),
        ]
    }
}

/// The verdict: which deployment was compared, and how it came out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The self-hosted model's name (its id when it has none).
    pub model: String,
    /// GPUs per replica.
    pub gpus_per_replica: u32,
    /// The GPU's name (its id when it has none).
    pub gpu: String,
    /// The comparison's outcome.
    pub outcome: Outcome,
}

/// How the comparison came out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    /// The deployment cannot serve the workload; the API is the only cost.
    Infeasible {
        /// Why (the physics' reason).
        reason: String,
        /// The API's monthly cost.
        api_usd_per_month: f64,
    },
    /// Both costs exist.
    Compared {
        /// User requests per month.
        requests_per_month: f64,
        /// API minus self-hosted cost, USD per month (positive: self-hosting saves).
        savings_usd_per_month: f64,
        /// Where self-hosting starts to stay cheaper.
        break_even: BreakEven,
    },
}

/// Something the reader should know about the self-hosted estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Warning {
    /// A request is longer than the model's context window.
    ContextExceedsModel {
        /// Mean input tokens per call.
        input_tokens: f64,
        /// Mean output tokens per call.
        output_tokens: f64,
        /// The model's context window, tokens.
        max_context_tokens: u32,
    },
    /// Not even one request at a time meets the latency targets; capacity is taken at
    /// concurrency 1.
    LatencyTargetsUnreachable {
        /// Time to first token at concurrency 1, seconds.
        ttft_at_one_s: f64,
        /// Time per output token at concurrency 1, seconds.
        tpot_at_one_s: f64,
        /// The TTFT target, seconds.
        ttft_target_s: f64,
        /// The TPOT target, seconds.
        tpot_target_s: f64,
    },
    /// The peak load exceeds the fleet's capacity: the queue grows without bound.
    PeakExceedsCapacity,
    /// Queueing keeps the p95 TTFT at the peak above the target whatever the replica count.
    QueueMissesTtftTarget {
        /// p95 time to first token at the peak, seconds.
        p95_ttft_s: f64,
        /// The TTFT target, seconds.
        ttft_target_s: f64,
    },
    /// More replicas than the utilization target needs, to keep the p95 TTFT under target.
    ReplicasAddedForQueueing {
        /// Serving replicas at the peak.
        replicas: f64,
        /// Replicas the utilization target alone needs.
        base_replicas: f64,
        /// The target utilization, 0..1.
        target_utilization: f64,
        /// The TTFT target, seconds.
        ttft_target_s: f64,
        /// The resulting utilization at the peak, 0..1.
        effective_utilization: f64,
    },
    /// The GPU price is per GPU but the offering rents whole multi-GPU instances.
    WholeInstances {
        /// The price's provider.
        provider: String,
        /// The offering.
        offering: String,
        /// GPUs per rented instance.
        gpus_per_instance: u32,
        /// GPUs needed at the peak.
        gpus_at_peak: u32,
        /// GPUs paid for in whole instances.
        gpus_billed: u32,
    },
}

/// Everything `evaluate` computes. All numbers are finite.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Fields of the input that were invalid and reset to their defaults.
    pub issues: Vec<SanitizeIssue>,
    /// Things the reader should know about the self-hosted estimate
    /// (`words::warning` says each in words).
    pub warnings: Vec<Warning>,
    /// User requests per month.
    pub requests_per_month: f64,
    /// Model calls per user request with the API (extra calls and retries included).
    pub api_calls_per_request: f64,
    /// Model calls per user request self-hosted.
    pub self_host_calls_per_request: f64,
    /// Peak-to-average ratio of the daily profile.
    pub peak_to_average: f64,
    /// The API's cost.
    pub api: ApiCost,
    /// The self-hosted deployment and its cost.
    pub self_host: SelfHostReport,
    /// API cost minus self-hosted cost, USD per month (positive: self-hosting saves); 0
    /// when self-hosting is infeasible.
    pub savings_usd_per_month: f64,
    /// The verdict's facts (`words::verdict` says it in one line).
    pub verdict: Verdict,
    /// Break-even: the first volume after which self-hosting stays cheaper.
    pub break_even: BreakEven,
    /// The break-even volume, requests per month, if any.
    pub break_even_requests_per_month: Option<f64>,
    /// Share of one replica's capacity (at the targets) that must be busy for its GPU cost
    /// to equal what the API charges for the same requests (can exceed 1: never).
    pub break_even_utilization: Option<f64>,
    /// Per-user cost and margin.
    pub per_user: PerUser,
    /// Hybrid plan.
    pub hybrid: HybridReport,
    /// Chart curves.
    pub curves: Curves,
    /// Sensitivity of the savings, largest swing first.
    pub sensitivity: Vec<SensitivityRow>,
    /// Low/high band from the engine-efficiency uncertainty.
    pub efficiency_band: EfficiencyBand,
    /// Where the prices come from (for the "checked on" notes and staleness warnings).
    pub prices: PriceProvenance,
}

// ---------------------------------------------------------------------------------------
// Physics adapter
// ---------------------------------------------------------------------------------------

/// One replica's capacity at the latency targets, from the physics.
#[derive(Debug, Clone)]
struct Capacity {
    feasible: bool,
    reason: String,
    curve: PerfCurve,
    point: Option<PerfPoint>,
    meets_targets: bool,
    max_concurrency: u32,
}

impl Capacity {
    fn requests_per_s(&self) -> f64 {
        self.point
            .as_ref()
            .map_or(0.0, |p| finite_or_zero(p.requests_per_s))
    }

    fn slots(&self) -> u32 {
        self.point.as_ref().map_or(0, |p| p.concurrency.max(1))
    }
}

/// Resolved model and GPU of a scenario.
struct Hardware {
    arch: Architecture,
    gpu: GpuSpec,
    model_name: String,
    gpu_name: String,
}

fn hardware(s: &Scenario) -> Result<Hardware, String> {
    let sh = &s.self_host;
    let (arch, model_name) = match &sh.custom_model {
        Some(a) => (a.clone(), "custom model".to_string()),
        None => match catalog::find_model(&sh.model_id) {
            Some(m) => (m.arch.clone(), m.name.to_string()),
            None => return Err(format!("unknown model id \"{}\"", sh.model_id)),
        },
    };
    let (gpu, gpu_name) = match &sh.custom_gpu {
        Some(g) => (g.clone(), "custom GPU".to_string()),
        None => match catalog::find_gpu(&sh.gpu_id) {
            Some(g) => (g.spec.clone(), g.name.to_string()),
            None => return Err(format!("unknown GPU id \"{}\"", sh.gpu_id)),
        },
    };
    Ok(Hardware {
        arch,
        gpu,
        model_name,
        gpu_name,
    })
}

fn deployment(s: &Scenario, hw: &Hardware, efficiency_scale: f64) -> Deployment {
    let sh = &s.self_host;
    Deployment {
        arch: hw.arch.clone(),
        gpu: hw.gpu.clone(),
        gpus_per_replica: sh.gpus_per_replica.max(1),
        weight_precision: sh.weight_precision,
        kv_precision: sh.kv_precision,
        engine: sh.engine,
        efficiency_scale,
        measured_output_tokens_per_s: sh.measured_output_tokens_per_s,
    }
}

fn request_shape(s: &Scenario) -> RequestShape {
    RequestShape {
        input_tokens: s.workload.input_tokens,
        output_tokens: s.workload.output_tokens,
        cached_input_share: s.workload.cached_input_share,
    }
}

fn capacity(s: &Scenario, hw: &Hardware, efficiency_scale: f64) -> Capacity {
    let d = deployment(s, hw, efficiency_scale);
    let curve = perf::curve(&d, &request_shape(s));
    capacity_from_curve(s, curve)
}

fn capacity_from_curve(s: &Scenario, curve: PerfCurve) -> Capacity {
    let max_concurrency = curve.max_concurrency;
    // Below one request in ~30 years a replica is not a capacity (and 1/x would overflow).
    let usable = |p: &PerfPoint| p.requests_per_s.is_finite() && p.requests_per_s > 1e-9;
    if max_concurrency == 0 || !curve.points.iter().any(usable) {
        return Capacity {
            feasible: false,
            reason: "the model's weights do not fit in the replica's GPU memory with room for \
                     one sequence"
                .to_string(),
            curve,
            point: None,
            meets_targets: false,
            max_concurrency,
        };
    }
    let best = perf::best_under_targets(&curve, s.workload.ttft_target_s, s.workload.tpot_target_s)
        .filter(usable);
    let (point, meets) = match best {
        Some(p) => (Some(p), true),
        None => (curve.points.iter().find(|p| usable(p)).copied(), false),
    };
    Capacity {
        feasible: point.is_some(),
        reason: String::new(),
        curve,
        point,
        meets_targets: meets,
        max_concurrency,
    }
}

/// Linear interpolation of a curve quantity at a (fractional) concurrency.
fn interp(curve: &PerfCurve, conc: f64, f: fn(&PerfPoint) -> f64) -> f64 {
    let pts = &curve.points;
    let Some(first) = pts.first() else {
        return 0.0;
    };
    if conc <= f64::from(first.concurrency) {
        return finite_or_zero(f(first));
    }
    for w in pts.windows(2) {
        if let [a, b] = w {
            let (ca, cb) = (f64::from(a.concurrency), f64::from(b.concurrency));
            if conc <= cb && cb > ca {
                let t = (conc - ca) / (cb - ca);
                return finite_or_zero(f(a) + t * (f(b) - f(a)));
            }
        }
    }
    pts.last().map_or(0.0, |p| finite_or_zero(f(p)))
}

// ---------------------------------------------------------------------------------------
// Economics core
// ---------------------------------------------------------------------------------------

fn api_calls_per_request(s: &Scenario) -> f64 {
    (1.0 + s.workload.extra_calls_per_request) * (1.0 + s.api.retry_rate)
}

fn self_calls_per_request(s: &Scenario) -> f64 {
    (1.0 + s.workload.extra_calls_per_request) * (1.0 + s.workload.retry_rate)
}

/// USD of one API call at list price (no batch discount).
/// Share of input tokens billed as cache writes: a token read from the cache is not
/// written to it, so the write share is at most `1 - cached_input_share`.
fn cache_write_share(s: &Scenario) -> f64 {
    let w = &s.workload;
    finite_or_zero(w.cache_write_share.min(1.0 - w.cached_input_share)).max(0.0)
}

fn api_usd_per_call(s: &Scenario) -> f64 {
    let w = &s.workload;
    let a = &s.api;
    let input = w.input_tokens;
    (input * (1.0 - w.cached_input_share) * a.input_usd_per_mtok
        + input * w.cached_input_share * a.cached_input_usd_per_mtok
        + input * cache_write_share(s) * a.cache_write_premium_usd_per_mtok
        + w.output_tokens * a.output_usd_per_mtok)
        / 1e6
}

fn batch_factor(s: &Scenario) -> f64 {
    1.0 - s.api.batch_share * s.api.batch_discount
}

/// API cost per user request, USD (linear in volume).
fn api_usd_per_request(s: &Scenario) -> f64 {
    finite_or_zero(api_usd_per_call(s) * api_calls_per_request(s) * batch_factor(s))
}

fn mtok_per_request(s: &Scenario) -> f64 {
    (s.workload.input_tokens + s.workload.output_tokens) / 1e6
}

fn api_cost(s: &Scenario, v: f64) -> ApiCost {
    let w = &s.workload;
    let a = &s.api;
    let call = api_usd_per_call(s);
    let input = w.input_tokens;
    let input_usd = v * input * (1.0 - w.cached_input_share) * a.input_usd_per_mtok / 1e6;
    let cached_input_usd = v * input * w.cached_input_share * a.cached_input_usd_per_mtok / 1e6;
    let cache_write_usd =
        v * input * cache_write_share(s) * a.cache_write_premium_usd_per_mtok / 1e6;
    let output_usd = v * w.output_tokens * a.output_usd_per_mtok / 1e6;
    let extra_calls_usd = v * w.extra_calls_per_request * call;
    let retries_usd = v * (1.0 + w.extra_calls_per_request) * a.retry_rate * call;
    let list =
        input_usd + cached_input_usd + cache_write_usd + output_usd + extra_calls_usd + retries_usd;
    let batch_savings_usd = -list * a.batch_share * a.batch_discount;
    let total = list + batch_savings_usd;
    ApiCost {
        input_usd: finite_or_zero(input_usd),
        cached_input_usd: finite_or_zero(cached_input_usd),
        cache_write_usd: finite_or_zero(cache_write_usd),
        output_usd: finite_or_zero(output_usd),
        extra_calls_usd: finite_or_zero(extra_calls_usd),
        retries_usd: finite_or_zero(retries_usd),
        batch_savings_usd: finite_or_zero(batch_savings_usd),
        total_usd_per_month: finite_or_zero(total),
        usd_per_request: if v > 0.0 {
            finite_or_zero(total / v)
        } else {
            api_usd_per_request(s)
        },
        usd_per_mtok: per_mtok(s, total, v),
    }
}

fn per_mtok(s: &Scenario, total: f64, v: f64) -> f64 {
    let m = v * mtok_per_request(s);
    if m > 0.0 {
        finite_or_zero(total / m)
    } else {
        0.0
    }
}

/// Peak-hour fleet sizing against the TTFT target (see [`queue_sizing`]).
#[derive(Debug, Clone, Copy)]
struct QueueSizing {
    /// Utilization used for the staircase: the target utilization, or lower when the queue
    /// at the peak needs more replicas.
    utilization: f64,
    /// Serving replicas at the peak from the target utilization alone.
    base_replicas: f64,
    /// Serving replicas at the peak after the queue check.
    replicas: f64,
    /// Whether the p95 TTFT at the peak meets the target with `replicas`.
    meets_ttft: bool,
}

/// Most doublings of the replica count tried by [`queue_sizing`] (x4096).
const QUEUE_SEARCH_DOUBLINGS: u32 = 12;

/// p95 TTFT at the peak with `n` serving replicas: the M/M/c p95 wait (c = n x slots,
/// service time slots / capacity) plus the TTFT at the busy concurrency.
fn p95_ttft_at(cap: &Capacity, peak_calls: f64, n: f64) -> (f64, QueueStats, f64) {
    let cap_rps = cap.requests_per_s();
    let slots = cap.slots();
    let service_time_s = if cap_rps > 0.0 {
        f64::from(slots) / cap_rps
    } else {
        0.0
    };
    let servers = (n.clamped(0.0, 1e9) as u64).saturating_mul(u64::from(slots));
    let queue = crate::fleet::mmc_queue(peak_calls, service_time_s, servers);
    let util = if n * cap_rps > 0.0 {
        peak_calls / (n * cap_rps)
    } else {
        0.0
    };
    let busy = (util.min(1.0) * f64::from(slots)).max(1.0);
    let ttft = interp(&cap.curve, busy, |p| p.ttft_s);
    (finite_or_zero(queue.p95_wait_s + ttft), queue, busy)
}

/// Sizes the peak fleet: the smallest replica count, at least the utilization-based one,
/// whose Erlang-C p95 TTFT at the peak meets the TTFT target (doubling, then bisection:
/// at most ~2 x 12 queue evaluations). The result is expressed as a lower utilization so
/// the fleet stays a staircase in the volume (`ceil(kappa V)` with kappa from that
/// utilization), sized at the scenario's own volume; the break-even is exact on that
/// staircase (docs/MODEL.md, "Queueing at the peak").
fn queue_sizing(s: &Scenario, cap: &Capacity) -> QueueSizing {
    let u0 = s.self_host.target_utilization;
    let cap_rps = cap.requests_per_s();
    let profile = LoadProfile::new(s.workload.daily_profile, s.workload.peak_to_average);
    let peak_calls = finite_or_zero(
        s.requests_per_month() * self_calls_per_request(s) / SECONDS_PER_MONTH
            * profile.peak_to_average(),
    );
    let floor = match s.self_host.billing {
        Billing::AlwaysOn => f64::from(s.self_host.min_replicas.max(1)),
        Billing::Autoscaled => f64::from(s.self_host.min_replicas),
    };
    let unchanged = |n: f64, met: bool| QueueSizing {
        utilization: u0,
        base_replicas: n,
        replicas: n,
        meets_ttft: met,
    };
    if !(cap_rps > 0.0 && u0 > 0.0 && peak_calls > 0.0) {
        return unchanged(floor, true);
    }
    let need = (peak_calls / (cap_rps * u0)).ceil();
    let n0 = if need.is_finite() { need } else { 1e15 }
        .max(floor)
        .max(1.0);
    let target = s.workload.ttft_target_s;
    let meets = |n: f64| p95_ttft_at(cap, peak_calls, n).0 <= target;
    if n0 >= 1e9 || meets(n0) {
        return unchanged(n0, n0 < 1e9);
    }
    // Even an idle slot misses the target: more replicas cannot help.
    if interp(&cap.curve, 1.0, |p| p.ttft_s) > target {
        return unchanged(n0, false);
    }
    let mut lo = n0;
    let mut hi = n0;
    let mut found = false;
    for _ in 0..QUEUE_SEARCH_DOUBLINGS {
        hi = (hi * 2.0).min(1e9);
        if meets(hi) {
            found = true;
            break;
        }
        lo = hi;
        if hi >= 1e9 {
            break;
        }
    }
    if !found {
        return unchanged(n0, false);
    }
    while hi - lo > 1.0 {
        let mid = ((lo + hi) / 2.0).floor();
        if meets(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    // ceil(kappa V) at the peak must give exactly `hi`: nudge the utilization up by 1e-9.
    let u = (peak_calls / (hi * cap_rps) * (1.0 + 1e-9)).min(u0);
    QueueSizing {
        utilization: finite_or_zero(u),
        base_replicas: n0,
        replicas: hi,
        meets_ttft: true,
    }
}

/// Everything volume-related about the self-hosted fleet, for one capacity.
struct FleetModel {
    staircase: Staircase,
    profile: LoadProfile,
    /// Usable calls per second per replica (capacity x target utilization).
    usable_calls_per_s: f64,
    /// USD per replica-hour.
    usd_per_replica_hour: f64,
    /// Monthly hours of each staircase segment.
    segment_hours: Vec<f64>,
    /// Peak sizing against the TTFT target.
    sizing: QueueSizing,
}

fn fleet_model(s: &Scenario, cap: &Capacity) -> FleetModel {
    fleet_model_sized(s, cap, queue_sizing(s, cap))
}

/// [`fleet_model`] with a queue sizing computed already (for the same volume, traffic
/// shape, utilization and capacity).
fn fleet_model_sized(s: &Scenario, cap: &Capacity, sizing: QueueSizing) -> FleetModel {
    let sh = &s.self_host;
    let profile = LoadProfile::new(s.workload.daily_profile, s.workload.peak_to_average);
    let usable = cap.requests_per_s() * sizing.utilization;
    let usd_per_replica_hour = f64::from(sh.gpus_per_replica.max(1)) * sh.gpu_usd_per_hour;
    let calls = self_calls_per_request(s);
    let kappa = |level: f64| {
        if usable > 0.0 {
            finite_or_zero(calls * level / SECONDS_PER_MONTH / usable)
        } else {
            0.0
        }
    };
    let k = f64::from(sh.redundancy_replicas);
    let (segments, segment_hours): (Vec<StepSegment>, Vec<f64>) = match sh.billing {
        Billing::AlwaysOn => (
            vec![StepSegment {
                usd_per_replica: usd_per_replica_hour * HOURS_PER_MONTH,
                replicas_per_request: kappa(profile.peak_to_average()),
                min_replicas: f64::from(sh.min_replicas.max(1)),
                extra_replicas: k,
            }],
            vec![HOURS_PER_MONTH],
        ),
        Billing::Autoscaled => profile
            .segments()
            .map(|(hours_per_day, level)| {
                let hours = hours_per_day * DAYS_PER_MONTH;
                (
                    StepSegment {
                        usd_per_replica: usd_per_replica_hour * hours,
                        replicas_per_request: kappa(level),
                        min_replicas: f64::from(sh.min_replicas),
                        extra_replicas: k,
                    },
                    hours,
                )
            })
            .unzip(),
    };
    let fixed =
        sh.engineering_usd_per_month + sh.observability_usd_per_month + sh.storage_usd_per_month;
    let egress = sh.bytes_per_response / 1e9 * sh.egress_usd_per_gb;
    FleetModel {
        staircase: Staircase {
            fixed_usd: finite_or_zero(fixed),
            usd_per_request: finite_or_zero(egress),
            segments,
        },
        profile,
        usable_calls_per_s: finite_or_zero(usable),
        usd_per_replica_hour: finite_or_zero(usd_per_replica_hour),
        segment_hours,
        sizing,
    }
}

impl FleetModel {
    fn hybrid_inputs(&self, s: &Scenario, api_per_request: f64) -> HybridInputs {
        let calls = self_calls_per_request(s);
        let segments = self
            .profile
            .segments()
            .map(|(hours_per_day, level)| HybridSegment {
                request_share: level * hours_per_day / 24.0,
                requests_per_replica: finite_or_zero(
                    self.usable_calls_per_s * 3600.0 * hours_per_day * DAYS_PER_MONTH / calls,
                ),
            })
            .collect();
        HybridInputs {
            segments,
            usd_per_replica: self.usd_per_replica_hour * HOURS_PER_MONTH,
            fixed_usd: self.staircase.fixed_usd,
            self_usd_per_request: self.staircase.usd_per_request,
            api_usd_per_request: api_per_request,
        }
    }
}

/// The scalar results for one (scenario, capacity): what sensitivity and bands need.
struct Quick {
    feasible: bool,
    api_usd: f64,
    self_usd: f64,
    break_even: BreakEven,
}

fn quick(s: &Scenario, cap: &Capacity) -> Quick {
    quick_sized(s, cap, None)
}

/// [`quick`], reusing a queue sizing when the move leaves it unchanged.
fn quick_sized(s: &Scenario, cap: &Capacity, sizing: Option<QueueSizing>) -> Quick {
    let v = s.requests_per_month();
    let a = api_usd_per_request(s);
    if !cap.feasible {
        return Quick {
            feasible: false,
            api_usd: finite_or_zero(a * v),
            self_usd: 0.0,
            break_even: BreakEven::Never,
        };
    }
    let fm = match sizing {
        Some(z) => fleet_model_sized(s, cap, z),
        None => fleet_model(s, cap),
    };
    Quick {
        feasible: true,
        api_usd: finite_or_zero(a * v),
        self_usd: finite_or_zero(fm.staircase.cost_usd(v)),
        break_even: fm.staircase.break_even(a),
    }
}

// ---------------------------------------------------------------------------------------
// evaluate
// ---------------------------------------------------------------------------------------

/// Evaluates a scenario. Never panics; invalid fields are reset to their defaults and listed
/// in `Report::issues`.
pub fn evaluate(scenario: &Scenario) -> Report {
    let mut s = scenario.clone();
    let issues = s.sanitize();
    let mut warnings = Vec::new();
    let v = s.requests_per_month();
    let a = api_usd_per_request(&s);
    let api = api_cost(&s, v);
    let profile = LoadProfile::new(s.workload.daily_profile, s.workload.peak_to_average);

    let hw = hardware(&s);
    let (cap, hw) = match hw {
        Ok(hw) => (capacity(&s, &hw, 1.0), Some(hw)),
        Err(e) => (
            Capacity {
                feasible: false,
                reason: e,
                curve: PerfCurve {
                    points: Vec::new(),
                    max_concurrency: 0,
                },
                point: None,
                meets_targets: false,
                max_concurrency: 0,
            },
            None,
        ),
    };

    let fm = fleet_model(&s, &cap);
    let self_host = self_host_report(&s, hw.as_ref(), &cap, &fm, v, &mut warnings);
    let feasible = self_host.feasible;
    let break_even = if feasible {
        fm.staircase.break_even(a)
    } else {
        BreakEven::Never
    };
    let savings = if feasible {
        finite_or_zero(api.total_usd_per_month - self_host.total_usd_per_month)
    } else {
        0.0
    };
    let break_even_utilization = if feasible {
        let calls = self_calls_per_request(&s);
        let full_requests = cap.requests_per_s() * SECONDS_PER_MONTH / calls;
        let net = a - fm.staircase.usd_per_request;
        let g = fm.usd_per_replica_hour * HOURS_PER_MONTH;
        (net > 0.0 && full_requests > 0.0).then(|| finite_or_zero(g / (net * full_requests)))
    } else {
        None
    };

    let hybrid = if feasible {
        let plan = fm.hybrid_inputs(&s, a).best_plan(v);
        HybridReport {
            plan,
            savings_vs_api_usd: finite_or_zero(api.total_usd_per_month - plan.total_usd).max(0.0),
            savings_vs_self_host_usd: finite_or_zero(
                self_host.total_usd_per_month - plan.total_usd,
            ),
        }
    } else {
        HybridReport {
            plan: HybridPlan {
                replicas: 0,
                self_hosted_requests: 0.0,
                api_requests: v,
                self_hosted_usd: 0.0,
                api_usd: api.total_usd_per_month,
                total_usd: api.total_usd_per_month,
            },
            savings_vs_api_usd: 0.0,
            savings_vs_self_host_usd: 0.0,
        }
    };

    let curves = curves(&s, &fm, feasible, a, v, break_even.volume());
    let (sensitivity, efficiency_band) = match (&hw, feasible) {
        (Some(hw), true) => sensitivity_and_band(&s, hw, &cap, fm.sizing, savings),
        _ => (Vec::new(), empty_band()),
    };

    let users = s.workload.users;
    let seat = s.workload.price_per_seat_usd_per_month;
    let per = |total: f64| {
        if users > 0.0 {
            finite_or_zero(total / users)
        } else {
            0.0
        }
    };
    // Below a seat price of about 1e-305 the ratio overflows to -inf; the most negative
    // finite margin keeps its meaning (hopelessly below cost) where 0 would read as
    // break-even.
    let margin = |cost_per_user: f64| {
        let m = (seat - cost_per_user) / seat;
        if seat <= 0.0 {
            0.0
        } else if m == f64::NEG_INFINITY {
            f64::MIN
        } else {
            finite_or_zero(m)
        }
    };
    let api_pu = per(api.total_usd_per_month);
    let self_pu = if feasible {
        per(self_host.total_usd_per_month)
    } else {
        0.0
    };
    let per_user = PerUser {
        users,
        price_per_seat_usd_per_month: seat,
        api_usd_per_user: api_pu,
        self_host_usd_per_user: self_pu,
        api_margin: margin(api_pu),
        self_host_margin: if feasible { margin(self_pu) } else { 0.0 },
    };

    let verdict = verdict(&s, &self_host, &api, savings, break_even, v);
    Report {
        issues,
        warnings,
        requests_per_month: v,
        api_calls_per_request: api_calls_per_request(&s),
        self_host_calls_per_request: self_calls_per_request(&s),
        peak_to_average: profile.peak_to_average(),
        api,
        self_host,
        savings_usd_per_month: savings,
        verdict,
        break_even,
        break_even_requests_per_month: break_even.volume(),
        break_even_utilization,
        per_user,
        hybrid,
        curves,
        sensitivity,
        efficiency_band,
        prices: provenance(&s),
    }
}

fn infeasible_report(
    reason: String,
    hw: Option<&Hardware>,
    memory: Option<MemoryBreakdown>,
) -> SelfHostReport {
    SelfHostReport {
        feasible: false,
        infeasible_reason: reason,
        model_name: hw.map(|h| h.model_name.clone()).unwrap_or_default(),
        gpu_name: hw.map(|h| h.gpu_name.clone()).unwrap_or_default(),
        memory,
        max_concurrent_sequences: 0,
        curve: Vec::new(),
        operating_point: None,
        meets_latency_targets: false,
        capacity_requests_per_s: 0.0,
        capacity_output_tokens_per_s: 0.0,
        average_calls_per_s: 0.0,
        peak_calls_per_s: 0.0,
        replicas_at_peak: 0,
        redundancy_replicas: 0,
        replicas_total: 0,
        gpus_at_peak: 0,
        replica_hours_per_month: 0.0,
        gpu_hours_per_month: 0.0,
        average_utilization: 0.0,
        peak_utilization: 0.0,
        queue_at_peak: QueueStats {
            utilization: 0.0,
            wait_probability: 0.0,
            mean_wait_s: 0.0,
            p95_wait_s: 0.0,
            stable: true,
        },
        ttft_at_peak_s: 0.0,
        p95_ttft_at_peak_s: 0.0,
        tpot_at_peak_s: 0.0,
        gpu_usd: 0.0,
        redundancy_usd: 0.0,
        engineering_usd: 0.0,
        observability_usd: 0.0,
        storage_usd: 0.0,
        egress_usd: 0.0,
        total_usd_per_month: 0.0,
        usd_per_request: 0.0,
        usd_per_mtok: 0.0,
    }
}

/// A count of replicas or GPUs as a whole number; a non-finite count (no capacity at all)
/// reads as `u32::MAX`, never as 0.
fn count_u32(x: f64) -> u32 {
    if x.is_finite() {
        x.round().clamped(0.0, f64::from(u32::MAX)) as u32
    } else {
        u32::MAX
    }
}

fn self_host_report(
    s: &Scenario,
    hw: Option<&Hardware>,
    cap: &Capacity,
    fm: &FleetModel,
    v: f64,
    warnings: &mut Vec<Warning>,
) -> SelfHostReport {
    let Some(hwr) = hw else {
        return infeasible_report(cap.reason.clone(), None, None);
    };
    let context = s.workload.input_tokens + s.workload.output_tokens;
    if !cap.feasible {
        let d = deployment(s, hwr, 1.0);
        let mem = memory::memory_per_gpu(&d, context, 0);
        return infeasible_report(cap.reason.clone(), hw, Some(mem));
    }
    let sh = &s.self_host;
    let st = &fm.staircase;
    let max_ctx = f64::from(hwr.arch.max_context_tokens);
    if max_ctx > 0.0 && context > max_ctx {
        warnings.push(Warning::ContextExceedsModel {
            input_tokens: s.workload.input_tokens,
            output_tokens: s.workload.output_tokens,
            max_context_tokens: hwr.arch.max_context_tokens,
        });
    }
    let calls = self_calls_per_request(s);
    let avg_calls = finite_or_zero(v * calls / SECONDS_PER_MONTH);
    let peak_level = fm.profile.peak_to_average();
    let peak_calls = avg_calls * peak_level;

    // Replicas and billed hours.
    let mut serving_usd = 0.0;
    let mut redundancy_usd = 0.0;
    let mut replica_hours = 0.0;
    let mut serving_at_peak = 0.0f64;
    for (seg, hours) in st.segments.iter().zip(&fm.segment_hours) {
        let n = seg.serving_replicas(v);
        serving_usd += seg.usd_per_replica * n;
        redundancy_usd += seg.usd_per_replica * seg.extra_replicas;
        replica_hours += (n + seg.extra_replicas) * hours;
        serving_at_peak = serving_at_peak.max(n);
    }
    let cap_rps = cap.requests_per_s();
    let slots = cap.slots();
    let total_capacity_calls = replica_hours * 3600.0 * cap_rps;
    let average_utilization = if total_capacity_calls > 0.0 {
        finite_or_zero(v * calls / total_capacity_calls)
    } else {
        0.0
    };
    let peak_capacity = serving_at_peak * cap_rps;
    let peak_utilization = if peak_capacity > 0.0 {
        finite_or_zero(peak_calls / peak_capacity)
    } else {
        0.0
    };

    // Queueing at the peak: c = serving replicas x slots, service time by Little's law.
    let (p95_ttft, queue, busy_slots) = p95_ttft_at(cap, peak_calls, serving_at_peak);
    let ttft_at_peak = interp(&cap.curve, busy_slots, |p| p.ttft_s);
    let tpot_at_peak = interp(&cap.curve, busy_slots, |p| p.tpot_s);

    let w = &s.workload;
    if !cap.meets_targets {
        let first = cap.curve.points.first();
        warnings.push(Warning::LatencyTargetsUnreachable {
            ttft_at_one_s: first.map_or(0.0, |p| p.ttft_s),
            tpot_at_one_s: first.map_or(0.0, |p| p.tpot_s),
            ttft_target_s: w.ttft_target_s,
            tpot_target_s: w.tpot_target_s,
        });
    }
    if !queue.stable {
        warnings.push(Warning::PeakExceedsCapacity);
    } else if p95_ttft > w.ttft_target_s && peak_calls > 0.0 {
        warnings.push(Warning::QueueMissesTtftTarget {
            p95_ttft_s: p95_ttft,
            ttft_target_s: w.ttft_target_s,
        });
    }
    if fm.sizing.replicas > fm.sizing.base_replicas && fm.sizing.meets_ttft {
        warnings.push(Warning::ReplicasAddedForQueueing {
            replicas: fm.sizing.replicas,
            base_replicas: fm.sizing.base_replicas,
            target_utilization: sh.target_utilization,
            ttft_target_s: w.ttft_target_s,
            effective_utilization: fm.sizing.utilization,
        });
    }

    let gpus_at_peak = count_u32(serving_at_peak)
        .saturating_add(sh.redundancy_replicas)
        .saturating_mul(sh.gpus_per_replica.max(1));
    if let Some(p) = crate::prices::find_gpu_price(&sh.gpu_price_id)
        .filter(|p| sh.custom_gpu.is_none() && p.gpu_id.eq_ignore_ascii_case(sh.gpu_id.trim()))
    {
        if p.gpus_per_instance > 1 && gpus_at_peak % p.gpus_per_instance != 0 {
            warnings.push(Warning::WholeInstances {
                provider: p.provider.clone(),
                offering: p.offering.clone(),
                gpus_per_instance: p.gpus_per_instance,
                gpus_at_peak,
                gpus_billed: gpus_at_peak.div_ceil(p.gpus_per_instance) * p.gpus_per_instance,
            });
        }
    }

    let egress_usd = st.usd_per_request * v;
    let total = st.cost_usd(v);
    let d = deployment(s, hwr, 1.0);
    let memory = memory::memory_per_gpu(&d, context, slots);
    let point = cap.point;
    SelfHostReport {
        feasible: true,
        infeasible_reason: String::new(),
        model_name: hwr.model_name.clone(),
        gpu_name: hwr.gpu_name.clone(),
        memory: Some(memory),
        max_concurrent_sequences: cap.max_concurrency,
        curve: cap.curve.points.clone(),
        capacity_output_tokens_per_s: point
            .as_ref()
            .map_or(0.0, |p| finite_or_zero(p.output_tokens_per_s_total)),
        operating_point: point,
        meets_latency_targets: cap.meets_targets,
        capacity_requests_per_s: cap_rps,
        average_calls_per_s: avg_calls,
        peak_calls_per_s: finite_or_zero(peak_calls),
        replicas_at_peak: count_u32(serving_at_peak),
        redundancy_replicas: sh.redundancy_replicas,
        replicas_total: count_u32(serving_at_peak).saturating_add(sh.redundancy_replicas),
        gpus_at_peak,
        replica_hours_per_month: finite_or_zero(replica_hours),
        gpu_hours_per_month: finite_or_zero(replica_hours * f64::from(sh.gpus_per_replica.max(1))),
        average_utilization,
        peak_utilization,
        queue_at_peak: queue,
        ttft_at_peak_s: ttft_at_peak,
        p95_ttft_at_peak_s: p95_ttft,
        tpot_at_peak_s: tpot_at_peak,
        gpu_usd: finite_or_zero(serving_usd),
        redundancy_usd: finite_or_zero(redundancy_usd),
        engineering_usd: sh.engineering_usd_per_month,
        observability_usd: sh.observability_usd_per_month,
        storage_usd: sh.storage_usd_per_month,
        egress_usd: finite_or_zero(egress_usd),
        total_usd_per_month: finite_or_zero(total),
        usd_per_request: if v > 0.0 {
            finite_or_zero(total / v)
        } else {
            0.0
        },
        usd_per_mtok: per_mtok(s, total, v),
    }
}

fn curves(
    s: &Scenario,
    fm: &FleetModel,
    feasible: bool,
    a: f64,
    v: f64,
    break_even: Option<f64>,
) -> Curves {
    const POINTS: usize = 49;
    let mut lo = if v > 0.0 { v } else { 1.0e6 };
    let mut hi = lo;
    if let Some(b) = break_even.filter(|b| *b > 0.0) {
        lo = lo.min(b);
        hi = hi.max(b);
    }
    let lo = (lo / 10.0).clamped(100.0, 1.0e11);
    let hi = (hi * 10.0).clamped(lo * 10.0, 1.0e12);
    let ratio = (hi / lo).ln() / (POINTS - 1) as f64;
    let volumes: Vec<f64> = (0..POINTS)
        .map(|i| finite_or_zero(lo * (ratio * i as f64).exp()))
        .collect();
    let api_usd = volumes.iter().map(|x| finite_or_zero(a * x)).collect();
    if !feasible {
        return Curves {
            volumes,
            api_usd,
            self_host_usd: Vec::new(),
            hybrid_usd: Vec::new(),
            self_host_steps: Vec::new(),
            steps_exact: false,
        };
    }
    let st = &fm.staircase;
    let self_host_usd: Vec<f64> = volumes
        .iter()
        .map(|x| finite_or_zero(st.cost_usd(*x)))
        .collect();
    let hi_inputs = fm.hybrid_inputs(s, a);
    let hybrid_usd = volumes
        .iter()
        .map(|x| finite_or_zero(hi_inputs.best_plan(*x).total_usd))
        .collect();
    let (self_host_steps, steps_exact) = match st.polyline(lo, hi, 400) {
        Some(p) => (p, true),
        None => (
            volumes
                .iter()
                .zip(&self_host_usd)
                .map(|(x, y)| CurvePoint {
                    requests_per_month: *x,
                    usd: *y,
                })
                .collect(),
            false,
        ),
    };
    Curves {
        volumes,
        api_usd,
        self_host_usd,
        hybrid_usd,
        self_host_steps,
        steps_exact,
    }
}

fn empty_band() -> EfficiencyBand {
    EfficiencyBand {
        efficiency_low: 1.0,
        efficiency_high: 1.0,
        self_host_usd_low: 0.0,
        self_host_usd_high: 0.0,
        savings_low_usd: 0.0,
        savings_high_usd: 0.0,
        break_even_low: None,
        break_even_high: None,
    }
}

/// How a sensitivity input moves.
enum Move {
    /// Multiply a registry field by these factors.
    Scale(FieldId, f64, f64),
    /// Set a registry field to these values.
    Set(FieldId, f64, f64),
    /// Scale all four API prices.
    ApiPrice(f64, f64),
    /// Monthly volume scaled (in whichever volume mode).
    Volume(f64, f64),
    /// Peak-to-average ratio: flat vs 1.5x the current peak.
    Peak,
    /// Redundancy replicas: none vs one more.
    Redundancy,
    /// Engine efficiency: the band's low and high.
    Efficiency,
}

struct Input {
    label: &'static str,
    how: Move,
    /// Whether the physics must be re-run (the request shape or efficiency changes).
    physics: bool,
}

const INPUTS: [Input; 12] = [
    Input {
        label: "Requests per month (x0.5 / x2)",
        how: Move::Volume(0.5, 2.0),
        physics: false,
    },
    Input {
        label: "API prices (x0.5 / x2)",
        how: Move::ApiPrice(0.5, 2.0),
        physics: false,
    },
    Input {
        label: "GPU price per hour (x0.5 / x2)",
        how: Move::Scale(FieldId::GpuHourPrice, 0.5, 2.0),
        physics: false,
    },
    Input {
        label: "Input tokens (x0.5 / x2)",
        how: Move::Scale(FieldId::InputTokens, 0.5, 2.0),
        physics: true,
    },
    Input {
        label: "Output tokens (x0.5 / x2)",
        how: Move::Scale(FieldId::OutputTokens, 0.5, 2.0),
        physics: true,
    },
    Input {
        label: "Cached input share (0 / 0.9)",
        how: Move::Set(FieldId::CachedInputShare, 0.0, 0.9),
        physics: true,
    },
    Input {
        label: "Target utilization (0.5 / 0.85)",
        how: Move::Set(FieldId::TargetUtilization, 0.5, 0.85),
        physics: false,
    },
    Input {
        label: "TPOT target (x0.5 / x2)",
        how: Move::Scale(FieldId::TpotTarget, 0.5, 2.0),
        physics: false,
    },
    Input {
        label: "Engine efficiency (fit band)",
        how: Move::Efficiency,
        physics: true,
    },
    Input {
        label: "Engineering cost (x0.5 / x2)",
        how: Move::Scale(FieldId::Engineering, 0.5, 2.0),
        physics: false,
    },
    Input {
        label: "Redundancy replicas (0 / +1)",
        how: Move::Redundancy,
        physics: false,
    },
    Input {
        label: "Peak-to-average (flat / x1.5)",
        how: Move::Peak,
        physics: false,
    },
];

impl Input {
    /// The row's key: the registry's short key of the input it moves, or a name for moves
    /// that are not one field.
    fn key(&self) -> &'static str {
        let field = match self.how {
            Move::Scale(id, ..) | Move::Set(id, ..) => id,
            Move::Volume(..) => FieldId::RequestsPerMonth,
            Move::Redundancy => FieldId::RedundancyReplicas,
            Move::Peak => FieldId::PeakToAverage,
            Move::ApiPrice(..) => return "api-price",
            Move::Efficiency => return "eff",
        };
        crate::scenario::spec(field).key
    }
}

fn sensitivity_and_band(
    s: &Scenario,
    hw: &Hardware,
    cap: &Capacity,
    sizing: QueueSizing,
    base_savings: f64,
) -> (Vec<SensitivityRow>, EfficiencyBand) {
    let (eff_lo, eff_hi) = perf::efficiency_band(s.self_host.engine);
    let (eff_lo, eff_hi) = (
        finite_or_zero(eff_lo).max(0.01),
        finite_or_zero(eff_hi).max(0.01),
    );
    let mut band = empty_band();
    let mut rows = Vec::with_capacity(INPUTS.len());
    for input in &INPUTS {
        let mut vals = [0.0f64; 2];
        let mut sav = [0.0f64; 2];
        for (i, side) in [0usize, 1].into_iter().enumerate() {
            let mut t = s.clone();
            let mut eff = 1.0;
            let value = apply_move(&mut t, &input.how, side, (eff_lo, eff_hi), &mut eff);
            t.sanitize();
            let q = if input.physics {
                quick(&t, &capacity(&t, hw, eff))
            } else if matches!(input.how, Move::Scale(FieldId::TpotTarget, ..)) {
                quick(&t, &capacity_from_curve(&t, cap.curve.clone()))
            } else if matches!(
                input.how,
                Move::ApiPrice(..)
                    | Move::Redundancy
                    | Move::Scale(FieldId::GpuHourPrice | FieldId::Engineering, ..)
            ) {
                // Prices and redundancy leave the peak queue unchanged.
                quick_sized(&t, cap, Some(sizing))
            } else {
                quick(&t, cap)
            };
            vals[i] = finite_or_zero(value);
            // A move that makes self-hosting infeasible leaves nothing to save (as in the
            // report, where infeasible savings are 0).
            sav[i] = if q.feasible {
                finite_or_zero(q.api_usd - q.self_usd)
            } else {
                0.0
            };
            if matches!(input.how, Move::Efficiency) {
                if side == 0 {
                    band.efficiency_low = eff;
                    band.self_host_usd_high = q.self_usd;
                    band.savings_low_usd = sav[i];
                    band.break_even_high = q.break_even.volume();
                } else {
                    band.efficiency_high = eff;
                    band.self_host_usd_low = q.self_usd;
                    band.savings_high_usd = sav[i];
                    band.break_even_low = q.break_even.volume();
                }
            }
        }
        rows.push(SensitivityRow {
            key: input.key(),
            label: input.label,
            low_value: vals[0],
            high_value: vals[1],
            savings_low_usd: sav[0],
            savings_high_usd: sav[1],
            delta_low_usd: delta(sav[0], base_savings),
            delta_high_usd: delta(sav[1], base_savings),
        });
    }
    crate::sort::sort_by(&mut rows, |x, y| {
        let sx = x.delta_low_usd.abs().max(x.delta_high_usd.abs());
        let sy = y.delta_low_usd.abs().max(y.delta_high_usd.abs());
        sy.total_cmp(&sx)
    });
    (rows, band)
}

/// Change in savings, with float noise (below a billionth of the amounts) set to zero.
fn delta(moved: f64, base: f64) -> f64 {
    let d = finite_or_zero(moved - base);
    if d.abs() <= 1e-9 * moved.abs().max(base.abs()).max(1.0) {
        0.0
    } else {
        d
    }
}

/// Applies one side (0 = low, 1 = high) of a move; returns the input's value.
fn apply_move(t: &mut Scenario, how: &Move, side: usize, band: (f64, f64), eff: &mut f64) -> f64 {
    let pick = |lo: f64, hi: f64| if side == 0 { lo } else { hi };
    match *how {
        Move::Scale(id, lo, hi) => {
            let f = crate::scenario::spec(id);
            let v = f.get(t) * pick(lo, hi);
            let v = if f.integer { v.round() } else { v };
            let v = v.clamped(f.min, f.max);
            f.set(t, v);
            v
        }
        Move::Set(id, lo, hi) => {
            let f = crate::scenario::spec(id);
            let v = pick(lo, hi).clamped(f.min, f.max);
            f.set(t, v);
            v
        }
        Move::ApiPrice(lo, hi) => {
            let k = pick(lo, hi);
            let a = &mut t.api;
            a.input_usd_per_mtok = (a.input_usd_per_mtok * k).min(1000.0);
            a.cached_input_usd_per_mtok = (a.cached_input_usd_per_mtok * k).min(1000.0);
            a.cache_write_premium_usd_per_mtok =
                (a.cache_write_premium_usd_per_mtok * k).min(1000.0);
            a.output_usd_per_mtok = (a.output_usd_per_mtok * k).min(1000.0);
            k
        }
        Move::Volume(lo, hi) => {
            let v = (t.requests_per_month() * pick(lo, hi)).min(1.0e11);
            t.set_requests_per_month(v);
            v
        }
        Move::Peak => {
            let now = LoadProfile::new(t.workload.daily_profile, t.workload.peak_to_average)
                .peak_to_average();
            let p = if side == 0 {
                1.0
            } else {
                (now * 1.5).min(24.0)
            };
            t.workload.daily_profile = crate::fleet::DailyProfile::Custom;
            t.workload.peak_to_average = p;
            p
        }
        Move::Redundancy => {
            let k = &mut t.self_host.redundancy_replicas;
            *k = if side == 0 {
                0
            } else {
                k.saturating_add(1).min(1000)
            };
            f64::from(*k)
        }
        Move::Efficiency => {
            *eff = pick(band.0, band.1);
            *eff
        }
    }
}

fn verdict(
    s: &Scenario,
    sh: &SelfHostReport,
    api: &ApiCost,
    savings: f64,
    be: BreakEven,
    v: f64,
) -> Verdict {
    let or_id = |name: &str, id: &str| {
        if name.is_empty() {
            id.to_string()
        } else {
            name.to_string()
        }
    };
    Verdict {
        model: or_id(&sh.model_name, &s.self_host.model_id),
        gpus_per_replica: s.self_host.gpus_per_replica,
        gpu: or_id(&sh.gpu_name, &s.self_host.gpu_id),
        outcome: if sh.feasible {
            Outcome::Compared {
                requests_per_month: v,
                savings_usd_per_month: savings,
                break_even: be,
            }
        } else {
            Outcome::Infeasible {
                reason: sh.infeasible_reason.clone(),
                api_usd_per_month: api.total_usd_per_month,
            }
        },
    }
}

#[cfg(test)]
mod props;
