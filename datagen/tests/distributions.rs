//! The distributions of the example data, computed from the generated rows, against the
//! targets in the README (tolerances are wide enough to check by hand, narrow enough to catch a
//! broken generator).

use goal_datagen::calendar::{self, DAY, MICROS};
use goal_datagen::catalog::{AGENT_NAMES, AGENTS, Article, CHANNELS, TEAMS, TOPICS};
use goal_datagen::{
    BoolColumn, Config, Defect, Ticket, generate_columns, meetings, staff, tickets,
    write_tickets_csv,
};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

fn config() -> Config {
    Config::default()
}

fn rows() -> &'static [Ticket] {
    static ROWS: OnceLock<Vec<Ticket>> = OnceLock::new();
    ROWS.get_or_init(|| tickets(&config()).collect())
}

#[allow(clippy::unwrap_used)] // A test helper: writing to memory cannot fail.
fn csv() -> &'static str {
    static CSV: OnceLock<String> = OnceLock::new();
    CSV.get_or_init(|| {
        let mut out = Vec::new();
        write_tickets_csv(&config(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    })
}

/// Clean tickets (not self-service sessions, not bad rows).
fn clean_tickets() -> impl Iterator<Item = &'static Ticket> {
    rows()
        .iter()
        .filter(|t| t.self_service == Some(false) && t.defect.is_none())
}

fn share<T>(items: &[T], pred: impl Fn(&T) -> bool) -> f64 {
    items.iter().filter(|x| pred(x)).count() as f64 / items.len().max(1) as f64
}

