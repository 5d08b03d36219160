//! The cheapest way to serve the scenario's traffic: every catalog GPU x GPUs per replica x
//! weight precision x KV precision x engine that runs on that GPU, each evaluated with the
//! whole model (fleet, queueing, hybrid) and ranked by monthly cost. Shared by the CLI
//! (`infercost search`) and, later, the page's on-demand worker.

use crate::catalog::{self, Stack};
use crate::evaluate::{evaluate, Feasibility, Outcome, Plan};
use crate::scenario::Scenario;
use crate::{Engine, KvPrecision, WeightPrecision};
use serde::Serialize;

/// GPUs per replica the search tries.
pub const GPU_COUNTS: [u32; 4] = [1, 2, 4, 8];

/// Weight precisions the search tries (a GPU without the matching tensor cores runs them as
/// the physics says: FP8 as W8A16 on an A100, FP4 as W4A16 on Hopper).
pub const WEIGHT_PRECISIONS: [WeightPrecision; 4] = [
    WeightPrecision::Bf16,
    WeightPrecision::Fp8,
    WeightPrecision::Int4,
    WeightPrecision::Fp4,
];

/// KV-cache precisions the search tries.
pub const KV_PRECISIONS: [KvPrecision; 2] = [KvPrecision::Bf16, KvPrecision::Fp8];

/// One configuration and what it costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// Catalog GPU id.
    pub gpu: String,
    /// GPUs per replica.
    pub gpus_per_replica: u32,
    /// Weight precision id.
    pub precision: String,
    /// KV-cache precision id.
    pub kv_precision: String,
    /// Engine id.
    pub engine: String,
    /// The GPU's hourly price used (its catalog median, or the scenario's own for its GPU).
    pub gpu_usd_per_hour: f64,
    /// The cheaper of self-hosting alone and the hybrid (self-hosted base, API overflow),
    /// USD per month.
    pub monthly_usd: f64,
    /// Which of the two that is: `self-host` or `hybrid`.
    pub plan: String,
    /// Self-hosting alone, USD per month.
    pub self_host_monthly_usd: f64,
    /// The hybrid, USD per month.
    pub hybrid_monthly_usd: f64,
    /// Self-hosted cost per 1M output tokens, USD.
    pub usd_per_mtok_output: f64,
    /// Replicas of the self-hosted fleet, spares included.
    pub replicas: u32,
    /// p95 time to first token at the peak hour, seconds.
    pub ttft_p95_s: f64,
    /// Time per output token at the operating point, seconds.
    pub tpot_s: f64,
    /// Served load / capacity of the serving replicas at the peak hour (the headroom is
    /// one minus it).
    pub peak_utilization: f64,
    /// Whether the operating point meets the latency targets.
    pub meets_targets: bool,
}

/// The outcome of a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResult {
    /// Configurations that serve the traffic within the latency targets, cheapest first.
    pub results: Vec<Candidate>,
    /// Configurations that serve the traffic but miss a latency target even at concurrency
    /// 1, cheapest first.
    pub below_targets: Vec<Candidate>,
    /// The API's monthly cost for the same traffic, USD.
    pub api_monthly_usd: f64,
    /// Configurations that cannot serve the workload, with why, one line per GPU and
    /// precision (the smallest count tried).
    pub infeasible: Vec<String>,
    /// Configurations evaluated.
    pub evaluated: usize,
}

/// The engines that run on `gpu`, by its software stack: CUDA GPUs take vLLM, SGLang and
/// TensorRT-LLM; ROCm GPUs vLLM and SGLang; Apple (Metal) GPUs llama.cpp.
pub fn engines_for(gpu: &catalog::GpuSpec) -> &'static [Engine] {
    match gpu.stack {
        Stack::Cuda => &[Engine::Vllm, Engine::Sglang, Engine::TensorrtLlm],
        Stack::Rocm => &[Engine::Vllm, Engine::Sglang],
        Stack::Metal => &[Engine::LlamaCpp],
    }
}

/// The hourly price a GPU is searched at: the scenario's own for its own catalog GPU, else
/// the GPU's median bundled reading; `None` without one (nothing to cost it at).
pub fn gpu_usd_per_hour(base: &Scenario, g: &catalog::GpuEntry) -> Option<f64> {
    let own = g.id == base.self_host.gpu_id && base.self_host.custom_gpu.is_none();
    let price = if own {
        Some(base.self_host.gpu_usd_per_hour)
    } else {
        crate::prices::median_gpu_price(g.id).map(|p| p.usd_per_gpu_hour)
    };
    price.filter(|p| p.is_finite() && *p > 0.0)
}

