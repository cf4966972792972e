//! A file cut into segments that `goal check` reads independently of each other: each segment
//! after the first starts at a declaration line in column 1 (`goal`, `objective`, `schedule`),
//! or, for a goal, at the column-1 comments right above it (its suppressions belong to it).
//! Nothing the compiler reports about a goal depends on the text of another segment except
//! through project-wide ids and the portfolio, which `incremental` deals with.
//!
//! A cut is left out where it could change what a comment belongs to (an indented `goal:`
//! comment between a goal's column-1 comments and its `goal` line belongs to the goal above),
//! and before an over-nested line (the parser blanks it, so it is no declaration).

use std::ops::Range;

/// The byte ranges of the segments of `text`; together they cover it, in order.
pub fn segments(text: &str) -> Vec<Range<usize>> {
    let mut cuts = Vec::new();
    let mut seen_declaration = false;
    // The run of blank and comment lines right above the current line.
    let mut run = Run::default();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        match declaration(content) {
            Some(keyword) => {
                if seen_declaration {
                    let cut = match (keyword, run.first_column_one) {
                        ("goal", Some(_)) if run.directive_after_first => None,
                        ("goal", Some(first)) => Some(first),
                        _ => Some(start),
                    };
                    cuts.extend(cut);
                }
                seen_declaration = true;
                run = Run::default();
            }
            None if trimmed.is_empty() => {}
            None if trimmed.starts_with('#') => {
                if content.starts_with('#') {
                    run.first_column_one.get_or_insert(start);
                } else if run.first_column_one.is_some() && trimmed.contains("goal:") {
                    run.directive_after_first = true;
                }
            }
            None => run = Run::default(),
        }
        start += line.len();
    }
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for cut in cuts {
        out.push(from..cut);
        from = cut;
    }
    out.push(from..text.len());
    out
}

/// Blank and comment lines seen since the last line of content.
#[derive(Default)]
struct Run {
    /// Where the first comment line in column 1 starts.
    first_column_one: Option<usize>,
    /// An indented comment that may be a directive, below that first comment.
    directive_after_first: bool,
}

/// The declaration keyword a line starts with, if it is a declaration the parser will see.
pub fn declaration(line: &str) -> Option<&'static str> {
    let keyword = goal_grammar::DECLARATION_KEYWORDS
        .iter()
        .find(|k| line.starts_with(**k))?;
    let next = line[keyword.len()..].chars().next();
    let ident = next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let deep = line.bytes().filter(|b| *b == b'(').count() >= goal_grammar::MAX_NESTING;
    (!ident && !deep).then_some(*keyword)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        segments(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn cuts_at_declarations_and_their_comments() {
        let text = "# file notes\nobjective o: \"x\"\n\ngoal a: \"t\"\n  owner team x\n  # about a\n\n# goal: allow(A301) why\n# more\ngoal b: \"t\"\n  owner team y\nschedule s: mon 09:00 to 17:00 in UTC\ngoals are no declaration\n";
        assert_eq!(
            pieces(text),
            [
                "# file notes\nobjective o: \"x\"\n\n",
                "goal a: \"t\"\n  owner team x\n  # about a\n\n",
                "# goal: allow(A301) why\n# more\ngoal b: \"t\"\n  owner team y\n",
                "schedule s: mon 09:00 to 17:00 in UTC\ngoals are no declaration\n",
            ]
        );
    }

    #[test]
    fn no_cut_where_a_comment_would_change_goal() {
        let text =
            "goal a: \"t\"\n# goal: allow(A301) why\n  # goal: allow(R404) for a\ngoal b: \"t\"\n";
        assert_eq!(pieces(text), [text]);
        // Comments above an objective belong to the goal before it.
        let text = "goal a: \"t\"\n# note\nobjective o: \"x\"\n";
        assert_eq!(
            pieces(text),
            ["goal a: \"t\"\n# note\n", "objective o: \"x\"\n"]
        );
    }

    #[test]
    fn empty_and_declaration_free_texts_are_one_segment() {
        assert_eq!(pieces(""), [""]);
        assert_eq!(pieces("# only\n  comments\n"), ["# only\n  comments\n"]);
    }
}
