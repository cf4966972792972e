//! Inputs that once took quadratic time or memory: thousands of suppression comments, goals
//! that all conflict with each other, goals spanning thousands of quarters. Each runs within
//! the limits of `compiler/src/limits.rs` and must finish in a few seconds even in a debug
//! build (they took minutes, or ran out of memory, before).

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use goal_compiler::{Checked, Options, Sources};
use std::time::{Duration, Instant};

/// Far above the time any of these takes now (well under a second in release, a few seconds
/// in a debug build on a busy machine), far below what they took before.
const BOUND: Duration = Duration::from_secs(60);

fn check(text: String) -> Checked {
    let mut sources = Sources::new();
    sources.add("scaling.goal", text);
    let options = Options {
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        ..Options::default()
    };
    let started = Instant::now();
    let checked = goal_compiler::check(&sources, &options);
    assert!(started.elapsed() < BOUND, "took {:?}", started.elapsed());
    checked
}

fn count(checked: &Checked, code: &str) -> usize {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.rule.code() == code)
        .count()
}

const GOAL: &str = "  owner team \"Chat\"\n  serves fast\n  metric csat\n  scope channel is chat\n  baseline 75% in Q4 2025\n  deadline end of Q2 2026\n  review weekly\n  through \"macros\"\n";

#[test]
fn suppression_comments_are_placed_in_linear_time() {
    let n = 40_000;
    // Above a goal, inside it, and on broken lines inside it.
    let above = "# goal: allow(A301) measured later\n".repeat(n) + "goal g: \"G\"\n";
    let checked = check(above);
    // The goal lacks a baseline: the first suppression is used, every other one reported.
    assert_eq!(count(&checked, "A301"), 0);
    assert_eq!(count(&checked, "E013"), n - 1);
    let inside = "goal g: \"G\"\n".to_owned() + &"  x # goal: allow(A301) later\n".repeat(n);
    let checked = check(inside);
    // A goal with syntax errors is not checked for missing clauses: nothing is used.
    assert_eq!(count(&checked, "E013"), n);
    assert_eq!(count(&checked, "E002"), n);
}

#[test]
fn suppressions_of_many_goals_are_applied_in_linear_time() {
    let n = 5_000;
    let mut text = String::from("objective fast: \"Fast\"\n");
    for i in 0..n {
        // Every goal lacks a baseline (A301) and allows it.
        let goal = GOAL.replace("  baseline 75% in Q4 2025\n", "");
        text.push_str(&format!(
            "goal g{i}: \"Reach 80% CSAT by end of Q2 2026\"\n  target at least 80%\n{goal}  # goal: allow(A301) new survey\n"
        ));
    }
    let checked = check(text);
    assert_eq!(count(&checked, "A301"), 0);
    assert_eq!(count(&checked, "E013"), 0);
    assert_eq!(checked.goals.len(), n);
}

#[test]
fn a_goal_in_conflict_with_many_is_reported_once() {
    let n = 300;
    let mut text = String::from("objective fast: \"Fast\"\n");
    for i in 0..n {
        let target = if i % 2 == 0 {
            "at least 80%"
        } else {
            "at most 70%"
        };
        text.push_str(&format!(
            "goal g{i}: \"Keep CSAT {target} by end of Q2 2026\"\n  target {target}\n{}",
            GOAL.replace("owner team \"Chat\"", &format!("owner team \"Team {i}\""))
        ));
    }
    let checked = check(text);
    // Every goal but the first conflicts with an earlier one: one report each, not one per pair.
    assert_eq!(count(&checked, "P603"), n - 1);
}

#[test]
fn goals_spanning_millennia_are_counted_per_quarter_without_listing_quarters() {
    let n = 1_000;
    let mut text = String::from("objective fast: \"Fast\"\n");
    for i in 0..n {
        text.push_str(&format!(
            "goal g{i}: \"Reach 80% CSAT by end of Q2 9999\"\n  target at least 80%\n{}",
            GOAL.replace("Q4 2025", "Q4 1000")
                .replace("end of Q2 2026", "end of Q2 9999")
        ));
    }
    let checked = check(text);
    let reports: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.rule.code() == "P601")
        .collect();
    assert_eq!(reports.len(), 1, "{:?}", checked.diagnostics.first());
    // Every goal is active in every quarter; the latest busiest quarter is named.
    assert!(
        reports[0]
            .message
            .contains("owns 1000 goals active in Q2 9999"),
        "{}",
        reports[0].message
    );
}

#[test]
fn many_goals_with_many_errors_are_counted_in_linear_time() {
    let text: String = (0..10_000)
        .map(|i| format!("goal g{i}: \"Goal {i}\"\n"))
        .collect();
    let checked = check(text);
    assert_eq!(count(&checked, "S101"), 10_000);
}
