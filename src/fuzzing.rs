//! Entry points for the fuzz targets in `fuzz/`: each takes arbitrary bytes
//! and must neither panic nor hang, whatever the bytes are. Problems with
//! the input are diagnostics, which these discard.

use std::path::Path;
use std::sync::Arc;

use crate::build::write::{Scope, write_site};
use crate::build::{Read, Release, relate};
use crate::config::Config;
use crate::content::{Entry, front_matter, parse_entry};
use crate::diagnostics::Diagnostics;
use crate::markdown::ids::ThemeIds;
use crate::render::theme::Theme;

/// Front matter splitting and typed parsing, as for `content/guides/f.md`.
pub fn front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source: Arc<str> = Arc::from(text);
    if let Ok(split) = front_matter::split(&source)
        && let Some(yaml) = split.yaml
    {
        let first_line = front_matter::first_line(split.format);
        let _ = front_matter::parse(
            yaml,
            split.format,
            first_line,
            "content/guides/f.md",
            &source,
        );
    }
}

/// `guildhall.yml` parsing.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Config::parse(&Arc::from(text), &Diagnostics::default());
}

/// `check --fix`'s rewriting of shortcodes, Liquid, admonitions and heading
/// levels: a body with nothing rewritten comes back as it was, and heading
/// levels once fixed need no second fix.
pub fn fix(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let refs = |path: &str| (!path.contains('x')).then(|| format!("{path}.md"));
    let unwrap = ["wrap".to_string()];
    let page = crate::markdown::foreign::Page {
        title: "Welcome",
        refs: &refs,
        unwrap: &unwrap,
    };
    // The markdown parser may panic on a text (see `util::caught`);
    // `check --fix` leaves such a file unwritten. The properties are
    // checked outside the catch.
    use crate::util::caught::caught;
    let Ok(done) = caught(|| crate::markdown::foreign::fix_shortcodes(text, &page)) else {
        return;
    };
    assert!(!done.fixed.is_empty() || done.text == text);
    let Ok(liquid) = caught(|| crate::markdown::foreign::liquid::fix(&done.text, &refs)) else {
        return;
    };
    assert!(!liquid.fixed.is_empty() || liquid.text == done.text);
    let Ok(admonitions) = caught(|| crate::markdown::foreign::admonitions::fix(&liquid.text))
    else {
        return;
    };
    assert!(!admonitions.fixed.is_empty() || admonitions.text == liquid.text);
    let Ok(levels) = caught(|| crate::markdown::levels::fix(&admonitions.text)) else {
        return;
    };
    assert!(!levels.fixed.is_empty() || levels.text == admonitions.text);
    if !levels.fixed.is_empty()
        && let Ok(again) = caught(|| crate::markdown::levels::fix(&levels.text))
    {
        assert!(
            again.fixed.is_empty(),
            "{:?} then {:?}",
            levels.text,
            again.fixed
        );
    }
}

/// The content pipeline: the bytes are a question with an answer, beside a
/// guide and an event they can link to; the site graph is built and every
/// body rendered (links, wikilinks, anchors, highlighting, sanitizing), then
/// relations, people and figures, and each page's bodies again with their
/// HTML. With `with_theme`, every page is also
/// rendered through the theme (slower; for a deeper, shorter run).
pub fn site(data: &[u8]) {
    site_with(data, false);
}

/// [`site`] plus rendering every page through the built-in theme.
pub fn site_rendered(data: &[u8]) {
    site_with(data, true);
}

fn site_with(data: &[u8], with_theme: bool) {
    let config = Config {
        raw_html: raw_html_mode(data),
        ..Config::default()
    };
    let fixed = [
        (
            "guides/setup.md",
            "---\ntitle: Setup\ntags: [rust]\n---\n## Install\n\n```rust\nfn main() {}\n```\n",
        ),
        (
            "events/meetup.md",
            "---\ntitle: Meetup\nstart: 2026-03-01T18:00:00\ntimezone: Europe/Berlin\n---\nSee [[setup#install]].\n",
        ),
        (
            "questions/q/a.md",
            "---\ndate: 2026-01-02\nauthor: A\naccepted: true\n---\nSee [setup](../../guides/setup.md).\n",
        ),
    ];
    let layout = crate::config::Layout::default();
    let mut entries: Vec<Entry> = fixed
        .iter()
        .filter_map(|(rel, text)| {
            parse_entry(
                format!("content/{rel}"),
                (*rel).to_string(),
                text.as_bytes().to_vec(),
                &layout,
            )
            .0
        })
        .collect();
    // A third of the inputs are read as MDX (`.mdx`: modules, comments,
    // components and heading ids in comments).
    let name = match data.len().is_multiple_of(3) {
        true => "questions/q/index.mdx",
        false => "questions/q/index.md",
    };
    if let Some(fuzzed) = parse_entry(
        format!("content/{name}"),
        name.to_string(),
        data.to_vec(),
        &layout,
    )
    .0
    {
        entries.push(fuzzed);
    }
    entries.sort_by(|a, b| a.rel.cmp(&b.rel));
    let diagnostics = Diagnostics::default();
    let build_time =
        jiff::Timestamp::from_second(1_780_000_000).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let missing = Path::new("/nonexistent/guildhall-fuzz");
    let theme = Theme::load(missing, &config, &diagnostics);
    let no_theme = ThemeIds::default();
    let theme_ids = theme.as_ref().map_or(&no_theme, |t| &t.ids);
    let callout_titles = theme.as_ref().map(|t| t.callout_titles(&config, &entries));
    let read = Read {
        config,
        entries,
        build_time,
        static_files: crate::site::StaticFiles::default(),
        callout_titles: callout_titles.unwrap_or_default(),
        theme_ids,
    };
    // Half the inputs take a large site's way: a first pass that keeps
    // each body's facts only, and each page rendering its bodies again
    // (texts made in memory are kept all the same).
    let release = data.get(1).is_some_and(|b| b % 2 == 1).then_some(Release {
        site_dir: missing,
        over: 0,
    });
    let loaded = relate(read, release, &diagnostics);
    if !with_theme {
        // Make each page's HTML, as its page would, highlighted and in
        // its feed's form.
        for page in loaded.site.page_ids() {
            for (_, body) in loaded.page_bodies(page) {
                let _ = (body.html(), body.html_plain_code());
            }
        }
        return;
    }
    if let Some(theme) = theme {
        write_site(
            &loaded,
            &theme,
            missing,
            &crate::output::Discard,
            &diagnostics,
            Scope::All,
            &mut None,
        );
    }
}

/// Lets the fuzzer reach all three raw HTML modes.
fn raw_html_mode(data: &[u8]) -> crate::config::RawHtml {
    match data.first().map(|b| b % 3) {
        Some(1) => crate::config::RawHtml::Allow,
        Some(2) => crate::config::RawHtml::Escape,
        _ => crate::config::RawHtml::Sanitize,
    }
}
