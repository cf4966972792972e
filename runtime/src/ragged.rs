//! CSV rows with more fields than the header. A separator inside a field that is not quoted
//! shifts every later value of its row, so none of them can be trusted; such rows are excluded
//! and counted (docs/data.md, "Malformed data").
//!
//! polars drops their extra fields without a word whenever a scan reads only some of the
//! columns: `truncate_ragged_lines = false` is enforced only when every column is read
//! (`polars-io` 0.55, `csv/read/parser.rs`, `parse_lines`), and the runtime reads only the
//! columns its goals need (the scan sets it to true, so that a file whose every column is read
//! does not fail either). So [`scan`] reads each CSV file's bytes once more before evaluation
//! and finds those rows by their number, as polars' row index numbers them, and their line.
//!
//! Rows are split as polars splits them: at a line break after an even number of quotes in the
//! row (polars checks that the rows it parses match that count, and fails the file otherwise).
//! Fields are counted as polars' field splitter counts them: a field that starts with `"` runs
//! to the separator after its closing quote; any other field runs to the next separator, its
//! quotes being plain text. A UTF-8 byte order mark and empty lines before the header are
//! skipped; after the header every line is a row, an empty one included.
//!
//! Rows without a quote, most rows of most exports, are found by `memchr`: the next quote and
//! the line breaks before it, each row's fields counted as its separators plus one (vectorised
//! searches and counts). A row with a quote is read 64 bytes at a time: bit masks of its quotes,
//! separators and line breaks (eight bytes per `u64` operation), the quotes' running parity
//! telling which separators and line breaks are outside quotes. The parity and the field
//! splitter agree unless a quote opens inside a field that does not start with one
//! (`24" monitor`); a row with such a quote is counted again byte by byte.
//!
//! On one core of the project machine, release build, it reads about 2.2 GB/s of rows without
//! quotes and 1.1 GB/s of rows that quote every field (453 MB of 3 million tickets, one row in
//! ten with a quoted field: 0.2 s). Built as the dev profile builds polars (`opt-level = 1`) it
//! takes 0.45 s over that file, where polars takes 3.3-4.1 s on two cores to read its key
//! column alone; the runtime reads a CSV file twice (its keys, then its rows).

/// The bytes of a UTF-8 byte order mark.
const BOM: &[u8] = b"\xef\xbb\xbf";
/// `0x01` in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The low seven bits of every byte.
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
/// The high bit of every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// What [`scan`] found in one CSV file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ragged {
    /// The data rows (the header excluded), as many as polars reads.
    pub rows: u64,
    /// The rows with more fields than the header, in file order: (row number from 0, as
    /// polars' row index numbers it; line of the file where the row starts, from 1).
    pub long: Vec<(u64, u64)>,
}

/// Finds the rows of CSV `text` with more fields than its header, fields being separated by
/// `separator` and quoted by `"`.
pub fn scan(text: &[u8], separator: u8) -> Ragged {
    let mut rows = Rows {
        text,
        patterns: Patterns {
            quote: ONES * u64::from(b'"'),
            separator: ONES * u64::from(separator),
            newline: ONES * u64::from(b'\n'),
        },
        header: None,
        ragged: Ragged::default(),
    };
    let mut at = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let mut line = 1;
    while at < text.len() {
        // The rows before the next quote hold none: their fields are their separators, plus one.
        let quote = memchr::memchr(b'"', &text[at..]).map_or(text.len(), |i| at + i);
        let stretch = at;
        for end in memchr::memchr_iter(b'\n', &text[stretch..quote]) {
            let end = stretch + end;
            let fields = 1 + memchr::memchr_iter(separator, &text[at..end]).count();
            rows.row(at, end, fields, line);
            at = end + 1;
            line += 1;
        }
        if quote == text.len() {
            if at < text.len() {
                let fields = 1 + memchr::memchr_iter(separator, &text[at..]).count();
                rows.row(at, text.len(), fields, line);
            }
            break;
        }
        let row = rows.quoted_row(at);
        let end = at + row.len;
        let fields = if row.stray {
            split_fields(&text[at..end], separator)
        } else {
            row.fields
        };
        if end == text.len() && text.ends_with(b"\n") {
            // A quote left open to the end of a text that ends in a line break: polars counts
            // no row there, and reads none.
            break;
        }
        rows.row(at, end, fields, line);
        at = end + 1;
        line += row.breaks + 1;
    }
    rows.ragged
}

/// A row with quotes, read by [`Rows::quoted_row`].
struct QuotedRow {
    /// Its length: up to its line break, or the end of the text.
    len: usize,
    /// Its fields.
    fields: usize,
    /// Whether a quote opened inside a field that does not start with one (its fields are then
    /// counted again by [`split_fields`]).
    stray: bool,
    /// Line breaks inside its quoted fields.
    breaks: u64,
}

