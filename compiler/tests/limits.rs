//! The size limits of `compiler/src/limits.rs` and `load.rs`: each is reported with its code at
//! the first item past it, exactly at the limit nothing is reported, and a goal over a limit is
//! not checked further and never becomes IR.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use goal_compiler::limits::{MAX_GOALS, MAX_LIST_ITEMS, MAX_NAME_CHARS, MAX_TEXT_CHARS};
use goal_compiler::{Checked, Options, Sources};

fn options() -> Options {
    Options {
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        ..Options::default()
    }
}

fn check(text: &str) -> Checked {
    let mut sources = Sources::new();
    sources.add("limits.goal", text);
    goal_compiler::check(&sources, &options())
}

fn codes(checked: &Checked) -> Vec<&'static str> {
    checked.diagnostics.iter().map(|d| d.rule.code()).collect()
}

/// A complete goal without any problem, with `{id}`, `{title}`, `{scope}`, `{through}` and
/// `{extra}` (more clause lines) to fill in.
const GOAL: &str = r#"objective fast-answers: "Customers get a fast first answer on every channel"

goal {id}: "{title}"
  owner team "Chat Support"
  serves fast-answers
  metric first_response_time
  scope {scope}
  target 80% within 60 seconds
  baseline 65% within 60 seconds in Q4 2025
  deadline end of Q2 2026
  review weekly
  guardrail csat at least 85%
  through {through}
{extra}"#;

struct Goal {
    id: String,
    title: String,
    scope: String,
    through: String,
    extra: String,
}

impl Default for Goal {
    fn default() -> Self {
        Goal {
            id: "chat-first-response".into(),
            title: "Answer 80% of chat inquiries within 60 seconds by end of Q2 2026".into(),
            scope: "channel is chat".into(),
            through: "\"chat macros\"".into(),
            extra: String::new(),
        }
    }
}

impl Goal {
    fn text(&self) -> String {
        GOAL.replace("{id}", &self.id)
            .replace("{title}", &self.title)
            .replace("{scope}", &self.scope)
            .replace("{through}", &self.through)
            .replace("{extra}", &self.extra)
    }
}

/// Checks the goal; returns its codes and asserts that the goal is IR exactly when it has none.
fn codes_of(goal: &Goal) -> Vec<&'static str> {
    let text = goal.text();
    let checked = check(&text);
    assert_eq!(
        checked.goals.len(),
        usize::from(checked.diagnostics.is_empty()),
        "{:?}",
        checked.diagnostics
    );
    codes(&checked)
}

fn list(n: usize, item: impl Fn(usize) -> String) -> String {
    (1..=n).map(item).collect::<Vec<_>>().join(", ")
}

#[test]
fn the_template_goal_has_no_problem() {
    assert!(codes_of(&Goal::default()).is_empty());
}

#[test]
fn lists_of_values_are_limited() {
    let scope = |n| format!("agent in ({})", list(n, |i| format!("agent-{i}")));
    let at_limit = Goal {
        scope: scope(MAX_LIST_ITEMS),
        ..Goal::default()
    };
    assert!(codes_of(&at_limit).is_empty());
    let over = Goal {
        scope: scope(MAX_LIST_ITEMS + 1),
        ..Goal::default()
    };
    let text = over.text();
    let checked = check(&text);
    assert_eq!(codes(&checked), ["E016"]);
    let d = &checked.diagnostics[0];
    let span = d.primary.as_ref().unwrap().span;
    assert_eq!(&text[span.start..span.end], "agent-101");
    assert!(d.message.contains("101 values; the limit is 100"), "{d:?}");
    assert!(d.help.is_some());
    assert!(checked.goals.is_empty());
}

#[test]
fn conditions_initiatives_and_repeated_clauses_are_limited() {
    let conditions = |n| list(n, |i| format!("tags includes t{i}")).replace(", ", " or ");
    let initiatives = |n| list(n, |i| format!("\"initiative {i}\""));
    let guardrails = |n| "  guardrail csat at least 85%\n".repeat(n);
    for (goal, ok) in [
        (
            Goal {
                scope: conditions(MAX_LIST_ITEMS),
                ..Goal::default()
            },
            true,
        ),
        (
            Goal {
                scope: conditions(MAX_LIST_ITEMS + 1),
                ..Goal::default()
            },
            false,
        ),
        (
            Goal {
                through: initiatives(MAX_LIST_ITEMS),
                ..Goal::default()
            },
            true,
        ),
        (
            Goal {
                through: initiatives(MAX_LIST_ITEMS + 1),
                ..Goal::default()
            },
            false,
        ),
        (
            Goal {
                // The template has one guardrail already.
                extra: guardrails(MAX_LIST_ITEMS - 1),
                ..Goal::default()
            },
            true,
        ),
        (
            Goal {
                extra: guardrails(MAX_LIST_ITEMS),
                ..Goal::default()
            },
            false,
        ),
    ] {
        let found = codes_of(&goal);
        if ok {
            assert!(found.is_empty(), "{found:?}");
        } else {
            assert_eq!(found, ["E016"]);
        }
    }
}

