//! T5xx: the goal has a clear timeline that fits together and can be reviewed.

use super::missing;
use crate::Options;
use crate::diagnostic::Sink;
use crate::goal::Draft;
use crate::rules::Rule;

pub(super) fn check(draft: &Draft, options: &Options, sink: &mut Sink) {
    let has_time = draft.clauses.contains_key("deadline") || draft.clauses.contains_key("window");
    if !has_time {
        missing(
            draft,
            sink,
            Rule::MissingDeadline,
            format!("goal `{}` has no deadline", draft.id),
            "add `deadline end of Q2 2026` (or a date), or a `window` such as `window each month in 2026`",
        );
    }
    if !draft.clauses.contains_key("review") {
        missing(
            draft,
            sink,
            Rule::MissingReview,
            format!("goal `{}` has no review cadence", draft.id),
            "add `review weekly` (or monthly, every 2 weeks, …) so progress is looked at",
        );
    }
    let Some((deadline, deadline_span)) = draft.effective_deadline() else {
        return;
    };
    let window_end = draft.deadline.zip(draft.window.as_ref());
    if let Some(((deadline, span), (window, window_span))) = window_end {
        // With both, the window's end is the conflict to report (it implies the start too).
        if window.range.end > deadline {
            let d = sink
                .at(
                    Rule::TimelineOutOfOrder,
                    span,
                    format!("the deadline {deadline} comes before the window ends ({})", window.range.end),
                )
                .label("deadline")
                .with_secondary(sink.file(), *window_span, "window")
                .help("end the window by the deadline, or drop the deadline: a window's end is its deadline");
            sink.push(d);
        }
    } else if let Some((start, start_span)) = draft.effective_start() {
        if deadline < start {
            let d = sink
                .at(
                    Rule::TimelineOutOfOrder,
                    deadline_span,
                    format!("the deadline {deadline} comes before the start {start}"),
                )
                .label("deadline")
                .with_secondary(sink.file(), start_span, "start")
                .help("move the deadline after the start");
            sink.push(d);
        }
    }
    checkpoints_in_order(draft, deadline, deadline_span, sink);
    if let Some((baseline, span)) = &draft.baseline {
        if baseline.period.start > deadline {
            let d = sink
                .at(
                    Rule::BaselineAfterDeadline,
                    *span,
                    format!(
                        "the baseline is measured from {}, after the deadline {deadline}",
                        baseline.period.start
                    ),
                )
                .label("baseline period")
                .with_secondary(sink.file(), deadline_span, "deadline")
                .help(
                    "measure the baseline before the goal starts, e.g. over the previous quarter",
                );
            sink.push(d);
        }
    }
    let start = draft.effective_start().map(|s| s.0).or_else(|| {
        draft
            .baseline
            .as_ref()
            .and_then(|(b, _)| b.period.end.succ_opt())
    });
    if let Some((baseline, span)) = &draft.baseline {
        let overlaps = match draft.effective_start().map(|s| s.0) {
            Some(start) => baseline.period.end >= start,
            None => baseline.period.end >= deadline,
        };
        if overlaps && baseline.period.start <= deadline {
            let d = sink
                .at(
                    Rule::BaselineOverlapsGoal,
                    *span,
                    format!(
                        "the baseline period ({} to {}) overlaps the goal's own timeline",
                        baseline.period.start, baseline.period.end
                    ),
                )
                .label("baseline period")
                .help("measure the baseline over a period that ends before the goal starts, e.g. the previous quarter");
            sink.push(d);
        }
    }
    if let (Some((review, review_span)), Some(start)) = (&draft.review, start) {
        let days = match &draft.window {
            Some((w, _)) => w.range.days() as f64,
            None => (deadline - start).num_days() as f64 + 1.0,
        };
        if deadline >= start && days < review.shortest_days {
            let d = sink
                .at(
                    Rule::WindowShorterThanReview,
                    *review_span,
                    format!(
                        "the goal runs {days} days, shorter than one review period (`{}`)",
                        review.text
                    ),
                )
                .label("reviewed too rarely")
                .help("review more often than the goal lasts, e.g. `review weekly`");
            sink.push(d);
        }
    }
    if deadline < options.today {
        let d = sink
            .at(
                Rule::DeadlinePassed,
                deadline_span,
                format!("the deadline {deadline} has passed (today is {})", options.today),
            )
            .label("in the past")
            .help("close or archive the goal, or set a new deadline; pass --today to check as of another day");
        sink.push(d);
    }
}

/// Checkpoints lie after the baseline period and the start, before the deadline, one per day.
fn checkpoints_in_order(
    draft: &Draft,
    deadline: chrono::NaiveDate,
    deadline_span: goal_grammar::Span,
    sink: &mut Sink,
) {
    let start = draft.effective_start();
    let baseline_end = draft
        .baseline
        .as_ref()
        .map(|(b, span)| (b.period.end, *span));
    let mut previous: Option<(&crate::ir::Checkpoint, goal_grammar::Span)> = None;
    for (checkpoint, span) in &draft.checkpoints {
        let by = checkpoint.by;
        let problem = if by > deadline {
            Some((
                format!("the checkpoint due {by} comes after the deadline {deadline}"),
                deadline_span,
                "deadline",
            ))
        } else if let Some((start, start_span)) = start.filter(|(s, _)| by < *s) {
            Some((
                format!("the checkpoint due {by} comes before the goal starts ({start})"),
                start_span,
                "start",
            ))
        } else if let Some((end, baseline_span)) = baseline_end.filter(|(e, _)| by <= *e) {
            Some((
                format!(
                    "the checkpoint due {by} falls inside the baseline period, which ends {end}"
                ),
                baseline_span,
                "baseline",
            ))
        } else if let Some((_, previous_span)) = previous.filter(|(p, _)| p.by == by) {
            Some((
                format!("two checkpoints are due the same day, {by}"),
                previous_span,
                "the other checkpoint",
            ))
        } else {
            None
        };
        if let Some((message, other, other_label)) = problem {
            let d = sink
                .at(Rule::TimelineOutOfOrder, *span, message)
                .label("checkpoint")
                .with_secondary(sink.file(), other, other_label)
                .help("checkpoints come after the baseline period and the start, before the deadline, one per date");
            sink.push(d);
        }
        previous = Some((checkpoint, *span));
    }
}
