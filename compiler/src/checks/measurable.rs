//! M2xx checks on the goal as a whole (per-clause M2xx checks run while lowering).

use super::missing;
use crate::diagnostic::Sink;
use crate::goal::Draft;
use crate::ir::TargetKind;
use crate::rules::Rule;

pub(super) fn check(draft: &Draft, sink: &mut Sink) {
    if !draft.clauses.contains_key("target") {
        missing(
            draft,
            sink,
            Rule::MissingTarget,
            format!("goal `{}` has no target", draft.id),
            "add a `target` clause, e.g. `target at least 80%` or `target reduce by 15%`",
        );
    }
    let needs_baseline = |kind: &TargetKind| {
        matches!(
            kind,
            TargetKind::Change { .. } | TargetKind::Baseline { .. }
        )
    };
    let target_needs = draft
        .target
        .as_ref()
        .is_some_and(|t| needs_baseline(&t.kind));
    if target_needs && !draft.clauses.contains_key("baseline") {
        if let Some(span) = draft.clauses.get("target") {
            let d = sink
                .at(
                    Rule::RelativeTargetWithoutBaseline,
                    *span,
                    "this target is relative to a baseline, but the goal has none",
                )
                .label("relative to what?")
                .help("add a baseline: `baseline 68% in Q4 2025`, or `baseline measured over Q4 2025` to take it from the data");
            sink.push(d);
        }
    }
    for (guardrail, _, span) in &draft.guardrails {
        if needs_baseline(&guardrail.target.kind) && !draft.clauses.contains_key("baseline") {
            let d = sink
                .at(
                    Rule::RelativeTargetWithoutBaseline,
                    *span,
                    "this guardrail is relative to a baseline, but the goal has none",
                )
                .label("relative to what?")
                .help("add `baseline measured over <period>` so the guardrail's baseline is measured over the same period");
            sink.push(d);
        }
    }
}
