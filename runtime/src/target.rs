//! Targets as numbers: bounds, the value a glide path aims at, which way is better for the
//! goal, and the glide path itself (docs/evaluation.md).

use crate::model::TargetValue;
use chrono::NaiveDate;
use goal_compiler::catalogue::{Better, find_metric};
use goal_compiler::ir::{Change, Checkpoint, MetricUse, Target, TargetKind};
use goal_compiler::units::format_number;
use goal_grammar::syntax::{ChangeDirection, Comparator};

/// Resolves `target` against a baseline value.
pub fn resolve(target: &Target, baseline: Option<f64>) -> TargetValue {
    let (low, high, strict, text) = match &target.kind {
        TargetKind::Bound { comparator, value } => {
            let (l, h, s) = bounds(*comparator, value.amount);
            (
                l,
                h,
                s,
                format!("{} {}", comparator.word(), value.display()),
            )
        }
        TargetKind::Baseline { comparator } => match baseline {
            Some(b) => {
                let (l, h, s) = bounds(*comparator, b);
                (l, h, s, format!("{} baseline", comparator.word()))
            }
            None => (None, None, false, format!("{} baseline", comparator.word())),
        },
        TargetKind::Between { low, high } => (
            Some(low.amount),
            Some(high.amount),
            false,
            format!("between {} and {}", low.display(), high.display()),
        ),
        TargetKind::Change {
            direction,
            amount,
            up_to,
        } => {
            let text = match up_to {
                Some(u) => format!(
                    "{} by {} to {}",
                    direction.word(),
                    change_text(amount),
                    change_text(u)
                ),
                None => format!("{} by {}", direction.word(), change_text(amount)),
            };
            match baseline {
                None => (None, None, false, text),
                Some(b) => {
                    let delta = |c: &Change| match c {
                        Change::Relative(p) => b * p / 100.0,
                        Change::Absolute(v) => v.amount,
                    };
                    let first = delta(amount);
                    let second = up_to.as_ref().map(delta);
                    match direction {
                        ChangeDirection::Decrease => {
                            (second.map(|s| b - s), Some(b - first), false, text)
                        }
                        ChangeDirection::Increase => {
                            (Some(b + first), second.map(|s| b + s), false, text)
                        }
                    }
                }
            }
        }
    };
    let text = match &target.threshold {
        Some(t) => format!("{text} within {}", t.display()),
        None => text,
    };
    let aim = match (low, high) {
        (Some(l), Some(h)) => Some(match baseline {
            Some(b) if b < l => l,
            Some(b) if b > h => h,
            Some(b) => b,
            None => (l + h) / 2.0,
        }),
        (Some(l), None) => Some(l),
        (None, Some(h)) => Some(h),
        (None, None) => None,
    };
    TargetValue {
        text,
        low,
        high,
        aim,
        strict,
    }
}

fn change_text(change: &Change) -> String {
    match change {
        Change::Relative(p) => format!("{}%", format_number(*p)),
        Change::Absolute(v) => v.display(),
    }
}

fn bounds(comparator: Comparator, v: f64) -> (Option<f64>, Option<f64>, bool) {
    match comparator {
        Comparator::AtLeast => (Some(v), None, false),
        Comparator::Above => (Some(v), None, true),
        Comparator::AtMost => (None, Some(v), false),
        Comparator::Below => (None, Some(v), true),
        Comparator::Exactly => (Some(v), Some(v), false),
    }
}

/// Whether `value` meets the resolved target; `None` when the target cannot be resolved.
pub fn meets(target: &TargetValue, value: f64) -> Option<bool> {
    if target.low.is_none() && target.high.is_none() {
        return None;
    }
    // Values are compared after rounding away floating-point noise (1e-9 of the unit).
    let v = (value * 1e9).round() / 1e9;
    let above = target
        .low
        .is_none_or(|l| if target.strict { v > l } else { v >= l });
    let below = target
        .high
        .is_none_or(|h| if target.strict { v < h } else { v <= h });
    Some(above && below)
}

