//! Lowers one goal from syntax to a [`Draft`]: every clause resolved on its own, problems
//! with single clauses reported. The SMART checks in [`crate::checks`] then look at the draft
//! as a whole, and [`Draft::finish`] turns an error-free draft into IR.

pub(crate) mod metric;
mod scope;
pub(crate) mod target;
pub(crate) mod time;
pub(crate) mod values;

use crate::Options;
use crate::diagnostic::Sink;
use crate::ir;
use crate::rules::Rule;
use crate::symbols::Symbols;
use chrono::NaiveDate;
use goal_grammar::Span;
use goal_grammar::syntax::{self, ClauseKind, Name, Start};
use metric::Resolved;

/// What a goal's clauses say, resolved clause by clause. Spans point at the clauses.
#[derive(Debug)]
pub(crate) struct Draft<'g> {
    /// The syntax.
    pub goal: &'g syntax::Goal,
    /// The goal's id (or a stand-in for a broken header).
    pub id: String,
    /// True when a line of the goal has a syntax error: checks for missing clauses are
    /// skipped, since the missing clause may be the broken line.
    pub broken: bool,
    /// Span of the first clause of each keyword.
    pub clauses: ClauseIndex,
    /// The owner.
    pub owner: Option<&'g syntax::Owner>,
    /// Objective references.
    pub serves: Vec<&'g Name>,
    /// The metric, when it resolved.
    pub metric: Option<Resolved>,
    /// The scope, when valid.
    pub scope: Option<ir::Scope>,
    /// The target syntax (for checks that need spans).
    pub target_syntax: Option<&'g syntax::Target>,
    /// The target, when valid.
    pub target: Option<ir::Target>,
    /// The baseline, when valid, with its clause span.
    pub baseline: Option<(ir::Baseline, Span)>,
    /// Checkpoints that resolved, with their clause spans.
    pub checkpoints: Vec<(ir::Checkpoint, Span)>,
    /// Explicit start.
    pub start: Option<(NaiveDate, Span)>,
    /// Explicit deadline.
    pub deadline: Option<(NaiveDate, Span)>,
    /// The window.
    pub window: Option<(ir::Window, Span)>,
    /// Per-period floors.
    pub floors: Vec<ir::Floor>,
    /// Review cadence.
    pub review: Option<(ir::Cadence, Span)>,
    /// Guardrails that resolved, with their metric's catalogue entry and clause span.
    pub guardrails: Vec<(ir::Guardrail, &'static crate::catalogue::Metric, Span)>,
    /// Initiatives.
    pub initiatives: Vec<String>,
    /// The schedule reference.
    pub schedule: Option<&'g Name>,
}

