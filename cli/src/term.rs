//! Text from input made safe for a terminal.
//!
//! Ids, names, notes and error messages that quote a file, a link or an argument may hold
//! control characters. Printed raw, `ESC ] 0 ; ... BEL` retitles the window, `ESC [ 2 J`
//! clears the screen, C1 controls (U+0080..U+009F) act like ESC sequences in some terminals,
//! and bidi controls reorder what the reader sees. Text mode replaces each of them with
//! U+FFFD; JSON mode escapes them as `\uXXXX`, which keeps the data and the JSON valid.

use std::borrow::Cow;

/// What replaces an unsafe character in text mode.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether `c` can change what a terminal shows beyond printing a glyph: C0 controls and
/// DEL (`char::is_control` covers them and the C1 range U+0080..U+009F), the bidi embedding,
/// override and isolate controls, the left-to-right and right-to-left marks, the Arabic
/// letter mark, and the Unicode line and paragraph separators.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every unsafe character (newlines and tabs included: one piece of input must
/// not start a line of its own) replaced by U+FFFD. Borrows when nothing needs replacing.
///
/// ```text
/// safe("X1\u{1b}[2J") == "X1\u{FFFD}[2J"
/// ```
pub fn safe(text: &str) -> Cow<'_, str> {
    replace_where(text, is_unsafe)
}

/// [`safe`] applied line by line: keeps `\n` (our own messages are several lines), replaces
/// everything else. For whole messages, where the pieces from input were already made safe.
pub fn safe_lines(text: &str) -> Cow<'_, str> {
    replace_where(text, |c| c != '\n' && is_unsafe(c))
}

/// `text` with every character `bad` picks replaced by U+FFFD; borrowed when there is none.
fn replace_where(text: &str, bad: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&bad) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if bad(c) { REPLACEMENT } else { c })
            .collect(),
    )
}

/// JSON text with every unsafe character that serde_json leaves raw (DEL, C1, bidi and
/// separators; it escapes U+0000..U+001F itself) written as a `\uXXXX` escape. All of them
/// are in the Basic Multilingual Plane, so one escape each reads back as the same string. In
/// JSON text they can only occur inside strings, so escaping them anywhere keeps the value.
pub fn json_safe(json: String) -> String {
    if !json.chars().any(is_unsafe_in_json) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe_in_json(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Unsafe characters other than JSON's own whitespace (`\n`, `\r`, `\t` between tokens of
/// pretty output), which serde_json escapes inside strings.
fn is_unsafe_in_json(c: char) -> bool {
    is_unsafe(c) && !matches!(c, '\n' | '\r' | '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(safe("M0002 Llama-3.1-8B µs"), Cow::Borrowed(_)));
        assert_eq!(safe("日本語 ok"), "日本語 ok");
    }

    #[test]
    fn escape_sequences_are_defused() {
        assert_eq!(safe("X1\u{1b}[2J"), "X1\u{FFFD}[2J");
        assert_eq!(safe("a\u{1b}]0;title\u{7}b"), "a\u{FFFD}]0;title\u{FFFD}b");
        assert_eq!(safe("csi\u{9b}31m"), "csi\u{FFFD}31m");
        assert_eq!(safe("del\u{7f}"), "del\u{FFFD}");
        assert_eq!(safe("two\nlines\r\t"), "two\u{FFFD}lines\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn bidi_controls_are_defused() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{2028}', '\u{2029}',
        ] {
            assert_eq!(
                safe(&format!("a{c}b")),
                "a\u{FFFD}b",
                "U+{:04X}",
                u32::from(c)
            );
        }
        // Neighbours stay: zero-width joiner (emoji), non-breaking space.
        assert_eq!(safe("a\u{200D}b\u{A0}c"), "a\u{200D}b\u{A0}c");
    }

    #[test]
    fn safe_lines_keeps_newlines_only() {
        assert_eq!(safe_lines("one\ntwo\u{1b}[0m"), "one\ntwo\u{FFFD}[0m");
    }

    #[test]
    fn json_escapes_what_serde_json_leaves_raw() {
        let value = "id\u{1b}\u{7f}\u{9b}\u{202E}\u{2028}end";
        let raw =
            serde_json::to_string_pretty(&serde_json::json!({ "id": value })).unwrap_or_default();
        assert!(raw.contains("\\u001b"), "{raw}");
        let out = json_safe(raw);
        assert!(!out.chars().any(is_unsafe_in_json), "{out}");
        assert!(out.contains("\\u007f") && out.contains("\\u009b") && out.contains("\\u202e"));
        let back: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(back["id"], value);
    }
}