/// Which way the goal wants the metric to move.
pub fn direction(target: &Target, metric: &MetricUse) -> Better {
    if target.threshold.is_some() {
        // A share of items within a threshold: more is better.
        return Better::Higher;
    }
    match &target.kind {
        TargetKind::Change { direction, .. } => match direction {
            ChangeDirection::Increase => Better::Higher,
            ChangeDirection::Decrease => Better::Lower,
        },
        TargetKind::Bound { comparator, .. } | TargetKind::Baseline { comparator } => {
            match comparator {
                Comparator::AtLeast | Comparator::Above => Better::Higher,
                Comparator::AtMost | Comparator::Below => Better::Lower,
                Comparator::Exactly => catalogue_better(metric),
            }
        }
        TargetKind::Between { .. } => catalogue_better(metric),
    }
}

fn catalogue_better(metric: &MetricUse) -> Better {
    find_metric(&metric.name).map_or(Better::Higher, |m| m.better)
}

/// The glide path at `day`: straight lines from the baseline (at the end of its period) through
/// each checkpoint to the aim at the deadline.
pub fn glide(
    start: Option<(NaiveDate, f64)>,
    checkpoints: &[Checkpoint],
    end: (NaiveDate, f64),
    day: NaiveDate,
) -> f64 {
    let mut points: Vec<(NaiveDate, f64)> = Vec::new();
    points.extend(start);
    points.extend(checkpoints.iter().map(|c| (c.by, c.value.amount)));
    points.push(end);
    points.sort_by_key(|(d, _)| *d);
    let Some(&(first_day, first_value)) = points.first() else {
        return end.1;
    };
    if day <= first_day {
        return first_value;
    }
    for pair in points.windows(2) {
        let ((d0, v0), (d1, v1)) = (pair[0], pair[1]);
        if day <= d1 {
            let span = (d1 - d0).num_days().max(1) as f64;
            let t = (day - d0).num_days() as f64 / span;
            return v0 + (v1 - v0) * t;
        }
    }
    end.1
}

#[cfg(test)]
mod tests {
    use super::*;
    use goal_compiler::units::{Dimension, Value};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default()
    }

    fn target(kind: TargetKind) -> Target {
        Target {
            kind,
            threshold: None,
            per_period: None,
        }
    }

    #[test]
    fn bounds_and_strictness() {
        let under = resolve(
            &target(TargetKind::Bound {
                comparator: Comparator::Below,
                value: Value::new(10.0, Dimension::Percent),
            }),
            None,
        );
        assert_eq!(meets(&under, 9.99), Some(true));
        assert_eq!(meets(&under, 10.0), Some(false));
        assert_eq!(under.text, "under 10%");
    }

    #[test]
    fn relative_change_range() {
        // Reduce by 10% to 15% from 20: between 17 and 18.
        let t = resolve(
            &target(TargetKind::Change {
                direction: ChangeDirection::Decrease,
                amount: Change::Relative(10.0),
                up_to: Some(Change::Relative(15.0)),
            }),
            Some(20.0),
        );
        assert_eq!(t.high, Some(18.0));
        assert_eq!(t.low, Some(17.0));
        assert_eq!(meets(&t, 17.5), Some(true));
        assert_eq!(meets(&t, 16.9), Some(false));
        assert_eq!(t.aim, Some(18.0));
    }

    #[test]
    fn glide_through_a_checkpoint() {
        let checkpoints = [Checkpoint {
            value: Value::new(65.0, Dimension::Percent),
            by: d(3, 31),
        }];
        // Baseline 55 at 2025-12-31 -> 65 at 2026-03-31 (90 days) -> 80 at 2026-06-30.
        let start = Some((d(1, 1) - chrono::Duration::days(1), 55.0));
        let at = |day| glide(start, &checkpoints, (d(6, 30), 80.0), day);
        assert!((at(d(2, 14)) - (55.0 + 10.0 * 45.0 / 90.0)).abs() < 1e-9);
        assert!((at(d(3, 31)) - 65.0).abs() < 1e-9);
        assert!((at(d(6, 30)) - 80.0).abs() < 1e-9);
        assert!((at(d(12, 1)) - 80.0).abs() < 1e-9);
    }
}
