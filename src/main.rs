//! Mounts the InferCost page: the full calculator, or the compact embed with `?embed=1`.
fn main() {
    // No panic hook: the page is built not to panic (property tests over every input), and
    // the hook's message formatting costs 1 KB of the first-load budget.
    infercost_web::apply_theme_from_url();
    let query = infercost_web::browser::query();
    if infercost_web::state::PageOptions::from_query(&query).embed {
        leptos::mount::mount_to_body(infercost_web::app::EmbedApp);
    } else {
        leptos::mount::mount_to_body(infercost_web::App);
    }
}
