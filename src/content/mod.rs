//! Loading content: walk `content/`, read each markdown file, split and
//! type its front matter, decide its kind, and check what can be checked
//! on one file alone. Checks that need the whole site live in `site`.

mod authors;
pub mod categories;
mod checks;
pub mod dates;
mod docusaurus;
pub mod files;
pub mod front_matter;
mod jekyll;
pub mod language;
mod search_page;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, Layout};
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::yaml::did_you_mean;
use front_matter::FrontMatter;
pub use language::LangFrom;

/// What an entry is, which decides its page, its list and its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Question,
    Answer,
    Guide,
    Event,
    Page,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Question => "question",
            Kind::Answer => "answer",
            Kind::Guide => "guide",
            Kind::Event => "event",
            Kind::Page => "page",
        }
    }

    /// "a" or "an", for messages.
    pub fn article(self) -> &'static str {
        if self == Kind::Answer { "an" } else { "a" }
    }

    fn parse(name: &str) -> Option<Kind> {
        Some(match name {
            "question" => Kind::Question,
            "answer" => Kind::Answer,
            "guide" => Kind::Guide,
            "event" => Kind::Event,
            "page" => Kind::Page,
            _ => return None,
        })
    }
}

/// One markdown file, loaded and typed.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path for messages, relative to the site folder (`content/guides/x.md`).
    pub file: String,
    /// Path relative to `content/` (`guides/x.md`), with `/` separators.
    pub rel: String,
    /// Its language (BCP 47), and where that came from (see [`language`]).
    pub lang: String,
    pub lang_from: LangFrom,
    /// `rel` without its language part: translations share it, and the
    /// kind is read from it.
    pub key: String,
    /// The path its URL is made from (`x.fr.md` is `fr/x.md`).
    pub url_rel: String,
    /// The whole file, BOM removed and line ends normalised to LF.
    pub source: Arc<str>,
    /// Byte offset where the markdown body starts in `source`.
    pub body_start: usize,
    pub kind: Kind,
    pub meta: FrontMatter,
    pub title: String,
    /// Whether the title came from the body's first `# heading`, which the
    /// page then does not repeat.
    pub title_from_heading: bool,
    /// The file's stamp when it was read; `None` for entries made in
    /// memory (tests, fuzzing).
    pub stamp: Option<files::Stamp>,
}

impl Entry {
    /// The markdown after the front matter (empty once the text was let
    /// go: see `site::Site::source`).
    pub fn body(&self) -> &str {
        self.source.get(self.body_start..).unwrap_or("")
    }

    /// File name without `.md` or `.mdx` (and without a language suffix).
    pub fn stem(&self) -> &str {
        let name = self.url_rel.rsplit('/').next().unwrap_or(&self.url_rel);
        markdown_stem(name).unwrap_or(name)
    }

    /// Whether it is an MDX file (`.mdx`, Docusaurus's): its `import` and
    /// `export` lines and `{/* comments */}` are not shown.
    pub fn is_mdx(&self) -> bool {
        self.rel.ends_with(".mdx")
    }

    /// Whether this is a folder's own page (`index.md` or `README.md`).
    pub fn is_index(&self) -> bool {
        is_folder_page_stem(self.stem())
    }

    /// A located problem at the line and value of front matter `key`, or at
    /// line 1 when the key is absent.
    pub fn problem_at_key(&self, error: bool, key: &str, message: impl Into<String>) -> Diagnostic {
        self.problem_at_key_in(&self.source, error, key, message)
    }

    /// [`Entry::problem_at_key`], in its text `source` (the entry's own, or
    /// read again: see `site::Site::problem_at_key`).
    pub fn problem_at_key_in(
        &self,
        source: &Arc<str>,
        error: bool,
        key: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let d = if error {
            Diagnostic::error(&self.file, message)
        } else {
            Diagnostic::warning(&self.file, message)
        };
        match self.meta.positions.get(key) {
            Some(pos) => d.at(source, pos.line, pos.value_col, pos.value_len),
            None => d.at(source, 1, 1, 3),
        }
    }
}

