//! Changes to synclint.yaml that are certain to resolve a configuration finding, for
//! SARIF `fixes` (so code scanning can show the change):
//! - a role or organization mapping entry identical to an earlier one is deleted;
//! - a mapped group written differently from the identity provider's group only in case
//!   or spaces is respelled as the identity provider has it (when exactly one group is
//!   that near and none is written the same).
//!
//! Nothing is proposed when the text at a value's place is not the value as parsed (a
//! quoted or folded scalar), or an entry's lines cannot be told apart from its
//! neighbours'.

use crate::config::{Config, OrgMapping};
use crate::model::{dataset, Datasets};
use crate::yaml::{line_col, Spanned};
use serde::Serialize;

/// One certain change to the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigFix {
    /// The rule whose findings it resolves, or None for any finding about the group.
    pub rule: Option<String>,
    /// The group, as written, that the findings name.
    pub group: String,
    pub description: String,
    pub path: String,
    pub replacement: Replacement,
}

/// Text from (line, column) to (end line, end column), 1-based, end exclusive, replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replacement {
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub inserted: String,
}

/// An entry of a mapping: its group and what it grants, with the places of its values.
struct Entry<'a> {
    group: &'a Spanned<String>,
    grants: Vec<&'a Spanned<String>>,
    kind: &'static str,
}

fn entries(config: &Config) -> Vec<Entry<'_>> {
    let mut all: Vec<Entry<'_>> = config
        .role_mappings
        .iter()
        .map(|m| Entry {
            group: &m.group,
            grants: m.roles.iter().collect(),
            kind: "role",
        })
        .collect();
    if let Some(OrgMapping::Groups { groups, .. }) = &config.organization_mapping {
        all.extend(groups.iter().map(|g| Entry {
            group: &g.group,
            grants: vec![&g.organization],
            kind: "organization",
        }));
    }
    all
}

/// The certain fixes for `config`, given the identity provider's groups in `data`.
#[must_use]
pub fn config_fixes(config: &Config, data: &Datasets) -> Vec<ConfigFix> {
    let all = entries(config);
    let lines: Vec<&str> = config.text.lines().collect();
    let mut fixes = Vec::new();
    // The entries seen so far, as what makes two identical: a set, not a scan of every
    // earlier entry (a mapping of thousands of groups made that quadratic).
    let mut seen = std::collections::HashSet::new();
    for entry in &all {
        if !seen.insert(identity(entry)) {
            if let Some(replacement) = deletion(&lines, entry) {
                fixes.push(ConfigFix {
                    rule: Some("mapping-duplicate".to_owned()),
                    group: entry.group.value.clone(),
                    description: format!(
                        "Delete this {} mapping entry for `{}`: an identical entry comes before it",
                        entry.kind, entry.group.value
                    ),
                    path: config.path.clone(),
                    replacement,
                });
            }
        }
    }
    let groups: Vec<&str> = data
        .get(dataset::IDP_GROUPS)
        .iter()
        .filter_map(|g| g.str_field("displayName"))
        .collect();
    if groups.is_empty() {
        return fixes;
    }
    for entry in &all {
        if let Some(fix) = respelling(config, &lines, entry.group, &groups) {
            fixes.push(fix);
        }
    }
    fixes
}

/// What two identical entries share: the kind, the group and the grants, as written.
fn identity<'a>(entry: &Entry<'a>) -> (&'static str, &'a str, Vec<&'a str>) {
    let grants = entry.grants.iter().map(|g| g.value.as_str()).collect();
    (entry.kind, entry.group.value.as_str(), grants)
}

/// Folded for comparison: lowercase, without any space.
fn squeezed(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether the text at `value`'s place is exactly its value.
fn written_as_is(lines: &[&str], value: &Spanned<String>) -> bool {
    let (line, column) = line_col(value);
    let Some(text) = lines.get((line as usize).wrapping_sub(1)) else {
        return false;
    };
    let from: String = text
        .chars()
        .skip((column as usize).saturating_sub(1))
        .collect();
    from.starts_with(value.value.as_str()) && !value.value.is_empty()
}

fn respelling(
    config: &Config,
    lines: &[&str],
    group: &Spanned<String>,
    groups: &[&str],
) -> Option<ConfigFix> {
    let written = &group.value;
    if groups.iter().any(|g| g == written) {
        return None;
    }
    let near: Vec<&&str> = groups
        .iter()
        .filter(|g| squeezed(g) == squeezed(written))
        .collect();
    let [only] = near.as_slice() else { return None };
    if !written_as_is(lines, group) {
        return None;
    }
    let (line, column) = line_col(group);
    let width = u32::try_from(written.chars().count()).ok()?;
    Some(ConfigFix {
        rule: None,
        group: written.clone(),
        description: format!(
            "Write the group as the identity provider names it: `{only}` instead of `{written}`"
        ),
        path: config.path.clone(),
        replacement: Replacement {
            start_line: line,
            start_column: column,
            end_line: line,
            end_column: column + width,
            inserted: (**only).to_owned(),
        },
    })
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The whole lines of `entry` (from its `- ` to its last value), deleted; None unless
/// every value is on those lines and the lines hold nothing else.
fn deletion(lines: &[&str], entry: &Entry<'_>) -> Option<Replacement> {
    let places: Vec<u32> = std::iter::once(entry.group)
        .chain(entry.grants.iter().copied())
        .map(|v| line_col(v).0)
        .collect();
    let first = *places.iter().min()?;
    let start = lines.get((first as usize).checked_sub(1)?)?;
    if !start.trim_start().starts_with("- ") {
        return None;
    }
    let dash = indent(start);
    let mut last = first;
    for (offset, text) in lines.iter().enumerate().skip(first as usize) {
        let trimmed = text.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indent(text) <= dash {
            break;
        }
        last = u32::try_from(offset + 1).ok()?;
    }
    if places.iter().any(|&p| p > last) {
        return None;
    }
    Some(Replacement {
        start_line: first,
        start_column: 1,
        end_line: last + 1,
        end_column: 1,
        inserted: String::new(),
    })
}
