//! The deliberately bad rows: what is wrong with them and where they go.
//!
//! Twenty defects are spread evenly over the rows (the k-th at row `(k + 0.5) * N / 20`, moved
//! forward to the next solved ticket that is not a self-service session). Data sets with fewer
//! than [`MIN_TICKETS_FOR_BAD_ROWS`] rows get none.

use crate::catalog::{CARRIER_PIGEON, FAX};

/// Smallest ticket count that gets bad rows (below it they would crowd together).
pub const MIN_TICKETS_FOR_BAD_ROWS: u64 = 2_000;

/// A boolean column that can hold the junk value `maybe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BoolColumn {
    /// `escalated`.
    Escalated,
    /// `sla_met`.
    SlaMet,
    /// `kb_linked`.
    KbLinked,
}

impl BoolColumn {
    /// The column's name.
    pub fn name(self) -> &'static str {
        match self {
            BoolColumn::Escalated => "escalated",
            BoolColumn::SlaMet => "sla_met",
            BoolColumn::KbLinked => "kb_linked",
        }
    }
}

/// The junk text written in a [`Defect::JunkBoolean`] column.
pub const JUNK_BOOLEAN: &str = "maybe";

/// What is wrong with a deliberately bad row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Defect {
    /// `created_at` is empty.
    MissingCreatedAt,
    /// `created_at` holds this text, which is not a valid timestamp (typed value: `None`).
    UnparseableCreatedAt(&'static str),
    /// `first_response_at` is before `created_at`.
    FirstResponseBeforeCreated,
    /// `channel` is `fax` or `carrier pigeon`.
    UnknownChannel,
    /// `ticket_id` repeats the id of an earlier row (the rest of the row is its own).
    DuplicateId,
    /// `csat` is `7` or `0`.
    CsatOutOfRange,
    /// `handle_seconds` is negative.
    NegativeHandleSeconds,
    /// The column holds [`JUNK_BOOLEAN`] (typed value: `None`).
    JunkBoolean(BoolColumn),
}

impl Defect {
    /// A short description, as listed in the README.
    pub fn describe(self) -> String {
        match self {
            Defect::MissingCreatedAt => "created_at empty".to_owned(),
            Defect::UnparseableCreatedAt(text) => format!("created_at unparseable (`{text}`)"),
            Defect::FirstResponseBeforeCreated => "first_response_at before created_at".to_owned(),
            Defect::UnknownChannel => "unknown channel".to_owned(),
            Defect::DuplicateId => "duplicate ticket_id".to_owned(),
            Defect::CsatOutOfRange => "csat out of range".to_owned(),
            Defect::NegativeHandleSeconds => "negative handle_seconds".to_owned(),
            Defect::JunkBoolean(c) => format!("{} is `{JUNK_BOOLEAN}`", c.name()),
        }
    }
}

/// A planned defect, with the concrete bad value where the kind has several.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Planned {
    MissingCreatedAt,
    Unparseable(&'static str),
    FirstResponseBefore,
    Channel(u16),
    Duplicate,
    Csat(i8),
    NegativeHandle,
    Junk(BoolColumn),
}

/// The twenty defects in file order.
const PLAN: [Planned; 20] = [
    Planned::MissingCreatedAt,
    Planned::Channel(FAX),
    Planned::Csat(7),
    Planned::Junk(BoolColumn::Escalated),
    Planned::Unparseable("2026-02-31T10:00:00Z"),
    Planned::FirstResponseBefore,
    Planned::Duplicate,
    Planned::NegativeHandle,
    Planned::Unparseable("yesterday"),
    Planned::Junk(BoolColumn::SlaMet),
    Planned::Duplicate,
    Planned::Csat(0),
    Planned::FirstResponseBefore,
    Planned::Channel(CARRIER_PIGEON),
    Planned::MissingCreatedAt,
    Planned::NegativeHandle,
    Planned::Junk(BoolColumn::KbLinked),
    Planned::Unparseable("12/03/2026 14:05"),
    Planned::FirstResponseBefore,
    Planned::Duplicate,
];

/// The defects for `tickets` rows: (earliest row index, defect), in row order.
pub(crate) fn plan(tickets: u64, enabled: bool) -> Vec<(u64, Planned)> {
    if !enabled || tickets < MIN_TICKETS_FOR_BAD_ROWS {
        return Vec::new();
    }
    let n = PLAN.len() as u64;
    PLAN.iter()
        .enumerate()
        .map(|(k, &d)| ((2 * k as u64 + 1) * tickets / (2 * n), d))
        .collect()
}

/// How far back a duplicate's id reaches, in rows.
pub(crate) const DUPLICATE_DISTANCE: u64 = 97;
