//! Turns pest's parse into the syntax tree and error nodes into [`SyntaxError`]s.

use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::explain;
use crate::parser::{GoalParser, Rule, is_token};
use crate::syntax::*;
use crate::tree::{N, Tree};
use pest::Parser;

type P<'t> = N<'t>;

/// What the grammar skips at the end of a line: other whitespace (`\u{b}`, a no-break space)
/// is text, so trimming it from a span would drop it when the span is printed.
pub(crate) const BLANK: &[char] = &[' ', '\t', '\r', '\n'];

/// Parses a whole file. The catch-all rules make pest's `file` rule accept any text; should it
/// fail all the same, the whole file becomes one error node rather than a panic.
pub(crate) fn lower_file(text: &str) -> (File, Vec<SyntaxError>) {
    let mut lower = Lower {
        text,
        errors: Vec::new(),
    };
    let tree = match GoalParser::parse(Rule::file, text) {
        Ok(pairs) if text.len() < crate::tree::MAX_INPUT => Some(Tree::new(text, pairs)),
        _ => None,
    };
    let Some(file_pair) = tree.as_ref().and_then(|t| t.roots().next()) else {
        let span = Span::new(0, text.len());
        lower.errors.push(SyntaxError {
            kind: SyntaxErrorKind::Unexpected {
                expected: vec!["a goal file".into()],
                found: None,
                suggestion: None,
            },
            span: Span::new(0, 0),
        });
        return (
            File {
                items: vec![Item::Error(span)],
                comments: Vec::new(),
            },
            lower.errors,
        );
    };
    let comments = scan_comments(text);
    let mut items = Vec::new();
    for pair in file_pair.into_inner() {
        match pair.as_rule() {
            Rule::objective => items.push(Item::Objective(lower.objective(pair))),
            Rule::schedule => items.push(Item::Schedule(lower.schedule(pair))),
            Rule::goal => items.push(Item::Goal(lower.goal(pair))),
            Rule::top_error => items.push(Item::Error(lower.top_error(&pair))),
            _ => {}
        }
    }
    (File { items, comments }, lower.errors)
}

struct Lower<'t> {
    text: &'t str,
    errors: Vec<SyntaxError>,
}

fn span_of(pair: &P) -> Span {
    pair.span()
}

/// The span of an error node's first line, without the line break.
fn line_span(pair: &P) -> Span {
    let span = span_of(pair);
    let line = pair.as_str().split(['\n', '\r']).next().unwrap_or("");
    Span::new(span.start, span.start + line.len())
}

/// The children that carry meaning: keywords, punctuation and comments are skipped.
fn parts<'i>(pair: P<'i>) -> Parts<'i> {
    let mut parts = Parts::Inline([pair; INLINE_PARTS], 0);
    for child in pair.into_inner().filter(|p| !is_token(p.as_rule())) {
        parts.push(child);
    }
    parts
}

/// Children kept inline: most nodes have at most this many meaningful children.
const INLINE_PARTS: usize = 6;

/// A node's meaningful children without a heap allocation in the common case.
enum Parts<'t> {
    /// Up to [`INLINE_PARTS`] children (unused slots hold copies of the parent).
    Inline([P<'t>; INLINE_PARTS], usize),
    /// More children.
    Heap(Vec<P<'t>>),
}

impl<'t> Parts<'t> {
    fn push(&mut self, child: P<'t>) {
        match self {
            Parts::Inline(items, len) if *len < INLINE_PARTS => {
                items[*len] = child;
                *len += 1;
            }
            Parts::Inline(items, _) => {
                let mut all = items.to_vec();
                all.push(child);
                *self = Parts::Heap(all);
            }
            Parts::Heap(all) => all.push(child),
        }
    }
}

impl<'t> std::ops::Deref for Parts<'t> {
    type Target = [P<'t>];

    fn deref(&self) -> &[P<'t>] {
        match self {
            Parts::Inline(items, len) => &items[..*len],
            Parts::Heap(all) => all,
        }
    }
}

fn name(pair: &P) -> Name {
    if pair.as_rule() == Rule::string {
        let inner = (*pair).into_inner().next().map_or("", |p| p.as_str());
        return Spanned::new(unescape(inner), span_of(pair));
    }
    Spanned::new(pair.as_str().to_owned(), span_of(pair))
}

fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_owned();
    }
    raw.replace("\\\"", "\"").replace("\\\\", "\\")
}

fn find<'a, 'i>(parts: &'a [P<'i>], rule: Rule) -> Option<&'a P<'i>> {
    parts.iter().find(|p| p.as_rule() == rule)
}

