//! Copies the bundled catalogs into `OUT_DIR` without their leading `#` comment lines (the
//! file headers, which only people read), so the page does not download them. The parsers
//! skip those lines anyway; a unit test checks that both copies parse the same.

use std::{env, fs, path::Path};

fn main() {
    let out = env::var("OUT_DIR").expect("OUT_DIR");
    for name in ["gpus.csv", "models.csv", "prices_api.psv", "prices_gpu.psv"] {
        let src = Path::new("data").join(name);
        println!("cargo:rerun-if-changed={}", src.display());
        let text = fs::read_to_string(&src).expect("read a bundled catalog");
        let mut rest = text.as_str();
        while rest.starts_with('#') {
            rest = rest.split_once('\n').map_or("", |(_, r)| r);
        }
        let copy = match name {
            // The price rows' free-text notes are for people reading the file; the code reads
            // only whether a note flags the row CAUTION. Dropping the rest keeps ~40 KB of
            // text out of the page.
            "prices_api.psv" => compact_notes(rest, 11),
            "prices_gpu.psv" => compact_notes(rest, 10),
            _ => rest.to_string(),
        };
        fs::write(Path::new(&out).join(name), copy).expect("write a catalog copy");
    }
    println!("cargo:rerun-if-changed=build.rs");
}

/// Replaces field `note` of every row with `CAUTION` when it contains that word, else nothing.
fn compact_notes(text: &str, note: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut fields: Vec<&str> = line.split('|').collect();
        if !line.starts_with('#') && fields.len() > note {
            fields[note] = if fields[note].contains("CAUTION") {
                "CAUTION"
            } else {
                ""
            };
        }
        out.push_str(&fields.join("|"));
        out.push('\n');
    }
    out
}
