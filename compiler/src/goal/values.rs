//! Reads quantities in an expected dimension: unknown units (M206), unit mismatches (M203)
//! and values outside the dimension's domain (M204).

use crate::diagnostic::Sink;
use crate::rules::Rule;
use crate::units::{self, Dimension, Reading, Scale, UnitError, Value};
use goal_grammar::suggest::did_you_mean;
use goal_grammar::syntax::{Quantity, Unit};

/// Reads `quantity`, which must be of `expected`; `what` names it in messages ("the target").
/// Reports and returns `None` when it cannot be used.
pub(crate) fn read_value(
    quantity: &Quantity,
    expected: Dimension,
    what: &str,
    sink: &mut Sink,
) -> Option<Value> {
    let reading = read_reading(quantity, sink)?;
    let Some(value) = reading.fit(expected) else {
        report_mismatch(quantity, reading, expected, what, sink);
        return None;
    };
    check_domain(quantity, value, what, sink).then_some(value)
}

/// Reads a quantity's number and unit, reporting unknown units.
pub(crate) fn read_reading(quantity: &Quantity, sink: &mut Sink) -> Option<Reading> {
    match units::read(quantity) {
        Ok(reading) => Some(reading),
        Err(UnitError::UnknownUnit(word)) => {
            let span = quantity.unit.as_ref().map_or(quantity.span, Unit::span);
            let help = match did_you_mean(&word, units::unit_words()) {
                // `m` is as close to `min` as to `months`: ask rather than guess.
                _ if word.eq_ignore_ascii_case("m") => "write `min` for minutes or `months`".into(),
                Some(s) => format!("did you mean `{s}`?"),
                None => "use s/min/h/d/weeks for durations, % for percentages, `points`, `x`, or `on <scale>` for scores".into(),
            };
            let d = sink
                .at(Rule::UnknownUnit, span, format!("unknown unit `{word}`"))
                .label("not a unit")
                .help(help);
            sink.push(d);
            None
        }
        Err(UnitError::UnknownScale(name)) => {
            let span = quantity.unit.as_ref().map_or(quantity.span, Unit::span);
            let help = match did_you_mean(&name, Scale::ALL.iter().map(|s| s.name())) {
                Some(s) => format!("did you mean `on {s}`?"),
                None => {
                    "the scales are `csat` (1–5), `ces` (1–7), `nps` (0–10) and `qa` (0–100)".into()
                }
            };
            let d = sink
                .at(Rule::UnknownUnit, span, format!("unknown scale `{name}`"))
                .label("not a scale")
                .help(help);
            sink.push(d);
            None
        }
        Err(UnitError::BadNumber(text)) => {
            let d = sink
                .at(
                    Rule::SyntaxError,
                    quantity.number.span,
                    format!("`{text}` is not a number"),
                )
                .help("write a number such as `80` or `4.5`");
            sink.push(d);
            None
        }
    }
}

fn report_mismatch(
    quantity: &Quantity,
    reading: Reading,
    expected: Dimension,
    what: &str,
    sink: &mut Sink,
) {
    let written = match reading.dimension() {
        Some(dimension) => format!(
            "`{}` is {}",
            goal_grammar::print::quantity_text(quantity),
            dimension.describe()
        ),
        None => format!("`{}` has no unit", quantity.number.value),
    };
    let example = example_of(expected, &quantity.number.value);
    let d = sink
        .at(
            Rule::UnitMismatch,
            quantity.span,
            format!("{written}, but {what} needs {}", expected.describe()),
        )
        .label(format!("expected {}", short(expected)))
        .help(format!(
            "write {what} as {}, e.g. `{example}`",
            short(expected)
        ));
    sink.push(d);
}

fn short(dimension: Dimension) -> String {
    match dimension {
        Dimension::Duration => "a duration".into(),
        Dimension::Months => "months".into(),
        Dimension::Percent => "a percentage".into(),
        Dimension::Score(scale) => format!("a score on {}", scale.name()),
        Dimension::Count => "a count".into(),
        Dimension::Points => "points".into(),
        Dimension::Factor => "a multiple".into(),
    }
}

fn example_of(dimension: Dimension, number: &str) -> String {
    match dimension {
        Dimension::Duration => format!("{number} seconds"),
        Dimension::Months => format!("{number} months"),
        Dimension::Percent => format!("{number}%"),
        Dimension::Score(scale) => format!(
            "{} on {}",
            units::format_number(scale.max() - 1.0),
            scale.name()
        ),
        Dimension::Count => number.trim_start_matches('+').to_owned(),
        Dimension::Points => format!("{number} points"),
        Dimension::Factor => format!("{number}x"),
    }
}

/// The smallest and largest possible value of a dimension.
pub(crate) fn domain(dimension: Dimension) -> (f64, f64) {
    match dimension {
        Dimension::Percent => (0.0, 100.0),
        Dimension::Score(scale) => (scale.min(), scale.max()),
        Dimension::Points => (-100.0, 100.0),
        Dimension::Duration | Dimension::Count | Dimension::Months | Dimension::Factor => {
            (0.0, f64::INFINITY)
        }
    }
}

/// Reports a value outside its dimension's domain; true when the value is fine.
pub(crate) fn check_domain(quantity: &Quantity, value: Value, what: &str, sink: &mut Sink) -> bool {
    let (low, high) = domain(value.dimension);
    if (low..=high).contains(&value.amount) {
        return true;
    }
    let range = match value.dimension {
        Dimension::Percent => "between 0% and 100%".to_owned(),
        Dimension::Score(scale) => format!(
            "between {} and {} on the {} scale",
            units::format_number(scale.min()),
            units::format_number(scale.max()),
            scale.name()
        ),
        Dimension::Points => "between -100 and 100 points".to_owned(),
        _ => "zero or more".to_owned(),
    };
    let d = sink
        .at(
            Rule::OutOfDomain,
            quantity.span,
            format!(
                "{what} `{}` is impossible: values are {range}",
                goal_grammar::print::quantity_text(quantity)
            ),
        )
        .label("outside the possible values")
        .help(format!("choose a value {range}"));
    sink.push(d);
    false
}
