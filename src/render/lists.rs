//! The generated lists: sections, unanswered questions, tags, and the home
//! page's selections, each sorted once and paginated.

use std::borrow::Cow;
use std::cmp::Reverse;

use serde::Serialize;
use tera::Value;

use super::context::{AttributionView, Views, attribution};
use super::pager::PageLink;
use super::words::Words;
use crate::analysis::Loaded;
use crate::content::Kind;
use crate::markdown::Rendered;
use crate::site::{EntryId, Site, Status};

/// Which list a [`Listing`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Questions,
    Unanswered,
    AnsweredUnaccepted,
    NeedsReview,
    Guides,
    Events,
    Tag,
}

impl ListKind {
    /// The name templates compare to mark the current list.
    pub fn key(self) -> &'static str {
        match self {
            ListKind::Questions => "questions",
            ListKind::Unanswered => "unanswered",
            ListKind::AnsweredUnaccepted => "answered-unaccepted",
            ListKind::NeedsReview => "needs-review",
            ListKind::Guides => "guides",
            ListKind::Events => "events",
            ListKind::Tag => "tag",
        }
    }
}

/// A list of entries at `path`, in display order, split into labelled groups.
pub struct Listing {
    pub kind: ListKind,
    pub path: String,
    /// The language whose entries it lists (the site's spelling).
    pub lang: String,
    /// The key of its title in the theme's words (`tagged` for a tag,
    /// with `tag` filled in).
    pub title: &'static str,
    pub tag: Option<String>,
    pub section: &'static str,
    pub template: &'static str,
    /// The section's `index.md`, shown above the list.
    pub intro: Option<EntryId>,
    /// Entries with the words key of the group they belong to.
    pub items: Vec<(Option<&'static str>, EntryId)>,
    /// Shown when the list is empty (a words key).
    pub empty: &'static str,
}

/// Entries of a list page under one heading (none for most lists).
#[derive(Serialize)]
struct Group<'w> {
    heading: Option<&'w str>,
    entries: Vec<Value>,
}

/// A list page as its template reads it (`list`).
#[derive(Serialize)]
struct ListView<'a, 'w> {
    /// Which list: see [`ListKind::key`].
    key: &'static str,
    title: &'a str,
    url: String,
    intro: Cow<'a, str>,
    /// The intro's summary, for the page's description ("" for
    /// none: the site's).
    description: String,
    /// The intro's source and licence (an imported tag wiki's).
    attribution: Option<AttributionView<'a>>,
    total: usize,
    empty: &'a str,
    groups: Vec<Group<'w>>,
    /// On a section's first page, the plain pages of its folder.
    folder_pages: Vec<Value>,
    current: usize,
    pages: Vec<PageLink>,
    previous: Option<String>,
    next: Option<String>,
    /// The list's Atom feed, for tag pages.
    feed: String,
}

impl Listing {
    pub fn page_count(&self, per_page: usize) -> usize {
        self.items.len().div_ceil(per_page).max(1)
    }

    /// `/questions/` for page 1, `/questions/page/2/` after.
    pub fn page_path(&self, number: usize) -> String {
        if number <= 1 {
            self.path.clone()
        } else {
            format!("{}page/{number}/", self.path)
        }
    }

    /// The list's title in its language.
    pub fn title(&self, words: &Words) -> String {
        let tag = self.tag.as_deref().unwrap_or("");
        words.fill(&self.lang, self.title, &[("tag", tag)])
    }

