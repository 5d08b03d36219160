//! The page: one scenario signal, one memoized report, and views of both.

use crate::browser;
use crate::catalogs;
use crate::chart_views::{memo, BreakEvenChart, ChartFrame, CostTables, LazyDetails, FIGURES};
use crate::command::Command;
use crate::controls::{ChoiceField, ScenarioField};
use crate::fields;
use crate::format;
use crate::{assumptions, choices, debounce, first_scenario, html, page_url, result_cards};
use infercost::evaluate::{evaluate, Report};
use infercost::input::Panel;
use infercost::link;
use infercost::presets;
use infercost::scenario::Scenario;
use infercost::words;
use leptos::prelude::*;
use std::cell::Cell;
use std::time::Duration;

/// How long input must rest before the address bar, saved state and off-screen charts follow
/// it (a slider drag writes them once, at the end).
const SETTLE_DELAY: Duration = Duration::from_millis(300);

/// How long input must rest before screen readers hear the new verdict (not on every step).
const ANNOUNCE_DELAY: Duration = Duration::from_millis(600);

type Builder = Box<dyn FnOnce()>;

thread_local! {
    /// The parts of the page a first screen does not show, queued by [`later`].
    static LATER: std::cell::RefCell<std::collections::VecDeque<Builder>> =
        const { std::cell::RefCell::new(std::collections::VecDeque::new()) };
    /// How many parts were ever queued: each one's id, never reused.
    static QUEUED: Cell<usize> = const { Cell::new(0) };
}

/// Queues `view` to be built after the first paint into the element that carries the returned
/// id (see [`build_the_rest`]).
fn later<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> String {
    LATER.with(|queue| {
        let mut queue = queue.borrow_mut();
        let id = format!("later-{}", QUEUED.with(|n| n.replace(n.get() + 1)));
        let parent = id.clone();
        queue.push_back(Box::new(move || {
            use leptos::wasm_bindgen::JsCast;
            if let Some(el) = browser::element(&parent).and_then(|e| e.dyn_into().ok()) {
                // The page lives as long as the tab: never unmounted.
                std::mem::forget(leptos::mount::mount_to(el, view));
            }
        }));
        id
    })
}

/// Builds the parts of the page a first screen does not show (the advanced panels' fields,
/// the evidence charts and tables, the sources), one per task, in page order; then marks the
/// document `data-built` (browser tests wait for it). Built with the rest, the page's start
/// was one ~100 ms task (~400 ms on Lighthouse's 4x-slowed phone) that blocked input
/// (docs/PAGE.md, "Start in small tasks"). Called once, from a frame callback after the
/// first screen is mounted: that runs before its frame is painted, so the first part waits
/// for a task, which runs after the paint.
pub fn build_the_rest() {
    set_timeout(build_next, Duration::ZERO);
}

/// Builds the next queued part and queues itself as a new task; marks the document built
/// after the last.
fn build_next() {
    match LATER.with(|queue| queue.borrow_mut().pop_front()) {
        Some(build) => {
            build();
            set_timeout(build_next, Duration::ZERO);
        }
        None => browser::mark_built(),
    }
}

/// How long after its check date a bundled price is flagged as possibly stale.
pub const STALE_AFTER_DAYS: i64 = 90;

/// The page's state: one scenario, the report and link derived from it, and the notices.
/// Also starts the sinks that mirror the scenario into the address bar and saved state.
#[derive(Clone, Copy)]
struct PageState {
    scenario: RwSignal<Scenario>,
    report: Memo<Report>,
    link: Memo<String>,
    notices: RwSignal<Vec<String>>,
    /// The offer the page opens with, as markup (see [`show_offer`]).
    first_offer: StoredValue<String, LocalStorage>,
    /// Writes a scenario query to the address bar and saved state now (what the debounced
    /// sink does once input rests).
    flush: StoredValue<std::rc::Rc<dyn Fn(String)>, LocalStorage>,
    /// An edit not yet written (see `debounce::Pending`): what a page being hidden flushes.
    pending: debounce::Pending,
    /// Flips 300 ms after the last change (a plain signal used as a trigger: no new reactive
    /// type in the WebAssembly); sections off-screen catch up then.
    settled: RwSignal<bool>,
}

