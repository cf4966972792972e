//! Fuzz target `parse`: `goal_grammar::parse` on any text never panics, every syntax error and
//! every node of the tree lies within the text on character boundaries, and the errors come in
//! source order.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = goal_grammar::parse(&text);
    for error in &parsed.errors {
        goal_fuzz::assert_span_in(&text, error.span, &format!("syntax error {:?}", error.kind));
    }
    assert!(
        parsed
            .errors
            .windows(2)
            .all(|w| (w[0].span.start, w[0].span.end) <= (w[1].span.start, w[1].span.end)),
        "syntax errors are not in source order"
    );
    if let Ok(tree) = serde_json::to_value(&parsed.file) {
        goal_fuzz::assert_tree_spans_in(&tree, &text);
    }
});
