//! Writing a loaded site: its pages (`render`) and every other file
//! (`publish`) into a sink, in the order that keeps both cores busy.

use std::collections::HashSet;
use std::path::Path;

use crate::analysis::Loaded;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{OutputFile, Sink};
use crate::publish::{self, search};
use crate::render::{self, Pages, lists, theme::Theme};
use crate::site::EntryId;
use crate::util::timing::timed;

/// Which files a build writes.
#[derive(Clone, Copy)]
pub enum Scope<'a> {
    /// Every file.
    All,
    /// These entries' pages first, then the files made from every entry
    /// that show their bodies (feeds, search index) and the static files;
    /// not the lists, tags, people and stats pages. For a rebuild after
    /// edits that changed no entry's URL, title, front matter, links or
    /// summary: see `build::incremental`.
    Pages(&'a HashSet<EntryId>),
    /// Only the static files (the theme's and the site's).
    Static,
}

/// Writes the files of the site that `scope` names into `sink` (pages
/// stream out as they render, in parallel). Template and write errors are
/// pushed to `diagnostics`. Returns how many pages went through templates.
///
/// `search` is the search index as last written: updated in place for
/// [`Scope::Pages`], made afresh for [`Scope::All`] (or set to `None` when
/// search is off).
pub fn write_site(
    loaded: &Loaded,
    theme: &Theme,
    site_dir: &Path,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
    scope: Scope,
    search: &mut Option<search::Indexes>,
) -> usize {
    let report = |path: &str, result: std::io::Result<()>| {
        if let Err(e) = result {
            diagnostics.push(Diagnostic::error(
                sink.place(path),
                format!("cannot write the output: {e}"),
            ));
        }
    };
    let write = |file: OutputFile| report(&file.path, sink.write(&file));
    let mut pages = 0;
    match scope {
        Scope::Pages(ids) => {
            let tera = render::templates(theme, &loaded.site);
            let entries = Pages::Entries(ids);
            pages = render::render_pages(loaded, &tera, entries, &write, &|_, _| {}, diagnostics);
            let remove = |path: &str| report(path, sink.remove(path));
            timed("feeds and search index", || {
                publish::patched_files(loaded, ids, &tera.words, &write, &remove, search)
            });
        }
        Scope::All => {
            let tera = render::templates(theme, &loaded.site);
            // The search page lists the tags of the records; the sitemap
            // lists the list pages.
            let (records, listings) = rayon::join(
                || publish::search_records(loaded),
                || lists::listings(&loaded.site),
            );
            let search_pages: std::collections::BTreeMap<String, tera::Value> = records
                .iter()
                .map(|g| (g.lang.clone(), search::page_value(&g.records)))
                .collect();
            // Each page's text goes to the search index as it is written.
            let collector = search::Collector::new(&records);
            let index_page = |id, parts: &_| collector.add(id, parts, &write);
            let all = Pages::All(&listings, &search_pages);
            pages = render::render_pages(loaded, &tera, all, &write, &index_page, diagnostics);
            *search = timed("feeds, calendars, sitemap, search index", || {
                publish::site_files(loaded, &listings, collector, &tera.words, &write)
            });
        }
        Scope::Static => {}
    }
    publish::static_files(theme, site_dir, &write, diagnostics);
    pages
}
