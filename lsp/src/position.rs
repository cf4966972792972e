//! Byte offsets (the compiler's spans) to protocol positions and back.
//!
//! The protocol counts columns in UTF-16 code units: `é` is one unit, an emoji such as `🙂`
//! two. Lines end at `\n`, `\r\n` or a lone `\r`, as the protocol says. Positions past the
//! end of a line or of the text are clamped, never rejected.

use goal_grammar::Span;
use lsp_types::{Position, Range};

/// Where each line of one text starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let breaks = bytes
            .iter()
            .enumerate()
            .filter(|(i, b)| **b == b'\n' || (**b == b'\r' && bytes.get(i + 1) != Some(&b'\n')));
        let starts = std::iter::once(0)
            .chain(breaks.map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// The protocol position of byte `offset` (rounded down to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = char_boundary(text, offset);
        let line = self
            .starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        let column = text
            .get(start..offset)
            .map_or(0, |s| s.encode_utf16().count());
        Position::new(to_u32(line), to_u32(column))
    }

    /// The protocol range of `span`.
    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The byte offset of `position`; a column past the end of its line means the line's end,
    /// a line past the end of the text means the end of the text, and a column inside a
    /// character (half of a surrogate pair) means the character's start.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let line = usize::try_from(position.line).unwrap_or(usize::MAX);
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.line_end(text, line);
        let wanted = usize::try_from(position.character).unwrap_or(usize::MAX);
        let mut units = 0;
        for (i, c) in text.get(start..end).unwrap_or("").char_indices() {
            units += c.len_utf16();
            if units > wanted {
                return start + i;
            }
        }
        end
    }

    /// The byte offset of the end of the text, as a position.
    pub fn end(&self, text: &str) -> Position {
        self.position(text, text.len())
    }

    /// The byte range of 0-based `line` without its line break, `None` past the last line.
    pub fn line(&self, text: &str, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.starts.get(line)?;
        Some(start..self.line_end(text, line))
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// The end of 0-based `line`, before its line break.
    fn line_end(&self, text: &str, line: usize) -> usize {
        let Some(&next) = self.starts.get(line + 1) else {
            return text.len();
        };
        let start = self.starts.get(line).copied().unwrap_or(0);
        let crlf = next >= start + 2 && text.as_bytes().get(next - 2) == Some(&b'\r');
        if crlf && text.as_bytes().get(next - 1) == Some(&b'\n') {
            next - 2
        } else {
            next - 1
        }
    }
}

/// `offset` clamped to the text and rounded down to a character boundary.
fn char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "ab\ncé🙂d\r\n\nlast";

    #[test]
    fn offsets_to_positions_count_utf16_units() {
        let index = LineIndex::new(TEXT);
        assert_eq!(index.position(TEXT, 0), Position::new(0, 0));
        assert_eq!(index.position(TEXT, 2), Position::new(0, 2));
        assert_eq!(index.position(TEXT, 3), Position::new(1, 0));
        // `c` 1 byte, `é` 2 bytes (1 unit), `🙂` 4 bytes (2 units).
        assert_eq!(index.position(TEXT, 4), Position::new(1, 1));
        assert_eq!(index.position(TEXT, 6), Position::new(1, 2));
        assert_eq!(index.position(TEXT, 10), Position::new(1, 4));
        // Inside the emoji: rounded down to its start.
        assert_eq!(index.position(TEXT, 8), Position::new(1, 2));
        assert_eq!(index.position(TEXT, 1000), Position::new(3, 4));
    }

    #[test]
    fn positions_to_offsets_round_trip_and_clamp() {
        let index = LineIndex::new(TEXT);
        for offset in [0, 1, 2, 3, 4, 6, 10, 11, 13, 14, 18] {
            let position = index.position(TEXT, offset);
            assert_eq!(index.offset(TEXT, position), offset, "{position:?}");
        }
        // Half of the surrogate pair: the emoji's start.
        assert_eq!(index.offset(TEXT, Position::new(1, 3)), 6);
        // Past the end of a CRLF line: before the `\r`.
        assert_eq!(index.offset(TEXT, Position::new(1, 99)), 11);
        assert_eq!(index.offset(TEXT, Position::new(9, 0)), TEXT.len());
        assert_eq!(index.end(TEXT), Position::new(3, 4));
        assert_eq!(index.line(TEXT, 1), Some(3..11));
        assert_eq!(index.line(TEXT, 4), None);
        assert_eq!(index.line_of(12), 1);
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "a\rb\r\nc";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 2), Position::new(1, 0));
        assert_eq!(index.position(text, 5), Position::new(2, 0));
        assert_eq!(index.offset(text, Position::new(0, 9)), 1);
        assert_eq!(index.offset(text, Position::new(1, 9)), 3);
        assert_eq!(index.line(text, 2), Some(5..6));
    }

    #[test]
    fn empty_text() {
        let index = LineIndex::new("");
        assert_eq!(index.position("", 0), Position::new(0, 0));
        assert_eq!(index.offset("", Position::new(0, 5)), 0);
        assert_eq!(index.range("", Span::new(0, 0)), Range::default());
    }
}
