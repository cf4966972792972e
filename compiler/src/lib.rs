//! The `.goal` compiler: turns parsed goal files into checked goal IR plus diagnostics.
//!
//! Pipeline: [`goal_grammar::parse`] each file -> collect project-wide [`symbols`] -> lower each
//! goal clause by clause ([`goal`]) -> run the SMART [`checks`] -> IR for goals without errors.
//! Nothing stops at the first problem: every file and every goal is checked.
//!
//! ```
//! use goal_compiler::{Options, Sources, check};
//! let mut sources = Sources::new();
//! sources.add("a.goal", "goal g: \"Answer fast\"\n  metric first_respons_time\n");
//! let checked = check(&sources, &Options::default());
//! assert!(checked.diagnostics.iter().any(|d| d.rule.code() == "M201"));
//! assert!(checked.goals.is_empty());
//! ```

pub mod calendar;
pub mod catalogue;
mod checks;
pub mod config;
pub mod datasource;
pub mod diagnostic;
pub mod diff;
mod goal;
pub mod ir;
pub mod limits;
pub mod load;
mod portfolio;
pub mod presets;
pub mod render;
pub mod rules;
mod schedule;
pub mod schema;
pub mod source;
mod suppress;
mod symbols;
mod syntax_errors;
pub mod units;

pub use diagnostic::{Diagnostic, Label, Severity};
pub use rules::Rule;
pub use source::{FileId, Source, Sources};

use chrono::NaiveDate;
use diagnostic::Sink;
use goal_grammar::syntax::Item;

/// Settings of a check run.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// "Now": relative dates and passed deadlines are judged against this day.
    pub today: NaiveDate,
    /// The largest relative improvement per quarter, in percent, before A303 warns.
    pub max_quarterly_lift: f64,
    /// The most goals one owner may have active in one quarter before P601 warns.
    pub max_goals_per_owner: usize,
}

/// Default for [`Options::max_goals_per_owner`]: five.
pub const DEFAULT_MAX_GOALS_PER_OWNER: usize = 5;

/// Default for [`Options::max_quarterly_lift`]: 25% per quarter.
pub const DEFAULT_MAX_QUARTERLY_LIFT: f64 = 25.0;

impl Default for Options {
    fn default() -> Self {
        Options {
            today: today_utc(),
            max_quarterly_lift: DEFAULT_MAX_QUARTERLY_LIFT,
            max_goals_per_owner: DEFAULT_MAX_GOALS_PER_OWNER,
        }
    }
}

/// Today's date in UTC, from the system clock.
pub fn today_utc() -> NaiveDate {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(seconds).unwrap_or(0), 0)
        .unwrap_or_default()
        .date_naive()
}

/// The result of checking a project.
#[derive(Debug)]
pub struct Checked {
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The goals without errors, as IR, in source order.
    pub goals: Vec<ir::Goal>,
}

impl Checked {
    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }
}

/// The stretch of text each item owns: from its start to the start of the next item that is
/// not an error node. Syntax errors in that stretch (a blanked over-nested last line, a
/// clause that lost its indentation) make the goal "broken", so checks for missing clauses
/// stay quiet about it.
fn extents(items: &[Item]) -> Vec<goal_grammar::Span> {
    let mut extents = vec![goal_grammar::Span::default(); items.len()];
    let mut next_start = usize::MAX;
    for (i, item) in items.iter().enumerate().rev() {
        extents[i] = goal_grammar::Span::new(item.span().start, next_start);
        if !matches!(item, Item::Error(_)) {
            next_start = item.span().start;
        }
    }
    extents
}

