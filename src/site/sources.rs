//! Entries' texts after a build's first pass: the markdown of a large
//! site is the largest part of its memory (321 MB at 100,000 entries), so
//! a build past that pass may let the texts go ([`Site::release_sources`])
//! and read each again when its page is rendered ([`Site::source`]).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use super::{EntryId, Site};
use crate::content::files::read_again;
use crate::diagnostics::Diagnostic;

/// Where released texts are read again from, and the problems met doing
/// so (a file changed or removed during the build).
#[derive(Debug)]
pub(super) struct Released {
    site_dir: PathBuf,
    problems: Mutex<Vec<Diagnostic>>,
}

impl Site {
    /// Lets go of the text of every entry read from a file under
    /// `site_dir`; [`Site::source`] reads it again.
    pub fn release_sources(&mut self, site_dir: &Path) {
        let empty: Arc<str> = Arc::from("");
        for entry in self.entries.iter_mut().filter(|e| e.stamp.is_some()) {
            entry.source = Arc::clone(&empty);
        }
        self.released = Some(Arc::new(Released {
            site_dir: site_dir.to_path_buf(),
            problems: Mutex::new(Vec::new()),
        }));
        crate::util::memory::return_freed();
    }

    /// The bytes of text the entries hold.
    pub fn source_bytes(&self) -> usize {
        self.entries.iter().map(|e| e.source.len()).sum()
    }

    /// The whole text of entry `id` (front matter and body): the one it
    /// holds, or, once released, its file read again. A file that changed
    /// since the first reading reads as empty, and the problem is kept for
    /// [`Site::take_source_problems`].
    pub fn source(&self, id: EntryId) -> Arc<str> {
        let entry = self.entry(id);
        let Some(released) = self.released.as_ref().filter(|_| entry.stamp.is_some()) else {
            return Arc::clone(&entry.source);
        };
        read_again(&released.site_dir, entry).unwrap_or_else(|problem| {
            let mut problems = released
                .problems
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            problems.push(problem);
            Arc::from("")
        })
    }

    /// A problem at front matter `key` of entry `id` (see
    /// `Entry::problem_at_key`), shown in its text read again if need be.
    pub fn problem_at_key(
        &self,
        id: EntryId,
        error: bool,
        key: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.entry(id)
            .problem_at_key_in(&self.source(id), error, key, message)
    }

    /// The problems met reading texts again, each once.
    pub fn take_source_problems(&self) -> Vec<Diagnostic> {
        let Some(released) = &self.released else {
            return Vec::new();
        };
        let mut problems = released
            .problems
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut taken = std::mem::take(&mut *problems);
        taken.sort_by(|a, b| a.file.cmp(&b.file));
        taken.dedup_by(|a, b| a.file == b.file);
        taken
    }
}
