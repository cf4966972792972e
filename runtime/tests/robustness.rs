//! Every malformed-data case of docs/data.md ("Malformed data"), on the same rows written as
//! CSV (all text), NDJSON (JSON types) and Parquet (types inferred from the CSV, as an export
//! tool would write them): each bad row or value is counted under its column and reason, the
//! good rows still count, and nothing panics or fails the run.

#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use goal_compiler::calendar::PeriodUnit;
use goal_compiler::catalogue::Population;
use goal_compiler::datasource::{EvalSettings, SourceDecl};
mod support;

use goal_runtime::{Evaluation, Request, evaluate};
use polars::prelude::*;
use std::path::{Path, PathBuf};

const HEADER: &[&str] = &[
    "ticket_id",
    "created_at",
    "first_response_at",
    "solved_at",
    "channel",
    "priority",
    "status",
    "csat",
    "nps",
    "ces",
    "qa_score",
    "handle_seconds",
    "agent_replies",
    "reopens",
    "escalated",
    "csat_rated_at",
    "csat_followed_up_at",
];

/// A good row, then the same with one column changed.
const GOOD: &[&str] = &[
    "A",
    "2026-01-05T09:00:00Z",
    "2026-01-05T09:00:30Z",
    "2026-01-05T10:00:00Z",
    "chat",
    "high",
    "solved",
    "5",
    "9",
    "6",
    "90",
    "600",
    "1",
    "0",
    "false",
    "2026-01-05T11:00:00Z",
    "2026-01-05T12:00:00Z",
];

/// (id, column, bad value): one problem per row.
const BAD: &[(&str, &str, &str)] = &[
    ("B", "created_at", "yesterday"),
    ("C", "created_at", ""),
    ("D", "channel", "fax"),
    // Keys are compared trimmed: blank is no key, " A\t" repeats "A".
    ("", "ticket_id", "  "),
    ("A", "ticket_id", " A\t"),
    ("E", "first_response_at", "2026-01-05T08:59:59Z"),
    ("F", "solved_at", "soon"),
    ("G", "csat", "9"),
    ("H", "csat", "4.5"),
    ("I", "nps", "-1"),
    ("J", "ces", "8"),
    ("K", "qa_score", "101"),
    ("L", "handle_seconds", "-5"),
    ("M", "agent_replies", "two"),
    ("N", "agent_replies", "-1"),
    ("O", "escalated", "maybe"),
    ("P", "priority", "asap"),
    ("Q", "status", "weird"),
    ("R", "csat_followed_up_at", "2026-01-05T10:59:00Z"),
    ("S", "handle_seconds", "fast"),
    ("T", "solved_at", "2026-01-05T08:00:00Z"),
];

/// The expected report, worked out from `BAD`: (column, reason, effect, count).
const EXPECTED: &[(&str, &str, &str, u64)] = &[
    ("created_at", "not a timestamp", "row excluded", 1),
    ("created_at", "missing", "row excluded", 1),
    ("channel", "unknown channel", "row excluded", 1),
    ("ticket_id", "no ticket_id", "row excluded", 1),
    (
        "ticket_id",
        "duplicate ticket_id (the first row is kept)",
        "row excluded",
        1,
    ),
    (
        "first_response_at",
        "before created_at",
        "value treated as missing",
        1,
    ),
    (
        "solved_at",
        "not a timestamp",
        "value treated as missing",
        1,
    ),
    (
        "solved_at",
        "before created_at",
        "value treated as missing",
        1,
    ),
    (
        "csat",
        "not a whole number from 1 to 5",
        "value treated as missing",
        2,
    ),
    (
        "nps",
        "not a whole number from 0 to 10",
        "value treated as missing",
        1,
    ),
    (
        "ces",
        "not a whole number from 1 to 7",
        "value treated as missing",
        1,
    ),
    (
        "qa_score",
        "outside 0 to 100",
        "value treated as missing",
        1,
    ),
    (
        "handle_seconds",
        "negative or too large",
        "value treated as missing",
        1,
    ),
    (
        "handle_seconds",
        "not a number",
        "value treated as missing",
        1,
    ),
    (
        "agent_replies",
        "not a whole number",
        "value treated as missing",
        1,
    ),
    (
        "agent_replies",
        "not a whole number of at least 0",
        "value treated as missing",
        1,
    ),
    ("escalated", "not a boolean", "value treated as missing", 1),
    (
        "priority",
        "unknown priority",
        "value treated as missing",
        1,
    ),
    ("status", "unknown status", "value treated as missing", 1),
    (
        "csat_followed_up_at",
        "before csat_rated_at",
        "value treated as missing",
        1,
    ),
];