fn page_state(embed: bool) -> PageState {
    let query = browser::query();
    let stored = if embed {
        Ok(None)
    } else {
        browser::storage::load()
    };
    let mut init = first_scenario::initial(&query, stored, embed);
    // The page waited for the price catalogs (a link naming another price) and they failed.
    init.notices
        .extend(catalogs::failure().map(|why| catalogs::failure_notice(&why)));
    let scenario = RwSignal::new(init.scenario);
    let notices = RwSignal::new(init.notices);
    let first_offer = init.offer.map(|o| show_offer(Some(o)));
    // Every scenario change is a new report, so comparing reports would only cost time and
    // WebAssembly (a deep PartialEq over curves and tables): always propagate.
    let report = Memo::new_with_compare(move |_| scenario.with(evaluate), |_, _| true);
    let link = Memo::new(move |_| scenario.with(link::to_query));

    // What follows a settled input (one timer per step instead of three): the address bar
    // (only when it changed, keeping the page's own keys: embed, theme), saved state for the
    // next visit (never from an embed, which shows its author's link; not while an offer
    // holds it), and the `settled` signal that off-screen charts catch up on. Also run when
    // the page is hidden (a tab closed or reloaded within the delay keeps its last edit).
    let page_keys = page_url::page_suffix(&query);
    let save = !embed && init.storage_usable;
    let carry = init.carry;
    let told = std::cell::Cell::new(false);
    let settled = RwSignal::new(false);
    let write = std::rc::Rc::new(move |q: String| {
        let full = format!("{q}{page_keys}");
        if browser::query() != full {
            let _ = browser::set_query(&full, false);
        }
        // A link shown for a manual copy follows later edits.
        let _ = browser::refresh_link_box(&page_url::share_url(&browser::base_url(), &q));
        let held = HOLD.with(Cell::get);
        // Said once, however many saves fail after it.
        if save
            && !held
            && browser::storage::save(&format!("{q}{carry}")).is_err()
            && !told.replace(true)
        {
            notices.update(|n| {
                n.push(
                    "Saving failed (storage is full or blocked); the link keeps your changes."
                        .into(),
                )
            });
        }
        settled.update(|flip| *flip = !*flip);
    });
    let w = write.clone();
    let pending = debounce::debounced(link, SETTLE_DELAY, false, Box::new(move |q| w(q)));
    PageState {
        scenario,
        report,
        link,
        notices,
        first_offer: StoredValue::new_local(first_offer.unwrap_or_default()),
        flush: StoredValue::new_local(write),
        pending,
        settled,
    }
}

/// The full calculator.
#[component]
pub fn App() -> impl IntoView {
    let page = page_state(false);
    let PageState {
        scenario,
        report,
        notices,
        settled,
        ..
    } = page;
    // Results in view: on wide screens the answer (verdict, cards, break-even chart, then the
    // actions on it) is a column that stays in view beside the inputs; on narrow ones it
    // follows the inputs, and a bar with its headline stays at the top while they are edited.
    // The document order is the reading and focus order on both.
    let headline = move || report.with(|r| words::headline(&r.verdict));
    view! {
        <main>
            <DismissibleNotices notices />
            <div id="offer" inner_html=page.first_offer.get_value()></div>
            <div class="workbench">
                // A tap jumps to the full answer. Hidden from assistive technology and out
                // of the tab order: the verdict itself is announced when input settles, and
                // the bar would repeat it.
                <a class="answer-bar" href="#verdict-h" tabindex="-1" aria-hidden="true" data-testid="results-summary">{headline}</a>
                // The whole price catalogs load when a person first reaches for an input,
                // ahead of the pick that needs them.
                <section
                    class="inputs"
                    aria-labelledby="inputs-h"
                    data-prices=move || if catalogs::track_ready() { "full" } else { "core" }
                    on:pointerover=|_| catalogs::start()
                    on:focusin=|_| catalogs::start()
                >
                    <h2 id="inputs-h">"Your workload and setup"</h2>
                    <div class="simple">
                        <PanelFields panel=Panel::Simple scenario />
                    </div>
                    <Pickers scenario notices />
                    <AdvancedPanels scenario notices />
                </section>
                <div class="answer">
                    <Verdict report />
                    <Results report />
                    <BreakEvenChart report settled />
                    <Toolbar page />
                </div>
            </div>
            <section id="tools-panel" class="tools-panel" aria-labelledby="tools-h" data-testid="tools-panel" hidden></section>
            <section class="evidence" aria-labelledby="charts-h">
                <h2 id="charts-h">"Evidence"</h2>
                {FIGURES.iter().map(|spec| view! { <div id=later(move || view! { <ChartFrame spec report settled /> })></div> }).collect_view()}
                <div id=later(move || view! { <CostTables report settled /> })></div>
            </section>
            <div id=later(move || view! { <Assumptions scenario report /> })></div>
        </main>
        <footer class="footer">
            <p>"Every number is computed in your browser; nothing you enter leaves this page. Model and sources: docs/MODEL.md in the InferCost repository."</p>
        </footer>
    }
}

