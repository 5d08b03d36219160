//! Chart components: each renders markup from `svg` (pure, tested) with a legend, a caption
//! and a data table, so the numbers are there for screen readers and for anyone who wants
//! them.

use crate::chart::nearest_index;
use crate::format;
use crate::svg;
use infercost::evaluate::Report;
use leptos::prelude::*;

/// A table with a header row and body rows of text, as one reusable component (one
/// instantiation for every table on the page keeps the WebAssembly small).
#[component]
pub fn DataTable(
    /// Column headings; the first column is the row heading.
    headings: &'static [&'static str],
    /// Body rows.
    rows: Signal<Vec<Vec<String>>>,
    /// Optional caption.
    #[prop(optional)]
    caption: Option<&'static str>,
    /// Optional `data-testid`.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// Extra class names.
    #[prop(optional)]
    class: Option<&'static str>,
) -> impl IntoView {
    view! {
        <table class=class data-testid=testid>
            {caption.map(|c| view! { <caption>{c}</caption> })}
            <thead><tr>{headings.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead>
            <tbody>
                {move || rows.get().into_iter().map(|row| {
                    let mut cells = row.into_iter();
                    let head = cells.next().unwrap_or_default();
                    view! {
                        <tr>
                            <th scope="row">{head}</th>
                            {cells.map(|c| view! { <td>{c}</td> }).collect_view()}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A legend: one entry per `(key class, text)`.
#[component]
fn Legend(entries: Vec<(&'static str, String)>) -> impl IntoView {
    view! {
        <ul class="legend">
            {entries.into_iter().map(|(key, text)| view! { <li><span class=format!("key {key}")></span>{text}</li> }).collect_view()}
        </ul>
    }
}

/// Cost vs monthly volume with a readout that follows the pointer, and the arrow keys when
/// the chart has focus.
#[component]
pub fn BreakEvenChart(report: Memo<Report>) -> impl IntoView {
    let selected = RwSignal::new(None::<usize>);
    let host = NodeRef::<leptos::html::Div>::new();
    let xs = Memo::new(move |_| report.with(svg::break_even_xs));

    let on_move = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = host.get() else { return };
        let rect = el.get_bounding_client_rect();
        if rect.width() <= 0.0 {
            return;
        }
        let px = (f64::from(ev.client_x()) - rect.left()) * 640.0 / rect.width();
        selected.set(xs.with(|xs| nearest_index(xs, px)));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = xs.with(Vec::len);
        if n == 0 {
            return;
        }
        let current = selected.get_untracked().unwrap_or_else(|| {
            report.with_untracked(|r| {
                r.curves
                    .volumes
                    .iter()
                    .position(|v| *v >= r.requests_per_month)
                    .unwrap_or(0)
            })
        });
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowUp" => (current + 1).min(n - 1),
            "ArrowLeft" | "ArrowDown" => current.saturating_sub(1),
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        ev.prevent_default();
        selected.set(Some(next));
    };
    let readout = move || {
        let i = selected.get()?;
        report.with(|r| {
            let c = &r.curves;
            Some(format!(
                "At {} requests a month: API {}, self-hosted {}, hybrid {} a month.",
                format::count(*c.volumes.get(i)?),
                format::usd(*c.api_usd.get(i)?),
                format::usd(*c.self_host_usd.get(i)?),
                format::usd(*c.hybrid_usd.get(i)?),
            ))
        })
    };
    let rows = Signal::derive(move || {
        report.with(|r| {
            let c = &r.curves;
            (0..c.volumes.len())
                .map(|i| {
                    let cell = |v: Option<&f64>| v.map(|v| format::usd(*v)).unwrap_or_default();
                    vec![
                        format::count(c.volumes[i]),
                        cell(c.api_usd.get(i)),
                        cell(c.self_host_usd.get(i)),
                        cell(c.hybrid_usd.get(i)),
                    ]
                })
                .collect()
        })
    });

    view! {
        <figure class="chart">
            <figcaption id="be-caption">"Monthly cost vs monthly volume (log scales)"</figcaption>
            <div
                class="svg-host"
                node_ref=host
                role="group"
                aria-labelledby="be-caption"
                aria-describedby="be-readout"
                tabindex="0"
                data-testid="chart-break-even"
                on:mousemove=on_move
                on:mouseleave=move |_| selected.set(None)
                on:keydown=on_key
                on:blur=move |_| selected.set(None)
                inner_html=move || report.with(|r| svg::break_even(r, selected.get()))
            ></div>
            <Legend entries=vec![
                ("api", "API".into()),
                ("self", "Self-hosted (whole replicas)".into()),
                ("hybrid", "Hybrid (base load self-hosted, overflow to the API)".into()),
                ("cross", "Break-even".into()),
            ] />
            <p class="readout" id="be-readout" aria-live="polite">
                {move || readout().unwrap_or_else(|| "Hover the chart, or focus it and use the arrow keys, to read the costs at a volume.".into())}
            </p>
            <details>
                <summary>"Data table: cost by volume"</summary>
                <DataTable headings=&["Requests / month", "API", "Self-hosted", "Hybrid"] rows />
            </details>
        </figure>
    }
}

/// Memory per GPU as one stacked bar against the GPU's capacity.
#[component]
pub fn MemoryChart(report: Memo<Report>) -> impl IntoView {
    let legend = move || {
        report.with(|r| {
            let parts = svg::memory_parts(r)?;
            let m = r.self_host.memory.as_ref()?;
            let keys = ["seg0", "seg1", "seg2", "seg3", "seg4"];
            let mut entries: Vec<(&'static str, String)> = keys
                .iter()
                .zip(parts)
                .map(|(k, (label, bytes))| (*k, format!("{label} {}", svg::gib(bytes))))
                .collect();
            entries.push((
                "capacity",
                format!(
                    "of {} {}",
                    svg::gib(m.capacity_bytes),
                    if m.fits { "(fits)" } else { "(does not fit)" }
                ),
            ));
            Some(entries)
        })
    };
    view! {
        <figure class="chart">
            <figcaption>"Memory per GPU at the operating point"</figcaption>
            <div class="svg-host" data-testid="chart-memory"
                inner_html=move || report.with(|r| svg::memory(r).unwrap_or_default())></div>
            {move || match legend() {
                Some(entries) => view! { <Legend entries /> }.into_any(),
                None => view! { <p>"No memory figure: the self-hosted setup is not valid."</p> }.into_any(),
            }}
        </figure>
    }
}

/// Output throughput and time per output token of one replica vs concurrency.
#[component]
pub fn ThroughputChart(report: Memo<Report>) -> impl IntoView {
    let summary = move || {
        report.with(|r| {
            r.self_host.operating_point.as_ref().map(|p| {
                format!(
                    "Operating point: {} concurrent requests per replica, {} output tokens/s in total, {} per token; bound by {}.",
                    p.concurrency,
                    format::count(p.output_tokens_per_s_total),
                    format::duration_s(p.tpot_s),
                    svg::bottleneck_name(p.bottleneck)
                )
            })
        })
    };
    let rows = Signal::derive(move || {
        report.with(|r| {
            r.self_host
                .curve
                .iter()
                .map(|p| {
                    vec![
                        p.concurrency.to_string(),
                        format::count(p.output_tokens_per_s_total),
                        format::duration_s(p.ttft_s),
                        format::duration_s(p.tpot_s),
                        svg::bottleneck_name(p.bottleneck).to_string(),
                    ]
                })
                .collect()
        })
    });
    view! {
        <figure class="chart">
            <figcaption>"One replica: output throughput and time per token vs concurrency"</figcaption>
            <div class="svg-host" data-testid="chart-throughput" inner_html=move || report.with(svg::throughput)></div>
            <Legend entries=vec![
                ("self", "Output tokens/s (left axis)".into()),
                ("latency", "Time per output token, ms (right labels)".into()),
                ("cross", "Operating point".into()),
            ] />
            <p>{summary}</p>
            <details>
                <summary>"Data table: performance by concurrency"</summary>
                <DataTable headings=&["Concurrency", "Output tok/s", "TTFT", "Time per token", "Bound by"] rows />
            </details>
        </figure>
    }
}

/// Sensitivity tornado: how the savings move when each key input goes low and high.
#[component]
pub fn TornadoChart(report: Memo<Report>) -> impl IntoView {
    let rows = Signal::derive(move || {
        report.with(|r| {
            r.sensitivity
                .iter()
                .map(|s| {
                    vec![
                        s.label.to_string(),
                        format::plain(s.low_value),
                        format::plain(s.high_value),
                        format::usd(s.delta_low_usd),
                        format::usd(s.delta_high_usd),
                    ]
                })
                .collect()
        })
    });
    view! {
        <figure class="chart">
            <figcaption>"What moves the savings most (change in USD/month)"</figcaption>
            <div class="svg-host" data-testid="chart-tornado" inner_html=move || report.with(svg::sensitivity)></div>
            <Legend entries=vec![("low", "Input at its low value".into()), ("high", "Input at its high value".into())] />
            <details>
                <summary>"Data table: sensitivity"</summary>
                <DataTable headings=&["Input", "Low", "High", "Savings change (low)", "Savings change (high)"] rows />
            </details>
        </figure>
    }
}