/// One table of the test: a header, a good row, and the bad cases.
struct Case {
    header: &'static [&'static str],
    good: &'static [&'static str],
    bad: &'static [(&'static str, &'static str, &'static str)],
}

const TICKETS: Case = Case {
    header: HEADER,
    good: GOOD,
    bad: BAD,
};

/// The rows: the good one, then one per bad case (a copy of the good row with its own key).
fn rows(case: &Case) -> Vec<Vec<String>> {
    let mut rows = vec![
        case.good
            .iter()
            .map(|v| (*v).to_owned())
            .collect::<Vec<_>>(),
    ];
    for (id, column, value) in case.bad {
        let mut row: Vec<String> = case.good.iter().map(|v| (*v).to_owned()).collect();
        row[0] = (*id).to_owned();
        let at = case
            .header
            .iter()
            .position(|h| h == column)
            .expect("column");
        row[at] = (*value).to_owned();
        rows.push(row);
    }
    rows
}

fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("goal-robust-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write_csv(case: &Case, path: &Path) {
    let mut text = case.header.join(",");
    text.push('\n');
    for row in rows(case) {
        text.push_str(&row.join(","));
        text.push('\n');
    }
    std::fs::write(path, text).expect("write csv");
}

/// JSON types as a JSON export has them: numbers and booleans where the text is one, null for
/// an empty field, a string otherwise.
fn write_ndjson(case: &Case, path: &Path) {
    let mut text = String::new();
    for row in rows(case) {
        let object: serde_json::Map<String, serde_json::Value> = case
            .header
            .iter()
            .zip(row)
            .map(|(h, v)| {
                let value = if v.is_empty() {
                    serde_json::Value::Null
                } else if let Ok(b) = v.parse::<bool>() {
                    serde_json::Value::Bool(b)
                } else if let Ok(i) = v.parse::<i64>() {
                    serde_json::Value::from(i)
                } else if let Ok(f) = v.parse::<f64>() {
                    serde_json::Value::from(f)
                } else {
                    serde_json::Value::String(v)
                };
                ((*h).to_owned(), value)
            })
            .collect();
        text.push_str(&serde_json::Value::Object(object).to_string());
        text.push('\n');
    }
    std::fs::write(path, text).expect("write ndjson");
}

/// Parquet with the types a CSV reader infers (dates parsed where every value is one).
fn write_parquet(csv: &Path, path: &Path, typed: &[&str]) {
    let mut df = CsvReadOptions::default()
        .with_infer_schema_length(Some(1000))
        .map_parse_options(|o| o.with_try_parse_dates(true))
        .try_into_reader_with_file_path(Some(csv.to_path_buf()))
        .expect("csv reader")
        .finish()
        .expect("csv read");
    // Typed columns, so the test covers typed reading (the bad text values keep their
    // columns text).
    for name in typed {
        let dtype = df.column(name).expect("column").dtype().clone();
        assert!(dtype != DataType::String, "{name} is text");
    }
    let file = std::fs::File::create(path).expect("create parquet");
    ParquetWriter::new(file)
        .finish(&mut df)
        .expect("write parquet");
}

/// One goal per checked column, so every column is parsed.
const GOALS: &str = r#"objective o: "Customers are served well"

goal frt: "First response"
  owner team "Support"
  serves o
  metric first_response_time
  scope priority is high and status is solved
  target 80% within 60 seconds
  window January 2026
  review monthly
  through "the work"