    /// The `list` value for page `number`.
    pub fn value(&self, loaded: &Loaded, cards: &Views, number: usize, words: &Words) -> Value {
        let site = &loaded.site;
        let per_page = site.config.paginate;
        let count = self.page_count(per_page);
        let start = (number - 1) * per_page;
        let mut groups: Vec<Group> = Vec::new();
        for &(heading, id) in self.items.iter().skip(start).take(per_page) {
            let heading = heading.map(|key| words.get(&self.lang, key));
            match groups.last_mut() {
                Some(group) if group.heading == heading => group.entries.push(cards.card(id)),
                _ => groups.push(Group {
                    heading,
                    entries: vec![cards.card(id)],
                }),
            }
        }
        let intro = self.intro.and_then(|id| loaded.body_html(id));
        let description = intro
            .as_ref()
            .map(|r| r.first_paragraph.clone())
            .unwrap_or_default();
        let intro = intro.as_deref().map_or(Cow::Borrowed(""), Rendered::html);
        let page_url = |n: usize| site.url(&self.page_path(n));
        Value::from_serializable(&ListView {
            key: self.kind.key(),
            title: &self.title(words),
            url: page_url(number),
            intro,
            description,
            attribution: self.intro.and_then(|id| attribution(&site.entry(id).meta)),
            total: self.items.len(),
            empty: words.get(&self.lang, self.empty),
            groups,
            folder_pages: match self.intro {
                Some(intro) if number == 1 => site.children[intro]
                    .iter()
                    .map(|&id| cards.card(id))
                    .collect(),
                _ => Vec::new(),
            },
            current: number,
            pages: super::pager::links(count, number, &page_url),
            feed: if self.kind == ListKind::Tag {
                site.url(&format!("{}feed.xml", self.path))
            } else {
                String::new()
            },
            previous: (number > 1).then(|| page_url(number - 1)),
            next: (number < count).then(|| page_url(number + 1)),
        })
    }
}

/// Newest first, then by path, for a stable order.
fn newest_first(site: &Site, ids: &mut [EntryId]) {
    ids.sort_by_cached_key(|&id| (Reverse(site.timestamp(id)), site.entry(id).rel.clone()));
}

fn by_title(site: &Site, ids: &mut [EntryId]) {
    ids.sort_by_cached_key(|&id| {
        (
            site.entry(id).title.to_lowercase(),
            site.entry(id).rel.clone(),
        )
    });
}

/// The questions of `lang`'s lists, newest first.
pub fn questions_newest(site: &Site, lang: &str) -> Vec<EntryId> {
    let mut ids: Vec<EntryId> = site
        .ids_of(Kind::Question)
        .filter(|&id| site.list_lang(id) == lang)
        .collect();
    newest_first(site, &mut ids);
    ids
}

/// The events of `lang`'s lists: upcoming soonest first, then past
/// events most recent first.
pub fn events_in_order(site: &Site, lang: &str) -> (Vec<EntryId>, Vec<EntryId>) {
    let (mut upcoming, mut past): (Vec<EntryId>, Vec<EntryId>) = site
        .ids_of(Kind::Event)
        .filter(|&id| site.list_lang(id) == lang)
        .partition(|&id| site.is_upcoming(id));
    upcoming.sort_by_cached_key(|&id| (site.timestamp(id), site.entry(id).rel.clone()));
    newest_first(site, &mut past);
    (upcoming, past)
}

/// The languages that have their own home and lists: the default, and
/// each listed language with at least one entry.
pub fn list_languages(site: &Site) -> Vec<String> {
    let languages = &site.config.layout.languages;
    let mut found: Vec<String> = vec![languages.default.clone()];
    for language in &languages.others {
        if site.ids().any(|id| site.list_lang(id) == language.tag) {
            found.push(language.tag.clone());
        }
    }
    found
}

/// Every generated list of the site: each language's sections and tags
/// (`/tags/<tag>/` lists the default language's entries, `/ja/tags/<tag>/`
/// the Japanese ones).
pub fn listings(site: &Site) -> Vec<Listing> {
    let langs = list_languages(site);
    let mut all: Vec<Listing> = langs
        .iter()
        .flat_map(|lang| section_listings(site, lang))
        .collect();
    for lang in &langs {
        all.extend(tag_listings(site, lang));
    }
    all
}

/// The tags of `lang`'s entries: their names, slugs and entries (newest
/// first), by slug.
pub fn tags_in<'s>(site: &'s Site, lang: &str) -> Vec<(&'s crate::site::Tag, Vec<EntryId>)> {
    site.tags
        .values()
        .filter_map(|tag| {
            let mut ids: Vec<EntryId> = tag
                .entries
                .iter()
                .copied()
                .filter(|&id| site.list_lang(id) == lang)
                .collect();
            newest_first(site, &mut ids);
            (!ids.is_empty()).then_some((tag, ids))
        })
        .collect()
}

