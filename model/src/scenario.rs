//! The scenario: every input of the calculator, with documented defaults and valid ranges.
//!
//! A [`Scenario`] is plain data (serde, `#[serde(default)]` at every level, so a partial JSON
//! object fills the rest from the defaults). Every number has a [`FieldSpec`] in
//! [`fields()`] giving its short key (for share links), unit, valid range, default and the
//! default's source; [`Scenario::sanitize`] resets each invalid field to its default on its
//! own and reports which ones it touched.
//!
//! The default scenario is a chat product serving Llama 3.3 70B (FP8 weights) on 2 x H100 SXM
//! with vLLM, compared with the median hosted offer of the same model.

use crate::catalog::{Architecture, GpuSpec, BYTES_PER_GIB};
use crate::fleet::{DailyProfile, DAYS_PER_MONTH};
use crate::float::Clamp;
use crate::input::{FieldId, Panel, Unit};
use crate::prices;
use crate::{Engine, KvPrecision, WeightPrecision};
use serde::{Deserialize, Serialize};

/// How the monthly volume is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VolumeMode {
    /// `workload.requests_per_month` directly.
    RequestsPerMonth,
    /// `workload.users x workload.requests_per_user_per_day x 365/12`.
    Users,
}

impl VolumeMode {
    /// Every mode, in display order.
    pub const ALL: [VolumeMode; 2] = [VolumeMode::RequestsPerMonth, VolumeMode::Users];

    /// Stable id, used by links, pickers, serde and the CLI.
    pub fn id(self) -> &'static str {
        match self {
            VolumeMode::RequestsPerMonth => "requests-per-month",
            VolumeMode::Users => "users",
        }
    }

    /// Reads an [`id`](Self::id) (exact).
    pub fn parse(s: &str) -> Option<VolumeMode> {
        VolumeMode::ALL.into_iter().find(|m| m.id() == s)
    }
}

/// How self-hosted GPU hours are billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Billing {
    /// The fleet sized for the peak runs (and is billed) every hour of the month.
    AlwaysOn,
    /// The fleet follows the daily profile hour by hour (never below `min_replicas`).
    Autoscaled,
}

impl Billing {
    /// Every billing mode, in display order.
    pub const ALL: [Billing; 2] = [Billing::AlwaysOn, Billing::Autoscaled];

    /// Stable id, used by links, pickers, serde and the CLI.
    pub fn id(self) -> &'static str {
        match self {
            Billing::AlwaysOn => "always-on",
            Billing::Autoscaled => "autoscaled",
        }
    }

    /// Reads an [`id`](Self::id) (exact).
    pub fn parse(s: &str) -> Option<Billing> {
        Billing::ALL.into_iter().find(|b| b.id() == s)
    }
}

/// What users send: volume, request shape, quality, traffic shape, latency targets, seats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Workload {
    /// Whether the volume is given as requests per month or as users.
    pub volume_mode: VolumeMode,
    /// User requests per month (with `VolumeMode::RequestsPerMonth`).
    pub requests_per_month: f64,
    /// Monthly active users (seats); also divides costs into per-user figures.
    pub users: f64,
    /// Requests per user per day (with `VolumeMode::Users`).
    pub requests_per_user_per_day: f64,
    /// Mean input (prompt) tokens per model call.
    pub input_tokens: f64,
    /// Mean output (generated) tokens per model call.
    pub output_tokens: f64,
    /// Share of input tokens served from a prompt cache (repeated prefix), 0..1.
    pub cached_input_share: f64,
    /// Share of input tokens written to the API's prompt cache (billed at the cache-write
    /// premium), 0..1.
    pub cache_write_share: f64,
    /// Retries per call with the self-hosted model (failed or invalid answers re-asked).
    pub retry_rate: f64,
    /// Extra model calls per user request (routing, fallback, validation).
    pub extra_calls_per_request: f64,
    /// Daily traffic shape.
    pub daily_profile: DailyProfile,
    /// Peak-to-average ratio, used with `DailyProfile::Custom`.
    pub peak_to_average: f64,
    /// Target time to first token, seconds.
    pub ttft_target_s: f64,
    /// Target time per output token, seconds.
    pub tpot_target_s: f64,
    /// Price of a seat, USD per user per month (for the margin).
    pub price_per_seat_usd_per_month: f64,
}

/// The hosted API side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApiSide {
    /// Id of the bundled price the prices came from (`prices::find_api_price`), or
    /// `"custom"`. A label: the explicit prices below are what is billed.
    pub price_id: String,
    /// USD per 1M uncached input tokens.
    pub input_usd_per_mtok: f64,
    /// USD per 1M cached input tokens.
    pub cached_input_usd_per_mtok: f64,
    /// Extra USD per 1M tokens written to the prompt cache, over the input price.
    pub cache_write_premium_usd_per_mtok: f64,
    /// USD per 1M output tokens.
    pub output_usd_per_mtok: f64,
    /// Fraction taken off with the provider's batch API (0.5 = half price).
    pub batch_discount: f64,
    /// Share of traffic that can wait for the batch API, 0..1.
    pub batch_share: f64,
    /// Retries per call with the API model.
    pub retry_rate: f64,
}

/// The self-hosted side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SelfHostSide {
    /// Model id in the physics catalog (`catalog::find_model`).
    pub model_id: String,
    /// A custom architecture; replaces `model_id` when set.
    pub custom_model: Option<Architecture>,
    /// Weight precision.
    pub weight_precision: WeightPrecision,
    /// KV-cache precision.
    pub kv_precision: KvPrecision,
    /// GPU id in the physics catalog (`catalog::find_gpu`).
    pub gpu_id: String,
    /// A custom GPU; replaces `gpu_id` when set.
    pub custom_gpu: Option<GpuSpec>,
    /// GPUs per replica (tensor parallel).
    pub gpus_per_replica: u32,
    /// Serving engine.
    pub engine: Engine,
    /// Measured output tokens per second of one replica at maximum load; replaces the
    /// estimate's scale when set.
    pub measured_output_tokens_per_s: Option<f64>,
    /// Id of the bundled GPU price the hourly price came from
    /// (`prices::find_gpu_price`), or `"custom"`. A label: `gpu_usd_per_hour` is billed.
    pub gpu_price_id: String,
    /// USD per GPU-hour.
    pub gpu_usd_per_hour: f64,
    /// Share of a replica's capacity (at the latency targets) used at the peak hour, 0..1.
    pub target_utilization: f64,
    /// Floor on serving replicas (autoscaling minimum; always-on runs at least 1).
    pub min_replicas: u32,
    /// Spare replicas on top of those needed (N+k).
    pub redundancy_replicas: u32,
    /// Always on or autoscaled.
    pub billing: Billing,
    /// Engineering and operations time, USD per month.
    pub engineering_usd_per_month: f64,
    /// The engineering and operations time that cost stands for, full-time equivalents
    /// (`engineering_usd_per_month / engineering_fte` is the loaded cost of one FTE-month).
    pub engineering_fte: f64,
    /// Monitoring and logging, USD per month.
    pub observability_usd_per_month: f64,
    /// Storage for weights, images and logs, USD per month.
    pub storage_usd_per_month: f64,
    /// Data transfer out to users, USD per GB.
    pub egress_usd_per_gb: f64,
    /// Bytes sent to the user per response (streamed chunks included).
    pub bytes_per_response: f64,
}

/// Every input of the calculator.
///
/// ```
/// use infercost::scenario::Scenario;
/// // A partial JSON object fills the rest from the defaults.
/// let s: Scenario = serde_json::from_str(r#"{"workload": {"output_tokens": 800}}"#).unwrap();
/// assert_eq!(s.workload.output_tokens, 800.0);
/// assert_eq!(s.workload.input_tokens, Scenario::default().workload.input_tokens);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Scenario {
    /// What users send.
    pub workload: Workload,
    /// The hosted API.
    pub api: ApiSide,
    /// The self-hosted deployment.
    pub self_host: SelfHostSide,
    /// Which automatic choices the person overrode (see [`Pins`]).
    pub pins: Pins,
}

/// Values the person chose themselves, which automatic choices never overwrite. Picking a
/// model or GPU re-pairs everything that is not pinned (`pairing`); unpinning restores the
/// automatic choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Pins {
    /// The API comparator (picked or typed).
    pub api: bool,
    /// GPUs per replica and weight precision.
    pub deployment: bool,
    /// The GPU's hourly price (typed).
    pub gpu_price: bool,
}

