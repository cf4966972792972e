//! Go to definition and find references for objectives, schedules and goals, across every
//! file of the project. Ids are global per kind, as `goal check` reads them.

use crate::locate::{self, Found, Kind};
use crate::project::{Document, Project};
use lsp_types::{Location, Position};

/// The declaration or reference at `position`: its kind and id.
fn symbol_at(document: &Document, position: Position) -> Option<(Kind, String)> {
    let offset = document.offset(position);
    match locate::at(&document.parsed().file, offset)? {
        Found::Declaration(kind, name) | Found::Reference(kind, name) => {
            Some((kind, name.value.clone()))
        }
        _ => None,
    }
}

/// Where the id at `position` is declared (several places when it is declared twice).
pub fn definition(project: &Project, document: &Document, position: Position) -> Vec<Location> {
    let Some((kind, id)) = symbol_at(document, position) else {
        return Vec::new();
    };
    locations(project, kind, &id, Uses::Declarations)
}

/// Every use of the id at `position`, with its declarations when `include_declaration`.
pub fn references(
    project: &Project,
    document: &Document,
    position: Position,
    include_declaration: bool,
) -> Vec<Location> {
    let Some((kind, id)) = symbol_at(document, position) else {
        return Vec::new();
    };
    let uses = if include_declaration {
        Uses::Both
    } else {
        Uses::References
    };
    locations(project, kind, &id, uses)
}

/// Which places to list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Uses {
    Declarations,
    References,
    Both,
}

/// The places where `id` of `kind` is declared or used, in file order, then position order.
fn locations(project: &Project, kind: Kind, id: &str, uses: Uses) -> Vec<Location> {
    let mut out = Vec::new();
    for (_, document) in project.documents() {
        let file = &document.parsed().file;
        let mut spans = Vec::new();
        if uses != Uses::References {
            spans.extend(locate::declarations(file).filter(|(k, n)| *k == kind && n.value == id));
        }
        if uses != Uses::Declarations {
            spans.extend(locate::references(file).filter(|(k, n)| *k == kind && n.value == id));
        }
        spans.sort_by_key(|(_, name)| name.span.start);
        out.extend(
            spans
                .into_iter()
                .map(|(_, name)| Location::new(document.uri.clone(), document.range(name.span))),
        );
    }
    out
}
