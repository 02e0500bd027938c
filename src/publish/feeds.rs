//! Atom 1.0 feeds: `/feed.xml` (newest entries of every kind, answers
//! included), one per section (`/questions/feed.xml`, ...) and one per tag
//! (`/tags/<tag>/feed.xml`). Ids are the entries' absolute URLs; `updated`
//! comes from the entries, so feeds are the same for the same content.

use atom_syndication::{
    Category, Content, Entry, Feed, FixedDateTime, Generator, Link, Person, Text,
};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::analysis::Loaded;
use crate::analysis::people::People;
use crate::content::Kind;
use crate::markdown::Rendered;
use crate::output::OutputFile;
use crate::render::words::Words;
use crate::site::{EntryId, Site};

/// Entries per feed.
pub const FEED_LENGTH: usize = 30;

/// The Atom feeds, titled in their language with the theme's `words`;
/// with `holding`, only those that show one of these entries.
pub fn files(
    loaded: &Loaded,
    words: &Words,
    holding: Option<&HashSet<EntryId>>,
) -> Vec<OutputFile> {
    let (site, people, bodies) = (&loaded.site, &loaded.people, &loaded.bodies);
    let times = site.ids().map(|id| entry_time(site, id)).collect();
    let mut writer = FeedWriter {
        site,
        people,
        bodies,
        times,
        contents: HashMap::new(),
    };
    let mut feeds = specs(site, words, &writer);
    for feed in &mut feeds {
        feed.ids = writer.newest(std::mem::take(&mut feed.ids));
    }
    if let Some(holding) = holding {
        feeds.retain(|feed| feed.ids.iter().any(|id| holding.contains(id)));
    }
    // An entry is in several feeds, and answers share their question's
    // page: each page's bodies are rendered once. Code is not
    // highlighted: feed readers have no stylesheet for the classes, and
    // highlighting is most of a page's cost.
    let shown: HashSet<EntryId> = feeds
        .iter()
        .filter(|f| f.full)
        .flat_map(|f| f.ids.iter().copied())
        .collect();
    let mut pages: Vec<EntryId> = shown.iter().map(|&id| site.page_of(id)).collect();
    pages.sort_unstable();
    pages.dedup();
    writer.contents = pages
        .par_iter()
        .flat_map_iter(|&page| loaded.page_bodies(page))
        .filter(|(id, _)| shown.contains(id))
        .map(|(id, body)| (id, body.html_plain_code().into_owned()))
        .collect();
    feeds.par_iter().map(|feed| writer.feed(feed)).collect()
}

/// Every feed with its entries (not yet the newest only): the site's and
/// each section's per language, then each language's tags. Titles and
/// subtitles are the language's (`languages:`), section and tag names
/// the theme's words in it.
fn specs(site: &Site, words: &Words, writer: &FeedWriter) -> Vec<FeedSpec> {
    let dated = |filter: &dyn Fn(EntryId) -> bool| -> Vec<EntryId> {
        site.ids()
            .filter(|&id| !site.is_intro(id) && writer.time(id).is_some() && filter(id))
            .filter(|&id| site.entry(id).kind != Kind::Answer || site.question_of[id].is_some())
            .collect()
    };
    let layout = &site.config.layout;
    let mut feeds: Vec<FeedSpec> = Vec::new();
    // One set per language with its own lists: `/feed.xml`, `/ja/feed.xml`.
    for lang in crate::render::lists::list_languages(site) {
        let prefix = site.lang_prefix(&lang);
        let title = site.config.title_in(&lang);
        let subtitle = site.config.description_in(&lang);
        let mine = |id: EntryId| site.list_lang(id) == lang;
        feeds.push(FeedSpec {
            path: format!("{prefix}/feed.xml"),
            page: format!("{prefix}/"),
            title: title.to_string(),
            subtitle: subtitle.to_string(),
            lang: lang.clone(),
            ids: dated(&|id| mine(id)),
            full: true,
        });
        for (section, kinds) in [
            ("questions", &[Kind::Question, Kind::Answer][..]),
            ("guides", &[Kind::Guide][..]),
            ("events", &[Kind::Event][..]),
        ] {
            feeds.push(FeedSpec {
                path: format!("{prefix}{}", layout.section_path(section, "feed.xml")),
                page: format!("{prefix}{}", layout.section_path(section, "")),
                title: format!("{} · {title}", words.get(&lang, section)),
                subtitle: subtitle.to_string(),
                lang: lang.clone(),
                ids: dated(&|id| mine(id) && kinds.contains(&site.entry(id).kind)),
                full: true,
            });
        }
        // The language's tags, as its tag pages list them.
        for (tag, ids) in crate::render::lists::tags_in(site, &lang) {
            let ids = ids
                .into_iter()
                .filter(|&id| writer.time(id).is_some())
                .collect();
            let page = format!("{prefix}{}", layout.tag_path(&tag.slug));
            let tagged = words.fill(&lang, "tagged", &[("tag", &tag.name)]);
            feeds.push(FeedSpec {
                path: format!("{page}feed.xml"),
                page,
                title: format!("{tagged} · {title}"),
                subtitle: subtitle.to_string(),
                lang: lang.clone(),
                ids,
                full: false,
            });
        }
    }
    feeds
}

