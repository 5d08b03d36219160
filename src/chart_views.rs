//! Chart components (views). The chart itself, its legend and its data table are markup
//! built by pure, tested functions (`chart_markup`, `chart_text`); these components place
//! them, keep the data table's disclosure state, and give the break-even chart its pointer
//! and keyboard readout.

use crate::chart_geometry::{key_step, nearest_index, viewbox_x};
use crate::{chart_markup, chart_text};
use infercost::evaluate::Report;
use leptos::prelude::*;

thread_local! {
    /// Counts chart width changes: the drawings read it, so a new width redraws them.
    static WIDTH_CHANGES: ArcRwSignal<u32> = ArcRwSignal::new(0);
}

/// Makes the calling drawing redraw when the chart width changes.
fn track_width() {
    WIDTH_CHANGES.with(|w| w.track());
}

/// The charts' column is `css_px` wide: draw at that width (`chart_markup::set_width`),
/// redrawing only when its 20 px step changes.
pub fn resize(css_px: f64) {
    if chart_markup::set_width(css_px) {
        WIDTH_CHANGES.with(|w| w.update(|n| *n += 1));
    }
}

/// A disclosure whose content is built only while it is open (data tables are long, and
/// rebuilding them on every slider step would cost time for nobody).
#[component]
pub fn LazyDetails(
    /// The summary line.
    summary: &'static str,
    /// Builds the content's HTML.
    content: Signal<String>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <details on:toggle=move |ev| open.set(crate::browser::details_open(&ev))>
            <summary>{summary}</summary>
            {move || open.get().then(|| view! { <div class="table-wrap" inner_html=move || content.get()></div> })}
        </details>
    }
}

