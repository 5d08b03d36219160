//! The key table of `docs/MODEL.md` ("Share links"): what each key sets and what its value
//! looks like.

use super::Key;
use crate::float::format_f64;
use crate::scenario;

impl Key {
    /// Dotted path of the scenario field the key sets (`"version"` for `v`).
    pub fn path(self) -> &'static str {
        match self {
            Key::Version => "version",
            Key::Field(id) => scenario::spec(id).name,
            Key::VolumeMode => "workload.volume_mode",
            Key::DailyProfile => "workload.daily_profile",
            Key::ApiPriceId => "api.price_id",
            Key::Model => "self_host.model_id",
            Key::CustomModel => "self_host.custom_model",
            Key::WeightPrecision => "self_host.weight_precision",
            Key::KvPrecision => "self_host.kv_precision",
            Key::Gpu => "self_host.gpu_id",
            Key::CustomGpu => "self_host.custom_gpu",
            Key::Engine => "self_host.engine",
            Key::MeasuredThroughput => "self_host.measured_output_tokens_per_s",
            Key::GpuPriceId => "self_host.gpu_price_id",
            Key::Billing => "self_host.billing",
            Key::Pins => "pins",
        }
    }

    /// What the value looks like (for the key table in `docs/MODEL.md`).
    pub fn value_format(self) -> String {
        let s = match self {
            Key::Field(id) => {
                let f = scenario::spec(id);
                let kind = if f.integer { "whole number" } else { "number" };
                return format!("{kind}, {} to {}", format_f64(f.min), format_f64(f.max));
            }
            Key::Version => "whole number >= 1 (missing: 1)",
            Key::VolumeMode => "`requests-per-month` or `users`",
            Key::DailyProfile => "`custom`, `flat`, `consumer-chat`, `business-hours` or `global`",
            Key::ApiPriceId => "API price id (`prices_api.psv`) or `custom`; a label",
            Key::Model => "model id (`models.csv`)",
            Key::CustomModel => "20 comma-separated values (see below); absent: none",
            Key::WeightPrecision => {
                "`bf16`, `fp16`, `fp8`, `int8` (W8A8), `w8a16` (weight-only INT8), `int4`, `fp4` or `gguf-BITS` (BITS 1 to 32)"
            }
            Key::KvPrecision => "`bf16`, `fp8`, `int8` or `int4`",
            Key::Gpu => "GPU id (`gpus.csv`)",
            Key::CustomGpu => "11 comma-separated values (see below); absent: none",
            Key::Engine => "`vllm`, `sglang`, `tensorrt-llm`, `llama-cpp` or `transformers`",
            Key::MeasuredThroughput => "number, 0.1 to 1e7; absent: none",
            Key::GpuPriceId => "GPU price id (`prices_gpu.psv`) or `custom`; a label",
            Key::Billing => "`always-on` or `autoscaled`",
            Key::Pins => "letters `a` (API), `d` (deployment), `g` (GPU price); absent: none",
        };
        s.to_string()
    }
}

/// The key table of `docs/MODEL.md` ("Share links"), as Markdown rows.
pub fn key_table_markdown() -> String {
    let mut t = String::from("| key | field | value |\n|---|---|---|\n");
    for k in Key::all() {
        t.push_str(&format!(
            "| `{}` | `{}` | {} |\n",
            k.as_str(),
            k.path(),
            k.value_format()
        ));
    }
    t
}
