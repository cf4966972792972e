//! Goal files are untrusted input: no construct of the language reads a file or runs a
//! program. The language has no include, import or command construct (see
//! `grammar/src/goal.pest`); texts are data. These tests keep it that way: the front end's
//! source does no I/O outside the two modules whose job it is, and texts that look like paths
//! or commands are never interpreted.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use goal_compiler::{Options, Sources};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// Modules allowed to touch the file system: the loader reads the paths given on the command
/// line, the configuration module reads `goal.toml` (found by walking up from them).
const IO_MODULES: &[&str] = &["compiler/src/load.rs", "compiler/src/config.rs"];

#[test]
fn the_front_end_does_io_only_in_the_loader_and_the_configuration() {
    let mut files = Vec::new();
    rust_files(&root().join("grammar/src"), &mut files);
    rust_files(&root().join("compiler/src"), &mut files);
    assert!(files.len() > 20, "found only {} files", files.len());
    let forbidden = [
        "std::fs",
        "std::process",
        "std::net",
        "std::env",
        "std::os",
        "File::",
        "Command::",
        "TcpStream",
        "include_bytes!",
    ];
    let mut found = Vec::new();
    for file in &files {
        let relative = file
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if IO_MODULES.contains(&relative.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for word in forbidden {
            if text.contains(word) {
                found.push(format!("{relative}: {word}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the compiler does no I/O outside {IO_MODULES:?} (goal files are untrusted; see \
         docs/reliability.md): {found:#?}"
    );
}

#[test]
fn texts_that_look_like_paths_or_commands_are_only_text() {
    let goal = |title: &str, owner: &str, initiative: &str, value: &str| {
        format!(
            "objective fast-answers: \"Fast answers\"\n\n\
             goal chat-first-response: \"{title}\"\n  owner team \"{owner}\"\n  serves fast-answers\n  \
             metric first_response_time\n  scope channel is chat and topic is \"{value}\"\n  \
             target 80% within 60 seconds\n  baseline 65% within 60 seconds in Q4 2025\n  \
             deadline end of Q2 2026\n  review weekly\n  guardrail csat at least 85%\n  \
             through \"{initiative}\"\n"
        )
    };
    let this_file = file!();
    let hostile = goal(
        "Answer 80% by end of Q2 2026 $(touch /tmp/goal-was-here)",
        "/etc/passwd",
        &format!("../../{this_file}"),
        "`rm -rf ~`; file:///etc/shadow",
    );
    let plain = goal(
        "Answer 80% by end of Q2 2026 with care",
        "Chat Support",
        "chat macros",
        "order status",
    );
    let check = |text: &str| {
        let mut sources = Sources::new();
        sources.add("untrusted.goal", text);
        let options = Options {
            today: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            ..Options::default()
        };
        goal_compiler::check(&sources, &options)
    };
    let (hostile, plain) = (check(&hostile), check(&plain));
    assert!(hostile.diagnostics.is_empty(), "{:?}", hostile.diagnostics);
    assert!(plain.diagnostics.is_empty(), "{:?}", plain.diagnostics);
    assert!(!Path::new("/tmp/goal-was-here").exists());
    // The texts reach the IR exactly as written.
    let goal = &hostile.goals[0];
    assert_eq!(goal.owner.name, "/etc/passwd");
    assert_eq!(goal.initiatives, [format!("../../{this_file}")]);
    assert!(goal.title.ends_with("$(touch /tmp/goal-was-here)"));
}
