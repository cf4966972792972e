//! The goal runtime: evaluates checked goals (`goal_compiler::ir`) over ticket data.
//!
//! The pipeline: [`source`] scans files lazily (and [`ragged`] reads CSV files for rows with
//! more fields than the header); [`table`] maps them onto the canonical schema, collapses
//! event logs and flags what cannot count; [`measure`] turns each metric into a
//! measure (records, day, aggregation); [`plan`] runs all measures of all goals in one batch;
//! [`evaluate`] turns the numbers into each goal's standing; [`report`] renders the result.

pub mod clean_text;
pub mod day_sums;
pub mod distinct;
pub mod evaluate;
pub mod measure;
pub mod model;
pub mod periods;
pub mod plan;
pub mod problem;
pub mod quality;
pub mod ragged;
pub mod report;
pub mod scope;
pub mod source;
pub mod table;
pub mod target;

pub use evaluate::{Request, check_schema, evaluate};
pub use model::{Evaluation, GoalResult, Status};
