//! Checks schedule declarations (business hours): days, times (T511) and time zone (T509).

use crate::diagnostic::Sink;
use crate::rules::Rule;
use goal_grammar::suggest::{did_you_mean, did_you_mean_or};
use goal_grammar::syntax::{Name, Schedule};

const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const DAY_ABBREVIATIONS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_GROUPS: &[&str] = &["weekdays", "weekends", "daily"];

/// Checks one schedule declaration.
pub(crate) fn check(schedule: &Schedule, sink: &mut Sink) {
    for range in &schedule.days {
        check_day(&range.from, sink);
        if let Some(to) = &range.to {
            check_day(to, sink);
        }
    }
    let opens = schedule.opens.as_ref().and_then(|t| minutes(t, sink));
    let closes = schedule.closes.as_ref().and_then(|t| minutes(t, sink));
    if let (Some(opens), Some(closes), Some(close_name)) = (opens, closes, &schedule.closes) {
        if closes <= opens {
            let d = sink
                .at(
                    Rule::InvalidSchedule,
                    close_name.span,
                    "the schedule closes at or before its opening time",
                )
                .label("closing time")
                .help("write the opening time first; for a night shift declare two schedules");
            sink.push(d);
        }
    }
    if let Some(zone) = &schedule.time_zone {
        if zone.value.parse::<chrono_tz::Tz>().is_err() {
            let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
            let offset = zone.value.contains(['+', '-']) && !zone.value.contains('/');
            let help = match did_you_mean(&zone.value, names) {
                _ if offset => "for a fixed offset use an IANA name such as `Etc/GMT-2` (two hours ahead of UTC; the sign is inverted)".into(),
                Some(s) => format!("did you mean `{s}`?"),
                None => {
                    "write an IANA time zone such as `Europe/Berlin`, `America/New_York` or `UTC`"
                        .into()
                }
            };
            let d = sink
                .at(
                    Rule::UnknownTimeZone,
                    zone.span,
                    format!("unknown time zone `{}`", zone.value),
                )
                .label("not an IANA time zone")
                .help(help);
            sink.push(d);
        }
    }
}

fn check_day(day: &Name, sink: &mut Sink) {
    let lower = day.value.to_lowercase();
    let known = |w: &&str| **w == lower;
    if DAYS.iter().any(known) || DAY_ABBREVIATIONS.iter().any(known) || DAY_GROUPS.iter().any(known)
    {
        return;
    }
    let candidates = DAYS.iter().chain(DAY_GROUPS).copied();
    let help = did_you_mean_or(&day.value, candidates, || {
        "write day names (`monday to friday`, `sat`) or `weekdays`, `weekends`, `daily`".into()
    });
    let d = sink
        .at(
            Rule::InvalidSchedule,
            day.span,
            format!("`{}` is not a day", day.value),
        )
        .label("not a day")
        .help(help);
    sink.push(d);
}

/// Minutes after midnight of `hh:mm` (24:00 allowed as the end of the day).
fn minutes(time: &Name, sink: &mut Sink) -> Option<u32> {
    let (h, m) = time.value.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    if m < 60 && (h < 24 || (h == 24 && m == 0)) {
        return Some(h * 60 + m);
    }
    let d = sink
        .at(
            Rule::InvalidSchedule,
            time.span,
            format!("`{}` is not a time of day", time.value),
        )
        .label("no such time")
        .help("write times as hh:mm between 00:00 and 24:00");
    sink.push(d);
    None
}
