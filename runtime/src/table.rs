//! From a scanned source to the canonical table: map column names and values, collapse event
//! logs to one row per record, parse every value into its canonical type, and flag what cannot
//! count (rows excluded, values treated as missing), so quality can be counted in the same plan.

use crate::distinct::Repeats;
use crate::problem::at_source;
use crate::ragged::Ragged;
use crate::source::{Scanned, clean_message};
use goal_compiler::catalogue::{CHANNELS, PRIORITIES, Population, STATUSES};
use goal_compiler::datasource::{ColumnSource, SourceDecl};
use goal_compiler::schema::{self, Column, ColumnType};
use goal_compiler::{Diagnostic, Rule};
use goal_grammar::suggest::{did_you_mean, did_you_mean_or};
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// A check on the data: a flag column counted in the quality report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Flag {
    /// The flag column's name in the cleaned frame (`_x_<n>`).
    pub column: String,
    /// The canonical column concerned.
    pub about: String,
    /// Why, in words.
    pub reason: String,
    /// True when the whole row is excluded; false when only the value is treated as missing.
    pub excludes_row: bool,
    /// How to fix it, when the warning's usual help does not say (which lines of which file).
    pub help: Option<String>,
}

/// The canonical table of one source.
pub struct Table {
    /// The checks made.
    pub flags: Vec<Flag>,
    /// Canonical columns the source provides.
    pub available: BTreeSet<&'static str>,
    /// Canonical columns of `frame` (those parsed for the goals, and `self_service`).
    pub columns: BTreeSet<&'static str>,
    /// Canonical columns it lacks, with the reason.
    pub missing: BTreeMap<&'static str, MissingColumn>,
    pipeline: Pipeline,
}

/// Why a canonical column is missing.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingColumn {
    /// The source column the mapping names, if any.
    pub mapped_to: Option<String>,
    /// A similar column in the file.
    pub help: String,
}

/// Problems that make a source unusable (wrong types, broken event-log settings).
pub type Problems = Vec<Diagnostic>;

