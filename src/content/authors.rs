//! Docusaurus's `authors.yml`: a blog's authors by key (`slorber: {name:
//! Sébastien Lorber, url: …}`), which its posts name by key (`authors:
//! [slorber]`). Every entry in the file's folder, or below it, that names
//! a key is credited to that author's name and address instead, so people
//! pages show names, as the Docusaurus site did. A file that is not such a
//! map is a warning where it goes wrong, and the keys stay as written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Entry;
use crate::diagnostics::{Diagnostics, display_path};

/// The name of the file, as Docusaurus looks for it.
pub(super) const FILE_NAME: &str = "authors.yml";

#[derive(Deserialize)]
struct Author {
    name: Option<String>,
    url: Option<String>,
}

/// Credits the entries under each of `files` (paths under `content`) to
/// the names their `authors.yml` gives their keys.
pub(super) fn apply(
    site: &Path,
    content: &Path,
    files: &[PathBuf],
    entries: &mut [Entry],
    diagnostics: &Diagnostics,
) {
    for path in files {
        let shown = display_path(site, path);
        let Some(authors) = read(path, &shown, diagnostics) else {
            continue;
        };
        let folder = display_path(content, path.parent().unwrap_or(content));
        let prefix = format!("{folder}/");
        let under = |rel: &str| folder.is_empty() || rel.starts_with(&prefix);
        for entry in entries.iter_mut().filter(|e| under(&e.rel)) {
            credit(entry, &authors);
        }
    }
}

fn read(path: &Path, shown: &str, diagnostics: &Diagnostics) -> Option<BTreeMap<String, Author>> {
    let failed = "Docusaurus's authors are left as their keys";
    let help = "each key maps to `name:` and, if any, `url:`";
    super::files::read_yaml(path, shown, failed, help, diagnostics).map(|(authors, _)| authors)
}

/// `entry`'s authors named by a key of `authors`, by their names.
fn credit(entry: &mut Entry, authors: &BTreeMap<String, Author>) {
    let keyed = |name: &String| authors.get(name).filter(|a| a.name.is_some());
    if !entry.meta.authors.iter().any(|name| keyed(name).is_some()) {
        return;
    }
    let mut names = Vec::with_capacity(entry.meta.authors.len());
    for key in std::mem::take(&mut entry.meta.authors) {
        let Some(author) = keyed(&key) else {
            names.push(key);
            continue;
        };
        let name = author.name.clone().unwrap_or_default();
        if let Some(url) = author.url.as_ref().filter(|u| crate::config::is_web_url(u)) {
            entry
                .meta
                .person_urls
                .entry(name.clone())
                .or_insert_with(|| url.clone());
        }
        names.push(name);
    }
    entry.meta.authors = names;
}
