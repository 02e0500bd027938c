//! What is derived from the graph and the rendered bodies, once, before
//! any page renders: how entries relate (backlinks, related, duplicates),
//! people, the community figures, reviewers' hints, and each entry's
//! summary. [`Loaded`] holds it all: everything rendering and publishing
//! read.

pub mod people;
pub mod relations;
pub mod review;
pub mod stats;

use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::markdown::bodies::render_page_bodies;
use crate::markdown::ids::ThemeIds;
use crate::markdown::{Make, Rendered};
use crate::site::{EntryId, Site};
use people::People;
use relations::Relations;
use stats::Stats;

/// Everything up to rendering: the graph, each entry's rendered body, and
/// what can only be known once bodies are rendered (links between entries).
pub struct Loaded {
    pub site: Site,
    /// Each entry's body: its facts only after the first pass of a build
    /// whose texts are let go ([`Make::Facts`]), else with its HTML; read
    /// a page's HTML through [`Loaded::page_bodies`] and
    /// [`Loaded::body_html`].
    pub bodies: Vec<Option<Arc<Rendered>>>,
    /// The ids the theme writes, which bodies rendered again step around.
    pub theme_ids: ThemeIds,
    pub relations: Relations,
    pub people: People,
    pub stats: Stats,
}

impl Loaded {
    /// Derives relations, people and figures from the graph and its
    /// rendered bodies. Relations read the bodies; people and figures only
    /// the graph, so the two run side by side.
    pub fn analyse(
        site: Site,
        bodies: Vec<Option<Arc<Rendered>>>,
        theme_ids: &ThemeIds,
        diagnostics: &Diagnostics,
    ) -> Loaded {
        let (relations, (people, stats)) = rayon::join(
            || Relations::build(&site, &bodies, diagnostics),
            || {
                let people = People::build(&site);
                let stats = Stats::compute(&site, &people);
                (people, stats)
            },
        );
        Loaded {
            site,
            bodies,
            theme_ids: theme_ids.clone(),
            relations,
            people,
            stats,
        }
    }

    /// Drops what only checks and analysis read of each body (links,
    /// anchor checks, problems, and the headings of bodies without HTML:
    /// the analysis is made), keeping what pages, cards and search read of
    /// it (see [`Rendered::forget_facts`]). A build calls it before writing
    /// (about 100 MB at 100,000 entries); `watch` keeps every fact for its
    /// next rebuild.
    pub fn forget_facts(&mut self) {
        for body in self.bodies.iter_mut().flatten() {
            if let Some(body) = Arc::get_mut(body) {
                body.forget_facts();
            }
        }
    }

    /// The bodies on the page of entry `page` (its own, then its
    /// answers'), with their HTML: those kept (`watch`), else rendered
    /// again now, as the first pass rendered them (the same ids, links and
    /// problems), and dropped when the caller is done with them.
    pub fn page_bodies(&self, page: EntryId) -> Vec<(EntryId, Arc<Rendered>)> {
        let parts = std::iter::once(page).chain(self.site.answers[page].iter().copied());
        let kept: Option<Vec<_>> = parts
            .map(|id| match &self.bodies[id] {
                Some(body) if body.has_html() => Some((id, body.clone())),
                _ => None,
            })
            .collect();
        kept.unwrap_or_else(|| render_page_bodies(&self.site, &self.theme_ids, page, Make::Html).0)
    }

    /// The body of entry `id` with its HTML (see [`Loaded::page_bodies`]):
    /// for the few pages that show another's body (list intros, feeds).
    pub fn body_html(&self, id: EntryId) -> Option<Arc<Rendered>> {
        self.bodies[id].as_ref()?;
        let page = self.site.page_of(id);
        self.page_bodies(page)
            .into_iter()
            .find_map(|(part, body)| (part == id).then_some(body))
    }

    /// The same relations, people and figures over a new graph and bodies,
    /// for edits that changed nothing they are made from (see
    /// `build::incremental`).
    pub fn with_graph(self, site: Site, bodies: Vec<Option<Arc<Rendered>>>) -> Loaded {
        Loaded {
            site,
            bodies,
            ..self
        }
    }
}

/// An entry's `summary:`, else the start of its first paragraph.
pub fn summary<'a>(site: &'a Site, bodies: &'a [Option<Arc<Rendered>>], id: EntryId) -> &'a str {
    match (&site.entry(id).meta.summary, &bodies[id]) {
        (Some(summary), _) => summary,
        (None, Some(body)) => &body.first_paragraph,
        (None, None) => "",
    }
}
