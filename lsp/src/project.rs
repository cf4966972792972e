//! The project the server checks, as `goal check` would: every `*.goal` file under the
//! workspace folder, read from disk, with the unsaved text of the documents open in the editor
//! in place of what is on disk, and the `goal.toml` found from the folder.
//!
//! Documents open in the editor but outside the folder are checked with the project (they
//! can serve its objectives). Without a workspace folder the project is the open documents.

use crate::position::LineIndex;
use crate::uri;
use chrono::NaiveDate;
use goal_compiler::config::{self, Config};
use goal_compiler::datasource::SourceDecl;
use goal_compiler::{Diagnostic, Options, Sources, load};
use goal_grammar::{Parsed, Span};
use lsp_types::{Position, Range, TextDocumentContentChangeEvent, Uri};
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One file's text with its line index and, once asked for, its syntax tree.
#[derive(Debug)]
pub struct Document {
    /// The URI the editor knows the file by.
    pub uri: Uri,
    /// The text checked: the editor's for open documents, the file's otherwise.
    pub text: String,
    /// The editor's version of an open document; `None` for a file read from disk.
    pub version: Option<i32>,
    index: LineIndex,
    parsed: OnceCell<Parsed>,
}

impl Document {
    /// A document with `text`.
    pub fn new(uri: Uri, text: String, version: Option<i32>) -> Self {
        Document {
            uri,
            index: LineIndex::new(&text),
            text,
            version,
            parsed: OnceCell::new(),
        }
    }

    /// The syntax tree (parsed on first use, then kept until the text changes).
    pub fn parsed(&self) -> &Parsed {
        self.parsed.get_or_init(|| goal_grammar::parse(&self.text))
    }

    /// The protocol range of a byte span.
    pub fn range(&self, span: Span) -> Range {
        self.index.range(&self.text, span)
    }

    /// The protocol position of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.index.position(&self.text, offset)
    }

    /// The byte offset of a protocol position.
    pub fn offset(&self, position: Position) -> usize {
        self.index.offset(&self.text, position)
    }

    /// The line index.
    pub fn lines(&self) -> &LineIndex {
        &self.index
    }

    /// Applies the editor's changes in order (whole-text or ranged) and sets the version.
    fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, version: i32) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let start = self.offset(range.start);
                    let end = self.offset(range.end).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
            }
            self.index = LineIndex::new(&self.text);
        }
        self.parsed = OnceCell::new();
        self.version = Some(version);
    }
}

/// How a file is known: by its path (sorted as `goal check` sorts folders), or by its URI when
/// it has no local path (an unsaved `untitled:` document).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// A local file.
    Path(PathBuf),
    /// A document without a local path.
    Other(String),
}

impl Key {
    /// The key of the document at `uri`.
    pub fn of(uri: &Uri) -> Key {
        uri::to_path(uri).map_or_else(|| Key::Other(uri.as_str().to_owned()), Key::Path)
    }

    /// The path shown in messages and matched by `goal.toml` overrides.
    pub fn display(&self) -> String {
        match self {
            Key::Path(path) => path.display().to_string(),
            Key::Other(uri) => uri.clone(),
        }
    }
}

/// A file of the project: as on disk, as open in the editor, or both.
#[derive(Debug, Default)]
struct Entry {
    disk: Option<Document>,
    open: Option<Document>,
    /// Why the file on disk cannot be checked (`E005 not-text`, `E006 file-too-large`).
    problems: Vec<Diagnostic>,
}

impl Entry {
    fn document(&self) -> Option<&Document> {
        self.open.as_ref().or(self.disk.as_ref())
    }
}

/// `goal.toml`: the settings applied to every check, and its own problems (`E014`).
#[derive(Debug)]
pub struct ConfigFile {
    /// The file, for placing its problems.
    pub document: Document,
    /// Problems in it, with spans into `document` (file id 0).
    pub problems: Vec<Diagnostic>,
    config: Config,
}

/// The result of checking the project.
#[derive(Debug, Default, Clone)]
pub struct Checked {
    /// The file of each `FileId` of the diagnostics, by index.
    pub files: Vec<Key>,
    /// Every diagnostic of `goal check` on the project, `goal.toml` applied, in report order.
    pub diagnostics: Vec<Diagnostic>,
    /// Files on disk that could not be read as goal files, with the problem.
    pub file_problems: Vec<(Key, Diagnostic)>,
}

