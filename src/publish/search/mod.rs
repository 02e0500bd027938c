//! Site search: the records (one per page with its own URL), the words
//! of a text as the index and `search.js` both see them, and the values of
//! the search page. The index files are made in [`index`].
//!
//! No server and no external service: a browser loads only what one query
//! needs (see [`index`] for the files).
//!
//! Why not pagefind's library: measured on the 10,000-entry benchmark site,
//! it added 17.6 s to a 5.7 s build and took peak memory to 3.6 GB (every
//! fragment is gzipped at the best level on one thread). This index adds a
//! fraction of a second; see the README's benchmark section.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::Loaded;
use crate::content::Kind;
use crate::markdown::Rendered;
use crate::output::OutputFile;
use crate::site::EntryId;
use crate::site::Status;

mod chunks;
mod document;
pub mod index;
mod making;

pub use chunks::chunk_path;
pub use index::{Index, Indexes, index_files};
pub use making::Maker;

/// The folder of the index under the output folder, unless the settings'
/// `paths.search` moves it (with the search page).
pub const DIR: &str = "search";

/// What a search can filter a page by besides its kind: a question's
/// answers, or an event's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocStatus {
    Unanswered,
    Answered,
    Accepted,
    Upcoming,
    Past,
}

impl DocStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Unanswered => "unanswered",
            DocStatus::Answered => "answered",
            DocStatus::Accepted => "accepted",
            DocStatus::Upcoming => "upcoming",
            DocStatus::Past => "past",
        }
    }

    /// The page's status, if its kind has one.
    fn of(site: &crate::site::Site, id: EntryId) -> Option<DocStatus> {
        match site.entry(id).kind {
            Kind::Question => Some(match site.status(id) {
                Status::Unanswered => DocStatus::Unanswered,
                Status::Answered => DocStatus::Answered,
                Status::Accepted => DocStatus::Accepted,
            }),
            Kind::Event if site.is_upcoming(id) => Some(DocStatus::Upcoming),
            Kind::Event => Some(DocStatus::Past),
            _ => None,
        }
    }
}

/// One search result: a page with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record<'a> {
    pub url: String,
    pub title: String,
    /// Left out of the document's file when empty: the text's start is
    /// the summary then.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// `question`, `guide`, `event` or `page` in the document's file.
    #[serde(serialize_with = "kind_name")]
    pub kind: Kind,
    /// `unanswered`, `answered`, `accepted`; `upcoming`, `past`; or empty
    /// in the document's file.
    #[serde(serialize_with = "status_name")]
    pub status: Option<DocStatus>,
    /// Tag names as the tag pages spell them.
    pub tags: Vec<String>,
    /// The body text (a question's answers included, code blocks too), in
    /// pieces lent by the bodies (no copy of every page's text is kept);
    /// all of it is indexed. The document's file, which only shows an
    /// excerpt, gets its first [`EXCERPT_TEXT_BYTES`], the pieces on lines
    /// of their own.
    #[serde(serialize_with = "joined_lines")]
    pub text: Vec<Cow<'a, str>>,
}

fn kind_name<S: serde::Serializer>(kind: &Kind, to: S) -> Result<S::Ok, S::Error> {
    to.serialize_str(kind.as_str())
}

fn status_name<S: serde::Serializer>(status: &Option<DocStatus>, to: S) -> Result<S::Ok, S::Error> {
    to.serialize_str(status.map_or("", DocStatus::as_str))
}

/// How much of a page's text its search document keeps for the excerpt
/// around the first match: about 160 words. A match further in shows the
/// summary instead. The whole text made search documents 39 MB of a
/// 10,000-entry site's 260 MB, 1,500 bytes 18 MB (issue #24).
pub const EXCERPT_TEXT_BYTES: usize = 1000;

