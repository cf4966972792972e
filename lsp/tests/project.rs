//! The server on whole projects: the same diagnostics as `goal check`, quick fixes that fix,
//! problems across files, `goal.toml`, files changed on disk, and files with syntax errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

mod support;

use goal_compiler::{Options, Sources};
use insta::assert_snapshot;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;
use support::{Client, position_of, root, uri, workspace};

const TODAY: &str = "2026-01-05";

/// The protocol position of byte `offset` of `text`, counted independently of the server.
fn position(text: &str, offset: usize) -> Value {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    json!({
        "line": text[..offset].matches('\n').count(),
        "character": text[line_start..offset].encode_utf16().count(),
    })
}

/// Copies folders of the repository (`(from, to)`) into one workspace.
fn copied(folders: &[(&str, &str)]) -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in folders {
        std::fs::create_dir_all(dir.path().join(to)).unwrap();
        for entry in std::fs::read_dir(repo.join(from)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "goal") {
                let target = dir.path().join(to).join(path.file_name().unwrap());
                std::fs::copy(&path, target).unwrap();
            }
        }
    }
    dir
}

#[test]
fn diagnostics_are_those_of_goal_check() {
    // The examples and every rule fixture: many codes, and ids declared in several files.
    let dir = copied(&[("examples", "examples"), ("tests/fixtures/rules", "rules")]);
    let root = root(&dir);
    let mut files: Vec<_> = ["examples", "rules"]
        .iter()
        .flat_map(|sub| std::fs::read_dir(root.join(sub)).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut sources = Sources::new();
    let texts: Vec<String> = files
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    for (path, text) in files.iter().zip(&texts) {
        sources.add(path.display().to_string(), text.clone());
    }
    let options = Options {
        today: chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap(),
        ..Options::default()
    };
    let expected = goal_compiler::check(&sources, &options);
    assert!(expected.diagnostics.len() > 50, "a rich corpus");

    let (mut client, _) = Client::start(&root, json!({"today": TODAY}));
    // A request answered means the first check was published before it.
    client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&files[0])}}),
    );
    let published = client.drain_diagnostics();
    let mut compared = 0;
    let mut related_elsewhere = 0;
    for (index, (path, text)) in files.iter().zip(&texts).enumerate() {
        let wanted: Vec<_> = expected
            .diagnostics
            .iter()
            .filter(|d| d.file().map(|f| f.0) == Some(index))
            .collect();
        let got = published
            .get(&uri(path))
            .map_or(&[][..], |p| p["diagnostics"].as_array().unwrap().as_slice());
        assert_eq!(got.len(), wanted.len(), "{}", path.display());
        for (got, want) in got.iter().zip(wanted) {
            let span = want.primary.as_ref().unwrap().span;
            let message = match &want.help {
                Some(help) => format!("{}\nhelp: {help}", want.message),
                None => want.message.clone(),
            };
            assert_eq!(got["code"], want.rule.code());
            assert_eq!(got["message"], message);
            assert_eq!(got["range"]["start"], position(text, span.start));
            assert_eq!(got["range"]["end"], position(text, span.end));
            assert_eq!(got["severity"], if want.is_error() { 1 } else { 2 });
            let faded = want.rule == goal_compiler::Rule::UnusedSuppression;
            assert_eq!(got["tags"] == json!([1]), faded, "{got}");
            let related = got["relatedInformation"].as_array().map_or(0, Vec::len);
            assert_eq!(related, want.secondary.len(), "{got}");
            for (info, label) in got["relatedInformation"]
                .as_array()
                .into_iter()
                .flatten()
                .zip(&want.secondary)
            {
                let other = &texts[label.file.0];
                assert_eq!(info["location"]["uri"], uri(&files[label.file.0]));
                assert_eq!(
                    info["location"]["range"]["start"],
                    position(other, label.span.start)
                );
                assert_eq!(info["message"], label.message);
                related_elsewhere += usize::from(label.file.0 != index);
            }
            compared += 1;
        }
    }
    assert_eq!(compared, expected.diagnostics.len());
    assert!(related_elsewhere > 0, "some labels point into other files");
    assert!(client.shutdown().success());
}

