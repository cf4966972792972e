//! A semantic diff of two versions of a project's goals, for reviewers: goals added or
//! removed, targets raised or lowered, deadlines moved, scopes narrowed, guardrails removed —
//! the changes a pull request reviewer must notice.

use crate::ir::{Change as Amount, Filter, Goal, Scope, Target, TargetKind};
use goal_grammar::syntax::{Comparator, FilterOp};
use serde::Serialize;

/// One difference between the base and the head version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The goal's id.
    pub goal: String,
    /// What changed.
    pub kind: ChangeKind,
    /// The value before, in goal syntax (empty for an added goal).
    pub before: String,
    /// The value after, in goal syntax (empty for a removed goal).
    pub after: String,
}

/// The kinds of change a reviewer is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A goal that only the head has.
    Added,
    /// A goal that only the base has.
    Removed,
    /// The target asks for less.
    TargetLowered,
    /// The target asks for more.
    TargetRaised,
    /// The target changed in a way that is neither simply lower nor higher.
    TargetChanged,
    /// The deadline moved later.
    DeadlinePostponed,
    /// The deadline moved earlier.
    DeadlineBroughtForward,
    /// The scope went from all records to a filter.
    ScopeNarrowed,
    /// The scope went from a filter to all records.
    ScopeBroadened,
    /// The scope's filter changed.
    ScopeChanged,
    /// The goal measures another metric.
    MetricChanged,
    /// A guardrail was dropped.
    GuardrailRemoved,
    /// A guardrail was added.
    GuardrailAdded,
    /// Someone else owns the goal.
    OwnerChanged,
    /// The baseline changed.
    BaselineChanged,
}

impl ChangeKind {
    /// Words for people.
    pub fn describe(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::TargetLowered => "target lowered",
            ChangeKind::TargetRaised => "target raised",
            ChangeKind::TargetChanged => "target changed",
            ChangeKind::DeadlinePostponed => "deadline postponed",
            ChangeKind::DeadlineBroughtForward => "deadline brought forward",
            ChangeKind::ScopeNarrowed => "scope narrowed",
            ChangeKind::ScopeBroadened => "scope broadened",
            ChangeKind::ScopeChanged => "scope changed",
            ChangeKind::MetricChanged => "metric changed",
            ChangeKind::GuardrailRemoved => "guardrail removed",
            ChangeKind::GuardrailAdded => "guardrail added",
            ChangeKind::OwnerChanged => "owner changed",
            ChangeKind::BaselineChanged => "baseline changed",
        }
    }

    /// True for the changes that make a goal easier or less protected: a reviewer should look.
    pub fn needs_attention(self) -> bool {
        matches!(
            self,
            ChangeKind::Removed
                | ChangeKind::TargetLowered
                | ChangeKind::DeadlinePostponed
                | ChangeKind::ScopeNarrowed
                | ChangeKind::ScopeChanged
                | ChangeKind::GuardrailRemoved
                | ChangeKind::BaselineChanged
        )
    }
}