/// `base` on catalog GPU `gpu_id` at `usd_per_hour` with the given replica. A measured
/// throughput stays only on the deployment it was measured on.
pub fn configured(
    base: &Scenario,
    gpu_id: &str,
    usd_per_hour: f64,
    gpus_per_replica: u32,
    precision: WeightPrecision,
    kv: KvPrecision,
    engine: Engine,
) -> Scenario {
    let mut t = base.clone();
    let h = &mut t.self_host;
    let same = gpu_id == base.self_host.gpu_id
        && base.self_host.custom_gpu.is_none()
        && gpus_per_replica == h.gpus_per_replica
        && precision == h.weight_precision
        && kv == h.kv_precision
        && engine == h.engine;
    if gpu_id != base.self_host.gpu_id {
        h.gpu_price_id = crate::link::CUSTOM_PRICE_ID.to_string();
    }
    h.gpu_id = gpu_id.to_string();
    h.custom_gpu = None;
    h.gpu_usd_per_hour = usd_per_hour;
    h.gpus_per_replica = gpus_per_replica;
    h.weight_precision = precision;
    h.kv_precision = kv;
    h.engine = engine;
    if !same {
        h.measured_output_tokens_per_s = None;
    }
    t
}

/// The candidate a configured scenario's report makes, if self-hosting can serve it. A
/// hybrid that keeps no replica is the API alone, not a way to run this configuration: then
/// the configuration is costed self-hosted alone.
pub fn candidate(t: &Scenario, r: &crate::evaluate::Report) -> Option<Candidate> {
    let (Outcome::Compared { monthly_usd, .. }, Feasibility::Feasible(serving)) =
        (&r.verdict.outcome, &r.self_host.feasibility)
    else {
        return None;
    };
    let h = &t.self_host;
    let own_usd = monthly_usd[Plan::SelfHost as usize];
    let hybrid_usd = monthly_usd[Plan::Hybrid as usize];
    let (monthly, plan) = if hybrid_usd < own_usd && r.hybrid.plan.replicas > 0 {
        (hybrid_usd, "hybrid")
    } else {
        (own_usd, "self-host")
    };
    Some(Candidate {
        gpu: h.gpu_id.clone(),
        gpus_per_replica: h.gpus_per_replica,
        precision: h.weight_precision.id(),
        kv_precision: h.kv_precision.id().to_string(),
        engine: h.engine.id().to_string(),
        gpu_usd_per_hour: h.gpu_usd_per_hour,
        monthly_usd: monthly,
        plan: plan.to_string(),
        self_host_monthly_usd: own_usd,
        hybrid_monthly_usd: hybrid_usd,
        usd_per_mtok_output: serving.usd_per_mtok_output,
        replicas: serving.replicas_total,
        ttft_p95_s: serving.p95_ttft_at_peak_s,
        tpot_s: serving.tpot_at_peak_s,
        peak_utilization: serving.peak_utilization,
        meets_targets: serving.meets_latency_targets,
    })
}

/// Searches every configuration for `s`'s workload, targets and prices. A GPU without a
/// bundled price is skipped (nothing to cost it at), except the scenario's own GPU at its
/// own price. `progress` is called after each GPU with (done, total); returning `false`
/// stops the search early (the results so far are returned).
pub fn search(s: &Scenario, mut progress: impl FnMut(usize, usize) -> bool) -> SearchResult {
    let base = s.sanitized();
    let gpus = catalog::gpus();
    let mut results = Vec::new();
    let mut infeasible = Vec::new();
    let mut evaluated = 0;
    let mut api_monthly_usd = f64::NAN;
    let largest = GPU_COUNTS[GPU_COUNTS.len() - 1];
    for (done, g) in gpus.iter().enumerate() {
        if let Some(usd_per_hour) = gpu_usd_per_hour(&base, g) {
            for precision in WEIGHT_PRECISIONS {
                // Why the largest replica tried cannot serve it, when no engine, KV precision
                // or GPU count can.
                let mut reason_at_largest = None;
                let mut any_fits = false;
                let grid = engines_for(&g.spec).iter().flat_map(|&engine| {
                    KV_PRECISIONS
                        .into_iter()
                        .flat_map(move |kv| GPU_COUNTS.map(|count| (engine, kv, count)))
                });
                for (engine, kv, count) in grid {
                    let t = configured(&base, g.id, usd_per_hour, count, precision, kv, engine);
                    let r = evaluate(&t);
                    evaluated += 1;
                    api_monthly_usd = r.api.total_usd_per_month;
                    match candidate(&t, &r) {
                        Some(c) => {
                            any_fits = true;
                            results.push(c);
                        }
                        None => {
                            if let (Outcome::Infeasible { reason, .. }, true) =
                                (&r.verdict.outcome, count == largest)
                            {
                                reason_at_largest = Some(crate::words::infeasibility(reason));
                            }
                        }
                    }
                }
                if let (false, Some(why)) = (any_fits, reason_at_largest) {
                    infeasible.push(format!(
                        "{} in {}, even {largest} per replica: {why}",
                        g.name,
                        precision.id()
                    ));
                }
            }
        }
        if !progress(done + 1, gpus.len()) {
            break;
        }
    }
    results.sort_by(|a, b| a.monthly_usd.total_cmp(&b.monthly_usd));
    let (results, below_targets) = results.into_iter().partition(|c| c.meets_targets);
    SearchResult {
        results,
        below_targets,
        api_monthly_usd,
        infeasible,
        evaluated,
    }
}

