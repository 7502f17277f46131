//! Checks of `organization_mapping`: the mode, and the keys each mode requires or
//! does not use.

use super::{Checker, Say, Spot};
use crate::config::error::ProblemKind;
use crate::config::shape::RawOrgMapping;
use crate::config::{OrgGroup, OrgMapping, ORG_MODES};
use crate::yaml::Spanned;

impl Checker<'_> {
    pub(super) fn org_mapping(&mut self, raw: RawOrgMapping) -> Option<OrgMapping> {
        match raw.mode.value.as_str() {
            "default" => self.default_mode(raw),
            "attribute" => self.attribute_mode(raw),
            "groups" => self.groups_mode(raw),
            _ => {
                let spot = self.spot_str(&raw.mode);
                self.report(
                    ProblemKind::UnknownMode,
                    spot,
                    Say {
                        message: format!("unknown organization mapping mode `{}`", raw.mode.value),
                        label: "not a mode",
                        help: format!("use one of {} (lowercase)", ORG_MODES.join(", ")),
                    },
                );
                None
            }
        }
    }

    fn default_mode(&mut self, raw: RawOrgMapping) -> Option<OrgMapping> {
        self.not_allowed(raw.attribute.as_ref(), "attribute", "default");
        self.groups_not_allowed(&raw, "default");
        self.not_allowed(
            raw.fallback_organization.as_ref(),
            "fallback_organization",
            "default",
        );
        let organization =
            self.required(raw.default_organization, &raw.mode, "default_organization")?;
        self.named(&organization, "organization");
        Some(OrgMapping::Default { organization })
    }

    fn attribute_mode(&mut self, raw: RawOrgMapping) -> Option<OrgMapping> {
        self.not_allowed(
            raw.default_organization.as_ref(),
            "default_organization",
            "attribute",
        );
        self.groups_not_allowed(&raw, "attribute");
        self.not_allowed(
            raw.fallback_organization.as_ref(),
            "fallback_organization",
            "attribute",
        );
        let attribute = self.required(raw.attribute, &raw.mode, "attribute")?;
        self.named(&attribute, "attribute");
        Some(OrgMapping::Attribute { attribute })
    }

    fn groups_mode(&mut self, raw: RawOrgMapping) -> Option<OrgMapping> {
        self.not_allowed(
            raw.default_organization.as_ref(),
            "default_organization",
            "groups",
        );
        self.not_allowed(raw.attribute.as_ref(), "attribute", "groups");
        if let Some(fallback) = &raw.fallback_organization {
            self.named(fallback, "organization");
        }
        let groups = self.required(raw.groups, &raw.mode, "groups")?;
        if groups.value.is_empty() {
            let spot = self.spot(&groups, 2);
            self.report(
                ProblemKind::EmptyList,
                spot,
                Say {
                    message: "mode `groups` needs at least one group entry".to_owned(),
                    label: "no entries",
                    help: "add `- group: <SCIM group>` / `organization: <organization>` entries"
                        .to_owned(),
                },
            );
        }
        let groups: Vec<OrgGroup> = groups
            .value
            .into_iter()
            .map(|entry| {
                self.named(&entry.group, "group");
                self.named(&entry.organization, "organization");
                OrgGroup {
                    group: entry.group,
                    organization: entry.organization,
                }
            })
            .collect();
        Some(OrgMapping::Groups {
            groups,
            fallback: raw.fallback_organization,
        })
    }

    fn groups_not_allowed(&mut self, raw: &RawOrgMapping, mode: &str) {
        if let Some(groups) = &raw.groups {
            let spot = self.spot(groups, 1);
            self.misplaced(spot, "groups", mode);
        }
    }

    fn not_allowed(&mut self, value: Option<&Spanned<String>>, key: &str, mode: &str) {
        if let Some(value) = value {
            let spot = self.spot_str(value);
            self.misplaced(spot, key, mode);
        }
    }

    fn misplaced(&mut self, spot: Spot, key: &str, mode: &str) {
        self.report(
            ProblemKind::KeyNotAllowed,
            spot,
            Say {
                message: format!("`{key}` is not used with organization mapping mode `{mode}`"),
                label: "not used in this mode",
                help: format!("remove `{key}`, or change `mode` to the mode that uses it"),
            },
        );
    }

    /// A key the mode requires; when missing, the problem points at `mode`.
    fn required<T>(&mut self, value: Option<T>, mode: &Spanned<String>, key: &str) -> Option<T> {
        if value.is_none() {
            let spot = self.spot_str(mode);
            self.report(
                ProblemKind::MissingKey,
                spot,
                Say {
                    message: format!("organization mapping mode `{}` needs `{key}`", mode.value),
                    label: "this mode needs another key",
                    help: format!("add `{key}` under `organization_mapping`"),
                },
            );
        }
        value
    }
}
