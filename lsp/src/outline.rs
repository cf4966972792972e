//! Document symbols (the outline): objectives, schedules and goals, each goal with its clauses.

use crate::project::Document;
use goal_grammar::print::clause_text;
use goal_grammar::syntax::{ClauseKind, Item};
use lsp_types::{DocumentSymbol, SymbolKind};

/// The outline of `document`. Declarations whose header is too broken to have an id are left
/// out.
pub fn symbols(document: &Document) -> Vec<DocumentSymbol> {
    let text = document.text.as_str();
    let slice = |span: goal_grammar::Span| text.get(span.start..span.end).unwrap_or("").trim();
    document
        .parsed()
        .file
        .items
        .iter()
        .filter_map(|item| {
            let (kind, id, detail, children) = match item {
                Item::Objective(o) => (
                    SymbolKind::NAMESPACE,
                    o.id.as_ref()?,
                    o.description.as_ref().map(|d| d.value.clone()),
                    None,
                ),
                Item::Schedule(s) => (
                    SymbolKind::EVENT,
                    s.id.as_ref()?,
                    s.time_zone.as_ref().map(|z| z.value.clone()),
                    None,
                ),
                Item::Goal(g) => {
                    let clauses = g
                        .clauses
                        .iter()
                        .filter(|c| c.kind != ClauseKind::Error)
                        .map(|c| {
                            let keyword = slice(c.keyword);
                            let canonical = clause_text(&c.kind);
                            let rest = canonical.strip_prefix(keyword).unwrap_or(&canonical);
                            symbol(
                                keyword.to_owned(),
                                Some(rest.trim().to_owned()),
                                SymbolKind::PROPERTY,
                                document.range(c.span),
                                document.range(c.keyword),
                                None,
                            )
                        })
                        .collect();
                    (
                        SymbolKind::OBJECT,
                        g.id.as_ref()?,
                        g.title.as_ref().map(|t| t.value.clone()),
                        Some(clauses),
                    )
                }
                Item::Error(_) => return None,
            };
            Some(symbol(
                id.value.clone(),
                detail,
                kind,
                document.range(item.span()),
                document.range(id.span),
                children,
            ))
        })
        .collect()
}

#[allow(deprecated)] // `deprecated` is a field the protocol still requires to be spelt out.
fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: lsp_types::Range,
    selection_range: lsp_types::Range,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range,
        children,
    }
}