/// Default API price: the median hosted offer of the default model (`pairing::median_offer`,
/// a test checks it): Llama 3.3 70B Instruct by nscale via Hugging Face, the same weights as
/// the default self-hosted deployment (equal quality, so equal retry rates).
pub const DEFAULT_API_PRICE_ID: &str = "huggingface_nscale:meta-llama/llama-3.3-70b-instruct";
/// Loaded cost of one engineer-month, USD: the BLS median software developer wage, $133,080
/// a year (OES, May 2024), x 1.43 for benefits and employer taxes (BLS ECEC, March 2026),
/// / 12. The engineering default is 0.25 FTE of it.
pub const ENGINEERING_USD_PER_FTE_MONTH: f64 = 15_860.0;
/// Default GPU price: the median H100 SXM on-demand reading (`prices::median_gpu_price`, a
/// test checks it), RunPod Secure Cloud at $3.99 (2026-11-09).
pub const DEFAULT_GPU_PRICE_ID: &str = "h100-sxm:runpod-secure-cloud";
/// Default self-hosted model (physics catalog id).
pub const DEFAULT_MODEL_ID: &str = "llama-3.3-70b";
/// Default GPU (physics catalog id).
pub const DEFAULT_GPU_ID: &str = "h100-sxm";

impl Default for Workload {
    fn default() -> Self {
        Workload {
            volume_mode: VolumeMode::RequestsPerMonth,
            requests_per_month: 10_000_000.0,
            users: 50_000.0,
            requests_per_user_per_day: 6.6,
            input_tokens: 1500.0,
            output_tokens: 350.0,
            cached_input_share: 0.5,
            cache_write_share: 0.05,
            retry_rate: 0.03,
            extra_calls_per_request: 0.1,
            daily_profile: DailyProfile::ConsumerChat,
            peak_to_average: 2.0,
            ttft_target_s: 2.0,
            tpot_target_s: 0.05,
            price_per_seat_usd_per_month: 20.0,
        }
    }
}

impl Default for ApiSide {
    fn default() -> Self {
        let mut a = ApiSide {
            price_id: DEFAULT_API_PRICE_ID.to_string(),
            input_usd_per_mtok: 0.4,
            cached_input_usd_per_mtok: 0.4,
            cache_write_premium_usd_per_mtok: 0.0,
            output_usd_per_mtok: 0.4,
            batch_discount: 0.0,
            batch_share: 0.0,
            retry_rate: 0.03,
        };
        a.apply_price(DEFAULT_API_PRICE_ID);
        a
    }
}

impl ApiSide {
    /// Copies a bundled price (input, cached, cache-write premium, output, batch discount)
    /// into the scenario and records its id. Returns false (and changes nothing) for an
    /// unknown id.
    ///
    /// ```
    /// let mut api = infercost::scenario::ApiSide::default();
    /// assert!(api.apply_price("openai:gpt-4.1-mini"));
    /// assert_eq!(api.output_usd_per_mtok, 1.6);
    /// assert_eq!(api.batch_discount, 0.5);
    /// ```
    pub fn apply_price(&mut self, id: &str) -> bool {
        let Some(p) = prices::find_api_price(id) else {
            return false;
        };
        self.price_id = p.id.clone();
        self.input_usd_per_mtok = p.input_usd_per_mtok;
        self.cached_input_usd_per_mtok = p.cached_input_usd_per_mtok;
        self.cache_write_premium_usd_per_mtok = p.cache_write_premium_usd_per_mtok();
        self.output_usd_per_mtok = p.output_usd_per_mtok;
        self.batch_discount = p.batch_discount;
        true
    }
}

impl Default for SelfHostSide {
    fn default() -> Self {
        let mut s = SelfHostSide {
            model_id: DEFAULT_MODEL_ID.to_string(),
            custom_model: None,
            weight_precision: WeightPrecision::Fp8,
            kv_precision: KvPrecision::Bf16,
            gpu_id: DEFAULT_GPU_ID.to_string(),
            custom_gpu: None,
            gpus_per_replica: 2,
            engine: Engine::Vllm,
            measured_output_tokens_per_s: None,
            gpu_price_id: DEFAULT_GPU_PRICE_ID.to_string(),
            gpu_usd_per_hour: 3.99,
            target_utilization: 0.7,
            min_replicas: 1,
            redundancy_replicas: 1,
            billing: Billing::AlwaysOn,
            engineering_usd_per_month: 0.25 * ENGINEERING_USD_PER_FTE_MONTH,
            engineering_fte: 0.25,
            observability_usd_per_month: 200.0,
            storage_usd_per_month: 50.0,
            egress_usd_per_gb: 0.09,
            bytes_per_response: 50_000.0,
        };
        s.apply_gpu_price(DEFAULT_GPU_PRICE_ID);
        s
    }
}

impl SelfHostSide {
    /// Copies a bundled GPU price into the scenario and records its id. Returns false (and
    /// changes nothing) for an unknown id.
    pub fn apply_gpu_price(&mut self, id: &str) -> bool {
        let Some(p) = prices::find_gpu_price(id) else {
            return false;
        };
        self.gpu_price_id = p.id.clone();
        self.gpu_usd_per_hour = p.usd_per_gpu_hour;
        true
    }
}

impl Scenario {
    /// User requests per month, from whichever volume mode is set, at most
    /// [`MAX_REQUESTS_PER_MONTH`].
    ///
    /// ```
    /// use infercost::scenario::{Scenario, VolumeMode};
    /// let mut s = Scenario::default();
    /// s.workload.volume_mode = VolumeMode::Users;
    /// s.workload.users = 1000.0;
    /// s.workload.requests_per_user_per_day = 12.0;
    /// assert!((s.requests_per_month() - 1000.0 * 12.0 * 365.0 / 12.0).abs() < 1e-6);
    /// ```
    pub fn requests_per_month(&self) -> f64 {
        let w = &self.workload;
        let v = match w.volume_mode {
            VolumeMode::RequestsPerMonth => w.requests_per_month,
            VolumeMode::Users => w.users * w.requests_per_user_per_day * DAYS_PER_MONTH,
        };
        if v.is_finite() {
            v.clamped(0.0, MAX_REQUESTS_PER_MONTH)
        } else {
            0.0
        }
    }

    /// Sets the monthly volume in whichever mode is active (requests, or requests per user
    /// per day given the users).
    pub fn set_requests_per_month(&mut self, v: f64) {
        let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
        match self.workload.volume_mode {
            VolumeMode::RequestsPerMonth => self.workload.requests_per_month = v,
            VolumeMode::Users => {
                let per_day = self.workload.users * DAYS_PER_MONTH;
                if per_day > 0.0 {
                    self.workload.requests_per_user_per_day = v / per_day;
                } else {
                    self.workload.volume_mode = VolumeMode::RequestsPerMonth;
                    self.workload.requests_per_month = v;
                }
            }
        }
    }

