//! Presents [`Diagnostic`]s through miette, so any miette report handler can render them for
//! people. Labels in other files become related diagnostics; lines too long to show (a 1 MB
//! line, say) are replaced by their position.

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::source::{FileId, Sources};
use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::fmt;

/// Lines longer than this are not quoted in reports.
pub const MAX_QUOTED_LINE: usize = 400;

/// A 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The length of the longest line a report quotes around `offset`: its own line and one
/// line of context on each side.
fn quoted_width(text: &str, offset: usize) -> usize {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let before = text[..start.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let after_end = text
        .get(end + 1..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| end + 1 + i);
    let mut widest = end - start;
    if start > 0 {
        widest = widest.max(start - 1 - before);
    }
    if end < text.len() {
        widest = widest.max(after_end - end - 1);
    }
    widest
}

/// A file's text with its display name, as miette source code.
#[derive(Debug)]
struct NamedText<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for NamedText<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
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
        report.source = sources.get(file).map(|s| NamedText {
            name: &s.path,
            text: &s.text,
        });
        report
    }

    /// Quoting a huge line would flood the terminal: name the position instead.
    fn drop_long_lines(&mut self) {
        let Some(source) = &self.source else { return };
        let too_long = self
            .labels
            .iter()
            .any(|l| quoted_width(source.text, l.span.start) > MAX_QUOTED_LINE);
        if too_long {
            if let Some(label) = self.labels.first() {
                let (line, col) = line_col(source.text, label.span.start);
                self.message = format!(
                    "{} (at {}:{line}:{col}; line too long to show)",
                    self.message, source.name
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
        let text = format!("{}\nab\ncd\n", "x".repeat(50));
        assert_eq!(quoted_width(&text, 51), 50);
        assert_eq!(quoted_width(&text, 54), 2);
        assert_eq!(quoted_width("short", 2), 5);
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\ncé d\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 7), (2, 4));
        assert_eq!(line_col(text, 100), (3, 1));
    }
}
