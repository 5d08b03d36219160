//! Bundled price catalogs: hosted API prices per 1M tokens and cloud GPU prices per hour.
//!
//! Both catalogs are plain text files in `model/data/` (`prices_api.psv`, `prices_gpu.psv`),
//! compiled into the crate with `include_str!` and parsed once on first use. Every row carries
//! the date its price was checked and its source, so the page can show both next to a default
//! and warn when a price is old ([`stale_prices`]).
//!
//! The files are '|'-separated, one row a line, `#` starts a comment line. A row that does not
//! parse is skipped (the unit tests make sure none is).
//!
//! With the default feature `full-catalogs` the whole catalogs are compiled in (the CLI, the
//! tests). Without it (the page) only their core rows are, the prices every default scenario
//! and preset names (`data/core.txt`): the page fetches the files when a person first
//! reaches for a picker and hands them to [`install`], which keeps the first load small.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

// The files without their leading comment lines (see `build.rs`).
#[cfg(any(test, feature = "full-catalogs"))]
const API_PSV: &str = include_str!(concat!(env!("OUT_DIR"), "/prices_api.psv"));
#[cfg(any(test, feature = "full-catalogs"))]
const GPU_PSV: &str = include_str!(concat!(env!("OUT_DIR"), "/prices_gpu.psv"));
// Their core rows (see `build.rs` and `data/core.txt`).
#[cfg(any(test, not(feature = "full-catalogs")))]
const CORE_API_PSV: &str = include_str!(concat!(env!("OUT_DIR"), "/prices_api_core.psv"));
#[cfg(any(test, not(feature = "full-catalogs")))]
const CORE_GPU_PSV: &str = include_str!(concat!(env!("OUT_DIR"), "/prices_gpu_core.psv"));

/// One hosted API price row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiPrice {
    /// Stable id, `provider:model` in lower case (`"openai:gpt-4o-mini"`).
    pub id: String,
    /// Provider id (`"openai"`, `"together"`).
    pub provider: String,
    /// Model name as the provider spells it.
    pub model: String,
    /// USD per 1M uncached input tokens.
    pub input_usd_per_mtok: f64,
    /// USD per 1M cached input tokens (equal to the input price when the provider has no
    /// cache discount in the source).
    pub cached_input_usd_per_mtok: f64,
    /// USD per 1M tokens written to the prompt cache; `None` when writes cost the same as
    /// plain input.
    pub cache_write_usd_per_mtok: Option<f64>,
    /// USD per 1M output tokens.
    pub output_usd_per_mtok: f64,
    /// Fraction taken off input and output with the provider's batch API (0.5 = half price).
    pub batch_discount: f64,
    /// Date the price was checked, `YYYY-MM-DD`.
    pub checked_date: String,
    /// `"checked"` (the source's own check date) or `"first-seen"` (the date the entry first
    /// appeared in the source; the price may be older than that).
    pub date_basis: String,
    /// Where the price comes from.
    pub source: String,
    /// `CAUTION` when the file's note flags the row as doubtful, else empty (the notes
    /// themselves stay in the file, for people; see `build.rs`).
    pub note: String,
    /// The physics catalog model whose open weights this offer serves (`"llama-3.1-70b"`),
    /// empty for proprietary models and models outside the catalog.
    pub serves: String,
    /// Readable name (`"Llama 3.1 70B Instruct Turbo"`); the provider's model name when the
    /// file gives none.
    pub name: String,
    /// The provider no longer sells it (kept so old links keep their label; never offered).
    pub retired: bool,
}

impl ApiPrice {
    /// Whether the source flags the row as doubtful (stale, or availability unverified).
    pub fn doubtful(&self) -> bool {
        // A window scan rather than `str::contains`, whose substring searcher would be the
        // page's only one (~1 KB of WebAssembly).
        self.note.as_bytes().windows(7).any(|w| w == b"CAUTION")
    }

