//! Limits on the size of what a project declares: how many goals, how many items one list or
//! one goal may hold, how long a name or a quoted text may be. Files larger than
//! [`crate::load::MAX_FILE_BYTES`] (`E006`) and lines nested deeper than
//! [`goal_grammar::MAX_NESTING`] (`E004`) are refused before this.
//!
//! Every limit lies far above what a person writes, so that only generated, corrupted or
//! hostile input meets it; together they bound the time, memory and output of a check. A goal
//! that exceeds a limit is reported and not checked further (it never becomes IR).

use crate::diagnostic::{Diagnostic, Sink};
use crate::load::MAX_FILE_BYTES;
use crate::rules::Rule;
use crate::source::Source;
use goal_grammar::Span;
use goal_grammar::syntax::{
    BoundValue, Cadence, ClauseKind, DateExpr, Filter, Goal, MetricRef, Name, Objective, Period,
    Quantity, Scalar, ScalarKind, Schedule, Start, Target, TargetExpr, Unit, WindowSpan,
};

/// Most goals in one project (all files of one check); `E015`.
pub const MAX_GOALS: usize = 10_000;

/// Most items in one list (values of `in (...)`, objectives of `serves`, initiatives of
/// `through`, metric parameters, days of a schedule), conditions in one scope, and clauses of
/// one kind in one goal; `E016`.
pub const MAX_LIST_ITEMS: usize = 100;

/// Longest id, name, word or number, in characters; `E017`.
pub const MAX_NAME_CHARS: usize = 100;

/// Longest quoted text (a title, a description, an owner, an initiative, a filter value), in
/// characters; `E018`.
pub const MAX_TEXT_CHARS: usize = 1_000;

/// The length of `text` in characters when it is over `max`.
fn over(text: &str, max: usize) -> Option<usize> {
    // Characters are never more than bytes: count only when the bytes are over.
    (text.len() > max)
        .then(|| text.chars().count())
        .filter(|&n| n > max)
}

/// True when `source` is larger than [`crate::load::MAX_FILE_BYTES`].
pub(crate) fn file_too_large(source: &Source) -> bool {
    u64::try_from(source.text.len()).map_or(true, |n| n > MAX_FILE_BYTES)
}

/// `E006` for a file over the size limit: such a file is not parsed. The loader refuses them
/// already; this covers text handed to [`crate::check`] directly (an editor's buffer).
pub(crate) fn file_size(source: &Source) -> Option<Diagnostic> {
    file_too_large(source).then(|| {
        Diagnostic::without_location(
            Rule::FileTooLarge,
            format!(
                "`{}` is {} bytes; the limit is {MAX_FILE_BYTES} bytes",
                source.path,
                source.text.len()
            ),
        )
        .help("split the goals over several files")
    })
}

/// `10000` as `10,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Reports the goal at `header` when it is the first past [`MAX_GOALS`] (`count` goals so far,
/// this one included). Returns true when the goal must not be checked.
pub(crate) fn goal_count(count: usize, header: Span, sink: &mut Sink) -> bool {
    if count == MAX_GOALS + 1 {
        let d = sink
            .at(
                Rule::ProjectTooLarge,
                header,
                format!(
                    "the project declares more than {} goals; this goal and the ones after it are not checked",
                    thousands(MAX_GOALS)
                ),
            )
            .label(format!("goal {}", thousands(count)))
            .help("check the goals in smaller groups (a folder per team), or remove generated goals");
        sink.push(d);
    }
    count > MAX_GOALS
}

/// Checks one goal against the limits. Returns true when it exceeds one: the goal is then not
/// checked further.
pub(crate) fn check_goal(goal: &Goal, sink: &mut Sink) -> bool {
    let mut walk = Walk { sink, found: false };
    if let Some(id) = &goal.id {
        walk.name(id, "goal id");
    }
    if let Some(title) = &goal.title {
        walk.text(title, "title");
    }
    walk.repeated_clauses(goal);
    if !walk.found {
        for clause in &goal.clauses {
            walk.clause(&clause.kind);
        }
    }
    walk.found
}

