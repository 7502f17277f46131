//! Which app's records a provider log is read for. An Okta System Log or an Entra
//! provisioning log covers every app the tenant provisions; each record names its app
//! (the `app` field) and only the Incydr app's records reach the rules and reports.
//!
//! Per file: the app named by `app:` in synclint.yaml; else every app whose name holds
//! Code42, Incydr or CrashPlan (any case); else, when the file names exactly one app and
//! that name is a generic one that says nothing of the product (Entra's `customappsso`
//! for a custom SCIM app, Okta's SCIM test-app templates), that one, said so; else none,
//! with a message asking for `app:`. A log of one app named like another product (`Box`,
//! `Zendesk`) is not taken for Incydr's. Records that name no app are always kept:
//! nothing tells them apart.

use std::collections::BTreeMap;

/// Words that name the Incydr app, lowercase.
const INCYDR_WORDS: &[&str] = &["code42", "incydr", "crashplan"];

/// Names (lowercase, or their start) of apps that say nothing of the product behind them.
const GENERIC_NAMES: &[&str] = &["customappsso", "scim 2.0 test app", "scim app"];

/// Whether an app's name is a generic one (see [`GENERIC_NAMES`]).
#[must_use]
pub fn is_generic(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    GENERIC_NAMES.iter().any(|g| lower.starts_with(g))
}

/// Whether an app's name says it is the Incydr (Code42) app.
#[must_use]
pub fn is_incydr_like(name: &str) -> bool {
    let lower = name.to_lowercase();
    INCYDR_WORDS.iter().any(|w| lower.contains(w))
}

/// How many records of one file name each app, by name (compared ignoring case; the
/// first spelling seen is kept), and the other names the records give those apps (an
/// Okta app's label beside its catalog name), lowercase, each with the app's key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppCounts(BTreeMap<String, (String, u64)>, BTreeMap<String, String>);

impl AppCounts {
    /// Count one record naming `app`.
    pub fn add(&mut self, app: &str) {
        let entry = self
            .0
            .entry(app.to_lowercase())
            .or_insert_with(|| (app.to_owned(), 0));
        entry.1 += 1;
    }

    /// Note that records naming `app` also call it each of `names`.
    pub fn also_named(&mut self, app: &str, names: impl IntoIterator<Item = String>) {
        let key = app.to_lowercase();
        for name in names.into_iter().map(|n| n.trim().to_lowercase()) {
            if name != key {
                self.1.entry(name).or_insert_with(|| key.clone());
            }
        }
    }

    /// Add the counts of `other` (the same file, read by another worker).
    pub fn merge(&mut self, other: AppCounts) {
        for (key, (name, count)) in other.0 {
            self.0.entry(key).or_insert((name, 0)).1 += count;
        }
        for (name, key) in other.1 {
            self.1.entry(name).or_insert(key);
        }
    }

    /// Whether no record named an app.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The apps named, as `name (count)`, in name order.
    fn listed(&self) -> String {
        let names: Vec<String> = self
            .0
            .values()
            .map(|(name, count)| format!("`{name}` ({count})"))
            .collect();
        names.join(", ")
    }
}

/// The apps taken from one file, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppChoice {
    /// The names taken, lowercase; empty when none could be chosen.
    taken: Vec<String>,
    /// The names taken as written.
    pub shown: Vec<String>,
    /// Why these (or why none), in a sentence.
    pub reason: String,
}

impl AppChoice {
    /// The choice for a file whose records name the apps in `counts` (`None` when they
    /// name none), given the app named in synclint.yaml, if any.
    #[must_use]
    pub fn choose(counts: &AppCounts, configured: Option<&str>) -> Option<Self> {
        if counts.is_empty() {
            return None;
        }
        if let Some(name) = configured {
            return Some(Self::configured(counts, name));
        }
        let like: Vec<&String> = counts
            .0
            .values()
            .map(|(name, _)| name)
            .filter(|name| is_incydr_like(name))
            .collect();
        if !like.is_empty() {
            return Some(Self::taking(
                like.into_iter().cloned().collect(),
                "named like Code42, Incydr or CrashPlan".to_owned(),
            ));
        }
        if let [(name, _)] = counts.0.values().collect::<Vec<_>>().as_slice() {
            if is_generic(name) {
                let reason = "the only app this log names, a generic name for a custom SCIM \
                              app; set `app:` in synclint.yaml if it is not the Incydr app"
                    .to_owned();
                return Some(Self::taking(vec![name.clone()], reason));
            }
        }
        Some(Self::taking(
            Vec::new(),
            format!(
                "none of the apps this log names ({}) is named like Code42, Incydr or \
                 CrashPlan, so none was taken: name the Incydr app with `app:` in synclint.yaml",
                counts.listed()
            ),
        ))
    }

