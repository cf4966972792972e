//! Explains an error node: re-parses the broken line alone and says, in words an author
//! knows, what was expected where.

use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::parser::{GoalParser, Rule};
use crate::suggest::did_you_mean;
use crate::syntax::Span;
use crate::{CLAUSE_KEYWORDS, DECLARATION_KEYWORDS};
use pest::Parser;
use pest::error::{ErrorVariant, InputLocation};

/// Longest excerpt of found text quoted in a message.
const MAX_FOUND: usize = 40;

/// Errors for one broken line. `text` is the line without its line break, `base` its offset
/// in the file, `rule` the entry point (`clause_line` or `top_line`).
pub(crate) fn explain_line(text: &str, base: usize, rule: Rule, in_goal: bool) -> Vec<SyntaxError> {
    let indent = text.len() - text.trim_start().len();
    let word = first_word(&text[indent..]);
    let keywords = if in_goal {
        CLAUSE_KEYWORDS
    } else {
        DECLARATION_KEYWORDS
    };
    let at = |start: usize, end: usize| Span::new(base + start, base + end);

    if !in_goal && (indent > 0 || CLAUSE_KEYWORDS.contains(&word)) {
        let keyword = CLAUSE_KEYWORDS.contains(&word).then(|| word.to_owned());
        return vec![SyntaxError {
            kind: SyntaxErrorKind::ClauseOutsideGoal { keyword },
            span: at(indent, indent + word.len().max(1).min(text.len() - indent)),
        }];
    }
    if !keywords.contains(&word) {
        let suggestion = did_you_mean(word, keywords.iter().copied()).map(str::to_owned);
        let word_end = indent + word.len().max(1).min(text.len() - indent);
        return vec![SyntaxError {
            kind: SyntaxErrorKind::UnknownKeyword {
                word: shorten(word),
                suggestion,
                in_goal,
            },
            span: at(indent, word_end.max(indent)),
        }];
    }
    if let Some(quote) = unterminated_quote(text) {
        return vec![SyntaxError {
            kind: SyntaxErrorKind::UnterminatedString,
            span: at(quote, text.trim_end().len()),
        }];
    }
    match GoalParser::parse(rule, &text[indent..]) {
        Ok(_) => vec![SyntaxError {
            // The line parses alone but not in place; say so rather than guess.
            kind: SyntaxErrorKind::Unexpected {
                expected: vec!["a clause of the goal above, indented".into()],
                found: Some(shorten(text.trim())),
                suggestion: None,
            },
            span: at(indent, text.len()),
        }],
        Err(error) => {
            let pos = match error.location {
                InputLocation::Pos(p) => p,
                InputLocation::Span((s, _)) => s,
            } + indent;
            let expected = match &error.variant {
                ErrorVariant::ParsingError { positives, .. } => describe_all(positives),
                ErrorVariant::CustomError { message } => vec![message.clone()],
            };
            let rest = &text[pos.min(text.len())..];
            // Whitespace the grammar does not skip (a form feed) stands before the word.
            let pos = pos + (rest.len() - rest.trim_start().len());
            // A comment ends the line: `deadline end of # soon` is missing its period.
            let found_word = match first_word(rest) {
                word if word.starts_with('#') => "",
                word => word,
            };
            // At the end of the line, point at the last word: an empty span shows nothing.
            let (found, start, end) = if found_word.is_empty() {
                let before = text[..pos.min(text.len())].trim_end();
                let word_start = before
                    .char_indices()
                    .rfind(|(_, c)| c.is_whitespace())
                    .map_or(0, |(i, c)| i + c.len_utf8());
                (None, word_start, before.len())
            } else {
                (Some(shorten(found_word)), pos, pos + found_word.len())
            };
            let suggestion = found
                .as_deref()
                .and_then(|word| {
                    // The found word itself may begin an expected phrase (`at` of `at least`):
                    // then the mistake is further on, and no suggestion fits.
                    let words = quoted_words(&expected);
                    if words.iter().any(|w| w.eq_ignore_ascii_case(word)) {
                        return None;
                    }
                    did_you_mean(word, words)
                })
                .map(str::to_owned);
            vec![SyntaxError {
                kind: SyntaxErrorKind::Unexpected {
                    expected,
                    found,
                    suggestion,
                },
                span: at(start, end),
            }]
        }
    }
}

