//! The ticket table in columnar form, to build a DataFrame without going through CSV.
//!
//! One `Vec` per column, all of the same length, holding the same values as the CSV (row `i`
//! of every column is the `i`-th [`Ticket`] of [`crate::tickets`]):
//!
//! - timestamps: `Vec<Option<i64>>`, microseconds since the Unix epoch, UTC (a polars
//!   `Datetime(Microseconds, "UTC")`);
//! - closed-vocabulary text (`channel`, `priority`, topics, `tags`, `agent`, `team`, `status`):
//!   a [`CodedColumn`], codes into a static dictionary (a polars `Categorical`/`Enum`, or a
//!   `String` column via [`CodedColumn::iter`] without any per-row allocation here);
//! - ids (`ticket_id`, `customer`): an [`IdColumn`] of numbers plus a prefix and a width;
//!   [`IdColumn::to_strings`] makes the `T000042`-style strings when needed;
//! - counts and scores: integer vectors; `handle_seconds` and `qa_score`: `f64`, rounded to
//!   one decimal exactly as written in the CSV; booleans: `Vec<Option<bool>>`.
//!
//! Bad rows keep the value where it has a type (`csat` 7, negative `handle_seconds`, the `fax`
//! and `carrier pigeon` channel codes, duplicate ids) and are null where the CSV text would not
//! parse (`created_at` `yesterday`, a boolean `maybe`), as a lenient CSV reader would see them.

use crate::Config;
use crate::catalog::{AGENT_NAMES, CHANNELS, PRIORITIES, STATUSES, TAG_SETS, TEAMS, TOPIC_NAMES};
use crate::csv;
use crate::tickets::{self, Ticket};

/// A text column as codes into a fixed dictionary; `None` is null.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodedColumn {
    /// One code per row, an index into `dictionary`.
    pub codes: Vec<Option<u16>>,
    /// The values the codes stand for.
    pub dictionary: &'static [&'static str],
}

impl CodedColumn {
    fn new(dictionary: &'static [&'static str], capacity: usize) -> CodedColumn {
        CodedColumn {
            codes: Vec::with_capacity(capacity),
            dictionary,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The value of row `i` (`None` for null or out of bounds).
    pub fn get(&self, i: usize) -> Option<&'static str> {
        let code = (*self.codes.get(i)?)?;
        self.dictionary.get(usize::from(code)).copied()
    }

    /// The values, row by row.
    pub fn iter(&self) -> impl Iterator<Item = Option<&'static str>> + '_ {
        let dictionary = self.dictionary;
        self.codes
            .iter()
            .map(move |c| c.and_then(|c| dictionary.get(usize::from(c)).copied()))
    }
}

/// An id column: `prefix` followed by the number zero-padded to `width` digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdColumn {
    /// `'T'` for tickets, `'C'` for customers.
    pub prefix: char,
    /// Minimum number of digits.
    pub width: usize,
    /// One number per row.
    pub numbers: Vec<u32>,
}

impl IdColumn {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.numbers.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty()
    }

    /// The id of row `i`, e.g. `T000042`.
    pub fn get(&self, i: usize) -> Option<String> {
        let n = *self.numbers.get(i)?;
        Some(csv::id_string(self.prefix as u8, n, self.width))
    }

    /// All ids as strings.
    pub fn to_strings(&self) -> Vec<String> {
        self.numbers
            .iter()
            .map(|&n| csv::id_string(self.prefix as u8, n, self.width))
            .collect()
    }
}

