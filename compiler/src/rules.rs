//! The rule registry: every problem `goal check` reports has one entry here with a stable code,
//! a kebab-case name, a default severity and a one-line summary. Each rule is documented on its
//! own page, `docs/rules/<CODE>-<name>.md` (what it catches, why, a failing and a fixed example).
//!
//! Codes are grouped by letter: E0xx syntax and files, S1xx Specific, M2xx Measurable,
//! A3xx Achievable, R4xx Relevant, T5xx Time-bound, P6xx the portfolio of all goals, D7xx the data `goal eval` reads. A code is never reused for another problem.

use crate::diagnostic::Severity;
use serde::{Serialize, Serializer};

/// The SMART letter (or syntax) a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Group {
    /// E: the file cannot be read as a goal file.
    Syntax,
    /// P: the goals together do not make a coherent portfolio.
    Portfolio,
    /// S: the goal does not say precisely what is measured for whom.
    Specific,
    /// M: the goal cannot be measured as written.
    Measurable,
    /// A: the goal is impossible, trivial or unrealistic.
    Achievable,
    /// R: the goal does not say why it matters or what it is traded against.
    Relevant,
    /// T: the goal has no clear timeline.
    TimeBound,
    /// D: the data cannot be evaluated as the goals need (reported by `goal eval`; D701-D703 and
    /// D707 also by `goal check --schema`).
    Data,
}

impl Group {
    /// The group's name in words.
    pub fn title(self) -> &'static str {
        match self {
            Group::Syntax => "Syntax and files",
            Group::Specific => "Specific",
            Group::Measurable => "Measurable",
            Group::Achievable => "Achievable",
            Group::Relevant => "Relevant",
            Group::TimeBound => "Time-bound",
            Group::Portfolio => "Portfolio",
            Group::Data => "Data",
        }
    }
}

macro_rules! rules {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal $name:literal $severity:ident $group:ident $summary:literal; )*) => {
        /// Every rule `goal check` knows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $( $(#[$doc])* $variant, )*
        }

        impl Rule {
            /// All rules, in code order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable code, e.g. `T501`.
            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)* }
            }

            /// The stable kebab-case name, e.g. `missing-deadline`.
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            /// The severity the rule reports with.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }

            /// The SMART group.
            pub fn group(self) -> Group {
                match self { $(Rule::$variant => Group::$group,)* }
            }

            /// One line saying what the rule catches.
            pub fn summary(self) -> &'static str {
                match self { $(Rule::$variant => $summary,)* }
            }

            /// The rule's documentation page, `docs/rules/<CODE>-<name>.md`, built in.
            pub fn documentation(self) -> &'static str {
                match self {
                    $(Rule::$variant => include_str!(concat!("../../docs/rules/", $code, "-", $name, ".md")),)*
                }
            }
        }
    };
}