fn joined_lines<S: serde::Serializer>(pieces: &[Cow<'_, str>], to: S) -> Result<S::Ok, S::Error> {
    let mut text = String::new();
    for piece in pieces {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(piece);
        if text.len() >= EXCERPT_TEXT_BYTES {
            break;
        }
    }
    to.serialize_str(excerpt_text(&text))
}

/// `text` cut to at most [`EXCERPT_TEXT_BYTES`], after a whole word.
fn excerpt_text(text: &str) -> &str {
    if text.len() <= EXCERPT_TEXT_BYTES {
        return text;
    }
    let mut end = EXCERPT_TEXT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(space) if space > EXCERPT_TEXT_BYTES / 2 => &text[..space],
        _ => &text[..end],
    }
}

/// The records of one language with its own search page, and the folder
/// of its index (`search`, `ja/search`).
pub struct LangRecords<'a> {
    pub lang: String,
    pub dir: String,
    pub records: Vec<Record<'a>>,
    /// The entry of each record.
    pub ids: Vec<EntryId>,
}

/// The folder of `lang`'s index under the output folder: `search` for
/// the default language, `ja/search` for Japanese (where `paths:` put it).
pub fn dir_of(site: &crate::site::Site, lang: &str) -> String {
    format!("{}/{}", site.lang_prefix(lang), site.config.layout.search)
        .trim_start_matches('/')
        .to_string()
}

/// One record for every entry with a page of its own, by the language
/// whose lists show it (the default first): questions (with their
/// answers' text), guides, events and pages. Intros of section lists are
/// left out: the lists themselves are not results. Their text is left
/// empty: [`Collector`] takes each page's as the page is written.
pub fn records(loaded: &Loaded) -> Vec<LangRecords<'static>> {
    let site = &loaded.site;
    let ids: Vec<EntryId> = site.page_ids().collect();
    let mut all: Vec<(EntryId, Record)> =
        ids.par_iter().map(|&id| (id, head(loaded, id))).collect();
    crate::render::lists::list_languages(site)
        .into_iter()
        .map(|lang| {
            let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut all)
                .into_iter()
                .partition(|(id, _)| site.list_lang(*id) == lang);
            all = rest;
            let (ids, records) = mine.into_iter().unzip();
            LangRecords {
                dir: dir_of(site, &lang),
                lang,
                records,
                ids,
            }
        })
        .collect()
}

/// The records of `pages`, with their language and document numbers
/// (their places in that language's [`records`]).
pub fn records_of<'a>(
    loaded: &'a Loaded,
    pages: &HashSet<EntryId>,
) -> Vec<(String, u32, Record<'a>)> {
    let site = &loaded.site;
    let mut next: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut found = Vec::new();
    for id in site.page_ids() {
        let lang = site.list_lang(id);
        let doc = next.entry(lang).or_default();
        if pages.contains(&id) {
            found.push((lang.to_string(), *doc, record(loaded, id)));
        }
        *doc += 1;
    }
    found
}

/// The record of the page of entry `id`, with the text of its bodies.
fn record(loaded: &Loaded, id: EntryId) -> Record<'_> {
    let parts = std::iter::once(id).chain(loaded.site.answers[id].iter().copied());
    let bodies = parts.filter_map(|part| loaded.bodies[part].as_deref());
    with_text(&head(loaded, id), bodies)
}

/// The record of the page of entry `id` without its text.
fn head(loaded: &Loaded, id: EntryId) -> Record<'static> {
    let site = &loaded.site;
    let entry = site.entry(id);
    Record {
        url: site.entry_url(id),
        title: entry.title.clone(),
        summary: crate::analysis::summary(site, &loaded.bodies, id).to_string(),
        kind: entry.kind,
        status: DocStatus::of(site, id),
        tags: crate::site::queries::tag_refs(site, id)
            .into_iter()
            .map(|t| t.name)
            .collect(),
        text: Vec::new(),
    }
}