/// What one full check reads, taken at one moment: it can be checked on another thread.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The project's [`Project::generation`] when taken.
    pub generation: u64,
    /// The project's [`Project::epoch`] when taken.
    pub epoch: u64,
    /// The texts, one source per file of `files`.
    pub sources: Sources,
    /// The file of each source, by index.
    pub files: Vec<Key>,
    /// Files on disk that could not be read as goal files, with the problem.
    pub file_problems: Vec<(Key, Diagnostic)>,
    /// The settings of the check.
    pub options: Options,
}

impl Snapshot {
    /// Runs the compiler on the snapshot (`goal.toml` is applied by [`Project::configure`]).
    pub fn compile(&self) -> Vec<Diagnostic> {
        goal_compiler::check(&self.sources, &self.options).diagnostics
    }
}

/// The workspace: its folder, its files and its configuration.
#[derive(Debug, Default)]
pub struct Project {
    root: Option<PathBuf>,
    entries: BTreeMap<Key, Entry>,
    config: Option<ConfigFile>,
    today: Option<NaiveDate>,
    generation: u64,
    epoch: u64,
}

impl Project {
    /// The project of folder `root` (none: only open documents), checked as of `today` (none:
    /// the system date). Reads the folder.
    pub fn new(root: Option<PathBuf>, today: Option<NaiveDate>) -> Self {
        let mut project = Project {
            root,
            today,
            ..Project::default()
        };
        project.rescan();
        project
    }

