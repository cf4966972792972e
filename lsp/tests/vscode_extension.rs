//! The VS Code extension in `editors/vscode/`: its manifest and language configuration are
//! valid, its TextMate grammar knows the language's keywords and metrics, and tokenizing every
//! example with the grammar gives each keyword, id, metric, string and comment its scope (the
//! parser's syntax tree says where they are). The client's own tests run with Node when it is
//! installed (they need no npm).
//!
//! The grammar keeps to single-line `match` rules written in the part of Oniguruma that the
//! `regex` crate reads the same way, so the tokenizer below follows VS Code's: at each point
//! the rule whose match starts first wins, ties going to the rule listed first.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use goal_compiler::catalogue::METRICS;
use goal_grammar::syntax::{ClauseKind, Item};
use goal_grammar::{CLAUSE_KEYWORDS, DECLARATION_KEYWORDS, Span};
use regex::Regex;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn extension() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../editors/vscode")
}

fn json(name: &str) -> Value {
    let text = std::fs::read_to_string(extension().join(name)).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_manifest_declares_the_language_grammar_client_and_settings() {
    let manifest = json("package.json");
    for field in [
        "name",
        "displayName",
        "description",
        "version",
        "publisher",
        "main",
    ] {
        assert!(
            manifest[field].as_str().is_some_and(|s| !s.is_empty()),
            "{field}"
        );
    }
    let name = manifest["name"].as_str().unwrap();
    assert!(
        name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
        "{name}"
    );
    let version = manifest["version"].as_str().unwrap();
    assert_eq!(
        version
            .split('.')
            .filter(|p| p.parse::<u32>().is_ok())
            .count(),
        3
    );
    assert!(
        manifest["engines"]["vscode"]
            .as_str()
            .unwrap()
            .starts_with('^')
    );
    assert!(
        extension()
            .join(manifest["main"].as_str().unwrap())
            .is_file()
    );
    let activation = manifest["activationEvents"].as_array().unwrap();
    assert!(activation.contains(&Value::from("onLanguage:goal")));

    let contributes = &manifest["contributes"];
    let language = &contributes["languages"][0];
    assert_eq!(language["id"], "goal");
    assert_eq!(language["extensions"], serde_json::json!([".goal"]));
    assert!(
        extension()
            .join(language["configuration"].as_str().unwrap())
            .is_file()
    );
    let grammar = &contributes["grammars"][0];
    assert_eq!(grammar["language"], "goal");
    let path = grammar["path"].as_str().unwrap();
    assert_eq!(grammar["scopeName"], json(path)["scopeName"]);

    let settings = &contributes["configuration"]["properties"];
    assert_eq!(settings["goal.server.path"]["type"], "string");
    assert_eq!(settings["goal.server.path"]["default"], "goal");
    assert_eq!(
        settings["goal.server.args"]["default"],
        serde_json::json!(["lsp"])
    );
    let today = Regex::new(settings["goal.server.today"]["pattern"].as_str().unwrap()).unwrap();
    assert!(today.is_match("2026-01-05") && today.is_match("") && !today.is_match("05/01/2026"));
    assert_eq!(settings["goal.trace.server"]["default"], "off");
    assert_eq!(contributes["commands"][0]["command"], "goal.restartServer");
    assert!(manifest["dependencies"]["vscode-languageclient"].is_string());

    // Every setting and command the manifest declares is used by the client, and back.
    let client = std::fs::read_to_string(extension().join("extension.js")).unwrap();
    for key in [
        "server.path",
        "server.args",
        "server.today",
        "goal.restartServer",
    ] {
        assert!(client.contains(&format!("'{key}'")), "{key}");
    }
}

#[test]
fn the_language_configuration_knows_comments_brackets_and_words() {
    let config = json("language-configuration.json");
    assert_eq!(config["comments"]["lineComment"], "#");
    assert_eq!(config["brackets"], serde_json::json!([["(", ")"]]));
    let pairs = config["autoClosingPairs"].as_array().unwrap();
    assert!(pairs.iter().any(|p| p["open"] == "\""));
    let words = Regex::new(&format!(
        "^(?:{})$",
        config["wordPattern"].as_str().unwrap()
    ))
    .unwrap();
    for word in [
        "fast-answers",
        "first_response_time",
        "America/New_York",
        "80%",
        "4.5",
    ] {
        assert!(words.is_match(word), "{word}");
    }
}

/// A grammar rule: its regex, the scope of the whole match, and the scopes of its groups.
struct Rule {
    regex: Regex,
    name: Option<String>,
    captures: Vec<(usize, String)>,
}

/// The grammar's rules in the order VS Code tries them.
fn rules() -> (Value, Vec<Rule>) {
    let grammar = json("syntaxes/goal.tmLanguage.json");
    let rules = grammar["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pattern| {
            let include = pattern["include"].as_str().unwrap();
            let rule = &grammar["repository"][include.trim_start_matches('#')];
            let source = rule["match"]
                .as_str()
                .unwrap_or_else(|| panic!("{include}: a match rule"));
            let captures = rule["captures"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(group, scope)| {
                    (
                        group.parse().unwrap(),
                        scope["name"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            Rule {
                regex: Regex::new(source).unwrap_or_else(|e| panic!("{include}: {e}")),
                name: rule["name"].as_str().map(str::to_owned),
                captures,
            }
        })
        .collect();
    (grammar, rules)
}

/// The scoped tokens of one line: (start, end, scope), offsets within the line.
fn tokenize(rules: &[Rule], line: &str) -> Vec<(usize, usize, String)> {
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < line.len() {
        let best = rules
            .iter()
            .filter_map(|rule| rule.regex.captures_at(line, at).map(|c| (c, rule)))
            .min_by_key(|(c, _)| c.get(0).map_or(usize::MAX, |m| m.start()));
        let Some((found, rule)) = best else {
            break;
        };
        let whole = found.get(0).unwrap();
        if let Some(name) = &rule.name {
            tokens.push((whole.start(), whole.end(), name.clone()));
        }
        for (group, scope) in &rule.captures {
            if let Some(m) = found.get(*group) {
                tokens.push((m.start(), m.end(), scope.clone()));
            }
        }
        at = if whole.end() > whole.start() {
            whole.end()
        } else {
            whole.start() + 1
        };
    }
    tokens
}

/// The alternatives of a rule written as `\b(?:a|b|c)\b` or `^...(a|b)\b`.
fn alternatives(grammar: &Value, rule: &str) -> Vec<String> {
    let source = grammar["repository"][rule]["match"].as_str().unwrap();
    let inner = source.split('(').find(|part| part.contains('|')).unwrap();
    let inner = inner.trim_start_matches("?:").split(')').next().unwrap();
    let mut words: Vec<String> = inner.split('|').map(str::to_owned).collect();
    words.sort();
    words
}

#[test]
fn the_grammar_knows_every_keyword_and_metric_of_the_compiler() {
    let (grammar, _) = rules();
    let sorted = |words: &[&str]| {
        let mut words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        words.sort();
        words
    };
    assert_eq!(alternatives(&grammar, "clause"), sorted(CLAUSE_KEYWORDS));
    assert_eq!(
        alternatives(&grammar, "declaration"),
        sorted(DECLARATION_KEYWORDS)
    );
    let metrics: Vec<&str> = METRICS.iter().map(|m| m.name).collect();
    assert_eq!(alternatives(&grammar, "metric"), sorted(&metrics));
}

#[test]
fn the_grammar_scopes_every_example() {
    let (_, rules) = rules();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut files: Vec<_> = std::fs::read_dir(examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "goal"))
        .collect();
    files.sort();
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Absolute (start, end, scope) tokens of the whole file.
        let mut tokens = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            tokens.extend(
                tokenize(&rules, content)
                    .into_iter()
                    .map(|(s, e, scope)| (start + s, start + e, scope)),
            );
            start += line.len();
        }
        let scope_of = |span: Span| -> Vec<&str> {
            tokens
                .iter()
                .filter(|(s, e, _)| *s < span.end && span.start < *e)
                .map(|(_, _, scope)| scope.as_str())
                .collect()
        };
        let mut expect = |span: Span, scope: &str| {
            let found = scope_of(span);
            let word = &text[span.start..span.end];
            assert_eq!(found, [scope], "`{word}` in {}", file.display());
            checked += 1;
        };
        let parsed = goal_grammar::parse(&text);
        assert!(parsed.errors.is_empty(), "{}", file.display());
        for comment in &parsed.file.comments {
            expect(comment.span, "comment.line.number-sign.goal");
        }
        for item in &parsed.file.items {
            let (keyword_len, id, text_span) = match item {
                Item::Goal(g) => (4, g.id.as_ref(), g.title.as_ref().map(|t| t.span)),
                Item::Objective(o) => (9, o.id.as_ref(), o.description.as_ref().map(|d| d.span)),
                Item::Schedule(s) => (8, s.id.as_ref(), s.time_zone.as_ref().map(|z| z.span)),
                Item::Error(_) => unreachable!("the examples parse"),
            };
            let start = item.span().start;
            expect(
                Span::new(start, start + keyword_len),
                "keyword.other.declaration.goal",
            );
            expect(id.unwrap().span, "entity.name.function.goal");
            let scope = match item {
                Item::Schedule(_) => "constant.other.time-zone.goal",
                _ => "string.quoted.double.goal",
            };
            expect(text_span.unwrap(), scope);
            let Item::Goal(goal) = item else {
                continue;
            };
            for clause in &goal.clauses {
                expect(clause.keyword, "keyword.other.clause.goal");
                match &clause.kind {
                    ClauseKind::Metric(m) => expect(m.name.span, "support.function.metric.goal"),
                    ClauseKind::Guardrail(g) => {
                        expect(g.metric.name.span, "support.function.metric.goal")
                    }
                    ClauseKind::Serves(ids) => {
                        for id in ids {
                            let scope = if id.value.contains('-') {
                                "variable.other.id.goal"
                            } else {
                                ""
                            };
                            assert!(
                                scope_of(id.span).iter().all(|s| *s == scope),
                                "`{}`",
                                id.value
                            );
                        }
                    }
                    ClauseKind::Through(initiatives) => {
                        for i in initiatives {
                            expect(i.span, "string.quoted.double.goal");
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(checked > 500, "{checked} places checked");
}

#[test]
fn the_grammar_keeps_ids_strings_and_comments_whole() {
    let (_, rules) = rules();
    let scopes = |line: &str| -> Vec<(String, String)> {
        tokenize(&rules, line)
            .into_iter()
            .map(|(s, e, scope)| (line[s..e].to_owned(), scope))
            .collect()
    };
    let pairs = |items: &[(&str, &str)]| -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    };
    // `no` and `start` are keywords, but not inside an id.
    assert_eq!(
        scopes("  serves no-start-by-end, happy"),
        pairs(&[
            ("serves", "keyword.other.clause.goal"),
            ("no-start-by-end", "variable.other.id.goal"),
            (",", "punctuation.separator.goal"),
        ])
    );
    // A `#` inside a string is no comment; an escaped quote does not end the string.
    assert_eq!(
        scopes(r##"  owner team "Chat \"#1\" team" # lead: Ana"##),
        pairs(&[
            ("owner", "keyword.other.clause.goal"),
            ("team", "keyword.operator.word.goal"),
            (r##""Chat \"#1\" team""##, "string.quoted.double.goal"),
            ("# lead: Ana", "comment.line.number-sign.goal"),
        ])
    );
    assert_eq!(
        scopes("  target at least 80%+ within 60s by 2026-06-30 next quarter"),
        pairs(&[
            ("target", "keyword.other.clause.goal"),
            ("at", "keyword.operator.word.goal"),
            ("least", "keyword.operator.word.goal"),
            ("80%+", "constant.numeric.goal"),
            ("within", "keyword.operator.word.goal"),
            ("60s", "constant.numeric.goal"),
            ("by", "keyword.operator.word.goal"),
            ("2026-06-30", "constant.other.date.goal"),
            ("next", "invalid.deprecated.relative-date.goal"),
            ("quarter", "keyword.other.unit.goal"),
        ])
    );
}

#[test]
fn the_client_tests_pass_under_node() {
    let Ok(output) = std::process::Command::new("node")
        .arg("--test")
        .arg("test/")
        .current_dir(extension())
        .output()
    else {
        eprintln!("node is not installed: the client's tests (editors/vscode/test/) did not run");
        return;
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("# fail 0") && !stdout.contains("# pass 0"),
        "{stdout}"
    );
}
