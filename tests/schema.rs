//! `goal check --schema` and `goal check --data`: goals checked against the columns and types
//! of their data sources, reading only headers and metadata, with the same diagnostics (D701,
//! D702, D703, D707) `goal eval` reports.

#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod support;

use std::path::PathBuf;
use support::{goal_in, stdout};

const TODAY: &str = "2026-02-01";

/// A fresh folder holding `files`.
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("goal-schema-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (file, text) in files {
        std::fs::write(dir.join(file), text).expect("write");
    }
    dir
}

/// Two goals: the first reads `first_response_at` and has a CSAT guardrail, the second reads
/// `solved_at` and `reopens`.
const GOALS: &str = r#"objective o: "Customers get fast, lasting answers"

goal chats: "Answer 80% of chats within a minute in Q1 2026"
  owner team "Chat Support"
  serves o
  metric first_response_time
  scope channel is chat
  target 80% within 60 seconds
  window Q1 2026
  review monthly
  guardrail csat at least 80%
  through "more staff"

goal reopens: "Keep reopened tickets under 5% in Q1 2026"
  owner team "Chat Support"
  serves o
  metric reopen_rate
  scope all tickets
  target under 5%
  window Q1 2026
  review monthly
  through "better answers"
"#;

/// A header with a misspelt `first_response_at` and no `csat`; its one row has a repeated id
/// and a first response before creation, which only evaluation would count (D705).
const TICKETS: &str = "ticket_id,created_at,first_respons_at,channel,solved_at,reopens\n\
                       A,2026-01-05T10:00:00Z,2026-01-05T09:00:00Z,chat,2026-01-05T11:00:00Z,0\n\
                       A,2026-01-05T10:00:00Z,2026-01-05T09:00:00Z,chat,2026-01-05T11:00:00Z,0\n";

const CONFIG: &str = "[sources.tickets]\npath = \"t.csv\"\n";

#[test]
fn schema_reports_every_missing_column_with_a_suggestion_and_reads_no_rows() {
    let dir = project(
        "missing",
        &[("g.goal", GOALS), ("t.csv", TICKETS), ("goal.toml", CONFIG)],
    );
    let output = goal_in(&dir, &["check", ".", "--today", TODAY, "--schema"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let out = stdout(&output);
    // Row-level checks (repeated ids, order of timestamps) belong to evaluation: not reported.
    assert!(!out.contains("D705") && !out.contains("D706"), "{out}");
    insta::assert_snapshot!("schema-missing-columns", out);
}

#[test]
fn without_schema_the_data_is_not_read() {
    // goal.toml names a file that does not exist: plain `goal check` never opens it.
    let dir = project("plain", &[("g.goal", GOALS), ("goal.toml", CONFIG)]);
    let output = goal_in(&dir, &["check", ".", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let output = goal_in(&dir, &["check", ".", "--today", TODAY, "--schema"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let out = stdout(&output);
    assert!(out.contains("D701") && out.contains("t.csv"), "{out}");
}

#[test]
fn data_overrides_the_declared_path_and_a_fitting_file_passes() {
    let fitting = "ticket_id,created_at,first_response_at,channel,csat,solved_at,reopens\n";
    let dir = project(
        "fitting",
        &[
            ("g.goal", GOALS),
            ("t.csv", TICKETS),
            ("good.csv", fitting),
            ("goal.toml", CONFIG),
        ],
    );
    let output = goal_in(
        &dir,
        &["check", ".", "--today", TODAY, "--data", "good.csv"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(!stdout(&output).contains("D70"), "{}", stdout(&output));
}

#[test]
fn a_column_of_the_wrong_type_is_reported_in_json_with_the_source() {
    let ndjson = "{\"ticket_id\":\"A\",\"created_at\":true,\"first_response_at\":\"2026-01-05T10:00:30Z\",\"channel\":\"chat\",\"csat\":5,\"solved_at\":\"2026-01-05T11:00:00Z\",\"reopens\":0}\n";
    let dir = project("mistyped", &[("g.goal", GOALS), ("t.ndjson", ndjson)]);
    let output = goal_in(
        &dir,
        &[
            "check", ".", "--today", TODAY, "--data", "t.ndjson", "--format", "json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    // The document follows the check output's schema, a problem without a location included.
    support::assert_follows_schema(&json, "check-output.schema.json");
    let codes: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default(),
            )
        })
        // The goals have no baseline (A301 warnings); the data problems are what is tested.
        .filter(|(code, _)| code.starts_with('D'))
        .collect();
    assert_eq!(
        codes,
        [(
            "D703",
            "column `created_at` (from `created_at`) of source `tickets` is bool; it must hold a timestamp"
        )],
    );
    assert_eq!(json["summary"]["errors"], 1);
}

#[test]
fn a_table_no_source_gives_is_reported_on_the_goal() {
    let turnover = r#"objective o: "A healthy team"

goal turnover: "Keep voluntary turnover under 10% in 2026"
  owner team "Chat Support"
  serves o
  metric voluntary_turnover_rate
  scope all staff
  target under 10%
  window 2026
  review quarterly
  through "career paths"
"#;
    let dir = project(
        "no-source",
        &[
            ("g.goal", turnover),
            ("t.csv", TICKETS),
            ("goal.toml", CONFIG),
        ],
    );
    let output = goal_in(&dir, &["check", ".", "--today", TODAY, "--schema"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let out = stdout(&output);
    assert!(
        out.contains("D707") && out.contains("goal `turnover` reads the staff table"),
        "{out}"
    );
}
