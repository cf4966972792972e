//! Diagnostics right after an edit, without checking the whole project again: from the last
//! full check, the segments (see `segments`) of the edited documents that changed are checked
//! alone, together with a declaration of every objective and schedule id of the project, and
//! every other segment keeps its diagnostics, moved with the text.
//!
//! What a goal's checks report depends only on its own text and on the ids declared in the
//! project, so those diagnostics are the ones `goal check` gives. The project-wide ones are
//! not: a duplicate id (`E008`) depends on which declaration comes first, the portfolio
//! (`P6xx`) on all goals, and an unused `allow` of a portfolio rule (`E013`) on the portfolio.
//! For a changed segment these are carried over from the segment it replaced when the text they
//! point at is unchanged, else left out; the full check that follows on the worker thread
//! settles them. An edit that changes which objectives or schedules are declared is not
//! updated here at all: goals anywhere may refer to them.

use crate::project::{Checked, Document, Key, Project, Snapshot};
use crate::segments::{declaration, segments};
use goal_compiler::rules::Group;
use goal_compiler::{Diagnostic, FileId, Rule, Sources};
use goal_grammar::Span;
use goal_grammar::syntax::Item;
use std::collections::HashMap;
use std::ops::Range;

/// More changed segments than this in one file: a full check instead (a large paste, a
/// formatting of the whole file).
const MAX_CHANGED_SEGMENTS: usize = 16;

/// The diagnostics of the project as it is now, from the full check `checked` of `base`;
/// `None` when that check cannot be updated: files or configuration changed since, too much
/// text changed, or an objective or schedule was declared, renamed or removed (goals anywhere
/// may refer to it).
pub fn update(base: &Snapshot, checked: &Checked, project: &Project) -> Option<Checked> {
    if base.epoch != project.epoch() {
        return None;
    }
    let documents: Vec<_> = project.documents().collect();
    if documents.len() != base.files.len()
        || documents
            .iter()
            .zip(&base.files)
            .any(|((key, _), old)| *key != old)
    {
        return None;
    }
    let mut edits = Vec::new();
    for (index, (_, document)) in documents.iter().enumerate() {
        let old = &base.sources.get(FileId(index))?.text;
        if *old != document.text {
            if declared_ids(old) != declared_ids(&document.text) {
                return None;
            }
            edits.push(Edit::new(index, old, &document.text)?);
        }
    }
    if edits.is_empty() {
        return Some(checked.clone());
    }
    let mut diagnostics = carried(checked, &edits);
    diagnostics.extend(rechecked(&edits, &documents, project));
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Some(Checked {
        files: checked.files.clone(),
        diagnostics,
        file_problems: checked.file_problems.clone(),
    })
}

/// One edited file: its segments before and after, and which old segment each new one is.
struct Edit<'a> {
    file: usize,
    old: Vec<Range<usize>>,
    new: Vec<Range<usize>>,
    /// For each old segment: the new segment with the same text (`true`), or the one that
    /// took its place where as many segments replaced as were replaced (`false`).
    old_to_new: Vec<Option<(usize, bool)>>,
    /// The new segments with no old segment of the same text.
    changed: Vec<Range<usize>>,
    old_text: &'a str,
    new_text: &'a str,
}

/// How far ahead an unchanged segment is looked for (segments deleted at once).
const LOOK_AHEAD: usize = 64;

impl<'a> Edit<'a> {
    fn new(file: usize, old_text: &'a str, new_text: &'a str) -> Option<Self> {
        let old = segments(old_text);
        let new = segments(new_text);
        let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
        for (k, range) in old.iter().enumerate() {
            by_text.entry(&old_text[range.clone()]).or_default().push(k);
        }
        // Unchanged segments, matched in order: (old, new).
        let mut matched = Vec::new();
        let mut next = 0;
        for (j, range) in new.iter().enumerate() {
            let text = &new_text[range.clone()];
            let found = by_text.get(text).and_then(|ks| {
                ks.iter()
                    .copied()
                    .find(|k| *k >= next && *k <= next + LOOK_AHEAD)
            });
            if let Some(k) = found {
                matched.push((k, j));
                next = k + 1;
            }
        }
        let mut old_to_new = vec![None; old.len()];
        let mut changed = Vec::new();
        // The stretches between matched segments; the ends are sentinels.
        let anchors = std::iter::once((None, None))
            .chain(matched.iter().map(|(k, j)| (Some(*k), Some(*j))))
            .chain(std::iter::once((Some(old.len()), Some(new.len()))));
        let mut previous: (Option<usize>, Option<usize>) = (None, None);
        for (k, j) in anchors {
            let old_from = previous.0.map_or(0, |p| p + 1);
            let new_from = previous.1.map_or(0, |p| p + 1);
            let (old_to, new_to) = (k.unwrap_or(0), j.unwrap_or(0));
            if old_to >= old_from && new_to >= new_from {
                changed.extend(new[new_from..new_to].iter().cloned());
                if old_to - old_from == new_to - new_from {
                    for offset in 0..old_to - old_from {
                        old_to_new[old_from + offset] = Some((new_from + offset, false));
                    }
                }
            }
            if let (Some(k), Some(j)) = (k, j) {
                if k < old.len() {
                    old_to_new[k] = Some((j, true));
                }
            }
            previous = (k, j);
        }
        let edit = Edit {
            file,
            old,
            new,
            old_to_new,
            changed,
            old_text,
            new_text,
        };
        (edit.changed.len() <= MAX_CHANGED_SEGMENTS).then_some(edit)
    }