/// The span of the first clause of each keyword. A goal has a dozen clauses, so a list beats
/// a hash map.
#[derive(Debug, Default)]
pub(crate) struct ClauseIndex(Vec<(&'static str, Span)>);

impl ClauseIndex {
    /// The first clause with `keyword`.
    pub fn get(&self, keyword: &str) -> Option<&Span> {
        self.0.iter().find(|(k, _)| *k == keyword).map(|(_, s)| s)
    }

    /// True when the goal has a clause with `keyword`.
    pub fn contains_key(&self, keyword: &str) -> bool {
        self.get(keyword).is_some()
    }

    fn insert(&mut self, keyword: &'static str, span: Span) {
        self.0.push((keyword, span));
    }
}

/// Clauses that may appear once; a second one is [`Rule::DuplicateClause`] (or
/// [`Rule::MultipleMetrics`] for `metric`).
const SINGLE_CLAUSES: &[&str] = &[
    "owner", "metric", "scope", "target", "baseline", "deadline", "start", "window", "review",
    "during",
];

/// The keyword a clause starts with (`no` for floors; empty for error lines).
pub(crate) fn keyword_of(kind: &ClauseKind) -> &'static str {
    match kind {
        ClauseKind::Owner(_) => "owner",
        ClauseKind::Serves(_) => "serves",
        ClauseKind::Metric(_) => "metric",
        ClauseKind::Scope(_) => "scope",
        ClauseKind::Target(_) => "target",
        ClauseKind::Baseline(_) => "baseline",
        ClauseKind::Checkpoint(_) => "checkpoint",
        ClauseKind::Deadline(_) => "deadline",
        ClauseKind::Start(_) => "start",
        ClauseKind::Window(_) => "window",
        ClauseKind::Floor(_) => "no",
        ClauseKind::Review(_) => "review",
        ClauseKind::Guardrail(_) => "guardrail",
        ClauseKind::Through(_) => "through",
        ClauseKind::During(_) => "during",
        ClauseKind::Error => "",
    }
}

/// Lowers `goal`. `broken` says whether a syntax error lies inside it.
pub(crate) fn lower<'g>(
    goal: &'g syntax::Goal,
    broken: bool,
    options: &Options,
    sink: &mut Sink,
) -> Draft<'g> {
    let mut draft = Draft {
        goal,
        id: goal
            .id
            .as_ref()
            .map_or_else(|| "?".to_owned(), |n| n.value.clone()),
        broken,
        clauses: ClauseIndex::default(),
        owner: None,
        serves: Vec::new(),
        metric: None,
        scope: None,
        target_syntax: None,
        target: None,
        baseline: None,
        checkpoints: Vec::new(),
        start: None,
        deadline: None,
        window: None,
        floors: Vec::new(),
        review: None,
        guardrails: Vec::new(),
        initiatives: Vec::new(),
        schedule: None,
    };
    let mut first_of = ClauseIndex::default();
    let mut metric_syntax = None;
    let mut scope_syntax = None;
    for clause in &goal.clauses {
        let keyword = keyword_of(&clause.kind);
        if keyword.is_empty() {
            continue;
        }
        if let Some(first) = first_of.get(keyword) {
            if SINGLE_CLAUSES.contains(&keyword) {
                report_duplicate(keyword, *first, clause, sink);
                continue;
            }
        } else {
            first_of.insert(keyword, clause.span);
        }
        match &clause.kind {
            ClauseKind::Metric(m) => metric_syntax = Some(m),
            ClauseKind::Scope(s) => scope_syntax = Some(s),
            ClauseKind::Target(t) => draft.target_syntax = Some(t),
            _ => {}
        }
    }
    draft.clauses = first_of;

    let threshold = draft
        .target_syntax
        .and_then(target::threshold_of)
        .map(|q| q.span);
    let usage = metric::Usage {
        clause: "metric",
        threshold,
        has_target: draft.target_syntax.is_some(),
    };
    draft.metric = metric_syntax.and_then(|m| metric::resolve(m, usage, sink));
    let population = draft.metric.as_ref().map(|m| m.def.population);
    if let Some(scope) = scope_syntax {
        let name = draft.metric.as_ref().map(|m| m.def.name);
        draft.scope = scope::lower_scope(scope, population, name, sink);
    }
    if let (Some(t), Some(m)) = (draft.target_syntax, &draft.metric) {
        draft.target = target::lower_target(t, m, "the target", sink);
    }
    // Without a readable target a per-item metric's values may be shares or statistics:
    // their dimension is unknown, so they are not checked (the missing target is reported).
    let value_dimension = draft
        .metric
        .as_ref()
        .filter(|m| {
            let per_item = m.def.shape == crate::catalogue::Shape::PerItem;
            // Without a statistic or a threshold (S106) a per-item metric's values have no
            // known dimension either.
            !per_item
                || (draft.target_syntax.is_some()
                    && (m.usage.statistic.is_some() || threshold.is_some()))
        })
        .map(|m| m.value_dimension(threshold.is_some()));
    let today = options.today;
    for clause in &goal.clauses {
        // A repeated single clause was reported above; only the first one counts.
        let keyword = keyword_of(&clause.kind);
        if SINGLE_CLAUSES.contains(&keyword) && draft.clauses.get(keyword) != Some(&clause.span) {
            continue;
        }
        match &clause.kind {
            ClauseKind::Owner(owner) => draft.owner = Some(owner),
            ClauseKind::Serves(ids) => draft.serves.extend(ids.iter()),
            ClauseKind::Baseline(b) => {
                let period = time::period(&b.period, today, sink);
                let value = match (&b.value, value_dimension) {
                    (Some(q), Some(dim)) => {
                        check_threshold(b.threshold.as_ref(), threshold, &draft, sink);
                        values::read_value(q, dim, "the baseline", sink).map(Some)
                    }
                    (Some(_), None) => None,
                    (None, _) => Some(None),
                };
                if let (Some(period), Some(value)) = (period, value) {
                    draft.baseline = Some((ir::Baseline { value, period }, clause.span));
                }
            }
            ClauseKind::Checkpoint(c) => {
                check_threshold(c.threshold.as_ref(), threshold, &draft, sink);
                let by = time::date(&c.by, today, sink);
                let value = value_dimension
                    .and_then(|dim| values::read_value(&c.value, dim, "the checkpoint", sink));
                if let (Some(by), Some(value)) = (by, value) {
                    draft
                        .checkpoints
                        .push((ir::Checkpoint { value, by }, clause.span));
                }
            }
            ClauseKind::Deadline(d) => {
                draft.deadline = time::date(d, today, sink).map(|d| (d, clause.span));
            }
            ClauseKind::Start(s) => {
                let start = match s {
                    Start::Date(d) => time::date(d, today, sink),
                    Start::Period(p) => time::period(p, today, sink).map(|r| r.start),
                };
                draft.start = start.map(|d| (d, clause.span));
            }
            ClauseKind::Window(w) => {
                draft.window = time::window(w, today, sink).map(|w| (w, clause.span));
            }
            ClauseKind::Floor(f) => {
                let unit = time::period_unit(&f.period, sink);
                let value = value_dimension.and_then(|dim| {
                    values::read_value(&f.value, dim, "the per-period limit", sink)
                });
                if let (Some(period), Some(value)) = (unit, value) {
                    draft.floors.push(ir::Floor {
                        period,
                        edge: f.edge.value,
                        value,
                    });
                }
            }
            ClauseKind::Review(c) => {
                draft.review = time::cadence(c, sink).map(|c| (c, clause.span));
            }
            ClauseKind::Guardrail(g) => {
                let threshold = target::threshold_of(&g.target).map(|q| q.span);
                let usage = metric::Usage {
                    clause: "guardrail",
                    threshold,
                    has_target: true,
                };
                if let Some(resolved) = metric::resolve(&g.metric, usage, sink) {
                    if let Some(t) =
                        target::lower_target(&g.target, &resolved, "the guardrail", sink)
                    {
                        let def = resolved.def;
                        draft.guardrails.push((
                            ir::Guardrail {
                                metric: resolved.usage,
                                target: t,
                            },
                            def,
                            clause.span,
                        ));
                    }
                }
            }
            ClauseKind::Through(items) => {
                draft
                    .initiatives
                    .extend(items.iter().map(|i| i.value.clone()));
            }
            ClauseKind::During(name) => draft.schedule = Some(name),
            ClauseKind::Metric(_)
            | ClauseKind::Scope(_)
            | ClauseKind::Target(_)
            | ClauseKind::Error => {}
        }
    }
    draft.checkpoints.sort_by_key(|(c, _)| c.by);
    draft
}

