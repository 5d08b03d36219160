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

/// A file under cargo's scratch directory for integration tests.
fn scratch(name: &str, contents: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

fn path_str(p: &std::path::Path) -> &str {
    p.to_str()
        .unwrap_or_else(|| panic!("scratch path is not UTF-8"))
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

/// A reader that closes its end before the output comes (`| true`, `| head -0`): exit 0,
/// nothing on stderr. Repeated because a panic here used to depend on timing.
#[test]
fn a_closed_pipe_is_a_quiet_success() {
    let csv = scratch(
        "closed-pipe.csv",
        &format!("{HEADER}X1,Llama-3.1-8B,BF16,H100 SXM,1,1,vLLM,,128,128,1,decode_tokens_per_s_per_user,100,tok/s,s,d,n\n"),
    );
    for args in [
        vec!["eval", "--json"],
        vec!["eval"],
        vec!["defaults"],
        vec!["link", "--decode", "v=1"],
        vec!["validate", path_str(&csv), "--rows"],
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