    /// The old segment holding `offset`.
    fn old_segment(&self, offset: usize) -> usize {
        self.old
            .partition_point(|r| r.start <= offset)
            .saturating_sub(1)
    }

    /// Whether old segment `k` is in the new text unchanged.
    fn unchanged(&self, k: usize) -> bool {
        matches!(self.old_to_new.get(k), Some(Some((_, true))))
    }

    /// Where `span` of the old text is in the new text: moved with its segment when that is
    /// unchanged; at the same place of the segment that replaced it when the text there is the
    /// same.
    fn moved(&self, span: Span) -> Option<Span> {
        let k = self.old_segment(span.start);
        let old_segment = self.old.get(k)?;
        let (j, unchanged) = (*self.old_to_new.get(k)?)?;
        let new_segment = self.new.get(j)?;
        if span.end > old_segment.end {
            return None;
        }
        let moved = shift(span, old_segment.start, new_segment.start);
        let same = unchanged
            || (moved.end <= new_segment.end
                && self.old_text.get(span.start..span.end)
                    == self.new_text.get(moved.start..moved.end));
        same.then_some(moved)
    }
}

fn shift(span: Span, from: usize, to: usize) -> Span {
    Span::new(span.start - from + to, span.end - from + to)
}

/// The rules whose diagnostics depend on more than one declaration's text.
fn project_wide(diagnostic: &Diagnostic) -> bool {
    diagnostic.rule == Rule::DuplicateDefinition
        || diagnostic.rule.group() == Group::Portfolio
        || (diagnostic.rule == Rule::UnusedSuppression && diagnostic.message.starts_with("`P"))
}

/// The diagnostics of the full check that still hold: those of unchanged files and segments,
/// moved with the text, and the project-wide ones of changed segments that can be carried over.
fn carried(checked: &Checked, edits: &[Edit<'_>]) -> Vec<Diagnostic> {
    let edit_of = |file: FileId| edits.iter().find(|e| e.file == file.0);
    checked
        .diagnostics
        .iter()
        .filter_map(|d| {
            let wide = project_wide(d);
            let mut d = d.clone();
            if let Some(primary) = &mut d.primary {
                if let Some(edit) = edit_of(primary.file) {
                    let unchanged = edit.unchanged(edit.old_segment(primary.span.start));
                    if !unchanged && !wide {
                        return None;
                    }
                    primary.span = edit.moved(primary.span)?;
                }
            }
            d.secondary.retain_mut(|label| match edit_of(label.file) {
                Some(edit) => edit.moved(label.span).map(|s| label.span = s).is_some(),
                None => true,
            });
            Some(d)
        })
        .collect()
}

/// The diagnostics of the changed segments, checked alone with every id of the project.
fn rechecked(
    edits: &[Edit<'_>],
    documents: &[(&Key, &Document)],
    project: &Project,
) -> Vec<Diagnostic> {
    let mut sources = Sources::new();
    let mut origins = Vec::new();
    for edit in edits {
        let path = documents[edit.file].0.display();
        for segment in &edit.changed {
            sources.add(path.clone(), edit.new_text[segment.clone()].to_owned());
            origins.push((edit.file, segment.start));
        }
    }
    sources.add("<declarations>", declarations(edits, documents));
    let place = |file: FileId, span: Span| {
        origins
            .get(file.0)
            .map(|(index, start)| (FileId(*index), shift(span, 0, *start)))
    };
    let result = goal_compiler::check(&sources, &project.options());
    project
        .configure(result.diagnostics, &sources)
        .into_iter()
        .filter(|d| !project_wide(d))
        .filter_map(|mut d| {
            let primary = d.primary.as_mut()?;
            (primary.file, primary.span) = place(primary.file, primary.span)?;
            d.secondary
                .retain_mut(|label| match place(label.file, label.span) {
                    Some((file, span)) => {
                        (label.file, label.span) = (file, span);
                        true
                    }
                    None => false,
                });
            Some(d)
        })
        .collect()
}

/// The objective and schedule ids a text declares, in order.
fn declared_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| matches!(declaration(line), Some("objective" | "schedule")))
        .flat_map(|line| goal_grammar::parse(line).file.items)
        .filter_map(|item| match item {
            Item::Objective(o) => o.id.map(|id| format!("objective {}", id.value)),
            Item::Schedule(s) => s.id.map(|id| format!("schedule {}", id.value)),
            _ => None,
        })
        .collect()
}

