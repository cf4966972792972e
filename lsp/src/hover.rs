//! Hover: what the word under the cursor means (a metric's definition and unit, a field's
//! values, a statistic, a value's unit, a clause, a declaration) and, for a problem under the
//! cursor, what its rule means and how to fix it.

use crate::locate::{self, Found, Kind};
use crate::project::{Checked, Document, Key, Project};
use crate::words;
use goal_compiler::catalogue::find_metric;
use goal_compiler::units::{self, Reading};
use goal_compiler::{Diagnostic, Rule};
use goal_grammar::Span;
use goal_grammar::syntax::Item;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

/// The hover at `position` of the document at `key`.
pub fn hover(
    project: &Project,
    checked: &Checked,
    key: &Key,
    document: &Document,
    position: Position,
) -> Option<Hover> {
    let offset = document.offset(position);
    let mut parts = Vec::new();
    let mut span = None;
    if let Some((text, at)) = locate::at(&document.parsed().file, offset)
        .and_then(|found| describe(project, &document.text, found))
    {
        parts.push(text);
        span = Some(at);
    }
    let mut rules: Vec<Rule> = Vec::new();
    for diagnostic in problems_at(checked, key, offset) {
        if !rules.contains(&diagnostic.rule) {
            rules.push(diagnostic.rule);
            parts.push(rule_markdown(diagnostic));
        }
        if let Some(label) = &diagnostic.primary {
            span.get_or_insert(label.span);
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: span.map(|s| document.range(s)),
    })
}

/// The diagnostics of file `key` whose primary span touches `offset`.
pub fn problems_at<'a>(
    checked: &'a Checked,
    key: &'a Key,
    offset: usize,
) -> impl Iterator<Item = &'a Diagnostic> {
    checked.diagnostics.iter().filter(move |d| {
        d.primary.as_ref().is_some_and(|label| {
            checked.files.get(label.file.0) == Some(key) && locate::touches(label.span, offset)
        })
    })
}

/// A rule explained: code, name, severity, group, summary and how to fix it (from its page).
fn rule_markdown(diagnostic: &Diagnostic) -> String {
    let rule = diagnostic.rule;
    let severity = if diagnostic.is_error() {
        "error"
    } else {
        "warning"
    };
    let mut text = format!(
        "**{} {}** · {severity} · {}\n\n{}",
        rule.code(),
        rule.name(),
        rule.group().title(),
        rule.summary()
    );
    if let Some(fix) = section(rule.documentation(), "How to fix") {
        text.push_str(&format!("\n\n**How to fix.** {fix}"));
    }
    text.push_str(&format!(
        "\n\n`goal explain {}` prints the rule's whole page.",
        rule.code()
    ));
    text
}

/// The text of the `## {title}` section of a Markdown page.
fn section<'a>(page: &'a str, title: &str) -> Option<&'a str> {
    let heading = format!("## {title}\n");
    let start = page.find(&heading)? + heading.len();
    let rest = &page[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    Some(rest[..end].trim())
}

/// What `found` means, and the span it covers.
fn describe(project: &Project, text: &str, found: Found<'_>) -> Option<(String, Span)> {
    match found {
        Found::Declaration(kind, name) | Found::Reference(kind, name) => {
            Some((declaration(project, kind, &name.value)?, name.span))
        }
        Found::Metric(metric) => {
            let def = find_metric(&metric.name.value)?;
            Some((words::metric_markdown(def), metric.name.span))
        }
        Found::Statistic(word) => {
            let meaning = words::statistic(&word.value)?;
            Some((
                format!("**{}** (statistic)\n\n{meaning}", word.value),
                word.span,
            ))
        }
        Found::Parameter(metric, name) => {
            let def = find_metric(&metric.name.value)?;
            let param = def.params.iter().find(|p| p.name == name.value)?;
            Some((
                format!(
                    "**{}** (parameter of `{}`)\n\n{}; {}",
                    param.name,
                    def.name,
                    param.summary,
                    param.dimension.describe()
                ),
                name.span,
            ))
        }
        Found::Field(goal, name) => {
            let text = words::field_markdown(locate::population(goal), &name.value)?;
            Some((text, name.span))
        }
        Found::Quantity(quantity) => {
            let written = text.get(quantity.span.start..quantity.span.end)?;
            let text = match units::read(quantity).ok()? {
                Reading::Value(value) if value.display() == written => {
                    format!("**{written}**: {}", value.dimension.describe())
                }
                Reading::Value(value) => format!(
                    "**{written}** = {}: {}",
                    value.display(),
                    value.dimension.describe()
                ),
                Reading::Bare(_) => "a plain number: read in the metric's own terms (a count, a score on its scale, or points)".to_owned(),
            };
            Some((text, quantity.span))
        }
        Found::Keyword(clause) => {
            let word = text.get(clause.keyword.start..clause.keyword.end)?;
            let (meaning, form) = words::keyword(word)?;
            Some((
                format!("**{word}**: {meaning}\n\n```goal\n{form}\n```"),
                clause.keyword,
            ))
        }
    }
}

/// A declaration of the project described: its text, where it is, and who refers to it.
fn declaration(project: &Project, kind: Kind, id: &str) -> Option<String> {
    let mut found = None;
    let mut users = 0;
    for (key, document) in project.documents() {
        let file = &document.parsed().file;
        users += locate::references(file)
            .filter(|(k, name)| *k == kind && name.value == id)
            .count();
        if found.is_some() {
            continue;
        }
        for item in &file.items {
            let (text, id_span) = match item {
                Item::Objective(o) if kind == Kind::Objective => (
                    o.description.as_ref().map(|d| d.value.clone()),
                    o.id.as_ref(),
                ),
                Item::Goal(g) if kind == Kind::Goal => {
                    (g.title.as_ref().map(|t| t.value.clone()), g.id.as_ref())
                }
                Item::Schedule(s) if kind == Kind::Schedule => {
                    let line = document.text.get(s.span.start..s.span.end);
                    (line.map(|l| format!("`{}`", l.trim())), s.id.as_ref())
                }
                _ => continue,
            };
            let Some(id_span) = id_span.filter(|n| n.value == id) else {
                continue;
            };
            let line = document.lines().line_of(id_span.span.start) + 1;
            found = Some((text.unwrap_or_default(), file_name(key), line));
            break;
        }
    }
    let (text, file, line) = found?;
    let mut out = format!(
        "**{} `{id}`**\n\n{text}\n\ndeclared in `{file}`, line {line}",
        kind.word()
    );
    match kind {
        Kind::Objective => out.push_str(&format!("; served by {users} goal{}", plural(users))),
        Kind::Schedule => out.push_str(&format!("; used by {users} goal{}", plural(users))),
        Kind::Goal => {}
    }
    Some(out)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The file's name as shown in hovers.
fn file_name(key: &Key) -> String {
    match key {
        Key::Path(path) => path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        Key::Other(uri) => uri.clone(),
    }
}