impl Lower<'_> {
    fn syntax_error(&mut self, line: Span, rule: Rule, in_goal: bool) {
        let text = &self.text[line.start..line.end];
        self.errors
            .extend(explain::explain_line(text, line.start, rule, in_goal));
    }

    fn top_error(&mut self, pair: &P) -> Span {
        let line = line_span(pair);
        self.syntax_error(line, Rule::top_line, false);
        let span = span_of(pair);
        let trimmed = self.text[span.start..span.end].trim_end_matches(BLANK);
        Span::new(span.start, span.start + trimmed.len())
    }

    fn header_error(&mut self, header: &P) {
        self.syntax_error(line_span(header), Rule::top_line, false);
    }

    fn objective(&mut self, pair: P) -> Objective {
        let span = trimmed_span(&pair);
        let parts = parts(pair);
        if find(&parts, Rule::header_error).is_some() {
            self.header_error(&pair);
        }
        Objective {
            id: find(&parts, Rule::ident).map(name),
            description: find(&parts, Rule::string).map(name),
            span,
        }
    }

    fn schedule(&mut self, pair: P) -> Schedule {
        let span = trimmed_span(&pair);
        let parts = parts(pair);
        if find(&parts, Rule::header_error).is_some() {
            self.header_error(&pair);
        }
        let times: Vec<Name> = parts
            .iter()
            .filter(|p| p.as_rule() == Rule::clock_time)
            .map(name)
            .collect();
        let days = find(&parts, Rule::schedule_days)
            .map(|d| {
                parts_of(d)
                    .iter()
                    .map(|range| {
                        let words = parts_of(range);
                        DayRange {
                            from: words.first().map(name).unwrap_or_default_name(span),
                            to: words.get(1).map(name),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        Schedule {
            id: find(&parts, Rule::ident).map(name),
            days,
            opens: times.first().cloned(),
            closes: times.get(1).cloned(),
            time_zone: find(&parts, Rule::time_zone).map(name),
            span,
        }
    }

    fn goal(&mut self, pair: P) -> Goal {
        let mut id = None;
        let mut title = None;
        let mut keyword = Span::default();
        let mut clauses = Vec::new();
        let mut end = 0;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::goal_header => {
                    for part in child.into_inner() {
                        match part.as_rule() {
                            Rule::kw_goal => keyword = span_of(&part),
                            Rule::ident => id = Some(name(&part)),
                            Rule::string => title = Some(name(&part)),
                            Rule::header_error => {
                                self.header_error(&child);
                                end = trimmed_span(&child).end;
                            }
                            _ => {}
                        }
                    }
                    // A well-formed header ends with its title.
                    end = end.max(title.as_ref().map_or(keyword.end, |t| t.span.end));
                }
                Rule::body_line => {
                    if let Some(line) = child.into_inner().next() {
                        let clause = self.clause(line);
                        end = clause.span.end;
                        clauses.push(clause);
                    }
                }
                _ => {}
            }
        }
        Goal {
            id,
            title,
            keyword,
            clauses,
            span: Span::new(keyword.start, end.max(keyword.end)),
        }
    }

    fn clause(&mut self, line: P) -> Clause {
        if line.as_rule() == Rule::clause_error {
            let span = line_span(&line);
            self.syntax_error(span, Rule::clause_line, true);
            let text = &self.text[span.start..span.end];
            let word_len = text.find(|c: char| c.is_whitespace()).unwrap_or(text.len());
            return Clause {
                kind: ClauseKind::Error,
                keyword: Span::new(span.start, span.start + word_len),
                span: Span::new(span.start, span.start + text.trim_end_matches(BLANK).len()),
            };
        }
        let Some(inner) = first_part(&line) else {
            return self.broken_clause(&line);
        };
        let span = span_of(&inner);
        let keyword = inner.into_inner().next().map_or(span, |k| span_of(&k));
        match self.clause_kind(inner) {
            Some(kind) => Clause {
                kind,
                keyword,
                span,
            },
            None => self.broken_clause(&line),
        }
    }

    /// A clause pest accepted but the tree could not read: a grammar/lowering mismatch.
    /// Reported as a syntax error rather than a panic.
    fn broken_clause(&mut self, line: &P) -> Clause {
        let span = line_span(line);
        self.errors.push(SyntaxError {
            kind: SyntaxErrorKind::Unexpected {
                expected: vec!["a clause".into()],
                found: Some(explain::shorten(&self.text[span.start..span.end])),
                suggestion: None,
            },
            span,
        });
        Clause {
            kind: ClauseKind::Error,
            keyword: span,
            span,
        }
    }

    fn clause_kind(&mut self, pair: P) -> Option<ClauseKind> {
        let rule = pair.as_rule();
        let parts = parts(pair);
        Some(match rule {
            Rule::owner => {
                let kind = find(&parts, Rule::owner_kind).map(|k| {
                    let kind = if k.as_str() == "team" {
                        OwnerKind::Team
                    } else {
                        OwnerKind::Person
                    };
                    Spanned::new(kind, span_of(k))
                });
                if let Some(word) = find(&parts, Rule::owner_word) {
                    let text = word.as_str();
                    self.errors.push(SyntaxError {
                        kind: SyntaxErrorKind::UnknownWord {
                            word: explain::shorten(text),
                            expected: vec!["team".into(), "person".into()],
                            suggestion: crate::suggest::did_you_mean(text, ["team", "person"])
                                .map(str::to_owned),
                        },
                        span: span_of(word),
                    });
                    // Kept as written, so that formatting cannot drop the word and the error.
                    return Some(ClauseKind::Error);
                }
                ClauseKind::Owner(Owner {
                    kind,
                    name: name(
                        parts
                            .iter()
                            .find(|p| matches!(p.as_rule(), Rule::string | Rule::ident))?,
                    ),
                })
            }
            Rule::serves => ClauseKind::Serves(parts.iter().map(name).collect()),
            Rule::metric => ClauseKind::Metric(metric_ref(parts.first()?)?),
            Rule::scope => ClauseKind::Scope(scope(parts.first()?)?),
            Rule::target => ClauseKind::Target(target(&parts)?),
            Rule::baseline => {
                let value = find(&parts, Rule::baseline_value).map(parts_of);
                ClauseKind::Baseline(Baseline {
                    value: match &value {
                        Some(v) => Some(quantity(v.first()?)?),
                        None => None,
                    },
                    threshold: match &value {
                        Some(v) => v.get(1).and_then(threshold),
                        None => None,
                    },
                    period: period(find(&parts, Rule::period)?)?,
                })
            }
            Rule::checkpoint => ClauseKind::Checkpoint(Checkpoint {
                value: quantity(find(&parts, Rule::quantity)?)?,
                threshold: find(&parts, Rule::threshold).and_then(threshold),
                by: date_expr(find(&parts, Rule::date_expr)?)?,
            }),
            Rule::deadline => ClauseKind::Deadline(date_expr(parts.first()?)?),
            Rule::start => {
                let first = parts.first()?;
                ClauseKind::Start(match first.as_rule() {
                    Rule::date_expr => Start::Date(date_expr(first)?),
                    _ => Start::Period(period(first)?),
                })
            }
            Rule::window => ClauseKind::Window(window(parts.first()?)?),
            Rule::floor => {
                let edge = find(&parts, Rule::floor_edge)?;
                let edge_kind = match edge.as_str() {
                    "below" | "under" => FloorEdge::Below,
                    _ => FloorEdge::Above,
                };
                ClauseKind::Floor(Floor {
                    period: name(find(&parts, Rule::ident)?),
                    edge: Spanned::new(edge_kind, span_of(edge)),
                    value: quantity(find(&parts, Rule::quantity)?)?,
                })
            }
            Rule::review => {
                let cadence = parts_of(parts.first()?);
                let first = cadence.first()?;
                let every = parts_of(parts.first()?).len() < (*parts.first()?).into_inner().count();
                ClauseKind::Review(match first.as_rule() {
                    Rule::quantity => Cadence::Every(quantity(first)?),
                    _ if every => Cadence::EveryUnit(name(first)),
                    _ => Cadence::Named(name(first)),
                })
            }
            Rule::guardrail => {
                let expr_pair = find(&parts, Rule::target_expr)?;
                ClauseKind::Guardrail(Guardrail {
                    metric: metric_ref(find(&parts, Rule::metric_ref)?)?,
                    target: Target {
                        expr: target_expr(expr_pair)?,
                        per_period: None,
                        span: span_of(expr_pair),
                    },
                })
            }
            Rule::through => ClauseKind::Through(parts.iter().map(name).collect()),
            Rule::during => ClauseKind::During(name(parts.first()?)),
            _ => return None,
        })
    }
}

fn trimmed_span(pair: &P) -> Span {
    let span = span_of(pair);
    let text = pair.as_str();
    let without_comment = strip_comment(text.split(['\n', '\r']).next().unwrap_or(""));
    Span::new(
        span.start,
        span.start + without_comment.trim_end_matches(BLANK).len(),
    )
}

/// Every `#` comment, found by scanning lines (faster than walking the whole parse). A `#`
/// inside a string does not start a comment.
fn scan_comments(text: &str) -> Vec<Comment> {
    let mut comments = Vec::new();
    // Comments are rare: jump from `#` to `#` instead of walking every line.
    let mut from = 0;
    while let Some(found) = text[from..].find('#') {
        let hash = from + found;
        // A lone `\r` ends a line too, as in the grammar.
        let line_start = text[..hash].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line_end = text[hash..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| hash + i);
        let content = text[line_start..line_end].trim_end_matches('\r');
        let code = strip_comment(content);
        if code.len() < content.len() {
            let start = line_start + code.len();
            comments.push(Comment {
                text: content[code.len()..].trim_end().to_owned(),
                span: Span::new(start, line_start + content.len()),
            });
        }
        from = line_end;
    }
    comments
}

/// The line without a trailing `#` comment (a `#` inside a string does not count).
fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '#' if !in_string => return &line[..i],
            _ => {}
        }
    }
    line
}

