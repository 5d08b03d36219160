//! Property tests of the economics (proptest, 10,000 cases each).
//!
//! The physics runs once (the default deployment's capacity, cached); the economic
//! properties vary everything else around it, so each case costs microseconds. One property
//! runs the whole `evaluate` on random in-range scenarios.

use super::queue::Quick;
use super::Infeasibility;
use super::*;
use crate::fleet::DailyProfile;
use crate::scenario::{fields, VolumeMode};
use crate::{Engine, KvPrecision, WeightPrecision};
use proptest::prelude::*;
use std::sync::OnceLock;

fn default_capacity() -> &'static Capacity {
    static CAP: OnceLock<Capacity> = OnceLock::new();
    CAP.get_or_init(|| {
        let s = Scenario::default();
        let hw = hardware(&s).expect("default hardware resolves");
        capacity(&s, &hw, 1.0)
    })
}

const PROFILES: [DailyProfile; 5] = DailyProfile::ALL;

/// A scenario whose economic inputs are random and in range (the physics inputs stay at
/// their defaults so the cached capacity applies).
fn econ_scenario() -> impl Strategy<Value = Scenario> {
    (
        (
            0.0f64..1.0e9,
            1.0f64..20_000.0,
            1.0f64..4000.0,
            0.0f64..1.0,
            0.0f64..1.0,
            0.0f64..2.0,
            0.0f64..5.0,
            0usize..5,
            1.0f64..24.0,
        ),
        (
            0.0f64..20.0,
            0.0f64..20.0,
            0.0f64..5.0,
            0.0f64..60.0,
            0.0f64..0.95,
            0.0f64..1.0,
            0.0f64..2.0,
        ),
        (
            0.05f64..20.0,
            0.05f64..0.95,
            0u32..4,
            0u32..3,
            any::<bool>(),
            0.0f64..50_000.0,
            0.0f64..0.5,
            0.0f64..200_000.0,
        ),
    )
        .prop_map(|(w, a, h)| {
            let mut s = Scenario::default();
            s.workload.requests_per_month = w.0;
            s.workload.users = w.1;
            s.workload.output_tokens = w.2.min(100_000.0);
            s.workload.cache_write_share = w.3;
            s.workload.cached_input_share = w.4;
            s.workload.retry_rate = w.5;
            s.workload.extra_calls_per_request = w.6;
            s.workload.daily_profile = PROFILES[w.7 % PROFILES.len()];
            s.workload.peak_to_average = w.8;
            s.api.input_usd_per_mtok = a.0;
            s.api.cached_input_usd_per_mtok = a.1;
            s.api.cache_write_premium_usd_per_mtok = a.2;
            s.api.output_usd_per_mtok = a.3;
            s.api.batch_discount = a.4;
            s.api.batch_share = a.5;
            s.api.retry_rate = a.6;
            s.self_host.gpu_usd_per_hour = h.0;
            s.self_host.target_utilization = h.1;
            s.self_host.min_replicas = h.2;
            s.self_host.redundancy_replicas = h.3;
            s.self_host.billing = if h.4 {
                Billing::AlwaysOn
            } else {
                Billing::Autoscaled
            };
            s.self_host.engineering_usd_per_month = h.5;
            s.self_host.egress_usd_per_gb = h.6;
            s.self_host.bytes_per_response = h.7;
            // The output-token change alters the physics' request shape only through the
            // capacity, which is held fixed here; that is fine for economic properties.
            s
        })
}