    /// `"Provider: name"`, as the picker and the verdict say it.
    pub fn label(&self) -> String {
        match self.provider.strip_prefix("huggingface_") {
            Some(host) => format!("{} via Hugging Face: {}", provider_name(host), self.name),
            None => format!("{}: {}", provider_name(&self.provider), self.name),
        }
    }

    /// Cache-write premium over plain input, USD per 1M tokens (never negative).
    pub fn cache_write_premium_usd_per_mtok(&self) -> f64 {
        self.cache_write_usd_per_mtok
            .map(|w| (w - self.input_usd_per_mtok).max(0.0))
            .unwrap_or(0.0)
    }
}

/// How a GPU price is sold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PricingType {
    /// Pay by the hour, no commitment.
    OnDemand,
    /// Committed term (1-3 years) at a discount.
    Reserved,
    /// Interruptible spare capacity.
    Spot,
    /// Marketplace offers from third-party hosts (prices move daily).
    Marketplace,
}

impl PricingType {
    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            PricingType::OnDemand => "on-demand",
            PricingType::Reserved => "reserved",
            PricingType::Spot => "spot",
            PricingType::Marketplace => "marketplace",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<PricingType> {
        match s.trim() {
            "on-demand" => Some(PricingType::OnDemand),
            "reserved" => Some(PricingType::Reserved),
            "spot" => Some(PricingType::Spot),
            "marketplace" => Some(PricingType::Marketplace),
            _ => None,
        }
    }
}

/// One cloud GPU price row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GpuPrice {
    /// Stable id, `gpu_id:provider-offering` (`"h100-sxm:runpod-secure-cloud"`).
    pub id: String,
    /// The GPU's id in the physics catalog (`"h100-sxm"`).
    pub gpu_id: String,
    /// Cloud provider.
    pub provider: String,
    /// Instance or offering name.
    pub offering: String,
    /// On-demand, reserved, spot or marketplace.
    pub pricing: PricingType,
    /// USD per GPU-hour.
    pub usd_per_gpu_hour: f64,
    /// GPUs in the instance the price was quoted for.
    pub gpus_per_instance: u32,
    /// Region, may be empty.
    pub region: String,
    /// Date the price was observed, `YYYY-MM-DD`.
    pub checked_date: String,
    /// Where the price comes from.
    pub source: String,
    /// Caveats, may be empty.
    pub note: String,
}

fn data_lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('|').map(str::trim).collect())
}

fn num(s: &str) -> Option<f64> {
    let v: f64 = crate::float::parse_f64(s)?;
    (v.is_finite() && v >= 0.0).then_some(v)
}

fn opt_num(s: &str) -> Option<Option<f64>> {
    if s.is_empty() {
        Some(None)
    } else {
        num(s).map(Some)
    }
}

fn parse_api_row(f: &[&str]) -> Option<ApiPrice> {
    if f.len() != 15 || f[1].is_empty() || f[2].is_empty() || f[10].is_empty() {
        return None;
    }
    days_from_date(f[8])?;
    let input = num(f[3])?;
    Some(ApiPrice {
        // The page's copy leaves out ids that are `provider:model` in lower case (build.rs).
        id: if f[0].is_empty() {
            format!("{}:{}", f[1], f[2].to_ascii_lowercase())
        } else {
            f[0].to_string()
        },
        provider: f[1].to_string(),
        model: f[2].to_string(),
        input_usd_per_mtok: input,
        cached_input_usd_per_mtok: opt_num(f[4])?.unwrap_or(input),
        cache_write_usd_per_mtok: opt_num(f[5])?,
        output_usd_per_mtok: num(f[6])?,
        batch_discount: num(f[7]).filter(|d| *d <= 1.0)?,
        checked_date: f[8].to_string(),
        date_basis: f[9].to_string(),
        source: f[10].to_string(),
        note: f[11].to_string(),
        serves: f[12].to_string(),
        name: if f[13].is_empty() { f[2] } else { f[13] }.to_string(),
        retired: !f[14].is_empty(),
    })
}

