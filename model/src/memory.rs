//! GPU memory of one replica, per GPU: weights, KV cache, activations, runtime workspace and
//! a fragmentation allowance; whether it fits and how many sequences fit.
//!
//! Every function is total: any finite or non-finite input gives a finite, non-negative
//! answer (inputs are clamped), never a panic. Formulas and sources: `docs/MODEL.md`.

use crate::catalog::Architecture;
use crate::deployment::{clean_tokens, engine_preset, tp_of, EnginePreset};
use crate::float::non_negative;
use crate::float::Clamp;
use crate::{KvPrecision, WeightPrecision};

pub use crate::deployment::Deployment;

use serde::{Deserialize, Serialize};

/// Memory of one GPU of a replica, in bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemoryBreakdown {
    /// This GPU's share of the weights.
    pub weights_bytes: f64,
    /// KV cache of all concurrent sequences held by this GPU.
    pub kv_cache_bytes: f64,
    /// Transient activations of one engine step (decode batch plus one prefill chunk).
    pub activations_bytes: f64,
    /// Runtime workspace: CUDA context, library workspaces, CUDA graphs, comm buffers.
    pub workspace_bytes: f64,
    /// Allowance for allocator fragmentation and partly filled KV blocks.
    pub fragmentation_bytes: f64,
    /// Sum of the above.
    pub total_bytes: f64,
    /// Physical memory of the GPU.
    pub capacity_bytes: f64,
    /// KV cache bytes per token of context, on this GPU (sliding-window layers counted
    /// as if the context were shorter than the window).
    pub kv_bytes_per_token: f64,
    /// Whether `total_bytes` fits in `capacity_bytes`.
    pub fits: bool,
}

/// Bytes per weight of the embedding matrices. Quantized checkpoints (FP8, INT8, INT4, FP4:
/// ModelOpt, AWQ/GPTQ, Qwen FP8) keep the input embedding and output head in 16-bit; a GGUF
/// file's average bits per weight already covers every tensor.
fn embedding_bytes_per_weight(p: WeightPrecision) -> f64 {
    match p {
        WeightPrecision::Gguf { .. } => p.bytes_per_weight(),
        _ => 2.0,
    }
}

/// Bytes of all weights of the model (whole replica).
///
/// `(params_total - embeddings) * bytes_per_weight + embeddings * embedding_bytes`.
pub fn weights_bytes_total(arch: &Architecture, precision: WeightPrecision) -> f64 {
    // 1e15 parameters is far beyond any model; the clamp keeps custom input finite.
    let total = non_negative(arch.params_total).min(1e15);
    let emb = non_negative(arch.params_embedding()).min(total);
    (total - emb) * precision.bytes_per_weight() + emb * embedding_bytes_per_weight(precision)
}

/// Bytes of the weights that every decode step reads no matter the routing: everything but
/// the routed experts (whole replica).
pub fn weights_bytes_shared(arch: &Architecture, precision: WeightPrecision) -> f64 {
    (weights_bytes_total(arch, precision) - routed_expert_bytes_total(arch, precision)).max(0.0)
}

/// Bytes of one routed expert in one layer.
pub fn expert_bytes(arch: &Architecture, precision: WeightPrecision) -> f64 {
    non_negative(arch.params_per_expert()).min(1e15) * precision.bytes_per_weight()
}

/// Bytes of all routed experts (whole replica).
pub fn routed_expert_bytes_total(arch: &Architecture, precision: WeightPrecision) -> f64 {
    non_negative(arch.params_routed_experts()).min(1e15) * precision.bytes_per_weight()
}

/// KV heads one GPU holds under tensor parallelism: `ceil(kv_heads / tp)`. When TP exceeds
/// the KV heads each GPU still holds one whole head (heads are replicated, not split).
pub fn kv_heads_per_gpu(arch: &Architecture, tp: u32) -> f64 {
    let kv = arch.kv_heads.max(1);
    let tp = tp.max(1);
    f64::from(kv.div_ceil(tp))
}

