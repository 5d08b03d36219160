//! Serving engines. Each has one stable id, which scenarios, share links, pickers, serde and
//! the CLI use; its fitted constants are in `deployment::engine_preset`.

use serde::{Deserialize, Serialize};

/// A serving engine. Its efficiency factors live in the performance model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Engine {
    /// vLLM (PagedAttention, continuous batching).
    Vllm,
    /// SGLang (RadixAttention, continuous batching).
    Sglang,
    /// NVIDIA TensorRT-LLM.
    TensorrtLlm,
    /// llama.cpp (GGUF, mostly single stream).
    LlamaCpp,
    /// Hugging Face Transformers `generate` (no continuous batching).
    Transformers,
}

impl Engine {
    /// Every engine, in display order.
    pub const ALL: [Engine; 5] = [
        Engine::Vllm,
        Engine::Sglang,
        Engine::TensorrtLlm,
        Engine::LlamaCpp,
        Engine::Transformers,
    ];

    /// Stable id used in scenarios and links.
    pub fn id(self) -> &'static str {
        match self {
            Engine::Vllm => "vllm",
            Engine::Sglang => "sglang",
            Engine::TensorrtLlm => "tensorrt-llm",
            Engine::LlamaCpp => "llama-cpp",
            Engine::Transformers => "transformers",
        }
    }

    /// Human name.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Vllm => "vLLM",
            Engine::Sglang => "SGLang",
            Engine::TensorrtLlm => "TensorRT-LLM",
            Engine::LlamaCpp => "llama.cpp",
            Engine::Transformers => "HF Transformers",
        }
    }

    /// The preset a benchmark's engine name is measured against: [`Engine::parse`], plus
    /// engines without a preset of their own mapped to the one that runs the same way.
    /// LMDeploy's TurboMind (C++, fused kernels, from FasterTransformer) maps to
    /// TensorRT-LLM; gpt-fast (PyTorch + torch.compile + CUDA graphs) maps to vLLM.
    ///
    /// ```
    /// use infercost::Engine;
    /// assert_eq!(Engine::preset_for("LMDeploy (TurboMind)"), Some(Engine::TensorrtLlm));
    /// assert_eq!(Engine::preset_for("vLLM (ROCm)"), Some(Engine::Vllm));
    /// assert_eq!(Engine::parse("LMDeploy"), None);
    /// ```
    pub fn preset_for(name: &str) -> Option<Engine> {
        let lower = name.to_ascii_lowercase();
        if lower.contains("lmdeploy") || lower.contains("turbomind") {
            return Some(Engine::TensorrtLlm);
        }
        if lower.contains("gpt-fast") {
            return Some(Engine::Vllm);
        }
        // A platform or build suffix ("vLLM (ROCm)", "SGLang (CUDA graphs off)"): the GPU
        // column says which hardware; the engine is the name before it.
        let name = name.split_once('(').map_or(name, |(engine, _)| engine);
        Engine::parse(name)
    }

    /// Looks an engine up by id or by a common spelling ("TensorRT-LLM", "llama.cpp").
    pub fn parse(s: &str) -> Option<Engine> {
        let k: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        match k.as_str() {
            "vllm" => Some(Engine::Vllm),
            "sglang" => Some(Engine::Sglang),
            "tensorrtllm" | "trtllm" | "tensorrt" => Some(Engine::TensorrtLlm),
            "llamacpp" => Some(Engine::LlamaCpp),
            "transformers" | "hftransformers" | "huggingfacetransformers" => {
                Some(Engine::Transformers)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_ids_round_trip() {
        for e in Engine::ALL {
            assert_eq!(Engine::parse(e.id()), Some(e));
            assert_eq!(Engine::parse(e.name()), Some(e));
        }
        assert_eq!(Engine::parse("TensorRT-LLM"), Some(Engine::TensorrtLlm));
        assert_eq!(Engine::parse("gpt-fast"), None);
    }
}
