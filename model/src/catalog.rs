//! Bundled catalogs of GPUs and model architectures, with their sources.
//!
//! The data lives in `model/data/gpus.csv` and `model/data/models.csv` (our own clean format,
//! one row per entry with `source` and `date` columns). Both files are compiled in with
//! `include_str!` and parsed once, on first use, behind a [`std::sync::OnceLock`]; lookups
//! after that are a linear scan over a few dozen rows. A row that fails to parse is skipped
//! (a unit test asserts that none does), so a bad edit can never panic the page.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

// The files without their leading comment lines (see `build.rs`).
#[cfg(any(test, feature = "full-catalogs"))]
const GPUS_CSV: &str = include_str!(concat!(env!("OUT_DIR"), "/gpus.csv"));
#[cfg(any(test, feature = "full-catalogs"))]
const MODELS_CSV: &str = include_str!(concat!(env!("OUT_DIR"), "/models.csv"));
// Without `full-catalogs` (the page): the core rows, and every id with its name.
#[cfg(any(test, not(feature = "full-catalogs")))]
const CORE_GPUS_CSV: &str = include_str!(concat!(env!("OUT_DIR"), "/gpus_core.csv"));
#[cfg(any(test, not(feature = "full-catalogs")))]
const CORE_MODELS_CSV: &str = include_str!(concat!(env!("OUT_DIR"), "/models_core.csv"));
#[cfg(any(test, not(feature = "full-catalogs")))]
const GPU_NAMES: &str = include_str!(concat!(env!("OUT_DIR"), "/gpus_names.txt"));
#[cfg(any(test, not(feature = "full-catalogs")))]
const MODEL_NAMES: &str = include_str!(concat!(env!("OUT_DIR"), "/models_names.txt"));

/// A hash of the four catalog files: the page adds it to their URLs when it fetches them, so
/// a changed catalog is never read from a stale cache.
pub const TAG: &str = env!("INFERCOST_CATALOG_TAG");

/// The catalog files, as [`install`] and `prices::install` take them and the page fetches
/// them.
pub const FILES: [&str; 4] = ["gpus.csv", "models.csv", "prices_api.psv", "prices_gpu.psv"];

/// Bytes in one GiB.
pub const BYTES_PER_GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// What kind of memory feeds the GPU. It matters for how much of the datasheet bandwidth a
/// single decode stream reaches (see `docs/MODEL.md`, "Bandwidth efficiency").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum MemoryKind {
    /// Stacked HBM on a wide bus (datacenter parts).
    #[default]
    Hbm,
    /// GDDR6/6X/7 on a narrow bus (workstation and consumer cards).
    Gddr,
    /// Unified LPDDR memory shared with the CPU (Apple silicon).
    Unified,
}

impl MemoryKind {
    /// Every memory kind.
    pub const ALL: [MemoryKind; 3] = [MemoryKind::Hbm, MemoryKind::Gddr, MemoryKind::Unified];

    /// Stable id, used by links, serde and the catalogs.
    pub fn id(self) -> &'static str {
        match self {
            MemoryKind::Hbm => "hbm",
            MemoryKind::Gddr => "gddr",
            MemoryKind::Unified => "unified",
        }
    }

    /// Reads an [`id`](Self::id) (exact).
    pub fn parse(s: &str) -> Option<MemoryKind> {
        MemoryKind::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// The numbers of one GPU that the physics needs. All rates are dense (no sparsity).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GpuSpec {
    /// Memory capacity in bytes (vendor "GB" of GPU memory are binary GiB).
    pub memory_bytes: f64,
    /// Datasheet memory bandwidth, bytes per second.
    pub mem_bandwidth_bytes_per_s: f64,
    /// Dense BF16 (or FP16 on parts without BF16) tensor rate, FLOP/s, FP32 accumulate.
    pub bf16_flops: f64,
    /// Dense FP8 tensor rate, FLOP/s, if the GPU has FP8 tensor cores.
    pub fp8_flops: Option<f64>,
    /// Dense INT8 tensor rate, OP/s.
    pub int8_ops: Option<f64>,
    /// Dense FP4 tensor rate, FLOP/s (Blackwell).
    pub fp4_flops: Option<f64>,
    /// Interconnect bandwidth per GPU, one direction, bytes per second (NVLink or PCIe).
    pub interconnect_bytes_per_s: f64,
    /// Dense FP16 tensor rate with FP16 accumulate, FLOP/s, where it is faster than
    /// `bf16_flops` (GeForce cards). Used by engines that accumulate in FP16 (llama.cpp).
    #[serde(default)]
    pub fp16_acc16_flops: Option<f64>,
    /// Memory technology.
    #[serde(default)]
    pub memory_kind: MemoryKind,
    /// Streaming multiprocessors (AMD compute units, Apple GPU cores); 0 = unknown.
    #[serde(default)]
    pub sm_count: u32,
    /// Boost clock, Hz; 0 = unknown.
    #[serde(default)]
    pub boost_clock_hz: f64,
    /// The vendor software stack its kernels and collectives come from.
    #[serde(default)]
    pub stack: Stack,
}

