//! The ticket stream: one [`Ticket`] per row, in `created_at` order.
//!
//! Arrival times come from [`crate::volume`]; each arrival is either a repeat contact that an
//! earlier row scheduled (same customer, often the same topic) or a new contact from a random
//! customer. Everything else about the row is drawn from distributions that depend on the
//! channel, the priority, the agent and a `progress` value (0 at the start of the range, 1 at
//! the end) that drives the improvement trends.

use crate::calendar::{DAY, HOUR, MICROS};
use crate::catalog::{
    AGENTS, Article, CHANNEL_WEIGHTS, CHAT, DANA_LEE, EMAIL, PHONE, PRIORITY_WEIGHTS, SAM_RIVERA,
    SLA_SECONDS, TEAMS, TOPICS, WEB, status, team,
};
use crate::defects::{self, BoolColumn, DUPLICATE_DISTANCE, Defect, Planned};
use crate::math;
use crate::rng::{self, Rng};
use crate::staff::Roster;
use crate::volume::{self, DayPlan, Intraday};
use crate::{Config, TicketColumns};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// One row of `tickets.csv`, typed. Coded fields index the dictionaries of [`crate::catalog`];
/// timestamps are microseconds since the Unix epoch (UTC).
///
/// On a deliberately bad row, [`Ticket::defect`] says what is wrong; the typed fields hold the
/// bad value where it has a type (`csat` 7, a negative `handle_seconds`, the `fax` channel code)
/// and `None` where the CSV text does not parse (`created_at` `yesterday`, a boolean `maybe`).
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    /// The number in the `ticket_id` (`T000042` is 42).
    pub ticket_id: u32,
    /// When the customer opened the ticket.
    pub created_at: Option<i64>,
    /// First public agent reply; `None` if never answered.
    pub first_response_at: Option<i64>,
    /// Final solve; `None` while unsolved.
    pub solved_at: Option<i64>,
    /// UTC offset the row's timestamps are written in (0 = `Z`; a few rows use another).
    pub utc_offset_minutes: i16,
    /// Index into [`crate::catalog::CHANNELS`].
    pub channel: u16,
    /// Index into [`crate::catalog::PRIORITIES`]; `None` on self-service sessions.
    pub priority: Option<u16>,
    /// Index into [`crate::catalog::TOPICS`]: the topic at creation.
    pub initial_topic: u16,
    /// Index into [`crate::catalog::TOPICS`]: the final topic.
    pub topic: u16,
    /// Index into [`crate::catalog::TAG_SETS`]; `None` for no tags.
    pub tags: Option<u16>,
    /// The number in the `customer` id (`C00042` is 42).
    pub customer: u32,
    /// Index into [`crate::catalog::AGENT_NAMES`]; `None` when unassigned.
    pub agent: Option<u16>,
    /// Index into [`crate::catalog::TEAMS`]; `None` on self-service sessions.
    pub team: Option<u16>,
    /// Index into [`crate::catalog::STATUSES`].
    pub status: u16,
    /// Public agent replies.
    pub agent_replies: u32,
    /// Times reopened.
    pub reopens: u32,
    /// Times moved to another group.
    pub reassignments: u32,
    /// Agent working time in seconds, a multiple of 0.1.
    pub handle_seconds: Option<f64>,
    /// Escalated to a higher tier.
    pub escalated: Option<bool>,
    /// Transferred between agents or queues.
    pub transferred: Option<bool>,
    /// Resolution SLA target by priority.
    pub sla_seconds: Option<i64>,
    /// Solved within the SLA; `None` while unsolved.
    pub sla_met: Option<bool>,
    /// CSAT rating 1-5.
    pub csat: Option<i8>,
    /// When the CSAT rating arrived.
    pub csat_rated_at: Option<i64>,
    /// When an agent followed up on the rating.
    pub csat_followed_up_at: Option<i64>,
    /// Likelihood to recommend, 0-10.
    pub nps: Option<i8>,
    /// Customer effort, 1-7 (7 = easiest).
    pub ces: Option<i8>,
    /// Quality review score 0-100, a multiple of 0.1.
    pub qa_score: Option<f64>,
    /// An agent linked a KB article.
    pub kb_linked: Option<bool>,
    /// Answered with the approved response; `None` when never answered.
    pub approved_response: Option<bool>,
    /// The row is a self-service session, not a ticket.
    pub self_service: Option<bool>,
    /// The session resolved the issue; `None` on tickets.
    pub self_service_resolved: Option<bool>,
    /// Led to a positive public review citing support.
    pub positive_review: Option<bool>,
    /// The topic had a published help-center article when the row was created.
    pub help_article: Option<bool>,
    /// What is wrong with the row, on the deliberately bad rows.
    pub defect: Option<Defect>,
}

