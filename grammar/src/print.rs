//! Prints a syntax tree back as `.goal` text in one canonical layout.
//!
//! Comments are kept where they were (own-line comments before the element that follows them,
//! end-of-line comments after their line); error nodes are printed exactly as written. Parsing
//! the output gives the same tree, up to spans (tested on every fixture).

use crate::syntax::*;
use std::fmt::Write as _;

/// Indentation of goal clauses.
const INDENT: &str = "  ";

/// Prints `file` (parsed from `source`) in canonical layout.
pub fn print(file: &File, source: &str) -> String {
    let mut printer = Printer {
        source,
        comments: &file.comments,
        next_comment: 0,
        error_spans: error_spans(file),
        out: String::new(),
    };
    let mut previous: Option<&Item> = None;
    for item in &file.items {
        if let Some(prev) = previous {
            let gap = &source[prev.span().end.min(item.span().start)..item.span().start];
            let lines: Vec<&str> = gap.split('\n').collect();
            let blank_in_source = lines.len() > 2
                && lines[1..lines.len() - 1]
                    .iter()
                    .any(|l| l.trim().is_empty());
            if blank_in_source || matches!(prev, Item::Goal(_)) || matches!(item, Item::Goal(_)) {
                printer.out.push('\n');
            }
        }
        printer.item(item);
        previous = Some(item);
    }
    printer.comments_before(usize::MAX, "");
    printer.out
}

fn error_spans(file: &File) -> Vec<Span> {
    let mut spans = Vec::new();
    for item in &file.items {
        match item {
            Item::Error(span) => spans.push(*span),
            Item::Goal(goal) => spans.extend(
                goal.clauses
                    .iter()
                    .filter(|c| c.kind == ClauseKind::Error)
                    .map(|c| c.span),
            ),
            _ => {}
        }
    }
    spans
}

struct Printer<'a> {
    source: &'a str,
    comments: &'a [Comment],
    next_comment: usize,
    error_spans: Vec<Span>,
    out: String,
}

impl Printer<'_> {
    fn inside_error(&self, comment: &Comment) -> bool {
        self.error_spans
            .iter()
            .any(|s| s.start <= comment.span.start && comment.span.end <= s.end)
    }

    fn is_trailing(&self, comment: &Comment) -> bool {
        let line_start = self.source[..comment.span.start]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        !self.source[line_start..comment.span.start]
            .trim()
            .is_empty()
    }

    /// Emits own-line comments that start before `offset`.
    fn comments_before(&mut self, offset: usize, indent: &str) {
        while let Some(comment) = self.comments.get(self.next_comment) {
            if comment.span.start >= offset {
                break;
            }
            self.next_comment += 1;
            if self.inside_error(comment) {
                continue;
            }
            // A trailing comment not consumed by its line (should not happen) still survives.
            let _ = writeln!(self.out, "{indent}{}", comment.text);
        }
    }

    /// Ends a printed line, appending the end-of-line comment written after `end`, if any.
    fn end_line(&mut self, end: usize) {
        if let Some(comment) = self.comments.get(self.next_comment) {
            let between = self.source.get(end..comment.span.start).unwrap_or("\n");
            if !between.contains('\n') && self.is_trailing(comment) && !self.inside_error(comment) {
                let _ = write!(self.out, "  {}", comment.text);
                self.next_comment += 1;
            }
        }
        self.out.push('\n');
    }

    fn verbatim(&mut self, span: Span) {
        let text = self.source.get(span.start..span.end).unwrap_or("");
        // Only what the grammar skips: other whitespace is part of the broken text.
        self.out
            .push_str(text.trim_end_matches(crate::lower::BLANK));
        self.out.push('\n');
        // Comments inside the text were printed with it.
        while self
            .comments
            .get(self.next_comment)
            .is_some_and(|c| c.span.start < span.end)
        {
            self.next_comment += 1;
        }
    }

    fn item(&mut self, item: &Item) {
        self.comments_before(item.span().start, "");
        match item {
            Item::Objective(o) => match (&o.id, &o.description) {
                (Some(id), Some(description)) => {
                    let _ = write!(
                        self.out,
                        "objective {}: {}",
                        id.value,
                        quote(&description.value)
                    );
                    self.end_line(o.span.end);
                }
                _ => self.verbatim(o.span),
            },
            Item::Schedule(s) => match (&s.id, &s.opens, &s.closes, &s.time_zone) {
                (Some(id), Some(opens), Some(closes), Some(zone)) => {
                    let days: Vec<String> = s
                        .days
                        .iter()
                        .map(|d| match &d.to {
                            Some(to) => format!("{} to {}", d.from.value, to.value),
                            None => d.from.value.clone(),
                        })
                        .collect();
                    let _ = write!(
                        self.out,
                        "schedule {}: {} {} to {} in {}",
                        id.value,
                        days.join(", "),
                        opens.value,
                        closes.value,
                        zone.value
                    );
                    self.end_line(s.span.end);
                }
                _ => self.verbatim(s.span),
            },
            Item::Goal(goal) => self.goal(goal),
            Item::Error(span) => self.verbatim(*span),
        }
    }

    fn goal(&mut self, goal: &Goal) {
        match (&goal.id, &goal.title) {
            (Some(id), Some(title)) => {
                let _ = write!(self.out, "goal {}: {}", id.value, quote(&title.value));
                self.end_line(title.span.end);
            }
            _ => {
                let line_end = self.source[goal.keyword.start..]
                    .find(['\n', '\r'])
                    .map_or(self.source.len(), |i| goal.keyword.start + i);
                self.verbatim(Span::new(goal.keyword.start, line_end));
            }
        }
        for clause in &goal.clauses {
            self.comments_before(clause.span.start, INDENT);
            if clause.kind == ClauseKind::Error {
                self.out.push_str(INDENT);
                self.verbatim(clause.span);
                continue;
            }
            self.out.push_str(INDENT);
            self.out.push_str(&clause_text(&clause.kind));
            self.end_line(clause.span.end);
        }
    }
}