fn random_staircase() -> impl Strategy<Value = Staircase> {
    (
        0.0f64..1.0e5,
        0.0f64..1.0e-3,
        prop::collection::vec((1.0f64..1.0e5, 1.0e-9f64..1.0e-3, 0u32..5, 0u32..3), 1..25),
    )
        .prop_map(|(fixed, e, segs)| Staircase {
            fixed_usd: fixed,
            usd_per_request: e,
            segments: segs
                .into_iter()
                .map(|(g, k, m, x)| StepSegment {
                    usd_per_replica: g,
                    replicas_per_request: k,
                    min_replicas: f64::from(m),
                    extra_replicas: f64::from(x),
                })
                .collect(),
        })
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// The API bill is linear in volume: zero at zero, additive, and its items sum to the total.
    #[test]
    fn api_cost_is_linear_in_volume(s in econ_scenario(), v1 in 0.0f64..1e9, v2 in 0.0f64..1e9) {
        let c1 = api_cost(&s, v1);
        let c2 = api_cost(&s, v2);
        let c12 = api_cost(&s, v1 + v2);
        prop_assert_eq!(api_cost(&s, 0.0).total_usd_per_month, 0.0);
        prop_assert!(close(c12.total_usd_per_month, c1.total_usd_per_month + c2.total_usd_per_month, 1e-9));
        let items = c1.input_usd + c1.cached_input_usd + c1.cache_write_usd + c1.output_usd
            + c1.extra_calls_usd + c1.retries_usd + c1.batch_savings_usd;
        prop_assert!(close(items, c1.total_usd_per_month, 1e-9));
        prop_assert!(close(c1.total_usd_per_month, api_usd_per_request(&s) * v1, 1e-9));
        prop_assert!(c1.batch_savings_usd <= 0.0);
    }

    /// The self-hosted cost never falls as volume grows, and (always on) it is the fixed
    /// part + egress + a whole number of replica-months.
    #[test]
    fn self_host_cost_is_a_non_decreasing_staircase(
        s in econ_scenario(), v1 in 0.0f64..1e9, dv in 0.0f64..1e9,
    ) {
        let fm = fleet_model(&s, default_capacity());
        let st = &fm.staircase;
        let (c1, c2) = (st.cost_usd(v1), st.cost_usd(v1 + dv));
        prop_assert!(c2 >= c1 - 1e-9 * c1.abs().max(1.0), "{} then {}", c1, c2);
        if s.self_host.billing == Billing::AlwaysOn {
            let seg = st.segments[0];
            let replicas = (c1 - st.fixed_usd - st.usd_per_request * v1) / seg.usd_per_replica;
            prop_assert!((replicas - replicas.round()).abs() < 1e-6, "{}", replicas);
            prop_assert!(replicas.round() >= 1.0 + seg.extra_replicas - 1e-9);
        }
    }

    /// At the reported break-even the two costs are equal, and above it self-hosting stays
    /// cheaper (random abstract staircases, one to 24 billing segments).
    #[test]
    fn costs_cross_at_break_even(st in random_staircase(), a in 1.0e-6f64..0.1) {
        match st.break_even(a) {
            BreakEven::At { requests_per_month: v, exact } => {
                prop_assert!(v.is_finite() && v >= 0.0);
                if exact {
                    let api = a * v;
                    let here = st.cost_usd(v);
                    let right = st.cost_usd(v * (1.0 + 1e-12));
                    prop_assert!(close(here, api, 1e-7) || close(right, api, 1e-7),
                        "S={} S+={} A={}", here, right, api);
                }
                for m in [1.0 + 1e-6, 1.001, 1.1, 2.0, 10.0, 1000.0] {
                    let w = v * m + 1e-3;
                    prop_assert!(st.cost_usd(w) <= a * w * (1.0 + 1e-9),
                        "not cheaper at {} (x{}): S={} A={}", w, m, st.cost_usd(w), a * w);
                }
            }
            BreakEven::Never => {
                prop_assert!(a <= st.asymptotic_usd_per_request() * (1.0 + 1e-9) + 1e-15
                    || a <= st.usd_per_request);
            }
            BreakEven::Always => prop_assert!(false, "costs are positive in this generator"),
        }
    }

    /// Savings rise with the API's prices and fall with the GPU's price; the break-even
    /// volume falls as the API gets dearer.
    #[test]
    fn savings_move_the_right_way(s in econ_scenario(), k in 1.0f64..4.0) {
        let cap = default_capacity();
        let base = quick(&s, cap);
        let mut dear_api = s.clone();
        dear_api.api.input_usd_per_mtok *= k;
        dear_api.api.cached_input_usd_per_mtok *= k;
        dear_api.api.cache_write_premium_usd_per_mtok *= k;
        dear_api.api.output_usd_per_mtok *= k;
        let up = quick(&dear_api, cap);
        let sav = |q: &Quick| q.api_usd - q.self_usd;
        prop_assert!(sav(&up) >= sav(&base) - 1e-9 * base.api_usd.max(1.0));
        if let (Some(b0), Some(b1)) = (base.break_even.volume(), up.break_even.volume()) {
            prop_assert!(b1 <= b0 * (1.0 + 1e-9) + 1e-6, "{} then {}", b0, b1);
        }
        if base.break_even.volume().is_some() {
            prop_assert!(up.break_even.volume().is_some());
        }
        let mut dear_gpu = s.clone();
        dear_gpu.self_host.gpu_usd_per_hour *= k;
        let down = quick(&dear_gpu, cap);
        prop_assert!(sav(&down) <= sav(&base) + 1e-9 * base.self_usd.max(1.0));
    }

    /// Requests that can wait fill the quiet hours of an always-on fleet: more of them never
    /// costs more to self-host, and the API side gets its batch discount on them.
    #[test]
    fn deferrable_traffic_never_costs_more(s in econ_scenario(), d1 in 0.0f64..1.0, d2 in 0.0f64..1.0) {
        let cap = default_capacity();
        let (lo, hi) = (d1.min(d2), d1.max(d2));
        let at = |d: f64| {
            let mut t = s.clone();
            t.self_host.billing = crate::scenario::Billing::AlwaysOn;
            t.api.batch_share = d;
            quick(&t, cap)
        };
        let (a, b) = (at(lo), at(hi));
        prop_assert!(b.self_usd <= a.self_usd * (1.0 + 1e-9) + 1e-6, "{} then {}", a.self_usd, b.self_usd);
        prop_assert!(b.api_usd <= a.api_usd * (1.0 + 1e-9) + 1e-6);
    }
}