goal sat: "CSAT"
  owner team "Support"
  serves o
  metric csat
  scope channel is chat
  target at least 80%
  window January 2026
  review monthly
  through "the work"

goal promoters: "NPS"
  owner team "Support"
  serves o
  metric nps
  scope all tickets
  target at least 30 points
  window January 2026
  review monthly
  through "the work"

goal effort: "CES"
  owner team "Support"
  serves o
  metric mean ces_score
  scope all tickets
  target at least 5 on ces
  window January 2026
  review monthly
  through "the work"

goal quality: "QA"
  owner team "Support"
  serves o
  metric mean qa_score
  scope all tickets
  target at least 80 on qa
  window January 2026
  review monthly
  through "the work"

goal handling: "Handle time"
  owner team "Support"
  serves o
  metric mean handle_time
  scope all tickets
  target under 15 minutes
  window January 2026
  review monthly
  through "the work"

goal fcr: "FCR"
  owner team "Support"
  serves o
  metric first_contact_resolution
  scope all tickets
  target at least 70%
  window January 2026
  review monthly
  through "the work"

goal escalations: "Escalations"
  owner team "Support"
  serves o
  metric escalation_rate
  scope all tickets
  target under 10%
  window January 2026
  review monthly
  through "the work"

goal follow-ups: "Follow-ups"
  owner team "Support"
  serves o
  metric csat_follow_up_time
  scope all tickets
  target 90% within 1 day
  window January 2026
  review monthly
  through "the work"
"#;

/// Evaluates `goals` over the file of `population`, and over `others` (well-formed tables a
/// metric also reads).
fn evaluate_file(
    path: PathBuf,
    population: Population,
    goals: &str,
    others: &[(Population, PathBuf)],
) -> Evaluation {
    let sources = std::iter::once((population, path))
        .chain(others.iter().cloned())
        .map(|(p, path)| (SourceDecl::canonical(p.word(), p), path))
        .collect();
    evaluate_sources(sources, goals)
}

/// A tickets source read as an event log ordered by `order_by`, otherwise canonical.
fn event_log(order_by: &str) -> SourceDecl {
    let mut decl = SourceDecl::canonical("tickets", Population::Tickets);
    decl.events = Some(goal_compiler::datasource::EventLog {
        order_by: order_by.into(),
        first_reached: Vec::new(),
        first_value: Vec::new(),
    });
    decl
}

/// Evaluates `goals` over `sources` as declared, monthly, as of 15 February 2026.
fn evaluate_sources(sources: Vec<(SourceDecl, PathBuf)>, goals: &str) -> Evaluation {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 2).expect("date");
    let (files, checked) = support::compile(goals, today);
    evaluate(&Request {
        goals: &checked.goals,
        files: &files,
        sources,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 2, 15).expect("date"),
        period: PeriodUnit::Month,
        by: None,
        settings: EvalSettings::default(),
    })
}

fn check_report(
    format: &str,
    evaluation: &Evaluation,
    table: &str,
    case: &Case,
    excluded: u64,
    expected: &[(&str, &str, &str, u64)],
) {
    let errors = support::errors(&evaluation.diagnostics);
    assert!(errors.is_empty(), "{format}: {errors:?}");
    let source = evaluation
        .sources
        .iter()
        .find(|s| s.table == table)
        .expect("the source report");
    let rows = u64::try_from(case.bad.len()).expect("count") + 1;
    assert_eq!(source.rows, rows, "{format}");
    assert_eq!(source.records, rows - excluded, "{format}");
    let mut got: Vec<(String, String, String, u64)> = source
        .issues
        .iter()
        .map(|i| {
            (
                i.column.clone(),
                i.reason.clone(),
                i.effect.to_owned(),
                i.count,
            )
        })
        .collect();
    let mut expected: Vec<(String, String, String, u64)> = expected
        .iter()
        .map(|(c, r, e, n)| ((*c).into(), (*r).into(), (*e).into(), *n))
        .collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "{format}");
    // One warning per column and reason.
    let warnings = evaluation
        .diagnostics
        .iter()
        .filter(|d| matches!(d.rule.code(), "D705" | "D706"))
        .count();
    assert_eq!(warnings, expected.len(), "{format}");
    // Every goal is evaluated on the rows that count.
    for goal in &evaluation.goals {
        assert!(
            goal.current.as_ref().and_then(|m| m.value).is_some(),
            "{format}: {} has no value ({})",
            goal.id,
            goal.reason
        );
    }
}

