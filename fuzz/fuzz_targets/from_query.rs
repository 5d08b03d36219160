//! Fuzzes the share-link decoder: any input decodes without a panic to a valid scenario,
//! and that scenario's own link decodes back to it with no warning.
#![no_main]

use infercost::link::{from_query, to_query, MAX_WARNINGS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let decoded = from_query(&input);
    assert!(decoded.warnings.len() <= MAX_WARNINGS + 1);
    assert_eq!(decoded.scenario.sanitized(), decoded.scenario);
    let query = to_query(&decoded.scenario);
    assert!(query.len() < 2000, "{} characters: {query}", query.len());
    let again = from_query(&query);
    assert!(again.warnings.is_empty(), "{query}: {:?}", again.warnings);
    assert_eq!(again.scenario, decoded.scenario, "{query}");
});
