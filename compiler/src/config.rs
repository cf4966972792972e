//! `goal.toml`: project settings for `goal check`, found by walking up from the checked path.
//!
//! ```toml
//! [check]
//! select = ["S", "M", "A", "R", "T"]   # codes, names or groups ("T", "T5"); default: all
//! ignore = ["T506"]                     # warnings to turn off
//! max-quarterly-lift = 30               # the bound of A303, in percent
//!
//! [check.severity]
//! R403 = "error"                        # raise a warning to an error
//!
//! [[check.overrides]]
//! paths = ["legacy/"]                   # folders or files, relative to goal.toml
//! ignore = ["A301"]
//! ```
//!
//! Only warnings can be turned off or changed: an error means a goal is not SMART or cannot be
//! evaluated, so a group pattern (`ignore = ["A"]`) leaves errors reported, and naming an error
//! rule explicitly is itself an error (`E014`).

use crate::datasource::{self, EvalSettings, SourceDecl};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::Rule;
use crate::source::{FileId, Sources};
use goal_grammar::Span;
use goal_grammar::suggest::did_you_mean_or;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The name of the configuration file.
pub const FILE_NAME: &str = "goal.toml";

/// The nearest `goal.toml` in `start` (a folder, or a file's folder) or a folder above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    // Shown relative to the current folder when it lies below it, as goal files are.
    let here = std::env::current_dir().and_then(std::fs::canonicalize).ok();
    while let Some(current) = dir {
        let candidate = current.join(FILE_NAME);
        if candidate.is_file() {
            return Some(
                match here.as_ref().and_then(|h| candidate.strip_prefix(h).ok()) {
                    Some(relative) => relative.to_path_buf(),
                    None => candidate,
                },
            );
        }
        dir = current.parent();
    }
    None
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    check: RawCheck,
    #[serde(default)]
    eval: datasource::RawEval,
    #[serde(default)]
    sources: BTreeMap<Spanned<String>, datasource::RawSource>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCheck {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
    max_quarterly_lift: Option<Spanned<f64>>,
    max_goals_per_owner: Option<Spanned<i64>>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    paths: Vec<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
}

/// Which rules a pattern names.
#[derive(Debug, Clone, PartialEq)]
enum Pattern {
    /// One rule, by code or name.
    Rule(Rule),
    /// Every rule whose code starts with this (`T`, `T5`).
    Prefix(String),
}

impl Pattern {
    fn matches(&self, rule: Rule) -> bool {
        match self {
            Pattern::Rule(r) => *r == rule,
            Pattern::Prefix(prefix) => rule.code().starts_with(prefix.as_str()),
        }
    }
}

/// Rule selection at one level (the whole project or an override).
#[derive(Debug, Default, Clone)]
struct Selection {
    select: Option<Vec<Pattern>>,
    ignore: Vec<Pattern>,
    raise: Vec<Pattern>,
}

/// Settings read from `goal.toml`.
#[derive(Debug, Default)]
pub struct Config {
    base: Selection,
    overrides: Vec<(Vec<PathBuf>, Selection)>,
    /// The bound of A303 (`max-quarterly-lift`), when set.
    pub max_quarterly_lift: Option<f64>,
    /// The limit of P601 (`max-goals-per-owner`), when set.
    pub max_goals_per_owner: Option<usize>,
    /// `[eval]`: settings of `goal eval`.
    pub eval: EvalSettings,
    /// `[sources.NAME]`: the data goals are evaluated on.
    pub sources: Vec<SourceDecl>,
}

/// Reads the configuration at `path`. The file is added to `sources` so that problems in it
/// are shown in place; they are returned as diagnostics (`E014`).
pub fn load(path: &Path, sources: &mut Sources) -> (Config, Vec<Diagnostic>) {
    let display = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            let d = Diagnostic::without_location(
                Rule::InvalidConfig,
                format!("cannot read `{display}`: {e}"),
            )
            .help("make the configuration file readable UTF-8 text");
            return (Config::default(), vec![d]);
        }
    };
    let file = sources.add(&display, text.clone());
    let mut problems = Vec::new();
    let raw: RawConfig = match toml::from_str(&text) {
        Ok(raw) => raw,
        Err(e) => {
            let span = e
                .span()
                .map_or(Span::default(), |s| Span::new(s.start, s.end));
            problems.push(config_error(
                file,
                span,
                e.message().trim().to_owned(),
                unknown_key_help(e.message()),
            ));
            return (Config::default(), problems);
        }
    };
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut config = Config {
        base: selection(
            &raw.check.select,
            &raw.check.ignore,
            &raw.check.severity,
            file,
            &mut problems,
        ),
        overrides: Vec::new(),
        max_quarterly_lift: None,
        max_goals_per_owner: None,
        eval: datasource::eval_settings(&raw.eval, file, &mut problems),
        sources: datasource::sources(&raw.sources, folder, file, &mut problems),
    };
    if let Some(limit) = &raw.check.max_goals_per_owner {
        match usize::try_from(*limit.get_ref()) {
            Ok(limit) if limit > 0 => config.max_goals_per_owner = Some(limit),
            _ => problems.push(config_error(
                file,
                span_of(limit),
                "`max-goals-per-owner` must be a positive whole number".into(),
                "write e.g. `max-goals-per-owner = 5`".into(),
            )),
        }
    }
    if let Some(lift) = &raw.check.max_quarterly_lift {
        if *lift.get_ref() > 0.0 && lift.get_ref().is_finite() {
            config.max_quarterly_lift = Some(*lift.get_ref());
        } else {
            let span = Span::new(lift.span().start, lift.span().end);
            problems.push(config_error(
                file,
                span,
                "`max-quarterly-lift` must be a positive percentage".into(),
                "write e.g. `max-quarterly-lift = 30`".into(),
            ));
        }
    }
    for o in &raw.check.overrides {
        for p in &o.paths {
            let plain = p.get_ref().trim_end_matches("**").trim_end_matches('*');
            if plain.contains(['*', '?', '[']) {
                problems.push(config_error(
                    file,
                    span_of(p),
                    "override paths are folders or files, not patterns".into(),
                    "write a folder (`legacy/`) or a file, relative to goal.toml".into(),
                ));
            }
        }
        let paths = o
            .paths
            .iter()
            .map(|p| folder.join(p.get_ref().trim_end_matches("**").trim_end_matches('*')))
            .collect();
        let s = selection(&o.select, &o.ignore, &o.severity, file, &mut problems);
        config.overrides.push((paths, s));
    }
    (config, problems)
}

