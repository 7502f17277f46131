//! TEMPORARY stub until the config module lands.
use crate::model::{Location, Record};
pub struct Config {
    pub path: String,
    pub text: String,
    pub organization_mapping: Option<OrgMapping>,
    pub local_users: Vec<String>,
    pub scope_groups: Vec<String>,
    pub rules: RuleSettings,
}
pub struct OrgMapping;
impl OrgMapping {
    pub fn mode_name(&self) -> &str {
        ""
    }
    pub fn attribute_path(&self) -> Option<crate::model::path::FieldPath> {
        None
    }
}
pub struct RuleSettings {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: Vec<(String, String, Location)>,
    pub paths: Vec<std::path::PathBuf>,
}
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConfigError {
    #[error("x")]
    X,
}
pub fn parse(_t: &str, _p: &str) -> Result<Config, ConfigError> {
    Err(ConfigError::X)
}
pub fn load(_t: &std::path::Path, _p: &str) -> Result<Config, ConfigError> {
    Err(ConfigError::X)
}
impl Config {
    pub fn records(&self) -> Vec<(&'static str, Vec<Record>)> {
        vec![]
    }
}
pub fn json_schema() -> serde_json::Value {
    serde_json::Value::Null
}
