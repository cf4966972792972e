//! Shared by the runtime's tests: goal text compiled as of a day, and a diagnostics list
//! reduced to its errors.

use goal_compiler::{Checked, Diagnostic, Options, Sources};

/// Compiles `goals` as `g.goal`, checked as of `today`; fails the test on any error.
pub fn compile(goals: &str, today: chrono::NaiveDate) -> (Sources, Checked) {
    let mut files = Sources::new();
    files.add("g.goal", goals);
    let checked = goal_compiler::check(
        &files,
        &Options {
            today,
            ..Options::default()
        },
    );
    let found = errors(&checked.diagnostics);
    assert!(found.is_empty(), "the goals do not compile: {found:?}");
    (files, checked)
}

/// The errors among `diagnostics`, as `CODE name: message`.
pub fn errors(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect()
}
