//! The plan as files: the bulk-command CSVs (only those with rows), the checklist, and
//! `plan.md`, which says for each file the command to run, what it changes and how to
//! check it.

use super::{Item, Plan, Row};

/// The names of the bulk-command files, written only when they have rows.
pub const BULK_FILES: [&str; 3] = ["deactivate.csv", "remove-roles.csv", "move.csv"];

/// A bulk-command file: its name, header, command and what it does.
struct Bulk<'a> {
    name: &'static str,
    header: &'static [&'static str],
    command: &'static str,
    changes: &'static str,
    rows: &'a [Row],
}

/// The files of `plan`, as (file name, contents), for a plan folder shown as `dir`.
#[must_use]
pub fn files(plan: &Plan, dir: &str) -> Vec<(String, String)> {
    let bulks = [
        Bulk {
            name: "deactivate.csv",
            header: &["user"],
            command: "incydr users bulk-deactivate",
            changes: "deactivates each user in the Incydr console: they can no longer sign in",
            rows: &plan.deactivate,
        },
        Bulk {
            name: "remove-roles.csv",
            header: &["user", "role"],
            command: "incydr users bulk-update-roles --remove",
            changes: "takes each role from its user in the console (roles the identity provider does not grant)",
            rows: &plan.remove_roles,
        },
        Bulk {
            name: "move.csv",
            header: &["user", "org_guid"],
            command: "incydr users bulk-move",
            changes: "moves each user to the organization the mapping chooses",
            rows: &plan.moves,
        },
    ];
    let mut out: Vec<(String, String)> = bulks
        .iter()
        .filter(|b| !b.rows.is_empty())
        .map(|b| (b.name.to_owned(), csv(b)))
        .collect();
    out.push(("checklist.md".to_owned(), checklist(&plan.checklist)));
    out.push(("plan.md".to_owned(), overview(&bulks, plan, dir)));
    out
}

/// A CSV field, quoted when it must be.
fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

fn csv(bulk: &Bulk<'_>) -> String {
    let mut text = bulk.header.join(",") + "\n";
    for row in bulk.rows {
        let mut fields = vec![field(&row.user)];
        fields.extend(row.value.as_deref().map(field));
        text += &(fields.join(",") + "\n");
    }
    text
}

fn md(text: &str) -> String {
    crate::report::text::markdown(text)
}

fn checklist(items: &[Item]) -> String {
    let mut s = "# Identity provider and mapping checklist\n\n".to_owned();
    s += "Work from the top: root causes come first, and fixing one often clears the findings it \
          explains. Each item names its finding (rule and fingerprint).\n\n";
    if items.is_empty() {
        s += "Nothing to do: no finding is left after suppressions, the baseline and the rule selection.\n";
    }
    for (n, item) in items.iter().enumerate() {
        let why = item
            .caused_by
            .as_ref()
            .map_or_else(String::new, |r| format!(" (caused by `{r}`)"));
        s += &format!(
            "{}. [ ] **{}** `{}`{why}: {}  \n   finding `{}`\n",
            n + 1,
            item.severity,
            item.rule,
            md(&item.message),
            item.fingerprint
        );
        for step in &item.fix {
            s += &format!("   - {}\n", md(step));
        }
    }
    s
}

/// The users a bulk file cannot name, for the console by hand.
fn by_hand(rows: &[Row]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut s = "### By hand in the console\n\nThese users need a console change, but no bulk \
                 file can name them: the Incydr CLI reads a user without `@` as a user id, and \
                 the console export gives none for them (export the users again with \
                 `incydr users list -f csv`, which has `user_id`, to have them in the files). \
                 Find each under Administration > Environment > Users.\n\n\
                 | user | finding | fingerprint |\n|---|---|---|\n"
        .to_owned();
    for row in rows {
        s += &format!(
            "| {} | `{}` | `{}` |\n",
            md(&row.login),
            row.rule,
            row.fingerprint
        );
    }
    s + "\n"
}

fn overview(bulks: &[Bulk<'_>], plan: &Plan, dir: &str) -> String {
    let mut s = "# Remediation plan\n\n".to_owned();
    s += "synclint changed nothing. Review each file, then run the commands yourself.\n\n";
    s += "**Console edits are not synced back to the identity provider.** The Incydr CLI commands \
          below close access now; the identity provider and mapping fixes in `checklist.md` are \
          still needed, or the next sync undoes or repeats the problem.\n\n## Console actions\n\n";
    let written: Vec<&Bulk<'_>> = bulks.iter().filter(|b| !b.rows.is_empty()).collect();
    if written.is_empty() && plan.by_hand.is_empty() {
        s += "None: no user needs a console change that cannot wait.\n";
    }
    for bulk in written {
        s += &format!(
            "### `{}`\n\n```\n{} {dir}/{}\n```\n\nWhat it changes: {}.\n\n| {} | finding | fingerprint |\n|{}---|---|\n",
            bulk.name,
            bulk.command,
            bulk.name,
            bulk.changes,
            bulk.header.join(" | "),
            "---|".repeat(bulk.header.len()),
        );
        for row in bulk.rows {
            let value = row
                .value
                .as_deref()
                .map_or_else(String::new, |v| format!(" | {}", md(v)));
            let user = if row.user == row.login {
                md(&row.user)
            } else {
                format!("{} (`{}`)", md(&row.user), md(&row.login))
            };
            s += &format!(
                "| {user}{value} | `{}` | `{}` |\n",
                row.rule, row.fingerprint
            );
        }
        s += "\n";
    }
    s += &by_hand(&plan.by_hand);
    s += &format!(
        "## Identity provider and mapping\n\n`checklist.md`: {} item(s), root causes first; \
         tick them off as you go.\n\n## Check afterwards\n\n1. Export the console users and \
         roles again and run `synclint check` on the new exports: the findings behind the \
         rows above should be gone.\n2. After the identity provider fixes, let a sync run and \
         check the Sync log for errors about these users.\n",
        plan.checklist.len()
    );
    s
}
