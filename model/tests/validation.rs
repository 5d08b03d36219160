//! Runs the validation on the calibration set (`tests/data/measurements.csv`, a copy of
//! `shared/reference/measurements.csv`) and asserts the accuracy targets, so a regression in
//! the physics or the presets fails CI.

use infercost::validate::{canonical_metric, quantile, validate_text, Family};

const DATA: &str = include_str!("data/measurements.csv");

/// The calibration set and the serving sweeps, one file's rows after the other: what the
/// page's efficiency band and evidence ("How sure") are read from.
fn speed_evidence_rows() -> String {
    let serving = include_str!("data/measurements_serving.csv");
    format!(
        "{DATA}{}",
        serving.split_once('\n').map_or("", |(_, rows)| rows)
    )
}

#[test]
fn targets_hold_on_the_calibration_set() {
    let report = validate_text(DATA).expect("measurements parse");
    assert_eq!(report.rows.len(), 175);
    assert!(
        report.predicted_share() >= 0.95,
        "{}",
        report.predicted_share()
    );
    // The physics issue's targets.
    within(
        &report,
        "calibration",
        &[
            (Family::Batch1Decode, 0.08),
            (Family::MaxLoad, 0.15),
            (Family::PrefillTtft, 0.20),
            (Family::Memory, 0.02),
        ],
    );
}

#[test]
fn every_prediction_is_finite_and_positive() {
    let report = validate_text(DATA).expect("measurements parse");
    for r in &report.rows {
        if let Some(p) = r.predicted {
            assert!(p.is_finite() && p > 0.0, "{}: {p}", r.id);
        }
    }
}

/// `perf::efficiency_band(engine)` is the 10th and 90th percentile of measured/predicted over
/// that engine's calibration rows (time metrics inverted, so above 1 is faster than
/// predicted). Recomputed here from the current fit, so a refit cannot leave the band behind.
/// vLLM's own rows (six gpt-fast batch-1 rows) are too few for a low end, so it takes
/// SGLang's; the Transformers high end is capped at 1.5 (its 90th percentile, over seven rows
/// with HF's eager MoE and FP8 paths, is ~4.4).
#[test]
fn efficiency_bands_are_the_current_residual_percentiles() {
    use infercost::perf::efficiency_band;
    use infercost::validate::{parse_measurements, speed_residuals};
    use infercost::Engine;

    let text = speed_evidence_rows();
    let rows = parse_measurements(&text).expect("measurements parse");
    let report = validate_text(&text).expect("measurements parse");
    let residuals = speed_residuals(&rows, &report);
    let percentile = |engine: Engine, q: f64| {
        let (_, ratios) = residuals
            .iter()
            .find(|(e, _)| *e == engine)
            .expect("engine");
        quantile(ratios, q)
    };
    for engine in Engine::ALL {
        let (low, high) = efficiency_band(engine);
        let want_low = percentile(engine, 0.1);
        let want_high = match engine {
            Engine::Transformers => percentile(engine, 0.9).min(1.5),
            _ => percentile(engine, 0.9),
        };
        assert!(
            (low - want_low).abs() <= 0.015 && (high - want_high).abs() <= 0.015,
            "{engine:?}: band ({low}, {high}), residual percentiles ({want_low:.3}, {want_high:.3})"
        );
    }
}

/// `perf::evidence(engine)`: the engine's calibration rows and the median |measured/predicted
/// - 1| over them, recomputed from the current fit.
#[test]
fn evidence_is_the_current_residuals() {
    use infercost::perf::evidence;
    use infercost::validate::{parse_measurements, speed_residuals};

    let text = speed_evidence_rows();
    let rows = parse_measurements(&text).expect("measurements parse");
    let report = validate_text(&text).expect("measurements parse");
    for (engine, ratios) in speed_residuals(&rows, &report) {
        let mut off: Vec<f64> = ratios.iter().map(|r| (r - 1.0).abs()).collect();
        off.sort_by(f64::total_cmp);
        let (n, median) = evidence(engine);
        assert_eq!(n as usize, off.len(), "{engine:?}");
        let want = quantile(&off, 0.5);
        assert!(
            (median - want).abs() <= 0.005,
            "{engine:?}: {median} vs {want:.3}"
        );
    }
}

/// Serving benchmarks at stated concurrencies (`vllm bench serve`, SGLang `bench_serving`,
/// TensorRT-LLM; `data/measurements_serving.csv`, sources on every row): TTFT under load
/// meets the 25% target of the physics issue.
#[test]
fn ttft_under_load_tracks_the_serving_sweeps() {
    let report = validate_text(include_str!("data/measurements_serving.csv")).expect("parse");
    assert_eq!(report.rows.len(), 97);
    assert!(
        report.predicted_share() >= 0.95,
        "{}",
        report.predicted_share()
    );
    let ttft = report.family(Family::PrefillTtft).expect("TTFT rows");
    assert!(ttft.mdape <= 0.25, "TTFT MdAPE {:.3}", ttft.mdape);
}

