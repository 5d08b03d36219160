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
        fs::write(Path::new(&out).join(name), rest).expect("write a catalog copy");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
