//! Numeric precisions: of the stored weights, of the KV cache, and the tensor-core rate a
//! matrix multiply runs at.
//!
//! Shared by the physics half (memory, performance, validation) and the economics half
//! (scenario, cost, break-even). Each input precision has one stable id, which scenarios,
//! share links, pickers, serde and the CLI use; ids never change once released.

use crate::float::Clamp;
use serde::{Deserialize, Serialize};

/// Precision of the stored weights. Serialized as its [`id`](Self::id) (`"fp8"`,
/// `"gguf-4.85"`), the same text links, pickers and the CLI use; reading also accepts
/// [`parse`](Self::parse)'s names and the older object form `{"gguf": {"bits_per_weight": 4.85}}`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WeightPrecision {
    /// bfloat16, 2 bytes per weight.
    Bf16,
    /// float16, 2 bytes per weight.
    Fp16,
    /// 8-bit float (E4M3), 1 byte per weight.
    Fp8,
    /// 8-bit integer weights and activations (W8A8, SmoothQuant style), 1 byte per weight;
    /// the math runs on INT8 tensor cores.
    Int8,
    /// 8-bit integer weights with 16-bit activations (W8A16, weight-only INT8), 1 byte per
    /// weight; dequantized inside a 16-bit GEMM. Its id is `w8a16`.
    Int8WeightOnly,
    /// 4-bit integer (AWQ/GPTQ style), 0.5 byte per weight plus group scales.
    Int4,
    /// 4-bit float (NVFP4/MXFP4), 0.5 byte per weight plus block scales.
    Fp4,
    /// A GGUF quantization with the given average bits per weight
    /// (Q4_K_M ~4.85, Q5_K_M ~5.7, Q8_0 8.5, F16 16).
    Gguf {
        /// Average bits per weight over the whole file.
        bits_per_weight: f64,
    },
}

impl WeightPrecision {
    /// Every precision with a fixed size (all but GGUF, whose bits per weight vary).
    pub const FIXED: [WeightPrecision; 7] = [
        WeightPrecision::Bf16,
        WeightPrecision::Fp16,
        WeightPrecision::Fp8,
        WeightPrecision::Int8,
        WeightPrecision::Int8WeightOnly,
        WeightPrecision::Int4,
        WeightPrecision::Fp4,
    ];

    /// Average bytes per weight, including quantization scales.
    ///
    /// INT4 and FP4 count group scales: one 16-bit scale per 128 weights for INT4
    /// (AWQ/GPTQ group size 128) and one 8-bit scale per 16 weights for FP4 (NVFP4).
    pub fn bytes_per_weight(self) -> f64 {
        match self {
            WeightPrecision::Bf16 | WeightPrecision::Fp16 => 2.0,
            WeightPrecision::Fp8 | WeightPrecision::Int8 | WeightPrecision::Int8WeightOnly => 1.0,
            WeightPrecision::Int4 => 0.5 + 2.0 / 128.0,
            WeightPrecision::Fp4 => 0.5 + 1.0 / 16.0,
            WeightPrecision::Gguf { bits_per_weight } => {
                if bits_per_weight.is_finite() {
                    bits_per_weight.clamped(1.0, 32.0) / 8.0
                } else {
                    2.0
                }
            }
        }
    }

    /// Stable id ("bf16", "fp8", "gguf-4.85").
    pub fn id(self) -> String {
        match self {
            WeightPrecision::Bf16 => "bf16".into(),
            WeightPrecision::Fp16 => "fp16".into(),
            WeightPrecision::Fp8 => "fp8".into(),
            WeightPrecision::Int8 => "int8".into(),
            WeightPrecision::Int8WeightOnly => "w8a16".into(),
            WeightPrecision::Int4 => "int4".into(),
            WeightPrecision::Fp4 => "fp4".into(),
            WeightPrecision::Gguf { bits_per_weight } => {
                format!("gguf-{}", crate::float::format_f64(bits_per_weight))
            }
        }
    }