/// Keeps `host`'s markup equal to `markup`: at once while its section is rendered; while the
/// browser skips the section (off-screen under `content-visibility: auto`), when the input
/// settles (`settled`, shortly after the last change). A slider drag then does not re-parse
/// charts nobody sees (~0.3 ms each per step), and print and screen readers do not meet
/// numbers older than that. Returns the handler for the section's
/// `contentvisibilityautostatechange` event.
fn write_when_shown(
    host_id: &'static str,
    markup: Memo<String>,
    report: Memo<Report>,
    settled: RwSignal<bool>,
    after_write: fn(&Report),
) -> impl Fn(web_sys::Event) + Copy {
    // A signal, so coming into view re-runs the first effect, which then watches the markup
    // again (a hover readout on the break-even chart redraws it).
    let shown = RwSignal::new(true);
    let stale = StoredValue::new(false);
    let write = move || {
        if let Some(el) = crate::browser::element(host_id) {
            markup.with_untracked(|m| el.set_inner_html(m));
            report.with_untracked(after_write);
        }
        stale.set_value(false);
    };
    Effect::new(move |_| {
        if shown.get() {
            markup.track();
            write();
        } else {
            // Hidden: note that the markup is out of date without building it (the memo is
            // lazy, and only the report is watched).
            report.track();
            stale.set_value(true);
        }
    });
    Effect::new(move |_| {
        settled.track();
        if stale.get_value() {
            write();
        }
    });
    move |ev: web_sys::Event| {
        let skipped = js_sys::Reflect::get(&ev, &"skipped".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if shown.get_untracked() == skipped {
            shown.set(!skipped);
        }
    }
}

/// Moves the break-even chart's "you" marker to the scenario's volume.
fn place_you(r: &Report) {
    place_you_at(&chart_markup::break_even_you_transform(r));
}

/// Sets the "you" marker's `transform` (see `chart_markup::break_even_you_transform`).
fn place_you_at(transform: &str) {
    if let Some(group) = crate::browser::element(chart_markup::YOU_ID) {
        let _ = group.set_attribute("transform", transform);
    }
}

/// A string that notifies its readers only when it changes.
pub fn memo(text: Signal<String>) -> Memo<String> {
    Memo::new(move |_| text.get())
}

/// A chart drawn by [`ChartFrame`]: its words and the pure functions (`chart_markup`,
/// `chart_text`) that draw it.
pub struct ChartSpec {
    /// Caption.
    pub caption: &'static str,
    /// `data-testid` of the chart's box.
    pub testid: &'static str,
    /// The chart (SVG markup).
    pub chart: fn(&Report) -> String,
    /// The legend (HTML).
    pub legend: fn(&Report) -> String,
    /// A sentence under the chart.
    pub note: fn(&Report) -> String,
    /// The data table's summary line.
    pub table_summary: &'static str,
    /// The data table (HTML), built only when opened.
    pub table: fn(&Report) -> String,
}

/// The evidence charts after break-even, in page order: throughput and latency vs
/// concurrency, memory per GPU, sensitivity tornado.
pub static FIGURES: [ChartSpec; 3] = [
    ChartSpec {
        caption: "One replica: output throughput and time per token vs concurrency",
        testid: "chart-throughput",
        chart: chart_markup::throughput,
        legend: |_| chart_text::throughput_legend(),
        note: chart_text::throughput_note,
        table_summary: "Data table: performance by concurrency",
        table: chart_text::throughput_table,
    },
    ChartSpec {
        caption: "Memory per GPU at the operating point",
        testid: "chart-memory",
        chart: |r| chart_markup::memory(r).unwrap_or_default(),
        legend: chart_text::memory_legend,
        note: chart_text::memory_note,
        table_summary: "Data table: memory per GPU",
        table: chart_text::memory_table,
    },
    ChartSpec {
        caption: "What moves the savings most (change in USD/month)",
        testid: "chart-tornado",
        chart: chart_markup::sensitivity,
        legend: |_| chart_text::sensitivity_legend(),
        note: |_| String::new(),
        table_summary: "Data table: sensitivity",
        table: chart_text::sensitivity_table,
    },
];

/// A figure: caption, chart markup, legend, an optional note, and a data table.
#[component]
pub fn ChartFrame(
    /// What the figure shows.
    spec: &'static ChartSpec,
    /// The report the chart is drawn from (watched, without drawing, while off-screen).
    report: Memo<Report>,
    /// Flips when the input settles (an off-screen chart catches up then).
    settled: RwSignal<bool>,
) -> impl IntoView {
    // Memos: most inputs leave a given chart unchanged, and an equal string is then not
    // written again (setting innerHTML re-parses and re-lays out the whole SVG).
    let drawn = move |f: fn(&Report) -> String| memo(Signal::derive(move || report.with(f)));
    let chart = memo(Signal::derive(move || {
        track_width();
        report.with(spec.chart)
    }));
    let on_visibility = write_when_shown(spec.testid, chart, report, settled, |_| ());
    let legend = drawn(spec.legend);
    let note = drawn(spec.note);
    let table = Signal::derive(move || report.with(spec.table));
    view! {
        <figure class="chart" on:contentvisibilityautostatechange=on_visibility>
            <figcaption>{spec.caption}</figcaption>
            // Focusable: on phones the drawing scrolls sideways, and a keyboard must reach it.
            <div class="svg-host" data-testid=spec.testid id=spec.testid tabindex="0" role="group" aria-label=spec.caption></div>
            <div inner_html=move || legend.get()></div>
            <p class="chart-note">{move || note.get()}</p>
            <LazyDetails summary=spec.table_summary content=table />
        </figure>
    }
}

/// Cost vs monthly volume, with a readout that follows the pointer, and the arrow keys when
/// the chart has focus.
#[component]
pub fn BreakEvenChart(
    report: Memo<Report>,
    /// Flips when the input settles (off-screen charts catch up then).
    settled: RwSignal<bool>,
) -> impl IntoView {
    let selected = RwSignal::new(None::<usize>);
    let xs = Memo::new(move |_| {
        track_width();
        report.with(chart_markup::break_even_xs)
    });
    // The drawing is rewritten only when it changes; a volume step within its decades moves
    // the "you" marker's transform alone (a rewrite re-parses and re-lays out ~70 elements).
    let on_visibility = write_when_shown(
        "be-host",
        memo(Signal::derive(move || {
            track_width();
            report.with(|r| chart_markup::break_even_unplaced(r, selected.get()))
        })),
        report,
        settled,
        place_you,
    );
    let you = memo(Signal::derive(move || {
        track_width();
        report.with(chart_markup::break_even_you_transform)
    }));
    Effect::new(move |_| you.with(|t| place_you_at(t)));

    let on_move = move |ev: leptos::ev::MouseEvent| {
        // The drawing, not its host: the host can be wider (the drawing stops at 640 px)
        // or narrower (on phones the drawing scrolls sideways).
        let Some(el) = crate::browser::element("be-host").and_then(|h| h.first_element_child())
        else {
            return;
        };
        let rect = el.get_bounding_client_rect();
        if rect.width() <= 0.0 {
            return;
        }
        let px = viewbox_x(
            f64::from(ev.client_x()),
            rect.left(),
            rect.width(),
            chart_markup::frame().width,
        );
        selected.set(xs.with(|xs| nearest_index(xs, px)));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let selected_now = selected.get_untracked();
        let next = key_step(
            &ev.key(),
            selected_now,
            || report.with_untracked(chart_text::index_at_scenario),
            xs.with(Vec::len),
        );
        if let Some(next) = next {
            ev.prevent_default();
            selected.set(Some(next));
        }
    };
    let readout = move || {
        selected
            .get()
            .and_then(|i| report.with(|r| chart_text::readout(r, i)))
            .unwrap_or_else(|| {
                "Hover the chart, or focus it and use the arrow keys, to read the costs at a volume.".into()
            })
    };
    let table = Signal::derive(move || report.with(chart_text::break_even_table));

    view! {
        <figure class="chart" on:contentvisibilityautostatechange=on_visibility>
            <figcaption id="be-caption">"Monthly cost vs monthly volume (log scales)"</figcaption>
            // A slider over the chart's volumes: screen readers pass arrow keys to it and read
            // its value text, the readout; sighted users see the marker move.
            <div
                class="svg-host"
                id="be-host"
                role="slider"
                aria-labelledby="be-caption"
                aria-valuemin="0"
                aria-valuemax=move || xs.with(|x| x.len().saturating_sub(1)).to_string()
                aria-valuenow=move || selected.get().unwrap_or_else(|| report.with(chart_text::index_at_scenario)).to_string()
                aria-valuetext=readout
                tabindex="0"
                data-testid="chart-break-even"
                on:mousemove=on_move
                on:mouseleave=move |_| selected.set(None)
                on:keydown=on_key
                on:blur=move |_| selected.set(None)
            ></div>
            <div inner_html=chart_text::break_even_legend()></div>
            <p class="readout" id="be-readout" aria-hidden="true">{readout}</p>
            <LazyDetails summary="Data table: cost by volume" content=table />
        </figure>
    }
}

/// The itemized monthly cost of each option, as two tables.
#[component]
pub fn CostTables(
    report: Memo<Report>,
    /// Flips when the input settles (off-screen charts catch up then).
    settled: RwSignal<bool>,
) -> impl IntoView {
    let on_visibility = write_when_shown(
        "cost-tables",
        memo(Signal::derive(move || report.with(chart_text::cost_tables))),
        report,
        settled,
        |_| (),
    );
    view! { <div class="tables" id="cost-tables" on:contentvisibilityautostatechange=on_visibility></div> }
}
