//! The crate's top-level modules depend on each other one way: none uses a module that
//! uses it back, and only the top (`cli`, `commands`, `lib.rs`, `main.rs`) sees the clap
//! structs of `cli`. Read from the `crate::` paths in `src/**/*.rs`, leaving out test code
//! (`#[cfg(test)]` items and the files of `#[cfg(test)] mod x;`) and comments.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Cycles not broken yet, each with who is to break it. Shrink this list; never grow it.
const KNOWN_CYCLES: &[(&str, &str)] = &[];

/// The modules allowed to use `crate::cli` and clap itself.
const TOP: &[&str] = &["cli", "commands"];

/// Every `.rs` file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file(s) a `mod name;` declared in `file` lives in, as prefixes to leave out.
fn module_paths(file: &Path, name: &str) -> Vec<PathBuf> {
    let dir = file.parent().expect("a parent");
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let base = if matches!(stem, "mod" | "lib" | "main") {
        dir.to_path_buf()
    } else {
        dir.join(stem)
    };
    vec![base.join(format!("{name}.rs")), base.join(name)]
}

/// The code of `file` without comments and `#[cfg(test)]` items; the test-only modules
/// it declares are added to `skip`.
fn code(file: &Path, text: &str, skip: &mut Vec<PathBuf>) -> String {
    let mut out = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.starts_with("//") {
            continue;
        }
        if trimmed != "#[cfg(test)]" {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        // Skip the item the attribute applies to.
        let mut depth = 0i32;
        for item in lines.by_ref() {
            let item = item.trim();
            if item.starts_with("#[") && depth == 0 {
                continue;
            }
            if depth == 0 && item.ends_with(';') && !item.contains('{') {
                if let Some(name) = item
                    .trim_start_matches("pub ")
                    .strip_prefix("mod ")
                    .map(|n| n.trim_end_matches(';').trim())
                {
                    skip.extend(module_paths(file, name));
                }
                break;
            }
            depth += item.matches('{').count() as i32 - item.matches('}').count() as i32;
            if depth <= 0 && item.contains('}') {
                break;
            }
        }
    }
    out
}

/// The top-level modules `code` names through `crate::`.
fn uses(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut part = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.insert(first_segment(&part));
                        part.clear();
                        continue;
                    }
                    _ => {}
                }
                part.push(c);
            }
            found.insert(first_segment(&part));
        } else {
            found.insert(first_segment(rest));
        }
    }
    found.retain(|m| !m.is_empty() && m != "self");
    found
}

fn first_segment(path: &str) -> String {
    path.trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// For each top-level module, the other top-level modules it uses.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    all.sort();
    let mut skip: Vec<PathBuf> = Vec::new();
    let mut texts = Vec::new();
    for file in &all {
        let text = std::fs::read_to_string(file).expect("read");
        texts.push(code(file, &text, &mut skip));
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, text) in all.iter().zip(texts) {
        let rel = file.strip_prefix(&src).expect("under src");
        if rel == Path::new("lib.rs") || rel == Path::new("main.rs") {
            continue;
        }
        if skip.iter().any(|s| file.starts_with(s)) {
            continue;
        }
        let first = rel.components().next().expect("a component");
        let top = first.as_os_str().to_string_lossy();
        let top = top.trim_end_matches(".rs").to_owned();
        let used = uses(&text);
        let entry = graph.entry(top.clone()).or_default();
        entry.extend(used.into_iter().filter(|m| *m != top));
    }
    graph
}

#[test]
fn no_module_uses_a_module_that_uses_it_back() {
    let graph = graph();
    assert!(graph.len() > 20, "the scan found the modules: {graph:?}");
    let mut cycles = Vec::new();
    for (a, used) in &graph {
        for b in used {
            let back = graph.get(b).is_some_and(|u| u.contains(a));
            if a < b && back {
                cycles.push((a.clone(), b.clone()));
            }
        }
    }
    let known: Vec<(String, String)> = KNOWN_CYCLES
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    let new: Vec<_> = cycles.iter().filter(|c| !known.contains(c)).collect();
    assert!(new.is_empty(), "modules that use each other: {new:?}");
    let gone: Vec<_> = known.iter().filter(|k| !cycles.contains(k)).collect();
    assert!(
        gone.is_empty(),
        "broken cycles still in KNOWN_CYCLES, remove them: {gone:?}"
    );
}

#[test]
fn only_the_top_sees_the_clap_structs() {
    let graph = graph();
    let below: Vec<&String> = graph
        .iter()
        .filter(|(m, used)| used.contains("cli") && !TOP.contains(&m.as_str()))
        .map(|(m, _)| m)
        .collect();
    assert!(
        below.is_empty(),
        "modules below the top that use `cli`: {below:?}"
    );
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut skip = Vec::new();
    let clap: Vec<PathBuf> = all
        .into_iter()
        .filter(|file| {
            let rel = file.strip_prefix(&src).expect("under src");
            let first = rel.components().next().expect("a component");
            let top = first.as_os_str().to_string_lossy();
            let top = top.trim_end_matches(".rs");
            !TOP.contains(&top) && top != "lib" && top != "main"
        })
        .filter(|file| {
            let text = std::fs::read_to_string(file).expect("read");
            let code = code(file, &text, &mut skip);
            code.contains("clap::") || code.contains("clap_complete")
        })
        .collect();
    assert!(
        clap.is_empty(),
        "files below the top that use clap: {clap:?}"
    );
}

#[test]
fn the_scan_reads_grouped_uses_and_skips_test_code() {
    let mut skip = Vec::new();
    let text = "use crate::{a::B, c};\n// crate::commented\n#[cfg(test)]\nmod tests {\n    use crate::d;\n}\n#[cfg(test)]\nmod more;\nfn f() { crate::e::g(); }\n";
    let code = code(Path::new("src/x/mod.rs"), text, &mut skip);
    let used: Vec<String> = uses(&code).into_iter().collect();
    assert_eq!(used, ["a", "c", "e"]);
    assert_eq!(
        skip,
        [PathBuf::from("src/x/more.rs"), PathBuf::from("src/x/more")]
    );
}
