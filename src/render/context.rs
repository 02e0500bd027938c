//! What templates see of an entry. Each entry is serialised once into a
//! tera `Value` (a *card* for lists, a fuller *page* value for its own page);
//! lists share the cards, whose arrays and maps tera keeps behind `Arc`, so
//! a list of 10,000 entries copies pointers, not entries (mdBook's and
//! Zola's quadratic trap).

use jiff::tz::TimeZone;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tera::Value;

mod folders;

use folders::{folder_cards, folder_ref, listed};
pub use folders::{folder_page_count, folder_page_path, folder_page_value, folder_pager};

use super::pager::Pager;
use super::words::Words;
use crate::analysis::Loaded;
use crate::analysis::people::People;
use crate::content::Kind;
use crate::content::dates::When;
use crate::content::front_matter::FrontMatter;
use crate::markdown::Rendered;
use crate::site::queries::{is_stale, tag_refs, tag_url};
use crate::site::{EntryId, Site};

/// A person, linked to their page.
#[derive(Serialize)]
pub struct PersonRef {
    pub name: String,
    pub url: String,
    /// What the entry's byline says they are with (`Ana Lima (Acme)`);
    /// only on the entry's own page, not on cards.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub affiliation: String,
}

/// A link to another entry, for backlinks and related lists.
#[derive(Serialize)]
struct EntryRef {
    kind: &'static str,
    /// Its language, on a site with several (else empty).
    lang: String,
    title: String,
    url: String,
    /// Its folder page's title, when a list it is on holds another entry
    /// of the same title (the "Registration" page of each year's summit).
    #[serde(skip_serializing_if = "String::is_empty")]
    context: String,
}

/// An entry as lists show it.
#[derive(Serialize)]
struct Card<'a> {
    kind: &'static str,
    /// Its language, on a site with several (else empty): lists can mix
    /// languages (tags, people), so each link says its own.
    lang: &'a str,
    title: &'a str,
    /// The title lists show: `linkTitle`, else the title.
    link_title: &'a str,
    url: String,
    summary: &'a str,
    /// `2026-03-01`, for `<time datetime>`; empty when undated.
    date: String,
    date_human: String,
    /// Links (`name`, `url`) to its tags and its authors' pages.
    tags: Vec<Value>,
    authors: Vec<Value>,
    answer_count: usize,
    /// `unanswered`, `answered` or `accepted` for questions; empty otherwise.
    status: &'static str,
    level: &'static str,
    stale: bool,
    /// For events: when, in the event's own zone.
    when: String,
    upcoming: bool,
    location: &'a str,
    online: bool,
    draft: bool,
    /// GitHub's new-file page for an answer, when `repository:` is set.
    answer_url: String,
}

/// Where an entry was first published and under which licence (the
/// `source:` and `license:` an importer writes), for its attribution line.
#[derive(Serialize)]
pub(super) struct AttributionView<'a> {
    site: &'a str,
    url: &'a str,
    author: &'a str,
    author_url: &'a str,
    license: &'a str,
    license_url: &'a str,
}

pub(super) fn attribution(meta: &FrontMatter) -> Option<AttributionView<'_>> {
    let source = meta.source.as_ref();
    if source.is_none() && meta.license.is_none() {
        return None;
    }
    Some(AttributionView {
        site: source.map_or("", |s| &s.name),
        url: source.and_then(|s| s.url.as_deref()).unwrap_or(""),
        author: source.and_then(|s| s.author.as_deref()).unwrap_or(""),
        author_url: source.and_then(|s| s.author_url.as_deref()).unwrap_or(""),
        license: meta.license.as_ref().map_or("", |l| l.name()),
        license_url: meta.license.as_ref().and_then(|l| l.url()).unwrap_or(""),
    })
}

/// One answer as its question's page shows it.
#[derive(Serialize)]
struct AnswerView<'a> {
    anchor: String,
    attribution: Option<AttributionView<'a>>,
    authors: Vec<PersonRef>,
    date: String,
    date_human: String,
    votes: i64,
    accepted: bool,
    content: Cow<'a, str>,
}

#[derive(Serialize)]
struct HeadingView<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

