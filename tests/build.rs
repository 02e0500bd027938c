//! `guildhall build` on a valid fixture knowledge base: what a reader sees
//! in the pages, and what a host gets in the output folder.

mod common;

use common::{TestSite, between, list_files};

#[test]
fn every_page_and_list_is_written_at_its_pretty_url() {
    let site = TestSite::built("kb");
    let files = list_files(&site.public());
    for expected in [
        "index.html",
        "404.html",
        "questions/index.html",
        "questions/unanswered/index.html",
        "questions/slow-builds/index.html",
        "questions/no-answers-yet/index.html",
        "guides/index.html",
        "guides/setup/index.html",
        "guides/ops/backups/index.html",
        "events/index.html",
        "events/meetup/index.html",
        "events/future/index.html",
        "about/index.html",
        "tags/index.html",
        "tags/rust/index.html",
        "tags/builds/index.html",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "CNAME",
        "style.css",
        "highlight.css",
        "img/note.txt",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "missing {expected} in {files:?}"
        );
    }
    // Answers live on their question's page, not on pages of their own.
    assert!(
        !files.iter().any(|f| f.contains("late-but-voted")),
        "{files:?}"
    );
    // Drafts are skipped without --drafts.
    assert!(
        !files.iter().any(|f| f.contains("draft-question")),
        "{files:?}"
    );
}

#[test]
fn answers_show_accepted_first_then_votes_then_date() {
    let site = TestSite::built("kb");
    let page = site.read("questions/slow-builds/index.html");
    let order: Vec<usize> = [
        "answer-accepted",
        "answer-same-votes-earlier",
        "answer-late-but-voted",
        "answer-early-no-votes",
    ]
    .iter()
    .map(|id| {
        page.find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id} missing"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "answer order wrong: {order:?}"
    );
    let accepted = between(&page, "id=\"answer-accepted\"", "</article>");
    assert!(accepted.contains("✓ Accepted answer"));
    assert!(page.contains("4 answers"));
    assert!(page.contains("status-accepted"));
}

#[test]
fn front_matter_is_escaped_and_raw_html_sanitized() {
    let site = TestSite::built("kb");
    let page = site.read("questions/slow-builds/index.html");
    assert!(
        page.contains("<h1 itemprop=\"name\">Why are my builds &lt;em&gt;slow&lt;/em&gt;?</h1>"),
        "{page}"
    );
    assert!(
        page.contains("<title>Why are my builds &lt;em&gt;slow&lt;/em&gt;? · Fixture KB</title>")
    );
    assert!(page.contains("content=\"Builds take &lt;b&gt;ages&lt;/b&gt;\""));
    let body = between(&page, "<div class=\"content\" itemprop=\"text\">", "</div>");
    assert!(!body.contains("<script"), "{body}");
    assert!(!body.contains("onerror"), "{body}");
    assert!(!body.contains("javascript:"), "{body}");
    assert!(
        body.contains("alt=\"a picture\""),
        "safe attributes stay: {body}"
    );
}

#[test]
fn content_is_never_run_as_a_template() {
    let site = TestSite::built("kb");
    let page = site.read("questions/slow-builds/index.html");
    assert!(
        page.contains("Templates are not run: {{ site.title }} and {% if x %}."),
        "{page}"
    );
}

#[test]
fn links_and_wikilinks_resolve_under_the_base_path() {
    let site = TestSite::built("kb");
    let question = site.read("questions/slow-builds/index.html");
    // `[[backups]]` finds guides/ops/backups.md and shows its title.
    assert!(
        question.contains("<a href=\"/kb/guides/ops/backups/\">Backups</a>"),
        "{question}"
    );
    // A relative .md link with an anchor keeps the anchor.
    assert!(
        question.contains("href=\"/kb/guides/setup/#install-the-toolchain\""),
        "{question}"
    );
    // A link from an answer resolves relative to the answer's file.
    assert!(
        question.contains("/kb/guides/ops/backups/#restore-drills"),
        "{question}"
    );
    let guide = site.read("guides/ops/backups/index.html");
    assert!(guide.contains("<a href=\"/kb/questions/slow-builds/\">Why are my builds &lt;em&gt;slow&lt;/em&gt;?</a>"), "{guide}");
    assert!(
        guide.contains("<a href=\"/kb/guides/setup/\">the setup guide</a>"),
        "{guide}"
    );
    // Stylesheets and navigation follow the base path too.
    assert!(guide.contains("href=\"/kb/style.css\""));
    assert!(guide.contains("href=\"/kb/questions/\""));
}

