//! Resolving references between entries: relative `.md` links, wikilinks
//! (`[[slug]]`, `[[guides/onboarding]]`) and the paths or slugs of
//! `related:` and `duplicate_of:`.

use super::{EntryId, Site};
use crate::content::{folder_of, markdown_stem, page_files};

/// What a reference points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Entry(EntryId),
    /// A bare slug that several entries share; the message names them.
    Ambiguous(Vec<EntryId>),
    Missing,
}

impl Site {
    /// Resolves a relative file link such as `../guides/x.md` written in
    /// `from`. Folder links (`../guides/ops/`) find the folder's index.
    pub fn resolve_relative(&self, from: EntryId, target: &str) -> Resolved {
        let folder = folder_of(&self.entries[from].rel);
        match normalize(folder, target) {
            Some(path) => self.by_path(&path),
            None => Resolved::Missing,
        }
    }

    /// Resolves a wikilink or front matter reference: a path from the content
    /// root (with or without `.md`), a `./` or `../` path from `from`'s
    /// folder, or a bare slug (same folder first, else the only entry with
    /// that slug anywhere).
    pub fn resolve_reference(&self, from: EntryId, reference: &str) -> Resolved {
        let reference = reference.trim();
        if reference.starts_with("./") || reference.starts_with("../") {
            return self.resolve_relative(from, reference);
        }
        if reference.contains('/') || markdown_stem(reference).is_some() {
            return match normalize("", reference.trim_start_matches('/')) {
                Some(path) => self.by_path(&path),
                None => Resolved::Missing,
            };
        }
        let Some(candidates) = self.by_slug.get(reference) else {
            return Resolved::Missing;
        };
        let folder = folder_of(&self.entries[from].rel);
        let same_folder: Vec<EntryId> = candidates
            .iter()
            .copied()
            .filter(|&id| entry_folder(&self.entries[id]) == folder)
            .collect();
        match (same_folder.as_slice(), candidates.as_slice()) {
            ([one], _) | (_, [one]) => Resolved::Entry(*one),
            _ => match self.in_language_of(from, candidates) {
                Some(one) => Resolved::Entry(one),
                None => Resolved::Ambiguous(candidates.clone()),
            },
        }
    }

    /// Among versions of one entry in several languages (one `key`), the
    /// one in `from`'s language, else the default language's.
    fn in_language_of(&self, from: EntryId, candidates: &[EntryId]) -> Option<EntryId> {
        let key = &self.entries[*candidates.first()?].key;
        if candidates.iter().any(|&id| &self.entries[id].key != key) {
            return None;
        }
        let lang = &self.entries[from].lang;
        let languages = &self.config.layout.languages;
        candidates
            .iter()
            .copied()
            .find(|&id| self.entries[id].lang.eq_ignore_ascii_case(lang))
            .or_else(|| {
                candidates
                    .iter()
                    .copied()
                    .find(|&id| languages.is_default(&self.entries[id].lang))
            })
    }

    /// An entry by its path under `content/`, trying `x.md`, `x/index.md`
    /// and `x/README.md` for `x`.
    fn by_path(&self, path: &str) -> Resolved {
        let path = path.trim_end_matches('/');
        page_files(path, &["index", "README"])
            .find_map(|p| self.by_rel.get(&p).copied())
            .map_or(Resolved::Missing, Resolved::Entry)
    }

    /// Every slug a bare reference can name, for "did you mean" suggestions.
    pub fn slugs(&self) -> Vec<&str> {
        self.by_slug.keys().map(String::as_str).collect()
    }

    /// A short "a, b or c" list of files, for ambiguity messages.
    pub fn describe_candidates(&self, ids: &[EntryId]) -> String {
        let names: Vec<String> = ids
            .iter()
            .map(|&id| {
                let rel = &self.entries[id].rel;
                format!(
                    "[[{}]]",
                    markdown_stem(rel)
                        .unwrap_or(rel)
                        .trim_end_matches("/index")
                        .trim_end_matches("/README")
                )
            })
            .collect();
        names.join(", ")
    }
}

/// The folder an entry is "in" for slug look-ups: a folder index is in its
/// parent folder, like the entries beside the folder.
fn entry_folder(entry: &crate::content::Entry) -> &str {
    let folder = folder_of(&entry.rel);
    if entry.is_index() {
        folder_of(folder)
    } else {
        folder
    }
}

/// Joins `target` onto `folder` and resolves `.` and `..`; `None` when the
/// result would leave `content/`.
pub fn normalize(folder: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn normalize_stays_inside_content() {
        assert_eq!(
            normalize("guides/ops", "../intro.md").as_deref(),
            Some("guides/intro.md")
        );
        assert_eq!(
            normalize("guides", "./ops/x.md").as_deref(),
            Some("guides/ops/x.md")
        );
        assert_eq!(normalize("guides", "../../etc/passwd"), None);
    }
}