trait OrDefaultName {
    fn unwrap_or_default_name(self, span: Span) -> Name;
}

impl OrDefaultName for Option<Name> {
    fn unwrap_or_default_name(self, span: Span) -> Name {
        self.unwrap_or_else(|| Spanned::new(String::new(), span))
    }
}

/// The first child that carries meaning, without collecting the others.
fn first_part<'i>(pair: &P<'i>) -> Option<P<'i>> {
    (*pair).into_inner().find(|p| !is_token(p.as_rule()))
}

fn parts_of<'i>(pair: &P<'i>) -> Parts<'i> {
    parts(*pair)
}

fn metric_ref(pair: &P) -> Option<MetricRef> {
    let parts = parts_of(pair);
    let words: Vec<Name> = parts
        .iter()
        .filter(|p| p.as_rule() == Rule::ident)
        .map(name)
        .collect();
    let args = match find(&parts, Rule::metric_args) {
        Some(args) => parts_of(args)
            .iter()
            .map(|arg| {
                let arg_parts = parts_of(arg);
                Some(MetricArg {
                    name: name(arg_parts.first()?),
                    value: quantity(arg_parts.get(1)?)?,
                })
            })
            .collect::<Option<Vec<_>>>()?,
        None => Vec::new(),
    };
    let (statistic, metric_name) = match words.as_slice() {
        [only] => (None, only.clone()),
        [statistic, metric_name] => (Some(statistic.clone()), metric_name.clone()),
        _ => return None,
    };
    Some(MetricRef {
        statistic,
        name: metric_name,
        args,
        span: span_of(pair),
    })
}

