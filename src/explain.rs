//! `goal explain CODE`: print a rule's documentation.

use goal_compiler::Rule;
use goal_grammar::suggest::did_you_mean_or;
use std::io::Write;
use std::process::ExitCode;

/// Prints the page of the rule named by `code` (`T501` or `missing-deadline`).
pub fn run(code: &str) -> ExitCode {
    let Some(rule) = Rule::find(code) else {
        let names = Rule::ALL.iter().flat_map(|r| [r.code(), r.name()]);
        let help = did_you_mean_or(code, names, || {
            "rule codes look like `T501`; `goal explain` with a code or a name, e.g. `missing-deadline`"
                .into()
        });
        eprintln!("error: no rule `{code}`\n  help: {help}");
        return ExitCode::from(2);
    };
    let _ = std::io::stdout()
        .lock()
        .write_all(rule.documentation().as_bytes());
    ExitCode::SUCCESS
}
