//! Reports built by hand, so every section of the page is exercised: sync data, a root
//! cause with symptoms and events, rule docs, skipped records, and hostile values everywhere
//! an input can reach.

use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;
use synclint::finding::{Cause, EventStats, Finding, Subjects};
use synclint::model::{Location, Skipped};
use synclint::report::{InputProblem, InputSummary, Report, RuleInfo, RuleNotRun, Summary};
use synclint::rules::{Docs, Severity};
use synclint::syncreport::{BusyHour, ErrorKind, SyncReport, TimelineHour, Window, TOTAL_KEYS};

pub const SCRIPT: &str = "<script>alert(1)</script>";
pub const IMG: &str = "\"><img src=x onerror=alert(1)>";
pub const STYLE_END: &str = "</style>";
pub const CDATA_END: &str = "]]>";
pub const ANSI: &str = "\u{1b}[31mred\u{1b}[0m";

pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a time")
        .with_timezone(&Utc)
}

fn map(pairs: &[(&str, &str)]) -> Subjects {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn finding(rule: &str, severity: Severity, title: &str, message: &str) -> Finding {
    Finding {
        rule: rule.into(),
        severity,
        title: title.into(),
        category: "mapping".into(),
        says: synclint::finding::Says::fixed(message.to_owned(), Vec::new()),
        subjects: Subjects::new(),
        location: None,
        events: None,
        cause: None,
    }
}

fn symptom(user: &str, count: u64, first: &str, last: &str, cause: &Subjects) -> Finding {
    let mut f = finding(
        "sync-role-update-failed",
        Severity::Warning,
        "Role updates fail in the Sync log",
        &format!("{count} role update(s) for `{user}` failed: Unable to update user's role"),
    );
    f.subjects = map(&[("user", user)]);
    f.location = Some(Location::new("logs/okta-system-log.jsonl", 17, 1));
    f.events = Some(EventStats {
        count,
        users: 1,
        user_names: vec![user.into()],
        first_seen: Some(at(first)),
        last_seen: Some(at(last)),
    });
    f.cause = Some(Box::new(Cause {
        rule: "role-unavailable".to_owned(),
        subjects: cause.clone(),
    }));
    f.says = synclint::finding::Says::fixed(
        f.message(),
        vec![format!("Fix the role mapping, then re-push `{user}`.")],
    );
    f
}

fn rule_info(id: &str, severity: Severity, title: &str) -> RuleInfo {
    RuleInfo {
        id: id.to_owned(),
        title: title.to_owned(),
        severity,
        category: "mapping".to_owned(),
        tags: vec!["roles".to_owned(), STYLE_END.to_owned()],
        references: vec![
            "https://support.code42.com/hc/en-us/articles/roles".to_owned(),
            "javascript:alert(1)".to_owned(),
        ],
        docs: Docs {
            what: format!("A role mapping grants a role the environment lacks {SCRIPT}."),
            why: format!(
                "Incydr rejects the update with \"Unable to update user's role\" {STYLE_END}."
            ),
            fix: format!("Map the group to an existing role {CDATA_END}."),
        },
        fix: vec!["Map `{group}` to an existing role.".to_owned()],
    }
}

const CONFIG: &str = "version: 1\nrole_mappings:\n  - group: Security Analysts\n    roles: [\"\\\"><img src=x onerror=alert(1)>\"]  # </style> ]]>\n  - group: Everyone\n    roles: [desktop-user]\n";

/// A report with every section filled, and hostile values in every input-derived place.
pub fn hostile_report() -> Report {
    let cause_subjects = map(&[("group", "Security Analysts"), ("role", IMG)]);
    let mut cause = finding(
        "role-unavailable",
        Severity::Error,
        "Role mapping grants a role this environment does not have",
        &format!("Role mapping for group `Security Analysts` grants role `{IMG}`, which does not exist {SCRIPT}"),
    );
    cause.subjects = cause_subjects.clone();
    cause.location = Some(Location::new("synclint.yaml", 4, 13));
    cause.says = synclint::finding::Says::fixed(
        cause.message(),
        vec![
            format!("Check the role list in the console {STYLE_END}"),
            format!("Map the group to an existing role {CDATA_END}"),
            "Re-push the group from the identity provider.".to_owned(),
        ],
    );
    let mut drift = finding(
        "console-status-drift",
        Severity::Error,
        "A user's active state differs",
        "User `frank.left@acme.example` is inactive in the identity provider but active in the console",
    );
    drift.subjects = map(&[("user", "frank.left@acme.example")]);
    drift.location = Some(Location::new("exports/<b>users</b>.csv", 4, 1));
    drift.says = synclint::finding::Says::fixed(
        drift.message(),
        vec!["Decide whether frank.left@acme.example should have access.".to_owned()],
    );
    let mut evil = finding(
        &format!("evil{IMG}"),
        Severity::Info,
        SCRIPT,
        &format!("</script><script>alert(2)</script> {ANSI} {CDATA_END}"),
    );
    evil.subjects = map(&[("organization", CDATA_END)]);
    evil.says = synclint::finding::Says::fixed(evil.message(), vec![format!("Step with {IMG}")]);
    let findings = vec![
        cause,
        drift,
        symptom(
            "alice@acme.example",
            40,
            "2026-11-28T02:10:00Z",
            "2026-11-28T11:50:00Z",
            &cause_subjects,
        ),
        symptom(
            "bob@acme.example",
            30,
            "2026-11-27T20:00:00Z",
            "2026-11-28T09:00:00Z",
            &cause_subjects,
        ),
        symptom(
            &format!("{ANSI}mallory@acme.example"),
            42,
            "2026-11-28T01:00:00Z",
            "2026-11-28T10:00:00Z",
            &cause_subjects,
        ),
        evil,
    ];
    let mut sources = BTreeMap::new();
    sources.insert("synclint.yaml".to_owned(), CONFIG.to_owned());
    Report {
        findings: findings.into(),
        rules: vec![
            rule_info(
                "role-unavailable",
                Severity::Error,
                "Role mapping grants a role this environment does not have",
            ),
            rule_info(
                "sync-role-update-failed",
                Severity::Warning,
                "Role updates fail in the Sync log",
            ),
        ],
        summary: Summary {
            inputs: vec![
                InputSummary::new("synclint.yaml".to_owned(), "config", 0, 0),
                InputSummary::new(
                    "exports/<b>users</b>.csv".to_owned(),
                    "console-users",
                    10,
                    0,
                ),
                InputSummary::new("logs/okta-system-log.jsonl".to_owned(), "events", 1200, 0),
            ],
            problems: vec![InputProblem {
                path: format!("notes/{SCRIPT}.txt"),
                problem: "unrecognized",
                reason: format!("no known shape {CDATA_END} {ANSI}"),
                location: None,
            }],
            skipped: (1..=55)
                .map(|n| Skipped {
                    location: Location::new("logs/okta-system-log.jsonl", n * 3, 1),
                    reason: format!("line is not JSON: {SCRIPT}"),
                })
                .collect(),
            rules_run: 22,
            rules_not_run: vec![RuleNotRun {
                rule: "console-only-user".to_owned(),
                missing: vec!["idp_users".to_owned()],
            }],
            ..Summary::default()
        },
        sources,
        sync: Some(day_of_sync()),
        ..Report::default()
    }
}

fn totals(values: &[u64]) -> BTreeMap<&'static str, u64> {
    TOTAL_KEYS
        .iter()
        .copied()
        .zip(values.iter().copied())
        .collect()
}

