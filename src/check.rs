//! `goal check`: load, check, render, and choose the exit status.

use crate::cli::{CheckArgs, FailOn, Format};
use crate::output;
use crate::project;
use goal_compiler::{Diagnostic, Options, Sources};
use std::process::ExitCode;

/// Runs `goal check` and returns its exit status.
pub fn run(args: &CheckArgs) -> ExitCode {
    let mut project = project::open(&args.paths);
    let config = std::mem::take(&mut project.config);
    let mut options = Options::default();
    if let Some(lift) = args.max_quarterly_lift.or(config.max_quarterly_lift) {
        options.max_quarterly_lift = lift;
    }
    if let Some(limit) = config.max_goals_per_owner {
        options.max_goals_per_owner = limit;
    }
    if let Some(today) = args.today {
        options.today = today;
    }
    let checked = goal_compiler::check(&project.loaded.sources, &options);
    let configured = config.apply(checked.diagnostics, &project.loaded.sources);
    // Show configuration problems in place: add the file to the sources they are rendered from.
    let (config_file, config_problems) = project.attach_config();
    let loaded = &project.loaded;
    let invalid_config = !config_problems.is_empty();

    let diagnostics: Vec<Diagnostic> = config_problems
        .into_iter()
        .chain(loaded.unreadable.iter().cloned())
        .chain(loaded.diagnostics.iter().cloned())
        .chain(configured)
        .collect();
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let outcome = Outcome {
        sources: &loaded.sources,
        summary: Summary {
            files: loaded.sources.len() - usize::from(config_file.is_some())
                + loaded.diagnostics.len(),
            goals_without_errors: checked.goals.len(),
            errors,
            warnings: diagnostics.len() - errors,
        },
        diagnostics,
    };
    let mut out = std::io::stdout().lock();
    let _ = match args.format {
        Format::Human => output::human::write(&outcome, args.color, &mut out),
        Format::Json => output::json::write(&outcome, &mut out),
        Format::Github => output::github::write(&outcome, &mut out),
        Format::Markdown => output::markdown::write(&outcome, &mut out),
        Format::Sarif => output::sarif::write(&outcome, &mut out),
    };
    if !loaded.unreadable.is_empty() || invalid_config {
        ExitCode::from(2)
    } else if errors > 0 || (args.fail_on == FailOn::Warning && outcome.summary.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What a check run found, for the output formats.
pub struct Outcome<'a> {
    /// The files read.
    pub sources: &'a Sources,
    /// Every diagnostic, in report order (paths and files first, then by file and position).
    pub diagnostics: Vec<Diagnostic>,
    /// The counts.
    pub summary: Summary,
}

/// The counts of a check run.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    /// Files checked (including files that could not be read as text).
    pub files: usize,
    /// Goals that became IR.
    pub goals_without_errors: usize,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
}
