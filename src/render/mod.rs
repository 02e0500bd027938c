//! Rendering: every HTML page of the site (entries, lists, home, tags,
//! people, stats, search, 404), from the graph and the rendered bodies,
//! through the theme's templates, in parallel. The files that are not
//! pages are made in `publish`.

pub mod context;
pub mod json_ld;
pub mod languages;
pub mod lists;
pub mod pager;
pub mod people;
pub mod plural;
pub mod repository;
pub mod stats_page;
pub mod svg;
pub mod theme;
pub mod words;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::analysis::Loaded;
use crate::analysis::people::Person;
use crate::config::Layout;
use crate::content::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::Rendered;
use crate::output::{OutputFile, Source};
use crate::site::{EntryId, Site};
use crate::util::timing::phase;
use context::Views;
use languages::{Alternate, LangViews};
use lists::Listing;
use theme::Theme;

/// One page to render.
enum Job<'a> {
    Entry(EntryId),
    /// Page 2 or later of a folder page's "In this section".
    FolderPage(EntryId, usize),
    List(&'a Listing, usize),
    /// A language's home page.
    Home(&'a str),
    /// A language's tag index.
    Tags(&'a str),
    People,
    Person(&'a Person),
    Stats,
    /// A language's search page.
    Search(&'a str),
    NotFound,
}

impl Job<'_> {
    /// Whether the job is rendered after the cards are dropped (an entry's
    /// page, or a later page of a folder page, which makes its own cards).
    fn is_entry(&self) -> bool {
        matches!(self, Job::Entry(_) | Job::FolderPage(..))
    }
}

/// The theme's templates with the `site` value, and its words.
pub struct Templates {
    pub tera: tera::Tera,
    pub words: words::Words,
}

/// Which pages [`render_pages`] renders.
#[derive(Clone, Copy)]
pub enum Pages<'a> {
    /// Every page: the lists' pages from these listings, and the search
    /// page with the filters of this value (see `publish::search::page_value`).
    All(&'a [Listing], &'a BTreeMap<String, Value>),
    /// Only the pages of these entries.
    Entries(&'a HashSet<EntryId>),
}

/// Renders `pages` through the templates into `write`; returns how many.
/// Template errors are pushed to `diagnostics`.
pub fn render_pages(
    loaded: &Loaded,
    templates: &Templates,
    pages: Pages<'_>,
    write: &(dyn Fn(OutputFile) + Sync),
    page_bodies: &PageBodies<'_>,
    diagnostics: &Diagnostics,
) -> usize {
    let site = &loaded.site;
    let mut started = std::time::Instant::now();
    let no_search = BTreeMap::new();
    let list_langs = lists::list_languages(site);
    let langs = LangViews::build(site, &templates.words, list_langs);
    let (views, listings, search, jobs) = match pages {
        // Entry pages read neither cards nor lists.
        Pages::Entries(ids) => {
            let mut ids: Vec<EntryId> = ids.iter().copied().collect();
            ids.sort_unstable();
            let jobs = ids.into_iter().map(Job::Entry).collect();
            (Views::default(), &[][..], &no_search, jobs)
        }
        Pages::All(listings, search) => (
            Views::build(loaded, &templates.words),
            listings,
            search,
            every_job(loaded, listings, &langs.list_langs),
        ),
    };
    phase("cards", started);
    started = std::time::Instant::now();

    let progress = progress_bar(jobs.len());
    let no_cards = Views::default();
    let renderer = Renderer {
        loaded,
        site,
        views: &no_cards,
        tera: &templates.tera,
        words: &templates.words,
        langs: &langs,
        listings,
        search,
        page_bodies,
    };
    let run = |renderer: Renderer, jobs: &[Job]| {
        // Short runs of jobs: rayon hands a thread a run it then works
        // through alone, and at the end one thread rendered the last long
        // run while the other sat idle (1.5 s at 50,000 entries).
        jobs.par_iter().with_max_len(JOBS_PER_RUN).for_each(|job| {
            match renderer.render(job) {
                Ok(file) => write(file),
                Err(problem) => diagnostics.push(problem),
            }
            progress.inc(1);
        });
    };
    // The pages that show cards first, then the cards go before the
    // entries' pages, whose search postings grow as they are written:
    // the two are never held at once (300 MB and 200 MB at 100,000).
    let (with_cards, entries) = jobs.split_at(jobs.partition_point(|j| !j.is_entry()));
    run(renderer.with_views(&views), with_cards);
    drop(views);
    run(renderer, entries);
    progress.finish_and_clear();
    phase("pages (templates and writing)", started);
    jobs.len()
}

/// Every page of the site: each page of each list, the site's own pages,
/// people, then entries.
fn every_job<'a>(
    loaded: &'a Loaded,
    listings: &'a [Listing],
    list_langs: &'a [String],
) -> Vec<Job<'a>> {
    let site = &loaded.site;
    let mut jobs: Vec<Job> = Vec::new();
    for listing in listings {
        for number in 1..=listing.page_count(site.config.paginate) {
            jobs.push(Job::List(listing, number));
        }
    }
    jobs.extend(list_langs.iter().map(|lang| Job::Home(lang)));
    jobs.extend(list_langs.iter().map(|lang| Job::Tags(lang)));
    jobs.extend([Job::People, Job::Stats, Job::NotFound]);
    if site.config.search {
        jobs.extend(list_langs.iter().map(|lang| Job::Search(lang)));
    }
    jobs.extend(loaded.people.by_slug.values().map(Job::Person));
    // Last: see `render_pages`.
    jobs.extend(site.page_ids().map(Job::Entry));
    // The kinds whose pages show "In this section" (`page.html`,
    // `guide.html`, `event.html`: an event's schedule and venue): the
    // later pages continue it.
    let shows_children = |id| matches!(site.entry(id).kind, Kind::Page | Kind::Guide | Kind::Event);
    for id in site.page_ids().filter(|&id| shows_children(id)) {
        let count = context::folder_page_count(site, id);
        jobs.extend((2..=count).map(|number| Job::FolderPage(id, number)));
    }
    jobs
}

fn progress_bar(len: usize) -> ProgressBar {
    // indicatif draws only when stderr is a terminal: nothing when piped.
    if !crate::util::verbosity::talkative() {
        return ProgressBar::hidden();
    }
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

/// The theme's templates with the `site` value every template sees, and
/// its words for the site's languages.
pub fn templates(theme: &Theme, site: &Site) -> Templates {
    let mut tera = theme.tera.clone();
    tera.global_context().insert_value("site", site_value(site));
    let mut words = theme.words.clone();
    words.resolve(crate::content::language_tags(&site.config, &site.entries));
    Templates { tera, words }
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
        /// The default picture of link previews (absolute), or empty.
        share_image: String,
        search: bool,
        /// Where each section's list and each generated page is, as URLs
        /// (`urls.questions` is `/kb/questions/`), wherever the settings'
        /// `sections:` and `paths:` put them.
        urls: BTreeMap<&'static str, String>,
    }
    let layout = &site.config.layout;
    let urls: BTreeMap<&'static str, String> = [
        ("questions", layout.section_path("questions", "")),
        ("guides", layout.section_path("guides", "")),
        ("events", layout.section_path("events", "")),
        ("tags", layout.tags_path()),
        ("people", layout.people_path()),
        ("stats", layout.stats_path()),
        ("search", layout.search_path()),
    ]
    .into_iter()
    .map(|(key, path)| (key, site.url(&path)))
    .collect();
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
        url: urls[key].clone(),
    })
    .collect();
    let mut pages: Vec<NavLink> = site
        .page_ids()
        .filter(|&id| site.entry(id).kind == Kind::Page && !site.entry(id).url_rel.contains('/'))
        .filter(|&id| !site.in_main_menu(id))
        .map(|id| NavLink {
            key: "",
            title: site
                .entry(id)
                .meta
                .link_title
                .clone()
                .unwrap_or_else(|| site.entry(id).title.clone()),
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
        share_image: site
            .config
            .share_image
            .as_deref()
            .map(|image| site.config.share_image_url(image))
            .unwrap_or_default(),
        search: site.config.search,
        urls,
    })
}