    /// Resets each invalid field to its default on its own: numbers that are not finite or
    /// lie outside their [`FieldSpec`] range, a measured throughput that is not positive, a
    /// GGUF bits-per-weight outside 1..=32. Returns one [`SanitizeIssue`] per field reset.
    /// The catalog ids are checked by `evaluate` (an unknown id makes a side infeasible
    /// rather than silently switching models).
    ///
    /// ```
    /// use infercost::scenario::Scenario;
    /// let mut s = Scenario::default();
    /// s.workload.input_tokens = f64::NAN;
    /// s.self_host.target_utilization = 7.0;
    /// let issues = s.sanitize();
    /// assert_eq!(issues.len(), 2);
    /// assert_eq!(s, Scenario::default());
    /// ```
    pub fn sanitize(&mut self) -> Vec<SanitizeIssue> {
        let mut issues = Vec::new();
        for f in fields() {
            let v = (f.get)(self);
            let problem = if !v.is_finite() {
                Some(Problem::NotFinite)
            } else if v < f.min {
                Some(Problem::BelowMinimum)
            } else if v > f.max {
                Some(Problem::AboveMaximum)
            } else if f.integer && v.fract() != 0.0 {
                Some(Problem::NotWhole)
            } else {
                None
            };
            if let Some(p) = problem {
                issues.push(SanitizeIssue {
                    field: f.name,
                    key: f.key,
                    problem: p,
                    value: Some(v),
                });
                (f.set)(self, f.default);
            }
        }
        if let Some(m) = self.self_host.measured_output_tokens_per_s {
            if !(m.is_finite() && (MEASURED_TPS_MIN..=MEASURED_TPS_MAX).contains(&m)) {
                issues.push(SanitizeIssue {
                    field: "self_host.measured_output_tokens_per_s",
                    key: "mtps",
                    problem: Problem::ThroughputOutOfRange,
                    value: Some(m),
                });
                self.self_host.measured_output_tokens_per_s = None;
            }
        }
        if let WeightPrecision::Gguf { bits_per_weight } = self.self_host.weight_precision {
            if !(bits_per_weight.is_finite() && (1.0..=32.0).contains(&bits_per_weight)) {
                issues.push(SanitizeIssue {
                    field: "self_host.weight_precision",
                    key: "wp",
                    problem: Problem::GgufBitsOutOfRange,
                    value: Some(bits_per_weight),
                });
                self.self_host.weight_precision = SelfHostSide::default().weight_precision;
            }
        }
        if let Some(a) = &self.self_host.custom_model {
            if !architecture_is_sane(a) {
                issues.push(SanitizeIssue {
                    field: "self_host.custom_model",
                    key: "cm",
                    problem: Problem::CustomModelUnusable,
                    value: None,
                });
                self.self_host.custom_model = None;
            }
        }
        if let Some(g) = &self.self_host.custom_gpu {
            if !gpu_is_sane(g) {
                issues.push(SanitizeIssue {
                    field: "self_host.custom_gpu",
                    key: "cg",
                    problem: Problem::CustomGpuUnusable,
                    value: None,
                });
                self.self_host.custom_gpu = None;
            }
        }
        issues
    }

    /// A sanitized copy (see [`Scenario::sanitize`]).
    pub fn sanitized(&self) -> Scenario {
        let mut s = self.clone();
        s.sanitize();
        s
    }
}

/// Whether a custom architecture's numbers are usable: parameter counts finite, positive and
/// at most 1e14 (active <= total), at least one layer, head and KV head, head_dim >= 1, and
/// every count below 10 million.
pub fn architecture_is_sane(a: &Architecture) -> bool {
    let counts = a.structure_counts();
    let params_ok = |p: f64| p.is_finite() && p > 0.0 && p <= 1e14;
    params_ok(a.params_total)
        && params_ok(a.params_active)
        && a.params_active <= a.params_total * (1.0 + 1e-9)
        && a.layers >= 1
        && a.heads >= 1
        && a.kv_heads >= 1
        && a.head_dim >= 1
        && a.hidden >= 1
        && counts.iter().all(|c| *c < 10_000_000)
        && a.vocab < 100_000_000
        && a.experts_per_token <= a.experts.max(1)
}

/// Whether a custom GPU's numbers are usable: memory, bandwidth, BF16 rate and interconnect
/// finite and positive (memory at most 100 TB, rates at most 1e18 per second); optional
/// rates finite and positive when given.
pub fn gpu_is_sane(g: &GpuSpec) -> bool {
    let ok = |x: f64, max: f64| x.is_finite() && x > 0.0 && x <= max;
    let opt = |x: Option<f64>| x.is_none_or(|v| ok(v, 1e18));
    ok(g.memory_bytes, 1e14)
        && ok(g.mem_bandwidth_bytes_per_s, 1e15)
        && ok(g.bf16_flops, 1e18)
        && ok(g.interconnect_bytes_per_s, 1e15)
        && opt(g.fp8_flops)
        && opt(g.int8_ops)
        && opt(g.fp4_flops)
        && opt(g.fp16_acc16_flops)
}

/// One field that [`Scenario::sanitize`] reset to its default.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SanitizeIssue {
    /// Dotted field path (`"workload.input_tokens"`).
    pub field: &'static str,
    /// Short key (share links).
    pub key: &'static str,
    /// What was wrong (`words::issue` says it).
    pub problem: Problem,
    /// The rejected value (`None` for a custom model or GPU, which is a list of numbers). It
    /// may be NaN or infinite, so it is serialized as its exact text (`"NaN"`, `"1e300"`):
    /// every number of a report stays finite.
    #[serde(serialize_with = "value_as_text")]
    pub value: Option<f64>,
}

fn value_as_text<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_str(&crate::float::format_f64(*v)),
        None => s.serialize_none(),
    }
}

/// What was wrong with an input that [`Scenario::sanitize`] reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    /// NaN or infinite.
    NotFinite,
    /// Below the field's minimum.
    BelowMinimum,
    /// Above the field's maximum.
    AboveMaximum,
    /// A fraction where a whole number is needed.
    NotWhole,
    /// A measured throughput that is not a positive number in range.
    ThroughputOutOfRange,
    /// GGUF bits per weight outside 1..=32.
    GgufBitsOutOfRange,
    /// A custom architecture with a non-finite or out-of-range number.
    CustomModelUnusable,
    /// A custom GPU with a non-finite, zero or huge number.
    CustomGpuUnusable,
}

/// Largest monthly volume the model considers (also the range of `requests_per_month`).
pub const MAX_REQUESTS_PER_MONTH: f64 = 1.0e11;

/// Lower bound of `measured_output_tokens_per_s`.
pub const MEASURED_TPS_MIN: f64 = 0.1;
/// Upper bound of `measured_output_tokens_per_s`.
pub const MEASURED_TPS_MAX: f64 = 1.0e7;

/// One numeric input of the calculator: the registry entry every reader of an input uses
/// (the link codec, sanitizing, the page's fields and panels, the sensitivity list, the docs
/// and the CLI). Adding an input is adding one entry (and its use in the model's math).
#[derive(Clone, Copy)]
pub struct FieldSpec {
    /// Typed id, for code that names one input.
    pub id: FieldId,
    /// Short stable key for share links (`"rpm"`); never changes once released.
    pub key: &'static str,
    /// Dotted field path (`"workload.requests_per_month"`).
    pub name: &'static str,
    /// Visible label on the page and in the CLI.
    pub label: &'static str,
    /// `data-testid` of the page's slider and number box (`docs/PAGE.md` lists them).
    pub testid: &'static str,
    /// The unit the value is entered in.
    pub unit: Unit,
    /// Where the page shows it.
    pub panel: Panel,
    /// Smallest valid value.
    pub min: f64,
    /// Largest valid value.
    pub max: f64,
    /// Default value (equal to `Scenario::default()`'s; 0 for the custom GPU and model
    /// fields, whose values start from the catalog entry in use).
    pub default: f64,
    /// Whether the field holds a whole number.
    pub integer: bool,
    /// Whether a slider should use a log scale (the range spans decades).
    pub log_scale: bool,
    /// The slider's range when it is narrower than the valid range (the number box takes the
    /// whole valid range).
    pub slider: Option<(f64, f64)>,
    /// Where the default comes from, with a date, or why it was chosen.
    pub source: &'static str,
    get: fn(&Scenario) -> f64,
    set: fn(&mut Scenario, f64),
}

impl FieldSpec {
    /// Reads the field from a scenario.
    pub fn get(&self, s: &Scenario) -> f64 {
        (self.get)(s)
    }

    /// Writes the field into a scenario (whole-number fields are rounded, negative values
    /// saturate at 0; no range check: call [`Scenario::sanitize`] for that).
    pub fn set(&self, s: &mut Scenario, v: f64) {
        (self.set)(s, v)
    }

    /// The value a control shows: the stored value, except that requests per month read the
    /// effective volume whichever way it is given (directly, or users x requests per user
    /// per day).
    pub fn read(&self, s: &Scenario) -> f64 {
        match self.id {
            FieldId::RequestsPerMonth => s.requests_per_month(),
            _ => self.get(s),
        }
    }

    /// Writes what a control edits (requests per month in whichever volume mode is active).
    pub fn write(&self, s: &mut Scenario, v: f64) {
        match self.id {
            FieldId::RequestsPerMonth => s.set_requests_per_month(v),
            // More or less engineering time at the same loaded cost per FTE-month.
            FieldId::EngineeringFte => {
                let h = &mut s.self_host;
                let per_fte = if h.engineering_fte > 0.0 {
                    h.engineering_usd_per_month / h.engineering_fte
                } else {
                    ENGINEERING_USD_PER_FTE_MONTH
                };
                h.engineering_fte = v;
                h.engineering_usd_per_month = per_fte * v;
            }
            _ => self.set(s, v),
        }
    }

