//! Deterministic synthetic customer-service data for goal's examples and benchmarks.
//!
//! Four tables: tickets (with self-service sessions and a few deliberately bad rows), staff
//! (leads, agents, leavers and hires), meetings (1:1s and team meetings) and QA reviews. The same
//! [`Config`] always gives the same bytes, on every platform: the generator has its own PRNG
//! ([`rng`]), calendar ([`calendar`]) and float routines, and no dependencies.
//!
//! Three ways to get the tickets:
//!
//! - [`tickets`]: a streaming iterator of typed [`Ticket`]s in `created_at` order;
//! - [`write_tickets_csv`] (or [`TicketCsvWriter`] row by row): CSV to any `io::Write`;
//! - [`generate_columns`]: the whole table as [`TicketColumns`], one `Vec` per column, to build
//!   a DataFrame without parsing CSV.
//!
//! ```
//! use goal_datagen::{Config, generate_columns};
//! let config = Config { tickets: 2_000, bad_rows: false, ..Config::default() };
//! let columns = generate_columns(&config);
//! assert_eq!(columns.len(), 2_000);
//! ```
//!
//! See `datagen/README.md` for the distributions and the list of bad rows.

pub mod calendar;
pub mod catalog;
mod columns;
mod csv;
mod defects;
mod math;
mod meetings;
mod qa_reviews;
pub mod rng;
mod staff;
mod tickets;
mod volume;

pub use columns::{CodedColumn, IdColumn, TicketColumns, generate_columns};
pub use csv::{TICKET_COLUMNS, TicketCsvWriter, write_tickets_csv};
pub use defects::{BoolColumn, Defect, JUNK_BOOLEAN, MIN_TICKETS_FOR_BAD_ROWS};
pub use meetings::{Meeting, meeting_id_string, meetings, write_meetings_csv};
pub use qa_reviews::{QaReview, qa_reviews, write_qa_reviews_csv};
pub use staff::{LeaveReason, StaffMember, staff, write_staff_csv};
pub use tickets::{Ticket, TicketGenerator, tickets};

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Seed of every random draw.
    pub seed: u64,
    /// First second of the range, in seconds since the Unix epoch (UTC), inclusive.
    pub start: i64,
    /// Last second of the range, inclusive. Also the extraction time: nothing happens after it
    /// (later solves, ratings and follow-ups are left empty).
    pub end: i64,
    /// Number of rows of the ticket table (tickets and self-service sessions).
    pub tickets: u64,
    /// Whether to include the deliberately bad rows (see the README).
    pub bad_rows: bool,
}

/// The seed of the bundled example data.
pub const EXAMPLE_SEED: u64 = 2026;
/// Number of rows of the bundled example ticket table.
pub const EXAMPLE_TICKETS: u64 = 30_000;

impl Default for Config {
    /// The bundled example data: 30,000 rows from 2025-07-01T00:00:00Z to
    /// 2026-11-27T23:59:59Z, seed 2026, with bad rows.
    fn default() -> Config {
        Config {
            seed: EXAMPLE_SEED,
            start: calendar::days_from_civil(2025, 7, 1) * calendar::DAY,
            end: calendar::days_from_civil(2026, 11, 28) * calendar::DAY - 1,
            tickets: EXAMPLE_TICKETS,
            bad_rows: true,
        }
    }
}

impl Config {
    /// Number of distinct customers tickets are drawn from (0.4 per ticket, at least 1).
    pub fn customer_count(&self) -> u64 {
        (self.tickets * 2 / 5).max(1)
    }

    /// Digits in ticket ids: 6, or more for more than 999,999 tickets.
    pub fn ticket_id_width(&self) -> usize {
        digits(self.tickets).max(6)
    }

    /// Digits in customer ids: 5, or more when needed.
    pub fn customer_id_width(&self) -> usize {
        digits(self.customer_count()).max(5)
    }

    /// Checks that the range is not empty and the ids fit.
    pub fn validate(&self) -> Result<(), String> {
        if self.end < self.start {
            return Err("the end of the range is before its start".to_owned());
        }
        if self.tickets > u64::from(u32::MAX) {
            return Err(format!("at most {} tickets", u32::MAX));
        }
        Ok(())
    }
}

fn digits(mut n: u64) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// Writes `tickets.csv`, `staff.csv`, `meetings.csv` and `qa_reviews.csv` for `config` into
/// `dir` (created if missing). Returns the number of ticket rows.
pub fn write_data_set(config: &Config, dir: &Path) -> io::Result<u64> {
    config
        .validate()
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    std::fs::create_dir_all(dir)?;
    let rows = write_tickets_csv(config, File::create(dir.join("tickets.csv"))?)?;
    write_staff_csv(config, BufWriter::new(File::create(dir.join("staff.csv"))?))?;
    write_meetings_csv(
        config,
        BufWriter::new(File::create(dir.join("meetings.csv"))?),
    )?;
    write_qa_reviews_csv(
        config,
        BufWriter::new(File::create(dir.join("qa_reviews.csv"))?),
    )?;
    Ok(rows)
}
