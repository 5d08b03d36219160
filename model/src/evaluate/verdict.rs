//! The verdict's facts: which deployment was compared and how it came out.

use super::*;

pub(super) fn verdict(
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
        outcome: match &sh.feasibility {
            Feasibility::Feasible(_) => Outcome::Compared {
                requests_per_month: v,
                savings_usd_per_month: savings,
                break_even: be,
            },
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
