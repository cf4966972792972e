//! All measures over all tables as one batch of lazy queries, collected together so the
//! scans and cleaning are shared (common sub-plan elimination): per-day partial aggregates for
//! every measure that sums by day (one query per table and date key giving every measure's
//! record flag and value per row, summed per day by `day_sums.rs`), and one small query per
//! range for the rest (percentiles, backlog snapshots, top topics, agent spread, staff tables).

use crate::measure::{DateKey, Kind, Measure, Summary, TopicMetric, repeat_column};
use crate::model::Measurement;
use crate::source::clean_message;
use crate::table::Periods;
use chrono::{Duration, NaiveDate, TimeZone as _};
use goal_compiler::calendar::DateRange;
use goal_compiler::catalogue::{Population, Statistic};
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A cleaned table ready for measuring.
struct Input {
    /// Canonical columns.
    frame: LazyFrame,
    /// Columns it has.
    columns: BTreeSet<&'static str>,
}

/// A registered measure.
pub type MeasureId = usize;

/// Collects measures and the ranges they are needed over, then runs everything at once.
pub struct Planner {
    /// The canonical columns of each table.
    columns: BTreeMap<Population, BTreeSet<&'static str>>,
    measures: Vec<Measure>,
    keys: BTreeMap<String, MeasureId>,
    ranges: BTreeSet<(MeasureId, DateRange)>,
    /// Per by-day measure, the first and last day any range needs.
    spans: BTreeMap<MeasureId, DateRange>,
    by: Option<String>,
    as_of: NaiveDate,
    zone: chrono_tz::Tz,
}

/// What a range query returns.
enum RangeOutput {
    /// `v` (value), `n` (records), grouped or not.
    Value,
    /// `_value` of every record, grouped or not: the `q` quantile is taken once collected
    /// ([`linear_quantile`]).
    Quantile(f64),
    /// Per topic: `topic`, `n`, `approved`, `article`.
    Topics,
    /// Per agent: `agent`, `mean`.
    Agents,
}

/// Values computed by [`Planner::run`].
pub struct Results {
    by_day: BTreeMap<MeasureId, DayTable>,
    ranged: BTreeMap<(MeasureId, DateRange), RangeTable>,
    staff: Option<StaffTable>,
    meetings: Option<Vec<(String, i32)>>,
    measures: Vec<Measure>,
}

/// Per-day partial aggregates: day → group → (sum, count, extreme).
type DayTable = BTreeMap<i32, BTreeMap<Option<String>, (f64, f64, Option<f64>)>>;

enum RangeTable {
    Values(BTreeMap<Option<String>, (Option<f64>, f64)>),
    Topics(Vec<TopicRow>),
    Agents(Vec<f64>),
}

/// One topic's counts over a range.
#[derive(Debug, Clone)]
pub struct TopicRow {
    /// The topic.
    pub topic: String,
    /// Its tickets.
    pub tickets: f64,
    /// Of which answered with the approved response.
    pub approved: f64,
    /// Whether its latest ticket says a help-center article exists.
    pub article: bool,
}

struct StaffTable {
    /// Per measure: the staff rows its scope keeps.
    rows: BTreeMap<MeasureId, Vec<StaffRow>>,
}

#[derive(Debug, Clone)]
struct StaffRow {
    person: String,
    manager: Option<String>,
    hired: Option<i32>,
    left: Option<i32>,
    voluntary: bool,
}

impl Planner {
    /// A planner over tables with these canonical columns, with data up to the end of
    /// `as_of` in `zone`.
    pub fn new(
        columns: BTreeMap<Population, BTreeSet<&'static str>>,
        by: Option<String>,
        as_of: NaiveDate,
        zone: chrono_tz::Tz,
    ) -> Self {
        Planner {
            columns,
            measures: Vec::new(),
            keys: BTreeMap::new(),
            ranges: BTreeSet::new(),
            spans: BTreeMap::new(),
            by,
            as_of,
            zone,
        }
    }

    /// Registers a measure (measures with the same definition are computed once).
    pub fn measure(&mut self, measure: Measure) -> MeasureId {
        let key = format!(
            "{:?}|{:?}|{:?}|{:?}",
            measure.population, measure.date, measure.filter, measure.kind
        );
        if let Some(id) = self.keys.get(&key) {
            return *id;
        }
        let id = self.measures.len();
        self.measures.push(measure);
        self.keys.insert(key, id);
        id
    }

    /// Asks for a measure over a range.
    pub fn need(&mut self, id: MeasureId, range: DateRange) {
        if range.start > range.end {
            return;
        }
        if self.measures[id].by_day() {
            let span = self.spans.entry(id).or_insert(range);
            span.start = span.start.min(range.start);
            span.end = span.end.max(range.end);
        } else {
            self.ranges.insert((id, range));
        }
    }

    /// Per table with dated measures, the rows they read: for each date key, the instants of
    /// every span and range asked for; for a backlog, every ticket created before its end;
    /// for repeat contact, also the window after the span (the next contact). Tables without
    /// dated measures are read whole (`None`).
    pub fn periods(&self) -> BTreeMap<Population, Periods> {
        let mut periods: BTreeMap<Population, Periods> = BTreeMap::new();
        let asked = self
            .spans
            .iter()
            .map(|(id, range)| (*id, *range))
            .chain(self.ranges.iter().copied());
        for (id, range) in asked {
            let m = &self.measures[id];
            if !m.dated() {
                continue;
            }
            let (column, start, mut end) = match m.kind {
                Kind::Backlog { .. } => (
                    "created_at",
                    i64::MIN,
                    self.end_of(range.end.min(self.as_of)),
                ),
                _ => (
                    m.date.column(),
                    self.end_of(range.start - Duration::days(1)),
                    self.end_of(range.end),
                ),
            };
            let scope = periods
                .entry(m.population)
                .or_insert_with(|| Some(BTreeMap::new()));
            if let Some(window) = m.repeat_window {
                if m.date != DateKey::Created {
                    *scope = None;
                }
                end = end.saturating_add(window.saturating_mul(1_000_000));
            }
            if let Some(columns) = scope {
                columns.entry(column).or_default().push((start, end));
            }
        }
        for columns in periods.values_mut().flatten() {
            columns.values_mut().for_each(merge);
        }
        periods
    }

