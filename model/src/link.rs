//! Share links: the whole [`Scenario`] as a compact, versioned query string.
//!
//! `v=1&rpm=20000000&m=llama-3.1-8b` means: version 1 of the format, the frozen version-1
//! defaults ([`v1_defaults`]) with 20M requests a month and Llama 3.1 8B. Only values that
//! differ from the frozen defaults are written, so the default scenario is just `v=1`.
//!
//! A link must reproduce what its author saw, forever. So decoding starts from
//! [`v1_defaults`] (literal values, never today's `Scenario::default()`) and never looks
//! up a price in today's catalog: price ids are labels, and the explicit prices travel in
//! the link whenever they differ from the frozen defaults.
//!
//! Decoding never fails and never panics. Each bad value falls back to its default on its
//! own, with a plain-text warning that names the key and the value; see [`from_query`] for
//! every rule. `docs/MODEL.md` ("Share links") has the key table and the reasons.

use crate::catalog::{self, Architecture, GpuSpec, MemoryKind};
use crate::fleet::DailyProfile;
use crate::input::FieldId;
use crate::num::{format_f64, parse_num};
use crate::prices;
use crate::scenario::{
    self, architecture_is_sane, gpu_is_sane, ApiSide, Billing, FieldSpec, Scenario, SelfHostSide,
    VolumeMode, Workload, MEASURED_TPS_MAX, MEASURED_TPS_MIN,
};
use crate::types::{Engine, KvPrecision, WeightPrecision};

/// Version of the link format written by [`to_query`].
pub const VERSION: u32 = 1;

/// Longest input [`from_query`] reads; a longer one is ignored entirely (with a warning).
pub const MAX_INPUT_CHARS: usize = 8000;

/// Keys the page uses that are not part of the scenario (ignored by the codec, no warning).
pub const PAGE_KEYS: [&str; 2] = ["embed", "theme"];

/// The price id of prices that come from no bundled row.
pub const CUSTOM_PRICE_ID: &str = "custom";

/// At most this many warnings are listed; the rest are counted in one last line.
pub const MAX_WARNINGS: usize = 20;

/// Values quoted in warnings are cut to this many characters.
const MAX_QUOTED_CHARS: usize = 40;

/// Every key of the link format. Numeric keys are the registry's (`Key::Field`, the short
/// keys of [`crate::scenario::fields`]); the others are picks, ids and lists. A key never
/// changes meaning once released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// `v`: format version (whole number >= 1; missing = 1).
    Version,
    /// A numeric input of the registry, under its short key.
    Field(FieldId),
    /// `vm`: `workload.volume_mode`.
    VolumeMode,
    /// `dp`: `workload.daily_profile`.
    DailyProfile,
    /// `ap`: `api.price_id`.
    ApiPriceId,
    /// `m`: `self_host.model_id`.
    Model,
    /// `cm`: `self_host.custom_model` (20 comma-separated values, [`CUSTOM_MODEL_FIELDS`]).
    CustomModel,
    /// `wp`: `self_host.weight_precision`.
    WeightPrecision,
    /// `kv`: `self_host.kv_precision`.
    KvPrecision,
    /// `g`: `self_host.gpu_id`.
    Gpu,
    /// `cg`: `self_host.custom_gpu` (11 comma-separated values, [`CUSTOM_GPU_FIELDS`]).
    CustomGpu,
    /// `engine`: `self_host.engine`.
    Engine,
    /// `mtps`: `self_host.measured_output_tokens_per_s`.
    MeasuredThroughput,
    /// `gp`: `self_host.gpu_price_id`.
    GpuPriceId,
    /// `bill`: `self_host.billing`.
    Billing,
}

/// The keys that are not numbers of the registry, each with the registry field it is written
/// just before (the order of the scenario's fields). A new numeric input needs no line here:
/// it is written in its registry position.
const PICK_KEYS: [(Key, FieldId); 13] = [
    (Key::VolumeMode, FieldId::RequestsPerMonth),
    (Key::DailyProfile, FieldId::PeakToAverage),
    (Key::ApiPriceId, FieldId::ApiInputPrice),
    (Key::Model, FieldId::GpusPerReplica),
    (Key::CustomModel, FieldId::GpusPerReplica),
    (Key::WeightPrecision, FieldId::GpusPerReplica),
    (Key::KvPrecision, FieldId::GpusPerReplica),
    (Key::Gpu, FieldId::GpusPerReplica),
    (Key::CustomGpu, FieldId::GpusPerReplica),
    (Key::Engine, FieldId::GpuHourPrice),
    (Key::MeasuredThroughput, FieldId::GpuHourPrice),
    (Key::GpuPriceId, FieldId::GpuHourPrice),
    (Key::Billing, FieldId::Engineering),
];

impl Key {
    /// Every key, in the order [`to_query`] writes them: `v`, then the registry's fields in
    /// order, each pick key just before the field [`PICK_KEYS`] names.
    pub fn all() -> Vec<Key> {
        let mut keys = Vec::with_capacity(1 + PICK_KEYS.len() + scenario::fields().len());
        keys.push(Key::Version);
        for f in scenario::fields() {
            keys.extend(
                PICK_KEYS
                    .iter()
                    .filter(|(_, at)| *at == f.id)
                    .map(|(k, _)| *k),
            );
            keys.push(Key::Field(f.id));
        }
        keys
    }

    /// The short key as it appears in a link.
    pub fn as_str(self) -> &'static str {
        match self {
            Key::Version => "v",
            Key::Field(id) => scenario::spec(id).key,
            Key::VolumeMode => "vm",
            Key::DailyProfile => "dp",
            Key::ApiPriceId => "ap",
            Key::Model => "m",
            Key::CustomModel => "cm",
            Key::WeightPrecision => "wp",
            Key::KvPrecision => "kv",
            Key::Gpu => "g",
            Key::CustomGpu => "cg",
            Key::Engine => "engine",
            Key::MeasuredThroughput => "mtps",
            Key::GpuPriceId => "gp",
            Key::Billing => "bill",
        }
    }

    /// Looks a key up by its short form (exact, case-sensitive).
    ///
    /// ```
    /// use infercost::input::FieldId;
    /// use infercost::link::Key;
    /// assert_eq!(Key::parse("rpm"), Some(Key::Field(FieldId::RequestsPerMonth)));
    /// assert_eq!(Key::parse("m"), Some(Key::Model));
    /// assert_eq!(Key::parse("RPM"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Key> {
        if s == "v" {
            return Some(Key::Version);
        }
        PICK_KEYS
            .iter()
            .map(|(k, _)| *k)
            .find(|k| k.as_str() == s)
            .or_else(|| scenario::field(s).map(|f| Key::Field(f.id)))
            .filter(|k| k.as_str() == s)
    }

    /// The numeric field this key stands for, if it is one of [`crate::scenario::fields`].
    pub fn field(self) -> Option<&'static FieldSpec> {
        match self {
            Key::Field(id) => Some(scenario::spec(id)),
            _ => None,
        }
    }

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
        };
        s.to_string()
    }
}

/// Order of the values of `cm` (a custom architecture): the fields of
/// [`Architecture`] in declaration order; counts are whole numbers, `tied_embeddings` is
/// `0` or `1`.
pub const CUSTOM_MODEL_FIELDS: [&str; 20] = [
    "params_total",
    "params_active",
    "layers",
    "hidden",
    "heads",
    "kv_heads",
    "head_dim",
    "intermediate",
    "experts",
    "experts_per_token",
    "shared_experts",
    "moe_intermediate",
    "dense_layers",
    "kv_lora_rank",
    "qk_rope_head_dim",
    "sliding_window",
    "sliding_layers",
    "vocab",
    "tied_embeddings",
    "max_context_tokens",
];

