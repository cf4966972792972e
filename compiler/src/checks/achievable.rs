//! A3xx: the goal is possible, not already met, and not unrealistically steep.

use crate::Options;
use crate::catalogue::Better;
use crate::diagnostic::Sink;
use crate::goal::Draft;
use crate::goal::values::domain;
use crate::ir::{Change, Target, TargetKind};
use crate::rules::Rule;
use crate::units::{Value, format_number};
use goal_grammar::Span;
use goal_grammar::syntax::{ChangeDirection, Comparator};

/// Average days per quarter.
const QUARTER_DAYS: f64 = 365.25 / 4.0;

pub(super) fn check(draft: &Draft, options: &Options, sink: &mut Sink) {
    let target_span = draft
        .clauses
        .get("target")
        .copied()
        .unwrap_or(draft.header_span());
    let relative = draft.target.as_ref().is_some_and(|t| {
        matches!(
            t.kind,
            TargetKind::Change { .. } | TargetKind::Baseline { .. }
        )
    });
    if !draft.clauses.contains_key("baseline") && !relative && !draft.broken {
        let d = sink
            .at(
                Rule::MissingBaseline,
                draft.header_span(),
                format!("goal `{}` has no baseline, so nobody can tell whether its target is realistic", draft.id),
            )
            .label("in this goal")
            .help("add `baseline <value> in <period>`, or `baseline measured over <period>` to take it from the data");
        sink.push(d);
    }
    for (guardrail, def, span) in &draft.guardrails {
        guardrail_direction(guardrail, def, *span, sink);
    }
    let (Some(target), Some(metric)) = (&draft.target, &draft.metric) else {
        return;
    };
    let better = if target.threshold.is_some() {
        Better::Higher
    } else {
        metric.def.better
    };
    let baseline = draft.baseline.as_ref().and_then(|(b, _)| b.value);
    let impossible_target = impossible(target, baseline, target_span, sink);
    if let TargetKind::Change { direction, .. } = target.kind {
        let worse = matches!(
            (direction, better),
            (ChangeDirection::Decrease, Better::Higher)
                | (ChangeDirection::Increase, Better::Lower)
        );
        if worse {
            let (verb, way) = match better {
                Better::Higher => ("reduces", "higher"),
                Better::Lower => ("increases", "lower"),
            };
            let d = sink
                .at(
                    Rule::WrongDirection,
                    target_span,
                    format!(
                        "the target {verb} `{}`, for which {way} is better",
                        metric.def.name
                    ),
                )
                .label("moves the metric the wrong way")
                .help("check the direction: a goal should move its metric toward better");
            sink.push(d);
        }
    }
    let goal_value = baseline
        .and_then(|b| target_value(target, b))
        .or_else(|| plain_target_value(target));
    let met = baseline.is_some_and(|b| already_met(target, b));
    if let (Some(b), Some((_, baseline_span))) = (baseline, &draft.baseline) {
        if met {
            let d = sink
                .at(
                    Rule::TargetAlreadyMet,
                    target_span,
                    format!("the baseline {} already meets this target", b.display()),
                )
                .label("already met")
                .with_secondary(sink.file(), *baseline_span, "baseline here")
                .help("raise the target above where the team already is, or correct the baseline");
            sink.push(d);
        }
    }
    // A target that is already met or impossible is not "too ambitious" on top of that.
    if !met && !impossible_target {
        too_ambitious(
            draft,
            target,
            baseline,
            goal_value,
            options,
            target_span,
            sink,
        );
    }
    if let (Some(b), Some(t)) = (baseline, goal_value) {
        let worse = match better {
            Better::Higher => t.amount < b.amount,
            Better::Lower => t.amount > b.amount,
        };
        if worse && !already_met(target, b) && !matches!(target.kind, TargetKind::Change { .. }) {
            let d = sink
                .at(
                    Rule::WrongDirection,
                    target_span,
                    format!(
                        "the target asks `{}` to move from {} to {}, but {} is better",
                        metric.def.name,
                        b.display(),
                        t.display(),
                        if better == Better::Higher { "higher" } else { "lower" }
                    ),
                )
                .label("moves the metric the wrong way")
                .help("check the comparator and the value: a goal should move its metric toward better");
            sink.push(d);
        }
    }
    // Checkpoints may go anywhere into a target range: compare them with its far end.
    let far_end = match (&target.kind, baseline) {
        (TargetKind::Between { low, high }, Some(b)) => {
            let low_is_nearer = (b.amount - low.amount).abs() <= (b.amount - high.amount).abs();
            Some(if low_is_nearer { *high } else { *low })
        }
        _ => goal_value,
    };
    checkpoints(draft, better, baseline, far_end, target_span, sink);
}

