//! How each numeric scenario field appears on the page: its slider scale, how its value
//! reads, and whether the number box works in percent. Pure, so it is tested on the host.
//!
//! Ranges, units, defaults and sources come from the model (`infercost::scenario::fields`);
//! this module only decides presentation.

use crate::format::{self, ParseError};
use crate::slider_scale::Scale;
use infercost::scenario::{custom_fields, field, FieldSpec, Scenario};

/// Presentation of one field.
#[derive(Debug, Clone, Copy)]
pub struct FieldUi {
    /// The model's field: range, default, source, getter and setter.
    pub spec: &'static FieldSpec,
    /// Visible label.
    pub label: &'static str,
    /// `data-testid` of the slider and its number box.
    pub testid: &'static str,
    /// The slider's scale (the number box accepts the field's whole valid range).
    pub scale: Scale,
    /// Number box value = field value x `box_factor` (100 for shares shown in percent).
    pub box_factor: f64,
    /// Unit shown beside the number box.
    pub unit: &'static str,
}

impl FieldUi {
    /// The field's value in `s`. Requests per month read the effective volume, whichever
    /// way it is given (directly, or users x requests per user per day).
    pub fn get(&self, s: &Scenario) -> f64 {
        match self.spec.key {
            "rpm" => s.requests_per_month(),
            _ => self.spec.get(s),
        }
    }

    /// Writes the field into `s` (requests per month in whichever volume mode is active).
    pub fn set(&self, s: &mut Scenario, v: f64) {
        match self.spec.key {
            "rpm" => s.set_requests_per_month(v),
            _ => self.spec.set(s, v),
        }
    }

    /// Reads what a person typed into this field's number box: parsed, converted from the
    /// box's unit (percent for shares), and checked against the field's range and, for
    /// whole-number fields, wholeness.
    // Inlined into the one caller: out of line it measured ~1 KB more compressed wasm.
    #[inline(always)]
    pub fn parse_box(&self, text: &str) -> Result<f64, ParseError> {
        let f = self.box_factor;
        let v = format::parse_number(text, self.spec.min * f, self.spec.max * f)? / f;
        if self.spec.integer && v.fract() != 0.0 {
            Err(ParseError::NotWhole(v))
        } else {
            Ok(v)
        }
    }

    /// How a value reads beside the label and in `aria-valuetext`.
    pub fn display(&self, v: f64) -> String {
        display_for_unit(self.spec.unit, v)
    }
}

/// Reads a value in a field's unit: shares as percent, money as dollars, seconds as
/// durations, everything else as a count.
pub fn display_for_unit(unit: &str, v: f64) -> String {
    match unit {
        "share" => format::percent(v),
        "s" | "s/token" => format::duration_s(v),
        u if u.starts_with("USD") => format::usd(v),
        "x" => format!("{}x", format::plain((v * 100.0).round() / 100.0)),
        _ => format::count(v),
    }
}

/// The presentation of a field by the model's key, or `None` for an unknown key.
pub fn ui(key: &str) -> Option<FieldUi> {
    let spec = field(key).or_else(|| custom_fields().iter().find(|f| f.key == key))?;
    let (label, testid) = label_and_testid(spec.key);
    let share = spec.unit == "share";
    let scale = if spec.log_scale {
        let lo = if spec.min > 0.0 {
            spec.min
        } else {
            (spec.default / 1000.0).max(spec.max * 1e-9).max(1e-6)
        };
        let (lo, hi) = match spec.key {
            // The slider spans realistic volumes; the box takes the whole range.
            "rpm" => (1e3, 1e10),
            "in" => (10.0, 200_000.0),
            "out" => (1.0, 32_000.0),
            _ => (lo, spec.max),
        };
        Scale::Log { min: lo, max: hi }
    } else {
        Scale::Linear {
            min: spec.min,
            max: spec.max,
        }
    };
    Some(FieldUi {
        spec,
        label,
        testid,
        scale,
        box_factor: if share { 100.0 } else { 1.0 },
        unit: unit_label(spec.unit),
    })
}

