//! A tag's page can open with a description written as content, as a
//! section's list opens with its `index.md`: `tags/<slug>.md`, or Hugo's
//! `tags/<slug>/_index.md`, and `tags/index.md` above the list of tags.

mod common;

use common::TestSite;

fn site() -> TestSite {
    let site = TestSite::basic();
    site.write(
        "content/guides/backups.md",
        "---\ntitle: Backups\ntags: [PostgreSQL, Kubernetes]\n---\nNightly.\n",
    )
    .write(
        "content/guides/pods.md",
        "---\ntitle: Pods\ntags: [Kubernetes]\n---\nSmall.\n",
    )
    .write(
        "content/tags/postgresql.md",
        "---\ntitle: PostgreSQL\n---\nEverything about **PostgreSQL**: backups & restores.\n\n## Where to start\n\nRead [the backups guide](../guides/backups.md).\n",
    )
    .write(
        "content/tags/kubernetes/_index.md",
        "---\ntitle: Kubernetes\n---\nClusters, pods and the people who run them.\n",
    )
    .write("content/tags/index.md", "Every topic the community writes about.\n");
    site
}

#[test]
fn tag_pages_and_the_tag_list_open_with_their_descriptions() {
    let site = site();
    let run = site.build().success();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());

    let tag = site.read("tags/postgresql/index.html");
    assert!(
        tag.contains(
            "<p>Everything about <strong>PostgreSQL</strong>: backups &amp; restores.</p>"
        ),
        "{tag}"
    );
    assert!(
        tag.contains(r#"<meta name="description" content="Everything about PostgreSQL: backups &amp; restores.">"#),
        "the description is the page's: {tag}"
    );
    assert!(tag.contains(r#"<h2 id="where-to-start">"#), "{tag}");
    assert!(
        tag.contains(r#"<a href="/guides/backups/">the backups guide</a>"#),
        "{tag}"
    );
    // The list is still there, under the description.
    assert!(tag.contains("Backups") && !tag.contains(">Pods<"), "{tag}");

    let hugo = site.read("tags/kubernetes/index.html");
    assert!(
        hugo.contains("Clusters, pods and the people who run them."),
        "{hugo}"
    );
    let list = site.read("tags/index.html");
    assert!(
        list.contains("<p>Every topic the community writes about.</p>"),
        "{list}"
    );
    assert!(
        list.contains(
            r#"<meta name="description" content="Every topic the community writes about.">"#
        ),
        "{list}"
    );
    // No page of their own, in the sitemap or search.
    assert!(!site.exists("tags/postgresql/postgresql/index.html"));
    let sitemap = site.read("sitemap.xml");
    assert_eq!(
        sitemap.matches("/tags/postgresql/<").count(),
        1,
        "{sitemap}"
    );
}

#[test]
fn a_description_of_a_tag_nobody_uses_is_a_warning_that_names_the_closest() {
    let site = site();
    site.write("content/tags/postgres-ql.md", "Misspelt.\n");
    let run = site.build().success();
    run.assert_stderr_has(
        "warning: no page is tagged `postgres-ql`: this description of the tag is not shown",
    )
    .assert_stderr_has("content/tags/postgres-ql.md:1:1")
    .assert_stderr_has("did you mean `postgresql`?");
    assert!(!site.exists("tags/postgres-ql/index.html"));
}

#[test]
fn two_descriptions_of_one_tag_are_an_error_naming_the_second() {
    let site = site();
    site.write("content/tags/postgresql/_index.md", "Again.\n");
    let run = site.build();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run.assert_stderr_has(
        "`content/tags/postgresql/_index.md` would replace the generated tag pages at /tags/postgresql/",
    );
}

/// Each language describes its own tag pages: `fr/tags/<slug>.md` opens
/// `/fr/tags/<slug>/`, and the default language's description stays on
/// `/tags/<slug>/`.
#[test]
fn each_language_has_its_own_descriptions() {
    let site =
        TestSite::copy_of(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"));
    site.write(
        "content/tags/community.md",
        "How the guild works together.\n",
    )
    .write(
        "content/fr/tags/community.md",
        "Comment la guilde travaille ensemble.\n",
    );
    let run = site.build().success();
    assert!(
        !run.stderr().contains("no page is tagged"),
        "{}",
        run.stderr()
    );
    let french = site.read("fr/tags/community/index.html");
    assert!(
        french.contains("Comment la guilde travaille ensemble."),
        "{french}"
    );
    assert!(
        !french.contains("How the guild works together."),
        "{french}"
    );
    let english = site.read("tags/community/index.html");
    assert!(
        english.contains("How the guild works together."),
        "{english}"
    );
}
