//! Quick fixes for `goal check`'s diagnostics. The compiler states a fix in the help line
//! rather than as data, so the fixes are derived here:
//!
//! - a help line `did you mean `x`?` (misspelt keyword, metric, field, value, unit, statistic,
//!   parameter, objective, schedule, time zone, cadence …) replaces the word the diagnostic
//!   points at with `x`;
//! - `T506 missing-review` adds a `review` clause after the goal's last clause.

use crate::diagnostics;
use crate::locate;
use crate::project::{Checked, Document, Key, Project};
use goal_compiler::{Diagnostic, Rule};
use lsp_types::{CodeAction, CodeActionKind, Range, TextEdit, WorkspaceEdit};
use std::collections::HashMap;

/// The cadences offered for a goal without `review`, the first preferred.
const REVIEW_CADENCES: &[&str] = &["weekly", "monthly"];

/// The quick fixes for the diagnostics of file `key` that overlap `range`.
pub fn quick_fixes(
    project: &Project,
    checked: &Checked,
    key: &Key,
    document: &Document,
    range: Range,
) -> Vec<CodeAction> {
    let start = document.offset(range.start);
    let end = document.offset(range.end);
    let file_of = |id: goal_compiler::FileId| {
        checked
            .files
            .get(id.0)
            .and_then(|key| project.document(key))
    };
    let mut actions = Vec::new();
    for diagnostic in &checked.diagnostics {
        let Some(label) = &diagnostic.primary else {
            continue;
        };
        let in_file = checked.files.get(label.file.0) == Some(key);
        if !in_file || label.span.end < start || label.span.start > end {
            continue;
        }
        let converted = diagnostics::convert(diagnostic, document, file_of);
        for (title, edit, preferred) in fixes(diagnostic, document) {
            actions.push(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![converted.clone()]),
                edit: Some(WorkspaceEdit::new(HashMap::from([(
                    document.uri.clone(),
                    vec![edit],
                )]))),
                command: None,
                is_preferred: Some(preferred),
                disabled: None,
                data: None,
            });
        }
    }
    actions
}

/// The fixes of one diagnostic: title, edit and whether it is the preferred one.
fn fixes(diagnostic: &Diagnostic, document: &Document) -> Vec<(String, TextEdit, bool)> {
    let Some(label) = &diagnostic.primary else {
        return Vec::new();
    };
    let span = label.span;
    if let Some(suggestion) = diagnostic.help.as_deref().and_then(suggested) {
        let written = document.text.get(span.start..span.end).unwrap_or("");
        let one_word = !written.is_empty() && !written.contains(char::is_whitespace);
        if one_word && written != suggestion {
            let edit = TextEdit::new(document.range(span), suggestion.to_owned());
            return vec![(
                format!("Replace `{written}` with `{suggestion}`"),
                edit,
                true,
            )];
        }
    }
    if diagnostic.rule == Rule::MissingReview {
        let Some(goal) = locate::goal_at(&document.parsed().file, span.start) else {
            return Vec::new();
        };
        let lines = document.lines();
        let last_line = lines.line_of(goal.span.end.saturating_sub(1).max(goal.span.start));
        let Some(line) = lines.line(&document.text, last_line) else {
            return Vec::new();
        };
        let at = document.position(line.end);
        return REVIEW_CADENCES
            .iter()
            .enumerate()
            .map(|(i, cadence)| {
                let edit = TextEdit::new(Range::new(at, at), format!("\n  review {cadence}"));
                (format!("Add `review {cadence}`"), edit, i == 0)
            })
            .collect();
    }
    Vec::new()
}

/// The `x` of a help line that is exactly "did you mean `x`?".
fn suggested(help: &str) -> Option<&str> {
    let word = help.strip_prefix("did you mean `")?.strip_suffix("`?")?;
    (!word.is_empty() && !word.contains('`')).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_suggestions_are_fixes() {
        assert_eq!(suggested("did you mean `target`?"), Some("target"));
        assert_eq!(suggested("did you mean `a` or `b`?"), None);
        assert_eq!(suggested("add `review weekly`"), None);
        assert_eq!(suggested("did you mean ``?"), None);
    }
}
