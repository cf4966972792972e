//! Trimming and lower-casing text columns, without copying the values that need neither.
//!
//! Most exports are already clean: ids and names without surrounding spaces, channels in lower
//! case. polars' `strip_chars` and `to_lowercase` rebuild every string regardless (on 10
//! million tickets, lower-casing the channel and priority took about a sixth of the run).
//! These check each batch's bytes first and hand a clean batch back as it is; a batch with
//! something to change is rewritten with the same rules as `str::trim` and
//! `str::to_lowercase`.

use polars::prelude::*;

/// Removes leading and trailing whitespace (`str::trim`) from a text column; for `Expr::map`.
pub fn trim(column: Column) -> PolarsResult<Column> {
    let values = column.str()?;
    if values.downcast_iter().all(|a| all_trimmed(a, true)) {
        return Ok(column);
    }
    let out: StringChunked = values.iter().map(|v| v.map(str::trim)).collect();
    Ok(out.with_name(column.name().clone()).into_column())
}

/// Like [`trim`], and an empty text (before or after trimming) becomes missing; for
/// `Expr::map`.
pub fn trim_to_missing(column: Column) -> PolarsResult<Column> {
    let values = column.str()?;
    if values.downcast_iter().all(|a| all_trimmed(a, false)) {
        return Ok(column);
    }
    let out: StringChunked = values
        .iter()
        .map(|v| v.and_then(trimmed_or_missing))
        .collect();
    Ok(out.with_name(column.name().clone()).into_column())
}

/// Lower-cases a text column (`str::to_lowercase`); for `Expr::map`.
pub fn lowercase(column: Column) -> PolarsResult<Column> {
    let values = column.str()?;
    let lower = |b: &[u8]| !b.iter().any(|b| b.is_ascii_uppercase() || !b.is_ascii());
    if values.downcast_iter().all(|a| {
        a.views()
            .iter()
            .enumerate()
            .all(|(i, view)| match view.get_inlined_slice() {
                Some(bytes) => lower(bytes),
                None => lower(a.value(i).as_bytes()),
            })
    }) {
        return Ok(column);
    }
    let out: StringChunked = values.iter().map(|v| v.map(str::to_lowercase)).collect();
    Ok(out.with_name(column.name().clone()).into_column())
}

/// Whether no present text of `a` has whitespace at an edge (nor is empty, unless
/// `empty_ok`). Short texts are judged from their views alone (the bytes are inline there),
/// without looking up whether they are present unless an edge byte is in doubt.
fn all_trimmed(a: &<StringType as PolarsDataType>::Array, empty_ok: bool) -> bool {
    a.views().iter().enumerate().all(|(i, view)| {
        let bytes = match view.get_inlined_slice() {
            Some(bytes) => bytes,
            None => match a.get(i) {
                Some(text) => text.as_bytes(),
                None => return true,
            },
        };
        let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
            return empty_ok || a.get(i).is_none();
        };
        !(unsure_edge(first) || unsure_edge(last)) || a.get(i).is_none_or(|s| !edge_may_be_space(s))
    })
}

/// The output field of [`trim`] and [`lowercase`]: the input's.
pub fn same_field(_: &Schema, field: &Field) -> PolarsResult<Field> {
    Ok(field.clone())
}

/// A text as [`trim_to_missing`] leaves it: trimmed (`str::trim`), and missing when empty. The
/// repeated-key check compares keys by it too (`distinct.rs`).
pub(crate) fn trimmed_or_missing(text: &str) -> Option<&str> {
    let (first, last) = text.as_bytes().first().zip(text.as_bytes().last())?;
    let text = if unsure_edge(*first) || unsure_edge(*last) {
        text.trim()
    } else {
        text
    };
    (!text.is_empty()).then_some(text)
}

/// Whether the first or last character may be whitespace: an ASCII space character, or a
/// non-ASCII byte (Unicode spaces such as U+00A0 are multi-byte), checked exactly.
fn edge_may_be_space(s: &str) -> bool {
    let (Some(first), Some(last)) = (s.bytes().next(), s.bytes().last()) else {
        return false;
    };
    (unsure_edge(first) || unsure_edge(last)) && s.trim().len() != s.len()
}

