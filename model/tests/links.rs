//! The saved-link corpus (`tests/links/*.json` at the repository root): every saved link
//! must decode to exactly the scenario saved with it, forever. See `tests/links/README.md`.

use infercost::link::from_query;
use infercost::presets::presets;
use infercost::scenario::Scenario;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    description: String,
    link: String,
    scenario: serde_json::Value,
    warnings: usize,
    warnings_mention: Vec<String>,
    newer_version: Option<u32>,
}

fn corpus() -> Vec<(String, Case)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/links");
    let mut cases: Vec<(String, Case)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable case");
            let case: Case =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_name().unwrap().to_string_lossy().into_owned(), case)
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

/// The saved scenario must be complete: filling gaps from today's defaults would make the
/// expectation move with them.
fn assert_complete(name: &str, saved: &serde_json::Value) {
    let full = serde_json::to_value(Scenario::default()).expect("serializable");
    for (section, fields) in full.as_object().expect("object") {
        // `pins` came with link version 2; cases saved before it mean "nothing pinned".
        if section == "pins" && saved.get(section).is_none() {
            continue;
        }
        for field in fields.as_object().expect("object").keys() {
            // The engineering time came after cases were saved; 0.25 FTE was always meant.
            if field == "engineering_fte" {
                continue;
            }
            assert!(
                saved.get(section).and_then(|s| s.get(field)).is_some(),
                "{name}: saved scenario lacks {section}.{field}"
            );
        }
    }
}

#[test]
fn every_saved_link_decodes_the_same() {
    let cases = corpus();
    assert!(cases.len() >= 12, "corpus has {} cases", cases.len());
    for (name, case) in &cases {
        assert!(!case.description.is_empty(), "{name}");
        assert_complete(name, &case.scenario);
        let want: Scenario =
            serde_json::from_value(case.scenario.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = from_query(&case.link);
        assert_eq!(got.scenario, want, "{name}");
        assert_eq!(
            got.warnings.len(),
            case.warnings,
            "{name}: {:#?}",
            got.warnings
        );
        assert_eq!(got.newer_version, case.newer_version, "{name}");
        for m in &case.warnings_mention {
            assert!(
                got.warnings.iter().any(|w| w.contains(m.as_str())),
                "{name}: no warning mentions {m:?}: {:#?}",
                got.warnings
            );
        }
    }
}

#[test]
fn corpus_covers_the_required_cases() {
    let cases = corpus();
    let has = |n: &str| cases.iter().any(|(name, _)| name == n);
    for n in [
        "default.json",
        "custom-model-gpu.json",
        "gguf.json",
        "hostile.json",
        "newer-version.json",
    ] {
        assert!(has(n), "missing {n}");
    }
    for p in presets() {
        assert!(
            cases.iter().any(|(_, c)| c.link == p.query),
            "preset {} has no saved link with its current query: add tests/links/preset-{}-N.json",
            p.id,
            p.id
        );
    }
    let hostile = &cases.iter().find(|(n, _)| n == "hostile.json").unwrap().1;
    assert!(hostile.warnings >= 10);
}
