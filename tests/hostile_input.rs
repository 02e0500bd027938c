//! Broken and hostile input, as strangers' pull requests bring it: every
//! case ends without a panic, with a located error or safe output, and a
//! failed build leaves the previous output intact. Input that could make
//! a build hang runs under a watchdog; input whose cost could grow faster
//! than its size is built at two sizes, and the times compared.

mod common;

use std::time::{Duration, Instant};

use common::{TestSite, list_files};

/// A site that builds, built once, so each case can check the previous
/// output survives.
fn built_site() -> TestSite {
    let site = TestSite::empty();
    site.write("content/guides/good.md", "---\ntitle: Good\n---\nFine.\n");
    site.build().success();
    site
}

/// Adds `text` at `path`, builds, and checks what every bad input must give.
/// Returns the diagnostics.
#[track_caller]
fn build_with(path: &str, text: impl AsRef<[u8]>) -> (i32, String, TestSite) {
    let site = built_site();
    let before = site.read("guides/good/index.html");
    site.write(path, text);
    let run = site.build_watched(WATCHDOG);
    let code = run.code();
    assert!(
        code == 0 || code == 1,
        "{path}: exit {code} (a panic exits 101):\n{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    if code == 1 {
        assert_eq!(
            site.read("guides/good/index.html"),
            before,
            "previous output intact"
        );
    }
    (code, run.stderr(), site)
}

/// Far above any build here: reached only by a hang.
const WATCHDOG: Duration = Duration::from_secs(300);

/// Builds a guide whose body is `body(n)` at `n` and at four times `n`
/// (each the quicker of two builds, less an empty site's build) and
/// asserts the larger took less than eight times as long: linear cost
/// gives about four, quadratic sixteen. A ratio, not a time limit, so a
/// slow or busy machine does not fail it.
#[track_caller]
fn grows_linearly(what: &str, n: usize, body: impl Fn(usize) -> String) {
    let quickest = |site: &TestSite| {
        (0..2)
            .map(|_| {
                let started = Instant::now();
                let run = site.build_watched(WATCHDOG);
                assert_eq!(run.code(), 0, "{what}: {}", run.stderr());
                started.elapsed()
            })
            .min()
            .unwrap()
    };
    let empty = quickest(&built_site());
    let time_at = |size: usize| {
        let site = built_site();
        site.write(
            "content/guides/grown.md",
            format!("---\ntitle: Grown\n---\n{}", body(size)),
        );
        quickest(&site).saturating_sub(empty)
    };
    // Other tests run beside this one and steal the cores now and then: a
    // measurement is taken again (up to three times) before it counts as
    // more than linear; a quadratic cost is slow every time.
    let mut last = String::new();
    for _ in 0..3 {
        let (small, large) = (time_at(n), time_at(4 * n));
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(0.001);
        if ratio < 8.0 {
            return;
        }
        last = format!(
            "{n} took {small:?}, {} took {large:?} ({ratio:.1} times)",
            4 * n
        );
    }
    panic!("{what}: {last}: more than linear");
}

