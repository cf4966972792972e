//! Resolves a metric reference against the catalogue: unknown metrics (M201), statistics
//! (M209, M210, S106) and parameters (M211, M213).

use super::values::read_value;
use crate::catalogue::{self, Metric, STATISTIC_WORDS, Shape};
use crate::diagnostic::Sink;
use crate::ir::MetricUse;
use crate::rules::Rule;
use crate::units::{Dimension, Value};
use goal_grammar::Span;
use goal_grammar::suggest::{did_you_mean, did_you_mean_or};
use goal_grammar::syntax::MetricRef;

/// A metric found in the catalogue, with its use in this goal.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    /// The catalogue entry.
    pub def: &'static Metric,
    /// Statistic and parameters.
    pub usage: MetricUse,
}

impl Resolved {
    /// The dimension of the goal's values: a percentage for a share within a threshold,
    /// otherwise the metric's own.
    pub fn value_dimension(&self, has_threshold: bool) -> Dimension {
        if has_threshold {
            Dimension::Percent
        } else {
            self.def.dimension
        }
    }
}

/// Where a metric is used: in the goal's `metric` clause or in a `guardrail`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Usage {
    /// The clause keyword, for messages: `metric` or `guardrail`.
    pub clause: &'static str,
    /// The span of the target's `within` threshold, if any.
    pub threshold: Option<Span>,
    /// False when the target is missing or broken: then nothing is known about the statistic.
    pub has_target: bool,
}

/// Resolves `metric` as used in `usage`.
pub(crate) fn resolve(metric: &MetricRef, usage: Usage, sink: &mut Sink) -> Option<Resolved> {
    let Some(def) = catalogue::find_metric(&metric.name.value) else {
        let name = metric.name.value.as_str();
        // `guardrail csat stay at least 85%`: the first word is the metric, the second a typo.
        let metric_first = metric.statistic.as_ref().filter(|word| {
            catalogue::find_statistic(&word.value).is_none()
                && catalogue::find_metric(&word.value).is_some()
        });
        let help = match (
            metric_first,
            did_you_mean(name, catalogue::METRICS.iter().map(|m| m.name)),
        ) {
            (Some(first), _) => match did_you_mean(name, ["stays", "remains"]) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "`{}` is the metric: what follows it must be the target, e.g. `at least 85%`",
                    first.value
                ),
            },
            (None, _) if catalogue::find_statistic(name).is_some() => format!(
                "`{name}` is a statistic: name the metric after it, e.g. `{} {name} handle_time`",
                usage.clause
            ),
            (None, Some(s)) => format!("did you mean `{s}`?"),
            (None, None) => "see docs/metrics.md for the metrics goal knows".into(),
        };
        let d = sink
            .at(
                Rule::UnknownMetric,
                metric.name.span,
                format!("unknown metric `{}`", metric.name.value),
            )
            .label("not in the metric catalogue")
            .help(help);
        sink.push(d);
        return None;
    };
    let statistic = match &metric.statistic {
        None => None,
        Some(word) => match catalogue::find_statistic(&word.value) {
            Some(statistic) => Some((statistic, word.span)),
            None => {
                let help = did_you_mean_or(&word.value, STATISTIC_WORDS.iter().copied(), || {
                    "the statistics are mean, median, min, max and p1 … p99".into()
                });
                let d = sink
                    .at(
                        Rule::UnknownStatistic,
                        word.span,
                        format!("unknown statistic `{}`", word.value),
                    )
                    .label("not a statistic")
                    .help(help);
                sink.push(d);
                return None;
            }
        },
    };
    check_shape(def, metric, statistic.map(|s| s.1), usage, sink);
    let params = resolve_params(def, metric, sink)?;
    Some(Resolved {
        def,
        usage: MetricUse {
            name: def.name.to_owned(),
            population: def.population,
            statistic: statistic.map(|s| s.0),
            params,
        },
    })
}