/// Applies a protocol text edit to `text`.
fn apply(text: &str, edit: &Value) -> String {
    let offset = |p: &Value| {
        let line = usize::try_from(p["line"].as_u64().unwrap()).unwrap();
        let character = usize::try_from(p["character"].as_u64().unwrap()).unwrap();
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        let rest = &text[start..];
        start
            + rest
                .char_indices()
                .find(|(_, c)| {
                    let before = units;
                    units += c.len_utf16();
                    before >= character || *c == '\n'
                })
                .map_or(rest.len(), |(i, _)| i)
    };
    let (start, end) = (
        offset(&edit["range"]["start"]),
        offset(&edit["range"]["end"]),
    );
    format!(
        "{}{}{}",
        &text[..start],
        edit["newText"].as_str().unwrap(),
        &text[end..]
    )
}

#[test]
fn every_quick_fix_removes_its_problem() {
    // Each fixture is opened alone in an empty folder, so that each check reads one file.
    let dir = tempfile::tempdir().unwrap();
    let root = root(&dir);
    let (mut client, _) = Client::start(&root, json!({"today": TODAY}));
    let mut fixed = BTreeMap::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/rules");
    let mut files: Vec<_> = std::fs::read_dir(fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for fixture in files {
        let text = std::fs::read_to_string(&fixture).unwrap();
        let path = root.join(fixture.file_name().unwrap());
        let file = uri(&path);
        let mut version = 1;
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": file, "languageId": "goal", "version": version, "text": text}}),
        );
        let before = client.diagnostics(&file, Some(version));
        let whole =
            json!({"start": {"line": 0, "character": 0}, "end": position(&text, text.len())});
        let actions = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": file}, "range": whole, "context": {"diagnostics": []}}),
        );
        for action in actions.as_array().unwrap() {
            let code = action["diagnostics"][0]["code"]
                .as_str()
                .unwrap()
                .to_owned();
            let edits = &action["edit"]["changes"][&file];
            assert_eq!(edits.as_array().unwrap().len(), 1, "{action}");
            let new_text = apply(&text, &edits[0]);
            version += 1;
            client.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": file, "version": version}, "contentChanges": [{"text": new_text}]}),
            );
            let after = client.diagnostics(&file, Some(version));
            let count = |p: &Value| {
                p["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|d| d["code"] == code.as_str())
                    .count()
            };
            assert_eq!(
                count(&after) + 1,
                count(&before),
                "`{}` in {}:\n{new_text}",
                action["title"],
                path.display()
            );
            *fixed.entry(code).or_insert(0) += 1;
        }
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": file}}),
        );
    }
    let summary: Vec<String> = fixed
        .iter()
        .map(|(code, n)| format!("{code}: {n}"))
        .collect();
    assert_snapshot!("quick_fixes_by_code", summary.join("\n"));
    assert!(client.shutdown().success());
}

#[test]
fn problems_across_files_carry_related_information() {
    let a = "objective fast: \"Fast answers\"\n";
    let b = "objective fast: \"Fast answers, again\"\n";
    let dir = workspace(&[("a.goal", a), ("b.goal", b)]);
    let root = root(&dir);
    let (mut client, _) = Client::start(&root, json!({"today": TODAY}));
    let published = client.diagnostics(&uri(&root.join("b.goal")), None);
    assert_snapshot!("duplicate_across_files", client.redact(&published));
    assert!(client.shutdown().success());
}

const GOAL_WITHOUT_REVIEW: &str = "\
objective fast: \"Fast answers\"

goal g: \"Answer 80% of chats within 60 seconds by end of Q2 2030\"
  owner team \"Chat\"
  serves fast
  metric first_response_time
  scope channel is chat
  target 80% within 60 seconds
  baseline 70% within 60 seconds in Q4 2025
  deadline end of Q2 2030
  guardrail csat at least 85%
  through \"macros\"
";

#[test]
fn goal_toml_is_applied_and_its_problems_are_shown_in_place() {
    let dir = workspace(&[
        ("goals/g.goal", GOAL_WITHOUT_REVIEW),
        ("goal.toml", "[check]\nignore = [\"T506\"]\n"),
    ]);
    let root = root(&dir);
    let goals = root.join("goals");
    let (mut client, _) = Client::start(&goals, json!({"today": TODAY}));
    let file = uri(&goals.join("g.goal"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": file, "languageId": "goal", "version": 1, "text": GOAL_WITHOUT_REVIEW}}),
    );
    assert_eq!(client.diagnostics(&file, Some(1))["diagnostics"], json!([]));

    // The configuration, found above the workspace folder, changes on disk.
    std::fs::write(root.join("goal.toml"), "[check]\nselct = [\"T\"]\n").unwrap();
    let config = uri(&root.join("goal.toml"));
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config, "type": 2}]}),
    );
    let problems = client.diagnostics(&config, None);
    let warnings = client.diagnostics(&file, None);
    assert_eq!(warnings["diagnostics"][0]["code"], "T506");
    let redacted = client
        .redact(&problems)
        .replace(&uri(&root), "file:///PARENT");
    assert_snapshot!("invalid_goal_toml", redacted);
    assert!(client.shutdown().success());
}

