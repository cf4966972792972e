//! Evaluation: opens the sources, checks each goal against them, plans every measure over every
//! range a goal needs (current period, baseline, checkpoints, series, floors, guardrails) into
//! one batch, runs it, and turns the numbers into each goal's standing (docs/evaluation.md).

use crate::measure::{self, Measure};
use crate::model::*;
use crate::periods::{period_of, periods_in, review_period};
use crate::plan::{MeasureId, Planner, Results};
use crate::quality::{self, QualityQuery};
use crate::source;
use crate::table;
use crate::target::{self, glide, meets};
use chrono::{Duration, NaiveDate};
use goal_compiler::Sources;
use goal_compiler::calendar::{DateRange, PeriodUnit};
use goal_compiler::catalogue::{Better, Population, find_metric};
use goal_compiler::datasource::{EvalSettings, SourceDecl};
use goal_compiler::ir::{self, FloorEdgeKind, MetricUse};
use goal_compiler::schema;
use goal_compiler::units::Dimension;
use goal_compiler::{Diagnostic, Rule};
use goal_grammar::syntax::FloorEdge;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// What to evaluate.
pub struct Request<'a> {
    /// The checked goals.
    pub goals: &'a [ir::Goal],
    /// The goal files (for names and spans).
    pub files: &'a Sources,
    /// The sources, each with the path to read.
    pub sources: Vec<(SourceDecl, PathBuf)>,
    /// Data after the end of this day is ignored.
    pub as_of: NaiveDate,
    /// The unit of the per-period series.
    pub period: PeriodUnit,
    /// The breakdown field.
    pub by: Option<String>,
    /// `[eval]` settings.
    pub settings: EvalSettings,
}

/// The sources a request's goals need, opened and mapped onto their canonical tables (lazy:
/// only headers and metadata are read, and, for evaluation, the bytes of CSV files, for their
/// rows with more fields than the header).
struct Opened<'a> {
    tables: Tables<'a>,
    /// The quality counts of each table read, in the order of `reports`.
    quality_queries: Vec<(Population, QualityQuery)>,
    reports: Vec<SourceReport>,
}

/// The canonical tables opened, and those whose source could not be read or mapped.
struct Tables<'a> {
    read: BTreeMap<Population, (table::Table, &'a SourceDecl)>,
    unreadable: BTreeSet<Population>,
}

/// Opens every source the goals need; problems (D701-D703) go to `diagnostics`. With
/// `read_rows`, CSV files are also read for their rows with more fields than the header, which
/// the tables exclude ([`source::Scanned::ragged`]); without, only headers and metadata are read.
fn open<'a>(
    request: &'a Request,
    read_rows: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Opened<'a> {
    let needed: BTreeSet<Population> = request
        .goals
        .iter()
        .flat_map(|g| {
            std::iter::once(g.metric.population)
                .chain(schema::extra_tables(&g.metric.name).iter().map(|(p, _)| *p))
                .chain(g.guardrails.iter().map(|r| r.metric.population))
        })
        .collect();
    let mut tables: BTreeMap<Population, (table::Table, &SourceDecl)> = BTreeMap::new();
    let mut quality_queries = Vec::new();
    let mut reports = Vec::new();
    for (decl, path) in &request.sources {
        if !needed.contains(&decl.population) {
            continue;
        }
        if let Some((_, first)) = tables.get(&decl.population) {
            diagnostics.push(
                crate::problem::at_source(
                    Rule::UnreadableData,
                    Some(decl),
                    format!(
                        "sources `{}` and `{}` both give the {} table; only `{}` is read",
                        first.name,
                        decl.name,
                        decl.population.word(),
                        first.name
                    ),
                )
                .help("declare one source per table (a folder can hold several files)"),
            );
            continue;
        }
        let scanned = match source::scan(decl, path) {
            Ok(s) => s,
            Err(e) => {
                diagnostics.push(e.diagnostic(Some(decl)));
                continue;
            }
        };
        let ragged = if read_rows {
            match scanned.ragged(decl) {
                Ok(r) => r,
                Err(e) => {
                    diagnostics.push(e.diagnostic(Some(decl)));
                    continue;
                }
            }
        } else {
            Vec::new()
        };
        let wanted = wanted_columns(request, decl.population);
        match table::build(decl, &scanned, &wanted, &ragged) {
            Ok(t) => {
                quality_queries.push((decl.population, QualityQuery::new(decl, &scanned, &t)));
                reports.push(SourceReport {
                    name: decl.name.clone(),
                    table: decl.population.word().to_owned(),
                    files: scanned
                        .files
                        .iter()
                        .map(|f| f.display().to_string())
                        .collect(),
                    rows: 0,
                    checked: 0,
                    records: 0,
                    issues: Vec::new(),
                });
                tables.insert(decl.population, (t, decl));
            }
            Err(problems) => diagnostics.extend(problems),
        }
    }
    let unreadable: BTreeSet<Population> = request
        .sources
        .iter()
        .filter(|(d, _)| !tables.contains_key(&d.population))
        .map(|(d, _)| d.population)
        .collect();
    Opened {
        tables: Tables {
            read: tables,
            unreadable,
        },
        quality_queries,
        reports,
    }
}

