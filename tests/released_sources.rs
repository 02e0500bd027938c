//! A large site's build lets go of the markdown it read after its first
//! pass and reads each file again as its page is written
//! (`build::KEEP_SOURCES_UP_TO`). These builds go through the library with
//! the threshold at 0, so small sites take that path (a first pass that
//! keeps each body's facts, and each page rendering its bodies again):
//! the pages must be the same bytes as a build that kept every text and
//! body, and a file changed between the two readings must fail the build,
//! naming it.

mod common;

use std::path::Path;

use common::{TestSite, list_files};
use guildhall::build::{self, BuildOptions};
use guildhall::diagnostics::{Diagnostics, render_plain};

fn options(site: &TestSite, out: &str, keep_sources_up_to: usize) -> BuildOptions {
    BuildOptions {
        out_dir: Some(site.root.join(out)),
        keep_sources_up_to,
        ..BuildOptions::new(site.root.clone())
    }
}

/// Every file of the two folders, the same bytes.
fn assert_same_output(a: &Path, b: &Path) {
    let files = list_files(a);
    assert_eq!(files, list_files(b), "the two builds made other files");
    assert!(files.len() > 10, "only {} files", files.len());
    for file in &files {
        let (x, y) = (std::fs::read(a.join(file)), std::fs::read(b.join(file)));
        assert!(x.expect("read") == y.expect("read"), "{file} differs");
    }
}

fn released_build_matches_kept(site: &TestSite) {
    let kept = Diagnostics::default();
    let summary = build::build(&options(site, "kept", usize::MAX), &kept);
    assert!(summary.is_some(), "{:?}", kept.sorted());
    let released = Diagnostics::default();
    let summary = build::build(&options(site, "released", 0), &released);
    assert!(summary.is_some(), "{:?}", released.sorted());
    assert_eq!(
        format!("{:?}", kept.sorted()),
        format!("{:?}", released.sorted())
    );
    assert_same_output(&site.root.join("kept"), &site.root.join("released"));
}

/// One test, so that the fixed build time is set before any build reads
/// it and no other thread of this file reads the environment meanwhile.
#[test]
fn texts_read_again_make_the_same_site_and_a_changed_file_fails_it() {
    // SAFETY: the only test of this binary; nothing else runs yet.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1780000000") };

    for fixture in ["kb", "community", "languages"] {
        let site = TestSite::fixture(fixture);
        // A file read again is normalised as the first time: byte order
        // mark, Windows line ends, NUL.
        site.write(
            "content/guides/windows-notes.md",
            "\u{feff}---\r\ntitle: Windows notes\r\ndate: 2026-01-02\r\ntags: [tools]\r\n---\r\n\r\nSaved \u{0} on Windows.\r\n\r\n## Line ends\r\n\r\n```sh\r\necho ok\r\n```\r\n",
        );
        released_build_matches_kept(&site);
    }
    let example = TestSite::copy_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"));
    released_build_matches_kept(&example);

    changed_file_is_an_error();
    problems_found_after_release_show_their_line();
}

/// Problems found once the texts are let go (a `related:` that names no
/// entry, found by the analysis; `check`'s review hints) show the line
/// they are about, from the file read again.
fn problems_found_after_release_show_their_line() {
    let site = TestSite::fixture("kb");
    site.write(
        "content/guides/linked.md",
        "---\ntitle: Linked\ndate: 2026-01-02\nrelated: [no-such-page]\n---\n\nText.\n",
    );
    let kept = build::check(&options(&site, "public", usize::MAX), None);
    let released = build::check(&options(&site, "public", 0), None);
    let shown = render_plain(&released);
    assert_eq!(render_plain(&kept), shown);
    assert!(shown.contains("4 │ related: [no-such-page]"), "{shown}");
    assert!(shown.contains("5 │ reviewed: 2020-01-01"), "{shown}");
}

fn changed_file_is_an_error() {
    let site = TestSite::fixture("kb");
    // Let go after the first pass, which kept each body's facts only.
    let options = options(&site, "public", 0);
    let diagnostics = Diagnostics::default();
    let (loaded, _) = build::load(&options, &diagnostics);
    assert!(!diagnostics.has_errors(), "{:?}", diagnostics.sorted());
    let page_of = |rel: &str| {
        let site = &loaded.site;
        site.ids().find(|&id| site.entry(id).rel == rel).expect(rel)
    };
    let (same, changed) = (page_of("guides/ops/backups.md"), page_of("guides/setup.md"));
    let html_before = loaded.page_bodies(same)[0].1.html().into_owned();
    assert_eq!(loaded.site.source_bytes(), 0);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let file = site.root.join("content/guides/setup.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, format!("{text}\nA new last line.\n")).expect("write");

    assert_eq!(loaded.page_bodies(same)[0].1.html(), html_before);
    assert!(loaded.site.take_source_problems().is_empty());
    let _ = loaded.page_bodies(changed);
    let problems = loaded.site.take_source_problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].file, "content/guides/setup.md");
    assert_eq!(
        problems[0].message,
        "the file changed while the site was built"
    );
    assert!(problems[0].is_error());
}
