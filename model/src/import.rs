//! A model's architecture from its Hugging Face `config.json` (feature `import`): what the
//! page's "import a model" and `infercost import-config` read. Every field it cannot read is
//! named; an architecture it does not know is refused, never guessed.
//!
//! Families: Llama (`llama`), Mistral (`mistral`), Mixtral (`mixtral`), Qwen 2/2.5 (`qwen2`),
//! Qwen 3 (`qwen3`), Qwen MoE (`qwen2_moe`, `qwen3_moe`), Gemma 2 (`gemma2`), Gemma 3
//! (`gemma3`, `gemma3_text`), DeepSeek-V3/R1 (`deepseek_v3`, MLA), gpt-oss (`gpt_oss`) and
//! Phi-3/4 (`phi3`).

use crate::catalog::Architecture;
use serde_json::Value;

/// The families read, as `model_type` names them.
pub const MODEL_TYPES: [&str; 13] = [
    "llama",
    "mistral",
    "mixtral",
    "qwen2",
    "qwen3",
    "qwen2_moe",
    "qwen3_moe",
    "gemma2",
    "gemma3",
    "gemma3_text",
    "deepseek_v3",
    "gpt_oss",
    "phi3",
];

/// The default the transformers config class gives `key` for `model_type`, where published
/// configs rely on it.
fn transformers_default(model_type: &str, key: &str) -> Option<u32> {
    match (model_type, key) {
        ("gemma3", "vocab_size") => Some(262_208),
        ("gemma3", "max_position_embeddings") => Some(131_072),
        _ => None,
    }
}

/// An imported architecture, with what the reader assumed.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// `model_type` of the config.
    pub model_type: String,
    /// The architecture (parameter counts computed from the dimensions).
    pub arch: Architecture,
    /// Each value the config did not give and the reader assumed, in words.
    pub notes: Vec<String>,
}

