//! Problems with data, as compiler diagnostics (the D7xx rules): the same codes, rendering and
//! JSON as every other problem.

use goal_compiler::datasource::SourceDecl;
use goal_compiler::{Diagnostic, Rule};
use std::path::PathBuf;

/// Why a source cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum DataError {
    /// The path does not exist or cannot be opened.
    Missing {
        /// The path.
        path: PathBuf,
        /// The system's reason.
        message: String,
    },
    /// A folder with no data files.
    EmptyFolder {
        /// The folder.
        path: PathBuf,
    },
    /// A folder mixing formats.
    MixedFolder {
        /// The folder.
        path: PathBuf,
        /// A file of the first format.
        first: PathBuf,
        /// A file of another.
        other: PathBuf,
    },
    /// The format cannot be told from the name.
    Format {
        /// The file.
        path: PathBuf,
    },
    /// A text file that is compressed (`kind`: gzip, zlib or zstd).
    Compressed {
        /// The file.
        path: PathBuf,
        /// The compression found.
        kind: &'static str,
    },
    /// The file is not valid in its format.
    Read {
        /// The file.
        path: PathBuf,
        /// polars' reason.
        message: String,
    },
}

impl DataError {
    /// The diagnostic (D701), placed on the source's declaration when it has one.
    pub fn diagnostic(&self, decl: Option<&SourceDecl>) -> Diagnostic {
        let (message, help) = match self {
            DataError::Missing { path, message } => (
                format!("cannot read `{}`: {message}", path.display()),
                "check the path; paths in goal.toml are relative to its folder".to_owned(),
            ),
            DataError::EmptyFolder { path } => (
                format!(
                    "`{}` holds no .csv, .parquet, .ndjson or .jsonl file",
                    path.display()
                ),
                "point the source at a data file or a folder of them".to_owned(),
            ),
            DataError::MixedFolder { path, first, other } => (
                format!(
                    "`{}` mixes formats: `{}` and `{}`",
                    path.display(),
                    first.display(),
                    other.display()
                ),
                "keep one format per folder".to_owned(),
            ),
            DataError::Format { path } => (
                format!("cannot tell the format of `{}`", path.display()),
                "name the file .csv, .parquet, .ndjson or .jsonl, or set `format = \"csv\"` in \
                 the source's declaration"
                    .to_owned(),
            ),
            DataError::Compressed { path, kind } => (
                format!(
                    "`{}` is compressed ({kind}); goal reads plain CSV and NDJSON files",
                    path.display()
                ),
                "decompress the file first, or put it in a .zip archive, which goal reads in place"
                    .to_owned(),
            ),
            DataError::Read { path, message } => (
                format!("cannot read `{}`: {message}", path.display()),
                "check that the file is valid CSV (with a header row), Parquet or NDJSON, and \
                 that `format`, `separator` and `null-values` match it"
                    .to_owned(),
            ),
        };
        at_source(Rule::UnreadableData, decl, message).help(help)
    }
}

/// A diagnostic for `rule`, labelled on the source's declaration in goal.toml when it has one.
pub fn at_source(rule: Rule, decl: Option<&SourceDecl>, message: String) -> Diagnostic {
    match decl {
        Some(d) if d.span.end > 0 => {
            Diagnostic::new(rule, d.file, d.span, message).label("this source")
        }
        _ => Diagnostic::without_location(rule, message),
    }
}
