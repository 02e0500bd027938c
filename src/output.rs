//! Writing the output folder atomically: files stream into a staging folder
//! beside it as they render, and only a complete build is swapped in. A
//! failed build leaves the previous output untouched.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// Where rendered files go: the staging folder of a build, or nowhere
/// (`check`). Writers call it from many threads.
pub trait Sink: Sync {
    fn write(&self, file: OutputFile) -> io::Result<()>;
}

/// Discards every file: `check` renders everything and writes nothing.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, file: OutputFile) -> io::Result<()> {
        refuse_unsafe(&file.path)
    }
}

fn refuse_unsafe(path: &str) -> io::Result<()> {
    if is_safe_path(path) {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write `{path}`: it would leave the output folder"),
        ))
    }
}

/// A staging folder beside the output folder. Files stream into it as they
/// render (so a build never holds the whole site in memory); [`finish`]
/// swaps it in for the output folder, and dropping it unfinished removes it.
///
/// [`finish`]: Staging::finish
pub struct Staging {
    out: PathBuf,
    root: PathBuf,
    previous: PathBuf,
    folders: Mutex<HashSet<PathBuf>>,
    written: AtomicUsize,
    finished: bool,
}

impl Staging {
    pub fn new(out: &Path) -> io::Result<Staging> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let root = parent.join(format!(".{name}.guildhall-staging"));
        remove_if_exists(&root)?;
        std::fs::create_dir_all(&root)?;
        Ok(Staging {
            out: out.to_path_buf(),
            previous: parent.join(format!(".{name}.guildhall-previous")),
            folders: Mutex::new(HashSet::from([root.clone()])),
            root,
            written: AtomicUsize::new(0),
            finished: false,
        })
    }

    /// Replaces the output folder with the staging folder; returns how many
    /// files were written.
    pub fn finish(mut self) -> io::Result<usize> {
        remove_if_exists(&self.previous)?;
        let had_previous = self.out.exists();
        if had_previous {
            std::fs::rename(&self.out, &self.previous)?;
        }
        if let Err(e) = std::fs::rename(&self.root, &self.out) {
            if had_previous {
                let _ = std::fs::rename(&self.previous, &self.out);
            }
            return Err(e);
        }
        self.finished = true;
        if had_previous {
            remove_if_exists(&self.previous)?;
        }
        Ok(self.written.load(Ordering::Relaxed))
    }
}

impl Sink for Staging {
    fn write(&self, file: OutputFile) -> io::Result<()> {
        refuse_unsafe(&file.path)?;
        let target = self.root.join(&file.path);
        if let Some(parent) = target.parent() {
            let known = self
                .folders
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(parent);
            if !known {
                std::fs::create_dir_all(parent)?;
                self.folders
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(parent.to_path_buf());
            }
        }
        match &file.source {
            Source::Bytes(bytes) => std::fs::write(&target, bytes),
            Source::Copy(from) => std::fs::copy(from, &target).map(|_| ()),
        }
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", file.path)))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = remove_if_exists(&self.root);
        }
    }
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
        let first = Staging::new(&out).unwrap();
        first
            .write(OutputFile::text("index.html", "old".into()))
            .unwrap();
        first.finish().unwrap();
        let missing = dir.path().join("does-not-exist");
        {
            // As a build does: a write fails, and the staging folder is
            // dropped without being swapped in.
            let second = Staging::new(&out).unwrap();
            second
                .write(OutputFile::text("index.html", "new".into()))
                .unwrap();
            let copy = OutputFile {
                path: "copy.txt".into(),
                source: Source::Copy(missing),
            };
            assert!(second.write(copy).is_err());
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folder removed");
    }
}
