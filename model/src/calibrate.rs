//! A benchmark result against the model (feature `import`): the JSON `vllm bench serve` and
//! SGLang's `bench_serving` write (`--save-result`), read with the scenario that says what
//! ran (model, GPU, GPUs per replica, precision, engine). The model's prediction at the
//! benchmark's lengths and concurrency stands next to each measured figure, and the ratio of
//! the throughputs gives the measured max-load throughput that makes the model match
//! (`measured_output_tokens_per_s`, the page's "measured throughput", carried by the link).

use crate::perf::{self, RequestShape};
use crate::scenario::Scenario;
use serde::Serialize;
use serde_json::Value;

/// One measured figure and the model's prediction for the same conditions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// What it is (`output_tokens_per_s`, `mean_ttft_ms`, `mean_tpot_ms`).
    pub metric: String,
    /// The benchmark's value.
    pub measured: f64,
    /// The model's.
    pub predicted: f64,
}

/// The comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// Mean input tokens per request (total input / completed requests).
    pub input_tokens: f64,
    /// Mean output tokens per request.
    pub output_tokens: f64,
    /// Concurrent requests (`max_concurrency`; all requests at once when it is absent).
    pub concurrency: u32,
    /// Measured against predicted.
    pub figures: Vec<Figure>,
    /// The max-load output tokens/s per replica that scales the model to the measured
    /// throughput: set it as the scenario's measured throughput to use the benchmark.
    pub measured_output_tokens_per_s: f64,
}

/// Compares a benchmark result (its JSON text) with the model for `s`'s deployment.
///
/// # Errors
/// Not JSON, or a result without completed requests, token totals or an output throughput;
/// or a deployment that cannot run the benchmark's requests.
pub fn calibrate(result_json: &str, s: &Scenario) -> Result<Calibration, String> {
    // SGLang's bench_serving appends one JSON line per run: then the last one is read.
    let v: Value = serde_json::from_str(result_json)
        .or_else(|e| {
            result_json
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .map_or(Err(e), serde_json::from_str)
        })
        .map_err(|e| format!("not JSON: {e}"))?;
    // Zero is no measurement (and would divide).
    let num = |key: &str| {
        v.get(key)
            .and_then(Value::as_f64)
            .filter(|x| x.is_finite() && *x > 0.0)
    };
    let completed = num("completed")
        .filter(|c| *c >= 1.0)
        .ok_or("no completed requests")?;
    let input_tokens = num("total_input_tokens").unwrap_or(0.0) / completed;
    let output_tokens = num("total_output_tokens").ok_or("no total_output_tokens")? / completed;
    let measured_tps = num("output_throughput")
        .filter(|t| *t > 0.0)
        .ok_or("no output_throughput")?;
    // A run paced by a request rate has no fixed concurrency to compare at.
    if num("max_concurrency").is_none() && num("request_rate").is_some() {
        return Err(
            "a run paced by request_rate without max_concurrency has no fixed \
                    concurrency to compare at: run it with --max-concurrency"
                .into(),
        );
    }
    let concurrency = num("max_concurrency").unwrap_or(completed).clamp(1.0, 1e6) as u32;
    // A scenario already calibrated is compared as the page shows it.
    let d = crate::evaluate::deployment_of(&s.sanitized())
        .map_err(|why| crate::words::infeasibility(&why))?;
    let shape = RequestShape {
        input_tokens,
        output_tokens: output_tokens.max(1.0),
        cached_input_share: 0.0,
    };
    let curve = perf::curve(&d, &shape);
    let top = curve
        .points
        .last()
        .ok_or("the deployment cannot run these requests")?;
    // The point at the benchmark's concurrency (or the largest that fits).
    let at = curve
        .points
        .iter()
        .rev()
        .find(|p| p.concurrency <= concurrency)
        .unwrap_or(top);
    let mut figures = vec![Figure {
        metric: "output_tokens_per_s".into(),
        measured: measured_tps,
        predicted: at.output_tokens_per_s_total,
    }];
    for (key, predicted) in [
        ("mean_ttft_ms", at.ttft_s * 1e3),
        ("mean_tpot_ms", at.tpot_s * 1e3),
    ] {
        if let Some(measured) = num(key) {
            figures.push(Figure {
                metric: key.into(),
                measured,
                predicted,
            });
        }
    }
    let scale = if at.output_tokens_per_s_total > 0.0 {
        measured_tps / at.output_tokens_per_s_total
    } else {
        1.0
    };
    Ok(Calibration {
        input_tokens,
        output_tokens,
        concurrency,
        figures,
        measured_output_tokens_per_s: top.output_tokens_per_s_total * scale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `vllm bench serve` result (the keys it writes), made from the model's own
    /// prediction: calibrating on it asks for no change, and a result twice as fast asks for
    /// twice the throughput (the round trip).
    #[test]
    fn a_benchmark_file_round_trips_through_calibration() {
        let s = Scenario::default();
        let first = calibrate(
            r#"{"completed": 200, "total_input_tokens": 300000, "total_output_tokens": 70000,
                "max_concurrency": 32, "output_throughput": 1000.0}"#,
            &s,
        )
        .unwrap();
        assert_eq!(
            (first.input_tokens, first.output_tokens, first.concurrency),
            (1500.0, 350.0, 32)
        );
        let predicted = first.figures[0].predicted;
        let own = format!(
            r#"{{"completed": 200, "total_input_tokens": 300000, "total_output_tokens": 70000,
                "max_concurrency": 32, "output_throughput": {predicted}, "mean_ttft_ms": 100}}"#
        );
        let same = calibrate(&own, &s).unwrap();
        let mut with = s.clone();
        with.self_host.measured_output_tokens_per_s = Some(same.measured_output_tokens_per_s);
        let again = calibrate(&own, &with).unwrap();
        assert!((again.figures[0].predicted / predicted - 1.0).abs() < 1e-9);
        let twice = own.replace(&format!("{predicted}"), &format!("{}", 2.0 * predicted));
        let fast = calibrate(&twice, &s).unwrap();
        with.self_host.measured_output_tokens_per_s = Some(fast.measured_output_tokens_per_s);
        let matched = calibrate(&twice, &with).unwrap();
        assert!((matched.figures[0].predicted / (2.0 * predicted) - 1.0).abs() < 1e-9);
        assert_eq!(same.figures.len(), 2, "TTFT read when present");
        assert!(calibrate("{}", &s).unwrap_err().contains("completed"));
        // A rate-paced run has no concurrency to compare at.
        let paced = r#"{"completed": 10, "total_input_tokens": 100, "total_output_tokens": 100,
            "output_throughput": 50, "request_rate": 4}"#;
        assert!(calibrate(paced, &s).unwrap_err().contains("request_rate"));
        // bench_serving's JSON lines: the last run is read.
        let lines = format!("{}\n{}\n", paced.replace('\n', " "), own.replace('\n', " "));
        assert_eq!(calibrate(&lines, &s).unwrap(), same);
        assert!(calibrate("nope", &s).unwrap_err().starts_with("not JSON"));
    }
}
