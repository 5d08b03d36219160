//! Copies the bundled catalogs into `OUT_DIR` without their leading `#` comment lines (the
//! file headers, which only people read), so the page does not download them. The parsers
//! skip those lines anyway; a unit test checks that both copies parse the same.
//!
//! Also writes the price catalogs' core rows (`data/prices_core.txt`), which the page carries
//! in its first load, and sets `INFERCOST_PRICES_TAG`, a hash of both price files that the
//! page adds to their URLs when it fetches them (a new catalog is never read from a cache).

use std::{env, fs, path::Path};

fn main() {
    let out = env::var("OUT_DIR").expect("OUT_DIR");
    let core_ids = read_core_ids();
    let mut tag = 0xcbf2_9ce4_8422_2325_u64;
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
            "prices_api.psv" => derive_api_ids(&compact_notes(rest, 11)),
            "prices_gpu.psv" => compact_notes(rest, 10),
            _ => rest.to_string(),
        };
        if name.starts_with("prices_") {
            tag = fnv1a(tag, text.as_bytes());
            let core = core_rows(&copy, &core_ids);
            let core_name = name.replace(".psv", "_core.psv");
            fs::write(Path::new(&out).join(core_name), core).expect("write the core rows");
        }
        fs::write(Path::new(&out).join(name), copy).expect("write a catalog copy");
    }
    println!("cargo:rustc-env=INFERCOST_PRICES_TAG={tag:016x}");
    println!("cargo:rerun-if-changed=build.rs");
}

/// The ids listed in `data/prices_core.txt` (one a line, `#` comments).
fn read_core_ids() -> Vec<String> {
    let path = Path::new("data").join("prices_core.txt");
    println!("cargo:rerun-if-changed={}", path.display());
    fs::read_to_string(&path)
        .expect("read data/prices_core.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The rows of a compacted price copy whose id (derived for API rows whose id field is
/// blank, see [`derive_api_ids`]) is one of `ids`.
fn core_rows(copy: &str, ids: &[String]) -> String {
    let mut out = String::new();
    for line in copy.lines() {
        let f: Vec<&str> = line.split('|').collect();
        let id = match f.as_slice() {
            ["", provider, model, ..] => format!("{provider}:{}", model.to_ascii_lowercase()),
            [id, ..] => id.to_string(),
            [] => continue,
        };
        if ids.contains(&id) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// 64-bit FNV-1a, continued from `hash`.
fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x100_0000_01b3);
    }
    hash
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

/// Blanks an API row's id where it is `provider:model` in ASCII lower case, which the parser
/// derives again (`prices::parse_api_row`): ids are a sixth of the catalog's compressed size.
fn derive_api_ids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut fields: Vec<&str> = line.split('|').collect();
        let derived = match fields.as_slice() {
            [_, provider, model, ..] => format!("{provider}:{}", model.to_ascii_lowercase()),
            _ => String::new(),
        };
        if !line.starts_with('#') && fields.len() > 2 && fields[0] == derived {
            fields[0] = "";
        }
        out.push_str(&fields.join("|"));
        out.push('\n');
    }
    out
}
