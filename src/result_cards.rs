//! The result cards as data: title, stable test id, the raw number (for `data-value`), its
//! display text and a note. Pure, so every card is tested on the host; the page writes the
//! cards once as markup and then updates only the numbers and notes that change.

use crate::format;
use crate::html::escape;
use infercost::catalog::BYTES_PER_GIB;
use infercost::evaluate::Report;
use infercost::num::{fixed, shortest};
use infercost::perf::PerfPoint;
use std::fmt::Write;

/// One result card.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// Heading.
    pub title: &'static str,
    /// `data-testid` of the number.
    pub testid: &'static str,
    /// The raw number in the unit the test id names (USD, requests, ms, GiB, %).
    pub value: f64,
    /// How the number reads.
    pub text: String,
    /// A line under it (may be empty).
    pub note: String,
}

fn operating_point_or_zero(r: &Report, f: fn(&PerfPoint) -> f64) -> f64 {
    r.self_host.operating_point.as_ref().map(f).unwrap_or(0.0)
}

/// The cards for a report, in page order.
pub fn cards(r: &Report) -> Vec<Card> {
    let s = &r.self_host;
    let card = |title, testid, value: f64, text: String, note: String| Card {
        title,
        testid,
        value: if value.is_finite() { value } else { 0.0 },
        text,
        note,
    };
    let memory = s.memory.as_ref();
    vec![
        card(
            "API, per month",
            "api-monthly-usd",
            r.api.total_usd_per_month,
            format::usd(r.api.total_usd_per_month),
            String::new(),
        ),
        card(
            "Self-hosted, per month",
            "selfhost-monthly-usd",
            s.total_usd_per_month,
            if s.feasible {
                format::usd(s.total_usd_per_month)
            } else {
                "not feasible".into()
            },
            if s.feasible {
                String::new()
            } else {
                s.infeasible_reason.clone()
            },
        ),
        card(
            "Self-hosting saves",
            "savings-monthly-usd",
            r.savings_usd_per_month,
            format::usd(r.savings_usd_per_month),
            if r.savings_usd_per_month >= 0.0 {
                "per month vs the API".into()
            } else {
                "negative: the API is cheaper".into()
            },
        ),
        card(
            "Break-even volume",
            "breakeven-requests-per-month",
            r.break_even_requests_per_month.unwrap_or(-1.0),
            r.break_even_requests_per_month
                .map(|v| format!("{} req/mo", format::count(v)))
                .unwrap_or_else(|| "none in range".into()),
            r.break_even_utilization
                .map(|u| format!("at {} utilization", format::percent(u)))
                .unwrap_or_default(),
        ),
        card(
            "API per 1M tokens",
            "api-usd-per-mtok",
            r.api.usd_per_mtok,
            format::usd(r.api.usd_per_mtok),
            String::new(),
        ),
        card(
            "Self-hosted per 1M tokens",
            "selfhost-usd-per-mtok",
            s.usd_per_mtok,
            format::usd(s.usd_per_mtok),
            String::new(),
        ),
        card(
            "Replicas (with spares)",
            "replicas",
            f64::from(s.replicas_total),
            format!(
                "{} x {} GPUs",
                s.replicas_total,
                s.gpus_at_peak / s.replicas_total.max(1)
            ),
            format!("{} serving at peak", s.replicas_at_peak),
        ),
        card(
            "Average utilization",
            "utilization-pct",
            s.average_utilization * 100.0,
            format::percent(s.average_utilization),
            format!("{} at the peak hour", format::percent(s.peak_utilization)),
        ),
        card(
            "Time to first token, full load",
            "ttft-ms",
            operating_point_or_zero(r, |p| p.ttft_s) * 1e3,
            format::duration_s(operating_point_or_zero(r, |p| p.ttft_s)),
            format!(
                "p95 at the peak hour {}",
                format::duration_s(s.p95_ttft_at_peak_s)
            ),
        ),
        card(
            "Time per output token, full load",
            "tpot-ms",
            operating_point_or_zero(r, |p| p.tpot_s) * 1e3,
            format::duration_s(operating_point_or_zero(r, |p| p.tpot_s)),
            String::new(),
        ),
        card(
            "Memory per GPU",
            "memory-per-gpu-gib",
            memory.map(|m| m.total_bytes / BYTES_PER_GIB).unwrap_or(0.0),
            memory
                .map(|m| {
                    format!(
                        "{} / {} GiB",
                        fixed(m.total_bytes / BYTES_PER_GIB, 1),
                        fixed(m.capacity_bytes / BYTES_PER_GIB, 0)
                    )
                })
                .unwrap_or_else(|| "–".into()),
            if memory.is_some_and(|m| m.fits) {
                "fits".into()
            } else {
                "does not fit".into()
            },
        ),
        card(
            "Max concurrent sequences",
            "max-concurrency",
            f64::from(s.max_concurrent_sequences),
            s.max_concurrent_sequences.to_string(),
            s.operating_point
                .as_ref()
                .map(|p| format!("operating at {}", p.concurrency))
                .unwrap_or_default(),
        ),
    ]
}

