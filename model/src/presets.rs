//! Ready-made scenarios, each a version-1 share link (see [`crate::link`]).
//!
//! Every number of every preset is either a frozen version-1 default (see
//! `scenario::fields()` for its source) or justified in the preset's description and in the
//! comment above it. A test checks that each query decodes without a warning and is
//! exactly what [`crate::link::to_query`] writes for the scenario it decodes to.

/// One ready-made scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Stable id (kebab-case).
    pub id: &'static str,
    /// Short display name.
    pub name: &'static str,
    /// The scenario as a version-2 share link query (without `?`).
    pub query: &'static str,
}

impl Preset {
    /// One paragraph: the situation and where each number comes from.
    pub fn description(&self) -> &'static str {
        DESCRIPTIONS
            .iter()
            .find(|(id, _)| *id == self.id)
            .map(|(_, d)| *d)
            .unwrap_or("")
    }

    /// The preset's scenario and the decoder's warnings (none for a bundled preset).
    pub fn decode(&self) -> crate::link::Decoded {
        crate::link::from_query(self.query)
    }
}

static PRESETS: [Preset; 5] = [
    // 3,000,000 requests = 15,000 users x 6.6 requests a day (the default chat habit)
    // x 30.4 days. Same-model API: Together's Llama 3.3 70B Turbo row ($0.88 in and out,
    // equal to the defaults, so no price keys). GPU: RunPod Community Cloud H100 SXM,
    // $2.69/h (bundled row h100-sxm:runpod-community-cloud, 2026-11-09).
    Preset {
        id: "startup-chat-70b",
        name: "Startup chat, Llama 3.3 70B",
        query: "v=2&rpm=3000000&users=15000&ap=together%3Ameta-llama%2Fllama-3.3-70b-instruct-turbo&pin=0.88&pcache=0.88&pout=0.88&gp=h100-sxm%3Arunpod-community-cloud&gph=2.69",
    },
    // 2,000 employees x 20 questions a day x 30.4 days ~= 1.2M requests a month.
    // 6,000 input tokens = ~500 system prompt + 5 retrieved chunks of ~1,000 + the question.
    // 400 output tokens: an answer with citations. cache 0.08 = the 500-token system prompt
    // / 6,000 (the chunks change every question); cw 0.008 = 0.08 / 10 (written once, read
    // ~10 times, the defaults' rule). Business hours: an internal tool.
    // Same-model API: Groq qwen/qwen3-32b, $0.29 in / $0.59 out, no cache discount
    // (bundled row). One H100: Qwen3 32B in FP8 is ~33 GB of weights, the rest holds KV.
    Preset {
        id: "rag-long-prompts",
        name: "RAG assistant, long prompts",
        query: "v=2&vm=users&users=2000&rpud=20&in=6000&out=400&cache=0.08&cw=0.008&dp=business-hours&ap=groq%3Aqwen%2Fqwen3-32b&pin=0.29&pcache=0.29&pout=0.59&m=qwen3-32b&gpr=1",
    },
    // 5,000,000 documents a month (~165,000 a day). 3,000 input tokens: a ~2,000-word
    // document (~2,700 tokens) plus instructions; 250 output: a one-paragraph summary.
    // No prompt cache: every document differs and the instructions are shorter than the
    // 1,024-token minimum OpenAI caches. One call per document (extra 0). A queue drained
    // around the clock: flat profile, loose latency (TTFT 60 s, the maximum; 0.2 s/token).
    // All traffic can use the batch API (bs 1). API: OpenAI gpt-4o-mini, $0.15 in,
    // $0.075 cached, $0.60 out, 50% batch discount (bundled row). Self-hosted: Llama 3.1 8B
    // in BF16 (the A100 has no FP8) on one A100 SXM 80GB, RunPod Community Cloud $1.39/h
    // (bundled row). No spare replica (nk 0): a batch queue waits out a failure. 2,000
    // bytes per response: one non-streamed JSON answer (~1 KB of text plus the envelope).
    Preset {
        id: "batch-summarization",
        name: "Batch summarization",
        query: "v=2&rpm=5000000&in=3000&out=250&cache=0&cw=0&extra=0&dp=flat&ttft=60&tpot=0.2&ap=openai%3Agpt-4o-mini&pin=0.15&pcache=0.075&pout=0.6&bd=0.5&bs=1&m=llama-3.1-8b&wp=bf16&g=a100-sxm-80gb&gpr=1&gp=a100-sxm-80gb%3Arunpod-community-cloud&gph=1.39&nk=0&bpr=2000",
    },
    // 500 developers x 60 model calls a day (completions and chat turns). 8,000 input
    // tokens: open files and retrieved repository snippets; 800 output: edits with
    // explanations. cache 0.7: the repository context repeats from call to call; cw 0.07
    // = 0.7 / 10 (the defaults' rule). Business hours. Seat $19: GitHub Copilot Business
    // list price per user per month. Same-model API: Fireworks gpt-oss-120b, $0.15 in,
    // $0.014 cached, $0.60 out (bundled row). gpt-oss ships MXFP4 weights (fp4);
    // 2 x H100 SXM leave room for long contexts.
    Preset {
        id: "coding-assistant",
        name: "Coding assistant",
        query: "v=2&vm=users&users=500&rpud=60&in=8000&out=800&cache=0.7&cw=0.07&dp=business-hours&seat=19&ap=fireworks%3Agpt-oss-120b&pin=0.15&pcache=0.014&pout=0.6&m=gpt-oss-120b&wp=fp4",
    },
    // 1,000,000 support messages a month. 2,500 input tokens: ~1,500 of policies and
    // product facts in the system prompt plus the conversation; 200 output: short answers.
    // cache 0.6 = 1,500 / 2,500; cw 0.06 = 0.6 / 10 (the defaults' rule). Business hours.
    // Same-model API: SambaNova via Hugging Face, $0.10 in / $0.20 out (bundled row; Groq retired its Llama models 2026-08).
    // Self-hosted: Llama 3.1 8B in BF16 (~16 GB; the A10G has no FP8) on one A10G 24GB.
    // $1.006/h: AWS g5.xlarge (1 x A10G) on-demand, us-east-1, June 2026
    // (factualminds.com, "Amazon EC2 On-Demand Pricing ... (2026)"); not a bundled row,
    // hence gp=custom.
    Preset {
        id: "support-bot-a10g",
        name: "Support bot, small model on an A10G",
        query: "v=2&rpm=1000000&in=2500&out=200&cache=0.6&cw=0.06&dp=business-hours&ap=huggingface_sambanova%3Ameta-llama%2Fllama-3.1-8b-instruct&pin=0.1&pcache=0.1&pout=0.2&m=llama-3.1-8b&wp=bf16&g=a10g&gpr=1&gp=a10g%3Aaws-g5-xlarge&gph=1.006",
    },
];