/// Checks the goals against the schemas of their sources without evaluating anything: the
/// sources are opened as for [`evaluate`] (headers and metadata only), and every problem
/// evaluation would report before reading a row is returned: unreadable sources (D701),
/// missing columns (D702), columns of the wrong type (D703), tables no source gives (D707).
pub fn check_schema(request: &Request) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let opened = open(request, false, &mut diagnostics);
    for goal in request.goals {
        // A goal's missing columns are all reported at once; its result is not needed here.
        let _ = check_columns(goal, request, &opened.tables, &mut diagnostics);
        diagnostics.extend(
            goal.guardrails
                .iter()
                .filter_map(|g| guardrail_lacks(goal, g, &opened.tables.read)),
        );
    }
    diagnostics
}

/// Evaluates every goal; problems are returned as diagnostics in the result, never as a panic.
pub fn evaluate(request: &Request) -> Evaluation {
    let mut diagnostics = Vec::new();
    let zone: chrono_tz::Tz = request.settings.timezone.parse().unwrap_or(chrono_tz::UTC);
    let opened = open(request, true, &mut diagnostics);
    let Opened {
        tables,
        quality_queries,
        mut reports,
    } = opened;
    let columns = tables
        .read
        .iter()
        .map(|(p, (t, _))| (*p, t.columns.clone()))
        .collect();
    let mut planner = Planner::new(columns, request.by.clone(), request.as_of, zone);
    let mut plans = Vec::new();
    for goal in request.goals {
        plans.push(plan_goal(
            goal,
            request,
            &tables,
            &mut planner,
            &mut diagnostics,
        ));
    }
    // Each table cleaned and checked over the rows the planned measures read, once.
    let periods = planner.periods();
    let mut frames = BTreeMap::new();
    let mut quality_frames = Vec::new();
    let mut quality_lengths = Vec::new();
    for (population, query) in &quality_queries {
        let Some((table, _)) = tables.read.get(population) else {
            quality_lengths.push((0, None));
            continue;
        };
        let rows = match table.rows(periods.get(population).unwrap_or(&None)) {
            Ok(rows) => rows,
            Err(message) => return unreadable(request, reports, diagnostics, &message),
        };
        let plans = query.plans(rows.checked, rows.read);
        quality_lengths.push((plans.len(), rows.read));
        quality_frames.extend(plans);
        frames.insert(*population, rows.frame);
    }
    let (results, quality) = match planner.run(frames, quality_frames) {
        Ok(r) => r,
        Err(message) => return unreadable(request, reports, diagnostics, &message),
    };
    let mut quality = quality.as_slice();
    for (((_, query), report), (length, read)) in quality_queries
        .iter()
        .zip(&mut reports)
        .zip(quality_lengths)
    {
        let (frames, rest) = quality.split_at(length.min(quality.len()));
        quality::fill(query, frames, read, report, &mut diagnostics);
        quality = rest;
    }
    let goals = request
        .goals
        .iter()
        .zip(plans)
        .map(|(goal, plan)| match plan {
            Ok(plan) => assess(goal, &plan, &results, request, &mut diagnostics),
            Err(reason) => not_evaluated(goal, request, reason),
        })
        .collect();
    Evaluation {
        as_of: request.as_of,
        timezone: request.settings.timezone.clone(),
        period: request.period.word().to_owned(),
        by: request.by.clone(),
        goals,
        sources: reports,
        diagnostics,
    }
}