/// The staff table: dates, and the `person` key.
const STAFF: Case = Case {
    header: &["person", "manager", "hired_on", "left_on", "leave_reason"],
    good: &["Lee", "", "2020-01-01", "2026-06-30", "voluntary"],
    bad: &[
        ("Ann", "hired_on", "someday"),
        ("Bob", "hired_on", "2026-13-01"),
        ("", "person", ""),
        ("Lee", "person", "Lee"),
    ],
};

const STAFF_EXPECTED: &[(&str, &str, &str, u64)] = &[
    ("hired_on", "not a date", "value treated as missing", 2),
    ("person", "no person", "row excluded", 1),
    (
        "person",
        "duplicate person (the first row is kept)",
        "row excluded",
        1,
    ),
];

const TURNOVER: &str = r#"objective o: "Customers are served well"

goal turnover: "Turnover"
  owner team "Support"
  serves o
  metric voluntary_turnover_rate
  scope all staff
  target under 10%
  window January 2026
  review monthly
  through "the work"
"#;

/// Writes `case` in `format` into a fresh folder and returns the file.
fn written(case: &Case, name: &str, format: &str, typed: &[&str]) -> PathBuf {
    let dir = dir(&format!("{name}-{format}"));
    let csv = dir.join("t.csv");
    write_csv(case, &csv);
    match format {
        "csv" => csv,
        "ndjson" => {
            let path = dir.join("t.ndjson");
            write_ndjson(case, &path);
            path
        }
        _ => {
            let path = dir.join("t.parquet");
            write_parquet(&csv, &path, typed);
            path
        }
    }
}

#[test]
fn malformed_tickets_are_counted_per_reason_in_every_format() {
    for format in ["csv", "ndjson", "parquet"] {
        let path = written(&TICKETS, "tickets", format, &["csat_rated_at", "nps"]);
        let evaluation = evaluate_file(path, Population::Tickets, GOALS, &[]);
        // Excluded: B, C, D, the row without an id and the second A.
        check_report(format, &evaluation, "tickets", &TICKETS, 5, EXPECTED);
    }
}

#[test]
fn malformed_staff_rows_are_counted_per_reason_in_every_format() {
    for format in ["csv", "ndjson", "parquet"] {
        let path = written(&STAFF, "staff", format, &["left_on"]);
        let evaluation = evaluate_file(path, Population::Staff, TURNOVER, &[]);
        // Excluded: the row without a person and the second Lee.
        check_report(format, &evaluation, "staff", &STAFF, 2, STAFF_EXPECTED);
    }
}

/// The meetings table: its time and the `meeting_id` key.
const MEETINGS: Case = Case {
    header: &["meeting_id", "kind", "manager", "report", "held_at"],
    good: &["M1", "one_on_one", "Lee", "Ann", "2026-01-05T10:00:00Z"],
    bad: &[
        ("M2", "held_at", "tomorrow"),
        ("", "meeting_id", ""),
        ("M1", "meeting_id", "M1"),
    ],
};

const MEETINGS_EXPECTED: &[(&str, &str, &str, u64)] = &[
    ("held_at", "not a timestamp", "value treated as missing", 1),
    ("meeting_id", "no meeting_id", "row excluded", 1),
    (
        "meeting_id",
        "duplicate meeting_id (the first row is kept)",
        "row excluded",
        1,
    ),
];

const COVERAGE: &str = r#"objective o: "Customers are served well"

goal one-on-ones: "1:1s"
  owner team "Support"
  serves o
  metric one_on_one_coverage
  scope all meetings
  target at least 90%
  window January 2026
  review monthly
  through "the work"
"#;

