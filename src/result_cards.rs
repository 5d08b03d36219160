//! The result cards as data: title, stable test id, the raw number (for `data-value`), its
//! display text and a note. Pure, so every card is tested on the host; the page writes the
//! cards once as markup and then updates only the numbers and notes that change.

use crate::format;
use crate::html::escape;
use infercost::catalog::BYTES_PER_GIB;
use infercost::evaluate::{Report, Serving};
use infercost::float::{fixed, shortest};
use infercost::perf::PerfPoint;
use std::fmt::Write;

/// One result card.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// Heading.
    pub title: &'static str,
    /// `data-testid` of the number.
    pub testid: &'static str,
    /// The raw number in the unit the test id names (USD, requests, ms, GiB, %); `None`
    /// when there is no such number (a self-hosted figure of a setup that cannot run).
    pub value: Option<f64>,
    /// How the number reads.
    pub text: String,
    /// A line under it (may be empty).
    pub note: String,
}

/// The cards for a report, in page order. A setup that cannot run has no self-hosted
/// numbers: its cards read "–" and carry no `data-value` (never a made-up 0).
pub fn cards(r: &Report) -> Vec<Card> {
    let sh = r.self_host.serving();
    let card = |title, testid, value: Option<f64>, text: String, note: String| Card {
        title,
        testid,
        value: value.filter(|v| v.is_finite()),
        text,
        note,
    };
    // A self-hosted figure when the deployment can serve, else none; and how it reads.
    let num = |f: fn(&Serving) -> f64| sh.map(f);
    let read = |v: Option<f64>, show: fn(f64) -> String| v.map_or_else(|| "–".into(), show);
    let op = |f: fn(&PerfPoint) -> f64| sh.map(|s| s.operating_point.as_ref().map_or(0.0, f));
    let memory = r.self_host.memory.as_ref();
    let selfhost_usd = num(|s| s.total_usd_per_month);
    let mtok = num(|s| s.usd_per_mtok);
    let mtok_output = num(|s| s.usd_per_mtok_output);
    let engineering = num(|s| s.engineering_usd);
    let hybrid_usd = sh.map(|_| r.hybrid.plan.total_usd);
    let replicas = num(|s| f64::from(s.replicas_total));
    let util = num(|s| s.average_utilization * 100.0);
    let ttft_ms = op(|p| p.ttft_s * 1e3);
    let tpot_ms = op(|p| p.tpot_s * 1e3);
    let max_conc = num(|s| f64::from(s.max_concurrent_sequences));
    let ms = |v: f64| format::duration_s(v / 1e3);
    vec![
        card(
            "API, per month",
            "api-monthly-usd",
            Some(r.api.total_usd_per_month),
            format::usd(r.api.total_usd_per_month),
            String::new(),
        ),
        card(
            "Self-hosted, per month",
            "selfhost-monthly-usd",
            selfhost_usd,
            selfhost_usd.map_or_else(|| "not feasible".into(), format::usd),
            if matches!(r.basis, infercost::evaluate::Basis::Measured { .. }) {
                "from your measured throughput".into()
            } else if sh.is_some() {
                // The engine's measured spread (see the verdict's "How sure").
                let b = &r.efficiency_band;
                format!(
                    "{} to {} with the engine's spread",
                    format::usd(b.self_host_usd_low.min(b.self_host_usd_high)),
                    format::usd(b.self_host_usd_low.max(b.self_host_usd_high))
                )
            } else {
                r.self_host
                    .infeasible_reason()
                    .map(infercost::words::infeasibility)
                    .unwrap_or_default()
            },
        ),
        card(
            "Hybrid, per month",
            "hybrid-monthly-usd",
            hybrid_usd,
            read(hybrid_usd, format::usd),
            match (sh, r.hybrid.plan.replicas) {
                (None, _) => "needs a self-hosted setup that runs".into(),
                (Some(_), 0) => "all to the API: no base load fills a replica".into(),
                (Some(_), n) => format!(
                    "{n} replica{} for the base load, {} of requests to the API",
                    if n == 1 { "" } else { "s" },
                    format::percent(r.hybrid.plan.api_requests / r.requests_per_month.max(1.0))
                ),
            },
        ),
        card(
            "Self-hosting saves",
            "savings-monthly-usd",
            sh.map(|_| r.savings_usd_per_month),
            sh.map_or_else(|| "–".into(), |_| format::usd(r.savings_usd_per_month)),
            match sh {
                None => "no self-hosted cost to compare".into(),
                Some(_) if r.savings_usd_per_month >= 0.0 => "per month vs the API".into(),
                Some(_) => "negative: the API is cheaper".into(),
            },
        ),
        card(
            "Break-even volume",
            "breakeven-requests-per-month",
            sh.map(|_| r.break_even_requests_per_month.unwrap_or(-1.0)),
            match (sh, r.break_even_requests_per_month) {
                (None, _) => "–".into(),
                (Some(_), Some(v)) => format!("{} req/mo", format::count(v)),
                (Some(_), None) => "none in range".into(),
            },
            // The replica-level view: how busy a replica must be for its GPU hours to cost
            // what the API charges for the same requests (the fleet's fixed costs come on
            // top, which is why there can be no break-even volume even below 100%).
            r.break_even_utilization
                .map(|u| {
                    if u > 1.0 {
                        "a replica's GPU time costs more than the API even when fully busy".into()
                    } else {
                        format!(
                            "a replica's GPU time matches the API at {} busy",
                            format::percent(u)
                        )
                    }
                })
                .unwrap_or_default(),
        ),
        card(
            "API per 1M tokens",
            "api-usd-per-mtok",
            Some(r.api.usd_per_mtok),
            format::usd(r.api.usd_per_mtok),
            String::new(),
        ),
        card(
            "Self-hosted per 1M tokens",
            "selfhost-usd-per-mtok",
            mtok,
            read(mtok, format::usd),
            String::new(),
        ),
        card(
            "API per 1M output tokens",
            "api-usd-per-mtok-output",
            Some(r.api.usd_per_mtok_output),
            format::usd(r.api.usd_per_mtok_output),
            "the whole bill over the output".into(),
        ),
        card(
            "Self-hosted per 1M output tokens",
            "selfhost-usd-per-mtok-output",
            mtok_output,
            read(mtok_output, format::usd),
            String::new(),
        ),
        card(
            "Engineering and on-call, per month",
            "engineering-monthly-usd",
            engineering,
            read(engineering, format::usd),
            sh.map(|s| {
                if s.engineering_fte > 0.0 {
                    format!(
                        "{} FTE at {} per FTE-month",
                        infercost::float::shortest(s.engineering_fte),
                        format::usd(s.engineering_usd / s.engineering_fte)
                    )
                } else {
                    "no engineering time".into()
                }
            })
            .unwrap_or_default(),
        ),
        card(
            "Replicas (with spares)",
            "replicas",
            replicas,
            sh.map_or_else(
                || "–".into(),
                |s| {
                    format!(
                        "{} x {} GPUs",
                        s.replicas_total,
                        s.gpus_at_peak / s.replicas_total.max(1)
                    )
                },
            ),
            sh.map(|s| format!("{} serving at peak", s.replicas_at_peak))
                .unwrap_or_default(),
        ),
        card(
            "Average utilization",
            "utilization-pct",
            util,
            read(util, |u| format::percent(u / 100.0)),
            sh.map(|s| format!("{} at the peak hour", format::percent(s.peak_utilization)))
                .unwrap_or_default(),
        ),
        card(
            "Time to first token, full load",
            "ttft-ms",
            ttft_ms,
            read(ttft_ms, ms),
            sh.map(|s| {
                format!(
                    "p95 at the peak hour {}",
                    format::duration_s(s.p95_ttft_at_peak_s)
                )
            })
            .unwrap_or_default(),
        ),
        card(
            "Time per output token, full load",
            "tpot-ms",
            tpot_ms,
            read(tpot_ms, ms),
            String::new(),
        ),
        card(
            "Memory per GPU",
            "memory-per-gpu-gib",
            memory.map(|m| m.total_bytes / BYTES_PER_GIB),
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
            max_conc,
            read(max_conc, |n| fixed(n, 0)),
            sh.and_then(|s| s.operating_point.as_ref())
                .map(|p| format!("operating at {}", p.concurrency))
                .unwrap_or_default(),
        ),
    ]
}