fn report_duplicate(keyword: &str, first: Span, clause: &syntax::Clause, sink: &mut Sink) {
    let (rule, message, help) = if keyword == "metric" {
        (
            Rule::MultipleMetrics,
            "the goal measures more than one metric".to_owned(),
            "split it into one goal per metric, or make the second metric a `guardrail`".to_owned(),
        )
    } else {
        (
            Rule::DuplicateClause,
            format!("`{keyword}` appears twice in this goal"),
            format!("keep one `{keyword}` clause"),
        )
    };
    let d = sink
        .at(rule, clause.span, message)
        .label("repeated clause")
        .with_secondary(sink.file(), first, "first clause")
        .help(help);
    sink.push(d);
}

/// A baseline or checkpoint threshold must equal the target's (M212).
fn check_threshold(
    own: Option<&syntax::Quantity>,
    target_threshold: Option<Span>,
    draft: &Draft,
    sink: &mut Sink,
) {
    let Some(own) = own else { return };
    let target_q = draft.target_syntax.and_then(target::threshold_of);
    let (Some(metric), Some(target_q)) = (&draft.metric, target_q) else {
        // When neither a statistic nor a threshold is given, S106 has said so already.
        let has_statistic = draft.metric.as_ref().is_some_and(|m| {
            m.usage.statistic.is_some() || m.def.shape == crate::catalogue::Shape::Aggregate
        });
        if target_threshold.is_none() && has_statistic && draft.target_syntax.is_some() {
            let d = sink
                .at(
                    Rule::ThresholdMismatch,
                    own.span,
                    "this value has a threshold, but the target has none",
                )
                .label("threshold not in the target")
                .help("add the same `within …` to the target, or remove it here");
            sink.push(d);
        }
        return;
    };
    let dim = metric.def.dimension;
    let mine = crate::units::read(own).ok().and_then(|r| r.fit(dim));
    let theirs = crate::units::read(target_q).ok().and_then(|r| r.fit(dim));
    if let (Some(mine), Some(theirs)) = (mine, theirs) {
        if mine.amount != theirs.amount {
            let d = sink
                .at(
                    Rule::ThresholdMismatch,
                    own.span,
                    format!(
                        "this value is a share within {}, but the target is a share within {}",
                        mine.display(),
                        theirs.display()
                    ),
                )
                .label("different threshold")
                .with_secondary(sink.file(), target_q.span, "the target's threshold")
                .help("shares within different thresholds cannot be compared: use the target's threshold");
            sink.push(d);
        }
    }
}

