//! Opening a source: a CSV, Parquet or NDJSON file, a `.zip` holding one such file, or a folder
//! of files of one format, as a lazy scan. CSV columns are read as text (the cleaner parses
//! them, counting what does not parse); Parquet and NDJSON keep their types. Before evaluation,
//! CSV files are also read for their rows with more fields than the header ([`Scanned::ragged`]).

use crate::problem::DataError;
use crate::ragged::{self, Ragged};
use goal_compiler::datasource::{Format, SourceDecl};
use polars::io::utils::compression::SupportedCompression;
use polars::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A scanned source, before mapping.
pub struct Scanned {
    /// The lazy scan.
    pub frame: LazyFrame,
    /// Its columns and types.
    pub schema: SchemaRef,
    /// The files read.
    pub files: Vec<PathBuf>,
    /// One scan per file: rows are numbered per file for the repeated-key check, and counted
    /// per file for event logs (polars 0.55 cannot count the rows of a concatenation of scans).
    pub parts: Vec<LazyFrame>,
    /// The files' format.
    format: Format,
    /// One source per file, as scanned (a zip's member in memory), for [`Scanned::ragged`].
    sources: Vec<ScanSources>,
}

impl Scanned {
    /// Per file, in order, its rows with more fields than the header: for CSV files, whose
    /// bytes are read once more (memory-mapped, as polars maps them); empty for Parquet and
    /// NDJSON, whose rows cannot have more fields than their columns.
    pub fn ragged(&self, decl: &SourceDecl) -> Result<Vec<Ragged>, DataError> {
        if self.format != Format::Csv {
            return Ok(Vec::new());
        }
        self.sources
            .iter()
            .zip(&self.files)
            .map(|(source, file)| {
                let bytes = source.at(0).to_memslice().map_err(|e| DataError::Read {
                    path: file.clone(),
                    message: clean_message(&e),
                })?;
                Ok(ragged::scan(&bytes, decl.separator))
            })
            .collect()
    }
}

