//! Writing imported entries, shared by every source: each file written
//! whole or not at all (a temporary file renamed over it), a manifest of
//! what was written (`.guildhall/imports/<source>.json`: each post's file
//! and a hash of its bytes) so that running the import again changes no
//! file, keeps each post in its file when its title changes, and never
//! overwrites a file edited by hand since.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::util::hash::Fnv;

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
    /// Edited by hand since the last import: left as it is.
    KeptEdited,
    /// Deleted by hand since the last import: not made again.
    KeptDeleted,
}

/// Files written, by outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub kept: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Manifest {
    /// The source's address, for a reader of the file.
    source: String,
    /// By post key: its file (relative to the site) and the hash of the
    /// bytes last written there.
    posts: BTreeMap<String, FileRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct FileRecord {
    path: String,
    hash: String,
}

pub struct Writer {
    site: PathBuf,
    manifest_path: PathBuf,
    previous: Manifest,
    next: Manifest,
    force: bool,
    /// Folders handed out in this import (relative to the site).
    claimed: HashSet<String>,
    /// The folders of the last import's questions, and their posts.
    owners: HashMap<String, String>,
    pub written: Written,
    /// Files left alone, with why, for stderr.
    pub kept: Vec<String>,
}

impl Writer {
    /// A writer into `site` for the source named `key` (a host name), with
    /// the manifest of its last import if any. `force` overwrites files
    /// edited or deleted by hand.
    pub fn open(site: &Path, key: &str, source: &str, force: bool) -> Result<Writer, String> {
        let manifest_path = site.join(".guildhall/imports").join(format!("{key}.json"));
        let previous = match std::fs::read(&manifest_path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                format!(
                    "{}: not a manifest guildhall wrote ({e}); move it away to import afresh",
                    manifest_path.display()
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Manifest::default(),
            Err(e) => return Err(format!("{}: cannot read: {e}", manifest_path.display())),
        };
        let owners = previous
            .posts
            .iter()
            .filter_map(|(post, r)| {
                Some((r.path.strip_suffix("/index.md")?.to_string(), post.clone()))
            })
            .collect();
        Ok(Writer {
            owners,
            site: site.to_path_buf(),
            manifest_path,
            previous,
            next: Manifest {
                source: source.to_string(),
                posts: BTreeMap::new(),
            },
            force,
            claimed: HashSet::new(),
            written: Written::default(),
            kept: Vec::new(),
        })
    }

    /// The file a post went to in the last import.
    pub fn previous_path(&self, post: &str) -> Option<&str> {
        self.previous.posts.get(post).map(|r| r.path.as_str())
    }

    /// A folder under `parent` (relative to the site) for the post `post`:
    /// the one of its last import, else `slug`, else `slug-<post>` when
    /// `slug` is taken by another post or by a file not imported.
    pub fn claim_folder(&mut self, post: &str, parent: &str, slug: &str) -> String {
        if let Some(previous) = self.previous_path(post)
            && let Some(folder) = previous.strip_suffix("/index.md")
        {
            let folder = folder.to_string();
            self.claimed.insert(folder.clone());
            return folder;
        }
        let free = |folder: &str| {
            !self.claimed.contains(folder)
                && match self.owners.get(folder) {
                    Some(owner) => owner == post,
                    None => {
                        !self.site.join(folder).exists()
                            && !self.site.join(format!("{folder}.md")).exists()
                    }
                }
        };
        let wanted = format!("{parent}/{slug}");
        let folder = if !slug.is_empty() && free(&wanted) {
            wanted
        } else if slug.is_empty() {
            format!("{parent}/{post}")
        } else {
            format!("{parent}/{slug}-{post}")
        };
        self.claimed.insert(folder.clone());
        folder
    }

    /// Writes `text` to `path` (relative to the site) for post `post`,
    /// unless the file there was changed by hand since the last import.
    pub fn write(&mut self, post: &str, path: &str, text: &str) -> Result<Outcome, String> {
        let full = self.site.join(path);
        let hash = format!("{:016x}", Fnv::of(text));
        let on_disk = std::fs::read(&full).ok();
        let recorded = self.previous.posts.get(post).filter(|r| r.path == path);
        let outcome = match (&on_disk, recorded) {
            (Some(bytes), _) if bytes == text.as_bytes() => Outcome::Unchanged,
            (Some(bytes), Some(r)) if format!("{:016x}", Fnv::of(bytes)) == r.hash => {
                Outcome::Updated
            }
            (None, None) => Outcome::Created,
            _ if self.force => {
                if on_disk.is_some() {
                    Outcome::Updated
                } else {
                    Outcome::Created
                }
            }
            (Some(_), _) => Outcome::KeptEdited,
            (None, Some(_)) => Outcome::KeptDeleted,
        };
        match outcome {
            Outcome::Created | Outcome::Updated => write_atomically(&full, text)?,
            Outcome::KeptEdited => self.kept.push(format!(
                "{path}: edited since the last import, kept as it is (--force overwrites it)"
            )),
            Outcome::KeptDeleted => self.kept.push(format!(
                "{path}: deleted since the last import, not made again (--force makes it)"
            )),
            Outcome::Unchanged => {}
        }
        match outcome {
            Outcome::Created => self.written.created += 1,
            Outcome::Updated => self.written.updated += 1,
            Outcome::Unchanged => self.written.unchanged += 1,
            Outcome::KeptEdited | Outcome::KeptDeleted => self.written.kept += 1,
        }
        // A kept file stays recorded with the hash of the import's own
        // text, so it stays kept until --force.
        let hash = match (outcome, recorded) {
            (Outcome::KeptEdited | Outcome::KeptDeleted, Some(r)) => r.hash.clone(),
            _ => hash,
        };
        self.next.posts.insert(
            post.to_string(),
            FileRecord {
                path: path.to_string(),
                hash,
            },
        );
        Ok(outcome)
    }

    /// Saves the manifest: the posts of this import, and those of earlier
    /// imports that this one did not bring (they keep their files).
    pub fn finish(mut self) -> Result<Written, String> {
        for (post, record) in std::mem::take(&mut self.previous.posts) {
            self.next.posts.entry(post).or_insert(record);
        }
        let text = serde_json::to_string_pretty(&self.next).map_err(|e| e.to_string())? + "\n";
        write_atomically(&self.manifest_path, &text)?;
        Ok(self.written)
    }
}

/// Writes `text` to `path` whole or not at all: a temporary file beside
/// it, renamed over it.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("{}: cannot write: {e}", path.display());
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(fail)?;
    let mut temp = tempfile::NamedTempFile::new_in(folder).map_err(fail)?;
    std::io::Write::write_all(&mut temp, text.as_bytes()).map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(site: &Path, path: &str) -> String {
        std::fs::read_to_string(site.join(path)).unwrap()
    }

