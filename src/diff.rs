//! `goal diff BASE HEAD`: what changed between two versions of the goals, for reviewers. Each
//! side is a folder, a file, or a git revision of the repository in the current folder.

use crate::cli::DiffArgs;
use goal_compiler::diff::{Change, diff};
use goal_compiler::{Options, Sources, ir, load};
use std::io::Write;
use std::path::Path;
use std::process::{Command, ExitCode};

/// Runs `goal diff` and returns its exit status: 0, or 2 when a side cannot be read.
pub fn run(args: &DiffArgs) -> ExitCode {
    let options = Options::default();
    let read = |side: &str| goals(side, &args.paths, &options);
    let (base, head) = match (read(&args.base), read(&args.head)) {
        (Ok(base), Ok(head)) => (base, head),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error[E009 unreadable-path]: {e}");
            return ExitCode::from(2);
        }
    };
    let changes = diff(&base, &head);
    let mut out = std::io::stdout().lock();
    let _ = if args.markdown {
        markdown(&args.base, &args.head, &changes, &mut out)
    } else {
        human(&args.base, &args.head, &changes, &mut out)
    };
    ExitCode::SUCCESS
}

/// The goals without errors of one side.
fn goals(side: &str, paths: &[String], options: &Options) -> Result<Vec<ir::Goal>, String> {
    let sources = if Path::new(side).exists() {
        let loaded = load::load(&[side.into()]);
        if let Some(problem) = loaded.unreadable.first() {
            return Err(problem.message.clone());
        }
        loaded.sources
    } else {
        from_git(side, paths)?
    };
    Ok(goal_compiler::check(&sources, options).goals)
}

/// The goal files of git revision `rev` (under `paths`, if any), read with `git show`.
fn from_git(rev: &str, paths: &[String]) -> Result<Sources, String> {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| o.stdout)
    };
    let listing = git(&["ls-tree", "-r", "--name-only", rev]).ok_or_else(|| {
        format!("`{rev}` is neither a folder, a file nor a git revision of this repository")
    })?;
    let mut sources = Sources::new();
    let wanted = |path: &str| {
        path.ends_with(".goal")
            && (paths.is_empty()
                || paths
                    .iter()
                    .any(|p| path.starts_with(p.trim_start_matches("./"))))
    };
    for path in String::from_utf8_lossy(&listing)
        .lines()
        .filter(|p| wanted(p))
    {
        let text = git(&["show", &format!("{rev}:{path}")])
            .ok_or_else(|| format!("cannot read `{path}` at `{rev}`"))?;
        sources.add(
            format!("{rev}:{path}"),
            String::from_utf8_lossy(&text).into_owned(),
        );
    }
    Ok(sources)
}

fn human(base: &str, head: &str, changes: &[Change], out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "goal diff {base} → {head}")?;
    if changes.is_empty() {
        return writeln!(out, "no changes to the goals");
    }
    for c in changes {
        let mark = if c.kind.needs_attention() { "!" } else { " " };
        let detail = match (c.before.is_empty(), c.after.is_empty()) {
            (true, _) => c.after.clone(),
            (_, true) => c.before.clone(),
            _ => format!("{} → {}", c.before, c.after),
        };
        writeln!(out, "{mark} {}: {}: {detail}", c.goal, c.kind.describe())?;
    }
    let attention = changes.iter().filter(|c| c.kind.needs_attention()).count();
    writeln!(
        out,
        "{} changes, {attention} marked `!` for a reviewer's attention",
        changes.len()
    )
}

fn markdown(
    base: &str,
    head: &str,
    changes: &[Change],
    out: &mut impl Write,
) -> std::io::Result<()> {
    writeln!(out, "### goal diff `{base}` → `{head}`\n")?;
    if changes.is_empty() {
        return writeln!(out, "No changes to the goals.");
    }
    writeln!(out, "| | Goal | Change | Before | After |")?;
    writeln!(out, "|---|---|---|---|---|")?;
    for c in changes {
        let mark = if c.kind.needs_attention() {
            "⚠️"
        } else {
            ""
        };
        writeln!(
            out,
            "| {mark} | `{}` | {} | {} | {} |",
            c.goal,
            c.kind.describe(),
            cell(&c.before),
            cell(&c.after)
        )?;
    }
    Ok(())
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