fn tag_listings(site: &Site, lang: &str) -> Vec<Listing> {
    let prefix = site.lang_prefix(lang);
    tags_in(site, lang)
        .into_iter()
        .map(|(tag, ids)| Listing {
            kind: ListKind::Tag,
            path: format!("{prefix}{}", site.config.layout.tag_path(&tag.slug)),
            lang: lang.to_string(),
            title: "tagged",
            tag: Some(tag.name.clone()),
            section: "tags",
            template: "tag.html",
            intro: site.tag_intro(lang, &tag.slug),
            items: ungrouped(ids),
            empty: "nothing_tagged",
        })
        .collect()
}

fn ungrouped(ids: Vec<EntryId>) -> Vec<(Option<&'static str>, EntryId)> {
    ids.into_iter().map(|id| (None, id)).collect()
}

/// The lists of one language's sections, under its prefix.
fn section_listings(site: &Site, lang: &str) -> Vec<Listing> {
    let questions = questions_newest(site, lang);
    let with_status = |status: Status| -> Vec<EntryId> {
        let mut ids = questions.clone();
        ids.retain(|&id| site.status(id) == status);
        ids
    };
    let (unanswered, unaccepted) = (
        with_status(Status::Unanswered),
        with_status(Status::Answered),
    );
    let mut guides: Vec<EntryId> = site
        .ids_of(Kind::Guide)
        .filter(|&id| site.list_lang(id) == lang)
        .collect();
    let needs_review = needing_review(site, &guides);
    by_title(site, &mut guides);
    let (upcoming, past) = events_in_order(site, lang);
    let mut events: Vec<(Option<&'static str>, EntryId)> = upcoming
        .into_iter()
        .map(|id| (Some("upcoming"), id))
        .collect();
    events.extend(past.into_iter().map(|id| (Some("past"), id)));

    let layout = &site.config.layout;
    let prefix = site.lang_prefix(lang);
    let listing = |kind, key: &str, rest: &str, title, intro, items, empty| Listing {
        kind,
        path: format!("{prefix}{}", layout.section_path(key, rest)),
        lang: lang.to_string(),
        title,
        tag: None,
        section: match key {
            "questions" => "questions",
            "guides" => "guides",
            _ => "events",
        },
        template: "list.html",
        intro,
        items,
        empty,
    };
    vec![
        listing(
            ListKind::Questions,
            "questions",
            "",
            "questions",
            site.intro(lang, "questions"),
            ungrouped(questions),
            "no_questions_yet",
        ),
        listing(
            ListKind::Unanswered,
            "questions",
            "unanswered/",
            "unanswered_questions",
            None,
            ungrouped(unanswered),
            "every_question_answered",
        ),
        listing(
            ListKind::AnsweredUnaccepted,
            "questions",
            "answered-unaccepted/",
            "answered_none_accepted",
            None,
            ungrouped(unaccepted),
            "every_answered_accepted",
        ),
        listing(
            ListKind::NeedsReview,
            "guides",
            "needs-review/",
            "guides_need_review",
            None,
            ungrouped(needs_review),
            "every_guide_reviewed",
        ),
        listing(
            ListKind::Guides,
            "guides",
            "",
            "guides",
            site.intro(lang, "guides"),
            ungrouped(guides),
            "no_guides_yet",
        ),
        listing(
            ListKind::Events,
            "events",
            "",
            "events",
            site.intro(lang, "events"),
            events,
            "no_events_yet",
        ),
    ]
}

/// The `guides` whose review is due, the oldest review first (the most
/// urgent).
fn needing_review(site: &Site, guides: &[EntryId]) -> Vec<EntryId> {
    let mut due: Vec<EntryId> = guides
        .iter()
        .copied()
        .filter(|&id| crate::site::queries::is_stale(site, id))
        .collect();
    due.sort_by_cached_key(|&id| {
        (
            site.entry(id).meta.reviewed.map(|r| r.date),
            site.entry(id).rel.clone(),
        )
    });
    due
}

/// The home page: intro, newest and unanswered questions, upcoming events,
/// recently updated guides.
pub fn home_value(loaded: &Loaded, cards: &Views, listings: &[Listing], lang: &str) -> Value {
    #[derive(Serialize)]
    struct HomeView<'a> {
        title: &'a str,
        intro: Cow<'a, str>,
        newest: Vec<Value>,
        unanswered: Vec<Value>,
        unanswered_total: usize,
        upcoming: Vec<Value>,
        guides: Vec<Value>,
        counts: Counts,
    }
    #[derive(Serialize)]
    struct Counts {
        questions: usize,
        answers: usize,
        guides: usize,
        events: usize,
    }
    let list = |kind: ListKind| listings.iter().find(|l| l.kind == kind && l.lang == lang);
    let pick = |kind: ListKind, n: usize, filter: &dyn Fn(EntryId) -> bool| -> Vec<Value> {
        list(kind)
            .map(|l| {
                l.items
                    .iter()
                    .map(|&(_, id)| id)
                    .filter(|&id| filter(id))
                    .take(n)
                    .map(|id| cards.card(id))
                    .collect()
            })
            .unwrap_or_default()
    };
    let site = &loaded.site;
    let intro_id = site.intro(lang, "");
    let intro = intro_id.and_then(|id| loaded.body_html(id));
    let site_title = site.config.title_in(lang);
    let title = intro_id
        .map(|id| site.entry(id))
        .filter(|e| e.meta.title.is_some() || e.title_from_heading)
        .map_or(site_title, |e| e.title.as_str());
    let mine = |kind: Kind| {
        site.ids_of(kind)
            .filter(move |&id| site.list_lang(id) == lang)
    };
    let mut guides: Vec<EntryId> = mine(Kind::Guide).collect();
    guides.sort_by_cached_key(|&id| {
        let meta = &site.entry(id).meta;
        let when = meta
            .updated
            .or(meta.reviewed)
            .or(meta.date)
            .map(|w| w.timestamp(None));
        (Reverse(when), site.entry(id).title.to_lowercase())
    });
    let unanswered_total = list(ListKind::Unanswered).map_or(0, |l| l.items.len());
    Value::from_serializable(&HomeView {
        title,
        intro: intro.as_deref().map_or(Cow::Borrowed(""), Rendered::html),
        newest: pick(ListKind::Questions, 8, &|_| true),
        unanswered: pick(ListKind::Unanswered, 5, &|_| true),
        unanswered_total,
        upcoming: pick(ListKind::Events, 5, &|id| site.is_upcoming(id)),
        guides: guides
            .into_iter()
            .take(6)
            .map(|id| cards.card(id))
            .collect(),
        counts: Counts {
            questions: mine(Kind::Question).count(),
            answers: mine(Kind::Question).map(|q| site.answers[q].len()).sum(),
            guides: mine(Kind::Guide).count(),
            events: mine(Kind::Event).count(),
        },
    })
}

/// The tag index of `lang`: each tag of its entries with its URL and
/// count, by name.
/// The intro of the list of tags in `lang` (`tags/index.md`): its HTML
/// and summary, empty without one.
pub fn tags_intro(loaded: &Loaded, lang: &str) -> (String, String) {
    loaded
        .site
        .intro(lang, "tags")
        .and_then(|id| loaded.body_html(id))
        .map(|r| (r.html().to_string(), r.first_paragraph.clone()))
        .unwrap_or_default()
}

pub fn tags_value(site: &Site, lang: &str) -> Value {
    #[derive(Serialize)]
    struct TagView<'a> {
        name: &'a str,
        url: String,
        count: usize,
    }
    let prefix = site.lang_prefix(lang);
    let mut tags: Vec<TagView> = tags_in(site, lang)
        .into_iter()
        .map(|(t, ids)| TagView {
            name: &t.name,
            url: site.url(&format!("{prefix}{}", site.config.layout.tag_path(&t.slug))),
            count: ids.len(),
        })
        .collect();
    tags.sort_by_cached_key(|t| t.name.to_lowercase());
    Value::from_serializable(&tags)
}
