//! The goal language server (`goal lsp`): the Language Server Protocol over stdio for `.goal`
//! files.
//!
//! It offers diagnostics as the author types (exactly those of `goal check` on the workspace
//! folder, with the unsaved text of open documents and `goal.toml` applied), hover, completion,
//! go to definition, find references, document symbols, formatting (exactly `goal fmt`) and
//! quick fixes. Positions are UTF-16, as the protocol requires.
//!
//! One thread runs the protocol loop (`server`) over rust-analyzer's `lsp-server` scaffold;
//! `worker` runs full checks on another. `project` holds the files and runs the compiler;
//! `incremental` updates the diagnostics after an edit from the last full check, checking only
//! the `segments` that changed. The features each have a module:
//! `diagnostics`, `hover`, `completion`, `navigation`, `outline`, `formatting`, `actions`.
//! `locate` finds what lies at an offset of a syntax tree, `words` describes the language's
//! words, `position` maps byte offsets to protocol positions and `uri` `file:` URIs to paths.

mod actions;
mod completion;
mod diagnostics;
mod formatting;
mod hover;
mod incremental;
mod locate;
mod navigation;
mod outline;
mod position;
mod project;
mod segments;
mod server;
mod uri;
mod words;
mod worker;

use std::process::ExitCode;

/// Runs the language server on `connection` until the client sends `exit`: `Ok` after
/// `shutdown` then `exit`, an error when the client breaks the protocol or leaves without
/// `shutdown`. [`run_stdio`] serves stdio; the fuzz target serves an in-memory connection.
pub fn serve(connection: &lsp_server::Connection) -> Result<(), String> {
    server::serve(connection)
}

/// Runs the language server on stdin and stdout until the client sends `exit`.
///
/// Returns success after `shutdown` then `exit`, and failure (with a line on stderr) when the
/// client leaves without `shutdown`, breaks the protocol, or the pipes fail.
pub fn run_stdio() -> ExitCode {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let outcome = serve(&connection);
    // The writer thread ends once every sender is gone.
    drop(connection);
    let joined = io_threads.join().map_err(|e| e.to_string());
    match outcome.and(joined) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("goal lsp: {e}");
            ExitCode::FAILURE
        }
    }
}
