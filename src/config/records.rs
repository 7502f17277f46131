//! The datasets a configuration supplies to the rule engine: `role_mappings`,
//! `org_mappings` and their union `mappings`.
//!
//! Every record has the same keys — `kind`, `source`, `entry`, `group`, `role`,
//! `organization`, `mode` — with `null` where a key does not apply, and the location
//! of its most specific value (the role or the organization), with where its group,
//! role and organization values are written (rules with `at` point there).

use super::{location_of, Config, OrgMapping};
use crate::model::attribute::OrgAttribute;
use crate::model::join::JoinSettings;
use crate::model::{dataset, Record};
use crate::yaml::Spanned;
use serde_json::{json, Value};

/// The fields that differ between records.
struct Fields<'a> {
    kind: &'static str,
    source: &'static str,
    entry: Option<usize>,
    group: Option<&'a str>,
    role: Option<&'a str>,
    organization: Option<&'a str>,
    mode: Option<&'static str>,
}

impl Fields<'_> {
    fn to_value(&self) -> Value {
        json!({
            "kind": self.kind,
            "source": self.source,
            "entry": self.entry,
            "group": self.group,
            "role": self.role,
            "organization": self.organization,
            "mode": self.mode,
        })
    }
}

impl Config {
    /// The datasets built from this configuration, as (dataset name, records):
    /// `role_mappings`, `org_mappings` and `mappings` (role records, then organization
    /// records). Role records have `mode: null`; organization records carry the mode.
    #[must_use]
    pub fn records(&self) -> Vec<(&'static str, Vec<Record>)> {
        let roles = self.role_records();
        let orgs = self.org_records();
        let all = roles.iter().chain(&orgs).cloned().collect();
        vec![
            (dataset::ROLE_MAPPINGS, roles),
            (dataset::ORG_MAPPINGS, orgs),
            (dataset::MAPPINGS, all),
        ]
    }

    /// A record of `fields` at `at`, knowing where each of `written`'s values is.
    fn record(
        &self,
        fields: &Fields<'_>,
        at: &Spanned<String>,
        written: &[(&str, &Spanned<String>)],
    ) -> Record {
        let mut record = Record::new(fields.to_value(), Some(location_of(&self.path, at)));
        let spots = written
            .iter()
            .map(|(field, value)| ((*field).into(), location_of(&self.path, value)));
        record.field_locations = Some(spots.collect());
        record
    }

    fn role_records(&self) -> Vec<Record> {
        let mut records = Vec::new();
        for (index, mapping) in self.role_mappings.iter().enumerate() {
            for role in &mapping.roles {
                let fields = role_fields("group", Some(index), Some(&mapping.group.value), role);
                let written = [("group", &mapping.group), ("role", role)];
                records.push(self.record(&fields, role, &written));
            }
        }
        for role in &self.default_roles {
            let fields = role_fields("default", None, None, role);
            records.push(self.record(&fields, role, &[("role", role)]));
        }
        records
    }

    fn org_records(&self) -> Vec<Record> {
        let Some(mapping) = &self.organization_mapping else {
            return Vec::new();
        };
        let mode = Some(mapping.mode());
        match mapping {
            OrgMapping::Default { organization } => {
                let fields = org_fields("default", None, None, organization, mode);
                vec![self.record(&fields, organization, &[("organization", organization)])]
            }
            OrgMapping::Attribute { .. } => Vec::new(),
            OrgMapping::Groups { groups, fallback } => {
                let mut records: Vec<Record> = groups
                    .iter()
                    .enumerate()
                    .map(|(index, entry)| {
                        let group = Some(entry.group.value.as_str());
                        let fields =
                            org_fields("group", Some(index), group, &entry.organization, mode);
                        let written = [
                            ("group", &entry.group),
                            ("organization", &entry.organization),
                        ];
                        self.record(&fields, &entry.organization, &written)
                    })
                    .collect();
                if let Some(fallback) = fallback {
                    let fields = org_fields("fallback", None, None, fallback, mode);
                    records.push(self.record(&fields, fallback, &[("organization", fallback)]));
                }
                records
            }
        }
    }
}

fn role_fields<'a>(
    source: &'static str,
    entry: Option<usize>,
    group: Option<&'a str>,
    role: &'a Spanned<String>,
) -> Fields<'a> {
    Fields {
        kind: "role",
        source,
        entry,
        group,
        role: Some(&role.value),
        organization: None,
        mode: None,
    }
}

fn org_fields<'a>(
    source: &'static str,
    entry: Option<usize>,
    group: Option<&'a str>,
    organization: &'a Spanned<String>,
    mode: Option<&'static str>,
) -> Fields<'a> {
    Fields {
        kind: "organization",
        source,
        entry,
        group,
        role: None,
        organization: Some(&organization.value),
        mode,
    }
}

impl Config {
    /// What the `users` join takes from this configuration.
    #[must_use]
    pub fn join_settings(&self) -> JoinSettings {
        let mapping = self.organization_mapping.as_ref();
        JoinSettings {
            org_mode: mapping.map(|m| m.mode().to_owned()),
            org_attribute: match mapping {
                Some(OrgMapping::Attribute { attribute }) => OrgAttribute::parse(&attribute.value),
                _ => None,
            },
            local_users: (!self.local_users.is_empty()).then(|| self.local_users.clone()),
            scope_groups: self.scope_groups.clone(),
            reads: None,
        }
    }
}
