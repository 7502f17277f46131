//! SARIF read back into the schema-generated types of `serde-sarif`, then checked field by
//! field: rules, rule indexes, locations, fingerprints, notifications.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use clap::Parser;
use serde_sarif::sarif::{ResultLevel, Sarif};
use synclint::finding::Findings;
use synclint::finding::{Finding, Subjects};
use synclint::model::Location;
use synclint::report::{InputProblem, OutputFormat, RenderOptions, Report, RuleInfo};
use synclint::rules::load::{load_rules, RuleSources};
use synclint::rules::Severity;

const NOW: &str = "2026-11-28T12:00:00Z";

/// The demo's report, in process; with `rules` filled from the built-in pack when asked.
fn demo_report(with_rules: bool) -> Report {
    let cli =
        synclint::cli::Cli::try_parse_from(["synclint", "check", "fixtures/demo", "--now", NOW])
            .expect("arguments");
    let options = synclint::cli::options(&cli).expect("options");
    let synclint::options::Command::Check(args) = &options.command else {
        panic!("not a check");
    };
    let mut report = synclint::check::run(args).expect("check runs").report;
    if with_rules {
        let rules = load_rules(&RuleSources {
            builtin: true,
            paths: Vec::new(),
        })
        .expect("built-in rules");
        report.rules = rules.iter().map(RuleInfo::from).collect();
    }
    report
}

fn render(report: &Report) -> String {
    let mut out = Vec::new();
    OutputFormat::Sarif
        .renderer(&RenderOptions::default())
        .render(report, &mut out)
        .expect("renders");
    String::from_utf8(out).expect("UTF-8")
}

fn parse(text: &str) -> Sarif {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not SARIF ({e}):\n{text}"))
}

/// Every result's `ruleIndex` points at the rule its `ruleId` names.
fn assert_rule_indexes_agree(sarif: &Sarif) {
    let run = &sarif.runs[0];
    let rules = run.tool.driver.rules.as_ref().expect("rules");
    for r in run.results.as_ref().expect("results") {
        let index = usize::try_from(r.rule_index.expect("ruleIndex")).expect("index");
        assert_eq!(Some(&rules[index].id), r.rule_id.as_ref());
    }
}

fn fingerprints(sarif: &Sarif) -> Vec<String> {
    sarif.runs[0]
        .results
        .as_ref()
        .expect("results")
        .iter()
        .map(|r| {
            r.partial_fingerprints.as_ref().expect("fingerprints")["synclintFindingHash/v1"].clone()
        })
        .collect()
}

#[test]
fn the_demo_reads_back_as_sarif_with_every_rule_described() {
    let report = demo_report(true);
    let sarif = parse(&render(&report));
    assert_eq!(
        sarif.schema.as_deref(),
        Some("https://json.schemastore.org/sarif-2.1.0.json")
    );
    assert_eq!(sarif.version, serde_json::json!("2.1.0"));
    assert_eq!(sarif.runs.len(), 1);
    let run = &sarif.runs[0];
    let driver = &run.tool.driver;
    assert_eq!(driver.name, "synclint");
    assert_eq!(driver.version.as_deref(), Some(env!("CARGO_PKG_VERSION")));
    assert_eq!(
        driver.information_uri.as_deref(),
        Some(env!("CARGO_PKG_REPOSITORY"))
    );
    let rules = driver.rules.as_ref().expect("rules");
    assert_eq!(rules.len(), report.rules.len());
    let role = rules
        .iter()
        .find(|r| r.id == "role-unavailable")
        .expect("role-unavailable described");
    assert_eq!(role.name.as_deref(), Some("RoleUnavailable"));
    let full = role.full_description.as_ref().expect("fullDescription");
    assert!(full.text.starts_with("A role mapping"), "{}", full.text);
    let help = role.help.as_ref().expect("help");
    assert!(help.text.contains("Why it matters") && help.text.contains("\n1. "));
    assert!(help
        .markdown
        .as_deref()
        .is_some_and(|m| m.contains("**Fix steps:**")));
    assert!(role.help_uri.is_none(), "no reference, no helpUri");
    let tags = role.properties.as_ref().expect("properties").tags.clone();
    assert_eq!(
        tags,
        Some(vec![
            "role-mapping".into(),
            "sync-error".into(),
            "mapping".into()
        ])
    );
    let results = run.results.as_ref().expect("results");
    assert_eq!(results.len(), report.findings.len());
    assert_rule_indexes_agree(&sarif);
    let invocation = &run.invocations.as_ref().expect("invocations")[0];
    assert!(invocation.execution_successful);
    assert!(invocation.tool_execution_notifications.is_none());
}

