//! Data quality: how many rows were read, how many count, and how many rows were excluded or
//! values treated as missing, per column and reason. Counted in the same batch as the goals
//! and reported both in the output and as warnings (D705, D706): nothing is dropped silently.

use crate::model::{QualityIssue, SourceReport};
use crate::problem::at_source;
use crate::source::Scanned;
use crate::table::{Flag, Table};
use goal_compiler::datasource::SourceDecl;
use goal_compiler::{Diagnostic, Rule};
use polars::prelude::*;

/// The quality counts of one source.
pub struct QualityQuery {
    decl: SourceDecl,
    flags: Vec<Flag>,
    files: Vec<LazyFrame>,
}

impl QualityQuery {
    /// The counts to take on `table`, built from `scanned`.
    pub fn new(decl: &SourceDecl, scanned: &Scanned, table: &Table) -> Self {
        QualityQuery {
            decl: decl.clone(),
            flags: table.flags.clone(),
            files: scanned.parts.clone(),
        }
    }

    /// The queries, for [`fill`]: first one row over `checked` (the rows in the evaluated
    /// periods, with their flags): `_records` (rows, or records of an event log), `_kept`, and
    /// one count per flag; then, unless the rows read are known (`read`, counted when every
    /// file's keys were read), one row per file, `_rows`, its rows (update rows, for event logs).
    pub fn plans(&self, checked: LazyFrame, read: Option<u64>) -> Vec<LazyFrame> {
        let excluded = crate::table::excluded(&self.flags);
        let mut aggs = vec![
            len().cast(DataType::Float64).alias("_records"),
            excluded.not().cast(DataType::Float64).sum().alias("_kept"),
        ];
        aggs.extend(self.flags.iter().map(|f| {
            col(f.column.as_str())
                .cast(DataType::Float64)
                .sum()
                .alias(f.column.as_str())
        }));
        let files = if read.is_some() {
            &[][..]
        } else {
            &self.files[..]
        };
        std::iter::once(checked.select(aggs))
            .chain(files.iter().map(|file| {
                file.clone()
                    .select([len().cast(DataType::Float64).alias("_rows")])
            }))
            .collect()
    }
}

fn number(frame: &DataFrame, name: &str) -> u64 {
    frame
        .column(name)
        .ok()
        .and_then(|c| c.cast(&DataType::Float64).ok())
        .and_then(|c| c.f64().ok().and_then(|v| v.get(0)))
        .map_or(0, |v| v as u64)
}

/// Fills `report` from the results of [`QualityQuery::plans`] (made with the same `read`) and
/// adds the warnings.
pub fn fill(
    query: &QualityQuery,
    frames: &[DataFrame],
    read: Option<u64>,
    report: &mut SourceReport,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some((frame, files)) = frames.split_first() else {
        return;
    };
    report.rows = read.unwrap_or_else(|| files.iter().map(|f| number(f, "_rows")).sum());
    report.checked = number(frame, "_records");
    report.records = number(frame, "_kept");
    for flag in &query.flags {
        let count = number(frame, &flag.column);
        if count == 0 {
            continue;
        }
        report.issues.push(QualityIssue {
            column: flag.about.clone(),
            reason: flag.reason.clone(),
            effect: if flag.excludes_row {
                "row excluded"
            } else {
                "value treated as missing"
            },
            count,
        });
        let (rule, message, help) = if flag.excludes_row {
            (
                Rule::ExcludedRows,
                format!(
                    "{count} {} of `{}` excluded: {} (column `{}`)",
                    plural(count, "row"),
                    query.decl.name,
                    flag.reason,
                    flag.about
                ),
                flag.help.as_deref().unwrap_or(
                    "fix the export or map the values in goal.toml; these rows count in no goal",
                ),
            )
        } else {
            (
                Rule::InvalidValues,
                format!(
                    "{count} {} of `{}` in `{}` treated as missing: {}",
                    plural(count, "value"),
                    flag.about,
                    query.decl.name,
                    flag.reason
                ),
                "fix the export or the mapping; the rest of each row still counts",
            )
        };
        diagnostics.push(at_source(rule, Some(&query.decl), message).help(help));
    }
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}
