//! Property tests of the physics: monotone where physics says so, and total (no panic, NaN or
//! infinity) for any finite input in range.

use infercost::catalog::{gpus, models};
use infercost::memory::{kv_bytes_per_sequence, max_concurrent_sequences, memory_per_gpu};
use infercost::perf::{curve, decode_step, engine_preset, prefill_step, Deployment, RequestShape};
use infercost::{Engine, KvPrecision, WeightPrecision};
use proptest::prelude::*;

fn deployment(m: usize, g: usize, tp: u32, w: usize, kv: usize, e: usize) -> Deployment {
    let model = &models()[m % models().len()];
    let gpu = &gpus()[g % gpus().len()];
    let precisions = [
        WeightPrecision::Bf16,
        WeightPrecision::Fp8,
        WeightPrecision::Int4,
        WeightPrecision::Fp4,
        WeightPrecision::Gguf {
            bits_per_weight: 4.85,
        },
    ];
    Deployment::new(
        model.arch.clone(),
        gpu.spec.clone(),
        tp,
        precisions[w % precisions.len()],
        KvPrecision::ALL[kv % KvPrecision::ALL.len()],
        Engine::ALL[e % Engine::ALL.len()],
    )
}

fn finite(x: f64) -> bool {
    x.is_finite() && x >= 0.0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn memory_is_monotone_in_context_and_batch(
        m in 0usize..64, g in 0usize..64, tp in 1u32..9, w in 0usize..5, kv in 0usize..4, e in 0usize..5,
        ctx in 1.0f64..200_000.0, extra in 0.0f64..50_000.0, b in 0u32..512, db in 0u32..512,
    ) {
        let d = deployment(m, g, tp, w, kv, e);
        let a = memory_per_gpu(&d, ctx, b);
        prop_assert!(memory_per_gpu(&d, ctx + extra, b).total_bytes >= a.total_bytes);
        prop_assert!(memory_per_gpu(&d, ctx, b + db).total_bytes >= a.total_bytes);
        prop_assert!(finite(a.total_bytes));
        let sum = a.weights_bytes + a.kv_cache_bytes + a.activations_bytes + a.workspace_bytes + a.fragmentation_bytes;
        prop_assert!((sum - a.total_bytes).abs() <= 1e-6 * a.total_bytes.max(1.0));
        prop_assert_eq!(a.fits, a.total_bytes <= a.capacity_bytes);
        prop_assert!(kv_bytes_per_sequence(&d.arch, d.kv_precision, tp, ctx + extra)
            >= kv_bytes_per_sequence(&d.arch, d.kv_precision, tp, ctx));
    }

    #[test]
    fn max_concurrency_fits_and_shrinks_with_context(
        m in 0usize..64, g in 0usize..64, tp in 1u32..9, w in 0usize..5, e in 0usize..5,
        ctx in 1.0f64..100_000.0, extra in 0.0f64..100_000.0,
    ) {
        let d = deployment(m, g, tp, w, 0, e);
        let n = max_concurrent_sequences(&d, ctx);
        prop_assert!(max_concurrent_sequences(&d, ctx + extra) <= n);
        if n > 0 {
            prop_assert!(memory_per_gpu(&d, ctx, n).fits);
        }
    }

    #[test]
    fn step_time_is_monotone_in_context_and_batch(
        m in 0usize..64, g in 0usize..64, tp in 1u32..9, w in 0usize..5, e in 0usize..5,
        ctx in 0.0f64..100_000.0, extra in 0.0f64..100_000.0, b in 1.0f64..1024.0, db in 0.0f64..1024.0,
    ) {
        let d = deployment(m, g, tp, w, 0, e);
        let p = engine_preset(d.engine);
        let s = decode_step(&d, &p, b, ctx).total_s;
        prop_assert!(s.is_finite() && s > 0.0);
        prop_assert!(decode_step(&d, &p, b, ctx + extra).total_s >= s);
        prop_assert!(decode_step(&d, &p, b + db, ctx).total_s >= s);
        prop_assert!(prefill_step(&d, &p, ctx + extra, 0.0).total_s >= prefill_step(&d, &p, ctx, 0.0).total_s);
    }

    #[test]
    fn more_bandwidth_or_flops_is_never_slower(
        m in 0usize..64, g in 0usize..64, tp in 1u32..9, w in 0usize..5, e in 0usize..5,
        ctx in 0.0f64..50_000.0, b in 1.0f64..512.0, bw in 1.0f64..4.0, fl in 1.0f64..4.0,
    ) {
        let d = deployment(m, g, tp, w, 0, e);
        let p = engine_preset(d.engine);
        let mut faster = d.clone();
        faster.gpu.mem_bandwidth_bytes_per_s *= bw;
        faster.gpu.boost_clock_hz *= bw;
        faster.gpu.bf16_flops *= fl;
        faster.gpu.fp8_flops = faster.gpu.fp8_flops.map(|x| x * fl);
        faster.gpu.int8_ops = faster.gpu.int8_ops.map(|x| x * fl);
        faster.gpu.fp4_flops = faster.gpu.fp4_flops.map(|x| x * fl);
        faster.gpu.fp16_acc16_flops = faster.gpu.fp16_acc16_flops.map(|x| x * fl);
        prop_assert!(decode_step(&faster, &p, b, ctx).total_s <= decode_step(&d, &p, b, ctx).total_s * (1.0 + 1e-12));
        prop_assert!(prefill_step(&faster, &p, ctx, 0.0).total_s <= prefill_step(&d, &p, ctx, 0.0).total_s * (1.0 + 1e-12));
    }

    #[test]
    fn curves_are_finite_for_any_input(
        m in 0usize..64, g in 0usize..64, tp in 0u32..20, w in 0usize..5, kv in 0usize..4, e in 0usize..5,
        isl in prop::num::f64::ANY, osl in prop::num::f64::ANY, cached in prop::num::f64::ANY,
        scale in prop::num::f64::ANY, measured in prop::option::of(prop::num::f64::ANY),
    ) {
        let mut d = deployment(m, g, tp, w, kv, e);
        d.efficiency_scale = scale;
        d.measured_output_tokens_per_s = measured;
        let r = RequestShape { input_tokens: isl, output_tokens: osl, cached_input_share: cached };
        let c = curve(&d, &r);
        prop_assert!(c.points.len() <= 64);
        for p in &c.points {
            prop_assert!(finite(p.ttft_s) && finite(p.tpot_s) && finite(p.output_tokens_per_s_total));
            prop_assert!(finite(p.output_tokens_per_s_per_user) && finite(p.requests_per_s));
        }
        let mem = memory_per_gpu(&d, isl, 3);
        prop_assert!(finite(mem.total_bytes));
    }
}