fn assert_between(what: &str, value: f64, low: f64, high: f64) {
    assert!(
        (low..=high).contains(&value),
        "{what} = {value:.4}, expected {low}..={high}"
    );
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn secs(micros: i64) -> i64 {
    micros / MICROS
}

#[test]
fn row_count_order_and_range() {
    let c = config();
    let rows = rows();
    assert_eq!(rows.len(), 30_000);
    let created: Vec<i64> = rows.iter().filter_map(|t| t.created_at).map(secs).collect();
    assert!(
        created.windows(2).all(|w| w[0] <= w[1]),
        "not in created_at order"
    );
    assert!(created.iter().all(|&t| t >= c.start && t <= c.end));
    // At least 20,000 tickets in every 12 consecutive calendar months of the range.
    let mut months: BTreeMap<(i64, u32), u32> = BTreeMap::new();
    for &t in &created {
        let (y, m, _) = calendar::civil_from_days(t.div_euclid(DAY));
        *months.entry((y, m)).or_default() += 1;
    }
    let counts: Vec<u32> = months.values().copied().collect();
    assert_eq!(counts.len(), 17);
    for window in counts.windows(12) {
        let total: u32 = window.iter().sum();
        assert!(total >= 20_000, "12 months with {total} tickets");
    }
}

#[test]
fn channels_priorities_and_tags() {
    let tickets: Vec<&Ticket> = clean_tickets().collect();
    let expected = [0.30, 0.35, 0.15, 0.10, 0.03, 0.05, 0.02];
    for (code, want) in expected.iter().enumerate() {
        let got = share(&tickets, |t| usize::from(t.channel) == code);
        assert_between(CHANNELS[code], got, want - 0.015, want + 0.015);
    }
    let urgent = share(&tickets, |t| t.priority == Some(3));
    assert_between("urgent share", urgent, 0.05, 0.09);
    // Tags: 40% of customers are retail, so about 40% of rows.
    let retail = share(rows(), |t| {
        t.tags
            .is_some_and(|c| goal_datagen::catalog::TAG_SETS[usize::from(c)].contains("retail"))
    });
    assert_between("retail share", retail, 0.37, 0.43);
}

#[test]
fn repeat_contacts_within_seven_days() {
    let mut by_customer: BTreeMap<u32, Vec<i64>> = BTreeMap::new();
    for t in clean_tickets() {
        if let Some(c) = t.created_at {
            by_customer.entry(t.customer).or_default().push(secs(c));
        }
    }
    let (mut repeats, mut total) = (0, 0);
    for times in by_customer.values() {
        for (i, &t) in times.iter().enumerate() {
            total += 1;
            if times.get(i + 1).is_some_and(|&next| next - t <= 7 * DAY) {
                repeats += 1;
            }
        }
    }
    assert_between(
        "repeat contacts within 7 days",
        repeats as f64 / total as f64,
        0.12,
        0.18,
    );
}

#[test]
fn weekly_seasonality() {
    let mut per_day: BTreeMap<i64, u32> = BTreeMap::new();
    for t in rows() {
        if let Some(c) = t.created_at {
            *per_day.entry(secs(c).div_euclid(DAY)).or_default() += 1;
        }
    }
    let mean = |weekend: bool| {
        let v: Vec<u32> = per_day
            .iter()
            .filter(|(d, _)| (calendar::weekday(**d) >= 5) == weekend)
            .map(|(_, n)| *n)
            .collect();
        f64::from(v.iter().sum::<u32>()) / v.len() as f64
    };
    assert_between(
        "weekend / weekday volume",
        mean(true) / mean(false),
        0.35,
        0.45,
    );
    // November and December are the peak: compare mean daily volumes.
    let month_of = |d: i64| calendar::civil_from_days(d).1;
    let daily = |month: u32| {
        let v: Vec<u32> = per_day
            .iter()
            .filter(|(d, _)| month_of(**d) == month)
            .map(|(_, n)| *n)
            .collect();
        f64::from(v.iter().sum::<u32>()) / v.len() as f64
    };
    assert!(daily(12) > daily(9) * 1.2, "no December peak");
    assert!(daily(11) > daily(9) * 1.1, "no November peak");
}

#[test]
fn first_response_times_by_channel_and_trend() {
    let c = config();
    let frt = |channel: u16| -> Vec<(i64, f64)> {
        clean_tickets()
            .filter(|t| t.channel == channel)
            .filter_map(|t| {
                let (c, f) = (t.created_at?, t.first_response_at?);
                Some((secs(c), (secs(f) - secs(c)) as f64))
            })
            .collect()
    };
    let chat = frt(0);
    let within = |v: &[(i64, f64)]| share(v, |(_, d)| *d <= 60.0);
    assert_between("chat answered within 60 s", within(&chat), 0.60, 0.75);
    let third = (c.end - c.start) / 3;
    let early: Vec<_> = chat
        .iter()
        .copied()
        .filter(|(t, _)| *t < c.start + third)
        .collect();
    let late: Vec<_> = chat
        .iter()
        .copied()
        .filter(|(t, _)| *t > c.end - third)
        .collect();
    assert!(
        within(&late) > within(&early) + 0.08,
        "no improvement trend"
    );
    let chat_median = median(chat.iter().map(|x| x.1).collect());
    assert_between("chat median seconds", chat_median, 35.0, 70.0);
    let phone_median = median(frt(2).iter().map(|x| x.1).collect());
    assert_between("phone median seconds", phone_median, 5.0, 30.0);
    let email_median = median(frt(1).iter().map(|x| x.1).collect());
    assert_between("email median hours", email_median / 3600.0, 3.0, 9.0);
    let never = share(&clean_tickets().collect::<Vec<_>>(), |t| {
        t.first_response_at.is_none()
    });
    assert_between("never answered", never, 0.02, 0.06);
}

#[test]
fn resolution_status_and_sla_are_consistent() {
    let c = config();
    let tickets: Vec<&Ticket> = clean_tickets().collect();
    for t in &tickets {
        let status = goal_datagen::catalog::STATUSES[usize::from(t.status)];
        match t.solved_at {
            Some(s) => {
                let closed = secs(s) < c.end - 4 * DAY;
                assert_eq!(status, if closed { "closed" } else { "solved" });
                let created = secs(t.created_at.unwrap());
                let met = secs(s) - created <= t.sla_seconds.unwrap();
                assert_eq!(t.sla_met, Some(met));
                assert!(secs(s) <= c.end);
            }
            None => {
                assert!(["new", "open", "pending"].contains(&status));
                assert_eq!(t.sla_met, None);
            }
        }
        if t.first_response_at.is_none() {
            assert_eq!(t.agent_replies, 0);
        }
        if let (Some(f), Some(c)) = (t.first_response_at, t.created_at) {
            assert!(f > c);
        }
    }
    // Backlog: about 3% of tickets older than 30 days are still open.
    let old: Vec<&&Ticket> = tickets
        .iter()
        .filter(|t| secs(t.created_at.unwrap()) < c.end - 30 * DAY)
        .collect();
    assert_between(
        "old tickets unsolved",
        share(&old, |t| t.solved_at.is_none()),
        0.02,
        0.04,
    );
    let recent: Vec<&&Ticket> = tickets
        .iter()
        .filter(|t| secs(t.created_at.unwrap()) > c.end - DAY)
        .collect();
    assert!(share(&recent, |t| t.solved_at.is_none()) > 0.2);
    let solved: Vec<&&Ticket> = tickets.iter().filter(|t| t.solved_at.is_some()).collect();
    assert_between(
        "SLA met",
        share(&solved, |t| t.sla_met == Some(true)),
        0.75,
        0.92,
    );
    // First contact resolution: one reply, never reopened; it improves over the range.
    let fcr = |from: i64, to: i64| {
        let v: Vec<_> = solved
            .iter()
            .filter(|t| (from..to).contains(&secs(t.created_at.unwrap())))
            .collect();
        share(&v, |t| t.agent_replies == 1 && t.reopens == 0)
    };
    let third = (c.end - c.start) / 3;
    let (early, late) = (fcr(c.start, c.start + third), fcr(c.end - third, c.end));
    assert_between("early FCR", early, 0.62, 0.72);
    assert!(late > early + 0.03, "FCR {early} -> {late}");
}

#[test]
fn flags_and_counts() {
    let tickets: Vec<&Ticket> = clean_tickets().collect();
    let flag = |f: fn(&Ticket) -> Option<bool>| share(&tickets, |t| f(t) == Some(true));
    assert_between("escalated", flag(|t| t.escalated), 0.06, 0.10);
    assert_between("transferred", flag(|t| t.transferred), 0.08, 0.12);
    let phone: Vec<&&Ticket> = tickets.iter().filter(|t| t.channel == 2).collect();
    assert_between(
        "phone transferred",
        share(&phone, |t| t.transferred == Some(true)),
        0.17,
        0.23,
    );
    assert_between("reopened", share(&tickets, |t| t.reopens > 0), 0.045, 0.075);
    assert_between(
        "reassigned",
        share(&tickets, |t| t.reassignments > 0),
        0.12,
        0.18,
    );
    assert_between("KB linked", flag(|t| t.kb_linked), 0.30, 0.40);
    let answered: Vec<&&Ticket> = tickets
        .iter()
        .filter(|t| t.approved_response.is_some())
        .collect();
    assert_between(
        "approved response",
        share(&answered, |t| t.approved_response == Some(true)),
        0.65,
        0.75,
    );
    let solved: Vec<&&Ticket> = tickets.iter().filter(|t| t.solved_at.is_some()).collect();
    assert_between(
        "positive reviews",
        share(&solved, |t| t.positive_review == Some(true)),
        0.005,
        0.015,
    );
    assert_between(
        "retagged",
        share(&tickets, |t| t.topic != t.initial_topic),
        0.08,
        0.12,
    );
    let handle = |channel: u16| {
        median(
            tickets
                .iter()
                .filter(|t| t.channel == channel)
                .filter_map(|t| t.handle_seconds)
                .collect(),
        )
    };
    assert_between("chat handle minutes", handle(0) / 60.0, 7.0, 15.0);
    assert_between("email handle minutes", handle(1) / 60.0, 6.0, 15.0);
    assert!(handle(2) > handle(0), "phone calls take longest");
    assert!(
        tickets
            .iter()
            .all(|t| t.handle_seconds.is_none_or(|h| h >= 0.0))
    );
}

#[test]
fn surveys() {
    let solved: Vec<&Ticket> = clean_tickets().filter(|t| t.solved_at.is_some()).collect();
    let rated: Vec<&&Ticket> = solved.iter().filter(|t| t.csat.is_some()).collect();
    assert_between(
        "CSAT response rate",
        rated.len() as f64 / solved.len() as f64,
        0.22,
        0.28,
    );
    assert!(rated.iter().all(|t| (1..=5).contains(&t.csat.unwrap())));
    assert_between(
        "CSAT 4-5",
        share(&rated, |t| t.csat.unwrap() >= 4),
        0.75,
        0.85,
    );
    let slow: Vec<&&&Ticket> = rated.iter().filter(|t| t.sla_met == Some(false)).collect();
    assert!(
        share(&slow, |t| t.csat.unwrap() >= 4) < 0.72,
        "slow tickets rate lower"
    );
    for t in &rated {
        let (solved_at, rated_at) = (t.solved_at.unwrap(), t.csat_rated_at.unwrap());
        assert!(rated_at > solved_at);
        assert!(t.csat_followed_up_at.is_none_or(|f| f > rated_at));
    }
    let dana = AGENT_NAMES.iter().position(|n| *n == "Dana Lee").unwrap() as u16;
    let low: Vec<&&&Ticket> = rated
        .iter()
        .filter(|t| t.csat.unwrap() <= 3 && t.agent != Some(dana))
        .collect();
    assert_between(
        "low ratings followed up",
        share(&low, |t| t.csat_followed_up_at.is_some()),
        0.5,
        0.7,
    );
    let high: Vec<&&&Ticket> = rated
        .iter()
        .filter(|t| t.csat.unwrap() >= 4 && t.agent != Some(dana))
        .collect();
    assert!(high.iter().all(|t| t.csat_followed_up_at.is_none()));
    let n = solved.len() as f64;
    let nps = solved.iter().filter_map(|t| t.nps).collect::<Vec<_>>();
    assert_between("NPS response rate", nps.len() as f64 / n, 0.08, 0.12);
    assert!(nps.iter().all(|s| (0..=10).contains(s)));
    let ces = solved.iter().filter_map(|t| t.ces).collect::<Vec<_>>();
    assert_between("CES response rate", ces.len() as f64 / n, 0.08, 0.12);
    assert!(ces.iter().all(|s| (1..=7).contains(s)));
    let qa: Vec<(u16, f64)> = solved
        .iter()
        .filter_map(|t| Some((t.agent?, t.qa_score?)))
        .collect();
    assert_between("QA review rate", qa.len() as f64 / n, 0.13, 0.17);
    assert!(qa.iter().all(|(_, s)| (0.0..=100.0).contains(s)));
    // Some agents are consistently better: Chloe Martin (92) above Diego Alvarez (68).
    let mean_of = |name: &str| {
        let code = AGENT_NAMES.iter().position(|n| *n == name).unwrap() as u16;
        let v: Vec<f64> = qa.iter().filter(|(a, _)| *a == code).map(|x| x.1).collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    assert!(mean_of("Chloe Martin") > mean_of("Diego Alvarez") + 10.0);
}

#[test]
fn self_service_sessions() {
    let sessions: Vec<&Ticket> = rows()
        .iter()
        .filter(|t| t.self_service == Some(true))
        .collect();
    assert_between(
        "self-service share",
        sessions.len() as f64 / rows().len() as f64,
        0.04,
        0.06,
    );
    assert_between(
        "self-service resolved",
        share(&sessions, |t| t.self_service_resolved == Some(true)),
        0.50,
        0.60,
    );
    for s in &sessions {
        assert_eq!(CHANNELS[usize::from(s.channel)], "web");
        assert_eq!(
            (s.agent, s.first_response_at, s.agent_replies),
            (None, None, 0)
        );
        assert_eq!(s.help_article, Some(true));
    }
    assert!(clean_tickets().all(|t| t.self_service_resolved.is_none()));
}

#[test]
fn topics_and_help_articles() {
    let c = config();
    let tickets: Vec<&Ticket> = clean_tickets().collect();
    let mut counts = [0u32; 40];
    for t in &tickets {
        counts[usize::from(t.topic)] += 1;
    }
    let mut sorted = counts;
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let top15: u32 = sorted[..15].iter().sum();
    assert_between(
        "top 15 topics share",
        f64::from(top15) / tickets.len() as f64,
        0.70,
        0.85,
    );
    assert_eq!(
        counts.iter().position(|&n| n == sorted[0]),
        Some(0),
        "order status leads"
    );
    let span = (c.end - c.start) as f64;
    for t in &tickets {
        let created = secs(t.created_at.unwrap());
        let published = match TOPICS[usize::from(t.topic)].1 {
            Article::Always => true,
            Article::At(f) => created >= c.start + (f * span) as i64,
            Article::Never => false,
        };
        assert_eq!(t.help_article, Some(published));
    }
}

#[test]
fn agents_and_teams() {
    let tickets: Vec<&Ticket> = clean_tickets().collect();
    let team_of = |name: &str| {
        let code = AGENT_NAMES.iter().position(|n| *n == name).unwrap();
        TEAMS[usize::from(AGENTS[code].team)]
    };
    assert_eq!(team_of("Sam Rivera"), "Tier 1");
    assert_eq!(team_of("Dana Lee"), "Customer Support");
    for t in &tickets {
        if let Some(a) = t.agent {
            assert_eq!(t.team, Some(AGENTS[usize::from(a)].team));
        }
    }
    let agents: BTreeSet<u16> = tickets.iter().filter_map(|t| t.agent).collect();
    assert_eq!(agents.len(), 36, "every agent takes tickets");
    let chat: Vec<&&Ticket> = tickets.iter().filter(|t| t.channel == 0).collect();
    assert!(
        share(&chat, |t| t.team.map(|c| TEAMS[usize::from(c)])
            == Some("Chat Support"))
            > 0.7
    );
    let phone: Vec<&&Ticket> = tickets.iter().filter(|t| t.channel == 2).collect();
    assert!(
        share(&phone, |t| t.team.map(|c| TEAMS[usize::from(c)])
            == Some("Phone Support"))
            > 0.7
    );
    // Nobody takes tickets outside their employment.
    let people = staff(&config());
    for t in &tickets {
        if let Some(a) = t.agent {
            let p = people.iter().find(|p| p.agent == Some(a)).unwrap();
            assert!(p.employed_at(secs(t.created_at.unwrap())), "{}", p.person);
        }
    }
}

/// The documented bad rows of the example data (README): ticket id and defect.
const DOCUMENTED_BAD_ROWS: [(&str, &str); 20] = [
    ("T000751", "created_at empty"),
    ("T002251", "channel fax"),
    ("T003751", "csat 7"),
    ("T005251", "escalated maybe"),
    ("T006751", "created_at 2026-02-31T10:00:00Z"),
    ("T008251", "first_response_at before created_at"),
    ("T009654", "duplicate id"),
    ("T011251", "negative handle_seconds"),
    ("T012751", "created_at yesterday"),
    ("T014251", "sla_met maybe"),
    ("T015654", "duplicate id"),
    ("T017251", "csat 0"),
    ("T018751", "first_response_at before created_at"),
    ("T020251", "channel carrier pigeon"),
    ("T021751", "created_at empty"),
    ("T023251", "negative handle_seconds"),
    ("T024751", "kb_linked maybe"),
    ("T026251", "created_at 12/03/2026 14:05"),
    ("T027751", "first_response_at before created_at"),
    ("T029154", "duplicate id"),
];

/// Scans the CSV text for anything wrong, independently of the generator's own bookkeeping.
#[allow(clippy::unwrap_used)] // A test helper.
fn problems_in_csv(text: &str) -> Vec<(String, String)> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header, goal_datagen::TICKET_COLUMNS);
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let booleans: Vec<usize> = [
        "escalated",
        "transferred",
        "sla_met",
        "kb_linked",
        "approved_response",
        "self_service",
        "self_service_resolved",
        "positive_review",
        "help_article",
    ]
    .iter()
    .map(|n| col(n))
    .collect();
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), header.len(), "{line}");
        let id = f[0].to_owned();
        let mut report = |what: String| found.push((id.clone(), what));
        let created = f[col("created_at")];
        let created_at = calendar::parse_timestamp(created);
        if created.is_empty() {
            report("created_at empty".into());
        } else if created_at.is_none() {
            report(format!("created_at {created}"));
        }
        let first = calendar::parse_timestamp(f[col("first_response_at")]);
        if let (Some(c), Some(r)) = (created_at, first)
            && r < c
        {
            report("first_response_at before created_at".into());
        }
        let channel = f[col("channel")];
        if !CHANNELS[..7].contains(&channel) {
            report(format!("channel {channel}"));
        }
        if !seen.insert(f[0]) {
            report("duplicate id".into());
        }
        let csat = f[col("csat")];
        if !csat.is_empty() && !["1", "2", "3", "4", "5"].contains(&csat) {
            report(format!("csat {csat}"));
        }
        if f[col("handle_seconds")].starts_with('-') {
            report("negative handle_seconds".into());
        }
        for &b in &booleans {
            if !["", "true", "false"].contains(&f[b]) {
                report(format!("{} {}", header[b], f[b]));
            }
        }
    }
    found
}