/// The terms the cards and the verdict use, explained once (the "What the terms mean"
/// disclosure above the cards).
pub const GLOSSARY: [(&str, &str); 8] = [
    ("Replica", "One running copy of the model on its GPUs; the fleet is the replicas the peak hour needs, plus spares."),
    ("Peak-hour load target", "The share of capacity (what replicas serve within the TTFT and TPOT targets) busy at the busiest hour: an input."),
    ("Average utilization", "The month's load over the capacity of every billed replica: an output, usually well below the peak-hour load."),
    ("TTFT", "Time to first token: waiting for a slot, then reading the prompt."),
    ("TPOT", "Time per output token after the first; 1,000 ms / TPOT is the tokens per second a user reads."),
    ("p95", "The value 95 of 100 requests stay under."),
    ("Break-even", "The volume from which self-hosting stays cheaper than the API."),
    ("Hybrid", "Self-hosted replicas for the base load, the API for the peaks."),
];

/// The unit costs of the three plans as an escaped table (rows: per request, per 1M tokens,
/// per 1M output tokens, per user, margin on the seat price; columns: API, self-hosted,
/// hybrid). A plan that cannot run reads "–".
pub fn unit_costs_table(r: &Report) -> String {
    use infercost::evaluate::UnitCosts;
    type Cell = fn(&UnitCosts) -> String;
    let rows: [(&str, Cell); 5] = [
        ("Per request", |u| format::usd(u.usd_per_request)),
        ("Per 1M tokens (input + output)", |u| {
            format::usd(u.usd_per_mtok)
        }),
        ("Per 1M output tokens", |u| {
            format::usd(u.usd_per_mtok_output)
        }),
        ("Per user, per month", |u| format::usd(u.usd_per_user)),
        ("Margin on the seat price", |u| {
            u.margin
                .map_or_else(|| "no seat price".into(), format::percent)
        }),
    ];
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|(label, cell)| {
            let mut row = vec![label.to_string()];
            row.extend(
                r.unit_costs
                    .iter()
                    .map(|u| u.as_ref().map_or_else(|| "–".into(), cell)),
            );
            row
        })
        .collect();
    crate::html::table(
        None,
        &["", "API", "Self-hosted", "Hybrid"],
        &rows,
        "unit-costs",
        "table-unit-costs",
    )
}

