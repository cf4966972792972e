//! Repeated keys: which rows hold a key that an earlier row already held (the rows the
//! duplicate check excludes; the first row of each key is kept).
//!
//! polars' `is_first_distinct` keeps one hash set of all the strings: on 10 million ticket ids
//! every insert misses the cache, and it takes about 6.6 s. Here each thread takes a slice of
//! consecutive rows and partitions its (hash, row) pairs by the hash's top bits into buckets
//! that fit in the cache; each bucket (its pairs from every slice, in row order) then goes
//! through a small open-addressing table. Only rows whose hash equals an earlier row's are
//! compared by their text, so the answer is exact whatever the hashes (about 0.2 s on the same
//! ids). Measurements: docs/performance.md, "`goal eval` throughput".

use polars::prelude::*;
use std::hash::BuildHasher;

/// Rows per bucket aimed at: 32,768 pairs of 8 bytes and a table twice that size, inside a
/// core's L2 cache.
const BUCKET_ROWS: usize = 32_768;

/// The rows (numbered from 0, ascending) whose key an earlier row held: every copy of a key
/// after its first. Keys are compared as the duplicate check defines them (docs/data.md):
/// trimmed, and missing when empty; missing keys are never repeats. So the check can read a
/// text key as the file holds it, without a cleaning pass of its own.
pub fn repeated_rows(keys: &StringChunked) -> PolarsResult<Vec<u32>> {
    let state = PlRandomState::default();
    repeated_rows_by(keys, |key| state.hash_one(key.as_bytes()))
}

/// The repeated-key check of a source read as several files: which rows, named by their file
/// and their row within it, hold a key that an earlier row of any file held.
pub struct Repeats {
    /// The first row of each file, rows numbered across the files in order.
    offsets: Vec<u64>,
    /// The repeated rows, so numbered, ascending.
    rows: Vec<u32>,
}

impl Repeats {
    /// Finds the repeats among `files`, each file's keys in row order.
    pub fn find(files: &[&StringChunked]) -> PolarsResult<Repeats> {
        let mut offsets = Vec::with_capacity(files.len());
        let mut keys = StringChunked::full_null("key".into(), 0);
        for file in files {
            offsets.push(keys.len() as u64);
            keys.append(file)?;
        }
        let rows = repeated_rows(&keys)?;
        Ok(Repeats { offsets, rows })
    }

    /// Per row named by `file` (its file's index) and `row` (its row within the file): whether
    /// it is a repeat.
    pub fn flags(&self, file: &UInt32Chunked, row: &IdxCa) -> BooleanChunked {
        if self.rows.is_empty() {
            return BooleanChunked::full("repeated".into(), false, file.len());
        }
        file.iter()
            .zip(row.iter())
            .map(|(file, row)| {
                let at = file.and_then(|f| self.offsets.get(f as usize).copied());
                let global = at.zip(row).map(|(at, row)| at + u64::from(row));
                global.is_some_and(|g| {
                    u32::try_from(g).is_ok_and(|g| self.rows.binary_search(&g).is_ok())
                })
            })
            .collect()
    }
}

/// [`repeated_rows`] with the hash given. `hash` may collide: equal hashes are confirmed by
/// comparing the keys.
fn repeated_rows_by(
    keys: &StringChunked,
    hash: impl Fn(&str) -> u64 + Sync,
) -> PolarsResult<Vec<u32>> {
    let n = keys.len();
    if u32::try_from(n).is_err() {
        polars_bail!(ComputeError: "a source of more than {} rows cannot be checked for repeated keys", u32::MAX);
    }
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let bits = (n / BUCKET_ROWS)
        .max(1)
        .next_power_of_two()
        .trailing_zeros()
        .min(12);
    let buckets = 1usize << bits;
    // Each thread partitions a slice of consecutive rows by bucket, so that a bucket's pairs
    // are its slices' in thread order: rows ascending.
    let per_thread = n.div_ceil(threads.max(1)).max(1);
    let hash = &hash;
    let partitions: Vec<Option<Partition>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n.div_ceil(per_thread))
            .map(|i| {
                let first = i * per_thread;
                let slice = keys.slice(first as i64, per_thread.min(n - first));
                scope.spawn(move || Partition::new(&slice, first as u32, bits, hash))
            })
            .collect();
        handles.into_iter().map(|h| h.join().ok()).collect()
    });
    let Some(partitions) = partitions.into_iter().collect::<Option<Vec<_>>>() else {
        polars_bail!(ComputeError: "the check for repeated keys failed");
    };
    // The buckets, shared out between threads; each thread lists its repeated rows.
    let partitions = &partitions;
    let all: Vec<usize> = (0..buckets).collect();
    let lists: Vec<Option<Vec<u32>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = all
            .chunks(buckets.div_ceil(threads.max(1)))
            .map(|group| {
                scope.spawn(move || {
                    let mut repeated = Vec::new();
                    let mut table = FirstRows::default();
                    for &b in group {
                        table.find_repeats(
                            partitions.iter().map(|p| p.bucket(b)),
                            keys,
                            &mut repeated,
                        );
                    }
                    repeated
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().ok()).collect()
    });
    let mut rows = Vec::new();
    for list in lists {
        let Some(list) = list else {
            polars_bail!(ComputeError: "the check for repeated keys failed");
        };
        rows.extend(list);
    }
    rows.sort_unstable();
    Ok(rows)
}

/// The (low 32 bits of the hash, row) pairs of consecutive rows with a key, grouped by bucket
/// (the hash's top bits), rows ascending within each.
struct Partition {
    starts: Vec<usize>,
    pairs: Vec<(u32, u32)>,
}

