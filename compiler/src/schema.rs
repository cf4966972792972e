//! The canonical data schema: the columns the runtime reads for each population, their types,
//! and the columns each metric needs. Sources map their own column names onto these
//! (`[sources.NAME.columns]` in goal.toml, or a preset); `docs/data.md` documents every column.

use crate::catalogue::Population;
use serde::Serialize;

/// The type a canonical column holds once parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// Free text or a closed set of words.
    Text,
    /// An instant: a date and time with an offset, or in the source's time zone.
    Timestamp,
    /// A calendar day.
    Date,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// `true`/`false` (also `yes`/`no`, `1`/`0`).
    Boolean,
}

impl ColumnType {
    /// The type in words, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            ColumnType::Text => "text",
            ColumnType::Timestamp => "a timestamp",
            ColumnType::Date => "a date",
            ColumnType::Integer => "a whole number",
            ColumnType::Number => "a number",
            ColumnType::Boolean => "a boolean",
        }
    }
}

/// A canonical column.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Column {
    /// The canonical name.
    pub name: &'static str,
    /// Its type.
    pub ty: ColumnType,
    /// For numeric columns: the smallest and largest valid value.
    pub range: Option<(f64, f64)>,
    /// What it holds.
    pub summary: &'static str,
}

const fn col(name: &'static str, ty: ColumnType, summary: &'static str) -> Column {
    Column {
        name,
        ty,
        range: None,
        summary,
    }
}

const fn ranged(
    name: &'static str,
    ty: ColumnType,
    low: f64,
    high: f64,
    s: &'static str,
) -> Column {
    Column {
        name,
        ty,
        range: Some((low, high)),
        summary: s,
    }
}

use ColumnType::{Boolean, Date, Integer, Number, Text, Timestamp};

/// The ticket table: one row per ticket.
pub const TICKET_COLUMNS: &[Column] = &[
    col("ticket_id", Text, "unique ticket id (the key)"),
    col(
        "created_at",
        Timestamp,
        "when the customer opened the ticket",
    ),
    col(
        "first_response_at",
        Timestamp,
        "first public agent reply; empty if none",
    ),
    col("solved_at", Timestamp, "final solve; empty while unsolved"),
    col(
        "channel",
        Text,
        "chat, email, phone, web, social, messaging or sms",
    ),
    col("priority", Text, "low, normal, high or urgent"),
    col(
        "initial_topic",
        Text,
        "primary tag (topic) when the ticket was created",
    ),
    col("topic", Text, "final primary tag (topic)"),
    col(
        "tags",
        Text,
        "tags, separated by spaces, commas or semicolons",
    ),
    col("customer", Text, "who asked (any stable customer id)"),
    col("agent", Text, "assignee when solved (or now)"),
    col("team", Text, "group the ticket is assigned to"),
    col("status", Text, "new, open, pending, solved or closed"),
    ranged(
        "agent_replies",
        Integer,
        0.0,
        1e9,
        "number of public agent replies",
    ),
    ranged(
        "reopens",
        Integer,
        0.0,
        1e9,
        "times the ticket was reopened",
    ),
    ranged(
        "reassignments",
        Integer,
        0.0,
        1e9,
        "times it moved to another group",
    ),
    ranged(
        "handle_seconds",
        Number,
        0.0,
        1e9,
        "agent working time, in seconds",
    ),
    col("escalated", Boolean, "escalated to a higher tier"),
    col(
        "transferred",
        Boolean,
        "transferred between agents or queues",
    ),
    ranged(
        "sla_seconds",
        Number,
        0.0,
        1e10,
        "resolution SLA target, in seconds",
    ),
    col("sla_met", Boolean, "whether the ticket met its SLA"),
    ranged(
        "csat",
        Integer,
        1.0,
        5.0,
        "CSAT rating, 1-5; empty if not rated",
    ),
    col("csat_rated_at", Timestamp, "when the CSAT rating arrived"),
    col(
        "csat_followed_up_at",
        Timestamp,
        "agent follow-up on the rating",
    ),
    ranged("nps", Integer, 0.0, 10.0, "likelihood to recommend, 0-10"),
    ranged(
        "ces",
        Integer,
        1.0,
        7.0,
        "customer effort, 1-7 (7 = easiest)",
    ),
    ranged(
        "qa_score",
        Number,
        0.0,
        100.0,
        "quality review score, 0-100",
    ),
    col(
        "kb_linked",
        Boolean,
        "an agent linked or referenced a KB article",
    ),
    col(
        "approved_response",
        Boolean,
        "answered with the approved response",
    ),
    col(
        "self_service",
        Boolean,
        "the row is a self-service session, not a ticket",
    ),
    col(
        "self_service_resolved",
        Boolean,
        "self-service session resolved with no ticket",
    ),
    col(
        "positive_review",
        Boolean,
        "led to a positive public review citing support",
    ),
    col(
        "help_article",
        Boolean,
        "the topic had a published help-center article",
    ),
];

/// The meeting table: one row per meeting.
pub const MEETING_COLUMNS: &[Column] = &[
    col("meeting_id", Text, "unique meeting id (the key)"),
    col(
        "kind",
        Text,
        "`one_on_one` for 1:1s; other kinds are ignored",
    ),
    col("manager", Text, "who held it"),
    col("report", Text, "the direct report met"),
    col("team", Text, "the report's team"),
    col("held_at", Timestamp, "when it took place"),
];

