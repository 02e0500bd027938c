//! Checks that need only one file: required fields, shapes (slug, time
//! zone, web addresses), an event's times, and fields set on a kind that
//! ignores them. Each check is a function; `check_entry` runs them all.
//! And two that need every file: overviews of events, and pages among
//! events.

use std::collections::{HashMap, HashSet};

use super::front_matter::FrontMatter;
use super::{Entry, Kind, folder_of, is_valid_slug, slugify};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Every check of this module on `entry`, its problems added to `problems`.
pub(super) fn check_entry(entry: &Entry, problems: &mut Vec<Diagnostic>) {
    required_fields(entry, problems);
    slug(entry, problems);
    let zone = time_zone(entry, problems);
    if entry.kind == Kind::Event {
        event_times(entry, zone.as_ref(), problems);
    }
    web_addresses(entry, problems);
    fields_of_other_kinds(entry, problems);
}

/// A folder's own page in the events folder with events in its folder or
/// below (Docsy's year pages: `events/2024/_index.md`, with each summit's
/// `_index.md` under it) lists events and is not one,
/// even with a date (such sites give it one to order the years): it is
/// built as a page, not as an event of a day with a calendar file. A
/// page that says `kind: event` stays an event. Needs every entry, so
/// `load` runs it once all are read. Returns the folders that hold events
/// (see [`folders_above_events`]: the same after the change, since a page
/// changed only where events below it put its folder and those above in),
/// which [`pages_among_events`] reads too.
pub(super) fn overviews_of_events(entries: &mut [Entry], events: &str) -> HashSet<String> {
    let listing = folders_above_events(entries, events);
    for entry in entries.iter_mut() {
        if entry.kind == Kind::Event
            && entry.meta.kind.is_none()
            && entry.is_index()
            && listing.contains(folder_of(&entry.rel))
        {
            entry.kind = Kind::Page;
        }
    }
    listing
}

/// Each folder that holds an event in the events folder, or a folder
/// that does, however deep, but the events' own folder pages' folders
/// (an event in `events/2024/summit/_index.md` puts `events/2024` and
/// `events` in, not `events/2024/summit`).
fn folders_above_events(entries: &[Entry], events: &str) -> HashSet<String> {
    let mut folders = HashSet::new();
    for entry in entries
        .iter()
        .filter(|e| e.kind == Kind::Event && in_section(&e.rel, events))
    {
        let mut folder = folder_of(&entry.rel);
        if entry.is_index() {
            folder = folder_of(folder);
        }
        // Up to the first folder already in: those above it are too.
        while !folder.is_empty() && folders.insert(folder.to_string()) {
            folder = folder_of(folder);
        }
    }
    folders
}

/// A file in the events folder without `start` is built as a page: said,
/// in case an event's `start` was forgotten. A folder's own page
/// (`index.md`, `_index.md`, `README.md`) is no event and needs no word,
/// nor does a page in an event's folder (its schedule, its venue), or in
/// any folder with a page of its own that lists no events: that page
/// lists it, as a section's page lists its pages (`listing`: the folders
/// that hold events, from [`overviews_of_events`]). Needs every entry, so
/// `load` runs it once all are read.
pub(super) fn pages_among_events(
    entries: &[Entry],
    events: &str,
    listing: &HashSet<String>,
    diagnostics: &Diagnostics,
) {
    let in_events = |rel: &str| in_section(rel, events);
    let folder_pages: HashMap<&str, &Entry> = entries
        .iter()
        .filter(|e| e.is_index() && in_events(&e.rel))
        .map(|e| (folder_of(&e.rel), e))
        .collect();
    for entry in entries {
        if entry.kind != Kind::Page
            || entry.meta.kind.is_some()
            || !in_events(&entry.rel)
            || entry.is_index()
        {
            continue;
        }
        // A page in a folder with a page of its own, not the section's
        // and not a list of events, is about that page's subject (an
        // undated gathering's schedule): no event forgotten.
        let own = folder_of(&entry.rel);
        if own != events && folder_pages.contains_key(own) && !listing.contains(own) {
            continue;
        }
        let mut above: Vec<&Entry> = Vec::new();
        let mut folder = own;
        while !folder.is_empty() {
            above.extend(folder_pages.get(folder).copied());
            folder = folder_of(folder);
        }
        if above.iter().any(|page| page.kind == Kind::Event) {
            continue;
        }
        // A key of the site's own that looks like a date (Hugo themes'
        // `eventDate`), here or on the folder pages above: the setting
        // that reads it.
        let date_key = std::iter::once(entry)
            .chain(above)
            .find_map(|e| e.meta.extra.keys().find(|key| looks_like_a_date(key)));
        diagnostics.push(page_not_event(entry, events, date_key));
    }
}

