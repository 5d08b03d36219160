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
    let options =
        infercost_web::page_url::PageOptions::from_query(&infercost_web::browser::query());
    infercost_web::apply_theme(options);
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
}