/// Median first response time per channel, in seconds.
const FRT_MEDIAN: [f64; 7] = [
    55.0,
    8.0 * 3600.0,
    14.0,
    5.0 * 3600.0,
    3600.0,
    480.0,
    1200.0,
];
/// Log-scale spread of the first response time per channel.
const FRT_SIGMA: [f64; 7] = [0.75, 1.0, 0.6, 1.0, 0.9, 0.9, 0.9];
/// Median time from first response to solve per channel, in seconds.
const SOLVE_MEDIAN: [f64; 7] = [
    600.0,
    6.0 * 3600.0,
    420.0,
    5.0 * 3600.0,
    2.0 * 3600.0,
    1800.0,
    3600.0,
];
/// Median handle time per channel, in seconds.
const HANDLE_MEDIAN: [f64; 7] = [540.0, 420.0, 780.0, 480.0, 420.0, 480.0, 360.0];
/// First-response speed-up per priority on asynchronous channels (low … urgent).
const PRIORITY_FRT: [f64; 4] = [1.3, 1.0, 0.6, 0.35];
/// Resolution speed-up per priority.
const PRIORITY_SOLVE: [f64; 4] = [1.6, 1.0, 0.5, 0.35];
/// Escalation likelihood per priority.
const PRIORITY_ESCALATION: [f64; 4] = [0.6, 0.9, 1.4, 2.0];
/// Display offsets of the few rows not written in UTC.
const OFFSETS: [i16; 3] = [60, -300, 330];
/// Marks a follow-up that may be on any topic.
const ANY_TOPIC: u16 = u16::MAX;

/// A repeat contact scheduled by an earlier row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct FollowUp {
    due: i64,
    seq: u64,
    customer: u32,
    topic: u16,
}

/// Topic weights from an instant on: for tickets, and for self-service sessions (only topics
/// with a published article).
#[derive(Debug, Clone)]
struct TopicEpoch {
    from: i64,
    tickets: Vec<f64>,
    sessions: Vec<f64>,
}

/// The streaming generator: an iterator of [`Ticket`]s in `created_at` order. Create it with
/// [`tickets`]. Holds O(days + pending repeat contacts) memory, whatever the ticket count.
#[derive(Debug, Clone)]
pub struct TicketGenerator {
    start: i64,
    end: i64,
    span: f64,
    rng: Rng,
    intraday: Intraday,
    days: Vec<DayPlan>,
    day: usize,
    day_start: i64,
    times: Vec<u32>,
    next_time: usize,
    row: u64,
    remaining: u64,
    customers: u64,
    salt: u64,
    followups: BinaryHeap<Reverse<FollowUp>>,
    seq: u64,
    roster: Roster,
    topics: Vec<TopicEpoch>,
    topic_epoch: usize,
    article_from: [i64; 40],
    team_qa: [f64; 6],
    defects: Vec<(u64, Planned)>,
    next_defect: usize,
    channel_cum: Vec<f64>,
    priority_cum: Vec<f64>,
    id_width: usize,
    customer_width: usize,
}

