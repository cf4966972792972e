//! The syntax tree of a `.goal` file.
//!
//! Every node carries the byte span of the text it came from. Names, numbers and dates are
//! kept as written: the compiler resolves and validates them, so that a typo is reported on the
//! exact word. Broken input shows up as `Error` nodes; the matching errors are in
//! [`crate::Parsed::errors`].

use serde::Serialize;

/// A half-open byte range `start..end` into the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A value with the span of the text it was read from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// A name as written: an identifier or the contents of a string.
pub type Name = Spanned<String>;

/// A parsed file: its declarations in source order and its comments.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct File {
    /// Declarations and error nodes, in source order.
    pub items: Vec<Item>,
    /// Every `#` comment, in source order (kept for the formatter and suppressions).
    pub comments: Vec<Comment>,
}

/// A `#` comment; `text` includes the `#`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comment {
    /// The comment text including the leading `#`.
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// A top-level declaration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Item {
    /// `objective id: "description"`
    Objective(Objective),
    /// `schedule id: days hh:mm to hh:mm in Zone/Name`
    Schedule(Schedule),
    /// `goal id: "title"` and its indented clauses.
    Goal(Goal),
    /// Lines that match no declaration.
    Error(Span),
}

impl Item {
    /// The span of the whole declaration.
    pub fn span(&self) -> Span {
        match self {
            Item::Objective(o) => o.span,
            Item::Schedule(s) => s.span,
            Item::Goal(g) => g.span,
            Item::Error(span) => *span,
        }
    }
}

/// `objective fast-answers: "Customers get a fast first answer"`
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    /// The objective's id, `None` when the header is broken.
    pub id: Option<Name>,
    /// Its one-sentence description.
    pub description: Option<Name>,
    /// The whole line.
    pub span: Span,
}

/// `schedule business-hours: monday to friday 09:00 to 17:00 in Europe/Berlin`
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    /// The schedule's id, `None` when the header is broken.
    pub id: Option<Name>,
    /// Day ranges, as written (`monday to friday`, `weekdays`, `sat`).
    pub days: Vec<DayRange>,
    /// Opening time `hh:mm`.
    pub opens: Option<Name>,
    /// Closing time `hh:mm`.
    pub closes: Option<Name>,
    /// IANA time zone name.
    pub time_zone: Option<Name>,
    /// The whole line.
    pub span: Span,
}

/// One day (`monday`) or a range of days (`monday to friday`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayRange {
    /// First day.
    pub from: Name,
    /// Last day of a range.
    pub to: Option<Name>,
}

/// A goal: header line plus clauses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    /// The goal's id, `None` when the header is broken.
    pub id: Option<Name>,
    /// The one-sentence title.
    pub title: Option<Name>,
    /// The span of the `goal` keyword.
    pub keyword: Span,
    /// Clauses in source order.
    pub clauses: Vec<Clause>,
    /// From the `goal` keyword to the end of the last clause.
    pub span: Span,
}

/// One indented line of a goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clause {
    /// What the clause says.
    pub kind: ClauseKind,
    /// The clause keyword (`target`, `owner`, ...); for error nodes the first word.
    pub keyword: Span,
    /// The clause without indentation, trailing comment or newline.
    pub span: Span,
}

/// The clauses a goal may contain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ClauseKind {
    /// `owner team "Chat Support"`
    Owner(Owner),
    /// `serves fast-answers, loyal-customers`
    Serves(Vec<Name>),
    /// `metric median first_response_time`
    Metric(MetricRef),
    /// `scope channel is chat` or `scope all tickets`
    Scope(Scope),
    /// `target at least 80% within 60 seconds`
    Target(Target),
    /// `baseline 68% in Q4 2025`
    Baseline(Baseline),
    /// `checkpoint 50% by end of Q1 2026`
    Checkpoint(Checkpoint),
    /// `deadline end of Q2 2026`
    Deadline(DateExpr),
    /// `start 2026-03-02` or `start Q3 2026`
    Start(Start),
    /// `window each month in 2026`
    Window(Window),
    /// `no month below 85%`
    Floor(Floor),
    /// `review weekly`
    Review(Cadence),
    /// `guardrail csat at least 85%`
    Guardrail(Guardrail),
    /// `through "expanded KB articles", "weekly coaching"`
    Through(Vec<Name>),
    /// `during business-hours`
    During(Name),
    /// A line that matches no clause.
    Error,
}

/// Who owns a goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Owner {
    /// `team` or `person`, when stated.
    pub kind: Option<Spanned<OwnerKind>>,
    /// The owner's name.
    pub name: Name,
}

/// The kinds of owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum OwnerKind {
    /// A team.
    Team,
    /// A single person.
    Person,
}

/// A metric with an optional statistic and arguments: `p90 first_response_time`,
/// `repeat_contact_rate (window 7 days)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricRef {
    /// `mean`, `median`, `p90`, ... when written before the metric name.
    pub statistic: Option<Name>,
    /// The metric's name.
    pub name: Name,
    /// `(name value, ...)` arguments.
    pub args: Vec<MetricArg>,
    /// The whole reference.
    pub span: Span,
}

