//! InferCost's page: a Leptos (CSR) app over the pure `infercost` model.
//!
//! Logic lives in the model crate and in the pure helpers here (`format`, `scale`,
//! `fields`, `chart`, `svg`), which build and test on the host; components only wire one
//! scenario signal to the DOM.

pub mod app;
pub mod browser;
pub mod cards;
pub mod chart;
pub mod charts;
pub mod choices;
pub mod controls;
pub mod export;
pub mod fields;
pub mod format;
pub mod html;
pub mod scale;
pub mod sinks;
pub mod sources;
pub mod state;
pub mod svg;

pub use app::App;

/// The theme a page query asks for: `?theme=light` or `?theme=dark`; `auto`, anything else
/// or nothing leaves it to `prefers-color-scheme`.
///
/// ```
/// assert_eq!(infercost_web::theme_from_query("?embed=1&theme=dark"), Some("dark"));
/// assert_eq!(infercost_web::theme_from_query("?theme=auto"), None);
/// assert_eq!(infercost_web::theme_from_query("?theme=<script>"), None);
/// ```
pub fn theme_from_query(query: &str) -> Option<&'static str> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(k, _)| *k == "theme")
        .find_map(|(_, v)| match v {
            "light" => Some("light"),
            "dark" => Some("dark"),
            _ => None,
        })
}

/// Applies `?theme=` to the document (a `data-theme` attribute the CSS reads). Does nothing
/// when the browser APIs are unavailable.
pub fn apply_theme_from_url() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let query = window.location().search().unwrap_or_default();
    if let (Some(theme), Some(root)) = (
        theme_from_query(&query),
        window.document().and_then(|d| d.document_element()),
    ) {
        let _ = root.set_attribute("data-theme", theme);
    }
}