#[test]
fn exactly_the_documented_bad_rows() {
    let found = problems_in_csv(csv());
    let documented: Vec<(String, String)> = DOCUMENTED_BAD_ROWS
        .iter()
        .map(|(id, what)| ((*id).to_owned(), (*what).to_owned()))
        .collect();
    assert_eq!(found, documented);
    // Every kind at least twice, and the generator's own bookkeeping agrees.
    let defects: Vec<(u32, Defect)> = rows()
        .iter()
        .filter_map(|t| Some((t.ticket_id, t.defect?)))
        .collect();
    assert_eq!(defects.len(), 20);
    let kinds: BTreeMap<String, usize> = defects.iter().fold(BTreeMap::new(), |mut m, (_, d)| {
        let kind = match d {
            Defect::UnparseableCreatedAt(_) => "unparseable".to_owned(),
            Defect::JunkBoolean(_) => "junk".to_owned(),
            other => format!("{other:?}"),
        };
        *m.entry(kind).or_default() += 1;
        m
    });
    assert_eq!(kinds.len(), 8);
    assert!(kinds.values().all(|&n| n >= 2), "{kinds:?}");
    assert!(defects.contains(&(5251, Defect::JunkBoolean(BoolColumn::Escalated))));
}

#[test]
fn clean_data_has_no_bad_rows() {
    let config = Config {
        bad_rows: false,
        ..config()
    };
    let mut out = Vec::new();
    write_tickets_csv(&config, &mut out).unwrap();
    assert!(problems_in_csv(&String::from_utf8(out).unwrap()).is_empty());
    assert!(tickets(&config).all(|t| t.defect.is_none()));
}

