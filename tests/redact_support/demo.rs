//! What the demo export knows of its people, and outputs made comparable across formats.

use super::fixture;
use serde_json::Value;

/// What the demo knows of its people: whole values (emails, usernames, display names,
/// ids) and the single words of given and family names.
#[derive(Default)]
pub struct People {
    pub whole: Vec<String>,
    pub parts: Vec<String>,
}

impl People {
    fn add(&mut self, value: Option<&str>) {
        let Some(value) = value.map(str::trim).filter(|v| v.len() >= 3) else {
            return;
        };
        if value.chars().all(|c| c.is_ascii_digit()) {
            // Short numbers (legacy user ids such as 501) are not looked for in text.
        } else if value.contains(|c: char| c.is_whitespace() || c.is_ascii_digit())
            || value.contains(['@', '-'])
        {
            self.whole.push(value.to_owned());
        } else {
            self.parts.push(value.to_owned());
        }
    }
}

pub fn demo_people() -> People {
    let mut people = People::default();
    let scim: Value = serde_json::from_str(&fixture("scim-users.json")).unwrap();
    for user in scim["Resources"].as_array().unwrap() {
        for key in ["id", "externalId", "userName", "displayName"] {
            people.add(user[key].as_str());
        }
        for key in ["givenName", "familyName", "formatted"] {
            people.add(user["name"][key].as_str());
        }
        for email in user["emails"].as_array().unwrap() {
            people.add(email["value"].as_str());
        }
    }
    for row in fixture("users.csv").lines().skip(1) {
        for cell in row.split(',').take(5) {
            people.add(Some(cell));
        }
    }
    for line in fixture("okta-system-log.jsonl").lines() {
        let event: Value = serde_json::from_str(line).unwrap();
        let targets = event["target"].as_array().unwrap();
        for who in targets.iter().chain([&event["actor"]]) {
            if who["type"] == "User" {
                for key in ["id", "alternateId", "displayName"] {
                    people.add(who[key].as_str());
                }
            }
        }
    }
    let entra: Value = serde_json::from_str(&fixture("entra-provisioning.json")).unwrap();
    for event in entra["value"].as_array().unwrap() {
        for side in ["sourceIdentity", "targetIdentity"] {
            let who = &event[side];
            people.add(who["id"].as_str());
            people.add(who["displayName"].as_str());
            people.add(who["details"]["UserPrincipalName"].as_str());
        }
    }
    for row in fixture("sync-log.csv").lines().skip(1) {
        people.add(row.split(',').nth(3));
    }
    people
}

/// The text as one line: wrapped lines joined, the human format's gutters and the HTML
/// escapes undone, so a value reads the same in every format.
pub fn flat(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = line.trim_start_matches(|c: char| c.is_whitespace() || "│·".contains(c));
        if !out.is_empty() && !out.ends_with('-') {
            out.push(' ');
        }
        out.push_str(line.trim_end());
    }
    out.replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}