/// An entry as its own page shows it.
#[derive(Serialize)]
struct PageView<'a> {
    #[serde(flatten)]
    card: Card<'a>,
    /// The language it is written in (BCP 47).
    lang: &'a str,
    /// The original this translation is behind, when it changed after it.
    outdated_source: Option<EntryRef>,
    content: Cow<'a, str>,
    attribution: Option<AttributionView<'a>>,
    /// Whether the page (or one of its answers) has a Mermaid diagram.
    diagram: bool,
    /// The picture of link previews (absolute): `image:`, else the site's
    /// `share_image`, else empty.
    share_image: String,
    /// The id of the heading that became the title, or empty.
    title_id: &'a str,
    /// For a folder's own page, the pages in the folder (the first
    /// `paginate` of them), and the links to the pages with the rest.
    children: Vec<Card<'a>>,
    pager: Option<Pager>,
    /// The folder pages above it, the outermost first (breadcrumbs).
    trail: Vec<EntryRef>,
    /// The pages before and after it in its folder's order, when the
    /// maintainer ordered them (`weight`).
    previous_page: Option<EntryRef>,
    next_page: Option<EntryRef>,
    toc: Vec<HeadingView<'a>>,
    answers: Vec<AnswerView<'a>>,
    updated: String,
    updated_human: String,
    reviewed: String,
    reviewed_human: String,
    speakers: Vec<PersonRef>,
    online_url: &'a str,
    recording: &'a str,
    slides: &'a str,
    timezone: &'a str,
    start: String,
    end: String,
    extra: &'a std::collections::BTreeMap<String, serde_json::Value>,
    backlinks: Vec<EntryRef>,
    see_also: Vec<EntryRef>,
    related: Vec<EntryRef>,
    duplicate_of: Option<EntryRef>,
    duplicates: Vec<EntryRef>,
    /// schema.org JSON-LD, safe inside `<script>`; empty for kinds without.
    json_ld: String,
    /// The event's own calendar file.
    ics_url: String,
    /// GitHub's editor for this page's file, when `repository:` is set.
    edit_url: String,
}

/// Every page's card, built once (`None` for entries without a page) and
/// made a tera value each time a list shows it: a card as a tera map took
/// 3.3 kB (a hash table of 20 fields), 320 MB at 100,000 entries, against
/// under 1 kB as a struct, and a card is shown on about five lists.
#[derive(Default)]
pub struct Views<'a> {
    cards: Vec<Option<Card<'a>>>,
}

/// Links to tags and people as tera values, made once and shared by every
/// card that shows them (tera keeps a value's maps behind `Arc`, and
/// serialising a `Value` into a card clones it): each card's own copies
/// of its tags and authors were most of the cards' memory, 250 MB at
/// 100,000 entries.
#[derive(Default)]
struct Links {
    /// By address: the name and the value.
    by_url: HashMap<String, (String, Value)>,
}

impl Links {
    /// Every tag's page in every language with lists, and every person's.
    fn build(site: &Site, people: &People) -> Links {
        let mut by_url = HashMap::new();
        let mut add = |name: &str, url: String| {
            let value = Value::from_serializable(&PersonRef {
                name: name.to_string(),
                url: url.clone(),
                affiliation: String::new(),
            });
            by_url.insert(url, (name.to_string(), value));
        };
        for lang in super::lists::list_languages(site) {
            let prefix = site.lang_prefix(&lang);
            for (slug, tag) in &site.tags {
                add(&tag.name, tag_url(site, &prefix, slug));
            }
        }
        for person in people.by_slug.values() {
            add(&person.name, person_url(site, &person.slug));
        }
        Links { by_url }
    }

    /// The link to `url` named `name`: the shared one when there is one.
    fn link(&self, name: String, url: String) -> Value {
        match self.by_url.get(&url) {
            Some((shared, value)) if *shared == name => value.clone(),
            _ => Value::from_serializable(&PersonRef {
                name,
                url,
                affiliation: String::new(),
            }),
        }
    }

    fn tags(&self, site: &Site, id: EntryId) -> Vec<Value> {
        let refs = tag_refs(site, id).into_iter();
        refs.map(|tag| self.link(tag.name, tag.url)).collect()
    }

    fn people(&self, site: &Site, people: &People, names: &[String]) -> Vec<Value> {
        let refs = person_refs(site, people, names, &BTreeMap::new()).into_iter();
        refs.map(|person| self.link(person.name, person.url))
            .collect()
    }
}