    /// Whether `v` is a valid value for this field.
    pub fn is_valid(&self, v: f64) -> bool {
        v.is_finite() && v >= self.min && v <= self.max && (!self.integer || v.fract() == 0.0)
    }
}

impl std::fmt::Debug for FieldSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldSpec")
            .field("key", &self.key)
            .field("name", &self.name)
            .field("min", &self.min)
            .field("max", &self.max)
            .field("default", &self.default)
            .finish()
    }
}

/// An input's whole number: rounded, saturating at 0 and `u32::MAX`; NaN reads as 0 (and
/// `sanitize` then resets the field).
fn whole_u32(v: f64) -> u32 {
    if v.is_finite() {
        v.round().clamped(0.0, f64::from(u32::MAX)) as u32
    } else {
        0
    }
}

/// A field's source text. The page's first load leaves the texts out (feature
/// `full-catalogs` off); it reads them from `data/field_sources.txt` with the catalogs, and
/// [`field_sources_file`] keeps that file equal to the registry.
macro_rules! field_source {
    ($src:expr) => {{
        #[cfg(feature = "full-catalogs")]
        let source = $src;
        #[cfg(not(feature = "full-catalogs"))]
        let source = "";
        source
    }};
}

macro_rules! num_field {
    ($id:ident, $key:expr, $label:expr, $testid:expr, $panel:ident, $slider:expr, $name:expr,
     $unit:ident, $min:expr, $max:expr, $default:expr, $log:expr, $src:expr, $($path:ident).+) => {
        FieldSpec {
            id: FieldId::$id,
            key: $key,
            name: $name,
            label: $label,
            testid: $testid,
            unit: Unit::$unit,
            panel: Panel::$panel,
            min: $min,
            max: $max,
            default: $default,
            integer: false,
            log_scale: $log,
            slider: $slider,
            source: field_source!($src),
            get: |s| s.$($path).+,
            set: |s, v| s.$($path).+ = v,
        }
    };
}

macro_rules! int_field {
    ($id:ident, $key:expr, $label:expr, $testid:expr, $panel:ident, $slider:expr, $name:expr,
     $unit:ident, $min:expr, $max:expr, $default:expr, $log:expr, $src:expr, $($path:ident).+) => {
        FieldSpec {
            id: FieldId::$id,
            key: $key,
            name: $name,
            label: $label,
            testid: $testid,
            unit: Unit::$unit,
            panel: Panel::$panel,
            min: $min,
            max: $max,
            default: $default,
            integer: true,
            log_scale: $log,
            slider: $slider,
            source: field_source!($src),
            get: |s| f64::from(s.$($path).+),
            set: |s, v| s.$($path).+ = whole_u32(v),
        }
    };
}

static FIELDS: [FieldSpec; 31] = [
    num_field!(RequestsPerMonth, "rpm", "Requests per month", "requests-per-month", Simple, Some((1e3, 1e10)), "workload.requests_per_month", RequestsPerMonth, 0.0, MAX_REQUESTS_PER_MONTH, 10_000_000.0, true,
        "Illustrative: a mid-size chat product, about 50,000 users x 6.6 requests a day.",
        workload.requests_per_month),
    num_field!(Users, "users", "Users", "users", Workload, None, "workload.users", Users, 0.0, 1.0e9, 50_000.0, true,
        "Illustrative: 50,000 monthly active users.", workload.users),
    num_field!(RequestsPerUserPerDay, "rpud", "Requests per user per day", "requests-per-user-per-day", Workload, None, "workload.requests_per_user_per_day", RequestsPerUserPerDay, 0.0, 10_000.0, 6.6, true,
        "Illustrative: 50,000 users x 6.6 a day x 365/12 days ~= 10M requests a month.",
        workload.requests_per_user_per_day),
    num_field!(InputTokens, "in", "Input tokens per request", "input-tokens", Simple, Some((10.0, 200_000.0)), "workload.input_tokens", Tokens, 1.0, 1.0e6, 1500.0, true,
        "Reason: a chat turn carries a system prompt (~500 tokens) and recent history (~1,000).",
        workload.input_tokens),
    num_field!(OutputTokens, "out", "Output tokens per request", "output-tokens", Simple, Some((1.0, 32_000.0)), "workload.output_tokens", Tokens, 1.0, 100_000.0, 350.0, true,
        "Reason: a chat answer of a few paragraphs (~250 words).", workload.output_tokens),
    num_field!(CachedInputShare, "cache", "Cached share of input", "cached-share", Workload, None, "workload.cached_input_share", Share, 0.0, 1.0, 0.5, false,
        "Reason: the system prompt and earlier turns repeat from turn to turn; about half the input is a repeated prefix.",
        workload.cached_input_share),
    num_field!(CacheWriteShare, "cw", "Cache-write share of input", "cache-write-share", Workload, None, "workload.cache_write_share", Share, 0.0, 1.0, 0.05, false,
        "Reason: a cached prefix is written once and read ~10 times in its lifetime: 0.5 / 10 of the input.",
        workload.cache_write_share),
    num_field!(RetryRate, "retry", "Retries per call (self-hosted)", "retry-rate", Workload, None, "workload.retry_rate", RetriesPerCall, 0.0, 2.0, 0.03, false,
        "Reason: 3% of answers re-asked (regenerate clicks, failed validation); same model as the API default.",
        workload.retry_rate),
    num_field!(ExtraCallsPerRequest, "extra", "Extra calls per request", "extra-calls", Workload, None, "workload.extra_calls_per_request", CallsPerRequest, 0.0, 20.0, 0.1, false,
        "Reason: one extra call (routing or validation) on 10% of requests.",
        workload.extra_calls_per_request),
    num_field!(PeakToAverage, "p2a", "Peak-to-average traffic", "peak-to-average", Workload, None, "workload.peak_to_average", Ratio, 1.0, 24.0, 2.0, false,
        "Reason: a single-region product's busiest hour runs at about twice the daily mean (used with the custom profile).",
        workload.peak_to_average),
    num_field!(TtftTarget, "ttft", "Time-to-first-token target", "ttft-target", Workload, None, "workload.ttft_target_s", Seconds, 0.05, 60.0, 2.0, true,
        "Reason: a common interactive target; the first words appear within 2 s.",
        workload.ttft_target_s),
    num_field!(TpotTarget, "tpot", "Time-per-output-token target", "tpot-target", Workload, None, "workload.tpot_target_s", SecondsPerToken, 0.002, 5.0, 0.05, true,
        "Reason: 20 tokens/s per user, faster than reading speed (~5-8 tokens/s).",
        workload.tpot_target_s),
    num_field!(SeatPrice, "seat", "Price per seat", "price-per-seat", Workload, None, "workload.price_per_seat_usd_per_month", UsdPerUserMonth, 0.0, 100_000.0, 20.0, true,
        "Reason: the common consumer chat subscription price.",
        workload.price_per_seat_usd_per_month),
    num_field!(ApiInputPrice, "pin", "API input price", "api-input-price", ApiPrices, None, "api.input_usd_per_mtok", UsdPerMtok, 0.0, 1000.0, 0.4, true,
        "Median hosted Llama 3.3 70B offer: nscale via Hugging Face, first seen 2025-11-24 (pydantic/genai-prices).",
        api.input_usd_per_mtok),
    num_field!(ApiCachedInputPrice, "pcache", "API cached-input price", "api-cached-price", ApiPrices, None, "api.cached_input_usd_per_mtok", UsdPerMtok, 0.0, 1000.0, 0.4, true,
        "The offer lists no cache discount: cached = input.",
        api.cached_input_usd_per_mtok),
    num_field!(ApiCacheWritePremium, "pcw", "API cache-write premium", "api-cache-write-price", ApiPrices, None, "api.cache_write_premium_usd_per_mtok", UsdPerMtok, 0.0, 1000.0, 0.0, false,
        "The offer lists no cache-write premium.",
        api.cache_write_premium_usd_per_mtok),
    num_field!(ApiOutputPrice, "pout", "API output price", "api-output-price", ApiPrices, None, "api.output_usd_per_mtok", UsdPerMtok, 0.0, 1000.0, 0.4, true,
        "Median hosted Llama 3.3 70B offer: nscale via Hugging Face, first seen 2025-11-24 (pydantic/genai-prices).",
        api.output_usd_per_mtok),
    num_field!(BatchDiscount, "bd", "Batch API discount", "batch-discount", ApiPrices, None, "api.batch_discount", Share, 0.0, 0.95, 0.0, false,
        "No batch discount captured for open-model hosts; OpenAI, Anthropic and Google take 50% (secondary pages, 2026).",
        api.batch_discount),
    num_field!(BatchShare, "bs", "Deferrable (batch) share", "batch-share", Workload, None, "api.batch_share", Share, 0.0, 1.0, 0.0, false,
        "Reason: interactive chat cannot wait; batch jobs (summaries, evals, embeddings) can. That share gets the API's batch discount and fills the self-hosted fleet's quiet hours.", api.batch_share),
    num_field!(ApiRetryRate, "aretry", "Retries per call (API)", "api-retry-rate", ApiPrices, None, "api.retry_rate", RetriesPerCall, 0.0, 2.0, 0.03, false,
        "Reason: the same model as self-hosted, so the same retry rate.", api.retry_rate),
    int_field!(GpusPerReplica, "gpr", "GPUs per replica", "gpu-count-field", None, None, "self_host.gpus_per_replica", Gpus, 1.0, 64.0, 2.0, false,
        "Reason: Llama 3.1 70B in FP8 is ~70 GB of weights; two 80 GB H100s leave room for the KV cache.",
        self_host.gpus_per_replica),
    num_field!(GpuHourPrice, "gph", "GPU price", "gpu-usd-per-hour", Simple, None, "self_host.gpu_usd_per_hour", UsdPerGpuHour, 0.01, 1000.0, 3.99, true,
        "RunPod Secure Cloud H100 SXM on-demand, read 2026-11-09 (datareceipts/data-receipts vendors.json).",
        self_host.gpu_usd_per_hour),
    num_field!(TargetUtilization, "util", "Peak-hour load target", "utilization", Simple, None, "self_host.target_utilization", Share, 0.05, 1.0, 0.7, false,
        "Reason: 30% headroom at the peak hour keeps the queue short (see the p95 wait) and absorbs bursts; 100% is for throughput work. Not the month's average utilization (an output).",
        self_host.target_utilization),
    int_field!(MinReplicas, "minr", "Minimum replicas", "min-replicas", Fleet, None, "self_host.min_replicas", Replicas, 0.0, 10_000.0, 1.0, true,
        "Reason: one replica always up.", self_host.min_replicas),
    int_field!(RedundancyReplicas, "nk", "Spare replicas (N+k)", "redundancy", Fleet, None, "self_host.redundancy_replicas", Replicas, 0.0, 1000.0, 1.0, false,
        "Reason: N+1, so a failed GPU or a deploy does not drop traffic.",
        self_host.redundancy_replicas),
    num_field!(Engineering, "eng", "Engineering and on-call", "engineering-usd", OperatingCosts, None, "self_host.engineering_usd_per_month", UsdPerMonth, 0.0, 1.0e7, 3965.0, true,
        "Reason: the engineering time x $15,860 per FTE-month: BLS median software developer wage $133,080 a year (OES, May 2024) x 1.43 for benefits and taxes (BLS ECEC, March 2026: wages are 69.9% of compensation); 10th to 90th wage percentile $9,050 to $27,130.",
        self_host.engineering_usd_per_month),
    num_field!(EngineeringFte, "fte", "Engineering time", "engineering-fte", OperatingCosts, None, "self_host.engineering_fte", Fte, 0.0, 100.0, 0.25, false,
        "Judgement: a quarter of an engineer for one managed deployment (0.1 with a platform team, 1+ with your own on-call); no public benchmark was found.",
        self_host.engineering_fte),
    num_field!(Observability, "obs", "Observability", "observability-usd", OperatingCosts, None, "self_host.observability_usd_per_month", UsdPerMonth, 0.0, 1.0e6, 200.0, true,
        "Reason: metrics, logs and traces for a few GPU nodes on a hosted plan.",
        self_host.observability_usd_per_month),
    num_field!(Storage, "stor", "Storage", "storage-usd", OperatingCosts, None, "self_host.storage_usd_per_month", UsdPerMonth, 0.0, 1.0e6, 50.0, true,
        "Reason: ~500 GB of volumes (weights, images, logs) at ~$0.10 per GB-month.",
        self_host.storage_usd_per_month),
    num_field!(Egress, "egr", "Egress price", "egress-usd-per-gb", OperatingCosts, None, "self_host.egress_usd_per_gb", UsdPerGb, 0.0, 10.0, 0.09, false,
        "Reason: typical hyperscaler internet egress list price, first tier (not verified for a date); many GPU clouds charge 0.",
        self_host.egress_usd_per_gb),
    num_field!(BytesPerResponse, "bpr", "Bytes per response", "bytes-per-response", OperatingCosts, None, "self_host.bytes_per_response", Bytes, 0.0, 1.0e8, 50_000.0, true,
        "Reason: streamed OpenAI-style chunks take ~150 bytes per token: 350 tokens ~= 50 KB.",
        self_host.bytes_per_response),
];