/// One feed: its path, the page it follows, its title and its entries.
struct FeedSpec {
    path: String,
    page: String,
    title: String,
    /// The site's description in its language (none when empty).
    subtitle: String,
    /// Its language (`xml:lang`).
    lang: String,
    ids: Vec<EntryId>,
    /// Whether entries carry their whole HTML, or only a summary. Tag
    /// feeds carry summaries (as Hugo's feeds do): the same entries are in
    /// the site's and sections' feeds in full, and full tag feeds were
    /// 8.4 MB of a 10,000-entry site (issue #24).
    full: bool,
}

struct FeedWriter<'a> {
    site: &'a Site,
    people: &'a People,
    bodies: &'a [Option<Arc<Rendered>>],
    /// Each entry's time, computed once (feeds sort by it many times).
    times: Vec<Option<FixedDateTime>>,
    /// The HTML of every entry shown in a feed.
    contents: HashMap<EntryId, String>,
}

/// When an entry last changed, for ordering and `updated`.
fn entry_time(site: &Site, id: EntryId) -> Option<FixedDateTime> {
    let meta = &site.entry(id).meta;
    let zone = meta.zone();
    let when = meta
        .updated
        .or(meta.date)
        .or(meta.reviewed)
        .or(meta.start)?;
    rfc3339(when.timestamp(zone.as_ref()))
}

impl FeedWriter<'_> {
    fn time(&self, id: EntryId) -> Option<FixedDateTime> {
        self.times[id]
    }

    fn published(&self, id: EntryId) -> Option<FixedDateTime> {
        let meta = &self.site.entry(id).meta;
        meta.date.and_then(|d| rfc3339(d.timestamp(None)))
    }

    /// The newest [`FEED_LENGTH`] of `ids`, newest first.
    fn newest(&self, mut ids: Vec<EntryId>) -> Vec<EntryId> {
        let site = self.site;
        ids.sort_by(|&a, &b| {
            self.time(b)
                .cmp(&self.time(a))
                .then_with(|| site.entry(a).rel.cmp(&site.entry(b).rel))
        });
        ids.truncate(FEED_LENGTH);
        ids
    }

    fn feed(&self, spec: &FeedSpec) -> OutputFile {
        let site = self.site;
        let FeedSpec {
            path,
            page,
            title,
            subtitle,
            lang,
            ids,
            full,
        } = spec;
        let entries: Vec<Entry> = ids.iter().map(|&id| self.entry(id, *full)).collect();
        let updated = entries
            .iter()
            .map(|e| e.updated)
            .max()
            .or_else(|| rfc3339(site.build_time))
            .unwrap_or_default();
        let feed = Feed {
            title: Text::plain(title),
            id: site.config.absolute_url(path),
            updated,
            links: vec![
                Link {
                    href: site.config.absolute_url(path),
                    rel: "self".into(),
                    mime_type: Some("application/atom+xml".into()),
                    ..Link::default()
                },
                Link {
                    href: site.config.absolute_url(page),
                    rel: "alternate".into(),
                    mime_type: Some("text/html".into()),
                    ..Link::default()
                },
            ],
            subtitle: (!subtitle.is_empty()).then(|| Text::plain(subtitle.clone())),
            generator: Some(Generator {
                value: "guildhall".into(),
                uri: None,
                version: None,
            }),
            entries,
            lang: Some(lang.clone()),
            ..Feed::default()
        };
        let mut xml = feed.to_string();
        xml.push('\n');
        OutputFile::text(path.trim_start_matches('/'), xml)
    }

    fn entry(&self, id: EntryId, full: bool) -> Entry {
        let site = self.site;
        let entry = site.entry(id);
        let url = site.config.absolute_url(&site.paths[id]);
        let title = site.entry_title(id);
        let authors = entry
            .meta
            .authors
            .iter()
            .map(|name| Person {
                name: self
                    .people
                    .slug_of(name)
                    .and_then(|s| self.people.by_slug.get(s))
                    .map_or_else(|| name.clone(), |p| p.name.clone()),
                uri: self
                    .people
                    .slug_of(name)
                    .map(|s| site.config.absolute_url(&site.config.layout.person_path(s))),
                ..Person::default()
            })
            .collect();
        Entry {
            title: Text::plain(title),
            id: url.clone(),
            updated: self.time(id).unwrap_or_default(),
            published: self.published(id),
            authors,
            categories: entry
                .meta
                .tags
                .iter()
                .map(|t| Category {
                    term: t.clone(),
                    ..Category::default()
                })
                .collect(),
            links: vec![Link {
                href: url,
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Link::default()
            }],
            summary: if full {
                entry.meta.summary.as_ref().map(|s| Text::plain(s.clone()))
            } else {
                Some(Text::plain(crate::analysis::summary(site, self.bodies, id)))
                    .filter(|s| !s.value.is_empty())
            },
            content: full
                .then(|| self.contents.get(&id))
                .flatten()
                .map(|html| Content {
                    value: Some(html.clone()),
                    content_type: Some("html".into()),
                    ..Content::default()
                }),
            ..Entry::default()
        }
    }
}

fn rfc3339(timestamp: jiff::Timestamp) -> Option<FixedDateTime> {
    FixedDateTime::parse_from_rfc3339(&timestamp.to_string()).ok()
}
