//! Source files of a project, addressed by [`FileId`].

use serde::Serialize;

/// Index of a file in a [`Sources`] set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub usize);

/// One source file: its display path, text and where its lines start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The path as shown to users.
    pub path: String,
    /// The file's text.
    pub text: String,
    /// Byte offset of the start of each line (the first is 0).
    line_starts: Vec<usize>,
}

impl Source {
    /// A source with its line index.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// The 0-based line holding byte `offset` (offsets past the end are on the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte range of 0-based `line`, without its line break.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let next = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let text = &self.text[start..next];
        start..start + text.trim_end_matches(['\n', '\r']).len()
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        (line + 1, self.text[start..offset].chars().count() + 1)
    }
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
        self.files.push(Source::new(path, text));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let source = Source::new("a", "ab\ncé d\n");
        assert_eq!(source.line_col(0), (1, 1));
        assert_eq!(source.line_col(3), (2, 1));
        assert_eq!(source.line_col(7), (2, 4));
        assert_eq!(source.line_col(100), (3, 1));
        assert_eq!(source.line_range(1), 3..8);
        assert_eq!(source.line_count(), 3);
    }
}
