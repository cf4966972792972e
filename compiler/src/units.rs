//! Units and dimensions. Every number in a goal is read as a [`Value`] of one [`Dimension`],
//! normalised (durations to seconds), so that dimension checks and comparisons are exact.

use goal_grammar::syntax::{Quantity, Unit};
use serde::Serialize;

/// What a value measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// A length of time, in seconds.
    Duration,
    /// Calendar months (window lengths and cadences only).
    Months,
    /// A percentage, 0–100.
    Percent,
    /// A score on a named scale.
    Score(Scale),
    /// A number of things.
    Count,
    /// Points (NPS, or percentage points in a change).
    Points,
    /// A multiple (`2x`).
    Factor,
}

impl Dimension {
    /// The dimension in words, for messages.
    pub fn describe(self) -> String {
        match self {
            Dimension::Duration => "a duration (`60 seconds`, `4 hours`)".into(),
            Dimension::Months => "a number of months".into(),
            Dimension::Percent => "a percentage (`80%`)".into(),
            Dimension::Score(scale) => format!(
                "a score on the {} scale (`{} on {}`)",
                scale.name(),
                scale.max(),
                scale.name()
            ),
            Dimension::Count => "a count (a plain number)".into(),
            Dimension::Points => "points (`10 points`)".into(),
            Dimension::Factor => "a multiple (`2x`)".into(),
        }
    }

    /// True when a number written without a unit is read in this dimension.
    pub fn accepts_bare_numbers(self) -> bool {
        matches!(
            self,
            Dimension::Count | Dimension::Score(_) | Dimension::Points
        )
    }
}

/// Rating scales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Customer satisfaction, 1–5.
    Csat,
    /// Customer effort, 1–7.
    Ces,
    /// Net promoter rating, 0–10.
    Nps,
    /// Quality assurance, 0–100.
    Qa,
}

impl Scale {
    /// All scales.
    pub const ALL: &'static [Scale] = &[Scale::Csat, Scale::Ces, Scale::Nps, Scale::Qa];

    /// The scale's name as written after `on`.
    pub fn name(self) -> &'static str {
        match self {
            Scale::Csat => "csat",
            Scale::Ces => "ces",
            Scale::Nps => "nps",
            Scale::Qa => "qa",
        }
    }

    /// Lowest possible rating.
    pub fn min(self) -> f64 {
        match self {
            Scale::Csat | Scale::Ces => 1.0,
            Scale::Nps | Scale::Qa => 0.0,
        }
    }

    /// Highest possible rating.
    pub fn max(self) -> f64 {
        match self {
            Scale::Csat => 5.0,
            Scale::Ces => 7.0,
            Scale::Nps => 10.0,
            Scale::Qa => 100.0,
        }
    }

    /// Looks a scale up by name.
    pub fn find(name: &str) -> Option<Scale> {
        Scale::ALL.iter().copied().find(|s| s.name() == name)
    }
}

/// A number in a dimension, normalised (durations in seconds).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Value {
    /// The normalised amount.
    pub amount: f64,
    /// What it measures.
    pub dimension: Dimension,
}

impl Value {
    /// A value.
    pub fn new(amount: f64, dimension: Dimension) -> Self {
        Value { amount, dimension }
    }

    /// The value as an author would write it: `80%`, `90 seconds`, `4.5 on csat`.
    pub fn display(&self) -> String {
        let n = format_number(self.amount);
        match self.dimension {
            Dimension::Duration => format_duration(self.amount),
            Dimension::Months => format!("{n} months"),
            Dimension::Percent => format!("{n}%"),
            Dimension::Score(scale) => format!("{n} on {}", scale.name()),
            Dimension::Count => n,
            Dimension::Points => format!("{n} points"),
            Dimension::Factor => format!("{n}x"),
        }
    }
}