/// A provider id as people write it (`"together"` -> `"Together AI"`); unknown ids as given.
pub fn provider_name(id: &str) -> &str {
    const NAMES: [(&str, &str); 27] = [
        ("openai", "OpenAI"),
        ("anthropic", "Anthropic"),
        ("google", "Google"),
        ("together", "Together AI"),
        ("fireworks", "Fireworks"),
        ("deepinfra", "DeepInfra"),
        ("groq", "Groq"),
        ("cerebras", "Cerebras"),
        ("deepseek", "DeepSeek"),
        ("mistral", "Mistral AI"),
        ("novita", "Novita"),
        ("nebius", "Nebius"),
        ("hyperbolic", "Hyperbolic"),
        ("sambanova", "SambaNova"),
        ("lambda", "Lambda"),
        ("bedrock", "Amazon Bedrock"),
        ("aws", "Amazon Bedrock"),
        ("vertex", "Google Vertex AI"),
        ("azure", "Azure"),
        ("openrouter", "OpenRouter"),
        ("x-ai", "xAI"),
        ("cohere", "Cohere"),
        ("nscale", "Nscale"),
        ("ovhcloud", "OVHcloud"),
        ("fireworks-ai", "Fireworks"),
        ("avian", "Avian"),
        ("doubleword", "Doubleword"),
    ];
    NAMES
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(id))
        .map_or(id, |(_, v)| v)
}

fn parse_gpu_row(f: &[&str]) -> Option<GpuPrice> {
    if f.len() != 11 || f[0].is_empty() || f[1].is_empty() || f[9].is_empty() {
        return None;
    }
    days_from_date(f[8])?;
    Some(GpuPrice {
        id: f[0].to_string(),
        gpu_id: f[1].to_string(),
        provider: f[2].to_string(),
        offering: f[3].to_string(),
        pricing: PricingType::parse(f[4])?,
        usd_per_gpu_hour: num(f[5]).filter(|p| *p > 0.0)?,
        gpus_per_instance: crate::float::parse_u32(f[6]).filter(|n| *n > 0)?,
        region: f[7].to_string(),
        checked_date: f[8].to_string(),
        source: f[9].to_string(),
        note: f[10].to_string(),
    })
}

static API: OnceLock<Vec<ApiPrice>> = OnceLock::new();
static GPU: OnceLock<Vec<GpuPrice>> = OnceLock::new();

fn parse_api(text: &str) -> Vec<ApiPrice> {
    data_lines(text).filter_map(|f| parse_api_row(&f)).collect()
}

fn parse_gpu(text: &str) -> Vec<GpuPrice> {
    data_lines(text).filter_map(|f| parse_gpu_row(&f)).collect()
}

#[cfg(any(test, not(feature = "full-catalogs")))]
fn core_api() -> &'static [ApiPrice] {
    static CELL: OnceLock<Vec<ApiPrice>> = OnceLock::new();
    CELL.get_or_init(|| parse_api(CORE_API_PSV))
}

#[cfg(any(test, not(feature = "full-catalogs")))]
fn core_gpu() -> &'static [GpuPrice] {
    static CELL: OnceLock<Vec<GpuPrice>> = OnceLock::new();
    CELL.get_or_init(|| parse_gpu(CORE_GPU_PSV))
}

/// Every hosted API price, in file order: the whole catalog, or only its core rows while the
/// page has not loaded it ([`complete`]).
pub fn api_prices() -> &'static [ApiPrice] {
    #[cfg(feature = "full-catalogs")]
    return API.get_or_init(|| parse_api(API_PSV));
    #[cfg(not(feature = "full-catalogs"))]
    API.get().map_or_else(core_api, Vec::as_slice)
}

/// Every GPU price, in file order (the whole catalog or its core rows, as [`api_prices`]).
pub fn gpu_prices() -> &'static [GpuPrice] {
    #[cfg(feature = "full-catalogs")]
    return GPU.get_or_init(|| parse_gpu(GPU_PSV));
    #[cfg(not(feature = "full-catalogs"))]
    GPU.get().map_or_else(core_gpu, Vec::as_slice)
}

