#[test]
fn a_question_mark_inside_a_bare_query_is_data() {
    let d = from_query("v=1&rpm=5000000&ref=a?b");
    assert_eq!(d.scenario.workload.requests_per_month, 5_000_000.0);
    let d = from_query("https://x.test/calc/?v=1&rpm=7000000#top");
    assert_eq!(d.scenario.workload.requests_per_month, 7_000_000.0);
    let d = from_query("?rpm=6000000");
    assert_eq!(d.scenario.workload.requests_per_month, 6_000_000.0);
}

use super::*;
use crate::catalog::{gpus, models};
use crate::float::parse_f64;
use crate::prices::{api_prices, gpu_prices};
use crate::scenario;
use proptest::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

fn clean(q: &str) -> Scenario {
    let d = from_query(q);
    assert!(d.warnings.is_empty(), "{q}: {:?}", d.warnings);
    assert_eq!(d.newer_version, None);
    d.scenario
}

#[test]
fn today_defaults_are_the_frozen_v2_defaults() {
    // If this fails, the defaults changed: keep v1_defaults() and v2_defaults() as they are
    // (old links must decode the same) and start link version 3 with the new defaults.
    assert_eq!(Scenario::default(), v2_defaults());
    assert_ne!(v1_defaults(), v2_defaults());
}

#[test]
fn default_scenario_is_v_2_and_v1_links_keep_their_defaults() {
    assert_eq!(to_query(&Scenario::default()), "v=2");
    assert_eq!(clean("v=2"), v2_defaults());
    assert_eq!(clean("v=1"), v1_defaults());
    // No version: a link from before versions were written, version 1.
    assert_eq!(clean(""), v1_defaults());
    assert_eq!(clean("?"), v1_defaults());
    // A version-1 link's values are read against the version-1 defaults, and written again
    // as version 2 with every value that differs from the version-2 defaults.
    let old = clean("v=1&out=900");
    let mut want = v1_defaults();
    want.workload.output_tokens = 900.0;
    assert_eq!(old, want);
    assert_eq!(clean(&to_query(&old)), want);
}

#[test]
fn pins_round_trip_and_reject_other_letters() {
    let mut s = Scenario::default();
    s.pins.api = true;
    s.pins.gpu_price = true;
    assert_eq!(to_query(&s), "v=2&pins=ag");
    assert_eq!(clean("v=2&pins=ag"), s);
    assert_eq!(clean("v=2&pins="), Scenario::default());
    let d = from_query("v=2&pins=x");
    assert_eq!(d.warnings.len(), 1);
    assert_eq!(d.scenario, Scenario::default());
}

#[test]
fn missing_version_is_v1() {
    let s = clean("out=900");
    assert_eq!(s.workload.output_tokens, 900.0);
}

#[test]
fn newer_version_loads_what_it_can() {
    let d = from_query("v=3&out=900&newkey=7");
    assert_eq!(d.newer_version, Some(3));
    assert_eq!(d.scenario.workload.output_tokens, 900.0);
    assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
    assert!(d.warnings[0].contains("newer version"));
    assert_eq!(
        d.warnings[1],
        "ignored an unknown key (its name is not shown)"
    );
}

#[test]
fn bad_version_is_read_as_v1() {
    for v in ["0", "abc", "1.5", "-2", "1e400", ""] {
        let d = from_query(&format!("v={v}&out=900"));
        assert_eq!(d.newer_version, None);
        assert_eq!(d.scenario.workload.output_tokens, 900.0);
        assert_eq!(d.warnings.len(), 1, "{v}: {:?}", d.warnings);
    }
}

#[test]
fn urls_and_fragments() {
    for q in [
        "v=1&out=900",
        "?v=1&out=900",
        "https://infercost.example/calc?v=1&out=900#results",
        "  /?out=900&embed=1&theme=dark \n",
    ] {
        assert_eq!(clean(q).workload.output_tokens, 900.0, "{q}");
    }
    assert_eq!(clean("https://infercost.example/"), v1_defaults());
    assert_eq!(clean("https://infercost.example/#out=900"), v1_defaults());
}

