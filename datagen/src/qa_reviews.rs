//! The QA reviews table: one row per review of a ticket.
//!
//! Every ticket with a `qa_score` (15% of answered, solved tickets) was reviewed by its team's
//! lead 1 to 5 days after it was solved, with that score; one reviewed ticket in ten was
//! reviewed a second time, for calibration, by the lead of the next team, whose score differs
//! by a normal spread of 4 points. Reviews after the end of the range are not written; the
//! deliberately bad ticket rows get no review.

use crate::Config;
use crate::calendar::{self, DAY, HOUR, MICROS};
use crate::catalog::{AGENT_NAMES, LEADS, TEAMS};
use crate::csv::{write_id, write_tenths};
use crate::math;
use crate::rng::Rng;
use crate::tickets;
use std::io::{self, Write};

/// One row of `qa_reviews.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct QaReview {
    /// The number in the `review_id` (`R000042` is 42), in `reviewed_at` order.
    pub review_id: u32,
    /// The number in the reviewed ticket's `ticket_id`.
    pub ticket_id: u32,
    /// Index into [`AGENT_NAMES`]: the agent reviewed.
    pub agent: u16,
    /// Index into [`TEAMS`]: the agent's team.
    pub team: u16,
    /// Index into [`LEADS`]: who reviewed.
    pub reviewer: u16,
    /// When the review was completed, in microseconds since the Unix epoch (UTC).
    pub reviewed_at: i64,
    /// The score, 0-100, a multiple of 0.1.
    pub score: f64,
}

/// Width of the number in review ids.
const ID_WIDTH: usize = 6;

/// The QA reviews for `config`, in `reviewed_at` order.
pub fn qa_reviews(config: &Config) -> Vec<QaReview> {
    let mut rng = Rng::new(config.seed, 4);
    let mut out = Vec::new();
    for ticket in tickets::tickets(config) {
        let (Some(score), Some(solved), Some(agent), Some(team), None) = (
            ticket.qa_score,
            ticket.solved_at,
            ticket.agent,
            ticket.team,
            ticket.defect,
        ) else {
            continue;
        };
        let solved = solved.div_euclid(MICROS);
        let at = solved + (1 + rng.below(5) as i64) * DAY + rng.below(8) as i64 * HOUR;
        let second = rng.chance(0.1);
        let delta = 4.0 * rng.normal();
        let later = at + (1 + rng.below(3) as i64) * DAY;
        let leads = LEADS.len() as u16;
        let mut review = |at: i64, reviewer: u16, score: f64| {
            if at <= config.end {
                out.push(QaReview {
                    review_id: 0,
                    ticket_id: ticket.ticket_id,
                    agent,
                    team,
                    reviewer,
                    reviewed_at: at * MICROS,
                    score: tenths(score.clamp(0.0, 100.0)),
                });
            }
        };
        review(at, team % leads, score);
        if second {
            review(later, (team + 1) % leads, score + delta);
        }
    }
    out.sort_by_key(|r| (r.reviewed_at, r.ticket_id, r.reviewer));
    for (i, r) in out.iter_mut().enumerate() {
        r.review_id = i as u32 + 1;
    }
    out
}

fn tenths(x: f64) -> f64 {
    math::round(x * 10.0) as f64 / 10.0
}

/// Writes `qa_reviews.csv`.
pub fn write_qa_reviews_csv<W: Write>(config: &Config, mut out: W) -> io::Result<()> {
    let mut buf = Vec::with_capacity(1 << 16);
    buf.extend_from_slice(b"review_id,ticket_id,agent,team,reviewer,reviewed_at,score\n");
    let ticket_width = config.ticket_id_width();
    for r in qa_reviews(config) {
        write_id(&mut buf, b'R', r.review_id, ID_WIDTH);
        buf.push(b',');
        write_id(&mut buf, b'T', r.ticket_id, ticket_width);
        buf.push(b',');
        buf.extend_from_slice(AGENT_NAMES[usize::from(r.agent)].as_bytes());
        buf.push(b',');
        buf.extend_from_slice(TEAMS[usize::from(r.team)].as_bytes());
        buf.push(b',');
        buf.extend_from_slice(LEADS[usize::from(r.reviewer)].as_bytes());
        buf.push(b',');
        calendar::write_timestamp(&mut buf, r.reviewed_at.div_euclid(MICROS), 0);
        buf.push(b',');
        write_tenths(&mut buf, Some(r.score));
        buf.push(b'\n');
    }
    out.write_all(&buf)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scored_ticket_is_reviewed_once_by_its_lead_and_some_twice() {
        let config = Config {
            tickets: 3_000,
            ..Config::default()
        };
        let reviews = qa_reviews(&config);
        let scored: Vec<_> = tickets::tickets(&config)
            .filter(|t| t.qa_score.is_some() && t.defect.is_none())
            .collect();
        let first: Vec<_> = reviews.iter().filter(|r| r.reviewer == r.team).collect();
        // Reviews falling after the end of the range are dropped: at most a handful.
        assert!(first.len() <= scored.len() && first.len() + 20 >= scored.len());
        let twice = reviews.len() - first.len();
        assert!(
            twice * 20 > first.len() && twice * 5 < first.len(),
            "{twice}"
        );
        for r in &first {
            let ticket = scored.iter().find(|t| t.ticket_id == r.ticket_id).unwrap();
            assert_eq!(Some(r.score), ticket.qa_score);
            assert!(r.reviewed_at > ticket.solved_at.unwrap());
        }
        assert!(
            reviews
                .windows(2)
                .all(|w| w[0].reviewed_at <= w[1].reviewed_at)
        );
        assert!(reviews.iter().all(|r| (0.0..=100.0).contains(&r.score)));
    }
}
