//! Real community sites, as a migrating maintainer brings them: the
//! `content/` of each site in `../shared/corpora/` copied as it is, with the
//! few lines of `guildhall.yml` the README's migration section names. Each
//! builds with no error, turns at least 95% of its markdown files into
//! pages, and `check` finds only warnings.

mod common;

use std::path::{Path, PathBuf};

use common::TestSite;

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora")
        .join(name)
        .join("content")
}

fn markdown_files(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count()
}

/// The entries a build line counts: `Built …: 3 questions, 170 pages; …`.
fn entries_built(line: &str) -> usize {
    let kinds = line
        .split(": ")
        .nth(1)
        .and_then(|rest| rest.split(';').next());
    kinds
        .unwrap_or_else(|| panic!("no counts in {line}"))
        .split(", ")
        .filter_map(|part| part.split(' ').next()?.parse::<usize>().ok())
        .sum()
}

fn migrate(name: &str, config: &str) -> TestSite {
    let content = corpus(name);
    assert!(
        content.is_dir(),
        "{} is missing: ../shared must sit beside the repository",
        content.display()
    );
    let site = TestSite::copy_of(content.parent().unwrap());
    site.write("guildhall.yml", config);
    let run = site.build();
    let stderr = run.stderr();
    assert_eq!(run.code(), 0, "{name}:\n{stderr}");
    assert!(!stderr.contains("error:"), "{name}:\n{stderr}");
    let line = stderr.lines().find(|l| l.starts_with("Built ")).unwrap();
    let (built, files) = (entries_built(line), markdown_files(&content));
    assert!(
        built * 100 >= files * 95,
        "{name}: {built} pages from {files} markdown files: {line}"
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code(), 0, "{name}:\n{}", check.stderr());
    assert!(
        check.stderr().contains("Check passed: 0 errors"),
        "{name}:\n{}",
        check.stderr()
    );
    site
}

/// The Kubernetes contributor site with the README's settings.
fn migrate_kubernetes() -> TestSite {
    migrate(
        "kubernetes-contributor-site",
        "title: Kubernetes contributors\nbase_url: https://example.org/\n\
         links:\n  broken: warn\n\
         front_matter:\n  start: eventDate\n",
    )
}

