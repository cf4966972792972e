//! Evaluation benchmark: generates tickets as Parquet (10 million by default), evaluates 1, 20
//! and 50 goals with the runtime, and runs hand-written polars lazy queries computing the same
//! 20 values in the same process (plain, filtered first, with the row checks, and the expert
//! plan with them); reports wall time (best of the runs, the measurements taking turns) and
//! peak memory of each.
//!
//! `cargo bench -p goal-runtime --bench eval_throughput` (release) or, without a release build
//! of polars, `cargo bench -p goal-runtime --bench eval_throughput --profile dev`.
//! `GOAL_BENCH_TICKETS=N` sets the size; `GOAL_BENCH_RUNS=N` the runs per measurement;
//! `GOAL_BENCH_ONLY=N` evaluates N goals and nothing else (for a profiler; `expert` runs the
//! expert plan with the row checks alone).

#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use goal_compiler::calendar::PeriodUnit;
use goal_compiler::catalogue::{CHANNELS, PRIORITIES, Population};
use goal_compiler::datasource::{EvalSettings, SourceDecl};
use goal_compiler::{Options, Sources};
use goal_datagen::catalog::TEAMS;
use goal_datagen::{Config, TicketColumns};
use polars::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Q3 2026 in microseconds since the epoch, UTC: [start, end).
const Q3_START: i64 = 1_782_864_000_000_000;
const Q3_END: i64 = 1_790_812_800_000_000;

/// (metric line, scope, target) of each benchmark goal, in order.
fn goal_specs() -> Vec<(String, String, String)> {
    let mut specs = Vec::new();
    for c in CHANNELS {
        specs.push((
            "first_response_time".into(),
            format!("channel is {c}"),
            "80% within 60 seconds".into(),
        ));
    }
    for t in TEAMS {
        specs.push((
            "csat".into(),
            format!("team is \"{t}\""),
            "at least 85%".into(),
        ));
    }
    for m in [
        "escalation_rate",
        "transfer_rate",
        "reopen_rate",
        "reassignment_rate",
    ] {
        specs.push((m.into(), "all tickets".into(), "under 10%".into()));
    }
    specs.push((
        "first_contact_resolution".into(),
        "all tickets".into(),
        "at least 70%".into(),
    ));
    specs.push((
        "kb_usage".into(),
        "all tickets".into(),
        "at least 50%".into(),
    ));
    specs.push((
        "median resolution_time".into(),
        "all tickets".into(),
        "under 8 hours".into(),
    ));
    // Beyond the first 20: per channel and priority.
    for c in CHANNELS {
        for p in PRIORITIES {
            specs.push((
                "first_response_time".into(),
                format!("channel is {c} and priority is {p}"),
                "80% within 60 seconds".into(),
            ));
        }
    }
    for t in TEAMS {
        specs.push((
            "escalation_rate".into(),
            format!("team is \"{t}\""),
            "under 10%".into(),
        ));
    }
    specs
}

fn goals_text(n: usize) -> String {
    let mut text = String::from("objective o: \"Customers are served well\"\n");
    for (i, (metric, scope, target)) in goal_specs().into_iter().take(n).enumerate() {
        text.push_str(&format!(
            "\ngoal g{i}: \"Benchmark goal {i}\"\n  owner team \"Support {}\"\n  serves o\n  metric {metric}\n  scope {scope}\n  target {target}\n  window Q3 2026\n  review monthly\n  through \"the work\"\n",
            i / 5
        ));
    }
    text
}

fn strings(column: impl Iterator<Item = Option<String>>, name: &str) -> Column {
    let values: Vec<Option<String>> = column.collect();
    Column::new(name.into(), values)
}

fn times(values: &[Option<i64>], name: &str) -> PolarsResult<Column> {
    Column::new(name.into(), values.to_vec()).cast(&DataType::Datetime(
        TimeUnit::Microseconds,
        Some(polars::prelude::TimeZone::UTC),
    ))
}

