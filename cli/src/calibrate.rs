//! `infercost calibrate RESULT.json [SCENARIO.json] [--json]`: a `vllm bench serve` or SGLang
//! `bench_serving` result (`--save-result`) against the model for the scenario that says
//! what ran (the default scenario without one), and the measured throughput that makes the
//! model match (`infercost::calibrate`).

use infercost::calibrate::calibrate;
use infercost::link;
use infercost::scenario::Scenario;

use crate::eval::{read_scenario, to_json};
use crate::term::safe;

/// Runs `calibrate`.
///
/// # Errors
/// A usage message, an unreadable file, or why the result cannot be read.
pub fn run(args: &[String]) -> Result<String, String> {
    let json = args.iter().any(|a| a == "--json");
    let files: Vec<&String> = args.iter().filter(|a| *a != "--json").collect();
    if let Some(bad) = files.iter().find(|a| a.starts_with("--")) {
        return Err(format!("calibrate: unknown option {}", safe(bad)));
    }
    let (result, scenario) = match files.as_slice() {
        [result] => (result, Scenario::default()),
        [result, scenario] => (
            result,
            read_scenario(scenario).map_err(|e| format!("calibrate: {e}"))?,
        ),
        _ => return Err("usage: infercost calibrate RESULT.json [SCENARIO.json] [--json]".into()),
    };
    let text = std::fs::read_to_string(result)
        .map_err(|e| format!("calibrate: cannot read {}: {e}", safe(result)))?;
    let c = calibrate(&text, &scenario).map_err(|e| format!("calibrate: {}", safe(&e)))?;
    if json {
        return to_json(&c).map_err(|e| format!("calibrate: {e}"));
    }
    let mut out = format!(
        "{:.0} input and {:.0} output tokens a request, {} at once:\n",
        c.input_tokens, c.output_tokens, c.concurrency
    );
    for f in &c.figures {
        out.push_str(&format!(
            "  {:<20} measured {:>10.1}  model {:>10.1}  ({:+.0}%)\n",
            f.metric,
            f.measured,
            f.predicted,
            (f.predicted / f.measured - 1.0) * 100.0
        ));
    }
    let mut calibrated = scenario;
    // Rounded to a tenth of a token/s: the link stays short and the curve moves by < 0.01%.
    let rounded = (c.measured_output_tokens_per_s * 10.0).round() / 10.0;
    calibrated.self_host.measured_output_tokens_per_s = Some(rounded);
    out.push_str(&format!(
        "Measured throughput that matches it: {:.0} output tokens/s per replica at max load.\nThe scenario with it: ?{}\n",
        c.measured_output_tokens_per_s,
        link::to_query(&calibrated)
    ));
    Ok(out)
}
