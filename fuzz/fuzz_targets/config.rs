//! Fuzz target `config`: reading any `goal.toml` never panics; every problem's labels lie
//! within the file, on character boundaries; and applying whatever was read to the diagnostics
//! of a check never panics and never drops an error.

#![no_main]

use goal_compiler::Sources;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// A folder of this process for the `goal.toml` under test (in memory where there is /dev/shm).
fn folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let shm = PathBuf::from("/dev/shm");
        let base = if shm.is_dir() {
            shm
        } else {
            std::env::temp_dir()
        };
        let folder = base.join(format!("goal-fuzz-config-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&folder);
        folder
    })
}

/// One goal with warnings (no baseline, no review) and one error (an unknown metric).
const PROJECT: &str = "objective o: \"Customers get fast answers\"\n\ngoal g: \"Answer 80% of chats by end of Q2 2026\"\n  owner team \"Chat\"\n  serves o\n  metric csat\n  scope channel is chat\n  target at least 80%\n  deadline end of Q2 2026\n  through \"macros\"\n\ngoal h: \"Answer 80% of chats by end of Q2 2026\"\n  metric csta\n";

fuzz_target!(|data: &[u8]| {
    let path = folder().join("goal.toml");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let mut config_sources = Sources::new();
    let (config, problems) = goal_compiler::config::load(&path, &mut config_sources);
    for problem in &problems {
        for label in problem.primary.iter().chain(&problem.secondary) {
            let source = config_sources.get(label.file);
            assert!(
                source.is_some(),
                "{}: label in an unknown file",
                problem.rule
            );
            if let Some(source) = source {
                goal_fuzz::assert_span_in(&source.text, label.span, problem.rule.code());
            }
        }
    }
    let mut sources = Sources::new();
    sources.add("team/goals.goal", PROJECT);
    let checked = goal_compiler::check(&sources, &goal_fuzz::options());
    let errors = checked.error_count();
    let applied = config.apply(checked.diagnostics, &sources);
    assert!(
        applied.iter().filter(|d| d.is_error()).count() >= errors,
        "the configuration dropped an error"
    );
});