    /// The end of `day` in the reporting zone, in microseconds since the epoch (UTC).
    fn end_of(&self, day: NaiveDate) -> i64 {
        let next = (day + Duration::days(1))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default();
        self.zone
            .from_local_datetime(&next)
            .earliest()
            .map_or(next.and_utc().timestamp_micros(), |t| t.timestamp_micros())
    }

    /// The day of `column` in the reporting zone, right for instants from the start of `from`
    /// to the end of `to` only: the zone's offset as a few steps (its changes over those days),
    /// not a time-zone lookup per row.
    fn day_between(&self, column: &str, from: NaiveDate, to: NaiveDate) -> Expr {
        let micros = col(column).dt().timestamp(TimeUnit::Microseconds);
        let steps = offset_steps(&self.zone, from, to);
        let mut offset = lit(steps.first().map_or(0, |s| s.1) * 1_000_000);
        for (start, seconds) in steps.iter().skip(1) {
            offset = when(micros.clone().gt_eq(lit(*start)))
                .then(lit(seconds * 1_000_000))
                .otherwise(offset);
        }
        (micros + offset)
            .cast(DataType::Datetime(TimeUnit::Microseconds, None))
            .dt()
            .date()
            .cast(DataType::Int32)
    }

    /// The day of `column` in the reporting zone (a time-zone lookup per row).
    fn day(&self, column: &str) -> Expr {
        let zone = polars::prelude::TimeZone::from_chrono(&self.zone);
        col(column)
            .dt()
            .convert_time_zone(zone)
            .dt()
            .date()
            .cast(DataType::Int32)
    }

    fn as_of_instant(&self) -> Expr {
        lit(self.end_of(self.as_of)).cast(DataType::Datetime(
            TimeUnit::Microseconds,
            Some(polars::prelude::TimeZone::UTC),
        ))
    }

    /// The tickets table with the columns measures derive: `_as_of`, and the repeat-contact
    /// flags (one sort of all tickets by customer and time, then a comparison with the next
    /// row: no per-customer window).
    fn tickets(&self, input: &Input) -> LazyFrame {
        let mut frame = input
            .frame
            .clone()
            .with_column(self.as_of_instant().alias("_as_of"));
        let windows: BTreeSet<i64> = self
            .measures
            .iter()
            .filter_map(|m| m.repeat_window)
            .collect();
        if !windows.is_empty() {
            let self_service = if input.columns.contains("self_service") {
                col("self_service").fill_null(lit(false))
            } else {
                lit(false)
            };
            frame = frame.with_column(self_service.alias("_ss")).sort_by_exprs(
                [col("_ss"), col("customer"), col("created_at")],
                SortMultipleOptions::default().with_nulls_last(true),
            );
            let created = col("created_at").dt().timestamp(TimeUnit::Microseconds);
            let next = created.clone().shift(lit(-1));
            let same = col("customer")
                .eq(col("customer").shift(lit(-1)))
                .and(col("_ss").shift(lit(-1)).eq(lit(false)))
                .fill_null(lit(false));
            let flags: Vec<Expr> = windows
                .iter()
                .map(|w| {
                    same.clone()
                        .and((next.clone() - created.clone()).lt_eq(lit(w * 1_000_000)))
                        .fill_null(lit(false))
                        .alias(repeat_column(*w).as_str())
                })
                .collect();
            frame = frame.with_columns(flags);
        }
        frame
    }