#[test]
fn csv_formatting() {
    let text = csv();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let handle = header.iter().position(|h| *h == "handle_seconds").unwrap();
    let mut offsets = 0;
    for (line, row) in text.lines().skip(1).zip(rows()) {
        let f: Vec<&str> = line.split(',').collect();
        if let Some((_, decimals)) = f[handle].split_once('.') {
            assert_eq!(decimals.len(), 1, "{line}");
        }
        let created = f[1];
        if !created.is_empty() && !created.ends_with('Z') && row.defect.is_none() {
            offsets += 1;
            // Same instant as the typed value, written at another offset.
            assert_eq!(
                calendar::parse_timestamp(created),
                row.created_at.map(secs),
                "{line}"
            );
        }
    }
    assert!(
        (20..=120).contains(&offsets),
        "{offsets} rows with an explicit offset"
    );
}

#[test]
fn columns_match_the_stream() {
    let config = Config {
        tickets: 5_000,
        ..config()
    };
    let columns = generate_columns(&config);
    let rows: Vec<Ticket> = tickets(&config).collect();
    assert_eq!(columns.len(), rows.len());
    for (i, t) in rows.iter().enumerate() {
        assert_eq!(columns.ticket_id.numbers[i], t.ticket_id);
        assert_eq!(columns.created_at[i], t.created_at);
        assert_eq!(columns.solved_at[i], t.solved_at);
        assert_eq!(
            columns.channel.get(i),
            Some(CHANNELS[usize::from(t.channel)])
        );
        assert_eq!(columns.csat[i], t.csat);
        assert_eq!(columns.handle_seconds[i], t.handle_seconds);
        assert_eq!(columns.help_article[i], t.help_article);
    }
    assert_eq!(columns.customer.get(0).unwrap().len(), 6);
    let mut generator = tickets(&config);
    let (mut created, mut topics) = (Vec::new(), Vec::new());
    while let Some(chunk) = generator.next_chunk(1_234) {
        created.extend(chunk.created_at);
        topics.extend(chunk.topic.codes);
    }
    assert_eq!(
        (created, topics),
        (columns.created_at.clone(), columns.topic.codes.clone())
    );
    assert_eq!(columns.ticket_id.to_strings()[0], "T000001");
}