/// The GPU spec in use: the custom one, else the catalog entry's (else a nominal H100-like
/// spec, so a getter always has numbers to show).
pub fn gpu_in_use(s: &Scenario) -> GpuSpec {
    s.self_host
        .custom_gpu
        .clone()
        .or_else(|| crate::catalog::find_gpu(&s.self_host.gpu_id).map(|g| g.spec.clone()))
        .unwrap_or_else(|| GpuSpec::custom(80.0, 3.35, 989.0))
}

/// The architecture in use: the custom one, else the catalog entry's.
pub fn model_in_use(s: &Scenario) -> Architecture {
    s.self_host
        .custom_model
        .clone()
        .or_else(|| crate::catalog::find_model(&s.self_host.model_id).map(|m| m.arch.clone()))
        .or_else(|| crate::catalog::models().first().map(|m| m.arch.clone()))
        .unwrap_or(crate::catalog::Architecture {
            params_total: 8e9,
            params_active: 8e9,
            layers: 32,
            hidden: 4096,
            heads: 32,
            kv_heads: 8,
            head_dim: 128,
            intermediate: 14336,
            vocab: 128_256,
            max_context_tokens: 131_072,
            ..crate::catalog::Architecture::default()
        })
}

macro_rules! custom_gpu_field {
    ($id:ident, $label:expr, $testid:expr, $key:expr, $name:expr, $unit:ident, $min:expr, $max:expr,
     $scale:expr, $field:ident) => {
        FieldSpec {
            id: FieldId::$id,
            key: $key,
            name: $name,
            label: $label,
            testid: $testid,
            unit: Unit::$unit,
            panel: Panel::CustomGpu,
            slider: None,
            min: $min,
            max: $max,
            default: 0.0,
            integer: false,
            log_scale: true,
            source: "Your GPU's datasheet (dense rates, not sparse).",
            get: |s| gpu_in_use(s).$field / $scale,
            set: |s, v| set_gpu_rate(s, v * $scale, |g| &mut g.$field),
        }
    };
}

/// Writes one number of the custom GPU (starting from the catalog's), in the spec's own
/// units (bytes, bytes/s, FLOP/s).
#[inline(never)]
fn set_gpu_rate(s: &mut Scenario, si_value: f64, rate: fn(&mut GpuSpec) -> &mut f64) {
    let mut g = gpu_in_use(s);
    *rate(&mut g) = si_value;
    s.self_host.custom_gpu = Some(g);
}

/// A rate a GPU may lack (FP8, INT8, FP4), in tera-operations per second; 0 means none.
macro_rules! optional_rate_field {
    ($id:ident, $label:expr, $testid:expr, $key:expr, $name:expr, $unit:ident, $source:expr,
     $field:ident) => {
        FieldSpec {
            id: FieldId::$id,
            key: $key,
            name: $name,
            label: $label,
            testid: $testid,
            unit: Unit::$unit,
            panel: Panel::CustomGpu,
            slider: None,
            min: 0.0,
            max: 40_000.0,
            default: 0.0,
            integer: false,
            log_scale: false,
            source: $source,
            get: |s| gpu_in_use(s).$field.unwrap_or(0.0) / 1e12,
            set: |s, v| {
                let mut g = gpu_in_use(s);
                g.$field = (v > 0.0).then_some(v * 1e12);
                s.self_host.custom_gpu = Some(g);
            },
        }
    };
}

