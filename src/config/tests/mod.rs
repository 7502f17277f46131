//! Tests of `synclint.yaml` parsing, validation and records, on real YAML.

mod errors;
mod records;

use super::{parse, Config, ConfigError, ConfigProblem};
use crate::model::{Location, Record};
use crate::yaml::YamlError;
use serde_json::Value;

const PATH: &str = "synclint.yaml";

fn ok(text: &str) -> Config {
    match parse(text, PATH) {
        Ok(config) => config,
        Err(err) => panic!("expected a valid config, got {}", render(&err)),
    }
}

fn problems(text: &str) -> Vec<ConfigProblem> {
    match parse(text, PATH) {
        Err(ConfigError::Invalid { errors, .. }) => errors,
        Err(other) => panic!("expected semantic problems, got {}", render(&other)),
        Ok(_) => panic!("expected semantic problems, got a valid config"),
    }
}

fn syntax(text: &str) -> YamlError {
    match parse(text, PATH) {
        Err(ConfigError::Syntax { source, .. }) => *source.0,
        Err(other) => panic!("expected a YAML error, got {}", render(&other)),
        Ok(_) => panic!("expected a YAML error, got a valid config"),
    }
}

/// (code, line, column) of each problem, for compact assertions.
fn summary(problems: &[ConfigProblem]) -> Vec<(&'static str, u32, u32)> {
    problems
        .iter()
        .map(|p| (p.code, p.line, p.column))
        .collect()
}

fn render(diagnostic: &dyn miette::Diagnostic) -> String {
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(200);
    let mut out = String::new();
    handler
        .render_report(&mut out, diagnostic)
        .expect("rendering to a String cannot fail");
    out
}

fn rec(value: Value, line: u32, column: u32) -> Record {
    Record::new(value, Some(Location::new(PATH, line, column)))
}

/// The records of dataset `name`, without where their fields are written (see
/// [`field_lines`]).
fn dataset(sets: &[(&'static str, Vec<Record>)], name: &str) -> Vec<Record> {
    let records = sets.iter().find(|(n, _)| *n == name);
    let records = records.map_or_else(|| panic!("no dataset {name}"), |(_, r)| r.clone());
    let plain = |record: Record| Record::new(record.value, record.location);
    records.into_iter().map(plain).collect()
}

/// Per record of dataset `name`, each field whose place is known with its line and column.
fn field_lines(sets: &[(&'static str, Vec<Record>)], name: &str) -> Vec<Vec<(String, u32, u32)>> {
    let records = sets
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(&[][..], |(_, r)| r);
    let lines = |record: &Record| {
        let known = record.field_locations.as_deref().unwrap_or_default();
        let line = |(field, at): &(Box<str>, Location)| (field.to_string(), at.line, at.column);
        known.iter().map(line).collect()
    };
    records.iter().map(lines).collect()
}