#[test]
fn page_keys_and_empty_pairs_are_silent() {
    let s = clean("&&v=1&&embed=1&theme=light&embed&");
    assert_eq!(s, v1_defaults());
}

#[test]
fn each_invalid_value_falls_back_on_its_own() {
    let q = "v=1&rpm=NaN&in=inf&out=1e400&users=-5&util=7&gpr=1.5&m=nope&g=nope\
             &dp=weekly&wp=gguf-99&mtps=0&cm=1,2&cg=x&vm=USERS&bill=&engine=gpt-fast\
             &kv=fp3&cache=0.2&pout=2.5";
    let d = from_query(q);
    assert_eq!(d.warnings.len(), 17, "{:#?}", d.warnings);
    let mut want = v1_defaults();
    want.workload.cached_input_share = 0.2;
    want.api.output_usd_per_mtok = 2.5;
    assert_eq!(d.scenario, want);
    for key in [
        "rpm", "in", "out", "users", "util", "gpr", "m", "g", "dp", "wp", "mtps",
    ] {
        let named = |w: &&String| {
            w.strip_prefix("ignored ")
                .and_then(|w| w.strip_prefix(key))
                .is_some_and(|rest| rest.starts_with([':', '=']))
        };
        assert!(d.warnings.iter().any(|w| named(&w)), "{key}");
    }
    let util = d.warnings.iter().find(|w| w.contains("util")).unwrap();
    assert_eq!(
        util,
        "ignored util=\"7\": above the maximum 1; using the default \"0.7\""
    );
}

#[test]
fn unknown_keys_are_ignored_with_a_warning() {
    let d = from_query("v=1&foo=1&RPM=5&out=900");
    assert_eq!(d.scenario.workload.output_tokens, 900.0);
    assert_eq!(d.scenario.workload.requests_per_month, 1e7);
    assert_eq!(d.warnings.len(), 2);
    // Neither is named: a key could carry the link author's words.
    assert!(d
        .warnings
        .iter()
        .all(|w| w == "ignored an unknown key (its name is not shown)"));
}

#[test]
fn duplicate_keys_last_wins() {
    let d = from_query("out=100&out=200");
    assert_eq!(d.scenario.workload.output_tokens, 200.0);
    assert_eq!(d.warnings.len(), 1);
    // The last one wins even when it is invalid.
    let d = from_query("out=100&out=abc");
    assert_eq!(d.scenario.workload.output_tokens, 350.0);
    assert_eq!(d.warnings.len(), 2);
}

#[test]
fn too_long_input_is_ignored_entirely() {
    let long = format!("out=900&x={}", "a".repeat(MAX_INPUT_CHARS));
    let d = from_query(&long);
    assert_eq!(d.scenario, Scenario::default());
    assert_eq!(d.warnings.len(), 1);
    // Exactly the limit is read.
    let pad = MAX_INPUT_CHARS - "out=900&embed=".len();
    let at_limit = format!("out=900&embed={}", "a".repeat(pad));
    assert_eq!(at_limit.chars().count(), MAX_INPUT_CHARS);
    assert_eq!(clean(&at_limit).workload.output_tokens, 900.0);
}

#[test]
fn warnings_are_capped() {
    let q: Vec<String> = (0..100).map(|i| format!("k{i}=1")).collect();
    let d = from_query(&q.join("&"));
    assert_eq!(d.warnings.len(), MAX_WARNINGS + 1);
    assert_eq!(
        d.warnings[MAX_WARNINGS],
        "and 80 more problems with this link"
    );
}

#[test]
fn warnings_quote_escape_and_cut_values() {
    let d = from_query("m=%3Cscript%3Ealert(1)%3C%2Fscript%3E%0A%22&in=");
    assert_eq!(d.warnings.len(), 2);
    let w = &d.warnings[1];
    assert_eq!(
        w,
        "ignored m: unknown model id; using the default \"llama-3.1-70b\""
    );
    let long = "9".repeat(500);
    let d = from_query(&format!("out={long}"));
    assert!(d.warnings[0].len() < 150, "{}", d.warnings[0]);
    // What is quoted is escaped, cut and kept on one line.
    assert_eq!(
        quote("a\"b\\c\nd\u{202E}"),
        "\"a\\\"b\\\\c\u{FFFD}d\u{FFFD}\""
    );
    assert_eq!(quote(&"x".repeat(50)), format!("\"{}...\"", "x".repeat(40)));
}

