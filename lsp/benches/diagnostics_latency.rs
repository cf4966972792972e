//! Latency of diagnostics while typing: the release `goal-lsp` binary is driven over stdio
//! like an editor, on one open file of 1,000 goals; each round sends a `didChange` (one
//! character typed in a goal's title) and waits for the `publishDiagnostics` of that version.
//! Then the time until the full check's own result is published (a change only it can see:
//! a duplicate goal id), and, for comparison, the compiler's check alone and a completion.
//! Run with `cargo bench -p goal-lsp --bench diagnostics_latency`; not part of CI.
//! `GOAL_BENCH_GOALS=N` changes the number of goals.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/support/mod.rs"]
mod support;

use serde_json::json;
use std::time::{Duration, Instant};
use support::{Client, root, uri, workspace};

const DEFAULT_GOALS: usize = 1_000;
const ROUNDS: usize = 40;
const CHANNELS: &[&str] = &["chat", "email", "phone", "web"];

/// One goal, as in the compiler's throughput benchmark; every tenth has no review (T506), and
/// the 40 teams own too many goals each (P601), so every check has diagnostics to publish.
fn goal(i: usize) -> String {
    let channel = CHANNELS[i % CHANNELS.len()];
    let share = 60 + i % 30;
    let seconds = 30 + i % 90;
    let base = share - 8;
    let mid = share - 4;
    let team = i % 40;
    let review = if i % 10 == 0 { "" } else { "  review weekly\n" };
    format!(
        "# goal number {i}\n\
         goal frt-{i}: \"Answer {share}% of {channel} tickets within {seconds} seconds by end of Q2 2026\"\n\
         \x20 owner team \"Support {team}\"\n\
         \x20 serves fast-answers\n\
         \x20 metric first_response_time\n\
         \x20 scope channel is {channel} and (priority in (high, urgent) or tags includes vip-{i})\n\
         \x20 target {share}% within {seconds} seconds\n\
         \x20 baseline {base}% within {seconds} seconds in Q4 2025\n\
         \x20 checkpoint {mid}% within {seconds} seconds by end of Q1 2026\n\
         \x20 deadline end of Q2 2026\n\
         {review}\
         \x20 guardrail csat at least 85%\n\
         \x20 through \"staffing plan {i}\", \"macro library\"\n\n"
    )
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() - 1) * p / 100]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let goals: usize = std::env::var("GOAL_BENCH_GOALS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_GOALS);
    let mut text = String::from("objective fast-answers: \"Customers get fast answers\"\n\n");
    for i in 0..goals {
        text.push_str(&goal(i));
    }
    let dir = workspace(&[("corpus.goal", &text)]);
    let root = root(&dir);
    let file = uri(&root.join("corpus.goal"));
    let (mut client, _) = Client::start(&root, json!({"today": "2026-01-05"}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": file, "languageId": "goal", "version": 1, "text": text}}),
    );
    let first = client.diagnostics(&file, Some(1));
    let published = first["diagnostics"].as_array().unwrap().len();
    assert!(
        published >= goals.div_ceil(10),
        "at least one T506 per tenth goal"
    );

    // Type into the titles of goals spread over the file: `Answer` becomes `Answerx`, then back.
    let title_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("goal "))
        .map(|(n, _)| n)
        .collect();
    let mut latencies = Vec::new();
    for round in 0..ROUNDS {
        let line = title_lines[round * 7919 % title_lines.len()];
        let column = text.lines().nth(line).unwrap().find("Answer").unwrap() + "Answer".len();
        let at = json!({"line": line, "character": column});
        let after = json!({"line": line, "character": column + 1});
        let version = 2 + round as i64 * 2;
        for (version, change) in [
            (
                version,
                json!({"range": {"start": at, "end": at}, "text": "x"}),
            ),
            (
                version + 1,
                json!({"range": {"start": at, "end": after}, "text": ""}),
            ),
        ] {
            let start = Instant::now();
            client.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": file, "version": version}, "contentChanges": [change]}),
            );
            let reply = client.diagnostics(&file, Some(version));
            latencies.push(start.elapsed());
            assert_eq!(reply["diagnostics"].as_array().unwrap().len(), published);
        }
    }
    latencies.sort();

    // The full check's own publication: renaming goal `frt-{k}` to `frt-{k+1}` makes the
    // original `frt-{k+1}` a duplicate (E008), which only the full check on the worker finds;
    // renaming it back removes it again.
    let has_duplicate = |reply: &serde_json::Value| {
        reply["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "E008")
    };
    let mut exact = Vec::new();
    let mut version = 10_000;
    for round in 0..10 {
        let k = 10 + round * 40;
        let line = title_lines[k];
        let id = format!("frt-{k}");
        let column = "goal ".len();
        let range = json!({"start": {"line": line, "character": column}, "end": {"line": line, "character": column + id.len()}});
        let renamed_range = json!({"start": {"line": line, "character": column}, "end": {"line": line, "character": column + format!("frt-{}", k + 1).len()}});
        for (range, name, duplicate) in [
            (range, format!("frt-{}", k + 1), true),
            (renamed_range, id.clone(), false),
        ] {
            version += 1;
            let start = Instant::now();
            client.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": file, "version": version}, "contentChanges": [{"range": range, "text": name}]}),
            );
            loop {
                let reply = client.diagnostics(&file, Some(version));
                if has_duplicate(&reply) == duplicate {
                    break;
                }
            }
            exact.push(start.elapsed());
        }
    }
    exact.sort();

    // For comparison: `goal check`'s own work on the same text, in this process.
    let mut sources = goal_compiler::Sources::new();
    sources.add("corpus.goal", text.clone());
    let options = goal_compiler::Options {
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        ..goal_compiler::Options::default()
    };
    let mut checks: Vec<Duration> = (0..20)
        .map(|_| {
            let start = Instant::now();
            goal_compiler::check(&sources, &options);
            start.elapsed()
        })
        .collect();
    checks.sort();

    // Completion right after a change (the file is parsed again for it).
    let mut completions = Vec::new();
    for round in 0..10 {
        let version = 1000 + round;
        let line = title_lines[round as usize * 101 % title_lines.len()] + 5;
        let at = json!({"line": line, "character": 2});
        let change = json!({"range": {"start": at, "end": at}, "text": " "});
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": file, "version": version}, "contentChanges": [change]}),
        );
        let start = Instant::now();
        let items = client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": file}, "position": {"line": line, "character": 9}}),
        );
        completions.push(start.elapsed());
        assert!(!items.as_array().unwrap().is_empty());
    }
    completions.sort();
    assert!(client.shutdown().success());

    let megabytes = text.len() as f64 / 1_000_000.0;
    println!(
        "file: {goals} goals, {megabytes:.2} MB, {published} diagnostics; {} changes",
        latencies.len()
    );
    println!(
        "didChange -> publishDiagnostics: min {}, median {}, p90 {}, max {}",
        ms(latencies[0]),
        ms(percentile(&latencies, 50)),
        ms(percentile(&latencies, 90)),
        ms(latencies[latencies.len() - 1]),
    );
    println!(
        "full check published (E008):    min {}, median {}, max {}",
        ms(exact[0]),
        ms(percentile(&exact, 50)),
        ms(exact[exact.len() - 1]),
    );
    println!(
        "goal_compiler::check alone:     min {}, median {}",
        ms(checks[0]),
        ms(percentile(&checks, 50)),
    );
    println!(
        "completion after a change:      min {}, median {}, max {}",
        ms(completions[0]),
        ms(percentile(&completions, 50)),
        ms(completions[completions.len() - 1]),
    );
}
