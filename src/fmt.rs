//! `goal fmt`: rewrite goal files in the canonical layout (comments kept, broken lines kept as
//! written).

use crate::cli::FmtArgs;
use goal_compiler::load;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Formats the files of `args.paths`; with `--check`, only reports the files that would change.
pub fn run(args: &FmtArgs) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let loaded = load::load(&paths);
    let mut err = std::io::stderr().lock();
    for problem in loaded.unreadable.iter().chain(&loaded.diagnostics) {
        let _ = writeln!(err, "error[{}]: {}", problem.rule, problem.message);
    }
    let mut out = std::io::stdout().lock();
    let mut changed = 0;
    let mut failed = !loaded.unreadable.is_empty() || !loaded.diagnostics.is_empty();
    for (_, source) in loaded.sources.iter() {
        let parsed = goal_grammar::parse(&source.text);
        let formatted = goal_grammar::print::print(&parsed.file, &source.text);
        if formatted == source.text {
            continue;
        }
        changed += 1;
        if args.check {
            let _ = writeln!(out, "would reformat {}", source.path);
        } else if let Err(e) = std::fs::write(&source.path, formatted) {
            let _ = writeln!(err, "error: cannot write `{}`: {e}", source.path);
            failed = true;
        } else {
            let _ = writeln!(out, "formatted {}", source.path);
        }
    }
    let files = loaded.sources.len();
    let verb = if args.check {
        "would be reformatted"
    } else {
        "reformatted"
    };
    let _ = writeln!(out, "{changed} of {files} files {verb}.");
    if failed {
        ExitCode::from(2)
    } else if args.check && changed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
