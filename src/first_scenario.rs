//! Where the page's first scenario comes from, and what the page says about it: pure, so
//! every case (hostile link, corrupt or blocked storage, newer versions) is tested on the
//! host.
//!
//! Precedence: the URL (a share link) wins, then saved state, then the defaults.

use crate::browser::storage::StorageError;
use crate::page_url::has_scenario;
use infercost::link;
use infercost::scenario::Scenario;

/// Where the first scenario came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Source {
    /// A share link in the URL.
    Url,
    /// State saved in this browser.
    Storage,
    /// The built-in worked example.
    Defaults,
}

/// The first scenario, where it came from, and notices for the person.
#[derive(Debug, Clone, PartialEq)]
pub struct Initial {
    /// The scenario to show.
    pub scenario: Scenario,
    /// Its origin.
    pub source: Source,
    /// Plain-text notices (shown as text, never as HTML).
    pub notices: Vec<String>,
    /// Whether saved state can be written.
    pub storage_usable: bool,
}

/// Chooses the first scenario from the URL's query and what storage returned.
pub fn initial(query: &str, stored: Result<Option<String>, StorageError>, embed: bool) -> Initial {
    let storage_usable = stored.is_ok();
    let mut notices = Vec::new();
    if has_scenario(query) {
        let d = link::from_query(query);
        if embed {
            // An embed sits in someone else's page: it says how many values it could not
            // use, never what the link wrote.
            if !d.warnings.is_empty() {
                notices.push(format!(
                    "This embedded scenario has {} value{} the calculator could not use; it \
                     shows its defaults for them.",
                    d.warnings.len(),
                    if d.warnings.len() == 1 { "" } else { "s" }
                ));
            }
        } else {
            notices.extend(d.warnings.into_iter().map(|w| format!("Link: {w}")));
        }
        return Initial {
            scenario: d.scenario,
            source: Source::Url,
            notices,
            storage_usable,
        };
    }
    // An embed shows its author's scenario, never this browser's saved one.
    if !embed {
        match stored {
            Ok(Some(saved)) if !saved.is_empty() => {
                let d = link::from_query(&saved);
                notices.extend(d.warnings.into_iter().map(|w| format!("Saved state: {w}")));
                return Initial {
                    scenario: d.scenario,
                    source: Source::Storage,
                    notices,
                    storage_usable,
                };
            }
            Ok(_) => {}
            Err(StorageError::Unavailable) => notices.push(
                "This browser blocks saved state here, so changes are kept in the link only."
                    .into(),
            ),
            Err(StorageError::Failed) => {
                notices.push("Saved state could not be read; the defaults are shown.".into())
            }
        }
    }
    Initial {
        scenario: Scenario::default(),
        source: Source::Defaults,
        notices,
        storage_usable,
    }
}

/// Whether the first scenario (as [`initial`] chooses it) names a model, GPU or price the
/// catalogs as loaded do not have: the page then loads the whole catalogs before it starts,
/// so the link opens as its author saw it.
pub fn names_unknown_ids(
    query: &str,
    stored: &Result<Option<String>, StorageError>,
    embed: bool,
) -> bool {
    let first = if has_scenario(query) {
        Some(query)
    } else {
        match stored {
            Ok(Some(saved)) if !embed => Some(saved.as_str()),
            _ => None,
        }
    };
    first.is_some_and(|q| link::from_query(q).unknown_catalog_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_embed_counts_the_link_s_problems_without_repeating_them() {
        let i = initial("embed=1&out=Call%20%2B1-800-555&zz=1", Ok(None), true);
        assert_eq!(i.notices.len(), 1, "{:?}", i.notices);
        assert!(i.notices[0].starts_with("This embedded scenario has 2 values"));
        assert!(!i.notices[0].contains("800"));
    }

    #[test]
    fn a_first_scenario_with_an_unknown_price_is_noticed() {
        let other = "v=2&ap=nobody%3Anothing";
        assert!(names_unknown_ids("v=2&m=no-such-model", &Ok(None), false));
        assert!(names_unknown_ids("v=2&g=no-such-gpu", &Ok(None), false));
        let fine = "v=2&out=900";
        assert!(names_unknown_ids(other, &Ok(None), false));
        assert!(
            !names_unknown_ids(fine, &Ok(Some(other.into())), false),
            "the URL wins"
        );
        assert!(names_unknown_ids("", &Ok(Some(other.into())), false));
        assert!(
            !names_unknown_ids("", &Ok(Some(other.into())), true),
            "an embed ignores saved state"
        );
        assert!(!names_unknown_ids("", &Err(StorageError::Failed), false));
    }

    #[test]
    fn url_beats_storage_beats_defaults() {
        let mut s = Scenario::default();
        s.workload.output_tokens = 999.0;
        let q = link::to_query(&s);
        let saved = Ok(Some(q.clone()));
        let from_url = initial(&q, Ok(Some("v=1".into())), false);
        assert_eq!(
            (from_url.source, from_url.scenario.workload.output_tokens),
            (Source::Url, 999.0)
        );
        let from_storage = initial("", saved.clone(), false);
        assert_eq!(from_storage.source, Source::Storage);
        assert_eq!(from_storage.scenario, s);
        assert!(from_storage.notices.is_empty());
        assert_eq!(initial("", Ok(None), false).source, Source::Defaults);
        // Embeds ignore saved state.
        assert_eq!(initial("embed=1", saved, true).source, Source::Defaults);
    }

    #[test]
    fn blocked_or_corrupt_storage_still_loads_with_a_notice() {
        let blocked = initial("", Err(StorageError::Unavailable), false);
        assert_eq!(blocked.scenario, Scenario::default());
        assert!(!blocked.storage_usable);
        assert_eq!(blocked.notices.len(), 1);
        let corrupt = initial("", Ok(Some("{\"not\": \"a link\"}%%%".into())), false);
        assert_eq!(corrupt.source, Source::Storage);
        assert!(!corrupt.notices.is_empty());
        assert!(corrupt
            .notices
            .iter()
            .all(|n| n.starts_with("Saved state: ")));
    }

    #[test]
    fn a_hostile_link_loads_defaults_per_field_and_says_so() {
        let i = initial(
            "?rpm=NaN&out=<script>alert(1)</script>&zzz=1&in=2000",
            Ok(None),
            false,
        );
        assert_eq!(i.source, Source::Url);
        assert_eq!(i.scenario.workload.input_tokens, 2000.0);
        assert_eq!(
            i.scenario.workload.output_tokens,
            Scenario::default().workload.output_tokens
        );
        assert!(i.notices.len() >= 3, "{:?}", i.notices);
    }
}