#[test]
fn percent_encoding() {
    assert_eq!(
        percent_encode("together:meta-llama/x y+z~"),
        "together%3Ameta-llama%2Fx%20y%2Bz~"
    );
    assert_eq!(percent_decode("%41%62%2f+").as_deref(), Some("Ab/+"));
    for bad in ["%", "%4", "%G1", "%%", "a%zz", "%C3%28", "%FF%FE"] {
        assert_eq!(percent_decode(bad), None, "{bad}");
    }
    assert_eq!(percent_decode("%C3%A9").as_deref(), Some("é"));
    // An encoded key works; a bad escape is an invalid value, not a panic.
    assert_eq!(clean("%72pm=5e6").workload.requests_per_month, 5e6);
    let d = from_query("out=9%&rpm=%zz&%=1");
    assert_eq!(d.warnings.len(), 3, "{:?}", d.warnings);
    assert_eq!(d.scenario, v1_defaults());
}

#[test]
fn ids_are_checked_and_canonical() {
    let s = clean("m=meta-llama%2FLlama-3.1-8B-Instruct&g=H100%20PCIe");
    assert_eq!(s.self_host.model_id, "llama-3.1-8b");
    assert_eq!(s.self_host.gpu_id, "h100-pcie");
    let s = clean("ap=OPENAI%3Agpt-4o-mini&gp=custom");
    assert_eq!(s.api.price_id, "openai:gpt-4o-mini");
    assert_eq!(s.self_host.gpu_price_id, "custom");
    // Decoding never applies a catalog price: ids are labels.
    assert_eq!(s.api.input_usd_per_mtok, 0.88);
}

#[test]
fn unknown_price_ids_become_custom_and_keep_prices() {
    let d = from_query("ap=acme%3Afoo&pin=3&gp=nope&gph=2");
    assert_eq!(d.warnings.len(), 2);
    assert_eq!(d.scenario.api.price_id, "custom");
    assert_eq!(d.scenario.api.input_usd_per_mtok, 3.0);
    assert_eq!(d.scenario.self_host.gpu_price_id, "custom");
    assert_eq!(d.scenario.self_host.gpu_usd_per_hour, 2.0);
}

#[test]
fn weight_precisions() {
    for (q, want) in [
        ("wp=bf16", WeightPrecision::Bf16),
        ("wp=int4", WeightPrecision::Int4),
        ("wp=w8a16", WeightPrecision::Int8WeightOnly),
        (
            "wp=gguf-4.85",
            WeightPrecision::Gguf {
                bits_per_weight: 4.85,
            },
        ),
        (
            "wp=Q4_K_M",
            WeightPrecision::Gguf {
                bits_per_weight: 4.85,
            },
        ),
        (
            "wp=gguf-1",
            WeightPrecision::Gguf {
                bits_per_weight: 1.0,
            },
        ),
        (
            "wp=gguf-32",
            WeightPrecision::Gguf {
                bits_per_weight: 32.0,
            },
        ),
    ] {
        assert_eq!(clean(q).self_host.weight_precision, want, "{q}");
    }
    for bad in ["wp=gguf-0.5", "wp=gguf-NaN", "wp=gguf-", "wp=fp9"] {
        assert_eq!(from_query(bad).warnings.len(), 1, "{bad}");
    }
    let mut s = Scenario::default();
    s.self_host.weight_precision = WeightPrecision::Gguf {
        bits_per_weight: 5.69,
    };
    assert_eq!(to_query(&s), "v=2&wp=gguf-5.69");
}

