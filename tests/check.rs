//! `guildhall check`: the validation of a build without writing, in the
//! three output formats, limited to a pull request's files when asked.

mod common;

use common::TestSite;

/// A site with one error (a broken link) and one warning (an image without
/// alt text) in two files.
fn site_with_problems() -> TestSite {
    let site = TestSite::empty();
    site.write(
        "content/guides/links.md",
        "---\ntitle: Links\n---\nSee [the missing guide](missing.md).\n",
    )
    .write(
        "content/guides/images.md",
        "---\ntitle: Images\n---\n![](chart.png)\n",
    )
    // The image is there (beside the page's URL), only its alt text is not.
    .write("static/guides/images/chart.png", "not really a PNG");
    site
}

#[test]
fn human_format() {
    let site = site_with_problems();
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.stderr(),
        "warning: image `chart.png` has no alt text
  ┌─ content/guides/images.md:4:1
  │
4 │ ![](chart.png)
  │ ^^^^^^^^^^^^^^
  │
  = help: describe what the image shows: `![a chart of weekly answers](chart.png)`

error: link to `missing.md`, which does not exist
  ┌─ content/guides/links.md:4:5
  │
4 │ See [the missing guide](missing.md).
  │     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

Check failed: 1 error, 1 warning
"
    );
    assert!(run.stdout().is_empty());
    assert!(!site.public().exists(), "check writes nothing");
}

#[test]
fn github_format() {
    let site = site_with_problems();
    let run = site.run(&["check", "--format", "github"]);
    assert_eq!(run.code(), 1);
    let prefix = site.root.to_string_lossy().into_owned();
    assert_eq!(
        run.stdout(),
        format!(
            "::warning file={prefix}/content/guides/images.md,line=4,col=1,endColumn=15,title=guildhall::image `chart.png` has no alt text%0Ahelp: describe what the image shows: `![a chart of weekly answers](chart.png)`\n\
             ::error file={prefix}/content/guides/links.md,line=4,col=5,endColumn=36,title=guildhall::link to `missing.md`, which does not exist\n"
        )
    );
}

#[test]
fn json_format() {
    let site = site_with_problems();
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code(), 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).expect("valid JSON");
    let prefix = site.root.to_string_lossy().into_owned();
    assert_eq!(
        report,
        serde_json::json!([
            {
                "severity": "warning",
                "file": format!("{prefix}/content/guides/images.md"),
                "line": 4, "column": 1, "end_column": 15,
                "message": "image `chart.png` has no alt text",
                "help": "describe what the image shows: `![a chart of weekly answers](chart.png)`"
            },
            {
                "severity": "error",
                "file": format!("{prefix}/content/guides/links.md"),
                "line": 4, "column": 5, "end_column": 36,
                "message": "link to `missing.md`, which does not exist",
                "help": null
            }
        ])
    );
}

#[test]
fn files_limit_what_is_reported_and_the_exit_code() {
    let site = site_with_problems();
    let run = site.run_exact(&["check", ".", "content/guides/images.md", "--format", "json"]);
    assert_eq!(run.code(), 0, "only a warning in the chosen file");
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).expect("valid JSON");
    assert_eq!(report.as_array().map(Vec::len), Some(1));
    assert_eq!(report[0]["message"], "image `chart.png` has no alt text");
    assert_eq!(report[0]["file"], "content/guides/images.md");
}

#[test]
fn files_may_be_given_relative_to_the_current_folder() {
    let site = site_with_problems();
    let parent = site.root.parent().expect("parent");
    let mut command = assert_cmd::Command::cargo_bin("guildhall").expect("binary");
    let output = command
        .current_dir(parent)
        .args([
            "check",
            "site",
            "site/content/guides/links.md",
            "--format",
            "github",
        ])
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "::error file=site/content/guides/links.md,line=4,col=5,endColumn=36,title=guildhall::link to `missing.md`, which does not exist\n"
    );
}

#[test]
fn a_new_question_close_to_an_existing_one_is_flagged() {
    let site = TestSite::fixture("community");
    site.write(
        "content/questions/new-restore.md",
        "---\ntitle: Testing a restore of a backup?\ndate: 2026-04-01\n---\nHow?\n",
    );
    let run = site.run_exact(&["check", ".", "content/questions/new-restore.md"]);
    assert_eq!(run.code(), 0);
    run.assert_stderr_has(
            "warning: this question looks like “How do I test a restore?” (content/questions/restore-test/index.md)
  ┌─ content/questions/new-restore.md:2:8"
        );
    assert!(run.stderr().contains("add `duplicate_of: restore-test`"));
    // A question already marked as a duplicate is not flagged again.
    assert!(
        !site
            .run(&["check"])
            .stderr()
            .contains("content/questions/dump-is-enough.md:2")
    );
}

#[test]
fn guides_past_their_review_date_are_flagged() {
    let site = TestSite::fixture("community");
    let run = site.run(&["check"]);
    run.assert_stderr_has("warning: this guide was last reviewed on 1 January 2025, more than 90 days ago\n  ┌─ content/guides/old-notes.md:4:11");
}

#[test]
fn a_clean_site_passes() {
    let site = TestSite::fixture("kb");
    site.write(
        "content/guides/setup.md",
        "---\ntitle: Setting up\n---\n## Install the toolchain\n",
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert_eq!(run.stdout().trim(), "[]");
}
