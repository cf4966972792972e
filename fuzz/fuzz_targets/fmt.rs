//! Fuzz target `fmt`: formatting never panics, is idempotent (`fmt(fmt(x)) == fmt(x)`), and
//! keeps the meaning of the project: the compiled IR (without positions) and the diagnostic
//! codes are the same before and after.

#![no_main]

use libfuzzer_sys::fuzz_target;

fn format(text: &str) -> String {
    goal_grammar::print::print(&goal_grammar::parse(text).file, text)
}

fuzz_target!(|data: &[u8]| {
    let files = goal_fuzz::files(data);
    let once: Vec<String> = files.iter().map(|f| format(f)).collect();
    for (i, formatted) in once.iter().enumerate() {
        let twice = format(formatted);
        assert!(
            &twice == formatted,
            "formatting file {i} twice changes it:\n--- once\n{formatted}\n--- twice\n{twice}"
        );
    }
    let before = goal_fuzz::meaning(&goal_fuzz::sources(&files));
    let after = goal_fuzz::meaning(&goal_fuzz::sources(&once));
    assert!(
        before == after,
        "formatting changes the meaning:\n--- before\n{before:?}\n--- after\n{after:?}"
    );
});
