//! `goal-datagen`: writes `tickets.csv`, `staff.csv`, `meetings.csv` and `qa_reviews.csv`.
//!
//! ```text
//! goal-datagen --out DIR [--tickets N] [--seed S] [--start DATE] [--end DATE] [--clean]
//! ```

use goal_datagen::{Config, calendar, write_data_set};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
Usage: goal-datagen --out DIR [options]

Writes tickets.csv, staff.csv, meetings.csv and qa_reviews.csv into DIR. With --out alone it
writes the bundled
example data (examples/data) byte for byte.

Options:
  --out DIR        where to write (created if missing)
  --tickets N      number of ticket rows (default 30000)
  --seed S         random seed (default 2026)
  --start DATE     first day, YYYY-MM-DD, or a timestamp like 2025-07-01T00:00:00Z
                   (default 2025-07-01)
  --end DATE       last day (inclusive), YYYY-MM-DD, or a timestamp (default 2026-11-27)
  --clean          no deliberately bad rows
  -h, --help       this help
";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("goal-datagen: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut config = Config::default();
    let mut out: Option<PathBuf> = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"))
        };
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(());
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--tickets" => {
                let v = value("--tickets")?;
                config.tickets = v
                    .replace('_', "")
                    .parse()
                    .map_err(|_| format!("--tickets: not a count: {v}"))?;
            }
            "--seed" => {
                let v = value("--seed")?;
                config.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--start" => config.start = parse_instant(&value("--start")?, false)?,
            "--end" => config.end = parse_instant(&value("--end")?, true)?,
            "--clean" => config.bad_rows = false,
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    let out = out.ok_or_else(|| format!("--out is required\n\n{USAGE}"))?;
    config.validate()?;
    let started = Instant::now();
    let rows = write_data_set(&config, &out).map_err(|e| format!("{}: {e}", out.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "goal-datagen: {rows} tickets, staff, meetings and QA reviews written to {} in {seconds:.2} s ({:.0} rows/s)",
        out.display(),
        rows as f64 / seconds.max(1e-9)
    );
    Ok(())
}

/// A date (the first or, for `end`, the last second of the day) or a full timestamp.
fn parse_instant(text: &str, end: bool) -> Result<i64, String> {
    if let Some(day) = calendar::parse_date(text) {
        return Ok(if end {
            (day + 1) * calendar::DAY - 1
        } else {
            day * calendar::DAY
        });
    }
    calendar::parse_timestamp(text)
        .ok_or_else(|| format!("not a date (YYYY-MM-DD) or a timestamp: {text}"))
}