fn check_shape(
    def: &Metric,
    metric: &MetricRef,
    statistic: Option<Span>,
    usage: Usage,
    sink: &mut Sink,
) {
    let clause = usage.clause;
    let whose = if clause == "metric" {
        "the goal"
    } else {
        "the guardrail"
    };
    match (def.shape, statistic, usage.threshold) {
        (Shape::Aggregate, Some(span), _) => {
            let d = sink
                .at(
                    Rule::StatisticNotApplicable,
                    span,
                    format!(
                        "`{}` is already one number per period; a statistic does not apply",
                        def.name
                    ),
                )
                .label("remove this statistic")
                .help(format!("write `{clause} {}`", def.name));
            sink.push(d);
        }
        (Shape::Aggregate, None, Some(span)) => {
            let d = sink
                .at(
                    Rule::StatisticNotApplicable,
                    span,
                    format!(
                        "`within` applies to per-ticket durations, not to `{}`",
                        def.name
                    ),
                )
                .label("remove this threshold")
                .help("state the target as a plain value, e.g. `target at least 80%`");
            sink.push(d);
        }
        (Shape::PerItem, Some(stat), Some(span)) => {
            let d = sink
                .at(
                    Rule::StatisticNotApplicable,
                    span,
                    format!("{whose} measures either a statistic or a share within a threshold, not both"),
                )
                .label("threshold here")
                .with_secondary(sink.file(), stat, "statistic here")
                .help(if clause == "metric" {
                    format!(
                        "drop the statistic for a share (`metric {}` with `target 80% within …`), or drop `within` for a statistic",
                        def.name
                    )
                } else {
                    format!(
                        "drop the statistic for a share (`guardrail {} 80% within …`), or drop `within` for a statistic",
                        def.name
                    )
                });
            sink.push(d);
        }
        (Shape::PerItem, None, Some(span)) if def.dimension != Dimension::Duration => {
            let d = sink
                .at(
                    Rule::StatisticNotApplicable,
                    span,
                    format!("`within` applies to durations; `{}` is a score", def.name),
                )
                .label("threshold here")
                .help(format!(
                    "measure a statistic instead, e.g. `{clause} mean {}`",
                    def.name
                ));
            sink.push(d);
        }
        (Shape::PerItem, None, None) if usage.has_target => {
            let d = sink
                .at(
                    Rule::MissingStatistic,
                    metric.name.span,
                    format!(
                        "`{}` has one value per ticket; {whose} does not say which statistic to target",
                        def.name
                    ),
                )
                .label("which statistic?")
                .help(format!(
                    "write `{clause} median {0}` (or mean, p90, …), or target a share of tickets `within` a threshold",
                    def.name
                ));
            sink.push(d);
        }
        _ => {}
    }
}

fn resolve_params(
    def: &Metric,
    metric: &MetricRef,
    sink: &mut Sink,
) -> Option<Vec<(String, Value)>> {
    let mut given: Vec<(&str, Value)> = Vec::new();
    let mut ok = true;
    for arg in &metric.args {
        let Some(param) = def.params.iter().find(|p| p.name == arg.name.value) else {
            let help = match did_you_mean(&arg.name.value, def.params.iter().map(|p| p.name)) {
                Some(s) => format!("did you mean `{s}`?"),
                None if def.params.is_empty() => format!("`{}` takes no parameters", def.name),
                None => format!(
                    "`{}` takes: {}",
                    def.name,
                    def.params
                        .iter()
                        .map(|p| p.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let d = sink
                .at(
                    Rule::UnknownParameter,
                    arg.name.span,
                    format!("`{}` has no parameter `{}`", def.name, arg.name.value),
                )
                .label("unknown parameter")
                .help(help);
            sink.push(d);
            ok = false;
            continue;
        };
        if given.iter().any(|(n, _)| *n == param.name) {
            let d = sink
                .at(
                    Rule::DuplicateClause,
                    arg.name.span,
                    format!("parameter `{}` is given twice", param.name),
                )
                .label("repeated parameter")
                .help("keep one value for each parameter");
            sink.push(d);
            ok = false;
            continue;
        }
        match read_value(
            &arg.value,
            param.dimension,
            &format!("parameter `{}`", param.name),
            sink,
        ) {
            Some(value) => given.push((param.name, value)),
            None => ok = false,
        }
    }
    let mut params = Vec::new();
    for param in def.params {
        match (given.iter().find(|(n, _)| *n == param.name), param.default) {
            (Some((_, value)), _) => params.push((param.name.to_owned(), *value)),
            (None, Some(default)) => {
                params.push((param.name.to_owned(), Value::new(default, param.dimension)));
            }
            (None, None) => {
                let d = sink
                    .at(
                        Rule::MissingParameter,
                        metric.span,
                        format!("`{}` needs the parameter `{}`", def.name, param.name),
                    )
                    .label("parameter missing")
                    .help(format!(
                        "write `metric {} ({} …)`: {}",
                        def.name, param.name, param.summary
                    ));
                sink.push(d);
                ok = false;
            }
        }
    }
    ok.then_some(params)
}
