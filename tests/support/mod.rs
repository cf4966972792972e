//! Shared by the command-line tests: running the `goal` binary and validating its JSON against
//! a schema in `docs/schemas/`.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `goal args` in `dir`, without colour.
pub fn goal_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_goal"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("goal runs")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Fails the test unless `document` follows `docs/schemas/<schema>`.
pub fn assert_follows_schema(document: &serde_json::Value, schema: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/schemas")
        .join(schema);
    let text = std::fs::read_to_string(&path).expect("schema");
    let value: serde_json::Value = serde_json::from_str(&text).expect("schema JSON");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource(schema, value).expect("schema added");
    let id = compiler
        .compile(schema, &mut schemas)
        .expect("schema compiles");
    if let Err(e) = schemas.validate(document, id) {
        panic!("the JSON output does not follow {schema}: {e:#}");
    }
}
