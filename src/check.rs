//! `goal check`: load, check, render, and choose the exit status.

use crate::cli::{CheckArgs, FailOn, Format};
use crate::output;
use crate::project;
use crate::sources;
use goal_compiler::calendar::PeriodUnit;
use goal_compiler::config::Config;
use goal_compiler::{Diagnostic, FileId, Options, Rule, Sources};
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
    let data_problems = if args.schema || !args.data.is_empty() {
        schema_problems(args, &config, config_file, &checked.goals, &loaded.sources)
    } else {
        Vec::new()
    };
    let data_unreadable = data_problems.iter().any(|d| d.rule == Rule::UnreadableData);

    let diagnostics: Vec<Diagnostic> = config_problems
        .into_iter()
        .chain(loaded.unreadable.iter().cloned())
        .chain(loaded.diagnostics.iter().cloned())
        .chain(configured)
        .chain(data_problems)
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
    if !loaded.unreadable.is_empty() || invalid_config || data_unreadable {
        ExitCode::from(2)
    } else if errors > 0 || (args.fail_on == FailOn::Warning && outcome.summary.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The goals checked against the schemas of their sources (`--schema`, `--data`).
fn schema_problems(
    args: &CheckArgs,
    config: &Config,
    config_file: Option<FileId>,
    goals: &[goal_compiler::ir::Goal],
    files: &Sources,
) -> Vec<Diagnostic> {
    let sources = match sources::resolve(&config.sources, &args.data, config_file) {
        Ok(s) => s,
        Err(problem) => return vec![*problem],
    };
    goal_runtime::check_schema(&goal_runtime::Request {
        goals,
        files,
        sources,
        as_of: args.today.unwrap_or_else(|| Options::default().today),
        period: PeriodUnit::Month,
        by: None,
        settings: config.eval.clone(),
    })
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
