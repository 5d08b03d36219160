//! The report in words: the one place that turns typed answers (the verdict, warnings, input
//! issues) and money and volumes into text, for the page, the exports and the CLI alike.
//! The model computes values; only this module writes prose.

use crate::catalog;
use crate::evaluate::{Basis, Infeasibility, Outcome, Plan, Report, Verdict, Warning};
use crate::fleet::BreakEven;
use crate::float::fixed;
use crate::pairing::{ApiChoice, Repaired, Sizing};
use crate::prices;
use crate::scenario::{Problem, SanitizeIssue, Scenario};

/// Formats a count with a k/M/B/T suffix and three significant digits: `7.12M`, `950`,
/// `12.0k` (widths stay steady as a slider moves). `–` for a value that is not finite.
///
/// ```
/// use infercost::words::count;
/// assert_eq!(count(10_000_000.0), "10.0M");
/// assert_eq!(count(950.0), "950");
/// ```
pub fn count(value: f64) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let v = value.abs();
    if v >= 1e15 {
        // Past trillions a suffix would need hundreds of digits.
        return format!("{sign}{}", sci3(v));
    }
    let (scaled, suffix) = if v >= 1e12 {
        (v / 1e12, "T")
    } else if v >= 1e9 {
        (v / 1e9, "B")
    } else if v >= 1e6 {
        (v / 1e6, "M")
    } else if v >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    format!("{sign}{}{suffix}", sig3(scaled))
}

/// Formats US dollars, the one money format of the page, exports and CLI: `$1,234` from $100,
/// `$123k` and `$4.56M` from $100k, cents below $100 (`$42.50`, `$3.20`), three
/// significant digits below 10 cents (`$0.0420`) and in scientific notation below $0.0001
/// (`$2.50e-7`). `–` for a value that is not finite;
/// rounding noise (below a billionth of a dollar) reads as `$0.00`.
///
/// ```
/// use infercost::words::usd;
/// assert_eq!(usd(42.5), "$42.50");
/// assert_eq!(usd(123_456.0), "$123k");
/// assert_eq!(usd(-250.0), "-$250");
/// ```
pub fn usd(value: f64) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let value = if value.abs() < 1e-9 { 0.0 } else { value };
    let sign = if value < 0.0 { "-" } else { "" };
    let v = value.abs();
    if v >= 1e5 {
        return format!("{sign}${}", count(v));
    }
    if v >= 100.0 {
        return format!("{sign}${}", thousands(v.round()));
    }
    if v >= 0.1 || v == 0.0 {
        return format!("{sign}${}", fixed(v, 2));
    }
    if v < 1e-4 {
        // A hundredth of a cent and less: three significant digits, not a row of zeros.
        return format!("{sign}${}", sci3(v));
    }
    format!("{sign}${}", sig3(v))
}

/// A positive finite `v` with three significant digits in scientific notation: `1.00e300`,
/// `2.50e-20`.
fn sci3(v: f64) -> String {
    let mut exp = v.log10().floor() as i32;
    // 10^-exp overflows below 1e-308: scale subnormals up first.
    let scaled = if exp < -300 {
        v * 1e300 / 10f64.powi(exp + 300)
    } else {
        v / 10f64.powi(exp)
    };
    let mut mantissa = (scaled * 100.0).round() / 100.0;
    if mantissa >= 10.0 {
        mantissa /= 10.0;
        exp += 1;
    } else if mantissa < 1.0 {
        mantissa *= 10.0;
        exp -= 1;
    }
    format!("{}e{exp}", sig3(mantissa))
}

/// A 0..1 share as a percentage, no decimals from 10 % up: `65%`, `2.5%`; `–` when not
/// finite.
///
/// ```
/// assert_eq!(infercost::words::percent(0.653), "65%");
/// assert_eq!(infercost::words::percent(0.025), "2.5%");
/// ```
pub fn percent(share: f64) -> String {
    if !share.is_finite() {
        return "–".into();
    }
    let p = share * 100.0;
    if p.abs() >= 10.0 || p == 0.0 {
        format!("{}%", fixed(p, 0))
    } else {
        format!("{}%", fixed(p, 1))
    }
}

