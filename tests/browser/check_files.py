"""Reads a built site's machine-readable files back with real parsers:
Atom feeds with feedparser, calendars with icalendar, sitemap.xml against
the sitemaps.org schema with xmllint, every page's structured data
(events' JSON-LD, questions' QAPage and breadcrumbs' microdata) with extruct, checked for the
schema.org fields search engines require, and each page's link-preview
meta (Open Graph, Twitter cards) with Python's HTML parser.

Usage: python3 check_files.py SITE_DIR BASE_URL SITEMAP_XSD
Ends with a line "N passed, M failed"; exits 1 when anything failed.
"""

import html.parser
import pathlib
import re
import subprocess
import sys

import feedparser
import extruct
import icalendar

root = pathlib.Path(sys.argv[1])
base_url = sys.argv[2]
xsd = sys.argv[3]
passed = 0
failures = []


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)
    return ok


# Atom feeds.
feeds = sorted(root.rglob("feed.xml"))
check(len(feeds) > 4, f"expected the site, section and tag feeds, found {len(feeds)}")
for path in feeds:
    feed = feedparser.parse(path.read_bytes())
    name = path.relative_to(root)
    check(not feed.bozo, f"{name}: not well-formed Atom: {feed.get('bozo_exception')}")
    check(feed.version == "atom10", f"{name}: version {feed.version}, expected atom10")
    check(bool(feed.feed.get("title")), f"{name}: feed has no title")
    check(bool(feed.feed.get("updated")), f"{name}: feed has no updated time")
    for entry in feed.entries:
        check(entry.get("id", "").startswith(base_url), f"{name}: entry id {entry.get('id')} not under {base_url}")
        check(entry.get("link", "").startswith(base_url), f"{name}: entry link {entry.get('link')} not under {base_url}")
        check(bool(entry.get("updated")), f"{name}: entry {entry.get('id')} has no updated time")
print(f"Atom feeds: {len(feeds)} parsed with feedparser")

# iCalendar files.
calendars = sorted(root.rglob("*.ics"))
check(len(calendars) > 1, f"expected calendar.ics and one file per event, found {len(calendars)}")
uids = set()
for path in calendars:
    name = path.relative_to(root)
    raw = path.read_bytes()
    check(all(len(line) <= 75 for line in raw.split(b"\r\n")), f"{name}: a line is longer than 75 octets")
    try:
        calendar = icalendar.Calendar.from_ical(raw)
    except ValueError as error:
        check(False, f"{name}: does not parse: {error}")
        continue
    check(calendar.get("VERSION") == "2.0", f"{name}: VERSION is not 2.0")
    check(bool(calendar.get("PRODID")), f"{name}: no PRODID")
    events = calendar.walk("VEVENT")
    check(len(events) > 0, f"{name}: no events")
    for event in events:
        for field in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            check(event.get(field) is not None, f"{name}: an event has no {field}")
        if path.name == "calendar.ics":
            uid = str(event.get("UID"))
            check(uid not in uids, f"{name}: UID {uid} appears twice")
            uids.add(uid)
        end = event.get("DTEND")
        if end is not None:
            check(end.dt >= event.get("DTSTART").dt, f"{name}: {event.get('SUMMARY')} ends before it starts")
print(f"Calendars: {len(calendars)} parsed with icalendar")

# sitemap.xml against the schema.
run = subprocess.run(["xmllint", "--noout", "--schema", xsd, str(root / "sitemap.xml")], capture_output=True, text=True)
check(run.returncode == 0, f"sitemap.xml does not validate: {run.stderr.strip()}")
locs = re.findall(r"<loc>([^<]+)</loc>", (root / "sitemap.xml").read_text())
check(all(loc.startswith(base_url) for loc in locs), "sitemap.xml has URLs outside the base URL")
print(f"Sitemap: {len(locs)} URLs, validated by xmllint")

