//! The page's address apart from the scenario: the options it carries (`embed`, `theme`),
//! whether it carries a scenario at all, the page keys kept when the scenario part is
//! rewritten, and the links built from it (the share link, the embed snippet). Pure; tested
//! on the host.

use infercost::link::{self, PAGE_KEYS};

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
            embed: query_pairs(query).any(|(k, v)| k == "embed" && (v == "1" || v == "true")),
            theme: query_pairs(query)
                .filter(|(k, _)| *k == "theme")
                .find_map(|(_, v)| match v {
                    "light" => Some("light"),
                    "dark" => Some("dark"),
                    _ => None,
                }),
        }
    }
}

fn query_pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
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
        || query_pairs(query).any(|(k, _)| !PAGE_KEYS.contains(&k) && link::Key::parse(k).is_some())
}

/// The page's own keys of a query (`&embed=1&theme=dark`), to keep when the scenario part
/// of the URL is rewritten. Values other than the known ones are dropped.
pub fn page_suffix(query: &str) -> String {
    let mut out = String::new();
    let mut kept: Vec<&str> = Vec::new();
    for (k, v) in query_pairs(query) {
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
}
