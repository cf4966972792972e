//! JSON for other tools, described by `docs/schemas/check-output.schema.json`. The shape is an
//! interface: fields are only ever added, and `version` changes if one is removed or renamed.

use super::{Position, locate, primary};
use crate::check::Outcome;
use goal_compiler::{Diagnostic, Severity, Sources};
use serde_json::{Value, json};
use std::io::Write;

/// The version of the output's shape.
pub const VERSION: u32 = 1;

/// Writes the whole run as one JSON document.
pub fn write(outcome: &Outcome, out: &mut impl Write) -> std::io::Result<()> {
    let s = outcome.summary;
    let document = json!({
        "version": VERSION,
        "summary": {
            "files": s.files,
            "goals_without_errors": s.goals_without_errors,
            "errors": s.errors,
            "warnings": s.warnings,
        },
        "diagnostics": outcome.diagnostics.iter().map(|d| diagnostic(d, outcome.sources)).collect::<Vec<_>>(),
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

fn position(p: Position) -> Value {
    json!({ "offset": p.offset, "line": p.line, "column": p.column })
}

/// One diagnostic as JSON (also used by `goal eval --format json`).
pub fn diagnostic(d: &Diagnostic, sources: &Sources) -> Value {
    let location = primary(d, sources).map(|(file, start, end)| {
        json!({ "file": file, "start": position(start), "end": position(end) })
    });
    let labels: Vec<Value> = d
        .primary
        .iter()
        .chain(&d.secondary)
        .filter_map(|label| {
            locate(label, sources).map(|(file, start, end)| {
                json!({
                    "file": file,
                    "start": position(start),
                    "end": position(end),
                    "message": label.message,
                })
            })
        })
        .collect();
    json!({
        "code": d.rule.code(),
        "name": d.rule.name(),
        "severity": match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "group": d.rule.group().title(),
        "message": d.message,
        "help": d.help,
        "location": location,
        "labels": labels,
        "documentation": d.rule.doc_path(),
    })
}