#[test]
fn locations_are_relative_and_levels_follow_severity() {
    let sarif = parse(&render(&demo_report(true)));
    for r in sarif.runs[0].results.as_ref().expect("results") {
        let loc = &r
            .locations
            .as_ref()
            .expect("every demo finding has a place")[0];
        let physical = loc.physical_location.as_ref().expect("physicalLocation");
        let uri = physical
            .artifact_location
            .as_ref()
            .and_then(|a| a.uri.clone())
            .expect("uri");
        assert!(uri.starts_with("fixtures/demo/"), "{uri}");
        let region = physical.region.as_ref().expect("region");
        assert!(region.start_line.is_some_and(|l| l > 0));
        assert!(region.start_column.is_some_and(|c| c > 0));
        let expected = match r.rule_id.as_deref() {
            Some("console-only-user") => ResultLevel::Note,
            Some("role-unavailable") => ResultLevel::Error,
            Some("user-without-role") => ResultLevel::Warning,
            _ => continue,
        };
        assert_eq!(
            r.level.as_ref().map(ToString::to_string),
            Some(expected.to_string())
        );
    }
}

#[test]
fn fingerprints_are_stable_and_ignore_line_numbers() {
    let first = fingerprints(&parse(&render(&demo_report(true))));
    let second = fingerprints(&parse(&render(&demo_report(false))));
    assert_eq!(first, second, "two runs, same fingerprints");
    let mut unique = first.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), first.len(), "one fingerprint per finding");

    let mut moved = demo_report(false);
    moved.findings = std::mem::take(&mut moved.findings).map(|f| {
        if let Some(loc) = &mut f.location {
            loc.line += 40;
            loc.column = 1;
        }
    });
    assert_eq!(fingerprints(&parse(&render(&moved))), first);

    // A finding about something else is a different finding; a new count in the message
    // (a log that grew) is not.
    let mut reworded = demo_report(false);
    let mut all = reworded.findings.all().into_owned();
    let f = &mut all[0];
    f.says = synclint::finding::Says::fixed(format!("{} (3 more events)", f.message()), f.fix());
    reworded.findings = all.into();
    assert_eq!(fingerprints(&parse(&render(&reworded)))[0], first[0]);
    let mut other = demo_report(false);
    let mut all = other.findings.all().into_owned();
    if let Some(v) = all[0].subjects.values_mut().next() {
        v.push_str("-other");
    }
    other.findings = all.into();
    assert_ne!(fingerprints(&parse(&render(&other)))[0], first[0]);
}

fn finding(rule: &str, severity: Severity, location: Option<Location>) -> Finding {
    Finding {
        rule: rule.into(),
        severity,
        title: format!("{rule} title").into(),
        category: "drift".into(),
        says: synclint::finding::Says::fixed(
            format!("{rule} message"),
            vec!["Do this.".to_owned()],
        ),
        subjects: Subjects::from([("user".to_owned(), "a@b.example".to_owned())]),
        location,
        events: None,
        cause: None,
    }
}