/// The compact embed (`?embed=1`), reporting its height to the parent frame.
#[component]
pub fn EmbedApp() -> impl IntoView {
    let page = page_state(true);
    let _ = browser::report_height();
    view! { <Embed page /> }
}

/// The compact embed: verdict, the key sliders, the break-even chart, and a link to the
/// full calculator with the same scenario.
#[component]
fn Embed(page: PageState) -> impl IntoView {
    let PageState {
        scenario,
        report,
        notices,
        settled,
        ..
    } = page;
    let full = move || page_url::share_url(&browser::base_url(), &page.link.get());
    view! {
        <main class="embed">
            <Verdict report />
            <DismissibleNotices notices />
            <div class="simple">
                <PanelFields panel=Panel::Simple scenario />
            </div>
            <BreakEvenChart report settled />
            <p class="embed-footer">
                <a href=full target="_blank" rel="noopener" data-testid="open-full">"Open the full calculator"</a>
                " · InferCost: every number is computed in your browser."
            </p>
        </main>
    }
}

/// Notices about the link, saved state or a choice that needs attention; dismissible (unlike
/// the report's warnings under the verdict, which last as long as their cause). The
/// container stays in the page as a polite live region, so a notice added later (a GPU
/// without a bundled price, a failed download) is announced too.
///
/// Written as markup (`html::notices`); its Dismiss button carries the command `dismiss`
/// (see [`ToolbarAction::Command`]; `src/js/files.js` also removes it at once, which is all an
/// embed needs). As a Leptos view with its own handler it measured ~1 KB more.
#[component]
fn DismissibleNotices(notices: RwSignal<Vec<String>>) -> impl IntoView {
    Effect::new(move |_| {
        let markup = notices.with(|n| html::notices(n));
        if let Some(e) = browser::element("notices") {
            e.set_inner_html(&markup);
        }
    });
    view! { <div class="notices-region" id="notices" role="status" aria-label="Notices"></div> }
}

thread_local! {
    /// Whether the offer shown holds saving (see `first_scenario::Offer::holds_saving`).
    static HOLD: Cell<bool> = const { Cell::new(false) };
}

/// Shows an offer about the person's saved work (or none) in the offer bar, and returns its
/// markup (`first_scenario::offer_markup`). Its buttons carry commands (see
/// [`ToolbarAction::Command`]). Markup rather than a Leptos view with a signal, an effect
/// and a handler per button: that measured 2 KB more of the first load.
fn show_offer(offer: Option<first_scenario::Offer>) -> String {
    HOLD.with(|h| h.set(offer.as_ref().is_some_and(|o| o.holds_saving)));
    let markup = offer
        .as_ref()
        .map(first_scenario::offer_markup)
        .unwrap_or_default();
    if let Some(e) = browser::element("offer") {
        e.set_inner_html(&markup);
    }
    markup
}

/// What a toolbar button does. The button carries [`ToolbarAction::id`] in `data-action`, and
/// one click handler for the whole toolbar reads it back with [`ToolbarAction::parse`].
#[derive(Debug, Clone, Copy, PartialEq)]
enum ToolbarAction {
    /// Loads the preset chosen in the select.
    LoadPreset,
    /// Copies the share link (or shows it for a manual copy).
    CopyLink,
    /// Downloads the report as CSV.
    Csv,
    /// Downloads the report as JSON.
    Json,
    /// Downloads the break-even chart as SVG.
    Svg,
    /// Downloads the break-even chart as PNG.
    Png,
    /// Prints the page.
    Print,
    /// Resets to the defaults and forgets saved state.
    Reset,
    /// Opens the search for the cheapest deployment (on demand, in a worker).
    Search,
    /// Opens "import a model" (a config.json).
    Import,
    /// Opens "calibrate from a benchmark".
    Calibrate,
    /// Runs the command `src/js/files.js` or `public/tools.js` wrote into the hidden command
    /// button's `data-command` before clicking it (`crate::command::Command`): browser events,
    /// offer choices and the tools' "Use this" reach the WebAssembly through this one
    /// delegated handler rather than a closure each (every closure costs first-load bytes).
    Command,
}