#[test]
fn headings_get_unique_ids_and_answer_ids_are_prefixed() {
    let site = TestSite::built("kb");
    let guide = site.read("guides/ops/backups/index.html");
    assert!(guide.contains("<h2 id=\"restore-drills\">"), "{guide}");
    assert!(guide.contains("<h2 id=\"restore-drills-1\">"), "{guide}");
    let question = site.read("questions/slow-builds/index.html");
    assert!(
        question.contains("id=\"answer-accepted-profile-first\""),
        "{question}"
    );
}

#[test]
fn base_url_can_be_overridden_on_the_command_line() {
    let site = TestSite::fixture("kb");
    site.run(&["build", "--base-url", "http://127.0.0.1:8000/other/"])
        .success();
    let page = site.read("guides/setup/index.html");
    assert!(page.contains("href=\"/other/style.css\""), "{page}");
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>http://127.0.0.1:8000/other/guides/setup/</loc>")
    );
}

#[test]
fn code_is_highlighted_with_classes_and_both_colour_schemes() {
    let site = TestSite::built("kb");
    let guide = site.read("guides/setup/index.html");
    // Keywords carry one light and one dark class, each coloured by the
    // stylesheet in its own scheme.
    let css = site.read("highlight.css");
    let (light, dark) = css.split_at(css.find("@media (prefers-color-scheme: dark)").unwrap());
    for (lang, keyword) in [("rust", "fn"), ("typescript", "const")] {
        let code = between(&guide, &format!("data-lang=\"{lang}\">"), "</code>");
        let span = code
            .split("<span class=\"")
            .skip(1)
            .find(|span| {
                span.split("\">")
                    .nth(1)
                    .is_some_and(|text| text.trim_start().starts_with(keyword))
            })
            .unwrap_or_else(|| panic!("{lang}: no span for {keyword}: {code}"));
        let classes: Vec<&str> = span[..span.find('"').unwrap()].split(' ').collect();
        assert_eq!(classes.len(), 2, "{span}");
        for (class, scheme) in [(classes[0], light), (classes[1], dark)] {
            let rule = between(scheme, &format!(".code .{class} {{"), "}");
            assert!(rule.contains("color: #"), "{class}: {rule}");
        }
    }
}

#[test]
fn lists_are_complete_and_paginated() {
    let site = TestSite::built("kb");
    // paginate: 2 in the fixture; two questions fit one page.
    let questions = site.read("questions/index.html");
    assert!(questions.contains("Is anyone using watch mode?"));
    assert!(questions.contains("Why are my builds &lt;em&gt;slow&lt;/em&gt;?"));
    // Inline code in the first paragraph stays code, and the summary keeps its text.
    let waiting = site.read("questions/no-answers-yet/index.html");
    assert!(
        waiting.contains("<p>Curious whether <code>guildhall watch</code> is fast.</p>"),
        "{waiting}"
    );
    assert!(
        questions.contains("Curious whether guildhall watch is fast."),
        "{questions}"
    );
    let unanswered = site.read("questions/unanswered/index.html");
    assert!(unanswered.contains("Is anyone using watch mode?"));
    assert!(!unanswered.contains("Why are my builds"));
    // Three `builds`/`rust`-tagged entries: the rust tag has two, builds two.
    let rust = site.read("tags/rust/index.html");
    assert!(
        rust.contains("Setting up") && rust.contains("Why are my builds"),
        "{rust}"
    );
    // Events: upcoming first, then past, by SOURCE_DATE_EPOCH (May 2026).
    let events = site.read("events/index.html");
    let upcoming = events.find("Upcoming").expect("upcoming group");
    let past = events.find("Past").expect("past group");
    let future = events.find("Future meetup").expect("future event");
    let meetup = events.find("Past meetup").expect("past event");
    assert!(
        upcoming < future && future < past && past < meetup,
        "{events}"
    );
    let tags = site.read("tags/index.html");
    // Two questions carry `builds` (the draft is left out); one guide `ops`.
    for (slug, name, count) in [("builds", "builds", 2), ("ops", "ops", 1)] {
        let item = format!(
            r#"<a class="tag" href="/kb/tags/{slug}/">{name} <span class="count">({count})</span></a>"#
        );
        assert!(tags.contains(&item), "{item} in:\n{tags}");
    }
}