/// Whether the whole price catalogs are present: always with the feature `full-catalogs`,
/// else once [`install`] has taken them.
pub fn complete() -> bool {
    cfg!(feature = "full-catalogs") || (API.get().is_some() && GPU.get().is_some())
}

/// Takes the whole price catalogs, the texts of `prices_api.psv` and `prices_gpu.psv` (as the
/// page fetched them). They replace the core rows for the rest of the session. Refuses texts
/// that lack a row the core has (a truncated or foreign file), so a failed download never
/// replaces good prices with fewer. A second call, or one with `full-catalogs`, changes
/// nothing.
///
/// ```
/// assert!(infercost::prices::install("not a catalog", "").is_err());
/// ```
pub fn install(api_text: &str, gpu_text: &str) -> Result<(), String> {
    let (api, gpu) = (parse_api(api_text), parse_gpu(gpu_text));
    if api.is_empty() || gpu.is_empty() || !covers_core(&api, &gpu) {
        return Err("the downloaded price files are not InferCost's price catalogs".into());
    }
    if !complete() {
        let _ = API.set(api);
        let _ = GPU.set(gpu);
    }
    Ok(())
}

/// Whether whole catalogs hold every core row.
#[cfg(any(test, not(feature = "full-catalogs")))]
fn covers_core(api: &[ApiPrice], gpu: &[GpuPrice]) -> bool {
    core_api().iter().all(|c| api.iter().any(|p| p.id == c.id))
        && core_gpu().iter().all(|c| gpu.iter().any(|p| p.id == c.id))
}

#[cfg(not(any(test, not(feature = "full-catalogs"))))]
fn covers_core(_: &[ApiPrice], _: &[GpuPrice]) -> bool {
    true
}

/// Finds an API price by id (case-insensitive).
///
/// ```
/// let p = infercost::prices::find_api_price("openai:gpt-4o-mini").unwrap();
/// assert_eq!(p.input_usd_per_mtok, 0.15);
/// assert_eq!(p.output_usd_per_mtok, 0.6);
/// ```
pub fn find_api_price(id: &str) -> Option<&'static ApiPrice> {
    let id = id.trim();
    api_prices().iter().find(|p| p.id.eq_ignore_ascii_case(id))
}

/// Finds a GPU price by id (case-insensitive).
pub fn find_gpu_price(id: &str) -> Option<&'static GpuPrice> {
    let id = id.trim();
    gpu_prices().iter().find(|p| p.id.eq_ignore_ascii_case(id))
}

/// Every bundled price for one GPU (physics catalog id), cheapest first.
pub fn gpu_prices_for(gpu_id: &str) -> Vec<&'static GpuPrice> {
    let mut v: Vec<&GpuPrice> = gpu_prices()
        .iter()
        .filter(|p| p.gpu_id.eq_ignore_ascii_case(gpu_id.trim()))
        .collect();
    crate::sort::sort_by(&mut v, |a, b| {
        a.usd_per_gpu_hour.total_cmp(&b.usd_per_gpu_hour)
    });
    v
}

/// The readings a GPU's default price is taken from: its on-demand prices, or, for a GPU
/// only community marketplaces rent, its marketplace prices; one per provider (its newest),
/// cheapest first (ties by id).
pub fn gpu_readings(gpu_id: &str) -> Vec<&'static GpuPrice> {
    // One reading per provider (its newest; on the same day the first in the file), so a
    // provider with several offerings or dated readings does not outweigh the others.
    let of = |t: PricingType| -> Vec<&'static GpuPrice> {
        let mut v: Vec<&'static GpuPrice> = Vec::new();
        let rows = gpu_prices()
            .iter()
            .filter(|p| p.pricing == t && p.gpu_id.eq_ignore_ascii_case(gpu_id.trim()));
        for p in rows {
            match v
                .iter_mut()
                .find(|q| q.provider.eq_ignore_ascii_case(&p.provider))
            {
                Some(q) if p.checked_date > q.checked_date => *q = p,
                Some(_) => {}
                None => v.push(p),
            }
        }
        crate::sort::sort_by(&mut v, |a, b| {
            a.usd_per_gpu_hour
                .total_cmp(&b.usd_per_gpu_hour)
                .then_with(|| a.id.cmp(&b.id))
        });
        v
    };
    let on_demand = of(PricingType::OnDemand);
    if on_demand.is_empty() {
        of(PricingType::Marketplace)
    } else {
        on_demand
    }
}

