//! Command-line arguments as text.
//!
//! `std::env::args()` panics on an argument that is not UTF-8 (a link pasted with a stray
//! byte, `$'v=1&rpm=\xff'`). Every argument here is a command, an option, a link or a
//! path, all read as text, so a non-UTF-8 one is an error that names it.

use std::ffi::OsString;

use crate::term;

/// Longest excerpt of a bad argument quoted in the error.
const MAX_QUOTED_CHARS: usize = 60;

/// The arguments (without the program name) as strings.
///
/// # Errors
/// `argument N is not valid UTF-8: "..."` for the first one that is not (N counts from 1
/// after the program name); the excerpt shows the bad bytes as U+FFFD.
pub fn utf8_args(args: impl IntoIterator<Item = OsString>) -> Result<Vec<String>, String> {
    args.into_iter()
        .enumerate()
        .map(|(i, arg)| {
            arg.into_string().map_err(|bad| {
                let lossy = bad.to_string_lossy();
                let mut excerpt: String =
                    term::safe(&lossy).chars().take(MAX_QUOTED_CHARS).collect();
                if lossy.chars().count() > MAX_QUOTED_CHARS {
                    excerpt.push_str("...");
                }
                format!("argument {} is not valid UTF-8: \"{excerpt}\"", i + 1)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_arguments_pass_through() {
        let args = ["eval", "--link", "v=1&m=llama-3.1-8b", "ü"].map(OsString::from);
        assert_eq!(
            utf8_args(args),
            Ok(vec![
                "eval".into(),
                "--link".into(),
                "v=1&m=llama-3.1-8b".into(),
                "ü".into()
            ])
        );
        assert_eq!(utf8_args(Vec::new()), Ok(Vec::new()));
    }

    #[cfg(unix)]
    #[test]
    fn a_stray_byte_names_its_argument() {
        use std::os::unix::ffi::OsStringExt;
        let args = vec![
            OsString::from("eval"),
            OsString::from("--link"),
            OsString::from_vec(b"v=1&rpm=\xff\x1b[2J".to_vec()),
        ];
        assert_eq!(
            utf8_args(args),
            Err("argument 3 is not valid UTF-8: \"v=1&rpm=\u{FFFD}\u{FFFD}[2J\"".into())
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_long_bad_argument_is_cut() {
        use std::os::unix::ffi::OsStringExt;
        let mut bytes = vec![b'a'; 200];
        bytes.push(0xff);
        let e = utf8_args([OsString::from_vec(bytes)]).unwrap_err();
        assert!(e.starts_with("argument 1 is not valid UTF-8: \"aaa"), "{e}");
        assert!(e.ends_with("...\"") && e.len() < 110, "{e}");
    }
}