/// The vendor software stack a GPU runs: its GEMM kernels and its collectives reach
/// different shares of the same datasheet (see `docs/MODEL.md`, "Software stack").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Stack {
    /// NVIDIA CUDA (cuBLAS/CUTLASS, NCCL), and what the calibration rows mostly measure.
    #[default]
    Cuda,
    /// AMD ROCm (hipBLASLt, RCCL).
    Rocm,
    /// Apple Metal (the M-series GPUs, unified memory).
    Metal,
}

impl Stack {
    /// The stack named `id` in the catalog's `stack` column and a custom GPU's link value
    /// (`rocm`, `metal`); anything else is CUDA, which rows and links written before the
    /// column mean. (Matched, not looked up in a table: the page's first load is counted in
    /// bytes.)
    pub fn from_id(id: &str) -> Stack {
        match id {
            "rocm" => Stack::Rocm,
            "metal" => Stack::Metal,
            _ => Stack::Cuda,
        }
    }
}

impl GpuSpec {
    /// A custom GPU from the three numbers a user usually knows: memory in GiB, bandwidth in
    /// TB/s and dense BF16 TFLOPS. Other rates are unknown (the model falls back to BF16),
    /// HBM and a 32 GB/s PCIe link are assumed.
    pub fn custom(memory_gib: f64, bandwidth_tb_per_s: f64, bf16_tflops: f64) -> GpuSpec {
        GpuSpec {
            memory_bytes: finite_or(memory_gib, 0.0).max(0.0) * BYTES_PER_GIB,
            mem_bandwidth_bytes_per_s: finite_or(bandwidth_tb_per_s, 0.0).max(0.0) * 1e12,
            bf16_flops: finite_or(bf16_tflops, 0.0).max(0.0) * 1e12,
            fp8_flops: None,
            int8_ops: None,
            fp4_flops: None,
            interconnect_bytes_per_s: 32e9,
            fp16_acc16_flops: None,
            memory_kind: MemoryKind::Hbm,
            sm_count: 0,
            boost_clock_hz: 0.0,
            stack: Stack::Cuda,
        }
    }

    /// Memory capacity in GiB.
    pub fn memory_gib(&self) -> f64 {
        self.memory_bytes / BYTES_PER_GIB
    }
}

/// One GPU of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GpuEntry {
    /// Stable kebab-case id (`h100-sxm`).
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Other names it goes by (as used in benchmark tables).
    pub aliases: &'static [&'static str],
    /// The numbers.
    pub spec: GpuSpec,
    /// Confidence in the numbers: "high", "medium" or "low".
    pub confidence: &'static str,
    /// Where the numbers come from.
    pub source: &'static str,
    /// Date of the source.
    pub date: &'static str,
}

/// The numbers of a model architecture. Counts are plain numbers; parameter counts are in
/// parameters (not billions). `Default` is all zeros: a dense model without experts, latent
/// attention or sliding windows, for literals that name only their dense dimensions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Architecture {
    /// All parameters, including every expert and the embeddings.
    pub params_total: f64,
    /// Parameters used per token (shared part plus top-k experts), embeddings included.
    pub params_active: f64,
    /// Transformer layers.
    pub layers: u32,
    /// Hidden (model) dimension.
    pub hidden: u32,
    /// Attention (query) heads.
    pub heads: u32,
    /// Key/value heads (grouped-query attention); equal to `heads` for plain multi-head.
    pub kv_heads: u32,
    /// Dimension of one attention head (explicit; not always hidden/heads).
    pub head_dim: u32,
    /// Dense FFN intermediate size (dense models, and the dense layers of MoE models).
    pub intermediate: u32,
    /// Routed experts per MoE layer (0 = dense model).
    pub experts: u32,
    /// Experts each token is routed to (top-k).
    pub experts_per_token: u32,
    /// Always-on shared experts per MoE layer.
    pub shared_experts: u32,
    /// FFN intermediate size of one expert.
    pub moe_intermediate: u32,
    /// Leading layers with a dense FFN in an MoE model (DeepSeek-V3: 3).
    pub dense_layers: u32,
    /// MLA compressed KV rank (0 = not MLA).
    pub kv_lora_rank: u32,
    /// MLA decoupled rope key dimension, cached alongside the latent.
    pub qk_rope_head_dim: u32,
    /// Sliding attention window in tokens (0 = none).
    pub sliding_window: u32,
    /// How many layers use the sliding window.
    pub sliding_layers: u32,
    /// Vocabulary size.
    pub vocab: u32,
    /// Whether the output head shares the input embedding matrix.
    pub tied_embeddings: bool,
    /// Longest context the model supports, tokens.
    pub max_context_tokens: u32,
}

