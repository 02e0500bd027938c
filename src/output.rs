//! Writing the output folder atomically: files stream into a staging folder
//! beside it as they render, and only a complete build is swapped in. A
//! failed build leaves the previous output untouched.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

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
    /// Writes `file` (lent, so a caller still has its path to report a
    /// failure with).
    fn write(&self, file: &OutputFile) -> io::Result<()>;
    /// Removes a file an earlier rebuild wrote (`path` relative to the
    /// output folder), if it is there.
    fn remove(&self, path: &str) -> io::Result<()>;

    /// Where the file at `path` (relative to the output folder) ends up,
    /// for messages: the output folder joined with it.
    fn place(&self, path: &str) -> String;
}

/// Discards every file: `check` renders everything and writes nothing.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, file: &OutputFile) -> io::Result<()> {
        refuse_unsafe(&file.path)
    }

    fn remove(&self, path: &str) -> io::Result<()> {
        refuse_unsafe(path)
    }

    fn place(&self, path: &str) -> String {
        path.to_string()
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
    bytes: AtomicU64,
    finished: bool,
}

/// What a finished staging folder holds: files and their bytes.
#[derive(Debug, Clone, Copy)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
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
            bytes: AtomicU64::new(0),
            finished: false,
        })
    }

    /// Replaces the output folder with the staging folder; returns how many
    /// files and bytes were written.
    pub fn finish(mut self) -> io::Result<Written> {
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
        Ok(Written {
            files: self.written.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        })
    }
}

impl Sink for Staging {
    fn write(&self, file: &OutputFile) -> io::Result<()> {
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
        let bytes = match &file.source {
            Source::Bytes(bytes) => std::fs::write(&target, bytes).map(|()| bytes.len() as u64),
            Source::Copy(from) => std::fs::copy(from, &target),
        }?;
        self.written.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        Ok(())
    }

    fn remove(&self, path: &str) -> io::Result<()> {
        refuse_unsafe(path)?;
        remove_file_if_exists(&self.root.join(path))
    }

    /// In the output folder, where the staging folder is swapped in.
    fn place(&self, path: &str) -> String {
        self.out.join(path).to_string_lossy().into_owned()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = remove_if_exists(&self.root);
        }
    }
}

/// Writes into the output folder in place, for `watch`: a file is written
/// only when its bytes differ from what is there (each by a temporary file
/// renamed over it, so a server never sends half a file), and a full
/// rebuild removes the files it no longer makes.
pub struct InPlace {
    root: PathBuf,
    /// Every file in the output, by path, with a hash of its bytes and
    /// whether it is a copied static file.
    known: Mutex<HashMap<String, (u64, bool)>>,
    /// Files made by the current rebuild.
    seen: Mutex<HashSet<String>>,
    written: AtomicUsize,
}

/// Which files a rebuild made, to know which of the others are stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Made {
    /// Every file: the others are stale.
    All,
    /// The static files: stale static files are removed.
    Static,
    /// Some files: none is stale.
    Some,
}

impl InPlace {
    /// Takes over `root`, hashing the files already there (a previous
    /// build's).
    pub fn new(root: &Path) -> io::Result<InPlace> {
        std::fs::create_dir_all(root)?;
        let mut known = HashMap::new();
        for item in walkdir::WalkDir::new(root).follow_links(false) {
            let item = item.map_err(io::Error::other)?;
            if item.file_type().is_file()
                && let Ok(rel) = item.path().strip_prefix(root)
            {
                let rel = rel.to_string_lossy().replace('\\', "/");
                let bytes = std::fs::read(item.path())?;
                known.insert(rel, (hash(&bytes), false));
            }
        }
        Ok(InPlace {
            root: root.to_path_buf(),
            known: Mutex::new(known),
            seen: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
        })
    }

    /// Starts a rebuild: returns nothing; counts and marks start afresh.
    pub fn begin(&self) {
        lock(&self.seen).clear();
        self.written.store(0, Ordering::Relaxed);
    }

    /// Ends a rebuild that made `made`: removes stale files and emptied
    /// folders. Returns (files written, files removed).
    pub fn finish(&self, made: Made) -> io::Result<(usize, usize)> {
        let seen = lock(&self.seen);
        let mut known = lock(&self.known);
        let stale: Vec<String> = known
            .iter()
            .filter(|(path, (_, copied))| {
                !seen.contains(*path)
                    && match made {
                        Made::All => true,
                        Made::Static => *copied,
                        Made::Some => false,
                    }
            })
            .map(|(path, _)| path.clone())
            .collect();
        for path in &stale {
            known.remove(path);
            let full = self.root.join(path);
            remove_file_if_exists(&full)?;
            // Remove folders left empty, up to the output folder.
            let mut folder = full.parent();
            while let Some(dir) = folder {
                if dir == self.root || std::fs::remove_dir(dir).is_err() {
                    break;
                }
                folder = dir.parent();
            }
        }
        Ok((self.written.load(Ordering::Relaxed), stale.len()))
    }
}

impl Sink for InPlace {
    fn write(&self, file: &OutputFile) -> io::Result<()> {
        refuse_unsafe(&file.path)?;
        let copied = matches!(file.source, Source::Copy(_));
        let bytes: Cow<[u8]> = match &file.source {
            Source::Bytes(bytes) => Cow::Borrowed(bytes),
            Source::Copy(from) => Cow::Owned(
                std::fs::read(from)
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", from.display())))?,
            ),
        };
        let digest = hash(&bytes);
        lock(&self.seen).insert(file.path.clone());
        let unchanged = lock(&self.known).get(&file.path).map(|k| k.0) == Some(digest);
        let target = self.root.join(&file.path);
        if unchanged && target.is_file() {
            lock(&self.known).insert(file.path.clone(), (digest, copied));
            return Ok(());
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = target.with_file_name(format!(".{name}.guildhall-tmp"));
        std::fs::write(&temporary, &bytes).and_then(|()| std::fs::rename(&temporary, &target))?;
        lock(&self.known).insert(file.path.clone(), (digest, copied));
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn remove(&self, path: &str) -> io::Result<()> {
        refuse_unsafe(path)?;
        lock(&self.known).remove(path);
        lock(&self.seen).remove(path);
        remove_file_if_exists(&self.root.join(path))
    }

    fn place(&self, path: &str) -> String {
        self.root.join(path).to_string_lossy().into_owned()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

fn remove_file_if_exists(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match remove_tree(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// `remove_dir_all`, with the folders of a tree removed in parallel (an
/// output of 10,000 pages is 10,000 folders). Symbolic links are removed,
/// never followed.
fn remove_tree(path: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    if !std::fs::symlink_metadata(path)?.is_dir() {
        return std::fs::remove_file(path);
    }
    let entries = std::fs::read_dir(path)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(path)
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
            .write(&OutputFile::text("index.html", "old".into()))
            .unwrap();
        first.finish().unwrap();
        let missing = dir.path().join("does-not-exist");
        {
            // As a build does: a write fails, and the staging folder is
            // dropped without being swapped in.
            let second = Staging::new(&out).unwrap();
            second
                .write(&OutputFile::text("index.html", "new".into()))
                .unwrap();
            let copy = OutputFile {
                path: "copy.txt".into(),
                source: Source::Copy(missing),
            };
            assert!(second.write(&copy).is_err());
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folder removed");
    }
}
