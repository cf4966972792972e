//! The CSV output: one row per goal and per period of its series (and per group of the
//! breakdown), so a spreadsheet can chart it.

use crate::model::{Evaluation, Measurement};
use std::fmt::Write;

const HEADER: &str = "goal,row,group,from,to,value,numerator,denominator,sample,unit,status,target,baseline,glide_target,progress";

fn field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| format!("{}", super::values::stable(v)))
}

/// The evaluation as CSV.
pub fn csv(evaluation: &Evaluation) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for goal in &evaluation.goals {
        let mut row = |kind: &str, group: &str, m: Option<&Measurement>, goal_columns: bool| {
            let (from, to) = m.map_or((String::new(), String::new()), |m| {
                (m.from.to_string(), m.to.to_string())
            });
            let _ = writeln!(
                out,
                "{},{kind},{},{from},{to},{},{},{},{},{},{},{},{},{},{}",
                field(&goal.id),
                field(group),
                num(m.and_then(|m| m.value)),
                num(m.and_then(|m| m.numerator)),
                num(m.and_then(|m| m.denominator)),
                m.map_or(String::new(), |m| m.sample.to_string()),
                goal.unit,
                if goal_columns {
                    goal.status.label()
                } else {
                    ""
                },
                if goal_columns {
                    field(&goal.target.text)
                } else {
                    String::new()
                },
                if goal_columns {
                    num(goal.baseline.as_ref().and_then(|b| b.value))
                } else {
                    String::new()
                },
                if goal_columns {
                    num(goal.glide_target)
                } else {
                    String::new()
                },
                if goal_columns {
                    num(goal.progress)
                } else {
                    String::new()
                },
            );
        };
        row("current", "", goal.current.as_ref(), true);
        for p in &goal.series {
            row("period", "", Some(&p.measurement), false);
        }
        for g in &goal.breakdown {
            row("group", &g.group, Some(&g.current), false);
        }
    }
    out
}
