//! Shared by the `--redact` tests: the binary run from the repository, the demo's files,
//! and the flags that redact with a fixed key.

#![allow(dead_code)] // each test file uses its own part of this

use std::process::Command;

pub mod demo;

pub const NOW: &str = "2026-11-28T12:00:00Z";
pub const KEY: &[&str] = &["--redact", "--redact-key", "a-ticket-key"];

/// The standard output of `synclint ARGS`, run from the repository.
pub fn synclint(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// A file of the demo export.
pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/fixtures/demo/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("demo fixture")
}

/// A copy of the demo export in the folder `sub` of a new temporary folder (removed when
/// the first value is dropped), for a test to add people to.
pub fn demo_copy(sub: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().expect("a scratch folder");
    let dir = root.path().join(sub);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
    for entry in std::fs::read_dir(demo).expect("the demo") {
        let path = entry.expect("a demo file").path();
        std::fs::copy(&path, dir.join(path.file_name().expect("a name"))).expect("copied");
    }
    (root, dir)
}

/// Adds `user` to the SCIM users of the export in `dir`.
pub fn add_scim_user(dir: &std::path::Path, user: serde_json::Value) {
    edit_json(&dir.join("scim-users.json"), |doc| {
        doc["Resources"]
            .as_array_mut()
            .expect("Resources")
            .push(user);
    });
}

/// Adds `member` to the members of the SCIM group `group` in `dir`.
pub fn add_group_member(dir: &std::path::Path, group: &str, member: serde_json::Value) {
    edit_json(&dir.join("scim-groups.json"), |doc| {
        for g in doc["Resources"].as_array_mut().expect("Resources") {
            if g["displayName"] == group {
                g["members"]
                    .as_array_mut()
                    .expect("members")
                    .push(member.clone());
            }
        }
    });
}

fn edit_json(path: &std::path::Path, change: impl FnOnce(&mut serde_json::Value)) {
    let text = std::fs::read_to_string(path).expect("readable");
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    change(&mut doc);
    std::fs::write(path, serde_json::to_string_pretty(&doc).expect("JSON")).expect("written");
}

/// Appends Incydr Sync log rows (`Date,Provisioning Provider,Action,Username,Result,
/// Details,Role,Organization`) to the export in `dir`.
pub fn add_sync_rows(dir: &std::path::Path, rows: &[&str]) {
    let path = dir.join("sync-log.csv");
    let mut text = std::fs::read_to_string(&path).expect("readable");
    let end = if text.contains("\r\n") { "\r\n" } else { "\n" };
    for row in rows {
        text.push_str(row);
        text.push_str(end);
    }
    std::fs::write(path, text).expect("written");
}

/// The pseudonym of `value` with the key of [`KEY`].
pub fn token(value: &str) -> String {
    let names = synclint::redact::Names::default();
    synclint::redact::Redactor::new(Some(KEY[2]), &names)
        .expect("a redactor")
        .token(value)
}

/// The redactor `synclint check INPUTS --redact` with the key of [`KEY`] builds, run in
/// process: the pseudonyms it gives the people the inputs name.
pub fn redactor_of(inputs: &[&str]) -> synclint::redact::Redactor {
    use clap::Parser;
    let args = [&["synclint", "check"][..], inputs, &["--now", NOW], KEY].concat();
    let cli = synclint::cli::Cli::try_parse_from(args).expect("arguments");
    let options = synclint::cli::options(&cli).expect("options");
    let synclint::options::Command::Check(check) = &options.command else {
        panic!("not a check");
    };
    synclint::check::run(check)
        .expect("check runs")
        .redactor
        .expect("a redactor")
}
