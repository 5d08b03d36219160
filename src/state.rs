//! Where the page's first scenario comes from, and what the page says about it: pure, so
//! every case (hostile link, corrupt or blocked storage, newer versions) is tested on the
//! host.
//!
//! Precedence: the URL (a share link) wins, then saved state, then the defaults.

use crate::browser::storage::StorageError;
use infercost::link::{self, PAGE_KEYS};
use infercost::scenario::Scenario;

/// Page options read from the URL, apart from the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PageOptions {
    /// `?embed=1`: the compact layout for iframes.
    pub embed: bool,
    /// `?theme=light` or `?theme=dark`; `None` (also for `auto` and anything else) leaves it
    /// to `prefers-color-scheme`.
    pub theme: Option<&'static str>,
}

impl PageOptions {
    /// Reads `embed=1` (or `embed=true`) and `theme=light|dark` from a query string.
    pub fn from_query(query: &str) -> PageOptions {
        PageOptions {
            embed: pairs(query).any(|(k, v)| k == "embed" && (v == "1" || v == "true")),
            theme: pairs(query)
                .filter(|(k, _)| *k == "theme")
                .find_map(|(_, v)| match v {
                    "light" => Some("light"),
                    "dark" => Some("dark"),
                    _ => None,
                }),
        }
    }
}

fn pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
}

/// Whether a query carries a scenario: a link key (`v`, `rpm`, ...) or an over-long query.
/// Other keys (`utm_source`, `fbclid`, the page's own `embed`/`theme`) do not, so a visitor
/// arriving through a tracked link still gets their saved scenario.
pub fn has_scenario(query: &str) -> bool {
    query.len() > link::MAX_INPUT_CHARS
        || pairs(query).any(|(k, _)| !PAGE_KEYS.contains(&k) && link::Key::parse(k).is_some())
}

/// The page's own keys of a query (`&embed=1&theme=dark`), to keep when the scenario part
/// of the URL is rewritten. Values other than the known ones are dropped.
pub fn page_suffix(query: &str) -> String {
    let mut out = String::new();
    let mut kept: Vec<&str> = Vec::new();
    for (k, v) in pairs(query) {
        let keep = match k {
            "embed" => v == "1" || v == "true",
            "theme" => matches!(v, "light" | "dark" | "auto"),
            _ => false,
        };
        // The first of each key wins. (Compared as keys, not searched for as text: a
        // substring search links core's string searcher and its panic path.)
        if keep && !kept.contains(&k) {
            kept.push(k);
            out.push_str(&format!("&{k}={v}"));
        }
    }
    out
}

/// The link to a scenario: the page's address with the scenario's query.
pub fn share_url(page_url: &str, query: &str) -> String {
    format!("{page_url}?{query}")
}

/// The HTML a host page pastes to embed the calculator with the current scenario: an
/// iframe with a title and lazy loading, and the helper script that sizes it.
pub fn embed_snippet(page_url: &str, query: &str) -> String {
    let dir = page_url
        .rsplit_once('/')
        .map(|(d, _)| d)
        .unwrap_or(page_url);
    format!(
        "<iframe src=\"{}\" title=\"InferCost: self-host vs API cost calculator\" loading=\"lazy\" width=\"100%\" height=\"720\" style=\"border:0\"></iframe>\n<script src=\"{}/embed.js\" async></script>",
        crate::html::escape(&(share_url(page_url, query) + "&embed=1")),
        crate::html::escape(dir)
    )
}

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
        notices.extend(d.warnings.into_iter().map(|w| format!("Link: {w}")));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_options() {
        assert!(PageOptions::from_query("?embed=1&theme=dark").embed);
        assert!(PageOptions::from_query("embed=true").embed);
        assert!(!PageOptions::from_query("embed=0").embed);
        assert!(!PageOptions::from_query("").embed);
        let theme = |q| PageOptions::from_query(q).theme;
        assert_eq!(theme("?embed=1&theme=dark"), Some("dark"));
        assert_eq!(theme("theme=light"), Some("light"));
        assert_eq!(theme("?theme=auto"), None);
        assert_eq!(theme("?theme=<script>"), None);
        assert_eq!(theme(""), None);
    }

    #[test]
    fn only_page_keys_mean_no_scenario() {
        assert!(!has_scenario(""));
        assert!(!has_scenario("?embed=1&theme=dark"));
        assert!(has_scenario("v=1"));
        assert!(has_scenario("?rpm=5&embed=1"));
        assert!(!has_scenario("?fbclid=IwAR0abc&utm_source=x"));
    }

    #[test]
    fn page_keys_survive_a_rewrite_and_junk_does_not() {
        assert_eq!(
            page_suffix("?rpm=5&embed=1&theme=dark"),
            "&embed=1&theme=dark"
        );
        assert_eq!(page_suffix("theme=%3Cscript%3E&embed=2"), "");
        assert_eq!(page_suffix("embed=1&embed=1"), "&embed=1");
    }

    #[test]
    fn embed_snippet_has_title_lazy_and_script() {
        let s = embed_snippet("https://x.test/calc/", "v=1&rpm=5");
        assert!(s.starts_with(
            "<iframe src=\"https://x.test/calc/?v=1&amp;rpm=5&amp;embed=1\" title=\"InferCost"
        ));
        assert!(s.contains("loading=\"lazy\""));
        assert!(s.ends_with("<script src=\"https://x.test/calc/embed.js\" async></script>"));
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
