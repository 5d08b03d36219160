//! Copies the bundled catalogs into `OUT_DIR` without their leading `#` comment lines (the
//! file headers, which only people read), so the page does not download them. The parsers
//! skip those lines anyway; a unit test checks that both copies parse the same.
//!
//! Also writes each catalog's core rows (`data/core.txt`), which the page carries in its
//! first load, every model's and GPU's id and name (the pickers list them all from the
//! start), and sets `INFERCOST_CATALOG_TAG`, a hash of the four files and of
//! `data/field_sources.txt` that the page adds to their URLs when it fetches them (a new
//! catalog is never read from a cache).

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
        tag = fnv1a(tag, text.as_bytes());
        let (stem, ext) = name.split_once('.').expect("a file name with an extension");
        let sep = if ext == "csv" { ',' } else { '|' };
        // The CSV catalogs keep their header line in the core copy.
        let header = usize::from(sep == ',');
        let core = without_sources(&core_rows(&copy, &core_ids, sep, header), name);
        fs::write(Path::new(&out).join(format!("{stem}_core.{ext}")), core)
            .expect("write the core rows");
        if sep == ',' {
            fs::write(
                Path::new(&out).join(format!("{stem}_names.txt")),
                names(&copy),
            )
            .expect("write the names");
        }
        fs::write(Path::new(&out).join(name), copy).expect("write a catalog copy");
    }
    // The inputs' source texts travel with the catalogs (the page fetches them together).
    let sources = Path::new("data").join("field_sources.txt");
    println!("cargo:rerun-if-changed={}", sources.display());
    tag = fnv1a(
        tag,
        &fs::read(&sources).expect("read data/field_sources.txt"),
    );
    println!("cargo:rustc-env=INFERCOST_CATALOG_TAG={tag:016x}");
    println!("cargo:rerun-if-changed=build.rs");
}

/// The ids listed in `data/core.txt` (one a line, `#` comments).
fn read_core_ids() -> Vec<String> {
    let path = Path::new("data").join("core.txt");
    println!("cargo:rerun-if-changed={}", path.display());
    fs::read_to_string(&path)
        .expect("read data/core.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The first `header` lines of a catalog copy and the rows whose id (the first field; for
/// API price rows whose id field is blank, `provider:model` as [`derive_api_ids`] left it)
/// is one of `ids`.
fn core_rows(copy: &str, ids: &[String], sep: char, header: usize) -> String {
    let mut out = String::new();
    for (i, line) in copy.lines().enumerate() {
        let f: Vec<&str> = line.split(sep).collect();
        let id = match f.as_slice() {
            ["", provider, model, ..] => format!("{provider}:{}", model.to_ascii_lowercase()),
            [id, ..] => id.to_string(),
            [] => continue,
        };
        if i < header || ids.contains(&id) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// `id,name` of every row of a CSV catalog copy. The catalogs keep a record on one line and
/// write ids and names without quotes; a row that does not is a build error, not a wrong
/// name.
fn names(copy: &str) -> String {
    let mut out = String::new();
    for line in copy.lines().skip(1) {
        assert!(
            line.matches('"').count() % 2 == 0,
            "a record on one line: {line}"
        );
        let mut f = line.split(',');
        let (id, name) = (f.next().unwrap_or(""), f.next().unwrap_or(""));
        assert!(
            !id.is_empty() && !name.is_empty() && !name.starts_with('"'),
            "an id and a plain name: {line}"
        );
        out.push_str(id);
        out.push(',');
        out.push_str(name);
        out.push('\n');
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

/// The core rows without their `source` field: the page shows sources only in its
/// assumptions panel, once the whole catalogs (which carry them) are in, so the first load
/// does not carry them (about 1 KB compressed). CSV fields may be quoted (with commas
/// inside); the price files have no quoting.
fn without_sources(core: &str, name: &str) -> String {
    let header: Vec<&str> = core.lines().next().unwrap_or("").split(',').collect();
    let column = |name: &str| header.iter().position(|c| *c == name);
    let columns: Vec<usize> = match name {
        "prices_api.psv" => vec![10],
        "prices_gpu.psv" => vec![9],
        _ => ["source"]
            .iter()
            .map(|c| column(c).unwrap_or_else(|| panic!("{name}: no {c} column")))
            .collect(),
    };
    let sep = if name.ends_with(".csv") { ',' } else { '|' };
    let mut out = String::with_capacity(core.len());
    for (i, line) in core.lines().enumerate() {
        if i == 0 && sep == ',' {
            out.push_str(line);
        } else {
            let mut fields = split_fields(line, sep);
            for &c in &columns {
                if let Some(f) = fields.get_mut(c) {
                    // The parsers require a source on every row: a dash stands for it.
                    *f = "-".to_string();
                }
            }
            out.push_str(&fields.join(&sep.to_string()));
        }
        out.push('\n');
    }
    out
}

/// A row's fields as written (quotes kept), split at `sep` outside double quotes.
fn split_fields(line: &str, sep: char) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                fields.last_mut().expect("one field").push(c);
            }
            c if c == sep && !quoted => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
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
