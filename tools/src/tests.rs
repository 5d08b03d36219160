//! Host tests of the worker's answers.

use super::*;

fn answers(request: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    handle(&request.to_string(), |m| {
        out.push(serde_json::from_str(&m).expect("every message is JSON"));
    });
    out
}

fn default_query() -> String {
    link::to_query(&Scenario::default())
}

#[test]
fn a_search_reports_progress_then_rows_cheapest_first_each_with_its_link() {
    let out = answers(&json!({ "op": "search", "query": default_query() }));
    let (last, progress) = out.split_last().unwrap();
    assert!(progress.len() > 10);
    assert!(progress.iter().all(|p| p["op"] == "progress"));
    let totals: Vec<u64> = progress
        .iter()
        .map(|p| p["done"].as_u64().unwrap())
        .collect();
    assert!(totals.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(last["op"], "search");
    let rows = last["rows"].as_array().unwrap();
    assert!(rows.len() >= ROWS_SENT.min(last["feasible"].as_u64().unwrap() as usize));
    // Each GPU's cheapest is there once, flagged.
    let best: Vec<&str> = rows
        .iter()
        .filter(|r| r["gpu_best"] == true)
        .map(|r| r["gpu"].as_str().unwrap())
        .collect();
    let mut unique = best.clone();
    unique.sort_unstable();
    unique.dedup();
    assert!(best.len() >= 5 && unique.len() == best.len(), "{best:?}");
    let costs: Vec<f64> = rows
        .iter()
        .map(|r| r["monthly_usd"].as_f64().unwrap())
        .collect();
    assert!(costs.windows(2).all(|w| w[0] <= w[1]));
    // The best is no dearer than the scenario as it stands.
    assert!(costs[0] <= last["current_monthly_usd"].as_f64().unwrap() + 1e-6);
    // Its link applies exactly that configuration, and the page's model agrees on its cost.
    let applied = link::from_query(rows[0]["link"].as_str().unwrap()).scenario;
    let r = infercost::evaluate::evaluate(&applied);
    let infercost::evaluate::Outcome::Compared { monthly_usd, .. } = r.verdict.outcome else {
        panic!("the best configuration is feasible");
    };
    // Costed as the search costs it: the hybrid only when it keeps replicas.
    let best = if r.hybrid.plan.replicas > 0 {
        monthly_usd[1].min(monthly_usd[2])
    } else {
        monthly_usd[1]
    };
    assert!(
        (best - costs[0]).abs() < 0.01 * costs[0],
        "{best} vs {}",
        costs[0]
    );
    // Readable names, not catalog ids.
    assert!(
        !rows[0]["gpu"].as_str().unwrap().contains('-')
            || rows[0]["gpu"].as_str().unwrap().contains(' ')
    );
    assert!(rows.iter().any(|r| r["pareto"] == true));
    assert!(last["points"].as_array().unwrap().len() >= rows.len());
}

#[test]
fn a_pasted_config_becomes_the_custom_model_and_is_checked() {
    let text = include_str!("../../model/tests/data/configs/llama-3.1-8b.json");
    let out = answers(&json!({ "op": "import", "query": default_query(), "text": text }));
    let a = &out[0];
    assert_eq!(a["op"], "import", "{a}");
    assert!(
        a["summary"]
            .as_str()
            .unwrap()
            .starts_with("llama: 32 layers"),
        "{a}"
    );
    assert!(a["check"].as_str().unwrap().contains("Llama 3.1 8B"), "{a}");
    let s = link::from_query(a["link"].as_str().unwrap()).scenario;
    let m = s.self_host.custom_model.expect("a custom model");
    assert_eq!(m.layers, 32);
}

#[test]
fn unknown_architectures_and_junk_get_a_message_never_a_number() {
    for text in [
        "",
        "{",
        "[1]",
        r#"{"model_type":"mamba"}"#,
        r#"{"model_type":"llama"}"#,
    ] {
        let out = answers(&json!({ "op": "import", "query": "", "text": text }));
        assert_eq!(out[0]["op"], "error", "{text}: {}", out[0]);
        assert!(!out[0]["message"].as_str().unwrap().is_empty());
    }
    let out = answers(&json!({ "op": "import", "text": r#"{"model_type":"mamba"}"# }));
    assert!(out[0]["message"]
        .as_str()
        .unwrap()
        .contains("unknown architecture"));
    for request in ["", "nope", "{}", r#"{"op":"format-disk"}"#] {
        let mut out = Vec::new();
        handle(request, |m| out.push(m));
        assert!(out[0].contains("\"error\""), "{request}");
    }
}

#[test]
fn a_benchmark_result_is_compared_and_offers_its_throughput() {
    // A `vllm bench serve --save-result` file's keys.
    let result = json!({
        "completed": 200, "total_input_tokens": 200_000, "total_output_tokens": 40_000,
        "max_concurrency": 32, "output_throughput": 1500.0,
        "mean_ttft_ms": 300.0, "mean_tpot_ms": 20.0,
    });
    let out = answers(&json!({
        "op": "calibrate", "query": default_query(), "text": result.to_string(),
    }));
    let a = &out[0];
    assert_eq!(a["op"], "calibrate", "{a}");
    assert_eq!(a["figures"].as_array().unwrap().len(), 3);
    let tps = a["measured_output_tokens_per_s"].as_f64().unwrap();
    let s = link::from_query(a["link"].as_str().unwrap()).scenario;
    let carried = s.self_host.measured_output_tokens_per_s.unwrap();
    assert!(
        (carried - tps).abs() <= 1e-6 * tps.max(1.0) + 0.01,
        "{carried} vs {tps}"
    );
}

#[test]
fn measurements_csv_rows_are_predicted_one_by_one() {
    let csv = "id,model,precision,gpu,gpu_count,tp,engine,engine_version,isl,osl,concurrency_or_batch,metric,value,unit,source,source_date,notes\n\
        t1,llama-3.1-8b,bf16,h100-sxm,1,1,vLLM,,128,128,1,decode_tokens_per_s_per_user,150,tok/s,https://example.org,2025-01-01,\n";
    let out = answers(&json!({ "op": "calibrate", "text": csv }));
    assert_eq!(out[0]["op"], "calibrate", "{}", out[0]);
    assert_eq!(out[0]["figures"].as_array().unwrap().len(), 1);
    assert!(out[0]["link"].is_null());
}

#[test]
fn sizes_in_names() {
    assert_eq!(size_in_name("meta-llama/Llama-3.1-8B-Instruct"), Some(8e9));
    assert_eq!(size_in_name("Qwen/Qwen3-0.6B"), Some(0.6e9));
    assert_eq!(size_in_name("mistralai/Mixtral-8x7B-v0.1"), None);
    assert_eq!(size_in_name("bigscience/bloom"), None);
    assert_eq!(size_in_name("b"), None);
    // Non-ASCII names never split a character.
    assert_eq!(size_in_name("é7B"), Some(7e9));
    assert_eq!(size_in_name("中文B"), None);
    assert_eq!(size_in_name("模型-1.5B"), Some(1.5e9));
}
