//! One editing session as VS Code drives it, over stdio with JSON-RPC framing: initialize,
//! open a document, type, hover, complete, navigate, list symbols, fix, format, shut down.
//! Every reply is snapshotted (the workspace folder's URI replaced by `file:///ROOT`).
//!
//! The document's lines hold `é` and emoji before the places the server reports or is asked
//! about, so every column in the snapshots is counted in UTF-16 units.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

mod support;

use insta::assert_snapshot;
use serde_json::{Value, json};
use support::{Client, position_of, root, uri, workspace};

const OBJECTIVES: &str = "\
# Shared objectives and hours.
objective fast-answers: \"Customers get a fast first answer on every channel\"
objective happy-customers: \"Customers rate their support experience highly\"

schedule business-hours: monday to friday 09:00 to 17:00 in America/New_York
";

const CHAT: &str = "\
goal chat-first-response: \"Répondre à 80% des chats en 60 secondes 🙂 by end of Q2 2030\"
  owner team \"Équipe Chat 🙂\"
  serves fast-answer
  metric first_response_time
  scope channel is chat and topic is \"café 🙂\" and chanel is chat
  target   80%   within 60 seconds
  baseline 55% within 60 seconds in Q4 2025
  deadline end of Q2 2030
  during business-hours
      guardrail csat at least 85%
  through \"chat macros\"
";

fn at(needle: &str, offset: usize) -> Value {
    position_of(CHAT, needle, offset)
}

