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
use crate::float::{finite_or_zero, Clamp};
use crate::input::FieldId;
use crate::memory::{self, MemoryBreakdown};
use crate::perf::{self, Deployment, PerfCurve, PerfPoint, RequestShape};
use crate::scenario::{Billing, Scenario};

mod queue;
mod report;
mod sensitivity;
mod verdict;

use queue::{fleet_model, p95_ttft_at, quick, quick_sized, FleetModel, QueueSizing};
pub use report::*;
use sensitivity::{empty_band, sensitivity_and_band};
use verdict::verdict;

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

// ---------------------------------------------------------------------------------------
// Physics adapter
// ---------------------------------------------------------------------------------------

/// One replica's capacity at the latency targets, from the physics.
#[derive(Debug, Clone)]
struct Capacity {
    feasible: bool,
    /// Why not, when not feasible (refined with the memory in `self_host_report`).
    reason: Infeasibility,
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

fn hardware(s: &Scenario) -> Result<Hardware, Infeasibility> {
    let sh = &s.self_host;
    let (arch, model_name) = match &sh.custom_model {
        Some(a) => (a.clone(), "custom model".to_string()),
        None => match catalog::find_model(&sh.model_id) {
            Some(m) => (m.arch.clone(), m.name.to_string()),
            None => {
                return Err(Infeasibility::UnknownModel {
                    id: sh.model_id.clone(),
                })
            }
        },
    };
    let (gpu, gpu_name) = match &sh.custom_gpu {
        Some(g) => (g.clone(), "custom GPU".to_string()),
        None => match catalog::find_gpu(&sh.gpu_id) {
            Some(g) => (g.spec.clone(), g.name.to_string()),
            None => {
                return Err(Infeasibility::UnknownGpu {
                    id: sh.gpu_id.clone(),
                })
            }
        },
    };
    Ok(Hardware {
        arch,
        gpu,
        model_name,
        gpu_name,
    })
}

/// The replica a scenario describes, as `evaluate` runs it (nominal efficiency, its measured
/// throughput if any); why not when its model or GPU id is unknown.
///
/// # Errors
/// An unknown model or GPU id.
pub fn deployment_of(s: &Scenario) -> Result<Deployment, Infeasibility> {
    hardware(s).map(|hw| deployment(s, &hw, 1.0))
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
        tensor_parallel_attention: false,
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
            reason: if max_concurrency == 0 {
                Infeasibility::OneRequestDoesNotFit {
                    context_tokens: s.workload.input_tokens + s.workload.output_tokens,
                }
            } else {
                Infeasibility::NoThroughput
            },
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
        reason: Infeasibility::NoThroughput,
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
pub(crate) fn api_usd_per_request(s: &Scenario) -> f64 {
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
        usd_per_mtok_output: per_mtok_output(s, total, v),
    }
}

/// The daily load the self-hosted fleet sees: the profile, with the deferrable (batch) share
/// of requests moved into the quiet hours (`LoadProfile::with_deferrable`).
pub(crate) fn load_profile(s: &Scenario) -> LoadProfile {
    LoadProfile::new(s.workload.daily_profile, s.workload.peak_to_average)
        .with_deferrable(s.api.batch_share)
}

fn per_mtok(s: &Scenario, total: f64, v: f64) -> f64 {
    per_million(total, v * mtok_per_request(s))
}

/// The whole monthly cost per 1M output tokens of the users' requests: what a token of the
/// answer costs all-in, the unit hosted APIs quote their dearer price in.
fn per_mtok_output(s: &Scenario, total: f64, v: f64) -> f64 {
    per_million(total, v * s.workload.output_tokens / 1e6)
}

fn per_million(total: f64, mtok: f64) -> f64 {
    if mtok > 0.0 {
        finite_or_zero(total / mtok)
    } else {
        0.0
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
    let profile = load_profile(&s);

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
    let serving = self_host.serving();
    let feasible = serving.is_some();
    let break_even = if feasible {
        fm.staircase.break_even(a)
    } else {
        BreakEven::Never
    };
    let savings = serving.map_or(0.0, |sv| {
        finite_or_zero(api.total_usd_per_month - sv.total_usd_per_month)
    });
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
                serving.map_or(0.0, |sv| sv.total_usd_per_month) - plan.total_usd,
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
    let unit = |total: f64| UnitCosts {
        usd_per_request: if v > 0.0 {
            finite_or_zero(total / v)
        } else {
            0.0
        },
        usd_per_mtok: per_mtok(&s, total, v),
        usd_per_mtok_output: per_mtok_output(&s, total, v),
        usd_per_user: per(total),
        margin: (seat > 0.0).then(|| margin(per(total))),
    };
    let unit_costs = [
        Some(unit(api.total_usd_per_month)),
        serving.map(|sv| unit(sv.total_usd_per_month)),
        serving.map(|_| unit(hybrid.plan.total_usd)),
    ];
    let api_pu = per(api.total_usd_per_month);
    let self_pu = serving.map_or(0.0, |sv| per(sv.total_usd_per_month));
    let per_user = PerUser {
        users,
        price_per_seat_usd_per_month: seat,
        api_usd_per_user: api_pu,
        self_host_usd_per_user: self_pu,
        api_margin: margin(api_pu),
        self_host_margin: if feasible { margin(self_pu) } else { 0.0 },
    };

    let verdict = verdict(
        &s,
        &self_host,
        &verdict::Costs {
            api: &api,
            hybrid_usd: hybrid.plan.total_usd,
            savings,
            break_even,
            requests_per_month: v,
            sensitivity: &sensitivity,
            band: &efficiency_band,
        },
    );
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
        unit_costs,
        curves,
        sensitivity,
        efficiency_band,
        basis: basis(&s),
        prices: provenance(&s),
    }
}

/// What the self-hosted estimate rests on: the person's measured throughput, or the physics
/// with the engine's calibration evidence and what the calibration set barely covers.
fn basis(s: &Scenario) -> Basis {
    let sh = &s.self_host;
    if let Some(tps) = sh.measured_output_tokens_per_s {
        return Basis::Measured {
            output_tokens_per_s: tps,
        };
    }
    let (measurements, median_error) = perf::evidence(sh.engine);
    Basis::Estimated {
        engine: sh.engine,
        measurements,
        median_error,
        mixture_of_experts: crate::scenario::model_in_use(s).experts > 1,
        // AMD's Instinct line, by catalog name (a custom GPU has no vendor).
        amd: sh.custom_gpu.is_none()
            && catalog::find_gpu(&sh.gpu_id).is_some_and(|g| g.name.starts_with("Instinct")),
    }
}

fn infeasible_report(
    s: &Scenario,
    reason: Infeasibility,
    hw: Option<&Hardware>,
    memory: Option<MemoryBreakdown>,
) -> SelfHostReport {
    SelfHostReport {
        model_name: hw.map(|h| h.model_name.clone()).unwrap_or_default(),
        gpu_name: hw.map(|h| h.gpu_name.clone()).unwrap_or_default(),
        memory,
        feasibility: Feasibility::Infeasible {
            reason,
            gpus_that_fit: hw.and_then(|hw| gpus_that_fit(s, hw)),
        },
    }
}

/// The real cause when not even one request fits: a request beyond the context window, the
/// weights alone over the memory budget, or one request's KV cache on top of them.
fn why_not(
    s: &Scenario,
    hw: &Hardware,
    d: &Deployment,
    mem: &MemoryBreakdown,
    physics: &Infeasibility,
) -> Infeasibility {
    let Infeasibility::OneRequestDoesNotFit { context_tokens } = *physics else {
        return physics.clone();
    };
    let window = hw.arch.max_context_tokens;
    if window > 0 && context_tokens > f64::from(window) {
        return Infeasibility::ContextExceedsWindow {
            context_tokens,
            max_context_tokens: window,
        };
    }
    let preset = perf::engine_preset(s.self_host.engine);
    let budget = d.gpu.memory_bytes * preset.memory_utilization;
    let fixed = mem.weights_bytes + mem.workspace_bytes + mem.activations_bytes;
    if fixed >= budget {
        Infeasibility::WeightsDoNotFit {
            fixed_gib_per_gpu: finite_or_zero(fixed / catalog::BYTES_PER_GIB),
            budget_gib_per_gpu: finite_or_zero(budget / catalog::BYTES_PER_GIB),
        }
    } else {
        Infeasibility::OneRequestDoesNotFit { context_tokens }
    }
}

/// The smallest GPUs per replica (a power of two above the current count, up to 64) on which
/// the same model, GPU, precisions and engine can serve the workload, if any.
fn gpus_that_fit(s: &Scenario, hw: &Hardware) -> Option<u32> {
    let mut t = s.clone();
    let now = s.self_host.gpus_per_replica.max(1);
    [2u32, 4, 8, 16, 32, 64]
        .into_iter()
        .filter(|n| *n > now)
        .find(|n| {
            t.self_host.gpus_per_replica = *n;
            capacity(&t, hw, 1.0).feasible
        })
}

/// How a deployment fits the workload, for the automatic choice of a deployment
/// (`pairing`): the physics only, without the fleet and costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fit {
    /// Whether at least one request fits and is served.
    pub feasible: bool,
    /// Whether the operating point meets both latency targets.
    pub meets_targets: bool,
    /// Most sequences of the mean context one replica's KV cache holds.
    pub max_concurrency: u32,
}

