//! Checks of `suppressions` entries.

use super::{Checker, Say};
use crate::config::error::ProblemKind;
use crate::config::shape::RawSuppression;
use crate::config::Suppression;
use crate::model::Location;
use crate::yaml::line_col;
use std::collections::BTreeMap;

/// Check one suppression; None when it has a problem (reported).
pub(super) fn check(checker: &mut Checker<'_>, raw: RawSuppression) -> Option<Suppression> {
    let rule_ok = checker.named(&raw.rule, "rule");
    let reason_ok = checker.named(&raw.reason, "reason");
    let kinds = [
        ("user", &raw.user),
        ("group", &raw.group),
        ("role", &raw.role),
        ("organization", &raw.organization),
    ];
    let mut subjects = BTreeMap::new();
    let mut subjects_ok = true;
    for (kind, value) in kinds {
        if let Some(value) = value {
            subjects_ok &= checker.named(value, kind);
            subjects.insert(kind.to_owned(), value.value.trim().to_owned());
        }
    }
    let expires = match &raw.expires {
        Some(date) => match chrono::NaiveDate::parse_from_str(date.value.trim(), "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => {
                let spot = checker.spot_str(date);
                checker.report(
                    ProblemKind::BadDate,
                    spot,
                    Say {
                        message: format!("`{}` is not a date", date.value),
                        label: "not YYYY-MM-DD",
                        help: "write the last day the suppression applies, such as `2027-01-31`"
                            .to_owned(),
                    },
                );
                return None;
            }
        },
        None => None,
    };
    let (line, column) = line_col(&raw.rule);
    (rule_ok && reason_ok && subjects_ok).then(|| Suppression {
        rule: raw.rule.value.trim().to_owned(),
        subjects,
        reason: raw.reason.value.trim().to_owned(),
        expires,
        location: Location::new(checker.path, line, column),
    })
}