/// A string literal for `text`, escaping quotes and backslashes.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The canonical text of one clause, without indentation.
pub fn clause_text(kind: &ClauseKind) -> String {
    match kind {
        ClauseKind::Owner(owner) => {
            let kind = match owner.kind.as_ref().map(|k| k.value) {
                Some(OwnerKind::Team) => "team ",
                Some(OwnerKind::Person) => "person ",
                None => "",
            };
            format!("owner {kind}{}", quote(&owner.name.value))
        }
        ClauseKind::Serves(ids) => format!("serves {}", join_names(ids)),
        ClauseKind::Metric(metric) => format!("metric {}", metric_text(metric)),
        ClauseKind::Scope(Scope::All(population)) => format!("scope all {}", population.value),
        ClauseKind::Scope(Scope::Filter(filter)) => format!("scope {}", filter_text(filter, 0)),
        ClauseKind::Target(target) => format!("target {}", target_text(target)),
        ClauseKind::Baseline(baseline) => {
            let value = match &baseline.value {
                Some(v) => format!(
                    "{}{}",
                    quantity_text(v),
                    threshold_text(&baseline.threshold)
                ),
                None => "measured".to_owned(),
            };
            let preposition = if baseline.value.is_some() {
                "in"
            } else {
                "over"
            };
            format!(
                "baseline {value} {preposition} {}",
                period_text(&baseline.period)
            )
        }
        ClauseKind::Checkpoint(c) => format!(
            "checkpoint {}{} by {}",
            quantity_text(&c.value),
            threshold_text(&c.threshold),
            date_text(&c.by)
        ),
        ClauseKind::Deadline(date) => format!("deadline {}", date_text(date)),
        ClauseKind::Start(Start::Date(date)) => format!("start {}", date_text(date)),
        ClauseKind::Start(Start::Period(period)) => format!("start {}", period_text(period)),
        ClauseKind::Window(window) => {
            let span = match &window.span_kind {
                WindowSpan::Period(p) => period_text(p),
                WindowSpan::Between { from, to } => {
                    format!("from {} to {}", date_text(from), date_text(to))
                }
                WindowSpan::Length { length, from } => {
                    format!("{} from {}", quantity_text(length), date_text(from))
                }
            };
            match (&window.each, &window.span_kind) {
                (Some(unit), WindowSpan::Period(_)) => {
                    format!("window each {} in {span}", unit.value)
                }
                (Some(unit), _) => format!("window each {} over {span}", unit.value),
                (None, _) => format!("window {span}"),
            }
        }
        ClauseKind::Floor(floor) => {
            let edge = match floor.edge.value {
                FloorEdge::Below => "below",
                FloorEdge::Above => "above",
            };
            format!(
                "no {} {edge} {}",
                floor.period.value,
                quantity_text(&floor.value)
            )
        }
        ClauseKind::Review(Cadence::Named(name)) => format!("review {}", name.value),
        ClauseKind::Review(Cadence::Every(q)) => format!("review every {}", quantity_text(q)),
        ClauseKind::Review(Cadence::EveryUnit(unit)) => format!("review every {}", unit.value),
        ClauseKind::Guardrail(g) => format!(
            "guardrail {} {}",
            metric_text(&g.metric),
            target_text(&g.target)
        ),
        ClauseKind::Through(items) => {
            let quoted: Vec<String> = items.iter().map(|i| quote(&i.value)).collect();
            format!("through {}", quoted.join(", "))
        }
        ClauseKind::During(schedule) => format!("during {}", schedule.value),
        ClauseKind::Error => String::new(),
    }
}

