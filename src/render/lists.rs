//! The generated lists: sections, unanswered questions, tags, and the home
//! page's selections, each sorted once and paginated.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::sync::Arc;

use serde::Serialize;
use tera::Value;

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
    pub title: String,
    pub section: &'static str,
    pub template: &'static str,
    /// The section's `index.md`, shown above the list.
    pub intro: Option<EntryId>,
    /// Entries with the heading of the group they belong to.
    pub items: Vec<(Option<&'static str>, EntryId)>,
    /// Shown when the list is empty.
    pub empty: &'static str,
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

    /// The `list` value for page `number`.
    pub fn value(
        &self,
        site: &Site,
        bodies: &[Option<Arc<Rendered>>],
        cards: &[Value],
        number: usize,
    ) -> Value {
        #[derive(Serialize)]
        struct Group {
            heading: Option<&'static str>,
            entries: Vec<Value>,
        }
        #[derive(Serialize)]
        struct PageLink {
            number: usize,
            url: String,
            current: bool,
        }
        #[derive(Serialize)]
        struct ListView<'a> {
            /// Which list: see [`ListKind::key`].
            key: &'static str,
            title: &'a str,
            url: String,
            intro: Cow<'a, str>,
            total: usize,
            empty: &'a str,
            groups: Vec<Group>,
            /// On a section's first page, the plain pages of its folder.
            folder_pages: Vec<Value>,
            current: usize,
            pages: Vec<PageLink>,
            previous: Option<String>,
            next: Option<String>,
            /// The list's Atom feed, for tag pages.
            feed: String,
        }
        let per_page = site.config.paginate;
        let count = self.page_count(per_page);
        let start = (number - 1) * per_page;
        let mut groups: Vec<Group> = Vec::new();
        for &(heading, id) in self.items.iter().skip(start).take(per_page) {
            match groups.last_mut() {
                Some(group) if group.heading == heading => group.entries.push(cards[id].clone()),
                _ => groups.push(Group {
                    heading,
                    entries: vec![cards[id].clone()],
                }),
            }
        }
        let intro = self
            .intro
            .and_then(|id| bodies[id].as_ref())
            .map_or(Cow::Borrowed(""), |b| b.html());
        let page_url = |n: usize| site.url(&self.page_path(n));
        Value::from_serializable(&ListView {
            key: self.kind.key(),
            title: &self.title,
            url: page_url(number),
            intro,
            total: self.items.len(),
            empty: self.empty,
            groups,
            folder_pages: match self.intro {
                Some(intro) if number == 1 => site.children[intro]
                    .iter()
                    .map(|&id| cards[id].clone())
                    .collect(),
                _ => Vec::new(),
            },
            current: number,
            pages: if count > 1 {
                (1..=count)
                    .map(|n| PageLink {
                        number: n,
                        url: page_url(n),
                        current: n == number,
                    })
                    .collect()
            } else {
                Vec::new()
            },
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

pub fn questions_newest(site: &Site) -> Vec<EntryId> {
    let mut ids: Vec<EntryId> = site.ids_of(Kind::Question).collect();
    newest_first(site, &mut ids);
    ids
}

/// Upcoming events soonest first, then past events most recent first.
pub fn events_in_order(site: &Site) -> (Vec<EntryId>, Vec<EntryId>) {
    let (mut upcoming, mut past): (Vec<EntryId>, Vec<EntryId>) = site
        .ids_of(Kind::Event)
        .partition(|&id| site.is_upcoming(id));
    upcoming.sort_by_cached_key(|&id| (site.timestamp(id), site.entry(id).rel.clone()));
    newest_first(site, &mut past);
    (upcoming, past)
}

/// Every generated list of the site.
pub fn listings(site: &Site) -> Vec<Listing> {
    let questions = questions_newest(site);
    let unanswered: Vec<EntryId> = questions
        .iter()
        .copied()
        .filter(|&id| site.status(id) == Status::Unanswered)
        .collect();
    let unaccepted: Vec<EntryId> = questions
        .iter()
        .copied()
        .filter(|&id| site.status(id) == Status::Answered)
        .collect();
    let needs_review: Vec<EntryId> = {
        let mut ids: Vec<EntryId> = site
            .ids_of(Kind::Guide)
            .filter(|&id| crate::site::queries::is_stale(site, id))
            .collect();
        // Oldest review first: the most urgent.
        ids.sort_by_cached_key(|&id| {
            (
                site.entry(id).meta.reviewed.map(|r| r.date),
                site.entry(id).rel.clone(),
            )
        });
        ids
    };
    let mut guides: Vec<EntryId> = site.ids_of(Kind::Guide).collect();
    by_title(site, &mut guides);
    let (upcoming, past) = events_in_order(site);
    let ungrouped = |ids: Vec<EntryId>| ids.into_iter().map(|id| (None, id)).collect::<Vec<_>>();
    let mut events: Vec<(Option<&'static str>, EntryId)> = upcoming
        .into_iter()
        .map(|id| (Some("Upcoming"), id))
        .collect();
    events.extend(past.into_iter().map(|id| (Some("Past"), id)));

    let layout = &site.config.layout;
    let mut all = vec![
        Listing {
            kind: ListKind::Questions,
            path: layout.section_path("questions", ""),
            title: "Questions".into(),
            section: "questions",
            template: "list.html",
            intro: site.intros.get("questions").copied(),
            items: ungrouped(questions),
            empty: "No questions yet.",
        },
        Listing {
            kind: ListKind::Unanswered,
            path: layout.section_path("questions", "unanswered/"),
            title: "Unanswered questions".into(),
            section: "questions",
            template: "list.html",
            intro: None,
            items: ungrouped(unanswered),
            empty: "Every question has an answer.",
        },
        Listing {
            kind: ListKind::AnsweredUnaccepted,
            path: layout.section_path("questions", "answered-unaccepted/"),
            title: "Answered, none accepted".into(),
            section: "questions",
            template: "list.html",
            intro: None,
            items: ungrouped(unaccepted),
            empty: "Every answered question has an accepted answer.",
        },
        Listing {
            kind: ListKind::NeedsReview,
            path: layout.section_path("guides", "needs-review/"),
            title: "Guides that need review".into(),
            section: "guides",
            template: "list.html",
            intro: None,
            items: ungrouped(needs_review),
            empty: "Every guide was reviewed recently.",
        },
        Listing {
            kind: ListKind::Guides,
            path: layout.section_path("guides", ""),
            title: "Guides".into(),
            section: "guides",
            template: "list.html",
            intro: site.intros.get("guides").copied(),
            items: ungrouped(guides),
            empty: "No guides yet.",
        },
        Listing {
            kind: ListKind::Events,
            path: layout.section_path("events", ""),
            title: "Events".into(),
            section: "events",
            template: "list.html",
            intro: site.intros.get("events").copied(),
            items: events,
            empty: "No events yet.",
        },
    ];
    for tag in site.tags.values() {
        let mut ids = tag.entries.clone();
        newest_first(site, &mut ids);
        all.push(Listing {
            kind: ListKind::Tag,
            path: layout.tag_path(&tag.slug),
            title: format!("Tagged “{}”", tag.name),
            section: "tags",
            template: "tag.html",
            intro: None,
            items: ungrouped(ids),
            empty: "Nothing carries this tag.",
        });
    }
    all
}

/// The home page: intro, newest and unanswered questions, upcoming events,
/// recently updated guides.
pub fn home_value(
    site: &Site,
    bodies: &[Option<Arc<Rendered>>],
    cards: &[Value],
    listings: &[Listing],
) -> Value {
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
    let list = |kind: ListKind| listings.iter().find(|l| l.kind == kind);
    let pick = |kind: ListKind, n: usize, filter: &dyn Fn(EntryId) -> bool| -> Vec<Value> {
        list(kind)
            .map(|l| {
                l.items
                    .iter()
                    .map(|&(_, id)| id)
                    .filter(|&id| filter(id))
                    .take(n)
                    .map(|id| cards[id].clone())
                    .collect()
            })
            .unwrap_or_default()
    };
    let intro_id = site.intros.get("").copied();
    let title = intro_id
        .map(|id| site.entry(id))
        .filter(|e| e.meta.title.is_some() || e.title_from_heading)
        .map_or(site.config.title.as_str(), |e| e.title.as_str());
    let mut guides: Vec<EntryId> = site.ids_of(Kind::Guide).collect();
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
        intro: intro_id
            .and_then(|id| bodies[id].as_ref())
            .map_or(Cow::Borrowed(""), |b| b.html()),
        newest: pick(ListKind::Questions, 8, &|_| true),
        unanswered: pick(ListKind::Unanswered, 5, &|_| true),
        unanswered_total,
        upcoming: pick(ListKind::Events, 5, &|id| site.is_upcoming(id)),
        guides: guides
            .into_iter()
            .take(6)
            .map(|id| cards[id].clone())
            .collect(),
        counts: Counts {
            questions: site.ids_of(Kind::Question).count(),
            answers: site.ids_of(Kind::Answer).count(),
            guides: site.ids_of(Kind::Guide).count(),
            events: site.ids_of(Kind::Event).count(),
        },
    })
}

/// The tag index: every tag with its URL and count, by name.
pub fn tags_value(site: &Site) -> Value {
    #[derive(Serialize)]
    struct TagView<'a> {
        name: &'a str,
        url: String,
        count: usize,
    }
    let mut tags: Vec<TagView> = site
        .tags
        .values()
        .map(|t| TagView {
            name: &t.name,
            url: site.url(&site.config.layout.tag_path(&t.slug)),
            count: t.entries.len(),
        })
        .collect();
    tags.sort_by_cached_key(|t| t.name.to_lowercase());
    Value::from_serializable(&tags)
}
