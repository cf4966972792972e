//! The data sources of a run: those declared in goal.toml, with `--data` applied. Shared by
//! `goal eval` and `goal check --schema`.

use goal_compiler::catalogue::Population;
use goal_compiler::datasource::SourceDecl;
use goal_compiler::{Diagnostic, Rule};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The declared sources with `--data` applied: `NAME=PATH` sets the path of a declared source
/// (or declares one for a table named NAME, read with canonical column names); a bare `PATH`
/// is the tickets table's.
pub fn resolve(
    declared: &[SourceDecl],
    data: &[String],
    config_file: Option<goal_compiler::FileId>,
) -> Result<Vec<(SourceDecl, PathBuf)>, Box<Diagnostic>> {
    let mut decls: BTreeMap<String, (SourceDecl, Option<PathBuf>)> = declared
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if let Some(id) = config_file {
                d.file = id;
            }
            (d.name.clone(), (d.clone(), d.path.clone()))
        })
        .collect();
    for item in data {
        let (name, path) = match item.split_once('=') {
            Some((name, path)) if !name.is_empty() && !name.contains(['/', '\\', '.']) => {
                (name.to_owned(), PathBuf::from(path))
            }
            _ => {
                let tickets = decls
                    .values()
                    .find(|(d, _)| d.population == Population::Tickets)
                    .map_or_else(|| "tickets".to_owned(), |(d, _)| d.name.clone());
                (tickets, PathBuf::from(item))
            }
        };
        match decls.get_mut(&name) {
            Some(entry) => entry.1 = Some(path),
            None => {
                let Some(population) = Population::find(&name) else {
                    let names: Vec<&str> = decls
                        .keys()
                        .map(String::as_str)
                        .chain(Population::ALL.iter().map(|p| p.word()))
                        .collect();
                    return Err(Box::new(Diagnostic::without_location(
                        Rule::UnreadableData,
                        format!("`--data {item}` names no declared source and no table"),
                    )
                    .help(goal_grammar::suggest::did_you_mean_or(&name, names, || {
                        "write --data PATH for tickets, or --data NAME=PATH with a source declared in goal.toml or a table: tickets, meetings, staff, qa_reviews".into()
                    }))));
                };
                decls.insert(
                    name.clone(),
                    (SourceDecl::canonical(&name, population), Some(path)),
                );
            }
        }
    }
    let mut out = Vec::new();
    for (_, (decl, path)) in decls {
        match path {
            Some(p) => out.push((decl, p)),
            None => {
                return Err(Box::new(
                    goal_runtime::problem::at_source(
                        Rule::UnreadableData,
                        Some(&decl),
                        format!("source `{}` has no path", decl.name),
                    )
                    .help(format!(
                        "add `path = \"...\"` to [sources.{0}] or pass --data {0}=PATH",
                        decl.name
                    )),
                ));
            }
        }
    }
    Ok(out)
}
