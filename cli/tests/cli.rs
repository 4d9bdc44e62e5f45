//! The `strata` command as a user runs it: real processes, real files,
//! exit codes and output.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn strata(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        // A process that refuses early may close its input: that is fine.
        let _ = input.write_all(bytes);
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("strata-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_example_checks_clean_through_a_pipe() {
    let list = strata(&["example", "--list"], None);
    assert!(list.status.success());
    insta::assert_snapshot!(stdout(&list));
    for name in ["retail", "cafe"] {
        let example = strata(&["example", name], None);
        assert!(example.status.success());
        let check = strata(&["check", "-"], Some(&example.stdout));
        assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
        assert_eq!(stdout(&check).trim(), "0 errors, 0 warnings, 0 info");
    }
}

#[test]
fn check_exits_1_on_errors_and_lists_them() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/data/rules/L001_fires.json"
    );
    let text = strata(&["check", fixture], None);
    assert_eq!(text.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&text));

    let json = strata(&["check", fixture, "--format", "json"], None);
    assert_eq!(json.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["L001", "L001"]);
}

#[test]
fn unreadable_input_is_one_line_and_exit_2() {
    // (what, arguments, standard input)
    type Case<'a> = (&'a str, Vec<&'a str>, Option<&'a [u8]>);
    let cases: Vec<Case> = vec![
        ("missing file", vec!["check", "/no/such/design.json"], None),
        (
            "bad json",
            vec!["check", "-"],
            Some(b"{ \"format_version\": 2, "),
        ),
        (
            "future",
            vec!["info", "-"],
            Some(b"{\"format_version\": 99, \"name\": \"x\"}"),
        ),
        (
            "not utf-8",
            vec!["check", "-"],
            Some(b"{\"name\": \"\xff\"}"),
        ),
        ("unknown example", vec!["example", "bakery"], None),
    ];
    let mut shown = String::new();
    for (what, args, input) in cases {
        let output = strata(&args, input);
        assert_eq!(output.status.code(), Some(2), "{what}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{what}: {message}");
        assert!(message.starts_with("strata: "), "{what}: {message}");
        shown.push_str(&format!("{what}: {message}"));
    }
    insta::assert_snapshot!(shown);
}

