//! `goal eval`: check the goals, open the data, evaluate, render, and choose the exit status.

use crate::cli::{EvalArgs, EvalFormat};
use crate::output;
use crate::project;
use crate::sources;
use goal_compiler::calendar::PeriodUnit;
use goal_compiler::catalogue::Population;
use goal_compiler::datasource::EvalSettings;
use goal_compiler::{Diagnostic, Options, Rule};
use std::io::Write;
use std::process::ExitCode;

/// Runs `goal eval` and returns its exit status: 0 when every goal was evaluated, 1 when some
/// could not be (errors in goals, or goals the data cannot answer), 2 when the paths, the
/// configuration or a data source cannot be read.
pub fn run(args: &EvalArgs) -> ExitCode {
    let mut project = project::open(&args.paths);
    let mut options = Options::default();
    if let Some(today) = args.as_of {
        options.today = today;
    }
    let as_of = options.today;
    let checked = goal_compiler::check(&project.loaded.sources, &options);
    let configured = project
        .config
        .apply(checked.diagnostics, &project.loaded.sources);
    // goal.toml joins the files only now, so that it is never checked as goals.
    let (config_file, mut problems) = project.attach_config();
    let loaded = &project.loaded;
    let config = &project.config;
    let mut usage_error = !problems.is_empty() || !loaded.unreadable.is_empty();
    problems.extend(loaded.unreadable.iter().cloned());
    problems.extend(loaded.diagnostics.iter().cloned());
    // Goals with errors (including warnings goal.toml raises to errors) are not evaluated;
    // their errors say why.
    let blocked: std::collections::BTreeSet<String> = configured
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.primary.as_ref())
        .filter_map(|label| {
            checked
                .goals
                .iter()
                .find(|g| {
                    g.file == label.file
                        && g.span.start <= label.span.start
                        && label.span.end <= g.span.end
                })
                .map(|g| g.id.clone())
        })
        .collect();
    let goals: Vec<goal_compiler::ir::Goal> = checked
        .goals
        .into_iter()
        .filter(|g| !blocked.contains(&g.id))
        .collect();
    problems.extend(configured.into_iter().filter(Diagnostic::is_error));
    if let Some(problem) = check_arguments(args) {
        problems.push(problem);
        usage_error = true;
    }
    let sources = match sources::resolve(&config.sources, &args.data, config_file) {
        Ok(s) => s,
        Err(d) => {
            problems.push(*d);
            usage_error = true;
            Vec::new()
        }
    };
    let mut settings: EvalSettings = config.eval.clone();
    if let Some(tz) = &args.timezone {
        settings.timezone = tz.clone();
    }
    let request = goal_runtime::Request {
        goals: if usage_error { &[] } else { &goals },
        files: &loaded.sources,
        sources,
        as_of,
        period: args.period.unit(),
        by: args.by.clone(),
        settings,
    };
    let evaluation = goal_runtime::evaluate(&request);
    let data_unreadable = evaluation
        .diagnostics
        .iter()
        .any(|d| d.rule == Rule::UnreadableData);
    problems.extend(evaluation.diagnostics.iter().cloned());
    let errors = problems.iter().filter(|d| d.is_error()).count();
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        EvalFormat::Table => out.write_all(goal_runtime::report::table(&evaluation).as_bytes()),
        EvalFormat::Csv => out.write_all(goal_runtime::report::csv(&evaluation).as_bytes()),
        EvalFormat::Markdown => {
            out.write_all(goal_runtime::report::markdown(&evaluation).as_bytes())
        }
        EvalFormat::Json => {
            let mut value = goal_runtime::report::json(&evaluation);
            if let Some(map) = value.as_object_mut() {
                map.insert(
                    "diagnostics".into(),
                    problems
                        .iter()
                        .map(|d| output::json::diagnostic(d, &loaded.sources))
                        .collect(),
                );
            }
            serde_json::to_writer_pretty(&mut out, &value)
                .map_err(std::io::Error::other)
                .and_then(|()| writeln!(out))
        }
    };
    if written.is_err() {
        return ExitCode::from(2);
    }
    if args.format != EvalFormat::Json && !problems.is_empty() {
        let mut err = std::io::stderr().lock();
        let _ = output::human::reports(&problems, &loaded.sources, args.color, &mut err);
    }
    if usage_error || data_unreadable {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--by` must name a ticket field and `--timezone` a time zone.
fn check_arguments(args: &EvalArgs) -> Option<Diagnostic> {
    if let Some(by) = &args.by {
        let fields = goal_compiler::schema::columns(Population::Tickets)
            .iter()
            .filter(|c| c.ty == goal_compiler::schema::ColumnType::Text)
            .map(|c| c.name);
        if goal_compiler::schema::find_column(Population::Tickets, by)
            .is_none_or(|c| c.ty != goal_compiler::schema::ColumnType::Text)
        {
            return Some(
                Diagnostic::without_location(
                    Rule::MissingColumn,
                    format!("`--by {by}` is not a text column of the tickets table"),
                )
                .help(goal_grammar::suggest::did_you_mean_or(by, fields, || {
                    "break down by team, agent, channel, priority, topic, status or customer".into()
                })),
            );
        }
    }
    if let Some(zone) = &args.timezone {
        if zone.parse::<chrono_tz::Tz>().is_err() {
            let zones = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
            return Some(
                Diagnostic::without_location(
                    Rule::InvalidConfig,
                    format!("`--timezone {zone}` is not a time zone"),
                )
                .help(goal_grammar::suggest::did_you_mean_or(zone, zones, || {
                    "write an IANA time zone such as `UTC` or `America/New_York`".into()
                })),
            );
        }
    }
    None
}

impl crate::cli::Period {
    fn unit(self) -> PeriodUnit {
        match self {
            crate::cli::Period::Day => PeriodUnit::Day,
            crate::cli::Period::Week => PeriodUnit::Week,
            crate::cli::Period::Month => PeriodUnit::Month,
            crate::cli::Period::Quarter => PeriodUnit::Quarter,
        }
    }
}