/// The ticket table, one field per CSV column (same names, same order).
#[derive(Debug, Clone, PartialEq)]
pub struct TicketColumns {
    /// `ticket_id`: `T` and the number.
    pub ticket_id: IdColumn,
    /// `created_at`, microseconds since the epoch (UTC).
    pub created_at: Vec<Option<i64>>,
    /// `first_response_at`, microseconds since the epoch (UTC).
    pub first_response_at: Vec<Option<i64>>,
    /// `solved_at`, microseconds since the epoch (UTC).
    pub solved_at: Vec<Option<i64>>,
    /// `channel`, codes into [`crate::catalog::CHANNELS`].
    pub channel: CodedColumn,
    /// `priority`, codes into [`crate::catalog::PRIORITIES`].
    pub priority: CodedColumn,
    /// `initial_topic`, codes into [`crate::catalog::TOPIC_NAMES`].
    pub initial_topic: CodedColumn,
    /// `topic`, codes into [`crate::catalog::TOPIC_NAMES`].
    pub topic: CodedColumn,
    /// `tags`, codes into [`crate::catalog::TAG_SETS`] (null: no tags).
    pub tags: CodedColumn,
    /// `customer`: `C` and the number.
    pub customer: IdColumn,
    /// `agent`, codes into [`crate::catalog::AGENT_NAMES`].
    pub agent: CodedColumn,
    /// `team`, codes into [`crate::catalog::TEAMS`].
    pub team: CodedColumn,
    /// `status`, codes into [`crate::catalog::STATUSES`].
    pub status: CodedColumn,
    /// `agent_replies`.
    pub agent_replies: Vec<u32>,
    /// `reopens`.
    pub reopens: Vec<u32>,
    /// `reassignments`.
    pub reassignments: Vec<u32>,
    /// `handle_seconds`, a multiple of 0.1.
    pub handle_seconds: Vec<Option<f64>>,
    /// `escalated`.
    pub escalated: Vec<Option<bool>>,
    /// `transferred`.
    pub transferred: Vec<Option<bool>>,
    /// `sla_seconds`.
    pub sla_seconds: Vec<Option<i64>>,
    /// `sla_met`.
    pub sla_met: Vec<Option<bool>>,
    /// `csat`, 1-5.
    pub csat: Vec<Option<i8>>,
    /// `csat_rated_at`, microseconds since the epoch (UTC).
    pub csat_rated_at: Vec<Option<i64>>,
    /// `csat_followed_up_at`, microseconds since the epoch (UTC).
    pub csat_followed_up_at: Vec<Option<i64>>,
    /// `nps`, 0-10.
    pub nps: Vec<Option<i8>>,
    /// `ces`, 1-7.
    pub ces: Vec<Option<i8>>,
    /// `qa_score`, 0-100, a multiple of 0.1.
    pub qa_score: Vec<Option<f64>>,
    /// `kb_linked`.
    pub kb_linked: Vec<Option<bool>>,
    /// `approved_response`.
    pub approved_response: Vec<Option<bool>>,
    /// `self_service`.
    pub self_service: Vec<Option<bool>>,
    /// `self_service_resolved`.
    pub self_service_resolved: Vec<Option<bool>>,
    /// `positive_review`.
    pub positive_review: Vec<Option<bool>>,
    /// `help_article`.
    pub help_article: Vec<Option<bool>>,
}

impl TicketColumns {
    /// Empty columns for `config`, with room for `capacity` rows.
    pub fn with_capacity(config: &Config, capacity: usize) -> TicketColumns {
        TicketColumns::with_widths(
            config.ticket_id_width(),
            config.customer_id_width(),
            capacity,
        )
    }