macro_rules! custom_model_field {
    ($id:ident, $label:expr, $testid:expr, $key:expr, $name:expr, $unit:ident, $min:expr,
     $max:expr, $log:expr, $field:ident, $floor:expr) => {
        FieldSpec {
            id: FieldId::$id,
            key: $key,
            name: $name,
            label: $label,
            testid: $testid,
            unit: Unit::$unit,
            panel: Panel::CustomModel,
            slider: None,
            min: $min,
            max: $max,
            default: 0.0,
            integer: true,
            log_scale: $log,
            source: "The model's config.json.",
            get: |s| f64::from(model_in_use(s).$field),
            set: |s, v| set_model_count(s, v, |a| &mut a.$field, $floor),
        }
    };
}

/// A parameter count of the custom architecture, in billions.
macro_rules! custom_params_field {
    ($id:ident, $label:expr, $testid:expr, $key:expr, $name:expr, $source:expr, $field:ident,
     $floor:expr) => {
        FieldSpec {
            id: FieldId::$id,
            key: $key,
            name: $name,
            label: $label,
            testid: $testid,
            unit: Unit::BillionParams,
            panel: Panel::CustomModel,
            slider: None,
            min: 0.01,
            max: 100_000.0,
            default: 0.0,
            integer: false,
            log_scale: true,
            source: $source,
            get: |s| model_in_use(s).$field / 1e9,
            set: |s, v| {
                let mut a = model_in_use(s);
                // Total parameters stop at the active ones; active ones are capped at total.
                let floor: fn(&Architecture) -> f64 = $floor;
                a.$field = (v * 1e9).max(floor(&a));
                s.self_host.custom_model = Some(consistent(a));
            },
        }
    };
}

/// Writes one count of the custom architecture (starting from the catalog's). One function
/// for every count, so each field's setter is a few bytes of WebAssembly.
///
/// An edit never changes another number: a count that others must not exceed (layers,
/// experts) stops at their value (`floor`), and one that must not exceed another (experts per
/// token, dense or sliding-window layers) stops at it. Dragging "experts" to 0 and back thus
/// leaves experts per token as it was.
#[inline(never)]
fn set_model_count(
    s: &mut Scenario,
    v: f64,
    count: fn(&mut Architecture) -> &mut u32,
    floor: fn(&Architecture) -> u32,
) {
    let mut a = model_in_use(s);
    *count(&mut a) = whole_u32(v).max(floor(&a));
    s.self_host.custom_model = Some(consistent(a));
}

/// Caps the numbers that must not exceed another: active parameters (total), routed experts
/// per token (experts), dense and sliding-window layers (layers). With the floors of
/// [`set_model_count`] only the edited number is ever capped.
fn consistent(mut a: Architecture) -> Architecture {
    a.params_active = a.params_active.min(a.params_total);
    a.experts_per_token = a.experts_per_token.min(a.experts);
    a.dense_layers = a.dense_layers.min(a.layers);
    a.sliding_layers = a.sliding_layers.min(a.layers);
    a
}

static CUSTOM_FIELDS: [FieldSpec; 26] = [
    custom_gpu_field!(
        CustomGpuMemory,
        "GPU memory",
        "custom-gpu-memory",
        "cgmem",
        "self_host.custom_gpu.memory",
        Gib,
        1.0,
        1024.0,
        BYTES_PER_GIB,
        memory_bytes
    ),
    custom_gpu_field!(
        CustomGpuBandwidth,
        "Memory bandwidth",
        "custom-gpu-bandwidth",
        "cgbw",
        "self_host.custom_gpu.bandwidth",
        TbPerS,
        0.05,
        50.0,
        1e12,
        mem_bandwidth_bytes_per_s
    ),
    FieldSpec {
        id: FieldId::CustomGpuBf16,
        key: "cgtf",
        label: "Dense BF16 compute",
        testid: "custom-gpu-bf16",
        panel: Panel::CustomGpu,
        slider: None,
        name: "self_host.custom_gpu.bf16",
        unit: Unit::Tflops,
        min: 1.0,
        max: 20_000.0,
        default: 0.0,
        integer: false,
        log_scale: true,
        source: "Your GPU's datasheet (dense rates, not sparse).",
        get: |s| gpu_in_use(s).bf16_flops / 1e12,
        set: |s, v| {
            let mut g = gpu_in_use(s);
            let bf16 = v * 1e12;
            // FP16 with FP16 accumulation (consumer GPUs, llama.cpp) keeps its ratio to BF16.
            if g.bf16_flops > 0.0 {
                g.fp16_acc16_flops = g.fp16_acc16_flops.map(|acc| acc * bf16 / g.bf16_flops);
            }
            g.bf16_flops = bf16;
            s.self_host.custom_gpu = Some(g);
        },
    },
    optional_rate_field!(
        CustomGpuFp8,
        "Dense FP8 compute (0: none)",
        "custom-gpu-fp8",
        "cgf8",
        "self_host.custom_gpu.fp8",
        Tflops,
        "Your GPU's datasheet (dense FP8; 0 where the GPU has no FP8 units).",
        fp8_flops
    ),
    optional_rate_field!(
        CustomGpuInt8,
        "Dense INT8 compute (0: none)",
        "custom-gpu-int8",
        "cgi8",
        "self_host.custom_gpu.int8",
        Tops,
        "Your GPU's datasheet (dense INT8; 0 where the GPU has no INT8 units).",
        int8_ops
    ),
    optional_rate_field!(
        CustomGpuFp4,
        "Dense FP4 compute (0: none)",
        "custom-gpu-fp4",
        "cgf4",
        "self_host.custom_gpu.fp4",
        Tflops,
        "Your GPU's datasheet (dense FP4; 0 where the GPU has no FP4 units).",
        fp4_flops
    ),
    custom_gpu_field!(
        CustomGpuInterconnect,
        "Interconnect per GPU",
        "custom-gpu-interconnect",
        "cgic",
        "self_host.custom_gpu.interconnect",
        GbPerS,
        1.0,
        5_000.0,
        1e9,
        interconnect_bytes_per_s
    ),
    custom_params_field!(
        CustomParamsTotal,
        "Total parameters",
        "custom-model-params-total",
        "cmpt",
        "self_host.custom_model.params_total",
        "The model card (total parameters, all experts).",
        params_total,
        |a| a.params_active
    ),
    custom_params_field!(
        CustomParamsActive,
        "Active parameters per token",
        "custom-model-params-active",
        "cmpa",
        "self_host.custom_model.params_active",
        "The model card (parameters used per token).",
        params_active,
        |_| 0.0
    ),
    custom_model_field!(
        CustomLayers,
        "Layers",
        "custom-model-layers",
        "cml",
        "self_host.custom_model.layers",
        Layers,
        1.0,
        1000.0,
        true,
        layers,
        |a| a.dense_layers.max(a.sliding_layers)
    ),
    custom_model_field!(
        CustomHidden,
        "Hidden size",
        "custom-model-hidden",
        "cmh",
        "self_host.custom_model.hidden",
        Dims,
        64.0,
        100_000.0,
        true,
        hidden,
        |_| 0
    ),
    custom_model_field!(
        CustomIntermediate,
        "FFN intermediate size",
        "custom-model-intermediate",
        "cmi",
        "self_host.custom_model.intermediate",
        Dims,
        1.0,
        1_000_000.0,
        true,
        intermediate,
        |_| 0
    ),
    custom_model_field!(
        CustomHeads,
        "Attention heads",
        "custom-model-heads",
        "cmah",
        "self_host.custom_model.heads",
        Heads,
        1.0,
        1024.0,
        true,
        heads,
        |_| 0
    ),
    custom_model_field!(
        CustomKvHeads,
        "KV heads",
        "custom-model-kv-heads",
        "cmkv",
        "self_host.custom_model.kv_heads",
        Heads,
        1.0,
        1024.0,
        true,
        kv_heads,
        |_| 0
    ),
    custom_model_field!(
        CustomHeadDim,
        "Head dimension",
        "custom-model-head-dim",
        "cmhd",
        "self_host.custom_model.head_dim",
        Dims,
        8.0,
        1024.0,
        true,
        head_dim,
        |_| 0
    ),
    custom_model_field!(
        CustomExperts,
        "Routed experts (0: dense)",
        "custom-model-experts",
        "cmx",
        "self_host.custom_model.experts",
        Experts,
        0.0,
        4_096.0,
        false,
        experts,
        |a| a.experts_per_token
    ),
    custom_model_field!(
        CustomExpertsPerToken,
        "Routed experts per token",
        "custom-model-experts-per-token",
        "cmxk",
        "self_host.custom_model.experts_per_token",
        Experts,
        0.0,
        256.0,
        false,
        experts_per_token,
        |_| 0
    ),
    custom_model_field!(
        CustomSharedExperts,
        "Shared experts",
        "custom-model-shared-experts",
        "cmxs",
        "self_host.custom_model.shared_experts",
        Experts,
        0.0,
        64.0,
        false,
        shared_experts,
        |_| 0
    ),
    custom_model_field!(
        CustomMoeIntermediate,
        "Expert FFN intermediate size",
        "custom-model-moe-intermediate",
        "cmxi",
        "self_host.custom_model.moe_intermediate",
        Dims,
        0.0,
        1_000_000.0,
        false,
        moe_intermediate,
        |_| 0
    ),
    custom_model_field!(
        CustomDenseLayers,
        "Dense layers of an MoE model",
        "custom-model-dense-layers",
        "cmdl",
        "self_host.custom_model.dense_layers",
        Layers,
        0.0,
        1_000.0,
        false,
        dense_layers,
        |_| 0
    ),
    custom_model_field!(
        CustomKvLoraRank,
        "MLA latent KV rank (0: none)",
        "custom-model-kv-lora-rank",
        "cmkvr",
        "self_host.custom_model.kv_lora_rank",
        Dims,
        0.0,
        65_536.0,
        false,
        kv_lora_rank,
        |_| 0
    ),
    custom_model_field!(
        CustomRopeHeadDim,
        "MLA RoPE head dimension",
        "custom-model-rope-dim",
        "cmrope",
        "self_host.custom_model.qk_rope_head_dim",
        Dims,
        0.0,
        1_024.0,
        false,
        qk_rope_head_dim,
        |_| 0
    ),
    custom_model_field!(
        CustomSlidingWindow,
        "Sliding window (0: none)",
        "custom-model-sliding-window",
        "cmsw",
        "self_host.custom_model.sliding_window",
        Tokens,
        0.0,
        1_048_576.0,
        false,
        sliding_window,
        |_| 0
    ),
    custom_model_field!(
        CustomSlidingLayers,
        "Sliding-window layers",
        "custom-model-sliding-layers",
        "cmsl",
        "self_host.custom_model.sliding_layers",
        Layers,
        0.0,
        1_000.0,
        false,
        sliding_layers,
        |_| 0
    ),
    custom_model_field!(
        CustomVocab,
        "Vocabulary",
        "custom-model-vocab",
        "cmv",
        "self_host.custom_model.vocab",
        Tokens,
        1000.0,
        2_000_000.0,
        true,
        vocab,
        |_| 0
    ),
    custom_model_field!(
        CustomMaxContext,
        "Maximum context",
        "custom-model-context",
        "cmctx",
        "self_host.custom_model.max_context",
        Tokens,
        512.0,
        10_000_000.0,
        true,
        max_context_tokens,
        |_| 0
    ),
];