/// Mixture-of-experts and AMD rows (`data/measurements_moe_amd.csv`). The model does not
/// meet the physics issue's 20% on all of them yet (expert reads and DP attention are open;
/// docs/MODEL.md, "TTFT under load" and "Software stack"): these bounds
/// are the current errors with a small margin, so a change that makes them worse fails.
#[test]
fn moe_and_amd_rows_do_not_regress() {
    let report = validate_text(include_str!("data/measurements_moe_amd.csv")).expect("parse");
    assert_eq!(report.rows.len(), 165);
    assert!(
        report.predicted_share() >= 0.95,
        "{}",
        report.predicted_share()
    );
    within(
        &report,
        "MoE/AMD",
        &[
            // 10.6% before the MoE layer time (deployment::MOE_LAYER_OVERHEAD_S): it moves the
            // non-launch DeepSeek rows closer, and the LMSYS gpt-oss launch-era rows, already
            // predicted too slow, further (docs/MODEL.md, "MoE layer time").
            (Family::Batch1Decode, 0.19),
            (Family::MaxLoad, 0.31),
            (Family::PrefillTtft, 0.68),
        ],
    );
}

/// Sources of the MoE/AMD file measured within 60 days of the model's public release, before
/// the engines had its kernels (DeepSeek-R1 2025-01-20: dstack's runs of 2025-02, before
/// FlashMLA, DeepGEMM and DeepEP were published on 2025-02-24..26; R1-0528 2025-05-28: the
/// tt-inference-server comment of 2025-07-09; gpt-oss 2025-08-05: vLLM PR #23696 and the
/// LMSYS post, both of late August 2025). One rule for every row, stated in docs/MODEL.md
/// ("Launch-era rows"); their errors are reported there, not hidden.
const LAUNCH_ERA_SOURCES: [&str; 4] = [
    "dstackai/benchmarks",
    "vllm-project/vllm PR #23696",
    "tenstorrent/tt-inference-server issue #356",
    "lm-sys.github.io blog/2025-08-27-gpt-oss",
];

/// The rows of the MoE/AMD file outside the launch era for which `keep(model, gpu, engine)`
/// holds, as a measurements file.
fn moe_amd_subset(keep: &dyn Fn(&str, &str, &str) -> bool) -> String {
    let text = include_str!("data/measurements_moe_amd.csv");
    let mut out = String::new();
    for line in text.lines() {
        let cols: Vec<&str> = line.splitn(8, ',').collect();
        let header = line.starts_with('#') || line.starts_with("id,");
        let launch = LAUNCH_ERA_SOURCES.iter().any(|s| line.contains(s));
        if header || (!launch && cols.len() == 8 && keep(cols[1], cols[3], cols[6])) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The physics issue's targets on the added families, outside the launch era: AMD rows
/// (MI300X/MI325X, dense and MoE) within 20% for throughput and ITL at stated concurrencies
/// and 25% for TTFT at a stated concurrency; MoE rows within 20% for ITL/TPOT and for
/// throughput at stated concurrencies and at max load. What is not met yet (MoE TTFT 25.6%,
/// MoE batch-1 32% over six DeepSeek rows, three of them speculative decoding) is held at its
/// current error so it cannot get worse (docs/MODEL.md, "Accuracy on the added rows").
#[test]
fn moe_and_amd_targets_outside_the_launch_era() {
    let amd = validate_text(&moe_amd_subset(&|_, gpu, engine| {
        gpu.contains("MI3") || engine.contains("ROCm")
    }))
    .expect("parse");
    assert!(amd.rows.len() >= 35, "{}", amd.rows.len());
    within(
        &amd,
        "AMD",
        &[
            (Family::Batch1Decode, 0.20),
            (Family::MaxLoad, 0.20),
            (Family::PrefillTtft, 0.25),
        ],
    );
    let moe = |model: &str| {
        let m = model.to_ascii_lowercase();
        ["mixtral", "deepseek", "qwen3-30b", "qwen3-235b", "gpt-oss"]
            .iter()
            .any(|k| m.contains(k))
    };
    let moe_text = moe_amd_subset(&|model, _, _| moe(model));
    let report = validate_text(&moe_text).expect("parse");
    assert!(report.rows.len() >= 85, "{}", report.rows.len());
    // Time per output token at a stated concurrency (the serving tools' TPOT/ITL columns).
    let mut off: Vec<f64> = report
        .rows
        .iter()
        .filter(|r| canonical_metric(&r.metric) == "ITL_approx")
        .filter_map(|r| Some((r.predicted? / r.measured? - 1.0).abs()))
        .collect();
    assert!(off.len() >= 15, "{}", off.len());
    off.sort_by(f64::total_cmp);
    let median = quantile(&off, 0.5);
    assert!(median <= 0.20, "MoE ITL/TPOT: {median:.3}");
    within(
        &report,
        "MoE",
        &[
            (Family::Batch1Decode, 0.33),
            (Family::MaxLoad, 0.20),
            (Family::PrefillTtft, 0.26),
        ],
    );
}

/// Asserts each family's median absolute error is within its bound.
fn within(report: &infercost::validate::ValidationReport, rows: &str, bounds: &[(Family, f64)]) {
    for &(family, bound) in bounds {
        let s = report.family(family).expect("family present");
        assert!(
            s.mdape <= bound,
            "{rows} {family:?}: MdAPE {:.3} > {bound}",
            s.mdape
        );
    }
}
