//! The metric catalogue and the fields each population can be filtered on.
//!
//! Each metric is defined precisely (numerator, denominator, nulls, reopened tickets) in
//! `docs/metrics.md`; this table holds what the compiler needs: population, dimension, which
//! way is better, whether it is a speed or quality metric, and its parameters.

use crate::units::{Dimension, Scale};
use serde::Serialize;

/// The table of records a metric is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Population {
    /// Support tickets.
    Tickets,
    /// Manager 1:1 meetings.
    Meetings,
    /// Staff changes (joiners and leavers).
    Staff,
    /// Quality reviews of tickets (one row per review; a ticket may be reviewed more than once).
    QaReviews,
}

impl Population {
    /// All populations.
    pub const ALL: &'static [Population] = &[
        Population::Tickets,
        Population::Meetings,
        Population::Staff,
        Population::QaReviews,
    ];

    /// The word used in `scope all <population>`.
    pub fn word(self) -> &'static str {
        match self {
            Population::Tickets => "tickets",
            Population::Meetings => "meetings",
            Population::Staff => "staff",
            Population::QaReviews => "qa_reviews",
        }
    }

    /// The fields a scope may filter on.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Population::Tickets => TICKET_FIELDS,
            Population::Meetings => MEETING_FIELDS,
            Population::Staff => STAFF_FIELDS,
            Population::QaReviews => QA_REVIEW_FIELDS,
        }
    }

    /// Looks a population up by its word.
    pub fn find(word: &str) -> Option<Population> {
        Population::ALL.iter().copied().find(|p| p.word() == word)
    }
}

/// Which way a metric improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// Higher values are better.
    Higher,
    /// Lower values are better.
    Lower,
}

/// What kind of outcome a metric tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// How fast customers are served; needs a quality guardrail.
    Speed,
    /// How well customers are served; a valid guardrail.
    Quality,
    /// How much work is avoided or done efficiently.
    Efficiency,
    /// How many things happen.
    Volume,
    /// What the team does (1:1s, follow-ups).
    Activity,
    /// How the team is doing (turnover).
    TeamHealth,
}

/// Whether a metric is measured per item (needs a statistic or threshold) or as one number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// One value per ticket (or rating); goals say `mean`, `median`, `p90` or `within`.
    PerItem,
    /// One value per period (a rate, count or score).
    Aggregate,
}

/// A metric parameter.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Param {
    /// Its name in `(name value)`.
    pub name: &'static str,
    /// What the value measures.
    pub dimension: Dimension,
    /// The value when not given; `None` makes it required.
    pub default: Option<f64>,
    /// One line.
    pub summary: &'static str,
}

/// One metric of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metric {
    /// Its name in `metric <name>`.
    pub name: &'static str,
    /// One line.
    pub summary: &'static str,
    /// The records it is computed from.
    pub population: Population,
    /// Per item or aggregate.
    pub shape: Shape,
    /// The dimension of its values (for per-item metrics, of each item's value).
    pub dimension: Dimension,
    /// Which way is better.
    pub better: Better,
    /// Speed, quality, ...
    pub category: Category,
    /// Parameters in `(name value)`.
    pub params: &'static [Param],
}

const fn metric(
    name: &'static str,
    summary: &'static str,
    shape: Shape,
    dimension: Dimension,
    better: Better,
    category: Category,
) -> Metric {
    Metric {
        name,
        summary,
        population: Population::Tickets,
        shape,
        dimension,
        better,
        category,
        params: &[],
    }
}

use Better::{Higher, Lower};
use Category::*;
use Dimension::{Count, Duration, Percent, Points};
use Shape::{Aggregate, PerItem};

const TOP_TOPICS_REQUIRED: &[Param] = &[Param {
    name: "top_topics",
    dimension: Count,
    default: None,
    summary: "only the N topics with the most tickets in the baseline period",
}];

