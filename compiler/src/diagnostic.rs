//! Diagnostics as data: every problem the compiler finds is one [`Diagnostic`] with the stable
//! code of its [`Rule`], a primary label on the exact span, optional secondary labels and a
//! help line. Renderers (miette for people, serde for machines) live elsewhere.

use crate::rules::Rule;
use crate::source::FileId;
use goal_grammar::Span;
use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; does not fail `goal check`.
    Warning,
    /// The goal is not SMART or cannot be read; fails `goal check`.
    Error,
}

/// A span in a file with a short message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    /// The file the span is in.
    pub file: FileId,
    /// The byte range.
    pub span: Span,
    /// What this span shows.
    pub message: String,
}

/// One problem found by the compiler.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// The rule broken; gives the stable code and name.
    pub rule: Rule,
    /// Error or warning.
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The main place, when the problem has one (a missing file has none).
    pub primary: Option<Label>,
    /// Other places that explain the problem.
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic for `rule` at `span` of `file`, with the rule's default severity.
    pub fn new(rule: Rule, file: FileId, span: Span, message: impl Into<String>) -> Self {
        let message = message.into();
        Diagnostic {
            rule,
            severity: rule.severity(),
            primary: Some(Label {
                file,
                span,
                message: String::new(),
            }),
            message,
            secondary: Vec::new(),
            help: None,
        }
    }

    /// A diagnostic about a whole path rather than a place in a file.
    pub fn without_location(rule: Rule, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity(),
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
        }
    }

    /// Sets the primary label's text.
    pub fn label(mut self, message: impl Into<String>) -> Self {
        if let Some(primary) = &mut self.primary {
            primary.message = message.into();
        }
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The file of the primary label, if any.
    pub fn file(&self) -> Option<FileId> {
        self.primary.as_ref().map(|l| l.file)
    }

    /// Sort key: file, position, then code.
    pub fn sort_key(&self) -> (Option<FileId>, usize, usize, &'static str) {
        let (start, end) = self
            .primary
            .as_ref()
            .map_or((0, 0), |l| (l.span.start, l.span.end));
        (self.file(), start, end, self.rule.code())
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Collects diagnostics for one file.
#[derive(Debug)]
pub struct Sink {
    file: FileId,
    diagnostics: Vec<Diagnostic>,
    /// Number of errors in `diagnostics`, kept up to date so that counting is free: the
    /// compiler counts before and after each goal.
    errors: usize,
}

impl Sink {
    /// An empty collector for `file`.
    pub fn new(file: FileId) -> Self {
        Sink {
            file,
            diagnostics: Vec::new(),
            errors: 0,
        }
    }

    /// The file being checked.
    pub fn file(&self) -> FileId {
        self.file
    }

    /// Starts a diagnostic at `span` of this file; push it with [`Sink::push`].
    pub fn at(&self, rule: Rule, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(rule, self.file, span, message)
    }

    /// Records a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.errors += usize::from(diagnostic.is_error());
        self.diagnostics.push(diagnostic);
    }

    /// Keeps only the diagnostics for which `keep` is true.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.diagnostics.retain(keep);
        self.errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
    }

    /// True when an error's primary label is exactly `span`.
    pub fn has_error_at(&self, span: Span) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.is_error() && d.primary.as_ref().is_some_and(|l| l.span == span))
    }

    /// The primary spans of the errors recorded so far, for many [`Sink::has_error_at`]
    /// questions at once.
    pub fn error_spans(&self) -> std::collections::HashSet<Span> {
        self.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .filter_map(|d| d.primary.as_ref().map(|l| l.span))
            .collect()
    }

    /// Number of errors recorded so far.
    pub fn error_count(&self) -> usize {
        self.errors
    }

    /// The collected diagnostics.
    pub fn finish(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}