    /// Empty columns with the given id widths.
    pub(crate) fn with_widths(
        id_width: usize,
        customer_width: usize,
        capacity: usize,
    ) -> TicketColumns {
        TicketColumns {
            ticket_id: IdColumn {
                prefix: 'T',
                width: id_width,
                numbers: Vec::with_capacity(capacity),
            },
            created_at: Vec::with_capacity(capacity),
            first_response_at: Vec::with_capacity(capacity),
            solved_at: Vec::with_capacity(capacity),
            channel: CodedColumn::new(CHANNELS, capacity),
            priority: CodedColumn::new(PRIORITIES, capacity),
            initial_topic: CodedColumn::new(&TOPIC_NAMES, capacity),
            topic: CodedColumn::new(&TOPIC_NAMES, capacity),
            tags: CodedColumn::new(TAG_SETS, capacity),
            customer: IdColumn {
                prefix: 'C',
                width: customer_width,
                numbers: Vec::with_capacity(capacity),
            },
            agent: CodedColumn::new(AGENT_NAMES, capacity),
            team: CodedColumn::new(TEAMS, capacity),
            status: CodedColumn::new(STATUSES, capacity),
            agent_replies: Vec::with_capacity(capacity),
            reopens: Vec::with_capacity(capacity),
            reassignments: Vec::with_capacity(capacity),
            handle_seconds: Vec::with_capacity(capacity),
            escalated: Vec::with_capacity(capacity),
            transferred: Vec::with_capacity(capacity),
            sla_seconds: Vec::with_capacity(capacity),
            sla_met: Vec::with_capacity(capacity),
            csat: Vec::with_capacity(capacity),
            csat_rated_at: Vec::with_capacity(capacity),
            csat_followed_up_at: Vec::with_capacity(capacity),
            nps: Vec::with_capacity(capacity),
            ces: Vec::with_capacity(capacity),
            qa_score: Vec::with_capacity(capacity),
            kb_linked: Vec::with_capacity(capacity),
            approved_response: Vec::with_capacity(capacity),
            self_service: Vec::with_capacity(capacity),
            self_service_resolved: Vec::with_capacity(capacity),
            positive_review: Vec::with_capacity(capacity),
            help_article: Vec::with_capacity(capacity),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.created_at.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.created_at.is_empty()
    }

    /// Appends one row.
    pub fn push(&mut self, t: &Ticket) {
        self.ticket_id.numbers.push(t.ticket_id);
        self.created_at.push(t.created_at);
        self.first_response_at.push(t.first_response_at);
        self.solved_at.push(t.solved_at);
        self.channel.codes.push(Some(t.channel));
        self.priority.codes.push(t.priority);
        self.initial_topic.codes.push(Some(t.initial_topic));
        self.topic.codes.push(Some(t.topic));
        self.tags.codes.push(t.tags);
        self.customer.numbers.push(t.customer);
        self.agent.codes.push(t.agent);
        self.team.codes.push(t.team);
        self.status.codes.push(Some(t.status));
        self.agent_replies.push(t.agent_replies);
        self.reopens.push(t.reopens);
        self.reassignments.push(t.reassignments);
        self.handle_seconds.push(t.handle_seconds);
        self.escalated.push(t.escalated);
        self.transferred.push(t.transferred);
        self.sla_seconds.push(t.sla_seconds);
        self.sla_met.push(t.sla_met);
        self.csat.push(t.csat);
        self.csat_rated_at.push(t.csat_rated_at);
        self.csat_followed_up_at.push(t.csat_followed_up_at);
        self.nps.push(t.nps);
        self.ces.push(t.ces);
        self.qa_score.push(t.qa_score);
        self.kb_linked.push(t.kb_linked);
        self.approved_response.push(t.approved_response);
        self.self_service.push(t.self_service);
        self.self_service_resolved.push(t.self_service_resolved);
        self.positive_review.push(t.positive_review);
        self.help_article.push(t.help_article);
    }
}

/// Generates the whole ticket table of `config` straight into columns (no CSV, no per-row
/// allocation). Row `i` of every column is row `i` of `tickets.csv`.
///
/// The columns take about 200 bytes per row (2 GB for 10 million rows); to hold less at once,
/// take the rows in chunks with [`crate::TicketGenerator::next_chunk`].
///
/// ```
/// let config = goal_datagen::Config { tickets: 500, bad_rows: false, ..Default::default() };
/// let columns = goal_datagen::generate_columns(&config);
/// assert_eq!(columns.len(), 500);
/// assert_eq!(columns.ticket_id.get(0).as_deref(), Some("T000001"));
/// assert!(columns.channel.iter().all(|c| c.is_some()));
/// ```
pub fn generate_columns(config: &Config) -> TicketColumns {
    let generator = tickets::tickets(config);
    let mut columns = TicketColumns::with_capacity(config, generator.len());
    for ticket in generator {
        columns.push(&ticket);
    }
    columns
}