fn frame(c: &TicketColumns) -> PolarsResult<DataFrame> {
    let coded = |col: &goal_datagen::CodedColumn, name: &str| {
        strings(col.iter().map(|v| v.map(str::to_owned)), name)
    };
    let n = c.created_at.len();
    let columns = vec![
        strings((0..n).map(|i| c.ticket_id.get(i)), "ticket_id"),
        times(&c.created_at, "created_at")?,
        times(&c.first_response_at, "first_response_at")?,
        times(&c.solved_at, "solved_at")?,
        coded(&c.channel, "channel"),
        coded(&c.priority, "priority"),
        coded(&c.topic, "topic"),
        strings((0..n).map(|i| c.customer.get(i)), "customer"),
        coded(&c.agent, "agent"),
        coded(&c.team, "team"),
        Column::new("agent_replies".into(), c.agent_replies.clone()),
        Column::new("reopens".into(), c.reopens.clone()),
        Column::new("reassignments".into(), c.reassignments.clone()),
        Column::new("escalated".into(), c.escalated.clone()),
        Column::new("transferred".into(), c.transferred.clone()),
        Column::new("sla_met".into(), c.sla_met.clone()),
        Column::new(
            "csat".into(),
            c.csat.iter().map(|v| v.map(i32::from)).collect::<Vec<_>>(),
        ),
        Column::new("kb_linked".into(), c.kb_linked.clone()),
        Column::new("self_service".into(), c.self_service.clone()),
    ];
    DataFrame::new(n, columns)
}

/// Writes `tickets` rows as Parquet files of a million rows each into `dir`.
fn generate(dir: &Path, tickets: u64) -> PolarsResult<()> {
    std::fs::create_dir_all(dir)?;
    let config = Config {
        tickets,
        bad_rows: false,
        ..Config::default()
    };
    let mut generator = goal_datagen::tickets(&config);
    let mut part = 0;
    while let Some(chunk) = generator.next_chunk(1_000_000) {
        let mut df = frame(&chunk)?;
        let file = std::fs::File::create(dir.join(format!("part-{part:03}.parquet")))?;
        ParquetWriter::new(file).finish(&mut df)?;
        part += 1;
    }
    Ok(())
}

/// Resets the peak resident set size, so the next reading is the peak of what follows.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident set size since the last reset, in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// What a measured job returns: the values it computed.
type Values = PolarsResult<Vec<Option<f64>>>;

/// Best wall time, peak memory and last result of each job, run `runs` times in turn (every
/// job once, then every job again), so that a change in the host's load weighs on all jobs
/// alike rather than on whichever ran during it.
fn measure(runs: usize, jobs: &mut [&mut dyn FnMut() -> Values]) -> Vec<(Duration, f64, Values)> {
    let mut out: Vec<(Duration, f64, Values)> = jobs
        .iter()
        .map(|_| (Duration::MAX, 0.0, Ok(Vec::new())))
        .collect();
    for _ in 0..runs.max(1) {
        for (job, (best, peak, last)) in jobs.iter_mut().zip(&mut out) {
            reset_peak();
            let start = Instant::now();
            let values = job();
            *best = (*best).min(start.elapsed());
            *peak = peak.max(peak_mib());
            *last = values;
        }
    }
    out
}

fn evaluate(dir: &Path, n: usize) -> Vec<Option<f64>> {
    let mut files = Sources::new();
    files.add("bench.goal", goals_text(n));
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
    let checked = goal_compiler::check(
        &files,
        &Options {
            today: as_of,
            ..Options::default()
        },
    );
    assert_eq!(checked.goals.len(), n, "every benchmark goal compiles");
    let evaluation = goal_runtime::evaluate(&goal_runtime::Request {
        goals: &checked.goals,
        files: &files,
        sources: vec![(
            SourceDecl::canonical("tickets", Population::Tickets),
            dir.to_path_buf(),
        )],
        as_of,
        period: PeriodUnit::Quarter,
        by: None,
        settings: EvalSettings::default(),
    });
    evaluation
        .goals
        .iter()
        .map(|g| g.current.as_ref().and_then(|m| m.value))
        .collect()
}

