//! What `evaluate` returns: the report and its parts, typed (no prose: `words` renders the
//! verdict and warnings).

use crate::fleet::{BreakEven, CurvePoint, HybridPlan, QueueStats};
use crate::memory::MemoryBreakdown;
use crate::perf::PerfPoint;
use crate::scenario::SanitizeIssue;
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
    /// Total per 1M output tokens of the users' requests, USD.
    pub usd_per_mtok_output: f64,
}

/// The self-hosted deployment: what it is, its memory per GPU, and whether it can serve the
/// workload (with its numbers only when it can: an impossible setup has no cost to show).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfHostReport {
    /// Model name (empty when the id is unknown).
    pub model_name: String,
    /// GPU name (empty when the id is unknown).
    pub gpu_name: String,
    /// Memory per GPU at the operating point; when infeasible, with one sequence (what does
    /// not fit). `None` when the model or GPU is unknown.
    pub memory: Option<MemoryBreakdown>,
    /// Whether the deployment can serve the workload, and its numbers when it can.
    pub feasibility: Feasibility,
}

/// Whether a deployment can serve the workload.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Feasibility {
    /// It can: capacity, fleet, latency at the peak and itemized cost.
    Feasible(Box<Serving>),
    /// It cannot.
    Infeasible {
        /// Why.
        reason: Infeasibility,
        /// The smallest GPUs per replica of the same GPU, model and precisions that would
        /// fit, if any up to 64 does.
        gpus_that_fit: Option<u32>,
    },
}

/// Why a deployment cannot serve the workload: the real cause, with the numbers that show it
/// (`words::infeasibility` says it and what would fix it).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Infeasibility {
    /// The model id is not in the catalog.
    UnknownModel {
        /// The id given.
        id: String,
    },
    /// The GPU id is not in the catalog.
    UnknownGpu {
        /// The id given.
        id: String,
    },
    /// A request is longer than the model's context window.
    ContextExceedsWindow {
        /// Input plus output tokens of a request.
        context_tokens: f64,
        /// The model's context window, tokens.
        max_context_tokens: u32,
    },
    /// The weights (with the runtime's workspace) alone exceed each GPU's memory budget.
    WeightsDoNotFit {
        /// Weights, workspace and activations per GPU, GiB.
        fixed_gib_per_gpu: f64,
        /// The engine's memory budget per GPU, GiB.
        budget_gib_per_gpu: f64,
    },
    /// The weights fit, but not the KV cache of one request.
    OneRequestDoesNotFit {
        /// Input plus output tokens of a request.
        context_tokens: f64,
    },
    /// The deployment fits but its estimated throughput is nil.
    NoThroughput,
}

/// A feasible deployment's capacity, fleet, latency at the peak and itemized cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Serving {
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
    /// The engineering time that stands for, full-time equivalents.
    pub engineering_fte: f64,
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
    /// Total per 1M output tokens of the users' requests, USD.
    pub usd_per_mtok_output: f64,
}

impl SelfHostReport {
    /// The deployment's numbers, when it can serve the workload.
    pub fn serving(&self) -> Option<&Serving> {
        match &self.feasibility {
            Feasibility::Feasible(s) => Some(s),
            Feasibility::Infeasible { .. } => None,
        }
    }

    /// Whether the deployment can serve the workload.
    pub fn is_feasible(&self) -> bool {
        self.serving().is_some()
    }

    /// Why the deployment cannot serve the workload (`None` when it can).
    pub fn infeasible_reason(&self) -> Option<&Infeasibility> {
        match &self.feasibility {
            Feasibility::Feasible(_) => None,
            Feasibility::Infeasible { reason, .. } => Some(reason),
        }
    }
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

/// What one plan costs per unit: per request, per 1M tokens, per 1M output tokens and per
/// user, and the margin on the seat price.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitCosts {
    /// The plan's monthly total per user request, USD.
    pub usd_per_request: f64,
    /// Per 1M tokens of the users' requests (input + output), USD.
    pub usd_per_mtok: f64,
    /// Per 1M output tokens of the users' requests, USD.
    pub usd_per_mtok_output: f64,
    /// Per user, USD per month (0 without users).
    pub usd_per_user: f64,
    /// (seat price - cost per user) / seat price; `None` without a seat price.
    pub margin: Option<f64>,
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
    /// How a sentence names the input ("the GPU price").
    #[serde(skip)]
    pub noun: &'static str,
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

impl ApiCost {
    /// The labels of [`ApiCost::items`], in order (lower case: the exports' item names).
    pub const ITEM_LABELS: [&'static str; 7] = [
        "input tokens",
        "cached input",
        "cache writes",
        "output tokens",
        "extra calls",
        "retries",
        "batch savings",
    ];

    /// The itemized monthly bill, in order: each line's label and its contribution to
    /// `total_usd_per_month` (batch savings negative). The one list the page's cost table,
    /// the exports and the CLI print.
    pub fn items(&self) -> [(&'static str, f64); 7] {
        let v = [
            self.input_usd,
            self.cached_input_usd,
            self.cache_write_usd,
            self.output_usd,
            self.extra_calls_usd,
            self.retries_usd,
            self.batch_savings_usd,
        ];
        let l = Self::ITEM_LABELS;
        [
            (l[0], v[0]),
            (l[1], v[1]),
            (l[2], v[2]),
            (l[3], v[3]),
            (l[4], v[4]),
            (l[5], v[5]),
            (l[6], v[6]),
        ]
    }
}

impl Serving {
    /// The labels of [`Serving::cost_items`], in order (lower case: the exports' item names).
    pub const COST_LABELS: [&'static str; 6] = [
        "GPU hours",
        "spare replicas",
        "engineering",
        "observability",
        "storage",
        "egress",
    ];

