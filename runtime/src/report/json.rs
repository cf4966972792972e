//! The JSON output: the evaluation as documented by docs/schemas/eval-output.schema.json.

use crate::model::Evaluation;
use serde_json::Value;

/// The version of the output's shape: fields are only ever added; it changes if one is removed
/// or renamed.
pub const VERSION: u32 = 1;

/// The evaluation as a JSON value, with the format version first.
pub fn json(evaluation: &Evaluation) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("version".into(), Value::from(VERSION));
    if let Ok(Value::Object(fields)) = serde_json::to_value(evaluation) {
        map.extend(fields);
    }
    Value::Object(map)
}
