//! The evaluation result: what `goal eval` reports, serialised as its JSON output (described by
//! docs/schemas/eval-output.schema.json; a stable interface for other tools).

use chrono::NaiveDate;
use goal_compiler::Diagnostic;
use serde::Serialize;

/// Everything `goal eval` found.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// The day evaluated (data after it is ignored).
    pub as_of: NaiveDate,
    /// The zone days are counted in.
    pub timezone: String,
    /// The unit of the per-period series.
    pub period: String,
    /// The breakdown field, when asked for.
    pub by: Option<String>,
    /// One result per goal, in the order the goals were declared.
    pub goals: Vec<GoalResult>,
    /// What was read from each source and what could not count.
    pub sources: Vec<SourceReport>,
    /// Problems with the data or with goals that could not be evaluated.
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
}

/// A goal's standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The deadline has passed and the target was reached.
    Met,
    /// On or ahead of the glide path from baseline to target.
    OnTrack,
    /// Behind the glide path by no more than the at-risk margin.
    AtRisk,
    /// Further behind.
    OffTrack,
    /// The deadline has passed and the target was not reached.
    Missed,
    /// The goal's first day is after the as-of date.
    NotStarted,
    /// No records in the measured period.
    NoData,
    /// The goal could not be evaluated (see its diagnostic).
    NotEvaluated,
}

impl Status {
    /// The status in words.
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::OnTrack => "on track",
            Status::AtRisk => "at risk",
            Status::OffTrack => "off track",
            Status::Missed => "missed",
            Status::NotStarted => "not started",
            Status::NoData => "no data",
            Status::NotEvaluated => "not evaluated",
        }
    }
}

/// A value measured over a range of days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// The value (percent 0–100, seconds, points, a score or a count); `None` with no records.
    pub value: Option<f64>,
    /// For ratios: the records meeting the condition (or the sum of the values).
    pub numerator: Option<f64>,
    /// For ratios: the records counted.
    pub denominator: Option<f64>,
    /// Records the value is computed from.
    pub sample: u64,
}

/// The target, resolved to numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetValue {
    /// The condition as written (`at least 75%`).
    pub text: String,
    /// Lowest acceptable value, when bounded below.
    pub low: Option<f64>,
    /// Highest acceptable value, when bounded above.
    pub high: Option<f64>,
    /// The value the glide path aims at.
    pub aim: Option<f64>,
    /// True when a value equal to a bound does not meet it (`under`, `above`).
    pub strict: bool,
}

/// The baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaselineValue {
    /// First day of its period.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// The value used: stated in the goal, else measured.
    pub value: Option<f64>,
    /// `stated` or `measured`.
    pub source: &'static str,
    /// The value measured from the data over the period, when the data covers it.
    pub measured: Option<Measurement>,
}

/// One period of the series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodValue {
    /// The measurement.
    #[serde(flatten)]
    pub measurement: Measurement,
    /// For `each`-period targets and floors: whether the period meets them.
    pub meets: Option<bool>,
}

/// A floor or ceiling broken in a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FloorViolation {
    /// The rule as written (`no month below 85%`).
    pub rule: String,
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// The period's value.
    pub value: f64,
}

/// A checkpoint whose date has passed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckpointResult {
    /// Its date.
    pub by: NaiveDate,
    /// The value to reach.
    pub target: f64,
    /// Measured over the review period ending on its date.
    pub measured: Measurement,
    /// Whether it was reached.
    pub met: Option<bool>,
}

/// A guardrail's standing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GuardrailResult {
    /// The metric.
    pub metric: String,
    /// The unit of its values.
    pub unit: &'static str,
    /// Its condition.
    pub target: TargetValue,
    /// Its value over the goal's current period.
    pub current: Option<Measurement>,
    /// Its value over the goal's baseline period, when the goal has one.
    pub baseline: Option<Measurement>,
    /// `holding`, `breached`, `no data` or `not evaluated`.
    pub status: &'static str,
}

/// A goal's numbers for one value of the breakdown field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupResult {
    /// The field's value.
    pub group: String,
    /// The current value.
    pub current: Measurement,
    /// Whether it meets the target.
    pub meets: Option<bool>,
}

/// One goal's evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalResult {
    /// The goal's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The file declaring it.
    pub file: String,
    /// The metric as written (`median first_response_time`).
    pub metric: String,
    /// The unit of every value: `percent`, `seconds`, `points`, `count`, `score`.
    pub unit: &'static str,
    /// Which way is better: `higher` or `lower`.
    pub better: &'static str,
    /// The standing.
    pub status: Status,
    /// Why, in one sentence.
    pub reason: String,
    /// The value over the current period.
    pub current: Option<Measurement>,
    /// The baseline.
    pub baseline: Option<BaselineValue>,
    /// The target.
    pub target: TargetValue,
    /// Last day of the goal.
    pub deadline: NaiveDate,
    /// Where the glide path from baseline to target (through the checkpoints) stands at the
    /// as-of date.
    pub glide_target: Option<f64>,
    /// How far from baseline to target the current value is, in percent.
    pub progress: Option<f64>,
    /// Checkpoints whose date has passed.
    pub checkpoints: Vec<CheckpointResult>,
    /// The per-period series, from the baseline (or start) to the as-of date.
    pub series: Vec<PeriodValue>,
    /// Floors and ceilings broken.
    pub floor_violations: Vec<FloorViolation>,
    /// The guardrails.
    pub guardrails: Vec<GuardrailResult>,
    /// The breakdown, when asked for.
    pub breakdown: Vec<GroupResult>,
}

/// What was read from a source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceReport {
    /// Its name.
    pub name: String,
    /// Its table.
    pub table: String,
    /// The files read.
    pub files: Vec<String>,
    /// Rows read (for event logs: the update rows, before collapsing them into records).
    pub rows: u64,
    /// Records checked: those dated in a period some goal measures, and those whose dates
    /// cannot be read (every record when a goal needs them all); `issues` count these only.
    pub checked: u64,
    /// Records that count (checked and not excluded).
    pub records: u64,
    /// Rows excluded and values treated as missing, per column and reason.
    pub issues: Vec<QualityIssue>,
}

/// A count of rows excluded or values treated as missing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityIssue {
    /// The canonical column.
    pub column: String,
    /// Why.
    pub reason: String,
    /// `row excluded` or `value treated as missing`.
    pub effect: &'static str,
    /// How many.
    pub count: u64,
}
