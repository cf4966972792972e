//! Markdown: a summary fit for a pull-request comment.

use super::primary;
use crate::check::Outcome;
use goal_compiler::Severity;
use std::io::Write;

/// Writes a heading with the counts and a table of every problem.
pub fn write(outcome: &Outcome, out: &mut impl Write) -> std::io::Result<()> {
    let s = outcome.summary;
    writeln!(
        out,
        "### goal check: {} error(s), {} warning(s) in {} file(s)\n",
        s.errors, s.warnings, s.files
    )?;
    if outcome.diagnostics.is_empty() {
        writeln!(
            out,
            "All {} goals pass every SMART check.",
            s.goals_without_errors
        )?;
        return Ok(());
    }
    writeln!(out, "| | Rule | Where | Problem | How to fix |")?;
    writeln!(out, "|---|---|---|---|---|")?;
    for d in &outcome.diagnostics {
        let icon = match d.severity {
            Severity::Error => "❌",
            Severity::Warning => "⚠️",
        };
        let place = primary(d, outcome.sources).map_or_else(String::new, |(file, start, _)| {
            format!("`{}:{}:{}`", cell(file), start.line, start.column)
        });
        writeln!(
            out,
            "| {icon} | [`{}`]({}) {} | {place} | {} | {} |",
            d.rule.code(),
            d.rule.doc_path(),
            d.rule.name(),
            cell(&d.message),
            cell(d.help.as_deref().unwrap_or(""))
        )?;
    }
    writeln!(out, "\n{} goal(s) without errors.", s.goals_without_errors)
}

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