/// Reads every markdown file under `SITE/content`, in parallel, sorted by
/// path, but those the settings' `ignore` patterns match (paths relative
/// to `content/`). Drafts are dropped unless `drafts` is set.
pub fn load(site: &Path, config: &Config, drafts: bool, diagnostics: &Diagnostics) -> Vec<Entry> {
    load_cached(site, config, drafts, diagnostics, None)
}

/// Parsed files of the previous build, for `watch`: a file whose size and
/// modification time are unchanged is not read again. Its problems are
/// reported again, so an error stays on screen until it is fixed.
#[derive(Default)]
pub struct EntryCache {
    files: std::sync::Mutex<HashMap<PathBuf, CachedFile>>,
}

struct CachedFile {
    stamp: files::Stamp,
    entry: Option<Entry>,
    problems: Vec<Diagnostic>,
}

impl EntryCache {
    /// Forgets `path`, whatever its time stamp says (an editor may save
    /// twice within the file system's time resolution).
    pub fn forget(&self, path: &Path) {
        self.lock().remove(path);
    }

    /// The entry at `path`: the parse kept from last time when the file's
    /// time stamp and size are unchanged, else read and parsed again (and
    /// kept). Its problems are reported either way.
    fn read(
        &self,
        path: &Path,
        file: String,
        rel: String,
        layout: &Layout,
        diagnostics: &Diagnostics,
    ) -> Option<Entry> {
        let stamp = std::fs::metadata(path)
            .map_or_else(|_| files::Stamp::default(), |m| files::Stamp::of(&m));
        if let Some(cached) = self.lock().get(path)
            && cached.stamp == stamp
            && stamp.modified.is_some()
        {
            diagnostics.extend(cached.problems.iter().cloned());
            return cached.entry.clone();
        }
        let (entry, problems) = read_entry(path, file, rel, layout);
        diagnostics.extend(problems.iter().cloned());
        self.lock().insert(
            path.to_path_buf(),
            CachedFile {
                stamp,
                entry: entry.clone(),
                problems,
            },
        );
        entry
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, CachedFile>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// [`load`], reusing what `cache` holds for unchanged files.
pub fn load_cached(
    site: &Path,
    config: &Config,
    drafts: bool,
    diagnostics: &Diagnostics,
    cache: Option<&EntryCache>,
) -> Vec<Entry> {
    let content = site.join("content");
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error("content", "no content/ folder here").with_help(
                "run guildhall in a site folder, or pass its path: `guildhall build SITE`",
            ),
        );
        return Vec::new();
    }
    let found = files::content_files(site, &content, diagnostics).not_ignored(config, &content);
    let files = found.markdown;
    let layout = &config.layout;
    let mut entries: Vec<Entry> = files
        .par_iter()
        .filter_map(|path| {
            let file = display_path(site, path);
            let rel = display_path(&content, path);
            match cache {
                Some(cache) => cache.read(path, file, rel, layout, diagnostics),
                None => {
                    let (entry, problems) = read_entry(path, file, rel, layout);
                    diagnostics.extend(problems);
                    entry
                }
            }
        })
        .filter(|entry| drafts || !entry.meta.draft)
        .collect();
    entries.sort_by(|a, b| a.rel.cmp(&b.rel));
    search_page::leave_out(&mut entries, diagnostics);
    authors::apply(site, &content, &found.authors, &mut entries, diagnostics);
    categories::warn(site, &found.categories, &files, diagnostics);
    let listing = checks::overviews_of_events(&mut entries, &layout.events);
    checks::pages_among_events(&entries, &layout.events, &listing, diagnostics);
    if let Some(cache) = cache {
        let present: HashSet<&PathBuf> = files.iter().collect();
        cache.lock().retain(|path, _| present.contains(path));
    }
    entries
}

/// The extensions of content files: markdown's, then MDX's (Docusaurus).
pub const MARKDOWN_EXTENSIONS: [&str; 2] = ["md", "mdx"];

