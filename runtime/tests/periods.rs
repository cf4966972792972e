//! Only the rows of the evaluated periods are checked (docs/data.md, "Which rows are
//! checked"), and no goal's value depends on which other goals run with it.
//! tests/fixtures/periods.csv: twelve tickets around the week of 2 March 2026, all times UTC.

#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use goal_compiler::calendar::PeriodUnit;
use goal_compiler::catalogue::Population;
use goal_compiler::datasource::{EvalSettings, SourceDecl};
use goal_runtime::model::{Measurement, SourceReport, Status};
use goal_runtime::{Evaluation, Request, evaluate};
use polars::prelude::*;
use std::path::PathBuf;
mod support;

/// One goal per (id, metric line, target), each over the week of 2 March 2026.
fn goals(specs: &[(&str, &str, &str)]) -> String {
    let mut text = String::from("objective o: \"Customers are served well\"\n");
    for (id, metric, target) in specs {
        text.push_str(&format!(
            "\ngoal {id}: \"A goal on {metric}\"\n  owner team \"Support\"\n  serves o\n  metric {metric}\n  scope all tickets\n  target {target}\n  window 2026-03-02 to 2026-03-08\n  review weekly\n  through \"the work\"\n"
        ));
    }
    text
}

const FIRST_RESPONSE: (&str, &str, &str) = ("frt", "first_response_time", "80% within 60 seconds");
const CSAT: (&str, &str, &str) = ("csat", "csat", "at least 80%");
const REPEAT: (&str, &str, &str) = ("repeat", "repeat_contact_rate (window 7 days)", "under 10%");

/// The goals over tests/fixtures/periods.csv.
fn run(specs: &[(&str, &str, &str)]) -> Evaluation {
    run_on(specs, fixture())
}

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/periods.csv")
}

/// The goals over the tickets at `tickets` (a file or folder).
fn run_on(specs: &[(&str, &str, &str)], tickets: PathBuf) -> Evaluation {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
    let (files, checked) = support::compile(&goals(specs), as_of);
    evaluate(&Request {
        goals: &checked.goals,
        files: &files,
        sources: vec![(
            SourceDecl::canonical("tickets", Population::Tickets),
            tickets,
        )],
        as_of,
        period: PeriodUnit::Week,
        by: None,
        settings: EvalSettings::default(),
    })
}

fn current(evaluation: &Evaluation, id: &str) -> Measurement {
    let goal = evaluation
        .goals
        .iter()
        .find(|g| g.id == id)
        .unwrap_or_else(|| panic!("goal {id}"));
    goal.current.clone().expect("a current measurement")
}

#[track_caller]
fn assert_ratio(m: &Measurement, numerator: f64, denominator: f64) {
    assert_eq!(
        (m.numerator, m.denominator),
        (Some(numerator), Some(denominator)),
        "{m:?}"
    );
}

/// (column, reason, count) of each issue.
fn issues(report: &SourceReport) -> Vec<(String, String, u64)> {
    report
        .issues
        .iter()
        .map(|i| (i.column.clone(), i.reason.clone(), i.count))
        .collect()
}

#[test]
fn only_rows_of_the_evaluated_periods_are_checked() {
    let evaluation = run(&[FIRST_RESPONSE, CSAT, REPEAT]);
    let report = &evaluation.sources[0];
    // Checked: created in the week (A1, A2, D1's second row, X2, R1), or up to seven days
    // after it for repeat contact (R2, 10 March), or solved in the week (B1); a creation time
    // that does not parse (X3); a solve time that does not parse (X4). Not checked: D1's first
    // row (10 February), X1 (15 January: its reply before creation and CSAT 9 go unreported),
    // Z1 (20 March: its unknown channel goes unreported).
    assert_eq!((report.rows, report.checked, report.records), (12, 9, 7));
    assert_eq!(
        issues(report),
        vec![
            ("created_at".into(), "not a timestamp".into(), 1),
            ("solved_at".into(), "not a timestamp".into(), 1),
            ("csat".into(), "not a whole number from 1 to 5".into(), 1),
            (
                "ticket_id".into(),
                "duplicate ticket_id (the first row is kept)".into(),
                1
            ),
        ]
    );
}

#[test]
fn repeated_ids_are_found_among_all_rows() {
    // D1's second row (4 March) repeats a row from 10 February, outside every period: it is
    // excluded all the same. First response within 60 s of tickets created in the week: A1
    // (30 s), X2 (20 s), R1 (30 s) of A1, A2 (120 s), X2, R1.
    let evaluation = run(&[FIRST_RESPONSE]);
    assert_ratio(&current(&evaluation, "frt"), 3.0, 4.0);
}

#[test]
fn no_value_depends_on_the_goals_run_with_it() {
    let together = run(&[FIRST_RESPONSE, CSAT, REPEAT]);
    // CSAT of tickets solved in the week: A1 (5), A2 (4), B1 (2, created in February), R1
    // (5); X2's 7 is treated as missing: 3 of 4.
    assert_ratio(&current(&together, "csat"), 3.0, 4.0);
    // Tickets created in the week: A1, A2, X2, R1; R1's customer comes back on 10 March,
    // after the week, within 7 days: 1 of 4.
    assert_ratio(&current(&together, "repeat"), 1.0, 4.0);
    for spec in [FIRST_RESPONSE, CSAT, REPEAT] {
        let alone = run(&[spec]);
        assert_eq!(
            current(&alone, spec.0),
            current(&together, spec.0),
            "{}",
            spec.1
        );
    }
}

