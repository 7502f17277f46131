//! TEMPORARY stub until the loaders land.
use crate::model::{Record, Skipped};
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Config,
    ConsoleUsers,
    Roles,
    ConsoleUserRoles,
    Organizations,
    DirectoryGroups,
    IdpUsers,
    IdpGroups,
}
impl InputKind {
    pub const ALL: &[InputKind] = &[];
    pub fn name(self) -> &'static str {
        "x"
    }
    pub fn from_name(_s: &str) -> Option<Self> {
        None
    }
    pub fn dataset(self) -> Option<&'static str> {
        None
    }
}
pub struct LoadedInput {
    pub path: String,
    pub kind: InputKind,
    pub records: Vec<Record>,
    pub skipped: Vec<Skipped>,
    pub text: Option<String>,
}
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum InputError {
    #[error("x")]
    Unreadable {
        path: String,
        source: std::io::Error,
    },
    #[error("x")]
    Unrecognized { path: String, reason: String },
    #[error("x")]
    Malformed {
        path: String,
        line: u32,
        column: u32,
        reason: String,
    },
}
pub fn load_file(
    _p: &std::path::Path,
    d: &str,
    _f: Option<InputKind>,
) -> Result<LoadedInput, InputError> {
    Err(InputError::Unrecognized {
        path: d.into(),
        reason: String::new(),
    })
}
pub fn discover(_d: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    Ok(vec![])
}
