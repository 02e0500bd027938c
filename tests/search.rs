//! The search index `guildhall build` writes under `search/`: what goes in
//! it, and that a term found the way `search.js` finds it leads to the
//! right page. (The browser side is tested in tests/browser/search.mjs.)

mod common;

use common::TestSite;
use guildhall::publish::search::chunk_path;
use serde_json::Value;

fn json(site: &TestSite, path: &str) -> Value {
    serde_json::from_str(&site.read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// All documents, in index order.
fn docs(site: &TestSite) -> Vec<Value> {
    let count = json(site, "search/meta.json")["count"]
        .as_u64()
        .expect("count");
    (0..count)
        .map(|n| json(site, &format!("search/doc/{n}.json")))
        .collect()
}

/// Looks `term` up as `search.js` does: the last chunk whose first term is
/// not after it (its file named by the crate's `chunk_path`), then the
/// postings (document gaps and values, each number in base64 digits of
/// five bits, lowest first, a digit of 32 or more followed by another).
fn lookup(site: &TestSite, term: &str) -> Vec<(u64, u64)> {
    let meta = json(site, "search/meta.json");
    let chunks: Vec<&str> = meta["chunks"]
        .as_array()
        .expect("chunks")
        .iter()
        .map(|c| c.as_str().expect("chunk start"))
        .collect();
    let chunk = chunks.iter().rposition(|&first| first <= term).unwrap_or(0);
    let terms = json(site, &chunk_path("search", chunks[chunk]));
    let Some(postings) = terms[term].as_str() else {
        return Vec::new();
    };
    const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut numbers = Vec::new();
    let (mut n, mut shift) = (0u64, 0);
    for c in postings.chars() {
        let digit = DIGITS.find(c).expect("a base64 digit") as u64;
        n |= (digit & 31) << shift;
        shift += 5;
        if digit < 32 {
            numbers.push(n);
            (n, shift) = (0, 0);
        }
    }
    let mut doc = 0;
    numbers
        .chunks(2)
        .map(|pair| {
            doc += pair[0];
            (doc, pair[1])
        })
        .collect()
}

fn doc_number(docs: &[Value], url: &str) -> u64 {
    docs.iter()
        .position(|d| d["url"] == url)
        .unwrap_or_else(|| panic!("no document for {url}")) as u64
}

#[test]
fn every_page_is_a_document_with_its_answers_and_metadata() {
    let site = TestSite::built("kb");
    let docs = docs(&site);
    let urls: Vec<&str> = docs.iter().map(|d| d["url"].as_str().unwrap()).collect();
    assert!(urls.contains(&"/kb/questions/slow-builds/"), "{urls:?}");
    assert!(urls.contains(&"/kb/guides/setup/"), "{urls:?}");
    assert!(urls.contains(&"/kb/events/meetup/"), "{urls:?}");
    assert!(urls.contains(&"/kb/about/"), "{urls:?}");
    assert!(
        !urls.iter().any(|u| u.contains("draft")),
        "drafts stay out: {urls:?}"
    );
    assert!(
        !urls.contains(&"/kb/"),
        "the home page intro is not a result: {urls:?}"
    );
    assert!(
        !urls.iter().any(|u| u.contains("accepted")),
        "answers are part of their question, not results of their own: {urls:?}"
    );

    let question = &docs[doc_number(&docs, "/kb/questions/slow-builds/") as usize];
    // Plain text, for the browser to show as text (never as HTML).
    assert_eq!(question["title"], "Why are my builds <em>slow</em>?");
    assert_eq!(question["summary"], "Builds take <b>ages</b>");
    assert_eq!(question["kind"], "question");
    assert_eq!(question["status"], "accepted");
    assert_eq!(question["tags"], serde_json::json!(["builds", "Rust"]));
    let text = question["text"].as_str().unwrap();
    assert!(text.contains("They take ages."), "{text}");
    assert!(
        text.contains("Use a shared target folder."),
        "answers: {text}"
    );
    assert!(!text.contains("<script"), "raw HTML is not text: {text}");
    assert!(
        text.contains("{{ site.title }}"),
        "text is kept as written: {text}"
    );
    // A summary made from the first paragraph is the text's start: the
    // document does not carry it twice (search.js shows the text's start).
    let meetup = &docs[doc_number(&docs, "/kb/events/meetup/") as usize];
    assert!(meetup.get("summary").is_none(), "{meetup}");
    assert!(
        meetup["text"].as_str().unwrap().starts_with("Notes."),
        "{meetup}"
    );
}

#[test]
fn a_word_leads_to_the_pages_that_use_it_best_first() {
    let site = TestSite::built("kb");
    let docs = docs(&site);
    let slow = doc_number(&docs, "/kb/questions/slow-builds/");
    // The backups guide links to the question, whose title is the link's
    // text; the question, with the word in its title, comes first.
    let postings = lookup(&site, "slow");
    assert_eq!(postings.len(), 2, "{postings:?}");
    let best = postings.iter().max_by_key(|(_, score)| *score).unwrap();
    assert_eq!(best.0, slow, "{postings:?}");
    // "builds" is folded to "build", as the browser folds the query: the
    // two questions tagged `builds` are found (and the guide that links to
    // "Why are my builds slow?").
    let build: Vec<u64> = lookup(&site, "build").iter().map(|p| p.0).collect();
    let tagged: Vec<u64> = (0..docs.len() as u64)
        .filter(|&n| {
            docs[n as usize]["tags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t == "builds")
        })
        .collect();
    assert!(
        tagged.iter().all(|n| build.contains(n)),
        "{build:?} {tagged:?}"
    );
    assert_eq!(build.len(), 3, "{build:?}");
    // An answer's words find the question (terms are Snowball stems:
    // "shared" is "share").
    assert!(
        lookup(&site, "share").iter().any(|(doc, _)| *doc == slow),
        "answer text is indexed with its question"
    );
    assert!(lookup(&site, "zebra").is_empty());
}

#[test]
fn filters_cover_kind_status_and_tags() {
    let site = TestSite::built("kb");
    let docs = docs(&site);
    let meta = json(&site, "search/meta.json");
    // Kinds (as runs of a letter) and statuses have files of their own,
    // loaded only to filter or for the nearest questions.
    let runs = json(&site, "search/kinds.json");
    let runs = runs.as_array().unwrap();
    let kinds: String = runs
        .chunks(2)
        .map(|run| {
            run[0]
                .as_str()
                .unwrap()
                .repeat(run[1].as_u64().unwrap() as usize)
        })
        .collect();
    let statuses = json(&site, "search/statuses.json");
    let statuses = statuses.as_str().unwrap();
    assert_eq!(kinds.len(), docs.len());
    assert_eq!(statuses.len(), docs.len());
    assert!(
        runs.len() / 2 < docs.len(),
        "pages of a kind sit together: {runs:?}"
    );
    for (n, doc) in docs.iter().enumerate() {
        let kind = doc["kind"].as_str().unwrap();
        assert_eq!(&kinds[n..n + 1], &kind[..1], "{doc}");
        let status = match doc["status"].as_str().unwrap() {
            "unanswered" => "u",
            "answered" => "a",
            "accepted" => "c",
            "upcoming" => "n",
            "past" => "o",
            _ => "-",
        };
        assert_eq!(&statuses[n..n + 1], status, "{doc}");
    }
    let no_answers = doc_number(&docs, "/kb/questions/no-answers-yet/") as usize;
    assert_eq!(&kinds[no_answers..no_answers + 1], "q");
    assert_eq!(&statuses[no_answers..no_answers + 1], "u");

    // Each tag's file lists exactly the documents carrying it.
    for tag in meta["tags"].as_array().unwrap() {
        let slug = tag["slug"].as_str().unwrap();
        let gaps = json(&site, &format!("search/tag/{slug}.json"));
        let mut doc = 0;
        let listed: Vec<usize> = gaps
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                doc += g.as_u64().unwrap() as usize;
                doc
            })
            .collect();
        let expected: Vec<usize> = (0..docs.len())
            .filter(|&n| {
                docs[n]["tags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|t| t == &tag["name"])
            })
            .collect();
        assert_eq!(listed, expected, "tag {slug}");
        assert_eq!(tag["count"].as_u64().unwrap() as usize, expected.len());
    }
}

#[test]
fn the_search_page_works_without_javascript_and_every_page_has_the_box() {
    let site = TestSite::built("kb");
    let page = site.read("search/index.html");
    assert!(page.contains("<noscript>"), "{page}");
    assert!(page.contains("href=\"/kb/tags/\""), "{page}");
    assert!(page.contains("data-index=\"/kb/search/\""), "{page}");
    assert!(page.contains("src=\"/kb/search.js\""), "{page}");
    assert!(
        page.contains("<option value=\"rust\">Rust (2)</option>"),
        "tag filter: {page}"
    );
    assert!(site.read("search.js").contains("search/"));
    for path in ["index.html", "guides/setup/index.html", "404.html"] {
        let html = site.read(path);
        assert!(
            html.contains(
                "<form class=\"site-search\" role=\"search\" aria-label=\"Site\" action=\"/kb/search/\""
            ),
            "{path}: {html}"
        );
    }
    // The search page has one search landmark, its own, named.
    assert_eq!(page.matches("role=\"search\"").count(), 1, "{page}");
    assert!(
        page.contains("role=\"search\" aria-label=\"Search Fixture KB\""),
        "{page}"
    );
}

#[test]
fn content_cannot_take_the_search_pages_address() {
    let site = TestSite::basic();
    site.write("content/search.md", "---\ntitle: Mine\n---\nHello.\n");
    let run = site.build().failure();
    run.assert_stderr_has("search");
}

#[test]
fn search_can_be_turned_off() {
    let site = TestSite::fixture("kb");
    let config = std::fs::read_to_string(site.root.join("guildhall.yml")).expect("config");
    site.write("guildhall.yml", format!("{config}search: false\n"));
    site.build().success();
    assert!(!site.public().join("search").exists());
    assert!(!site.read("index.html").contains("site-search"));
}

/// Table cells, list items, headings and quotes are words apart in the
/// index and the excerpts: "Method" is found, and excerpts read as text.
#[test]
fn block_and_cell_boundaries_separate_words() {
    let site = TestSite::empty();
    site.write("guildhall.yml", "title: Words\nbase_url: https://example.org/\n")
        .write(
            "content/guides/restores.md",
            "---\ntitle: Restores\n---\n| Method | Recovery point | Restore speed |\n|---|---|---|\n| Snapshot | Hourly | Fast |\n\n- first item\n- second item\n\n## Heading\n> quoted\n\nA **bold**ly joined word.\n",
        );
    site.build().success();
    let docs = docs(&site);
    let text = docs[0]["text"].as_str().expect("text");
    assert!(
        text.contains("Method Recovery point Restore speed Snapshot Hourly Fast"),
        "{text}"
    );
    assert!(
        text.contains("first item second item Heading quoted A boldly joined word."),
        "{text}"
    );
    // Terms are English stems: "heading" is "head", "boldly" "bold".
    for word in ["method", "snapshot", "fast", "item", "head", "quot", "bold"] {
        assert_eq!(lookup(&site, word).len(), 1, "{word} in {text}");
    }
}

/// Where "Ask this as a question" leads: GitHub's new-file page of the
/// questions folder with `repository:`, else the contributing page.
#[test]
fn the_offer_to_ask_follows_the_settings() {
    let site = TestSite::basic();
    site.write(
        "content/contributing.md",
        "# Contributing\n\nSend a pull request.\n",
    )
    .write("content/guides/g.md", "---\ntitle: G\n---\nText.\n");
    site.build().success();
    let page = site.read("search/index.html");
    assert!(
        page.contains(r#"data-ask="" data-contribute="/contributing/""#),
        "{page}"
    );
    assert!(
        page.contains(r#"<a class="button" href="/contributing/">Ask a question</a>"#),
        "no JavaScript: {page}"
    );

    site.write(
        "guildhall.yml",
        "title: T\nbase_url: https://example.org/\nrepository: https://github.com/org/kb\nrepository_folder: site\nsections:\n  questions: faq\n",
    );
    site.build().success();
    let page = site.read("search/index.html");
    assert!(
        page.contains(r#"data-ask="https://github.com/org/kb/new/main/site/content/faq""#),
        "{page}"
    );
    assert!(
        page.contains("filename=your-question.md&amp;value=%2D%2D%2D%0Atitle%3A%20Your%20question"),
        "{page}"
    );
    let stats = site.run(&["stats"]).success();
    assert!(
        stats.stdout().contains(
            "Searches (successful searches, top failed searches) are not counted by guildhall"
        ),
        "{}",
        stats.stdout()
    );
}

/// A word written with accents is kept as written beside its folded stem,
/// so the browser can rank an exact match higher; each language's pages
/// have their own index, stemmed in that language, with the endings
/// search.js tries.
#[test]
fn accents_are_folded_with_the_exact_form_kept_and_each_language_has_its_index() {
    let site = TestSite::empty();
    site.write(
        "guildhall.yml",
        "title: T\nbase_url: https://example.org/\nlanguages:\n  fr: {}\n",
    )
    .write(
        "content/guides/cafe.md",
        "---\ntitle: Café culture\n---\nThe café opens.\n",
    )
    .write(
        "content/guides/plain.md",
        "---\ntitle: Plain\n---\nA cafe opens.\n",
    )
    .write(
        "content/guides/cafe.fr.md",
        "---\ntitle: Les cafés\n---\nLes réponses acceptées.\n",
    );
    site.build().success();
    let folded: Vec<u64> = lookup(&site, "cafe").iter().map(|p| p.0).collect();
    assert_eq!(folded.len(), 2, "both pages hold the folded word");
    assert_eq!(
        lookup(&site, "café").len(),
        1,
        "only one wrote it with its accent"
    );
    let meta: serde_json::Value = serde_json::from_str(&site.read("search/meta.json")).unwrap();
    assert_eq!(meta["count"], 2, "the French page is in its own index");
    assert_eq!(meta["stemmer"], true);
    let fr: serde_json::Value = serde_json::from_str(&site.read("fr/search/meta.json")).unwrap();
    assert_eq!(fr["count"], 1);
    let fr_terms = site.read("fr/search/meta.json");
    assert!(fr_terms.contains("\"stems\""), "{fr_terms}");
    let files: Vec<String> = common::list_files(&site.public().join("fr/search/terms"));
    let all: String = files
        .iter()
        .map(|f| site.read(&format!("fr/search/terms/{f}")))
        .collect();
    // French stems ("acceptées" is "accept"), and the words as written.
    assert!(all.contains("\"accept\""), "{all}");
    assert!(all.contains("\"acceptées\""), "{all}");
}