#[test]
fn custom_model_and_gpu() {
    let mut s = v1_defaults();
    s.self_host.custom_model = Some(models()[0].arch.clone());
    s.self_host.custom_gpu = Some(GpuSpec::custom(48.0, 0.864, 181.0));
    s.self_host.measured_output_tokens_per_s = Some(2500.0);
    let q = to_query(&s);
    assert!(
        q.contains("&cm=") && q.contains("&cg=") && q.contains("&mtps=2500"),
        "{q}"
    );
    assert!(!q.contains("%2C"), "{q}");
    assert_eq!(clean(&q), s);
    // Commas may also arrive encoded.
    assert_eq!(clean(&q.replace(',', "%2C")), s);
    // Wrong counts or numbers reject the whole value, on its own.
    for bad in [
        "cm=1,2,3",
        "cm=8e9,8e9,32,4096,32,8,128,14336,0,0,0,0,0,0,0,0,0,128256,2,131072",
        "cm=8e9,9e9,32,4096,32,8,128,14336,0,0,0,0,0,0,0,0,0,128256,0,131072",
        "cm=8e9,8e9,0,4096,32,8,128,14336,0,0,0,0,0,0,0,0,0,128256,0,131072",
        "cm=8e9,8e9,32.5,4096,32,8,128,14336,0,0,0,0,0,0,0,0,0,128256,0,131072",
        "cg=8e10,1e12,1e14,,,,3.2e10,,hbm,0",
        "cg=8e10,1e12,1e14,,,,3.2e10,,sram,0,0",
        "cg=8e10,1e12,0,,,,3.2e10,,hbm,0,0",
        "cg=8e10,1e12,1e14,,,,3.2e10,,hbm,0,-1",
        "cg=8e10,1e12,1e14,NaN,,,3.2e10,,hbm,0,0",
    ] {
        let d = from_query(&format!("{bad}&out=900"));
        assert_eq!(d.warnings.len(), 1, "{bad}: {:?}", d.warnings);
        assert_eq!(d.scenario.workload.output_tokens, 900.0);
        assert_eq!(d.scenario.self_host.custom_model, None);
        assert_eq!(d.scenario.self_host.custom_gpu, None);
    }
    let ok = clean("cm=8e9,8e9,32,4096,32,8,128,14336,0,0,0,0,0,0,0,0,0,128256,0,131072");
    assert_eq!(ok.self_host.custom_model.unwrap().layers, 32);
    let g = clean("cg=8e10,1e12,1e14,2e14,,,3.2e10,,gddr,128,2.5e9");
    let g = g.self_host.custom_gpu.unwrap();
    assert_eq!(
        (g.fp8_flops, g.int8_ops, g.memory_kind),
        (Some(2e14), None, MemoryKind::Gddr)
    );
}

#[test]
fn to_query_writes_the_sanitized_scenario() {
    let mut s = Scenario::default();
    s.workload.input_tokens = f64::NAN;
    s.workload.output_tokens = 900.0;
    assert_eq!(to_query(&s), "v=2&out=900");
}

#[test]
fn display_alone_is_not_exact_with_parse_f64() {
    // Why format_f64 exists: the crate's small parser rounds some 17-digit decimals
    // one ulp off, so `{}` alone would not round-trip.
    let v = 39.430133835633676f64;
    assert_ne!(parse_f64(&format!("{v}")), Some(v));
    assert_eq!(parse_num(&format_f64(v)), Some(v));
    assert!(format_f64(v).contains('p') || format_f64(v).contains('e'));
}

#[test]
fn number_forms() {
    for (v, s) in [
        (0.0, "0"),
        (2.0, "2"),
        (0.7, "0.7"),
        (1e11, "100000000000"),
        (1e12, "1e12"),
        (1e-7, "0.0000001"),
        (1.5e-20, "1.5e-20"),
        (2.5e-5, "0.000025"),
        (0.30000000000000004, "0.30000000000000004"),
    ] {
        assert_eq!(format_f64(v), s);
        assert_eq!(parse_num(s), Some(v));
    }
    for v in [
        f64::MIN_POSITIVE,
        f64::MAX,
        f64::EPSILON,
        5e-324,
        f64::from_bits(0x000F_FFFF_FFFF_FFFF), // largest subnormal
        1.7976931348623155e308,
        -0.0,
        -39.430133835633676,
        123456789.12345679,
    ] {
        let s = format_f64(v);
        assert_eq!(
            parse_num(&s).map(f64::to_bits),
            Some(v.to_bits()),
            "{v} {s}"
        );
    }
    for bad in [
        "1p2000",
        "9007199254740993p0",
        "p5",
        "1p",
        "1.5p3",
        "1p-1075",
        "--1p1",
        "1p+-1",
        "1e400",
        "NaN",
        "inf",
    ] {
        assert_eq!(parse_num(bad), None, "{bad}");
    }
    assert_eq!(parse_num("3p-1"), Some(1.5));
    assert_eq!(parse_num("-3p+2"), Some(-12.0));
}

