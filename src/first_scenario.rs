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
    /// A choice about the person's saved work (a restored session, a link opened over it).
    pub offer: Option<Offer>,
    /// Pairs of a newer version's saved state this version does not read (`&k=v...`), kept
    /// on every save so going back to the newer page loses nothing.
    pub carry: String,
}

/// What a person can choose after the page did something to their work: undo a reset, keep
/// a shared link or their own saved scenario, start fresh, or settle two tabs.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// What happened, in a sentence.
    pub text: &'static str,
    /// Each choice: its test id, its label, and the scenario it opens (a share-link query;
    /// `None` keeps the one shown).
    pub choices: Vec<(&'static str, &'static str, Option<String>)>,
    /// Whether saving waits for a choice: the saved scenario is not the one shown, and a
    /// save would replace it without the person's say.
    pub holds_saving: bool,
}

/// An offer as markup: its sentence and a button per choice, each carrying its command in
/// `data-choice` (`!` and the scenario's query, or `!` alone to keep the one shown), which
/// `src/js/files.js` hands to the page's command input.
pub fn offer_markup(o: &Offer) -> String {
    let mut out = format!(
        "<div class=\"notice offer\" data-testid=\"offer\"><p>{}</p>",
        crate::html::escape(o.text)
    );
    for (id, label, query) in &o.choices {
        out.push_str(&format!(
            "<button type=\"button\" data-choice=\"!{}\" data-testid=\"{id}\">{}</button>",
            crate::html::escape(query.as_deref().unwrap_or("")),
            crate::html::escape(label)
        ));
    }
    out + "</div>"
}

/// Whether the page's query is the saved scenario's, the page's own keys (`&theme=dark`) and
/// the pairs a newer version saved aside: what a reload of the person's own page opens.
/// (Compared as text: a link from elsewhere with the same values in another order gets the
/// offer too, which is harmless, and the page needs no second copy of the link encoder.)
pub fn shows_saved(query: &str, saved: &str) -> bool {
    let scenario_part: Vec<&str> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !link::PAGE_KEYS.contains(&pair.split('=').next().unwrap_or("")))
        .collect();
    same_saved(saved, &scenario_part.join("&"))
}

/// Whether saved state `saved` holds the scenario `shown` (the same query, perhaps followed
/// by a newer version's pairs this one carries along).
pub fn same_saved(saved: &str, shown: &str) -> bool {
    saved
        .strip_prefix(shown)
        .is_some_and(|rest| unread_pairs(rest) == rest)
}

/// A shared link opened over a different saved scenario: saving waits until the person
/// keeps the link's scenario or goes back to their own.
pub fn link_over_saved(saved: String) -> Offer {
    Offer {
        text: "This is a shared scenario. Your own saved one is kept until you choose.",
        choices: vec![
            ("keep-link", "Keep this one", None),
            ("open-saved", "Open my saved one", Some(saved)),
        ],
        holds_saving: true,
    }
}

/// The defaults' share-link query (`link::to_query(&Scenario::default())`, a test keeps them
/// equal): written as a constant, the page needs no second copy of the encoder for it.
pub const FRESH: &str = "v=2";

/// The last session restored from saved state.
pub fn restored() -> Offer {
    Offer {
        text: "Your last session is restored.",
        choices: vec![("start-fresh", "Start fresh", Some(FRESH.into()))],
        holds_saving: false,
    }
}

/// After Reset: the scenario before it, one click away.
pub fn after_reset(previous: String) -> Offer {
    Offer {
        text: "Reset to the defaults.",
        choices: vec![("undo-reset", "Undo", Some(previous))],
        holds_saving: false,
    }
}

/// Another tab saved a different scenario: this one stops saving until the person chooses.
pub fn other_tab(theirs: String) -> Offer {
    Offer {
        text: "Another tab saved a different scenario. This tab will not overwrite it unless you choose.",
        choices: vec![
            ("load-other-tab", "Load it here", Some(theirs)),
            ("keep-this-tab", "Keep this tab's", None),
        ],
        holds_saving: true,
    }
}

/// The pairs of `query` this version does not read (not a link key, not a page key), as
/// `&k=v...` in their order and encoding.
pub fn unread_pairs(query: &str) -> String {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or("");
            !key.is_empty() && link::Key::parse(key).is_none() && !link::PAGE_KEYS.contains(&key)
        })
        .fold(String::new(), |out, pair| out + "&" + pair)
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
        let mut offer = None;
        let mut carry = String::new();
        if !embed {
            match stored {
                // The person's own page reloaded: a newer version's pairs stay carried.
                Ok(Some(saved)) if shows_saved(query, &saved) => carry = unread_pairs(&saved),
                // The person's own scenario differs from the link's: theirs stays until
                // they choose.
                Ok(Some(saved)) if !saved.is_empty() && !shows_saved(query, &saved) => {
                    offer = Some(link_over_saved(saved));
                }
                Err(StorageError::Unavailable) => notices.push(BLOCKED.into()),
                _ => {}
            }
        }
        return Initial {
            scenario: d.scenario,
            source: Source::Url,
            notices,
            storage_usable,
            offer,
            carry,
        };
    }
    // An embed shows its author's scenario, never this browser's saved one.
    if !embed {
        match stored {
            Ok(Some(saved)) if !saved.is_empty() => {
                let d = link::from_query(&saved);
                let carry = unread_pairs(&saved);
                notices.extend(d.warnings.into_iter().map(|w| format!("Saved state: {w}")));
                return Initial {
                    scenario: d.scenario,
                    source: Source::Storage,
                    notices,
                    storage_usable,
                    offer: Some(restored()),
                    carry,
                };
            }
            Ok(_) => {}
            Err(StorageError::Unavailable) => notices.push(BLOCKED.into()),
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
        offer: None,
        carry: String::new(),
    }
}

