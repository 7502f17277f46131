//! `synclint plan` end to end: each bulk-command file, the checklist, plan.md, and what
//! keeps a finding out of the plan (suppression, baseline, --select/--ignore).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use std::path::Path;
use std::process::{Command, Output};

const NOW: &str = "2026-11-30T00:00:00Z";

fn synclint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Run `plan` on `inputs` with `extra` flags into a new folder.
fn plan(extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_dir = dir.path().join("plan");
    let out_dir = out_dir.to_str().expect("utf-8");
    let mut args = vec!["plan", "fixtures/demo", "--now", NOW, "--out", out_dir];
    args.extend_from_slice(extra);
    let out = synclint(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

fn read(dir: &Path, name: &str) -> Option<String> {
    std::fs::read_to_string(dir.join("plan").join(name)).ok()
}

#[test]
fn the_demo_plan_deactivates_frank_and_takes_heidis_console_only_role() {
    let dir = plan(&[]);
    assert_eq!(
        read(dir.path(), "deactivate.csv").as_deref(),
        Some("user\nfrank.left@acme.example\n")
    );
    assert_eq!(
        read(dir.path(), "remove-roles.csv").as_deref(),
        Some("user,role\nheidi.eng@acme.example,customer-cloud-admin\n")
    );
    assert_eq!(
        read(dir.path(), "move.csv").as_deref(),
        Some("user,org_guid\nivan.support@acme.example,1004\n")
    );
    let overview = read(dir.path(), "plan.md").expect("plan.md");
    for wanted in [
        "incydr users bulk-deactivate ",
        "/plan/deactivate.csv",
        "incydr users bulk-update-roles --remove ",
        "incydr users bulk-move ",
        "not synced back",
        "synclint check",
        "| frank.left@acme.example | `deprovisioning-failed` |",
        "| heidi.eng@acme.example | customer-cloud-admin | `console-role-drift` |",
    ] {
        assert!(
            overview.contains(wanted),
            "plan.md lacks {wanted}:\n{overview}"
        );
    }
}

#[test]
fn the_checklist_lists_root_causes_before_what_they_explain() {
    let dir = plan(&[]);
    let checklist = read(dir.path(), "checklist.md").expect("checklist.md");
    let at = |rule: &str| {
        checklist
            .find(&format!("`{rule}`"))
            .unwrap_or_else(|| panic!("{rule} missing"))
    };
    assert!(at("role-unavailable") < at("sync-role-update-failed"));
    assert!(at("deprovisioning-failed") < at("console-status-drift"));
    assert!(
        checklist.contains("(caused by `deprovisioning-failed`)"),
        "{checklist}"
    );
    assert!(checklist.contains("1. [ ] **error**"), "{checklist}");
}

#[test]
fn ignored_rules_leave_their_rows_out() {
    let dir = plan(&["--ignore", "deprovisioning-failed,console-status-drift"]);
    assert_eq!(
        read(dir.path(), "deactivate.csv"),
        None,
        "no finding asks to deactivate"
    );
    assert!(read(dir.path(), "remove-roles.csv").is_some());
    let checklist = read(dir.path(), "checklist.md").expect("checklist.md");
    assert!(!checklist.contains("deprovisioning-failed"), "{checklist}");
    let only = plan(&["--select", "console-role-drift"]);
    assert_eq!(read(only.path(), "deactivate.csv"), None);
    assert_eq!(read(only.path(), "move.csv"), None);
    assert!(read(only.path(), "remove-roles.csv").is_some());
}

#[test]
fn baselined_findings_are_not_planned() {
    let dir = tempfile::tempdir().expect("temp dir");
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().expect("utf-8");
    let out = synclint(&[
        "check",
        "fixtures/demo",
        "--now",
        NOW,
        "--fail-on",
        "never",
        "--write-baseline",
        baseline,
    ]);
    assert_eq!(out.status.code(), Some(0));
    let planned = plan(&["--baseline", baseline]);
    for file in ["deactivate.csv", "remove-roles.csv", "move.csv"] {
        assert_eq!(read(planned.path(), file), None, "{file} written");
    }
    let checklist = read(planned.path(), "checklist.md").expect("checklist.md");
    assert!(checklist.contains("Nothing to do"), "{checklist}");
    assert!(read(planned.path(), "plan.md")
        .expect("plan.md")
        .contains("None: no user needs"));
}

#[test]
fn suppressed_findings_are_not_planned() {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir("fixtures/demo").expect("demo") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copied");
    }
    let config = dir.path().join("synclint.yaml");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text += "suppressions:\n  - rule: console-role-drift\n    reason: heidi's admin role is approved until the audit\n";
    std::fs::write(&config, text).expect("config written");
    let out_dir = dir.path().join("plan");
    let out = synclint(&[
        "plan",
        dir.path().to_str().expect("utf-8"),
        "--now",
        NOW,
        "--out",
        out_dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out_dir.join("remove-roles.csv").exists(),
        "the suppressed drift is not planned"
    );
    assert!(out_dir.join("deactivate.csv").exists());
}

#[test]
fn redact_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = synclint(&[
        "plan",
        "fixtures/demo",
        "--redact",
        "--out",
        dir.path().to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--redact is refused"));
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        0,
        "nothing written"
    );
}

#[test]
fn a_later_plan_removes_the_bulk_files_it_has_no_rows_for() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_dir = dir.path().join("plan");
    let out_dir = out_dir.to_str().expect("utf-8");
    let run = |extra: &[&str]| {
        let mut args = vec!["plan", "fixtures/demo", "--now", NOW, "--out", out_dir];
        args.extend_from_slice(extra);
        let out = synclint(&args);
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(&[]);
    assert!(read(dir.path(), "deactivate.csv").is_some());
    let said = run(&["--select", "console-role-drift"]);
    assert_eq!(
        read(dir.path(), "deactivate.csv"),
        None,
        "a stale file would deactivate again"
    );
    assert!(
        said.contains("removed") && said.contains("deactivate.csv"),
        "{said}"
    );
    assert!(read(dir.path(), "remove-roles.csv").is_some());
}

#[test]
fn a_mapping_that_names_organizations_by_guid_or_external_reference_plans_the_same_moves() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = dir.path().join("demo");
    std::fs::create_dir(&demo).unwrap();
    for entry in std::fs::read_dir("fixtures/demo").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, demo.join(path.file_name().unwrap())).unwrap();
    }
    let config = std::fs::read_to_string(demo.join("synclint.yaml")).unwrap();
    let by_ids = config
        .replace("organization: Engineering", "organization: ENG")
        .replace("organization: Customer Support", "organization: \"1004\"");
    assert_ne!(by_ids, config);
    std::fs::write(demo.join("synclint.yaml"), by_ids).unwrap();
    let out_dir = dir.path().join("plan");
    let out = synclint(&[
        "plan",
        demo.to_str().unwrap(),
        "--now",
        NOW,
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("move.csv"))
            .ok()
            .as_deref(),
        Some("user,org_guid\nivan.support@acme.example,1004\n"),
        "users already in the organization the guid or reference names are not moved"
    );
}

