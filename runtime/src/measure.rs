//! Metrics as measures: which records count, the day each record belongs to, and what is
//! aggregated. Every definition here is written out in docs/metrics.md ("Computation").

use crate::scope;
use goal_compiler::catalogue::{Population, Statistic};
use goal_compiler::ir::{MetricUse, Scope, Target};
use goal_compiler::units::Value;
use polars::prelude::*;

/// The timestamp that places a record in a day (and so in a period).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DateKey {
    /// `created_at`.
    Created,
    /// `solved_at`.
    Solved,
    /// `csat_rated_at`.
    Rated,
    /// `reviewed_at` (QA reviews).
    Reviewed,
}

impl DateKey {
    /// The canonical column.
    pub fn column(self) -> &'static str {
        match self {
            DateKey::Created => "created_at",
            DateKey::Solved => "solved_at",
            DateKey::Rated => "csat_rated_at",
            DateKey::Reviewed => "reviewed_at",
        }
    }
}

/// What is aggregated over the records of a range.
#[derive(Debug, Clone)]
pub enum Kind {
    /// `scale × sum(value) / count`: shares (value 0 or 1), means, NPS (value -1, 0 or 1).
    Share {
        /// Per record: a number, or a condition (counted as 1 when true) if `condition`.
        value: Expr,
        /// True when `value` is a condition: summed as a count, with no numbers made.
        condition: bool,
        /// 100 for percentages and points, 1 for means.
        scale: f64,
    },
    /// The number of records.
    Count,
    /// The smallest or largest value.
    Extreme {
        /// Per record.
        value: Expr,
        /// Largest when true.
        max: bool,
    },
    /// A percentile of the values (linear interpolation).
    Quantile {
        /// Per record.
        value: Expr,
        /// 0.5 for the median.
        q: f64,
    },
    /// Open tickets at the end of the range: their age (a per-item statistic or a share within
    /// a threshold).
    Backlog {
        /// How the ages are summarised.
        stat: Summary,
    },
    /// A metric over the most frequent topics.
    TopTopics {
        /// Which one.
        what: TopicMetric,
        /// How many topics.
        n: usize,
    },
    /// Coefficient of variation of the agents' mean QA scores.
    AgentSpread,
    /// Share of direct reports with a 1:1 in the range (meetings and staff tables).
    OneOnOneCoverage,
    /// Voluntary leavers over the average headcount (staff table).
    Turnover,
}

/// How per-item values are summarised where they are not decomposable by day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Summary {
    /// A statistic.
    Stat(Statistic),
    /// The percentage of values at or under a threshold.
    Within(f64),
}

/// Metrics over the most frequent topics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicMetric {
    /// Share of their tickets answered with the approved response.
    Consistency,
    /// Their number of tickets.
    Volume,
    /// Share of them whose latest ticket says a help-center article exists.
    Coverage,
}

/// A metric made concrete for one goal (or guardrail): the records it counts and what it
/// aggregates.
#[derive(Debug, Clone)]
pub struct Measure {
    /// The table read.
    pub population: Population,
    /// The day a record belongs to (ticket and QA review metrics).
    pub date: DateKey,
    /// The records that count: scope, population rules and metric eligibility.
    pub filter: Expr,
    /// The aggregation.
    pub kind: Kind,
    /// Repeat-contact window in seconds, when the measure reads `_repeat` (a derived column).
    pub repeat_window: Option<i64>,
}

impl Measure {
    /// True when records are placed in periods by a date key (ticket and QA review metrics;
    /// not the staff and meeting measures, which read their tables whole).
    pub fn dated(&self) -> bool {
        !matches!(self.kind, Kind::OneOnOneCoverage | Kind::Turnover)
    }

    /// True when the value over a range can be summed from per-day partial aggregates.
    pub fn by_day(&self) -> bool {
        matches!(
            self.kind,
            Kind::Share { .. } | Kind::Count | Kind::Extreme { .. }
        )
    }
}

/// Seconds from one timestamp column to another.
pub fn seconds_between(from: &str, to: &str) -> Expr {
    (col(to).dt().timestamp(TimeUnit::Microseconds)
        - col(from).dt().timestamp(TimeUnit::Microseconds))
    .cast(DataType::Float64)
        / lit(1e6)
}

fn flag(column: &str) -> Expr {
    col(column).fill_null(lit(false))
}

fn present(column: &str) -> Expr {
    col(column).is_not_null()
}

