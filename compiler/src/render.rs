//! Presents [`Diagnostic`]s through miette, so any miette report handler can render them for
//! people. Labels in other files become related diagnostics; lines too long to show (a 1 MB
//! line, say) are replaced by their position.

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::source::{FileId, Source, Sources};
use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::fmt;

/// Lines longer than this are not quoted in reports.
pub const MAX_QUOTED_LINE: usize = 400;

/// The length of the longest line a report quotes around `offset`: its own line and one
/// line of context on each side.
fn quoted_width(source: &Source, offset: usize) -> usize {
    let line = source.line_of(offset);
    let first = line.saturating_sub(1);
    let last = (line + 1).min(source.line_count().saturating_sub(1));
    (first..=last)
        .map(|l| source.line_range(l).len())
        .max()
        .unwrap_or(0)
}

/// A file as miette source code. Reads only the lines a report shows, using the file's line
/// index: miette's own reader for `str` scans from the start of the file for every report.
#[derive(Debug)]
struct NamedText<'a> {
    source: &'a Source,
}

impl SourceCode for NamedText<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let source = self.source;
        let start = span.offset();
        let end = start + span.len();
        if end > source.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first_line = source.line_of(start);
        let last_line = source.line_of(end.saturating_sub(1).max(start));
        let from_line = first_line.saturating_sub(context_lines_before);
        let to_line = (last_line + context_lines_after).min(source.line_count() - 1);
        let data_start = source.line_range(from_line).start;
        let data_end = source.line_range(to_line).end;
        // miette takes the header's column from here: the span's own column, 0-based.
        let (_, column) = source.line_col(start);
        Ok(Box::new(MietteSpanContents::new_named(
            source.path.clone(),
            &source.text.as_bytes()[data_start..data_end],
            SourceSpan::from(data_start..data_end),
            from_line,
            column - 1,
            to_line - from_line + 1,
        )))
    }
}

/// A diagnostic ready for a miette report handler.
#[derive(Debug)]
pub struct Report<'a> {
    diagnostic: &'a Diagnostic,
    message: String,
    code: String,
    source: Option<NamedText<'a>>,
    labels: Vec<&'a Label>,
    related: Vec<Report<'a>>,
}

impl<'a> Report<'a> {
    /// Prepares `diagnostic`, whose spans point into `sources`.
    pub fn new(diagnostic: &'a Diagnostic, sources: &'a Sources) -> Self {
        let code = format!("{} {}", diagnostic.rule.code(), diagnostic.rule.name());
        let Some(primary) = &diagnostic.primary else {
            return Report::without_source(diagnostic, diagnostic.message.clone(), code);
        };
        let mut report = Report::located(
            diagnostic,
            sources,
            primary.file,
            diagnostic.message.clone(),
            code,
        );
        report.labels.push(primary);
        for label in &diagnostic.secondary {
            if label.file == primary.file {
                report.labels.push(label);
            } else {
                let mut related = Report::located(
                    diagnostic,
                    sources,
                    label.file,
                    label.message.clone(),
                    String::new(),
                );
                related.labels.push(label);
                related.drop_long_lines();
                report.related.push(related);
            }
        }
        report.drop_long_lines();
        report
    }

    fn without_source(diagnostic: &'a Diagnostic, message: String, code: String) -> Self {
        Report {
            diagnostic,
            message,
            code,
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        }
    }

    fn located(
        diagnostic: &'a Diagnostic,
        sources: &'a Sources,
        file: FileId,
        message: String,
        code: String,
    ) -> Self {
        let mut report = Report::without_source(diagnostic, message, code);
        report.source = sources.get(file).map(|source| NamedText { source });
        report
    }

    /// Quoting a huge line would flood the terminal: name the position instead.
    fn drop_long_lines(&mut self) {
        let Some(source) = &self.source else { return };
        let too_long = self
            .labels
            .iter()
            .any(|l| quoted_width(source.source, l.span.start) > MAX_QUOTED_LINE);
        if too_long {
            if let Some(label) = self.labels.first() {
                let (line, col) = source.source.line_col(label.span.start);
                self.message = format!(
                    "{} (at {}:{line}:{col}; line too long to show)",
                    self.message, source.source.path
                );
            }
            self.source = None;
            self.labels.clear();
        }
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.code.is_empty() {
            return None;
        }
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        // A related report only shows a place in another file: it is not a problem of its own.
        if self.code.is_empty() {
            return Some(miette::Severity::Advice);
        }
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if !self.code.is_empty() {
            return self
                .diagnostic
                .help
                .as_ref()
                .map(|h| Box::new(h) as Box<dyn fmt::Display>);
        }
        None
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let primary_file = self.diagnostic.file();
        Some(Box::new(self.labels.iter().enumerate().map(
            move |(i, label)| {
                let text = (!label.message.is_empty()).then(|| label.message.clone());
                let span = SourceSpan::from(label.span.start..label.span.end);
                if i == 0 && Some(label.file) == primary_file && !self.code.is_empty() {
                    LabeledSpan::new_primary_with_span(text, span)
                } else {
                    LabeledSpan::new_with_span(text, span)
                }
            },
        )))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_width_includes_context_lines() {
        let source = Source::new("a", format!("{}\nab\ncd\n", "x".repeat(50)));
        assert_eq!(quoted_width(&source, 51), 50);
        assert_eq!(quoted_width(&source, 54), 2);
        assert_eq!(quoted_width(&Source::new("b", "short"), 2), 5);
    }
}