#[test]
fn keys_are_unique_and_cover_every_field() {
    let mut k: Vec<&str> = Key::all().iter().map(|k| k.as_str()).collect();
    k.sort_unstable();
    k.dedup();
    assert_eq!(k.len(), Key::all().len());
    for f in scenario::fields() {
        let key = Key::parse(f.key).expect("every numeric field has a key");
        assert_eq!(key.path(), f.name);
    }
    let numeric = Key::all().iter().filter(|k| k.field().is_some()).count();
    assert_eq!(numeric, scenario::fields().len());
    for key in Key::all() {
        assert!(!key.path().is_empty(), "{key:?}");
        assert!(!key.value_format().is_empty(), "{key:?}");
        assert_eq!(Key::parse(key.as_str()), Some(key));
        assert!(!PAGE_KEYS.contains(&key.as_str()));
    }
}

#[test]
fn docs_carry_the_key_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/MODEL.md");
    let doc = std::fs::read_to_string(path).expect("docs/MODEL.md");
    assert!(
        doc.contains(&key_table_markdown()),
        "docs/MODEL.md must contain link::key_table_markdown():\n{}",
        key_table_markdown()
    );
    assert!(doc.contains(&CUSTOM_MODEL_FIELDS.join(", ")));
    assert!(doc.contains(&CUSTOM_GPU_FIELDS.join(", ")));
}

// ---- Property tests ----

/// A value for field `f`: uniform, log-uniform, 3 significant digits, any double in
/// range (from raw bits: every exponent), or the default.
fn field_value(f: &FieldSpec, sel: u8, x: f64, bits: u64) -> f64 {
    let uniform = f.min + x * (f.max - f.min);
    let v = match sel % 5 {
        0 => uniform,
        1 => {
            let lo = f.min.max(1e-3);
            (lo.ln() + x * (f.max.ln() - lo.ln())).exp()
        }
        2 => {
            let p = 10f64.powi(uniform.abs().log10().floor() as i32 - 2);
            if p.is_finite() && p > 0.0 {
                (uniform / p).round() * p
            } else {
                uniform
            }
        }
        3 => {
            let b = f64::from_bits(bits).abs();
            if b.is_finite() && b >= f.min && b <= f.max {
                b
            } else {
                uniform
            }
        }
        _ => f.default,
    };
    let v = if f.integer { v.round() } else { v };
    v.clamp(f.min, f.max)
}

/// Any double in (0, max]: mostly scaled uniform, or any exponent from raw bits.
fn positive(max: f64) -> impl Strategy<Value = f64> {
    (any::<bool>(), 1e-9f64..1.0, any::<u64>()).prop_map(move |(raw, x, bits)| {
        let b = f64::from_bits(bits).abs();
        if raw && b.is_finite() && b > 0.0 && b <= max {
            b
        } else {
            x * max
        }
    })
}

fn architecture() -> impl Strategy<Value = Architecture> {
    (
        positive(1e14),
        0.0f64..=1.0,
        prop::collection::vec(0u32..10_000_000, 15),
        0u32..100_000_000,
        any::<bool>(),
        any::<u32>(),
    )
        .prop_map(|(total, share, c, vocab, tied, ctx)| {
            let active = (total * share).max(total * 1e-6).min(total);
            let experts = c[6];
            Architecture {
                params_total: total,
                params_active: if active > 0.0 { active } else { total },
                layers: c[0].max(1),
                hidden: c[1].max(1),
                heads: c[2].max(1),
                kv_heads: c[3].max(1),
                head_dim: c[4].max(1),
                intermediate: c[5],
                experts,
                experts_per_token: c[7] % (experts.max(1) + 1),
                shared_experts: c[8],
                moe_intermediate: c[9],
                dense_layers: c[10],
                kv_lora_rank: c[11],
                qk_rope_head_dim: c[12],
                sliding_window: c[13],
                sliding_layers: c[14],
                vocab,
                tied_embeddings: tied,
                max_context_tokens: ctx,
            }
        })
}

