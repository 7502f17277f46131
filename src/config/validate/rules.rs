//! Checks of the `rules` section: rule ids, categories, severity levels and paths.

use super::{Checker, Say};
use crate::config::error::ProblemKind;
use crate::config::shape::RawRules;
use crate::config::{location_of, RuleSettings, LEVELS};
use crate::model::Location;
use crate::yaml::{line_col, Spanned};
use std::path::{Component, Path, PathBuf};

const CATEGORY: &str = "category:";

/// Check the rule settings and resolve `paths` against `base`.
pub(super) fn check(checker: &mut Checker<'_>, raw: RawRules, base: &Path) -> RuleSettings {
    let select = selectors(checker, &raw.select);
    let ignore = selectors(checker, &raw.ignore);
    let mut overrides: Vec<_> = raw.severity.into_iter().collect();
    overrides.sort_by_key(|(id, _)| line_col(id));
    let severity = overrides
        .iter()
        .map(|(id, level)| severity(checker, id, level))
        .collect();
    let paths = raw
        .paths
        .iter()
        .map(|p| {
            checker.named(p, "rule folder");
            resolve(base, &p.value)
        })
        .collect();
    let overridden = overrides.iter().map(|(id, _)| id.clone());
    let named = raw
        .select
        .into_iter()
        .chain(raw.ignore)
        .chain(overridden)
        .collect();
    RuleSettings {
        select,
        ignore,
        severity,
        paths,
        named,
    }
}

/// Report each `select` / `ignore` entry that names none of the loaded rules' `ids` or
/// `categories`; entries already reported as malformed are left alone.
pub(super) fn unknown(
    checker: &mut Checker<'_>,
    named: &[Spanned<String>],
    ids: &[String],
    categories: &[String],
) {
    for value in named {
        let (known, name, what, prefix) = match value.value.strip_prefix(CATEGORY) {
            Some(name) => (categories, name, "rule category", CATEGORY),
            None => (ids, value.value.as_str(), "rule", ""),
        };
        if !is_kebab(name) || known.iter().any(|k| k.eq_ignore_ascii_case(name)) {
            continue;
        }
        let help = match crate::suggest::closest(name, known.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{prefix}{near}`? (`synclint rules` lists them)"),
            None => "`synclint rules` lists the loaded rules and their categories".to_owned(),
        };
        let spot = checker.spot_str(value);
        checker.report(
            ProblemKind::UnknownRule,
            spot,
            Say {
                message: format!("no loaded {what} is called `{name}`"),
                label: "names no rule",
                help,
            },
        );
    }
}

/// Check `select` / `ignore` entries: rule ids or `category:NAME`.
fn selectors(checker: &mut Checker<'_>, values: &[Spanned<String>]) -> Vec<String> {
    for value in values {
        match value.value.strip_prefix(CATEGORY) {
            Some(name) if name.trim().is_empty() => empty_category(checker, value),
            Some(name) => kebab(checker, value, name, "category name"),
            None => kebab(checker, value, &value.value, "rule id"),
        }
    }
    values.iter().map(|v| v.value.clone()).collect()
}

fn empty_category(checker: &mut Checker<'_>, value: &Spanned<String>) {
    let spot = checker.spot_str(value);
    checker.report(
        ProblemKind::EmptyCategory,
        spot,
        Say {
            message: "`category:` without a category name".to_owned(),
            label: "no category name",
            help: "write the category after the colon, such as `category:roles`".to_owned(),
        },
    );
}

/// Report `id` (the text of `value`, or its part after `category:`) unless kebab-case.
fn kebab(checker: &mut Checker<'_>, value: &Spanned<String>, id: &str, what: &str) {
    if is_kebab(id) {
        return;
    }
    let example = if value.value.starts_with(CATEGORY) {
        "roles"
    } else {
        "user-without-role"
    };
    let spot = checker.spot_str(value);
    checker.report(
        ProblemKind::BadRuleId,
        spot,
        Say {
            message: format!("`{id}` is not a valid {what}"),
            label: "not a kebab-case id",
            help: format!("a {what} is lowercase words joined by hyphens, such as `{example}`"),
        },
    );
}

/// One severity override: the rule id must be kebab-case, the level a known one.
fn severity(
    checker: &mut Checker<'_>,
    id: &Spanned<String>,
    level: &Spanned<String>,
) -> (String, String, Location) {
    if id.value.starts_with(CATEGORY) {
        let spot = checker.spot_str(id);
        checker.report(
            ProblemKind::BadRuleId,
            spot,
            Say {
                message: format!("severity overrides name rule ids, not `{}`", id.value),
                label: "a category, not a rule id",
                help: "list each rule of the category by its id".to_owned(),
            },
        );
    } else {
        kebab(checker, id, &id.value, "rule id");
    }
    if !LEVELS.contains(&level.value.as_str()) {
        let spot = checker.spot_str(level);
        checker.report(
            ProblemKind::UnknownLevel,
            spot,
            Say {
                message: format!("unknown severity level `{}`", level.value),
                label: "not a level",
                help: format!("use one of {} (lowercase)", LEVELS.join(", ")),
            },
        );
    }
    let location = location_of(checker.path, id);
    (id.value.clone(), level.value.clone(), location)
}

/// Lowercase ASCII words of letters and digits joined by single hyphens, starting
/// with a letter.
fn is_kebab(id: &str) -> bool {
    if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        return false;
    }
    let mut after_hyphen = false;
    for c in id.chars() {
        match c {
            'a'..='z' | '0'..='9' => after_hyphen = false,
            '-' if !after_hyphen => after_hyphen = true,
            _ => return false,
        }
    }
    !after_hyphen
}

/// `path` relative to `base` (absolute paths stay as they are), without `.` parts.
fn resolve(base: &Path, path: &str) -> PathBuf {
    let joined = base.join(path);
    let cleaned: PathBuf = joined
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if cleaned.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_ids() {
        for good in ["role-unavailable", "a", "user-without-role", "r2-d2"] {
            assert!(is_kebab(good), "{good}");
        }
        for bad in ["", "Role", "-a", "a-", "a--b", "a_b", "2fa", "a b"] {
            assert!(!is_kebab(bad), "{bad}");
        }
    }

    #[test]
    fn paths_are_cleaned() {
        let base = Path::new("conf");
        assert_eq!(
            resolve(base, "./team-rules"),
            PathBuf::from("conf/team-rules")
        );
        assert_eq!(
            resolve(Path::new(""), "./team-rules"),
            PathBuf::from("team-rules")
        );
        assert_eq!(resolve(Path::new(""), "."), PathBuf::from("."));
        assert_eq!(resolve(base, "/abs/rules"), PathBuf::from("/abs/rules"));
        assert_eq!(resolve(base, "../shared"), PathBuf::from("conf/../shared"));
    }
}
