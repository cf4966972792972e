//! The `.goal` language front end: a pest grammar and an error-tolerant parser.
//!
//! [`parse`] never fails: it returns the syntax tree, with error nodes where the input is
//! broken, together with every syntax error found. Pest types never leave this crate.
//!
//! ```
//! let parsed = goal_grammar::parse("goal g: \"Title\"\n  metric csat\n  tagret 80%\n");
//! assert_eq!(parsed.file.items.len(), 1);
//! assert_eq!(parsed.errors.len(), 1);
//! ```

mod error;
mod explain;
mod lower;
mod nesting;
mod parser;
pub mod print;
pub mod suggest;
pub mod syntax;
mod tree;

pub use error::{SyntaxError, SyntaxErrorKind};
pub use syntax::{File, Span};

/// The keywords that may start a clause inside a goal.
pub const CLAUSE_KEYWORDS: &[&str] = &[
    "owner",
    "serves",
    "metric",
    "scope",
    "target",
    "baseline",
    "checkpoint",
    "deadline",
    "start",
    "window",
    "no",
    "review",
    "guardrail",
    "through",
    "during",
];

/// The keywords that may start a top-level declaration.
pub const DECLARATION_KEYWORDS: &[&str] = &["goal", "objective", "schedule"];

/// Deepest parenthesis nesting accepted in one line.
pub const MAX_NESTING: usize = 32;

/// The result of parsing one file: a tree (possibly with error nodes) and the errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The syntax tree.
    pub file: File,
    /// Syntax errors, in source order.
    pub errors: Vec<SyntaxError>,
}

/// Parses a `.goal` source text. Never fails and never panics.
pub fn parse(source: &str) -> Parsed {
    let (masked, mut errors) = nesting::mask_deep_nesting(source);
    let text = masked.as_deref().unwrap_or(source);
    let (mut file, lower_errors) = lower::lower_file(text);
    nesting::keep_masked_lines(&mut file, &errors, source);
    errors.extend(lower_errors);
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    Parsed { file, errors }
}
