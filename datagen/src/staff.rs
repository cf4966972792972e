//! The staff table: team leads, agents, six leavers and the hires that replace them.
//!
//! The roster is fixed (names and teams in [`crate::catalog`]); only the dates depend on the
//! configured range: leavers leave at fixed fractions of it, and their replacements start three
//! to five weeks later.

use crate::Config;
use crate::calendar::{self, DAY};
use crate::catalog::{AGENTS, LEADS, TEAMS};
use std::io::{self, Write};

/// Why someone left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaveReason {
    /// They chose to leave.
    Voluntary,
    /// They were let go.
    Involuntary,
}

impl LeaveReason {
    /// The word written in the `leave_reason` column.
    pub fn word(self) -> &'static str {
        match self {
            LeaveReason::Voluntary => "voluntary",
            LeaveReason::Involuntary => "involuntary",
        }
    }
}

/// One row of `staff.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffMember {
    /// Full name (the key).
    pub person: &'static str,
    /// Team name.
    pub team: &'static str,
    /// The team lead for agents; `None` for leads (the top of this tree).
    pub manager: Option<&'static str>,
    /// `"agent"` or `"lead"`.
    pub role: &'static str,
    /// First day, in days since 1970-01-01.
    pub hired_on: i64,
    /// Last day, in days since 1970-01-01, for leavers.
    pub left_on: Option<i64>,
    /// Why they left, for leavers.
    pub leave_reason: Option<LeaveReason>,
    /// Index into [`AGENTS`] for agents.
    pub agent: Option<u16>,
}

impl StaffMember {
    /// Whether the person is employed at `seconds` (since the epoch).
    pub fn employed_at(&self, seconds: i64) -> bool {
        self.hired_on * DAY <= seconds && self.left_on.is_none_or(|d| seconds < (d + 1) * DAY)
    }
}

/// A leaver: agent index, fraction of the range at which they leave, reason, the agent index of
/// their replacement and how many days after the departure the replacement starts.
const LEAVERS: [(u16, f64, LeaveReason, u16, i64); 6] = [
    (3, 0.15, LeaveReason::Voluntary, 30, 28),
    (10, 0.25, LeaveReason::Voluntary, 31, 21),
    (6, 0.32, LeaveReason::Voluntary, 32, 35),
    (16, 0.48, LeaveReason::Involuntary, 33, 24),
    (4, 0.66, LeaveReason::Voluntary, 34, 30),
    (27, 0.85, LeaveReason::Involuntary, 35, 26),
];

/// The staff table for a configuration: per team, its lead then its agents in roster order.
pub fn staff(config: &Config) -> Vec<StaffMember> {
    let start_day = config.start.div_euclid(DAY);
    let end_day = config.end.div_euclid(DAY);
    let span = (end_day - start_day).max(1) as f64;
    let mut people: Vec<StaffMember> = Vec::new();
    for (t, team) in TEAMS.iter().enumerate() {
        people.push(StaffMember {
            person: LEADS[t],
            team,
            manager: None,
            role: "lead",
            hired_on: start_day - 900 - 211 * t as i64,
            left_on: None,
            leave_reason: None,
            agent: None,
        });
        for (i, agent) in AGENTS.iter().enumerate() {
            if usize::from(agent.team) != t {
                continue;
            }
            let i = i as u16;
            let mut member = StaffMember {
                person: agent.name,
                team,
                manager: Some(LEADS[t]),
                role: "agent",
                hired_on: start_day - 120 - (i64::from(i) * 137) % 1300,
                left_on: None,
                leave_reason: None,
                agent: Some(i),
            };
            if let Some(&(_, at, reason, _, _)) = LEAVERS.iter().find(|l| l.0 == i) {
                member.left_on = Some(start_day + (at * span) as i64);
                member.leave_reason = Some(reason);
            }
            if let Some(&(_, at, _, _, delay)) = LEAVERS.iter().find(|l| l.3 == i) {
                let hired = start_day + (at * span) as i64 + delay;
                if hired > end_day {
                    continue;
                }
                member.hired_on = hired;
            }
            people.push(member);
        }
    }
    people
}

/// Who can take tickets when: per epoch (from its first second), the agents of each team.
#[derive(Debug, Clone)]
pub(crate) struct Roster {
    epochs: Vec<(i64, Vec<Vec<u16>>)>,
    current: usize,
}

impl Roster {
    pub(crate) fn new(config: &Config) -> Roster {
        let people = staff(config);
        let agents: Vec<&StaffMember> = people.iter().filter(|p| p.agent.is_some()).collect();
        let mut changes = vec![config.start];
        for p in &agents {
            changes.push(p.hired_on * DAY);
            if let Some(d) = p.left_on {
                changes.push((d + 1) * DAY);
            }
        }
        changes.retain(|&c| c >= config.start);
        changes.sort_unstable();
        changes.dedup();
        let epochs = changes
            .into_iter()
            .map(|at| {
                let mut teams = vec![Vec::new(); TEAMS.len()];
                for p in &agents {
                    if let Some(code) = p.agent
                        && p.employed_at(at)
                    {
                        teams[usize::from(AGENTS[usize::from(code)].team)].push(code);
                    }
                }
                (at, teams)
            })
            .collect();
        Roster { epochs, current: 0 }
    }

    /// The agents of `team` at `seconds`; times must not go backwards between calls.
    pub(crate) fn team_at(&mut self, seconds: i64, team: u16) -> &[u16] {
        while self.current + 1 < self.epochs.len() && self.epochs[self.current + 1].0 <= seconds {
            self.current += 1;
        }
        let teams = &self.epochs[self.current].1;
        let members = &teams[usize::from(team)];
        if members.is_empty() {
            &teams[0]
        } else {
            members
        }
    }
}

/// Writes `staff.csv`.
pub fn write_staff_csv<W: Write>(config: &Config, mut out: W) -> io::Result<()> {
    let mut buf = Vec::with_capacity(4096);
    buf.extend_from_slice(b"person,team,manager,role,hired_on,left_on,leave_reason\n");
    for p in staff(config) {
        buf.extend_from_slice(p.person.as_bytes());
        buf.push(b',');
        buf.extend_from_slice(p.team.as_bytes());
        buf.push(b',');
        buf.extend_from_slice(p.manager.unwrap_or("").as_bytes());
        buf.push(b',');
        buf.extend_from_slice(p.role.as_bytes());
        buf.push(b',');
        calendar::write_date(&mut buf, p.hired_on);
        buf.push(b',');
        if let Some(d) = p.left_on {
            calendar::write_date(&mut buf, d);
        }
        buf.push(b',');
        buf.extend_from_slice(p.leave_reason.map_or("", LeaveReason::word).as_bytes());
        buf.push(b'\n');
    }
    out.write_all(&buf)?;
    out.flush()
}