/// The evaluation when reading the data failed: the error as a diagnostic, every goal not
/// evaluated.
fn unreadable(
    request: &Request,
    sources: Vec<SourceReport>,
    mut diagnostics: Vec<Diagnostic>,
    message: &str,
) -> Evaluation {
    diagnostics.push(
        Diagnostic::without_location(
            Rule::UnreadableData,
            format!("evaluating the data failed: {message}"),
        )
        .help("check the data files against their declared format and parse options"),
    );
    Evaluation {
        as_of: request.as_of,
        timezone: request.settings.timezone.clone(),
        period: request.period.word().to_owned(),
        by: request.by.clone(),
        goals: request
            .goals
            .iter()
            .map(|g| not_evaluated(g, request, "the data could not be read".into()))
            .collect(),
        sources,
        diagnostics,
    }
}

/// The canonical columns of `population` that the goals, their scopes, their guardrails and
/// the breakdown read.
fn wanted_columns(request: &Request, population: Population) -> BTreeSet<&'static str> {
    let mut wanted = BTreeSet::new();
    for goal in request.goals {
        let scope = crate::scope::columns(&goal.scope);
        let metrics =
            std::iter::once(&goal.metric).chain(goal.guardrails.iter().map(|g| &g.metric));
        for metric in metrics {
            if metric.population == population {
                wanted.extend(schema::metric_use_columns(metric));
                wanted.extend(scope.iter().copied());
                if population == Population::Tickets {
                    // Every ticket metric tells self-service sessions apart.
                    wanted.insert("self_service");
                }
            }
            for (p, columns) in schema::extra_tables(&metric.name) {
                if *p == population {
                    wanted.extend(columns.iter().copied());
                    wanted.extend(scope.iter().copied());
                }
            }
        }
    }
    if let Some(column) = request
        .by
        .as_deref()
        .and_then(|by| schema::find_column(population, by))
    {
        wanted.insert(column.name);
    }
    wanted
}

/// A goal's measures and the ranges they are needed over.
struct GoalPlan {
    main: MeasureId,
    stated_start: Option<NaiveDate>,
    start: NaiveDate,
    current: DateRange,
    final_range: DateRange,
    baseline: Option<DateRange>,
    series: Vec<DateRange>,
    each: Vec<DateRange>,
    floors: Vec<(usize, Vec<DateRange>)>,
    checkpoints: Vec<DateRange>,
    guardrails: Vec<Option<MeasureId>>,
}

fn file_name(goal: &ir::Goal, files: &Sources) -> String {
    files
        .get(goal.file)
        .map(|s| s.path.clone())
        .unwrap_or_default()
}

fn goal_error(goal: &ir::Goal, rule: Rule, message: String, help: String) -> Diagnostic {
    Diagnostic::new(rule, goal.file, goal.id_span, message)
        .label("this goal")
        .help(help)
}

/// The columns a metric and a scope read, that a table lacks.
fn lacking(
    metric: &MetricUse,
    scope_columns: &[&'static str],
    table: &table::Table,
) -> Vec<&'static str> {
    let mut wanted = schema::metric_use_columns(metric);
    wanted.extend(scope_columns);
    wanted.retain(|c| !table.available.contains(c));
    wanted.sort_unstable();
    wanted.dedup();
    wanted
}

fn missing_help(table: &table::Table, decl: &SourceDecl, column: &str) -> String {
    match table.missing.get(column) {
        Some(m) => match &m.mapped_to {
            Some(source) => format!(
                "the mapping of source `{}` reads `{source}`, which the data lacks; {}",
                decl.name, m.help
            ),
            None => m.help.clone(),
        },
        None => format!("map it in goal.toml under [sources.{}.columns]", decl.name),
    }
}