#[test]
fn pagination_splits_long_lists() {
    let site = TestSite::fixture("kb");
    for i in 0..3 {
        site.write(
            &format!("content/questions/extra-{i}.md"),
            format!(
                "---\ntitle: Extra {i}\ndate: 2026-03-0{}\n---\nBody\n",
                i + 1
            ),
        );
    }
    site.build().success();
    let first = site.read("questions/index.html");
    assert!(
        first.contains("Extra 2") && first.contains("Extra 1"),
        "{first}"
    );
    assert!(
        first.contains("href=\"/kb/questions/page/2/\" rel=\"next\""),
        "{first}"
    );
    let third = site.read("questions/page/3/index.html");
    assert!(third.contains("Why are my builds"), "{third}");
    assert!(third.contains("aria-current=\"page\">3</a>"));
}

/// A long list's pages link the first and last page and two on each side
/// of their own, not every page: the links per page stay bounded.
#[test]
fn long_lists_link_a_window_of_their_pages() {
    let site = TestSite::fixture("kb");
    for i in 0..40 {
        site.write(
            &format!("content/questions/many-{i:02}.md"),
            format!(
                "---\ntitle: Many {i}\ndate: 2025-01-{:02}\n---\nBody\n",
                i % 28 + 1
            ),
        );
    }
    site.build().success();
    let page = site.read("questions/page/10/index.html");
    let nav = between(&page, "<nav class=\"pagination\"", "</nav>");
    let numbers: Vec<&str> = nav
        .split("</a>")
        .filter_map(|a| a.rsplit('>').next())
        .filter(|n| n.parse::<u32>().is_ok())
        .collect();
    assert_eq!(numbers, ["1", "8", "9", "10", "11", "12", "21"], "{nav}");
    assert_eq!(nav.matches("class=\"gap\">…</span>").count(), 2, "{nav}");
    assert!(nav.contains("href=\"/kb/questions/page/9/\" rel=\"prev\""));
    assert!(nav.contains("href=\"/kb/questions/page/11/\" rel=\"next\""));
}

#[test]
fn pages_without_front_matter_take_their_first_heading_as_title() {
    let site = TestSite::built("kb");
    let about = site.read("about/index.html");
    assert!(about.contains("<h1>About this fixture</h1>"), "{about}");
    // The heading is the title, not repeated in the body.
    assert_eq!(about.matches("About this fixture</h1>").count(), 1);
}

#[test]
fn a_site_theme_overrides_one_template_at_a_time() {
    let site = TestSite::built("kb");
    assert!(
        site.read("about/index.html")
            .contains("<p class=\"overridden\">Site theme override</p>")
    );
    // Other templates still come from the built-in theme.
    assert!(!site.read("guides/setup/index.html").contains("overridden"));
}

