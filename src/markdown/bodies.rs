//! Every entry's body rendered to HTML, a page at a time (a question and
//! its answers share one page and so one set of heading ids), `#anchor`
//! checks against the ids each page ended up with, and [`BodyCache`]: the
//! bodies of the previous build, reused by `watch` where nothing they read
//! changed.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::ids::{IdScope, ThemeIds};
use super::{Make, Rendered};
use crate::content::Kind;
use crate::diagnostics::Diagnostics;
use crate::site::{EntryId, Site};

/// The bodies rendered onto one output page, and the ids that page uses.
#[derive(Clone)]
struct RenderedPage {
    page: EntryId,
    parts: Vec<(EntryId, Arc<Rendered>)>,
    ids: Arc<HashSet<String>>,
}

/// Bodies of the previous build, for `watch`: a page's bodies are reused
/// when its files are unchanged and so is everything rendering a body reads
/// from the rest of the site (URLs, titles, the settings).
#[derive(Default)]
pub struct BodyCache {
    link_table: u64,
    /// By the page's path under `content/`.
    pages: HashMap<String, CachedPage>,
}

impl BodyCache {
    /// The link table the cached bodies were rendered against.
    pub fn link_table(&self) -> u64 {
        self.link_table
    }

    /// The ids on the page of the entry at `rel`.
    pub fn ids(&self, rel: &str) -> Option<&HashSet<String>> {
        self.pages.get(rel).map(|p| p.ids.as_ref())
    }

    /// Replaces one page's bodies (after an edit patched in place).
    pub fn replace(
        &mut self,
        rel: &str,
        sources: Vec<Arc<str>>,
        parts: Vec<Arc<Rendered>>,
        ids: HashSet<String>,
    ) {
        self.pages.insert(
            rel.to_string(),
            CachedPage {
                sources,
                parts,
                ids: Arc::new(ids),
            },
        );
    }
}

struct CachedPage {
    sources: Vec<Arc<str>>,
    parts: Vec<Arc<Rendered>>,
    ids: Arc<HashSet<String>>,
}

/// A fingerprint of what a body's rendering reads from the rest of the
/// site: every entry's path, URL, title and kind, answers' questions, the
/// settings and the theme's callout titles.
fn link_table(site: &Site, theme_ids: &ThemeIds) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    site.config.hash(&mut hasher);
    theme_ids.hash(&mut hasher);
    site.callout_titles.hash(&mut hasher);
    for (id, entry) in site.ids().zip(&site.entries) {
        (&entry.rel, &site.paths[id], &entry.title, entry.kind).hash(&mut hasher);
        site.question_of[id].hash(&mut hasher);
    }
    hasher.finish()
}

/// Renders every body, a page at a time (a question with its answers share
/// one page and so one set of ids), making what `make` says, then checks
/// `#anchors` against the ids each page ended up with. With a `cache`
/// (`watch`), pages whose sources and link table are unchanged are reused;
/// returns how many pages were rendered.
pub fn render_bodies(
    site: &Site,
    theme_ids: &ThemeIds,
    diagnostics: &Diagnostics,
    make: Make,
    cache: Option<&mut BodyCache>,
) -> (Vec<Option<Arc<Rendered>>>, usize) {
    let units: Vec<EntryId> = site
        .ids()
        .filter(|&id| site.question_of[id].is_none() && site.entry(id).kind != Kind::Answer)
        .collect();
    let table = link_table(site, theme_ids);
    let reusable = cache.as_deref().filter(|c| c.link_table == table);
    let made: Vec<(bool, RenderedPage)> = units
        .par_iter()
        .map(|&page| match reusable.and_then(|c| c.reuse(site, page)) {
            Some(reused) => (false, reused),
            None => (true, render_page(site, theme_ids, page, make)),
        })
        .collect();
    let rendered_count = made.iter().filter(|(fresh, _)| *fresh).count();
    let rendered: Vec<RenderedPage> = made.into_iter().map(|(_, page)| page).collect();
    let mut bodies: Vec<Option<Arc<Rendered>>> = site.ids().map(|_| None).collect();
    let mut ids: Vec<Arc<HashSet<String>>> = vec![Arc::default(); site.entries.len()];
    for page in &rendered {
        ids[page.page] = page.ids.clone();
        for (id, body) in &page.parts {
            bodies[*id] = Some(body.clone());
        }
    }
    report_problems(&bodies, &ids, diagnostics);
    if let Some(cache) = cache {
        cache.keep(site, table, rendered);
    }
    (bodies, rendered_count)
}

/// Each body's problems, and each `#anchor` not among its page's ids.
fn report_problems(
    bodies: &[Option<Arc<Rendered>>],
    ids: &[Arc<HashSet<String>>],
    diagnostics: &Diagnostics,
) {
    for body in bodies.iter().flatten() {
        diagnostics.extend(body.problems.iter().cloned());
        for check in &body.anchor_checks {
            if !ids[check.page].contains(&check.id) {
                diagnostics.push(check.problem.clone());
            }
        }
    }
}

/// The sources of a page's bodies: the entry's, then its answers'.
fn sources_of(site: &Site, page: EntryId) -> Vec<Arc<str>> {
    std::iter::once(page)
        .chain(site.answers[page].iter().copied())
        .map(|id| site.entry(id).source.clone())
        .collect()
}

fn render_page(site: &Site, theme_ids: &ThemeIds, page: EntryId, make: Make) -> RenderedPage {
    let (parts, ids) = render_page_bodies(site, theme_ids, page, make);
    RenderedPage {
        page,
        parts,
        ids: Arc::new(ids),
    }
}

impl BodyCache {
    /// The cached bodies of `page`, when its sources are unchanged.
    fn reuse(&self, site: &Site, page: EntryId) -> Option<RenderedPage> {
        let cached = self.pages.get(&site.entry(page).rel)?;
        if !same_sources(&cached.sources, &sources_of(site, page)) {
            return None;
        }
        let ids = std::iter::once(page).chain(site.answers[page].iter().copied());
        Some(RenderedPage {
            page,
            parts: ids.zip(cached.parts.iter().cloned()).collect(),
            ids: cached.ids.clone(),
        })
    }

    /// Keeps this build's bodies, rendered against link table `table`.
    fn keep(&mut self, site: &Site, table: u64, rendered: Vec<RenderedPage>) {
        self.link_table = table;
        self.pages = rendered
            .into_iter()
            .map(|page| {
                let cached = CachedPage {
                    sources: sources_of(site, page.page),
                    parts: page.parts.into_iter().map(|(_, body)| body).collect(),
                    ids: page.ids,
                };
                (site.entry(page.page).rel.clone(), cached)
            })
            .collect();
    }
}

/// The bodies on one page (an entry, or a question and its answers), which
/// share one set of ids, and those ids.
pub fn render_page_bodies(
    site: &Site,
    theme_ids: &ThemeIds,
    page: EntryId,
    make: Make,
) -> (Vec<(EntryId, Arc<Rendered>)>, HashSet<String>) {
    let mut scope = IdScope::new(theme_ids.of_page(site.template_of(page)));
    for &answer in &site.answers[page] {
        scope.reserve(&site.answer_anchor(answer));
    }
    let parts = std::iter::once(page)
        .chain(site.answers[page].iter().copied())
        .map(|id| (id, Arc::new(super::render(site, id, &mut scope, make))))
        .collect();
    (parts, scope.into_ids())
}

fn same_sources(a: &[Arc<str>], b: &[Arc<str>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| Arc::ptr_eq(x, y) || x == y)
}
