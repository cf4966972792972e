//! Integration tests of `goal check`: rule fixtures, the bundled examples, the rule
//! documentation, and the command line on bad input. One test binary for a faster build.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use goal_compiler::rules::Group;
use goal_compiler::{Options, Rule, Sources};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The day every test checks as of, so that results never depend on the calendar.
const TODAY: &str = "2026-01-05";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn options() -> Options {
    Options {
        today: chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap(),
        ..Options::default()
    }
}

/// Runs the real binary from the repository root.
fn goal(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_goal"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("goal runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn goal_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "goal"))
        .collect();
    files.sort();
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

/// The codes reported when `sources` are checked together.
fn codes(sources: &Sources) -> BTreeSet<String> {
    goal_compiler::check(sources, &options())
        .diagnostics
        .iter()
        .map(|d| d.rule.code().to_owned())
        .collect()
}

fn single(path: &str, text: &str) -> Sources {
    let mut sources = Sources::new();
    sources.add(path, text);
    sources
}

/// The codes a fixture declares on its first line: `# expect: T501, R404`.
fn expected_codes(text: &str) -> BTreeSet<String> {
    let first = text.lines().next().unwrap_or("");
    let list = first
        .strip_prefix("# expect:")
        .unwrap_or_else(|| panic!("fixture must start with `# expect:`, found {first:?}"));
    list.split(',')
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn every_rule_fixture_reports_exactly_its_expected_codes() {
    let dir = root().join("tests/fixtures/rules");
    let files = goal_files(&dir);
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let path = relative(&file);
        let expected = expected_codes(&text);
        assert_eq!(codes(&single(&path, &text)), expected, "{path}");

        let output = goal(&["check", &path, "--today", TODAY]);
        let expected_exit =
            if goal_compiler::check(&single(&path, &text), &options()).error_count() > 0 {
                1
            } else {
                0
            };
        assert_eq!(output.status.code(), Some(expected_exit), "{path}");
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        insta::with_settings!({ snapshot_path => "snapshots/rules", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name, format!("----- SOURCE CODE\n{text}\n----- OUTPUT\n{}", stdout(&output)));
        });
    }
}

#[test]
fn every_rule_with_a_location_has_a_failing_fixture() {
    let dir = root().join("tests/fixtures/rules");
    let covered: BTreeSet<String> = goal_files(&dir)
        .iter()
        .flat_map(|f| expected_codes(&std::fs::read_to_string(f).unwrap()))
        .collect();
    // These concern whole files or paths and are covered by the command-line tests below.
    // E011 reports a bug in goal itself; no input is known to trigger it. E015 needs 10,001
    // goals: compiler/tests/limits.rs tests it.
    let by_cli = [
        Rule::NotText,
        Rule::FileTooLarge,
        Rule::UnreadablePath,
        Rule::InternalError,
        Rule::InvalidConfig,
        Rule::ProjectTooLarge,
    ];
    for rule in Rule::ALL {
        // Data rules need data: tests/eval.rs reports every one of them.
        if !by_cli.contains(rule) && rule.group() != Group::Data {
            assert!(covered.contains(rule.code()), "no fixture reports {rule}");
        }
    }
}

#[test]
fn every_seed_example_compiles_without_errors() {
    let loaded = goal_compiler::load::load(&[root().join("examples")]);
    assert!(loaded.diagnostics.is_empty() && loaded.unreadable.is_empty());
    let seeds = loaded
        .sources
        .iter()
        .filter(|(_, s)| {
            Path::new(&s.path).file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .chars()
                    .take(2)
                    .all(|c| c.is_ascii_digit())
            })
        })
        .count();
    assert_eq!(seeds, 24, "one example file per seed goal");
    let checked = goal_compiler::check(&loaded.sources, &options());
    let errors: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.rule, d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let declared: usize = loaded
        .sources
        .iter()
        .map(|(_, s)| s.text.lines().filter(|l| l.starts_with("goal ")).count())
        .sum();
    assert_eq!(checked.goals.len(), declared, "every goal becomes IR");
}

