//! The language's words as the editor shows them: what each keyword, statistic and metric
//! means (from `docs/language.md` and the compiler's catalogue).

use goal_compiler::catalogue::{Better, Category, Metric, Population, Shape};
use goal_compiler::units::Value;

/// Clause keywords with a one-line meaning and their form.
pub const CLAUSES: &[(&str, &str, &str)] = &[
    (
        "owner",
        "who is accountable",
        "owner team \"<team>\" | owner person \"<name>\"",
    ),
    (
        "serves",
        "which objectives the goal contributes to",
        "serves <objective-id>, …",
    ),
    (
        "metric",
        "the one number the goal moves",
        "metric [<statistic>] <metric> [(<param> <value>, …)]",
    ),
    (
        "scope",
        "which tickets (or meetings, or staff) are counted",
        "scope all tickets | scope <field> is <value> and …",
    ),
    (
        "target",
        "the value that counts as success",
        "target at least 80% | target 80% within 60 seconds | target reduce by 15%",
    ),
    (
        "baseline",
        "where the number starts, and when that was measured",
        "baseline <value> in <period> | baseline measured over <period>",
    ),
    (
        "checkpoint",
        "an intermediate value on the way",
        "checkpoint <value> by <date>",
    ),
    (
        "deadline",
        "when the target must be met",
        "deadline end of Q2 2026 | deadline 2026-06-30",
    ),
    (
        "start",
        "when the effort starts",
        "start <date> | start <period>",
    ),
    (
        "window",
        "the period the target is measured over",
        "window Q3 2026 | window each month in 2026 | window 6 weeks from 2026-03-02",
    ),
    (
        "no",
        "a floor (or ceiling) every period must respect",
        "no month below 85% | no week above 4 hours",
    ),
    (
        "review",
        "how often progress is reviewed",
        "review weekly | review every 2 weeks",
    ),
    (
        "guardrail",
        "a quality number that must hold while the goal is pursued",
        "guardrail csat at least 85%",
    ),
    (
        "through",
        "the initiatives that will move the number",
        "through \"<initiative>\", …",
    ),
    (
        "during",
        "count only the hours of a schedule",
        "during <schedule-id>",
    ),
];

/// Declaration keywords with a one-line meaning and their form.
pub const DECLARATIONS: &[(&str, &str, &str)] = &[
    (
        "goal",
        "a SMART goal; its clauses are the indented lines below",
        "goal <id>: \"<one sentence with its number>\"",
    ),
    (
        "objective",
        "a business outcome goals serve",
        "objective <id>: \"<description>\"",
    ),
    (
        "schedule",
        "the hours a team is staffed, for `during`",
        "schedule <id>: monday to friday 09:00 to 17:00 in Europe/London",
    ),
];

/// Statistics a per-item metric takes before its name.
pub const STATISTICS: &[(&str, &str)] = &[
    ("mean", "the average"),
    ("average", "the average (same as `mean`)"),
    (
        "median",
        "the middle value: half the items are at or under it",
    ),
    (
        "p90",
        "the value 90% of items are at or under (any `p1` to `p99`)",
    ),
    (
        "p95",
        "the value 95% of items are at or under (any `p1` to `p99`)",
    ),
    ("min", "the smallest value"),
    ("max", "the largest value"),
];

/// Review cadences (`review weekly`), then `every` for `review every 2 weeks`.
pub const CADENCES: &[&str] = &[
    "daily",
    "weekly",
    "biweekly",
    "fortnightly",
    "monthly",
    "quarterly",
    "yearly",
    "annually",
    "every",
];

/// The ways a target can start (after `target` or after a guardrail's metric).
pub const TARGET_FORMS: &[&str] = &[
    "at least",
    "at most",
    "under",
    "below",
    "above",
    "over",
    "exactly",
    "no more than",
    "no less than",
    "between",
    "zero",
    "reduce by",
    "increase by",
];

/// Filter operators after a field.
pub const OPERATORS: &[&str] = &["is", "is not", "in", "not in", "includes", "excludes"];

/// The one-line meaning and form of clause or declaration keyword `word`.
pub fn keyword(word: &str) -> Option<(&'static str, &'static str)> {
    CLAUSES
        .iter()
        .chain(DECLARATIONS)
        .find(|(w, _, _)| *w == word)
        .map(|(_, meaning, form)| (*meaning, *form))
}

/// What statistic `word` means (`p42` included).
pub fn statistic(word: &str) -> Option<String> {
    if let Some((_, meaning)) = STATISTICS.iter().find(|(w, _)| *w == word) {
        return Some((*meaning).to_owned());
    }
    match goal_compiler::catalogue::find_statistic(word)? {
        goal_compiler::catalogue::Statistic::Percentile(n) => {
            Some(format!("the value {n}% of items are at or under"))
        }
        _ => None,
    }
}

/// A metric described in Markdown: what it measures, on which records, its unit, which way
/// is better and its parameters.
pub fn metric_markdown(metric: &Metric) -> String {
    let shape = match metric.shape {
        Shape::PerItem => format!(
            "one value per item: give a statistic (`median {0}`) or a threshold (`target 80% within …`)",
            metric.name
        ),
        Shape::Aggregate => "one number per period: no statistic, no `within`".to_owned(),
    };
    let better = match metric.better {
        Better::Higher => "higher",
        Better::Lower => "lower",
    };
    let category = match metric.category {
        Category::Speed => "speed (a goal on it needs a quality guardrail)",
        Category::Quality => "quality (a valid guardrail for speed goals)",
        Category::Efficiency => "efficiency",
        Category::Volume => "volume",
        Category::Activity => "activity",
        Category::TeamHealth => "team health",
    };
    let mut text = format!(
        "**{}** (metric)\n\n{}.\n\n- counts: {} (`scope all {}`)\n- values: {}\n- unit: {}\n- better: {better}\n- category: {category}",
        metric.name,
        capitalised(metric.summary),
        metric.population.word(),
        metric.population.word(),
        shape,
        metric.dimension.describe(),
    );
    for param in metric.params {
        let default = match param.default {
            Some(value) => format!("default {}", Value::new(value, param.dimension).display()),
            None => "required".to_owned(),
        };
        text.push_str(&format!(
            "\n- parameter `{}`: {} ({}; {default})",
            param.name,
            param.summary,
            param.dimension.describe()
        ));
    }
    text
}

/// The fields of `population` in Markdown, one per line with its values.
pub fn field_markdown(population: Population, name: &str) -> Option<String> {
    let field = population.fields().iter().find(|f| f.name == name)?;
    let mut text = format!("**{}** (field of {})", field.name, population.word());
    if let Some(values) = field.values {
        let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        text.push_str(&format!("\n\nvalues: {}", list.join(", ")));
    } else if field.is_list {
        text.push_str("\n\na list: test it with `includes` or `excludes`");
    } else {
        text.push_str("\n\nany text: quote values with spaces (`\"order status\"`)");
    }
    Some(text)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
