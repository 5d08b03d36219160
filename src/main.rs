//! Mounts the InferCost page after the static masthead of index.html (shown before the
//! WebAssembly arrives): the full calculator, or the compact embed with `?embed=1`.

/// The allocator: talc instead of Rust's default dlmalloc for WebAssembly, which it outruns
/// at a fraction of the code (see docs/PAGE.md, "Things that cost WebAssembly size").
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    // No panic hook: the page is built not to panic (property tests over every input), and
    // the hook's message formatting costs 1 KB of the first-load budget.
    use infercost_web::{browser, catalogs, first_scenario};
    let query = browser::query();
    let options = infercost_web::page_url::PageOptions::from_query(&query);
    infercost_web::apply_page_options(options);
    // A link (or saved state) that names a model, GPU or price outside the first load's core
    // rows waits for the whole catalogs, so it opens exactly as its author saw it.
    let stored = browser::storage::load();
    if !infercost::catalog::complete()
        && first_scenario::names_unknown_ids(&query, &stored, options.embed)
    {
        catalogs::when_ready(move |_| mount(options));
    } else {
        mount(options);
    }
}

fn mount(options: infercost_web::page_url::PageOptions) {
    // The charts draw as wide as they are shown (text stays 12 CSS px): a first guess from
    // the window, before the wide layout's two columns (68.75rem); the page's script then
    // reports the charts' column as laid out, and on every resize (`w` commands).
    let window_px = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .unwrap_or(640.0);
    if window_px < 1100.0 {
        infercost_web::chart_markup::set_width(window_px - 32.0);
    }
    // The default scenario's verdict that index.html shows until now: the app's own verdict
    // (for this scenario, perhaps a link's) replaces it.
    if let Some(first) = infercost_web::browser::element("first-answer") {
        first.remove();
    }
    if options.embed {
        // The compact embed has no masthead: index.html's static one goes.
        if let Some(header) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("masthead"))
        {
            header.remove();
        }
        leptos::mount::mount_to_body(infercost_web::app::EmbedApp);
    } else {
        leptos::mount::mount_to_body(infercost_web::App);
    }
    // The first screen paints, then the rest is built in small tasks.
    leptos::prelude::request_animation_frame(infercost_web::app::build_the_rest);
}