impl<'a> Views<'a> {
    pub fn build(loaded: &'a Loaded, words: &Words) -> Views<'a> {
        use rayon::prelude::*;
        // Lists, tags and people show pages only: answers and list intros
        // get no card.
        let links = Links::build(&loaded.site, &loaded.people);
        let cards = (0..loaded.site.entries.len())
            .into_par_iter()
            .map(EntryId::new)
            .map(|id| {
                let shown = loaded.site.has_page(id);
                shown.then(|| card(loaded, &links, words, id))
            })
            .collect();
        Views { cards }
    }

    /// The card of entry `id` as lists show it; null for an entry without
    /// a page.
    pub fn card(&self, id: EntryId) -> Value {
        match self.cards.get(id.index()) {
            Some(Some(card)) => Value::from_serializable(card),
            _ => Value::none(),
        }
    }
}

/// The value of entry `id`'s own page, whose bodies with their HTML
/// (`Loaded::page_bodies`) are `parts`. Built when that page renders: each
/// page is shown once, so there is nothing to share.
pub fn page_value(
    loaded: &Loaded,
    words: &Words,
    id: EntryId,
    parts: &[(EntryId, Arc<Rendered>)],
) -> Value {
    Value::from_serializable(&page(loaded, words, id, parts))
}

/// Names as links to their people pages, in the spelling the site uses.
pub fn person_refs(
    site: &Site,
    people: &People,
    names: &[String],
    affiliations: &BTreeMap<String, String>,
) -> Vec<PersonRef> {
    names
        .iter()
        .map(|name| {
            let affiliation = affiliations.get(name).cloned().unwrap_or_default();
            match people
                .slug_of(name)
                .and_then(|slug| people.by_slug.get(slug))
            {
                Some(person) => PersonRef {
                    name: person.name.clone(),
                    url: person_url(site, &person.slug),
                    affiliation,
                },
                None => PersonRef {
                    name: name.clone(),
                    url: String::new(),
                    affiliation,
                },
            }
        })
        .collect()
}

fn person_url(site: &Site, slug: &str) -> String {
    site.url(&site.config.layout.person_path(slug))
}

/// Entry `id` as page `page` links it: marked with its language only when
/// that is not the page's.
fn entry_ref(site: &Site, page: EntryId, id: EntryId) -> EntryRef {
    let entry = site.entry(id);
    let title = site.entry_title(id);
    EntryRef {
        kind: entry.kind.as_str(),
        lang: if site.multilingual && entry.lang != site.entry(page).lang {
            entry.lang.clone()
        } else {
            String::new()
        },
        title,
        url: site.entry_url(id),
        context: String::new(),
    }
}

fn card<'a>(loaded: &'a Loaded, links: &Links, words: &Words, id: EntryId) -> Card<'a> {
    let (site, people, bodies) = (&loaded.site, &loaded.people, &loaded.bodies);
    let entry = site.entry(id);
    let meta = &entry.meta;
    let summary = crate::analysis::summary(site, bodies, id);
    let is_question = entry.kind == Kind::Question;
    let zone = site.entry(id).meta.zone();
    Card {
        kind: entry.kind.as_str(),
        lang: if site.multilingual { &entry.lang } else { "" },
        title: &entry.title,
        link_title: meta.link_title.as_deref().unwrap_or(&entry.title),
        url: site.entry_url(id),
        summary,
        date: meta.date.map(|d| d.ymd()).unwrap_or_default(),
        date_human: human(words, &entry.lang, meta.date),
        tags: links.tags(site, id),
        authors: links.people(site, people, &meta.authors),
        answer_count: site.answers[id].len(),
        status: if is_question {
            site.status(id).as_str()
        } else {
            ""
        },
        level: meta.level.map_or("", |l| l.as_str()),
        stale: is_stale(site, id),
        when: meta
            .start
            .map(|s| event_when(words, &entry.lang, s, meta.end, zone.as_ref()))
            .unwrap_or_default(),
        upcoming: entry.kind == Kind::Event && site.is_upcoming(id),
        location: meta.location.as_deref().unwrap_or(""),
        online: meta.online.is_some(),
        draft: meta.draft,
        answer_url: super::repository::answer_url(site, id).unwrap_or_default(),
    }
}

