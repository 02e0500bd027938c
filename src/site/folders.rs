//! Folders as a reader browses them: a folder's own page (`index.md`,
//! `_index.md` or `README.md`) lists the pages in the folder, the way Hugo
//! lists a section's pages and GitHub a folder's files. A folder without a
//! page of its own (`blog/2024/`) is not a section, as in Hugo: its pages
//! are listed by the nearest folder above it that has one (`blog/`).

use std::cmp::Reverse;
use std::collections::HashMap;

use super::{EntryId, Site};
use crate::content::{Kind, folder_of};

/// For each folder page, the pages in its folder (files, and the folder
/// pages of its sub-folders), and those of sub-folders without a page of
/// their own, however deep: by `order` (`weight`) first,
/// ascending, then newest, then title. For a section's intro, only the
/// plain pages of its folder (an FAQ among events): its questions,
/// guides or events are on the list guildhall makes. Empty for every
/// other entry, and for the home page.
pub fn children(site: &Site) -> Vec<Vec<EntryId>> {
    let mut folder_page: HashMap<&str, EntryId> = HashMap::new();
    for (id, entry) in site.ids().zip(&site.entries) {
        let folder = folder_of(&entry.rel);
        let is_folder_page = entry.is_index() && entry.kind != Kind::Answer;
        if is_folder_page && !folder.is_empty() && (site.has_page(id) || site.is_intro(id)) {
            folder_page.entry(folder).or_insert(id);
        }
    }
    let sections = site.config.layout.sections();
    let mut children: Vec<Vec<EntryId>> = vec![Vec::new(); site.entries.len()];
    for (id, entry) in site.ids().zip(&site.entries) {
        if !site.has_page(id) {
            continue;
        }
        let own_folder = folder_of(&entry.rel);
        let folder = if entry.is_index() {
            folder_of(own_folder)
        } else {
            own_folder
        };
        let Some((folder, page)) = nearest_folder_page(&folder_page, folder) else {
            continue;
        };
        let on_a_list = sections.contains(&folder) && entry.kind != Kind::Page;
        if page != id && !on_a_list {
            children[page].push(id);
        }
    }
    for list in &mut children {
        list.sort_by_cached_key(|&id| {
            let entry = site.entry(id);
            (
                entry.meta.order.is_none(),
                entry.meta.order,
                Reverse(site.timestamp(id)),
                entry.title.to_lowercase(),
                id,
            )
        });
    }
    children
}

/// The page of `folder`, or of the nearest folder above it that has one
/// (not the home page: the content folder's own is ``), with that folder.
fn nearest_folder_page<'a>(
    pages: &HashMap<&'a str, EntryId>,
    mut folder: &'a str,
) -> Option<(&'a str, EntryId)> {
    while !folder.is_empty() {
        if let Some((&found, &page)) = pages.get_key_value(folder) {
            return Some((found, page));
        }
        folder = folder_of(folder);
    }
    None
}