#[test]
fn malformed_meetings_are_counted_per_reason_in_every_format() {
    let staff = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/staff.csv");
    for format in ["csv", "ndjson", "parquet"] {
        let path = written(&MEETINGS, "meetings", format, &[]);
        let evaluation = evaluate_file(
            path,
            Population::Meetings,
            COVERAGE,
            &[(Population::Staff, staff.clone())],
        );
        // Excluded: the row without an id and the second M1.
        check_report(
            format,
            &evaluation,
            "meetings",
            &MEETINGS,
            2,
            MEETINGS_EXPECTED,
        );
    }
}

/// The QA reviews table: its time, its score range and the `review_id` key.
const QA_REVIEWS: Case = Case {
    header: &["review_id", "agent", "reviewer", "reviewed_at", "score"],
    good: &["R1", "Ann", "Lee", "2026-01-05T10:00:00Z", "85.5"],
    bad: &[
        ("R2", "reviewed_at", "last week"),
        ("R3", "score", "101"),
        ("R4", "score", "-1"),
        ("R5", "score", "great"),
        ("", "review_id", ""),
        ("R1", "review_id", "R1"),
    ],
};

const QA_REVIEWS_EXPECTED: &[(&str, &str, &str, u64)] = &[
    (
        "reviewed_at",
        "not a timestamp",
        "value treated as missing",
        1,
    ),
    ("score", "outside 0 to 100", "value treated as missing", 2),
    ("score", "not a number", "value treated as missing", 1),
    ("review_id", "no review_id", "row excluded", 1),
    (
        "review_id",
        "duplicate review_id (the first row is kept)",
        "row excluded",
        1,
    ),
];

const QA_REVIEW_GOALS: &str = r#"objective o: "Customers are served well"

goal reviews: "QA reviews"
  owner team "Support"
  serves o
  metric qa_reviews
  scope all qa_reviews
  target at least 10
  window January 2026
  review monthly
  through "the work"

goal review-score: "QA review score"
  owner team "Support"
  serves o
  metric mean qa_review_score
  scope all qa_reviews
  target at least 80
  window January 2026
  review monthly
  through "the work"
"#;

#[test]
fn malformed_qa_reviews_are_counted_per_reason_in_every_format() {
    for format in ["csv", "ndjson", "parquet"] {
        let path = written(&QA_REVIEWS, "qa-reviews", format, &[]);
        let evaluation = evaluate_file(path, Population::QaReviews, QA_REVIEW_GOALS, &[]);
        // Excluded: the row without an id and the second R1.
        check_report(
            format,
            &evaluation,
            "qa_reviews",
            &QA_REVIEWS,
            2,
            QA_REVIEWS_EXPECTED,
        );
        // Counted: R1, R3, R4, R5 (January; their scores do not matter); R2 has no time.
        // Scored: R1 only (85.5); the other scores are invalid.
        let value = |id: &str| {
            evaluation
                .goals
                .iter()
                .find(|g| g.id == id)
                .and_then(|g| g.current.as_ref())
                .and_then(|m| m.value)
        };
        assert_eq!(value("reviews"), Some(4.0), "{format}");
        assert_eq!(value("review-score"), Some(85.5), "{format}");
    }
}

/// A row with more fields than the header, a CSV-only case (docs/data.md, "Malformed data"):
/// a separator in a field that is not quoted shifts the row's later values. The row is
/// excluded and counted under the key whatever its dates, its other values are not judged,
/// and a field that is quoted may hold separators and line breaks.
const LONG_ROW_GOALS: &str = r#"objective o: "Customers are served well"

goal frt: "First response"
  owner team "Support"
  serves o
  metric first_response_time
  scope channel is chat
  target 80% within 60 seconds
  window January 2026
  review monthly
  through "the work"

goal sat: "CSAT"
  owner team "Support"
  serves o
  metric csat
  scope channel is chat
  target at least 80%
  window January 2026
  review monthly
  through "the work"
"#;

const LONG_ROW_HEADER: &str =
    "ticket_id,created_at,first_response_at,solved_at,channel,subject,csat\n";