fn join_names(names: &[Name]) -> String {
    names
        .iter()
        .map(|n| n.value.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn metric_text(metric: &MetricRef) -> String {
    let mut text = String::new();
    if let Some(statistic) = &metric.statistic {
        text.push_str(&statistic.value);
        text.push(' ');
    }
    text.push_str(&metric.name.value);
    if !metric.args.is_empty() {
        let args: Vec<String> = metric
            .args
            .iter()
            .map(|a| format!("{} {}", a.name.value, quantity_text(&a.value)))
            .collect();
        let _ = write!(text, " ({})", args.join(", "));
    }
    text
}

/// Precedence: 0 = or, 1 = and, 2 = not/atom. Parentheses only where needed.
fn filter_text(filter: &Filter, context: u8) -> String {
    let (text, precedence) = match filter {
        Filter::Or(parts, _) => (join_filters(parts, " or ", 0), 0),
        Filter::And(parts, _) => (join_filters(parts, " and ", 1), 1),
        Filter::Not(inner, _) => (format!("not {}", filter_text(inner, 2)), 2),
        Filter::Condition(c) => (condition_text(c), 2),
    };
    if precedence < context {
        format!("({text})")
    } else {
        text
    }
}

fn join_filters(parts: &[Filter], separator: &str, precedence: u8) -> String {
    parts
        .iter()
        .map(|p| filter_text(p, precedence + 1))
        .collect::<Vec<_>>()
        .join(separator)
}

fn condition_text(c: &Condition) -> String {
    let op = c.op.value.word();
    let values: Vec<String> = c.values.iter().map(scalar_text).collect();
    let values = match c.op.value {
        FilterOp::In | FilterOp::NotIn => format!("({})", values.join(", ")),
        _ if values.len() == 1 => values.join(""),
        _ => format!("({})", values.join(", ")),
    };
    format!("{} {op} {values}", c.field.value)
}

fn scalar_text(s: &Scalar) -> String {
    match s.kind {
        ScalarKind::String => quote(&s.text),
        ScalarKind::Word | ScalarKind::Number => s.text.clone(),
    }
}

/// A quantity in canonical form: `80%`, `60 seconds`, `4.5 on csat`, `2x`.
pub fn quantity_text(q: &Quantity) -> String {
    match &q.unit {
        None => q.number.value.clone(),
        Some(Unit::Percent(_)) => format!("{}%", q.number.value),
        Some(Unit::Scale(scale)) => format!("{} on {}", q.number.value, scale.value),
        Some(Unit::Word(word)) if word.value == "x" => format!("{}x", q.number.value),
        Some(Unit::Word(word)) => format!("{} {}", q.number.value, word.value),
    }
}

fn threshold_text(threshold: &Option<Quantity>) -> String {
    threshold
        .as_ref()
        .map(|t| format!(" within {}", quantity_text(t)))
        .unwrap_or_default()
}

fn target_text(target: &Target) -> String {
    let mut text = match &target.expr {
        TargetExpr::Zero(_) => "zero".to_owned(),
        TargetExpr::Between {
            low,
            high,
            threshold,
        } => format!(
            "between {} and {}{}",
            quantity_text(low),
            quantity_text(high),
            threshold_text(threshold)
        ),
        TargetExpr::Change {
            direction,
            amount,
            up_to,
        } => {
            let verb = direction.value.word();
            let range = up_to
                .as_ref()
                .map(|u| format!(" to {}", quantity_text(u)))
                .unwrap_or_default();
            format!("{verb} by {}{range}", quantity_text(amount))
        }
        TargetExpr::Bound {
            comparator,
            value,
            threshold,
        } => {
            let value = match value {
                BoundValue::Quantity(q) => quantity_text(q),
                BoundValue::Baseline(_) => "baseline".to_owned(),
            };
            let comparator = comparator
                .as_ref()
                .map_or_else(String::new, |c| format!("{} ", c.value.word()));
            format!("{comparator}{value}{}", threshold_text(threshold))
        }
    };
    if let Some(period) = &target.per_period {
        let _ = write!(text, " each {}", period.value);
    }
    text
}

fn date_text(date: &DateExpr) -> String {
    match date {
        DateExpr::Edge { edge, period, .. } => {
            let edge = match edge.value {
                Edge::Start => "start",
                Edge::End => "end",
            };
            format!("{edge} of {}", period_text(period))
        }
        DateExpr::Date(n) | DateExpr::SlashDate(n) | DateExpr::Relative(n) => n.value.clone(),
    }
}

fn period_text(period: &Period) -> String {
    match period {
        Period::Quarter { quarter, year, .. } => format!("{} {}", quarter.value, year.value),
        Period::Half { half, year, .. } => format!("{} {}", half.value, year.value),
        Period::Month { month, year, .. } => format!("{} {}", month.value, year.value),
        Period::Year(year) => year.value.clone(),
        Period::Range { from, to, .. } => format!("{} to {}", date_text(from), date_text(to)),
        Period::Relative { word, unit, .. } => format!("{} {}", word.value, unit.value),
    }
}
