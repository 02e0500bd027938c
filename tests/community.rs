//! The community graph on `tests/fixtures/community`: Q&A with structured
//! data, events with calendars read back by a real iCalendar parser, feeds
//! read back by a real Atom parser, people, backlinks, related entries,
//! duplicates and aliases.

mod common;

use common::{TestSite, between, microdata};
use serde_json::Value;

/// The JSON-LD object embedded in a page.
fn json_ld(html: &str) -> Value {
    let text = between(html, "<script type=\"application/ld+json\">", "</script>");
    serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON-LD ({e}): {text}"))
}

const BASE: &str = "https://example.org/kb/";

/// The QAPage item of a question page, read as a search engine reads
/// microdata (URLs resolved against the page's address).
fn qa_page(site: &TestSite, slug: &str) -> microdata::Item {
    let html = site.read(&format!("questions/{slug}/index.html"));
    let items = microdata::items(&html, &format!("{BASE}questions/{slug}/"));
    let pages: Vec<_> = items
        .into_iter()
        .filter(|i| i.types == ["https://schema.org/QAPage"])
        .collect();
    assert_eq!(pages.len(), 1, "one QAPage item in {html}");
    pages[0].clone()
}

#[test]
fn question_pages_carry_qapage_structured_data() {
    let site = TestSite::built("community");
    let page = site.read("questions/restore-test/index.html");
    assert!(
        !page.contains("application/ld+json"),
        "the answers are not repeated in a JSON-LD copy"
    );
    let qa = qa_page(&site, "restore-test");
    let q = qa.item("mainEntity");
    assert_eq!(q.types, ["https://schema.org/Question"]);
    assert_eq!(q.text("name"), "How do I test a restore?");
    assert_eq!(q.text("answerCount"), "2");
    assert_eq!(q.text("dateCreated"), "2026-03-01");
    let author = q.item("author");
    assert_eq!(author.types, ["https://schema.org/Person"]);
    assert_eq!(author.text("name"), "Ana Lima");
    assert_eq!(
        author.text("url"),
        "https://example.org/kb/people/ana-lima/"
    );
    assert_eq!(
        q.text("url"),
        "https://example.org/kb/questions/restore-test/"
    );
    assert_eq!(
        q.text("text"),
        "We never restored a backup. See the Backups you can trust."
    );
    let accepted = q.item("acceptedAnswer");
    assert_eq!(accepted.types, ["https://schema.org/Answer"]);
    assert_eq!(accepted.text("upvoteCount"), "5");
    assert_eq!(accepted.item("author").text("name"), "Bo Chen");
    assert_eq!(
        accepted.text("url"),
        "https://example.org/kb/questions/restore-test/#answer-bo"
    );
    assert_eq!(accepted.text("dateCreated"), "2026-03-02");
    assert_eq!(
        accepted.text("text"),
        "Restore daily; the backup guide explains how."
    );
    let suggested = q.items("suggestedAnswer");
    assert_eq!(suggested.len(), 1);
    assert_eq!(
        suggested[0].item("author").text("name"),
        "Ana Lima",
        "lowercase spelling normalised"
    );
    assert_eq!(suggested[0].text("text"), "Also time it.");
    // Answer properties stay with their answer, not the question.
    assert_eq!(q.all("upvoteCount").len(), 0);
}