/// KV-cache bytes per token of context on one GPU, for a context of `context_tokens`
/// (sliding-window layers hold at most `sliding_window` tokens, so their per-token share
/// falls once the context passes the window).
///
/// - GQA/MHA: `2 (K and V) * layers * kv_heads_per_gpu * head_dim * bytes`.
/// - MLA: `layers * (kv_lora_rank + qk_rope_head_dim) * bytes`, replicated on every TP rank
///   (the latent is shared by all heads, so it cannot be split by heads).
pub fn kv_bytes_per_token(
    arch: &Architecture,
    kv: KvPrecision,
    tp: u32,
    context_tokens: f64,
) -> f64 {
    let ctx = clean_tokens(context_tokens).max(1.0);
    kv_bytes_per_sequence(arch, kv, tp, ctx) / ctx
}

/// KV-cache bytes of one sequence of `context_tokens` tokens on one GPU.
pub fn kv_bytes_per_sequence(
    arch: &Architecture,
    kv: KvPrecision,
    tp: u32,
    context_tokens: f64,
) -> f64 {
    let ctx = clean_tokens(context_tokens);
    let bytes = kv.bytes_per_element();
    let per_layer_per_token = if arch.is_mla() {
        f64::from(arch.kv_lora_rank) + f64::from(arch.qk_rope_head_dim)
    } else {
        2.0 * kv_heads_per_gpu(arch, tp) * f64::from(arch.head_dim)
    } * bytes;
    let (full_layers, sliding_layers, window) = layer_split(arch);
    per_layer_per_token * (full_layers * ctx + sliding_layers * ctx.min(window))
}

/// KV bytes one sequence of `context_tokens` tokens holds per GPU of the deployment, on
/// average: [`kv_bytes_per_sequence`], divided among the GPUs under data-parallel attention
/// (each sequence's latent lives on one GPU; [`Deployment::dp_attention`]).
pub fn kv_bytes_per_sequence_on(d: &Deployment, context_tokens: f64) -> f64 {
    let per = kv_bytes_per_sequence(&d.arch, d.kv_precision, d.gpus_per_replica, context_tokens);
    if d.dp_attention() {
        per / tp_of(d)
    } else {
        per
    }
}

/// Weight bytes one GPU of the deployment holds: an even share under tensor (and expert)
/// parallelism, plus, under data-parallel attention, the whole attention blocks on every GPU.
pub fn weights_bytes_per_gpu(d: &Deployment) -> f64 {
    d.weights_share_per_gpu(weights_bytes_total(&d.arch, d.weight_precision))
}

/// (full-attention layers, sliding-window layers, window tokens) as floats.
pub(crate) fn layer_split(arch: &Architecture) -> (f64, f64, f64) {
    let layers = f64::from(arch.layers);
    if arch.sliding_window == 0 {
        return (layers, 0.0, 0.0);
    }
    let sliding = f64::from(arch.sliding_layers.min(arch.layers));
    (layers - sliding, sliding, f64::from(arch.sliding_window))
}

/// Activations of one engine step on one GPU: the decode batch's hidden states, FFN
/// intermediates and fp32 logits, plus one prefill chunk's hidden states and FFN
/// intermediates (the engine processes prompts in chunks of `prefill_chunk_tokens`).
pub fn activations_bytes(d: &Deployment, preset: &EnginePreset, concurrent_sequences: f64) -> f64 {
    let a = &d.arch;
    let tp = tp_of(d);
    let h = f64::from(a.hidden);
    let ffn = f64::from(
        a.intermediate
            .max(a.moe_intermediate.saturating_mul(a.experts_per_token)),
    );
    let per_token = (4.0 * h + 2.0 * ffn / tp) * 2.0;
    let logits = f64::from(a.vocab) / tp * 4.0;
    let b = clean_tokens(concurrent_sequences);
    b * (per_token + logits) + clean_tokens(preset.prefill_chunk_tokens) * per_token
}

/// Memory per GPU of the deployment with `concurrent_sequences` sequences of
/// `context_tokens` tokens each.
pub fn memory_per_gpu(
    d: &Deployment,
    context_tokens: f64,
    concurrent_sequences: u32,
) -> MemoryBreakdown {
    memory_per_gpu_with(
        d,
        &engine_preset(d.engine),
        context_tokens,
        concurrent_sequences,
    )
}