/// The hand-written queries.
#[derive(Clone, Copy, PartialEq)]
enum Hand {
    /// Filtered aggregations over the whole scan.
    Plain,
    /// The same after a frame-level filter to tickets created or solved in Q3 2026, which
    /// polars pushes into the Parquet scan (row groups outside it are skipped, the other
    /// columns decoded only for matching rows): the plan an expert would write for data it
    /// trusts.
    Filtered,
    /// The plain query, dropping first the rows docs/data.md excludes.
    Checked,
}

/// The data files, in order.
fn parquet_files(dir: &Path) -> PolarsResult<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    Ok(files)
}

fn scan(file: &Path) -> PolarsResult<LazyFrame> {
    LazyFrame::scan_parquet(
        PlRefPath::new(file.to_string_lossy().into_owned()),
        ScanArgsParquet::default(),
    )
}

fn micros(c: &str) -> Expr {
    col(c).dt().timestamp(TimeUnit::Microseconds)
}

fn in_q3(c: &str) -> Expr {
    micros(c)
        .gt_eq(lit(Q3_START))
        .and(micros(c).lt(lit(Q3_END)))
}

/// A known channel.
fn known_channel() -> Expr {
    CHANNELS
        .iter()
        .map(|c| col("channel").eq(lit(*c)))
        .reduce(Expr::or)
        .unwrap_or_else(|| lit(false))
}

/// The first 20 goals' values as aggregations of one `select`: filtered aggregations for
/// tickets created in Q3 2026 and for tickets solved in it.
fn aggregations() -> Vec<Expr> {
    let ticket = col("self_service").fill_null(lit(false)).not();
    let share = |cond: Expr, filter: Expr, name: &str| {
        (cond
            .fill_null(lit(false))
            .cast(DataType::Float64)
            .filter(filter)
            .mean()
            * lit(100.0))
        .alias(name)
    };
    let created = in_q3("created_at").and(ticket.clone());
    let solved = in_q3("solved_at").and(ticket);
    let mut aggs = Vec::new();
    let frt = micros("first_response_at") - micros("created_at");
    for (i, c) in CHANNELS.iter().enumerate() {
        aggs.push(share(
            frt.clone().lt_eq(lit(60_000_000)),
            created.clone().and(col("channel").eq(lit(*c))),
            &format!("v{i}"),
        ));
    }
    for (i, t) in TEAMS.iter().enumerate() {
        aggs.push(share(
            col("csat").gt_eq(lit(4)),
            solved
                .clone()
                .and(col("csat").is_not_null())
                .and(col("team").eq(lit(*t))),
            &format!("v{}", CHANNELS.len() + i),
        ));
    }
    aggs.push(share(
        col("escalated"),
        created.clone().and(col("escalated").is_not_null()),
        "v13",
    ));
    aggs.push(share(
        col("transferred"),
        created.clone().and(col("transferred").is_not_null()),
        "v14",
    ));
    aggs.push(share(col("reopens").gt(lit(0)), solved.clone(), "v15"));
    aggs.push(share(
        col("reassignments").gt(lit(0)),
        created.clone(),
        "v16",
    ));
    aggs.push(share(
        col("agent_replies")
            .eq(lit(1))
            .and(col("reopens").eq(lit(0))),
        solved.clone(),
        "v17",
    ));
    aggs.push(share(
        col("kb_linked"),
        created.and(col("kb_linked").is_not_null()),
        "v18",
    ));
    aggs.push(
        ((micros("solved_at") - micros("created_at")).cast(DataType::Float64) / lit(1e6))
            .filter(solved)
            .quantile(lit(0.5), QuantileMethod::Linear)
            .alias("v19"),
    );
    aggs
}