/// Whether a text starting or ending with this byte may have whitespace there: an ASCII
/// space character, or a byte of a multi-byte character (Unicode spaces such as U+00A0).
fn unsure_edge(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0b || !b.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(values: &[Option<&str>]) -> Column {
        StringChunked::new("c".into(), values).into_column()
    }

    fn texts(column: &Column) -> Vec<Option<String>> {
        column
            .str()
            .expect("text")
            .iter()
            .map(|v| v.map(str::to_owned))
            .collect()
    }

    #[test]
    fn clean_text_comes_back_unchanged_and_the_rest_as_std_would_make_it() {
        let clean = column(&[Some("chat"), None, Some("a b"), Some("")]);
        assert_eq!(texts(&trim(clean.clone()).expect("trim")), texts(&clean));
        assert_eq!(
            texts(&lowercase(clean.clone()).expect("lower")),
            texts(&clean)
        );
        let messy = [
            Some(" Chat"),
            Some("email\t"),
            None,
            Some("\u{a0}WEB\u{a0}"),
            Some("Straße"),
            Some("ΣΑΣ"),
            Some("x\u{0b}"),
        ];
        let trimmed: Vec<Option<String>> = messy
            .iter()
            .map(|v| v.map(|s| s.trim().to_owned()))
            .collect();
        let lowered: Vec<Option<String>> = messy.iter().map(|v| v.map(str::to_lowercase)).collect();
        assert_eq!(texts(&trim(column(&messy)).expect("trim")), trimmed);
        assert_eq!(texts(&lowercase(column(&messy)).expect("lower")), lowered);
    }

    #[test]
    fn empty_texts_become_missing() {
        let out = trim_to_missing(column(&[
            Some(" a "),
            Some(""),
            Some("  "),
            None,
            Some("b"),
        ]))
        .expect("trim");
        assert_eq!(
            texts(&out),
            [Some("a".to_owned()), None, None, None, Some("b".to_owned())]
        );
        // Missing values are not empty texts.
        let clean = column(&[Some("a"), None]);
        assert_eq!(
            texts(&trim_to_missing(clean.clone()).expect("trim")),
            texts(&clean)
        );
    }

    #[test]
    fn long_texts_are_judged_by_their_bytes_too() {
        // Texts over 12 bytes are not inline in their views.
        let long = "a text well over twelve bytes";
        let clean = column(&[Some(long), None, Some("short")]);
        assert_eq!(texts(&trim(clean.clone()).expect("trim")), texts(&clean));
        assert_eq!(
            texts(&trim_to_missing(clean.clone()).expect("trim")),
            texts(&clean)
        );
        let edged = format!("{long}\u{2003}");
        let out = trim_to_missing(column(&[Some(edged.as_str()), None, Some("")])).expect("trim");
        assert_eq!(texts(&out), [Some(long.to_owned()), None, None]);
        // Twelve bytes (the longest inline) and thirteen, each with a space at its end.
        let out = trim(column(&[Some("abcdefghijk "), Some("abcdefghijkl ")])).expect("trim");
        assert_eq!(
            texts(&out),
            [
                Some("abcdefghijk".to_owned()),
                Some("abcdefghijkl".to_owned())
            ]
        );
        let upper = "A TEXT WELL OVER TWELVE BYTES";
        let out = lowercase(column(&[Some("chat"), Some(upper)])).expect("lower");
        assert_eq!(
            texts(&out),
            [Some("chat".to_owned()), Some(upper.to_lowercase())]
        );
    }

    #[test]
    fn only_real_whitespace_at_an_edge_counts() {
        assert!(edge_may_be_space(" a"));
        assert!(edge_may_be_space("a\u{2003}"));
        assert!(!edge_may_be_space("é"));
        assert!(!edge_may_be_space("a b"));
        assert!(!edge_may_be_space(""));
    }
}