/// A GPU's default price: the median of its [`gpu_readings`] (the lower of the two middle
/// readings when their number is even, so the default is always an actual price a provider
/// charged); among readings at that price, the one renting the fewest GPUs per instance.
/// `None` when the GPU has no reading.
///
/// ```
/// let p = infercost::prices::median_gpu_price("h100-sxm").unwrap();
/// let n = infercost::prices::gpu_readings("h100-sxm").len();
/// let cheaper = infercost::prices::gpu_readings("h100-sxm")
///     .iter()
///     .filter(|r| r.usd_per_gpu_hour < p.usd_per_gpu_hour)
///     .count();
/// assert!(cheaper <= n / 2);
/// ```
pub fn median_gpu_price(gpu_id: &str) -> Option<&'static GpuPrice> {
    let r = gpu_readings(gpu_id);
    let median = r.get(r.len().checked_sub(1)? / 2)?.usd_per_gpu_hour;
    // Among readings at the median price, the one renting the fewest GPUs at a time.
    r.into_iter()
        .filter(|p| p.usd_per_gpu_hour == median)
        .min_by_key(|p| p.gpus_per_instance)
}

/// The bundled hosted offers of one catalog model's open weights that are still sold, in file
/// order: those the source does not flag as doubtful, or, when every offer is doubtful, all.
pub fn hosted_offers(model_id: &str) -> Vec<&'static ApiPrice> {
    let live: Vec<&'static ApiPrice> = api_prices()
        .iter()
        .filter(|p| {
            !p.retired && !p.serves.is_empty() && p.serves.eq_ignore_ascii_case(model_id.trim())
        })
        .collect();
    if live.iter().all(|p| p.doubtful()) {
        live
    } else {
        live.into_iter().filter(|p| !p.doubtful()).collect()
    }
}

/// Which catalog a stale price belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PriceKind {
    /// A hosted API price.
    Api,
    /// A GPU hourly price.
    Gpu,
}

/// A bundled price older than the allowed age.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StalePrice {
    /// API or GPU catalog.
    pub kind: PriceKind,
    /// The row's id.
    pub id: String,
    /// The row's checked date.
    pub checked_date: String,
    /// Whole days between the checked date and the reference date.
    pub age_days: i64,
}

/// Bundled prices (API and GPU) checked more than `max_age_days` before `today`
/// (`YYYY-MM-DD`), oldest first. An unparseable `today` gives an empty list.
///
/// ```
/// use infercost::prices::stale_prices;
/// let stale = stale_prices("2026-11-27", 90);
/// assert!(stale.iter().any(|s| s.id == "openai:gpt-4o-mini" && s.age_days > 500));
/// assert!(stale.iter().all(|s| s.age_days > 90));
/// ```
pub fn stale_prices(today: &str, max_age_days: i64) -> Vec<StalePrice> {
    let Some(now) = days_from_date(today) else {
        return Vec::new();
    };
    let mut out: Vec<StalePrice> = Vec::new();
    let mut push = |kind, id: &str, date: &str| {
        if let Some(d) = days_from_date(date) {
            let age = now - d;
            if age > max_age_days {
                out.push(StalePrice {
                    kind,
                    id: id.to_string(),
                    checked_date: date.to_string(),
                    age_days: age,
                });
            }
        }
    };
    for p in api_prices() {
        push(PriceKind::Api, &p.id, &p.checked_date);
    }
    for p in gpu_prices() {
        push(PriceKind::Gpu, &p.id, &p.checked_date);
    }
    crate::sort::sort_by(&mut out, |a, b| {
        b.age_days.cmp(&a.age_days).then(a.id.cmp(&b.id))
    });
    out
}