rules! {
    /// `target at lest 80%`
    SyntaxError = "E001" "syntax-error" Error Syntax "The text does not fit the grammar.";
    /// `  tagret 80%`
    UnknownKeyword = "E002" "unknown-keyword" Error Syntax "A line starts with a word that is not a keyword.";
    /// `goal g: "Answer fast`
    UnterminatedString = "E003" "unterminated-string" Error Syntax "A quoted text is not closed on its line.";
    /// `scope ((((...))))` nested deeper than the limit.
    NestingTooDeep = "E004" "nesting-too-deep" Error Syntax "Parentheses or `not`s are nested too deeply.";
    /// A binary file or a file that is not UTF-8.
    NotText = "E005" "not-text" Error Syntax "The file is not UTF-8 text.";
    /// A file larger than the size limit.
    FileTooLarge = "E006" "file-too-large" Error Syntax "The file is larger than the size limit.";
    /// A file with no declarations.
    EmptyFile = "E007" "empty-file" Warning Syntax "The file declares nothing.";
    /// Two goals (or objectives, or schedules) with the same id.
    DuplicateDefinition = "E008" "duplicate-definition" Error Syntax "An id is declared twice.";
    /// A path that does not exist, cannot be read, or is a folder without goal files.
    UnreadablePath = "E009" "unreadable-path" Error Syntax "A path given on the command line cannot be read.";
    /// Two `deadline` clauses in one goal.
    DuplicateClause = "E010" "duplicate-clause" Error Syntax "A clause that may appear once appears twice.";
    /// `# goal: allow(A999)`, `# goal: allow(A301)` without a reason, or allowing an error.
    InvalidSuppression = "E012" "invalid-suppression" Error Syntax "A `# goal: allow(…)` comment is malformed.";
    /// `# goal: allow(A301) …` on a goal that has a baseline.
    UnusedSuppression = "E013" "unused-suppression" Warning Syntax "A suppression suppresses nothing.";
    /// `goal.toml` with `ignore = ["T501"]` or an unknown key.
    InvalidConfig = "E014" "invalid-config" Error Syntax "The `goal.toml` configuration is invalid.";
    /// A goal the compiler could not complete although it found no problem (a bug in goal).
    InternalError = "E011" "internal-error" Error Syntax "The compiler could not complete a goal it found no problem in.";
    /// 10,001 goals in the files of one check.
    ProjectTooLarge = "E015" "project-too-large" Error Syntax "The project declares more goals than the limit.";
    /// `scope agent in (...)` with 101 values, or 101 `guardrail` clauses in one goal.
    ListTooLong = "E016" "list-too-long" Error Syntax "A list, a scope or a goal has more items than the limit.";
    /// An id, name, unit or number longer than 100 characters.
    NameTooLong = "E017" "name-too-long" Error Syntax "An id, name, word or number is longer than the limit.";
    /// A title, description, owner or initiative longer than 1,000 characters.
    TextTooLong = "E018" "text-too-long" Error Syntax "A quoted text is longer than the limit.";

    /// A goal with no `metric` clause.
    MissingMetric = "S101" "missing-metric" Error Specific "The goal does not say what it measures.";
    /// Two `metric` clauses.
    MultipleMetrics = "S102" "multiple-metrics" Error Specific "The goal measures more than one metric.";
    /// No `scope` clause.
    MissingScope = "S103" "missing-scope" Error Specific "The goal does not say which tickets count.";
    /// `goal g: "Improve response times"`
    VagueTitle = "S104" "vague-title" Warning Specific "The title uses a vague word and no number.";
    /// No `owner` clause.
    MissingOwner = "S105" "missing-owner" Error Specific "Nobody owns the goal.";
    /// `metric first_response_time` with `target under 4 hours`
    MissingStatistic = "S106" "missing-statistic" Error Specific "A per-ticket metric has no statistic or threshold.";
    /// `scope all meetings` for a ticket metric.
    PopulationMismatch = "S107" "population-mismatch" Error Specific "The scope names another population than the metric's.";

    /// `metric first_respons_time`
    UnknownMetric = "M201" "unknown-metric" Error Measurable "The metric is not in the catalogue.";
    /// `scope chanel is chat`
    UnknownField = "M202" "unknown-field" Error Measurable "The scope tests a field (column) that does not exist.";
    /// `target 60 seconds` for a percentage metric.
    UnitMismatch = "M203" "unit-mismatch" Error Measurable "A value's unit does not fit the metric's dimension.";
    /// `target at least 110%`
    OutOfDomain = "M204" "out-of-domain" Error Measurable "A value lies outside the metric's possible values.";
    /// No `target` clause.
    MissingTarget = "M205" "missing-target" Error Measurable "The goal has no target.";
    /// `60 sekunden`
    UnknownUnit = "M206" "unknown-unit" Error Measurable "A unit is not known.";
    /// `scope channel is caht`
    UnknownValue = "M207" "unknown-value" Error Measurable "A field is compared with a value it can never have.";
    /// `target reduce by 15%` without a baseline.
    RelativeTargetWithoutBaseline = "M208" "relative-target-without-baseline" Error Measurable "A relative target has no baseline to be relative to.";
    /// `metric avg handle_time`
    UnknownStatistic = "M209" "unknown-statistic" Error Measurable "The statistic is not known.";
    /// `metric median csat`
    StatisticNotApplicable = "M210" "statistic-not-applicable" Error Measurable "A statistic or threshold does not apply to this metric.";
    /// `metric repeat_contact_rate (windw 7 days)`
    UnknownParameter = "M211" "unknown-parameter" Error Measurable "The metric has no such parameter.";
    /// `baseline 30% within 90 seconds` with `target 80% within 60 seconds`
    ThresholdMismatch = "M212" "threshold-mismatch" Error Measurable "A baseline or checkpoint uses another threshold than the target.";
    /// `metric help_center_coverage` without `(top_topics N)`
    MissingParameter = "M213" "missing-parameter" Error Measurable "A required metric parameter is missing.";

    /// No `baseline` clause.
    MissingBaseline = "A301" "missing-baseline" Warning Achievable "The goal has no baseline.";
    /// Baseline 90% with target at least 80%.
    TargetAlreadyMet = "A302" "target-already-met" Warning Achievable "The baseline already meets the target.";
    /// 30% to 70% in one quarter.
    TooAmbitious = "A303" "too-ambitious" Warning Achievable "The required improvement per quarter exceeds the configured bound.";
    /// Checkpoints 50% then 40% toward 70%.
    CheckpointsNotMonotone = "A304" "checkpoints-not-monotone" Error Achievable "Checkpoints do not move steadily toward the target.";
    /// `target 100% within 0 seconds`
    ImpossibleTarget = "A305" "impossible-target" Error Achievable "No possible value meets the target.";
    /// `target increase by 5%` for escalation rate.
    WrongDirection = "A306" "wrong-direction" Warning Achievable "The target moves the metric in its worse direction.";

    /// No `serves` clause.
    MissingObjective = "R401" "missing-objective" Error Relevant "The goal serves no objective.";
    /// `serves fast-answer` when only `fast-answers` is declared.
    UnknownObjective = "R402" "unknown-objective" Error Relevant "The goal serves an objective that is not declared.";
    /// A speed metric with no guardrail.
    MissingGuardrail = "R403" "missing-guardrail" Warning Relevant "A speed goal has no quality guardrail.";
    /// No `through` clause.
    MissingInitiative = "R404" "missing-initiative" Warning Relevant "The goal names no initiative or resource.";
    /// `guardrail handle_time ...` on a speed goal.
    GuardrailNotQuality = "R405" "guardrail-not-quality" Warning Relevant "A guardrail does not measure quality.";

    /// Neither `deadline` nor `window`.
    MissingDeadline = "T501" "missing-deadline" Error TimeBound "The goal has no deadline.";
    /// Deadline before the start, a checkpoint after the deadline or before the start.
    TimelineOutOfOrder = "T502" "timeline-out-of-order" Error TimeBound "Baseline, start, checkpoints, window and deadline are not in time order.";
    /// `deadline 2026-02-30`
    InvalidDate = "T503" "invalid-date" Error TimeBound "A date or period does not exist.";
    /// `deadline 03/04/2026`, `next quarter`
    AmbiguousDate = "T504" "ambiguous-date" Error TimeBound "A date can be read more than one way.";
    /// `window 2 weeks ...` with `review monthly`
    WindowShorterThanReview = "T505" "window-shorter-than-review" Error TimeBound "The window ends before the first review.";
    /// No `review` clause.
    MissingReview = "T506" "missing-review" Warning TimeBound "The goal has no review cadence.";
    /// A deadline before today.
    DeadlinePassed = "T507" "deadline-passed" Warning TimeBound "The deadline has already passed.";
    /// Baseline measured after the deadline.
    BaselineAfterDeadline = "T508" "baseline-after-deadline" Error TimeBound "The baseline period starts after the deadline.";
    /// `in Europe/Berln`
    UnknownTimeZone = "T509" "unknown-time-zone" Error TimeBound "The time zone is not in the IANA database.";
    /// `during busines-hours`
    UnknownSchedule = "T510" "unknown-schedule" Error TimeBound "The goal uses a schedule that is not declared.";
    /// `schedule s: monday to friday 17:00 to 09:00 in UTC`
    InvalidSchedule = "T511" "invalid-schedule" Error TimeBound "A schedule's days or hours are invalid.";
    /// `review montly`, `window each mnth in 2026`
    UnknownPeriodUnit = "T512" "unknown-period-unit" Error TimeBound "A cadence or period unit is not known.";
    /// Seven goals owned by the same team in Q3 2026.
    TooManyGoals = "P601" "too-many-goals" Warning Portfolio "An owner has more goals in one quarter than the limit.";
    /// A speed goal without guardrail and no quality goal for the same tickets.
    SpeedWithoutQuality = "P602" "speed-without-quality" Warning Portfolio "A speed goal has no guardrail and no quality goal covers its tickets.";
    /// `target at least 80%` and `target at most 70%` on the same metric and tickets.
    ConflictingTargets = "P603" "conflicting-targets" Error Portfolio "Two goals on the same metric and tickets ask for incompatible values.";
    /// `target at least 88%` with `no month below 90%`.
    FloorAgainstTarget = "P604" "floor-against-target" Warning Portfolio "A per-period limit makes the target impossible or trivial.";
    /// Baseline measured in Q1 2026 for a goal running through 2026.
    BaselineOverlapsGoal = "T513" "baseline-overlaps-goal" Warning TimeBound "The baseline period overlaps the goal's own timeline.";
    /// `--data tickets.csv` where the file does not exist, or a folder mixing CSV and Parquet.
    UnreadableData = "D701" "unreadable-data" Error Data "A data source cannot be read.";
    /// A mapping names a column the file lacks, or a goal needs a column no source provides.
    MissingColumn = "D702" "missing-column" Error Data "A column the goals need is not in the data.";
    /// `created_at` stored as a boolean in a Parquet file.
    WrongColumnType = "D703" "wrong-column-type" Error Data "A column's type cannot hold the canonical type.";
    /// `during business-hours`: the runtime does not measure inside schedules yet.
    NotEvaluable = "D704" "not-evaluable" Error Data "A goal uses a construct the runtime cannot evaluate yet.";
    /// Rows with no creation time, an unknown channel or a duplicate id.
    ExcludedRows = "D705" "excluded-rows" Warning Data "Rows that cannot count were excluded.";
    /// `csat` of 7, a first response before creation, a boolean `maybe`.
    InvalidValues = "D706" "invalid-values" Warning Data "Values that cannot be valid were treated as missing.";
    /// A goal on 1:1 meetings with no meetings table.
    NoSource = "D707" "no-source" Error Data "No data source is given for a table the goals need.";
    /// A baseline to be measured over a period the data does not cover.
    NoData = "D708" "no-data" Warning Data "A value could not be measured: no records in its period.";
}

