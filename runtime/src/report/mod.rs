//! Renderings of an evaluation: a table for people, JSON for tools, CSV for spreadsheets,
//! Markdown for pull requests and wikis.

mod csv;
mod json;
mod markdown;
mod table;
pub(crate) mod values;

pub use csv::csv;
pub use json::json;
pub use markdown::markdown;
pub use table::table;
