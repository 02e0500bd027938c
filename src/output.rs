//! Writing the output folder atomically: every file goes into a staging
//! folder beside it, and only a complete build is swapped in. A failed build
//! leaves the previous output untouched.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// What a file's bytes come from.
#[derive(Debug, Clone)]
pub enum Source {
    Bytes(Vec<u8>),
    /// Copied from this path (static files).
    Copy(PathBuf),
}

/// One file of the output, at a relative `/`-separated path.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub source: Source,
}

impl OutputFile {
    pub fn text(path: &str, text: String) -> Self {
        OutputFile {
            path: path.to_string(),
            source: Source::Bytes(text.into_bytes()),
        }
    }
}

/// Whether `path` stays inside the output folder: relative, no `..`, no
/// empty or `.` segments, no backslashes or drive letters.
pub fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(':')
        && !path.contains('\0')
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

/// Writes `files` as the new content of `out`. Later files with the same
/// path replace earlier ones. Returns how many files were written.
pub fn write_atomically(out: &Path, files: Vec<OutputFile>) -> io::Result<usize> {
    let mut by_path: BTreeMap<String, Source> = BTreeMap::new();
    for file in files {
        if !is_safe_path(&file.path) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "refusing to write `{}`: it would leave the output folder",
                    file.path
                ),
            ));
        }
        by_path.insert(file.path, file.source);
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.guildhall-staging"));
    let previous = parent.join(format!(".{name}.guildhall-previous"));
    remove_if_exists(&staging)?;

    let result = write_tree(&staging, &by_path);
    if let Err(e) = result {
        let _ = remove_if_exists(&staging);
        return Err(e);
    }
    remove_if_exists(&previous)?;
    let had_previous = out.exists();
    if had_previous {
        std::fs::rename(out, &previous)?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        if had_previous {
            let _ = std::fs::rename(&previous, out);
        }
        let _ = remove_if_exists(&staging);
        return Err(e);
    }
    if had_previous {
        remove_if_exists(&previous)?;
    }
    Ok(by_path.len())
}

fn write_tree(root: &Path, files: &BTreeMap<String, Source>) -> io::Result<()> {
    let folders: BTreeSet<&str> = files
        .keys()
        .filter_map(|p| p.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    std::fs::create_dir_all(root)?;
    // Parents sort before children, so each folder's parent exists already.
    for folder in &folders {
        let path = root.join(folder);
        if !path.is_dir() {
            std::fs::create_dir_all(path)?;
        }
    }
    files.par_iter().try_for_each(|(rel, source)| {
        let target = root.join(rel);
        match source {
            Source::Bytes(bytes) => std::fs::write(&target, bytes),
            Source::Copy(from) => std::fs::copy(from, &target).map(|_| ()),
        }
        .map_err(|e| io::Error::new(e.kind(), format!("{rel}: {e}")))
    })
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "C:/x",
            "a\\b",
            "./x",
            "",
        ] {
            assert!(!is_safe_path(bad), "{bad}");
        }
        assert!(is_safe_path("guides/x/index.html"));
        assert!(is_safe_path(".nojekyll"));
    }

    #[test]
    fn a_failed_write_keeps_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomically(&out, vec![OutputFile::text("index.html", "old".into())]).unwrap();
        let missing = dir.path().join("does-not-exist");
        let err = write_atomically(
            &out,
            vec![
                OutputFile::text("index.html", "new".into()),
                OutputFile {
                    path: "copy.txt".into(),
                    source: Source::Copy(missing),
                },
            ],
        );
        assert!(err.is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folder removed");
    }
}
