//! A test client: spawns the `goal-lsp` binary and talks to it as an editor does, with
//! JSON-RPC messages framed by `Content-Length` headers over its stdin and stdout.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// How long to wait for any one message before failing the test.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A running server and what it sent that the test has not looked at yet.
pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    pending: Vec<Value>,
    next_id: i64,
    /// The workspace folder's URI, as sent in `initialize`.
    pub root: String,
}

/// The `file:` URI of an absolute, plain-ASCII path (temporary folders are).
pub fn uri(path: &Path) -> String {
    let text = path.to_str().unwrap();
    assert!(
        text.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b)),
        "test paths need no percent-encoding: {text}"
    );
    format!("file://{text}")
}

impl Client {
    /// Starts the server on workspace folder `root` and completes the handshake. The
    /// initialize result is returned with the client.
    pub fn start(root: &Path, initialization_options: Value) -> (Client, Value) {
        Client::start_in(Some(uri(root)), initialization_options)
    }

    /// Starts the server without a workspace folder (a single file opened in the editor).
    pub fn start_without_folder(initialization_options: Value) -> (Client, Value) {
        Client::start_in(None, initialization_options)
    }

    fn start_in(root: Option<String>, initialization_options: Value) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_goal-lsp"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().unwrap();
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut client = Client {
            child,
            stdin,
            incoming,
            pending: Vec::new(),
            next_id: 1,
            root: root
                .clone()
                .unwrap_or_else(|| "file:///NO-FOLDER".to_owned()),
        };
        let folders = root
            .as_ref()
            .map(|uri| json!([{"uri": uri, "name": "goals"}]));
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root,
                "workspaceFolders": folders,
                "capabilities": {
                    "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
                    "textDocument": {"hover": {"contentFormat": ["markdown"]}}
                },
                "initializationOptions": initialization_options,
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    /// Sends one framed message.
    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_string(message).unwrap();
        let stdin = self.stdin.as_mut().expect("stdin is open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response: the result, or the error object.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let response = self.wait(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none());
        match response.get("error") {
            Some(error) => json!({"error": error}),
            None => response.get("result").cloned().unwrap_or(Value::Null),
        }
    }

    /// Waits for the next `publishDiagnostics` for `uri` (of `version`, when given) and
    /// returns its parameters.
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Value {
        let message = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        });
        message["params"].clone()
    }

    /// The `publishDiagnostics` notifications received so far and not yet consumed, by URI
    /// (the latest per file).
    pub fn drain_diagnostics(&mut self) -> std::collections::BTreeMap<String, Value> {
        while let Ok(message) = self.incoming.try_recv() {
            self.pending.push(message);
        }
        let mut latest = std::collections::BTreeMap::new();
        self.pending.retain(|m| {
            if m["method"] == "textDocument/publishDiagnostics" {
                latest.insert(
                    m["params"]["uri"].as_str().unwrap().to_owned(),
                    m["params"].clone(),
                );
                false
            } else {
                true
            }
        });
        latest
    }

    /// Waits for the first message (already received or new) that `wanted` accepts; answers
    /// the server's own requests (capability registration) on the way.
    pub fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&wanted) {
            return self.pending.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.incoming.recv_timeout(left) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => panic!("no such message within {TIMEOUT:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
            };
            if message.get("id").is_some() && message.get("method").is_some() {
                let answer = json!({"jsonrpc": "2.0", "id": message["id"], "result": null});
                self.send(&answer);
            }
            if wanted(&message) {
                return message;
            }
            self.pending.push(message);
        }
    }

    /// Sends `shutdown` then `exit` and returns the server's exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        self.finish()
    }

    /// Closes the server's input and waits for it to end.
    pub fn finish(mut self) -> ExitStatus {
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// `value` as pretty JSON with the workspace folder's URI replaced by `file:///ROOT`.
    pub fn redact(&self, value: &Value) -> String {
        serde_json::to_string_pretty(value)
            .unwrap()
            .replace(&self.root, "file:///ROOT")
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads one framed message; `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The protocol position (UTF-16 columns) of the first `needle` in `text`, plus `offset`
/// characters.
pub fn position_of(text: &str, needle: &str, offset: usize) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is in the text"));
    let at = at
        + needle
            .chars()
            .take(offset)
            .map(char::len_utf8)
            .sum::<usize>();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count();
    let character = text[line_start..at].encode_utf16().count();
    json!({"line": line, "character": character})
}

/// A temporary workspace folder holding `files` (name, text).
pub fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The canonical path of a temporary folder (so URIs match what the server reads).
pub fn root(dir: &tempfile::TempDir) -> std::path::PathBuf {
    std::fs::canonicalize(dir.path()).unwrap()
}
