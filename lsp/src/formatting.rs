//! Formatting: exactly `goal fmt`, the grammar's canonical printer (comments kept, broken
//! lines as written).

use crate::project::Document;
use lsp_types::{Position, Range, TextEdit};

/// The edits that format `document`: none when it is formatted, else one edit replacing the
/// whole text.
pub fn format(document: &Document) -> Vec<TextEdit> {
    let formatted = goal_grammar::print::print(&document.parsed().file, &document.text);
    if formatted == document.text {
        return Vec::new();
    }
    let whole = Range::new(Position::new(0, 0), document.lines().end(&document.text));
    vec![TextEdit::new(whole, formatted)]
}
