//! A page's place among folders as its template reads it: a folder
//! page's "In this section" and its later pages, the trail of folder pages
//! above a page, and same-titled entries on a list told apart.

use std::collections::HashMap;

use serde::Serialize;
use tera::Value;

use super::{Card, EntryRef, Links, card, entry_ref};
use crate::analysis::Loaded;
use crate::render::pager::Pager;
use crate::render::words::Words;
use crate::site::{EntryId, Site};

/// Page `number` (2 or more) of folder page `id`'s "In this section", as
/// its template reads it (`folder`): the folder page's title and address
/// (for a theme's own link back), that page's cards and the links between
/// the pages.
pub fn folder_page_value(loaded: &Loaded, words: &Words, id: EntryId, number: usize) -> Value {
    let site = &loaded.site;
    Value::from_serializable(&FolderView {
        title: &site.entry(id).title,
        url: site.entry_url(id),
        children: folder_cards(loaded, words, id, number),
        pager: folder_pager(site, id, number),
    })
}

/// A later page of a folder page's "In this section".
#[derive(Serialize)]
struct FolderView<'a> {
    title: &'a str,
    url: String,
    children: Vec<Card<'a>>,
    pager: Option<Pager>,
}

/// The cards on page `number` of folder page `id`'s "In this section".
pub(super) fn folder_cards<'a>(
    loaded: &'a Loaded,
    words: &Words,
    id: EntryId,
    number: usize,
) -> Vec<Card<'a>> {
    let per_page = loaded.site.config.paginate;
    loaded.site.children[id]
        .iter()
        .skip((number - 1) * per_page)
        .take(per_page)
        .map(|&child| card(loaded, &Links::default(), words, child))
        .collect()
}

/// How many pages folder page `id`'s "In this section" takes.
pub fn folder_page_count(site: &Site, id: EntryId) -> usize {
    site.children[id]
        .len()
        .div_ceil(site.config.paginate)
        .max(1)
}

/// The path of page `number` of folder page `id` (`/blog/page/2/`).
pub fn folder_page_path(site: &Site, id: EntryId, number: usize) -> String {
    match number {
        1 => site.paths[id].clone(),
        _ => format!("{}page/{number}/", site.paths[id]),
    }
}

/// The links between the pages of folder page `id`, on page `number`.
pub fn folder_pager(site: &Site, id: EntryId, number: usize) -> Option<Pager> {
    let page_url = |n: usize| site.url(&folder_page_path(site, id, n));
    Pager::new(folder_page_count(site, id), number, &page_url)
}

/// Page `id` as a folder's navigation on page `page` names it: by its
/// `linkTitle` when it has one (Hugo's shorter title for menus and
/// breadcrumbs).
pub(super) fn folder_ref(site: &Site, page: EntryId, id: EntryId) -> EntryRef {
    let mut shown = entry_ref(site, page, id);
    if let Some(short) = &site.entry(id).meta.link_title {
        shown.title = short.clone();
    }
    shown
}

/// `ids` as page `page` lists them: one whose title the page or another
/// on the list shares is told apart by its folder page's title, or by its
/// date where they share that folder too (two years' posts of one name).
pub(super) fn listed(site: &Site, page: EntryId, ids: &[EntryId]) -> Vec<EntryRef> {
    let mut refs: Vec<EntryRef> = ids
        .iter()
        .map(|&other| entry_ref(site, page, other))
        .collect();
    let own = &site.entry(page).title;
    // Most lists on most pages: nothing to tell apart, no map to make.
    if refs.len() < 2 && refs.iter().all(|shown| shown.title != *own) {
        return refs;
    }
    let mut by_title: HashMap<&str, Vec<EntryId>> = HashMap::new();
    for (shown, &other) in refs.iter().zip(ids) {
        by_title.entry(&shown.title).or_default().push(other);
    }
    if let Some(same) = by_title.get_mut(own.as_str()) {
        same.push(page);
    }
    let contexts: Vec<String> = refs
        .iter()
        .zip(ids)
        .map(|(shown, &other)| match &by_title[shown.title.as_str()] {
            same if same.len() > 1 => told_apart(site, other, same),
            _ => String::new(),
        })
        .collect();
    for (shown, context) in refs.iter_mut().zip(contexts) {
        shown.context = context;
    }
    refs
}

/// What tells entry `id` apart from the others of `same` title: its
/// folder page's title when none of them has that folder page (and it is
/// not the same title), else its date when none has that date, else
/// nothing.
fn told_apart(site: &Site, id: EntryId, same: &[EntryId]) -> String {
    let others = || same.iter().filter(move |&&other| other != id);
    if let Some(folder_page) = site.parent_of(id)
        && others().all(|&other| site.parent_of(other) != Some(folder_page))
    {
        let folder = folder_ref(site, id, folder_page).title;
        // A page bundle's second file, named as the bundle's page.
        if folder != site.entry(id).title {
            return folder;
        }
    }
    let date = |entry: EntryId| site.entry(entry).meta.date.map(|d| d.ymd());
    match date(id) {
        Some(day) if others().all(|&other| date(other).as_ref() != Some(&day)) => day,
        _ => String::new(),
    }
}