#[test]
fn a_100_mb_file_is_refused_without_a_panic() {
    let dir = temp_dir("huge");
    let path = dir.join("huge.json");
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(b"{\"format_version\": 2, \"name\": \"huge\", \"description\": \"")
        .unwrap();
    let chunk = vec![b'x'; 1024 * 1024];
    for _ in 0..100 {
        file.write_all(&chunk).unwrap();
    }
    file.write_all(b"\"}").unwrap();
    drop(file);
    let output = strata(&["check", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("larger than the 16 MB a design may be"),
        "{}",
        stderr(&output)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn info_counts_layers_templates_and_diagnostics() {
    let example = strata(&["example", "cafe"], None);
    let info = strata(&["info", "-", "--format", "json"], Some(&example.stdout));
    assert!(info.status.success());
    let info: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
    assert_eq!(info["format_version"], 2);
    let layers = info["layers"].as_object().unwrap();
    let codes: Vec<&String> = layers.keys().collect();
    assert_eq!(codes, ["AIN", "ANA", "MRT", "RAW", "SRC", "VIN", "VLT"]);
    let models: u64 = layers
        .iter()
        .filter(|(code, _)| *code != "RAW")
        .map(|(_, n)| n.as_u64().unwrap())
        .sum();
    assert_eq!(info["models"].as_u64().unwrap(), models);
    let templates: u64 = info["templates"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(templates, models);
    assert_eq!(
        info["diagnostics"],
        serde_json::json!({"error": 0, "warning": 0, "info": 0})
    );
}

#[test]
fn rules_json_has_code_severity_summary_and_docs() {
    let output = strata(&["rules", "--format", "json"], None);
    assert!(output.status.success());
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(rules.len() >= 19);
    for rule in &rules {
        for key in ["code", "name", "severity", "summary"] {
            assert!(rule[key].as_str().is_some_and(|s| !s.is_empty()), "{rule}");
        }
        for section in ["what", "why", "example", "fix"] {
            assert!(
                rule["docs"][section].as_str().is_some_and(|s| s.len() > 20),
                "{rule}"
            );
        }
    }
}

#[test]
fn sample_writes_one_csv_per_raw_table_deterministically() {
    let example = strata(&["example", "cafe"], None);
    let dir = temp_dir("sample");
    let design = dir.join("cafe.json");
    std::fs::write(&design, &example.stdout).unwrap();
    let run = |out: &str| {
        let out_dir = dir.join(out);
        let output = strata(
            &[
                "sample",
                design.to_str().unwrap(),
                "--rows",
                "50",
                "--seed",
                "3",
                "--out",
                out_dir.to_str().unwrap(),
            ],
            None,
        );
        assert!(output.status.success(), "{}", stderr(&output));
        let mut files: Vec<(String, String)> = std::fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&path).unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let first = run("a");
    let second = run("b");
    assert_eq!(first, second, "same seed, same files");
    let names: Vec<&str> = first.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["till.customers.csv", "till.orders.csv", "till.payments.csv"]
    );
    for (name, csv) in &first {
        // A header and at least the 50 rows asked for (duplicates come on top).
        assert!(csv.lines().count() > 50, "{name}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn synth_designs_are_rule_clean_and_sized() {
    let output = strata(&["synth", "--models", "250"], None);
    assert!(output.status.success());
    let info = strata(&["info", "-", "--format", "json"], Some(&output.stdout));
    let info: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
    assert_eq!(info["models"], 250);
    assert_eq!(
        info["diagnostics"],
        serde_json::json!({"error": 0, "warning": 0, "info": 0})
    );
}

#[test]
fn every_command_has_help() {
    for command in [
        "check",
        "info",
        "example",
        "rules",
        "layers",
        "templates",
        "sample",
        "synth",
        "lineage",
        "impact",
    ] {
        let output = strata(&[command, "--help"], None);
        assert!(output.status.success(), "{command}");
        assert!(stdout(&output).contains("Usage: strata"), "{command}");
    }
}

#[test]
fn lineage_of_the_cafe_example_traces_through_the_layers() {
    let example = strata(&["example", "cafe"], None);
    let output = strata(&["lineage", "-", "--format", "json"], Some(&example.stdout));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lineage: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let models = lineage["models"].as_array().unwrap();
    assert_eq!(models.len(), 11);
    for model in models {
        assert!(model.get("error").is_none(), "{model}");
        assert!(!model["columns"].as_array().unwrap().is_empty(), "{model}");
    }
    let find = |name: &str| models.iter().find(|m| m["name"] == name).unwrap();
    // Follow ana_customer.total_spent's first source down to a raw column.
    let (mut relation, mut column) = ("ana_customer".to_owned(), "total_spent".to_owned());
    let mut path = vec![relation.clone()];
    while let Some(model) = models.iter().find(|m| m["name"] == relation.as_str()) {
        let col = model["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == column.as_str())
            .unwrap();
        let source = &col["sources"][0];
        relation = source["relation"].as_str().unwrap().to_owned();
        column = source["column"].as_str().unwrap().to_owned();
        path.push(relation.clone());
    }
    assert_eq!(
        path,
        [
            "ana_customer",
            "vlt_evt_order",
            "src_till__orders",
            "till.orders"
        ]
    );
    assert_eq!(column, "total");
    assert_eq!(find("ana_customer")["layer"], "ANA");
    assert_eq!(
        find("ana_customer")["upstream"],
        serde_json::json!(["vlt_obj_customer", "vlt_evt_order"])
    );

    let text = strata(&["lineage", "-"], Some(&example.stdout));
    assert_eq!(text.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&text));
}

#[test]
fn lineage_of_a_broken_model_exits_1_and_keeps_the_others() {
    let example = strata(&["example", "cafe"], None);
    let mut doc: serde_json::Value = serde_json::from_slice(&example.stdout).unwrap();
    doc["models"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "name": "mrt_broken",
            "layer": "MRT",
            "template": "custom_sql",
            "params": {"sql": "select visits +\nfrom {{ ref('ana_customer') }}"}
        }));
    let output = strata(
        &["lineage", "-", "--format", "json"],
        Some(doc.to_string().as_bytes()),
    );
    assert_eq!(output.status.code(), Some(1));
    let lineage: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let models = lineage["models"].as_array().unwrap();
    let broken = models.iter().find(|m| m["name"] == "mrt_broken").unwrap();
    assert_eq!(broken["error"]["kind"], "analysis");
    assert!(broken["error"]["line"].as_u64().is_some(), "{broken}");
    assert_eq!(
        models.iter().filter(|m| m.get("error").is_some()).count(),
        1
    );
}

#[test]
fn lineage_emit_sql_writes_each_models_sql_and_a_schema() {
    let dir = temp_dir("emit-sql");
    let design = dir.join("cafe.json");
    std::fs::write(&design, strata(&["example", "cafe"], None).stdout).unwrap();
    let out = dir.join("sql");
    let output = strata(
        &[
            "lineage",
            design.to_str().unwrap(),
            "--emit-sql",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("wrote "), "{}", stdout(&output));
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("schema.json")).unwrap()).unwrap();
    assert!(schema["till.customers"].is_object(), "{schema}");
    assert!(schema["vlt.vlt_obj_customer"].is_object(), "{schema}");
    // Each model's SQL analyses on its own against the written schema.
    let sql = out.join("ana_customer.sql");
    let analyzed = strata(
        &[
            "analyze",
            sql.to_str().unwrap(),
            "--schema",
            out.join("schema.json").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(analyzed.status.code(), Some(0), "{}", stderr(&analyzed));
    assert!(stdout(&analyzed).contains("vlt.vlt_obj_customer"));
}

#[test]
fn analyze_one_statement_with_a_schema() {
    let dir = temp_dir("analyze");
    let sql = dir.join("query.sql");
    std::fs::write(
        &sql,
        "select o.*, c.name as customer\nfrom shop.orders o\njoin shop.customers c on c.id = o.customer_id\nwhere c.active",
    )
    .unwrap();
    let schema = dir.join("schema.json");
    // Columns in file order, not sorted: `o.*` expands in this order.
    std::fs::write(
        &schema,
        r#"{"shop.orders": {"id": "integer", "customer_id": "integer", "amount": "decimal"},
            "shop.customers": {"id": "integer", "name": "text", "active": "boolean"}}"#,
    )
    .unwrap();
    let (sql, schema) = (sql.to_str().unwrap(), schema.to_str().unwrap());
    let output = strata(
        &["analyze", sql, "--schema", schema, "--format", "json"],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let analysis: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        analysis["relations"],
        serde_json::json!(["shop.orders", "shop.customers"])
    );
    let columns = analysis["columns"].as_array().unwrap();
    let names: Vec<&str> = columns
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["id", "customer_id", "amount", "customer"]);
    assert_eq!(
        columns[3]["sources"],
        serde_json::json!([{"relation": "shop.customers", "column": "name"}])
    );
    assert_eq!(columns[3]["transform"], "direct");
    assert!(
        columns[3]["influenced_by"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"relation": "shop.customers", "column": "active"}))
    );

    let text = strata(
        &["analyze", sql, "--schema", schema, "--dialect", "snowflake"],
        None,
    );
    assert_eq!(text.status.code(), Some(0));
    assert!(
        stdout(&text).contains("customer = direct(shop.customers.name)"),
        "{}",
        stdout(&text)
    );

    // A statement that does not analyse: its position, exit 1.
    let bad = strata(
        &["analyze", "-", "--schema", schema],
        Some(b"select id,\n  amount +\nfrom shop.orders"),
    );
    assert_eq!(bad.status.code(), Some(1));
    let message = stderr(&bad);
    assert!(
        message.starts_with("strata: standard input: line 3, column "),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1);

    // Unreadable input: one line, exit 2.
    std::fs::write(dir.join("bad.json"), "[1, 2]").unwrap();
    for args in [
        vec!["analyze", "/no/such/query.sql"],
        vec!["analyze", sql, "--schema", "/no/such/schema.json"],
        vec![
            "analyze",
            sql,
            "--schema",
            dir.join("bad.json").to_str().unwrap(),
        ],
    ] {
        let output = strata(&args, None);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// The cafe example written to a temporary file, for commands that read
/// the design more than once.
fn cafe_file(name: &str) -> (PathBuf, String) {
    let dir = temp_dir(name);
    let design = dir.join("cafe.json");
    std::fs::write(&design, strata(&["example", "cafe"], None).stdout).unwrap();
    let path = design.to_str().unwrap().to_owned();
    (dir, path)
}

#[test]
fn lineage_queries_walk_up_down_and_between_columns() {
    let (dir, cafe) = cafe_file("lineage-query");
    let cafe = cafe.as_str();
    let down = strata(
        &["lineage", cafe, "--downstream", "till.orders.total"],
        None,
    );
    assert_eq!(down.status.code(), Some(0), "{}", stderr(&down));
    insta::assert_snapshot!(stdout(&down), @r"
    6 columns downstream of till.orders.total
     1  SRC      src_till__orders.total = expression
     1  SRC      src_till__orders._row_hash = expression
     2  VLT      vlt_evt_order.total = direct
     3  ANA      ana_customer.total_spent = aggregate
     3  ANA      ana_customer.average_spend = aggregate
     4  MRT      mrt_owner__regulars.total_spent = direct
    ");

    let up = strata(
        &[
            "lineage",
            cafe,
            "--upstream",
            "mrt_owner__tips",
            "--hops",
            "2",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(up.status.code(), Some(0), "{}", stderr(&up));
    let up: serde_json::Value = serde_json::from_slice(&up.stdout).unwrap();
    assert_eq!(
        up,
        serde_json::json!({
            "node": "mrt_owner__tips",
            "kind": "table",
            "direction": "upstream",
            "follow": "values",
            "hops": 2,
            "nodes": [
                {"kind": "table", "table": "ain_customer__payments_monthly", "layer": "AIN", "hops": 1},
                {"kind": "table", "table": "vlt_evt_payment", "layer": "VLT", "hops": 2},
            ],
        })
    );

    // Either order of the two ends; the path runs downstream.
    let path = strata(
        &[
            "lineage",
            cafe,
            "--path",
            "mrt_owner__regulars.total_spent",
            "till.orders.total",
        ],
        None,
    );
    assert_eq!(path.status.code(), Some(0), "{}", stderr(&path));
    insta::assert_snapshot!(stdout(&path), @r"
    5 columns and 4 edges from till.orders.total to mrt_owner__regulars.total_spent
    till.orders.total -> src_till__orders.total (expression)
    src_till__orders.total -> vlt_evt_order.total (direct)
    vlt_evt_order.total -> ana_customer.total_spent (aggregate)
    ana_customer.total_spent -> mrt_owner__regulars.total_spent (direct)
    ");
    let json = strata(
        &[
            "lineage",
            cafe,
            "--path",
            "till.orders.total",
            "src_till__orders.total",
            "--format",
            "json",
        ],
        None,
    );
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        json["edges"],
        serde_json::json!([{
            "from": "till.orders.total",
            "to": "src_till__orders.total",
            "kind": "value",
            "transform": "expression",
        }])
    );
    assert_eq!(json["nodes"][0]["column"], "total");
    assert_eq!(json["nodes"][0]["layer"], "RAW");

    // Unconnected columns: said so, exit 0.
    let none = strata(
        &[
            "lineage",
            cafe,
            "--path",
            "till.orders.total",
            "mrt_owner__tips.total_tips",
        ],
        None,
    );
    assert_eq!(none.status.code(), Some(0));
    assert!(
        stdout(&none).starts_with("no path between"),
        "{}",
        stdout(&none)
    );

    // Influence widens the walk: the mart filters on visits.
    let narrow = strata(
        &[
            "lineage",
            cafe,
            "--upstream",
            "mrt_owner__regulars.full_name",
            "--hops",
            "1",
        ],
        None,
    );
    let wide = strata(
        &[
            "lineage",
            cafe,
            "--upstream",
            "mrt_owner__regulars.full_name",
            "--hops",
            "1",
            "--influence",
        ],
        None,
    );
    assert!(!stdout(&narrow).contains("ana_customer.visits"));
    assert!(
        stdout(&wide).contains("ana_customer.visits"),
        "{}",
        stdout(&wide)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn impact_lists_what_a_change_touches_by_layer() {
    let (dir, cafe) = cafe_file("impact");
    let cafe = cafe.as_str();
    let text = strata(&["impact", cafe, "till.customers.email"], None);
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    insta::assert_snapshot!(stdout(&text), @r"
    till.customers.email affects 3 tables and 6 columns
    SRC
      src_till__customers (1 hop): email, _row_hash
    VLT
      vlt_obj_customer (2 hops): email, hash_diff
    ANA
      ana_customer (3 hops): email, hash_diff
    ");

    let json = strata(
        &[
            "impact",
            cafe,
            "vlt_evt_order",
            "--influence",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let impact: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(impact["changed"], "vlt_evt_order");
    assert_eq!(impact["follow"], "values_and_influence");
    let layers: Vec<&str> = impact["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["layer"].as_str().unwrap())
        .collect();
    assert_eq!(layers, ["ANA", "MRT"]);
    let marts: Vec<(&str, u64)> = impact["layers"][1]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap(), t["hops"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        marts,
        [("mrt_owner__regulars", 2), ("mrt_owner__new_customers", 2)]
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn lineage_queries_refuse_unknown_names_and_bad_options() {
    let (dir, cafe) = cafe_file("query-errors");
    let cafe = cafe.as_str();
    let cases: Vec<Vec<&str>> = vec![
        vec!["lineage", cafe, "--downstream", "no_such_model"],
        vec!["lineage", cafe, "--upstream", "ana_customer.no_such_column"],
        vec!["impact", cafe, "till.nothing.here"],
        vec!["lineage", cafe, "--path", "till.orders.total", "nope.x"],
    ];
    let mut shown = String::new();
    for args in cases {
        let output = strata(&args, None);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{message}");
        shown.push_str(&message);
    }
    insta::assert_snapshot!(shown, @r"
    strata: `no_such_model` names no model, raw table or column of the design (write MODEL, SYSTEM.TABLE, MODEL.COLUMN or SYSTEM.TABLE.COLUMN)
    strata: `ana_customer` has no column `no_such_column`; its columns are customer_hk, customer_id, full_name, email, favourite_drink, joined_on, hash_diff, valid_from, visits, total_spent, average_spend, first_visit_at, last_visit_at, days_since_last_visit, visits_per_month
    strata: `till.nothing.here` names no model, raw table or column of the design (write MODEL, SYSTEM.TABLE, MODEL.COLUMN or SYSTEM.TABLE.COLUMN)
    strata: `nope.x` names no model, raw table or column of the design (write MODEL, SYSTEM.TABLE, MODEL.COLUMN or SYSTEM.TABLE.COLUMN)
    ");
    // Usage errors: --hops needs a walk; one query at a time.
    for args in [
        vec!["lineage", cafe, "--hops", "2"],
        vec!["lineage", cafe, "--path", "a.x", "b.y", "--hops", "1"],
        vec![
            "lineage",
            cafe,
            "--upstream",
            "ana_customer",
            "--downstream",
            "ana_customer",
        ],
        vec!["lineage", cafe, "--path", "till.orders.total"],
    ] {
        let output = strata(&args, None);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).starts_with("error: "),
            "{}",
            stderr(&output)
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn queries_over_a_failing_model_answer_and_exit_1() {
    let example = strata(&["example", "cafe"], None);
    let mut doc: serde_json::Value = serde_json::from_slice(&example.stdout).unwrap();
    doc["models"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "name": "mrt_broken",
            "layer": "MRT",
            "template": "custom_sql",
            "params": {"sql": "select visits +\nfrom {{ ref('ana_customer') }}"}
        }));
    let doc = doc.to_string();
    let output = strata(
        &["impact", "-", "ana_customer.visits"],
        Some(doc.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("mrt_owner__regulars"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        stderr(&output).trim(),
        "strata: the lineage of mrt_broken failed (see `strata lineage`), so the answer may be incomplete"
    );
    let tables = strata(
        &["lineage", "-", "--downstream", "ana_customer"],
        Some(doc.as_bytes()),
    );
    assert_eq!(tables.status.code(), Some(1));
    assert!(
        stdout(&tables).contains("MRT      mrt_broken [lineage failed]"),
        "{}",
        stdout(&tables)
    );
}

#[test]
fn share_encode_and_decode_round_trip_and_a_bad_link_exits_2() {
    let dir = temp_dir("share");
    let path = dir.join("cafe.json");
    let example = strata(&["example", "cafe"], None);
    std::fs::write(&path, &example.stdout).unwrap();
    let encoded = strata(
        &[
            "share",
            "encode",
            path.to_str().unwrap(),
            "--base",
            "https://strata.example/",
        ],
        None,
    );
    assert_eq!(encoded.status.code(), Some(0), "{}", stderr(&encoded));
    let link = String::from_utf8(encoded.stdout).unwrap();
    assert!(link.starts_with("https://strata.example/#v1."), "{link}");
    let decoded = strata(&["share", "decode", "-"], Some(link.as_bytes()));
    assert_eq!(decoded.status.code(), Some(0), "{}", stderr(&decoded));
    assert_eq!(decoded.stdout, example.stdout);

    let cut = &link[..link.len() - 20];
    let refused = strata(&["share", "decode", cut], None);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("cut short or damaged"),
        "{}",
        stderr(&refused)
    );
    std::fs::remove_dir_all(dir).unwrap();
}