/// Builds the canonical table of `scanned`, declared by `decl`, parsing and checking only the
/// `wanted` canonical columns (the key and `created_at` always): columns no goal reads are
/// neither read nor judged. `ragged` gives, per file, the rows with more fields than the header
/// ([`Scanned::ragged`]; empty when the rows were not read): they are excluded.
pub fn build(
    decl: &SourceDecl,
    scanned: &Scanned,
    wanted: &BTreeSet<&'static str>,
    ragged: &[Ragged],
) -> Result<Table, Problems> {
    let population = decl.population;
    let names: Vec<String> = scanned.schema.iter_names().map(|n| n.to_string()).collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    let mut problems = Vec::new();
    let mut available = BTreeSet::new();
    let mut missing = BTreeMap::new();
    // Canonical column → the source column (or event-log alias) holding its raw values.
    let mut raw: BTreeMap<&'static str, RawSource> = BTreeMap::new();
    let events = decl.events.as_ref();
    for column in schema::columns(population) {
        let name = column.name;
        if let Some(log) = events {
            if log.first_reached.iter().any(|r| r.canonical == name) {
                raw.insert(name, RawSource::Plain(reached_alias(name)));
                available.insert(name);
                continue;
            }
            if log.first_value.iter().any(|(c, _)| c == name) {
                raw.insert(name, RawSource::Plain(first_alias(name)));
                available.insert(name);
                continue;
            }
        }
        match decl.columns.get(name) {
            Some(ColumnSource::Column(source)) if has(source) => {
                raw.insert(name, RawSource::Plain(source.clone()));
                available.insert(name);
            }
            Some(ColumnSource::After {
                column: source,
                after,
                seconds_per_unit,
            }) if has(source) => {
                raw.insert(
                    name,
                    RawSource::After {
                        column: source.clone(),
                        after: after.clone(),
                        seconds: *seconds_per_unit,
                    },
                );
                available.insert(name);
            }
            Some(ColumnSource::Column(source) | ColumnSource::After { column: source, .. }) => {
                missing.insert(
                    name,
                    MissingColumn {
                        mapped_to: Some(source.clone()),
                        help: did_you_mean_or(source, names.iter().map(String::as_str), || {
                            format!("the file's columns are: {}", preview(&names))
                        }),
                    },
                );
            }
            None if has(name) => {
                raw.insert(name, RawSource::Plain(name.to_owned()));
                available.insert(name);
            }
            None => {
                missing.insert(
                    name,
                    MissingColumn {
                        mapped_to: None,
                        help: match did_you_mean(name, names.iter().map(String::as_str)) {
                            Some(close) => format!(
                                "the file has `{close}`; if it holds {name}, map it in goal.toml: [sources.{}.columns] {name} = \"{close}\"",
                                decl.name
                            ),
                            None => format!(
                                "map it in goal.toml: [sources.{}.columns] {name} = \"<column in the file>\"",
                                decl.name
                            ),
                        },
                    },
                );
            }
        }
    }
    let key = schema::key_column(population);
    if !available.contains(key) {
        let help = missing.get(key).map(|m| m.help.clone()).unwrap_or_default();
        problems.push(
            at_source(
                Rule::MissingColumn,
                Some(decl),
                format!(
                    "source `{}` has no key column `{key}`; records cannot be told apart",
                    decl.name
                ),
            )
            .help(help),
        );
        return Err(problems);
    }
    let mut collapsed = None;
    if let Some(log) = events {
        for needed in std::iter::once(&log.order_by)
            .chain(log.first_reached.iter().flat_map(|r| [&r.when, &r.at]))
            .chain(log.first_value.iter().map(|(_, s)| s))
        {
            if !has(needed) {
                problems.push(
                    at_source(
                        Rule::MissingColumn,
                        Some(decl),
                        format!(
                            "the event-log settings of `{}` name column `{needed}`, which the data lacks",
                            decl.name
                        ),
                    )
                    .help(did_you_mean_or(needed, names.iter().map(String::as_str), || {
                        format!("the file's columns are: {}", preview(&names))
                    })),
                );
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        // Rows with more fields than the header are marked before collapsing: their record is
        // excluded.
        let frame = if has_long_rows(ragged) {
            let files = scanned.parts.iter().zip(ragged).map(|(scan, file)| {
                scan.clone()
                    .with_row_index(ROW, None)
                    .with_column(rows_in(&file.long).alias(LONG))
            });
            union(files.collect()).map_err(|message| {
                vec![
                    at_source(
                        Rule::UnreadableData,
                        Some(decl),
                        format!("cannot read `{}`: {message}", decl.name),
                    )
                    .help("check that the files of the folder have the same columns"),
                ]
            })?
        } else {
            scanned.frame.clone()
        };
        collapsed = Some(collapse(
            frame,
            decl,
            &raw,
            key,
            &scanned.schema,
            has_long_rows(ragged),
        ));
    }
    let mut cleaner = Cleaner {
        decl,
        parsed: parsed_columns(population, &raw, wanted, key),
        schema: &scanned.schema,
        flags: Vec::new(),
        stages: Stages::default(),
        problems: Vec::new(),
    };
    let parsed = cleaner.parsed.clone();
    for column in schema::columns(population) {
        if let (true, Some(source)) = (parsed.contains(column.name), raw.get(column.name)) {
            cleaner.column(column, source);
        }
    }
    if !cleaner.problems.is_empty() {
        return Err(cleaner.problems);
    }
    let mut flags = cleaner.flags;
    // Row-level checks on the key: a missing key, and (not for event logs, whose keys are
    // unique once collapsed) a key repeated from an earlier row.
    let mut key_check = |reason: String, help: Option<String>| {
        let flag = Flag {
            column: format!("_x_{}", flags.len()),
            about: key.to_owned(),
            reason,
            excludes_row: true,
            help,
        };
        flags.push(flag.clone());
        flag
    };
    let missing_key = key_check(format!("no {key}"), None);
    // A row with more fields than the header: its values are shifted. It is excluded, and
    // checked whatever its dates.
    let long_rows = has_long_rows(ragged).then(|| LongRows {
        flag: key_check(
            "more fields than the header".to_owned(),
            Some(long_rows_help(&scanned.files, ragged, decl.separator)),
        ),
        condition: if collapsed.is_some() {
            col(LONG)
        } else {
            files_rows_in(ragged)
        },
        files: scanned
            .files
            .iter()
            .zip(ragged)
            .map(|(file, r)| (file.clone(), r.rows))
            .collect(),
    });
    let input = match collapsed {
        Some(frame) => Input::Collapsed(Box::new(frame)),
        None => {
            let repeated_key = key_check(format!("duplicate {key} (the first row is kept)"), None);
            // A text key without a value map is only trimmed and emptied by its stages, which
            // the check does itself.
            let key_text = match raw.get(key) {
                Some(RawSource::Plain(column))
                    if scanned.schema.get(column) == Some(&DataType::String)
                        && !decl.values.contains_key(key)
                        && keeps_case(key) =>
                {
                    Some(column.clone())
                }
                _ => None,
            };
            Input::Files {
                scans: scanned.parts.clone(),
                repeated_key,
                key_text,
            }
        }
    };
    let mut columns = parsed.clone();
    if population == Population::Tickets && !parsed.contains("self_service") {
        // Without the column no row is a self-service session.
        columns.insert("self_service");
    }
    Ok(Table {
        flags,
        available,
        columns,
        missing,
        pipeline: Pipeline {
            input,
            population,
            key,
            parsed,
            stages: cleaner.stages,
            missing_key,
            long_rows,
        },
    })
}

/// The rows a run checks and measures: those whose value in one of these timestamp columns
/// lies in one of its spans (microseconds since the epoch, UTC, `[start, end)`), those whose
/// value there does not parse, and those without a creation time. `None`: every row.
pub type Periods = Option<BTreeMap<&'static str, Vec<(i64, i64)>>>;

/// The cleaning of a table, as expressions per stage, assembled into lazy frames by
/// [`Table::rows`] once the rows to check are known.
struct Pipeline {
    input: Input,
    population: Population,
    key: &'static str,
    /// The canonical columns parsed.
    parsed: BTreeSet<&'static str>,
    stages: Stages,
    missing_key: Flag,
    /// The check of rows with more fields than the header, when the files have some.
    long_rows: Option<LongRows>,
}

/// Rows with more fields than the header ([`crate::ragged`]): their check, and how to find them.
struct LongRows {
    flag: Flag,
    /// True for such a row: of its file's scan, by file and row number ([`FILE`], [`ROW`]); of
    /// a collapsed event log, by the column [`LONG`] (a record with such an update row).
    condition: Expr,
    /// Each file, and the rows found in it by the check: polars must read as many.
    files: Vec<(std::path::PathBuf, u64)>,
}

/// What a table's rows are read from.
enum Input {
    /// One scan per file, in order: rows are named by file and row number, for the check of
    /// repeated keys among all rows (`repeated_key`).
    Files {
        scans: Vec<LazyFrame>,
        repeated_key: Flag,
        /// The files' key column, where it is text that the check can read as it is
        /// ([`crate::distinct`] trims keys and takes empty ones as missing, as the cleaning
        /// stages would).
        key_text: Option<String>,
    },
    /// An event log collapsed to one row per record (its keys are unique).
    Collapsed(Box<LazyFrame>),
}

/// The cleaning expressions of every parsed column, by stage: built by [`Cleaner`], assembled
/// by [`Table::rows`].
#[derive(Default)]
struct Stages {
    /// Parsed timestamp columns that [`Periods`] can name (not counted from another column).
    timestamps: BTreeSet<&'static str>,
    /// Of those, the ones read from a typed, zoned timestamp column of the file, unmapped
    /// (their parse cannot fail): canonical name → the file's column, for the scan filter.
    zoned: BTreeMap<&'static str, String>,
    /// Stage 1: the source values, text trimmed (`_s_<name>`).
    stripped: Vec<(&'static str, Expr)>,
    /// Stage 2: values mapped and put in a normal form for parsing (`_t_<name>`).
    texts: Vec<(&'static str, Expr)>,
    /// Stage 3: parsed values (`_p_<name>`).
    parses: Vec<(&'static str, Expr)>,
    /// Stage 4: valid values under their canonical names, and their checks.
    exprs: Vec<Expr>,
    /// Timestamps counted from other canonical timestamps.
    derived: Vec<Expr>,
    /// Checks between canonical columns (a reply before creation).
    ordered: Vec<Expr>,
}

/// A table's rows for one run.
pub struct Rows {
    /// Parsed, typed canonical columns of the rows in the periods that count.
    pub frame: LazyFrame,
    /// The rows in the periods before removing excluded rows, with every flag column: for the
    /// quality counts.
    pub checked: LazyFrame,
    /// The rows read from the files, when every file's keys were read (not for event logs).
    pub read: Option<u64>,
}

/// The columns naming a row for the repeated-key check: its file's index and its row there.
const FILE: &str = "_file";
const ROW: &str = "_row";
/// The column of an event log marking update rows, then records, with more fields than the
/// header.
const LONG: &str = "_long";

impl Table {
    /// The rows of `periods`, cleaned and checked, read into memory once for every query of
    /// the run. Each stage reads the columns the one before wrote, so every value is trimmed,
    /// mapped and parsed once however many checks read it.
    ///
    /// Where the period columns are typed zoned timestamps, the period filter is part of the
    /// scan, so files skip what lies outside the periods; otherwise the key and the period
    /// timestamps are cleaned first and rows outside the periods dropped before any other
    /// column is cleaned. In the same batch, the key column of every row is read, so that
    /// repeated keys are found among all rows ([`Repeats`]) and whether a row counts never
    /// depends on which goals run together.
    pub fn rows(&self, periods: &Periods) -> Result<Rows, String> {
        let p = &self.pipeline;
        let periods = periods
            .as_ref()
            .filter(|spans| spans.keys().all(|c| p.stages.timestamps.contains(c)));
        let mut early: BTreeSet<&str> = BTreeSet::from([p.key]);
        if let Some(spans) = periods {
            early.extend(spans.keys().copied());
            early.extend(p.stages.timestamps.get("created_at").copied());
        }
        // The period test on the file's own columns, inside the scan, where it can be made.
        let mut in_scan = None;
        let mut frame = match &p.input {
            Input::Files { scans, .. } => {
                let files = scans.iter().enumerate().map(|(i, scan)| {
                    scan.clone()
                        .with_row_index(ROW, None)
                        .with_column(lit(i as u32).cast(DataType::UInt32).alias(FILE))
                });
                in_scan = periods.and_then(|spans| self.scan_filter(spans));
                let frame = union(files.collect())?;
                match &in_scan {
                    Some(keep) => frame.filter(self.or_long_rows(keep.clone())),
                    None => frame,
                }
            }
            Input::Collapsed(frame) => frame.as_ref().clone(),
        };
        frame = self.stages(frame, |c| early.contains(c));
        if let (Some(spans), None) = (periods, &in_scan) {
            frame = frame.filter(self.or_long_rows(in_periods(
                spans,
                p.stages.timestamps.contains("created_at"),
            )));
        }
        let frame = self.stages(frame, |c| !early.contains(c));
        let mut exprs = p.stages.exprs.clone();
        if let Input::Files { .. } = p.input {
            exprs.extend([col(FILE), col(ROW)]);
        }
        if let Some(long) = &p.long_rows {
            exprs.push(long.condition.clone().alias(long.flag.column.as_str()));
        }
        let mut checked = frame.select(exprs);
        if !p.stages.derived.is_empty() {
            checked = checked.with_columns(p.stages.derived.clone());
        }
        if !p.stages.ordered.is_empty() {
            checked = checked.with_columns(p.stages.ordered.clone());
        }
        checked = checked.with_column(col(p.key).is_null().alias(p.missing_key.column.as_str()));
        let mut plans = vec![checked];
        if let Input::Files {
            scans, key_text, ..
        } = &p.input
        {
            plans.extend(self.key_plans(scans, key_text.as_deref()));
        }
        let mut frames = crate::plan::collect(plans)?;
        let mut checked = frames.remove(0);
        let mut read = None;
        if let Input::Files { repeated_key, .. } = &p.input {
            self.check_row_numbers(&frames)?;
            mark_repeats(&mut checked, &frames, repeated_key).map_err(|e| clean_message(&e))?;
            read = Some(frames.iter().map(|f| f.height() as u64).sum());
        }
        // Every query of the run and the quality counts read these rows in memory: the source
        // is scanned and parsed once per run however many goals read it.
        let mut checked = checked.lazy();
        if let Some(long) = &p.long_rows {
            // A row with more fields than the header is counted under that reason only: its
            // other values are shifted, so their checks say nothing.
            let long_row = col(long.flag.column.as_str());
            let others: Vec<Expr> = self
                .flags
                .iter()
                .filter(|f| f.column != long.flag.column)
                .map(|f| {
                    col(f.column.as_str())
                        .and(long_row.clone().not())
                        .alias(f.column.as_str())
                })
                .collect();
            checked = checked.with_columns(others);
        }
        let keep = excluded(&self.flags).not();
        let canonical: Vec<Expr> = p.parsed.iter().map(|c| col(*c)).collect();
        let mut frame = checked.clone().filter(keep).select(canonical);
        if p.population == Population::Tickets && !p.parsed.contains("self_service") {
            frame = frame.with_column(lit(NULL).cast(DataType::Boolean).alias("self_service"));
        }
        Ok(Rows {
            frame,
            checked,
            read,
        })
    }

    /// `keep`, or a row with more fields than the header (checked whatever its dates).
    fn or_long_rows(&self, keep: Expr) -> Expr {
        match &self.pipeline.long_rows {
            Some(long) => keep.or(long.condition.clone()),
            None => keep,
        }
    }

    /// Fails when polars read another number of rows than [`crate::ragged`] counted in a file
    /// with rows too long (`keys`: every file's keys, as [`Table::key_plans`] reads them): the
    /// rows excluded by number would not be the ones found. Both split rows at line breaks
    /// outside quotes, and polars fails a file whose rows do not match that count, so this
    /// guards against the two readings drifting apart rather than against any known file.
    fn check_row_numbers(&self, keys: &[DataFrame]) -> Result<(), String> {
        let Some(long) = &self.pipeline.long_rows else {
            return Ok(());
        };
        for ((file, counted), read) in long.files.iter().zip(keys) {
            if read.height() as u64 != *counted {
                return Err(format!(
                    "`{}`: polars read {} rows where the check of fields per row found \
                     {counted}, so the rows with more fields than the header cannot be told \
                     apart; check the file's quotes",
                    file.display(),
                    read.height()
                ));
            }
        }
        Ok(())
    }

    /// One plan per file of `scans`: its keys in row order, as the file holds them where
    /// they are text (`key_text`), else cleaned.
    fn key_plans(&self, scans: &[LazyFrame], key_text: Option<&str>) -> Vec<LazyFrame> {
        let p = &self.pipeline;
        let key = parsed_name(p.key);
        scans
            .iter()
            .map(|scan| match key_text {
                Some(column) => scan.clone().select([col(column)]),
                None => self
                    .stages(scan.clone(), |c| c == p.key)
                    .select([col(key.as_str()).cast(DataType::String)]),
            })
            .collect()
    }

    /// Stages 1 to 3 (trimmed, mapped, parsed) of the parsed columns `which` selects.
    fn stages(&self, mut frame: LazyFrame, which: impl Fn(&str) -> bool) -> LazyFrame {
        let stages = &self.pipeline.stages;
        for stage in [&stages.stripped, &stages.texts, &stages.parses] {
            let exprs: Vec<Expr> = stage
                .iter()
                .filter(|(c, _)| which(c))
                .map(|(_, e)| e.clone())
                .collect();
            if !exprs.is_empty() {
                frame = frame.with_columns(exprs);
            }
        }
        frame
    }

    /// The condition of `spans` on the file's own columns, for the scan, when every column it
    /// needs is a typed zoned timestamp (whose parse cannot fail): in a span, or, for the
    /// creation time, missing. It keeps exactly the rows [`in_periods`] keeps.
    fn scan_filter(&self, spans: &BTreeMap<&'static str, Vec<(i64, i64)>>) -> Option<Expr> {
        let stages = &self.pipeline.stages;
        let mut keep = if stages.timestamps.contains("created_at") {
            col(stages.zoned.get("created_at")?.as_str()).is_null()
        } else {
            lit(false)
        };
        for (column, spans) in spans {
            let micros = col(stages.zoned.get(column)?.as_str())
                .dt()
                .timestamp(TimeUnit::Microseconds);
            for (start, end) in spans {
                keep = keep.or(micros
                    .clone()
                    .gt_eq(lit(*start))
                    .and(micros.clone().lt(lit(*end))));
            }
        }
        // A comparison with a missing value is missing, and `filter` drops it.
        Some(keep)
    }
}

/// Sets `flag`'s column of `checked` from the keys of every file (`files`, as
/// [`Table::key_plans`] reads them), and drops the columns naming the rows.
fn mark_repeats(checked: &mut DataFrame, files: &[DataFrame], flag: &Flag) -> PolarsResult<()> {
    let keys = files
        .iter()
        .map(|f| {
            f.columns().first().map_or_else(
                || polars_bail!(ComputeError: "no key column read"),
                |c| c.str(),
            )
        })
        .collect::<PolarsResult<Vec<_>>>()?;
    let repeats = Repeats::find(&keys)?;
    let flags = repeats.flags(checked.column(FILE)?.u32()?, checked.column(ROW)?.idx()?);
    checked.with_column(flags.with_name(flag.column.as_str().into()).into_column())?;
    checked.drop_in_place(FILE)?;
    checked.drop_in_place(ROW)?;
    Ok(())
}

/// The files' scans as one frame.
fn union(mut frames: Vec<LazyFrame>) -> Result<LazyFrame, String> {
    if frames.len() == 1 {
        return Ok(frames.remove(0));
    }
    concat(frames, UnionArgs::default()).map_err(|e| e.to_string())
}

/// Whether some file has rows with more fields than the header.
fn has_long_rows(ragged: &[Ragged]) -> bool {
    ragged.iter().any(|r| !r.long.is_empty())
}

/// True for the rows of one file's scan (by [`ROW`]) that `long` names.
fn rows_in(long: &[(u64, u64)]) -> Expr {
    if long.is_empty() {
        return lit(false);
    }
    let rows: Vec<IdxSize> = long
        .iter()
        .map(|(row, _)| IdxSize::try_from(*row).unwrap_or(IdxSize::MAX))
        .collect();
    let rows = IdxCa::from_vec(PlSmallStr::from_static("rows"), rows).into_series();
    col(ROW).is_in(lit(rows).implode(true), false)
}

/// True for the rows of the files' scans (by [`FILE`] and [`ROW`]) with more fields than the
/// header.
fn files_rows_in(ragged: &[Ragged]) -> Expr {
    ragged
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.long.is_empty())
        .map(|(i, r)| {
            let rows = rows_in(&r.long);
            if ragged.len() == 1 {
                rows
            } else {
                col(FILE).eq(lit(i as u32)).and(rows)
            }
        })
        .reduce(Expr::or)
        .unwrap_or_else(|| lit(false))
}

/// The help of the warning on rows with more fields than the header: where the first few are.
fn long_rows_help(files: &[std::path::PathBuf], ragged: &[Ragged], separator: u8) -> String {
    const SHOWN: usize = 5;
    let total: usize = ragged.iter().map(|r| r.long.len()).sum();
    let mut places = Vec::new();
    let mut shown = 0;
    for (file, r) in files.iter().zip(ragged) {
        if r.long.is_empty() || shown == SHOWN {
            continue;
        }
        let lines: Vec<String> = r
            .long
            .iter()
            .take(SHOWN - shown)
            .map(|(_, line)| line.to_string())
            .collect();
        shown += lines.len();
        let name = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let word = if lines.len() == 1 { "line" } else { "lines" };
        places.push(format!("`{name}` {word} {}", lines.join(", ")));
    }
    let more = if total > shown {
        format!(" and {} more", total - shown)
    } else {
        String::new()
    };
    let separator = match separator {
        b'\t' => "a tab".to_owned(),
        other => format!("`{}`", char::from(other)),
    };
    format!(
        "see {}{more}: quote every field that holds the separator ({separator}), or name every \
         column in the header; these rows count in no goal",
        places.join(", ")
    )
}

/// True for a row some check in `flags` excludes.
pub fn excluded(flags: &[Flag]) -> Expr {
    flags
        .iter()
        .filter(|f| f.excludes_row)
        .map(|f| col(f.column.as_str()))
        .reduce(Expr::or)
        .unwrap_or_else(|| lit(false))
}

/// The condition of [`Periods`] on the parsed timestamps (before their checks): in a span, or
/// present but not parsed (reported), or, for the creation time, missing (reported too).
fn in_periods(spans: &BTreeMap<&'static str, Vec<(i64, i64)>>, created_at: bool) -> Expr {
    let mut keep = if created_at {
        col(parsed_name("created_at")).is_null()
    } else {
        lit(false)
    };
    for (column, spans) in spans {
        let parsed = col(parsed_name(column));
        let micros = parsed.clone().dt().timestamp(TimeUnit::Microseconds);
        let unparsed = col(format!("_t_{column}").as_str())
            .is_not_null()
            .and(parsed.is_null());
        keep = keep.or(unparsed);
        for (start, end) in spans {
            keep = keep.or(micros
                .clone()
                .gt_eq(lit(*start))
                .and(micros.clone().lt(lit(*end))));
        }
    }
    keep.fill_null(lit(false))
}

fn parsed_name(column: &str) -> String {
    format!("_p_{column}")
}

fn preview(names: &[String]) -> String {
    let mut shown: Vec<String> = names.iter().take(12).map(|n| format!("`{n}`")).collect();
    if names.len() > 12 {
        shown.push(format!("and {} more", names.len() - 12));
    }
    shown.join(", ")
}

/// Where a canonical column's raw values are.
enum RawSource {
    /// A column (of the file, or of the collapsed event log).
    Plain(String),
    /// A duration column counted from another canonical timestamp.
    After {
        column: String,
        after: String,
        seconds: f64,
    },
}

/// The canonical columns parsed: wanted, key, record time, and what wanted ones derive from.
fn parsed_columns(
    population: Population,
    raw: &BTreeMap<&'static str, RawSource>,
    wanted: &BTreeSet<&'static str>,
    key: &str,
) -> BTreeSet<&'static str> {
    let bases = after_base(raw, wanted);
    schema::columns(population)
        .iter()
        .map(|c| c.name)
        .filter(|n| {
            raw.contains_key(n)
                && (wanted.contains(n)
                    || *n == key
                    || ["created_at", "held_at", "hired_on"].contains(n)
                    || bases.contains(n))
        })
        .collect()
}

/// Canonical timestamps that wanted columns are counted from (`first_response_at` from
/// `created_at` in the Zendesk preset).
fn after_base(
    raw: &BTreeMap<&'static str, RawSource>,
    wanted: &BTreeSet<&'static str>,
) -> Vec<&'static str> {
    raw.iter()
        .filter(|(name, _)| wanted.contains(*name))
        .filter_map(|(_, source)| match source {
            RawSource::After { after, .. } => schema::columns(Population::Tickets)
                .iter()
                .map(|c| c.name)
                .find(|n| n == after),
            RawSource::Plain(_) => None,
        })
        .collect()
}

fn reached_alias(canonical: &str) -> String {
    format!("_reached_{canonical}")
}

fn first_alias(canonical: &str) -> String {
    format!("_first_{canonical}")
}

/// One row per record: rows sorted by key and the ordering column, then each column's latest
/// non-missing value, the first value where asked, and the first time a state was reached; with
/// `long_rows`, whether any of its rows has more fields than the header (column [`LONG`]).
fn collapse(
    frame: LazyFrame,
    decl: &SourceDecl,
    raw: &BTreeMap<&'static str, RawSource>,
    key: &str,
    schema: &Schema,
    long_rows: bool,
) -> LazyFrame {
    let Some(log) = &decl.events else {
        return frame;
    };
    let key_source = match raw.get(key) {
        Some(RawSource::Plain(s)) => s.clone(),
        _ => key.to_owned(),
    };
    // The ordering column is often a number or a time written as text: order by its numeric
    // value, then its parsed time, then the text itself.
    let order = col(log.order_by.as_str());
    let is_text = schema.get(log.order_by.as_str()) == Some(&DataType::String);
    // Text is trimmed first, as every text column is.
    let trimmed = order
        .clone()
        .map(crate::clean_text::trim, crate::clean_text::same_field);
    let numeric = if is_text {
        trimmed.clone().cast(DataType::Float64)
    } else {
        order.clone().strict_cast(DataType::Float64)
    };
    let mut sort_keys = vec![col(key_source.as_str()), numeric];
    if is_text {
        // Parsed as timestamp columns are (the declared format, else ISO 8601 in its forms):
        // text that is no time, such as a number, is simply missing here.
        let text = timestamp_text(decl, trimmed, &DataType::String);
        sort_keys.push(parse_timestamp(decl, text));
        sort_keys.push(order);
    }
    let sorted = frame.sort_by_exprs(
        sort_keys,
        SortMultipleOptions::default().with_nulls_last(true),
    );
    let mut aggs: Vec<Expr> = Vec::new();
    let mut seen = BTreeSet::new();
    for source in raw.values() {
        let name = match source {
            RawSource::Plain(s) | RawSource::After { column: s, .. } => s,
        };
        if name.starts_with("_reached_") || name.starts_with("_first_") || *name == key_source {
            continue;
        }
        if seen.insert(name.clone()) {
            aggs.push(col(name.as_str()).drop_nulls().last().alias(name.as_str()));
        }
    }
    for reached in &log.first_reached {
        let values: Vec<Expr> = reached
            .is
            .iter()
            .map(|v| col(reached.when.as_str()).eq(lit(v.clone())))
            .collect();
        let condition = values
            .into_iter()
            .reduce(Expr::or)
            .unwrap_or_else(|| lit(false));
        // Text, whatever the source type: the cleaner parses it like any text column.
        aggs.push(
            col(reached.at.as_str())
                .filter(condition)
                .first()
                .cast(DataType::String)
                .alias(reached_alias(&reached.canonical).as_str()),
        );
    }
    for (canonical, source) in &log.first_value {
        aggs.push(
            col(source.as_str())
                .drop_nulls()
                .first()
                .cast(DataType::String)
                .alias(first_alias(canonical).as_str()),
        );
    }
    if long_rows {
        aggs.push(col(LONG).any(true).alias(LONG));
    }
    sorted.group_by_stable([col(key_source.as_str())]).agg(aggs)
}

struct Cleaner<'a> {
    decl: &'a SourceDecl,
    /// The canonical columns being parsed (order checks need both ends).
    parsed: BTreeSet<&'static str>,
    schema: &'a Schema,
    flags: Vec<Flag>,
    stages: Stages,
    problems: Vec<Diagnostic>,
}

const TRUE_WORDS: &[&str] = &["true", "t", "yes", "y", "1"];
const FALSE_WORDS: &[&str] = &["false", "f", "no", "n", "0"];

impl Cleaner<'_> {
    fn flag(&mut self, about: &str, reason: String, condition: Expr, excludes_row: bool) {
        let name = format!("_x_{}", self.flags.len());
        let expr = condition.fill_null(lit(false)).alias(name.as_str());
        if reason.starts_with("before ") {
            self.stages.ordered.push(expr);
        } else {
            self.stages.exprs.push(expr);
        }
        self.flags.push(Flag {
            column: name,
            about: about.to_owned(),
            reason,
            excludes_row,
            help: None,
        });
    }

    /// Adds the parsed column and its checks.
    fn column(&mut self, column: &Column, source: &RawSource) {
        let name = column.name;
        let (source_name, after) = match source {
            RawSource::Plain(s) => (s.as_str(), None),
            RawSource::After {
                column,
                after,
                seconds,
            } => (column.as_str(), Some((after.as_str(), *seconds))),
        };
        let dtype = self
            .schema
            .get(source_name)
            .cloned()
            .unwrap_or(DataType::String);
        let stripped = format!("_s_{name}");
        let text = format!("_t_{name}");
        let parsed_name = parsed_name(name);
        // Text without a value map is trimmed and emptied in one pass; with one, the map may
        // name the empty text, so that waits until after mapping.
        let mapped_values = self.decl.values.contains_key(name);
        let trimmed = match (dtype == DataType::String, mapped_values) {
            (true, false) => col(source_name).map(
                crate::clean_text::trim_to_missing,
                crate::clean_text::same_field,
            ),
            (true, true) => {
                col(source_name).map(crate::clean_text::trim, crate::clean_text::same_field)
            }
            (false, _) => col(source_name),
        };
        self.stages
            .stripped
            .push((name, trimmed.alias(stripped.as_str())));
        let raw = self.mapped(name, col(stripped.as_str()), &dtype);
        // A value map makes text of any column; parse it as text.
        let dtype = if self.decl.values.contains_key(name) {
            DataType::String
        } else {
            dtype
        };
        let is_text = matches!(dtype, DataType::String | DataType::Null);
        let t = col(text.as_str());
        let (normal, parsed) = match (after, column.ty) {
            (Some((after, seconds)), _) => {
                // Timestamp = another timestamp + a duration column: the amount is parsed
                // here, and added once the other timestamp is parsed.
                let micros = (col(name) * lit(seconds * 1e6)).cast(DataType::Int64);
                let base = col(after).dt().timestamp(TimeUnit::Microseconds);
                self.stages.derived.push(
                    (base + micros)
                        .cast(DataType::Datetime(
                            TimeUnit::Microseconds,
                            Some(TimeZone::UTC),
                        ))
                        .alias(name),
                );
                (raw, self.number(t))
            }
            (None, ColumnType::Text) => (self.text(name, raw), t),
            (None, ColumnType::Timestamp) => match self.timestamp(name, t, &dtype) {
                Some(p) => {
                    self.stages.timestamps.insert(name);
                    if matches!(dtype, DataType::Datetime(_, Some(_))) {
                        self.stages.zoned.insert(name, source_name.to_owned());
                    }
                    (timestamp_text(self.decl, raw, &dtype), p)
                }
                None => return,
            },
            (None, ColumnType::Date) => match self.date(name, t, &dtype) {
                Some(p) => (raw, p),
                None => return,
            },
            (None, ColumnType::Integer | ColumnType::Number) => {
                if !(is_text || dtype.is_primitive_numeric() || dtype == DataType::Boolean) {
                    self.wrong_type(name, source_name, &dtype, column.ty);
                    return;
                }
                (raw, self.number(t))
            }
            (None, ColumnType::Boolean) => {
                if !(is_text || dtype.is_primitive_numeric() || dtype == DataType::Boolean) {
                    self.wrong_type(name, source_name, &dtype, column.ty);
                    return;
                }
                (boolean_text(raw, &dtype), self.boolean(t, &dtype))
            }
        };
        self.stages.texts.push((name, normal.alias(text.as_str())));
        self.stages
            .parses
            .push((name, parsed.alias(parsed_name.as_str())));
        let parsed = col(parsed_name.as_str());
        let text_raw = col(text.as_str());
        // A value present in the source but missing once parsed did not parse. Typed values
        // that always convert (numbers to numbers, zoned times, dates) are not checked.
        let always_parses = match (column.ty, &dtype) {
            (ColumnType::Integer | ColumnType::Number, d) => {
                after.is_none() && (d.is_primitive_numeric() || *d == DataType::Boolean)
            }
            (ColumnType::Boolean, DataType::Boolean) => true,
            (ColumnType::Timestamp, DataType::Datetime(_, Some(_))) => true,
            (ColumnType::Date, DataType::Date | DataType::Datetime(..)) => true,
            _ => false,
        };
        if column.ty != ColumnType::Text && !always_parses {
            self.flag(
                name,
                format!("not {}", column.ty.describe()),
                text_raw.clone().is_not_null().and(parsed.clone().is_null()),
                name == "created_at",
            );
        }
        let mut valid = parsed.clone();
        if let Some((low, high)) = column.range {
            let outside = parsed.clone().lt(lit(low)).or(parsed.clone().gt(lit(high)));
            // Integer-typed values are whole already.
            let whole = if column.ty == ColumnType::Integer && !dtype.is_integer() {
                outside.or(parsed
                    .clone()
                    .neq(parsed.clone().cast(DataType::Int64).cast(DataType::Float64)))
            } else {
                outside
            };
            let reason = if column.ty == ColumnType::Integer && high < 1e9 {
                format!("not a whole number from {low} to {high}")
            } else if column.ty == ColumnType::Integer {
                "not a whole number of at least 0".to_owned()
            } else if high < 1e9 {
                format!("outside {low} to {high}")
            } else {
                "negative or too large".to_owned()
            };
            self.flag(name, reason, whole.clone(), false);
            valid = when(whole).then(lit(NULL)).otherwise(valid);
        }
        if let Some(before) = order_rule(name).filter(|b| self.parsed.contains(b)) {
            // Checked on the parsed columns, after this stage.
            let earlier = col(name).lt(col(before));
            self.flag(name, format!("before {before}"), earlier.clone(), false);
            self.stages.ordered.push(
                when(earlier)
                    .then(lit(NULL))
                    .otherwise(col(name))
                    .alias(name),
            );
        }
        if name == "created_at" {
            self.flag(name, "missing".into(), text_raw.is_null(), true);
        }
        if let Some(closed) = closed_set(name) {
            let known = closed
                .iter()
                .map(|v| parsed.clone().eq(lit(*v)))
                .reduce(Expr::or)
                .unwrap_or_else(|| lit(false));
            let unknown = parsed.clone().is_not_null().and(known.not());
            // An unknown channel makes the row unusable for every channel-scoped goal and
            // every per-channel breakdown: the row is excluded. Other unknown words are
            // treated as missing.
            self.flag(
                name,
                format!("unknown {name}"),
                unknown.clone(),
                name == "channel",
            );
            valid = when(unknown).then(lit(NULL)).otherwise(valid);
        }
        self.stages.exprs.push(valid.alias(name));
    }

    /// Applies the value map to trimmed values.
    fn mapped(&self, name: &str, raw: Expr, dtype: &DataType) -> Expr {
        let text = matches!(dtype, DataType::String);
        let mut e = raw;
        if let Some(map) = self.decl.values.get(name) {
            let source = if text {
                e.clone()
            } else {
                e.clone().cast(DataType::String)
            };
            // A chain of `when` from the last mapping to the first: the first match wins.
            let mut mapped = source.clone();
            for (from, to) in map.iter().rev() {
                let value = if to.is_empty() {
                    lit(NULL).cast(DataType::String)
                } else {
                    lit(to.clone())
                };
                mapped = when(source.clone().eq(lit(from.clone())))
                    .then(value)
                    .otherwise(mapped);
            }
            e = mapped;
        }
        if self.decl.values.contains_key(name) {
            // The empty field is missing (text without a value map was emptied when trimmed).
            e = when(e.clone().eq(lit("")))
                .then(lit(NULL).cast(DataType::String))
                .otherwise(e);
        }
        e
    }

    fn text(&self, name: &str, raw: Expr) -> Expr {
        let text = raw.cast(DataType::String);
        if name == "tags" {
            let spaced = lowercase(text)
                .str()
                .replace_all(lit(","), lit(" "), true)
                .str()
                .replace_all(lit(";"), lit(" "), true);
            return lit(" ") + spaced + lit(" ");
        }
        if !keeps_case(name) {
            return lowercase(text);
        }
        text
    }

    fn number(&self, raw: Expr) -> Expr {
        raw.cast(DataType::Float64)
    }

    /// Parses the normal form [`boolean_text`] made.
    fn boolean(&self, text: Expr, dtype: &DataType) -> Expr {
        if *dtype == DataType::Boolean {
            return text;
        }
        let any = |words: &[&str]| {
            words
                .iter()
                .map(|w| text.clone().eq(lit(*w)))
                .reduce(Expr::or)
                .unwrap_or_else(|| lit(false))
        };
        when(any(TRUE_WORDS))
            .then(lit(true))
            .when(any(FALSE_WORDS))
            .then(lit(false))
            .otherwise(lit(NULL).cast(DataType::Boolean))
    }

    fn timestamp(&mut self, name: &'static str, raw: Expr, dtype: &DataType) -> Option<Expr> {
        let zone = zone_of(self.decl);
        let utc = DataType::Datetime(TimeUnit::Microseconds, Some(TimeZone::UTC));
        match dtype {
            DataType::String | DataType::Null => Some(parse_timestamp(self.decl, raw)),
            DataType::Datetime(_, Some(_)) => Some(raw.cast(utc)),
            DataType::Datetime(unit, None) => Some(
                raw.cast(DataType::Datetime(*unit, None))
                    .dt()
                    .replace_time_zone(Some(zone), lit("earliest"), NonExistent::Null)
                    .cast(utc),
            ),
            DataType::Date => Some(
                raw.cast(DataType::Datetime(TimeUnit::Microseconds, None))
                    .dt()
                    .replace_time_zone(Some(zone), lit("earliest"), NonExistent::Null)
                    .cast(utc),
            ),
            other => {
                let source = self.source_name(name);
                self.wrong_type(name, &source, other, ColumnType::Timestamp);
                None
            }
        }
    }

    fn source_name(&self, name: &str) -> String {
        match self.decl.columns.get(name) {
            Some(ColumnSource::Column(s) | ColumnSource::After { column: s, .. }) => s.clone(),
            None => name.to_owned(),
        }
    }

    fn date(&mut self, name: &'static str, raw: Expr, dtype: &DataType) -> Option<Expr> {
        match dtype {
            DataType::Date => Some(raw),
            DataType::Datetime(..) => Some(raw.dt().date()),
            DataType::String | DataType::Null => {
                let format = self.decl.date_format.as_deref().unwrap_or("%Y-%m-%d");
                Some(raw.cast(DataType::String).str().to_date(strptime(format)))
            }
            other => {
                let source = self.source_name(name);
                self.wrong_type(name, &source, other, ColumnType::Date);
                None
            }
        }
    }

    fn wrong_type(&mut self, name: &str, source: &str, dtype: &DataType, wanted: ColumnType) {
        self.problems.push(
            at_source(
                Rule::WrongColumnType,
                Some(self.decl),
                format!(
                    "column `{name}` (from `{source}`) of source `{}` is {dtype}; it must hold {}",
                    self.decl.name,
                    wanted.describe()
                ),
            )
            .help("map the canonical column to another source column, or export it as text or as the canonical type"),
        );
    }
}

