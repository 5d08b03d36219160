//! `infercost import-config config.json`: a Hugging Face `config.json` as a scenario whose
//! self-hosted model is that architecture (`infercost::import`), printed as JSON. What the
//! reader assumed goes to stderr.

use infercost::import::from_config_json;
use infercost::scenario::Scenario;

use crate::eval::to_json;
use crate::output;
use crate::term::safe;

/// Runs `import-config`.
///
/// # Errors
/// A usage message, an unreadable file, or why the config cannot be read.
pub fn run(args: &[String]) -> Result<String, String> {
    let [path] = args else {
        return Err("usage: infercost import-config config.json (- reads stdin)".into());
    };
    let text = if path == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| format!("import-config: cannot read stdin: {e}"))?;
        s
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| format!("import-config: cannot read {}: {e}", safe(path)))?
    };
    let imported = from_config_json(&text).map_err(|e| format!("import-config: {}", safe(&e)))?;
    for note in &imported.notes {
        output::message(&format!("import-config: {}", safe(note)));
    }
    output::message(&format!(
        "import-config: {} with {:.2}B parameters ({:.2}B active)",
        safe(&imported.model_type),
        imported.arch.params_total / 1e9,
        imported.arch.params_active / 1e9
    ));
    let mut s = Scenario::default();
    s.self_host.custom_model = Some(imported.arch);
    to_json(&s).map_err(|e| format!("import-config: {e}"))
}