impl Rule {
    /// Looks a rule up by code (`T501`) or name (`missing-deadline`), ignoring case.
    pub fn find(code_or_name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| {
            r.code().eq_ignore_ascii_case(code_or_name)
                || r.name().eq_ignore_ascii_case(code_or_name)
        })
    }

    /// The path of the rule's documentation page, relative to the repository root.
    pub fn doc_path(self) -> String {
        format!("docs/rules/{}-{}.md", self.code(), self.name())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code(), self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
        let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
        codes.sort_unstable();
        names.sort_unstable();
        codes.dedup();
        names.dedup();
        assert_eq!(codes.len(), Rule::ALL.len());
        assert_eq!(names.len(), Rule::ALL.len());
        for rule in Rule::ALL {
            let letter = match rule.group() {
                Group::Syntax => 'E',
                Group::Specific => 'S',
                Group::Measurable => 'M',
                Group::Achievable => 'A',
                Group::Relevant => 'R',
                Group::TimeBound => 'T',
                Group::Portfolio => 'P',
                Group::Data => 'D',
            };
            assert!(rule.code().starts_with(letter), "{rule}");
            assert!(
                rule.name()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-')
            );
        }
    }

    #[test]
    fn every_rule_has_its_page_built_in() {
        for rule in Rule::ALL {
            let title = format!("# {} {}\n", rule.code(), rule.name());
            assert!(rule.documentation().starts_with(&title), "{rule}");
        }
    }

    #[test]
    fn lookup_by_code_or_name() {
        assert_eq!(Rule::find("t501"), Some(Rule::MissingDeadline));
        assert_eq!(Rule::find("missing-deadline"), Some(Rule::MissingDeadline));
        assert_eq!(Rule::find("X999"), None);
    }
}
