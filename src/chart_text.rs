//! What the page shows beside each chart, built by pure functions from a [`Report`]: the
//! legends and data tables (escaped HTML, through `html`), the notes and the break-even
//! readout (plain text), and the itemized cost tables that close the evidence section. The
//! charts themselves (SVG) are in `chart_markup`.

use crate::format;
use crate::html;
use infercost::catalog::BYTES_PER_GIB;
use infercost::evaluate::Report;
use infercost::float::fixed;
use infercost::perf::Bottleneck;

/// The parts of the memory bar, in bytes.
pub fn memory_parts(r: &Report) -> Option<Vec<(&'static str, f64)>> {
    let m = r.self_host.memory.as_ref()?;
    Some(vec![
        ("Weights", m.weights_bytes),
        ("KV cache", m.kv_cache_bytes),
        ("Activations", m.activations_bytes),
        ("Workspace", m.workspace_bytes),
        ("Fragmentation", m.fragmentation_bytes),
    ])
}

/// Bytes as GiB with one decimal.
pub fn gib(bytes: f64) -> String {
    format!("{} GiB", fixed(bytes / BYTES_PER_GIB, 1))
}

/// What binds a replica, in words.
pub fn bottleneck_name(b: Bottleneck) -> &'static str {
    match b {
        Bottleneck::Bandwidth => "memory bandwidth",
        Bottleneck::Compute => "compute",
        Bottleneck::KvMemory => "KV-cache memory",
    }
}

/// The break-even sample nearest the scenario's own volume (where the keyboard readout
/// starts).
pub fn index_at_scenario(r: &Report) -> usize {
    r.curves
        .volumes
        .iter()
        .position(|v| *v >= r.requests_per_month)
        .unwrap_or(0)
}

/// The readout sentence for break-even sample `i`. A side that cannot be computed (an
/// infeasible self-hosted setup) reads "n/a" rather than hiding the readout.
pub fn readout(r: &Report, i: usize) -> Option<String> {
    let c = &r.curves;
    let usd_or_na = |v: Option<&f64>| v.map(|v| format::usd(*v)).unwrap_or_else(|| "n/a".into());
    Some(format!(
        "At {} requests a month: API {}, self-hosted {}, hybrid {} a month.",
        format::count(*c.volumes.get(i)?),
        usd_or_na(c.api_usd.get(i)),
        usd_or_na(c.self_host_usd.get(i)),
        usd_or_na(c.hybrid_usd.get(i)),
    ))
}

/// The break-even chart's legend.
pub fn break_even_legend() -> String {
    html::legend(&[
        ("api", "API".into()),
        ("self", "Self-hosted (whole replicas)".into()),
        (
            "hybrid",
            "Hybrid (base load self-hosted, overflow to the API)".into(),
        ),
        ("cross", "Break-even".into()),
    ])
}

/// The break-even chart's data.
pub fn break_even_table(r: &Report) -> String {
    let c = &r.curves;
    let usd_or_blank = |v: Option<&f64>| v.map(|v| format::usd(*v)).unwrap_or_default();
    let rows: Vec<Vec<String>> = (0..c.volumes.len())
        .map(|i| {
            vec![
                format::count(c.volumes[i]),
                usd_or_blank(c.api_usd.get(i)),
                usd_or_blank(c.self_host_usd.get(i)),
                usd_or_blank(c.hybrid_usd.get(i)),
            ]
        })
        .collect();
    html::table(
        None,
        &["Requests / month", "API", "Self-hosted", "Hybrid"],
        &rows,
        "",
        "table-break-even",
    )
}

/// The memory chart's legend (with each part's size); empty without a memory figure.
pub fn memory_legend(r: &Report) -> String {
    let (Some(parts), Some(m)) = (memory_parts(r), r.self_host.memory.as_ref()) else {
        return String::new();
    };
    let keys = ["seg0", "seg1", "seg2", "seg3", "seg4"];
    let mut entries: Vec<(&str, String)> = keys
        .iter()
        .zip(parts)
        .map(|(k, (label, bytes))| (*k, format!("{label} {}", gib(bytes))))
        .collect();
    entries.push(("capacity", format!("Capacity {}", gib(m.capacity_bytes))));
    html::legend(&entries)
}

/// Whether the model fits, in words.
pub fn memory_note(r: &Report) -> String {
    match r.self_host.memory.as_ref() {
        Some(m) if m.fits => format!(
            "Fits: {} of {} per GPU.",
            gib(m.total_bytes),
            gib(m.capacity_bytes)
        ),
        Some(m) => format!(
            "Does not fit: {} needed per GPU, {} available.",
            gib(m.total_bytes),
            gib(m.capacity_bytes)
        ),
        None => "No memory figure: the self-hosted setup is not valid.".into(),
    }
}

/// The memory chart's data.
pub fn memory_table(r: &Report) -> String {
    let rows: Vec<Vec<String>> = memory_parts(r)
        .unwrap_or_default()
        .into_iter()
        .map(|(label, bytes)| vec![label.to_string(), gib(bytes)])
        .collect();
    html::table(None, &["Part", "Per GPU"], &rows, "", "table-memory")
}