    /// Reads an [`id`](Self::id) or a common name: "BF16", "FP8", "AWQ", "Q4_K_M",
    /// "W8A16", `gguf-4.85` (GGUF bits read exactly, 1 to 32). What links, pickers, scenario
    /// files and the CLI read. Unknown names give `None`.
    ///
    /// ```
    /// use infercost::{ComputeClass, WeightPrecision};
    /// assert_eq!(WeightPrecision::parse("W8A8"), Some(WeightPrecision::Int8));
    /// assert_eq!(WeightPrecision::parse("w8a16"), Some(WeightPrecision::Int8WeightOnly));
    /// assert_eq!(WeightPrecision::parse("gguf-33"), None);
    /// assert_eq!(WeightPrecision::Int8.compute_class(), ComputeClass::Int8);
    /// assert_eq!(WeightPrecision::Int8WeightOnly.compute_class(), ComputeClass::Bf16);
    /// ```
    pub fn parse(s: &str) -> Option<WeightPrecision> {
        // Share links have read exactly this since version 1; it must not change.
        let lower = s.to_ascii_lowercase();
        if let Some(bits) = lower
            .strip_prefix("gguf-")
            .or_else(|| lower.strip_prefix("gguf_"))
        {
            return crate::float::parse_num(bits)
                .filter(|b| (1.0..=32.0).contains(b))
                .map(|bits_per_weight| WeightPrecision::Gguf { bits_per_weight });
        }
        let k = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        if let Some(rest) = k.strip_prefix("gguf_") {
            let bits = crate::float::parse_f64(rest)?;
            return (bits.is_finite() && (1.0..=32.0).contains(&bits)).then_some(
                WeightPrecision::Gguf {
                    bits_per_weight: bits,
                },
            );
        }
        Self::from_name(&k)
    }

    /// Reads a precision as benchmark tables write it ("FP8 (dynamic)", "GGUF Q4_K_M",
    /// "INT8 weight-only", "INT4 weight-only g32"): the first word names it, after an optional
    /// "GGUF". For measurement files (`validate`), not for links.
    ///
    /// ```
    /// use infercost::WeightPrecision;
    /// assert_eq!(WeightPrecision::from_benchmark("INT8 weight-only"), Some(WeightPrecision::Int8WeightOnly));
    /// assert_eq!(WeightPrecision::from_benchmark("GGUF Q8_0"), Some(WeightPrecision::Gguf { bits_per_weight: 8.5 }));
    /// assert_eq!(WeightPrecision::from_benchmark("FP8 (dynamic)"), Some(WeightPrecision::Fp8));
    /// ```
    pub fn from_benchmark(s: &str) -> Option<WeightPrecision> {
        let lower = s.trim().to_ascii_lowercase();
        let lower = lower.strip_prefix("gguf").map(str::trim).unwrap_or(&lower);
        let mut words = lower.split_whitespace();
        let first = words.next().unwrap_or("");
        if first == "int8" && words.next() == Some("weight-only") {
            return Some(WeightPrecision::Int8WeightOnly);
        }
        WeightPrecision::parse(first)
    }

