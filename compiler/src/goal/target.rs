//! Lowers targets (of goals and guardrails): values in the metric's dimension, thresholds,
//! relative changes and per-period targets.

use super::metric::Resolved;
use super::time::period_unit;
use super::values::{check_domain, read_reading, read_value};
use crate::catalogue::Better;
use crate::diagnostic::Sink;
use crate::ir::{self, Change, TargetKind};
use crate::rules::Rule;
use crate::units::{Dimension, Reading, Value};
use goal_grammar::syntax::{BoundValue, ChangeDirection, Comparator, Quantity, Target, TargetExpr};

/// The `within` threshold of a target, if any.
pub(crate) fn threshold_of(target: &Target) -> Option<&Quantity> {
    match &target.expr {
        TargetExpr::Between { threshold, .. } | TargetExpr::Bound { threshold, .. } => {
            threshold.as_ref()
        }
        TargetExpr::Zero(_) | TargetExpr::Change { .. } => None,
    }
}

/// Lowers `target` for `metric`; `what` names it in messages ("the target", "the guardrail").
pub(crate) fn lower_target(
    target: &Target,
    metric: &Resolved,
    what: &str,
    sink: &mut Sink,
) -> Option<ir::Target> {
    let threshold_q = threshold_of(target);
    // A threshold only applies to per-item durations; elsewhere M210 has reported it already.
    let applies = metric.def.shape == crate::catalogue::Shape::PerItem
        && metric.def.dimension == Dimension::Duration;
    let threshold = match threshold_q {
        Some(q) if applies => Some(read_value(q, metric.def.dimension, "the threshold", sink)?),
        _ => None,
    };
    let dimension = metric.value_dimension(threshold.is_some());
    let per_period = match &target.per_period {
        Some(word) => Some(period_unit(word, sink)?),
        None => None,
    };
    let kind = match &target.expr {
        TargetExpr::Zero(_) => TargetKind::Bound {
            comparator: Comparator::AtMost,
            value: Value::new(0.0, dimension),
        },
        TargetExpr::Bound {
            comparator, value, ..
        } => {
            let comparator = comparator.as_ref().map_or_else(
                || default_comparator(metric.def.better, threshold.is_some()),
                |c| c.value,
            );
            match value {
                BoundValue::Baseline(_) => TargetKind::Baseline { comparator },
                BoundValue::Quantity(q) => TargetKind::Bound {
                    comparator,
                    value: read_value(q, dimension, what, sink)?,
                },
            }
        }
        TargetExpr::Between { low, high, .. } => {
            let low_value = read_value(low, dimension, what, sink);
            let high_value = read_value(high, dimension, what, sink);
            let (low_value, high_value) = (low_value?, high_value?);
            if low_value.amount > high_value.amount {
                let d = sink
                    .at(
                        Rule::ImpossibleTarget,
                        low.span.to(high.span),
                        format!(
                            "no value lies between {} and {}: the range is reversed",
                            low_value.display(),
                            high_value.display()
                        ),
                    )
                    .label("lower end is above the upper end")
                    .help("write the lower value first");
                sink.push(d);
                return None;
            }
            TargetKind::Between {
                low: low_value,
                high: high_value,
            }
        }
        TargetExpr::Change {
            direction,
            amount,
            up_to,
        } => {
            let first = change(amount, direction.value, dimension, sink);
            let second = match up_to {
                Some(q) => Some(change(q, direction.value, dimension, sink)?),
                None => None,
            };
            let first = first?;
            if let Some(second) = second {
                if !same_kind(first, second) || magnitude(second) < magnitude(first) {
                    let d = sink
                        .at(
                            Rule::ImpossibleTarget,
                            amount.span.to(up_to.as_ref().map_or(amount.span, |q| q.span)),
                            "the range of the change is empty or mixes units",
                        )
                        .label("range here")
                        .help("write the smaller change first, both in the same unit: `reduce by 10% to 15%`");
                    sink.push(d);
                    return None;
                }
            }
            TargetKind::Change {
                direction: direction.value,
                amount: first,
                up_to: second,
            }
        }
    };
    Some(ir::Target {
        kind,
        threshold,
        per_period,
    })
}

/// A bare target value means "at least" for higher-is-better metrics and for shares
/// within a threshold, "at most" otherwise.
fn default_comparator(better: Better, share: bool) -> Comparator {
    match (better, share) {
        (_, true) | (Better::Higher, false) => Comparator::AtLeast,
        (Better::Lower, false) => Comparator::AtMost,
    }
}

fn same_kind(a: Change, b: Change) -> bool {
    match (a, b) {
        (Change::Relative(_), Change::Relative(_)) => true,
        (Change::Absolute(x), Change::Absolute(y)) => x.dimension == y.dimension,
        _ => false,
    }
}

fn magnitude(change: Change) -> f64 {
    match change {
        Change::Relative(x) => x,
        Change::Absolute(v) => v.amount,
    }
}

/// Reads the size of a change: `%` is relative to the baseline; points (for percentages and
/// NPS) or the metric's own unit are absolute.
fn change(
    q: &Quantity,
    direction: ChangeDirection,
    dimension: Dimension,
    sink: &mut Sink,
) -> Option<Change> {
    let reading = read_reading(q, sink)?;
    if let Reading::Value(v) = reading {
        if v.dimension == Dimension::Percent {
            let limit = if direction == ChangeDirection::Decrease {
                100.0
            } else {
                f64::INFINITY
            };
            if v.amount <= 0.0 || v.amount > limit {
                let d = sink
                    .at(
                        Rule::OutOfDomain,
                        q.span,
                        format!("a relative change of {} is impossible", v.display()),
                    )
                    .label("outside the possible changes")
                    .help("a reduction lies between 0% and 100%; an increase is above 0%");
                sink.push(d);
                return None;
            }
            return Some(Change::Relative(v.amount));
        }
        if v.dimension == Dimension::Points
            && matches!(dimension, Dimension::Percent | Dimension::Points)
        {
            return check_domain(q, v, "the change", sink).then_some(Change::Absolute(v));
        }
    }
    read_value(q, dimension, "the change", sink).map(Change::Absolute)
}