    /// Runs every query over the tables' rows (`frames`, cleaned for [`Planner::periods`]),
    /// and `extras` (the data-quality counts), in one batch.
    pub fn run(
        self,
        frames: BTreeMap<Population, LazyFrame>,
        extras: Vec<LazyFrame>,
    ) -> Result<(Results, Vec<DataFrame>), String> {
        let inputs: BTreeMap<Population, Input> = frames
            .into_iter()
            .filter_map(|(p, frame)| {
                let columns = self.columns.get(&p)?.clone();
                Some((p, Input { frame, columns }))
            })
            .collect();
        let mut plans: Vec<LazyFrame> = Vec::new();
        let mut readers: Vec<Reader> = Vec::new();
        // Every table whose measures place records by a date key (tickets, QA reviews): the
        // tickets with their derived columns, the others as they are.
        let frames: BTreeMap<Population, LazyFrame> = inputs
            .iter()
            .filter(|(p, _)| {
                self.measures
                    .iter()
                    .any(|m| m.population == **p && m.dated())
            })
            .map(|(p, input)| {
                let frame = match p {
                    Population::Tickets => self.tickets(input),
                    _ => input.frame.clone(),
                };
                (*p, frame)
            })
            .collect();
        // The breakdown, for the tables that have its column.
        let group_of = |p: Population| {
            self.by
                .as_deref()
                .filter(|g| goal_compiler::schema::find_column(p, g).is_some())
        };
        // Per-day aggregates: one query per table and date key.
        let mut keys: BTreeMap<(Population, DateKey), Vec<MeasureId>> = BTreeMap::new();
        for (id, m) in self.measures.iter().enumerate() {
            if m.by_day() && frames.contains_key(&m.population) {
                keys.entry((m.population, m.date)).or_default().push(id);
            }
        }
        for ((population, key), ids) in keys {
            let frame = frames[&population].clone();
            plans.push(self.day_query(frame, key, &ids, group_of(population)));
            readers.push(Reader::Days(ids));
        }
        // Range queries: the whole range, and per group of the breakdown where the
        // aggregation has one.
        for (id, range) in &self.ranges {
            let m = &self.measures[*id];
            let Some(frame) = frames.get(&m.population).filter(|_| m.dated()) else {
                continue;
            };
            let (plan, output) = self.range_query(frame.clone(), m, *range, None);
            plans.push(plan);
            readers.push(Reader::Range(*id, *range, output));
            let groupable = matches!(m.kind, Kind::Quantile { .. } | Kind::Backlog { .. });
            if let (Some(g), true) = (group_of(m.population), groupable) {
                let (plan, output) = self.range_query(frame.clone(), m, *range, Some(g));
                plans.push(plan);
                readers.push(Reader::Range(*id, *range, output));
            }
        }
        // Staff and meetings, small tables read whole.
        let staff_measures: Vec<MeasureId> = self
            .measures
            .iter()
            .enumerate()
            .filter(|(_, m)| matches!(m.kind, Kind::OneOnOneCoverage | Kind::Turnover))
            .map(|(id, _)| id)
            .collect();
        if let Some(staff) = inputs.get(&Population::Staff) {
            for id in &staff_measures {
                let m = &self.measures[*id];
                let text = |c: &'static str| {
                    if staff.columns.contains(c) {
                        col(c).cast(DataType::String)
                    } else {
                        lit(NULL).cast(DataType::String)
                    }
                };
                let day = |c: &'static str| {
                    if staff.columns.contains(c) {
                        col(c).cast(DataType::Int32)
                    } else {
                        lit(NULL).cast(DataType::Int32)
                    }
                };
                plans.push(staff.frame.clone().filter(m.filter.clone()).select([
                    text("person").alias("person"),
                    text("manager").alias("manager"),
                    day("hired_on").alias("hired"),
                    day("left_on").alias("left"),
                    text("leave_reason").alias("reason"),
                ]));
                readers.push(Reader::Staff(*id));
            }
        }
        let coverage = self
            .measures
            .iter()
            .any(|m| matches!(m.kind, Kind::OneOnOneCoverage));
        if let (true, Some(meetings)) = (coverage, inputs.get(&Population::Meetings)) {
            plans.push(
                meetings
                    .frame
                    .clone()
                    .filter(
                        col("kind")
                            .eq(lit("one_on_one"))
                            .and(col("held_at").is_not_null())
                            .and(col("report").is_not_null()),
                    )
                    .select([
                        col("report").cast(DataType::String).alias("report"),
                        self.day("held_at").alias("day"),
                    ]),
            );
            readers.push(Reader::Meetings);
        }
        let extra_count = extras.len();
        plans.extend(extras);
        let mut frames = collect(plans)?;
        let extra_frames = frames.split_off(frames.len().saturating_sub(extra_count));
        let mut results = Results {
            by_day: BTreeMap::new(),
            ranged: BTreeMap::new(),
            staff: None,
            meetings: None,
            measures: self.measures,
        };
        // Each query's frame read on its own, the queries shared out between the cores.
        let measures = &results.measures;
        let jobs: Vec<(Reader, DataFrame)> = readers.into_iter().zip(frames).collect();
        let found = in_parallel(jobs, |(reader, df)| reader.read(&df, measures))
            .ok_or_else(|| "reading the query results failed".to_owned())?;
        for found in found {
            results.absorb(found.map_err(|e| clean_message(&e))?);
        }
        Ok((results, extra_frames))
    }

    /// One query per date key: every measure's record flag and value become plain columns
    /// (each value shared by several measures computed once), over the rows of the days some
    /// range needs; `day_sums.rs` sums them per day once collected.
    fn day_query(
        &self,
        frame: LazyFrame,
        key: DateKey,
        ids: &[MeasureId],
        group: Option<&str>,
    ) -> LazyFrame {
        let spans = ids.iter().filter_map(|id| self.spans.get(id));
        let first = spans.clone().map(|s| s.start).min();
        let last = spans.map(|s| s.end).max();
        let mut columns = Vec::new();
        columns.push(
            match (first, last) {
                (Some(f), Some(l)) => self.day_between(key.column(), f, l),
                _ => self.day(key.column()),
            }
            .alias("_day"),
        );
        if let Some(g) = group {
            columns.push(col(g).cast(DataType::String).alias("_group"));
        }
        // Two stages: first every measure's record flag and each distinct value expression
        // (many measures share one, such as a first response within 60 seconds), then the
        // per-measure columns summed per day, made from those.
        let mut flags = columns.clone();
        let mut sums = vec![col("_day")];
        if group.is_some() {
            sums.push(col("_group"));
        }
        // Conditions stay booleans (summed as counts); other values become numbers.
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        let mut value_column = |value: &Expr, condition: bool, flags: &mut Vec<Expr>| {
            let next = format!("_v{}", values.len());
            let name = values
                .entry(format!("{condition} {value:?}"))
                .or_insert_with(|| {
                    let value = if condition {
                        value.clone()
                    } else {
                        value.clone().cast(DataType::Float64)
                    };
                    flags.push(value.alias(next.as_str()));
                    next
                });
            col(name.as_str())
        };
        for id in ids {
            let m = &self.measures[*id];
            let f = format!("_f{id}");
            flags.push(m.filter.clone().fill_null(lit(false)).alias(f.as_str()));
            let counted = col(f.as_str());
            let n = format!("n{id}");
            sums.push(counted.clone().alias(n.as_str()));
            match &m.kind {
                Kind::Share {
                    value, condition, ..
                } => {
                    let s = format!("s{id}");
                    let v = value_column(value, *condition, &mut flags);
                    let summed = if *condition {
                        counted.and(v)
                    } else {
                        when(counted).then(v).otherwise(lit(0.0))
                    };
                    sums.push(summed.alias(s.as_str()));
                }
                Kind::Extreme { value, .. } => {
                    let e = format!("e{id}");
                    let v = value_column(value, false, &mut flags);
                    sums.push(
                        when(counted)
                            .then(v)
                            .otherwise(lit(NULL).cast(DataType::Float64))
                            .alias(e.as_str()),
                    );
                }
                _ => {}
            }
        }
        let instant = col(key.column()).dt().timestamp(TimeUnit::Microseconds);
        let needed = match (first, last) {
            (Some(f), Some(l)) => instant
                .clone()
                .gt_eq(lit(self.end_of(f - Duration::days(1))))
                .and(instant.lt(lit(self.end_of(l)))),
            _ => lit(false),
        };
        // Summed per day after collecting (day_sums.rs): the flags of the needed days only.
        frame.filter(needed).select(flags).select(sums)
    }

    fn range_query(
        &self,
        frame: LazyFrame,
        m: &Measure,
        range: DateRange,
        group: Option<&str>,
    ) -> (LazyFrame, RangeOutput) {
        // The range's first and last days in the reporting zone as instants: two integer
        // comparisons per row, no time-zone conversion.
        let instant = col(m.date.column()).dt().timestamp(TimeUnit::Microseconds);
        let in_range = instant
            .clone()
            .gt_eq(lit(self.end_of(range.start - Duration::days(1))))
            .and(instant.lt(lit(self.end_of(range.end))));
        let filter = m.filter.clone().fill_null(lit(false));
        // Per group, the rows without one are left out: they belong to no group shown, and
        // their key would be the whole range's.
        let frame = match group {
            Some(g) => frame.filter(col(g).is_not_null()),
            None => frame,
        };
        let grouped = |f: LazyFrame, aggs: Vec<Expr>| match group {
            Some(g) => f
                .group_by([col(g).cast(DataType::String).alias("_group")])
                .agg(aggs),
            None => f.select(aggs),
        };
        match &m.kind {
            Kind::Quantile { value, q } => {
                // The values, not polars' quantile: over a column in several chunks (as the
                // streaming engine makes them) it sorts them all.
                let mut columns = vec![value.clone().cast(DataType::Float64).alias("_value")];
                if let Some(g) = group {
                    columns.push(col(g).cast(DataType::String).alias("_group"));
                }
                let f = frame.filter(in_range.and(filter)).select(columns);
                (f, RangeOutput::Quantile(*q))
            }
            Kind::Backlog { stat } => {
                let end = lit(self.end_of(range.end.min(self.as_of)));
                let created = col("created_at").dt().timestamp(TimeUnit::Microseconds);
                let solved = col("solved_at").dt().timestamp(TimeUnit::Microseconds);
                let open = created
                    .clone()
                    .lt(end.clone())
                    .and(solved.clone().is_null().or(solved.gt_eq(end.clone())));
                let age = ((end - created).cast(DataType::Float64) / lit(1e6)).alias("_age");
                let f = frame.filter(filter.and(open)).with_column(age);
                let a = col("_age");
                let v = match stat {
                    Summary::Within(t) => {
                        a.lt_eq(lit(*t)).cast(DataType::Float64).mean() * lit(100.0)
                    }
                    Summary::Stat(Statistic::Mean) => a.mean(),
                    Summary::Stat(Statistic::Median) => {
                        a.quantile(lit(0.5), QuantileMethod::Linear)
                    }
                    Summary::Stat(Statistic::Percentile(p)) => {
                        a.quantile(lit(f64::from(*p) / 100.0), QuantileMethod::Linear)
                    }
                    Summary::Stat(Statistic::Min) => a.min(),
                    Summary::Stat(Statistic::Max) => a.max(),
                };
                let aggs = vec![
                    v.cast(DataType::Float64).alias("v"),
                    len().cast(DataType::Float64).alias("n"),
                ];
                (grouped(f, aggs), RangeOutput::Value)
            }
            Kind::TopTopics { .. } => {
                let approved = col("approved_response")
                    .fill_null(lit(false))
                    .cast(DataType::Float64)
                    .sum()
                    .alias("approved");
                let article = col("help_article")
                    .sort_by([col("created_at")], SortMultipleOptions::default())
                    .last()
                    .fill_null(lit(false))
                    .alias("article");
                let mut aggs = vec![len().cast(DataType::Float64).alias("n")];
                if self.has("approved_response") {
                    aggs.push(approved);
                }
                if self.has("help_article") {
                    aggs.push(article);
                }
                let plan = frame
                    .filter(in_range.and(filter))
                    .group_by([col("topic").cast(DataType::String).alias("topic")])
                    .agg(aggs);
                (plan, RangeOutput::Topics)
            }
            _ => {
                // Agent spread.
                let plan = frame
                    .filter(in_range.and(filter))
                    .group_by([col("agent")])
                    .agg([col("qa_score").mean().cast(DataType::Float64).alias("mean")]);
                (plan, RangeOutput::Agents)
            }
        }
    }

    fn has(&self, column: &str) -> bool {
        self.columns
            .get(&Population::Tickets)
            .is_some_and(|c| c.contains(column))
    }
}