impl Architecture {
    /// The structural counts, in field order from `layers` to `sliding_layers` (the shape of
    /// the network, without parameter totals, vocabulary or context). One list, so the link
    /// encoding and the sanity check cannot drift apart.
    pub fn structure_counts(&self) -> [u32; 15] {
        [
            self.layers,
            self.hidden,
            self.heads,
            self.kv_heads,
            self.head_dim,
            self.intermediate,
            self.experts,
            self.experts_per_token,
            self.shared_experts,
            self.moe_intermediate,
            self.dense_layers,
            self.kv_lora_rank,
            self.qk_rope_head_dim,
            self.sliding_window,
            self.sliding_layers,
        ]
    }

    /// Number of layers with an MoE FFN.
    pub fn moe_layers(&self) -> u32 {
        if self.experts == 0 {
            0
        } else {
            self.layers.saturating_sub(self.dense_layers)
        }
    }

    /// Parameters of one routed expert (gate, up and down projections).
    pub fn params_per_expert(&self) -> f64 {
        3.0 * f64::from(self.hidden) * f64::from(self.moe_intermediate)
    }

    /// Parameters in all routed experts of all layers.
    pub fn params_routed_experts(&self) -> f64 {
        f64::from(self.moe_layers()) * f64::from(self.experts) * self.params_per_expert()
    }

    /// Parameters that every token uses: everything except the routed experts.
    pub fn params_shared(&self) -> f64 {
        (self.params_total - self.params_routed_experts()).max(0.0)
    }

    /// Parameters in embedding matrices (input table plus untied output head).
    pub fn params_embedding(&self) -> f64 {
        let one = f64::from(self.vocab) * f64::from(self.hidden);
        if self.tied_embeddings {
            one
        } else {
            2.0 * one
        }
    }

    /// Parameters that do matrix math per token: active parameters minus the input
    /// embedding lookup (a gather, not a matmul). A tied head still multiplies.
    pub fn params_matmul_active(&self) -> f64 {
        let lookup = if self.tied_embeddings {
            0.0
        } else {
            f64::from(self.vocab) * f64::from(self.hidden)
        };
        (self.params_active - lookup).max(0.0)
    }

    /// Parameters of the attention blocks, all layers: what is left of the shared
    /// parameters after the embeddings, dense FFNs, shared experts and routers (MLA's
    /// low-rank projections have no dimension of their own in the catalog; DeepSeek-V3:
    /// 11.5B).
    pub fn params_attention(&self) -> f64 {
        let h = f64::from(self.hidden);
        let dense_ffn =
            f64::from(self.layers - self.moe_layers()) * 3.0 * h * f64::from(self.intermediate);
        let per_moe_layer =
            f64::from(self.shared_experts) * self.params_per_expert() + h * f64::from(self.experts);
        (self.params_shared()
            - self.params_embedding()
            - dense_ffn
            - f64::from(self.moe_layers()) * per_moe_layer)
            .max(0.0)
    }

    /// Whether attention is multi-head latent attention (DeepSeek MLA).
    pub fn is_mla(&self) -> bool {
        self.kv_lora_rank > 0
    }

    /// Parameter counts computed from the dimensions: (total, active).
    ///
    /// Per layer: attention q/o = 2·hidden·heads·head_dim, k/v = 2·hidden·kv_heads·head_dim;
    /// dense FFN = 3·hidden·intermediate (gated); MoE FFN = experts·3·hidden·moe_intermediate
    /// plus shared experts and a hidden·experts router. Norms and biases are ignored (<0.1%).
    pub fn computed_params(&self) -> (f64, f64) {
        let h = f64::from(self.hidden);
        let attn = 2.0 * h * f64::from(self.heads) * f64::from(self.head_dim)
            + 2.0 * h * f64::from(self.kv_heads) * f64::from(self.head_dim);
        let dense_ffn = 3.0 * h * f64::from(self.intermediate);
        let expert = self.params_per_expert();
        let moe_layers = f64::from(self.moe_layers());
        let dense_layers = f64::from(self.layers) - moe_layers;
        let shared = f64::from(self.shared_experts) * expert + h * f64::from(self.experts);
        let base = self.params_embedding()
            + f64::from(self.layers) * attn
            + dense_layers * dense_ffn
            + moe_layers * shared;
        let total = base + moe_layers * f64::from(self.experts) * expert;
        let active = base + moe_layers * f64::from(self.experts_per_token) * expert;
        (total, active)
    }
}