#[test]
fn an_answer_without_an_author_shows_its_date_and_is_the_sites_in_structured_data() {
    let site = TestSite::fixture("community");
    site.write(
        "content/questions/restore-test/anon.md",
        "---\ndate: 2026-03-04\nauthors: []\nvotes: 1\n---\nRestore into a scratch database.\n",
    );
    site.build().success();
    let page = site.read("questions/restore-test/index.html");
    let line = between(&page, r#"<p class="meta" id="answer-anon-by">"#, "</p>");
    assert!(!line.contains("Answer by"), "no one named: {line}");
    assert!(
        line.contains(r#"<time itemprop="dateCreated" datetime="2026-03-04">"#),
        "{line}"
    );
    let qa = qa_page(&site, "restore-test");
    let answers = qa.item("mainEntity").items("suggestedAnswer");
    let anon = answers
        .iter()
        .find(|a| a.text("text") == "Restore into a scratch database.")
        .expect("the answer in the QAPage data");
    let author = anon.item("author");
    assert_eq!(author.types, ["https://schema.org/Organization"]);
    assert_eq!(author.text("name"), "Community fixture", "the site");
}

#[test]
fn unanswered_questions_have_no_answer_fields() {
    let site = TestSite::built("community");
    let q = qa_page(&site, "dump-is-enough").item("mainEntity").clone();
    assert_eq!(q.text("answerCount"), "0");
    assert!(!q.has("acceptedAnswer"));
    assert!(!q.has("suggestedAnswer"));
}

#[test]
fn event_pages_carry_event_structured_data() {
    let site = TestSite::built("community");
    let online = json_ld(&site.read("events/online-talk/index.html"));
    assert_eq!(online["@type"], "Event");
    assert_eq!(
        online["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(online["location"]["@type"], "VirtualLocation");
    assert_eq!(online["location"]["url"], "https://meet.example.org/talk");
    assert_eq!(online["startDate"], "2026-06-10T12:00:00-04:00");
    assert_eq!(online["performer"][0]["name"], "Ana Lima");
    assert_eq!(online["inLanguage"], "en", "the page's language");
    let hybrid = json_ld(&site.read("events/berlin-after-dst/index.html"));
    assert_eq!(
        hybrid["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    assert_eq!(hybrid["location"][0]["@type"], "Place");
    assert_eq!(hybrid["location"][1]["@type"], "VirtualLocation");
    assert_eq!(
        hybrid["startDate"], "2026-03-30T10:00:00+02:00",
        "local time with the zone's summer offset"
    );
    let offline = json_ld(&site.read("events/conference/index.html"));
    assert_eq!(
        offline["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(offline["startDate"], "2026-09-01");
}

#[test]
fn event_pages_show_times_in_their_own_zone() {
    let site = TestSite::built("community");
    let winter = site.read("events/berlin-before-dst/index.html");
    assert!(
        winter.contains("Saturday 28 March 2026, 10:00–12:00 CET"),
        "{winter}"
    );
    let summer = site.read("events/berlin-after-dst/index.html");
    assert!(
        summer.contains("Monday 30 March 2026, 10:00–12:00 CEST"),
        "{summer}"
    );
    assert!(summer.contains("href=\"/kb/events/berlin-after-dst.ics\""));
}

/// The VEVENTs of an iCalendar file, each as (property name, value) pairs.
fn vevents(ics: &str) -> Vec<Vec<(String, String)>> {
    let unfolded = icalendar::parser::unfold(ics);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .map(|c| {
            c.properties
                .iter()
                .map(|p| (p.name.as_str().to_string(), p.val.as_str().to_string()))
                .collect()
        })
        .collect()
}

fn prop<'a>(event: &'a [(String, String)], name: &str) -> &'a str {
    event
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("{name} missing in {event:?}"))
}

#[test]
fn calendars_parse_and_put_times_right_across_dst() {
    let site = TestSite::built("community");
    let ics = site.read("events/calendar.ics");
    // RFC 5545: CRLF line ends, lines folded at 75 octets.
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "line over 75 octets: {line:?}");
        assert!(!line.contains('\n'), "bare LF in {line:?}");
    }
    let events = vevents(&ics);
    assert_eq!(events.len(), 4);
    let by_summary = |s: &str| {
        events
            .iter()
            .find(|e| prop(e, "SUMMARY") == s)
            .unwrap_or_else(|| panic!("{s}"))
    };
    // Europe/Berlin is UTC+1 before 29 March 2026 and UTC+2 after.
    let winter = by_summary("Berlin, winter time");
    assert_eq!(prop(winter, "DTSTART"), "20260328T090000Z");
    assert_eq!(prop(winter, "DTEND"), "20260328T110000Z");
    let summer = by_summary("Berlin, summer time");
    assert_eq!(prop(summer, "DTSTART"), "20260330T080000Z");
    let online = by_summary("Online talk");
    assert_eq!(prop(online, "DTSTART"), "20260610T160000Z");
    assert_eq!(prop(online, "LOCATION"), "https://meet.example.org/talk");
    // A whole-day event: dates, with an exclusive end.
    let conference = by_summary("Two-day conference");
    assert_eq!(prop(conference, "DTSTART"), "20260901");
    assert_eq!(prop(conference, "DTEND"), "20260903");
    // Text is escaped in the file (the parser unescapes it), and survives folding.
    assert!(
        ics.contains("octets\\, with commas\r\n \\, semicolons\\; and a backslash \\\\ too"),
        "{ics}"
    );
    assert!(
        prop(winter, "DESCRIPTION").contains("with commas, semicolons; and a backslash \\ too"),
        "{winter:?}"
    );
    // DTSTAMP is the build time from SOURCE_DATE_EPOCH (1780000000).
    assert_eq!(prop(winter, "DTSTAMP"), "20260528T202640Z");
    assert_eq!(prop(winter, "UID"), "events-berlin-before-dst@example.org");
}

#[test]
fn calendar_uids_are_stable_and_each_event_has_its_own_file() {
    let site = TestSite::built("community");
    let first = site.read("events/calendar.ics");
    let run = site.run(&["build"]);
    assert_eq!(run.code(), 0);
    assert_eq!(
        site.read("events/calendar.ics"),
        first,
        "same input, same calendar"
    );
    let one = vevents(&site.read("events/online-talk.ics"));
    assert_eq!(one.len(), 1);
    assert_eq!(prop(&one[0], "UID"), "events-online-talk@example.org");
    assert_eq!(
        prop(&one[0], "URL"),
        "https://example.org/kb/events/online-talk/"
    );
}

#[test]
fn atom_feeds_parse_with_absolute_urls_and_stable_ids() {
    let site = TestSite::built("community");
    let xml = site.read("feed.xml");
    let feed = atom_syndication::Feed::read_from(xml.as_bytes()).expect("valid Atom");
    assert_eq!(feed.title.value, "Community fixture");
    assert_eq!(feed.id, "https://example.org/kb/feed.xml");
    assert!(
        feed.links
            .iter()
            .any(|l| l.rel == "self" && l.href == "https://example.org/kb/feed.xml")
    );
    // Newest first by `updated`, else `date`, else an event's start.
    assert!(
        feed.entries
            .windows(2)
            .all(|w| w[0].updated >= w[1].updated),
        "newest first"
    );
    assert_eq!(feed.entries[0].title.value, "Two-day conference");
    let guide = feed
        .entries
        .iter()
        .find(|e| e.id == "https://example.org/kb/guides/backup-guide/")
        .expect("guide");
    assert_eq!(guide.updated.to_rfc3339(), "2026-03-10T00:00:00+00:00");
    assert_eq!(
        guide.published.map(|p| p.to_rfc3339()).as_deref(),
        Some("2026-01-10T00:00:00+00:00")
    );
    assert_eq!(
        guide.summary.as_ref().map(|s| s.value.as_str()),
        Some("How to back up & verify")
    );
    // Code in a feed is escaped, not highlighted: readers have no
    // stylesheet for the classes.
    let content = guide
        .content
        .as_ref()
        .and_then(|c| c.value.as_deref())
        .expect("content");
    assert!(
        content.contains(
            "<code class=\"language-bash\" data-lang=\"bash\">pg_dump --format=custom db &gt; &quot;backup.dump&quot;\n</code>"
        ),
        "{content}"
    );
    assert!(!content.contains("<span"), "{content}");
    let page = site.read("guides/backup-guide/index.html");
    let code = between(&page, "data-lang=\"bash\">", "</code>");
    assert!(
        code.contains("<span class=\"l"),
        "highlighted on the page: {code}"
    );
    assert_eq!(feed.updated, feed.entries[0].updated);
    for entry in &feed.entries {
        assert!(
            entry.id.starts_with("https://example.org/kb/"),
            "{}",
            entry.id
        );
        assert!(entry.links[0].href.starts_with("https://example.org/kb/"));
    }
    let answer = feed
        .entries
        .iter()
        .find(|e| e.id.ends_with("#answer-bo"))
        .expect("answers are in the feed");
    assert_eq!(
        answer.title.value,
        "Answer by Bo Chen to “How do I test a restore?”"
    );
    assert_eq!(
        answer.authors[0].uri.as_deref(),
        Some("https://example.org/kb/people/bo-chen/")
    );
    let questions = atom_syndication::Feed::read_from(site.read("questions/feed.xml").as_bytes())
        .expect("valid Atom");
    assert!(
        questions
            .entries
            .iter()
            .all(|e| e.id.contains("/questions/"))
    );
    let tag = atom_syndication::Feed::read_from(site.read("tags/kafka/feed.xml").as_bytes())
        .expect("valid Atom");
    assert_eq!(tag.entries.len(), 1);
    assert_eq!(tag.entries[0].title.value, "Which Kafka lag alert?");
    // Tag feeds carry a summary and the link; the whole text is in the
    // site's and the section's feeds.
    assert!(tag.entries[0].content.is_none());
    let summary = tag.entries[0].summary.as_ref().expect("a summary");
    assert!(!summary.value.is_empty());
    assert_eq!(
        tag.entries[0].links[0].href,
        "https://example.org/kb/questions/kafka-lag/"
    );
    assert!(
        questions
            .entries
            .iter()
            .find(|e| e.title.value == "Which Kafka lag alert?")
            .and_then(|e| e.content.as_ref())
            .is_some(),
        "the section feed has the whole text"
    );
}

#[test]
fn people_are_normalised_and_list_their_contributions() {
    let site = TestSite::built("community");
    let index = site.read("people/index.html");
    assert!(
        index.contains("<a href=\"/kb/people/ana-lima/\">Ana Lima</a>"),
        "{index}"
    );
    assert!(!index.contains(">ana  lima<") && !index.contains(">ana lima<"));
    // "José Gonçalves" and "Jose Goncalves" are one person.
    assert!(index.contains("/kb/people/jose-goncalves/"), "{index}");
    assert_eq!(index.matches("/kb/people/jose-goncalves/").count(), 1);
    let ana = site.read("people/ana-lima/index.html");
    assert!(ana.contains("Answers (1, 0 accepted)"), "{ana}");
    assert!(ana.contains("Questions (1)") && ana.contains("How do I test a restore?"));
    assert!(
        ana.contains("Talks (1)") && ana.contains("Online talk"),
        "{ana}"
    );
    let bo = site.read("people/bo-chen/index.html");
    assert!(bo.contains("Answers (1, 1 accepted)"), "{bo}");
    assert!(bo.contains("Guides (2)"));
    // Author names on pages link to people pages.
    let question = site.read("questions/restore-test/index.html");
    assert!(
        question.contains(
            "Answer by <span itemprop=\"author\" itemscope itemtype=\"https://schema.org/Person\"><a itemprop=\"url\" href=\"/kb/people/bo-chen/\"><span itemprop=\"name\">Bo Chen</span></a></span>"
        ),
        "{question}"
    );
}

#[test]
fn backlinks_see_also_and_related_entries() {
    let site = TestSite::built("community");
    let guide = site.read("guides/backup-guide/index.html");
    let linked_from = between(&guide, "id=\"linked-from\"", "</section>");
    // From the question, one of its answers, and an event, in path order.
    assert!(
        linked_from.contains("href=\"/kb/events/berlin-before-dst/\""),
        "{linked_from}"
    );
    assert!(
        linked_from.contains("href=\"/kb/questions/restore-test/\""),
        "{linked_from}"
    );
    assert!(
        linked_from.contains("href=\"/kb/questions/restore-test/#answer-bo\""),
        "{linked_from}"
    );
    let see_also = between(&guide, "id=\"see-also\"", "</section>");
    assert!(see_also.contains("Old postgres notes"), "{see_also}");
    let related = between(&guide, "id=\"related\"", "</section>");
    // The restore question shares two tags with the guide, more than any
    // other page, but links to it: "Linked from" lists it already.
    assert!(
        !related.contains("How do I test a restore?"),
        "already under Linked from: {related}"
    );
    assert!(
        related.contains("Is a successful dump enough?"),
        "{related}"
    );
    assert!(
        !related.contains("Old postgres notes"),
        "already under See also"
    );
    assert!(
        !related.contains("Which Kafka lag alert?"),
        "nothing shared"
    );
    // The event links back to the guide it produced; the guide shows it.
    let event = site.read("events/berlin-before-dst/index.html");
    assert!(event.contains("href=\"/kb/guides/backup-guide/\""));
}

#[test]
fn duplicates_show_on_both_sides() {
    let site = TestSite::built("community");
    let duplicate = site.read("questions/dump-is-enough/index.html");
    assert!(duplicate.contains("This question is a duplicate of <a href=\"/kb/questions/restore-test/\">How do I test a restore?</a>"), "{duplicate}");
    let canonical = site.read("questions/restore-test/index.html");
    assert!(canonical.contains("Also asked as: <a href=\"/kb/questions/dump-is-enough/\">Is a successful dump enough?</a>"), "{canonical}");
    // Each names the other once: not again under "Related", where their
    // shared tags would put it first.
    let related = between(&canonical, "id=\"related\"", "</section>");
    assert!(!related.contains("dump-is-enough"), "{related}");
    let related = between(&duplicate, "id=\"related\"", "</section>");
    assert!(!related.contains("restore-test"), "{related}");
}

#[test]
fn question_and_guide_lists_filter_by_status() {
    let site = TestSite::built("community");
    let unaccepted = site.read("questions/answered-unaccepted/index.html");
    assert!(
        unaccepted.contains("Which Kafka lag alert?"),
        "{unaccepted}"
    );
    assert!(!unaccepted.contains("How do I test a restore?"));
    assert!(!unaccepted.contains("Is a successful dump enough?"));
    // stale_after_days: 90 and a build time of 28 May 2026.
    let stale = site.read("guides/needs-review/index.html");
    assert!(stale.contains("Old postgres notes"), "{stale}");
    assert!(!stale.contains("Backups you can trust"));
}

#[test]
fn aliases_redirect_to_the_entry() {
    let site = TestSite::built("community");
    for alias in ["backups/index.html", "old/backup.html"] {
        let page = site.read(alias);
        assert!(page.contains("<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/kb/guides/backup-guide/\">"), "{page}");
        assert!(page.contains(
            "<link rel=\"canonical\" href=\"https://example.org/kb/guides/backup-guide/\">"
        ));
    }
}

#[test]
fn aliases_cannot_escape_or_collide() {
    let site = TestSite::fixture("community");
    site.write(
        "content/guides/sneaky.md",
        "---\ntitle: Sneaky\naliases: [../../../etc/x, /guides/backup-guide/, /backups/]\n---\n",
    );
    let run = site.build().failure();
    let stderr = run.stderr();
    assert!(
        stderr.contains("alias `../../../etc/x` is not a path inside the site"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "alias `/guides/backup-guide/` is the URL of `content/guides/backup-guide.md`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("alias `/backups/` is also an alias of `content/guides/backup-guide.md`"),
        "{stderr}"
    );
    assert!(stderr.contains("content/guides/sneaky.md:3:10"), "{stderr}");
}

#[test]
fn bad_references_are_located_errors() {
    let site = TestSite::fixture("community");
    site.write(
        "content/guides/g.md",
        "---\ntitle: G\nrelated: [nothing-here]\n---\n",
    )
    .write(
        "content/questions/d.md",
        "---\ntitle: D\ndate: 2026-01-01\nduplicate_of: backup-guide\n---\n",
    );
    let stderr = site.build().failure().stderr();
    assert!(stderr.contains("error: `related` names `nothing-here`, which matches no entry\n  ┌─ content/guides/g.md:3:10"), "{stderr}");
    assert!(
        stderr.contains("`duplicate_of` should name another question; `backup-guide` is not one"),
        "{stderr}"
    );
}

#[test]
fn front_matter_cannot_inject_html_into_structured_data() {
    let site = TestSite::fixture("community");
    site.write(
        "content/questions/evil.md",
        "---\ntitle: \"</script><script>alert(1)</script>\"\ndate: 2026-01-01\n---\nx\n",
    );
    site.build().success();
    let page = site.read("questions/evil/index.html");
    assert_eq!(page.matches("<script").count(), 0, "{page}");
    assert_eq!(
        qa_page(&site, "evil").item("mainEntity").text("name"),
        "</script><script>alert(1)</script>"
    );
}

/// `author` and `speakers` as maps with a `url` (as Hugo and Jekyll sites
/// write them): the names count as people, the address is on their pages;
/// speakers on a page are ignored with a hint, not a type error.
#[test]
fn people_written_as_maps_with_web_addresses() {
    let site = TestSite::basic();
    site.write(
            "content/guides/g.md",
            "---\ntitle: G\nauthor:\n  name: Dawn Foster\n  url: https://github.com/geekygirldawn\n  twitter: x\n---\nText.\n",
        )
        .write(
            "content/events/e.md",
            "---\ntitle: E\nstart: 2026-01-01\nspeakers:\n  - name: Dawn Foster\n  - Bo\n---\nNotes.\n",
        )
        .write(
            "content/about.md",
            "---\ntitle: About\nspeakers:\n  - name: Dawn Foster\n    url: https://example.org/dawn\n---\nAbout us.\n",
        );
    let run = site.build().success();
    run.assert_stderr_has("warning: `speakers` is only used on events");
    let person = site.read("people/dawn-foster/index.html");
    assert!(
        person.contains(r#"<a href="https://github.com/geekygirldawn" rel="nofollow ugc">"#),
        "{person}"
    );
    assert!(person.contains("E</a>"), "her talk: {person}");
    let people = site.read("people/index.html");
    assert!(
        people.contains(r#"href="https://github.com/geekygirldawn""#),
        "{people}"
    );
    assert!(site.exists("people/bo/index.html"));

    site.write(
        "content/guides/g.md",
        "---\ntitle: G\nauthor:\n  name: Eve\n  url: javascript:alert(1)\n---\nText.\n",
    );
    let run = site.build().failure();
    run.assert_stderr_has("the `url` of `Eve` should be a web address");
}