impl ToolbarAction {
    const ALL: [ToolbarAction; 12] = [
        ToolbarAction::LoadPreset,
        ToolbarAction::CopyLink,
        ToolbarAction::Csv,
        ToolbarAction::Json,
        ToolbarAction::Svg,
        ToolbarAction::Png,
        ToolbarAction::Print,
        ToolbarAction::Reset,
        ToolbarAction::Search,
        ToolbarAction::Import,
        ToolbarAction::Calibrate,
        ToolbarAction::Command,
    ];

    /// The button's `data-action`.
    fn id(self) -> &'static str {
        match self {
            ToolbarAction::LoadPreset => "preset",
            ToolbarAction::CopyLink => "copy",
            ToolbarAction::Csv => "csv",
            ToolbarAction::Json => "json",
            ToolbarAction::Svg => "svg",
            ToolbarAction::Png => "png",
            ToolbarAction::Print => "print",
            ToolbarAction::Reset => "reset",
            ToolbarAction::Search => "search",
            ToolbarAction::Import => "import",
            ToolbarAction::Calibrate => "calibrate",
            ToolbarAction::Command => "command",
        }
    }

    /// The action whose [`id`](ToolbarAction::id) is `id`.
    fn parse(id: &str) -> Option<ToolbarAction> {
        ToolbarAction::ALL.into_iter().find(|a| a.id() == id)
    }
}

