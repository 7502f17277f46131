//! `synclint plan`.
use crate::cli::PlanArgs;
use crate::error::Error;
use std::io::Write;

/// Run `plan`.
///
/// # Errors
/// Not written yet.
pub fn run(_args: &PlanArgs, _out: &mut dyn Write) -> Result<u8, Error> {
    Err(Error::Usage("plan: not written yet".to_owned()))
}