pub(super) fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        MARKDOWN_EXTENSIONS
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// Whether a file of this name, without its extension, is its folder's
/// own page: `index`, Hugo's `_index`, or GitHub's `README`.
pub(super) fn is_folder_page_stem(stem: &str) -> bool {
    matches!(stem, "index" | "_index" | "README")
}

/// `name` without its markdown extension (`x.md`, or MDX's `x.mdx`), when
/// it has one.
pub fn markdown_stem(name: &str) -> Option<&str> {
    MARKDOWN_EXTENSIONS
        .iter()
        .find_map(|x| name.strip_suffix(x)?.strip_suffix('.'))
}

/// The files under `content/` that can be the page at `path`, in the order
/// to try them: `path` itself when it names a markdown file; else
/// `path.md`, then each of `folder_pages` in the folder `path`
/// (`path/index.md`), then the same in MDX. An empty `path` is the
/// content folder: its folder pages only.
pub fn page_files<'a>(
    path: &'a str,
    folder_pages: &'a [&'a str],
) -> impl Iterator<Item = String> + 'a {
    let named = markdown_stem(path).is_some();
    let guesses = MARKDOWN_EXTENSIONS
        .iter()
        .filter(move |_| !named)
        .flat_map(move |x| {
            let file = (!path.is_empty()).then(|| format!("{path}.{x}"));
            let pages = folder_pages.iter().map(move |name| match path {
                "" => format!("{name}.{x}"),
                _ => format!("{path}/{name}.{x}"),
            });
            file.into_iter().chain(pages)
        });
    named.then(|| path.to_string()).into_iter().chain(guesses)
}

/// Reads and checks one file. An entry comes back whenever the file could be
/// read and its front matter split, even with field errors, so that later
/// checks (links to it) do not cascade.
fn read_entry(
    path: &Path,
    file: String,
    rel: String,
    layout: &Layout,
) -> (Option<Entry>, Vec<Diagnostic>) {
    match files::read(path) {
        Ok((bytes, stamp)) => {
            let (mut entry, problems) = parse_entry(file, rel, bytes, layout);
            if let Some(entry) = &mut entry {
                entry.stamp = Some(stamp);
            }
            (entry, problems)
        }
        Err(e) => (
            None,
            vec![Diagnostic::error(file, format!("cannot read: {e}"))],
        ),
    }
}