fn unit_label(unit: &'static str) -> &'static str {
    match unit {
        "share" => "%",
        "requests/month" => "req/mo",
        "USD/1M tokens" => "$/1M tok",
        "USD/GPU-hour" => "$/GPU-h",
        "USD/month" => "$/mo",
        "USD/user/month" => "$/user/mo",
        "USD/GB" => "$/GB",
        other => other,
    }
}

/// Visible label and stable `data-testid` for each model key. Keys without an entry use
/// the key itself.
fn label_and_testid(key: &'static str) -> (&'static str, &'static str) {
    LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or((key, key), |&(_, label, testid)| (label, testid))
}

/// Key, visible label and `data-testid` of every presented field (a table rather than a
/// `match`: string arms compile to a comparison each, measured larger).
const LABELS: [(&str, &str, &str); 56] = [
    ("rpm", "Requests per month", "requests-per-month"),
    ("users", "Users", "users"),
    (
        "rpud",
        "Requests per user per day",
        "requests-per-user-per-day",
    ),
    ("in", "Input tokens per request", "input-tokens"),
    ("out", "Output tokens per request", "output-tokens"),
    ("cache", "Cached share of input", "cached-share"),
    ("cw", "Cache-write share of input", "cache-write-share"),
    ("retry", "Retries per call (self-hosted)", "retry-rate"),
    ("extra", "Extra calls per request", "extra-calls"),
    ("p2a", "Peak-to-average traffic", "peak-to-average"),
    ("ttft", "Time-to-first-token target", "ttft-target"),
    ("tpot", "Time-per-output-token target", "tpot-target"),
    ("seat", "Price per seat", "price-per-seat"),
    ("pin", "API input price", "api-input-price"),
    ("pcache", "API cached-input price", "api-cached-price"),
    ("pcw", "API cache-write premium", "api-cache-write-price"),
    ("pout", "API output price", "api-output-price"),
    ("bd", "Batch API discount", "batch-discount"),
    ("bs", "Batch-eligible share", "batch-share"),
    ("aretry", "Retries per call (API)", "api-retry-rate"),
    ("gpr", "GPUs per replica", "gpu-count-field"),
    ("gph", "GPU price", "gpu-usd-per-hour"),
    ("util", "Target utilization at peak", "utilization"),
    ("minr", "Minimum replicas", "min-replicas"),
    ("nk", "Spare replicas (N+k)", "redundancy"),
    ("eng", "Engineering and on-call", "engineering-usd"),
    ("obs", "Observability", "observability-usd"),
    ("stor", "Storage", "storage-usd"),
    ("egr", "Egress price", "egress-usd-per-gb"),
    ("bpr", "Bytes per response", "bytes-per-response"),
    ("cgmem", "GPU memory", "custom-gpu-memory"),
    ("cgbw", "Memory bandwidth", "custom-gpu-bandwidth"),
    ("cgtf", "Dense BF16 compute", "custom-gpu-bf16"),
    ("cgf8", "Dense FP8 compute (0: none)", "custom-gpu-fp8"),
    ("cgi8", "Dense INT8 compute (0: none)", "custom-gpu-int8"),
    ("cgf4", "Dense FP4 compute (0: none)", "custom-gpu-fp4"),
    ("cgic", "Interconnect per GPU", "custom-gpu-interconnect"),
    ("cmpt", "Total parameters", "custom-model-params-total"),
    (
        "cmpa",
        "Active parameters per token",
        "custom-model-params-active",
    ),
    ("cml", "Layers", "custom-model-layers"),
    ("cmh", "Hidden size", "custom-model-hidden"),
    ("cmi", "FFN intermediate size", "custom-model-intermediate"),
    ("cmah", "Attention heads", "custom-model-heads"),
    ("cmkv", "KV heads", "custom-model-kv-heads"),
    ("cmhd", "Head dimension", "custom-model-head-dim"),
    ("cmx", "Routed experts (0: dense)", "custom-model-experts"),
    (
        "cmxk",
        "Routed experts per token",
        "custom-model-experts-per-token",
    ),
    ("cmxs", "Shared experts", "custom-model-shared-experts"),
    (
        "cmxi",
        "Expert FFN intermediate size",
        "custom-model-moe-intermediate",
    ),
    (
        "cmdl",
        "Dense layers of an MoE model",
        "custom-model-dense-layers",
    ),
    (
        "cmkvr",
        "MLA latent KV rank (0: none)",
        "custom-model-kv-lora-rank",
    ),
    ("cmrope", "MLA RoPE head dimension", "custom-model-rope-dim"),
    (
        "cmsw",
        "Sliding window (0: none)",
        "custom-model-sliding-window",
    ),
    (
        "cmsl",
        "Sliding-window layers",
        "custom-model-sliding-layers",
    ),
    ("cmv", "Vocabulary", "custom-model-vocab"),
    ("cmctx", "Maximum context", "custom-model-context"),
];

/// The simple-mode sliders, in page order.
pub const SIMPLE: [&str; 5] = ["rpm", "in", "out", "gph", "util"];

/// Advanced panels: a title and the field keys each holds. Together with [`SIMPLE`] and
/// the pickers they cover every numeric Scenario input.
pub const PANELS: [(&str, &[&str]); 4] = [
    (
        "Workload",
        &[
            "cache", "cw", "retry", "extra", "p2a", "ttft", "tpot", "users", "seat",
        ],
    ),
    (
        "API prices",
        &["pin", "pcache", "pcw", "pout", "bd", "bs", "aretry"],
    ),
    ("Fleet", &["minr", "nk"]),
    ("Operating costs", &["eng", "obs", "stor", "egr", "bpr"]),
];

/// The custom GPU and custom architecture panels: a title, whether it edits the GPU (else
/// the model), and the keys of [`infercost::scenario::custom_fields`] it holds, in page order.
pub const CUSTOM: [(&str, bool, &[&str]); 2] = [
    (
        "Custom GPU",
        true,
        &["cgmem", "cgbw", "cgtf", "cgf8", "cgi8", "cgf4", "cgic"],
    ),
    (
        "Custom model architecture",
        false,
        &[
            "cmpt", "cmpa", "cml", "cmh", "cmi", "cmah", "cmkv", "cmhd", "cmx", "cmxk", "cmxs",
            "cmxi", "cmdl", "cmkvr", "cmrope", "cmsw", "cmsl", "cmv", "cmctx",
        ],
    ),
];

#[cfg(test)]
mod tests {
    #[test]
    fn number_boxes_read_their_unit_and_range() {
        let util = ui("util").unwrap();
        assert_eq!(util.parse_box("70"), Ok(0.7));
        assert!(matches!(
            util.parse_box("99"),
            Err(ParseError::OutOfRange { .. })
        ));
        let replicas = ui("minr").unwrap();
        assert_eq!(replicas.parse_box("3"), Ok(3.0));
        assert_eq!(replicas.parse_box("2.5"), Err(ParseError::NotWhole(2.5)));
        assert_eq!(ui("rpm").unwrap().parse_box("1.5M"), Ok(1.5e6));
        assert!(matches!(
            ui("out").unwrap().parse_box("NaN"),
            Err(ParseError::NotANumber(_))
        ));
    }

    use super::*;

    #[test]
    fn every_model_field_is_presented_once() {
        let mut keys: Vec<&str> = SIMPLE.to_vec();
        for (_, ks) in PANELS {
            keys.extend_from_slice(ks);
        }
        // Volume by users x requests per user per day, and GPUs per replica, have their
        // own controls (the volume mode and the GPU-count picker).
        keys.extend_from_slice(&["rpud", "gpr"]);
        let mut model_keys: Vec<&str> = infercost::scenario::fields()
            .iter()
            .map(|f| f.key)
            .collect();
        keys.sort_unstable();
        model_keys.sort_unstable();
        assert_eq!(keys, model_keys);
    }

    #[test]
    fn every_custom_field_is_presented_once_with_a_usable_scale() {
        let mut keys: Vec<&str> = CUSTOM
            .iter()
            .flat_map(|(_, _, ks)| ks.iter().copied())
            .collect();
        let mut model_keys: Vec<&str> = custom_fields().iter().map(|f| f.key).collect();
        keys.sort_unstable();
        model_keys.sort_unstable();
        assert_eq!(keys, model_keys);
        let s = Scenario::default();
        for f in custom_fields() {
            let u = ui(f.key).expect("presented");
            assert_ne!(u.label, f.key, "{} has a readable label", f.key);
            assert!(!u.unit.is_empty(), "{} shows a unit", f.key);
            let (lo, hi) = (u.scale.min(), u.scale.max());
            assert!(
                lo.is_finite() && hi > lo && lo >= f.min && hi <= f.max,
                "{}",
                f.key
            );
            let p = u.scale.position_of(u.get(&s));
            assert_eq!(u.scale.position_of(u.scale.value_at(p)), p, "{}", f.key);
        }
    }

    #[test]
    fn every_key_has_a_usable_scale_and_a_stable_position() {
        for f in infercost::scenario::fields() {
            let u = ui(f.key).expect("presented");
            assert_ne!(u.label, f.key, "{} has a readable label", f.key);
            let (lo, hi) = (u.scale.min(), u.scale.max());
            assert!(lo.is_finite() && hi > lo, "{}: {lo}..{hi}", f.key);
            assert!(
                lo >= f.min && hi <= f.max,
                "{}: slider inside the valid range",
                f.key
            );
            let p = u.scale.position_of(f.default);
            assert_eq!(u.scale.position_of(u.scale.value_at(p)), p, "{}", f.key);
        }
    }

    #[test]
    fn values_read_in_their_unit() {
        assert_eq!(display_for_unit("share", 0.7), "70%");
        assert_eq!(display_for_unit("USD/GPU-hour", 3.99), "$3.99");
        assert_eq!(display_for_unit("s", 2.0), "2.00 s");
        assert_eq!(display_for_unit("requests/month", 1e7), "10.0M");
        assert_eq!(display_for_unit("x", 2.0), "2x");
        assert_eq!(ui("util").unwrap().box_factor, 100.0);
        assert!(ui("nope").is_none());
    }
}
