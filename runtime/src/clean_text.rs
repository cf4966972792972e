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
    if values
        .downcast_iter()
        .all(|a| a.values_iter().all(|s| !edge_may_be_space(s)))
    {
        return Ok(column);
    }
    let out: StringChunked = values.iter().map(|v| v.map(str::trim)).collect();
    Ok(out.with_name(column.name().clone()).into_column())
}

/// Like [`trim`], and an empty text (before or after trimming) becomes missing; for
/// `Expr::map`.
pub fn trim_to_missing(column: Column) -> PolarsResult<Column> {
    let values = column.str()?;
    if values.downcast_iter().all(|a| {
        a.iter()
            .flatten()
            .all(|s| !s.is_empty() && !edge_may_be_space(s))
    }) {
        return Ok(column);
    }
    let out: StringChunked = values
        .iter()
        .map(|v| v.map(str::trim).filter(|s| !s.is_empty()))
        .collect();
    Ok(out.with_name(column.name().clone()).into_column())
}

/// Lower-cases a text column (`str::to_lowercase`); for `Expr::map`.
pub fn lowercase(column: Column) -> PolarsResult<Column> {
    let values = column.str()?;
    if values.downcast_iter().all(|a| {
        a.values_iter()
            .all(|s| !s.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()))
    }) {
        return Ok(column);
    }
    let out: StringChunked = values.iter().map(|v| v.map(str::to_lowercase)).collect();
    Ok(out.with_name(column.name().clone()).into_column())
}

/// The output field of [`trim`] and [`lowercase`]: the input's.
pub fn same_field(_: &Schema, field: &Field) -> PolarsResult<Field> {
    Ok(field.clone())
}

/// Whether the first or last character may be whitespace: an ASCII space character, or a
/// non-ASCII byte (Unicode spaces such as U+00A0 are multi-byte), checked exactly.
fn edge_may_be_space(s: &str) -> bool {
    let (Some(first), Some(last)) = (s.bytes().next(), s.bytes().last()) else {
        return false;
    };
    let unsure = |b: u8| b.is_ascii_whitespace() || b == 0x0b || !b.is_ascii();
    (unsure(first) || unsure(last)) && s.trim().len() != s.len()
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
    fn only_real_whitespace_at_an_edge_counts() {
        assert!(edge_may_be_space(" a"));
        assert!(edge_may_be_space("a\u{2003}"));
        assert!(!edge_may_be_space("é"));
        assert!(!edge_may_be_space("a b"));
        assert!(!edge_may_be_space(""));
    }
}
