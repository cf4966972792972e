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
    let mut document = Value::Object(map);
    stabilise(&mut document);
    document
}

/// Rounds every fractional number to [`super::values::stable`] precision.
fn stabilise(value: &mut Value) {
    match value {
        Value::Number(n) => {
            if let Some(v) = n.as_f64().filter(|_| n.is_f64()) {
                if let Some(rounded) = serde_json::Number::from_f64(super::values::stable(v)) {
                    *n = rounded;
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(stabilise),
        Value::Object(fields) => fields.values_mut().for_each(stabilise),
        _ => {}
    }
}
