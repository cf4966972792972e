//! The invariants the fuzz targets in `fuzz/` assert, replayed on every goal file of the
//! repository: the examples, the rule fixtures, and the inputs with which fuzzing found a bug
//! (`tests/fixtures/fuzz/`, one file per bug). As in the fuzz targets, NUL bytes separate the
//! files of one project.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use goal_compiler::{Label, Options, Sources};
use goal_grammar::Span;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn goal_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            goal_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "goal") {
            found.push(path);
        }
    }
}

/// Every input: the examples as one project, then each fixture on its own.
fn inputs() -> Vec<(String, Vec<String>)> {
    let mut examples = Vec::new();
    goal_files(&root().join("examples"), &mut examples);
    examples.sort();
    let mut inputs = vec![(
        "examples".to_owned(),
        examples
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect(),
    )];
    let mut fixtures = Vec::new();
    goal_files(&root().join("tests/fixtures"), &mut fixtures);
    fixtures.sort();
    for path in fixtures {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let files = text.split('\0').map(str::to_owned).collect();
        inputs.push((path.display().to_string(), files));
    }
    assert!(
        inputs
            .iter()
            .any(|(name, _)| name.contains("fixtures/fuzz/")),
        "no fuzz regressions found"
    );
    inputs
}

fn sources(files: &[String]) -> Sources {
    let mut sources = Sources::new();
    for (i, text) in files.iter().enumerate() {
        sources.add(format!("{i}.goal"), text.as_str());
    }
    sources
}

fn options() -> Options {
    Options {
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        ..Options::default()
    }
}

fn assert_span_in(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        "{what}: bad span {span:?} in a text of {} bytes",
        text.len()
    );
}

fn assert_label_in(sources: &Sources, label: &Label, what: &str) {
    let source = sources.get(label.file).expect("the label's file exists");
    assert_span_in(&source.text, label.span, what);
}

fn format(text: &str) -> String {
    goal_grammar::print::print(&goal_grammar::parse(text).file, text)
}

/// The IR without positions and the sorted diagnostic codes.
fn meaning(files: &[String]) -> (Value, Vec<&'static str>) {
    let checked = goal_compiler::check(&sources(files), &options());
    let mut ir = serde_json::to_value(&checked.goals).unwrap();
    strip_positions(&mut ir);
    let mut codes: Vec<_> = checked.diagnostics.iter().map(|d| d.rule.code()).collect();
    codes.sort_unstable();
    (ir, codes)
}

fn strip_positions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|key, _| key != "span" && !key.ends_with("_span"));
            map.values_mut().for_each(strip_positions);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_positions),
        _ => {}
    }
}

#[test]
fn syntax_errors_lie_within_their_file_in_source_order() {
    for (name, files) in inputs() {
        for text in &files {
            let parsed = goal_grammar::parse(text);
            for error in &parsed.errors {
                assert_span_in(text, error.span, &name);
            }
            assert!(
                parsed.errors.windows(2).all(|w| w[0].span <= w[1].span),
                "{name}: errors out of order"
            );
        }
    }
}

#[test]
fn every_label_of_every_diagnostic_lies_within_its_file() {
    for (name, files) in inputs() {
        let sources = sources(&files);
        let checked = goal_compiler::check(&sources, &options());
        for d in &checked.diagnostics {
            let what = format!("{name}: {} {}", d.rule, d.message);
            for label in d.primary.iter().chain(&d.secondary) {
                assert_label_in(&sources, label, &what);
            }
        }
        let changes = goal_compiler::diff::diff(&checked.goals, &checked.goals);
        assert!(changes.is_empty(), "{name}: {changes:?}");
    }
}

#[test]
fn formatting_is_idempotent_and_keeps_the_meaning() {
    for (name, files) in inputs() {
        let once: Vec<String> = files.iter().map(|f| format(f)).collect();
        for formatted in &once {
            assert_eq!(&format(formatted), formatted, "{name}: formatting twice");
        }
        assert_eq!(meaning(&once), meaning(&files), "{name}: meaning changed");
    }
}
