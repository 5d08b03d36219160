//! `infercost`: the model as a command-line tool.
//!
//! ```text
//! infercost validate FILE.csv [--json]   predict every row of a measurements file
//! infercost eval [FILE.json] [--json]    evaluate a scenario (the default one without a file)
//! infercost eval --link URL [--json]     evaluate the scenario a share link encodes
//! infercost link [FILE.json]             print the share link (query) of a scenario
//! infercost link --decode URL            print the scenario a share link encodes, as JSON
//! infercost defaults                     print the default scenario as JSON
//! ```

mod eval;
mod validate;

use std::process::ExitCode;

const USAGE: &str = "usage:
  infercost validate FILE.csv [--json]   predict every row of a measurements file
  infercost eval [FILE.json] [--json]    evaluate a scenario (the default one without a file)
  infercost eval --link URL [--json]     evaluate the scenario a share link encodes
  infercost link [FILE.json]             print the share link (query) of a scenario
  infercost link --decode URL            print the scenario a share link encodes, as JSON
  infercost defaults                     print the default scenario as JSON";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("validate") => validate::run(&args[1..]),
        Some("eval") => eval::run_eval(&args[1..]),
        Some("defaults") => eval::run_defaults(&args[1..]),
        Some("link") => eval::run_link(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("infercost: {msg}");
            ExitCode::from(2)
        }
    }
}