#[test]
fn malformed_yaml_of_many_kinds_is_a_located_error() {
    let cases = [
        (
            "tabs",
            "---\ntitle: T\n\tdate: 2026-01-01\n---\n",
            "content/guides/bad.md:3",
        ),
        (
            "unclosed quote",
            "---\ntitle: \"never ends\n---\n",
            "content/guides/bad.md:2",
        ),
        (
            "duplicate key",
            "---\ntitle: A\ntitle: B\n---\n",
            "content/guides/bad.md:3:1",
        ),
        (
            "top-level list",
            "---\n- a\n- b\n---\n",
            "content/guides/bad.md:2",
        ),
        ("bare colon", "---\n: x\n---\n", "content/guides/bad.md:2"),
        (
            "bad indent",
            "---\ntitle: A\n  tags: [x]\n---\n",
            "content/guides/bad.md:3",
        ),
        (
            "flow map unclosed",
            "---\ntitle: {a: 1\n---\n",
            "content/guides/bad.md:2",
        ),
    ];
    for (what, text, location) in cases {
        let (code, stderr, _) = build_with("content/guides/bad.md", text);
        assert_eq!(code, 1, "{what}:\n{stderr}");
        assert!(
            stderr.contains(location),
            "{what}: expected {location} in:\n{stderr}"
        );
    }
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    let mut yaml = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, prev) in ('b'..='j').zip('a'..='i') {
        yaml.push_str(&format!(
            "{i}: &{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    yaml.push_str("title: Bomb\n---\n");
    let (code, stderr, _) = build_with("content/guides/bomb.md", yaml);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/guides/bomb.md"), "{stderr}");
}

#[test]
fn wrong_types_in_every_field_are_located_errors() {
    let fields = [
        "title",
        "date",
        "updated",
        "author",
        "authors",
        "tags",
        "summary",
        "slug",
        "draft",
        "aliases",
        "related",
        "votes",
        "level",
        "reviewed",
        "start",
        "end",
        "timezone",
        "location",
        "online",
        "recording",
        "slides",
        "speakers",
        "kind",
    ];
    for field in fields {
        let base = match field {
            "title" => "start: 2026-01-01",
            "start" => "title: T",
            _ => "title: T\nstart: 2026-01-01",
        };
        let line = base.lines().count() + 2;
        let text = format!("---\n{base}\n{field}: {{nested: [1, 2]}}\n---\n");
        let (code, stderr, _) = build_with("content/events/typed.md", text);
        assert!(
            stderr.contains(&format!("content/events/typed.md:{line}:")),
            "{field}: not located at its line:\n{stderr}"
        );
        // A field only other kinds use is ignored on an event, whatever
        // its value: a warning, not an error.
        if ["votes", "level", "reviewed"].contains(&field) {
            assert_eq!(code, 0, "{field}:\n{stderr}");
            assert!(
                stderr.contains(&format!("warning: `{field}` is only used on")),
                "{stderr}"
            );
        } else {
            assert_eq!(code, 1, "{field}:\n{stderr}");
        }
    }
}

#[test]
fn dates_out_of_range_are_located_errors() {
    for date in [
        "99999-01-01",
        "0000-00-00",
        "2026-01-01T25:00:00Z",
        "-5",
        "2026-02-29",
        "2026-01-01T10:00:00+25:00",
        // Not ASCII where an offset goes: split by character, not byte.
        "2026-03-01 10:00 é",
        "2026-03-01 10:00 +1é1",
    ] {
        let text = format!("---\ntitle: Q\ndate: {date}\n---\n");
        let (code, stderr, _) = build_with("content/questions/q.md", text);
        assert_eq!(code, 1, "{date}:\n{stderr}");
        assert!(
            stderr.contains("content/questions/q.md:3:7"),
            "{date}:\n{stderr}"
        );
    }
}

#[test]
fn nul_bytes_and_empty_files_are_safe() {
    // CommonMark replaces U+0000 by U+FFFD; guildhall does so for the whole file.
    let (code, stderr, site) = build_with(
        "content/guides/nul.md",
        "---\ntitle: N\u{0}ul\n---\nText\u{0}with NUL\n\n```rust\nlet nul = \"\u{0}\";\n```\n\n<b>raw\u{0}</b>\n\n```sh\necho done\n```\n",
    );
    assert_eq!(code, 0, "{stderr}");
    let page = site.read("guides/nul/index.html");
    assert!(page.contains("<h1>N\u{fffd}ul</h1>"));
    // Both code blocks highlighted in place, the text between kept.
    assert_eq!(page.matches("<pre class=\"code\"").count(), 2, "{page}");
    let (first, second) = (page.find("language-rust"), page.find("language-sh"));
    assert!(first < second && first.is_some(), "{page}");
    assert!(page.contains("<b>raw\u{fffd}</b>"), "{page}");
    for file in list_files(&site.public()) {
        let bytes = std::fs::read(site.public().join(&file)).expect("read");
        assert!(!bytes.contains(&0), "{file} carries a NUL byte");
    }
    let (code, stderr, _) = build_with("content/guides/empty.md", "");
    assert_eq!(code, 1, "a guide needs a title");
    assert!(
        stderr.contains("error: a guide needs `title`\n  ┌─ content/guides/empty.md"),
        "{stderr}"
    );
    let (code, _, site) = build_with("content/empty-page.md", "");
    assert_eq!(code, 0, "an empty page is fine");
    assert!(
        site.read("empty-page/index.html")
            .contains("<h1>empty page</h1>")
    );
}

#[test]
fn a_twenty_megabyte_file_builds_in_bounded_time() {
    let paragraph = "A paragraph of ordinary text with *emphasis*, `code` and a [link](https://example.org).\n\n";
    let body = paragraph.repeat(20 * 1024 * 1024 / paragraph.len());
    let (code, stderr, site) = build_with(
        "content/guides/huge.md",
        format!("---\ntitle: Huge\n---\n{body}"),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(site.read("guides/huge/index.html").len() > 20 * 1024 * 1024);
}

#[test]
fn deep_nesting_and_long_lines_build_in_bounded_time() {
    let quotes = format!("{}deep\n", "> ".repeat(10_000));
    let lists = (0..10_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect::<String>();
    let brackets = format!("{}x\n", "[".repeat(10_000));
    let long_line = format!("{}\n", "word ".repeat(200_000));
    for (what, body) in [
        ("quotes", quotes),
        ("lists", lists),
        ("brackets", brackets),
        ("long line", long_line),
    ] {
        let (code, stderr, _) = build_with(
            "content/guides/deep.md",
            format!("---\ntitle: Deep\n---\n{body}"),
        );
        assert_eq!(code, 0, "{what}:\n{stderr}");
    }
    let yaml = format!(
        "---\ntitle: Deep\nextra: {}{}\n---\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (code, stderr, _) = build_with("content/guides/deep-yaml.md", yaml);
    assert_eq!(code, 1, "deep YAML is refused: {stderr}");
}

#[test]
fn symlink_loops_and_links_outside_the_site_are_not_followed() {
    let site = built_site();
    std::os::unix::fs::symlink(
        site.root.join("content"),
        site.root.join("content/guides/loop"),
    )
    .expect("symlink");
    std::os::unix::fs::symlink("/etc/passwd", site.root.join("content/guides/passwd.md"))
        .expect("symlink");
    std::os::unix::fs::symlink(
        "/nonexistent/vanished.md",
        site.root.join("content/guides/vanished.md"),
    )
    .expect("symlink");
    std::os::unix::fs::symlink("/etc", site.root.join("static/etc")).ok();
    std::fs::create_dir_all(site.root.join("static")).expect("static");
    std::os::unix::fs::symlink("/etc/hostname", site.root.join("static/hostname"))
        .expect("symlink");
    let run = site.build_watched(WATCHDOG);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    run.assert_stderr_has("warning: symbolic links are not followed");
    let files = list_files(&site.public());
    assert!(
        !files.iter().any(|f| f.contains("passwd")
            || f.contains("loop")
            || f.contains("hostname")
            || f.starts_with("etc/")),
        "{files:?}"
    );
}

#[test]
fn an_output_folder_that_cannot_be_written_is_an_error() {
    let site = TestSite::empty();
    site.write("content/guides/g.md", "---\ntitle: G\n---\n")
        .write("blocker", "a file where a folder should be");
    let out = site.root.join("blocker/public");
    let run = site.run(&["build", "--out", out.to_str().expect("utf-8")]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run.assert_stderr_has("cannot write the output");
}

#[test]
fn slugs_cannot_escape_the_output_folder() {
    for slug in [
        "../../../tmp/evil",
        "/../etc",
        "a/../../b",
        "..",
        "x%2F..%2Fy",
        "/a//b.c",
    ] {
        let (code, stderr, site) = build_with(
            "content/guides/s.md",
            format!("---\ntitle: S\nslug: \"{slug}\"\n---\n"),
        );
        assert_eq!(code, 1, "{slug}:\n{stderr}");
        assert!(
            stderr.contains("`slug` may use only a-z, 0-9 and -"),
            "{stderr}"
        );
        assert!(!site.root.parent().expect("parent").join("tmp").exists());
    }
    // A path of plain segments (Docusaurus's slugs) stays under the
    // page's section, whatever its slashes say.
    for (slug, page) in [
        ("/etc", "guides/etc"),
        ("a/b", "guides/a/b"),
        ("/", "guides"),
    ] {
        let (code, stderr, site) = build_with(
            "content/guides/s.md",
            format!("---\ntitle: S\nslug: \"{slug}\"\n---\n"),
        );
        if page == "guides" {
            assert_eq!(code, 1, "the section's own address: {stderr}");
            assert!(
                stderr.contains("would replace the generated section list"),
                "{stderr}"
            );
            continue;
        }
        assert_eq!(code, 0, "{slug}:\n{stderr}");
        assert!(
            site.public().join(page).join("index.html").is_file(),
            "{slug}"
        );
        assert!(!site.public().join("etc").exists());
    }
}

#[test]
fn script_injection_through_every_field_stays_inert() {
    let payload = "<script>alert(1)</script>\\\"><img src=x onerror=alert(2)>";
    let text = format!(
        "---\ntitle: \"T {payload}\"\nsummary: \"S {payload}\"\nauthor: \"A {payload}\"\ntags: [\"t {payload}\"]\nstart: 2026-01-01\nlocation: \"L {payload}\"\nspeakers: [\"P {payload}\"]\nmood: \"M {payload}\"\n---\nBody <script>alert(3)</script> [x](javascript:alert(4)) [y](JAVASCRIPT:alert(5)) ![z](javascript:alert(6)) <a href=\"javascript:alert(7)\">a</a> {{{{ site.title }}}} {{% if x %}}\n\n```rust\nfn main() {{}}\n```\n"
    );
    let (code, stderr, site) = build_with("content/events/evil.md", text);
    assert_eq!(code, 0, "{stderr}");
    // HTML and XML; calendars and stats.json carry titles as plain-text data.
    for file in list_files(&site.public())
        .into_iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".xml"))
    {
        let text = std::fs::read_to_string(site.public().join(&file))
            .expect("read")
            .to_lowercase();
        assert!(!text.contains("<script>alert"), "{file}: script tag");
        assert!(!text.contains("<img src=x"), "{file}: injected element");
        assert!(
            !text.contains("href=\"javascript:") && !text.contains("src=\"javascript:"),
            "{file}: javascript: URL"
        );
        // Escaped text may spell `onerror=`; a real tag must not carry it
        // outside its quoted attribute values.
        for tag in text
            .split('<')
            .skip(1)
            .map(|rest| rest.split('>').next().unwrap_or(""))
        {
            let unquoted: String = tag.split('"').step_by(2).collect();
            assert!(
                !unquoted.contains("onerror=")
                    && !unquoted.contains("onclick=")
                    && !unquoted.contains("onload="),
                "{file}: handler in <{tag}>"
            );
        }
    }
    // A sanitized body keeps its code highlighted on the page and plain in
    // feeds, as any other body.
    let page = site.read("events/evil/index.html");
    assert!(
        page.contains("data-lang=\"rust\"><span class=\"l"),
        "{page}"
    );
    let feed = site.read("events/feed.xml");
    assert!(
        feed.contains("data-lang=&quot;rust&quot;&gt;fn main() {}"),
        "{feed}"
    );
    let page = site.read("events/evil/index.html");
    assert!(
        page.contains("{{ site.title }} {% if x %}"),
        "templates in content are shown as written"
    );
}

#[test]
fn url_fields_accept_only_web_addresses() {
    for field in ["online", "recording", "slides"] {
        let text = format!("---\ntitle: E\nstart: 2026-01-01\n{field}: javascript:alert(1)\n---\n");
        let (code, stderr, _) = build_with("content/events/e.md", text);
        assert_eq!(code, 1, "{field}:\n{stderr}");
        assert!(
            stderr.contains(&format!("`{field}` should be a web address")),
            "{stderr}"
        );
        assert!(stderr.contains("content/events/e.md:4:"), "{stderr}");
    }
    let (code, stderr, _) = build_with("guildhall.yml", "repository: javascript:alert(1)\n");
    assert_eq!(code, 1);
    assert!(
        stderr.contains("`repository` should be a web address"),
        "{stderr}"
    );
}

#[test]
fn an_explicit_heading_id_cannot_break_out_of_its_attributes() {
    let (code, stderr, site) = build_with(
        "content/guides/ids.md",
        "---\ntitle: Ids\n---\n## Step {#a\"onmouseover=\"alert(1)}\n\n## Next {#b'><script>alert(2)</script>}\n",
    );
    assert_eq!(code, 0, "{stderr}");
    let page = site.read("guides/ids/index.html");
    assert!(!page.contains("\"onmouseover="), "{page}");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(
        page.contains(r##"href="#a&quot;onmouseover=&quot;alert(1)""##),
        "{page}"
    );
}

/// Thousands of problems in one file (an unclosed shortcode on every other
/// line) are each located without reading the file from its start again.
#[test]
fn many_problems_in_one_file_cost_time_in_proportion() {
    grows_linearly("problems in one file", 3_000, |n| {
        "{{% alert %}}\n\n".repeat(n)
    });
}

#[test]
fn many_repeated_headings_cost_time_in_proportion() {
    // Each `## Step` needs an id of its own: `step`, `step-1`, `step-2`...
    let steps = |n: usize| "## Step\n\nDo it.\n\n".repeat(n);
    // Large enough that the time above an empty site is not noise.
    grows_linearly("repeated headings", 12_000, steps);
    let (code, stderr, site) = build_with(
        "content/guides/steps.md",
        format!("---\ntitle: Steps\n---\n{}", steps(30_000)),
    );
    assert_eq!(code, 0, "{stderr}");
    let page = site.read("guides/steps/index.html");
    assert!(page.contains(r#"<h2 id="step-29999">"#));
    assert!(!page.contains(r#"<h2 id="step-30000">"#));
}

#[test]
fn large_javascript_and_typescript_blocks_highlight_in_bounded_time() {
    // Syntect grammars have hung on some JavaScript elsewhere: template
    // literals, regex literals and deep nesting, thousands of lines.
    let js_line = "const re = /[a-z]+\\/(?:\\d{2,}|x)/g; const s = `a ${b ? `c ${d}` : '}'} e`; if (a) { f(() => { return [1, {k: 'v'}]; }); }\n";
    let ts_line = "export async function f<T extends Record<string, unknown>>(x: T): Promise<Array<keyof T>> { return Object.keys(x) as (keyof T)[]; }\n";
    // Just under the 256 KiB a block may have and still be highlighted.
    let body = format!(
        "```javascript\n{}```\n\n```typescript\n{}```\n",
        js_line.repeat(1800),
        ts_line.repeat(1800)
    );
    let (code, stderr, site) = build_with(
        "content/guides/js.md",
        format!("---\ntitle: JS\n---\n{body}"),
    );
    assert_eq!(code, 0, "{stderr}");
    let page = site.read("guides/js/index.html");
    assert!(
        page.contains(
            "<code class=\"language-typescript\" data-lang=\"typescript\"><span class=\"l"
        ),
        "highlighted, not plain"
    );
    assert!(
        page.contains(
            "<code class=\"language-javascript\" data-lang=\"javascript\"><span class=\"l"
        ),
        "highlighted, not plain"
    );
}

#[test]
fn a_named_pipe_in_content_does_not_hang_the_build() {
    let site = built_site();
    let status = std::process::Command::new("mkfifo")
        .arg(site.root.join("content/guides/pipe.md"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    // Reading a pipe would block forever: the watchdog would end it.
    let run = site.build_watched(WATCHDOG);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(!site.exists("guides/pipe/index.html"));
}

/// An unclosed Liquid tag followed, 400 bytes on, by a character of
/// several bytes (found by fuzzing `check --fix`'s rewriting): `check`,
/// `check --fix` and the build go on.
#[test]
fn an_unclosed_liquid_tag_before_a_wide_character_is_text() {
    let body = format!(
        "{{% alert {}籚 x\n\n{{{{ y {}日本\n",
        "_".repeat(389),
        "_".repeat(394)
    );
    let (code, stderr, site) = build_with(
        "content/guides/wide.md",
        format!("---\ntitle: W\n---\n{body}"),
    );
    assert_eq!(code, 0, "{stderr}");
    let fix = site.run(&["check", "--fix"]);
    assert_eq!(fix.code(), 0, "{}", fix.stderr());
    assert!(site.read("guides/wide/index.html").contains("籚"));
}

/// A Liquid tag written inside another (found by fuzzing: the inner one
/// was taken for the outer's closing tag): `check --fix` goes on.
#[test]
fn liquid_tags_inside_each_other_are_fixed_without_a_panic() {
    let (code, stderr, site) = build_with(
        "content/guides/nested.md",
        "---\ntitle: N\n---\n{% raw {% endraw %} x {% endraw %}\n",
    );
    assert_eq!(code, 0, "{stderr}");
    let fix = site.run(&["check", "--fix"]);
    assert_eq!(fix.code(), 0, "{}", fix.stderr());
    assert!(!fix.stderr().contains("panicked"), "{}", fix.stderr());
}

/// Text the markdown parser itself panics on (pulldown-cmark 0.13: an
/// underlined heading in a quote with an attribute line, found by fuzzing
/// `check --fix`): a located error at its paragraph, reported beside the
/// other files' problems, the previous output kept; `check --fix` leaves
/// unwritten a file its rewriting would turn into such text.
#[test]
fn text_the_markdown_parser_panics_on_is_a_located_error() {
    let (code, stderr, site) = build_with(
        "content/guides/quoted.md",
        "---\ntitle: Q\n---\nIntro.\n\n> Title\n>  {#id}\n> ---\n\nMore.\n",
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: the markdown parser (pulldown-cmark) fails on this text"),
        "{stderr}"
    );
    assert!(stderr.contains("content/guides/quoted.md:6:1"), "{stderr}");

    site.write(
        "content/guides/quoted.md",
        "---\ntitle: Q\n---\nFine now.\n",
    )
    .write(
        "content/guides/admonition.md",
        "---\ntitle: A\n---\n:::note\nTitle\n {#id}\n---\n:::\n",
    );
    let fix = site.run(&["check", "--fix"]);
    assert_eq!(fix.code(), 0, "{}", fix.stderr());
    assert!(!fix.stderr().contains("panicked"), "{}", fix.stderr());
    assert!(
        fix.stderr().contains(
            "not fixed: content/guides/admonition.md: the markdown parser (pulldown-cmark) fails on it, or on it rewritten"
        ),
        "{}",
        fix.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(site.root.join("content/guides/admonition.md")).unwrap(),
        "---\ntitle: A\n---\n:::note\nTitle\n {#id}\n---\n:::\n"
    );
}
