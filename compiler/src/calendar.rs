//! Dates, periods and cadences: resolves what the author wrote (`end of Q2 2026`, `June 2026`,
//! `each month`) into calendar dates, and explains what cannot be resolved.

use chrono::{Datelike, Months, NaiveDate};
use goal_grammar::Span;
use goal_grammar::syntax::{DateExpr, Edge, Name, Period};
use serde::Serialize;

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct DateRange {
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
}

impl DateRange {
    /// Number of days covered.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }
}

/// Why a date could not be resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum DateProblem {
    /// The date does not exist or cannot be read (T503).
    Invalid {
        /// Where.
        span: Span,
        /// What is wrong.
        message: String,
        /// How to fix it.
        help: String,
    },
    /// The date can be read more than one way (T504).
    Ambiguous {
        /// Where.
        span: Span,
        /// What is ambiguous.
        message: String,
        /// How to fix it.
        help: String,
    },
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const MONTH_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Resolves a point in time to a day.
pub fn resolve_date(expr: &DateExpr, today: NaiveDate) -> Result<NaiveDate, DateProblem> {
    match expr {
        DateExpr::Edge { edge, period, .. } => {
            let range = resolve_period(period, today)?;
            Ok(match edge.value {
                Edge::Start => range.start,
                Edge::End => range.end,
            })
        }
        DateExpr::Date(text) => parse_iso(text),
        DateExpr::SlashDate(text) => Err(slash_date(text)),
        DateExpr::Relative(word) => Err(relative_date(word, today)),
    }
}

fn relative_date(word: &Name, today: NaiveDate) -> DateProblem {
    let help = match word.value.split_once(' ') {
        Some((which, unit)) => match resolve_relative(which, unit, today) {
            Some(period) => format!(
                "write the date itself: as of {today}, {} is {period}, so write `end of {period}` or `start of {period}`",
                word.value
            ),
            None => "write the date itself, e.g. `end of Q1 2027`".into(),
        },
        None => {
            let offset = match word.value.as_str() {
                "tomorrow" => 1,
                "yesterday" => -1,
                _ => 0,
            };
            let day = today
                .checked_add_signed(chrono::Duration::days(offset))
                .unwrap_or(today);
            format!(
                "write the date itself: as of {today}, {} is `{}`",
                word.value,
                day.format("%Y-%m-%d")
            )
        }
    };
    DateProblem::Ambiguous {
        span: word.span,
        message: format!("`{}` depends on the day the file is read", word.value),
        help,
    }
}

