//! The SMART checks that look at a goal as a whole, one module per letter. Checks for a
//! missing clause are skipped on goals with syntax errors (the broken line may be that clause).

mod achievable;
mod measurable;
mod relevant;
mod specific;
mod time_bound;

use crate::Options;
use crate::diagnostic::Sink;
use crate::goal::Draft;
use crate::rules::Rule;

/// Runs every goal-level check on `draft`.
pub(crate) fn run(draft: &Draft, options: &Options, sink: &mut Sink) {
    specific::check(draft, sink);
    measurable::check(draft, sink);
    achievable::check(draft, options, sink);
    relevant::check(draft, sink);
    time_bound::check(draft, options, sink);
}

/// Reports that the goal lacks a clause, at its header, unless the goal is broken.
pub(crate) fn missing(draft: &Draft, sink: &mut Sink, rule: Rule, message: String, help: &str) {
    if draft.broken {
        return;
    }
    let d = sink
        .at(rule, draft.header_span(), message)
        .label("in this goal")
        .help(help.to_owned());
    sink.push(d);
}