/// The ticket stream for a configuration (see [`TicketGenerator`]).
///
/// ```
/// let config = goal_datagen::Config { tickets: 1_000, ..Default::default() };
/// let rows: Vec<_> = goal_datagen::tickets(&config).collect();
/// assert_eq!(rows.len(), 1_000);
/// ```
pub fn tickets(config: &Config) -> TicketGenerator {
    TicketGenerator::new(config)
}

impl TicketGenerator {
    /// A generator for `config`. An empty range (`end < start`) yields no rows.
    pub fn new(config: &Config) -> TicketGenerator {
        let mut plan_rng = Rng::new(config.seed, 1);
        let intraday = Intraday::new();
        let days = if config.end < config.start {
            Vec::new()
        } else {
            volume::plan(config, &intraday, &mut plan_rng)
        };
        let remaining = days.iter().map(|d| d.count).sum();
        let span = (config.end - config.start).max(1) as f64;
        let at = |f: f64| config.start + (f * span) as i64;
        let mut article_from = [i64::MAX; 40];
        let mut changes = vec![config.start];
        for (i, (_, article)) in TOPICS.iter().enumerate() {
            article_from[i] = match *article {
                Article::Always => i64::MIN,
                Article::At(f) => {
                    changes.push(at(f));
                    at(f)
                }
                Article::Never => i64::MAX,
            };
        }
        changes.sort_unstable();
        changes.dedup();
        let topics = changes
            .into_iter()
            .map(|from| {
                let weight = |i: usize| 1.0 / (i + 1) as f64;
                let tickets: Vec<f64> = (0..TOPICS.len())
                    .map(|i| {
                        // Tickets on a topic drop by a quarter once its new article is out.
                        let late = matches!(TOPICS[i].1, Article::At(_));
                        let deflected = late && article_from[i] <= from;
                        weight(i) * if deflected { 0.75 } else { 1.0 }
                    })
                    .collect();
                let sessions: Vec<f64> = (0..TOPICS.len())
                    .map(|i| {
                        if article_from[i] <= from {
                            weight(i)
                        } else {
                            0.0
                        }
                    })
                    .collect();
                TopicEpoch {
                    from,
                    tickets: rng::cumulative(&tickets),
                    sessions: rng::cumulative(&sessions),
                }
            })
            .collect();
        let mut team_qa = [0.0; 6];
        for (t, qa) in team_qa.iter_mut().enumerate() {
            let scores: Vec<f64> = AGENTS[..30]
                .iter()
                .filter(|a| usize::from(a.team) == t)
                .map(|a| a.qa_mean)
                .collect();
            *qa = scores.iter().sum::<f64>() / scores.len().max(1) as f64;
        }
        debug_assert_eq!(TEAMS.len(), 6);
        TicketGenerator {
            start: config.start,
            end: config.end,
            span,
            rng: Rng::new(config.seed, 2),
            intraday,
            days,
            day: 0,
            day_start: 0,
            times: Vec::new(),
            next_time: 0,
            row: 0,
            remaining,
            customers: config.customer_count(),
            salt: rng::mix(config.seed ^ 0x5e6d_e47a),
            followups: BinaryHeap::new(),
            seq: 0,
            roster: Roster::new(config),
            topics,
            topic_epoch: 0,
            article_from,
            team_qa,
            defects: defects::plan(config.tickets, config.bad_rows),
            next_defect: 0,
            channel_cum: rng::cumulative(&CHANNEL_WEIGHTS),
            priority_cum: rng::cumulative(&PRIORITY_WEIGHTS),
            id_width: config.ticket_id_width(),
            customer_width: config.customer_id_width(),
        }
    }

