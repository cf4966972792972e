//! The project-wide symbol table: objectives, schedules and goals declared in any file.
//! Ids are global across the files of one check; a second declaration is an error.

use crate::diagnostic::{Diagnostic, Sink};
use crate::rules::Rule;
use crate::source::FileId;
use goal_grammar::Span;
use goal_grammar::syntax::{File, Item, Name};
use std::collections::BTreeMap;

/// Where an id is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declaration {
    /// The file.
    pub file: FileId,
    /// The id's span.
    pub span: Span,
}

/// Every declared id, by kind.
#[derive(Debug, Default)]
pub struct Symbols {
    /// Objectives by id.
    pub objectives: BTreeMap<String, Declaration>,
    /// Schedules by id.
    pub schedules: BTreeMap<String, Declaration>,
    /// Goals by id.
    pub goals: BTreeMap<String, Declaration>,
    /// Goal declarations whose id was already taken (reported as E008; they get no IR).
    pub duplicate_goals: Vec<Declaration>,
}

impl Symbols {
    /// Collects the declarations of `files`, reporting duplicates into each file's sink.
    pub fn collect<'a>(files: impl IntoIterator<Item = (&'a File, &'a mut Sink)>) -> Symbols {
        let mut symbols = Symbols::default();
        for (file, sink) in files {
            for item in &file.items {
                let (table, kind, id) = match item {
                    Item::Objective(o) => (&mut symbols.objectives, "objective", &o.id),
                    Item::Schedule(s) => (&mut symbols.schedules, "schedule", &s.id),
                    Item::Goal(g) => (&mut symbols.goals, "goal", &g.id),
                    Item::Error(_) => continue,
                };
                if let Some(id) = id {
                    let fresh = declare(table, kind, id, sink);
                    if !fresh && kind == "goal" {
                        symbols.duplicate_goals.push(Declaration {
                            file: sink.file(),
                            span: id.span,
                        });
                    }
                }
            }
        }
        symbols
    }
}

/// Declares `id`; false (after reporting E008) when it was already declared.
fn declare(
    table: &mut BTreeMap<String, Declaration>,
    kind: &str,
    id: &Name,
    sink: &mut Sink,
) -> bool {
    let here = Declaration {
        file: sink.file(),
        span: id.span,
    };
    match table.get(&id.value) {
        Some(first) => {
            let diagnostic: Diagnostic = sink
                .at(
                    Rule::DuplicateDefinition,
                    id.span,
                    format!("{kind} `{}` is declared twice", id.value),
                )
                .label("second declaration")
                .with_secondary(first.file, first.span, "first declared here")
                .help(format!(
                    "give this {kind} another id, or remove one of the two"
                ));
            sink.push(diagnostic);
            false
        }
        None => {
            table.insert(id.value.clone(), here);
            true
        }
    }
}
