//! Community health figures on `tests/fixtures/stats`, worked out by hand
//! below, checked in `/stats.json`, `guildhall stats` and `/stats/`.
//!
//! Build time: SOURCE_DATE_EPOCH=1780000000, 2026-05-28T20:26:40Z.
//! Questions (date → answers):
//!   q1 2026-01-10 → a 01-11 (accepted, Bo), b 01-13 (Cy): first 24 h, accepted 24 h
//!   q2 2026-02-01 → c 02-04 (Bo): first 72 h
//!   q3 2026-03-01 → d 03-11 (accepted, Bo), e 03-03 (Cy): first 48 h, accepted 240 h
//!   q4 2026-04-20 and q5 2026-05-20: unanswered, 38 and 8 days old
//! Answered 3/5 = 60.0%, accepted 2/5 = 40.0%.
//! First answer [24, 48, 72] h: median 48, p90 = value at rank ⌈2.7⌉ = 3: 72.
//! Accepted [24, 240] h: median 132, p90 = rank ⌈1.8⌉ = 2: 240.
//! Guide g1 reviewed 2025-01-01: 365 + 147 = 512 days ago, stale at 365.
//! Events held: e1 02-15, e2 03-20 (Q1: 2), e3 05-02 (Q2: 1); e4 07-01 is to come.
//! Contributors per month: Jan Ana, Bo (guide 01-05, answer), Cy = 3;
//! Feb Ana (q2, talk), Bo = 2; Mar Dee, Bo, Cy (answer, talk) = 3; Apr Eve = 1;
//! May Finn, Gus (guide, talk) = 2.
//! First contributions after 2026-02-27T20:26:40Z: Dee 03-01, Eve 04-20,
//! Gus 05-01, Finn 05-20.

mod common;

use common::TestSite;
use serde_json::json;

fn stats_site() -> TestSite {
    TestSite::fixture("stats")
}

fn expected() -> serde_json::Value {
    let person = |name: &str, q: u32, a: u32, acc: u32, g: u32, t: u32| {
        json!({ "name": name, "url": format!("https://example.org/people/{}/", name.to_lowercase()),
                "questions": q, "answers": a, "accepted_answers": acc, "guides": g, "talks": t })
    };
    let newcomer = |name: &str, first: &str| json!({ "name": name, "url": format!("https://example.org/people/{}/", name.to_lowercase()), "first_contribution": first });
    json!({
        "schema_version": 1,
        "generated_at": "2026-05-28T20:26:40Z",
        "totals": { "questions": 5, "answers": 5, "guides": 2, "events": 4, "pages": 0, "people": 8 },
        "questions": {
            "answered": 3, "accepted": 2, "answered_percent": 60.0, "accepted_percent": 40.0,
            "time_to_first_answer_hours": { "count": 3, "median": 48.0, "p90": 72.0 },
            "time_to_accepted_answer_hours": { "count": 2, "median": 132.0, "p90": 240.0 }
        },
        "unanswered": [
            { "title": "Q4", "url": "https://example.org/questions/q4/", "date": "2026-04-20", "age_days": 38 },
            { "title": "Q5", "url": "https://example.org/questions/q5/", "date": "2026-05-20", "age_days": 8 }
        ],
        "stale_guides": [
            { "title": "G1", "url": "https://example.org/guides/g1/", "reviewed": "2025-01-01", "days_since_review": 512 }
        ],
        "events_per_quarter": [ { "period": "2026-Q1", "count": 2 }, { "period": "2026-Q2", "count": 1 } ],
        "months": [
            { "month": "2026-01", "asked": 1, "answered": 1, "contributors": 3 },
            { "month": "2026-02", "asked": 1, "answered": 1, "contributors": 2 },
            { "month": "2026-03", "asked": 1, "answered": 1, "contributors": 3 },
            { "month": "2026-04", "asked": 1, "answered": 0, "contributors": 1 },
            { "month": "2026-05", "asked": 1, "answered": 0, "contributors": 2 }
        ],
        "first_answer_by_quarter": [
            { "quarter": "2026-Q1", "questions": 3, "answered": 3, "median_hours": 48.0 },
            { "quarter": "2026-Q2", "questions": 2, "answered": 0, "median_hours": null }
        ],
        "top_contributors": [
            person("Bo", 0, 3, 2, 1, 0),
            person("Ana", 2, 0, 0, 0, 1),
            person("Cy", 0, 2, 0, 0, 1),
            person("Gus", 0, 0, 0, 1, 1),
            person("Dee", 1, 0, 0, 0, 0),
            person("Eve", 1, 0, 0, 0, 0),
            person("Finn", 1, 0, 0, 0, 0),
            person("Hal", 0, 0, 0, 0, 1)
        ],
        "new_contributors": [
            newcomer("Finn", "2026-05-20"), newcomer("Gus", "2026-05-01"),
            newcomer("Eve", "2026-04-20"), newcomer("Dee", "2026-03-01")
        ],
        "tags_needing_help": [
            { "tag": "rust", "url": "https://example.org/tags/rust/", "unanswered": 2 },
            { "tag": "async", "url": "https://example.org/tags/async/", "unanswered": 1 }
        ]
    })
}

