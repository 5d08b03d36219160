//! Times `perf::curve` for the default scenario: Llama 3.1 70B in FP8 (FP8 KV cache) on
//! 2 x H100 SXM with vLLM, 1000 input / 300 output tokens.
//!
//! Run: `cargo run -p infercost --release --example bench_curve`.

use std::time::Instant;

use infercost::catalog::{find_gpu, find_model};
use infercost::perf::{curve, Deployment, RequestShape};
use infercost::{Engine, KvPrecision, WeightPrecision};

fn main() {
    let (Some(model), Some(gpu)) = (find_model("llama-3.1-70b"), find_gpu("h100-sxm")) else {
        eprintln!("catalog entries missing");
        return;
    };
    let d = Deployment::new(
        model.arch.clone(),
        gpu.spec.clone(),
        2,
        WeightPrecision::Fp8,
        KvPrecision::Fp8,
        Engine::Vllm,
    );
    let r = RequestShape {
        input_tokens: 1000.0,
        output_tokens: 300.0,
        cached_input_share: 0.0,
    };
    let c = curve(&d, &r);
    let n = 20_000u32;
    let start = Instant::now();
    let mut sink = 0.0;
    for _ in 0..n {
        sink += std::hint::black_box(curve(std::hint::black_box(&d), &r))
            .points
            .len() as f64;
    }
    let us = start.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    println!(
        "curve: {} points, max concurrency {}, {us:.2} us per call ({sink})",
        c.points.len(),
        c.max_concurrency
    );
    // Machine-readable line for scripts/bench.mjs.
    println!("BENCH perf_curve_default_us {us:.2} us");
    for p in c.points.iter().step_by(8).chain(c.points.last()) {
        println!(
            "  c={:>4} ttft={:>7.1} ms tpot={:>6.1} ms total={:>8.0} tok/s per-user={:>6.1} tok/s {:?}",
            p.concurrency, p.ttft_s * 1e3, p.tpot_s * 1e3, p.output_tokens_per_s_total,
            p.output_tokens_per_s_per_user, p.bottleneck
        );
    }
}