pub(crate) fn fit(s: &Scenario) -> Fit {
    let s = s.sanitized();
    match hardware(&s) {
        Ok(hw) => {
            let c = capacity(&s, &hw, 1.0);
            Fit {
                feasible: c.feasible,
                meets_targets: c.feasible && c.meets_targets,
                max_concurrency: c.max_concurrency,
            }
        }
        Err(_) => Fit {
            feasible: false,
            meets_targets: false,
            max_concurrency: 0,
        },
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
        return infeasible_report(s, cap.reason.clone(), None, None);
    };
    let context = s.workload.input_tokens + s.workload.output_tokens;
    if !cap.feasible {
        let d = deployment(s, hwr, 1.0);
        let mem = memory::memory_per_gpu(&d, context, 0);
        let reason = why_not(s, hwr, &d, &mem, &cap.reason);
        return infeasible_report(s, reason, hw, Some(mem));
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
    // The running requests hold their mean footprint where the engine admits by paged
    // blocks (as `perf::admitted_sequences` counts them), their whole length otherwise.
    let admitted_context_tokens = crate::deployment::engine_preset(d.engine)
        .admission_context_tokens(s.workload.input_tokens, s.workload.output_tokens);
    let memory = memory::memory_per_gpu(&d, admitted_context_tokens, slots);
    let point = cap.point;
    let serving = Serving {
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
        engineering_fte: sh.engineering_fte,
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
        usd_per_mtok_output: per_mtok_output(s, total, v),
    };
    SelfHostReport {
        model_name: hwr.model_name.clone(),
        gpu_name: hwr.gpu_name.clone(),
        memory: Some(memory),
        feasibility: Feasibility::Feasible(Box::new(serving)),
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
    // A decade either side, widened to whole decades: the range (and the drawing) stays put
    // while the volume moves within a decade [10^k, 10^(k+1)), so a slider drag moves the
    // chart's marker, not its axes.
    let decade = |x: f64| x.log10().floor() as i32;
    let lo = 10f64.powi(decade((lo / 10.0).clamped(100.0, 1.0e11)));
    let hi = 10f64
        .powi(decade((hi * 10.0).clamped(lo * 10.0, 1.0e12)) + 1)
        .min(1.0e12);
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

#[cfg(test)]
mod props;
