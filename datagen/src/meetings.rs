//! The meetings table: 1:1s between each lead and their agents, about every two weeks with
//! gaps, and a monthly team meeting per team.
//!
//! In a month, an agent has 1:1s with probability 84% rising to 94% over the range (Customer
//! Support: 88% falling to 80%, the gap its team-health goal wants to close); when they do, one
//! falls on day 3-11 and, three times in four, a second on day 17-25 (moved off weekends).

use crate::Config;
use crate::calendar::{self, DAY, HOUR, MICROS};
use crate::catalog::{LEADS, TEAMS};
use crate::csv::{id_string, write_id};
use crate::rng::Rng;
use crate::staff::{self, StaffMember};
use std::io::{self, Write};

/// One row of `meetings.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// The number in the `meeting_id` (`M00042` is 42), in `held_at` order.
    pub meeting_id: u32,
    /// `one_on_one` or `team`.
    pub kind: &'static str,
    /// Who held it (the team lead).
    pub manager: &'static str,
    /// The direct report met; `None` for team meetings.
    pub report: Option<&'static str>,
    /// The report's team (the lead's team for team meetings).
    pub team: &'static str,
    /// When it took place, in microseconds since the Unix epoch (UTC).
    pub held_at: i64,
}

/// Width of the number in meeting ids.
const ID_WIDTH: usize = 5;

/// The meetings for `config`, in `held_at` order.
pub fn meetings(config: &Config) -> Vec<Meeting> {
    let people = staff::staff(config);
    let mut rng = Rng::new(config.seed, 3);
    let span = (config.end - config.start).max(1) as f64;
    let mut out: Vec<(
        i64,
        &'static str,
        &'static str,
        Option<&'static str>,
        &'static str,
    )> = Vec::new();
    let (mut year, mut month, _) = calendar::civil_from_days(config.start.div_euclid(DAY));
    loop {
        let first = calendar::days_from_civil(year, month, 1);
        if first * DAY > config.end {
            break;
        }
        let days = i64::from(calendar::days_in_month(year, month));
        let mid = (first + days / 2) * DAY;
        let p = ((mid - config.start) as f64 / span).clamp(0.0, 1.0);
        let keep = |at: i64, person: Option<&StaffMember>| {
            at >= config.start && at <= config.end && person.is_none_or(|m| m.employed_at(at))
        };
        for member in people.iter().filter(|m| m.role == "agent") {
            let coverage = if member.team == TEAMS[0] {
                0.88 - 0.08 * p
            } else {
                0.84 + 0.10 * p
            };
            if !rng.chance(coverage) {
                continue;
            }
            let second = rng.chance(0.75);
            for (from, held) in [(2, true), (16, second)] {
                let day = weekday_on_or_after(first + from + rng.below(9) as i64);
                let at = day * DAY + 9 * HOUR + rng.below(16) as i64 * 1800;
                if held && keep(at, Some(member)) {
                    let manager = member.manager.unwrap_or(LEADS[0]);
                    out.push((at, "one_on_one", manager, Some(member.person), member.team));
                }
            }
        }
        for (t, team) in TEAMS.iter().enumerate() {
            let day = weekday_on_or_after(first + 1 + t as i64);
            let at = day * DAY + 15 * HOUR;
            if rng.chance(0.9) && keep(at, None) {
                out.push((at, "team", LEADS[t], None, team));
            }
        }
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    out.sort();
    out.into_iter()
        .enumerate()
        .map(|(i, (at, kind, manager, report, team))| Meeting {
            meeting_id: i as u32 + 1,
            kind,
            manager,
            report,
            team,
            held_at: at * MICROS,
        })
        .collect()
}

/// The day itself if a weekday, else the next Monday.
fn weekday_on_or_after(day: i64) -> i64 {
    match calendar::weekday(day) {
        5 => day + 2,
        6 => day + 1,
        _ => day,
    }
}

/// The text of a meeting id, e.g. `M00042`.
pub fn meeting_id_string(number: u32) -> String {
    id_string(b'M', number, ID_WIDTH)
}

/// Writes `meetings.csv`.
pub fn write_meetings_csv<W: Write>(config: &Config, mut out: W) -> io::Result<()> {
    let mut buf = Vec::with_capacity(1 << 16);
    buf.extend_from_slice(b"meeting_id,kind,manager,report,team,held_at\n");
    for m in meetings(config) {
        write_id(&mut buf, b'M', m.meeting_id, ID_WIDTH);
        buf.push(b',');
        buf.extend_from_slice(m.kind.as_bytes());
        buf.push(b',');
        buf.extend_from_slice(m.manager.as_bytes());
        buf.push(b',');
        buf.extend_from_slice(m.report.unwrap_or("").as_bytes());
        buf.push(b',');
        buf.extend_from_slice(m.team.as_bytes());
        buf.push(b',');
        calendar::write_timestamp(&mut buf, m.held_at.div_euclid(MICROS), 0);
        buf.push(b'\n');
    }
    out.write_all(&buf)?;
    out.flush()
}
