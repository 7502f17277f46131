//! Gathering rules: the built-in pack plus rule folders, all compiled, all errors kept.

use super::compile::compile_with_utils;
use super::errors::{ErrorSink, RuleError, RuleErrors};
use super::utils::{is_utils_file, Utils};
use super::Rule;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Where to take rules from.
#[derive(Debug, Clone, Default)]
pub struct RuleSources {
    /// Include the built-in pack.
    pub builtin: bool,
    /// Extra folders (or single files) of rule YAML.
    pub paths: Vec<PathBuf>,
}

/// Compile every rule from `sources`.
///
/// # Errors
/// All problems in all rule files, and duplicate rule ids.
pub fn load_rules(sources: &RuleSources) -> Result<Vec<Rule>, RuleErrors> {
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut errors = Vec::new();
    if sources.builtin {
        texts.extend(
            super::builtin::BUILTIN
                .iter()
                .map(|(p, t)| (format!("builtin:{p}"), (*t).to_owned())),
        );
    }
    // A file reached twice (the same folder through `--rules` and `rules.paths`, or a
    // folder and a file in it) is read once: files are told apart by canonical path.
    let mut seen = HashSet::new();
    for path in &sources.paths {
        collect_files(path, &mut seen, &mut texts, &mut errors);
    }
    let (util_texts, texts): (Vec<_>, Vec<_>) = texts
        .into_iter()
        .partition(|(origin, _)| is_utils_file(origin.rsplit(['/', '\\']).next().unwrap_or("")));
    let mut utils = Utils::default();
    for (origin, text) in &util_texts {
        if let Err(errs) = utils.add_file(text, origin) {
            errors.extend(errs);
        }
    }
    let mut rules = Vec::new();
    for (origin, text) in &texts {
        match compile_with_utils(text, origin, &utils) {
            Ok(rule) => rules.push(rule),
            Err(errs) => errors.extend(errs),
        }
    }
    check_unique_ids(&rules, &mut errors);
    check_causes(&rules, &mut errors);
    if errors.is_empty() {
        super::shared_tests::mark(&mut rules);
        Ok(rules)
    } else {
        Err(RuleErrors { errors })
    }
}

fn collect_files(
    path: &Path,
    seen: &mut HashSet<PathBuf>,
    texts: &mut Vec<(String, String)>,
    errors: &mut Vec<RuleError>,
) {
    let display = path.display().to_string();
    let files = if path.is_dir() {
        match yaml_files(path) {
            Ok(files) => files,
            Err(e) => return errors.push(io_error(&display, &e)),
        }
    } else {
        vec![path.to_path_buf()]
    };
    if files.is_empty() {
        let mut sink = ErrorSink::new(&display, "");
        sink.at(
            (0, 0),
            0,
            "this rule folder holds no .yaml or .yml files",
            None,
        );
        errors.extend(sink.errors);
    }
    for file in files {
        let identity = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
        if !seen.insert(identity) {
            continue;
        }
        let shown = file.display().to_string();
        match std::fs::read_to_string(&file) {
            Ok(text) => texts.push((shown, text)),
            Err(e) => errors.push(io_error(&shown, &e)),
        }
    }
}

fn yaml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(yaml_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn io_error(origin: &str, e: &std::io::Error) -> RuleError {
    let mut sink = ErrorSink::new(origin, "");
    sink.at((0, 0), 0, format!("cannot read: {e}"), None);
    sink.errors.remove(0)
}

fn check_unique_ids(rules: &[Rule], errors: &mut Vec<RuleError>) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for rule in rules {
        if let Some(first) = seen.insert(&rule.id, &rule.origin) {
            let mut sink = ErrorSink::new(&rule.origin, &rule.source);
            sink.at(
                rule.positions.id,
                rule.id.len(),
                format!("duplicate rule id `{}`: also defined in {first}", rule.id),
                Some("rule ids must be unique; rename one of them".to_owned()),
            );
            errors.extend(sink.errors);
        }
    }
}

/// Every id named in a rule's `causes` must be a loaded rule. One named in `explains` may
/// also be a built-in rule that is not loaded (an optional pack tested on its own): the
/// link then simply never happens.
fn check_causes(rules: &[Rule], errors: &mut Vec<RuleError>) {
    let loaded: Vec<&str> = rules.iter().map(|r| &*r.id).collect();
    let builtin = builtin_ids();
    let known: Vec<&str> = loaded
        .iter()
        .copied()
        .chain(builtin.iter().map(String::as_str))
        .collect();
    for rule in rules {
        let lists = [
            (
                "causes",
                &rule.causes,
                &rule.positions.causes,
                &loaded,
                "a loaded rule",
            ),
            (
                "explains",
                &rule.explains,
                &rule.positions.explains,
                &known,
                "a loaded or built-in rule",
            ),
        ];
        for (key, ids, positions, candidates, what) in lists {
            for (index, id) in ids.iter().enumerate() {
                if candidates.contains(&id.as_str()) {
                    continue;
                }
                let at = positions.get(index).copied().unwrap_or((0, 0));
                let mut sink = ErrorSink::new(&rule.origin, &rule.source);
                let help = crate::suggest::did_you_mean(id, candidates.iter().copied())
                    .unwrap_or_else(|| "`synclint rules` lists the rules".to_owned());
                sink.at(
                    at,
                    id.len(),
                    format!("`{key}` names `{id}`, which is not {what}"),
                    Some(help),
                );
                errors.extend(sink.errors);
            }
        }
    }
}

/// The ids of the built-in rules. A built-in rule file is named after its rule (a test
/// holds every one to it), so the ids are the file names: parsing every file again only
/// to read its id took a third of a run over a small export.
fn builtin_ids() -> Vec<String> {
    super::builtin::BUILTIN
        .iter()
        .filter_map(|(path, _)| builtin_id(path))
        .map(str::to_owned)
        .collect()
}

/// The id of the built-in rule in the file at `path`: its name without `.yaml`.
fn builtin_id(path: &str) -> Option<&str> {
    let name = path.rsplit(['/', '\\']).next()?;
    (!is_utils_file(name)).then(|| name.strip_suffix(".yaml"))?
}

#[cfg(test)]
mod builtin_tests {
    use super::*;

    #[test]
    fn every_built_in_rule_is_named_after_its_file() {
        let mut compiled = 0;
        for (path, text) in super::super::builtin::BUILTIN {
            let name = path.rsplit('/').next().unwrap_or(path);
            if is_utils_file(name) {
                assert_eq!(builtin_id(path), None);
                continue;
            }
            #[derive(serde::Deserialize)]
            struct IdOnly {
                id: String,
            }
            let file: IdOnly = crate::yaml::from_str(text, path).unwrap();
            assert_eq!(builtin_id(path), Some(file.id.as_str()), "{path}");
            compiled += 1;
        }
        assert_eq!(builtin_ids().len(), compiled);
        assert!(compiled >= 20, "{compiled} built-in rules");
    }
}
