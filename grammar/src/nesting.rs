//! Guards the recursive grammar rules against deeply nested input.
//!
//! Parentheses are the only recursive construct. A line nested deeper than
//! [`crate::MAX_NESTING`] is blanked out (same byte length, so spans stay valid) before pest
//! sees it, and reported once. Every other rule is bounded by the length of a line.

use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::syntax::{Clause, ClauseKind, File, Item, Span};

/// Returns a copy of `source` with over-nested lines replaced by spaces, and one error for
/// each such line; `None` when nothing needed masking.
pub(crate) fn mask_deep_nesting(source: &str) -> (Option<String>, Vec<SyntaxError>) {
    let mut errors = Vec::new();
    let mut masked: Option<String> = None;
    let mut line_start = 0;
    for line in source.split_inclusive('\n') {
        // Most lines hold few parentheses and `not`s: counting is much cheaper than scanning.
        let open = line.bytes().filter(|b| *b == b'(' || *b == b'n').count();
        if open <= crate::MAX_NESTING {
            line_start += line.len();
            continue;
        }
        if let Some(offset) = too_deep_at(line) {
            let content_len = line.trim_end_matches(['\n', '\r']).len();
            let text = masked.get_or_insert_with(|| source.to_owned());
            text.replace_range(
                line_start..line_start + content_len,
                &" ".repeat(content_len),
            );
            let at = line_start + offset;
            errors.push(SyntaxError {
                kind: SyntaxErrorKind::NestingTooDeep {
                    limit: crate::MAX_NESTING,
                },
                span: Span::new(at, at + 1),
            });
        }
        line_start += line.len();
    }
    (masked, errors)
}

/// Puts each masked line back into the tree as an error node (a clause of the goal it is
/// indented under, or a top-level error), so that printing keeps the author's text.
pub(crate) fn keep_masked_lines(file: &mut File, errors: &[SyntaxError], source: &str) {
    for error in errors {
        let at = error.span.start;
        let start = source[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = source[at..]
            .find(['\n', '\r'])
            .map_or(source.len(), |i| at + i);
        let text = &source[start..end];
        let indent = text.len() - text.trim_start_matches(crate::lower::BLANK).len();
        let span = Span::new(
            start + indent,
            start + text.trim_end_matches(crate::lower::BLANK).len(),
        );
        let owner = file
            .items
            .iter()
            .rposition(|item| item.span().start <= start);
        match owner.map(|i| &mut file.items[i]) {
            Some(Item::Goal(goal)) if indent > 0 => {
                let position = goal
                    .clauses
                    .iter()
                    .position(|c| c.span.start > span.start)
                    .unwrap_or(goal.clauses.len());
                goal.clauses.insert(
                    position,
                    Clause {
                        kind: ClauseKind::Error,
                        keyword: span,
                        span,
                    },
                );
                goal.span = goal.span.to(span);
            }
            // A broken line above swallowed it (blanked, it read as a blank line): printing
            // that error node prints this line too.
            Some(Item::Error(covering))
                if covering.start <= span.start && span.end <= covering.end => {}
            _ => {
                let position = owner.map_or(0, |i| i + 1);
                file.items.insert(position, Item::Error(span));
            }
        }
    }
}

/// The byte offset of the first `(` or `not` that exceeds the nesting limit, ignoring strings
/// and comments. Each `not` nests what follows it, so `not`s count like open parentheses.
fn too_deep_at(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let mut negations = 0usize;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in line.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'#' => return None,
            b'(' => {
                depth += 1;
                if depth + negations > crate::MAX_NESTING {
                    return Some(i);
                }
            }
            b'n' if bytes[i..].starts_with(b"not")
                && (i == 0 || !is_word(bytes[i - 1]))
                && bytes.get(i + 3).is_none_or(|b| !is_word(*b)) =>
            {
                negations += 1;
                if depth + negations > crate::MAX_NESTING {
                    return Some(i);
                }
            }
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_lines_are_untouched() {
        let (masked, errors) = mask_deep_nesting("scope ((channel is chat))\n");
        assert!(masked.is_none());
        assert!(errors.is_empty());
    }

    #[test]
    fn deep_lines_are_blanked_with_same_length() {
        let deep = format!("a\n  scope {}x{}\nb", "(".repeat(40), ")".repeat(40));
        let (masked, errors) = mask_deep_nesting(&deep);
        let masked = masked.expect("masked");
        assert_eq!(masked.len(), deep.len());
        assert!(masked.starts_with("a\n   "));
        assert!(masked.ends_with("\nb"));
        assert_eq!(errors.len(), 1);
        // `a\n` + two spaces + `scope ` + 32 accepted parentheses
        assert_eq!(errors[0].span.start, 2 + 2 + 6 + 32);
    }

    #[test]
    fn chains_of_not_count_as_nesting() {
        let line = format!("  scope {}channel is chat", "not ".repeat(40));
        assert_eq!(too_deep_at(&line), Some(8 + 4 * 32));
        assert_eq!(
            too_deep_at("  scope not channel is chat and tags includes nothing"),
            None
        );
    }

    #[test]
    fn parentheses_in_strings_and_comments_do_not_count() {
        let line = format!("\"{}\" # {}", "(".repeat(50), "(".repeat(50));
        assert_eq!(too_deep_at(&line), None);
    }
}