impl Partition {
    /// Partitions `keys`, whose first row is row `first` of the source, into `2^bits` buckets.
    fn new(keys: &StringChunked, first: u32, bits: u32, hash: &impl Fn(&str) -> u64) -> Self {
        let bucket = |h: u64| {
            if bits == 0 {
                0
            } else {
                (h >> (64 - bits)) as usize
            }
        };
        let buckets = 1usize << bits;
        // Every key hashed once, in one pass over the text; a row without one gets `NO_KEY`
        // (a key hashing to it is moved next to it: equal hashes are confirmed by text).
        let hash_key = |key: Option<&str>| match compared(key) {
            Some(key) => hash(key).min(NO_KEY - 1),
            None => NO_KEY,
        };
        let mut hashes = Vec::with_capacity(keys.len());
        if keys.null_count() == 0 {
            for array in keys.downcast_iter() {
                hashes.extend(array.values_iter().map(|key| hash_key(Some(key))));
            }
        } else {
            hashes.extend(keys.iter().map(hash_key));
        }
        // The rows with a key, and their hashes.
        let present = |visit: &mut dyn FnMut(u32, u64)| {
            for (row, &h) in (first..).zip(&hashes) {
                if h != NO_KEY {
                    visit(row, h);
                }
            }
        };
        let mut starts = vec![0usize; buckets + 1];
        present(&mut |_, h| starts[bucket(h) + 1] += 1);
        for i in 0..buckets {
            starts[i + 1] += starts[i];
        }
        let mut fill = starts.clone();
        let mut pairs = vec![(0u32, 0u32); starts[buckets]];
        present(&mut |row, h| {
            let b = bucket(h);
            pairs[fill[b]] = (h as u32, row);
            fill[b] += 1;
        });
        Partition { starts, pairs }
    }

    /// The pairs of bucket `b`.
    fn bucket(&self, b: usize) -> &[(u32, u32)] {
        &self.pairs[self.starts[b]..self.starts[b + 1]]
    }
}

/// The hash of a row without a key.
const NO_KEY: u64 = u64::MAX;

/// A key as the check compares it: as the cleaning stages leave a text key.
fn compared(key: Option<&str>) -> Option<&str> {
    key.and_then(crate::clean_text::trimmed_or_missing)
}

/// An open-addressing table of (hash, first row) for one bucket at a time.
#[derive(Default)]
struct FirstRows {
    slots: Vec<(u32, u32)>,
}

/// The row of an empty slot (rows are below `u32::MAX`).
const EMPTY: u32 = u32::MAX;

impl FirstRows {
    /// Adds to `repeated` every row of one bucket (its pairs in row order, in slices) whose
    /// key an earlier row holds. Equal hashes are confirmed by text; a different key with the
    /// same hash takes a slot of its own.
    fn find_repeats<'a>(
        &mut self,
        bucket: impl Iterator<Item = &'a [(u32, u32)]> + Clone,
        keys: &StringChunked,
        repeated: &mut Vec<u32>,
    ) {
        let len: usize = bucket.clone().map(<[_]>::len).sum();
        let size = (len * 2).next_power_of_two().max(16);
        self.slots.clear();
        self.slots.resize(size, (0, EMPTY));
        let mask = size - 1;
        for &(hash, row) in bucket.flatten() {
            // The bucket's pairs share their top bits: probe with the low ones.
            let mut i = (hash as usize) & mask;
            loop {
                let (h, first) = self.slots[i];
                if first == EMPTY {
                    self.slots[i] = (hash, row);
                    break;
                }
                if h == hash
                    && compared(keys.get(first as usize)) == compared(keys.get(row as usize))
                {
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
        assert_eq!(repeated_rows(&k).expect("rows"), [3, 5, 6]);
    }

    #[test]
    fn keys_are_compared_trimmed_and_empty_keys_are_missing() {
        let k = keys(&[
            Some(" a"),
            Some(""),
            Some("a\t"),
            Some("  "),
            Some("b"),
            Some(""),
            Some("b "),
            Some("a b"),
            Some("ab"),
        ]);
        assert_eq!(repeated_rows(&k).expect("rows"), [2, 6]);
        // The same with a missing key among them (the other path through the text).
        let k = keys(&[Some(" a"), None, Some("a"), Some(" "), Some("")]);
        assert_eq!(repeated_rows(&k).expect("rows"), [2]);
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
        assert_eq!(repeated_rows_by(&k, |_| 7).expect("rows"), [2, 4]);
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
        let expected: Vec<u32> = (75_000..100_000).collect();
        assert_eq!(repeated_rows_by(&k, weak).expect("rows"), expected);
    }

    #[test]
    fn repeats_across_files_are_named_by_file_and_row() {
        // File 0: a b; file 1: c a; file 2: b b d. Repeated: file 1 row 1 (a), file 2 rows 0
        // and 1 (b).
        let files = [
            keys(&[Some("a"), Some("b")]),
            keys(&[Some("c"), Some("a")]),
            keys(&[Some("b"), Some("b"), Some("d")]),
        ];
        let repeats = Repeats::find(&files.iter().collect::<Vec<_>>()).expect("repeats");
        let file = UInt32Chunked::new("f".into(), &[0, 1, 1, 2, 2, 2]);
        let row = IdxCa::new("r".into(), &[1, 0, 1, 0, 1, 2]);
        let flags: Vec<Option<bool>> = repeats.flags(&file, &row).iter().collect();
        assert_eq!(
            flags,
            [false, false, true, true, true, false].map(Some).to_vec()
        );
    }
}
