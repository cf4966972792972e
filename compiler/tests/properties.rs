//! Property tests of units, durations, date arithmetic and period boundaries: each property is
//! checked on a few hundred generated cases, against a naive implementation where one exists.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Datelike, NaiveDate};
use goal_compiler::calendar::{
    self, DateProblem, DateRange, PERIOD_UNIT_WORDS, PeriodUnit, add_length, resolve_date,
    resolve_period,
};
use goal_compiler::units::{self, Dimension, Reading, Value, format_number};
use goal_grammar::Span;
use goal_grammar::syntax::{
    BoundValue, ClauseKind, DateExpr, Edge, Item, Name, Period, Quantity, Spanned, TargetExpr,
};
use proptest::prelude::*;
use std::sync::OnceLock;

fn name(text: &str) -> Name {
    Name::new(text.to_owned(), Span::new(0, text.len()))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
}

// ------------------------------------------------------------------ a naive calendar

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn month_length(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// First and last day of the `count` months from `first_month`, by counting.
fn naive_months(year: i32, first_month: u32, count: u32) -> (NaiveDate, NaiveDate) {
    let last_month = first_month + count - 1;
    (
        NaiveDate::from_ymd_opt(year, first_month, 1).unwrap(),
        NaiveDate::from_ymd_opt(year, last_month, month_length(year, last_month)).unwrap(),
    )
}

fn quarter(q: u32, year: i32) -> Period {
    Period::Quarter {
        quarter: name(&format!("Q{q}")),
        year: name(&year.to_string()),
        span: Span::default(),
    }
}

fn half(h: u32, year: i32) -> Period {
    Period::Half {
        half: name(&format!("H{h}")),
        year: name(&year.to_string()),
        span: Span::default(),
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month(m: u32, year: i32) -> Period {
    Period::Month {
        month: name(MONTH_NAMES[m as usize - 1]),
        year: name(&year.to_string()),
        span: Span::default(),
    }
}

fn year(year: i32) -> Period {
    Period::Year(name(&year.to_string()))
}

fn range(period: &Period) -> DateRange {
    resolve_period(period, today()).expect("the period resolves")
}

fn contains(range: DateRange, day: NaiveDate) -> bool {
    range.start <= day && day <= range.end
}

/// Four-digit years, as the grammar writes them.
fn any_year() -> impl Strategy<Value = i32> {
    1000..=9999i32
}

/// Any day of a four-digit year.
fn any_day() -> impl Strategy<Value = NaiveDate> {
    (any_year(), 1..=12u32, 1..=31u32)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d.min(month_length(y, m))).unwrap())
}

fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

// ------------------------------------------------------------------ quantities through the grammar

/// The quantity of `target <text>` as the real grammar reads it.
fn quantity(text: &str) -> Quantity {
    let source = format!("goal g: \"Title 1\"\n  target {text}\n");
    let parsed = goal_grammar::parse(&source);
    assert!(parsed.errors.is_empty(), "{text}: {:?}", parsed.errors);
    let Some(Item::Goal(goal)) = parsed.file.items.first() else {
        panic!("{text}: no goal")
    };
    let Some(ClauseKind::Target(target)) = goal.clauses.first().map(|c| &c.kind) else {
        panic!("{text}: no target")
    };
    match &target.expr {
        TargetExpr::Bound {
            value: BoundValue::Quantity(q),
            ..
        } => q.clone(),
        other => panic!("{text}: {other:?}"),
    }
}

fn read(text: &str) -> Reading {
    units::read(&quantity(text)).unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

/// Every unit word of the language with what one of it is worth: (word, dimension, factor).
fn unit_table() -> &'static [(&'static str, Dimension, f64)] {
    static TABLE: OnceLock<Vec<(&'static str, Dimension, f64)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        units::unit_words()
            .map(|word| match read(&format!("1 {word}")) {
                Reading::Value(v) => (word, v.dimension, v.amount),
                Reading::Bare(_) => panic!("{word} reads as a bare number"),
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    // ---------------------------------------------------------------- periods

    #[test]
    fn every_day_lies_in_exactly_one_quarter_half_and_month(day in any_day()) {
        let y = day.year();
        let quarters: Vec<u32> = (1..=4).filter(|q| contains(range(&quarter(*q, y)), day)).collect();
        prop_assert_eq!(quarters, vec![day.month0() / 3 + 1]);
        let halves: Vec<u32> = (1..=2).filter(|h| contains(range(&half(*h, y)), day)).collect();
        prop_assert_eq!(halves, vec![day.month0() / 6 + 1]);
        let months: Vec<u32> = (1..=12).filter(|m| contains(range(&month(*m, y)), day)).collect();
        prop_assert_eq!(months, vec![day.month()]);
        prop_assert!(contains(range(&year(y)), day));
        prop_assert!(!contains(range(&year(y + 1)), day) && !contains(range(&year(y - 1)), day));
    }

    #[test]
    fn periods_of_a_year_are_contiguous_and_cover_it(y in any_year()) {
        let whole = range(&year(y));
        prop_assert_eq!(whole.days(), if is_leap(y) { 366 } else { 365 });
        for parts in [
            (1..=4).map(|q| range(&quarter(q, y))).collect::<Vec<_>>(),
            (1..=2).map(|h| range(&half(h, y))).collect(),
            (1..=12).map(|m| range(&month(m, y))).collect(),
        ] {
            prop_assert_eq!(parts[0].start, whole.start);
            prop_assert_eq!(parts[parts.len() - 1].end, whole.end);
            for pair in parts.windows(2) {
                prop_assert_eq!(pair[0].end.succ_opt(), Some(pair[1].start));
            }
            prop_assert_eq!(parts.iter().map(DateRange::days).sum::<i64>(), whole.days());
        }
        if y < 9999 {
            prop_assert_eq!(range(&quarter(4, y)).end.succ_opt(), Some(range(&quarter(1, y + 1)).start));
        }
    }

    #[test]
    fn quarters_halves_and_months_match_a_naive_calendar(y in any_year(), q in 1..=4u32, m in 1..=12u32, h in 1..=2u32) {
        let r = range(&quarter(q, y));
        prop_assert_eq!((r.start, r.end), naive_months(y, (q - 1) * 3 + 1, 3));
        let r = range(&half(h, y));
        prop_assert_eq!((r.start, r.end), naive_months(y, (h - 1) * 6 + 1, 6));
        let r = range(&month(m, y));
        prop_assert_eq!((r.start, r.end), naive_months(y, m, 1));
        prop_assert_eq!(r.days(), i64::from(month_length(y, m)));
    }

    #[test]
    fn start_and_end_of_a_period_are_its_first_and_last_day(y in any_year(), q in 1..=4u32) {
        let r = range(&quarter(q, y));
        for (edge, expected) in [(Edge::Start, r.start), (Edge::End, r.end)] {
            let expr = DateExpr::Edge {
                edge: Spanned::new(edge, Span::default()),
                period: Box::new(quarter(q, y)),
                span: Span::default(),
            };
            prop_assert_eq!(resolve_date(&expr, today()), Ok(expected));
        }
    }

    #[test]
    fn relative_quarters_and_months_name_the_neighbouring_period(day in any_day(), offset in 0..3usize) {
        prop_assume!(day.year() > 1000 && day.year() < 9999);
        let (word, step) = [("last", -1i32), ("this", 0), ("next", 1)][offset];
        // Naive: step through quarters and months one at a time.
        let (mut qy, mut q) = (day.year(), day.month0() / 3 + 1);
        let (mut my, mut m) = (day.year(), day.month());
        match step {
            1 => {
                if q == 4 { q = 1; qy += 1 } else { q += 1 }
                if m == 12 { m = 1; my += 1 } else { m += 1 }
            }
            -1 => {
                if q == 1 { q = 4; qy -= 1 } else { q -= 1 }
                if m == 1 { m = 12; my -= 1 } else { m -= 1 }
            }
            _ => {}
        }
        for (unit, expected) in [
            ("quarter", format!("`Q{q} {qy}`")),
            ("month", format!("`{} {my}`", MONTH_NAMES[m as usize - 1])),
            ("year", format!("`{}`", day.year() + step)),
        ] {
            let relative = Period::Relative { word: name(word), unit: name(unit), span: Span::default() };
            let Err(DateProblem::Ambiguous { help, .. }) = resolve_period(&relative, day) else {
                panic!("`{word} {unit}` must be ambiguous");
            };
            prop_assert!(help.contains(&expected), "{} {} as of {}: {}", word, unit, day, help);
        }
    }

    // ---------------------------------------------------------------- dates

    #[test]
    fn iso_dates_round_trip(day in any_day()) {
        prop_assert_eq!(resolve_date(&DateExpr::Date(name(&iso(day))), today()), Ok(day));
    }

    #[test]
    fn days_past_the_end_of_a_month_are_invalid_and_say_how_long_it_is(y in any_year(), m in 1..=12u32, extra in 1..=5u32) {
        let length = month_length(y, m);
        let text = format!("{y}-{m:02}-{:02}", length + extra);
        let Err(DateProblem::Invalid { message, .. }) = resolve_date(&DateExpr::Date(name(&text)), today()) else {
            panic!("{text} must be invalid");
        };
        prop_assert!(message.contains(&format!("has {length} days")), "{}", message);
    }

    #[test]
    fn slash_dates_are_never_accepted_and_offer_every_reading(day in any_day()) {
        let text = format!("{:02}/{:02}/{}", day.day(), day.month(), day.year());
        let result = resolve_date(&DateExpr::SlashDate(name(&text)), today());
        let Err(DateProblem::Ambiguous { help, .. }) = result else {
            panic!("{text} must be ambiguous, got {result:?}");
        };
        prop_assert!(help.contains(&iso(day)), "{}", help);
        if let Some(swapped) = NaiveDate::from_ymd_opt(day.year(), day.day(), day.month()) {
            prop_assert!(help.contains(&iso(swapped)), "{}", help);
        }
    }

    #[test]
    fn window_lengths_in_months_match_naive_month_arithmetic(day in any_day(), months in 1..=120u32) {
        prop_assume!(day.year() < 9980);
        let end = add_length(day, None, Some(months)).expect("in range");
        // Naive: the same day-of-month `months` later (clamped to the month's end), minus a day.
        let index = day.year() * 12 + day.month0() as i32 + months as i32;
        let (y, m) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        let same_day = NaiveDate::from_ymd_opt(y, m, day.day().min(month_length(y, m))).unwrap();
        prop_assert_eq!(Some(end), same_day.pred_opt());
        prop_assert!(end >= day);
    }

    #[test]
    fn window_lengths_in_seconds_cover_whole_days(day in any_day(), seconds in 1.0..=(3650.0 * 86_400.0f64)) {
        prop_assume!(day.year() < 9980);
        let end = add_length(day, Some(seconds), None).expect("in range");
        let days = (end - day).num_days() + 1;
        // The window covers the length, and not a whole day more.
        prop_assert!(days as f64 * 86_400.0 >= seconds);
        prop_assert!(((days - 1) as f64) * 86_400.0 < seconds);
        let longer = add_length(day, Some(seconds + 86_400.0), None).expect("in range");
        prop_assert_eq!(longer, end.succ_opt().unwrap());
    }

    // ---------------------------------------------------------------- units and durations

    #[test]
    fn every_unit_word_scales_its_number(amount in 0u32..1_000_000, cents in 0u32..100) {
        let x = f64::from(amount) + f64::from(cents) / 100.0;
        let written = format_number(x);
        for &(word, dimension, factor) in unit_table() {
            match read(&format!("{written} {word}")) {
                Reading::Value(v) => {
                    prop_assert_eq!(v.dimension, dimension);
                    prop_assert!((v.amount - x * factor).abs() <= 1e-9 * (x * factor).max(1.0), "{} {}: {}", written, word, v.amount);
                }
                Reading::Bare(_) => panic!("{word}"),
            }
            // Unit words are read whatever their case.
            let upper = read(&format!("{written} {}", word.to_uppercase()));
            prop_assert_eq!(upper, read(&format!("{written} {word}")));
        }
    }

    #[test]
    fn durations_print_and_read_back_to_the_same_seconds(seconds in 0u64..100_000_000) {
        let value = Value::new(seconds as f64, Dimension::Duration);
        let text = value.display();
        prop_assert_eq!(read(&text), Reading::Value(value), "{}", text);
    }

    #[test]
    fn values_of_every_dimension_print_and_read_back(amount in 0u32..100_000, cents in 0u32..100, pick in 0usize..5) {
        let x = f64::from(amount) + f64::from(cents) / 100.0;
        let dimension = [
            Dimension::Percent,
            Dimension::Points,
            Dimension::Factor,
            Dimension::Months,
            Dimension::Score(units::Scale::Qa),
        ][pick];
        let value = Value::new(x, dimension);
        let text = value.display();
        let Reading::Value(back) = read(&text) else { panic!("{text} reads as a bare number") };
        prop_assert_eq!(back.dimension, dimension);
        prop_assert!((back.amount - x).abs() < 1e-9, "{} reads as {}", text, back.amount);
    }

    #[test]
    fn numbers_print_short_and_read_back(n in -1_000_000_000_000i64..1_000_000_000_000, decimals in 0u32..=4) {
        let x = n as f64 / 10f64.powi(decimals as i32);
        let text = format_number(x);
        let back: f64 = text.parse().expect("a number");
        prop_assert!((back - x).abs() <= 5e-5, "{} prints as {}", x, text);
        prop_assert!(text != "-0" && !text.ends_with('.'));
        prop_assert!(!text.contains('.') || !text.ends_with('0'), "{}", text);
    }

    #[test]
    fn period_units_are_read_in_any_case_and_number(pick in 0usize..5, plural in any::<bool>(), upper in any::<bool>()) {
        let word = PERIOD_UNIT_WORDS[pick];
        let mut written = if plural { format!("{word}s") } else { word.to_owned() };
        if upper {
            written = written.to_uppercase();
        }
        let unit = PeriodUnit::find(&written).expect("a period unit");
        prop_assert_eq!(unit.word(), word);
        prop_assert!(unit.shortest_days() <= unit.days());
    }
}

#[test]
fn durations_and_months_never_mix() {
    let table = unit_table();
    assert!(table.len() > 30, "{table:?}");
    for (word, dimension, _) in table {
        if calendar::PERIOD_UNIT_WORDS.contains(word) && *word != "day" && *word != "week" {
            assert_eq!(*dimension, Dimension::Months, "{word}");
        }
    }
    assert_eq!(read("90 seconds"), read("1.5 minutes"));
    assert_eq!(read("2 weeks"), read("14 days"));
    assert_eq!(read("1 year"), read("4 quarters"));
    assert_ne!(
        read("30 days").dimension(),
        read("1 month").dimension(),
        "a month is not a fixed number of seconds"
    );
}
