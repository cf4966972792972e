//! S1xx: the goal says precisely what is measured, for whom, by whom.

use super::missing;
use crate::diagnostic::Sink;
use crate::goal::Draft;
use crate::rules::Rule;

/// Words that make a title vague unless a number pins them down.
const VAGUE_WORDS: &[&str] = &[
    "improve",
    "improved",
    "improving",
    "better",
    "faster",
    "more",
    "enhance",
    "boost",
    "optimize",
    "optimise",
    "maximize",
    "maximise",
    "increase",
    "reduce",
    "great",
    "excellent",
    "best",
];

pub(super) fn check(draft: &Draft, sink: &mut Sink) {
    let id = &draft.id;
    if !draft.clauses.contains_key("metric") {
        missing(
            draft,
            sink,
            Rule::MissingMetric,
            format!("goal `{id}` does not say what it measures"),
            "add a `metric` clause, e.g. `metric first_response_time`",
        );
    }
    if !draft.clauses.contains_key("scope") {
        missing(
            draft,
            sink,
            Rule::MissingScope,
            format!("goal `{id}` does not say which tickets count"),
            "add a `scope` clause, e.g. `scope channel is chat`, or `scope all tickets` to count every ticket",
        );
    }
    if !draft.clauses.contains_key("owner") {
        missing(
            draft,
            sink,
            Rule::MissingOwner,
            format!("goal `{id}` has no owner"),
            "add an `owner` clause, e.g. `owner team \"Chat Support\"` or `owner person \"Dana Lee\"`",
        );
    }
    if let (Some(owner), Some(span)) = (draft.owner, draft.clauses.get("owner")) {
        if owner.name.value.trim().is_empty() {
            let d = sink
                .at(Rule::MissingOwner, *span, "the owner's name is empty")
                .label("no name")
                .help("name the team or person, e.g. `owner team \"Chat Support\"`");
            sink.push(d);
        }
    }
    vague_title(draft, sink);
}

fn vague_title(draft: &Draft, sink: &mut Sink) {
    let Some(title) = &draft.goal.title else {
        return;
    };
    if title.value.trim().is_empty() {
        let d = sink
            .at(Rule::VagueTitle, title.span, "the title is empty")
            .label("empty")
            .help("state the goal in one sentence with its number, e.g. \"Answer 80% of chats within 60 seconds\"");
        sink.push(d);
        return;
    }
    if has_quantity(&title.value) {
        return;
    }
    let vague = title
        .value
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| VAGUE_WORDS.contains(&w.to_lowercase().as_str()));
    if let Some(word) = vague {
        let d = sink
            .at(
                Rule::VagueTitle,
                title.span,
                format!("the title says `{word}` but no number says how much"),
            )
            .label("vague")
            .help("state the target in the title, e.g. \"Answer 80% of chats within 60 seconds\"");
        sink.push(d);
    }
}

/// True when the title holds a number that is not a year or a quarter (`2026`, `Q2`, `H1`).
fn has_quantity(title: &str) -> bool {
    title
        .split(|c: char| !c.is_alphanumeric() && c != '.' && c != '%')
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .any(|w| {
            let year = w.len() == 4
                && w.chars().all(|c| c.is_ascii_digit())
                && (w.starts_with("19") || w.starts_with("20"));
            let period = w.len() == 2 && matches!(w.as_bytes()[0], b'Q' | b'q' | b'H' | b'h');
            !(year || period)
        })
}

#[cfg(test)]
mod tests {
    use super::has_quantity;

    #[test]
    fn years_and_quarters_are_not_quantities() {
        assert!(!has_quantity("Improve chat response times in 2026"));
        assert!(!has_quantity("Better answers by end of Q2 2026"));
        assert!(has_quantity(
            "Answer 80% of chats within 60 seconds by Q2 2026"
        ));
        assert!(has_quantity("Improve CSAT to 4.5"));
    }
}
