//! The verdict's facts: which deployment was compared and how it came out.

use super::*;

/// The facts the three-way verdict needs besides the scenario.
pub(super) struct Costs<'a> {
    pub api: &'a ApiCost,
    pub hybrid_usd: f64,
    pub savings: f64,
    pub break_even: BreakEven,
    pub requests_per_month: f64,
    pub sensitivity: &'a [SensitivityRow],
    pub band: &'a EfficiencyBand,
}

/// Whether two savings figures lie on both sides of zero.
fn straddles(a: f64, b: f64) -> bool {
    (a > 0.0 && b < 0.0) || (a < 0.0 && b > 0.0)
}

/// Where savings that go from `savings_low` at `low` to `savings_high` at `high` cross zero,
/// linear in between.
fn crossing(low: f64, high: f64, savings_low: f64, savings_high: f64) -> f64 {
    let t = savings_low / (savings_low - savings_high);
    finite_or_zero(low + t * (high - low))
}

/// The close-call flag and the input that flips the answer: the first sensitivity row (they
/// are sorted by swing) whose range straddles zero savings, else the efficiency band.
fn close_call(c: &Costs) -> (bool, Option<Flip>) {
    let b = c.band;
    let flip = c
        .sensitivity
        .iter()
        .find(|r| straddles(r.savings_low_usd, r.savings_high_usd))
        .map(|r| Flip {
            key: r.key,
            noun: r.noun,
            value: crossing(
                r.low_value,
                r.high_value,
                r.savings_low_usd,
                r.savings_high_usd,
            ),
        })
        .or_else(|| {
            straddles(b.savings_low_usd, b.savings_high_usd).then(|| Flip {
                key: "eff",
                noun: "engine efficiency",
                value: crossing(
                    b.efficiency_low,
                    b.efficiency_high,
                    b.savings_low_usd,
                    b.savings_high_usd,
                ),
            })
        });
    (flip.is_some(), flip)
}

pub(super) fn verdict(s: &Scenario, sh: &SelfHostReport, c: &Costs) -> Verdict {
    let (api, savings, be, v) = (c.api, c.savings, c.break_even, c.requests_per_month);
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
        outcome: match &sh.feasibility {
            Feasibility::Feasible(sv) => {
                let monthly_usd = [
                    api.total_usd_per_month,
                    sv.total_usd_per_month,
                    c.hybrid_usd,
                ];
                let (close_call, flip) = close_call(c);
                Outcome::Compared {
                    requests_per_month: v,
                    savings_usd_per_month: savings,
                    break_even: be,
                    choice: Plan::cheapest(monthly_usd),
                    monthly_usd,
                    close_call,
                    flip,
                }
            }
            Feasibility::Infeasible {
                reason,
                gpus_that_fit,
            } => Outcome::Infeasible {
                reason: reason.clone(),
                gpus_that_fit: *gpus_that_fit,
                api_usd_per_month: api.total_usd_per_month,
            },
        },
    }
}
