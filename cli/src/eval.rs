//! `infercost eval [FILE.json | --link URL] [--json]`, `infercost defaults` and
//! `infercost link [FILE.json | --decode URL]`.
//!
//! Each command returns the text for stdout; `main` writes it. Link warnings go to stderr
//! as they come. Text from the input (ids, names, rejected values) is made terminal-safe
//! with [`term::safe`]; JSON goes through [`term::json_safe`].

use infercost::evaluate::{evaluate, Report};
use infercost::link;
use infercost::scenario::Scenario;
use infercost::words;
use serde::Serialize;
use std::fmt::Write as _;

use crate::numbers::{decimal, margin, percent, usd, volume};
use crate::output;
use crate::term::{self, safe};

/// Runs `eval`: reads a scenario (the default one without a file; `-` reads stdin; `--link
/// URL` decodes a share link and prints its warnings to stderr), evaluates it and returns a
/// readable summary, or the whole report as JSON with `--json`.
///
/// # Errors
/// A message for a bad option, an unreadable file or a file that is not a scenario.
pub fn run_eval(args: &[String]) -> Result<String, String> {
    let mut json = false;
    let mut file: Option<&str> = None;
    let mut link_arg: Option<&str> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--link" => {
                let url = it.next().ok_or("eval: --link needs a URL or query")?;
                if link_arg.replace(url).is_some() {
                    return Err("eval: give at most one --link".into());
                }
            }
            s if s.starts_with("--") => {
                return Err(format!("eval: unknown option {}", safe(s)));
            }
            s => {
                if file.replace(s).is_some() {
                    return Err("eval: give at most one scenario file".into());
                }
            }
        }
    }
    let scenario = match (file, link_arg) {
        (Some(_), Some(_)) => return Err("eval: give a scenario file or --link, not both".into()),
        (None, Some(url)) => decode_link(url),
        (None, None) => Scenario::default(),
        (Some(path), None) => read_scenario(path).map_err(|e| format!("eval: {e}"))?,
    };
    let report = evaluate(&scenario);
    if json {
        to_json(&report).map_err(|e| format!("eval: {e}"))
    } else {
        Ok(summary(&report))
    }
}

/// Runs `defaults`: the default scenario as JSON.
///
/// # Errors
/// A message for any argument.
pub fn run_defaults(args: &[String]) -> Result<String, String> {
    if let Some(a) = args.first() {
        return Err(format!("defaults: unexpected argument {}", safe(a)));
    }
    to_json(&Scenario::default()).map_err(|e| format!("defaults: {e}"))
}

/// Runs `link`: the share-link query of a scenario file (`-` reads stdin; the default
/// scenario without a file), or with `--decode URL` the scenario a link encodes, as JSON
/// (its warnings go to stderr). The query is percent-encoded, so it is plain ASCII.
///
/// # Errors
/// A usage message, or a message for an unreadable file or one that is not a scenario.
pub fn run_link(args: &[String]) -> Result<String, String> {
    match args {
        [] => Ok(format!("{}\n", link::to_query(&Scenario::default()))),
        [flag, url] if flag == "--decode" => {
            to_json(&decode_link(url)).map_err(|e| format!("link: {e}"))
        }
        [path] if !path.starts_with("--") => {
            let s = read_scenario(path).map_err(|e| format!("link: {e}"))?;
            Ok(format!("{}\n", link::to_query(&s)))
        }
        _ => Err("usage: infercost link [FILE.json | --decode URL]".into()),
    }
}

/// Pretty JSON with a final newline, terminal-safe.
pub fn to_json(value: &impl Serialize) -> Result<String, String> {
    let text =
        serde_json::to_string_pretty(value).map_err(|e| format!("cannot write JSON: {e}"))?;
    Ok(term::json_safe(text) + "\n")
}

/// Decodes a share link, printing its warnings to stderr.
fn decode_link(url: &str) -> Scenario {
    let d = link::from_query(url);
    for w in &d.warnings {
        output::message(&format!("link: {}", safe(w)));
    }
    d.scenario
}

