//! The checked goal IR: what a goal means, with names resolved, units normalised and dates
//! resolved. Only goals without errors become IR; the runtime evaluates IR only.

use crate::calendar::{DateRange, PeriodUnit};
use crate::catalogue::{Population, Statistic};
use crate::source::FileId;
use crate::units::Value;
use chrono::NaiveDate;
use goal_grammar::Span;
use goal_grammar::syntax::{ChangeDirection, Comparator, FilterOp, FloorEdge, OwnerKind};
use serde::Serialize;

/// A checked goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    /// Unique id across the project.
    pub id: String,
    /// One-sentence title.
    pub title: String,
    /// File it was declared in.
    pub file: FileId,
    /// Span of its declaration.
    pub span: Span,
    /// Span of its id in the header.
    pub id_span: Span,
    /// Who owns it.
    pub owner: Owner,
    /// Objectives it serves (all declared).
    pub objectives: Vec<String>,
    /// What is measured.
    pub metric: MetricUse,
    /// Which records count.
    pub scope: Scope,
    /// What counts as success.
    pub target: Target,
    /// Where it starts from.
    pub baseline: Option<Baseline>,
    /// Intermediate targets, in date order.
    pub checkpoints: Vec<Checkpoint>,
    /// First day, when known.
    pub start: Option<NaiveDate>,
    /// Last day.
    pub deadline: NaiveDate,
    /// The evaluation window, when given.
    pub window: Option<Window>,
    /// Per-period limits.
    pub floors: Vec<Floor>,
    /// Review cadence.
    pub review: Option<Cadence>,
    /// Metrics that must hold meanwhile.
    pub guardrails: Vec<Guardrail>,
    /// Initiatives and resources behind the goal.
    pub initiatives: Vec<String>,
    /// The schedule (business hours) the goal is measured in.
    pub schedule: Option<String>,
}

/// Who owns a goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Owner {
    /// Team or person, when stated.
    pub kind: Option<OwnerKind>,
    /// The name.
    pub name: String,
}

/// A metric with its statistic and parameter values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricUse {
    /// The catalogue name.
    pub name: String,
    /// The records it is computed from.
    pub population: Population,
    /// For per-item metrics measured by a statistic.
    pub statistic: Option<Statistic>,
    /// Every parameter, defaults filled in, in catalogue order.
    pub params: Vec<(String, Value)>,
}

/// Which records count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Scope {
    /// Every record of the population.
    All(Population),
    /// Records passing the filter.
    Filter(Filter),
}

/// A boolean filter over fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Filter {
    /// All must hold.
    And(Vec<Filter>),
    /// One must hold.
    Or(Vec<Filter>),
    /// Must not hold.
    Not(Box<Filter>),
    /// `field op values`
    Condition {
        /// The canonical field.
        field: &'static str,
        /// The operator.
        op: FilterOp,
        /// The values compared with.
        values: Vec<String>,
    },
}

/// What counts as success.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// The condition.
    pub kind: TargetKind,
    /// For a share of items: the per-item threshold (`within 60 seconds`).
    pub threshold: Option<Value>,
    /// When set, the target applies to every period of this unit on its own.
    pub per_period: Option<PeriodUnit>,
}

/// The conditions a target can state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TargetKind {
    /// Compare with a value (`zero` is `at most 0`).
    Bound {
        /// How to compare.
        comparator: Comparator,
        /// With what.
        value: Value,
    },
    /// Compare with the baseline (`at least baseline`).
    Baseline {
        /// How to compare.
        comparator: Comparator,
    },
    /// Lie within `low..=high`.
    Between {
        /// Lower end.
        low: Value,
        /// Upper end.
        high: Value,
    },
    /// Move from the baseline by an amount.
    Change {
        /// Which way.
        direction: ChangeDirection,
        /// By how much at least.
        amount: Change,
        /// By how much at most, for a range.
        up_to: Option<Change>,
    },
}

/// The size of a change.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Change {
    /// A percentage of the baseline value (`by 15%`).
    Relative(f64),
    /// An absolute amount in the metric's dimension or in points (`by 10 points`).
    Absolute(Value),
}

/// Where a goal starts from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    /// The value, unless it is measured from data.
    pub value: Option<Value>,
    /// When it was (or is to be) measured.
    pub period: DateRange,
}

/// An intermediate target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checkpoint {
    /// The value to reach.
    pub value: Value,
    /// By when.
    pub by: NaiveDate,
}

/// The evaluation window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    /// Evaluate period by period in this unit.
    pub each: Option<PeriodUnit>,
    /// The days covered.
    pub range: DateRange,
}

/// A per-period floor or ceiling.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Floor {
    /// The period unit.
    pub period: PeriodUnit,
    /// Floor (`below`) or ceiling (`above`).
    pub edge: FloorEdge,
    /// The limit.
    pub value: Value,
}

/// Whether a per-period limit keeps values up or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FloorEdgeKind {
    /// `no month below X`: every period at least X.
    Floor,
    /// `no week above X`: every period at most X.
    Ceiling,
}

/// How often the goal is reviewed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cadence {
    /// Average days between reviews.
    pub days: f64,
    /// Shortest days between two reviews (28 for monthly).
    pub shortest_days: f64,
    /// As written.
    pub text: String,
}

/// A metric that must hold while the goal is pursued.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guardrail {
    /// The guarded metric.
    pub metric: MetricUse,
    /// Its condition.
    pub target: Target,
}
