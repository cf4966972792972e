//! Per-day partial aggregates of a day query: the rows' record flags and values, summed per
//! (day, breakdown group) in one pass per column. Rows usually come in runs of one day (an
//! export in time order), and a flag column is then counted run by run, a word of bits at a
//! time; otherwise by visiting its set bits only. polars' generic grouped reductions visit
//! every row of every column (13% of a 50-goal evaluation).

use polars::prelude::*;

/// The (day, group) pairs of a day query's rows, and each row's pair.
pub struct Slots {
    /// The pairs.
    pub keys: Vec<(i32, Option<String>)>,
    /// Per row, the index of its pair in `keys`; [`NO_DAY`] for a row without a day.
    rows: Vec<u32>,
    /// The rows as runs of consecutive rows of one pair, in row order (rows without a day in
    /// none); `None` when the runs are too short for counting by run to pay.
    runs: Option<Vec<Run>>,
}

/// Consecutive rows `start..end` of the pair `slot`.
#[derive(Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
    slot: usize,
}

/// One measure's aggregates per pair of [`Slots::keys`].
pub struct Sums {
    /// Records counted (`n<id>`).
    pub records: Vec<f64>,
    /// Values summed (`s<id>`; zero when the measure has none).
    pub values: Vec<f64>,
    /// Extreme values (`e<id>`; `None` when the measure has none).
    pub extremes: Vec<Option<f64>>,
}

/// The slot of a row without a day.
const NO_DAY: u32 = u32::MAX;

impl Slots {
    /// The pairs of `df`'s `_day` column and, when present, its `_group` column: every day
    /// from the first to the last (the days of one query span a few periods) times each group
    /// found, numbered without hashing each row's day.
    pub fn new(df: &DataFrame) -> PolarsResult<Slots> {
        let days = df.column("_day")?.cast(&DataType::Int32)?;
        let days = days.i32()?;
        let (Some(first), Some(last)) = (days.min(), days.max()) else {
            return Ok(Slots {
                keys: Vec::new(),
                rows: vec![NO_DAY; df.height()],
                runs: None,
            });
        };
        let span = usize::try_from(i64::from(last) - i64::from(first) + 1).unwrap_or(0);
        // Each row's group as an index into `names` (one group, `None`, without a breakdown).
        let mut names: Vec<Option<String>> = Vec::new();
        let mut group_of = Vec::new();
        match df.column("_group") {
            Ok(c) => {
                let c = c.cast(&DataType::String)?;
                let mut index: std::collections::HashMap<Option<&str>, u32> =
                    std::collections::HashMap::new();
                for group in c.str()?.iter() {
                    let next = u32::try_from(names.len()).unwrap_or(u32::MAX);
                    group_of.push(*index.entry(group).or_insert_with(|| {
                        names.push(group.map(str::to_owned));
                        next
                    }));
                }
            }
            Err(_) => names.push(None),
        }
        let too_many = || polars_err!(ComputeError: "too many days and groups in one query");
        let slots = span.checked_mul(names.len()).ok_or_else(too_many)?;
        if slots >= NO_DAY as usize {
            return Err(too_many());
        }
        let mut keys = Vec::with_capacity(slots);
        for day in first..=last {
            keys.extend(names.iter().map(|g| (day, g.clone())));
        }
        let groups = names.len() as u32;
        let slot = |day: i32, group: u32| (day - first) as u32 * groups + group;
        let mut rows: Vec<u32> = Vec::with_capacity(days.len());
        for array in days.downcast_iter() {
            let at = rows.len();
            let all_days = array.validity().is_none_or(|v| v.unset_bits() == 0);
            match (all_days, group_of.is_empty()) {
                // Without a breakdown or a missing day, straight from the values.
                (true, true) => rows.extend(array.values().iter().map(|&day| slot(day, 0))),
                _ => rows.extend(array.iter().enumerate().map(|(i, day)| match day {
                    Some(&day) => slot(day, group_of.get(at + i).copied().unwrap_or(0)),
                    None => NO_DAY,
                })),
            }
        }
        let runs = runs(&rows);
        Ok(Slots { keys, rows, runs })
    }

