//! Throughput of `goal check` on a generated corpus of 10,000 goals (parse + every check).
//! Run with `cargo bench -p goal-compiler --bench check_throughput`; not part of CI.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use goal_compiler::{Options, Sources, check};
use std::time::Instant;

/// Goals in the corpus; `GOAL_BENCH_GOALS` overrides it (for profiling on a smaller corpus).
const DEFAULT_GOALS: usize = 10_000;
const ROUNDS: usize = 20;

const CHANNELS: &[&str] = &["chat", "email", "phone", "web"];

/// One realistic goal; `i` varies names, values and scopes so no two goals are alike.
fn goal(i: usize) -> String {
    let channel = CHANNELS[i % CHANNELS.len()];
    let share = 60 + i % 30;
    let seconds = 30 + i % 90;
    let base = share - 8;
    let mid = share - 4;
    let team = i % 40;
    [
        format!("# goal number {i}"),
        format!("goal frt-{i}: \"Answer {share}% of {channel} tickets within {seconds} seconds by end of Q2 2026\""),
        format!("  owner team \"Support {team}\""),
        "  serves fast-answers".to_owned(),
        "  metric first_response_time".to_owned(),
        format!("  scope channel is {channel} and (priority in (high, urgent) or tags includes vip-{i})"),
        format!("  target {share}% within {seconds} seconds"),
        format!("  baseline {base}% within {seconds} seconds in Q4 2025"),
        format!("  checkpoint {mid}% within {seconds} seconds by end of Q1 2026"),
        "  deadline end of Q2 2026".to_owned(),
        "  review weekly".to_owned(),
        "  guardrail csat at least 85%".to_owned(),
        format!("  through \"staffing plan {i}\", \"macro library\"\n\n"),
    ]
    .join("\n")
}

/// Best and median of `rounds` timings of `run`, in seconds.
fn time(rounds: usize, mut run: impl FnMut()) -> (f64, f64) {
    let mut seconds: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64()
        })
        .collect();
    seconds.sort_by(f64::total_cmp);
    (seconds[0], seconds[seconds.len() / 2])
}

fn main() {
    let goals: usize = std::env::var("GOAL_BENCH_GOALS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_GOALS);
    let rounds = if goals == DEFAULT_GOALS { ROUNDS } else { 1 };
    let mut text = String::from("objective fast-answers: \"Customers get fast answers\"\n\n");
    for i in 0..goals {
        text.push_str(&goal(i));
    }
    let mut sources = Sources::new();
    sources.add("corpus.goal", text.clone());
    let options = Options {
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        ..Options::default()
    };
    let checked = check(&sources, &options);
    assert_eq!(
        checked.goals.len(),
        goals,
        "the corpus is valid: {:?}",
        checked.diagnostics.first()
    );

    let (best, median) = time(rounds, || {
        let checked = check(&sources, &options);
        assert_eq!(checked.goals.len(), goals);
    });
    let (parse_best, parse_median) = time(rounds, || {
        assert!(goal_grammar::parse(&text).errors.is_empty());
    });
    let megabytes = text.len() as f64 / 1_000_000.0;
    println!(
        "corpus: {goals} goals, {megabytes:.2} MB; best and median of {rounds} runs on one thread"
    );
    println!(
        "check (parse + every rule): best {:.1} ms = {:.1} MB/s, median {:.1} ms = {:.1} MB/s, {:.0} goals/s",
        best * 1000.0,
        megabytes / best,
        median * 1000.0,
        megabytes / median,
        goals as f64 / best
    );
    println!(
        "parse alone:                best {:.1} ms = {:.1} MB/s, median {:.1} ms = {:.1} MB/s",
        parse_best * 1000.0,
        megabytes / parse_best,
        parse_median * 1000.0,
        megabytes / parse_median
    );
}
