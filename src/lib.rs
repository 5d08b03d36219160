//! InferCost's page: a Leptos (CSR) app over the pure `infercost` model.
//!
//! Logic lives in the model crate and in the pure helpers here (`format`, `slider_scale`,
//! `fields`, `chart_geometry`, `chart_markup`, ...), which build and test on the host;
//! components only wire one scenario signal to the DOM. docs/PAGE.md lists every module.

pub mod app;
pub mod assumptions;
pub mod browser;
pub mod catalogs;
pub mod chart_geometry;
pub mod chart_markup;
pub mod chart_text;
pub mod chart_views;
pub mod choices;
pub mod command;
pub mod controls;
pub mod debounce;
pub mod fields;
pub mod first_scenario;
pub mod format;
pub mod html;
pub mod page_url;
pub mod result_cards;
pub mod slider_scale;

pub use app::App;

/// Applies `?theme=` and `?embed=` to the document (`data-theme` and `data-embed`
/// attributes the CSS reads: an attribute on the root, not `html:has(.embed)`, whose check
/// would run again at every text node a slider step inserts). Does nothing when the browser
/// APIs are unavailable.
pub fn apply_page_options(options: page_url::PageOptions) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    if let Some(theme) = options.theme {
        let _ = root.set_attribute("data-theme", theme);
    }
    if options.embed {
        let _ = root.set_attribute("data-embed", "");
    }
}

/// Reports the unit tests of several modules share.
#[cfg(test)]
mod test_reports {
    use infercost::evaluate::{evaluate, Report};
    use infercost::scenario::Scenario;

    /// The default scenario's report.
    pub fn default_report() -> Report {
        evaluate(&Scenario::default())
    }

    /// A self-hosted setup that cannot run (a 405B model on one L4).
    pub fn infeasible_report() -> Report {
        let mut s = Scenario::default();
        s.self_host.model_id = "llama-3.1-405b".into();
        s.self_host.gpu_id = "l4".into();
        s.self_host.gpus_per_replica = 1;
        evaluate(&s)
    }
}
