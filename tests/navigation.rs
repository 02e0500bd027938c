//! Where a page sits among folders, as a reader finds their way: the
//! folder pages above it (breadcrumbs), the pages before and after it in
//! an order its maintainer gave, and same-titled pages told apart.

mod common;

use common::{TestSite, between, microdata};

/// A small manual: `docs/` with a course folder of three ordered units
/// and a page without an order.
fn manual() -> TestSite {
    let site = TestSite::basic();
    site.write(
        "content/docs/_index.md",
        "---\ntitle: Docs\n---\nAll docs.\n",
    )
    .write(
        "content/docs/course/_index.md",
        "---\ntitle: New Contributor Course\nlinkTitle: Course\nweight: 2\n---\nUnits.\n",
    )
    .write(
        "content/docs/course/01-start.md",
        "---\ntitle: \"Unit 1: Start\"\nweight: 1\n---\nOne.\n",
    )
    .write(
        "content/docs/course/02-github.md",
        "---\ntitle: \"Unit 2: GitHub\"\nweight: 2\n---\nTwo.\n",
    )
    .write(
        "content/docs/course/03-review.md",
        "---\ntitle: \"Unit 3: <Review>\"\nweight: 3\n---\nThree.\n",
    )
    .write(
        "content/docs/course/notes.md",
        "---\ntitle: Notes\ndate: 2024-01-01\n---\nNotes.\n",
    )
    .write(
        "content/questions/_index.md",
        "---\ntitle: Questions\n---\nAsk away.\n",
    )
    .write(
        "content/questions/how-do-i-start.md",
        "---\ntitle: How do I start?\ndate: 2024-01-01\nauthor: ana\n---\nWhere?\n",
    );
    site.build().success();
    site
}