#[test]
fn home_page_shows_intro_and_selections() {
    let site = TestSite::built("kb");
    let home = site.read("index.html");
    assert!(home.contains("<h1>Welcome, fixture readers</h1>"), "{home}");
    assert!(home.contains("This is the home intro."));
    assert!(home.contains("Is anyone using watch mode?"));
    assert!(home.contains("Future meetup"));
    assert_eq!(home.matches("<h1").count(), 1, "one h1");
    for section in [
        "id=\"newest\"",
        "id=\"unanswered\"",
        "id=\"upcoming\"",
        "id=\"guides\"",
    ] {
        assert!(home.contains(section), "{section}: {home}");
    }
}

/// A site of guides alone (a migrated docs site) gets no "Waiting for an
/// answer" ("Every question has an answer" of none) and no "Upcoming
/// events" (and a link to a list of none), as its header links neither.
#[test]
fn a_home_shows_only_the_kinds_its_language_has() {
    let site = TestSite::empty();
    site.write(
        "guildhall.yml",
        "title: T\nbase_url: https://example.org/\n",
    )
    .write("content/guides/g.md", "---\ntitle: G\n---\nText.\n");
    site.build().success();
    let home = site.read("index.html");
    assert!(
        home.contains("id=\"newest\"") && home.contains("No questions yet."),
        "{home}"
    );
    assert!(home.contains("id=\"guides\""), "{home}");
    // Its counts name what it has, questions always.
    assert!(home.contains(">0 questions · 1 guide</p>"), "{home}");
    for absent in [
        "id=\"unanswered\"",
        "Every question has an answer",
        "id=\"upcoming\"",
        "/events/",
    ] {
        assert!(!home.contains(absent), "{absent}: {home}");
    }
}

#[test]
fn publishing_files_for_github_pages() {
    let site = TestSite::built("kb");
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/kb/questions/slow-builds/</loc>\n    <lastmod>2026-01-10</lastmod>"), "{sitemap}");
    assert!(!sitemap.contains("draft-question"));
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/kb/sitemap.xml\n"
    );
    assert_eq!(site.read("CNAME"), "kb.example.org\n");
    assert_eq!(site.read(".nojekyll"), "");
    assert_eq!(site.read("img/note.txt"), "static file\n");
    assert!(site.read("404.html").contains("Page not found"));
}

#[test]
fn drafts_are_built_with_the_flag() {
    let site = TestSite::fixture("kb");
    site.run(&["build", "--drafts"]).success();
    assert!(
        site.read("questions/draft-question/index.html")
            .contains("A draft question")
    );
}

