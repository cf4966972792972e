//! Every metric on small fixtures, with the expected value worked out by hand in the comments
//! (tests/fixtures/week.csv: eleven tickets around the week of 2 March 2026, all times UTC;
//! staff.csv and meetings.csv for the team-health metrics, qa_reviews.csv for the QA review
//! metrics). The definitions are in
//! docs/metrics.md ("Computation").

#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use goal_compiler::calendar::PeriodUnit;
use goal_compiler::catalogue::Population;
use goal_compiler::datasource::{EvalSettings, SourceDecl};
mod support;

use goal_runtime::model::{Measurement, Status};
use goal_runtime::{Evaluation, Request, evaluate};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn date(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

/// One goal on `metric` over the week of 2 March 2026.
fn goal(metric: &str, scope: &str, target: &str) -> String {
    format!(
        r#"objective o: "Customers are served well"

goal g: "A goal on {metric}"
  owner team "Support"
  serves o
  metric {metric}
  scope {scope}
  target {target}
  window 2026-03-02 to 2026-03-08
  review weekly
  through "the work"
"#
    )
}

/// Evaluates goal text over the fixtures as of `as_of` with days counted in `zone`.
fn run_with(goals: &str, tickets: PathBuf, as_of: &str, zone: &str) -> Evaluation {
    run_by(goals, tickets, as_of, zone, None)
}

/// [`run_with`], broken down by the field `by`.
fn run_by(goals: &str, tickets: PathBuf, as_of: &str, zone: &str, by: Option<&str>) -> Evaluation {
    let (files, checked) = support::compile(goals, date(as_of));
    let request = Request {
        goals: &checked.goals,
        files: &files,
        sources: vec![
            (
                SourceDecl::canonical("tickets", Population::Tickets),
                tickets,
            ),
            (
                SourceDecl::canonical("staff", Population::Staff),
                fixture("staff.csv"),
            ),
            (
                SourceDecl::canonical("meetings", Population::Meetings),
                fixture("meetings.csv"),
            ),
            (
                SourceDecl::canonical("qa_reviews", Population::QaReviews),
                fixture("qa_reviews.csv"),
            ),
        ],
        as_of: date(as_of),
        period: PeriodUnit::Week,
        by: by.map(str::to_owned),
        settings: EvalSettings {
            timezone: zone.to_owned(),
            ..EvalSettings::default()
        },
    };
    evaluate(&request)
}

fn current(metric: &str, scope: &str, target: &str) -> Measurement {
    current_as_of(metric, scope, target, "2026-03-20")
}

fn current_as_of(metric: &str, scope: &str, target: &str, as_of: &str) -> Measurement {
    let evaluation = run_with(
        &goal(metric, scope, target),
        fixture("week.csv"),
        as_of,
        "UTC",
    );
    let errors = support::errors(&evaluation.diagnostics);
    assert!(errors.is_empty(), "{metric}: {errors:?}");
    let result = &evaluation.goals[0];
    assert_ne!(
        result.status,
        Status::NotEvaluated,
        "{metric}: {}",
        result.reason
    );
    result.current.clone().expect("a current measurement")
}

#[track_caller]
fn assert_value(m: &Measurement, expected: f64) {
    let value = m.value.expect("a value");
    assert!(
        (value - expected).abs() < 1e-9,
        "expected {expected}, got {value} ({m:?})"
    );
}

#[track_caller]
fn assert_ratio(m: &Measurement, numerator: f64, denominator: f64) {
    assert_eq!(
        (m.numerator, m.denominator),
        (Some(numerator), Some(denominator))
    );
    assert_value(m, 100.0 * numerator / denominator);
}

// Tickets created in the week (Monday 2 to Sunday 8 March, UTC), self-service rows T6 and T7
// aside: T1, T2, T3, T4, T5, T8. Tickets solved in the week: T9 (created the Sunday before),
// T1, T2, T3, T5, T8; T4 is unsolved, T10 is solved the Monday after.

#[test]
fn first_response_time_share_within_a_threshold() {
    // First responses after 30, 90, 45, none, 20 and 10 seconds: 4 of 6 within 60 seconds.
    // T4, never answered, counts as not answered in time.
    let m = current(
        "first_response_time",
        "all tickets",
        "80% within 60 seconds",
    );
    assert_ratio(&m, 4.0, 6.0);
    // Chats only: T1 (30 s), T2 (90 s), T4 (none), T8 (10 s): 2 of 4.
    let m = current(
        "first_response_time",
        "channel is chat",
        "80% within 60 seconds",
    );
    assert_ratio(&m, 2.0, 4.0);
}

#[test]
fn first_response_time_statistics() {
    // Answered: 10, 20, 30, 45, 90 seconds.
    assert_value(
        &current(
            "median first_response_time",
            "all tickets",
            "under 1 minute",
        ),
        30.0,
    );
    assert_value(
        &current("mean first_response_time", "all tickets", "under 1 minute"),
        39.0,
    );
    // p90 by linear interpolation: rank 0.9 × 4 = 3.6, so 45 + 0.6 × (90 − 45) = 72.
    assert_value(
        &current("p90 first_response_time", "all tickets", "under 2 minutes"),
        72.0,
    );
    assert_value(
        &current("min first_response_time", "all tickets", "under 1 minute"),
        10.0,
    );
    assert_value(
        &current("max first_response_time", "all tickets", "under 2 minutes"),
        90.0,
    );
}

#[test]
fn resolution_time_by_solve_date() {
    // Solved in the week: T9 2 h, T1 1 h, T2 4 h, T3 24 h, T5 30 min, T8 10 min.
    // Mean (7200 + 3600 + 14400 + 86400 + 1800 + 600) / 6 = 19000 s; median (3600 + 7200) / 2.
    assert_value(
        &current("mean resolution_time", "all tickets", "under 8 hours"),
        19_000.0,
    );
    assert_value(
        &current("median resolution_time", "all tickets", "under 8 hours"),
        5_400.0,
    );
}

#[test]
fn a_breakdown_leaves_the_whole_of_a_percentile_intact() {
    // T3 (24 h) without a team: the whole still takes it, no group shows it. Whole: median
    // of 600, 1800, 3600, 7200, 14400 and 86400 s = 5400 s; team A (all but T3): 3600 s.
    let week = std::fs::read_to_string(fixture("week.csv")).expect("fixture");
    let t3 = "C1,Bob,B,solved,1,1,0,900";
    assert!(week.contains(t3));
    let dir = std::env::temp_dir().join(format!("goal-metrics-by-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("week.csv");
    std::fs::write(&path, week.replace(t3, "C1,Bob,,solved,1,1,0,900")).expect("write");
    let goals = goal("median resolution_time", "all tickets", "under 8 hours");
    let evaluation = run_by(&goals, path, "2026-03-20", "UTC", Some("team"));
    let errors = support::errors(&evaluation.diagnostics);
    assert!(errors.is_empty(), "{errors:?}");
    let result = &evaluation.goals[0];
    assert_value(result.current.as_ref().expect("current"), 5_400.0);
    let groups: Vec<(&str, Option<f64>)> = result
        .breakdown
        .iter()
        .map(|g| (g.group.as_str(), g.current.value))
        .collect();
    assert_eq!(groups, [("A", Some(3_600.0))]);
}

#[test]
fn handle_time_mean_ignores_missing_values() {
    // 600 + 1200 + 900 + 300 + 450 over 5 (T4 has none) = 690 s.
    assert_value(
        &current("mean handle_time", "all tickets", "under 15 minutes"),
        690.0,
    );
}

#[test]
fn backlog_age_at_the_end_of_the_period() {
    // Open at the end of 8 March: T4 (created 5 March 09:00: 313,200 s) and T11 (created
    // 20 February: 17 days, 1,468,800 s); mean 891,000 s.
    assert_value(
        &current("mean backlog_age", "all tickets", "under 10 days"),
        891_000.0,
    );
}

#[test]
fn first_contact_resolution() {
    // Solved in the week with one reply and no reopen: T9, T1, T5, T8 (T2 had two replies,
    // T3 was reopened): 4 of 6.
    assert_ratio(
        &current("first_contact_resolution", "all tickets", "at least 70%"),
        4.0,
        6.0,
    );
}

#[test]
fn csat_share_and_score() {
    // Ratings of tickets solved in the week: 1, 5, 3, 4, 2, 5. Rated 4 or 5: 3 of 6.
    assert_ratio(&current("csat", "all tickets", "at least 85%"), 3.0, 6.0);
    // Mean rating 20 / 6.
    assert_value(
        &current("mean csat_score", "all tickets", "at least 4 on csat"),
        20.0 / 6.0,
    );
}

#[test]
fn nps_in_points() {
    // Scores 0, 10, 6, 8, 3, 9: promoters T1, T8 (2), detractors T9, T2, T5 (3), passive T3:
    // (2 − 3) / 6 × 100 = −16.67 points.
    let m = current("nps", "all tickets", "at least 10");
    assert_value(&m, -100.0 / 6.0);
    assert_eq!(m.sample, 6);
}

#[test]
fn ces_and_qa_scores() {
    // CES of tickets solved in the week: 1, 7, 5, 6, 2, 6: mean 27 / 6 = 4.5.
    assert_value(
        &current("mean ces_score", "all tickets", "at least 5 on ces"),
        4.5,
    );
    // QA of tickets created in the week: 90, 70, 80, 60, 100 (T4 not reviewed): mean 80.
    assert_value(
        &current("mean qa_score", "all tickets", "at least 85 on qa"),
        80.0,
    );
}

#[test]
fn qa_score_variation_across_agents() {
    // Agents' mean QA: Ann (90, 70, 100) 260/3, Bob 80, Cat 60. Mean of means m = 226.67/3;
    // population standard deviation over m, in percent.
    let means = [260.0 / 3.0, 80.0, 60.0];
    let m = means.iter().sum::<f64>() / 3.0;
    let sd = (means.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / 3.0).sqrt();
    let got = current("qa_score_variation", "all tickets", "under 10%");
    assert_value(&got, 100.0 * sd / m);
    assert!((got.value.unwrap_or(0.0) - 14.997).abs() < 0.001);
}

#[test]
fn tickets_past_sla() {
    // Open longer than twice their SLA: only T4 (unsolved, SLA 1 h). T2 took 4 h on a 2 h SLA:
    // exactly twice, not more.
    assert_value(
        &current("tickets_past_sla (multiple 2x)", "all tickets", "zero"),
        1.0,
    );
    // Longer than once their SLA: T2 and T4 (T1 took exactly its 1 h).
    assert_value(&current("tickets_past_sla", "all tickets", "zero"), 2.0);
}

#[test]
fn self_service_resolution() {
    // Self-service sessions T6 (resolved) and T7 (not): 1 of 2.
    assert_ratio(
        &current("self_service_resolution", "all tickets", "at least 60%"),
        1.0,
        2.0,
    );
}

#[test]
fn escalation_transfer_reassignment_reopen_and_kb() {
    // Escalated: T2 of 6.
    assert_ratio(
        &current("escalation_rate", "all tickets", "under 10%"),
        1.0,
        6.0,
    );
    // Transferred: T3 and T5 of 6.
    assert_ratio(
        &current("transfer_rate", "all tickets", "under 10%"),
        2.0,
        6.0,
    );
    // Reassigned at least once: T2 (1) and T5 (2) of 6.
    assert_ratio(
        &current("reassignment_rate", "all tickets", "under 10%"),
        2.0,
        6.0,
    );
    // Reopened among the 6 solved in the week: T3.
    assert_ratio(
        &current("reopen_rate", "all tickets", "under 10%"),
        1.0,
        6.0,
    );
    // KB linked: T1, T3, T5 of the 5 with a value (T4 has none).
    assert_ratio(
        &current("kb_usage", "all tickets", "at least 70%"),
        3.0,
        5.0,
    );
}

#[test]
fn sla_compliance_by_solve_date() {
    // Solved in the week: T9 no, T1 yes, T2 no, T3 yes, T5 yes, T8 yes: 4 of 6.
    assert_ratio(
        &current("sla_compliance", "all tickets", "at least 90%"),
        4.0,
        6.0,
    );
}

#[test]
fn tagging_accuracy() {
    // Topic at creation equals the final topic for all but T3 (billing, then refund): 5 of 6.
    assert_ratio(
        &current("tagging_accuracy", "all tickets", "at least 90%"),
        5.0,
        6.0,
    );
}

#[test]
fn positive_reviews_count() {
    assert_value(
        &current("positive_reviews", "all tickets", "at least 2"),
        1.0,
    );
}

#[test]
fn repeat_contacts_within_seven_days() {
    // C1: T1 → T3 two days later, T3 → T8 four days later; C3: T4 → T10 four days later;
    // T2, T5 and T8 have no next ticket within 7 days: 3 of 6.
    assert_ratio(
        &current(
            "repeat_contact_rate (window 7 days)",
            "all tickets",
            "under 10%",
        ),
        3.0,
        6.0,
    );
    // As of 10 March only T1 and T2 have had their 7 days: T1 repeats, T2 does not.
    let m = current_as_of(
        "repeat_contact_rate (window 7 days)",
        "all tickets",
        "under 10%",
        "2026-03-10",
    );
    assert_ratio(&m, 1.0, 2.0);
}

#[test]
fn top_topic_metrics() {
    // Tickets in the week by topic: refund 3 (T2, T3, T5), billing 2 (T1, T8), shipping 1.
    assert_value(&current("ticket_volume", "all tickets", "at most 5"), 6.0);
    assert_value(
        &current("ticket_volume (top_topics 1)", "all tickets", "at most 2"),
        3.0,
    );
    assert_value(
        &current("ticket_volume", "channel is chat", "at most 2"),
        4.0,
    );
    // Approved responses on the top topic (refund): 3 of 3; on all topics 5 of 6 (T4 none).
    assert_ratio(
        &current(
            "response_consistency (top_topics 1)",
            "all tickets",
            "at least 90%",
        ),
        3.0,
        3.0,
    );
    assert_ratio(
        &current("response_consistency", "all tickets", "at least 90%"),
        5.0,
        6.0,
    );
    // Top 2 topics refund and billing; the latest refund ticket (T5) has no article, the
    // latest billing ticket (T8) has one: 1 of 2.
    assert_ratio(
        &current("help_center_coverage (top_topics 2)", "all tickets", "100%"),
        1.0,
        2.0,
    );
}

#[test]
fn csat_follow_up_time() {
    // Ratings made in the week: T9, T1, T8 never followed up; T2 after 6 h, T3 after 26 h,
    // T5 after 1 h. Within 24 hours: T2, T5: 2 of 6.
    assert_ratio(
        &current("csat_follow_up_time", "all tickets", "100% within 24 hours"),
        2.0,
        6.0,
    );
    // Mean over the follow-ups made: (21600 + 93600 + 3600) / 3.
    assert_value(
        &current("mean csat_follow_up_time", "all tickets", "under 4 hours"),
        39_600.0,
    );
}

#[test]
fn one_on_one_coverage() {
    // Direct reports employed on 8 March: Ann, Cat (hired 3 March), Dan (leaves 10 March);
    // Bob and Eve left during the week. 1:1s in the week: Ann only (Cat's was a team meeting).
    assert_ratio(
        &current("one_on_one_coverage", "all meetings", "100%"),
        1.0,
        3.0,
    );
    // Team A: Ann and Cat.
    assert_ratio(
        &current("one_on_one_coverage", "team is \"A\"", "100%"),
        1.0,
        2.0,
    );
}

#[test]
fn voluntary_turnover() {
    // Voluntary leavers in the week: Bob. Headcount on 2 March: Lee, Ann, Bob, Dan, Eve (5);
    // on 8 March: Lee, Ann, Cat, Dan (4); average 4.5: 1 / 4.5 = 22.2%.
    let m = current("voluntary_turnover_rate", "all staff", "under 10%");
    assert_eq!((m.numerator, m.denominator), (Some(1.0), Some(4.5)));
    assert_value(&m, 100.0 / 4.5);
}

// QA reviews (qa_reviews.csv) with a day in the week, UTC: R1 (Monday 00:30), R2 (a second
// review of T1), R3 (the first of two rows with that id; the second is a duplicate, excluded),
// R4 (Sunday 23:59:59, no score), R5 (score 120: invalid, treated as missing). Outside: R6
// (the next Monday 00:00), R7 (the Sunday before), R8 (no `reviewed_at`).

#[test]
fn qa_reviews_counts_every_review_in_the_period() {
    // R1, R2, R3, R4, R5.
    let m = current("qa_reviews", "all qa_reviews", "at least 10");
    assert_value(&m, 5.0);
    assert_eq!(m.sample, 5);
    // Team A: R1, R2, R4. Reviewer Kim: R2, R5 (the duplicate R3 by Kim is excluded).
    assert_value(&current("qa_reviews", "team is \"A\"", "at least 10"), 3.0);
    assert_value(
        &current("qa_reviews", "reviewer is \"Kim\"", "at least 10"),
        2.0,
    );
}

#[test]
fn qa_review_score_statistics_leave_out_missing_and_invalid_scores() {
    // Scores in the week: R1 80, R2 90, R3 70 (R4 has none, R5's 120 is invalid).
    let mean = current(
        "mean qa_review_score",
        "all qa_reviews",
        "at least 85 on qa",
    );
    assert_eq!((mean.numerator, mean.denominator), (Some(240.0), Some(3.0)));
    assert_value(&mean, 80.0);
    assert_eq!(mean.sample, 3);
    assert_value(
        &current(
            "median qa_review_score",
            "all qa_reviews",
            "at least 85 on qa",
        ),
        80.0,
    );
    assert_value(
        &current("min qa_review_score", "all qa_reviews", "at least 60 on qa"),
        70.0,
    );
    // Agent Ann: R1 80 and R2 90.
    assert_value(
        &current(
            "mean qa_review_score",
            "agent is \"Ann\"",
            "at least 85 on qa",
        ),
        85.0,
    );
}

#[test]
fn qa_reviews_are_placed_in_days_of_the_reporting_zone() {
    // In New York (UTC-5 in early March) the week runs from 05:00 UTC on 2 March to 05:00 UTC
    // on 9 March: R1 (1 March, 19:30 local) falls out, R6 (8 March, 19:00 local) falls in.
    // Reviews: R2, R3, R4, R5, R6; scores R2 90, R3 70, R6 50: mean 70.
    for (metric, target, expected) in [
        ("qa_reviews", "at least 10", 5.0),
        ("mean qa_review_score", "at least 85 on qa", 70.0),
    ] {
        let evaluation = run_with(
            &goal(metric, "all qa_reviews", target),
            fixture("week.csv"),
            "2026-03-20",
            "America/New_York",
        );
        assert!(support::errors(&evaluation.diagnostics).is_empty());
        let current = evaluation.goals[0].current.clone().expect("a measurement");
        assert_value(&current, expected);
    }
}

#[test]
fn an_empty_period_has_no_value() {
    let evaluation = run_with(
        // No SMS ticket in the fixture.
        &goal("csat", "channel is sms", "at least 85%"),
        fixture("week.csv"),
        "2026-03-20",
        "UTC",
    );
    let g = &evaluation.goals[0];
    assert_eq!(g.current.as_ref().and_then(|m| m.value), None);
    assert_eq!(g.status, Status::NoData);
}

#[test]
fn all_values_missing_is_no_value() {
    // T4 is the only low-priority ticket, and it has no CES rating.
    let m = current("mean ces_score", "priority is low", "at least 5 on ces");
    assert_eq!(m.value, None);
    assert_eq!(m.sample, 0);
}

#[test]
fn one_ticket() {
    // The only urgent ticket, T5, answered in 20 seconds.
    let m = current(
        "first_response_time",
        "priority is urgent",
        "80% within 60 seconds",
    );
    assert_ratio(&m, 1.0, 1.0);
}

/// Tickets around midnight and the start of daylight saving time in New York (8 March 2026,
/// 02:00 EST becomes 03:00 EDT).
fn zone_tickets() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("goal-zone-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("tickets.csv");
    std::fs::write(
        &path,
        "ticket_id,created_at,channel\n\
         E,2026-03-08T02:00:00Z,chat\n\
         F,2026-03-08T12:00:00Z,chat\n\
         G,2026-03-09T03:00:00Z,chat\n\
         C,2026-03-09T03:59:00Z,chat\n\
         D,2026-03-09T04:00:00Z,chat\n",
    )
    .expect("write");
    path
}

#[test]
fn days_are_counted_in_the_reporting_zone_across_midnight_and_dst() {
    let goals = goal("ticket_volume", "all tickets", "at most 10")
        .replace(
            "window 2026-03-02 to 2026-03-08",
            "window 2026-03-08 to 2026-03-08",
        )
        .replace("review weekly", "review daily");
    // UTC: E and F fall on 8 March.
    let utc = run_with(&goals, zone_tickets(), "2026-03-20", "UTC");
    assert_value(utc.goals[0].current.as_ref().expect("value"), 2.0);
    // New York: E is 7 March 21:00 EST; F (08:00 EDT), G (23:00 EDT) and C (23:59 EDT) fall
    // on 8 March; D is 9 March 00:00 EDT.
    let ny = run_with(&goals, zone_tickets(), "2026-03-20", "America/New_York");
    assert_value(ny.goals[0].current.as_ref().expect("value"), 3.0);
}

#[test]
fn naive_timestamps_are_read_in_the_source_zone() {
    let dir = std::env::temp_dir().join(format!("goal-naive-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("tickets.csv");
    // 01:30 EST is 06:30 UTC; 02:30 does not exist on 8 March in New York (clocks jump from
    // 02:00 to 03:00), so it is not a timestamp and its row is excluded.
    std::fs::write(
        &path,
        "ticket_id,created_at,channel\nA,2026-03-08 01:30:00,chat\nB,2026-03-08 02:30:00,chat\n",
    )
    .expect("write");
    let goals = goal("ticket_volume", "all tickets", "at most 10")
        .replace(
            "window 2026-03-02 to 2026-03-08",
            "window 2026-03-08 to 2026-03-08",
        )
        .replace("review weekly", "review daily");
    let (files, checked) = support::compile(&goals, date("2026-03-20"));
    let mut decl = SourceDecl::canonical("tickets", Population::Tickets);
    decl.timezone = "America/New_York".into();
    let evaluation = evaluate(&Request {
        goals: &checked.goals,
        files: &files,
        sources: vec![(decl, path)],
        as_of: date("2026-03-20"),
        period: PeriodUnit::Week,
        by: None,
        settings: EvalSettings::default(),
    });
    assert_value(evaluation.goals[0].current.as_ref().expect("value"), 1.0);
    let issues = &evaluation.sources[0].issues;
    assert!(
        issues
            .iter()
            .any(|i| i.column == "created_at" && i.count == 1 && i.effect == "row excluded"),
        "{issues:?}"
    );
}
