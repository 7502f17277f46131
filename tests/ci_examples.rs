//! The CI examples in the repository use real synclint flags, so they cannot go stale.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use clap::Parser;
use serde_json::Value;
use synclint::cli::Cli;

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(path).expect("example file");
    synclint::yaml::from_str(&text, path).expect("valid YAML")
}

fn parses(args: &[String]) {
    let mut argv = vec!["synclint".to_owned()];
    argv.extend(args.iter().cloned());
    if let Err(e) = Cli::try_parse_from(&argv) {
        panic!("{argv:?} does not parse: {e}");
    }
}

#[test]
fn the_pre_commit_hook_runs_a_valid_command() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(hook["id"], "synclint");
    assert_eq!(hook["entry"], "synclint");
    let args: Vec<String> = hook["args"]
        .as_array()
        .expect("args")
        .iter()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect();
    parses(&args);
}

#[test]
fn the_github_workflow_runs_a_valid_command_and_uploads_sarif() {
    let workflow = yaml("examples/ci/github-actions.yml");
    let steps = workflow["jobs"]["check"]["steps"]
        .as_array()
        .expect("steps");
    let run = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.starts_with("synclint "))
        .expect("a synclint step");
    let args: Vec<String> = run.split_whitespace().skip(1).map(str::to_owned).collect();
    parses(&args);
    assert!(run.contains("--format sarif=synclint.sarif"));
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif"))
        })
        .expect("upload step");
    assert_eq!(upload["with"]["sarif_file"], "synclint.sarif");
}