fn scope(pair: &P) -> Option<Scope> {
    match pair.as_rule() {
        Rule::scope_all => Some(Scope::All(name(&first_part(pair)?))),
        _ => Some(Scope::Filter(filter(pair)?)),
    }
}

fn filter(pair: &P) -> Option<Filter> {
    if pair.as_rule() == Rule::condition {
        return condition(pair);
    }
    // Children: `not`* then a condition or a parenthesised filter, joined by `and` / `or`.
    let mut groups: Vec<Vec<Filter>> = vec![Vec::new()];
    let mut negations: Vec<Span> = Vec::new();
    for child in (*pair).into_inner() {
        match child.as_rule() {
            Rule::kw_not => negations.push(span_of(&child)),
            Rule::kw_or => groups.push(Vec::new()),
            Rule::filter | Rule::condition => {
                let mut operand = filter(&child)?;
                while let Some(not) = negations.pop() {
                    let span = not.to(operand.span());
                    operand = Filter::Not(Box::new(operand), span);
                }
                groups.last_mut()?.push(operand);
            }
            _ => {}
        }
    }
    let mut alternatives = groups
        .into_iter()
        .map(|operands| combine(operands, Filter::And))
        .collect::<Option<Vec<_>>>()?;
    if alternatives.len() == 1 {
        return alternatives.pop();
    }
    combine(alternatives, Filter::Or)
}

