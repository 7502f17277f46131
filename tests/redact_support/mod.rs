//! Shared by the `--redact` tests: the binary run from the repository, the demo's files,
//! and the flags that redact with a fixed key.

#![allow(dead_code)] // each test file uses its own part of this

use std::process::Command;

pub const NOW: &str = "2026-11-28T12:00:00Z";
pub const KEY: &[&str] = &["--redact", "--redact-key", "a-ticket-key"];

/// The standard output of `synclint ARGS`, run from the repository.
pub fn synclint(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// A file of the demo export.
pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/fixtures/demo/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("demo fixture")
}