/// The differences from `base` to `head`, goal by goal in id order.
pub fn diff(base: &[Goal], head: &[Goal]) -> Vec<Change> {
    let mut ids: Vec<&str> = base.iter().chain(head).map(|g| g.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut changes = Vec::new();
    for id in ids {
        let before = base.iter().find(|g| g.id == id);
        let after = head.iter().find(|g| g.id == id);
        let change = |kind, before: String, after: String| Change {
            goal: id.to_owned(),
            kind,
            before,
            after,
        };
        match (before, after) {
            (None, Some(g)) => {
                changes.push(change(ChangeKind::Added, String::new(), g.title.clone()))
            }
            (Some(g), None) => {
                changes.push(change(ChangeKind::Removed, g.title.clone(), String::new()))
            }
            (Some(b), Some(h)) => {
                if b.metric != h.metric {
                    changes.push(change(
                        ChangeKind::MetricChanged,
                        b.metric.name.clone(),
                        h.metric.name.clone(),
                    ));
                }
                if b.target != h.target {
                    let kind = target_change(&b.target, &h.target);
                    changes.push(change(kind, target_text(&b.target), target_text(&h.target)));
                }
                if b.deadline != h.deadline {
                    let kind = if h.deadline > b.deadline {
                        ChangeKind::DeadlinePostponed
                    } else {
                        ChangeKind::DeadlineBroughtForward
                    };
                    changes.push(change(kind, b.deadline.to_string(), h.deadline.to_string()));
                }
                if b.scope != h.scope {
                    let kind = match (&b.scope, &h.scope) {
                        (Scope::All(_), Scope::Filter(_)) => ChangeKind::ScopeNarrowed,
                        (Scope::Filter(_), Scope::All(_)) => ChangeKind::ScopeBroadened,
                        (Scope::Filter(old), Scope::Filter(new)) if narrower(new, old) => {
                            ChangeKind::ScopeNarrowed
                        }
                        (Scope::Filter(old), Scope::Filter(new)) if narrower(old, new) => {
                            ChangeKind::ScopeBroadened
                        }
                        _ => ChangeKind::ScopeChanged,
                    };
                    changes.push(change(kind, scope_text(&b.scope), scope_text(&h.scope)));
                }
                let guardrail = |g: &crate::ir::Guardrail| {
                    format!("{} {}", g.metric.name, target_text(&g.target))
                };
                for g in b.guardrails.iter().filter(|g| !h.guardrails.contains(g)) {
                    changes.push(change(
                        ChangeKind::GuardrailRemoved,
                        guardrail(g),
                        String::new(),
                    ));
                }
                for g in h.guardrails.iter().filter(|g| !b.guardrails.contains(g)) {
                    changes.push(change(
                        ChangeKind::GuardrailAdded,
                        String::new(),
                        guardrail(g),
                    ));
                }
                if b.owner != h.owner {
                    changes.push(change(
                        ChangeKind::OwnerChanged,
                        b.owner.name.clone(),
                        h.owner.name.clone(),
                    ));
                }
                if b.baseline != h.baseline {
                    let text = |g: &Goal| {
                        g.baseline.as_ref().map_or_else(String::new, |bl| {
                            let value = bl
                                .value
                                .map_or_else(|| "measured".to_owned(), |v| v.display());
                            format!("{value} in {} to {}", bl.period.start, bl.period.end)
                        })
                    };
                    changes.push(change(ChangeKind::BaselineChanged, text(b), text(h)));
                }
            }
            (None, None) => {}
        }
    }
    changes
}

/// True when `narrow` certainly selects a subset of what `wide` selects: it adds conditions
/// with `and`, or keeps fewer values of the same `is`/`in` condition.
fn narrower(narrow: &Filter, wide: &Filter) -> bool {
    let parts = |f: &Filter| match f {
        Filter::And(parts) => parts.clone(),
        other => vec![other.clone()],
    };
    let (narrow_parts, wide_parts) = (parts(narrow), parts(wide));
    if narrow_parts.len() > wide_parts.len() && wide_parts.iter().all(|w| narrow_parts.contains(w))
    {
        return true;
    }
    let values = |f: &Filter| match f {
        Filter::Condition {
            field,
            op: FilterOp::Is | FilterOp::In,
            values,
        } => Some((*field, values.clone())),
        _ => None,
    };
    match (values(narrow), values(wide)) {
        (Some((f1, v1)), Some((f2, v2))) => {
            f1 == f2 && v1.len() < v2.len() && v1.iter().all(|v| v2.contains(v))
        }
        _ => false,
    }
}

/// Whether a target asks for less or more, when the two are comparable.
fn target_change(before: &Target, after: &Target) -> ChangeKind {
    if before.threshold != after.threshold || before.per_period != after.per_period {
        return ChangeKind::TargetChanged;
    }
    let higher_wanted = |c: Comparator| matches!(c, Comparator::AtLeast | Comparator::Above);
    let lower_wanted = |c: Comparator| matches!(c, Comparator::AtMost | Comparator::Below);
    match (&before.kind, &after.kind) {
        (
            TargetKind::Bound {
                comparator: c1,
                value: v1,
            },
            TargetKind::Bound {
                comparator: c2,
                value: v2,
            },
        ) if v1.dimension == v2.dimension => {
            if higher_wanted(*c1) && higher_wanted(*c2) {
                easier_if(v2.amount < v1.amount, v2.amount > v1.amount)
            } else if lower_wanted(*c1) && lower_wanted(*c2) {
                easier_if(v2.amount > v1.amount, v2.amount < v1.amount)
            } else {
                ChangeKind::TargetChanged
            }
        }
        (
            TargetKind::Change {
                direction: d1,
                amount: a1,
                ..
            },
            TargetKind::Change {
                direction: d2,
                amount: a2,
                ..
            },
        ) if d1 == d2 => match (a1, a2) {
            (Amount::Relative(x), Amount::Relative(y)) => easier_if(y < x, y > x),
            (Amount::Absolute(x), Amount::Absolute(y)) if x.dimension == y.dimension => {
                easier_if(y.amount < x.amount, y.amount > x.amount)
            }
            _ => ChangeKind::TargetChanged,
        },
        _ => ChangeKind::TargetChanged,
    }
}

fn easier_if(easier: bool, harder: bool) -> ChangeKind {
    if easier {
        ChangeKind::TargetLowered
    } else if harder {
        ChangeKind::TargetRaised
    } else {
        ChangeKind::TargetChanged
    }
}

/// A target in goal syntax.
pub fn target_text(target: &Target) -> String {
    let comparator = Comparator::word;
    let amount = |a: &Amount| match a {
        Amount::Relative(x) => format!("{}%", crate::units::format_number(*x)),
        Amount::Absolute(v) => v.display(),
    };
    let mut text = match &target.kind {
        TargetKind::Bound {
            comparator: c,
            value,
        } => format!("{} {}", comparator(*c), value.display()),
        TargetKind::Baseline { comparator: c } => format!("{} baseline", comparator(*c)),
        TargetKind::Between { low, high } => {
            format!("between {} and {}", low.display(), high.display())
        }
        TargetKind::Change {
            direction,
            amount: a,
            up_to,
        } => {
            let verb = direction.word();
            match up_to {
                Some(b) => format!("{verb} by {} to {}", amount(a), amount(b)),
                None => format!("{verb} by {}", amount(a)),
            }
        }
    };
    if let Some(threshold) = &target.threshold {
        text.push_str(&format!(" within {}", threshold.display()));
    }
    if let Some(period) = target.per_period {
        text.push_str(&format!(" each {}", period.word()));
    }
    text
}

/// A scope in goal syntax.
pub fn scope_text(scope: &Scope) -> String {
    match scope {
        Scope::All(population) => format!("all {}", population.word()),
        Scope::Filter(filter) => filter_text(filter),
    }
}

fn filter_text(filter: &Filter) -> String {
    match filter {
        Filter::And(parts) => parts
            .iter()
            .map(|p| group(p, true))
            .collect::<Vec<_>>()
            .join(" and "),
        Filter::Or(parts) => parts
            .iter()
            .map(|p| group(p, false))
            .collect::<Vec<_>>()
            .join(" or "),
        Filter::Not(inner) => format!("not {}", group(inner, true)),
        Filter::Condition { field, op, values } => {
            let op = op.word();
            let values = if values.len() == 1 && !matches!(op, "in" | "not in") {
                values[0].clone()
            } else {
                format!("({})", values.join(", "))
            };
            format!("{field} {op} {values}")
        }
    }
}

/// A part of an `and` (or of a `not`), in parentheses when it is itself a combination.
fn group(filter: &Filter, tight: bool) -> String {
    let text = filter_text(filter);
    if tight && matches!(filter, Filter::And(_) | Filter::Or(_)) {
        format!("({text})")
    } else {
        text
    }
}
