//! One fixture site per kind of bad input: the build fails with exit 1 and
//! the exact located message (file, line, column, the line shown), and all
//! problems of a run are reported together.

mod common;

use common::TestSite;

/// Builds `tests/fixtures/invalid/<name>` and returns its diagnostics.
fn diagnostics_of(name: &str) -> String {
    let site = TestSite::fixture(&format!("invalid/{name}"));
    let run = site.build().failure();
    assert!(!site.public().exists(), "nothing is written on failure");
    run.stderr()
}

/// Asserts that `stderr` contains `expected` (a whole rendered diagnostic).
#[track_caller]
fn assert_reports(stderr: &str, expected: &str) {
    assert!(
        stderr.contains(expected),
        "expected:\n{expected}\n\ngot:\n{stderr}"
    );
}

#[test]
fn broken_yaml() {
    assert_reports(
        &diagnostics_of("broken-yaml"),
        "error: invalid YAML in front matter: did not find expected ',' or ']'
  ┌─ content/questions/q.md:4:1
  │
4 │ tags: [a, b
  │ ^
",
    );
}

#[test]
fn unclosed_front_matter() {
    assert_reports(
        &diagnostics_of("unclosed-front-matter"),
        "error: front matter opened with `---` is never closed: add a `---` line after it
  ┌─ content/guides/g.md:1:1
  │
1 │ ---
  │ ^^^
",
    );
}

#[test]
fn missing_required_field() {
    assert_reports(
        &diagnostics_of("missing-title"),
        "error: a question needs `title`
  ┌─ content/questions/q.md:1:1
  │
1 │ ---
  │ ^^^
  │
  = help: add `title: How do I ...?` to the front matter
",
    );
}

#[test]
fn bad_date() {
    assert_reports(
        &diagnostics_of("bad-date"),
        "error: `date`: `2026-02-30` is not a date: write `2026-03-01` or `2026-03-01T18:30:00+01:00`
  ┌─ content/questions/q.md:3:7
  │
3 │ date: 2026-02-30
  │       ^^^^^^^^^^
",
    );
}

#[test]
fn two_accepted_answers() {
    assert_reports(
        &diagnostics_of("two-accepted"),
        "error: two answers to `content/questions/q/index.md` are accepted: `content/questions/q/a.md` and this one
  ┌─ content/questions/q/b.md:4:11
  │
4 │ accepted: true
  │           ^^^^
",
    );
}

#[test]
fn answer_without_author() {
    assert_reports(
        &diagnostics_of("answer-without-author"),
        "error: an answer needs `author`
  ┌─ content/questions/q/anon.md:1:1
",
    );
}

#[test]
fn event_ending_before_it_starts() {
    assert_reports(
        &diagnostics_of("event-ends-before-start"),
        "error: the event ends (2026-05-02T17:00+02:00) before it starts (2026-05-02T18:00+02:00)
  ┌─ content/events/e.md:4:6
  │
4 │ end: 2026-05-02T17:00:00+02:00
  │      ^^^^^^^^^^^^^^^^^^^^^^^^^
",
    );
}

#[test]
fn bad_slug() {
    assert_reports(
        &diagnostics_of("bad-slug"),
        "error: `slug` may use only a-z, 0-9 and -, found `My_Guide`
  ┌─ content/guides/g.md:3:7
  │
3 │ slug: My_Guide
  │       ^^^^^^^^
  │
  = help: try `slug: my-guide`
",
    );
}

#[test]
fn duplicate_url() {
    assert_reports(
        &diagnostics_of("duplicate-url"),
        "error: `content/guides/a.md` and `content/guides/same.md` both become /guides/same/
  ┌─ content/guides/same.md:1:1
",
    );
}

#[test]
fn broken_link() {
    assert_reports(
        &diagnostics_of("broken-link"),
        "error: link to `missing.md`, which does not exist
  ┌─ content/guides/g.md:5:5
  │
5 │ See [the missing guide](missing.md) here.
  │     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
",
    );
}

#[test]
fn broken_wikilink_suggests_the_near_miss() {
    assert_reports(
        &diagnostics_of("broken-wikilink"),
        "error: `[[backpus]]` matches no entry
  ┌─ content/guides/g.md:4:7
  │
4 │ Go to [[backpus]].
  │       ^^^^^^^^^^^
  │
  = help: did you mean `[[backups]]`?
",
    );
}

#[test]
fn unknown_config_key() {
    assert_reports(
        &diagnostics_of("unknown-config-key"),
        "error: unknown setting `titel`
  ┌─ guildhall.yml:2:1
  │
2 │ titel: KB
  │ ^^^^^
  │
  = help: did you mean `title`?
",
    );
}

#[test]
fn invalid_utf8() {
    let site = TestSite::empty();
    site.write(
        "content/guides/latin1.md",
        b"---\ntitle: Caf\xe9 notes\n---\n".as_slice(),
    );
    let run = site.build().failure();
    run.assert_stderr_has(
        "error: the file is not valid UTF-8
  ┌─ content/guides/latin1.md:2:11
  │
2 │ title: Caf\u{fffd} notes
  │           ^
",
    );
}

#[test]
fn a_broken_anchor_in_a_link() {
    let site = TestSite::empty();
    site.write(
        "content/guides/a.md",
        "---\ntitle: A\n---\n## Real heading\n",
    )
    .write(
        "content/guides/b.md",
        "---\ntitle: B\n---\nSee [a](a.md#not-there).\n",
    );
    let run = site.build().failure();
    run.assert_stderr_has("error: `a.md#not-there`: `content/guides/a.md` has no heading `#not-there`\n  ┌─ content/guides/b.md:4:5");
}

#[test]
fn broken_links_can_be_warnings() {
    let site = TestSite::fixture("invalid/broken-link");
    site.write("guildhall.yml", "links:\n  broken: warn\n");
    let run = site.build().success();
    run.assert_stderr_has("warning: link to `missing.md`, which does not exist");
    assert!(run.stderr().contains("1 warning"));
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let site = TestSite::empty();
    site.write("content/questions/a.md", "---\ndate: soon\n---\n")
        .write(
            "content/guides/b.md",
            "---\ntitle: B\nslug: Bad Slug\n---\n[[nothing]]\n",
        )
        .write("content/events/c.md", "---\ntitle: C\nkind: event\n---\n");
    let run = site.build().failure();
    let stderr = run.stderr();
    for expected in [
        "content/questions/a.md:2:7", // bad date
        "content/questions/a.md:1:1", // missing title
        "content/guides/b.md:3:7",    // bad slug
        "content/guides/b.md:5:1",    // broken wikilink
        "content/events/c.md:1:1",    // missing start
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected} in:\n{stderr}"
        );
    }
    assert!(stderr.contains("Build failed: 5 errors"), "{stderr}");
}

