//! The page: one scenario signal, one memoized report, and views of both.

use crate::charts::{BreakEvenChart, DataTable, MemoryChart, ThroughputChart, TornadoChart};
use crate::controls::{Picker, ScenarioField};
use crate::fields::{self, PANELS, SIMPLE};
use crate::format;
use infercost::catalog;
use infercost::evaluate::{evaluate, Report};
use infercost::fleet::DailyProfile;
use infercost::prices::{self, PricingType};
use infercost::scenario::{Billing, Scenario, VolumeMode};
use infercost::{Engine, KvPrecision, WeightPrecision};
use leptos::prelude::*;

/// The date this build's price warnings are measured against (set by the build, else the
/// date the bundled catalogs were last reviewed).
pub const BUILD_DATE: &str = match option_env!("INFERCOST_BUILD_DATE") {
    Some(d) => d,
    None => "2026-11-27",
};

/// How long after its check date a bundled price is flagged as possibly stale.
pub const STALE_AFTER_DAYS: i64 = 90;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let scenario = RwSignal::new(Scenario::default());
    let report = Memo::new(move |_| scenario.with(evaluate));

    view! {
        <header class="masthead">
            <h1>"InferCost"</h1>
            <p class="tagline">"Self-host an open LLM on rented GPUs, or keep paying an API? Both costed, and where the answer flips."</p>
        </header>
        <main>
            <Verdict report />
            <section class="inputs" aria-labelledby="inputs-h">
                <h2 id="inputs-h">"Your workload and setup"</h2>
                <div class="simple">
                    {SIMPLE.iter().filter_map(|k| fields::ui(k)).map(|ui| view! { <ScenarioField ui scenario /> }).collect_view()}
                </div>
                <Pickers scenario />
                <AdvancedPanels scenario />
            </section>
            <Results report />
            <section class="evidence" aria-labelledby="charts-h">
                <h2 id="charts-h">"Evidence"</h2>
                <BreakEvenChart report />
                <ThroughputChart report />
                <MemoryChart report />
                <TornadoChart report />
                <CostTable report />
            </section>
            <Assumptions scenario report />
        </main>
        <footer class="footer">
            <p>"Every number is computed in your browser; nothing you enter leaves this page. Model and sources: docs/MODEL.md in the InferCost repository."</p>
        </footer>
    }
}

/// The verdict line, its notices, and a polite announcement once input settles.
#[component]
fn Verdict(report: Memo<Report>) -> impl IntoView {
    let status_ref = NodeRef::<leptos::html::P>::new();
    // The one sink to the screen reader: announce the verdict ~0.6 s after the last change,
    // not on every slider step (a timer write to the DOM, never to a signal).
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |first: Option<()>| {
        let text = report.with(|r| r.verdict.clone());
        if first.is_none() {
            return;
        }
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                if let Some(p) = status_ref.get_untracked() {
                    p.set_text_content(Some(&text));
                }
            },
            std::time::Duration::from_millis(600),
        )
        .ok();
        pending.set_value(handle);
    });
    view! {
        <section class="verdict" aria-labelledby="verdict-h">
            <h2 id="verdict-h" class="visually-hidden">"Verdict"</h2>
            <p class="verdict-text" data-testid="verdict">{move || report.with(|r| r.verdict.clone())}</p>
            <p class="visually-hidden" role="status" node_ref=status_ref></p>
            {move || report.with(|r| {
                let notes: Vec<String> = r.issues.iter().map(|i| format!("{} ({}): {}; the default is used.", i.field, i.value, i.problem))
                    .chain(r.warnings.iter().cloned())
                    .collect();
                (!notes.is_empty()).then(|| view! {
                    <ul class="notices" data-testid="notices">
                        {notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                    </ul>
                })
            })}
        </section>
    }
}

fn option_list<T>(
    items: impl IntoIterator<Item = T>,
    f: impl Fn(T) -> (String, String),
) -> Vec<(String, String)> {
    items.into_iter().map(f).collect()
}

