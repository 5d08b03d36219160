//! Each catalog model's own Hugging Face `config.json` (copies in `data/configs/`, sources in
//! its SOURCES.md) imported with `infercost::import` gives the catalog architecture's memory
//! and speed within 1%.
#![cfg(feature = "import")]

use infercost::catalog::{find_gpu, find_model};
use infercost::deployment::Deployment;
use infercost::import::from_config_json;
use infercost::memory::weights_bytes_total;
use infercost::perf::{curve, RequestShape};
use infercost::{Engine, KvPrecision, WeightPrecision};

const FIXTURES: [(&str, &str); 13] = [
    ("llama-3.1-8b-instruct.json", "llama-3.1-8b"),
    ("llama-3.1-8b.json", "llama-3.1-8b"),
    ("llama-3.1-70b-instruct.json", "llama-3.1-70b"),
    ("llama-3.1-70b.json", "llama-3.1-70b"),
    ("mixtral-8x7b-v0.1.json", "mixtral-8x7b"),
    ("qwen2.5-7b-instruct.json", "qwen2.5-7b"),
    ("qwen3-8b.json", "qwen3-8b"),
    ("qwen3-32b.json", "qwen3-32b"),
    ("qwen3-30b-a3b.json", "qwen3-30b-a3b"),
    ("gemma-2-9b-it.json", "gemma-2-9b"),
    ("gemma-3-27b-it.json", "gemma-3-27b"),
    ("deepseek-v3.json", "deepseek-v3"),
    ("gpt-oss-120b.json", "gpt-oss-120b"),
];

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/data/configs/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Weights in FP8, and batch-1 and loaded decode speed on 8 x H200 with vLLM at a short
/// request (big enough for every model; the same numbers the page costs from).
fn memory_and_speed(arch: &infercost::catalog::Architecture) -> [f64; 3] {
    let gpu = find_gpu("h200").unwrap().spec.clone();
    let d = Deployment::new(
        arch.clone(),
        gpu,
        8,
        WeightPrecision::Fp8,
        KvPrecision::Bf16,
        Engine::Vllm,
    );
    let r = RequestShape {
        input_tokens: 1000.0,
        output_tokens: 200.0,
        cached_input_share: 0.0,
    };
    let c = curve(&d, &r);
    [
        weights_bytes_total(arch, WeightPrecision::Fp8),
        c.points[0].output_tokens_per_s_per_user,
        c.points.last().unwrap().output_tokens_per_s_total,
    ]
}

#[test]
fn each_catalog_models_config_reproduces_its_memory_and_speed() {
    for (file, id) in FIXTURES {
        let imported = from_config_json(&fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let want = memory_and_speed(&find_model(id).unwrap().arch);
        let got = memory_and_speed(&imported.arch);
        for (what, (g, w)) in ["weights", "batch-1 tok/s", "max-load tok/s"]
            .iter()
            .zip(got.iter().zip(want))
        {
            assert!(
                (g / w - 1.0).abs() <= 0.01,
                "{file} vs {id}: {what} {g} vs {w}"
            );
        }
    }
}

#[test]
fn every_fixture_imports_and_the_phi_config_too() {
    for name in [
        "deepseek-r1.json",
        "gpt-oss-20b.json",
        "qwen2.5-7b.json",
        "phi-4.json",
    ] {
        let imported = from_config_json(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(imported.arch.params_total > 1e9, "{name}");
    }
    let phi = from_config_json(&fixture("phi-4.json")).unwrap();
    assert!(
        (phi.arch.params_total / 1e9 - 14.7).abs() < 0.3,
        "{}",
        phi.arch.params_total
    );
}