    fn configured(counts: &AppCounts, name: &str) -> Self {
        let wanted = name.trim().to_lowercase();
        let other_name = counts.1.get(&wanted).and_then(|key| counts.0.get(key));
        if let Some((shown, _)) = other_name.filter(|_| !counts.0.contains_key(&wanted)) {
            let reason = format!(
                "`app: {}` in synclint.yaml is another name of the app this log names \
                 `{shown}` (an Okta app's label and its catalog name)",
                name.trim()
            );
            return Self::taking(vec![shown.clone()], reason);
        }
        let reason = if counts.0.contains_key(&wanted) {
            "named by `app:` in synclint.yaml".to_owned()
        } else {
            format!(
                "`app: {}` in synclint.yaml names none of the apps this log names ({})",
                name.trim(),
                counts.listed()
            )
        };
        Self::taking(vec![name.trim().to_owned()], reason)
    }

    fn taking(shown: Vec<String>, reason: String) -> Self {
        Self {
            taken: shown.iter().map(|s| s.to_lowercase()).collect(),
            shown,
            reason,
        }
    }

    /// Whether a record naming `app` is kept.
    #[must_use]
    pub fn keeps(&self, app: &str) -> bool {
        self.taken
            .iter()
            .any(|t| t.chars().eq(app.chars().flat_map(char::to_lowercase)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(apps: &[(&str, u64)]) -> AppCounts {
        let mut counts = AppCounts::default();
        for (app, n) in apps {
            (0..*n).for_each(|_| counts.add(app));
        }
        counts
    }

    #[test]
    fn incydr_like_names() {
        assert!(is_incydr_like("Code42 Incydr (prod)"));
        assert!(is_incydr_like("CRASHPLAN"));
        assert!(is_incydr_like("incydr-scim"));
        assert!(!is_incydr_like("Zendesk"));
    }

    #[test]
    fn no_app_named_needs_no_choice() {
        assert_eq!(AppChoice::choose(&AppCounts::default(), Some("x")), None);
    }

    #[test]
    fn the_incydr_app_among_others() {
        let c = counts(&[("Zendesk", 3), ("Code42 Incydr", 2), ("slack", 1)]);
        let choice = AppChoice::choose(&c, None).unwrap();
        assert_eq!(choice.shown, ["Code42 Incydr"]);
        assert!(choice.keeps("code42 incydr") && !choice.keeps("Zendesk"));
        assert!(choice.reason.contains("named like"), "{}", choice.reason);
    }

    #[test]
    fn the_only_app_is_taken_and_said_so() {
        let choice = AppChoice::choose(&counts(&[("customappsso", 4)]), None).unwrap();
        assert!(choice.keeps("CustomAppSSO"));
        assert!(choice.reason.contains("the only app"), "{}", choice.reason);
    }

    #[test]
    fn the_only_app_named_like_another_product_is_not_taken() {
        let choice = AppChoice::choose(&counts(&[("Box", 3)]), None).unwrap();
        assert!(!choice.keeps("Box"));
        assert!(choice.reason.contains("`Box` (3)"), "{}", choice.reason);
        assert!(choice.reason.contains("`app:`"), "{}", choice.reason);
    }

    #[test]
    fn several_unknown_apps_take_none() {
        let choice = AppChoice::choose(&counts(&[("Box", 1), ("Dropbox", 2)]), None).unwrap();
        assert!(!choice.keeps("Box") && !choice.keeps("Dropbox"));
        assert!(choice.shown.is_empty());
        assert!(
            choice.reason.contains("`Box` (1), `Dropbox` (2)"),
            "{}",
            choice.reason
        );
    }

    #[test]
    fn the_configured_app_wins() {
        let c = counts(&[("Code42", 1), ("Security SCIM", 2)]);
        let choice = AppChoice::choose(&c, Some("security scim")).unwrap();
        assert!(choice.keeps("Security SCIM") && !choice.keeps("Code42"));
        assert_eq!(choice.reason, "named by `app:` in synclint.yaml");
        let missing = AppChoice::choose(&c, Some("Other")).unwrap();
        assert!(!missing.keeps("Code42"));
        assert!(missing.reason.contains("names none"), "{}", missing.reason);
    }

    #[test]
    fn counts_merge_ignoring_case() {
        let mut a = counts(&[("Box", 1)]);
        a.merge(counts(&[("BOX", 2), ("Slack", 1)]));
        assert_eq!(a.listed(), "`Box` (3), `Slack` (1)");
    }
    #[test]
    fn the_configured_app_may_be_its_other_name() {
        // An Okta app labelled `DLP Provisioning` whose catalog name is `Code42`.
        let mut apps = counts(&[("Code42", 9), ("Slack", 2)]);
        apps.also_named(
            "Code42",
            ["DLP Provisioning".to_owned(), "Code42".to_owned()],
        );
        let choice = AppChoice::configured(&apps, "dlp provisioning");
        assert!(choice.keeps("Code42"));
        assert!(!choice.keeps("Slack"));
        assert!(choice.reason.contains("another name"), "{}", choice.reason);
        // The app's own name still comes first, and an unknown name matches nothing.
        assert!(AppChoice::configured(&apps, "Code42").keeps("code42"));
        let unknown = AppChoice::configured(&apps, "Box");
        assert!(!unknown.keeps("Code42"));
        assert!(unknown.reason.contains("names none of the apps"));
    }
}
