//! Refits the engine constants of `perf::engine_preset` on `tests/data/measurements.csv`.
//!
//! Run: `cargo run -p infercost --release --example calibrate`. An example, not a test: it
//! fits, it asserts nothing (`tests/validation.rs` checks the fitted constants' errors).
//! A coordinate search (multiplicative steps, shrinking) over a few constants per engine and
//! two global ones, minimizing the mean absolute log error |ln(predicted / measured)| over all
//! rows. It prints the fitted constants (copied by hand into `perf.rs`) and, per engine, the
//! 10th/90th percentiles of measured/predicted for `efficiency_band`.

use infercost::perf::{engine_preset, EnginePreset};
use infercost::validate::{
    parse_measurements, predict_row_with, quantile, speed_residuals, validate_rows, MeasurementRow,
};
use infercost::Engine;

const DATA: &str = include_str!("../tests/data/measurements.csv");

/// Which constant of which preset a parameter moves.
#[derive(Clone, Copy, Debug)]
enum Knob {
    Bw(usize),
    SmBytes(usize),
    Compute(usize),
    Step(usize),
    Layer(usize),
    Seq(usize),
    NonHbm,
    Expert,
    Dequant,
    LowPrec,
}

fn apply(presets: &mut [EnginePreset; 5], k: Knob, v: f64) {
    match k {
        Knob::Bw(i) => presets[i].bandwidth_efficiency = v.min(1.0),
        Knob::SmBytes(i) => presets[i].bytes_per_sm_cycle = v,
        Knob::Compute(i) => presets[i].compute_efficiency = v.min(1.0),
        Knob::Step(i) => presets[i].step_overhead_s = v,
        Knob::Layer(i) => presets[i].layer_overhead_s = v,
        Knob::Seq(i) => presets[i].sequence_overhead_s = v,
        Knob::NonHbm => presets
            .iter_mut()
            .for_each(|p| p.non_hbm_shortfall_share = v.min(1.0)),
        Knob::Expert => presets
            .iter_mut()
            .for_each(|p| p.expert_read_efficiency = v.min(1.0)),
        Knob::Dequant => presets
            .iter_mut()
            .for_each(|p| p.dequant_compute_factor = v.min(1.0)),
        Knob::LowPrec => presets
            .iter_mut()
            .for_each(|p| p.low_precision_compute_factor = v.min(1.0)),
    }
}

fn get(presets: &[EnginePreset; 5], k: Knob) -> f64 {
    match k {
        Knob::Bw(i) => presets[i].bandwidth_efficiency,
        Knob::SmBytes(i) => presets[i].bytes_per_sm_cycle,
        Knob::Compute(i) => presets[i].compute_efficiency,
        Knob::Step(i) => presets[i].step_overhead_s,
        Knob::Layer(i) => presets[i].layer_overhead_s,
        Knob::Seq(i) => presets[i].sequence_overhead_s,
        Knob::NonHbm => presets[0].non_hbm_shortfall_share,
        Knob::Expert => presets[0].expert_read_efficiency,
        Knob::Dequant => presets[0].dequant_compute_factor,
        Knob::LowPrec => presets[0].low_precision_compute_factor,
    }
}

fn index(e: Engine) -> usize {
    Engine::ALL.iter().position(|x| *x == e).unwrap_or(0)
}

fn loss(rows: &[MeasurementRow], presets: &[EnginePreset; 5]) -> f64 {
    let f = |e: Engine| presets[index(e)];
    let mut sum = 0.0;
    let mut n = 0.0;
    for r in rows {
        let Ok(measured) = r.value.parse::<f64>() else {
            continue;
        };
        match predict_row_with(r, &f) {
            Ok(p) if p > 0.0 && measured > 0.0 => {
                sum += (p / measured).ln().abs();
                n += 1.0;
            }
            _ => {}
        }
    }
    if n > 0.0 {
        sum / n
    } else {
        f64::INFINITY
    }
}

fn main() {
    let rows = parse_measurements(DATA).expect("measurements parse");
    let mut presets: [EnginePreset; 5] = Engine::ALL.map(engine_preset);
    let mut knobs = vec![Knob::NonHbm, Knob::Expert, Knob::Dequant, Knob::LowPrec];
    for (i, e) in Engine::ALL.iter().enumerate() {
        knobs.extend([Knob::Bw(i), Knob::SmBytes(i), Knob::Step(i)]);
        if *e != Engine::Vllm {
            knobs.push(Knob::Compute(i));
        }
        if matches!(e, Engine::TensorrtLlm | Engine::Sglang) {
            knobs.push(Knob::Seq(i));
        }
        if *e == Engine::Transformers {
            knobs.push(Knob::Layer(i));
        }
    }
    // Start sequence overhead from a small positive value so multiplicative steps can move it.
    for (p, e) in presets.iter_mut().zip(Engine::ALL) {
        if p.sequence_overhead_s == 0.0 {
            p.sequence_overhead_s = 1e-6;
        }
        if p.layer_overhead_s == 0.0 && e == Engine::Transformers {
            p.layer_overhead_s = 1e-4;
        }
    }
    let mut best = loss(&rows, &presets);
    println!("start loss {best:.4}");
    let mut step = 1.5_f64;
    for round in 0..8 {
        for k in &knobs {
            let v0 = get(&presets, *k);
            for factor in [1.0 / step, step, 1.0 / step.sqrt(), step.sqrt()] {
                let mut trial = presets;
                apply(&mut trial, *k, v0 * factor);
                let l = loss(&rows, &trial);
                if l < best - 1e-6 {
                    best = l;
                    presets = trial;
                }
            }
        }
        println!("round {round}: loss {best:.4}");
        step = step.sqrt().max(1.05);
    }
    // vLLM has no rows of its own for compute: share SGLang's.
    presets[index(Engine::Vllm)].compute_efficiency =
        presets[index(Engine::Sglang)].compute_efficiency;
    for (i, e) in Engine::ALL.iter().enumerate() {
        println!("{e:?}: {:#?}", presets[i]);
    }
    let f = |e: Engine| presets[index(e)];
    let report = validate_rows(&rows, &f);
    for s in &report.families {
        println!(
            "{:?}: mdape {:.3} within25 {:.2}",
            s.family, s.mdape, s.share_within_25pct
        );
    }
    // Residual band per engine (what `efficiency_band` is read from).
    for (e, ratios) in speed_residuals(&rows, &report) {
        if ratios.is_empty() {
            continue;
        }
        let q = |x: f64| quantile(&ratios, x);
        println!(
            "{e:?}: n={} p10={:.2} p50={:.2} p90={:.2}",
            ratios.len(),
            q(0.1),
            q(0.5),
            q(0.9)
        );
    }
}