    /// The itemized monthly cost, in order: each line's label and its share of
    /// `total_usd_per_month`. The one list the page's cost table, the exports and the CLI
    /// print.
    pub fn cost_items(&self) -> [(&'static str, f64); 6] {
        let l = Self::COST_LABELS;
        [
            (l[0], self.gpu_usd),
            (l[1], self.redundancy_usd),
            (l[2], self.engineering_usd),
            (l[3], self.observability_usd),
            (l[4], self.storage_usd),
            (l[5], self.egress_usd),
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

impl Verdict {
    /// The cheapest plan: the API when self-hosting is infeasible.
    pub fn choice(&self) -> Plan {
        match self.outcome {
            Outcome::Compared { choice, .. } => choice,
            Outcome::Infeasible { .. } => Plan::Api,
        }
    }

    /// Whether the answer could go either way (never when self-hosting is infeasible).
    pub fn close_call(&self) -> bool {
        matches!(
            self.outcome,
            Outcome::Compared {
                close_call: true,
                ..
            }
        )
    }
}

/// How the comparison came out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    /// The deployment cannot serve the workload; the API is the only cost.
    Infeasible {
        /// Why.
        reason: Infeasibility,
        /// The smallest GPUs per replica that would fit, if any.
        gpus_that_fit: Option<u32>,
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
        /// The cheapest plan at this volume.
        choice: Plan,
        /// API, self-hosted and hybrid cost, USD per month (in [`Plan::ALL`] order).
        monthly_usd: [f64; 3],
        /// Whether the self-hosted vs API answer could go either way: the efficiency band or
        /// an input's plausible range (the sensitivity) straddles zero savings.
        close_call: bool,
        /// The input whose plausible range flips the sign of the savings with the largest
        /// swing, if one does.
        flip: Option<Flip>,
    },
}

/// The three ways to serve the traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Plan {
    /// Every request to the hosted API.
    Api,
    /// Every request to the self-hosted fleet.
    SelfHost,
    /// A self-hosted base load with the overflow sent to the API.
    Hybrid,
}

impl Plan {
    /// Every plan, in tie-break order: on equal cost the simpler plan wins.
    pub const ALL: [Plan; 3] = [Plan::Api, Plan::SelfHost, Plan::Hybrid];

    /// Stable id (`data-choice` on the page).
    pub fn id(self) -> &'static str {
        match self {
            Plan::Api => "api",
            Plan::SelfHost => "self-host",
            Plan::Hybrid => "hybrid",
        }
    }

    /// The cheapest of three monthly costs (in [`Plan::ALL`] order); ties go to the earlier
    /// plan.
    ///
    /// ```
    /// use infercost::evaluate::Plan;
    /// assert_eq!(Plan::cheapest([10.0, 9.0, 9.0]), Plan::SelfHost);
    /// assert_eq!(Plan::cheapest([10.0, 10.0, 10.0]), Plan::Api);
    /// assert_eq!(Plan::cheapest([10.0, 11.0, 8.0]), Plan::Hybrid);
    /// // Rounding noise is a tie: a hybrid of no replicas is the API.
    /// assert_eq!(Plan::cheapest([1545.0, 5231.0, 1545.0000000000002]), Plan::Api);
    /// ```
    pub fn cheapest(monthly_usd: [f64; 3]) -> Plan {
        let mut best = 0;
        for i in 1..3 {
            // Cheaper by more than half a cent (float noise is a tie, and ties go to the
            // simpler plan).
            if monthly_usd[i] < monthly_usd[best] - 0.005 {
                best = i;
            }
        }
        Plan::ALL[best]
    }
}

/// The input that would flip the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flip {
    /// The sensitivity row's key.
    pub key: &'static str,
    /// How a sentence names the input ("the GPU price").
    pub noun: &'static str,
    /// About where the savings cross zero (linear between the row's low and high values),
    /// in the input's own unit.
    pub value: f64,
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

/// What the self-hosted estimate rests on (`words::basis` says it).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Basis {
    /// The person's own throughput figure.
    Measured {
        /// Output tokens per second of one replica at full load.
        output_tokens_per_s: f64,
    },
    /// The physics, with the engine's constants calibrated on public measurements.
    Estimated {
        /// The serving engine.
        engine: crate::Engine,
        /// Public speed measurements of that engine in the calibration set.
        measurements: u32,
        /// Median |measured/predicted - 1| over them.
        median_error: f64,
        /// A mixture-of-experts model: the calibration set holds few of them.
        mixture_of_experts: bool,
        /// An AMD GPU: the calibration set holds no ROCm measurements.
        amd: bool,
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
    /// Unit costs of each plan, in [`Plan::ALL`] order (API, self-hosted, hybrid); the last
    /// two are `None` when self-hosting cannot run.
    pub unit_costs: [Option<UnitCosts>; 3],
    /// Chart curves.
    pub curves: Curves,
    /// Sensitivity of the savings, largest swing first.
    pub sensitivity: Vec<SensitivityRow>,
    /// Low/high band from the engine-efficiency uncertainty.
    pub efficiency_band: EfficiencyBand,
    /// What the self-hosted estimate rests on.
    pub basis: Basis,
    /// Where the prices come from (for the "checked on" notes and staleness warnings).
    pub prices: PriceProvenance,
}