/// The model, GPU, GPU count, engine and API pickers.
#[component]
fn Pickers(scenario: RwSignal<Scenario>) -> impl IntoView {
    let models = option_list(catalog::models(), |m| {
        (m.id.to_string(), m.name.to_string())
    });
    let gpus = option_list(catalog::gpus(), |g| (g.id.to_string(), g.name.to_string()));
    let counts = option_list([1u32, 2, 4, 8, 16], |n| {
        (
            n.to_string(),
            format!("{n} GPU{}", if n == 1 { "" } else { "s" }),
        )
    });
    let engines = option_list(Engine::ALL, |e| (e.id().to_string(), e.name().to_string()));
    let apis = option_list(prices::api_prices(), |p| {
        (p.id.clone(), format!("{} {}", p.provider, p.model))
    });

    view! {
        <div class="pickers">
            <Picker label="Self-hosted model" testid="selfhost-model" options=models
                selected=Signal::derive(move || scenario.with(|s| s.self_host.model_id.clone()))
                on_pick=Callback::new(move |id: String| scenario.update(|s| {
                    s.self_host.model_id = id;
                    s.self_host.custom_model = None;
                })) />
            <Picker label="GPU" testid="gpu" options=gpus
                selected=Signal::derive(move || scenario.with(|s| s.self_host.gpu_id.clone()))
                on_pick=Callback::new(move |id: String| scenario.update(|s| {
                    // Take that GPU's cheapest bundled on-demand price, so the cost follows
                    // the hardware; the price stays editable.
                    let price = prices::gpu_prices_for(&id)
                        .into_iter()
                        .filter(|p| p.pricing == PricingType::OnDemand)
                        .min_by(|a, b| a.usd_per_gpu_hour.total_cmp(&b.usd_per_gpu_hour))
                        .map(|p| p.id.clone());
                    s.self_host.gpu_id = id;
                    s.self_host.custom_gpu = None;
                    if let Some(p) = price {
                        s.self_host.apply_gpu_price(&p);
                    }
                })) />
            <Picker label="GPUs per replica" testid="gpu-count" options=counts
                selected=Signal::derive(move || scenario.with(|s| s.self_host.gpus_per_replica.to_string()))
                on_pick=Callback::new(move |n: String| {
                    if let Ok(n) = n.parse::<u32>() {
                        scenario.update(|s| s.self_host.gpus_per_replica = n);
                    }
                }) />
            <Picker label="Serving engine" testid="engine" options=engines
                selected=Signal::derive(move || scenario.with(|s| s.self_host.engine.id().to_string()))
                on_pick=Callback::new(move |id: String| {
                    if let Some(e) = Engine::parse(&id) {
                        scenario.update(|s| s.self_host.engine = e);
                    }
                }) />
            <Picker label="API to compare" testid="api-model" options=apis
                selected=Signal::derive(move || scenario.with(|s| s.api.price_id.clone()))
                on_pick=Callback::new(move |id: String| scenario.update(|s| { s.api.apply_price(&id); })) />
        </div>
    }
}

const WEIGHT_PRECISIONS: [(&str, &str); 8] = [
    ("bf16", "BF16"),
    ("fp16", "FP16"),
    ("fp8", "FP8"),
    ("int8", "INT8"),
    ("int4", "INT4 (AWQ/GPTQ)"),
    ("fp4", "FP4 (NVFP4/MXFP4)"),
    ("q8_0", "GGUF Q8_0 (8.5 bits)"),
    ("q4_k_m", "GGUF Q4_K_M (4.85 bits)"),
];