/// The page value of entry `id`, whose bodies (its own, its answers')
/// with their HTML are `parts`.
fn page<'a>(
    loaded: &'a Loaded,
    words: &Words,
    id: EntryId,
    parts: &'a [(EntryId, Arc<Rendered>)],
) -> PageView<'a> {
    let (site, bodies, people, relations) = (
        &loaded.site,
        &loaded.bodies[..],
        &loaded.people,
        &loaded.relations,
    );
    let entry = site.entry(id);
    let meta = &entry.meta;
    let body = body_of(parts, id);
    let refs = |ids: &[EntryId]| listed(site, id, ids);
    let zone = site.entry(id).meta.zone();
    // A whole day is its date (`<time datetime="2023-09-26">`), not its
    // midnight in some time zone.
    let stamp = |w: Option<When>| {
        w.map(|w| match w.is_date_only() {
            true => w.ymd(),
            false => w
                .to_zoned(zone.as_ref())
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string(),
        })
    };
    let neighbours = site.neighbours(id);
    let mut own = card(loaded, &Links::default(), words, id);
    own.authors = person_refs(site, people, &meta.authors, &meta.affiliations)
        .iter()
        .map(Value::from_serializable)
        .collect();
    PageView {
        card: own,
        lang: &entry.lang,
        outdated_source: crate::site::queries::outdated_source(site, id)
            .map(|source| entry_ref(site, id, source)),
        content: html_of(parts, id),
        attribution: attribution(meta),
        diagram: std::iter::once(id)
            .chain(site.answers[id].iter().copied())
            .any(|e| bodies[e].as_ref().is_some_and(|b| b.diagram)),
        share_image: meta
            .image
            .as_deref()
            .or(site.config.share_image.as_deref())
            .map(|image| site.config.share_image_url(image))
            .unwrap_or_default(),
        title_id: body.and_then(|b| b.title_id.as_deref()).unwrap_or(""),
        children: folder_cards(loaded, words, id, 1),
        pager: folder_pager(site, id, 1),
        trail: site
            .trail(id)
            .into_iter()
            .map(|f| folder_ref(site, id, f))
            .collect(),
        previous_page: neighbours.0.map(|p| folder_ref(site, id, p)),
        next_page: neighbours.1.map(|p| folder_ref(site, id, p)),
        toc: body.map(toc).unwrap_or_default(),
        answers: answer_views(loaded, words, id, parts),
        updated: meta.updated.map(|d| d.ymd()).unwrap_or_default(),
        updated_human: human(words, &entry.lang, meta.updated),
        reviewed: meta.reviewed.map(|d| d.ymd()).unwrap_or_default(),
        reviewed_human: human(words, &entry.lang, meta.reviewed),
        speakers: person_refs(site, people, &meta.speakers, &meta.affiliations),
        online_url: meta.online.as_deref().unwrap_or(""),
        recording: meta.recording.as_deref().unwrap_or(""),
        slides: meta.slides.as_deref().unwrap_or(""),
        timezone: meta.timezone.as_deref().unwrap_or(""),
        start: stamp(meta.start).unwrap_or_default(),
        end: stamp(meta.end).unwrap_or_default(),
        extra: &meta.extra,
        backlinks: refs(&relations.backlinks[id]),
        see_also: refs(&relations.see_also[id]),
        related: refs(&relations.related[id]),
        duplicate_of: relations.duplicate_of[id].map(|d| entry_ref(site, id, d)),
        duplicates: refs(&relations.duplicates[id]),
        json_ld: super::json_ld::for_entry(site, people, id).unwrap_or_default(),
        edit_url: super::repository::edit_url(site, id).unwrap_or_default(),
        ics_url: if entry.kind == Kind::Event {
            site.url(&format!("/{}", site.ics_path(id)))
        } else {
            String::new()
        },
    }
}

/// The body of `id` among a page's `parts`.
fn body_of(parts: &[(EntryId, Arc<Rendered>)], id: EntryId) -> Option<&Rendered> {
    parts
        .iter()
        .find(|(p, _)| *p == id)
        .map(|(_, b)| b.as_ref())
}