#[test]
fn stale_guides_are_flagged() {
    let site = TestSite::built("kb");
    let guide = site.read("guides/setup/index.html");
    assert!(guide.contains("may be out of date"), "{guide}");
    assert!(site.read("guides/index.html").contains("Needs review"));
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let site = TestSite::fixture("kb");
    site.build().success();
    let first: Vec<(String, Vec<u8>)> = list_files(&site.public())
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.public().join(&f)).expect("read");
            (f, bytes)
        })
        .collect();
    site.build().success();
    let second: Vec<(String, Vec<u8>)> = list_files(&site.public())
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.public().join(&f)).expect("read");
            (f, bytes)
        })
        .collect();
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.0, b.0);
        assert!(a.1 == b.1, "{} differs between builds", a.0);
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::fixture("kb");
    site.build().success();
    let before = site.read("guides/setup/index.html");
    site.write(
        "content/guides/setup.md",
        "---\ntitle: [unclosed\n---\nNew text\n",
    );
    let run = site.build().failure();
    assert!(run.stderr().contains("the previous output is untouched"));
    assert_eq!(site.read("guides/setup/index.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .expect("read site")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "no staging folder left behind");
}

#[test]
fn the_output_folder_cannot_replace_the_sites_own_files() {
    let site = TestSite::fixture("kb");
    let root = site.root.to_str().expect("utf-8 path").to_string();
    let parent = site.root.parent().unwrap().to_str().unwrap().to_string();
    // Existing or not yet made, written directly or through `..`: each is
    // refused before anything is written, on the first build as on later ones.
    for out in [
        format!("{root}/content"),
        format!("{root}/content/public"),
        format!("{root}/content/new/deeper"),
        format!("{root}/themes/out"),
        format!("{root}/static"),
        format!("{root}/public/../content/x"),
        root.clone(),
        format!("{root}/."),
        parent,
    ] {
        for command in ["build", "watch", "serve"] {
            let run = site.run(&[command, "--out", &out]);
            assert_eq!(run.code(), 2, "{command} --out {out}: {}", run.stderr());
            run.assert_stderr_has("would replace the site's own files");
        }
    }
    assert!(site.root.join("content/guides/setup.md").exists());
    assert!(!site.root.join("content/public").exists());
    assert!(!site.root.join("content/new").exists());
    assert!(!site.root.join("themes/out").exists());
    // A folder beside the site, or under it but outside its sources, is fine.
    site.run(&["build", "--out", &format!("{root}/site-out")])
        .success();
    site.run(&["build", "--out", &format!("{root}/../beside")])
        .success();
}

#[test]
fn usage_errors_exit_2() {
    let site = TestSite::fixture("kb");
    assert_eq!(site.run(&["build", "--no-such-flag"]).code(), 2);
    assert_eq!(site.run(&["frobnicate"]).code(), 2);
}

#[test]
fn the_summary_counts_entries_per_kind() {
    let site = TestSite::fixture("kb");
    let run = site.build().success();
    let line = run.stderr();
    assert!(
        line.contains("2 questions, 4 answers, 2 guides, 2 events, 1 page;"),
        "{line}"
    );
}

#[test]
fn crlf_line_ends_and_a_byte_order_mark_are_accepted() {
    let site = TestSite::empty();
    site.write(
        "content/guides/windows.md",
        "\u{feff}---\r\ntitle: Written on Windows\r\ntags: [crlf]\r\n---\r\n## Part one\r\nText.\r\n",
    );
    site.build().success();
    let page = site.read("guides/windows/index.html");
    assert!(page.contains("<h1>Written on Windows</h1>"), "{page}");
    assert!(page.contains("<h2 id=\"part-one\">"), "{page}");
}

#[test]
fn raw_html_can_be_escaped_or_allowed() {
    let page = "---\ntitle: H\n---\n<div class=\"note\" onclick=\"x()\">Hi</div>\n";
    let escaped = TestSite::empty();
    escaped
        .write("guildhall.yml", "raw_html: escape\n")
        .write("content/guides/h.md", page);
    escaped.build().success();
    let html = escaped.read("guides/h/index.html");
    assert!(
        html.contains("&lt;div class=\"note\" onclick=\"x()\"&gt;Hi&lt;/div&gt;"),
        "{html}"
    );

    let allowed = TestSite::empty();
    allowed
        .write("guildhall.yml", "raw_html: allow\n")
        .write("content/guides/h.md", page);
    allowed.build().success();
    assert!(
        allowed
            .read("guides/h/index.html")
            .contains("<div class=\"note\" onclick=\"x()\">Hi</div>")
    );

    let sanitized = TestSite::empty();
    sanitized.write("content/guides/h.md", page);
    sanitized.build().success();
    let html = sanitized.read("guides/h/index.html");
    assert!(html.contains("<div class=\"note\">Hi</div>"), "{html}");
}

#[test]
fn a_clean_build_prints_one_line_when_piped() {
    let site = TestSite::empty();
    site.write("content/guides/g.md", "---\ntitle: G\n---\nText\n");
    let run = site.build().success();
    let stderr = run.stderr();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("Built ") && stderr.contains("1 guide;"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}'),
        "no colour or progress bar when piped"
    );
    assert!(run.stdout().is_empty());
    // The line gives the output's size: the bytes of every file written.
    let bytes: u64 = walkdir::WalkDir::new(site.public())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len())
        .sum();
    let shown = format!("files, {:.1} MB in", bytes as f64 / 1e6);
    assert!(stderr.contains(&shown), "{shown}: {stderr}");
}

