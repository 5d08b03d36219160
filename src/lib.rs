//! InferCost's page: a Leptos (CSR) app over the pure `infercost` model.
//!
//! Logic lives in the model crate and in the pure helpers here (`format`, `scale`), which
//! build and test on the host; components only wire one scenario signal to the DOM.

pub mod app;
pub mod controls;
pub mod format;
pub mod scale;

pub use app::App;
