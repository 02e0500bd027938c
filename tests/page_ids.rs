//! Every id on a page is there once: headings in content never take an id
//! the page's template writes (`related`, `answers`, `group-1`, an
//! answer's `answer-ana-by`...), whatever the headings say; and only those:
//! an id another template writes elsewhere is free.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{TestSite, list_files};

/// The ids the default theme's templates write as literal text, read from
/// the templates themselves (not a list kept here).
fn literal_theme_ids() -> BTreeSet<String> {
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut ids = BTreeSet::new();
    for file in list_files(&templates) {
        let text = std::fs::read_to_string(templates.join(&file)).unwrap();
        for (at, _) in text.match_indices(" id=\"") {
            let value = &text[at + 5..];
            let value = &value[..value.find('"').unwrap()];
            if !value.contains("{{") {
                ids.insert(value.to_string());
            }
        }
    }
    ids
}

/// Headings whose GitHub-style ids are every id the theme writes: the
/// literal ones, and examples of its patterns (`group-N`, an answer's
/// anchor and `-by`, a chart's `-heading`).
fn colliding_headings() -> String {
    let mut ids = literal_theme_ids();
    assert!(
        ids.len() >= 20 && ids.contains("related") && ids.contains("see-also"),
        "the templates' ids were not found: {ids:?}"
    );
    ids.extend(
        [
            "group-1",
            "group-2",
            "answer-ana",
            "answer-ana-by",
            "answer-bo-by",
            "answers-heading",
        ]
        .map(String::from),
    );
    ids.iter()
        .map(|id| format!("## {}\n\nText.\n\n", id.replace('-', " ")))
        .collect()
}

/// Every `id="..."` of an HTML page, with how often it appears.
fn id_counts(html: &str) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for (at, _) in html.match_indices(" id=\"") {
        let value = &html[at + 5..];
        *counts
            .entry(&value[..value.find('"').unwrap()])
            .or_insert(0) += 1;
    }
    counts
}

#[test]
fn content_headings_never_repeat_an_id_of_the_theme() {
    let site = TestSite::empty();
    let headings = colliding_headings();
    site.write(
        "guildhall.yml",
        "title: Ids\nbase_url: https://example.org/\nrepository: https://github.com/o/r\n",
    )
    .write("content/index.md", format!("# Welcome\n\n{headings}"))
    .write(
        "content/questions/index.md",
        format!("# Questions\n\n{headings}"),
    )
    .write(
        "content/questions/q/index.md",
        format!(
            "---\ntitle: A question\ndate: 2026-01-01\nauthor: Ana\ntags: [ops]\nrelated: [guides/g.md]\n---\n{headings}"
        ),
    )
    .write(
        "content/questions/q/ana.md",
        format!("---\ndate: 2026-01-02\nauthor: Ana\naccepted: true\n---\n{headings}"),
    )
    .write(
        "content/questions/q/bo.md",
        format!("---\ndate: 2026-01-03\nauthor: Bo\n---\n{headings}"),
    )
    .write(
        "content/questions/open.md",
        "---\ntitle: An open question\ndate: 2026-01-04\nauthor: Bo\ntags: [ops]\n---\nWhy?\n",
    )
    .write(
        "content/guides/g.md",
        format!(
            "---\ntitle: A guide\ndate: 2026-01-01\nauthor: Cy\ntags: [ops]\n---\nSee [the question](../questions/q/index.md).\n\n{headings}"
        ),
    )
    .write(
        "content/events/e.md",
        format!(
            "---\ntitle: An event\nstart: 2026-09-01T18:00:00+02:00\nlocation: Lisbon\nspeakers: [Dee]\ntags: [ops]\n---\n{headings}"
        ),
    )
    .write(
        "content/events/past.md",
        "---\ntitle: A past event\nstart: 2026-01-01T18:00:00+02:00\nlocation: Lisbon\n---\nNotes.\n",
    );
    site.build().success();

    let pages: Vec<String> = list_files(&site.public())
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() > 15, "{pages:?}");
    let mut repeated = Vec::new();
    for page in &pages {
        let html = site.read(page);
        for (id, count) in id_counts(&html) {
            if count > 1 {
                repeated.push(format!("{page}: id=\"{id}\" x{count}"));
            }
        }
        // Every labelled section points at exactly one element.
        for (at, _) in html.match_indices("aria-labelledby=\"") {
            let target = &html[at + 17..];
            for target in target[..target.find('"').unwrap()].split_whitespace() {
                assert_eq!(
                    id_counts(&html).get(target),
                    Some(&1),
                    "{page}: aria-labelledby=\"{target}\""
                );
            }
        }
    }
    assert!(repeated.is_empty(), "{}", repeated.join("\n"));

    // The headings kept ids of their own, suffixed, and their links.
    let question = site.read("questions/q/index.html");
    assert!(
        question.contains(
            r##"<h2 id="related-1">related</h2>
<a class="anchor" href="#related-1" aria-label="Link to section: related">#</a></div>"##
        ),
        "{}",
        common::between(&question, "<h2 id=\"related", "</h2>")
    );
    assert!(question.contains(r#"<h2 id="answer-ana-related">"#));
    assert!(question.contains(r#"<h2 id="answer-ana-by-1">"#));
}

/// A heading keeps the id GitHub gives it unless its own page's template
/// writes that id: a guide's `## Other` is `#other` (only a person's page
/// has a section `other`), `## Contributors` is `#contributors` (the stats
/// page's), and links to them work; the sections every entry page has
/// (`related`) and a question's `answers` are still stepped around.
#[test]
fn headings_step_around_only_the_ids_of_their_own_page() {
    let site = TestSite::empty();
    site.write("guildhall.yml", "title: Ids\nbase_url: https://example.org/\n")
        .write(
            "content/guides/g.md",
            "---\ntitle: A guide\nauthor: Cy\n---\n- [Other](#other)\n- [Questions](#questions)\n\n\
             ## Questions\n\nText.\n\n## Other\n\nText.\n\n## Contributors\n\nText.\n\n## Related\n\nText.\n",
        )
        .write(
            "content/questions/q.md",
            "---\ntitle: A question\ndate: 2026-01-01\nauthor: Ana\n---\nSee [answers](#answers-1).\n\n## Answers\n\nWhich?\n",
        )
        .write("content/pages/cy.md", "---\ntitle: About Cy\nauthor: Cy\n---\nHello.\n");
    let run = site.build().success();
    assert!(!run.stderr().contains("no heading"), "{}", run.stderr());
    let guide = site.read("guides/g/index.html");
    for id in ["other", "questions", "contributors", "related-1"] {
        assert!(
            guide.contains(&format!("<h2 id=\"{id}\">")),
            "{id}: {guide}"
        );
    }
    assert!(guide.contains(r##"<a href="#other">Other</a>"##), "{guide}");
    let question = site.read("questions/q/index.html");
    assert!(
        question.contains(r#"<h2 id="answers-1">Answers</h2>"#),
        "{question}"
    );
    // The person's page, whose template writes `other`, still has it once.
    let person = site.read("people/cy/index.html");
    assert_eq!(id_counts(&person).get("other"), Some(&1), "{person}");
}
