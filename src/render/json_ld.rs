//! schema.org structured data for events, written as JSON-LD that is safe
//! inside a `<script>` element. (Questions carry theirs as microdata on the
//! visible page, in `question.html`: a JSON-LD copy repeated every answer's
//! text, 3.7 kB a question page.)

use serde_json::{Value, json};

use crate::analysis::people::People;
use crate::content::Kind;
use crate::content::dates::When;
use crate::site::{EntryId, Site};

/// The JSON-LD for an entry's page, if its kind has one.
pub fn for_entry(site: &Site, people: &People, id: EntryId) -> Option<String> {
    match site.entry(id).kind {
        Kind::Event => Some(script_safe(&event(site, people, id))),
        _ => None,
    }
}

/// JSON that cannot end its `<script>` element early: `<` is written as
/// `\u003c` (valid JSON, so parsers read the same text).
fn script_safe(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

fn person(site: &Site, people: &People, name: &str) -> Value {
    match people.slug_of(name) {
        Some(slug) => json!({
            "@type": "Person",
            "name": people.by_slug.get(slug).map_or(name, |p| p.name.as_str()),
            "url": site.config.absolute_url(&site.config.layout.person_path(slug)),
        }),
        None => json!({ "@type": "Person", "name": name }),
    }
}

fn iso(when: Option<When>, zone: Option<&jiff::tz::TimeZone>) -> Option<String> {
    when.map(|w| {
        if w.is_date_only() && w.offset.is_none() && zone.is_none() {
            w.ymd()
        } else {
            w.to_zoned(zone)
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string()
        }
    })
}

fn event(site: &Site, people: &People, id: EntryId) -> Value {
    let entry = site.entry(id);
    let meta = &entry.meta;
    let zone = meta.zone();
    let place = meta
        .location
        .as_ref()
        .map(|name| json!({ "@type": "Place", "name": name, "address": name }));
    let virtual_place = meta
        .online
        .as_ref()
        .map(|url| json!({ "@type": "VirtualLocation", "url": url }));
    let mode = match (&place, &virtual_place) {
        (Some(_), Some(_)) => "https://schema.org/MixedEventAttendanceMode",
        (None, Some(_)) => "https://schema.org/OnlineEventAttendanceMode",
        _ => "https://schema.org/OfflineEventAttendanceMode",
    };
    let location: Vec<Value> = place.into_iter().chain(virtual_place).collect();
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": entry.title,
        "inLanguage": entry.lang,
        "startDate": iso(meta.start, zone.as_ref()),
        "eventAttendanceMode": mode,
        "eventStatus": "https://schema.org/EventScheduled",
        "url": site.config.absolute_url(&site.paths[id]),
        "organizer": { "@type": "Organization", "name": site.config.title, "url": site.config.base_url },
    });
    if let Some(end) = iso(meta.end, zone.as_ref()) {
        value["endDate"] = json!(end);
    }
    match location.len() {
        0 => {}
        1 => value["location"] = location[0].clone(),
        _ => value["location"] = Value::Array(location),
    }
    if let Some(summary) = &meta.summary {
        value["description"] = json!(summary);
    }
    if !meta.speakers.is_empty() {
        value["performer"] = meta
            .speakers
            .iter()
            .map(|s| person(site, people, s))
            .collect();
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_script() {
        let text = script_safe(&json!({ "name": "</script><script>alert(1)</script>" }));
        assert!(!text.contains("</script>"));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script>");
    }
}