impl Draft<'_> {
    /// The goal's last day: the deadline, or the window's end.
    pub fn effective_deadline(&self) -> Option<(NaiveDate, Span)> {
        self.deadline
            .or_else(|| self.window.as_ref().map(|(w, span)| (w.range.end, *span)))
    }

    /// The goal's first day: the explicit start, or the window's start.
    pub fn effective_start(&self) -> Option<(NaiveDate, Span)> {
        self.start
            .or_else(|| self.window.as_ref().map(|(w, span)| (w.range.start, *span)))
    }

    /// Where to point at the goal as a whole: its id, or its keyword.
    pub fn header_span(&self) -> Span {
        self.goal.id.as_ref().map_or(self.goal.keyword, |n| n.span)
    }

    /// The IR, when every required part is present and valid. Call only for goals without
    /// errors.
    pub fn finish(self, file: crate::source::FileId) -> Option<ir::Goal> {
        let deadline = self.effective_deadline()?.0;
        let start = self.effective_start().map(|s| s.0);
        let metric = self.metric?;
        Some(ir::Goal {
            id: self.goal.id.as_ref()?.value.clone(),
            title: self.goal.title.as_ref()?.value.clone(),
            file,
            span: self.goal.span,
            id_span: self.goal.id.as_ref()?.span,
            owner: ir::Owner {
                kind: self.owner?.kind.as_ref().map(|k| k.value),
                name: self.owner?.name.value.clone(),
            },
            objectives: self.serves.iter().map(|n| n.value.clone()).collect(),
            metric: metric.usage,
            scope: self.scope?,
            target: self.target?,
            baseline: self.baseline.map(|b| b.0),
            checkpoints: self.checkpoints.into_iter().map(|c| c.0).collect(),
            start,
            deadline,
            window: self.window.map(|w| w.0),
            floors: self.floors,
            review: self.review.map(|r| r.0),
            guardrails: self.guardrails.into_iter().map(|g| g.0).collect(),
            initiatives: self.initiatives,
            schedule: self.schedule.map(|s| s.value.clone()),
        })
    }
}

/// Checks references from the goal to project-wide declarations (R402, T510).
pub(crate) fn check_references(draft: &Draft, symbols: &Symbols, sink: &mut Sink) {
    for objective in &draft.serves {
        if symbols.objectives.contains_key(&objective.value) {
            continue;
        }
        let known = symbols.objectives.keys().map(String::as_str);
        let help = match goal_grammar::suggest::did_you_mean(&objective.value, known) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "declare it in any file of the project: `objective {}: \"…\"`",
                objective.value
            ),
        };
        let d = sink
            .at(
                Rule::UnknownObjective,
                objective.span,
                format!("objective `{}` is not declared", objective.value),
            )
            .label("undeclared objective")
            .help(help);
        sink.push(d);
    }
    if let Some(schedule) = draft.schedule {
        if !symbols.schedules.contains_key(&schedule.value) {
            let known = symbols.schedules.keys().map(String::as_str);
            let help = match goal_grammar::suggest::did_you_mean(&schedule.value, known) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "declare it: `schedule {}: monday to friday 09:00 to 17:00 in Europe/London`",
                    schedule.value
                ),
            };
            let d = sink
                .at(
                    Rule::UnknownSchedule,
                    schedule.span,
                    format!("schedule `{}` is not declared", schedule.value),
                )
                .label("undeclared schedule")
                .help(help);
            sink.push(d);
        }
    }
}
