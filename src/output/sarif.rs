//! SARIF 2.1.0, the format code-scanning services read (GitHub code scanning among them). The
//! rules the results break are listed with their summary, documentation and a link to their
//! page; every diagnostic becomes a result with its locations.

use super::{Position, locate, primary};
use crate::check::Outcome;
use goal_compiler::{Rule, Severity};
use serde_json::{Value, json};
use std::io::Write;

/// Writes one SARIF log with a single run.
pub fn write(outcome: &Outcome, out: &mut impl Write) -> std::io::Result<()> {
    let used: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|rule| outcome.diagnostics.iter().any(|d| d.rule == *rule))
        .collect();
    let rules: Vec<Value> = used.iter().map(|rule| rule_descriptor(*rule)).collect();
    let results: Vec<Value> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let index = used.iter().position(|r| *r == d.rule).unwrap_or(0);
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut result = json!({
                "ruleId": d.rule.code(),
                "ruleIndex": index,
                "level": level(d.severity),
                "message": { "text": text },
            });
            if let Some((file, start, end)) = primary(d, outcome.sources) {
                result["locations"] = json!([location(file, start, end, None)]);
            }
            let related: Vec<Value> = d
                .secondary
                .iter()
                .enumerate()
                .filter_map(|(i, label)| {
                    locate(label, outcome.sources).map(|(file, start, end)| {
                        location(file, start, end, Some((i, &label.message)))
                    })
                })
                .collect();
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "goal",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule_descriptor(rule: Rule) -> Value {
    json!({
        "id": rule.code(),
        "name": rule.name(),
        "shortDescription": { "text": rule.summary() },
        "fullDescription": { "text": rule.summary() },
        "help": {
            "text": format!("{} See {} in the goal repository.", rule.summary(), rule.doc_path()),
            "markdown": rule.documentation(),
        },
        "defaultConfiguration": { "level": level(rule.severity()) },
        "properties": { "tags": [rule.group().title()] },
    })
}

fn location(
    file: &str,
    start: Position,
    end: Position,
    related: Option<(usize, &String)>,
) -> Value {
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(file) },
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            }
        }
    });
    if let Some((id, message)) = related {
        location["id"] = json!(id);
        if !message.is_empty() {
            location["message"] = json!({ "text": message });
        }
    }
    location
}

/// A relative URI reference for a path: every byte outside the unreserved characters and `/`
/// is percent-encoded (so `a b%.goal` becomes `a%20b%25.goal`).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.trim_start_matches("./").bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("examples/01-chat.goal"), "examples/01-chat.goal");
        assert_eq!(uri("./a b,c:d%e é.goal"), "a%20b%2Cc%3Ad%25e%20%C3%A9.goal");
    }
}
