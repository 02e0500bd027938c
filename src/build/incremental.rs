//! Rebuilds for `watch` and `serve`: the same pipeline as a build, with
//! what did not change kept from the previous rebuild, and only changed
//! files written (in place).
//!
//! - Files are parsed again only when their time stamp or size changed, or
//!   the watcher named them.
//! - A page's bodies are rendered again only when one of its files changed,
//!   or anything a body reads from the rest of the site did (any entry's
//!   URL, title or kind, the settings).
//! - When the changed entries kept their front matter, title, links and
//!   summary, nothing shown on other pages changed: only their own pages
//!   are rendered (first, so they reach the disk soonest), then feeds,
//!   calendars, sitemap and the search index, which are made from every
//!   entry at once and written only where their bytes changed. Relations,
//!   people and figures are kept.
//! - Otherwise every page is rendered (without re-parsing or re-rendering
//!   bodies that did not change), files whose bytes are unchanged are not
//!   written, and files no longer made are removed.
//! - A template change renders every page; a static file change copies
//!   the static files; a settings change starts afresh.
//!
//! The result is byte-identical to a clean build (tests/watch.rs checks
//! it after sequences of edits).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::assets;
use super::write::{Scope, write_site};
use super::{BuildOptions, load_config, unsafe_output};
use crate::analysis::Loaded;
use crate::content::{self, EntryCache};
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::markdown::Make;
use crate::markdown::Rendered;
use crate::markdown::bodies::{BodyCache, render_bodies, render_page_bodies};
use crate::markdown::ids::ThemeIds;
use crate::output::{self, InPlace, Made};
use crate::render::theme::Theme;
use crate::site::{EntryId, Site};

/// What changed since the last rebuild, as the watcher saw it.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    pub config: bool,
    pub content: bool,
    pub theme: bool,
    pub static_files: bool,
    /// The changed files, so they are read again whatever their time
    /// stamps say.
    pub paths: Vec<PathBuf>,
}

impl Changes {
    /// Everything: the first build.
    pub fn everything() -> Changes {
        Changes {
            config: true,
            content: true,
            theme: true,
            static_files: true,
            paths: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        !(self.config || self.content || self.theme || self.static_files)
    }
}

/// What a rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// Pages rendered through the templates.
    pub pages: usize,
    /// Files written (their bytes changed).
    pub written: usize,
    /// Files removed (no longer made).
    pub removed: usize,
    pub elapsed: Duration,
    /// When the first changed page was on disk, for an edit that touched
    /// only some pages.
    pub first_page: Option<Duration>,
}

/// The state `watch` keeps between rebuilds.
pub struct Incremental {
    options: BuildOptions,
    /// Fixed when watching starts (or by `SOURCE_DATE_EPOCH`), so that
    /// "upcoming" means the same in every rebuild; restart to move it.
    build_time: jiff::Timestamp,
    entries: EntryCache,
    bodies: BodyCache,
    theme: Option<Theme>,
    previous: Option<Previous>,
    /// The search index as last written, updated in place by edits.
    search: Option<crate::publish::search::Indexes>,
    sink: InPlace,
}

struct Previous {
    loaded: Loaded,
    /// What building the relations reported, to report again when they are
    /// kept.
    relation_problems: Vec<Diagnostic>,
    /// What its bodies were rendered against (see `markdown::bodies::BodyCache`).
    link_table: u64,
}