/// The cards as escaped markup. The number of card `i` carries `data-card="i"`, its note
/// `data-card-note="i"` (see [`changes`]).
pub fn markup(cards: &[Card]) -> String {
    let mut out = String::new();
    for (i, c) in cards.iter().enumerate() {
        let _ = write!(
            out,
            "<div class=\"card\"><h3>{}</h3><p class=\"big\" data-card=\"{i}\" data-testid=\"{}\" data-value=\"{}\">{}</p><p class=\"card-note\" data-card-note=\"{i}\">{}</p></div>",
            escape(c.title),
            escape(c.testid),
            shortest(c.value),
            escape(&c.text),
            escape(&c.note)
        );
    }
    out
}

/// What to rewrite when the cards go from `old` to `new` (same titles, in the same order):
/// the index, the raw value's text, the display text and the note of each card that changed.
/// `None` when the set of cards differs and the markup must be written afresh.
pub fn changes<'a>(
    old: &[Card],
    new: &'a [Card],
) -> Option<Vec<(usize, String, &'a str, &'a str)>> {
    if old.len() != new.len() || old.iter().zip(new).any(|(o, n)| o.testid != n.testid) {
        return None;
    }
    Some(
        old.iter()
            .zip(new)
            .enumerate()
            .filter(|(_, (o, n))| o != n)
            .map(|(i, (_, n))| (i, shortest(n.value), n.text.as_str(), n.note.as_str()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use infercost::evaluate::evaluate;
    use infercost::scenario::Scenario;

    const TEST_IDS: [&str; 12] = [
        "api-monthly-usd",
        "selfhost-monthly-usd",
        "savings-monthly-usd",
        "breakeven-requests-per-month",
        "api-usd-per-mtok",
        "selfhost-usd-per-mtok",
        "replicas",
        "utilization-pct",
        "ttft-ms",
        "tpot-ms",
        "memory-per-gpu-gib",
        "max-concurrency",
    ];

    #[test]
    fn every_stable_test_id_has_a_finite_value() {
        let r = evaluate(&Scenario::default());
        let c = cards(&r);
        assert_eq!(c.iter().map(|c| c.testid).collect::<Vec<_>>(), TEST_IDS);
        assert!(c.iter().all(|c| c.value.is_finite() && !c.text.is_empty()));
        assert_eq!(c[0].value, r.api.total_usd_per_month);
        let m = markup(&c);
        assert_eq!(m.matches("data-value=").count(), 12);
        assert!(m.contains(&format!(
            "data-card=\"0\" data-testid=\"api-monthly-usd\" data-value=\"{}\"",
            shortest(r.api.total_usd_per_month)
        )));
    }

    #[test]
    fn only_changed_cards_are_rewritten() {
        let r = evaluate(&Scenario::default());
        let old = cards(&r);
        assert_eq!(changes(&old, &old), Some(vec![]));
        let mut s = Scenario::default();
        s.workload.output_tokens *= 2.0;
        let new = cards(&evaluate(&s));
        let changed = changes(&old, &new).expect("same cards");
        // Exactly the cards that differ are rewritten, each with its new number and text.
        let differ: Vec<usize> = (0..new.len()).filter(|&i| old[i] != new[i]).collect();
        let rewritten: Vec<usize> = changed.iter().map(|(i, ..)| *i).collect();
        assert!(!differ.is_empty());
        assert_eq!(rewritten, differ);
        for (i, value, text, _) in &changed {
            assert_eq!(*value, shortest(new[*i].value));
            assert_eq!(*text, new[*i].text);
        }
        assert!(changed
            .iter()
            .any(|(i, ..)| new[*i].testid == "api-monthly-usd"));
        assert_eq!(
            changes(&old, &new[1..]),
            None,
            "a different set of cards is rewritten whole"
        );
    }

    #[test]
    fn an_infeasible_setup_reads_clearly() {
        let c = cards(&crate::test_reports::infeasible_report());
        assert_eq!(c[1].text, "not feasible");
        assert!(!c[1].note.is_empty());
        assert!(c.iter().all(|c| c.value.is_finite()));
    }
}