fn config_error(file: FileId, span: Span, message: String, help: String) -> Diagnostic {
    Diagnostic::new(Rule::InvalidConfig, file, span, message)
        .label("in the configuration")
        .help(help)
}

fn unknown_key_help(message: &str) -> String {
    // serde says: unknown field `selct`, expected one of `select`, `ignore`, ...
    let Some(rest) = message.split("unknown field `").nth(1) else {
        return "see the configuration keys in docs/configuration.md".into();
    };
    let key = rest.split('`').next().unwrap_or("");
    let keys = [
        "check",
        "eval",
        "sources",
        "timezone",
        "at-risk-margin",
        "path",
        "format",
        "table",
        "preset",
        "columns",
        "values",
        "null-values",
        "timestamp-format",
        "date-format",
        "separator",
        "events",
        "order-by",
        "first-reached",
        "first-value",
        "select",
        "ignore",
        "severity",
        "max-quarterly-lift",
        "max-goals-per-owner",
        "overrides",
        "paths",
    ];
    did_you_mean_or(key, keys, || {
        "see the configuration keys in docs/configuration.md".into()
    })
}

fn span_of<T>(value: &Spanned<T>) -> Span {
    Span::new(value.span().start, value.span().end)
}

/// Reads patterns, reporting unknown ones and errors named explicitly.
fn patterns(
    list: &[Spanned<String>],
    what: &str,
    file: FileId,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Pattern> {
    let mut out = Vec::new();
    for item in list {
        let text = item.get_ref().trim();
        if let Some(rule) = Rule::find(text) {
            if rule.severity() == Severity::Error && what != "select" {
                problems.push(config_error(
                    file,
                    span_of(item),
                    format!("`{rule}` is an error; errors cannot be {what}d"),
                    "fix the goals instead: an error means a goal is not SMART or cannot be evaluated".into(),
                ));
                continue;
            }
            out.push(Pattern::Rule(rule));
        } else if !text.is_empty() && Rule::ALL.iter().any(|r| r.code().starts_with(text)) {
            out.push(Pattern::Prefix(text.to_owned()));
        } else {
            let names = Rule::ALL.iter().flat_map(|r| [r.code(), r.name()]);
            let help = did_you_mean_or(text, names, || {
                "write a code (`T501`), a name (`missing-deadline`) or a group (`T`, `T5`)".into()
            });
            problems.push(config_error(
                file,
                span_of(item),
                format!("unknown rule `{text}`"),
                help,
            ));
        }
    }
    out
}

fn selection(
    select: &Option<Vec<Spanned<String>>>,
    ignore: &[Spanned<String>],
    severity: &BTreeMap<String, Spanned<String>>,
    file: FileId,
    problems: &mut Vec<Diagnostic>,
) -> Selection {
    let mut raise = Vec::new();
    for (code, level) in severity {
        let span = span_of(level);
        match level.get_ref().as_str() {
            "error" => {
                let named = [Spanned::new(span.start..span.end, code.clone())];
                raise.extend(patterns(&named, "raise", file, problems));
            }
            "warning" => problems.push(config_error(
                file,
                span,
                format!("`{code}` cannot be lowered to a warning"),
                "severities can only be raised: `\"error\"`".into(),
            )),
            other => problems.push(config_error(
                file,
                span,
                format!("unknown severity `{other}`"),
                "write `\"error\"`".into(),
            )),
        }
    }
    Selection {
        select: select
            .as_ref()
            .map(|list| patterns(list, "select", file, problems)),
        ignore: patterns(ignore, "ignore", file, problems),
        raise,
    }
}

impl Config {
    /// Drops the warnings the configuration turns off and raises the ones it makes errors.
    /// Errors are never dropped.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>, sources: &Sources) -> Vec<Diagnostic> {
        let canonical: Vec<Option<PathBuf>> = sources
            .iter()
            .map(|(_, s)| std::fs::canonicalize(&s.path).ok())
            .collect();
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                if d.severity == Severity::Error {
                    return Some(d);
                }
                let path = d.file().and_then(|f| canonical.get(f.0).cloned().flatten());
                let mut levels = vec![&self.base];
                for (paths, selection) in &self.overrides {
                    let applies = path.as_ref().is_some_and(|p| {
                        paths.iter().any(|prefix| {
                            std::fs::canonicalize(prefix).is_ok_and(|prefix| p.starts_with(prefix))
                        })
                    });
                    if applies {
                        levels.push(selection);
                    }
                }
                let mut selected = true;
                let mut raised = false;
                for level in levels {
                    if let Some(select) = &level.select {
                        selected = select.iter().any(|p| p.matches(d.rule));
                    }
                    if level.ignore.iter().any(|p| p.matches(d.rule)) {
                        selected = false;
                    }
                    raised |= level.raise.iter().any(|p| p.matches(d.rule));
                }
                if raised {
                    d.severity = Severity::Error;
                }
                selected.then_some(d)
            })
            .collect()
    }
}