/// Age in whole days of a `YYYY-MM-DD` date relative to `today`; `None` if either does not
/// parse.
///
/// ```
/// assert_eq!(infercost::prices::age_days("2026-08-29", "2026-11-27"), Some(90));
/// assert_eq!(infercost::prices::age_days("2024-02-28", "2024-03-01"), Some(2));
/// ```
pub fn age_days(date: &str, today: &str) -> Option<i64> {
    Some(days_from_date(today)? - days_from_date(date)?)
}

/// Days since 1970-01-01 of a proleptic Gregorian `YYYY-MM-DD` date; `None` if it is not a
/// valid date. Pure integer arithmetic (the civil-from-days inverse of H. Hinnant's
/// `days_from_civil`).
pub fn days_from_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = crate::float::parse_i64(s.get(0..4)?)?;
    let m = crate::float::parse_i64(s.get(5..7)?)?;
    let d = crate::float::parse_i64(s.get(8..10)?)?;
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
                29
            } else {
                28
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_copies_read_like_the_files() {
        // The copies keep every field but the notes, which keep only the CAUTION flag, and
        // the API ids the parser derives.
        let flag = |note: &str| {
            if note.contains("CAUTION") {
                "CAUTION"
            } else {
                ""
            }
            .to_string()
        };
        let api = |t: &str| {
            data_lines(t)
                .map(|f| {
                    parse_api_row(&f).map(|p| ApiPrice {
                        note: flag(&p.note),
                        ..p
                    })
                })
                .collect::<Vec<_>>()
        };
        let full_api = api(include_str!("../data/prices_api.psv"));
        assert_eq!(api(API_PSV), full_api);
        assert!(full_api.iter().all(Option::is_some));
        let gpu = |t: &str| {
            data_lines(t)
                .map(|f| {
                    parse_gpu_row(&f).map(|p| GpuPrice {
                        note: flag(&p.note),
                        ..p
                    })
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(gpu(GPU_PSV), gpu(include_str!("../data/prices_gpu.psv")));
    }

    #[test]
    fn every_provider_has_a_readable_name() {
        for p in api_prices() {
            let id = p
                .provider
                .strip_prefix("huggingface_")
                .unwrap_or(&p.provider);
            assert_ne!(provider_name(id), id, "{} needs a name", p.provider);
        }
    }

    #[test]
    fn the_core_rows_cover_every_default_and_preset() {
        for s in crate::presets::default_and_preset_scenarios() {
            let custom = |id: &str| id == crate::link::CUSTOM_PRICE_ID;
            assert!(
                custom(&s.api.price_id) || core_api().iter().any(|p| p.id == s.api.price_id),
                "{} is a core row",
                s.api.price_id
            );
            let gpu = &s.self_host.gpu_price_id;
            assert!(
                custom(gpu) || core_gpu().iter().any(|p| &p.id == gpu),
                "{gpu}"
            );
        }
        // And nothing else: the core is what the first load needs.
        assert!(core_api().len() <= 8 && core_gpu().len() <= 5);
    }

    #[test]
    fn core_rows_are_the_catalog_rows() {
        // Except the source, which the first load leaves out (a dash; build.rs).
        for c in core_api() {
            let mut full = api_prices()
                .iter()
                .find(|p| p.id == c.id)
                .expect("in the catalog")
                .clone();
            assert_eq!(c.source, "-");
            full.source = c.source.clone();
            assert_eq!(c, &full);
        }
        for c in core_gpu() {
            let mut full = gpu_prices()
                .iter()
                .find(|p| p.id == c.id)
                .expect("in the catalog")
                .clone();
            assert_eq!(c.source, "-");
            full.source = c.source.clone();
            assert_eq!(c, &full);
        }
    }

    #[test]
    fn install_takes_the_files_and_refuses_anything_else() {
        let (api, gpu) = (
            include_str!("../data/prices_api.psv"),
            include_str!("../data/prices_gpu.psv"),
        );
        assert_eq!(install(api, gpu), Ok(()));
        assert!(install(gpu, api).is_err(), "swapped");
        assert!(install("<!doctype html><p>Not found", gpu).is_err());
        let truncated: String = api.lines().take(40).collect::<Vec<_>>().join("\n");
        assert!(
            install(&truncated, gpu).is_err(),
            "a cut download lacks core rows"
        );
        assert!(complete());
    }

    #[test]
    fn every_api_row_parses_with_source_and_date() {
        let rows = data_lines(API_PSV).count();
        assert_eq!(
            rows,
            api_prices().len(),
            "a row of prices_api.psv did not parse"
        );
        assert!(rows >= 80);
        for p in api_prices() {
            assert!(!p.source.is_empty(), "{}", p.id);
            assert!(days_from_date(&p.checked_date).is_some(), "{}", p.id);
            assert!(
                p.cached_input_usd_per_mtok <= p.input_usd_per_mtok,
                "{}",
                p.id
            );
        }
    }

    #[test]
    fn every_gpu_row_parses_with_source_and_date() {
        let rows = data_lines(GPU_PSV).count();
        assert_eq!(
            rows,
            gpu_prices().len(),
            "a row of prices_gpu.psv did not parse"
        );
        assert!(rows >= 30);
        for p in gpu_prices() {
            assert!(!p.source.is_empty(), "{}", p.id);
            assert!(days_from_date(&p.checked_date).is_some(), "{}", p.id);
        }
    }

    #[test]
    fn gpu_prices_name_catalog_gpus() {
        for p in gpu_prices() {
            assert!(
                crate::catalog::find_gpu(&p.gpu_id).is_some(),
                "{}",
                p.gpu_id
            );
        }
        assert!(!gpu_prices_for("h100-sxm").is_empty());
        let h = gpu_prices_for("h100-sxm");
        assert!(h
            .windows(2)
            .all(|w| w[0].usd_per_gpu_hour <= w[1].usd_per_gpu_hour));
    }

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = api_prices().iter().map(|p| p.id.as_str()).collect();
        ids.extend(gpu_prices().iter().map(|p| p.id.as_str()));
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn dates() {
        assert_eq!(days_from_date("1970-01-01"), Some(0));
        assert_eq!(days_from_date("2000-03-01"), Some(11_017));
        assert_eq!(
            days_from_date("2024-02-29").map(|d| d + 1),
            days_from_date("2024-03-01")
        );
        assert_eq!(days_from_date("2023-02-29"), None);
        assert_eq!(days_from_date("2026-13-01"), None);
        assert_eq!(days_from_date("undated"), None);
        assert_eq!(days_from_date("2026-1-01"), None);
        assert_eq!(age_days("2025-11-27", "2026-11-27"), Some(365));
    }

    #[test]
    fn stale_list() {
        let s = stale_prices("2026-11-27", 90);
        assert!(!s.is_empty());
        // RunPod H100 SXM checked 2026-11-09 is fresh.
        assert!(!s.iter().any(|x| x.id == "h100-sxm:runpod-secure-cloud"));
        assert!(stale_prices("garbage", 90).is_empty());
        assert!(stale_prices("2020-01-01", 90).is_empty());
    }

    #[test]
    fn cache_premium() {
        let p = find_api_price("anthropic:claude-sonnet-4-5").unwrap();
        assert!((p.cache_write_premium_usd_per_mtok() - 0.75).abs() < 1e-12);
        assert_eq!(p.batch_discount, 0.5);
        let t = find_api_price("together:meta-llama/meta-llama-3.1-70b-instruct-turbo").unwrap();
        assert_eq!(t.cached_input_usd_per_mtok, 0.88);
        assert_eq!(t.cache_write_premium_usd_per_mtok(), 0.0);
    }
}
