//! iCalendar (RFC 5545) files: `/events/calendar.ics` with every event and
//! one `.ics` beside each event's page.
//!
//! Timed events are written in UTC (unambiguous, no VTIMEZONE needed);
//! whole-day events as dates with an exclusive end. UIDs come from the
//! event's path and the site's host, so they are stable across builds;
//! DTSTAMP is the build time (`SOURCE_DATE_EPOCH`). The icalendar crate
//! folds lines at 75 octets and escapes text.

use icalendar::{Calendar, Component, Event, EventLike, Property};
use jiff::Timestamp;

use crate::content::Kind;
use crate::content::dates::When;
use crate::output::OutputFile;
use crate::site::{EntryId, Site};

pub fn files(site: &Site) -> Vec<OutputFile> {
    let events: Vec<EntryId> = site.ids_of(Kind::Event).collect();
    let mut files = Vec::with_capacity(events.len() + 1);
    let mut all = calendar(&site.config.title);
    for &id in &events {
        let mut one = calendar(&site.entry(id).title);
        one.push(event(site, id));
        files.push(OutputFile::text(&site.ics_path(id), one.to_string()));
        all.push(event(site, id));
    }
    let path = site.config.layout.section_path("events", "calendar.ics");
    files.push(OutputFile::text(&path[1..], all.to_string()));
    files
}

fn calendar(name: &str) -> Calendar {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//guildhall//guildhall//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .append_property(Property::new("X-WR-CALNAME", name));
    calendar
}

fn utc(timestamp: Timestamp) -> String {
    timestamp.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// The host part of `base_url`, for UIDs (`localhost` when it has none).
fn host(site: &Site) -> &str {
    let url = &site.config.base_url;
    url.split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or(rest))
        .filter(|h| !h.is_empty())
        .unwrap_or("localhost")
}

fn date_property(
    key: &str,
    when: When,
    zone: Option<&jiff::tz::TimeZone>,
    whole_day_end: bool,
) -> Property {
    if when.is_date_only() {
        let date = if whole_day_end {
            when.date.tomorrow().unwrap_or(when.date)
        } else {
            when.date
        };
        let mut property = Property::new(key, date.strftime("%Y%m%d").to_string());
        property.add_parameter("VALUE", "DATE");
        property
    } else {
        Property::new(key, utc(when.timestamp(zone)))
    }
}

fn event(site: &Site, id: EntryId) -> Event {
    let entry = site.entry(id);
    let meta = &entry.meta;
    let zone = meta.zone();
    let url = site.config.absolute_url(&site.paths[id]);
    let mut event = Event::new();
    event
        .uid(&format!(
            "{}@{}",
            site.paths[id].trim_matches('/').replace('/', "-"),
            host(site)
        ))
        .add_property("DTSTAMP", utc(site.build_time))
        .summary(&entry.title)
        .url(&url);
    if let Some(start) = meta.start {
        event.append_property(date_property("DTSTART", start, zone.as_ref(), false));
        let end = match meta.end {
            Some(end) => Some(end),
            // A whole-day event without an end lasts its day.
            None if start.is_date_only() => Some(start),
            None => None,
        };
        if let Some(end) = end {
            event.append_property(date_property(
                "DTEND",
                end,
                zone.as_ref(),
                start.is_date_only(),
            ));
        }
    }
    let mut description = meta.summary.clone().unwrap_or_default();
    if !description.is_empty() {
        description.push_str("\n\n");
    }
    description.push_str(&url);
    event.description(&description);
    match (&meta.location, &meta.online) {
        (Some(place), _) => {
            event.location(place);
        }
        (None, Some(online)) => {
            event.location(online);
        }
        (None, None) => {}
    }
    for category in &meta.tags {
        event.add_multi_property("CATEGORIES", category);
    }
    event.done()
}
