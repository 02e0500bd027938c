//! `guildhall import github-discussions` and `guildhall import discourse`
//! on fixtures written from the documented schemas (GitHub's GraphQL
//! `Discussion` and `DiscussionComment`; Discourse's topic JSON), in
//! `tests/fixtures/import/`.

mod common;

use std::path::{Path, PathBuf};

use common::{Run, TestSite, list_files};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(path)
}

fn github(site: &TestSite, more: &[&str]) -> Run {
    let export = fixture("github/discussions.json");
    let mut args = vec!["import", "github-discussions", export.to_str().unwrap()];
    args.extend_from_slice(more);
    site.run(&args)
}

fn discourse(site: &TestSite, folder: &Path, more: &[&str]) -> Run {
    let mut args = vec![
        "import",
        "discourse",
        folder.to_str().unwrap(),
        "--url",
        "https://forum.example.org",
    ];
    args.extend_from_slice(more);
    site.run(&args)
}

fn content(site: &TestSite, path: &str) -> String {
    std::fs::read_to_string(site.root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn files(site: &TestSite) -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
    let root = site.root.join("content");
    list_files(&root)
        .into_iter()
        .map(|rel| {
            let path = root.join(&rel);
            let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
            (rel, std::fs::read(&path).unwrap(), modified)
        })
        .collect()
}

fn builds_and_checks(site: &TestSite) {
    site.build().success();
    let check = site.run(&["check"]);
    assert_eq!(check.code(), 0, "{}", check.stderr());
    check.assert_stderr_has("Check passed: 0 errors");
}

#[test]
fn github_discussions_become_questions_and_answers() {
    let site = TestSite::basic();
    github(&site, &["-v"])
        .success()
        .assert_stderr_has("2 questions, 3 answers (1 accepted)")
        .assert_stderr_has(
            "Skipped 1 discussions in categories that are not answerable (--pages keeps them as pages)",
        )
        .assert_stderr_has("  discussion #3 (Announcements)");
    builds_and_checks(&site);

    let q = site.read("questions/how-do-i-stop-my-airlock-from-bubbling-over/index.html");
    assert!(q.contains("Every batch foams into the airlock."), "{q}");
    assert!(
        q.contains(r#"data-lang="sh""#) && q.contains("fitted"),
        "code stays code: {q}"
    );
    assert!(q.contains("✓ Accepted answer"), "{q}");
    assert!(
        q.contains(
            r#"<a href="https://github.com/acme/brewing/discussions/1">github.com/acme/brewing</a>"#
        ),
        "{q}"
    );
    assert!(
        q.contains(
            r#"<a href="https://github.com/acme/brewing/discussions/1#discussioncomment-102">"#
        ),
        "{q}"
    );
    assert!(
        q.contains(r#"<a href="https://github.com/carol">carol</a>"#),
        "{q}"
    );
    // A reply is a comment under its answer, its paragraphs kept.
    assert!(
        q.contains("That only moves the problem.") && q.contains("A blow-off tube is better."),
        "{q}"
    );
    // Labels and the category are tags.
    assert!(site.exists("tags/fermentation/index.html") && site.exists("tags/q-a/index.html"));
    let accepted = content(
        &site,
        "content/questions/how-do-i-stop-my-airlock-from-bubbling-over/102.md",
    );
    assert!(
        accepted.contains("votes: 5") && accepted.contains("accepted: true"),
        "{accepted}"
    );
    // A deleted author is GitHub's ghost.
    let ghost = site.read("questions/which-yeast-for-a-cold-cellar/index.html");
    assert!(
        ghost.contains(r#"<a href="https://github.com/ghost">ghost</a>"#),
        "{ghost}"
    );

    // The Q&A category's description describes its tag.
    let qa = content(&site, "content/tags/q-a.md");
    assert!(
        qa.contains("Ask the community for help")
            && qa.contains("url: https://github.com/acme/brewing/discussions/categories/q-a"),
        "{qa}"
    );
    assert!(
        site.read("tags/q-a/index.html")
            .contains("<p>Ask the community for help</p>")
    );

    let before = files(&site);
    github(&site, &[])
        .success()
        .assert_stderr_has("0 new, 0 updated, 6 unchanged");
    assert_eq!(before, files(&site), "a second import rewrites nothing");
}

#[test]
fn github_pages_categories_and_the_query() {
    let site = TestSite::basic();
    github(&site, &["--pages"])
        .success()
        .assert_stderr_has("Also 1 page");
    builds_and_checks(&site);
    let page = site.read("discussions/spring-meetup-announced/index.html");
    assert!(
        page.contains("We meet on 14 March.") && page.contains("See you there!"),
        "{page}"
    );

    let only = TestSite::basic();
    github(&only, &["--category", "announcements", "--pages"])
        .success()
        .assert_stderr_has("0 questions, 0 answers")
        .assert_stderr_has("Skipped 2 discussions outside --category");

    let query = only
        .run_exact(&["import", "github-discussions", "--print-query"])
        .success();
    let text = query.stdout();
    assert!(
        text.contains("discussions(first:") && text.contains("$endCursor"),
        "{text}"
    );
    assert!(
        text.contains("isAnswerable description slug")
            && text.contains("replies(")
            && text.contains("totalCount"),
        "{text}"
    );
}

/// GitHub counts what its query leaves out (the first 100 comments and
/// replies of each are fetched): the import names each discussion cut
/// short, with what it holds of how many.
#[test]
fn github_discussions_cut_short_by_the_query_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("d.json");
    let good = std::fs::read_to_string(fixture("github/discussions.json")).unwrap();
    let counted = good
        .replacen(
            "\"comments\": {\n              \"nodes\": [",
            "\"comments\": {\n              \"totalCount\": 140, \"nodes\": [",
            1,
        )
        .replacen(
            "\"replies\": {\n                    \"nodes\": [",
            "\"replies\": {\n                    \"totalCount\": 3, \"nodes\": [",
            1,
        );
    assert_ne!(counted, good, "the fixture's layout changed");
    std::fs::write(&export, counted).unwrap();
    let site = TestSite::basic();
    site.run(&["import", "github-discussions", export.to_str().unwrap(), "-v"])
        .success()
        .assert_stderr_has(
            "Imported 1 discussions with more comments or replies than the export holds (the query fetches the first 100 of each)",
        )
        .assert_stderr_has("  discussion #1 (Q&A): 2 of 140 comments, 1 of 3 replies imported");

    let plain = TestSite::basic();
    let run = github(&plain, &["-v"]).success();
    assert!(!run.stderr().contains("more comments"), "{}", run.stderr());
}

#[test]
fn github_exports_that_are_not_as_expected_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("d.json");
    let good = std::fs::read_to_string(fixture("github/discussions.json")).unwrap();
    std::fs::write(
        &export,
        good.replacen("\"title\": \"Which yeast", "\"name\": \"Which yeast", 1),
    )
    .unwrap();
    let site = TestSite::basic();
    let run = site.run(&["import", "github-discussions", export.to_str().unwrap()]);
    assert_eq!(run.code(), 1);
    run.assert_stderr_has(
        "d.json: document 1: `data.repository.discussions.nodes[1].title` is missing",
    )
    .assert_stderr_has("Nothing was imported.");
    std::fs::write(&export, "{\"data\": {\"repository\": ").unwrap();
    let run = site.run(&["import", "github-discussions", export.to_str().unwrap()]);
    assert_eq!(run.code(), 1);
    run.assert_stderr_has("d.json:1:")
        .assert_stderr_has("not JSON");
    assert!(!site.root.join("content/questions").exists());
}

#[test]
fn discourse_topics_become_questions_and_answers() {
    let site = TestSite::basic();
    discourse(&site, &fixture("discourse"), &["-v"])
        .success()
        .assert_stderr_has("2 questions, 5 answers (1 accepted)")
        .assert_stderr_has("Imported 1 category descriptions, as tag descriptions")
        .assert_stderr_has("Imported 1 posts with Discourse markup left as written (check them)")
        .assert_stderr_has("  post 402 (spoiler)");
    builds_and_checks(&site);
    let q =
        site.read("questions/how-do-i-cold-crash-without-sucking-back-airlock-water/index.html");
    assert!(
        q.contains(r#"data-lang="sh""#) && q.contains("fridge"),
        "{q}"
    );
    assert!(
        q.contains("<blockquote>") && q.contains("<strong>ana</strong> wrote:"),
        "the quote: {q}"
    );
    assert!(
        q.contains(r#"src="https://forum.example.org/uploads/short-url/a1B2c3D4.jpeg""#),
        "{q}"
    );
    assert!(q.contains(r#"alt="my setup""#), "{q}");
    assert!(
        q.contains(r#"<a href="https://forum.example.org/u/cy">@cy</a>"#),
        "{q}"
    );
    assert!(
        q.contains("<details>") && q.contains("<summary>Why</summary>"),
        "{q}"
    );
    assert!(q.contains(r#"<a href="https://forum.example.org/t/how-do-i-cold-crash-without-sucking-back-airlock-water/12/3">"#), "{q}");
    assert!(!q.contains("system"), "a moderator action is no answer");
    let accepted = content(
        &site,
        "content/questions/how-do-i-cold-crash-without-sucking-back-airlock-water/303.md",
    );
    assert!(
        accepted.contains("accepted: true") && accepted.contains("votes: 4"),
        "{accepted}"
    );
    // The long topic: posts from both of its files, the category and tag
    // objects as tags.
    let long = site.read("questions/what-are-you-brewing-this-month/index.html");
    assert!(
        long.contains("An imperial stout.") && long.contains("the kegs are full"),
        "{long}"
    );
    assert!(site.exists("tags/lounge/index.html") && site.exists("tags/chat/index.html"));

    // The Support category's description describes its tag; Lounge has
    // none. Its link to a topic leads to the topic's file.
    let support = content(&site, "content/tags/support.md");
    assert!(
        support.contains("url: https://forum.example.org/c/support/5"),
        "{support}"
    );
    assert!(
        support.contains("Help with **brewing** problems: see [the cold crash topic](../questions/how-do-i-cold-crash-without-sucking-back-airlock-water/index.md)."),
        "{support}"
    );
    let tag = site.read("tags/support/index.html");
    assert!(
        tag.contains("Help with <strong>brewing</strong> problems"),
        "{tag}"
    );
    assert!(!site.root.join("content/tags/lounge.md").exists());

    let before = files(&site);
    discourse(&site, &fixture("discourse"), &[])
        .success()
        .assert_stderr_has("0 new, 0 updated, 8 unchanged");
    assert_eq!(before, files(&site));
}

#[test]
fn discourse_categories_and_bad_topics() {
    let site = TestSite::basic();
    discourse(&site, &fixture("discourse"), &["--category", "support"])
        .success()
        .assert_stderr_has("1 question, 2 answers (1 accepted)");

    let dir = tempfile::tempdir().unwrap();
    let topic = std::fs::read_to_string(fixture("discourse/12.json")).unwrap();
    std::fs::write(
        dir.path().join("12.json"),
        topic.replacen("\"raw\": \"Swap", "\"text\": \"Swap", 1),
    )
    .unwrap();
    let other = TestSite::basic();
    let run = discourse(&other, dir.path(), &[]);
    assert_eq!(run.code(), 1);
    run.assert_stderr_has("12.json: document: `post_stream.posts[2]` has no `raw`: save topics with ?include_raw=true");
    let run = discourse(&other, dir.path(), &["--category", "support"]);
    assert_eq!(run.code(), 2);
    run.assert_stderr_has("--category needs the forum's categories");
}

/// A link from one imported discussion to another, or to one of its
/// answers, leads to its file; a link to a reply that is a comment leads
/// to its discussion; a discussion not imported keeps its link.
#[test]
fn github_links_between_discussions_stay_on_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let export = std::fs::read_to_string(fixture("github/discussions.json")).unwrap();
    let linked = export.replacen(
        r#""body": "Mine sits at 12 °C.""#,
        r#""body": "Mine sits at 12 °C. See [the airlock](https://github.com/acme/brewing/discussions/1), [the tube](https://github.com/Acme/Brewing/discussions/1#discussioncomment-102), [a reply](https://github.com/acme/brewing/discussions/1#discussioncomment-999) and https://github.com/acme/brewing/discussions/3, not `https://github.com/acme/brewing/discussions/1`.""#,
        1,
    );
    assert_ne!(linked, export, "the fixture's text changed");
    let file = dir.path().join("discussions.json");
    std::fs::write(&file, linked).unwrap();
    let site = TestSite::basic();
    site.run(&["import", "github-discussions", file.to_str().unwrap()])
        .success();
    let text = content(
        &site,
        "content/questions/which-yeast-for-a-cold-cellar/index.md",
    );
    let airlock = "../how-do-i-stop-my-airlock-from-bubbling-over";
    for link in [
        format!("[the airlock]({airlock}/index.md)"),
        format!("[the tube]({airlock}/102.md)"),
        format!("[a reply]({airlock}/index.md)"),
        "https://github.com/acme/brewing/discussions/3,".to_string(),
        "`https://github.com/acme/brewing/discussions/1`".to_string(),
    ] {
        assert!(text.contains(&link), "{link} in {text}");
    }
    builds_and_checks(&site);
    let page = site.read("questions/which-yeast-for-a-cold-cellar/index.html");
    assert!(
        page.contains(r#"<a href="/questions/how-do-i-stop-my-airlock-from-bubbling-over/#answer-102">the tube</a>"#),
        "{page}"
    );
}

/// Links to a topic (any slug, with or without a post number) or to a
/// reply lead to its file; a post number not imported leads to its topic.
#[test]
fn discourse_links_between_topics_stay_on_the_site() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["12.json", "13.json", "13-posts-2.json", "categories.json"] {
        std::fs::copy(fixture(&format!("discourse/{name}")), dir.path().join(name)).unwrap();
    }
    let topic = std::fs::read_to_string(dir.path().join("13.json")).unwrap();
    let linked = topic.replacen(
        r#""raw": "Share your plans.""#,
        r#""raw": "Share your plans, as in [cold crash](https://forum.example.org/t/renamed/12), [the answer](http://forum.example.org/t/12/3), [moderator](https://forum.example.org/t/x/12/4?u=cy) and https://forum.example.org/t/how-do-i-cold-crash-without-sucking-back-airlock-water/12/2. Not [elsewhere](https://forum.example.org/t/99).""#,
        1,
    );
    assert_ne!(linked, topic, "the fixture's text changed");
    std::fs::write(dir.path().join("13.json"), linked).unwrap();
    let site = TestSite::basic();
    discourse(&site, dir.path(), &[]).success();
    let text = content(
        &site,
        "content/questions/what-are-you-brewing-this-month/index.md",
    );
    let crash = "../how-do-i-cold-crash-without-sucking-back-airlock-water";
    for link in [
        format!("[cold crash]({crash}/index.md)"),
        format!("[the answer]({crash}/303.md)"),
        format!("[moderator]({crash}/index.md)"),
        format!("[How do I cold crash without sucking back airlock water?]({crash}/302.md)."),
        "[elsewhere](https://forum.example.org/t/99)".to_string(),
    ] {
        assert!(text.contains(&link), "{link} in {text}");
    }
    builds_and_checks(&site);
}
