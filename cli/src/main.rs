//! `infercost`: the model as a command-line tool.
//!
//! ```text
//! infercost validate FILE.csv [--json] [--rows]  predict every row of a measurements file
//! infercost eval [FILE.json] [--json]            evaluate a scenario (the default one without a file)
//! infercost eval --link URL [--json]             evaluate the scenario a share link encodes
//! infercost link [FILE.json]                     print the share link (query) of a scenario
//! infercost link --decode URL                    print the scenario a share link encodes, as JSON
//! infercost defaults                             print the default scenario as JSON
//! infercost search [FILE.json] [--json] [--top N] the cheapest configurations for its traffic
//! infercost import-config config.json            a Hugging Face config.json as a scenario (JSON)
//! infercost calibrate RESULT.json [SCENARIO.json] a benchmark result against the model
//! ```
//!
//! Exit status: 0 on success (also when the reader of stdout went away, `| head`), 2 with
//! a message on stderr otherwise. Nothing panics on bad input (arguments that are not UTF-8:
//! `args`; closed pipes: `output`). Text from files, links and arguments is made
//! terminal-safe before it is printed (`term`), and every number prints in at most 25
//! characters (`numbers`). `tests/cli.rs` runs the binary through each of these.
#![forbid(unsafe_code)]

mod args;
mod calibrate;
mod eval;
mod import;
mod numbers;
mod output;
mod search;
mod term;
mod validate;

use std::process::ExitCode;

const USAGE: &str = "usage:
  infercost validate FILE.csv [--json] [--rows]  predict every row of a measurements file
  infercost eval [FILE.json] [--json]            evaluate a scenario (the default one without a file)
  infercost eval --link URL [--json]             evaluate the scenario a share link encodes
  infercost link [FILE.json]                     print the share link (query) of a scenario
  infercost link --decode URL                    print the scenario a share link encodes, as JSON
  infercost defaults                             print the default scenario as JSON
  infercost search [FILE.json] [--json] [--top N] the cheapest configurations for its traffic
  infercost import-config config.json            a Hugging Face config.json as a scenario (JSON)
  infercost calibrate RESULT.json [SCENARIO.json] a benchmark result against the model
FILE.json may be - (stdin).";

/// Exit status of every error: bad usage, bad input, failed output.
const FAILURE: u8 = 2;

fn main() -> ExitCode {
    let result = args::utf8_args(std::env::args_os().skip(1)).and_then(|args| run(&args));
    let text = match result {
        Ok(text) => text,
        Err(msg) => {
            output::message(&format!("infercost: {msg}"));
            return ExitCode::from(FAILURE);
        }
    };
    match output::stdout(&text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if output::is_closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            output::message(&format!("infercost: cannot write the output: {e}"));
            ExitCode::from(FAILURE)
        }
    }
}

/// Runs the command `args` names and returns what it prints on stdout.
fn run(args: &[String]) -> Result<String, String> {
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("validate") => validate::run(rest),
        Some("eval") => eval::run_eval(rest),
        Some("defaults") => eval::run_defaults(rest),
        Some("link") => eval::run_link(rest),
        Some("search") => search::run(rest),
        Some("import-config") => import::run(rest),
        Some("calibrate") => calibrate::run(rest),
        Some("-h" | "--help" | "help") => Ok(format!("{USAGE}\n")),
        Some(other) => Err(format!("unknown command '{}'\n{USAGE}", term::safe(other))),
        None => Err(format!("missing command\n{USAGE}")),
    }
}