    /// The aggregates of each measure `(id, max)` from the columns `n<id>`, `s<id>` and
    /// `e<id>` of `df` (`max`: whether the extreme is a maximum, `None` without one), the
    /// measures shared out between threads.
    pub fn measures(
        &self,
        df: &DataFrame,
        ids: &[(usize, Option<bool>)],
    ) -> PolarsResult<Vec<Sums>> {
        let one = |(id, max): &(usize, Option<bool>)| -> PolarsResult<Sums> {
            let records = self.sum(df.column(&format!("n{id}"))?)?;
            let values = match df.column(&format!("s{id}")) {
                Ok(c) => self.sum(c)?,
                Err(_) => vec![0.0; records.len()],
            };
            let extremes = match (df.column(&format!("e{id}")), max) {
                (Ok(c), Some(max)) => self.extreme(c, *max)?,
                _ => vec![None; records.len()],
            };
            Ok(Sums {
                records,
                values,
                extremes,
            })
        };
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let per_thread = ids.len().div_ceil(threads.max(1)).max(1);
        let parts: Vec<Option<PolarsResult<Vec<Sums>>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = ids
                .chunks(per_thread)
                .map(|part| scope.spawn(move || part.iter().map(one).collect()))
                .collect();
            handles.into_iter().map(|h| h.join().ok()).collect()
        });
        let mut out = Vec::with_capacity(ids.len());
        for part in parts {
            let Some(part) = part else {
                polars_bail!(ComputeError: "summing the day aggregates failed");
            };
            out.extend(part?);
        }
        Ok(out)
    }

    /// The sum of a flag (counted as 1 when true) or number column per pair; missing values
    /// add nothing.
    fn sum(&self, column: &Column) -> PolarsResult<Vec<f64>> {
        let mut sums = vec![0.0; self.keys.len()];
        if let (DataType::Boolean, Some(runs)) = (column.dtype(), &self.runs) {
            let mut offset = 0;
            let mut next = 0;
            for chunk in column.as_materialized_series().bool()?.downcast_iter() {
                let values = match chunk.validity() {
                    Some(valid) => chunk.values() & valid,
                    None => chunk.values().clone(),
                };
                let end = offset + chunk.len();
                // The runs that overlap this chunk; one may go on into the next.
                while let Some(run) = runs.get(next).filter(|r| r.start < end) {
                    let (from, to) = (run.start.max(offset), run.end.min(end));
                    let set = values.clone().sliced(from - offset, to - from).set_bits();
                    if let Some(sum) = sums.get_mut(run.slot) {
                        *sum += set as f64;
                    }
                    if run.end > end {
                        break;
                    }
                    next += 1;
                }
                offset = end;
            }
        } else if column.dtype() == &DataType::Boolean {
            let mut offset = 0;
            for chunk in column.as_materialized_series().bool()?.downcast_iter() {
                let values = match chunk.validity() {
                    Some(valid) => chunk.values() & valid,
                    None => chunk.values().clone(),
                };
                for i in values.true_idx_iter() {
                    if let Some(sum) = sums.get_mut(self.rows[offset + i] as usize) {
                        *sum += 1.0;
                    }
                }
                offset += chunk.len();
            }
        } else {
            let values = column.cast(&DataType::Float64)?;
            for (row, value) in self.rows.iter().zip(values.f64()?.iter()) {
                if let (Some(sum), Some(v)) = (sums.get_mut(*row as usize), value) {
                    *sum += v;
                }
            }
        }
        Ok(sums)
    }

    /// The largest (`max`) or smallest value of a number column per pair.
    fn extreme(&self, column: &Column, max: bool) -> PolarsResult<Vec<Option<f64>>> {
        let mut out: Vec<Option<f64>> = vec![None; self.keys.len()];
        let values = column.cast(&DataType::Float64)?;
        for (row, value) in self.rows.iter().zip(values.f64()?.iter()) {
            if let (Some(best), Some(v)) = (out.get_mut(*row as usize), value) {
                *best = Some(match *best {
                    Some(b) if max => b.max(v),
                    Some(b) => b.min(v),
                    None => v,
                });
            }
        }
        Ok(out)
    }
}

