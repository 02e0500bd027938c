//! The example site in `example-site/` builds cleanly (no errors, no
//! warnings) and shows the community features a visitor expects.

mod common;

use std::path::Path;

use common::{TestSite, list_files};

fn example() -> TestSite {
    TestSite::copy_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"))
}

#[test]
fn the_example_site_builds_without_errors_or_warnings() {
    let site = example();
    let run = site.build().success();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    assert!(!run.stderr().contains("error"), "{}", run.stderr());
    let files = list_files(&site.public());
    let questions = files
        .iter()
        .filter(|f| {
            f.starts_with("questions/") && f.ends_with("/index.html") && !f.contains("page/")
        })
        .count();
    assert!(
        questions >= 15 + 2,
        "at least 15 question pages plus the lists: {questions}"
    );
    let guides = files
        .iter()
        .filter(|f| f.starts_with("guides/") && f.ends_with("/index.html"))
        .count();
    assert!(guides > 10, "ten guides plus the list: {guides}");
    let events = files
        .iter()
        .filter(|f| f.starts_with("events/") && f.ends_with("/index.html"))
        .count();
    assert!(events > 8, "eight events plus the list: {events}");
    let home = site.read("index.html");
    assert!(home.contains("Welcome to the Ops Guild"));
    // Both upcoming and past events exist at the fixed build time (May 2026).
    let list = site.read("events/index.html");
    assert!(
        list.contains(">Upcoming</h2>") && list.contains(">Past</h2>"),
        "{list}"
    );
}
