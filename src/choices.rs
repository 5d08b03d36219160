//! Every pick-one input of the page as data: its label, test id, options, and how it reads
//! and writes the scenario. Pure (fn pointers, no closures), so one component renders them
//! all and the logic is tested on the host.

use crate::format;
use crate::html::escape;
use infercost::catalog;
use infercost::fleet::DailyProfile;
use infercost::prices;
use infercost::scenario::{Billing, Scenario, VolumeMode};
use infercost::words;
use infercost::{Engine, KvPrecision, WeightPrecision};

/// A pick-one input.
pub struct Choice {
    /// Visible label.
    pub label: &'static str,
    /// `data-testid` and element id.
    pub testid: &'static str,
    /// The options as (value, text), for the current scenario.
    pub options: fn(&Scenario) -> Vec<(String, String)>,
    /// What the options depend on, when they depend on the scenario: they are rebuilt only
    /// when this key changes, never on a slider step (`None`: built once).
    pub options_key: Option<fn(&Scenario) -> String>,
    /// Whether its effect reads the whole catalogs, which the page fetches on demand
    /// (`catalogs`): a pick then waits for them, and the options are rebuilt when they arrive.
    pub needs_catalogs: bool,
    /// The selected value.
    pub get: fn(&Scenario) -> String,
    /// Applies a value; returns a notice for the person when the choice needs attention.
    /// Unknown values change nothing.
    pub set: fn(&mut Scenario, &str) -> Option<String>,
}

/// An option list entry whose value is this starts a group: its text is the group's label
/// (an `<optgroup>`). No id contains it.
pub const GROUP: &str = "\u{1}";

/// The options as escaped `<option>` markup, a [`GROUP`] entry opening an `<optgroup>` that
/// runs to the next one, the option of value `selected` marked selected.
pub fn options_markup(options: &[(String, String)], selected: &str) -> String {
    let mut out = String::new();
    let mut open = false;
    for (value, text) in options {
        if value == GROUP {
            if open {
                out.push_str("</optgroup>");
            }
            out.push_str(&format!("<optgroup label=\"{}\">", escape(text)));
            open = true;
        } else {
            out.push_str(&format!(
                "<option value=\"{}\"{}>{}</option>",
                escape(value),
                if value == selected { " selected" } else { "" },
                escape(text)
            ));
        }
    }
    if open {
        out.push_str("</optgroup>");
    }
    out
}

