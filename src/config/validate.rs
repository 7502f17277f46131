//! Semantic checks of the raw shape. Every problem is collected (none stops the
//! check); the [`Config`] is returned only when there are none.

use super::error::{ConfigError, ConfigProblem, ProblemKind};
use super::shape::{RawConfig, RawRoleMapping, RawRules};
use super::{Config, RoleMapping, RuleSettings};
use crate::yaml::{line_col, span_at, value_span, Spanned};
use miette::SourceSpan;
use std::path::Path;

mod notifications;
mod org;
mod rules;
mod suppressions;

/// Check `raw` (read from `text` at `path`) and build the validated [`Config`].
pub(super) fn check(
    raw: RawConfig,
    text: &str,
    path: &str,
    base: &Path,
    names: Option<super::RuleNames<'_>>,
) -> Result<Config, ConfigError> {
    let shown = super::secrets::mask_shown(text);
    let mut checker = Checker {
        text,
        shown: &shown,
        path,
        problems: Vec::new(),
    };
    let config = checker.config(raw, base);
    if let Some((ids, categories)) = names.and_then(|names| names(&config.rules.paths)) {
        rules::unknown(&mut checker, &config.rules.named, &ids, &categories);
    }
    if checker.problems.is_empty() {
        return Ok(config);
    }
    let mut errors = checker.problems;
    errors.sort_by_key(|p| (p.line, p.column));
    Err(ConfigError::Invalid {
        path: path.to_owned(),
        errors,
    })
}

/// Where a problem is: the span to label and its line and column.
#[derive(Clone, Copy)]
struct Spot {
    span: SourceSpan,
    line: u32,
    column: u32,
}

/// What to say about a problem.
struct Say<'a> {
    message: String,
    label: &'a str,
    help: String,
}

/// Collects problems while building the validated configuration.
struct Checker<'a> {
    /// The text that is parsed (secret values masked).
    text: &'a str,
    /// The text that is shown: the values of `password_env` and `password_file` masked
    /// too, since a password is often written there by mistake. Same offsets as `text`.
    shown: &'a str,
    path: &'a str,
    problems: Vec<ConfigProblem>,
}