/// Order of the values of `cg` (a custom GPU): the fields of [`GpuSpec`] in declaration
/// order; an empty value is an absent optional rate, `memory_kind` is `hbm`, `gddr` or
/// `unified`, `sm_count` a whole number.
pub const CUSTOM_GPU_FIELDS: [&str; 11] = [
    "memory_bytes",
    "mem_bandwidth_bytes_per_s",
    "bf16_flops",
    "fp8_flops",
    "int8_ops",
    "fp4_flops",
    "interconnect_bytes_per_s",
    "fp16_acc16_flops",
    "memory_kind",
    "sm_count",
    "boost_clock_hz",
];

/// The defaults of link format version 1, frozen: a version-1 link means these values plus
/// the link's own. They equal today's `Scenario::default()` (a test checks it); when the
/// defaults change, this copy must not.
pub fn v1_defaults() -> Scenario {
    Scenario {
        workload: Workload {
            volume_mode: VolumeMode::RequestsPerMonth,
            requests_per_month: 10_000_000.0,
            users: 50_000.0,
            requests_per_user_per_day: 6.6,
            input_tokens: 1500.0,
            output_tokens: 350.0,
            cached_input_share: 0.5,
            cache_write_share: 0.05,
            retry_rate: 0.03,
            extra_calls_per_request: 0.1,
            daily_profile: DailyProfile::ConsumerChat,
            peak_to_average: 2.0,
            ttft_target_s: 2.0,
            tpot_target_s: 0.05,
            price_per_seat_usd_per_month: 20.0,
        },
        api: ApiSide {
            price_id: "together:meta-llama/meta-llama-3.1-70b-instruct-turbo".to_string(),
            input_usd_per_mtok: 0.88,
            cached_input_usd_per_mtok: 0.88,
            cache_write_premium_usd_per_mtok: 0.0,
            output_usd_per_mtok: 0.88,
            batch_discount: 0.0,
            batch_share: 0.0,
            retry_rate: 0.03,
        },
        self_host: SelfHostSide {
            model_id: "llama-3.1-70b".to_string(),
            custom_model: None,
            weight_precision: WeightPrecision::Fp8,
            kv_precision: KvPrecision::Bf16,
            gpu_id: "h100-sxm".to_string(),
            custom_gpu: None,
            gpus_per_replica: 2,
            engine: Engine::Vllm,
            measured_output_tokens_per_s: None,
            gpu_price_id: "h100-sxm:runpod-secure-cloud".to_string(),
            gpu_usd_per_hour: 3.99,
            target_utilization: 0.7,
            min_replicas: 1,
            redundancy_replicas: 1,
            billing: Billing::AlwaysOn,
            engineering_usd_per_month: 2000.0,
            observability_usd_per_month: 200.0,
            storage_usd_per_month: 50.0,
            egress_usd_per_gb: 0.09,
            bytes_per_response: 50_000.0,
        },
    }
}

/// What [`from_query`] read.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The scenario: the frozen version-1 defaults plus every valid value of the link.
    pub scenario: Scenario,
    /// One plain-text line per ignored key or value (show them as text, never as HTML).
    pub warnings: Vec<String>,
    /// The link's `v` when it is newer than [`VERSION`].
    pub newer_version: Option<u32>,
}

/// The query string (without the leading `?`) of a scenario: `v=1` followed by every value
/// that differs from [`v1_defaults`], in [`Key::all`] order. The scenario is sanitized first
/// (as `evaluate` does), so an invalid number is written as its default.
///
/// ```
/// use infercost::link::{from_query, to_query};
/// use infercost::scenario::Scenario;
/// let mut s = Scenario::default();
/// assert_eq!(to_query(&s), "v=1");
/// s.workload.requests_per_month = 2e7;
/// s.self_host.model_id = "llama-3.1-8b".into();
/// assert_eq!(to_query(&s), "v=1&rpm=20000000&m=llama-3.1-8b");
/// assert_eq!(from_query(&to_query(&s)).scenario, s);
/// ```
pub fn to_query(s: &Scenario) -> String {
    let s = s.sanitized();
    let defaults = v1_defaults();
    let mut out = format!("v={VERSION}");
    for key in Key::all().into_iter().skip(1) {
        let value = value_text(key, &s);
        if value != value_text(key, &defaults) {
            if let Some(v) = value {
                out.push('&');
                out.push_str(key.as_str());
                out.push('=');
                let list = matches!(key, Key::CustomModel | Key::CustomGpu);
                percent_encode_into(&v, list, &mut out);
            }
        }
    }
    out
}

/// Reads a share link. Never fails and never panics.
///
/// - Input: a bare query (`v=1&rpm=2e7`), a query with a leading `?`, or a whole URL (the
///   part after the first `?` is used, any `#fragment` dropped; a URL without `?` is the
///   default scenario). Surrounding whitespace is ignored. Input longer than
///   [`MAX_INPUT_CHARS`] characters is ignored entirely, with a warning.
/// - Pairs are separated by `&`, key and value by the first `=`; both are
///   percent-decoded (`+` is a plain plus, not a space). Keys are case-sensitive.
/// - The result starts from [`v1_defaults`]; each valid value replaces its default.
/// - An unknown key is ignored with a warning; [`PAGE_KEYS`] are ignored silently, and so
///   are empty pairs (`&&`).
/// - A duplicated key: the last one wins (even when it is invalid), with a warning.
/// - Each invalid value (not a number, NaN, inf, 1e400, out of range, a fraction for a
///   whole number, an unknown id or word, bad percent-encoding, a custom model or GPU
///   with unusable numbers) leaves its default in place, with a warning naming the key and
///   the value (quoted, escaped, cut to 40 characters).
/// - An unknown model or GPU id falls back to the default id. An unknown price id becomes
///   `custom` (the link's prices are kept: a price id is only a label).
/// - A missing `v` is read as version 1; a `v` above [`VERSION`] loads what this version
///   understands, sets `newer_version` and adds a warning.
/// - At most [`MAX_WARNINGS`] warnings are listed; one more line counts the rest.
///
/// ```
/// use infercost::link::from_query;
/// let d = from_query("https://example.com/?v=1&rpm=2e7&in=NaN&zz=1#top");
/// assert_eq!(d.scenario.workload.requests_per_month, 2e7);
/// assert_eq!(d.scenario.workload.input_tokens, 1500.0);
/// assert_eq!(d.warnings.len(), 2);
/// assert_eq!(from_query("v=2&out=900").newer_version, Some(2));
/// ```
pub fn from_query(input: &str) -> Decoded {
    let mut d = Decoder {
        scenario: v1_defaults(),
        defaults: v1_defaults(),
        warnings: Vec::new(),
        more: 0,
        newer_version: None,
    };
    if input.chars().nth(MAX_INPUT_CHARS).is_some() {
        d.warn(format!(
            "ignored the whole link: longer than {MAX_INPUT_CHARS} characters; showing the defaults"
        ));
        return d.finish();
    }
    // The last raw value of each key, by position in Key::all().
    let keys = Key::all();
    let mut values: Vec<Option<&str>> = vec![None; keys.len()];
    let mut notes = Vec::new();
    for pair in query_part(input).split('&') {
        if pair.is_empty() {
            continue;
        }
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let key_text = percent_decode(raw_key);
        let Some(key) = key_text.as_deref().and_then(Key::parse) else {
            match key_text {
                Some(k) if PAGE_KEYS.contains(&k.as_str()) => {}
                Some(k) => notes.push(format!("ignored unknown key {}", quote(&k))),
                None => notes.push(format!(
                    "ignored key {}: invalid percent-encoding",
                    quote(raw_key)
                )),
            }
            continue;
        };
        let Some(slot) = keys
            .iter()
            .position(|k| *k == key)
            .and_then(|i| values.get_mut(i))
        else {
            continue;
        };
        if slot.replace(raw_value).is_some() {
            notes.push(format!(
                "key {} appears more than once; the last one is used",
                key.as_str()
            ));
        }
    }
    // The version first, so its notice leads.
    if let Some(raw) = values.first().copied().flatten() {
        d.version(raw);
    }
    for n in notes {
        d.warn(n);
    }
    for (key, raw) in keys.into_iter().zip(values).skip(1) {
        if let Some(raw) = raw {
            d.apply(key, raw);
        }
    }
    d.finish()
}