/// One metric argument: `window 7 days`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricArg {
    /// Parameter name.
    pub name: Name,
    /// Its value.
    pub value: Quantity,
}

/// The population a goal measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Scope {
    /// `all tickets`: explicitly unscoped; the word names the population.
    All(Name),
    /// A filter over the population's fields.
    Filter(Filter),
}

/// A boolean filter over fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Filter {
    /// Every part must hold.
    And(Vec<Filter>, Span),
    /// At least one part must hold.
    Or(Vec<Filter>, Span),
    /// The part must not hold.
    Not(Box<Filter>, Span),
    /// `field op values`
    Condition(Condition),
}

impl Filter {
    /// The filter's span.
    pub fn span(&self) -> Span {
        match self {
            Filter::And(_, span) | Filter::Or(_, span) | Filter::Not(_, span) => *span,
            Filter::Condition(c) => c.span,
        }
    }
}

/// `channel is chat`, `tags include retail`, `priority in (high, urgent)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    /// The field (column) tested.
    pub field: Name,
    /// The operator.
    pub op: Spanned<FilterOp>,
    /// One or more values.
    pub values: Vec<Scalar>,
    /// The whole condition.
    pub span: Span,
}

/// Filter operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FilterOp {
    /// `is`, `=`
    Is,
    /// `is not`, `!=`
    IsNot,
    /// `in (a, b)`
    In,
    /// `not in (a, b)`
    NotIn,
    /// `includes` / `include` (for list fields such as tags)
    Includes,
    /// `excludes`
    Excludes,
}

impl FilterOp {
    /// The operator's canonical spelling.
    pub fn word(self) -> &'static str {
        match self {
            FilterOp::Is => "is",
            FilterOp::IsNot => "is not",
            FilterOp::In => "in",
            FilterOp::NotIn => "not in",
            FilterOp::Includes => "includes",
            FilterOp::Excludes => "excludes",
        }
    }
}

/// A literal value in a filter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scalar {
    /// How it was written.
    pub kind: ScalarKind,
    /// The text (string contents without quotes).
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// How a filter value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ScalarKind {
    /// A bare word: `chat`.
    Word,
    /// A quoted string: `"order status"`.
    String,
    /// A number: `1`.
    Number,
}

/// A number with an optional unit: `80%`, `60 seconds`, `4.5 on csat`, `2x`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    /// The number as written.
    pub number: Spanned<String>,
    /// The unit, if any.
    pub unit: Option<Unit>,
    /// The whole quantity.
    pub span: Span,
}

/// A unit as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Unit {
    /// `%`
    Percent(Span),
    /// `on csat`: a score on a named scale.
    Scale(Name),
    /// Any other word: `seconds`, `h`, `points`, `x`.
    Word(Name),
}

impl Unit {
    /// The unit's span.
    pub fn span(&self) -> Span {
        match self {
            Unit::Percent(span) => *span,
            Unit::Scale(name) | Unit::Word(name) => name.span,
        }
    }
}

/// A target: what value counts as success.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// The condition on the value.
    pub expr: TargetExpr,
    /// `each month`: the target applies to every period on its own.
    pub per_period: Option<Name>,
    /// The whole target after the keyword.
    pub span: Span,
}

/// The forms a target can take.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TargetExpr {
    /// `zero`
    Zero(Span),
    /// `between 30% and 40%`
    Between {
        /// Lower end.
        low: Quantity,
        /// Upper end.
        high: Quantity,
        /// `within 60 seconds` for a share of tickets.
        threshold: Option<Quantity>,
    },
    /// `reduce by 15%`, `increase by 10 points`, `reduce by 10% to 15%`
    Change {
        /// Which way.
        direction: Spanned<ChangeDirection>,
        /// How much (the lower end of a range).
        amount: Quantity,
        /// The upper end of a range.
        up_to: Option<Quantity>,
    },
    /// `at least 80%`, `under 4 hours`, `85%+`, `80% within 60 seconds`
    Bound {
        /// The comparator, when written (`at least`, `or more`, ...).
        comparator: Option<Spanned<Comparator>>,
        /// The value compared against.
        value: BoundValue,
        /// `within 60 seconds` for a share of tickets.
        threshold: Option<Quantity>,
    },
}

/// The value of a bound: a quantity, or the goal's baseline (`at least baseline`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum BoundValue {
    /// A number with a unit.
    Quantity(Quantity),
    /// The word `baseline`.
    Baseline(Span),
}

/// Which way a relative target moves the metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ChangeDirection {
    /// `reduce`, `decrease`, `lower`, `cut`
    Decrease,
    /// `increase`, `raise`, `grow`
    Increase,
}

/// Comparators, normalised from their many spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Comparator {
    /// `at least`, `no less than`, `or more`, `+`
    AtLeast,
    /// `at most`, `no more than`, `or less`
    AtMost,
    /// `under`, `below`, `less than`
    Below,
    /// `above`, `over`, `more than`
    Above,
    /// `exactly`
    Exactly,
}