fn gpu() -> impl Strategy<Value = GpuSpec> {
    (
        (
            positive(1e14),
            positive(1e15),
            positive(1e18),
            positive(1e15),
        ),
        prop::collection::vec(prop::option::of(positive(1e18)), 4),
        0usize..3,
        any::<u32>(),
        prop_oneof![Just(0.0), 0.0f64..1e10],
        0usize..3,
    )
        .prop_map(|(r, o, kind, sm, clock, stack)| GpuSpec {
            memory_bytes: r.0,
            mem_bandwidth_bytes_per_s: r.1,
            bf16_flops: r.2,
            interconnect_bytes_per_s: r.3,
            fp8_flops: o[0],
            int8_ops: o[1],
            fp4_flops: o[2],
            fp16_acc16_flops: o[3],
            memory_kind: [MemoryKind::Hbm, MemoryKind::Gddr, MemoryKind::Unified][kind],
            sm_count: sm,
            boost_clock_hz: clock,
            stack: [
                crate::catalog::Stack::Cuda,
                crate::catalog::Stack::Rocm,
                crate::catalog::Stack::Metal,
            ][stack],
        })
}

fn weight_precision() -> impl Strategy<Value = WeightPrecision> {
    prop_oneof![
        (0usize..WeightPrecision::FIXED.len()).prop_map(|i| WeightPrecision::FIXED[i]),
        (1.0f64..=32.0).prop_map(|b| WeightPrecision::Gguf { bits_per_weight: b }),
        (0usize..4).prop_map(|i| WeightPrecision::Gguf {
            bits_per_weight: [4.85, 5.69, 8.5, 16.0][i]
        }),
    ]
}

/// Any valid scenario: every number anywhere in its range (any precision), any enum,
/// any catalog id, price ids from the catalogs or `custom`, optional custom model, GPU
/// and measured throughput.
fn valid_scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec(
            (any::<u8>(), 0.0f64..1.0, any::<u64>()),
            scenario::fields().len(),
        ),
        (
            any::<usize>(),
            any::<usize>(),
            any::<usize>(),
            any::<usize>(),
        ),
        (0usize..2, 0usize..5, 0usize..2, 0usize..5, 0usize..4),
        weight_precision(),
        prop::option::of(prop_oneof![
            MEASURED_TPS_MIN..=MEASURED_TPS_MAX,
            positive(MEASURED_TPS_MAX)
        ]),
        prop::option::weighted(0.3, architecture()),
        prop::option::weighted(0.3, gpu()),
    )
        .prop_map(|(nums, ids, enums, wp, mtps, cm, cg)| {
            let mut s = v1_defaults();
            for (f, (sel, x, bits)) in scenario::fields().iter().zip(nums) {
                f.set(&mut s, field_value(f, sel, x, bits));
            }
            s.self_host.model_id = models()[ids.0 % models().len()].id.to_string();
            s.self_host.gpu_id = gpus()[ids.1 % gpus().len()].id.to_string();
            let ap = ids.2 % (api_prices().len() + 1);
            s.api.price_id = api_prices()
                .get(ap)
                .map_or("custom".into(), |p| p.id.clone());
            let gp = ids.3 % (gpu_prices().len() + 1);
            s.self_host.gpu_price_id = gpu_prices()
                .get(gp)
                .map_or("custom".into(), |p| p.id.clone());
            s.workload.volume_mode = [VolumeMode::RequestsPerMonth, VolumeMode::Users][enums.0];
            s.workload.daily_profile = DailyProfile::ALL[enums.1];
            s.self_host.billing = [Billing::AlwaysOn, Billing::Autoscaled][enums.2];
            s.self_host.engine = Engine::ALL[enums.3];
            s.self_host.kv_precision = KvPrecision::ALL[enums.4];
            s.self_host.weight_precision = wp;
            s.self_host.measured_output_tokens_per_s =
                mtps.filter(|v| (MEASURED_TPS_MIN..=MEASURED_TPS_MAX).contains(v));
            s.self_host.custom_model = cm;
            s.self_host.custom_gpu = cg;
            s
        })
}