/// The zone's UTC offset in seconds from the start of `from` to the end of `to`: the offset in
/// force at the start, then each change as (first instant in microseconds, new offset).
fn offset_steps(zone: &chrono_tz::Tz, from: NaiveDate, to: NaiveDate) -> Vec<(i64, i64)> {
    use chrono::Offset as _;
    let offset_at = |seconds: i64| {
        chrono::DateTime::from_timestamp(seconds, 0).map_or(0, |t| {
            i64::from(
                zone.offset_from_utc_datetime(&t.naive_utc())
                    .fix()
                    .local_minus_utc(),
            )
        })
    };
    // A day before and after: local days start up to 26 hours away from UTC midnight.
    let first = (from - Duration::days(2))
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
        .timestamp();
    let last = (to + Duration::days(2))
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
        .timestamp();
    let mut steps = vec![(i64::MIN, offset_at(first))];
    let mut at = first;
    while at < last {
        let next = at + 86_400;
        let (before, after) = (offset_at(at), offset_at(next));
        if before != after {
            // The change lies in (at, next]: find its first second.
            let (mut low, mut high) = (at, next);
            while high - low > 1 {
                let mid = low + (high - low) / 2;
                if offset_at(mid) == before {
                    low = mid;
                } else {
                    high = mid;
                }
            }
            steps.push((high * 1_000_000, after));
        }
        at = next;
    }
    steps
}