/// A file declaring every objective and schedule of the project outside the changed segments
/// (each declaration line is parsed alone, as the parser reads it in its file).
fn declarations(edits: &[Edit<'_>], documents: &[(&Key, &Document)]) -> String {
    let mut out = String::new();
    for (index, (_, document)) in documents.iter().enumerate() {
        let changed = edits
            .iter()
            .find(|e| e.file == index)
            .map_or(&[][..], |e| e.changed.as_slice());
        let mut start = 0;
        for line in document.text.split_inclusive('\n') {
            let at = start;
            start += line.len();
            if !matches!(declaration(line), Some("objective" | "schedule"))
                || changed.iter().any(|r| r.contains(&at))
            {
                continue;
            }
            for item in goal_grammar::parse(line).file.items {
                match item {
                    Item::Objective(o) => {
                        if let Some(id) = o.id {
                            out.push_str(&format!("objective {}: \"\"\n", id.value));
                        }
                    }
                    Item::Schedule(s) => {
                        if let Some(id) = s.id {
                            out.push_str(&format!(
                                "schedule {}: monday 09:00 to 17:00 in UTC\n",
                                id.value
                            ));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{TextDocumentContentChangeEvent, Uri};
    use std::path::Path;

    /// What must agree with a full check: everything but the project-wide rules, which the full
    /// check on the worker settles.
    fn local(checked: &Checked) -> Vec<String> {
        checked
            .diagnostics
            .iter()
            .filter(|d| !project_wide(d))
            .map(|d| format!("{d:?}"))
            .collect()
    }

    #[test]
    fn an_update_gives_what_a_full_check_gives() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let fixtures = [
            "E012-invalid-suppression",
            "E013-unused-suppression",
            "R402-unknown-objective",
            "T506-missing-review",
            "E002-unknown-keyword",
            "T510-unknown-schedule",
        ];
        let text: String = fixtures
            .iter()
            .map(|name| {
                let path = repo.join(format!("tests/fixtures/rules/{name}.goal"));
                std::fs::read_to_string(path).unwrap_or_default()
            })
            .collect();
        assert!(text.len() > 1000, "the fixtures are read");
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let objectives = repo.join("examples/objectives.goal");
        std::fs::copy(objectives, root.join("objectives.goal")).unwrap();
        let path = root.join("edited.goal");
        let uri: Uri = crate::uri::from_path(&path).unwrap();
        let mut project = Project::new(Some(root), chrono::NaiveDate::from_ymd_opt(2026, 1, 5));
        project.open(uri.clone(), text.clone(), 0);
        let (base, checked) = project.check();
        let whole = |text: &str| TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: text.to_owned(),
        };
        let mut version = 0;
        let mut compared = 0;
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let at = start;
            start += line.len();
            let word = line.len() - line.trim_start().len();
            let edits = [
                format!("{}x{}", &text[..at + word], &text[at + word..]),
                format!("{}{}", &text[..at], &text[start..]),
            ];
            for edited in edits {
                version += 1;
                project.change(&uri, vec![whole(&edited)], version);
                let Some(updated) = update(&base, &checked, &project) else {
                    // Only a changed objective or schedule declaration needs a full check.
                    assert_ne!(declared_ids(&text), declared_ids(&edited), "{line:?}");
                    continue;
                };
                let (_, full) = project.check();
                assert_eq!(local(&updated), local(&full), "after editing line {line:?}");
                compared += 1;
            }
        }
        assert!(compared > 100, "{compared}");
        // Renaming an objective that goals in other files serve: a full check is needed.
        let renamed = text.replacen("\nobjective ", "\nobjective x", 1);
        assert!(renamed != text);
        project.change(&uri, vec![whole(&renamed)], version + 1);
        assert!(update(&base, &checked, &project).is_none());
        version += 1;
        // Two edits far apart (the base is a few keystrokes old): the goals between keep their
        // diagnostics.
        let lines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i + 1).collect();
        for (a, b) in [
            (3, lines.len() - 3),
            (5, lines.len() / 2),
            (lines.len() / 3, lines.len() - 8),
        ] {
            let (a, b) = (lines[a], lines[b]);
            let edited = format!(
                "{}  tagret\n{}  tagret\n{}",
                &text[..a],
                &text[a..b],
                &text[b..]
            );
            version += 1;
            project.change(&uri, vec![whole(&edited)], version);
            let updated = update(&base, &checked, &project).unwrap();
            let (_, full) = project.check();
            assert_eq!(local(&updated), local(&full), "after edits at {a} and {b}");
        }
        // Back to the checked text: the check itself.
        project.change(&uri, vec![whole(&text)], version + 1);
        let same = update(&base, &checked, &project).unwrap();
        assert_eq!(
            format!("{:?}", same.diagnostics),
            format!("{:?}", checked.diagnostics)
        );
    }
}
