//! The assumptions panel's content: every default in use with its source and date, and
//! warnings for bundled prices older than the allowed age. Pure; tested on the host.
//!
//! Everything here comes from the bundled catalogs (looked up by id; an id the catalogs do
//! not know reads as "custom"), never from text a link or saved state supplied.

use crate::format;
use infercost::evaluate::Report;
use infercost::scenario::Scenario;
use infercost::{catalog, prices};

/// `(what, source)` pairs for the catalog entries the scenario uses (API and GPU prices,
/// model, GPU). These change with the scenario.
pub fn catalog_sources(s: &Scenario, r: &Report) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match prices::find_api_price(&r.prices.api_price_id) {
        Some(p) => out.push((
            format!("API price: {} {}", p.provider, p.model),
            format!("{} (checked {})", p.source, p.checked_date),
        )),
        None => out.push(("API price: custom".into(), "Entered by you.".into())),
    }
    match prices::find_gpu_price(&r.prices.gpu_price_id) {
        Some(p) => out.push((
            format!(
                "GPU price: {} {} ({})",
                p.provider,
                p.offering,
                p.pricing.id()
            ),
            format!("{} (checked {})", p.source, p.checked_date),
        )),
        None => out.push(("GPU price: custom".into(), "Entered by you.".into())),
    }
    if let Some(m) = catalog::find_model(&s.self_host.model_id) {
        out.push((
            format!("Model: {}", m.name),
            format!("{} ({})", m.source, m.date),
        ));
    }
    if let Some(g) = catalog::find_gpu(&s.self_host.gpu_id) {
        out.push((
            format!("GPU: {}", g.name),
            format!("{} ({})", g.source, g.date),
        ));
    }
    out
}

/// `(what, source)` pairs for every numeric default. These never change, so the page
/// builds them once.
///
/// `source` looks a field's source text up by its short key (the page's first load carries
/// none; they arrive with the catalogs): `None` until they are in.
pub fn default_sources(source: impl Fn(&str) -> Option<String>) -> Option<Vec<(String, String)>> {
    infercost::scenario::fields()
        .iter()
        .map(|f| {
            let label = f.label;
            Some((
                format!("{label}: {} {}", format::plain(f.default), f.unit.text()),
                source(f.key)?,
            ))
        })
        .collect()
}

/// The "every default" panel: each input's default with its source once the sources are in
/// (`sources`), else why not (`failure`, the download's notice) or that they are loading.
pub fn defaults_markup(sources: Option<Vec<(String, String)>>, failure: Option<String>) -> String {
    match (sources, failure) {
        (Some(items), _) => crate::html::definitions(&items),
        (None, Some(notice)) => format!("<p>{}</p>", crate::html::escape(&notice)),
        (None, None) => "<p>The inputs' sources are loading…</p>".to_string(),
    }
}

/// A warning for each bundled price in use that was checked more than `max_age_days`
/// before `today` (YYYY-MM-DD).
pub fn stale_warnings(r: &Report, today: &str, max_age_days: i64) -> Vec<String> {
    let p = &r.prices;
    [
        (!p.api_overridden).then(|| ("API price", p.api_checked_date.clone())),
        (!p.gpu_overridden).then(|| ("GPU price", p.gpu_checked_date.clone())),
    ]
    .into_iter()
    .flatten()
    .filter_map(|(what, date)| {
        let date = date?;
        let age = prices::age_days(&date, today)?;
        (age > max_age_days).then(|| {
            format!("The {what} in use was checked on {date}, {age} days ago: check it before relying on it.")
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use infercost::evaluate::evaluate;

    #[test]
    fn lists_catalog_sources_and_every_field() {
        let s = Scenario::default();
        let r = evaluate(&s);
        let catalog = catalog_sources(&s, &r);
        assert_eq!(catalog.len(), 4);
        assert!(catalog[0].0.starts_with("API price: "));
        let registry = |key: &str| {
            let f = infercost::scenario::fields().iter().find(|f| f.key == key);
            f.map(|f| f.source.to_string())
        };
        let defaults = default_sources(registry).unwrap();
        assert_eq!(defaults.len(), infercost::scenario::fields().len());
        assert_eq!(default_sources(|_| None), None);
        assert!(defaults_markup(Some(defaults.clone()), None).starts_with("<dl"));
        assert_eq!(
            defaults_markup(None, Some("<b>failed</b>".into())),
            "<p>&lt;b&gt;failed&lt;/b&gt;</p>"
        );
        assert!(defaults_markup(None, None).contains("loading"));
        assert!(catalog
            .iter()
            .chain(&defaults)
            .all(|(_, src)| !src.is_empty()));
    }

    #[test]
    fn old_prices_are_flagged_relative_to_the_build_date() {
        let r = evaluate(&Scenario::default());
        // The default API price was checked in 2025; by late 2026 it is over 90 days old.
        let w = stale_warnings(&r, "2026-11-27", 90);
        assert!(
            w.iter()
                .any(|w| w.starts_with("The API price in use was checked on 2025-")),
            "{w:?}"
        );
        // A week after the API price was checked (and before the GPU price was), nothing is old.
        assert!(stale_warnings(&r, "2025-07-10", 90).is_empty());
        let mut overridden = r.clone();
        overridden.prices.api_overridden = true;
        overridden.prices.gpu_overridden = true;
        assert!(stale_warnings(&overridden, "2030-01-01", 90).is_empty());
    }
}
