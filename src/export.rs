//! A chart's SVG made self-contained for download: pure, tested on the host. (The report's
//! CSV and JSON are made by the on-demand tools worker, `tools/src/export.rs`, which carries
//! serde_json: the page's first load does not.)

use crate::html::escape;

/// A chart's SVG made self-contained for download: the page's stylesheet classes are
/// resolved with an embedded light palette and a white background.
pub fn standalone_svg(svg: &str) -> String {
    const STYLE: &str = "<style>text{font:12px system-ui,sans-serif;fill:#4b5563}\
        .axis,.tick,.grid{stroke:#767f8a}.grid{stroke-opacity:.35}text.tick{stroke:none}\
        .line{fill:none;stroke-width:2.5}.api{stroke:#a3231a}.self{stroke:#0b5cab}\
        .hybrid,.latency{stroke:#6b4c00;stroke-dasharray:6 4}.marker{stroke:#1a1f24;fill:none}\
        .cross{fill:#fff;stroke-width:2.5}.readout{stroke:#0b5cab}.zero{stroke:#1a1f24}\
        .capacity{fill:#f4f6f8;stroke:#767f8a}.seg0,.low{fill:#0b5cab}.seg1{fill:#6b4c00}\
        .seg2,.high{fill:#a3231a}.seg3{fill:#4b5563}.seg4{fill:#1a1f24}</style>";
    match svg.split_once('>') {
        Some((open, rest)) => {
            format!("{open}><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>{STYLE}{rest}")
        }
        None => escape(svg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standalone_svg_embeds_a_style() {
        let s = standalone_svg("<svg viewBox=\"0 0 1 1\"><path/></svg>");
        assert!(s.starts_with("<svg viewBox=\"0 0 1 1\"><rect"));
        assert!(s.contains("<style>") && s.ends_with("<path/></svg>"));
    }
}