// Line 2.
const ROW_A: &str =
    "A,2026-01-05T09:00:00Z,2026-01-05T09:00:30Z,2026-01-05T10:00:00Z,chat,\"Refund, please\",5\n";
// Lines 3 and 4: a quoted separator and line break.
const ROW_B: &str = "B,2026-01-06T09:00:00Z,2026-01-06T09:02:00Z,2026-01-06T10:00:00Z,chat,\"Two lines,\nof text\",4\n";
// Line 5: `Login, again` is not quoted, so `csat` reads ` again` and the 5 is an eighth field.
const ROW_C: &str =
    "C,2026-01-07T09:00:00Z,2026-01-07T09:00:10Z,2026-01-07T10:00:00Z,chat,Login, again,5\n";
// Line 6.
const ROW_D: &str =
    "D,2026-01-08T09:00:00Z,2026-01-08T09:00:20Z,2026-01-08T10:00:00Z,chat,Password reset,2\n";
// Line 7: as C, created in June 2025, outside every period the goals measure.
const ROW_E: &str =
    "E,2025-06-01T09:00:00Z,2025-06-01T09:00:20Z,2025-06-01T10:00:00Z,chat,Old, shifted,3\n";

/// The current (numerator, denominator) of goal `id`.
fn ratio(evaluation: &Evaluation, id: &str) -> (Option<f64>, Option<f64>) {
    let current = evaluation
        .goals
        .iter()
        .find(|g| g.id == id)
        .and_then(|g| g.current.as_ref())
        .expect("a current value");
    (current.numerator, current.denominator)
}

/// The D705 warnings, as (message, help).
fn excluded_warnings(evaluation: &Evaluation) -> Vec<(String, String)> {
    evaluation
        .diagnostics
        .iter()
        .filter(|d| d.rule.code() == "D705")
        .map(|d| (d.message.clone(), d.help.clone().unwrap_or_default()))
        .collect()
}

/// The source's (column, reason, effect, count) issues.
fn issues(evaluation: &Evaluation) -> Vec<(String, String, String, u64)> {
    evaluation.sources[0]
        .issues
        .iter()
        .map(|i| {
            (
                i.column.clone(),
                i.reason.clone(),
                i.effect.to_owned(),
                i.count,
            )
        })
        .collect()
}

fn long_rows_issue(count: u64) -> Vec<(String, String, String, u64)> {
    vec![(
        "ticket_id".into(),
        "more fields than the header".into(),
        "row excluded".into(),
        count,
    )]
}

#[test]
fn csv_rows_with_more_fields_than_the_header_are_excluded_and_reported() {
    let dir = dir("long-rows");
    let path = dir.join("t.csv");
    std::fs::write(
        &path,
        [LONG_ROW_HEADER, ROW_A, ROW_B, ROW_C, ROW_D, ROW_E].concat(),
    )
    .expect("write");
    let evaluation = evaluate_file(path, Population::Tickets, LONG_ROW_GOALS, &[]);
    let errors = support::errors(&evaluation.diagnostics);
    assert!(errors.is_empty(), "{errors:?}");
    let source = &evaluation.sources[0];
    // Read: A to E. Checked: A to D (January 2026), and E, whose dates cannot be trusted.
    // Counted: A, B and D.
    assert_eq!(
        (source.rows, source.checked, source.records),
        (5, 5, 3),
        "{source:?}"
    );
    // C and E under this reason only: C's ` again` is not reported as a bad CSAT.
    assert_eq!(issues(&evaluation), long_rows_issue(2));
    assert_eq!(
        excluded_warnings(&evaluation),
        vec![(
            "2 rows of `tickets` excluded: more fields than the header (column `ticket_id`)"
                .to_owned(),
            "see `t.csv` lines 5, 7: quote every field that holds the separator (`,`), or name \
             every column in the header; these rows count in no goal"
                .to_owned()
        )]
    );
    assert!(
        !evaluation
            .diagnostics
            .iter()
            .any(|d| d.rule.code() == "D706"),
        "{:?}",
        evaluation.diagnostics
    );
    // The good rows' values: first responses of A (30 s), B (120 s) and D (20 s), 2 of 3
    // within 60 seconds (C's 10 s would make it 3 of 4); ratings of A (5), B (4) and D (2),
    // 2 of 3 at least 4.
    assert_eq!(ratio(&evaluation, "frt"), (Some(2.0), Some(3.0)));
    assert_eq!(ratio(&evaluation, "sat"), (Some(2.0), Some(3.0)));
}

