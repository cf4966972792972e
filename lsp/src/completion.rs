//! Completion from the text of the line before the cursor (a line being typed rarely parses
//! yet): declaration and clause keywords, metrics and statistics, metric parameters, fields
//! and their values for the goal's population (with the column each is read from in the data
//! sources of `goal.toml`), filter operators, objective and schedule ids of the whole project,
//! review cadences, target forms, period units and IANA time zones.

use crate::locate::{self, Kind};
use crate::project::{Document, Project};
use crate::segments::{declaration, segments};
use crate::words;
use goal_compiler::calendar::PERIOD_UNIT_WORDS;
use goal_compiler::catalogue::{self, METRICS, Population};
use goal_compiler::datasource::{ColumnSource, SourceDecl};
use goal_grammar::syntax::Item;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, Position, Range, TextEdit,
};

/// Day words of a schedule.
const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "weekdays",
    "weekends",
    "daily",
];

/// One suggestion before it becomes a protocol item.
struct Candidate {
    label: String,
    kind: CompletionItemKind,
    detail: Option<String>,
    documentation: Option<String>,
}

impl Candidate {
    fn new(label: impl Into<String>, kind: CompletionItemKind) -> Self {
        Candidate {
            label: label.into(),
            kind,
            detail: None,
            documentation: None,
        }
    }

    fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    fn documentation(mut self, markdown: String) -> Self {
        self.documentation = Some(markdown);
        self
    }
}

/// The completions at `position` of `document`.
pub fn complete(project: &Project, document: &Document, position: Position) -> Vec<CompletionItem> {
    let offset = document.offset(position);
    let text = document.text.as_str();
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    if in_comment_or_string(before) {
        return Vec::new();
    }
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map_or(before.len(), |(i, _)| i);
    let tokens = tokens(&before[..word_start]);
    let indented = before.starts_with([' ', '\t']);
    let candidates = if indented {
        // Only the declaration being edited is parsed: a long file is not parsed again.
        let segment = segments(text)
            .into_iter()
            .find(|r| r.start <= offset && offset <= r.end)
            .unwrap_or(0..text.len());
        let parsed = goal_grammar::parse(&text[segment.clone()]);
        let goal = locate::enclosing_goal(&parsed.file, offset - segment.start);
        let population = goal.map_or(Population::Tickets, locate::population);
        in_goal(project, &tokens, population)
    } else {
        top_level(&tokens)
    };
    // The whole word under the cursor is replaced: completing `chan|el` gives `channel`.
    let word_end = text[offset..]
        .find(|c: char| !is_word_char(c))
        .map_or(text.len(), |i| offset + i);
    let replace = Range::new(
        document.position(line_start + word_start),
        document.position(word_end),
    );
    candidates
        .into_iter()
        .map(|c| CompletionItem {
            label: c.label.clone(),
            kind: Some(c.kind),
            detail: c.detail,
            documentation: c.documentation.map(|value| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                })
            }),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(replace, c.label))),
            ..CompletionItem::default()
        })
        .collect()
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | '+')
}

/// True when the cursor is inside a comment or an unclosed string.
fn in_comment_or_string(before: &str) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    for c in before.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '#' if !in_string => return true,
            _ => {}
        }
    }
    in_string
}

/// The words and punctuation of a line: strings are one token, `(`, `)`, `,` and `:` are
/// tokens of their own, and so is a run of other symbols (`!=`).
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut token = String::from(c);
        if c == '"' {
            while let Some(next) = chars.next() {
                token.push(next);
                if next == '\\' {
                    if let Some(escaped) = chars.next() {
                        token.push(escaped);
                    }
                } else if next == '"' {
                    break;
                }
            }
        } else if is_word_char(c) || c == '.' || c == '%' {
            // `09:00` is one token; `s:` is an id and a colon.
            let clock =
                |token: &str, next: char| next == ':' && token.bytes().all(|b| b.is_ascii_digit());
            while let Some(&next) = chars
                .peek()
                .filter(|n| is_word_char(**n) || matches!(n, '.' | '%') || clock(&token, **n))
            {
                token.push(next);
                chars.next();
            }
        } else if !matches!(c, '(' | ')' | ',' | ':') {
            while let Some(&next) = chars.peek().filter(|n| {
                !n.is_whitespace()
                    && !is_word_char(**n)
                    && !matches!(n, '(' | ')' | ',' | ':' | '"')
            }) {
                token.push(next);
                chars.next();
            }
        }
        out.push(token);
    }
    out
}