/// The runs of `rows` (pairs per row), or `None` when they average fewer than 64 rows: below
/// that, visiting the set bits is as fast.
fn runs(rows: &[u32]) -> Option<Vec<Run>> {
    let mut runs: Vec<Run> = Vec::new();
    for (row, &slot) in rows.iter().enumerate() {
        match runs.last_mut() {
            Some(run) if run.end == row && run.slot == slot as usize => run.end += 1,
            _ if slot == NO_DAY => {}
            _ => {
                if runs.len() * 64 > rows.len() {
                    return None;
                }
                runs.push(Run {
                    start: row,
                    end: row + 1,
                    slot: slot as usize,
                });
            }
        }
    }
    Some(runs)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Five rows: days 10, 12, 10, none, 12; groups a, b, a, a, a.
    fn frame(groups: bool) -> DataFrame {
        let mut columns = vec![
            Column::new(
                "_day".into(),
                [Some(10i32), Some(12), Some(10), None, Some(12)],
            ),
            Column::new("n0".into(), [true, true, false, true, true]),
            Column::new(
                "s0".into(),
                [Some(1.5), Some(2.0), None, Some(9.0), Some(0.5)],
            ),
            Column::new(
                "e0".into(),
                [Some(3.0), None, Some(7.0), Some(99.0), Some(1.0)],
            ),
        ];
        if groups {
            columns.push(Column::new("_group".into(), ["a", "b", "a", "a", "a"]));
        }
        DataFrame::new(5, columns).unwrap()
    }

    /// A pair and its (records, values, extreme).
    type Row = ((i32, Option<String>), (f64, f64, Option<f64>));

    /// The pairs with records or values.
    fn table(df: &DataFrame, max: bool) -> Vec<Row> {
        let slots = Slots::new(df).unwrap();
        let sums = slots.measures(df, &[(0, Some(max))]).unwrap().remove(0);
        slots
            .keys
            .iter()
            .cloned()
            .zip(sums.records.into_iter().zip(sums.values).zip(sums.extremes))
            .map(|(k, ((n, s), e))| (k, (n, s, e)))
            .filter(|(_, (n, s, e))| *n > 0.0 || *s != 0.0 || e.is_some())
            .collect()
    }

    #[test]
    fn sums_per_day_leave_out_rows_without_a_day() {
        // Day 10: rows 1 and 3 (n: 1 of 2, s: 1.5 + missing, max e: 7);
        // day 12: rows 2 and 5 (n: 2, s: 2.5, max e: 1). Row 4 has no day.
        assert_eq!(
            table(&frame(false), true),
            vec![
                ((10, None), (1.0, 1.5, Some(7.0))),
                ((12, None), (2.0, 2.5, Some(1.0))),
            ]
        );
    }

    #[test]
    fn sums_per_day_and_group() {
        // Day 10, a: rows 1 and 3; day 12, a: row 5; day 12, b: row 2 (min e: none).
        assert_eq!(
            table(&frame(true), false),
            vec![
                ((10, Some("a".into())), (1.0, 1.5, Some(3.0))),
                ((12, Some("a".into())), (1.0, 0.5, Some(1.0))),
                ((12, Some("b".into())), (1.0, 2.0, None)),
            ]
        );
    }

    #[test]
    fn long_runs_of_a_day_are_counted_by_run_across_chunks() {
        // 300 rows: 0..100 day 10, 100..110 no day, 110..250 day 11, 250..300 day 10 again;
        // the flag is set on multiples of 3 and missing on multiples of 7, in two chunks of
        // 150 rows (the run of day 11 spans both).
        let day = |i: i32| match i {
            0..100 | 250.. => Some(10),
            110..250 => Some(11),
            _ => None,
        };
        let flag = |i: i32| (i % 7 != 0).then_some(i % 3 == 0);
        let part = |rows: std::ops::Range<i32>| {
            DataFrame::new(
                rows.len(),
                vec![
                    Column::new("_day".into(), rows.clone().map(day).collect::<Vec<_>>()),
                    Column::new("n0".into(), rows.map(flag).collect::<Vec<_>>()),
                ],
            )
            .unwrap()
        };
        let mut df = part(0..150);
        df.vstack_mut(&part(150..300)).unwrap();
        assert_eq!(df.column("n0").unwrap().n_chunks(), 2);
        let slots = Slots::new(&df).unwrap();
        assert!(slots.runs.is_some());
        // Day 10: multiples of 3 in 0..100 (34) and 250..300 (16), less those of 21 (5 and
        // 3): 42. Day 11: 47 in 110..250, less 6: 41.
        let sums = slots.measures(&df, &[(0, None)]).unwrap().remove(0);
        assert_eq!(slots.keys, [(10, None), (11, None)]);
        assert_eq!(sums.records, [42.0, 41.0]);
    }

    #[test]
    fn no_days_no_pairs() {
        let df = DataFrame::new(
            1,
            vec![
                Column::new("_day".into(), [None::<i32>]),
                Column::new("n0".into(), [true]),
            ],
        )
        .unwrap();
        let slots = Slots::new(&df).unwrap();
        assert!(slots.keys.is_empty());
        let sums = slots.measures(&df, &[(0, None)]).unwrap();
        assert!(sums[0].records.is_empty());
    }
}