/// Parses the bytes of a content file: `file` is its path for messages,
/// `rel` its path under `content/`; `layout` says which folders hold which
/// kind. Used by the loader, and by fuzz targets and tests to build entries
/// without a disk.
pub fn parse_entry(
    file: String,
    rel: String,
    bytes: Vec<u8>,
    layout: &Layout,
) -> (Option<Entry>, Vec<Diagnostic>) {
    let source = match files::text_of(&file, bytes) {
        Ok(text) => text,
        Err(problem) => return (None, vec![problem]),
    };
    let split = match front_matter::split(&source) {
        Ok(split) => split,
        Err(message) => {
            return (
                None,
                vec![Diagnostic::error(file, message).at(&source, 1, 1, 3)],
            );
        }
    };
    let (meta, keyed_problems) = match split.yaml {
        Some(yaml) => {
            let first_line = front_matter::first_line(split.format);
            front_matter::parse_by_key(
                yaml,
                split.format,
                first_line,
                &file,
                &source,
                &layout.front_matter,
            )
        }
        None => (FrontMatter::default(), Vec::new()),
    };
    let body_start = source.len() - split.body.len();
    let mut keyed_problems = keyed_problems;
    if let Some(lang) = &meta.lang
        && let Err(e) = crate::config::languages::check_tag(lang)
    {
        let mut problem = Diagnostic::error(&file, format!("`lang`: {e}"));
        if let Some(pos) = meta
            .positions
            .get("lang")
            .or(meta.positions.get("language"))
        {
            problem = problem.at(&source, pos.line, pos.value_col, pos.value_len);
        }
        keyed_problems.push((Some("lang".into()), problem));
    }
    let placed = language::place(&rel, meta.lang.as_deref(), &layout.languages);
    let mut entry = Entry {
        file,
        rel,
        lang: placed.lang,
        lang_from: placed.from,
        key: placed.key,
        url_rel: placed.url_rel,
        body_start,
        kind: Kind::Page,
        meta,
        title: String::new(),
        title_from_heading: false,
        source: Arc::clone(&source),
        stamp: None,
    };
    entry.kind = match kind_of(&entry, layout) {
        Ok(kind) => kind,
        Err(problem) => {
            let mut problems: Vec<Diagnostic> =
                keyed_problems.into_iter().map(|(_, d)| d).collect();
            problems.push(problem);
            return (None, problems);
        }
    };
    set_title(&mut entry);
    if entry.meta.date.is_none() && !entry.meta.positions.contains_key("date") {
        entry.meta.date =
            jekyll::post_date(&entry.rel).or_else(|| docusaurus::post_date(&entry.rel));
    }
    let old_addresses = [
        jekyll::post_addresses(&entry),
        docusaurus::post_addresses(&entry),
    ];
    for address in old_addresses.into_iter().flatten() {
        if !entry.meta.aliases.contains(&address) {
            entry.meta.aliases.push(address);
        }
    }
    // A field only another kind uses is ignored (checks warn of it), so a
    // value it could not take is no problem.
    let kind = entry.kind;
    let mut problems: Vec<Diagnostic> = keyed_problems
        .into_iter()
        .filter(|(key, _)| key.as_deref().is_none_or(|key| checks::uses(kind, key)))
        .map(|(_, problem)| problem)
        .collect();
    if !entry.meta.unreadable {
        checks::check_entry(&entry, &mut problems);
    }
    (Some(entry), problems)
}

/// The kind from `kind:`, else from the top-level folder (`layout` says
/// which holds which kind).
fn kind_of(entry: &Entry, layout: &Layout) -> Result<Kind, Diagnostic> {
    if let Some(name) = &entry.meta.kind {
        return Kind::parse(name).ok_or_else(|| {
            let known = ["question", "answer", "guide", "event", "page"];
            let mut d = entry.problem_at_key(
                true,
                "kind",
                format!("`kind` should be question, answer, guide, event or page, found `{name}`"),
            );
            if let Some(s) = did_you_mean(name, &known) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            d
        });
    }
    let parts: Vec<&str> = entry.key.split('/').collect();
    if parts.len() == 1 {
        return Ok(Kind::Page);
    }
    let section_intro = parts.len() == 2 && entry.is_index();
    let top = parts[0];
    Ok(if section_intro {
        Kind::Page
    } else if top == layout.questions {
        match parts.len() {
            2 => Kind::Question,
            3 if entry.is_index() => Kind::Question,
            3 => Kind::Answer,
            _ => {
                return Err(Diagnostic::error(
                    &entry.file,
                    format!("questions nest one level deep: a question is {top}/<slug>.md or {top}/<slug>/index.md, and its answers sit beside its index.md"),
                )
                .at(&entry.source, 1, 1, 1));
            }
        }
    } else if top == layout.guides {
        Kind::Guide
    } else if top == layout.events && has_start(entry) {
        // Sites bring pages about their events (an FAQ, past activities)
        // in the same folder: without a `start`, an entry there is a page.
        Kind::Event
    } else {
        Kind::Page
    })
}

fn has_start(entry: &Entry) -> bool {
    entry.meta.start.is_some() || entry.meta.positions.contains_key("start")
}

/// Title from front matter, else the body's leading `# heading` (for every
/// kind), else the file (or folder) name.
fn set_title(entry: &mut Entry) {
    if let Some(title) = &entry.meta.title {
        entry.title = title.trim().to_string();
        return;
    }
    if let Some(heading) = first_h1(entry.body()) {
        entry.title = heading;
        entry.title_from_heading = true;
        return;
    }
    let name = if entry.is_index() {
        entry.rel.rsplit('/').nth(1).unwrap_or("Home")
    } else {
        entry.stem()
    };
    entry.title = name.replace(['-', '_'], " ");
}