/// Completions on an unindented line: declaration keywords, then schedule days and zones.
fn top_level(tokens: &[String]) -> Vec<Candidate> {
    let Some(first) = tokens.first() else {
        return words::DECLARATIONS
            .iter()
            .map(|(word, meaning, form)| {
                Candidate::new(*word, CompletionItemKind::KEYWORD)
                    .detail(*meaning)
                    .documentation(format!("```goal\n{form}\n```"))
            })
            .collect();
    };
    if first != "schedule" {
        return Vec::new();
    }
    let last = tokens.last().map(String::as_str);
    let has_time = tokens.iter().any(|t| t.contains(':') && t.len() > 1);
    if last == Some("in") && has_time {
        return chrono_tz::TZ_VARIANTS
            .iter()
            .map(|zone| {
                Candidate::new(zone.name(), CompletionItemKind::CONSTANT).detail("time zone")
            })
            .collect();
    }
    let after_colon = tokens.iter().any(|t| t == ":");
    if after_colon && !has_time && matches!(last, Some(":" | "," | "to")) {
        return DAYS
            .iter()
            .map(|day| Candidate::new(*day, CompletionItemKind::ENUM_MEMBER))
            .collect();
    }
    Vec::new()
}

/// Completions on a line of a goal.
fn in_goal(project: &Project, tokens: &[String], population: Population) -> Vec<Candidate> {
    let Some((keyword, rest)) = tokens.split_first() else {
        return words::CLAUSES
            .iter()
            .map(|(word, meaning, form)| {
                Candidate::new(*word, CompletionItemKind::KEYWORD)
                    .detail(*meaning)
                    .documentation(format!("```goal\n{form}\n```"))
            })
            .collect();
    };
    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    match (keyword.as_str(), rest.as_slice()) {
        ("metric" | "guardrail", []) => statistics().chain(metrics()).collect(),
        ("metric" | "guardrail", [word]) if catalogue::find_statistic(word).is_some() => {
            metrics().collect()
        }
        ("metric" | "guardrail", [.., "(" | ","]) => parameters(&rest),
        ("guardrail", [.., last]) if *last != ")" && catalogue::find_metric(last).is_some() => {
            target_forms()
        }
        ("guardrail", [.., ")"]) => target_forms(),
        ("target", []) => target_forms(),
        ("serves", [] | [.., ","]) => declared(project, Kind::Objective),
        ("during", []) => declared(project, Kind::Schedule),
        ("owner", []) => ["team", "person"]
            .into_iter()
            .map(|w| Candidate::new(w, CompletionItemKind::KEYWORD))
            .collect(),
        ("review", []) => words::CADENCES
            .iter()
            .map(|w| Candidate::new(*w, CompletionItemKind::ENUM_MEMBER).detail("review cadence"))
            .collect(),
        ("review", ["every"]) | ("no", []) => PERIOD_UNIT_WORDS
            .iter()
            .map(|w| Candidate::new(*w, CompletionItemKind::UNIT))
            .collect(),
        ("no", [_]) => ["below", "above"]
            .into_iter()
            .map(|w| Candidate::new(w, CompletionItemKind::KEYWORD))
            .collect(),
        ("scope", rest) => scope(rest, population, project.data_sources()),
        _ => Vec::new(),
    }
}

fn statistics() -> impl Iterator<Item = Candidate> {
    words::STATISTICS.iter().map(|(word, meaning)| {
        Candidate::new(*word, CompletionItemKind::KEYWORD).detail(format!("statistic: {meaning}"))
    })
}

