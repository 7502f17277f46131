//! The built-in rule pack: every YAML file under `rules/`, embedded at build time.

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