/// Presets, share, embed, export, print and reset.
#[component]
fn Toolbar(page: PageState) -> impl IntoView {
    let PageState {
        scenario,
        link,
        notices,
        flush,
        pending,
        settled,
        ..
    } = page;
    let url = move || page_url::share_url(&browser::base_url(), &link.get());
    let chosen = RwSignal::new(String::new());
    // One handler for every action button (event delegation): each button says what it does
    // in data-action. One closure instead of seven keeps the WebAssembly smaller.
    let act = move |action: ToolbarAction| {
        match action {
            ToolbarAction::LoadPreset => {
                let id = chosen.get_untracked();
                if let Some(p) = presets::presets().iter().find(|p| p.id == id) {
                    scenario.set(link::from_query(p.query).scenario);
                }
            }
            ToolbarAction::CopyLink => {
                let _ = browser::copy_link(&url());
            }
            ToolbarAction::Print => {
                // Off-screen charts catch up first (their effects run before the print).
                settled.update(|flip| *flip = !*flip);
                let _ = browser::print_soon();
            }
            ToolbarAction::Reset => {
                // The scenario before the reset stays one Undo, or one Back, away: its entry
                // is written now and the defaults get an entry of their own.
                let previous = link.get_untracked();
                flush.with_value(|f| f(previous.clone()));
                let _ = browser::set_query(first_scenario::FRESH, true);
                scenario.set(Scenario::default());
                notices.set(Vec::new());
                // While an offer holds saving (a shared link over the person's own saved
                // scenario), their saved scenario and the choice stay as they are.
                if !HOLD.with(Cell::get) {
                    let _ = browser::storage::clear();
                    show_offer(Some(first_scenario::after_reset(previous)));
                }
            }
            ToolbarAction::Command => {
                let command = browser::element("command")
                    .and_then(|e| e.get_attribute("data-command"))
                    .unwrap_or_default();
                let save_now = move || flush.with_value(|f| f(link.get_untracked()));
                // A scenario to open may name a model or GPU beyond the core rows: applied
                // once the whole catalogs are in, as a link that names one is.
                let open = move |query: String| {
                    catalogs::when_ready(move |_| scenario.set(link::from_query(&query).scenario))
                };
                match Command::parse(&command) {
                    Some(Command::Open(query)) => open(query),
                    Some(Command::Choose(choice)) => {
                        show_offer(None);
                        match choice {
                            Some(query) => open(query),
                            None => save_now(),
                        }
                    }
                    // Only an edit still waiting: a page merely viewed saves nothing.
                    Some(Command::Flush) if pending.with_value(Option::is_some) => save_now(),
                    Some(Command::Dismiss) => notices.set(Vec::new()),
                    Some(Command::ChartWidthPx(px)) => crate::chart_views::resize(f64::from(px)),
                    Some(Command::OtherTabSaved) => {
                        if let Ok(Some(theirs)) = browser::storage::load() {
                            if !first_scenario::same_saved(&theirs, &link.get_untracked()) {
                                show_offer(Some(first_scenario::other_tab(theirs)));
                            }
                        }
                    }
                    _ => {}
                }
            }
            // The report's CSV and JSON are made by the tools worker too (with serde_json,
            // which the first load does not carry), and the chart files by tools.js (with a
            // title, the verdict, the key inputs, the legend, the date and a link).
            ToolbarAction::Search
            | ToolbarAction::Import
            | ToolbarAction::Calibrate
            | ToolbarAction::Csv
            | ToolbarAction::Json
            | ToolbarAction::Svg
            | ToolbarAction::Png => {
                browser::open_tool(action.id(), &link.get_untracked());
            }
        }
    };
    let preset_options: Vec<(&str, &str)> =
        presets::presets().iter().map(|p| (p.id, p.name)).collect();
    view! {
        <section class="toolbar" aria-label="Share and export" on:click=move |ev| {
            if let Some(action) = browser::action_of(&ev).as_deref().and_then(ToolbarAction::parse) {
                act(action);
            }
        }>
            <div class="picker">
                <label for="preset">"Start from a preset"</label>
                <div class="preset-row">
                    // Choosing does not apply (arrowing through a closed select fires change
                    // on some systems); the button does.
                    <select id="preset" data-testid="preset" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        <option value="">"Choose a preset"</option>
                        {preset_options.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                    <button type="button" data-action=ToolbarAction::LoadPreset.id() data-testid="load-preset">"Load preset"</button>
                </div>
            </div>
            <div class="actions">
                <button type="button" data-action=ToolbarAction::Search.id() data-testid="find-cheapest">"Find the cheapest setup"</button>
                <button type="button" data-action=ToolbarAction::Import.id() data-testid="open-import">"Import a model"</button>
                <button type="button" data-action=ToolbarAction::Calibrate.id() data-testid="open-calibrate">"Calibrate"</button>
            </div>
            <button type="button" hidden id="command" data-action=ToolbarAction::Command.id()></button>
            <div class="actions">
                <button type="button" data-action=ToolbarAction::CopyLink.id() data-testid="copy-link">"Copy link"</button>
                <button type="button" data-action=ToolbarAction::Csv.id() data-testid="download-csv">"CSV"</button>
                <button type="button" data-action=ToolbarAction::Json.id() data-testid="download-json">"JSON"</button>
                <button type="button" data-action=ToolbarAction::Svg.id() data-testid="download-svg">"Chart SVG"</button>
                <button type="button" data-action=ToolbarAction::Png.id() data-testid="download-png">"Chart PNG"</button>
                <button type="button" data-action=ToolbarAction::Print.id() data-testid="print">"Print"</button>
                <button type="button" data-action=ToolbarAction::Reset.id() data-testid="reset">"Reset to defaults"</button>
            </div>
            <p class="copy-status" id=browser::COPY_STATUS_ID role="status"></p>
            <input type="text" readonly hidden id=browser::LINK_BOX_ID class="link-box" aria-label="Link to this scenario" />
            <details class="panel">
                <summary>"Embed this calculator"</summary>
                <div class="panel-body single">
                    <label for="embed-snippet">"Paste this into your page; the frame sizes itself to its content."</label>
                    // Written by src/js/files.js when the panel opens and when the box gets focus.
                    <textarea id="embed-snippet" data-testid="embed-snippet" readonly rows="6"></textarea>
                </div>
            </details>
        </section>
    }
}

/// The verdict line, a polite announcement once input settles, and the report's warnings
/// (inputs replaced by their defaults, and the model's warnings).
#[component]
fn Verdict(report: Memo<Report>) -> impl IntoView {
    // Announce the verdict ~0.6 s after the last change, not on every slider step: the
    // status element's text is written by a timer, outside the reactive graph.
    let verdict = Memo::new(move |_| report.with(|r| words::verdict(&r.verdict)));
    let how_sure = Memo::new(move |_| report.with(words::basis).unwrap_or_default());
    debounce::debounced(
        verdict,
        ANNOUNCE_DELAY,
        false,
        Box::new(move |text: String| {
            if let Some(p) = browser::element("verdict-status") {
                p.set_text_content(Some(&text));
            }
        }),
    );
    view! {
        <section class="verdict" aria-labelledby="verdict-h">
            <h2 id="verdict-h" class="visually-hidden">"Verdict"</h2>
            <p class="verdict-text" data-testid="verdict"
                data-choice=move || report.with(|r| r.verdict.choice().id())
                data-close-call=move || report.with(|r| r.verdict.close_call().to_string())
            >{verdict}</p>
            <p class="certainty" data-testid="certainty">{how_sure}</p>
            <p class="visually-hidden" role="status" id="verdict-status"></p>
            {move || report.with(|r| {
                let warnings: Vec<String> = r.issues.iter().map(words::issue)
                    .chain(r.warnings.iter().map(words::warning))
                    .collect();
                (!warnings.is_empty()).then(|| view! {
                    <ul class="report-warnings" data-testid="report-warnings">
                        {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                    </ul>
                })
            })}
        </section>
    }
}

/// The model, GPU, GPU count, engine and API pickers.
#[component]
fn Pickers(scenario: RwSignal<Scenario>, notices: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <div class="pickers">
            {choices::SIMPLE.iter().map(|choice| view! { <ChoiceField choice scenario notices /> }).collect_view()}
        </div>
    }
}

/// Every other scenario input, in disclosure panels.
#[component]
fn AdvancedPanels(scenario: RwSignal<Scenario>, notices: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <div class="panels">
            <details class="panel" id=later(move || view! {
                <div class="panel-body">
                    {choices::SELF_HOST.iter().map(|choice| view! { <ChoiceField choice scenario notices /> }).collect_view()}
                    <MeasuredThroughput scenario />
                </div>
            })>
                <summary>"Self-hosted setup"</summary>
            </details>
            <CustomPanel panel=Panel::CustomGpu scenario />
            <CustomPanel panel=Panel::CustomModel scenario />
            {Panel::ADVANCED.into_iter().map(|panel| {
                let extra: &'static [choices::Choice] = if panel == Panel::Workload { &choices::WORKLOAD } else { &[] };
                view! {
                    <details class="panel" id=later(move || view! {
                        <div class="panel-body">
                            {extra.iter().map(|choice| view! { <ChoiceField choice scenario notices /> }).collect_view()}
                            <PanelFields panel scenario />
                        </div>
                    })>
                        <summary>{panel.title()}</summary>
                    </details>
                }
            }).collect_view()}
        </div>
    }
}