/// Any characters (cheaper to generate than a regex).
fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..max).prop_map(|v| v.into_iter().collect())
}

const SOUP: &[char] = &[
    'a', 'e', 'p', 'x', '0', '1', '9', '%', ',', '.', ':', '/', '<', '>', '"', '\'', '&', '=', '?',
    '#', '+', '-', ' ', '\n',
];

/// Query-shaped hostile input: real and fake keys, numbers of every kind, ids, stray
/// and broken percent sequences, separators. Built from raw seeds (generating nested
/// strategies per pair is slow in a debug build).
fn hostile_query() -> impl Strategy<Value = String> {
    const EXTRA_KEYS: [&str; 8] = ["embed", "theme", "", "%", "x", "%76", "RPM", "v"];
    const WORDS: [&str; 26] = [
        "NaN",
        "inf",
        "-inf",
        "1e400",
        "-0",
        "",
        "%",
        "%4",
        "%zz",
        "%00",
        "%C3%28",
        "%E2%80%AE",
        "gguf-4.85",
        "gguf-1e400",
        "llama-3.1-8b",
        "h100-sxm",
        "openai%3Agpt-4o-mini",
        "custom",
        "users",
        "autoscaled",
        "flat",
        "q4_k_m",
        "1,2,3",
        ",,,,,,,,,,",
        "%3Cscript%3E",
        "<img src=x onerror=alert(1)>",
    ];
    let pair = |sel: u16, a: u64, b: u64| -> String {
        let key = if sel % 5 == 0 {
            EXTRA_KEYS[usize::from(sel >> 3) % EXTRA_KEYS.len()]
        } else {
            Key::all()[usize::from(sel >> 3) % Key::all().len()].as_str()
        };
        let value = match (sel >> 8) % 8 {
            0 => format!("{}", f64::from_bits(a)),
            1 => format!("{:e}", f64::from_bits(a)),
            2 => (a >> (b % 64)).to_string(),
            3 => format!("{}.{}e{}", a >> 20, b as u32, (b >> 32) as i32 % 400),
            4 => format!("{}p{}", a >> 10, (b % 2200) as i64 - 1100),
            5 => WORDS[(a % WORDS.len() as u64) as usize].to_string(),
            6 => (0..(b % 30))
                .map(|i| SOUP[((a.rotate_left(i as u32 * 5)) % SOUP.len() as u64) as usize])
                .collect(),
            _ => [a as u32, (a >> 32) as u32, b as u32]
                .iter()
                .filter_map(|c| char::from_u32(c % 0x11_0000))
                .collect(),
        };
        if sel & 0x8000 == 0 {
            format!("{key}={value}")
        } else {
            format!("{key}{value}")
        }
    };
    prop::collection::vec((any::<u16>(), any::<u64>(), any::<u64>()), 0..24).prop_map(
        move |items| {
            let parts: Vec<String> = items.into_iter().map(|(s, a, b)| pair(s, a, b)).collect();
            format!("v=1&{}", parts.join("&"))
        },
    )
}

