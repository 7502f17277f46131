//! The HTML report and the HTML email are written through maud templates only: no markup
//! is built by hand in a string (where a forgotten escape would let an input's text act as
//! markup), and the only raw (`PreEscaped`) output is our own static text.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use regex::Regex;
use std::path::{Path, PathBuf};

/// The files that write HTML.
fn renderers() -> Vec<PathBuf> {
    let mut files = vec![
        PathBuf::from("src/report/html.rs"),
        PathBuf::from("src/notify/html.rs"),
    ];
    for entry in std::fs::read_dir("src/report/html").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("tests.rs") {
            files.push(path);
        }
    }
    files
}

/// The code of `path` before its tests, without comment lines.
fn code(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(i, l)| (i + 1, l.to_owned()))
        .collect()
}

#[test]
fn no_markup_is_written_by_hand() {
    // A string literal holding a tag: `"<td>"`, `"</p>"`, `"<!DOCTYPE"`.
    let tag = Regex::new(r#""[^"]*<[A-Za-z/!]"#).unwrap();
    // The two markers: where children go and where notes go (our own comments).
    let markers = ["const HOLE_TEXT: &str", "const FOOTER: &str"];
    let raw = Regex::new(r"PreEscaped\(([^)]*)\)").unwrap();
    let allowed_raw = ["STYLE", "SCRIPT", "FOOTER", "HOLE_TEXT", "\"\\n\""];
    let mut found = Vec::new();
    let files = renderers();
    assert!(files.len() >= 8, "{files:?}");
    for path in &files {
        for (n, line) in code(path) {
            let at = format!("{}:{n}: {}", path.display(), line.trim());
            if tag.is_match(&line) && !markers.iter().any(|m| line.contains(m)) {
                found.push(at.clone());
            }
            for c in raw.captures_iter(&line) {
                if !allowed_raw.contains(&&c[1]) {
                    found.push(at.clone());
                }
            }
            if line.contains("fn esc(") || line.contains("esc(&") {
                found.push(at);
            }
        }
    }
    assert!(found.is_empty(), "markup by hand:\n{}", found.join("\n"));
}
