//! How many tickets arrive each day and at what time of day: weekly and yearly seasonality,
//! holidays and peak days, gentle growth, and a business-hours intraday profile.

use crate::Config;
use crate::calendar::{self, DAY};
use crate::math;
use crate::rng::Rng;

/// Relative arrivals per UTC hour of the day (business-hours peak).
const HOURLY: [f64; 24] = [
    0.15, 0.10, 0.08, 0.08, 0.10, 0.20, 0.40, 0.70, 1.00, 1.20, 1.30, 1.30, 1.20, 1.25, 1.30, 1.25,
    1.15, 1.00, 0.85, 0.70, 0.55, 0.45, 0.35, 0.25,
];

/// Relative volume in the middle of each month, January first: quiet in February, a peak in
/// November and December.
const MONTHLY: [f64; 12] = [
    0.95, 0.88, 0.92, 0.93, 0.95, 0.95, 0.97, 1.00, 1.00, 1.05, 1.35, 1.45,
];

/// Weekend days get this share of a weekday's volume.
pub(crate) const WEEKEND_FACTOR: f64 = 0.4;

/// One day of the range: its first second, the window of seconds of the day inside the range,
/// and how many tickets arrive in it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DayPlan {
    pub(crate) start: i64,
    pub(crate) lo: u32,
    pub(crate) hi: u32,
    pub(crate) count: u64,
}

/// The intraday arrival distribution (piecewise uniform per hour).
#[derive(Debug, Clone)]
pub(crate) struct Intraday {
    cum: [f64; 25],
}

impl Intraday {
    pub(crate) fn new() -> Intraday {
        let mut cum = [0.0; 25];
        for h in 0..24 {
            cum[h + 1] = cum[h] + HOURLY[h];
        }
        Intraday { cum }
    }

    /// Arrival mass before second `sec` of the day.
    fn mass(&self, sec: u32) -> f64 {
        let h = (sec / 3600).min(23) as usize;
        self.cum[h] + HOURLY[h] * f64::from(sec - h as u32 * 3600) / 3600.0
    }

    /// A second of the day in `lo..hi` drawn from the profile.
    pub(crate) fn draw(&self, rng: &mut Rng, lo: u32, hi: u32) -> u32 {
        let (a, b) = (self.mass(lo), self.mass(hi));
        let u = a + rng.uniform() * (b - a);
        let mut h = 0;
        while h < 23 && self.cum[h + 1] <= u {
            h += 1;
        }
        let sec = h as u32 * 3600 + ((u - self.cum[h]) / HOURLY[h] * 3600.0) as u32;
        sec.clamp(lo, hi.saturating_sub(1).max(lo))
    }
}

/// Relative volume of a calendar day (before the intraday window and noise).
fn day_weight(day: i64, first_day: i64) -> f64 {
    let (year, month, dom) = calendar::civil_from_days(day);
    let weekday = calendar::weekday(day);
    let weekly = if weekday >= 5 { WEEKEND_FACTOR } else { 1.0 };
    // Linear interpolation between mid-month values.
    let pos = f64::from(month - 1)
        + (f64::from(dom) - 0.5) / f64::from(calendar::days_in_month(year, month))
        - 0.5;
    let (i, frac) = if pos < 0.0 {
        (11, pos + 1.0)
    } else {
        (pos as usize, pos - pos.floor())
    };
    let seasonal = MONTHLY[i % 12] * (1.0 - frac) + MONTHLY[(i + 1) % 12] * frac;
    let growth = 1.0 + 0.06 * (day - first_day) as f64 / 365.0;
    seasonal * weekly * growth * holiday(year, month, dom)
}

/// Holidays and the Black Friday / Cyber Monday peaks.
fn holiday(year: i64, month: u32, dom: u32) -> f64 {
    match (month, dom) {
        (12, 25) => 0.35,
        (12, 24) | (12, 31) => 0.7,
        (1, 1) => 0.5,
        (11, _) => {
            let first = calendar::weekday(calendar::days_from_civil(year, 11, 1));
            let thanksgiving = 1 + (3 + 7 - first) % 7 + 21;
            if dom == thanksgiving + 1 {
                1.8
            } else if dom == thanksgiving + 4 {
                1.6
            } else {
                1.0
            }
        }
        _ => 1.0,
    }
}

/// Splits `config.tickets` over the days of the range, proportionally to each day's weight
/// with a little day-to-day noise. The counts add up to exactly `config.tickets`.
pub(crate) fn plan(config: &Config, intraday: &Intraday, rng: &mut Rng) -> Vec<DayPlan> {
    let (first_day, last_day) = (config.start.div_euclid(DAY), config.end.div_euclid(DAY));
    let full = intraday.mass(86_400);
    let mut days: Vec<(DayPlan, f64)> = Vec::new();
    for day in first_day..=last_day {
        let start = day * DAY;
        let lo = if day == first_day {
            (config.start - start) as u32
        } else {
            0
        };
        let hi = if day == last_day {
            (config.end - start + 1) as u32
        } else {
            DAY as u32
        };
        let window = (intraday.mass(hi) - intraday.mass(lo)) / full;
        let noise = (1.0 + 0.07 * rng.normal()).max(0.5);
        let plan = DayPlan {
            start,
            lo,
            hi,
            count: 0,
        };
        days.push((plan, day_weight(day, first_day) * window * noise));
    }
    let total: f64 = days.iter().map(|d| d.1).sum();
    let n = config.tickets as f64;
    let (mut cum, mut given) = (0.0, 0u64);
    let mut out = Vec::with_capacity(days.len());
    for (mut plan, w) in days {
        cum += w;
        let upto = if total > 0.0 {
            (math::round(n * cum / total) as u64).min(config.tickets)
        } else {
            0
        };
        plan.count = upto - given;
        given = upto;
        out.push(plan);
    }
    if let Some(last) = out.last_mut() {
        last.count += config.tickets - given;
    }
    out
}
