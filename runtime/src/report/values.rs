//! Numbers as people read them: `71.3%`, `4.2 h`, `+12.5 pts`.

use crate::model::Measurement;

/// A value in its unit, rounded for display.
pub fn value(v: f64, unit: &str) -> String {
    match unit {
        "percent" => format!("{}%", round(v, 1)),
        "seconds" => duration(v),
        "points" => format!("{} pts", round(v, 1)),
        "score" => round(v, 2),
        _ => round(v, 1),
    }
}

/// A number for machines (JSON, CSV): 12 significant digits. Sums of decimals run in parallel
/// differ in their last bits from run to run; rounding keeps the output the same for the same
/// data.
pub fn stable(v: f64) -> f64 {
    if !v.is_finite() || v == v.trunc() {
        return v;
    }
    format!("{v:.11e}").parse().unwrap_or(v)
}

/// An optional value; `–` when missing.
pub fn maybe(v: Option<f64>, unit: &str) -> String {
    v.map_or_else(|| "–".to_owned(), |v| value(v, unit))
}

/// A measurement's value, with `n/d` for ratios.
pub fn measured(m: Option<&Measurement>, unit: &str) -> String {
    match m.and_then(|m| m.value.map(|v| (v, m))) {
        Some((v, m)) => match (m.numerator, m.denominator, unit) {
            (Some(n), Some(d), "percent") => {
                format!("{} ({}/{})", value(v, unit), round(n, 0), round(d, 0))
            }
            _ => value(v, unit),
        },
        None => "–".to_owned(),
    }
}

/// A number with at most `places` decimals, trailing zeros dropped.
pub fn round(v: f64, places: usize) -> String {
    let text = format!("{v:.places$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    if text == "-0" { "0".to_owned() } else { text }
}

fn duration(seconds: f64) -> String {
    let a = seconds.abs();
    if a < 120.0 {
        format!("{} s", round(seconds, 1))
    } else if a < 7_200.0 {
        format!("{} min", round(seconds / 60.0, 1))
    } else if a < 172_800.0 {
        format!("{} h", round(seconds / 3_600.0, 1))
    } else {
        format!("{} d", round(seconds / 86_400.0, 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_numbers_ignore_the_last_bits_of_a_sum() {
        assert_eq!(stable(1_133_000.899_999_999_7), 1_133_000.9);
        assert_eq!(stable(686.667_212_121_212), stable(686.667_212_121_212_1));
        assert_eq!(stable(0.1 + 0.2), 0.3);
        assert_eq!(stable(42.0), 42.0);
        assert_eq!(stable(1.0e-20 / 3.0), 3.333_333_333_33e-21);
    }

    #[test]
    fn values_in_their_units() {
        assert_eq!(value(71.26, "percent"), "71.3%");
        assert_eq!(value(45.0, "seconds"), "45 s");
        assert_eq!(value(5400.0, "seconds"), "90 min");
        assert_eq!(value(4.0 * 3600.0, "seconds"), "4 h");
        assert_eq!(value(-3.0, "points"), "-3 pts");
        assert_eq!(value(4.456, "score"), "4.46");
        assert_eq!(maybe(None, "count"), "–");
    }
}
