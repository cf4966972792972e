//! The files of a run and the `goal.toml` that governs them, shared by `goal check` and
//! `goal eval`.

use goal_compiler::config::{self, Config};
use goal_compiler::load::{self, Loaded};
use goal_compiler::{Diagnostic, FileId, Sources};
use std::path::PathBuf;

/// Goal files and configuration, read but not checked.
pub struct Project {
    /// The goal files (goal.toml is added by [`Project::attach_config`], after checking).
    pub loaded: Loaded,
    /// The configuration (default when there is no goal.toml).
    pub config: Config,
    /// Problems in goal.toml, labelled in `config_sources`.
    config_problems: Vec<Diagnostic>,
    /// goal.toml alone, so that it is never checked as goals.
    config_sources: Sources,
}

/// Reads the goal files under `paths` (the current folder when empty) and the nearest
/// goal.toml above the first one.
pub fn open(paths: &[PathBuf]) -> Project {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let loaded = load::load(&paths);
    let mut config_sources = Sources::new();
    let (config, config_problems) = match config::discover(&paths[0]) {
        Some(path) => config::load(&path, &mut config_sources),
        None => (Config::default(), Vec::new()),
    };
    Project {
        loaded,
        config,
        config_problems,
        config_sources,
    }
}

impl Project {
    /// Adds goal.toml to the files problems are rendered from (call it after checking the
    /// goals) and returns its id with its problems, labelled there.
    pub fn attach_config(&mut self) -> (Option<FileId>, Vec<Diagnostic>) {
        let problems = std::mem::take(&mut self.config_problems);
        match self.config_sources.get(FileId(0)) {
            Some(source) => {
                let id = self
                    .loaded
                    .sources
                    .add(source.path.clone(), source.text.clone());
                (
                    Some(id),
                    problems.into_iter().map(|d| moved_to(d, id)).collect(),
                )
            }
            None => (None, problems),
        }
    }
}

/// A configuration diagnostic with its labels pointing at file `id`.
fn moved_to(mut d: Diagnostic, id: FileId) -> Diagnostic {
    if let Some(primary) = &mut d.primary {
        primary.file = id;
    }
    for label in &mut d.secondary {
        label.file = id;
    }
    d
}