fn pairs(xs: &[(&str, &str)]) -> Vec<(String, String)> {
    xs.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Weight precisions offered, with the ids `WeightPrecision::parse` reads.
const WEIGHT_PRECISIONS: [(&str, &str); 11] = [
    ("bf16", "BF16"),
    ("fp16", "FP16"),
    ("fp8", "FP8"),
    ("int8", "INT8 (W8A8)"),
    ("w8a16", "INT8 weight-only (W8A16)"),
    ("int4", "INT4 (AWQ/GPTQ)"),
    ("fp4", "FP4 (NVFP4/MXFP4)"),
    ("q8_0", "GGUF Q8_0 (8.5 bits)"),
    ("q6_k", "GGUF Q6_K (6.56 bits)"),
    ("q5_k_m", "GGUF Q5_K_M (5.69 bits)"),
    ("q4_k_m", "GGUF Q4_K_M (4.85 bits)"),
];

/// The model, GPU, GPU count, engine and API pickers of simple mode.
pub static SIMPLE: [Choice; 5] = [
    Choice {
        label: "Self-hosted model",
        testid: "selfhost-model",
        options: |_| {
            catalog::model_names()
                .into_iter()
                .map(|(id, name)| (id.to_string(), name.to_string()))
                .collect()
        },
        options_key: None,
        needs_catalogs: true,
        get: |s| s.self_host.model_id.clone(),
        set: |s, id| s.select_model(id).and_then(|r| words::repaired(s, &r)),
    },
    Choice {
        label: "GPU",
        testid: "gpu",
        options: |_| {
            catalog::gpu_names()
                .into_iter()
                .map(|(id, name)| (id.to_string(), name.to_string()))
                .collect()
        },
        options_key: None,
        needs_catalogs: true,
        get: |s| s.self_host.gpu_id.clone(),
        set: |s, id| {
            let gpu = catalog::find_gpu(id)?;
            // The cost follows the hardware: the median dated price for it, unless typed.
            let r = s.select_gpu(id)?;
            if !s.pins.gpu_price && prices::median_gpu_price(id).is_none() {
                return Some(format!(
                    "No dated price is bundled for {}: the hourly price was kept; enter your provider's price.",
                    gpu.name
                ));
            }
            words::repaired(s, &r)
        },
    },
    Choice {
        label: "GPUs per replica",
        testid: "gpu-count",
        options: |_| {
            [1u32, 2, 4, 8, 16]
                .iter()
                .map(|n| {
                    (
                        n.to_string(),
                        format!("{n} GPU{}", if *n == 1 { "" } else { "s" }),
                    )
                })
                .collect()
        },
        options_key: None,
        needs_catalogs: false,
        get: |s| s.self_host.gpus_per_replica.to_string(),
        set: |s, n| {
            if let Ok(n) = n.parse::<u32>() {
                if (1..=64).contains(&n) {
                    s.self_host.gpus_per_replica = n;
                    s.pins.deployment = true;
                }
            }
            None
        },
    },
    Choice {
        label: "Serving engine",
        testid: "engine",
        options: |_| {
            Engine::ALL
                .iter()
                .map(|e| (e.id().to_string(), e.name().to_string()))
                .collect()
        },
        options_key: None,
        needs_catalogs: false,
        get: |s| s.self_host.engine.id().to_string(),
        set: |s, id| {
            if let Some(e) = Engine::parse(id) {
                s.self_host.engine = e;
            }
            None
        },
    },
    Choice {
        label: "API to compare",
        testid: "api-model",
        options: |s| {
            // Offers of the self-hosted model's weights first, then the rest; retired offers
            // only when the scenario names one.
            // A custom architecture is served by no bundled offer.
            let serves = |p: &prices::ApiPrice| {
                s.self_host.custom_model.is_none() && p.serves == s.self_host.model_id
            };
            let shown = |p: &&prices::ApiPrice| !p.retired || p.id == s.api.price_id;
            let text = |p: &prices::ApiPrice| {
                format!(
                    "{}{}: {} in, {} out ({})",
                    if serves(p) { "Same model: " } else { "" },
                    p.label(),
                    format::usd(p.input_usd_per_mtok),
                    format::usd(p.output_usd_per_mtok),
                    p.checked_date
                )
            };
            // Grouped: the self-hosted model's hosts first, then each provider (Hugging
            // Face's hosts together) in catalog order (first-party labs first).
            fn group(p: &'static prices::ApiPrice) -> &'static str {
                if p.provider.starts_with("huggingface_") {
                    "Via Hugging Face"
                } else {
                    prices::provider_name(&p.provider)
                }
            }
            let others: Vec<&prices::ApiPrice> = prices::api_prices()
                .iter()
                .filter(shown)
                .filter(|p| !serves(p))
                .collect();
            let mut groups: Vec<&str> = Vec::new();
            for p in &others {
                if !groups.contains(&group(p)) {
                    groups.push(group(p));
                }
            }
            let same: Vec<(String, String)> = prices::api_prices()
                .iter()
                .filter(shown)
                .filter(|p| serves(p))
                .map(|p| (p.id.clone(), text(p)))
                .collect();
            let mut out = Vec::new();
            if !same.is_empty() {
                out.push((GROUP.to_string(), "Same model, hosted".to_string()));
                out.extend(same);
            }
            for g in groups {
                out.push((GROUP.to_string(), g.to_string()));
                out.extend(
                    others
                        .iter()
                        .filter(|p| group(p) == g)
                        .map(|p| (p.id.clone(), text(p))),
                );
            }
            out
        },
        options_key: Some(|s| format!("{}|{}", s.self_host.model_id, s.api.price_id)),
        needs_catalogs: true,
        get: |s| s.api.price_id.clone(),
        set: |s, id| {
            if s.api.apply_price(id) {
                s.pins.api = true;
            }
            None
        },
    },
];

/// Pickers of the "Self-hosted setup" panel.
pub static SELF_HOST: [Choice; 4] = [
    Choice {
        label: "Weight precision",
        testid: "weight-precision",
        options: |_| pairs(&WEIGHT_PRECISIONS),
        options_key: None,
        needs_catalogs: false,
        get: |s| {
            let current = s.self_host.weight_precision.id();
            WEIGHT_PRECISIONS
                .iter()
                .find(|(k, _)| WeightPrecision::parse(k).map(|p| p.id()) == Some(current.clone()))
                .map(|(k, _)| k.to_string())
                .unwrap_or(current)
        },
        set: |s, id| {
            if let Some(p) = WeightPrecision::parse(id) {
                s.self_host.weight_precision = p;
                s.pins.deployment = true;
            }
            None
        },
    },
    Choice {
        label: "KV-cache precision",
        testid: "kv-precision",
        options: |_| {
            KvPrecision::ALL
                .iter()
                .map(|k| (k.id().to_string(), k.id().to_ascii_uppercase()))
                .collect()
        },
        options_key: None,
        needs_catalogs: false,
        get: |s| s.self_host.kv_precision.id().to_string(),
        set: |s, id| {
            if let Some(k) = KvPrecision::parse(id) {
                s.self_host.kv_precision = k;
            }
            None
        },
    },
    Choice {
        label: "GPU hours billed",
        testid: "billing",
        options: |_| {
            Billing::ALL
                .iter()
                .map(|b| {
                    let text = match b {
                        Billing::AlwaysOn => "Always on (sized for the peak)",
                        Billing::Autoscaled => "Autoscaled hour by hour",
                    };
                    (b.id().to_string(), text.to_string())
                })
                .collect()
        },
        options_key: None,
        needs_catalogs: false,
        get: |s| s.self_host.billing.id().to_string(),
        set: |s, id| {
            if let Some(b) = Billing::parse(id) {
                s.self_host.billing = b;
            }
            None
        },
    },
    Choice {
        label: "GPU price preset",
        testid: "gpu-price-preset",
        options: |s| {
            let mut out = vec![(String::new(), "Custom price".to_string())];
            out.extend(
                prices::gpu_prices_for(&s.self_host.gpu_id)
                    .into_iter()
                    .map(|p| {
                        (
                            p.id.clone(),
                            format!(
                                "{} {} {}: {}/h ({})",
                                p.provider,
                                p.offering,
                                p.pricing.id(),
                                format::usd(p.usd_per_gpu_hour),
                                p.checked_date
                            ),
                        )
                    }),
            );
            out
        },
        options_key: Some(|s| s.self_host.gpu_id.clone()),
        needs_catalogs: true,
        get: |s| match prices::find_gpu_price(&s.self_host.gpu_price_id) {
            Some(p)
                if p.gpu_id == s.self_host.gpu_id
                    && p.usd_per_gpu_hour == s.self_host.gpu_usd_per_hour =>
            {
                p.id.clone()
            }
            _ => String::new(),
        },
        set: |s, id| {
            // A bundled reading follows the GPU again on the next pick; a typed price pins.
            if s.self_host.apply_gpu_price(id) {
                s.pins.gpu_price = false;
            }
            None
        },
    },
];

/// Pickers of the "Workload" panel.
pub static WORKLOAD: [Choice; 2] = [
    Choice {
        label: "Volume given as",
        testid: "volume-mode",
        options: |_| {
            VolumeMode::ALL
                .iter()
                .map(|m| {
                    let text = match m {
                        VolumeMode::RequestsPerMonth => "Requests per month",
                        VolumeMode::Users => "Users x requests per user per day",
                    };
                    (m.id().to_string(), text.to_string())
                })
                .collect()
        },
        options_key: None,
        needs_catalogs: false,
        get: |s| s.workload.volume_mode.id().to_string(),
        set: |s, id| {
            if let Some(m) = VolumeMode::parse(id) {
                s.workload.volume_mode = m;
            }
            None
        },
    },
    Choice {
        label: "Daily traffic profile",
        testid: "daily-profile",
        options: |_| {
            DailyProfile::ALL
                .iter()
                .map(|p| (p.id().to_string(), p.id().replace('-', " ")))
                .collect()
        },
        options_key: None,
        needs_catalogs: false,
        get: |s| s.workload.daily_profile.id().to_string(),
        set: |s, id| {
            if let Some(p) = DailyProfile::parse(id) {
                s.workload.daily_profile = p;
            }
            None
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> impl Iterator<Item = &'static Choice> {
        SIMPLE.iter().chain(&SELF_HOST).chain(&WORKLOAD)
    }

    #[test]
    fn every_option_round_trips_through_set_and_get() {
        for c in all() {
            let base = Scenario::default();
            assert!(
                (c.options)(&base).iter().any(|(v, _)| *v == (c.get)(&base)),
                "{}: the default is among the options",
                c.testid
            );
            for (value, _) in (c.options)(&base) {
                if value.is_empty() || value == GROUP {
                    continue;
                }
                let mut s = base.clone();
                (c.set)(&mut s, &value);
                assert_eq!((c.get)(&s), value, "{}", c.testid);
            }
        }
    }

    #[test]
    fn the_api_offers_come_grouped_same_model_first() {
        let s = Scenario::default();
        let options = (SIMPLE[4].options)(&s);
        assert_eq!(
            options[0],
            (GROUP.to_string(), "Same model, hosted".to_string())
        );
        let labels: Vec<&str> = options
            .iter()
            .filter(|(v, _)| v == GROUP)
            .map(|(_, t)| t.as_str())
            .collect();
        assert!(labels.contains(&"OpenAI") && labels.contains(&"Via Hugging Face"));
        let mut unique = labels.clone();
        unique.dedup();
        assert_eq!(unique.len(), labels.len(), "each provider once");
        assert!(labels
            .iter()
            .all(|l| l.chars().next().is_some_and(char::is_uppercase)));
        // The same model's offers come first, each offer once.
        let first_group: Vec<&(String, String)> = options[1..]
            .iter()
            .take_while(|(v, _)| v != GROUP)
            .collect();
        assert!(first_group
            .iter()
            .all(|(_, t)| t.starts_with("Same model: ")));
        assert!(first_group.iter().any(|(v, _)| *v == s.api.price_id));
        let n = options.iter().filter(|(v, _)| v != GROUP).count();
        assert_eq!(
            n,
            prices::api_prices().iter().filter(|p| !p.retired).count()
        );
    }

    #[test]
    fn option_markup_escapes_and_closes_groups() {
        let o = |v: &str, t: &str| (v.to_string(), t.to_string());
        let m = options_markup(&[o("a", "A & B"), o(GROUP, "G<1>"), o("b\"", "B")], "b\"");
        assert_eq!(
            m,
            "<option value=\"a\">A &amp; B</option><optgroup label=\"G&lt;1&gt;\">\
             <option value=\"b&quot;\" selected>B</option></optgroup>"
        );
    }

    #[test]
    fn garbage_changes_nothing() {
        for c in all() {
            let mut s = Scenario::default();
            let notice = (c.set)(&mut s, "<script>alert(1)</script>");
            assert!(notice.is_none(), "{}", c.testid);
            assert_eq!(s, Scenario::default(), "{}", c.testid);
        }
    }

    #[test]
    fn a_gpu_without_a_bundled_price_says_so() {
        let gpu = &SIMPLE[1];
        let unpriced = catalog::gpus()
            .iter()
            .find(|g| prices::gpu_prices_for(g.id).is_empty())
            .expect("some GPU has no bundled price");
        let mut s = Scenario::default();
        let notice = (gpu.set)(&mut s, unpriced.id).expect("a notice");
        assert!(notice.contains(unpriced.name));
        assert_eq!(s.self_host.gpu_id, unpriced.id);
        let mut s = Scenario::default();
        assert!((gpu.set)(&mut s, "h200").is_none());
        assert_eq!((SELF_HOST[3].get)(&s), s.self_host.gpu_price_id);
    }
}
