//! Who receives the email: the listed recipients, and (with `customer_cloud_admins`) every
//! active console user holding the Customer Cloud Admin role. Pure: reads records only.

use crate::model::Record;
use lettre::message::Mailbox;
use serde_json::Value;
use std::collections::BTreeSet;

/// The role's id, and its name in the console.
pub const ADMIN_ROLE_ID: &str = "customer-cloud-admin";
pub const ADMIN_ROLE_NAME: &str = "Customer Cloud Admin";

/// The recipients found, and notes on console admins left out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Recipients {
    /// Mailboxes as written (explicit) or as the console has them, deduplicated by address
    /// (case-insensitively), first one kept.
    pub mailboxes: Vec<String>,
    /// Why some admins were left out (inactive, blocked, no email address).
    pub notes: Vec<String>,
    /// How many Customer Cloud Admins the console snapshot gave.
    pub admins: usize,
}

/// Resolve the recipients from the explicit list and, when `admins`, the console's users
/// and user roles.
#[must_use]
pub fn resolve(
    explicit: &[String],
    admins: bool,
    users: &[Record],
    user_roles: &[Record],
) -> Recipients {
    let mut out = Recipients::default();
    let mut seen = BTreeSet::new();
    let mut add = |mailbox: String, out: &mut Recipients| {
        let Ok(parsed) = mailbox.parse::<Mailbox>() else {
            return false;
        };
        if seen.insert(parsed.email.to_string().to_lowercase()) {
            out.mailboxes.push(mailbox);
        }
        true
    };
    for r in explicit {
        add(r.trim().to_owned(), &mut out);
    }
    if !admins {
        return out;
    }
    let holders: Vec<&Record> = user_roles.iter().filter(|r| is_admin_role(r)).collect();
    let mut counted = BTreeSet::new();
    for user in users {
        let id = text(user, "userId");
        let name = text(user, "username");
        let holds = holders.iter().any(|h| {
            let (hid, hname) = (text(h, "userId"), text(h, "username"));
            (!id.is_empty() && hid == id) || (!name.is_empty() && hname.eq_ignore_ascii_case(&name))
        });
        if !holds || !counted.insert(name.to_lowercase()) {
            continue;
        }
        out.admins += 1;
        if user.value.get("active") != Some(&Value::Bool(true)) {
            out.notes
                .push(format!("{name}: not active in the console, left out"));
            continue;
        }
        if user.value.get("blocked") == Some(&Value::Bool(true)) {
            out.notes
                .push(format!("{name}: blocked in the console, left out"));
            continue;
        }
        let email = Some(text(user, "email"))
            .filter(|e| e.parse::<Mailbox>().is_ok())
            .unwrap_or(name.clone());
        if !add(email, &mut out) {
            out.notes
                .push(format!("{name}: no email address, left out"));
        }
    }
    out
}

fn is_admin_role(record: &Record) -> bool {
    text(record, "roleId").eq_ignore_ascii_case(ADMIN_ROLE_ID)
        || text(record, "roleName")
            .trim()
            .eq_ignore_ascii_case(ADMIN_ROLE_NAME)
}

fn text(record: &Record, key: &str) -> String {
    match record.value.get(key) {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rec(v: Value) -> Record {
        Record::new(v, None)
    }

    #[test]
    fn admins_by_id_or_name_deduplicated() {
        let users = vec![
            rec(json!({"userId": "1", "username": "A@x.example", "active": true})),
            rec(json!({"userId": "2", "username": "b@x.example", "active": false})),
            rec(json!({"userId": "3", "username": "c@x.example", "active": true})),
            rec(json!({"userId": "4", "username": "d@x.example", "active": true})),
        ];
        let roles = vec![
            rec(json!({"userId": "1", "roleId": "customer-cloud-admin"})),
            rec(json!({"userId": "2", "roleId": "customer-cloud-admin"})),
            rec(
                json!({"userId": null, "username": "c@x.example", "roleName": "customer cloud admin"}),
            ),
            rec(json!({"userId": "4", "roleId": "desktop-user"})),
        ];
        let got = resolve(&["Ops <a@X.example>".to_owned()], true, &users, &roles);
        assert_eq!(got.mailboxes, vec!["Ops <a@X.example>", "c@x.example"]);
        assert_eq!(got.admins, 3);
        assert_eq!(got.notes.len(), 1, "{:?}", got.notes);
        let off = resolve(&[], false, &users, &roles);
        assert!(off.mailboxes.is_empty());
    }
}