fn compare(value: f64, comparator: Comparator, bound: f64) -> bool {
    match comparator {
        Comparator::AtLeast => value >= bound,
        Comparator::AtMost => value <= bound,
        Comparator::Below => value < bound,
        Comparator::Above => value > bound,
        Comparator::Exactly => value == bound,
    }
}

fn already_met(target: &Target, baseline: Value) -> bool {
    match target.kind {
        TargetKind::Bound { comparator, value } => {
            compare(baseline.amount, comparator, value.amount)
        }
        TargetKind::Between { low, high } => (low.amount..=high.amount).contains(&baseline.amount),
        TargetKind::Change { .. } | TargetKind::Baseline { .. } => false,
    }
}

/// The value the target asks for, when it does not depend on the baseline.
fn plain_target_value(target: &Target) -> Option<Value> {
    match target.kind {
        TargetKind::Bound { value, .. } => Some(value),
        _ => None,
    }
}

/// The value the target asks for, given the baseline (the nearer end of a range, the smaller
/// change of a range of changes).
fn target_value(target: &Target, baseline: Value) -> Option<Value> {
    let b = baseline.amount;
    let amount = match target.kind {
        TargetKind::Bound { value, .. } => value.amount,
        TargetKind::Baseline { .. } => b,
        TargetKind::Between { low, high } => {
            if (b - low.amount).abs() <= (b - high.amount).abs() {
                low.amount
            } else {
                high.amount
            }
        }
        TargetKind::Change {
            direction, amount, ..
        } => {
            let delta = match amount {
                Change::Relative(pct) => b * pct / 100.0,
                Change::Absolute(v) => v.amount,
            };
            match direction {
                ChangeDirection::Increase => b + delta,
                ChangeDirection::Decrease => b - delta,
            }
        }
    };
    Some(Value::new(amount, baseline.dimension))
}

/// Reports targets no value can meet; true when it reported one.
fn impossible(target: &Target, baseline: Option<Value>, span: Span, sink: &mut Sink) -> bool {
    let mut reasons = Vec::new();
    if let TargetKind::Bound { comparator, value } = target.kind {
        let (low, high) = domain(value.dimension);
        if comparator == Comparator::Below && value.amount <= low {
            reasons.push(format!("no value is under {}", value.display()));
        }
        if comparator == Comparator::Above && value.amount >= high {
            reasons.push(format!("no value is above {}", value.display()));
        }
    }
    if let Some(threshold) = target.threshold {
        let needs_share = match target.kind {
            TargetKind::Bound { comparator, value } => !compare(0.0, comparator, value.amount),
            TargetKind::Between { low, .. } => low.amount > 0.0,
            _ => false,
        };
        if threshold.amount <= 0.0 && needs_share {
            reasons.push(format!(
                "no ticket can be within {}: every response takes some time",
                threshold.display()
            ));
        }
    }
    if let (Some(b), TargetKind::Change { .. }) = (baseline, &target.kind) {
        if let Some(t) = target_value(target, b) {
            let (low, high) = domain(b.dimension);
            if !(low..=high).contains(&t.amount) {
                reasons.push(format!(
                    "from the baseline {} the target would be {}, outside the possible values",
                    b.display(),
                    t.display()
                ));
            }
        }
    }
    let found = !reasons.is_empty();
    for reason in reasons {
        let d = sink
            .at(
                Rule::ImpossibleTarget,
                span,
                format!("this target can never be met: {reason}"),
            )
            .label("impossible")
            .help("choose a target some value can reach");
        sink.push(d);
    }
    found
}

fn too_ambitious(
    draft: &Draft,
    target: &Target,
    baseline: Option<Value>,
    goal_value: Option<Value>,
    options: &Options,
    span: Span,
    sink: &mut Sink,
) {
    let (Some((base, _)), Some((deadline, _))) = (&draft.baseline, draft.effective_deadline())
    else {
        return;
    };
    let relative_change = match (&target.kind, baseline, goal_value) {
        (
            TargetKind::Change {
                amount: Change::Relative(pct),
                ..
            },
            _,
            _,
        ) => *pct,
        (_, Some(b), Some(t)) if b.amount != 0.0 => {
            (t.amount - b.amount).abs() / b.amount.abs() * 100.0
        }
        _ => return,
    };
    let days = (deadline - base.period.end).num_days() as f64;
    if days <= 0.0 {
        return; // T508 reports a baseline measured after the deadline.
    }
    let quarters = (days / QUARTER_DAYS).max(1.0 / 3.0);
    let per_quarter = relative_change / quarters;
    if per_quarter > options.max_quarterly_lift {
        let d = sink
            .at(
                Rule::TooAmbitious,
                span,
                format!(
                    "the target asks for a {relative_change:.1}% change in {quarters:.1} quarters: {per_quarter:.1}% per quarter, above the bound of {}%",
                    format_number(options.max_quarterly_lift)
                ),
            )
            .label("steep")
            .help("give the goal more time or lower the target; if this pace is proven, raise the bound with --max-quarterly-lift");
        sink.push(d);
    }
}

