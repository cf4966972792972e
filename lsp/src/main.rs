//! `goal-lsp`: the goal language server on stdin and stdout (the same as `goal lsp`).

fn main() -> std::process::ExitCode {
    goal_lsp::run_stdio()
}
