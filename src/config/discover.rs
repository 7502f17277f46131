//! Where a run's synclint.yaml is when `--config` does not say: the one file among the
//! inputs read as a configuration, else `synclint.yaml` in an input folder, else in the
//! current directory. `check`, `notify`, `trace` and `plan` all look this way.

use std::path::{Path, PathBuf};

/// What the search found.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// `--config`.
    Given(PathBuf),
    /// The input at this index (of those passed as read as configurations).
    Input(usize),
    /// `synclint.yaml` in a folder.
    Folder(PathBuf),
    /// More than one input is a configuration.
    Several,
    /// None; the folders looked in.
    Nothing { looked: Vec<PathBuf> },
}

/// Look for the configuration. `among` are the inputs already read as configurations, and
/// `read` every file already read (a `synclint.yaml` read as something else is not taken).
#[must_use]
pub fn discover<'a>(
    given: Option<&Path>,
    inputs: impl Iterator<Item = &'a PathBuf>,
    among: &[&Path],
    read: &[&Path],
) -> Found {
    if let Some(path) = given {
        return Found::Given(path.to_path_buf());
    }
    match among {
        [_] => return Found::Input(0),
        [] => {}
        _ => return Found::Several,
    }
    let folders: Vec<&Path> = inputs
        .map(PathBuf::as_path)
        .filter(|p| p.is_dir())
        .chain(std::iter::once(Path::new(".")))
        .collect();
    for dir in &folders {
        let candidate = dir.join("synclint.yaml");
        if candidate.is_file() && !read.iter().any(|p| *p == candidate) {
            return Found::Folder(candidate);
        }
    }
    Found::Nothing {
        looked: folders.iter().map(|d| d.to_path_buf()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_then_an_input_then_a_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let yaml = dir.path().join("synclint.yaml");
        std::fs::write(&yaml, "version: 1\n").expect("write");
        let inputs = [dir.path().to_path_buf()];
        let given = Path::new("team.yaml");
        assert_eq!(
            discover(Some(given), inputs.iter(), &[], &[]),
            Found::Given(given.to_path_buf())
        );
        let read = Path::new("export/synclint.yaml");
        assert_eq!(
            discover(None, inputs.iter(), &[read], &[read]),
            Found::Input(0)
        );
        assert_eq!(
            discover(None, inputs.iter(), &[read, read], &[]),
            Found::Several
        );
        assert_eq!(
            discover(None, inputs.iter(), &[], &[]),
            Found::Folder(yaml.clone())
        );
        assert_eq!(
            discover(None, inputs.iter(), &[], &[yaml.as_path()]),
            Found::Nothing {
                looked: vec![dir.path().to_path_buf(), PathBuf::from(".")]
            }
        );
    }

    #[test]
    fn nothing_names_the_folders_looked_in() {
        let dir = tempfile::tempdir().expect("temp dir");
        let inputs = [dir.path().to_path_buf(), dir.path().join("missing")];
        let found = discover(None, inputs.iter(), &[], &[]);
        // The current directory of the tests (the crate) has no synclint.yaml.
        assert_eq!(
            found,
            Found::Nothing {
                looked: vec![dir.path().to_path_buf(), PathBuf::from(".")]
            }
        );
    }
}
