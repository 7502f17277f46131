//! Declared dataset schemas: what fields a record of each dataset has, their types, and
//! what each means (the table is in `schema_table`). The rule compiler checks every field
//! path against them ([`check`]), infers a rule's `requires` from the fields it reads, and
//! the docs and `synclint schema dataset NAME` are printed from them ([`describe`],
//! [`markdown`]).
//!
//! A field of type [`Ty::Open`] (`raw`, `enterprise`, ...) holds whatever the source had:
//! paths below it are not checked, on purpose.

use super::path::FieldPath;
pub use super::schema_table::{DATASETS, RELATIONS};
use std::fmt::Write as _;

/// The type of a declared field.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// A value with no fields below it, named for people (`string`, `timestamp`...).
    Leaf(&'static str),
    /// An object with these fields.
    Object(&'static [Field]),
    /// A list of objects with these fields (a path walks every element).
    Objects(&'static [Field]),
    /// A record of another dataset, plus these fields.
    Record(&'static str, &'static [Field]),
    /// Whatever the source held: paths below are not checked.
    Open,
}

impl Ty {
    fn name(self) -> String {
        match self {
            Self::Leaf(name) => name.to_owned(),
            Self::Object(_) => "object".to_owned(),
            Self::Objects(_) => "list of objects".to_owned(),
            Self::Record(ds, _) => format!("`{ds}` record"),
            Self::Open => "any (not checked)".to_owned(),
        }
    }
}

/// One declared field.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub doc: &'static str,
    /// Datasets that must be supplied for the field to mean anything: a rule that tests
    /// it needs them (they are added to its `requires`).
    pub needs: &'static [&'static str],
}

/// The declared shape of one dataset.
#[derive(Debug, Clone, Copy)]
pub struct DatasetSchema {
    pub name: &'static str,
    /// What one record stands for.
    pub one_per: &'static str,
    pub fields: &'static [Field],
}

/// A declared relation between subjects, read from a dataset: in each record of `dataset`,
/// the value of `key` names a `from` subject (a user), and every value `path` yields names a
/// `to` subject (a group, a role, an organization) related to it. Root causes follow these
/// (`engine::causes`): a finding about a user shares the subjects related to that user.
#[derive(Debug, Clone, Copy)]
pub struct Relation {
    /// The subject kind the record stands for, as findings name it (`user`).
    pub from: &'static str,
    pub dataset: &'static str,
    /// The field holding the `from` subject's value (`username`).
    pub key: &'static str,
    /// The path whose values are the related subjects (`groups`, `expected.roles`).
    pub path: &'static str,
    /// Their subject kind (`group`, `role`, `organization`).
    pub to: &'static str,
    pub doc: &'static str,
}

/// The schema of dataset `name`.
#[must_use]
pub fn dataset(name: &str) -> Option<&'static DatasetSchema> {
    DATASETS.iter().find(|d| d.name == name)
}

/// What a valid path reaches.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reach {
    /// Datasets the fields along the path need.
    pub needs: Vec<&'static str>,
}

/// Why a path names no declared field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathProblem {
    pub message: String,
    pub help: String,
}

/// Check `path` against dataset `ds`'s declared fields. An unknown dataset passes (the
/// compiler reports it separately).
///
/// # Errors
/// The first key that names no field, with a "did you mean".
pub fn check(ds: &str, path: &FieldPath) -> Result<Reach, PathProblem> {
    let Some(schema) = dataset(ds) else {
        return Ok(Reach::default());
    };
    let mut reach = Reach::default();
    let mut fields: Vec<&'static Field> = schema.fields.iter().collect();
    let mut walked = String::new();
    let mut keys = path.keys().iter().peekable();
    while let Some(key) = keys.next() {
        let Some(field) = find(&fields, key) else {
            return Err(unknown(ds, &walked, key, &fields));
        };
        reach.needs.extend(field.needs);
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(field.name);
        let below: Vec<&'static Field> = match field.ty {
            Ty::Open => break,
            Ty::Object(inner) | Ty::Objects(inner) => inner.iter().collect(),
            Ty::Record(other, extra) => dataset(other)
                .map(|d| d.fields.iter())
                .into_iter()
                .flatten()
                .chain(extra)
                .collect(),
            Ty::Leaf(ty) => {
                if let Some(next) = keys.peek() {
                    return Err(PathProblem {
                        message: format!(
                            "`{walked}` of dataset `{ds}` is a {ty}: it has no field `{next}`"
                        ),
                        help: format!("use `{walked}` itself"),
                    });
                }
                break;
            }
        };
        fields = below;
    }
    Ok(reach)
}

