//! Read-only markup (data tables, legends, lists of sources) as escaped HTML strings.
//!
//! These parts of the page only display numbers and catalog text, so they are built by pure,
//! host-tested functions and set with `inner_html`, which costs far less WebAssembly than a
//! reactive view tree for every cell. Every piece of text goes through [`escape`].

use std::fmt::Write;

/// Escapes text for HTML and XML (SVG) content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A table: optional caption, column headings, and rows whose first cell is the row heading.
pub fn table(
    caption: Option<&str>,
    headings: &[&str],
    rows: &[Vec<String>],
    class: &str,
    testid: &str,
) -> String {
    let mut out = format!(
        "<table class=\"{}\" data-testid=\"{}\">",
        escape(class),
        escape(testid)
    );
    if let Some(c) = caption {
        let _ = write!(out, "<caption>{}</caption>", escape(c));
    }
    out.push_str("<thead><tr>");
    for h in headings {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                let _ = write!(out, "<th scope=\"row\">{}</th>", escape(cell));
            } else {
                let _ = write!(out, "<td>{}</td>", escape(cell));
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// The page's dismissible notices: a list and a Dismiss button carrying the command
/// `dismiss` (nothing when there are none). Notices are plain text: escaped here.
pub fn notices(items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut out = String::from("<div class=\"notice\" data-testid=\"notice\"><ul>");
    for n in items {
        let _ = write!(out, "<li>{}</li>", escape(n));
    }
    out + "</ul><button type=\"button\" data-choice=\"dismiss\">Dismiss notices</button></div>"
}

/// A legend: one item per `(key class, text)`; the key is a coloured swatch.
pub fn legend(entries: &[(&str, String)]) -> String {
    let mut out = String::from("<ul class=\"legend\">");
    for (key, text) in entries {
        let _ = write!(
            out,
            "<li><span class=\"key {}\"></span>{}</li>",
            escape(key),
            escape(text)
        );
    }
    out.push_str("</ul>");
    out
}

/// A definition list of `(term, description)` pairs.
pub fn definitions(items: &[(String, String)]) -> String {
    let mut out = String::from("<dl class=\"sources\">");
    for (term, description) in items {
        let _ = write!(
            out,
            "<dt>{}</dt><dd>{}</dd>",
            escape(term),
            escape(description)
        );
    }
    out.push_str("</dl>");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn notices_are_escaped_text_with_one_dismiss_button() {
        assert_eq!(notices(&[]), "");
        let m = notices(&["Link: <b>x</b> & \"y\"".into(), "two".into()]);
        assert!(m.starts_with("<div class=\"notice\" data-testid=\"notice\"><ul><li>Link: &lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;</li><li>two</li></ul>"));
        assert_eq!(m.matches("data-choice=\"dismiss\"").count(), 1);
    }

    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape(r#"<script>"&'"#), "&lt;script&gt;&quot;&amp;&#39;");
    }

    #[test]
    fn tables_escape_every_cell() {
        let t = table(
            Some("Costs <&>"),
            &["Item", "USD"],
            &[vec!["<script>".into(), "1 & 2".into()]],
            "cost",
            "t",
        );
        assert_eq!(
            t,
            "<table class=\"cost\" data-testid=\"t\"><caption>Costs &lt;&amp;&gt;</caption><thead><tr>\
             <th scope=\"col\">Item</th><th scope=\"col\">USD</th></tr></thead><tbody><tr>\
             <th scope=\"row\">&lt;script&gt;</th><td>1 &amp; 2</td></tr></tbody></table>"
        );
    }

    #[test]
    fn legends_and_lists_escape() {
        assert_eq!(
            legend(&[("api", "A\"B".into())]),
            "<ul class=\"legend\"><li><span class=\"key api\"></span>A&quot;B</li></ul>"
        );
        assert_eq!(
            definitions(&[("a<".into(), "b>".into())]),
            "<dl class=\"sources\"><dt>a&lt;</dt><dd>b&gt;</dd></dl>"
        );
    }
}