/// [`memory_per_gpu`] with explicit engine constants (used by the calibration).
pub fn memory_per_gpu_with(
    d: &Deployment,
    preset: &EnginePreset,
    context_tokens: f64,
    concurrent_sequences: u32,
) -> MemoryBreakdown {
    let preset = &preset.for_gpu(&d.gpu);
    let ctx = clean_tokens(context_tokens);
    let b = f64::from(concurrent_sequences);
    let weights_bytes = weights_bytes_per_gpu(d);
    let per_seq = kv_bytes_per_sequence_on(d, ctx);
    let kv_cache_bytes = b * per_seq;
    let activations_bytes = activations_bytes(d, preset, b);
    let workspace_bytes = non_negative(preset.workspace_bytes);
    let fragmentation_bytes =
        non_negative(preset.fragmentation_share) * (kv_cache_bytes + activations_bytes);
    let total_bytes =
        weights_bytes + kv_cache_bytes + activations_bytes + workspace_bytes + fragmentation_bytes;
    let capacity_bytes = non_negative(d.gpu.memory_bytes);
    MemoryBreakdown {
        weights_bytes,
        kv_cache_bytes,
        activations_bytes,
        workspace_bytes,
        fragmentation_bytes,
        total_bytes,
        capacity_bytes,
        kv_bytes_per_token: if ctx > 0.0 { per_seq / ctx } else { 0.0 },
        fits: total_bytes <= capacity_bytes,
    }
}

/// The largest number of sequences of `context_tokens` tokens whose KV cache fits next to
/// the weights, within the engine's memory budget (`memory_utilization` of the GPU, as vLLM's
/// `gpu_memory_utilization`) and its batch limit. 0 if even the weights do not fit.
pub fn max_concurrent_sequences(d: &Deployment, context_tokens: f64) -> u32 {
    max_concurrent_sequences_with(d, &engine_preset(d.engine), context_tokens)
}