/// Reads a scenario file (`-`: stdin).
pub fn read_scenario(path: &str) -> Result<Scenario, String> {
    let shown = safe(path);
    let text = if path == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {shown}: {e}"))?
    };
    parse_scenario(&text).map_err(|e| format!("{shown}: {e}"))
}

/// Parses a scenario from JSON; the error names the line and column. serde_json quotes bad
/// names from the file (`unknown variant ...`), so its message is made terminal-safe.
fn parse_scenario(text: &str) -> Result<Scenario, String> {
    serde_json::from_str(text).map_err(|e| {
        format!(
            "not a valid scenario (line {}, column {}): {}",
            e.line(),
            e.column(),
            safe(&e.to_string())
        )
    })
}

/// A readable summary of a report. Every string of the report may quote the input, so each
/// goes through [`safe`]; every number through [`crate::numbers`].
fn summary(r: &Report) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}\n", safe(&words::verdict(&r.verdict)));
    if let Some(how_sure) = words::basis(r) {
        let _ = writeln!(o, "{}\n", safe(&how_sure));
    }
    for i in &r.issues {
        let _ = writeln!(o, "note: {}", safe(&words::issue(i)));
    }
    for w in &r.warnings {
        let _ = writeln!(o, "warning: {}", safe(&words::warning(w)));
    }
    let a = &r.api;
    let _ = writeln!(
        o,
        "API                      {:>12} /month  ({} per request, {} per 1M tokens)",
        usd(a.total_usd_per_month),
        usd(a.usd_per_request),
        usd(a.usd_per_mtok)
    );
    for (name, v) in a.items() {
        let _ = writeln!(o, "  {name:<22} {:>12}", usd(v));
    }
    let feasible = r.self_host.is_feasible();
    if let Some(s) = r.self_host.serving() {
        let _ = writeln!(
            o,
            "Self-hosted              {:>12} /month  ({} per request, {} per 1M tokens)",
            usd(s.total_usd_per_month),
            usd(s.usd_per_request),
            usd(s.usd_per_mtok)
        );
        for (name, v) in s.cost_items() {
            let _ = writeln!(o, "  {name:<22} {:>12}", usd(v));
        }
        let _ = writeln!(
            o,
            "\nReplica: {} concurrent sequences fit; operating at concurrency {} -> {} req/s, {} output tok/s{}",
            s.max_concurrent_sequences,
            s.operating_point.as_ref().map_or(0, |p| p.concurrency),
            decimal(s.capacity_requests_per_s, 2),
            decimal(s.capacity_output_tokens_per_s, 0),
            if s.meets_latency_targets { "" } else { " (latency targets NOT met)" }
        );
        let _ = writeln!(
            o,
            "Fleet: {} serving + {} spare replicas at peak ({} GPUs); utilization {} average, {} at peak",
            s.replicas_at_peak,
            s.redundancy_replicas,
            s.gpus_at_peak,
            percent(s.average_utilization, 0),
            percent(s.peak_utilization, 0)
        );
        let _ = writeln!(
            o,
            "Peak hour: {} calls/s; p95 queueing {} s; p95 TTFT {} s; TPOT {} ms",
            decimal(s.peak_calls_per_s, 2),
            decimal(s.queue_at_peak.p95_wait_s, 3),
            decimal(s.p95_ttft_at_peak_s, 2),
            decimal(s.tpot_at_peak_s * 1000.0, 0)
        );
        if let Some(u) = r.break_even_utilization {
            let _ = writeln!(o, "Break-even utilization: {}", percent(u, 0));
        }
        let h = &r.hybrid.plan;
        if h.replicas == 0 {
            let _ = writeln!(o, "Hybrid: no self-hosted base load beats the API alone");
        } else {
            let _ = writeln!(
                o,
                "Hybrid: {} always-on replica(s) for the base load + API overflow ({} requests) = {} /month",
                h.replicas,
                volume(h.api_requests),
                usd(h.total_usd)
            );
        }
        let b = &r.efficiency_band;
        let _ = writeln!(
            o,
            "Efficiency band (x{}..x{}): self-hosted {} .. {} /month",
            decimal(b.efficiency_low, 2),
            decimal(b.efficiency_high, 2),
            usd(b.self_host_usd_low),
            usd(b.self_host_usd_high)
        );
    } else {
        let _ = writeln!(
            o,
            "Self-hosted: infeasible: {}",
            safe(
                &r.self_host
                    .infeasible_reason()
                    .map(words::infeasibility)
                    .unwrap_or_default()
            )
        );
    }
    let p = &r.per_user;
    let seat = p.price_per_seat_usd_per_month;
    let _ = writeln!(
        o,
        "Per user ({} users): API {} (margin {}), self-hosted {} (margin {})",
        volume(p.users),
        usd(p.api_usd_per_user),
        margin(seat, p.api_margin),
        if feasible {
            usd(p.self_host_usd_per_user)
        } else {
            "n/a".into()
        },
        if feasible {
            margin(seat, p.self_host_margin)
        } else {
            "n/a (infeasible)".into()
        }
    );
    if !r.sensitivity.is_empty() {
        let _ = writeln!(o, "\nSensitivity of the savings (USD/month):");
        for row in &r.sensitivity {
            let _ = writeln!(
                o,
                "  {:<36} {:>12} {:>12}",
                safe(row.label),
                usd(row.delta_low_usd),
                usd(row.delta_high_usd)
            );
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn bad_json_is_a_clear_error() {
        let e = parse_scenario("{\"workload\": ").unwrap_err();
        assert!(e.contains("line 1"), "{e}");
        assert!(parse_scenario("[1,2]").is_err());
        assert!(parse_scenario("{}").is_ok());
    }

    #[test]
    fn bad_names_in_json_errors_are_defused() {
        let e = parse_scenario(r#"{"self_host": {"engine": "x\u001b[2Jy"}}"#).unwrap_err();
        assert!(!e.contains('\u{1b}'), "{e:?}");
    }

    #[test]
    fn link_options() {
        assert!(run_eval(&args(&["--link"])).is_err());
        assert!(run_eval(&args(&["a.json", "--link", "v=1"])).is_err());
        assert!(run_link(&args(&["--decode"])).is_err());
        assert!(run_link(&args(&["--bogus", "x"])).is_err());
        assert_eq!(decode_link("v=1&out=900").workload.output_tokens, 900.0);
    }

    #[test]
    fn summary_of_default() {
        let s = summary(&evaluate(&Scenario::default()));
        assert!(s.contains("API"));
        assert!(s.contains("Self-hosted"));
        assert!(s.contains("(margin "), "{s}");
    }

    #[test]
    fn an_infeasible_self_host_has_no_per_user_numbers() {
        let mut s = Scenario::default();
        s.self_host.model_id = "no-such-model".into();
        let r = evaluate(&s);
        assert!(!r.self_host.is_feasible());
        let text = summary(&r);
        assert!(
            text.contains("self-hosted n/a (margin n/a (infeasible))"),
            "{text}"
        );
    }

    #[test]
    fn outputs_end_with_a_newline() {
        for out in [
            run_eval(&args(&[])),
            run_eval(&args(&["--json"])),
            run_defaults(&args(&[])),
            run_link(&args(&[])),
            run_link(&args(&["--decode", "v=1"])),
        ] {
            let out = out.unwrap_or_default();
            assert!(out.ends_with('\n') && !out.ends_with("\n\n"), "{out:?}");
        }
    }

    proptest::proptest! {
        /// What `link --decode` writes, `link FILE` reads back bit for bit: serde_json with
        /// float_roundtrip, down to the subnormals (without it, one value in three below
        /// 1e-30 came back one ulp off).
        #[test]
        fn scenario_json_round_trips_tiny_values(bits in 1u64..0x3990_0000_0000_0000) {
            let v = f64::from_bits(bits);
            let mut s = Scenario::default();
            s.workload.price_per_seat_usd_per_month = v;
            s.api.input_usd_per_mtok = v;
            let back = parse_scenario(&to_json(&s).unwrap_or_default())
                .map_err(proptest::test_runner::TestCaseError::fail)?;
            proptest::prop_assert_eq!(back.workload.price_per_seat_usd_per_month.to_bits(), bits);
            proptest::prop_assert_eq!(back.api.input_usd_per_mtok.to_bits(), bits);
        }
    }
}
