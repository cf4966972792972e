//! Repeated keys: which rows hold a key that an earlier row already held (the rows the
//! duplicate check excludes; the first row of each key is kept).
//!
//! polars' `is_first_distinct` keeps one hash set of all the strings: on 10 million ticket ids
//! every insert misses the cache, and it takes about 6.6 s. Here each key is hashed to 64 bits
//! (in parallel), the (hash, row) pairs are partitioned by the hash's top bits into buckets
//! that fit in the cache, and each bucket goes through a small open-addressing table; only rows
//! whose hash equals an earlier row's are then compared by their text, so the answer is exact
//! whatever the hashes (about 0.5 s on the same ids). Measurements: docs/performance.md, "`goal eval` throughput".

use polars::prelude::*;
use std::hash::BuildHasher;

/// Rows per bucket aimed at: 32,768 pairs of 16 bytes and a table twice that size, inside a
/// core's L2 cache.
const BUCKET_ROWS: usize = 32_768;

/// The polars function: `true` on each row whose key an earlier row held, `false` on first
/// occurrences and missing keys. For `Expr::apply` on the key column (text).
pub fn repeated(column: Column) -> PolarsResult<Column> {
    let series = column.as_materialized_series().cast(&DataType::String)?;
    let keys = series.str()?;
    let state = PlRandomState::default();
    let flags = repeated_rows(keys, |key| state.hash_one(key.as_bytes()))?;
    let out: BooleanChunked = flags.into_iter().collect();
    Ok(out.with_name(column.name().clone()).into_column())
}

/// The output field of [`repeated`].
pub fn repeated_field(_: &Schema, field: &Field) -> PolarsResult<Field> {
    Ok(Field::new(field.name().clone(), DataType::Boolean))
}

/// Per row of `keys`: whether an earlier row holds the same (non-missing) key. `hash` may
/// collide: equal hashes are confirmed by comparing the keys.
fn repeated_rows(
    keys: &StringChunked,
    hash: impl Fn(&str) -> u64 + Sync,
) -> PolarsResult<Vec<bool>> {
    let n = keys.len();
    if u32::try_from(n).is_err() {
        polars_bail!(ComputeError: "a source of more than {} rows cannot be checked for repeated keys", u32::MAX);
    }
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let hashes = hash_all(keys, &hash, threads);
    let bits = (n / BUCKET_ROWS)
        .max(1)
        .next_power_of_two()
        .trailing_zeros()
        .min(12);
    let bucket = |h: u64| {
        if bits == 0 {
            0
        } else {
            (h >> (64 - bits)) as usize
        }
    };
    let buckets = 1usize << bits;
    // Counting sort of (hash, row) into buckets, rows ascending within each.
    let mut starts = vec![0usize; buckets + 1];
    for h in hashes.iter().flatten() {
        starts[bucket(*h) + 1] += 1;
    }
    for i in 0..buckets {
        starts[i + 1] += starts[i];
    }
    let mut fill = starts.clone();
    let mut pairs = vec![(0u64, 0u32); starts[buckets]];
    for (row, h) in hashes.iter().enumerate() {
        if let Some(h) = h {
            let b = bucket(*h);
            pairs[fill[b]] = (*h, row as u32);
            fill[b] += 1;
        }
    }
    drop(hashes);
    // The buckets, shared out between threads; each thread lists its repeated rows.
    let bounds: Vec<(usize, usize)> = (0..buckets).map(|b| (starts[b], starts[b + 1])).collect();
    let pairs = &pairs;
    let lists: Vec<Option<Vec<u32>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = bounds
            .chunks(buckets.div_ceil(threads.max(1)))
            .map(|group| {
                scope.spawn(move || {
                    let mut repeated = Vec::new();
                    let mut table = FirstRows::default();
                    for (start, end) in group {
                        table.find_repeats(&pairs[*start..*end], keys, &mut repeated);
                    }
                    repeated
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().ok()).collect()
    });
    let mut flags = vec![false; n];
    for list in lists {
        let Some(list) = list else {
            polars_bail!(ComputeError: "the check for repeated keys failed");
        };
        for row in list {
            flags[row as usize] = true;
        }
    }
    Ok(flags)
}

/// The 64-bit hash of every key (`None` for missing keys), computed in `threads` slices.
fn hash_all(
    keys: &StringChunked,
    hash: &(impl Fn(&str) -> u64 + Sync),
    threads: usize,
) -> Vec<Option<u64>> {
    let n = keys.len();
    let mut hashes = vec![None; n];
    let per_thread = n.div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        for (i, out) in hashes.chunks_mut(per_thread).enumerate() {
            let slice = keys.slice((i * per_thread) as i64, out.len());
            scope.spawn(move || {
                for (h, key) in out.iter_mut().zip(slice.iter()) {
                    *h = key.map(hash);
                }
            });
        }
    });
    hashes
}

