//! P6xx: checks across all the goals of a project — too many goals for one owner, speed goals
//! with nothing guarding quality, goals that contradict each other, per-period limits that
//! decide the target on their own. They run on the goals without errors (the IR).

use crate::Options;
use crate::catalogue::{self, Category};
use crate::diagnostic::Sink;
use crate::ir::{FloorEdgeKind, Goal, Target, TargetKind};
use crate::rules::Rule;
use chrono::{Datelike, NaiveDate};
use goal_grammar::syntax::{Comparator, FloorEdge};
use std::collections::BTreeMap;

/// Runs every portfolio check; `sinks` are indexed by file id.
pub(crate) fn check(goals: &[Goal], options: &Options, sinks: &mut [Sink]) {
    too_many_goals(goals, options.max_goals_per_owner, sinks);
    speed_without_quality(goals, sinks);
    conflicting_targets(goals, sinks);
    for goal in goals {
        floor_against_target(goal, sinks);
    }
}

fn sink<'a>(sinks: &'a mut [Sink], goal: &Goal) -> Option<&'a mut Sink> {
    sinks.get_mut(goal.file.0)
}

/// The first day the goal is worked on: its start, the day after its baseline period, or its
/// deadline.
fn first_day(goal: &Goal) -> NaiveDate {
    goal.start
        .or_else(|| goal.baseline.as_ref().and_then(|b| b.period.end.succ_opt()))
        .unwrap_or(goal.deadline)
        .min(goal.deadline)
}

fn quarter_index(day: NaiveDate) -> i32 {
    day.year() * 4 + (day.month0() / 3) as i32
}

fn quarter_name(index: i32) -> String {
    format!("Q{} {}", index.rem_euclid(4) + 1, index.div_euclid(4))
}

fn too_many_goals(goals: &[Goal], limit: usize, sinks: &mut [Sink]) {
    let mut by_owner: BTreeMap<String, Vec<&Goal>> = BTreeMap::new();
    for goal in goals {
        by_owner
            .entry(goal.owner.name.to_lowercase())
            .or_default()
            .push(goal);
    }
    for owned in by_owner.values() {
        let Some(quarter) = busiest_quarter(owned) else {
            continue;
        };
        let busiest: Vec<&Goal> = owned
            .iter()
            .copied()
            .filter(|g| {
                (quarter_index(first_day(g))..=quarter_index(g.deadline)).contains(&quarter)
            })
            .collect();
        let Some(over) = busiest.get(limit).copied() else {
            continue;
        };
        let owner = &over.owner.name;
        if let Some(sink) = sink(sinks, over) {
            let d = sink
                .at(
                    Rule::TooManyGoals,
                    over.id_span,
                    format!(
                        "`{owner}` owns {} goals active in {}; the limit is {limit}",
                        busiest.len(),
                        quarter_name(quarter)
                    ),
                )
                .label("one goal too many")
                .help("focus on three to five goals a quarter: merge, drop or reschedule some, or raise `max-goals-per-owner` in goal.toml");
            sink.push(d);
        }
    }
}

/// The quarter in which most of `goals` are active (the latest of several), found by a sweep
/// over their first and last quarters: a goal may span thousands of quarters, so they are
/// never listed one by one.
fn busiest_quarter(goals: &[&Goal]) -> Option<i32> {
    let mut events: Vec<(i32, i64)> = goals
        .iter()
        .flat_map(|g| {
            [
                (quarter_index(first_day(g)), 1),
                (quarter_index(g.deadline) + 1, -1),
            ]
        })
        .collect();
    events.sort_unstable();
    let (mut active, mut most, mut busiest) = (0, 0, None);
    for (i, (at, change)) in events.iter().enumerate() {
        active += change;
        // The count holds from this point to the next one; a tie goes to the later quarter.
        match events.get(i + 1) {
            Some((next, _)) if next != at && active > 0 && active >= most => {
                most = active;
                busiest = Some(next - 1);
            }
            _ => {}
        }
    }
    busiest
}

fn category(goal: &Goal) -> Option<Category> {
    catalogue::find_metric(&goal.metric.name).map(|m| m.category)
}

fn speed_without_quality(goals: &[Goal], sinks: &mut [Sink]) {
    // The scopes some quality goal covers, looked up per speed goal.
    let quality_scopes: std::collections::BTreeSet<String> = goals
        .iter()
        .filter(|g| category(g) == Some(Category::Quality))
        .map(|g| format!("{:?}", g.scope))
        .collect();
    for goal in goals {
        if category(goal) != Some(Category::Speed) || !goal.guardrails.is_empty() {
            continue;
        }
        if !quality_scopes.contains(&format!("{:?}", goal.scope)) {
            if let Some(sink) = sink(sinks, goal) {
                let d = sink
                    .at(
                        Rule::SpeedWithoutQuality,
                        goal.id_span,
                        format!(
                            "nothing in the project guards quality for the tickets of the speed goal `{}`",
                            goal.id
                        ),
                    )
                    .label("speed goal without a counterweight")
                    .help("add a quality guardrail to this goal, or a quality goal (csat, first_contact_resolution, …) with the same scope");
                sink.push(d);
            }
        }
    }
}

