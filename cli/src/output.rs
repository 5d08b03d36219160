//! Writing the output without panics.
//!
//! `println!` panics when stdout is a closed pipe (`infercost eval --json | head -1`), and
//! `eprintln!` when stderr is. Here stdout is written once, whole, through its lock, and the
//! caller treats a broken pipe as the reader having seen enough; messages to stderr are
//! best effort.

use std::io::{self, Write};

use crate::term;

/// Writes `text` to stdout and flushes it.
///
/// # Errors
/// The write error; [`is_closed_pipe`] tells the one that is not a failure.
pub fn stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Whether a write failed only because the reader went away (`| head`, `| true`): the
/// output was not wanted any more, so the command still succeeded.
pub fn is_closed_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// Writes one message line to stderr, made terminal-safe (its own newlines kept). A failure
/// to write a message has nowhere to be reported, so it is ignored.
pub fn message(line: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{}", term::safe_lines(line));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_broken_pipe_is_a_closed_reader() {
        assert!(is_closed_pipe(&io::Error::from(io::ErrorKind::BrokenPipe)));
        assert!(!is_closed_pipe(&io::Error::from(
            io::ErrorKind::StorageFull
        )));
        assert!(!is_closed_pipe(&io::Error::from(
            io::ErrorKind::PermissionDenied
        )));
    }
}
