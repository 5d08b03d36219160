//! `infercost search [FILE.json] [--json] [--top N]`: the cheapest configurations for a
//! scenario's traffic (`infercost::search`).

use infercost::search::{search, SearchResult};

use crate::eval::{read_scenario, to_json};
use crate::numbers::usd;
use crate::term::safe;

/// Rows printed without `--top`.
const DEFAULT_TOP: usize = 10;

/// Runs `search`: reads a scenario (the default one without a file; `-` reads stdin),
/// searches every configuration and returns the cheapest `--top N` as a table, or as JSON
/// with `--json` (`{"results": [...], ...}`, cheapest first).
///
/// # Errors
/// A message for a bad option, an unreadable file or a file that is not a scenario.
pub fn run(args: &[String]) -> Result<String, String> {
    let mut json = false;
    let mut top = DEFAULT_TOP;
    let mut file: Option<&str> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--top" => {
                let n = it.next().ok_or("search: --top needs a number")?;
                top = n
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=100_000).contains(n))
                    .ok_or_else(|| format!("search: --top {} is not a count from 1", safe(n)))?;
            }
            s if s.starts_with("--") => return Err(format!("search: unknown option {}", safe(s))),
            s => {
                if file.replace(s).is_some() {
                    return Err("search: give at most one scenario file".into());
                }
            }
        }
    }
    let scenario = match file {
        Some(path) => read_scenario(path).map_err(|e| format!("search: {e}"))?,
        None => infercost::scenario::Scenario::default(),
    };
    let mut found = search(&scenario, |_, _| true);
    found.results.truncate(top);
    found.below_targets.truncate(top);
    if json {
        to_json(&found).map_err(|e| format!("search: {e}"))
    } else {
        Ok(table(&found))
    }
}

fn table(found: &SearchResult) -> String {
    let mut out = format!(
        "{} configurations evaluated; the API costs {} a month for the same traffic.\n\n",
        found.evaluated,
        usd(found.api_monthly_usd)
    );
    out.push_str(
        "  # gpu              x  weights  kv    engine        plan        per month   $/1M out  replicas  p95 TTFT   TPOT\n",
    );
    for (i, c) in found.results.iter().enumerate() {
        out.push_str(&format!(
            "{:>3} {:<16} {:>2}  {:<7}  {:<4}  {:<12}  {:<9} {:>11} {:>10} {:>9} {:>8.2}s {:>5.0}ms\n",
            i + 1,
            safe(&c.gpu),
            c.gpus_per_replica,
            safe(&c.precision),
            safe(&c.kv_precision),
            safe(&c.engine),
            c.plan,
            usd(c.monthly_usd),
            usd(c.usd_per_mtok_output),
            c.replicas,
            c.ttft_p95_s,
            c.tpot_s * 1e3,
        ));
    }
    if found.results.is_empty() {
        out.push_str("  (no configuration serves this workload within the latency targets)\n");
    }
    if let Some(c) = found.below_targets.first() {
        out.push_str(&format!(
            "\nMissing a latency target even at concurrency 1: the cheapest is {} x {} {} on {}, {} a month.\n",
            c.gpus_per_replica,
            safe(&c.gpu),
            safe(&c.precision),
            safe(&c.engine),
            usd(c.monthly_usd),
        ));
    }
    if !found.infeasible.is_empty() {
        out.push_str(&format!(
            "\n{} GPU and precision pairs cannot serve it, e.g.:\n",
            found.infeasible.len()
        ));
        for line in found.infeasible.iter().take(5) {
            out.push_str(&format!("  {}\n", safe(line)));
        }
    }
    out
}