/// The HTML of `id`'s body among a page's `parts` (empty without one).
fn html_of(parts: &[(EntryId, Arc<Rendered>)], id: EntryId) -> Cow<'_, str> {
    body_of(parts, id).map_or(Cow::Borrowed(""), Rendered::html)
}

/// A body's table of contents: its headings down to `###`.
fn toc(body: &Rendered) -> Vec<HeadingView<'_>> {
    body.headings
        .iter()
        .filter(|h| h.level <= 3)
        .map(|h| HeadingView {
            level: h.level,
            id: &h.id,
            text: &h.text,
        })
        .collect()
}

/// The answers on question `id`'s page, their bodies among `parts`.
fn answer_views<'a>(
    loaded: &'a Loaded,
    words: &Words,
    id: EntryId,
    parts: &'a [(EntryId, Arc<Rendered>)],
) -> Vec<AnswerView<'a>> {
    let site = &loaded.site;
    site.answers[id]
        .iter()
        .map(|&a| {
            let answer = &site.entry(a).meta;
            AnswerView {
                anchor: site.answer_anchor(a),
                attribution: attribution(answer),
                authors: person_refs(site, &loaded.people, &answer.authors, &answer.affiliations),
                date: answer.date.map(|d| d.ymd()).unwrap_or_default(),
                date_human: human(words, &site.entry(a).lang, answer.date),
                votes: answer.votes,
                accepted: answer.accepted,
                content: html_of(parts, a),
            }
        })
        .collect()
}

/// A date as the entry's language writes it; empty when unset.
fn human(words: &Words, lang: &str, when: Option<When>) -> String {
    when.map(|w| words.date(lang, w.date)).unwrap_or_default()
}

/// When an event happens, in its own zone: `Tuesday 3 March 2026, 18:30–20:00 CET`.
fn event_when(
    words: &Words,
    lang: &str,
    start: When,
    end: Option<When>,
    zone: Option<&TimeZone>,
) -> String {
    let day = |date| words.weekday_date(lang, date);
    if start.is_date_only() {
        return match end {
            Some(end) if end.date != start.date => {
                format!(
                    "{} – {}",
                    words.date(lang, start.date),
                    words.date(lang, end.date)
                )
            }
            _ => day(start.date),
        };
    }
    let show_zone = |w: When| match zone {
        Some(zone) => w.to_zoned(Some(zone)),
        None => w.to_zoned(None),
    };
    let s = show_zone(start);
    let mut text = format!("{}, {}", day(s.date()), s.strftime("%H:%M"));
    if let Some(end) = end {
        let e = show_zone(end);
        if e.date() == s.date() {
            text.push_str(&e.strftime("–%H:%M").to_string());
        } else {
            text.push_str(&format!(" – {}, {}", day(e.date()), e.strftime("%H:%M")));
        }
    }
    let label = match zone {
        Some(_) => s.strftime(" %Z").to_string(),
        None if s.offset().seconds() == 0 => " UTC".to_string(),
        None => s.strftime(" UTC%:z").to_string(),
    };
    text.push_str(&label);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words {
        let files = [
            ("en", include_str!("../../themes/default/i18n/en.yml")),
            ("ja", include_str!("../../themes/default/i18n/ja.yml")),
        ];
        let mut words = Words::parse(
            files.map(|(tag, text)| (tag.to_string(), format!("{tag}.yml"), text)),
            &crate::diagnostics::Diagnostics::default(),
        );
        words.resolve(["en", "ja"]);
        words
    }

    #[test]
    fn event_times_show_in_their_zone_and_language() {
        let words = words();
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let start = When::parse("2026-03-03T18:30:00").unwrap();
        let end = When::parse("2026-03-03T20:00:00").unwrap();
        assert_eq!(
            event_when(&words, "en", start, Some(end), Some(&berlin)),
            "Tuesday 3 March 2026, 18:30–20:00 CET"
        );
        assert_eq!(
            event_when(&words, "ja", start, Some(end), Some(&berlin)),
            "2026年3月3日（火）, 18:30–20:00 CET"
        );
        let day = When::parse("2026-06-01").unwrap();
        assert_eq!(
            event_when(&words, "en", day, None, None),
            "Monday 1 June 2026"
        );
    }
}
