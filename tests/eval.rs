//! `goal eval` end to end: the bundled example data (every output format, snapshotted), the
//! real ServiceNow export in `../shared/data`, and bad input (missing files, missing columns,
//! files that are not what they claim).

#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod support;

use goal_compiler::Rule;
use goal_compiler::rules::Group;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Output;
use support::{goal_in, stdout};

const AS_OF: &str = "2026-11-27";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn goal(args: &[&str]) -> Output {
    goal_in(&root(), args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("goal-eval-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn table_on_the_bundled_data() {
    let output = goal(&["eval", "examples", "--as-of", AS_OF]);
    // The business-hours goal cannot be evaluated yet (D704), so the status is 1.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("D704"));
    insta::assert_snapshot!("eval-table", stdout(&output));
}

#[test]
fn markdown_and_csv_on_the_bundled_data() {
    let output = goal(&["eval", "examples", "--as-of", AS_OF, "--format", "markdown"]);
    insta::assert_snapshot!("eval-markdown", stdout(&output));
    let output = goal(&["eval", "examples", "--as-of", AS_OF, "--format", "csv"]);
    insta::assert_snapshot!("eval-csv", stdout(&output));
}

#[test]
fn json_on_the_bundled_data_follows_its_schema() {
    let output = goal(&["eval", "examples", "--as-of", AS_OF, "--format", "json"]);
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    support::assert_follows_schema(&document, "eval-output.schema.json");
    insta::assert_snapshot!(
        "eval-json",
        serde_json::to_string_pretty(&document).expect("json")
    );
    // Every goal of the examples is listed, evaluated or not.
    let goals = document["goals"].as_array().expect("goals");
    assert_eq!(goals.len(), 29);
}

#[test]
fn breakdowns_of_every_example_goal() {
    // Exit 1 as without `--by` (an example goal is measured `during` a schedule: D704).
    // Goals whose window has not started have no current period, hence no groups (this once
    // panicked).
    for field in ["team", "agent", "channel", "priority", "topic"] {
        let output = goal(&[
            "eval", "examples", "--as-of", AS_OF, "--by", field, "--format", "json",
        ]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "--by {field}: {}",
            stderr(&output)
        );
        let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        support::assert_follows_schema(&document, "eval-output.schema.json");
        let goals = document["goals"].as_array().expect("goals");
        let not_started: Vec<_> = goals
            .iter()
            .filter(|g| g["status"] == "not_started")
            .collect();
        assert!(!not_started.is_empty(), "--by {field}");
        for g in not_started {
            assert_eq!(g["breakdown"], serde_json::json!([]), "--by {field}: {g}");
        }
    }
}

#[test]
fn breakdown_by_team() {
    let output = goal(&[
        "eval",
        "examples/08-handle-time.goal",
        "examples/objectives.goal",
        "--as-of",
        AS_OF,
        "--by",
        "team",
        "--format",
        "json",
    ]);
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let breakdown = document["goals"][0]["breakdown"]
        .as_array()
        .expect("breakdown");
    assert!(breakdown.len() >= 2, "{breakdown:?}");
    // The groups add up to the whole: every record of the current period is in one team.
    let total: u64 = breakdown
        .iter()
        .map(|g| g["current"]["sample"].as_u64().unwrap_or(0))
        .sum();
    let whole = document["goals"][0]["current"]["sample"]
        .as_u64()
        .unwrap_or(0);
    assert_eq!(total, whole);
}

fn servicenow_export() -> Option<PathBuf> {
    let path = root().join("../shared/data/servicenow_incident_event_log.csv.zip");
    path.exists().then_some(path)
}

#[test]
fn servicenow_export_runs_with_only_a_preset() {
    let Some(export) = servicenow_export() else {
        panic!("the ServiceNow export is expected in ../shared/data (see its README)");
    };
    let data = format!("tickets={}", export.display());
    let output = goal(&[
        "eval",
        "examples/servicenow",
        "--data",
        &data,
        "--as-of",
        "2016-06-30",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let source = &document["sources"][0];
    // 119,998 update rows for 20,769 incidents (the data's README). The goals measure March
    // (baselines) to June 2016 by opening or resolution time: 50 incidents opened and resolved
    // on 29 February 2016 fall outside every period and are not checked (recomputed with a
    // Python script over the raw CSV: latest `opened_at` and `resolved_at` per `number`).
    assert_eq!(source["rows"], 119_998);
    assert_eq!(source["checked"], 20_719);
    assert_eq!(source["records"], 20_719);
    for goal in document["goals"].as_array().expect("goals") {
        assert_ne!(goal["status"], "not_evaluated", "{goal}");
        assert!(
            goal["current"]["sample"].as_u64().unwrap_or(0) > 0,
            "{goal}"
        );
    }
    // Recomputed outside goal (a Python script over the raw CSV: rows grouped by `number`,
    // ordered by `sys_mod_count`, latest non-`?` value per column, day-first timestamps):
    // reopens 137 of 12,159 incidents resolved in Q2 2016, reassigned 4,735 of 11,567 opened
    // in Q2, knowledge on 3 of 274 low-priority incidents, SLA met on 3 of 359 critical and
    // high and on 8,173 of 11,527 moderate incidents resolved in Q2; the median resolution of
    // the 59 critical incidents resolved in May is 447,180 s (5.2 days).
    let value = |id: &str, field: &str| {
        document["goals"]
            .as_array()
            .and_then(|goals| goals.iter().find(|g| g["id"] == id))
            .map(|g| g["current"][field].as_f64().unwrap_or(f64::NAN))
            .expect("goal")
    };
    for (id, numerator, denominator) in [
        ("reopen-rate", 137.0, 12_159.0),
        ("reassignment-rate", 4_735.0, 11_567.0),
        ("knowledge-use-low-priority", 3.0, 274.0),
        ("sla-met-high-priority", 3.0, 359.0),
        ("sla-met-normal", 8_173.0, 11_527.0),
    ] {
        assert_eq!(
            (value(id, "numerator"), value(id, "denominator")),
            (numerator, denominator),
            "{id}"
        );
    }
    assert_eq!(value("critical-resolution-time", "value"), 447_180.0);
    assert_eq!(value("critical-resolution-time", "sample"), 59.0);
    insta::assert_snapshot!(
        "eval-servicenow",
        stdout(&goal(&[
            "eval",
            "examples/servicenow",
            "--data",
            &data,
            "--as-of",
            "2016-06-30",
        ]))
    );
}

const ONE_GOAL: &str = r#"objective o: "Customers get fast answers"

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
"#;

#[test]
fn a_missing_data_file_is_an_error_naming_it() {
    let dir = temp_dir("missing");
    std::fs::write(dir.join("g.goal"), ONE_GOAL).expect("write");
    let output = goal_in(&dir, &["eval", ".", "--data", "nope.csv", "--as-of", AS_OF]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("D701") && err.contains("nope.csv"), "{err}");
}

#[test]
fn a_missing_column_is_an_error_naming_it_with_a_suggestion() {
    let dir = temp_dir("column");
    std::fs::write(dir.join("g.goal"), ONE_GOAL).expect("write");
    std::fs::write(
        dir.join("t.csv"),
        "ticket_id,created_at,first_reply_at,channel,csat,solved_at\nA,2026-01-05T10:00:00Z,2026-01-05T10:00:30Z,chat,5,2026-01-05T11:00:00Z\n",
    )
    .expect("write");
    let output = goal_in(&dir, &["eval", ".", "--data", "t.csv", "--as-of", AS_OF]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("eval-missing-column", stderr(&output));
}

#[test]
fn a_file_that_is_not_csv_is_an_error() {
    let dir = temp_dir("garbage");
    std::fs::write(dir.join("g.goal"), ONE_GOAL).expect("write");
    std::fs::write(dir.join("t.parquet"), b"this is not parquet").expect("write");
    let output = goal_in(
        &dir,
        &["eval", ".", "--data", "t.parquet", "--as-of", AS_OF],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("D701"), "{}", stderr(&output));
}

#[test]
fn a_compressed_text_file_is_an_error_not_a_crash() {
    // polars, built without decompression, stops the program on these signatures.
    let dir = temp_dir("compressed");
    std::fs::write(dir.join("g.goal"), ONE_GOAL).expect("write");
    for (name, start, kind) in [
        ("t.csv", &[0x1f, 0x8b, 0x08, 0x00][..], "gzip"),
        ("t.ndjson", &[0x28, 0xb5, 0x2f, 0xfd][..], "zstd"),
    ] {
        let mut bytes = start.to_vec();
        bytes.extend_from_slice(b"rest of the stream");
        std::fs::write(dir.join(name), bytes).expect("write");
        let output = goal_in(&dir, &["eval", ".", "--data", name, "--as-of", AS_OF]);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        let err = stderr(&output);
        assert!(
            err.contains("D701")
                && err.contains(&format!("{name}` is compressed ({kind})"))
                && err.contains("decompress the file first")
                && !err.contains("panicked"),
            "{err}"
        );
    }
}

#[test]
fn a_source_path_outside_the_project_is_refused() {
    let dir = temp_dir("outside");
    std::fs::write(dir.join("g.goal"), ONE_GOAL).expect("write");
    std::fs::write(
        dir.join("goal.toml"),
        "[sources.tickets]\npath = \"../../etc/tickets.csv\"\n",
    )
    .expect("write");
    let output = goal_in(&dir, &["eval", ".", "--as-of", AS_OF]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("E014") && err.contains("not a path inside the project"),
        "{err}"
    );
}

#[test]
fn an_unknown_preset_or_column_in_goal_toml_is_an_error_with_a_suggestion() {
    let dir = temp_dir("preset");
    std::fs::write(dir.join("g.goal"), ONE_GOAL).expect("write");
    std::fs::write(
        dir.join("goal.toml"),
        "[sources.tickets]\npath = \"t.csv\"\npreset = \"zendsk\"\n\n[sources.tickets.columns]\nchanel = \"Via\"\n",
    )
    .expect("write");
    let output = goal_in(&dir, &["check", ".", "--today", "2026-02-01"]);
    assert_eq!(output.status.code(), Some(2));
    insta::assert_snapshot!("eval-config-typos", stdout(&output));
}

#[test]
fn bad_rows_are_counted_per_reason_on_csv_and_ndjson() {
    // The same four tickets as CSV and NDJSON: one without a creation time, one with an
    // unknown channel, one duplicate id, one CSAT of 9.
    let dir = temp_dir("bad-rows");
    std::fs::write(dir.join("g.goal"), ONE_GOAL).expect("write");
    std::fs::write(
        dir.join("t.csv"),
        "ticket_id,created_at,first_response_at,channel,csat,solved_at\n\
         A,2026-01-05T10:00:00Z,2026-01-05T10:00:30Z,chat,5,2026-01-05T11:00:00Z\n\
         B,,2026-01-05T10:00:30Z,chat,5,2026-01-05T11:00:00Z\n\
         C,2026-01-06T10:00:00Z,2026-01-06T10:00:30Z,fax,5,2026-01-06T11:00:00Z\n\
         A,2026-01-07T10:00:00Z,2026-01-07T10:00:30Z,chat,5,2026-01-07T11:00:00Z\n\
         D,2026-01-08T10:00:00Z,2026-01-08T10:02:00Z,chat,9,2026-01-08T11:00:00Z\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("t.ndjson"),
        "{\"ticket_id\":\"A\",\"created_at\":\"2026-01-05T10:00:00Z\",\"first_response_at\":\"2026-01-05T10:00:30Z\",\"channel\":\"chat\",\"csat\":5,\"solved_at\":\"2026-01-05T11:00:00Z\"}\n\
         {\"ticket_id\":\"B\",\"created_at\":null,\"first_response_at\":\"2026-01-05T10:00:30Z\",\"channel\":\"chat\",\"csat\":5,\"solved_at\":\"2026-01-05T11:00:00Z\"}\n\
         {\"ticket_id\":\"C\",\"created_at\":\"2026-01-06T10:00:00Z\",\"first_response_at\":\"2026-01-06T10:00:30Z\",\"channel\":\"fax\",\"csat\":5,\"solved_at\":\"2026-01-06T11:00:00Z\"}\n\
         {\"ticket_id\":\"A\",\"created_at\":\"2026-01-07T10:00:00Z\",\"first_response_at\":\"2026-01-07T10:00:30Z\",\"channel\":\"chat\",\"csat\":5,\"solved_at\":\"2026-01-07T11:00:00Z\"}\n\
         {\"ticket_id\":\"D\",\"created_at\":\"2026-01-08T10:00:00Z\",\"first_response_at\":\"2026-01-08T10:02:00Z\",\"channel\":\"chat\",\"csat\":9,\"solved_at\":\"2026-01-08T11:00:00Z\"}\n",
    )
    .expect("write");
    for file in ["t.csv", "t.ndjson"] {
        let output = goal_in(
            &dir,
            &[
                "eval", ".", "--data", file, "--as-of", AS_OF, "--format", "json",
            ],
        );
        let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        let source = &document["sources"][0];
        assert_eq!(source["rows"], 5, "{file}");
        assert_eq!(source["records"], 2, "{file}: A and D count");
        let issues: Vec<(String, String, u64)> = source["issues"]
            .as_array()
            .expect("issues")
            .iter()
            .map(|i| {
                (
                    i["column"].as_str().unwrap_or("").to_owned(),
                    i["effect"].as_str().unwrap_or("").to_owned(),
                    i["count"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        for expected in [
            ("created_at", "row excluded", 1),
            ("channel", "row excluded", 1),
            ("ticket_id", "row excluded", 1),
            ("csat", "value treated as missing", 1),
        ] {
            assert!(
                issues.contains(&(expected.0.into(), expected.1.into(), expected.2)),
                "{file}: {expected:?} not in {issues:?}"
            );
        }
        // First responses of A (30 s) and D (2 min): 1 of 2 within 60 seconds.
        let current = &document["goals"][0]["current"];
        assert_eq!(
            (
                current["numerator"].as_f64(),
                current["denominator"].as_f64()
            ),
            (Some(1.0), Some(2.0)),
            "{file}"
        );
    }
}

#[test]
fn a_csv_row_with_more_fields_than_the_header_is_excluded_and_its_line_shown() {
    // B's subject holds a comma and is not quoted: its later values are shifted, so the row is
    // excluded (D705) with its line; A's subject is quoted and its row counts.
    let dir = temp_dir("long-row");
    std::fs::write(dir.join("g.goal"), ONE_GOAL).expect("write");
    std::fs::write(
        dir.join("t.csv"),
        "ticket_id,created_at,first_response_at,channel,subject,csat,solved_at\n\
         A,2026-01-05T10:00:00Z,2026-01-05T10:00:30Z,chat,\"Refund, please\",5,2026-01-05T11:00:00Z\n\
         B,2026-01-06T10:00:00Z,2026-01-06T10:00:20Z,chat,Login, again,5,2026-01-06T11:00:00Z\n\
         D,2026-01-08T10:00:00Z,2026-01-08T10:02:00Z,chat,Reset,4,2026-01-08T11:00:00Z\n",
    )
    .expect("write");
    let output = goal_in(&dir, &["eval", ".", "--data", "t.csv", "--as-of", AS_OF]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains(
            "1 row of `tickets` excluded: more fields than the header (column `ticket_id`)"
        ),
        "{err}"
    );
    assert!(
        err.contains("see `t.csv` line 3: quote every field"),
        "{err}"
    );
    assert!(
        stdout(&output).contains("3 rows read, 3 in the evaluated periods, 2 count"),
        "{}",
        stdout(&output)
    );
    let output = goal_in(
        &dir,
        &[
            "eval", ".", "--data", "t.csv", "--as-of", AS_OF, "--format", "json",
        ],
    );
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        document["sources"][0]["issues"],
        serde_json::json!([{
            "column": "ticket_id",
            "reason": "more fields than the header",
            "effect": "row excluded",
            "count": 1
        }])
    );
    // First responses of A (30 s) and D (2 min): 1 of 2 within 60 seconds (B's 20 s would
    // make it 2 of 3).
    let current = &document["goals"][0]["current"];
    assert_eq!(
        (
            current["numerator"].as_f64(),
            current["denominator"].as_f64()
        ),
        (Some(1.0), Some(2.0))
    );
}

/// Runs `goal eval` in a fresh folder holding `files`, and returns the rule codes reported.
fn codes_in(name: &str, files: &[(&str, &str)], args: &[&str]) -> BTreeSet<String> {
    let dir = temp_dir(name);
    for (file, text) in files {
        std::fs::write(dir.join(file), text).expect("write");
    }
    let mut all = vec!["eval", ".", "--as-of", AS_OF];
    all.extend(args);
    let output = goal_in(&dir, &all);
    let err = stderr(&output);
    Rule::ALL
        .iter()
        .filter(|r| err.contains(r.code()))
        .map(|r| r.code().to_owned())
        .collect()
}

#[test]
fn every_data_rule_is_reported_on_bad_data() {
    let tickets = "ticket_id,created_at,first_response_at,channel,csat,solved_at\n\
                   A,2026-01-05T10:00:00Z,2026-01-05T10:00:30Z,chat,5,2026-01-05T11:00:00Z\n\
                   A,2026-01-06T10:00:00Z,2026-01-06T10:00:30Z,chat,7,2026-01-06T11:00:00Z\n";
    let mut seen = BTreeSet::new();
    let mut case = |name: &str, files: &[(&str, &str)], args: &[&str], expected: &str| {
        let codes = codes_in(name, files, args);
        assert!(
            codes.contains(expected),
            "{name}: {expected} not in {codes:?}"
        );
        seen.extend(codes);
    };
    case(
        "d701",
        &[("g.goal", ONE_GOAL)],
        &["--data", "nope.csv"],
        "D701",
    );
    case(
        "d702",
        &[
            ("g.goal", ONE_GOAL),
            ("t.csv", "ticket_id,created_at\nA,2026-01-05T10:00:00Z\n"),
        ],
        &["--data", "t.csv"],
        "D702",
    );
    // A boolean where a timestamp belongs.
    case(
        "d703",
        &[
            ("g.goal", ONE_GOAL),
            (
                "t.ndjson",
                "{\"ticket_id\":\"A\",\"created_at\":true,\"first_response_at\":\"2026-01-05T10:00:30Z\",\"channel\":\"chat\",\"csat\":5,\"solved_at\":\"2026-01-05T11:00:00Z\"}\n",
            ),
        ],
        &["--data", "t.ndjson"],
        "D703",
    );
    // Measured during a schedule: not evaluated yet.
    case(
        "d704",
        &[
            (
                "g.goal",
                &ONE_GOAL.replace(
                    "  target 80% within 60 seconds\n",
                    "  target 80% within 60 seconds\n  during office\n",
                ),
            ),
            (
                "s.goal",
                "schedule office: monday to friday 09:00 to 17:00 in Europe/Berlin\n",
            ),
            ("t.csv", tickets),
        ],
        &["--data", "t.csv"],
        "D704",
    );
    // A duplicate id (D705) and a CSAT of 7 (D706).
    case(
        "d705",
        &[("g.goal", ONE_GOAL), ("t.csv", tickets)],
        &["--data", "t.csv"],
        "D705",
    );
    case(
        "d706",
        &[
            ("g.goal", ONE_GOAL),
            (
                "t.csv",
                &tickets.replace(",5,", ",9,").replacen("\nA,", "\nB,", 1),
            ),
        ],
        &["--data", "t.csv"],
        "D706",
    );
    // Tickets given, the staff table a turnover goal needs is not.
    case(
        "d707",
        &[
            (
                "g.goal",
                &ONE_GOAL.replace(
                    "  metric first_response_time\n  scope channel is chat\n  target 80% within 60 seconds\n",
                    "  metric voluntary_turnover_rate\n  scope all staff\n  target under 10%\n",
                ).replace("  guardrail csat at least 80%\n", ""),
            ),
            ("t.csv", tickets),
        ],
        &["--data", "t.csv"],
        "D707",
    );
    // A baseline measured over a quarter the data does not reach.
    case(
        "d708",
        &[
            (
                "g.goal",
                &ONE_GOAL.replace(
                    "  target 80% within 60 seconds\n",
                    "  target 80% within 60 seconds\n  baseline measured over Q3 2024\n",
                ),
            ),
            ("t.csv", tickets),
        ],
        &["--data", "t.csv"],
        "D708",
    );
    for rule in Rule::ALL.iter().filter(|r| r.group() == Group::Data) {
        assert!(seen.contains(rule.code()), "no case reports {rule}");
    }
}