#[test]
fn files_created_and_deleted_on_disk() {
    let dir = workspace(&[("a.goal", "objective fast: \"Fast answers\"\n")]);
    let root = root(&dir);
    let (mut client, _) = Client::start(&root, json!({"today": TODAY}));
    let created = root.join("b.goal");
    std::fs::write(&created, "objective fast: \"Again\"\n").unwrap();
    let changes = json!({"changes": [{"uri": uri(&created), "type": 1}]});
    client.notify("workspace/didChangeWatchedFiles", changes);
    // The duplicate is reported on the new file, by the full check (a publication before it,
    // from a first check of the workspace that raced with the file's creation, may lack it).
    let created_uri = uri(&created);
    let duplicate = client.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == created_uri
            && m["params"]["diagnostics"][0]["code"] == "E008"
    });
    let message = duplicate["params"]["diagnostics"][0]["message"].to_string();
    assert!(message.contains("fast"), "{message}");
    std::fs::remove_file(&created).unwrap();
    let changes = json!({"changes": [{"uri": uri(&created), "type": 3}]});
    client.notify("workspace/didChangeWatchedFiles", changes);
    let cleared = client.diagnostics(&uri(&created), None);
    assert_eq!(cleared["diagnostics"], json!([]));
    assert!(client.shutdown().success());
}

#[test]
fn closing_a_document_brings_back_the_file_on_disk() {
    let dir = workspace(&[("a.goal", GOAL_WITHOUT_REVIEW)]);
    let root = root(&dir);
    let (mut client, _) = Client::start(&root, json!({"today": TODAY}));
    let file = uri(&root.join("a.goal"));
    let on_disk = client.diagnostics(&file, None);
    assert_eq!(on_disk["diagnostics"][0]["code"], "T506");
    let edited = format!("{GOAL_WITHOUT_REVIEW}  review weekly\n");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": file, "languageId": "goal", "version": 7, "text": edited}}),
    );
    assert_eq!(client.diagnostics(&file, Some(7))["diagnostics"], json!([]));
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": file}}),
    );
    let closed = client.diagnostics(&file, None);
    assert_eq!(closed["diagnostics"][0]["code"], "T506");
    assert!(closed.get("version").is_none_or(Value::is_null));
    assert!(client.shutdown().success());
}

const BROKEN: &str = "\
objective healthy: \"Support staff want to stay\"
this line is no declaration
goal broken-one: \"Reach 90% CSAT by end of Q4 2030\"
  owner team \"Email\"
  tagret at least 90%
  metric csat
  scope channel is email
  target at lest 90%

goal turnover: \"Keep voluntary turnover under 10% in 2030\"
  owner team \"Support leads\"
  serves healthy
  metric voluntary_turnover_rate
  scope role is agent
  target under 10%
  window 2030
  review monthly
  through \"career paths\"
";

#[test]
fn a_file_with_syntax_errors_keeps_its_valid_goals() {
    let dir = workspace(&[("broken.goal", BROKEN)]);
    let root = root(&dir);
    let (mut client, _) = Client::start(&root, json!({"today": TODAY}));
    let file = uri(&root.join("broken.goal"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": file, "languageId": "goal", "version": 1, "text": BROKEN}}),
    );
    let diagnostics = client.diagnostics(&file, Some(1));
    assert_snapshot!("broken_file_diagnostics", client.redact(&diagnostics));

    let at = |needle, offset| json!({"textDocument": {"uri": file}, "position": position_of(BROKEN, needle, offset)});
    let hover = client.request("textDocument/hover", at("voluntary_turnover_rate", 4));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**voluntary_turnover_rate** (metric)"),
        "{hover}"
    );
    // Fields of the staff population, in the valid goal after the broken one.
    let fields = client.request("textDocument/completion", at("role is agent", 0));
    let labels: Vec<&str> = fields
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["team", "manager", "role", "all", "not"]);
    let objective = client.request("textDocument/hover", at("serves healthy", 8));
    let text = objective["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("Support staff want to stay") && text.contains("served by 1 goal"),
        "{text}"
    );
    let definition = client.request("textDocument/definition", at("serves healthy", 8));
    assert_eq!(
        definition[0]["range"]["start"],
        json!({"line": 0, "character": 10})
    );
    // Inside the broken goal, a clause keyword is still completed.
    let keywords = client.request("textDocument/completion", at("tagret", 2));
    assert_eq!(keywords.as_array().unwrap()[4]["label"], "target");
    let fix = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": file}, "range": {"start": position_of(BROKEN, "tagret", 0), "end": position_of(BROKEN, "tagret", 0)}, "context": {"diagnostics": []}}),
    );
    assert_eq!(fix[0]["title"], "Replace `tagret` with `target`");
    assert!(client.shutdown().success());
}