/// One model of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelEntry {
    /// Stable kebab-case id (`llama-3.1-70b`).
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Other names (Hugging Face ids, benchmark spellings).
    pub aliases: &'static [&'static str],
    /// The architecture numbers.
    pub arch: Architecture,
    /// Where the numbers come from (repository, path and commit of a config.json copy).
    pub source: &'static str,
    /// Date of the source.
    pub date: &'static str,
    /// The precision its own checkpoint is published in, when not 16-bit (DeepSeek-V3 FP8,
    /// gpt-oss MXFP4).
    pub shipped_precision: Option<crate::WeightPrecision>,
}

static GPUS: OnceLock<Vec<GpuEntry>> = OnceLock::new();
static MODELS: OnceLock<Vec<ModelEntry>> = OnceLock::new();

fn parse_gpus(text: &str) -> Vec<GpuEntry> {
    parse_table(text).iter().filter_map(gpu_from_row).collect()
}

fn parse_models(text: &str) -> Vec<ModelEntry> {
    parse_table(text)
        .iter()
        .filter_map(model_from_row)
        .collect()
}

#[cfg(any(test, not(feature = "full-catalogs")))]
fn core_gpus() -> &'static [GpuEntry] {
    static CELL: OnceLock<Vec<GpuEntry>> = OnceLock::new();
    CELL.get_or_init(|| parse_gpus(CORE_GPUS_CSV))
}

#[cfg(any(test, not(feature = "full-catalogs")))]
fn core_models() -> &'static [ModelEntry] {
    static CELL: OnceLock<Vec<ModelEntry>> = OnceLock::new();
    CELL.get_or_init(|| parse_models(CORE_MODELS_CSV))
}

/// Every GPU of the catalog, in file order: the whole catalog, or only its core rows while
/// the page has not loaded it ([`complete`]).
pub fn gpus() -> &'static [GpuEntry] {
    #[cfg(feature = "full-catalogs")]
    return GPUS.get_or_init(|| parse_gpus(GPUS_CSV));
    #[cfg(not(feature = "full-catalogs"))]
    GPUS.get().map_or_else(core_gpus, Vec::as_slice)
}

/// Every model of the catalog, in file order (the whole catalog or its core rows, as
/// [`gpus`]).
pub fn models() -> &'static [ModelEntry] {
    #[cfg(feature = "full-catalogs")]
    return MODELS.get_or_init(|| parse_models(MODELS_CSV));
    #[cfg(not(feature = "full-catalogs"))]
    MODELS.get().map_or_else(core_models, Vec::as_slice)
}

/// Every GPU's `(id, name)` in file order, whole from the first load: the pickers list them
/// all while the rest of a row waits for the whole catalog.
pub fn gpu_names() -> Vec<(&'static str, &'static str)> {
    #[cfg(not(feature = "full-catalogs"))]
    if !complete() {
        return id_names(GPU_NAMES);
    }
    gpus().iter().map(|g| (g.id, g.name)).collect()
}

/// Every model's `(id, name)` in file order, as [`gpu_names`].
pub fn model_names() -> Vec<(&'static str, &'static str)> {
    #[cfg(not(feature = "full-catalogs"))]
    if !complete() {
        return id_names(MODEL_NAMES);
    }
    models().iter().map(|m| (m.id, m.name)).collect()
}

#[cfg(any(test, not(feature = "full-catalogs")))]
fn id_names(text: &'static str) -> Vec<(&'static str, &'static str)> {
    text.lines().filter_map(|l| l.split_once(',')).collect()
}

/// Whether the whole catalogs (models, GPUs and both price lists) are present: always with
/// the feature `full-catalogs`, else once [`install`] and `prices::install` have taken them.
pub fn complete() -> bool {
    cfg!(feature = "full-catalogs")
        || (GPUS.get().is_some() && MODELS.get().is_some() && crate::prices::complete())
}

