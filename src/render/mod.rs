//! Rendering: every output file of the site, from the graph and the
//! rendered bodies, through the theme's templates, in parallel.

pub mod calendar;
pub mod context;
pub mod feeds;
pub mod json_ld;
pub mod lists;
pub mod people;
pub mod publish;
pub mod repository;
pub mod stats_page;
pub mod theme;

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::content::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::Rendered;
use crate::output::{OutputFile, Sink, Source};
use crate::pipeline::Loaded;
use crate::site::people::Person;
use crate::site::{EntryId, Site};
use context::Views;
use lists::Listing;
use theme::{StaticFile, Theme};

/// One page to render.
enum Job<'a> {
    Entry(EntryId),
    List(&'a Listing, usize),
    Home,
    Tags,
    People,
    Person(&'a Person),
    Stats,
    Search,
    NotFound,
}

/// Which files a render writes.
#[derive(Clone, Copy)]
pub enum Scope<'a> {
    /// Every file.
    All,
    /// These entries' pages first, then the files made from every entry
    /// (feeds, calendars, sitemap, search index) and the static files; not
    /// the lists, tags, people and stats pages. For a rebuild after edits
    /// that changed no entry's URL, title, front matter, links or summary:
    /// see `pipeline::Incremental`.
    Pages(&'a HashSet<EntryId>),
    /// Only the static files (the theme's and the site's).
    Static,
}

/// Renders the files of the site that `scope` names into `sink` (pages
/// stream out as they render, in parallel). Template and write errors are
/// pushed to `diagnostics`. Returns how many pages went through templates.
///
/// `search` is the search index as last written: updated in place for
/// [`Scope::Pages`], made afresh for [`Scope::All`] (or set to `None` when
/// search is off).
pub fn render_site(
    loaded: &Loaded,
    theme: &Theme,
    site_dir: &Path,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
    scope: Scope,
    search: &mut Option<crate::search::Index>,
) -> usize {
    let report = |result: std::io::Result<()>| {
        if let Err(e) = result {
            diagnostics.push(Diagnostic::error(
                "public",
                format!("cannot write the output: {e}"),
            ));
        }
    };
    let write = |file: OutputFile| report(sink.write(file));
    let mut pages = 0;
    if !matches!(scope, Scope::Static) {
        let site = &loaded.site;
        let mut tera = theme.tera.clone();
        tera.global_context().insert_value("site", site_value(site));
        match scope {
            Scope::Pages(ids) => {
                let entries = Pages::Entries(ids);
                pages = render_pages(loaded, &tera, entries, &[], &write, diagnostics);
                let started = std::time::Instant::now();
                write_patched_files(
                    loaded,
                    ids,
                    &write,
                    &|path| report(sink.remove(path)),
                    search,
                );
                crate::pipeline::phase("feeds and search index", started);
            }
            _ => {
                // The search page lists the tags of the records; the
                // sitemap lists the list pages.
                let (records, listings) =
                    rayon::join(|| search_records(loaded), || lists::listings(site));
                let all = Pages::All(&listings);
                pages = render_pages(loaded, &tera, all, &records, &write, diagnostics);
                let started = std::time::Instant::now();
                write_site_files(loaded, &listings, &records, &write, search);
                crate::pipeline::phase("feeds, calendars, sitemap, search index", started);
            }
        }
    }
    for (path, file) in &theme.static_files {
        write(OutputFile {
            path: path.clone(),
            source: match file {
                StaticFile::Embedded(text) => Source::Bytes(text.as_bytes().to_vec()),
                StaticFile::Disk(path) => Source::Copy(path.clone()),
            },
        });
    }
    for (rel, path) in theme::files_under(&site_dir.join("static"), site_dir, diagnostics) {
        write(OutputFile {
            path: rel,
            source: Source::Copy(path),
        });
    }
    pages
}

/// Which pages [`render_pages`] renders.
#[derive(Clone, Copy)]
enum Pages<'a> {
    /// Every page, the lists' pages from these listings.
    All(&'a [Listing]),
    /// Only the pages of these entries.
    Entries(&'a HashSet<EntryId>),
}

/// Renders `pages` through the templates into `write`; returns how many.
fn render_pages(
    loaded: &Loaded,
    tera: &tera::Tera,
    pages: Pages<'_>,
    records: &[crate::search::Record],
    write: &(dyn Fn(OutputFile) + Sync),
    diagnostics: &Diagnostics,
) -> usize {
    let site = &loaded.site;
    let mut started = std::time::Instant::now();
    let (views, listings, jobs) = match pages {
        // Entry pages read neither cards nor lists.
        Pages::Entries(ids) => {
            let mut ids: Vec<EntryId> = ids.iter().copied().collect();
            ids.sort_unstable();
            let jobs = ids.into_iter().map(Job::Entry).collect();
            (Views { cards: Vec::new() }, &[][..], jobs)
        }
        Pages::All(listings) => (Views::build(loaded), listings, every_job(loaded, listings)),
    };
    crate::pipeline::phase("cards", started);
    started = std::time::Instant::now();

    let progress = progress_bar(jobs.len());
    let renderer = Renderer {
        loaded,
        site,
        bodies: &loaded.bodies,
        views: &views,
        tera,
        listings,
        records,
    };
    // Short runs of jobs: rayon hands a thread a run it then works through
    // alone, and at the end one thread rendered the last long run while
    // the other sat idle (1.5 s at 50,000 entries).
    jobs.par_iter().with_max_len(JOBS_PER_RUN).for_each(|job| {
        match renderer.render(job) {
            Ok(file) => write(file),
            Err(problem) => diagnostics.push(problem),
        }
        progress.inc(1);
    });
    progress.finish_and_clear();
    crate::pipeline::drop_in_background(views);
    crate::pipeline::phase("pages (templates and writing)", started);
    jobs.len()
}

/// Every page of the site: entries, each page of each list, the site's
/// own pages, people.
fn every_job<'a>(loaded: &'a Loaded, listings: &'a [Listing]) -> Vec<Job<'a>> {
    let site = &loaded.site;
    let mut jobs: Vec<Job> = site.page_ids().map(Job::Entry).collect();
    for listing in listings {
        for number in 1..=listing.page_count(site.config.paginate) {
            jobs.push(Job::List(listing, number));
        }
    }
    jobs.extend([Job::Home, Job::Tags, Job::People, Job::Stats, Job::NotFound]);
    if site.config.search {
        jobs.push(Job::Search);
    }
    jobs.extend(loaded.people.by_slug.values().map(Job::Person));
    jobs
}

fn search_records(loaded: &Loaded) -> Vec<crate::search::Record<'_>> {
    if loaded.site.config.search {
        let started = std::time::Instant::now();
        let records = crate::search::records(loaded);
        crate::pipeline::phase("search records", started);
        records
    } else {
        Vec::new()
    }
}

/// The files made from every entry at once: sitemap, robots.txt, alias
/// redirects, feeds, calendars, `stats.json`, the search index.
///
/// Each of these has parts that run on one thread (sorting a feed, a
/// tag's list of documents); made side by side, one's serial part
/// overlaps another's.
fn write_site_files(
    loaded: &Loaded,
    listings: &[Listing],
    records: &[crate::search::Record],
    write: &(dyn Fn(OutputFile) + Sync),
    search: &mut Option<crate::search::Index>,
) {
    let site = &loaded.site;
    let index = || {
        let started = std::time::Instant::now();
        let index = site
            .config
            .search
            .then(|| crate::search::Index::write(records, write));
        crate::pipeline::phase("search index", started);
        index
    };
    let feeds = || {
        feeds::files(site, &loaded.people, &loaded.bodies, None)
            .into_par_iter()
            .for_each(write)
    };
    let others = || {
        let mut files = publish::files(site, listings);
        files.extend(publish::alias_pages(site));
        files.extend(calendar::files(site));
        files.push(OutputFile::text("stats.json", loaded.stats.to_json()));
        files.push(OutputFile::text(
            "highlight.css",
            crate::markdown::highlight::stylesheet().to_string(),
        ));
        files.into_par_iter().for_each(write);
    };
    (*search, _) = rayon::join(index, || rayon::join(feeds, others));
}

/// The files made from every entry that show the bodies of `pages`, after
/// edits that changed only bodies (no front matter, title, link or
/// summary): the feeds holding them, and the search index. Sitemap,
/// calendars, redirects and figures do not read bodies.
fn write_patched_files(
    loaded: &Loaded,
    pages: &HashSet<EntryId>,
    write: &(dyn Fn(OutputFile) + Sync),
    remove: &dyn Fn(&str),
    search: &mut Option<crate::search::Index>,
) {
    let site = &loaded.site;
    let shown: HashSet<EntryId> = pages
        .iter()
        .flat_map(|&page| std::iter::once(page).chain(site.answers[page].iter().copied()))
        .collect();
    let started = std::time::Instant::now();
    feeds::files(site, &loaded.people, &loaded.bodies, Some(&shown))
        .into_par_iter()
        .for_each(write);
    crate::pipeline::phase("feeds", started);
    if !site.config.search {
        return;
    }
    let started = std::time::Instant::now();
    let changed = crate::search::records_of(loaded, pages);
    crate::pipeline::phase("search records", started);
    let started = std::time::Instant::now();
    if let Some(index) = search
        && index.update(&changed, write, remove)
    {
        crate::pipeline::phase("search index update", started);
        return;
    }
    // No index to update: write it whole.
    let records = crate::search::records(loaded);
    let index = crate::search::Index::write(&records, write);
    if let Some(old) = search.as_ref() {
        let made = index.chunk_paths();
        for gone in old.chunk_paths().difference(&made) {
            remove(gone);
        }
    }
    *search = Some(index);
}

fn progress_bar(len: usize) -> ProgressBar {
    // indicatif draws only when stderr is a terminal: nothing when piped.
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages {wide_bar}")
    {
        bar.set_style(style);
    }
    bar
}

#[derive(Serialize)]
struct NavLink {
    /// The section a link leads to, to mark the current one.
    key: &'static str,
    title: String,
    url: String,
}

/// The `site` value every template sees.
fn site_value(site: &Site) -> Value {
    #[derive(Serialize)]
    struct SiteView<'a> {
        title: &'a str,
        description: &'a str,
        base_url: &'a str,
        base_path: &'a str,
        language: &'a str,
        repository: &'a str,
        nav: Vec<NavLink>,
        pages: Vec<NavLink>,
        style_url: String,
        highlight_url: String,
        feed_url: String,
        search: bool,
    }
    let nav = [
        ("questions", "Questions"),
        ("guides", "Guides"),
        ("events", "Events"),
        ("tags", "Tags"),
        ("people", "People"),
        ("stats", "Stats"),
    ]
    .into_iter()
    .map(|(key, title)| NavLink {
        key,
        title: title.into(),
        url: site.url(&format!("/{key}/")),
    })
    .collect();
    let mut pages: Vec<NavLink> = site
        .page_ids()
        .filter(|&id| site.entry(id).kind == Kind::Page && !site.entry(id).rel.contains('/'))
        .map(|id| NavLink {
            key: "",
            title: site.entry(id).title.clone(),
            url: site.entry_url(id),
        })
        .collect();
    pages.sort_by_cached_key(|p| p.title.to_lowercase());
    Value::from_serializable(&SiteView {
        title: &site.config.title,
        description: &site.config.description,
        base_url: &site.config.base_url,
        base_path: site.config.base_path(),
        language: &site.config.language,
        repository: site.config.repository.as_deref().unwrap_or(""),
        nav,
        pages,
        style_url: site.url("/style.css"),
        highlight_url: site.url("/highlight.css"),
        feed_url: site.url("/feed.xml"),
        search: site.config.search,
    })
}

