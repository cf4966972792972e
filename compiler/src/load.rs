//! Reads files and folders from disk into [`Sources`], turning every way a path can be bad
//! (missing, unreadable, binary, not UTF-8, too large) into a diagnostic.

use crate::diagnostic::Diagnostic;
use crate::rules::Rule;
use crate::source::Sources;
use std::path::{Path, PathBuf};

/// Largest file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The extension of goal files found when walking folders.
pub const EXTENSION: &str = "goal";

/// What loading produced.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Files read as text.
    pub sources: Sources,
    /// Files that exist but cannot be checked (binary, not UTF-8, too large).
    pub diagnostics: Vec<Diagnostic>,
    /// Paths that do not exist or cannot be read at all (a usage error, not a file problem).
    pub unreadable: Vec<Diagnostic>,
}

/// Loads `paths`: files are read as given, folders are searched recursively for `*.goal`
/// files (sorted; hidden folders, `target` and folders holding their own goal.toml skipped).
pub fn load(paths: &[PathBuf]) -> Loaded {
    let mut loaded = Loaded::default();
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            match walk(path) {
                Ok(found) if found.is_empty() => loaded.unreadable.push(
                    Diagnostic::without_location(
                        Rule::UnreadablePath,
                        format!("`{}` contains no .{EXTENSION} files", path.display()),
                    )
                    .help("give the folder that holds your goal files, or the files themselves"),
                ),
                Ok(mut found) => {
                    found.sort();
                    files.extend(found);
                }
                Err(e) => loaded.unreadable.push(unreadable(path, &e)),
            }
        } else if path.exists() {
            files.push(path.clone());
        } else {
            loaded.unreadable.push(
                Diagnostic::without_location(
                    Rule::UnreadablePath,
                    format!("`{}` does not exist", path.display()),
                )
                .help("check the path; give goal files or folders that contain them"),
            );
        }
    }
    // The same file given twice (`a.goal ./a.goal`, or a folder and a file in it) is read once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|file| seen.insert(std::fs::canonicalize(file).unwrap_or_else(|_| file.clone())));
    for file in files {
        read_one(&file, &mut loaded);
    }
    loaded
}

fn unreadable(path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::without_location(
        Rule::UnreadablePath,
        format!("cannot read `{}`: {error}", path.display()),
    )
    .help("check that the path exists and that you may read it")
}

/// Goal files under `dir`. Symbolic links to folders are not followed, so a link loop cannot
/// make the walk run forever or read a file twice.
fn walk(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let kind = entry.file_type()?;
            if kind.is_dir() {
                // A folder with its own goal.toml is a separate project (its own settings and
                // data): check or evaluate it by naming it.
                let project = path.join(crate::config::FILE_NAME).is_file();
                if !name.starts_with('.') && name != "target" && !project {
                    pending.push(path);
                }
            } else if path.extension().is_some_and(|e| e == EXTENSION) && !path.is_dir() {
                found.push(path);
            }
        }
    }
    Ok(found)
}

fn read_one(path: &Path, loaded: &mut Loaded) {
    let display = path.display().to_string();
    let size = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(e) => {
            loaded.unreadable.push(unreadable(path, &e));
            return;
        }
    };
    if size > MAX_FILE_BYTES {
        loaded.diagnostics.push(file_problem(
            Rule::FileTooLarge,
            format!("`{display}` is {size} bytes; the limit is {MAX_FILE_BYTES} bytes"),
            "split the goals over several files",
        ));
        return;
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            loaded.unreadable.push(unreadable(path, &e));
            return;
        }
    };
    if bytes.contains(&0) {
        loaded.diagnostics.push(file_problem(
            Rule::NotText,
            format!("`{display}` contains NUL bytes: it looks like a binary file"),
            "give goal files only; goal files are UTF-8 text",
        ));
        return;
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            // Editors on Windows may start UTF-8 files with a byte order mark.
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            loaded.sources.add(display, text);
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            loaded.diagnostics.push(file_problem(
                Rule::NotText,
                format!("`{display}` is not valid UTF-8 (first bad byte at offset {offset})"),
                "save the file as UTF-8",
            ));
        }
    }
}

/// A problem with a whole file that has no usable text: it names the file, not a span.
fn file_problem(rule: Rule, message: String, help: &str) -> Diagnostic {
    Diagnostic::without_location(rule, message).help(help)
}