fn find(fields: &[&'static Field], key: &str) -> Option<&'static Field> {
    fields
        .iter()
        .find(|f| f.name == key)
        .or_else(|| fields.iter().find(|f| f.name.eq_ignore_ascii_case(key)))
        .copied()
}

fn unknown(ds: &str, walked: &str, key: &str, fields: &[&'static Field]) -> PathProblem {
    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let message = if walked.is_empty() {
        format!("`{key}` is not a field of dataset `{ds}`")
    } else {
        format!("`{walked}` of dataset `{ds}` has no field `{key}`")
    };
    let mut help = crate::suggest::or_list(key, names.iter().copied());
    if fields.iter().any(|f| f.name == "raw") {
        help.push_str("; an attribute not declared here is read under `raw` (not checked)");
    }
    PathProblem { message, help }
}

/// The fields of a schema as flat rows `(path, type, needs, doc)`, nested objects
/// expanded; a nested record of another dataset is named, not repeated.
fn rows(prefix: &str, fields: &[Field], out: &mut Vec<(String, String, String, &'static str)>) {
    for field in fields {
        let path = format!("{prefix}{}", field.name);
        let needs = field.needs.join(", ");
        out.push((path.clone(), field.ty.name(), needs, field.doc));
        match field.ty {
            Ty::Object(inner) | Ty::Objects(inner) => rows(&format!("{path}."), inner, out),
            Ty::Record(_, extra) => rows(&format!("{path}."), extra, out),
            Ty::Leaf(_) | Ty::Open => {}
        }
    }
}

/// `synclint schema dataset NAME`: the dataset's fields as plain text.
#[must_use]
pub fn describe(schema: &DatasetSchema) -> String {
    let mut out = format!("{}: one record per {}\n\n", schema.name, schema.one_per);
    let mut all = Vec::new();
    rows("", schema.fields, &mut all);
    let width = all.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let ty_width = all.iter().map(|r| r.1.len()).max().unwrap_or(0);
    for (path, ty, needs, doc) in all {
        let needs = if needs.is_empty() {
            String::new()
        } else {
            format!(" [needs {needs}]")
        };
        let _ = writeln!(out, "{path:width$}  {ty:ty_width$}  {doc}{needs}");
    }
    let related: Vec<&Relation> = RELATIONS
        .iter()
        .filter(|r| r.dataset == schema.name)
        .collect();
    if !related.is_empty() {
        out.push_str("\nRelations root causes follow:\n");
        for r in related {
            let _ = writeln!(
                out,
                "  {} (`{}`) -> {} at `{}`: {}",
                r.from, r.key, r.to, r.path, r.doc
            );
        }
    }
    out.push('\n');
    out.push_str(OPEN_NOTE);
    out.push('\n');
    out
}

const OPEN_NOTE: &str = "Fields typed \"any (not checked)\" hold whatever the source had; paths below them are not checked.";

/// The dataset reference of docs/rule-language.md (between its `schema` markers).
#[must_use]
pub fn markdown() -> String {
    let mut out = String::from(
        "<!-- generated from src/model/schema_table.rs by `cargo test --test rule_docs` with SYNCLINT_UPDATE_DOCS=1; do not edit by hand -->\n",
    );
    for schema in DATASETS {
        let _ = write!(
            out,
            "\n### `{}`\n\nOne record per {}.\n\n| Field | Type | Needs | Meaning |\n|---|---|---|---|\n",
            schema.name, schema.one_per
        );
        let mut all = Vec::new();
        rows("", schema.fields, &mut all);
        for (path, ty, needs, doc) in all {
            let needs = if needs.is_empty() {
                String::new()
            } else {
                format!("`{}`", needs.replace(", ", "`, `"))
            };
            let _ = writeln!(out, "| `{path}` | {ty} | {needs} | {doc} |");
        }
    }
    let _ = write!(out, "\n{OPEN_NOTE}\n");
    relations_markdown(&mut out);
    out
}

/// The table of [`RELATIONS`], for the docs.
fn relations_markdown(out: &mut String) {
    out.push_str(
        "\n### Relations followed by root causes\n\nA finding about the subject on the left also shares, when root causes are linked, every subject the path yields in the record that the key names.\n\n| Subject | Dataset | Key | Path | Related subject | Meaning |\n|---|---|---|---|---|---|\n",
    );
    for r in RELATIONS {
        let _ = writeln!(
            out,
            "| `{}` | `{}` | `{}` | `{}` | `{}` | {} |",
            r.from, r.dataset, r.key, r.path, r.to, r.doc
        );
    }
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