/// `head` with the text of `bodies` (a page's, in order), and without
/// its summary when that only repeats the text's start.
fn with_text<'a>(head: &Record, bodies: impl Iterator<Item = &'a Rendered>) -> Record<'a> {
    let mut text = Vec::new();
    for body in bodies {
        for piece in [&body.plain_text, &body.code_text] {
            if !piece.trim().is_empty() {
                text.push(Cow::Borrowed(piece.trim()));
            }
        }
    }
    Record {
        url: head.url.clone(),
        title: head.title.clone(),
        summary: if repeats_text(&head.summary, &text) {
            String::new()
        } else {
            head.summary.clone()
        },
        kind: head.kind,
        status: head.status,
        tags: head.tags.clone(),
        text,
    }
}

/// Each language's index, made as pages are written: a page's record
/// takes its text from the bodies its page rendered ([`Collector::add`]),
/// so a build never holds every page's text for search.
pub struct Collector<'r> {
    groups: &'r [LangRecords<'r>],
    /// One per group.
    makers: Vec<Maker<'r>>,
    /// Each page's group and document number.
    places: HashMap<EntryId, (usize, u32)>,
}

impl<'r> Collector<'r> {
    pub fn new(groups: &'r [LangRecords<'r>]) -> Collector<'r> {
        let mut places = HashMap::new();
        for (at, group) in groups.iter().enumerate() {
            for (doc, &id) in group.ids.iter().enumerate() {
                places.insert(id, (at, doc as u32));
            }
        }
        Collector {
            groups,
            makers: groups
                .iter()
                .map(|g| Maker::new(&g.records, &g.dir, &g.lang))
                .collect(),
            places,
        }
    }

    /// Indexes the page of entry `id` with the text of `parts`, its
    /// bodies in order (its own, then its answers').
    pub fn add(
        &self,
        id: EntryId,
        parts: &[(EntryId, Arc<Rendered>)],
        write: &(dyn Fn(OutputFile) + Sync),
    ) {
        if let Some(&(at, doc)) = self.places.get(&id) {
            self.add_document(at, doc, parts, write);
        }
    }

    fn add_document(
        &self,
        at: usize,
        doc: u32,
        parts: &[(EntryId, Arc<Rendered>)],
        write: &(dyn Fn(OutputFile) + Sync),
    ) {
        let head = &self.groups[at].records[doc as usize];
        let record = with_text(head, parts.iter().map(|(_, body)| body.as_ref()));
        self.makers[at].add(doc, &record, write);
    }

    /// Adds the pages not written (their bodies rendered now), then makes
    /// each language's index and writes its other files.
    pub fn finish(self, loaded: &Loaded, write: &(dyn Fn(OutputFile) + Sync)) -> Indexes {
        let spent = self.makers.iter().map(Maker::spent).sum();
        crate::util::timing::report(
            "search documents (with the pages, summed over threads)",
            spent,
        );
        for (at, maker) in self.makers.iter().enumerate() {
            maker.pending().into_par_iter().for_each(|doc| {
                let parts = loaded.page_bodies(self.groups[at].ids[doc as usize]);
                self.add_document(at, doc, &parts, write);
            });
        }
        let groups = self.groups.iter();
        let indexes = groups
            .zip(self.makers)
            .map(|(g, maker)| (g.lang.clone(), maker.finish(write)));
        Indexes(indexes.collect())
    }
}