const BLOCKED: &str = "This browser blocks saved state here, so changes are kept in the link only.";

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
    fn a_link_over_a_different_saved_scenario_holds_saving_until_the_person_chooses() {
        let mine = "v=2&out=777";
        let i = initial("v=2&out=900", Ok(Some(mine.into())), false);
        let offer = i.offer.expect("an offer");
        assert!(offer.holds_saving);
        assert_eq!(
            offer.choices[1],
            ("open-saved", "Open my saved one", Some(mine.into()))
        );
        // The same scenario saved (the page's own keys aside), or nothing saved: nothing to
        // choose.
        assert!(
            initial("v=2&out=900", Ok(Some("v=2&out=900".into())), false)
                .offer
                .is_none()
        );
        assert!(initial(
            "v=2&out=900&theme=dark",
            Ok(Some("v=2&out=900".into())),
            false
        )
        .offer
        .is_none());
        assert!(
            initial("v=2&out=9000", Ok(Some("v=2&out=900".into())), false)
                .offer
                .is_some()
        );
        assert!(initial("v=2&out=900", Ok(None), false).offer.is_none());
        assert!(initial("embed=1&out=900", Ok(Some(mine.into())), true)
            .offer
            .is_none());
        // Storage blocked: said for a link too.
        let blocked = initial("v=2&out=900", Err(StorageError::Unavailable), false);
        assert_eq!(blocked.notices, vec![BLOCKED.to_string()]);
    }

    #[test]
    fn an_offer_is_a_sentence_and_a_button_per_choice() {
        let m = offer_markup(&link_over_saved("v=2&out=1".into()));
        assert!(
            m.starts_with("<div class=\"notice offer\" data-testid=\"offer\"><p>This is a shared")
        );
        assert!(m.contains("<button type=\"button\" data-choice=\"!v=2&amp;out=1\" data-testid=\"open-saved\">Open my saved one</button>"));
        assert!(m.contains("data-choice=\"!\" data-testid=\"keep-link\""));
        // A saved value cannot leave its attribute.
        let m = offer_markup(&other_tab("v=2\"><script>".into()));
        assert!(
            !m.contains("<script>") && m.contains("&quot;&gt;&lt;script&gt;"),
            "{m}"
        );
    }

    #[test]
    fn the_same_saved_scenario_is_recognised_with_a_newer_version_s_pairs() {
        assert!(same_saved("v=2&out=1", "v=2&out=1"));
        assert!(same_saved("v=2&out=1&warp=3", "v=2&out=1"));
        assert!(!same_saved("v=2&out=1&in=5", "v=2&out=1"));
        assert!(!same_saved("v=2&out=12", "v=2&out=1"));
        assert!(!same_saved("v=2", "v=2&out=1"));
    }

    #[test]
    fn fresh_is_the_defaults_link() {
        assert_eq!(FRESH, link::to_query(&Scenario::default()));
    }

    #[test]
    fn a_restored_session_says_so_and_offers_a_fresh_start() {
        let i = initial("", Ok(Some("v=2&out=777".into())), false);
        let offer = i.offer.expect("an offer");
        assert!(!offer.holds_saving);
        let fresh = offer.choices[0].2.clone().unwrap();
        assert_eq!(link::from_query(&fresh).scenario, Scenario::default());
    }

    #[test]
    fn a_newer_version_s_saved_state_keeps_what_this_version_does_not_read() {
        let i = initial(
            "",
            Ok(Some("v=9&out=777&warp=3&x%20y=a%26b&embed=1".into())),
            false,
        );
        assert_eq!(i.carry, "&warp=3&x%20y=a%26b");
        assert_eq!(i.scenario.workload.output_tokens, 777.0);
        assert_eq!(initial("", Ok(Some("v=2&out=777".into())), false).carry, "");
        // Saved once by this version, the pairs stay carried on the next visit, and a reload
        // of the person's own page is recognised as theirs.
        let again = initial("", Ok(Some("v=2&out=777&warp=3".into())), false);
        assert_eq!(again.carry, "&warp=3");
        let reload = initial(
            "v=2&out=777&theme=dark",
            Ok(Some("v=2&out=777&warp=3".into())),
            false,
        );
        assert!(reload.offer.is_none());
        assert_eq!(reload.carry, "&warp=3");
        assert_eq!(unread_pairs("?v=2&&=1&zz"), "&zz");
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