    /// The next `max_rows` rows (fewer at the end) as columns; `None` once all rows are out.
    /// Concatenating the chunks gives [`crate::generate_columns`].
    ///
    /// ```
    /// let config = goal_datagen::Config { tickets: 2_500, ..Default::default() };
    /// let mut generator = goal_datagen::tickets(&config);
    /// let mut sizes = Vec::new();
    /// while let Some(chunk) = generator.next_chunk(1_000) {
    ///     sizes.push(chunk.len());
    /// }
    /// assert_eq!(sizes, [1_000, 1_000, 500]);
    /// ```
    pub fn next_chunk(&mut self, max_rows: usize) -> Option<TicketColumns> {
        let rows = self.len().min(max_rows);
        if rows == 0 {
            return None;
        }
        let mut columns = TicketColumns::with_widths(self.id_width, self.customer_width, rows);
        for ticket in self.by_ref().take(rows) {
            columns.push(&ticket);
        }
        Some(columns)
    }

    /// The next arrival time in seconds, or `None` when all rows are out.
    fn next_arrival(&mut self) -> Option<i64> {
        while self.next_time >= self.times.len() {
            let plan = *self.days.get(self.day)?;
            self.day += 1;
            self.times.clear();
            for _ in 0..plan.count {
                let sec = self.intraday.draw(&mut self.rng, plan.lo, plan.hi);
                self.times.push(sec);
            }
            self.times.sort_unstable();
            self.next_time = 0;
            self.day_start = plan.start;
        }
        let sec = self.times[self.next_time];
        self.next_time += 1;
        Some(self.day_start + i64::from(sec))
    }

    /// Moves to the topic tables in force at `t` (times never go backwards).
    fn advance_topics(&mut self, t: i64) {
        while self.topic_epoch + 1 < self.topics.len()
            && self.topics[self.topic_epoch + 1].from <= t
        {
            self.topic_epoch += 1;
        }
    }

    /// The tag set of a customer: a stable segment per customer (40% retail, 14% wholesale).
    fn tags_of(&self, customer: u32) -> Option<u16> {
        let h = rng::mix(u64::from(customer) ^ self.salt);
        let segment = (h >> 40) as f64 / (1u64 << 24) as f64;
        let vip = (h & 0xff_ffff) as f64 / (1u64 << 24) as f64;
        if segment < 0.40 {
            Some(if vip < 0.10 { 1 } else { 0 })
        } else if segment < 0.54 {
            Some(if vip < 0.15 { 3 } else { 2 })
        } else if vip < 0.03 {
            Some(4)
        } else {
            None
        }
    }

    /// The team a new ticket is routed to.
    fn route(&mut self, channel: u16, priority: u16) -> u16 {
        let u = self.rng.uniform();
        if priority == 3 && u < 0.35 || priority == 2 && u < 0.10 {
            return team::TIER_2;
        }
        let u = self.rng.uniform();
        match channel {
            CHAT if u < 0.80 => team::CHAT_SUPPORT,
            CHAT if u < 0.92 => team::TIER_1,
            EMAIL if u < 0.70 => team::EMAIL_SUPPORT,
            EMAIL if u >= 0.90 => team::TIER_1,
            PHONE if u < 0.85 => team::PHONE_SUPPORT,
            PHONE => team::TIER_1,
            WEB if u >= 0.75 => team::TIER_1,
            5 if u < 0.60 => team::CHAT_SUPPORT,
            4 | 6 if u >= 0.60 => team::CHAT_SUPPORT,
            _ => team::CUSTOMER_SUPPORT,
        }
    }

    fn row(&mut self, t: i64) -> Ticket {
        let p = ((t - self.start) as f64 / self.span).clamp(0.0, 1.0);
        let due = self.followups.peek().is_some_and(|f| f.0.due <= t);
        let popped = if due { self.followups.pop() } else { None };
        let (customer, carried) = match popped {
            Some(Reverse(f)) => (f.customer, Some(f.topic)),
            None => (1 + self.rng.below(self.customers) as u32, None),
        };
        let tags = self.tags_of(customer);
        let session = carried.is_none() && self.rng.chance(0.05 + 0.01 * p);
        let mut ticket = if session {
            self.session(t, p, customer, tags)
        } else {
            self.ticket(t, p, customer, tags, carried.filter(|&c| c != ANY_TOPIC))
        };
        if self.rng.chance(0.002) {
            ticket.utc_offset_minutes = OFFSETS[self.rng.below(3) as usize];
        }
        self.schedule_repeat(t, p, &ticket);
        ticket
    }