    /// Counts every change of any text; a check is current when taken at this generation.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Counts the changes other than edits of open documents (files, configuration): what was
    /// checked in another epoch cannot be updated edit by edit.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    fn changed_files(&mut self) {
        self.generation += 1;
        self.epoch += 1;
    }

    /// Reads the folder's goal files and `goal.toml` again (after files changed on disk).
    pub fn rescan(&mut self) {
        self.changed_files();
        for entry in self.entries.values_mut() {
            entry.disk = None;
            entry.problems.clear();
        }
        if let Some(root) = self.root.clone() {
            // The compiler's own loader finds the files, so the project is the one `goal check`
            // reads (a folder without goal files is no problem in an editor).
            let loaded = load::load(std::slice::from_ref(&root));
            for (_, source) in loaded.sources.iter() {
                let path = PathBuf::from(&source.path);
                if let Some(uri) = uri::from_path(&path) {
                    let entry = self.entries.entry(Key::Path(path)).or_default();
                    entry.disk = Some(Document::new(uri, source.text.clone(), None));
                }
            }
            for problem in loaded.diagnostics {
                if let Some(path) = problem_path(&problem) {
                    self.entries
                        .entry(Key::Path(path))
                        .or_default()
                        .problems
                        .push(problem);
                }
            }
        }
        self.entries
            .retain(|_, e| e.open.is_some() || e.disk.is_some() || !e.problems.is_empty());
        self.reload_config();
    }

    /// Reads again one file the folder's scan found; false when it is not one.
    fn read(&mut self, path: &Path) -> bool {
        let Some(entry) = self.entries.get_mut(&Key::Path(path.to_path_buf())) else {
            return false;
        };
        if entry.disk.is_none() && entry.problems.is_empty() {
            return false;
        }
        let loaded = load::load(&[path.to_path_buf()]);
        entry.disk = loaded
            .sources
            .iter()
            .next()
            .zip(uri::from_path(path))
            .map(|((_, source), uri)| Document::new(uri, source.text.clone(), None));
        entry.problems = loaded.diagnostics;
        true
    }

    fn reload_config(&mut self) {
        let start = self.root.clone().or_else(|| {
            self.entries.keys().find_map(|key| match key {
                Key::Path(path) => path.parent().map(Path::to_path_buf),
                Key::Other(_) => None,
            })
        });
        self.config = start
            .and_then(|start| config::discover(&start))
            .and_then(|path| {
                let absolute = std::env::current_dir().ok()?.join(path);
                let uri = uri::from_path(&absolute)?;
                let mut sources = Sources::new();
                let (config, problems) = config::load(&absolute, &mut sources);
                let text = sources
                    .iter()
                    .next()
                    .map(|(_, s)| s.text.clone())
                    .unwrap_or_default();
                Some(ConfigFile {
                    document: Document::new(uri, text, None),
                    problems,
                    config,
                })
            });
    }

    /// The configuration file in force, if any.
    pub fn config(&self) -> Option<&ConfigFile> {
        self.config.as_ref()
    }

    /// The data sources `goal.toml` declares.
    pub fn data_sources(&self) -> &[SourceDecl] {
        self.config
            .as_ref()
            .map_or(&[], |c| c.config.sources.as_slice())
    }

    /// A document the editor opened.
    pub fn open(&mut self, uri: Uri, text: String, version: i32) {
        self.changed_files();
        let key = Key::of(&uri);
        let had_config = self.config.is_some();
        self.entries.entry(key).or_default().open = Some(Document::new(uri, text, Some(version)));
        if self.root.is_none() && !had_config {
            self.reload_config();
        }
    }

    /// Changes to an open document; false when the document is not open.
    pub fn change(
        &mut self,
        uri: &Uri,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
    ) -> bool {
        match self
            .entries
            .get_mut(&Key::of(uri))
            .and_then(|e| e.open.as_mut())
        {
            Some(document) => {
                document.apply(changes, version);
                self.generation += 1;
                true
            }
            None => false,
        }
    }

    /// A document the editor closed (or saved): the file on disk counts again, if it is one of
    /// the folder's goal files.
    pub fn close(&mut self, uri: &Uri) {
        let key = Key::of(uri);
        if let Some(entry) = self.entries.get_mut(&key) {
            entry.open = None;
        }
        self.reload(&key);
    }

    /// Reads a file again after it was saved or closed; a file the folder's scan did not find
    /// (new, or outside the folder) makes the folder be scanned again.
    pub fn reload(&mut self, key: &Key) {
        self.changed_files();
        let known = match key {
            Key::Path(path) => self.read(path),
            Key::Other(_) => true,
        };
        let in_folder = match (key, &self.root) {
            (Key::Path(path), Some(root)) => path.starts_with(root),
            _ => false,
        };
        if !known && in_folder {
            self.rescan();
        }
        if let Some(entry) = self.entries.get(key) {
            if entry.open.is_none() && entry.disk.is_none() && entry.problems.is_empty() {
                self.entries.remove(key);
            }
        }
    }

    /// The document at `key`, open or on disk.
    pub fn document(&self, key: &Key) -> Option<&Document> {
        self.entries.get(key).and_then(Entry::document)
    }

    /// Every document of the project, in check order.
    pub fn documents(&self) -> impl Iterator<Item = (&Key, &Document)> {
        self.entries
            .iter()
            .filter_map(|(key, entry)| entry.document().map(|d| (key, d)))
    }

    /// The settings of a check: `goal.toml`'s bounds and the configured day.
    pub fn options(&self) -> Options {
        let mut options = Options::default();
        if let Some(today) = self.today {
            options.today = today;
        }
        if let Some(config) = &self.config {
            if let Some(lift) = config.config.max_quarterly_lift {
                options.max_quarterly_lift = lift;
            }
            if let Some(limit) = config.config.max_goals_per_owner {
                options.max_goals_per_owner = limit;
            }
        }
        options
    }

    /// The texts to check now.
    pub fn snapshot(&self) -> Snapshot {
        let mut sources = Sources::new();
        let mut files = Vec::new();
        let mut file_problems = Vec::new();
        for (key, entry) in &self.entries {
            match entry.document() {
                Some(document) => {
                    sources.add(key.display(), document.text.clone());
                    files.push(key.clone());
                }
                None => file_problems.extend(
                    entry
                        .problems
                        .iter()
                        .map(|problem| (key.clone(), problem.clone())),
                ),
            }
        }
        Snapshot {
            generation: self.generation,
            epoch: self.epoch,
            sources,
            files,
            file_problems,
            options: self.options(),
        }
    }

    /// Applies `goal.toml` to diagnostics of `sources` (warnings turned off or raised).
    pub fn configure(&self, diagnostics: Vec<Diagnostic>, sources: &Sources) -> Vec<Diagnostic> {
        match &self.config {
            Some(config) => config.config.apply(diagnostics, sources),
            None => diagnostics,
        }
    }

    /// The result of a snapshot's compiler run, `goal.toml` applied.
    pub fn finish(&self, snapshot: &Snapshot, diagnostics: Vec<Diagnostic>) -> Checked {
        Checked {
            files: snapshot.files.clone(),
            diagnostics: self.configure(diagnostics, &snapshot.sources),
            file_problems: snapshot.file_problems.clone(),
        }
    }

    /// Runs `goal check` over the project now.
    pub fn check(&self) -> (Snapshot, Checked) {
        let snapshot = self.snapshot();
        let diagnostics = snapshot.compile();
        let checked = self.finish(&snapshot, diagnostics);
        (snapshot, checked)
    }
}

/// The file a loader problem is about: its message starts with the path in backticks
/// (`load.rs`: "`path` is not valid UTF-8", "`path` is 9000000 bytes").
fn problem_path(problem: &Diagnostic) -> Option<PathBuf> {
    let path = problem.message.strip_prefix('`')?.split('`').next()?;
    Some(PathBuf::from(path)).filter(|p| p.is_absolute())
}
