//! Folders as a reader browses them: a folder's own page (`index.md`,
//! `_index.md` or `README.md`) lists the pages in the folder, the way Hugo
//! lists a section's pages and GitHub a folder's files. A folder without a
//! page of its own (`blog/2024/`) is not a section, as in Hugo: its pages
//! are listed by the nearest folder above it that has one (`blog/`).

use std::cmp::Reverse;
use std::collections::HashMap;

use super::{EntryId, Site};
use crate::content::{Kind, folder_of};

/// Each page's place among folders: what a folder page lists, and the
/// folder page above each page.
pub struct Folders {
    /// For each folder page, the pages in its folder (files, and the
    /// folder pages of its sub-folders), and those of sub-folders without
    /// a page of their own, however deep: by `order` (`weight`) first,
    /// ascending, then newest, then title. For a section's intro, only the
    /// plain pages of its folder (an FAQ among events): its questions,
    /// guides or events are on the list guildhall makes. Empty for every
    /// other entry, and for the home page.
    pub children: Vec<Vec<EntryId>>,
    /// For each page, the page of the nearest folder above it that has
    /// one (a section's intro too: its list is that folder's page).
    pub parent: Vec<Option<EntryId>>,
}

pub fn folders(site: &Site) -> Folders {
    let mut folder_page: HashMap<&str, EntryId> = HashMap::new();
    for (id, entry) in site.ids().zip(&site.entries) {
        let folder = folder_of(&entry.rel);
        let is_folder_page = entry.is_index() && entry.kind != Kind::Answer;
        // A language's folder (`content/zh-CN/`) is that language's home.
        let is_home = folder_of(&entry.key).is_empty();
        if is_folder_page && !is_home && (site.has_page(id) || site.is_intro(id)) {
            folder_page.entry(folder).or_insert(id);
        }
    }
    let sections = site.config.layout.sections();
    let mut children: Vec<Vec<EntryId>> = vec![Vec::new(); site.entries.len()];
    let mut parent = vec![None; site.entries.len()];
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
        if page == id {
            continue;
        }
        parent[id] = Some(page);
        let on_a_list = sections.contains(&folder) && entry.kind != Kind::Page;
        if !on_a_list {
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
    Folders { children, parent }
}

impl Site {
    /// The folder page above page `id`, if one is.
    pub fn parent_of(&self, id: EntryId) -> Option<EntryId> {
        self.parent.get(id.index()).copied().flatten()
    }

    /// The folder pages above page `id`, the outermost first: where a
    /// reader is in nested folders (`Docs › Onboarding`), as Docsy and
    /// MkDocs show it. Empty for a page with no folder page above it, and
    /// for one right under a section's list (a question on
    /// `/questions/`), which the site's navigation already shows.
    pub fn trail(&self, id: EntryId) -> Vec<EntryId> {
        let mut trail = Vec::new();
        let mut at = self.parent_of(id);
        while let Some(folder_page) = at {
            // Folders nest, so the walk ends; the bound keeps that true
            // of any future change too.
            if trail.len() == MAX_DEPTH || trail.contains(&folder_page) {
                break;
            }
            trail.push(folder_page);
            at = self.parent_of(folder_page);
        }
        trail.reverse();
        if let [only] = trail[..]
            && self.is_intro(only)
        {
            trail.clear();
        }
        trail
    }

    /// The pages before and after page `id` among its folder's pages
    /// ordered by the maintainer (`weight`, `sidebar_position`, `order`),
    /// as a course or a manual reads; none for a page without an order
    /// (a blog's posts are a list, not a sequence).
    pub fn neighbours(&self, id: EntryId) -> (Option<EntryId>, Option<EntryId>) {
        let parent = self.parent_of(id);
        let Some(parent) = parent.filter(|_| self.entry(id).meta.order.is_some()) else {
            return (None, None);
        };
        let ordered: Vec<EntryId> = self.children[parent]
            .iter()
            .copied()
            .take_while(|&sibling| self.entry(sibling).meta.order.is_some())
            .collect();
        let Some(at) = ordered.iter().position(|&sibling| sibling == id) else {
            return (None, None);
        };
        let before = at.checked_sub(1).map(|i| ordered[i]);
        (before, ordered.get(at + 1).copied())
    }
}

/// Folders deeper than this are not shown whole in a trail.
const MAX_DEPTH: usize = 32;

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
