//! The output formats of `goal check`, one module each, chosen with `--format`.

pub mod github;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;

use goal_compiler::{Diagnostic, Label, Sources};

/// A position for machines and people: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Byte offset in the file.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Where a label points: its file's path and its start and end.
pub fn locate<'a>(label: &Label, sources: &'a Sources) -> Option<(&'a str, Position, Position)> {
    let source = sources.get(label.file)?;
    let at = |offset: usize| {
        let (line, column) = source.line_col(offset);
        Position {
            offset,
            line,
            column,
        }
    };
    Some((&source.path, at(label.span.start), at(label.span.end)))
}

/// The primary location of a diagnostic, if it has one.
pub fn primary<'a>(d: &Diagnostic, sources: &'a Sources) -> Option<(&'a str, Position, Position)> {
    d.primary.as_ref().and_then(|label| locate(label, sources))
}