/// The first word of every `quoted` keyword in `expected` (`within`, `end` of `end of`).
fn quoted_words(expected: &[String]) -> Vec<&str> {
    expected
        .iter()
        .flat_map(|e| e.split('`').skip(1).step_by(2))
        .filter_map(|quoted| quoted.split_whitespace().next())
        .filter(|word| word.chars().all(|c| c.is_ascii_alphabetic()))
        .collect()
}

/// The first token of `text`: a word, a number, or a single other character.
fn first_word(text: &str) -> &str {
    let text = text.trim_start();
    let word_len = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
        .unwrap_or(text.len());
    if word_len > 0 {
        return &text[..word_len];
    }
    text.chars().next().map_or("", |c| &text[..c.len_utf8()])
}

/// Shortens quoted source text so a message never carries a huge line.
pub(crate) fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_FOUND {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX_FOUND).collect();
    format!("{cut}…")
}

/// The byte offset of a `"` that opens a string never closed on this line.
fn unterminated_quote(line: &str) -> Option<usize> {
    let mut open = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match (open, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(_), '"') => open = None,
            (None, '"') => open = Some(i),
            (None, '#') => return None,
            _ => {}
        }
    }
    open
}

fn describe_all(rules: &[Rule]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for rule in rules {
        if let Some(word) = describe(*rule) {
            if !words.iter().any(|w| w == word) {
                words.push(word.to_owned());
            }
        }
    }
    words
}

