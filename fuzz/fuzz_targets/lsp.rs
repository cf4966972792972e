//! Fuzz target `lsp`: the language server's document update path. The input is a document
//! and a series of edits (NUL-separated: the first part is the text opened, each later part
//! one edit whose first two characters choose where and how much to replace and whose rest is
//! inserted). The server runs in this process over an in-memory connection, as a client would
//! drive it: `initialize`, `didOpen`, then per edit `didChange`, `hover` and `completion`, and
//! at the end `formatting`, `shutdown` and `exit`.
//!
//! Invariants: the server never panics or hangs, answers every request without an error,
//! ends cleanly, and every range it sends (diagnostics of each published version, formatting
//! edits) lies within the text it refers to.

#![no_main]

use libfuzzer_sys::fuzz_target;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::Duration;

const URI: &str = "file:///fuzz/project/0.goal";

/// The lines of `text` as the protocol counts them: ended by `\n`, `\r\n` or a lone `\r`,
/// each with the byte offset where it starts.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let end = match bytes[i] {
            b'\n' => Some(i + 1),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => Some(i + 2),
            b'\r' => Some(i + 1),
            _ => None,
        };
        if let Some(next) = end {
            lines.push((start, &text[start..i]));
            start = next;
            i = next;
        } else {
            i += 1;
        }
    }
    lines.push((start, &text[start..]));
    lines
}

/// The protocol position (UTF-16) of byte `offset` of `text` (not inside a line break).
fn position(text: &str, offset: usize) -> Value {
    let all = lines(text);
    let line = all
        .iter()
        .rposition(|(start, _)| *start <= offset)
        .unwrap_or(0);
    let (start, content) = all[line];
    let within = offset.saturating_sub(start).min(content.len());
    json!({
        "line": line,
        "character": content[..within].encode_utf16().count(),
    })
}

/// Asserts that the protocol `range` lies within `text`.
fn assert_range_in(text: &str, range: &Value, what: &str) {
    let lines = lines(text);
    let point = |p: &Value| {
        let line = p["line"].as_u64().unwrap_or(u64::MAX) as usize;
        let character = p["character"].as_u64().unwrap_or(u64::MAX) as usize;
        assert!(
            line < lines.len(),
            "{what}: line {line} of {} in {range}",
            lines.len()
        );
        let width = lines[line].1.encode_utf16().count();
        assert!(
            character <= width,
            "{what}: character {character} of {width} in {range}"
        );
        (line, character)
    };
    let (start, end) = (point(&range["start"]), point(&range["end"]));
    assert!(start <= end, "{what}: range ends before it starts: {range}");
}

/// The nearest character boundary at or before `offset`, outside a `\r\n` pair.
fn floor(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if at > 0 && text.as_bytes()[at - 1] == b'\r' && text.as_bytes().get(at) == Some(&b'\n') {
        at -= 1;
    }
    at
}

struct Client {
    connection: Connection,
    next_id: i32,
    /// Every version of the document sent, for checking the diagnostics published for it.
    versions: BTreeMap<i32, String>,
}

impl Client {
    fn notify(&self, method: &str, params: Value) {
        let message = Message::Notification(Notification::new(method.to_owned(), params));
        assert!(
            self.connection.sender.send(message).is_ok(),
            "the server hung up"
        );
    }

    /// Sends a request and returns its result, checking every notification on the way.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let message = Message::Request(Request::new(id.clone(), method.to_owned(), params));
        assert!(
            self.connection.sender.send(message).is_ok(),
            "the server hung up"
        );
        loop {
            let message = self
                .connection
                .receiver
                .recv_timeout(Duration::from_secs(20))
                .unwrap_or_else(|e| panic!("no answer to {method}: {e}"));
            match message {
                Message::Response(response) if response.id == id => {
                    return match response.response_result {
                        Ok(result) => result,
                        Err(error) => panic!("{method} failed: {error:?}"),
                    };
                }
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                    self.check_published(&n.params);
                }
                _ => {}
            }
        }
    }

    fn check_published(&self, params: &Value) {
        if params["uri"] != URI {
            return;
        }
        let Some(text) = params["version"]
            .as_i64()
            .and_then(|v| self.versions.get(&(v as i32)))
        else {
            return;
        };
        for diagnostic in params["diagnostics"].as_array().into_iter().flatten() {
            assert_range_in(text, &diagnostic["range"], "diagnostic");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let parts = goal_fuzz::files(data);
    let (server, connection) = Connection::memory();
    let running = std::thread::spawn(move || goal_lsp::serve(&server));
    let mut client = Client {
        connection,
        next_id: 0,
        versions: BTreeMap::new(),
    };
    client.request(
        "initialize",
        json!({"capabilities": {}, "initializationOptions": {"today": "2026-01-05"}}),
    );
    client.notify("initialized", json!({}));
    let mut text = parts[0].clone();
    let mut version = 1;
    client.versions.insert(version, text.clone());
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "goal", "version": version, "text": text}}),
    );
    for edit in &parts[1..] {
        let mut chars = edit.chars();
        let at = chars.next().map_or(0, |c| c as usize * 7_919);
        let length = chars.next().map_or(0, |c| c as usize % 24);
        let inserted: String = chars.collect();
        let start = floor(&text, at % (text.len() + 1));
        let end = floor(&text, start + length);
        let range = json!({"start": position(&text, start), "end": position(&text, end)});
        text.replace_range(start..end, &inserted);
        version += 1;
        client.versions.insert(version, text.clone());
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": URI, "version": version},
                "contentChanges": [{"range": range, "text": inserted}],
            }),
        );
        let at = json!({"textDocument": {"uri": URI}, "position": position(&text, floor(&text, start + inserted.len()))});
        client.request("textDocument/hover", at.clone());
        client.request("textDocument/completion", at);
    }
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    for edit in edits.as_array().into_iter().flatten() {
        assert_range_in(&text, &edit["range"], "formatting edit");
    }
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    let outcome = running.join();
    assert!(
        matches!(outcome, Ok(Ok(()))),
        "the server did not end cleanly: {outcome:?}"
    );
});