fn parse_iso(text: &Name) -> Result<NaiveDate, DateProblem> {
    let parts: Vec<&str> = text.value.split('-').collect();
    let numbers: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let invalid = |message: String| DateProblem::Invalid {
        span: text.span,
        message,
        help: "write dates as YYYY-MM-DD, e.g. `2026-06-30`".into(),
    };
    let [year, month, day] = numbers.as_slice() else {
        return Err(invalid(format!("`{}` is not a date", text.value)));
    };
    let year =
        i32::try_from(*year).map_err(|_| invalid(format!("`{}` is not a date", text.value)))?;
    if !(1..=12).contains(month) {
        return Err(invalid(format!(
            "`{}` has month {month}; months run from 1 to 12",
            text.value
        )));
    }
    NaiveDate::from_ymd_opt(year, *month, *day).ok_or_else(|| {
        let last = last_day_of_month(year, *month).map_or(31, |d| d.day());
        invalid(format!(
            "`{}` does not exist: {} {year} has {last} days",
            text.value,
            capitalised(MONTHS[(*month - 1) as usize]),
        ))
    })
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn slash_date(text: &Name) -> DateProblem {
    let parts: Vec<&str> = text.value.split(['/', '.']).collect();
    let numbers: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let reading = |day: u32, month: u32, year: u32| {
        i32::try_from(year)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
    };
    let (day_first, month_first) = match numbers.as_slice() {
        [a, b, y] if parts[2].len() == 4 => (reading(*a, *b, *y), reading(*b, *a, *y)),
        _ => (None, None),
    };
    let iso = |d: NaiveDate| format!("`{}`", d.format("%Y-%m-%d"));
    match (day_first, month_first) {
        (Some(d), Some(m)) if d != m => DateProblem::Ambiguous {
            span: text.span,
            message: format!("`{}` can be read day-first or month-first", text.value),
            help: format!(
                "write the date as YYYY-MM-DD: {} if {} is the day, {} if it is the month",
                iso(d),
                parts[0],
                iso(m)
            ),
        },
        (Some(only), _) | (None, Some(only)) => DateProblem::Ambiguous {
            span: text.span,
            message: format!("`{}` is not written as YYYY-MM-DD", text.value),
            help: format!(
                "write {}: other readers may read the order of day and month differently",
                iso(only)
            ),
        },
        (None, None) => DateProblem::Invalid {
            span: text.span,
            message: format!(
                "`{}` is not a date in any order of day and month",
                text.value
            ),
            help: "write dates as YYYY-MM-DD, e.g. `2026-06-30`".into(),
        },
    }
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
}

fn year_of(name: &Name) -> Result<i32, DateProblem> {
    name.value.parse().map_err(|_| DateProblem::Invalid {
        span: name.span,
        message: format!("`{}` is not a year", name.value),
        help: "write a four-digit year".into(),
    })
}

fn months_range(
    year: i32,
    first_month: u32,
    count: u32,
    span: Span,
) -> Result<DateRange, DateProblem> {
    let start = NaiveDate::from_ymd_opt(year, first_month, 1);
    let end = start
        .and_then(|s| s.checked_add_months(Months::new(count)))
        .and_then(|d| d.pred_opt());
    match (start, end) {
        (Some(start), Some(end)) => Ok(DateRange { start, end }),
        _ => Err(DateProblem::Invalid {
            span,
            message: format!("year {year} is out of range"),
            help: "write a year between 1000 and 9999".into(),
        }),
    }
}

/// Resolves a period to its days.
pub fn resolve_period(period: &Period, today: NaiveDate) -> Result<DateRange, DateProblem> {
    match period {
        Period::Quarter {
            quarter,
            year,
            span,
        } => {
            let q: u32 = quarter.value[1..].parse().unwrap_or(0);
            if !(1..=4).contains(&q) {
                return Err(DateProblem::Invalid {
                    span: quarter.span,
                    message: format!("`{}` is not a quarter", quarter.value),
                    help: "quarters are Q1, Q2, Q3 and Q4".into(),
                });
            }
            months_range(year_of(year)?, (q - 1) * 3 + 1, 3, *span)
        }
        Period::Half { half, year, span } => {
            let h: u32 = half.value[1..].parse().unwrap_or(0);
            if !(1..=2).contains(&h) {
                return Err(DateProblem::Invalid {
                    span: half.span,
                    message: format!("`{}` is not a half-year", half.value),
                    help: "half-years are H1 and H2".into(),
                });
            }
            months_range(year_of(year)?, (h - 1) * 6 + 1, 6, *span)
        }
        Period::Month { month, year, span } => {
            let m = month_number(&month.value).ok_or_else(|| DateProblem::Invalid {
                span: month.span,
                message: format!("`{}` is not a month", month.value),
                help: match goal_grammar::suggest::did_you_mean(
                    &month.value,
                    MONTHS.iter().copied(),
                ) {
                    Some(suggestion) => format!("did you mean `{}`?", capitalised(suggestion)),
                    None => "write a month name, e.g. `June 2026`".into(),
                },
            })?;
            months_range(year_of(year)?, m, 1, *span)
        }
        Period::Year(year) => months_range(year_of(year)?, 1, 12, year.span),
        Period::Range { from, to, span } => {
            let start = resolve_date(from, today)?;
            let end = resolve_date(to, today)?;
            if end < start {
                return Err(DateProblem::Invalid {
                    span: *span,
                    message: format!("the range ends ({end}) before it starts ({start})"),
                    help: "write the earlier date first".into(),
                });
            }
            Ok(DateRange { start, end })
        }
        Period::Relative { word, unit, span } => {
            let resolved = resolve_relative(&word.value, &unit.value, today);
            Err(DateProblem::Ambiguous {
                span: *span,
                message: format!(
                    "`{} {}` depends on the day the file is read",
                    word.value, unit.value
                ),
                help: match resolved {
                    Some(text) => {
                        format!("write the period itself: as of {today} that is `{text}`")
                    }
                    None => "write the period itself, e.g. `Q1 2027`".into(),
                },
            })
        }
    }
}

fn month_number(name: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(name))
        .or_else(|| {
            MONTH_ABBREVIATIONS
                .iter()
                .position(|m| m.eq_ignore_ascii_case(name))
        })
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn resolve_relative(word: &str, unit: &str, today: NaiveDate) -> Option<String> {
    let offset: i32 = match word {
        "next" => 1,
        "last" | "previous" => -1,
        "this" | "current" => 0,
        _ => return None,
    };
    let year = today.year();
    match unit {
        "year" => Some(format!("{}", year + offset)),
        "quarter" => {
            let index = year * 4 + (today.month0() / 3) as i32 + offset;
            Some(format!(
                "Q{} {}",
                index.rem_euclid(4) + 1,
                index.div_euclid(4)
            ))
        }
        "month" => {
            let index = year * 12 + today.month0() as i32 + offset;
            Some(format!(
                "{} {}",
                capitalised(MONTHS[index.rem_euclid(12) as usize]),
                index.div_euclid(12)
            ))
        }
        _ => None,
    }
}

/// Units of calendar periods (`each month`, `no week below`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    /// A day.
    Day,
    /// A week (Monday to Sunday).
    Week,
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
    /// A calendar year.
    Year,
}

