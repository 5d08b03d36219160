//! Which inputs move the answer most (the tornado), and the low/high band from the engine
//! efficiency's fit uncertainty.

use super::*;

pub(super) fn empty_band() -> EfficiencyBand {
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
    /// How the verdict names it in a sentence ("the GPU price").
    noun: &'static str,
    how: Move,
    /// Whether the physics must be re-run (the request shape or efficiency changes).
    physics: bool,
}

const INPUTS: [Input; 12] = [
    Input {
        label: "Requests per month (x0.5 / x2)",
        noun: "the request volume",
        how: Move::Volume(0.5, 2.0),
        physics: false,
    },
    Input {
        label: "API prices (x0.5 / x2)",
        noun: "the API prices",
        how: Move::ApiPrice(0.5, 2.0),
        physics: false,
    },
    Input {
        label: "GPU price per hour (x0.5 / x2)",
        noun: "the GPU price",
        how: Move::Scale(FieldId::GpuHourPrice, 0.5, 2.0),
        physics: false,
    },
    Input {
        label: "Input tokens (x0.5 / x2)",
        noun: "the prompt length",
        how: Move::Scale(FieldId::InputTokens, 0.5, 2.0),
        physics: true,
    },
    Input {
        label: "Output tokens (x0.5 / x2)",
        noun: "the output length",
        how: Move::Scale(FieldId::OutputTokens, 0.5, 2.0),
        physics: true,
    },
    Input {
        label: "Cached input share (0 / 0.9)",
        noun: "the cached input share",
        how: Move::Set(FieldId::CachedInputShare, 0.0, 0.9),
        physics: true,
    },
    Input {
        label: "Peak-hour load target (0.5 / 0.85)",
        noun: "the peak-hour load target",
        how: Move::Set(FieldId::TargetUtilization, 0.5, 0.85),
        physics: false,
    },
    Input {
        label: "TPOT target (x0.5 / x2)",
        noun: "the TPOT target",
        how: Move::Scale(FieldId::TpotTarget, 0.5, 2.0),
        physics: false,
    },
    Input {
        label: "Engine efficiency (fit band)",
        noun: "engine efficiency",
        how: Move::Efficiency,
        physics: true,
    },
    Input {
        label: "Engineering cost (x0.5 / x2)",
        noun: "the engineering cost",
        how: Move::Scale(FieldId::Engineering, 0.5, 2.0),
        physics: false,
    },
    Input {
        label: "Redundancy replicas (0 / +1)",
        noun: "the spare replica count",
        how: Move::Redundancy,
        physics: false,
    },
    Input {
        label: "Peak-to-average (flat / x1.5)",
        noun: "the peak-to-average ratio",
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

pub(super) fn sensitivity_and_band(
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
            noun: input.noun,
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
