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