/// The `<nav>` of `class` on `page`, up to its closing tag.
fn nav<'p>(page: &'p str, class: &str) -> Option<&'p str> {
    let start = page.find(&format!(r#"<nav class="{class}""#))?;
    let len = page[start..].find("</nav>")?;
    Some(&page[start..start + len])
}

fn breadcrumbs(page: &str) -> Option<&str> {
    nav(page, "breadcrumbs")
}

fn sequence(page: &str) -> Option<&str> {
    nav(page, "sequence")
}

#[test]
fn a_nested_page_shows_the_folder_pages_above_it() {
    let site = manual();
    let unit = site.read("docs/course/02-github/index.html");
    let trail = breadcrumbs(&unit).unwrap_or_else(|| panic!("no breadcrumbs: {unit}"));
    assert!(trail.contains(r#"aria-label="Breadcrumb""#), "{trail}");
    // As a search engine reads it: schema.org's BreadcrumbList.
    let items = microdata::items(&unit, "https://example.org/docs/course/02-github/");
    let lists: Vec<_> = items
        .iter()
        .filter(|i| i.types == ["https://schema.org/BreadcrumbList"])
        .collect();
    assert_eq!(lists.len(), 1, "{trail}");
    let crumbs: Vec<(String, String, String)> = lists[0]
        .items("itemListElement")
        .iter()
        .map(|crumb| {
            (
                crumb.text("position"),
                crumb.text("name"),
                crumb.text("item"),
            )
        })
        .collect();
    assert_eq!(
        crumbs,
        [
            (
                "1".into(),
                "Docs".into(),
                "https://example.org/docs/".into()
            ),
            (
                "2".into(),
                "Course".into(),
                "https://example.org/docs/course/".into()
            ),
        ]
    );
    assert!(breadcrumbs(&site.read("docs/course/notes/index.html")).is_some());
    let course = site.read("docs/course/index.html");
    assert!(
        breadcrumbs(&course)
            .is_some_and(|t| t.contains(r#"href="/docs/"><span itemprop="name">Docs</span>"#)),
        "{course}"
    );
    // The top folder's page, and a question under its section's list
    // (which the site's navigation names), have none.
    assert_eq!(breadcrumbs(&site.read("docs/index.html")), None);
    let question = site.read("questions/how-do-i-start/index.html");
    assert_eq!(breadcrumbs(&question), None, "{question}");
}

#[test]
fn an_ordered_page_links_the_pages_before_and_after_it() {
    let site = manual();
    let unit = |name: &str| site.read(&format!("docs/course/{name}/index.html"));
    let second = unit("02-github");
    assert_eq!(
        sequence(&second),
        Some(
            r#"<nav class="sequence" aria-label="Previous and next pages"><a href="/docs/course/01-start/" rel="prev"><span>Previous</span> Unit 1: Start</a><a href="/docs/course/03-review/" rel="next"><span>Next</span> Unit 3: &lt;Review&gt;</a>"#
        ),
        "{second}"
    );
    let first = unit("01-start");
    let first = sequence(&first).expect("the first unit links the next");
    assert!(!first.contains("rel=\"prev\"") && first.contains("02-github"));
    let last = unit("03-review");
    let last = sequence(&last).expect("the last unit links the one before");
    assert!(!last.contains("rel=\"next\"") && last.contains("02-github"));
    // "Related" does not repeat what the page links above it: the units
    // share the title word "unit", but the first lists the third only, its
    // next unit and its breadcrumbs being links already.
    let first = unit("01-start");
    let related = between(&first, "id=\"related\"", "</section>");
    assert!(related.contains("/docs/course/03-review/"), "{related}");
    for linked in ["/docs/course/02-github/", "/docs/course/\"", "/docs/\""] {
        assert!(!related.contains(linked), "{linked} in {related}");
    }
    // A page without an order is on the folder's list, not in its sequence.
    assert_eq!(sequence(&unit("notes")), None);
    let question = site.read("questions/how-do-i-start/index.html");
    assert_eq!(sequence(&question), None);
}

/// Each summit's folder has its "Registration" page; a list that holds
/// two of them names each one's summit, and two posts of one name in one
/// folder their dates.
#[test]
fn same_titled_pages_on_a_list_are_told_apart_by_their_folder() {
    let site = TestSite::basic();
    for (folder, title) in [("eu", "Summit Europe"), ("na", "Summit North America")] {
        site.write(
            &format!("content/summits/{folder}/_index.md"),
            format!("---\ntitle: {title}\n---\nThe summit.\n"),
        )
        .write(
            &format!("content/summits/{folder}/registration.md"),
            "---\ntitle: Registration\n---\nRegister.\n",
        );
    }
    site.write("content/summits/venues.md", "---\ntitle: Venues\n---\nWhere.\n")
        .write(
            "content/summits/news-2023.md",
            "---\ntitle: News\ndate: 2023-05-01\n---\nThen.\n",
        )
        .write(
            "content/summits/news-2024.md",
            "---\ntitle: News\ndate: 2024-05-01\n---\nNow.\n",
        )
        .write(
            "content/summits/overview.md",
            "---\ntitle: Overview\nrelated: [summits/eu/registration, summits/na/registration, venues, news-2023, news-2024]\n---\nBoth.\n",
        );
    site.build().success();
    let overview = site.read("summits/overview/index.html");
    for summit in ["Summit Europe", "Summit North America"] {
        let shown = format!(r#">Registration</a> <span class="context">({summit})</span>"#);
        assert!(overview.contains(&shown), "{shown}: {overview}");
    }
    // Two of one title in one folder: their dates tell them apart.
    for day in ["2023-05-01", "2024-05-01"] {
        let shown = format!(r#">News</a> <span class="context">({day})</span>"#);
        assert!(overview.contains(&shown), "{shown}: {overview}");
    }
    // A title no other on the list shares is shown alone.
    assert!(
        overview.contains(r#">Venues</a> <span class="kind">"#),
        "{overview}"
    );
}

/// Hugo's `menu: main` puts a migrated site's top sections in the main
/// navigation, and `menu:` in `guildhall.yml` links of its own, by
/// weight, before the lists guildhall makes; Guides and Events are linked
/// once the site has some.
#[test]
fn pages_in_hugos_main_menu_lead_the_navigation() {
    let site = manual();
    site.write(
        "content/docs/_index.md",
        "---\ntitle: Documentation\nmenu:\n  main:\n    weight: 30\n    name: Docs\n---\nAll docs.\n",
    )
    .write(
        "content/blog/_index.md",
        "---\ntitle: Blog\nmenu:\n  main:\n    weight: 20\n---\nPosts.\n",
    )
    .write("content/about.md", "---\ntitle: About\nmenu: main\n---\nUs.\n")
    .write(
        "content/docs/course/_index.md",
        "---\ntitle: New Contributor Course\nlinkTitle: Course\nmenu:\n  main:\n    parent: Docs\n---\nUnits.\n",
    )
    .write("content/contact.md", "---\ntitle: Contact\n---\nMail us.\n")
    .write(
        "guildhall.yml",
        "title: T\nbase_url: https://example.org/kb/\nmenu:\n  - { name: GitHub, url: \"https://github.com/org/kb\", weight: 90 }\n  - { name: Handbook, url: /docs/course/, weight: 25 }\n  - { name: Start, url: /, weight: 1 }\n",
    );
    site.build().success();
    let unit = site.read("docs/course/02-github/index.html");
    let nav = nav(&unit, "site-nav").expect("a main navigation");
    let links: Vec<&str> = nav
        .split("<a href=\"")
        .skip(1)
        .map(|link| link.split('"').next().unwrap_or(""))
        .collect();
    assert_eq!(
        links,
        [
            "/kb/about/",
            "/kb/",
            "/kb/blog/",
            "/kb/docs/course/",
            "/kb/docs/",
            "https://github.com/org/kb",
            "/kb/questions/",
            "/kb/tags/",
            "/kb/people/",
            "/kb/stats/"
        ],
        "{nav}"
    );
    // Marked current on the pages under them; the home page's link only
    // on the home page.
    for current in [
        r#"<a href="/kb/docs/" aria-current="page">Docs</a>"#,
        r#"<a href="/kb/docs/course/" aria-current="page">Handbook</a>"#,
    ] {
        assert!(nav.contains(current), "{current}: {nav}");
    }
    assert!(nav.contains(r#"<a href="/kb/blog/">Blog</a>"#), "{nav}");
    assert!(nav.contains(r#"<a href="/kb/">Start</a>"#), "{nav}");
    let home = site.read("index.html");
    assert!(
        home.contains(r#"<a href="/kb/" aria-current="page">Start</a>"#),
        "{home}"
    );
    // The footer's pages leave out those the menu shows.
    let footer = between(&unit, "<footer", "</footer>");
    assert!(footer.contains(">Contact</a>"), "{footer}");
    assert!(!footer.contains(">About</a>"), "{footer}");
}

/// A language's folder (`content/fr/`) is that language's home, not a
/// folder page: the trail of a page under it starts below it.
#[test]
fn a_languages_home_is_not_in_the_trail() {
    let site = TestSite::basic();
    site.write(
        "guildhall.yml",
        "title: T\nbase_url: https://example.org/\nlanguages:\n  fr: { name: Français }\n",
    )
    .write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
    .write(
        "content/fr/_index.md",
        "---\ntitle: Accueil\n---\nBienvenue.\n",
    )
    .write(
        "content/fr/docs/_index.md",
        "---\ntitle: Docs\n---\nTout.\n",
    )
    .write("content/fr/docs/cours.md", "---\ntitle: Cours\n---\nUn.\n");
    site.build().success();
    let page = site.read("fr/docs/cours/index.html");
    let trail = breadcrumbs(&page).unwrap_or_else(|| panic!("no breadcrumbs: {page}"));
    assert!(trail.contains(r#"href="/fr/docs/""#), "{trail}");
    assert!(!trail.contains("Accueil"), "{trail}");
}