#[test]
fn field_completion_names_the_columns_of_declared_data_sources() {
    let toml = "[sources.tickets.columns]\nteam = \"Group name\"\n\n[sources.zendesk_2025]\ntable = \"tickets\"\n\n[sources.zendesk_2025.columns]\nteam = \"Group\"\n";
    let dir = workspace(&[("g.goal", GOAL_WITHOUT_REVIEW), ("goal.toml", toml)]);
    let root = root(&dir);
    let (mut client, _) = Client::start(&root, json!({"today": TODAY}));
    let file = uri(&root.join("g.goal"));
    let at = position_of(GOAL_WITHOUT_REVIEW, "channel is chat", 0);
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": file}, "position": at}),
    );
    let team = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "team")
        .unwrap();
    assert_eq!(
        team["detail"],
        "field of tickets; column `Group name` of source `tickets`; column `Group` of source `zendesk_2025`"
    );
    let channel = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "channel")
        .unwrap();
    assert_eq!(channel["detail"], "field of tickets");
    assert!(client.shutdown().success());
}

#[test]
fn a_file_that_is_not_text_is_reported_in_place() {
    let dir = workspace(&[("a.goal", "objective fast: \"Fast answers\"\n")]);
    let root = root(&dir);
    std::fs::write(root.join("binary.goal"), b"objective \0\x01\x02").unwrap();
    let (mut client, _) = Client::start(&root, json!({"today": TODAY}));
    let published = client.diagnostics(&uri(&root.join("binary.goal")), None);
    assert_eq!(published["diagnostics"][0]["code"], "E005");
    assert_eq!(
        published["diagnostics"][0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    assert!(client.shutdown().success());
}

#[test]
fn a_document_outside_the_folder_is_checked_with_the_project() {
    let dir = workspace(&[("objectives.goal", "objective fast: \"Fast answers\"\n")]);
    let root = root(&dir);
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = support::root(&elsewhere).join("g.goal");
    let (mut client, _) = Client::start(&root, json!({"today": TODAY}));
    let file = uri(&outside);
    let text = GOAL_WITHOUT_REVIEW.replace("objective fast: \"Fast answers\"\n", "");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": file, "languageId": "goal", "version": 1, "text": text}}),
    );
    // `serves fast` finds the objective of the folder: only the missing review is left.
    let published = client.diagnostics(&file, Some(1));
    let codes: Vec<&str> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["T506"]);
    // Closed, it is no longer part of the project: its problems are cleared.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": file}}),
    );
    assert_eq!(client.diagnostics(&file, None)["diagnostics"], json!([]));
    assert!(client.shutdown().success());
}

#[test]
fn without_a_folder_the_open_documents_are_the_project() {
    let dir = workspace(&[("objectives.goal", "objective fast: \"Fast answers\"\n")]);
    let root = root(&dir);
    let (mut client, _) = Client::start_without_folder(json!({"today": TODAY}));
    let file = uri(&root.join("g.goal"));
    let text = GOAL_WITHOUT_REVIEW.replace("objective fast: \"Fast answers\"\n", "");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": file, "languageId": "goal", "version": 1, "text": text}}),
    );
    // objectives.goal beside it is not read: `fast` is undeclared.
    let published = client.diagnostics(&file, Some(1));
    let codes: Vec<&str> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["T506", "R402"]);
    let objectives = uri(&root.join("objectives.goal"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": objectives, "languageId": "goal", "version": 1, "text": "objective fast: \"Fast answers\"\n"}}),
    );
    let codes_after: Vec<String> = client.diagnostics(&file, None)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes_after, ["T506"]);
    assert!(client.shutdown().success());
}