fn metrics() -> impl Iterator<Item = Candidate> {
    METRICS.iter().map(|metric| {
        Candidate::new(metric.name, CompletionItemKind::FUNCTION)
            .detail(metric.summary)
            .documentation(words::metric_markdown(metric))
    })
}

fn target_forms() -> Vec<Candidate> {
    words::TARGET_FORMS
        .iter()
        .map(|w| Candidate::new(*w, CompletionItemKind::KEYWORD).detail("target"))
        .collect()
}

/// The parameters of the metric named before the open parenthesis.
fn parameters(rest: &[&str]) -> Vec<Candidate> {
    let metric = rest
        .iter()
        .take_while(|t| **t != "(")
        .find_map(|t| catalogue::find_metric(t));
    metric.map_or_else(Vec::new, |metric| {
        metric
            .params
            .iter()
            .map(|p| {
                Candidate::new(p.name, CompletionItemKind::PROPERTY).detail(format!(
                    "{}; {}",
                    p.summary,
                    p.dimension.describe()
                ))
            })
            .collect()
    })
}

/// The ids of `kind` declared anywhere in the project, with their description. Declarations
/// are single lines: each is parsed alone, so long files are not parsed again.
fn declared(project: &Project, kind: Kind) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for (_, document) in project.documents() {
        for line in document.text.lines() {
            if declaration(line) != Some(kind.word()) {
                continue;
            }
            for item in goal_grammar::parse(line).file.items {
                let (id, detail) = match item {
                    Item::Objective(o) => (o.id, o.description.map(|d| d.value)),
                    Item::Schedule(s) => (s.id, Some(line.trim().to_owned())),
                    _ => continue,
                };
                let Some(id) = id else {
                    continue;
                };
                if out.iter().any(|c| c.label == id.value) {
                    continue;
                }
                let mut candidate = Candidate::new(id.value, CompletionItemKind::REFERENCE);
                candidate.detail = detail;
                out.push(candidate);
            }
        }
    }
    out
}

/// Where a scope filter stands after the tokens typed so far.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ScopeState {
    Field,
    Operator,
    AfterIs,
    AfterNot,
    Value,
    List,
    Joiner,
}

/// Where a field is read from in the data sources `goal.toml` declares for `population`:
/// `` column `Group name` of source `tickets` ``.
fn source_columns(field: &str, population: Population, sources: &[SourceDecl]) -> Vec<String> {
    sources
        .iter()
        .filter(|s| s.population == population)
        .filter_map(|s| {
            let column = match s.columns.get(field)? {
                ColumnSource::Column(column) => format!("column `{column}`"),
                ColumnSource::After { column, after, .. } => {
                    format!("`{after}` plus column `{column}`")
                }
            };
            Some(format!("{column} of source `{}`", s.name))
        })
        .collect()
}

