//! Syntax errors as data. The compiler gives each kind its stable code.

use crate::syntax::Span;
use serde::Serialize;

/// One syntax error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyntaxError {
    /// What went wrong.
    pub kind: SyntaxErrorKind,
    /// Where: the offending token, or the point where something was expected.
    pub span: Span,
}

/// The kinds of syntax error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SyntaxErrorKind {
    /// The text does not fit the grammar here.
    ///
    /// ```text
    /// target at lest 80%
    ///           ^^^^ expected a number or a comparator
    /// ```
    Unexpected {
        /// What would have been accepted, in words.
        expected: Vec<String>,
        /// The text found (shortened), or `None` at the end of the line.
        found: Option<String>,
        /// An expected keyword close to the text found (`witin` for `within`).
        suggestion: Option<String>,
    },
    /// A line starts with a word that is no keyword.
    ///
    /// ```text
    ///   tagret 80%
    ///   ^^^^^^ unknown clause `tagret`
    /// ```
    UnknownKeyword {
        /// The word found.
        word: String,
        /// The closest keyword, if one is close.
        suggestion: Option<String>,
        /// True inside a goal (clause keywords), false at the top level.
        in_goal: bool,
    },
    /// A clause (or any indented line) with no goal above it, or a clause keyword in column 1.
    ///
    /// ```text
    /// metric csat
    /// ^^^^^^ `metric` is a clause: indent it under a goal
    /// ```
    ClauseOutsideGoal {
        /// The clause keyword, when the line starts with one.
        keyword: Option<String>,
    },
    /// A word where only a few words fit.
    ///
    /// ```text
    ///   owner teem "Chat Support"
    ///         ^^^^ expected `team` or `person`
    /// ```
    UnknownWord {
        /// The word found.
        word: String,
        /// The words that fit here.
        expected: Vec<String>,
        /// The closest of them, if one is close.
        suggestion: Option<String>,
    },
    /// A string is not closed before the end of the line.
    ///
    /// ```text
    /// goal g: "Answer fast
    /// ```
    UnterminatedString,
    /// Parentheses nested deeper than [`crate::MAX_NESTING`].
    NestingTooDeep {
        /// The limit.
        limit: usize,
    },
}
