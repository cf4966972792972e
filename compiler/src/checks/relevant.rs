//! R4xx: the goal serves a declared objective, names its means, and guards quality.

use super::missing;
use crate::catalogue::Category;
use crate::diagnostic::Sink;
use crate::goal::Draft;
use crate::rules::Rule;

pub(super) fn check(draft: &Draft, sink: &mut Sink) {
    if !draft.clauses.contains_key("serves") {
        missing(
            draft,
            sink,
            Rule::MissingObjective,
            format!("goal `{}` serves no objective", draft.id),
            "add `serves <objective-id>` naming an objective declared with `objective <id>: \"…\"`",
        );
    }
    if !draft.clauses.contains_key("through") {
        missing(
            draft,
            sink,
            Rule::MissingInitiative,
            format!("goal `{}` does not say how it will be reached", draft.id),
            "add `through \"…\"` naming the initiatives or resources behind the goal",
        );
    }
    if let Some(span) = draft.clauses.get("through") {
        if draft.initiatives.iter().any(|i| i.trim().is_empty()) {
            let d = sink
                .at(Rule::MissingInitiative, *span, "an initiative is empty")
                .label("empty text")
                .help("name each initiative, e.g. `through \"weekly coaching\"`, or remove the empty one");
            sink.push(d);
        }
    }
    let mut seen = std::collections::HashSet::new();
    for objective in &draft.serves {
        if !seen.insert(objective.value.as_str()) {
            let d = sink
                .at(
                    Rule::DuplicateClause,
                    objective.span,
                    format!("objective `{}` is listed twice", objective.value),
                )
                .label("listed again")
                .help("list each objective once");
            sink.push(d);
        }
    }
    let Some(metric) = &draft.metric else { return };
    if metric.def.category == Category::Speed {
        if draft.guardrails.is_empty() && !draft.clauses.contains_key("guardrail") && !draft.broken
        {
            let span = draft
                .clauses
                .get("metric")
                .copied()
                .unwrap_or(draft.header_span());
            let d = sink
                .at(
                    Rule::MissingGuardrail,
                    span,
                    format!("`{}` is a speed metric, but no quality guardrail protects the customer", metric.def.name),
                )
                .label("speed goal")
                .help("add a guardrail, e.g. `guardrail csat at least 85%`, so speed is not bought with quality");
            sink.push(d);
        }
        for (_, def, span) in &draft.guardrails {
            if def.category != Category::Quality {
                let d = sink
                    .at(
                        Rule::GuardrailNotQuality,
                        *span,
                        format!("the guardrail `{}` does not measure quality", def.name),
                    )
                    .label("not a quality metric")
                    .help("guard a speed goal with a quality metric: csat, nps, first_contact_resolution, reopen_rate, qa_score, …");
                sink.push(d);
            }
        }
    }
}
