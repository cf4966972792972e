//! People: miette's graphical reports and a one-line summary.

use crate::check::Outcome;
use crate::cli::Color;
use goal_compiler::render::Report;
use goal_compiler::{Diagnostic, Sources};
use miette::{GraphicalReportHandler, GraphicalTheme};
use std::io::{IsTerminal, Write};

/// Writes every diagnostic as a graphical report.
pub fn reports(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    color: Color,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let handler = handler(color);
    for diagnostic in diagnostics {
        let report = Report::new(diagnostic, sources);
        let mut text = String::new();
        if handler.render_report(&mut text, &report).is_err() {
            text = format!("{}: {}\n", diagnostic.rule, diagnostic.message);
        }
        writeln!(out, "{text}")?;
    }
    Ok(())
}

/// Width reports are wrapped to.
const REPORT_WIDTH: usize = 100;

/// Writes every diagnostic as a graphical report, then the summary.
pub fn write(outcome: &Outcome, color: Color, out: &mut impl Write) -> std::io::Result<()> {
    reports(&outcome.diagnostics, outcome.sources, color, out)?;
    let s = outcome.summary;
    writeln!(
        out,
        "Checked {} {} ({} {}): {} {}, {} {}.",
        s.files,
        plural(s.files, "file", "files"),
        s.goals_without_errors,
        plural(
            s.goals_without_errors,
            "goal without errors",
            "goals without errors"
        ),
        s.errors,
        plural(s.errors, "error", "errors"),
        s.warnings,
        plural(s.warnings, "warning", "warnings"),
    )
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn handler(color: Color) -> GraphicalReportHandler {
    let colored = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let theme = if colored {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(REPORT_WIDTH)
        .with_links(false)
}