#[test]
fn checking_the_examples_prints_their_warnings() {
    let output = goal(&["check", "examples", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!("examples", stdout(&output));
}

/// The first fenced block after `heading`, with its language.
fn block_after<'a>(page: &'a str, heading: &str) -> Option<(&'a str, &'a str)> {
    let rest = &page[page.find(heading)? + heading.len()..];
    let start = rest.find("```")? + 3;
    let rest = &rest[start..];
    let language_end = rest.find('\n')?;
    let body = &rest[language_end + 1..];
    Some((&rest[..language_end], &body[..body.find("```")?]))
}

#[test]
fn every_rule_page_has_its_sections_and_working_examples() {
    for rule in Rule::ALL {
        let path = root().join(rule.doc_path());
        let page = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{rule} has no page at {}", rule.doc_path()));
        assert!(
            page.starts_with(&format!("# {} {}\n", rule.code(), rule.name())),
            "{rule}: title"
        );
        for heading in [
            "## What it does",
            "## Why it matters",
            "## Example",
            "## Fixed",
            "## How to fix",
        ] {
            assert!(page.contains(heading), "{rule}: missing {heading}");
        }
        let (language, example) = block_after(&page, "## Example").expect("example block");
        if language == "goal" {
            assert!(
                codes(&single("example.goal", example)).contains(rule.code()),
                "{rule}: the Example does not report the rule"
            );
            let (_, fixed) = block_after(&page, "## Fixed").expect("fixed block");
            assert!(
                !codes(&single("fixed.goal", fixed)).contains(rule.code()),
                "{rule}: the Fixed example still reports the rule"
            );
        }
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("goal-check-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Checks one file written to a fresh folder, run from that folder so the output names it
/// `<name>.goal` whatever the temporary path.
fn check_file(name: &str, bytes: &[u8]) -> (Option<i32>, String) {
    let dir = temp_dir(name);
    let file = format!("{name}.goal");
    std::fs::write(dir.join(&file), bytes).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_goal"))
        .args(["check", &file, "--today", TODAY])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (output.status.code(), stdout(&output))
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let output = goal(&["check", "no/such/file.goal", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(2));
    insta::assert_snapshot!("E009-missing-path", stdout(&output));
}

#[test]
fn a_missing_path_does_not_stop_the_other_paths() {
    let output = goal(&[
        "check",
        "no/such.goal",
        "tests/fixtures/rules/T501-missing-deadline.goal",
        "--today",
        TODAY,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("T501 missing-deadline"));
}

#[test]
fn a_folder_without_goal_files_is_a_usage_error() {
    let dir = temp_dir("no-goals");
    std::fs::write(dir.join("notes.txt"), "not a goal file").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_goal"))
        .args(["check", ".", "--today", TODAY])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("`.` contains no .goal files"));
}

#[test]
fn bad_arguments_are_usage_errors() {
    assert_eq!(
        goal(&["check", "--today", "2026-13-01"]).status.code(),
        Some(2)
    );
    assert_eq!(
        goal(&["check", "--max-quarterly-lift", "-5"]).status.code(),
        Some(2)
    );
    assert_eq!(goal(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn a_binary_file_is_reported_not_parsed() {
    let (code, text) = check_file("binary", &[0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 0xff, 0xfe]);
    assert_eq!(code, Some(1));
    insta::assert_snapshot!("E005-binary-file", text);
}

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    let size = usize::try_from(goal_compiler::load::MAX_FILE_BYTES).unwrap() + 1;
    let (code, text) = check_file("huge", &vec![b'#'; size]);
    assert_eq!(code, Some(1));
    insta::assert_snapshot!("E006-file-too-large", text);
}

#[test]
fn invalid_utf8_is_reported_with_its_offset() {
    let (code, text) = check_file("latin1", b"goal g: \"caf\xe9\"\n");
    assert_eq!(code, Some(1));
    insta::assert_snapshot!("E005-invalid-utf8", text);
    assert!(text.contains("first bad byte at offset 12"), "{text}");
}

#[test]
fn an_empty_file_is_a_warning() {
    let (code, text) = check_file("empty", b"");
    assert_eq!(code, Some(0));
    assert!(text.contains("E007 empty-file"), "{text}");
}

#[test]
fn a_one_megabyte_line_is_reported_without_quoting_it() {
    let mut line = b"goal g: \"".to_vec();
    line.extend(std::iter::repeat_n(b'x', 1 << 20));
    line.extend(b"\"\n  tagret 5\n");
    let (code, text) = check_file("long", &line);
    assert_eq!(code, Some(1));
    assert!(text.contains("E002 unknown-keyword"), "{text}");
    assert!(
        text.len() < 20_000,
        "the report quotes the huge line: {} bytes",
        text.len()
    );
}

#[test]
fn ten_thousand_nested_parentheses_are_rejected_without_overflow() {
    let mut text = b"goal g: \"Nested\"\n  scope ".to_vec();
    text.extend(std::iter::repeat_n(b'(', 10_000));
    text.extend(b"channel is chat");
    text.extend(std::iter::repeat_n(b')', 10_000));
    text.extend(b"\n  tagret 5\n");
    let (code, output) = check_file("nested", &text);
    assert_eq!(code, Some(1));
    assert!(output.contains("E004 nesting-too-deep"), "{output}");
    assert!(
        output.contains("E002 unknown-keyword"),
        "the rest of the file is still checked: {output}"
    );
}

#[test]
fn a_folder_is_searched_for_goal_files_and_checked_as_one_project() {
    let dir = temp_dir("project");
    std::fs::create_dir_all(dir.join("team")).unwrap();
    std::fs::write(
        dir.join("objectives.goal"),
        "objective fast-answers: \"Fast answers\"\n",
    )
    .unwrap();
    let goal_text =
        std::fs::read_to_string(root().join("examples/14-escalation-rate.goal")).unwrap();
    std::fs::write(
        dir.join("team/goal.goal"),
        goal_text.replace("serves ", "serves fast-answers, "),
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "not a goal file").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_goal"))
        .args(["check", "--today", TODAY])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = stdout(&output);
    let _ = std::fs::remove_dir_all(&dir);
    // The objective of the example lives in examples/objectives.goal, not copied here.
    assert!(text.contains("R402 unknown-objective"), "{text}");
    assert!(!text.contains("fast-answers` is not declared"), "{text}");
    assert!(
        text.starts_with("R402") && text.contains("Checked 2 files"),
        "{text}"
    );
}

/// Every goal file of the repository: the examples as one project, each fixture on its own.
fn projects() -> Vec<Vec<(String, String)>> {
    let read = |path: &Path| (relative(path), std::fs::read_to_string(path).unwrap());
    let mut projects = vec![
        goal_files(&root().join("examples"))
            .iter()
            .map(|p| read(p))
            .collect(),
    ];
    for fixture in goal_files(&root().join("tests/fixtures/rules")) {
        projects.push(vec![read(&fixture)]);
    }
    projects
}

/// What a project means: its IR and diagnostic codes, without positions.
fn meaning(files: &[(String, String)]) -> (serde_json::Value, Vec<&'static str>) {
    let mut sources = Sources::new();
    for (path, text) in files {
        sources.add(path.as_str(), text.as_str());
    }
    let checked = goal_compiler::check(&sources, &options());
    let mut ir = serde_json::to_value(&checked.goals).unwrap();
    strip_spans(&mut ir);
    let codes = checked.diagnostics.iter().map(|d| d.rule.code()).collect();
    (ir, codes)
}

fn strip_spans(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("span");
            map.values_mut().for_each(strip_spans);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_spans),
        _ => {}
    }
}

fn formatted(files: &[(String, String)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(path, text)| {
            let parsed = goal_grammar::parse(text);
            (path.clone(), goal_grammar::print::print(&parsed.file, text))
        })
        .collect()
}

#[test]
fn formatting_keeps_the_meaning_of_every_file() {
    for files in projects() {
        let once = formatted(&files);
        assert_eq!(meaning(&once), meaning(&files), "{}", files[0].0);
        assert_eq!(
            formatted(&once),
            once,
            "formatting twice changes {}",
            files[0].0
        );
    }
}

#[test]
fn the_examples_are_formatted() {
    let output = goal(&["fmt", "--check", "examples"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn fmt_check_lists_files_that_would_change() {
    let dir = temp_dir("fmt");
    std::fs::write(dir.join("a.goal"), "objective  o:   \"O\"\n").unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_goal"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    let check = run(&["fmt", "--check", "a.goal"]);
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(
        stdout(&check),
        "would reformat a.goal\n1 of 1 files would be reformatted.\n"
    );
    assert_eq!(run(&["fmt", "a.goal"]).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.join("a.goal")).unwrap(),
        "objective o: \"O\"\n"
    );
    assert_eq!(run(&["fmt", "--check", "a.goal"]).status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn explain_prints_a_rule_page_and_suggests_on_typos() {
    let output = goal(&["explain", "T501"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).starts_with("# T501 missing-deadline\n"));
    let output = goal(&["explain", "missing-deadlin"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("did you mean `missing-deadline`?"));
}

/// Checks `value` against the subset of JSON Schema that
/// `docs/schemas/check-output.schema.json` uses; returns the first violation.
fn validate(
    value: &serde_json::Value,
    schema: &serde_json::Value,
    root: &serde_json::Value,
    at: &str,
) -> Result<(), String> {
    use serde_json::Value;
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/$defs/");
        return validate(value, &root["$defs"][name], root, at);
    }
    if let Some(options) = schema.get("anyOf").and_then(Value::as_array) {
        return if options.iter().any(|o| validate(value, o, root, at).is_ok()) {
            Ok(())
        } else {
            Err(format!("{at}: matches no alternative"))
        };
    }
    if let Some(kind) = schema.get("type") {
        let kinds: Vec<&str> = match kind {
            Value::String(k) => vec![k.as_str()],
            Value::Array(ks) => ks.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let actual = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        if !kinds.contains(&actual) {
            return Err(format!("{at}: {actual} is not {kinds:?}"));
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(value) {
            return Err(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    if let (Some(object), Some(properties)) = (value.as_object(), schema.get("properties")) {
        for key in schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !object.contains_key(key) {
                return Err(format!("{at}: `{key}` is missing"));
            }
        }
        for (key, item) in object {
            match properties.get(key) {
                Some(property) => validate(item, property, root, &format!("{at}.{key}"))?,
                None if schema["additionalProperties"] == Value::Bool(false) => {
                    return Err(format!("{at}: `{key}` is not in the schema"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(item_schema)) = (value.as_array(), schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(item, item_schema, root, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

/// The output in `format` of two runs with many kinds of diagnostic: every rule fixture plus a
/// missing path, and the examples.
fn machine_outputs(format: &str) -> Vec<serde_json::Value> {
    let runs = [
        vec!["check", "tests/fixtures/rules", "no/such/path"],
        vec!["check", "examples"],
    ];
    runs.into_iter()
        .map(|mut args| {
            args.extend(["--format", format, "--today", TODAY]);
            serde_json::from_slice(&goal(&args).stdout).unwrap()
        })
        .collect()
}

#[test]
fn json_output_follows_its_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/schemas/check-output.schema.json")).unwrap(),
    )
    .unwrap();
    for document in machine_outputs("json") {
        validate(&document, &schema, &schema, "$").unwrap();
        assert!(
            document["diagnostics"]
                .as_array()
                .is_some_and(|d| !d.is_empty())
        );
    }
    // The validator itself rejects what the schema forbids.
    let broken = serde_json::json!({"version": 1, "summary": {"files": 1}, "diagnostics": []});
    assert!(validate(&broken, &schema, &schema, "$").is_err());
}

#[test]
fn every_output_format_on_one_fixture() {
    let file = "tests/fixtures/rules/E008-duplicate-definition.goal";
    for format in ["json", "github", "markdown", "sarif"] {
        let output = goal(&["check", file, "--format", format, "--today", TODAY]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        insta::assert_snapshot!(format!("format-{format}"), stdout(&output));
    }
}

#[test]
fn suppression_comments_are_checked_and_ordinary_comments_ignored() {
    let goal_text =
        std::fs::read_to_string(root().join("tests/fixtures/rules/A301-missing-baseline.goal"))
            .unwrap();
    let with = |comment: &str| goal_text.replacen("\ngoal ", &format!("\n{comment}\ngoal "), 1);
    let codes_of = |text: String| codes(&single("s.goal", &text));
    // The fixture's own warning, then the same goal with the warning allowed.
    assert!(codes_of(goal_text.clone()).contains("A301"));
    assert!(!codes_of(with("# goal: allow(A301) measured by the survey team")).contains("A301"));
    assert!(!codes_of(with("# goal: allow(missing-baseline) by name")).contains("A301"));
    // Malformed ones are errors; notes that merely start with `goal:` are not directives.
    for bad in [
        "# goal: allow(A301)",
        "# goal: alow(A301) typo",
        "# goal: allow(A999) nope",
        "# goal: allow(A301 reason",
    ] {
        assert!(codes_of(with(bad)).contains("E012"), "{bad}");
    }
    assert!(!codes_of(with("# goal: answer faster than last year")).contains("E012"));
    // After the goal's last clause, indented or not, a suppression still belongs to the goal.
    for tail in [
        "  # goal: allow(A301) measured later\n",
        "# goal: allow(A301) measured later\n",
    ] {
        let found = codes_of(format!("{goal_text}{tail}"));
        assert!(
            !found.contains("A301") && !found.contains("E012"),
            "{tail}: {found:?}"
        );
    }
}

#[test]
fn fail_on_warning_turns_warnings_into_a_failing_status() {
    let file = "tests/fixtures/rules/A301-missing-baseline.goal";
    assert_eq!(
        goal(&["check", file, "--today", TODAY]).status.code(),
        Some(0)
    );
    let strict = goal(&["check", file, "--today", TODAY, "--fail-on", "warning"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn the_readme_example_passes_every_check() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let (language, example) = block_after(&readme, "# goal").expect("an example in the README");
    assert_eq!(language, "goal");
    let checked = goal_compiler::check(&single("README.md", example), &options());
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    assert_eq!(checked.goals.len(), 1);
}

#[test]
fn sarif_output_is_valid_against_the_official_schema() {
    // tests/schemas/sarif-2.1.0-rtm.5.json: the OASIS SARIF 2.1.0 schema as shipped in the npm
    // package @microsoft/jest-sarif 1.0.0-beta.0 (MIT).
    let text =
        std::fs::read_to_string(root().join("tests/schemas/sarif-2.1.0-rtm.5.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let url = schema["id"].as_str().unwrap().to_owned();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource(&url, schema).unwrap();
    let index = compiler.compile(&url, &mut schemas).unwrap();
    for log in machine_outputs("sarif") {
        if let Err(error) = schemas.validate(&log, index) {
            panic!("{error:#}");
        }
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert!(!results.is_empty());
        let listed: BTreeSet<&str> = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        let used: BTreeSet<&str> = results
            .iter()
            .map(|r| r["ruleId"].as_str().unwrap())
            .collect();
        assert_eq!(
            listed, used,
            "exactly the rules the results break are listed"
        );
    }
    // The schema really is enforced: a result without its message is rejected.
    let mut broken = serde_json::from_slice::<serde_json::Value>(
        &goal(&["check", "examples", "--format", "sarif", "--today", TODAY]).stdout,
    )
    .unwrap();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(schemas.validate(&broken, index).is_err());
}

/// Runs `goal check` in a fresh folder holding `files` (path, text); returns status and output.
fn check_project(name: &str, files: &[(&str, &str)], args: &[&str]) -> (Option<i32>, String) {
    let dir = temp_dir(name);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let mut all = vec!["check", "--today", TODAY, "--format", "github"];
    all.extend(args);
    let output = Command::new(env!("CARGO_BIN_EXE_goal"))
        .args(&all)
        .current_dir(&dir)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (output.status.code(), stdout(&output))
}

#[test]
fn goal_toml_is_found_above_the_checked_path_and_applied() {
    // The fixture's goal has one warning, A301 missing-baseline.
    let goal_text =
        std::fs::read_to_string(root().join("tests/fixtures/rules/A301-missing-baseline.goal"))
            .unwrap();
    let run = |config: &str, args: &[&str]| {
        check_project(
            "config",
            &[("goal.toml", config), ("team/a.goal", &goal_text)],
            args,
        )
    };
    let (code, out) = run("", &["team"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("title=A301"), "{out}");
    // ignored by code, by name, by group; not selected
    for config in [
        "[check]\nignore = [\"A301\"]\n",
        "[check]\nignore = [\"missing-baseline\"]\n",
        "[check]\nignore = [\"A3\"]\n",
        "[check]\nselect = [\"T\", \"S\"]\n",
        "[[check.overrides]]\npaths = [\"team/\"]\nignore = [\"A\"]\n",
    ] {
        let (code, out) = run(config, &["team"]);
        assert_eq!(code, Some(0), "{config}");
        assert!(!out.contains("A301"), "{config}: {out}");
    }
    // an override for another folder changes nothing
    let (_, out) = run(
        "[[check.overrides]]\npaths = [\"other/\"]\nignore = [\"A301\"]\n",
        &["team"],
    );
    assert!(out.contains("title=A301"), "{out}");
    // raised to an error, the warning fails the run
    let (code, out) = run("[check.severity]\nA301 = \"error\"\n", &["team"]);
    assert_eq!(code, Some(1));
    assert!(
        out.starts_with("::error") && out.contains("title=A301"),
        "{out}"
    );
}

#[test]
fn an_invalid_goal_toml_is_reported_in_place() {
    let goal_text =
        std::fs::read_to_string(root().join("tests/fixtures/rules/A301-missing-baseline.goal"))
            .unwrap();
    for (config, expected) in [
        ("[check]\nignroe = [\"A301\"]\n", "did you mean `ignore`?"),
        ("[check]\nignore = [\"A3O1\"]\n", "did you mean `A301`?"),
        ("[check]\nignore = [\"T501\"]\n", "errors cannot be ignored"),
        (
            "[check.severity]\nT501 = \"warning\"\n",
            "cannot be lowered",
        ),
        ("[check]\nmax-quarterly-lift = -3\n", "positive percentage"),
        ("[check\n", "goal.toml"),
        (
            "[[check.overrides]]\npaths = [\"**/legacy/**\"]\nignore = [\"A301\"]\n",
            "not patterns",
        ),
    ] {
        let (code, out) = check_project(
            "bad-config",
            &[("goal.toml", config), ("a.goal", &goal_text)],
            &["a.goal"],
        );
        assert_eq!(code, Some(2), "{config}");
        assert!(
            out.contains("title=E014") && out.contains("file=goal.toml"),
            "{config}: {out}"
        );
        let flat = out.replace("%0A", " ");
        assert!(
            flat.contains(expected) || out.contains(expected),
            "{config}: {out}"
        );
    }
}

#[test]
fn the_goals_per_owner_limit_comes_from_goal_toml() {
    let goals =
        std::fs::read_to_string(root().join("tests/fixtures/rules/P601-too-many-goals.goal"))
            .unwrap();
    let (_, out) = check_project(
        "limit",
        &[("goal.toml", ""), ("a.goal", &goals)],
        &["a.goal"],
    );
    assert!(out.contains("title=P601"), "{out}");
    let config = "[check]\nmax-goals-per-owner = 6\n";
    let (code, out) = check_project(
        "limit",
        &[("goal.toml", config), ("a.goal", &goals)],
        &["a.goal"],
    );
    assert_eq!(code, Some(0));
    assert!(!out.contains("P601"), "{out}");
}

#[test]
fn diff_shows_the_changes_a_reviewer_must_see() {
    let base = temp_dir("diff-base");
    let head = temp_dir("diff-head");
    for file in goal_files(&root().join("examples")) {
        let name = file.file_name().unwrap();
        std::fs::copy(&file, base.join(name)).unwrap();
        std::fs::copy(&file, head.join(name)).unwrap();
    }
    let edit = |name: &str, from: &str, to: &str| {
        let path = head.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{name}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "05-first-contact-resolution.goal",
        "target at least 75%",
        "target at least 72%",
    );
    edit(
        "01-chat-first-response.goal",
        "deadline end of Q2 2026",
        "deadline end of Q3 2026",
    );
    edit(
        "01-chat-first-response.goal",
        "  guardrail csat at least 85%\n",
        "",
    );
    edit(
        "14-escalation-rate.goal",
        "scope all tickets",
        "scope channel is email",
    );
    edit(
        "17-repeat-contacts.goal",
        "target under 10%",
        "target under 8%",
    );
    edit(
        "03-chat-ramp-90-seconds.goal",
        "scope channel in (chat, messaging)",
        "scope channel is chat",
    );
    edit(
        "04-first-response-email-chat.goal",
        "scope channel is email",
        "scope channel is email and priority is urgent",
    );
    std::fs::remove_file(head.join("12-customer-effort.goal")).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["diff", base.to_str().unwrap(), head.to_str().unwrap()];
        args.extend(extra);
        let output = goal(&args);
        assert_eq!(output.status.code(), Some(0));
        stdout(&output)
            .replace(base.to_str().unwrap(), "[BASE]")
            .replace(head.to_str().unwrap(), "[HEAD]")
    };
    insta::assert_snapshot!("diff-human", run(&[]));
    insta::assert_snapshot!("diff-markdown", run(&["--markdown"]));
    let _ = std::fs::remove_dir_all(&base);
    let _ = std::fs::remove_dir_all(&head);
}

#[test]
fn diff_reads_git_revisions() {
    let repo = temp_dir("diff-git");
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args([
                "-c",
                "user.name=goal",
                "-c",
                "user.email=goal@example.invalid",
            ])
            .args(args)
            .current_dir(&repo)
            .output()
            .unwrap()
            .status;
        assert!(status.success(), "git {args:?}");
    };
    let goal_text =
        std::fs::read_to_string(root().join("examples/14-escalation-rate.goal")).unwrap();
    let objectives = std::fs::read_to_string(root().join("examples/objectives.goal")).unwrap();
    std::fs::create_dir_all(repo.join("goals")).unwrap();
    std::fs::write(repo.join("goals/objectives.goal"), &objectives).unwrap();
    std::fs::write(repo.join("goals/escalations.goal"), &goal_text).unwrap();
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "base"]);
    std::fs::write(
        repo.join("goals/escalations.goal"),
        goal_text.replace("target under 10%", "target under 12%"),
    )
    .unwrap();
    git(&["commit", "-q", "-am", "head"]);
    let output = Command::new(env!("CARGO_BIN_EXE_goal"))
        .args(["diff", "HEAD~1", "HEAD", "goals"])
        .current_dir(&repo)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&repo);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains("! escalation-rate-under-ten: target lowered: under 10% → under 12%"),
        "{text}"
    );
    let bad = goal(&["diff", "no-such-revision", "HEAD"]);
    assert_eq!(bad.status.code(), Some(2));
}