/// Whether a text column is compared as written: not a closed set (matched in lower case) nor
/// the tags.
fn keeps_case(name: &str) -> bool {
    name != "tags" && closed_set(name).is_none()
}

/// Booleans written as words are matched in lower case.
fn boolean_text(raw: Expr, dtype: &DataType) -> Expr {
    if *dtype == DataType::Boolean {
        raw
    } else {
        lowercase(raw.cast(DataType::String))
    }
}

/// Text in lower case (unchanged when it has no upper-case letter).
fn lowercase(text: Expr) -> Expr {
    text.map(crate::clean_text::lowercase, crate::clean_text::same_field)
}

/// The source's zone (UTC when it names none that parses).
fn zone_of(decl: &SourceDecl) -> TimeZone {
    decl.timezone
        .parse::<chrono_tz::Tz>()
        .map_or(TimeZone::UTC, |tz| TimeZone::from_chrono(&tz))
}

/// Text timestamps: the declared format (in the source's zone), else ISO 8601 with `Z`, an
/// offset, or no offset (in the source's zone), with or without seconds.
fn parse_timestamp(decl: &SourceDecl, raw: Expr) -> Expr {
    let utc = DataType::Datetime(TimeUnit::Microseconds, Some(TimeZone::UTC));
    let zone = zone_of(decl);
    let naive = |text: Expr, format: &str, zone: TimeZone| {
        text.str()
            .to_datetime(
                Some(TimeUnit::Microseconds),
                None,
                strptime(format),
                lit("earliest"),
            )
            .dt()
            .replace_time_zone(Some(zone), lit("earliest"), NonExistent::Null)
            .cast(utc.clone())
    };
    if let Some(format) = &decl.timestamp_format {
        return naive(raw, format, zone);
    }
    // `timestamp_text` wrote `YYYY-MM-DDTHH:MM:SS` followed by an offset or by nothing
    // (the source's zone).
    let with_offset = raw
        .clone()
        .str()
        .to_datetime(
            Some(TimeUnit::Microseconds),
            None,
            strptime("%Y-%m-%dT%H:%M:%S%:z"),
            lit("earliest"),
        )
        .cast(utc.clone());
    let local = naive(raw.clone(), "%Y-%m-%dT%H:%M:%S", zone);
    when(raw.str().len_chars().gt(lit(19)))
        .then(with_offset)
        .otherwise(local)
}