/// Completions in a `scope` line: fields (with the data-source columns they are read from),
/// operators, values of closed fields, `and`/`or`.
fn scope(rest: &[&str], population: Population, sources: &[SourceDecl]) -> Vec<Candidate> {
    if rest == ["all"] {
        return Population::ALL
            .iter()
            .map(|p| Candidate::new(p.word(), CompletionItemKind::ENUM_MEMBER).detail("population"))
            .collect();
    }
    let mut state = ScopeState::Field;
    let mut field = None;
    for token in rest {
        state = match (state, *token) {
            (ScopeState::Field, "not" | "(") => ScopeState::Field,
            (ScopeState::Field, word) => {
                field = Some(word);
                ScopeState::Operator
            }
            (ScopeState::Operator, "is") => ScopeState::AfterIs,
            (ScopeState::Operator, "not") => ScopeState::AfterNot,
            (ScopeState::Operator | ScopeState::AfterNot, _) => ScopeState::Value,
            (ScopeState::AfterIs, "not") => ScopeState::Value,
            (ScopeState::AfterIs | ScopeState::Value, "(") => ScopeState::List,
            (ScopeState::AfterIs | ScopeState::Value, _) => ScopeState::Joiner,
            (ScopeState::List, ")") => ScopeState::Joiner,
            (ScopeState::List, _) => ScopeState::List,
            (ScopeState::Joiner, "and" | "or") => ScopeState::Field,
            (ScopeState::Joiner, _) => ScopeState::Joiner,
        };
    }
    let keywords = |words: &[&str]| -> Vec<Candidate> {
        words
            .iter()
            .map(|w| Candidate::new(*w, CompletionItemKind::KEYWORD))
            .collect()
    };
    match state {
        ScopeState::Field => {
            let mut out: Vec<Candidate> = population
                .fields()
                .iter()
                .map(|f| {
                    let mut detail = format!("field of {}", population.word());
                    for column in source_columns(f.name, population, sources) {
                        detail.push_str(&format!("; {column}"));
                    }
                    let candidate =
                        Candidate::new(f.name, CompletionItemKind::FIELD).detail(detail);
                    match words::field_markdown(population, f.name) {
                        Some(doc) => candidate.documentation(doc),
                        None => candidate,
                    }
                })
                .collect();
            if rest.is_empty() {
                out.push(Candidate::new("all", CompletionItemKind::KEYWORD).detail("every item"));
            }
            out.push(Candidate::new("not", CompletionItemKind::KEYWORD));
            out
        }
        ScopeState::Operator => keywords(words::OPERATORS),
        ScopeState::AfterNot => keywords(&["in"]),
        ScopeState::AfterIs | ScopeState::Value | ScopeState::List => {
            let values = field
                .and_then(|name| population.fields().iter().find(|f| f.name == name))
                .and_then(|f| f.values)
                .unwrap_or(&[]);
            let mut out: Vec<Candidate> = values
                .iter()
                .map(|v| Candidate::new(*v, CompletionItemKind::ENUM_MEMBER))
                .collect();
            if state == ScopeState::AfterIs {
                out.push(Candidate::new("not", CompletionItemKind::KEYWORD));
            }
            out
        }
        ScopeState::Joiner => keywords(&["and", "or"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_strings_and_symbols_whole() {
        assert_eq!(
            tokens(r#"scope topic is "a \" b" and channel != (chat, web)"#),
            [
                "scope",
                "topic",
                "is",
                r#""a \" b""#,
                "and",
                "channel",
                "!=",
                "(",
                "chat",
                ",",
                "web",
                ")"
            ]
        );
        assert_eq!(
            tokens("schedule s: mon to fri 09:00 - 17:00 in"),
            [
                "schedule", "s", ":", "mon", "to", "fri", "09:00", "-", "17:00", "in"
            ]
        );
    }

    #[test]
    fn comments_and_strings() {
        assert!(in_comment_or_string("  owner team \"Chat"));
        assert!(!in_comment_or_string("  owner team \"Chat # 1\" "));
        assert!(in_comment_or_string("  owner team \"Chat\" # note"));
        assert!(!in_comment_or_string(r#"  through "a \" b", "#));
    }

    fn labels(candidates: Vec<Candidate>) -> Vec<String> {
        candidates.into_iter().map(|c| c.label).collect()
    }

    #[test]
    fn scope_states() {
        let t = Population::Tickets;
        assert!(labels(scope(&[], t, &[])).contains(&"channel".to_owned()));
        assert_eq!(labels(scope(&["channel"], t, &[])), words::OPERATORS);
        assert!(labels(scope(&["channel", "is"], t, &[])).contains(&"chat".to_owned()));
        assert!(
            labels(scope(&["priority", "not", "in", "(", "low", ","], t, &[]))
                .contains(&"urgent".to_owned())
        );
        assert_eq!(
            labels(scope(&["channel", "is", "chat"], t, &[])),
            ["and", "or"]
        );
        assert!(
            labels(scope(&["channel", "is", "chat", "and", "not"], t, &[]))
                .contains(&"tags".to_owned())
        );
        assert_eq!(
            labels(scope(&["all"], t, &[])),
            ["tickets", "meetings", "staff", "qa_reviews"]
        );
        assert!(labels(scope(&[], Population::Staff, &[])).contains(&"role".to_owned()));
    }
}