/// Whether `summary` is only the start of the text (the summary made from
/// the first paragraph): the document then leaves it out, and `search.js`
/// shows the text's start instead (200 bytes a document at 10,000 entries).
/// Compared word by word, so only the text's first words are read.
fn repeats_text(summary: &str, text: &[Cow<'_, str>]) -> bool {
    let mut text_words = text.first().map_or("", |t| t.as_ref()).split_whitespace();
    let mut words = summary.trim_end_matches('…').split_whitespace().peekable();
    while let Some(word) = words.next() {
        let Some(written) = text_words.next() else {
            return false;
        };
        // The summary's last word may be cut short.
        let same = if words.peek().is_none() {
            written.starts_with(word)
        } else {
            written == word
        };
        if !same {
            return false;
        }
    }
    true
}

/// The values `search.html` offers as filters: the kinds and statuses
/// present, and every tag with its number of results.
pub fn page_value(records: &[Record]) -> tera::Value {
    #[derive(Serialize)]
    struct Choice {
        value: &'static str,
        label: &'static str,
        /// The theme's word for the label (`t[key]`).
        key: &'static str,
    }
    #[derive(Serialize)]
    struct Page {
        kinds: Vec<Choice>,
        statuses: Vec<Choice>,
        tags: Vec<TagMeta>,
    }
    let has_kind = |kind: Kind| records.iter().any(|r| r.kind == kind);
    let kinds = [
        (Kind::Question, "Questions"),
        (Kind::Guide, "Guides"),
        (Kind::Event, "Events"),
        (Kind::Page, "Pages"),
    ]
    .into_iter()
    .filter(|&(kind, _)| has_kind(kind))
    .map(|(kind, label)| Choice {
        value: kind.as_str(),
        label,
        key: match kind {
            Kind::Question => "questions",
            Kind::Guide => "guides",
            Kind::Event => "events",
            _ => "pages",
        },
    })
    .collect();
    let mut statuses = Vec::new();
    if has_kind(Kind::Question) {
        statuses.extend([
            (DocStatus::Unanswered, "Unanswered"),
            (DocStatus::Answered, "Answered"),
            (DocStatus::Accepted, "Accepted answer"),
        ]);
    }
    if has_kind(Kind::Event) {
        statuses.extend([(DocStatus::Upcoming, "Upcoming"), (DocStatus::Past, "Past")]);
    }
    let statuses = statuses
        .into_iter()
        .map(|(status, label)| Choice {
            value: status.as_str(),
            label,
            key: match status {
                DocStatus::Accepted => "filter_accepted",
                other => other.as_str(),
            },
        })
        .collect();
    tera::Value::from_serializable(&Page {
        kinds,
        statuses,
        tags: tag_counts(records),
    })
}

/// Each tag's documents (numbers in `records`), by tag name.
fn docs_by_tag<'r>(records: &'r [Record]) -> BTreeMap<&'r str, Vec<u32>> {
    let mut by_tag: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (doc, record) in records.iter().enumerate() {
        for tag in &record.tags {
            by_tag.entry(tag).or_default().push(doc as u32);
        }
    }
    by_tag
}

/// Tags with their number of documents, in alphabetical order.
fn tag_counts(records: &[Record]) -> Vec<TagMeta> {
    let mut tags: Vec<TagMeta> = docs_by_tag(records)
        .into_iter()
        .map(|(name, docs)| TagMeta {
            name: name.to_string(),
            slug: crate::content::slugify(name),
            count: docs.len(),
        })
        .collect();
    tags.sort_by_cached_key(|t| (t.name.to_lowercase(), t.name.clone()));
    tags
}

#[derive(Serialize)]
struct TagMeta {
    name: String,
    slug: String,
    count: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_documents_text_is_cut_after_a_whole_word() {
        let long = "word ".repeat(1000);
        let cut = excerpt_text(&long);
        assert!(cut.len() <= EXCERPT_TEXT_BYTES && cut.len() > EXCERPT_TEXT_BYTES - 6);
        assert!(cut.ends_with("word"), "{cut}");
        let wide = "字".repeat(1000);
        assert!(
            excerpt_text(&wide).chars().all(|c| c == '字'),
            "cut on a character boundary"
        );
        assert_eq!(excerpt_text("short"), "short");
    }

    #[test]
    fn a_summary_repeats_the_text_when_its_words_begin_it() {
        let text = [Cow::Borrowed("Restore   into a\nscratch database first.")];
        assert!(repeats_text("Restore into a scratch…", &text));
        assert!(repeats_text("Restore into a scra…", &text), "last word cut");
        assert!(!repeats_text("Restore onto a scratch", &text));
        assert!(!repeats_text(
            "Restore into a scratch database first. Then",
            &text
        ));
    }
}