#[test]
fn a_long_row_is_excluded_when_the_goals_read_every_column() {
    // No column the goals do not read (polars checks a row's fields only then): `ticket_id,
    // created_at, first_response_at, solved_at, channel, csat`; C's seventh field is extra.
    let dir = dir("long-rows-every-column");
    let path = dir.join("t.csv");
    let header = "ticket_id,created_at,first_response_at,solved_at,channel,csat\n";
    let rows = [
        "A,2026-01-05T09:00:00Z,2026-01-05T09:00:30Z,2026-01-05T10:00:00Z,chat,5\n",
        "C,2026-01-07T09:00:00Z,2026-01-07T09:00:10Z,2026-01-07T10:00:00Z,chat,5,5\n",
        "D,2026-01-08T09:00:00Z,2026-01-08T09:02:00Z,2026-01-08T10:00:00Z,chat,2\n",
    ];
    std::fs::write(&path, [header, rows[0], rows[1], rows[2]].concat()).expect("write");
    let evaluation = evaluate_file(path, Population::Tickets, LONG_ROW_GOALS, &[]);
    let errors = support::errors(&evaluation.diagnostics);
    assert!(errors.is_empty(), "{errors:?}");
    let source = &evaluation.sources[0];
    assert_eq!((source.rows, source.checked, source.records), (3, 3, 2));
    assert_eq!(issues(&evaluation), long_rows_issue(1));
    // A (30 s, 5) and D (120 s, 2): 1 of 2 each (with C's 10 s and 5, 2 of 3).
    assert_eq!(ratio(&evaluation, "frt"), (Some(1.0), Some(2.0)));
    assert_eq!(ratio(&evaluation, "sat"), (Some(1.0), Some(2.0)));
}

#[test]
fn csv_rows_with_more_fields_are_found_in_each_file_of_a_folder() {
    // Row 0 of each file: A is good, C too long. Only C is excluded.
    let dir = dir("long-rows-folder");
    std::fs::write(dir.join("a.csv"), [LONG_ROW_HEADER, ROW_A, ROW_B].concat()).expect("write");
    std::fs::write(dir.join("b.csv"), [LONG_ROW_HEADER, ROW_C, ROW_D].concat()).expect("write");
    let evaluation = evaluate_file(dir, Population::Tickets, LONG_ROW_GOALS, &[]);
    let errors = support::errors(&evaluation.diagnostics);
    assert!(errors.is_empty(), "{errors:?}");
    let source = &evaluation.sources[0];
    assert_eq!((source.rows, source.checked, source.records), (4, 4, 3));
    assert_eq!(issues(&evaluation), long_rows_issue(1));
    assert_eq!(
        excluded_warnings(&evaluation).first().map(|(_, help)| help
            .split(':')
            .next()
            .unwrap_or("")
            .to_owned()),
        Some("see `b.csv` line 2".to_owned())
    );
    assert_eq!(ratio(&evaluation, "frt"), (Some(2.0), Some(3.0)));
    assert_eq!(ratio(&evaluation, "sat"), (Some(2.0), Some(3.0)));
}