/// The values a target accepts, as a closed interval (open ends are nudged inward).
fn accepted(target: &Target) -> Option<(f64, f64)> {
    const NUDGE: f64 = 1e-9;
    Some(match &target.kind {
        TargetKind::Bound { comparator, value } => {
            let v = value.amount;
            match comparator {
                Comparator::AtLeast => (v, f64::INFINITY),
                Comparator::Above => (v + NUDGE, f64::INFINITY),
                Comparator::AtMost => (f64::NEG_INFINITY, v),
                Comparator::Below => (f64::NEG_INFINITY, v - NUDGE),
                Comparator::Exactly => (v, v),
            }
        }
        TargetKind::Between { low, high } => (low.amount, high.amount),
        TargetKind::Change { .. } | TargetKind::Baseline { .. } => return None,
    })
}

fn conflicting_targets(goals: &[Goal], sinks: &mut [Sink]) {
    // Only goals on the same metric, scope and threshold can conflict: group them first, so a
    // large project is not compared pair by pair.
    let mut groups: BTreeMap<String, Vec<&Goal>> = BTreeMap::new();
    for goal in goals {
        let key = format!("{:?}", (&goal.metric, &goal.scope, &goal.target.threshold));
        groups.entry(key).or_default().push(goal);
    }
    for group in groups.values() {
        for (i, later) in group.iter().enumerate() {
            for earlier in &group[..i] {
                let overlap =
                    first_day(earlier) <= later.deadline && first_day(later) <= earlier.deadline;
                // One report per goal: a goal at odds with many others would flood the output.
                if overlap && conflict(earlier, later, sinks) {
                    break;
                }
            }
        }
    }
}

/// Reports `later` when no value meets both its target and `earlier`'s; true if it did.
fn conflict(earlier: &Goal, later: &Goal, sinks: &mut [Sink]) -> bool {
    let (Some(a), Some(b)) = (accepted(&earlier.target), accepted(&later.target)) else {
        return false;
    };
    if a.0.max(b.0) <= a.1.min(b.1) {
        return false;
    }
    let (earlier_file, earlier_span) = (earlier.file, earlier.id_span);
    if let Some(sink) = sink(sinks, later) {
        let d = sink
            .at(
                Rule::ConflictingTargets,
                later.id_span,
                format!(
                    "goals `{}` and `{}` measure the same metric on the same tickets at the same time, but no value meets both targets",
                    earlier.id, later.id
                ),
            )
            .label("this goal")
            .with_secondary(earlier_file, earlier_span, "conflicts with this goal")
            .help("align the two targets, or give the goals different scopes or periods");
        sink.push(d);
    }
    true
}

fn floor_against_target(goal: &Goal, sinks: &mut [Sink]) {
    let TargetKind::Bound { comparator, value } = &goal.target.kind else {
        return;
    };
    let x = value.amount;
    for floor in &goal.floors {
        let f = floor.value.amount;
        let (wants_high, wants_low) = (
            matches!(comparator, Comparator::AtLeast | Comparator::Above),
            matches!(comparator, Comparator::AtMost | Comparator::Below),
        );
        let verdict = match FloorEdgeKind::from(floor.edge) {
            FloorEdgeKind::Floor if wants_high && f >= x => {
                Some("trivial: every period at or above the floor already meets it")
            }
            FloorEdgeKind::Floor if wants_low && f > x => {
                Some("impossible: every period must stay above the target")
            }
            FloorEdgeKind::Ceiling if wants_low && f <= x => {
                Some("trivial: every period at or below the ceiling already meets it")
            }
            FloorEdgeKind::Ceiling if wants_high && f < x => {
                Some("impossible: every period must stay below the target")
            }
            _ => None,
        };
        if let (Some(verdict), Some(sink)) = (verdict, sink(sinks, goal)) {
            let d = sink
                .at(
                    Rule::FloorAgainstTarget,
                    goal.id_span,
                    format!(
                        "the limit of {} per {} makes the target of `{}` {verdict}",
                        floor.value.display(),
                        floor.period.word(),
                        goal.id
                    ),
                )
                .label("in this goal")
                .help("set the per-period limit on the other side of the target: a floor below an `at least` target, a ceiling above an `at most` one");
            sink.push(d);
        }
    }
}

impl From<FloorEdge> for FloorEdgeKind {
    fn from(edge: FloorEdge) -> Self {
        match edge {
            FloorEdge::Below => FloorEdgeKind::Floor,
            FloorEdge::Above => FloorEdgeKind::Ceiling,
        }
    }
}
