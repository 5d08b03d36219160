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

use crate::catalog::{self, Architecture, GpuSpec, MemoryKind, Stack};
use crate::fleet::DailyProfile;
use crate::float::{format_f64, parse_num};
use crate::prices;
use crate::scenario::{
    architecture_is_sane, gpu_is_sane, ApiSide, Billing, FieldSpec, Pins, Scenario, SelfHostSide,
    VolumeMode, Workload, MEASURED_TPS_MAX, MEASURED_TPS_MIN,
};
use crate::{Engine, KvPrecision, WeightPrecision};

mod docs;
mod keys;
mod percent;

pub use docs::key_table_markdown;
pub use keys::Key;
use percent::percent_encode_into;
pub use percent::{percent_decode, percent_encode};

/// Version of the link format written by [`to_query`]. Version 2 (2026-12) changed the
/// defaults (prices re-paired by the median rules) and added `pin`; a version-1 link still
/// decodes against [`v1_defaults`].
pub const VERSION: u32 = 2;

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
            engineering_fte: 0.25,
            observability_usd_per_month: 200.0,
            storage_usd_per_month: 50.0,
            egress_usd_per_gb: 0.09,
            bytes_per_response: 50_000.0,
        },
        pins: Pins::default(),
    }
}

/// The defaults of link format version 2, frozen like [`v1_defaults`]: they equal today's
/// `Scenario::default()` (a test checks it); when the defaults change, a new version gets
/// its own copy and this one stays.
pub fn v2_defaults() -> Scenario {
    let mut s = v1_defaults();
    V2_CHANGES(&mut s);
    s
}

/// What version 2 changed from version 1's defaults, as literal values.
const V2_CHANGES: fn(&mut Scenario) = |s| {
    s.api.price_id = "huggingface_nscale:meta-llama/llama-3.3-70b-instruct".to_string();
    s.api.input_usd_per_mtok = 0.4;
    s.api.cached_input_usd_per_mtok = 0.4;
    s.api.output_usd_per_mtok = 0.4;
    s.self_host.model_id = "llama-3.3-70b".to_string();
    s.self_host.engineering_usd_per_month = 3965.0;
};