/// Checks that the tables a goal reads were given and have every column it needs (its metric,
/// scope and breakdown); each problem becomes a diagnostic, and the first one the reason the
/// goal is not evaluated.
fn check_columns(
    goal: &ir::Goal,
    request: &Request,
    tables: &Tables,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), String> {
    let population = goal.metric.population;
    let mut populations = vec![population];
    populations.extend(
        schema::extra_tables(&goal.metric.name)
            .iter()
            .map(|(p, _)| *p),
    );
    for p in &populations {
        if !tables.read.contains_key(p) {
            if !tables.unreadable.contains(p) {
                diagnostics.push(goal_error(
                    goal,
                    Rule::NoSource,
                    format!(
                        "goal `{}` reads the {} table, but no source gives it",
                        goal.id,
                        p.word()
                    ),
                    format!(
                        "declare it in goal.toml ([sources.{0}] path = \"...\") or pass --data {0}=PATH",
                        p.word()
                    ),
                ));
            }
            return Err(format!("no readable {} data", p.word()));
        }
    }
    let Some((table, decl)) = tables.read.get(&population) else {
        return Err(format!("no readable {} data", population.word()));
    };
    let scope_columns = crate::scope::columns(&goal.scope);
    let mut missing: Vec<(Population, &'static str)> = lacking(&goal.metric, &scope_columns, table)
        .into_iter()
        .map(|c| (population, c))
        .collect();
    for (p, extra) in schema::extra_tables(&goal.metric.name) {
        if let Some((t, _)) = tables.read.get(p) {
            missing.extend(
                extra
                    .iter()
                    .chain(&scope_columns)
                    .filter(|c| !t.available.contains(*c))
                    .map(|c| (*p, *c)),
            );
        }
    }
    if let Some(column) = request
        .by
        .as_deref()
        .and_then(|by| schema::find_column(population, by))
    {
        if !table.available.contains(column.name) {
            missing.push((population, column.name));
        }
    }
    missing.sort_unstable();
    missing.dedup();
    let Some((_, first)) = missing.first() else {
        return Ok(());
    };
    for (p, column) in &missing {
        let (t, d) = tables.read.get(p).map_or((table, *decl), |(t, d)| (t, *d));
        diagnostics.push(goal_error(
            goal,
            Rule::MissingColumn,
            format!(
                "goal `{}` needs column `{column}`, which the {} data lacks",
                goal.id,
                p.word()
            ),
            missing_help(t, d, column),
        ));
    }
    Err(format!("the data lacks column `{first}`"))
}

/// The problem with a guardrail whose table lacks a column it reads (the goal is still
/// evaluated; the guardrail is not).
fn guardrail_lacks(
    goal: &ir::Goal,
    guardrail: &ir::Guardrail,
    tables: &BTreeMap<Population, (table::Table, &SourceDecl)>,
) -> Option<Diagnostic> {
    let (t, d) = tables.get(&guardrail.metric.population)?;
    let column = *lacking(&guardrail.metric, &crate::scope::columns(&goal.scope), t).first()?;
    Some(goal_error(
        goal,
        Rule::MissingColumn,
        format!(
            "the guardrail `{}` of goal `{}` needs column `{column}`, which the data lacks",
            guardrail.metric.name, goal.id
        ),
        missing_help(t, d, column),
    ))
}

fn plan_goal(
    goal: &ir::Goal,
    request: &Request,
    tables: &Tables,
    planner: &mut Planner,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<GoalPlan, String> {
    if let Some(schedule) = &goal.schedule {
        diagnostics.push(goal_error(
            goal,
            Rule::NotEvaluable,
            format!(
                "goal `{}` is measured during `{schedule}`, which goal eval cannot evaluate yet",
                goal.id
            ),
            "remove the `during` clause if all hours should count; schedules are not measured yet"
                .into(),
        ));
        return Err(format!(
            "measured during `{schedule}`: schedules are not evaluated yet"
        ));
    }
    check_columns(goal, request, tables, diagnostics)?;
    let main = measure::measure(&goal.metric, &goal.scope, &goal.target).map_err(|reason| {
        diagnostics.push(goal_error(
            goal,
            Rule::NotEvaluable,
            format!("goal `{}`: {reason}", goal.id),
            "see docs/metrics.md for the metrics goal eval computes".into(),
        ));
        reason
    })?;
    let main = planner.measure(main);
    let timeline = timeline(goal, request.as_of);
    let mut plan = GoalPlan {
        main,
        stated_start: timeline.stated_start,
        start: timeline.start,
        current: timeline.current,
        final_range: timeline.final_range,
        baseline: goal.baseline.as_ref().map(|b| b.period),
        series: Vec::new(),
        each: Vec::new(),
        floors: Vec::new(),
        checkpoints: Vec::new(),
        guardrails: Vec::new(),
    };
    let horizon = goal.deadline.min(request.as_of);
    let series_start = plan
        .baseline
        .map_or(plan.start, |b| b.start.min(plan.start));
    if series_start <= horizon {
        let unit = goal
            .window
            .as_ref()
            .and_then(|w| w.each)
            .unwrap_or(request.period);
        plan.series = periods_in(
            DateRange {
                start: series_start,
                end: horizon,
            },
            unit,
        );
    }
    if let Some(unit) = goal.target.per_period {
        if plan.start <= horizon {
            plan.each = periods_in(
                DateRange {
                    start: plan.start,
                    end: horizon,
                },
                unit,
            );
        }
    }
    for (i, floor) in goal.floors.iter().enumerate() {
        if plan.start <= horizon {
            let periods = periods_in(
                DateRange {
                    start: plan.start,
                    end: horizon,
                },
                floor.period,
            );
            plan.floors.push((i, periods));
        }
    }
    for checkpoint in &goal.checkpoints {
        if checkpoint.by <= request.as_of {
            plan.checkpoints
                .push(review_period(checkpoint.by, goal.review.as_ref()));
        }
    }
    for guardrail in &goal.guardrails {
        let usable = match guardrail_lacks(goal, guardrail, &tables.read) {
            Some(problem) => {
                diagnostics.push(problem);
                None
            }
            None if tables.read.contains_key(&guardrail.metric.population) => {
                measure::measure(&guardrail.metric, &goal.scope, &guardrail.target).ok()
            }
            None => None,
        };
        plan.guardrails
            .push(usable.map(|m: Measure| planner.measure(m)));
    }
    let mut ranges = vec![plan.current, plan.final_range];
    ranges.extend(plan.baseline);
    ranges.extend(plan.series.iter().copied());
    ranges.extend(plan.each.iter().copied());
    ranges.extend(plan.floors.iter().flat_map(|(_, p)| p.iter().copied()));
    ranges.extend(plan.checkpoints.iter().copied());
    for range in &ranges {
        planner.need(main, *range);
    }
    for id in plan.guardrails.iter().flatten() {
        planner.need(*id, plan.current);
        if let Some(b) = plan.baseline {
            planner.need(*id, b);
        }
    }
    Ok(plan)
}

/// When a goal starts, the period its current value is measured over, and the period its
/// target is finally checked on.
struct Timeline {
    /// The first day stated (`start`, or the window's first day), if any.
    stated_start: Option<NaiveDate>,
    start: NaiveDate,
    current: DateRange,
    final_range: DateRange,
}

fn timeline(goal: &ir::Goal, as_of: NaiveDate) -> Timeline {
    let end = goal.deadline;
    let stated_start = goal.start.or(goal.window.as_ref().map(|w| w.range.start));
    let start = stated_start
        .or(goal
            .baseline
            .as_ref()
            .map(|b| b.period.end + Duration::days(1)))
        .unwrap_or_else(|| review_period(end, goal.review.as_ref()).start);
    let day = as_of.min(end);
    if let Some(unit) = goal.target.per_period {
        let last = period_of(end, unit);
        let now = period_of(day, unit);
        return Timeline {
            stated_start,
            start,
            current: DateRange {
                start: now.start.max(start),
                end: day,
            },
            final_range: DateRange {
                start: last.start.max(start),
                end,
            },
        };
    }
    match &goal.window {
        Some(window) => Timeline {
            stated_start,
            start,
            current: DateRange {
                start: window.range.start,
                end: day.min(window.range.end).max(window.range.start),
            },
            final_range: window.range,
        },
        None => Timeline {
            stated_start,
            start,
            current: review_period(day, goal.review.as_ref()),
            final_range: review_period(end, goal.review.as_ref()),
        },
    }
}

fn metric_text(metric: &MetricUse) -> String {
    let mut text = String::new();
    if let Some(stat) = &metric.statistic {
        text.push_str(&match stat {
            goal_compiler::catalogue::Statistic::Mean => "mean ".to_owned(),
            goal_compiler::catalogue::Statistic::Median => "median ".to_owned(),
            goal_compiler::catalogue::Statistic::Min => "min ".to_owned(),
            goal_compiler::catalogue::Statistic::Max => "max ".to_owned(),
            goal_compiler::catalogue::Statistic::Percentile(p) => format!("p{p} "),
        });
    }
    text.push_str(&metric.name);
    let params: Vec<String> = metric
        .params
        .iter()
        .map(|(n, v)| format!("{n} {}", v.display()))
        .collect();
    if !params.is_empty() {
        text.push_str(&format!(" ({})", params.join(", ")));
    }
    text
}

fn unit_of(goal: &ir::Goal) -> &'static str {
    unit_for(&goal.metric, &goal.target)
}

fn unit_for(metric: &MetricUse, target: &ir::Target) -> &'static str {
    if target.threshold.is_some() {
        return "percent";
    }
    match find_metric(&metric.name).map(|m| m.dimension) {
        Some(Dimension::Percent) => "percent",
        Some(Dimension::Duration) => "seconds",
        Some(Dimension::Points) => "points",
        Some(Dimension::Score(_)) => "score",
        _ => "count",
    }
}