/// A number without trailing zeros.
pub fn format_number(x: f64) -> String {
    let text = format!("{x:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

fn format_duration(seconds: f64) -> String {
    for (unit, size) in [("day", 86_400.0), ("hour", 3_600.0), ("minute", 60.0)] {
        if seconds >= size && (seconds / size).fract() == 0.0 {
            let n = seconds / size;
            let plural = if n == 1.0 { "" } else { "s" };
            return format!("{} {unit}{plural}", format_number(n));
        }
    }
    let plural = if seconds == 1.0 { "" } else { "s" };
    format!("{} second{plural}", format_number(seconds))
}

/// Unit words and what they mean: (word, dimension, factor to the normal unit). Plurals
/// come first so that "did you mean" prefers them.
const UNIT_WORDS: &[(&str, Dimension, f64)] = &[
    ("secs", Dimension::Duration, 1.0),
    ("seconds", Dimension::Duration, 1.0),
    ("mins", Dimension::Duration, 60.0),
    ("minutes", Dimension::Duration, 60.0),
    ("hours", Dimension::Duration, 3_600.0),
    ("days", Dimension::Duration, 86_400.0),
    ("weeks", Dimension::Duration, 604_800.0),
    ("months", Dimension::Months, 1.0),
    ("quarters", Dimension::Months, 3.0),
    ("years", Dimension::Months, 12.0),
    ("points", Dimension::Points, 1.0),
    ("times", Dimension::Factor, 1.0),
    ("tickets", Dimension::Count, 1.0),
    ("reviews", Dimension::Count, 1.0),
    ("meetings", Dimension::Count, 1.0),
    ("contacts", Dimension::Count, 1.0),
    ("ratings", Dimension::Count, 1.0),
    ("topics", Dimension::Count, 1.0),
    ("s", Dimension::Duration, 1.0),
    ("sec", Dimension::Duration, 1.0),
    ("second", Dimension::Duration, 1.0),
    ("min", Dimension::Duration, 60.0),
    ("minute", Dimension::Duration, 60.0),
    ("h", Dimension::Duration, 3_600.0),
    ("hr", Dimension::Duration, 3_600.0),
    ("hrs", Dimension::Duration, 3_600.0),
    ("hour", Dimension::Duration, 3_600.0),
    ("d", Dimension::Duration, 86_400.0),
    ("day", Dimension::Duration, 86_400.0),
    ("w", Dimension::Duration, 604_800.0),
    ("week", Dimension::Duration, 604_800.0),
    ("month", Dimension::Months, 1.0),
    ("quarter", Dimension::Months, 3.0),
    ("year", Dimension::Months, 12.0),
    ("percent", Dimension::Percent, 1.0),
    ("point", Dimension::Points, 1.0),
    ("pts", Dimension::Points, 1.0),
    ("x", Dimension::Factor, 1.0),
    ("ticket", Dimension::Count, 1.0),
];

/// Every unit word, for "did you mean".
pub fn unit_words() -> impl Iterator<Item = &'static str> {
    UNIT_WORDS.iter().map(|(w, _, _)| *w)
}

/// Why a quantity could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum UnitError {
    /// The unit word is not known.
    UnknownUnit(String),
    /// `on xyz`: the scale is not known.
    UnknownScale(String),
    /// The number does not parse (cannot happen for grammar-accepted numbers).
    BadNumber(String),
}

/// A quantity as read: a value, or a bare number whose dimension comes from context.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reading {
    /// A number with a unit.
    Value(Value),
    /// A number without a unit.
    Bare(f64),
}

/// Reads a quantity's number and unit.
pub fn read(quantity: &Quantity) -> Result<Reading, UnitError> {
    let amount: f64 = quantity
        .number
        .value
        .trim_start_matches('+')
        .parse()
        .map_err(|_| UnitError::BadNumber(quantity.number.value.clone()))?;
    match &quantity.unit {
        None => Ok(Reading::Bare(amount)),
        Some(Unit::Percent(_)) => Ok(Reading::Value(Value::new(amount, Dimension::Percent))),
        Some(Unit::Scale(name)) => Scale::find(&name.value)
            .map(|s| Reading::Value(Value::new(amount, Dimension::Score(s))))
            .ok_or_else(|| UnitError::UnknownScale(name.value.clone())),
        Some(Unit::Word(word)) => UNIT_WORDS
            .iter()
            .find(|(w, _, _)| w.eq_ignore_ascii_case(&word.value))
            .map(|(_, dim, factor)| Reading::Value(Value::new(amount * factor, *dim)))
            .ok_or_else(|| UnitError::UnknownUnit(word.value.clone())),
    }
}

impl Reading {
    /// The value in `expected`, if the reading fits it (bare numbers fit count, score and
    /// points).
    pub fn fit(self, expected: Dimension) -> Option<Value> {
        match self {
            Reading::Value(v) if v.dimension == expected => Some(v),
            Reading::Bare(n) if expected.accepts_bare_numbers() => Some(Value::new(n, expected)),
            _ => None,
        }
    }

    /// The dimension as written, `None` for a bare number.
    pub fn dimension(self) -> Option<Dimension> {
        match self {
            Reading::Value(v) => Some(v.dimension),
            Reading::Bare(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_normalise_to_seconds() {
        assert_eq!(format_duration(90.0), "90 seconds");
        assert_eq!(format_duration(120.0), "2 minutes");
        assert_eq!(format_duration(4.0 * 3600.0), "4 hours");
        assert_eq!(format_duration(7.0 * 86_400.0), "7 days");
        assert_eq!(format_duration(60.0), "1 minute");
        assert_eq!(format_duration(1.0), "1 second");
    }

    #[test]
    fn numbers_print_without_trailing_zeros() {
        assert_eq!(format_number(80.0), "80");
        assert_eq!(format_number(4.25), "4.25");
        assert_eq!(format_number(-0.0), "0");
    }

    #[test]
    fn bare_numbers_fit_only_countable_dimensions() {
        assert!(Reading::Bare(3.0).fit(Dimension::Count).is_some());
        assert!(
            Reading::Bare(3.0)
                .fit(Dimension::Score(Scale::Csat))
                .is_some()
        );
        assert!(Reading::Bare(3.0).fit(Dimension::Percent).is_none());
        assert!(Reading::Bare(3.0).fit(Dimension::Duration).is_none());
    }
}
