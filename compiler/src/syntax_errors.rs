//! Gives each syntax error from the grammar its code, message and help.

use crate::diagnostic::Diagnostic;
use crate::rules::Rule;
use crate::source::FileId;
use goal_grammar::{CLAUSE_KEYWORDS, DECLARATION_KEYWORDS, SyntaxError, SyntaxErrorKind};

/// The diagnostic for one syntax error.
pub(crate) fn to_diagnostic(error: &SyntaxError, file: FileId) -> Diagnostic {
    match &error.kind {
        SyntaxErrorKind::Unexpected { expected, found } => {
            let found_text = found
                .as_ref()
                .map_or_else(|| "the end of the line".to_owned(), |f| format!("`{f}`"));
            let expected_text = match expected.as_slice() {
                [] => "something else".to_owned(),
                [one] => one.clone(),
                [init @ .., last] => format!("{} or {last}", init.join(", ")),
            };
            Diagnostic::new(
                Rule::SyntaxError,
                file,
                error.span,
                format!("expected {expected_text}, found {found_text}"),
            )
            .label(if found.is_some() {
                "unexpected"
            } else {
                "something is missing after this"
            })
            .help(format!(
                "continue the line with {expected_text}; docs/language.md shows every clause"
            ))
        }
        SyntaxErrorKind::UnknownKeyword {
            word,
            suggestion,
            in_goal,
        } => {
            let (what, keywords) = if *in_goal {
                ("clause", CLAUSE_KEYWORDS)
            } else {
                ("declaration", DECLARATION_KEYWORDS)
            };
            let help = match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("a {what} starts with one of: {}", keywords.join(", ")),
            };
            Diagnostic::new(
                Rule::UnknownKeyword,
                file,
                error.span,
                format!("unknown {what} `{word}`"),
            )
            .label(format!("not a {what} keyword"))
            .help(help)
        }
        SyntaxErrorKind::ClauseOutsideGoal { keyword } => {
            let message = match keyword {
                Some(k) => format!("`{k}` is a clause, but no goal encloses it"),
                None => "this indented line belongs to no goal".to_owned(),
            };
            Diagnostic::new(Rule::SyntaxError, file, error.span, message)
                .label("outside any goal")
                .help("indent clauses under a `goal <id>: \"title\"` line; declarations start in column 1")
        }
        SyntaxErrorKind::UnterminatedString => Diagnostic::new(
            Rule::UnterminatedString,
            file,
            error.span,
            "this text is not closed",
        )
        .label("opened here, never closed")
        .help("close the text with `\"` on the same line"),
        SyntaxErrorKind::NestingTooDeep { limit } => Diagnostic::new(
            Rule::NestingTooDeep,
            file,
            error.span,
            format!("parentheses and `not`s are nested more than {limit} deep; the line was skipped"),
        )
        .label("too deep")
        .help("simplify the condition: drop doubled `not`s and extra parentheses (`and` binds tighter than `or`)"),
    }
}