    /// Decides whether the customer comes back within a week, and when.
    fn schedule_repeat(&mut self, t: i64, p: f64, row: &Ticket) {
        let (chance, median, same_topic) = if row.self_service == Some(true) {
            let resolved = row.self_service_resolved == Some(true);
            (if resolved { 0.06 } else { 0.55 }, 0.8 * DAY as f64, 0.9)
        } else {
            let first_contact =
                row.solved_at.is_some() && row.agent_replies == 1 && row.reopens == 0;
            let base = 0.135 - 0.035 * p;
            (
                base * if first_contact { 0.75 } else { 1.4 },
                1.2 * DAY as f64,
                0.6,
            )
        };
        if !self.rng.chance(chance) {
            return;
        }
        let delay = self
            .rng
            .lognormal(median, 0.8)
            .clamp(900.0, 6.5 * DAY as f64) as i64;
        let topic = if self.rng.chance(same_topic) {
            row.topic
        } else {
            ANY_TOPIC
        };
        self.seq += 1;
        self.followups.push(Reverse(FollowUp {
            due: t + delay,
            seq: self.seq,
            customer: row.customer,
            topic,
        }));
    }

    fn session(&mut self, t: i64, p: f64, customer: u32, tags: Option<u16>) -> Ticket {
        self.advance_topics(t);
        let topic = self.rng.pick(&self.topics[self.topic_epoch].sessions) as u16;
        let resolved = self.rng.chance(0.50 + 0.10 * p);
        let ended = t + math::round(self.rng.lognormal(240.0, 0.7)).max(1);
        let solved_at = (ended <= self.end).then_some(ended);
        Ticket {
            ticket_id: self.row as u32 + 1,
            created_at: Some(t * MICROS),
            first_response_at: None,
            solved_at: solved_at.map(|s| s * MICROS),
            utc_offset_minutes: 0,
            channel: WEB,
            priority: None,
            initial_topic: topic,
            topic,
            tags,
            customer,
            agent: None,
            team: None,
            status: solved_status(solved_at, self.end),
            agent_replies: 0,
            reopens: 0,
            reassignments: 0,
            handle_seconds: None,
            escalated: Some(false),
            transferred: Some(false),
            sla_seconds: None,
            sla_met: None,
            csat: None,
            csat_rated_at: None,
            csat_followed_up_at: None,
            nps: None,
            ces: None,
            qa_score: None,
            kb_linked: Some(false),
            approved_response: None,
            self_service: Some(true),
            self_service_resolved: Some(resolved),
            positive_review: Some(false),
            help_article: Some(true),
            defect: None,
        }
    }

