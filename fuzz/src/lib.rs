//! Shared parts of the fuzz targets: how a fuzz input becomes goal files, and the invariants
//! the targets assert. A failed assertion is a panic, which libFuzzer reports as a crash and
//! saves the input under `fuzz/artifacts/<target>/`.

use goal_compiler::render::Report;
use goal_compiler::{Checked, Label, Options, Sources};
use goal_grammar::Span;
use serde_json::Value;

/// The most files one input is split into.
pub const MAX_FILES: usize = 8;

/// The most diagnostics of one input rendered as reports (rendering is the slowest step).
pub const MAX_RENDERED: usize = 16;

/// The fuzz input as goal files: decoded as UTF-8 (invalid sequences become U+FFFD, so no
/// input is wasted) and split at NUL bytes, so one input can be a project of several files.
/// A real goal file never holds a NUL: the loader rejects it as binary.
pub fn files(data: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(data);
    let mut files: Vec<String> = text.splitn(MAX_FILES, '\0').map(str::to_owned).collect();
    if let Some(last) = files.last_mut() {
        // The rest of the input after the last split stays one file, without its NULs.
        *last = last.replace('\0', "");
    }
    files
}

/// The files as a project: `0.goal`, `1.goal`, ...
pub fn sources(files: &[String]) -> Sources {
    let mut sources = Sources::new();
    for (i, text) in files.iter().enumerate() {
        sources.add(format!("{i}.goal"), text.as_str());
    }
    sources
}

/// The options of every run: a fixed "today", so that a crash reproduces on any day.
pub fn options() -> Options {
    Options {
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default(),
        ..Options::default()
    }
}

/// Asserts that `span` lies within `text` and starts and ends on character boundaries.
pub fn assert_span_in(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} splits a character"
    );
}

fn assert_label_in(sources: &Sources, label: &Label, what: &str) {
    let source = sources.get(label.file);
    assert!(
        source.is_some(),
        "{what}: label in unknown file {:?}",
        label.file
    );
    if let Some(source) = source {
        assert_span_in(&source.text, label.span, what);
    }
}

/// Asserts the invariants of a check result: every label of every diagnostic lies within its
/// file on character boundaries, diagnostics are sorted, and every diagnostic renders.
pub fn assert_diagnostics_valid(checked: &Checked, sources: &Sources) {
    for d in &checked.diagnostics {
        let what = format!("{} {:?}", d.rule, d.message);
        if let Some(primary) = &d.primary {
            assert_label_in(sources, primary, &what);
        }
        for label in &d.secondary {
            assert_label_in(sources, label, &what);
        }
        assert!(!d.message.is_empty(), "{what}: empty message");
    }
    assert!(
        checked
            .diagnostics
            .windows(2)
            .all(|w| w[0].sort_key() <= w[1].sort_key()),
        "diagnostics are not sorted"
    );
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .with_links(false);
    for d in checked.diagnostics.iter().take(MAX_RENDERED) {
        let mut out = String::new();
        let rendered = handler.render_report(&mut out, &Report::new(d, sources));
        assert!(rendered.is_ok(), "{} cannot be rendered", d.rule);
    }
}

/// What a project means, independent of layout: its IR without positions, and the codes of
/// its diagnostics, sorted.
pub fn meaning(sources: &Sources) -> (Value, Vec<&'static str>) {
    let checked = goal_compiler::check(sources, &options());
    let mut ir = serde_json::to_value(&checked.goals).unwrap_or(Value::Null);
    strip_positions(&mut ir);
    let mut codes: Vec<&'static str> = checked.diagnostics.iter().map(|d| d.rule.code()).collect();
    codes.sort_unstable();
    (ir, codes)
}

/// Removes every `span` and `*_span` key: positions change when a file is formatted.
pub fn strip_positions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|key, _| key != "span" && !key.ends_with("_span"));
            map.values_mut().for_each(strip_positions);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_positions),
        _ => {}
    }
}

/// Asserts that every `{start, end}` object in a serialised syntax tree lies within `text`.
pub fn assert_tree_spans_in(value: &Value, text: &str) {
    match value {
        Value::Object(map) => {
            if let (Some(start), Some(end), 2) = (
                map.get("start").and_then(Value::as_u64),
                map.get("end").and_then(Value::as_u64),
                map.len(),
            ) {
                let span = Span::new(
                    usize::try_from(start).unwrap_or(usize::MAX),
                    usize::try_from(end).unwrap_or(usize::MAX),
                );
                assert_span_in(text, span, "syntax tree node");
            } else {
                map.values().for_each(|v| assert_tree_spans_in(v, text));
            }
        }
        Value::Array(items) => items.iter().for_each(|v| assert_tree_spans_in(v, text)),
        _ => {}
    }
}