# Structured data, read with extruct (the extractor SEO tools use): events
# as JSON-LD, questions and breadcrumbs as microdata on the visible page.
counts = {"QAPage": 0, "Event": 0}
for path in sorted(root.rglob("*.html")):
    name = path.relative_to(root)
    page_url = base_url.rstrip("/") + "/" + str(name.parent).strip(".") + "/"
    data = extruct.extract(path.read_text(), base_url=page_url, syntaxes=["json-ld", "microdata"], uniform=True)
    for item in data["json-ld"] + data["microdata"]:
        check(str(item.get("@context", "")).rstrip("/") in ("https://schema.org", "http://schema.org"), f"{name}: structured data @context")
        kind = item.get("@type")
        counts[kind] = counts.get(kind, 0) + 1
        if kind == "QAPage":
            question = item["mainEntity"]
            check(question.get("@type") == "Question", f"{name}: mainEntity is not a Question")
            for field in ("name", "text", "answerCount", "dateCreated", "author", "url"):
                check(field in question, f"{name}: Question without {field}")
            check(question.get("url", "").startswith(base_url), f"{name}: Question url not absolute: {question.get('url')}")
            accepted = question.get("acceptedAnswer", [])
            suggested = question.get("suggestedAnswer", [])
            answers = (accepted if isinstance(accepted, list) else [accepted]) + (suggested if isinstance(suggested, list) else [suggested])
            check(len(answers) == int(question.get("answerCount", -1)), f"{name}: answerCount does not match the answers")
            for answer in answers:
                check(answer.get("@type") == "Answer", f"{name}: answer is not an Answer")
                for field in ("text", "dateCreated", "upvoteCount", "url", "author"):
                    check(field in answer, f"{name}: Answer without {field}")
                check(answer.get("url", "").startswith(question.get("url", "?") + "#"), f"{name}: answer url {answer.get('url')}")
        elif kind == "Event":
            for field in ("name", "startDate", "eventAttendanceMode", "eventStatus", "location", "url"):
                check(field in item, f"{name}: Event without {field}")
        elif kind == "BreadcrumbList":
            # Google's rules: each crumb a ListItem with its position (1, 2,
            # ...), a name, and an absolute address.
            crumbs = item.get("itemListElement", [])
            crumbs = crumbs if isinstance(crumbs, list) else [crumbs]
            check(len(crumbs) > 0, f"{name}: BreadcrumbList without itemListElement")
            for number, crumb in enumerate(crumbs, 1):
                check(crumb.get("@type") == "ListItem", f"{name}: crumb {number} is not a ListItem")
                check(str(crumb.get("position")) == str(number), f"{name}: crumb {number} has position {crumb.get('position')}")
                check(str(crumb.get("name", "")).strip() != "", f"{name}: crumb {number} without a name")
                check(str(crumb.get("item", "")).startswith(base_url), f"{name}: crumb {number} address not absolute: {crumb.get('item')}")
                check(page_url.startswith(str(crumb.get("item", "?"))), f"{name}: crumb {number} is not above the page: {crumb.get('item')}")
        else:
            check(False, f"{name}: unexpected structured data type {kind}")
check(counts["QAPage"] > 0 and counts["Event"] > 0 and counts.get("BreadcrumbList", 0) > 0, f"structured data found: {counts}")
print(f"Structured data: {counts['QAPage']} QAPage (microdata), {counts['Event']} Event (JSON-LD) and {counts.get('BreadcrumbList', 0)} BreadcrumbList (microdata) items")

# Link previews: Open Graph and Twitter card meta, read by an HTML parser.
class Meta(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.values = {}
        self.canonical = None
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.values.setdefault(a.get("property") or a.get("name"), a.get("content"))
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")


SITE_NAMES = {"ja": "Ops ギルド", "fr": "La guilde Ops", "zh-CN": "运维公会", "ar": "نقابة العمليات"}
previews = 0
for path in sorted(root.rglob("*.html")):
    name = path.relative_to(root)
    if name.parts[0] == "search" and len(name.parts) > 2 or str(name) == "404.html":
        continue
    meta = Meta()
    meta.feed(path.read_text(encoding="utf-8"))
    if "http-equiv" in path.read_text(encoding="utf-8")[:600]:
        continue  # a redirect page of an alias
    v = meta.values
    previews += 1
    check(bool(v.get("og:title")), f"{name}: og:title {v.get('og:title')!r}")
    # X reads og:title and og:description itself: no copies in twitter:*.
    check("twitter:title" not in v and "twitter:description" not in v, f"{name}: twitter:title/description copy og:")
    # The site's name in the page's language (example-site/guildhall.yml).
    site_name = SITE_NAMES.get(meta.lang, "The Ops Guild")
    check(v.get("og:site_name") == site_name, f"{name}: og:site_name {v.get('og:site_name')!r}, not {site_name!r}")
    check(v.get("og:url") == meta.canonical and (v.get("og:url") or "").startswith(base_url), f"{name}: og:url {v.get('og:url')!r} is not the canonical {meta.canonical!r}")
    check(v.get("og:type") in ("website", "article"), f"{name}: og:type {v.get('og:type')!r}")
    check(v.get("twitter:card") in ("summary", "summary_large_image"), f"{name}: twitter:card {v.get('twitter:card')!r}")
guide = Meta()
guide.feed((root / "guides/postgres-backups/index.html").read_text(encoding="utf-8"))
check(guide.values.get("og:type") == "article" and guide.values.get("og:title") == "Postgres backups you can trust", f"the guide's preview: {guide.values}")
check(bool(guide.values.get("og:description")), "the guide's preview has its summary")
print(f"Link previews: {previews} pages read back")

for failure in failures:
    print(f"FAIL {failure}")
print(f"{passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