/// The 20 values of the one-row result of [`aggregations`].
fn values(df: &DataFrame) -> PolarsResult<Vec<Option<f64>>> {
    (0..20)
        .map(|i| {
            let c = df.column(&format!("v{i}"))?.cast(&DataType::Float64)?;
            Ok(c.f64()?.get(0))
        })
        .collect()
}

/// The first 20 goals' values, written by hand as one polars query: one scan, the
/// [`aggregations`]. `Hand::Checked` also drops the rows docs/data.md excludes (a repeated
/// ticket id, no creation time, an unknown channel), as it must to give the same values on
/// data that has such rows; the benchmark data has none, so every variant gives the same
/// values.
fn hand_written(dir: &Path, variant: Hand) -> PolarsResult<Vec<Option<f64>>> {
    let scans = parquet_files(dir)?
        .iter()
        .map(|f| scan(f))
        .collect::<PolarsResult<Vec<_>>>()?;
    let mut all = concat(scans, UnionArgs::default())?;
    if variant == Hand::Checked {
        all = all.filter(
            col("ticket_id")
                .is_first_distinct()
                .and(col("ticket_id").is_not_null())
                .and(col("created_at").is_not_null())
                .and(known_channel()),
        );
    }
    if variant == Hand::Filtered {
        all = all.filter(in_q3("created_at").or(in_q3("solved_at")));
    }
    let df = all
        .select(aggregations())
        .collect_with_engine(Engine::Streaming)?
        .unwrap_single();
    values(&df)
}

/// The columns [`aggregations`] read.
const READ: [&str; 13] = [
    "created_at",
    "first_response_at",
    "solved_at",
    "channel",
    "team",
    "csat",
    "escalated",
    "transferred",
    "reopens",
    "reassignments",
    "agent_replies",
    "kb_linked",
    "self_service",
];

/// The expert plan with the row checks of docs/data.md, so that it gives goal's values on any
/// data: in one batch, every file's ticket ids (for repeated ids among all rows) and, filtered
/// first to Q3 2026 inside the scan, the columns the values need with each row's file and row
/// number; then the repeated rows are found with the fastest exact method available (goal's
/// own, `goal_runtime::distinct`: polars' `is_first_distinct` takes about 6 s more), the rows
/// without an id or a creation time or with an unknown channel dropped, and the values
/// aggregated in memory.
fn hand_expert(dir: &Path) -> PolarsResult<Vec<Option<f64>>> {
    let files = parquet_files(dir)?;
    let numbered = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            Ok(scan(f)?
                .with_row_index("row", None)
                .with_column(lit(i as u32).cast(DataType::UInt32).alias("file")))
        })
        .collect::<PolarsResult<Vec<_>>>()?;
    let read: Vec<Expr> = ["ticket_id", "file", "row"]
        .into_iter()
        .chain(READ)
        .map(col)
        .collect();
    let rows = concat(numbered, UnionArgs::default())?
        .filter(in_q3("created_at").or(in_q3("solved_at")))
        .select(read);
    let mut plans = vec![rows.logical_plan];
    for f in &files {
        plans.push(scan(f)?.select([col("ticket_id")]).logical_plan);
    }
    let mut frames =
        LazyFrame::collect_all_with_engine(plans, Engine::Streaming, OptFlags::default())?;
    let mut rows = frames.remove(0);
    let keys = frames
        .iter()
        .map(|f| f.column("ticket_id").and_then(|c| c.str()))
        .collect::<PolarsResult<Vec<_>>>()?;
    let repeats = goal_runtime::distinct::Repeats::find(&keys)?;
    let repeated = repeats.flags(rows.column("file")?.u32()?, rows.column("row")?.idx()?);
    rows.with_column(repeated.with_name("repeated".into()).into_column())?;
    let df = rows
        .lazy()
        .filter(
            col("repeated")
                .not()
                .and(col("ticket_id").is_not_null())
                .and(col("created_at").is_not_null())
                .and(known_channel()),
        )
        .select(aggregations())
        .collect()?;
    values(&df)
}