/// The query part of a bare query, a `?query` or a URL.
fn query_part(input: &str) -> &str {
    let s = input.trim();
    // The first `?` starts the query when what precedes it is a URL or a path (no `=` or
    // `&`); in a bare query a `?` is data (`ref=a?b` must not swallow the keys before it).
    // `split_once` rather than indexing: no panic path (and no panic message) to link.
    let s = match s.split_once('?') {
        Some((before, after)) if !before.contains(['=', '&']) => after,
        Some(_) => s,
        None if s
            .split_once(':')
            .is_some_and(|(_, rest)| rest.starts_with("//")) =>
        {
            ""
        }
        None => s,
    };
    s.split_once('#').map_or(s, |(query, _)| query)
}

struct Decoder {
    scenario: Scenario,
    defaults: Scenario,
    warnings: Vec<String>,
    more: usize,
    newer_version: Option<u32>,
}

impl Decoder {
    fn warn(&mut self, w: String) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(w);
        } else {
            self.more += 1;
        }
    }

    fn finish(mut self) -> Decoded {
        if self.more > 0 {
            self.warnings
                .push(format!("and {} more problems with this link", self.more));
        }
        Decoded {
            scenario: self.scenario,
            warnings: self.warnings,
            newer_version: self.newer_version,
        }
    }

    /// Warns that `key`'s value was ignored.
    fn reject(&mut self, key: Key, value: &str, reason: &str) {
        let default = value_text(key, &self.defaults).map_or("(none)".into(), |d| quote(&d));
        self.warn(format!(
            "ignored {}={}: {reason}; using the default {default}",
            key.as_str(),
            quote(value),
        ));
    }

    fn version(&mut self, raw: &str) {
        let v = percent_decode(raw)
            .as_deref()
            .and_then(parse_num)
            .filter(|v| v.fract() == 0.0 && *v >= 1.0 && *v <= f64::from(u32::MAX));
        match v {
            Some(v) if v > f64::from(VERSION) => {
                let v = v as u32;
                self.newer_version = Some(v);
                self.warn(format!(
                    "this link comes from a newer version of InferCost (v={v}); \
                     loaded what this version understands"
                ));
            }
            Some(_) => {}
            None => self.warn(format!(
                "ignored v={}: not a version number; reading the link as v={VERSION}",
                quote(raw)
            )),
        }
    }

    fn apply(&mut self, key: Key, raw: &str) {
        let Some(text) = percent_decode(raw) else {
            return self.reject(key, raw, "invalid percent-encoding");
        };
        if let Some(f) = key.field() {
            return match check_number(f, &text) {
                Ok(v) => f.set(&mut self.scenario, v),
                Err(why) => self.reject(key, &text, &why),
            };
        }
        let s = &mut self.scenario;
        let ok = match key {
            Key::VolumeMode => VolumeMode::parse(&text).map(|v| s.workload.volume_mode = v),
            Key::DailyProfile => DailyProfile::parse(&text).map(|v| s.workload.daily_profile = v),
            Key::Billing => Billing::parse(&text).map(|v| s.self_host.billing = v),
            Key::Engine => Engine::parse(&text).map(|v| s.self_host.engine = v),
            Key::KvPrecision => KvPrecision::parse(&text).map(|v| s.self_host.kv_precision = v),
            Key::WeightPrecision => {
                WeightPrecision::parse(&text).map(|v| s.self_host.weight_precision = v)
            }
            Key::Model => {
                catalog::find_model(&text).map(|m| s.self_host.model_id = m.id.to_string())
            }
            Key::Gpu => catalog::find_gpu(&text).map(|g| s.self_host.gpu_id = g.id.to_string()),
            Key::MeasuredThroughput => parse_num(&text)
                .filter(|v| (MEASURED_TPS_MIN..=MEASURED_TPS_MAX).contains(v))
                .map(|v| s.self_host.measured_output_tokens_per_s = Some(v)),
            Key::ApiPriceId => {
                let id = price_label(&text, |t| prices::find_api_price(t).map(|p| &p.id));
                let known = id.is_some();
                s.api.price_id = id.unwrap_or_else(|| CUSTOM_PRICE_ID.into());
                if !known {
                    self.unknown_price(key, &text);
                }
                Some(())
            }
            Key::GpuPriceId => {
                let id = price_label(&text, |t| prices::find_gpu_price(t).map(|p| &p.id));
                let known = id.is_some();
                s.self_host.gpu_price_id = id.unwrap_or_else(|| CUSTOM_PRICE_ID.into());
                if !known {
                    self.unknown_price(key, &text);
                }
                Some(())
            }
            Key::CustomModel => {
                return match parse_architecture(&text) {
                    Ok(a) => s.self_host.custom_model = Some(a),
                    Err(why) => self.reject(key, &text, &why),
                };
            }
            Key::CustomGpu => {
                return match parse_gpu(&text) {
                    Ok(g) => s.self_host.custom_gpu = Some(g),
                    Err(why) => self.reject(key, &text, &why),
                };
            }
            // `v` is read by `version`, numbers above.
            _ => Some(()),
        };
        if ok.is_none() {
            let why = match key {
                Key::Model => "unknown model id",
                Key::Gpu => "unknown GPU id",
                Key::MeasuredThroughput => "not a throughput from 0.1 to 1e7 tokens/s",
                Key::WeightPrecision => "unknown weight precision (GGUF bits: 1 to 32)",
                _ => "unknown value",
            };
            self.reject(key, &text, why);
        }
    }

    fn unknown_price(&mut self, key: Key, text: &str) {
        self.warn(format!(
            "unknown price id {}={}; labelled {CUSTOM_PRICE_ID} (the link's prices are kept)",
            key.as_str(),
            quote(text)
        ));
    }
}

/// The catalog's spelling of a price id, or `custom`; `None` for an unknown id.
fn price_label<'a>(text: &str, find: impl Fn(&str) -> Option<&'a String>) -> Option<String> {
    if text == CUSTOM_PRICE_ID {
        Some(CUSTOM_PRICE_ID.into())
    } else {
        find(text).cloned()
    }
}