/// The throughput chart's legend.
pub fn throughput_legend() -> String {
    html::legend(&[
        ("self", "Output tokens/s (left axis)".into()),
        ("latency", "Time per output token, ms (right labels)".into()),
        ("cross", "Operating point".into()),
    ])
}

/// The operating point in words, with the resource that binds.
pub fn throughput_note(r: &Report) -> String {
    match r.self_host.serving().and_then(|s| s.operating_point.as_ref()) {
        Some(p) => format!(
            "Operating point: {} concurrent requests per replica, {} output tokens/s in total, {} per token; bound by {}.",
            p.concurrency,
            format::count(p.output_tokens_per_s_total),
            format::duration_s(p.tpot_s),
            bottleneck_name(p.bottleneck)
        ),
        None => String::new(),
    }
}

/// The throughput chart's data.
pub fn throughput_table(r: &Report) -> String {
    let curve: &[infercost::perf::PerfPoint] = r.self_host.serving().map_or(&[], |s| &s.curve);
    let rows: Vec<Vec<String>> = curve
        .iter()
        .map(|p| {
            vec![
                p.concurrency.to_string(),
                format::count(p.output_tokens_per_s_total),
                format::duration_s(p.ttft_s),
                format::duration_s(p.tpot_s),
                bottleneck_name(p.bottleneck).to_string(),
            ]
        })
        .collect();
    html::table(
        None,
        &[
            "Concurrency",
            "Output tok/s",
            "TTFT",
            "Time per token",
            "Bound by",
        ],
        &rows,
        "",
        "table-throughput",
    )
}

/// The tornado's legend.
pub fn sensitivity_legend() -> String {
    html::legend(&[
        ("low", "Input at its low value".into()),
        ("high", "Input at its high value".into()),
    ])
}

/// The tornado's data.
pub fn sensitivity_table(r: &Report) -> String {
    let rows: Vec<Vec<String>> = r
        .sensitivity
        .iter()
        .map(|s| {
            vec![
                s.label.to_string(),
                format::plain(s.low_value),
                format::plain(s.high_value),
                format::usd(s.delta_low_usd),
                format::usd(s.delta_high_usd),
            ]
        })
        .collect();
    html::table(
        None,
        &[
            "Input",
            "Low",
            "High",
            "Savings change (low)",
            "Savings change (high)",
        ],
        &rows,
        "",
        "table-sensitivity",
    )
}

/// A cost line's label as a table row starts it ("input tokens" -> "Input tokens").
fn capitalized(label: &str) -> String {
    let mut c = label.chars();
    c.next()
        .map(|first| first.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// Both options itemized, as two tables.
pub fn cost_tables(r: &Report) -> String {
    let a = &r.api;
    let usd_rows = |items: &[(&str, f64)]| -> Vec<Vec<String>> {
        items
            .iter()
            .map(|(k, v)| vec![capitalized(k), format::usd(*v)])
            .collect()
    };
    let api = usd_rows(&a.items());
    let total = |rows: &mut Vec<Vec<String>>, usd: f64| {
        rows.push(vec!["Total".to_string(), format::usd(usd)]);
    };
    let mut api = api;
    total(&mut api, a.total_usd_per_month);
    // A setup that cannot run has no bill: one row says why, no zeros.
    let own = match r.self_host.serving() {
        Some(s) => {
            let mut own = usd_rows(&s.cost_items());
            total(&mut own, s.total_usd_per_month);
            own
        }
        None => vec![vec![
            "Not feasible".to_string(),
            r.self_host
                .infeasible_reason()
                .map(infercost::words::infeasibility)
                .unwrap_or_default(),
        ]],
    };
    html::table(
        Some("API, itemized"),
        &["Item", "USD / month"],
        &api,
        "cost",
        "cost-table-api",
    ) + &html::table(
        Some("Self-hosted, itemized"),
        &["Item", "USD / month"],
        &own,
        "cost",
        "cost-table-selfhost",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_reports::{default_report, infeasible_report};

    #[test]
    fn tables_and_notes_cover_the_report() {
        let r = default_report();
        assert_eq!(
            break_even_table(&r).matches("<tr>").count(),
            r.curves.volumes.len() + 1
        );
        assert!(throughput_note(&r).contains("bound by"));
        assert!(memory_note(&r).starts_with("Fits: "));
        let costs = cost_tables(&r);
        assert!(costs.contains("cost-table-api") && costs.contains("cost-table-selfhost"));
        assert!(readout(&r, 0).unwrap().starts_with("At "));
        assert!(readout(&r, usize::MAX).is_none());
    }

    #[test]
    fn an_infeasible_setup_still_reads() {
        let r = infeasible_report();
        assert!(!r.self_host.is_feasible());
        // The readout still reads, with n/a where a side has no figure.
        assert!(readout(&r, 0).is_some());
        assert!(memory_note(&r).len() > 10);
    }
}