struct Renderer<'a> {
    loaded: &'a Loaded,
    site: &'a Site,
    bodies: &'a [Option<Arc<Rendered>>],
    views: &'a Views,
    tera: &'a tera::Tera,
    listings: &'a [Listing],
    records: &'a [crate::search::Record<'a>],
}

impl Renderer<'_> {
    fn render(&self, job: &Job) -> Result<OutputFile, Diagnostic> {
        let mut context = Context::new();
        let (template, path) = match job {
            Job::Entry(id) => {
                let entry = self.site.entry(*id);
                // Built here and dropped after rendering: only one page's
                // value (with its body) is alive per thread.
                context.insert_value("page", crate::render::context::page_value(self.loaded, *id));
                context.insert("section", section_of(&entry.rel));
                context.insert(
                    "canonical",
                    &self.site.config.absolute_url(&self.site.paths[*id]),
                );
                let template = match entry.kind {
                    Kind::Question => "question.html",
                    Kind::Guide => "guide.html",
                    Kind::Event => "event.html",
                    Kind::Page | Kind::Answer => "page.html",
                };
                (template, self.site.paths[*id].clone())
            }
            Job::List(listing, number) => {
                let path = listing.page_path(*number);
                context.insert_value(
                    "list",
                    listing.value(self.site, self.bodies, &self.views.cards, *number),
                );
                context.insert("section", listing.section);
                context.insert("canonical", &self.site.config.absolute_url(&path));
                (listing.template, path)
            }
            Job::Home => {
                context.insert_value(
                    "home",
                    lists::home_value(self.site, self.bodies, &self.views.cards, self.listings),
                );
                context.insert("section", "home");
                context.insert("canonical", &self.site.config.absolute_url("/"));
                ("home.html", "/".to_string())
            }
            Job::Tags => {
                context.insert_value("tags", lists::tags_value(self.site));
                context.insert("section", "tags");
                context.insert("canonical", &self.site.config.absolute_url("/tags/"));
                ("tags.html", "/tags/".to_string())
            }
            Job::People => {
                context.insert_value(
                    "people",
                    people::index_value(self.site, &self.loaded.people),
                );
                context.insert("section", "people");
                context.insert("canonical", &self.site.config.absolute_url("/people/"));
                ("people.html", "/people/".to_string())
            }
            Job::Person(person) => {
                let path = format!("/people/{}/", person.slug);
                context.insert_value(
                    "person",
                    people::person_value(self.site, person, &self.views.cards),
                );
                context.insert("section", "people");
                context.insert("canonical", &self.site.config.absolute_url(&path));
                ("person.html", path)
            }
            Job::Stats => {
                context.insert_value("stats", stats_page::value(&self.loaded.stats));
                context.insert("section", "stats");
                context.insert("canonical", &self.site.config.absolute_url("/stats/"));
                ("stats.html", "/stats/".to_string())
            }
            Job::Search => {
                context.insert_value("search", crate::search::page_value(self.records));
                context.insert("section", "search");
                context.insert("canonical", &self.site.config.absolute_url("/search/"));
                ("search.html", "/search/".to_string())
            }
            Job::NotFound => {
                context.insert("section", "");
                context.insert("canonical", "");
                ("404.html", "/404.html".to_string())
            }
        };
        // Most pages fit: the buffer does not grow (and copy) as they render.
        let mut html = Vec::with_capacity(PAGE_BUFFER_BYTES);
        self.tera
            .render_to(template, &context, &mut html)
            .map_err(|e| {
                Diagnostic::error(
                    format!("templates/{template}"),
                    format!("rendering {path} failed: {e}"),
                )
            })?;
        Ok(OutputFile {
            path: file_for(&path),
            source: Source::Bytes(html),
        })
    }
}

/// The most pages one thread renders before the others can take a share
/// of what is left.
const JOBS_PER_RUN: usize = 16;

/// The room made for a page before its template renders.
const PAGE_BUFFER_BYTES: usize = 64 * 1024;

/// The top-level folder of a content path, for marking the current section.
fn section_of(rel: &str) -> &str {
    match rel.split_once('/') {
        Some((top, _)) if crate::site::SECTIONS.contains(&top) => top,
        _ => "",
    }
}

/// The output file of a site path: `/guides/x/` is `guides/x/index.html`.
pub fn file_for(site_path: &str) -> String {
    let trimmed = site_path.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".into()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}