/// Reads a `config.json` text.
///
/// # Errors
/// Not JSON, not an object, an unknown `model_type` (naming the families read), or a
/// required field missing or out of range (naming it).
pub fn from_config_json(text: &str) -> Result<Imported, String> {
    let root: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let top = root.as_object().ok_or("not a JSON object")?;
    let model_type = top
        .get("model_type")
        .and_then(Value::as_str)
        .ok_or("no model_type: is this a Hugging Face config.json?")?
        .to_string();
    if !MODEL_TYPES.contains(&model_type.as_str()) {
        return Err(format!(
            "unknown architecture '{model_type}': InferCost reads {}",
            MODEL_TYPES.join(", ")
        ));
    }
    // Gemma 3's multimodal configs keep the language model under text_config.
    let c = match top.get("text_config").and_then(Value::as_object) {
        Some(text) if model_type == "gemma3" => text,
        _ => top,
    };
    let mut notes = Vec::new();
    let int = |key: &str| -> Result<u32, String> {
        c.get(key)
            .and_then(Value::as_u64)
            .filter(|v| (1..=u64::from(u32::MAX)).contains(v))
            .map(|v| v as u32)
            .ok_or_else(|| format!("{key} is missing or not a positive whole number"))
    };
    let opt = |key: &str| {
        c.get(key)
            .and_then(Value::as_u64)
            .map(|v| v.min(u64::from(u32::MAX)) as u32)
    };
    let layers = int("num_hidden_layers")?;
    let hidden = int("hidden_size")?;
    let heads = int("num_attention_heads")?;
    // Values a published config may leave to the transformers class's default (Gemma 3's
    // config.json gives neither its vocabulary nor its context length).
    let mut with_default = |key: &str| -> Result<u32, String> {
        int(key).or_else(|e| match transformers_default(&model_type, key) {
            Some(v) => {
                notes.push(format!(
                    "{key} not given: {v} (the transformers default for {model_type})"
                ));
                Ok(v)
            }
            None => Err(e),
        })
    };
    let vocab = with_default("vocab_size")?;
    let context_default = with_default("max_position_embeddings").ok();
    let kv_heads = match opt("num_key_value_heads") {
        Some(k) if k > 0 => k,
        _ => {
            notes.push(format!(
                "num_key_value_heads not given: {heads} (one per attention head)"
            ));
            heads
        }
    };
    let head_dim = match opt("head_dim") {
        Some(d) if d > 0 => d,
        _ => {
            let d = hidden / heads;
            notes.push(format!(
                "head_dim not given: hidden_size / num_attention_heads = {d}"
            ));
            d
        }
    };
    let gemma = model_type.starts_with("gemma");
    let tied = match c.get("tie_word_embeddings").and_then(Value::as_bool) {
        Some(t) => t,
        None => {
            notes.push(format!(
                "tie_word_embeddings not given: {gemma} (the transformers default for {model_type})"
            ));
            gemma
        }
    };
    let max_context = context_default.unwrap_or_else(|| {
        notes.push("max_position_embeddings not given: no context limit checked".into());
        0
    });
    let mut a = Architecture {
        layers,
        hidden,
        heads,
        kv_heads,
        head_dim,
        intermediate: opt("intermediate_size").unwrap_or(0),
        vocab,
        tied_embeddings: tied,
        max_context_tokens: max_context,
        ..Architecture::default()
    };
    let mut mla_attention = None;
    match model_type.as_str() {
        "mixtral" => {
            a.experts = int("num_local_experts")?;
            a.experts_per_token = int("num_experts_per_tok")?;
            a.moe_intermediate = int("intermediate_size")?;
        }
        "qwen2_moe" | "qwen3_moe" => {
            a.experts = int("num_experts")?;
            a.experts_per_token = int("num_experts_per_tok")?;
            a.moe_intermediate = int("moe_intermediate_size")?;
            let dense = c
                .get("mlp_only_layers")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            if opt("decoder_sparse_step").unwrap_or(1) != 1 {
                return Err(
                    "decoder_sparse_step other than 1 (MoE on some layers only) is not read".into(),
                );
            }
            a.dense_layers = dense.min(layers as usize) as u32;
            if let Some(shared) = opt("shared_expert_intermediate_size").filter(|s| *s > 0) {
                // Qwen2-MoE's shared expert, counted in units of a routed expert.
                a.shared_experts = shared.div_ceil(a.moe_intermediate.max(1));
                notes.push(format!(
                    "shared expert of {shared} read as {} routed-expert sizes",
                    a.shared_experts
                ));
            }
        }
        "deepseek_v3" => {
            a.experts = int("n_routed_experts")?;
            a.experts_per_token = int("num_experts_per_tok")?;
            a.shared_experts = opt("n_shared_experts").unwrap_or(0);
            a.moe_intermediate = int("moe_intermediate_size")?;
            a.dense_layers = opt("first_k_dense_replace").unwrap_or(0).min(layers);
            a.kv_lora_rank = int("kv_lora_rank")?;
            a.qk_rope_head_dim = int("qk_rope_head_dim")?;
            let nope = int("qk_nope_head_dim")?;
            let v = int("v_head_dim")?;
            let q_lora = opt("q_lora_rank").unwrap_or(0);
            a.head_dim = nope
                .checked_add(a.qk_rope_head_dim)
                .ok_or("qk_nope_head_dim + qk_rope_head_dim is out of range")?;
            let [h, n, r, kv, q] =
                [hidden, heads, a.qk_rope_head_dim, a.kv_lora_rank, q_lora].map(f64::from);
            let [nope, v] = [nope, v].map(f64::from);
            let q_proj = if q > 0.0 {
                h * q + q * n * (nope + r)
            } else {
                h * n * (nope + r)
            };
            mla_attention = Some(q_proj + h * (kv + r) + kv * n * (nope + v) + n * v * h);
        }
        "gpt_oss" => {
            a.experts = int("num_local_experts")?;
            a.experts_per_token = opt("num_experts_per_tok")
                .or_else(|| opt("experts_per_token"))
                .ok_or("num_experts_per_tok is missing")?;
            a.moe_intermediate = int("intermediate_size")?;
        }
        _ => {}
    }
    // Sliding-window attention: on the layers the config names, else on all of them.
    let window = opt("sliding_window").filter(|w| *w > 0);
    let uses_window = match model_type.as_str() {
        "qwen2" | "qwen3" | "qwen2_moe" | "qwen3_moe" => {
            c.get("use_sliding_window").and_then(Value::as_bool) == Some(true)
        }
        _ => true,
    };
    if let (Some(w), true) = (window, uses_window) {
        let sliding = if let Some(types) = c.get("layer_types").and_then(Value::as_array) {
            types
                .iter()
                .filter(|t| t.as_str() == Some("sliding_attention"))
                .count() as u32
        } else {
            match model_type.as_str() {
                "gemma2" => layers / 2,
                "gemma3" | "gemma3_text" => {
                    let pattern = opt("sliding_window_pattern").unwrap_or(6).max(1);
                    layers - layers / pattern
                }
                _ => layers,
            }
        };
        if max_context == 0 || w < max_context {
            a.sliding_window = w;
            a.sliding_layers = sliding.min(layers);
        }
    }
    if a.intermediate == 0 && a.experts == 0 {
        return Err("intermediate_size is missing or not a positive whole number".into());
    }
    let (mut total, mut active) = a.computed_params();
    if let Some(mla) = mla_attention {
        // Replace the GQA attention estimate with MLA's low-rank projections.
        let gqa = 2.0 * f64::from(hidden) * f64::from(heads) * f64::from(a.head_dim)
            + 2.0 * f64::from(hidden) * f64::from(kv_heads) * f64::from(a.head_dim);
        let delta = f64::from(layers) * (mla - gqa);
        total += delta;
        active += delta;
    }
    a.params_total = total;
    a.params_active = active;
    if !crate::scenario::architecture_is_sane(&a) {
        return Err("the architecture's numbers are out of range".into());
    }
    Ok(Imported {
        model_type,
        arch: a,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_architectures_and_bad_files_are_refused_with_a_reason() {
        assert!(from_config_json("not json")
            .unwrap_err()
            .starts_with("not JSON"));
        assert!(from_config_json("[]").unwrap_err().contains("object"));
        let e = from_config_json(r#"{"model_type": "mamba"}"#).unwrap_err();
        assert!(
            e.contains("unknown architecture 'mamba'") && e.contains("llama"),
            "{e}"
        );
        let e =
            from_config_json(r#"{"model_type": "llama", "num_hidden_layers": 32}"#).unwrap_err();
        assert!(e.contains("hidden_size"), "{e}");
    }

    #[test]
    fn a_llama_config_reads_as_the_catalog_architecture() {
        let text = r#"{"architectures":["LlamaForCausalLM"],"hidden_size":4096,"intermediate_size":14336,
            "max_position_embeddings":131072,"model_type":"llama","num_attention_heads":32,
            "num_hidden_layers":32,"num_key_value_heads":8,"tie_word_embeddings":false,"vocab_size":128256}"#;
        let got = from_config_json(text).unwrap();
        let want = &crate::catalog::find_model("llama-3.1-8b").unwrap().arch;
        assert_eq!(got.arch, *want);
        assert_eq!(
            got.notes,
            ["head_dim not given: hidden_size / num_attention_heads = 128"]
        );
    }
}