/// Inputs for a custom GPU and a custom model architecture, for the page's advanced panel
/// (not part of [`fields()`]: links carry the whole custom spec under `cg`/`cm`). Reading one
/// shows the spec in use; editing one turns the catalog entry into a custom copy, the other
/// numbers starting from the catalog's.
///
/// ```
/// use infercost::scenario::{custom_fields, Scenario};
/// let mut s = Scenario::default();
/// let mem = custom_fields().iter().find(|f| f.key == "cgmem").unwrap();
/// assert_eq!(mem.get(&s), 80.0); // the H100's 80 GiB
/// mem.set(&mut s, 96.0);
/// assert_eq!(s.self_host.custom_gpu.as_ref().map(|g| g.memory_gib()), Some(96.0));
/// ```
pub fn custom_fields() -> &'static [FieldSpec] {
    &CUSTOM_FIELDS
}

/// Every numeric field of the scenario: key, path, unit, range, default and source.
pub fn fields() -> &'static [FieldSpec] {
    &FIELDS
}

/// The text of `data/field_sources.txt`: each field's short key and source, `key|source`, one
/// a line, in registry order. The page fetches it with the catalogs (its first load carries
/// no source texts); a test keeps the file equal to this.
#[cfg(feature = "full-catalogs")]
pub fn field_sources_file() -> String {
    let mut text = String::from(
        "# Each input's default: where it comes from, or why it was chosen. Generated from the\n\
         # field registry (model/src/scenario.rs): INFERCOST_WRITE=1 cargo test -p infercost --lib\n\
         # field_sources_file_is_current\n",
    );
    for f in fields() {
        text.push_str(f.key);
        text.push('|');
        text.push_str(f.source);
        text.push('\n');
    }
    text
}

/// Reads `data/field_sources.txt` (as [`field_sources_file`] writes it): `(key, source)` pairs.
pub fn parse_field_sources(text: &str) -> Vec<(&str, &str)> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('|'))
        .collect()
}

/// The registry entry of a numeric input (every [`FieldId`] has exactly one, in
/// [`fields()`] or [`custom_fields()`]; a test checks it).
///
/// ```
/// use infercost::input::FieldId;
/// assert_eq!(infercost::scenario::spec(FieldId::TargetUtilization).key, "util");
/// ```
pub fn spec(id: FieldId) -> &'static FieldSpec {
    let found = FIELDS.iter().chain(&CUSTOM_FIELDS).find(|f| f.id == id);
    // Every id has an entry (`every_id_has_one_entry`); the first entry is a harmless
    // fallback that cannot be reached, instead of a panic path.
    found.unwrap_or(&FIELDS[0])
}

/// Looks a field up by short key or dotted path.
///
/// ```
/// let f = infercost::scenario::field("util").unwrap();
/// assert_eq!((f.min, f.max, f.default), (0.05, 1.0, 0.7));
/// assert_eq!(infercost::scenario::field("workload.output_tokens").unwrap().key, "out");
/// ```
pub fn field(key_or_name: &str) -> Option<&'static FieldSpec> {
    fields()
        .iter()
        .find(|f| f.key == key_or_name || f.name == key_or_name)
}

#[cfg(test)]
mod tests {
    #[test]
    fn custom_fields_edit_a_copy_of_the_catalog_entry() {
        for f in custom_fields() {
            let mut s = Scenario::default();
            if f.key == "cmxk" {
                // Routed experts per token need experts (the default model is dense).
                s.self_host.model_id = "mixtral-8x7b".into();
            }
            let before_scenario = s.clone();
            let before = f.get(&s);
            assert!(
                before.is_finite() && (before > 0.0 || f.min == 0.0),
                "{}: {before}",
                f.key
            );
            // A value inside what the other numbers allow: fewer active parameters, fewer
            // layers than the model has (so none of its dense or sliding layers are in the
            // way: none at 2 for the default model), more of anything else.
            let v = match f.key {
                "cmpa" => before / 2.0,
                _ if f.integer => (f.min + 1.0).max(2.0).round(),
                _ => (before * 1.5).max(1.0).min(f.max),
            };
            f.set(&mut s, v);
            assert!(
                (f.get(&s) - v).abs() <= 1e-9 * v.max(1.0),
                "{}: set {v}, got {}",
                f.key,
                f.get(&s)
            );
            // The other numbers keep the catalog's values.
            let others_kept = custom_fields()
                .iter()
                .filter(|g| {
                    g.key != f.key
                        && g.key[..2] == f.key[..2]
                        && !matches!((f.key, g.key), ("cmpt", "cmpa"))
                })
                .all(|g| g.get(&s) == g.get(&before_scenario));
            assert!(others_kept, "{}", f.key);
            let r = crate::evaluate::evaluate(&s);
            assert!(
                r.api.total_usd_per_month.is_finite()
                    && r.self_host
                        .serving()
                        .is_none_or(|sv| sv.total_usd_per_month.is_finite())
            );
        }
    }

