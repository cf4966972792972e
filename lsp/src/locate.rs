//! What lies at an offset of a syntax tree: a declaration's id, a reference to one, a metric,
//! a field, a value with a unit, a clause keyword. Error nodes hold nothing, so a broken line
//! never hides the valid goals around it.

use goal_grammar::Span;
use goal_grammar::syntax::{
    BoundValue, Clause, ClauseKind, File, Filter, Goal, Item, MetricRef, Name, Quantity, Scope,
    Target, TargetExpr,
};

/// The kinds of declaration, which share one namespace per kind across the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `objective id: "…"`
    Objective,
    /// `schedule id: …`
    Schedule,
    /// `goal id: "…"`
    Goal,
}

impl Kind {
    /// The declaration keyword.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Objective => "objective",
            Kind::Schedule => "schedule",
            Kind::Goal => "goal",
        }
    }
}

/// Something at an offset.
#[derive(Debug, Clone, Copy)]
pub enum Found<'a> {
    /// The id of a declaration.
    Declaration(Kind, &'a Name),
    /// An id that refers to a declaration (`serves x`, `during y`).
    Reference(Kind, &'a Name),
    /// A metric's name.
    Metric(&'a MetricRef),
    /// A statistic before a metric's name.
    Statistic(&'a Name),
    /// A metric parameter's name.
    Parameter(&'a MetricRef, &'a Name),
    /// A field tested by a scope, in `goal`.
    Field(&'a Goal, &'a Name),
    /// A number with its unit.
    Quantity(&'a Quantity),
    /// A clause keyword.
    Keyword(&'a Clause),
}

/// Whether `offset` touches `span` (the cursor may stand just after the last character).
pub fn touches(span: Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// The declaration whose text holds `offset`.
pub fn item_at(file: &File, offset: usize) -> Option<&Item> {
    let after = file.items.partition_point(|i| i.span().start <= offset);
    let item = file.items.get(after.checked_sub(1)?)?;
    touches(item.span(), offset).then_some(item)
}

/// The goal whose text (header to last clause) holds `offset`.
pub fn goal_at(file: &File, offset: usize) -> Option<&Goal> {
    match item_at(file, offset)? {
        Item::Goal(goal) => Some(goal),
        _ => None,
    }
}

/// The goal a line at `offset` belongs to: the last goal that starts before it, unless another
/// declaration comes between (used for completion on lines that do not parse yet).
pub fn enclosing_goal(file: &File, offset: usize) -> Option<&Goal> {
    let after = file.items.partition_point(|i| i.span().start <= offset);
    file.items[..after]
        .iter()
        .rev()
        .find_map(|item| match item {
            Item::Goal(goal) => Some(Some(goal)),
            Item::Objective(_) | Item::Schedule(_) => Some(None),
            Item::Error(_) => None,
        })?
}

/// What is at `offset` in `file`.
pub fn at(file: &File, offset: usize) -> Option<Found<'_>> {
    match item_at(file, offset)? {
        Item::Objective(o) => declared(Kind::Objective, o.id.as_ref(), offset),
        Item::Schedule(s) => declared(Kind::Schedule, s.id.as_ref(), offset),
        Item::Goal(goal) => declared(Kind::Goal, goal.id.as_ref(), offset).or_else(|| {
            let clause = goal.clauses.iter().find(|c| touches(c.span, offset))?;
            in_clause(goal, clause, offset)
        }),
        Item::Error(_) => None,
    }
}

fn declared(kind: Kind, id: Option<&Name>, offset: usize) -> Option<Found<'_>> {
    id.filter(|id| touches(id.span, offset))
        .map(|id| Found::Declaration(kind, id))
}

fn in_clause<'a>(goal: &'a Goal, clause: &'a Clause, offset: usize) -> Option<Found<'a>> {
    if touches(clause.keyword, offset) && clause.kind != ClauseKind::Error {
        return Some(Found::Keyword(clause));
    }
    let quantity = |quantities: Vec<&'a Quantity>| {
        quantities
            .into_iter()
            .find(|q| touches(q.span, offset))
            .map(Found::Quantity)
    };
    match &clause.kind {
        ClauseKind::Serves(ids) => ids
            .iter()
            .find(|id| touches(id.span, offset))
            .map(|id| Found::Reference(Kind::Objective, id)),
        ClauseKind::During(id) => {
            touches(id.span, offset).then_some(Found::Reference(Kind::Schedule, id))
        }
        ClauseKind::Metric(metric) => in_metric(metric, offset),
        ClauseKind::Guardrail(g) => {
            in_metric(&g.metric, offset).or_else(|| quantity(target_quantities(&g.target)))
        }
        ClauseKind::Scope(Scope::Filter(filter)) => {
            field_at(filter, offset).map(|field| Found::Field(goal, field))
        }
        ClauseKind::Target(t) => quantity(target_quantities(t)),
        ClauseKind::Baseline(b) => quantity(b.value.iter().chain(&b.threshold).collect()),
        ClauseKind::Checkpoint(c) => {
            quantity(std::iter::once(&c.value).chain(&c.threshold).collect())
        }
        ClauseKind::Floor(f) => quantity(vec![&f.value]),
        _ => None,
    }
}

fn in_metric(metric: &MetricRef, offset: usize) -> Option<Found<'_>> {
    if touches(metric.name.span, offset) {
        return Some(Found::Metric(metric));
    }
    if let Some(statistic) = metric
        .statistic
        .as_ref()
        .filter(|s| touches(s.span, offset))
    {
        return Some(Found::Statistic(statistic));
    }
    metric.args.iter().find_map(|arg| {
        if touches(arg.name.span, offset) {
            Some(Found::Parameter(metric, &arg.name))
        } else {
            touches(arg.value.span, offset).then_some(Found::Quantity(&arg.value))
        }
    })
}

/// The numbers of a target.
pub fn target_quantities(target: &Target) -> Vec<&Quantity> {
    match &target.expr {
        TargetExpr::Zero(_) => Vec::new(),
        TargetExpr::Between {
            low,
            high,
            threshold,
        } => [low, high].into_iter().chain(threshold).collect(),
        TargetExpr::Change { amount, up_to, .. } => std::iter::once(amount).chain(up_to).collect(),
        TargetExpr::Bound {
            value, threshold, ..
        } => match value {
            BoundValue::Quantity(q) => std::iter::once(q).chain(threshold).collect(),
            BoundValue::Baseline(_) => threshold.iter().collect(),
        },
    }
}

/// The field name at `offset` in a filter.
fn field_at(filter: &Filter, offset: usize) -> Option<&Name> {
    match filter {
        Filter::And(parts, _) | Filter::Or(parts, _) => {
            parts.iter().find_map(|part| field_at(part, offset))
        }
        Filter::Not(inner, _) => field_at(inner, offset),
        Filter::Condition(c) => touches(c.field.span, offset).then_some(&c.field),
    }
}

/// The population a goal's scope filters: its metric's, else the one `scope all …` names,
/// else tickets.
pub fn population(goal: &Goal) -> goal_compiler::catalogue::Population {
    use goal_compiler::catalogue::{Population, find_metric};
    let from_metric = goal.clauses.iter().find_map(|c| match &c.kind {
        ClauseKind::Metric(m) => find_metric(&m.name.value).map(|m| m.population),
        _ => None,
    });
    let from_scope = || {
        goal.clauses.iter().find_map(|c| match &c.kind {
            ClauseKind::Scope(Scope::All(word)) => Population::find(&word.value),
            _ => None,
        })
    };
    from_metric
        .or_else(from_scope)
        .unwrap_or(Population::Tickets)
}

/// Every declaration of a file with its id.
pub fn declarations(file: &File) -> impl Iterator<Item = (Kind, &Name)> {
    file.items.iter().filter_map(|item| match item {
        Item::Objective(o) => o.id.as_ref().map(|id| (Kind::Objective, id)),
        Item::Schedule(s) => s.id.as_ref().map(|id| (Kind::Schedule, id)),
        Item::Goal(g) => g.id.as_ref().map(|id| (Kind::Goal, id)),
        Item::Error(_) => None,
    })
}

/// Every reference of a file to a declaration: `serves` ids and `during` ids.
pub fn references(file: &File) -> impl Iterator<Item = (Kind, &Name)> {
    file.items
        .iter()
        .filter_map(|item| match item {
            Item::Goal(goal) => Some(goal),
            _ => None,
        })
        .flat_map(|goal| &goal.clauses)
        .flat_map(|clause| {
            let names: Vec<(Kind, &Name)> = match &clause.kind {
                ClauseKind::Serves(ids) => ids.iter().map(|id| (Kind::Objective, id)).collect(),
                ClauseKind::During(id) => vec![(Kind::Schedule, id)],
                _ => Vec::new(),
            };
            names
        })
}
