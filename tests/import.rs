//! `guildhall import stackexchange` on the real dump of
//! beer.stackexchange.com (`../shared/data/stackexchange/beer`: 244
//! questions, 448 answers, 142 accepted, 9 duplicate links), and on small
//! dumps written here for what the real one lacks (both tag formats, a
//! script in a body, broken input).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Run, TestSite, list_files};

const URL: &str = "https://beer.stackexchange.com";

fn beer_dump() -> PathBuf {
    let dump = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/stackexchange/beer");
    assert!(
        dump.join("Posts.xml").is_file(),
        "{} is missing: ../shared must sit beside the repository",
        dump.display()
    );
    dump
}

/// A copy of the beer dump without the files named.
fn beer_dump_without(files: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(beer_dump()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if !files.contains(&name.to_str().unwrap()) {
            std::fs::copy(entry.path(), dir.path().join(&name)).unwrap();
        }
    }
    let path = dir.path().to_path_buf();
    (dir, path)
}

fn import(site: &TestSite, dump: &Path, more: &[&str]) -> Run {
    let mut args = vec![
        "import",
        "stackexchange",
        dump.to_str().unwrap(),
        "--url",
        URL,
    ];
    args.extend_from_slice(more);
    site.run(&args)
}

/// The text of a content file of the site.
fn content(site: &TestSite, path: &str) -> String {
    std::fs::read_to_string(site.root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The page of the question whose Stack Exchange id is `id`.
fn question_page(site: &TestSite, id: u32) -> String {
    let source = format!("url: {URL}/questions/{id}\n");
    let folder = std::fs::read_dir(site.root.join("content/questions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|dir| {
            std::fs::read_to_string(dir.join("index.md")).is_ok_and(|t| t.contains(&source))
        })
        .unwrap_or_else(|| panic!("no question {id}"));
    let slug = folder.file_name().unwrap().to_str().unwrap().to_string();
    site.read(&format!("questions/{slug}/index.html"))
}

/// Every file under the site's content, with its bytes and time stamp.
fn snapshot(site: &TestSite) -> BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    list_files(&site.root.join("content"))
        .into_iter()
        .map(|rel| {
            let path = site.root.join("content").join(&rel);
            let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
            (rel, (std::fs::read(&path).unwrap(), modified))
        })
        .collect()
}

#[test]
fn the_beer_dump_becomes_a_site_with_the_dumps_figures() {
    let site = TestSite::basic();
    let run = import(&site, &beer_dump(), &["--comments"]).success();
    run.assert_stderr_has(
        "Imported into content/questions: 244 questions, 448 answers (142 accepted), 9 duplicates",
    );
    site.build().success();
    let check = site.run(&["check"]);
    assert_eq!(check.code(), 0, "{}", check.stderr());
    check.assert_stderr_has("Check passed: 0 errors");

    let stats: serde_json::Value = serde_json::from_str(&site.read("stats.json")).unwrap();
    assert_eq!(stats["totals"]["questions"], 244);
    assert_eq!(stats["totals"]["answers"], 448);
    assert_eq!(stats["questions"]["accepted"], 142);
    let page = site.read("stats/index.html");
    assert!(page.contains("244"), "the stats page shows the count");

    // Question 1 and its accepted answer 4, attributed as the licence asks.
    let q1 = question_page(&site, 1);
    assert!(q1.contains("What is a citra hop, and how does it differ from other hops?"));
    assert!(
        q1.contains("Citra is a registered trademark since 2007"),
        "answer 4's text"
    );
    assert!(q1.contains(
        r#"<a href="https://beer.stackexchange.com/questions/1">beer.stackexchange.com</a>"#
    ));
    assert!(q1.contains(r#"<a href="https://beer.stackexchange.com/users/7">Tom Medley</a>"#));
    assert!(
        q1.contains(r#"<a href="https://beer.stackexchange.com/a/4">beer.stackexchange.com</a>"#)
    );
    assert!(q1.contains(r#"<a href="https://beer.stackexchange.com/users/12">Niek Haarman</a>"#));
    assert!(q1.contains(
        r#"<a rel="license" href="https://creativecommons.org/licenses/by-sa/3.0/">CC BY-SA 3.0</a>"#
    ));
    assert!(q1.contains("✓ Accepted answer"));

    // Answer 252's tables of figures stay code.
    let q = question_page(&site, 250);
    assert!(
        q.contains("<pre") && q.contains("1 g of alcohol = 7 kcal."),
        "{q}"
    );

    // Duplicate link 29 → 25, shown on both sides.
    let duplicate = question_page(&site, 29);
    assert!(
        duplicate.contains("This question is a duplicate of"),
        "{duplicate}"
    );
    let original = question_page(&site, 25);
    assert!(original.contains("Also asked as"), "{original}");

    // Comments under their post, attributed (comment 1 on question 5).
    let q5 = question_page(&site, 5);
    assert!(q5.contains("This is a matter of taste I guess."), "{q5}");
    assert!(q5.contains("https://beer.stackexchange.com/users/10"));

    // Question 655 links to question 654 in its text and in a comment:
    // both lead to 654's page on the site, not back to Stack Exchange.
    let q655 = question_page(&site, 655);
    let q654 =
        "/questions/is-there-anything-i-can-do-short-of-leaving-a-glass-out-on-the-counter-to/";
    assert!(
        q655.contains(&format!(r#"<a href="{q654}">severely overcarbonated.</a>"#)),
        "{q655}"
    );
    assert!(
        q655.contains(&format!(r#"possible duplicate of <a href="{q654}">"#)),
        "{q655}"
    );
    // Tag wikis are the descriptions of the tags' pages, attributed.
    run.assert_stderr_has("Imported 14 tag wikis, as tag descriptions");
    let wiki = content(&site, "content/tags/poland.md");
    assert!(
        wiki.contains("url: https://beer.stackexchange.com/tags/poland/info"),
        "{wiki}"
    );
    let poland = site.read("tags/poland/index.html");
    assert!(
        poland.contains("<p>Questions about Polish beers, as well as about beer consumption/availability in Poland.</p>"),
        "the excerpt first: {poland}"
    );
    assert!(
        poland.contains("<li>Polish beers (classification"),
        "then the wiki: {poland}"
    );
    assert!(
        poland.contains(r#"<meta name="description" content="Questions about Polish beers"#),
        "{poland}"
    );
    assert!(
        poland.contains(r#"on <a href="https://beer.stackexchange.com/tags/poland/info">beer.stackexchange.com</a> · Licensed under"#),
        "{poland}"
    );

    // Meta is another site: its links stay.
    let meta = list_files(&site.root.join("content"))
        .into_iter()
        .map(|rel| content(&site, &format!("content/{rel}")))
        .filter(|text| text.contains("](http://meta.beer.stackexchange.com/questions/"))
        .count();
    assert!(meta > 0, "links to meta are kept");
}

#[test]
fn importing_again_changes_nothing_and_keeps_hand_edits() {
    let site = TestSite::basic();
    import(&site, &beer_dump(), &[]).success();
    let before = snapshot(&site);
    import(&site, &beer_dump(), &[])
        .success()
        .assert_stderr_has("0 new, 0 updated, 706 unchanged");
    assert_eq!(before, snapshot(&site), "no file rewritten");

    let q1 = site.root.join(
        "content/questions/what-is-a-citra-hop-and-how-does-it-differ-from-other-hops/index.md",
    );
    let edited = std::fs::read_to_string(&q1)
        .unwrap()
        .replace("citra hops?", "citra hops? (edited)");
    std::fs::write(&q1, &edited).unwrap();
    import(&site, &beer_dump(), &[])
        .success()
        .assert_stderr_has("what-is-a-citra-hop-and-how-does-it-differ-from-other-hops/index.md: edited since the last import, kept as it is (--force overwrites it)")
        .assert_stderr_has("1 kept as edited by hand");
    assert_eq!(std::fs::read_to_string(&q1).unwrap(), edited);
    import(&site, &beer_dump(), &["--force"])
        .success()
        .assert_stderr_has("1 updated");
    assert!(!std::fs::read_to_string(&q1).unwrap().contains("(edited)"));
}

#[test]
fn without_post_history_bodies_come_from_the_html() {
    let (_dir, dump) = beer_dump_without(&["PostHistory.xml", "Users.xml"]);
    let site = TestSite::basic();
    import(&site, &dump, &[]).success();
    let answer = content(
        &site,
        "content/questions/what-is-a-citra-hop-and-how-does-it-differ-from-other-hops/4.md",
    );
    assert!(
        answer.contains("[Wikipedia article](http://en.wikipedia.org/wiki/List_of_hop_varieties#Citra_brand_HBC_394_cv)"),
        "{answer}"
    );
    // Without Users.xml, authors are named by their account.
    assert!(answer.contains("name: user 12"), "{answer}");
    site.build().success();
    let q = question_page(&site, 250);
    assert!(
        q.contains("<pre") && q.contains("1 g of alcohol = 7 kcal."),
        "{q}"
    );
}

/// Writes a small dump of `rows` (Posts.xml rows) to a new folder.
fn small_dump(posts: &str, links: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Posts.xml"),
        format!("\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n{posts}</posts>\n"),
    )
    .unwrap();
    if !links.is_empty() {
        std::fs::write(
            dir.path().join("PostLinks.xml"),
            format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<postlinks>\n{links}</postlinks>\n"
            ),
        )
        .unwrap();
    }
    let path = dir.path().to_path_buf();
    (dir, path)
}

const Q: &str = r#"  <row Id="1" PostTypeId="1" AcceptedAnswerId="3" CreationDate="2024-01-02T10:00:00.000" Score="2" Body="&lt;p&gt;Hello&lt;/p&gt;&lt;script&gt;alert('x')&lt;/script&gt;" OwnerUserId="5" Title="Old tags &amp; a script" Tags="&lt;ale&gt;&lt;ipa&gt;" />
  <row Id="2" PostTypeId="1" CreationDate="2026-01-02T10:00:00.000" Score="0" Body="&lt;p&gt;New&lt;/p&gt;" OwnerDisplayName="Gone Person" Title="New tags" Tags="|lager|ipa|" />
  <row Id="3" PostTypeId="2" ParentId="1" CreationDate="2024-01-03T10:00:00.000" Score="4" Body="&lt;p&gt;Use &lt;code&gt;x&lt;/code&gt;&lt;/p&gt;" OwnerUserId="6" />
  <row Id="4" PostTypeId="2" ParentId="99" CreationDate="2024-01-03T10:00:00.000" Score="1" Body="&lt;p&gt;Orphan&lt;/p&gt;" OwnerUserId="6" />
"#;

#[test]
fn both_tag_formats_scripts_and_orphans() {
    let (_dir, dump) = small_dump(Q, "");
    let site = TestSite::basic();
    let run = import(&site, &dump, &["-v"]).success();
    run.assert_stderr_has("2 questions, 1 answer (1 accepted)")
        .assert_stderr_has("Skipped 1 answers whose question is not in the dump")
        .assert_stderr_has("  answer 4 (to question 99)");
    site.build().success();
    assert!(site.exists("tags/ale/index.html") && site.exists("tags/lager/index.html"));
    let ipa = site.read("tags/ipa/index.html");
    assert!(
        ipa.contains("Old tags &amp; a script") && ipa.contains("New tags"),
        "{ipa}"
    );
    let page = site.read("questions/old-tags-a-script/index.html");
    assert!(page.contains("Hello"), "{page}");
    assert!(!page.contains("alert("), "the script is gone: {page}");
    assert!(page.contains("<code>x</code>"), "{page}");
    let new = site.read("questions/new-tags/index.html");
    assert!(new.contains("Gone Person"), "a deleted user's name: {new}");
}

/// Posts that link to each other in every way Stack Exchange writes it.
const LINKED: &str = r#"  <row Id="1" PostTypeId="1" CreationDate="2024-01-02T10:00:00.000" Score="2" Body="&lt;p&gt;Start&lt;/p&gt;" OwnerUserId="5" Title="First" Tags="&lt;ale&gt;" />
  <row Id="2" PostTypeId="2" ParentId="1" CreationDate="2024-01-03T10:00:00.000" Score="1" Body="&lt;p&gt;An answer&lt;/p&gt;" OwnerUserId="6" />
  <row Id="3" PostTypeId="1" CreationDate="2025-01-02T10:00:00.000" Score="0" Body="&lt;p&gt;See &lt;a href=&quot;https://beer.stackexchange.com/q/1&quot;&gt;short&lt;/a&gt;, &lt;a href=&quot;http://beer.stackexchange.com/questions/1/first/2#2&quot;&gt;answer&lt;/a&gt;, &lt;a href=&quot;//beer.stackexchange.com/a/2/6&quot;&gt;share&lt;/a&gt;, &lt;a href=&quot;https://beer.stackexchange.com/questions/1/first#2&quot;&gt;anchor&lt;/a&gt; and https://beer.stackexchange.com/questions/1/first.&lt;/p&gt;&lt;p&gt;Not &lt;a href=&quot;https://beer.stackexchange.com/questions/77&quot;&gt;gone&lt;/a&gt; or &lt;code&gt;https://beer.stackexchange.com/q/1&lt;/code&gt;.&lt;/p&gt;" OwnerUserId="5" Title="Second" Tags="&lt;ale&gt;" />
"#;

#[test]
fn links_between_imported_posts_lead_to_their_pages() {
    let (_dir, dump) = small_dump(LINKED, "");
    let site = TestSite::basic();
    import(&site, &dump, &[]).success();
    let text = content(&site, "content/questions/second/index.md");
    for local in [
        "[short](../first/index.md)",
        "[answer](../first/2.md)",
        "[share](../first/2.md)",
        "[anchor](../first/2.md)",
        "[First](../first/index.md).",
        "[gone](https://beer.stackexchange.com/questions/77)",
        "`https://beer.stackexchange.com/q/1`",
    ] {
        assert!(text.contains(local), "{local} in {text}");
    }
    site.build().success();
    let page = site.read("questions/second/index.html");
    for link in [
        r#"<a href="/questions/first/">short</a>"#,
        r#"<a href="/questions/first/#answer-2">answer</a>"#,
        r#"<a href="https://beer.stackexchange.com/questions/77">gone</a>"#,
    ] {
        assert!(page.contains(link), "{link} in {page}");
    }
    // Without the linked question in the import, the link stays as it was.
    let only_second = TestSite::basic();
    import(&only_second, &dump, &["--since", "2025-01-01"]).success();
    let text = content(&only_second, "content/questions/second/index.md");
    assert!(
        text.contains("[short](https://beer.stackexchange.com/q/1)"),
        "{text}"
    );
}

#[test]
fn since_and_tags_choose_questions() {
    let (_dir, dump) = small_dump(Q, "");
    let site = TestSite::basic();
    import(&site, &dump, &["--since", "2025-01-01"])
        .success()
        .assert_stderr_has("1 question, 0 answers")
        .assert_stderr_has("Skipped 1 answers to questions outside --since/--tags");
    assert!(
        site.root
            .join("content/questions/new-tags/index.md")
            .is_file()
    );
    assert!(
        !site
            .root
            .join("content/questions/old-tags-a-script")
            .exists()
    );
    let other = TestSite::basic();
    import(&other, &dump, &["--tags", "ale,stout"])
        .success()
        .assert_stderr_has("1 question, 1 answer (1 accepted)");
}

#[test]
fn only_the_imported_questions_tags_get_their_wikis() {
    let site = TestSite::basic();
    import(&site, &beer_dump(), &["--tags", "poland"])
        .success()
        .assert_stderr_has("Imported 1 tag wikis, as tag descriptions");
    let tags = list_files(&site.root.join("content/tags"));
    assert!(tags.contains(&"poland.md".to_string()), "{tags:?}");
    assert!(
        !tags.contains(&"stout.md".to_string()),
        "stout's questions were left out: {tags:?}"
    );
    site.build().success();
}

#[test]
fn bad_dumps_are_errors_that_change_nothing() {
    let site = TestSite::basic();
    let empty = tempfile::tempdir().unwrap();
    let run = import(&site, empty.path(), &[]);
    assert_eq!(run.code(), 1);
    run.assert_stderr_has("Posts.xml: missing")
        .assert_stderr_has("Nothing was imported.");

    let (_dir, dump) = small_dump(
        &format!(
            "{Q}  <row Id=\"5\" PostTypeId=\"2\" ParentId=\"1\" CreationDate=\"soon\" />\n  <row Id=\"6\" \n"
        ),
        "",
    );
    let run = import(&site, &dump, &[]);
    assert_eq!(run.code(), 1);
    run.assert_stderr_has("Posts.xml:7:3: post 5: `CreationDate` is `soon`, not a date");
    let (_dir, dump) = small_dump(&format!("{Q}  <row Id=\"6\" Title=\"x />\n"), "");
    let run = import(&site, &dump, &[]);
    assert_eq!(run.code(), 1);
    run.assert_stderr_has("Posts.xml:7:")
        .assert_stderr_has("invalid XML");
    assert!(
        !site.root.join("content/questions").exists(),
        "nothing written"
    );
    assert!(!site.root.join(".guildhall").exists());

    let no_config = TestSite::empty();
    import(&no_config, &beer_dump(), &[]).assert_stderr_has("has no guildhall.yml");
    let run = site.run(&["import", "stackexchange", "x", "--url", "beer"]);
    assert_eq!(run.code(), 2);
    run.assert_stderr_has("--url should be the site's address");
}

#[test]
fn a_7z_archive_is_read_like_the_folder() {
    let archive_dir = tempfile::tempdir().unwrap();
    let archive = archive_dir.path().join("beer.stackexchange.com.7z");
    sevenz_rust2::compress_to_path(beer_dump(), &archive).unwrap();
    let site = TestSite::basic();
    import(&site, &archive, &[])
        .success()
        .assert_stderr_has("244 questions, 448 answers (142 accepted), 9 duplicates");
    let from_folder = TestSite::basic();
    import(&from_folder, &beer_dump(), &[]).success();
    let files = |s: &TestSite| -> Vec<(String, Vec<u8>)> {
        snapshot(s)
            .into_iter()
            .map(|(k, (bytes, _))| (k, bytes))
            .collect()
    };
    assert_eq!(files(&site), files(&from_folder));
}

/// A newer dump: a question renamed and edited upstream keeps its folder
/// (and URL), a new question is added, and a question whose accepted
/// answer is not in the dump comes without one.
#[test]
fn a_newer_dump_updates_in_place_and_adds() {
    let (_dir, dump) = small_dump(Q, "");
    let site = TestSite::basic();
    import(&site, &dump, &[]).success();
    let renamed = Q
        .replace("Old tags &amp; a script", "Renamed upstream")
        .replace("&lt;p&gt;Hello", "&lt;p&gt;Hello again");
    let newer = format!(
        "{renamed}  <row Id=\"7\" PostTypeId=\"1\" AcceptedAnswerId=\"77\" CreationDate=\"2026-02-02T10:00:00.000\" Body=\"&lt;p&gt;Fresh&lt;/p&gt;\" OwnerUserId=\"5\" Title=\"A fresh one\" Tags=\"|ale|\" />\n"
    );
    let (_dir2, dump2) = small_dump(&newer, "");
    import(&site, &dump2, &["-v"])
        .success()
        .assert_stderr_has("1 new, 1 updated, 2 unchanged")
        .assert_stderr_has("Skipped 1 accepted answers not in the dump")
        .assert_stderr_has("  answer 77 (accepted on question 7)");
    let kept = content(&site, "content/questions/old-tags-a-script/index.md");
    assert!(
        kept.contains("title: Renamed upstream") && kept.contains("Hello again"),
        "{kept}"
    );
    assert!(
        !site
            .root
            .join("content/questions/renamed-upstream")
            .exists()
    );
    let fresh = content(&site, "content/questions/a-fresh-one/index.md");
    assert!(!fresh.contains("accepted"), "{fresh}");
    site.build().success();
    assert!(
        site.read("questions/old-tags-a-script/index.html")
            .contains("Renamed upstream")
    );
}
