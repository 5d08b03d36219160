//! Runs the validation on the calibration set (`tests/data/measurements.csv`, a copy of
//! `shared/reference/measurements.csv`) and asserts the accuracy targets, so a regression in
//! the physics or the presets fails CI.

use infercost::validate::{validate_text, Family};

const DATA: &str = include_str!("data/measurements.csv");

#[test]
fn targets_hold_on_the_calibration_set() {
    let report = validate_text(DATA).expect("measurements parse");
    assert_eq!(report.rows.len(), 175);
    assert!(
        report.predicted_share() >= 0.95,
        "{}",
        report.predicted_share()
    );
    for (family, target) in [
        (Family::Batch1Decode, 0.12),
        (Family::MaxLoad, 0.20),
        (Family::PrefillTtft, 0.25),
        (Family::Memory, 0.05),
    ] {
        let s = report.family(family).expect("family present");
        assert!(
            s.mdape <= target,
            "{family:?}: MdAPE {:.3} > {target}",
            s.mdape
        );
    }
}

#[test]
fn every_prediction_is_finite_and_positive() {
    let report = validate_text(DATA).expect("measurements parse");
    for r in &report.rows {
        if let Some(p) = r.predicted {
            assert!(p.is_finite() && p > 0.0, "{}: {p}", r.id);
        }
    }
}
