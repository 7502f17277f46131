//! The published JSON Schemas under docs/schema/ are the ones the binary prints, and they
//! describe the real files.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use std::process::Command;

fn printed(which: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["schema", which])
        .output()
        .expect("runs");
    String::from_utf8(out.stdout).expect("utf8")
}

#[test]
fn published_schemas_are_current() {
    for which in ["rule", "config"] {
        let path = format!("docs/schema/{which}.schema.json");
        let committed = std::fs::read_to_string(&path).expect("published schema");
        assert_eq!(
            committed,
            printed(which),
            "{path} is stale: run `synclint schema {which} > {path}`"
        );
    }
}

#[test]
fn the_rule_schema_rejects_unknown_keys_and_documents_every_key() {
    let schema: serde_json::Value = serde_json::from_str(&printed("rule")).expect("JSON");
    assert_eq!(schema["additionalProperties"], false);
    let props = schema["properties"].as_object().expect("properties");
    for key in [
        "id", "title", "severity", "category", "docs", "dataset", "when", "message", "fix",
        "subjects", "tests",
    ] {
        let desc = props[key]["description"].as_str().unwrap_or_default();
        assert!(desc.len() > 10, "{key} lacks a description");
    }
}

#[test]
fn the_rule_schema_describes_written_out_cases_and_outer() {
    let schema: serde_json::Value = serde_json::from_str(&printed("rule")).expect("JSON");
    let defs = &schema["$defs"];
    let spec = &defs["CaseSpec"];
    assert_eq!(spec["additionalProperties"], false, "{spec}");
    for key in ["record", "records", "join", "message", "subjects", "fix"] {
        let desc = spec["properties"][key]["description"]
            .as_str()
            .unwrap_or_default();
        assert!(desc.len() > 10, "CaseSpec.{key} lacks a description");
    }
    let outer = &defs["OuterCompare"];
    assert_eq!(outer["additionalProperties"], false, "{outer}");
    for key in [
        "equals",
        "contains",
        "starts_with",
        "ends_with",
        "gt",
        "gte",
        "lt",
        "lte",
    ] {
        let desc = outer["properties"][key]["description"]
            .as_str()
            .unwrap_or_default();
        assert!(desc.len() > 10, "OuterCompare.{key} lacks a description");
    }
    let fire = schema["$defs"]["RuleTests"]["properties"]["fire"].to_string();
    assert!(fire.contains("Case"), "{fire}");
}