#[test]
fn absolute_paths_become_relative_and_missing_places_give_no_location() {
    let cwd = std::env::current_dir().expect("cwd");
    let absolute = cwd.join("fixtures").join("demo").join("users.csv");
    let report = Report {
        findings: Findings::from(vec![
            finding(
                "a-rule",
                Severity::Info,
                Some(Location::new(absolute.display().to_string(), 3, 0)),
            ),
            finding(
                "b-rule",
                Severity::Warning,
                Some(Location::new("./sub dir/x.json", 0, 0)),
            ),
            finding("c-rule", Severity::Error, None),
        ]),
        ..Report::default()
    };
    let sarif = parse(&render(&report));
    let run = &sarif.runs[0];
    assert_eq!(run.tool.driver.rules.as_ref().map(Vec::len), Some(3));
    assert_rule_indexes_agree(&sarif);
    let results = run.results.as_ref().expect("results");
    let uri = |i: usize| {
        let loc = &results[i].locations.as_ref().expect("locations")[0];
        let physical = loc.physical_location.as_ref().expect("physical");
        let uri = physical
            .artifact_location
            .as_ref()
            .expect("artifact")
            .uri
            .clone();
        (uri.expect("uri"), physical.region.clone())
    };
    let (first, region) = uri(0);
    assert_eq!(first, "fixtures/demo/users.csv");
    let region = region.expect("a line gives a region");
    assert_eq!((region.start_line, region.start_column), (Some(3), None));
    let (second, region) = uri(1);
    assert_eq!(second, "sub%20dir/x.json");
    assert!(region.is_none(), "no line, no region");
    assert!(results[2].locations.is_none());
}

#[test]
fn rules_with_references_get_a_help_uri_and_input_problems_become_notifications() {
    let mut report = Report::default();
    let mut rules = load_rules(&RuleSources {
        builtin: true,
        paths: Vec::new(),
    })
    .expect("built-in rules");
    rules.truncate(1);
    rules[0].references = vec!["https://support.code42.com/hc/en-us".to_owned()];
    report.rules = rules.iter().map(RuleInfo::from).collect();
    report.summary.problems.push(InputProblem {
        path: "exports/broken.json".to_owned(),
        problem: "malformed",
        reason: "expected `,` or `]`".to_owned(),
        location: Some(Location::new("exports/broken.json", 4, 7)),
    });
    let sarif = parse(&render(&report));
    let run = &sarif.runs[0];
    let rule = &run.tool.driver.rules.as_ref().expect("rules")[0];
    let config = rule
        .default_configuration
        .as_ref()
        .expect("defaultConfiguration");
    let level = match rules[0].severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    assert_eq!(config.level, Some(serde_json::json!(level)));
    assert_eq!(
        rule.help_uri.as_deref(),
        Some("https://support.code42.com/hc/en-us")
    );
    assert_eq!(run.results.as_ref().map(Vec::len), Some(0));
    let invocation = &run.invocations.as_ref().expect("invocations")[0];
    assert!(invocation.execution_successful);
    let notes = invocation
        .tool_execution_notifications
        .as_ref()
        .expect("notifications");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].level, Some(serde_json::json!("warning")));
    assert!(notes[0]
        .message
        .text
        .as_deref()
        .is_some_and(|t| t.contains("malformed")));
}

/// GitHub resolves SARIF and annotation paths against the repository's root: a check run
/// from a folder below it must name its files from the root, not from that folder.
#[test]
fn paths_are_relative_to_the_repository_root_when_run_from_a_subfolder() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    let inputs = repo.path().join("deploy").join("idp");
    std::fs::create_dir_all(&inputs).unwrap();
    for entry in std::fs::read_dir("fixtures/demo").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, inputs.join(path.file_name().unwrap())).unwrap();
    }
    let run = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_synclint"))
            .args([
                "check",
                "idp",
                "--now",
                "2026-11-28T12:00:00Z",
                "--format",
                format,
            ])
            .current_dir(repo.path().join("deploy"))
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(!uris.is_empty());
    assert!(
        uris.iter().all(|u| u.starts_with("deploy/idp/")),
        "{uris:?}"
    );
    let github = run("github");
    let files: Vec<&str> = github
        .lines()
        .filter_map(|l| l.split("file=").nth(1))
        .collect();
    assert!(!files.is_empty(), "{github}");
    assert!(
        files.iter().all(|f| f.starts_with("deploy/idp/")),
        "{github}"
    );
}