/// tests/fixtures/periods.csv split into two files in a new folder: rows 1-4 (A1, A2, B1, D1's
/// first row) and rows 5-12, so that D1 repeats across files. As CSV, or as Parquet with
/// typed UTC timestamps (the values that do not parse as nulls; csat a whole number), where
/// the period filter becomes part of the scan.
fn split_fixture(parquet: bool) -> PathBuf {
    let text = std::fs::read_to_string(fixture()).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let name = if parquet { "parquet" } else { "csv" };
    let dir = std::env::temp_dir().join(format!("goal-periods-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (i, part) in [&rows[..4], &rows[4..]].into_iter().enumerate() {
        if parquet {
            let mut frame = typed_frame(part);
            let file = std::fs::File::create(dir.join(format!("part-{i}.parquet"))).unwrap();
            ParquetWriter::new(file).finish(&mut frame).unwrap();
        } else {
            let body: String = part.iter().map(|r| format!("{r}\n")).collect();
            std::fs::write(
                dir.join(format!("part-{i}.csv")),
                format!("{header}\n{body}"),
            )
            .unwrap();
        }
    }
    dir
}

fn typed_frame(rows: &[&str]) -> DataFrame {
    let fields: Vec<Vec<&str>> = rows.iter().map(|r| r.split(',').collect()).collect();
    let text = |i: usize| -> Vec<Option<&str>> { fields.iter().map(|f| Some(f[i])).collect() };
    let utc = DataType::Datetime(TimeUnit::Microseconds, Some(TimeZone::UTC));
    let time = |i: usize, name: &str| {
        let micros: Vec<Option<i64>> = fields
            .iter()
            .map(|f| {
                chrono::DateTime::parse_from_rfc3339(f[i])
                    .ok()
                    .map(|t| t.timestamp_micros())
            })
            .collect();
        Column::new(name.into(), micros).cast(&utc).unwrap()
    };
    let csat: Vec<Option<i32>> = fields.iter().map(|f| f[6].parse().ok()).collect();
    DataFrame::new(
        rows.len(),
        vec![
            Column::new("ticket_id".into(), text(0)),
            time(1, "created_at"),
            time(2, "first_response_at"),
            time(3, "solved_at"),
            Column::new("channel".into(), text(4)),
            Column::new("customer".into(), text(5)),
            Column::new("csat".into(), csat),
        ],
    )
    .unwrap()
}

#[test]
fn repeated_ids_are_found_across_the_files_of_a_folder() {
    for parquet in [false, true] {
        let dir = split_fixture(parquet);
        // D1's second row (file 2) repeats its first (file 1, 10 February): excluded. 3 of 4,
        // as in `repeated_ids_are_found_among_all_rows`.
        let alone = run_on(&[FIRST_RESPONSE], dir.clone());
        assert_ratio(&current(&alone, "frt"), 3.0, 4.0);
        let together = run_on(&[FIRST_RESPONSE, CSAT, REPEAT], dir.clone());
        assert_ratio(&current(&together, "frt"), 3.0, 4.0);
        assert_ratio(&current(&together, "csat"), 3.0, 4.0);
        assert_ratio(&current(&together, "repeat"), 1.0, 4.0);
        let report = &together.sources[0];
        let duplicate = (
            "ticket_id".to_owned(),
            "duplicate ticket_id (the first row is kept)".to_owned(),
            1,
        );
        if parquet {
            // As in `only_rows_of_the_evaluated_periods_are_checked`, but X3's creation time
            // and X4's solve time are nulls here, not text that fails to parse: X3 is checked
            // (no creation time), X4 is not (created 1 February, never solved).
            assert_eq!((report.rows, report.checked, report.records), (12, 8, 6));
            assert_eq!(
                issues(report),
                vec![
                    ("created_at".into(), "missing".into(), 1),
                    ("csat".into(), "not a whole number from 1 to 5".into(), 1),
                    duplicate,
                ]
            );
        } else {
            assert_eq!((report.rows, report.checked, report.records), (12, 9, 7));
            assert!(issues(report).contains(&duplicate), "{:?}", issues(report));
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn a_file_that_fails_while_its_rows_are_read_is_an_error_and_no_goal_is_evaluated() {
    // A Parquet file whose footer (schema and row groups) is intact but whose data pages are
    // overwritten: it scans, and only reading the rows (the key pass and the checked rows)
    // fails.
    let dir = std::env::temp_dir().join(format!("goal-periods-{}-damaged", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(fixture()).unwrap();
    let rows: Vec<&str> = text.lines().skip(1).collect();
    let file = dir.join("tickets.parquet");
    let mut frame = typed_frame(&rows);
    ParquetWriter::new(std::fs::File::create(&file).unwrap())
        .finish(&mut frame)
        .unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    // "PAR1", then the column chunks; the footer is at the end.
    let footer = u32::from_le_bytes(bytes[bytes.len() - 8..bytes.len() - 4].try_into().unwrap());
    let data_end = bytes.len() - 8 - footer as usize;
    bytes[4..data_end].fill(0xAB);
    std::fs::write(&file, bytes).unwrap();
    let evaluation = run_on(&[FIRST_RESPONSE], file);
    let errors = support::errors(&evaluation.diagnostics);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("D701 unreadable-data: evaluating the data failed: "),
        "{errors:?}"
    );
    assert_eq!(evaluation.goals.len(), 1);
    assert_eq!(evaluation.goals[0].status, Status::NotEvaluated);
    assert_eq!(evaluation.goals[0].reason, "the data could not be read");
    let _ = std::fs::remove_dir_all(dir);
}
