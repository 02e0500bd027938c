//! Publishing: every file of the site that is not a page rendered through
//! the templates: feeds, calendars, the sitemap, robots.txt and redirects,
//! `stats.json`, the highlighting stylesheet, the search index, and the
//! static files of the theme and the site.

pub mod calendar;
pub mod feeds;
pub mod search;
pub mod sitemap;

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::analysis::Loaded;
use crate::diagnostics::Diagnostics;
use crate::output::{OutputFile, Source};
use crate::render::lists::Listing;
use crate::render::theme::{self, StaticFile, Theme};
use crate::render::words::Words;
use crate::site::EntryId;
use crate::util::timing::{phase, timed};

/// The search records of every page by language, or none when search is
/// off.
pub fn search_records(loaded: &Loaded) -> Vec<search::LangRecords<'static>> {
    if loaded.site.config.search {
        timed("search records", || search::records(loaded))
    } else {
        Vec::new()
    }
}

/// The files made from every entry at once: sitemap, robots.txt, alias
/// redirects, feeds, calendars, `stats.json`, the search index (whose
/// documents `search` took in as the pages were written). Returns the
/// search index as written (`None` when search is off).
///
/// Each of these has parts that run on one thread (sorting a feed, a
/// tag's list of documents); made side by side, one's serial part
/// overlaps another's.
pub fn site_files(
    loaded: &Loaded,
    listings: &[Listing],
    search: search::Collector,
    words: &Words,
    write: &(dyn Fn(OutputFile) + Sync),
) -> Option<search::Indexes> {
    let site = &loaded.site;
    let index = || {
        timed("search index", || {
            site.config.search.then(|| search.finish(loaded, write))
        })
    };
    let feeds = || {
        feeds::files(loaded, words, None)
            .into_par_iter()
            .for_each(write)
    };
    let others = || {
        let mut files = sitemap::files(site, listings);
        files.extend(sitemap::alias_pages(site));
        files.extend(calendar::files(site));
        files.push(OutputFile::text("stats.json", loaded.stats.to_json()));
        files.push(OutputFile::text(
            "highlight.css",
            crate::markdown::highlight::stylesheet().to_string(),
        ));
        files.extend(diagram_files(loaded));
        files.into_par_iter().for_each(write);
    };
    rayon::join(index, || rayon::join(feeds, others)).0
}

/// Mermaid and its licence, when a page has a diagram (5 MB that sites
/// without diagrams need not carry).
fn diagram_files(loaded: &Loaded) -> Vec<OutputFile> {
    if !loaded.bodies.iter().flatten().any(|b| b.diagram) {
        return Vec::new();
    }
    vec![
        OutputFile {
            path: "mermaid.min.js".into(),
            source: Source::Bytes(theme::MERMAID.to_vec()),
        },
        OutputFile::text("mermaid.LICENSE.txt", theme::MERMAID_LICENSE.to_string()),
    ]
}

/// The files made from every entry that show the bodies of `pages`, after
/// edits that changed only bodies (no front matter, title, link or
/// summary): the feeds holding them, and the search index, updated in
/// place in `search` (or written whole when there is none yet). Sitemap,
/// calendars, redirects and figures do not read bodies.
pub fn patched_files(
    loaded: &Loaded,
    pages: &HashSet<EntryId>,
    words: &Words,
    write: &(dyn Fn(OutputFile) + Sync),
    remove: &dyn Fn(&str),
    search: &mut Option<search::Indexes>,
) {
    let site = &loaded.site;
    let shown: HashSet<EntryId> = pages
        .iter()
        .flat_map(|&page| std::iter::once(page).chain(site.answers[page].iter().copied()))
        .collect();
    timed("feeds", || {
        feeds::files(loaded, words, Some(&shown))
            .into_par_iter()
            .for_each(write)
    });
    if !site.config.search {
        return;
    }
    let changed = timed("search records", || search::records_of(loaded, pages));
    let started = std::time::Instant::now();
    if let Some(index) = search
        && index.update(changed, write, remove)
    {
        phase("search index update", started);
        return;
    }
    // No index to update: write it whole.
    let records = search::records(loaded);
    let index = search::Collector::new(&records).finish(loaded, write);
    if let Some(old) = search.as_ref() {
        let made = index.term_paths();
        for gone in old.term_paths().difference(&made) {
            remove(gone);
        }
    }
    *search = Some(index);
}

/// The theme's static files and the site's `static/` folder, copied as
/// they are.
pub fn static_files(
    theme: &Theme,
    site_dir: &Path,
    write: &dyn Fn(OutputFile),
    diagnostics: &Diagnostics,
) {
    for (path, file) in &theme.static_files {
        write(OutputFile {
            path: path.clone(),
            source: match file {
                StaticFile::Embedded(text) => Source::Bytes(text.as_bytes().to_vec()),
                StaticFile::Disk(path) => Source::Copy(path.clone()),
            },
        });
    }
    for (rel, path) in theme::files_under(&site_dir.join("static"), site_dir, diagnostics) {
        write(OutputFile {
            path: rel,
            source: Source::Copy(path),
        });
    }
}