#[test]
fn an_editing_session() {
    let dir = workspace(&[("objectives.goal", OBJECTIVES), ("chat.goal", "")]);
    let root = root(&dir);
    let (mut client, initialized) = Client::start(&root, json!({"today": "2026-01-05"}));
    assert_snapshot!("initialize", client.redact(&initialized));
    // The server asks to be told of goal files and goal.toml changed on disk.
    let registration = client.wait(|m| m["method"] == "client/registerCapability");
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert_eq!(watchers[0]["globPattern"], "**/*.goal");
    assert_eq!(watchers[1]["globPattern"], "**/goal.toml");
    let chat = uri(&root.join("chat.goal"));
    let document = json!({"uri": chat});

    // The file is empty on disk (E007) until the editor opens it with text.
    let on_disk = client.diagnostics(&chat, None);
    assert_eq!(on_disk["diagnostics"][0]["code"], "E007");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": chat, "languageId": "goal", "version": 1, "text": CHAT}}),
    );
    let opened = client.diagnostics(&chat, Some(1));
    assert_snapshot!("diagnostics_on_open", client.redact(&opened));

    let position =
        |needle, offset| json!({"textDocument": document, "position": at(needle, offset)});
    let hover_metric = client.request("textDocument/hover", position("first_response_time", 3));
    assert_snapshot!("hover_metric", client.redact(&hover_metric));
    let hover_schedule = client.request("textDocument/hover", position("business-hours", 2));
    assert_snapshot!("hover_schedule", client.redact(&hover_schedule));
    let hover_problem = client.request("textDocument/hover", position("chanel", 2));
    assert_snapshot!("hover_problem_after_emoji", client.redact(&hover_problem));
    let hover_value = client.request("textDocument/hover", position("60 seconds in", 1));
    assert_snapshot!("hover_value", client.redact(&hover_value));

    let values = client.request("textDocument/completion", position("channel is ", 11));
    assert_snapshot!("completion_field_values", labels(&values));
    let fields = client.request("textDocument/completion", position("\" and chanel", 6));
    assert_snapshot!("completion_fields_after_emoji", labels(&fields));
    // After the emoji on the same line: the word under the cursor, `chanel`, is replaced.
    let (cursor, word_end) = (at("\" and chanel", 6), at("\" and chanel", 12));
    for item in fields.as_array().unwrap() {
        assert_eq!(item["textEdit"]["range"]["start"], cursor);
        assert_eq!(item["textEdit"]["range"]["end"], word_end);
    }
    let objectives = client.request("textDocument/completion", position("fast-answer\n", 4));
    assert_snapshot!("completion_objectives", client.redact(&objectives));

    let definition = client.request("textDocument/definition", position("business-hours", 0));
    assert_snapshot!("definition_schedule", client.redact(&definition));
    let undeclared = client.request("textDocument/definition", position("fast-answer", 0));
    assert_eq!(undeclared, json!([]));

    // Type the missing `s` of `fast-answers`: R402 goes away.
    let end_of_id = at("fast-answer\n", 11);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": chat, "version": 2},
            "contentChanges": [{"range": {"start": end_of_id, "end": end_of_id}, "text": "s"}],
        }),
    );
    let changed = client.diagnostics(&chat, Some(2));
    assert_snapshot!("diagnostics_after_change", client.redact(&changed));

    let references = client.request(
        "textDocument/references",
        json!({"textDocument": document, "position": at("fast-answer", 3), "context": {"includeDeclaration": true}}),
    );
    assert_snapshot!("references_objective", client.redact(&references));

    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": document}),
    );
    assert_snapshot!("document_symbols", client.redact(&symbols));

    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 11, "character": 0}});
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": document, "range": whole, "context": {"diagnostics": []}}),
    );
    assert_snapshot!("code_actions", client.redact(&actions));

    let formatting = client.request(
        "textDocument/formatting",
        json!({"textDocument": document, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_snapshot!("formatting", client.redact(&formatting));
    // Formatting the formatted text changes nothing.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": chat, "version": 3},
            "contentChanges": [{"text": formatting[0]["newText"]}],
        }),
    );
    let again = client.request(
        "textDocument/formatting",
        json!({"textDocument": document, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(again, json!([]));

    let unknown = client.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": document}),
    );
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");

    assert!(client.shutdown().success());
}

/// The labels of a completion reply, one per line.
fn labels(reply: &Value) -> String {
    reply
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["label"].as_str().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn exit_without_shutdown_is_a_failure() {
    let dir = workspace(&[("a.goal", OBJECTIVES)]);
    let (mut client, _) = Client::start(&root(&dir), Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.finish().code(), Some(1));
}

#[test]
fn closing_the_input_without_exit_is_a_failure() {
    let dir = workspace(&[("a.goal", OBJECTIVES)]);
    let (client, _) = Client::start(&root(&dir), Value::Null);
    assert_eq!(client.finish().code(), Some(1));
}

/// Completion on the lines an author types, one case per line: the cursor at the end of the
/// line. The first labels of each reply are snapshotted.
const TYPING: &str = "\
objective fast: \"Fast answers\"
schedule hours: monday to friday 09:00 to 17:00 in Europe/Be
schedule late: monday to 
goal g: \"Answer 80% of chats within 60 seconds by end of Q2 2030\"
  owner 
  metric 
  metric p90 
  metric repeat_contact_rate (
  guardrail csat 
  target 
  serves fast, 
  during 
  review 
  review every 
  no 
  no month 
  scope all 
  scope channel 
  scope channel is not 
  scope priority in (high, 
  scope channel is chat 
  scope channel is chat or 
  through \"a, 
  # metric 
  ta
";

#[test]
fn completion_follows_what_is_typed() {
    let dir = workspace(&[]);
    let root = root(&dir);
    let (mut client, _) = Client::start(&root, Value::Null);
    let file = uri(&root.join("typing.goal"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": file, "languageId": "goal", "version": 1, "text": TYPING}}),
    );
    let mut report = String::new();
    for (line, text) in TYPING.lines().enumerate() {
        let character = text.encode_utf16().count();
        let reply = client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": file}, "position": {"line": line, "character": character}}),
        );
        let items = reply.as_array().unwrap();
        let first: Vec<&str> = items
            .iter()
            .take(6)
            .map(|i| i["label"].as_str().unwrap())
            .collect();
        report.push_str(&format!(
            "{text:?} ({} items): {}\n",
            items.len(),
            first.join(", ")
        ));
    }
    assert_snapshot!("completion_while_typing", report);
    assert!(client.shutdown().success());
}
