//! Where a run's synclint.yaml is: `--config`, else `synclint.yaml` in an input folder,
//! else in the current directory. `check` (and so `trace` and `plan`), `notify` and
//! `watch` all look this way; `check` first takes a configuration among its inputs.

use std::path::{Path, PathBuf};

/// The configuration file. `read` are the files already read as inputs: a
/// `synclint.yaml` among them was read as what it is and is not taken again.
///
/// # Errors
/// The folders looked in, when there is none.
pub fn discover<'a>(
    given: Option<&Path>,
    inputs: impl Iterator<Item = &'a PathBuf>,
    read: &[&Path],
) -> Result<PathBuf, Vec<PathBuf>> {
    if let Some(path) = given {
        return Ok(path.to_path_buf());
    }
    let folders: Vec<&Path> = inputs
        .map(PathBuf::as_path)
        .filter(|p| p.is_dir())
        .chain(std::iter::once(Path::new(".")))
        .collect();
    for dir in &folders {
        let candidate = dir.join("synclint.yaml");
        if candidate.is_file() && !read.iter().any(|p| *p == candidate) {
            return Ok(candidate);
        }
    }
    Err(folders.iter().map(|d| d.to_path_buf()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_then_an_input_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let yaml = dir.path().join("synclint.yaml");
        std::fs::write(&yaml, "version: 1\n").expect("write");
        let inputs = [dir.path().join("missing"), dir.path().to_path_buf()];
        let given = Path::new("team.yaml");
        assert_eq!(
            discover(Some(given), inputs.iter(), &[]),
            Ok(given.to_path_buf())
        );
        assert_eq!(discover(None, inputs.iter(), &[]), Ok(yaml.clone()));
        // Already read (as something else): not taken as the configuration.
        assert_eq!(
            discover(None, inputs.iter(), &[yaml.as_path()]),
            Err(vec![dir.path().to_path_buf(), PathBuf::from(".")])
        );
    }

    #[test]
    fn nothing_names_the_folders_looked_in() {
        let dir = tempfile::tempdir().expect("temp dir");
        let inputs = [dir.path().to_path_buf()];
        // The current directory of the tests (the crate) has no synclint.yaml.
        assert_eq!(
            discover(None, inputs.iter(), &[]),
            Err(vec![dir.path().to_path_buf(), PathBuf::from(".")])
        );
    }
}
