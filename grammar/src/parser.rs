//! The pest parser generated from `goal.pest`. Its types stay inside this crate.

/// The generated parser; see `goal.pest` for the grammar.
#[derive(pest_derive::Parser)]
#[grammar = "goal.pest"]
pub(crate) struct GoalParser;

/// Keywords and punctuation: tokens the tree does not keep as nodes.
pub(crate) fn is_token(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::comment
            | Rule::EOI
            | Rule::colon
            | Rule::comma
            | Rule::dash
            | Rule::lparen
            | Rule::rparen
            | Rule::kw_goal
            | Rule::kw_objective
            | Rule::kw_schedule
            | Rule::kw_owner
            | Rule::kw_serves
            | Rule::kw_metric
            | Rule::kw_scope
            | Rule::kw_target
            | Rule::kw_baseline
            | Rule::kw_checkpoint
            | Rule::kw_deadline
            | Rule::kw_start
            | Rule::kw_window
            | Rule::kw_review
            | Rule::kw_guardrail
            | Rule::kw_through
            | Rule::kw_during
            | Rule::kw_all
            | Rule::kw_and
            | Rule::kw_or
            | Rule::kw_not
            | Rule::kw_zero
            | Rule::kw_between
            | Rule::kw_by
            | Rule::kw_to
            | Rule::kw_within
            | Rule::kw_each
            | Rule::kw_in
            | Rule::kw_of
            | Rule::kw_over
            | Rule::kw_from
            | Rule::kw_on
            | Rule::kw_no
            | Rule::kw_the
            | Rule::kw_every
            | Rule::kw_measured
            | Rule::kw_stays
            | Rule::kw_remains
    )
}
