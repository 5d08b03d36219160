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

/// Applies `?theme=` to the document (a `data-theme` attribute the CSS reads). Does nothing
/// when the browser APIs are unavailable.
pub fn apply_theme(options: state::PageOptions) {
    let root = || web_sys::window()?.document()?.document_element();
    if let (Some(theme), Some(root)) = (options.theme, root()) {
        let _ = root.set_attribute("data-theme", theme);
    }
}