#[test]
fn names_are_limited_in_characters() {
    let id = |n: usize| format!("g{}", "x".repeat(n - 1));
    assert!(
        codes_of(&Goal {
            id: id(MAX_NAME_CHARS),
            ..Goal::default()
        })
        .is_empty()
    );
    assert_eq!(
        codes_of(&Goal {
            id: id(MAX_NAME_CHARS + 1),
            ..Goal::default()
        }),
        ["E017"]
    );
    // Filter values written as words are names; a long one is reported where it stands.
    let text = Goal {
        scope: format!("topic is t{}", "x".repeat(MAX_NAME_CHARS)),
        ..Goal::default()
    }
    .text();
    let checked = check(&text);
    assert_eq!(codes(&checked), ["E017"]);
    let span = checked.diagnostics[0].primary.as_ref().unwrap().span;
    assert!(text[span.start..span.end].starts_with("txxx"));
}

#[test]
fn quoted_texts_are_limited_in_characters_not_bytes() {
    // `é` is two bytes: 1,000 of them are within the limit although they take 2,000 bytes.
    let title = |n: usize| format!("Answer 80% by end of Q2 2026 {}", "é".repeat(n - 29));
    assert_eq!(title(MAX_TEXT_CHARS).chars().count(), MAX_TEXT_CHARS);
    assert!(
        codes_of(&Goal {
            title: title(MAX_TEXT_CHARS),
            ..Goal::default()
        })
        .is_empty()
    );
    let over = Goal {
        title: title(MAX_TEXT_CHARS + 1),
        ..Goal::default()
    };
    let checked = check(&over.text());
    assert_eq!(codes(&checked), ["E018"]);
    assert!(
        checked.diagnostics[0]
            .message
            .contains("this title is 1,001 characters long; the limit is 1,000")
    );
    let initiative = Goal {
        through: format!("\"{}\"", "x".repeat(MAX_TEXT_CHARS + 1)),
        ..Goal::default()
    };
    assert_eq!(codes_of(&initiative), ["E018"]);
}

#[test]
fn a_goal_over_a_limit_hides_no_problem_of_another_goal() {
    let mut text = Goal {
        id: format!("g{}", "x".repeat(MAX_NAME_CHARS)),
        ..Goal::default()
    }
    .text();
    text.push_str(
        "\ngoal second: \"Answer 80% of chats by end of Q2 2026\"\n  owner team \"Chat\"\n",
    );
    let found = codes(&check(&text));
    assert_eq!(found[0], "E017");
    assert!(
        found.contains(&"S101"),
        "the second goal is still checked: {found:?}"
    );
}

#[test]
fn a_project_holds_at_most_the_goal_limit() {
    let goals = |n: usize| -> String {
        (1..=n)
            .map(|i| format!("goal g{i}: \"Goal {i}\"\n"))
            .collect()
    };
    // Split over two files: the count is per project.
    let mut sources = Sources::new();
    sources.add("a.goal", goals(MAX_GOALS / 2));
    sources.add("b.goal", goals(MAX_GOALS / 2).replace("goal g", "goal h"));
    let at_limit = goal_compiler::check(&sources, &options());
    assert!(!codes(&at_limit).contains(&"E015"));

    let last = "goal last: \"One too many\"\n  tagret 5\n  owner team \"Chat\"\n";
    sources.add("c.goal", last);
    let over = goal_compiler::check(&sources, &options());
    let reported: Vec<_> = over
        .diagnostics
        .iter()
        .filter(|d| d.file() == Some(goal_compiler::FileId(2)))
        .collect();
    // The goal past the limit is reported once, at its id; only its syntax error is kept.
    let codes: Vec<_> = reported.iter().map(|d| d.rule.code()).collect();
    assert_eq!(codes, ["E015", "E002"], "{reported:#?}");
    let span = reported[0].primary.as_ref().unwrap().span;
    assert_eq!(&last[span.start..span.end], "last");
    assert!(reported[0].message.contains("more than 10,000 goals"));
}

#[test]
fn a_file_over_the_size_limit_given_as_text_is_not_parsed() {
    let limit = usize::try_from(goal_compiler::load::MAX_FILE_BYTES).unwrap();
    let mut sources = Sources::new();
    sources.add("huge.goal", "#".repeat(limit + 1));
    sources.add("fine.goal", "#".repeat(limit));
    let checked = goal_compiler::check(&sources, &options());
    let found: Vec<_> = checked
        .diagnostics
        .iter()
        .map(|d| (d.rule.code(), d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "E006",
                "`huge.goal` is 8388609 bytes; the limit is 8388608 bytes"
            ),
            (
                "E007",
                "the file declares no goals, objectives or schedules"
            )
        ]
    );
}