/// Three significant digits, trailing zeros kept so widths stay steady: `1.00`, `12.5`, `950`.
pub fn sig3(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let digits = v.abs().log10().floor() as i32;
    let decimals = (2 - digits).clamp(0, 6) as usize;
    // Rounding can carry into a new digit (999.6 -> "1000"); that is still correct.
    fixed(v, decimals)
}

/// Groups thousands with commas: `1234567` -> `1,234,567`. Expects a whole number.
pub fn thousands(v: f64) -> String {
    let digits = fixed(v, 0);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The verdict's headline for a bar that stays in view while inputs are edited: the
/// cheapest plan and its monthly cost, and whether it is a close call.
///
/// ```
/// use infercost::{evaluate::evaluate, scenario::Scenario, words};
/// let r = evaluate(&Scenario::default());
/// assert_eq!(words::headline(&r.verdict), "The API is cheapest: $8,384 a month");
/// ```
pub fn headline(v: &Verdict) -> String {
    match v.outcome {
        Outcome::Infeasible {
            api_usd_per_month, ..
        } => format!(
            "Self-hosting cannot run; the API costs {} a month",
            usd(api_usd_per_month)
        ),
        Outcome::Compared {
            choice,
            monthly_usd,
            close_call,
            ..
        } => {
            let plan = match choice {
                Plan::Api => "The API",
                Plan::SelfHost => "Self-hosting",
                Plan::Hybrid => "A hybrid",
            };
            let close = if close_call { " (close call)" } else { "" };
            format!(
                "{plan} is cheapest: {} a month{close}",
                usd(monthly_usd[choice as usize])
            )
        }
    }
}

/// The one-line verdict.
///
/// ```
/// use infercost::{evaluate::evaluate, scenario::Scenario, words};
/// let r = evaluate(&Scenario::default());
/// assert!(words::verdict(&r.verdict).starts_with("At 10.0M requests a month, the API is cheapest"));
/// ```
pub fn verdict(v: &Verdict) -> String {
    let deploy = format!("{} on {} x {}", v.model, v.gpus_per_replica, v.gpu);
    match v.outcome {
        Outcome::Infeasible {
            ref reason,
            gpus_that_fit,
            api_usd_per_month,
        } => {
            let fix = match gpus_that_fit {
                Some(n) => format!(" It would fit on {n} x {} per replica.", v.gpu),
                None => String::new(),
            };
            format!(
                "Self-hosting {deploy} is infeasible ({}); the API costs {} a month and \
                 there is no self-hosted cost to compare.{fix}",
                infeasibility(reason),
                usd(api_usd_per_month)
            )
        }
        Outcome::Compared {
            requests_per_month,
            break_even,
            choice,
            monthly_usd,
            close_call,
            ref flip,
            ..
        } => {
            let [api, own, hybrid] = monthly_usd;
            let at = format!("At {} requests a month", count(requests_per_month));
            let less = |than: f64, what: &str| {
                format!(
                    "{} less than {what}",
                    usd(than - monthly_usd[choice as usize])
                )
            };
            let head = match choice {
                Plan::Api => format!(
                    "{at}, the API is cheapest: {} a month, {}",
                    usd(api),
                    less(own, &format!("self-hosting {deploy}"))
                ),
                Plan::SelfHost => format!(
                    "{at}, self-hosting {deploy} is cheapest: {} a month, {}",
                    usd(own),
                    less(api, "the API")
                ),
                Plan::Hybrid => format!(
                    "{at}, a hybrid is cheapest: {deploy} for the base load and the API for the \
                     peaks, {} a month, {} and {}",
                    usd(hybrid),
                    less(api, "the API alone"),
                    less(own, "self-hosting alone")
                ),
            };
            let be_text = match break_even {
                BreakEven::Always => {
                    "Self-hosting alone is cheaper than the API at any volume.".to_string()
                }
                BreakEven::At {
                    requests_per_month: be,
                    ..
                } => {
                    // Self-hosting can be cheaper here yet not stay cheaper until a higher
                    // volume (a replica step above lands between).
                    let verb = if be <= requests_per_month {
                        "beats"
                    } else if own < api {
                        "is cheaper here, but only stays cheaper than"
                    } else {
                        "would beat"
                    };
                    format!(
                        "Self-hosting alone {verb} the API from {} requests a month.",
                        count(be)
                    )
                }
                BreakEven::Never => {
                    "Self-hosting alone never beats the API at this API price.".to_string()
                }
            };
            let close = match (close_call, flip) {
                (true, Some(f)) => format!(" Close call: {} alone can flip it.", f.noun),
                (true, None) => " Close call.".to_string(),
                _ => String::new(),
            };
            format!("{head}. {be_text}{close}")
        }
    }
}

/// How sure the self-hosted numbers are: what they rest on (the person's measured
/// throughput, or the physics and the engine's calibration evidence), the range the engine's
/// measured spread gives the self-hosted cost and the break-even, and what the calibration
/// set barely covers. `None` when self-hosting cannot run (nothing to qualify).
///
/// ```
/// use infercost::{evaluate::evaluate, scenario::Scenario, words};
/// let text = words::basis(&evaluate(&Scenario::default())).unwrap();
/// assert!(text.starts_with("How sure: estimated from the architecture for vLLM"), "{text}");
/// ```
pub fn basis(r: &Report) -> Option<String> {
    r.self_host.serving()?;
    let b = &r.efficiency_band;
    Some(match &r.basis {
        Basis::Measured {
            output_tokens_per_s,
        } => format!(
            "How sure: the self-hosted throughput is your measured {} output tokens/s per \
             replica; the costs follow from it and the prices.",
            thousands(*output_tokens_per_s)
        ),
        Basis::Estimated {
            engine,
            measurements,
            median_error,
            mixture_of_experts,
            amd,
        } => {
            let (low, high) = (
                b.self_host_usd_low.min(b.self_host_usd_high),
                b.self_host_usd_low.max(b.self_host_usd_high),
            );
            let break_even = match (b.break_even_low, b.break_even_high) {
                (Some(a), Some(z)) if (a - z).abs() > 0.5 => format!(
                    ", and break-even from {} to {} requests a month",
                    count(a.min(z)),
                    count(a.max(z))
                ),
                _ => String::new(),
            };
            let mut thin = Vec::new();
            if *mixture_of_experts {
                thin.push("mixture-of-experts models");
            }
            if *amd {
                thin.push("AMD GPUs (ROCm)");
            }
            let caveat = if thin.is_empty() {
                String::new()
            } else {
                format!(
                    " Few public measurements cover {}: expect larger errors than these.",
                    thin.join(" or ")
                )
            };
            format!(
                "How sure: estimated from the architecture for {name}; on {measurements} public \
                 measurements of {name}, half came within {} of the model's estimate. Across \
                 {name}'s measured spread the self-hosted cost runs from {} to {} a month{break_even}.{caveat}",
                percent(*median_error),
                usd(low),
                usd(high),
                name = engine.name(),
            )
        }
    })
}

/// A notice for what an automatic re-pairing could not do as asked: no host serves the
/// model (a comparable one was paired), or nothing on one node of the GPU fits (with the
/// GPU that would). `None` when everything paired as expected.
pub fn repaired(s: &Scenario, r: &Repaired) -> Option<String> {
    let model_name =
        |id: &str| catalog::find_model(id).map_or(id.to_string(), |m| m.name.to_string());
    let mut out = Vec::new();
    if let Some(ApiChoice::Comparable {
        price_id, model_id, ..
    }) = &r.api
    {
        let offer = prices::find_api_price(price_id).map_or(price_id.clone(), |p| p.label());
        out.push(format!(
            "No bundled host serves {}: the API is compared with {offer}, the median offer of {}, \
             the nearest model in size that is hosted.",
            model_name(&s.self_host.model_id),
            model_name(model_id)
        ));
    }
    if let Some(d) = &r.deployment {
        if let Sizing::NothingFits { elsewhere } = d.sizing {
            let gpu = catalog::find_gpu(&s.self_host.gpu_id).map_or("this GPU", |g| g.name);
            let fix = match elsewhere {
                Some((g, n)) => format!(
                    " It fits on {n} x {} (choose that GPU).",
                    catalog::find_gpu(g).map_or(g, |g| g.name)
                ),
                None => " No single node of a catalog GPU fits it.".to_string(),
            };
            out.push(format!(
                "{} does not fit on up to 8 x {gpu} with room to batch.{fix}",
                model_name(&s.self_host.model_id)
            ));
        }
    }
    (!out.is_empty()).then(|| out.join(" "))
}

/// Why a deployment cannot serve the workload, and what would fix it, as one clause.
///
/// ```
/// use infercost::evaluate::Infeasibility;
/// let r = Infeasibility::ContextExceedsWindow { context_tokens: 1_000_350.0, max_context_tokens: 131_072 };
/// assert_eq!(
///     infercost::words::infeasibility(&r),
///     "a request's 1,000,350 tokens exceed the model's 131,072-token context window; \
///      shorter requests or a long-context model would fit"
/// );
/// ```
pub fn infeasibility(r: &Infeasibility) -> String {
    match r {
        Infeasibility::UnknownModel { id } => format!("unknown model id \"{id}\""),
        Infeasibility::UnknownGpu { id } => format!("unknown GPU id \"{id}\""),
        Infeasibility::ContextExceedsWindow {
            context_tokens,
            max_context_tokens,
        } => format!(
            "a request's {} tokens exceed the model's {}-token context window; shorter \
             requests or a long-context model would fit",
            thousands(context_tokens.round()),
            thousands(f64::from(*max_context_tokens))
        ),
        Infeasibility::WeightsDoNotFit {
            fixed_gib_per_gpu,
            budget_gib_per_gpu,
        } => format!(
            "the weights and runtime need {} GiB per GPU, over the engine's {} GiB budget; more \
             GPUs per replica or a lower weight precision would fit",
            fixed(*fixed_gib_per_gpu, 1),
            fixed(*budget_gib_per_gpu, 1)
        ),
        Infeasibility::OneRequestDoesNotFit { context_tokens } => format!(
            "the weights fit, but not the KV cache of one {}-token request; more GPUs per \
             replica, an FP8 KV cache or shorter requests would fit",
            thousands(context_tokens.round())
        ),
        Infeasibility::NoThroughput => "the estimated throughput is nil".into(),
    }
}

/// A warning about the self-hosted estimate, as one sentence.
pub fn warning(w: &Warning) -> String {
    match w {
        Warning::ContextExceedsModel {
            input_tokens,
            output_tokens,
            max_context_tokens,
        } => format!(
            "A request's {} input + {} output tokens exceed the model's {} -token context: \
             the self-hosted model cannot serve it as specified (the estimate is still shown).",
            fixed(*input_tokens, 0),
            fixed(*output_tokens, 0),
            max_context_tokens
        ),
        Warning::LatencyTargetsUnreachable {
            ttft_at_one_s,
            tpot_at_one_s,
            ttft_target_s,
            tpot_target_s,
        } => {
            let mut missed = Vec::new();
            if ttft_at_one_s > ttft_target_s {
                missed.push(format!(
                    "TTFT {} s > {} s",
                    fixed(*ttft_at_one_s, 2),
                    fixed(*ttft_target_s, 2)
                ));
            }
            if tpot_at_one_s > tpot_target_s {
                missed.push(format!(
                    "TPOT {} ms > {} ms",
                    fixed(tpot_at_one_s * 1000.0, 0),
                    fixed(tpot_target_s * 1000.0, 0)
                ));
            }
            format!(
                "No concurrency meets the latency targets on this deployment (at concurrency \
                 1: {}); capacity is taken at concurrency 1.",
                missed.join(", ")
            )
        }
        Warning::PeakExceedsCapacity => {
            "The peak load exceeds the fleet's capacity: requests queue without bound.".into()
        }
        Warning::QueueMissesTtftTarget {
            p95_ttft_s,
            ttft_target_s,
        } => format!(
            "p95 time to first token at the peak hour is {} s against a {} s target: \
             queueing for a free slot cannot be brought under the target by adding replicas.",
            fixed(*p95_ttft_s, 1),
            fixed(*ttft_target_s, 2)
        ),
        Warning::ReplicasAddedForQueueing {
            replicas,
            base_replicas,
            target_utilization,
            ttft_target_s,
            effective_utilization,
        } => format!(
            "Queueing at the peak: {} serving replicas instead of {} (peak-hour load target {}%) \
             to keep the p95 time to first token under {} s; effective utilization {}%.",
            fixed(*replicas, 0),
            fixed(*base_replicas, 0),
            fixed(target_utilization * 100.0, 0),
            fixed(*ttft_target_s, 2),
            fixed(effective_utilization * 100.0, 0)
        ),
        Warning::WholeInstances {
            provider,
            offering,
            gpus_per_instance,
            gpus_at_peak,
            gpus_billed,
        } => format!(
            "Priced per GPU, but this offering ({provider} {offering}) rents {gpus_per_instance}-GPU \
             instances: {gpus_at_peak} GPUs at the peak would mean paying for {gpus_billed}."
        ),
    }
}

/// An input that was reset to its default, as one sentence.
///
/// ```
/// use infercost::scenario::Scenario;
/// let mut s = Scenario::default();
/// s.workload.input_tokens = -3.0;
/// let issues = s.sanitize();
/// assert_eq!(
///     infercost::words::issue(&issues[0]),
///     "workload.input_tokens (-3): below the minimum; the default is used."
/// );
/// ```
pub fn issue(i: &SanitizeIssue) -> String {
    let what = match i.problem {
        Problem::NotFinite => "not a finite number",
        Problem::BelowMinimum => "below the minimum",
        Problem::AboveMaximum => "above the maximum",
        Problem::NotWhole => "not a whole number",
        Problem::ThroughputOutOfRange => "not a positive throughput in range",
        Problem::GgufBitsOutOfRange => "GGUF bits per weight outside 1..=32",
        Problem::CustomModelUnusable => {
            "custom architecture with a non-finite or out-of-range number"
        }
        Problem::CustomGpuUnusable => "custom GPU with a non-finite, zero or huge number",
    };
    match i.value {
        Some(v) => format!("{} ({}): {what}; the default is used.", i.field, number(v)),
        None => format!("{}: {what}; the default is used.", i.field),
    }
}

/// A number as typed, shortened: its shortest exact decimal from 1e-4 to 1e15, three
/// significant digits in scientific notation outside (a rejected 1e300 reads `1.00e300`,
/// 1e-300 `1.00e-300`, not 300 digits).
fn number(v: f64) -> String {
    let a = v.abs();
    if v.is_finite() && v != 0.0 && !(1e-4..1e15).contains(&a) {
        let sign = if v < 0.0 { "-" } else { "" };
        format!("{sign}{}", sci3(a))
    } else {
        crate::float::shortest(v)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn basis_says_what_the_estimate_rests_on() {
        use crate::evaluate::evaluate;
        let mut s = Scenario::default();
        let text = super::basis(&evaluate(&s)).unwrap();
        assert!(
            text.contains("on 34 public measurements of vLLM, half came within 17%"),
            "{text}"
        );
        assert!(text.contains("self-hosted cost runs from $"), "{text}");
        assert!(!text.contains("expect larger errors"), "{text}");
        s.self_host.model_id = "mixtral-8x7b".into();
        s.self_host.gpu_id = "mi300x".into();
        let text = super::basis(&evaluate(&s)).unwrap();
        assert!(
            text.contains(
                "cover mixture-of-experts models or AMD GPUs (ROCm): expect larger errors"
            ),
            "{text}"
        );
        s.self_host.measured_output_tokens_per_s = Some(2400.0);
        let text = super::basis(&evaluate(&s)).unwrap();
        assert!(
            text.contains("your measured 2,400 output tokens/s"),
            "{text}"
        );
        s.self_host.measured_output_tokens_per_s = None;
        s.self_host.model_id = "llama-3.1-405b".into();
        s.self_host.gpu_id = "l4".into();
        s.self_host.gpus_per_replica = 1;
        assert_eq!(super::basis(&evaluate(&s)), None, "nothing to qualify");
    }

    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn every_f64_reads_short(v in any::<f64>()) {
            prop_assert!(usd(v).chars().count() <= 12, "{}", usd(v));
            prop_assert!(count(v).chars().count() <= 10, "{}", count(v));
            prop_assert!(number(v).chars().count() <= 25, "{}", number(v));
        }
    }

    #[test]
    fn counts() {
        assert_eq!(count(0.0), "0");
        assert_eq!(count(950.0), "950");
        assert_eq!(count(12_000.0), "12.0k");
        assert_eq!(count(7_123_456.0), "7.12M");
        assert_eq!(count(2.5e9), "2.50B");
        assert_eq!(count(-1500.0), "-1.50k");
        assert_eq!(count(f64::NAN), "–");
    }

    #[test]
    fn dollars() {
        assert_eq!(usd(0.0), "$0.00");
        assert_eq!(usd(-1e-12), "$0.00");
        assert_eq!(usd(0.042), "$0.0420");
        assert_eq!(usd(0.00184), "$0.00184");
        assert_eq!(usd(2.5e-7), "$2.50e-7");
        assert_eq!(usd(3.2), "$3.20");
        assert_eq!(usd(12.345), "$12.35");
        assert_eq!(usd(42.5), "$42.50");
        assert_eq!(usd(1234.4), "$1,234");
        assert_eq!(usd(99_999.0), "$99,999");
        assert_eq!(usd(123_456.0), "$123k");
        assert_eq!(usd(4_560_000.0), "$4.56M");
        assert_eq!(usd(-250.0), "-$250");
        assert_eq!(usd(f64::INFINITY), "–");
        assert_eq!(usd(1e300), "$1.00e300");
        assert_eq!(count(f64::MAX), "1.80e308");
        assert_eq!(count(9.9999e20), "1.00e21");
        assert_eq!(count(-2.5e20), "-2.50e20");
    }

    #[test]
    fn issues_read_short_at_any_magnitude() {
        let issue = |value| SanitizeIssue {
            field: "workload.input_tokens",
            key: "in",
            problem: Problem::AboveMaximum,
            value,
        };
        assert_eq!(
            super::issue(&issue(Some(1e300))),
            "workload.input_tokens (1.00e300): above the maximum; the default is used."
        );
        assert!(super::issue(&issue(Some(f64::NAN))).contains("(NaN)"));
        assert!(super::issue(&issue(Some(-1e-300))).contains("(-1.00e-300)"));
        assert!(super::issue(&issue(Some(5e-324))).contains("(4.94e-324)"));
        assert!(super::issue(&issue(Some(0.05))).contains("(0.05)"));
        assert_eq!(
            super::issue(&issue(None)),
            "workload.input_tokens: above the maximum; the default is used."
        );
    }

    #[test]
    fn every_plan_and_break_even_reads_as_a_sentence() {
        use crate::evaluate::{Flip, Plan};
        let with = |monthly_usd: [f64; 3], be: BreakEven, close: bool| {
            let v = Verdict {
                model: "M".into(),
                gpus_per_replica: 2,
                gpu: "G".into(),
                outcome: Outcome::Compared {
                    requests_per_month: 1e7,
                    savings_usd_per_month: monthly_usd[0] - monthly_usd[1],
                    break_even: be,
                    choice: Plan::cheapest(monthly_usd),
                    monthly_usd,
                    close_call: close,
                    flip: close.then_some(Flip {
                        key: "gph",
                        noun: "the GPU price",
                        value: 3.0,
                    }),
                },
            };
            verdict(&v)
        };
        let at = |v: f64| BreakEven::At {
            requests_per_month: v,
            exact: true,
        };
        assert_eq!(
            with([1000.0, 500.0, 500.0], BreakEven::Always, false),
            "At 10.0M requests a month, self-hosting M on 2 x G is cheapest: $500 a month, $500 \
             less than the API. Self-hosting alone is cheaper than the API at any volume."
        );
        assert_eq!(
            with([1000.0, 1500.0, 1000.0], at(2e7), true),
            "At 10.0M requests a month, the API is cheapest: $1,000 a month, $500 less than \
             self-hosting M on 2 x G. Self-hosting alone would beat the API from 20.0M requests \
             a month. Close call: the GPU price alone can flip it."
        );
        let hybrid = with([1000.0, 1100.0, 800.0], at(5e6), false);
        assert!(hybrid.contains("a hybrid is cheapest"), "{hybrid}");
        assert!(
            hybrid.contains("$200 less than the API alone and $300 less than self-hosting alone")
        );
        assert!(
            hybrid.ends_with("beats the API from 5.00M requests a month."),
            "{hybrid}"
        );
        assert!(with([1.0, 2.0, 1.0], BreakEven::Never, false)
            .ends_with("never beats the API at this API price."));
    }
}