/// The three bytes looked for, repeated in every byte of a `u64`.
struct Patterns {
    quote: u64,
    separator: u64,
    newline: u64,
}

impl Patterns {
    /// Bit masks of the quotes, separators and line breaks of a block of 64 bytes.
    fn masks(&self, block: &[u8]) -> (u64, u64, u64) {
        let (mut quotes, mut separators, mut newlines) = (0u64, 0u64, 0u64);
        let mut shift = 0;
        for chunk in block.chunks_exact(8) {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(chunk);
            let word = u64::from_le_bytes(bytes);
            quotes |= equal_bytes(word, self.quote) << shift;
            separators |= equal_bytes(word, self.separator) << shift;
            newlines |= equal_bytes(word, self.newline) << shift;
            shift += 8;
        }
        (quotes, separators, newlines)
    }
}

/// Bit i set where byte i of `word` (little-endian) equals the byte `pattern` repeats.
fn equal_bytes(word: u64, pattern: u64) -> u64 {
    let x = word ^ pattern;
    // The high bit of each byte of `x` that is zero (exact: no carry crosses bytes).
    let zero = !(((x & LOW7) + LOW7) | x) & HIGH;
    // Moves the high bit of byte i to bit 56 + i; the sums of the other products stay below.
    (zero >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Bit i set when an odd number of bits 0 to i of `x` are set.
fn prefix_xor(mut x: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        x ^= x << shift;
    }
    x
}

/// The rows met so far, and the header.
struct Rows<'a> {
    text: &'a [u8],
    patterns: Patterns,
    /// Fields of the header, once read.
    header: Option<usize>,
    ragged: Ragged,
}

impl Rows<'_> {
    /// The row starting at `start`, which holds a quote, read 64 bytes at a time up to the first
    /// line break outside quotes.
    fn quoted_row(&self, start: usize) -> QuotedRow {
        let text = self.text;
        // Carried from one block to the next: all ones when the block starts inside quotes; 1
        // when the byte before it ends a field (or starts the row); 1 when that byte is a quote.
        let mut inside = 0u64;
        let mut after_boundary = 1u64;
        let mut after_quote = 0u64;
        let mut row = QuotedRow {
            len: text.len() - start,
            fields: 1,
            stray: false,
            breaks: 0,
        };
        let mut padded = [0u8; 64];
        let mut at = start;
        while at < text.len() {
            let len = (text.len() - at).min(64);
            let block = if len == 64 {
                &text[at..at + 64]
            } else {
                // The last block of the text (the rest of `padded` stays zero).
                padded[..len].copy_from_slice(&text[at..]);
                &padded[..]
            };
            let valid = u64::MAX >> (64 - len);
            let (quotes, separators, newlines) = self.patterns.masks(block);
            let (quotes, separators, newlines) =
                (quotes & valid, separators & valid, newlines & valid);
            // Bit i: odd quotes in the row up to and including byte i; then before it.
            let through = prefix_xor(quotes) ^ inside;
            let before = through ^ quotes;
            let field_ends = separators & !before;
            let row_ends = newlines & !before;
            let boundaries = field_ends | row_ends;
            let starts_field = (boundaries << 1) | after_boundary;
            let follows_quote = (quotes << 1) | after_quote;
            // A quote opening where no field starts, and not right after another quote (`""`).
            let strays = quotes & !before & !starts_field & !follows_quote;
            // The bytes of the row in this block: up to its line break, if that is here.
            let mine = if row_ends == 0 {
                u64::MAX
            } else {
                (1u64 << row_ends.trailing_zeros()) - 1
            };
            row.fields += (field_ends & mine).count_ones() as usize;
            row.stray |= strays & mine != 0;
            row.breaks += u64::from((newlines & mine).count_ones());
            if row_ends != 0 {
                row.len = at + row_ends.trailing_zeros() as usize - start;
                return row;
            }
            inside = 0u64.wrapping_sub(through >> 63);
            after_boundary = boundaries >> 63;
            after_quote = quotes >> 63;
            at += 64;
        }
        row
    }

    /// The row of `text[start..end]`, starting on `line`, with `fields` fields.
    fn row(&mut self, start: usize, end: usize, fields: usize, line: u64) {
        let bytes = &self.text[start..end];
        match self.header {
            None if bytes.is_empty() || bytes == b"\r" => {}
            None => self.header = Some(fields),
            Some(header) => {
                if fields > header {
                    self.ragged.long.push((self.ragged.rows, line));
                }
                self.ragged.rows += 1;
            }
        }
    }
}