    #[test]
    fn custom_architecture_stays_consistent() {
        let mut s = Scenario::default();
        let f = |k: &str| custom_fields().iter().find(|f| f.key == k).unwrap();
        // Dense: routed experts per token cannot be set without experts.
        f("cmxk").set(&mut s, 8.0);
        assert_eq!(f("cmxk").get(&s), 0.0);
        f("cmx").set(&mut s, 64.0);
        f("cmxk").set(&mut s, 8.0);
        assert_eq!(f("cmxk").get(&s), 8.0);
        // Experts stop at the experts routed per token: a drag to 0 and back changes nothing
        // else.
        f("cmx").set(&mut s, 4.0);
        assert_eq!((f("cmx").get(&s), f("cmxk").get(&s)), (8.0, 8.0));
        f("cmx").set(&mut s, 0.0);
        f("cmx").set(&mut s, 64.0);
        assert_eq!((f("cmx").get(&s), f("cmxk").get(&s)), (64.0, 8.0));
        f("cml").set(&mut s, 10.0);
        f("cmsl").set(&mut s, 6.0);
        f("cml").set(&mut s, 1.0);
        assert_eq!((f("cml").get(&s), f("cmsl").get(&s)), (6.0, 6.0));
        f("cmsl").set(&mut s, 5000.0);
        assert_eq!(f("cmsl").get(&s), f("cml").get(&s));
        assert!(s.sanitized() == s, "every edit leaves a sane architecture");
    }

    #[test]
    fn custom_bf16_keeps_the_fp16_accumulate_ratio() {
        let mut s = Scenario::default();
        s.select_gpu("rtx-4090");
        let f = |k: &str| custom_fields().iter().find(|f| f.key == k).unwrap();
        let acc = |s: &Scenario| gpu_in_use(s).fp16_acc16_flops.unwrap_or(0.0);
        let before = acc(&s);
        assert!(before > 0.0);
        let half = f("cgtf").get(&s) / 2.0;
        f("cgtf").set(&mut s, half);
        assert!((acc(&s) - before / 2.0).abs() <= 1e-6 * before);
        f("cgi8").set(&mut s, 0.0);
        assert_eq!(gpu_in_use(&s).int8_ops, None, "0 means the GPU has none");
    }

    #[test]
    fn every_custom_field_is_usable_at_both_ends() {
        for f in custom_fields() {
            for v in [f.min, f.max] {
                let mut s = Scenario::default();
                f.set(&mut s, v);
                assert!(
                    s.sanitized() == s,
                    "{} = {v}: sanitize accepts the edge of the field's range",
                    f.key
                );
            }
        }
    }

    #[test]
    fn active_parameters_never_exceed_total() {
        let mut s = Scenario::default();
        let total = custom_fields().iter().find(|f| f.key == "cmpt").unwrap();
        let active = custom_fields().iter().find(|f| f.key == "cmpa").unwrap();
        let active_before = active.get(&s);
        // Total stops at the active parameters; active parameters stop at the total.
        total.set(&mut s, 10.0);
        assert_eq!(total.get(&s), active_before);
        active.set(&mut s, 5000.0);
        assert_eq!(active.get(&s), active_before);
        active.set(&mut s, 10.0);
        assert_eq!(active.get(&s), 10.0);
    }

    use super::*;

    #[test]
    fn engineering_time_keeps_the_cost_per_fte_month() {
        let mut s = Scenario::default();
        assert_eq!(s.self_host.engineering_usd_per_month, 3965.0);
        spec(FieldId::EngineeringFte).write(&mut s, 1.0);
        assert_eq!(
            s.self_host.engineering_usd_per_month,
            ENGINEERING_USD_PER_FTE_MONTH
        );
        // A typed monthly cost changes the rate, not the time; the time then scales it.
        spec(FieldId::Engineering).write(&mut s, 20_000.0);
        spec(FieldId::EngineeringFte).write(&mut s, 0.5);
        assert_eq!(s.self_host.engineering_usd_per_month, 10_000.0);
        // From zero time the rate is the default again.
        spec(FieldId::EngineeringFte).write(&mut s, 0.0);
        spec(FieldId::EngineeringFte).write(&mut s, 2.0);
        assert_eq!(
            s.self_host.engineering_usd_per_month,
            2.0 * ENGINEERING_USD_PER_FTE_MONTH
        );
    }

    #[test]
    fn field_sources_file_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/field_sources.txt");
        let want = field_sources_file();
        if std::env::var_os("INFERCOST_WRITE").is_some() {
            std::fs::write(path, &want).expect("write data/field_sources.txt");
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            have, want,
            "data/field_sources.txt is out of date: see its header"
        );
        let parsed = parse_field_sources(&have);
        assert_eq!(parsed.len(), fields().len());
        assert!(parsed
            .iter()
            .zip(fields())
            .all(|((k, s), f)| *k == f.key && *s == f.source));
    }

    #[test]
    fn table_defaults_match_default_scenario() {
        let s = Scenario::default();
        for f in fields() {
            assert_eq!(f.get(&s), f.default, "{}", f.name);
            assert!(f.is_valid(f.default), "{}", f.name);
            assert!(f.min < f.max, "{}", f.name);
            assert!(!f.source.is_empty());
        }
        assert!(s.sanitized() == s);
    }

    #[test]
    fn every_id_has_one_entry_with_unique_key_label_and_testid() {
        let all: Vec<&FieldSpec> = fields().iter().chain(custom_fields()).collect();
        // Entries follow FieldId's declaration order, so a variant added without an entry (or
        // an entry out of place) leaves a gap here. (A variant appended after the last entry
        // is the one case this cannot see; `spec` then answers with the first entry.)
        for (i, f) in all.iter().enumerate() {
            assert_eq!(f.id as usize, i, "{:?} is entry {i}", f.id);
        }
        for f in &all {
            assert!(std::ptr::eq(spec(f.id), *f), "{:?} has one entry", f.id);
        }
        for get in [
            |f: &FieldSpec| f.key,
            |f: &FieldSpec| f.label,
            |f: &FieldSpec| f.testid,
        ] {
            let mut v: Vec<&str> = all.iter().map(|f| get(f)).collect();
            v.sort_unstable();
            v.dedup();
            assert_eq!(v.len(), all.len());
        }
        for f in &all {
            if let Some((lo, hi)) = f.slider {
                assert!(f.min <= lo && lo < hi && hi <= f.max, "{}", f.key);
            }
        }
    }

    #[test]
    fn keys_and_names_unique() {
        let mut k: Vec<&str> = fields().iter().map(|f| f.key).collect();
        let mut n: Vec<&str> = fields().iter().map(|f| f.name).collect();
        k.sort_unstable();
        k.dedup();
        n.sort_unstable();
        n.dedup();
        assert_eq!(k.len(), fields().len());
        assert_eq!(n.len(), fields().len());
    }

    #[test]
    fn default_prices_come_from_the_catalog() {
        let a = ApiSide::default();
        assert_eq!(a.price_id, DEFAULT_API_PRICE_ID);
        assert_eq!(a.input_usd_per_mtok, 0.4);
        let s = SelfHostSide::default();
        assert_eq!(s.gpu_price_id, DEFAULT_GPU_PRICE_ID);
        assert_eq!(s.gpu_usd_per_hour, 3.99);
    }

    #[test]
    fn sanitize_resets_each_field_on_its_own() {
        let mut s = Scenario::default();
        s.workload.output_tokens = 900.0;
        s.workload.input_tokens = -3.0;
        s.self_host.gpus_per_replica = 0;
        s.self_host.measured_output_tokens_per_s = Some(f64::INFINITY);
        s.self_host.weight_precision = WeightPrecision::Gguf {
            bits_per_weight: f64::NAN,
        };
        let issues = s.sanitize();
        assert_eq!(issues.len(), 4);
        assert_eq!(s.workload.output_tokens, 900.0);
        assert_eq!(s.workload.input_tokens, 1500.0);
        assert_eq!(s.self_host.gpus_per_replica, 2);
        assert_eq!(s.self_host.measured_output_tokens_per_s, None);
        assert!(s.sanitize().is_empty());
    }

    #[test]
    fn json_round_trip_and_bad_json() {
        let s = Scenario::default();
        let j = serde_json::to_string(&s).unwrap();
        let back: Scenario = serde_json::from_str(&j).unwrap();
        assert_eq!(back, s);
        assert!(serde_json::from_str::<Scenario>("{\"workload\": 3}").is_err());
        let empty: Scenario = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, s);
    }

    #[test]
    fn users_mode() {
        let mut s = Scenario::default();
        s.workload.volume_mode = VolumeMode::Users;
        s.set_requests_per_month(3.0e6);
        assert!((s.requests_per_month() - 3.0e6).abs() < 1e-3);
        s.workload.users = 0.0;
        s.set_requests_per_month(1.0e6);
        assert_eq!(s.workload.volume_mode, VolumeMode::RequestsPerMonth);
        assert_eq!(s.requests_per_month(), 1.0e6);
    }
}
