//! Percent-encoding of link values (RFC 3986 unreserved characters kept).

/// Percent-encodes every byte outside RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`);
/// with `keep_commas`, `,` stays as is (the list separator of `cm` and `cg`).
pub(super) fn percent_encode_into(s: &str, keep_commas: bool, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else if keep_commas && b == b',' {
            out.push(',');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// Percent-encodes a value as [`to_query`] does for ids.
///
/// ```
/// assert_eq!(infercost::link::percent_encode("a:b/c d"), "a%3Ab%2Fc%20d");
/// ```
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    percent_encode_into(s, false, &mut out);
    out
}

/// Decodes `%XX` sequences; `None` for a `%` not followed by two hex digits or for bytes
/// that are not UTF-8. `+` stays a plus.
///
/// ```
/// use infercost::link::percent_decode;
/// assert_eq!(percent_decode("a%3Ab").as_deref(), Some("a:b"));
/// assert_eq!(percent_decode("100%"), None);
/// assert_eq!(percent_decode("%FF"), None);
/// ```
pub fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = hex_value(*bytes.get(i + 1)?)?;
            let lo = hex_value(*bytes.get(i + 2)?)?;
            out.push(hi * 16 + lo);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}