/// The fields of a row as polars' field splitter counts them, byte by byte: a field that starts
/// with a quote runs to the first separator or line break after an even number of its quotes;
/// any other field, to the first separator or line break. A line break that ends a field ends
/// the count: polars reads no further fields on that line (it finds where the row ends by its
/// quotes, as [`scan`] does).
fn split_fields(row: &[u8], separator: u8) -> usize {
    let mut fields = 1;
    let mut started = false;
    let mut quoted = false;
    let mut in_quotes = false;
    for &byte in row {
        if !started {
            started = true;
            if byte == b'"' {
                quoted = true;
                in_quotes = true;
                continue;
            }
        }
        if quoted && byte == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes && byte == b'\n' {
            break;
        } else if byte == separator && !in_quotes {
            fields += 1;
            started = false;
            quoted = false;
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ragged(text: &str) -> Ragged {
        scan(text.as_bytes(), b',')
    }

    #[test]
    fn rows_with_more_fields_than_the_header_are_found_with_their_line() {
        // Rows: 0 `1,a,5` (line 2), 1 `2,hi, there,7` (line 3, four fields), 2 `3,"a,b",9`
        // (line 4), 3 `4,x` (line 5, short), 4 `5,y,6,` (line 6, a fourth empty field), 5 the
        // empty line 7, 6 `6,"multi` + `line",8` (lines 8-9), 7 `7,"q""x,y",1,2` (line 10).
        let text = "id,text,n\n1,a,5\n2,hi, there,7\n3,\"a,b\",9\n4,x\n5,y,6,\n\n6,\"multi\nline\",8\n7,\"q\"\"x,y\",1,2\n";
        assert_eq!(
            ragged(text),
            Ragged {
                rows: 8,
                long: vec![(1, 3), (4, 6), (7, 10)],
            }
        );
    }

    #[test]
    fn quoted_separators_and_line_breaks_are_not_extra_fields() {
        let text =
            "\u{feff}\n\"i\nd\",\"t, x\",n\r\n1,\"a, b\",\"5\"\r\n2,\"x\r\ny, z\",6\r\n3,b,7";
        assert_eq!(
            ragged(text),
            Ragged {
                rows: 3,
                long: vec![],
            }
        );
    }

    #[test]
    fn quotes_inside_an_unquoted_field_are_text() {
        // polars' field splitter reads `24"` and `a"b` as plain text, so `2,a"b,c"d,5` has
        // four fields; rows still end where the quotes are even, as polars splits them.
        let text = "id,text,n\n1,Dell 24\" to 27\" monitor,5\n2,a\"b,c\"d,5\n";
        assert_eq!(
            ragged(text),
            Ragged {
                rows: 2,
                long: vec![(1, 3)],
            }
        );
    }

    #[test]
    fn a_missing_final_line_break_other_separators_and_empty_text_are_read() {
        assert_eq!(
            ragged("a,b\n1,2,3"),
            Ragged {
                rows: 1,
                long: vec![(0, 2)],
            }
        );
        assert_eq!(ragged(""), Ragged::default());
        assert_eq!(ragged("a,b\n"), Ragged::default());
        // Tab-separated: commas are text.
        assert_eq!(
            scan(b"a\tb\n1,2\t3\n4\t5\t6\n", b'\t'),
            Ragged {
                rows: 2,
                long: vec![(1, 3)],
            }
        );
    }

    #[test]
    fn rows_and_quotes_across_blocks_are_read_whole() {
        // Rows of every length around the 64-byte blocks, with quoted separators and line
        // breaks, doubled quotes, quotes inside unquoted fields, and every seventh row one
        // field too long.
        let mut text = String::from("id,a,b\n");
        let mut expected = Vec::new();
        let mut line = 2;
        for i in 0..300u64 {
            let pad = "x".repeat(usize::try_from(i % 97).unwrap_or(0));
            let quoted = match i % 4 {
                0 => format!("\"{pad}, \"\"q\"\"\""),
                1 => format!("\"{pad}\n,\""),
                2 => format!("{pad}\"s\"t"),
                _ => pad.clone(),
            };
            let extra = if i % 7 == 0 { ",z" } else { "" };
            text.push_str(&format!("{i},{quoted},b{extra}\n"));
            if i % 7 == 0 {
                expected.push((i, line));
            }
            line += if i % 4 == 1 { 2 } else { 1 };
        }
        assert_eq!(
            ragged(&text),
            Ragged {
                rows: 300,
                long: expected,
            }
        );
    }

    #[test]
    fn equal_bytes_is_exact() {
        for pattern in [0u8, b'"', b',', b'\n', 0x7f, 0x80, 0xff] {
            for seed in 0..4096u64 {
                let mut bytes = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15).to_le_bytes();
                for (i, byte) in bytes.iter_mut().enumerate() {
                    if (seed >> i) & 1 == 1 {
                        *byte = pattern;
                    }
                }
                let expected = bytes
                    .iter()
                    .enumerate()
                    .fold(0, |mask, (i, b)| mask | (u64::from(*b == pattern) << i));
                let word = u64::from_le_bytes(bytes);
                assert_eq!(
                    equal_bytes(word, ONES * u64::from(pattern)),
                    expected,
                    "{bytes:?}"
                );
            }
        }
    }
}