/// Every other scenario input, in disclosure panels.
#[component]
fn AdvancedPanels(scenario: RwSignal<Scenario>) -> impl IntoView {
    let pairs = |xs: &[(&str, &str)]| {
        xs.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    };
    let precision_id = move || {
        scenario.with(|s| {
            let id = s.self_host.weight_precision.id();
            WEIGHT_PRECISIONS
                .iter()
                .find(|(k, _)| WeightPrecision::parse(k).map(|p| p.id()) == Some(id.clone()))
                .map(|(k, _)| k.to_string())
                .unwrap_or(id)
        })
    };
    view! {
            <div class="panels">
                <details class="panel">
                    <summary>"Self-hosted setup"</summary>
                    <div class="panel-body">
                        <Picker label="Weight precision" testid="weight-precision" options=pairs(&WEIGHT_PRECISIONS)
                            selected=Signal::derive(precision_id)
                            on_pick=Callback::new(move |id: String| {
                                if let Some(p) = WeightPrecision::parse(&id) {
                                    scenario.update(|s| s.self_host.weight_precision = p);
                                }
                            }) />
                        <Picker label="KV-cache precision" testid="kv-precision"
                            options=option_list(KvPrecision::ALL, |k| (k.id().to_string(), k.id().to_uppercase()))
                            selected=Signal::derive(move || scenario.with(|s| s.self_host.kv_precision.id().to_string()))
                            on_pick=Callback::new(move |id: String| {
                                if let Some(k) = KvPrecision::parse(&id) {
                                    scenario.update(|s| s.self_host.kv_precision = k);
                                }
                            }) />
                        <Picker label="GPU hours billed" testid="billing"
                            options=pairs(&[("always-on", "Always on (sized for the peak)"), ("autoscaled", "Autoscaled hour by hour")])
                            selected=Signal::derive(move || scenario.with(|s| match s.self_host.billing { Billing::AlwaysOn => "always-on".to_string(), Billing::Autoscaled => "autoscaled".to_string() }))
                            on_pick=Callback::new(move |id: String| scenario.update(|s| s.self_host.billing = if id == "autoscaled" { Billing::Autoscaled } else { Billing::AlwaysOn })) />
    <GpuPricePreset scenario />
                        <MeasuredThroughput scenario />
                    </div>
                </details>
                {PANELS.iter().map(|(title, keys)| view! {
                    <details class="panel">
                        <summary>{*title}</summary>
                        <div class="panel-body">
                            {(*title == "Workload").then(|| view! {
                                <Picker label="Volume given as" testid="volume-mode"
                                    options=pairs(&[("requests", "Requests per month"), ("users", "Users x requests per user per day")])
                                    selected=Signal::derive(move || scenario.with(|s| if s.workload.volume_mode == VolumeMode::Users { "users".to_string() } else { "requests".to_string() }))
                                    on_pick=Callback::new(move |id: String| scenario.update(|s| s.workload.volume_mode = if id == "users" { VolumeMode::Users } else { VolumeMode::RequestsPerMonth })) />
                                <Picker label="Daily traffic profile" testid="daily-profile"
                                    options=option_list(DailyProfile::ALL, |p| (p.id().to_string(), p.id().replace('-', " ")))
                                    selected=Signal::derive(move || scenario.with(|s| s.workload.daily_profile.id().to_string()))
                                    on_pick=Callback::new(move |id: String| {
                                        if let Some(p) = DailyProfile::parse(&id) {
                                            scenario.update(|s| s.workload.daily_profile = p);
                                        }
                                    }) />
                                {fields::ui("rpud").map(|ui| view! { <ScenarioField ui scenario /> })}
                            })}
                            {keys.iter().filter_map(|k| fields::ui(k)).map(|ui| view! { <ScenarioField ui scenario /> }).collect_view()}
                        </div>
                    </details>
                }).collect_view()}
            </div>
        }
}