/// The normal form text timestamps are parsed from when no format is declared: a space may
/// stand for the `T`, missing seconds are added and `Z` becomes `+00:00`.
fn timestamp_text(decl: &SourceDecl, raw: Expr, dtype: &DataType) -> Expr {
    if !matches!(dtype, DataType::String | DataType::Null) || decl.timestamp_format.is_some() {
        return raw;
    }
    raw.cast(DataType::String)
        .str()
        .replace(lit(" "), lit("T"), true)
        .str()
        .replace(
            lit(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})?$"),
            lit("${1}:00${2}"),
            false,
        )
        .str()
        .replace(lit("Z$"), lit("+00:00"), false)
}

fn strptime(format: &str) -> StrptimeOptions {
    StrptimeOptions {
        format: Some(PlSmallStr::from(format)),
        strict: false,
        exact: true,
        cache: true,
    }
}

/// Timestamps that cannot come before another one.
fn order_rule(name: &str) -> Option<&'static str> {
    match name {
        "first_response_at" | "solved_at" => Some("created_at"),
        "csat_followed_up_at" => Some("csat_rated_at"),
        _ => None,
    }
}

/// Text columns with a closed set of values.
pub fn closed_set(name: &str) -> Option<&'static [&'static str]> {
    match name {
        "channel" => Some(CHANNELS),
        "priority" => Some(PRIORITIES),
        "status" => Some(STATUSES),
        _ => None,
    }
}