#[test]
fn unknown_front_matter_keys_warn_with_a_suggestion_and_reach_templates() {
    let site = TestSite::empty();
    site.write(
        "content/guides/g.md",
        "---\ntitle: G\ntag: [x]\nmood: calm\n---\n",
    );
    let run = site.build().success();
    run.assert_stderr_has("warning: unknown front matter key `tag`\n  ┌─ content/guides/g.md:3:1");
    assert!(run.stderr().contains("did you mean `tags`?"));
    assert!(
        !run.stderr().contains("`mood`"),
        "far from any key: no warning"
    );
}

#[test]
fn an_answer_without_a_question() {
    let site = TestSite::empty();
    site.write(
        "content/questions/orphan/reply.md",
        "---\ndate: 2026-01-01\nauthor: A\n---\nHi\n",
    );
    let run = site.build().failure();
    run.assert_stderr_has(
        "error: this answer has no question beside it\n  ┌─ content/questions/orphan/reply.md:1:1",
    );
}

#[test]
fn an_entry_cannot_take_a_generated_url() {
    let site = TestSite::empty();
    site.write(
        "content/questions/unanswered.md",
        "---\ntitle: U\ndate: 2026-01-01\n---\n",
    );
    let run = site.build().failure();
    run.assert_stderr_has(
        "would replace the generated list of unanswered questions at /questions/unanswered/",
    );
}