/// Every metric goal knows.
pub const METRICS: &[Metric] = &[
    metric(
        "first_response_time",
        "time from ticket creation to the first public agent reply",
        PerItem,
        Duration,
        Lower,
        Speed,
    ),
    metric(
        "resolution_time",
        "time from ticket creation to its final solve",
        PerItem,
        Duration,
        Lower,
        Speed,
    ),
    metric(
        "handle_time",
        "agent working time spent on a ticket",
        PerItem,
        Duration,
        Lower,
        Speed,
    ),
    metric(
        "backlog_age",
        "age of tickets still open at the measurement time",
        PerItem,
        Duration,
        Lower,
        Speed,
    ),
    metric(
        "first_contact_resolution",
        "share of solved tickets solved with one agent reply and never reopened",
        Aggregate,
        Percent,
        Higher,
        Quality,
    ),
    metric(
        "csat",
        "share of rated tickets rated 4 or 5 on the 1–5 CSAT scale",
        Aggregate,
        Percent,
        Higher,
        Quality,
    ),
    metric(
        "csat_score",
        "CSAT rating of a rated ticket, 1–5",
        PerItem,
        Dimension::Score(Scale::Csat),
        Higher,
        Quality,
    ),
    metric(
        "nps",
        "share of promoters (9–10) minus share of detractors (0–6), in points",
        Aggregate,
        Points,
        Higher,
        Quality,
    ),
    metric(
        "ces_score",
        "customer effort rating of a rated ticket, 1–7 (7 = easiest)",
        PerItem,
        Dimension::Score(Scale::Ces),
        Higher,
        Quality,
    ),
    metric(
        "qa_score",
        "quality review score of a reviewed ticket, 0–100",
        PerItem,
        Dimension::Score(Scale::Qa),
        Higher,
        Quality,
    ),
    metric(
        "qa_score_variation",
        "coefficient of variation of the agents' mean QA scores",
        Aggregate,
        Percent,
        Lower,
        Quality,
    ),
    Metric {
        params: &[Param {
            name: "multiple",
            dimension: Dimension::Factor,
            default: Some(1.0),
            summary: "how many times the ticket's SLA target a ticket must be open to count",
        }],
        ..metric(
            "tickets_past_sla",
            "open tickets older than a multiple of their SLA target",
            Aggregate,
            Count,
            Lower,
            Volume,
        )
    },
    metric(
        "self_service_resolution",
        "share of self-service sessions resolved with no ticket within 7 days",
        Aggregate,
        Percent,
        Higher,
        Efficiency,
    ),
    metric(
        "escalation_rate",
        "share of tickets escalated to a higher tier",
        Aggregate,
        Percent,
        Lower,
        Efficiency,
    ),
    metric(
        "transfer_rate",
        "share of tickets transferred between agents or queues",
        Aggregate,
        Percent,
        Lower,
        Efficiency,
    ),
    metric(
        "tagging_accuracy",
        "share of tickets whose primary tag at creation equals the final one",
        Aggregate,
        Percent,
        Higher,
        Quality,
    ),
    metric(
        "positive_reviews",
        "public reviews rated positive that cite a support follow-up",
        Aggregate,
        Count,
        Higher,
        Volume,
    ),
    Metric {
        params: &[Param {
            name: "window",
            dimension: Duration,
            default: Some(7.0 * 86_400.0),
            summary: "how soon after a ticket a new ticket from the same customer counts as a repeat",
        }],
        ..metric(
            "repeat_contact_rate",
            "share of tickets followed by another ticket from the same customer within the window",
            Aggregate,
            Percent,
            Lower,
            Quality,
        )
    },
    metric(
        "kb_usage",
        "share of tickets where an agent linked or referenced a KB article",
        Aggregate,
        Percent,
        Higher,
        Efficiency,
    ),
    Metric {
        params: &[Param {
            name: "top_topics",
            dimension: Count,
            default: Some(50.0),
            summary: "only the N topics with the most tickets",
        }],
        ..metric(
            "response_consistency",
            "share of tickets on the top topics answered with the approved response",
            Aggregate,
            Percent,
            Higher,
            Quality,
        )
    },
    Metric {
        params: &[Param {
            name: "top_topics",
            dimension: Count,
            default: Some(0.0),
            summary: "only tickets on the N most frequent topics (0 = all topics)",
        }],
        ..metric(
            "ticket_volume",
            "number of tickets created",
            Aggregate,
            Count,
            Lower,
            Volume,
        )
    },
    Metric {
        params: TOP_TOPICS_REQUIRED,
        ..metric(
            "help_center_coverage",
            "share of the top topics with a published help-center article",
            Aggregate,
            Percent,
            Higher,
            Efficiency,
        )
    },
    metric(
        "csat_follow_up_time",
        "time from a CSAT rating to the agent's follow-up",
        PerItem,
        Duration,
        Lower,
        Activity,
    ),
    metric(
        "reopen_rate",
        "share of solved tickets reopened at least once",
        Aggregate,
        Percent,
        Lower,
        Quality,
    ),
    metric(
        "sla_compliance",
        "share of tickets that met their SLA",
        Aggregate,
        Percent,
        Higher,
        Quality,
    ),
    metric(
        "reassignment_rate",
        "share of tickets reassigned to another group at least once",
        Aggregate,
        Percent,
        Lower,
        Efficiency,
    ),
    Metric {
        population: Population::Meetings,
        ..metric(
            "one_on_one_coverage",
            "share of direct reports with at least one 1:1 in the period",
            Aggregate,
            Percent,
            Higher,
            Activity,
        )
    },
    Metric {
        population: Population::QaReviews,
        ..metric(
            "qa_reviews",
            "number of QA reviews completed",
            Aggregate,
            Count,
            Higher,
            Activity,
        )
    },
    Metric {
        population: Population::QaReviews,
        ..metric(
            "qa_review_score",
            "score of one QA review, 0–100",
            PerItem,
            Dimension::Score(Scale::Qa),
            Higher,
            Quality,
        )
    },
    Metric {
        population: Population::Staff,
        ..metric(
            "voluntary_turnover_rate",
            "voluntary leavers as a share of average headcount",
            Aggregate,
            Percent,
            Lower,
            TeamHealth,
        )
    },
];