impl Checker<'_> {
    fn config(&mut self, raw: RawConfig, base: &Path) -> Config {
        let version = self.version(raw.version.as_ref());
        let provider = raw.provider.as_ref().and_then(|p| self.provider(p));
        let app = raw
            .app
            .as_ref()
            .filter(|a| self.named(a, "app"))
            .map(|a| a.value.trim().to_owned());
        let role_mappings = raw
            .role_mappings
            .into_iter()
            .map(|entry| self.role_mapping(entry))
            .collect();
        self.all_named(&raw.default_roles, "role");
        let organization_mapping = raw.organization_mapping.and_then(|m| self.org_mapping(m));
        let local_users = self.names(&raw.local_users, "local user");
        let scope_groups = raw
            .scope
            .map(|scope| self.names(&scope.groups, "scope group"))
            .unwrap_or_default();
        let rules = raw
            .rules
            .map(|rules| self.rules(rules, base))
            .unwrap_or_default();
        let suppressions = raw
            .suppressions
            .into_iter()
            .filter_map(|s| suppressions::check(self, s))
            .collect();
        let notifications = raw
            .notifications
            .and_then(|n| notifications::check(self, n, base));
        Config {
            path: self.path.to_owned(),
            text: self.shown.to_owned(),
            version,
            provider,
            app,
            role_mappings,
            default_roles: raw.default_roles,
            organization_mapping,
            local_users,
            scope_groups,
            rules,
            suppressions,
            notifications,
        }
    }

    fn version(&mut self, version: Option<&Spanned<u32>>) -> u32 {
        let Some(version) = version else { return 1 };
        if version.value != 1 {
            let spot = self.spot(version, version.value.to_string().len());
            self.report(
                ProblemKind::UnsupportedVersion,
                spot,
                Say {
                    message: format!("configuration version {} is not supported", version.value),
                    label: "unsupported version",
                    help: "this synclint reads version 1; write `version: 1` or remove the key"
                        .to_owned(),
                },
            );
        }
        version.value
    }

    fn provider(&mut self, provider: &Spanned<String>) -> Option<String> {
        let canonical = provider.value.trim().to_lowercase();
        if super::PROVIDERS.contains(&canonical.as_str()) {
            return Some(canonical);
        }
        let spot = self.spot_str(provider);
        self.report(
            ProblemKind::UnknownProvider,
            spot,
            Say {
                message: format!("unknown provider `{}`", provider.value),
                label: "not a known provider",
                help: format!("use one of {} (any case)", super::PROVIDERS.join(", ")),
            },
        );
        None
    }

    fn role_mapping(&mut self, entry: RawRoleMapping) -> RoleMapping {
        self.named(&entry.group, "group");
        if entry.roles.value.is_empty() {
            let spot = self.spot(&entry.roles, 2);
            self.report(
                ProblemKind::EmptyList,
                spot,
                Say {
                    message: format!("group `{}` maps to no role", entry.group.value),
                    label: "empty role list",
                    help: "list at least one Incydr role (id or name), or remove the entry"
                        .to_owned(),
                },
            );
        }
        self.all_named(&entry.roles.value, "role");
        RoleMapping {
            group: entry.group,
            roles: entry.roles.value,
        }
    }

    /// The values of a list of names, each checked not to be blank.
    fn names(&mut self, values: &[Spanned<String>], what: &str) -> Vec<String> {
        self.all_named(values, what);
        values.iter().map(|v| v.value.clone()).collect()
    }

    fn all_named(&mut self, values: &[Spanned<String>], what: &str) {
        for value in values {
            self.named(value, what);
        }
    }

    /// Report a blank name; true when the name is fine.
    pub(super) fn named(&mut self, value: &Spanned<String>, what: &str) -> bool {
        if !value.value.trim().is_empty() {
            return true;
        }
        let spot = self.spot_str(value);
        self.report(
            ProblemKind::BlankValue,
            spot,
            Say {
                message: format!("blank {what} name"),
                label: "blank",
                help: format!("write the {what} name, or remove the entry"),
            },
        );
        false
    }

    /// The span of a string value, widened to take in its quotes when it is quoted.
    pub(super) fn spot_str(&self, value: &Spanned<String>) -> Spot {
        let (line, column) = line_col(value);
        let mut span = value_span(self.text, value);
        let rest = self.text.get(span.offset()..).unwrap_or_default();
        if rest.starts_with(['"', '\'']) {
            let len = (value.value.len() + 2).min(rest.len());
            span = SourceSpan::new(span.offset().into(), len);
        }
        Spot { span, line, column }
    }

    fn spot<T>(&self, value: &Spanned<T>, len: usize) -> Spot {
        let (line, column) = line_col(value);
        Spot {
            span: span_at(self.text, line, column, len),
            line,
            column,
        }
    }

    /// The spot of the key whose value is `value`, when that key may hold a secret or names
    /// where one is kept; a problem about such a key is labelled here, never at its value.
    pub(super) fn key_spot<T>(&self, value: &Spanned<T>) -> Option<Spot> {
        let (line, column) = line_col(value);
        let at = span_at(self.text, line, column, 0).offset();
        let key = super::secrets::key_of_value(self.text, at)?;
        let before = self.text.get(..key.start)?;
        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
        let line = u32::try_from(before.matches('\n').count() + 1).ok()?;
        let column = u32::try_from(before.get(line_start..)?.chars().count() + 1).ok()?;
        Some(Spot {
            span: SourceSpan::new(key.start.into(), key.len()),
            line,
            column,
        })
    }

    /// Report a problem about the key whose value is `value` (see [`Self::key_spot`]).
    /// When that key cannot be found, the problem names the value's line and column but
    /// shows no snippet, so that no line holding a secret is printed.
    pub(super) fn report_key<T>(&mut self, kind: ProblemKind, value: &Spanned<T>, say: Say<'_>) {
        if let Some(spot) = self.key_spot(value) {
            self.report(kind, spot, say);
            return;
        }
        let problem = ConfigProblem::new(kind.code(), self.path, line_col(value), say.message)
            .with_label(say.label)
            .with_help(Some(say.help));
        self.problems.push(problem);
    }

    pub(super) fn report(&mut self, kind: ProblemKind, spot: Spot, say: Say<'_>) {
        let (src, span) = crate::snippet::fit(self.path, self.shown, Some(spot.span));
        let mut problem = ConfigProblem::new(
            kind.code(),
            self.path,
            (spot.line, spot.column),
            say.message,
        )
        .with_label(say.label)
        .with_help(Some(say.help));
        problem.src = src;
        problem.span = Some(span.unwrap_or(spot.span));
        self.problems.push(problem);
    }

    fn rules(&mut self, raw: RawRules, base: &Path) -> RuleSettings {
        rules::check(self, raw, base)
    }
}