fn main() -> PolarsResult<()> {
    let tickets: u64 = std::env::var("GOAL_BENCH_TICKETS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let runs: usize = std::env::var("GOAL_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let dir = std::env::temp_dir().join(format!("goal-bench-{tickets}"));
    if !dir.join("part-000.parquet").exists() {
        let start = Instant::now();
        generate(&dir, tickets)?;
        println!(
            "generated {tickets} tickets as Parquet in {:.1?}",
            start.elapsed()
        );
    }
    let only = std::env::var("GOAL_BENCH_ONLY").ok();
    if only.as_deref() == Some("expert") {
        let results = measure(runs, &mut [&mut || hand_expert(&dir)]);
        let (time, peak) = (results[0].0, results[0].1);
        println!("expert plan with row checks: {time:.3?}  {peak:.0} MiB");
        return Ok(());
    }
    if let Some(n) = only.and_then(|v| v.parse::<usize>().ok()) {
        // One measurement alone, for profiling.
        let results = measure(runs, &mut [&mut || Ok(evaluate(&dir, n))]);
        let (time, peak) = (results[0].0, results[0].1);
        println!("goal eval, {n} goals: {time:.3?}  {peak:.0} MiB");
        return Ok(());
    }
    let mut results = measure(
        runs,
        &mut [
            &mut || hand_written(&dir, Hand::Plain),
            &mut || hand_written(&dir, Hand::Filtered),
            &mut || hand_written(&dir, Hand::Checked),
            &mut || hand_expert(&dir),
            &mut || Ok(evaluate(&dir, 1)),
            &mut || Ok(evaluate(&dir, 20)),
            &mut || Ok(evaluate(&dir, 50)),
        ],
    )
    .into_iter();
    let mut next = || results.next().expect("seven measurements");
    let (hand_time, hand_peak, hand) = next();
    let hand = hand?;
    let (filtered_time, filtered_peak, filtered) = next();
    assert_eq!(filtered?, hand, "the frame-level filter changes no value");
    let (checked_time, checked_peak, checked) = next();
    assert_eq!(checked?, hand, "the checks change nothing on clean data");
    let (expert_time, expert_peak, expert) = next();
    assert_eq!(expert?, hand, "the expert plan gives the same values");
    let (one_time, one_peak, _) = next();
    let (twenty_time, twenty_peak, twenty) = next();
    let twenty = twenty?;
    let (fifty_time, fifty_peak, _) = next();
    for (i, (a, b)) in twenty.iter().zip(&hand).enumerate() {
        let same = match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-6 * b.abs().max(1.0),
            (None, None) => true,
            _ => false,
        };
        assert!(same, "goal g{i}: runtime {a:?}, hand-written {b:?}");
    }
    println!("tickets: {tickets}, best of {runs} runs, peak resident memory of each");
    println!("hand-written query, 20 values: {hand_time:>10.3?}  {hand_peak:>8.0} MiB");
    println!("hand-written, filtered first:  {filtered_time:>10.3?}  {filtered_peak:>8.0} MiB");
    println!("hand-written with row checks:  {checked_time:>10.3?}  {checked_peak:>8.0} MiB");
    println!("expert plan with row checks:   {expert_time:>10.3?}  {expert_peak:>8.0} MiB");
    println!("goal eval, 1 goal:             {one_time:>10.3?}  {one_peak:>8.0} MiB");
    println!("goal eval, 20 goals:           {twenty_time:>10.3?}  {twenty_peak:>8.0} MiB");
    println!("goal eval, 50 goals:           {fifty_time:>10.3?}  {fifty_peak:>8.0} MiB");
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "20 goals / hand-written: {:.2}x   / filtered first: {:.2}x   / with row checks: {:.2}x   / expert with row checks: {:.2}x   50 goals / 1 goal: {:.2}x",
        ratio(twenty_time, hand_time),
        ratio(twenty_time, filtered_time),
        ratio(twenty_time, checked_time),
        ratio(twenty_time, expert_time),
        ratio(fifty_time, one_time)
    );
    Ok(())
}
