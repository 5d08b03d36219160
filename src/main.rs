//! Mounts the InferCost page.
fn main() {
    console_error_panic_hook::set_once();
    infercost_web::apply_theme_from_url();
    leptos::mount::mount_to_body(infercost_web::App);
}
