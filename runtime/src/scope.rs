//! A goal's scope (`channel is chat and topic is "order status"`) as a polars predicate over the
//! canonical columns.

use goal_compiler::ir::{Filter, Scope};
use goal_grammar::syntax::FilterOp;
use polars::prelude::*;

/// The predicate keeping the records a scope selects; `None` keeps every record.
pub fn predicate(scope: &Scope) -> Option<Expr> {
    match scope {
        Scope::All(_) => None,
        Scope::Filter(filter) => Some(filter_expr(filter)),
    }
}

/// Every column a scope reads.
pub fn columns(scope: &Scope) -> Vec<&'static str> {
    fn walk(filter: &Filter, out: &mut Vec<&'static str>) {
        match filter {
            Filter::And(parts) | Filter::Or(parts) => parts.iter().for_each(|p| walk(p, out)),
            Filter::Not(inner) => walk(inner, out),
            Filter::Condition { field, .. } => {
                if !out.contains(field) {
                    out.push(field);
                }
            }
        }
    }
    let mut out = Vec::new();
    if let Scope::Filter(filter) = scope {
        walk(filter, &mut out);
    }
    out
}

fn filter_expr(filter: &Filter) -> Expr {
    match filter {
        Filter::And(parts) => combine(parts, Expr::and, true),
        Filter::Or(parts) => combine(parts, Expr::or, false),
        Filter::Not(inner) => filter_expr(inner).not(),
        Filter::Condition { field, op, values } => condition(field, *op, values),
    }
}

fn combine(parts: &[Filter], join: fn(Expr, Expr) -> Expr, empty: bool) -> Expr {
    parts
        .iter()
        .map(filter_expr)
        .reduce(join)
        .unwrap_or_else(|| lit(empty))
}

/// A missing value never matches `is` or `in`, and always matches `is not` and `not in`: a
/// ticket with no channel is not a chat.
fn condition(field: &str, op: FilterOp, values: &[String]) -> Expr {
    let column = col(field);
    let any_of = |column: Expr| {
        values
            .iter()
            .map(|v| column.clone().eq(lit(v.clone())))
            .reduce(Expr::or)
            .unwrap_or_else(|| lit(false))
            .fill_null(lit(false))
    };
    match op {
        FilterOp::Is | FilterOp::In => any_of(column),
        FilterOp::IsNot | FilterOp::NotIn => any_of(column).not(),
        FilterOp::Includes => includes(column, values),
        FilterOp::Excludes => includes(column, values).not(),
    }
}

/// Tags are matched as whole words of the space-separated tag list (`tags` is normalised when
/// cleaned: separators become single spaces, with a space at each end).
fn includes(column: Expr, values: &[String]) -> Expr {
    values
        .iter()
        .map(|v| {
            column
                .clone()
                .str()
                .contains_literal(lit(format!(" {} ", v.to_lowercase())))
        })
        .reduce(Expr::or)
        .unwrap_or_else(|| lit(false))
        .fill_null(lit(false))
}
