//! Data sources declared in `goal.toml` (`[sources.NAME]`) and the evaluation settings
//! (`[eval]`): what the runtime reads and how. Declarations are pure data, checked here for
//! unknown presets, formats, columns and time zones; the runtime opens the files.
//!
//! ```toml
//! [eval]
//! timezone = "America/New_York"     # days, weeks and months are counted in this zone
//!
//! [sources.tickets]
//! path = "data/tickets.csv"          # a file or a folder, relative to goal.toml
//! preset = "zendesk"                 # column names of a known export
//! null-values = ["?", "N/A"]
//! timestamp-format = "%d/%m/%Y %H:%M"
//! timezone = "Europe/Berlin"         # for timestamps written without an offset
//!
//! [sources.tickets.columns]          # canonical column = source column
//! team = "Group name"
//!
//! [sources.tickets.values.priority]  # source value = canonical value
//! "1 - Critical" = "urgent"
//! ```

use crate::catalogue::Population;
use crate::diagnostic::Diagnostic;
use crate::presets::{self, Preset};
use crate::rules::Rule;
use crate::schema;
use crate::source::FileId;
use goal_grammar::Span;
use goal_grammar::suggest::did_you_mean_or;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// File formats a source can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row (also inside a `.zip`).
    Csv,
    /// Apache Parquet.
    Parquet,
    /// Newline-delimited JSON, one object per row.
    Ndjson,
}

impl Format {
    /// Every format, by name.
    pub const ALL: &'static [(&'static str, Format)] = &[
        ("csv", Format::Csv),
        ("parquet", Format::Parquet),
        ("ndjson", Format::Ndjson),
    ];

    /// The format a file name implies (`.csv`, `.csv.zip`, `.parquet`, `.ndjson`, `.jsonl`).
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".zip").unwrap_or(&name);
        let ext = name.rsplit('.').next()?;
        match ext {
            "csv" | "tsv" | "txt" => Some(Format::Csv),
            "parquet" | "pq" => Some(Format::Parquet),
            "ndjson" | "jsonl" | "json" => Some(Format::Ndjson),
            _ => None,
        }
    }

    /// The format's name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::Ndjson => "ndjson",
        }
    }
}

/// Where a canonical column's values come from.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnSource {
    /// A column of the source, by name.
    Column(String),
    /// A duration column added to a timestamp: `{ column = "First reply time in minutes",
    /// after = "created_at", unit = "minutes" }`.
    After {
        /// The source column holding the duration.
        column: String,
        /// The canonical timestamp it is counted from.
        after: String,
        /// Seconds per unit of the duration.
        seconds_per_unit: f64,
    },
}

/// How an event log (one row per update) becomes one row per record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventLog {
    /// The source column that orders a record's rows (oldest first).
    pub order_by: String,
    /// Canonical timestamps taken from the first row where a column has one of some values:
    /// (canonical column, source column tested, values, source timestamp column).
    pub first_reached: Vec<FirstReached>,
    /// Canonical columns taken from the record's first row instead of its latest.
    pub first_value: Vec<(String, String)>,
}

/// `first_response_at = { when = "incident_state", is = ["Active"], at = "sys_updated_at" }`
#[derive(Debug, Clone, PartialEq)]
pub struct FirstReached {
    /// The canonical timestamp column set.
    pub canonical: String,
    /// The source column tested.
    pub when: String,
    /// The values that mark the state.
    pub is: Vec<String>,
    /// The source column holding the row's time.
    pub at: String,
}

/// A declared data source.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceDecl {
    /// Its name in `[sources.NAME]`.
    pub name: String,
    /// The configuration file declaring it.
    pub file: FileId,
    /// Span of the declaration's name.
    pub span: Span,
    /// The population its rows are.
    pub population: Population,
    /// The file or folder, resolved against goal.toml's folder; `None` when not given (the
    /// path then comes from `--data NAME=PATH`).
    pub path: Option<PathBuf>,
    /// The format, when not implied by the file names.
    pub format: Option<Format>,
    /// Canonical column → where it comes from (preset first, then `columns`).
    pub columns: BTreeMap<String, ColumnSource>,
    /// Canonical column → source value → canonical value.
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// Texts read as missing values (besides the empty field).
    pub null_values: Vec<String>,
    /// chrono format of timestamps, when not ISO 8601.
    pub timestamp_format: Option<String>,
    /// chrono format of dates, when not `YYYY-MM-DD`.
    pub date_format: Option<String>,
    /// Zone of timestamps written without an offset.
    pub timezone: String,
    /// The CSV field separator.
    pub separator: u8,
    /// For event logs: how rows become records.
    pub events: Option<EventLog>,
}

