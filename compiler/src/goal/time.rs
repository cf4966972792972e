//! Resolves a goal's dates, periods, windows and cadences, reporting invalid (T503) and
//! ambiguous (T504) dates and unknown period units (T512).

use super::values::read_reading;
use crate::calendar::{self, CADENCE_WORDS, DateProblem, DateRange, PERIOD_UNIT_WORDS, PeriodUnit};
use crate::diagnostic::Sink;
use crate::ir;
use crate::rules::Rule;
use crate::units::{Dimension, Reading};
use chrono::NaiveDate;
use goal_grammar::suggest::did_you_mean_or;
use goal_grammar::syntax::{Cadence, DateExpr, Name, Period, Window, WindowSpan};

/// Longest window, in days (ten years).
const MAX_WINDOW_DAYS: f64 = 3_653.0;
/// Longest window, in months (ten years).
const MAX_WINDOW_MONTHS: f64 = 120.0;

/// Reports a date problem.
fn report(problem: DateProblem, sink: &mut Sink) {
    let d = match problem {
        DateProblem::Invalid {
            span,
            message,
            help,
        } => sink
            .at(Rule::InvalidDate, span, message)
            .label("no such date")
            .help(help),
        DateProblem::Ambiguous {
            span,
            message,
            help,
        } => sink
            .at(Rule::AmbiguousDate, span, message)
            .label("ambiguous")
            .help(help),
    };
    sink.push(d);
}

/// Resolves a date, reporting problems.
pub(crate) fn date(expr: &DateExpr, today: NaiveDate, sink: &mut Sink) -> Option<NaiveDate> {
    calendar::resolve_date(expr, today)
        .map_err(|p| report(p, sink))
        .ok()
}

/// Resolves a period, reporting problems.
pub(crate) fn period(period: &Period, today: NaiveDate, sink: &mut Sink) -> Option<DateRange> {
    calendar::resolve_period(period, today)
        .map_err(|p| report(p, sink))
        .ok()
}

/// Reads a period unit (`month`), reporting unknown words.
pub(crate) fn period_unit(word: &Name, sink: &mut Sink) -> Option<PeriodUnit> {
    if let Some(unit) = PeriodUnit::find(&word.value) {
        return Some(unit);
    }
    let help = did_you_mean_or(&word.value, PERIOD_UNIT_WORDS.iter().copied(), || {
        "periods are day, week, month, quarter and year".into()
    });
    let d = sink
        .at(
            Rule::UnknownPeriodUnit,
            word.span,
            format!("unknown period `{}`", word.value),
        )
        .label("not a period")
        .help(help);
    sink.push(d);
    None
}

/// Resolves a window.
pub(crate) fn window(window: &Window, today: NaiveDate, sink: &mut Sink) -> Option<ir::Window> {
    let each = match &window.each {
        Some(word) => Some(period_unit(word, sink)?),
        None => None,
    };
    let range = match &window.span_kind {
        WindowSpan::Period(p) => period(p, today, sink)?,
        WindowSpan::Between { from, to } => {
            let start = date(from, today, sink);
            let end = date(to, today, sink);
            let (start, end) = (start?, end?);
            if end < start {
                let d = sink
                    .at(
                        Rule::InvalidDate,
                        to.span(),
                        format!("the window ends ({end}) before it starts ({start})"),
                    )
                    .label("end before start")
                    .help("write the earlier date first");
                sink.push(d);
                return None;
            }
            DateRange { start, end }
        }
        WindowSpan::Length { length, from } => {
            let start = date(from, today, sink)?;
            let reading = read_reading(length, sink)?;
            let end = match reading {
                Reading::Value(v) if v.dimension == Dimension::Duration && v.amount > 0.0 => {
                    (v.amount / 86_400.0 <= MAX_WINDOW_DAYS)
                        .then(|| calendar::add_length(start, Some(v.amount), None))
                        .flatten()
                }
                Reading::Value(v)
                    if v.dimension == Dimension::Months
                        && v.amount >= 1.0
                        && v.amount.fract() == 0.0 =>
                {
                    (v.amount <= MAX_WINDOW_MONTHS)
                        .then(|| calendar::add_length(start, None, Some(v.amount as u32)))
                        .flatten()
                }
                _ => {
                    let d = sink
                        .at(
                            Rule::UnitMismatch,
                            length.span,
                            "a window's length must be a positive duration or a whole number of months",
                        )
                        .label("not a length of time")
                        .help("write e.g. `6 weeks from 2026-03-02` or `3 months from 2026-01-01`");
                    sink.push(d);
                    return None;
                }
            };
            let Some(end) = end else {
                let d = sink
                    .at(
                        Rule::OutOfDomain,
                        length.span,
                        "the window is longer than ten years",
                    )
                    .label("too long")
                    .help("a goal's window must end within ten years of its start");
                sink.push(d);
                return None;
            };
            DateRange { start, end }
        }
    };
    Some(ir::Window { each, range })
}

/// Reads a review cadence.
pub(crate) fn cadence(cadence: &Cadence, sink: &mut Sink) -> Option<ir::Cadence> {
    match cadence {
        Cadence::Named(word) => {
            let known = CADENCE_WORDS
                .iter()
                .find(|(w, _, _)| w.eq_ignore_ascii_case(&word.value));
            if let Some((text, days, shortest)) = known {
                return Some(ir::Cadence {
                    days: *days,
                    shortest_days: *shortest,
                    text: (*text).to_owned(),
                });
            }
            let help = did_you_mean_or(
                &word.value,
                CADENCE_WORDS.iter().map(|(w, _, _)| *w),
                || {
                    "write daily, weekly, biweekly, monthly, quarterly, yearly or `every 2 weeks`"
                        .into()
                },
            );
            let d = sink
                .at(
                    Rule::UnknownPeriodUnit,
                    word.span,
                    format!("unknown review cadence `{}`", word.value),
                )
                .label("not a cadence")
                .help(help);
            sink.push(d);
            None
        }
        Cadence::EveryUnit(word) => {
            let unit = period_unit(word, sink)?;
            Some(ir::Cadence {
                days: unit.days(),
                shortest_days: unit.shortest_days(),
                text: format!("every {}", unit.word()),
            })
        }
        Cadence::Every(quantity) => {
            let reading = read_reading(quantity, sink)?;
            let (days, shortest) = match reading {
                Reading::Value(v) if v.dimension == Dimension::Duration => {
                    (v.amount / 86_400.0, v.amount / 86_400.0)
                }
                Reading::Value(v) if v.dimension == Dimension::Months => {
                    (v.amount * 365.25 / 12.0, v.amount * 28.0)
                }
                _ => {
                    let d = sink
                        .at(
                            Rule::UnitMismatch,
                            quantity.span,
                            "a review cadence must be a length of time",
                        )
                        .label("not a length of time")
                        .help("write e.g. `review every 2 weeks` or `review every 3 months`");
                    sink.push(d);
                    return None;
                }
            };
            if days < 1.0 {
                let d = sink
                    .at(
                        Rule::OutOfDomain,
                        quantity.span,
                        "reviews cannot be more often than daily",
                    )
                    .label("too frequent")
                    .help("review daily at most, e.g. `review daily` or `review every 2 weeks`");
                sink.push(d);
                return None;
            }
            let text = format!("every {}", goal_grammar::print::quantity_text(quantity));
            Some(ir::Cadence {
                days,
                shortest_days: shortest,
                text,
            })
        }
    }
}