#[test]
fn an_event_log_record_with_a_row_too_long_is_excluded() {
    // Separated by `;`: commas are text. Three tickets' updates, ordered by `seq`; B's second
    // update (line 5) has a `;` in a field that is not quoted.
    let dir = dir("long-rows-events");
    let path = dir.join("t.csv");
    std::fs::write(
        &path,
        "ticket_id;seq;created_at;first_response_at;solved_at;channel;csat;note\n\
         A;1;2026-01-05 09:00:00;;;chat;;New, by mail\n\
         A;2;2026-01-05 09:00:00;2026-01-05 09:00:30;2026-01-05 10:00:00;chat;5;\"Replied; solved\"\n\
         B;1;2026-01-06 09:00:00;;;chat;;New\n\
         B;2;2026-01-06 09:00:00;2026-01-06 09:00:40;2026-01-06 10:00:00;chat;5;Replied; solved\n\
         D;1;2026-01-08 09:00:00;2026-01-08 09:02:00;2026-01-08 10:00:00;chat;2;New\n",
    )
    .expect("write");
    let mut decl = event_log("seq");
    decl.separator = b';';
    // The order column holds numbers, also tried as times in the declared format.
    decl.timestamp_format = Some("%Y-%m-%d %H:%M:%S".into());
    let evaluation = evaluate_sources(vec![(decl, path)], LONG_ROW_GOALS);
    let errors = support::errors(&evaluation.diagnostics);
    assert!(errors.is_empty(), "{errors:?}");
    let source = &evaluation.sources[0];
    // Five update rows; records A, B and D; B excluded.
    assert_eq!((source.rows, source.checked, source.records), (5, 3, 2));
    assert_eq!(issues(&evaluation), long_rows_issue(1));
    assert_eq!(
        excluded_warnings(&evaluation)
            .first()
            .map(|(message, help)| (
                message.clone(),
                help.split(':').next().unwrap_or("").to_owned()
            )),
        Some((
            "1 row of `tickets` excluded: more fields than the header (column `ticket_id`)"
                .to_owned(),
            "see `t.csv` line 5".to_owned()
        ))
    );
    // A (30 s, CSAT 5) and D (120 s, CSAT 2): 1 of 2 within 60 seconds, 1 of 2 satisfied
    // (with B's 40 s and 5, 2 of 3 both).
    assert_eq!(ratio(&evaluation, "frt"), (Some(1.0), Some(2.0)));
    assert_eq!(ratio(&evaluation, "sat"), (Some(1.0), Some(2.0)));
}

#[test]
fn an_event_log_is_ordered_by_numbers_or_iso_times_without_a_declared_format() {
    // The later state of A comes first in the file; B's states are in file order. A sequence
    // number orders as a number (9 before 10), an ISO time with `Z` as a time, both trimmed
    // (untrimmed, A's earlier state would not parse and sort last, as the latest).
    let dir = dir("events-order");
    let path = dir.join("t.csv");
    std::fs::write(
        &path,
        "ticket_id,seq,updated_at,created_at,first_response_at,solved_at,channel,csat\n\
         A,10,2026-01-05T10:00:00Z,2026-01-05T09:00:00Z,2026-01-05T09:00:30Z,2026-01-05T10:00:00Z,chat,5\n\
         A, 9 , 2026-01-05T09:30:00Z,2026-01-05T09:00:00Z,2026-01-05T09:05:00Z,,chat,1\n\
         B,1,2026-01-06T09:00:00Z,2026-01-06T09:00:00Z,,,chat,\n\
         B,2,2026-01-06T11:00:00Z,2026-01-06T09:00:00Z,2026-01-06T09:02:00Z,2026-01-06T11:00:00Z,chat,2\n",
    )
    .expect("write");
    for order_by in ["seq", "updated_at"] {
        let decl = event_log(order_by);
        let evaluation = evaluate_sources(vec![(decl, path.clone())], LONG_ROW_GOALS);
        let errors = support::errors(&evaluation.diagnostics);
        assert!(errors.is_empty(), "{order_by}: {errors:?}");
        // Latest states: A answered in 30 s, CSAT 5; B in 120 s, CSAT 2: 1 of 2 each (in
        // file order, A's 5 minutes and CSAT 1 would make both 0 of 2).
        assert_eq!(
            ratio(&evaluation, "frt"),
            (Some(1.0), Some(2.0)),
            "{order_by}"
        );
        assert_eq!(
            ratio(&evaluation, "sat"),
            (Some(1.0), Some(2.0)),
            "{order_by}"
        );
    }
}
