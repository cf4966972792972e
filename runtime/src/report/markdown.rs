//! The Markdown output: a status table and, per goal, its series, for pull requests and wikis.

use super::values::{maybe, measured, round};
use crate::model::Evaluation;
use std::fmt::Write;

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The evaluation as Markdown.
pub fn markdown(evaluation: &Evaluation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Goals as of {} ({})\n\n| Goal | Status | Current | Glide path | Target | Baseline | Progress |\n|---|---|---|---|---|---|---|",
        evaluation.as_of, evaluation.timezone
    );
    for g in &evaluation.goals {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            g.id,
            g.status.label(),
            cell(&measured(g.current.as_ref(), g.unit)),
            maybe(g.glide_target, g.unit),
            cell(&g.target.text),
            maybe(g.baseline.as_ref().and_then(|b| b.value), g.unit),
            g.progress
                .map_or_else(|| "–".to_owned(), |p| format!("{}%", round(p, 0))),
        );
    }
    for g in &evaluation.goals {
        if g.series.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n<details><summary><code>{}</code>: {}</summary>\n\n| From | To | Value | Records |\n|---|---|---|---|",
            g.id,
            cell(&g.reason)
        );
        for p in &g.series {
            let m = &p.measurement;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                m.from,
                m.to,
                cell(&measured(Some(m), g.unit)),
                m.sample
            );
        }
        out.push_str("\n</details>\n");
    }
    for s in &evaluation.sources {
        if s.issues.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n**Data `{}`**: {} rows read, {} in the evaluated periods, {} count.\n\n| Column | Reason | Effect | Count |\n|---|---|---|---|",
            s.name, s.rows, s.checked, s.records
        );
        for i in &s.issues {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                i.column,
                cell(&i.reason),
                i.effect,
                i.count
            );
        }
    }
    out
}
