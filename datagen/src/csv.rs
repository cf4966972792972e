//! Writing tickets as CSV: no quoting is ever needed (no value holds a comma, quote or newline),
//! nulls are empty fields, booleans are `true`/`false`, floats have exactly one decimal.

use crate::Config;
use crate::calendar::{self, MICROS};
use crate::catalog::{AGENT_NAMES, CHANNELS, PRIORITIES, STATUSES, TAG_SETS, TEAMS, TOPIC_NAMES};
use crate::defects::{BoolColumn, Defect, JUNK_BOOLEAN};
use crate::math;
use crate::tickets::{self, Ticket};
use std::io::{self, Write};

/// The header of `tickets.csv`: the canonical ticket columns, in order.
pub const TICKET_COLUMNS: [&str; 33] = [
    "ticket_id",
    "created_at",
    "first_response_at",
    "solved_at",
    "channel",
    "priority",
    "initial_topic",
    "topic",
    "tags",
    "customer",
    "agent",
    "team",
    "status",
    "agent_replies",
    "reopens",
    "reassignments",
    "handle_seconds",
    "escalated",
    "transferred",
    "sla_seconds",
    "sla_met",
    "csat",
    "csat_rated_at",
    "csat_followed_up_at",
    "nps",
    "ces",
    "qa_score",
    "kb_linked",
    "approved_response",
    "self_service",
    "self_service_resolved",
    "positive_review",
    "help_article",
];

/// Flush the row buffer to the output once it holds this many bytes.
const FLUSH_AT: usize = 1 << 20;

/// Writes [`Ticket`]s as CSV rows, buffering internally (no need for a `BufWriter`).
#[derive(Debug)]
pub struct TicketCsvWriter<W: Write> {
    out: W,
    buf: Vec<u8>,
    id_width: usize,
    customer_width: usize,
}

impl<W: Write> TicketCsvWriter<W> {
    /// A writer for the tickets of `config` (which fixes the id widths); writes the header.
    pub fn new(out: W, config: &Config) -> TicketCsvWriter<W> {
        let mut buf = Vec::with_capacity(FLUSH_AT + 4096);
        buf.extend_from_slice(TICKET_COLUMNS.join(",").as_bytes());
        buf.push(b'\n');
        TicketCsvWriter {
            out,
            buf,
            id_width: config.ticket_id_width(),
            customer_width: config.customer_id_width(),
        }
    }

