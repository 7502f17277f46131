//! CSV written by PowerShell's `Export-Csv` from objects with nested fields. Export-Csv
//! writes each field that is itself an object or a list as the name of its .NET type
//! (`Microsoft.Graph.PowerShell.Models.MicrosoftGraphProvisioningStatusInfo`,
//! `System.Object[]`), so what those fields held (the user, the status, the error) is
//! not in the file. `Get-MgAuditLogProvisioning | Export-Csv` gives such a file; read as
//! it is, every record would lack its user. (An AD export whose only such column is
//! `MemberOf` is read by [`super::directory`], which notes it.)

use super::syntax::{Document, Syntax};
use serde_json::Value;

/// How many of the first records are looked at.
const SAMPLE: usize = 5;
/// How many columns of type names make a file unusable.
const COLUMNS_NEEDED: usize = 2;

/// Why a CSV `doc` is not usable when at least two of its columns hold nothing but .NET
/// type names in its first records; `None` otherwise.
pub(crate) fn type_name_columns(doc: &Document) -> Option<String> {
    if doc.syntax != Syntax::Csv {
        return None;
    }
    let sample: Vec<_> = doc
        .items
        .iter()
        .filter_map(|i| i.value.as_object())
        .take(SAMPLE)
        .collect();
    let mut found: Vec<(&str, &str)> = Vec::new();
    for column in &doc.columns {
        let values: Vec<&str> = sample
            .iter()
            .filter_map(|m| m.get(column).and_then(Value::as_str))
            .filter(|v| !v.trim().is_empty())
            .collect();
        if !values.is_empty() && values.iter().all(|v| is_type_name(v)) {
            found.push((column, values[0]));
        }
    }
    (found.len() >= COLUMNS_NEEDED).then(|| reason(&found))
}

/// Whether `value` is a .NET type name as Export-Csv writes it in place of an object:
/// dotted names under the `System` or `Microsoft` namespaces, with no spaces (a generic
/// type such as ``Dictionary`2[System.String,System.Object]`` or an array `[]` included).
pub(crate) fn is_type_name(value: &str) -> bool {
    let value = value.trim();
    let namespaced = value.starts_with("System.") || value.starts_with("Microsoft.");
    let name = value.split(['`', '[']).next().unwrap_or(value);
    namespaced
        && name.split('.').count() >= 2
        && name.split('.').all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// The reason for a file whose `columns` (with a value of each) hold type names.
fn reason(columns: &[(&str, &str)]) -> String {
    let named: Vec<String> = columns
        .iter()
        .take(4)
        .map(|(column, _)| format!("`{column}`"))
        .collect();
    let more = columns.len().saturating_sub(4);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    let example = columns.first().map_or("", |(_, value)| value);
    let graph = columns
        .iter()
        .any(|(_, v)| v.contains("MicrosoftGraphProvisioning"));
    let how = if graph {
        "Export Entra's provisioning logs as JSON instead: `Get-MgAuditLogProvisioning -All | \
         ConvertTo-Json -Depth 10 > provisioning.json`, or Download > JSON in the portal's \
         Provisioning logs"
    } else {
        "Export the objects as JSON instead (`... | ConvertTo-Json -Depth 10 > file.json`), \
         or select plain values with `Select-Object` before `Export-Csv`"
    };
    format!(
        "PowerShell's `Export-Csv` wrote columns {}{more} as .NET type names (such as \
         `{example}`) instead of their values, so what they held (users, statuses, errors) \
         is not in the file. {how}",
        named.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_and_values() {
        for value in [
            "System.Object[]",
            "Microsoft.Graph.PowerShell.Models.MicrosoftGraphProvisioningStatusInfo",
            "System.Collections.Generic.Dictionary`2[System.String,System.Object]",
            "Microsoft.ActiveDirectory.Management.ADPropertyValueCollection",
        ] {
            assert!(is_type_name(value), "{value}");
        }
        for value in [
            "System",
            "Microsoft Teams",
            "System.Object has failed",
            "ann@example.com",
            "Microsoft..X",
            "create",
        ] {
            assert!(!is_type_name(value), "{value}");
        }
    }
}