impl ChangeDirection {
    /// The direction's canonical verb.
    pub fn word(self) -> &'static str {
        match self {
            ChangeDirection::Decrease => "reduce",
            ChangeDirection::Increase => "increase",
        }
    }
}

impl Comparator {
    /// The comparator's canonical spelling.
    pub fn word(self) -> &'static str {
        match self {
            Comparator::AtLeast => "at least",
            Comparator::AtMost => "at most",
            Comparator::Below => "under",
            Comparator::Above => "above",
            Comparator::Exactly => "exactly",
        }
    }
}

/// `baseline 68% in Q4 2025` or `baseline measured over 2025`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    /// The value, unless it is to be measured from data.
    pub value: Option<Quantity>,
    /// `within 90 seconds` for a share of tickets.
    pub threshold: Option<Quantity>,
    /// When the baseline was (or is to be) measured.
    pub period: Period,
}

/// `checkpoint 50% by end of Q1 2026`
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checkpoint {
    /// The value to reach.
    pub value: Quantity,
    /// `within 90 seconds` for a share of tickets.
    pub threshold: Option<Quantity>,
    /// When.
    pub by: DateExpr,
}

/// When a goal starts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Start {
    /// A day.
    Date(DateExpr),
    /// The first day of a period.
    Period(Period),
}

/// A point in time as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum DateExpr {
    /// `end of Q2 2026`, `start of 2027`
    Edge {
        /// Which end of the period.
        edge: Spanned<Edge>,
        /// The period.
        period: Box<Period>,
        /// The whole expression.
        span: Span,
    },
    /// `2026-06-30` (validated by the compiler).
    Date(Name),
    /// `03/04/2026`: day and month order is ambiguous.
    SlashDate(Name),
    /// `today`, `now`, `next quarter`: depends on when the file is read.
    Relative(Name),
}

impl DateExpr {
    /// The expression's span.
    pub fn span(&self) -> Span {
        match self {
            DateExpr::Edge { span, .. } => *span,
            DateExpr::Date(n) | DateExpr::SlashDate(n) | DateExpr::Relative(n) => n.span,
        }
    }
}

/// Which end of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Edge {
    /// `start of`, `beginning of`
    Start,
    /// `end of`
    End,
}

/// A calendar period as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Period {
    /// `Q2 2026`
    Quarter {
        /// `Q2` as written.
        quarter: Name,
        /// The year.
        year: Name,
        /// The whole period.
        span: Span,
    },
    /// `H1 2026`
    Half {
        /// `H1` as written.
        half: Name,
        /// The year.
        year: Name,
        /// The whole period.
        span: Span,
    },
    /// `June 2026`
    Month {
        /// The month's name.
        month: Name,
        /// The year.
        year: Name,
        /// The whole period.
        span: Span,
    },
    /// `2026`
    Year(Name),
    /// `2026-01-01 to 2026-03-31`
    Range {
        /// First day.
        from: Box<DateExpr>,
        /// Last day.
        to: Box<DateExpr>,
        /// The whole period.
        span: Span,
    },
    /// `next quarter`, `last year`: depends on when the file is read.
    Relative {
        /// `next`, `last`, `this`, ...
        word: Name,
        /// `quarter`, `month`, ...
        unit: Name,
        /// The whole period.
        span: Span,
    },
}

impl Period {
    /// The period's span.
    pub fn span(&self) -> Span {
        match self {
            Period::Quarter { span, .. }
            | Period::Half { span, .. }
            | Period::Month { span, .. }
            | Period::Range { span, .. }
            | Period::Relative { span, .. } => *span,
            Period::Year(year) => year.span,
        }
    }
}

/// The time window a goal is evaluated over.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    /// `each month`: evaluate period by period.
    pub each: Option<Name>,
    /// The whole span of the window.
    pub span_kind: WindowSpan,
}

/// The span of a window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum WindowSpan {
    /// `Q3 2026`, `2026`
    Period(Period),
    /// `from 2026-03-02 to 2026-04-12`
    Between {
        /// First day.
        from: DateExpr,
        /// Last day.
        to: DateExpr,
    },
    /// `6 weeks from 2026-03-02`
    Length {
        /// How long.
        length: Quantity,
        /// First day.
        from: DateExpr,
    },
}

/// `no month below 85%`: a floor (or ceiling) every period must respect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Floor {
    /// The period unit (`month`, `week`).
    pub period: Name,
    /// `below` (a floor) or `above` (a ceiling).
    pub edge: Spanned<FloorEdge>,
    /// The limit.
    pub value: Quantity,
}

/// Whether a per-period limit is a floor or a ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FloorEdge {
    /// `no month below X`: every period must be at least X.
    Below,
    /// `no week above X`: every period must be at most X.
    Above,
}

/// How often a goal is reviewed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Cadence {
    /// `weekly`, `monthly`, ...
    Named(Name),
    /// `every 2 weeks`
    Every(Quantity),
    /// `every month`
    EveryUnit(Name),
}

/// `guardrail csat at least 85%`: a second metric that must hold while the goal is pursued.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guardrail {
    /// The guarded metric.
    pub metric: MetricRef,
    /// The condition it must meet.
    pub target: Target,
}
