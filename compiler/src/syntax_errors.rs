//! Gives each syntax error from the grammar its code, message and help.

use crate::diagnostic::Diagnostic;
use crate::rules::Rule;
use crate::source::FileId;
use goal_grammar::{CLAUSE_KEYWORDS, DECLARATION_KEYWORDS, SyntaxError, SyntaxErrorKind};

/// The diagnostic for one syntax error.
pub(crate) fn to_diagnostic(error: &SyntaxError, file: FileId) -> Diagnostic {
    match &error.kind {
        SyntaxErrorKind::Unexpected {
            expected,
            found,
            suggestion,
        } => {
            let found_text = found
                .as_ref()
                .map_or_else(|| "the end of the line".to_owned(), |f| format!("`{f}`"));
            let expected_text = match expected.as_slice() {
                [] => "something else".to_owned(),
                [one] => one.clone(),
                [init @ .., last] => format!("{} or {last}", init.join(", ")),
            };
            let only_end = expected.len() == 1 && expected[0] == "the end of the line";
            let help = match (suggestion, found) {
                (Some(s), _) => format!("did you mean `{s}`?"),
                (None, Some(f)) if only_end => {
                    format!("the clause is complete before `{f}`: remove it, or put it on a line of its own")
                }
                _ => format!("continue with {expected_text}; docs/language.md shows every form"),
            };
            let message = if only_end {
                format!("unexpected {found_text} after a complete clause")
            } else {
                format!("expected {expected_text}, found {found_text}")
            };
            Diagnostic::new(Rule::SyntaxError, file, error.span, message)
                .label(if found.is_some() {
                    "unexpected"
                } else {
                    "something is missing after this"
                })
                .help(help)
        }
        SyntaxErrorKind::UnknownWord {
            word,
            expected,
            suggestion,
        } => {
            let choices: Vec<String> = expected.iter().map(|w| format!("`{w}`")).collect();
            let help = match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("write {}", choices.join(" or ")),
            };
            Diagnostic::new(
                Rule::UnknownKeyword,
                file,
                error.span,
                format!("unknown word `{word}`: expected {}", choices.join(" or ")),
            )
            .label("not a keyword here")
            .help(help)
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
