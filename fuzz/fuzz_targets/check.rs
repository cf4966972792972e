//! Fuzz target `check`: `goal_compiler::check` on a project of up to eight files (the input
//! split at NUL bytes) never panics; every diagnostic's labels lie within their files on
//! character boundaries; every diagnostic renders as a report; the IR serialises; and a
//! semantic diff of the goals with themselves finds no change.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let sources = goal_fuzz::sources(&goal_fuzz::files(data));
    let checked = goal_compiler::check(&sources, &goal_fuzz::options());
    goal_fuzz::assert_diagnostics_valid(&checked, &sources);
    assert!(
        serde_json::to_string(&checked.goals).is_ok(),
        "the IR does not serialise"
    );
    let changes = goal_compiler::diff::diff(&checked.goals, &checked.goals);
    assert!(
        changes.is_empty(),
        "goals differ from themselves: {changes:?}"
    );
});