#[test]
fn a_write_error_names_the_file_in_the_chosen_output_folder() {
    let site = TestSite::fixture("kb");
    // A static file where the tag pages' folder goes: writing it fails.
    site.write("static/tags", "not a folder");
    let out = site.root.join("elsewhere");
    let out = out.to_str().expect("utf-8 path");
    let run = site.run(&["build", "--out", out]).failure();
    let stderr = run.stderr();
    assert!(
        stderr.contains(&format!("= in {out}/tags\n")),
        "the file in --out, not `public`:\n{stderr}"
    );
    assert!(stderr.contains("cannot write the output"), "{stderr}");
    assert!(!std::path::Path::new(out).exists(), "nothing swapped in");
}

#[test]
fn lists_mark_the_current_one_and_tables_are_named_apart() {
    let site = TestSite::fixture("kb");
    site.write(
        "content/guides/tables.md",
        "---\ntitle: Tables\n---\n| A |\n|---|\n| 1 |\n\n| B |\n|---|\n| 2 |\n",
    );
    site.build().success();
    let unanswered = site.read("questions/unanswered/index.html");
    assert!(
        unanswered
            .contains(r#"<a href="/kb/questions/unanswered/" aria-current="page">Unanswered</a>"#),
        "{unanswered}"
    );
    assert_eq!(
        unanswered.matches("aria-current=\"page\"").count(),
        2,
        "the nav's Questions and the list's own link"
    );
    let guide = site.read("guides/tables/index.html");
    for n in [1, 2] {
        assert!(
            guide.contains(&format!(r#"role="region" aria-label="Table {n}">"#)),
            "{guide}"
        );
    }
}

/// Link previews: Open Graph and Twitter card meta with the page's title,
/// summary and address, and its picture (`image:`, else `share_image`).
#[test]
fn pages_carry_link_preview_meta() {
    let site = TestSite::basic();
    site.write(
        "guildhall.yml",
        "title: Guild\nbase_url: https://example.org/kb/\nshare_image: /static/card.png\n",
    )
    .write(
        "content/guides/g.md",
        "---\ntitle: Backups \"done right\"\nsummary: Restore <tests>\nimage: /img/g.png\n---\nText.\n",
    )
    .write("content/guides/h.md", "---\ntitle: H\n---\nPlain.\n");
    site.build().success();
    let g = site.read("guides/g/index.html");
    for meta in [
        r#"<meta property="og:type" content="article">"#,
        r#"<meta property="og:title" content="Backups &quot;done right&quot;">"#,
        r#"<meta property="og:description" content="Restore &lt;tests&gt;">"#,
        r#"<meta property="og:url" content="https://example.org/kb/guides/g/">"#,
        r#"<meta property="og:image" content="https://example.org/kb/img/g.png">"#,
        r#"<meta name="twitter:card" content="summary_large_image">"#,
        r#"<meta property="og:site_name" content="Guild">"#,
    ] {
        assert!(g.contains(meta), "{meta} in:\n{g}");
    }
    let h = site.read("guides/h/index.html");
    assert!(
        h.contains(
            r#"<meta property="og:image" content="https://example.org/kb/static/card.png">"#
        ),
        "{h}"
    );
    let list = site.read("guides/index.html");
    assert!(
        list.contains(r#"<meta property="og:title" content="Guides">"#),
        "{list}"
    );
}

/// GitHub's alert syntax becomes a callout, as GitHub draws it: a note
/// with its kind as a visible title and a decorative icon.
#[test]
fn github_alerts_are_callouts() {
    let site = TestSite::basic();
    site.write(
        "content/guides/g.md",
        "---\ntitle: G\n---\n> [!TIP]\n> Use *staging* first.\n\n> [!caution]\n> Data loss.\n\n> A plain quote [!NOTE] mid-line.\n",
    );
    site.build().success();
    let page = site.read("guides/g/index.html");
    assert!(page.contains(r#"<div class="callout callout-tip" role="note"><p class="callout-title"><span class="callout-icon" aria-hidden="true">✦</span> Tip</p>"#), "{page}");
    assert!(
        page.contains("<p>Use <em>staging</em> first.</p>\n</div>"),
        "{page}"
    );
    assert!(
        page.contains(r#"<div class="callout callout-caution" role="note">"#),
        "{page}"
    );
    assert!(
        page.contains("<blockquote>\n<p>A plain quote [!NOTE] mid-line.</p>"),
        "{page}"
    );
    assert!(!page.contains("[!TIP]"), "{page}");
}

/// Obsidian's callouts: a title of their own, and `-`/`+` to fold.
#[test]
fn obsidian_callouts_fold_and_take_titles() {
    let site = TestSite::basic();
    site.write(
        "content/guides/g.md",
        "---\ntitle: G\n---\nIntro.\n\n> [!tip]- Stage first\n> Try it on *staging*.\n\n> [!danger] Backups & you\n> Data loss.\n\n> [!madeup] Stays a quote\n",
    );
    site.build().success();
    let page = site.read("guides/g/index.html");
    assert!(page.contains(r#"<details class="callout callout-tip"><summary class="callout-title"><span class="callout-icon" aria-hidden="true">✦</span> Stage first</summary>"#), "{page}");
    assert!(
        page.contains("<p>Try it on <em>staging</em>.</p>\n</details>"),
        "{page}"
    );
    assert!(page.contains(r#"<div class="callout callout-caution" role="note"><p class="callout-title"><span class="callout-icon" aria-hidden="true">⛔</span> Backups &amp; you</p>"#), "{page}");
    assert!(
        page.contains("<blockquote>\n<p>[!madeup] Stays a quote</p>"),
        "{page}"
    );
    assert!(!page.contains("[!tip]"), "{page}");
    assert!(
        page.contains(r#"<meta name="description" content="Intro.">"#),
        "the marker line is no summary"
    );
}

/// `$…$` and `$$…$$` become MathML at build time; money stays text; a
/// formula that does not parse is shown as written, with a warning at it.
#[test]
fn math_becomes_mathml_and_money_stays_text() {
    let site = TestSite::basic();
    site.write(
        "content/guides/m.md",
        "---\ntitle: M\n---\nEnergy is $E = mc^2$; it costs $5 and $10.\n\n$$\n\\frac{a}{b}\n$$\n\nBad: $\\nosuch x$. Raw <b>HTML</b> too.\n",
    );
    let run = site.build().success();
    run.assert_stderr_has("content/guides/m.md:10:6")
        .assert_stderr_has("this formula does not parse: unknown primitive command");
    let page = site.read("guides/m/index.html");
    assert!(
        page.contains(r#"<math display="inline"><semantics><mrow><mi>E</mi>"#),
        "{page}"
    );
    assert!(
        page.contains("it costs $5 and $10."),
        "money is text: {page}"
    );
    assert!(
        page.contains(r#"<math display="block">"#) && page.contains("<mfrac>"),
        "{page}"
    );
    assert!(page.contains(r"<code>$\nosuch x$</code>"), "{page}");
    assert!(
        page.contains("<b>HTML</b>"),
        "the page was sanitized, its formulas kept"
    );
}

/// A PNG of `width` × `height` pixels, black.
fn png(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        out.extend(kind);
        out.extend(data);
        // The CRC is not checked by a size reader; zero is fine here.
        out.extend([0, 0, 0, 0]);
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// Local images carry their size (no jump while loading), all but the
/// first load lazily, and one that is not a file of the site is a broken
/// link.
#[test]
fn images_have_their_size_and_missing_ones_are_broken() {
    let site = TestSite::basic();
    site.write("static/images/wide.png", png(640, 360))
        .write("static/guides/g/tall.png", png(200, 400))
        .write(
            "content/guides/g.md",
            "---\ntitle: G\n---\n![A wide chart](/images/wide.png \"Weekly\")\n\n![Tall & one](tall.png) ![Elsewhere](https://example.com/x.png)\n",
        );
    site.build().success();
    let page = site.read("guides/g/index.html");
    assert!(page.contains(r#"<img src="/images/wide.png" alt="A wide chart" title="Weekly" width="640" height="360" decoding="async">"#), "{page}");
    assert!(page.contains(r#"<img src="tall.png" alt="Tall &amp; one" width="200" height="400" loading="lazy" decoding="async">"#), "{page}");
    assert!(page.contains(r#"<img src="https://example.com/x.png" alt="Elsewhere" loading="lazy" decoding="async">"#), "{page}");

    site.write(
        "content/guides/h.md",
        "---\ntitle: H\n---\nText.\n\n![Gone](/images/gone.png)\n",
    );
    site.build()
        .failure()
        .assert_stderr_has("content/guides/h.md:6:1")
        .assert_stderr_has("image `/images/gone.png` is not a file of the site");
}

/// A ```mermaid block is a diagram: its source in `pre.mermaid` (shown as
/// written without JavaScript), Mermaid written into the output and loaded
/// by that page only.
#[test]
fn mermaid_blocks_are_diagrams_loaded_only_where_needed() {
    let site = TestSite::basic();
    site.write(
        "content/guides/plain.md",
        "---\ntitle: P\n---\nNo diagram.\n",
    );
    site.build().success();
    assert!(!site.exists("mermaid.min.js"), "no diagram, no Mermaid");
    site.write(
        "content/guides/d.md",
        "---\ntitle: D\n---\n```mermaid\nflowchart LR\n  a[<b>A</b>] --> b\n```\n",
    );
    site.build().success();
    let page = site.read("guides/d/index.html");
    assert!(page.contains("<pre class=\"mermaid diagram\">flowchart LR\n  a[&lt;b&gt;A&lt;/b&gt;] --&gt; b\n</pre>"), "{page}");
    assert!(
        page.contains(r#"<script src="/mermaid.min.js" defer></script>"#),
        "{page}"
    );
    assert!(
        !site
            .read("guides/plain/index.html")
            .contains("mermaid.min.js")
    );
    assert!(site.exists("mermaid.min.js") && site.read("mermaid.LICENSE.txt").contains("MIT"));
    assert!(
        site.read("diagrams.js")
            .contains("securityLevel: \"strict\"")
    );
}

/// The title is a page's only h1. A body written with `#` as its top level
/// moves down a level; one written with `##` under the title keeps its
/// levels, and a stray `#` among its sections becomes an h2 beside them
/// (the Kubernetes blog's "Getting involved"), with no warning that its
/// `##` sections skip a level.
#[test]
fn body_headings_fit_below_the_title() {
    let site = TestSite::basic();
    site.write(
        "content/guides/top-level.md",
        "---\ntitle: Top level\n---\n# Part one\n\nText.\n\n## Detail\n\nMore.\n",
    )
    .write(
        "content/guides/stray.md",
        "---\ntitle: Stray\n---\nIntro.\n\n## Introducing\n\nText.\n\n# Getting involved\n\nJoin.\n\n## Summary\n\nDone.\n",
    );
    let run = site.build().success();
    assert!(
        !run.stderr().contains("heading level skipped"),
        "{}",
        run.stderr()
    );
    let top = site.read("guides/top-level/index.html");
    assert!(
        top.contains(r#"<h2 id="part-one">"#) && top.contains(r#"<h3 id="detail">"#),
        "{top}"
    );
    let stray = site.read("guides/stray/index.html");
    for id in ["introducing", "getting-involved", "summary"] {
        assert!(
            stray.contains(&format!(r#"<h2 id="{id}">"#)),
            "{id}: {stray}"
        );
    }
    assert_eq!(stray.matches("<h1").count(), 1, "{stray}");
}
