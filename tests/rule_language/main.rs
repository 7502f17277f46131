//! The rule language as `docs/rule-language.md` describes it.
//!
//! Every operator, modifier and lookup form is a small rule whose own `tests:` cases show
//! what fires and what passes, run through `engine::selftest::test_rule` with a fixed
//! reference time. The compiler's errors are checked with their positions. Finally the
//! `synclint test` program is run on rule files in a temporary folder, including the
//! worked example copied out of the documentation.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod case_checks;
mod common;
mod compile_errors;
mod derived;
mod harness;
mod linking;
mod lookups;
mod modifiers;
mod operators;
mod outer;
mod positions;
mod program;
mod schema_checks;
mod utils;
mod worked;
