//! The committed example data must be exactly what the generator writes with the default
//! configuration, so it can never drift from the code.

use goal_datagen::{Config, write_data_set};
use std::fs;
use std::path::PathBuf;

#[test]
fn committed_example_data_is_what_the_generator_writes() {
    let dir = std::env::temp_dir().join(format!("goal-datagen-example-{}", std::process::id()));
    let rows = write_data_set(&Config::default(), &dir).unwrap();
    assert_eq!(rows, 30_000);
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data");
    for name in ["tickets.csv", "staff.csv", "meetings.csv", "qa_reviews.csv"] {
        let fresh = fs::read_to_string(dir.join(name)).unwrap();
        let old = fs::read_to_string(committed.join(name)).unwrap();
        if fresh != old {
            let line = fresh
                .lines()
                .zip(old.lines())
                .position(|(a, b)| a != b)
                .map_or_else(
                    || "the line count".to_owned(),
                    |i| format!("line {}", i + 1),
                );
            panic!(
                "examples/data/{name} differs from the generator's output at {line}; \
                 regenerate it with `cargo run -p goal-datagen -- --out examples/data`"
            );
        }
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn example_tickets_stay_small() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data/tickets.csv");
    let size = fs::metadata(path).unwrap().len();
    assert!(size < 8_000_000, "tickets.csv is {size} bytes");
}