/// [`max_concurrent_sequences`] with explicit engine constants.
pub fn max_concurrent_sequences_with(
    d: &Deployment,
    preset: &EnginePreset,
    context_tokens: f64,
) -> u32 {
    let preset = &preset.for_gpu(&d.gpu);
    let budget = non_negative(d.gpu.memory_bytes) * preset.memory_utilization.clamped(0.0, 1.0);
    let fixed = memory_per_gpu_with(d, preset, context_tokens, 0);
    let frag = 1.0 + non_negative(preset.fragmentation_share);
    // The fixed prefill activations carry the fragmentation allowance too, exactly as
    // `memory_per_gpu` counts them, so the count found here always fits.
    let free =
        budget - fixed.weights_bytes - fixed.activations_bytes * frag - fixed.workspace_bytes;
    if free.is_nan() || free <= 0.0 {
        return 0;
    }
    let per_seq = kv_bytes_per_sequence_on(d, clean_tokens(context_tokens).max(1.0));
    // Under data-parallel attention each GPU schedules its own batch.
    let max_batch = crate::deployment::batch_cap(d, preset);
    // Each running sequence also adds its decode activations.
    let per_seq_total =
        (per_seq + activations_bytes(d, preset, 1.0) - activations_bytes(d, preset, 0.0)) * frag;
    if per_seq_total.is_nan() || per_seq_total <= 0.0 {
        return max_batch;
    }
    let n = (free / per_seq_total).floor();
    if !n.is_finite() || n < 1.0 {
        return 0;
    }
    (n.min(f64::from(max_batch))) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{find_gpu, find_model};
    use crate::Engine;

    fn arch(id: &str) -> Architecture {
        find_model(id)
            .map(|m| m.arch.clone())
            .unwrap_or_else(|| panic!("{id}"))
    }

    fn dep(model: &str, gpu: &str, tp: u32, w: WeightPrecision, kv: KvPrecision) -> Deployment {
        Deployment {
            arch: arch(model),
            gpu: find_gpu(gpu)
                .map(|g| g.spec.clone())
                .unwrap_or_else(|| panic!("{gpu}")),
            gpus_per_replica: tp,
            weight_precision: w,
            kv_precision: kv,
            engine: Engine::Vllm,
            efficiency_scale: 1.0,
            measured_output_tokens_per_s: None,
            tensor_parallel_attention: false,
        }
    }

    #[test]
    fn llama_3_1_8b_kv_is_128_kib_per_token() {
        // 2 (K,V) * 32 layers * 8 KV heads * 128 head_dim * 2 bytes = 131072.
        let a = arch("llama-3.1-8b");
        assert_eq!(
            kv_bytes_per_token(&a, KvPrecision::Bf16, 1, 1000.0),
            131072.0
        );
        assert_eq!(kv_bytes_per_token(&a, KvPrecision::Fp8, 1, 1000.0), 65536.0);
        // TP 2 splits the 8 heads: 4 per GPU.
        assert_eq!(
            kv_bytes_per_token(&a, KvPrecision::Bf16, 2, 1000.0),
            65536.0
        );
        // TP 16 > 8 heads: each GPU still holds one whole head.
        assert_eq!(
            kv_bytes_per_token(&a, KvPrecision::Bf16, 16, 1000.0),
            16384.0
        );
    }

    #[test]
    fn deepseek_v3_mla_kv_is_latent_plus_rope() {
        // 61 layers * (512 + 64) * 2 bytes = 70272, the same on every TP rank.
        let a = arch("deepseek-v3");
        assert_eq!(
            kv_bytes_per_token(&a, KvPrecision::Bf16, 1, 4096.0),
            70272.0
        );
        assert_eq!(
            kv_bytes_per_token(&a, KvPrecision::Bf16, 8, 4096.0),
            70272.0
        );
    }

    #[test]
    fn sliding_window_layers_cap_at_the_window() {
        // Gemma 2 9B: 21 global + 21 local (window 4096) layers, 8 KV heads, head_dim 256.
        let a = arch("gemma-2-9b");
        let per_layer = 2.0 * 8.0 * 256.0 * 2.0;
        assert_eq!(
            kv_bytes_per_sequence(&a, KvPrecision::Bf16, 1, 1000.0),
            per_layer * 42.0 * 1000.0
        );
        let long = kv_bytes_per_sequence(&a, KvPrecision::Bf16, 1, 8192.0);
        assert_eq!(long, per_layer * (21.0 * 8192.0 + 21.0 * 4096.0));
    }

    #[test]
    fn weights_by_precision() {
        let a = arch("llama-3.1-8b");
        let bf16 = weights_bytes_total(&a, WeightPrecision::Bf16);
        assert!((bf16 / 1e9 - 16.06).abs() < 0.05, "{bf16}");
        // FP8 body, 16-bit embeddings: 6.98e9 * 1 + 1.05e9 * 2.
        let fp8 = weights_bytes_total(&a, WeightPrecision::Fp8);
        assert!((fp8 / 1e9 - 9.08).abs() < 0.05, "{fp8}");
        // Q4_K_M at 4.85 bits over the whole file: 8.03e9 * 4.85 / 8 = 4.87e9 = 4.54 GiB.
        let q4 = weights_bytes_total(
            &a,
            WeightPrecision::Gguf {
                bits_per_weight: 4.85,
            },
        );
        assert!((q4 / 2f64.powi(30) - 4.54).abs() < 0.02, "{q4}");
    }

    #[test]
    fn tp_shards_weights_and_capacity_decides_fit() {
        let one = dep(
            "llama-3.1-70b",
            "h100-sxm",
            1,
            WeightPrecision::Bf16,
            KvPrecision::Bf16,
        );
        let two = dep(
            "llama-3.1-70b",
            "h100-sxm",
            2,
            WeightPrecision::Bf16,
            KvPrecision::Bf16,
        );
        let m1 = memory_per_gpu(&one, 4096.0, 1);
        let m2 = memory_per_gpu(&two, 4096.0, 1);
        assert!(!m1.fits, "141 GB of weights on one 80 GB GPU");
        assert!((m2.weights_bytes * 2.0 - m1.weights_bytes).abs() < 1.0);
        assert_eq!(max_concurrent_sequences(&one, 4096.0), 0);
        let four = dep(
            "llama-3.1-70b",
            "h100-sxm",
            4,
            WeightPrecision::Bf16,
            KvPrecision::Bf16,
        );
        assert!(max_concurrent_sequences(&four, 4096.0) > 10);
    }

    #[test]
    fn breakdown_adds_up() {
        let d = dep(
            "qwen3-30b-a3b",
            "h100-sxm",
            1,
            WeightPrecision::Fp8,
            KvPrecision::Fp8,
        );
        let m = memory_per_gpu(&d, 2000.0, 32);
        let sum = m.weights_bytes
            + m.kv_cache_bytes
            + m.activations_bytes
            + m.workspace_bytes
            + m.fragmentation_bytes;
        assert!((sum - m.total_bytes).abs() < 1.0);
        assert_eq!(m.fits, m.total_bytes <= m.capacity_bytes);
        let n = max_concurrent_sequences(&d, 2000.0);
        assert!(n > 0);
        assert!(memory_per_gpu(&d, 2000.0, n).fits);
    }
}