/// Checks every file of a project together (ids are global across files).
pub fn check(sources: &Sources, options: &Options) -> Checked {
    let parsed: Vec<_> = sources
        .iter()
        .map(|(id, source)| {
            // A file over the size limit is not parsed (the loader does not even read one).
            let text = if limits::file_too_large(source) {
                ""
            } else {
                source.text.as_str()
            };
            (id, goal_grammar::parse(text))
        })
        .collect();
    let mut sinks: Vec<Sink> = parsed.iter().map(|(id, _)| Sink::new(*id)).collect();
    let symbols =
        symbols::Symbols::collect(parsed.iter().map(|(_, p)| &p.file).zip(sinks.iter_mut()));
    let mut goals = Vec::new();
    let mut suppressions = Vec::with_capacity(sinks.len());
    let mut goal_count = 0;
    for ((id, parsed), sink) in parsed.iter().zip(sinks.iter_mut()) {
        let oversized = sources.get(*id).and_then(limits::file_size);
        let too_large = oversized.is_some();
        if let Some(d) = oversized {
            sink.push(d);
        }
        for error in &parsed.errors {
            sink.push(syntax_errors::to_diagnostic(error, *id));
        }
        if parsed.file.items.is_empty() && parsed.errors.is_empty() && !too_large {
            let d = sink
                .at(
                    Rule::EmptyFile,
                    goal_grammar::Span::default(),
                    "the file declares no goals, objectives or schedules",
                )
                .label("empty")
                .help("add a `goal`, or delete the file");
            sink.push(d);
        }
        let extents = extents(&parsed.file.items);
        for (item, extent) in parsed.file.items.iter().zip(extents) {
            match item {
                Item::Schedule(s) => {
                    if !limits::check_schedule(s, sink) {
                        schedule::check(s, sink);
                    }
                }
                Item::Goal(g) => {
                    goal_count += 1;
                    let header = g.id.as_ref().map_or(g.keyword, |id| id.span);
                    if limits::goal_count(goal_count, header, sink) || limits::check_goal(g, sink) {
                        continue;
                    }
                    // Errors are sorted by position: find the first at or after the goal.
                    let first = parsed
                        .errors
                        .partition_point(|e| e.span.start < extent.start);
                    let broken = parsed
                        .errors
                        .get(first)
                        .is_some_and(|e| e.span.start < extent.end);
                    let errors_before = sink.error_count();
                    let draft = goal::lower(g, broken, options, sink);
                    goal::check_references(&draft, &symbols, sink);
                    checks::run(&draft, options, sink);
                    let duplicate = g.id.as_ref().is_some_and(|name| {
                        symbols
                            .duplicate_goals
                            .iter()
                            .any(|d| d.file == *id && d.span == name.span)
                    });
                    if !broken && !duplicate && sink.error_count() == errors_before {
                        let header = draft.header_span();
                        match draft.finish(*id) {
                            Some(goal) => goals.push(goal),
                            // Every missing or invalid part is reported while lowering; should
                            // one slip through, the goal must not vanish silently.
                            None => sink.push(
                                sink.at(
                                    Rule::InternalError,
                                    header,
                                    "the compiler found no problem in this goal but could not complete it",
                                )
                                .label("this goal")
                                .help("this is a bug in goal: please report it with this file"),
                            ),
                        }
                    }
                }
                Item::Objective(o) => limits::check_objective(o, sink),
                Item::Error(_) => {}
            }
        }
        let text = sources.get(*id).map_or("", |s| s.text.as_str());
        suppressions.push(suppress::collect(&parsed.file, text, sink));
    }
    portfolio::check(&goals, options, &mut sinks);
    // A goal a portfolio error points at is not evaluated either.
    let error_spans: Vec<_> = sinks.iter().map(Sink::error_spans).collect();
    goals.retain(|goal| {
        error_spans
            .get(goal.file.0)
            .is_none_or(|spans| !spans.contains(&goal.id_span))
    });
    // Suppressions apply last, so that portfolio warnings can be allowed too.
    for (sink, mut allowed) in sinks.iter_mut().zip(suppressions) {
        suppress::apply(&mut allowed, sink);
    }
    let mut diagnostics: Vec<Diagnostic> = sinks.into_iter().flat_map(Sink::finish).collect();
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Checked { diagnostics, goals }
}