impl Incremental {
    /// Takes over the output folder of `options`.
    pub fn new(options: BuildOptions) -> Result<Incremental, Diagnostic> {
        let out = options.out_dir();
        if let Some(problem) = unsafe_output(&options.site_dir, &out) {
            return Err(problem);
        }
        let sink = InPlace::new(&out).map_err(|e| {
            Diagnostic::error(
                out.to_string_lossy(),
                format!("cannot write the output: {e}"),
            )
        })?;
        Ok(Incremental {
            options,
            build_time: content::dates::build_time(),
            entries: EntryCache::default(),
            bodies: BodyCache::default(),
            theme: None,
            previous: None,
            search: None,
            sink,
        })
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Rebuilds after `changes`. `None` when there were errors (in
    /// `diagnostics`); the output then keeps the last good build, apart
    /// from pages of this rebuild that rendered before a template failed.
    pub fn rebuild(&mut self, changes: &Changes, diagnostics: &Diagnostics) -> Option<Rebuilt> {
        let started = Instant::now();
        self.sink.begin();
        // Pages show local images' sizes and check that they exist: when
        // the files under static/ changed as images see them, everything
        // is made again, as for a settings change.
        let widened;
        let changes = match &self.previous {
            Some(previous)
                if changes.static_files
                    && previous.loaded.site.static_files
                        != assets::static_files(&self.options.site_dir, self.theme.as_ref()) =>
            {
                widened = Changes {
                    config: true,
                    ..changes.clone()
                };
                &widened
            }
            _ => changes,
        };
        self.forget(changes);
        if let Some(outcome) = self.copy_static_files(changes, started, diagnostics) {
            return outcome;
        }
        if let Some(outcome) = self.patch(changes, started, diagnostics) {
            return outcome;
        }
        let reloaded = self.reload(changes, diagnostics)?;
        self.write_reloaded(reloaded, started, diagnostics)
    }

    /// Drops what `changes` made stale: everything for a settings change,
    /// the theme for a template change, the changed files' parses.
    fn forget(&mut self, changes: &Changes) {
        if changes.config {
            self.entries = EntryCache::default();
            self.bodies = BodyCache::default();
            self.previous = None;
        }
        if changes.theme || changes.config {
            self.theme = None;
        }
        for path in &changes.paths {
            self.entries.forget(path);
        }
    }

    /// When only static files changed: copies them. `None` when more
    /// changed (or nothing was built yet).
    fn copy_static_files(
        &mut self,
        changes: &Changes,
        started: Instant,
        diagnostics: &Diagnostics,
    ) -> Option<Option<Rebuilt>> {
        if changes.config || changes.content || changes.theme {
            return None;
        }
        let (Some(previous), Some(theme)) = (&self.previous, &self.theme) else {
            return None;
        };
        write_site(
            &previous.loaded,
            theme,
            &self.options.site_dir,
            &self.sink,
            diagnostics,
            Scope::Static,
            &mut None,
        );
        Some(self.finish(Made::Static, 0, started, None, diagnostics))
    }

    /// Loads the site again (from cached parses and bodies where nothing
    /// changed) and decides what to write: only the touched pages when
    /// other pages see no change, else everything. `None` on errors.
    fn reload(&mut self, changes: &Changes, diagnostics: &Diagnostics) -> Option<Reloaded> {
        let site_dir = &self.options.site_dir;
        let config = load_config(&self.options, diagnostics);
        let entries = content::load_cached(
            site_dir,
            &config,
            self.options.drafts,
            diagnostics,
            Some(&self.entries),
        );
        if self.theme.is_none() {
            self.theme = Some(Theme::load(site_dir, &config, diagnostics)?);
        }
        let theme = self.theme.as_ref()?;
        let callout_titles = theme.callout_titles(&config, &entries);
        let mut site = Site::build(config, entries, self.build_time, diagnostics);
        site.callout_titles = callout_titles;
        // The site's images are read again only when static files or the
        // theme changed (or everything is made again): not per content edit.
        site.static_files = match &self.previous {
            Some(previous) if !changes.static_files && !changes.theme => {
                previous.loaded.site.static_files.clone()
            }
            _ => assets::static_files(site_dir, Some(theme)),
        };
        let (bodies, _) = render_bodies(
            &site,
            &theme.ids,
            diagnostics,
            Make::Highlighted,
            Some(&mut self.bodies),
        );
        if diagnostics.has_errors() {
            return None;
        }
        let link_table = self.bodies.link_table();
        let touched = match &self.previous {
            Some(previous) if previous.link_table == link_table && !changes.theme => {
                only_pages_touched(&previous.loaded, &site, &bodies)
            }
            _ => None,
        };
        // Relations, people and figures are kept when only pages changed.
        let (loaded, relation_problems) = match (touched.is_some(), self.previous.take()) {
            (true, Some(previous)) => (
                previous.loaded.with_graph(site, bodies),
                previous.relation_problems,
            ),
            _ => {
                let local = Diagnostics::default();
                let loaded = Loaded::analyse(site, bodies, &theme.ids, &local);
                (loaded, local.sorted())
            }
        };
        diagnostics.extend(relation_problems.iter().cloned());
        if diagnostics.has_errors() {
            return None;
        }
        Some(Reloaded {
            previous: Previous {
                loaded,
                relation_problems,
                link_table,
            },
            touched,
        })
    }

    /// Writes a reloaded site: the touched pages first, or every file.
    fn write_reloaded(
        &mut self,
        reloaded: Reloaded,
        started: Instant,
        diagnostics: &Diagnostics,
    ) -> Option<Rebuilt> {
        let Reloaded { previous, touched } = reloaded;
        let theme = self.theme.as_ref()?;
        let (scope, made) = match &touched {
            Some(pages) => (Scope::Pages(pages), Made::Some),
            None => (Scope::All, Made::All),
        };
        let sink = FirstWrite::new(&self.sink, started);
        let pages = write_site(
            &previous.loaded,
            theme,
            &self.options.site_dir,
            &sink,
            diagnostics,
            scope,
            &mut self.search,
        );
        let first_page = sink.first();
        if diagnostics.has_errors() {
            return None;
        }
        self.previous = Some(previous);
        let first = touched.as_ref().and(first_page);
        self.finish(made, pages, started, first, diagnostics)
    }

    /// The quickest rebuild, for edits to existing entries that changed
    /// nothing other pages show (see [`others_see_no_change`]). They are
    /// patched into the previous build in place, their pages written first,
    /// then the files made from every entry that show them. `None` when the
    /// edit needs more; the previous build is then as it was.
    fn patch(
        &mut self,
        changes: &Changes,
        started: Instant,
        diagnostics: &Diagnostics,
    ) -> Option<Option<Rebuilt>> {
        if changes.config || changes.theme || changes.static_files || changes.paths.is_empty() {
            return None;
        }
        let theme = self.theme.as_ref()?;
        let previous = self.previous.as_mut()?;
        let parsed = parse_changed(
            &previous.loaded.site,
            &self.options.site_dir,
            &changes.paths,
        )?;
        let site = &mut previous.loaded.site;
        let replaced: HashMap<EntryId, content::Entry> = parsed
            .into_iter()
            .map(|(id, entry)| (id, std::mem::replace(&mut site.entries[id], entry)))
            .collect();
        let pages: HashSet<EntryId> = replaced.keys().map(|&id| site.page_of(id)).collect();
        let Some(rendered) = render_patched(
            &previous.loaded,
            &theme.ids,
            &self.bodies,
            &replaced,
            &pages,
        ) else {
            for (id, old) in replaced {
                previous.loaded.site.entries[id] = old;
            }
            return None;
        };
        let site = &previous.loaded.site;
        for (page, parts, ids) in rendered {
            let sources = parts
                .iter()
                .map(|(id, _)| site.entry(*id).source.clone())
                .collect();
            for (id, body) in &parts {
                previous.loaded.bodies[*id] = Some(body.clone());
            }
            let bodies = parts.into_iter().map(|(_, body)| body).collect();
            self.bodies
                .replace(&site.entry(page).rel, sources, bodies, ids);
        }
        diagnostics.extend(previous.relation_problems.iter().cloned());
        let sink = FirstWrite::new(&self.sink, started);
        let rendered_pages = write_site(
            &previous.loaded,
            theme,
            &self.options.site_dir,
            &sink,
            diagnostics,
            Scope::Pages(&pages),
            &mut self.search,
        );
        let first = sink.first();
        if diagnostics.has_errors() {
            // A template failed: start afresh next time.
            self.previous = None;
            return Some(None);
        }
        Some(self.finish(Made::Some, rendered_pages, started, first, diagnostics))
    }

    fn finish(
        &mut self,
        made: Made,
        pages: usize,
        started: Instant,
        first_page: Option<Duration>,
        diagnostics: &Diagnostics,
    ) -> Option<Rebuilt> {
        if diagnostics.has_errors() {
            return None;
        }
        match self.sink.finish(made) {
            Ok((written, removed)) => Some(Rebuilt {
                pages,
                written,
                removed,
                elapsed: started.elapsed(),
                first_page,
            }),
            Err(e) => {
                diagnostics.push(Diagnostic::error(
                    self.options.out_dir().to_string_lossy(),
                    format!("cannot write the output: {e}"),
                ));
                None
            }
        }
    }
}

/// A reloaded site, and the pages to write when only they changed.
struct Reloaded {
    previous: Previous,
    touched: Option<HashSet<EntryId>>,
}

/// A page's bodies rendered again: the page, its bodies, its ids.
type PageBodies = (EntryId, Vec<(EntryId, Arc<Rendered>)>, HashSet<String>);

/// The changed files, parsed, when every one is an entry of `site` that
/// parses cleanly; `None` otherwise.
fn parse_changed(
    site: &Site,
    site_dir: &std::path::Path,
    paths: &[PathBuf],
) -> Option<Vec<(EntryId, content::Entry)>> {
    let site_dir = std::path::absolute(site_dir).unwrap_or(site_dir.to_path_buf());
    let content_dir = site_dir.join("content");
    paths
        .iter()
        .map(|path| {
            let rel = display_path(&content_dir, path);
            let id = site.id_of(&rel)?;
            let bytes = std::fs::read(path).ok()?;
            let layout = &site.config.layout;
            match content::parse_entry(display_path(&site_dir, path), rel, bytes, layout) {
                (Some(entry), problems) if problems.is_empty() => Some((id, entry)),
                _ => None,
            }
        })
        .collect()
}

/// The bodies of `pages` again, with the `replaced` entries (by id, their
/// previous versions) already in `loaded`'s site. `None` unless other
/// pages see no change and, since other pages' anchor checks are not run
/// again, each page keeps its ids, has no errors and finds every
/// `#anchor`.
fn render_patched(
    loaded: &Loaded,
    theme_ids: &ThemeIds,
    cache: &BodyCache,
    replaced: &HashMap<EntryId, content::Entry>,
    pages: &HashSet<EntryId>,
) -> Option<Vec<PageBodies>> {
    let site = &loaded.site;
    let mut rendered = Vec::new();
    for &page in pages {
        let (parts, ids) = render_page_bodies(site, theme_ids, page, Make::Highlighted);
        let ids_of = |target: EntryId| {
            if target == page {
                Some(&ids)
            } else {
                cache.ids(&site.entry(target).rel)
            }
        };
        let same = cache.ids(&site.entry(page).rel) == Some(&ids)
            && parts.iter().all(|(id, body)| {
                let before = replaced.get(id).unwrap_or(&site.entries[*id]);
                let was = loaded.bodies[*id].as_deref();
                others_see_no_change(site, *id, (before, was), (site.entry(*id), Some(body)))
                    && body.problems.iter().all(|p| !p.is_error())
                    && body
                        .anchor_checks
                        .iter()
                        .all(|c| ids_of(c.page).is_some_and(|ids| ids.contains(&c.id)))
            });
        if !same {
            return None;
        }
        rendered.push((page, parts, ids));
    }
    Some(rendered)
}

/// The pages to render when the changed entries kept everything other
/// pages show of them (see [`others_see_no_change`]), or `None` when more
/// changed. Only called when no entry's URL, title or kind changed, so
/// entries have the same ids as before.
fn only_pages_touched(
    previous: &Loaded,
    site: &Site,
    bodies: &[Option<Arc<Rendered>>],
) -> Option<HashSet<EntryId>> {
    let old = &previous.site;
    if old.entries.len() != site.entries.len() {
        return None;
    }
    let mut pages = HashSet::new();
    for (id, entry) in site.ids().zip(&site.entries) {
        let before = &old.entries[id];
        if Arc::ptr_eq(&before.source, &entry.source) || before.source == entry.source {
            continue;
        }
        let was = previous.bodies[id].as_deref();
        if !others_see_no_change(site, id, (before, was), (entry, bodies[id].as_deref())) {
            return None;
        }
        pages.insert(site.page_of(id));
    }
    Some(pages)
}

/// Whether an edit of entry `id` left everything other pages show of it as
/// it was: its path, kind, title, front matter, and its body's links,
/// summary and whether it has a diagram (the site's Mermaid file is made
/// for diagrams); and the entry is not a section's intro (shown on its
/// list).
/// The one rule of both quick rebuilds (`patch` and the pages-only render).
fn others_see_no_change(
    site: &Site,
    id: EntryId,
    (before, was): (&content::Entry, Option<&Rendered>),
    (after, is): (&content::Entry, Option<&Rendered>),
) -> bool {
    !site.is_intro(id)
        && before.rel == after.rel
        && before.kind == after.kind
        && before.title == after.title
        && before.title_from_heading == after.title_from_heading
        && before.meta == after.meta
        && was.map(|b| (&b.links_to, &b.first_paragraph, b.diagram))
            == is.map(|b| (&b.links_to, &b.first_paragraph, b.diagram))
}

/// Notes when the first file reached the disk.
struct FirstWrite<'a> {
    inner: &'a InPlace,
    at: std::sync::OnceLock<Duration>,
    started: Instant,
}

impl<'a> FirstWrite<'a> {
    fn new(inner: &'a InPlace, started: Instant) -> FirstWrite<'a> {
        FirstWrite {
            inner,
            at: std::sync::OnceLock::new(),
            started,
        }
    }

    /// When, after the rebuild started, the first file was written.
    fn first(&self) -> Option<Duration> {
        self.at.get().copied()
    }
}

impl output::Sink for FirstWrite<'_> {
    fn write(&self, file: &output::OutputFile) -> std::io::Result<()> {
        self.inner.write(file)?;
        let _ = self.at.set(self.started.elapsed());
        Ok(())
    }

    fn remove(&self, path: &str) -> std::io::Result<()> {
        self.inner.remove(path)
    }

    fn place(&self, path: &str) -> String {
        self.inner.place(path)
    }
}