/// Whether content path `rel` is under the top folder `section`.
fn in_section(rel: &str, section: &str) -> bool {
    rel.split_once('/').is_some_and(|(top, _)| top == section)
}

fn looks_like_a_date(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.contains("date") || key.contains("start")
}

fn page_not_event(entry: &Entry, events: &str, date_key: Option<&String>) -> Diagnostic {
    let problem = entry.problem_at_key(
        false,
        "start",
        format!("no `start`: this file under {events}/ is built as a page, not an event"),
    );
    match date_key {
        Some(key) => problem.with_help(format!(
            "to read `{key}:` as the start, add `front_matter: {{start: {key}}}` to guildhall.yml; or add `start: 2026-03-01T18:30:00+01:00`, or `kind: page` to say it is a page"
        )),
        None => problem.with_help(
            "add `start: 2026-03-01T18:30:00+01:00` to make it an event, or `kind: page` to say it is a page",
        ),
    }
}

/// What each kind cannot do without.
fn required_fields(entry: &Entry, problems: &mut Vec<Diagnostic>) {
    let meta = &entry.meta;
    let kind = entry.kind;
    let mut require = |present: bool, key: &str, example: &str| {
        if !present {
            problems.push(
                entry
                    .problem_at_key(
                        true,
                        key,
                        format!("{} {} needs `{key}`", kind.article(), kind.as_str()),
                    )
                    .with_help(format!("add `{key}: {example}` to the front matter")),
            );
        }
    };
    let dated = meta.date.is_some() || has_key(meta, "date");
    // A leading `# heading` is a title too, for every kind.
    let titled = meta.title.is_some() || entry.title_from_heading;
    match kind {
        Kind::Question => {
            require(titled, "title", "How do I ...?");
            require(dated, "date", "2026-03-01");
        }
        Kind::Answer => {
            require(dated, "date", "2026-03-01");
            require(
                !meta.authors.is_empty() || has_key(meta, "author") || has_key(meta, "authors"),
                "author",
                "Your Name",
            );
        }
        Kind::Guide => require(titled, "title", "How we ..."),
        Kind::Event => {
            require(titled, "title", "Monthly meetup");
            require(
                meta.start.is_some() || has_key(meta, "start"),
                "start",
                "2026-03-01T18:30:00+01:00",
            );
        }
        Kind::Page => {}
    }
}

/// `slug:` has the shape of a URL segment, or of a path of them
/// (Docusaurus's `slug: /install/linux`), and a file name without one
/// gives a segment that is not empty.
fn slug(entry: &Entry, problems: &mut Vec<Diagnostic>) {
    let meta = &entry.meta;
    let is_path = |slug: &str| {
        slug.contains('/') && slug.split('/').filter(|s| !s.is_empty()).all(is_valid_slug)
    };
    if let Some(slug) = &meta.slug
        && !is_valid_slug(slug)
        && !is_path(slug)
    {
        problems.push(
            entry
                .problem_at_key(
                    true,
                    "slug",
                    format!("`slug` may use only a-z, 0-9 and -, found `{slug}`"),
                )
                .with_help(format!("try `slug: {}`", slugify(slug))),
        );
    }
    if meta.slug.is_none() && !entry.is_index() && slugify(entry.stem()).is_empty() {
        problems.push(
            Diagnostic::error(&entry.file, "the file name gives an empty URL segment")
                .at(&entry.source, 1, 1, 1)
                .with_help("rename the file with letters or digits, or set `slug:`"),
        );
    }
}

