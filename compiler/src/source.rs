//! Source files of a project, addressed by [`FileId`].

use serde::Serialize;

/// Index of a file in a [`Sources`] set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub usize);

/// One source file: its display path and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The path as shown to users.
    pub path: String,
    /// The file's text (empty when it could not be read as text).
    pub text: String,
}

/// The files of one check run, in the order given (sorted by path when loaded from folders).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    files: Vec<Source>,
}

impl Sources {
    /// An empty set.
    pub fn new() -> Self {
        Sources::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(Source {
            path: path.into(),
            text: text.into(),
        });
        FileId(self.files.len() - 1)
    }

    /// The file with id `id`, if it exists.
    pub fn get(&self, id: FileId) -> Option<&Source> {
        self.files.get(id.0)
    }

    /// All files with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &Source)> {
        self.files.iter().enumerate().map(|(i, s)| (FileId(i), s))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