/// 24 hours of directory sync, with a hostile provider name and error kinds.
fn day_of_sync() -> SyncReport {
    let since = at("2026-11-27T12:00:00Z");
    let timeline = (0..24)
        .filter(|h| h % 5 != 3)
        .map(|h: i64| TimelineHour {
            hour: since + Duration::hours(h),
            changes: (h as u64 * 7) % 23 + 1,
            errors: if h > 12 { (h as u64 * 3) % 11 } else { 0 },
        })
        .collect();
    let mut providers = BTreeMap::new();
    providers.insert("okta".to_owned(), totals(&[4, 150, 3, 0, 0, 10, 2, 100]));
    providers.insert(SCRIPT.to_owned(), totals(&[1, 30, 0, 0, 0, 2, 0, 12]));
    SyncReport {
        window: Window {
            since: Some(since),
            until: Some(at("2026-11-28T12:00:00Z")),
        },
        logs_cover: None,
        totals: totals(&[5, 180, 3, 0, 0, 12, 2, 112]),
        providers,
        not_counted: [("skipped", 40), ("no_user_change", 6)].into(),
        errors_by_kind: vec![
            ErrorKind {
                kind: "E0000001: Unable to update user's role".to_owned(),
                count: 70,
            },
            ErrorKind {
                kind: IMG.to_owned(),
                count: 40,
            },
            ErrorKind {
                kind: ANSI.to_owned(),
                count: 2,
            },
        ],
        busiest_hours: vec![
            BusyHour {
                hour: at("2026-11-28T03:00:00Z"),
                events: 31,
            },
            BusyHour {
                hour: at("2026-11-28T08:00:00Z"),
                events: 25,
            },
        ],
        timeline,
    }
}

/// A report over 30 days: 720 hours, all with changes.
pub fn month_report() -> Report {
    let since = at("2026-10-29T12:00:00Z");
    let timeline = (0..720)
        .map(|h: i64| TimelineHour {
            hour: since + Duration::hours(h),
            changes: 5 + (h as u64 * 37) % 50,
            errors: if h % 24 == 9 { 3 + (h as u64 % 7) } else { 0 },
        })
        .collect();
    let mut providers = BTreeMap::new();
    providers.insert(
        "entra".to_owned(),
        totals(&[100, 20000, 50, 5, 1, 300, 40, 200]),
    );
    Report {
        sync: Some(SyncReport {
            window: Window {
                since: Some(since),
                until: Some(since + Duration::hours(719)),
            },
            logs_cover: None,
            totals: totals(&[100, 20000, 50, 5, 1, 300, 40, 200]),
            providers,
            not_counted: BTreeMap::new(),
            errors_by_kind: Vec::new(),
            busiest_hours: Vec::new(),
            timeline,
        }),
        ..Report::default()
    }
}

/// A report whose sync window saw nothing.
pub fn quiet_report() -> Report {
    Report {
        sync: Some(SyncReport {
            window: Window {
                since: Some(at("2026-11-27T12:00:00Z")),
                until: Some(at("2026-11-28T12:00:00Z")),
            },
            logs_cover: None,
            totals: totals(&[0; 8]),
            providers: BTreeMap::new(),
            not_counted: BTreeMap::new(),
            errors_by_kind: Vec::new(),
            busiest_hours: Vec::new(),
            timeline: Vec::new(),
        }),
        ..Report::default()
    }
}