/// The bundled hourly prices for the chosen GPU (on-demand, spot, marketplace), each with
/// its provider and date; picking one copies its price into the scenario.
#[component]
fn GpuPricePreset(scenario: RwSignal<Scenario>) -> impl IntoView {
    let options = move || {
        scenario.with(|s| {
            prices::gpu_prices_for(&s.self_host.gpu_id)
                .into_iter()
                .map(|p| {
                    (
                        p.id.clone(),
                        format!(
                            "{} {} {}: {}/h ({})",
                            p.provider,
                            p.offering,
                            p.pricing.id(),
                            format::usd(p.usd_per_gpu_hour),
                            p.checked_date
                        ),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="picker">
            <label for="gpu-price-preset">"GPU price preset"</label>
            <select id="gpu-price-preset" data-testid="gpu-price-preset"
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    scenario.update(|s| { s.self_host.apply_gpu_price(&id); });
                }>
                <option value="" selected=move || scenario.with(|s| prices::find_gpu_price(&s.self_host.gpu_price_id).is_none_or(|p| p.usd_per_gpu_hour != s.self_host.gpu_usd_per_hour))>
                    "Custom price"
                </option>
                {move || {
                    let current = scenario.with(|s| s.self_host.gpu_price_id.clone());
                    options().into_iter().map(|(id, text)| {
                        let sel = id == current;
                        view! { <option value=id selected=sel>{text}</option> }
                    }).collect_view()
                }}
            </select>
        </div>
    }
}

/// The optional measured throughput that replaces the estimate.
#[component]
fn MeasuredThroughput(scenario: RwSignal<Scenario>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    view! {
        <div class="field">
            <label for="measured-tps">"Measured output tokens/s per replica (optional)"</label>
            <div class="field-inputs">
                <input id="measured-tps" type="text" inputmode="decimal" class="number-box wide" data-testid="measured-throughput"
                    autocomplete="off" aria-describedby="measured-tps-help"
                    prop:value=move || scenario.with(|s| s.self_host.measured_output_tokens_per_s.map(format::plain).unwrap_or_default())
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        if text.trim().is_empty() {
                            error.set(None);
                            scenario.update(|s| s.self_host.measured_output_tokens_per_s = None);
                            return;
                        }
                        match format::parse_number(&text, infercost::scenario::MEASURED_TPS_MIN, infercost::scenario::MEASURED_TPS_MAX) {
                            Ok(v) => {
                                error.set(None);
                                scenario.update(|s| s.self_host.measured_output_tokens_per_s = Some(v));
                            }
                            Err(e) => error.set(Some(e.to_string())),
                        }
                    } />
                <span class="unit">"tok/s"</span>
            </div>
            <p class="field-help" id="measured-tps-help">"From a max-load benchmark of your own deployment (e.g. vllm bench serve); replaces the model's estimate. Leave empty to use the estimate."</p>
            <p class="field-error">{move || error.get()}</p>
        </div>
    }
}

/// A result card: a label, a formatted value, and the raw number in `data-value`.
#[component]
fn Card(
    title: &'static str,
    testid: &'static str,
    value: Signal<f64>,
    text: Signal<String>,
    #[prop(optional)] note: Option<Signal<String>>,
) -> impl IntoView {
    view! {
        <div class="card">
            <h3>{title}</h3>
            <p class="big" data-testid=testid data-value=move || value.get().to_string()>{move || text.get()}</p>
            {note.map(|n| view! { <p class="card-note">{move || n.get()}</p> })}
        </div>
    }
}

/// A figure of the operating point, or 0 when self-hosting is not feasible.
fn op(r: &Report, f: fn(&infercost::perf::PerfPoint) -> f64) -> f64 {
    r.self_host.operating_point.as_ref().map(f).unwrap_or(0.0)
}

/// The result cards.
#[component]
fn Results(report: Memo<Report>) -> impl IntoView {
    let num = move |f: fn(&Report) -> f64| Signal::derive(move || report.with(f));
    let txt = move |f: fn(&Report) -> String| Signal::derive(move || report.with(f));
    view! {
        <section class="results" aria-labelledby="results-h">
            <h2 id="results-h">"Results"</h2>
            <div class="cards">
                <Card title="API, per month" testid="api-monthly-usd"
                    value=num(|r| r.api.total_usd_per_month) text=txt(|r| format::usd(r.api.total_usd_per_month)) />
                <Card title="Self-hosted, per month" testid="selfhost-monthly-usd"
                    value=num(|r| r.self_host.total_usd_per_month)
                    text=txt(|r| if r.self_host.feasible { format::usd(r.self_host.total_usd_per_month) } else { "not feasible".into() }) />
                <Card title="Self-hosting saves" testid="savings-monthly-usd"
                    value=num(|r| r.savings_usd_per_month) text=txt(|r| format::usd(r.savings_usd_per_month))
                    note=txt(|r| if r.savings_usd_per_month >= 0.0 { "per month vs the API".into() } else { "negative: the API is cheaper".into() }) />
                <Card title="Break-even volume" testid="breakeven-requests-per-month"
                    value=num(|r| r.break_even_requests_per_month.unwrap_or(-1.0))
                    text=txt(|r| r.break_even_requests_per_month.map(|v| format!("{} req/mo", format::count(v))).unwrap_or_else(|| "none in range".into())) />
                <Card title="API per 1M tokens" testid="api-usd-per-mtok"
                    value=num(|r| r.api.usd_per_mtok) text=txt(|r| format::usd(r.api.usd_per_mtok)) />
                <Card title="Self-hosted per 1M tokens" testid="selfhost-usd-per-mtok"
                    value=num(|r| r.self_host.usd_per_mtok) text=txt(|r| format::usd(r.self_host.usd_per_mtok)) />
                <Card title="Replicas (with spares)" testid="replicas"
                    value=num(|r| f64::from(r.self_host.replicas_total))
                    text=txt(|r| format!("{} x {} GPUs", r.self_host.replicas_total, r.self_host.gpus_at_peak / r.self_host.replicas_total.max(1)))
                    note=txt(|r| format!("{} serving at peak", r.self_host.replicas_at_peak)) />
                <Card title="Average utilization" testid="utilization-pct"
                    value=num(|r| r.self_host.average_utilization * 100.0) text=txt(|r| format::percent(r.self_host.average_utilization))
                    note=txt(|r| format!("{} at the peak hour", format::percent(r.self_host.peak_utilization))) />
                <Card title="Time to first token" testid="ttft-ms"
                    value=num(|r| op(r, |p| p.ttft_s) * 1e3) text=txt(|r| format::duration_s(op(r, |p| p.ttft_s)))
                    note=txt(|r| format!("p95 at peak {}", format::duration_s(r.self_host.p95_ttft_at_peak_s))) />
                <Card title="Time per output token" testid="tpot-ms"
                    value=num(|r| op(r, |p| p.tpot_s) * 1e3) text=txt(|r| format::duration_s(op(r, |p| p.tpot_s))) />
                <Card title="Memory per GPU" testid="memory-per-gpu-gib"
                    value=num(|r| r.self_host.memory.as_ref().map(|m| m.total_bytes / (1u64 << 30) as f64).unwrap_or(0.0))
                    text=txt(|r| r.self_host.memory.as_ref().map(|m| format!("{:.1} / {:.0} GiB", m.total_bytes / (1u64 << 30) as f64, m.capacity_bytes / (1u64 << 30) as f64)).unwrap_or_else(|| "–".into()))
                    note=txt(|r| if r.self_host.memory.as_ref().is_some_and(|m| m.fits) { "fits".into() } else { "does not fit".into() }) />
                <Card title="Max concurrent sequences" testid="max-concurrency"
                    value=num(|r| f64::from(r.self_host.max_concurrent_sequences)) text=txt(|r| r.self_host.max_concurrent_sequences.to_string())
                    note=txt(|r| r.self_host.operating_point.as_ref().map(|p| format!("operating at {}", p.concurrency)).unwrap_or_default()) />
            </div>
        </section>
    }
}

/// The itemized monthly cost of each option.
#[component]
fn CostTable(report: Memo<Report>) -> impl IntoView {
    let rows = |f: fn(&Report) -> Vec<(&'static str, f64)>| {
        Signal::derive(move || {
            report.with(|r| {
                f(r).into_iter()
                    .map(|(k, v)| vec![k.to_string(), format::usd(v)])
                    .collect()
            })
        })
    };
    let api = rows(|r| {
        let a = &r.api;
        vec![
            ("Input tokens", a.input_usd),
            ("Cached input", a.cached_input_usd),
            ("Cache writes", a.cache_write_usd),
            ("Output tokens", a.output_usd),
            ("Extra calls", a.extra_calls_usd),
            ("Retries", a.retries_usd),
            ("Batch savings", -a.batch_savings_usd.abs()),
            ("Total", a.total_usd_per_month),
        ]
    });
    let self_host = rows(|r| {
        let s = &r.self_host;
        vec![
            ("GPU hours", s.gpu_usd),
            ("Spare replicas", s.redundancy_usd),
            ("Engineering", s.engineering_usd),
            ("Observability", s.observability_usd),
            ("Storage", s.storage_usd),
            ("Egress", s.egress_usd),
            ("Total", s.total_usd_per_month),
        ]
    });
    view! {
        <div class="tables">
            <DataTable caption="API, itemized" testid="cost-table-api" class="cost" headings=&["Item", "USD / month"] rows=api />
            <DataTable caption="Self-hosted, itemized" testid="cost-table-selfhost" class="cost" headings=&["Item", "USD / month"] rows=self_host />
        </div>
    }
}

/// Every default in use with its source and date, and warnings for old prices.
#[component]
fn Assumptions(scenario: RwSignal<Scenario>, report: Memo<Report>) -> impl IntoView {
    let stale = move || {
        report.with(|r| {
            let p = &r.prices;
            [
                (!p.api_overridden).then(|| ("API price", p.api_checked_date.clone())),
                (!p.gpu_overridden).then(|| ("GPU price", p.gpu_checked_date.clone())),
            ]
            .into_iter()
            .flatten()
            .filter_map(|(what, date)| {
                let date = date?;
                let age = prices::age_days(&date, BUILD_DATE)?;
                (age > STALE_AFTER_DAYS).then(|| format!("The {what} in use was checked on {date}, {age} days before this build: check it before relying on it."))
            })
            .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="assumptions" aria-labelledby="assumptions-h">
            <h2 id="assumptions-h">"Assumptions and sources"</h2>
            <ul class="warnings" data-testid="stale-prices">
                {move || stale().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
            </ul>
            <details class="panel">
                <summary>"Every default, with its source"</summary>
                <div class="panel-body">
                    <dl class="sources">
                        {move || report.with(|r| {
                            let p = &r.prices;
                            view! {
                                <dt>{format!("API price: {}", p.api_price_id)}</dt>
                                <dd>{format!("{} (checked {})", p.api_source, p.api_checked_date.clone().unwrap_or_else(|| "no date".into()))}</dd>
                                <dt>{format!("GPU price: {}", p.gpu_price_id)}</dt>
                                <dd>{format!("{} (checked {})", p.gpu_source, p.gpu_checked_date.clone().unwrap_or_else(|| "no date".into()))}</dd>
                            }
                        })}
                        {move || scenario.with(|s| {
                            let model = catalog::find_model(&s.self_host.model_id);
                            let gpu = catalog::find_gpu(&s.self_host.gpu_id);
                            view! {
                                {model.map(|m| view! { <dt>{format!("Model: {}", m.name)}</dt><dd>{format!("{} ({})", m.source, m.date)}</dd> })}
                                {gpu.map(|g| view! { <dt>{format!("GPU: {}", g.name)}</dt><dd>{format!("{} ({})", g.source, g.date)}</dd> })}
                            }
                        })}
                        {infercost::scenario::fields().iter().map(|f| view! {
                            <dt>{format!("{}: {} {}", fields::ui(f.key).map(|u| u.label).unwrap_or(f.name), format::plain(f.default), f.unit)}</dt>
                            <dd>{f.source}</dd>
                        }).collect_view()}
                    </dl>
                </div>
            </details>
        </section>
    }
}