/// Checks an objective against the limits.
pub(crate) fn check_objective(objective: &Objective, sink: &mut Sink) {
    let mut walk = Walk { sink, found: false };
    if let Some(id) = &objective.id {
        walk.name(id, "objective id");
    }
    if let Some(description) = &objective.description {
        walk.text(description, "description");
    }
}

/// Checks a schedule against the limits. Returns true when it exceeds one.
pub(crate) fn check_schedule(schedule: &Schedule, sink: &mut Sink) -> bool {
    let mut walk = Walk { sink, found: false };
    if let Some(id) = &schedule.id {
        walk.name(id, "schedule id");
    }
    if walk.list(
        schedule.days.iter().map(|d| d.from.span),
        "schedule",
        "days",
    ) {
        for day in &schedule.days {
            walk.name(&day.from, "day");
            if let Some(to) = &day.to {
                walk.name(to, "day");
            }
        }
    }
    for word in [&schedule.opens, &schedule.closes, &schedule.time_zone]
        .into_iter()
        .flatten()
    {
        walk.name(word, "word");
    }
    walk.found
}

/// Reports every limit a declaration exceeds.
struct Walk<'s> {
    sink: &'s mut Sink,
    found: bool,
}

impl Walk<'_> {
    fn too_long(&mut self, rule: Rule, span: Span, what: &str, length: usize, max: usize) {
        let help = if rule == Rule::TextTooLong {
            "keep it to one sentence; a longer explanation belongs in a comment or a linked document"
        } else {
            "use a shorter word: ids and names are labels, the title says the rest"
        };
        let d = self
            .sink
            .at(
                rule,
                span,
                format!(
                    "this {what} is {} characters long; the limit is {}",
                    thousands(length),
                    thousands(max)
                ),
            )
            .label("too long")
            .help(help);
        self.sink.push(d);
        self.found = true;
    }

    /// A bare word: an id, a name, a unit, a number.
    fn name(&mut self, name: &Name, what: &str) {
        if let Some(length) = over(&name.value, MAX_NAME_CHARS) {
            self.too_long(Rule::NameTooLong, name.span, what, length, MAX_NAME_CHARS);
        }
    }

    /// A text that may be quoted.
    fn text(&mut self, text: &Name, what: &str) {
        if let Some(length) = over(&text.value, MAX_TEXT_CHARS) {
            self.too_long(Rule::TextTooLong, text.span, what, length, MAX_TEXT_CHARS);
        }
    }

    /// Reports a list of more than [`MAX_LIST_ITEMS`] items (`spans`, one per item) at its
    /// first item past the limit. Returns true when the list is within the limit, so that its
    /// items are worth checking one by one.
    fn list(&mut self, spans: impl Iterator<Item = Span>, what: &str, items: &str) -> bool {
        let mut count = 0;
        let mut first_over = None;
        for span in spans {
            count += 1;
            if count == MAX_LIST_ITEMS + 1 {
                first_over = Some(span);
            }
        }
        let Some(span) = first_over else {
            return true;
        };
        let d = self
            .sink
            .at(
                Rule::ListTooLong,
                span,
                format!(
                    "this {what} has {} {items}; the limit is {MAX_LIST_ITEMS}",
                    thousands(count)
                ),
            )
            .label(format!("item {}", MAX_LIST_ITEMS + 1))
            .help(
                "split the goal, or name a broader group (`priority not in (low)` rather than every other priority)",
            );
        self.sink.push(d);
        self.found = true;
        false
    }

    /// Reports clauses of one kind written more than [`MAX_LIST_ITEMS`] times in a goal.
    fn repeated_clauses(&mut self, goal: &Goal) {
        let mut counts: Vec<(std::mem::Discriminant<ClauseKind>, usize)> = Vec::new();
        for clause in &goal.clauses {
            let kind = std::mem::discriminant(&clause.kind);
            let count = match counts.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, count)) => {
                    *count += 1;
                    *count
                }
                None => {
                    counts.push((kind, 1));
                    1
                }
            };
            if count == MAX_LIST_ITEMS + 1 && clause.kind != ClauseKind::Error {
                let total = goal
                    .clauses
                    .iter()
                    .filter(|c| std::mem::discriminant(&c.kind) == kind)
                    .count();
                let keyword = crate::goal::keyword_of(&clause.kind);
                let d = self
                    .sink
                    .at(
                        Rule::ListTooLong,
                        clause.keyword,
                        format!(
                            "this goal has {} `{keyword}` clauses; the limit is {MAX_LIST_ITEMS}",
                            thousands(total)
                        ),
                    )
                    .label(format!("clause {}", MAX_LIST_ITEMS + 1))
                    .help("keep the clauses that matter: nobody can review a goal this long");
                self.sink.push(d);
                self.found = true;
            }
        }
    }

    fn clause(&mut self, kind: &ClauseKind) {
        match kind {
            ClauseKind::Owner(owner) => self.text(&owner.name, "owner"),
            ClauseKind::Serves(ids) => {
                if self.list(ids.iter().map(|n| n.span), "list", "objectives") {
                    ids.iter().for_each(|id| self.name(id, "objective id"));
                }
            }
            ClauseKind::Metric(metric) => self.metric(metric),
            ClauseKind::Scope(goal_grammar::syntax::Scope::All(word)) => {
                self.name(word, "population");
            }
            ClauseKind::Scope(goal_grammar::syntax::Scope::Filter(filter)) => {
                let mut conditions = Vec::new();
                collect_conditions(filter, &mut conditions);
                if self.list(conditions.iter().map(|c| c.span), "scope", "conditions") {
                    for condition in conditions {
                        self.name(&condition.field, "field name");
                        if self.list(condition.values.iter().map(|v| v.span), "list", "values") {
                            condition.values.iter().for_each(|v| self.scalar(v));
                        }
                    }
                }
            }
            ClauseKind::Target(target) => self.target(target),
            ClauseKind::Baseline(baseline) => {
                for q in baseline.value.iter().chain(&baseline.threshold) {
                    self.quantity(q);
                }
                self.period(&baseline.period);
            }
            ClauseKind::Checkpoint(checkpoint) => {
                self.quantity(&checkpoint.value);
                if let Some(q) = &checkpoint.threshold {
                    self.quantity(q);
                }
                self.date(&checkpoint.by);
            }
            ClauseKind::Deadline(date) | ClauseKind::Start(Start::Date(date)) => self.date(date),
            ClauseKind::Start(Start::Period(period)) => self.period(period),
            ClauseKind::Window(window) => {
                if let Some(each) = &window.each {
                    self.name(each, "period");
                }
                match &window.span_kind {
                    WindowSpan::Period(period) => self.period(period),
                    WindowSpan::Between { from, to } => {
                        self.date(from);
                        self.date(to);
                    }
                    WindowSpan::Length { length, from } => {
                        self.quantity(length);
                        self.date(from);
                    }
                }
            }
            ClauseKind::Floor(floor) => {
                self.name(&floor.period, "period");
                self.quantity(&floor.value);
            }
            ClauseKind::Review(Cadence::Named(word) | Cadence::EveryUnit(word)) => {
                self.name(word, "cadence");
            }
            ClauseKind::Review(Cadence::Every(q)) => self.quantity(q),
            ClauseKind::Guardrail(guardrail) => {
                self.metric(&guardrail.metric);
                self.target(&guardrail.target);
            }
            ClauseKind::Through(initiatives) => {
                if self.list(initiatives.iter().map(|n| n.span), "list", "initiatives") {
                    initiatives.iter().for_each(|i| self.text(i, "initiative"));
                }
            }
            ClauseKind::During(schedule) => self.name(schedule, "schedule id"),
            ClauseKind::Error => {}
        }
    }

    fn metric(&mut self, metric: &MetricRef) {
        if let Some(statistic) = &metric.statistic {
            self.name(statistic, "statistic");
        }
        self.name(&metric.name, "metric name");
        if self.list(
            metric.args.iter().map(|a| a.name.span),
            "list",
            "parameters",
        ) {
            for arg in &metric.args {
                self.name(&arg.name, "parameter name");
                self.quantity(&arg.value);
            }
        }
    }

    fn scalar(&mut self, scalar: &Scalar) {
        let (rule, max) = match scalar.kind {
            ScalarKind::String => (Rule::TextTooLong, MAX_TEXT_CHARS),
            ScalarKind::Word | ScalarKind::Number => (Rule::NameTooLong, MAX_NAME_CHARS),
        };
        if let Some(length) = over(&scalar.text, max) {
            self.too_long(rule, scalar.span, "value", length, max);
        }
    }

    fn target(&mut self, target: &Target) {
        match &target.expr {
            TargetExpr::Zero(_) => {}
            TargetExpr::Between {
                low,
                high,
                threshold,
            } => {
                for q in [low, high].into_iter().chain(threshold) {
                    self.quantity(q);
                }
            }
            TargetExpr::Change { amount, up_to, .. } => {
                for q in std::iter::once(amount).chain(up_to) {
                    self.quantity(q);
                }
            }
            TargetExpr::Bound {
                value, threshold, ..
            } => {
                if let BoundValue::Quantity(q) = value {
                    self.quantity(q);
                }
                if let Some(q) = threshold {
                    self.quantity(q);
                }
            }
        }
        if let Some(period) = &target.per_period {
            self.name(period, "period");
        }
    }

    fn quantity(&mut self, quantity: &Quantity) {
        self.name(&quantity.number, "number");
        match &quantity.unit {
            Some(Unit::Word(word) | Unit::Scale(word)) => self.name(word, "unit"),
            Some(Unit::Percent(_)) | None => {}
        }
    }

    fn date(&mut self, date: &DateExpr) {
        match date {
            DateExpr::Edge { period, .. } => self.period(period),
            DateExpr::Date(word) | DateExpr::SlashDate(word) | DateExpr::Relative(word) => {
                self.name(word, "date");
            }
        }
    }

    fn period(&mut self, period: &Period) {
        match period {
            Period::Quarter {
                quarter: a,
                year: b,
                ..
            }
            | Period::Half {
                half: a, year: b, ..
            }
            | Period::Month {
                month: a, year: b, ..
            }
            | Period::Relative {
                word: a, unit: b, ..
            } => {
                self.name(a, "period");
                self.name(b, "period");
            }
            Period::Year(year) => self.name(year, "year"),
            Period::Range { from, to, .. } => {
                self.date(from);
                self.date(to);
            }
        }
    }
}

/// The conditions of a filter, in source order.
fn collect_conditions<'f>(filter: &'f Filter, out: &mut Vec<&'f goal_grammar::syntax::Condition>) {
    match filter {
        Filter::And(parts, _) | Filter::Or(parts, _) => {
            parts.iter().for_each(|p| collect_conditions(p, out));
        }
        Filter::Not(inner, _) => collect_conditions(inner, out),
        Filter::Condition(condition) => out.push(condition),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(100), "100");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(10_001), "10,001");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn length_is_counted_in_characters() {
        assert_eq!(over("abc", 3), None);
        assert_eq!(over("abcd", 3), Some(4));
        // Four characters, eight bytes: within a limit of four.
        assert_eq!(over("éééé", 4), None);
        assert_eq!(over("ééééé", 4), Some(5));
    }
}