/// The population a source's table holds (for messages).
pub fn table_word(population: Population) -> &'static str {
    population.word()
}

#[cfg(test)]
mod tests {
    use super::*;
    use goal_compiler::datasource::SourceDecl;

    /// A file of three tickets, the second one field too long, scanned as `goal eval` scans it.
    fn scanned(name: &str) -> (SourceDecl, Scanned) {
        let dir = std::env::temp_dir().join(format!("goal-table-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("t.csv");
        std::fs::write(
            &path,
            "ticket_id,subject,created_at\n\
             A,Refund,2026-01-05T09:00:00Z\n\
             B,Login, again,2026-01-06T09:00:00Z\n\
             C,Reset,2026-01-07T09:00:00Z\n",
        )
        .expect("write");
        let decl = SourceDecl::canonical("tickets", Population::Tickets);
        let scanned = crate::source::scan(&decl, &path).expect("scan");
        (decl, scanned)
    }

    /// The key and the flags of the checked rows, `(ticket_id, [flags])`.
    fn checked(table: &Table) -> Result<Vec<(String, Vec<bool>)>, String> {
        let rows = table.rows(&None)?;
        let frame = rows.checked.collect().map_err(|e| e.to_string())?;
        let keys = frame.column("ticket_id").map_err(|e| e.to_string())?;
        let flags: Vec<&polars::prelude::Column> = table
            .flags
            .iter()
            .map(|f| frame.column(f.column.as_str()))
            .collect::<PolarsResult<_>>()
            .map_err(|e| e.to_string())?;
        (0..frame.height())
            .map(|i| {
                let key = keys.get(i).map_err(|e| e.to_string())?.to_string();
                let set = flags
                    .iter()
                    .map(|c| c.get(i).map(|v| v == AnyValue::Boolean(true)))
                    .collect::<PolarsResult<_>>()
                    .map_err(|e| e.to_string())?;
                Ok((key, set))
            })
            .collect()
    }

    #[test]
    fn rows_too_long_are_flagged_by_number() {
        let (decl, scanned) = scanned("flagged");
        let ragged = scanned.ragged(&decl).expect("ragged");
        assert_eq!(
            ragged,
            vec![Ragged {
                rows: 3,
                long: vec![(1, 3)],
            }]
        );
        let table = build(&decl, &scanned, &BTreeSet::new(), &ragged).expect("table");
        let reasons: Vec<&str> = table.flags.iter().map(|f| f.reason.as_str()).collect();
        // The checks: `created_at` does not parse, or is missing; no key; the long row; the
        // repeated key.
        assert_eq!(
            reasons,
            [
                "not a timestamp",
                "missing",
                "no ticket_id",
                "more fields than the header",
                "duplicate ticket_id (the first row is kept)"
            ]
        );
        // B's `created_at` reads ` again`, which does not parse: B is flagged as too long only.
        let long = [false, false, false, true, false];
        let none = [false; 5];
        assert_eq!(
            checked(&table),
            Ok(vec![
                ("\"A\"".to_owned(), none.to_vec()),
                ("\"B\"".to_owned(), long.to_vec()),
                ("\"C\"".to_owned(), none.to_vec()),
            ])
        );
    }

    #[test]
    fn rows_counted_otherwise_than_polars_reads_them_fail_the_table() {
        let (decl, scanned) = scanned("miscounted");
        let ragged = vec![Ragged {
            rows: 4,
            long: vec![(1, 3)],
        }];
        let table = build(&decl, &scanned, &BTreeSet::new(), &ragged).expect("table");
        let error = checked(&table).err().unwrap_or_default();
        assert!(
            error.contains("polars read 3 rows where the check of fields per row found 4"),
            "{error}"
        );
    }
}