/// Docsy's `search.md` (`layout: search`, an empty page for its results)
/// gives way to guildhall's search page, with a warning at its layout.
#[test]
fn the_kubernetes_contributor_site_builds() {
    let site = migrate_kubernetes();
    let check = site.run(&["check"]);
    check.assert_stderr_has("`layout: search` is a theme's search page");
    check.assert_stderr_has("content/search.md:3:9");
    assert!(site.exists("search/meta.json"));
    let search = site.read("search/index.html");
    assert!(search.contains("data-index"), "{search}");
    assert!(!site.read("index.html").contains("Search Results"));
    // Docsy's `eventDate:` read as `start:`: the summits are events, their
    // schedules and venues listed on their pages.
    let events = site.read("events/index.html");
    assert!(
        events.contains(">Contributor Summit China 2023</a>"),
        "{events}"
    );
    let summit = site.read("events/2023/kcscn/index.html");
    assert!(
        summit.contains(r#"<time datetime="2023-09-26">"#),
        "{summit}"
    );
    assert!(summit.contains(">Location &amp; Venue</a>"), "{summit}");
    assert!(site.exists("events/2023/kcscn.ics"));
}

/// The TODO Group site with the README's settings.
fn migrate_todo_group() -> TestSite {
    migrate(
        "todogroup-org",
        "title: TODO Group\nbase_url: https://example.org/\n\
         links:\n  broken: warn\nignore: [en/studies.md]\n\
         languages:\n  zh-CN: { name: 简体中文 }\n  ja: { name: 日本語 }\n",
    )
}

/// The TODO Group theme's wrappers, named to `--unwrap`, give way to
/// what they hold, and its buttons and images to the links and images
/// they name; its other shortcodes stay warnings.
#[test]
fn check_fix_unwraps_the_todo_groups_wrappers() {
    let site = migrate_todo_group();
    let shortcodes = |run: &common::Run| run.stderr().matches("Hugo shortcode `").count();
    let before = site.run(&["check"]);
    assert_eq!(shortcodes(&before), 129, "{}", before.stderr());
    let fix = site.run(&[
        "check",
        "--fix",
        "--unwrap",
        "intro,column,columns,spacer,button,img,iframe,card,cards",
    ]);
    assert_eq!(fix.code(), 0, "{}", fix.stderr());
    fix.assert_stderr_has("Fixed 102 shortcodes");
    assert_eq!(shortcodes(&fix), 27, "{}", fix.stderr());
    for name in ["intro", "button", "img"] {
        let warning = format!("Hugo shortcode `{name}`");
        assert!(!fix.stderr().contains(&warning), "{}", fix.stderr());
    }
    site.build().success();
    let bof = site.read("resources/bof/index.html");
    assert!(
        bof.contains("<p>OSPOlogy (BoF) Birds of a Feather is a framework"),
        "{bof}"
    );
    assert!(!bof.contains("intro &gt;"), "{bof}");
    assert!(
        bof.contains(r#"<a href="https://github.com/todogroup/ospology/blob/main/BoF/README.md#resources">Resources</a>"#),
        "{bof}"
    );
}

/// Three languages in `content/en/`, `content/zh-CN/` and `content/ja/`:
/// English at the root (as on the live site), the others under their
/// prefix, each page linked to its translations; pages with Hugo's `url:`
/// are where the live site has them.
#[test]
fn the_todo_group_site_builds_in_three_languages() {
    let site = migrate_todo_group();
    assert!(site.exists("resources/studies/index.html"));
    let glossary = site.read("zh-cn/resources/glossary/index.html");
    assert!(glossary.contains(r#"<html lang="zh-CN" dir="ltr">"#));
    for (lang, url) in [
        ("en", "https://example.org/resources/glossary/"),
        ("ja", "https://example.org/ja/resources/glossary/"),
        ("x-default", "https://example.org/resources/glossary/"),
    ] {
        let link = format!(r#"<link rel="alternate" hreflang="{lang}" href="{url}">"#);
        assert!(glossary.contains(&link), "{link}");
    }
    // The other way round, and the switcher in the page's own words.
    let english = site.read("resources/glossary/index.html");
    assert!(english.contains(
        r#"<link rel="alternate" hreflang="zh-CN" href="https://example.org/zh-cn/resources/glossary/">"#
    ));
    assert!(glossary.contains(r#"aria-label="本页的其他语言版本""#));
    assert!(glossary.contains(
        r#"<a href="/ja/resources/glossary/" lang="ja" dir="auto" hreflang="ja">日本語</a>"#
    ));
    // Each language's `search.md` holds only the theme's Pagefind form
    // (`{{< search_form >}}`): guildhall's search takes its address.
    assert!(site.exists("search/meta.json") && site.exists("ja/search/meta.json"));
    let search = site.read("ja/search/index.html");
    assert!(search.contains(r#"<html lang="ja""#), "{search}");
    // Each language has its home, in its own words.
    let home = site.read("ja/index.html");
    assert!(home.contains(r#"<html lang="ja""#));
    assert!(home.contains("新着の質問"));
    assert!(site.read("index.html").contains(r#"<html lang="en""#));
}

#[test]
fn build_counts_are_read_from_the_summary_line() {
    assert_eq!(
        entries_built(
            "Built /x/public: 3 questions, 4 answers, 170 pages; 453 files, 2.1 MB in 0.18 s"
        ),
        177
    );
}

/// `check --fix` on the Kubernetes site: its figures, Docsy alerts and
/// home page blocks and its `ref` become markdown (31 shortcodes, two of
/// them in a draft, which `check` leaves out: 29 of the 44 it warned of;
/// the rest are its theme's own and stay warnings), and the site still
/// builds and checks.
#[test]
fn check_fix_mends_the_kubernetes_sites_shortcodes() {
    let site = migrate_kubernetes();
    let shortcodes = |run: &common::Run| run.stderr().matches("Hugo shortcode `").count();
    let before = site.run(&["check"]);
    assert_eq!(shortcodes(&before), 44, "{}", before.stderr());
    let fix = site.run(&["check", "--fix"]);
    assert_eq!(fix.code(), 0, "{}", fix.stderr());
    fix.assert_stderr_has(
        "Fixed 31 shortcodes, 0 Liquid tags, 0 admonitions and 297 heading levels in 67 files",
    )
    .assert_stderr_has("Check passed: 0 errors");
    assert_eq!(shortcodes(&fix), 15, "{}", fix.stderr());
    assert!(!fix.stderr().contains("not fixed"), "{}", fix.stderr());
    assert_eq!(before.stderr().matches("heading level skipped").count(), 48);
    assert!(
        !fix.stderr().contains("heading level skipped"),
        "{}",
        fix.stderr()
    );
    site.build().success();
    let shanghai = site.read("blog/2023/kcs-shanghai/index.html");
    assert!(
        shanghai.contains(r#"alt="Kubernetes contributors posing for a group photo""#),
        "{shanghai}"
    );
    assert!(shanghai.contains("<em>Face to face meeting in Shanghai</em>"));
    let story = site.read("blog/2020/contributing-to-the-development-guide/index.html");
    assert!(
        story.contains(r#"<a href="/community/code-of-conduct/">Kubernetes Code of Conduct</a>"#)
    );
    assert!(!story.contains("{{&lt; ref"), "{story}");
    let home = site.read("index.html");
    assert!(
        home.contains("<h2>Get Involved:</h2>") && !home.contains("blocks/"),
        "the blocks' content, without them: {home}"
    );
}
