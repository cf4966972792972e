//! The table for people: one line per goal, then guardrails breached, floors broken, the
//! breakdown, and what could not count in the data.

use super::values::{maybe, measured, round, value};
use crate::model::{Evaluation, GoalResult};
use std::fmt::Write;

/// Pads `cells` into aligned columns.
fn columns(rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..rows.first().map_or(0, Vec::len))
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}", w = *w))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn progress(goal: &GoalResult) -> String {
    goal.progress
        .map_or_else(|| "–".to_owned(), |p| format!("{}%", round(p, 0)))
}

/// The evaluation as text.
pub fn table(evaluation: &Evaluation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} as of {} ({}), current values over each goal's current period\n",
        evaluation.goals.len(),
        if evaluation.goals.len() == 1 {
            "goal"
        } else {
            "goals"
        },
        evaluation.as_of,
        evaluation.timezone
    );
    let mut rows = vec![vec![
        "GOAL".to_owned(),
        "STATUS".into(),
        "CURRENT".into(),
        "GLIDE".into(),
        "TARGET".into(),
        "BASELINE".into(),
        "PROGRESS".into(),
    ]];
    for g in &evaluation.goals {
        rows.push(vec![
            g.id.clone(),
            g.status.label().to_owned(),
            measured(g.current.as_ref(), g.unit),
            maybe(g.glide_target, g.unit),
            g.target.text.clone(),
            maybe(g.baseline.as_ref().and_then(|b| b.value), g.unit),
            progress(g),
        ]);
    }
    out.push_str(&columns(&rows));
    let mut notes = String::new();
    for g in &evaluation.goals {
        let mut lines = vec![format!("{}: {}", g.status.label(), g.reason)];
        if let Some(c) = &g.current {
            lines.push(format!(
                "current period {} to {}, {} records",
                c.from, c.to, c.sample
            ));
        }
        for r in &g.guardrails {
            lines.push(format!(
                "guardrail {} {}: {} ({})",
                r.metric,
                r.target.text,
                measured(r.current.as_ref(), r.unit),
                r.status
            ));
        }
        for f in &g.floor_violations {
            lines.push(format!(
                "{} broken {} to {}: {}",
                f.rule,
                f.from,
                f.to,
                value(f.value, g.unit)
            ));
        }
        for c in &g.checkpoints {
            let met = match c.met {
                Some(true) => "reached",
                Some(false) => "not reached",
                None => "no data",
            };
            lines.push(format!(
                "checkpoint {} by {}: {} ({met})",
                value(c.target, g.unit),
                c.by,
                measured(Some(&c.measured), g.unit)
            ));
        }
        for b in &g.breakdown {
            let mark = match b.meets {
                Some(true) => "meets",
                Some(false) => "does not meet the target",
                None => "",
            };
            lines.push(format!(
                "  {}: {} {mark}",
                b.group,
                measured(Some(&b.current), g.unit)
            ));
        }
        let _ = writeln!(notes, "\n{} ({})", g.id, g.metric);
        for l in lines {
            let _ = writeln!(notes, "  {}", l.trim_end());
        }
    }
    out.push_str(&notes);
    if !evaluation.sources.is_empty() {
        out.push_str("\ndata\n");
        for s in &evaluation.sources {
            let _ = writeln!(
                out,
                "  {} ({}): {} rows read, {} in the evaluated periods, {} count",
                s.name, s.table, s.rows, s.checked, s.records
            );
            for i in &s.issues {
                let _ = writeln!(
                    out,
                    "    {} {}: {} ({})",
                    i.count, i.column, i.reason, i.effect
                );
            }
        }
    }
    out
}