    fn from_name(k: &str) -> Option<WeightPrecision> {
        let gguf = |b: f64| Some(WeightPrecision::Gguf { bits_per_weight: b });
        match k {
            "bf16" | "bfloat16" => Some(WeightPrecision::Bf16),
            "fp16" | "f16" | "float16" | "half" => Some(WeightPrecision::Fp16),
            "fp8" | "f8" | "fp8_e4m3" => Some(WeightPrecision::Fp8),
            // INT8 is W8A8 (SmoothQuant style): the math runs on INT8 tensor cores.
            "int8" | "w8a8" => Some(WeightPrecision::Int8),
            // Weight-only INT8: 16-bit math on dequantized weights.
            "w8a16" | "int8_weight_only" | "int8_wo" => Some(WeightPrecision::Int8WeightOnly),
            "int4" | "awq" | "gptq" | "w4a16" | "int4_awq" => Some(WeightPrecision::Int4),
            "fp4" | "nvfp4" | "mxfp4" => Some(WeightPrecision::Fp4),
            // Average bits per weight of llama.cpp quant types, as llama.cpp reports them
            // for Llama-architecture models (github:ggml-org/llama.cpp tools/quantize).
            "q4_0" => gguf(4.55),
            "q4_1" => gguf(5.0),
            "q4_k_s" => gguf(4.58),
            "q4_k_m" => gguf(4.85),
            "q5_k_s" => gguf(5.54),
            "q5_k_m" => gguf(5.69),
            "q6_k" => gguf(6.56),
            "q8_0" => gguf(8.5),
            "q3_k_m" => gguf(3.91),
            "q2_k" => gguf(2.96),
            _ => None,
        }
    }

    /// Whether the GPU's tensor cores can run matrix math at this precision's rate
    /// (FP8/INT8/FP4 rates need hardware support; weight-only INT8 and INT4 and GGUF
    /// dequantize to 16-bit for the math).
    pub fn compute_class(self) -> ComputeClass {
        match self {
            WeightPrecision::Fp8 => ComputeClass::Fp8,
            WeightPrecision::Int8 => ComputeClass::Int8,
            WeightPrecision::Fp4 => ComputeClass::Fp4,
            _ => ComputeClass::Bf16,
        }
    }
}

impl Serialize for WeightPrecision {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.id())
    }
}

impl<'de> Deserialize<'de> for WeightPrecision {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// The id (or a name), or the object form scenarios used before ids.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Text {
            Id(String),
            Gguf { gguf: GgufBits },
        }
        #[derive(Deserialize)]
        struct GgufBits {
            bits_per_weight: f64,
        }
        match Text::deserialize(deserializer)? {
            // GGUF bits out of range still read (as in the object form): `sanitize` resets
            // them with an issue rather than failing the whole file.
            Text::Id(id) => WeightPrecision::parse(&id)
                .or_else(|| {
                    let bits = id.strip_prefix("gguf-").and_then(crate::float::parse_num)?;
                    Some(WeightPrecision::Gguf {
                        bits_per_weight: bits,
                    })
                })
                .ok_or_else(|| {
                    serde::de::Error::custom(
                        "unknown weight precision (bf16, fp16, fp8, int8, w8a16, int4, fp4, \
                     gguf-BITS with BITS 1 to 32, or a GGUF quant name such as q4_k_m)",
                    )
                }),
            // Bits are checked by `Scenario::sanitize`, as for every number of a scenario.
            Text::Gguf { gguf } => Ok(WeightPrecision::Gguf {
                bits_per_weight: gguf.bits_per_weight,
            }),
        }
    }
}

/// Which of a GPU's dense peak rates a matrix multiply runs at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComputeClass {
    /// 16-bit tensor-core rate (BF16/FP16).
    Bf16,
    /// FP8 tensor-core rate (falls back to BF16 on GPUs without FP8).
    Fp8,
    /// INT8 tensor-core rate.
    Int8,
    /// FP4 tensor-core rate (falls back to FP8, then BF16).
    Fp4,
}

/// Precision of the KV cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KvPrecision {
    /// 16-bit (the default of every engine).
    Bf16,
    /// 8-bit float.
    Fp8,
    /// 8-bit integer.
    Int8,
    /// 4-bit integer.
    Int4,
}

impl KvPrecision {
    /// Every KV precision, in display order.
    pub const ALL: [KvPrecision; 4] = [
        KvPrecision::Bf16,
        KvPrecision::Fp8,
        KvPrecision::Int8,
        KvPrecision::Int4,
    ];