/// One operand as it is, several joined by `make` over their common span.
fn combine(mut operands: Vec<Filter>, make: fn(Vec<Filter>, Span) -> Filter) -> Option<Filter> {
    if operands.len() == 1 {
        return operands.pop();
    }
    let span = operands.first()?.span().to(operands.last()?.span());
    Some(make(operands, span))
}

fn condition(pair: &P) -> Option<Filter> {
    let span = span_of(pair);
    let parts = parts_of(pair);
    match pair.as_rule() {
        Rule::condition => {
            let op_pair = find(&parts, Rule::filter_op)?;
            let op_text: Vec<&str> = op_pair.as_str().split_whitespace().collect();
            let op = match op_text.as_slice() {
                ["is", "not"] | ["!="] => FilterOp::IsNot,
                ["is"] | ["="] => FilterOp::Is,
                ["not", "in"] => FilterOp::NotIn,
                ["in"] => FilterOp::In,
                ["excludes"] => FilterOp::Excludes,
                _ => FilterOp::Includes,
            };
            let values = parts_of(find(&parts, Rule::filter_values)?)
                .iter()
                .map(scalar)
                .collect::<Option<Vec<_>>>()?;
            Some(Filter::Condition(Condition {
                field: name(parts.first()?),
                op: Spanned::new(op, span_of(op_pair)),
                values,
                span,
            }))
        }
        _ => None,
    }
}

fn scalar(inner: &P) -> Option<Scalar> {
    let kind = match inner.as_rule() {
        Rule::string => ScalarKind::String,
        Rule::number => ScalarKind::Number,
        _ => ScalarKind::Word,
    };
    let value = name(inner);
    Some(Scalar {
        kind,
        text: value.value,
        span: value.span,
    })
}

fn quantity(pair: &P) -> Option<Quantity> {
    // A quantity is a number and an optional unit; no keyword or punctuation in between.
    let mut children = (*pair).into_inner();
    let number = children.next()?;
    let unit_pair = children.next();
    let unit = match unit_pair {
        Some(inner) => Some(match inner.as_rule() {
            Rule::percent => Unit::Percent(span_of(&inner)),
            Rule::scale_unit => Unit::Scale(name(&first_part(&inner)?)),
            _ => Unit::Word(name(&inner)),
        }),
        None => None,
    };
    Some(Quantity {
        number: Spanned::new(number.as_str().to_owned(), span_of(&number)),
        unit,
        span: span_of(pair),
    })
}

fn threshold(pair: &P) -> Option<Quantity> {
    quantity(&first_part(pair)?)
}

fn target(parts: &[P]) -> Option<Target> {
    let expr_pair = find(parts, Rule::target_expr)?;
    let per_period = find(parts, Rule::per_period);
    let mut span = span_of(expr_pair);
    if let Some(p) = per_period {
        span = span.to(span_of(p));
    }
    Some(Target {
        expr: target_expr(expr_pair)?,
        per_period: match per_period {
            Some(p) => Some(name(&first_part(p)?)),
            None => None,
        },
        span,
    })
}

fn target_expr(pair: &P) -> Option<TargetExpr> {
    let inner = first_part(pair)?;
    let span = span_of(&inner);
    let parts = parts_of(&inner);
    Some(match inner.as_rule() {
        Rule::target_zero => TargetExpr::Zero(span),
        Rule::target_between => TargetExpr::Between {
            low: quantity(parts.first()?)?,
            high: quantity(parts.get(1)?)?,
            threshold: parts.get(2).and_then(threshold),
        },
        Rule::target_change => {
            let verb = parts.first()?;
            let direction = match verb.as_str() {
                "increase" | "raise" | "grow" => ChangeDirection::Increase,
                _ => ChangeDirection::Decrease,
            };
            TargetExpr::Change {
                direction: Spanned::new(direction, span_of(verb)),
                amount: quantity(parts.get(1)?)?,
                up_to: match parts.get(2) {
                    Some(q) => Some(quantity(q)?),
                    None => None,
                },
            }
        }
        Rule::target_bound => {
            let comparator = match find(&parts, Rule::comparator) {
                Some(c) => Some(Spanned::new(comparator(c.as_str()), span_of(c))),
                None => find(&parts, Rule::or_suffix)
                    .map(|s| Spanned::new(or_suffix(s.as_str()), span_of(s))),
            };
            let value = match find(&parts, Rule::bound_value) {
                Some(v) => match first_part(v) {
                    Some(q) => BoundValue::Quantity(quantity(&q)?),
                    None => BoundValue::Baseline(span_of(v)),
                },
                None => BoundValue::Quantity(quantity(find(&parts, Rule::quantity)?)?),
            };
            TargetExpr::Bound {
                comparator,
                value,
                threshold: find(&parts, Rule::threshold).and_then(threshold),
            }
        }
        _ => return None,
    })
}

