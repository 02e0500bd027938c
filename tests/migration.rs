//! Content that other generators accept builds here too (issue "Real
//! content builds"): Hugo, Jekyll, Zola and GitHub docs front matter,
//! layouts and conventions, each with the fixture of its rule.

mod common;

use common::TestSite;

#[test]
fn titles_come_from_a_leading_level_one_heading_in_any_form() {
    let site = TestSite::basic();
    site.write("content/atx-id.md", "# Backups {#top-id}\n\nText.\n")
        .write("content/tab.md", "#\tTabbed title\n\nText.\n")
        .write("content/setext.md", "Setext title\n============\n\nText.\n")
        .write(
            "content/linker.md",
            "# Linker\n\n[a](tab.md#tabbed-title) [b](atx-id.md#top-id) [c](#linker)\n",
        );
    site.build().success();
    for (page, title, id) in [
        ("atx-id/index.html", "Backups", "top-id"),
        ("tab/index.html", "Tabbed title", "tabbed-title"),
        ("setext/index.html", "Setext title", "setext-title"),
    ] {
        let html = site.read(page);
        // The heading is the page's title, and keeps its anchor there
        // (GitHub's, or the `{#id}` written), shown once.
        assert!(
            html.contains(&format!(r#"<h1 id="{id}">{title}</h1>"#)),
            "{page}:\n{html}"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{page}");
        assert!(html.contains(&format!("<title>{title} ·")), "{page}");
        assert!(!html.contains("{#top-id}"), "{page}");
    }
}

/// Content written for Hugo and Jekyll: YAML 1.1 booleans and every form
/// of YAML's timestamps build, with the dates they mean.
#[test]
fn yaml_1_1_booleans_and_timestamp_forms_build() {
    let site = TestSite::empty();
    site.write(
        "guildhall.yml",
        "title: Imported\nbase_url: https://example.org/\n",
    )
    .write(
        "content/questions/q/index.md",
        "---\ntitle: Short dates\ndate: 2021-04-8\nauthor: Ana\n---\nWhy?\n",
    )
    .write(
        "content/questions/q/bo.md",
        "---\ndate: 2021-4-9 10:00:00 +0100\nauthor: Bo\naccepted: Yes\n---\nBecause.\n",
    )
    .write(
        "content/guides/hidden.md",
        "---\ntitle: Hidden\ndraft: yes\n---\nNot yet.\n",
    )
    .write(
        "content/events/meetup.md",
        "---\ntitle: Meetup\nstart: 2026-03-01T18:30\ntimezone: Europe/Lisbon\n---\nNotes.\n",
    );
    site.build().success();
    let question = site.read("questions/q/index.html");
    assert!(
        question.contains(r#"<time itemprop="dateCreated" datetime="2021-04-08">"#),
        "{question}"
    );
    assert!(question.contains("answer accepted"), "accepted: Yes");
    assert!(!site.exists("guides/hidden/index.html"), "draft: yes");
    let event = site.read("events/meetup/index.html");
    assert!(event.contains("18:30"), "{event}");
}

/// A folder's README under guides/ without front matter, titled by its
/// first heading in Chinese, and a question titled the same way.
#[test]
fn a_leading_heading_titles_every_kind() {
    let site = TestSite::basic();
    site.write("content/guides/setup/README.md", "# 安装指南\n\n步骤。\n")
        .write(
            "content/questions/why.md",
            "---\ndate: 2026-01-01\nauthor: Ana\n---\n# Why do builds fail?\n\nThey do.\n",
        );
    site.build().success();
    let guide = site.read("guides/setup/index.html");
    assert!(
        guide.contains(r#"<h1 id="安装指南">安装指南</h1>"#),
        "{guide}"
    );
    let question = site.read("questions/why/index.html");
    assert!(
        question
            .contains(r#"<h1 itemprop="name" id="why-do-builds-fail">Why do builds fail?</h1>"#),
        "{question}"
    );
}

/// A Hugo site's events/ folder: its `_index.md` is the list's intro, pages
/// without `start` are pages (with a warning), dated ones are events.
#[test]
fn a_hugo_events_folder_builds() {
    let site = TestSite::basic();
    site.write(
        "content/_index.md",
        "---\ntitle: Welcome\n---\nThe home intro.\n",
    )
    .write(
        "content/events/_index.md",
        "---\ntitle: Our events\n---\nWhat we run.\n",
    )
    .write(
        "content/events/faq.md",
        "---\ntitle: Event FAQ\n---\nAsk us.\n",
    )
    .write(
        "content/events/2024/_index.md",
        "---\ntitle: Events of 2024\n---\nA year.\n",
    )
    .write(
        "content/events/meetup.md",
        "---\ntitle: Meetup\nstart: 2026-09-01T18:00:00+02:00\n---\nSoon.\n",
    );
    let run = site.build().success();
    let stderr = run.stderr();
    assert!(
        stderr.contains("warning: no `start`: this file under events/ is built as a page"),
        "{stderr}"
    );
    assert!(stderr.contains("content/events/faq.md"), "{stderr}");
    for folder_page in ["content/events/_index.md", "content/events/2024/_index.md"] {
        assert!(
            !stderr.contains(folder_page),
            "no warning for {folder_page}: {stderr}"
        );
    }
    assert!(
        site.read("events/faq/index.html")
            .contains("<h1>Event FAQ</h1>")
    );
    assert!(
        site.read("events/2024/index.html")
            .contains("<h1>Events of 2024</h1>")
    );
    let events = site.read("events/index.html");
    assert!(
        events.contains("What we run."),
        "the intro on the list: {events}"
    );
    let (meetup, more) = (
        events.find("Meetup").unwrap(),
        events.find("More in this section").unwrap(),
    );
    let (faq, year) = (
        events.find("Event FAQ").unwrap(),
        events.find("Events of 2024").unwrap(),
    );
    assert!(
        meetup < more && more < faq.min(year),
        "the pages after the events: {events}"
    );
    assert!(site.read("index.html").contains("The home intro."));
    assert!(site.exists("events/meetup/calendar.ics") || site.exists("events/meetup.ics"));
}

/// `ignore:` leaves files unread (Hugo's `ignoreFiles`); Hugo's and
/// Jekyll's `description` and `lastmod` read as `summary` and `updated`.
#[test]
fn ignored_files_and_other_generators_keys() {
    let site = TestSite::empty();
    site.write(
        "guildhall.yml",
        "title: T\nbase_url: https://example.org/\nignore: [search.md, drafts/**]\n",
    )
    .write(
        "content/search.md",
        "---\ntitle: Search Results\nlayout: search\n---\n",
    )
    .write("content/drafts/a/b.md", "---\ntitle: Not yet\n---\n")
    .write(
        "content/guides/g.md",
        "---\ntitle: G\ndescription: What G is about.\nlastmod: 2026-02-03\n---\nText.\n",
    );
    site.build().success();
    assert!(
        site.exists("search/index.html"),
        "the generated search page"
    );
    assert!(!site.exists("drafts/a/b/index.html"));
    assert!(site.read("guides/index.html").contains("What G is about."));
    assert!(site.read("guides/g/index.html").contains("2026-02-03"));

    site.write("guildhall.yml", "title: T\nignore: [\"a[\"]\n");
    let run = site.build().failure();
    run.assert_stderr_has("`ignore` has a pattern that is not a glob: `a[`");
    run.assert_stderr_has("guildhall.yml:2:");
}

/// Hugo's `categories` are tags; Jekyll's `redirect_from` are aliases.
/// A theme's search page (Docsy's `layout: search`, a page of nothing but
/// a search shortcode) gives way to guildhall's, where a page of the
/// site's own text on the search page's address stays an error.
#[test]
fn a_themes_search_page_gives_way_to_guildhalls() {
    let site = TestSite::empty();
    site.write(
        "guildhall.yml",
        "title: T\nbase_url: https://example.org/\n",
    )
    .write(
        "content/search.md",
        "---\ntitle: Search Results\nlayout: search\n---\n",
    )
    .write(
        "content/docs/find.md",
        "---\ntitle: Find\n---\n\n{{< docsy/search-results >}}\n",
    )
    .write("content/guides/g.md", "---\ntitle: G\n---\nText.\n");
    let run = site.build().success();
    run.assert_stderr_has("`layout: search` is a theme's search page: guildhall's own search replaces it, and this file is left out")
        .assert_stderr_has("content/search.md:3:9")
        .assert_stderr_has("this page holds only the theme's search shortcode `docsy/search-results`")
        .assert_stderr_has("content/docs/find.md:5:1")
        .assert_stderr_has("help: delete the file");
    assert!(site.read("search/index.html").contains("data-index"));
    assert!(!site.exists("docs/find/index.html"));
    assert!(!site.read("index.html").contains("Search Results"));
    site.write(
        "content/search.md",
        "---\ntitle: Search Results\n---\n\nSearch with {{< search_form >}} or ask.\n",
    );
    site.build()
        .failure()
        .assert_stderr_has("would replace the generated search page and index at /search/");
}

#[test]
fn categories_are_tags_and_redirect_from_are_aliases() {
    let site = TestSite::basic();
    site.write(
        "content/guides/g.md",
        "---\ntitle: G\ncategories: [Operations]\nredirect_from: [/old/g/]\n---\nText.\n",
    );
    site.build().success();
    assert!(site.read("tags/operations/index.html").contains("G</a>"));
    let redirect = site.read("old/g/index.html");
    assert!(
        redirect.contains("https://example.org/guides/g/"),
        "{redirect}"
    );
}

/// A folder's own page lists the pages in its folder, by `weight` first,
/// then newest; sub-folders appear through their own page, and the pages
/// of a sub-folder without one (a year's folder of posts, a page bundle's
/// folder) are listed by the nearest folder page above, as Hugo does.
#[test]
fn a_folder_page_lists_the_pages_in_its_folder() {
    let site = TestSite::basic();
    site.write(
        "content/blog/_index.md",
        "---\ntitle: Blog\n---\nOur posts.\n",
    )
    .write(
        "content/blog/old.md",
        "---\ntitle: Old post\ndate: 2020-01-01\n---\nOld.\n",
    )
    .write(
        "content/blog/new.md",
        "---\ntitle: New post\ndate: 2024-01-01\n---\nNew.\n",
    )
    .write(
        "content/blog/pinned.md",
        "---\ntitle: Pinned\nweight: 1\n---\nFirst.\n",
    )
    .write(
        "content/blog/2019/_index.md",
        "---\ntitle: Posts of 2019\n---\nA year.\n",
    )
    .write(
        "content/blog/2019/deep.md",
        "---\ntitle: Deep post\n---\nDeep.\n",
    )
    .write(
        "content/blog/2021/year-post.md",
        "---\ntitle: Year post\ndate: 2021-06-01\n---\nIn a year folder.\n",
    )
    .write(
        "content/blog/2022/march/bundle/index.md",
        "---\ntitle: Bundled post\ndate: 2022-03-01\n---\nA page bundle.\n",
    );
    site.build().success();
    let blog = site.read("blog/index.html");
    let at = |title: &str| {
        blog.find(&format!(">{title}</a>"))
            .unwrap_or_else(|| panic!("{title}: {blog}"))
    };
    assert!(
        at("Pinned") < at("New post")
            && at("New post") < at("Bundled post")
            && at("Bundled post") < at("Year post")
            && at("Year post") < at("Old post"),
        "{blog}"
    );
    assert!(blog.contains(">Posts of 2019</a>"), "{blog}");
    assert!(
        !blog.contains("Deep post"),
        "only the folder's own pages: {blog}"
    );
    assert!(site.read("blog/2019/index.html").contains(">Deep post</a>"));
    assert!(!site.read("blog/old/index.html").contains("In this section"));
}

/// Hugo's and Zola's TOML front matter between `+++` lines reads like
/// YAML, and its mistakes are located the same way.
#[test]
fn toml_front_matter_reads_like_yaml() {
    let site = TestSite::basic();
    site.write(
            "content/guides/toml.md",
            "+++\ntitle = \"From Hugo\"\ndate = 2024-05-01T10:00:00Z\ntags = [\"ops\", \"hugo\"]\ndraft = false\n\n[params]\nicon = \"x\"\n+++\nBody text.\n",
        );
    site.build().success();
    let page = site.read("guides/toml/index.html");
    assert!(page.contains("<h1>From Hugo</h1>"), "{page}");
    assert!(page.contains(r#"datetime="2024-05-01""#), "{page}");
    assert!(site.exists("tags/hugo/index.html"));
    assert!(page.contains("Body text."));

    site.write(
        "content/guides/toml.md",
        "+++\ntitle = \"From Hugo\"\ndate = \"soon\"\nlevel = 3\n+++\nBody.\n",
    );
    let run = site.build().failure();
    let stderr = run.stderr();
    assert!(stderr.contains("content/guides/toml.md:3:8"), "{stderr}");
    assert!(stderr.contains("`date`: `soon` is not a date"), "{stderr}");
    assert!(stderr.contains("content/guides/toml.md:4:9"), "{stderr}");

    site.write(
        "content/guides/toml.md",
        "+++\ntitle = \"Unclosed\n+++\nBody.\n",
    );
    let run = site.build().failure();
    run.assert_stderr_has("invalid TOML in front matter");
    run.assert_stderr_has("content/guides/toml.md:2:");
}

/// Hugo's `linkTitle`: the short title lists and the navigation show; the
/// page itself keeps its full title.
#[test]
fn link_titles_are_the_short_titles_of_lists() {
    let site = TestSite::basic();
    site.write(
        "content/guides/g.md",
        "---\ntitle: Running the weekly community meeting\nlinkTitle: Weekly meeting\n---\nText.\n",
    )
    .write(
        "content/about.md",
        "---\ntitle: About this community\nlinkTitle: About\n---\nUs.\n",
    );
    site.build().success();
    let guides = site.read("guides/index.html");
    assert!(guides.contains(">Weekly meeting</a>"), "{guides}");
    let page = site.read("guides/g/index.html");
    assert!(
        page.contains("<h1>Running the weekly community meeting</h1>"),
        "{page}"
    );
    assert!(page.contains(">About</a>"), "the navigation: {page}");
}

/// A field another kind uses is ignored on this one, whatever its value:
/// a warning, never a type error that stops the build.
#[test]
fn fields_of_other_kinds_are_ignored_whatever_their_value() {
    let site = TestSite::basic();
    site.write(
            "content/about.md",
            "---\ntitle: About\nlevel: expert\nvotes: many\nstart: someday\naccepted: perhaps\n---\nUs.\n",
        )
        .write(
            "content/guides/g.md",
            "---\ntitle: G\nlevel: expert\n---\nText.\n",
        );
    let run = site.build().failure();
    let stderr = run.stderr();
    // The guide's own field is still checked...
    assert!(
        stderr.contains("`level` should be beginner, intermediate or advanced"),
        "{stderr}"
    );
    assert!(stderr.contains("Build failed: 1 error"), "{stderr}");
    // ...the page's are warnings about fields it does not use.
    for key in ["level", "votes", "start", "accepted"] {
        assert!(
            stderr.contains(&format!("warning: `{key}` is only used on")),
            "{key}: {stderr}"
        );
    }
}

/// Hugo's JSON front matter (an object from a `{` line to a `}` line)
/// reads like YAML, and its mistakes are located in the file.
#[test]
fn json_front_matter_reads_like_yaml() {
    let site = TestSite::basic();
    site.write(
        "content/guides/json.md",
        "{\n  \"title\": \"From Hugo JSON\",\n  \"date\": \"2024-05-01\",\n  \"tags\": [\"ops\", \"json\"],\n  \"params\": { \"icon\": \"x\" }\n}\nBody text.\n",
    );
    site.build().success();
    let page = site.read("guides/json/index.html");
    assert!(page.contains("<h1>From Hugo JSON</h1>"), "{page}");
    assert!(page.contains(r#"datetime="2024-05-01""#), "{page}");
    assert!(page.contains("Body text."), "{page}");
    assert!(
        !page.contains("&quot;title&quot;"),
        "the object is not body"
    );
    assert!(site.exists("tags/json/index.html"));

    site.write(
        "content/guides/json.md",
        "{\n  \"title\": \"From Hugo JSON\",\n  \"date\": \"soon\"\n}\nBody.\n",
    );
    site.build()
        .failure()
        .assert_stderr_has("content/guides/json.md:3:11")
        .assert_stderr_has("`date`: `soon` is not a date");

    site.write(
        "content/guides/json.md",
        "{\n  \"title\": \"A\"\n  \"date\": \"2024-05-01\"\n}\nBody.\n",
    );
    site.build()
        .failure()
        .assert_stderr_has("invalid JSON in front matter")
        .assert_stderr_has("content/guides/json.md:3:3");
}

/// `sections:` says which folders hold questions, guides and events, and
/// `paths:` where the generated pages go: a Hugo site's `docs/` are guides,
/// and its own `search.md` keeps `/search/` once search moves.
#[test]
fn section_folders_and_generated_paths_are_settings() {
    let site = TestSite::empty();
    site.write(
        "guildhall.yml",
        "title: T\nbase_url: https://example.org/kb/\nsections:\n  questions: faq\n  guides: docs\npaths:\n  search: find\n  tags: topics\n  people: members\n  stats: health\n",
    )
    .write("content/docs/_index.md", "# Documentation\n\nHow we work.\n")
    .write(
        "content/docs/setup.md",
        "---\ntitle: Setup\nlevel: beginner\ntags: [ops]\nauthor: Ana\n---\nSteps.\n",
    )
    .write(
        "content/notes/rotation.md",
        "---\ntitle: On-call rotation\nkind: guide\n---\nA guide outside the guides folder.\n",
    )
    .write(
        "content/faq/restore/index.md",
        "---\ntitle: How do I restore?\nauthor: Bo\ndate: 2026-01-02\ntags: [ops]\n---\nHow?\n",
    )
    .write(
        "content/faq/restore/ana.md",
        "---\nauthor: Ana\ndate: 2026-01-03\naccepted: true\n---\nLike this.\n",
    )
    .write("content/search.md", "# Search tips\n\nUse quotes.\n")
    .write("content/questions/old.md", "# An old page\n\nNot a question any more.\n");
    site.build().success();

    let guide = site.read("docs/setup/index.html");
    assert!(guide.contains("<p class=\"kicker\">Guide"), "{guide}");
    let guides = site.read("docs/index.html");
    assert!(guides.contains("How we work."), "the intro: {guides}");
    assert!(
        guides.contains(">Setup</a>") && guides.contains(">On-call rotation</a>"),
        "{guides}"
    );
    assert!(site.exists("docs/needs-review/index.html") && site.exists("docs/feed.xml"));
    let question = site.read("faq/restore/index.html");
    assert!(question.contains("Like this."), "{question}");
    assert!(site.exists("faq/unanswered/index.html") && site.exists("faq/feed.xml"));
    assert!(
        site.read("questions/old/index.html")
            .contains("<h1 id=\"an-old-page\">An old page</h1>")
    );
    assert!(
        site.read("search/index.html").contains("Use quotes."),
        "the site's own page"
    );
    for generated in [
        "find/index.html",
        "find/meta.json",
        "topics/index.html",
        "topics/ops/index.html",
        "topics/ops/feed.xml",
        "members/ana/index.html",
        "health/index.html",
        "events/calendar.ics",
    ] {
        assert!(site.exists(generated), "{generated}");
    }
    for moved in [
        "tags/index.html",
        "people/index.html",
        "stats/index.html",
        "guides/index.html",
    ] {
        assert!(!site.exists(moved), "{moved}");
    }
    // Every link a reader follows leads to where the pages now are.
    let home = site.read("index.html");
    for href in [
        "/kb/faq/",
        "/kb/docs/",
        "/kb/topics/",
        "/kb/members/",
        "/kb/health/",
        "/kb/find/",
    ] {
        assert!(
            home.contains(&format!("href=\"{href}\""))
                || home.contains(&format!("action=\"{href}\"")),
            "{href}: {home}"
        );
    }
    assert!(
        site.read("find/index.html")
            .contains("data-index=\"/kb/find/\"")
    );
    assert!(guide.contains("href=\"/kb/topics/ops/\""), "{guide}");
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("https://example.org/kb/topics/ops/"),
        "{sitemap}"
    );

    // The generated pages' new paths are taken in their turn.
    site.write("content/find.md", "# Find\n\nMine.\n");
    site.build().failure().assert_stderr_has(
        "`content/find.md` would replace the generated search page and index at /find/",
    );
}

/// Settings that would put two things on one folder are located errors.
#[test]
fn layout_settings_that_clash_are_errors() {
    let site = TestSite::empty();
    site.write(
        "guildhall.yml",
        "title: T\nsections:\n  guides: docs\npaths:\n  tags: docs\n  people: a/b\n",
    );
    site.build()
        .failure()
        .assert_stderr_has("guildhall.yml:5:3")
        .assert_stderr_has("`sections.guides` and `paths.tags` are both `docs`")
        .assert_stderr_has("guildhall.yml:6:3")
        .assert_stderr_has("`paths.people` should be one folder name");
}

/// Hugo's `url:` and Jekyll's `permalink:` publish a page where the old
/// site had it, when that is a folder URL; an `.html` one redirects to
/// the page instead, and a pattern is a warning.
#[test]
fn url_and_permalink_keep_old_addresses() {
    let site = TestSite::basic();
    site.write(
        "content/en/resources/_index.md",
        "---\ntitle: Resources\nurl: \"/resources/\"\n---\nAll of them.\n",
    )
    .write(
        "content/en/resources/guide.md",
        "---\ntitle: The guide\nurl: /resources/the-guide/\n---\nSee [resources](_index.md).\n",
    )
    .write(
        "content/about.md",
        "---\ntitle: About\npermalink: /about.html\n---\nUs.\n",
    )
    .write(
        "content/post.md",
        "---\ntitle: Post\npermalink: /:year/:title/\n---\nText.\n",
    );
    let run = site.build().success();
    let resources = site.read("resources/index.html");
    assert!(resources.contains("All of them."), "{resources}");
    assert!(
        resources.contains("href=\"/resources/the-guide/\""),
        "its folder lists it where it is: {resources}"
    );
    let guide = site.read("resources/the-guide/index.html");
    assert!(
        guide.contains("href=\"/resources/\""),
        "links follow: {guide}"
    );
    assert!(!site.exists("en/resources/guide/index.html"));
    assert!(site.read("about/index.html").contains("Us."));
    assert!(
        site.read("about.html").contains("/about/"),
        "the old address redirects"
    );
    assert!(site.exists("post/index.html"));
    run.assert_stderr_has("content/about.md:3:12")
        .assert_stderr_has("`permalink: /about.html` is not a folder URL: the page is published at /about/, and /about.html redirects to it")
        .assert_stderr_has("content/post.md:3:12")
        .assert_stderr_has("`permalink: /:year/:title/` is not a path in this site");
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("https://example.org/resources/the-guide/"),
        "{sitemap}"
    );

    // Two pages on one URL stay an error, whichever way they got there.
    site.write("content/resources/the-guide.md", "# Clash\n");
    site.build()
        .failure()
        .assert_stderr_has("both become /resources/the-guide/");
}

/// Hugo's shortcodes show as text here: `check` names each one where it
/// stands (not those in code, which show them on purpose), and the build
/// goes on.
#[test]
fn hugo_shortcodes_are_warnings_where_they_stand() {
    let site = TestSite::basic();
    site.write(
        "content/guides/g.md",
        "---\ntitle: G\n---\nIntro.\n\n{{< figure src=\"/a.svg\" >}}\n\nSee {{% alert color=\"info\" %}}this{{% /alert %}}.\n\n\
         Use `{{< figure >}}` in Hugo.\n\n```\n{{< youtube id >}}\n```\n",
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code(), 0, "warnings only: {}", check.stderr());
    check
        .assert_stderr_has(
            "warning: Hugo shortcode `figure` is shown as text: guildhall has no shortcodes",
        )
        .assert_stderr_has("content/guides/g.md:6:1")
        .assert_stderr_has("warning: Hugo shortcode `alert` is shown as text")
        .assert_stderr_has("content/guides/g.md:8:5");
    let stderr = check.stderr();
    assert_eq!(stderr.matches("Hugo shortcode").count(), 2, "{stderr}");
    site.build().success();
}

/// `check --fix` rewrites the shortcodes that have a markdown equivalent
/// in the files themselves (front matter, line ends and byte order mark
/// kept), leaves a theme's own and those in code, and says what it did;
/// the page then shows an image, a link to the `ref`'s page and a
/// callout, and a second run finds nothing to fix.
#[test]
fn check_fix_rewrites_shortcodes_in_markdown() {
    let site = TestSite::basic();
    site.write(
        "content/guides/g.md",
        "---\r\ntitle: G\r\n---\r\nRead [the rules]({{< ref \"/community/rules\" >}}).\r\n\r\n\
         {{< figure src=\"/img/team.png\" alt=\"The team\" caption=\"Day one\" >}}\r\n\r\n\
         {{% alert title=\"Careful\" color=\"warning\" %}}\r\nBack up **first**.\r\n{{% /alert %}}\r\n\r\n\
         {{< button link=\"/x/\" >}}\r\n\r\nUse `{{< figure >}}` in Hugo.\r\n",
    )
    .write(
        "content/community/rules.md",
        "\u{feff}---\ntitle: Rules\n---\n{{< highlight yaml >}}\na: 1\n{{< /highlight >}}\n",
    )
    .write("static/img/team.png", b"\x89PNG\r\n\x1a\n");
    // Given files, only those are rewritten.
    let scoped = site.run_exact(&["check", "--fix", ".", "content/community/rules.md"]);
    scoped.assert_stderr_has(
        "Fixed 1 shortcode, 0 Liquid tags, 0 admonitions and 0 heading levels in 1 file",
    );
    assert!(!scoped.stderr().contains("g.md"), "{}", scoped.stderr());
    let fix = site.run(&["check", "--fix"]);
    assert_eq!(fix.code(), 0, "{}", fix.stderr());
    fix.assert_stderr_has("fixed content/guides/g.md:4:18: ref")
        .assert_stderr_has("fixed content/guides/g.md:6:1: figure")
        .assert_stderr_has("fixed content/guides/g.md:8:1: alert")
        .assert_stderr_has(
            "Fixed 3 shortcodes, 0 Liquid tags, 0 admonitions and 0 heading levels in 1 file",
        )
        // The theme's own shortcode is still a warning, once.
        .assert_stderr_has("Hugo shortcode `button` is shown as text");
    assert_eq!(fix.stderr().matches("Hugo shortcode").count(), 1);
    let guide = std::fs::read_to_string(site.root.join("content/guides/g.md")).unwrap();
    assert_eq!(
        guide,
        "---\r\ntitle: G\r\n---\r\nRead [the rules](../community/rules.md).\r\n\r\n\
         ![The team](/img/team.png)\r\n\r\n*Day one*\r\n\r\n\
         > [!warning] Careful\r\n> Back up **first**.\r\n\r\n\
         {{< button link=\"/x/\" >}}\r\n\r\nUse `{{< figure >}}` in Hugo.\r\n"
    );
    let rules = std::fs::read_to_string(site.root.join("content/community/rules.md")).unwrap();
    assert_eq!(
        rules,
        "\u{feff}---\ntitle: Rules\n---\n```yaml\na: 1\n```\n"
    );

    site.build().success();
    let page = site.read("guides/g/index.html");
    assert!(
        page.contains(r#"<a href="/community/rules/">the rules</a>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<img src="/img/team.png" alt="The team""#),
        "{page}"
    );
    assert!(page.contains("<em>Day one</em>"), "{page}");
    assert!(page.contains("callout-warning"), "{page}");
    assert!(
        site.read("community/rules/index.html")
            .contains("language-yaml")
    );

    let again = site.run(&["check", "--fix"]);
    again.assert_stderr_has(
        "Fixed 0 shortcodes, 0 Liquid tags, 0 admonitions and 0 heading levels in 0 files",
    );
    assert_eq!(
        std::fs::read_to_string(site.root.join("content/guides/g.md")).unwrap(),
        guide
    );
}

/// Admonitions written for MkDocs and Docusaurus show as text (an
/// indented body even as code): `check` warns where each starts, and
/// `check --fix` rewrites them as callouts, which the page draws.
#[test]
fn mkdocs_and_docusaurus_admonitions_are_warned_of_and_fixed() {
    let site = TestSite::basic();
    site.write(
        "content/guides/g.md",
        "---\ntitle: G\n---\nIntro.\n\n!!! tip \"Stage first\"\n    Try it on staging.\n\n    Then in production.\n\n\
         :::danger[Data loss]\nThis deletes **everything**.\n:::\n\nAfter.\n\n```\n!!! note\n    in code\n```\n",
    );
    let check = site.run(&["check"]);
    check
        .assert_stderr_has("warning: MkDocs admonition `tip` is shown as text")
        .assert_stderr_has("content/guides/g.md:6:1")
        .assert_stderr_has("warning: Docusaurus admonition `danger` is shown as text")
        .assert_stderr_has("content/guides/g.md:11:1")
        .assert_stderr_has("`guildhall check --fix` rewrites it as a callout");
    assert_eq!(check.stderr().matches(" admonition `").count(), 2);

    let fix = site.run(&["check", "--fix"]);
    fix.assert_stderr_has("fixed content/guides/g.md:6:1: MkDocs admonition")
        .assert_stderr_has("fixed content/guides/g.md:11:1: Docusaurus admonition")
        .assert_stderr_has(
            "Fixed 0 shortcodes, 0 Liquid tags, 2 admonitions and 0 heading levels in 1 file",
        );
    assert!(!fix.stderr().contains("warning:"), "{}", fix.stderr());
    assert_eq!(
        std::fs::read_to_string(site.root.join("content/guides/g.md")).unwrap(),
        "---\ntitle: G\n---\nIntro.\n\n> [!tip] Stage first\n> Try it on staging.\n>\n> Then in production.\n\n\
         > [!danger] Data loss\n> This deletes **everything**.\n\nAfter.\n\n```\n!!! note\n    in code\n```\n"
    );
    site.build().success();
    let page = site.read("guides/g/index.html");
    assert!(
        page.contains(r#"<div class="callout callout-tip" role="note">"#),
        "{page}"
    );
    assert!(page.contains("Stage first</p>"), "{page}");
    assert!(page.contains("<p>Then in production.</p>"), "{page}");
    assert!(page.contains("callout-caution"), "{page}");
    assert!(page.contains("<p>After.</p>"), "{page}");
}

/// A theme's own wrappers (the TODO Group's `{{< intro >}}`) stay
/// warnings that name `--unwrap`; named there, `check --fix` takes them
/// away and keeps what they wrap, a button becomes the link it names, and
/// a card whose fields have no place is left, with the reason, rather
/// than lost. `--unwrap` alone is a usage error.
#[test]
fn check_fix_unwraps_the_shortcodes_it_is_told_to() {
    let site = TestSite::basic();
    let card = "{{< wg-card title=\"Books\" gh_url=\"https://github.com/x\" >}}";
    site.write(
        "content/join.md",
        format!(
            "---\ntitle: Join\n---\n{{{{< intro >}}}}\nBe part of it.\n{{{{< /intro >}}}}\n\n{{{{< spacer 20 >}}}}\n\
             {{{{< button link=\"/x/\" text=\"Join [us]\" style=\"secondary\" >}}}}\n{card}\n{{{{< tabs >}}}}\n"
        ),
    );
    let check = site.run(&["check"]);
    check.assert_stderr_has("`guildhall check --fix --unwrap intro`");
    let alone = site.run(&["check", "--unwrap", "intro"]);
    assert_eq!(alone.code(), 2, "{}", alone.stderr());
    let fix = site.run(&["check", "--fix", "--unwrap", "intro,spacer,button,wg-card"]);
    fix.assert_stderr_has("fixed content/join.md:4:1: intro")
        .assert_stderr_has("fixed content/join.md:8:1: spacer")
        .assert_stderr_has("fixed content/join.md:9:1: button")
        .assert_stderr_has(
            "not fixed: content/join.md:10:1: `wg-card` holds `title`, `gh_url` that guildhall cannot tell where to show: write them in markdown",
        )
        .assert_stderr_has(
            "Fixed 3 shortcodes, 0 Liquid tags, 0 admonitions and 0 heading levels in 1 file",
        )
        .assert_stderr_has("Hugo shortcode `wg-card` is shown as text")
        .assert_stderr_has("Hugo shortcode `tabs` is shown as text");
    assert_eq!(
        std::fs::read_to_string(site.root.join("content/join.md")).unwrap(),
        format!(
            "---\ntitle: Join\n---\nBe part of it.\n\n\n[Join \\[us\\]](/x/)\n{card}\n{{{{< tabs >}}}}\n"
        )
    );
    site.build().success();
    let page = site.read("join/index.html");
    assert!(page.contains(r#"<a href="/x/">Join [us]</a>"#), "{page}");
}

/// Headings that skip a level (`### About` right under the title, as the
/// Kubernetes site's event pages have them) are a warning that names
/// `check --fix`, which moves them up so each goes down one level at a
/// time, siblings kept siblings; the page then shows them at those levels.
#[test]
fn check_fix_moves_up_headings_that_skip_a_level() {
    let site = TestSite::basic();
    site.write(
        "content/guides/summit.md",
        "---\r\ntitle: Summit\r\n---\r\n### About\r\n\r\nText.\r\n\r\n##### Venue\r\n\r\n```md\r\n### kept\r\n```\r\n\r\n### Schedule\r\n",
    )
    .write(
        "content/guides/fine.md",
        "---\ntitle: Fine\n---\n# Setup\n\n## Install\n",
    );
    let check = site.run(&["check"]);
    check
        .assert_stderr_has("heading level skipped: h1 to h3")
        .assert_stderr_has("heading level skipped: h3 to h5")
        .assert_stderr_has("`guildhall check --fix` moves them up");
    let fix = site.run(&["check", "--fix"]);
    fix.assert_stderr_has("fixed content/guides/summit.md:4:1: heading `###` to `##`")
        .assert_stderr_has("fixed content/guides/summit.md:8:1: heading `#####` to `###`")
        .assert_stderr_has(
            "Fixed 0 shortcodes, 0 Liquid tags, 0 admonitions and 3 heading levels in 1 file",
        );
    assert!(
        !fix.stderr().contains("heading level skipped"),
        "{}",
        fix.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(site.root.join("content/guides/summit.md")).unwrap(),
        "---\r\ntitle: Summit\r\n---\r\n## About\r\n\r\nText.\r\n\r\n### Venue\r\n\r\n```md\r\n### kept\r\n```\r\n\r\n## Schedule\r\n",
    );
    site.build().success();
    let page = site.read("guides/summit/index.html");
    for (level, name) in [(2, "About"), (3, "Venue"), (2, "Schedule")] {
        assert!(
            page.contains(&format!(r#"<h{level} id="{}">{name}"#, name.to_lowercase())),
            "{name} at h{level}: {page}"
        );
    }
    let fine = site.read("guides/fine/index.html");
    assert!(fine.contains(r#"<h2 id="setup">Setup"#), "{fine}");
}

/// A Jekyll post's old addresses (Jekyll's default `/2020/01/02/welcome.html`
/// and `permalink: pretty`'s `/2020/01/02/welcome/`, under its categories:
/// the folders above `_posts`, then `categories:`) redirect to its page, so
/// links to the GitHub Pages site it was keep landing; a post with its own
/// `permalink:` keeps only that.
#[test]
fn jekyll_posts_old_addresses_redirect_to_their_pages() {
    let site = TestSite::basic();
    site.write(
        "content/_posts/2020-01-02-welcome.md",
        "---\ntitle: Welcome\n---\nHello.\n",
    )
    .write(
        "content/blog/_posts/2021-03-04-Release-Notes.md",
        "---\ntitle: Notes\ncategories: [News]\ncategory: tips\ndate: 2021-03-05 10:00:00 +0100\n---\nOut.\n",
    )
    .write(
        "content/_posts/2022-05-06-kept.md",
        "---\ntitle: Kept\npermalink: /kept/\n---\nMine.\n",
    );
    let run = site.build().success();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    let page = site.read("posts/2020-01-02-welcome/index.html");
    assert!(page.contains("<h1>Welcome</h1>"), "{page}");
    for old in ["2020/01/02/welcome.html", "2020/01/02/welcome/index.html"] {
        let redirect = site.read(old);
        assert!(
            redirect.contains(
                r#"<link rel="canonical" href="https://example.org/posts/2020-01-02-welcome/">"#
            ),
            "{old}: {redirect}"
        );
    }
    assert!(site.exists("blog/news/tips/2021/03/05/Release-Notes.html"));
    assert!(site.exists("blog/news/tips/2021/03/05/Release-Notes/index.html"));
    assert!(
        site.exists("tags/tips/index.html"),
        "Jekyll's `category:` is a tag too"
    );
    assert!(!site.exists("2022/05/06/kept.html"));
    assert!(site.exists("kept/index.html"));
}

/// Jekyll's Liquid shows as text: its own tags and the site's address
/// are warnings, and `check --fix` rewrites them (a post's and a page's
/// link, code, raw text, addresses); other `{{ … }}` stay quiet.
#[test]
fn jekyll_liquid_is_warned_of_and_fixed() {
    let site = TestSite::basic();
    site.write(
        "content/_posts/2020-01-02-welcome.md",
        "---\ntitle: Welcome\n---\nHello.\n",
    )
    .write("content/about.md", "---\ntitle: About\n---\nUs.\n")
    .write(
        "content/guides/g.md",
        "---\ntitle: G\n---\nRead [the post]({% post_url 2020-01-02-welcome %}) and [about]({{ site.baseurl }}{% link about.md %}).\n\n\
         ![Logo]({{ \"/logo.svg\" | relative_url }})\n\n\
         {% highlight ruby %}\ndef hi = 1\n{% endhighlight %}\n\n\
         Templates say {{ page.title }}; {% include footer.html %}\n",
    )
    .write("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let check = site.run(&["check"]);
    check
        .assert_stderr_has(
            "warning: Jekyll's Liquid `{% post_url 2020-01-02-welcome %}` is shown as text",
        )
        .assert_stderr_has("content/guides/g.md:4:17")
        .assert_stderr_has("Jekyll's Liquid `{% include footer.html %}`")
        .assert_stderr_has("write what it shows in markdown or HTML");
    assert!(
        !check.stderr().contains("Liquid `{{ page.title }}`"),
        "{}",
        check.stderr()
    );

    let fix = site.run(&["check", "--fix"]);
    fix.assert_stderr_has("fixed content/guides/g.md:4:17: Liquid {% post_url %}")
        .assert_stderr_has("fixed content/guides/g.md:8:1: Liquid {% highlight %}")
        .assert_stderr_has(
            "Fixed 0 shortcodes, 5 Liquid tags, 0 admonitions and 0 heading levels in 1 file",
        );
    assert_eq!(
        std::fs::read_to_string(site.root.join("content/guides/g.md")).unwrap(),
        "---\ntitle: G\n---\nRead [the post](../_posts/2020-01-02-welcome.md) and [about](../about.md).\n\n\
         ![Logo](/logo.svg)\n\n```ruby\ndef hi = 1\n```\n\n\
         Templates say {{ page.title }}; {% include footer.html %}\n"
    );
    site.build().success();
    // The post is dated by its file name, as Jekyll dates it.
    let feed = site.read("feed.xml");
    assert!(
        feed.contains("<published>2020-01-02T00:00:00+00:00</published>"),
        "{feed}"
    );
    let page = site.read("guides/g/index.html");
    assert!(page.contains(r#"<a href="/about/">about</a>"#), "{page}");
    assert!(page.contains("language-ruby"), "{page}");
    assert!(
        page.contains(r#"<img src="/logo.svg" alt="Logo""#),
        "{page}"
    );
}

/// A Hugo blog's byline (`author: "[Ana Lima](https://…) (Acme), Bo Chen
/// and Cy"`) names three people, each with a page of their own; the post
/// shows who wrote it, with their affiliations, and when.
#[test]
fn a_byline_names_each_person_with_their_affiliation() {
    let site = TestSite::basic();
    site.write(
        "content/blog/_index.md",
        "---\ntitle: Blog\n---\n",
    )
    .write(
        "content/blog/2024/launch.md",
        "---\ntitle: Launch\ndate: 2024-05-01\nauthor: \"[Ana Lima](https://ana.example/) (Acme), Bo Chen and Cy\"\n---\nWe launched.\n",
    )
    .write(
        "content/blog/2024/later.md",
        "---\ntitle: Later\ndate: 2024-06-01\nauthor: Ana Lima (Acme Research)\n---\nLater.\n",
    )
    .write(
        "content/guides/undated-author.md",
        "---\ntitle: Anonymous guide\ndate: 2024-01-02\n---\nNo author.\n",
    );
    site.build().success();
    let post = site.read("blog/2024/launch/index.html");
    assert!(
        post.contains(
            r#"<p class="meta">by <a href="/people/ana-lima/">Ana Lima</a> <span class="affiliation">(Acme)</span>, <a href="/people/bo-chen/">Bo Chen</a>, <a href="/people/cy/">Cy</a> · <time datetime="2024-05-01">"#
        ),
        "{post}"
    );
    let ana = site.read("people/ana-lima/index.html");
    assert!(
        ana.contains(">Launch</a>") && ana.contains(">Later</a>"),
        "one person in both posts: {ana}"
    );
    assert!(ana.contains(r#"href="https://ana.example/""#), "{ana}");
    assert!(site.exists("people/bo-chen/index.html") && site.exists("people/cy/index.html"));
    assert!(!site.exists("people/ana-lima-acme/index.html"));
    let later = site.read("blog/2024/later/index.html");
    assert!(
        later.contains("(Acme Research)</span>"),
        "each post its own affiliation: {later}"
    );
    site.write(
        "content/blog/2024/mapped.md",
        "---\ntitle: Mapped\ndate: 2024-07-01\nauthor:\n  name: Bo Chen\n  url: https://bo.example/\n  affiliation: Acme Labs\n---\nAs a map.\n",
    );
    site.build().success();
    let mapped = site.read("blog/2024/mapped/index.html");
    assert!(
        mapped.contains(
            r#"<a href="/people/bo-chen/">Bo Chen</a> <span class="affiliation">(Acme Labs)</span>"#
        ),
        "a map's affiliation: {mapped}"
    );
    let blog = site.read("blog/index.html");
    assert!(
        blog.contains(
            r#"by <a href="/people/ana-lima/">Ana Lima</a>, <a href="/people/bo-chen/">Bo Chen</a>"#
        ),
        "cards name people without affiliations: {blog}"
    );
    let guide = site.read("guides/undated-author/index.html");
    assert!(
        guide.contains(r#"<p class="meta"><time datetime="2024-01-02">"#),
        "no separator before the date when no one is named: {guide}"
    );
}

/// Hugo lowercases front matter keys, so `Author:`, `Description:` and
/// `linktitle:` work there (the Kubernetes contributor site writes them);
/// they read as `author`, `description` and `linkTitle` here, without a
/// warning. A key also written in the known spelling stays unknown.
#[test]
fn known_keys_read_in_any_letter_case() {
    let site = TestSite::basic();
    site.write(
        "content/blog/_index.md",
        "---\ntitle: Blog\n---\n",
    )
    .write(
        "content/blog/post.md",
        "---\nTitle: Writing the guide\nAuthor: Erik L. Arneson\nDescription: \"A new contributor's story.\"\nlinktitle: The guide\nDate: 2020-08-14\n---\nText.\n",
    )
    .write(
        "content/blog/twice.md",
        "---\ntitle: Twice\nTitle: Other\n---\nText.\n",
    );
    let run = site.build().success();
    let stderr = run.stderr();
    assert!(!stderr.contains("content/blog/post.md"), "{stderr}");
    assert!(
        stderr.contains("unknown front matter key `Title`"),
        "the second spelling of a key: {stderr}"
    );
    let post = site.read("blog/post/index.html");
    assert!(post.contains("<h1>Writing the guide</h1>"), "{post}");
    assert!(
        post.contains(r#"<a href="/people/erik-l-arneson/">Erik L. Arneson</a>"#),
        "{post}"
    );
    assert!(post.contains(r#"<time datetime="2020-08-14">"#), "{post}");
    assert!(
        post.contains("A new contributor&#39;s story.")
            || post.contains("A new contributor's story."),
        "{post}"
    );
    let blog = site.read("blog/index.html");
    assert!(
        blog.contains(">The guide</a>"),
        "the link title on cards: {blog}"
    );
}

/// A Hugo theme's own date key (the Kubernetes site's `eventDate:`) read as
/// `start:` through `front_matter:` in guildhall.yml; an event's folder
/// holds its schedule and venue, which its page lists and `check` does not
/// warn about; a page among events elsewhere is still warned about, and
/// told of the setting when it has a key that looks like its date.
#[test]
fn a_sites_own_key_names_an_events_start() {
    let site = TestSite::empty();
    site.write(
        "guildhall.yml",
        "title: T\nbase_url: https://example.org/\nfront_matter:\n  start: eventDate\n",
    )
    .write(
        "content/events/2023/summit/_index.md",
        "---\ntitle: Contributor Summit\nEventDate: 2023-09-26\nweight: 1\n---\nIn Shanghai.\n",
    )
    .write(
        "content/events/2023/summit/schedule.md",
        "---\ntitle: Schedule\nweight: 2\n---\nTalks.\n",
    )
    .write(
        "content/events/2023/summit/venue.md",
        "---\ntitle: Venue\nweight: 1\n---\nThe hall.\n",
    )
    .write(
        "content/events/meetup.md",
        "---\ntitle: Meetup\neventDate: 2023-05-01\n---\nAt the library.\n",
    )
    .write(
        "content/events/both.md",
        "---\ntitle: Both\nstart: 2024-05-01\neventDate: 2024-06-01\n---\nWritten twice.\n",
    );
    let run = site.build().success();
    let stderr = run.stderr();
    assert!(!stderr.contains("no `start`"), "{stderr}");
    let summit = site.read("events/2023/summit/index.html");
    assert!(
        summit.contains(r#"<time datetime="2023-09-26">"#),
        "{summit}"
    );
    let venue = summit.find(">Venue</a>").expect("the venue listed");
    let schedule = summit.find(">Schedule</a>").expect("the schedule listed");
    assert!(venue < schedule, "by weight: {summit}");
    let events = site.read("events/index.html");
    assert!(events.contains(">Contributor Summit</a>"), "{events}");
    assert!(events.contains(">Meetup</a>"), "{events}");
    assert!(
        !events.contains(">Schedule</a>"),
        "an event's pages are not events: {events}"
    );
    let both = site.read("events/both/index.html");
    assert!(
        both.contains(r#"<time datetime="2024-05-01">"#),
        "start: wins: {both}"
    );

    site.write(
        "guildhall.yml",
        "title: T\nbase_url: https://example.org/\n",
    );
    let run = site.build().success();
    let stderr = run.stderr();
    assert!(
        stderr.contains("warning: no `start`: this file under events/ is built as a page"),
        "{stderr}"
    );
    assert!(
        stderr.contains("add `front_matter: {start: eventDate}` to guildhall.yml"),
        "{stderr}"
    );
    assert!(stderr.contains("content/events/meetup.md"), "{stderr}");
    assert!(
        !stderr.contains("content/events/2023/summit/_index.md"),
        "a folder page is not warned about: {stderr}"
    );
}

/// A folder page's "In this section" shows `paginate` pages at a time, as
/// Hugo paginates a section's list: the rest on `/blog/page/2/` and on,
/// linked both ways; only the first page shows the folder page's text.
#[test]
fn a_folder_pages_list_is_paginated() {
    let site = TestSite::basic();
    site.write(
        "guildhall.yml",
        "title: T\nbase_url: https://example.org/\npaginate: 2\n",
    )
    .write(
        "content/blog/_index.md",
        "---\ntitle: Blog\n---\nOur posts.\n",
    );
    for day in 1..=5 {
        site.write(
            &format!("content/blog/2024/post-{day}.md"),
            format!("---\ntitle: Post {day}\ndate: 2024-01-0{day}\n---\nText {day}.\n"),
        );
    }
    site.build().success();
    let first = site.read("blog/index.html");
    assert!(
        first.contains("Our posts.")
            && first.contains(">Post 5</a>")
            && first.contains(">Post 4</a>"),
        "{first}"
    );
    assert!(!first.contains(">Post 3</a>"), "{first}");
    assert!(
        first.contains(r#"<a href="/blog/page/2/" rel="next">"#),
        "{first}"
    );
    let second = site.read("blog/page/2/index.html");
    assert!(
        second.contains("<title>Blog (page 2) · T</title>"),
        "{second}"
    );
    assert!(
        second.contains(">Post 3</a>") && second.contains(">Post 2</a>"),
        "{second}"
    );
    assert!(!second.contains("Our posts."), "{second}");
    assert!(
        second.contains(r#"<a href="/blog/" rel="prev">"#),
        "{second}"
    );
    assert!(
        second.contains(r#"<a href="/blog/page/3/" rel="next">"#),
        "{second}"
    );
    let third = site.read("blog/page/3/index.html");
    assert!(
        third.contains(">Post 1</a>") && !third.contains("rel=\"next\""),
        "{third}"
    );
    assert!(!site.exists("blog/page/4/index.html"));
    assert!(
        !site.exists("blog/2024/post-1/page/2/index.html"),
        "only folder pages"
    );

    // An event's page lists its folder's pages too, and continues on.
    site.write(
        "content/events/summit/_index.md",
        "---\ntitle: Summit\nstart: 2024-05-01\n---\nThe summit.\n",
    );
    for part in ["travel", "venue", "faq"] {
        site.write(
            &format!("content/events/summit/{part}.md"),
            format!("---\ntitle: {part}\n---\nAbout {part}.\n"),
        );
    }
    let run = site.build().success();
    assert!(!run.stderr().contains("no `start`"), "{}", run.stderr());
    let summit = site.read("events/summit/index.html");
    assert!(
        summit.contains(">faq</a>") && summit.contains(">travel</a>"),
        "{summit}"
    );
    let later = site.read("events/summit/page/2/index.html");
    assert!(later.contains(">venue</a>"), "{later}");
    assert!(!site.exists("events/summit/page/3/index.html"));
}

/// A Docusaurus site's `.mdx` pages are read as markdown: their module
/// lines and `{/* comments */}` are left out as MDX leaves them out, each
/// component is a warning where it opens (what it wraps shows), links
/// between `.mdx` and `.md` files resolve, a `slug` that is a path places
/// the page, and `sidebar_label` is the title lists show, as `linkTitle`
/// is.
#[test]
fn docusaurus_mdx_pages_build() {
    let site = TestSite::basic();
    site.write("guildhall.yml", "title: Docs\nsections: { guides: docs }\n")
        .write(
            "content/docs/install.mdx",
            "---\ntitle: Installing the agent on every platform\nsidebar_label: Install\nsidebar_position: 2\nslug: /setup/install\n---\n\
             import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n\
             Pick your system.\n\n{/* truncate */}\n\n\
             <Tabs groupId=\"os\">\n  <TabItem value=\"linux\" label=\"Linux\">\n\nRun `apt install agent`.\n\n  </TabItem>\n  <TabItem value=\"mac\">\n\nRun `brew install agent`.\n\n  </TabItem>\n</Tabs>\n\n<DocCardList />\n\n\
             Then [configure it](./configure.md).\n\n## Before you start {/* #prerequisites */}\n\nRoot access.\n",
        )
        .write(
            "content/docs/configure.md",
            "---\ntitle: Configure\nsidebar_position: 3\nslug: setup/configure\n---\nAfter [installing](install.mdx), edit `agent.yml`.\n",
        );
    let run = site.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    run.assert_stderr_has("warning: MDX component `<Tabs>` is left out")
        .assert_stderr_has("content/docs/install.mdx:14:1")
        .assert_stderr_has("warning: MDX component `<DocCardList>` is left out")
        .assert_stderr_has("content/docs/install.mdx:27:1");
    // A tab is no warning: it becomes its label.
    assert_eq!(
        run.stderr().matches("MDX component").count(),
        2,
        "{}",
        run.stderr()
    );
    // A slug that is a path is one, as Docusaurus reads it: from the
    // section's folder when it starts with `/`, else from the page's.
    let page = site.read("docs/setup/install/index.html");
    let content = &page[page.find("<h1>").expect("a title")..];
    assert!(
        !content.contains("import"),
        "modules are not shown: {content}"
    );
    assert!(
        !content.contains("truncate"),
        "comments are not shown: {content}"
    );
    assert!(
        !content.contains("<Tabs") && !content.contains("<tabs"),
        "{content}"
    );
    let linux = content
        .find("<strong>Linux</strong>")
        .expect("the first tab's label");
    let apt = content.find("apt install agent").expect("its text");
    let mac = content
        .find("<strong>mac</strong>")
        .expect("the second's, by its value");
    assert!(linux < apt && apt < mac, "{content}");
    assert!(
        content.contains("<code>apt install agent</code>"),
        "{content}"
    );
    assert!(
        content.contains(r#"<a href="/docs/setup/configure/">configure it</a>"#),
        "{content}"
    );
    // MDX has no `{#id}`: Docusaurus writes a heading's id in a comment.
    assert!(
        content.contains(r#"<h2 id="prerequisites">Before you start</h2>"#),
        "{content}"
    );
    let configure = site.read("docs/setup/configure/index.html");
    assert!(
        configure.contains(r#"<a href="/docs/setup/install/">installing</a>"#),
        "{configure}"
    );
    let list = site.read("docs/index.html");
    assert!(
        list.contains(">Install</a>"),
        "sidebar_label is the list's title: {list}"
    );

    // A blog post is dated by its path, as Docusaurus dates it, and its
    // Docusaurus address leads to it.
    site.write(
        "content/blog/2022/09-01-release-2.1/index.mdx",
        "---\ntitle: Release 2.1\nauthors: [slorber]\ntags: [release]\n---\nA minor release.\n\n<!--truncate-->\n\nDetails.\n",
    );
    let run = site.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let post = site.read("blog/2022/09-01-release-2-1/index.html");
    assert!(post.contains(r#"<time datetime="2022-09-01">"#), "{post}");
    let old = site.read("blog/2022/09/01/release-2.1/index.html");
    assert!(old.contains("/blog/2022/09-01-release-2-1/"), "{old}");

    // The blog's authors.yml names the authors its posts name by key.
    site.write(
        "content/blog/authors.yml",
        "slorber:\n  name: Sébastien Lorber\n  title: Maintainer\n  url: https://example.org/seb\n  image_url: https://example.org/seb.png\n",
    );
    site.build().success();
    let post = site.read("blog/2022/09-01-release-2-1/index.html");
    assert!(post.contains(">Sébastien Lorber</"), "{post}");
    assert!(site.exists("people/sebastien-lorber/index.html"));
    assert!(!site.exists("people/slorber/index.html"));
    // A file that is not a map of authors is a warning; keys stay.
    site.write("content/blog/authors.yml", "slorber: [a\n");
    let run = site.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    run.assert_stderr_has("warning: Docusaurus's authors are left as their keys")
        .assert_stderr_has("content/blog/authors.yml:");
    assert!(site.exists("people/slorber/index.html"));
}

/// Docusaurus's `_category_.json` (or `.yml`) labels a docs folder, places
/// it among its siblings and describes it; guildhall's page of a folder is
/// its `index.md`. `check` warns at the category's label and names the
/// page `check --fix` writes; `--fix` writes it (never over a file), and
/// the folder's page then lists its docs by their positions. A category
/// whose page is one of its docs is left, that doc named; an unreadable
/// one is a located warning.
#[test]
fn docusaurus_categories_become_folder_pages() {
    let site = TestSite::basic();
    site.write("guildhall.yml", "title: Docs\nsections: { guides: docs }\n")
        .write(
            "content/docs/tutorial-basics/_category_.json",
            "{\n  \"label\": \"Tutorial - Basics\",\n  \"position\": 2,\n  \"link\": {\n    \"type\": \"generated-index\",\n    \"description\": \"5 minutes to learn the most important concepts.\"\n  }\n}\n",
        )
        .write(
            "content/docs/tutorial-basics/create-a-page.md",
            "---\nsidebar_position: 2\n---\n# Create a Page\n\nA page.\n",
        )
        .write(
            "content/docs/tutorial-basics/create-a-document.md",
            "---\nsidebar_position: 1\n---\n# Create a Document\n\nA document.\n",
        )
        .write("content/docs/extras/_category_.yml", "label: Extras\nposition: 3\n")
        .write("content/docs/extras/one.md", "# One\n\nMore.\n")
        .write(
            "content/docs/guides/_category_.json",
            "{\n  \"label\": \"Guides\",\n  \"link\": {\"type\": \"doc\", \"id\": \"guides/overview\"}\n}\n",
        )
        .write("content/docs/guides/overview.md", "# Overview\n\nAll of it.\n")
        .write("content/docs/broken/_category_.json", "{\"label\": \"Broken\",\n \"position\": [1\n")
        .write("content/docs/broken/b.md", "# B\n\nB.\n");
    let check = site.run(&["check"]);
    assert_eq!(check.code(), 0, "{}", check.stderr());
    check
        .assert_stderr_has("warning: a Docusaurus category, which guildhall does not read")
        .assert_stderr_has("content/docs/tutorial-basics/_category_.json:2:3")
        .assert_stderr_has(
            "`guildhall check --fix` writes content/docs/tutorial-basics/index.md from it (its label as `title:`, its position as `weight:` and its description as its text)",
        )
        .assert_stderr_has("content/docs/extras/_category_.yml:1:1")
        .assert_stderr_has("its page is the doc `guides/overview`")
        .assert_stderr_has("warning: a Docusaurus category that cannot be read")
        .assert_stderr_has("content/docs/broken/_category_.json:2:");

    let fix = site.run(&["check", "--fix"]);
    fix.assert_stderr_has("fixed content/docs/tutorial-basics/_category_.json: Docusaurus category, as content/docs/tutorial-basics/index.md")
        .assert_stderr_has("not fixed: content/docs/guides/_category_.json: its page is the doc `guides/overview`")
        .assert_stderr_has("Wrote 2 folder pages from Docusaurus's categories");
    assert_eq!(
        std::fs::read_to_string(site.root.join("content/docs/tutorial-basics/index.md")).unwrap(),
        "---\ntitle: Tutorial - Basics\nweight: 2\n---\n\n5 minutes to learn the most important concepts.\n"
    );
    assert_eq!(
        std::fs::read_to_string(site.root.join("content/docs/extras/index.md")).unwrap(),
        "---\ntitle: Extras\nweight: 3\n---\n"
    );
    assert!(!site.root.join("content/docs/guides/index.md").exists());
    // The pages are there now: no warning for them, none written again.
    let again = site.run(&["check", "--fix"]);
    assert!(
        !again.stderr().contains("tutorial-basics"),
        "{}",
        again.stderr()
    );
    assert!(!again.stderr().contains("Wrote"), "{}", again.stderr());

    let run = site.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let folder = site.read("docs/tutorial-basics/index.html");
    assert!(folder.contains("<h1>Tutorial - Basics</h1>"), "{folder}");
    assert!(
        folder.contains("5 minutes to learn the most important concepts."),
        "{folder}"
    );
    let document = folder
        .find(">Create a Document</a>")
        .expect("the first doc listed");
    let page = folder
        .find(">Create a Page</a>")
        .expect("the second doc listed");
    assert!(document < page, "listed by position: {folder}");
    let docs = site.read("docs/index.html");
    assert!(docs.contains(">Tutorial - Basics</a>"), "{docs}");
}

/// Docusaurus runs the text of an `mdx-code-block` as MDX (the fence
/// keeps it from GitHub's view of the markdown): an `.mdx` page reads it
/// as the rest of the page, its imports left out, its tabs by their
/// labels, its other components warned of at their own lines.
#[test]
fn docusaurus_mdx_code_blocks_are_read_as_mdx() {
    let site = TestSite::basic();
    site.write("guildhall.yml", "title: Docs\nsections: { guides: docs }\n")
        .write(
            "content/docs/install.mdx",
            "---\ntitle: Install\n---\nPick your system.\n\n```mdx-code-block\nimport Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n<Tabs>\n<TabItem value=\"linux\" label=\"Linux\">\n```\n\nRun `apt install agent`.\n\n```mdx-code-block\n</TabItem>\n</Tabs>\n```\n\n```sh\necho done\n```\n",
        );
    let run = site.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    run.assert_stderr_has("warning: MDX component `<Tabs>` is left out")
        .assert_stderr_has("content/docs/install.mdx:10:1");
    let page = site.read("docs/install/index.html");
    assert!(!page.contains("mdx-code-block"), "{page}");
    assert!(!page.contains("import Tabs"), "{page}");
    assert!(
        page.contains(r#"<p class="tab-label"><strong>Linux</strong></p>"#),
        "{page}"
    );
    assert!(page.contains("<code>apt install agent</code>"), "{page}");
    assert!(
        page.contains(r#"data-lang="sh""#),
        "other code stays code: {page}"
    );
}

/// Docsy's year pages (`events/2024/_index.md`, dated so the years sort)
/// list the year's events, each in a folder below: such a page is built
/// as a page, not as an event of its date with a calendar file, while
/// each summit stays an event; pages of an undated gathering's folder
/// are not warned of as forgotten events; `kind: event` keeps a dated
/// list page an event.
#[test]
fn a_year_of_events_is_a_page_not_an_event() {
    let site = TestSite::empty();
    site.write(
        "guildhall.yml",
        "title: T\nbase_url: https://example.org/\nfront_matter:\n  start: eventDate\n",
    )
    .write(
        "content/events/2024/_index.md",
        "---\ntitle: 2024\neventDate: 2024-01-01\nweight: 1\n---\n",
    )
    .write(
        "content/events/2024/summit/_index.md",
        "---\ntitle: Contributor Summit 2024\neventDate: 2024-11-11\n---\nIn Salt Lake City.\n",
    )
    .write(
        "content/events/2024/summit/schedule.md",
        "---\ntitle: Schedule\n---\nTalks.\n",
    )
    .write(
        "content/events/2021/_index.md",
        "---\ntitle: 2021\neventDate: 2021-01-01\n---\n",
    )
    .write(
        "content/events/2021/celebration/_index.md",
        "---\ntitle: Contributor Celebration 2021\n---\nOnline.\n",
    )
    .write(
        "content/events/2021/celebration/faq.md",
        "---\ntitle: FAQ\n---\nAsk.\n",
    )
    .write(
        "content/events/2021/summit/_index.md",
        "---\ntitle: Summit 2021\neventDate: 2021-10-12\n---\nIn LA.\n",
    )
    .write(
        "content/events/2021/summit/talks.md",
        "---\ntitle: Day of talks\neventDate: 2021-10-13\n---\nTalks.\n",
    )
    .write(
        "content/events/2022/_index.md",
        "---\ntitle: Festival 2022\nkind: event\neventDate: 2022-06-01\n---\n",
    )
    .write(
        "content/events/2022/opening.md",
        "---\ntitle: Opening\neventDate: 2022-06-01T10:00:00Z\n---\nDoors open.\n",
    );
    let run = site.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(!run.stderr().contains("no `start`"), "{}", run.stderr());
    let year = site.read("events/2024/index.html");
    assert!(year.contains(r#"<article class="entry page">"#), "{year}");
    assert!(!year.contains("Add to calendar"), "{year}");
    assert!(year.contains(">Contributor Summit 2024</a>"), "{year}");
    // Listed "In this section", the summit is not "Related" again,
    // though its title shares the year's word.
    assert_eq!(
        year.matches(">Contributor Summit 2024</a>").count(),
        1,
        "{year}"
    );
    assert!(!site.exists("events/2024.ics"));
    assert!(site.exists("events/2024/summit.ics"));
    let summit = site.read("events/2024/summit/index.html");
    assert!(
        summit.contains(r#"<article class="entry event">"#),
        "{summit}"
    );
    // A summit whose day of talks is an event of its own lists it: a
    // page, as a year is.
    let summit_2021 = site.read("events/2021/summit/index.html");
    assert!(
        summit_2021.contains(r#"<article class="entry page">"#),
        "{summit_2021}"
    );
    let festival = site.read("events/2022/index.html");
    assert!(
        festival.contains(r#"<article class="entry event">"#),
        "kind: event: {festival}"
    );
    let calendar = site.read("events/calendar.ics");
    assert!(!calendar.contains("SUMMARY:2024"), "{calendar}");
    assert!(
        calendar.contains("SUMMARY:Contributor Summit 2024"),
        "{calendar}"
    );
}