    #[test]
    fn a_second_import_changes_nothing_and_keeps_hand_edits() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path();
        let mut w = Writer::open(site, "x", "https://x", false).unwrap();
        assert_eq!(
            w.claim_folder("1", "content/questions", "q"),
            "content/questions/q"
        );
        assert_eq!(
            w.write("1", "content/questions/q/index.md", "one").unwrap(),
            Outcome::Created
        );
        assert_eq!(
            w.write("2", "content/questions/q/2.md", "two").unwrap(),
            Outcome::Created
        );
        w.finish().unwrap();

        let mut w = Writer::open(site, "x", "https://x", false).unwrap();
        assert_eq!(
            w.claim_folder("1", "content/questions", "renamed"),
            "content/questions/q"
        );
        assert_eq!(
            w.write("1", "content/questions/q/index.md", "one").unwrap(),
            Outcome::Unchanged
        );
        assert_eq!(
            w.write("2", "content/questions/q/2.md", "two, edited upstream")
                .unwrap(),
            Outcome::Updated
        );
        w.finish().unwrap();
        assert_eq!(
            read(site, "content/questions/q/2.md"),
            "two, edited upstream"
        );

        std::fs::write(site.join("content/questions/q/2.md"), "mine").unwrap();
        std::fs::remove_file(site.join("content/questions/q/index.md")).unwrap();
        let mut w = Writer::open(site, "x", "https://x", false).unwrap();
        assert_eq!(
            w.write("2", "content/questions/q/2.md", "three").unwrap(),
            Outcome::KeptEdited
        );
        assert_eq!(
            w.write("1", "content/questions/q/index.md", "one").unwrap(),
            Outcome::KeptDeleted
        );
        assert_eq!(w.kept.len(), 2);
        w.finish().unwrap();
        assert_eq!(read(site, "content/questions/q/2.md"), "mine");

        let mut w = Writer::open(site, "x", "https://x", true).unwrap();
        assert_eq!(
            w.write("2", "content/questions/q/2.md", "three").unwrap(),
            Outcome::Updated
        );
        assert_eq!(read(site, "content/questions/q/2.md"), "three");
    }

    #[test]
    fn folders_taken_by_other_files_or_posts_get_the_post_id() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path();
        std::fs::create_dir_all(site.join("content/questions/mine")).unwrap();
        let mut w = Writer::open(site, "x", "https://x", false).unwrap();
        assert_eq!(
            w.claim_folder("7", "content/questions", "mine"),
            "content/questions/mine-7"
        );
        assert_eq!(
            w.claim_folder("8", "content/questions", "same"),
            "content/questions/same"
        );
        assert_eq!(
            w.claim_folder("9", "content/questions", "same"),
            "content/questions/same-9"
        );
        assert_eq!(
            w.claim_folder("10", "content/questions", ""),
            "content/questions/10"
        );
    }
}