/// Takes the whole GPU and model catalogs, the texts of `gpus.csv` and `models.csv` as the
/// page fetched them. Refuses texts that lack a core row (a truncated or foreign file), so a
/// failed download never replaces good rows with fewer. A second call, or one with
/// `full-catalogs`, changes nothing.
///
/// ```
/// assert!(infercost::catalog::install("<!doctype html>", "").is_err());
/// ```
pub fn install(gpus_text: &str, models_text: &str) -> Result<(), String> {
    let (gpus, models) = (parse_gpus(gpus_text), parse_models(models_text));
    if gpus.is_empty() || models.is_empty() || !covers_core(&gpus, &models) {
        return Err("the downloaded catalog files are not InferCost's catalogs".into());
    }
    if GPUS.get().is_none() && MODELS.get().is_none() && !cfg!(feature = "full-catalogs") {
        let _ = GPUS.set(gpus);
        let _ = MODELS.set(models);
    }
    Ok(())
}

/// Whether whole catalogs hold every core row.
#[cfg(any(test, not(feature = "full-catalogs")))]
fn covers_core(gpus: &[GpuEntry], models: &[ModelEntry]) -> bool {
    core_gpus()
        .iter()
        .all(|c| gpus.iter().any(|g| g.id == c.id))
        && core_models()
            .iter()
            .all(|c| models.iter().any(|m| m.id == c.id))
}

#[cfg(not(any(test, not(feature = "full-catalogs"))))]
fn covers_core(_: &[GpuEntry], _: &[ModelEntry]) -> bool {
    true
}

/// Finds a GPU by id, name or alias (case, spaces and punctuation ignored). Unknown names
/// give `None`; nothing is guessed.
pub fn find_gpu(id_or_alias: &str) -> Option<&'static GpuEntry> {
    // Scenarios hold exact ids: found without building normalized copies of every name.
    if let Some(g) = gpus().iter().find(|g| g.id == id_or_alias) {
        return Some(g);
    }
    let key = normalize_name(id_or_alias);
    if key.is_empty() {
        return None;
    }
    gpus().iter().find(|g| {
        normalize_name(g.id) == key
            || normalize_name(g.name) == key
            || g.aliases.iter().any(|a| normalize_name(a) == key)
    })
}

/// Finds a model by id, name or alias. Case and punctuation are ignored, a parenthesized
/// remark is dropped ("LLaMA-2-7B (doc says 'LLaMA 7B')") and so is a trailing
/// `-Instruct`/`-it`/`-chat`/`-hf`/`-Base` tag (same architecture). Unknown names give `None`.
pub fn find_model(id_or_alias: &str) -> Option<&'static ModelEntry> {
    if let Some(m) = models().iter().find(|m| m.id == id_or_alias) {
        return Some(m);
    }
    let stripped = strip_parenthesized(id_or_alias);
    let key = normalize_name(&stripped);
    if key.is_empty() {
        return None;
    }
    let base = strip_variant_suffix(&stripped);
    let base_key = normalize_name(&base);
    let matches = |k: &str| {
        models().iter().find(|m| {
            normalize_name(m.id) == k
                || normalize_name(m.name) == k
                || m.aliases.iter().any(|a| normalize_name(a) == k)
        })
    };
    matches(&key).or_else(|| matches(&base_key))
}

/// Lowercases and keeps only ASCII letters and digits.
fn normalize_name(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn strip_parenthesized(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0u32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn strip_variant_suffix(s: &str) -> String {
    let mut out = s.trim().to_string();
    for suffix in ["-instruct", "-it", "-chat", "-hf", "-base", " instruct"] {
        let lower = out.to_ascii_lowercase();
        if lower.ends_with(suffix) {
            out.truncate(out.len() - suffix.len());
        }
    }
    out
}

/// Splits CSV text into records of fields. Handles quoted fields with commas, doubled quotes
/// and newlines inside quotes, `\r\n` line ends, blank lines; never panics. Lines that start
/// with `#` outside quotes are comments and are skipped.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut at_line_start = true;
    let mut in_comment = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_comment {
            if c == '\n' {
                in_comment = false;
                at_line_start = true;
            }
            continue;
        }
        if at_line_start && !in_quotes && c == '#' {
            in_comment = true;
            continue;
        }
        at_line_start = false;
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => in_quotes = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                if !(record.len() == 1 && record[0].trim().is_empty()) {
                    records.push(std::mem::take(&mut record));
                } else {
                    record.clear();
                }
                at_line_start = true;
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        if !(record.len() == 1 && record[0].trim().is_empty()) {
            records.push(record);
        }
    }
    records
}

/// A parsed table: header names and rows as name -> value lookups.
struct Row {
    header: std::rc::Rc<Vec<String>>,
    fields: Vec<String>,
}