/// Opens `path` (a file or folder) as declared by `decl`.
pub fn scan(decl: &SourceDecl, path: &Path) -> Result<Scanned, DataError> {
    let files = files(path)?;
    let format = match decl.format {
        Some(f) => f,
        None => Format::from_path(&files[0]).ok_or_else(|| DataError::Format {
            path: files[0].clone(),
        })?,
    };
    let (mut frames, sources): (Vec<LazyFrame>, Vec<ScanSources>) = files
        .iter()
        .map(|file| scan_file(decl, file, format))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .unzip();
    let parts = frames.clone();
    let frame = if frames.len() == 1 {
        frames.remove(0)
    } else {
        concat(frames, UnionArgs::default()).map_err(|e| DataError::Read {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?
    };
    let mut frame = frame;
    let schema = frame.collect_schema().map_err(|e| DataError::Read {
        path: path.to_path_buf(),
        message: clean_message(&e),
    })?;
    Ok(Scanned {
        frame,
        schema,
        files,
        parts,
        format,
        sources,
    })
}

/// The files a path names: itself, or the data files of a folder (sorted, one format).
fn files(path: &Path) -> Result<Vec<PathBuf>, DataError> {
    let meta = std::fs::metadata(path).map_err(|e| DataError::Missing {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| DataError::Missing {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && Format::from_path(p).is_some())
        .collect();
    files.sort();
    let Some(first) = files.first() else {
        return Err(DataError::EmptyFolder {
            path: path.to_path_buf(),
        });
    };
    let format = Format::from_path(first);
    if let Some(other) = files.iter().find(|f| Format::from_path(f) != format) {
        return Err(DataError::MixedFolder {
            path: path.to_path_buf(),
            first: first.clone(),
            other: other.clone(),
        });
    }
    Ok(files)
}

/// The scan of one file, and the source it reads.
fn scan_file(
    decl: &SourceDecl,
    file: &Path,
    format: Format,
) -> Result<(LazyFrame, ScanSources), DataError> {
    let read_error = |e: PolarsError| DataError::Read {
        path: file.to_path_buf(),
        message: clean_message(&e),
    };
    let zipped = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    let sources = if zipped {
        ScanSources::Buffers(Arc::from([unzip(file)?]))
    } else {
        let text = file.to_string_lossy().into_owned();
        ScanSources::Paths(polars_buffer::Buffer::from_iter([PlRefPath::new(text)]))
    };
    if format != Format::Parquet {
        refuse_compressed(file, &sources)?;
    }
    let scan = match format {
        Format::Csv => {
            let nulls: Vec<PlSmallStr> = decl
                .null_values
                .iter()
                .map(|s| PlSmallStr::from(s.as_str()))
                .collect();
            LazyCsvReader::new_with_sources(sources.clone())
                .with_has_header(true)
                .with_separator(decl.separator)
                // Every column as text: the cleaner parses and counts what does not parse.
                .with_infer_schema_length(Some(0))
                .with_null_values((!nulls.is_empty()).then_some(NullValues::AllColumns(nulls)))
                .with_missing_is_null(true)
                // Rows with more fields than the header are found by `ragged.rs` and excluded;
                // polars would fail the file on one only when every column is read.
                .with_truncate_ragged_lines(true)
                .finish()
                .map_err(read_error)
        }
        Format::Parquet => {
            LazyFrame::scan_parquet_sources(sources.clone(), ScanArgsParquet::default())
                .map_err(read_error)
        }
        Format::Ndjson => LazyJsonLineReader::new_with_sources(sources.clone())
            .with_infer_schema_length(std::num::NonZeroUsize::new(10_000))
            .finish()
            .map_err(read_error),
    }?;
    Ok((scan, sources))
}

/// Fails for a text file (CSV, NDJSON) that is compressed: polars, built without its
/// decompression feature, would stop the program on it. The signatures are the ones polars
/// looks for.
fn refuse_compressed(file: &Path, sources: &ScanSources) -> Result<(), DataError> {
    let mut start = [0u8; 4];
    let read = match sources {
        ScanSources::Buffers(buffers) => buffers.first().map_or(0, |b| {
            let n = b.len().min(start.len());
            start[..n].copy_from_slice(&b[..n]);
            n
        }),
        _ => {
            let mut head = Vec::with_capacity(start.len());
            std::fs::File::open(file)
                .and_then(|f| f.take(start.len() as u64).read_to_end(&mut head))
                .map_err(|e| DataError::Missing {
                    path: file.to_path_buf(),
                    message: e.to_string(),
                })?;
            start[..head.len()].copy_from_slice(&head);
            head.len()
        }
    };
    let kind = match SupportedCompression::check(&start[..read]) {
        None => return Ok(()),
        Some(SupportedCompression::GZIP) => "gzip",
        Some(SupportedCompression::ZLIB) => "zlib",
        Some(SupportedCompression::ZSTD) => "zstd",
    };
    Err(DataError::Compressed {
        path: file.to_path_buf(),
        kind,
    })
}

/// The single data file inside a zip archive, in memory (zip members cannot be scanned in
/// place).
fn unzip(file: &Path) -> Result<polars_buffer::Buffer<u8>, DataError> {
    let fail = |message: String| DataError::Read {
        path: file.to_path_buf(),
        message,
    };
    let handle = std::fs::File::open(file).map_err(|e| DataError::Missing {
        path: file.to_path_buf(),
        message: e.to_string(),
    })?;
    let mut archive = ::zip::ZipArchive::new(handle).map_err(|e| fail(e.to_string()))?;
    let names: Vec<String> = archive
        .file_names()
        .filter(|n| !n.ends_with('/') && !n.starts_with("__MACOSX"))
        .map(str::to_owned)
        .collect();
    let [name] = names.as_slice() else {
        return Err(fail(format!(
            "a zip source must hold exactly one data file; this one holds {}",
            names.len()
        )));
    };
    let mut member = archive.by_name(name).map_err(|e| fail(e.to_string()))?;
    let mut bytes = Vec::with_capacity(usize::try_from(member.size()).unwrap_or(0));
    member
        .read_to_end(&mut bytes)
        .map_err(|e| fail(e.to_string()))?;
    Ok(polars_buffer::Buffer::from_vec(bytes))
}

/// polars error texts carry a kind prefix and sometimes a long hint; keep the first line.
pub fn clean_message(e: &PolarsError) -> String {
    let text = e.to_string();
    text.lines().next().unwrap_or("").trim().to_owned()
}