    /// Bytes per stored element.
    pub fn bytes_per_element(self) -> f64 {
        match self {
            KvPrecision::Bf16 => 2.0,
            KvPrecision::Fp8 | KvPrecision::Int8 => 1.0,
            KvPrecision::Int4 => 0.5,
        }
    }

    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            KvPrecision::Bf16 => "bf16",
            KvPrecision::Fp8 => "fp8",
            KvPrecision::Int8 => "int8",
            KvPrecision::Int4 => "int4",
        }
    }

    /// Parses an id (case-insensitive); "fp16" is read as 16-bit.
    pub fn parse(s: &str) -> Option<KvPrecision> {
        match s.trim().to_ascii_lowercase().as_str() {
            "bf16" | "fp16" | "f16" | "auto" => Some(KvPrecision::Bf16),
            "fp8" | "fp8_e4m3" | "fp8_e5m2" => Some(KvPrecision::Fp8),
            "int8" | "q8_0" => Some(KvPrecision::Int8),
            "int4" | "q4_0" => Some(KvPrecision::Int4),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_writes_every_input_enum_as_its_id() {
        use crate::Engine;
        fn json<T: Serialize>(v: T) -> String {
            serde_json::to_string(&v).unwrap()
        }
        let quoted = |id: &str| format!("\"{id}\"");
        for e in Engine::ALL {
            assert_eq!(json(e), quoted(e.id()));
            assert_eq!(serde_json::from_str::<Engine>(&json(e)).unwrap(), e);
        }
        for k in KvPrecision::ALL {
            assert_eq!(json(k), quoted(k.id()));
        }
        for m in crate::scenario::VolumeMode::ALL {
            assert_eq!(json(m), quoted(m.id()));
        }
        for b in crate::scenario::Billing::ALL {
            assert_eq!(json(b), quoted(b.id()));
        }
        for k in crate::catalog::MemoryKind::ALL {
            assert_eq!(json(k), quoted(k.id()));
        }
        for p in crate::fleet::DailyProfile::ALL {
            assert_eq!(json(p), quoted(p.id()));
        }
        let gguf = [
            WeightPrecision::Gguf {
                bits_per_weight: 4.85,
            },
            WeightPrecision::Gguf {
                bits_per_weight: 39.430133835633676 / 7.0,
            },
        ];
        for w in WeightPrecision::FIXED.into_iter().chain(gguf) {
            assert_eq!(json(w), quoted(&w.id()));
            assert_eq!(
                serde_json::from_str::<WeightPrecision>(&json(w)).unwrap(),
                w
            );
        }
        // The object form of older scenario files still reads.
        let old: WeightPrecision =
            serde_json::from_str(r#"{"gguf": {"bits_per_weight": 4.85}}"#).unwrap();
        assert_eq!(
            old,
            WeightPrecision::Gguf {
                bits_per_weight: 4.85
            }
        );
        assert!(serde_json::from_str::<WeightPrecision>(r#""fp9""#).is_err());
    }

    #[test]
    fn gguf_bits() {
        let q = WeightPrecision::parse("Q4_K_M").unwrap();
        assert!((q.bytes_per_weight() - 4.85 / 8.0).abs() < 1e-12);
        assert_eq!(
            WeightPrecision::parse("gguf-8.5")
                .unwrap()
                .bytes_per_weight(),
            8.5 / 8.0
        );
        assert_eq!(WeightPrecision::parse("gguf-nan"), None);
        assert_eq!(WeightPrecision::parse("gguf-99"), None);
        let nan = WeightPrecision::Gguf {
            bits_per_weight: f64::NAN,
        };
        assert_eq!(nan.bytes_per_weight(), 2.0);
    }

    #[test]
    fn kv_bytes() {
        assert_eq!(KvPrecision::Bf16.bytes_per_element(), 2.0);
        assert_eq!(KvPrecision::parse("FP8"), Some(KvPrecision::Fp8));
        for k in KvPrecision::ALL {
            assert_eq!(KvPrecision::parse(k.id()), Some(k));
        }
    }
}