/// The text of a level-1 heading that opens the body, as pulldown-cmark
/// reads it: ATX (`# Title`, `#\tTitle`, `# Title #`) or setext
/// (`Title` over `=====`), without a `{#id}` attribute or inline markup.
/// None too when the parser panics on the body (see `util::caught`):
/// rendering it reports that, located.
fn first_h1(body: &str) -> Option<String> {
    crate::util::caught::caught(|| leading_h1(body))
        .ok()
        .flatten()
}

fn leading_h1(body: &str) -> Option<String> {
    use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
    let mut events = Parser::new_ext(body, Options::ENABLE_HEADING_ATTRIBUTES);
    let Some(Event::Start(Tag::Heading {
        level: HeadingLevel::H1,
        ..
    })) = events.next()
    else {
        return None;
    };
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(part) | Event::Code(part) => text.push_str(&part),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Every language a site is written in: those `config` lists (the default
/// first), then each entry's, repeats and all: for gathering theme words.
pub fn language_tags<'a>(
    config: &'a Config,
    entries: &'a [Entry],
) -> impl Iterator<Item = &'a str> {
    let listed = config.layout.languages.tags();
    listed.chain(entries.iter().map(|e| e.lang.as_str()))
}

/// The folder a content path is in (`blog/2020/x.md` is `blog/2020`;
/// `x.md` is ``).
pub fn folder_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// Whether `slug` has the allowed shape `[a-z0-9-]+`.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Turns a file name, tag or name into a URL segment: transliterated to
/// ASCII, lowercase letters and digits, everything else folded into single
/// `-` (`José's Guide` is `jose-s-guide`).
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_looked_for_as_markdown_then_mdx() {
        let files = |path, pages| page_files(path, pages).collect::<Vec<_>>();
        assert_eq!(
            files("guides/x", &["index"]),
            [
                "guides/x.md",
                "guides/x/index.md",
                "guides/x.mdx",
                "guides/x/index.mdx"
            ]
        );
        assert_eq!(files("", &["index"]), ["index.md", "index.mdx"]);
        assert_eq!(files("guides/x.mdx", &["index"]), ["guides/x.mdx"]);
        assert_eq!(markdown_stem("a.mdx"), Some("a"));
        assert_eq!(markdown_stem("amd"), None);
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("My First Guide"), "my-first-guide");
        assert_eq!(slugify("C++ & Rust!"), "c-rust");
        assert_eq!(slugify("José Gonçalves"), "jose-goncalves");
        assert!(is_valid_slug("a-1"));
        assert!(!is_valid_slug("A_1"));
        assert!(!is_valid_slug(""));
    }

    #[test]
    fn a_file_that_vanished_after_the_walk_is_an_error() {
        let (entry, problems) = read_entry(
            Path::new("/nonexistent/guildhall/gone.md"),
            "content/gone.md".into(),
            "gone.md".into(),
            &Layout::default(),
        );
        assert!(entry.is_none());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].is_error() && problems[0].message.starts_with("cannot read:"),
            "{:?}",
            problems[0]
        );
        assert_eq!(problems[0].file, "content/gone.md");
    }

    #[test]
    fn first_heading_is_a_title() {
        assert_eq!(
            first_h1("\n# Hello world #\ntext"),
            Some("Hello world".into())
        );
        assert_eq!(first_h1("text\n# Late"), None);
        assert_eq!(first_h1("# Title {#custom}\n"), Some("Title".into()));
        assert_eq!(first_h1("#\tTabbed\n"), Some("Tabbed".into()));
        assert_eq!(first_h1("Setext\n======\n\ntext"), Some("Setext".into()));
        assert_eq!(
            first_h1("# Using *rust* `fmt`\n"),
            Some("Using rust fmt".into())
        );
        assert_eq!(first_h1("## Second level\n"), None);
        assert_eq!(first_h1("#NoSpace\n"), None);
    }
}
