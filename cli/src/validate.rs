//! `infercost validate FILE.csv [--json] [--rows]`: predict every row of a measurements
//! file. The logic lives in [`infercost::validate`]; this only reads the file and prints.

/// Runs the command.
///
/// # Errors
/// A message for a missing or unreadable file, or a file that is not in the measurements
/// format.
pub fn run(args: &[String]) -> Result<(), String> {
    let json = args.iter().any(|a| a == "--json");
    let rows = args.iter().any(|a| a == "--rows");
    let path = args.iter().find(|a| !a.starts_with("--")).ok_or(
        "validate: missing FILE.csv (usage: infercost validate FILE.csv [--json] [--rows])",
    )?;
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("validate: cannot read {path}: {e}"))?;
    let report =
        infercost::validate::validate_text(&text).map_err(|e| format!("validate: {path}: {e}"))?;
    let mut out = String::new();
    if json {
        out.push_str(&infercost::validate::to_json(&report));
        out.push('\n');
    } else {
        if rows {
            out.push_str(&infercost::validate::render_rows(&report));
            out.push('\n');
        }
        out.push_str(&infercost::validate::render_table(&report));
    }
    // A closed pipe (`| head`) is not an error worth a panic.
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(())
}