#[test]
fn deterministic_and_seeded() {
    let small = Config {
        tickets: 3_000,
        ..config()
    };
    let write = |c: &Config| {
        let mut out = Vec::new();
        write_tickets_csv(c, &mut out).unwrap();
        out
    };
    assert_eq!(write(&small), write(&small));
    let other = Config {
        seed: 7,
        ..small.clone()
    };
    assert_ne!(write(&small), write(&other));
    // Ids widen for large counts.
    let big = Config {
        tickets: 12_345_678,
        ..config()
    };
    assert_eq!((big.ticket_id_width(), big.customer_id_width()), (8, 7));
}

#[test]
fn staff_table() {
    let people = staff(&config());
    assert_eq!(people.len(), 42);
    for team in TEAMS {
        let leads: Vec<_> = people
            .iter()
            .filter(|p| p.team == *team && p.role == "lead")
            .collect();
        assert_eq!(leads.len(), 1, "{team}");
        assert!(
            people
                .iter()
                .filter(|p| p.team == *team && p.role == "agent")
                .all(|p| p.manager == Some(leads[0].person))
        );
    }
    let leavers: Vec<_> = people.iter().filter(|p| p.left_on.is_some()).collect();
    assert_eq!(leavers.len(), 6);
    let voluntary = leavers
        .iter()
        .filter(|p| p.leave_reason == Some(goal_datagen::LeaveReason::Voluntary))
        .count();
    assert_eq!(voluntary, 4);
    let start_day = config().start / DAY;
    let hires = people.iter().filter(|p| p.hired_on >= start_day).count();
    assert_eq!(hires, 6);
    let sam = people.iter().find(|p| p.person == "Sam Rivera").unwrap();
    assert_eq!((sam.team, sam.left_on), ("Tier 1", None));
}