fn comparator(text: &str) -> Comparator {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["at", "least"] | ["no", "less" | "fewer", "than"] => Comparator::AtLeast,
        ["at", "most"] | ["no", "more", "than"] => Comparator::AtMost,
        ["under" | "below"] | ["less" | "fewer", "than"] => Comparator::Below,
        ["exactly"] => Comparator::Exactly,
        _ => Comparator::Above,
    }
}

fn or_suffix(text: &str) -> Comparator {
    match text.split_whitespace().last() {
        Some("less" | "lower" | "below" | "fewer") => Comparator::AtMost,
        _ => Comparator::AtLeast,
    }
}

fn date_expr(pair: &P) -> Option<DateExpr> {
    let inner = first_part(pair)?;
    Some(match inner.as_rule() {
        Rule::period_edge => {
            let parts = parts_of(&inner);
            let edge = find(&parts, Rule::edge)?;
            let edge_kind = if edge.as_str() == "end" {
                Edge::End
            } else {
                Edge::Start
            };
            DateExpr::Edge {
                edge: Spanned::new(edge_kind, span_of(edge)),
                period: Box::new(period(find(&parts, Rule::period)?)?),
                span: span_of(&inner),
            }
        }
        Rule::date => DateExpr::Date(name(&inner)),
        Rule::slash_date => DateExpr::SlashDate(name(&inner)),
        Rule::relative_period => {
            let words: Vec<&str> = inner.as_str().split_whitespace().collect();
            DateExpr::Relative(Spanned::new(words.join(" "), span_of(&inner)))
        }
        _ => DateExpr::Relative(name(&inner)),
    })
}

fn bare_date(pair: &P) -> DateExpr {
    match pair.as_rule() {
        Rule::slash_date => DateExpr::SlashDate(name(pair)),
        _ => DateExpr::Date(name(pair)),
    }
}

fn period(pair: &P) -> Option<Period> {
    let inner = first_part(pair)?;
    let span = span_of(&inner);
    let parts = parts_of(&inner);
    Some(match inner.as_rule() {
        Rule::quarter => Period::Quarter {
            quarter: name(parts.first()?),
            year: name(parts.get(1)?),
            span,
        },
        Rule::half => Period::Half {
            half: name(parts.first()?),
            year: name(parts.get(1)?),
            span,
        },
        Rule::month_period => Period::Month {
            month: name(parts.first()?),
            year: name(parts.get(1)?),
            span,
        },
        Rule::year => Period::Year(name(&inner)),
        Rule::date_range => Period::Range {
            from: Box::new(bare_date(parts.first()?)),
            to: Box::new(bare_date(parts.get(1)?)),
            span,
        },
        Rule::relative_period => Period::Relative {
            word: name(parts.first()?),
            unit: name(parts.get(1)?),
            span,
        },
        _ => return None,
    })
}

fn window(pair: &P) -> Option<Window> {
    match pair.as_rule() {
        Rule::window_each => {
            let parts = parts_of(pair);
            Some(Window {
                each: Some(name(find(&parts, Rule::ident)?)),
                span_kind: window_span(find(&parts, Rule::window_span)?)?,
            })
        }
        _ => Some(Window {
            each: None,
            span_kind: window_span(pair)?,
        }),
    }
}

fn window_span(pair: &P) -> Option<WindowSpan> {
    let inner = first_part(pair)?;
    let parts = parts_of(&inner);
    Some(match inner.as_rule() {
        Rule::span_from => WindowSpan::Between {
            from: date_expr(parts.first()?)?,
            to: date_expr(parts.get(1)?)?,
        },
        Rule::span_length => WindowSpan::Length {
            length: quantity(parts.first()?)?,
            from: date_expr(parts.get(1)?)?,
        },
        _ => WindowSpan::Period(period(&inner)?),
    })
}