/// Sorts spans and merges those that overlap or touch.
fn merge(spans: &mut Vec<(i64, i64)>) {
    spans.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(spans.len());
    for &(start, end) in spans.iter() {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    *spans = merged;
}

/// Days since 1970-01-01.
pub fn days(day: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    i32::try_from((day - epoch).num_days()).unwrap_or(i32::MAX)
}

/// Collects all plans in one batch on the streaming engine (`GOAL_IN_MEMORY`: the in-memory
/// engine; `GOAL_EXPLAIN`: the optimised batch is printed to standard error).
pub(crate) fn collect(plans: Vec<LazyFrame>) -> Result<Vec<DataFrame>, String> {
    let Some(first) = plans.first() else {
        return Ok(Vec::new());
    };
    let flags = first.get_current_optimizations();
    if std::env::var_os("GOAL_EXPLAIN").is_some() {
        // For performance work: the batch as polars optimised it.
        let dsl = plans.iter().map(|p| p.logical_plan.clone()).collect();
        let explained = LazyFrame::explain_all(dsl, flags).unwrap_or_else(|e| e.to_string());
        eprintln!("batch of {} queries:\n{explained}", plans.len());
    }
    let dsl = plans.into_iter().map(|p| p.logical_plan).collect();
    let engine = if std::env::var_os("GOAL_IN_MEMORY").is_some() {
        Engine::InMemory
    } else {
        Engine::Streaming
    };
    LazyFrame::collect_all_with_engine(dsl, engine, flags).map_err(|e| clean_message(&e))
}

/// What one [`Reader`] found, before [`Results::absorb`] puts it with the others.
#[derive(Default)]
struct Found {
    by_day: BTreeMap<MeasureId, DayTable>,
    ranged: BTreeMap<(MeasureId, DateRange), RangeTable>,
    staff: Option<StaffTable>,
    meetings: Option<Vec<(String, i32)>>,
}

/// `f` applied to every item, the items shared out between the cores; the results in the
/// items' order, or `None` if a thread failed.
fn in_parallel<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Option<Vec<R>> {
    let count = items.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(count)
        .max(1);
    let queue = std::sync::Mutex::new(items.into_iter().enumerate());
    let next = || queue.lock().ok().and_then(|mut q| q.next());
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    while let Some((i, item)) = next() {
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    if done.len() != count {
        return None;
    }
    done.sort_by_key(|(i, _)| *i);
    Some(done.into_iter().map(|(_, r)| r).collect())
}

enum Reader {
    Days(Vec<MeasureId>),
    Range(MeasureId, DateRange, RangeOutput),
    Staff(MeasureId),
    Meetings,
}

/// The `q` quantile of `values`, interpolated linearly between the two nearest ranks exactly as
/// polars' `QuantileMethod::Linear` does, found by selection rather than a sort.
fn linear_quantile(values: &mut [f64], q: f64) -> Option<f64> {
    let order = |a: &f64, b: &f64| {
        a.partial_cmp(b)
            .unwrap_or_else(|| a.is_nan().cmp(&b.is_nan()))
    };
    match values.len() {
        0 => return None,
        1 => return Some(values[0]),
        _ => {}
    }
    let float_idx = (values.len() as f64 - 1.0) * q;
    let idx = (float_idx as usize).min(values.len() - 1);
    let top = float_idx.ceil() as usize;
    let (_, lower, above) = values.select_nth_unstable_by(idx, order);
    let lower = *lower;
    if idx == top {
        return Some(lower);
    }
    let upper = above.iter().copied().min_by(order)?;
    Some(if lower == upper {
        lower
    } else {
        (float_idx - idx as f64) * (upper - lower) + lower
    })
}

/// A group's values present, and its records (values or not).
type Sample = (Vec<f64>, f64);

/// Per group of a quantile query's rows (`_value`, and `_group` with a breakdown): its
/// [`Sample`]. Without a breakdown, one group even over no rows.
fn quantile_inputs(df: &DataFrame) -> PolarsResult<BTreeMap<Option<String>, Sample>> {
    let values = df.column("_value")?.cast(&DataType::Float64)?;
    let values = values.f64()?;
    let Ok(group) = df.column("_group") else {
        let present = values
            .downcast_iter()
            .flat_map(|a| a.non_null_values_iter())
            .collect();
        return Ok(BTreeMap::from([(None, (present, values.len() as f64))]));
    };
    let group = group.cast(&DataType::String)?;
    let mut index: HashMap<Option<&str>, Sample> = HashMap::new();
    for (g, v) in group.str()?.iter().zip(values.iter()) {
        let (present, records) = index.entry(g).or_default();
        present.extend(v);
        *records += 1.0;
    }
    Ok(index
        .into_iter()
        .map(|(g, sums)| (g.map(str::to_owned), sums))
        .collect())
}

fn floats(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<f64>>> {
    let c = df.column(name)?.cast(&DataType::Float64)?;
    let values = c.f64()?;
    Ok(values.iter().collect())
}

fn texts(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<String>>> {
    let c = df.column(name)?.cast(&DataType::String)?;
    let values = c.str()?;
    Ok(values.iter().map(|v| v.map(str::to_owned)).collect())
}

fn ints(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<i32>>> {
    let c = df.column(name)?.cast(&DataType::Int32)?;
    Ok(c.i32()?.iter().collect())
}

fn groups(df: &DataFrame) -> PolarsResult<Vec<Option<String>>> {
    if df.column("_group").is_ok() {
        texts(df, "_group")
    } else {
        Ok(vec![None; df.height()])
    }
}

impl Reader {
    /// What the query's frame `df` gives, alone: readers run in parallel, and [`Results::absorb`]
    /// puts their findings together.
    fn read(self, df: &DataFrame, measures: &[Measure]) -> PolarsResult<Found> {
        let mut results = Found::default();
        match self {
            Reader::Days(ids) => {
                let slots = crate::day_sums::Slots::new(df)?;
                let wanted: Vec<(MeasureId, Option<bool>)> = ids
                    .iter()
                    .map(|id| match measures[*id].kind {
                        Kind::Extreme { max, .. } => (*id, Some(max)),
                        _ => (*id, None),
                    })
                    .collect();
                for (id, sums) in ids.into_iter().zip(slots.measures(df, &wanted)?) {
                    let table = results.by_day.entry(id).or_default();
                    let values = sums.values.into_iter().zip(sums.extremes);
                    for (((day, group), count), (s, e)) in
                        slots.keys.iter().zip(sums.records).zip(values)
                    {
                        if count == 0.0 {
                            continue;
                        }
                        table
                            .entry(*day)
                            .or_default()
                            .insert(group.clone(), (s, count, e));
                    }
                }
            }
            Reader::Range(id, range, output) => {
                let table = match output {
                    RangeOutput::Value => {
                        let v = floats(df, "v")?;
                        let n = floats(df, "n")?;
                        let group = groups(df)?;
                        let mut map = BTreeMap::new();
                        for ((g, v), n) in group.into_iter().zip(v).zip(n) {
                            map.insert(g, (v, n.unwrap_or(0.0)));
                        }
                        RangeTable::Values(map)
                    }
                    RangeOutput::Quantile(q) => {
                        let mut map = BTreeMap::new();
                        for (g, (mut present, records)) in quantile_inputs(df)? {
                            map.insert(g, (linear_quantile(&mut present, q), records));
                        }
                        RangeTable::Values(map)
                    }
                    RangeOutput::Topics => {
                        let topic = texts(df, "topic")?;
                        let n = floats(df, "n")?;
                        let approved =
                            floats(df, "approved").unwrap_or_else(|_| vec![None; n.len()]);
                        let article = floats(df, "article").unwrap_or_else(|_| vec![None; n.len()]);
                        let rows = (0..n.len())
                            .filter_map(|i| {
                                Some(TopicRow {
                                    topic: topic[i].clone()?,
                                    tickets: n[i].unwrap_or(0.0),
                                    approved: approved[i].unwrap_or(0.0),
                                    article: article[i].unwrap_or(0.0) > 0.0,
                                })
                            })
                            .collect();
                        RangeTable::Topics(rows)
                    }
                    RangeOutput::Agents => {
                        RangeTable::Agents(floats(df, "mean")?.into_iter().flatten().collect())
                    }
                };
                results.ranged.insert((id, range), table);
            }
            Reader::Staff(id) => {
                let person = texts(df, "person")?;
                let manager = texts(df, "manager")?;
                let hired = ints(df, "hired")?;
                let left = ints(df, "left")?;
                let reason = texts(df, "reason")?;
                let rows = (0..person.len())
                    .filter_map(|i| {
                        Some(StaffRow {
                            person: person[i].clone()?,
                            manager: manager[i].clone(),
                            hired: hired[i],
                            left: left[i],
                            voluntary: reason[i]
                                .as_deref()
                                .is_some_and(|r| r.eq_ignore_ascii_case("voluntary")),
                        })
                    })
                    .collect();
                results
                    .staff
                    .get_or_insert_with(|| StaffTable {
                        rows: BTreeMap::new(),
                    })
                    .rows
                    .insert(id, rows);
            }
            Reader::Meetings => {
                let report = texts(df, "report")?;
                let day = ints(df, "day")?;
                results.meetings = Some(
                    report
                        .into_iter()
                        .zip(day)
                        .filter_map(|(r, d)| Some((r?, d?)))
                        .collect(),
                );
            }
        }
        Ok(results)
    }
}

impl Results {
    /// Adds what one reader found: a range read whole and per group gives one table.
    fn absorb(&mut self, found: Found) {
        self.by_day.extend(found.by_day);
        for (key, table) in found.ranged {
            match (self.ranged.get_mut(&key), table) {
                (Some(RangeTable::Values(map)), RangeTable::Values(more)) => map.extend(more),
                (_, table) => {
                    self.ranged.insert(key, table);
                }
            }
        }
        if let Some(staff) = found.staff {
            self.staff
                .get_or_insert_with(|| StaffTable {
                    rows: BTreeMap::new(),
                })
                .rows
                .extend(staff.rows);
        }
        if found.meetings.is_some() {
            self.meetings = found.meetings;
        }
    }

    /// The measure over `range`, overall (`group` None) or for one group; `topics` fixes the
    /// topics of a top-topics measure (else the range's own most frequent ones).
    pub fn get(
        &self,
        id: MeasureId,
        range: DateRange,
        group: Option<&str>,
        topics: Option<&[String]>,
    ) -> Measurement {
        let empty = Measurement {
            from: range.start,
            to: range.end,
            value: None,
            numerator: None,
            denominator: None,
            sample: 0,
        };
        let m = &self.measures[id];
        if range.start > range.end {
            return empty;
        }
        if m.by_day() {
            let Some(table) = self.by_day.get(&id) else {
                return empty;
            };
            let (mut sum, mut count, mut extreme): (f64, f64, Option<f64>) = (0.0, 0.0, None);
            for (_, groups) in table.range(days(range.start)..=days(range.end)) {
                for (g, (s, n, e)) in groups {
                    if group.is_some() && g.as_deref() != group {
                        continue;
                    }
                    sum += s;
                    count += n;
                    if let (Kind::Extreme { max, .. }, Some(e)) = (&m.kind, e) {
                        extreme = Some(match extreme {
                            None => *e,
                            Some(x) if *max => x.max(*e),
                            Some(x) => x.min(*e),
                        });
                    }
                }
            }
            let sample = count as u64;
            return match &m.kind {
                Kind::Share { scale, .. } => Measurement {
                    value: (count > 0.0).then(|| scale * sum / count),
                    numerator: Some(sum),
                    denominator: Some(count),
                    sample,
                    ..empty
                },
                Kind::Count => Measurement {
                    value: Some(count),
                    sample,
                    ..empty
                },
                _ => Measurement {
                    value: extreme,
                    sample,
                    ..empty
                },
            };
        }
        match &m.kind {
            Kind::OneOnOneCoverage => return self.coverage(id, range).unwrap_or(empty),
            Kind::Turnover => return self.turnover(id, range).unwrap_or(empty),
            _ => {}
        }
        match self.ranged.get(&(id, range)) {
            Some(RangeTable::Values(map)) => {
                let key = group.map(str::to_owned);
                match map.get(&key) {
                    Some((v, n)) => Measurement {
                        value: if *n > 0.0 { *v } else { None },
                        sample: *n as u64,
                        ..empty
                    },
                    None => empty,
                }
            }
            Some(RangeTable::Topics(rows)) if group.is_none() => {
                let Kind::TopTopics { what, n } = m.kind else {
                    return empty;
                };
                topic_value(rows, what, n, topics, empty)
            }
            Some(RangeTable::Agents(means)) if group.is_none() => {
                let k = means.len() as f64;
                if means.len() < 2 {
                    return Measurement {
                        sample: means.len() as u64,
                        ..empty
                    };
                }
                let mean = means.iter().sum::<f64>() / k;
                let var = means.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / k;
                Measurement {
                    value: (mean > 0.0).then(|| 100.0 * var.sqrt() / mean),
                    sample: means.len() as u64,
                    ..empty
                }
            }
            _ => empty,
        }
    }

    /// The groups of the breakdown field with records in `range`, sorted.
    pub fn groups(&self, id: MeasureId, range: DateRange) -> Vec<String> {
        let mut out = BTreeSet::new();
        if range.start > range.end {
            // A period not started yet (a window after the as-of date): no groups.
            return Vec::new();
        }
        if let Some(table) = self.by_day.get(&id) {
            for (_, groups) in table.range(days(range.start)..=days(range.end)) {
                out.extend(groups.keys().flatten().cloned());
            }
        }
        if let Some(RangeTable::Values(map)) = self.ranged.get(&(id, range)) {
            out.extend(map.keys().flatten().cloned());
        }
        out.into_iter().collect()
    }

    /// The top topics of a range for a top-topics measure, most tickets first.
    pub fn top_topics(&self, id: MeasureId, range: DateRange) -> Option<Vec<String>> {
        let Kind::TopTopics { n, .. } = self.measures.get(id)?.kind else {
            return None;
        };
        match self.ranged.get(&(id, range))? {
            RangeTable::Topics(rows) => Some(
                ranked(rows)
                    .into_iter()
                    .take(n)
                    .map(|r| r.topic.clone())
                    .collect(),
            ),
            _ => None,
        }
    }

    fn coverage(&self, id: MeasureId, range: DateRange) -> Option<Measurement> {
        let rows = self.staff.as_ref()?.rows.get(&id)?;
        let meetings = self.meetings.as_ref()?;
        let (start, end) = (days(range.start), days(range.end));
        let reports: Vec<&StaffRow> = rows
            .iter()
            .filter(|r| r.manager.is_some() && employed(r, end))
            .collect();
        let met: BTreeSet<&str> = meetings
            .iter()
            .filter(|(_, d)| (start..=end).contains(d))
            .map(|(r, _)| r.as_str())
            .collect();
        let covered = reports
            .iter()
            .filter(|r| met.contains(r.person.as_str()))
            .count() as f64;
        let total = reports.len() as f64;
        Some(Measurement {
            from: range.start,
            to: range.end,
            value: (total > 0.0).then(|| 100.0 * covered / total),
            numerator: Some(covered),
            denominator: Some(total),
            sample: reports.len() as u64,
        })
    }

    fn turnover(&self, id: MeasureId, range: DateRange) -> Option<Measurement> {
        let rows = self.staff.as_ref()?.rows.get(&id)?;
        let (start, end) = (days(range.start), days(range.end));
        let leavers = rows
            .iter()
            .filter(|r| r.voluntary && r.left.is_some_and(|l| (start..=end).contains(&l)))
            .count() as f64;
        let headcount = |day: i32| rows.iter().filter(|r| employed(r, day)).count() as f64;
        let average = (headcount(start) + headcount(end)) / 2.0;
        Some(Measurement {
            from: range.start,
            to: range.end,
            value: (average > 0.0).then(|| 100.0 * leavers / average),
            numerator: Some(leavers),
            denominator: Some(average),
            sample: rows
                .iter()
                .filter(|r| employed(r, start) || employed(r, end))
                .count() as u64,
        })
    }
}

fn employed(row: &StaffRow, day: i32) -> bool {
    row.hired.is_some_and(|h| h <= day) && row.left.is_none_or(|l| l >= day)
}

fn ranked(rows: &[TopicRow]) -> Vec<&TopicRow> {
    let mut sorted: Vec<&TopicRow> = rows.iter().collect();
    sorted.sort_by(|a, b| {
        b.tickets
            .total_cmp(&a.tickets)
            .then_with(|| a.topic.cmp(&b.topic))
    });
    sorted
}

fn topic_value(
    rows: &[TopicRow],
    what: TopicMetric,
    n: usize,
    topics: Option<&[String]>,
    empty: Measurement,
) -> Measurement {
    let zero = |topic: &String| TopicRow {
        topic: topic.clone(),
        tickets: 0.0,
        approved: 0.0,
        article: false,
    };
    let chosen: Vec<TopicRow> = match topics {
        Some(list) => list
            .iter()
            .map(|t| {
                rows.iter()
                    .find(|r| &r.topic == t)
                    .cloned()
                    .unwrap_or_else(|| zero(t))
            })
            .collect(),
        None => ranked(rows).into_iter().take(n).cloned().collect(),
    };
    let tickets: f64 = chosen.iter().map(|r| r.tickets).sum();
    match what {
        TopicMetric::Volume => Measurement {
            value: Some(tickets),
            sample: tickets as u64,
            ..empty
        },
        TopicMetric::Consistency => {
            let approved: f64 = chosen.iter().map(|r| r.approved).sum();
            Measurement {
                value: (tickets > 0.0).then(|| 100.0 * approved / tickets),
                numerator: Some(approved),
                denominator: Some(tickets),
                sample: tickets as u64,
                ..empty
            }
        }
        TopicMetric::Coverage => {
            let covered = chosen.iter().filter(|r| r.article).count() as f64;
            let k = chosen.len() as f64;
            Measurement {
                value: (k > 0.0).then(|| 100.0 * covered / k),
                numerator: Some(covered),
                denominator: Some(k),
                sample: k as u64,
                ..empty
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_the_nearest_ranks_like_polars() {
        // Median of 4, 1, 3, 2: rank 1.5 of 1 2 3 4, halfway between 2 and 3.
        assert_eq!(linear_quantile(&mut [4.0, 1.0, 3.0, 2.0], 0.5), Some(2.5));
        // 90th percentile of 10 values 1..10: rank 8.1, 9 + 0.1 × (10 - 9).
        let mut ten: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        let p90 = linear_quantile(&mut ten, 0.9).unwrap_or_default();
        assert!((p90 - 9.1).abs() < 1e-12, "{p90}");
        // An exact rank, equal neighbours, one value, none.
        assert_eq!(linear_quantile(&mut [5.0, 7.0, 9.0], 0.5), Some(7.0));
        assert_eq!(linear_quantile(&mut [3.0, 3.0, 1.0], 0.75), Some(3.0));
        assert_eq!(linear_quantile(&mut [42.0], 0.9), Some(42.0));
        assert_eq!(linear_quantile(&mut [], 0.5), None);
        // The same as polars' own on the same values.
        let values = [13.0, 2.5, 7.0, 7.0, 100.0, 0.0, 41.0];
        for q in [0.0, 0.1, 0.25, 0.5, 0.9, 1.0] {
            let expected = Series::new("v".into(), values)
                .f64()
                .ok()
                .and_then(|c| c.quantile(q, QuantileMethod::Linear).ok().flatten());
            assert_eq!(linear_quantile(&mut values.clone(), q), expected, "q = {q}");
        }
    }

    fn micros(text: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(text)
            .map(|t| t.timestamp_micros())
            .unwrap_or_default()
    }

    #[test]
    fn offset_steps_find_each_daylight_saving_change_to_the_second() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        let steps = offset_steps(
            &chrono_tz::America::New_York,
            day("2026-01-01"),
            day("2026-12-31"),
        );
        // EST until 8 March 07:00 UTC, EDT until 1 November 06:00 UTC, then EST.
        assert_eq!(
            steps,
            vec![
                (i64::MIN, -5 * 3600),
                (micros("2026-03-08T07:00:00Z"), -4 * 3600),
                (micros("2026-11-01T06:00:00Z"), -5 * 3600),
            ]
        );
        assert_eq!(
            offset_steps(&chrono_tz::UTC, day("2026-01-01"), day("2026-12-31")),
            vec![(i64::MIN, 0)]
        );
    }
}