fn as_number(e: Expr) -> Expr {
    e.cast(DataType::Float64)
}

/// The column name of the repeat-contact flag for a window.
pub fn repeat_column(window: i64) -> String {
    format!("_repeat_{window}")
}

/// The measure of `metric` under `scope` with `target`'s threshold, or why the runtime cannot
/// evaluate it.
pub fn measure(metric: &MetricUse, scope: &Scope, target: &Target) -> Result<Measure, String> {
    let threshold = target.threshold.map(|v: Value| v.amount);
    let param = |name: &str| {
        metric
            .params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.amount)
    };
    let not_self_service = flag("self_service").not();
    let mut date = DateKey::Created;
    let mut repeat_window = None;
    let per_item = |value: Expr, eligible: Expr, misses_count: bool| -> (Expr, Kind) {
        match (threshold, metric.statistic) {
            (Some(t), _) => {
                let within = value.clone().lt_eq(lit(t)).fill_null(lit(false));
                let filter = if misses_count {
                    eligible
                } else {
                    eligible.and(value.is_not_null())
                };
                (
                    filter,
                    Kind::Share {
                        value: within,
                        condition: true,
                        scale: 100.0,
                    },
                )
            }
            (None, Some(stat)) => {
                let filter = eligible.and(value.clone().is_not_null());
                let kind = match stat {
                    Statistic::Mean => Kind::Share {
                        value,
                        condition: false,
                        scale: 1.0,
                    },
                    Statistic::Min => Kind::Extreme { value, max: false },
                    Statistic::Max => Kind::Extreme { value, max: true },
                    Statistic::Median => Kind::Quantile { value, q: 0.5 },
                    Statistic::Percentile(p) => Kind::Quantile {
                        value,
                        q: f64::from(p) / 100.0,
                    },
                };
                (filter, kind)
            }
            (None, None) => (
                eligible.and(value.clone().is_not_null()),
                Kind::Share {
                    value,
                    condition: false,
                    scale: 1.0,
                },
            ),
        }
    };
    let share = |condition: Expr, eligible: Expr| {
        (
            eligible,
            Kind::Share {
                value: condition.fill_null(lit(false)),
                condition: true,
                scale: 100.0,
            },
        )
    };
    let ticket = not_self_service.clone();
    let (filter, kind) = match metric.name.as_str() {
        "first_response_time" => per_item(
            seconds_between("created_at", "first_response_at"),
            ticket,
            true,
        ),
        "resolution_time" => {
            date = DateKey::Solved;
            per_item(
                seconds_between("created_at", "solved_at"),
                ticket.and(present("solved_at")),
                false,
            )
        }
        "handle_time" => per_item(col("handle_seconds"), ticket, false),
        "csat_score" => {
            date = DateKey::Solved;
            per_item(
                as_number(col("csat")),
                ticket.and(present("solved_at")),
                false,
            )
        }
        "ces_score" => {
            date = DateKey::Solved;
            per_item(
                as_number(col("ces")),
                ticket.and(present("solved_at")),
                false,
            )
        }
        "qa_score" => per_item(col("qa_score"), ticket, false),
        "csat_follow_up_time" => {
            date = DateKey::Rated;
            per_item(
                seconds_between("csat_rated_at", "csat_followed_up_at"),
                ticket.and(present("csat_rated_at")),
                true,
            )
        }
        "backlog_age" => {
            let stat = match (threshold, metric.statistic) {
                (Some(t), _) => Summary::Within(t),
                (None, Some(s)) => Summary::Stat(s),
                (None, None) => Summary::Stat(Statistic::Mean),
            };
            (ticket, Kind::Backlog { stat })
        }
        "first_contact_resolution" => {
            date = DateKey::Solved;
            share(
                col("agent_replies")
                    .eq(lit(1.0))
                    .and(col("reopens").fill_null(lit(0.0)).eq(lit(0.0))),
                ticket
                    .and(present("solved_at"))
                    .and(present("agent_replies")),
            )
        }
        "csat" => {
            date = DateKey::Solved;
            share(
                col("csat").gt_eq(lit(4.0)),
                ticket.and(present("solved_at")).and(present("csat")),
            )
        }
        "nps" => {
            date = DateKey::Solved;
            let score = col("nps");
            let value = when(score.clone().gt_eq(lit(9.0)))
                .then(lit(1.0))
                .when(score.clone().lt_eq(lit(6.0)))
                .then(lit(-1.0))
                .otherwise(lit(0.0));
            (
                ticket.and(present("solved_at")).and(present("nps")),
                Kind::Share {
                    value,
                    condition: false,
                    scale: 100.0,
                },
            )
        }
        "qa_score_variation" => (
            ticket.and(present("qa_score")).and(present("agent")),
            Kind::AgentSpread,
        ),
        "tickets_past_sla" => {
            let multiple = param("multiple").unwrap_or(1.0);
            // Open longer than the multiple: solved late, or still open at the as-of instant
            // (`_as_of` is a literal column added by the plan).
            let solved_by_then = present("solved_at").and(col("solved_at").lt_eq(col("_as_of")));
            let end = when(solved_by_then)
                .then(col("solved_at"))
                .otherwise(col("_as_of"));
            let open_seconds = (end.dt().timestamp(TimeUnit::Microseconds)
                - col("created_at").dt().timestamp(TimeUnit::Microseconds))
            .cast(DataType::Float64)
                / lit(1e6);
            (
                ticket
                    .and(present("sla_seconds"))
                    .and(open_seconds.gt(col("sla_seconds") * lit(multiple))),
                Kind::Count,
            )
        }
        "self_service_resolution" => share(
            flag("self_service_resolved"),
            flag("self_service").and(present("self_service_resolved")),
        ),
        "escalation_rate" => share(flag("escalated"), ticket.and(present("escalated"))),
        "transfer_rate" => share(flag("transferred"), ticket.and(present("transferred"))),
        "tagging_accuracy" => share(
            col("initial_topic").eq(col("topic")),
            ticket.and(present("initial_topic")).and(present("topic")),
        ),
        "positive_reviews" => (ticket.and(flag("positive_review")), Kind::Count),
        "repeat_contact_rate" => {
            let window = param("window").unwrap_or(7.0 * 86_400.0).round() as i64;
            repeat_window = Some(window);
            let column = repeat_column(window);
            // Tickets whose window runs past the as-of instant cannot be judged yet.
            let observable = (col("_as_of").dt().timestamp(TimeUnit::Microseconds)
                - col("created_at").dt().timestamp(TimeUnit::Microseconds))
            .gt_eq(lit(window * 1_000_000));
            share(flag(&column), ticket.and(observable))
        }
        "kb_usage" => share(flag("kb_linked"), ticket.and(present("kb_linked"))),
        "response_consistency" => (
            ticket.and(present("topic")),
            Kind::TopTopics {
                what: TopicMetric::Consistency,
                n: param("top_topics").unwrap_or(50.0) as usize,
            },
        ),
        "ticket_volume" => match param("top_topics").unwrap_or(0.0) as usize {
            0 => (ticket, Kind::Count),
            n => (
                ticket.and(present("topic")),
                Kind::TopTopics {
                    what: TopicMetric::Volume,
                    n,
                },
            ),
        },
        "help_center_coverage" => (
            ticket.and(present("topic")),
            Kind::TopTopics {
                what: TopicMetric::Coverage,
                n: param("top_topics").unwrap_or(0.0) as usize,
            },
        ),
        "reopen_rate" => {
            date = DateKey::Solved;
            share(
                col("reopens").gt(lit(0.0)),
                ticket.and(present("solved_at")).and(present("reopens")),
            )
        }
        "sla_compliance" => {
            date = DateKey::Solved;
            share(
                flag("sla_met"),
                ticket.and(present("solved_at")).and(present("sla_met")),
            )
        }
        "reassignment_rate" => share(
            col("reassignments").gt(lit(0.0)),
            ticket.and(present("reassignments")),
        ),
        "qa_reviews" => {
            date = DateKey::Reviewed;
            (present("reviewed_at"), Kind::Count)
        }
        "qa_review_score" => {
            date = DateKey::Reviewed;
            per_item(col("score"), present("reviewed_at"), false)
        }
        "one_on_one_coverage" => (lit(true), Kind::OneOnOneCoverage),
        "voluntary_turnover_rate" => (lit(true), Kind::Turnover),
        other => return Err(format!("the runtime has no definition of `{other}`")),
    };
    // For 1:1 coverage and turnover the scope selects staff (the reports, the headcount).
    let filter = match scope::predicate(scope) {
        Some(p) => filter.and(p),
        None => filter,
    };
    Ok(Measure {
        population: metric.population,
        date,
        filter,
        kind,
        repeat_window,
    })
}
