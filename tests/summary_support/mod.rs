//! Shared by the tests that read a JSON report's summary of its inputs: the files not
//! used and the records skipped, in a form an assertion can compare whole.

use serde_json::Value;

/// `(problem, reason)` of each file not used.
pub fn not_used(report: &Value) -> Vec<(String, String)> {
    report["summary"]["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                p["problem"].as_str().expect("problem").to_owned(),
                p["reason"].as_str().expect("reason").to_owned(),
            )
        })
        .collect()
}

/// `line reason` of each record skipped or noted.
pub fn skipped(report: &Value) -> Vec<String> {
    report["summary"]["skipped"]["records"]
        .as_array()
        .expect("skipped records")
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s["location"]["line"],
                s["reason"].as_str().expect("reason")
            )
        })
        .collect()
}
