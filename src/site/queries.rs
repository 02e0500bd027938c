//! Questions about the graph that pages, figures, hints and search all
//! ask: whether a guide is stale, and an entry's tags as links.

use serde::Serialize;

use super::{EntryId, Site};
use crate::content::Kind;

/// A link to a tag.
#[derive(Serialize)]
pub struct TagRef {
    pub name: String,
    pub url: String,
}

/// A guide is stale when its last review is older than `stale_after_days`.
pub fn is_stale(site: &Site, id: EntryId) -> bool {
    let entry = site.entry(id);
    if entry.kind != Kind::Guide {
        return false;
    }
    let Some(reviewed) = entry.meta.reviewed else {
        return false;
    };
    let age = site.build_time.duration_since(reviewed.timestamp(None));
    age.as_secs() > i64::from(site.config.stale_after_days) * 86_400
}

/// Entry `id`'s tags as links to their tag pages in its language
/// (`/ja/tags/x/` for a Japanese page), in the order written (a tag
/// repeated in a row shown once).
pub fn tag_refs(site: &Site, id: EntryId) -> Vec<TagRef> {
    let prefix = site.lang_prefix(site.list_lang(id));
    let mut refs: Vec<TagRef> = site
        .entry(id)
        .meta
        .tags
        .iter()
        .filter_map(|name| {
            let slug = crate::content::slugify(name);
            site.tags.get(&slug).map(|tag| TagRef {
                name: tag.name.clone(),
                url: tag_url(site, &prefix, &slug),
            })
        })
        .collect();
    refs.dedup_by(|a, b| a.url == b.url);
    refs
}

/// The address of tag `slug`'s page in the language whose prefix is
/// `prefix` (`/ja`, or empty).
pub fn tag_url(site: &Site, prefix: &str, slug: &str) -> String {
    site.url(&format!("{prefix}{}", site.config.layout.tag_path(slug)))
}

/// The original of translation `id` (its version in the default language)
/// when that changed after it: its `updated` (else `date`) is later than
/// the translation's. `None` for an original, or when either is undated.
pub fn outdated_source(site: &Site, id: EntryId) -> Option<EntryId> {
    let entry = site.entry(id);
    if site.config.layout.languages.is_default(&entry.lang) {
        return None;
    }
    let source = site.default_version(id).filter(|&s| s != id)?;
    let changed = |e: EntryId| {
        let meta = &site.entry(e).meta;
        meta.updated.or(meta.date).map(|w| w.timestamp(None))
    };
    (changed(source)? > changed(id)?).then_some(source)
}
