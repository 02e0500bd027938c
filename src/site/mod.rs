//! The site graph, built whole before anything renders (the Zola lesson):
//! every entry's URL, lookups by path and slug, questions with their answers
//! in display order, and tags. Rendering only looks things up here.

pub mod folders;
pub mod links;
mod menu;
mod paths;
pub mod queries;
mod sources;
mod tags;
pub mod translations;

pub use paths::{alias_path, generated_page_at};
use paths::{apply_slug, permalink_not_kept, permalink_path};

use std::cmp::Reverse;
use std::collections::btree_map::Entry as Slot;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use jiff::Timestamp;

use crate::config::Config;
use crate::content::{Entry, Kind, slugify};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// An entry: its place in [`Site::entries`], which is sorted by path, so
/// ids (and everything ordered by them) are the same on every build. Lists
/// kept per entry (`Vec<T>` of the site's length) are indexed by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId(usize);

impl EntryId {
    /// The id of the entry at `index` in [`Site::entries`].
    pub fn new(index: usize) -> EntryId {
        EntryId(index)
    }

    pub fn index(self) -> usize {
        self.0
    }
}

impl<T> std::ops::Index<EntryId> for [T] {
    type Output = T;
    fn index(&self, id: EntryId) -> &T {
        &self[id.0]
    }
}

impl<T> std::ops::IndexMut<EntryId> for [T] {
    fn index_mut(&mut self, id: EntryId) -> &mut T {
        &mut self[id.0]
    }
}

impl<T> std::ops::Index<EntryId> for Vec<T> {
    type Output = T;
    fn index(&self, id: EntryId) -> &T {
        &self[id.0]
    }
}

impl<T> std::ops::IndexMut<EntryId> for Vec<T> {
    fn index_mut(&mut self, id: EntryId) -> &mut T {
        &mut self[id.0]
    }
}

/// Whether a question has answers, and an accepted one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Unanswered,
    Answered,
    Accepted,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unanswered => "unanswered",
            Status::Answered => "answered",
            Status::Accepted => "accepted",
        }
    }
}

/// A tag and the entries (not answers) that carry it.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub entries: Vec<EntryId>,
}

/// Everything known about the site before rendering.
pub struct Site {
    pub config: Config,
    pub entries: Vec<Entry>,
    /// Site path of each entry (`/guides/x/`); an answer has its question's
    /// path plus `#answer-<name>`.
    pub paths: Vec<String>,
    /// For each question, its answers in display order.
    pub answers: Vec<Vec<EntryId>>,
    /// For each answer, its question.
    pub question_of: Vec<Option<EntryId>>,
    /// Intros by language (the site's spelling of a listed tag) and
    /// section (`""` is the home page, `"tags"` the list of tags).
    pub intros: BTreeMap<(String, &'static str), EntryId>,
    /// Tags' descriptions (`tags/<slug>.md`, `tags/<slug>/index.md`) by
    /// language and tag slug: intros of the tags' pages.
    pub tag_intros: BTreeMap<(String, String), EntryId>,
    /// Whether each entry is an intro (of either map): no page of its own.
    intro: Vec<bool>,
    /// Whether the site lists other languages or has entries in one: then
    /// links to entries say their language (`lang`).
    pub multilingual: bool,
    /// For each page, its translations: the pages of its other languages
    /// (see [`translations`]), in the settings' language order.
    pub translations: Vec<Vec<EntryId>>,
    /// Tags by slug, sorted.
    pub tags: BTreeMap<String, Tag>,
    /// `SOURCE_DATE_EPOCH` or now: decides upcoming and past.
    pub build_time: Timestamp,
    /// Old site paths that redirect to an entry (`aliases:`), sorted.
    pub aliases: Vec<(String, EntryId)>,
    /// For each folder page, the pages in its folder (see [`folders`]).
    pub children: Vec<Vec<EntryId>>,
    /// For each page, the folder page above it (see [`folders`]).
    pub parent: Vec<Option<EntryId>>,
    /// The files the output gets besides pages (`static/`, the theme's),
    /// for images: set by the build once it read them.
    pub static_files: StaticFiles,
    /// What the theme calls each kind of callout in each language: set by
    /// the build from the theme's words before the bodies are rendered.
    pub callout_titles: CalloutTitles,
    by_rel: HashMap<String, EntryId>,
    by_slug: HashMap<String, Vec<EntryId>>,
    /// Set when the entries' texts were let go ([`Site::release_sources`]).
    released: Option<Arc<sources::Released>>,
}

/// The title a callout without one of its own takes (`> [!TIP]`), by
/// language and kind (`note`, `tip`, `important`, `warning`, `caution`):
/// the theme's words, so a French page says "Astuce". Empty (English
/// kinds) until the build sets it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct CalloutTitles(BTreeMap<(String, String), String>);

impl CalloutTitles {
    /// From `(language, kind, title)` triples.
    pub fn new(titles: impl IntoIterator<Item = (String, String, String)>) -> CalloutTitles {
        CalloutTitles(
            titles
                .into_iter()
                .map(|(lang, kind, title)| ((lang.to_ascii_lowercase(), kind), title))
                .collect(),
        )
    }