    fn ticket(
        &mut self,
        t: i64,
        p: f64,
        customer: u32,
        tags: Option<u16>,
        carried: Option<u16>,
    ) -> Ticket {
        let channel = self.rng.pick(&self.channel_cum) as u16;
        let priority = self.rng.pick(&self.priority_cum) as u16;
        let (ch, pr) = (usize::from(channel), usize::from(priority));
        self.advance_topics(t);
        let topic = match carried {
            Some(topic) => topic,
            None => self.rng.pick(&self.topics[self.topic_epoch].tickets) as u16,
        };
        let mut initial_topic = topic;
        if self.rng.chance(0.12 - 0.04 * p) {
            let table = &self.topics[self.topic_epoch].tickets;
            for _ in 0..8 {
                initial_topic = self.rng.pick(table) as u16;
                if initial_topic != topic {
                    break;
                }
            }
            if initial_topic == topic {
                initial_topic = (topic + 1) % TOPICS.len() as u16;
            }
        }
        let team = self.route(channel, priority);
        let members = self.roster.team_at(t, team);
        let agent = members[self.rng.below(members.len() as u64) as usize];
        let team = AGENTS[usize::from(agent)].team;
        let qa_mean = AGENTS[usize::from(agent)].qa_mean;
        let skill = (qa_mean - 82.0) / 8.0;
        let rng = &mut self.rng;

        // First response.
        let never_answered = rng.chance(0.025);
        let stuck = rng.chance(0.04 - 0.02 * p);
        let stuck_unanswered = stuck && rng.chance(0.4);
        let live = channel == CHAT || channel == PHONE;
        let priority_frt = if live { 1.0 } else { PRIORITY_FRT[pr] };
        let trend_frt = if channel == PHONE {
            1.0 - 0.10 * p
        } else {
            1.0 - 0.31 * p
        };
        let frt = rng.lognormal(FRT_MEDIAN[ch] * priority_frt * trend_frt, FRT_SIGMA[ch]);
        let answered_at = t + math::round(frt).max(1);
        let first_response = (!never_answered && !stuck_unanswered && answered_at <= self.end)
            .then_some(answered_at);

        // Escalations, transfers, reassignments, reopens.
        let mut escalation = (0.09 - 0.02 * p) * PRIORITY_ESCALATION[pr] * (1.0 - 0.12 * skill);
        if team == team::TIER_2 {
            escalation *= 0.5;
        }
        if agent == SAM_RIVERA && p < 0.7 {
            escalation *= 1.4;
        }
        let escalated = rng.chance(escalation);
        let transferred = rng.chance(if channel == PHONE {
            0.21 - 0.03 * p
        } else {
            0.085
        });
        let reassignments = if escalated {
            1 + u32::from(rng.chance(0.25))
        } else {
            u32::from(transferred && rng.chance(0.4) || rng.chance(0.04))
        };
        let reopens = if rng.chance(0.065 - 0.01 * p) {
            1 + u32::from(rng.chance(0.2))
        } else {
            0
        };

        // Resolution.
        let mut solve = if never_answered {
            rng.lognormal(3.0 * HOUR as f64, 1.0)
        } else {
            let escalated_factor = if escalated { 2.5 } else { 1.0 };
            let median = SOLVE_MEDIAN[ch] * PRIORITY_SOLVE[pr] * (1.0 - 0.15 * p);
            rng.lognormal(median * escalated_factor, 1.0)
        };
        for _ in 0..reopens {
            solve += rng.lognormal(1.5 * DAY as f64, 0.7);
        }
        let solve_at = first_response.unwrap_or(t) + math::round(solve).max(1);
        let solved = !stuck && (never_answered || first_response.is_some()) && solve_at <= self.end;
        let solved_at = solved.then_some(solve_at);
        let handled = solved || first_response.is_some();

        let agent_replies = match (first_response, solved) {
            (None, _) => 0,
            (Some(_), true) if reopens > 0 => 2 + rng.geometric(0.45, 10),
            (Some(_), true) => {
                let one = if escalated { 0.2 } else { 0.77 + 0.08 * p };
                if rng.chance(one) {
                    1
                } else {
                    2 + rng.geometric(0.5, 10)
                }
            }
            (Some(_), false) => 1 + rng.geometric(0.6, 8),
        };
        let status = match (solved_at, first_response) {
            (Some(_), _) => solved_status(solved_at, self.end),
            (None, None) => status::NEW,
            (None, Some(_)) if rng.chance(0.55) => status::OPEN,
            (None, Some(_)) => status::PENDING,
        };
        let handle_seconds = handled.then(|| {
            let h = if first_response.is_none() {
                rng.lognormal(60.0, 0.5)
            } else {
                let replies = f64::from(agent_replies.max(1) - 1);
                let factor = (1.0 - 0.1 * p) * (1.0 + 0.35 * replies);
                let escalated_factor = if escalated { 1.3 } else { 1.0 };
                rng.lognormal(HANDLE_MEDIAN[ch] * factor * escalated_factor, 0.55)
            };
            tenths(h)
        });
        let sla = SLA_SECONDS[pr];
        let sla_met = solved_at.map(|s| s - t <= sla);
        let slow = sla_met == Some(false);

        // Surveys.
        let (mut csat, mut rated_at, mut followed_up) = (None, None, None);
        if let Some(solved_at) = solved_at
            && agent_replies > 0
            && rng.chance(0.25)
        {
            let rated = solved_at + math::round(rng.lognormal(3.0 * HOUR as f64, 1.0));
            if rated <= self.end {
                let mut good = 0.81 + 0.05 * p + 0.02 * skill;
                if slow {
                    good -= 0.18;
                }
                if reopens > 0 {
                    good -= 0.15;
                }
                let score: i8 = if rng.chance(good) {
                    if rng.chance(0.68) { 5 } else { 4 }
                } else {
                    let u = rng.uniform();
                    if u < 0.38 {
                        3
                    } else if u < 0.60 {
                        2
                    } else {
                        1
                    }
                };
                let follow = if agent == DANA_LEE {
                    rng.chance(0.9)
                        .then(|| rng.lognormal(5.0 * HOUR as f64, 1.0))
                } else if score <= 3 && rng.chance(0.6) {
                    Some(rng.lognormal(8.0 * HOUR as f64, 1.2))
                } else {
                    None
                };
                csat = Some(score);
                rated_at = Some(rated);
                followed_up = follow
                    .map(|d| rated + math::round(d).max(60))
                    .filter(|&f| f <= self.end);
            }
        }
        let answered_and_solved = solved && agent_replies > 0;
        let nps = (answered_and_solved && rng.chance(0.10)).then(|| {
            let promoter = 0.44 + 0.08 * p + 0.03 * skill - if slow { 0.1 } else { 0.0 };
            let detractor = 0.26 - 0.05 * p + if slow { 0.1 } else { 0.0 };
            let u = rng.uniform();
            if u < promoter {
                9 + i8::from(rng.chance(0.55))
            } else if u < 1.0 - detractor {
                7 + i8::from(rng.chance(0.5))
            } else {
                6 - rng.geometric(0.45, 6) as i8
            }
        });
        let ces = (answered_and_solved && rng.chance(0.10)).then(|| {
            let mean = 4.5 + 0.4 * p + 0.2 * skill - if slow { 0.6 } else { 0.0 };
            math::round(mean + 1.3 * rng.normal()).clamp(1, 7) as i8
        });
        let qa_score = (answered_and_solved && rng.chance(0.15)).then(|| {
            let team_mean = self.team_qa[usize::from(team)];
            let mean = team_mean + (qa_mean - team_mean) * (1.0 - 0.45 * p) + 2.5 * p;
            tenths((mean + 5.5 * rng.normal()).clamp(0.0, 100.0))
        });
        let kb_linked = handled && rng.chance(0.30 + 0.10 * p + 0.03 * skill);
        let approved_response = first_response
            .is_some()
            .then(|| rng.chance(0.65 + 0.10 * p + 0.02 * skill));
        let positive_review = solved && rng.chance(0.01);
        let help_article = self.article_from[usize::from(topic)] <= t;

        let micros = |s: Option<i64>| s.map(|s| s * MICROS);
        Ticket {
            ticket_id: self.row as u32 + 1,
            created_at: Some(t * MICROS),
            first_response_at: micros(first_response),
            solved_at: micros(solved_at),
            utc_offset_minutes: 0,
            channel,
            priority: Some(priority),
            initial_topic,
            topic,
            tags,
            customer,
            agent: (status != status::NEW).then_some(agent),
            team: Some(team),
            status,
            agent_replies,
            reopens: if handled { reopens } else { 0 },
            reassignments: if handled { reassignments } else { 0 },
            handle_seconds,
            escalated: Some(handled && escalated),
            transferred: Some(handled && transferred),
            sla_seconds: Some(sla),
            sla_met,
            csat,
            csat_rated_at: micros(rated_at),
            csat_followed_up_at: micros(followed_up),
            nps,
            ces,
            qa_score,
            kb_linked: Some(kb_linked),
            approved_response,
            self_service: Some(false),
            self_service_resolved: None,
            positive_review: Some(positive_review),
            help_article: Some(help_article),
            defect: None,
        }
    }