/// Looks a metric up by name.
pub fn find_metric(name: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.name == name)
}

/// The statistics a per-item metric accepts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Statistic {
    /// Arithmetic mean.
    Mean,
    /// 50th percentile.
    Median,
    /// The given percentile, 1–99.
    Percentile(u8),
    /// Smallest value.
    Min,
    /// Largest value.
    Max,
}

/// Statistic words other than `pNN`.
pub const STATISTIC_WORDS: &[&str] = &["mean", "average", "median", "min", "max"];

/// Reads `mean`, `average`, `median`, `min`, `max` or `p1`…`p99`.
pub fn find_statistic(word: &str) -> Option<Statistic> {
    match word {
        "mean" | "average" => Some(Statistic::Mean),
        "median" => Some(Statistic::Median),
        "min" => Some(Statistic::Min),
        "max" => Some(Statistic::Max),
        _ => {
            let digits = word.strip_prefix('p')?;
            let n: u8 = digits.parse().ok()?;
            (1..=99).contains(&n).then_some(Statistic::Percentile(n))
        }
    }
}

/// A field a scope can test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Field {
    /// The field's name (the canonical column).
    pub name: &'static str,
    /// The values it can take, when they form a closed set.
    pub values: Option<&'static [&'static str]>,
    /// True for list fields (tags), tested with `includes`.
    pub is_list: bool,
}

const fn open(name: &'static str) -> Field {
    Field {
        name,
        values: None,
        is_list: false,
    }
}

/// Channels a ticket can arrive through.
pub const CHANNELS: &[&str] = &[
    "chat",
    "email",
    "phone",
    "web",
    "social",
    "messaging",
    "sms",
];
/// Ticket priorities.
pub const PRIORITIES: &[&str] = &["low", "normal", "high", "urgent"];
/// Ticket statuses.
pub const STATUSES: &[&str] = &["new", "open", "pending", "solved", "closed"];

const TICKET_FIELDS: &[Field] = &[
    Field {
        name: "channel",
        values: Some(CHANNELS),
        is_list: false,
    },
    Field {
        name: "priority",
        values: Some(PRIORITIES),
        is_list: false,
    },
    Field {
        name: "status",
        values: Some(STATUSES),
        is_list: false,
    },
    open("topic"),
    open("initial_topic"),
    Field {
        name: "tags",
        values: None,
        is_list: true,
    },
    open("team"),
    open("agent"),
    open("customer"),
];

const MEETING_FIELDS: &[Field] = &[open("team"), open("manager")];
const STAFF_FIELDS: &[Field] = &[open("team"), open("manager"), open("role")];
const QA_REVIEW_FIELDS: &[Field] = &[open("team"), open("agent"), open("reviewer")];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_names_are_unique_snake_case() {
        let mut names: Vec<&str> = METRICS.iter().map(|m| m.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), METRICS.len());
        assert!(
            names
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        );
    }

    #[test]
    fn statistics() {
        assert_eq!(find_statistic("p90"), Some(Statistic::Percentile(90)));
        assert_eq!(find_statistic("average"), Some(Statistic::Mean));
        assert_eq!(find_statistic("p100"), None);
        assert_eq!(find_statistic("p0"), None);
        assert_eq!(find_statistic("avg"), None);
    }
}