#[test]
fn an_input_that_cannot_be_used_is_named_and_exits_4() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().to_str().unwrap();
    let missing = out.path().join("no-such-export");
    let result = synclint(&["plan", missing.to_str().unwrap(), "--out", out_dir]);
    assert_eq!(result.status.code(), Some(4));
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(
        err.starts_with("Not used (unreadable): ") && err.contains("no-such-export"),
        "{err}"
    );
}

/// The demo with Frank's username written without `@` everywhere (a legacy or AD-style
/// username), and his console user id as `id` ("" for none).
fn demo_with_bare_username(id: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("fixtures/demo").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text
            .replace("frank.left@acme.example", "frank.left")
            .replace(",u-frank,", &format!(",{id},"));
        std::fs::write(dir.path().join(path.file_name().unwrap()), text).unwrap();
    }
    dir
}

fn plan_of(input: &Path) -> (tempfile::TempDir, i32) {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("plan");
    let args = [
        "plan",
        input.to_str().unwrap(),
        "--now",
        NOW,
        "--out",
        out_dir.to_str().unwrap(),
    ];
    let code = synclint(&args).status.code().unwrap();
    (out, code)
}

#[test]
fn a_username_without_at_is_written_as_the_console_user_id() {
    // The Incydr CLI reads a bulk file's `user` without `@` as a user id.
    let input = demo_with_bare_username("u-frank");
    let (out, _) = plan_of(input.path());
    let deactivate = read(out.path(), "deactivate.csv").unwrap();
    assert!(deactivate.lines().any(|l| l == "u-frank"), "{deactivate}");
    assert!(!deactivate.contains("frank.left"), "{deactivate}");
    let overview = read(out.path(), "plan.md").unwrap();
    assert!(overview.contains("u-frank (`frank.left`)"), "{overview}");
}

#[test]
fn a_username_without_at_and_without_an_id_is_left_for_the_console() {
    let input = demo_with_bare_username("");
    let (out, _) = plan_of(input.path());
    let deactivate = read(out.path(), "deactivate.csv").unwrap_or_default();
    assert!(!deactivate.contains("frank"), "{deactivate}");
    let overview = read(out.path(), "plan.md").unwrap();
    let by_hand = overview.split("### By hand in the console").nth(1);
    assert!(
        by_hand.is_some_and(|rest| rest.contains("| frank.left |")),
        "{overview}"
    );
}

/// `--out` naming the export's own folder, which holds the console users as `move.csv`: the
/// plan would write over (or remove) an input, so it stops before touching any file.
#[test]
fn a_plan_is_never_written_over_an_input() {
    let dir = demo_with_bare_username("u-frank");
    std::fs::rename(dir.path().join("users.csv"), dir.path().join("move.csv")).unwrap();
    let before = std::fs::read(dir.path().join("move.csv")).unwrap();
    let folder = dir.path().to_str().unwrap();
    let out = synclint(&["plan", folder, "--now", NOW, "--out", folder]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("move.csv is an input of this run"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("move.csv")).unwrap(), before);
    assert!(
        read(dir.path(), "checklist.md").is_none(),
        "nothing is written"
    );
}
