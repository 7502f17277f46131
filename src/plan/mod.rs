//! `synclint plan`: the findings of a check turned into a remediation plan that a person
//! reviews and runs; synclint never changes a system itself.
//!
//! [`build`] (no I/O) reads the findings left after suppressions, the baseline and
//! `--select`/`--ignore`, and the `users` view. Console actions that cannot wait become
//! rows for the Incydr CLI's bulk commands, each row carrying the finding it came from:
//! - deactivate: a user active in the console who is inactive in the identity provider,
//!   or whose deprovisioning failed;
//! - remove a role: a role a user holds in the console that the mapping does not grant;
//! - move: a user whose console organization is not the one the mapping chooses, when
//!   that organization exists.
//!
//! Every finding also becomes an item of the IdP and mapping checklist, root causes
//! first. [`files`] writes it all as the files of the plan folder.

pub mod command;
mod files;

pub use files::{files, BULK_FILES};

use crate::finding::Finding;
use crate::model::{dataset, Datasets, Record};
use serde_json::Value;

/// One row of a bulk-command file, and the finding behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The user as the Incydr CLI takes them: the username when it holds `@` (the CLI
    /// looks it up), else the console user id (the CLI reads any value without `@` as an
    /// id, so a bare username would name nobody, or somebody else).
    pub user: String,
    /// The console username, for people reading the plan.
    pub login: String,
    /// The role to remove or the organization guid to move to; None for deactivation.
    pub value: Option<String>,
    pub rule: String,
    pub fingerprint: String,
}

/// One item of the checklist.
#[derive(Debug, Clone)]
pub struct Item {
    pub rule: String,
    pub severity: String,
    pub message: String,
    pub fix: Vec<String>,
    pub caused_by: Option<String>,
    pub fingerprint: String,
}

/// The plan.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub deactivate: Vec<Row>,
    pub remove_roles: Vec<Row>,
    pub moves: Vec<Row>,
    /// Users a bulk file would need but cannot name: a username without `@` and no
    /// console user id (see [`Row::user`]). Each is for the console, by hand.
    pub by_hand: Vec<Row>,
    pub checklist: Vec<Item>,
}

fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

fn texts(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The plan for `findings` over `data`'s `users` view.
#[must_use]
pub fn build(findings: &[Finding], data: &Datasets) -> Plan {
    let users = data.get(dataset::USERS);
    let mut plan = Plan::default();
    let mut ordered: Vec<&Finding> = findings.iter().collect();
    ordered
        .sort_by(|a, b| (a.cause.is_some(), a.sort_key()).cmp(&(b.cause.is_some(), b.sort_key())));
    for finding in ordered {
        plan.checklist.push(Item {
            rule: finding.rule.to_string(),
            severity: finding.severity.to_string(),
            message: finding.message().clone(),
            fix: finding.fix().clone(),
            caused_by: finding.cause.as_ref().map(|c| c.rule.clone()),
            fingerprint: finding.fingerprint(),
        });
        let Some(name) = finding.subjects.get("user") else {
            continue;
        };
        let Some(user) = users.iter().find(|u| is_user(u, name)) else {
            continue;
        };
        console_rows(&mut plan, finding, user, data);
    }
    plan
}

fn is_user(record: &Record, name: &str) -> bool {
    let wanted = fold(name);
    let console = record.value.get("console");
    [
        record.str_field("username"),
        console
            .and_then(|c| c.get("username"))
            .and_then(Value::as_str),
    ]
    .iter()
    .flatten()
    .any(|n| fold(n) == wanted)
}

/// The console rows `finding` about `user` calls for, each once per user.
fn console_rows(plan: &mut Plan, finding: &Finding, user: &Record, data: &Datasets) {
    let state = |k: &str| user.str_field(k).unwrap_or("absent");
    if state("console_state") != "active" {
        return;
    }
    let console = user.value.get("console");
    let Some(login) = console
        .and_then(|c| c.get("username"))
        .and_then(Value::as_str)
    else {
        return;
    };
    let cli_user = cli_user(login, console);
    let row = |value: Option<String>| Row {
        user: cli_user.clone().unwrap_or_else(|| login.to_owned()),
        login: login.to_owned(),
        value,
        rule: finding.rule.to_string(),
        fingerprint: finding.fingerprint(),
    };
    if cli_user.is_none() {
        push(&mut plan.by_hand, row(None));
        return;
    }
    let failed_deprovisioning = &*finding.rule == "deprovisioning-failed";
    if state("idp_state") == "inactive" || (failed_deprovisioning && state("idp_state") != "active")
    {
        push(&mut plan.deactivate, row(None));
        return;
    }
    if state("idp_state") != "active" {
        return;
    }
    let expected = user.value.get("expected");
    let granted: Vec<String> = texts(expected.and_then(|e| e.get("roles")))
        .iter()
        .map(|r| fold(r))
        .collect();
    if let Some(held) = console.and_then(|c| c.get("roles")) {
        for role in texts(Some(held))
            .into_iter()
            .filter(|r| !granted.contains(&fold(r)))
        {
            push(&mut plan.remove_roles, row(Some(role)));
        }
    }
    let want = expected
        .and_then(|e| e.get("organization"))
        .and_then(Value::as_str)
        .and_then(|written| organization(data, written));
    if let (Some(org), Some(console)) = (want, console) {
        let same = |key: &str| {
            let have = console.get(key).and_then(Value::as_str);
            have.zip(org.str_field(key))
                .is_some_and(|(a, b)| fold(a) == fold(b))
        };
        if !same("orgGuid") && !same("orgName") {
            if let Some(guid) = org.str_field("orgGuid") {
                push(&mut plan.moves, row(Some(guid.to_owned())));
            }
        }
    }
}

/// How the Incydr CLI's bulk commands are to name the console user `login`: the username
/// when it holds `@`, else the console user id; None when neither will do.
fn cli_user(login: &str, console: Option<&Value>) -> Option<String> {
    if login.contains('@') {
        return Some(login.to_owned());
    }
    let id = console.and_then(|c| c.get("userId"));
    match id {
        Some(Value::String(id)) if !id.trim().is_empty() => Some(id.trim().to_owned()),
        Some(Value::Number(id)) => Some(id.to_string()),
        _ => None,
    }
}

/// The active organization a mapping names, as written there: by its name, its guid or
/// its external reference (as the mapping's availability is read).
fn organization<'d>(data: &'d Datasets, written: &str) -> Option<&'d Record> {
    let wanted = fold(written);
    data.get(dataset::ORGANIZATIONS)
        .iter()
        .filter(|o| o.value.get("available").and_then(Value::as_bool) != Some(false))
        .find(|o| {
            ["orgName", "orgGuid", "orgExtRef"]
                .iter()
                .filter_map(|k| o.str_field(k))
                .any(|n| fold(n) == wanted)
        })
}

/// Add `row` unless the same user and value are there already.
fn push(rows: &mut Vec<Row>, row: Row) {
    let same = |r: &Row| {
        fold(&r.user) == fold(&row.user)
            && r.value.as_deref().map(fold) == row.value.as_deref().map(fold)
    };
    if !rows.iter().any(same) {
        rows.push(row);
    }
}