/// The glossary as escaped markup.
pub fn glossary_markup() -> String {
    let items: Vec<(String, String)> = GLOSSARY
        .iter()
        .map(|(t, d)| (t.to_string(), d.to_string()))
        .collect();
    crate::html::definitions(&items)
}

/// A card's `data-value`: the number's shortest exact text, or empty when there is none.
fn value_text(v: Option<f64>) -> String {
    v.map(shortest).unwrap_or_default()
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
            value_text(c.value),
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
            .map(|(i, (_, n))| (i, value_text(n.value), n.text.as_str(), n.note.as_str()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use infercost::evaluate::evaluate;
    use infercost::scenario::Scenario;

    const TEST_IDS: [&str; 16] = [
        "api-monthly-usd",
        "selfhost-monthly-usd",
        "hybrid-monthly-usd",
        "savings-monthly-usd",
        "breakeven-requests-per-month",
        "api-usd-per-mtok",
        "selfhost-usd-per-mtok",
        "api-usd-per-mtok-output",
        "selfhost-usd-per-mtok-output",
        "engineering-monthly-usd",
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
        assert!(c
            .iter()
            .all(|c| c.value.is_some_and(f64::is_finite) && !c.text.is_empty()));
        assert_eq!(c[0].value, Some(r.api.total_usd_per_month));
        let m = markup(&c);
        assert_eq!(m.matches("data-value=").count(), TEST_IDS.len());
        let by_id = |id| c.iter().find(|c| c.testid == id).and_then(|c| c.value);
        assert_eq!(by_id("hybrid-monthly-usd"), Some(r.hybrid.plan.total_usd));
        // Per 1M output tokens: the whole bill over the output of the month's requests.
        let s = Scenario::default();
        let output_mtok = r.requests_per_month * s.workload.output_tokens / 1e6;
        let api_output = by_id("api-usd-per-mtok-output").unwrap();
        assert!((api_output * output_mtok / r.api.total_usd_per_month - 1.0).abs() < 1e-12);
        assert!(by_id("engineering-monthly-usd").unwrap() > 0.0);
        assert!(m.contains(&format!(
            "data-card=\"0\" data-testid=\"api-monthly-usd\" data-value=\"{}\"",
            shortest(r.api.total_usd_per_month)
        )));
    }

    #[test]
    fn the_glossary_explains_every_term_the_cards_use() {
        let m = glossary_markup();
        for term in [
            "Replica",
            "Peak-hour load target",
            "Average utilization",
            "TTFT",
            "TPOT",
            "p95",
            "Break-even",
            "Hybrid",
        ] {
            assert!(m.contains(&format!("<dt>{term}</dt>")), "{term}");
        }
        // The card titles use the same words.
        let titles: Vec<&str> = cards(&evaluate(&Scenario::default()))
            .iter()
            .map(|c| c.title)
            .collect();
        assert!(titles.iter().any(|t| t.starts_with("Average utilization")));
        assert!(titles.iter().any(|t| t.starts_with("Break-even")));
        assert!(titles.iter().any(|t| t.starts_with("Hybrid")));
    }

    #[test]
    fn unit_costs_cover_three_plans_and_read_clearly_when_one_cannot_run() {
        let r = evaluate(&Scenario::default());
        let m = unit_costs_table(&r);
        assert_eq!(m.matches("<tr>").count(), 6, "a heading row and five rows");
        assert!(m.contains(&format::usd(r.api.usd_per_request)));
        let margin = r.unit_costs[0].as_ref().and_then(|u| u.margin);
        match margin {
            Some(m_api) => assert!(m.contains(&format::percent(m_api))),
            None => assert!(m.contains("no seat price")),
        }
        let none = unit_costs_table(&crate::test_reports::infeasible_report());
        assert_eq!(
            none.matches("<td>–</td>").count(),
            10,
            "self-hosted and hybrid: none"
        );
        assert!(!none.contains("<td>$0.00</td>"), "{none}");
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
            assert_eq!(*value, value_text(new[*i].value));
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
        // No made-up zeros: every self-hosted figure reads "–" and has no value.
        for id in [
            "selfhost-monthly-usd",
            "savings-monthly-usd",
            "breakeven-requests-per-month",
            "selfhost-usd-per-mtok",
            "hybrid-monthly-usd",
            "selfhost-usd-per-mtok-output",
            "engineering-monthly-usd",
            "replicas",
            "utilization-pct",
            "ttft-ms",
            "tpot-ms",
            "max-concurrency",
        ] {
            let card = c.iter().find(|c| c.testid == id).expect(id);
            assert_eq!(card.value, None, "{id}");
            assert!(
                !card.text.contains('0') || id == "selfhost-monthly-usd",
                "{id}: {}",
                card.text
            );
        }
        assert!(c.iter().all(|c| c.value.is_none_or(f64::is_finite)));
        assert!(!markup(&c).contains("$0.00"));
    }
}