/// The frozen defaults a link of `version` is read against (the newest for versions above
/// [`VERSION`]).
pub fn defaults_for(version: u32) -> Scenario {
    match version {
        0 | 1 => v1_defaults(),
        _ => v2_defaults(),
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
    /// Whether a model, GPU or price id was not found in the catalogs as loaded. The page
    /// starts with the catalogs' core rows only (`catalog::complete`, `prices::complete`) and
    /// loads the rest before it decodes such a link again.
    pub unknown_catalog_id: bool,
}

/// The query string (without the leading `?`) of a scenario: `v=2` followed by every value
/// that differs from [`v2_defaults`], in [`Key::all`] order. The scenario is sanitized first
/// (as `evaluate` does), so an invalid number is written as its default.
///
/// ```
/// use infercost::link::{from_query, to_query};
/// use infercost::scenario::Scenario;
/// let mut s = Scenario::default();
/// assert_eq!(to_query(&s), "v=2");
/// s.workload.requests_per_month = 2e7;
/// s.self_host.model_id = "llama-3.1-8b".into();
/// assert_eq!(to_query(&s), "v=2&rpm=20000000&m=llama-3.1-8b");
/// assert_eq!(from_query(&to_query(&s)).scenario, s);
/// ```
pub fn to_query(s: &Scenario) -> String {
    let s = s.sanitized();
    let defaults = defaults_for(VERSION);
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
/// - The values are read against the frozen defaults of the link's version
///   ([`defaults_for`]). A missing `v` is read as version 1; a `v` above [`VERSION`] loads
///   what this version understands (against the newest defaults), sets `newer_version` and
///   adds a warning.
/// - At most [`MAX_WARNINGS`] warnings are listed; one more line counts the rest.
///
/// ```
/// use infercost::link::from_query;
/// let d = from_query("https://example.com/?v=1&rpm=2e7&in=NaN&zz=1#top");
/// assert_eq!(d.scenario.workload.requests_per_month, 2e7);
/// assert_eq!(d.scenario.workload.input_tokens, 1500.0);
/// assert_eq!(d.warnings.len(), 2);
/// assert_eq!(from_query("v=3&out=900").newer_version, Some(3));
/// ```
pub fn from_query(input: &str) -> Decoded {
    let mut d = Decoder {
        scenario: defaults_for(VERSION),
        defaults: defaults_for(VERSION),
        warnings: Vec::new(),
        more: 0,
        newer_version: None,
        unknown_catalog_id: false,
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
                // A link must not put its author's words on the page ("Pricing error! Call
                // ..."), so an unknown key is never named.
                Some(_) => notes.push("ignored an unknown key (its name is not shown)".into()),
                None => notes.push("ignored a key with invalid percent-encoding".into()),
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
    // The version first, so its notice leads; it picks the frozen defaults.
    let version = match values.first().copied().flatten() {
        Some(raw) => d.version(raw),
        None => 1,
    };
    d.scenario = defaults_for(version);
    d.defaults = defaults_for(version);
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
    unknown_catalog_id: bool,
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
            unknown_catalog_id: self.unknown_catalog_id,
        }
    }

    /// Warns that `key`'s value was ignored. The value is repeated only when it reads as a
    /// number (a link must not put its author's words on the page).
    fn reject(&mut self, key: Key, value: &str, reason: &str) {
        let default = value_text(key, &self.defaults).map_or("(none)".into(), |d| quote(&d));
        let key = key.as_str();
        let shown = match parse_num(value) {
            Some(_) if value.len() <= 24 => format!("{key}={}", quote(value)),
            _ => key.to_string(),
        };
        self.warn(format!(
            "ignored {shown}: {reason}; using the default {default}"
        ));
    }

    /// Reads `v`; returns the version the link is read as.
    fn version(&mut self, raw: &str) -> u32 {
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
                VERSION
            }
            Some(v) => v as u32,
            None => {
                self.warn("ignored v: not a version number; reading the link as v=1".into());
                1
            }
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
                    self.unknown_price(key);
                }
                Some(())
            }
            Key::GpuPriceId => {
                let id = price_label(&text, |t| prices::find_gpu_price(t).map(|p| &p.id));
                let known = id.is_some();
                s.self_host.gpu_price_id = id.unwrap_or_else(|| CUSTOM_PRICE_ID.into());
                if !known {
                    self.unknown_price(key);
                }
                Some(())
            }
            Key::CustomModel => {
                return match parse_architecture(&text) {
                    Ok(a) => s.self_host.custom_model = Some(a),
                    Err(why) => self.reject(key, &text, &why),
                };
            }
            Key::Pins => parse_pins(&text).map(|p| s.pins = p),
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
            self.unknown_catalog_id |= matches!(key, Key::Model | Key::Gpu);
            let why = match key {
                Key::Model => "unknown model id",
                Key::Gpu => "unknown GPU id",
                Key::MeasuredThroughput => "not a throughput from 0.1 to 1e7 tokens/s",
                Key::WeightPrecision => "unknown weight precision (GGUF bits: 1 to 32)",
                Key::Pins => "not a list of the letters a, d, g",
                _ => "unknown value",
            };
            self.reject(key, &text, why);
        }
    }

    /// Warns about a price id the catalogs do not know, without repeating it: even an
    /// id-shaped one can carry words ("openai:call-1-800-555-0199-now").
    fn unknown_price(&mut self, key: Key) {
        self.unknown_catalog_id = true;
        self.warn(format!(
            "unknown price id for {} (not shown); labelled {CUSTOM_PRICE_ID} (the link's \
             prices are kept)",
            key.as_str()
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

/// Invisible characters that change how the text around them reads: zero-width ones, and
/// the bidirectional embeddings, overrides and isolates (a link could reverse the words of
/// a warning with them).
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
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
            c if c.is_control() || is_invisible_format(c) => out.push('\u{FFFD}'),
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
        Key::Pins => pins_text(s.pins),
        _ => String::new(),
    })
}

fn pins_text(p: Pins) -> String {
    [(p.api, 'a'), (p.deployment, 'd'), (p.gpu_price, 'g')]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, c)| *c)
        .collect()
}

fn parse_pins(text: &str) -> Option<Pins> {
    let mut p = Pins::default();
    for c in text.chars() {
        match c {
            'a' => p.api = true,
            'd' => p.deployment = true,
            'g' => p.gpu_price = true,
            _ => return None,
        }
    }
    Some(p)
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
        // The stack is a twelfth value only when it is not CUDA: links written before it
        // existed, and every CUDA GPU's, keep eleven.
        + match g.stack {
            Stack::Cuda => "",
            Stack::Rocm => ",rocm",
            Stack::Metal => ",metal",
        }
}

fn parse_gpu(text: &str) -> Result<GpuSpec, String> {
    // A twelfth value names a stack other than CUDA (the eleventh, a clock, never does).
    let (text, stack) = if let Some(rest) = text.strip_suffix(",rocm") {
        (rest, Stack::Rocm)
    } else if let Some(rest) = text.strip_suffix(",metal") {
        (rest, Stack::Metal)
    } else {
        (text, Stack::Cuda)
    };
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
        stack,
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

#[cfg(test)]
mod tests;
