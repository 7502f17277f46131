//! `synclint plan`: the findings of a check turned into a remediation plan.
pub mod command;
