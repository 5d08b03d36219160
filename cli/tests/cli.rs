//! Runs the `infercost` binary as a user would: exit codes, stdout and stderr.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_infercost");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A file under cargo's scratch directory for integration tests, removed when dropped. The
/// directory is shared by every checkout that uses the same target directory, hence the
/// process id in the name.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str, contents: &str) -> Scratch {
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("infercost-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Scratch(path)
    }

    fn path(&self) -> &str {
        self.0
            .to_str()
            .unwrap_or_else(|| panic!("scratch path is not UTF-8"))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn help_succeeds_and_a_bad_command_fails_with_usage() {
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("usage:"), "{}", stdout(&o));
    let o = run(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("infercost: unknown command 'frobnicate'\nusage:"));
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing command"), "{}", stderr(&o));
}

#[test]
fn eval_of_a_link_prints_the_summary() {
    let o = run(&["eval", "--link", "v=1&out=900"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("API ") && out.contains("Per user"), "{out}");
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn link_warnings_go_to_stderr() {
    let o = run(&["link", "--decode", "v=1&out=abc"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).starts_with("link: "), "{}", stderr(&o));
    let _: serde_json::Value = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("not JSON: {e}\n{}", stdout(&o)));
}

const HEADER: &str = "id,model,precision,gpu,gpu_count,tp,engine,engine_version,isl,osl,concurrency_or_batch,metric,value,unit,source,source_date,notes\n";

#[cfg(unix)]
#[test]
fn a_non_utf8_argument_is_an_error_not_a_panic() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let o = Command::new(BIN)
        .arg("eval")
        .arg("--link")
        .arg(OsStr::from_bytes(b"v=1&rpm=\xff"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("infercost: argument 3 is not valid UTF-8: \"v=1&rpm=\u{FFFD}\""),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn validate_rejects_unknown_options_and_extra_files() {
    let o = run(&["validate", "a.csv", "--verbose"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("infercost: validate: unknown option --verbose (usage:"),
        "{}",
        stderr(&o)
    );
    let o = run(&["validate", "a.csv", "b.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("give one file"), "{}", stderr(&o));
    let o = run(&["validate", "--json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing FILE.csv"), "{}", stderr(&o));
}

/// A reader that closes its end before the output comes (`| true`, `| head -0`): exit 0,
/// nothing on stderr. Repeated because a panic here used to depend on timing.
#[test]
fn a_closed_pipe_is_a_quiet_success() {
    let csv = Scratch::new(
        "closed-pipe.csv",
        &format!("{HEADER}X1,Llama-3.1-8B,BF16,H100 SXM,1,1,vLLM,,128,128,1,decode_tokens_per_s_per_user,100,tok/s,s,d,n\n"),
    );
    for args in [
        vec!["eval", "--json"],
        vec!["eval"],
        vec!["defaults"],
        vec!["link", "--decode", "v=1"],
        vec!["validate", csv.path(), "--rows"],
        vec!["--help"],
    ] {
        for _ in 0..5 {
            let mut child = Command::new(BIN)
                .args(&args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("{e}"));
            drop(child.stdout.take());
            let o = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
            assert!(o.stderr.is_empty(), "{args:?}: {}", stderr(&o));
        }
    }
}

/// A full disk is a real failure, unlike a closed pipe.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_is_an_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    let o = Command::new(BIN)
        .arg("defaults")
        .stdout(full)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("infercost: cannot write the output:"),
        "{}",
        stderr(&o)
    );
}

/// Whether `text` holds a character that would act on a terminal (newlines aside).
fn has_terminal_controls(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

#[test]
fn validate_defuses_escape_sequences_from_the_file() {
    let csv = Scratch::new(
        "escapes.csv",
        &format!(
            "{HEADER}\"\u{1b}]0;pwned\u{7}X1\",Llama-3.1-8B,BF16,H100 SXM,1,1,vLLM,,128,128,1,decode_tokens_per_s_per_user,100,tok/\u{9b}2Js,s,d,n\n\
             \u{202E}X2,Evil\u{1b}[2J,BF16,H100 SXM,1,1,vLLM,,128,128,1,decode_tokens_per_s_per_user,100,tok/s,s,d,n\n"
        ),
    );
    let o = run(&["validate", csv.path(), "--rows"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!has_terminal_controls(&out), "{out:?}");
    assert!(out.contains("\u{FFFD}]0;pwned\u{FFFD}X1"), "{out}");
    assert!(out.contains("unknown model 'Evil\u{FFFD}[2J'"), "{out}");

    let o = run(&["validate", csv.path(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!has_terminal_controls(&out), "{out:?}");
    let v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON: {e}\n{out}"));
    assert_eq!(v["rows"][0]["id"], "\u{1b}]0;pwned\u{7}X1");
    assert_eq!(v["rows"][0]["unit"], "tok/\u{9b}2Js");
    assert_eq!(v["rows"][1]["id"], "\u{202E}X2");
}

#[test]
fn eval_defuses_escape_sequences_from_the_file() {
    let evil = "\u{1b}]0;pwned\u{7}\u{202E}\u{9b}31m";
    let scenario = serde_json::json!({
        "self_host": { "model_id": format!("no-such-model{evil}"), "gpu_id": format!("gpu{evil}") },
        "api": { "price_id": format!("api{evil}") },
    });
    let file = Scratch::new("escapes.json", &scenario.to_string());
    let o = run(&["eval", file.path()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!has_terminal_controls(&stdout(&o)), "{:?}", stdout(&o));
    assert!(!has_terminal_controls(&stderr(&o)), "{:?}", stderr(&o));

    let o = run(&["eval", file.path(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!has_terminal_controls(&out), "{out:?}");
    let _: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON: {e}\n{out}"));

    let o = run(&["link", "--decode", "v=1&m=x%1B%5D0%3Bpwned%07&ap=%C2%9B31m"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!has_terminal_controls(&stderr(&o)), "{:?}", stderr(&o));
    assert!(!has_terminal_controls(&stdout(&o)), "{:?}", stdout(&o));
}

#[test]
fn file_names_in_errors_are_defused() {
    let o = run(&["eval", "no-such-\u{1b}[2J.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read no-such-\u{FFFD}[2J.json"),
        "{}",
        stderr(&o)
    );
    assert!(!has_terminal_controls(&stderr(&o)));
}

/// The line of the summary with the margins.
fn per_user_line(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    out.lines()
        .find(|l| l.starts_with("Per user"))
        .unwrap_or_else(|| panic!("no per-user line in\n{out}"))
        .to_string()
}

#[test]
fn margins_read_sanely_at_any_seat_price() {
    let line = per_user_line(&["eval", "--link", "v=1&seat=0"]);
    assert!(
        line.contains("(margin n/a (no seat price)), self-hosted"),
        "{line}"
    );
    for seat in ["1e-300", "1e-30", "0.000001"] {
        let line = per_user_line(&["eval", "--link", &format!("v=1&seat={seat}")]);
        assert!(line.contains("(margin < -10,000%)"), "{seat}: {line}");
        assert!(
            !line.contains("inf") && !line.contains("NaN"),
            "{seat}: {line}"
        );
    }
    let file = Scratch::new(
        "subnormal-seat.json",
        r#"{"workload": {"price_per_seat_usd_per_month": 5e-324}}"#,
    );
    let line = per_user_line(&["eval", file.path()]);
    assert!(line.contains("(margin < -10,000%)"), "{line}");
    let line = per_user_line(&["eval", "--link", "v=1&seat=20"]);
    assert!(line.contains("% (") || line.contains("%)"), "{line}");
    assert!(!line.contains("n/a"), "{line}");
}

#[test]
fn extreme_values_print_short() {
    let file = Scratch::new(
        "extreme-values.json",
        r#"{"workload": {"input_tokens": 1e300, "output_tokens": 1e-300, "price_per_seat_usd_per_month": 1e-300}}"#,
    );
    let o = run(&["eval", file.path()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // The model writes the rejected value with its own digits (a few ulp off out there).
    let note = out
        .lines()
        .find(|l| l.starts_with("note: workload.input_tokens ("))
        .unwrap_or_else(|| panic!("no note in\n{out}"));
    assert!(note.contains("e300): above the maximum"), "{note}");
    for word in out.split_whitespace() {
        assert!(word.chars().count() <= 40, "{word}\n{out}");
    }
}

/// `link --decode`, saved, then `link FILE` gives the link back bit for bit, also for values
/// far below 1e-30 (serde_json's `float_roundtrip`).
#[test]
fn decode_then_encode_is_the_identity_for_tiny_values() {
    use infercost::link;
    use infercost::scenario::Scenario;
    // Each but the round ones came back one ulp off without float_roundtrip (found by a
    // search over random doubles); the last three are subnormal.
    for (i, v) in [
        1e-31,
        3.9815925347254777e-32,
        2.28195554894087e-33,
        7.916896076883904e-35,
        1.0715660391465826e-75,
        9.320904785825e-309,
        4.64555769252003e-309,
        5e-324,
    ]
    .into_iter()
    .enumerate()
    {
        let mut s = Scenario::default();
        s.workload.price_per_seat_usd_per_month = v;
        s.api.input_usd_per_mtok = v;
        s.workload.cached_input_share = v;
        let query = link::to_query(&s);
        let o = run(&["link", "--decode", &query]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stderr(&o).is_empty(), "{v:e}: {}", stderr(&o));
        let file = Scratch::new(&format!("round-trip-{i}.json"), &stdout(&o));
        let o = run(&["link", file.path()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(stdout(&o), format!("{query}\n"), "{v:e}");
    }
}

#[test]
fn search_prints_the_cheapest_configurations_as_json() {
    let o = run(&["search", "--json", "--top", "5"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let results = v["results"].as_array().expect("results");
    assert_eq!(results.len(), 5);
    let costs: Vec<f64> = results
        .iter()
        .map(|r| r["monthly_usd"].as_f64().expect("monthly_usd"))
        .collect();
    assert!(costs.windows(2).all(|w| w[0] <= w[1]), "{costs:?}");
    for key in [
        "gpu",
        "gpus_per_replica",
        "precision",
        "engine",
        "monthly_usd",
    ] {
        assert!(!results[0][key].is_null(), "{key}");
    }
    // The first result is never dearer than the default deployment for the same workload.
    let eval = run(&["eval", "--json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&eval)).expect("JSON");
    let own = report["verdict"]["outcome"]["monthly_usd"]
        .as_array()
        .expect("monthly_usd");
    let default_best = own[1].as_f64().unwrap().min(own[2].as_f64().unwrap());
    assert!(
        costs[0] <= default_best + 1e-6,
        "{} vs {default_best}",
        costs[0]
    );
    let bad = run(&["search", "--top", "0"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn import_config_prints_a_scenario_with_the_architecture() {
    let dir = std::env::temp_dir().join(format!("infercost-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.json");
    std::fs::write(
        &config,
        r#"{"model_type":"mixtral","hidden_size":4096,"intermediate_size":14336,
        "max_position_embeddings":32768,"num_attention_heads":32,"num_hidden_layers":32,
        "num_key_value_heads":8,"num_local_experts":8,"num_experts_per_tok":2,
        "tie_word_embeddings":false,"vocab_size":32000}"#,
    )
    .unwrap();
    let o = run(&["import-config", config.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let m = &v["self_host"]["custom_model"];
    assert_eq!(m["experts"], 8);
    let total = m["params_total"].as_f64().unwrap();
    assert!((total / 1e9 - 46.7).abs() < 0.1, "{total}");
    assert!(
        stderr(&o).contains("mixtral with 46.70B parameters"),
        "{}",
        stderr(&o)
    );
    std::fs::write(&config, r#"{"model_type":"rwkv"}"#).unwrap();
    let bad = run(&["import-config", config.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("unknown architecture 'rwkv'"),
        "{}",
        stderr(&bad)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn calibrate_compares_a_benchmark_result_and_gives_the_matching_throughput() {
    let dir = std::env::temp_dir().join(format!("infercost-calibrate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let result = dir.join("result.json");
    std::fs::write(
        &result,
        r#"{"completed":200,"total_input_tokens":300000,"total_output_tokens":70000,
        "max_concurrency":64,"output_throughput":2600.5,"mean_ttft_ms":180.0,"mean_tpot_ms":24.1}"#,
    )
    .unwrap();
    let o = run(&["calibrate", result.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("1500 input and 350 output tokens a request, 64 at once"),
        "{text}"
    );
    assert!(
        text.contains("mean_tpot_ms") && text.contains("?v=2&mtps="),
        "{text}"
    );
    let j = run(&["calibrate", result.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&j)).expect("JSON");
    assert!(v["measured_output_tokens_per_s"].as_f64().unwrap() > 0.0);
    std::fs::write(&result, "{}").unwrap();
    let bad = run(&["calibrate", result.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
