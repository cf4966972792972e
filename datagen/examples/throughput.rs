//! Measures generation speed: `cargo run --release -p goal-datagen --example throughput [N]`.

use goal_datagen::{Config, generate_columns, tickets, write_tickets_csv};
use std::time::Instant;

fn main() -> std::io::Result<()> {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.replace('_', "").parse().ok())
        .unwrap_or(2_000_000);
    let config = Config {
        tickets: n,
        bad_rows: false,
        ..Config::default()
    };
    let rate = |what: &str, started: Instant| {
        let s = started.elapsed().as_secs_f64();
        println!("{what:<28} {s:6.2} s  {:>12.0} rows/s", n as f64 / s);
    };
    let started = Instant::now();
    let solved = tickets(&config).filter(|t| t.solved_at.is_some()).count();
    rate("iterator", started);
    let started = Instant::now();
    let columns = generate_columns(&config);
    rate("generate_columns", started);
    let started = Instant::now();
    write_tickets_csv(&config, std::io::sink())?;
    rate("CSV to io::sink", started);
    println!("({solved} solved, {} rows in columns)", columns.len());
    Ok(())
}