/// Which of `results` are on the cost-latency Pareto front: no other configuration is both
/// cheaper (or as cheap) and faster (or as fast) per output token, and strictly better in
/// one. A flag per configuration, in order.
pub fn pareto_front(results: &[Candidate]) -> Vec<bool> {
    results
        .iter()
        .map(|c| {
            !results.iter().any(|o| {
                o.monthly_usd <= c.monthly_usd
                    && o.tpot_s <= c.tpot_s
                    && (o.monthly_usd < c.monthly_usd || o.tpot_s < c.tpot_s)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A configuration's cost evaluated directly: self-hosted alone, or the hybrid when it
    /// keeps replicas and is cheaper.
    fn cheapest_of(s: &Scenario) -> f64 {
        let r = evaluate(s);
        match r.verdict.outcome {
            Outcome::Compared { monthly_usd, .. } => {
                let own = monthly_usd[Plan::SelfHost as usize];
                let hybrid = monthly_usd[Plan::Hybrid as usize];
                if r.hybrid.plan.replicas > 0 {
                    own.min(hybrid)
                } else {
                    own
                }
            }
            Outcome::Infeasible { .. } => f64::INFINITY,
        }
    }

    #[test]
    fn the_best_is_no_dearer_than_the_default_deployment_and_results_ascend() {
        let s = Scenario::default();
        let found = search(&s, |_, _| true);
        assert!(found.evaluated > 1000, "{}", found.evaluated);
        let best = &found.results[0];
        assert!(best.monthly_usd <= cheapest_of(&s) + 1e-6, "{best:?}");
        assert!(found
            .results
            .windows(2)
            .all(|w| w[0].monthly_usd <= w[1].monthly_usd));
        assert!(found
            .results
            .iter()
            .all(|c| c.monthly_usd.is_finite() && c.monthly_usd > 0.0));
        // Llama 3.3 70B in 16-bit cannot fit 8 x 16 GB: said once per GPU and precision.
        assert!(
            found
                .infeasible
                .iter()
                .any(|l| l.starts_with("T4 16GB in bf16, even 8 per replica")),
            "{:?}",
            found.infeasible
        );
    }

    #[test]
    fn the_front_keeps_only_configurations_nothing_beats_on_both() {
        let found = search(&Scenario::default(), |_, _| true);
        let front = pareto_front(&found.results);
        // The cheapest is on the front, and so is the fastest.
        assert!(front[0]);
        let fastest = (0..found.results.len())
            .min_by(|&a, &b| found.results[a].tpot_s.total_cmp(&found.results[b].tpot_s))
            .unwrap();
        assert!(front[fastest]);
        // Along the front, cost rises as time per token falls.
        let on: Vec<&Candidate> = found
            .results
            .iter()
            .zip(&front)
            .filter_map(|(c, &f)| f.then_some(c))
            .collect();
        assert!(on.len() >= 2 && on.len() < found.results.len());
        assert!(on
            .windows(2)
            .all(|w| w[1].monthly_usd >= w[0].monthly_usd && w[1].tpot_s <= w[0].tpot_s));
        assert!(found.below_targets.iter().all(|c| !c.meets_targets));
        assert!(found.results.iter().all(|c| c.meets_targets));
    }

    #[test]
    fn stopping_early_keeps_what_was_found() {
        let mut calls = 0;
        let found = search(&Scenario::default(), |done, total| {
            calls += 1;
            assert!(done <= total);
            done < 3
        });
        assert_eq!(calls, 3);
        assert!(found.evaluated > 0);
    }

    /// The search's best for the default scenario, computed once for the property below.
    fn default_best() -> f64 {
        static BEST: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
        *BEST.get_or_init(|| {
            search(&Scenario::default(), |_, _| true)
                .results
                .first()
                .map_or(f64::INFINITY, |b| b.monthly_usd)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Any configuration of the grid, evaluated directly at the GPU's median price, costs
        /// at least the search's best.
        #[test]
        fn the_best_is_no_dearer_than_any_configuration_of_the_grid(
            g in 0usize..64, c in 0usize..4, w in 0usize..4, k in 0usize..2, e in 0usize..3,
        ) {
            let s = Scenario::default();
            let gpu = &catalog::gpus()[g % catalog::gpus().len()];
            let engines = engines_for(&gpu.spec);
            if let Some(price) = gpu_usd_per_hour(&s, gpu) {
                let t = configured(
                    &s,
                    gpu.id,
                    price,
                    GPU_COUNTS[c],
                    WEIGHT_PRECISIONS[w],
                    KV_PRECISIONS[k],
                    engines[e % engines.len()],
                );
                let direct = cheapest_of(&t);
                prop_assert!(default_best() <= direct + 1e-6, "best {} vs {direct}", default_best());
            }
        }
    }
}