/// The numeric fields of one panel, in registry order (one component for every panel, so the
/// view code is compiled once).
#[component]
fn PanelFields(panel: Panel, scenario: RwSignal<Scenario>) -> impl IntoView {
    fields::panel(panel)
        .into_iter()
        .map(|ui| view! { <ScenarioField ui scenario /> })
        .collect_view()
}

/// A custom GPU or model architecture: the numbers in use, the catalog entry's until one is
/// edited, which makes a custom copy.
#[component]
fn CustomPanel(panel: Panel, scenario: RwSignal<Scenario>) -> impl IntoView {
    let gpu = panel == Panel::CustomGpu;
    let custom = move || {
        scenario.with(|s| {
            if gpu {
                s.self_host.custom_gpu.is_some()
            } else {
                s.self_host.custom_model.is_some()
            }
        })
    };
    let what = if gpu { "GPU" } else { "model" };
    view! {
        <details class="panel" id=later(move || view! {
            <div class="panel-body">
                <p class="field-help custom-status" data-testid=if gpu { "custom-gpu-status" } else { "custom-model-status" }>
                    {move || if custom() {
                        format!("Custom {what} in use. Choosing a {what} above, or the button, returns to the catalog.")
                    } else {
                        format!("The catalog {what}'s numbers, from its source. Editing one makes a custom {what} (it travels in the share link).")
                    }}
                </p>
                <button type="button" class="custom-reset" data-testid=if gpu { "custom-gpu-reset" } else { "custom-model-reset" }
                    disabled=move || !custom()
                    on:click=move |_| scenario.update(|s| if gpu { s.self_host.custom_gpu = None } else { s.self_host.custom_model = None })>
                    {format!("Use the catalog {what}")}
                </button>
                <PanelFields panel scenario />
            </div>
        })>
            <summary>{panel.title()}</summary>
        </details>
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
                    autocomplete="off"
                    aria-invalid=move || error.with(|e| e.is_some()).to_string()
                    aria-describedby=move || if error.with(|e| e.is_some()) { "measured-tps-help measured-tps-error" } else { "measured-tps-help" }
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
            <p class="field-error" id="measured-tps-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// The result cards (built as data in `result_cards`, rendered as escaped markup).
#[component]
fn Results(report: Memo<Report>) -> impl IntoView {
    // Written once as markup; a slider step then rewrites only the numbers and notes that
    // changed (a fresh innerHTML for all twelve cards measured ~0.4 ms a step; the cards as
    // reactive views cost ~2 KB of WebAssembly).
    // Built only while its disclosure is open (LazyDetails), never on a closed slider step.
    let unit_costs = Signal::derive(move || report.with(result_cards::unit_costs_table));
    let first = report.with_untracked(result_cards::cards);
    let initial = result_cards::markup(&first);
    let shown = StoredValue::new(first);
    Effect::new(move |_| {
        let new = report.with(result_cards::cards);
        let Some(el) = browser::element("cards") else {
            return;
        };
        shown.update_value(|old| {
            match result_cards::changes(old, &new) {
                Some(changed) => {
                    for (i, value, text, note) in changed {
                        browser::set_card(&el, i, &value, text, note);
                    }
                }
                None => el.set_inner_html(&result_cards::markup(&new)),
            }
            *old = new;
        });
    });
    view! {
        <section class="results" aria-labelledby="results-h">
            <h2 id="results-h">"Results"</h2>
            <details class="glossary" data-testid="glossary">
                <summary>"What the terms mean"</summary>
                <div inner_html=result_cards::glossary_markup()></div>
            </details>
            <div class="cards" id="cards" inner_html=initial></div>
            <div class="unit-costs-panel" data-testid="unit-costs">
                <LazyDetails summary="Unit costs of all three plans" content=unit_costs />
            </div>
        </section>
    }
}

/// Every default in use with its source and date, and warnings for old prices.
#[component]
fn Assumptions(scenario: RwSignal<Scenario>, report: Memo<Report>) -> impl IntoView {
    // Read once: a price's age is counted to the day the reader opened the page.
    let today = crate::browser::today_utc();
    let stale = move || {
        report.with(|r| {
            let items: Vec<(String, String)> =
                assumptions::stale_warnings(r, &today, STALE_AFTER_DAYS)
                    .into_iter()
                    .map(|w| ("Check this price".to_string(), w))
                    .collect();
            if items.is_empty() {
                String::new()
            } else {
                html::definitions(&items)
            }
        })
    };
    let stale = memo(Signal::derive(stale));
    // The catalog rows' sources arrive with the whole catalogs (the first load's rows carry
    // none), like the inputs' sources below.
    let in_use = memo(Signal::derive(move || {
        if !crate::catalogs::track_ready() {
            return String::new();
        }
        scenario.with(|s| report.with(|r| html::definitions(&assumptions::catalog_sources(s, r))))
    }));
    // The defaults' sources arrive with the catalogs; built once they are in, not on every
    // input. Opening the panel fetches them.
    let defaults = move || {
        let ready = crate::catalogs::track_ready();
        assumptions::defaults_markup(
            assumptions::default_sources(crate::catalogs::field_source).filter(|_| ready),
            crate::catalogs::failure().map(|why| crate::catalogs::failure_notice(&why)),
        )
    };
    view! {
        <section class="assumptions" aria-labelledby="assumptions-h">
            <h2 id="assumptions-h">"Assumptions and sources"</h2>
            <div class="warnings" data-testid="stale-prices" inner_html=move || stale.get()></div>
            <details class="panel" on:toggle=|_| crate::catalogs::start()>
                <summary>"Every default, with its source"</summary>
                <div class="panel-body single">
                    <div inner_html=move || in_use.get()></div>
                    <div inner_html=defaults></div>
                </div>
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toolbar_actions_read_back_from_their_ids() {
        for action in ToolbarAction::ALL {
            assert_eq!(
                ToolbarAction::parse(action.id()),
                Some(action),
                "{action:?}"
            );
        }
        assert_eq!(ToolbarAction::parse(""), None);
        assert_eq!(ToolbarAction::parse("Copy"), None);
    }
}
