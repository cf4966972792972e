//! Round trips of the syntax tree: printing a parsed file and parsing the output gives the
//! same tree (up to spans) and the same errors, and printing is idempotent. Run on every
//! example and fixture in the repository.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::path::{Path, PathBuf};

fn goal_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            goal_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "goal") {
            found.push(path);
        }
    }
}

/// The tree as JSON with every span replaced by null.
fn without_spans(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let is_span = map.len() == 2 && map.contains_key("start") && map.contains_key("end");
            if is_span {
                return Value::Null;
            }
            Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, without_spans(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(without_spans).collect()),
        other => other,
    }
}

fn tree(source: &str) -> (Value, usize) {
    let parsed = goal_grammar::parse(source);
    let json = serde_json::to_value(&parsed.file).unwrap();
    (without_spans(json), parsed.errors.len())
}

fn check_round_trip(name: &str, source: &str) {
    let parsed = goal_grammar::parse(source);
    let printed = goal_grammar::print::print(&parsed.file, source);
    assert_eq!(
        tree(&printed),
        tree(source),
        "{name}: tree changed by printing:\n{printed}"
    );
    let reparsed = goal_grammar::parse(&printed);
    let printed_again = goal_grammar::print::print(&reparsed.file, &printed);
    assert_eq!(printed_again, printed, "{name}: printing is not idempotent");
}

#[test]
fn every_repository_goal_file_round_trips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    goal_files(&root.join("examples"), &mut files);
    goal_files(&root.join("tests/fixtures"), &mut files);
    assert!(files.len() > 25, "found only {} files", files.len());
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        check_round_trip(&file.display().to_string(), &source);
    }
}

#[test]
fn comments_survive_printing() {
    let source = "# heading\nobjective o: \"O\"  # trailing\n\ngoal g: \"G 1\"  # after header\n  # before owner\n  owner team \"T\"  # after owner\n# at the end\n";
    let printed = goal_grammar::print::print(&goal_grammar::parse(source).file, source);
    for comment in [
        "# heading",
        "# trailing",
        "# after header",
        "# before owner",
        "# after owner",
        "# at the end",
    ] {
        assert!(printed.contains(comment), "lost {comment}:\n{printed}");
    }
    check_round_trip("comments", source);
}

#[test]
fn canonical_layout_normalises_spelling() {
    let source = "goal g: \"G 1\"\n    target   85%+   each month\n\tscope channel in (chat,email) and (priority is high or tags includes vip)\n  baseline measured over Q4 2025\n";
    let printed = goal_grammar::print::print(&goal_grammar::parse(source).file, source);
    assert_eq!(
        printed,
        "goal g: \"G 1\"\n  target at least 85% each month\n  scope channel in (chat, email) and (priority is high or tags includes vip)\n  baseline measured over Q4 2025\n"
    );
}

#[test]
fn and_binds_tighter_than_or() {
    use goal_grammar::syntax::{ClauseKind, Filter, Item, Scope};
    let source = "goal g: \"G 1\"\n  scope a is 1 or not not b is 2 and c is 3\n";
    let parsed = goal_grammar::parse(source);
    let Item::Goal(goal) = &parsed.file.items[0] else {
        panic!("not a goal")
    };
    let ClauseKind::Scope(Scope::Filter(Filter::Or(alternatives, _))) = &goal.clauses[0].kind
    else {
        panic!("expected an `or` at the top: {:?}", goal.clauses[0].kind)
    };
    assert_eq!(alternatives.len(), 2);
    let Filter::And(operands, _) = &alternatives[1] else {
        panic!("expected `and` inside `or`")
    };
    let Filter::Not(inner, _) = &operands[0] else {
        panic!("expected `not`")
    };
    assert!(matches!(**inner, Filter::Not(..)), "double negation kept");
    let printed = goal_grammar::print::print(&parsed.file, source);
    assert_eq!(printed, source);
}

#[test]
fn over_nested_lines_are_kept_verbatim() {
    let deep = format!(
        "goal g: \"G 1\"\n  owner team \"T\"\n  scope {}a is b{}\n  review weekly\n",
        "(".repeat(40),
        ")".repeat(40)
    );
    let parsed = goal_grammar::parse(&deep);
    assert_eq!(parsed.errors.len(), 1);
    let printed = goal_grammar::print::print(&parsed.file, &deep);
    assert_eq!(printed, deep);
    let top = format!("{}\n", "(".repeat(40));
    assert_eq!(
        goal_grammar::print::print(&goal_grammar::parse(&top).file, &top),
        top
    );
}

#[test]
fn broken_input_round_trips_verbatim() {
    let source =
        "gaol x: \"y\"\n  metric foo\ngoal g \"no colon\"\n  tagret 5\n  target at lest 80%\n";
    let parsed = goal_grammar::parse(source);
    assert_eq!(parsed.errors.len(), 4, "{:?}", parsed.errors);
    check_round_trip("broken", source);
}
