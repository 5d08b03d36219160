//! The page's commands: the text `src/js/files.js` and `public/tools.js` write into the hidden
//! command button (`data-command`) before clicking it, read here. Pure, tested on the host;
//! `ToolbarAction::Command` in `app` carries them out.

/// One command.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `?<query>`: open a scenario (Back after Reset, a tool's "Use this").
    Open(String),
    /// `!<query>`, or `!` alone: an offer's choice, the scenario to open or none to keep (and
    /// save) the one shown.
    Choose(Option<String>),
    /// `flush`: the page is being hidden; write an edit still waiting.
    Flush,
    /// `dismiss`: the notices were dismissed.
    Dismiss,
    /// `storage`: another tab saved.
    OtherTabSaved,
    /// `w<px>`: the charts' column is this many CSS pixels wide.
    ChartWidthPx(u32),
}

impl Command {
    /// The command `text` names, if any. Whole pixels for a width: an integer parse (a float
    /// parse links ~14 KB into the page).
    pub fn parse(text: &str) -> Option<Command> {
        if let Some(choice) = text.strip_prefix('!') {
            return Some(Command::Choose(
                (!choice.is_empty()).then(|| choice.to_string()),
            ));
        }
        if text.starts_with('?') {
            return Some(Command::Open(text.to_string()));
        }
        if let Some(px) = text.strip_prefix('w') {
            return px.parse().ok().map(Command::ChartWidthPx);
        }
        match text {
            "flush" => Some(Command::Flush),
            "dismiss" => Some(Command::Dismiss),
            "storage" => Some(Command::OtherTabSaved),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_read_back_and_anything_else_is_none() {
        assert_eq!(
            Command::parse("?v=2&out=9"),
            Some(Command::Open("?v=2&out=9".into()))
        );
        assert_eq!(
            Command::parse("!v=2"),
            Some(Command::Choose(Some("v=2".into())))
        );
        assert_eq!(Command::parse("!"), Some(Command::Choose(None)));
        assert_eq!(Command::parse("flush"), Some(Command::Flush));
        assert_eq!(Command::parse("dismiss"), Some(Command::Dismiss));
        assert_eq!(Command::parse("storage"), Some(Command::OtherTabSaved));
        assert_eq!(Command::parse("w388"), Some(Command::ChartWidthPx(388)));
        for junk in ["", "w", "w-3", "w1e3", "w99999999999", "Flush", "reset"] {
            assert_eq!(Command::parse(junk), None, "{junk}");
        }
    }
}