/// Period unit words.
pub const PERIOD_UNIT_WORDS: &[&str] = &["day", "week", "month", "quarter", "year"];

impl PeriodUnit {
    /// Reads `day`, `week`, `month`, `quarter` or `year` (plural accepted).
    pub fn find(word: &str) -> Option<PeriodUnit> {
        let singular = match word.strip_suffix(['s', 'S']) {
            Some(stem) if stem.len() > 2 => stem,
            _ => word,
        };
        [
            PeriodUnit::Day,
            PeriodUnit::Week,
            PeriodUnit::Month,
            PeriodUnit::Quarter,
            PeriodUnit::Year,
        ]
        .into_iter()
        .find(|unit| unit.word().eq_ignore_ascii_case(singular))
    }

    /// Average length in days.
    pub fn days(self) -> f64 {
        match self {
            PeriodUnit::Day => 1.0,
            PeriodUnit::Week => 7.0,
            PeriodUnit::Month => 365.25 / 12.0,
            PeriodUnit::Quarter => 365.25 / 4.0,
            PeriodUnit::Year => 365.25,
        }
    }

    /// The unit's word.
    pub fn word(self) -> &'static str {
        PERIOD_UNIT_WORDS[self as usize]
    }
}

/// Cadence words with their average and shortest length in days (a monthly review may be
/// 28 days apart, so a February window still gets one review).
pub const CADENCE_WORDS: &[(&str, f64, f64)] = &[
    ("daily", 1.0, 1.0),
    ("weekly", 7.0, 7.0),
    ("biweekly", 14.0, 14.0),
    ("fortnightly", 14.0, 14.0),
    ("monthly", 365.25 / 12.0, 28.0),
    ("quarterly", 365.25 / 4.0, 90.0),
    ("yearly", 365.25, 365.0),
    ("annually", 365.25, 365.0),
];

impl PeriodUnit {
    /// The shortest length of one period in days (February, a 90-day quarter).
    pub fn shortest_days(self) -> f64 {
        match self {
            PeriodUnit::Day => 1.0,
            PeriodUnit::Week => 7.0,
            PeriodUnit::Month => 28.0,
            PeriodUnit::Quarter => 90.0,
            PeriodUnit::Year => 365.0,
        }
    }
}