#[test]
fn stats_json_has_the_hand_worked_figures() {
    let site = stats_site();
    site.build().success();
    let actual: serde_json::Value =
        serde_json::from_str(&site.read("stats.json")).expect("valid JSON");
    assert_eq!(actual, expected());
}

#[test]
fn the_cli_prints_the_same_figures() {
    let site = stats_site();
    let json = site.run(&["stats", "--json"]);
    assert_eq!(json.code(), 0, "{}", json.stderr());
    let actual: serde_json::Value = serde_json::from_str(&json.stdout()).expect("valid JSON");
    assert_eq!(actual, expected());
    let text = site.run(&["stats"]);
    assert_eq!(text.code(), 0);
    let out = text.stdout();
    for line in [
        "Entries:        5 questions, 5 answers, 2 guides, 4 events, 0 pages; 8 people",
        "Answered:       3 of 5 questions (60%), accepted 2 (40%)",
        "First answer:   median 2 days, 90th percentile 3 days (3 questions)",
        "Accepted:       median 5.5 days, 90th percentile 10 days (2 questions)",
        "    38 days  Q4",
        "  reviewed 2025-01-01 (512 days ago)  G1",
        "  2026-Q1  2",
        "  2026-05-20  Finn",
        "  rust                     2",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
}

#[test]
fn the_stats_page_shows_the_figures_and_accessible_charts() {
    let site = stats_site();
    site.build().success();
    let page = site.read("stats/index.html");
    assert!(page.contains("<dt>Answered</dt><dd>60.0%</dd>"), "{page}");
    assert!(
        page.contains(
            "A first answer takes 2 days at the median and 3 days at the 90th percentile."
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "An accepted answer takes 5.5 days at the median and 10 days at the 90th percentile."
        ),
        "{page}"
    );
    assert!(page.contains("<a href=\"https://example.org/questions/q4/\">Q4</a></th><td>2026-04-20</td><td>38</td>"), "{page}");
    // Three charts, each well-formed SVG with a title and description it is labelled by.
    let mut charts = 0;
    let mut rest = page.as_str();
    while let Some(start) = rest.find("<svg") {
        let end = start + rest[start..].find("</svg>").expect("closed svg") + 6;
        let doc = roxmltree::Document::parse(&rest[start..end]).expect("SVG parses as XML");
        let svg = doc.root_element();
        assert_eq!(svg.attribute("role"), Some("img"));
        let labelled_by: Vec<&str> = svg
            .attribute("aria-labelledby")
            .expect("labelled")
            .split(' ')
            .collect();
        for id in &labelled_by {
            let node = doc
                .descendants()
                .find(|n| n.attribute("id") == Some(id))
                .expect("label exists");
            assert!(matches!(node.tag_name().name(), "title" | "desc"));
            assert!(!node.text().unwrap_or("").is_empty());
        }
        charts += 1;
        rest = &rest[end..];
    }
    assert_eq!(charts, 3);
    // The asked/answered chart's data table has the hand-worked months.
    assert!(page.contains("<tr><th scope=\"row\">2026-03</th><td>1</td><td>1</td></tr><tr><th scope=\"row\">2026-04</th><td>1</td><td>0</td></tr>"), "{page}");
}

#[test]
fn stats_are_reproducible() {
    let site = stats_site();
    site.build().success();
    let first = site.read("stats.json");
    site.build().success();
    assert_eq!(site.read("stats.json"), first);
}

/// A question dated after the build time (a typo in the year, most often)
/// counts as new today: its age is 0, never negative; `check` warns at its
/// `date` line.
#[test]
fn a_future_dated_question_is_zero_days_old_and_check_warns() {
    let site = TestSite::empty();
    site.write(
        "guildhall.yml",
        "title: Future\nbase_url: https://example.org/\n",
    )
    .write(
        "content/questions/soon.md",
        "---\ntitle: From the future\nauthor: Ana\ndate: 2026-09-01\n---\nWhen?\n",
    )
    .write(
        "content/guides/g.md",
        "---\ntitle: A guide\ndate: 2026-01-01\nreviewed: 2027-01-01\n---\nText.\n",
    );
    site.build().success();
    let json: serde_json::Value = serde_json::from_str(&site.read("stats.json")).unwrap();
    assert_eq!(json["unanswered"][0]["title"], "From the future");
    assert_eq!(json["unanswered"][0]["age_days"], 0);
    let page = site.read("stats/index.html");
    assert!(!page.contains(">-"), "no negative figure on /stats/");

    let check = site.run(&["check"]);
    assert_eq!(
        check.code(),
        0,
        "a warning, not an error: {}",
        check.stderr()
    );
    let stderr = check.stderr();
    for (place, message) in [
        (
            "content/questions/soon.md:4:7",
            "`date` is 2026-09-01, after the build time (2026-05-28)",
        ),
        (
            "content/guides/g.md:4:11",
            "`reviewed` is 2027-01-01, after the build time (2026-05-28)",
        ),
    ] {
        let warning = format!("warning: {message}\n  ┌─ {place}\n");
        assert!(stderr.contains(&warning), "{warning} in:\n{stderr}");
    }
}

/// The stats page shows the 50 oldest unanswered questions and says where
/// the rest are; `stats.json` keeps them all.
#[test]
fn the_unanswered_table_shows_the_oldest_fifty() {
    let site = TestSite::empty();
    site.write(
        "guildhall.yml",
        "title: Many\nbase_url: https://example.org/\n",
    );
    for i in 0..55 {
        site.write(
            &format!("content/questions/q{i:02}.md"),
            format!(
                "---\ntitle: Waiting {i:02}\ndate: 2025-{:02}-{:02}\n---\nWhy?\n",
                i / 28 + 1,
                i % 28 + 1
            ),
        );
    }
    site.build().success();
    let page = site.read("stats/index.html");
    let table = common::between(&page, "id=\"unanswered-oldest\"", "</section>");
    assert_eq!(
        table.matches("<tr><th scope=\"row\">").count(),
        50,
        "{table}"
    );
    assert!(table.contains(">Waiting 00</a>") && table.contains(">Waiting 49</a>"));
    assert!(!table.contains(">Waiting 50</a>"), "{table}");
    assert!(table.contains("The 50 oldest of 55"), "{table}");
    assert!(table.contains("href=\"/questions/unanswered/\""), "{table}");
    let json: serde_json::Value = serde_json::from_str(&site.read("stats.json")).unwrap();
    assert_eq!(json["unanswered"].as_array().unwrap().len(), 55);
}

/// A quick answer reads in minutes, not "0.0 days", and one of a kind is
/// singular, on the page and in the terminal alike.
#[test]
fn quick_answers_and_single_entries_read_as_said() {
    let site = answered_question("2026-01-05T10:00:00Z", "2026-01-05T10:40:00Z");
    site.write(
        "content/guides/g.md",
        "---\ntitle: G\ndate: 2026-01-06\nauthor: Ana\n---\nText.\n",
    );
    let run = site.run(&["stats"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let out = run.stdout();
    for line in [
        "Entries:        1 question, 1 answer, 1 guide, 0 events, 0 pages; 2 people",
        "Answered:       1 of 1 question (100%), accepted 0 (0%)",
        "First answer:   median 40 minutes, 90th percentile 40 minutes (1 question)",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
    site.build().success();
    let page = site.read("stats/index.html");
    assert!(
        page.contains("A first answer takes 40 minutes at the median"),
        "{page}"
    );
    assert!(
        page.contains("Median hours to a first answer, per quarter"),
        "{page}"
    );
}

/// An imported archive, silent for years: the monthly charts show its
/// last active months (here its first four: it starts in 2014-01), and the
/// page says so, instead of twelve empty months.
#[test]
fn an_archives_monthly_charts_show_its_last_active_year() {
    let site = answered_question("2014-01-21T10:00:00Z", "2014-04-30T12:00:00Z");
    site.build().success();
    let page = site.read("stats/index.html");
    assert!(
        page.contains(
            "the monthly charts show the twelve months up to 2014-04, the last with activity"
        ),
        "{page}"
    );
    assert!(
        !page.contains("<th scope=\"row\">2013-12</th>")
            && page.contains("<tr><th scope=\"row\">2014-01</th><td>1</td><td>0</td></tr>")
            && page.contains("<tr><th scope=\"row\">2014-04</th><td>0</td><td>1</td></tr>")
            && !page.contains("<th scope=\"row\">2014-05</th>"),
        "{page}"
    );
}

/// A site of one question, asked by Ana at `asked`, and Bo's answer at
/// `answered`.
fn answered_question(asked: &str, answered: &str) -> TestSite {
    let site = TestSite::empty();
    site.write(
        "guildhall.yml",
        "title: T\nbase_url: https://example.org/\n",
    )
    .write(
        "content/questions/q/index.md",
        format!("---\ntitle: Q?\ndate: {asked}\nauthor: Ana\n---\nWhy?\n"),
    )
    .write(
        "content/questions/q/bo.md",
        format!("---\ndate: {answered}\nauthor: Bo\n---\nBecause.\n"),
    );
    site
}