fn checkpoints(
    draft: &Draft,
    better: Better,
    baseline: Option<Value>,
    goal_value: Option<Value>,
    target_span: Span,
    sink: &mut Sink,
) {
    if draft.checkpoints.is_empty() {
        return;
    }
    let rising = match (baseline, goal_value) {
        (Some(b), Some(t)) if b.amount != t.amount => t.amount > b.amount,
        _ => better == Better::Higher,
    };
    // Messages are only built when a step is out of order.
    enum Step<'a> {
        Baseline(Value),
        Checkpoint(&'a crate::ir::Checkpoint),
        Target(Value),
    }
    let describe = |step: &Step| match step {
        Step::Baseline(b) => format!("the baseline {}", b.display()),
        Step::Checkpoint(c) => format!("the checkpoint {} by {}", c.value.display(), c.by),
        Step::Target(t) => format!("the target {}", t.display()),
    };
    let mut steps: Vec<(f64, Step, Span)> = Vec::new();
    if let (Some(b), Some((_, span))) = (baseline, &draft.baseline) {
        steps.push((b.amount, Step::Baseline(b), *span));
    }
    for (c, span) in &draft.checkpoints {
        steps.push((c.value.amount, Step::Checkpoint(c), *span));
    }
    if let Some(t) = goal_value {
        steps.push((t.amount, Step::Target(t), target_span));
    }
    for pair in steps.windows(2) {
        let [
            (before, before_step, before_span),
            (after, after_step, after_span),
        ] = pair
        else {
            continue;
        };
        // A checkpoint must make progress; reaching the target value early is fine.
        let stalls = !matches!(after_step, Step::Target(_)) && after == before;
        let backwards = stalls
            || if rising {
                after < before
            } else {
                after > before
            };
        if backwards {
            let (before_text, after_text) = (describe(before_step), describe(after_step));
            let (at, other_span, message) = if matches!(after_step, Step::Target(_)) {
                (
                    *before_span,
                    *after_span,
                    format!("{before_text} goes beyond {after_text}"),
                )
            } else {
                (
                    *after_span,
                    *before_span,
                    if stalls {
                        format!("{after_text} makes no progress after {before_text}")
                    } else {
                        format!("{after_text} moves away from the target after {before_text}")
                    },
                )
            };
            let d = sink
                .at(Rule::CheckpointsNotMonotone, at, message)
                .label("out of step")
                .with_secondary(sink.file(), other_span, "compared with this")
                .help(format!(
                    "checkpoints must {} step by step from the baseline to the target",
                    if rising { "rise" } else { "fall" }
                ));
            sink.push(d);
            return;
        }
    }
}

/// A guardrail protects a metric from getting worse: it must hold the metric's better side
/// (`csat at least 85%`), not push it down (`csat reduce by 10%`, `csat at most 80%`).
fn guardrail_direction(
    guardrail: &crate::ir::Guardrail,
    def: &crate::catalogue::Metric,
    span: Span,
    sink: &mut Sink,
) {
    let better = if guardrail.target.threshold.is_some() {
        Better::Higher
    } else {
        def.better
    };
    let limits_better_side = match (&guardrail.target.kind, better) {
        (TargetKind::Change { direction, .. }, _) => match better {
            Better::Higher => *direction == ChangeDirection::Decrease,
            Better::Lower => *direction == ChangeDirection::Increase,
        },
        (
            TargetKind::Bound { comparator, .. } | TargetKind::Baseline { comparator },
            Better::Higher,
        ) => {
            matches!(comparator, Comparator::AtMost | Comparator::Below)
        }
        (
            TargetKind::Bound { comparator, .. } | TargetKind::Baseline { comparator },
            Better::Lower,
        ) => {
            matches!(comparator, Comparator::AtLeast | Comparator::Above)
        }
        (TargetKind::Between { .. }, _) => false,
    };
    if limits_better_side {
        let (way, example) = match better {
            Better::Higher => ("higher", format!("guardrail {} at least …", def.name)),
            Better::Lower => ("lower", format!("guardrail {} at most …", def.name)),
        };
        let d = sink
            .at(
                Rule::WrongDirection,
                span,
                format!(
                    "this guardrail pushes `{}` the wrong way: {way} is better",
                    def.name
                ),
            )
            .label("guards the wrong side")
            .help(format!(
                "a guardrail keeps the metric from getting worse: `{example}`"
            ));
        sink.push(d);
    }
}