    /// Appends one row.
    pub fn write(&mut self, t: &Ticket) -> io::Result<()> {
        let b = &mut self.buf;
        let offset = i32::from(t.utc_offset_minutes);
        write_id(b, b'T', t.ticket_id, self.id_width);
        b.push(b',');
        match t.defect {
            Some(Defect::UnparseableCreatedAt(text)) => b.extend_from_slice(text.as_bytes()),
            _ => write_time(b, t.created_at, offset),
        }
        b.push(b',');
        write_time(b, t.first_response_at, offset);
        b.push(b',');
        write_time(b, t.solved_at, offset);
        b.push(b',');
        write_code(b, Some(t.channel), CHANNELS);
        b.push(b',');
        write_code(b, t.priority, PRIORITIES);
        b.push(b',');
        write_code(b, Some(t.initial_topic), &TOPIC_NAMES);
        b.push(b',');
        write_code(b, Some(t.topic), &TOPIC_NAMES);
        b.push(b',');
        write_code(b, t.tags, TAG_SETS);
        b.push(b',');
        write_id(b, b'C', t.customer, self.customer_width);
        b.push(b',');
        write_code(b, t.agent, AGENT_NAMES);
        b.push(b',');
        write_code(b, t.team, TEAMS);
        b.push(b',');
        write_code(b, Some(t.status), STATUSES);
        b.push(b',');
        write_int(b, i64::from(t.agent_replies));
        b.push(b',');
        write_int(b, i64::from(t.reopens));
        b.push(b',');
        write_int(b, i64::from(t.reassignments));
        b.push(b',');
        write_tenths(b, t.handle_seconds);
        b.push(b',');
        let junk = match t.defect {
            Some(Defect::JunkBoolean(column)) => Some(column),
            _ => None,
        };
        write_bool(b, t.escalated, junk == Some(BoolColumn::Escalated));
        b.push(b',');
        write_bool(b, t.transferred, false);
        b.push(b',');
        if let Some(s) = t.sla_seconds {
            write_int(b, s);
        }
        b.push(b',');
        write_bool(b, t.sla_met, junk == Some(BoolColumn::SlaMet));
        b.push(b',');
        if let Some(v) = t.csat {
            write_int(b, i64::from(v));
        }
        b.push(b',');
        write_time(b, t.csat_rated_at, offset);
        b.push(b',');
        write_time(b, t.csat_followed_up_at, offset);
        b.push(b',');
        if let Some(v) = t.nps {
            write_int(b, i64::from(v));
        }
        b.push(b',');
        if let Some(v) = t.ces {
            write_int(b, i64::from(v));
        }
        b.push(b',');
        write_tenths(b, t.qa_score);
        b.push(b',');
        write_bool(b, t.kb_linked, junk == Some(BoolColumn::KbLinked));
        b.push(b',');
        write_bool(b, t.approved_response, false);
        b.push(b',');
        write_bool(b, t.self_service, false);
        b.push(b',');
        write_bool(b, t.self_service_resolved, false);
        b.push(b',');
        write_bool(b, t.positive_review, false);
        b.push(b',');
        write_bool(b, t.help_article, false);
        b.push(b'\n');
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes what is buffered, flushes and returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Streams the whole ticket table of `config` to `out` as CSV; returns the number of rows.
///
/// ```
/// let config = goal_datagen::Config { tickets: 100, ..Default::default() };
/// let mut csv = Vec::new();
/// let rows = goal_datagen::write_tickets_csv(&config, &mut csv).unwrap();
/// assert_eq!(rows, 100);
/// assert!(csv.starts_with(b"ticket_id,created_at,"));
/// ```
pub fn write_tickets_csv<W: Write>(config: &Config, out: W) -> io::Result<u64> {
    let mut writer = TicketCsvWriter::new(out, config);
    let mut rows = 0;
    for ticket in tickets::tickets(config) {
        writer.write(&ticket)?;
        rows += 1;
    }
    writer.finish()?;
    Ok(rows)
}

/// Appends `prefix` and `number` zero-padded to `width` digits.
pub(crate) fn write_id(b: &mut Vec<u8>, prefix: u8, number: u32, width: usize) {
    b.push(prefix);
    let mut digits = [b'0'; 10];
    let mut v = number;
    let mut i = digits.len();
    while v > 0 {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    let from = i.min(digits.len().saturating_sub(width));
    b.extend_from_slice(&digits[from..]);
}

/// The text of an id, e.g. `T000042`.
pub(crate) fn id_string(prefix: u8, number: u32, width: usize) -> String {
    let mut b = Vec::with_capacity(width + 1);
    write_id(&mut b, prefix, number, width);
    String::from_utf8_lossy(&b).into_owned()
}

fn write_time(b: &mut Vec<u8>, micros: Option<i64>, offset_minutes: i32) {
    if let Some(m) = micros {
        calendar::write_timestamp(b, m.div_euclid(MICROS), offset_minutes);
    }
}

fn write_code(b: &mut Vec<u8>, code: Option<u16>, dictionary: &[&str]) {
    if let Some(name) = code.and_then(|c| dictionary.get(usize::from(c))) {
        b.extend_from_slice(name.as_bytes());
    }
}

fn write_bool(b: &mut Vec<u8>, value: Option<bool>, junk: bool) {
    match (junk, value) {
        (true, _) => b.extend_from_slice(JUNK_BOOLEAN.as_bytes()),
        (false, Some(true)) => b.extend_from_slice(b"true"),
        (false, Some(false)) => b.extend_from_slice(b"false"),
        (false, None) => {}
    }
}

/// Appends an integer in decimal.
pub(crate) fn write_int(b: &mut Vec<u8>, value: i64) {
    if value < 0 {
        b.push(b'-');
    }
    let mut digits = [0u8; 20];
    let mut v = value.unsigned_abs();
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    b.extend_from_slice(&digits[i..]);
}

/// Appends a number with exactly one decimal (the value is rounded to tenths first).
pub(crate) fn write_tenths(b: &mut Vec<u8>, value: Option<f64>) {
    if let Some(x) = value {
        let tenths = math::round(x * 10.0);
        if tenths < 0 {
            b.push(b'-');
        }
        let abs = tenths.unsigned_abs();
        write_int(b, (abs / 10) as i64);
        b.push(b'.');
        b.push(b'0' + (abs % 10) as u8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_ids() {
        let mut b = Vec::new();
        write_id(&mut b, b'T', 42, 6);
        b.push(b' ');
        write_id(&mut b, b'C', 1_234_567, 5);
        b.push(b' ');
        write_int(&mut b, -120);
        b.push(b' ');
        write_int(&mut b, 0);
        b.push(b' ');
        write_tenths(&mut b, Some(-312.5));
        b.push(b' ');
        write_tenths(&mut b, Some(0.04));
        b.push(b' ');
        write_tenths(&mut b, Some(87.3));
        assert_eq!(
            String::from_utf8(b).unwrap(),
            "T000042 C1234567 -120 0 -312.5 0.0 87.3"
        );
    }
}