impl Row {
    fn get(&self, name: &str) -> &str {
        self.header
            .iter()
            .position(|h| h == name)
            .and_then(|i| self.fields.get(i))
            .map(|s| s.trim())
            .unwrap_or("")
    }
    fn f64(&self, name: &str) -> Option<f64> {
        crate::float::parse_f64(self.get(name))
    }
    fn u32(&self, name: &str) -> Option<u32> {
        crate::float::parse_u32(self.get(name))
    }
}

fn parse_table(text: &str) -> Vec<Row> {
    let mut records = parse_csv(text).into_iter();
    let Some(header) = records.next() else {
        return Vec::new();
    };
    let header = std::rc::Rc::new(header.into_iter().map(|h| h.trim().to_string()).collect());
    records
        .map(|fields| Row {
            header: std::rc::Rc::clone(&header),
            fields,
        })
        .collect()
}

/// Leaks a string once so catalog entries can hand out `&'static str` (the catalogs are
/// parsed exactly once per process, so this is bounded).
fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

fn leak_list(s: &str) -> &'static [&'static str] {
    let v: Vec<&'static str> = s
        .split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(leak)
        .collect();
    Box::leak(v.into_boxed_slice())
}

fn finite_or(v: f64, default: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        default
    }
}

fn gpu_from_row(r: &Row) -> Option<GpuEntry> {
    let id = r.get("id");
    let source = r.get("source");
    let date = r.get("date");
    if id.is_empty() || source.is_empty() || date.is_empty() {
        return None;
    }
    let memory_kind = match r.get("memory_kind") {
        "hbm" => MemoryKind::Hbm,
        "gddr" => MemoryKind::Gddr,
        "unified" => MemoryKind::Unified,
        _ => return None,
    };
    let tera = |name: &str| r.f64(name).filter(|v| *v > 0.0).map(|v| v * 1e12);
    let spec = GpuSpec {
        memory_bytes: r.f64("memory_gib")? * BYTES_PER_GIB,
        mem_bandwidth_bytes_per_s: r.f64("bandwidth_gb_s").filter(|v| *v > 0.0)? * 1e9,
        bf16_flops: tera("bf16_tflops")?,
        fp8_flops: tera("fp8_tflops"),
        int8_ops: tera("int8_tops"),
        fp4_flops: tera("fp4_tflops"),
        interconnect_bytes_per_s: r.f64("interconnect_gb_s").unwrap_or(0.0).max(0.0) * 1e9,
        fp16_acc16_flops: tera("fp16acc_tflops"),
        memory_kind,
        sm_count: r.u32("sms").unwrap_or(0),
        boost_clock_hz: r.f64("boost_ghz").unwrap_or(0.0).max(0.0) * 1e9,
        stack: Stack::from_id(r.get("stack")),
    };
    Some(GpuEntry {
        id: leak(id),
        name: leak(r.get("name")),
        aliases: leak_list(r.get("aliases")),
        spec,
        confidence: leak(r.get("confidence")),
        source: leak(source),
        date: leak(date),
    })
}

