//! Calendar periods the runtime reports on: the period containing a day, the periods covering
//! a range, and the review period ending on a day (docs/language.md, "Deadline or window").

use chrono::{Datelike, Duration, NaiveDate};
use goal_compiler::calendar::{DateRange, PeriodUnit};
use goal_compiler::ir::Cadence;

/// The first day of the period of `unit` containing `day` (weeks start on Monday).
pub fn period_start(day: NaiveDate, unit: PeriodUnit) -> NaiveDate {
    let first_of = |month: u32| NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day);
    match unit {
        PeriodUnit::Day => day,
        PeriodUnit::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
        PeriodUnit::Month => first_of(day.month()),
        PeriodUnit::Quarter => first_of((day.month() - 1) / 3 * 3 + 1),
        PeriodUnit::Year => first_of(1),
    }
}

/// The period of `unit` containing `day`.
pub fn period_of(day: NaiveDate, unit: PeriodUnit) -> DateRange {
    let start = period_start(day, unit);
    let next = match unit {
        PeriodUnit::Day => start + Duration::days(1),
        PeriodUnit::Week => start + Duration::days(7),
        PeriodUnit::Month => add_months(start, 1),
        PeriodUnit::Quarter => add_months(start, 3),
        PeriodUnit::Year => add_months(start, 12),
    };
    DateRange {
        start,
        end: next - Duration::days(1),
    }
}

/// The periods of `unit` overlapping `range`, each cut to the range.
pub fn periods_in(range: DateRange, unit: PeriodUnit) -> Vec<DateRange> {
    let mut out = Vec::new();
    let mut day = range.start;
    while day <= range.end {
        let period = period_of(day, unit);
        out.push(DateRange {
            start: day,
            end: period.end.min(range.end),
        });
        day = period.end + Duration::days(1);
    }
    out
}

/// `day` moved by whole months, on the first of the month.
fn add_months(first: NaiveDate, months: i32) -> NaiveDate {
    let index = first.year() * 12 + first.month0() as i32 + months;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(first)
}

/// The review period ending on `day`: for cadences counted in months (monthly, quarterly,
/// yearly, `every 2 months`), the calendar months ending with `day`'s month, up to `day`; for
/// cadences counted in days (daily, weekly, biweekly), that many days up to `day`. No cadence
/// means monthly.
pub fn review_period(day: NaiveDate, cadence: Option<&Cadence>) -> DateRange {
    let (days, shortest) = cadence.map_or((30.44, 28.0), |c| (c.days, c.shortest_days));
    if shortest < days {
        // Counted in months: 28..31 days per month.
        let months = (days / 30.44).round().max(1.0) as i32;
        let first = add_months(period_start(day, PeriodUnit::Month), 1 - months);
        DateRange {
            start: first,
            end: day,
        }
    } else {
        let length = days.round().max(1.0) as i64;
        DateRange {
            start: day - Duration::days(length - 1),
            end: day,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn cadence(days: f64, shortest: f64) -> Cadence {
        Cadence {
            days,
            shortest_days: shortest,
            text: String::new(),
        }
    }

    #[test]
    fn periods_containing_a_day() {
        // 2026-02-18 is a Wednesday.
        assert_eq!(
            period_start(d(2026, 2, 18), PeriodUnit::Week),
            d(2026, 2, 16)
        );
        assert_eq!(
            period_of(d(2026, 2, 18), PeriodUnit::Month).end,
            d(2026, 2, 28)
        );
        assert_eq!(
            period_of(d(2026, 11, 5), PeriodUnit::Quarter).start,
            d(2026, 10, 1)
        );
        assert_eq!(
            period_of(d(2026, 11, 5), PeriodUnit::Quarter).end,
            d(2026, 12, 31)
        );
        assert_eq!(
            period_of(d(2024, 2, 1), PeriodUnit::Month).end,
            d(2024, 2, 29)
        );
    }

    #[test]
    fn periods_cover_a_range_without_gaps() {
        let range = DateRange {
            start: d(2026, 1, 15),
            end: d(2026, 4, 2),
        };
        let months = periods_in(range, PeriodUnit::Month);
        assert_eq!(months.len(), 4);
        assert_eq!(months[0].start, d(2026, 1, 15));
        assert_eq!(months[0].end, d(2026, 1, 31));
        assert_eq!(months[3].start, d(2026, 4, 1));
        assert_eq!(months[3].end, d(2026, 4, 2));
    }

    #[test]
    fn review_periods() {
        let weekly = cadence(7.0, 7.0);
        let monthly = cadence(30.44, 28.0);
        let quarterly = cadence(91.31, 89.0);
        let june_end = d(2026, 6, 30);
        assert_eq!(review_period(june_end, Some(&weekly)).start, d(2026, 6, 24));
        assert_eq!(review_period(june_end, Some(&monthly)).start, d(2026, 6, 1));
        assert_eq!(
            review_period(june_end, Some(&quarterly)).start,
            d(2026, 4, 1)
        );
        assert_eq!(review_period(d(2026, 11, 27), None).start, d(2026, 11, 1));
    }
}