/// One paragraph per preset: the situation and where each number comes from. Kept apart
/// from [`PRESETS`] so the page, which lists names only, does not carry the text.
static DESCRIPTIONS: [(&str, &str); 5] = [
    (
        "startup-chat-70b",
        "A young consumer chat app: 15,000 monthly users at the default 6.6 \
            requests a day (about 3M requests a month), default chat prompts (1,500 in, 350 \
            out). Llama 3.3 70B in FP8 on 2 x H100 SXM rented on RunPod Community Cloud \
            ($2.69/GPU-hour, bundled price of 2026-11-09), against the same model on \
            Together AI ($0.88 per 1M tokens in and out).",
    ),
    (
        "rag-long-prompts",
        "An internal knowledge-base assistant for 2,000 employees asking 20 \
            questions a day during business hours. Each prompt carries ~6,000 tokens \
            (system prompt ~500, five retrieved chunks of ~1,000, the question); only the \
            system prompt repeats, so 8% of the input is cacheable. Answers of ~400 tokens. \
            Qwen3 32B in FP8 on one H100 SXM, against the same model on Groq ($0.29 in, \
            $0.59 out per 1M tokens).",
    ),
    (
        "batch-summarization",
        "Summarize 5M documents a month (~3,000 tokens in, 250 out), queued \
            and processed around the clock with no one waiting: flat traffic, loose latency \
            targets, no prompt cache, no spare replica. Llama 3.1 8B in BF16 on one A100 \
            SXM 80GB (RunPod Community Cloud, $1.39/GPU-hour) against OpenAI gpt-4o-mini \
            with all traffic on its batch API (50% off $0.15 in / $0.60 out).",
    ),
    (
        "coding-assistant",
        "An in-house coding assistant for 500 developers, 60 calls each a day \
            in business hours, with long prompts (8,000 tokens of files and snippets, 70% a \
            repeated prefix) and long answers (800 tokens). Priced against a $19 seat \
            (GitHub Copilot Business). gpt-oss-120b in its native MXFP4 on 2 x H100 SXM, \
            against the same model on Fireworks ($0.15 in, $0.014 cached, $0.60 out per 1M \
            tokens).",
    ),
    (
        "support-bot-a10g",
        "A customer-support bot answering 1M messages a month in business \
            hours: ~2,500 tokens in (a 1,500-token policy prompt, 60% cacheable, plus the \
            conversation), ~200 out. Llama 3.1 8B in BF16 on one A10G 24GB at $1.006/hour \
            (AWS g5.xlarge on-demand, us-east-1), against the same model on SambaNova via \
            Hugging Face ($0.10 in, $0.20 out per 1M tokens).",
    ),
];

/// The bundled presets, in display order.
///
/// ```
/// let p = &infercost::presets::presets()[0];
/// assert!(p.query.starts_with("v=2&"));
/// assert!(p.decode().warnings.is_empty());
/// ```
pub fn presets() -> &'static [Preset] {
    &PRESETS
}

/// Every scenario the page can open without a person's input: the defaults (v1, v2, today's)
/// and each preset, as decoded. Their ids must be in the first load's core rows.
#[cfg(test)]
pub(crate) fn default_and_preset_scenarios() -> Vec<crate::scenario::Scenario> {
    let mut out = vec![
        crate::scenario::Scenario::default(),
        crate::link::v1_defaults(),
        crate::link::v2_defaults(),
    ];
    for p in presets() {
        let d = crate::link::from_query(p.query);
        assert!(!d.unknown_catalog_id, "{}", p.id);
        out.push(d.scenario);
    }
    out
}

/// Looks a preset up by id.
pub fn find_preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::{from_query, to_query};

    #[test]
    fn each_preset_is_a_clean_canonical_link() {
        let mut ids: Vec<&str> = presets().iter().map(|p| p.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), presets().len());
        for p in presets() {
            let d = from_query(p.query);
            assert!(d.warnings.is_empty(), "{}: {:?}", p.id, d.warnings);
            assert_eq!(to_query(&d.scenario), p.query, "{}", p.id);
            assert!(
                !p.name.is_empty() && p.description().len() > 100,
                "{}",
                p.id
            );
            assert_eq!(find_preset(p.id), Some(p));
        }
    }

    #[test]
    fn each_preset_is_feasible() {
        for p in presets() {
            let r = crate::evaluate::evaluate(&p.decode().scenario);
            assert!(
                r.self_host.is_feasible(),
                "{}: {:?}",
                p.id,
                r.self_host.infeasible_reason()
            );
            assert!(
                r.self_host
                    .serving()
                    .is_some_and(|sv| sv.meets_latency_targets),
                "{}",
                p.id
            );
        }
    }
}