fn model_from_row(r: &Row) -> Option<ModelEntry> {
    let id = r.get("id");
    let source = r.get("source");
    let date = r.get("date");
    if id.is_empty() || source.is_empty() || date.is_empty() {
        return None;
    }
    let mut arch = Architecture {
        params_total: 0.0,
        params_active: 0.0,
        layers: r.u32("layers").filter(|v| *v > 0)?,
        hidden: r.u32("hidden").filter(|v| *v > 0)?,
        heads: r.u32("heads").filter(|v| *v > 0)?,
        kv_heads: r.u32("kv_heads").filter(|v| *v > 0)?,
        head_dim: r.u32("head_dim").filter(|v| *v > 0)?,
        intermediate: r.u32("intermediate")?,
        experts: r.u32("experts")?,
        experts_per_token: r.u32("experts_per_token")?,
        shared_experts: r.u32("shared_experts")?,
        moe_intermediate: r.u32("moe_intermediate")?,
        dense_layers: r.u32("dense_layers")?,
        kv_lora_rank: r.u32("kv_lora_rank")?,
        qk_rope_head_dim: r.u32("qk_rope_head_dim")?,
        sliding_window: r.u32("sliding_window")?,
        sliding_layers: r.u32("sliding_layers")?,
        vocab: r.u32("vocab").filter(|v| *v > 0)?,
        tied_embeddings: r.get("tied_embeddings") == "true",
        max_context_tokens: r.u32("max_context").filter(|v| *v > 0)?,
    };
    let (total, active) = arch.computed_params();
    arch.params_total = r.f64("params_total_b").map_or(total, |b| b * 1e9);
    arch.params_active = match r.f64("params_active_b") {
        Some(b) => b * 1e9,
        // With an explicit total, derive active from the shared part plus top-k experts.
        None if r.f64("params_total_b").is_some() => {
            arch.params_shared()
                + f64::from(arch.moe_layers())
                    * f64::from(arch.experts_per_token)
                    * arch.params_per_expert()
        }
        None => active,
    };
    Some(ModelEntry {
        id: leak(id),
        name: leak(r.get("name")),
        aliases: leak_list(r.get("aliases")),
        arch,
        source: leak(source),
        date: leak(date),
        shipped_precision: crate::WeightPrecision::parse(r.get("ships")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_rows(text: &str) -> usize {
        parse_csv(text).len().saturating_sub(1)
    }

    #[test]
    fn each_gpu_runs_its_vendors_stack() {
        for (id, stack) in [
            ("h100-sxm", Stack::Cuda),
            ("mi300x", Stack::Rocm),
            ("apple-m2-ultra", Stack::Metal),
        ] {
            let g = find_gpu(id).expect(id);
            assert_eq!(g.spec.stack, stack, "{id}");
        }
        assert_eq!(Stack::from_id(""), Stack::Cuda);
        assert_eq!(Stack::from_id("metal"), Stack::Metal);
    }

    #[test]
    fn embedded_copies_parse_like_the_files() {
        assert_eq!(
            parse_csv(GPUS_CSV),
            parse_csv(include_str!("../data/gpus.csv"))
        );
        assert_eq!(
            parse_csv(MODELS_CSV),
            parse_csv(include_str!("../data/models.csv"))
        );
    }

    #[test]
    fn every_gpu_row_parses_with_source_and_date() {
        assert_eq!(gpus().len(), data_rows(GPUS_CSV));
        for g in gpus() {
            assert!(!g.source.is_empty() && !g.date.is_empty(), "{}", g.id);
            assert!(
                g.spec.memory_bytes > 0.0 && g.spec.bf16_flops > 0.0,
                "{}",
                g.id
            );
            assert!(!g.aliases.is_empty(), "{}", g.id);
        }
    }

    #[test]
    fn the_core_rows_cover_every_default_and_preset() {
        for s in crate::presets::default_and_preset_scenarios() {
            let h = &s.self_host;
            assert!(
                core_models().iter().any(|m| m.id == h.model_id),
                "{}",
                h.model_id
            );
            assert!(core_gpus().iter().any(|g| g.id == h.gpu_id), "{}", h.gpu_id);
        }
        // The fallback architecture of an unknown id is the file's first model either way.
        assert_eq!(core_models()[0].id, models()[0].id);
        assert!(core_models().len() <= 6 && core_gpus().len() <= 4);
    }

    #[test]
    fn core_rows_and_names_are_the_catalog_s() {
        // Rows equal the catalog's except the source, which the first load leaves out (a
        // dash; build.rs).
        for c in core_gpus() {
            let mut full = gpus().iter().find(|g| g.id == c.id).expect("a row").clone();
            assert_eq!(c.source, "-");
            full.source = c.source;
            assert_eq!(c, &full);
        }
        for c in core_models() {
            let mut full = models()
                .iter()
                .find(|m| m.id == c.id)
                .expect("a row")
                .clone();
            assert_eq!(c.source, "-");
            full.source = c.source;
            assert_eq!(c, &full);
        }
        let full_gpus: Vec<_> = gpus().iter().map(|g| (g.id, g.name)).collect();
        let full_models: Vec<_> = models().iter().map(|m| (m.id, m.name)).collect();
        assert_eq!(id_names(GPU_NAMES), full_gpus);
        assert_eq!(id_names(MODEL_NAMES), full_models);
        assert_eq!(gpu_names(), full_gpus);
        assert_eq!(model_names(), full_models);
    }

    #[test]
    fn install_takes_the_files_and_refuses_anything_else() {
        let (g, m) = (
            include_str!("../data/gpus.csv"),
            include_str!("../data/models.csv"),
        );
        assert_eq!(install(g, m), Ok(()));
        assert!(install(m, g).is_err(), "swapped");
        assert!(install("<!doctype html><p>Not found", m).is_err());
        let cut: String = m.lines().take(12).collect::<Vec<_>>().join("\n");
        assert!(install(g, &cut).is_err(), "a cut download lacks core rows");
    }

    #[test]
    fn every_model_row_parses_with_source_and_date() {
        assert_eq!(models().len(), data_rows(MODELS_CSV));
        for m in models() {
            assert!(!m.source.is_empty() && !m.date.is_empty(), "{}", m.id);
            assert!(m.arch.params_active <= m.arch.params_total, "{}", m.id);
            assert!(m.arch.params_active > 0.0, "{}", m.id);
        }
    }

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut ids: Vec<&str> = gpus().iter().map(|g| g.id).collect();
        ids.extend(models().iter().map(|m| m.id));
        for id in &ids {
            assert!(id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'));
        }
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn required_entries_exist() {
        for id in [
            "h100-sxm",
            "h100-pcie",
            "h200",
            "b200",
            "a100-sxm-80gb",
            "a100-pcie-80gb",
            "a100-sxm-40gb",
            "l40s",
            "l4",
            "a10g",
            "rtx-4090",
            "rtx-3090",
            "mi300x",
        ] {
            assert!(find_gpu(id).is_some(), "{id}");
        }
        for id in [
            "llama-3.1-8b",
            "llama-3.1-70b",
            "llama-3.1-405b",
            "llama-3.2-1b",
            "llama-3.2-3b",
            "llama-3.3-70b",
            "mistral-7b",
            "mixtral-8x7b",
            "qwen2.5-7b",
            "qwen2.5-14b",
            "qwen2.5-32b",
            "qwen3-8b",
            "qwen3-14b",
            "qwen3-32b",
            "qwen3-30b-a3b",
            "qwen3-235b-a22b",
            "gemma-2-9b",
            "gemma-2-27b",
            "gemma-3-27b",
            "deepseek-v3",
            "gpt-oss-20b",
            "gpt-oss-120b",
        ] {
            assert!(find_model(id).is_some(), "{id}");
        }
    }

    #[test]
    fn aliases_match_benchmark_spellings() {
        assert_eq!(find_gpu("H100 SXM 80GB").map(|g| g.id), Some("h100-sxm"));
        assert_eq!(
            find_gpu("A100 SXM 80GB (330W limit)").map(|g| g.id),
            Some("a100-sxm-80gb")
        );
        assert_eq!(
            find_model("Llama-3.1-8B-Instruct").map(|m| m.id),
            Some("llama-3.1-8b")
        );
        assert_eq!(
            find_model("LLaMA-2-7B (doc says 'LLaMA 7B')").map(|m| m.id),
            Some("llama-2-7b")
        );
        assert_eq!(find_model("Qwen3-8B").map(|m| m.id), Some("qwen3-8b"));
        assert!(find_model("Phi-4").is_none());
        assert!(find_gpu("").is_none());
        assert!(find_gpu("TPU v5e").is_none());
    }

    #[test]
    fn computed_parameter_counts_match_published_totals() {
        let b = |id: &str| {
            let a = &find_model(id)
                .map(|m| m.arch.clone())
                .unwrap_or_else(|| panic!("{id}"));
            (a.params_total / 1e9, a.params_active / 1e9)
        };
        let near = |x: f64, y: f64, tol: f64| (x - y).abs() <= tol;
        assert!(near(b("llama-3.1-8b").0, 8.03, 0.02));
        assert!(near(b("llama-3.1-70b").0, 70.55, 0.1));
        assert!(near(b("llama-3.1-405b").0, 405.8, 0.5));
        assert!(near(b("llama-2-7b").0, 6.74, 0.02));
        assert!(near(b("mixtral-8x7b").0, 46.7, 0.1) && near(b("mixtral-8x7b").1, 12.9, 0.1));
        assert!(near(b("qwen3-30b-a3b").0, 30.5, 0.1) && near(b("qwen3-30b-a3b").1, 3.3, 0.1));
        assert!(near(b("qwen3-235b-a22b").0, 235.1, 0.5));
        assert!(near(b("qwen3-235b-a22b").1, 22.1, 0.3));
        assert!(near(b("gemma-2-9b").0, 9.24, 0.05));
        assert!(near(b("gpt-oss-120b").0, 116.8, 0.3));
        assert!(near(b("gpt-oss-20b").0, 20.9, 0.2));
        assert!(near(b("deepseek-v3").0, 671.0, 0.1) && near(b("deepseek-v3").1, 37.0, 0.1));
    }

    #[test]
    fn csv_parser_handles_quotes_and_comments() {
        let t = "# comment\na,b\n\"x, y\",\"he said \"\"hi\"\"\"\r\n\nz,\n";
        let r = parse_csv(t);
        assert_eq!(r.len(), 3);
        assert_eq!(r[1], vec!["x, y".to_string(), "he said \"hi\"".to_string()]);
        assert_eq!(r[2], vec!["z".to_string(), String::new()]);
        assert!(parse_csv("").is_empty());
        assert_eq!(parse_csv("\"unterminated").len(), 1);
    }
}