static LONGEST: AtomicUsize = AtomicUsize::new(0);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// The generator makes valid scenarios.
    #[test]
    fn generator_is_valid(s in valid_scenario()) {
        prop_assert_eq!(s.sanitized(), s);
    }

    /// parse(serialize(s)) == s, with no warning, in under 2,000 characters.
    #[test]
    fn round_trip(s in valid_scenario()) {
        let q = to_query(&s);
        let d = from_query(&q);
        prop_assert!(d.warnings.is_empty(), "{}: {:?}", q, d.warnings);
        prop_assert_eq!(d.newer_version, None);
        prop_assert_eq!(&d.scenario, &s, "{}", q);
        prop_assert!(q.len() < 2000, "{} characters: {}", q.len(), q);
        prop_assert!(q.bytes().all(|b| b.is_ascii_graphic()));
        if LONGEST.fetch_max(q.len(), Ordering::Relaxed) < q.len() {
            eprintln!("longest link so far: {} characters", q.len());
        }
    }

    /// Every finite double is written in a form parse_num reads back bit for bit.
    #[test]
    fn numbers_round_trip_exactly(bits in any::<u64>()) {
        let v = f64::from_bits(bits);
        prop_assume!(v.is_finite());
        let s = format_f64(v);
        prop_assert_eq!(parse_num(&s).map(f64::to_bits), Some(bits), "{}", s);
        prop_assert!(s.len() <= 24, "{}", s);
    }

    /// Any string: no panic, and what it decodes to is a valid scenario that links
    /// again without warnings to itself.
    #[test]
    fn any_string_decodes(input in any_text(200)) {
        let d = from_query(&input);
        prop_assert!(d.warnings.len() <= MAX_WARNINGS + 1);
        let again = from_query(&to_query(&d.scenario));
        prop_assert!(again.warnings.is_empty());
        prop_assert_eq!(again.scenario, d.scenario);
    }

    /// Query-shaped hostile input: same, and every warning is one plain line.
    #[test]
    fn hostile_queries_decode(input in hostile_query()) {
        let d = from_query(&input);
        prop_assert_eq!(d.scenario.sanitized(), d.scenario.clone());
        for w in &d.warnings {
            prop_assert!(!w.chars().any(char::is_control), "{:?}", w);
            prop_assert!(w.chars().count() < 300, "{}", w);
        }
        let again = from_query(&to_query(&d.scenario));
        prop_assert!(again.warnings.is_empty());
        prop_assert_eq!(again.scenario, d.scenario);
    }
}

#[test]
fn weight_precision_spellings_decode_as_in_version_1() {
    let wp = |q: &str| from_query(q);
    let gguf = |b: f64| WeightPrecision::Gguf { bits_per_weight: b };
    assert_eq!(
        wp("wp=gguf%204.85").scenario.self_host.weight_precision,
        gguf(4.85)
    );
    assert_eq!(
        wp("wp=GGUF%205").scenario.self_host.weight_precision,
        gguf(5.0)
    );
    assert_eq!(
        wp("wp=Q4_K_M").scenario.self_host.weight_precision,
        gguf(4.85)
    );
    // Benchmark spellings are not link values: each falls back with a warning.
    for bad in [
        "gguf%20q4_k_m",
        "ggufq8_0",
        "gguf%20bf16",
        "gguf-4.85%20",
        "int4-weight-only",
    ] {
        let d = wp(&format!("wp={bad}"));
        assert_eq!(
            d.scenario.self_host.weight_precision,
            WeightPrecision::Fp8,
            "{bad}"
        );
        assert_eq!(d.warnings.len(), 1, "{bad}");
    }
}

#[test]
fn warnings_repeat_no_sentences_and_no_bidi_controls() {
    let d = from_query("v=2&Pricing%20error!%20Call%20%2B1-800=1&zz=1&out=%E2%80%AEevil");
    assert_eq!(d.warnings.len(), 3, "{:#?}", d.warnings);
    assert!(d
        .warnings
        .iter()
        .all(|w| !w.contains("Pricing") && !w.contains("800")));
    assert!(d
        .warnings
        .iter()
        .any(|w| w == "ignored an unknown key (its name is not shown)"));
    assert!(d.warnings.iter().all(|w| !w.contains("zz")));
    let out = d.warnings.iter().find(|w| w.contains("out")).unwrap();
    assert!(!out.contains('\u{202E}') && !out.contains("evil"), "{out}");
    // Values and price ids are repeated only when they cannot carry words.
    let v =
        from_query("v=Call%20us&out=Call%20us&ap=Call%20us%3A1-800&gp=h100-sxm%3Anope&rpm=1e99");
    let all = v.warnings.join("\n");
    assert!(!all.contains("Call") && !all.contains("800"), "{all}");
    assert!(
        !all.contains("nope") && all.contains("unknown price id for gp (not shown)"),
        "{all}"
    );
    assert!(all.contains("rpm=\"1e99\""), "{all}");
}