/// An open-addressing table of (hash, first row) for one bucket at a time.
#[derive(Default)]
struct FirstRows {
    slots: Vec<(u64, u32)>,
}

/// The row of an empty slot (rows are below `u32::MAX`).
const EMPTY: u32 = u32::MAX;

impl FirstRows {
    /// Adds to `repeated` every row of `bucket` (pairs in row order) whose key an earlier row
    /// holds. Equal hashes are confirmed by text; a different key with the same hash takes a
    /// slot of its own.
    fn find_repeats(
        &mut self,
        bucket: &[(u64, u32)],
        keys: &StringChunked,
        repeated: &mut Vec<u32>,
    ) {
        let size = (bucket.len() * 2).next_power_of_two().max(16);
        self.slots.clear();
        self.slots.resize(size, (0, EMPTY));
        let mask = size - 1;
        for &(hash, row) in bucket {
            // The bucket's pairs share their top bits: probe with the low ones.
            let mut i = (hash as usize) & mask;
            loop {
                let (h, first) = self.slots[i];
                if first == EMPTY {
                    self.slots[i] = (hash, row);
                    break;
                }
                if h == hash && keys.get(first as usize) == keys.get(row as usize) {
                    repeated.push(row);
                    break;
                }
                i = (i + 1) & mask;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(values: &[Option<&str>]) -> StringChunked {
        StringChunked::new("k".into(), values)
    }

    #[test]
    fn later_copies_of_a_key_are_repeated_and_missing_keys_never() {
        let k = keys(&[
            Some("a"),
            Some("b"),
            None,
            Some("a"),
            None,
            Some("b"),
            Some("a"),
        ]);
        let state = PlRandomState::default();
        let flags = repeated_rows(&k, |s| state.hash_one(s.as_bytes())).expect("flags");
        assert_eq!(flags, [false, false, false, true, false, true, true]);
    }

    #[test]
    fn colliding_hashes_are_told_apart_by_the_keys() {
        // Every key hashes to 7: only equal texts are repeats.
        let k = keys(&[
            Some("x"),
            Some("y"),
            Some("x"),
            Some("z"),
            Some("y"),
            Some("w"),
        ]);
        assert_eq!(
            repeated_rows(&k, |_| 7).expect("flags"),
            [false, false, true, false, true, false]
        );
        // Enough rows for several buckets and threads; a weak hash (5,000 values spread over
        // the buckets) makes 15 distinct ids share each hash.
        let many: Vec<String> = (0..100_000)
            .map(|i| format!("T{:06}", i % 75_000))
            .collect();
        let k = StringChunked::new("k".into(), &many);
        let weak = |s: &str| {
            let number: u64 = s[1..].parse().unwrap_or(0);
            (number % 5_000) * (u64::MAX / 5_000)
        };
        let expected: Vec<bool> = (0..100_000).map(|i| i >= 75_000).collect();
        assert_eq!(repeated_rows(&k, weak).expect("flags"), expected);
    }

    #[test]
    fn the_polars_function_marks_repeats_in_row_order() {
        let frame = df!("id" => [Some("a"), None, Some("a"), Some("c")]).expect("frame");
        let out = frame
            .lazy()
            .select([col("id").apply(repeated, repeated_field)])
            .collect()
            .expect("collect");
        let flags: Vec<Option<bool>> = out
            .column("id")
            .expect("id")
            .bool()
            .expect("bool")
            .iter()
            .collect();
        assert_eq!(flags, [Some(false), Some(false), Some(true), Some(false)]);
    }
}