/// The staff table: one row per person and employment.
pub const STAFF_COLUMNS: &[Column] = &[
    col("person", Text, "the person (the key)"),
    col("team", Text, "their team"),
    col(
        "manager",
        Text,
        "their manager; empty for the top of the tree",
    ),
    col("role", Text, "their role"),
    col("hired_on", Date, "first day"),
    col("left_on", Date, "last day; empty while employed"),
    col(
        "leave_reason",
        Text,
        "`voluntary` or `involuntary` for leavers",
    ),
];

/// The QA review table: one row per review of a ticket.
pub const QA_REVIEW_COLUMNS: &[Column] = &[
    col("review_id", Text, "unique review id (the key)"),
    col(
        "ticket_id",
        Text,
        "the ticket reviewed (a ticket may be reviewed more than once)",
    ),
    col("agent", Text, "the agent whose work was reviewed"),
    col("team", Text, "the agent's team"),
    col("reviewer", Text, "who reviewed"),
    col("reviewed_at", Timestamp, "when the review was completed"),
    ranged("score", Number, 0.0, 100.0, "the review's score, 0-100"),
];

/// The canonical columns of a population's table.
pub fn columns(population: Population) -> &'static [Column] {
    match population {
        Population::Tickets => TICKET_COLUMNS,
        Population::Meetings => MEETING_COLUMNS,
        Population::Staff => STAFF_COLUMNS,
        Population::QaReviews => QA_REVIEW_COLUMNS,
    }
}

/// Looks a canonical column up.
pub fn find_column(population: Population, name: &str) -> Option<&'static Column> {
    columns(population).iter().find(|c| c.name == name)
}

/// The key column of a population's table.
pub fn key_column(population: Population) -> &'static str {
    match population {
        Population::Tickets => "ticket_id",
        Population::Meetings => "meeting_id",
        Population::Staff => "person",
        Population::QaReviews => "review_id",
    }
}

/// The columns a metric reads (besides the fields its scope filters on).
pub fn metric_columns(metric: &str) -> &'static [&'static str] {
    match metric {
        "first_response_time" => &["created_at", "first_response_at"],
        "resolution_time" => &["created_at", "solved_at"],
        "handle_time" => &["created_at", "handle_seconds"],
        "backlog_age" => &["created_at", "solved_at"],
        "first_contact_resolution" => &["solved_at", "agent_replies", "reopens"],
        "csat" | "csat_score" => &["solved_at", "csat"],
        "nps" => &["solved_at", "nps"],
        "ces_score" => &["solved_at", "ces"],
        "qa_score" => &["created_at", "qa_score"],
        "qa_score_variation" => &["created_at", "qa_score", "agent"],
        "tickets_past_sla" => &["created_at", "solved_at", "sla_seconds"],
        "self_service_resolution" => &["created_at", "self_service", "self_service_resolved"],
        "escalation_rate" => &["created_at", "escalated"],
        "transfer_rate" => &["created_at", "transferred"],
        "tagging_accuracy" => &["created_at", "initial_topic", "topic"],
        "positive_reviews" => &["created_at", "positive_review"],
        "repeat_contact_rate" => &["created_at", "customer"],
        "kb_usage" => &["created_at", "kb_linked"],
        "response_consistency" => &["created_at", "topic", "approved_response"],
        "ticket_volume" => &["created_at", "topic"],
        "help_center_coverage" => &["created_at", "topic", "help_article"],
        "csat_follow_up_time" => &["csat_rated_at", "csat_followed_up_at"],
        "reopen_rate" => &["solved_at", "reopens"],
        "sla_compliance" => &["solved_at", "sla_met"],
        "reassignment_rate" => &["created_at", "reassignments"],
        "one_on_one_coverage" => &["kind", "manager", "report", "held_at"],
        "voluntary_turnover_rate" => &["hired_on", "left_on", "leave_reason"],
        "qa_reviews" => &["reviewed_at"],
        "qa_review_score" => &["reviewed_at", "score"],
        _ => &[],
    }
}

/// The columns one use of a metric reads: ticket volume reads topics only when it ranks the
/// top topics (`top_topics` above 0).
pub fn metric_use_columns(metric: &crate::ir::MetricUse) -> Vec<&'static str> {
    let ranks_topics = metric
        .params
        .iter()
        .any(|(name, value)| name == "top_topics" && value.amount > 0.0);
    let mut columns = metric_columns(&metric.name).to_vec();
    if metric.name == "ticket_volume" && !ranks_topics {
        columns.retain(|c| *c != "topic");
    }
    columns
}

/// Tables a metric reads besides its own population's: 1:1 coverage needs the staff roster to
/// know who the direct reports are.
pub fn extra_tables(metric: &str) -> &'static [(Population, &'static [&'static str])] {
    match metric {
        "one_on_one_coverage" => &[(
            Population::Staff,
            &["person", "manager", "hired_on", "left_on"],
        )],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::METRICS;

    #[test]
    fn every_metric_reads_known_columns_of_its_population() {
        for metric in METRICS {
            let needed = metric_columns(metric.name);
            assert!(!needed.is_empty(), "{} reads no column", metric.name);
            for name in needed {
                assert!(
                    find_column(metric.population, name).is_some(),
                    "{} reads unknown column {name}",
                    metric.name
                );
            }
        }
    }

    #[test]
    fn every_filter_field_is_a_column() {
        for population in Population::ALL {
            for field in population.fields() {
                assert!(
                    find_column(*population, field.name).is_some(),
                    "field {} is not a column of {}",
                    field.name,
                    population.word()
                );
            }
        }
    }

    #[test]
    fn keys_are_text_columns() {
        for population in Population::ALL {
            let key = find_column(*population, key_column(*population));
            assert_eq!(key.map(|c| c.ty), Some(ColumnType::Text));
        }
    }
}
