//! Command-line arguments.

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Declarative SMART customer-service goals.
#[derive(Debug, Parser)]
#[command(name = "goal", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check goal files against every SMART rule and report problems.
    ///
    /// Exit status: 0 when no errors were found (warnings allowed unless --fail-on warning), 1
    /// when errors were found, 2 when a path cannot be read or the arguments are wrong.
    Check(CheckArgs),
    /// Rewrite goal files in the canonical layout (comments kept).
    ///
    /// Exit status: 0 when done (or, with --check, when nothing would change), 1 when --check
    /// finds files to reformat, 2 when a path cannot be read or written.
    Fmt(FmtArgs),
    /// Show what changed between two versions of the goals (folders, files or git revisions):
    /// goals added or removed, targets lowered or raised, deadlines moved, scopes narrowed,
    /// guardrails removed. Changes a reviewer must look at are marked `!`.
    Diff(DiffArgs),
    /// Evaluate the goals over ticket data: current value, baseline, target, glide path,
    /// progress and status of every goal, per period and per breakdown.
    ///
    /// Exit status: 0 when every goal was evaluated, 1 when some could not be (errors in goals,
    /// or goals the data cannot answer), 2 when a path, the configuration or a data source
    /// cannot be read.
    Eval(EvalArgs),
    /// Run the language server over standard input and output (for editors).
    Lsp,
    /// Print the documentation of a rule, by code (`T501`) or name (`missing-deadline`).
    Explain {
        /// The rule's code or name.
        code: String,
    },
}

/// Arguments of `goal eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Goal files or folders (searched recursively for *.goal). Default: the current folder.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Data: `PATH` for the tickets table, or `NAME=PATH` for a source declared in goal.toml
    /// or a table (`tickets`, `meetings`, `staff`, `qa_reviews`). A file (.csv, .csv.zip, .parquet, .ndjson,
    /// .jsonl) or a folder of them. Repeatable.
    #[arg(long, value_name = "[NAME=]PATH")]
    pub data: Vec<String>,

    /// Evaluate as of the end of DATE (YYYY-MM-DD); later data is ignored. Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,

    /// Break every goal's current value down by this field (team, agent, channel, priority,
    /// topic, ...).
    #[arg(long, value_name = "FIELD")]
    pub by: Option<String>,

    /// The unit of each goal's series.
    #[arg(long, value_enum, default_value_t = Period::Month)]
    pub period: Period,

    /// The time zone days are counted in (default: `timezone` in goal.toml's [eval], else UTC).
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,

    /// How to report.
    #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
    pub format: EvalFormat,

    /// When to colour problems (written to standard error).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// Series units of `goal eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Period {
    /// Days.
    Day,
    /// Weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
}

/// Output formats of `goal eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalFormat {
    /// A table for people.
    Table,
    /// One JSON document (see docs/schemas/eval-output.schema.json).
    Json,
    /// One row per goal, period and group.
    Csv,
    /// Markdown tables.
    Markdown,
}

/// Arguments of `goal diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old version: a folder, a file, or a git revision (`main`, `HEAD~1`).
    pub base: String,
    /// The new version: a folder, a file, or a git revision.
    pub head: String,
    /// For git revisions: compare only goal files under these paths (default: all).
    #[arg(value_name = "PATHS")]
    pub paths: Vec<String>,
    /// Write a Markdown table for a pull-request comment.
    #[arg(long)]
    pub markdown: bool,
}

/// Arguments of `goal fmt`.
#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Goal files or folders (searched recursively for *.goal). Default: the current folder.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Change nothing; list the files that would be reformatted and exit with 1 if any.
    #[arg(long)]
    pub check: bool,
}

/// Arguments of `goal check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Goal files or folders (searched recursively for *.goal). Default: the current folder.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Check as if today were DATE (YYYY-MM-DD), for reproducible results.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<NaiveDate>,

    /// Largest relative improvement per quarter, in percent, before A303 too-ambitious warns
    /// (default: `max-quarterly-lift` in goal.toml, else 25).
    #[arg(long, value_name = "PERCENT", value_parser = parse_lift)]
    pub max_quarterly_lift: Option<f64>,

    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// How to report problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// The least severe problem that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Also check the goals against the schemas of their data sources (those declared in
    /// goal.toml, and --data): missing columns, columns of the wrong type, unreadable sources,
    /// tables no source gives. Reads only headers and metadata, never the rows.
    #[arg(long)]
    pub schema: bool,

    /// Data to check the goals' columns against, as for `goal eval --data` (implies --schema).
    /// Repeatable.
    #[arg(long, value_name = "[NAME=]PATH")]
    pub data: Vec<String>,
}

/// Which problems fail `goal check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Errors only (the default).
    Error,
    /// Errors and warnings.
    Warning,
}

/// Output formats of `goal check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical reports with the source quoted, and a summary.
    Human,
    /// One JSON document (see docs/schemas/check-output.schema.json).
    Json,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
    /// A Markdown summary for a pull-request comment.
    Markdown,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| format!("`{text}` is not a date in YYYY-MM-DD form ({e})"))
}

fn parse_lift(text: &str) -> Result<f64, String> {
    let number = text.trim_end_matches('%');
    match number.parse::<f64>() {
        Ok(x) if x > 0.0 && x.is_finite() => Ok(x),
        _ => Err(format!("`{text}` is not a positive percentage")),
    }
}
