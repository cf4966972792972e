//! Inline suppressions: `# goal: allow(A301, R404) reason` turns off the named warnings for
//! the goal the comment is written in, or for the goal right below it. A reason is required,
//! errors cannot be suppressed (they mean the goal is not SMART or cannot be evaluated), and a
//! suppression that suppresses nothing is itself reported.

use crate::diagnostic::{Diagnostic, Severity, Sink};
use crate::rules::Rule;
use goal_grammar::Span;
use goal_grammar::suggest::did_you_mean_or;
use goal_grammar::syntax::{Comment, File, Item};

/// One `allow` comment, resolved.
#[derive(Debug)]
pub(crate) struct Suppression {
    rules: Vec<(Rule, Span, bool)>,
    scope: Span,
}

/// The text after `#` that marks a directive.
const MARKER: &str = "goal:";

/// Reads the `# goal:` comments of `file`, reporting malformed ones.
pub(crate) fn collect(file: &File, text: &str, sink: &mut Sink) -> Vec<Suppression> {
    let mut suppressions = Vec::new();
    for comment in &file.comments {
        let body = comment.text.trim_start_matches('#').trim_start();
        let Some(directive) = body.strip_prefix(MARKER) else {
            continue;
        };
        // Only `# goal: word(…` is a directive; `# goal: answer faster` is an ordinary note.
        let word = directive.trim_start();
        let word_len = word
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(word.len());
        if word_len == 0 || !word[word_len..].starts_with('(') {
            continue;
        }
        let directive_start = comment.span.start + (comment.text.len() - directive.len());
        if let Some(s) = parse(comment, directive, directive_start, file, text, sink) {
            suppressions.push(s);
        }
    }
    suppressions
}

fn invalid(sink: &mut Sink, span: Span, message: impl Into<String>, help: impl Into<String>) {
    let d = sink
        .at(Rule::InvalidSuppression, span, message)
        .label("in this suppression")
        .help(help);
    sink.push(d);
}

fn parse(
    comment: &Comment,
    directive: &str,
    start: usize,
    file: &File,
    text: &str,
    sink: &mut Sink,
) -> Option<Suppression> {
    let trimmed = directive.trim_start();
    let start = start + (directive.len() - trimmed.len());
    let word_len = trimmed
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(trimmed.len());
    let word = &trimmed[..word_len];
    if word != "allow" {
        let help = did_you_mean_or(word, ["allow"], || {
            "write `# goal: allow(CODE) reason`".into()
        });
        invalid(
            sink,
            Span::new(start, start + word_len.max(1)),
            format!("unknown directive `{word}`"),
            help,
        );
        return None;
    }
    let after = &trimmed[word_len..];
    let (Some(open), Some(close)) = (after.find('('), after.find(')')) else {
        invalid(
            sink,
            comment.span,
            "`allow(` is not closed",
            "write `# goal: allow(A301) reason`",
        );
        return None;
    };
    let list_start = start + word_len + open + 1;
    let list = after.get(open + 1..close).unwrap_or("");
    let reason = after[close + 1..].trim();
    if reason.is_empty() {
        invalid(
            sink,
            comment.span,
            "a suppression needs a reason",
            "say why after the parentheses: `# goal: allow(A301) baseline not tracked before 2026`",
        );
        return None;
    }
    let mut rules = Vec::new();
    let mut offset = 0;
    for part in list.split(',') {
        let code = part.trim();
        let code_start = list_start + offset + (part.len() - part.trim_start().len());
        offset += part.len() + 1;
        let span = Span::new(code_start, code_start + code.len().max(1));
        match Rule::find(code) {
            Some(rule) if rule.severity() == Severity::Warning => {
                if !rules.iter().any(|(r, _, _)| *r == rule) {
                    rules.push((rule, span, false));
                }
            }
            Some(rule) => invalid(
                sink,
                span,
                format!("`{rule}` is an error; errors cannot be suppressed"),
                "fix the goal instead: an error means it is not SMART or cannot be evaluated",
            ),
            None => {
                let names = Rule::ALL.iter().flat_map(|r| [r.code(), r.name()]);
                let help = did_you_mean_or(code, names, || "rule codes look like `A301`".into());
                invalid(sink, span, format!("unknown rule `{code}`"), help);
            }
        }
    }
    if rules.is_empty() {
        return None;
    }
    let Some(scope) = goal_scope(comment, file, text) else {
        invalid(
            sink,
            comment.span,
            "this suppression belongs to no goal",
            "write it inside a goal, or on the line right above its `goal` line",
        );
        return None;
    };
    Some(Suppression { rules, scope })
}

/// The text a goal owns: from its `goal` keyword to the next declaration (so comment lines
/// after its last clause are still its own).
fn goal_extent(file: &File, index: usize, text: &str) -> Option<Span> {
    let Item::Goal(goal) = file.items.get(index)? else {
        return None;
    };
    let end = file.items[index + 1..]
        .iter()
        .find(|item| !matches!(item, Item::Error(_)))
        .map_or(text.len(), |next| next.span().start);
    Some(Span::new(goal.span.start, end))
}

/// The goal a comment belongs to. An indented comment, or one on a clause's line, belongs to
/// the goal it is written in. A comment in column 1 followed only by blank and comment lines
/// before a `goal` line belongs to that goal; otherwise to the goal it is written in.
fn goal_scope(comment: &Comment, file: &File, text: &str) -> Option<Span> {
    let at = comment.span.start;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let in_column_one = at == line_start;
    let enclosing = (0..file.items.len())
        .filter_map(|i| goal_extent(file, i, text))
        .find(|extent| extent.start <= at && at < extent.end.max(extent.start + 1));
    if in_column_one {
        if let Some(next) = file.items.iter().position(|item| item.span().start > at) {
            let between = &text[comment.span.end..file.items[next].span().start];
            let only_comments = between
                .lines()
                .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'));
            if only_comments {
                if let Some(extent) = goal_extent(file, next, text) {
                    return Some(extent);
                }
            }
        }
    }
    enclosing
}

/// Removes the diagnostics the suppressions cover and reports the suppressions that covered
/// nothing.
pub(crate) fn apply(suppressions: &mut [Suppression], sink: &mut Sink) {
    if suppressions.is_empty() {
        return;
    }
    sink.retain(|d: &Diagnostic| {
        let Some(primary) = &d.primary else {
            return true;
        };
        for suppression in suppressions.iter_mut() {
            let inside = suppression.scope.start <= primary.span.start
                && primary.span.start <= suppression.scope.end;
            if !inside {
                continue;
            }
            if let Some(entry) = suppression
                .rules
                .iter_mut()
                .find(|(rule, _, _)| *rule == d.rule)
            {
                entry.2 = true;
                return false;
            }
        }
        true
    });
    for suppression in suppressions.iter() {
        for (rule, span, used) in &suppression.rules {
            if !used {
                let d = sink
                    .at(
                        Rule::UnusedSuppression,
                        *span,
                        format!(
                            "`{}` is allowed here, but the goal does not break it",
                            rule.code()
                        ),
                    )
                    .label("suppresses nothing")
                    .help("remove it from the `allow` list");
                sink.push(d);
            }
        }
    }
}
