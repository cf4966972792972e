//! `goal check`: load, check, render, and choose the exit status.

use crate::cli::{CheckArgs, Color};
use goal_compiler::render::Report;
use goal_compiler::{Diagnostic, Options, Sources, load};
use miette::{GraphicalReportHandler, GraphicalTheme};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Width reports are wrapped to.
const REPORT_WIDTH: usize = 100;

/// Runs `goal check` and returns its exit status.
pub fn run(args: &CheckArgs) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let loaded = load::load(&paths);
    let mut options = Options {
        max_quarterly_lift: args.max_quarterly_lift,
        ..Options::default()
    };
    if let Some(today) = args.today {
        options.today = today;
    }
    let checked = goal_compiler::check(&loaded.sources, &options);

    let handler = handler(args.color);
    let mut out = std::io::stdout().lock();
    let all = loaded
        .unreadable
        .iter()
        .chain(&loaded.diagnostics)
        .chain(&checked.diagnostics);
    for diagnostic in all {
        let _ = write!(out, "{}", render(&handler, diagnostic, &loaded.sources));
    }
    let errors = checked.error_count()
        + loaded.diagnostics.iter().filter(|d| d.is_error()).count()
        + loaded.unreadable.len();
    let warnings = checked.warning_count();
    let files = loaded.sources.len() + loaded.diagnostics.len();
    let _ = writeln!(
        out,
        "Checked {files} {} ({} {}): {errors} {}, {warnings} {}.",
        plural(files, "file", "files"),
        checked.goals.len(),
        plural(
            checked.goals.len(),
            "goal without errors",
            "goals without errors"
        ),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    );
    if !loaded.unreadable.is_empty() {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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

fn render(handler: &GraphicalReportHandler, diagnostic: &Diagnostic, sources: &Sources) -> String {
    let report = Report::new(diagnostic, sources);
    let mut text = String::new();
    if handler.render_report(&mut text, &report).is_err() {
        text = format!("{}: {}\n", diagnostic.rule, diagnostic.message);
    }
    text.push('\n');
    text
}
