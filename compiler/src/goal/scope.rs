//! Checks a scope against the metric's population: the population word (S107), fields (M202)
//! and values of closed fields (M207).

use crate::catalogue::{Field, Population};
use crate::diagnostic::Sink;
use crate::ir;
use crate::rules::Rule;
use goal_grammar::suggest::did_you_mean_or;
use goal_grammar::syntax::{Filter, FilterOp, Scope};

/// Lowers `scope` for the metric's `population` (`None` when the metric is unknown: then any
/// population and any population's fields are accepted); `None` after reporting a problem.
pub(crate) fn lower_scope(
    scope: &Scope,
    population: Option<Population>,
    metric: Option<&str>,
    sink: &mut Sink,
) -> Option<ir::Scope> {
    match scope {
        Scope::All(word) => {
            let named = Population::find(&word.value);
            match (population, named) {
                (Some(expected), Some(named)) if expected == named => {
                    return Some(ir::Scope::All(named));
                }
                (None, Some(named)) => return Some(ir::Scope::All(named)),
                _ => {}
            }
            let (message, help) = match (population, named) {
                (Some(expected), Some(other)) => (
                    format!(
                        "`{}` counts {}, but the scope says all {}",
                        metric.unwrap_or("the metric"),
                        expected.word(),
                        other.word()
                    ),
                    format!("write `scope all {}`", expected.word()),
                ),
                _ => {
                    let words = Population::ALL.iter().map(|p| p.word());
                    let help = did_you_mean_or(&word.value, words, || {
                        "write `scope all tickets`, `scope all meetings`, `scope all staff` or `scope all qa_reviews`"
                            .into()
                    });
                    (format!("`{}` is not a population", word.value), help)
                }
            };
            let d = sink
                .at(Rule::PopulationMismatch, word.span, message)
                .label("wrong population")
                .help(help);
            sink.push(d);
            None
        }
        Scope::Filter(filter) => lower_filter(filter, population, sink).map(ir::Scope::Filter),
    }
}

fn lower_filter(
    filter: &Filter,
    population: Option<Population>,
    sink: &mut Sink,
) -> Option<ir::Filter> {
    match filter {
        Filter::And(parts, _) | Filter::Or(parts, _) => {
            // Lower every part so that every problem is reported, then combine.
            let lowered: Vec<Option<ir::Filter>> = parts
                .iter()
                .map(|p| lower_filter(p, population, sink))
                .collect();
            let parts: Vec<ir::Filter> = lowered.into_iter().collect::<Option<_>>()?;
            Some(if matches!(filter, Filter::And(..)) {
                ir::Filter::And(parts)
            } else {
                ir::Filter::Or(parts)
            })
        }
        Filter::Not(inner, _) => Some(ir::Filter::Not(Box::new(lower_filter(
            inner, population, sink,
        )?))),
        Filter::Condition(c) => {
            // The metric's population's fields; all populations' when the metric is unknown.
            let one;
            let populations: &[Population] = match population {
                Some(p) => {
                    one = [p];
                    &one
                }
                None => Population::ALL,
            };
            let fields = || populations.iter().flat_map(|p| p.fields());
            let population_word = population.map_or("records", |p| p.word());
            let Some(field) = fields().find(|f| f.name == c.field.value) else {
                let help = did_you_mean_or(&c.field.value, fields().map(|f| f.name), || {
                    format!(
                        "{population_word} can be filtered on: {}",
                        fields().map(|f| f.name).collect::<Vec<_>>().join(", ")
                    )
                });
                let d = sink
                    .at(
                        Rule::UnknownField,
                        c.field.span,
                        format!("{population_word} have no field `{}`", c.field.value),
                    )
                    .label("unknown field")
                    .help(help);
                sink.push(d);
                return None;
            };
            let mut ok = check_operator(field, c.op.value, c.op.span, sink);
            for value in &c.values {
                ok &= check_value(field, &value.text, value.span, sink);
            }
            ok.then(|| ir::Filter::Condition {
                field: field.name,
                op: c.op.value,
                values: c.values.iter().map(|v| v.text.clone()).collect(),
            })
        }
    }
}

fn check_operator(field: &Field, op: FilterOp, span: goal_grammar::Span, sink: &mut Sink) -> bool {
    let list_op = matches!(op, FilterOp::Includes | FilterOp::Excludes);
    if list_op == field.is_list {
        return true;
    }
    let (message, help) = if field.is_list {
        (
            format!(
                "`{}` is a list; test it with `includes` or `excludes`",
                field.name
            ),
            format!("write `{} includes …`", field.name),
        )
    } else {
        (
            format!(
                "`{}` holds one value; `includes` is for lists such as tags",
                field.name
            ),
            format!("write `{} is …` or `{} in (…)`", field.name, field.name),
        )
    };
    let d = sink
        .at(Rule::UnknownValue, span, message)
        .label("operator does not fit the field")
        .help(help);
    sink.push(d);
    false
}

fn check_value(field: &Field, value: &str, span: goal_grammar::Span, sink: &mut Sink) -> bool {
    let Some(allowed) = field.values else {
        return true;
    };
    if allowed.contains(&value) {
        return true;
    }
    let help = did_you_mean_or(value, allowed.iter().copied(), || {
        format!("`{}` is one of: {}", field.name, allowed.join(", "))
    });
    let d = sink
        .at(
            Rule::UnknownValue,
            span,
            format!("`{}` is never `{value}`", field.name),
        )
        .label("no ticket has this value")
        .help(help);
    sink.push(d);
    false
}