/// Adds a window length (seconds, or calendar months) to a start day, giving the last day.
pub fn add_length(
    start: NaiveDate,
    seconds: Option<f64>,
    months: Option<u32>,
) -> Option<NaiveDate> {
    match (seconds, months) {
        (Some(seconds), _) => {
            let days = (seconds / 86_400.0).ceil();
            if !(1.0..=1_000_000.0).contains(&days) {
                return None;
            }
            // In range, so the conversion is exact.
            let days = days as i64;
            start.checked_add_signed(chrono::TimeDelta::try_days(days - 1)?)
        }
        (None, Some(months)) => start
            .checked_add_months(Months::new(months))
            .and_then(|d| d.pred_opt()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Name {
        Name::new(text.to_owned(), Span::new(0, text.len()))
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn today() -> NaiveDate {
        day(2026, 11, 28)
    }

    #[test]
    fn quarters_and_halves() {
        let q2 = Period::Quarter {
            quarter: name("Q2"),
            year: name("2026"),
            span: Span::default(),
        };
        let range = resolve_period(&q2, today()).expect("resolves");
        assert_eq!(
            (range.start, range.end),
            (day(2026, 4, 1), day(2026, 6, 30))
        );
        assert_eq!(range.days(), 91);
        let q4 = Period::Quarter {
            quarter: name("q4"),
            year: name("2025"),
            span: Span::default(),
        };
        assert_eq!(
            resolve_period(&q4, today()).expect("resolves").end,
            day(2025, 12, 31)
        );
        let h2 = Period::Half {
            half: name("H2"),
            year: name("2026"),
            span: Span::default(),
        };
        assert_eq!(
            resolve_period(&h2, today()).expect("resolves").start,
            day(2026, 7, 1)
        );
    }

    #[test]
    fn months_handle_leap_years() {
        let feb = Period::Month {
            month: name("February"),
            year: name("2028"),
            span: Span::default(),
        };
        assert_eq!(
            resolve_period(&feb, today()).expect("resolves").end,
            day(2028, 2, 29)
        );
        let feb = Period::Month {
            month: name("feb"),
            year: name("2026"),
            span: Span::default(),
        };
        assert_eq!(
            resolve_period(&feb, today()).expect("resolves").end,
            day(2026, 2, 28)
        );
    }

    #[test]
    fn impossible_dates_are_invalid() {
        let problem = resolve_date(&DateExpr::Date(name("2026-02-30")), today());
        assert!(
            matches!(problem, Err(DateProblem::Invalid { ref message, .. }) if message.contains("28 days"))
        );
        let problem = resolve_date(&DateExpr::Date(name("2026-13-01")), today());
        assert!(matches!(problem, Err(DateProblem::Invalid { .. })));
    }

    #[test]
    fn relative_periods_resolve_in_the_help() {
        let next = Period::Relative {
            word: name("next"),
            unit: name("quarter"),
            span: Span::default(),
        };
        let Err(DateProblem::Ambiguous { help, .. }) = resolve_period(&next, today()) else {
            panic!("should be ambiguous")
        };
        assert!(help.contains("`Q1 2027`"), "{help}");
        assert_eq!(
            resolve_relative("last", "month", day(2026, 1, 15)).as_deref(),
            Some("December 2025")
        );
    }

    #[test]
    fn slash_dates_offer_both_readings() {
        let Err(DateProblem::Ambiguous { help, .. }) =
            resolve_date(&DateExpr::SlashDate(name("03/04/2026")), today())
        else {
            panic!("should be ambiguous")
        };
        assert!(
            help.contains("`2026-04-03`") && help.contains("`2026-03-04`"),
            "{help}"
        );
    }

    #[test]
    fn slash_dates_with_one_reading_still_ask_for_iso() {
        let Err(DateProblem::Ambiguous { help, message, .. }) =
            resolve_date(&DateExpr::SlashDate(name("12/31/2026")), today())
        else {
            panic!("should be ambiguous")
        };
        assert!(message.contains("not written as YYYY-MM-DD"), "{message}");
        assert!(help.contains("`2026-12-31`"), "{help}");
        let problem = resolve_date(&DateExpr::SlashDate(name("31/31/2026")), today());
        assert!(matches!(problem, Err(DateProblem::Invalid { .. })));
    }

    #[test]
    fn relative_days_resolve_against_today() {
        let Err(DateProblem::Ambiguous { help, .. }) =
            resolve_date(&DateExpr::Relative(name("tomorrow")), today())
        else {
            panic!("should be ambiguous")
        };
        assert!(help.contains("`2026-11-29`"), "{help}");
        let Err(DateProblem::Ambiguous { help, .. }) =
            resolve_date(&DateExpr::Relative(name("next quarter")), today())
        else {
            panic!("should be ambiguous")
        };
        assert!(help.contains("`end of Q1 2027`"), "{help}");
    }

    #[test]
    fn window_lengths() {
        assert_eq!(
            add_length(day(2026, 3, 2), Some(6.0 * 604_800.0), None),
            Some(day(2026, 4, 12))
        );
        assert_eq!(
            add_length(day(2026, 3, 2), None, Some(1)),
            Some(day(2026, 4, 1))
        );
    }
}
