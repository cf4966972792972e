//! `goal`: check SMART customer-service goals written in `.goal` files.
//!
//! A thin shell over the library crates: `goal-grammar` parses, `goal-compiler` checks,
//! `goal-runtime` evaluates.

mod check;
mod cli;
mod diff;
mod eval;
mod explain;
mod fmt;
mod output;
mod project;
mod sources;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.command {
        cli::Command::Check(args) => check::run(&args),
        cli::Command::Fmt(args) => fmt::run(&args),
        cli::Command::Diff(args) => diff::run(&args),
        cli::Command::Eval(args) => eval::run(&args),
        cli::Command::Lsp => goal_lsp::run_stdio(),
        cli::Command::Explain { code } => explain::run(&code),
    }
}