#[test]
fn meetings_table() {
    let c = config();
    let all = meetings(&c);
    let people = staff(&c);
    assert!(all.windows(2).all(|w| w[0].held_at <= w[1].held_at));
    assert!(
        all.iter()
            .enumerate()
            .all(|(i, m)| m.meeting_id as usize == i + 1)
    );
    assert!(all.iter().any(|m| m.kind == "team"));
    // Per month: share of agents employed all month with at least one 1:1.
    let mut coverages = Vec::new();
    let (mut y, mut m, _) = calendar::civil_from_days(c.start / DAY);
    while calendar::days_from_civil(y, m, 1) * DAY <= c.end {
        let first = calendar::days_from_civil(y, m, 1);
        let last = first + i64::from(calendar::days_in_month(y, m)) - 1;
        let reports: Vec<_> = people
            .iter()
            .filter(|p| p.role == "agent" && p.hired_on <= first)
            .filter(|p| p.left_on.is_none_or(|d| d >= last))
            .collect();
        let met: BTreeSet<&str> = all
            .iter()
            .filter(|x| x.kind == "one_on_one")
            .filter(|x| (first..=last).contains(&(x.held_at / MICROS / DAY)))
            .filter_map(|x| x.report)
            .collect();
        let covered = reports.iter().filter(|p| met.contains(p.person)).count();
        coverages.push(covered as f64 / reports.len() as f64);
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    let mean = coverages.iter().sum::<f64>() / coverages.len() as f64;
    assert_between("mean monthly 1:1 coverage", mean, 0.8, 0.95);
    assert!(coverages.iter().all(|&x| x >= 0.65), "{coverages:?}");
    assert!(coverages.iter().any(|&x| x < 1.0));
    // Roughly every two weeks: 1:1s per covered report-month between 1.5 and 2.
    let one_on_ones = all.iter().filter(|m| m.kind == "one_on_one").count();
    assert!(one_on_ones > 30 * 17 * 3 / 2 * 8 / 10);
}