/// A value quoted for a warning: cut to [`MAX_QUOTED_CHARS`] characters, in double quotes,
/// with `"` and `\` escaped and control characters (newlines included) replaced by U+FFFD,
/// so a warning is always one line.
fn quote(s: &str) -> String {
    let mut cut: String = s.chars().take(MAX_QUOTED_CHARS).collect();
    if s.chars().nth(MAX_QUOTED_CHARS).is_some() {
        cut.push_str("...");
    }
    // Written out rather than with `{:?}`: Debug-escaping a str links Unicode printability
    // tables (~9 KB of brotli-compressed WebAssembly) into the page.
    let mut out = String::with_capacity(cut.len() + 2);
    out.push('"');
    for c in cut.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn check_number(f: &FieldSpec, text: &str) -> Result<f64, String> {
    let v = parse_num(text).ok_or("not a finite number")?;
    if v < f.min {
        Err(format!("below the minimum {}", format_f64(f.min)))
    } else if v > f.max {
        Err(format!("above the maximum {}", format_f64(f.max)))
    } else if f.integer && v.fract() != 0.0 {
        Err("not a whole number".into())
    } else {
        Ok(v)
    }
}

/// The unencoded text of `key`'s value in `s` (`None`: an absent optional value).
fn value_text(key: Key, s: &Scenario) -> Option<String> {
    if let Some(f) = key.field() {
        return Some(format_f64(f.get(s)));
    }
    let h = &s.self_host;
    Some(match key {
        Key::Version => VERSION.to_string(),
        Key::VolumeMode => s.workload.volume_mode.id().into(),
        Key::DailyProfile => s.workload.daily_profile.id().into(),
        Key::ApiPriceId => s.api.price_id.clone(),
        Key::Model => h.model_id.clone(),
        Key::CustomModel => architecture_text(h.custom_model.as_ref()?),
        Key::WeightPrecision => h.weight_precision.id(),
        Key::KvPrecision => h.kv_precision.id().into(),
        Key::Gpu => h.gpu_id.clone(),
        Key::CustomGpu => gpu_text(h.custom_gpu.as_ref()?),
        Key::Engine => h.engine.id().into(),
        Key::MeasuredThroughput => format_f64(h.measured_output_tokens_per_s?),
        Key::GpuPriceId => h.gpu_price_id.clone(),
        Key::Billing => h.billing.id().into(),
        _ => String::new(),
    })
}

fn architecture_text(a: &Architecture) -> String {
    let mut parts = vec![format_f64(a.params_total), format_f64(a.params_active)];
    let counts = [
        a.layers,
        a.hidden,
        a.heads,
        a.kv_heads,
        a.head_dim,
        a.intermediate,
        a.experts,
        a.experts_per_token,
        a.shared_experts,
        a.moe_intermediate,
        a.dense_layers,
        a.kv_lora_rank,
        a.qk_rope_head_dim,
        a.sliding_window,
        a.sliding_layers,
        a.vocab,
        u32::from(a.tied_embeddings),
        a.max_context_tokens,
    ];
    parts.extend(counts.iter().map(u32::to_string));
    parts.join(",")
}

fn parse_architecture(text: &str) -> Result<Architecture, String> {
    let p = split_list(text, CUSTOM_MODEL_FIELDS.len())?;
    let tied_embeddings = match p[18] {
        "0" => false,
        "1" => true,
        _ => return Err("tied_embeddings is not 0 or 1".into()),
    };
    // Read in field order, so the first bad value is the one reported.
    let mut n = [0.0f64; CUSTOM_MODEL_FIELDS.len()];
    for (i, (t, name)) in p.iter().zip(CUSTOM_MODEL_FIELDS).enumerate() {
        n[i] = match i {
            0 | 1 => parse_field(t, name)?,
            18 => 0.0,
            _ => f64::from(parse_count(t, name)?),
        };
    }
    // Counts were checked to be whole numbers from 0 to u32::MAX: `as` is exact.
    let c = |i: usize| n[i] as u32;
    let a = Architecture {
        params_total: n[0],
        params_active: n[1],
        layers: c(2),
        hidden: c(3),
        heads: c(4),
        kv_heads: c(5),
        head_dim: c(6),
        intermediate: c(7),
        experts: c(8),
        experts_per_token: c(9),
        shared_experts: c(10),
        moe_intermediate: c(11),
        dense_layers: c(12),
        kv_lora_rank: c(13),
        qk_rope_head_dim: c(14),
        sliding_window: c(15),
        sliding_layers: c(16),
        vocab: c(17),
        tied_embeddings,
        max_context_tokens: c(19),
    };
    if architecture_is_sane(&a) {
        Ok(a)
    } else {
        Err("custom architecture with out-of-range numbers".into())
    }
}

fn gpu_text(g: &GpuSpec) -> String {
    let opt = |v: Option<f64>| v.map(format_f64).unwrap_or_default();
    [
        format_f64(g.memory_bytes),
        format_f64(g.mem_bandwidth_bytes_per_s),
        format_f64(g.bf16_flops),
        opt(g.fp8_flops),
        opt(g.int8_ops),
        opt(g.fp4_flops),
        format_f64(g.interconnect_bytes_per_s),
        opt(g.fp16_acc16_flops),
        g.memory_kind.id().to_string(),
        g.sm_count.to_string(),
        format_f64(g.boost_clock_hz),
    ]
    .join(",")
}

fn parse_gpu(text: &str) -> Result<GpuSpec, String> {
    let p = split_list(text, CUSTOM_GPU_FIELDS.len())?;
    // Read in field order, so the first bad value is the one reported.
    let mut n = [None; CUSTOM_GPU_FIELDS.len()];
    let mut memory_kind = MemoryKind::Hbm;
    for (i, (t, name)) in p.iter().zip(CUSTOM_GPU_FIELDS).enumerate() {
        n[i] = match i {
            // Optional rates: empty is absent.
            3 | 4 | 5 | 7 if t.is_empty() => None,
            8 => {
                memory_kind =
                    MemoryKind::parse(t).ok_or("memory_kind is not hbm, gddr or unified")?;
                None
            }
            9 => Some(f64::from(parse_count(t, name)?)),
            _ => Some(parse_field(t, name)?),
        };
    }
    let num = |i: usize| n[i].unwrap_or(0.0);
    let g = GpuSpec {
        memory_bytes: num(0),
        mem_bandwidth_bytes_per_s: num(1),
        bf16_flops: num(2),
        fp8_flops: n[3],
        int8_ops: n[4],
        fp4_flops: n[5],
        interconnect_bytes_per_s: num(6),
        fp16_acc16_flops: n[7],
        memory_kind,
        // A whole number from 0 to u32::MAX: `as` is exact.
        sm_count: num(9) as u32,
        boost_clock_hz: num(10),
    };
    if gpu_is_sane(&g) && g.boost_clock_hz >= 0.0 {
        Ok(g)
    } else {
        Err("custom GPU with a zero, negative or huge number".into())
    }
}

fn split_list(text: &str, n: usize) -> Result<Vec<&str>, String> {
    let p: Vec<&str> = text.split(',').collect();
    if p.len() == n {
        Ok(p)
    } else {
        Err(format!(
            "expected {n} comma-separated values, found {}",
            p.len()
        ))
    }
}

/// A number of a custom list (`cm`, `cg`) named `name`.
fn parse_field(s: &str, name: &str) -> Result<f64, String> {
    parse_num(s).ok_or_else(|| format!("{name} is not a finite number"))
}

fn parse_count(s: &str, name: &str) -> Result<u32, String> {
    parse_num(s)
        .filter(|v| v.fract() == 0.0 && *v >= 0.0 && *v <= f64::from(u32::MAX))
        .map(|v| v as u32)
        .ok_or_else(|| format!("{name} is not a whole number from 0 to 4294967295"))
}

/// Percent-encodes every byte outside RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`);
/// with `keep_commas`, `,` stays as is (the list separator of `cm` and `cg`).
fn percent_encode_into(s: &str, keep_commas: bool, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else if keep_commas && b == b',' {
            out.push(',');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// Percent-encodes a value as [`to_query`] does for ids.
///
/// ```
/// assert_eq!(infercost::link::percent_encode("a:b/c d"), "a%3Ab%2Fc%20d");
/// ```
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    percent_encode_into(s, false, &mut out);
    out
}

/// Decodes `%XX` sequences; `None` for a `%` not followed by two hex digits or for bytes
/// that are not UTF-8. `+` stays a plus.
///
/// ```
/// use infercost::link::percent_decode;
/// assert_eq!(percent_decode("a%3Ab").as_deref(), Some("a:b"));
/// assert_eq!(percent_decode("100%"), None);
/// assert_eq!(percent_decode("%FF"), None);
/// ```
pub fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = hex_value(*bytes.get(i + 1)?)?;
            let lo = hex_value(*bytes.get(i + 2)?)?;
            out.push(hi * 16 + lo);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_question_mark_inside_a_bare_query_is_data() {
        let d = from_query("v=1&rpm=5000000&ref=a?b");
        assert_eq!(d.scenario.workload.requests_per_month, 5_000_000.0);
        let d = from_query("https://x.test/calc/?v=1&rpm=7000000#top");
        assert_eq!(d.scenario.workload.requests_per_month, 7_000_000.0);
        let d = from_query("?rpm=6000000");
        assert_eq!(d.scenario.workload.requests_per_month, 6_000_000.0);
    }

    use super::*;
    use crate::catalog::{gpus, models};
    use crate::num::parse_f64;
    use crate::prices::{api_prices, gpu_prices};
    use proptest::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn clean(q: &str) -> Scenario {
        let d = from_query(q);
        assert!(d.warnings.is_empty(), "{q}: {:?}", d.warnings);
        assert_eq!(d.newer_version, None);
        d.scenario
    }

    #[test]
    fn today_defaults_are_the_frozen_v1_defaults() {
        // If this fails, the defaults changed: keep v1_defaults() as it is (old links
        // must decode the same) and start link version 2 with the new defaults.
        assert_eq!(Scenario::default(), v1_defaults());
    }

    #[test]
    fn default_scenario_is_v_1() {
        assert_eq!(to_query(&Scenario::default()), "v=1");
        assert_eq!(clean("v=1"), v1_defaults());
        assert_eq!(clean(""), v1_defaults());
        assert_eq!(clean("?"), v1_defaults());
    }

    #[test]
    fn missing_version_is_v1() {
        let s = clean("out=900");
        assert_eq!(s.workload.output_tokens, 900.0);
    }

    #[test]
    fn newer_version_loads_what_it_can() {
        let d = from_query("v=3&out=900&newkey=7");
        assert_eq!(d.newer_version, Some(3));
        assert_eq!(d.scenario.workload.output_tokens, 900.0);
        assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
        assert!(d.warnings[0].contains("newer version"));
        assert!(d.warnings[1].contains("newkey"));
    }

    #[test]
    fn bad_version_is_read_as_v1() {
        for v in ["0", "abc", "1.5", "-2", "1e400", ""] {
            let d = from_query(&format!("v={v}&out=900"));
            assert_eq!(d.newer_version, None);
            assert_eq!(d.scenario.workload.output_tokens, 900.0);
            assert_eq!(d.warnings.len(), 1, "{v}: {:?}", d.warnings);
        }
    }

    #[test]
    fn urls_and_fragments() {
        for q in [
            "v=1&out=900",
            "?v=1&out=900",
            "https://infercost.example/calc?v=1&out=900#results",
            "  /?out=900&embed=1&theme=dark \n",
        ] {
            assert_eq!(clean(q).workload.output_tokens, 900.0, "{q}");
        }
        assert_eq!(clean("https://infercost.example/"), v1_defaults());
        assert_eq!(clean("https://infercost.example/#out=900"), v1_defaults());
    }

    #[test]
    fn page_keys_and_empty_pairs_are_silent() {
        let s = clean("&&v=1&&embed=1&theme=light&embed&");
        assert_eq!(s, v1_defaults());
    }

    #[test]
    fn each_invalid_value_falls_back_on_its_own() {
        let q = "v=1&rpm=NaN&in=inf&out=1e400&users=-5&util=7&gpr=1.5&m=nope&g=nope\
                 &dp=weekly&wp=gguf-99&mtps=0&cm=1,2&cg=x&vm=USERS&bill=&engine=gpt-fast\
                 &kv=fp3&cache=0.2&pout=2.5";
        let d = from_query(q);
        assert_eq!(d.warnings.len(), 17, "{:#?}", d.warnings);
        let mut want = v1_defaults();
        want.workload.cached_input_share = 0.2;
        want.api.output_usd_per_mtok = 2.5;
        assert_eq!(d.scenario, want);
        for key in [
            "rpm", "in=", "out", "users", "util", "gpr", "m=", "g=", "dp", "wp", "mtps",
        ] {
            assert!(d.warnings.iter().any(|w| w.contains(key)), "{key}");
        }
        let util = d.warnings.iter().find(|w| w.contains("util")).unwrap();
        assert_eq!(
            util,
            "ignored util=\"7\": above the maximum 0.95; using the default \"0.7\""
        );
    }

    #[test]
    fn unknown_keys_are_ignored_with_a_warning() {
        let d = from_query("v=1&foo=1&RPM=5&out=900");
        assert_eq!(d.scenario.workload.output_tokens, 900.0);
        assert_eq!(d.scenario.workload.requests_per_month, 1e7);
        assert_eq!(d.warnings.len(), 2);
        assert!(d.warnings[0].contains("\"foo\""));
    }

    #[test]
    fn duplicate_keys_last_wins() {
        let d = from_query("out=100&out=200");
        assert_eq!(d.scenario.workload.output_tokens, 200.0);
        assert_eq!(d.warnings.len(), 1);
        // The last one wins even when it is invalid.
        let d = from_query("out=100&out=abc");
        assert_eq!(d.scenario.workload.output_tokens, 350.0);
        assert_eq!(d.warnings.len(), 2);
    }

    #[test]
    fn too_long_input_is_ignored_entirely() {
        let long = format!("out=900&x={}", "a".repeat(MAX_INPUT_CHARS));
        let d = from_query(&long);
        assert_eq!(d.scenario, v1_defaults());
        assert_eq!(d.warnings.len(), 1);
        // Exactly the limit is read.
        let pad = MAX_INPUT_CHARS - "out=900&embed=".len();
        let at_limit = format!("out=900&embed={}", "a".repeat(pad));
        assert_eq!(at_limit.chars().count(), MAX_INPUT_CHARS);
        assert_eq!(clean(&at_limit).workload.output_tokens, 900.0);
    }

    #[test]
    fn warnings_are_capped() {
        let q: Vec<String> = (0..100).map(|i| format!("k{i}=1")).collect();
        let d = from_query(&q.join("&"));
        assert_eq!(d.warnings.len(), MAX_WARNINGS + 1);
        assert_eq!(
            d.warnings[MAX_WARNINGS],
            "and 80 more problems with this link"
        );
    }

    #[test]
    fn warnings_quote_escape_and_cut_values() {
        let d = from_query("m=%3Cscript%3Ealert(1)%3C%2Fscript%3E%0A%22&in=");
        assert_eq!(d.warnings.len(), 2);
        let w = &d.warnings[1];
        assert!(
            w.contains("\"<script>alert(1)</script>\u{FFFD}\\\"\""),
            "{w}"
        );
        assert!(!w.contains('\n'));
        let long = "9".repeat(500);
        let d = from_query(&format!("out={long}"));
        assert!(d.warnings[0].len() < 150, "{}", d.warnings[0]);
        assert!(d.warnings[0].contains("..."));
    }

    #[test]
    fn percent_encoding() {
        assert_eq!(
            percent_encode("together:meta-llama/x y+z~"),
            "together%3Ameta-llama%2Fx%20y%2Bz~"
        );
        assert_eq!(percent_decode("%41%62%2f+").as_deref(), Some("Ab/+"));
        for bad in ["%", "%4", "%G1", "%%", "a%zz", "%C3%28", "%FF%FE"] {
            assert_eq!(percent_decode(bad), None, "{bad}");
        }
        assert_eq!(percent_decode("%C3%A9").as_deref(), Some("é"));
        // An encoded key works; a bad escape is an invalid value, not a panic.
        assert_eq!(clean("%72pm=5e6").workload.requests_per_month, 5e6);
        let d = from_query("out=9%&rpm=%zz&%=1");
        assert_eq!(d.warnings.len(), 3, "{:?}", d.warnings);
        assert_eq!(d.scenario, v1_defaults());
    }

    #[test]
    fn ids_are_checked_and_canonical() {
        let s = clean("m=meta-llama%2FLlama-3.1-8B-Instruct&g=H100%20PCIe");
        assert_eq!(s.self_host.model_id, "llama-3.1-8b");
        assert_eq!(s.self_host.gpu_id, "h100-pcie");
        let s = clean("ap=OPENAI%3Agpt-4o-mini&gp=custom");
        assert_eq!(s.api.price_id, "openai:gpt-4o-mini");
        assert_eq!(s.self_host.gpu_price_id, "custom");
        // Decoding never applies a catalog price: ids are labels.
        assert_eq!(s.api.input_usd_per_mtok, 0.88);
    }

    #[test]
    fn unknown_price_ids_become_custom_and_keep_prices() {
        let d = from_query("ap=acme%3Afoo&pin=3&gp=nope&gph=2");
        assert_eq!(d.warnings.len(), 2);
        assert_eq!(d.scenario.api.price_id, "custom");
        assert_eq!(d.scenario.api.input_usd_per_mtok, 3.0);
        assert_eq!(d.scenario.self_host.gpu_price_id, "custom");
        assert_eq!(d.scenario.self_host.gpu_usd_per_hour, 2.0);
    }

    #[test]
    fn weight_precisions() {
        for (q, want) in [
            ("wp=bf16", WeightPrecision::Bf16),
            ("wp=int4", WeightPrecision::Int4),
            ("wp=w8a16", WeightPrecision::Int8WeightOnly),
            (
                "wp=gguf-4.85",
                WeightPrecision::Gguf {
                    bits_per_weight: 4.85,
                },
            ),
            (
                "wp=Q4_K_M",
                WeightPrecision::Gguf {
                    bits_per_weight: 4.85,
                },
            ),
            (
                "wp=gguf-1",
                WeightPrecision::Gguf {
                    bits_per_weight: 1.0,
                },
            ),
            (
                "wp=gguf-32",
                WeightPrecision::Gguf {
                    bits_per_weight: 32.0,
                },
            ),
        ] {
            assert_eq!(clean(q).self_host.weight_precision, want, "{q}");
        }
        for bad in ["wp=gguf-0.5", "wp=gguf-NaN", "wp=gguf-", "wp=fp9"] {
            assert_eq!(from_query(bad).warnings.len(), 1, "{bad}");
        }
        let mut s = v1_defaults();
        s.self_host.weight_precision = WeightPrecision::Gguf {
            bits_per_weight: 5.69,
        };
        assert_eq!(to_query(&s), "v=1&wp=gguf-5.69");
    }

    #[test]
    fn custom_model_and_gpu() {
        let mut s = v1_defaults();
        s.self_host.custom_model = Some(models()[0].arch.clone());
        s.self_host.custom_gpu = Some(GpuSpec::custom(48.0, 0.864, 181.0));
        s.self_host.measured_output_tokens_per_s = Some(2500.0);
        let q = to_query(&s);
        assert!(
            q.contains("&cm=") && q.contains("&cg=") && q.contains("&mtps=2500"),
            "{q}"
        );
        assert!(!q.contains("%2C"), "{q}");
        assert_eq!(clean(&q), s);
        // Commas may also arrive encoded.
        assert_eq!(clean(&q.replace(',', "%2C")), s);
        // Wrong counts or numbers reject the whole value, on its own.
        for bad in [
            "cm=1,2,3",
            "cm=8e9,8e9,32,4096,32,8,128,14336,0,0,0,0,0,0,0,0,0,128256,2,131072",
            "cm=8e9,9e9,32,4096,32,8,128,14336,0,0,0,0,0,0,0,0,0,128256,0,131072",
            "cm=8e9,8e9,0,4096,32,8,128,14336,0,0,0,0,0,0,0,0,0,128256,0,131072",
            "cm=8e9,8e9,32.5,4096,32,8,128,14336,0,0,0,0,0,0,0,0,0,128256,0,131072",
            "cg=8e10,1e12,1e14,,,,3.2e10,,hbm,0",
            "cg=8e10,1e12,1e14,,,,3.2e10,,sram,0,0",
            "cg=8e10,1e12,0,,,,3.2e10,,hbm,0,0",
            "cg=8e10,1e12,1e14,,,,3.2e10,,hbm,0,-1",
            "cg=8e10,1e12,1e14,NaN,,,3.2e10,,hbm,0,0",
        ] {
            let d = from_query(&format!("{bad}&out=900"));
            assert_eq!(d.warnings.len(), 1, "{bad}: {:?}", d.warnings);
            assert_eq!(d.scenario.workload.output_tokens, 900.0);
            assert_eq!(d.scenario.self_host.custom_model, None);
            assert_eq!(d.scenario.self_host.custom_gpu, None);
        }
        let ok = clean("cm=8e9,8e9,32,4096,32,8,128,14336,0,0,0,0,0,0,0,0,0,128256,0,131072");
        assert_eq!(ok.self_host.custom_model.unwrap().layers, 32);
        let g = clean("cg=8e10,1e12,1e14,2e14,,,3.2e10,,gddr,128,2.5e9");
        let g = g.self_host.custom_gpu.unwrap();
        assert_eq!(
            (g.fp8_flops, g.int8_ops, g.memory_kind),
            (Some(2e14), None, MemoryKind::Gddr)
        );
    }

    #[test]
    fn to_query_writes_the_sanitized_scenario() {
        let mut s = v1_defaults();
        s.workload.input_tokens = f64::NAN;
        s.workload.output_tokens = 900.0;
        assert_eq!(to_query(&s), "v=1&out=900");
    }

    #[test]
    fn display_alone_is_not_exact_with_parse_f64() {
        // Why format_f64 exists: the crate's small parser rounds some 17-digit decimals
        // one ulp off, so `{}` alone would not round-trip.
        let v = 39.430133835633676f64;
        assert_ne!(parse_f64(&format!("{v}")), Some(v));
        assert_eq!(parse_num(&format_f64(v)), Some(v));
        assert!(format_f64(v).contains('p') || format_f64(v).contains('e'));
    }

    #[test]
    fn number_forms() {
        for (v, s) in [
            (0.0, "0"),
            (2.0, "2"),
            (0.7, "0.7"),
            (1e11, "100000000000"),
            (1e12, "1e12"),
            (1e-7, "0.0000001"),
            (1.5e-20, "1.5e-20"),
            (2.5e-5, "0.000025"),
            (0.30000000000000004, "0.30000000000000004"),
        ] {
            assert_eq!(format_f64(v), s);
            assert_eq!(parse_num(s), Some(v));
        }
        for v in [
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::EPSILON,
            5e-324,
            f64::from_bits(0x000F_FFFF_FFFF_FFFF), // largest subnormal
            1.7976931348623155e308,
            -0.0,
            -39.430133835633676,
            123456789.12345679,
        ] {
            let s = format_f64(v);
            assert_eq!(
                parse_num(&s).map(f64::to_bits),
                Some(v.to_bits()),
                "{v} {s}"
            );
        }
        for bad in [
            "1p2000",
            "9007199254740993p0",
            "p5",
            "1p",
            "1.5p3",
            "1p-1075",
            "--1p1",
            "1p+-1",
            "1e400",
            "NaN",
            "inf",
        ] {
            assert_eq!(parse_num(bad), None, "{bad}");
        }
        assert_eq!(parse_num("3p-1"), Some(1.5));
        assert_eq!(parse_num("-3p+2"), Some(-12.0));
    }

    #[test]
    fn keys_are_unique_and_cover_every_field() {
        let mut k: Vec<&str> = Key::all().iter().map(|k| k.as_str()).collect();
        k.sort_unstable();
        k.dedup();
        assert_eq!(k.len(), Key::all().len());
        for f in scenario::fields() {
            let key = Key::parse(f.key).expect("every numeric field has a key");
            assert_eq!(key.path(), f.name);
        }
        let numeric = Key::all().iter().filter(|k| k.field().is_some()).count();
        assert_eq!(numeric, scenario::fields().len());
        for key in Key::all() {
            assert!(!key.path().is_empty(), "{key:?}");
            assert!(!key.value_format().is_empty(), "{key:?}");
            assert_eq!(Key::parse(key.as_str()), Some(key));
            assert!(!PAGE_KEYS.contains(&key.as_str()));
        }
    }

    #[test]
    fn docs_carry_the_key_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/MODEL.md");
        let doc = std::fs::read_to_string(path).expect("docs/MODEL.md");
        assert!(
            doc.contains(&key_table_markdown()),
            "docs/MODEL.md must contain link::key_table_markdown():\n{}",
            key_table_markdown()
        );
        assert!(doc.contains(&CUSTOM_MODEL_FIELDS.join(", ")));
        assert!(doc.contains(&CUSTOM_GPU_FIELDS.join(", ")));
    }

    // ---- Property tests ----

    /// A value for field `f`: uniform, log-uniform, 3 significant digits, any double in
    /// range (from raw bits: every exponent), or the default.
    fn field_value(f: &FieldSpec, sel: u8, x: f64, bits: u64) -> f64 {
        let uniform = f.min + x * (f.max - f.min);
        let v = match sel % 5 {
            0 => uniform,
            1 => {
                let lo = f.min.max(1e-3);
                (lo.ln() + x * (f.max.ln() - lo.ln())).exp()
            }
            2 => {
                let p = 10f64.powi(uniform.abs().log10().floor() as i32 - 2);
                if p.is_finite() && p > 0.0 {
                    (uniform / p).round() * p
                } else {
                    uniform
                }
            }
            3 => {
                let b = f64::from_bits(bits).abs();
                if b.is_finite() && b >= f.min && b <= f.max {
                    b
                } else {
                    uniform
                }
            }
            _ => f.default,
        };
        let v = if f.integer { v.round() } else { v };
        v.clamp(f.min, f.max)
    }

    /// Any double in (0, max]: mostly scaled uniform, or any exponent from raw bits.
    fn positive(max: f64) -> impl Strategy<Value = f64> {
        (any::<bool>(), 1e-9f64..1.0, any::<u64>()).prop_map(move |(raw, x, bits)| {
            let b = f64::from_bits(bits).abs();
            if raw && b.is_finite() && b > 0.0 && b <= max {
                b
            } else {
                x * max
            }
        })
    }

    fn architecture() -> impl Strategy<Value = Architecture> {
        (
            positive(1e14),
            0.0f64..=1.0,
            prop::collection::vec(0u32..10_000_000, 15),
            0u32..100_000_000,
            any::<bool>(),
            any::<u32>(),
        )
            .prop_map(|(total, share, c, vocab, tied, ctx)| {
                let active = (total * share).max(total * 1e-6).min(total);
                let experts = c[6];
                Architecture {
                    params_total: total,
                    params_active: if active > 0.0 { active } else { total },
                    layers: c[0].max(1),
                    hidden: c[1].max(1),
                    heads: c[2].max(1),
                    kv_heads: c[3].max(1),
                    head_dim: c[4].max(1),
                    intermediate: c[5],
                    experts,
                    experts_per_token: c[7] % (experts.max(1) + 1),
                    shared_experts: c[8],
                    moe_intermediate: c[9],
                    dense_layers: c[10],
                    kv_lora_rank: c[11],
                    qk_rope_head_dim: c[12],
                    sliding_window: c[13],
                    sliding_layers: c[14],
                    vocab,
                    tied_embeddings: tied,
                    max_context_tokens: ctx,
                }
            })
    }

    fn gpu() -> impl Strategy<Value = GpuSpec> {
        (
            (
                positive(1e14),
                positive(1e15),
                positive(1e18),
                positive(1e15),
            ),
            prop::collection::vec(prop::option::of(positive(1e18)), 4),
            0usize..3,
            any::<u32>(),
            prop_oneof![Just(0.0), 0.0f64..1e10],
        )
            .prop_map(|(r, o, kind, sm, clock)| GpuSpec {
                memory_bytes: r.0,
                mem_bandwidth_bytes_per_s: r.1,
                bf16_flops: r.2,
                interconnect_bytes_per_s: r.3,
                fp8_flops: o[0],
                int8_ops: o[1],
                fp4_flops: o[2],
                fp16_acc16_flops: o[3],
                memory_kind: [MemoryKind::Hbm, MemoryKind::Gddr, MemoryKind::Unified][kind],
                sm_count: sm,
                boost_clock_hz: clock,
            })
    }

    fn weight_precision() -> impl Strategy<Value = WeightPrecision> {
        prop_oneof![
            (0usize..7).prop_map(|i| [
                WeightPrecision::Bf16,
                WeightPrecision::Fp16,
                WeightPrecision::Fp8,
                WeightPrecision::Int8,
                WeightPrecision::Int8WeightOnly,
                WeightPrecision::Int4,
                WeightPrecision::Fp4,
            ][i]),
            (1.0f64..=32.0).prop_map(|b| WeightPrecision::Gguf { bits_per_weight: b }),
            (0usize..4).prop_map(|i| WeightPrecision::Gguf {
                bits_per_weight: [4.85, 5.69, 8.5, 16.0][i]
            }),
        ]
    }

    /// Any valid scenario: every number anywhere in its range (any precision), any enum,
    /// any catalog id, price ids from the catalogs or `custom`, optional custom model, GPU
    /// and measured throughput.
    fn valid_scenario() -> impl Strategy<Value = Scenario> {
        (
            prop::collection::vec(
                (any::<u8>(), 0.0f64..1.0, any::<u64>()),
                scenario::fields().len(),
            ),
            (
                any::<usize>(),
                any::<usize>(),
                any::<usize>(),
                any::<usize>(),
            ),
            (0usize..2, 0usize..5, 0usize..2, 0usize..5, 0usize..4),
            weight_precision(),
            prop::option::of(prop_oneof![
                MEASURED_TPS_MIN..=MEASURED_TPS_MAX,
                positive(MEASURED_TPS_MAX)
            ]),
            prop::option::weighted(0.3, architecture()),
            prop::option::weighted(0.3, gpu()),
        )
            .prop_map(|(nums, ids, enums, wp, mtps, cm, cg)| {
                let mut s = v1_defaults();
                for (f, (sel, x, bits)) in scenario::fields().iter().zip(nums) {
                    f.set(&mut s, field_value(f, sel, x, bits));
                }
                s.self_host.model_id = models()[ids.0 % models().len()].id.to_string();
                s.self_host.gpu_id = gpus()[ids.1 % gpus().len()].id.to_string();
                let ap = ids.2 % (api_prices().len() + 1);
                s.api.price_id = api_prices()
                    .get(ap)
                    .map_or("custom".into(), |p| p.id.clone());
                let gp = ids.3 % (gpu_prices().len() + 1);
                s.self_host.gpu_price_id = gpu_prices()
                    .get(gp)
                    .map_or("custom".into(), |p| p.id.clone());
                s.workload.volume_mode = [VolumeMode::RequestsPerMonth, VolumeMode::Users][enums.0];
                s.workload.daily_profile = DailyProfile::ALL[enums.1];
                s.self_host.billing = [Billing::AlwaysOn, Billing::Autoscaled][enums.2];
                s.self_host.engine = Engine::ALL[enums.3];
                s.self_host.kv_precision = KvPrecision::ALL[enums.4];
                s.self_host.weight_precision = wp;
                s.self_host.measured_output_tokens_per_s =
                    mtps.filter(|v| (MEASURED_TPS_MIN..=MEASURED_TPS_MAX).contains(v));
                s.self_host.custom_model = cm;
                s.self_host.custom_gpu = cg;
                s
            })
    }

    /// Any characters (cheaper to generate than a regex).
    fn any_text(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(any::<char>(), 0..max).prop_map(|v| v.into_iter().collect())
    }

    const SOUP: &[char] = &[
        'a', 'e', 'p', 'x', '0', '1', '9', '%', ',', '.', ':', '/', '<', '>', '"', '\'', '&', '=',
        '?', '#', '+', '-', ' ', '\n',
    ];

    /// Query-shaped hostile input: real and fake keys, numbers of every kind, ids, stray
    /// and broken percent sequences, separators. Built from raw seeds (generating nested
    /// strategies per pair is slow in a debug build).
    fn hostile_query() -> impl Strategy<Value = String> {
        const EXTRA_KEYS: [&str; 8] = ["embed", "theme", "", "%", "x", "%76", "RPM", "v"];
        const WORDS: [&str; 26] = [
            "NaN",
            "inf",
            "-inf",
            "1e400",
            "-0",
            "",
            "%",
            "%4",
            "%zz",
            "%00",
            "%C3%28",
            "%E2%80%AE",
            "gguf-4.85",
            "gguf-1e400",
            "llama-3.1-8b",
            "h100-sxm",
            "openai%3Agpt-4o-mini",
            "custom",
            "users",
            "autoscaled",
            "flat",
            "q4_k_m",
            "1,2,3",
            ",,,,,,,,,,",
            "%3Cscript%3E",
            "<img src=x onerror=alert(1)>",
        ];
        let pair = |sel: u16, a: u64, b: u64| -> String {
            let key = if sel % 5 == 0 {
                EXTRA_KEYS[usize::from(sel >> 3) % EXTRA_KEYS.len()]
            } else {
                Key::all()[usize::from(sel >> 3) % Key::all().len()].as_str()
            };
            let value = match (sel >> 8) % 8 {
                0 => format!("{}", f64::from_bits(a)),
                1 => format!("{:e}", f64::from_bits(a)),
                2 => (a >> (b % 64)).to_string(),
                3 => format!("{}.{}e{}", a >> 20, b as u32, (b >> 32) as i32 % 400),
                4 => format!("{}p{}", a >> 10, (b % 2200) as i64 - 1100),
                5 => WORDS[(a % WORDS.len() as u64) as usize].to_string(),
                6 => (0..(b % 30))
                    .map(|i| SOUP[((a.rotate_left(i as u32 * 5)) % SOUP.len() as u64) as usize])
                    .collect(),
                _ => [a as u32, (a >> 32) as u32, b as u32]
                    .iter()
                    .filter_map(|c| char::from_u32(c % 0x11_0000))
                    .collect(),
            };
            if sel & 0x8000 == 0 {
                format!("{key}={value}")
            } else {
                format!("{key}{value}")
            }
        };
        prop::collection::vec((any::<u16>(), any::<u64>(), any::<u64>()), 0..24).prop_map(
            move |items| {
                let parts: Vec<String> = items.into_iter().map(|(s, a, b)| pair(s, a, b)).collect();
                format!("v=1&{}", parts.join("&"))
            },
        )
    }

    static LONGEST: AtomicUsize = AtomicUsize::new(0);

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// The generator makes valid scenarios.
        #[test]
        fn generator_is_valid(s in valid_scenario()) {
            prop_assert_eq!(s.sanitized(), s);
        }

        /// parse(serialize(s)) == s, with no warning, in under 2,000 characters.
        #[test]
        fn round_trip(s in valid_scenario()) {
            let q = to_query(&s);
            let d = from_query(&q);
            prop_assert!(d.warnings.is_empty(), "{}: {:?}", q, d.warnings);
            prop_assert_eq!(d.newer_version, None);
            prop_assert_eq!(&d.scenario, &s, "{}", q);
            prop_assert!(q.len() < 2000, "{} characters: {}", q.len(), q);
            prop_assert!(q.bytes().all(|b| b.is_ascii_graphic()));
            if LONGEST.fetch_max(q.len(), Ordering::Relaxed) < q.len() {
                eprintln!("longest link so far: {} characters", q.len());
            }
        }

        /// Every finite double is written in a form parse_num reads back bit for bit.
        #[test]
        fn numbers_round_trip_exactly(bits in any::<u64>()) {
            let v = f64::from_bits(bits);
            prop_assume!(v.is_finite());
            let s = format_f64(v);
            prop_assert_eq!(parse_num(&s).map(f64::to_bits), Some(bits), "{}", s);
            prop_assert!(s.len() <= 24, "{}", s);
        }

        /// Any string: no panic, and what it decodes to is a valid scenario that links
        /// again without warnings to itself.
        #[test]
        fn any_string_decodes(input in any_text(200)) {
            let d = from_query(&input);
            prop_assert!(d.warnings.len() <= MAX_WARNINGS + 1);
            let again = from_query(&to_query(&d.scenario));
            prop_assert!(again.warnings.is_empty());
            prop_assert_eq!(again.scenario, d.scenario);
        }

        /// Query-shaped hostile input: same, and every warning is one plain line.
        #[test]
        fn hostile_queries_decode(input in hostile_query()) {
            let d = from_query(&input);
            prop_assert_eq!(d.scenario.sanitized(), d.scenario.clone());
            for w in &d.warnings {
                prop_assert!(!w.chars().any(char::is_control), "{:?}", w);
                prop_assert!(w.chars().count() < 300, "{}", w);
            }
            let again = from_query(&to_query(&d.scenario));
            prop_assert!(again.warnings.is_empty());
            prop_assert_eq!(again.scenario, d.scenario);
        }
    }
}