/// Keys whose value may legitimately be JSON null (an `Option` that is `None`).
const NULLABLE: [&str; 16] = [
    "unit_costs",
    "margin",
    "flip",
    "api_checked_date",
    "gpu_checked_date",
    "memory",
    "gpus_that_fit",
    "operating_point",
    "break_even_requests_per_month",
    "break_even_utilization",
    "break_even_low",
    "break_even_high",
    "custom_model",
    "custom_gpu",
    "measured_output_tokens_per_s",
    "fp8_flops",
];

/// serde_json writes a NaN or infinite f64 as null: any null outside an `Option` is one.
fn assert_all_finite(v: &serde_json::Value, key: &str) -> Result<(), String> {
    match v {
        serde_json::Value::Null if !NULLABLE.contains(&key) => Err(format!("{key} is not finite")),
        serde_json::Value::Number(n) => match n.as_f64() {
            Some(x) if x.is_finite() => Ok(()),
            _ => Err(format!("{key} = {n}")),
        },
        serde_json::Value::Array(a) => a.iter().try_for_each(|x| assert_all_finite(x, key)),
        serde_json::Value::Object(o) => o.iter().try_for_each(|(k, x)| assert_all_finite(x, k)),
        _ => Ok(()),
    }
}

fn any_scenario() -> impl Strategy<Value = Scenario> {
    let field_count = fields().len();
    (
        prop::collection::vec(0.0f64..1.0, field_count),
        (
            0usize..64,
            0usize..64,
            0usize..5,
            0usize..8,
            0usize..4,
            1u32..9,
        ),
        (
            any::<bool>(),
            any::<bool>(),
            0usize..5,
            prop::option::of(1.0f64..1.0e5),
        ),
        prop::option::weighted(0.2, (1.0f64..300.0, 0.05f64..10.0, 1.0f64..5000.0)),
    )
        .prop_map(move |(u, hw, flags, custom_gpu)| {
            let mut s = Scenario::default();
            for (f, x) in fields().iter().zip(&u) {
                // Log-uniform over the range for log-scale fields, uniform otherwise.
                let v = if f.log_scale && f.min >= 0.0 {
                    let lo = f.min.max(1e-3);
                    (lo.ln() + x * (f.max.ln() - lo.ln())).exp()
                } else {
                    f.min + x * (f.max - f.min)
                };
                let v = if f.integer { v.round() } else { v };
                f.set(&mut s, v.clamp(f.min, f.max));
            }
            // Counts that make sense for a fleet (the range allows thousands).
            s.self_host.min_replicas = s.self_host.min_replicas.min(8);
            s.self_host.redundancy_replicas = s.self_host.redundancy_replicas.min(4);
            s.self_host.gpus_per_replica = hw.5;
            let models = crate::catalog::models();
            let gpus = crate::catalog::gpus();
            if let Some(m) = models.get(hw.0 % models.len().max(1)) {
                s.self_host.model_id = m.id.to_string();
            }
            if let Some(g) = gpus.get(hw.1 % gpus.len().max(1)) {
                s.self_host.gpu_id = g.id.to_string();
            }
            s.self_host.engine = Engine::ALL[hw.2 % Engine::ALL.len()];
            s.self_host.weight_precision = [
                WeightPrecision::Bf16,
                WeightPrecision::Fp8,
                WeightPrecision::Int8,
                WeightPrecision::Int8WeightOnly,
                WeightPrecision::Int4,
                WeightPrecision::Fp4,
                WeightPrecision::Fp16,
                WeightPrecision::Gguf {
                    bits_per_weight: 4.85,
                },
            ][hw.3 % 8];
            s.self_host.kv_precision = KvPrecision::ALL[hw.4 % 4];
            s.self_host.billing = if flags.0 {
                Billing::AlwaysOn
            } else {
                Billing::Autoscaled
            };
            s.workload.volume_mode = if flags.1 {
                VolumeMode::RequestsPerMonth
            } else {
                VolumeMode::Users
            };
            s.workload.daily_profile = PROFILES[flags.2 % PROFILES.len()];
            s.self_host.measured_output_tokens_per_s = flags.3;
            s.self_host.custom_gpu = custom_gpu
                .map(|(gib, tbs, tflops)| crate::catalog::GpuSpec::custom(gib, tbs, tflops));
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// No panic, NaN or infinity for any scenario in range (any catalog model on any catalog
    /// GPU, any engine and precision); the hybrid never costs more than the API, nor (always
    /// on) more than self-hosting.
    #[test]
    fn evaluate_is_total_and_finite(s in any_scenario()) {
        let r = evaluate(&s);
        prop_assert!(r.issues.is_empty(), "{:?}", r.issues);
        let v = serde_json::to_value(&r).map_err(|e| TestCaseError::fail(e.to_string()))?;
        assert_all_finite(&v, "report").map_err(TestCaseError::fail)?;
        prop_assert!(r.hybrid.plan.total_usd <= r.api.total_usd_per_month * (1.0 + 1e-9) + 1e-6);
        if r.self_host.is_feasible() && s.self_host.billing == Billing::AlwaysOn {
            prop_assert!(r.hybrid.plan.total_usd
                <= serving(&r).total_usd_per_month * (1.0 + 1e-9) + 1e-6);
        }
        if !r.self_host.is_feasible() {
            prop_assert_eq!(r.savings_usd_per_month, 0.0);
            let infeasible = matches!(r.verdict.outcome, Outcome::Infeasible { .. });
            prop_assert!(infeasible);
        }
    }
}

#[test]
fn default_report_numbers() {
    let r = evaluate(&Scenario::default());
    assert!(r.self_host.is_feasible());
    assert!(r.issues.is_empty());
    // API: 10M requests x (750 x 0.4 + 750 x 0.4 + 350 x 0.4) / 1e6 = $7,400 list for the
    // users' requests; extra calls x0.1 and retries x1.1 x 0.03 on top.
    let base = 10.0e6 * (1500.0 + 350.0) * 0.4 / 1e6;
    assert!((r.api.input_usd + r.api.cached_input_usd + r.api.output_usd - base).abs() < 1e-6);
    assert!((r.api.total_usd_per_month - base * 1.1 * 1.03).abs() < 1e-6);
    // Self-hosted: whole replicas of 2 GPUs at $3.99 for 730 h, plus $4,215 fixed and egress
    // of 10M x 50 kB x $0.09/GB = $45.
    let replica = 2.0 * 3.99 * 730.0;
    let n = (serving(&r).total_usd_per_month - 4215.0 - 45.0) / replica;
    assert!((n - n.round()).abs() < 1e-9, "{n}");
    assert_eq!(n.round() as u32, serving(&r).replicas_total);
    assert!(serving(&r).p95_ttft_at_peak_s >= serving(&r).ttft_at_peak_s);
    // The break-even volume is where the two costs meet (at an API price of $0.88, where
    // there is one).
    let mut s = Scenario::default();
    s.api.input_usd_per_mtok = 0.88;
    s.api.cached_input_usd_per_mtok = 0.88;
    s.api.output_usd_per_mtok = 0.88;
    let be = evaluate(&s)
        .break_even_requests_per_month
        .expect("a break-even");
    s.set_requests_per_month(be);
    let rb = evaluate(&s);
    assert!(
        (rb.api.total_usd_per_month - serving(&rb).total_usd_per_month).abs()
            < 1e-6 * rb.api.total_usd_per_month
    );
    // Curves: the staircase polyline is exact and spans the grid.
    assert!(r.curves.steps_exact);
    assert_eq!(r.curves.volumes.len(), r.curves.api_usd.len());
    assert_eq!(r.curves.volumes.len(), r.curves.hybrid_usd.len());
    // Sensitivity is sorted by swing.
    let swing = |x: &SensitivityRow| x.delta_low_usd.abs().max(x.delta_high_usd.abs());
    assert!(r
        .sensitivity
        .windows(2)
        .all(|w| swing(&w[0]) >= swing(&w[1])));
    assert!(r.efficiency_band.self_host_usd_low <= r.efficiency_band.self_host_usd_high);
    assert_eq!(r.prices.api_checked_date.as_deref(), Some("2025-11-24"));
    assert_eq!(r.prices.gpu_checked_date.as_deref(), Some("2026-11-09"));
    assert!(!r.prices.api_overridden && !r.prices.gpu_overridden);
}

#[test]
fn model_that_does_not_fit_is_infeasible_not_nan() {
    let mut s = Scenario::default();
    s.self_host.model_id = "llama-3.1-405b".into();
    s.self_host.gpu_id = "rtx-4090".into();
    s.self_host.gpus_per_replica = 1;
    s.self_host.weight_precision = WeightPrecision::Bf16;
    let r = evaluate(&s);
    assert!(!r.self_host.is_feasible());
    assert!(crate::words::verdict(&r.verdict).contains("infeasible"));
    assert_eq!(r.break_even_requests_per_month, None);
    assert!(r.self_host.memory.is_some_and(|m| !m.fits));
    assert!(r.sensitivity.is_empty());
}

#[test]
fn unknown_ids_are_infeasible() {
    let mut s = Scenario::default();
    s.self_host.gpu_id = "no-such-gpu".into();
    let r = evaluate(&s);
    assert!(!r.self_host.is_feasible());
    assert_eq!(
        r.self_host.infeasible_reason(),
        Some(&Infeasibility::UnknownGpu {
            id: "no-such-gpu".into()
        })
    );
}

#[test]
fn cheap_gpus_flip_the_verdict() {
    let mut s = Scenario::default();
    s.self_host.gpu_usd_per_hour = 0.5;
    s.set_requests_per_month(5.0e7);
    let r = evaluate(&s);
    assert!(r.savings_usd_per_month > 0.0);
    assert!(crate::words::verdict(&r.verdict).contains("less than the API"));
}

#[test]
fn autoscaled_bills_fewer_hours() {
    let mut s = Scenario::default();
    s.self_host.billing = Billing::Autoscaled;
    s.self_host.min_replicas = 0;
    s.set_requests_per_month(5.0e7);
    let auto = evaluate(&s);
    s.self_host.billing = Billing::AlwaysOn;
    let on = evaluate(&s);
    assert!(serving(&auto).replica_hours_per_month < serving(&on).replica_hours_per_month);
    assert!(serving(&auto).total_usd_per_month < serving(&on).total_usd_per_month);
    // Break-even still exact on the 24-segment staircase.
    assert!(matches!(auto.break_even, BreakEven::At { exact: true, .. }));
}

/// The numbers of a feasible report (the test's setup is feasible).
fn serving(r: &Report) -> &crate::evaluate::Serving {
    r.self_host.serving().expect("a feasible deployment")
}

#[test]
fn a_report_of_invalid_inputs_is_still_all_finite() {
    let mut s = Scenario::default();
    s.workload.input_tokens = f64::NAN;
    s.workload.output_tokens = f64::INFINITY;
    s.self_host.gpu_usd_per_hour = 1e300;
    let r = evaluate(&s);
    assert_eq!(r.issues.len(), 3);
    let v = serde_json::to_value(&r).expect("serializes");
    assert_all_finite(&v, "report").expect("every number finite");
    assert_eq!(v["issues"][0]["value"], "NaN");
}
