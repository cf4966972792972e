//! `goal check`'s diagnostics as protocol diagnostics: the same code, message and span, the
//! help line under the message, and labels in this or other files as related information.

use crate::project::{Checked, Document, Key, Project};
use goal_compiler::{Diagnostic, FileId, Rule, Severity};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location, NumberOrString,
    Range, Uri,
};
use std::collections::BTreeMap;

/// The diagnostics of one file, as published.
#[derive(Debug, Clone, PartialEq)]
pub struct FileDiagnostics {
    /// The file.
    pub uri: Uri,
    /// The version of an open document the diagnostics are for.
    pub version: Option<i32>,
    /// Its diagnostics, in `goal check` order.
    pub diagnostics: Vec<lsp_types::Diagnostic>,
}

/// The `source` of every diagnostic the server publishes.
pub const SOURCE: &str = "goal";

/// The diagnostics of every file of the project (an empty list for a file without problems),
/// by URI.
pub fn by_file(project: &Project, checked: &Checked) -> BTreeMap<String, FileDiagnostics> {
    let mut files = BTreeMap::new();
    for (_, document) in project.documents() {
        entry(&mut files, document);
    }
    let file_of = |id: FileId| {
        checked
            .files
            .get(id.0)
            .and_then(|key| project.document(key))
    };
    for diagnostic in &checked.diagnostics {
        let Some(document) = diagnostic.file().and_then(file_of) else {
            continue;
        };
        let converted = convert(diagnostic, document, file_of);
        entry(&mut files, document).diagnostics.push(converted);
    }
    for (key, problem) in &checked.file_problems {
        if let Key::Path(path) = key {
            if let Some(uri) = crate::uri::from_path(path) {
                let document = Document::new(uri, String::new(), None);
                let converted = convert(problem, &document, |_| None);
                entry(&mut files, &document).diagnostics.push(converted);
            }
        }
    }
    if let Some(config) = project.config() {
        let document = &config.document;
        let config_file = |_| Some(document);
        let problems = config
            .problems
            .iter()
            .map(|d| convert(d, document, config_file));
        let list: Vec<_> = problems.collect();
        if !list.is_empty() {
            entry(&mut files, document).diagnostics.extend(list);
        }
    }
    files
}

fn entry<'a>(
    files: &'a mut BTreeMap<String, FileDiagnostics>,
    document: &Document,
) -> &'a mut FileDiagnostics {
    files
        .entry(document.uri.as_str().to_owned())
        .or_insert_with(|| FileDiagnostics {
            uri: document.uri.clone(),
            version: document.version,
            diagnostics: Vec::new(),
        })
}

/// One diagnostic, placed in `document` (its primary label's file); `file_of` finds the files
/// of secondary labels.
pub fn convert<'a>(
    diagnostic: &Diagnostic,
    document: &Document,
    file_of: impl Fn(FileId) -> Option<&'a Document>,
) -> lsp_types::Diagnostic {
    let range = diagnostic
        .primary
        .as_ref()
        .map_or(Range::default(), |label| document.range(label.span));
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .secondary
        .iter()
        .filter_map(|label| {
            let file = file_of(label.file)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(file.uri.clone(), file.range(label.span)),
                message: label.message.clone(),
            })
        })
        .collect();
    let message = match &diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    lsp_types::Diagnostic {
        range,
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.rule.code().to_owned())),
        code_description: None,
        source: Some(SOURCE.to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: (diagnostic.rule == Rule::UnusedSuppression)
            .then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}