fn better_word(b: Better) -> &'static str {
    match b {
        Better::Higher => "higher",
        Better::Lower => "lower",
    }
}

fn not_evaluated(goal: &ir::Goal, request: &Request, reason: String) -> GoalResult {
    GoalResult {
        id: goal.id.clone(),
        title: goal.title.clone(),
        file: file_name(goal, request.files),
        metric: metric_text(&goal.metric),
        unit: unit_of(goal),
        better: better_word(target::direction(&goal.target, &goal.metric)),
        status: Status::NotEvaluated,
        reason,
        current: None,
        baseline: None,
        target: target::resolve(
            &goal.target,
            goal.baseline
                .as_ref()
                .and_then(|b| b.value.map(|v| v.amount)),
        ),
        deadline: goal.deadline,
        glide_target: None,
        progress: None,
        checkpoints: Vec::new(),
        series: Vec::new(),
        floor_violations: Vec::new(),
        guardrails: Vec::new(),
        breakdown: Vec::new(),
    }
}

fn assess(
    goal: &ir::Goal,
    plan: &GoalPlan,
    results: &Results,
    request: &Request,
    diagnostics: &mut Vec<Diagnostic>,
) -> GoalResult {
    let as_of = request.as_of;
    // Top-topics metrics keep the topics of the baseline period, so periods compare the same
    // topics.
    let topics = plan.baseline.and_then(|b| results.top_topics(plan.main, b));
    let get = |range: DateRange, group: Option<&str>| {
        results.get(plan.main, range, group, topics.as_deref())
    };
    let measured_baseline = plan.baseline.map(|b| get(b, None));
    let stated = goal
        .baseline
        .as_ref()
        .and_then(|b| b.value.map(|v| v.amount));
    let baseline_value = stated.or(measured_baseline.as_ref().and_then(|m| m.value));
    if let (Some(b), None, Some(m)) = (&goal.baseline, stated, &measured_baseline) {
        if m.value.is_none() {
            diagnostics.push(goal_error(
                goal,
                Rule::NoData,
                format!(
                    "goal `{}` has no records in its baseline period {} to {}",
                    goal.id, b.period.start, b.period.end
                ),
                "extend the data back to the baseline period, state the baseline value, or check the scope".into(),
            ));
        }
    }
    let baseline = goal.baseline.as_ref().map(|b| BaselineValue {
        from: b.period.start,
        to: b.period.end,
        value: baseline_value,
        source: if stated.is_some() {
            "stated"
        } else {
            "measured"
        },
        measured: measured_baseline.clone(),
    });
    let target_value = target::resolve(&goal.target, baseline_value);
    let direction = target::direction(&goal.target, &goal.metric);
    let current = get(plan.current, None);
    let series: Vec<PeriodValue> = plan
        .series
        .iter()
        .map(|r| PeriodValue {
            measurement: get(*r, None),
            meets: None,
        })
        .collect();
    let each: Vec<PeriodValue> = plan
        .each
        .iter()
        .map(|r| {
            let m = get(*r, None);
            let ok = m.value.and_then(|v| meets(&target_value, v));
            PeriodValue {
                measurement: m,
                meets: ok,
            }
        })
        .collect();
    let mut floor_violations = Vec::new();
    for (i, periods) in &plan.floors {
        let floor = &goal.floors[*i];
        let edge = match floor.edge {
            FloorEdge::Below => FloorEdgeKind::Floor,
            FloorEdge::Above => FloorEdgeKind::Ceiling,
        };
        let rule = format!(
            "no {} {} {}",
            floor.period.word(),
            match edge {
                FloorEdgeKind::Floor => "below",
                FloorEdgeKind::Ceiling => "above",
            },
            floor.value.display()
        );
        for r in periods {
            // Only whole periods that have ended are judged.
            let whole = period_of(r.start, floor.period);
            if whole.start != r.start || whole.end != r.end || r.end > as_of {
                continue;
            }
            if let Some(v) = get(*r, None).value {
                let broken = match edge {
                    FloorEdgeKind::Floor => v < floor.value.amount,
                    FloorEdgeKind::Ceiling => v > floor.value.amount,
                };
                if broken {
                    floor_violations.push(FloorViolation {
                        rule: rule.clone(),
                        from: r.start,
                        to: r.end,
                        value: v,
                    });
                }
            }
        }
    }
    let checkpoints: Vec<CheckpointResult> = goal
        .checkpoints
        .iter()
        .zip(&plan.checkpoints)
        .map(|(c, r)| {
            let m = get(*r, None);
            let cp_target = target::resolve(
                &ir::Target {
                    kind: ir::TargetKind::Bound {
                        comparator: match direction {
                            Better::Higher => goal_grammar::syntax::Comparator::AtLeast,
                            Better::Lower => goal_grammar::syntax::Comparator::AtMost,
                        },
                        value: c.value,
                    },
                    threshold: None,
                    per_period: None,
                },
                None,
            );
            CheckpointResult {
                by: c.by,
                target: c.value.amount,
                met: m.value.and_then(|v| meets(&cp_target, v)),
                measured: m,
            }
        })
        .collect();
    let glide_target = target_value.aim.map(|aim| {
        let start = baseline_value.map(|b| {
            let anchor = goal
                .baseline
                .as_ref()
                .map_or(plan.start, |x| x.period.end)
                .min(plan.start);
            (anchor, b)
        });
        glide(
            start,
            &goal.checkpoints,
            (goal.deadline, aim),
            as_of.min(goal.deadline),
        )
    });
    // Progress is towards a planned change: none when the baseline already reaches the aim.
    let progress = match (current.value, baseline_value, target_value.aim) {
        (Some(c), Some(b), Some(a)) if planned_change(direction, b, a) => {
            Some(100.0 * (c - b) / (a - b))
        }
        _ => None,
    };
    let (mut status, mut reason) = standing(
        goal,
        plan,
        &current,
        &each,
        &target_value,
        glide_target,
        baseline_value,
        direction,
        &get(plan.final_range, None),
        request,
    );
    // A broken floor or ceiling breaks the goal, whatever the pooled value.
    if let Some(broken) = floor_violations.first() {
        if matches!(status, Status::Met | Status::OnTrack | Status::AtRisk) {
            status = if as_of >= goal.deadline {
                Status::Missed
            } else {
                Status::OffTrack
            };
            reason = format!(
                "`{}` broken from {} to {} ({} such periods)",
                broken.rule,
                broken.from,
                broken.to,
                floor_violations.len()
            );
        }
    }
    let guardrails = goal
        .guardrails
        .iter()
        .zip(&plan.guardrails)
        .map(|(g, id)| guardrail(g, *id, plan, results))
        .collect();
    let breakdown = match &request.by {
        Some(_) => results
            .groups(plan.main, plan.current)
            .into_iter()
            .map(|group| {
                let m = results.get(plan.main, plan.current, Some(&group), topics.as_deref());
                GroupResult {
                    meets: m.value.and_then(|v| meets(&target_value, v)),
                    group,
                    current: m,
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let series = if plan.each.is_empty() {
        series
    } else {
        merge_each(series, each)
    };
    GoalResult {
        id: goal.id.clone(),
        title: goal.title.clone(),
        file: file_name(goal, request.files),
        metric: metric_text(&goal.metric),
        unit: unit_of(goal),
        better: better_word(direction),
        status,
        reason,
        current: Some(current),
        baseline,
        target: target_value,
        deadline: goal.deadline,
        glide_target,
        progress,
        checkpoints,
        series,
        floor_violations,
        guardrails,
        breakdown,
    }
}

/// The series in the report's unit, with `meets` set where the target applies per period of
/// the same range.
fn merge_each(series: Vec<PeriodValue>, each: Vec<PeriodValue>) -> Vec<PeriodValue> {
    series
        .into_iter()
        .map(|mut p| {
            if let Some(e) = each.iter().find(|e| {
                e.measurement.from == p.measurement.from && e.measurement.to == p.measurement.to
            }) {
                p.meets = e.meets;
            }
            p
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn standing(
    goal: &ir::Goal,
    plan: &GoalPlan,
    current: &Measurement,
    each: &[PeriodValue],
    target_value: &TargetValue,
    glide_target: Option<f64>,
    baseline: Option<f64>,
    direction: Better,
    final_value: &Measurement,
    request: &Request,
) -> (Status, String) {
    let as_of = request.as_of;
    let unit = unit_for(&goal.metric, &goal.target);
    let fmt = |v: f64| crate::report::values::value(v, unit);
    if let Some(start) = plan.stated_start.filter(|s| as_of < *s) {
        return (Status::NotStarted, format!("the goal starts on {start}"));
    }
    if target_value.low.is_none() && target_value.high.is_none() {
        return (
            Status::NoData,
            "the target refers to a baseline that could not be measured".into(),
        );
    }
    if as_of >= goal.deadline {
        if !each.is_empty() {
            let failed = each.iter().filter(|p| p.meets == Some(false)).count();
            let unknown = each.iter().filter(|p| p.meets.is_none()).count();
            return if failed > 0 {
                (
                    Status::Missed,
                    format!("{failed} of {} periods missed the target", each.len()),
                )
            } else if unknown == each.len() {
                (Status::NoData, "no records in any period".into())
            } else {
                (
                    Status::Met,
                    format!("every period with records met the target ({unknown} without records)"),
                )
            };
        }
        return match final_value.value.and_then(|v| meets(target_value, v)) {
            Some(true) => (
                Status::Met,
                format!(
                    "{} from {} to {} meets {}",
                    final_value.value.map_or(String::new(), fmt),
                    final_value.from,
                    final_value.to,
                    target_value.text
                ),
            ),
            Some(false) => (
                Status::Missed,
                format!(
                    "{} from {} to {} does not meet {}",
                    final_value.value.map_or(String::new(), fmt),
                    final_value.from,
                    final_value.to,
                    target_value.text
                ),
            ),
            None => (
                Status::NoData,
                format!("no records from {} to {}", final_value.from, final_value.to),
            ),
        };
    }
    let Some(value) = current.value else {
        let mut reason = format!("no records from {} to {}", current.from, current.to);
        if goal.metric.name == "repeat_contact_rate" {
            // The likeliest cause: the period is younger than the window.
            reason.push_str("; a ticket counts once its repeat-contact window has passed");
        }
        return (Status::NoData, reason);
    };
    if !each.is_empty() {
        let done: Vec<&PeriodValue> = each.iter().filter(|p| p.measurement.to < as_of).collect();
        if let Some(failed) = done.iter().find(|p| p.meets == Some(false)) {
            return (
                Status::OffTrack,
                format!(
                    "the period {} to {} missed the target",
                    failed.measurement.from, failed.measurement.to
                ),
            );
        }
    }
    let aim = glide_target.or(target_value.aim).unwrap_or(value);
    let ahead = match direction {
        Better::Higher => value >= aim - 1e-9,
        Better::Lower => value <= aim + 1e-9,
    };
    let meets_target = meets(target_value, value) == Some(true);
    if ahead || meets_target {
        return (
            Status::OnTrack,
            format!(
                "{} is on the glide path ({} expected by now)",
                fmt(value),
                fmt(aim)
            ),
        );
    }
    let scale = match (baseline, target_value.aim) {
        (Some(b), Some(a)) if (a - b).abs() > 1e-12 => (a - b).abs(),
        (_, Some(a)) if a.abs() > 1e-12 => a.abs(),
        _ => 1.0,
    };
    let behind = 100.0 * (aim - value).abs() / scale;
    let status = if behind <= request.settings.at_risk_margin {
        Status::AtRisk
    } else {
        Status::OffTrack
    };
    (
        status,
        format!(
            "{} is behind the glide path ({} expected by now) by {}% of the planned change",
            fmt(value),
            fmt(aim),
            crate::report::values::round(behind, 1)
        ),
    )
}

fn guardrail(
    g: &ir::Guardrail,
    id: Option<MeasureId>,
    plan: &GoalPlan,
    results: &Results,
) -> GuardrailResult {
    let metric = metric_text(&g.metric);
    let unit = unit_for(&g.metric, &g.target);
    let Some(id) = id else {
        return GuardrailResult {
            metric,
            unit,
            target: target::resolve(&g.target, None),
            current: None,
            baseline: None,
            status: "not evaluated",
        };
    };
    let current = results.get(id, plan.current, None, None);
    let baseline = plan.baseline.map(|b| results.get(id, b, None, None));
    let target_value = target::resolve(&g.target, baseline.as_ref().and_then(|b| b.value));
    let status = match current.value.and_then(|v| meets(&target_value, v)) {
        Some(true) => "holding",
        Some(false) => "breached",
        None => "no data",
    };
    GuardrailResult {
        metric,
        unit,
        target: target_value,
        current: Some(current),
        baseline,
        status,
    }
}

/// True when the aim lies beyond the baseline in the better direction.
fn planned_change(direction: Better, baseline: f64, aim: f64) -> bool {
    match direction {
        Better::Higher => aim - baseline > 1e-12,
        Better::Lower => baseline - aim > 1e-12,
    }
}
