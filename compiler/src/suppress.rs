//! Inline suppressions: `# goal: allow(A301, R404) reason` turns off the named warnings for
//! the goal the comment is written in, or for the goal right below it. A reason is required,
//! errors cannot be suppressed (they mean the goal is not SMART or cannot be evaluated), and a
//! suppression that suppresses nothing is itself reported.

use crate::diagnostic::{Diagnostic, Severity, Sink};
use crate::rules::Rule;
use goal_grammar::Span;
use goal_grammar::suggest::did_you_mean_or;
use goal_grammar::syntax::{Comment, File, Item};
use std::collections::HashMap;

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
    let layout = Layout::new(file, text);
    for (index, comment) in file.comments.iter().enumerate() {
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
        let scope = layout.goal_scope(index, comment, file, text);
        if let Some(s) = parse(comment, directive, directive_start, scope, sink) {
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
    scope: Option<Span>,
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
    let Some(scope) = scope else {
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

/// Where the goals of a file lie, worked out once per file, so that placing a suppression
/// costs a bisection instead of a walk over the file: a file of thousands of suppressions
/// must not take quadratic time.
struct Layout {
    /// By item index: for a goal, the text it owns, from its `goal` keyword to the next
    /// declaration (so comment lines after its last clause are still its own).
    extents: Vec<Option<Span>>,
    /// The extents of the goals, in source order.
    goals: Vec<Span>,
    /// By comment index: true when only blank and comment lines lie between the comment and
    /// the next item.
    only_comments_after: Vec<bool>,
}

/// True when every line of `text` is blank or a comment.
fn blank_or_comments(text: &str) -> bool {
    text.lines()
        .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'))
}

impl Layout {
    fn new(file: &File, text: &str) -> Layout {
        let mut extents = vec![None; file.items.len()];
        let mut next_start = text.len();
        for (i, item) in file.items.iter().enumerate().rev() {
            if let Item::Goal(goal) = item {
                extents[i] = Some(Span::new(goal.span.start, next_start));
            }
            if !matches!(item, Item::Error(_)) {
                next_start = item.span().start;
            }
        }
        let goals = extents.iter().flatten().copied().collect();
        // From the last comment back: the text up to the next item is the text up to the
        // following comment, when that comes first, and what follows that comment.
        let comments = &file.comments;
        let mut only_comments_after = vec![false; comments.len()];
        for i in (0..comments.len()).rev() {
            let comment = &comments[i];
            let next = file
                .items
                .partition_point(|item| item.span().start <= comment.span.start);
            let Some(limit) = file.items.get(next).map(|item| item.span().start) else {
                continue;
            };
            let from = comment.span.end.min(limit);
            only_comments_after[i] = match comments.get(i + 1) {
                Some(following) if following.span.start < limit => {
                    only_comments_after[i + 1]
                        && blank_or_comments(text.get(from..following.span.start).unwrap_or(""))
                }
                _ => blank_or_comments(text.get(from..limit).unwrap_or("")),
            };
        }
        Layout {
            extents,
            goals,
            only_comments_after,
        }
    }

    /// The goal comment `index` belongs to. An indented comment, or one on a clause's line,
    /// belongs to the goal it is written in. A comment in column 1 followed only by blank and
    /// comment lines before a `goal` line belongs to that goal; otherwise to the goal it is
    /// written in.
    fn goal_scope(&self, index: usize, comment: &Comment, file: &File, text: &str) -> Option<Span> {
        let at = comment.span.start;
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let in_column_one = at == line_start;
        // Goals own disjoint stretches of text: only the last one starting before `at` can
        // hold it.
        let enclosing = self
            .goals
            .partition_point(|extent| extent.start <= at)
            .checked_sub(1)
            .and_then(|i| self.goals.get(i))
            .copied()
            .filter(|extent| extent.start <= at && at < extent.end.max(extent.start + 1));
        if in_column_one && self.only_comments_after.get(index) == Some(&true) {
            let next = file.items.partition_point(|item| item.span().start <= at);
            if let Some(Some(extent)) = self.extents.get(next) {
                return Some(*extent);
            }
        }
        enclosing
    }
}

/// Removes the diagnostics the suppressions cover and reports the suppressions that covered
/// nothing.
pub(crate) fn apply(suppressions: &mut [Suppression], sink: &mut Sink) {
    if suppressions.is_empty() {
        return;
    }
    // A diagnostic uses up the first suppression of its rule in the goal it lies in: look
    // that up by goal and rule instead of trying every suppression on every diagnostic.
    let mut first: HashMap<(Span, Rule), (usize, usize)> = HashMap::new();
    for (i, suppression) in suppressions.iter().enumerate() {
        for (j, (rule, _, _)) in suppression.rules.iter().enumerate() {
            first.entry((suppression.scope, *rule)).or_insert((i, j));
        }
    }
    let mut scopes: Vec<Span> = suppressions.iter().map(|s| s.scope).collect();
    scopes.sort_unstable();
    scopes.dedup();
    sink.retain(|d: &Diagnostic| {
        let Some(primary) = &d.primary else {
            return true;
        };
        let at = primary.span.start;
        // Scopes are goals' disjoint stretches of text, each including its end: at most the
        // last two starting at or before `at` hold it.
        let upto = scopes.partition_point(|scope| scope.start <= at);
        let used = scopes[upto.saturating_sub(2)..upto]
            .iter()
            .filter(|scope| at <= scope.end)
            .filter_map(|scope| first.get(&(*scope, d.rule)))
            .min()
            .copied();
        match used.and_then(|(i, j)| suppressions.get_mut(i)?.rules.get_mut(j)) {
            Some(entry) => {
                entry.2 = true;
                false
            }
            None => true,
        }
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