/// The entry's `timezone:`, when it names one the time zone database has.
fn time_zone(entry: &Entry, problems: &mut Vec<Diagnostic>) -> Option<jiff::tz::TimeZone> {
    let name = entry.meta.timezone.as_ref()?;
    match jiff::tz::TimeZone::get(name) {
        Ok(zone) => Some(zone),
        Err(_) => {
            problems.push(
                entry
                    .problem_at_key(true, "timezone", format!("unknown time zone `{name}`"))
                    .with_help("use an IANA name such as `Europe/Berlin` or `America/New_York`"),
            );
            None
        }
    }
}

/// An event's times say where in the world they are, and it ends after it
/// starts.
fn event_times(entry: &Entry, zone: Option<&jiff::tz::TimeZone>, problems: &mut Vec<Diagnostic>) {
    let meta = &entry.meta;
    for (key, when) in [("start", meta.start), ("end", meta.end)] {
        if let Some(when) = when
            && !when.is_date_only()
            && when.offset.is_none()
            && meta.timezone.is_none()
        {
            problems.push(
                entry
                    .problem_at_key(
                        true,
                        key,
                        format!("`{key}` has a time but no offset or time zone"),
                    )
                    .with_help(
                        "add an offset (`+01:00`, `Z`) or a `timezone: Europe/Berlin` field",
                    ),
            );
        }
    }
    if let (Some(start), Some(end)) = (meta.start, meta.end)
        && end.timestamp(zone) < start.timestamp(zone)
    {
        problems.push(entry.problem_at_key(
            true,
            "end",
            format!(
                "the event ends ({}) before it starts ({})",
                end.written(),
                start.written()
            ),
        ));
    }
}

/// URL fields become links: only web addresses, never `javascript:`.
fn web_addresses(entry: &Entry, problems: &mut Vec<Diagnostic>) {
    let meta = &entry.meta;
    for (key, value) in [
        ("online", &meta.online),
        ("recording", &meta.recording),
        ("slides", &meta.slides),
    ] {
        if let Some(url) = value
            && !crate::config::is_web_url(url)
        {
            problems.push(
                entry
                    .problem_at_key(
                        true,
                        key,
                        format!(
                            "`{key}` should be a web address starting with https:// or http://"
                        ),
                    )
                    .with_help(format!("for example `{key}: https://example.org/...`")),
            );
        }
    }
}

/// The front matter keys that only one kind uses.
const ONLY_FOR: &[(&str, Kind)] = &[
    ("accepted", Kind::Answer),
    ("votes", Kind::Answer),
    ("duplicate_of", Kind::Question),
    ("level", Kind::Guide),
    ("reviewed", Kind::Guide),
    ("start", Kind::Event),
    ("end", Kind::Event),
    ("timezone", Kind::Event),
    ("location", Kind::Event),
    ("online", Kind::Event),
    ("recording", Kind::Event),
    ("slides", Kind::Event),
    ("speakers", Kind::Event),
];

/// Whether an entry of `kind` uses front matter `key`: every key but those
/// only another kind uses.
pub(super) fn uses(kind: Kind, key: &str) -> bool {
    ONLY_FOR
        .iter()
        .all(|&(only, for_kind)| only != key || for_kind == kind)
}

/// A field that only another kind uses is a warning: it has no effect here.
fn fields_of_other_kinds(entry: &Entry, problems: &mut Vec<Diagnostic>) {
    let kind = entry.kind;
    for &(key, for_kind) in ONLY_FOR {
        if !uses(kind, key) && has_key(&entry.meta, key) {
            problems.push(entry.problem_at_key(
                false,
                key,
                format!(
                    "`{key}` is only used on {}s; this file is {} {}",
                    for_kind.as_str(),
                    kind.article(),
                    kind.as_str()
                ),
            ));
        }
    }
}

fn has_key(meta: &FrontMatter, key: &str) -> bool {
    meta.positions.contains_key(key)
}