impl SourceDecl {
    /// A source of `population` read with the canonical column names and default parse options
    /// (what `--data NAME=PATH` declares when goal.toml does not).
    pub fn canonical(name: &str, population: Population) -> Self {
        SourceDecl {
            name: name.to_owned(),
            file: FileId(usize::MAX),
            span: Span::default(),
            population,
            path: None,
            format: None,
            columns: BTreeMap::new(),
            values: BTreeMap::new(),
            null_values: Vec::new(),
            timestamp_format: None,
            date_format: None,
            timezone: "UTC".into(),
            separator: b',',
            events: None,
        }
    }
}

/// Settings of `goal eval`.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalSettings {
    /// The zone days, weeks and months are counted in.
    pub timezone: String,
    /// How far a value may fall behind the glide path, in percent of the distance from
    /// baseline to target, and still be "at risk" rather than "off track".
    pub at_risk_margin: f64,
}

impl Default for EvalSettings {
    fn default() -> Self {
        EvalSettings {
            timezone: "UTC".into(),
            at_risk_margin: 10.0,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawEval {
    timezone: Option<Spanned<String>>,
    at_risk_margin: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawSource {
    path: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
    table: Option<Spanned<String>>,
    preset: Option<Spanned<String>>,
    #[serde(default)]
    columns: BTreeMap<Spanned<String>, Spanned<RawColumn>>,
    #[serde(default)]
    values: BTreeMap<Spanned<String>, BTreeMap<String, String>>,
    #[serde(default)]
    null_values: Vec<String>,
    timestamp_format: Option<String>,
    date_format: Option<String>,
    timezone: Option<Spanned<String>>,
    separator: Option<Spanned<String>>,
    events: Option<RawEvents>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawColumn {
    Name(String),
    After {
        column: String,
        after: String,
        unit: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawEvents {
    order_by: String,
    #[serde(default)]
    first_reached: BTreeMap<Spanned<String>, RawFirstReached>,
    #[serde(default)]
    first_value: BTreeMap<Spanned<String>, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFirstReached {
    when: String,
    is: Vec<String>,
    at: String,
}

/// Reads `[eval]`.
pub(crate) fn eval_settings(
    raw: &RawEval,
    file: FileId,
    problems: &mut Vec<Diagnostic>,
) -> EvalSettings {
    let mut settings = EvalSettings::default();
    if let Some(tz) = &raw.timezone {
        if check_timezone(tz, file, problems) {
            settings.timezone = tz.get_ref().clone();
        }
    }
    if let Some(margin) = &raw.at_risk_margin {
        let m = *margin.get_ref();
        if (0.0..=100.0).contains(&m) {
            settings.at_risk_margin = m;
        } else {
            problems.push(error(
                file,
                span_of(margin),
                "`at-risk-margin` must be a percentage from 0 to 100".into(),
                "write e.g. `at-risk-margin = 10`".into(),
            ));
        }
    }
    settings
}

/// Reads every `[sources.NAME]`, reporting problems (E014) and keeping the valid ones.
pub(crate) fn sources(
    raw: &BTreeMap<Spanned<String>, RawSource>,
    folder: &Path,
    file: FileId,
    problems: &mut Vec<Diagnostic>,
) -> Vec<SourceDecl> {
    raw.iter()
        .filter_map(|(name, source)| source_decl(name, source, folder, file, problems))
        .collect()
}

fn source_decl(
    name: &Spanned<String>,
    raw: &RawSource,
    folder: &Path,
    file: FileId,
    problems: &mut Vec<Diagnostic>,
) -> Option<SourceDecl> {
    let before = problems.len();
    let table = raw
        .table
        .as_ref()
        .map_or(name.get_ref().as_str(), |t| t.get_ref());
    let population = match Population::find(table) {
        Some(p) => p,
        None => {
            let span = raw.table.as_ref().map_or(span_of(name), span_of);
            let words = Population::ALL.iter().map(|p| p.word());
            problems.push(error(
                file,
                span,
                format!("unknown table `{table}`"),
                did_you_mean_or(table, words, || {
                    "name the source `tickets`, `meetings`, `staff` or `qa_reviews`, or set `table = \"tickets\"`"
                        .into()
                }),
            ));
            return None;
        }
    };
    let path = raw
        .path
        .as_ref()
        .and_then(|p| project_path(p, folder, file, problems));
    let format = raw.format.as_ref().and_then(|f| {
        let found = Format::ALL
            .iter()
            .find(|(n, _)| *n == f.get_ref())
            .map(|(_, f)| *f);
        if found.is_none() {
            let names = Format::ALL.iter().map(|(n, _)| *n);
            problems.push(error(
                file,
                span_of(f),
                format!("unknown format `{}`", f.get_ref()),
                did_you_mean_or(f.get_ref(), names, || {
                    "write `csv`, `parquet` or `ndjson`".into()
                }),
            ));
        }
        found
    });
    let mut columns = BTreeMap::new();
    let mut values = BTreeMap::new();
    let mut events = None;
    let mut null_values = Vec::new();
    let mut timestamp_format = None;
    if let Some(preset_name) = &raw.preset {
        match presets::find(preset_name.get_ref()) {
            Some(preset) => apply_preset(
                preset,
                &mut columns,
                &mut values,
                &mut events,
                &mut null_values,
                &mut timestamp_format,
            ),
            None => {
                let names = presets::PRESETS.iter().map(|p| p.name);
                problems.push(error(
                    file,
                    span_of(preset_name),
                    format!("unknown preset `{}`", preset_name.get_ref()),
                    did_you_mean_or(preset_name.get_ref(), names, || {
                        format!("presets: {}", presets::names().join(", "))
                    }),
                ));
            }
        }
    }
    for (canonical, source) in &raw.columns {
        if !known_column(population, canonical, file, problems) {
            continue;
        }
        let source = match source.get_ref() {
            RawColumn::Name(n) => ColumnSource::Column(n.clone()),
            RawColumn::After {
                column,
                after,
                unit,
            } => {
                let Some(seconds) = unit_seconds(unit) else {
                    problems.push(error(
                        file,
                        span_of(source),
                        format!("unknown unit `{unit}`"),
                        did_you_mean_or(unit, UNITS.iter().map(|(u, _)| *u), || {
                            "write `seconds`, `minutes`, `hours` or `days`".into()
                        }),
                    ));
                    continue;
                };
                ColumnSource::After {
                    column: column.clone(),
                    after: after.clone(),
                    seconds_per_unit: seconds,
                }
            }
        };
        columns.insert(canonical.get_ref().clone(), source);
    }
    for (canonical, map) in &raw.values {
        if known_column(population, canonical, file, problems) {
            values
                .entry(canonical.get_ref().clone())
                .or_default()
                .extend(map.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    if let Some(raw_events) = &raw.events {
        let mut log = EventLog {
            order_by: raw_events.order_by.clone(),
            ..EventLog::default()
        };
        for (canonical, r) in &raw_events.first_reached {
            if known_column(population, canonical, file, problems) {
                log.first_reached.push(FirstReached {
                    canonical: canonical.get_ref().clone(),
                    when: r.when.clone(),
                    is: r.is.clone(),
                    at: r.at.clone(),
                });
            }
        }
        for (canonical, source) in &raw_events.first_value {
            if known_column(population, canonical, file, problems) {
                log.first_value
                    .push((canonical.get_ref().clone(), source.clone()));
            }
        }
        events = Some(log);
    }
    null_values.extend(raw.null_values.iter().cloned());
    if raw.timestamp_format.is_some() {
        timestamp_format = raw.timestamp_format.clone();
    }
    let timezone = match &raw.timezone {
        Some(tz) if check_timezone(tz, file, problems) => tz.get_ref().clone(),
        _ => "UTC".into(),
    };
    let separator = match &raw.separator {
        None => b',',
        Some(s) => match s.get_ref().as_bytes() {
            [b] if b.is_ascii() => *b,
            _ => {
                problems.push(error(
                    file,
                    span_of(s),
                    "`separator` must be one ASCII character".into(),
                    "write e.g. `separator = \";\"`".into(),
                ));
                b','
            }
        },
    };
    (problems.len() == before).then(|| SourceDecl {
        name: name.get_ref().clone(),
        file,
        span: span_of(name),
        population,
        path,
        format,
        columns,
        values,
        null_values,
        timestamp_format,
        date_format: raw.date_format.clone(),
        timezone,
        separator,
        events,
    })
}

fn apply_preset(
    preset: &Preset,
    columns: &mut BTreeMap<String, ColumnSource>,
    values: &mut BTreeMap<String, BTreeMap<String, String>>,
    events: &mut Option<EventLog>,
    null_values: &mut Vec<String>,
    timestamp_format: &mut Option<String>,
) {
    for (canonical, source) in preset.columns {
        columns.insert((*canonical).into(), ColumnSource::Column((*source).into()));
    }
    for (canonical, column, after, unit) in preset.after {
        columns.insert(
            (*canonical).into(),
            ColumnSource::After {
                column: (*column).into(),
                after: (*after).into(),
                seconds_per_unit: unit_seconds(unit).unwrap_or(1.0),
            },
        );
    }
    for (canonical, from, to) in preset.values {
        values
            .entry((*canonical).into())
            .or_default()
            .insert((*from).into(), (*to).into());
    }
    null_values.extend(preset.null_values.iter().map(|s| (*s).to_owned()));
    if let Some(f) = preset.timestamp_format {
        *timestamp_format = Some(f.into());
    }
    if let Some(log) = &preset.events {
        *events = Some(EventLog {
            order_by: log.order_by.into(),
            first_reached: log
                .first_reached
                .iter()
                .map(|(canonical, when, is, at)| FirstReached {
                    canonical: (*canonical).into(),
                    when: (*when).into(),
                    is: is.iter().map(|s| (*s).to_owned()).collect(),
                    at: (*at).into(),
                })
                .collect(),
            first_value: log
                .first_value
                .iter()
                .map(|(c, s)| ((*c).to_owned(), (*s).to_owned()))
                .collect(),
        });
    }
}

const UNITS: &[(&str, f64)] = &[
    ("seconds", 1.0),
    ("minutes", 60.0),
    ("hours", 3600.0),
    ("days", 86_400.0),
];

fn unit_seconds(unit: &str) -> Option<f64> {
    UNITS.iter().find(|(u, _)| *u == unit).map(|(_, s)| *s)
}

fn known_column(
    population: Population,
    name: &Spanned<String>,
    file: FileId,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    if schema::find_column(population, name.get_ref()).is_some() {
        return true;
    }
    let names = schema::columns(population).iter().map(|c| c.name);
    problems.push(error(
        file,
        span_of(name),
        format!(
            "`{}` is not a column of the {} table",
            name.get_ref(),
            population.word()
        ),
        did_you_mean_or(name.get_ref(), names, || {
            "the canonical columns are listed in docs/data.md".into()
        }),
    ));
    false
}

/// Resolves a path of goal.toml against its folder, refusing paths that leave the project
/// (absolute paths or `..`): goal.toml arrives in pull requests, and must not make `goal eval`
/// read files elsewhere on the reviewer's machine. `--data NAME=PATH` can point anywhere.
fn project_path(
    path: &Spanned<String>,
    folder: &Path,
    file: FileId,
    problems: &mut Vec<Diagnostic>,
) -> Option<PathBuf> {
    let p = Path::new(path.get_ref());
    let escapes = p
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if escapes || path.get_ref().is_empty() {
        problems.push(error(
            file,
            span_of(path),
            format!("`{}` is not a path inside the project", path.get_ref()),
            "write a path relative to goal.toml's folder, without `..`; for data elsewhere use \
             `goal eval --data NAME=PATH`"
                .into(),
        ));
        return None;
    }
    Some(folder.join(p))
}

fn check_timezone(tz: &Spanned<String>, file: FileId, problems: &mut Vec<Diagnostic>) -> bool {
    if tz.get_ref().parse::<chrono_tz::Tz>().is_ok() {
        return true;
    }
    let names = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
    problems.push(error(
        file,
        span_of(tz),
        format!("unknown time zone `{}`", tz.get_ref()),
        did_you_mean_or(tz.get_ref(), names, || {
            "write an IANA time zone such as `UTC` or `Europe/Berlin`".into()
        }),
    ));
    false
}

fn error(file: FileId, span: Span, message: String, help: String) -> Diagnostic {
    Diagnostic::new(Rule::InvalidConfig, file, span, message)
        .label("in the configuration")
        .help(help)
}

fn span_of<T>(value: &Spanned<T>) -> Span {
    Span::new(value.span().start, value.span().end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_file_names() {
        assert_eq!(Format::from_path(Path::new("a/t.CSV")), Some(Format::Csv));
        assert_eq!(Format::from_path(Path::new("t.csv.zip")), Some(Format::Csv));
        assert_eq!(
            Format::from_path(Path::new("t.parquet")),
            Some(Format::Parquet)
        );
        assert_eq!(
            Format::from_path(Path::new("t.jsonl")),
            Some(Format::Ndjson)
        );
        assert_eq!(Format::from_path(Path::new("t.xlsx")), None);
    }
}