    pub fn get(&self, lang: &str, kind: &str) -> Option<&str> {
        self.0
            .get(&(lang.to_ascii_lowercase(), kind.to_string()))
            .map(String::as_str)
    }
}

/// The site paths of the images copied into the output (`/images/a.png`,
/// by extension), and the pixel size of those that are raster images.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaticFiles {
    pub paths: HashSet<String>,
    pub sizes: HashMap<String, (u32, u32)>,
}

impl StaticFiles {
    /// Raster images, whose size can be read from their header.
    pub const RASTER: &[&str] = &[
        "png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico", "tif", "tiff",
    ];

    /// Whether a path names an image (by its extension).
    pub fn is_image(path: &str) -> bool {
        let extension = path
            .rsplit_once('.')
            .map_or("", |(_, e)| e)
            .to_ascii_lowercase();
        extension == "svg" || Self::RASTER.contains(&extension.as_str())
    }
}

impl Site {
    /// Builds the graph; problems that concern several files (two files on
    /// one URL, answers without a question, two accepted answers) are pushed
    /// to `diagnostics`.
    pub fn build(
        config: Config,
        entries: Vec<Entry>,
        build_time: Timestamp,
        diagnostics: &Diagnostics,
    ) -> Site {
        let n = entries.len();
        let mut site = Site {
            config,
            paths: vec![String::new(); n],
            answers: vec![Vec::new(); n],
            question_of: vec![None; n],
            intros: BTreeMap::new(),
            tag_intros: BTreeMap::new(),
            intro: vec![false; n],
            translations: vec![Vec::new(); n],
            multilingual: false,
            tags: BTreeMap::new(),
            build_time,
            aliases: Vec::new(),
            children: Vec::new(),
            parent: Vec::new(),
            static_files: StaticFiles::default(),
            callout_titles: CalloutTitles::default(),
            by_rel: HashMap::with_capacity(n),
            by_slug: HashMap::with_capacity(n),
            released: None,
            entries,
        };
        for (id, entry) in site.ids().zip(&site.entries) {
            site.by_rel.insert(entry.rel.clone(), id);
        }
        site.place_intros();
        site.place_intro_paths();
        site.assign_paths(diagnostics);
        site.group_answers(diagnostics);
        site.collect_tags();
        site.check_tag_intros(diagnostics);
        site.collect_aliases(diagnostics);
        site.link_translations(diagnostics);
        let languages = &site.config.layout.languages;
        site.multilingual = languages.is_multilingual()
            || site.entries.iter().any(|e| !languages.is_default(&e.lang));
        let folders = folders::folders(&site);
        site.children = folders.children;
        site.parent = folders.parent;
        site
    }

    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id]
    }

    /// The entry at `rel` (its path under `content/`).
    pub fn id_of(&self, rel: &str) -> Option<EntryId> {
        self.by_rel.get(rel).copied()
    }

    /// Every entry's id, in path order.
    pub fn ids(&self) -> impl Iterator<Item = EntryId> + use<> {
        (0..self.entries.len()).map(EntryId)
    }

    /// Entries that get a page of their own (not answers, not intros).
    pub fn page_ids(&self) -> impl Iterator<Item = EntryId> + '_ {
        self.ids().filter(|&id| self.has_page(id))
    }

    pub fn has_page(&self, id: EntryId) -> bool {
        self.entries[id].kind != Kind::Answer && !self.is_intro(id)
    }

    pub fn is_intro(&self, id: EntryId) -> bool {
        self.intro[id.0]
    }

    /// The theme's template entry `id`'s page is rendered with: a
    /// section's intro heads its list (the site's own intro, the home
    /// page), any other entry has a page of its kind's template (an answer
    /// is shown on its question's page; one whose question is missing
    /// gets a page of its own).
    pub fn template_of(&self, id: EntryId) -> &'static str {
        if !self.is_intro(id) {
            return match self.entries[id].kind {
                Kind::Question => "question.html",
                Kind::Guide => "guide.html",
                Kind::Event => "event.html",
                Kind::Page | Kind::Answer => "page.html",
            };
        }
        match self.intros.iter().find(|(_, i)| **i == id) {
            Some(((_, ""), _)) => "home.html",
            Some(((_, "tags"), _)) => "tags.html",
            Some(_) => "list.html",
            None => "tag.html",
        }
    }

    pub fn ids_of(&self, kind: Kind) -> impl Iterator<Item = EntryId> + '_ {
        self.ids()
            .filter(move |&id| self.entries[id].kind == kind && !self.is_intro(id))
    }

    /// A site path as a URL under `base_url`'s path (`/kb/guides/x/`).
    pub fn url(&self, site_path: &str) -> String {
        let base = self.config.base_path();
        format!("{base}{}", site_path.trim_start_matches('/'))
    }

    pub fn entry_url(&self, id: EntryId) -> String {
        self.url(&self.paths[id])
    }

    /// `events/x.ics` for the event at `/events/x/`: its calendar file.
    pub fn ics_path(&self, id: EntryId) -> String {
        format!("{}.ics", self.paths[id].trim_matches('/'))
    }

    pub fn status(&self, question: EntryId) -> Status {
        let answers = &self.answers[question];
        if answers.is_empty() {
            Status::Unanswered
        } else if answers.iter().any(|&a| self.entries[a].meta.accepted) {
            Status::Accepted
        } else {
            Status::Answered
        }
    }

    /// The page entry `id` is shown on: its own, or for an answer its
    /// question's.
    pub fn page_of(&self, id: EntryId) -> EntryId {
        self.question_of[id].unwrap_or(id)
    }

    /// How lists and feeds name an entry: its title, or for an answer
    /// "Answer by Bo to “How do I …?”".
    pub fn entry_title(&self, id: EntryId) -> String {
        let entry = &self.entries[id];
        match self.question_of[id] {
            Some(q) => format!(
                "Answer by {} to “{}”",
                entry.meta.authors.join(", "),
                self.entries[q].title
            ),
            None => entry.title.clone(),
        }
    }

    /// The anchor of an answer on its question's page: `answer-<name>`.
    pub fn answer_anchor(&self, answer: EntryId) -> String {
        format!("answer-{}", slugify(self.entries[answer].stem()))
    }

    /// When an entry happened, for sorting lists: `date`, an event's
    /// `start`, else nothing.
    pub fn timestamp(&self, id: EntryId) -> Option<Timestamp> {
        let meta = &self.entries[id].meta;
        let zone = meta.zone();
        meta.start.or(meta.date).map(|w| w.timestamp(zone.as_ref()))
    }

    /// Whether an event is still to come (or under way) at build time.
    pub fn is_upcoming(&self, id: EntryId) -> bool {
        let meta = &self.entries[id].meta;
        let zone = meta.zone();
        let Some(start) = meta.start else {
            return false;
        };
        let end = match meta.end {
            Some(end) if end.is_date_only() => {
                end.to_zoned(zone.as_ref()).timestamp() + jiff::SignedDuration::from_hours(24)
            }
            Some(end) => end.timestamp(zone.as_ref()),
            None if start.is_date_only() => {
                start.timestamp(zone.as_ref()) + jiff::SignedDuration::from_hours(24)
            }
            None => start.timestamp(zone.as_ref()),
        };
        end >= self.build_time
    }

    fn place_intros(&mut self) {
        let tags = self.config.layout.tags.clone();
        for (id, entry) in self.ids().zip(&self.entries) {
            if entry.kind != Kind::Page {
                continue;
            }
            let lang = self.list_lang_of(entry).to_string();
            let folder = entry.key.rsplit_once('/').map_or("", |(folder, _)| folder);
            if entry.is_index() {
                // A section's `index.md` is an intro shown above the list
                // guildhall makes, not a page of its own;
                // `ja/guides/_index.md` is the Japanese one.
                let section = if folder.is_empty() {
                    Some("")
                } else if folder == tags {
                    Some("tags")
                } else {
                    self.config.layout.section_named(folder)
                };
                if let Some(section) = section {
                    // `index.md` wins over `README.md` (sorted first); the
                    // other is a page on the list's path, an error.
                    if let Slot::Vacant(place) = self.intros.entry((lang, section)) {
                        place.insert(id);
                        self.intro[id.0] = true;
                    }
                    continue;
                }
            }
            // A tag's description: `tags/<slug>.md` or `tags/<slug>/index.md`
            // (Hugo's `tags/<slug>/_index.md`), or a `slug:` of its own.
            let described = if entry.is_index() {
                folder
                    .rsplit_once('/')
                    .filter(|(parent, _)| *parent == tags)
                    .map(|(_, tag)| tag)
            } else {
                (folder == tags).then(|| entry.stem())
            };
            if let Some(tag) = described {
                let slug = entry.meta.slug.clone().unwrap_or_else(|| slugify(tag));
                // A second description of one tag is a page on the tag's
                // path: an error naming it.
                if let Slot::Vacant(place) = self.tag_intros.entry((lang, slug)) {
                    place.insert(id);
                    self.intro[id.0] = true;
                }
            }
        }
    }

    /// The language whose home and lists show `id`: its own when the
    /// site lists it, else the default.
    pub fn list_lang(&self, id: EntryId) -> &str {
        self.list_lang_of(&self.entries[id])
    }

    fn list_lang_of<'a>(&'a self, entry: &'a Entry) -> &'a str {
        let languages = &self.config.layout.languages;
        languages.listed(&entry.lang).unwrap_or(&languages.default)
    }

    /// The path prefix of a listed language's pages: `""` for the
    /// default, `/ja` for Japanese.
    pub fn lang_prefix(&self, lang: &str) -> String {
        if self.config.layout.languages.is_default(lang) {
            String::new()
        } else {
            format!("/{}", crate::config::languages::url_segment(lang))
        }
    }

    /// A site path in `lang`'s part of the site: `/ja/tags/` for
    /// `/tags/` in Japanese, `/tags/` itself in the default language.
    pub fn lang_path(&self, lang: &str, path: &str) -> String {
        format!("{}{path}", self.lang_prefix(lang))
    }

    /// The intro of `section` (`""`: the home page) in `lang`.
    pub fn intro(&self, lang: &str, section: &str) -> Option<EntryId> {
        self.intros
            .iter()
            .find(|((l, s), _)| l == lang && *s == section)
            .map(|(_, &id)| id)
    }

    /// Each intro's path: that of the list it heads (the home page, a
    /// section's list, the list of tags or a tag's page), in its language.
    fn place_intro_paths(&mut self) {
        let layout = &self.config.layout;
        let sections = self.intros.iter().map(|((lang, section), &id)| {
            let path = match *section {
                "" => "/".to_string(),
                "tags" => layout.tags_path(),
                section => format!("/{}/", layout.folder_of(section)),
            };
            (id, lang, path)
        });
        let tags = self
            .tag_intros
            .iter()
            .map(|((lang, slug), &id)| (id, lang, layout.tag_path(slug)));
        let placed: Vec<(EntryId, String)> = sections
            .chain(tags)
            .map(|(id, lang, path)| (id, format!("{}{path}", self.lang_prefix(lang))))
            .collect();
        for (id, path) in placed {
            self.paths[id] = path;
        }
    }

    /// Every entry's path from its place under `content/`, `slug:` replacing
    /// the last segment, or its `url:`/`permalink:` when that is a pretty
    /// URL path; two entries on one path, or an entry on a generated
    /// page's path, is an error naming both.
    fn assign_paths(&mut self, diagnostics: &Diagnostics) {
        let mut taken: HashMap<String, EntryId> = HashMap::with_capacity(self.entries.len());
        // Permalinks that cannot be a page's path redirect to it instead.
        let mut redirects: Vec<(EntryId, String)> = Vec::new();
        for id in self.ids() {
            let entry = &self.entries[id];
            if self.is_intro(id) {
                continue;
            }
            if entry.kind == Kind::Answer {
                continue;
            }
            let mut segments: Vec<String> = entry.url_rel.split('/').map(slugify).collect();
            if entry.is_index() {
                segments.pop();
            } else if let Some(last) = segments.last_mut() {
                *last = slugify(entry.stem());
            }
            if let Some(slug) = &entry.meta.slug {
                // The language's folder, when the path has one.
                let lead = entry
                    .url_rel
                    .split('/')
                    .count()
                    .saturating_sub(entry.key.split('/').count());
                apply_slug(&mut segments, slug, lead);
            }
            let mut path = if segments.is_empty() {
                "/".to_string()
            } else {
                format!("/{}/", segments.join("/"))
            };
            if let Some(permalink) = &entry.meta.permalink {
                match permalink_path(permalink) {
                    Ok(fits) => path = fits,
                    Err(redirect) => {
                        diagnostics.push(permalink_not_kept(entry, permalink, &path, &redirect));
                        redirects.extend(redirect.map(|_| (id, permalink.clone())));
                    }
                }
            }
            if let Some(generated) = generated_page_at(&self.config.layout, &path) {
                diagnostics.push(
                    entry
                        .problem_at_key(
                            true,
                            "slug",
                            format!(
                                "`{}` would replace the generated {generated} at {path}",
                                entry.file
                            ),
                        )
                        .with_help(
                            "choose another file name or `slug:`; the page that opens a section's list is its folder's `index.md` (or `_index.md`), shown above the list",
                        ),
                );
            } else if let Some(&other) = taken.get(&path) {
                diagnostics.push(
                    entry
                        .problem_at_key(
                            true,
                            "slug",
                            format!(
                                "`{}` and `{}` both become {path}",
                                self.entries[other].file, entry.file
                            ),
                        )
                        .with_help("rename one of them or give it another `slug:`"),
                );
            } else {
                taken.insert(path.clone(), id);
            }
            if let Some(last) = segments.last() {
                self.by_slug.entry(last.clone()).or_default().push(id);
            }
            self.paths[id] = path;
        }
        for (id, old_url) in redirects {
            self.entries[id].meta.aliases.push(old_url);
        }
    }

    /// Attaches each answer to the question in its folder, orders answers
    /// (accepted, then votes, then date, then name) and checks that at most
    /// one is accepted.
    fn group_answers(&mut self, diagnostics: &Diagnostics) {
        for id in self.ids() {
            let entry = &self.entries[id];
            if entry.kind != Kind::Answer {
                continue;
            }
            let folder = entry.rel.rsplit_once('/').map_or("", |(folder, _)| folder);
            // The folder's own page, or a single-file question beside the
            // folder (`questions/x.md` with answers in `questions/x/`), so an
            // answer can be added without moving the question.
            let question = crate::content::page_files(folder, &["index", "README"])
                .find_map(|rel| self.by_rel.get(&rel).copied())
                .filter(|&q| self.entries[q].kind == Kind::Question);
            match question {
                Some(q) => {
                    self.question_of[id] = Some(q);
                    self.answers[q].push(id);
                }
                None => diagnostics.push(
                    Diagnostic::error(&entry.file, "this answer has no question beside it")
                        .at(&entry.source, 1, 1, 3)
                        .with_help(format!("an answer sits in its question's folder: add {folder}/index.md (or {folder}.md) with the question")),
                ),
            }
        }
        for q in 0..self.entries.len() {
            if self.answers[q].is_empty() {
                continue;
            }
            let mut answers = std::mem::take(&mut self.answers[q]);
            answers.sort_by_key(|&a| {
                let meta = &self.entries[a].meta;
                (
                    Reverse(meta.accepted),
                    Reverse(meta.votes),
                    meta.date.map(|d| d.timestamp(None)),
                    self.entries[a].rel.clone(),
                )
            });
            let accepted: Vec<EntryId> = answers
                .iter()
                .copied()
                .filter(|&a| self.entries[a].meta.accepted)
                .collect();
            for &extra in accepted.iter().skip(1) {
                let first = &self.entries[accepted[0]];
                diagnostics.push(
                    self.entries[extra]
                        .problem_at_key(
                            true,
                            "accepted",
                            format!("two answers to `{}` are accepted: `{}` and this one", self.entries[q].file, first.file),
                        )
                        .with_help("a question has at most one accepted answer: remove `accepted: true` from one"),
                );
            }
            self.answers[q] = answers;
        }
        for id in self.ids() {
            if let Some(q) = self.question_of[id] {
                self.paths[id] = format!("{}#{}", self.paths[q], self.answer_anchor(id));
            }
        }
    }

    /// Each `aliases:` entry as a site path, checked to stay inside the
    /// output and to clash with nothing else.
    fn collect_aliases(&mut self, diagnostics: &Diagnostics) {
        let taken: HashMap<&str, EntryId> = self
            .page_ids()
            .map(|id| (self.paths[id].as_str(), id))
            .collect();
        let mut aliases: BTreeMap<String, EntryId> = BTreeMap::new();
        for id in self.page_ids() {
            let entry = &self.entries[id];
            for alias in &entry.meta.aliases {
                let problem = match alias_path(alias) {
                    None => Some(format!(
                        "alias `{alias}` is not a path inside the site: write an old URL path such as `/old/page/`"
                    )),
                    Some(path) if taken.contains_key(path.as_str()) => Some(format!(
                        "alias `{alias}` is the URL of `{}`",
                        self.entries[taken[path.as_str()]].file
                    )),
                    Some(path) if generated_page_at(&self.config.layout, &path).is_some() => {
                        Some(format!("alias `{alias}` is the URL of a generated page"))
                    }
                    Some(path) => match aliases.get(&path) {
                        Some(&other) if other != id => Some(format!(
                            "alias `{alias}` is also an alias of `{}`",
                            self.entries[other].file
                        )),
                        _ => {
                            aliases.insert(path, id);
                            None
                        }
                    },
                };
                if let Some(message) = problem {
                    diagnostics.push(entry.problem_at_key(true, "aliases", message));
                }
            }
        }
        self.aliases = aliases.into_iter().collect();
    }
}