    /// Turns the row into the next planned bad row if it is due and the row is a solved ticket.
    fn apply_defect(&mut self, ticket: &mut Ticket) {
        let Some(&(at, planned)) = self.defects.get(self.next_defect) else {
            return;
        };
        if self.row < at || ticket.self_service != Some(false) {
            return;
        }
        let (Some(created), Some(solved)) = (ticket.created_at, ticket.solved_at) else {
            return;
        };
        self.next_defect += 1;
        let defect = match planned {
            Planned::MissingCreatedAt => {
                ticket.created_at = None;
                Defect::MissingCreatedAt
            }
            Planned::Unparseable(text) => {
                ticket.created_at = None;
                Defect::UnparseableCreatedAt(text)
            }
            Planned::FirstResponseBefore => {
                let minutes = 45 + (self.row % 90) as i64;
                ticket.first_response_at = Some(created - minutes * 60 * MICROS);
                Defect::FirstResponseBeforeCreated
            }
            Planned::Channel(code) => {
                ticket.channel = code;
                Defect::UnknownChannel
            }
            Planned::Duplicate => {
                let earlier = self.row.saturating_sub(DUPLICATE_DISTANCE.min(self.row));
                ticket.ticket_id = earlier as u32 + 1;
                Defect::DuplicateId
            }
            Planned::Csat(score) => {
                ticket.csat = Some(score);
                if ticket.csat_rated_at.is_none() {
                    ticket.csat_rated_at =
                        Some((solved + 2 * HOUR * MICROS).min(self.end * MICROS));
                }
                Defect::CsatOutOfRange
            }
            Planned::NegativeHandle => {
                ticket.handle_seconds = Some(-ticket.handle_seconds.unwrap_or(312.5).max(1.0));
                Defect::NegativeHandleSeconds
            }
            Planned::Junk(column) => {
                match column {
                    BoolColumn::Escalated => ticket.escalated = None,
                    BoolColumn::SlaMet => ticket.sla_met = None,
                    BoolColumn::KbLinked => ticket.kb_linked = None,
                }
                Defect::JunkBoolean(column)
            }
        };
        ticket.defect = Some(defect);
    }
}

/// `solved` or `closed` (solved more than 4 days before `end`) for a solve time, `open` for
/// none.
fn solved_status(solved_at: Option<i64>, end: i64) -> u16 {
    match solved_at {
        Some(s) if s < end - 4 * DAY => status::CLOSED,
        Some(_) => status::SOLVED,
        None => status::OPEN,
    }
}

/// Rounds to a multiple of 0.1 (so the CSV's one decimal is exact).
fn tenths(x: f64) -> f64 {
    math::round(x * 10.0) as f64 / 10.0
}

impl Iterator for TicketGenerator {
    type Item = Ticket;

    fn next(&mut self) -> Option<Ticket> {
        let t = self.next_arrival()?;
        let mut ticket = self.row(t);
        self.apply_defect(&mut ticket);
        self.row += 1;
        self.remaining = self.remaining.saturating_sub(1);
        Some(ticket)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = usize::try_from(self.remaining).unwrap_or(usize::MAX);
        (n, Some(n))
    }
}

impl ExactSizeIterator for TicketGenerator {}