#[derive(Clone, Copy)]
struct Renderer<'a> {
    loaded: &'a Loaded,
    site: &'a Site,
    views: &'a Views<'a>,
    tera: &'a tera::Tera,
    words: &'a words::Words,
    langs: &'a LangViews,
    listings: &'a [Listing],
    /// Each language's search page value (its filters).
    search: &'a BTreeMap<String, Value>,
    page_bodies: &'a PageBodies<'a>,
}

/// Told each entry page's bodies (its own, then its answers', with their
/// text and HTML) as the page is written: the search index takes their
/// text then.
pub type PageBodies<'a> = dyn Fn(EntryId, &[(EntryId, Arc<Rendered>)]) + Sync + 'a;

impl<'a> Renderer<'a> {
    /// The same renderer with these cards.
    fn with_views<'b>(&self, views: &'b Views<'b>) -> Renderer<'b>
    where
        'a: 'b,
    {
        Renderer { views, ..*self }
    }

    fn layout(&self) -> &Layout {
        &self.site.config.layout
    }

    fn render(&self, job: &Job) -> Result<OutputFile, Diagnostic> {
        let mut context = Context::new();
        let frame = self.frame(job, &mut context);
        let Frame {
            template,
            path,
            section,
            lang,
            alternates,
        } = frame;
        let site = self.site;
        let canonical = match job {
            Job::NotFound => String::new(),
            _ => site.config.absolute_url(&path),
        };
        context.insert("section", section);
        context.insert("here", &site.url(&path));
        context.insert("canonical", &canonical);
        let (lang_value, words) = self.langs.of(lang);
        context.insert_value("lang", lang_value);
        context.insert_value("t", words);
        context.insert("x_default", &languages::x_default(site, &alternates));
        context.insert("alternates", &alternates);
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

    /// What page `job` is (its template, path, section, language and
    /// its versions in other languages), with its own values put in
    /// `context`.
    fn frame<'j>(&'j self, job: &'j Job<'j>, context: &mut Context) -> Frame<'j> {
        let site = self.site;
        let layout = self.layout();
        let default_lang = layout.languages.default.as_str();
        match job {
            Job::Entry(id) => self.entry_frame(*id, context),
            Job::FolderPage(id, number) => {
                let entry = site.entry(*id);
                context.insert_value(
                    "folder",
                    context::folder_page_value(self.loaded, self.words, *id, *number),
                );
                Frame {
                    template: "folder.html",
                    path: context::folder_page_path(site, *id, *number),
                    section: section_of(layout, &entry.key),
                    lang: &entry.lang,
                    alternates: Vec::new(),
                }
            }
            Job::List(listing, number) => {
                let lang = listing.lang.as_str();
                let alternates = if *number == 1 {
                    self.generated_alternates(lang, &|l| {
                        languages::listing_path_in(self.listings, listing, l)
                    })
                } else {
                    Vec::new()
                };
                context.insert_value(
                    "list",
                    listing.value(self.loaded, self.views, *number, self.words),
                );
                Frame {
                    template: listing.template,
                    path: listing.page_path(*number),
                    section: listing.section,
                    lang,
                    alternates,
                }
            }
            Job::Home(lang) => {
                context.insert_value(
                    "home",
                    lists::home_value(self.loaded, self.views, self.listings, lang),
                );
                Frame {
                    template: "home.html",
                    path: site.lang_path(lang, "/"),
                    section: "home",
                    lang,
                    alternates: self.generated_alternates(lang, &|l| Some(site.lang_path(l, "/"))),
                }
            }
            Job::Tags(lang) => {
                let path_in = |l: &str| site.lang_path(l, &layout.tags_path());
                context.insert_value("tags", lists::tags_value(site, lang));
                let (intro, description) = lists::tags_intro(self.loaded, lang);
                context.insert("tags_intro", &intro);
                context.insert("tags_description", &description);
                Frame {
                    template: "tags.html",
                    path: path_in(lang),
                    section: "tags",
                    lang,
                    alternates: self.generated_alternates(lang, &|l| Some(path_in(l))),
                }
            }
            Job::People => {
                context.insert_value("people", people::index_value(site, &self.loaded.people));
                Frame::unlocalised("people.html", layout.people_path(), "people", default_lang)
            }
            Job::Person(person) => {
                context.insert_value("person", people::person_value(site, person, self.views));
                let path = layout.person_path(&person.slug);
                Frame::unlocalised("person.html", path, "people", default_lang)
            }
            Job::Stats => {
                context.insert_value("stats", stats_page::value(&self.loaded.stats));
                Frame::unlocalised("stats.html", layout.stats_path(), "stats", default_lang)
            }
            Job::Search(lang) => self.search_frame(lang, context),
            Job::NotFound => Frame::unlocalised("404.html", "/404.html".into(), "", default_lang),
        }
    }

    /// An entry's page: its value (built here and dropped once the page
    /// is rendered, so only one page's body is alive per thread), its
    /// bodies handed on to search.
    fn entry_frame(&self, id: EntryId, context: &mut Context) -> Frame<'_> {
        let site = self.site;
        let entry = site.entry(id);
        let parts = self.loaded.page_bodies(id);
        let page = context::page_value(self.loaded, self.words, id, &parts);
        context.insert_value("page", page);
        (self.page_bodies)(id, &parts);
        Frame {
            template: site.template_of(id),
            path: site.paths[id].clone(),
            section: section_of(self.layout(), &entry.key),
            lang: &entry.lang,
            alternates: languages::entry_alternates(site, self.words, id),
        }
    }

    /// A language's search page, with the indexes and words its script
    /// reads.
    fn search_frame<'j>(&'j self, lang: &'j str, context: &mut Context) -> Frame<'j> {
        let site = self.site;
        let path_in = |l: &str| site.lang_path(l, &self.layout().search_path());
        let value = self.search.get(lang).cloned();
        context.insert_value("search", value.unwrap_or_else(Value::none));
        let indexes = languages::search_indexes(site, self.words, &self.langs.list_langs);
        context.insert("indexes", &indexes);
        let indexes_json = serde_json::to_string(&indexes).unwrap_or_default();
        context.insert("indexes_json", &indexes_json);
        context.insert("words_json", &self.words.json(lang));
        context.insert("ask", &repository::ask(site));
        Frame {
            template: "search.html",
            path: path_in(lang),
            section: "search",
            lang,
            alternates: self.generated_alternates(lang, &|l| Some(path_in(l))),
        }
    }

    /// A generated page's versions in the site's other languages, where
    /// `path_in` gives it one.
    fn generated_alternates(
        &self,
        current: &str,
        path_in: &dyn Fn(&str) -> Option<String>,
    ) -> Vec<Alternate> {
        languages::generated_alternates(
            self.site,
            self.words,
            &self.langs.list_langs,
            current,
            path_in,
        )
    }
}

/// What a page is, apart from its own values: the template it renders
/// through, its site path, the navigation section it is in, its language
/// and its versions in other languages.
struct Frame<'a> {
    template: &'a str,
    path: String,
    section: &'static str,
    lang: &'a str,
    alternates: Vec<Alternate>,
}

impl<'a> Frame<'a> {
    /// A page the site has once, in its default language.
    fn unlocalised(
        template: &'a str,
        path: String,
        section: &'static str,
        lang: &'a str,
    ) -> Frame<'a> {
        Frame {
            template,
            path,
            section,
            lang,
            alternates: Vec::new(),
        }
    }
}

/// The most pages one thread renders before the others can take a share
/// of what is left.
const JOBS_PER_RUN: usize = 16;

/// The room made for a page before its template renders.
const PAGE_BUFFER_BYTES: usize = 64 * 1024;

/// The section a content path (without its language part) is in
/// (`questions`, `guides`, `events`, or nothing), for marking the
/// current one.
fn section_of(layout: &Layout, rel: &str) -> &'static str {
    rel.split_once('/')
        .and_then(|(top, _)| layout.section_named(top))
        .unwrap_or("")
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