/// A rule's name in words an author knows; `None` for rules never worth mentioning.
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "the end of the line",
        Rule::ident => "a name",
        Rule::string => "a quoted text",
        Rule::number | Rule::quantity => "a number",
        Rule::percent | Rule::scale_unit => "a unit (`%`, `seconds`, `on csat`)",
        Rule::colon => "`:`",
        Rule::comma => "`,`",
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::dash => "`-`",
        Rule::comparator => "a comparator (`at least`, `at most`, `under`, `above`)",
        Rule::or_suffix => "`or more` / `or less`",
        Rule::change_verb => "`reduce` / `increase`",
        Rule::target_expr | Rule::target_bound => "a target (`at least 80%`, `under 4 hours`)",
        Rule::threshold | Rule::kw_within => "`within`",
        Rule::per_period | Rule::kw_each => "`each`",
        Rule::filter_op => "an operator (`is`, `is not`, `in`, `includes`)",
        Rule::filter | Rule::condition => "a condition (`channel is chat`)",
        Rule::scope_all | Rule::kw_all => "`all`",
        Rule::filter_values => "a value",
        Rule::date | Rule::date_expr => "a date (`2026-06-30`, `end of Q2 2026`)",
        Rule::period_edge | Rule::edge => "`end of` / `start of`",
        Rule::period | Rule::quarter | Rule::quarter_name | Rule::month_period => {
            "a period (`Q2 2026`, `June 2026`, `2026`)"
        }
        Rule::year => "a year",
        Rule::clock_time => "a time of day (`09:00`)",
        Rule::time_zone => "a time zone (`Europe/Berlin`)",
        Rule::owner_kind => "`team` / `person`",
        Rule::floor_edge => "`below` / `above`",
        Rule::metric_ref => "a metric name",
        Rule::metric_args => "`(` with metric arguments",
        Rule::baseline_value => "a baseline value",
        Rule::bound_value => "a value or `baseline`",
        Rule::window_span | Rule::span_from | Rule::span_length => {
            "a time span (`2026`, `6 weeks from 2026-03-02`)"
        }
        Rule::window_each => "`each`",
        Rule::cadence => "a cadence (`weekly`, `monthly`, `every 2 weeks`)",
        Rule::schedule_days | Rule::day_range => "days (`monday to friday`)",
        Rule::kw_goal => "`goal`",
        Rule::kw_objective => "`objective`",
        Rule::kw_schedule => "`schedule`",
        Rule::kw_owner => "`owner`",
        Rule::kw_serves => "`serves`",
        Rule::kw_metric => "`metric`",
        Rule::kw_scope => "`scope`",
        Rule::kw_target => "`target`",
        Rule::kw_baseline => "`baseline`",
        Rule::kw_checkpoint => "`checkpoint`",
        Rule::kw_deadline => "`deadline`",
        Rule::kw_start => "`start`",
        Rule::kw_window => "`window`",
        Rule::kw_review => "`review`",
        Rule::kw_guardrail => "`guardrail`",
        Rule::kw_through => "`through`",
        Rule::kw_during => "`during`",
        Rule::kw_and => "`and`",
        Rule::kw_or => "`or`",
        Rule::kw_not => "`not`",
        Rule::kw_zero => "`zero`",
        Rule::kw_between => "`between`",
        Rule::kw_by => "`by`",
        Rule::kw_to => "`to`",
        Rule::kw_in => "`in`",
        Rule::kw_of => "`of`",
        Rule::kw_over => "`over`",
        Rule::kw_from => "`from`",
        Rule::kw_on => "`on`",
        Rule::kw_no => "`no`",
        Rule::kw_every => "`every`",
        Rule::kw_measured => "`measured`",
        Rule::kw_stays | Rule::kw_remains => "`stays`",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, in_goal: bool) -> SyntaxError {
        let rule = if in_goal {
            Rule::clause_line
        } else {
            Rule::top_line
        };
        let mut errors = explain_line(text, 0, rule, in_goal);
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.remove(0)
    }

    #[test]
    fn unknown_clause_keyword_gets_a_suggestion() {
        let e = one("  tagret at least 80%", true);
        assert_eq!(e.span, Span::new(2, 8));
        assert_eq!(
            e.kind,
            SyntaxErrorKind::UnknownKeyword {
                word: "tagret".into(),
                suggestion: Some("target".into()),
                in_goal: true
            }
        );
    }

    #[test]
    fn expected_tokens_are_named_in_words() {
        let e = one("  target at lest 80%", true);
        let SyntaxErrorKind::Unexpected {
            expected, found, ..
        } = e.kind
        else {
            panic!("unexpected kind")
        };
        assert_eq!(found.as_deref(), Some("at"));
        assert!(
            expected.iter().any(|w| w.contains("`at least 80%`")),
            "{expected:?}"
        );
        assert_eq!(e.span, Span::new(9, 11));
    }

    #[test]
    fn misspelt_keywords_get_a_suggestion() {
        let e = one("  target 80% witin 60 seconds", true);
        let SyntaxErrorKind::Unexpected { suggestion, .. } = e.kind else {
            panic!("unexpected kind")
        };
        assert_eq!(suggestion.as_deref(), Some("within"));
        let e = one("  deadline ned of Q2 2026", true);
        let SyntaxErrorKind::Unexpected { suggestion, .. } = e.kind else {
            panic!("unexpected kind")
        };
        assert_eq!(suggestion.as_deref(), Some("end"));
    }

    #[test]
    fn a_comment_counts_as_the_end_of_the_line() {
        let e = one("  deadline end of # soon", true);
        let SyntaxErrorKind::Unexpected { found, .. } = e.kind else {
            panic!("unexpected kind")
        };
        assert_eq!(found, None);
    }

    #[test]
    fn unterminated_strings_are_recognised() {
        let e = one("goal g: \"Answer fast", false);
        assert_eq!(e.kind, SyntaxErrorKind::UnterminatedString);
        assert_eq!(e.span, Span::new(8, 20));
    }

    #[test]
    fn long_found_text_is_shortened() {
        assert_eq!(shorten(&"x".repeat(100)).chars().count(), MAX_FOUND + 1);
    }
}
